//! Bitmaps: Redis's bit commands on string values (`SETBIT`, `BITOP`,
//! `BITFIELD`), and the size check every growing string write makes before
//! it allocates.

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

/// `BITFIELD`'s overflow behaviour for `SET` and `INCRBY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    Wrap,
    Sat,
    Fail,
}

/// What one `BITFIELD` operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldOp {
    Get,
    Set(i64),
    IncrBy(i64),
}

/// One `BITFIELD` operation on a `bits`-wide integer at bit `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BitField {
    pub op: FieldOp,
    pub signed: bool,
    /// 1..=64 signed, 1..=63 unsigned.
    pub bits: u32,
    pub offset: u64,
    pub overflow: Overflow,
}

fn get_unsigned(p: &[u8], mut offset: u64, bits: u32) -> u64 {
    let mut value = 0u64;
    for _ in 0..bits {
        let byte = p.get((offset >> 3) as usize).copied().unwrap_or(0);
        let bit = (byte >> (7 - (offset & 7))) & 1;
        value = (value << 1) | u64::from(bit);
        offset += 1;
    }
    value
}

fn get_signed(p: &[u8], offset: u64, bits: u32) -> i64 {
    let mut value = get_unsigned(p, offset, bits) as i64;
    if bits < 64 && value & (1i64 << (bits - 1)) != 0 {
        value |= -1i64 << bits;
    }
    value
}

fn set_unsigned(p: &mut [u8], mut offset: u64, bits: u32, value: u64) {
    for j in 0..bits {
        let on = (value >> (bits - 1 - j)) & 1 == 1;
        if let Some(byte) = p.get_mut((offset >> 3) as usize) {
            let mask = 0x80u8 >> (offset & 7);
            if on {
                *byte |= mask;
            } else {
                *byte &= !mask;
            }
        }
        offset += 1;
    }
}

/// redis-server's `checkUnsignedBitfieldOverflow`: whether `value + incr`
/// overflows `bits`, and the wrapped or saturated result.
fn unsigned_overflow(value: u64, incr: i64, bits: u32, ow: Overflow) -> Option<u64> {
    let max = if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let maxincr = max.wrapping_sub(value) as i64;
    let minincr = value.wrapping_neg() as i64;
    let wrap = || value.wrapping_add(incr as u64) & !(u64::MAX.checked_shl(bits).unwrap_or(0));
    if value > max || (incr > 0 && incr > maxincr) {
        Some(match ow {
            Overflow::Wrap => wrap(),
            _ => max,
        })
    } else if incr < 0 && incr < minincr {
        Some(match ow {
            Overflow::Wrap => wrap(),
            _ => 0,
        })
    } else {
        None
    }
}

/// redis-server's `checkSignedBitfieldOverflow`.
fn signed_overflow(value: i64, incr: i64, bits: u32, ow: Overflow) -> Option<i64> {
    let max = if bits == 64 {
        i64::MAX
    } else {
        (1i64 << (bits - 1)) - 1
    };
    let min = -max - 1;
    let maxincr = (max as u64).wrapping_sub(value as u64) as i64;
    let minincr = min.wrapping_sub(value);
    let wrap = || {
        let msb = 1u64 << (bits - 1);
        let mut c = (value as u64).wrapping_add(incr as u64);
        if bits < 64 {
            let mask = u64::MAX << bits;
            if c & msb != 0 {
                c |= mask;
            } else {
                c &= !mask;
            }
        }
        c as i64
    };
    if value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr) {
        Some(match ow {
            Overflow::Wrap => wrap(),
            _ => max,
        })
    } else if value < min
        || (bits != 64 && incr < minincr)
        || (value < 0 && incr < 0 && incr < minincr)
    {
        Some(match ow {
            Overflow::Wrap => wrap(),
            _ => min,
        })
    } else {
        None
    }
}

