//! The key that signs session records and device cookies.
//!
//! Sessions live in the cache store, which other code in the process can
//! write; the key is what makes a session record the appliance's own: each
//! record carries an HMAC-SHA256 over the token's hash, the user name and
//! the session generation, so whoever can write the store but not read this
//! key cannot mint a session (nor move one to another token or account).
//!
//! Where the key comes from, first match wins:
//! - the systemd credential `session-key` (at least 32 bytes; rotating it is
//!   the operator's: replace the credential and restart);
//! - `<data dir>/session.key`: 32 random bytes as hex, made at the first
//!   start (0600, written to a temporary name, fsynced, renamed);
//! - if that file cannot be written (a full disk at the very first start), a
//!   key that lives in memory only, with a warning: sessions then end at the
//!   next restart.
//!
//! [`SessionKey::rotate`] (`chloromaster admin rotate-session-key`) writes a
//! new file and swaps the key in: every session and device cookie signed
//! with the old one stops working at once.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use arc_swap::ArcSwap;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The key file's name in the data directory.
pub const FILE_NAME: &str = "session.key";
/// Shortest key accepted from a credential (the configuration checks it
/// first).
pub const MIN_CREDENTIAL_LEN: usize = crate::config::MIN_SESSION_KEY_LEN;

type HmacSha256 = Hmac<Sha256>;

/// Where the key in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Credential,
    File(PathBuf),
    /// In memory only: the file could not be written.
    Ephemeral,
}

/// Why a rotation was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RotateError {
    #[error(
        "the session key comes from the systemd credential session-key: replace the credential and restart the appliance to rotate it"
    )]
    FromCredential,
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The signing key, swappable at run time (see the module docs).
pub struct SessionKey {
    key: ArcSwap<Vec<u8>>,
    source: KeySource,
}

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionKey")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl SessionKey {
    /// The key from `credential` if given, else from (or into) the data
    /// directory's key file.
    pub fn load(data_dir: &Path, credential: Option<&[u8]>) -> anyhow::Result<Arc<SessionKey>> {
        if let Some(bytes) = credential {
            anyhow::ensure!(
                bytes.len() >= MIN_CREDENTIAL_LEN,
                "the session-key credential must hold at least {MIN_CREDENTIAL_LEN} bytes (e.g. `openssl rand -hex 32`)"
            );
            return Ok(Arc::new(Self::with(bytes.to_vec(), KeySource::Credential)));
        }
        let path = data_dir.join(FILE_NAME);
        match read_file(&path) {
            Ok(Some(key)) => return Ok(Arc::new(Self::with(key, KeySource::File(path)))),
            Ok(None) => {}
            Err(e) => {
                return Err(e.context(format!(
                    "{} is unreadable or damaged; remove it to make a new one (this signs every admin out)",
                    path.display()
                )));
            }
        }
        let key = random_key();
        match write_file(&path, &key) {
            Ok(()) => {
                tracing::info!(path = %path.display(), "session signing key created");
                Ok(Arc::new(Self::with(key, KeySource::File(path))))
            }
            Err(e) => {
                tracing::warn!(
                    path = %path.display(),
                    error = %e,
                    "cannot store the session signing key: using one in memory; admins will have to sign in again after a restart"
                );
                Ok(Arc::new(Self::with(key, KeySource::Ephemeral)))
            }
        }
    }

    /// A key in memory only (tests, the handler tests' state).
    #[cfg(test)]
    pub fn ephemeral() -> Arc<SessionKey> {
        Arc::new(Self::with(random_key(), KeySource::Ephemeral))
    }

    fn with(key: Vec<u8>, source: KeySource) -> Self {
        SessionKey {
            key: ArcSwap::from_pointee(key),
            source,
        }
    }

    #[cfg(test)]
    pub fn source(&self) -> &KeySource {
        &self.source
    }

    /// HMAC-SHA256 over `parts`, each length-prefixed so that no two
    /// different lists of parts sign the same bytes.
    pub fn sign(&self, parts: &[&[u8]]) -> [u8; 32] {
        self.mac(parts).finalize().into_bytes().into()
    }

    /// Checks `tag` against [`SessionKey::sign`] of `parts`, in constant time.
    pub fn verify(&self, parts: &[&[u8]], tag: &[u8]) -> bool {
        self.mac(parts).verify_slice(tag).is_ok()
    }

    fn mac(&self, parts: &[&[u8]]) -> HmacSha256 {
        let key = self.key.load();
        #[allow(clippy::expect_used)]
        let mut mac =
            <HmacSha256 as KeyInit>::new_from_slice(&key).expect("HMAC takes keys of any length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac
    }

    /// Replaces the key with a new random one, stored first: everything
    /// signed with the old key is refused from now on.
    pub fn rotate(&self) -> Result<(), RotateError> {
        let key = random_key();
        match &self.source {
            KeySource::Credential => return Err(RotateError::FromCredential),
            KeySource::File(path) => {
                write_file(path, &key).map_err(|source| RotateError::Write {
                    path: path.clone(),
                    source,
                })?
            }
            KeySource::Ephemeral => {}
        }
        self.key.store(Arc::new(key));
        Ok(())
    }
}

