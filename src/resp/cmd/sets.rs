//! Set commands.

use super::Ctx;
use crate::cache::{Blob, SetOp, SetValue, StoreError};
use crate::resp::parse::{Args, CmdResult, SYNTAX, int, is};
use crate::resp::reply::Reply;

fn members(set: &SetValue) -> Vec<Reply> {
    set.iter().map(|m| Reply::Blob(m.clone())).collect()
}

pub fn sadd(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::Int(
        ctx.store.sadd(ctx.s.db, args[1], &args[2..])? as i64
    ))
}

pub fn srem(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::Int(
        ctx.store.srem(ctx.s.db, args[1], &args[2..])? as i64
    ))
}

pub fn smembers(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let set = ctx.store.set_value(ctx.s.db, args[1])?;
    Ok(Reply::Set(set.map_or_else(Vec::new, |s| members(&s))))
}

pub fn sismember(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let set = ctx.store.set_value(ctx.s.db, args[1])?;
    Ok(Reply::Int(i64::from(
        set.is_some_and(|s| s.contains(args[2])),
    )))
}

pub fn smismember(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let set = ctx.store.set_value(ctx.s.db, args[1])?;
    Ok(Reply::Array(
        args[2..]
            .iter()
            .map(|m| Reply::Int(i64::from(set.as_ref().is_some_and(|s| s.contains(m)))))
            .collect(),
    ))
}

pub fn scard(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let set = ctx.store.set_value(ctx.s.db, args[1])?;
    Ok(Reply::Int(set.map_or(0, |s| s.len() as i64)))
}

pub fn spop(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let count = match args {
        [_, _] => None,
        [_, _, c] => match crate::cache::parse_i64(c) {
            Some(n) if n >= 0 => Some(n as usize),
            _ => {
                return Err(Reply::error("ERR value is out of range, must be positive"));
            }
        },
        _ => return Err(Reply::error(SYNTAX)),
    };
    let popped = ctx.store.spop(ctx.s.db, args[1], count.unwrap_or(1))?;
    Ok(match (popped, count) {
        (None, None) => Reply::Nil,
        (None, Some(_)) => Reply::Set(Vec::new()),
        (Some(mut v), None) => Reply::opt_blob(v.pop()),
        (Some(v), Some(_)) => Reply::Set(v.into_iter().map(Reply::Blob).collect()),
    })
}

pub fn srandmember(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let count = match args {
        [_, _] => None,
        [_, _, c] => {
            let n = int(c)?;
            if n == i64::MIN {
                return Err(Reply::error(
                    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
                ));
            }
            Some(n)
        }
        _ => return Err(Reply::error(SYNTAX)),
    };
    let set = ctx.store.set_value(ctx.s.db, args[1])?;
    let Some(count) = count else {
        let set = set.as_deref();
        let pick = set.and_then(|s| rand::seq::IteratorRandom::choose(s.iter(), &mut rand::rng()));
        return Ok(Reply::opt_blob(pick.cloned()));
    };
    let Some(set) = set else {
        return Ok(Reply::Array(Vec::new()));
    };
    if set.is_empty() || count == 0 {
        return Ok(Reply::Array(Vec::new()));
    }
    let all: Vec<&Blob> = set.iter().collect();
    if count > 0 {
        let n = (count as usize).min(all.len());
        let picked = rand::seq::index::sample(&mut rand::rng(), all.len(), n);
        return Ok(Reply::Array(
            picked
                .into_iter()
                .map(|i| Reply::Blob(all[i].clone()))
                .collect(),
        ));
    }
    // With repetition: the reply grows with |count|, whatever the set's
    // size: one past the output-buffer limit is refused before it is made,
    // as is one that could not fit in the whole cache budget.
    let n = count.unsigned_abs();
    let average = all.iter().map(|m| m.len() as u64).sum::<u64>() / all.len() as u64;
    super::reply_budget(ctx, n.saturating_mul(average + super::REPLY_OVERHEAD))?;
    if n.saturating_mul(average + 48) > ctx.store.max_memory() {
        return Err(StoreError::OutOfMemory.into());
    }
    let pool: Vec<Blob> = all.into_iter().cloned().collect();
    Ok(super::random_picks(
        pool,
        n,
        1,
        n.saturating_mul(average + 5),
        |m, out| out.push(Reply::Blob(m.clone())),
    ))
}

