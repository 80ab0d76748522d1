//! The Debian packages the tests and benchmarks use, installed when missing
//! so that one command sets up a fresh machine.

use anyhow::{Context, bail};
use std::process::Command;

/// What the test suite talks to: real Redis clients, real servers to compare
/// with, real tools to check the unit and the package, and Debian's chromium
/// for the browser tests (`tests/it/browser.rs`). Those also need Node.js ≥ 20
/// and npm, which the build machines already carry (NodeSource's `nodejs`
/// 20); they are not apt-installed here so that one never replaces the
/// other. `tests/it/packaging.rs` runs systemd-analyze (systemd), copies /bin/kill
/// (procps) and renders the man page (man-db).
pub const TEST_PACKAGES: &[&str] = &[
    "curl",
    "redis-tools",
    "redis-server",
    "pebble",
    "chromium",
    "systemd",
    "procps",
    "man-db",
    // tests/it/mail.rs: a real SMTP server on loopback (tests/smtp/sink.py).
    "python3-aiosmtpd",
    // tests/it/schemathesis.rs: a virtual environment for the pinned
    // schemathesis (from PyPI, with pip).
    "python3-venv",
];

/// `cargo xtask dist`: the static build links glibc statically (libc6-dev),
/// strips with binutils, packs with dpkg-deb/tar/gzip (dpkg, tar, gzip are
/// essential), and its artefact tests run file, readelf, lintian and
/// systemd-analyze; strace watches the static binary resolve a name without
/// opening glibc's NSS modules.
pub const DIST_PACKAGES: &[&str] = &[
    "libc6-dev",
    "binutils",
    "file",
    "lintian",
    "man-db",
    "systemd",
    "procps",
    "strace",
];

/// `cargo xtask install-test`: a Debian tree, a container to boot it in,
/// nsenter to run commands inside, openssl and curl for the HTTPS check.
pub const INSTALL_TEST_PACKAGES: &[&str] = &[
    "debootstrap",
    "systemd-container",
    "util-linux",
    "openssl",
    "curl",
];

/// What the benchmarks drive or compare against; h2load (nghttp2-client)
/// drives the HTTP/2 and handshake cases of `bench tls`.
pub const BENCH_PACKAGES: &[&str] = &[
    "wrk",
    "nghttp2-client",
    "nginx-light",
    "curl",
    "openssl",
    "redis-tools",
    "redis-server",
];

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

/// Whether this process runs as root (`id -u` is 0).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Installs whichever of `packages` are missing, with apt-get (as root, or
/// through sudo).
pub fn ensure(packages: &[&str]) -> anyhow::Result<()> {
    let missing: Vec<&str> = packages.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("installing Debian packages: {}", missing.join(" "));
    let is_root = is_root();
    let apt = |args: &[&str]| -> anyhow::Result<()> {
        let mut cmd = if is_root {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        let status = cmd
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .context("running apt-get (is this Debian?)")?;
        if !status.success() {
            bail!("apt-get {} failed", args.join(" "));
        }
        Ok(())
    };
    apt(&["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(&missing);
    apt(&args)
}
