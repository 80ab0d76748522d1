//! `OBJECT` and `MEMORY`: what a value looks like inside, as redis-server
//! 7.0 reports it for a value of the same shape.

use super::Ctx;
use crate::resp::parse::{CmdResult, SYNTAX, int, is, text};
use crate::resp::reply::Reply;

const OBJECT_HELP: &[&str] = &[
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
];

const MEMORY_HELP: &[&str] = &[
    "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "DOCTOR",
    "    Return memory problems reports.",
    "MALLOC-STATS",
    "    Return internal statistics report from the memory allocator.",
    "PURGE",
    "    Attempt to purge dirty pages for reclamation by the allocator.",
    "STATS",
    "    Return information about the memory usage of the server.",
    "USAGE <key> [SAMPLES <count>]",
    "    Return memory in bytes used by <key> and its value. Nested values are",
    "    sampled up to <count> times (default: 5, 0 means sample all).",
    "HELP",
    "    Prints this help.",
];

fn help(lines: &[&'static str]) -> Reply {
    Reply::Array(lines.iter().map(|l| Reply::simple(l)).collect())
}

fn unknown(sub: &[u8], cmd: &str) -> Reply {
    Reply::error(format!(
        "ERR unknown subcommand '{}'. Try {cmd} HELP.",
        text(sub).chars().take(128).collect::<String>()
    ))
}

fn arity(args: &[&[u8]], want: usize, full: &str) -> Result<(), Reply> {
    if args.len() == want {
        Ok(())
    } else {
        Err(Reply::error(format!(
            "ERR wrong number of arguments for '{full}' command"
        )))
    }
}

pub fn object(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let sub = args[1];
    if is(sub, "help") {
        arity(args, 2, "object|help")?;
        return Ok(help(OBJECT_HELP));
    }
    let name = if is(sub, "encoding") {
        "object|encoding"
    } else if is(sub, "freq") {
        "object|freq"
    } else if is(sub, "idletime") {
        "object|idletime"
    } else if is(sub, "refcount") {
        "object|refcount"
    } else {
        return Err(unknown(sub, "OBJECT"));
    };
    arity(args, 3, name)?;
    let Some((encoding, refcount)) = ctx.store.object_info(ctx.s.db, args[2]) else {
        return Ok(Reply::Nil);
    };
    Ok(match name {
        "object|encoding" => Reply::bulk_str(encoding),
        "object|refcount" => Reply::Int(refcount),
        // Access times are not tracked per key (quick_cache keeps its own
        // recency bits): a key reads as just used.
        "object|idletime" => Reply::Int(0),
        _ => Reply::error(
            "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
        ),
    })
}

pub fn memory(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let sub = args[1];
    if is(sub, "help") {
        arity(args, 2, "memory|help")?;
        return Ok(help(MEMORY_HELP));
    }
    if !is(sub, "usage") {
        return Err(unknown(sub, "MEMORY"));
    }
    if args.len() < 3 {
        return Err(Reply::error(
            "ERR wrong number of arguments for 'memory|usage' command",
        ));
    }
    let mut i = 3;
    while i < args.len() {
        if is(args[i], "samples") && i + 1 < args.len() {
            int(args[i + 1])?;
            i += 2;
        } else {
            return Err(Reply::error(SYNTAX));
        }
    }
    Ok(ctx
        .store
        .memory_usage(ctx.s.db, args[2])
        .map_or(Reply::Nil, |n| Reply::Int(n as i64)))
}
