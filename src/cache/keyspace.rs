//! Whole-key operations: existence, expiry, renames, enumeration, flushes.
//!
//! Enumeration (`KEYS`, `SCAN`, `DBSIZE`, `RANDOMKEY`) walks the keyspace,
//! O(n) as in Redis, taking each quick_cache shard's read lock only for one
//! step at a time, so it never stalls writers for long.

use super::glob::glob_match;
use super::{Blob, Change, DATABASES, Entry, Store, StoreError};
use std::sync::atomic::{AtomicU64, Ordering};

/// `EXPIRE`'s `NX | XX | GT | LT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExpireCondition {
    #[default]
    Always,
    /// Only when the key has no expiry.
    IfNone,
    /// Only when the key has an expiry.
    IfSome,
    /// Only when the new expiry is later (no expiry counts as infinite).
    IfGreater,
    /// Only when the new expiry is sooner (no expiry counts as infinite).
    IfLess,
}

/// Which keys an enumeration returns.
#[derive(Debug, Clone, Default)]
pub struct ScanFilter {
    pub pattern: Option<Vec<u8>>,
    pub type_name: Option<String>,
}

impl ScanFilter {
    pub fn matches(&self, name: &[u8], entry: &Entry) -> bool {
        self.pattern.as_ref().is_none_or(|p| glob_match(p, name))
            && self
                .type_name
                .as_ref()
                .is_none_or(|t| t.eq_ignore_ascii_case(entry.value.type_name()))
    }
}

impl Store {
    /// `EXISTS` for one key.
    pub fn exists(&self, db: u8, key: &[u8]) -> bool {
        self.lookup(db, key).is_some()
    }

