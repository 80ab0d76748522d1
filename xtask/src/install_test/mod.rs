//! `cargo xtask install-test`: the .deb from `target/dist/` installed into a
//! real systemd — a Debian 12 tree made with debootstrap, booted with
//! `systemd-nspawn` — and the service exercised as an operator would.
//!
//! Needs root, `debootstrap`, `systemd-container` (systemd-nspawn) and
//! `util-linux` (nsenter), and the Debian mirror once: the base tree is cached
//! in `/var/cache/chloromaster-xtask/bookworm` (override with
//! `XTASK_ROOTFS_CACHE`) and copied for every run, so each run starts from a
//! clean system. The container has its own network namespace, so the
//! service's ports 80, 443 and 6379 need not be free on the host, and the
//! test runs beside anything else (CI runs it from `cargo xtask test`).
//!
//! Limits are checked as systemd configured them (`systemctl show`): on
//! these hosts the cgroup controllers are read-only inside nspawn, so they
//! are not enforced there (that needs a VM).
mod container;
mod load;
mod scenario;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail, ensure};
use xshell::{Shell, cmd};

use container::Container;

const USAGE: &str = "usage: cargo xtask install-test [--keep]

  --keep   leave the container's tree in target/install-test/rootfs afterwards

Installs target/dist/chloromaster_<version>_amd64.deb (run `cargo xtask dist`
first) into a booted Debian 12 container and checks: start on install, /health
and the site answer, limits and watchdog in `systemctl show`, non-root with only
CAP_NET_BIND_SERVICE, reload, restart after a kill and after a watchdog
timeout (SIGSTOP), clean stop, data kept across restart/upgrade/remove, and
purge removing everything.";

const SUITE: &str = "bookworm";
const DEFAULT_CACHE: &str = "/var/cache/chloromaster-xtask/bookworm";
const MACHINE: &str = "chloromaster-it";
/// Size of the download kept in flight across `systemctl stop`: well above
/// what loopback socket buffers absorb, so the server is still sending.
const DRAIN_BYTES: usize = 16 << 20;
const UNIT: &str = "chloromaster.service";
/// What the container has besides minbase: systemd as init, procps for
/// /bin/kill (ExecReload=) and ps, man-db so `systemd-analyze verify` can
/// check that Documentation=man:chloromaster(8) resolves.
const INCLUDE: &str = "systemd,systemd-sysv,dbus,ca-certificates,procps,man-db";

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut keep = false;
    for a in args {
        match a.as_str() {
            "--keep" => keep = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown option {other:?}\n\n{USAGE}"),
        }
    }
    let sh = Shell::new()?;
    ensure!(
        crate::deps::is_root(),
        "install-test boots a container: run it as root"
    );
    for tool in ["debootstrap", "systemd-nspawn", "nsenter", "dpkg-deb"] {
        ensure!(
            on_path(tool),
            "{tool} is missing: apt-get install debootstrap systemd-container util-linux"
        );
    }
    let root = sh.current_dir();
    let deb = find_deb(&root)?;
    let base = PathBuf::from(
        std::env::var("XTASK_ROOTFS_CACHE").unwrap_or_else(|_| DEFAULT_CACHE.to_owned()),
    );
    let started = Instant::now();
    ensure_base_tree(&sh, &base)?;

    let work = root.join("target/install-test");
    let rootfs = work.join("rootfs");
    if rootfs.exists() {
        cmd!(sh, "rm -rf --one-file-system {rootfs}").run()?;
    }
    fs::create_dir_all(&work)?;
    cmd!(sh, "cp -a --reflink=auto {base} {rootfs}").run()?;
    let upgrade = make_upgrade_deb(&sh, &deb, &work)?;
    fs::copy(&deb, rootfs.join("root/chloromaster.deb"))?;
    fs::copy(&upgrade, rootfs.join("root/chloromaster-upgrade.deb"))?;
    println!(
        "install-test: fresh tree ready in {:.0}s",
        started.elapsed().as_secs_f64()
    );

    let mut container = Container::boot(&rootfs)?;
    let mut t = Tally::default();
    let result = scenario::run(&container, &mut t);
    if let Err(e) = &result {
        t.failed += 1;
        eprintln!("install-test: FAILED: {e:#}");
        if let Ok(journal) = container.sh(&format!("journalctl -u {UNIT} --no-pager -n 80")) {
            eprintln!("--- the container's journal of {UNIT} ---\n{journal}");
        }
    }
    container.shutdown();
    if !keep {
        let _ = cmd!(sh, "rm -rf --one-file-system {rootfs}").run();
    }
    println!("install-test: {} passed, {} failed", t.passed, t.failed);
    result
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

