//! The HTTP edge over real sockets: security headers, request ids, health,
//! API 404s, rate limits, body/header limits, timeouts, HTTP/2.

use crate::common;

use std::time::Duration;

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let t = common::start(&[
        ("CHLORO_RATE_GENERAL", "1"),
        ("CHLORO_RATE_GENERAL_BURST", "2"),
    ])
    .await;
    let c = common::client();
    let mut seen = Vec::new();
    for path in ["/", "/api/nope", "/missing.css", "/", "/"] {
        let res = c.get(t.url(path)).send().await.expect("GET");
        seen.push(res.status());
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().expect("ascii");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        assert!(h.contains_key("permissions-policy"));
        assert!(
            !h.contains_key("strict-transport-security"),
            "HSTS only over HTTPS"
        );
        assert!(!h.contains_key("server"), "no server banner");
    }
    assert!(
        seen.contains(&StatusCode::TOO_MANY_REQUESTS),
        "429s carry them too: {seen:?}"
    );
}

#[tokio::test]
async fn security_headers_are_configurable() {
    let t = common::start(&[
        ("CHLORO_FRAME_OPTIONS", "SAMEORIGIN"),
        ("CHLORO_PERMISSIONS_POLICY", ""),
    ])
    .await;
    let res = common::client().get(t.url("/")).send().await.expect("GET");
    assert_eq!(res.headers()["x-frame-options"], "SAMEORIGIN");
    assert!(!res.headers().contains_key("permissions-policy"));
}

#[tokio::test]
async fn request_ids_and_timing() {
    let t = common::start(&[]).await;
    let c = common::client();
    let res = c.get(t.url("/health")).send().await.expect("GET");
    let id = res.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert_eq!(id.len(), 32);
    assert!(
        res.headers()["x-response-time"]
            .to_str()
            .expect("ascii")
            .ends_with("ms")
    );

    let res = c
        .get(t.url("/health"))
        .header("x-request-id", "lb-1234.abc")
        .send()
        .await
        .expect("GET");
    assert_eq!(
        res.headers()["x-request-id"],
        "lb-1234.abc",
        "a sane id is kept"
    );
    let res = c
        .get(t.url("/health"))
        .header("x-request-id", "evil id\" injected")
        .send()
        .await
        .expect("GET");
    assert_ne!(res.headers()["x-request-id"], "evil id\" injected");
}

#[tokio::test]
async fn health_endpoints() {
    let t = common::start(&[]).await;
    let c = common::client();
    for path in ["/health", "/health/live"] {
        let res = c.get(t.url(path)).send().await.expect("GET");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8");
        assert_eq!(res.text().await.expect("body"), "healthy");
    }
    let res = c.get(t.url("/health/ready")).send().await.expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["status"], "ready");
    assert_eq!(body["components"]["dataDir"]["status"], "ok");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let t = common::start(&[]).await;
    let c = common::client();
    for path in ["/api", "/api/", "/api/nothing/here", "/api/products.html"] {
        let res = c.get(t.url(path)).send().await.expect("GET");
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(res.headers()["content-type"], "application/json", "{path}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert!(body["message"].is_string(), "{path}");
    }
}