/// Writes a new key file in `data_dir` with the appliance stopped (the
/// CLI's rotation when no appliance answers on the control socket).
pub fn rotate_file(data_dir: &Path) -> Result<(), RotateError> {
    let path = data_dir.join(FILE_NAME);
    write_file(&path, &random_key()).map_err(|source| RotateError::Write { path, source })
}

fn random_key() -> Vec<u8> {
    rand::random::<[u8; 32]>().to_vec()
}

/// Checks a key file (a backup's, before a restore puts it in place).
pub fn check_file(path: &Path) -> anyhow::Result<()> {
    read_file(path)?.map(|_| ()).context("no key file")
}

/// The key in `path`, `None` when there is no file.
fn read_file(path: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let hex = text.trim();
    anyhow::ensure!(
        hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        "expected 64 hexadecimal digits"
    );
    let key = crate::http::hex::decode(hex.as_bytes())
        .ok_or_else(|| anyhow::anyhow!("expected 64 hexadecimal digits"))?;
    // Tighten a file someone loosened; the data directory is 0700 anyway.
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(Some(key))
}

/// Writes `key` as hex to `path`: 0600 from creation, fsynced, renamed into
/// place, directory fsynced.
fn write_file(path: &Path, key: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("key.tmp");
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        let mut hex = crate::http::hex::encode(key);
        hex.push('\n');
        file.write_all(hex.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent() {
            std::fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_is_made_once_private_and_reread() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = SessionKey::load(dir.path(), None).expect("load");
        let path = dir.path().join(FILE_NAME);
        let mode = std::fs::metadata(&path).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let tag = first.sign(&[b"a", b"b"]);
        let again = SessionKey::load(dir.path(), None).expect("load");
        assert!(
            again.verify(&[b"a", b"b"], &tag),
            "same key after a restart"
        );
        assert!(!again.verify(&[b"ab"], &tag), "parts are length-prefixed");
        again.rotate().expect("rotate");
        assert!(!again.verify(&[b"a", b"b"], &tag), "rotated");
        let reread = SessionKey::load(dir.path(), None).expect("load");
        assert!(
            reread.verify(&[b"x"], &again.sign(&[b"x"])),
            "rotation stored"
        );
    }

    #[test]
    fn key_from_a_credential_wins_and_cannot_be_rotated() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(SessionKey::load(dir.path(), Some(b"short")).is_err());
        let key = SessionKey::load(dir.path(), Some(&[7u8; 32])).expect("load");
        assert_eq!(key.source(), &KeySource::Credential);
        assert!(!dir.path().join(FILE_NAME).exists());
        assert!(matches!(key.rotate(), Err(RotateError::FromCredential)));
    }

    #[test]
    fn a_damaged_key_file_stops_the_start() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(FILE_NAME), "not hex\n").expect("write");
        let err = SessionKey::load(dir.path(), None).expect_err("damaged");
        assert!(format!("{err:#}").contains("session.key"), "{err:#}");
    }
}
