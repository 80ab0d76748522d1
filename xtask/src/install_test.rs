//! `cargo xtask install-test`: the .deb from `target/dist/` installed into a
//! real systemd — a Debian 12 tree made with debootstrap, booted with
//! `systemd-nspawn` — and the service exercised as an operator would.
//!
//! Needs root, `debootstrap`, `systemd-container` (systemd-nspawn) and
//! `util-linux` (nsenter), and the Debian mirror once: the base tree is cached
//! in `/var/cache/chloromaster-xtask/bookworm` (override with
//! `XTASK_ROOTFS_CACHE`) and copied for every run, so each run starts from a
//! clean system. The container shares the host's network: the service's
//! ports 80, 443 and 6379 must be free on the host.
//!
//! Limits are checked as systemd configured them (`systemctl show`): on
//! these hosts the cgroup controllers are read-only inside nspawn, so they
//! are not enforced there (that needs a VM).

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use xshell::{Shell, cmd};

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
        cmd!(sh, "id -u").read()?.trim() == "0",
        "install-test boots a container: run it as root"
    );
    for tool in ["debootstrap", "systemd-nspawn", "nsenter", "dpkg-deb"] {
        ensure!(
            on_path(tool),
            "{tool} is missing: apt-get install debootstrap systemd-container util-linux"
        );
    }
    for port in [80, 443, 6379] {
        ensure!(
            TcpStream::connect_timeout(
                &SocketAddr::from(([127, 0, 0, 1], port)),
                Duration::from_millis(300)
            )
            .is_err(),
            "port {port} is in use on this host; the container shares its network"
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
    let result = scenario(&container, &mut t);
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

/// A booted container; commands run in it through `nsenter`.
struct Container {
    nspawn: Child,
    /// The container's root directory as the host sees it.
    rootfs: PathBuf,
    /// The container's PID 1 as the host sees it.
    init: u32,
}

impl Container {
    fn boot(rootfs: &Path) -> anyhow::Result<Self> {
        // `--register=no --keep-unit`: there is no host systemd/machined to
        // register with ("Failed to open system bus" otherwise).
        let nspawn = Command::new("systemd-nspawn")
            .arg("--directory")
            .arg(rootfs)
            .args([
                "--boot",
                "--register=no",
                "--keep-unit",
                "--console=pipe",
                "--machine",
                MACHINE,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting systemd-nspawn")?;
        let pid = nspawn.id();
        let mut container = Container {
            nspawn,
            rootfs: rootfs.to_path_buf(),
            init: 0,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while container.init == 0 {
            ensure!(
                Instant::now() < deadline,
                "the container's init did not appear"
            );
            if let Ok(children) = fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
                && let Some(first) = children.split_whitespace().next()
            {
                container.init = first.parse()?;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let state = loop {
            let state = container
                .sh("systemctl is-system-running --wait 2>/dev/null || true")
                .unwrap_or_default();
            let state = state.trim().to_owned();
            if state == "running" || state == "degraded" {
                break state;
            }
            ensure!(
                Instant::now() < deadline,
                "the container did not finish booting ({state:?})"
            );
            std::thread::sleep(Duration::from_millis(200));
        };
        if state == "degraded" {
            println!(
                "install-test: container booted degraded: {}",
                container
                    .sh("systemctl --failed --no-legend --plain")
                    .unwrap_or_default()
                    .trim()
            );
        }
        Ok(container)
    }

    /// Runs `script` with `sh -c` inside the container; its stdout, or an
    /// error with both streams.
    fn sh(&self, script: &str) -> anyhow::Result<String> {
        let out = Command::new("nsenter")
            .args(["--target", &self.init.to_string(), "--all", "--"])
            .args(["/bin/sh", "-c", script])
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .env("LC_ALL", "C.UTF-8")
            .stdin(Stdio::null())
            .output()
            .context("nsenter")?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        ensure!(
            out.status.success(),
            "`{script}` failed ({}):\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(stdout)
    }

    fn show(&self, property: &str) -> anyhow::Result<String> {
        Ok(self
            .sh(&format!("systemctl show --value -p {property} {UNIT}"))?
            .trim()
            .to_owned())
    }

    fn main_pid(&self) -> anyhow::Result<u32> {
        Ok(self.show("MainPID")?.parse()?)
    }

    /// Polls until the service is active with a main process other than
    /// `not`, within `timeout`.
    fn wait_active(&self, not: Option<u32>, timeout: Duration) -> anyhow::Result<u32> {
        let deadline = Instant::now() + timeout;
        loop {
            let state = self.show("ActiveState")?;
            let pid = self.main_pid()?;
            if state == "active" && pid != 0 && Some(pid) != not {
                return Ok(pid);
            }
            ensure!(
                Instant::now() < deadline,
                "{UNIT} not active again within {timeout:?} (ActiveState={state}, MainPID={pid})"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn shutdown(&mut self) {
        // nspawn turns SIGTERM into an orderly poweroff of the container.
        let pid = self.nspawn.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.nspawn.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = self.nspawn.kill();
        let _ = self.nspawn.wait();
    }
}

fn http_get(port: u16, path: &str) -> anyhow::Result<(u16, String)> {
    let mut s = TcpStream::connect_timeout(
        &SocketAddr::from(([127, 0, 0, 1], port)),
        Duration::from_secs(3),
    )?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )?;
    let mut reply = String::new();
    s.read_to_string(&mut reply)?;
    let status = reply
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .with_context(|| format!("not an HTTP reply: {reply:?}"))?;
    Ok((status, reply))
}

/// The operator's story, step by step; the first failing step ends it.
fn scenario(c: &Container, t: &mut Tally) -> anyhow::Result<()> {
    // Install: enabled, started, and a note on where the site is.
    let installed = c.sh("apt-get install -y /root/chloromaster.deb 2>&1")?;
    ensure!(
        installed.contains("serves the site at"),
        "postinst printed no note:\n{installed}"
    );
    ensure!(c.sh(&format!("systemctl is-enabled {UNIT}"))?.trim() == "enabled");
    let pid = c.wait_active(None, Duration::from_secs(20))?;
    t.ok("apt install ./chloromaster.deb enables and starts the service");

    let (status, _) = http_get(80, "/health")?;
    ensure!(status == 200, "/health answered {status}");
    let (status, body) = http_get(80, "/health/ready")?;
    ensure!(status == 200, "/health/ready answered {status}: {body}");
    let (status, body) = http_get(80, "/")?;
    ensure!(status == 200, "/ answered {status}: {body}");
    t.ok("the site, /health and /health/ready answer on port 80");

    // Limits and supervision as systemd applied them.
    let expect = [
        ("Type", "notify"),
        ("NotifyAccess", "main"),
        ("Restart", "on-failure"),
        ("WatchdogUSec", "30s"),
        ("CPUQuotaPerSecUSec", "2s"),
        ("MemoryMax", "2147483648"),
        ("MemoryHigh", "1879048192"),
        ("MemoryLow", "1073741824"),
        ("TasksMax", "1024"),
        ("LimitNOFILE", "65536"),
        ("DynamicUser", "yes"),
        ("TimeoutStopUSec", "30s"),
    ];
    for (property, value) in expect {
        let got = c.show(property)?;
        ensure!(
            got == value,
            "systemctl show {property}={got}, expected {value}"
        );
    }
    t.ok("systemctl show has the limits, the watchdog and the restart policy");

    // Who the process is.
    let status = c.sh(&format!("cat /proc/{pid}/status"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let uids = field("Uid");
    ensure!(
        !uids.is_empty() && uids.split(' ').all(|u| u != "0"),
        "runs as Uid {uids}"
    );
    let bind_only = "0000000000000400"; // 1 << CAP_NET_BIND_SERVICE (10)
    for cap in ["CapEff", "CapPrm", "CapBnd", "CapAmb"] {
        ensure!(field(cap) == bind_only, "{cap} is {}", field(cap));
    }
    ensure!(
        field("NoNewPrivs") == "1",
        "NoNewPrivs {}",
        field("NoNewPrivs")
    );
    ensure!(field("Seccomp") == "2", "Seccomp {}", field("Seccomp"));
    let user = c.sh(&format!("ps -o user= -p {pid}"))?;
    t.ok(&format!(
        "runs as the dynamic user {} (Uid {uids}) with only CAP_NET_BIND_SERVICE, seccomp, no new privileges",
        user.trim()
    ));

    // The state directory: private, and what is in it is kept.
    let mode = c.sh("stat -c '%a %U' /var/lib/private/chloromaster")?;
    ensure!(mode.starts_with("700 "), "state directory is {mode}");
    c.sh("echo kept > /var/lib/private/chloromaster/install-test-marker")?;
    // A record the API acknowledged (201 = durably committed): its id
    // sequence must continue, not restart at 1, after restart and upgrade.
    let mut last_id = post_contact("before restart")?;
    let data_before = c.sh("cd /var/lib/private/chloromaster && ls -A | sort")?;

    // Verify as installed (binary at its ExecStart path, real unit paths).
    let verify = c.sh(&format!("systemd-analyze verify {UNIT} 2>&1"))?;
    ensure!(
        verify.trim().is_empty(),
        "systemd-analyze verify:\n{verify}"
    );
    t.ok("systemd-analyze verify is silent on the installed unit");

    // The exposure as the running system's systemd scores the loaded unit.
    let security = c.sh(&format!("systemd-analyze security --no-pager {UNIT}"))?;
    let level: f64 = security
        .lines()
        .find_map(|l| l.split_once(&format!("Overall exposure level for {UNIT}:")))
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .with_context(|| format!("no exposure level in:\n{security}"))?;
    ensure!(level <= 1.5, "exposure {level} > 1.5:\n{security}");
    t.ok(&format!(
        "systemd-analyze security on the running unit: exposure {level}"
    ));

    // Reload: SIGHUP, same process, still serving.
    c.sh(&format!("systemctl reload {UNIT}"))?;
    ensure!(c.main_pid()? == pid, "reload replaced the process");
    ensure!(http_get(80, "/health")?.0 == 200);
    t.ok("systemctl reload keeps the process and keeps serving");

    // A credential appears in $CREDENTIALS_DIRECTORY after a restart; data kept.
    c.sh("install -d -m 0700 /etc/credstore && install -m 0600 /dev/null /etc/credstore/chloromaster.resp-password && echo s3cret-for-test > /etc/credstore/chloromaster.resp-password")?;
    c.sh(&format!("systemctl restart {UNIT}"))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(20))?;
    ensure!(
        c.show("Result")? == "success",
        "the stop before the restart was not clean: Result={}",
        c.show("Result")?
    );
    let creds = c.sh(&format!("ls /run/credentials/{UNIT}/"))?;
    ensure!(
        creds.lines().any(|l| l == "resp-password"),
        "credentials: {creds:?}"
    );
    let data_after = c.sh("cd /var/lib/private/chloromaster && ls -A | sort")?;
    ensure_kept(&data_before, &data_after, "restart")?;
    let id = post_contact("after restart")?;
    ensure!(
        id == last_id + 1,
        "contact id {id} after restart, expected {}",
        last_id + 1
    );
    last_id = id;
    t.ok("systemctl restart: clean stop, credential passed, data kept (contact ids continue)");

    // SIGKILL: a failure, so Restart=on-failure starts it again.
    c.sh(&format!("kill -KILL {pid}"))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(15))?;
    ensure!(http_get(80, "/health")?.0 == 200);
    t.ok("killed with SIGKILL, restarted by Restart=on-failure");

    // HTTPS from certificate files handed over as credentials: the dynamic
    // user cannot read root's files, the credential copies it can.
    let pid = https_from_credentials(c, pid)?;
    t.ok(
        "HTTPS on 443 with the certificate passed as tls-cert/tls-key credentials; HTTP redirects",
    );

    // A hung process (SIGSTOP) stops pinging; the watchdog aborts it and
    // Restart= brings it back.
    let restarts: u32 = c.show("NRestarts")?.parse()?;
    let stopped_at = Instant::now();
    c.sh(&format!("kill -STOP {pid}"))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(75))?;
    let waited = stopped_at.elapsed();
    ensure!(c.show("NRestarts")?.parse::<u32>()? > restarts);
    let journal = c.sh(&format!("journalctl -u {UNIT} --no-pager -o cat"))?;
    ensure!(
        journal.contains("Watchdog timeout"),
        "no watchdog timeout in the journal"
    );
    t.ok(&format!(
        "SIGSTOPped process restarted by the watchdog after {:.0}s",
        waited.as_secs_f64()
    ));

    // Upgrade: restarted by the new postinst, data kept.
    c.sh("apt-get install -y /root/chloromaster-upgrade.deb 2>&1")?;
    let version = c.sh("dpkg-query -W -f '${Version}' chloromaster")?;
    ensure!(
        version.ends_with("+upgrade1"),
        "installed version {version}"
    );
    let pid = c.wait_active(Some(pid), Duration::from_secs(20))?;
    let data_after = c.sh("cd /var/lib/private/chloromaster && ls -A | sort")?;
    ensure_kept(&data_before, &data_after, "the upgrade")?;
    let id = post_contact("after upgrade")?;
    ensure!(
        id == last_id + 1,
        "contact id {id} after the upgrade, expected {}",
        last_id + 1
    );
    ensure!(
        c.sh("cat /var/lib/private/chloromaster/install-test-marker")?
            .trim()
            == "kept"
    );
    ensure!(http_get(80, "/health")?.0 == 200);
    t.ok("package upgrade restarts the service and keeps its data");

    // Stop while a 16 MiB download is in flight: the listener closes, the
    // download completes, the process exits 0 well within TimeoutStopSec.
    // The big file comes from an assets directory set in a drop-in (not in
    // the conffile, which the later purge must still find unmodified).
    c.sh(&format!(
        "mkdir -p /srv/chloromaster-site /etc/systemd/system/{UNIT}.d && \
         echo '<p>drain test</p>' > /srv/chloromaster-site/index.html && \
         head -c {DRAIN_BYTES} /dev/urandom > /srv/chloromaster-site/big.bin && \
         chmod -R a+rX /srv/chloromaster-site && \
         printf '[Service]\\nEnvironment=CHLORO_ASSETS_DIR=/srv/chloromaster-site\\n' \
           > /etc/systemd/system/{UNIT}.d/drain-test.conf && \
         systemctl daemon-reload && systemctl restart {UNIT}"
    ))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(20))?;
    let mut download = TcpStream::connect_timeout(
        &SocketAddr::from(([127, 0, 0, 1], 80)),
        Duration::from_secs(3),
    )?;
    download.set_read_timeout(Some(Duration::from_secs(20)))?;
    download.write_all(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
    let mut received = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let n = download.read(&mut buf)?;
    received.extend_from_slice(&buf[..n]);
    let stop_started = Instant::now();
    c.sh(&format!("systemctl --no-block stop {UNIT}"))?;
    std::thread::sleep(Duration::from_millis(500));
    ensure!(
        c.show("ActiveState")? == "deactivating",
        "not draining: ActiveState={}",
        c.show("ActiveState")?
    );
    ensure!(
        TcpStream::connect_timeout(
            &SocketAddr::from(([127, 0, 0, 1], 80)),
            Duration::from_millis(500)
        )
        .is_err(),
        "new connections are still accepted while draining"
    );
    loop {
        match download.read(&mut buf)? {
            0 => break,
            n => received.extend_from_slice(&buf[..n]),
        }
        // A slow client: the drain has to wait for it.
        std::thread::sleep(Duration::from_millis(2));
    }
    let body_start = received
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("no response head")?
        + 4;
    let body = &received[body_start..];
    ensure!(
        body.len() == DRAIN_BYTES,
        "the download in flight was cut at {} of {DRAIN_BYTES} bytes",
        body.len()
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while c.show("ActiveState")? != "inactive" {
        ensure!(Instant::now() < deadline, "{UNIT} did not stop");
        std::thread::sleep(Duration::from_millis(100));
    }
    let stop_took = stop_started.elapsed();
    ensure!(
        c.show("Result")? == "success" && c.show("ExecMainStatus")? == "0",
        "stop was not clean: Result={} ExecMainStatus={}",
        c.show("Result")?,
        c.show("ExecMainStatus")?
    );
    ensure!(
        c.sh(&format!("kill -0 {pid} 2>/dev/null || echo gone"))?
            .trim()
            == "gone",
        "the old process is still there"
    );
    let file = fs::read(c.rootfs.join("srv/chloromaster-site/big.bin"))?;
    ensure!(
        body == file.as_slice(),
        "the drained download's bytes differ from the file"
    );
    t.ok(&format!(
        "systemctl stop during a 16 MiB download: listener closed, download completed, exit 0 after {:.1}s",
        stop_took.as_secs_f64()
    ));
    c.sh(&format!(
        "rm -r /etc/systemd/system/{UNIT}.d /srv/chloromaster-site && systemctl daemon-reload && systemctl start {UNIT}"
    ))?;
    c.wait_active(None, Duration::from_secs(20))?;

    // Remove: stopped, unit gone, data and configuration kept.
    c.sh("apt-get remove -y chloromaster 2>&1")?;
    ensure!(
        c.show("ActiveState")? != "active",
        "still active after remove"
    );
    ensure!(c.sh("test ! -e /usr/bin/chloromaster && echo gone")?.trim() == "gone");
    ensure!(
        c.sh("cat /var/lib/private/chloromaster/install-test-marker")?
            .trim()
            == "kept"
    );
    ensure!(
        c.sh("test -f /etc/default/chloromaster && echo kept")?
            .trim()
            == "kept"
    );
    t.ok("apt remove stops the service and keeps /var/lib/chloromaster and the configuration");

    // Purge: everything goes.
    c.sh("apt-get purge -y chloromaster 2>&1")?;
    let left = c.sh(
        "for p in /var/lib/chloromaster /var/lib/private/chloromaster /etc/default/chloromaster \
         /etc/credstore/chloromaster.resp-password /etc/credstore/chloromaster.tls-cert \
         /etc/credstore/chloromaster.tls-key /usr/lib/systemd/system/chloromaster.service \
         /etc/systemd/system/multi-user.target.wants/chloromaster.service; do \
         if [ -e \"$p\" ] || [ -L \"$p\" ]; then echo \"$p\"; fi; done",
    )?;
    ensure!(left.trim().is_empty(), "left after purge:\n{left}");
    let status = c.sh("dpkg-query -W -f '${db:Status-Abbrev}' chloromaster 2>/dev/null || true")?;
    ensure!(
        status.trim().is_empty() || status.starts_with("un"),
        "dpkg still knows the package: {status:?}"
    );
    t.ok("apt purge removes data, configuration, credentials and the unit");
    Ok(())
}

/// Self-signed certificate into the container's credstore, HTTPS switched on
/// by a drop-in, checked with curl from the host, then the drop-in removed
/// (the credentials stay for the purge to remove). Returns the new main PID.
fn https_from_credentials(c: &Container, pid: u32) -> anyhow::Result<u32> {
    let credstore = c.rootfs.join("etc/credstore");
    fs::create_dir_all(&credstore)?;
    fs::set_permissions(&credstore, fs::Permissions::from_mode(0o700))?;
    let cert = credstore.join("chloromaster.tls-cert");
    let key = credstore.join("chloromaster.tls-key");
    let status = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .args(["ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"])
        .args(["-subj", "/CN=localhost", "-addext"])
        .args(["subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("openssl")?;
    ensure!(
        status.success(),
        "openssl could not make a test certificate"
    );
    for f in [&cert, &key] {
        fs::set_permissions(f, fs::Permissions::from_mode(0o600))?;
    }
    c.sh(&format!(
        "mkdir -p /etc/systemd/system/{UNIT}.d && printf '%s\\n' '[Service]' \
           'Environment=CHLORO_HTTPS_ADDR=0.0.0.0:443' \
           'Environment=CHLORO_TLS_CERT=/run/credentials/{UNIT}/tls-cert' \
           'Environment=CHLORO_TLS_KEY=/run/credentials/{UNIT}/tls-key' \
           > /etc/systemd/system/{UNIT}.d/https-test.conf && \
         systemctl daemon-reload && systemctl restart {UNIT}"
    ))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(20))?;
    let curl = |args: &[&str]| -> anyhow::Result<String> {
        let out = Command::new("curl")
            .args(["--silent", "--show-error", "--max-time", "5"])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .context("curl")?;
        ensure!(
            out.status.success(),
            "curl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let https = curl(&[
        "--cacert",
        &cert.to_string_lossy(),
        "--write-out",
        "%{http_code}",
        "--output",
        "/dev/null",
        "https://localhost/health",
    ])?;
    ensure!(https == "200", "https://localhost/health answered {https}");
    let redirect = curl(&[
        "--write-out",
        "%{http_code} %{redirect_url}",
        "--output",
        "/dev/null",
        "http://localhost/",
    ])?;
    ensure!(
        redirect.starts_with("301 https://localhost"),
        "http://localhost/ answered {redirect}"
    );
    ensure!(
        http_get(80, "/health")?.0 == 200,
        "HTTP health with HTTPS on"
    );
    c.sh(&format!(
        "rm -r /etc/systemd/system/{UNIT}.d && systemctl daemon-reload && systemctl restart {UNIT}"
    ))?;
    c.wait_active(Some(pid), Duration::from_secs(20))
}

/// Every entry of the state directory listed before is still there after.
fn ensure_kept(before: &str, after: &str, what: &str) -> anyhow::Result<()> {
    let lost: Vec<&str> = before
        .lines()
        .filter(|entry| !after.lines().any(|a| a == *entry))
        .collect();
    ensure!(
        lost.is_empty(),
        "{what} lost {lost:?} from the state directory"
    );
    Ok(())
}

/// POSTs a contact-form submission over HTTP and returns its id (201 only
/// after the record is committed).
fn post_contact(note: &str) -> anyhow::Result<u64> {
    let body = format!(
        r#"{{"firstName":"Install","lastName":"Test","email":"install-test@example.com","phone":"+1 555 0100","message":"install-test: {note}"}}"#
    );
    let mut s = TcpStream::connect_timeout(
        &SocketAddr::from(([127, 0, 0, 1], 80)),
        Duration::from_secs(3),
    )?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "POST /api/contact HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut reply = String::new();
    s.read_to_string(&mut reply)?;
    ensure!(
        reply.starts_with("HTTP/1.1 201"),
        "POST /api/contact: {reply}"
    );
    let id = reply
        .split_once("\"id\":")
        .and_then(|(_, rest)| {
            rest.trim_start()
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse().ok())
        })
        .with_context(|| format!("no id in {reply}"))?;
    Ok(id)
}
