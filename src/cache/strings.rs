//! String values: the semantics of Redis's string commands, as typed methods.

use super::{Blob, Change, Entry, Store, StoreError, Value};
use std::sync::Arc;

/// Redis's `proto-max-bulk-len`: no string may grow beyond it.
pub const MAX_STRING: usize = 512 << 20;

/// `SET`'s `NX` / `XX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SetCondition {
    #[default]
    Always,
    IfAbsent,
    IfPresent,
}

/// What `SET` does to the expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SetExpiry {
    /// No expiry (clears an existing one).
    #[default]
    Persist,
    /// Absolute Unix milliseconds.
    At(u64),
    /// `KEEPTTL`.
    Keep,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SetOptions {
    pub condition: SetCondition,
    pub expiry: SetExpiry,
    /// `GET`: also return the old value.
    pub get: bool,
}

/// Parses an integer exactly as Redis's `string2ll`: optional `-`, no `+`,
/// no spaces, no leading zeros.
pub fn parse_i64(s: &[u8]) -> Option<i64> {
    if s == b"0" {
        return Some(0);
    }
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 19 || digits[0] == b'0' {
        return None;
    }
    let mut n: u64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    if negative {
        if n == i64::MIN.unsigned_abs() {
            Some(i64::MIN)
        } else {
            i64::try_from(n).ok().map(|v| -v)
        }
    } else {
        i64::try_from(n).ok()
    }
}

/// Parses a float as Redis does for `INCRBYFLOAT` (no NaN, no spaces).
pub fn parse_f64(s: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(s).ok()?;
    if text.is_empty() || text.trim() != text {
        return None;
    }
    let v: f64 = text.parse().ok()?;
    (!v.is_nan()).then_some(v)
}

/// Formats a float the way `INCRBYFLOAT` replies: shortest round-trip, no
/// exponent, no trailing zeros.
pub fn format_f64(v: f64) -> String {
    let s = format!("{v}");
    if s == "-0" { "0".to_string() } else { s }
}

/// The string value of an entry (an integer reads as its decimal text).
pub(crate) fn string_of(entry: Option<&Entry>) -> Result<Option<Blob>, StoreError> {
    match entry.map(|e| &e.value) {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.clone())),
        Some(Value::Int(n)) => Ok(Some(Arc::from(itoa::Buffer::new().format(*n).as_bytes()))),
        Some(_) => Err(StoreError::WrongType),
    }
}

/// Redis's range arithmetic for `GETRANGE`: negative indexes count from the
/// end, out-of-range ends are clamped; `None` when the range is empty.
pub fn clamp_range(start: i64, end: i64, len: usize) -> Option<(usize, usize)> {
    let len = len as i64;
    if len == 0 {
        return None;
    }
    let fix = |i: i64| if i < 0 { (len + i).max(0) } else { i };
    let (start, end) = (fix(start), fix(end).min(len - 1));
    if start > end || start >= len {
        return None;
    }
    Some((start as usize, end as usize))
}

impl Store {
    /// `SET` with all its options. Returns whether it wrote, and the old
    /// value when `opts.get`.
    pub fn set_with(
        &self,
        db: u8,
        key: &[u8],
        value: &[u8],
        opts: SetOptions,
    ) -> Result<(bool, Option<Blob>), StoreError> {
        if value.len() > MAX_STRING {
            return Err(StoreError::TooLarge);
        }
        if opts.condition == SetCondition::Always && !opts.get {
            let expires_at = match opts.expiry {
                SetExpiry::Persist => None,
                SetExpiry::At(t) => Some(t),
                SetExpiry::Keep => self.read(db, key).and_then(|e| e.expires_at),
            };
            if opts.expiry != SetExpiry::Keep {
                self.put(db, key, Entry::string(value, expires_at))?;
                return Ok((true, None));
            }
        }
        self.modify(db, key, |current| {
            let current = current.map(|e| &*e);
            let old = if opts.get { string_of(current)? } else { None };
            let write = match opts.condition {
                SetCondition::Always => true,
                SetCondition::IfAbsent => current.is_none(),
                SetCondition::IfPresent => current.is_some(),
            };
            if !write {
                return Ok((Change::None, (false, old)));
            }
            let expires_at = match opts.expiry {
                SetExpiry::Persist => None,
                SetExpiry::At(t) => Some(t),
                SetExpiry::Keep => current.and_then(|e| e.expires_at),
            };
            Ok((Change::Set(Entry::string(value, expires_at)), (true, old)))
        })
    }

    /// `GETDEL`.
    pub fn get_del(&self, db: u8, key: &[u8]) -> Result<Option<Blob>, StoreError> {
        self.modify(db, key, |current| match string_of(current.map(|e| &*e))? {
            Some(s) => Ok((Change::Removed, Some(s))),
            None => Ok((Change::None, None)),
        })
    }

