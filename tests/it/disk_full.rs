//! A full disk, for real: the built binary on a 20 MiB tmpfs filled by
//! contact submissions. Reads (site, catalogue, login, admin lists and CSV,
//! readiness) keep working and writes answer 503 while it is full; the
//! appliance becomes writable again by itself once space is freed; a start
//! on a full disk serves read-only and removes leftover temporary files.
//!
//! Mail queued before the disk filled is not sent while it is full (it could
//! not be marked sent, and would go out again and again), and goes out once
//! when space returns.
//!
//! Mounting needs root (or CAP_SYS_ADMIN): where that is impossible the tests
//! print why and pass without running.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");
const ADMIN: &str = "ops";
const PASSWORD: &str = "a long enough password";
/// A product of the seeded catalogue (its site page reads the database).
const PRODUCT: &str = "drum-lifting-beam";

/// A tmpfs mounted on a temporary directory, unmounted when dropped (lazily
/// if something still holds it, so a failing test never leaves a mount).
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `None` (with the reason printed) only where mounting is impossible.
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700")])
            .arg("tmpfs")
            .arg(dir.path())
            .output()
            .expect("run mount");
        if out.status.success() {
            return Some(Tmpfs { dir });
        }
        let why = String::from_utf8_lossy(&out.stderr).to_lowercase();
        let impossible = [
            "permission denied",
            "operation not permitted",
            "must be superuser",
        ]
        .iter()
        .any(|m| why.contains(m));
        assert!(impossible, "mounting a tmpfs failed: {why}");
        eprintln!(
            "SKIPPED disk_full: cannot mount a tmpfs here ({}); this test needs root or CAP_SYS_ADMIN",
            why.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        None
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let done = Command::new("umount")
            .arg(self.dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !done {
            let _ = Command::new("umount")
                .arg("-l")
                .arg(self.dir.path())
                .status();
        }
    }
}

/// The binary, killed when the test ends (even by a panic).
struct Running {
    child: Child,
    base: String,
    metrics: String,
    /// Every log line so far.
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// SIGTERM, then waits for a clean exit.
    fn stop(mut self) {
        let status = Command::new("kill")
            .arg(self.child.id().to_string())
            .status()
            .expect("kill");
        assert!(status.success());
        let exit = self.child.wait().expect("wait");
        assert!(exit.success(), "stopped cleanly: {exit}");
    }

    fn log_text(&self) -> String {
        self.log.lock().expect("log").join("\n")
    }
}

fn start(data_dir: &Path) -> Running {
    start_with(data_dir, &[])
}

fn start_with(data_dir: &Path, extra: &[(&str, &str)]) -> Running {
    let mut child = Command::new(BIN)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "127.0.0.1:0")
        .env("CHLORO_DATA_DIR", data_dir)
        .env("CHLORO_RATE_API", "100000")
        .env("CHLORO_RATE_API_BURST", "100000")
        .env("CHLORO_CONTACT_LIMIT_PER_HOUR", "0")
        // Every catalogue read reaches the database.
        .env("CHLORO_API_CACHE_TTL", "0")
        .env("CHLORO_API_CACHE_NOT_FOUND_TTL", "0")
        .env("CHLORO_ADMIN_USER", ADMIN)
        .env("CHLORO_ADMIN_PASSWORD", PASSWORD)
        .env("CHLORO_LOG_FORMAT", "journald")
        .envs(extra.iter().copied())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (mut base, mut metrics) = (None, None);
    while base.is_none() {
        let Some(Ok(line)) = lines.next() else {
            let _ = child.kill();
            panic!(
                "the binary exited before listening:\n{}",
                log.lock().expect("log").join("\n")
            );
        };
        if let Some(rest) = line.split("metrics on http://").nth(1) {
            metrics = rest
                .split_whitespace()
                .next()
                .map(|a| format!("http://{}", a.trim_end_matches("/metrics")));
        }
        if let Some(rest) = line.split("HTTP listening on http://").nth(1) {
            base = rest
                .split_whitespace()
                .next()
                .map(|a| format!("http://{a}"));
        }
        log.lock().expect("log").push(line);
    }
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            sink.lock().expect("log").push(line);
        }
    });
    Running {
        child,
        base: base.expect("address"),
        metrics: metrics.expect("the metrics address is logged before HTTP"),
        log,
    }
}

/// Fills the file system of `dir` completely with `dir/name`.
fn fill(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).expect("filler");
    let chunk = vec![0x5a_u8; 64 << 10];
    loop {
        match f.write_all(&chunk) {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(28) => break,
            Err(e) => panic!("filling: {e}"),
        }
    }
    // What a partial chunk left: fill it byte by byte.
    while f.write_all(&[0x5a]).is_ok() {}
    path
}

fn contact(n: usize) -> Value {
    json!({
        "firstName": format!("Visitor {n}"),
        "lastName": "Disk",
        "email": format!("visitor{n}@example.com"),
        "phone": "+20 100 123 4567",
        "message": format!("{n} ").repeat(1200).chars().take(5000).collect::<String>(),
    })
}

