//! What `bench http`, `bench tls` and `bench api` share: the release build
//! of the appliance together with the floor (`xtask/floor`, a bare tokio +
//! hyper server, see its doc comment), starting the floor on the
//! appliance's own bytes, the load generators (wrk, h2load) and the table
//! every case prints: nginx, the appliance and the floor, each with its p99,
//! and the ratios appliance/nginx and floor/nginx.
//!
//! The floor is a separate workspace package built in the same `cargo
//! build --release` as the appliance (so with the same release profile,
//! LTO included) and run as its own process, like the two servers it is
//! compared with.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};

/// The release binaries: the appliance and the floor.
pub struct Built {
    pub appliance: PathBuf,
    pub floor: PathBuf,
}

/// `cargo build --release -p chloromaster -p bench-floor`: one invocation,
/// so the floor's dependencies (a subset of the appliance's features) are
/// the appliance's, and the appliance is not rebuilt.
///
/// The variables `cargo run` gives the xtask process (`CARGO_MANIFEST_DIR`,
/// `CARGO_PKG_*`, …) are removed for the nested build: ring's build script
/// declares `rerun-if-env-changed` on them, so with xtask's values the
/// nested build and a plain `cargo build --release` would each find ring
/// changed and rebuild it and everything above it (the appliance
/// included, ~12 minutes here) every time the other had run.
pub fn build_release() -> anyhow::Result<Built> {
    let sh = xshell::Shell::new()?;
    let mut cmd = xshell::cmd!(
        sh,
        "cargo build --release --quiet -p chloromaster -p bench-floor"
    );
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        if name == "CARGO_MANIFEST_DIR"
            || name == "CARGO_MANIFEST_PATH"
            || name == "CARGO_PRIMARY_PACKAGE"
            || name == "CARGO_CRATE_NAME"
            || name == "CARGO_BIN_NAME"
            || name.starts_with("CARGO_PKG_")
        {
            cmd = cmd.env_remove(name);
        }
    }
    cmd.run()?;
    Ok(Built {
        appliance: PathBuf::from("target/release/chloromaster").canonicalize()?,
        floor: PathBuf::from("target/release/bench-floor").canonicalize()?,
    })
}

/// A server the bench started, stopped by PID (SIGTERM, then SIGKILL).
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Server {
    pub fn stop(&mut self) {
        crate::proc::stop(&mut self.child, Duration::from_secs(10));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.stop();
        }
    }
}

/// The floor's manifest: which bytes it answers for which path and
/// encoding (see `xtask/floor/src/main.rs`).
#[derive(Default)]
pub struct Manifest {
    lines: String,
}

impl Manifest {
    /// Fetches `url` from the appliance once per encoding (identity, gzip,
    /// br) and records each body it sends, with its content type, as the
    /// floor's answer for `path`: the floor serves the appliance's bytes.
    pub fn fetch_from(&mut self, url: &str, path: &str, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir)?;
        for encoding in ["identity", "gzip", "br"] {
            let n = self.lines.lines().count();
            let body = dir.join(format!("body-{n}"));
            let head = dir.join(format!("head-{n}"));
            let status = Command::new("curl")
                .args(["-k", "-s", "-f", "-H"])
                .arg(format!("Accept-Encoding: {encoding}"))
                .arg("-D")
                .arg(&head)
                .arg("-o")
                .arg(&body)
                .arg(url)
                .status()
                .context("curl")?;
            if !status.success() {
                bail!("{url} could not be fetched for the floor");
            }
            let head = std::fs::read_to_string(&head)?;
            let field = |name: &str| {
                head.lines().find_map(|l| {
                    let (n, v) = l.split_once(':')?;
                    n.trim()
                        .eq_ignore_ascii_case(name)
                        .then(|| v.trim().to_owned())
                })
            };
            let sent = field("content-encoding").unwrap_or_else(|| "identity".into());
            if sent != encoding {
                continue;
            }
            let content_type = field("content-type").context("no content-type")?;
            self.lines.push_str(&format!(
                "{path}\t{encoding}\t{content_type}\t{}\n",
                body.display()
            ));
        }
        Ok(())
    }
}