#[derive(Default)]
struct Tally {
    passed: u32,
    failed: u32,
}

impl Tally {
    fn ok(&mut self, what: &str) {
        self.passed += 1;
        println!("install-test: ok - {what}");
    }
}

fn find_deb(root: &Path) -> anyhow::Result<PathBuf> {
    let dist = root.join("target/dist");
    let mut debs: Vec<PathBuf> = fs::read_dir(&dist)
        .with_context(|| format!("{}: run `cargo xtask dist` first", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "deb"))
        .collect();
    ensure!(
        debs.len() == 1,
        "expected one .deb in {}, found {debs:?}",
        dist.display()
    );
    Ok(debs.remove(0))
}

/// The mirror apt on this host already uses for Debian (the issue's "allowed
/// network"), else deb.debian.org.
fn debian_mirror() -> String {
    if let Ok(m) = std::env::var("XTASK_DEBIAN_MIRROR") {
        return m;
    }
    let mut sources = vec![PathBuf::from("/etc/apt/sources.list")];
    if let Ok(dir) = fs::read_dir("/etc/apt/sources.list.d") {
        let mut more: Vec<PathBuf> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        more.sort();
        sources.extend(more);
    }
    for path in sources {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        for line in text.lines().map(str::trim) {
            let uri = if let Some(rest) = line.strip_prefix("URIs:") {
                rest.split_whitespace().next()
            } else if let Some(rest) = line.strip_prefix("deb ") {
                rest.split_whitespace().find(|w| !w.starts_with('['))
            } else {
                None
            };
            if let Some(uri) = uri
                && uri.trim_end_matches('/').ends_with("/debian")
            {
                return uri.to_owned();
            }
        }
    }
    "http://deb.debian.org/debian".to_owned()
}

/// The cached minimal Debian 12 with systemd, made once per machine. Built
/// in a temporary directory and renamed, so an interrupted debootstrap never
/// leaves a half tree that later runs would trust.
fn ensure_base_tree(sh: &Shell, base: &Path) -> anyhow::Result<()> {
    // The package list is written into the tree, so a cache made with an
    // older list is rebuilt rather than trusted.
    let stamp = base.join(".xtask-include");
    if fs::read_to_string(&stamp).is_ok_and(|s| s == INCLUDE) {
        println!("install-test: using the cached tree {}", base.display());
        return Ok(());
    }
    if base.exists() {
        cmd!(sh, "rm -rf --one-file-system {base}").run()?;
    }
    let parent = base.parent().context("cache path has a parent")?;
    fs::create_dir_all(parent)?;
    let partial = base.with_extension("partial");
    if partial.exists() {
        cmd!(sh, "rm -rf --one-file-system {partial}").run()?;
    }
    let mirror = debian_mirror();
    let include = format!("--include={INCLUDE}");
    let started = Instant::now();
    cmd!(
        sh,
        "debootstrap --variant=minbase {include} {SUITE} {partial} {mirror}"
    )
    .run()
    .context("debootstrap (needs the Debian mirror)")?;
    // minbase has no /etc/hosts; "localhost" must resolve inside.
    fs::write(
        partial.join("etc/hosts"),
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n",
    )?;
    fs::write(partial.join("etc/hostname"), format!("{MACHINE}\n"))?;
    fs::write(partial.join(".xtask-include"), INCLUDE)?;
    fs::rename(&partial, base)?;
    println!(
        "install-test: debootstrap took {:.0}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The same package with a higher version (`+upgrade1`), to go through a
/// real dpkg upgrade: old prerm, new postinst with the old version.
fn make_upgrade_deb(sh: &Shell, deb: &Path, work: &Path) -> anyhow::Result<PathBuf> {
    let tree = work.join("upgrade-tree");
    if tree.exists() {
        fs::remove_dir_all(&tree)?;
    }
    cmd!(sh, "dpkg-deb --raw-extract {deb} {tree}").run()?;
    let control_path = tree.join("DEBIAN/control");
    let control = fs::read_to_string(&control_path)?;
    let version = control
        .lines()
        .find_map(|l| l.strip_prefix("Version: "))
        .context("Version in control")?
        .to_owned();
    fs::write(
        &control_path,
        control.replace(
            &format!("Version: {version}"),
            &format!("Version: {version}+upgrade1"),
        ),
    )?;
    let out = work.join("chloromaster-upgrade.deb");
    cmd!(sh, "dpkg-deb --root-owner-group --build {tree} {out}")
        .quiet()
        .run()?;
    fs::remove_dir_all(&tree)?;
    Ok(out)
}
