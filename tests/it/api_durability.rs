//! The real binary: a write acknowledged with 201 survives `kill -9`, and a
//! second process on the same data directory is refused.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");

fn command(data_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_DATA_DIR", data_dir)
        .env("CHLORO_RATE_API", "100000")
        .env("CHLORO_RATE_API_BURST", "100000")
        .env("CHLORO_CONTACT_LIMIT_PER_HOUR", "0")
        .env("CHLORO_LOG_FORMAT", "journald");
    cmd
}

/// A child process that is killed when the test ends, even by a panic, so a
/// failing test leaves no server behind.
struct Running(Child);

impl std::ops::Deref for Running {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Running {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary; returns it with its base URL, read from its log.
fn spawn(data_dir: &std::path::Path) -> (Running, String) {
    let mut child = Running(
        command(data_dir)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("spawn"),
    );
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the binary logs its address")
            .expect("read log");
        if let Some(rest) = line.split("HTTP listening on http://").nth(1) {
            break rest.split_whitespace().next().expect("address").to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, format!("http://{addr}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().expect("tempdir");
    let client = common::client();
    let mut acknowledged = Vec::new();
    for round in 0..3 {
        let (mut child, base) = spawn(dir.path());
        // Parallel writes, then SIGKILL right after the last acknowledgement.
        let posts: Vec<_> = (0..20)
            .map(|i| {
                let client = client.clone();
                let url = format!("{base}/api/contact");
                tokio::spawn(async move {
                    let res = client
                        .post(url)
                        .json(
                            &json!({"firstName": format!("R{round} #{i}"), "email": "k@example.com",
                                      "phone": "01001234567", "message": "survive"}),
                        )
                        .send()
                        .await
                        .expect("POST");
                    assert_eq!(res.status(), StatusCode::CREATED);
                    let v: Value = res.json().await.expect("json");
                    (v["id"].as_u64().expect("id"), format!("R{round} #{i}"))
                })
            })
            .collect();
        for p in posts {
            acknowledged.push(p.await.expect("task"));
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
    }
    // Every acknowledged record is in the file the killed processes left.
    let db = chloromaster::db::Db::open(dir.path()).expect("open after kill -9");
    for (id, name) in &acknowledged {
        let c = db.contact(*id).await.expect("read");
        assert_eq!(
            c.map(|c| c.first_name).as_deref(),
            Some(name.as_str()),
            "id {id}"
        );
    }
    assert_eq!(db.contact_counts().await.expect("counts").0, 60);
    db.close().await;
}

#[tokio::test]
async fn api_a_second_process_on_the_same_data_dir_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut first, base) = spawn(dir.path());
    let out = command(dir.path()).output().expect("run second");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already in use"), "{stderr}");
    // The first one is unharmed.
    let res = common::client()
        .get(format!("{base}/api/services"))
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    first.kill().expect("kill");
    first.wait().expect("reaped");
}

#[tokio::test]
async fn api_sigterm_commits_buffered_page_visits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, base) = spawn(dir.path());
    let client = common::client();
    for page in ["/a", "/b"] {
        let res = client
            .post(format!("{base}/api/pagevisit"))
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Firefox/133.0",
            )
            .json(&json!({"pageUrl": page}))
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
    // Stop at once, inside the one-second buffering window.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    assert!(child.wait().expect("exit").success());
    let db = chloromaster::db::Db::open(dir.path()).expect("open");
    let day = chloromaster::db::Timestamp::now().day();
    let pages: Vec<String> = db
        .visits_on_day(day)
        .await
        .expect("read")
        .into_iter()
        .map(|v| v.page_url)
        .collect();
    assert_eq!(pages, ["/a", "/b"]);
}
