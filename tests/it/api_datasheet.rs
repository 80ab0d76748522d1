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

    // The same range rules as the site's files (`chloromaster::http`): a
    // sign is not a digit, several ranges get the whole file, nothing
    // satisfiable is a 416, and only the strong tag keeps a range.
    let etag = res_etag(&c, &t.url(url)).await;
    for (range, if_range, status) in [
        ("bytes=+5-", None, StatusCode::OK),
        ("bytes=-+5", None, StatusCode::OK),
        ("bytes=0-1,5-6", None, StatusCode::OK),
        ("bytes=9-1", None, StatusCode::OK),
        ("bytes=0-9", Some(etag.clone()), StatusCode::PARTIAL_CONTENT),
        ("bytes=0-9", Some(format!("W/{etag}")), StatusCode::OK),
        ("bytes=99999999-", None, StatusCode::RANGE_NOT_SATISFIABLE),
    ] {
        let mut req = c.get(t.url(url)).header("range", range);
        if let Some(v) = &if_range {
            req = req.header("if-range", v);
        }
        let res = req.send().await.expect("GET");
        assert_eq!(res.status(), status, "{range} {if_range:?}");
        match status {
            StatusCode::OK => assert_eq!(res.bytes().await.expect("body"), pdf),
            StatusCode::PARTIAL_CONTENT => {
                assert_eq!(
                    res.headers()["content-range"],
                    format!("bytes 0-9/{}", pdf.len())
                );
                assert_eq!(&res.bytes().await.expect("body")[..], &pdf[..10]);
            }
            _ => assert_eq!(
                res.headers()["content-range"],
                format!("bytes */{}", pdf.len())
            ),
        }
    }

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

async fn res_etag(c: &reqwest::Client, url: &str) -> String {
    let res = c.get(url).send().await.expect("GET");
    res.headers()["etag"].to_str().expect("ascii").to_owned()
}
