//! Administrator credentials and sessions, shared by the admin API, the
//! first-start bootstrap in `app` and the `chloromaster admin` CLI.
//!
//! - Passwords: Argon2id with the crate's default (OWASP) parameters,
//!   stored as a PHC string so the parameters travel with each hash.
//! - Sessions: 256 random bits, handed out once as hex. The cache store
//!   ([`cache::DB_SESSIONS`], an internal database no RESP client can
//!   name) keeps only `session:<sha256(token)>` → a hash `{user, gen, mac}`
//!   with a sliding TTL, so a snapshot file holds no usable token. `mac` is
//!   the [`SessionKey`]'s HMAC over the token's hash, the user and `gen`:
//!   a record the appliance did not write is refused even if something
//!   managed to write the store. `gen` must equal the account's
//!   `session_generation` in redb, which `admin passwd`/`admin disable`
//!   bump even with the appliance stopped (when the cache is out of reach).
//! - Device cookies ([`device`]): a browser that signed in before keeps
//!   signing in while someone else locks the user name out.

pub mod device;
pub mod key;

pub use key::SessionKey;

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use sha2::{Digest, Sha256};

use crate::cache::{self, HashSetMode, Store};
use crate::db::{AdminUser, Db, Timestamp};

/// Shortest password accepted by the CLI and the first-start variables.
pub const MIN_PASSWORD_LEN: usize = 12;

/// Why an account cannot be made as asked. The caller tells which input was
/// wrong by the variant (the first-start variables name the variable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'")]
    Username,
    #[error("the password must be at least {MIN_PASSWORD_LEN} characters long")]
    PasswordTooShort,
    /// Making the salt or the hash failed (not the password's fault).
    #[error("{0}")]
    Hash(String),
}

/// The command-line client reports errors as text.
impl From<AccountError> for String {
    fn from(e: AccountError) -> Self {
        e.to_string()
    }
}

/// Checks the password policy; the reason is for the operator.
pub fn check_password_policy(password: &str) -> Result<(), AccountError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AccountError::PasswordTooShort);
    }
    Ok(())
}

/// Checks a user name: 1–64 characters of letters, digits, `.`, `_`, `-`, `@`.
pub fn check_username(username: &str) -> Result<(), AccountError> {
    let ok = !username.is_empty()
        && username.len() <= 64
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(AccountError::Username)
    }
}

/// Hashes a password (slow on purpose: call from a blocking thread).
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let salt = rand::random::<[u8; 16]>();
    let params = Params::default();
    let hash = || -> Result<String, String> {
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        let params_string = ParamsString::try_from(&params).map_err(|e| e.to_string())?;
        argon2_into(
            &Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
            password.as_bytes(),
            &salt,
            &mut out,
        )?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: params_string,
            salt: Some(Salt::new(&salt).map_err(|e| e.to_string())?),
            hash: Some(Output::new(&out).map_err(|e| e.to_string())?),
        };
        Ok(phc.to_string())
    };
    hash().map_err(|e| AccountError::Hash(format!("cannot hash the password: {e}")))
}

/// glibc's malloc raises its mmap threshold to the size of each mapped
/// block freed, up to 32 MiB: after the first login, Argon2's 19 MiB working
/// memory came from the heap and stayed resident for good (about 20 MB of
/// idle RSS). A request above that ceiling is always a mapping of its own,
/// returned to the kernel when dropped; the pages past what Argon2 uses are
/// never touched, so they cost address space only.
const ALWAYS_MAPPED_BLOCKS: usize = (32 << 20) / Block::SIZE + 1;

/// `argon.hash_password_into`, with its working memory in a mapping of its
/// own (see [`ALWAYS_MAPPED_BLOCKS`]).
fn argon2_into(
    argon: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), String> {
    let count = argon.params().block_count();
    let mut blocks: Vec<Block> = Vec::new();
    blocks
        .try_reserve_exact(count.max(ALWAYS_MAPPED_BLOCKS))
        .map_err(|e| e.to_string())?;
    blocks.resize(count, Block::default());
    argon
        .hash_password_into_with_memory(password, salt, out, &mut blocks[..])
        .map_err(|e| e.to_string())
}

