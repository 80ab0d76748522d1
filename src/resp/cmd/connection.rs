//! Connection commands: PING ECHO AUTH HELLO SELECT QUIT RESET.

use super::Ctx;
use crate::cache::DATABASES;
use crate::resp::parse::{CmdResult, SYNTAX, is, text};
use crate::resp::reply::Reply;
use crate::resp::{REDIS_VERSION, lock};
use bytes::Bytes;
use std::sync::atomic::Ordering;

pub fn ping(_: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    match args {
        [_] => Ok(Reply::simple("PONG")),
        [_, msg] => Ok(Reply::Bulk(Bytes::copy_from_slice(msg))),
        _ => Err(crate::resp::parse::wrong_args("ping")),
    }
}

pub fn echo(_: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::Bulk(Bytes::copy_from_slice(args[1])))
}

const WRONGPASS: &str = "WRONGPASS invalid username-password pair or user is disabled.";

/// Checks credentials for the only user, `default`.
fn check(ctx: &Ctx<'_>, user: &[u8], pass: &[u8]) -> bool {
    if user != b"default" {
        return false;
    }
    match &ctx.server.password {
        // `default` has no password: any password is accepted, as Redis's `nopass`.
        None => true,
        Some(secret) => constant_time_eq(secret.expose().as_bytes(), pass),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn auth(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let (user, pass): (&[u8], &[u8]) = match args {
        [_, pass] => {
            if ctx.server.password.is_none() {
                return Err(Reply::error(
                    "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
                ));
            }
            (b"default", pass)
        }
        [_, user, pass] => (user, pass),
        _ => return Err(Reply::error(SYNTAX)),
    };
    if check(ctx, user, pass) {
        ctx.s.authenticated = true;
        Ok(Reply::Ok)
    } else {
        // Never log what was tried.
        tracing::debug!(client = ctx.s.client.id, "RESP authentication failed");
        Err(Reply::error(WRONGPASS))
    }
}

pub fn hello(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let mut proto = None;
    let mut name = None;
    if let Some(v) = args.get(1) {
        let v = crate::cache::parse_i64(v).ok_or(Reply::error(
            "ERR Protocol version is not an integer or out of range",
        ))?;
        if v != 2 && v != 3 {
            return Err(Reply::error("NOPROTO unsupported protocol version"));
        }
        proto = Some(v);
        let mut i = 2;
        while i < args.len() {
            let opt = &args[i];
            if is(opt, "auth") && i + 2 < args.len() {
                if !check(ctx, args[i + 1], args[i + 2]) {
                    return Err(Reply::error(WRONGPASS));
                }
                ctx.s.authenticated = true;
                i += 3;
            } else if is(opt, "setname") && i + 1 < args.len() {
                name = Some(super::client::valid_name(args[i + 1])?);
                i += 2;
            } else {
                return Err(Reply::error(format!(
                    "ERR Syntax error in HELLO option '{}'",
                    text(opt)
                )));
            }
        }
    }
    if !ctx.s.authenticated {
        return Err(Reply::error(
            "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
        ));
    }
    if let Some(name) = name {
        *lock(&ctx.s.client.name) = name;
    }
    if let Some(p) = proto {
        ctx.s.resp3 = p == 3;
        ctx.s.client.resp.store(p as u8, Ordering::Relaxed);
    }
    Ok(Reply::Map(vec![
        (Reply::bulk_str("server"), Reply::bulk_str("redis")),
        (Reply::bulk_str("version"), Reply::bulk_str(REDIS_VERSION)),
        (
            Reply::bulk_str("proto"),
            Reply::Int(if ctx.s.resp3 { 3 } else { 2 }),
        ),
        (Reply::bulk_str("id"), Reply::Int(ctx.s.client.id as i64)),
        (Reply::bulk_str("mode"), Reply::bulk_str("standalone")),
        (Reply::bulk_str("role"), Reply::bulk_str("master")),
        (Reply::bulk_str("modules"), Reply::Array(vec![])),
    ]))
}

pub fn select(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let db = crate::resp::parse::int(args[1])?;
    if !(0..i64::from(DATABASES)).contains(&db) {
        return Err(Reply::error("ERR DB index is out of range"));
    }
    ctx.s.set_db(db as u8);
    Ok(Reply::Ok)
}

pub fn quit(ctx: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    ctx.s.quit = true;
    Ok(Reply::Ok)
}

pub fn reset(ctx: &mut Ctx<'_>, _: &[&[u8]]) -> CmdResult {
    ctx.s.multi = None;
    ctx.s.multi_failed = false;
    super::transactions::unwatch_all(ctx.store, ctx.s);
    ctx.s.set_db(0);
    ctx.s.resp3 = false;
    ctx.s.client.resp.store(2, Ordering::Relaxed);
    ctx.s.scan = None;
    ctx.s.reply = super::ReplyMode::default();
    if let Some(sub) = &mut ctx.s.sub {
        ctx.server.pubsub.forget(sub);
    }
    *lock(&ctx.s.client.name) = None;
    ctx.s.authenticated = ctx.server.password.is_none();
    Ok(Reply::simple("RESET"))
}
