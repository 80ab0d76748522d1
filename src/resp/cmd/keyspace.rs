//! Keyspace commands.

use super::{Ctx, ScanState};
use crate::cache::{DATABASES, ExpireCondition, ScanFilter};
use crate::resp::parse::{Args, CmdResult, SYNTAX, int, is, text};
use crate::resp::reply::Reply;

pub fn del(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let db = ctx.s.db;
    let n = args[1..].iter().filter(|k| ctx.store.delete(db, k)).count();
    Ok(Reply::Int(n as i64))
}

pub fn exists(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let db = ctx.s.db;
    let n = args[1..].iter().filter(|k| ctx.store.exists(db, k)).count();
    Ok(Reply::Int(n as i64))
}

pub fn touch(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    exists(ctx, args)
}

pub fn type_of(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::simple(ctx.store.key_type(ctx.s.db, args[1])))
}

pub fn keys(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let filter = ScanFilter {
        pattern: Some(args[1].to_vec()),
        type_name: None,
    };
    let keys = ctx.store.keys(ctx.s.db, &filter);
    Ok(Reply::Array(keys.into_iter().map(Reply::Blob).collect()))
}

/// `SCAN`. Cursor 0 takes a list of the database's key names (shared, not
/// copied) kept by this connection; later cursors walk it, skipping keys
/// deleted since and applying `MATCH`/`TYPE` to the current data. That
/// gives Redis's guarantee — every key present for the whole iteration is
/// returned — with cursors that are opaque numbers, as in Redis.
pub fn scan(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let cursor: u64 = text(args[1])
        .parse()
        .map_err(|_| Reply::error("ERR invalid cursor"))?;
    let mut filter = ScanFilter::default();
    let mut count = 10usize;
    let mut a = Args::new(args, 2);
    while let Some(word) = a.next() {
        if is(word, "match") {
            filter.pattern = Some(a.value()?.to_vec());
        } else if is(word, "count") {
            let n = a.int()?;
            if n < 1 {
                return Err(Reply::error(SYNTAX));
            }
            count = n.min(1 << 20) as usize;
        } else if is(word, "type") {
            filter.type_name = Some(text(a.value()?));
        } else {
            return Err(Reply::error(SYNTAX));
        }
    }
    let db = ctx.s.db;
    let (id, mut pos) = (cursor >> 32, (cursor & 0xffff_ffff) as usize);
    if cursor == 0 {
        let keys = ctx.store.keys(db, &ScanFilter::default());
        let id = u64::from(rand::random_range(1..u32::MAX));
        ctx.s.scan = Some(ScanState { id, db, keys });
        pos = 0;
    }
    let Some(state) = ctx
        .s
        .scan
        .as_ref()
        .filter(|st| cursor == 0 || (st.id == id && st.db == db))
    else {
        // A cursor from another connection or a finished scan: done.
        return Ok(Reply::Array(vec![
            Reply::bulk_str("0"),
            Reply::Array(vec![]),
        ]));
    };
    let mut out = Vec::new();
    let end = (pos + count).min(state.keys.len());
    for key in &state.keys[pos.min(end)..end] {
        let kind = ctx.store.key_type(db, key);
        if kind == "none" {
            continue;
        }
        let type_ok = filter
            .type_name
            .as_ref()
            .is_none_or(|t| t.eq_ignore_ascii_case(kind));
        let name_ok = filter
            .pattern
            .as_ref()
            .is_none_or(|p| crate::cache::glob::glob_match(p, key));
        if type_ok && name_ok {
            out.push(Reply::Blob(key.clone()));
        }
    }
    let next = if end >= state.keys.len() {
        0
    } else {
        (state.id << 32) | end as u64
    };
    if next == 0 {
        ctx.s.scan = None;
    }
    Ok(Reply::Array(vec![
        Reply::bulk_str(&next.to_string()),
        Reply::Array(out),
    ]))
}

pub fn randomkey(ctx: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    Ok(Reply::opt_blob(ctx.store.random_key(ctx.s.db)))
}

pub fn rename(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    ctx.store.rename(ctx.s.db, args[1], args[2], false)?;
    Ok(Reply::Ok)
}

pub fn renamenx(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let done = ctx.store.rename(ctx.s.db, args[1], args[2], true)?;
    Ok(Reply::Int(i64::from(done)))
}

