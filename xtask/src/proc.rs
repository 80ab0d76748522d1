//! Child processes the benchmarks start: reading the address the appliance
//! logs once it listens, and stopping a child by its PID.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// Reads the child's stderr until a line contains `marker` (such as
/// `HTTP listening on http://`) and returns the rest of that line's first
/// word, the bound address. The log is then drained in the background so
/// the child never blocks on a full pipe. A child that exits first is an
/// error, and is reaped.
pub fn wait_for_log(child: &mut Child, marker: &str) -> anyhow::Result<String> {
    let stderr = child
        .stderr
        .take()
        .context("the child's stderr is not piped")?;
    let mut lines = BufReader::new(stderr).lines();
    let found = loop {
        let Some(line) = lines.next() else {
            let _ = child.kill();
            let _ = child.wait();
            bail!("chloromaster exited before logging {marker:?}");
        };
        let line = line?;
        if let Some(rest) = line.split(marker).nth(1) {
            break rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Ok(found)
}

/// The port of an address such as `127.0.0.1:8080`.
pub fn port_of(addr: &str) -> anyhow::Result<u16> {
    addr.rsplit(':')
        .next()
        .unwrap_or_default()
        .parse()
        .with_context(|| format!("no port in {addr:?}"))
}

/// SIGTERM, then up to `grace` for the child to exit, then SIGKILL.
pub fn stop(child: &mut Child, grace: Duration) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}
