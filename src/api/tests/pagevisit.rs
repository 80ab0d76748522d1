//! The analytics beacon.

use crate::http::ClientIp;

use axum::body::Body;
use http::{Method, Request, StatusCode, header};
use serde_json::json;

use super::*;

#[tokio::test]
async fn api_pagevisit_is_204_buffered_and_stores_no_ip() {
    let h = harness(&[]);
    let r = h
        .post("/pagevisit", json!({"pageUrl": "/products", "pageTitle": "Products", "referrer": "https://www.google.com/search?q=mona", "sessionDuration": 42}))
        .await;
    assert_eq!(
        r.status,
        StatusCode::NO_CONTENT,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    assert!(r.body.is_empty());
    assert_eq!(
        h.post(
            "/pagevisit",
            json!({"page": "/about", "referrer": "", "userAgent": "ignored"})
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    // navigator.sendBeacon with a string sends text/plain.
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/pagevisit")
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
        .header(
            header::USER_AGENT,
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148 Safari/604.1",
        )
        .body(Body::from(r#"{"pageUrl": "/"}"#))
        .expect("request");
    req.extensions_mut()
        .insert(ClientIp(IP.parse().expect("ip")));
    assert_eq!(h.send(req).await.status, StatusCode::NO_CONTENT);
    // A crawler is answered but not counted.
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/pagevisit")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "Googlebot/2.1")
        .body(Body::from(r#"{"pageUrl": "/"}"#))
        .expect("request");
    req.extensions_mut()
        .insert(ClientIp(IP.parse().expect("ip")));
    assert_eq!(h.send(req).await.status, StatusCode::NO_CONTENT);
    assert_error_shape(
        &h.post("/pagevisit", json!({"pageTitle": "no page"})).await,
        StatusCode::BAD_REQUEST,
    );

    h.db.close().await;
    let visits =
        h.db.visits_on_day(crate::db::Timestamp::now().day())
            .await
            .expect("read");
    assert_eq!(visits.len(), 3);
    let first = &visits[0];
    assert_eq!(first.page_url, "/products");
    assert_eq!(
        first.referrer, "https://www.google.com/search",
        "query string dropped"
    );
    assert_eq!(first.session_duration_secs, Some(42));
    assert_eq!(
        (first.device.as_str(), first.browser.as_str()),
        ("desktop", "Firefox")
    );
    assert_eq!(visits[2].device, "mobile");
    assert_eq!(
        visits[0].visitor, visits[1].visitor,
        "same visitor on the same day"
    );
    assert_ne!(visits[0].visitor, visits[2].visitor);
    let raw = std::fs::read(h.dir.path().join(crate::db::FILE_NAME)).expect("file");
    let ip_text = IP.as_bytes();
    assert!(
        !raw.windows(ip_text.len()).any(|w| w == ip_text),
        "no raw IP text in the file"
    );
}