pub fn copy(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let mut to_db = ctx.s.db;
    let mut replace = false;
    let mut a = Args::new(args, 3);
    while let Some(word) = a.next() {
        if is(word, "replace") {
            replace = true;
        } else if is(word, "db") {
            let n = a.int()?;
            if !(0..i64::from(DATABASES)).contains(&n) {
                return Err(Reply::error("ERR DB index is out of range"));
            }
            to_db = n as u8;
        } else {
            return Err(Reply::error(SYNTAX));
        }
    }
    if to_db == ctx.s.db && args[1] == args[2] {
        return Err(Reply::error(
            "ERR source and destination objects are the same",
        ));
    }
    let done = ctx.store.copy(ctx.s.db, args[1], to_db, args[2], replace)?;
    Ok(Reply::Int(i64::from(done)))
}

fn expire_generic(
    ctx: &mut Ctx<'_>,
    args: &[&[u8]],
    unit_ms: i64,
    absolute: bool,
    cmd: &str,
) -> CmdResult {
    let n = int(args[2])?;
    let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
    for opt in &args[3..] {
        if is(opt, "nx") {
            nx = true;
        } else if is(opt, "xx") {
            xx = true;
        } else if is(opt, "gt") {
            gt = true;
        } else if is(opt, "lt") {
            lt = true;
        } else {
            return Err(Reply::error(format!(
                "ERR Unsupported option {}",
                text(opt)
            )));
        }
    }
    if nx && (xx || gt || lt) {
        return Err(Reply::error(
            "ERR NX and XX, GT or LT options at the same time are not compatible",
        ));
    }
    if gt && lt {
        return Err(Reply::error(
            "ERR GT and LT options at the same time are not compatible",
        ));
    }
    let invalid = || Reply::error(format!("ERR invalid expire time in '{cmd}' command"));
    let ms = n.checked_mul(unit_ms).ok_or_else(invalid)?;
    let at = if absolute {
        ms
    } else {
        ms.checked_add(ctx.store.now_ms() as i64)
            .ok_or_else(invalid)?
    };
    let cond = match (nx, xx, gt, lt) {
        (true, ..) => ExpireCondition::IfNone,
        (_, _, true, _) => ExpireCondition::IfGreater,
        (_, _, _, true) => ExpireCondition::IfLess,
        (_, true, ..) => ExpireCondition::IfSome,
        _ => ExpireCondition::Always,
    };
    // XX combined with GT/LT additionally needs an existing expiry; GT
    // already implies it, and LT with XX is checked here.
    if xx && lt && ctx.store.expire_time(ctx.s.db, args[1]).flatten().is_none() {
        return Ok(Reply::Int(0));
    }
    let set = ctx
        .store
        .expire_at(ctx.s.db, args[1], at.max(0) as u64, cond);
    Ok(Reply::Int(i64::from(set)))
}

pub fn expire(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    expire_generic(ctx, args, 1000, false, "expire")
}

pub fn pexpire(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    expire_generic(ctx, args, 1, false, "pexpire")
}

pub fn expireat(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    expire_generic(ctx, args, 1000, true, "expireat")
}

pub fn pexpireat(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    expire_generic(ctx, args, 1, true, "pexpireat")
}

/// TTL-style replies: -2 absent, -1 no expiry, else the time in ms or
/// rounded seconds, relative or absolute.
fn ttl_generic(ctx: &mut Ctx<'_>, args: &[&[u8]], ms: bool, absolute: bool) -> CmdResult {
    let Some(expiry) = ctx.store.expire_time(ctx.s.db, args[1]) else {
        return Ok(Reply::Int(-2));
    };
    let Some(at) = expiry else {
        return Ok(Reply::Int(-1));
    };
    let t = if absolute {
        at
    } else {
        at.saturating_sub(ctx.store.now_ms())
    } as i64;
    Ok(Reply::Int(if ms { t } else { (t + 500) / 1000 }))
}

pub fn ttl(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    ttl_generic(ctx, args, false, false)
}

pub fn pttl(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    ttl_generic(ctx, args, true, false)
}

pub fn expiretime(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    ttl_generic(ctx, args, false, true)
}

pub fn pexpiretime(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    ttl_generic(ctx, args, true, true)
}

pub fn persist(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::Int(i64::from(ctx.store.persist(ctx.s.db, args[1]))))
}
