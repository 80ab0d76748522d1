//! `chloromaster admin create|passwd|list|disable|enable`: account
//! management, whether the appliance runs or not.
//!
//! Stopped, the command opens the data directory's database itself. While
//! the appliance runs it holds the database (redb allows one process per
//! file), so the command goes over the control socket (`control`) and the
//! appliance runs the very same `accounts::execute`: the output is the same
//! either way. This client only speaks the control protocol, or calls
//! `accounts` itself when the appliance is stopped.
//!
//! `passwd` and `disable` bump the account's session generation in redb,
//! which every request checks, so its sessions stop working at once in
//! both cases. A running appliance also deletes them from the cache store
//! right away; with the appliance stopped, the sessions still in the cache
//! snapshot are refused and deleted on their first use after the start
//! (the generation no longer matches), which is the same outcome.
//!
//! Passwords are never taken from the command line. On a terminal they are
//! read without echo (`rpassword`) and typed twice; otherwise one line is
//! read from stdin, so scripts (and the tests) pipe them in.

use std::io::{BufRead, IsTerminal};
use std::os::unix::net::UnixStream;
use std::process::ExitCode;

use clap::Subcommand;

use crate::accounts::{AdminOp, ROTATED};
use crate::config::Config;
use crate::control;
use crate::db::{Db, OpenError};

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an admin account; the password is read from stdin (typed
    /// twice, hidden, on a terminal).
    Create {
        username: String,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        full_name: Option<String>,
    },
    /// Set a new password (read from stdin; typed twice, hidden, on a
    /// terminal); signs the account out everywhere.
    Passwd { username: String },
    /// List the admin accounts.
    List,
    /// Disable an account; signs it out everywhere.
    Disable { username: String },
    /// Enable a disabled account again.
    Enable { username: String },
    /// Replace the key that signs sessions and device cookies: signs every
    /// admin out everywhere (use it if the data directory or a backup
    /// leaked).
    RotateSessionKey,
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("chloromaster admin: {msg}");
    ExitCode::FAILURE
}

/// The new password of `create` and `passwd`, checked against the policy:
/// on a terminal, typed twice without echo; otherwise one line of stdin.
fn read_password(runtime: &tokio::runtime::Runtime) -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        return read_password_from_terminal(runtime);
    }
    let password = read_password_line(&mut std::io::stdin().lock())?;
    crate::auth::check_password_policy(&password)?;
    Ok(password)
}

/// Prompts on the terminal and reads with echo off, twice. The policy is
/// checked before the confirmation, so a refused password costs one entry.
///
/// Ctrl-C at the prompt: rpassword raises SIGINT while the terminal is
/// still in raw mode, and restores it only if the process survives the
/// signal. So SIGINT is caught first (tokio's handler stays installed for
/// the rest of this short-lived command); the read then fails as
/// interrupted, the terminal is restored, and nothing is changed.
fn read_password_from_terminal(runtime: &tokio::runtime::Runtime) -> Result<String, String> {
    let _sigint = {
        let _in_runtime = runtime.enter();
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
            .map_err(|e| format!("cannot watch for Ctrl-C: {e}"))?
    };
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| match e.kind() {
            std::io::ErrorKind::Interrupted => "interrupted; nothing was changed".to_owned(),
            _ => format!("cannot read the password from the terminal: {e}"),
        })
    };
    let password = read("New password: ")?;
    crate::auth::check_password_policy(&password)?;
    if read("Repeat the new password: ")? != password {
        return Err("the two passwords differ; nothing was changed".into());
    }
    Ok(password)
}

/// One line from `input`, without its line ending.
fn read_password_line(input: &mut impl BufRead) -> Result<String, String> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from stdin: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Where a command runs: on the database directly (appliance stopped) or
/// over the control socket of the running appliance.
pub enum Target {
    Direct(Db),
    Running(UnixStream),
}

