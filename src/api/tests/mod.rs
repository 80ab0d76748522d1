//! Handler-level tests: the real router over a real database in a temporary
//! directory, driven with `oneshot` (no sockets; the black-box tests in
//! `tests/` cover those).

use std::net::IpAddr;

use axum::body::{Body, Bytes};
use http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::*;

mod catalogue;
mod contact;
mod datasheet;
mod pagevisit;
mod response_cache;
use crate::config::Config;
use crate::http::ClientIp;

pub(super) struct Harness {
    pub dir: tempfile::TempDir,
    pub db: Db,
    pub app: Router,
}

pub(super) fn harness(vars: &[(&str, &str)]) -> Harness {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = Config::from_vars(vars.iter().copied()).expect("config");
    let db = Db::open(dir.path()).expect("open db");
    let app = router(ApiState::new(db.clone(), &config));
    Harness { dir, db, app }
}

pub(super) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
}

pub(super) const IP: &str = "203.0.113.50";

impl Harness {
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.app.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.post_from(path, body, IP).await
    }

    pub async fn post_from(&self, path: &str, body: Value, ip: &str) -> Reply {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(
                header::USER_AGENT,
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            )
            .body(Body::from(body.to_string()))
            .expect("request");
        req.extensions_mut()
            .insert(ClientIp(ip.parse::<IpAddr>().expect("ip")));
        self.send(req).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::builder().uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }
}

pub(super) fn valid_contact() -> Value {
    json!({
        "firstName": "Mona",
        "lastName": "Hassan",
        "email": "mona@example.com",
        "phone": "+20 100 123 4567",
        "company": "Water Co",
        "industry": "Water treatment",
        "country": "Egypt",
        "postalCode": "12511",
        "message": "We need a chlorinator.",
        "receiveEmails": true
    })
}

pub(super) fn assert_error_shape(r: &Reply, status: StatusCode) -> Value {
    assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let v = r.json();
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    v
}