    /// `TYPE`: `string`, `hash` or `none`.
    pub fn key_type(&self, db: u8, key: &[u8]) -> &'static str {
        self.read(db, key).map_or("none", |e| e.value.type_name())
    }

    /// Sets an absolute expiry (Unix ms) under a condition; true if set. An
    /// expiry in the past deletes the key, as Redis does.
    pub fn expire_at(&self, db: u8, key: &[u8], at_ms: u64, cond: ExpireCondition) -> bool {
        let now = self.now_ms();
        self.modify(db, key, |current| {
            let Some(entry) = current else {
                return Ok((Change::None, false));
            };
            let allowed = match (cond, entry.expires_at) {
                (ExpireCondition::Always, _) => true,
                (ExpireCondition::IfNone, e) => e.is_none(),
                (ExpireCondition::IfSome, e) => e.is_some(),
                (ExpireCondition::IfGreater, e) => e.is_some_and(|t| at_ms > t),
                (ExpireCondition::IfLess, e) => e.is_none_or(|t| at_ms < t),
            };
            if !allowed {
                Ok((Change::None, false))
            } else if at_ms <= now {
                Ok((Change::Removed, true))
            } else {
                entry.expires_at = Some(at_ms);
                Ok((Change::Updated, true))
            }
        })
        .unwrap_or(false)
    }

    /// `PERSIST`: true if an expiry was removed.
    pub fn persist(&self, db: u8, key: &[u8]) -> bool {
        self.modify(db, key, |current| match current {
            Some(entry) if entry.expires_at.is_some() => {
                entry.expires_at = None;
                Ok((Change::Updated, true))
            }
            _ => Ok((Change::None, false)),
        })
        .unwrap_or(false)
    }

    /// Absolute expiry: `None` if absent, `Some(None)` if it never expires.
    pub fn expire_time(&self, db: u8, key: &[u8]) -> Option<Option<u64>> {
        self.read(db, key).map(|e| e.expires_at)
    }

    /// `RENAME` (`only_if_absent` for `RENAMENX`): false when the target
    /// exists and `only_if_absent`. Run under the exclusive guard for
    /// isolation from other RESP clients.
    pub fn rename(
        &self,
        db: u8,
        from: &[u8],
        to: &[u8],
        only_if_absent: bool,
    ) -> Result<bool, StoreError> {
        let entry = self.read(db, from).ok_or(StoreError::NoSuchKey)?;
        if from == to {
            return Ok(!only_if_absent);
        }
        if only_if_absent && self.read(db, to).is_some() {
            return Ok(false);
        }
        self.put(db, to, entry)?;
        self.take(db, from);
        Ok(true)
    }

    /// `COPY`: false when the source is absent, or the target exists and
    /// `replace` is off.
    pub fn copy(
        &self,
        db: u8,
        from: &[u8],
        to_db: u8,
        to: &[u8],
        replace: bool,
    ) -> Result<bool, StoreError> {
        let Some(entry) = self.read(db, from) else {
            return Ok(false);
        };
        if (db == to_db && from == to) || (!replace && self.read(to_db, to).is_some()) {
            return Ok(false);
        }
        self.put(to_db, to, entry)?;
        Ok(true)
    }

    /// Live keys of `db` that pass `filter`.
    pub fn keys(&self, db: u8, filter: &ScanFilter) -> Vec<Blob> {
        let now = self.now_ms();
        self.space(db)
            .iter()
            .filter(|(k, e)| k.db == db && !e.is_expired(now) && filter.matches(&k.name, e))
            .map(|(k, _)| k.name.to_blob())
            .collect()
    }

    /// A key of `db` picked uniformly at random: the database's keys are
    /// counted and the n-th live one taken (O(n), as `SCAN`'s first call).
    /// The walk order of the keyspace is far from random, so skipping a
    /// random few entries of it returned one key of ten 1916 times in 2000.
    pub fn random_key(&self, db: u8) -> Option<Blob> {
        let n = self.dbsize(db);
        if n == 0 {
            return None;
        }
        let now = self.now_ms();
        let pick = rand::random_range(0..n);
        let mut last = None;
        for (i, (k, _)) in self
            .space(db)
            .iter()
            .filter(|(k, e)| k.db == db && !e.is_expired(now))
            .enumerate()
        {
            last = Some(k);
            if i >= pick {
                break;
            }
        }
        last.map(|k| k.name.to_blob())
    }

    /// `OBJECT ENCODING` and `OBJECT REFCOUNT` as redis-server 7.0 reports
    /// them for a value of this shape (its default listpack thresholds:
    /// 512 hash fields or 128 set members, of at most 64 bytes; `embstr` up
    /// to 44 bytes; integers 0–9999 shared); `None` when the key is absent.
    pub fn object_info(&self, db: u8, key: &[u8]) -> Option<(&'static str, i64)> {
        use super::Value;
        let entry = self.lookup(db, key)?;
        const SHARED: i64 = 2_147_483_647;
        let int_info = |n: i64| ("int", if (0..10_000).contains(&n) { SHARED } else { 1 });
        Some(match &entry.value {
            Value::Int(n) => int_info(*n),
            Value::Str(s) => match super::parse_i64(s) {
                Some(n) => int_info(n),
                None if s.len() <= 44 => ("embstr", 1),
                None => ("raw", 1),
            },
            Value::Hash(h) => {
                let small = h.len() <= 512 && h.iter().all(|(f, v)| f.len() <= 64 && v.len() <= 64);
                (if small { "listpack" } else { "hashtable" }, 1)
            }
            Value::List(l) => (l.encoding(), 1),
            Value::Set(set) => (set.encoding(), 1),
            Value::ZSet(z) => {
                let small = z.len() <= 128 && z.iter().all(|(m, _)| m.len() <= 64);
                (if small { "listpack" } else { "skiplist" }, 1)
            }
        })
    }

    /// `MEMORY USAGE`: the bytes the entry is charged against the budget
    /// (its key, value and per-entry overhead; see `entry.rs`).
    pub fn memory_usage(&self, db: u8, key: &[u8]) -> Option<u64> {
        let entry = self.read(db, key)?;
        Some(super::entry::entry_weight(key.len(), &entry))
    }

    /// `DBSIZE`: keys in `db` (O(n)).
    pub fn dbsize(&self, db: u8) -> usize {
        self.space(db).iter().filter(|(k, _)| k.db == db).count()
    }

    /// Keys and keys-with-expiry per public database, for `INFO keyspace`
    /// (the internal keyspace is not walked: it is not the clients' to see).
    pub fn db_stats(&self) -> [(u64, u64); DATABASES as usize] {
        let mut out = [(0u64, 0u64); DATABASES as usize];
        for (k, e) in self.keyspace.iter() {
            if let Some(slot) = out.get_mut(usize::from(k.db)) {
                slot.0 += 1;
                slot.1 += u64::from(e.expires_at.is_some());
            }
        }
        out
    }

    /// `FLUSHDB`: empties one database.
    pub fn flush_db(&self, db: u8) {
        self.space(db).retain(|k, _| k.db != db);
        self.dirty.add(1);
        self.watches.touch_db(Some(db));
    }

    /// `FLUSHALL`: empties every public database. The appliance's own
    /// (sessions, cached responses, limits) are not RESP clients' to flush.
    pub fn flush_all(&self) {
        self.keyspace.clear();
        self.dirty.add(1);
        self.watches.touch_db(None);
    }

    /// Deletes every key of `db` starting with `prefix`; the number removed.
    /// (The API invalidates cached responses this way.)
    pub fn delete_prefix(&self, db: u8, prefix: &[u8]) -> u64 {
        let removed = AtomicU64::new(0);
        self.space(db).retain(|k, _| {
            let hit = k.db == db && k.name.starts_with(prefix);
            if hit {
                removed.fetch_add(1, Ordering::Relaxed);
            }
            !hit
        });
        let removed = removed.into_inner();
        if removed > 0 {
            self.dirty.add(removed);
            self.watches.touch_db(Some(db));
        }
        removed
    }

    /// Active expiry: removes every expired entry; the number removed. Skips
    /// the walk entirely when no entry with an expiry was written since the
    /// last pass found none.
    pub fn sweep_expired(&self) -> u64 {
        if !self.volatile.swap(false, Ordering::Relaxed) {
            return 0;
        }
        let now = self.now_ms();
        let removed = AtomicU64::new(0);
        let volatile_left = std::sync::atomic::AtomicBool::new(false);
        let sweep = |_: &super::Key, e: &Entry| match e.expires_at {
            Some(t) if t <= now => {
                removed.fetch_add(1, Ordering::Relaxed);
                false
            }
            Some(_) => {
                volatile_left.store(true, Ordering::Relaxed);
                true
            }
            None => true,
        };
        self.keyspace.retain(sweep);
        self.internal.retain(sweep);
        if volatile_left.into_inner() {
            self.volatile.store(true, Ordering::Relaxed);
        }
        let removed = removed.into_inner();
        if removed > 0 {
            self.stats.expired.add(removed);
            self.dirty.add(removed);
        }
        removed
    }
}