/// Starts the floor on a free loopback port with `manifest`, over TLS with
/// `tls` (certificate, key).
pub fn start_floor(
    bin: &Path,
    manifest: &Manifest,
    work: &Path,
    tls: Option<(&Path, &Path)>,
) -> anyhow::Result<Server> {
    let file = work.join("floor-manifest.tsv");
    std::fs::write(&file, &manifest.lines)?;
    let mut cmd = Command::new(bin);
    cmd.args(["--listen", "127.0.0.1:0", "--manifest"])
        .arg(&file);
    if let Some((cert, key)) = tls {
        cmd.arg("--cert").arg(cert).arg("--key").arg(key);
    }
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting bench-floor")?;
    let addr = crate::proc::wait_for_log(&mut child, "floor listening on ")?;
    let port = crate::proc::port_of(&addr)?;
    Ok(Server { child, port })
}

/// One server's result for one case.
pub struct Measured {
    pub requests_per_sec: f64,
    /// The p99 as the tool prints it, or another latency figure named in
    /// it (`… max` for the handshake bursts).
    pub latency: String,
}

/// A bound on every load run: its own duration plus this much.
const SLACK_SECONDS: u32 = 30;

/// `wrk -t2 -cN -dS --latency`, with extra `headers` (`Name: value`) and,
/// for a POST, a Lua `script`.
pub fn wrk(
    url: &str,
    connections: u32,
    seconds: u32,
    headers: &[String],
    script: Option<&Path>,
) -> anyhow::Result<Measured> {
    let mut cmd = Command::new("timeout");
    cmd.arg((seconds + SLACK_SECONDS).to_string())
        .arg("wrk")
        .arg(format!("-t{}", connections.min(2)))
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"))
        .arg("--latency");
    if let Some(script) = script {
        cmd.arg("-s").arg(script);
    }
    for h in headers {
        cmd.arg("-H").arg(h);
    }
    cmd.arg(url);
    let out = cmd.output().context("running wrk")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let requests_per_sec = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .with_context(|| format!("no Requests/sec in wrk output:\n{text}"))?;
    let latency = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| "?".into());
    if text.contains("Non-2xx") {
        bail!("{url}: wrk saw non-2xx responses:\n{text}");
    }
    Ok(Measured {
        requests_per_sec,
        latency,
    })
}

/// How h2load drives a case.
#[derive(Clone, Copy)]
pub enum H2load {
    /// HTTP/2 over TLS: `-c` connections kept open, `-m` streams on each,
    /// one client thread, for `seconds`.
    Streams {
        clients: u32,
        streams: u32,
        seconds: u32,
    },
    /// `n` connections at once, one request each, none of them resuming
    /// a session: the full-handshake rate (latency: the slowest time to
    /// first byte, handshake included).
    NewConnections { n: u32 },
    /// HTTP/1.1 with `Connection: close` from `clients` connections, `n`
    /// requests: h2load reconnects after each answer and resumes the TLS
    /// session it was given (a ticket), the way a returning browser does.
    Resumed { clients: u32, n: u32 },
}