/// Whether `password` gives `phc`'s hash with `phc`'s parameters
/// (constant-time comparison).
fn argon2_verify(password: &[u8], phc: &PasswordHash) -> bool {
    let (Some(salt), Some(expected)) = (&phc.salt, &phc.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(phc.algorithm.as_str()) else {
        return false;
    };
    let version = match phc.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(phc) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    if argon2_into(
        &Argon2::new(algorithm, version, params),
        password,
        salt,
        &mut out,
    )
    .is_err()
    {
        return false;
    }
    Output::new(&out).is_ok_and(|computed| computed == *expected)
}

/// A hash of a random password, verified against for unknown user names so
/// that they take as long as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password(&format!("{:x}", rand::random::<u128>())).unwrap_or_default());

/// Computes the dummy hash ahead of the first login.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

/// Verifies `password` against `user`'s hash, or against the dummy hash
/// when there is no such user (same work either way). Blocking.
pub fn verify(user: Option<&AdminUser>, password: &str) -> bool {
    let phc = user.map_or(DUMMY_HASH.as_str(), |u| u.password_hash.as_str());
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let ok = argon2_verify(password.as_bytes(), &parsed);
    ok && user.is_some_and(|u| !u.disabled)
}

/// A new account record (hashes the password: blocking).
pub fn new_admin(
    username: &str,
    email: &str,
    full_name: &str,
    password: &str,
) -> Result<AdminUser, AccountError> {
    check_username(username)?;
    check_password_policy(password)?;
    Ok(AdminUser {
        username: username.to_owned(),
        email: email.to_owned(),
        full_name: full_name.to_owned(),
        password_hash: hash_password(password)?,
        disabled: false,
        session_generation: 0,
        created_at: Timestamp::now(),
    })
}

/// Lower-case hex ([`crate::http::hex`]).
pub(crate) use crate::http::hex::encode as hex;

/// The cache key of a token: its SHA-256, never the token itself.
fn session_key(token: &str) -> Vec<u8> {
    format!("session:{}", hex(&Sha256::digest(token.as_bytes()))).into_bytes()
}

/// What a session record's MAC covers: the record's key (the token's hash),
/// the user name and the generation.
fn session_mac_parts<'a>(key: &'a [u8], user: &'a [u8], generation: &'a [u8]) -> [&'a [u8]; 4] {
    [b"session", key, user, generation]
}

/// True for strings shaped like our tokens (64 hex digits).
fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Sessions in the cache store.
#[derive(Clone)]
pub struct Sessions {
    store: Arc<Store>,
    ttl: Duration,
    key: Arc<SessionKey>,
}

/// A valid session.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: AdminUser,
}

impl Sessions {
    pub fn new(store: Arc<Store>, ttl: Duration, key: Arc<SessionKey>) -> Self {
        Self { store, ttl, key }
    }

