//! Transactions: MULTI EXEC DISCARD WATCH UNWATCH.
//!
//! `EXEC` runs its queued commands under the store's exclusive guard, so no
//! other RESP command interleaves; `WATCH` registers the connection's flag
//! with the store, which raises it on any write to a watched key.

use super::{Ctx, Session, call};
use crate::cache::Store;
use crate::resp::parse::CmdResult;
use crate::resp::reply::Reply;

pub fn multi(ctx: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    if ctx.s.multi.is_some() {
        return Err(Reply::error("ERR MULTI calls can not be nested"));
    }
    ctx.s.multi = Some(Vec::new());
    ctx.s.multi_failed = false;
    Ok(Reply::Ok)
}

pub fn discard(ctx: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    if ctx.s.multi.take().is_none() {
        return Err(Reply::error("ERR DISCARD without MULTI"));
    }
    ctx.s.multi_failed = false;
    unwatch_all(ctx.store, ctx.s);
    Ok(Reply::Ok)
}

pub fn exec(ctx: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    let Some(queue) = ctx.s.multi.take() else {
        return Err(Reply::error("ERR EXEC without MULTI"));
    };
    let failed = std::mem::take(&mut ctx.s.multi_failed);
    let store = ctx.store;
    let _exclusive = store.exec_guard();
    let dirty = ctx.s.watch.is_dirty();
    unwatch_all(store, ctx.s);
    if failed {
        return Err(Reply::error(
            "EXECABORT Transaction discarded because of previous errors.",
        ));
    }
    if dirty {
        return Ok(Reply::NilArray);
    }
    let mut replies = Vec::with_capacity(queue.len());
    for (i, args) in queue {
        let args: Vec<&[u8]> = args.iter().map(|a| &a[..]).collect();
        let reply = match call(ctx.server, store, ctx.s, i, &args) {
            // Inside EXEC the snapshot runs right here; EXEC is rare.
            Reply::Save => super::server::save_blocking(store),
            // Inside a transaction a blocking command does not block.
            Reply::Block(b) => b.on_timeout,
            other => other,
        };
        replies.push(reply);
    }
    Ok(Reply::Array(replies))
}

pub fn watch(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    if ctx.s.multi.is_some() {
        return Err(Reply::error("ERR WATCH inside MULTI is not allowed"));
    }
    for key in &args[1..] {
        let db = ctx.s.db;
        if ctx
            .s
            .watched
            .iter()
            .any(|(d, k)| *d == db && k[..] == key[..])
        {
            continue;
        }
        ctx.store.watch(db, key, &ctx.s.watch);
        ctx.s.watched.push((db, key.to_vec()));
    }
    Ok(Reply::Ok)
}

pub fn unwatch(ctx: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    unwatch_all(ctx.store, ctx.s);
    Ok(Reply::Ok)
}

pub(crate) fn unwatch_all(store: &Store, s: &mut Session) {
    for (db, key) in s.watched.drain(..) {
        store.unwatch(db, &key, &s.watch);
    }
    s.watch.clear();
}
