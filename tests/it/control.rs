//! The control socket and the admin CLI against the real binary: the
//! socket is private, and `admin create|list|disable|enable|passwd` work
//! the same with the appliance running (over the socket) and stopped (on
//! the files), with their effect visible over HTTP; on a terminal the
//! password is read without echo and typed twice.

use crate::ops_support;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};

use ops_support::*;

#[tokio::test]
async fn control_socket_is_private_and_removed_at_shutdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sock = dir.path().join("control.sock");
    // A stale socket file from a crash is replaced.
    drop(std::os::unix::net::UnixListener::bind(&sock).expect("stale socket"));
    assert!(sock.exists());
    // So is a scratch copy a crash left behind mid-backup.
    let leftover = dir.path().join(".backup-db-1-2.tmp");
    std::fs::write(&leftover, b"partial").expect("write");
    let app = spawn(dir.path());
    assert!(!leftover.exists(), "leftover scratch removed");
    let meta = std::fs::metadata(&sock).expect("socket exists");
    assert!(meta.file_type().is_socket());
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    // A request in an unknown protocol version is refused, not run.
    {
        use std::io::{BufRead, BufReader, Write};
        let mut s = std::os::unix::net::UnixStream::connect(&sock).expect("connect");
        s.write_all(b"{\"v\":99,\"op\":\"admin\",\"command\":\"list\"}\n")
            .expect("write");
        let mut line = String::new();
        BufReader::new(s).read_line(&mut line).expect("read");
        assert!(
            line.contains("\"ok\":false") && line.contains("version 99"),
            "{line}"
        );
    }
    app.stop();
    assert!(!sock.exists(), "removed at shutdown");
}

#[tokio::test]
async fn control_admin_cli_running_and_stopped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let c = client();
    let app = spawn(d);
    let base = app.base.clone();

    // Running: create a second account over the socket; it can sign in.
    let out = cli_ok(
        d,
        &["admin", "create", "second", "--email", "s@example.com"],
        "second long password\n",
    );
    assert_eq!(out.trim(), "created admin second");
    let running_list = cli_ok(d, &["admin", "list"], "");
    assert!(
        running_list.contains("second\tactive\ts@example.com"),
        "{running_list}"
    );
    let token = login(&c, &base, "second", "second long password")
        .await
        .expect("second signs in");
    assert_eq!(admin_get(&c, &base, &token).await, 200);
    assert!(cli_err(d, &["admin", "create", "second"], "whatever long pw\n").contains("exists"));

    // Disable revokes the live session at once and blocks sign-in.
    assert_eq!(
        cli_ok(d, &["admin", "disable", "second"], "").trim(),
        "disabled second; its sessions are signed out"
    );
    assert_eq!(admin_get(&c, &base, &token).await, 401);
    assert!(
        login(&c, &base, "second", "second long password")
            .await
            .is_none()
    );
    assert!(cli_ok(d, &["admin", "list"], "").contains("second\tdisabled"));

    // Enable lets it sign in again; passwd revokes and changes the password.
    assert_eq!(
        cli_ok(d, &["admin", "enable", "second"], "").trim(),
        "enabled second"
    );
    let token = login(&c, &base, "second", "second long password")
        .await
        .expect("enabled again");
    let out = cli(
        d,
        &["admin", "passwd", "second"],
        "the new second password\n",
    );
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("the new second password"));
    assert_eq!(admin_get(&c, &base, &token).await, 401);
    assert!(
        login(&c, &base, "second", "second long password")
            .await
            .is_none()
    );
    let token = login(&c, &base, "second", "the new second password")
        .await
        .expect("new password");
    assert!(cli_err(d, &["admin", "passwd", "second"], "short\n").contains("at least"));
    assert!(cli_err(d, &["admin", "disable", "nobody"], "").contains("no account named nobody"));
    let running_list = cli_ok(d, &["admin", "list"], "");
    app.stop();

    // Stopped: the same commands on the files, with the same output.
    assert_eq!(cli_ok(d, &["admin", "list"], ""), running_list);
    assert_eq!(
        cli_ok(d, &["admin", "disable", "second"], "").trim(),
        "disabled second; its sessions are signed out"
    );
    let app = spawn(d);
    // The session in the cache snapshot is refused (generation bumped).
    assert_eq!(admin_get(&c, &app.base, &token).await, 401);
    assert!(
        login(&c, &app.base, "second", "the new second password")
            .await
            .is_none()
    );
    app.stop();
    assert_eq!(
        cli_ok(d, &["admin", "enable", "second"], "").trim(),
        "enabled second"
    );
    assert_eq!(
        cli_ok(d, &["admin", "create", "third"], "third long password\n").trim(),
        "created admin third"
    );
    let app = spawn(d);
    assert!(
        login(&c, &app.base, "second", "the new second password")
            .await
            .is_some()
    );
    assert!(
        login(&c, &app.base, "third", "third long password")
            .await
            .is_some()
    );
    app.stop();
}

