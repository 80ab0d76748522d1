//! The contact form over real sockets, through the whole edge: acknowledged
//! submissions are in the database, bad input gets the JSON error shape and
//! never a 5xx, parallel submissions all land with unique ids.

use crate::common;

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

/// Generous edge rate limits so that only the API's own rules are tested.
const UNLIMITED: &[(&str, &str)] = &[
    ("CHLORO_RATE_API", "100000"),
    ("CHLORO_RATE_API_BURST", "100000"),
];

fn contact(n: usize) -> Value {
    json!({
        "firstName": format!("Visitor {n}"),
        "lastName": "Test",
        "email": format!("visitor{n}@example.com"),
        "phone": "+20 100 123 4567",
        "message": "Please send a quote.",
        "market": "Water",
        "subscribe": true
    })
}

#[tokio::test]
async fn api_contact_201_is_stored() {
    let t = common::start(UNLIMITED).await;
    let res = common::client()
        .post(t.url("/api/contact"))
        .json(&contact(1))
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.expect("json");
    let id = body["id"].as_u64().expect("id");
    assert_eq!(body["firstName"], "Visitor 1");
    assert_eq!(body["industry"], "Water", "old spelling `market` accepted");
    assert_eq!(
        body["receiveEmails"], true,
        "old spelling `subscribe` accepted"
    );
    let stored = t.app.db().contact(id).await.expect("read").expect("stored");
    assert_eq!(stored.email, "visitor1@example.com");
    assert_eq!(stored.ip_address, Some("127.0.0.1".parse().expect("ip")));
}

#[tokio::test]
async fn api_contact_bad_input_gets_json_errors_and_never_a_5xx() {
    let t = common::start(UNLIMITED).await;
    let c = common::client();
    let cases: Vec<(&str, Vec<u8>, StatusCode)> = vec![
        ("application/json", b"{}".to_vec(), StatusCode::BAD_REQUEST),
        ("application/json", b"{".to_vec(), StatusCode::BAD_REQUEST),
        ("application/json", b"".to_vec(), StatusCode::BAD_REQUEST),
        (
            "application/json",
            b"null".to_vec(),
            StatusCode::BAD_REQUEST,
        ),
        ("application/json", b"[]".to_vec(), StatusCode::BAD_REQUEST),
        (
            "application/json",
            b"\"text\"".to_vec(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "application/json",
            br#"{"firstName": 1}"#.to_vec(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "application/json",
            br#"{"receiveEmails": "maybe"}"#.to_vec(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "application/json",
            vec![0xff, 0xfe, 0x00],
            StatusCode::BAD_REQUEST,
        ),
        (
            "application/json",
            br#"{"email": "a@b.co", "message": "\u0000"}"#.to_vec(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "text/plain",
            contact(1).to_string().into_bytes(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "application/x-www-form-urlencoded",
            b"firstName=a".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ];
    for (ct, body, expected) in cases {
        let res = c
            .post(t.url("/api/contact"))
            .header("content-type", ct)
            .body(body.clone())
            .send()
            .await
            .expect("POST");
        assert_eq!(
            res.status(),
            expected,
            "{ct} {:?}",
            String::from_utf8_lossy(&body)
        );
        assert_eq!(res.headers()["content-type"], "application/json");
        let v: Value = res.json().await.expect("json");
        assert!(v["message"].is_string(), "{v}");
    }
    let v: Value = c
        .post(t.url("/api/contact"))
        .json(&json!({}))
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("json");
    for field in ["firstName", "email", "phone", "message"] {
        assert!(v["errors"][field].is_string(), "{field}: {v}");
    }
    // Too large for CHLORO_MAX_JSON_BODY (64 KiB by default).
    let mut huge = contact(1);
    huge["message"] = json!("x".repeat(100_000));
    let res = c
        .post(t.url("/api/contact"))
        .json(&huge)
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Mangled variants of a valid body never give a server error.
    let valid = contact(1).to_string().into_bytes();
    for i in 0..valid.len() {
        let mut bytes = valid.clone();
        let junk = b"{}[]\":,\\x0 ";
        bytes[i] = junk[i % junk.len()];
        let res = c
            .post(t.url("/api/contact"))
            .header("content-type", "application/json")
            .body(bytes)
            .send()
            .await
            .expect("POST");
        assert!(
            !res.status().is_server_error(),
            "byte {i}: {}",
            res.status()
        );
    }
}

#[tokio::test]
async fn api_contact_hourly_limit_per_ip_is_429() {
    let mut vars = UNLIMITED.to_vec();
    vars.push(("CHLORO_CONTACT_LIMIT_PER_HOUR", "3"));
    let t = common::start(&vars).await;
    let c = common::client();
    for n in 0..3 {
        let res = c
            .post(t.url("/api/contact"))
            .json(&contact(n))
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = c
        .post(t.url("/api/contact"))
        .json(&contact(4))
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    let v: Value = res.json().await.expect("json");
    assert!(v["message"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_parallel_submissions_are_all_acknowledged_and_present() {
    let mut vars = UNLIMITED.to_vec();
    vars.push(("CHLORO_CONTACT_LIMIT_PER_HOUR", "0"));
    // 200 visitors at once, all from the one loopback address.
    vars.push(("CHLORO_MAX_CONNECTIONS_PER_IP", "1000"));
    let t = common::start(&vars).await;
    let c = common::client();
    let n = 200;
    let posts: Vec<_> = (0..n)
        .map(|i| {
            let c = c.clone();
            let url = t.url("/api/contact");
            tokio::spawn(async move {
                let res = c.post(url).json(&contact(i)).send().await.expect("POST");
                assert_eq!(res.status(), StatusCode::CREATED);
                let v: Value = res.json().await.expect("json");
                v["id"].as_u64().expect("id")
            })
        })
        .collect();
    let mut ids = HashSet::new();
    for p in posts {
        assert!(ids.insert(p.await.expect("task")), "duplicate id");
    }
    assert_eq!(ids.len(), n);
    let db = t.app.db();
    for id in &ids {
        assert!(
            db.contact(*id).await.expect("read").is_some(),
            "{id} missing"
        );
    }
    let stats = db.stats();
    let commits = stats.commits.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        commits < n as u64,
        "{commits} commits for {n} writes: not grouped"
    );
}

#[tokio::test]
async fn api_contact_hourly_limit_survives_a_restart() {
    let mut vars = UNLIMITED.to_vec();
    vars.push(("CHLORO_CONTACT_LIMIT_PER_HOUR", "2"));
    let t = common::start(&vars).await;
    let c = common::client();
    for n in 0..2 {
        let res = c
            .post(t.url("/api/contact"))
            .json(&contact(n))
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    // Stopped gracefully: the final cache snapshot holds the counts.
    let dir = t.data_dir;
    t.app.shutdown().await;
    let mut all = common::base_vars(dir.path());
    for (k, v) in &vars {
        all.push(((*k).to_owned(), (*v).to_owned()));
    }
    let app = chloromaster::app::App::start(
        chloromaster::config::Config::from_vars(all).expect("config"),
    )
    .await
    .expect("restarts");
    let res = c
        .post(format!("http://{}/api/contact", app.http_addr()))
        .json(&contact(3))
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let keys = app
        .store()
        .keys(chloromaster::cache::DB_LIMITS, &Default::default());
    assert_eq!(keys.len(), 1, "one counter, for 127.0.0.1");
    app.shutdown().await;
}
