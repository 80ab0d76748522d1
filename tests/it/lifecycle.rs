//! The real binary as an operator runs it: configuration errors, the
//! `config` command, systemd notifications, graceful shutdown.

use std::io::{BufRead, BufReader};
use std::os::unix::net::UnixDatagram;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");

fn command(data_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_DATA_DIR", data_dir)
        .env("CHLORO_LOG_FORMAT", "journald");
    cmd
}

/// Starts the binary and returns it with its bound HTTP address, read from
/// its log.
fn spawn(mut cmd: Command) -> (Child, String) {
    let mut child = cmd
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the binary logs its address")
            .expect("read log");
        if let Some(rest) = line.split("HTTP listening on http://").nth(1) {
            break rest.split_whitespace().next().expect("address").to_owned();
        }
    };
    // Keep draining the log so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

fn signal(child: &Child, sig: &str) {
    let status = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

#[test]
fn bad_environment_values_exit_2_naming_the_variable() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (var, value, hint) in [
        ("CHLORO_RATE_API", "fast", "whole number"),
        ("CHLORO_MAX_BODY", "20 parsecs", "20mb"),
        ("CHLORO_HTTP_ADDR", "localhost:http", "127.0.0.1:8080"),
        (
            "CHLORO_RATE_GENRAL",
            "5",
            "did you mean CHLORO_RATE_GENERAL?",
        ),
        ("CHLORO_LOG_FORMAT", "xml", "json"),
    ] {
        let out = command(dir.path()).env(var, value).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{var}={value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.contains(var) && stderr.contains(value) && stderr.contains(hint),
            "{stderr}"
        );
    }
}

#[test]
fn config_command_prints_the_effective_configuration_without_secrets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = command(dir.path())
        .arg("config")
        .env("CHLORO_RESP_PASSWORD", "hunter2-secret")
        .env("CHLORO_RATE_API", "7")
        .output()
        .expect("run");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("CHLORO_RATE_API=7\n"), "{stdout}");
    assert!(
        stdout.contains("CHLORO_RESP_PASSWORD=<redacted>"),
        "{stdout}"
    );
    assert!(!stdout.contains("hunter2"), "{stdout}");

    let out = Command::new(BIN).arg("--version").output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("chloromaster "));
}

#[test]
fn systemd_notifications_ready_watchdog_stopping() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket_path = dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).expect("bind notify socket");
    socket
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut cmd = command(&dir.path().join("data"));
    cmd.env("NOTIFY_SOCKET", &socket_path)
        .env("WATCHDOG_USEC", "200000");
    let started = Instant::now();
    let (mut child, _addr) = spawn(cmd);

    let mut messages = String::new();
    let mut buf = [0u8; 4096];
    while !(messages.contains("READY=1") && messages.contains("WATCHDOG=1")) {
        let n = socket.recv(&mut buf).expect("notification");
        messages.push_str(&String::from_utf8_lossy(&buf[..n]));
        messages.push('\n');
    }
    eprintln!("READY after {:?}", started.elapsed());
    assert!(messages.contains("STATUS="), "{messages}");

    signal(&child, "-TERM");
    loop {
        let n = socket.recv(&mut buf).expect("stopping notification");
        if String::from_utf8_lossy(&buf[..n]).contains("STOPPING=1") {
            break;
        }
    }
    assert!(
        child.wait().expect("wait").success(),
        "exit 0 after SIGTERM"
    );
}

#[test]
fn sigterm_drains_an_in_flight_download_then_exits_0() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().expect("tempdir");
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::write(site.join("index.html"), "<p>hi</p>").expect("write");
    let big: Vec<u8> = (0..16u32 << 20).map(|i| (i % 251) as u8).collect();
    std::fs::write(site.join("big.bin"), &big).expect("write");

    let mut cmd = command(&dir.path().join("data"));
    cmd.env("CHLORO_ASSETS_DIR", &site);
    let (mut child, addr) = spawn(cmd);

    let mut s = std::net::TcpStream::connect(&addr).expect("connect");
    s.write_all(b"GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("request");
    let mut received = Vec::new();
    let mut buf = [0u8; 65536];
    let n = s.read(&mut buf).expect("first bytes");
    received.extend_from_slice(&buf[..n]);

    signal(&child, "-TERM");
    // New connections are refused soon after the signal ...
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "listener closed"
    );
    // ... while the download in flight completes, read slowly.
    loop {
        match s.read(&mut buf).expect("read") {
            0 => break,
            n => received.extend_from_slice(&buf[..n]),
        }
    }
    let body_start = received
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("head")
        + 4;
    assert_eq!(
        received.len() - body_start,
        big.len(),
        "the whole file arrived"
    );
    assert!(received[body_start..] == big[..]);
    assert!(child.wait().expect("wait").success(), "exit 0");
}

#[test]
fn an_unwritable_data_dir_fails_the_start_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").expect("write");
    let out = command(&file).output().expect("run");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("CHLORO_DATA_DIR"), "{stderr}");
}

#[test]
fn a_bad_first_admin_fails_the_start_naming_the_variable_at_fault() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (user, password, var, reason) in [
        (
            "bad name",
            "a long enough password",
            "CHLORO_ADMIN_USER",
            "a user name is",
        ),
        ("ops", "too short", "CHLORO_ADMIN_PASSWORD", "at least 12"),
    ] {
        let mut child = command(&dir.path().join("data"))
            .env("CHLORO_ADMIN_USER", user)
            .env("CHLORO_ADMIN_PASSWORD", password)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("{user}/{password}: the appliance started");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
            .expect("stderr");
        assert!(!status.success(), "{stderr}");
        let line = stderr
            .lines()
            .find(|l| l.starts_with("chloromaster: cannot start"))
            .unwrap_or_else(|| panic!("{stderr}"));
        assert!(line.contains(var) && line.contains(reason), "{line}");
        assert!(
            !stderr.contains(password),
            "the password is never shown: {stderr}"
        );
    }
}

