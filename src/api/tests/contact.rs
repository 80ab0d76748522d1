//! The contact form and the JSON body rules.

use axum::body::Body;
use http::{Method, Request, StatusCode, header};
use serde_json::json;

use super::*;

#[tokio::test]
async fn api_contact_is_stored_and_returned_with_201() {
    let h = harness(&[]);
    let r = h.post("/contact", valid_contact()).await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let v = r.json();
    assert_eq!(v["id"], 1);
    assert_eq!(v["firstName"], "Mona");
    assert_eq!(v["email"], "mona@example.com");
    assert_eq!(v["isRead"], false);
    assert!(
        v["submittedAt"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z') && t.contains('T'))
    );
    assert!(
        v.get("ipAddress").is_none(),
        "the public answer does not echo the IP"
    );
    let stored = h.db.contact(1).await.expect("read").expect("stored");
    assert_eq!(stored.company, "Water Co");
    assert!(stored.receive_emails);
    assert_eq!(stored.ip_address, Some(IP.parse().expect("ip")));
    assert!(stored.user_agent.contains("Firefox"));
    assert!(!stored.is_read);
}

#[tokio::test]
async fn api_contact_accepts_the_old_spellings() {
    let h = harness(&[]);
    let r = h
        .post(
            "/contact",
            json!({"lastName": "  Only Last  ", "email": "x@example.org", "phone": "0100 123 4567",
                   "message": "hi", "market": "Food", "subscribe": "true"}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let stored = h.db.contact(1).await.expect("read").expect("stored");
    assert_eq!(stored.last_name, "Only Last", "trimmed");
    assert_eq!(stored.industry, "Food");
    assert!(stored.receive_emails);
}

#[tokio::test]
async fn api_contact_validation_reports_every_field() {
    let h = harness(&[]);
    let v = assert_error_shape(
        &h.post("/contact", json!({})).await,
        StatusCode::BAD_REQUEST,
    );
    let errors = v["errors"].as_object().expect("errors");
    for field in ["firstName", "email", "phone", "message"] {
        assert!(errors.contains_key(field), "{field} missing in {v}");
    }

    let mut bad = valid_contact();
    bad["email"] = json!("not-an-address");
    let v = assert_error_shape(&h.post("/contact", bad).await, StatusCode::BAD_REQUEST);
    assert!(v["errors"]["email"].is_string());

    for (field, max) in [
        ("firstName", 100),
        ("lastName", 100),
        ("phone", 32),
        ("company", 200),
        ("industry", 100),
        ("country", 100),
        ("postalCode", 20),
        ("message", 5000),
    ] {
        let mut body = valid_contact();
        body[field] = json!("1".repeat(max));
        if field != "phone" {
            assert_eq!(
                h.post("/contact", body.clone()).await.status,
                StatusCode::CREATED,
                "{field} at its limit"
            );
        }
        body[field] = json!("1".repeat(max + 1));
        let v = assert_error_shape(&h.post("/contact", body).await, StatusCode::BAD_REQUEST);
        assert!(
            v["errors"][field]
                .as_str()
                .is_some_and(|m| m.contains("at most")),
            "{field}: {v}"
        );
    }
    let mut long_email = valid_contact();
    long_email["email"] = json!(format!("{}@example.com", "a".repeat(250)));
    assert_error_shape(
        &h.post("/contact", long_email).await,
        StatusCode::BAD_REQUEST,
    );

    let mut wrong_type = valid_contact();
    wrong_type["firstName"] = json!(5);
    let v = assert_error_shape(
        &h.post("/contact", wrong_type).await,
        StatusCode::BAD_REQUEST,
    );
    assert!(v["errors"]["firstName"].is_string(), "{v}");
}

#[tokio::test]
async fn api_markup_is_stored_as_text() {
    let h = harness(&[]);
    let mut body = valid_contact();
    body["message"] = json!("<script>alert(1)</script>");
    let r = h.post("/contact", body).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["message"], "<script>alert(1)</script>");
    assert_eq!(
        h.db.contact(1)
            .await
            .expect("read")
            .expect("stored")
            .message,
        "<script>alert(1)</script>"
    );
}

#[tokio::test]
async fn api_json_rejections_use_the_error_shape() {
    let h = harness(&[("CHLORO_MAX_JSON_BODY", "1kb")]);
    let req = |ct: Option<&str>, body: String| {
        let mut b = Request::builder().method(Method::POST).uri("/contact");
        if let Some(ct) = ct {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        b.body(Body::from(body)).expect("request")
    };
    let r = h.send(req(None, valid_contact().to_string())).await;
    assert_error_shape(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = h
        .send(req(Some("text/plain"), valid_contact().to_string()))
        .await;
    assert_error_shape(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = h
        .send(req(Some("application/json"), "{\"firstName\": ".into()))
        .await;
    assert_error_shape(&r, StatusCode::BAD_REQUEST);
    let r = h.send(req(Some("application/json"), "[1, 2]".into())).await;
    assert_error_shape(&r, StatusCode::BAD_REQUEST);
    let r = h
        .send(req(
            Some("application/json; charset=utf-8"),
            format!("{{\"message\": \"{}\"}}", "x".repeat(2000)),
        ))
        .await;
    assert_error_shape(&r, StatusCode::PAYLOAD_TOO_LARGE);
    // Nothing of the rejected requests was stored.
    assert_eq!(h.db.contact_counts().await.expect("counts"), (0, 0));
}

#[tokio::test]
async fn api_contact_limit_per_ip_gives_429() {
    let h = harness(&[("CHLORO_CONTACT_LIMIT_PER_HOUR", "2")]);
    for _ in 0..2 {
        assert_eq!(
            h.post("/contact", valid_contact()).await.status,
            StatusCode::CREATED
        );
    }
    let r = h.post("/contact", valid_contact()).await;
    assert_error_shape(&r, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = r.headers[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("secs");
    assert!((3500..=3600).contains(&retry), "{retry}");
    // Invalid submissions do not use up the allowance of another address.
    assert_eq!(
        h.post_from("/contact", json!({}), "198.51.100.1")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        h.post_from("/contact", valid_contact(), "198.51.100.1")
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(h.db.contact_counts().await.expect("counts").0, 3);
}