#[tokio::test]
async fn rate_limit_bursts_then_429_per_client() {
    let t = common::start(&[
        ("CHLORO_RATE_API", "1"),
        ("CHLORO_RATE_API_BURST", "5"),
        ("CHLORO_TRUSTED_PROXIES", "127.0.0.1"),
    ])
    .await;
    let c = common::client();
    let hit = |ip: &'static str| {
        c.get(t.url("/api/nothing"))
            .header("x-forwarded-for", ip)
            .send()
    };
    for i in 0..5 {
        assert_eq!(
            hit("198.51.100.1").await.expect("GET").status(),
            StatusCode::NOT_FOUND,
            "request {i} within the burst"
        );
    }
    let res = hit("198.51.100.1").await.expect("GET");
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&retry), "{retry}");
    assert_eq!(res.headers()["content-type"], "application/json");
    let body: serde_json::Value = res.json().await.expect("json");
    assert!(body["message"].is_string());

    assert_eq!(
        hit("198.51.100.2").await.expect("GET").status(),
        StatusCode::NOT_FOUND,
        "another client is unaffected"
    );
    // The site has its own bucket; health checks have none.
    assert_eq!(
        c.get(t.url("/"))
            .header("x-forwarded-for", "198.51.100.1")
            .send()
            .await
            .expect("GET")
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        c.get(t.url("/health"))
            .header("x-forwarded-for", "198.51.100.1")
            .send()
            .await
            .expect("GET")
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn spoofed_forwarded_for_is_ignored_without_trusted_proxies() {
    let t = common::start(&[
        ("CHLORO_RATE_GENERAL", "1"),
        ("CHLORO_RATE_GENERAL_BURST", "3"),
    ])
    .await;
    let c = common::client();
    let mut statuses = Vec::new();
    for i in 0..5 {
        let res = c
            .get(t.url("/"))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .send()
            .await
            .expect("GET");
        statuses.push(res.status());
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count(),
        2,
        "{statuses:?}"
    );

    // A different real source address (another loopback address) has its own bucket.
    common::crypto_provider();
    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .expect("client");
    assert_eq!(
        other.get(t.url("/")).send().await.expect("GET").status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn oversized_bodies_get_413_and_oversized_heads_431() {
    let t = common::start(&[("CHLORO_MAX_BODY", "1kb")]).await;
    let c = common::client();
    let res = c
        .post(t.url("/api/contact"))
        .header("content-type", "application/json")
        .body(vec![b' '; 4096])
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: serde_json::Value = res.json().await.expect("json under /api");
    assert!(body["message"].is_string());

    let big = "a".repeat(20_000);
    let res = c
        .get(t.url("/"))
        .header("x-big", big)
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
}

#[tokio::test]
async fn slow_clients_cannot_hold_connections() {
    let t = common::start(&[("CHLORO_HEADER_TIMEOUT", "300ms")]).await;
    let mut s = tokio::net::TcpStream::connect(t.addr)
        .await
        .expect("connect");
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("partial head");
    let mut buf = [0u8; 1024];
    let closed = tokio::time::timeout(Duration::from_secs(3), async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the server closed a connection whose head never completed"
    );

    // An idle keep-alive connection is closed too.
    let mut s = tokio::net::TcpStream::connect(t.addr)
        .await
        .expect("connect");
    s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("request");
    let n = s.read(&mut buf).await.expect("response");
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let closed = tokio::time::timeout(Duration::from_secs(3), async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "idle keep-alive connection closed");
}

#[tokio::test]
async fn connection_cap_queues_new_clients() {
    let t = common::start(&[
        ("CHLORO_MAX_CONNECTIONS", "1"),
        ("CHLORO_HEADER_TIMEOUT", "1s"),
    ])
    .await;
    // One idle connection holds the only slot ...
    let hog = tokio::net::TcpStream::connect(t.addr)
        .await
        .expect("connect");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let c = common::client();
    let queued =
        tokio::time::timeout(Duration::from_millis(400), c.get(t.url("/health")).send()).await;
    assert!(
        queued.is_err(),
        "a second client waits while the cap is reached"
    );
    // ... until the header timeout frees it; then the waiting client is served.
    let res = tokio::time::timeout(Duration::from_secs(5), c.get(t.url("/health")).send())
        .await
        .expect("served once the slot frees")
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    drop(hog);
}

#[tokio::test]
async fn http2_with_prior_knowledge() {
    let t = common::start(&[]).await;
    common::crypto_provider();
    let c = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .expect("client");
    let res = c.get(t.url("/")).send().await.expect("GET over h2c");
    assert_eq!(res.version(), reqwest::Version::HTTP_2);
    assert_eq!(res.status(), StatusCode::OK);
}

/// Reads one HTTP/1.1 response head from `s` (up to the blank line), byte
/// by byte so that nothing after it is consumed.
async fn read_head(s: &mut tokio::net::TcpStream) -> String {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut b))
            .await
            .expect("a response head in time")
            .expect("read");
        assert_eq!(
            n,
            1,
            "closed before a whole head: {:?}",
            String::from_utf8_lossy(&head)
        );
        head.push(b[0]);
    }
    String::from_utf8(head).expect("ASCII head")
}

