//! `CONFIG GET | SET | RESETSTAT | HELP`.
//!
//! The parameters clients and tools look at are real; Redis encoding
//! tunables (`hash-max-listpack-entries` and the like) are accepted and
//! ignored, since this store has no such encodings.
//! `client-output-buffer-limit` takes redis-server 7.0's syntax, values and
//! errors byte for byte: `normal` bounds every client, `pubsub`'s hard limit
//! a subscriber's queue (its soft limit is shown, not enforced), `replica`
//! is kept and shown only (there are no replicas).

use super::Ctx;
use crate::cache::glob::glob_match;
use crate::config::{OutputLimit, parse_size};
use crate::resp::ObufClass;
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

/// Redis's format, every class: `normal` from
/// `CHLORO_RESP_OUTPUT_BUFFER_LIMIT` or `CONFIG SET`, `slave` redis-server's
/// default (there are no replicas), `pubsub` the subscriber queue's bound.
fn output_buffer_limit(ctx: &Ctx<'_>) -> String {
    let limits = &ctx.server.output_limits;
    let mut out = String::new();
    for (class, name) in [
        (ObufClass::Normal, "normal"),
        (ObufClass::Replica, "slave"),
        (ObufClass::Pubsub, "pubsub"),
    ] {
        let l = limits.get(class);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!("{name} {} {} {}", l.hard, l.soft, l.soft_secs));
    }
    out
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
        set_all(ctx, &args[2..])
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

/// A checked `CONFIG SET` value, applied once every value is checked.
enum Change {
    Nothing,
    MaxMemory(u64),
    Timeout(u64),
    OutputLimits(Vec<(ObufClass, OutputLimit)>),
}

/// The parameters `CONFIG SET` changes (besides the accepted tunables).
const SETTABLE: &[&str] = &[
    "maxmemory",
    "maxmemory-policy",
    "save",
    "appendonly",
    "timeout",
    "client-output-buffer-limit",
];

/// `CONFIG SET name value [name value …]` as redis-server 7.0 runs it: the
/// names are looked up first (an unknown one is reported as given, unless
/// an immutable or repeated one came before it), then each value is checked
/// in order, and only when all are valid is any applied: one bad value
/// changes nothing.
fn set_all(ctx: &Ctx<'_>, pairs: &[&[u8]]) -> CmdResult {
    let mut names: Vec<&'static str> = Vec::new();
    let mut unknown: Option<String> = None;
    for pair in pairs.chunks_exact(2) {
        let given = text(pair[0]);
        let lower = given.to_ascii_lowercase();
        let Some(name) = SETTABLE
            .iter()
            .chain(IMMUTABLE)
            .chain(TUNABLES)
            .find(|n| **n == lower)
            .copied()
        else {
            unknown.get_or_insert(given);
            continue;
        };
        if unknown.is_some() {
            continue;
        }
        if IMMUTABLE.contains(&name) {
            return Err(failed(&given, "can't set immutable config"));
        }
        if names.contains(&name) {
            return Err(failed(&given, "duplicate parameter"));
        }
        names.push(name);
    }
    if let Some(name) = unknown {
        return Err(Reply::error(format!(
            "ERR Unknown option or number of arguments for CONFIG SET - '{name}'"
        )));
    }
    let changes = names
        .iter()
        .zip(pairs.chunks_exact(2))
        .map(|(name, pair)| check(name, pair[1]))
        .collect::<Result<Vec<_>, _>>()?;
    for change in changes {
        match change {
            Change::Nothing => {}
            Change::MaxMemory(bytes) => ctx.store.set_max_memory(bytes),
            Change::Timeout(secs) => ctx.server.idle_timeout_secs.store(secs, Ordering::Relaxed),
            Change::OutputLimits(classes) => {
                for (class, limit) in classes {
                    ctx.server.output_limits.set(class, limit);
                }
            }
        }
    }
    Ok(Reply::Ok)
}

/// Checks one value; `name` is the parameter's canonical name.
fn check(name: &str, value: &[u8]) -> Result<Change, Reply> {
    Ok(match name {
        "maxmemory" => {
            let bytes = parse_size(&text(value))
                .map_err(|_| failed(name, "argument must be a memory value"))?;
            if bytes < (1 << 20) {
                return Err(failed(name, "must be at least 1mb"));
            }
            Change::MaxMemory(bytes)
        }
        "maxmemory-policy" => {
            if !is(value, "allkeys-lru") {
                return Err(failed(name, "only allkeys-lru is supported"));
            }
            Change::Nothing
        }
        "appendonly" => {
            if !is(value, "no") {
                return Err(failed(name, "append-only persistence is not supported"));
            }
            Change::Nothing
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
            Change::Timeout(secs as u64)
        }
        "client-output-buffer-limit" => {
            Change::OutputLimits(output_limits(value).map_err(|why| failed(name, why))?)
        }
        // `save` and the tunables are accepted and ignored.
        _ => Change::Nothing,
    })
}

