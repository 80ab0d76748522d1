//! Bit commands on string values, with redis-server 7.0's parsing order
//! and error texts.

use super::Ctx;
use crate::cache::{BitField, BitOp, FieldOp, Overflow};
use crate::resp::parse::{CmdResult, SYNTAX, int, is};
use crate::resp::reply::Reply;

const BAD_OFFSET: &str = "ERR bit offset is not an integer or out of range";

/// A bit offset: `0 ..= 2^32 - 1` (512 MB of bits), as Redis.
fn bit_offset(arg: &[u8]) -> Result<u64, Reply> {
    match crate::cache::parse_i64(arg) {
        Some(n) if (0..(512i64 << 23)).contains(&n) => Ok(n as u64),
        _ => Err(Reply::error(BAD_OFFSET)),
    }
}

const BAD_TYPE: &str = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

/// `i1`..`i64`, `u1`..`u63` (lower-case prefix only, as redis-server
/// 7.0): (signed, bits).
fn field_type(arg: &[u8]) -> Result<(bool, u32), Reply> {
    let signed = match arg.first() {
        Some(b'i') => true,
        Some(b'u') => false,
        _ => return Err(Reply::error(BAD_TYPE)),
    };
    let max = if signed { 64 } else { 63 };
    match crate::cache::parse_i64(&arg[1..]) {
        Some(n) if (1..=max).contains(&n) => Ok((signed, n as u32)),
        _ => Err(Reply::error(BAD_TYPE)),
    }
}

/// A field offset in bits: `n`, or `#n` for `n` times the field's width;
/// below 2^32 (the 512 MB `proto-max-bulk-len`) as redis-server checks it.
fn field_offset(arg: &[u8], bits: u32) -> Result<u64, Reply> {
    let (hash, digits) = match arg.split_first() {
        Some((b'#', rest)) => (true, rest),
        _ => (false, arg),
    };
    let n = crate::cache::parse_i64(digits).ok_or_else(|| Reply::error(BAD_OFFSET))?;
    let n = if hash {
        n.wrapping_mul(i64::from(bits))
    } else {
        n
    };
    if n < 0 || (n >> 3) >= 512 << 20 {
        return Err(Reply::error(BAD_OFFSET));
    }
    Ok(n as u64)
}

/// `BITFIELD key [GET t o] [SET t o v] [INCRBY t o n] [OVERFLOW WRAP|SAT|FAIL] ...`
/// parsed in redis-server 7.0's order: every operation is checked before
/// the key is looked at; `BITFIELD_RO` refuses writes after parsing.
fn bitfield_generic(ctx: &mut Ctx<'_>, args: &[&[u8]], readonly: bool) -> CmdResult {
    let mut ops = Vec::new();
    let mut overflow = Overflow::Wrap;
    let mut j = 2;
    while j < args.len() {
        let rem = args.len() - j - 1;
        let sub = args[j];
        let op = if is(sub, "get") && rem >= 2 {
            FieldOp::Get
        } else if is(sub, "set") && rem >= 3 {
            FieldOp::Set(0)
        } else if is(sub, "incrby") && rem >= 3 {
            FieldOp::IncrBy(0)
        } else if is(sub, "overflow") && rem >= 1 {
            let kind = args[j + 1];
            overflow = if is(kind, "wrap") {
                Overflow::Wrap
            } else if is(kind, "sat") {
                Overflow::Sat
            } else if is(kind, "fail") {
                Overflow::Fail
            } else {
                return Err(Reply::error("ERR Invalid OVERFLOW type specified"));
            };
            j += 2;
            continue;
        } else {
            return Err(Reply::error(SYNTAX));
        };
        let (signed, bits) = field_type(args[j + 1])?;
        let offset = field_offset(args[j + 2], bits)?;
        let op = match op {
            FieldOp::Get => op,
            FieldOp::Set(_) => FieldOp::Set(int(args[j + 3])?),
            FieldOp::IncrBy(_) => FieldOp::IncrBy(int(args[j + 3])?),
        };
        ops.push(BitField {
            op,
            signed,
            bits,
            offset,
            overflow,
        });
        j += if op == FieldOp::Get { 3 } else { 4 };
    }
    if readonly && ops.iter().any(|f| f.op != FieldOp::Get) {
        return Err(Reply::error(
            "ERR BITFIELD_RO only supports the GET subcommand",
        ));
    }
    let out = ctx.store.bitfield(ctx.s.db, args[1], &ops)?;
    Ok(Reply::Array(
        out.into_iter()
            .map(|v| v.map_or(Reply::Nil, Reply::Int))
            .collect(),
    ))
}

pub fn bitfield(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    bitfield_generic(ctx, args, false)
}

pub fn bitfield_ro(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    bitfield_generic(ctx, args, true)
}

