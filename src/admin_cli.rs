//! `chloromaster admin create|passwd|list|disable`: account management on
//! the data directory, with the appliance stopped.
//!
//! redb allows one process per file, so while the appliance runs these
//! commands say so and stop. (Reaching a running appliance over a private
//! control socket is planned, not built.) Sessions cannot be deleted from
//! here (the cache store lives in the appliance), so `passwd` and `disable`
//! bump the account's session generation in redb, which the appliance
//! checks on every request.
//!
//! Passwords are read from stdin (one line), never from the command line.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::Subcommand;

use crate::config::Config;
use crate::db::{AdminUpdate, Db, OpenError};

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an admin account; the password is read from stdin.
    Create {
        username: String,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        full_name: Option<String>,
    },
    /// Set a new password (read from stdin); signs the account out everywhere.
    Passwd { username: String },
    /// List the admin accounts.
    List,
    /// Disable an account; signs it out everywhere.
    Disable { username: String },
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("chloromaster admin: {msg}");
    ExitCode::FAILURE
}

fn read_password() -> Result<String, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        // No echo suppression without another dependency: say so.
        eprint!("New password (shown as typed; pipe it in to avoid that): ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from stdin: {e}"))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    crate::auth::check_password_policy(&password)?;
    Ok(password)
}

pub fn run(config: &Config, cmd: AdminCommand) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(format!("cannot start: {e}")),
    };
    // Only `create` may start a new database (before the first start);
    // anything else on a missing file is a wrong CHLORO_DATA_DIR.
    let file = config.data_dir.join(crate::db::FILE_NAME);
    if !file.exists() {
        if !matches!(cmd, AdminCommand::Create { .. }) {
            return fail(format!(
                "no database at {} (is CHLORO_DATA_DIR right?)",
                file.display()
            ));
        }
        use std::os::unix::fs::DirBuilderExt;
        if let Err(e) = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&config.data_dir)
        {
            return fail(format!("cannot create {}: {e}", config.data_dir.display()));
        }
    }
    let db = match Db::open(&config.data_dir) {
        Ok(db) => db,
        Err(OpenError::AlreadyInUse { path }) => {
            return fail(format!(
                "the appliance is running and holds {}. Stop it (e.g. `systemctl stop chloromaster`), run this command, and start it again. (Managing accounts of a running appliance over a control socket is not available yet.)",
                path.display()
            ));
        }
        Err(e) => return fail(e),
    };
    let code = runtime.block_on(async {
        let result = command(&db, cmd).await;
        db.close().await;
        result
    });
    match code {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

async fn command(db: &Db, cmd: AdminCommand) -> Result<(), String> {
    let e = |e: crate::db::DbError| e.to_string();
    match cmd {
        AdminCommand::Create {
            username,
            email,
            full_name,
        } => {
            crate::auth::check_username(&username)?;
            if db.admin(&username).await.map_err(e)?.is_some() {
                return Err(format!("an account named {username} exists already"));
            }
            let password = read_password()?;
            let user = crate::auth::new_admin(
                &username,
                email.as_deref().unwrap_or(""),
                full_name.as_deref().unwrap_or(""),
                &password,
            )?;
            if !db.create_admin(user).await.map_err(e)? {
                return Err(format!("an account named {username} exists already"));
            }
            println!("created admin {username}");
        }
        AdminCommand::Passwd { username } => {
            if db.admin(&username).await.map_err(e)?.is_none() {
                return Err(format!("no account named {username}"));
            }
            let password = read_password()?;
            let hash = crate::auth::hash_password(&password)?;
            db.update_admin(&username, AdminUpdate::Password(hash))
                .await
                .map_err(e)?
                .ok_or_else(|| format!("no account named {username}"))?;
            println!("changed the password of {username}; its sessions are signed out");
        }
        AdminCommand::Disable { username } => {
            db.update_admin(&username, AdminUpdate::Disable)
                .await
                .map_err(e)?
                .ok_or_else(|| format!("no account named {username}"))?;
            println!("disabled {username}; its sessions are signed out");
        }
        AdminCommand::List => {
            let admins = db.admins().await.map_err(e)?;
            if admins.is_empty() {
                println!(
                    "no admin accounts (create one with `chloromaster admin create <username>`)"
                );
            }
            for a in admins {
                println!(
                    "{}\t{}\t{}\t{}\tcreated {}",
                    a.username,
                    if a.disabled { "disabled" } else { "active" },
                    a.email,
                    a.full_name,
                    a.created_at
                );
            }
        }
    }
    Ok(())
}
