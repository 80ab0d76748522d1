//! Sorted-set commands, with redis-server 7.0's parsing order, error texts
//! and reply shapes (RESP3: `WITHSCORES` as `[member, score]` pairs, scores
//! as doubles).

use super::{Ctx, blocking};
use crate::cache::{
    Blob, LexBound, ScanFilter, ScoreBound, StoreError, ZAddFlags, ZSetValue, ZSource,
    format_double, glob::glob_match,
};
use crate::resp::parse::{Args, CmdResult, NOT_INTEGER, SYNTAX, int, is, text};
use crate::resp::reply::Reply;
use std::sync::Arc;

const NOT_FLOAT_RANGE: &str = "ERR min or max is not a float";
const NOT_LEX_RANGE: &str = "ERR min or max not valid string range item";
const NOT_VALID_FLOAT: &str = "ERR value is not a valid float";

fn score_arg(arg: &[u8]) -> Result<f64, Reply> {
    crate::cache::parse_f64(arg).ok_or(Reply::error(NOT_VALID_FLOAT))
}

/// `(member, score)` pairs as a reply: flat in RESP2 (or without scores),
/// pairs in RESP3.
fn scored(items: Vec<(Blob, f64)>, withscores: bool, resp3: bool) -> Reply {
    Reply::Array(if !withscores {
        items.into_iter().map(|(m, _)| Reply::Blob(m)).collect()
    } else if resp3 {
        items
            .into_iter()
            .map(|(m, s)| Reply::Array(vec![Reply::Blob(m), Reply::Double(s)]))
            .collect()
    } else {
        items
            .into_iter()
            .flat_map(|(m, s)| [Reply::Blob(m), Reply::Double(s)])
            .collect()
    })
}

pub fn zadd(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let mut flags = ZAddFlags::default();
    let mut ch = false;
    let mut i = 2;
    while let Some(a) = args.get(i) {
        if is(a, "nx") {
            flags.nx = true;
        } else if is(a, "xx") {
            flags.xx = true;
        } else if is(a, "ch") {
            ch = true;
        } else if is(a, "incr") {
            flags.incr = true;
        } else if is(a, "gt") {
            flags.gt = true;
        } else if is(a, "lt") {
            flags.lt = true;
        } else {
            break;
        }
        i += 1;
    }
    let elements = args.len() - i;
    if elements == 0 || !elements.is_multiple_of(2) {
        return Err(Reply::error(SYNTAX));
    }
    if flags.nx && flags.xx {
        return Err(Reply::error(
            "ERR XX and NX options at the same time are not compatible",
        ));
    }
    if (flags.nx && (flags.gt || flags.lt)) || (flags.gt && flags.lt) {
        return Err(Reply::error(
            "ERR GT, LT, and/or NX options at the same time are not compatible",
        ));
    }
    if flags.incr && elements > 2 {
        return Err(Reply::error(
            "ERR INCR option supports a single increment-element pair",
        ));
    }
    let mut pairs = Vec::with_capacity(elements / 2);
    for p in args[i..].chunks_exact(2) {
        pairs.push((score_arg(p[0])?, p[1]));
    }
    let out = ctx.store.zadd(ctx.s.db, args[1], flags, &pairs)?;
    Ok(if flags.incr {
        out.score.map_or(Reply::Nil, Reply::Double)
    } else if ch {
        Reply::Int((out.added + out.updated) as i64)
    } else {
        Reply::Int(out.added as i64)
    })
}

pub fn zincrby(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let by = score_arg(args[2])?;
    let flags = ZAddFlags {
        incr: true,
        ..ZAddFlags::default()
    };
    let out = ctx.store.zadd(ctx.s.db, args[1], flags, &[(by, args[3])])?;
    Ok(out.score.map_or(Reply::Nil, Reply::Double))
}

pub fn zrem(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let n = ctx.store.zrem(ctx.s.db, args[1], &args[2..])?;
    Ok(Reply::Int(n as i64))
}

pub fn zscore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let z = ctx.store.zset(ctx.s.db, args[1])?;
    Ok(z.and_then(|z| z.score(args[2]))
        .map_or(Reply::Nil, Reply::Double))
}

