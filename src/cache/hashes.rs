//! Hash values (sessions are hashes): Redis's hash command semantics.

use super::entry::ENTRY_OVERHEAD;
use super::strings::{format_f64, parse_f64, parse_i64};
use super::{Blob, Change, Entry, HashValue, Store, StoreError, Value};
use std::sync::Arc;

/// `HSET` vs `HSETNX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashSetMode {
    Always,
    IfFieldAbsent,
}

fn hash_of(entry: Option<&Entry>) -> Result<Option<&Arc<HashValue>>, StoreError> {
    match entry.map(|e| &e.value) {
        None => Ok(None),
        Some(Value::Hash(h)) => Ok(Some(h)),
        Some(_) => Err(StoreError::WrongType),
    }
}

impl Store {
    /// The whole hash at `key` (cheap: shares the stored map).
    pub fn hash(&self, db: u8, key: &[u8]) -> Result<Option<Arc<HashValue>>, StoreError> {
        let entry = self.lookup(db, key);
        Ok(hash_of(entry.as_ref())?.cloned())
    }

    /// One field of a hash.
    pub fn hget(&self, db: u8, key: &[u8], field: &[u8]) -> Result<Option<Blob>, StoreError> {
        Ok(self.hash(db, key)?.and_then(|h| h.get(field).cloned()))
    }

    /// All fields of a hash, empty if absent.
    pub fn hgetall(&self, db: u8, key: &[u8]) -> Result<Vec<(Blob, Blob)>, StoreError> {
        Ok(self.hash(db, key)?.map_or_else(Vec::new, |h| {
            h.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
        }))
    }

    /// Replaces whatever is at `key` with a hash of `pairs` expiring after
    /// `ttl`, in one step (no reader sees the hash without its expiry).
    pub fn set_hash(
        &self,
        db: u8,
        key: &[u8],
        pairs: &[(&[u8], &[u8])],
        ttl: Option<std::time::Duration>,
    ) -> Result<(), StoreError> {
        let mut h = HashValue::default();
        for (f, v) in pairs {
            h.insert(f, v);
        }
        let expires_at = ttl.map(|t| self.deadline(t));
        self.put(db, key, Entry::new(Value::Hash(Arc::new(h)), expires_at))
    }

    /// `HSET`/`HMSET`/`HSETNX`: the number of fields added.
    pub fn hset(
        &self,
        db: u8,
        key: &[u8],
        pairs: &[(&[u8], &[u8])],
        mode: HashSetMode,
    ) -> Result<usize, StoreError> {
        // Read before `modify` takes the shard lock (it takes it too).
        let limit = self.max_entry_weight_in(db);
        let fits = |current: Option<&HashValue>| {
            let weight = ENTRY_OVERHEAD + key.len() as u64 + HashValue::growth(current, pairs);
            if weight > limit {
                Err(StoreError::OutOfMemory)
            } else {
                Ok(())
            }
        };
        self.modify(db, key, |current| match current {
            None => {
                fits(None)?;
                let mut h = HashValue::default();
                let mut added = 0;
                for (f, v) in pairs {
                    if mode == HashSetMode::Always || h.get(f).is_none() {
                        added += usize::from(h.insert(f, v));
                    }
                }
                Ok((
                    Change::Set(Entry::new(Value::Hash(Arc::new(h)), None)),
                    added,
                ))
            }
            Some(entry) => {
                let Value::Hash(h) = &mut entry.value else {
                    return Err(StoreError::WrongType);
                };
                if mode == HashSetMode::IfFieldAbsent
                    && pairs.iter().all(|(f, _)| h.get(f).is_some())
                {
                    return Ok((Change::None, 0));
                }
                fits(Some(h))?;
                let h = Arc::make_mut(h);
                let mut added = 0;
                for (f, v) in pairs {
                    if mode == HashSetMode::Always || h.get(f).is_none() {
                        added += usize::from(h.insert(f, v));
                    }
                }
                Ok((Change::Updated, added))
            }
        })
    }

    /// `HDEL`: the number of fields removed; the key goes when it empties.
    pub fn hdel(&self, db: u8, key: &[u8], fields: &[&[u8]]) -> Result<usize, StoreError> {
        self.modify(db, key, |current| {
            let Some(entry) = current else {
                return Ok((Change::None, 0));
            };
            let Value::Hash(h) = &mut entry.value else {
                return Err(StoreError::WrongType);
            };
            if !fields.iter().any(|f| h.get(f).is_some()) {
                return Ok((Change::None, 0));
            }
            let h = Arc::make_mut(h);
            let removed = fields.iter().filter(|f| h.remove(f)).count();
            let change = if h.is_empty() {
                Change::Removed
            } else {
                Change::Updated
            };
            Ok((change, removed))
        })
    }

    /// `HINCRBY`: the new value of the field.
    pub fn hincr_by(
        &self,
        db: u8,
        key: &[u8],
        field: &[u8],
        delta: i64,
    ) -> Result<i64, StoreError> {
        self.hash_update(db, key, field, |old| {
            let old = match old {
                None => 0,
                Some(s) => parse_i64(s).ok_or(StoreError::HashNotInteger)?,
            };
            let new = old.checked_add(delta).ok_or(StoreError::Overflow)?;
            let mut buf = itoa::Buffer::new();
            Ok((Arc::from(buf.format(new).as_bytes()), new))
        })
    }

    /// `HINCRBYFLOAT`: the new value of the field as Redis formats it.
    pub fn hincr_by_float(
        &self,
        db: u8,
        key: &[u8],
        field: &[u8],
        delta: f64,
    ) -> Result<Blob, StoreError> {
        self.hash_update(db, key, field, |old| {
            let old = match old {
                None => 0.0,
                Some(s) => parse_f64(s).ok_or(StoreError::HashNotFloat)?,
            };
            let new = old + delta;
            if !new.is_finite() {
                return Err(StoreError::NanOrInfinity);
            }
            let text: Blob = Arc::from(format_f64(new).as_bytes());
            Ok((text.clone(), text))
        })
    }

    fn hash_update<T>(
        &self,
        db: u8,
        key: &[u8],
        field: &[u8],
        f: impl FnOnce(Option<&Blob>) -> Result<(Blob, T), StoreError>,
    ) -> Result<T, StoreError> {
        self.modify(db, key, |current| match current {
            None => {
                let (value, t) = f(None)?;
                let mut h = HashValue::default();
                h.insert(field, &value);
                Ok((Change::Set(Entry::new(Value::Hash(Arc::new(h)), None)), t))
            }
            Some(entry) => {
                let Value::Hash(h) = &mut entry.value else {
                    return Err(StoreError::WrongType);
                };
                let (value, t) = f(h.get(field))?;
                Arc::make_mut(h).insert(field, &value);
                Ok((Change::Updated, t))
            }
        })
    }
}
