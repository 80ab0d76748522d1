//! The catalogue, unknown paths, failures and readiness.

use crate::config::Config;

use http::StatusCode;
use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn api_catalogue_endpoints() {
    let h = harness(&[]);
    let services = h.get("/services").await.json();
    let services = services.as_array().expect("array");
    assert_eq!(services.len(), 2);
    for key in [
        "id",
        "slug",
        "titleEn",
        "titleAr",
        "descriptionEn",
        "descriptionAr",
        "icon",
        "category",
        "isActive",
        "displayOrder",
    ] {
        assert!(services[0].get(key).is_some(), "{key}");
    }
    assert_eq!(
        h.get("/services/1").await.json()["slug"],
        "chlorine-system-solutions"
    );
    assert_eq!(
        h.get("/services/systems-installation-commissioning")
            .await
            .json()["titleEn"],
        "Systems Installation and Commissioning"
    );
    assert_error_shape(&h.get("/services/nope").await, StatusCode::NOT_FOUND);
    assert_error_shape(&h.get("/services/999").await, StatusCode::NOT_FOUND);
    assert_eq!(
        h.get("/services/categories").await.json(),
        json!(["chlorination", "installation"])
    );
    let inst = h.get("/services/category/installation").await.json();
    assert_eq!(inst.as_array().map(Vec::len), Some(1));
    assert_eq!(h.get("/services/category/none").await.json(), json!([]));

    let all = h.get("/products").await.json();
    assert_eq!(all.as_array().map(Vec::len), Some(30));
    let chlorine = h
        .get("/products?service=chlorine-system-solutions")
        .await
        .json();
    assert_eq!(chlorine.as_array().map(Vec::len), Some(18));
    let kit = h.get("/products/emergency-kit").await.json();
    assert_eq!(kit["datasheet"], "ChloroMaster Emergency Kit");
    assert_eq!(kit["serviceSlug"], "chlorine-system-solutions");
    assert!(kit["images"].is_array());
    for key in [
        "slug",
        "serviceSlug",
        "nameEn",
        "nameAr",
        "descriptionEn",
        "descriptionAr",
        "datasheet",
        "images",
    ] {
        assert!(kit.get(key).is_some(), "{key}");
    }
    assert_eq!(
        h.get("/products/minya-chlorine-systems").await.json()["datasheet"],
        Value::Null
    );
    assert_error_shape(&h.get("/products/nope").await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_unknown_paths_and_methods_are_json_errors() {
    let h = harness(&[]);
    assert_error_shape(&h.get("/nope").await, StatusCode::NOT_FOUND);
    assert_error_shape(&h.get("/contact").await, StatusCode::METHOD_NOT_ALLOWED);
    assert_error_shape(
        &h.post("/services", json!({})).await,
        StatusCode::METHOD_NOT_ALLOWED,
    );
}

#[tokio::test]
async fn api_write_failure_is_503_json_and_reads_still_work() {
    let h = harness(&[]);
    let state_check = h.get("/services").await;
    assert_eq!(state_check.status, StatusCode::OK);
    h.db.close().await;
    let v = assert_error_shape(
        &h.post("/contact", valid_contact()).await,
        StatusCode::SERVICE_UNAVAILABLE,
    );
    assert!(
        !v["message"]
            .as_str()
            .unwrap_or_default()
            .contains("database"),
        "generic message: {v}"
    );
    assert_eq!(
        h.get("/services").await.status,
        StatusCode::OK,
        "reads keep working"
    );
}

#[tokio::test]
async fn api_readiness_checks_the_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = Config::from_vars([("CHLORO_DATA_DIR", dir.path().to_str().expect("utf8"))])
        .expect("config");
    let db = Db::open(&config.data_dir).expect("open");
    let state = ApiState::new(db.clone(), &config);
    readiness(&state).await.expect("ready");
    db.close().await;
    assert!(readiness(&state).await.is_err());
}