async fn post_contact(c: &reqwest::Client, app: &Running, n: usize) -> (StatusCode, Value) {
    let res = c
        .post(app.url("/api/contact"))
        .json(&contact(n))
        .send()
        .await
        .expect("POST /api/contact");
    let status = res.status();
    let ctype = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(ctype.starts_with("application/json"), "{status} {ctype}");
    (status, res.json().await.expect("JSON body"))
}

async fn get(c: &reqwest::Client, url: &str, token: Option<&str>) -> (StatusCode, String) {
    let mut req = c.get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("GET");
    (res.status(), res.text().await.expect("body"))
}

async fn login(c: &reqwest::Client, app: &Running) -> String {
    let res = c
        .post(app.url("/api/admin/login"))
        .json(&json!({"username": ADMIN, "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), StatusCode::OK, "login works");
    let body: Value = res.json().await.expect("login json");
    body["token"].as_str().expect("token").to_owned()
}

async fn metric(c: &reqwest::Client, app: &Running, name: &str) -> f64 {
    let (status, text) = get(c, &format!("{}/metrics", app.metrics), None).await;
    assert_eq!(status, StatusCode::OK);
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} in /metrics"))
}

/// What the site, the catalogue and the admin read while the disk is full:
/// all of it works, and readiness says "degraded".
async fn reads_work(c: &reqwest::Client, app: &Running, stored: usize) {
    let (status, body) = get(c, &app.url("/"), None).await;
    assert_eq!(status, StatusCode::OK, "the site's index page");
    assert!(body.contains("<html"), "{body:.200}");
    let (status, _) = get(c, &app.url(&format!("/equipment/{PRODUCT}")), None).await;
    assert_eq!(status, StatusCode::OK, "a catalogue page of the site");
    let (status, body) = get(c, &app.url("/api/products"), None).await;
    assert_eq!(status, StatusCode::OK, "the catalogue: {body}");
    let (status, body) = get(c, &app.url("/api/services"), None).await;
    assert_eq!(status, StatusCode::OK, "the catalogue: {body}");

    let token = login(c, app).await;
    let (status, body) = get(
        c,
        &app.url("/api/admin/submissions?pageSize=100"),
        Some(&token),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "admin list: {body}");
    let page: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        page["total"].as_u64(),
        Some(stored as u64),
        "every acknowledged submission is listed"
    );
    let (status, csv) = get(c, &app.url("/api/admin/submissions.csv"), Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "CSV export");
    assert!(
        csv.lines().count() > stored,
        "a header and a row per submission"
    );
    let (status, body) = get(c, &app.url("/api/admin/dashboard/stats"), Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "dashboard: {body}");

    let (status, body) = get(c, &app.url("/health/ready"), None).await;
    assert_eq!(status, StatusCode::OK, "degraded is not down: {body}");
    let ready: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(ready["status"], "degraded", "{ready}");
    assert_eq!(
        ready["components"]["database"]["status"], "degraded",
        "{ready}"
    );
    assert_eq!(metric(c, app, "chloromaster_db_read_only").await, 1.0);
}

/// Waits without a single request to the appliance, long enough for its
/// space probe (every 1–2 s) to notice, with a margin for a busy machine,
/// then expects the next write to pass.
async fn writes_resume_by_themselves(c: &reqwest::Client, app: &Running, n: usize) {
    tokio::time::sleep(Duration::from_secs(4)).await;
    let (status, body) = post_contact(c, app, n).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the first write after space returned: {body}"
    );
    let (status, body) = get(c, &app.url("/health/ready"), None).await;
    assert_eq!(status, StatusCode::OK);
    let ready: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(ready["status"], "ready", "{ready}");
    assert_eq!(metric(c, app, "chloromaster_db_read_only").await, 0.0);
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read data dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with('.') || n.ends_with(".tmp"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disk_full_degrades_to_read_only_and_recovers_by_itself() {
    let Some(disk) = Tmpfs::mount("20m") else {
        return;
    };
    let data = disk.path().join("data");
    let c = common::client();
    let app = start(&data);

    // Leave ~2 MiB, then let contact submissions fill the rest.
    let filler = fill(disk.path(), "filler");
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .expect("filler");
    let len = f.metadata().expect("len").len();
    f.set_len(len - (2 << 20)).expect("free 2 MiB");
    drop(f);
    let mut stored = 0;
    let mut n = 0;
    let refused = loop {
        n += 1;
        assert!(n < 5000, "the disk never filled");
        let (status, body) = post_contact(&c, &app, n).await;
        match status {
            StatusCode::CREATED => stored += 1,
            StatusCode::SERVICE_UNAVAILABLE => break body,
            other => panic!("{other}: {body}"),
        }
    };
    assert!(stored > 10, "only {stored} submissions fit");
    assert!(refused["message"].as_str().is_some(), "{refused}");
    // Refused at once from now on, and nothing half-stored.
    for k in 1..=3 {
        let (status, _) = post_contact(&c, &app, n + k).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    }
    n += 3;
    reads_work(&c, &app, stored).await;
    assert!(
        app.log_text().contains("read-only"),
        "the log says the database is read-only"
    );

    // Space returns: writes resume with no request needed in between.
    std::fs::remove_file(&filler).expect("free the filler");
    n += 1;
    writes_resume_by_themselves(&c, &app, n).await;
    stored += 1;

    // A restart on a full disk (the stop itself on a full disk), with the
    // leftovers a failed start and a failed snapshot used to leave behind.
    let filler = fill(disk.path(), "filler");
    app.stop();
    for name in [".write-probe", "cache.redb.tmp", ".space-probe"] {
        std::fs::File::create(data.join(name)).expect("plant a leftover");
    }
    let app = start(&data);
    let log = app.log_text();
    assert!(
        log.contains("read-only"),
        "the start says it serves read-only:\n{log}"
    );
    assert_eq!(leftovers(&data), Vec::<String>::new(), "leftovers removed");
    let (status, _) = post_contact(&c, &app, n + 1).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "read-only");
    reads_work(&c, &app, stored).await;

    // Killed on the full disk: the next start must repair the file first,
    // which fits in the file's own free pages, and serves read-only again.
    drop(app);
    let app = start(&data);
    assert!(app.log_text().contains("read-only"), "{}", app.log_text());
    reads_work(&c, &app, stored).await;

    std::fs::remove_file(&filler).expect("free the filler");
    writes_resume_by_themselves(&c, &app, n + 2).await;
    stored += 1;
    app.stop();
    assert_eq!(
        leftovers(&data),
        Vec::<String>::new(),
        "nothing left behind by a clean stop"
    );

    // Nothing acknowledged was lost.
    let app = start(&data);
    let token = login(&c, &app).await;
    let (_, body) = get(
        &c,
        &app.url("/api/admin/submissions?pageSize=1"),
        Some(&token),
    )
    .await;
    let page: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(page["total"].as_u64(), Some(stored as u64), "{page}");
    app.stop();
}

/// A minimal SMTP server on loopback `port` that accepts every message and counts
/// them (no TLS, no AUTH, no PIPELINING advertised).
async fn smtp_sink(port: u16) -> Arc<Mutex<Vec<String>>> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind the relay's port");
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = got.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let sink = sink.clone();
            tokio::spawn(async move {
                let (r, mut w) = stream.into_split();
                let mut lines = tokio::io::BufReader::new(r).lines();
                let mut rcpt = String::new();
                w.write_all(b"220 sink ready\r\n").await?;
                while let Some(line) = lines.next_line().await? {
                    let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                        "RCPT" => {
                            rcpt.push_str(&line);
                            b"250 ok\r\n"
                        }
                        "DATA" => {
                            w.write_all(b"354 go on\r\n").await?;
                            while let Some(l) = lines.next_line().await? {
                                if l == "." {
                                    break;
                                }
                            }
                            sink.lock().expect("sink").push(std::mem::take(&mut rcpt));
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            w.write_all(b"221 bye\r\n").await?;
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    w.write_all(reply).await?;
                }
                Ok::<_, std::io::Error>(())
            });
        }
    });
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disk_full_holds_queued_mail_until_it_can_be_marked_sent() {
    let Some(disk) = Tmpfs::mount("20m") else {
        return;
    };
    let data = disk.path().join("data");
    let c = common::client();
    // The relay is down at first: the submission's mail is rendered, fails,
    // and waits for its retry.
    let closed = common::free_port();
    let url = format!("smtp://127.0.0.1:{closed}?tls=none");
    let app = start_with(
        &data,
        &[
            ("CHLORO_SMTP_URL", &url),
            ("CHLORO_MAIL_FROM", "ChloroMaster <web@chloro.test>"),
            ("CHLORO_MAIL_ADMIN", "sales@chloro.test"),
            ("CHLORO_MAIL_RETRY_BASE", "10ms"),
        ],
    );
    let (status, _) = post_contact(&c, &app, 1).await;
    assert_eq!(status, StatusCode::CREATED);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        app.log_text().contains("mail not sent; will retry"),
        "{}",
        app.log_text()
    );

    // The disk fills: read-only.
    let filler = fill(disk.path(), "filler");
    let mut n = 1;
    loop {
        n += 1;
        assert!(n < 5000, "the disk never filled");
        if post_contact(&c, &app, n).await.0 == StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
    }
    assert_eq!(metric(&c, &app, "chloromaster_db_read_only").await, 1.0);

    // The relay comes back on its port while the disk is still full.
    let got = smtp_sink(closed).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        got.lock().expect("sink").len(),
        0,
        "nothing is sent while it could not be marked sent"
    );

    // Space returns: the two messages (admin, visitor) go out once each.
    std::fs::remove_file(&filler).expect("free the filler");
    let mut sent = 0;
    for _ in 0..100 {
        sent = got.lock().expect("sink").len();
        if sent >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sent, 2, "{}", app.log_text());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got = got.lock().expect("sink").clone();
    assert_eq!(got.len(), 2, "each message once: {got:?}");
    app.stop();
}