pub fn zmscore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let z = ctx.store.zset(ctx.s.db, args[1])?;
    Ok(Reply::Array(
        args[2..]
            .iter()
            .map(|m| {
                z.as_ref()
                    .and_then(|z| z.score(m))
                    .map_or(Reply::Nil, Reply::Double)
            })
            .collect(),
    ))
}

pub fn zcard(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let z = ctx.store.zset(ctx.s.db, args[1])?;
    Ok(Reply::Int(z.map_or(0, |z| z.len() as i64)))
}

fn score_range(min: &[u8], max: &[u8]) -> Result<(ScoreBound, ScoreBound), Reply> {
    match (ScoreBound::parse(min), ScoreBound::parse(max)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(Reply::error(NOT_FLOAT_RANGE)),
    }
}

fn lex_range(min: &[u8], max: &[u8]) -> Result<(LexBound, LexBound), Reply> {
    match (LexBound::parse(min), LexBound::parse(max)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(Reply::error(NOT_LEX_RANGE)),
    }
}

pub fn zcount(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let (min, max) = score_range(args[2], args[3])?;
    let z = ctx.store.zset(ctx.s.db, args[1])?;
    Ok(Reply::Int(z.map_or(0, |z| {
        let (a, b) = z.score_ranks(min, max);
        (b - a) as i64
    })))
}

pub fn zlexcount(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let (min, max) = lex_range(args[2], args[3])?;
    let z = ctx.store.zset(ctx.s.db, args[1])?;
    Ok(Reply::Int(z.map_or(0, |z| {
        let (a, b) = z.lex_ranks(&min, &max);
        (b - a) as i64
    })))
}

/// Redis's rank range arithmetic: `None` when empty.
fn rank_window(start: i64, end: i64, len: usize) -> Option<(usize, usize)> {
    let len = len as i64;
    let start = if start < 0 {
        (len + start).max(0)
    } else {
        start
    };
    let end = if end < 0 { len + end } else { end };
    if start > end || start >= len {
        return None;
    }
    Some((start as usize, (end.min(len - 1) + 1) as usize))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RangeBy {
    Auto,
    Rank,
    Score,
    Lex,
}

/// A parsed `ZRANGE`-family request.
struct RangeRequest<'a> {
    by: RangeBy,
    rev: bool,
    min: &'a [u8],
    max: &'a [u8],
    offset: i64,
    limit: i64,
    withscores: bool,
}

/// Parses as `zrangeGenericCommand`: `first` is the index of `min`.
fn parse_range<'a>(
    args: &'a [&'a [u8]],
    first: usize,
    by: RangeBy,
    rev: Option<bool>,
    store: bool,
) -> Result<RangeRequest<'a>, Reply> {
    let mut r = RangeRequest {
        by,
        rev: rev.unwrap_or(false),
        min: args[first],
        max: args[first + 1],
        offset: 0,
        limit: -1,
        withscores: false,
    };
    let mut rev_set = rev.is_some();
    let mut j = first + 2;
    while j < args.len() {
        let a = args[j];
        let left = args.len() - j - 1;
        if !store && is(a, "withscores") {
            r.withscores = true;
        } else if is(a, "limit") && left >= 2 {
            r.offset = int(args[j + 1])?;
            r.limit = int(args[j + 2])?;
            j += 2;
        } else if !rev_set && is(a, "rev") {
            r.rev = true;
            rev_set = true;
        } else if r.by == RangeBy::Auto && is(a, "bylex") {
            r.by = RangeBy::Lex;
        } else if r.by == RangeBy::Auto && is(a, "byscore") {
            r.by = RangeBy::Score;
        } else {
            return Err(Reply::error(SYNTAX));
        }
        j += 1;
    }
    if r.by == RangeBy::Auto {
        r.by = RangeBy::Rank;
    }
    if r.limit != -1 && r.by == RangeBy::Rank {
        return Err(Reply::error(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
        ));
    }
    if r.withscores && r.by == RangeBy::Lex {
        return Err(Reply::error(
            "ERR syntax error, WITHSCORES not supported in combination with BYLEX",
        ));
    }
    if r.rev && r.by != RangeBy::Rank {
        std::mem::swap(&mut r.min, &mut r.max);
    }
    Ok(r)
}