pub fn setbit(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let offset = bit_offset(args[2])?;
    let on = match args[3] {
        b"0" => false,
        b"1" => true,
        _ => return Err(Reply::error("ERR bit is not an integer or out of range")),
    };
    let old = ctx.store.setbit(ctx.s.db, args[1], offset, on)?;
    Ok(Reply::Int(i64::from(old)))
}

pub fn getbit(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let offset = bit_offset(args[2])?;
    let s = ctx.store.get(ctx.s.db, args[1])?;
    let byte = (offset >> 3) as usize;
    let bit = s
        .and_then(|s| s.get(byte).copied())
        .map_or(0, |b| i64::from(b & (0x80 >> (offset & 7)) != 0));
    Ok(Reply::Int(bit))
}

/// Redis's start/end arithmetic for BITCOUNT/BITPOS on `total` units.
fn clamp(start: i64, end: i64, total: i64) -> (i64, i64) {
    let start = if start < 0 { total + start } else { start }.max(0);
    let end = if end < 0 { total + end } else { end }.max(0);
    (start, end.min(total - 1))
}

fn bit_at(bytes: &[u8], i: i64) -> bool {
    bytes
        .get((i >> 3) as usize)
        .is_some_and(|b| b & (0x80 >> (i & 7)) != 0)
}

pub fn bitcount(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let Some(s) = ctx.store.get(ctx.s.db, args[1])? else {
        return Ok(Reply::Int(0));
    };
    let len = s.len() as i64;
    let (start, end, isbit) = match args.len() {
        2 => (0, len - 1, false),
        4 | 5 => {
            let start = int(args[2])?;
            let end = int(args[3])?;
            if start < 0 && end < 0 && start > end {
                return Ok(Reply::Int(0));
            }
            let isbit = match args.get(4) {
                None => false,
                Some(a) if is(a, "bit") => true,
                Some(a) if is(a, "byte") => false,
                Some(_) => return Err(Reply::error(SYNTAX)),
            };
            let total = if isbit { len * 8 } else { len };
            let (a, b) = clamp(start, end, total);
            (a, b, isbit)
        }
        _ => return Err(Reply::error(SYNTAX)),
    };
    if start > end {
        return Ok(Reply::Int(0));
    }
    let n: u64 = if isbit {
        (start..=end).filter(|&i| bit_at(&s, i)).count() as u64
    } else {
        s[start as usize..=end as usize]
            .iter()
            .map(|b| u64::from(b.count_ones()))
            .sum()
    };
    Ok(Reply::Int(n as i64))
}

pub fn bitpos(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let bit = int(args[2])?;
    if bit != 0 && bit != 1 {
        return Err(Reply::error("ERR The bit argument must be 1 or 0."));
    }
    let want = bit == 1;
    let Some(s) = ctx.store.get(ctx.s.db, args[1])? else {
        return Ok(Reply::Int(if want { -1 } else { 0 }));
    };
    let len = s.len() as i64;
    let mut end_given = false;
    // The searched range, in bits.
    let (first, last) = match args.len() {
        3 => (0, len * 8 - 1),
        4..=6 => {
            let start = int(args[3])?;
            let isbit = match args.get(5) {
                None => false,
                Some(a) if is(a, "bit") => true,
                Some(a) if is(a, "byte") => false,
                Some(_) => return Err(Reply::error(SYNTAX)),
            };
            let total = if isbit { len * 8 } else { len };
            let end = match args.get(4) {
                Some(e) => {
                    end_given = true;
                    int(e)?
                }
                None => total - 1,
            };
            let (a, b) = clamp(start, end, total);
            if a > b {
                return Ok(Reply::Int(-1));
            }
            if isbit { (a, b) } else { (a * 8, b * 8 + 7) }
        }
        _ => return Err(Reply::error(SYNTAX)),
    };
    if first > last {
        return Ok(Reply::Int(-1));
    }
    let found = if first % 8 == 0 && last % 8 == 7 {
        // Whole bytes: skip the ones that cannot hold the bit.
        let skip = if want { 0x00 } else { 0xff };
        let from = (first / 8) as usize;
        let to = (last / 8) as usize;
        s[from..=to].iter().position(|&b| b != skip).map(|i| {
            let b = s[from + i];
            let bit = if want {
                b.leading_zeros()
            } else {
                b.leading_ones()
            };
            (from + i) as i64 * 8 + i64::from(bit)
        })
    } else {
        (first..=last).find(|&i| bit_at(&s, i) == want)
    };
    Ok(Reply::Int(match found {
        Some(p) => p,
        None if want || end_given => -1,
        None => last + 1,
    }))
}

