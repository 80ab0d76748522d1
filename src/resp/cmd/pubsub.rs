//! Pub/Sub commands (`resp/pubsub.rs` holds who listens to what). Replies
//! to (un)subscriptions are push frames in RESP3 and arrays in RESP2, one
//! per channel, as redis-server sends them.

use super::Ctx;
use crate::resp::parse::{CmdResult, is, text};
use crate::resp::pubsub::Subscriber;
use crate::resp::reply::Reply;
use bytes::Bytes;

fn kind(word: &'static str) -> Reply {
    Reply::Bulk(Bytes::from_static(word.as_bytes()))
}

fn subscriber<'a>(ctx: &'a mut Ctx<'_>) -> &'a mut Subscriber {
    let (id, kill) = (ctx.s.client.id, ctx.s.client.kill.clone());
    let overflowed = ctx.server.pubsub.overflowed.clone();
    ctx.s
        .sub
        .get_or_insert_with(|| Subscriber::new(id, kill, overflowed))
}

fn subscribe(ctx: &mut Ctx<'_>, args: &[&[u8]], pattern: bool) -> CmdResult {
    let server = ctx.server;
    let sub = subscriber(ctx);
    let word = if pattern { "psubscribe" } else { "subscribe" };
    let mut replies = Vec::with_capacity(args.len() - 1);
    for name in &args[1..] {
        server.pubsub.subscribe(sub, pattern, name);
        replies.push(Reply::Push(vec![
            kind(word),
            Reply::Bulk(Bytes::copy_from_slice(name)),
            Reply::Int(sub.count() as i64),
        ]));
    }
    Ok(Reply::Multi(replies))
}

fn unsubscribe(ctx: &mut Ctx<'_>, args: &[&[u8]], pattern: bool) -> CmdResult {
    let server = ctx.server;
    let sub = subscriber(ctx);
    let word = if pattern {
        "punsubscribe"
    } else {
        "unsubscribe"
    };
    let names: Vec<Bytes> = if args.len() > 1 {
        args[1..]
            .iter()
            .map(|a| Bytes::copy_from_slice(a))
            .collect()
    } else if pattern {
        sub.patterns.clone()
    } else {
        sub.channels.clone()
    };
    if names.is_empty() {
        return Ok(Reply::Multi(vec![Reply::Push(vec![
            kind(word),
            Reply::Nil,
            Reply::Int(sub.count() as i64),
        ])]));
    }
    let mut replies = Vec::with_capacity(names.len());
    for name in names {
        server.pubsub.unsubscribe(sub, pattern, &name);
        replies.push(Reply::Push(vec![
            kind(word),
            Reply::Bulk(name),
            Reply::Int(sub.count() as i64),
        ]));
    }
    Ok(Reply::Multi(replies))
}

pub fn sub(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    subscribe(ctx, args, false)
}
pub fn psub(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    subscribe(ctx, args, true)
}
pub fn unsub(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    unsubscribe(ctx, args, false)
}
pub fn punsub(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    unsubscribe(ctx, args, true)
}

pub fn publish(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    Ok(Reply::Int(
        ctx.server.pubsub.publish(
            args[1],
            args[2],
            ctx.server
                .output_limits
                .get(crate::resp::ObufClass::Pubsub)
                .hard,
        ) as i64,
    ))
}

pub fn pubsub(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let ps = &ctx.server.pubsub;
    let sub = args[1];
    let arity = |name: &str| {
        Reply::error(format!(
            "ERR wrong number of arguments for 'pubsub|{name}' command"
        ))
    };
    if is(sub, "channels") {
        if args.len() > 3 {
            return Err(Reply::error(format!(
                "ERR unknown subcommand or wrong number of arguments for '{}'. Try PUBSUB HELP.",
                text(sub)
            )));
        }
        let channels = ps.channels(args.get(2).copied());
        Ok(Reply::Array(
            channels.into_iter().map(Reply::Bulk).collect(),
        ))
    } else if is(sub, "numsub") {
        let mut out = Vec::new();
        for ch in &args[2..] {
            out.push(Reply::Bulk(Bytes::copy_from_slice(ch)));
            out.push(Reply::Int(ps.numsub(ch) as i64));
        }
        Ok(Reply::Array(out))
    } else if is(sub, "numpat") {
        if args.len() != 2 {
            return Err(arity("numpat"));
        }
        Ok(Reply::Int(ps.numpat() as i64))
    } else {
        Err(Reply::error(format!(
            "ERR unknown subcommand '{}'. Try PUBSUB HELP.",
            text(sub)
        )))
    }
}

/// The name redis-server shows for a command: `pubsub|numsub` for a known
/// subcommand of a container command.
pub fn full_name(name: &str, args: &[&[u8]]) -> String {
    const SUBS: &[(&str, &[&str])] = &[("pubsub", &["channels", "numsub", "numpat", "help"])];
    if let Some((_, subs)) = SUBS.iter().find(|(n, _)| *n == name)
        && let Some(sub) = args.get(1)
        && let Some(known) = subs.iter().find(|s| is(sub, s))
    {
        return format!("{name}|{known}");
    }
    name.to_string()
}

/// Tells a command allowed in RESP2 subscribed mode.
pub fn allowed_when_subscribed(name: &str) -> bool {
    matches!(
        name,
        "subscribe" | "psubscribe" | "unsubscribe" | "punsubscribe" | "ping" | "quit" | "reset"
    )
}
