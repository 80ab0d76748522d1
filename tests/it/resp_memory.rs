//! The cache store's memory bound on the real binary, with
//! `CHLORO_CACHE_MAX_MEMORY=64mb`, through real clients (the `redis` crate
//! and `redis-benchmark`):
//! - one list, set, sorted set, hash or string grows to 40 MB, far beyond
//!   the old per-shard limit (7 MB at this budget on 2 cores), evicting
//!   the other keys; `INFO used_memory` never exceeds `maxmemory`; a value
//!   that would outgrow the budget is refused with the OOM error;
//! - lists, sets and sorted sets filled to eviction and churned keep the
//!   process's RSS within the honest-charge bound: idle RSS plus 1.3 × the
//!   budget.
//!
//! `cargo nextest run --test it resp_memory::`

use redis::aio::MultiplexedConnection;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");
const BUDGET: u64 = 64 << 20;
/// The honest-charge bound: RSS above the idle process, over the budget.
const RSS_FACTOR: f64 = 1.3;

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .expect("status")
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect(field)
}

struct App {
    child: tokio::process::Child,
    addr: String,
    pid: u32,
    /// VmRSS once the idle process has settled, bytes.
    idle_rss: u64,
    _dir: tempfile::TempDir,
}

impl App {
    async fn start() -> App {
        use std::io::{BufRead, BufReader};
        let dir = tempfile::tempdir().expect("tempdir");
        let mut child = tokio::process::Command::new(BIN)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
            .env("CHLORO_RESP_ADDR", "127.0.0.1:0")
            .env("CHLORO_METRICS_ADDR", "")
            .env("CHLORO_CACHE_MAX_MEMORY", "64mb")
            // No snapshot during the runs: one holds every value while it
            // writes, so each value written meanwhile is copied (its
            // `Arc` is shared), and the churned sets then stood at
            // 1.38–1.42x in the runs that lasted past the 60 s default,
            // 1.15x in those that did not. That transient is documented
            // (ARCHITECTURE.md, `src/cache/`), not held to this bound.
            .env("CHLORO_CACHE_SNAPSHOT_SECS", "3600")
            .env("CHLORO_DATA_DIR", dir.path())
            .env("CHLORO_LOG_FORMAT", "journald")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn");
        let stderr = child
            .stderr
            .take()
            .expect("stderr")
            .into_owned_fd()
            .expect("fd");
        let addr = tokio::task::spawn_blocking(move || {
            let mut lines = BufReader::new(std::fs::File::from(stderr)).lines();
            let addr = loop {
                let line = lines.next().expect("RESP address logged").expect("log");
                if let Some(rest) = line.split("RESP listening on ").nth(1) {
                    break rest.split_whitespace().next().expect("address").to_owned();
                }
            };
            std::thread::spawn(move || for _ in lines {});
            addr
        })
        .await
        .expect("log reader");
        let pid = child.id().expect("pid");
        // The start-up peak comes a little after the listeners are logged:
        // wait until RSS holds still for 300 ms (at most 5 s).
        let mut last = status_kb(pid, "VmRSS:");
        for _ in 0..16 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let now = status_kb(pid, "VmRSS:");
            if now == last {
                break;
            }
            last = now;
        }
        App {
            child,
            addr,
            pid,
            idle_rss: last * 1024,
            _dir: dir,
        }
    }

    async fn con(&self) -> MultiplexedConnection {
        redis::Client::open(format!("redis://{}/", self.addr))
            .expect("client")
            .get_multiplexed_async_connection()
            .await
            .expect("connect")
    }

    fn rss(&self) -> u64 {
        status_kb(self.pid, "VmRSS:") * 1024
    }

    /// Asserts RSS ≤ idle + 1.3 × budget, and prints it.
    fn check_rss(&self, what: &str) {
        let rss = self.rss();
        let above = rss.saturating_sub(self.idle_rss);
        eprintln!(
            "{what}: RSS {:.1} MB (idle {:.1} MB), {:.2}x the budget above idle",
            rss as f64 / 1048576.0,
            self.idle_rss as f64 / 1048576.0,
            above as f64 / BUDGET as f64
        );
        assert!(
            above as f64 <= RSS_FACTOR * BUDGET as f64,
            "{what}: RSS {rss} is {above} above idle {}, more than {RSS_FACTOR} x {BUDGET}",
            self.idle_rss
        );
    }

    /// Runs `redis-benchmark` against the appliance (`-c 50 -P 16`), with
    /// `args` after those (`-n`, `-r`, the command).
    async fn benchmark(&self, args: &[&str]) {
        let (host, port) = self.addr.rsplit_once(':').expect("host:port");
        let out = tokio::time::timeout(
            Duration::from_secs(300),
            tokio::process::Command::new("redis-benchmark")
                .args(["-h", host, "-p", port, "-c", "50", "-P", "16", "-q"])
                .args(args)
                .kill_on_drop(true)
                .output(),
        )
        .await
        .expect("redis-benchmark within 300 s")
        .unwrap_or_else(|e| {
            panic!("redis-benchmark must be installed (Debian package redis-tools): {e}")
        });
        assert!(
            out.status.success(),
            "redis-benchmark {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `used_memory` and `maxmemory` from `INFO memory`.
async fn memory(con: &mut MultiplexedConnection) -> (u64, u64) {
    let info: String = redis::cmd("INFO")
        .arg("memory")
        .query_async(con)
        .await
        .expect("INFO memory");
    let field = |name: &str| -> u64 {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} in {info}"))
    };
    (field("used_memory:"), field("maxmemory:"))
}

async fn check_used(con: &mut MultiplexedConnection, what: &str) -> u64 {
    let (used, max) = memory(con).await;
    assert!(used <= max, "{what}: used_memory {used} > maxmemory {max}");
    used
}

async fn memory_usage(con: &mut MultiplexedConnection, key: &str) -> u64 {
    redis::cmd("MEMORY")
        .arg("USAGE")
        .arg(key)
        .query_async::<Option<u64>>(con)
        .await
        .expect("MEMORY USAGE")
        .unwrap_or(0)
}

/// The command adding the `batch`-th 1000 elements (~200 bytes each) to
/// a value of `kind` at `big`.
fn grow(kind: &str, batch: usize) -> redis::Cmd {
    let pad = "p".repeat(180);
    let ids = batch * 1000..(batch + 1) * 1000;
    let mut c;
    match kind {
        "list" => {
            c = redis::cmd("RPUSH");
            c.arg("big");
            for i in ids {
                c.arg(format!("e:{i:012}:{pad}"));
            }
        }
        "set" => {
            c = redis::cmd("SADD");
            c.arg("big");
            for i in ids {
                c.arg(format!("m:{i:012}:{pad}"));
            }
        }
        "zset" => {
            c = redis::cmd("ZADD");
            c.arg("big");
            for i in ids {
                c.arg(i).arg(format!("m:{i:012}:{pad}"));
            }
        }
        "hash" => {
            c = redis::cmd("HSET");
            c.arg("big");
            for i in ids {
                c.arg(format!("f:{i:012}")).arg(&pad);
            }
        }
        _ => {
            // Up to 40 MB in one SETRANGE, then 2 MB steps. Each step copies
            // the string (values are immutable blobs), and a string grown
            // by many APPENDs leaves glibc holding the freed copies (RSS
            // 1.6x at 40 MB): not solved, see ARCHITECTURE.md.
            c = redis::cmd("SETRANGE");
            let end = (40 << 20) + batch * (2 << 20);
            c.arg("big").arg(end - 1).arg("s");
        }
    }
    c
}

/// One value of each type grows to 40 MB on a 64 MB budget (the other keys
/// are evicted to make room), used_memory stays within maxmemory all the
/// way, RSS within the bound, and growing it past the budget is refused
/// with the OOM error.
#[tokio::test]
async fn resp_memory_one_value_of_each_type_grows_far_beyond_a_shard() {
    // One process per type: after a FLUSHALL glibc keeps the freed heap
    // resident, and a 40 MB string (mmapped, past glibc's 32 MB threshold)
    // cannot reuse it, so types measured one after another in one process
    // added up (128 MB RSS for the string after the hash).
    for kind in ["list", "set", "zset", "hash", "string"] {
        let mut app = App::start().await;
        let mut con = app.con().await;
        // 100k small keys (~30 MB charged) the big value must push out.
        app.benchmark(&["-n", "100000", "-r", "100000", "-d", "100", "-t", "set"])
            .await;
        let small: u64 = redis::cmd("DBSIZE")
            .query_async(&mut con)
            .await
            .expect("dbsize");
        let mut batch = 0;
        while memory_usage(&mut con, "big").await < 40 << 20 {
            let mut pipe = redis::pipe();
            for _ in 0..if kind == "string" { 1 } else { 8 } {
                pipe.add_command(grow(kind, batch));
                batch += 1;
            }
            let _: Vec<redis::Value> = pipe
                .query_async(&mut con)
                .await
                .unwrap_or_else(|e| panic!("{kind} growing at batch {batch}: {e}"));
            check_used(&mut con, kind).await;
        }
        let usage = memory_usage(&mut con, "big").await;
        let keys: u64 = redis::cmd("DBSIZE")
            .query_async(&mut con)
            .await
            .expect("dbsize");
        eprintln!(
            "{kind}: {:.1} MB after {batch} batches; keys {small} -> {keys}",
            usage as f64 / 1048576.0
        );
        assert!(keys < small, "{kind}: the big value evicted other keys");
        app.check_rss(&format!("{kind} at 40 MB"));
        // Past the budget: refused, and the store still within it.
        let mut refused = None;
        for _ in 0..2000 {
            match grow(kind, batch)
                .query_async::<redis::Value>(&mut con)
                .await
            {
                Ok(_) => batch += 1,
                Err(e) => {
                    refused = Some(e.to_string());
                    break;
                }
            }
        }
        let refused = refused.unwrap_or_else(|| panic!("{kind}: never refused"));
        assert!(refused.contains("OOM"), "{kind}: {refused}");
        let used = check_used(&mut con, kind).await;
        let usage = memory_usage(&mut con, "big").await;
        eprintln!(
            "{kind}: refused at {:.1} MB, used_memory {:.1} MB",
            usage as f64 / 1048576.0,
            used as f64 / 1048576.0
        );
        // Refused once the next doubling of its array or table, held
        // with the old one while it moves, would pass 97 % of the budget.
        assert!(
            usage >= 40 << 20,
            "{kind} reached {usage} before the OOM error"
        );
        app.check_rss(&format!("{kind} at its largest"));
        app.child.kill().await.expect("kill");
    }
}

/// Lists filled to eviction, then churned (pops and pushes of other
/// sizes over other keys).
#[tokio::test]
async fn resp_memory_lists_filled_and_churned_stay_within_the_bound() {
    let mut app = App::start().await;
    let mut con = app.con().await;
    let v100 = "v".repeat(100);
    app.benchmark(&[
        "-n",
        "800000",
        "-r",
        "2000",
        "lpush",
        "l:__rand_int__",
        &v100,
    ])
    .await;
    check_used(&mut con, "lists filled").await;
    app.check_rss("lists filled to eviction");
    app.benchmark(&["-n", "400000", "-r", "2000", "rpop", "l:__rand_int__"])
        .await;
    app.benchmark(&[
        "-n",
        "800000",
        "-r",
        "20000",
        "rpush",
        "k:__rand_int__",
        "x",
    ])
    .await;
    app.benchmark(&[
        "-n",
        "300000",
        "-r",
        "200",
        "lpush",
        "g:__rand_int__",
        &v100,
    ])
    .await;
    check_used(&mut con, "lists churned").await;
    app.check_rss("lists churned");
    app.child.kill().await.expect("kill");
}

/// Sets filled to eviction, then churned.
#[tokio::test]
async fn resp_memory_sets_filled_and_churned_stay_within_the_bound() {
    let mut app = App::start().await;
    let mut con = app.con().await;
    app.benchmark(&[
        "-n",
        "1000000",
        "-r",
        "100000",
        "sadd",
        "s:__rand_int__",
        "member:__rand_int__",
    ])
    .await;
    check_used(&mut con, "sets filled").await;
    app.check_rss("sets filled to eviction");
    app.benchmark(&["-n", "300000", "-r", "100000", "spop", "s:__rand_int__"])
        .await;
    app.benchmark(&[
        "-n",
        "1000000",
        "-r",
        "1000",
        "sadd",
        "g:__rand_int__",
        "a-longer-member-name:__rand_int__:__rand_int__",
    ])
    .await;
    check_used(&mut con, "sets churned").await;
    app.check_rss("sets churned");
    app.child.kill().await.expect("kill");
}

/// Sorted sets filled to eviction, then 1M ZADDs into 1000 growing sets
/// (the case measured at 1.8x before the charge counted the arrays'
/// growth).
#[tokio::test]
async fn resp_memory_sorted_sets_filled_and_churned_stay_within_the_bound() {
    let mut app = App::start().await;
    let mut con = app.con().await;
    app.benchmark(&[
        "-n",
        "1000000",
        "-r",
        "100000",
        "zadd",
        "zs:__rand_int__",
        "__rand_int__",
        "m:__rand_int__",
    ])
    .await;
    check_used(&mut con, "sorted sets filled").await;
    app.check_rss("sorted sets filled to eviction");
    app.benchmark(&[
        "-n",
        "1000000",
        "-r",
        "1000",
        "zadd",
        "zg:__rand_int__",
        "__rand_int__",
        "member:__rand_int__",
    ])
    .await;
    check_used(&mut con, "sorted sets grown").await;
    app.check_rss("1000 sorted sets grown");
    app.benchmark(&["-n", "300000", "-r", "1000", "zpopmin", "zg:__rand_int__"])
        .await;
    app.benchmark(&[
        "-n",
        "500000",
        "-r",
        "100000",
        "zadd",
        "zt:__rand_int__",
        "__rand_int__",
        "m:__rand_int__",
    ])
    .await;
    check_used(&mut con, "sorted sets churned").await;
    app.check_rss("sorted sets churned");
    app.child.kill().await.expect("kill");
}
