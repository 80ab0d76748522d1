//! HTTPS with certificate files: TLS versions and ALPN, HSTS, redirects from
//! HTTP, SNI for unknown names, rotation on reload and on file change, and a
//! bad new file that keeps the old certificate.

use crate::common;

use std::time::Duration;

use common::tls::{TestCa, handshake, https_client};
use reqwest::StatusCode;

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        Files {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
    fn write(&self, cert: &str, key: &str) {
        // Written beside and renamed into place, as deployment tools do.
        for (name, data) in [("cert.pem", cert), ("key.pem", key)] {
            let tmp = self.dir.path().join(format!("{name}.tmp"));
            std::fs::write(&tmp, data).expect("write");
            std::fs::rename(&tmp, self.dir.path().join(name)).expect("rename");
        }
    }
    fn cert(&self) -> String {
        self.dir.path().join("cert.pem").display().to_string()
    }
    fn key(&self) -> String {
        self.dir.path().join("key.pem").display().to_string()
    }
}

async fn start_https(files: &Files) -> common::TestApp {
    common::start(&[
        ("CHLORO_HTTPS_ADDR", "127.0.0.1:0"),
        ("CHLORO_TLS_CERT", &files.cert()),
        ("CHLORO_TLS_KEY", &files.key()),
    ])
    .await
}

#[tokio::test]
async fn serves_h2_over_tls_with_hsts_and_redirects_http() {
    let ca = TestCa::new("files CA");
    let leaf = ca.leaf(&["chloro.test", "www.chloro.test"]);
    let files = Files::new();
    files.write(&leaf.cert_pem, &leaf.key_pem);
    let t = start_https(&files).await;
    let https = t.app.https_addr().expect("https listener");

    let (served, alpn) = handshake(https, "chloro.test", &[ca.der()])
        .await
        .expect("handshake");
    assert_eq!(served, leaf.der);
    assert_eq!(alpn.as_deref(), Some(&b"h2"[..]));

    let c = https_client(&[ca.der()], "chloro.test", https);
    let base = format!("https://chloro.test:{}", https.port());
    let res = c
        .get(format!("{base}/"))
        .send()
        .await
        .expect("GET over HTTPS");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.version(), reqwest::Version::HTTP_2);
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    assert!(res.text().await.expect("body").contains("ChloroMaster"));
    let res = c
        .get(format!("{base}/api/nothing"))
        .send()
        .await
        .expect("API over HTTPS");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["content-type"], "application/json");

    // Plain HTTP redirects, keeping host, path and query; health stays plain.
    let plain = common::client();
    let res = plain
        .get(t.url("/service/x?lang=ar"))
        .header("host", "chloro.test")
        .send()
        .await
        .expect("GET over HTTP");
    assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        res.headers()["location"],
        format!("https://chloro.test:{}/service/x?lang=ar", https.port())
    );
    assert!(
        !res.headers().contains_key("strict-transport-security"),
        "no HSTS over HTTP"
    );
    // A cached API response is never served over plain HTTP: it redirects.
    for expected in ["MISS", "HIT"] {
        let res = c
            .get(format!("{base}/api/products"))
            .send()
            .await
            .expect("API over HTTPS");
        assert_eq!(res.headers()["x-cache-status"], expected);
    }
    let res = plain
        .get(t.url("/api/products"))
        .header("host", "chloro.test")
        .send()
        .await
        .expect("API over HTTP");
    assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY);
    let res = plain
        .post(t.url("/api/contact"))
        .header("host", "chloro.test")
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    let res = plain.get(t.url("/health")).send().await.expect("health");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.expect("body"), "healthy");
}

#[tokio::test]
async fn names_outside_the_certificate_get_an_alert() {
    let ca = TestCa::new("files CA");
    let leaf = ca.leaf(&["chloro.test"]);
    let files = Files::new();
    files.write(&leaf.cert_pem, &leaf.key_pem);
    let t = start_https(&files).await;
    let https = t.app.https_addr().expect("https listener");
    let err = handshake(https, "other.example", &[ca.der()])
        .await
        .expect_err("no certificate for that name");
    let msg = err.to_string();
    assert!(
        !msg.contains("UnknownIssuer") && !msg.contains("NotValidForName"),
        "an alert, not another site's certificate: {msg}"
    );

    // A client that sends no bytes is dropped after the head timeout.
    let t = common::start(&[
        ("CHLORO_HTTPS_ADDR", "127.0.0.1:0"),
        ("CHLORO_TLS_CERT", &files.cert()),
        ("CHLORO_TLS_KEY", &files.key()),
        ("CHLORO_HEADER_TIMEOUT", "300ms"),
    ])
    .await;
    use tokio::io::AsyncReadExt;
    let mut idle = tokio::net::TcpStream::connect(t.app.https_addr().expect("https"))
        .await
        .expect("connect");
    let mut buf = [0u8; 16];
    let closed = tokio::time::timeout(Duration::from_secs(3), idle.read(&mut buf)).await;
    assert!(matches!(closed, Ok(Ok(0)) | Ok(Err(_))), "{closed:?}");
}

#[tokio::test]
async fn certificates_rotate_on_reload_and_on_change_and_bad_files_keep_the_old() {
    let ca = TestCa::new("files CA");
    let first = ca.leaf(&["chloro.test"]);
    let files = Files::new();
    files.write(&first.cert_pem, &first.key_pem);
    let t = start_https(&files).await;
    let https = t.app.https_addr().expect("https listener");
    let served = || async {
        handshake(https, "chloro.test", &[ca.der()])
            .await
            .expect("handshake")
            .0
    };
    assert_eq!(served().await, first.der);

    // SIGHUP (the same reload the binary runs on the signal).
    let second = ca.leaf(&["chloro.test"]);
    files.write(&second.cert_pem, &second.key_pem);
    t.app.reload().await;
    assert_eq!(
        served().await,
        second.der,
        "new connections get the new certificate"
    );

    // A broken pair (key of another certificate) is refused; the old stays.
    let third = ca.leaf(&["chloro.test"]);
    files.write(&third.cert_pem, &second.key_pem);
    t.app.reload().await;
    assert_eq!(
        served().await,
        second.der,
        "a bad new file keeps the old certificate"
    );
    files.write("not a certificate", "nor a key");
    t.app.reload().await;
    assert_eq!(served().await, second.der);

    // A change on disk is picked up without any signal.
    let fourth = ca.leaf(&["chloro.test"]);
    files.write(&fourth.cert_pem, &fourth.key_pem);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if served().await == fourth.der {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "file change not picked up"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_bad_certificate_file_fails_the_start_with_the_variable_named() {
    let files = Files::new();
    files.write("garbage", "garbage");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut vars = common::base_vars(dir.path());
    vars.push(("CHLORO_HTTPS_ADDR".into(), "127.0.0.1:0".into()));
    vars.push(("CHLORO_TLS_CERT".into(), files.cert()));
    vars.push(("CHLORO_TLS_KEY".into(), files.key()));
    let config = chloromaster::config::Config::from_vars(vars).expect("syntactically valid");
    let err = chloromaster::app::App::start(config)
        .await
        .err()
        .expect("start fails");
    assert!(format!("{err:#}").contains("CHLORO_TLS_CERT"), "{err:#}");
}