    /// The key that signs session records and device cookies.
    pub fn key(&self) -> &Arc<SessionKey> {
        &self.key
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Starts a session for `user`; returns the token (shown once).
    pub fn create(&self, user: &AdminUser) -> Result<String, cache::StoreError> {
        let token = hex(&rand::random::<[u8; 32]>());
        let key = session_key(&token);
        let generation = user.session_generation.to_string();
        let mac = hex(&self.key.sign(&session_mac_parts(
            &key,
            user.username.as_bytes(),
            generation.as_bytes(),
        )));
        self.store.hset(
            cache::DB_SESSIONS,
            &key,
            &[
                (b"user".as_slice(), user.username.as_bytes()),
                (b"gen".as_slice(), generation.as_bytes()),
                (b"mac".as_slice(), mac.as_bytes()),
            ],
            HashSetMode::Always,
        )?;
        self.store.expire(cache::DB_SESSIONS, &key, Some(self.ttl));
        Ok(token)
    }

    /// The session of `token` if it exists, its account is enabled and was
    /// not changed since; renews its TTL. Anything else is `None` (and a
    /// revoked session is removed).
    pub async fn check(&self, db: &Db, token: &str) -> Result<Option<Session>, crate::db::DbError> {
        if !well_formed(token) {
            return Ok(None);
        }
        let key = session_key(token);
        let Ok(fields) = self.store.hgetall(cache::DB_SESSIONS, &key) else {
            return Ok(None);
        };
        let raw = |name: &[u8]| {
            fields
                .iter()
                .find(|(f, _)| f.as_ref() == name)
                .map(|(_, v)| v.as_ref().to_vec())
        };
        let (Some(user_raw), Some(gen_raw)) = (raw(b"user"), raw(b"gen")) else {
            return Ok(None);
        };
        let signed = raw(b"mac")
            .and_then(|m| crate::http::hex::decode(&m))
            .is_some_and(|tag| {
                self.key
                    .verify(&session_mac_parts(&key, &user_raw, &gen_raw), &tag)
            });
        if !signed {
            // Not written by this appliance with its current key: forged,
            // or signed with a key since rotated.
            tracing::warn!("a session record without a valid signature was refused and removed");
            self.store.delete(cache::DB_SESSIONS, &key);
            return Ok(None);
        }
        let username = String::from_utf8_lossy(&user_raw).into_owned();
        let generation = String::from_utf8_lossy(&gen_raw).into_owned();
        let user = db.admin(&username).await?;
        match user {
            Some(user) if !user.disabled && generation == user.session_generation.to_string() => {
                self.store.expire(cache::DB_SESSIONS, &key, Some(self.ttl));
                Ok(Some(Session { user }))
            }
            _ => {
                self.store.delete(cache::DB_SESSIONS, &key);
                Ok(None)
            }
        }
    }

    /// Ends the session of `token`.
    pub fn revoke(&self, token: &str) {
        self.store.delete(cache::DB_SESSIONS, &session_key(token));
    }
}

/// Ends every session in `store` (after a key rotation; their signatures
/// are void already, this frees them at once).
pub fn revoke_all_sessions(store: &Store) {
    store.flush_db(cache::DB_SESSIONS);
}

/// Deletes every session of `username` from `store` (the running appliance
/// after `admin passwd`/`disable`; the generation bump alone already
/// refuses them, this frees them at once). Returns how many.
pub fn revoke_user_sessions(store: &Store, username: &str) -> usize {
    let wanted = crate::db::admin_key(username);
    let filter = cache::ScanFilter {
        pattern: Some(b"session:*".to_vec()),
        type_name: None,
    };
    let mut n = 0;
    for key in store.keys(cache::DB_SESSIONS, &filter) {
        let Ok(Some(user)) = store.hget(cache::DB_SESSIONS, &key, b"user") else {
            continue;
        };
        if crate::db::admin_key(&String::from_utf8_lossy(&user)) == wanted
            && store.delete(cache::DB_SESSIONS, &key)
        {
            n += 1;
        }
    }
    n
}

impl Sessions {
    /// The store the sessions live in.
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_account_errors_say_which_input_is_wrong() {
        assert_eq!(check_username("no spaces"), Err(AccountError::Username));
        assert_eq!(check_username(&"a".repeat(65)), Err(AccountError::Username));
        assert_eq!(check_username("ops@example.com"), Ok(()));
        assert_eq!(
            check_password_policy("eleven char"),
            Err(AccountError::PasswordTooShort)
        );
        assert_eq!(
            AccountError::PasswordTooShort.to_string(),
            "the password must be at least 12 characters long"
        );
        assert_eq!(
            new_admin("bad name", "", "", "twelve chars").map(|_| ()),
            Err(AccountError::Username)
        );
        assert_eq!(
            new_admin("ops", "", "", "short").map(|_| ()),
            Err(AccountError::PasswordTooShort)
        );
        // The command-line client gets the same words.
        let s: String = AccountError::Username.into();
        assert_eq!(
            s,
            "a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'"
        );
    }

    #[test]
    fn auth_hash_is_argon2id_with_parameters_and_verifies() {
        let user = new_admin("ops", "", "", "correct horse battery").expect("valid");
        assert!(
            user.password_hash.starts_with("$argon2id$v=19$m="),
            "{}",
            user.password_hash
        );
        assert!(verify(Some(&user), "correct horse battery"));
        assert!(!verify(Some(&user), "wrong horse battery"));
        assert!(!verify(None, "correct horse battery"));
        let disabled = AdminUser {
            disabled: true,
            ..user
        };
        assert!(!verify(Some(&disabled), "correct horse battery"));
        assert!(new_admin("ops", "", "", "short").is_err());
        assert!(new_admin("bad name", "", "", "correct horse battery").is_err());
    }

