//! Server commands: DBSIZE FLUSHDB FLUSHALL TIME SAVE BGSAVE LASTSAVE.

use super::Ctx;
use crate::cache::Store;
use crate::resp::Server;
use crate::resp::parse::{CmdResult, SYNTAX, is};
use crate::resp::reply::Reply;
use std::sync::Arc;

pub fn dbsize(ctx: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    Ok(Reply::Int(ctx.store.dbsize(ctx.s.db) as i64))
}

/// `ASYNC`/`SYNC` are accepted; flushing is immediate either way.
fn flush_mode(args: &[&[u8]]) -> Result<(), Reply> {
    match args {
        [_] => Ok(()),
        [_, mode] if is(mode, "async") || is(mode, "sync") => Ok(()),
        _ => Err(Reply::error(SYNTAX)),
    }
}

pub fn flushdb(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    flush_mode(args)?;
    ctx.store.flush_db(ctx.s.db);
    Ok(Reply::Ok)
}

pub fn flushall(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    flush_mode(args)?;
    ctx.store.flush_all();
    Ok(Reply::Ok)
}

pub fn time(_: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    let now = Server::unix_time();
    Ok(Reply::Array(vec![
        Reply::bulk_str(&now.as_secs().to_string()),
        Reply::bulk_str(&now.subsec_micros().to_string()),
    ]))
}

const IN_PROGRESS: &str = "ERR Background save already in progress";

pub fn save_cmd(ctx: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    if ctx.store.save_info().in_progress {
        return Err(Reply::error(IN_PROGRESS));
    }
    Ok(Reply::Save)
}

/// Runs `SAVE` for a connection: off the async workers, then the outcome.
pub(crate) async fn save(store: &Arc<Store>) -> Reply {
    match crate::cache::save_in_background(store.clone()).await {
        Ok(()) => Reply::Ok,
        Err(_) => Reply::error("ERR snapshot failed, see the appliance log"),
    }
}

/// `SAVE` inside `EXEC`.
pub(crate) fn save_blocking(store: &Store) -> Reply {
    match store.snapshot_now() {
        Ok(()) => Reply::Ok,
        Err(e) => {
            tracing::warn!(error = format!("{e:#}"), "cache snapshot failed");
            Reply::error("ERR snapshot failed, see the appliance log")
        }
    }
}

pub fn bgsave(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    match args {
        [_] => {}
        [_, w] if is(w, "schedule") => {}
        _ => return Err(Reply::error(SYNTAX)),
    }
    if ctx.store.save_info().in_progress {
        return Err(Reply::error(IN_PROGRESS));
    }
    let store = ctx.server.store.clone();
    tokio::spawn(crate::cache::save_in_background(store));
    Ok(Reply::simple("Background saving started"))
}

pub fn lastsave(ctx: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    Ok(Reply::Int(ctx.store.save_info().last_save as i64))
}