/// Runs a parsed range on a set: the selected elements in reply order.
fn run_range(z: &ZSetValue, r: &RangeRequest<'_>) -> Result<Vec<(Blob, f64)>, Reply> {
    let (first, last) = match r.by {
        RangeBy::Rank | RangeBy::Auto => {
            let start = int(r.min)?;
            let end = int(r.max)?;
            let Some((a, b)) = rank_window(start, end, z.len()) else {
                return Ok(Vec::new());
            };
            return Ok(if r.rev {
                let mut v = z.range(z.len() - b, z.len() - a);
                v.reverse();
                v
            } else {
                z.range(a, b)
            });
        }
        RangeBy::Score => {
            let (min, max) = score_range(r.min, r.max)?;
            z.score_ranks(min, max)
        }
        RangeBy::Lex => {
            let (min, max) = lex_range(r.min, r.max)?;
            z.lex_ranks(&min, &max)
        }
    };
    let n = last - first;
    if r.offset < 0 || (r.offset > 0 && r.offset as usize >= n) {
        return Ok(Vec::new());
    }
    let skip = r.offset as usize;
    let take = if r.limit < 0 {
        n - skip
    } else {
        (r.limit as usize).min(n - skip)
    };
    Ok(if r.rev {
        let mut v = z.range(last - skip - take, last - skip);
        v.reverse();
        v
    } else {
        z.range(first + skip, first + skip + take)
    })
}

/// Checks the range arguments before the key is read (Redis's order).
fn check_range_args(r: &RangeRequest<'_>) -> Result<(), Reply> {
    match r.by {
        RangeBy::Rank | RangeBy::Auto => {
            int(r.min)?;
            int(r.max)?;
        }
        RangeBy::Score => {
            score_range(r.min, r.max)?;
        }
        RangeBy::Lex => {
            lex_range(r.min, r.max)?;
        }
    }
    Ok(())
}

fn range_reply(ctx: &mut Ctx<'_>, key: &[u8], r: RangeRequest<'_>) -> CmdResult {
    check_range_args(&r)?;
    let Some(z) = ctx.store.zset(ctx.s.db, key)? else {
        return Ok(Reply::Array(vec![]));
    };
    let items = run_range(&z, &r)?;
    Ok(scored(items, r.withscores, ctx.s.resp3))
}

pub fn zrange(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let r = parse_range(args, 2, RangeBy::Auto, None, false)?;
    range_reply(ctx, args[1], r)
}

pub fn zrevrange(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let r = parse_range(args, 2, RangeBy::Rank, Some(true), false)?;
    range_reply(ctx, args[1], r)
}

pub fn zrangebyscore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let r = parse_range(args, 2, RangeBy::Score, Some(false), false)?;
    range_reply(ctx, args[1], r)
}

pub fn zrevrangebyscore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let r = parse_range(args, 2, RangeBy::Score, Some(true), false)?;
    range_reply(ctx, args[1], r)
}

pub fn zrangebylex(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let r = parse_range(args, 2, RangeBy::Lex, Some(false), false)?;
    range_reply(ctx, args[1], r)
}

pub fn zrevrangebylex(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let r = parse_range(args, 2, RangeBy::Lex, Some(true), false)?;
    range_reply(ctx, args[1], r)
}

/// Builds a set from `items`, refusing with the OOM error as soon as it
/// would outgrow the largest entry the store accepts.
fn build(ctx: &Ctx<'_>, items: impl IntoIterator<Item = (Blob, f64)>) -> Result<ZSetValue, Reply> {
    let limit = ctx.store.max_entry_weight();
    let mut z = ZSetValue::new();
    for (m, s) in items {
        z.insert(&m, s);
        if z.cost() > limit {
            return Err(StoreError::OutOfMemory.into());
        }
    }
    Ok(z)
}

pub fn zrangestore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let r = parse_range(args, 3, RangeBy::Auto, None, true)?;
    check_range_args(&r)?;
    let items = match ctx.store.zset(ctx.s.db, args[2])? {
        Some(z) => run_range(&z, &r)?,
        None => Vec::new(),
    };
    let z = build(ctx, items)?;
    Ok(Reply::Int(ctx.store.zstore(ctx.s.db, args[1], z)? as i64))
}

fn rank_of(ctx: &mut Ctx<'_>, args: &[&[u8]], rev: bool) -> CmdResult {
    let Some(z) = ctx.store.zset(ctx.s.db, args[1])? else {
        return Ok(Reply::Nil);
    };
    Ok(z.rank(args[2]).map_or(Reply::Nil, |r| {
        Reply::Int(if rev { z.len() - 1 - r } else { r } as i64)
    }))
}

