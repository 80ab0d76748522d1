//! A load generator for restarts: reconnecting clients (one connection per
//! request, as a visitor's browser or a health checker opens them) keep
//! requesting a page, an API call and a RESP `PING` from threads inside the
//! container's network namespace while the caller restarts the service. A
//! refused connection, a failed or non-200 HTTP request, and a RESP request
//! without its `+PONG` are counted; so is the longest wait for an answer.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::container::Container;

/// Long enough for a restart's drain and start: a connection that waits in
/// the listen queue this long counts as failed.
const PATIENCE: Duration = Duration::from_secs(30);

/// What one client does, and how often (the API and the site have per-IP
/// rate limits of 10 and 30 requests a second).
struct Client {
    what: &'static str,
    port: u16,
    request: Vec<u8>,
    every: Duration,
}

#[derive(Default)]
pub(super) struct Report {
    pub(super) requests: AtomicU64,
    pub(super) refused: AtomicU64,
    pub(super) failed_http: AtomicU64,
    pub(super) failed_resp: AtomicU64,
    /// The longest time from connect to the whole answer, and for what.
    pub(super) longest: Mutex<(Duration, &'static str)>,
    /// The first few failures, for the error message.
    pub(super) failures: Mutex<Vec<String>>,
}

impl Report {
    pub(super) fn summary(&self) -> String {
        let (longest, what) = *self.longest.lock().unwrap_or_else(|e| e.into_inner());
        format!(
            "{} requests, {} refused, {} failed HTTP, {} failed RESP; longest wait {:.0} ms ({what})",
            self.requests.load(Ordering::Relaxed),
            self.refused.load(Ordering::Relaxed),
            self.failed_http.load(Ordering::Relaxed),
            self.failed_resp.load(Ordering::Relaxed),
            longest.as_secs_f64() * 1000.0
        )
    }

    pub(super) fn clean(&self) -> bool {
        self.refused.load(Ordering::Relaxed) == 0
            && self.failed_http.load(Ordering::Relaxed) == 0
            && self.failed_resp.load(Ordering::Relaxed) == 0
    }

    pub(super) fn failures(&self) -> String {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .join("\n")
    }

    fn fail(&self, counter: &AtomicU64, message: String) {
        counter.fetch_add(1, Ordering::Relaxed);
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() < 10 {
            failures.push(message);
        }
    }
}

/// Runs `during` while the clients keep requesting; returns its result and
/// what the clients saw. `resp_password` is sent with `AUTH` first.
pub(super) fn during<R>(
    c: &Container,
    resp_password: Option<&str>,
    during: impl FnOnce(&Report) -> anyhow::Result<R>,
) -> anyhow::Result<(R, Report)> {
    let http = |path: &str| {
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").into_bytes()
    };
    let mut ping = Vec::new();
    if let Some(password) = resp_password {
        ping.extend_from_slice(
            format!("*2\r\n$4\r\nAUTH\r\n${}\r\n{password}\r\n", password.len()).as_bytes(),
        );
    }
    ping.extend_from_slice(b"*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nQUIT\r\n");
    let clients = [
        Client {
            what: "GET /",
            port: 80,
            request: http("/"),
            every: Duration::from_millis(50),
        },
        Client {
            what: "GET /api/products",
            port: 80,
            request: http("/api/products"),
            every: Duration::from_millis(150),
        },
        Client {
            what: "RESP PING",
            port: 6379,
            request: ping.clone(),
            every: Duration::from_millis(10),
        },
        Client {
            what: "RESP PING",
            port: 6379,
            request: ping,
            every: Duration::from_millis(10),
        },
    ];
    let report = Report::default();
    let stop = AtomicBool::new(false);
    let authenticated = resp_password.is_some();
    let result = std::thread::scope(|s| {
        for client in &clients {
            let (report, stop) = (&report, &stop);
            s.spawn(move || {
                if let Err(e) = c.enter_network() {
                    report.fail(
                        &report.failed_http,
                        format!("cannot enter the container: {e}"),
                    );
                    return;
                }
                while !stop.load(Ordering::Relaxed) {
                    let started = Instant::now();
                    one_request(client, authenticated, report);
                    let took = started.elapsed();
                    {
                        let mut longest = report.longest.lock().unwrap_or_else(|e| e.into_inner());
                        if took > longest.0 {
                            *longest = (took, client.what);
                        }
                    }
                    std::thread::sleep(client.every.saturating_sub(took));
                }
            });
        }
        // Some requests before the first restart.
        std::thread::sleep(Duration::from_millis(500));
        let result = during(&report);
        // And some after the last.
        std::thread::sleep(Duration::from_millis(500));
        stop.store(true, Ordering::Relaxed);
        result
    });
    Ok((result?, report))
}

fn one_request(client: &Client, authenticated: bool, report: &Report) {
    report.requests.fetch_add(1, Ordering::Relaxed);
    let is_http = client.port != 6379;
    let failed = if is_http {
        &report.failed_http
    } else {
        &report.failed_resp
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], client.port));
    let mut stream = match TcpStream::connect_timeout(&addr, PATIENCE) {
        Ok(s) => s,
        Err(e) if e.kind() == ErrorKind::ConnectionRefused => {
            report.fail(
                &report.refused,
                format!("{}: connection refused", client.what),
            );
            return;
        }
        Err(e) => {
            report.fail(failed, format!("{}: connect: {e}", client.what));
            return;
        }
    };
    let mut reply = Vec::new();
    let outcome = stream
        .set_read_timeout(Some(PATIENCE))
        .and_then(|()| stream.write_all(&client.request))
        .and_then(|()| stream.read_to_end(&mut reply));
    if let Err(e) = outcome {
        report.fail(
            failed,
            format!("{}: {e} after {} bytes of reply", client.what, reply.len()),
        );
        return;
    }
    let good = if is_http {
        reply.starts_with(b"HTTP/1.1 200 ")
    } else {
        let expect: &[u8] = if authenticated {
            b"+OK\r\n+PONG\r\n+OK\r\n"
        } else {
            b"+PONG\r\n+OK\r\n"
        };
        reply == expect
    };
    if !good {
        let head: String = String::from_utf8_lossy(&reply).chars().take(120).collect();
        report.fail(failed, format!("{}: answered {head:?}", client.what));
    }
}
