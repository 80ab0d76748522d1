//! The embedded site in a real browser: starts the built binary on loopback
//! and runs `tests/browser/run.mjs` (the public site) or
//! `tests/browser/admin.mjs` (the admin panel) with playwright-core driving
//! Debian's `chromium`, never a downloaded browser. Screenshots land in
//! `target/browser-screenshots/`.
//!
//! Needs `node`/`npm` and `/usr/bin/chromium` (`cargo xtask test` installs
//! the Debian package and runs `npm ci`); otherwise `npm ci` runs once,
//! under a lock, when `node_modules` does not match `package-lock.json`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");

/// The appliance, killed by PID when the test ends, pass or fail.
pub(crate) struct Appliance {
    child: Child,
    pub(crate) base: String,
    _data: tempfile::TempDir,
}

impl Drop for Appliance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first admin of the admin scenarios' appliance.
pub(crate) const ADMIN_USER: &str = "admin";
pub(crate) const ADMIN_PASSWORD: &str = "browser test password 1";
/// Where the admin appliance sends contact notifications (never delivered).
const MAIL_ADMIN: &str = "office@chloromaster.test";

/// The admin appliance's SMTP relay: a loopback port nobody listens on, so
/// mail is queued (mail is on) and every attempt fails at once, and the
/// outbox page has failing messages to show. Port 1 is privileged: the
/// other tests' listeners (`127.0.0.1:0`, `free_port`'s 20000-32000) never
/// get it, so no test's mail sink can receive these messages.
const CLOSED_SMTP_PORT: u16 = 1;

fn closed_smtp_url() -> String {
    let probe = std::net::TcpStream::connect(("127.0.0.1", CLOSED_SMTP_PORT));
    assert!(
        matches!(&probe, Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused),
        "127.0.0.1:{CLOSED_SMTP_PORT} must refuse connections (the outbox scenario needs a relay that fails): {probe:?}"
    );
    format!("smtp://127.0.0.1:{CLOSED_SMTP_PORT}")
}

pub(crate) fn start_appliance(extra: &[(&str, &str)]) -> Appliance {
    let data = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(BIN)
        .env_clear()
        .envs(extra.iter().copied())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_DATA_DIR", data.path())
        .env("CHLORO_LOG_FORMAT", "journald")
        .env("CHLORO_LOG", "info,access=warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the appliance");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = match lines.next() {
            Some(Ok(line)) => line,
            _ => {
                let _ = child.kill();
                panic!("the appliance exited before logging its address");
            }
        };
        if let Some(rest) = line.split("HTTP listening on http://").nth(1) {
            break rest.split_whitespace().next().expect("address").to_owned();
        }
    };
    // Keep draining the log so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Appliance {
        child,
        base: format!("http://{addr}"),
        _data: data,
    }
}

/// Installs playwright-core and lighthouse with `npm ci` unless `node_modules` already holds
/// what `package-lock.json` pins. nextest runs each test in its own process,
/// and `npm ci` starts by deleting `node_modules`, so the check and the
/// install happen under an exclusive file lock: a second test waits for the
/// first install instead of importing a half-extracted package.
/// `cargo xtask test` installs before the tests start and writes the same
/// stamp, so there this is only a check.
pub(crate) fn ensure_node_modules(dir: &Path) {
    let lock_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/npm-install.lock");
    std::fs::create_dir_all(lock_path.parent().expect("target dir")).expect("create target/");
    let lock = std::fs::File::create(&lock_path).expect("create the npm install lock");
    lock.lock().expect("lock the npm install");
    let wanted = std::fs::read(dir.join("package-lock.json")).expect("read package-lock.json");
    let stamp = dir.join("node_modules/.installed-package-lock.json");
    if std::fs::read(&stamp).is_ok_and(|have| have == wanted) {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        // playwright-core has no install script, but be explicit: no browser downloads.
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("PUPPETEER_SKIP_DOWNLOAD", "1")
        .status()
        .expect("run npm (is nodejs/npm installed?)");
    assert!(status.success(), "npm ci in {} failed", dir.display());
    std::fs::write(&stamp, wanted).expect("write the install stamp");
}

/// Runs one scenario file against a fresh appliance.
fn run_scenarios(script: &str, extra: &[(&str, &str)]) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/browser");
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "Debian's chromium is missing: apt-get install chromium (cargo xtask test does)"
    );
    ensure_node_modules(&dir);
    let app = start_appliance(extra);
    let started = Instant::now();
    let status = Command::new("node")
        .arg(dir.join(script))
        .arg(&app.base)
        .env(
            "SCREENSHOT_DIR",
            root.join("target").join("browser-screenshots"),
        )
        .env("ADMIN_USER", ADMIN_USER)
        .env("ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("MAIL_ADMIN", MAIL_ADMIN)
        .status()
        .expect("run node");
    eprintln!(
        "{script}: browser scenarios ran in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        status.success(),
        "{script}: browser scenarios failed: {status}"
    );
}

#[test]
fn public_site_in_chromium() {
    // The admin account lets a scenario edit the catalogue through the API
    // and see the rendered pages change.
    run_scenarios(
        "run.mjs",
        &[
            ("CHLORO_ADMIN_USER", ADMIN_USER),
            ("CHLORO_ADMIN_PASSWORD", ADMIN_PASSWORD),
        ],
    );
}

#[test]
fn admin_panel_in_chromium() {
    let smtp = closed_smtp_url();
    run_scenarios(
        "admin.mjs",
        &[
            ("CHLORO_ADMIN_USER", ADMIN_USER),
            ("CHLORO_ADMIN_PASSWORD", ADMIN_PASSWORD),
            // The scenarios send more contact forms than one visitor may.
            ("CHLORO_CONTACT_LIMIT_PER_HOUR", "0"),
            ("CHLORO_RATE_API", "1000"),
            ("CHLORO_RATE_API_BURST", "1000"),
            // Mail on, relay refusing: every message fails its first attempt
            // and waits an hour for the next, so what the outbox shows holds
            // still while the scenarios run.
            ("CHLORO_SMTP_URL", &smtp),
            ("CHLORO_MAIL_FROM", "ChloroMaster <web@chloromaster.test>"),
            ("CHLORO_MAIL_ADMIN", MAIL_ADMIN),
            ("CHLORO_MAIL_RETRY_BASE", "1h"),
        ],
    );
}

/// Issue 16 in the browser: uploads in the admin panel, the gallery on the
/// public product page in English and Arabic, the uploaded datasheet's
/// download, the media library (`tests/browser/media.mjs`).
#[test]
fn media_in_chromium() {
    run_scenarios(
        "media.mjs",
        &[
            ("CHLORO_ADMIN_USER", ADMIN_USER),
            ("CHLORO_ADMIN_PASSWORD", ADMIN_PASSWORD),
            // The scenarios poll the media items while they are processed.
            ("CHLORO_RATE_API", "1000"),
            ("CHLORO_RATE_API_BURST", "1000"),
        ],
    );
}
