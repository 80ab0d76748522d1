//! Bitmaps: Redis's bit commands on string values (`SETBIT`, `BITOP`), and
//! the size check every growing string write makes before it allocates.

use super::entry::{ENTRY_OVERHEAD, blob_cost};
use super::strings::{MAX_STRING, string_of};
use super::{Blob, Change, Entry, Store, StoreError, Value};
use std::sync::Arc;

/// `BITOP`'s operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BitOp {
    And,
    Or,
    Xor,
    Not,
}

/// [`Store::check_string_len`] against a limit read beforehand.
pub(crate) fn check_string_len_within(
    limit: u64,
    key: &[u8],
    len: usize,
) -> Result<(), StoreError> {
    if len > MAX_STRING {
        return Err(StoreError::TooLarge);
    }
    let weight = ENTRY_OVERHEAD + blob_cost(key.len()) + blob_cost(len);
    if weight > limit {
        return Err(StoreError::OutOfMemory);
    }
    Ok(())
}

impl Store {
    /// Refuses a string of `len` bytes at `key` before anything is
    /// allocated: past `proto-max-bulk-len` with Redis's error, past the
    /// largest entry the store holds with the OOM error (so `SETRANGE k
    /// 536870911 x` never makes the process allocate 512 MB first).
    /// Never call it inside a `modify` closure: `shard_capacity` takes a
    /// shard's lock, which the closure may already hold (read the limit
    /// first and use [`check_string_len_within`] there).
    pub(crate) fn check_string_len(
        &self,
        db: u8,
        key: &[u8],
        len: usize,
    ) -> Result<(), StoreError> {
        check_string_len_within(self.space(db).shard_capacity(), key, len)
    }

    /// `SETBIT`: the bit's old value. Grows the string with zero bytes;
    /// changes it in place when nothing else shares it.
    pub fn setbit(&self, db: u8, key: &[u8], offset: u64, on: bool) -> Result<u8, StoreError> {
        let byte = (offset >> 3) as usize;
        let mask = 0x80u8 >> (offset & 7);
        // Checked up front for the length this write may need: nothing is
        // allocated for a refused one.
        let old_len = match self.read(db, key) {
            Some(e) => string_of(Some(&e))?.map_or(0, |s| s.len()),
            None => 0,
        };
        if byte >= old_len {
            self.check_string_len(db, key, byte + 1)?;
        }
        self.modify(db, key, |current| {
            if let Some(entry) = current {
                if let Value::Str(s) = &mut entry.value
                    && byte < s.len()
                    && let Some(bytes) = Arc::get_mut(s)
                {
                    let old = u8::from(bytes[byte] & mask != 0);
                    if on {
                        bytes[byte] |= mask;
                    } else {
                        bytes[byte] &= !mask;
                    }
                    return Ok((Change::Updated, old));
                }
                let old_value = string_of(Some(&*entry))?;
                let mut bytes = old_value.map_or_else(Vec::new, |s| s.to_vec());
                if bytes.len() <= byte {
                    bytes.resize(byte + 1, 0);
                }
                let old = u8::from(bytes[byte] & mask != 0);
                if on {
                    bytes[byte] |= mask;
                } else {
                    bytes[byte] &= !mask;
                }
                let expires_at = entry.expires_at;
                return Ok((Change::Set(Entry::string(&bytes, expires_at)), old));
            }
            let mut bytes = vec![0u8; byte + 1];
            if on {
                bytes[byte] |= mask;
            }
            Ok((Change::Set(Entry::string(&bytes, None)), 0))
        })
    }

    /// `BITOP`: stores the result at `dest` (deleting it when empty); the
    /// result's length. Runs under the exclusive guard.
    pub fn bitop(
        &self,
        db: u8,
        op: BitOp,
        dest: &[u8],
        keys: &[&[u8]],
    ) -> Result<usize, StoreError> {
        let mut sources: Vec<Option<Blob>> = Vec::with_capacity(keys.len());
        for k in keys {
            sources.push(string_of(self.lookup(db, k).as_ref())?);
        }
        let len = sources
            .iter()
            .map(|s| s.as_ref().map_or(0, |s| s.len()))
            .max()
            .unwrap_or(0);
        if len == 0 {
            self.take(db, dest);
            return Ok(0);
        }
        self.check_string_len(db, dest, len)?;
        let byte =
            |s: &Option<Blob>, i: usize| s.as_ref().and_then(|s| s.get(i).copied()).unwrap_or(0);
        let out: Vec<u8> = (0..len)
            .map(|i| match op {
                BitOp::Not => !byte(&sources[0], i),
                BitOp::And => sources.iter().fold(0xff, |acc, s| acc & byte(s, i)),
                BitOp::Or => sources.iter().fold(0, |acc, s| acc | byte(s, i)),
                BitOp::Xor => sources.iter().fold(0, |acc, s| acc ^ byte(s, i)),
            })
            .collect();
        self.put(db, dest, Entry::string(&out, None))?;
        Ok(len)
    }
}
