//! Signing in does not leave Argon2's working memory resident: the real
//! binary, 20 sign-ins (and 5 refused ones, which hash against the dummy),
//! then the idle RSS is within 2 MB of what it was before them, and
//! about 19 MiB below the peak each hash reached (it used to keep about
//! 20 MB for good). `cargo nextest run --test it admin_memory::`.

use std::io::{BufRead, BufReader};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");
const USER: &str = "ops";
const PASSWORD: &str = "correct horse battery staple";

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .expect("status")
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect(field)
}

/// VmRSS once it has held within 64 kB for 2 s (at most 20 s). A hash
/// takes about 0.4 s in a debug build, and its second pass over the memory
/// it touched leaves RSS still for a while: a shorter window could take a
/// hash in progress for the idle level.
async fn settled_rss(pid: u32) -> u64 {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let mut last = status_kb(pid, "VmRSS:");
    let mut still = 0;
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let now = status_kb(pid, "VmRSS:");
        still = if now.abs_diff(last) <= 64 {
            still + 1
        } else {
            0
        };
        last = now;
        if still >= 8 || std::time::Instant::now() > deadline {
            return now;
        }
    }
}

#[tokio::test]
async fn admin_sign_ins_give_argon2_memory_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = tokio::process::Command::new(BIN)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_DATA_DIR", dir.path())
        .env("CHLORO_ADMIN_USER", USER)
        .env("CHLORO_ADMIN_PASSWORD", PASSWORD)
        .env("CHLORO_LOG_FORMAT", "journald")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    let stderr = child
        .stderr
        .take()
        .expect("stderr")
        .into_owned_fd()
        .expect("fd");
    let addr = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(std::fs::File::from(stderr)).lines();
        let addr = loop {
            let line = lines.next().expect("address logged").expect("log");
            if let Some(rest) = line.split("HTTP listening on http://").nth(1) {
                break rest.split_whitespace().next().expect("address").to_owned();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        addr
    })
    .await
    .expect("log reader");
    let pid = child.id().expect("pid");
    let base = format!("http://{addr}");
    let c = common_client();
    let login = |password: &'static str| {
        let c = c.clone();
        let url = format!("{base}/api/admin/login");
        async move {
            c.post(url)
                .json(&serde_json::json!({"username": USER, "password": password}))
                .send()
                .await
                .expect("login")
                .status()
        }
    };
    // Start-up already hashed twice (the first admin's password, and the
    // dummy hash unknown user names are checked against).
    let before = settled_rss(pid).await;
    for _ in 0..20 {
        assert_eq!(login(PASSWORD).await, reqwest::StatusCode::OK);
    }
    for _ in 0..5 {
        assert_eq!(
            login("not the password at all").await,
            reqwest::StatusCode::UNAUTHORIZED
        );
    }
    let after = settled_rss(pid).await;
    let hwm = status_kb(pid, "VmHWM:");
    eprintln!("idle VmRSS {before} kB before 25 sign-ins, {after} kB after; VmHWM {hwm} kB");
    assert!(
        after <= before + 2048,
        "idle RSS {before} kB -> {after} kB after 25 sign-ins"
    );
    // Each hash touched Argon2's 19 MiB: the peak shows it, the idle RSS
    // must not.
    assert!(
        hwm >= after + 15 * 1024,
        "Argon2's working memory is still resident: VmHWM {hwm} kB, idle VmRSS {after} kB"
    );
    let _ = child.start_kill();
    let _ = child.wait().await;
}

fn common_client() -> reqwest::Client {
    super::common::client()
}
