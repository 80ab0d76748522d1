//! String commands.

use super::Ctx;
use crate::cache::{SetCondition, SetExpiry, SetOptions, Store, clamp_range};
use crate::resp::parse::{Args, CmdResult, SYNTAX, float, int, is, wrong_args};
use crate::resp::reply::Reply;
use bytes::Bytes;

pub fn get(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::opt_blob(ctx.store.get(ctx.s.db, args[1])?))
}

/// Converts a relative or absolute expiry argument to absolute Unix ms, or
/// Redis's "invalid expire time" error for `cmd`.
fn deadline(
    store: &Store,
    value: &[u8],
    unit_ms: i64,
    absolute: bool,
    cmd: &str,
) -> Result<u64, Reply> {
    let n = int(value)?;
    let invalid = || Reply::error(format!("ERR invalid expire time in '{cmd}' command"));
    if n <= 0 {
        return Err(invalid());
    }
    let ms = n.checked_mul(unit_ms).ok_or_else(invalid)?;
    if absolute {
        Ok(ms as u64)
    } else {
        (store.now_ms() as i64)
            .checked_add(ms)
            .map(|t| t as u64)
            .ok_or_else(invalid)
    }
}

pub fn set(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let mut opts = SetOptions::default();
    let mut expiry_given = false;
    let mut a = Args::new(args, 3);
    while let Some(word) = a.next() {
        let (unit, absolute) = if is(word, "nx") || is(word, "xx") {
            if opts.condition != SetCondition::Always {
                return Err(Reply::error(SYNTAX));
            }
            opts.condition = if is(word, "nx") {
                SetCondition::IfAbsent
            } else {
                SetCondition::IfPresent
            };
            continue;
        } else if is(word, "get") {
            opts.get = true;
            continue;
        } else if is(word, "keepttl") {
            if expiry_given {
                return Err(Reply::error(SYNTAX));
            }
            expiry_given = true;
            opts.expiry = SetExpiry::Keep;
            continue;
        } else if is(word, "ex") {
            (1000, false)
        } else if is(word, "px") {
            (1, false)
        } else if is(word, "exat") {
            (1000, true)
        } else if is(word, "pxat") {
            (1, true)
        } else {
            return Err(Reply::error(SYNTAX));
        };
        if expiry_given {
            return Err(Reply::error(SYNTAX));
        }
        expiry_given = true;
        let value = a.value()?;
        opts.expiry = SetExpiry::At(deadline(ctx.store, value, unit, absolute, "set")?);
    }
    let (written, old) = ctx.store.set_with(ctx.s.db, args[1], args[2], opts)?;
    Ok(if opts.get {
        Reply::opt_blob(old)
    } else if written {
        Reply::Ok
    } else {
        Reply::Nil
    })
}

pub fn setnx(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let opts = SetOptions {
        condition: SetCondition::IfAbsent,
        ..SetOptions::default()
    };
    let (written, _) = ctx.store.set_with(ctx.s.db, args[1], args[2], opts)?;
    Ok(Reply::Int(i64::from(written)))
}

fn set_expiring(ctx: &mut Ctx<'_>, args: &[&[u8]], unit: i64, cmd: &str) -> CmdResult {
    let at = deadline(ctx.store, args[2], unit, false, cmd)?;
    let opts = SetOptions {
        expiry: SetExpiry::At(at),
        ..SetOptions::default()
    };
    ctx.store.set_with(ctx.s.db, args[1], args[3], opts)?;
    Ok(Reply::Ok)
}

pub fn setex(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    set_expiring(ctx, args, 1000, "setex")
}

pub fn psetex(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    set_expiring(ctx, args, 1, "psetex")
}

pub fn mget(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let db = ctx.s.db;
    Ok(Reply::Array(
        args[1..]
            .iter()
            // A key of another type reads as nil here, as in Redis.
            .map(|k| Reply::opt_blob(ctx.store.get(db, k).ok().flatten()))
            .collect(),
    ))
}

fn pairs<'a>(
    args: &'a [&'a [u8]],
    cmd: &str,
) -> Result<std::slice::ChunksExact<'a, &'a [u8]>, Reply> {
    if args.len() % 2 != 1 {
        return Err(wrong_args(cmd));
    }
    Ok(args[1..].chunks_exact(2))
}