pub fn h2load(url: &str, how: H2load, headers: &[String], work: &Path) -> anyhow::Result<Measured> {
    let log = work.join("h2load.log");
    let _ = std::fs::remove_file(&log);
    let mut cmd = Command::new("timeout");
    let bound = match how {
        H2load::Streams { seconds, .. } => seconds + 1 + SLACK_SECONDS,
        _ => 2 * SLACK_SECONDS,
    };
    cmd.arg(bound.to_string()).arg("h2load").arg("-t1");
    match how {
        H2load::Streams {
            clients,
            streams,
            seconds,
        } => {
            cmd.arg(format!("-c{clients}"))
                .arg(format!("-m{streams}"))
                .arg(format!("-D{seconds}"))
                .arg("--warm-up-time=1");
        }
        H2load::NewConnections { n } => {
            cmd.arg(format!("-c{n}")).arg(format!("-n{n}"));
        }
        H2load::Resumed { clients, n } => {
            cmd.arg("--h1")
                .arg(format!("-c{clients}"))
                .arg(format!("-n{n}"))
                .args(["-H", "Connection: close"]);
        }
    }
    for h in headers {
        cmd.arg("-H").arg(h);
    }
    cmd.arg("--log-file").arg(&log).arg(url);
    let out = cmd.output().context("running h2load")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let requests_per_sec = text
        .lines()
        .find_map(|l| l.strip_prefix("finished in "))
        .and_then(|l| l.split(", ").nth(1))
        .and_then(|v| v.trim_end_matches(" req/s").parse::<f64>().ok())
        .with_context(|| format!("no req/s in h2load's output:\n{text}"))?;
    let failed = text
        .lines()
        .find_map(|l| l.strip_prefix("requests: "))
        .is_none_or(|l| !l.contains(" 0 failed, 0 errored"));
    let non_2xx = text
        .lines()
        .find_map(|l| l.strip_prefix("status codes: "))
        .is_none_or(|l| !l.contains(" 0 3xx, 0 4xx, 0 5xx"));
    if failed || non_2xx {
        bail!("{url}: h2load saw failures:\n{text}");
    }
    let latency = match how {
        H2load::NewConnections { .. } => text
            .lines()
            .find_map(|l| l.trim().strip_prefix("time to 1st byte:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(|max| format!("{max} max"))
            .unwrap_or_else(|| "?".into()),
        _ => p99_of_log(&log).unwrap_or_else(|| "?".into()),
    };
    Ok(Measured {
        requests_per_sec,
        latency,
    })
}

/// The 99th percentile of h2load's `--log-file` (third column: µs from a
/// request's start to the end of its response), printed as wrk prints it.
fn p99_of_log(log: &Path) -> Option<String> {
    let text = std::fs::read_to_string(log).ok()?;
    let mut us: Vec<u64> = text
        .lines()
        .filter_map(|l| l.split('\t').nth(2)?.trim().parse().ok())
        .collect();
    if us.is_empty() {
        return None;
    }
    us.sort_unstable();
    let at = (us.len() * 99).div_ceil(100).saturating_sub(1);
    let p99 = us[at.min(us.len() - 1)];
    Some(if p99 < 1000 {
        format!("{p99}us")
    } else {
        format!("{:.2}ms", p99 as f64 / 1000.0)
    })
}

/// One row of the table: a case and what nginx, the appliance and the
/// floor did (`None`: not measured for that server).
pub struct Row {
    pub name: String,
    pub nginx: Option<Measured>,
    pub appliance: Option<Measured>,
    pub floor: Option<Measured>,
}

pub fn print_table(rows: &[Row]) {
    let w = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4) + 2;
    print!("{:<w$}", "case");
    for name in ["nginx", "appliance", "floor"] {
        print!("{:>16} {:>9}", format!("{name} req/s"), "p99");
    }
    println!(" {:>10} {:>12}", "app/nginx", "floor/nginx");
    for row in rows {
        print!("{:<w$}", row.name);
        for m in [&row.nginx, &row.appliance, &row.floor] {
            match m {
                Some(m) => print!("{:>16.0} {:>9}", m.requests_per_sec, m.latency),
                None => print!("{:>16} {:>9}", "-", "-"),
            }
        }
        let ratio = |m: &Option<Measured>| match (m, &row.nginx) {
            (Some(m), Some(n)) => format!("{:.2}x", m.requests_per_sec / n.requests_per_sec),
            _ => "-".into(),
        };
        println!(" {:>10} {:>12}", ratio(&row.appliance), ratio(&row.floor));
    }
}

/// The number of header fields in one answer to `url` (curl, `-k`), so the
/// table can say how much each server sends.
pub fn header_count(url: &str, headers: &[String]) -> anyhow::Result<usize> {
    let mut cmd = Command::new("curl");
    cmd.args(["-k", "-s", "-o", "/dev/null", "-D", "-"]);
    for h in headers {
        cmd.arg("-H").arg(h);
    }
    let out = cmd.arg(url).output().context("curl")?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .filter(|l| l.contains(':'))
        .count())
}

/// The machine's load, printed with the results (the ratios are only
/// comparable between quiet runs).
pub fn uptime() -> String {
    Command::new("uptime")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}
