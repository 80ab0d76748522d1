//! The attacks of the trust-boundary review, performed for real: a local
//! process with a Redis client trying to become admin, plant a cached
//! response, or sign admins out; an HTTP request thrown at the RESP port; a
//! stranger locking the admin's user name out.

use crate::common;

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const USER: &str = "ops";
const PASSWORD: &str = "correct horse battery staple";

async fn start(extra: &[(&str, &str)]) -> common::TestApp {
    let mut vars = vec![
        ("CHLORO_RESP_ADDR", "127.0.0.1:0"),
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
        ("CHLORO_TRUSTED_PROXIES", "127.0.0.1"),
    ];
    vars.extend_from_slice(extra);
    common::start(&vars).await
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `redis-cli -p <port> <args…>`: its standard output and standard error,
/// trimmed. (Awaited, so the appliance's tasks on this test's runtime keep
/// running meanwhile.)
async fn redis_cli(t: &common::TestApp, args: &[&str]) -> String {
    let port = t.app.resp_addr().expect("RESP bound").port().to_string();
    let out = tokio::process::Command::new("redis-cli")
        .args(["-p", &port])
        .args(args)
        .output()
        .await
        .expect("redis-cli (Debian's redis-tools) runs");
    let mut text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let err = String::from_utf8_lossy(&out.stderr);
    if !err.trim().is_empty() {
        text.push_str(&format!("\n{}", err.trim()));
    }
    text
}

async fn admin_get(c: &reqwest::Client, t: &common::TestApp, token: &str) -> StatusCode {
    c.get(t.url("/api/admin/submissions"))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
        .status()
}

/// The attack as reported: a session record written with redis-cli into
/// the database sessions used to live in, then used as a bearer token.
/// Also with a made-up signature, and straight into the internal database
/// number (which no RESP command accepts).
#[tokio::test]
async fn a_session_written_over_resp_is_no_session() {
    let t = start(&[]).await;
    let c = common::client();
    let token = hex(&rand::random::<[u8; 32]>());
    let key = format!("session:{}", hex(&Sha256::digest(token.as_bytes())));
    for db in ["1", "0", "2", "3"] {
        assert_eq!(
            redis_cli(&t, &["-n", db, "HSET", &key, "user", USER, "gen", "0"]).await,
            "2"
        );
    }
    assert_eq!(admin_get(&c, &t, &token).await, StatusCode::UNAUTHORIZED);
    let mac = hex(&rand::random::<[u8; 32]>());
    assert_eq!(
        redis_cli(&t, &["-n", "1", "HSET", &key, "mac", &mac]).await,
        "1"
    );
    assert_eq!(admin_get(&c, &t, &token).await, StatusCode::UNAUTHORIZED);
    // The internal databases have no number a client can use.
    for db in ["16", "17", "18", "255"] {
        let out = redis_cli(&t, &["-n", db, "HGETALL", &key]).await;
        assert!(
            out.contains("SELECT") && out.contains("failed"),
            "-n {db}: {out}"
        );
        let out = redis_cli(&t, &["COPY", "x", "y", "DB", db]).await;
        assert!(
            out.contains("DB index is out of range"),
            "COPY DB {db}: {out}"
        );
    }
    // A real session works, and is invisible to every RESP database.
    let real = common::admin_token(&c, &t, USER, PASSWORD).await;
    assert_eq!(admin_get(&c, &t, &real).await, StatusCode::OK);
    let real_key = format!("session:{}", hex(&Sha256::digest(real.as_bytes())));
    for db in 0..16 {
        let keys = redis_cli(&t, &["-n", &db.to_string(), "KEYS", "session:*"]).await;
        assert!(!keys.contains(&real_key), "db {db}: {keys}");
    }
}

/// A response planted where the response cache used to live, or anywhere
/// else a client can write, is never served; the real entries are neither
/// listed nor flushed by clients.
#[tokio::test]
async fn a_planted_response_cache_entry_is_never_served() {
    let t = start(&[]).await;
    let c = common::client();
    let real = c
        .get(t.url("/api/services"))
        .send()
        .await
        .expect("services");
    assert_eq!(real.status(), StatusCode::OK);
    let planted_body = "<script>alert('planted')</script>";
    for db in 0..16 {
        for encoding in ["identity", "gzip", "br"] {
            for path in ["/api/products", "/api/services"] {
                let key = format!("GET {path} {encoding}");
                redis_cli(
                    &t,
                    &[
                        "-n",
                        &db.to_string(),
                        "HSET",
                        &key,
                        "status",
                        "200",
                        "headers",
                        "content-type:text/html\n",
                        "body",
                        planted_body,
                        "fresh_until",
                        "99999999999999",
                        "route",
                        "",
                    ],
                )
                .await;
            }
        }
    }
    for path in ["/api/products", "/api/services"] {
        for encoding in ["identity", "gzip, br"] {
            let res = c
                .get(t.url(path))
                .header("accept-encoding", encoding)
                .send()
                .await
                .expect("get");
            assert_eq!(res.status(), StatusCode::OK);
            let ct = res.headers()["content-type"]
                .to_str()
                .expect("ct")
                .to_owned();
            assert!(ct.starts_with("application/json"), "{path}: {ct}");
            let body = res.bytes().await.expect("body");
            assert!(
                !String::from_utf8_lossy(&body).contains("planted"),
                "{path} {encoding}: the planted entry was served"
            );
        }
    }
    // The real cache is there (a HIT) but nowhere in the clients' view.
    let again = c
        .get(t.url("/api/services"))
        .send()
        .await
        .expect("services");
    assert_eq!(again.headers()["x-cache-status"], "HIT");
    let info = redis_cli(&t, &["INFO", "keyspace"]).await;
    for db in 0..16 {
        let keys = redis_cli(&t, &["-n", &db.to_string(), "DBSIZE"]).await;
        assert_eq!(keys, "6", "db {db} holds only what the test planted");
        assert!(info.contains(&format!("db{db}:keys=6,")), "{info}");
    }
    assert!(!info.contains("db16"), "{info}");
    // FLUSHALL empties the clients' databases, not the response cache.
    assert_eq!(redis_cli(&t, &["FLUSHALL"]).await, "OK");
    let after = c
        .get(t.url("/api/services"))
        .send()
        .await
        .expect("services");
    assert_eq!(after.headers()["x-cache-status"], "HIT");
}

/// `FLUSHALL`, `FLUSHDB` in every database and a flood of writes far past
/// the memory bound leave admins signed in and the contact limit counted.
#[tokio::test]
async fn flushes_and_floods_over_resp_leave_sessions_and_limits() {
    let t = start(&[
        ("CHLORO_CACHE_MAX_MEMORY", "16mb"),
        ("CHLORO_CONTACT_LIMIT_PER_HOUR", "2"),
    ])
    .await;
    let c = common::client();
    let token = common::admin_token(&c, &t, USER, PASSWORD).await;
    let contact = json!({
        "firstName": "Amal",
        "lastName": "Haddad",
        "email": "amal@example.com",
        "phone": "+20 100 123 4567",
        "message": "Please send a quote.",
        "market": "Water",
        "subscribe": false
    });
    let post = || {
        c.post(t.url("/api/contact"))
            .header("x-forwarded-for", "203.0.113.9")
            .json(&contact)
            .send()
    };
    for _ in 0..2 {
        assert!(post().await.expect("contact").status().is_success());
    }
    assert_eq!(
        post().await.expect("contact").status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    assert_eq!(redis_cli(&t, &["FLUSHALL"]).await, "OK");
    for db in 0..16 {
        assert_eq!(
            redis_cli(&t, &["-n", &db.to_string(), "FLUSHDB"]).await,
            "OK"
        );
    }
    let addr = t.app.resp_addr().expect("RESP bound");
    let client = redis::Client::open(format!("redis://{addr}/0")).expect("client");
    let mut con = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let value = vec![b'x'; 4096];
    for batch in 0..16 {
        let mut pipe = redis::pipe();
        for i in 0..1000 {
            pipe.cmd("SET")
                .arg(format!("flood:{batch}:{i}"))
                .arg(&value)
                .ignore();
        }
        let () = pipe.query_async(&mut con).await.expect("flood");
    }
    let info: String = redis::cmd("INFO")
        .arg("stats")
        .query_async(&mut con)
        .await
        .expect("INFO");
    assert!(
        !info.contains("evicted_keys:0\r"),
        "the flood evicted: {info}"
    );

    assert_eq!(admin_get(&c, &t, &token).await, StatusCode::OK);
    assert_eq!(
        post().await.expect("contact").status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the limit still counts"
    );
}

/// What redis-server does since 3.2.7: a connection whose command is `POST`
/// or `Host:` is an HTTP request (a browser tricked into it) and is closed
/// without a reply; the port keeps serving real clients.
#[tokio::test]
async fn http_requests_to_the_resp_port_are_dropped() {
    let t = start(&[]).await;
    let addr = t.app.resp_addr().expect("RESP bound");
    let requests: [&[u8]; 3] = [
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1:6379\r\nContent-Type: text/plain\r\nContent-Length: 15\r\n\r\nFLUSHALL\r\nPING\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1:6379\r\n\r\nFLUSHALL\r\n",
        b"*1\r\n$4\r\nPOST\r\n*1\r\n$4\r\nPING\r\n",
    ];
    assert_eq!(redis_cli(&t, &["SET", "keep", "1"]).await, "OK");
    for request in requests {
        let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
        s.write_all(request).await.expect("write");
        let mut out = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
        assert!(read.is_ok(), "the connection is closed, not left open");
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("+OK") && !text.contains("PONG"), "{text:?}");
    }
    assert_eq!(
        redis_cli(&t, &["GET", "keep"]).await,
        "1",
        "nothing after it ran"
    );
    assert_eq!(redis_cli(&t, &["PING"]).await, "PONG");
}

async fn login(
    c: &reqwest::Client,
    t: &common::TestApp,
    from: &str,
    password: &str,
    cookie: Option<&str>,
) -> reqwest::Response {
    login_as(c, t, USER, from, password, cookie).await
}

async fn login_as(
    c: &reqwest::Client,
    t: &common::TestApp,
    user: &str,
    from: &str,
    password: &str,
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut req = c
        .post(t.url("/api/admin/login"))
        .header("x-forwarded-for", from)
        .json(&json!({"username": user, "password": password}));
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    req.send().await.expect("login")
}

/// The `chloro_device=…` pair a login response sets.
fn device_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("chloro_device="))
        .and_then(|v| v.split(';').next())
        .expect("a device cookie")
        .to_owned()
}

