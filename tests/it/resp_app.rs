//! The cache wired into the whole appliance: RESP next to HTTP, readiness,
//! and a snapshot surviving a restart of the real binary.

use crate::common;

use redis::AsyncCommands;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

#[tokio::test]
async fn resp_the_appliance_serves_resp_and_reports_the_cache_ready() {
    let t = common::start(&[("CHLORO_RESP_ADDR", "127.0.0.1:0")]).await;
    let addr = t.app.resp_addr().expect("RESP is bound");
    let client = redis::Client::open(format!("redis://{addr}/")).expect("client");
    let mut con = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let () = con.set("from-outside", "v").await.expect("set");
    // The appliance sees the same store in-process.
    assert_eq!(
        t.app
            .store()
            .get(0, b"from-outside")
            .expect("string")
            .as_deref(),
        Some(&b"v"[..])
    );
    let res = common::client()
        .get(t.url("/health/ready"))
        .send()
        .await
        .expect("GET");
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["components"]["cache"]["status"], "ok", "{body}");
    t.app.shutdown().await;
}

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");

/// Starts the binary; returns it with the RESP address from its log.
fn spawn(data_dir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(BIN)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_RESP_ADDR", "127.0.0.1:0")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_DATA_DIR", data_dir)
        .env("CHLORO_LOG_FORMAT", "journald")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the binary logs its RESP address")
            .expect("log");
        if let Some(rest) = line.split("RESP listening on ").nth(1) {
            break rest.split_whitespace().next().expect("address").to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

fn roundtrip(con: &mut TcpStream, send: &str, want: &str) {
    con.write_all(send.as_bytes()).expect("write");
    let mut got = vec![0u8; want.len()];
    con.read_exact(&mut got).expect("read");
    assert_eq!(String::from_utf8_lossy(&got), want);
}

fn stop(mut child: Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    assert!(
        child.wait().expect("wait").success(),
        "exit 0 after SIGTERM"
    );
}

#[test]
fn resp_the_cache_survives_a_restart_of_the_binary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (child, addr) = spawn(dir.path());
    let mut con = TcpStream::connect(&addr).expect("connect");
    con.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    roundtrip(&mut con, "SET plain value\r\n", "+OK\r\n");
    roundtrip(&mut con, "SET timed value EX 3600\r\n", "+OK\r\n");
    roundtrip(&mut con, "SELECT 1\r\n", "+OK\r\n");
    roundtrip(&mut con, "HSET session:1 user admin\r\n", ":1\r\n");
    drop(con);
    // No SAVE: the final snapshot on graceful shutdown must catch it.
    stop(child);
    assert!(dir.path().join("cache.redb").exists());

    let (child, addr) = spawn(dir.path());
    let mut con = TcpStream::connect(&addr).expect("connect");
    con.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    roundtrip(&mut con, "GET plain\r\n", "$5\r\nvalue\r\n");
    roundtrip(&mut con, "EXPIRETIME plain\r\n", ":-1\r\n");
    con.write_all(b"TTL timed\r\n").expect("write");
    let mut buf = [0u8; 16];
    let n = con.read(&mut buf).expect("read");
    let ttl: i64 = String::from_utf8_lossy(&buf[1..n])
        .trim()
        .parse()
        .expect("integer reply");
    assert!(
        (3500..=3600).contains(&ttl),
        "TTL kept as an absolute time: {ttl}"
    );
    roundtrip(&mut con, "SELECT 1\r\n", "+OK\r\n");
    roundtrip(&mut con, "HGET session:1 user\r\n", "$5\r\nadmin\r\n");
    stop(child);
}