/// A free port on 127.0.0.1 (bound and released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// The real binary under `systemd-socket-activate` (what systemd does with
/// its file-descriptor store on a restart: named listening sockets in
/// `LISTEN_FDS`/`LISTEN_FDNAMES`): it serves on the `http` socket it was
/// given, including the connection that was already waiting in its queue;
/// the `metrics` socket, kept for an address no longer configured, is
/// closed and the configured metrics address bound instead; a socket of a
/// listener that is turned off (`resp`) is closed.
#[test]
fn sockets_passed_by_systemd_are_adopted_only_for_their_configured_address() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().expect("tempdir");
    let (http, stale_metrics, resp, metrics) = (free_port(), free_port(), free_port(), free_port());
    let data = dir.path().join("data");
    let mut cmd = Command::new("systemd-socket-activate");
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args(["-l", &format!("127.0.0.1:{http}")])
        .args(["-l", &format!("127.0.0.1:{stale_metrics}")])
        .args(["-l", &format!("127.0.0.1:{resp}")])
        .arg("--fdname=http:metrics:resp");
    for (var, value) in [
        ("CHLORO_HTTP_ADDR", format!("127.0.0.1:{http}")),
        ("CHLORO_METRICS_ADDR", format!("127.0.0.1:{metrics}")),
        ("CHLORO_RESP_ADDR", String::new()),
        ("CHLORO_DATA_DIR", data.to_string_lossy().into_owned()),
        ("CHLORO_LOG_FORMAT", "journald".to_owned()),
    ] {
        cmd.arg(format!("--setenv={var}={value}"));
    }
    let mut child = cmd
        .arg(BIN)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("systemd-socket-activate (Debian package systemd)");
    // systemd-socket-activate starts the binary at the first connection;
    // this one waits in the queue of the socket it is handed.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut first = loop {
        match std::net::TcpStream::connect(("127.0.0.1", http)) {
            Ok(s) => break s,
            Err(e) => {
                assert!(Instant::now() < deadline, "the sockets never listened: {e}");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    };
    first
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("request");
    first
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut reply = String::new();
    first.read_to_string(&mut reply).expect("reply");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");

    let stderr = child.stderr.take().expect("stderr");
    let mut log = String::new();
    let mut lines = BufReader::new(stderr).lines();
    while !log.contains("metrics on http://") || !log.contains("HTTP listening on") {
        let line = lines.next().expect("log line").expect("read log");
        log.push_str(&line);
        log.push('\n');
    }
    std::thread::spawn(move || for _ in lines {});
    assert!(
        log.contains("kept the http socket across the restart"),
        "{log}"
    );
    assert!(
        log.contains(&format!(
            "closing the kept metrics socket on 127.0.0.1:{stale_metrics}"
        )),
        "{log}"
    );
    assert!(
        log.contains(&format!("closing the kept resp socket on 127.0.0.1:{resp}")),
        "{log}"
    );
    for (port, what) in [(stale_metrics, "stale metrics"), (resp, "turned-off resp")] {
        let refused = std::net::TcpStream::connect(("127.0.0.1", port));
        assert!(
            refused.is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionRefused),
            "the {what} socket on {port} is still open"
        );
    }
    let mut m = std::net::TcpStream::connect(("127.0.0.1", metrics)).expect("metrics bound");
    m.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("request");
    let mut reply = String::new();
    m.read_to_string(&mut reply).expect("reply");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");

    signal(&child, "-TERM");
    assert!(child.wait().expect("wait").success(), "exit 0");
}

/// A connection accepted just before SIGTERM (as during a restart), whose
/// request arrives after it: answered during the drain, not closed unread.
#[test]
fn a_request_on_a_connection_accepted_before_sigterm_is_answered() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, addr) = spawn(command(&dir.path().join("data")));
    let mut s = std::net::TcpStream::connect(&addr).expect("connect");
    // Accepted, its task waiting for the first bytes.
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "-TERM");
    std::thread::sleep(Duration::from_millis(300));
    s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("request");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut reply = String::new();
    // Keep-alive was asked for; the draining server answers and closes.
    s.read_to_string(&mut reply).expect("reply");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply:?}");
    assert!(child.wait().expect("wait").success(), "exit 0");
}

/// The same for the RESP listener: a client accepted just before SIGTERM
/// gets its first command answered before the connection closes.
#[test]
fn a_resp_command_on_a_connection_accepted_before_sigterm_is_answered() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let mut cmd = command(&dir.path().join("data"));
    cmd.env("CHLORO_RESP_ADDR", format!("127.0.0.1:{port}"));
    let (mut child, _addr) = spawn(cmd);
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "-TERM");
    std::thread::sleep(Duration::from_millis(300));
    s.write_all(b"*1\r\n$4\r\nPING\r\n").expect("request");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut reply = Vec::new();
    // Answered, then closed by the draining server.
    s.read_to_end(&mut reply).expect("reply");
    assert_eq!(String::from_utf8_lossy(&reply), "+PONG\r\n");
    assert!(child.wait().expect("wait").success(), "exit 0");
}
