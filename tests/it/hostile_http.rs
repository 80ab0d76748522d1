//! Hostile HTTP clients, performed for real over loopback: connections that
//! trickle their heads, one address holding many connections, bodies that
//! stall, oversized heads and malformed requests. Every answer under `/api`
//! is JSON.

use crate::common;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const ATTACKER: [u8; 4] = [127, 0, 0, 1];
const VICTIM: [u8; 4] = [127, 0, 0, 2];

/// A connection to `server` from the loopback address `from`.
async fn connect_from(from: [u8; 4], server: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(IpAddr::from(from), 0))?;
    socket.connect(server).await
}

/// One request on a fresh connection from `from`; the whole answer.
async fn request_from(
    from: [u8; 4],
    server: SocketAddr,
    request: &[u8],
) -> std::io::Result<String> {
    let mut s = connect_from(from, server).await?;
    s.write_all(request).await?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).await?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Reads until the server closes the connection (EOF or reset), or `limit`.
async fn closed_within(s: &mut TcpStream, limit: Duration) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    tokio::time::timeout(limit, async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .ok()
    .map(|()| out)
}

/// A client that opens a connection from the attacker's address, sends a
/// request line and then one header line every `every`, and reconnects
/// whenever the server closes it, until `stop`. Records the longest time
/// the server let one of its connections live.
async fn trickler(
    server: SocketAddr,
    every: Duration,
    stop: Arc<AtomicBool>,
    connects: Arc<AtomicU64>,
    longest_ms: Arc<AtomicU64>,
) {
    while !stop.load(Ordering::Relaxed) {
        let Ok(mut s) = connect_from(ATTACKER, server).await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        connects.fetch_add(1, Ordering::Relaxed);
        let opened = Instant::now();
        let mut buf = [0u8; 1024];
        let mut line = b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec();
        loop {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            if s.write_all(&line).await.is_err() {
                break;
            }
            line = b"X-Trickle: a\r\n".to_vec();
            if let Ok(Ok(0) | Err(_)) = tokio::time::timeout(every, s.read(&mut buf)).await {
                break;
            }
        }
        let lived = u64::try_from(opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        longest_ms.fetch_max(lived, Ordering::Relaxed);
        // A refused client comes back at its own pace, as slowloris does.
        tokio::time::sleep(every / 2).await;
    }
}

struct Attack {
    stop: Arc<AtomicBool>,
    connects: Arc<AtomicU64>,
    longest_ms: Arc<AtomicU64>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

fn attack(server: SocketAddr, clients: usize) -> Attack {
    let stop = Arc::new(AtomicBool::new(false));
    let connects = Arc::new(AtomicU64::new(0));
    let longest_ms = Arc::new(AtomicU64::new(0));
    let tasks = (0..clients)
        .map(|_| {
            tokio::spawn(trickler(
                server,
                Duration::from_secs(2),
                stop.clone(),
                connects.clone(),
                longest_ms.clone(),
            ))
        })
        .collect();
    Attack {
        stop,
        connects,
        longest_ms,
        tasks,
    }
}

impl Attack {
    async fn end(self) -> (u64, Duration) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.tasks {
            let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
        }
        (
            self.connects.load(Ordering::Relaxed),
            Duration::from_millis(self.longest_ms.load(Ordering::Relaxed)),
        )
    }
}

/// Requests `/health` from the victim's address, one fresh connection at a
/// time, for `during`; the latency of each (`None`: no answer within `limit`).
async fn victim(server: SocketAddr, during: Duration, limit: Duration) -> Vec<Option<Duration>> {
    let end = Instant::now() + during;
    let mut out = Vec::new();
    while Instant::now() < end {
        let start = Instant::now();
        let answer = tokio::time::timeout(
            limit,
            request_from(
                VICTIM,
                server,
                b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            ),
        )
        .await;
        match answer {
            Ok(Ok(text)) if text.starts_with("HTTP/1.1 200") => out.push(Some(start.elapsed())),
            _ => out.push(None),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    out
}

/// The attack: thousands of connections from one address, each
/// sending a header line every 2 s, against a connection cap smaller than
/// their number. Another address keeps being answered at once, and every
/// trickling connection is closed long before the 15 s head timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn trickling_connections_from_one_address_do_not_starve_another() {
    const CLIENTS: usize = 2_000;
    let t = common::start(&[("CHLORO_MAX_CONNECTIONS", "1000")]).await;
    let attack = attack(t.addr, CLIENTS);
    // Let every trickler connect once and the first wave settle in.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let answers = victim(t.addr, Duration::from_secs(8), Duration::from_secs(5)).await;
    let (connects, longest) = attack.end().await;
    eprintln!(
        "{connects} trickling connections; other address: {} requests, slowest {:?}; longest trickler {longest:?}",
        answers.len(),
        answers.iter().flatten().max()
    );

    assert!(
        connects >= CLIENTS as u64,
        "every trickler connected at least once: {connects}"
    );
    let failed = answers.iter().filter(|a| a.is_none()).count();
    assert_eq!(
        failed, 0,
        "the other address was always answered: {answers:?}"
    );
    let slowest = answers.iter().flatten().max().copied().unwrap_or_default();
    // Generous: the attackers run in this process, on the same cores.
    assert!(
        slowest < Duration::from_secs(3),
        "the other address was answered quickly (slowest {slowest:?} of {})",
        answers.len()
    );
    // 5 s grace + the ~40 bytes sent by then at 240 B/s, plus scheduling.
    assert!(
        longest < Duration::from_secs(9),
        "trickling connections are closed well before CHLORO_HEADER_TIMEOUT (15s): longest lived {longest:?}"
    );
}

/// The same attack with both defences turned off starves the other
/// address: the test above measures a real attack.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_the_defences_the_attack_starves_another_address() {
    let t = common::start(&[
        ("CHLORO_MAX_CONNECTIONS", "300"),
        ("CHLORO_MAX_CONNECTIONS_PER_IP", "100000"),
        ("CHLORO_MIN_DATA_RATE", "0"),
    ])
    .await;
    let attack = attack(t.addr, 600);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let answers = victim(t.addr, Duration::from_secs(3), Duration::from_secs(2)).await;
    attack.end().await;
    assert!(
        answers.iter().all(Option::is_none),
        "the victim waits behind the trickling connections: {answers:?}"
    );
}

#[tokio::test]
async fn one_address_holds_at_most_its_connections() {
    let t = common::start(&[
        ("CHLORO_MAX_CONNECTIONS_PER_IP", "3"),
        ("CHLORO_METRICS_ADDR", "127.0.0.1:0"),
    ])
    .await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut s = connect_from(ATTACKER, t.addr).await.expect("connect");
        s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .expect("request");
        let mut buf = [0u8; 1024];
        let n = s.read(&mut buf).await.expect("answer");
        assert!(
            buf[..n].starts_with(b"HTTP/1.1 200"),
            "kept-alive connection"
        );
        held.push(s);
    }
    // The fourth is closed as soon as it is accepted, without an answer.
    let mut fourth = connect_from(ATTACKER, t.addr).await.expect("connect");
    let _ = fourth
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    let answer = closed_within(&mut fourth, Duration::from_secs(2))
        .await
        .expect("closed at once");
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
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
    let refused = metrics
        .lines()
        .find_map(|l| l.strip_prefix("chloromaster_http_refused_total{reason=\"per_ip_limit\"} "))
        .and_then(|v| v.trim().parse::<f64>().ok());
    assert!(refused.is_some_and(|n| n >= 1.0), "counted: {refused:?}");

    // Another address is not affected.
    let other = request_from(
        VICTIM,
        t.addr,
        b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await
    .expect("other address");
    assert!(other.starts_with("HTTP/1.1 200"), "{other}");

    // A closed connection gives its slot back.
    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let again = request_from(
        ATTACKER,
        t.addr,
        b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await
    .expect("again");
    assert!(again.starts_with("HTTP/1.1 200"), "{again}");
}

#[tokio::test]
async fn a_trickled_head_is_closed_after_the_grace_time() {
    let t = common::start(&[
        ("CHLORO_MIN_DATA_RATE_GRACE", "1s"),
        ("CHLORO_HEADER_TIMEOUT", "15s"),
    ])
    .await;
    let mut s = TcpStream::connect(t.addr).await.expect("connect");
    let start = Instant::now();
    s.write_all(b"GET / HTTP/1.1\r\n").await.expect("line");
    let closed = tokio::time::timeout(Duration::from_secs(6), async {
        let mut buf = [0u8; 64];
        loop {
            if s.write_all(b"X-A: b\r\n").await.is_err() {
                return;
            }
            let read = tokio::time::timeout(Duration::from_millis(300), s.read(&mut buf)).await;
            if let Ok(Ok(0) | Err(_)) = read {
                return;
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "a head at ~30 B/s is cut off");
    let lived = start.elapsed();
    assert!(
        lived >= Duration::from_millis(900) && lived < Duration::from_secs(3),
        "closed once the 1 s grace is over: {lived:?}"
    );

    // A head sent at once, and a slow but steady one, are served.
    let res = common::client()
        .get(t.url("/health"))
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    let mut s = TcpStream::connect(t.addr).await.expect("connect");
    for part in [
        &b"GET /health HTTP/1.1\r\n"[..],
        b"Host: x\r\n",
        b"Connection: close\r\n",
        b"\r\n",
    ] {
        s.write_all(part).await.expect("part");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let answer = closed_within(&mut s, Duration::from_secs(3))
        .await
        .expect("answered");
    assert!(answer.starts_with(b"HTTP/1.1 200"));
}

#[tokio::test]
async fn a_stalled_body_is_408_json() {
    let t = common::start(&[("CHLORO_MIN_DATA_RATE_GRACE", "1s")]).await;
    let mut s = TcpStream::connect(t.addr).await.expect("connect");
    let start = Instant::now();
    s.write_all(
        b"POST /api/contact HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"firstName\":",
    )
    .await
    .expect("head and a bit of body");
    let answer = closed_within(&mut s, Duration::from_secs(10))
        .await
        .expect("answered and closed");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{answer}"
    );
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    assert!(body["message"].is_string(), "{body}");
    let took = start.elapsed();
    assert!(
        took < Duration::from_secs(4),
        "after the grace, not the 60 s request timeout: {took:?}"
    );
}

#[tokio::test]
async fn oversized_heads_get_431_in_the_edge_s_shape() {
    let t = common::start(&[]).await;
    let c = common::client();
    // Just over the limit, far over it, and too many fields.
    for (size, fields) in [(17_000, 1), (200_000, 1), (1_000, 101)] {
        for (path, json) in [("/api/products", true), ("/", false)] {
            let mut req = c.get(t.url(path));
            for i in 0..fields {
                req = req.header(format!("x-f{i}"), "a".repeat(size / fields));
            }
            let res = req.send().await.expect("answered");
            assert_eq!(
                res.status(),
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "{path} {size} {fields}"
            );
            assert_eq!(
                res.headers()["x-content-type-options"],
                "nosniff",
                "security headers on the edge's 431"
            );
            let ct = res.headers()["content-type"]
                .to_str()
                .expect("ct")
                .to_owned();
            if json {
                assert_eq!(ct, "application/json");
                let body: serde_json::Value = res.json().await.expect("JSON");
                assert!(body["message"].is_string());
            } else {
                assert!(ct.starts_with("text/plain"), "{ct}");
            }
        }
    }
    // A head within the limit is served.
    let res = c
        .get(t.url("/api/products"))
        .header("x-f", "a".repeat(15_000))
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_api_answer_is_json() {
    let t = common::start(&[]).await;
    let c = common::client();
    for path in ["/api/products/%ff", "/api/services/%ff"] {
        let res = c.get(t.url(path)).send().await.expect("GET");
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(res.headers()["content-type"], "application/json", "{path}");
        let body: serde_json::Value = res.json().await.expect("JSON");
        assert!(body["message"].is_string(), "{body}");
    }
    // Heads hyper cannot parse: its own empty 400 is replaced by the edge's.
    for (head, json) in [
        (
            &b"GET /api/products HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n"[..],
            true,
        ),
        (
            b"POST /api/contact HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            true,
        ),
        (b"GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n", false),
    ] {
        let answer = common::raw(t.addr, head).await;
        let shown = String::from_utf8_lossy(head);
        assert!(answer.starts_with("HTTP/1.1 400"), "{shown}: {answer}");
        assert!(
            answer.contains("x-content-type-options: nosniff"),
            "{answer}"
        );
        let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
        if json {
            let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
            assert!(body["message"].is_string(), "{body}");
        } else {
            assert!(answer.contains("text/plain"), "{answer}");
        }
    }
    // Well-formed requests on a kept-alive connection keep their own answers.
    let answer = common::raw(
        t.addr,
        b"GET /api/nothing HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(answer.matches("HTTP/1.1 404").count(), 2, "{answer}");
    assert!(answer.contains("No such API endpoint"), "{answer}");
}

#[tokio::test]
async fn http11_needs_exactly_one_host() {
    let t = common::start(&[]).await;
    for (request, status) in [
        (
            &b"GET /health HTTP/1.1\r\nConnection: close\r\n\r\n"[..],
            "400",
        ),
        (
            b"GET /api/products HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
            "400",
        ),
        (
            b"GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "200",
        ),
        (b"GET /health HTTP/1.0\r\n\r\n", "200"),
    ] {
        let answer = common::raw(t.addr, request).await;
        assert!(
            answer
                .get(8..)
                .is_some_and(|a| a.starts_with(&format!(" {status}"))),
            "{}: {answer}",
            String::from_utf8_lossy(request)
        );
    }
    let answer = common::raw(
        t.addr,
        b"GET /api/products HTTP/1.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.contains("application/json"), "{answer}");

    // HTTP/2 names the authority in :authority, without Host.
    common::crypto_provider();
    let h2 = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .expect("client");
    let res = h2.get(t.url("/api/products")).send().await.expect("h2");
    assert_eq!(res.version(), reqwest::Version::HTTP_2);
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn json_in_another_charset_is_415() {
    let t = common::start(&[]).await;
    let c = common::client();
    for (content_type, refused) in [
        ("application/json; charset=utf-16", true),
        ("application/json; charset=\"UTF-16LE\"", true),
        ("application/json;charset=iso-8859-1", true),
        ("application/json; charset=UTF-8", false),
        ("application/json", false),
    ] {
        let res = c
            .post(t.url("/api/contact"))
            .header("content-type", content_type)
            .body("{}")
            .send()
            .await
            .expect("POST");
        if refused {
            assert_eq!(
                res.status(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{content_type}"
            );
            let body: serde_json::Value = res.json().await.expect("JSON");
            assert!(body["message"].is_string());
        } else {
            assert_ne!(
                res.status(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{content_type}"
            );
        }
    }
}

#[tokio::test]
async fn a_chunk_larger_than_the_body_limit_is_413_at_once() {
    let t = common::start(&[]).await;
    // Under /api the limit is CHLORO_MAX_JSON_BODY (64kb): a 1 MiB chunk is
    // refused as soon as its size line arrives, with no data after it.
    let mut s = TcpStream::connect(t.addr).await.expect("connect");
    s.write_all(
        b"POST /api/contact HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    )
    .await
    .expect("head");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let start = Instant::now();
    s.write_all(b"100000\r\n{\"a\":").await.expect("chunk size");
    let answer = closed_within(&mut s, Duration::from_secs(3))
        .await
        .expect("answered at once");
    assert!(start.elapsed() < Duration::from_secs(1));
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    assert!(body["message"].is_string());

    // Elsewhere the limit is CHLORO_MAX_BODY (20mb).
    let answer = common::raw(
        t.addr,
        b"POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\nab",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("text/plain"), "{answer}");

    // Chunks within the limit are read as usual.
    let answer = common::raw(
        t.addr,
        b"POST /api/contact HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n1;x=y\r\n{\r\n1\r\n}\r\n0\r\n\r\n",
    )
    .await;
    assert!(
        answer.starts_with("HTTP/1.1 400"),
        "validation, not framing: {answer}"
    );
    assert!(answer.contains("application/json"), "{answer}");
}

#[tokio::test]
async fn a_trusted_proxy_is_not_limited_per_address() {
    let t = common::start(&[
        ("CHLORO_MAX_CONNECTIONS_PER_IP", "2"),
        ("CHLORO_TRUSTED_PROXIES", "127.0.0.1"),
    ])
    .await;
    let mut held = Vec::new();
    for _ in 0..5 {
        let mut s = connect_from(ATTACKER, t.addr).await.expect("connect");
        s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .expect("request");
        let mut buf = [0u8; 1024];
        let n = s.read(&mut buf).await.expect("answer");
        assert!(
            buf[..n].starts_with(b"HTTP/1.1 200"),
            "proxy connection served"
        );
        held.push(s);
    }
    // Its neighbour is limited as usual.
    let _a = connect_from(VICTIM, t.addr).await.expect("connect");
    let _b = connect_from(VICTIM, t.addr).await.expect("connect");
    let mut third = connect_from(VICTIM, t.addr).await.expect("connect");
    let _ = third
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    let answer = closed_within(&mut third, Duration::from_secs(2))
        .await
        .expect("closed at once");
    assert!(answer.is_empty());
}
