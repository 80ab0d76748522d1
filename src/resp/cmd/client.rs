//! `CLIENT ID | SETNAME | GETNAME | SETINFO | LIST | INFO | KILL | UNBLOCK |
//! NO-EVICT | NO-TOUCH | REPLY | HELP`.

use super::{COMMANDS, Ctx};
use crate::resp::parse::{CmdResult, SYNTAX, int, is, text, wrong_args};
use crate::resp::reply::Reply;
use crate::resp::{ClientHandle, lock};
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Redis refuses names with spaces, newlines or special characters.
pub(crate) fn valid_name(raw: &[u8]) -> Result<Option<String>, Reply> {
    if raw.iter().any(|&b| !(b'!'..=b'~').contains(&b)) {
        return Err(Reply::error(
            "ERR Client names cannot contain spaces, newlines or special characters.",
        ));
    }
    Ok((!raw.is_empty()).then(|| text(raw)))
}

/// Seconds since the client's last request.
fn idle_secs(c: &ClientHandle, server_started: Instant) -> u64 {
    let last = c.last_active_ms.load(Ordering::Relaxed);
    (server_started.elapsed().as_millis() as u64).saturating_sub(last) / 1000
}

fn describe(c: &ClientHandle, server_started: Instant) -> String {
    let now = Instant::now();
    let cmd = COMMANDS
        .get(c.last_command_index.load(Ordering::Relaxed))
        .map_or("NULL", |s| s.name);
    format!(
        "id={} addr={} laddr={} fd=0 name={} age={} idle={} flags=N db={} sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd={} user=default redir=-1 resp={} lib-name={} lib-ver={}\n",
        c.id,
        c.addr,
        c.local,
        lock(&c.name).as_deref().unwrap_or(""),
        now.duration_since(c.since).as_secs(),
        idle_secs(c, server_started),
        c.db.load(Ordering::Relaxed),
        cmd,
        c.resp.load(Ordering::Relaxed),
        lock(&c.lib_name).as_deref().unwrap_or(""),
        lock(&c.lib_ver).as_deref().unwrap_or(""),
    )
}

pub fn client(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let sub = &args[1];
    let me = ctx.s.client.clone();
    let argc = args.len();
    let need = |n: usize, name: &str| {
        if argc == n {
            Ok(())
        } else {
            Err(wrong_args(name))
        }
    };
    if is(sub, "id") {
        need(2, "client|id")?;
        Ok(Reply::Int(me.id as i64))
    } else if is(sub, "setname") {
        need(3, "client|setname")?;
        *lock(&me.name) = valid_name(args[2])?;
        Ok(Reply::Ok)
    } else if is(sub, "getname") {
        need(2, "client|getname")?;
        Ok(lock(&me.name)
            .as_deref()
            .map_or(Reply::Nil, Reply::bulk_str))
    } else if is(sub, "setinfo") {
        need(4, "client|setinfo")?;
        let value = valid_name(args[3])?;
        if is(args[2], "lib-name") {
            *lock(&me.lib_name) = value;
        } else if is(args[2], "lib-ver") {
            *lock(&me.lib_ver) = value;
        } else {
            return Err(Reply::error(format!(
                "ERR Unrecognized option '{}'",
                text(args[2])
            )));
        }
        Ok(Reply::Ok)
    } else if is(sub, "info") {
        need(2, "client|info")?;
        Ok(Reply::bulk_str(&describe(&me, ctx.server.started)))
    } else if is(sub, "list") {
        let ids: Option<Vec<i64>> = match args.get(2) {
            None => None,
            Some(w) if is(w, "id") && argc > 3 => {
                Some(args[3..].iter().map(|a| int(a)).collect::<Result<_, _>>()?)
            }
            Some(w) if is(w, "type") && argc == 4 => None,
            Some(_) => return Err(Reply::error(SYNTAX)),
        };
        let list: String = ctx
            .server
            .clients()
            .values()
            .filter(|c| ids.as_ref().is_none_or(|ids| ids.contains(&(c.id as i64))))
            .map(|c| describe(c, ctx.server.started))
            .collect();
        Ok(Reply::bulk_str(&list))
    } else if is(sub, "reply") {
        need(3, "client|reply")?;
        let mode = &mut ctx.s.reply;
        if is(args[2], "on") {
            mode.off = false;
            mode.skip = false;
            Ok(Reply::Ok)
        } else if is(args[2], "off") {
            mode.off = true;
            Ok(Reply::Multi(vec![]))
        } else if is(args[2], "skip") {
            if !mode.off {
                mode.skip_next = true;
            }
            Ok(Reply::Multi(vec![]))
        } else {
            Err(Reply::error(SYNTAX))
        }
    } else if is(sub, "kill") {
        kill(ctx, args)
    } else if is(sub, "unblock") {
        unblock(ctx, args)
    } else if is(sub, "no-evict") || is(sub, "no-touch") {
        need(3, "client|no-evict")?;
        Ok(Reply::Ok)
    } else if is(sub, "help") {
        Ok(Reply::Array(
            [
                "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "ID",
                "SETNAME <name>",
                "GETNAME",
                "SETINFO <option> <value>",
                "LIST [ID id ...]",
                "INFO",
                "REPLY (ON|OFF|SKIP)",
                "KILL <ip:port> | KILL [ID id] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no]",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            ]
            .iter()
            .map(|s| Reply::Simple((*s).into()))
            .collect(),
        ))
    } else {
        Err(Reply::error(format!(
            "ERR unknown subcommand '{}'. Try CLIENT HELP.",
            text(sub)
        )))
    }
}

