//! Bit commands on string values, with redis-server 7.0's parsing order
//! and error texts.

use super::Ctx;
use crate::cache::BitOp;
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
