//! `INFO [section ...]`, in Redis's `# Section` / `field:value` format.

use super::Ctx;
use crate::resp::REDIS_VERSION;
use crate::resp::parse::{CmdResult, text};
use crate::resp::reply::Reply;
use bytes::Bytes;
use std::fmt::Write;
use std::sync::atomic::Ordering;

const DEFAULT: &[&str] = &[
    "server",
    "clients",
    "memory",
    "persistence",
    "stats",
    "replication",
    "cpu",
    "keyspace",
];

pub fn info(ctx: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let mut wanted: Vec<String> = args[1..]
        .iter()
        .map(|a| text(a).to_ascii_lowercase())
        .collect();
    if wanted.is_empty() || wanted.iter().any(|w| w == "default") {
        wanted.extend(DEFAULT.iter().map(|s| s.to_string()));
    }
    if wanted.iter().any(|w| w == "all" || w == "everything") {
        wanted.extend(DEFAULT.iter().map(|s| s.to_string()));
        wanted.push("commandstats".into());
    }
    let mut out = String::new();
    for section in [
        "server",
        "clients",
        "memory",
        "persistence",
        "stats",
        "replication",
        "cpu",
        "commandstats",
        "keyspace",
    ] {
        if wanted.iter().any(|w| w == section) {
            if !out.is_empty() {
                out.push_str("\r\n");
            }
            render(ctx, section, &mut out);
        }
    }
    Ok(Reply::Bulk(Bytes::from(out)))
}

/// CPU seconds of this process and of its waited-for children, from
/// `/proc/self/stat` (utime, stime, cutime, cstime; clock ticks of 1/100 s,
/// the value of `USER_HZ` on every Linux the appliance ships for).
fn cpu_times() -> [f64; 4] {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0) as f64
            / 100.0
    };
    // utime is field 14 of the line, i.e. index 11 after the state field.
    [tick(11), tick(12), tick(13), tick(14)]
}

/// Resident set size of this process, from `/proc/self/statm`.
pub fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

fn human(n: u64) -> String {
    let n = n as f64;
    if n >= (1u64 << 30) as f64 {
        format!("{:.2}G", n / (1u64 << 30) as f64)
    } else if n >= (1u64 << 20) as f64 {
        format!("{:.2}M", n / (1u64 << 20) as f64)
    } else if n >= 1024.0 {
        format!("{:.2}K", n / 1024.0)
    } else {
        format!("{n}B")
    }
}

fn line(out: &mut String, k: &str, v: &dyn std::fmt::Display) {
    let _ = write!(out, "{k}:{v}\r\n");
}

