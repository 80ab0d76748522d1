//! Differential testing against Debian's `redis-server` 7.0 in RESP2 and
//! RESP3: each request is sent to both, and the raw replies compared byte
//! for byte. Used by the sorted-set, bitmap and introspection tests.

use super::{Options, cmd, start};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Stops the redis-server a test started, by PID, even on failure.
pub struct RedisServer(Child, pub u16);

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_redis(extra: &[&str]) -> RedisServer {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("free port")
        .local_addr()
        .expect("addr")
        .port();
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no", "--logfile", ""])
        .args(extra)
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

/// Length of the first complete RESP2/RESP3 reply in `buf` from `from`.
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
        b'+' | b'-' | b':' | b',' | b'_' | b'#' | b'(' => Some(next),
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

/// Sends each request on one connection and collects exactly its reply.
pub async fn replies(port: u16, requests: &[Vec<Vec<u8>>]) -> Vec<Vec<u8>> {
    let mut s = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let mut out = Vec::new();
    for r in requests {
        let args: Vec<&[u8]> = r.iter().map(Vec::as_slice).collect();
        s.write_all(&cmd(&args)).await.expect("write");
        let mut got = Vec::new();
        while reply_len(&got, 0).is_none() {
            let mut buf = [0u8; 4096];
            let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
                .await
                .unwrap_or_else(|_| panic!("no reply to {:?}", show(r)))
                .expect("read");
            assert!(n > 0, "connection closed after {:?}", show(r));
            got.extend_from_slice(&buf[..n]);
        }
        out.push(got);
    }
    out
}

fn show(r: &[Vec<u8>]) -> String {
    r.iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Requests written one per line (`|` separated), words split on spaces;
/// `\s` in a word stands for a space, `\xHH` for a byte, `\e` alone for an
/// empty argument.
pub fn parse_requests(text: &str) -> Vec<Vec<Vec<u8>>> {
    text.split('|')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    if w == "\\e" {
                        Vec::new()
                    } else {
                        unescape(&w.replace("\\s", " "))
                    }
                })
                .collect()
        })
        .collect()
}

fn unescape(w: &str) -> Vec<u8> {
    let b = w.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && b.get(i + 1) == Some(&b'x')
            && i + 4 <= b.len()
            && let Ok(v) = u8::from_str_radix(&w[i + 2..i + 4], 16)
        {
            out.push(v);
            i += 4;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Runs `requests` against a fresh redis-server and a fresh listener, in
/// RESP2 and (after `HELLO 3`, whose reply is server-specific) in RESP3,
/// and asserts every reply is byte-identical.
pub async fn assert_same_as_redis(requests: &str) {
    let requests = parse_requests(requests);
    let mut differences = Vec::new();
    for resp3 in [false, true] {
        let redis = start_redis(&[]);
        let ours = start(Options::default()).await;
        let mut reqs = requests.clone();
        if resp3 {
            reqs.insert(0, vec![b"HELLO".to_vec(), b"3".to_vec()]);
        }
        let theirs = replies(redis.1, &reqs).await;
        let mine = replies(ours.addr.port(), &reqs).await;
        let skip = usize::from(resp3);
        for ((r, a), b) in reqs.iter().zip(&theirs).zip(&mine).skip(skip) {
            if a != b {
                differences.push(format!(
                    "[{}] {}\n  redis-server: {:?}\n  chloromaster: {:?}",
                    if resp3 { "RESP3" } else { "RESP2" },
                    show(r),
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                ));
            }
        }
        ours.stop().await;
        drop(redis);
    }
    assert!(
        differences.is_empty(),
        "{} of {} replies differ:\n{}",
        differences.len(),
        requests.len() * 2,
        differences.join("\n")
    );
}
