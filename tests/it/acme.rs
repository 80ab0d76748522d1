//! Certificates from a real ACME server: Debian's pebble on loopback, with a
//! CA the test makes for pebble's own HTTPS, and pebble-challtestsrv as the
//! DNS that points the test domain at 127.0.0.1.

use crate::common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::tls::{TestCa, handshake, https_client};
use reqwest::StatusCode;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

const DOMAIN: &str = "chloro.test";

/// Ends the process (by its PID) when dropped, even if the test fails.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for_port(port: u16) {
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("nothing listening on {port}");
}

struct Pebble {
    _challtestsrv: Process,
    pebble: Option<Process>,
    directory: String,
    management: u16,
    ca_file: String,
    ca: TestCa,
}

/// `directory_host` is how the appliance reaches pebble: an IP literal, or
/// a name (`localhost`) that the appliance's own resolver must look up.
fn start_pebble(dir: &Path, https_port: u16, http_port: u16, directory_host: &str) -> Pebble {
    let ca = TestCa::new("pebble test CA");
    let leaf = ca.leaf(&["127.0.0.1", "localhost"]);
    std::fs::write(dir.join("pebble.pem"), &leaf.cert_pem).expect("write");
    std::fs::write(dir.join("pebble.key"), &leaf.key_pem).expect("write");
    let ca_file = dir.join("pebble-ca.pem");
    std::fs::write(&ca_file, ca.pem()).expect("write");

    let dns = common::free_port();
    let challtest_mgmt = common::free_port();
    let challtestsrv = Process(
        Command::new("pebble-challtestsrv")
            .args(["-dns01", &format!("127.0.0.1:{dns}")])
            .args(["-http01", "", "-https01", "", "-tlsalpn01", ""])
            .args(["-management", &format!("127.0.0.1:{challtest_mgmt}")])
            .args(["-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pebble-challtestsrv (apt-get install pebble)"),
    );
    wait_for_port(challtest_mgmt);

    let listen = common::free_port();
    let management = common::free_port();
    let config = serde_json::json!({
        "pebble": {
            "listenAddress": format!("127.0.0.1:{listen}"),
            "managementListenAddress": format!("127.0.0.1:{management}"),
            "certificate": dir.join("pebble.pem"),
            "privateKey": dir.join("pebble.key"),
            "httpPort": http_port,
            "tlsPort": https_port,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": false
        }
    });
    std::fs::write(dir.join("pebble.json"), config.to_string()).expect("write");
    let pebble = Process(
        Command::new("pebble")
            .arg("-config")
            .arg(dir.join("pebble.json"))
            .args(["-dnsserver", &format!("127.0.0.1:{dns}")])
            .env("PEBBLE_VA_NOSLEEP", "1")
            .env("PEBBLE_WFE_NONCEREJECT", "0")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pebble"),
    );
    wait_for_port(listen);
    Pebble {
        _challtestsrv: challtestsrv,
        pebble: Some(pebble),
        // pebble builds every URL it hands out from the request's Host, so
        // each later ACME request goes to this host too.
        directory: format!("https://{directory_host}:{listen}/dir"),
        management,
        ca_file: ca_file.display().to_string(),
        ca,
    }
}

/// The root pebble issues under (a new one at every pebble start).
async fn issuing_root(p: &Pebble) -> CertificateDer<'static> {
    common::crypto_provider();
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured(common::tls::client_config(&[p.ca.der()]))
        .build()
        .expect("client");
    let pem = client
        .get(format!("https://127.0.0.1:{}/roots/0", p.management))
        .send()
        .await
        .expect("pebble management")
        .text()
        .await
        .expect("root");
    CertificateDer::from_pem_slice(pem.as_bytes()).expect("PEM root")
}