#[tokio::test]
async fn control_admin_password_on_a_terminal_is_hidden_and_confirmed() {
    const NEW: &str = "New password: ";
    const AGAIN: &str = "Repeat the new password: ";
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let c = client();
    let app = spawn(d);

    // Typed twice; neither entry shows (the driver only types once echo
    // is off, and the transcript has no trace of the password).
    let (ok, transcript) = cli_on_terminal(
        d,
        &["admin", "create", "typist"],
        &[(NEW, "typed long password"), (AGAIN, "typed long password")],
    );
    assert!(ok, "{transcript:?}");
    assert!(
        transcript.contains("created admin typist"),
        "{transcript:?}"
    );
    assert!(!transcript.contains("typed"), "echoed: {transcript:?}");
    assert!(
        login(&c, &app.base, "typist", "typed long password")
            .await
            .is_some()
    );

    // A different confirmation changes nothing.
    let (ok, transcript) = cli_on_terminal(
        d,
        &["admin", "passwd", "typist"],
        &[
            (NEW, "another long password"),
            (AGAIN, "another long passwort"),
        ],
    );
    assert!(!ok, "{transcript:?}");
    assert!(transcript.contains("differ"), "{transcript:?}");
    assert!(!transcript.contains("another"), "echoed: {transcript:?}");
    assert!(
        login(&c, &app.base, "typist", "typed long password")
            .await
            .is_some()
    );

    // Ctrl-C at the prompt: nothing changes, and the terminal gets its
    // echo back (cli_on_terminal checks the modes after every run).
    let (ok, transcript) = cli_on_terminal(d, &["admin", "passwd", "typist"], &[(NEW, "half\x03")]);
    assert!(!ok, "{transcript:?}");
    assert!(transcript.contains("interrupted"), "{transcript:?}");
    assert!(!transcript.contains("half"), "echoed: {transcript:?}");

    // A password the policy refuses is refused before the confirmation.
    let (ok, transcript) = cli_on_terminal(d, &["admin", "passwd", "typist"], &[(NEW, "short")]);
    assert!(!ok, "{transcript:?}");
    assert!(transcript.contains("at least"), "{transcript:?}");
    assert!(!transcript.contains(AGAIN), "{transcript:?}");

    // Matching entries change it.
    let (ok, transcript) = cli_on_terminal(
        d,
        &["admin", "passwd", "typist"],
        &[
            (NEW, "another long password"),
            (AGAIN, "another long password"),
        ],
    );
    assert!(ok, "{transcript:?}");
    assert!(!transcript.contains("another"), "echoed: {transcript:?}");
    assert!(
        login(&c, &app.base, "typist", "another long password")
            .await
            .is_some()
    );
    assert!(
        login(&c, &app.base, "typist", "typed long password")
            .await
            .is_none()
    );
    app.stop();
}
