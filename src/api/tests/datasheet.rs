//! Datasheet requests and downloads.

use std::time::Duration;

use http::{StatusCode, header};
use serde_json::json;

use super::*;

#[tokio::test]
async fn api_datasheet_request_and_download() {
    let h = harness(&[]);
    let body = json!({"firstName": "Omar", "email": "omar@example.com", "phone": "01001234567",
                      "company": "Utility", "country": "Egypt",
                      "datasheetSlug": "ChloroMaster Emergency Kit"});
    let r = h.post("/datasheet/request", body).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let url = r.json()["downloadUrl"].as_str().expect("url").to_owned();
    let token = url
        .strip_prefix("/api/datasheet/download/")
        .expect("same-origin relative URL");
    assert_eq!(token.len(), 32, "128 bits");
    assert!(h.db.datasheet_request(1).await.expect("read").is_some());

    let path = format!("/datasheet/download/{token}");
    let r = h.get(&path).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/pdf");
    let disposition = r.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii");
    assert!(
        disposition.starts_with("attachment; filename=\"ChloroMaster Emergency Kit.pdf\""),
        "{disposition}"
    );
    assert!(r.body.starts_with(b"%PDF-"));
    assert_eq!(r.headers[header::ACCEPT_RANGES], "bytes");
    assert!(
        r.headers[header::CACHE_CONTROL]
            .to_str()
            .expect("ascii")
            .contains("no-store")
    );
    let full = r.body.clone();

    let r = h.get_with(&path, &[("range", "bytes=0-7")]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(&r.body[..], &full[..8]);
    assert_eq!(
        r.headers[header::CONTENT_RANGE],
        format!("bytes 0-7/{}", full.len()).as_str()
    );
    let r = h
        .get_with(&path, &[("range", &format!("bytes={}-", full.len()))])
        .await;
    assert_eq!(r.status, StatusCode::RANGE_NOT_SATISFIABLE);
    let r = h
        .get_with(&path, &[("range", "bytes=0-7"), ("if-range", "\"other\"")])
        .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "a stale If-Range gets the whole file"
    );

    assert_error_shape(
        &h.get(&format!("/datasheet/download/{}", "0".repeat(32)))
            .await,
        StatusCode::NOT_FOUND,
    );
    assert_error_shape(
        &h.get("/datasheet/download/short").await,
        StatusCode::NOT_FOUND,
    );
}

#[tokio::test]
async fn api_datasheet_names_slugs_and_aliases() {
    let h = harness(&[]);
    let ask = |name: &str| json!({"firstName": "A", "email": "a@example.com", "phone": "01001234567", "datasheetSlug": name});
    for name in [
        "emergency-kit",
        "Chlorine Line ball Valve",
        "Neutralization Media",
        "ChloroMaster Liquid Trap",
    ] {
        assert_eq!(
            h.post("/datasheet/request", ask(name)).await.status,
            StatusCode::OK,
            "{name}"
        );
    }
    assert_error_shape(
        &h.post("/datasheet/request", ask("No Such Sheet")).await,
        StatusCode::NOT_FOUND,
    );
    assert_error_shape(
        &h.post("/datasheet/request", ask("palm-hills-water-tank"))
            .await,
        StatusCode::NOT_FOUND,
    );
    let v = assert_error_shape(
        &h.post("/datasheet/request", json!({})).await,
        StatusCode::BAD_REQUEST,
    );
    for field in ["firstName", "email", "phone", "datasheetSlug"] {
        assert!(v["errors"][field].is_string(), "{field}: {v}");
    }
}

#[tokio::test]
async fn api_expired_download_link_is_410() {
    let h = harness(&[("CHLORO_DATASHEET_TOKEN_TTL", "1s")]);
    let body = json!({"firstName": "A", "email": "a@example.com", "phone": "01001234567", "datasheetSlug": "rupture-disc"});
    let url = h.post("/datasheet/request", body).await.json()["downloadUrl"]
        .as_str()
        .expect("url")
        .to_owned();
    let path = url.trim_start_matches("/api");
    assert_eq!(h.get(path).await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_error_shape(&h.get(path).await, StatusCode::GONE);
}

#[tokio::test]
async fn api_datasheets_come_from_the_configured_directory() {
    let sheets = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        sheets.path().join("ChloroMaster Emergency Kit.pdf"),
        b"%PDF-1.7 real one",
    )
    .expect("write");
    let h = harness(&[(
        "CHLORO_DATASHEETS_DIR",
        sheets.path().to_str().expect("utf8"),
    )]);
    let ask = |name: &str| json!({"firstName": "A", "email": "a@example.com", "phone": "01001234567", "datasheetSlug": name});
    let url = h
        .post("/datasheet/request", ask("emergency-kit"))
        .await
        .json()["downloadUrl"]
        .as_str()
        .expect("url")
        .to_owned();
    let r = h.get(url.trim_start_matches("/api")).await;
    assert_eq!(&r.body[..], b"%PDF-1.7 real one");
    let url = h
        .post("/datasheet/request", ask("rupture-disc"))
        .await
        .json()["downloadUrl"]
        .as_str()
        .expect("url")
        .to_owned();
    assert_error_shape(
        &h.get(url.trim_start_matches("/api")).await,
        StatusCode::NOT_FOUND,
    );
}