    /// Hashes stored before the argon2 0.5 → 0.6 upgrade still verify (this
    /// one was made by argon2 0.5.3 with `SaltString::encode_b64`).
    #[test]
    fn auth_hash_made_by_argon2_0_5_still_verifies() {
        let user = AdminUser {
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$Y2hsb3JvbWFzdGVyLTE2Yg\
                            $+liPYFCa9ayJ9K7oGAlQeI44CQxvkDOiigRkYpUXUVE"
                .to_owned(),
            ..new_admin("ops", "", "", "another password").expect("valid")
        };
        assert!(verify(Some(&user), "correct horse battery"));
        assert!(!verify(Some(&user), "another password"));
    }

    /// Sliding expiry, revocation by generation and by logout (the store's
    /// clock is tokio's, so paused time drives it).
    #[tokio::test(start_paused = true)]
    async fn auth_sessions_slide_expire_and_are_revoked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("db");
        let user = new_admin("ops", "", "", "correct horse battery").expect("valid");
        assert!(db.create_admin(user.clone()).await.expect("create"));
        let sessions = Sessions::new(
            Store::in_memory(1 << 20),
            Duration::from_secs(60),
            SessionKey::ephemeral(),
        );
        let token = sessions.create(&user).expect("create");
        for _ in 0..3 {
            tokio::time::advance(Duration::from_secs(40)).await;
            assert!(
                sessions.check(&db, &token).await.expect("check").is_some(),
                "slides"
            );
        }
        tokio::time::advance(Duration::from_secs(61)).await;
        assert!(
            sessions.check(&db, &token).await.expect("check").is_none(),
            "expired"
        );

        let token = sessions.create(&user).expect("create");
        sessions.revoke(&token);
        assert!(
            sessions.check(&db, &token).await.expect("check").is_none(),
            "logout"
        );

        let token = sessions.create(&user).expect("create");
        db.update_admin("OPS", crate::db::AdminUpdate::Password("x".into()))
            .await
            .expect("update");
        assert!(
            sessions.check(&db, &token).await.expect("check").is_none(),
            "passwd"
        );
        db.close().await;
    }

    /// A record written straight into the store (what a process that
    /// reached the keyspace could do) is no session, nor is a real record
    /// copied under another token's key, nor anything after a rotation.
    #[tokio::test]
    async fn auth_forged_or_moved_session_records_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("db");
        let user = new_admin("ops", "", "", "correct horse battery").expect("valid");
        assert!(db.create_admin(user.clone()).await.expect("create"));
        let store = Store::in_memory(1 << 20);
        let sessions = Sessions::new(
            store.clone(),
            Duration::from_secs(60),
            SessionKey::ephemeral(),
        );

        let forged = hex(&[0x11; 32]);
        store
            .hset(
                cache::DB_SESSIONS,
                &session_key(&forged),
                &[(b"user".as_slice(), b"ops".as_slice()), (b"gen", b"0")],
                HashSetMode::Always,
            )
            .expect("hset");
        assert!(sessions.check(&db, &forged).await.expect("check").is_none());
        assert_eq!(
            store.dbsize(cache::DB_SESSIONS),
            0,
            "the forgery is removed"
        );

        let real = sessions.create(&user).expect("create");
        let fields = store
            .hgetall(cache::DB_SESSIONS, &session_key(&real))
            .expect("hash");
        let copied: Vec<(&[u8], &[u8])> = fields.iter().map(|(f, v)| (&f[..], &v[..])).collect();
        let other = hex(&[0x22; 32]);
        store
            .hset(
                cache::DB_SESSIONS,
                &session_key(&other),
                &copied,
                HashSetMode::Always,
            )
            .expect("hset");
        assert!(
            sessions.check(&db, &other).await.expect("check").is_none(),
            "moved"
        );
        assert!(sessions.check(&db, &real).await.expect("check").is_some());

        sessions.key().rotate().expect("rotate");
        assert!(
            sessions.check(&db, &real).await.expect("check").is_none(),
            "rotated"
        );
        db.close().await;
    }

    #[test]
    fn auth_session_keys_are_hashes_and_tokens_are_checked_for_shape() {
        let token = hex(&[0xab; 32]);
        assert!(well_formed(&token));
        assert!(!well_formed("abc"));
        let key = String::from_utf8(session_key(&token)).expect("utf8");
        assert!(!key.contains(&token));
        assert_eq!(key.len(), "session:".len() + 64);
    }
}