/// HTTP is served by several threads, each with its own event loop
/// (`CHLORO_HTTP_THREADS`), which share out a run of keep-alive clients;
/// and a shutdown with a request in flight on every thread stops every
/// thread accepting, then answers every one of those requests before
/// `App::shutdown` returns.
#[tokio::test]
async fn http_threads_share_connections_and_drain_together() {
    const CONNECTIONS: usize = 20;
    let t = common::start(&[
        ("CHLORO_HTTP_THREADS", "4"),
        ("CHLORO_METRICS_ADDR", "127.0.0.1:0"),
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_CONTACT_LIMIT_PER_HOUR", "0"),
    ])
    .await;
    let addr = t.addr;
    // One after the other, each answered before the next connects: only
    // the accept rule spreads them, not a burst.
    let mut conns = Vec::new();
    for _ in 0..CONNECTIONS {
        let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
        s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .expect("write");
        let head = read_head(&mut s).await;
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let len: usize = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length: ")
                    .map(str::to_owned)
            })
            .and_then(|v| v.trim().parse().ok())
            .expect("content-length");
        let mut body = vec![0u8; len];
        s.read_exact(&mut body).await.expect("body");
        conns.push(s);
    }
    let metrics = common::client()
        .get(format!(
            "http://{}/metrics",
            t.app.metrics_addr().expect("metrics listener")
        ))
        .send()
        .await
        .expect("scrape")
        .text()
        .await
        .expect("text");
    let per_thread: Vec<u64> = metrics
        .lines()
        .filter(|l| l.starts_with("chloromaster_http_connections_total{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse().ok())
        .collect();
    eprintln!("connections accepted per thread: {per_thread:?}");
    assert_eq!(
        per_thread.iter().sum::<u64>(),
        CONNECTIONS as u64,
        "every connection counted once: {per_thread:?}"
    );
    assert!(
        per_thread.iter().filter(|&&n| n > 0).count() >= 2,
        "connections served by several threads: {per_thread:?}"
    );
    assert!(
        per_thread.iter().all(|&n| n < CONNECTIONS as u64),
        "no thread took them all: {per_thread:?}"
    );

    // A request in flight on every connection: its head sent, and its
    // handler reading the body (hyper then sends `100 Continue`).
    let body = serde_json::json!({
        "firstName": "Drain",
        "lastName": "Test",
        "email": "drain@example.com",
        "phone": "+20 100 123 4567",
        "message": "Sent while the appliance stops."
    })
    .to_string();
    for s in &mut conns {
        let head = format!(
            "POST /api/contact HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             Expect: 100-continue\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        s.write_all(head.as_bytes()).await.expect("write head");
        let interim = read_head(s).await;
        assert!(interim.starts_with("HTTP/1.1 100"), "{interim}");
    }

    let common::TestApp { app, data_dir, .. } = t;
    let stopping = tokio::spawn(app.shutdown());
    // Every thread stops accepting: the listening socket is closed once the
    // last one lets go of it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while tokio::net::TcpStream::connect(addr).await.is_ok() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "still accepting 5 s after the shutdown began"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        !stopping.is_finished(),
        "the drain waits for the requests in flight"
    );
    for s in &mut conns {
        s.write_all(body.as_bytes()).await.expect("write body");
    }
    for s in &mut conns {
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut answer))
            .await
            .expect("answered, then closed, in time")
            .expect("read");
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    }
    tokio::time::timeout(Duration::from_secs(10), stopping)
        .await
        .expect("shutdown returns once drained")
        .expect("shutdown task");
    drop(data_dir);
}
