//! The catalogue, readiness and the beacon over real sockets.

use crate::common;

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn api_catalogue_is_seeded_and_served() {
    let t = common::start(&[]).await;
    let c = common::client();
    let get = |path: &'static str| {
        let c = c.clone();
        let url = t.url(path);
        async move {
            let res = c.get(url).send().await.expect("GET");
            (res.status(), res.json::<Value>().await.expect("json"))
        }
    };
    let (status, services) = get("/api/services").await;
    assert_eq!(status, StatusCode::OK);
    let slugs: Vec<&str> = services
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["slug"].as_str())
        .collect();
    assert_eq!(
        slugs,
        [
            "chlorine-system-solutions",
            "systems-installation-commissioning"
        ]
    );
    let (_, products) = get("/api/products?service=chlorine-system-solutions").await;
    assert_eq!(products.as_array().map(Vec::len), Some(18));
    let (_, projects) = get("/api/products?service=systems-installation-commissioning").await;
    assert_eq!(projects.as_array().map(Vec::len), Some(12));
    let (status, p) = get("/api/products/gas-container-change-over-unit").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p["datasheet"], "ChloroMaster Change Over Unit (Ch.U 05)");
    assert!(p["nameAr"].as_str().is_some_and(|n| !n.is_ascii()));
    let (status, v) = get("/api/products/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(v["message"].is_string());
    let (status, s) = get("/api/services/chlorine-system-solutions").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(s["titleAr"], "حلول أنظمة الكلور");
    let (_, cats) = get("/api/services/categories").await;
    assert_eq!(cats, json!(["chlorination", "installation"]));
}

#[tokio::test]
async fn api_readiness_reports_the_database() {
    let t = common::start(&[]).await;
    let res = common::client()
        .get(t.url("/health/ready"))
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["components"]["database"]["status"], "ok", "{body}");
}

#[tokio::test]
async fn api_pagevisits_are_204_and_flushed_within_a_second() {
    let t = common::start(&[]).await;
    let c = common::client();
    for page in ["/", "/products", "/contact"] {
        let res = c
            .post(t.url("/api/pagevisit"))
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            )
            .json(&json!({"pageUrl": page, "pageTitle": "T", "referrer": "", "sessionDuration": 3}))
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let day = chloromaster::db::Timestamp::now().day();
    let visits = t.app.db().visits_on_day(day).await.expect("read");
    assert_eq!(visits.len(), 3);
    assert!(visits.iter().all(|v| v.visitor == visits[0].visitor));
}

#[tokio::test]
async fn api_openapi_document_is_served() {
    let t = common::start(&[]).await;
    let res = common::client()
        .get(t.url("/api/openapi.json"))
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/json");
    let doc: Value = res.json().await.expect("json");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    assert!(doc["paths"]["/api/contact"]["post"].is_object());
}
