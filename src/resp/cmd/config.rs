//! `CONFIG GET | SET | RESETSTAT | HELP`.
//!
//! The parameters clients and tools look at are real; Redis encoding
//! tunables (`hash-max-listpack-entries` and the like) are accepted and
//! ignored, since this store has no such encodings.

use super::Ctx;
use crate::cache::glob::glob_match;
use crate::config::parse_size;
use crate::resp::frame::MAX_BULK;
use crate::resp::parse::{CmdResult, int, is, text, wrong_args};
use crate::resp::reply::Reply;
use std::sync::atomic::Ordering;

const TUNABLES: &[&str] = &[
    "hash-max-listpack-entries",
    "hash-max-listpack-value",
    "hash-max-ziplist-entries",
    "hash-max-ziplist-value",
    "list-max-listpack-size",
    "list-max-ziplist-size",
    "list-compress-depth",
    "set-max-intset-entries",
    "set-max-listpack-entries",
    "set-max-listpack-value",
    "zset-max-listpack-entries",
    "zset-max-listpack-value",
    "zset-max-ziplist-entries",
    "zset-max-ziplist-value",
    "activerehashing",
    "activedefrag",
    "hz",
    "dynamic-hz",
    "maxmemory-samples",
    "lazyfree-lazy-eviction",
    "lazyfree-lazy-expire",
    "lazyfree-lazy-server-del",
    "lazyfree-lazy-user-del",
    "lazyfree-lazy-user-flush",
    "latency-tracking",
    "slowlog-log-slower-than",
    "slowlog-max-len",
    "tcp-keepalive",
];

const IMMUTABLE: &[&str] = &["databases", "port", "bind", "requirepass", "maxclients"];

fn current(ctx: &Ctx<'_>) -> Vec<(&'static str, String)> {
    let interval = ctx.store.snapshot_interval().as_secs();
    vec![
        ("maxmemory", ctx.store.max_memory().to_string()),
        ("maxmemory-policy", "allkeys-lru".into()),
        (
            "save",
            if interval == 0 {
                String::new()
            } else {
                format!("{interval} 1")
            },
        ),
        ("appendonly", "no".into()),
        (
            "requirepass",
            ctx.server
                .password
                .as_ref()
                .map_or(String::new(), |p| p.expose().to_string()),
        ),
        (
            "timeout",
            ctx.server
                .idle_timeout_secs
                .load(Ordering::Relaxed)
                .to_string(),
        ),
        ("databases", crate::cache::DATABASES.to_string()),
        ("maxclients", ctx.server.max_clients.to_string()),
        ("port", ctx.server.local.port().to_string()),
        ("bind", ctx.server.local.ip().to_string()),
        ("proto-max-bulk-len", MAX_BULK.to_string()),
        ("client-output-buffer-limit", output_buffer_limit(ctx)),
    ]
}

/// Redis's format: the normal class is `CHLORO_RESP_OUTPUT_BUFFER_LIMIT`,
/// the replica class redis-server's default (there are no replicas), the
/// pubsub class the subscriber queue's fixed limit.
fn output_buffer_limit(ctx: &Ctx<'_>) -> String {
    let l = ctx.server.output_limit;
    format!(
        "normal {} {} {} slave 268435456 67108864 60 pubsub {} 0 0",
        l.hard,
        l.soft,
        l.soft_secs,
        crate::resp::pubsub::MAX_PENDING_BYTES
    )
}

pub fn config(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let sub = &args[1];
    if is(sub, "get") {
        if args.len() < 3 {
            return Err(wrong_args("config|get"));
        }
        let all = current(ctx);
        let mut pairs = Vec::new();
        for (name, value) in &all {
            if args[2..]
                .iter()
                .any(|p| glob_match(&p.to_ascii_lowercase(), name.as_bytes()))
            {
                pairs.push((Reply::bulk_str(name), Reply::bulk_str(value)));
            }
        }
        for t in TUNABLES {
            if args[2..]
                .iter()
                .any(|p| p.eq_ignore_ascii_case(t.as_bytes()))
            {
                pairs.push((Reply::bulk_str(t), Reply::bulk_str("0")));
            }
        }
        Ok(Reply::Map(pairs))
    } else if is(sub, "set") {
        if args.len() < 4 || !args.len().is_multiple_of(2) {
            return Err(wrong_args("config|set"));
        }
        for pair in args[2..].chunks_exact(2) {
            set(ctx, &text(pair[0]).to_ascii_lowercase(), pair[1])?;
        }
        Ok(Reply::Ok)
    } else if is(sub, "resetstat") {
        ctx.store.stats().reset();
        ctx.server.stats.commands.reset();
        for c in [&ctx.server.stats.connections, &ctx.server.stats.rejected] {
            c.store(0, Ordering::Relaxed);
        }
        ctx.server.stats.net_input.reset();
        ctx.server.stats.net_output.reset();
        Ok(Reply::Ok)
    } else if is(sub, "help") {
        Ok(Reply::Array(
            [
                "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "GET <pattern>",
                "SET <directive> <value>",
                "RESETSTAT",
                "HELP",
            ]
            .iter()
            .map(|s| Reply::Simple((*s).into()))
            .collect(),
        ))
    } else {
        Err(Reply::error(format!(
            "ERR unknown subcommand '{}'. Try CONFIG HELP.",
            text(sub)
        )))
    }
}

fn failed(name: &str, why: &str) -> Reply {
    Reply::error(format!(
        "ERR CONFIG SET failed (possibly related to argument '{name}') - {why}"
    ))
}

fn set(ctx: &Ctx<'_>, name: &str, value: &[u8]) -> Result<(), Reply> {
    match name {
        "maxmemory" => {
            let bytes = parse_size(&text(value))
                .map_err(|_| failed(name, "argument must be a memory value"))?;
            if bytes < (1 << 20) {
                return Err(failed(name, "must be at least 1mb"));
            }
            ctx.store.set_max_memory(bytes);
        }
        "maxmemory-policy" => {
            if !is(value, "allkeys-lru") {
                return Err(failed(name, "only allkeys-lru is supported"));
            }
        }
        "save" => {}
        "appendonly" => {
            if !is(value, "no") {
                return Err(failed(name, "append-only persistence is not supported"));
            }
        }
        "timeout" => {
            let secs = int(value)
                .map_err(|_| failed(name, "argument couldn't be parsed into an integer"))?;
            if secs < 0 {
                return Err(failed(
                    name,
                    "argument must be between 0 and 2147483647 inclusive",
                ));
            }
            ctx.server
                .idle_timeout_secs
                .store(secs as u64, Ordering::Relaxed);
        }
        n if IMMUTABLE.contains(&n) => return Err(failed(n, "can't set immutable config")),
        n if TUNABLES.contains(&n) => {}
        n => {
            return Err(Reply::error(format!(
                "ERR Unknown option or number of arguments for CONFIG SET - '{n}'"
            )));
        }
    }
    Ok(())
}