pub fn smove(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let moved = ctx.store.smove(ctx.s.db, args[1], args[2], args[3])?;
    Ok(Reply::Int(i64::from(moved)))
}

fn combine(ctx: &mut Ctx<'_>, keys: &[&[u8]], op: SetOp) -> Result<SetValue, Reply> {
    Ok(ctx.store.combine_sets(ctx.s.db, keys, op)?)
}

pub fn sinter(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::Set(members(&combine(
        ctx,
        &args[1..],
        SetOp::Inter,
    )?)))
}
pub fn sunion(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::Set(members(&combine(
        ctx,
        &args[1..],
        SetOp::Union,
    )?)))
}
pub fn sdiff(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::Set(members(&combine(ctx, &args[1..], SetOp::Diff)?)))
}

fn store(ctx: &mut Ctx<'_>, args: &[&[u8]], op: SetOp) -> CmdResult {
    let set = combine(ctx, &args[2..], op)?;
    Ok(Reply::Int(
        ctx.store.store_set(ctx.s.db, args[1], set)? as i64
    ))
}

pub fn sinterstore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    store(ctx, args, SetOp::Inter)
}
pub fn sunionstore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    store(ctx, args, SetOp::Union)
}
pub fn sdiffstore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    store(ctx, args, SetOp::Diff)
}

pub fn sintercard(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let numkeys = match crate::cache::parse_i64(args[1]) {
        Some(n) if n >= 1 => n as u64,
        _ => return Err(Reply::error("ERR numkeys should be greater than 0")),
    };
    if numkeys > (args.len() - 2) as u64 {
        return Err(Reply::error(
            "ERR Number of keys can't be greater than number of args",
        ));
    }
    let numkeys = numkeys as usize;
    let mut limit = 0u64;
    let mut i = 2 + numkeys;
    while i < args.len() {
        if is(args[i], "limit") && i + 1 < args.len() {
            i += 1;
            limit = match crate::cache::parse_i64(args[i]) {
                Some(n) if n >= 0 => n as u64,
                _ => return Err(Reply::error("ERR LIMIT can't be negative")),
            };
        } else {
            return Err(Reply::error(SYNTAX));
        }
        i += 1;
    }
    let n = combine(ctx, &args[2..2 + numkeys], SetOp::Inter)?.len() as u64;
    Ok(Reply::Int(if limit > 0 { n.min(limit) } else { n } as i64))
}

pub fn sscan(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    if crate::resp::parse::text(args[2]).parse::<u64>().is_err() {
        return Err(Reply::error("ERR invalid cursor"));
    }
    let mut pattern = None;
    let mut a = Args::new(args, 3);
    while let Some(word) = a.next() {
        if is(word, "match") {
            pattern = Some(a.value()?);
        } else if is(word, "count") {
            if a.int()? < 1 {
                return Err(Reply::error(SYNTAX));
            }
        } else {
            return Err(Reply::error(SYNTAX));
        }
    }
    let set = ctx.store.set_value(ctx.s.db, args[1])?;
    let items = set.map_or_else(Vec::new, |s| {
        s.iter()
            .filter(|m| pattern.is_none_or(|p| crate::cache::glob::glob_match(p, m)))
            .map(|m| Reply::Blob(m.clone()))
            .collect()
    });
    Ok(Reply::Array(vec![
        Reply::bulk_str("0"),
        Reply::Array(items),
    ]))
}
