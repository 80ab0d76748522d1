//! List commands, blocking ones included (see `blocking.rs`).

use super::Ctx;
use super::blocking::{block, timeout};
use crate::cache::{End, list_range};
use crate::resp::parse::{CmdResult, SYNTAX, int, is, wrong_args};
use crate::resp::reply::Reply;
use bytes::Bytes;

fn end(arg: &[u8]) -> Result<End, Reply> {
    if is(arg, "left") {
        Ok(End::Left)
    } else if is(arg, "right") {
        Ok(End::Right)
    } else {
        Err(Reply::error(SYNTAX))
    }
}

fn key_reply(key: &[u8]) -> Reply {
    Reply::Bulk(Bytes::copy_from_slice(key))
}

/// redis-server's `getRangeLongFromObjectOrReply` with its own message for
/// a non-integer or out-of-range value.
fn long_in(arg: &[u8], min: i64, msg: &'static str) -> Result<i64, Reply> {
    match crate::cache::parse_i64(arg) {
        Some(n) if n >= min => Ok(n),
        _ => Err(Reply::error(msg)),
    }
}

fn push(ctx: &mut Ctx<'_>, args: &[&[u8]], end: End, only_existing: bool) -> CmdResult {
    let len = ctx
        .store
        .push(ctx.s.db, args[1], end, &args[2..], only_existing)?;
    Ok(Reply::Int(len as i64))
}

pub fn lpush(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    push(ctx, args, End::Left, false)
}
pub fn rpush(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    push(ctx, args, End::Right, false)
}
pub fn lpushx(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    push(ctx, args, End::Left, true)
}
pub fn rpushx(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    push(ctx, args, End::Right, true)
}

fn pop(ctx: &mut Ctx<'_>, args: &[&[u8]], end: End, name: &str) -> CmdResult {
    if args.len() > 3 {
        return Err(wrong_args(name));
    }
    let count = match args.get(2) {
        Some(c) => Some(long_in(c, 0, "ERR value is out of range, must be positive")? as usize),
        None => None,
    };
    let popped = ctx.store.pop(ctx.s.db, args[1], end, count.unwrap_or(1))?;
    Ok(match (popped, count) {
        (None, None) => Reply::Nil,
        (None, Some(_)) => Reply::NilArray,
        (Some(mut v), None) => Reply::opt_blob(v.pop()),
        (Some(v), Some(_)) => Reply::Array(v.into_iter().map(Reply::Blob).collect()),
    })
}

pub fn lpop(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    pop(ctx, args, End::Left, "lpop")
}
pub fn rpop(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    pop(ctx, args, End::Right, "rpop")
}

pub fn llen(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let l = ctx.store.list(ctx.s.db, args[1])?;
    Ok(Reply::Int(l.map_or(0, |l| l.len() as i64)))
}

pub fn lrange(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let (start, stop) = (int(args[2])?, int(args[3])?);
    let Some(l) = ctx.store.list(ctx.s.db, args[1])? else {
        return Ok(Reply::Array(Vec::new()));
    };
    let Some((from, to)) = list_range(start, stop, l.len()) else {
        return Ok(Reply::Array(Vec::new()));
    };
    Ok(Reply::Array(
        l.iter()
            .skip(from)
            .take(to - from + 1)
            .map(|i| Reply::Blob(i.clone()))
            .collect(),
    ))
}

pub fn lindex(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let index = int(args[2])?;
    let Some(l) = ctx.store.list(ctx.s.db, args[1])? else {
        return Ok(Reply::Nil);
    };
    let len = l.len() as i64;
    let i = if index < 0 { index + len } else { index };
    if !(0..len).contains(&i) {
        return Ok(Reply::Nil);
    }
    Ok(Reply::opt_blob(l.get(i as usize).cloned()))
}

pub fn lset(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    // redis-server looks the key up before it parses the index.
    let db = ctx.s.db;
    if !ctx.store.is_list(db, args[1])? {
        return Err(Reply::error("ERR no such key"));
    }
    let index = int(args[2])?;
    ctx.store.lset(db, args[1], index, args[3])?;
    Ok(Reply::Ok)
}

pub fn lrem(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let count = int(args[2])?;
    Ok(Reply::Int(
        ctx.store.lrem(ctx.s.db, args[1], count, args[3])? as i64,
    ))
}

pub fn ltrim(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let (start, stop) = (int(args[2])?, int(args[3])?);
    ctx.store.ltrim(ctx.s.db, args[1], start, stop)?;
    Ok(Reply::Ok)
}

pub fn linsert(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let before = if is(args[2], "before") {
        true
    } else if is(args[2], "after") {
        false
    } else {
        return Err(Reply::error(SYNTAX));
    };
    Ok(Reply::Int(
        ctx.store
            .linsert(ctx.s.db, args[1], before, args[3], args[4])?,
    ))
}