    /// `GETEX`: returns the value and, if `expiry` is given, changes the
    /// expiry (`Persist` removes it, `Keep` leaves it).
    pub fn get_ex(
        &self,
        db: u8,
        key: &[u8],
        expiry: SetExpiry,
    ) -> Result<Option<Blob>, StoreError> {
        self.modify(db, key, |current| {
            let Some(entry) = current else {
                return Ok((Change::None, None));
            };
            let value = string_of(Some(&*entry))?;
            match expiry {
                SetExpiry::Keep => Ok((Change::None, value)),
                SetExpiry::Persist => {
                    let changed = entry.expires_at.take().is_some();
                    Ok((
                        if changed {
                            Change::Updated
                        } else {
                            Change::None
                        },
                        value,
                    ))
                }
                SetExpiry::At(t) => {
                    entry.expires_at = Some(t);
                    Ok((Change::Updated, value))
                }
            }
        })
    }

    /// `INCRBY` (and `INCR`, `DECR`, `DECRBY`): the new value. The result
    /// is stored as [`Value::Int`] and updated in place, keeping the expiry.
    pub fn incr_by(&self, db: u8, key: &[u8], delta: i64) -> Result<i64, StoreError> {
        self.modify(db, key, |current| {
            let Some(entry) = current else {
                return Ok((Change::Set(Entry::new(Value::Int(delta), None)), delta));
            };
            let old = match &entry.value {
                Value::Int(n) => *n,
                Value::Str(s) => parse_i64(s).ok_or(StoreError::NotInteger)?,
                _ => return Err(StoreError::WrongType),
            };
            let new = old.checked_add(delta).ok_or(StoreError::Overflow)?;
            entry.value = Value::Int(new);
            Ok((Change::Updated, new))
        })
    }

    /// `INCRBYFLOAT`: the new value as Redis formats it.
    pub fn incr_by_float(&self, db: u8, key: &[u8], delta: f64) -> Result<Blob, StoreError> {
        self.modify(db, key, |current| {
            let current = current.map(|e| &*e);
            let old = match string_of(current)? {
                None => 0.0,
                Some(s) => parse_f64(&s).ok_or(StoreError::NotFloat)?,
            };
            let new = old + delta;
            if !new.is_finite() {
                return Err(StoreError::NanOrInfinity);
            }
            let text: Blob = Arc::from(format_f64(new).as_bytes());
            let expires_at = current.and_then(|e| e.expires_at);
            let entry = Entry::new(Value::Str(text.clone()), expires_at);
            Ok((Change::Set(entry), text))
        })
    }

    /// `APPEND`: the new length.
    pub fn append(&self, db: u8, key: &[u8], suffix: &[u8]) -> Result<usize, StoreError> {
        // Read before `modify` locks the key's shard (see `check_string_len`).
        let limit = self.max_entry_weight_in(db);
        self.modify(db, key, |current| {
            let current = current.map(|e| &*e);
            let old = string_of(current)?;
            let old_len = old.as_ref().map_or(0, |s| s.len());
            super::bitmaps::check_string_len_within(limit, key, old_len + suffix.len())?;
            let mut joined = Vec::with_capacity(old_len + suffix.len());
            if let Some(old) = &old {
                joined.extend_from_slice(old);
            }
            joined.extend_from_slice(suffix);
            let len = joined.len();
            let expires_at = current.and_then(|e| e.expires_at);
            Ok((Change::Set(Entry::string(&joined, expires_at)), len))
        })
    }

    /// `STRLEN`.
    pub fn strlen(&self, db: u8, key: &[u8]) -> Result<usize, StoreError> {
        Ok(self.get(db, key)?.map_or(0, |s| s.len()))
    }

    /// `SETRANGE`: the new length.
    pub fn set_range(
        &self,
        db: u8,
        key: &[u8],
        offset: usize,
        patch: &[u8],
    ) -> Result<usize, StoreError> {
        // Read before `modify` locks the key's shard (see `check_string_len`).
        let limit = self.max_entry_weight_in(db);
        self.modify(db, key, |current| {
            let current = current.map(|e| &*e);
            let old = string_of(current)?;
            let old_len = old.as_ref().map_or(0, |s| s.len());
            if patch.is_empty() {
                return Ok((Change::None, old_len));
            }
            let end = offset
                .checked_add(patch.len())
                .ok_or(StoreError::TooLarge)?;
            super::bitmaps::check_string_len_within(limit, key, end.max(old_len))?;
            let mut bytes = old.map_or_else(Vec::new, |s| s.to_vec());
            if bytes.len() < end {
                bytes.resize(end, 0);
            }
            bytes[offset..end].copy_from_slice(patch);
            let len = bytes.len();
            let expires_at = current.and_then(|e| e.expires_at);
            Ok((Change::Set(Entry::string(&bytes, expires_at)), len))
        })
    }
}
