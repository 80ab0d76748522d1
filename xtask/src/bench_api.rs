//! `cargo xtask bench api`: the release binary's JSON API under `wrk` on
//! loopback — catalogue reads from redb, and durable contact submissions at
//! 1, 16 and 64 concurrent clients. The static page is measured in the same
//! run as the reference point.
//!
//! Catalogue GETs are answered by the response cache (`cache` column: what
//! `X-Cache-Status` said for one request after the run); the `no-cache`
//! rows send `Cache-Control: no-cache`, which skips the cache and calls the
//! handler every time, i.e. what the catalogue costs without it.
//!
//! At 1 client every submission is its own transaction and fsync, which is
//! what one-fsync-per-request would give at any concurrency (the writer is
//! a single thread); the 16- and 64-client rows show what group commit adds.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};

const SECONDS: u32 = 6;

struct Case {
    name: &'static str,
    path: &'static str,
    post: bool,
    connections: u32,
    /// Extra request headers, `Name: value`.
    headers: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "static page GET /",
        path: "/",
        post: false,
        connections: 50,
        headers: &[],
    },
    Case {
        name: "GET /api/products (list)",
        path: "/api/products",
        post: false,
        connections: 50,
        headers: &[],
    },
    Case {
        name: "GET /api/products gzip",
        path: "/api/products",
        post: false,
        connections: 50,
        headers: &["Accept-Encoding: gzip"],
    },
    Case {
        name: "GET /api/products no-cache",
        path: "/api/products",
        post: false,
        connections: 50,
        headers: &["Cache-Control: no-cache"],
    },
    Case {
        name: "GET /api/products/{slug}",
        path: "/api/products/emergency-kit",
        post: false,
        connections: 50,
        headers: &[],
    },
    Case {
        name: "GET /api/products/{slug} no-cache",
        path: "/api/products/emergency-kit",
        post: false,
        connections: 50,
        headers: &["Cache-Control: no-cache"],
    },
    Case {
        name: "POST /api/contact x1",
        path: "/api/contact",
        post: true,
        connections: 1,
        headers: &[],
    },
    Case {
        name: "POST /api/contact x16",
        path: "/api/contact",
        post: true,
        connections: 16,
        headers: &[],
    },
    Case {
        name: "POST /api/contact x64",
        path: "/api/contact",
        post: true,
        connections: 64,
        headers: &[],
    },
];

const POST_SCRIPT: &str = r#"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"firstName":"Bench","lastName":"Mark","email":"bench@example.com","phone":"+20 100 000 0000","company":"Load","message":"A durable submission from the benchmark."}'
"#;

pub fn run() -> anyhow::Result<()> {
    let sh = xshell::Shell::new()?;
    xshell::cmd!(sh, "cargo build --release --quiet -p chloromaster").run()?;
    let bin = PathBuf::from("target/release/chloromaster").canonicalize()?;
    let work = std::env::temp_dir().join(format!("chloromaster-bench-api-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let script = work.join("post.lua");
    std::fs::write(&script, POST_SCRIPT)?;

    let (mut child, port) = start(&bin, &work.join("data"))?;
    let mut rows = Vec::new();
    for case in CASES {
        match wrk(port, case, &script) {
            Ok(m) => rows.push((case, m, cache_status(port, case))),
            Err(e) => {
                stop(&mut child);
                return Err(e);
            }
        }
    }
    stop(&mut child);
    let _ = std::fs::remove_dir_all(&work);

    println!();
    println!(
        "wrk -d{SECONDS}s on loopback, {} cores shared by client and server; data dir in {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::env::temp_dir().display()
    );
    println!(
        "{:<36} {:>6} {:>12} {:>10} {:>8}",
        "case", "conns", "req/s", "p99", "cache"
    );
    for (case, (rps, p99), cache) in &rows {
        println!(
            "{:<36} {:>6} {:>12.0} {:>10} {:>8}",
            case.name, case.connections, rps, p99, cache
        );
    }
    let post = |c: u32| {
        rows.iter()
            .find(|(k, _, _)| k.post && k.connections == c)
            .map(|(_, m, _)| m.0)
    };
    if let (Some(one), Some(many)) = (post(1), post(64)) {
        println!(
            "group commit: 64 clients {:.1}x the one-fsync-per-request rate",
            many / one
        );
    }
    Ok(())
}

fn start(bin: &Path, data: &Path) -> anyhow::Result<(Child, u16)> {
    let mut child = Command::new(bin)
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_DATA_DIR", data)
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_LOG", "warn,chloromaster::app=info")
        .env("CHLORO_LOG_FORMAT", "journald")
        .env("CHLORO_RATE_API", "1000000000")
        .env("CHLORO_RATE_API_BURST", "1000000000")
        .env("CHLORO_RATE_GENERAL", "1000000000")
        .env("CHLORO_RATE_GENERAL_BURST", "1000000000")
        // wrk's connections all come from 127.0.0.1.
        .env("CHLORO_MAX_CONNECTIONS_PER_IP", "10000")
        .env("CHLORO_CONTACT_LIMIT_PER_HOUR", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting chloromaster")?;
    let port = crate::proc::port_of(&crate::proc::wait_for_log(
        &mut child,
        "HTTP listening on http://",
    )?)?;
    Ok((child, port))
}

fn stop(child: &mut Child) {
    crate::proc::stop(child, Duration::from_secs(10));
}

fn wrk(port: u16, case: &Case, script: &Path) -> anyhow::Result<(f64, String)> {
    let mut cmd = Command::new("wrk");
    cmd.arg(format!("-t{}", case.connections.min(2)))
        .arg(format!("-c{}", case.connections))
        .arg(format!("-d{SECONDS}s"))
        .arg("--latency");
    if case.post {
        cmd.arg("-s").arg(script);
    }
    for header in case.headers {
        cmd.arg("-H").arg(header);
    }
    cmd.arg(format!("http://127.0.0.1:{port}{}", case.path));
    let out = cmd.output().context("running wrk")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .with_context(|| format!("no Requests/sec in wrk output:\n{text}"))?;
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| "?".into());
    if text.contains("Non-2xx") {
        bail!("{}: wrk saw non-2xx responses:\n{text}", case.name);
    }
    Ok((rps, p99))
}

/// `X-Cache-Status` of one more request like the case's (`-` for none).
fn cache_status(port: u16, case: &Case) -> String {
    use std::io::{Read, Write};
    if case.post {
        return "-".into();
    }
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return "?".into();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut req = format!(
        "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
        case.path
    );
    for header in case.headers {
        req.push_str(header);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    let mut out = Vec::new();
    if s.write_all(req.as_bytes()).is_err() || s.read_to_end(&mut out).is_err() {
        return "?".into();
    }
    String::from_utf8_lossy(&out)
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("x-cache-status")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_else(|| "-".into())
}
