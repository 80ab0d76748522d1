//! Byte-for-byte comparison with a real `redis-server` (Debian's 7.0),
//! started here on a free port, in RESP2 and RESP3: the harness the
//! per-family differential tests (`resp_lists`, `resp_sets`, …) share.

use super::{Options, cmd, start};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Stops the redis-server this test started, by PID, even on failure.
pub struct RedisServer(Child, pub u16);

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_redis() -> RedisServer {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("free port")
        .local_addr()
        .expect("addr")
        .port();
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no", "--logfile", ""])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server must be installed (Debian package redis-server)");
    let server = RedisServer(child, port);
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    server
}

/// Length of the first complete RESP2 or RESP3 reply in `buf` from `from`.
pub fn reply_len(buf: &[u8], from: usize) -> Option<usize> {
    let kind = *buf.get(from)?;
    let cr = buf[from..].windows(2).position(|w| w == b"\r\n")? + from;
    let line = std::str::from_utf8(&buf[from + 1..cr]).ok()?;
    let next = cr + 2;
    let items = |n: i64, per: i64| -> Option<usize> {
        let mut at = next;
        for _ in 0..(n.max(0) * per) {
            at = reply_len(buf, at)?;
        }
        Some(at)
    };
    match kind {
        b'+' | b'-' | b':' | b'_' | b',' | b'#' | b'(' => Some(next),
        b'$' | b'=' | b'!' => {
            let n: i64 = line.parse().ok()?;
            if n < 0 {
                return Some(next);
            }
            let end = next + n as usize + 2;
            (buf.len() >= end).then_some(end)
        }
        b'*' | b'~' | b'>' => items(line.parse().ok()?, 1),
        b'%' | b'|' => items(line.parse().ok()?, 2),
        _ => panic!("unexpected reply type {:?}", kind as char),
    }
}

/// Sends each request and collects exactly its reply (after `HELLO 3`,
/// whose reply is not collected, when `resp3`).
pub async fn replies(port: u16, requests: &[Vec<String>], resp3: bool) -> Vec<Vec<u8>> {
    let mut s = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let mut out = Vec::new();
    let hello = [vec!["HELLO".to_string(), "3".to_string()]];
    let all = hello.iter().filter(|_| resp3).chain(requests);
    for (i, r) in all.enumerate() {
        let args: Vec<&[u8]> = r.iter().map(|a| a.as_bytes()).collect();
        s.write_all(&cmd(&args)).await.expect("write");
        let mut got = Vec::new();
        while reply_len(&got, 0).is_none() {
            let mut buf = [0u8; 4096];
            let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
                .await
                .unwrap_or_else(|_| panic!("no reply to {r:?}"))
                .expect("read");
            assert!(n > 0, "connection closed after {r:?}");
            got.extend_from_slice(&buf[..n]);
        }
        if !(resp3 && i == 0) {
            out.push(got);
        }
    }
    out
}

/// Splits `A b c|D e` into requests (a word `''` is an empty argument).
pub fn parse(text: &str) -> Vec<Vec<String>> {
    text.split('|')
        .map(|r| {
            r.split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    if w == "''" {
                        String::new()
                    } else {
                        w.to_string()
                    }
                })
                .collect()
        })
        .filter(|r: &Vec<String>| !r.is_empty())
        .collect()
}

/// Runs `requests` (after a `FLUSHALL`) against redis-server and the
/// listener, in RESP2 then RESP3, and asserts every reply is identical.
pub async fn assert_identical(requests: &[Vec<String>]) {
    let redis = start_redis();
    let ours = start(Options::default()).await;
    let mut differences = Vec::new();
    let mut all = vec![vec!["FLUSHALL".to_string()]];
    all.extend_from_slice(requests);
    for resp3 in [false, true] {
        let theirs = replies(redis.1, &all, resp3).await;
        let mine = replies(ours.addr.port(), &all, resp3).await;
        for ((r, a), b) in all.iter().zip(&theirs).zip(&mine) {
            if a != b {
                differences.push(format!(
                    "{}{}\n  redis-server: {:?}\n  chloromaster: {:?}",
                    if resp3 { "(RESP3) " } else { "" },
                    r.join(" "),
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                ));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} replies differ:\n{}",
        differences.len(),
        all.len() * 2,
        differences.join("\n")
    );
    ours.stop().await;
}
