//! Administrator accounts. Passwords arrive here already hashed: hashing is
//! slow on purpose and belongs on the caller's blocking thread, not in the
//! writer's transaction.

use redb::{ReadableTable, ReadableTableMetadata};

use super::models::AdminUser;
use super::schema::ADMINS;
use super::{Db, DbError};

/// A change to one account.
#[derive(Debug, Clone)]
pub enum AdminUpdate {
    /// New password hash; revokes every session of the account.
    Password(String),
    /// Disables the account; revokes every session of the account.
    Disable,
    /// Enables a disabled account again.
    Enable,
}

/// The table key of a user name: names are case-insensitive.
pub fn admin_key(username: &str) -> String {
    username.trim().to_lowercase()
}

impl Db {
    pub async fn admin_count(&self) -> Result<u64, DbError> {
        self.read(|txn| Ok(txn.open_table(ADMINS.def())?.len()?))
            .await
    }

    pub async fn admin(&self, username: &str) -> Result<Option<AdminUser>, DbError> {
        let key = admin_key(username);
        self.read(move |txn| ADMINS.get(&txn.open_table(ADMINS.def())?, key.as_str()))
            .await
    }

    /// Every account, by user name.
    pub async fn admins(&self) -> Result<Vec<AdminUser>, DbError> {
        self.read(|txn| ADMINS.all(&txn.open_table(ADMINS.def())?))
            .await
    }

    /// Stores a new account; `false` (nothing written) if the name is taken.
    pub async fn create_admin(&self, user: AdminUser) -> Result<bool, DbError> {
        self.write(move |txn| {
            let key = admin_key(&user.username);
            let mut table = txn.open_table(ADMINS.def())?;
            if table.get(key.as_str())?.is_some() {
                return Ok(false);
            }
            ADMINS.put(&mut table, key.as_str(), &user)?;
            Ok(true)
        })
        .await
    }

    /// Creates `user` only if there is no account at all (the first start
    /// with `CHLORO_ADMIN_USER`); `false` if one exists.
    pub async fn create_first_admin(&self, user: AdminUser) -> Result<bool, DbError> {
        self.write(move |txn| {
            let mut table = txn.open_table(ADMINS.def())?;
            if table.len()? > 0 {
                return Ok(false);
            }
            ADMINS.put(&mut table, admin_key(&user.username).as_str(), &user)?;
            Ok(true)
        })
        .await
    }

    /// Applies `update` and bumps the session generation; `None` if there
    /// is no such account.
    pub async fn update_admin(
        &self,
        username: &str,
        update: AdminUpdate,
    ) -> Result<Option<AdminUser>, DbError> {
        let key = admin_key(username);
        self.write(move |txn| {
            let mut table = txn.open_table(ADMINS.def())?;
            let Some(mut user) = ADMINS.get(&table, key.as_str())? else {
                return Ok(None);
            };
            match &update {
                AdminUpdate::Password(hash) => user.password_hash.clone_from(hash),
                AdminUpdate::Disable => user.disabled = true,
                AdminUpdate::Enable => user.disabled = false,
            }
            user.session_generation += 1;
            ADMINS.put(&mut table, key.as_str(), &user)?;
            Ok(Some(user))
        })
        .await
    }
}
