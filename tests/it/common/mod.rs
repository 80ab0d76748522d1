//! Starts the real appliance (the library's `App`) on loopback port 0 with a
//! temporary data directory, for black-box tests over real sockets.
#![allow(dead_code)]

pub mod tls;

use std::net::SocketAddr;

use chloromaster::app::App;
use chloromaster::config::Config;
use tempfile::TempDir;

pub struct TestApp {
    pub app: App,
    pub addr: SocketAddr,
    pub base: String,
    pub data_dir: TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

/// Variables every test app gets unless the test overrides them.
pub fn base_vars(data_dir: &std::path::Path) -> Vec<(String, String)> {
    [
        ("CHLORO_HTTP_ADDR", "127.0.0.1:0".to_owned()),
        ("CHLORO_DATA_DIR", data_dir.display().to_string()),
        ("CHLORO_RESP_ADDR", String::new()),
        ("CHLORO_METRICS_ADDR", String::new()),
        ("CHLORO_LOG", "warn".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

pub async fn start(extra: &[(&str, &str)]) -> TestApp {
    start_in(tempfile::tempdir().expect("temp data dir"), extra).await
}

/// [`start`] on an existing data directory, e.g. the one of an appliance
/// that was shut down (a restart).
pub async fn start_in(data_dir: TempDir, extra: &[(&str, &str)]) -> TestApp {
    let mut vars = base_vars(data_dir.path());
    for (k, v) in extra {
        vars.retain(|(name, _)| name != k);
        vars.push(((*k).to_owned(), (*v).to_owned()));
    }
    let config = Config::from_vars(vars).expect("test configuration is valid");
    let app = App::start(config).await.expect("appliance starts");
    let addr = app.http_addr();
    TestApp {
        app,
        addr,
        base: format!("http://{addr}"),
        data_dir,
    }
}

/// A client that neither follows redirects nor decompresses, so tests see
/// exactly what the server sent.
pub fn client() -> reqwest::Client {
    crypto_provider();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Sends raw bytes on a fresh connection and returns everything the server
/// answers until it closes or goes quiet.
pub async fn raw(addr: SocketAddr, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    s.write_all(request).await.expect("write");
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(2), s.read(&mut buf)).await {
            Ok(Ok(0)) | Err(_) | Ok(Err(_)) => break,
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// reqwest is built without a TLS provider of its own: the tests use ring,
/// like the appliance.
pub fn crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Signs in over `POST /api/admin/login` and returns the session token
/// (asserting a 200).
pub async fn admin_token(c: &reqwest::Client, t: &TestApp, user: &str, password: &str) -> String {
    let res = c
        .post(t.url("/api/admin/login"))
        .json(&serde_json::json!({"username": user, "password": password}))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), reqwest::StatusCode::OK, "admin login");
    let body: serde_json::Value = res.json().await.expect("login json");
    body["token"].as_str().expect("token").to_owned()
}

/// A port that is free now and stays free until the process it is meant
/// for binds it: taken below Linux's ephemeral range (32768–60999), where the
/// other tests' `127.0.0.1:0` listeners and outgoing connections are never
/// given ports. (A port from `bind(0)` could be handed to a parallel test
/// between being picked here and being bound by the appliance.)
pub fn free_port() -> u16 {
    loop {
        let port = rand::random_range(20_000..32_000);
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}
