//! The real binary for the operator commands: the appliance as a child
//! process, and `chloromaster admin|backup|restore` against its data
//! directory.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::{Value, json};

pub const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");
pub const USER: &str = "ops";
pub const PASSWORD: &str = "correct horse battery staple";

fn command(data_dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_DATA_DIR", data_dir);
    cmd
}

/// The appliance, killed when dropped so a failing test leaves nothing
/// behind.
pub struct Running {
    pub child: Child,
    pub base: String,
}

impl Running {
    /// SIGTERM, and waits for a clean exit.
    pub fn stop(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        assert!(self.child.wait().expect("exit").success());
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on port 0 with the first admin and generous limits.
pub fn spawn(data_dir: &Path) -> Running {
    let mut child = command(data_dir)
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_RATE_API", "100000")
        .env("CHLORO_RATE_API_BURST", "100000")
        .env("CHLORO_CONTACT_LIMIT_PER_HOUR", "0")
        .env("CHLORO_ADMIN_USER", USER)
        .env("CHLORO_ADMIN_PASSWORD", PASSWORD)
        .env("CHLORO_LOG_FORMAT", "journald")
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
    std::thread::spawn(move || for _ in lines {});
    Running {
        child,
        base: format!("http://{addr}"),
    }
}

/// Runs `chloromaster ARGS` on `data_dir` with `stdin`.
pub fn cli(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = command(data_dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn cli");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("cli output")
}

/// [`cli`], asserting success; returns stdout.
pub fn cli_ok(data_dir: &Path, args: &[&str], stdin: &str) -> String {
    let out = cli(data_dir, args, stdin);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// [`cli`], asserting failure; returns stderr.
pub fn cli_err(data_dir: &Path, args: &[&str], stdin: &str) -> String {
    let out = cli(data_dir, args, stdin);
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().build().expect("client")
}

/// Signs in; the token, or `None` on any refusal.
pub async fn login(c: &reqwest::Client, base: &str, user: &str, password: &str) -> Option<String> {
    let res = c
        .post(format!("{base}/api/admin/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .expect("login");
    if !res.status().is_success() {
        return None;
    }
    let body: Value = res.json().await.expect("json");
    body["token"].as_str().map(str::to_owned)
}

/// Status of an authenticated admin request.
pub async fn admin_get(c: &reqwest::Client, base: &str, token: &str) -> u16 {
    c.get(format!("{base}/api/admin/submissions"))
        .bearer_auth(token)
        .send()
        .await
        .expect("get")
        .status()
        .as_u16()
}

/// Drives a command on a pseudo-terminal (Python's `pty`, the test crate
/// has no unsafe code for `openpty`): for each step, waits until the
/// output holds the prompt *and* the terminal's echo is off, then types the
/// line. Prints the whole terminal transcript, and on stderr the terminal's
/// modes once the command has exited; exits with the command's status (99
/// when a prompt never came).
const PTY_DRIVER: &str = r#"
import json, os, pty, select, sys, termios, time
spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execv(spec["argv"][0], spec["argv"])
out = b""
def pump(timeout):
    global out
    ready, _, _ = select.select([fd], [], [], timeout)
    if ready:
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        out += data
        return bool(data)
    return True
def echo_on():
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)
code = None
seen = 0
for prompt, line in spec["steps"]:
    deadline = time.time() + 20
    while True:
        found = out.find(prompt.encode(), seen)
        if found >= 0 and not echo_on():
            seen = found + len(prompt)
            break
        if time.time() > deadline or not pump(0.05):
            code = 99
            break
    if code is not None:
        break
    os.write(fd, line.encode() + b"\n")
deadline = time.time() + 30
while code is None and time.time() < deadline and pump(0.2):
    pass
if code is None and time.time() >= deadline:
    os.kill(pid, 9)
    code = 98
_, status = os.waitpid(pid, 0)
lflag = termios.tcgetattr(fd)[3]
sys.stderr.write(json.dumps({m: bool(lflag & getattr(termios, m)) for m in ("ECHO", "ICANON", "ISIG")}))
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(code if code is not None else os.waitstatus_to_exitcode(status))
"#;

/// Runs `chloromaster ARGS` on `data_dir` with a terminal as stdin, stdout
/// and stderr, answering each `(prompt, line)` in turn once the prompt is
/// shown with echo off. Returns whether it succeeded and the transcript,
/// having checked that the command left the terminal as it found it (echo,
/// line editing and Ctrl-C back on), whatever happened.
pub fn cli_on_terminal(data_dir: &Path, args: &[&str], steps: &[(&str, &str)]) -> (bool, String) {
    let mut argv = vec![BIN];
    argv.extend_from_slice(args);
    let spec = json!({"argv": argv, "steps": steps});
    let out = Command::new("/usr/bin/python3")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_DATA_DIR", data_dir)
        .args(["-c", PTY_DRIVER, &spec.to_string()])
        .stdin(Stdio::null())
        .output()
        .expect("python3 runs the terminal driver");
    let transcript = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_ne!(
        out.status.code(),
        Some(99),
        "a prompt never came (or came with echo on): {transcript:?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let modes: serde_json::Value =
        serde_json::from_slice(&out.stderr).expect("the driver prints the terminal's modes");
    assert_eq!(
        modes,
        json!({"ECHO": true, "ICANON": true, "ISIG": true}),
        "the command left the terminal changed: {transcript:?}"
    );
    (out.status.success(), transcript)
}
