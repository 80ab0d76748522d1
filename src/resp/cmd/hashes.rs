//! Hash commands.

use super::Ctx;
use crate::cache::{HashSetMode, ScanFilter};
use crate::resp::parse::{Args, CmdResult, NOT_INTEGER, SYNTAX, float, int, is, wrong_args};
use crate::resp::reply::Reply;

/// Field/value pairs borrowed from the arguments.
type Pairs<'a> = Vec<(&'a [u8], &'a [u8])>;

fn field_pairs<'a>(args: &'a [&'a [u8]], cmd: &str) -> Result<Pairs<'a>, Reply> {
    if !args.len().is_multiple_of(2) {
        return Err(wrong_args(cmd));
    }
    Ok(args[2..].chunks_exact(2).map(|p| (p[0], p[1])).collect())
}

pub fn hset(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let pairs = field_pairs(args, "hset")?;
    let added = ctx
        .store
        .hset(ctx.s.db, args[1], &pairs, HashSetMode::Always)?;
    Ok(Reply::Int(added as i64))
}

pub fn hmset(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let pairs = field_pairs(args, "hmset")?;
    ctx.store
        .hset(ctx.s.db, args[1], &pairs, HashSetMode::Always)?;
    Ok(Reply::Ok)
}

pub fn hsetnx(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let pair = [(args[2], args[3])];
    let added = ctx
        .store
        .hset(ctx.s.db, args[1], &pair, HashSetMode::IfFieldAbsent)?;
    Ok(Reply::Int(added as i64))
}

pub fn hget(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::opt_blob(ctx.store.hget(ctx.s.db, args[1], args[2])?))
}

pub fn hmget(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let h = ctx.store.hash(ctx.s.db, args[1])?;
    Ok(Reply::Array(
        args[2..]
            .iter()
            .map(|f| Reply::opt_blob(h.as_ref().and_then(|h| h.get(f).cloned())))
            .collect(),
    ))
}

pub fn hgetall(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let all = ctx.store.hgetall(ctx.s.db, args[1])?;
    Ok(Reply::Map(
        all.into_iter()
            .map(|(f, v)| (Reply::Blob(f), Reply::Blob(v)))
            .collect(),
    ))
}

pub fn hdel(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let fields: Vec<&[u8]> = args[2..].iter().map(|f| &f[..]).collect();
    Ok(Reply::Int(
        ctx.store.hdel(ctx.s.db, args[1], &fields)? as i64
    ))
}

pub fn hexists(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let found = ctx.store.hget(ctx.s.db, args[1], args[2])?.is_some();
    Ok(Reply::Int(i64::from(found)))
}

pub fn hlen(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let h = ctx.store.hash(ctx.s.db, args[1])?;
    Ok(Reply::Int(h.map_or(0, |h| h.len() as i64)))
}

pub fn hkeys(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let all = ctx.store.hgetall(ctx.s.db, args[1])?;
    Ok(Reply::Array(
        all.into_iter().map(|(f, _)| Reply::Blob(f)).collect(),
    ))
}

pub fn hvals(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let all = ctx.store.hgetall(ctx.s.db, args[1])?;
    Ok(Reply::Array(
        all.into_iter().map(|(_, v)| Reply::Blob(v)).collect(),
    ))
}

pub fn hstrlen(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let v = ctx.store.hget(ctx.s.db, args[1], args[2])?;
    Ok(Reply::Int(v.map_or(0, |v| v.len() as i64)))
}

pub fn hincrby(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let delta = int(args[3])?;
    Ok(Reply::Int(
        ctx.store.hincr_by(ctx.s.db, args[1], args[2], delta)?,
    ))
}

pub fn hincrbyfloat(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let delta = float(args[3])?;
    if delta.is_infinite() {
        return Err(Reply::error("ERR value is NaN or Infinity"));
    }
    Ok(Reply::Blob(
        ctx.store
            .hincr_by_float(ctx.s.db, args[1], args[2], delta)?,
    ))
}