pub fn zrank(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    rank_of(ctx, args, false)
}

pub fn zrevrank(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    rank_of(ctx, args, true)
}

fn pop(ctx: &mut Ctx<'_>, args: &[&[u8]], max: bool) -> CmdResult {
    if args.len() > 3 {
        return Err(Reply::error(SYNTAX));
    }
    let count = match args.get(2) {
        Some(c) => match crate::cache::parse_i64(c) {
            Some(n) if n >= 0 => Some(n as usize),
            _ => {
                return Err(Reply::error("ERR value is out of range, must be positive"));
            }
        },
        None => None,
    };
    let popped = ctx.store.zpop(ctx.s.db, args[1], max, count.unwrap_or(1))?;
    if ctx.s.resp3 && count.is_some() {
        return Ok(scored(popped, true, true));
    }
    Ok(Reply::Array(
        popped
            .into_iter()
            .flat_map(|(m, s)| [Reply::Blob(m), Reply::Double(s)])
            .collect(),
    ))
}

pub fn zpopmin(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    pop(ctx, args, false)
}

pub fn zpopmax(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    pop(ctx, args, true)
}

/// `numkeys` as `getRangeLongFromObjectOrReply(1, LONG_MAX, msg)`.
fn positive(arg: &[u8], msg: &'static str) -> Result<usize, Reply> {
    match crate::cache::parse_i64(arg) {
        Some(n) if n >= 1 => Ok(n as usize),
        _ => Err(Reply::error(msg)),
    }
}

/// `ZMPOP`'s parsing and pops from `at` (the index of `numkeys`): `None`
/// when every key is empty.
fn mpop(ctx: &mut Ctx<'_>, args: &[&[u8]], at: usize) -> Result<Option<Reply>, Reply> {
    let numkeys = positive(args[at], "ERR numkeys should be greater than 0")?;
    let where_at = numkeys
        .checked_add(at + 1)
        .filter(|&w| w < args.len())
        .ok_or(Reply::error(SYNTAX))?;
    let max = if is(args[where_at], "min") {
        false
    } else if is(args[where_at], "max") {
        true
    } else {
        return Err(Reply::error(SYNTAX));
    };
    let mut count = None;
    let mut j = where_at + 1;
    while j < args.len() {
        if count.is_none() && is(args[j], "count") && j + 1 < args.len() {
            count = Some(positive(args[j + 1], "ERR count should be greater than 0")?);
            j += 2;
        } else {
            return Err(Reply::error(SYNTAX));
        }
    }
    for key in &args[at + 1..where_at] {
        let popped = ctx.store.zpop(ctx.s.db, key, max, count.unwrap_or(1))?;
        if !popped.is_empty() {
            return Ok(Some(Reply::Array(vec![
                Reply::Blob(Arc::from(*key)),
                scored(popped, true, true),
            ])));
        }
    }
    Ok(None)
}

pub fn zmpop(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(mpop(ctx, args, 1)?.unwrap_or(Reply::NilArray))
}

/// `BZMPOP timeout numkeys key … MIN|MAX [COUNT n]`.
pub fn bzmpop(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let t = blocking::timeout(args[1])?;
    if let Some(reply) = mpop(ctx, args, 2)? {
        return Ok(reply);
    }
    // `mpop` checked that numkeys keys follow.
    let numkeys = positive(args[2], "ERR numkeys should be greater than 0")?;
    blocking::block(ctx, &args[3..3 + numkeys], t, Reply::NilArray)
}

/// `BZPOPMIN`/`BZPOPMAX key … timeout`: `[key, member, score]`.
fn bzpop(ctx: &mut Ctx<'_>, args: &[&[u8]], max: bool) -> CmdResult {
    let t = blocking::timeout(args[args.len() - 1])?;
    let keys = &args[1..args.len() - 1];
    for key in keys {
        if let Some((m, s)) = ctx.store.zpop(ctx.s.db, key, max, 1)?.into_iter().next() {
            return Ok(Reply::Array(vec![
                Reply::Blob(Arc::from(*key)),
                Reply::Blob(m),
                Reply::Double(s),
            ]));
        }
    }
    blocking::block(ctx, keys, t, Reply::NilArray)
}

pub fn bzpopmin(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    bzpop(ctx, args, false)
}