/// Opens the data directory's database, or, when a running appliance holds
/// it, connects to that appliance's control socket. `create_ok`: a missing
/// database may be created (only `admin create`, before the first start).
pub fn target(config: &Config, create_ok: bool) -> Result<Target, String> {
    let file = config.data_dir.join(crate::db::FILE_NAME);
    if !file.exists() {
        if !create_ok {
            return Err(format!(
                "no database at {} (is CHLORO_DATA_DIR right?)",
                file.display()
            ));
        }
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&config.data_dir)
            .map_err(|e| format!("cannot create {}: {e}", config.data_dir.display()))?;
    }
    match Db::open(&config.data_dir) {
        Ok(db) => Ok(Target::Direct(db)),
        Err(OpenError::AlreadyInUse { path }) => match control::connect(&config.data_dir) {
            Some(stream) => Ok(Target::Running(stream)),
            None => Err(format!(
                "the appliance is running and holds {}, but its control socket {} does not answer. Stop it (e.g. `systemctl stop chloromaster`), run this command, and start it again.",
                path.display(),
                control::socket_path(&config.data_dir).display()
            )),
        },
        Err(e) => Err(e.to_string()),
    }
}

/// A single-threaded runtime for a CLI command.
pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))
}

pub fn run(config: &Config, cmd: AdminCommand) -> ExitCode {
    match run_inner(config, cmd) {
        Ok(output) => {
            if !output.is_empty() {
                println!("{output}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn run_inner(config: &Config, cmd: AdminCommand) -> Result<String, String> {
    let runtime = runtime()?;
    let create = matches!(cmd, AdminCommand::Create { .. });
    if let AdminCommand::Create { username, .. } = &cmd {
        crate::auth::check_username(username)?;
    }
    let target = target(config, create)?;
    let op = match cmd {
        AdminCommand::Create {
            username,
            email,
            full_name,
        } => AdminOp::Create {
            username,
            email,
            full_name,
            password: read_password(&runtime)?,
        },
        AdminCommand::Passwd { username } => AdminOp::Passwd {
            username,
            password: read_password(&runtime)?,
        },
        AdminCommand::List => AdminOp::List,
        AdminCommand::Disable { username } => AdminOp::Disable { username },
        AdminCommand::Enable { username } => AdminOp::Enable { username },
        AdminCommand::RotateSessionKey => AdminOp::RotateSessionKey,
    };
    match target {
        // Stopped: the key is a file in the data directory (the database,
        // held open meanwhile, proves no appliance is using it).
        Target::Direct(db) if matches!(op, AdminOp::RotateSessionKey) => {
            let result = if config.admin.session_key.is_some() {
                Err(crate::auth::key::RotateError::FromCredential.to_string())
            } else {
                crate::auth::key::rotate_file(&config.data_dir)
                    .map(|()| ROTATED.to_owned())
                    .map_err(|e| e.to_string())
            };
            runtime.block_on(db.close());
            result
        }
        Target::Direct(db) => runtime.block_on(async {
            let result = crate::accounts::execute(&db, None, op).await;
            db.close().await;
            result
        }),
        Target::Running(stream) => {
            let (response, _) =
                control::call(stream, control::Op::Admin(op)).map_err(|e| format!("{e:#}"))?;
            if response.ok {
                Ok(response.output.unwrap_or_default())
            } else {
                Err(response
                    .error
                    .unwrap_or_else(|| "the appliance refused the command".into()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_password_line;

    #[test]
    fn admin_cli_password_line_loses_only_its_line_ending() {
        for (input, want) in [
            ("pw with spaces \n", "pw with spaces "),
            ("crlf\r\nnext line\n", "crlf"),
            ("no newline", "no newline"),
            ("", ""),
        ] {
            assert_eq!(
                read_password_line(&mut input.as_bytes()).as_deref(),
                Ok(want),
                "{input:?}"
            );
        }
    }
}