/// Runs `ops` on `p` (long enough for every write) as redis-server does:
/// each reply is the value read (GET), the old value (SET), the new value
/// (INCRBY), or `None` when `OVERFLOW FAIL` refused the write.
fn run_bitfield(p: &mut [u8], ops: &[BitField]) -> Vec<Option<i64>> {
    ops.iter()
        .map(|f| {
            let (signed, bits, offset) = (f.signed, f.bits, f.offset);
            if signed {
                let old = get_signed(p, offset, bits);
                let (new, ret, over) = match f.op {
                    FieldOp::Get => return Some(old),
                    FieldOp::IncrBy(n) => {
                        let over = signed_overflow(old, n, bits, f.overflow);
                        let new = over.unwrap_or_else(|| old.wrapping_add(n));
                        (new, new, over.is_some())
                    }
                    FieldOp::Set(n) => {
                        let over = signed_overflow(n, 0, bits, f.overflow);
                        (over.unwrap_or(n), old, over.is_some())
                    }
                };
                if over && f.overflow == Overflow::Fail {
                    return None;
                }
                set_unsigned(p, offset, bits, new as u64);
                Some(ret)
            } else {
                let old = get_unsigned(p, offset, bits);
                let (new, ret, over) = match f.op {
                    FieldOp::Get => return Some(old as i64),
                    FieldOp::IncrBy(n) => {
                        let over = unsigned_overflow(old, n, bits, f.overflow);
                        let new = over.unwrap_or_else(|| old.wrapping_add(n as u64));
                        (new, new, over.is_some())
                    }
                    FieldOp::Set(n) => {
                        let over = unsigned_overflow(n as u64, 0, bits, f.overflow);
                        (over.unwrap_or(n as u64), old, over.is_some())
                    }
                };
                if over && f.overflow == Overflow::Fail {
                    return None;
                }
                set_unsigned(p, offset, bits, new);
                Some(ret as i64)
            }
        })
        .collect()
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
        check_string_len_within(self.max_entry_weight_in(db), key, len)
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

    /// `BITFIELD` / `BITFIELD_RO`: one reply per operation (see
    /// `run_bitfield`). Only GETs: a read, the key is never created. With a
    /// write: the string is grown with zero bytes up to the farthest bit
    /// any write touches (created when missing, even if every write then
    /// fails its overflow check, as redis-server does), after the size
    /// check, so a huge offset is refused before anything is allocated.
    pub fn bitfield(
        &self,
        db: u8,
        key: &[u8],
        ops: &[BitField],
    ) -> Result<Vec<Option<i64>>, StoreError> {
        let highest = ops
            .iter()
            .filter(|f| f.op != FieldOp::Get)
            .map(|f| f.offset + u64::from(f.bits) - 1)
            .max();
        let Some(highest) = highest else {
            let s = self.get(db, key)?;
            let mut bytes: Vec<u8> = Vec::new();
            let mut out = Vec::with_capacity(ops.len());
            for f in ops {
                // At most 9 bytes from the field's first byte, as redis.
                let byte = (f.offset >> 3) as usize;
                bytes.clear();
                if let Some(s) = &s {
                    bytes.extend(s.iter().skip(byte).take(9));
                }
                out.extend(run_bitfield(
                    &mut bytes,
                    &[BitField {
                        offset: f.offset & 7,
                        ..*f
                    }],
                ));
            }
            return Ok(out);
        };
        let need = usize::try_from((highest >> 3) + 1).map_err(|_| StoreError::TooLarge)?;
        // Read before `modify` locks the key's shard (see `check_string_len`).
        let limit = self.max_entry_weight_in(db);
        self.modify(db, key, |current| {
            if let Some(entry) = current {
                if let Value::Str(s) = &mut entry.value
                    && need <= s.len()
                    && let Some(bytes) = Arc::get_mut(s)
                {
                    return Ok((Change::Updated, run_bitfield(bytes, ops)));
                }
                let old = string_of(Some(&*entry))?;
                let mut bytes = old.map_or_else(Vec::new, |s| s.to_vec());
                if bytes.len() < need {
                    check_string_len_within(limit, key, need)?;
                    bytes.resize(need, 0);
                }
                let out = run_bitfield(&mut bytes, ops);
                let expires_at = entry.expires_at;
                return Ok((Change::Set(Entry::string(&bytes, expires_at)), out));
            }
            check_string_len_within(limit, key, need)?;
            let mut bytes = vec![0u8; need];
            let out = run_bitfield(&mut bytes, ops);
            Ok((Change::Set(Entry::string(&bytes, None)), out))
        })
    }
}