fn render(ctx: &Ctx<'_>, section: &str, out: &mut String) {
    let server = ctx.server;
    let store = ctx.store;
    match section {
        "server" => {
            let up = server.started.elapsed().as_secs();
            let _ = write!(out, "# Server\r\n");
            line(out, "redis_version", &REDIS_VERSION);
            line(out, "chloromaster_version", &env!("CARGO_PKG_VERSION"));
            line(out, "redis_mode", &"standalone");
            line(out, "os", &std::env::consts::OS);
            line(out, "arch_bits", &64);
            line(out, "process_id", &std::process::id());
            line(out, "tcp_port", &server.local.port());
            line(out, "uptime_in_seconds", &up);
            line(out, "uptime_in_days", &(up / 86400));
        }
        "clients" => {
            let _ = write!(out, "# Clients\r\n");
            line(out, "connected_clients", &server.client_count());
            line(out, "maxclients", &server.max_clients);
            line(out, "blocked_clients", &store.blocked_clients());
        }
        "memory" => {
            let used = store.used_memory();
            let rss = rss_bytes();
            let max = store.max_memory();
            let _ = write!(out, "# Memory\r\n");
            line(out, "used_memory", &used);
            line(out, "used_memory_human", &human(used));
            line(out, "used_memory_rss", &rss);
            line(out, "used_memory_rss_human", &human(rss));
            line(out, "maxmemory", &max);
            line(out, "maxmemory_human", &human(max));
            line(out, "maxmemory_policy", &"allkeys-lru");
            line(out, "mem_allocator", &"libc");
            line(
                out,
                "mem_fragmentation_ratio",
                &format!("{:.2}", rss as f64 / used.max(1) as f64),
            );
        }
        "cpu" => {
            let [user, sys, user_children, sys_children] = cpu_times();
            let _ = write!(out, "# CPU\r\n");
            line(out, "used_cpu_sys", &format!("{sys:.6}"));
            line(out, "used_cpu_user", &format!("{user:.6}"));
            line(out, "used_cpu_sys_children", &format!("{sys_children:.6}"));
            line(
                out,
                "used_cpu_user_children",
                &format!("{user_children:.6}"),
            );
        }
        "persistence" => {
            let s = store.save_info();
            let _ = write!(out, "# Persistence\r\n");
            line(out, "loading", &0);
            line(out, "rdb_changes_since_last_save", &s.changes_since_save);
            line(out, "rdb_bgsave_in_progress", &u8::from(s.in_progress));
            line(out, "rdb_last_save_time", &s.last_save);
            line(
                out,
                "rdb_last_bgsave_status",
                &if s.last_ok { "ok" } else { "err" },
            );
            line(
                out,
                "rdb_last_bgsave_time_sec",
                &(s.last_duration_ms / 1000),
            );
            line(out, "snapshot_enabled", &u8::from(s.enabled));
            line(out, "snapshot_last_duration_ms", &s.last_duration_ms);
            line(out, "snapshot_last_keys", &s.last_keys);
            line(out, "aof_enabled", &0);
        }
        "stats" => {
            let st = store.stats();
            let ss = &server.stats;
            let _ = write!(out, "# Stats\r\n");
            line(
                out,
                "total_connections_received",
                &ss.connections.load(Ordering::Relaxed),
            );
            line(out, "total_commands_processed", &ss.commands.total_calls());
            line(out, "total_net_input_bytes", &ss.net_input.sum());
            line(out, "total_net_output_bytes", &ss.net_output.sum());
            line(
                out,
                "rejected_connections",
                &ss.rejected.load(Ordering::Relaxed),
            );
            line(out, "expired_keys", &st.expired.sum());
            line(out, "evicted_keys", &st.evicted.load(Ordering::Relaxed));
            line(out, "keyspace_hits", &st.hits.sum());
            line(out, "keyspace_misses", &st.misses.sum());
            line(out, "pubsub_channels", &server.pubsub.channels(None).len());
            line(out, "pubsub_patterns", &server.pubsub.numpat());
            // Redis 7.2's name; Pub/Sub subscribers closed for falling behind.
            line(
                out,
                "client_output_buffer_limit_disconnections",
                &server.pubsub.overflowed.load(Ordering::Relaxed),
            );
        }
        "replication" => {
            line(out, "# Replication\r\nrole", &"master");
            line(out, "connected_slaves", &0);
        }
        "commandstats" => {
            let _ = write!(out, "# Commandstats\r\n");
            for (spec, s) in server.stats.commands.iter() {
                let (calls, rejected) = (s.calls, s.rejected);
                if calls == 0 && rejected == 0 {
                    continue;
                }
                let usec = s.usec;
                let _ = write!(
                    out,
                    "cmdstat_{}:calls={calls},usec={usec},usec_per_call={:.2},rejected_calls={rejected},failed_calls={}\r\n",
                    spec.name,
                    usec as f64 / calls.max(1) as f64,
                    s.failed,
                );
            }
        }
        "keyspace" => {
            let _ = write!(out, "# Keyspace\r\n");
            for (db, (keys, expires)) in store.db_stats().iter().enumerate() {
                if *keys > 0 {
                    let _ = write!(out, "db{db}:keys={keys},expires={expires},avg_ttl=0\r\n");
                }
            }
        }
        _ => {}
    }
}