/// `CLIENT UNBLOCK id [TIMEOUT|ERROR]`: 1 if that client was waiting in a
/// blocking command and now gets the timeout reply (or the `UNBLOCKED`
/// error), 0 otherwise; redis-server 7.0's errors.
fn unblock(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    match args.len() {
        ..3 => return Err(wrong_args("client|unblock")),
        3 | 4 => {}
        _ => {
            return Err(Reply::error(format!(
                "ERR unknown subcommand or wrong number of arguments for '{}'. Try CLIENT HELP.",
                text(args[1])
            )));
        }
    }
    let id = int(args[2])?;
    let error = match args.get(3) {
        None => false,
        Some(r) if is(r, "timeout") => false,
        Some(r) if is(r, "error") => true,
        Some(_) => {
            return Err(Reply::error(
                "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR",
            ));
        }
    };
    let target = ctx.server.clients().get(&(id as u64)).cloned();
    let waiting = target.and_then(|c| lock(&c.unblock).take());
    Ok(Reply::Int(i64::from(
        waiting.is_some_and(|w| w.send(error).is_ok()),
    )))
}

fn kill(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let me = ctx.s.client.id;
    if args.len() == 3 {
        // Old form: CLIENT KILL ip:port.
        let addr = text(args[2]);
        let target = ctx
            .server
            .clients()
            .values()
            .find(|c| c.addr.to_string() == addr)
            .cloned();
        return match target {
            Some(c) => {
                c.kill.cancel();
                Ok(Reply::Ok)
            }
            None => Err(Reply::error("ERR No such client")),
        };
    }
    if args.len() < 4 || !args.len().is_multiple_of(2) {
        return Err(Reply::error(SYNTAX));
    }
    let (mut id, mut addr, mut laddr, mut skipme) = (None, None, None, true);
    for pair in args[2..].chunks_exact(2) {
        let (k, v) = (&pair[0], &pair[1]);
        if is(k, "id") {
            id = Some(int(v).map_err(|_| Reply::error("ERR client-id should be greater than 0"))?);
        } else if is(k, "addr") {
            addr = Some(text(v));
        } else if is(k, "laddr") {
            laddr = Some(text(v));
        } else if is(k, "skipme") {
            skipme = if is(v, "yes") {
                true
            } else if is(v, "no") {
                false
            } else {
                return Err(Reply::error(SYNTAX));
            };
        } else if is(k, "type") || is(k, "user") || is(k, "maxage") {
            // Every client is a normal client of the default user.
        } else {
            return Err(Reply::error(SYNTAX));
        }
    }
    let mut killed = 0;
    for c in ctx.server.clients().values() {
        let hit = id.is_none_or(|id| c.id as i64 == id)
            && addr.as_ref().is_none_or(|a| c.addr.to_string() == *a)
            && laddr.as_ref().is_none_or(|a| c.local.to_string() == *a)
            && !(skipme && c.id == me);
        if hit {
            c.kill.cancel();
            killed += 1;
        }
    }
    Ok(Reply::Int(killed))
}