pub fn lpos(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let mut rank: i64 = 1;
    let mut count: Option<i64> = None;
    let mut maxlen: i64 = 0;
    let mut j = 3;
    while j < args.len() {
        let more = j + 1 < args.len();
        let opt = args[j];
        if is(opt, "rank") && more {
            j += 1;
            rank = int(args[j])?;
            if rank == 0 {
                return Err(Reply::error(
                    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
                ));
            }
        } else if is(opt, "count") && more {
            j += 1;
            count = Some(long_in(args[j], 0, "ERR COUNT can't be negative")?);
        } else if is(opt, "maxlen") && more {
            j += 1;
            maxlen = long_in(args[j], 0, "ERR MAXLEN can't be negative")?;
        } else {
            return Err(Reply::error(SYNTAX));
        }
        j += 1;
    }
    let Some(l) = ctx.store.list(ctx.s.db, args[1])? else {
        return Ok(if count.is_some() {
            Reply::Array(Vec::new())
        } else {
            Reply::Nil
        });
    };
    let element = args[2];
    let len = l.len();
    let want = match count {
        Some(0) => usize::MAX,
        Some(n) => n as usize,
        None => 1,
    };
    let scan = if maxlen == 0 {
        len
    } else {
        (maxlen as usize).min(len)
    };
    // redis-server 7.0 negates the rank in a C long: LONG_MIN stays
    // negative and then matches from the first hit (from the tail).
    let mut skip = if rank == i64::MIN {
        0
    } else {
        rank.unsigned_abs() - 1
    };
    let mut found = Vec::new();
    let positions: Box<dyn Iterator<Item = usize>> = if rank > 0 {
        Box::new(0..scan)
    } else {
        Box::new((len - scan..len).rev())
    };
    for i in positions {
        if found.len() >= want {
            break;
        }
        if l.get(i).is_some_and(|item| &item[..] == element) {
            if skip > 0 {
                skip -= 1;
            } else {
                found.push(i);
            }
        }
    }
    Ok(match count {
        Some(_) => Reply::Array(found.into_iter().map(|i| Reply::Int(i as i64)).collect()),
        None => found.first().map_or(Reply::Nil, |&i| Reply::Int(i as i64)),
    })
}

pub fn lmove(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let (from, to) = (end(args[3])?, end(args[4])?);
    let moved = ctx.store.lmove(ctx.s.db, args[1], args[2], from, to)?;
    Ok(Reply::opt_blob(moved))
}

pub fn rpoplpush(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let moved = ctx
        .store
        .lmove(ctx.s.db, args[1], args[2], End::Right, End::Left)?;
    Ok(Reply::opt_blob(moved))
}

/// `LMPOP`/`BLMPOP` arguments after the timeout: keys, end, count.
struct Mpop<'a> {
    keys: &'a [&'a [u8]],
    end: End,
    count: usize,
}

fn mpop_args<'a>(args: &'a [&'a [u8]], numkeys_at: usize) -> Result<Mpop<'a>, Reply> {
    let numkeys = long_in(args[numkeys_at], 1, "ERR numkeys should be greater than 0")?;
    let where_at = (numkeys_at as u64)
        .saturating_add(numkeys as u64)
        .saturating_add(1);
    if where_at >= args.len() as u64 {
        return Err(Reply::error(SYNTAX));
    }
    let where_at = where_at as usize;
    let end = end(args[where_at])?;
    let mut count = None;
    let mut j = where_at + 1;
    while j < args.len() {
        if count.is_none() && is(args[j], "count") && j + 1 < args.len() {
            j += 1;
            count = Some(long_in(args[j], 1, "ERR count should be greater than 0")? as usize);
        } else {
            return Err(Reply::error(SYNTAX));
        }
        j += 1;
    }
    Ok(Mpop {
        keys: &args[numkeys_at + 1..where_at],
        end,
        count: count.unwrap_or(1),
    })
}

/// Pops from the first non-empty list of `keys`: `[key, [elements]]`.
fn mpop(ctx: &mut Ctx<'_>, m: &Mpop<'_>) -> Result<Option<Reply>, Reply> {
    for key in m.keys {
        if let Some(items) = ctx.store.pop(ctx.s.db, key, m.end, m.count)?
            && !items.is_empty()
        {
            return Ok(Some(Reply::Array(vec![
                key_reply(key),
                Reply::Array(items.into_iter().map(Reply::Blob).collect()),
            ])));
        }
    }
    Ok(None)
}

pub fn lmpop(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let m = mpop_args(args, 1)?;
    Ok(mpop(ctx, &m)?.unwrap_or(Reply::NilArray))
}

pub fn blmpop(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let m = mpop_args(args, 2)?;
    let t = timeout(args[1])?;
    match mpop(ctx, &m)? {
        Some(reply) => Ok(reply),
        None => block(ctx, m.keys, t, Reply::NilArray),
    }
}

fn bpop(ctx: &mut Ctx<'_>, args: &[&[u8]], end: End) -> CmdResult {
    let t = timeout(args[args.len() - 1])?;
    let keys = &args[1..args.len() - 1];
    for key in keys {
        if let Some(mut items) = ctx.store.pop(ctx.s.db, key, end, 1)?
            && let Some(item) = items.pop()
        {
            return Ok(Reply::Array(vec![key_reply(key), Reply::Blob(item)]));
        }
    }
    block(ctx, keys, t, Reply::NilArray)
}

pub fn blpop(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    bpop(ctx, args, End::Left)
}
pub fn brpop(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    bpop(ctx, args, End::Right)
}

fn bmove(ctx: &mut Ctx<'_>, args: &[&[u8]], from: End, to: End, t: &[u8]) -> CmdResult {
    let t = timeout(t)?;
    match ctx.store.lmove(ctx.s.db, args[1], args[2], from, to)? {
        Some(item) => Ok(Reply::Blob(item)),
        None => block(ctx, &[args[1]], t, Reply::Nil),
    }
}

pub fn blmove(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let (from, to) = (end(args[3])?, end(args[4])?);
    bmove(ctx, args, from, to, args[5])
}

pub fn brpoplpush(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    bmove(ctx, args, End::Right, End::Left, args[3])
}