pub fn bitop(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let op = if is(args[1], "and") {
        BitOp::And
    } else if is(args[1], "or") {
        BitOp::Or
    } else if is(args[1], "xor") {
        BitOp::Xor
    } else if is(args[1], "not") {
        BitOp::Not
    } else {
        return Err(Reply::error(SYNTAX));
    };
    if op == BitOp::Not && args.len() != 4 {
        return Err(Reply::error(
            "ERR BITOP NOT must be called with a single source key.",
        ));
    }
    let n = ctx.store.bitop(ctx.s.db, op, args[2], &args[3..])?;
    Ok(Reply::Int(n as i64))
}

/// `LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]`, as
/// redis-server 7.0 computes it (its dynamic-programming table, and the
/// ranges it emits while walking back through it). The table's size is
/// checked against the memory budget before it is allocated.
pub fn lcs(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let string = |key: &[u8]| match ctx.store.get(ctx.s.db, key) {
        Ok(v) => Ok(v.map_or_else(Vec::new, |b| b.to_vec())),
        Err(_) => Err(Reply::error(
            "ERR The specified keys must contain string values",
        )),
    };
    let (a, b) = (string(args[1]), string(args[2]));
    let (a, b) = (a?, b?);
    let (mut getidx, mut getlen, mut withmatchlen, mut minmatchlen) = (false, false, false, 0i64);
    let mut j = 3;
    while j < args.len() {
        let opt = args[j];
        if is(opt, "idx") {
            getidx = true;
        } else if is(opt, "len") {
            getlen = true;
        } else if is(opt, "withmatchlen") {
            withmatchlen = true;
        } else if is(opt, "minmatchlen") && j + 1 < args.len() {
            minmatchlen = int(args[j + 1])?.max(0);
            j += 1;
        } else {
            return Err(Reply::error(SYNTAX));
        }
        j += 1;
    }
    if getidx && getlen {
        return Err(Reply::error(
            "ERR If you want both the length and indexes, please just use IDX.",
        ));
    }
    let (alen, blen) = (a.len(), b.len());
    let cells = (alen as u64 + 1).saturating_mul(blen as u64 + 1);
    if cells.saturating_mul(4) > ctx.store.max_memory() {
        return Err(Reply::error(
            "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
        ));
    }
    let w = blen + 1;
    let mut dp = vec![0u32; cells as usize];
    for i in 1..=alen {
        for k in 1..=blen {
            dp[k + i * w] = if a[i - 1] == b[k - 1] {
                dp[(k - 1) + (i - 1) * w] + 1
            } else {
                dp[k + (i - 1) * w].max(dp[(k - 1) + i * w])
            };
        }
    }
    let total = dp[blen + alen * w];
    let computelcs = getidx || !getlen;
    let mut result = vec![0u8; total as usize];
    let mut idx = total as usize;
    let mut ranges = Vec::new();
    let (mut arange_start, mut arange_end, mut brange_start, mut brange_end) = (alen, 0, 0, 0);
    let (mut i, mut k) = (alen, blen);
    while computelcs && i > 0 && k > 0 {
        let mut emit = false;
        if a[i - 1] == b[k - 1] {
            result[idx - 1] = a[i - 1];
            if arange_start == alen {
                arange_start = i - 1;
                arange_end = i - 1;
                brange_start = k - 1;
                brange_end = k - 1;
            } else if arange_start == i && brange_start == k {
                arange_start -= 1;
                brange_start -= 1;
            } else {
                emit = true;
            }
            if arange_start == 0 || brange_start == 0 {
                emit = true;
            }
            idx -= 1;
            i -= 1;
            k -= 1;
        } else {
            if dp[k + (i - 1) * w] > dp[(k - 1) + i * w] {
                i -= 1;
            } else {
                k -= 1;
            }
            if arange_start != alen {
                emit = true;
            }
        }
        let match_len = (arange_end + 1).saturating_sub(arange_start) as i64;
        if emit {
            if getidx && (minmatchlen == 0 || match_len >= minmatchlen) {
                let mut item = vec![
                    Reply::Array(vec![
                        Reply::Int(arange_start as i64),
                        Reply::Int(arange_end as i64),
                    ]),
                    Reply::Array(vec![
                        Reply::Int(brange_start as i64),
                        Reply::Int(brange_end as i64),
                    ]),
                ];
                if withmatchlen {
                    item.push(Reply::Int(match_len));
                }
                ranges.push(Reply::Array(item));
            }
            arange_start = alen;
        }
    }
    Ok(if getidx {
        Reply::Map(vec![
            (Reply::bulk_str("matches"), Reply::Array(ranges)),
            (Reply::bulk_str("len"), Reply::Int(i64::from(total))),
        ])
    } else if getlen {
        Reply::Int(i64::from(total))
    } else {
        Reply::bulk(result)
    })
}