/// `client-output-buffer-limit`'s value, parsed as redis-server 7.0's
/// `setConfigClientOutputBufferLimitOption`: split on single spaces,
/// `<class> <hard> <soft> <seconds>` repeated, classes `normal`, `replica`
/// (or `slave`) and `pubsub` in any case, sizes as its `memtoull`, seconds
/// as `strtoll` then truncated to a C `int`. The whole value is checked
/// before any class is set.
fn output_limits(value: &[u8]) -> Result<Vec<(ObufClass, OutputLimit)>, &'static str> {
    let words: Vec<&[u8]> = if value.is_empty() {
        Vec::new()
    } else {
        value.split(|&b| b == b' ').collect()
    };
    if !words.len().is_multiple_of(4) {
        return Err("Wrong number of arguments in buffer limit configuration.");
    }
    let mut classes = Vec::new();
    for w in words.chunks_exact(4) {
        let class = if is(w[0], "normal") {
            ObufClass::Normal
        } else if is(w[0], "replica") || is(w[0], "slave") {
            ObufClass::Replica
        } else if is(w[0], "pubsub") {
            ObufClass::Pubsub
        } else {
            return Err("Invalid client class specified in buffer limit configuration.");
        };
        const BAD: &str =
            "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
        let (Some(hard), Some(soft), Some(secs)) = (memtoull(w[1]), memtoull(w[2]), c_int(w[3]))
        else {
            return Err(BAD);
        };
        let Ok(soft_secs) = u64::try_from(secs) else {
            return Err(BAD);
        };
        classes.push((
            class,
            OutputLimit {
                hard,
                soft,
                soft_secs,
            },
        ));
    }
    Ok(classes)
}

/// redis-server 7.0's `memtoull`: digits (none reads as 0) then an
/// optional unit `b`, `k`, `kb`, `m`, `mb`, `g` or `gb` in any case; too
/// many digits saturate (`strtoull`) and the unit's product wraps, as in C.
fn memtoull(word: &[u8]) -> Option<u64> {
    if word.first() == Some(&b'-') {
        return None;
    }
    let split = word
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(word.len());
    let (digits, unit) = word.split_at(split);
    let mul: u64 = match unit.to_ascii_lowercase().as_slice() {
        b"" | b"b" => 1,
        b"k" => 1000,
        b"kb" => 1024,
        b"m" => 1000 * 1000,
        b"mb" => 1024 * 1024,
        b"g" => 1000 * 1000 * 1000,
        b"gb" => 1024 * 1024 * 1024,
        _ => return None,
    };
    if digits.len() >= 128 {
        return None;
    }
    let n = digits.iter().fold(0u64, |n, d| {
        n.checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
            .unwrap_or(u64::MAX)
    });
    Some(n.wrapping_mul(mul))
}

/// `(int) strtoll(word, &end, 10)` with `*end == '\0'` required: leading C
/// white space and a sign are allowed, an empty word is 0, overflow
/// saturates before the truncation to 32 bits.
fn c_int(word: &[u8]) -> Option<i32> {
    let start = word
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        .unwrap_or(word.len());
    let rest = &word[start..];
    if rest.is_empty() {
        // Nothing converted: `end` is the start of the (blank) word.
        return word.is_empty().then_some(0);
    }
    let (negative, digits) = match rest[0] {
        b'-' => (true, &rest[1..]),
        b'+' => (false, &rest[1..]),
        _ => (false, rest),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let magnitude = digits.iter().fold(0i128, |n, d| {
        (n * 10 + i128::from(d - b'0')).min(i128::from(i64::MAX) + 1)
    });
    let value = if negative { -magnitude } else { magnitude };
    let saturated = value.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    Some(saturated as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_seconds_read_as_redis_server_reads_them() {
        assert_eq!(memtoull(b"1mB"), Some(1 << 20));
        assert_eq!(memtoull(b"1k"), Some(1000));
        assert_eq!(memtoull(b""), Some(0));
        assert_eq!(memtoull(b"kb"), Some(0));
        assert_eq!(memtoull(b"18446744073709551616"), Some(u64::MAX));
        assert_eq!(
            memtoull(b"18446744073709551615kb"),
            Some(18446744073709550592)
        );
        for bad in [&b"-0"[..], b"+1", b" 1", b"1.5mb", b"0x10", b"1bb"] {
            assert_eq!(memtoull(bad), None, "{bad:?}");
        }
        assert_eq!(c_int(b""), Some(0));
        assert_eq!(c_int(b"+3"), Some(3));
        assert_eq!(c_int(b"\t3"), Some(3));
        assert_eq!(c_int(b"-0"), Some(0));
        assert_eq!(c_int(b"99999999999"), Some(1215752191));
        assert_eq!(c_int(b"4294967296"), Some(0));
        assert_eq!(c_int(b"3000000000"), Some(-1294967296));
        assert_eq!(c_int(b"9999999999999999999999"), Some(-1));
        for bad in [&b"+"[..], b"3x", b"3\t", b" "] {
            assert_eq!(c_int(bad), None, "{bad:?}");
        }
    }
}
