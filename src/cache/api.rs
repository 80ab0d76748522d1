//! The typed API the rest of the appliance uses in-process (sessions, the
//! HTTP response cache): strings with a TTL, deletes, expiries. Hash and
//! prefix operations live with their families (`hashes`, `keyspace`).

use super::{Blob, Change, Entry, Store, StoreError};
use std::time::Duration;

impl Store {
    /// String value of `key`, `None` if absent. A hash is a `WrongType` error.
    pub fn get(&self, db: u8, key: &[u8]) -> Result<Option<Blob>, StoreError> {
        super::strings::string_of(self.lookup(db, key).as_ref())
    }

    /// Sets a string value, replacing whatever was there; `ttl` `None` keeps
    /// it until evicted.
    pub fn set(
        &self,
        db: u8,
        key: &[u8],
        value: &[u8],
        ttl: Option<Duration>,
    ) -> Result<(), StoreError> {
        let expires_at = ttl.map(|t| self.deadline(t));
        self.put(db, key, Entry::string(value, expires_at))
    }

    /// Deletes a key of any type; true if it existed.
    pub fn delete(&self, db: u8, key: &[u8]) -> bool {
        self.take(db, key).is_some()
    }

    /// Sets (or with `None` removes) a key's time to live; false if absent.
    pub fn expire(&self, db: u8, key: &[u8], ttl: Option<Duration>) -> bool {
        let expires_at = ttl.map(|t| self.deadline(t));
        self.modify(db, key, |e| match e {
            Some(e) => {
                e.expires_at = expires_at;
                Ok((Change::Updated, true))
            }
            None => Ok((Change::None, false)),
        })
        .unwrap_or(false)
    }

    /// Remaining time to live: `None` if the key is absent, `Some(None)` if
    /// it never expires.
    pub fn ttl(&self, db: u8, key: &[u8]) -> Option<Option<Duration>> {
        let e = self.read(db, key)?;
        let now = self.now_ms();
        Some(
            e.expires_at
                .map(|t| Duration::from_millis(t.saturating_sub(now))),
        )
    }
}