pub fn bzpopmax(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    bzpop(ctx, args, true)
}

pub fn zremrangebyrank(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let start = int(args[2])?;
    let end = int(args[3])?;
    let n = ctx.store.zremrange(ctx.s.db, args[1], |z| {
        rank_window(start, end, z.len()).unwrap_or((0, 0))
    })?;
    Ok(Reply::Int(n as i64))
}

pub fn zremrangebyscore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let (min, max) = score_range(args[2], args[3])?;
    let n = ctx
        .store
        .zremrange(ctx.s.db, args[1], |z| z.score_ranks(min, max))?;
    Ok(Reply::Int(n as i64))
}

pub fn zremrangebylex(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let (min, max) = lex_range(args[2], args[3])?;
    let n = ctx
        .store
        .zremrange(ctx.s.db, args[1], |z| z.lex_ranks(&min, &max))?;
    Ok(Reply::Int(n as i64))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SetOp {
    Union,
    Inter,
    Diff,
}

#[derive(Clone, Copy)]
enum Aggregate {
    Sum,
    Min,
    Max,
}

fn aggregate(how: Aggregate, acc: f64, v: f64) -> f64 {
    match how {
        Aggregate::Sum => {
            let s = acc + v;
            if s.is_nan() { 0.0 } else { s }
        }
        Aggregate::Min => acc.min(v),
        Aggregate::Max => acc.max(v),
    }
}

/// `zunionInterDiffGenericCommand`: `at` is the index of `numkeys`.
/// Returns the result (sorted) and `WITHSCORES`.
fn set_op(
    ctx: &mut Ctx<'_>,
    args: &[&[u8]],
    at: usize,
    op: SetOp,
    store: bool,
    name: &str,
) -> Result<(Vec<(Blob, f64)>, bool), Reply> {
    let setnum = int(args[at])?;
    if setnum < 1 {
        return Err(Reply::error(format!(
            "ERR at least 1 input key is needed for '{name}' command"
        )));
    }
    if setnum as u64 > (args.len() - at - 1) as u64 {
        return Err(Reply::error(SYNTAX));
    }
    let setnum = setnum as usize;
    let mut sources = Vec::with_capacity(setnum);
    for key in &args[at + 1..at + 1 + setnum] {
        sources.push(ctx.store.zset_source(ctx.s.db, key)?);
    }
    let mut weights = vec![1.0f64; setnum];
    let mut how = Aggregate::Sum;
    let mut withscores = false;
    let mut j = at + 1 + setnum;
    while j < args.len() {
        let remaining = args.len() - j;
        if op != SetOp::Diff && remaining > setnum && is(args[j], "weights") {
            for (i, w) in weights.iter_mut().enumerate() {
                *w = crate::cache::parse_f64(args[j + 1 + i])
                    .ok_or(Reply::error("ERR weight value is not a float"))?;
            }
            j += 1 + setnum;
        } else if op != SetOp::Diff && remaining >= 2 && is(args[j], "aggregate") {
            how = if is(args[j + 1], "sum") {
                Aggregate::Sum
            } else if is(args[j + 1], "min") {
                Aggregate::Min
            } else if is(args[j + 1], "max") {
                Aggregate::Max
            } else {
                return Err(Reply::error(SYNTAX));
            };
            j += 2;
        } else if !store && is(args[j], "withscores") {
            withscores = true;
            j += 1;
        } else {
            return Err(Reply::error(SYNTAX));
        }
    }
    let weighted = |s: f64, w: f64| {
        let v = s * w;
        if v.is_nan() { 0.0 } else { v }
    };
    let limit = ctx.store.max_entry_weight();
    let mut acc: std::collections::HashMap<Blob, f64> = std::collections::HashMap::new();
    let mut charged = 0u64;
    match op {
        SetOp::Union => {
            for (src, &w) in sources.iter().zip(&weights) {
                let Some(z) = src else { continue };
                for (m, s) in z.iter() {
                    let v = weighted(s, w);
                    match acc.get_mut(&m) {
                        Some(a) => *a = aggregate(how, *a, v),
                        None => {
                            charged += ZSetValue::member_cost(m.len());
                            if store && charged > limit {
                                return Err(StoreError::OutOfMemory.into());
                            }
                            acc.insert(m, v);
                        }
                    }
                }
            }
        }
        SetOp::Inter => {
            if sources.iter().all(Option::is_some) {
                let mut order: Vec<usize> = (0..setnum).collect();
                order.sort_by_key(|&i| sources[i].as_ref().map_or(0, |z| z.len()));
                let smallest = order[0];
                if let Some(first) = &sources[smallest] {
                    'members: for (m, s) in first.iter() {
                        let mut v = weighted(s, weights[smallest]);
                        for &i in &order[1..] {
                            let Some(score) = sources[i].as_ref().and_then(|z| z.score(&m)) else {
                                continue 'members;
                            };
                            v = aggregate(how, v, weighted(score, weights[i]));
                        }
                        charged += ZSetValue::member_cost(m.len());
                        if store && charged > limit {
                            return Err(StoreError::OutOfMemory.into());
                        }
                        acc.insert(m, v);
                    }
                }
            }
        }
        SetOp::Diff => {
            if let Some(first) = &sources[0] {
                for (m, s) in first.iter() {
                    if sources[1..]
                        .iter()
                        .any(|z| z.as_ref().is_some_and(|z| z.score(&m).is_some()))
                    {
                        continue;
                    }
                    acc.insert(m, s);
                }
            }
        }
    }
    let mut out: Vec<(Blob, f64)> = acc.into_iter().collect();
    out.sort_by(|a, b| {
        a.1.partial_cmp(&b.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.0.cmp(&b.0))
    });
    Ok((out, withscores))
}

