//! The admin API over real sockets: no admin route answers without a
//! session, login (cookie flags, throttling, uniform failures), bearer and
//! cookie sessions, the Origin check, logout, sessions across a restart and
//! revoked by the offline CLI, and the submissions endpoints.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chloromaster::app::App;
use chloromaster::config::Config;
use chloromaster::db::{NewContact, NewDatasheetRequest, Timestamp};
use reqwest::StatusCode;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");
const USER: &str = "ops";
const PASSWORD: &str = "correct horse battery staple";

/// Generous edge limits, and the first admin from the environment.
fn vars() -> Vec<(&'static str, &'static str)> {
    vec![
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
    ]
}

async fn start_in(dir: &Path, extra: &[(&str, &str)]) -> (App, String) {
    let mut all = common::base_vars(dir);
    for (k, v) in vars().into_iter().chain(extra.iter().copied()) {
        all.retain(|(name, _)| name != k);
        all.push((k.to_owned(), v.to_owned()));
    }
    let app = App::start(Config::from_vars(all).expect("config"))
        .await
        .expect("starts");
    let base = format!("http://{}", app.http_addr());
    (app, base)
}

async fn login(c: &reqwest::Client, base: &str, user: &str, password: &str) -> reqwest::Response {
    c.post(format!("{base}/api/admin/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .expect("login")
}

async fn token(c: &reqwest::Client, base: &str) -> String {
    let res = login(c, base, USER, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.expect("json");
    body["token"].as_str().expect("token").to_owned()
}

/// Admin paths the OpenAPI document does not list: an unknown one, a known
/// one with a query, a method no route has, and the prefix itself.
const UNDOCUMENTED_ADMIN_PATHS: &[&str] = &[
    "/api/admin/submissions?status=unread",
    "/api/admin/no-such-thing",
    "/api/admin",
    "/api/admin/",
];

/// The only admin route that answers without a session.
const PUBLIC_ADMIN_PATHS: &[&str] = &["/api/admin/login"];

/// Every method a client could try: the documented ones of each path and
/// all the others (a wrong method must not reveal the route map either).
const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// The operations the document lists as `(method, path template)`, read
/// from the served `/api/openapi.json` (whose agreement with the router is
/// `api_every_route_is_documented_and_every_documented_path_routed`).
async fn documented_operations(c: &reqwest::Client, t: &common::TestApp) -> Vec<(String, String)> {
    let doc: Value = c
        .get(t.url("/api/openapi.json"))
        .send()
        .await
        .expect("openapi")
        .json()
        .await
        .expect("openapi json");
    let paths = doc["paths"].as_object().expect("paths");
    let mut out = Vec::new();
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item") {
            if ["get", "post", "put", "patch", "delete", "head", "options"]
                .contains(&method.as_str())
            {
                let admin_tag = op["tags"]
                    .as_array()
                    .is_some_and(|tags| tags.iter().any(|t| t == "admin"));
                // Nothing admin lives outside the protected prefix, and
                // nothing under it is untagged.
                assert_eq!(
                    admin_tag,
                    path.starts_with("/api/admin/"),
                    "{method} {path}: the admin tag and the /api/admin prefix go together"
                );
                out.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

/// A concrete path for a template: each `{parameter}` replaced by a value
/// that exists in a fresh database where it matters (`1`, a seeded product).
fn concrete(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').expect("closing brace");
        out.push_str(&rest[..open]);
        out.push_str(match &rest[open + 1..close] {
            "slug" => "emergency-kit",
            "id" => "1",
            _ => "x",
        });
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn admin_no_route_answers_without_a_session() {
    let t = common::start(&vars()).await;
    let c = common::client();
    let operations = documented_operations(&c, &t).await;
    let mut admin_paths: Vec<String> = operations
        .iter()
        .filter(|(_, path)| path.starts_with("/api/admin/"))
        .map(|(_, path)| path.clone())
        .collect();
    admin_paths.dedup();
    for public in PUBLIC_ADMIN_PATHS {
        assert!(
            admin_paths.iter().any(|p| p == public),
            "{public} is documented"
        );
    }
    admin_paths.retain(|p| !PUBLIC_ADMIN_PATHS.contains(&p.as_str()));
    let protected_operations = operations
        .iter()
        .filter(|(_, path)| admin_paths.contains(path))
        .count();
    // An empty or truncated document must not pass: 22 operations on 17
    // paths when this was written (a new route only raises these).
    assert!(protected_operations >= 22, "{operations:?}");
    assert!(admin_paths.len() >= 17, "{admin_paths:?}");

    let mut targets: Vec<String> = admin_paths.iter().map(|p| concrete(p)).collect();
    targets.extend(UNDOCUMENTED_ADMIN_PATHS.iter().map(|p| (*p).to_owned()));
    let fake = "0".repeat(64);
    let mut checked = 0;
    for path in &targets {
        assert!(!path.contains('{'), "{path}");
        for method in METHODS {
            let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
            for auth in [
                None,
                Some(("authorization", format!("Bearer {fake}"))),
                Some(("authorization", "Basic b3BzOnB3".to_owned())),
                Some(("cookie", format!("chloro_admin={fake}"))),
            ] {
                let mut req = c
                    .request(method.clone(), t.url(path))
                    .header("content-type", "application/json")
                    .body("true");
                if let Some((name, value)) = &auth {
                    req = req.header(*name, value);
                }
                let res = req.send().await.expect("send");
                assert_eq!(
                    res.status(),
                    StatusCode::UNAUTHORIZED,
                    "{method} {path} {auth:?}"
                );
                assert_eq!(
                    res.headers()["cache-control"],
                    "no-store",
                    "{method} {path}"
                );
                if method != reqwest::Method::HEAD {
                    let body: Value = res.json().await.expect("JSON 401");
                    assert!(body["message"].is_string(), "{method} {path}: {body}");
                }
                checked += 1;
            }
        }
    }
    assert_eq!(
        checked,
        (admin_paths.len() + UNDOCUMENTED_ADMIN_PATHS.len()) * METHODS.len() * 4
    );
}

#[tokio::test]
async fn admin_login_cookie_bearer_origin_and_logout() {
    let t = common::start(&vars()).await;
    let c = common::client();
    let res = c
        .post(t.url("/api/admin/login"))
        .header("origin", "https://evil.example")
        .json(&json!({"username": USER, "password": PASSWORD}))
        .send()
        .await
        .expect("cross-origin login");
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "login CSRF refused");
    assert!(!res.headers().contains_key("set-cookie"));
    let res = c
        .post(t.url("/api/admin/login"))
        .header("origin", format!("http://{}", t.addr))
        .json(&json!({"username": USER, "password": PASSWORD}))
        .send()
        .await
        .expect("same-origin login");
    assert_eq!(res.status(), StatusCode::OK);
    let res = login(&c, &t.base, "OPS", PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "user names are case-insensitive"
    );
    assert_eq!(res.headers()["cache-control"], "no-store");
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/api/admin"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP: no Secure flag: {cookie}"
    );
    let body: Value = res.json().await.expect("json");
    let token = body["token"].as_str().expect("token").to_owned();
    assert!(token.len() >= 32, "at least 128 bits");
    assert_eq!(body["username"], USER);
    assert!(
        body["expiresAt"]
            .as_str()
            .expect("expiresAt")
            .ends_with('Z')
    );
    assert!(cookie.starts_with(&format!("chloro_admin={token};")));

    // Bearer and cookie both work.
    let res = c
        .get(t.url("/api/admin/submissions"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("bearer");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let jar = format!("chloro_admin={token}");
    let res = c
        .get(t.url("/api/admin/dashboard/stats"))
        .header("cookie", &jar)
        .send()
        .await
        .expect("cookie");
    assert_eq!(res.status(), StatusCode::OK);
    let stats: Value = res.json().await.expect("json");
    assert_eq!(stats["totalSubmissions"], 0);

    // Unsafe method by cookie: a foreign Origin (or Referer) is refused; the
    // own origin, or none, passes; bearer requests are not cookie-borne.
    let host = t.addr.to_string();
    let put = |origin: Option<(&'static str, String)>, bearer: bool| {
        let mut req = c.put(t.url("/api/admin/submissions/999/mark-read"));
        req = if bearer {
            req.bearer_auth(&token)
        } else {
            req.header("cookie", &jar)
        };
        if let Some((name, value)) = origin {
            req = req.header(name, value);
        }
        req.send()
    };
    let status = |r: reqwest::Result<reqwest::Response>| r.expect("send").status();
    assert_eq!(
        status(put(Some(("origin", "https://evil.example".into())), false).await),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(put(Some(("origin", "null".into())), false).await),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(put(Some(("referer", "https://evil.example/x".into())), false).await),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(put(Some(("origin", format!("http://{host}"))), false).await),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(put(Some(("referer", format!("http://{host}/admin"))), false).await),
        StatusCode::NOT_FOUND
    );
    assert_eq!(status(put(None, false).await), StatusCode::NOT_FOUND);
    assert_eq!(
        status(put(Some(("origin", "https://evil.example".into())), true).await),
        StatusCode::NOT_FOUND
    );

    // Logout revokes the session for bearer and cookie alike.
    let res = c
        .post(t.url("/api/admin/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("logout");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .expect("ascii")
            .contains("Max-Age=0")
    );
    for req in [
        c.get(t.url("/api/admin/submissions")).bearer_auth(&token),
        c.get(t.url("/api/admin/submissions"))
            .header("cookie", &jar),
    ] {
        assert_eq!(
            req.send().await.expect("send").status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // The store holds a hash of the token, never the token.
    let store = t.app.store();
    assert!(
        store
            .get(chloromaster::cache::DB_SESSIONS, token.as_bytes())
            .ok()
            .flatten()
            .is_none()
    );
}

#[tokio::test]
async fn admin_login_failures_are_uniform_and_throttled() {
    let t = common::start(&vars()).await;
    let c = common::client();
    let timed = |user: &'static str, pw: &'static str| {
        let c = c.clone();
        let base = t.base.clone();
        async move {
            let start = Instant::now();
            let res = login(&c, &base, user, pw).await;
            let took = start.elapsed();
            let status = res.status();
            let body: Value = res.json().await.expect("json");
            (
                status,
                body["message"].as_str().unwrap_or("").to_owned(),
                took,
            )
        }
    };
    // Warm up (the dummy hash is made at start, on a background thread).
    let _ = timed("nobody", "whatever password").await;
    let (s1, m1, unknown) = timed("nobody", "whatever password").await;
    let (s2, m2, wrong) = timed(USER, "wrong password here").await;
    assert_eq!(
        (s1, s2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(m1, m2, "same message for unknown user and wrong password");
    let ratio = unknown.as_secs_f64() / wrong.as_secs_f64();
    assert!(
        (0.3..3.5).contains(&ratio),
        "unknown user {unknown:?} vs wrong password {wrong:?}"
    );
    // Per user name: 5 failures in the window, then 429 even with the right
    // password, with Retry-After.
    for _ in 0..4 {
        assert_eq!(
            timed(USER, "wrong password here").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let res = login(&c, &t.base, USER, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(retry > 0 && retry <= 900, "{retry}");
    let body: Value = res.json().await.expect("json");
    assert!(body["message"].is_string());

    // Per client IP: 20 failures in the window whatever the names (7 so
    // far), then even another account's right password waits.
    for n in 0..13 {
        let user: &'static str = Box::leak(format!("nobody{n}").into_boxed_str());
        assert_eq!(
            timed(user, "whatever password").await.0,
            StatusCode::UNAUTHORIZED,
            "{n}"
        );
    }
    let res = login(&c, &t.base, "nobody-else", "whatever password").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
}

fn cli(dir: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(BIN)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_DATA_DIR", dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn cli");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("cli output")
}

#[tokio::test]
async fn admin_sessions_survive_restart_and_cli_passwd_disable_revoke() {
    let dir = tempfile::tempdir().expect("tempdir");
    let c = common::client();
    let out = cli(dir.path(), &["admin", "list"], "");
    assert!(
        !out.status.success(),
        "no database yet: a wrong data dir is reported"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database at"));
    assert!(
        !dir.path().join("chloromaster.redb").exists(),
        "and not created"
    );
    let (app, base) = start_in(dir.path(), &[]).await;
    let token = token(&c, &base).await;
    // While the appliance runs, the CLI goes through its control socket
    // (run off this runtime's thread, which serves that socket).
    let d = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || cli(&d, &["admin", "list"], ""))
        .await
        .expect("cli");
    assert!(out.status.success(), "{out:?}");
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.starts_with("ops\tactive"), "{list}");
    app.shutdown().await;
    // Stopped, with the socket gone, it opens the files itself.
    assert!(!dir.path().join("control.sock").exists());

    // The session comes back from the cache snapshot.
    let (app, base) = start_in(dir.path(), &[]).await;
    let get = |base: &str| {
        c.get(format!("{base}/api/admin/submissions"))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(get(&base).await.expect("get").status(), StatusCode::OK);
    app.shutdown().await;

    // `admin passwd` offline revokes it.
    let new_password = "a brand new password 42";
    let out = cli(
        dir.path(),
        &["admin", "passwd", "ops"],
        &format!("{new_password}\n"),
    );
    assert!(out.status.success(), "{out:?}");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!printed.contains(new_password), "{printed}");
    let out = cli(dir.path(), &["admin", "passwd", "ops"], "short\n");
    assert!(!out.status.success(), "a short password is refused");
    let out = cli(
        dir.path(),
        &[
            "admin",
            "create",
            "second",
            "--email",
            "s@example.com",
            "--full-name",
            "Sec Ond",
        ],
        "another long password\n",
    );
    assert!(out.status.success(), "{out:?}");
    let out = cli(dir.path(), &["admin", "list"], "");
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.contains("ops\tactive") && list.contains("second\tactive\ts@example.com"),
        "{list}"
    );
    assert!(!list.contains("argon2"), "{list}");

    let (app, base) = start_in(dir.path(), &[]).await;
    assert_eq!(
        get(&base).await.expect("get").status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&c, &base, USER, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = login(&c, &base, USER, new_password).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.expect("json");
    let token2 = body["token"].as_str().expect("token").to_owned();
    app.shutdown().await;

    // `admin disable` offline revokes it and blocks sign-in.
    let out = cli(dir.path(), &["admin", "disable", "ops"], "");
    assert!(out.status.success(), "{out:?}");
    let (app, base) = start_in(dir.path(), &[]).await;
    let res = c
        .get(format!("{base}/api/admin/submissions"))
        .bearer_auth(&token2)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        login(&c, &base, USER, new_password).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&c, &base, "second", "another long password")
            .await
            .status(),
        StatusCode::OK
    );
    app.shutdown().await;
}

fn contact(n: usize, company: &str, message: &str) -> NewContact {
    NewContact {
        first_name: format!("First{n}"),
        last_name: "Last".into(),
        email: format!("v{n}@example.com"),
        phone: "+20 100".into(),
        company: company.into(),
        message: message.into(),
        ip_address: Some("203.0.113.9".parse().expect("ip")),
        ..NewContact::default()
    }
}

#[tokio::test]
async fn admin_submissions_list_search_filter_detail_read_delete_and_csv() {
    let t = common::start(&vars()).await;
    let db = t.app.db();
    for n in 1..=12 {
        db.insert_contact(contact(n, "Acme", "hello"))
            .await
            .expect("insert");
    }
    let special = db
        .insert_contact(contact(
            13,
            "=cmd|' /C calc'!A0",
            "Needle in \"quotes\", ok",
        ))
        .await
        .expect("insert");
    db.insert_datasheet_request(
        NewDatasheetRequest {
            first_name: "Dana".into(),
            last_name: "Sheet".into(),
            email: "d@example.com".into(),
            company: "+SUM(1)".into(),
            datasheet: "sample".into(),
            ..NewDatasheetRequest::default()
        },
        "tok".into(),
        [7; 32],
        Timestamp::now(),
    )
    .await
    .expect("datasheet request");

    let c = common::client();
    let token = token(&c, &t.base).await;
    let get = |path: &str| c.get(t.url(path)).bearer_auth(&token).send();
    let json = |r: reqwest::Response| async move {
        assert_eq!(r.status(), StatusCode::OK);
        r.json::<Value>().await.expect("json")
    };

    let page = json(
        get("/api/admin/submissions?page=2&pageSize=5")
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(
        (page["page"].clone(), page["pageSize"].clone()),
        (json!(2), json!(5))
    );
    assert_eq!(
        (page["total"].clone(), page["totalPages"].clone()),
        (json!(13), json!(3))
    );
    let ids: Vec<u64> = page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|d| d["id"].as_u64().expect("id"))
        .collect();
    assert_eq!(ids, vec![8, 7, 6, 5, 4], "newest first");
    let first = &page["data"][0];
    assert_eq!(first["fullName"], "First8 Last");
    assert_eq!(first["isRead"], false);
    assert!(first["submittedAt"].is_string());
    let big = json(
        get("/api/admin/submissions?pageSize=1000")
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(big["pageSize"], 100);
    let bad = get("/api/admin/submissions?page=0").await.expect("get");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let found = json(
        get("/api/admin/submissions?search=NEEDLE")
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["data"][0]["id"], special.id);
    let found = json(
        get("/api/admin/submissions?search=v3%40example")
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(found["total"], 1);

    // Read state both ways, and the filters.
    let patch = |id: u64, body: &'static str| {
        c.patch(t.url(&format!("/api/admin/submissions/{id}/read")))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    assert_eq!(
        json(patch(1, "true").await.expect("patch")).await["isRead"],
        true
    );
    assert_eq!(
        json(patch(2, "true").await.expect("patch")).await["isRead"],
        true
    );
    assert_eq!(
        json(patch(2, r#"{"isRead":false}"#).await.expect("patch")).await["isRead"],
        false
    );
    assert_eq!(
        patch(2, "\"yes\"").await.expect("patch").status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        patch(999, "true").await.expect("patch").status(),
        StatusCode::NOT_FOUND
    );
    let res = c
        .put(t.url("/api/admin/submissions/3/mark-read"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("put");
    assert_eq!(json(res).await["isRead"], true);
    let read = json(
        get("/api/admin/submissions?isRead=true")
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(read["total"], 2);
    let read = json(
        get("/api/admin/submissions?status=read")
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(read["total"], 2);
    let unread = json(
        get("/api/admin/submissions?status=unread")
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(unread["total"], 11);
    // Newest first under every filter, and filters combine with a search.
    let ids = |page: &serde_json::Value| -> Vec<u64> {
        page["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|r| r["id"].as_u64().expect("id"))
            .collect()
    };
    let unread_ids = ids(&unread);
    assert!(unread_ids.windows(2).all(|w| w[0] > w[1]), "{unread_ids:?}");
    assert!(!unread_ids.contains(&1) && !unread_ids.contains(&3));
    assert_eq!(ids(&read), [3, 1]);
    for (query, total) in [
        ("search=NEEDLE&status=unread", 1),
        ("search=NEEDLE&status=read", 0),
        ("search=needle&isRead=false&page=1&pageSize=1", 1),
    ] {
        let page = json(
            get(&format!("/api/admin/submissions?{query}"))
                .await
                .expect("get"),
        )
        .await;
        assert_eq!(page["total"], total, "{query}");
    }
    let all = json(get("/api/admin/submissions?status=all").await.expect("get")).await;
    assert_eq!(all["total"], 13);
    let stats = json(get("/api/admin/dashboard/stats").await.expect("get")).await;
    assert_eq!(stats["totalSubmissions"], 13);
    assert_eq!(stats["todaySubmissions"], 13);
    assert_eq!(stats["unreadSubmissions"], 11);

    // Detail, delete.
    let detail = json(
        get(&format!("/api/admin/submissions/{}", special.id))
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(detail["company"], "=cmd|' /C calc'!A0");
    assert_eq!(detail["ipAddress"], "203.0.113.9");
    assert_eq!(detail["phone"], "+20 100");
    assert_eq!(
        get("/api/admin/submissions/abc")
            .await
            .expect("get")
            .status(),
        StatusCode::NOT_FOUND
    );
    let del = |id: u64| {
        c.delete(t.url(&format!("/api/admin/submissions/{id}")))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(
        del(1).await.expect("delete").status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        del(1).await.expect("delete").status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get("/api/admin/submissions/1").await.expect("get").status(),
        StatusCode::NOT_FOUND
    );
    let all = json(get("/api/admin/submissions").await.expect("get")).await;
    assert_eq!(all["total"], 12);

    // Datasheet requests.
    let ds = json(get("/api/admin/datasheet-requests").await.expect("get")).await;
    assert_eq!(ds["total"], 1);
    assert_eq!(ds["data"][0]["fullName"], "Dana Sheet");
    assert_eq!(ds["data"][0]["datasheet"], "sample");

    // CSV: quoted, formula cells neutralised.
    let res = get("/api/admin/submissions.csv").await.expect("csv");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/csv")
    );
    assert_eq!(res.headers()["cache-control"], "no-store");
    let csv = res.text().await.expect("text");
    assert!(csv.starts_with("\"id\",\"submittedAt\""), "{csv}");
    assert_eq!(csv.lines().count(), 13, "header + 12 rows");
    assert!(csv.contains("\"'=cmd|' /C calc'!A0\""), "{csv}");
    assert!(csv.contains("\"Needle in \"\"quotes\"\", ok\""), "{csv}");
    assert!(csv.contains("\"'+20 100\""), "{csv}");
    let csv = get("/api/admin/datasheet-requests.csv")
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert!(csv.contains("\"'+SUM(1)\""), "{csv}");
    assert!(csv.contains("\"sample\""), "{csv}");
}

/// The binary: says how to create the first admin, and logs neither
/// passwords nor tokens at debug level.
#[test]
fn admin_binary_logs_no_secrets_and_explains_missing_admin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spawn = |extra: &[(&str, &str)]| {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
            .env("CHLORO_RESP_ADDR", "")
            .env("CHLORO_METRICS_ADDR", "")
            .env("CHLORO_DATA_DIR", dir.path())
            .env("CHLORO_LOG", "debug")
            .env("CHLORO_LOG_FORMAT", "journald");
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("spawn");
        let log = Arc::new(Mutex::new(String::new()));
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let addr = loop {
            let line = lines.next().expect("log line").expect("read");
            log.lock().expect("lock").push_str(&format!("{line}\n"));
            if let Some(rest) = line.split("HTTP listening on http://").nth(1) {
                break rest.split_whitespace().next().expect("addr").to_owned();
            }
        };
        let sink = log.clone();
        let drain = std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().expect("lock").push_str(&format!("{line}\n"));
            }
        });
        (child, addr, log, drain)
    };
    let stop = |child: &mut std::process::Child| {
        let ok = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(ok.success());
        assert!(child.wait().expect("wait").success());
    };

    let (mut child, _, log, drain) = spawn(&[]);
    stop(&mut child);
    drain.join().expect("drain");
    let text = log.lock().expect("lock").clone();
    assert_eq!(text.matches("no admin account exists").count(), 1, "{text}");
    assert!(text.contains("chloromaster admin create"), "{text}");

    let (mut child, addr, log, drain) = spawn(&[
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
    ]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let token = rt.block_on(async {
        let c = common::client();
        let base = format!("http://{addr}");
        assert_eq!(
            login(&c, &base, USER, "a wrong password!!").await.status(),
            StatusCode::UNAUTHORIZED
        );
        let token = token(&c, &base).await;
        let res = c
            .get(format!("{base}/api/admin/submissions"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(100)).await;
        token
    });
    stop(&mut child);
    drain.join().expect("drain");
    let text = log.lock().expect("lock").clone();
    assert!(text.contains("admin signed in"), "{text}");
    for secret in [PASSWORD, "a wrong password!!", token.as_str()] {
        assert!(!text.contains(secret), "{secret} in the log:\n{text}");
    }
}

/// Over HTTPS (HTTP/2, so no Host header: the authority is checked) the
/// cookie is Secure and a same-origin cookie request passes the Origin check.
#[tokio::test]
async fn admin_cookie_is_secure_over_https() {
    use common::tls::{TestCa, https_client};
    let ca = TestCa::new("admin CA");
    let leaf = ca.leaf(&["chloro.test"]);
    let files = tempfile::tempdir().expect("tempdir");
    let (cert, key) = (files.path().join("cert.pem"), files.path().join("key.pem"));
    std::fs::write(&cert, &leaf.cert_pem).expect("cert");
    std::fs::write(&key, &leaf.key_pem).expect("key");
    let (cert, key) = (cert.display().to_string(), key.display().to_string());
    let mut extra = vars();
    extra.extend([
        ("CHLORO_HTTPS_ADDR", "127.0.0.1:0"),
        ("CHLORO_TLS_CERT", cert.as_str()),
        ("CHLORO_TLS_KEY", key.as_str()),
    ]);
    let t = common::start(&extra).await;
    let https = t.app.https_addr().expect("https listener");
    let c = https_client(&[ca.der()], "chloro.test", https);
    let base = format!("https://chloro.test:{}", https.port());
    let res = login(&c, &base, USER, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.version(), reqwest::Version::HTTP_2);
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(cookie.contains("; Secure"), "{cookie}");
    let jar = cookie.split(';').next().expect("pair").to_owned();
    let put = |origin: String| {
        c.put(format!("{base}/api/admin/submissions/5/mark-read"))
            .header("cookie", &jar)
            .header("origin", origin)
            .send()
    };
    assert_eq!(
        put(base.clone()).await.expect("put").status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        put("https://evil.example".into())
            .await
            .expect("put")
            .status(),
        StatusCode::FORBIDDEN
    );
}