async fn start_appliance(
    p: &Pebble,
    data_dir: &Path,
    http: u16,
    https: u16,
    challenge: &str,
) -> chloromaster::app::App {
    let mut vars = common::base_vars(data_dir);
    vars.retain(|(k, _)| k != "CHLORO_HTTP_ADDR");
    for (k, v) in [
        ("CHLORO_HTTP_ADDR", format!("127.0.0.1:{http}")),
        ("CHLORO_HTTPS_ADDR", format!("127.0.0.1:{https}")),
        ("CHLORO_ACME_DOMAINS", DOMAIN.to_owned()),
        ("CHLORO_ACME_EMAIL", "ops@chloro.test".to_owned()),
        ("CHLORO_ACME_DIRECTORY", p.directory.clone()),
        ("CHLORO_ACME_CA_FILE", p.ca_file.clone()),
        ("CHLORO_ACME_CHALLENGE", challenge.to_owned()),
        ("CHLORO_LOG", "warn".to_owned()),
    ] {
        vars.push((k.to_owned(), v));
    }
    let config = chloromaster::config::Config::from_vars(vars).expect("valid");
    chloromaster::app::App::start(config).await.expect("starts")
}

/// Polls until the appliance serves a certificate that chains to `root`.
async fn wait_for_certificate(
    https: u16,
    root: &CertificateDer<'static>,
) -> (Vec<u8>, Option<Vec<u8>>) {
    let addr = format!("127.0.0.1:{https}").parse().expect("addr");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
    loop {
        match handshake(addr, DOMAIN, std::slice::from_ref(root)).await {
            Ok(done) => return done,
            Err(e) => {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "no certificate from pebble: {e}"
                );
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
    }
}

async fn obtain_and_reuse(challenge: &str, directory_host: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let data_dir = dir.path().join("data");
    let (http, https) = (common::free_port(), common::free_port());
    let mut pebble = start_pebble(dir.path(), https, http, directory_host);
    let root = issuing_root(&pebble).await;

    let app = start_appliance(&pebble, &data_dir, http, https, challenge).await;
    let (leaf, alpn) = wait_for_certificate(https, &root).await;
    let leaf_der = CertificateDer::from(leaf.clone());
    let parsed = webpki::EndEntityCert::try_from(&leaf_der).expect("leaf");
    parsed
        .verify_is_valid_for_subject_name(
            &rustls::pki_types::ServerName::try_from(DOMAIN).expect("name"),
        )
        .expect("certificate names the domain");
    assert_eq!(alpn.as_deref(), Some(&b"h2"[..]), "HTTP/2 negotiated");
    if directory_host.parse::<std::net::IpAddr>().is_err() {
        // The name went through hickory (the patched async-web-client's
        // hook), not through glibc's getaddrinfo.
        assert!(
            chloromaster::net::resolve::http_client_lookups() > 0,
            "ACME's HTTP client resolved {directory_host} without the resolver hook"
        );
    }

    let addr = format!("127.0.0.1:{https}").parse().expect("addr");
    let c = https_client(std::slice::from_ref(&root), DOMAIN, addr);
    let base = format!("https://{DOMAIN}:{https}");
    let res = c.get(format!("{base}/")).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.version(), reqwest::Version::HTTP_2);
    assert!(res.headers().contains_key("strict-transport-security"));
    let res = c
        .get(format!("{base}/api/unknown"))
        .send()
        .await
        .expect("API");
    assert_eq!(res.headers()["content-type"], "application/json");

    let res = common::client()
        .get(format!("http://127.0.0.1:{http}/privacy"))
        .header("host", DOMAIN)
        .send()
        .await
        .expect("plain HTTP");
    assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        res.headers()["location"],
        format!("https://{DOMAIN}:{https}/privacy")
    );

    let cache = std::fs::read_dir(data_dir.join("acme"))
        .expect("ACME cache directory")
        .count();
    assert!(cache >= 2, "account and certificate cached");
    app.shutdown().await;

    // Without pebble, a restart serves the cached certificate at once.
    drop(pebble.pebble.take());
    let app = start_appliance(&pebble, &data_dir, http, https, challenge).await;
    let (again, _) =
        tokio::time::timeout(Duration::from_secs(10), wait_for_certificate(https, &root))
            .await
            .expect("cached certificate served without the CA");
    assert_eq!(again, leaf);
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_alpn_01_certificate_from_pebble_is_served_and_cached() {
    // By name: the directory host is resolved by the appliance's resolver.
    obtain_and_reuse("tls-alpn-01", "localhost").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn http_01_certificate_from_pebble_is_served_and_cached() {
    obtain_and_reuse("http-01", "127.0.0.1").await;
}