fn set_op_reply(ctx: &mut Ctx<'_>, args: &[&[u8]], op: SetOp, name: &str) -> CmdResult {
    let (items, withscores) = set_op(ctx, args, 1, op, false, name)?;
    Ok(scored(items, withscores, ctx.s.resp3))
}

fn set_op_store(ctx: &mut Ctx<'_>, args: &[&[u8]], op: SetOp, name: &str) -> CmdResult {
    let (items, _) = set_op(ctx, args, 2, op, true, name)?;
    let z = build(ctx, items)?;
    Ok(Reply::Int(ctx.store.zstore(ctx.s.db, args[1], z)? as i64))
}

pub fn zunion(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    set_op_reply(ctx, args, SetOp::Union, "zunion")
}

pub fn zinter(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    set_op_reply(ctx, args, SetOp::Inter, "zinter")
}

pub fn zdiff(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    set_op_reply(ctx, args, SetOp::Diff, "zdiff")
}

pub fn zunionstore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    set_op_store(ctx, args, SetOp::Union, "zunionstore")
}

pub fn zinterstore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    set_op_store(ctx, args, SetOp::Inter, "zinterstore")
}

pub fn zdiffstore(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    set_op_store(ctx, args, SetOp::Diff, "zdiffstore")
}

pub fn zintercard(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let numkeys = int(args[1])?;
    if numkeys < 1 {
        return Err(Reply::error(
            "ERR at least 1 input key is needed for 'zintercard' command",
        ));
    }
    if numkeys as u64 > (args.len() - 2) as u64 {
        return Err(Reply::error(SYNTAX));
    }
    let numkeys = numkeys as usize;
    let mut sources = Vec::with_capacity(numkeys);
    for key in &args[2..2 + numkeys] {
        sources.push(ctx.store.zset_source(ctx.s.db, key)?);
    }
    let mut limit = 0usize;
    let mut j = 2 + numkeys;
    while j < args.len() {
        if is(args[j], "limit") && j + 1 < args.len() {
            let n = int(args[j + 1])?;
            if n < 0 {
                return Err(Reply::error("ERR LIMIT can't be negative"));
            }
            limit = n as usize;
            j += 2;
        } else {
            return Err(Reply::error(SYNTAX));
        }
    }
    if sources.iter().any(Option::is_none) {
        return Ok(Reply::Int(0));
    }
    let mut sets: Vec<ZSource> = sources.into_iter().flatten().collect();
    sets.sort_by_key(|z| z.len());
    let mut n = 0usize;
    if let Some((first, rest)) = sets.split_first() {
        for (m, _) in first.iter() {
            if rest.iter().all(|z| z.score(&m).is_some()) {
                n += 1;
                if limit > 0 && n >= limit {
                    break;
                }
            }
        }
    }
    Ok(Reply::Int(n as i64))
}