pub fn hrandfield(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let count = match args.get(2) {
        Some(c) => match crate::cache::parse_i64(c) {
            Some(i64::MIN) => {
                return Err(Reply::error(
                    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
                ));
            }
            Some(n) => Some(n),
            None => return Err(Reply::error(NOT_INTEGER)),
        },
        None => None,
    };
    let with_values = match args.get(3) {
        Some(w) if is(w, "withvalues") && args.len() == 4 => true,
        Some(_) => return Err(Reply::error(SYNTAX)),
        None => false,
    };
    if with_values && count.is_some_and(|n| !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&n)) {
        return Err(Reply::error("ERR value is out of range"));
    }
    let mut all = ctx.store.hgetall(ctx.s.db, args[1])?;
    let Some(count) = count else {
        if all.is_empty() {
            return Ok(Reply::Nil);
        }
        let i = rand::random_range(0..all.len());
        return Ok(Reply::Blob(all.swap_remove(i).0));
    };
    if all.is_empty() || count == 0 {
        return Ok(Reply::Array(vec![]));
    }
    let picked: Vec<_> = if count > 0 {
        use rand::seq::SliceRandom;
        all.shuffle(&mut rand::rng());
        all.truncate(count as usize);
        all
    } else {
        let n = count.unsigned_abs();
        if n > 1 << 24 {
            return Err(Reply::error(NOT_INTEGER));
        }
        // With repetition the reply grows with |count|, whatever the
        // hash's size: one past the output-buffer limit is refused before
        // it is built.
        let bytes: u64 = all
            .iter()
            .map(|(f, v)| (f.len() + if with_values { v.len() } else { 0 }) as u64)
            .sum::<u64>()
            / all.len() as u64;
        let per = bytes + super::REPLY_OVERHEAD * if with_values { 2 } else { 1 };
        super::reply_budget(ctx, n.saturating_mul(per))?;
        let resp3 = ctx.s.resp3;
        let per_pick = if with_values && !resp3 { 2 } else { 1 };
        return Ok(super::random_picks(
            all,
            n,
            per_pick,
            n.saturating_mul(bytes + 5 * per_pick as u64),
            move |(f, v), out| {
                if with_values && resp3 {
                    out.push(Reply::Array(vec![
                        Reply::Blob(f.clone()),
                        Reply::Blob(v.clone()),
                    ]));
                } else if with_values {
                    out.extend([Reply::Blob(f.clone()), Reply::Blob(v.clone())]);
                } else {
                    out.push(Reply::Blob(f.clone()));
                }
            },
        ));
    };
    Ok(Reply::Array(if with_values && ctx.s.resp3 {
        picked
            .into_iter()
            .map(|(f, v)| Reply::Array(vec![Reply::Blob(f), Reply::Blob(v)]))
            .collect()
    } else if with_values {
        picked
            .into_iter()
            .flat_map(|(f, v)| [Reply::Blob(f), Reply::Blob(v)])
            .collect()
    } else {
        picked.into_iter().map(|(f, _)| Reply::Blob(f)).collect()
    }))
}

/// `HSCAN`: the whole hash in one reply with cursor 0, which Redis also
/// does for small hashes; sessions and cached responses are small.
pub fn hscan(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    if crate::resp::parse::text(args[2]).parse::<u64>().is_err() {
        return Err(Reply::error("ERR invalid cursor"));
    }
    let mut filter = ScanFilter::default();
    let mut novalues = false;
    let mut a = Args::new(args, 3);
    while let Some(word) = a.next() {
        if is(word, "match") {
            filter.pattern = Some(a.value()?.to_vec());
        } else if is(word, "count") {
            if a.int()? < 1 {
                return Err(Reply::error(SYNTAX));
            }
        } else if is(word, "novalues") {
            novalues = true;
        } else {
            return Err(Reply::error(SYNTAX));
        }
    }
    let all = ctx.store.hgetall(ctx.s.db, args[1])?;
    let mut items = Vec::new();
    for (f, v) in all {
        if filter
            .pattern
            .as_ref()
            .is_some_and(|p| !crate::cache::glob::glob_match(p, &f))
        {
            continue;
        }
        items.push(Reply::Blob(f));
        if !novalues {
            items.push(Reply::Blob(v));
        }
    }
    Ok(Reply::Array(vec![
        Reply::bulk_str("0"),
        Reply::Array(items),
    ]))
}