/// Someone who knows the admin's user name fails five times from five
/// addresses: a fresh client is locked out for that name, the admin's own
/// browser (which signed in before) is not, and guessing stays throttled.
#[tokio::test]
async fn a_stranger_cannot_lock_out_a_browser_that_signed_in_before() {
    let t = start(&[]).await;
    let c = common::client();
    let first = login(&c, &t, "198.51.100.1", PASSWORD, None).await;
    assert_eq!(first.status(), StatusCode::OK);
    let set = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("chloro_device="))
        .expect("device cookie")
        .to_owned();
    for attribute in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/admin/login",
        "Max-Age=",
    ] {
        assert!(set.contains(attribute), "{set}");
    }
    let device = device_cookie(&first);

    for i in 0..5 {
        let res = login(
            &c,
            &t,
            &format!("203.0.113.{}", 10 + i),
            "wrong password!",
            None,
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let fresh = login(&c, &t, "192.0.2.77", PASSWORD, None).await;
    assert_eq!(
        fresh.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the name is locked"
    );
    assert!(fresh.headers().contains_key("retry-after"));

    let admin = login(&c, &t, "192.0.2.200", PASSWORD, Some(&device)).await;
    assert_eq!(
        admin.status(),
        StatusCode::OK,
        "the admin's browser signs in"
    );
    let body: Value = admin.json().await.expect("json");
    assert!(body["token"].is_string());

    // Guessing with the stolen-looking device cookie is counted per device:
    // five failures, then that device is like any other client (locked).
    for _ in 0..5 {
        let res = login(&c, &t, "192.0.2.200", "wrong password!", Some(&device)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = login(&c, &t, "192.0.2.201", PASSWORD, Some(&device)).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// A forged device cookie, or one issued to another user name, earns
/// nothing.
#[tokio::test]
async fn forged_and_other_users_device_cookies_are_ignored() {
    let t = start(&[]).await;
    let c = common::client();
    let ok = login(&c, &t, "198.51.100.1", PASSWORD, None).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let device = device_cookie(&ok);
    let value = device.trim_start_matches("chloro_device=");
    let mut fields: Vec<&str> = value.splitn(4, '.').collect();
    let forged_mac = hex(&[0x5a; 32]);
    fields[2] = &forged_mac;
    let forged = format!("chloro_device={}", fields.join("."));

    for i in 0..5 {
        let res = login(
            &c,
            &t,
            &format!("203.0.113.{}", 10 + i),
            "wrong password!",
            None,
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = login(&c, &t, "192.0.2.5", PASSWORD, Some(&forged)).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "forged");

    // ops's device cookie does not unlock the name "other".
    for i in 0..5 {
        let res = login_as(
            &c,
            &t,
            "other",
            &format!("203.0.113.{}", 20 + i),
            "wrong password!",
            None,
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = login_as(
        &c,
        &t,
        "other",
        "192.0.2.6",
        "wrong password!",
        Some(&device),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "other user's cookie"
    );
}

/// A cookie-borne state-changing request that the browser marks as
/// cross-site is refused, with or without `Origin`.
#[tokio::test]
async fn cross_site_fetch_metadata_is_refused() {
    let t = start(&[]).await;
    let c = common::client();
    let res = login(&c, &t, "198.51.100.1", PASSWORD, None).await;
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("chloro_admin="))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_owned();
    for site in ["cross-site", "same-site"] {
        let res = c
            .post(t.url("/api/admin/logout"))
            .header("cookie", &session)
            .header("sec-fetch-site", site)
            .send()
            .await
            .expect("logout");
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{site}");
        let body: Value = res.json().await.expect("json");
        assert!(body["message"].is_string());
    }
    let res = c
        .post(t.url("/api/admin/logout"))
        .header("cookie", &session)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .expect("logout");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // A sign-in marked cross-site is refused too (login CSRF).
    let res = c
        .post(t.url("/api/admin/login"))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({"username": USER, "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// `chloromaster admin rotate-session-key` over the control socket signs
/// everyone out; with the appliance stopped it rewrites the key file.
#[tokio::test]
async fn rotating_the_key_signs_everyone_out() {
    let t = start(&[]).await;
    let c = common::client();
    let token = common::admin_token(&c, &t, USER, PASSWORD).await;
    assert_eq!(admin_get(&c, &t, &token).await, StatusCode::OK);
    let key_file = t.data_dir.path().join("session.key");
    let before = std::fs::read_to_string(&key_file).expect("key file");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_chloromaster"))
        .args(["admin", "rotate-session-key"])
        .env("CHLORO_DATA_DIR", t.data_dir.path())
        .output()
        .await
        .expect("cli");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("signed out"));
    assert_eq!(admin_get(&c, &t, &token).await, StatusCode::UNAUTHORIZED);
    assert_ne!(
        std::fs::read_to_string(&key_file).expect("key file"),
        before
    );
    let again = common::admin_token(&c, &t, USER, PASSWORD).await;
    assert_eq!(admin_get(&c, &t, &again).await, StatusCode::OK);
}