pub fn zrandmember(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let Some(count) = args.get(2) else {
        let Some(z) = ctx.store.zset(ctx.s.db, args[1])? else {
            return Ok(Reply::Nil);
        };
        let i = rand::random_range(0..z.len());
        return Ok(z.nth(i).map_or(Reply::Nil, |(m, _)| Reply::Blob(m)));
    };
    let count = match crate::cache::parse_i64(count) {
        Some(i64::MIN) => {
            return Err(Reply::error(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
            ));
        }
        Some(n) => n,
        None => return Err(Reply::error(NOT_INTEGER)),
    };
    let withscores = match args.get(3) {
        None => false,
        Some(w) if args.len() == 4 && is(w, "withscores") => true,
        Some(_) => return Err(Reply::error(SYNTAX)),
    };
    if withscores && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&count) {
        return Err(Reply::error("ERR value is out of range"));
    }
    let Some(z) = ctx.store.zset(ctx.s.db, args[1])? else {
        return Ok(Reply::Array(vec![]));
    };
    if count == 0 {
        return Ok(Reply::Array(vec![]));
    }
    let picked: Vec<(Blob, f64)> = if count > 0 && count as u64 >= z.len() as u64 {
        // The whole set, as redis-server iterates it (from the top).
        let mut all: Vec<(Blob, f64)> = z.iter().collect();
        all.reverse();
        all
    } else if count > 0 {
        let n = (count as u64).min(z.len() as u64) as usize;
        let mut ranks: Vec<usize> =
            rand::seq::index::sample(&mut rand::rng(), z.len(), n).into_vec();
        ranks.sort_unstable();
        ranks.into_iter().filter_map(|r| z.nth(r)).collect()
    } else {
        let n = count.unsigned_abs();
        // The reply must fit in the memory budget: as redis-server's
        // output-buffer limit would, refuse what cannot.
        let average = z.iter().map(|(m, _)| m.len() as u64).sum::<u64>() / z.len().max(1) as u64;
        let scores = if withscores {
            24 + super::REPLY_OVERHEAD
        } else {
            0
        };
        super::reply_budget(
            ctx,
            n.saturating_mul(average + super::REPLY_OVERHEAD + scores),
        )?;
        let per = 32 + if withscores { 32 } else { 0 };
        if n.saturating_mul(per) > ctx.store.max_memory() {
            return Err(StoreError::OutOfMemory.into());
        }
        let resp3 = ctx.s.resp3;
        let per_pick = if withscores && !resp3 { 2 } else { 1 };
        return Ok(super::random_picks(
            z.iter().collect::<Vec<(Blob, f64)>>(),
            n,
            per_pick,
            n.saturating_mul(average + 5 * per_pick as u64),
            move |(m, s), out| {
                if withscores && resp3 {
                    out.push(Reply::Array(vec![
                        Reply::Blob(m.clone()),
                        Reply::Double(*s),
                    ]));
                } else if withscores {
                    out.extend([Reply::Blob(m.clone()), Reply::Double(*s)]);
                } else {
                    out.push(Reply::Blob(m.clone()));
                }
            },
        ));
    };
    Ok(scored(picked, withscores, ctx.s.resp3))
}

/// `ZSCAN`: the whole set in one reply with cursor 0, as redis-server does
/// for small (listpack) sets; a set is bounded by the entry limit.
pub fn zscan(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    if text(args[2]).parse::<u64>().is_err() {
        return Err(Reply::error("ERR invalid cursor"));
    }
    let mut filter = ScanFilter::default();
    let mut a = Args::new(args, 3);
    while let Some(word) = a.next() {
        if is(word, "match") {
            filter.pattern = Some(a.value()?.to_vec());
        } else if is(word, "count") {
            if a.int()? < 1 {
                return Err(Reply::error(SYNTAX));
            }
        } else {
            return Err(Reply::error(SYNTAX));
        }
    }
    let mut items = Vec::new();
    if let Some(z) = ctx.store.zset(ctx.s.db, args[1])? {
        for (m, s) in z.iter() {
            if filter.pattern.as_ref().is_some_and(|p| !glob_match(p, &m)) {
                continue;
            }
            items.push(Reply::Blob(m));
            items.push(Reply::bulk(format_double(s).into_bytes()));
        }
    }
    Ok(Reply::Array(vec![
        Reply::bulk_str("0"),
        Reply::Array(items),
    ]))
}
