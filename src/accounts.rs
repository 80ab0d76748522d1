//! Admin account operations (`create`, `passwd`, `list`, `disable`,
//! `enable`, `rotate-session-key`): the server side of `chloromaster admin`.
//! The control server runs them for the CLI while the appliance runs; the
//! CLI runs them itself on the files when it is stopped (`cli::admin`).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::cache::Store;
use crate::db::{AdminUpdate, Db};

/// An admin command with its password already read: what the control
/// socket carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum AdminOp {
    Create {
        username: String,
        email: Option<String>,
        full_name: Option<String>,
        password: String,
    },
    Passwd {
        username: String,
        password: String,
    },
    List,
    Disable {
        username: String,
    },
    Enable {
        username: String,
    },
    RotateSessionKey,
}

impl AdminOp {
    /// For logs (never the arguments: they may hold a password).
    pub fn name(&self) -> &'static str {
        match self {
            AdminOp::Create { .. } => "create",
            AdminOp::Passwd { .. } => "passwd",
            AdminOp::List => "list",
            AdminOp::Disable { .. } => "disable",
            AdminOp::Enable { .. } => "enable",
            AdminOp::RotateSessionKey => "rotate-session-key",
        }
    }
}

pub const ROTATED: &str = "session signing key replaced: every admin is signed out and every device cookie is void; sign in again";

/// What a running appliance lends the admin commands besides the database.
pub struct Live<'a> {
    pub store: &'a Arc<Store>,
    pub session_key: &'a crate::auth::SessionKey,
}

/// Runs `op` on `db`; in the running appliance (`live`), also deletes
/// the sessions a password change or a disable revokes. Returns what to
/// print.
pub async fn execute(db: &Db, live: Option<Live<'_>>, op: AdminOp) -> Result<String, String> {
    let store = live.as_ref().map(|l| l.store);
    let e = |e: crate::db::DbError| e.to_string();
    let revoke = |username: &str| {
        if let Some(store) = store {
            crate::auth::revoke_user_sessions(store, username);
        }
    };
    let out = match op {
        AdminOp::Create {
            username,
            email,
            full_name,
            password,
        } => {
            crate::auth::check_username(&username)?;
            crate::auth::check_password_policy(&password)?;
            if db.admin(&username).await.map_err(e)?.is_some() {
                return Err(format!("an account named {username} exists already"));
            }
            let name = username.clone();
            let user = tokio::task::spawn_blocking(move || {
                crate::auth::new_admin(
                    &name,
                    email.as_deref().unwrap_or(""),
                    full_name.as_deref().unwrap_or(""),
                    &password,
                )
            })
            .await
            .map_err(|e| e.to_string())??;
            if !db.create_admin(user).await.map_err(e)? {
                return Err(format!("an account named {username} exists already"));
            }
            format!("created admin {username}")
        }
        AdminOp::Passwd { username, password } => {
            crate::auth::check_password_policy(&password)?;
            if db.admin(&username).await.map_err(e)?.is_none() {
                return Err(format!("no account named {username}"));
            }
            let hash = tokio::task::spawn_blocking(move || crate::auth::hash_password(&password))
                .await
                .map_err(|e| e.to_string())??;
            db.update_admin(&username, AdminUpdate::Password(hash))
                .await
                .map_err(e)?
                .ok_or_else(|| format!("no account named {username}"))?;
            revoke(&username);
            format!("changed the password of {username}; its sessions are signed out")
        }
        AdminOp::Disable { username } => {
            db.update_admin(&username, AdminUpdate::Disable)
                .await
                .map_err(e)?
                .ok_or_else(|| format!("no account named {username}"))?;
            revoke(&username);
            format!("disabled {username}; its sessions are signed out")
        }
        AdminOp::Enable { username } => {
            db.update_admin(&username, AdminUpdate::Enable)
                .await
                .map_err(e)?
                .ok_or_else(|| format!("no account named {username}"))?;
            format!("enabled {username}")
        }
        AdminOp::RotateSessionKey => {
            let Some(live) = live else {
                return Err(
                    "rotate-session-key needs the data directory or the running appliance".into(),
                );
            };
            live.session_key.rotate().map_err(|e| e.to_string())?;
            crate::auth::revoke_all_sessions(live.store);
            tracing::warn!("session signing key rotated: every admin is signed out");
            ROTATED.to_owned()
        }
        AdminOp::List => {
            let admins = db.admins().await.map_err(e)?;
            if admins.is_empty() {
                return Ok(
                    "no admin accounts (create one with `chloromaster admin create <username>`)"
                        .into(),
                );
            }
            let lines: Vec<String> = admins
                .iter()
                .map(|a| {
                    format!(
                        "{}\t{}\t{}\t{}\tcreated {}",
                        a.username,
                        if a.disabled { "disabled" } else { "active" },
                        a.email,
                        a.full_name,
                        a.created_at
                    )
                })
                .collect();
            lines.join("\n")
        }
    };
    Ok(out)
}
