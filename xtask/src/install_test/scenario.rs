//! The operator's story run against the installed package, step by step.

use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};

use super::container::Container;
use super::load;
use super::{DRAIN_BYTES, Tally, UNIT};

fn http_get(c: &Container, port: u16, path: &str) -> anyhow::Result<(u16, String)> {
    http(
        c,
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        Duration::from_secs(5),
    )
}

/// Sends one raw request to the container's 127.0.0.1:`port`: the status
/// code and the whole raw reply (the request asks the server to close).
fn http(
    c: &Container,
    port: u16,
    request: &str,
    timeout: Duration,
) -> anyhow::Result<(u16, String)> {
    let mut s = c.connect(port, Duration::from_secs(3))?;
    s.set_read_timeout(Some(timeout))?;
    s.write_all(request.as_bytes())?;
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
pub(super) fn run(c: &Container, t: &mut Tally) -> anyhow::Result<()> {
    // Install: enabled, started, and a note on where the site is.
    let installed = c.sh("apt-get install -y /root/chloromaster.deb 2>&1")?;
    ensure!(
        installed.contains("serves the site at"),
        "postinst printed no note:\n{installed}"
    );
    ensure!(c.sh(&format!("systemctl is-enabled {UNIT}"))?.trim() == "enabled");
    let pid = c.wait_active(None, Duration::from_secs(20))?;
    t.ok("apt install ./chloromaster.deb enables and starts the service");

    let (status, _) = http_get(c, 80, "/health")?;
    ensure!(status == 200, "/health answered {status}");
    let (status, body) = http_get(c, 80, "/health/ready")?;
    ensure!(status == 200, "/health/ready answered {status}: {body}");
    let (status, body) = http_get(c, 80, "/")?;
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
    let mut last_id = post_contact(c, "before restart")?;
    // And a cache key over the Redis protocol (no password yet).
    let reply = resp(c, &[&["SET", "install-test", "kept-in-cache"]])?;
    ensure!(reply == "+OK\r\n", "SET: {reply:?}");
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
    ensure!(http_get(c, 80, "/health")?.0 == 200);
    t.ok("systemctl reload keeps the process and keeps serving");

    // An operator adds an admin and takes a backup without stopping the
    // site: the CLI reaches the running service over its control socket.
    let env = "CHLORO_DATA_DIR=/var/lib/chloromaster";
    c.sh(&format!(
        "printf 'install-test-password-1\\n' | {env} chloromaster admin create operator"
    ))?;
    let listed = c.sh(&format!("{env} chloromaster admin list"))?;
    ensure!(listed.contains("operator"), "admin list: {listed}");
    let login = admin_login(c, "operator", "install-test-password-1")?;
    ensure!(login == 200, "login of the new admin answered {login}");
    c.sh(&format!(
        "{env} chloromaster backup /root/install-test-backup.tar"
    ))?;
    let members = c.sh("tar tf /root/install-test-backup.tar")?;
    ensure!(
        members.contains("chloromaster.redb") && members.contains("MANIFEST.json"),
        "backup members: {members}"
    );
    ensure!(c.main_pid()? == pid, "the CLI restarted the service");
    let sock = c.sh("stat -c '%a' /var/lib/private/chloromaster/control.sock")?;
    ensure!(sock.trim() == "600", "control socket mode {sock}");
    t.ok(
        "admin create/list and backup while running (control socket 0600); the new admin signs in",
    );

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
    // The binary read the resp-password credential: unauthenticated commands
    // are refused now, and the key came back from the shutdown snapshot.
    let refused = resp(c, &[&["GET", "install-test"]])?;
    ensure!(
        refused.starts_with("-NOAUTH"),
        "GET without AUTH: {refused:?}"
    );
    let reply = resp(c, &[&["AUTH", "s3cret-for-test"], &["GET", "install-test"]])?;
    ensure!(
        reply == "+OK\r\n$13\r\nkept-in-cache\r\n",
        "AUTH + GET after restart: {reply:?}"
    );
    let id = post_contact(c, "after restart")?;
    ensure!(
        id == last_id + 1,
        "contact id {id} after restart, expected {}",
        last_id + 1
    );
    last_id = id;
    t.ok("systemctl restart: clean stop; resp-password credential enforced; contact ids continue, cache key restored from snapshot");

    // SIGKILL: a failure, so Restart=on-failure starts it again.
    c.sh(&format!("kill -KILL {pid}"))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(15))?;
    ensure!(http_get(c, 80, "/health")?.0 == 200);
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

    // Restarts under load: the listening sockets stay in systemd's
    // file-descriptor store, so a client arriving between the old process
    // and the new one waits in the listen queue and is answered.
    // Each restart counts against StartLimitBurst=5 in 120 s (the unit's
    // guard against a crash loop): the counter is reset before each one.
    let kept_before = count_in_journal(c, "kept the http socket across the restart")?;
    let (pid, report) = load::during(c, Some("s3cret-for-test"), |_| {
        let mut pid = pid;
        for _ in 0..10 {
            c.sh(&format!(
                "systemctl reset-failed {UNIT} && systemctl restart {UNIT}"
            ))?;
            pid = c.wait_active(Some(pid), Duration::from_secs(30))?;
            std::thread::sleep(Duration::from_millis(300));
        }
        Ok(pid)
    })?;
    println!("install-test: 10 restarts under load: {}", report.summary());
    ensure!(
        report.clean(),
        "clients failed across 10 restarts: {}\n{}",
        report.summary(),
        report.failures()
    );
    let kept = count_in_journal(c, "kept the http socket across the restart")? - kept_before;
    ensure!(
        kept >= 10,
        "the http socket was kept {kept} times in 10 restarts"
    );
    t.ok(&format!(
        "systemctl restart x10 under load (page, API, RESP PING; reconnecting clients): 0 refused, 0 failed; {}",
        report.summary()
    ));

    // Upgrade: restarted by the new postinst, data kept, and no client
    // refused while it happens.
    let (pid, report) = load::during(c, Some("s3cret-for-test"), |_| {
        c.sh(&format!(
            "systemctl reset-failed {UNIT} && apt-get install -y /root/chloromaster-upgrade.deb 2>&1"
        ))?;
        c.wait_active(Some(pid), Duration::from_secs(30))
    })?;
    println!("install-test: upgrade under load: {}", report.summary());
    ensure!(
        report.clean(),
        "clients failed across the upgrade: {}\n{}",
        report.summary(),
        report.failures()
    );
    let version = c.sh("dpkg-query -W -f '${Version}' chloromaster")?;
    ensure!(
        version.ends_with("+upgrade1"),
        "installed version {version}"
    );
    let data_after = c.sh("cd /var/lib/private/chloromaster && ls -A | sort")?;
    ensure_kept(&data_before, &data_after, "the upgrade")?;
    let id = post_contact(c, "after upgrade")?;
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
    ensure!(http_get(c, 80, "/health")?.0 == 200);
    t.ok(&format!(
        "package upgrade under load restarts the service and keeps its data: {}",
        report.summary()
    ));

    // The address is configured in one place: a restart with another
    // CHLORO_HTTP_ADDR binds it and closes the kept socket of the old one.
    // The conffile is put back byte for byte (the purge checks it).
    let default = "/etc/default/chloromaster";
    c.sh(&format!(
        "cp -p {default} /root/default.orig && \
         sed -i 's/^CHLORO_HTTP_ADDR=.*/CHLORO_HTTP_ADDR=0.0.0.0:8081/' {default} && \
         systemctl reset-failed {UNIT} && systemctl restart {UNIT}"
    ))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(30))?;
    ensure!(
        http_get(c, 8081, "/health")?.0 == 200,
        "nothing on the new address"
    );
    ensure!(
        is_refused(c, 80),
        "the old address 0.0.0.0:80 still accepts connections"
    );
    c.sh(&format!(
        "mv /root/default.orig {default} && systemctl reset-failed {UNIT} && systemctl restart {UNIT}"
    ))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(30))?;
    ensure!(http_get(c, 80, "/health")?.0 == 200);
    ensure!(
        is_refused(c, 8081),
        "0.0.0.0:8081 still accepts connections"
    );
    t.ok(
        "a restart with another CHLORO_HTTP_ADDR serves on it and refuses on the old one; and back",
    );

    // The opt-out, which also shows that the clients above would have seen
    // the gap: without the store, restarts refuse connections. A stop
    // flushes what the store holds; a restart alone would keep passing it.
    c.sh(&format!(
        "mkdir -p /etc/systemd/system/{UNIT}.d && \
         printf '[Service]\\nFileDescriptorStoreMax=0\\n' > /etc/systemd/system/{UNIT}.d/no-fdstore.conf && \
         systemctl daemon-reload && systemctl stop {UNIT} && systemctl reset-failed {UNIT} && systemctl start {UNIT}"
    ))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(30))?;
    let (pid, report) = load::during(c, Some("s3cret-for-test"), |_| {
        let mut pid = pid;
        for _ in 0..3 {
            c.sh(&format!(
                "systemctl reset-failed {UNIT} && systemctl restart {UNIT}"
            ))?;
            pid = c.wait_active(Some(pid), Duration::from_secs(30))?;
            std::thread::sleep(Duration::from_millis(300));
        }
        Ok(pid)
    })?;
    println!(
        "install-test: 3 restarts with FileDescriptorStoreMax=0: {}",
        report.summary()
    );
    ensure!(
        report.refused.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "no connection refused across restarts without the store: {}",
        report.summary()
    );
    c.sh(&format!(
        "rm -r /etc/systemd/system/{UNIT}.d && systemctl daemon-reload && \
         systemctl reset-failed {UNIT} && systemctl restart {UNIT}"
    ))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(30))?;
    t.ok(&format!(
        "opt-out (FileDescriptorStoreMax=0, then stop and start): restarts refuse connections again: {}",
        report.summary()
    ));

    // Stop while a 16 MiB download is in flight: the process stops
    // accepting, the download completes, the process exits 0 well within
    // TimeoutStopSec, and then the sockets close.
    // The big file comes from an assets directory set in a drop-in (not in
    // the conffile, which the later purge must still find unmodified).
    c.sh(&format!(
        "mkdir -p /srv/chloromaster-site /etc/systemd/system/{UNIT}.d && \
         echo '<p>drain test</p>' > /srv/chloromaster-site/index.html && \
         head -c {DRAIN_BYTES} /dev/urandom > /srv/chloromaster-site/big.bin && \
         chmod -R a+rX /srv/chloromaster-site && \
         printf '[Service]\\nEnvironment=CHLORO_ASSETS_DIR=/srv/chloromaster-site\\n' \
           > /etc/systemd/system/{UNIT}.d/drain-test.conf && \
         systemctl daemon-reload && systemctl reset-failed {UNIT} && systemctl restart {UNIT}"
    ))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(20))?;
    let mut download = c.connect(80, Duration::from_secs(3))?;
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
    // The listening socket stays open while the service stops (systemd's
    // store holds it until the unit is inactive): a new connection waits in
    // the queue, unanswered by the draining process.
    let mut waiting = c.connect(80, Duration::from_millis(500))?;
    waiting.write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
    waiting.set_read_timeout(Some(Duration::from_millis(500)))?;
    let mut nothing = [0u8; 64];
    ensure!(
        waiting.read(&mut nothing).is_err_and(|e| matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        )),
        "the draining process answered a new connection"
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
    // Stopped for good: the queued connection is reset, new ones refused.
    waiting.set_read_timeout(Some(Duration::from_secs(5)))?;
    ensure!(
        !matches!(waiting.read(&mut nothing), Ok(n) if n > 0),
        "the connection queued during the stop was answered"
    );
    ensure!(
        is_refused(c, 80),
        "port 80 accepts connections after the stop"
    );
    let file = fs::read(c.rootfs.join("srv/chloromaster-site/big.bin"))?;
    ensure!(
        body == file.as_slice(),
        "the drained download's bytes differ from the file"
    );
    t.ok(&format!(
        "systemctl stop during a 16 MiB download: no new connection answered, download completed, exit 0 after {:.1}s, then port 80 refused",
        stop_took.as_secs_f64()
    ));
    c.sh(&format!(
        "rm -r /etc/systemd/system/{UNIT}.d /srv/chloromaster-site && systemctl daemon-reload && systemctl reset-failed {UNIT} && systemctl start {UNIT}"
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
/// by a drop-in, checked with the host's curl in the container's network, then the drop-in removed
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
        let out = c
            .host_command_in_network("curl")
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
        http_get(c, 80, "/health")?.0 == 200,
        "HTTP health with HTTPS on"
    );
    c.sh(&format!(
        "rm -r /etc/systemd/system/{UNIT}.d && systemctl daemon-reload && systemctl restart {UNIT}"
    ))?;
    let pid = c.wait_active(Some(pid), Duration::from_secs(20))?;
    // HTTPS turned off: its socket kept across the restart is closed.
    ensure!(
        is_refused(c, 443),
        "443 still accepts connections with HTTPS off"
    );
    Ok(pid)
}

