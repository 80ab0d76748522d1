//! Handler-level tests: the real router over a real database in a temporary
//! directory, driven with `oneshot` (no sockets; the black-box tests in
//! `tests/` cover those).

use std::net::IpAddr;
use std::time::Duration;

use axum::body::{Body, Bytes};
use http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::*;
use crate::config::Config;
use crate::edge::ClientIp;

struct Harness {
    dir: tempfile::TempDir,
    db: Db,
    app: Router,
}

fn harness(vars: &[(&str, &str)]) -> Harness {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = Config::from_vars(vars.iter().copied()).expect("config");
    let db = Db::open(dir.path()).expect("open db");
    let app = router(ApiState::new(db.clone(), &config));
    Harness { dir, db, app }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
}

const IP: &str = "203.0.113.50";

impl Harness {
    async fn send(&self, req: Request<Body>) -> Reply {
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

    async fn post(&self, path: &str, body: Value) -> Reply {
        self.post_from(path, body, IP).await
    }

    async fn post_from(&self, path: &str, body: Value, ip: &str) -> Reply {
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

    async fn get(&self, path: &str) -> Reply {
        self.get_with(path, &[]).await
    }

    async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::builder().uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }
}

fn valid_contact() -> Value {
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

fn assert_error_shape(r: &Reply, status: StatusCode) -> Value {
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