pub fn mset(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    for kv in pairs(args, "mset")? {
        ctx.store
            .set_with(ctx.s.db, kv[0], kv[1], SetOptions::default())?;
    }
    Ok(Reply::Ok)
}

pub fn msetnx(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let kvs = pairs(args, "msetnx")?;
    // Runs under the exclusive guard, so check-then-set is atomic.
    if kvs.clone().any(|kv| ctx.store.exists(ctx.s.db, kv[0])) {
        return Ok(Reply::Int(0));
    }
    for kv in kvs {
        ctx.store
            .set_with(ctx.s.db, kv[0], kv[1], SetOptions::default())?;
    }
    Ok(Reply::Int(1))
}

pub fn getset(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let opts = SetOptions {
        get: true,
        ..SetOptions::default()
    };
    let (_, old) = ctx.store.set_with(ctx.s.db, args[1], args[2], opts)?;
    Ok(Reply::opt_blob(old))
}

pub fn getdel(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::opt_blob(ctx.store.get_del(ctx.s.db, args[1])?))
}

pub fn getex(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let mut expiry = SetExpiry::Keep;
    let mut a = Args::new(args, 2);
    let mut given = false;
    while let Some(word) = a.next() {
        if given {
            return Err(Reply::error(SYNTAX));
        }
        given = true;
        let (unit, absolute) = if is(word, "persist") {
            expiry = SetExpiry::Persist;
            continue;
        } else if is(word, "ex") {
            (1000, false)
        } else if is(word, "px") {
            (1, false)
        } else if is(word, "exat") {
            (1000, true)
        } else if is(word, "pxat") {
            (1, true)
        } else {
            return Err(Reply::error(SYNTAX));
        };
        let value = a.value()?;
        expiry = SetExpiry::At(deadline(ctx.store, value, unit, absolute, "getex")?);
    }
    Ok(Reply::opt_blob(
        ctx.store.get_ex(ctx.s.db, args[1], expiry)?,
    ))
}

pub fn append(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::Int(
        ctx.store.append(ctx.s.db, args[1], args[2])? as i64
    ))
}

pub fn strlen(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::Int(ctx.store.strlen(ctx.s.db, args[1])? as i64))
}

pub fn getrange(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let (start, end) = (int(args[2])?, int(args[3])?);
    let value = ctx.store.get(ctx.s.db, args[1])?;
    let Some(value) = value else {
        return Ok(Reply::bulk(Bytes::new()));
    };
    // Both ends negative and reversed: empty, as in Redis.
    if start < 0 && end < 0 && start > end {
        return Ok(Reply::bulk(Bytes::new()));
    }
    Ok(match clamp_range(start, end, value.len()) {
        Some((s, e)) => Reply::Bulk(Bytes::copy_from_slice(&value[s..=e])),
        None => Reply::bulk(Bytes::new()),
    })
}

pub fn setrange(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let offset = int(args[2])?;
    if offset < 0 {
        return Err(Reply::error("ERR offset is out of range"));
    }
    let len = ctx
        .store
        .set_range(ctx.s.db, args[1], offset as usize, args[3])?;
    Ok(Reply::Int(len as i64))
}

fn incr_by(ctx: &mut Ctx<'_>, key: &[u8], delta: i64) -> CmdResult {
    Ok(Reply::Int(ctx.store.incr_by(ctx.s.db, key, delta)?))
}

pub fn incr(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    incr_by(ctx, args[1], 1)
}

pub fn decr(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    incr_by(ctx, args[1], -1)
}

pub fn incrby(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let delta = int(args[2])?;
    incr_by(ctx, args[1], delta)
}

pub fn decrby(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let delta = int(args[2])?;
    let delta = delta
        .checked_neg()
        .ok_or(Reply::error("ERR decrement would overflow"))?;
    incr_by(ctx, args[1], delta)
}

pub fn incrbyfloat(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let delta = float(args[2])?;
    Ok(Reply::Blob(
        ctx.store.incr_by_float(ctx.s.db, args[1], delta)?,
    ))
}
