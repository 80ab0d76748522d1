//! `cargo xtask bench slowloris`: the release binary on loopback while
//! 4,200 connections from 127.0.0.1 each send a header line every 2 s
//! (the attack of issue 14, more connections than the default cap of
//! 4,096), and another client on 127.0.0.2 requests `/health` on a fresh
//! connection every 50 ms. Reports that client's latency (p50, p99, max)
//! and failures, with the defences on (the defaults) and, for comparison,
//! off (`CHLORO_MAX_CONNECTIONS_PER_IP` and `CHLORO_MIN_DATA_RATE` out of
//! the way). Bounded: about 20 s per run, then everything is stopped.

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;

const ATTACKERS: usize = 4_200;
const ATTACKER_THREADS: usize = 4;
const LINE_EVERY: Duration = Duration::from_secs(2);
/// Time for the attackers to connect before the other client measures.
const WARM_UP: Duration = Duration::from_secs(4);
const MEASURE: Duration = Duration::from_secs(15);
/// A request of the other client that takes longer counts as failed.
const REQUEST_LIMIT: Duration = Duration::from_secs(5);
const VICTIM: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);

struct Outcome {
    latencies: Vec<Duration>,
    failed: usize,
    attacker_connects: u64,
    longest_attacker: Duration,
}

pub fn run() -> anyhow::Result<()> {
    let sh = xshell::Shell::new()?;
    xshell::cmd!(sh, "cargo build --release --quiet -p chloromaster").run()?;
    let bin = PathBuf::from("target/release/chloromaster").canonicalize()?;
    let work = std::env::temp_dir().join(format!(
        "chloromaster-bench-slowloris-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;

    let on = measure(&bin, &work.join("on"), &[])?;
    let off = measure(
        &bin,
        &work.join("off"),
        &[
            ("CHLORO_MAX_CONNECTIONS_PER_IP", "1000000"),
            ("CHLORO_MIN_DATA_RATE", "0"),
        ],
    )?;
    let _ = std::fs::remove_dir_all(&work);

    println!();
    println!(
        "{ATTACKERS} connections from 127.0.0.1, one header line every {}s each (reconnecting when closed);",
        LINE_EVERY.as_secs()
    );
    println!(
        "another client on {VICTIM}: GET /health on a fresh connection every 50 ms for {}s \
         (failed: no answer within {}s); default CHLORO_MAX_CONNECTIONS (4096)",
        MEASURE.as_secs(),
        REQUEST_LIMIT.as_secs()
    );
    println!(
        "{:<28}{:>10}{:>8}{:>10}{:>10}{:>10}{:>18}{:>20}",
        "defences",
        "answered",
        "failed",
        "p50",
        "p99",
        "max",
        "attacker connects",
        "longest attacker"
    );
    for (name, o) in [("on (defaults)", on), ("off (per-IP limit, rate)", off)] {
        // Failed requests count as the slowest: a percentile that lands on
        // one reads "timeout".
        let mut l = o.latencies.clone();
        l.sort();
        l.extend(std::iter::repeat_n(Duration::MAX, o.failed));
        let pct = |p: f64| -> String {
            if l.is_empty() {
                return "-".into();
            }
            let i = ((l.len() as f64 * p).ceil() as usize).clamp(1, l.len()) - 1;
            if l[i] == Duration::MAX {
                return "timeout".into();
            }
            format!("{:.1}ms", l[i].as_secs_f64() * 1000.0)
        };
        println!(
            "{:<28}{:>10}{:>8}{:>10}{:>10}{:>10}{:>18}{:>19.1}s",
            name,
            o.latencies.len(),
            o.failed,
            pct(0.50),
            pct(0.99),
            pct(1.0),
            o.attacker_connects,
            o.longest_attacker.as_secs_f64()
        );
    }
    Ok(())
}

fn measure(bin: &Path, data: &Path, env: &[(&str, &str)]) -> anyhow::Result<Outcome> {
    let mut cmd = Command::new(bin);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_DATA_DIR", data)
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_LOG", "warn,chloromaster::app=info")
        .env("CHLORO_LOG_FORMAT", "journald")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting chloromaster")?;
    let addr = crate::proc::wait_for_log(&mut child, "HTTP listening on http://")?;
    let port = crate::proc::port_of(&addr)?;
    let server = SocketAddr::from((Ipv4Addr::LOCALHOST, port));

    let stop = Arc::new(AtomicBool::new(false));
    let connects = Arc::new(AtomicU64::new(0));
    let longest_ms = Arc::new(AtomicU64::new(0));
    let attackers: Vec<_> = (0..ATTACKER_THREADS)
        .map(|_| {
            let (stop, connects, longest_ms) = (stop.clone(), connects.clone(), longest_ms.clone());
            std::thread::spawn(move || {
                attack(
                    server,
                    ATTACKERS / ATTACKER_THREADS,
                    &stop,
                    &connects,
                    &longest_ms,
                );
            })
        })
        .collect();
    std::thread::sleep(WARM_UP);

    let mut latencies = Vec::new();
    let mut failed = 0;
    let end = Instant::now() + MEASURE;
    while Instant::now() < end {
        let start = Instant::now();
        match victim_request(server) {
            Ok(true) => latencies.push(start.elapsed()),
            _ => failed += 1,
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    for a in attackers {
        let _ = a.join();
    }
    crate::proc::stop(&mut child, Duration::from_secs(15));
    Ok(Outcome {
        latencies,
        failed,
        attacker_connects: connects.load(Ordering::Relaxed),
        longest_attacker: Duration::from_millis(longest_ms.load(Ordering::Relaxed)),
    })
}

/// `GET /health` from 127.0.0.2 on a fresh connection: answered 200 within
/// [`REQUEST_LIMIT`]?
fn victim_request(server: SocketAddr) -> std::io::Result<bool> {
    use rustix::net::{AddressFamily, SocketType, bind, connect, socket};
    let fd = socket(AddressFamily::INET, SocketType::STREAM, None)?;
    bind(&fd, &SocketAddrV4::new(VICTIM, 0))?;
    // A blocking connect to loopback completes at once: the kernel queues
    // the connection even when the server is not accepting.
    connect(&fd, &server)?;
    let mut s = TcpStream::from(fd);
    s.set_read_timeout(Some(REQUEST_LIMIT))?;
    s.write_all(b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    Ok(out.starts_with(b"HTTP/1.1 200"))
}

/// One attacker thread: `n` connections, each sent a request line and then
/// a header line every [`LINE_EVERY`], reopened when the server closes it.
fn attack(
    server: SocketAddr,
    n: usize,
    stop: &AtomicBool,
    connects: &AtomicU64,
    longest_ms: &AtomicU64,
) {
    let mut conns: Vec<Option<(TcpStream, Instant)>> = (0..n).map(|_| None).collect();
    let mut buf = [0u8; 512];
    while !stop.load(Ordering::Relaxed) {
        let round = Instant::now();
        for slot in &mut conns {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let alive = match slot {
                Some((s, opened)) => {
                    let closed = match s.read(&mut buf) {
                        Ok(0) => true,
                        Ok(_) => false,
                        Err(e) => e.kind() != ErrorKind::WouldBlock,
                    };
                    if closed || s.write_all(b"X-Trickle: a\r\n").is_err() {
                        let lived = u64::try_from(opened.elapsed().as_millis()).unwrap_or(0);
                        longest_ms.fetch_max(lived, Ordering::Relaxed);
                        false
                    } else {
                        true
                    }
                }
                None => false,
            };
            if !alive {
                *slot = open(server);
                if slot.is_some() {
                    connects.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        let left = LINE_EVERY.saturating_sub(round.elapsed());
        let until = Instant::now() + left;
        while Instant::now() < until && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn open(server: SocketAddr) -> Option<(TcpStream, Instant)> {
    let mut s = TcpStream::connect_timeout(&server, Duration::from_millis(200)).ok()?;
    s.write_all(b"GET / HTTP/1.1\r\nHost: bench\r\n").ok()?;
    s.set_nonblocking(true).ok()?;
    Some((s, Instant::now()))
}
