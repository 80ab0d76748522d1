//! Gated datasheet downloads over real sockets.

use crate::common;

use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn api_datasheet_link_downloads_a_pdf_with_ranges() {
    let t = common::start(&[]).await;
    let c = common::client();
    let res = c
        .post(t.url("/api/datasheet/request"))
        .json(
            &json!({"firstName": "Sara", "lastName": "Ali", "email": "sara@example.com",
                      "phone": "01001234567", "company": "Plant", "country": "Egypt",
                      "datasheetSlug": "Chlorine Line ball Valve"}),
        )
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.expect("json");
    let url = v["downloadUrl"].as_str().expect("downloadUrl");
    assert!(url.starts_with("/api/datasheet/download/"), "{url}");

    // Browsers always offer gzip; the PDF must still come whole and rangeable.
    let res = c
        .get(t.url(url))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert!(!h.contains_key("content-encoding"));
    assert_eq!(h["accept-ranges"], "bytes");
    assert!(
        h["content-disposition"]
            .to_str()
            .expect("ascii")
            .contains("filename=\"ChloroMaster Line ball Valve C.S.pdf\"")
    );
    let pdf = res.bytes().await.expect("body");
    assert!(pdf.starts_with(b"%PDF-"));

    let res = c
        .get(t.url(url))
        .header("range", "bytes=-5")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(&res.bytes().await.expect("body")[..], &pdf[pdf.len() - 5..]);

    let res = c
        .get(t.url(&format!("/api/datasheet/download/{}", "ab".repeat(16))))
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.json::<Value>().await.expect("json")["message"].is_string());

    let res = c
        .post(t.url("/api/datasheet/request"))
        .json(
            &json!({"firstName": "Sara", "email": "sara@example.com", "phone": "01001234567",
                      "datasheetSlug": "Unknown Sheet"}),
        )
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