/// Whether a connection to the container's 127.0.0.1:`port` is refused.
fn is_refused(c: &Container, port: u16) -> bool {
    c.connect(port, Duration::from_secs(2))
        .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionRefused)
}

/// How many lines of the service's journal contain `text`.
fn count_in_journal(c: &Container, text: &str) -> anyhow::Result<usize> {
    let journal = c.sh(&format!("journalctl -u {UNIT} --no-pager -o cat"))?;
    Ok(journal.lines().filter(|l| l.contains(text)).count())
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
fn post_contact(c: &Container, note: &str) -> anyhow::Result<u64> {
    let body = format!(
        r#"{{"firstName":"Install","lastName":"Test","email":"install-test@example.com","phone":"+1 555 0100","message":"install-test: {note}"}}"#
    );
    let (status, reply) = http_post(c, "/api/contact", &body)?;
    ensure!(status == 201, "POST /api/contact: {reply}");
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

/// `POST /api/admin/login` on the container's port 80; the status code.
fn admin_login(c: &Container, user: &str, password: &str) -> anyhow::Result<u16> {
    let body = format!(r#"{{"username":"{user}","password":"{password}"}}"#);
    Ok(http_post(c, "/api/admin/login", &body)?.0)
}

/// A JSON `POST` to the container's port 80: the status code and the whole raw reply.
fn http_post(c: &Container, path: &str, body: &str) -> anyhow::Result<(u16, String)> {
    http(
        c,
        80,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
        Duration::from_secs(10),
    )
}

/// Sends RESP commands to the container's 127.0.0.1:6379 in one pipeline and returns the raw
/// replies (the connection is closed by QUIT after them).
fn resp(c: &Container, commands: &[&[&str]]) -> anyhow::Result<String> {
    let mut s = c.connect(6379, Duration::from_secs(3))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut out = String::new();
    for cmd in commands.iter().chain([&["QUIT"][..]].iter()) {
        out.push_str(&format!("*{}\r\n", cmd.len()));
        for arg in *cmd {
            out.push_str(&format!("${}\r\n{arg}\r\n", arg.len()));
        }
    }
    s.write_all(out.as_bytes())?;
    let mut reply = String::new();
    s.read_to_string(&mut reply)?;
    // Drop QUIT's own +OK.
    Ok(reply.strip_suffix("+OK\r\n").unwrap_or(&reply).to_owned())
}
