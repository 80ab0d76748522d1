//! Outgoing mail against a real SMTP server: Debian's aiosmtpd on loopback
//! (`tests/smtp/sink.py`), which writes every delivered message as JSON.
//! Covers delivery of the contact and datasheet mail, a relay that is down
//! (the API still answers, the message waits and goes out later, across a
//! restart too), dead messages and the admin outbox, the sent-mail metric,
//! secrets and visitor data kept out of output and logs, and the limits on
//! mail to visitor-supplied addresses (a spammer's requests, from many
//! client addresses and across a restart, mail a victim at most the limit;
//! visitor text never reaches a visitor's mailbox).

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");
const ADMIN_USER: &str = "ops";
const ADMIN_PASSWORD: &str = "correct horse battery staple";
const SMTP_USER: &str = "mailer";
const SMTP_PASSWORD: &str = "smtp-s3cret-pw";
const VISITOR: &str = "jane.doe@example.com";
const SPAM_NAME: &str = "Buy cheap pills at spam.example";

/// The SMTP server, stopped (by its PID) when dropped.
struct Sink {
    child: Child,
    dir: tempfile::TempDir,
}

impl Sink {
    fn start(port: u16, auth: bool) -> Sink {
        Self::start_with(port, auth, None)
    }

    /// `tls`: (`implicit` | `starttls`, certificate file, key file).
    fn start_with(port: u16, auth: bool, tls: Option<(&str, &Path, &Path)>) -> Sink {
        let dir = tempfile::tempdir().expect("sink dir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/sink.py");
        let mut cmd = Command::new("/usr/bin/python3");
        cmd.arg(script).arg(port.to_string()).arg(dir.path());
        if auth {
            cmd.args(["--auth", SMTP_USER, SMTP_PASSWORD]);
        }
        if let Some((mode, cert, key)) = tls {
            cmd.arg("--tls").arg(mode).arg(cert).arg(key);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-aiosmtpd is installed (cargo xtask test installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("sink output");
        assert_eq!(line.trim(), "READY", "sink did not start");
        Sink { child, dir }
    }

    fn messages(&self) -> Vec<Value> {
        let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(self.dir.path())
            .expect("read sink dir")
            .filter_map(|e| {
                let path = e.ok()?.path();
                let n = path.file_stem()?.to_str()?.parse().ok()?;
                (path.extension()? == "json").then_some((n, path))
            })
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|(_, p)| {
                serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("json")
            })
            .collect()
    }

    async fn wait_for(&self, n: usize) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "expected {n} messages, got {got:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn vars(smtp_url: &str) -> Vec<(String, String)> {
    [
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_ADMIN_USER", ADMIN_USER),
        ("CHLORO_ADMIN_PASSWORD", ADMIN_PASSWORD),
        ("CHLORO_SMTP_URL", smtp_url),
        ("CHLORO_MAIL_FROM", "ChloroMaster <web@chloro.test>"),
        ("CHLORO_MAIL_ADMIN", "sales@chloro.test"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

async fn start(extra: &[(String, String)]) -> common::TestApp {
    let borrowed: Vec<(&str, &str)> = extra
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    common::start(&borrowed).await
}

/// [`start`] on the data directory of an appliance that was shut down.
async fn restart(data_dir: tempfile::TempDir, extra: &[(String, String)]) -> common::TestApp {
    let borrowed: Vec<(&str, &str)> = extra
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    common::start_in(data_dir, &borrowed).await
}

/// `chloromaster_emails_sent_total`, read from the metrics listener.
async fn emails_sent(c: &reqwest::Client, t: &common::TestApp) -> f64 {
    let addr = t.app.metrics_addr().expect("metrics listener");
    let text = c
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .expect("scrape")
        .text()
        .await
        .expect("metrics text");
    let line = text
        .lines()
        .find(|l| l.starts_with("chloromaster_emails_sent_total "))
        .unwrap_or_else(|| panic!("no chloromaster_emails_sent_total in {text}"));
    line.split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("bad sample {line:?}"))
}

/// `chloromaster_emails_suppressed_total{reason="…"}`.
async fn emails_suppressed(c: &reqwest::Client, t: &common::TestApp, reason: &str) -> f64 {
    let addr = t.app.metrics_addr().expect("metrics listener");
    let text = c
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .expect("scrape")
        .text()
        .await
        .expect("metrics text");
    let prefix = format!("chloromaster_emails_suppressed_total{{reason=\"{reason}\"}} ");
    let line = text
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {prefix} in {text}"));
    line.split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("bad sample {line:?}"))
}

/// Waits (10 s at most) until the metric reads `n`.
async fn emails_sent_reaches(c: &reqwest::Client, t: &common::TestApp, n: f64) {
    let start = Instant::now();
    loop {
        let got = emails_sent(c, t).await;
        if got == n {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "chloromaster_emails_sent_total is {got}, expected {n}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn admin_token(c: &reqwest::Client, t: &common::TestApp) -> String {
    common::admin_token(c, t, ADMIN_USER, ADMIN_PASSWORD).await
}

async fn outbox(c: &reqwest::Client, t: &common::TestApp, token: &str) -> Value {
    let res = c
        .get(t.url("/api/admin/outbox"))
        .bearer_auth(token)
        .send()
        .await
        .expect("outbox");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    res.json().await.expect("json")
}

/// The outbox state once `done` holds (within 10 s).
async fn settled(
    c: &reqwest::Client,
    t: &common::TestApp,
    token: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let start = Instant::now();
    loop {
        let state = outbox(c, t, token).await;
        if done(&state) {
            return state;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "{state}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn submit_contact(c: &reqwest::Client, t: &common::TestApp) {
    let res = c
        .post(t.url("/api/contact"))
        .json(&json!({
            "firstName": "Jane", "lastName": "Doe", "email": VISITOR,
            "phone": "+20 100 000 0000", "company": "Nile Water",
            "message": "Please quote 4 drum trunnions.\nThanks."
        }))
        .send()
        .await
        .expect("contact");
    assert_eq!(res.status(), StatusCode::CREATED);
}

async fn request_datasheet(c: &reqwest::Client, t: &common::TestApp) -> String {
    let res = c
        .post(t.url("/api/datasheet/request"))
        .json(&json!({
            "firstName": "Jane", "lastName": "Doe", "email": VISITOR,
            "phone": "+20 100 000 0000", "company": "Nile Water", "country": "Egypt",
            "datasheetSlug": "emergency-kit"
        }))
        .send()
        .await
        .expect("datasheet");
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.expect("json");
    body["downloadUrl"].as_str().expect("url").to_owned()
}

/// A datasheet request as a spammer sends it, from `client_ip` (forwarded
/// by the trusted loopback proxy): 200 with a working link either way.
async fn spam_datasheet(
    c: &reqwest::Client,
    t: &common::TestApp,
    email: &str,
    client_ip: &str,
) -> String {
    let res = c
        .post(t.url("/api/datasheet/request"))
        .header("x-forwarded-for", client_ip)
        .json(&json!({
            "firstName": SPAM_NAME, "email": email, "phone": "+1 555 0100",
            "datasheetSlug": "emergency-kit"
        }))
        .send()
        .await
        .expect("datasheet");
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.expect("json");
    body["downloadUrl"].as_str().expect("url").to_owned()
}

/// What a visitor wrote never reaches a visitor's mailbox.
fn assert_no_visitor_text(m: &Value) {
    let body = m["body"].as_str().expect("body");
    let subject = m["subject"].as_str().expect("subject");
    for text in ["spam", "pills", "Cheap", "buy?now"] {
        assert!(!body.contains(text), "{text} reached the visitor: {body}");
        assert!(
            !subject.contains(text),
            "{text} reached the visitor: {subject}"
        );
    }
    assert_eq!(
        body.lines().next().map(str::trim_end),
        Some("Hello,"),
        "a neutral greeting: {body}"
    );
    assert!(body.contains("مرحباً،"), "and in Arabic: {body}");
}

async fn stop(t: common::TestApp) {
    tokio::time::timeout(Duration::from_secs(15), t.app.shutdown())
        .await
        .expect("shutdown is prompt with the mail sender running");
}

#[tokio::test]
async fn mail_contact_and_datasheet_mail_is_delivered_and_the_link_downloads() {
    let port = common::free_port();
    let sink = Sink::start(port, true);
    let t = start(&vars(&format!(
        "smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{port}"
    )))
    .await;
    let c = common::client();

    submit_contact(&c, &t).await;
    let got = sink.wait_for(2).await;
    let admin = got
        .iter()
        .find(|m| m["rcpt_tos"] == json!(["sales@chloro.test"]))
        .expect("admin notification");
    let visitor = got
        .iter()
        .find(|m| m["rcpt_tos"] == json!([VISITOR]))
        .expect("visitor confirmation");
    for m in [admin, visitor] {
        assert_eq!(m["mail_from"], "web@chloro.test");
        assert_eq!(m["from"], "ChloroMaster <web@chloro.test>");
        assert_eq!(m["content_type"], "text/plain");
    }
    assert_eq!(admin["to"], "sales@chloro.test");
    assert_eq!(
        admin["subject"],
        "New contact form submission from Jane Doe"
    );
    assert_eq!(admin["reply_to"], VISITOR);
    let body = admin["body"].as_str().expect("body");
    for part in [
        "Please quote 4 drum trunnions.",
        "+20 100 000 0000",
        "Nile Water",
        VISITOR,
    ] {
        assert!(body.contains(part), "{part} missing from {body}");
    }
    assert_eq!(visitor["to"], VISITOR);
    assert!(
        visitor["subject"]
            .as_str()
            .is_some_and(|s| s.starts_with("We received your message")),
        "{visitor}"
    );
    let body = visitor["body"].as_str().expect("body");
    assert!(body.contains("Dear Jane Doe"), "{body}");
    assert!(body.contains("كلورو ماستر"), "Arabic part: {body}");

    let relative = request_datasheet(&c, &t).await;
    let got = sink.wait_for(3).await;
    let link_mail = &got[2];
    assert_eq!(link_mail["rcpt_tos"], json!([VISITOR]));
    assert!(
        link_mail["subject"]
            .as_str()
            .is_some_and(|s| s.contains("ChloroMaster Emergency Kit")),
        "{link_mail}"
    );
    let body = link_mail["body"].as_str().expect("body");
    let link = body
        .lines()
        .map(str::trim)
        .find(|l| l.contains("/api/datasheet/download/"))
        .expect("link in the mail");
    // Absolute: the public origin (here the bound listener) + the API's URL.
    assert_eq!(link, t.url(&relative));
    let res = c.get(link).send().await.expect("download");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.bytes().await.expect("pdf").starts_with(b"%PDF"));

    let token = admin_token(&c, &t).await;
    let state = settled(&c, &t, &token, |s| s["sent"] == 3).await;
    assert_eq!(state["enabled"], true);
    assert_eq!(state["pending"], 0, "{state}");
    assert_eq!(state["dead"], 0);
    assert_eq!(state["sent"], 3);
    assert_eq!(state["messages"], json!([]));
    stop(t).await;
}

#[tokio::test]
async fn mail_off_without_a_relay_queues_nothing() {
    let mut v = vars("");
    v.retain(|(k, _)| !k.starts_with("CHLORO_MAIL") && k != "CHLORO_SMTP_URL");
    let t = start(&v).await;
    let c = common::client();
    submit_contact(&c, &t).await;
    request_datasheet(&c, &t).await;
    let token = admin_token(&c, &t).await;
    let state = outbox(&c, &t, &token).await;
    assert_eq!(
        state,
        json!({"enabled": false, "pending": 0, "dead": 0, "sent": 0, "suppressed": 0, "messages": []})
    );
    stop(t).await;
}

#[tokio::test]
async fn mail_waits_while_the_relay_is_down_and_goes_out_when_it_is_back() {
    let port = common::free_port();
    let mut v = vars(&format!("smtp://127.0.0.1:{port}"));
    v.push(("CHLORO_MAIL_RETRY_BASE".into(), "200ms".into()));
    let t = start(&v).await;
    let c = common::client();
    request_datasheet(&c, &t).await;
    let token = admin_token(&c, &t).await;

    // Failing, but pending with a reason and a next attempt.
    let start_wait = Instant::now();
    let message = loop {
        let state = outbox(&c, &t, &token).await;
        let m = state["messages"][0].clone();
        if m["attempts"].as_u64().unwrap_or(0) >= 1 {
            assert_eq!(state["pending"], 1, "{state}");
            break m;
        }
        assert!(start_wait.elapsed() < Duration::from_secs(10), "{state}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(message["status"], "pending");
    assert_eq!(message["kind"], "datasheet-link");
    assert_eq!(message["recipient"], "j***@example.com");
    assert!(message["lastError"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(
        message["nextAttemptAt"]
            .as_str()
            .is_some_and(|s| s.ends_with('Z'))
    );
    assert!(message["createdAt"].as_str().is_some());

    let sink = Sink::start(port, false);
    let got = sink.wait_for(1).await;
    assert_eq!(got[0]["rcpt_tos"], json!([VISITOR]));
    // Removed from the outbox just after the relay took it.
    let state = settled(&c, &t, &token, |s| s["sent"] == 1).await;
    assert_eq!(state["pending"], 0, "{state}");
    stop(t).await;
}

#[tokio::test]
async fn mail_dead_after_max_attempts_is_listed_and_can_be_retried_or_deleted() {
    let port = common::free_port();
    let mut v = vars(&format!("smtp://127.0.0.1:{port}"));
    v.push(("CHLORO_MAIL_RETRY_BASE".into(), "20ms".into()));
    v.push(("CHLORO_MAIL_MAX_ATTEMPTS".into(), "3".into()));
    let t = start(&v).await;
    let c = common::client();
    submit_contact(&c, &t).await;
    submit_contact(&c, &t).await;
    let token = admin_token(&c, &t).await;

    let start_wait = Instant::now();
    let state = loop {
        let state = outbox(&c, &t, &token).await;
        if state["dead"] == 4 {
            break state;
        }
        assert!(start_wait.elapsed() < Duration::from_secs(15), "{state}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(state["pending"], 0);
    let messages = state["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 4);
    let ids: Vec<u64> = messages
        .iter()
        .map(|m| m["id"].as_u64().expect("id"))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    for m in messages {
        assert_eq!(m["status"], "dead");
        assert_eq!(m["attempts"], 3);
        assert_eq!(m["nextAttemptAt"], Value::Null);
        assert!(
            m["lastError"]
                .as_str()
                .is_some_and(|e| e.contains("127.0.0.1")),
            "{m}"
        );
    }
    let mut kinds: Vec<&str> = messages.iter().filter_map(|m| m["kind"].as_str()).collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        [
            "contact-admin",
            "contact-admin",
            "contact-visitor",
            "contact-visitor"
        ]
    );

    // Delete one, retry the others once the relay is up.
    let res = c
        .delete(t.url(&format!("/api/admin/outbox/{}", ids[0])))
        .bearer_auth(&token)
        .send()
        .await
        .expect("delete");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for path in [
        "/api/admin/outbox/999999/retry",
        "/api/admin/outbox/x/retry",
    ] {
        let res = c
            .post(t.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .expect("retry");
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let sink = Sink::start(port, false);
    for id in &ids[1..] {
        let res = c
            .post(t.url(&format!("/api/admin/outbox/{id}/retry")))
            .bearer_auth(&token)
            .send()
            .await
            .expect("retry");
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(res.headers()["cache-control"], "no-store");
    }
    let got = sink.wait_for(3).await;
    let state = settled(&c, &t, &token, |s| s["sent"] == 3).await;
    assert_eq!(sink.messages().len(), 3, "{got:?}");
    assert_eq!(
        (&state["pending"], &state["dead"], &state["sent"]),
        (&json!(0), &json!(0), &json!(3)),
        "{state}"
    );
    stop(t).await;
}

#[tokio::test]
async fn mail_delivered_messages_are_counted_in_the_metrics() {
    let port = common::free_port();
    let mut v = vars(&format!("smtp://127.0.0.1:{port}"));
    v.push(("CHLORO_METRICS_ADDR".into(), "127.0.0.1:0".into()));
    v.push(("CHLORO_MAIL_RETRY_BASE".into(), "100ms".into()));
    let t = start(&v).await;
    let c = common::client();
    // The metrics are process-wide: absolute counts hold because nextest
    // (the suite's runner) gives every test its own process.
    assert_eq!(emails_sent(&c, &t).await, 0.0);

    // Attempts that fail are not sent mail.
    request_datasheet(&c, &t).await;
    let token = admin_token(&c, &t).await;
    settled(&c, &t, &token, |s| {
        s["messages"][0]["attempts"].as_u64().unwrap_or(0) >= 2
    })
    .await;
    assert_eq!(emails_sent(&c, &t).await, 0.0);

    let sink = Sink::start(port, false);
    sink.wait_for(1).await;
    emails_sent_reaches(&c, &t, 1.0).await;
    submit_contact(&c, &t).await;
    sink.wait_for(3).await;
    emails_sent_reaches(&c, &t, 3.0).await;
    let state = settled(&c, &t, &token, |s| s["sent"] == 3).await;
    assert_eq!(state["pending"], 0, "{state}");
    assert_eq!(sink.messages().len(), 3);
    assert_eq!(emails_sent(&c, &t).await, 3.0, "one per delivered message");
    stop(t).await;
}

#[tokio::test]
async fn mail_pending_at_shutdown_goes_out_after_a_restart() {
    let port = common::free_port();
    let mut v = vars(&format!("smtp://127.0.0.1:{port}"));
    v.push(("CHLORO_MAIL_RETRY_BASE".into(), "200ms".into()));
    let t = start(&v).await;
    let c = common::client();
    submit_contact(&c, &t).await;
    let token = admin_token(&c, &t).await;
    // Both messages tried against the dead relay, and still pending.
    let state = settled(&c, &t, &token, |s| {
        s["pending"] == 2
            && s["messages"]
                .as_array()
                .is_some_and(|m| m.iter().all(|m| m["attempts"].as_u64() >= Some(1)))
    })
    .await;
    assert_eq!(state["sent"], 0, "{state}");
    let common::TestApp { app, data_dir, .. } = t;
    tokio::time::timeout(Duration::from_secs(15), app.shutdown())
        .await
        .expect("prompt shutdown");

    // The relay comes back while the appliance is stopped; nothing can
    // have been sent yet.
    let sink = Sink::start(port, false);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sink.messages().is_empty());
    let t = restart(data_dir, &v).await;
    let got = sink.wait_for(2).await;
    let mut to: Vec<&str> = got.iter().map(|m| m["to"].as_str().expect("to")).collect();
    to.sort_unstable();
    assert_eq!(to, [VISITOR, "sales@chloro.test"]);
    let token = admin_token(&c, &t).await;
    let state = settled(&c, &t, &token, |s| s["pending"] == 0).await;
    assert_eq!(state["dead"], 0, "{state}");
    assert_eq!(state["messages"], json!([]), "{state}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 2, "each message once");
    stop(t).await;
}

/// Implicit TLS and STARTTLS with a private CA: the relay is named
/// `localhost`, resolved by the appliance's own resolver, connected to by
/// address, and its certificate checked against the name. Without the CA
/// the certificate is refused and the message waits.
#[tokio::test]
async fn mail_over_implicit_tls_and_starttls_verifies_the_relay_name() {
    let ca = common::tls::TestCa::new("Mail Test CA");
    let leaf = ca.leaf(&["localhost"]);
    let files = tempfile::tempdir().expect("files");
    let (ca_file, cert, key) = (
        files.path().join("ca.pem"),
        files.path().join("cert.pem"),
        files.path().join("key.pem"),
    );
    std::fs::write(&ca_file, ca.pem()).expect("ca");
    std::fs::write(&cert, &leaf.cert_pem).expect("cert");
    std::fs::write(&key, &leaf.key_pem).expect("key");
    let c = common::client();

    for (mode, url) in [
        ("implicit", "smtps://{user}:{pw}@localhost:{port}"),
        (
            "starttls",
            "smtp://{user}:{pw}@localhost:{port}?tls=required",
        ),
    ] {
        let port = common::free_port();
        let sink = Sink::start_with(port, true, Some((mode, &cert, &key)));
        let url = url
            .replace("{user}", SMTP_USER)
            .replace("{pw}", SMTP_PASSWORD)
            .replace("{port}", &port.to_string());
        let mut v = vars(&url);
        v.push(("CHLORO_SMTP_CA_FILE".into(), ca_file.display().to_string()));
        let t = start(&v).await;
        request_datasheet(&c, &t).await;
        let got = sink.wait_for(1).await;
        assert_eq!(got[0]["rcpt_tos"], json!([VISITOR]), "{mode}");
        stop(t).await;

        if mode == "implicit" {
            // The same relay without the private CA: refused, kept pending.
            let t = start(&vars(&url)).await;
            request_datasheet(&c, &t).await;
            let token = admin_token(&c, &t).await;
            let state = settled(&c, &t, &token, |s| s["messages"][0]["attempts"] == 1).await;
            let error = state["messages"][0]["lastError"]
                .as_str()
                .unwrap_or_default();
            assert!(error.to_lowercase().contains("certificate"), "{error}");
            assert!(!error.contains(SMTP_PASSWORD));
            assert_eq!(state["messages"][0]["status"], "pending");
            assert_eq!(sink.messages().len(), 1, "nothing delivered without trust");
            stop(t).await;
        }
    }
}

/// The built binary: `config` redacts the password, the `smtp-password`
/// credential is used for AUTH, and the log carries neither the password
/// nor the visitor's full address.
#[test]
fn mail_secrets_stay_out_of_config_output_and_logs() {
    let port = common::free_port();
    let sink = Sink::start(port, true);
    let data = tempfile::tempdir().expect("data");
    let creds = tempfile::tempdir().expect("creds");
    std::fs::write(
        creds.path().join("smtp-password"),
        format!("{SMTP_PASSWORD}\n"),
    )
    .expect("credential");
    let env = |cmd: &mut Command, url: &str| {
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
            .env("CHLORO_RESP_ADDR", "")
            .env("CHLORO_DATA_DIR", data.path())
            .env("CHLORO_LOG", "debug")
            .env("CHLORO_LOG_FORMAT", "journald")
            .env("CHLORO_SMTP_URL", url)
            .env("CHLORO_MAIL_FROM", "web@chloro.test")
            .env("CREDENTIALS_DIRECTORY", creds.path());
    };

    let with_password = format!("smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{port}");
    let mut cmd = Command::new(BIN);
    env(&mut cmd, &with_password);
    let out = cmd.arg("config").output().expect("config");
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(!printed.contains(SMTP_PASSWORD), "{printed}");
    assert!(
        printed.contains(&format!(
            "CHLORO_SMTP_URL=smtp://{SMTP_USER}:<redacted>@127.0.0.1:{port}?tls=none"
        )),
        "{printed}"
    );

    // The password only in the credential.
    let mut cmd = Command::new(BIN);
    env(&mut cmd, &format!("smtp://{SMTP_USER}@127.0.0.1:{port}"));
    let mut child = cmd
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let (addr, mut log, drain) = follow_log(&mut child);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let c = common::client();
        let res = c
            .post(format!("http://{addr}/api/contact"))
            .json(&json!({"firstName": "Jane", "email": VISITOR, "phone": "+20 100 000 0000", "message": "hi"}))
            .send()
            .await
            .expect("contact");
        assert_eq!(res.status(), StatusCode::CREATED);
        sink.wait_for(1).await;
        // The second message comes from the same relay; give the log a moment.
        tokio::time::sleep(Duration::from_millis(300)).await;
    });
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
    assert!(child.wait().expect("wait").success());
    log.push_str(&drain.join().expect("drain"));
    assert!(log.contains("mail sent"), "{log}");
    assert!(log.contains("j***@example.com"), "{log}");
    assert!(!log.contains(SMTP_PASSWORD), "password in the log:\n{log}");
    assert!(!log.contains(VISITOR), "visitor address in the log:\n{log}");
}

/// The built binary behind a trusted proxy, at debug level, with mail
/// going out: after contact submissions (one over the hourly limit, which
/// is logged with the client's address) the log has neither the visitor's
/// phone number nor their IP address; only the masked address.
#[test]
fn mail_visitor_phone_and_ip_stay_out_of_the_logs() {
    const PHONE: &str = "+20 122 987 6543";
    const IP: &str = "198.51.100.23";
    let port = common::free_port();
    let sink = Sink::start(port, false);
    let data = tempfile::tempdir().expect("data");
    let mut child = Command::new(BIN)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_DATA_DIR", data.path())
        .env("CHLORO_LOG", "debug")
        .env("CHLORO_LOG_FORMAT", "journald")
        .env("CHLORO_TRUSTED_PROXIES", "127.0.0.1")
        .env("CHLORO_CONTACT_LIMIT_PER_HOUR", "1")
        .env("CHLORO_ADMIN_USER", ADMIN_USER)
        .env("CHLORO_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("CHLORO_SMTP_URL", format!("smtp://127.0.0.1:{port}"))
        .env("CHLORO_MAIL_FROM", "web@chloro.test")
        .env("CHLORO_MAIL_ADMIN", "sales@chloro.test")
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let (addr, mut log, drain) = follow_log(&mut child);
    let stdout = child.stdout.take().expect("stdout");
    let drain_stdout = std::thread::spawn(move || {
        let mut out = String::new();
        std::io::Read::read_to_string(&mut BufReader::new(stdout), &mut out).expect("stdout");
        out
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let c = common::client();
        let body = json!({"firstName": "Jane", "lastName": "Doe", "email": VISITOR,
                          "phone": PHONE, "company": "Nile Water", "message": "Call me back."});
        let mut statuses = Vec::new();
        for _ in 0..2 {
            let res = c
                .post(format!("http://{addr}/api/contact"))
                .header("x-forwarded-for", IP)
                .json(&body)
                .send()
                .await
                .expect("contact");
            statuses.push(res.status());
        }
        assert_eq!(
            statuses,
            [StatusCode::CREATED, StatusCode::TOO_MANY_REQUESTS],
            "the second is over the limit of the forwarded address"
        );
        // The phone number went into the admin notification.
        let got = sink.wait_for(2).await;
        assert!(
            got.iter()
                .any(|m| m["body"].as_str().is_some_and(|b| b.contains(PHONE))),
            "{got:?}"
        );
        // The address was believed and stored with the submission.
        let res = c
            .post(format!("http://{addr}/api/admin/login"))
            .json(&json!({"username": ADMIN_USER, "password": ADMIN_PASSWORD}))
            .send()
            .await
            .expect("login");
        let token: Value = res.json().await.expect("json");
        let token = token["token"].as_str().expect("token");
        let detail: Value = c
            .get(format!("http://{addr}/api/admin/submissions/1"))
            .bearer_auth(token)
            .send()
            .await
            .expect("detail")
            .json()
            .await
            .expect("json");
        assert_eq!(detail["ipAddress"], IP, "{detail}");
        assert_eq!(detail["phone"], PHONE, "{detail}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    });
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
    assert!(child.wait().expect("wait").success());
    log.push_str(&drain.join().expect("drain"));
    log.push_str(&drain_stdout.join().expect("drain stdout"));
    // The log saw this visitor (masked), so the checks below are not vacuous.
    assert!(log.contains("198.51.100.x"), "{log}");
    assert!(log.contains("mail sent"), "{log}");
    let digits: String = PHONE.chars().filter(char::is_ascii_digit).collect();
    for (what, secret) in [
        ("phone number", PHONE),
        ("phone digits", digits.as_str()),
        ("national number", "122 987 6543"),
        ("IP address", IP),
        ("e-mail address", VISITOR),
    ] {
        assert!(!log.contains(secret), "visitor's {what} in the log:\n{log}");
    }
}

/// The spammer's attack: 30 datasheet requests for one victim (some with
/// `+tags` and capitals), from six client addresses, with an advert for a
/// name. Each request succeeds with its link, but the victim gets 3 mails
/// (`CHLORO_MAIL_PER_RECIPIENT_PER_DAY`'s default), none carrying the
/// advert; the other 27 are listed as suppressed and counted. After a
/// restart the count holds, while another address still gets its mail.
#[tokio::test]
async fn mail_to_one_address_is_limited_however_many_clients_ask_and_across_a_restart() {
    const VICTIM: &str = "victim@example.org";
    let port = common::free_port();
    let sink = Sink::start(port, false);
    let mut v = vars(&format!("smtp://127.0.0.1:{port}"));
    v.push(("CHLORO_TRUSTED_PROXIES".into(), "127.0.0.1".into()));
    v.push(("CHLORO_METRICS_ADDR".into(), "127.0.0.1:0".into()));
    let t = start(&v).await;
    let c = common::client();
    let address = |i: usize| match i % 5 {
        0 => format!("Victim+{i}@Example.ORG"),
        _ => VICTIM.to_owned(),
    };

    let started = Instant::now();
    let mut links = Vec::new();
    for i in 0..30 {
        let ip = format!("203.0.113.{}", i % 6 + 1);
        links.push(spam_datasheet(&c, &t, &address(i), &ip).await);
    }
    let took = started.elapsed();
    let token = admin_token(&c, &t).await;
    let state = settled(&c, &t, &token, |s| {
        s["pending"] == 0
            && s["sent"].as_u64().unwrap_or(0) + s["suppressed"].as_u64().unwrap_or(0) == 30
    })
    .await;
    assert_eq!(
        (&state["sent"], &state["suppressed"], &state["dead"]),
        (&json!(3), &json!(27), &json!(0)),
        "{state}"
    );
    // Give a stray 4th message time to arrive, then count.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let got = sink.messages();
    assert_eq!(got.len(), 3, "30 requests in {took:?}: {got:?}");
    for m in &got {
        let to = m["rcpt_tos"][0].as_str().expect("rcpt").to_lowercase();
        assert!(
            to.starts_with("victim") && to.ends_with("@example.org"),
            "{m}"
        );
        assert_no_visitor_text(m);
    }
    // Every visitor still got their link on the page.
    let res = c.get(t.url(&links[29])).send().await.expect("download");
    assert_eq!(res.status(), StatusCode::OK);

    let messages = state["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 27, "{state}");
    for m in messages {
        assert_eq!(m["status"], "suppressed", "{m}");
        assert_eq!(m["suppressedReason"], "recipient-daily-limit", "{m}");
        assert_eq!(m["kind"], "datasheet-link");
        assert_eq!(
            m["recipient"].as_str().map(str::to_lowercase).as_deref(),
            Some("v***@example.org"),
            "masked as typed"
        );
        assert_eq!(m["attempts"], 0);
        assert!(
            m["lastError"]
                .as_str()
                .is_some_and(|e| e.contains("CHLORO_MAIL_PER_RECIPIENT_PER_DAY")),
            "{m}"
        );
    }
    assert_eq!(
        emails_suppressed(&c, &t, "recipient-daily-limit").await,
        27.0
    );
    assert_eq!(emails_suppressed(&c, &t, "hourly-limit").await, 0.0);
    assert_eq!(emails_sent(&c, &t).await, 3.0);
    // A suppressed message is never sent, not even on an admin's retry;
    // it can be deleted.
    let id = messages[0]["id"].as_u64().expect("id");
    let res = c
        .post(t.url(&format!("/api/admin/outbox/{id}/retry")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("retry");
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("suppressed")),
        "{body}"
    );
    let res = c
        .delete(t.url(&format!("/api/admin/outbox/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("delete");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(outbox(&c, &t, &token).await["suppressed"], 26);

    // Across a restart: still over the limit.
    let common::TestApp { app, data_dir, .. } = t;
    tokio::time::timeout(Duration::from_secs(15), app.shutdown())
        .await
        .expect("prompt shutdown");
    let t = restart(data_dir, &v).await;
    let token = admin_token(&c, &t).await;
    for i in 0..2 {
        spam_datasheet(&c, &t, VICTIM, &format!("198.51.100.{i}")).await;
    }
    spam_datasheet(&c, &t, "someone.else@example.net", "198.51.100.9").await;
    let state = settled(&c, &t, &token, |s| {
        s["pending"] == 0 && s["suppressed"] == 28
    })
    .await;
    assert_eq!(state["sent"], 4, "{state}");
    let got = sink.wait_for(4).await;
    assert_eq!(got[3]["rcpt_tos"], json!(["someone.else@example.net"]));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 4, "nothing more for the victim");
    stop(t).await;
}

/// A contact submission with an advert for a name and a link in the
/// message: the visitor's confirmation carries neither (a neutral
/// greeting, no echo); the company's notification carries both. With the
/// hourly total at 2, the third and fourth visitors get no confirmation,
/// while every notification to the company still goes out.
#[tokio::test]
async fn mail_to_visitors_carries_no_visitor_text_and_the_admin_notification_is_unaffected() {
    const MESSAGE: &str = "Cheap pills: https://spam.example/buy?now=1 and www.spam.example";
    let port = common::free_port();
    let sink = Sink::start(port, false);
    let mut v = vars(&format!("smtp://127.0.0.1:{port}"));
    v.push(("CHLORO_MAIL_VISITOR_PER_HOUR".into(), "2".into()));
    v.push(("CHLORO_METRICS_ADDR".into(), "127.0.0.1:0".into()));
    let t = start(&v).await;
    let c = common::client();
    for i in 0..4 {
        let res = c
            .post(t.url("/api/contact"))
            .json(&json!({
                "firstName": SPAM_NAME, "email": format!("target{i}@example.org"),
                "phone": "+20 100 000 0000", "message": MESSAGE
            }))
            .send()
            .await
            .expect("contact");
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let token = admin_token(&c, &t).await;
    let state = settled(&c, &t, &token, |s| {
        s["pending"] == 0 && s["suppressed"] == 2 && s["sent"] == 6
    })
    .await;
    assert_eq!(state["dead"], 0, "{state}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = sink.messages();
    assert_eq!(got.len(), 6, "{got:?}");
    let (admin, visitors): (Vec<&Value>, Vec<&Value>) = got
        .iter()
        .partition(|m| m["rcpt_tos"] == json!(["sales@chloro.test"]));
    assert_eq!(admin.len(), 4, "every notification to the company: {got:?}");
    assert_eq!(visitors.len(), 2, "the hourly total: {got:?}");
    for m in &visitors {
        assert_no_visitor_text(m);
        assert!(!m["body"].as_str().unwrap_or_default().contains("+20"));
    }
    for m in &admin {
        let body = m["body"].as_str().expect("body");
        assert!(body.contains(MESSAGE), "{body}");
        assert!(body.contains(SPAM_NAME), "{body}");
    }
    let suppressed: Vec<&Value> = state["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["status"] == "suppressed")
        .collect();
    assert_eq!(suppressed.len(), 2, "{state}");
    for m in suppressed {
        assert_eq!(m["kind"], "contact-visitor");
        assert_eq!(m["suppressedReason"], "hourly-limit");
    }
    assert_eq!(emails_suppressed(&c, &t, "hourly-limit").await, 2.0);
    assert_eq!(emails_sent(&c, &t).await, 6.0);
    stop(t).await;
}

/// Reads the spawned binary's log (stderr) up to the line announcing its
/// HTTP address, then keeps draining it on a thread: the address, the log so
/// far, and the thread that returns the rest once the process exits.
fn follow_log(
    child: &mut std::process::Child,
) -> (String, String, std::thread::JoinHandle<String>) {
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let mut log = String::new();
    let addr = loop {
        let line = lines.next().expect("log line").expect("read");
        log.push_str(&line);
        log.push('\n');
        if let Some(rest) = line.split("HTTP listening on http://").nth(1) {
            break rest.split_whitespace().next().expect("addr").to_owned();
        }
    };
    let drain = std::thread::spawn(move || {
        let mut rest = String::new();
        for line in lines.map_while(Result::ok) {
            rest.push_str(&line);
            rest.push('\n');
        }
        rest
    });
    (addr, log, drain)
}
