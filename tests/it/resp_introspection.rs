//! Keyspace and introspection commands: `OBJECT`, `MEMORY`, `COPY` of
//! every type (also across databases), and a uniform `RANDOMKEY`.
//! `cargo nextest run --test it resp_introspection::`.

use crate::resp_support;

use resp_support::diff3::assert_same_as_redis;
use resp_support::{Options, start};

const OBJECTS: &str = "
    SET i 123 | SET big 123456 | SET neg -5 | SET s hello | SET raw 123456789012345678901234567890123456789012345 |
    INCR counter | HSET h f v | ZADD z 1 a | OBJECT ENCODING i | OBJECT ENCODING big | OBJECT ENCODING neg |
    OBJECT ENCODING s | OBJECT ENCODING raw | OBJECT ENCODING counter | OBJECT ENCODING h | OBJECT ENCODING z |
    OBJECT ENCODING nokey | OBJECT REFCOUNT i | OBJECT REFCOUNT big | OBJECT REFCOUNT s | OBJECT REFCOUNT nokey |
    OBJECT FREQ s | OBJECT FREQ nokey | OBJECT IDLETIME nokey | OBJECT HELP | OBJECT HELP x | OBJECT FOO |
    OBJECT ENCODING | OBJECT ENCODING a b | OBJECT | MEMORY USAGE nokey | MEMORY FOO | MEMORY USAGE s FOO |
    MEMORY USAGE s SAMPLES x | MEMORY HELP | MEMORY USAGE |
    COPY z z2 | ZRANGE z2 0 -1 WITHSCORES | ZADD z2 2 b | ZCARD z | ZCARD z2 | COPY z z2 | COPY z z2 REPLACE |
    ZCARD z2 | COPY z z3 DB 1 | SELECT 1 | TYPE z3 | ZSCORE z3 a | COPY z3 h DB 0 | COPY z3 h DB 0 REPLACE |
    SELECT 0 | TYPE h | OBJECT ENCODING h | TOUCH h z nokey | TYPE z2 | SCAN 0 TYPE zset MATCH z2
";

#[tokio::test]
async fn resp_introspection_is_byte_identical_to_redis_server() {
    assert_same_as_redis(OBJECTS).await;
}

/// Big values change encoding at redis-server's default thresholds.
#[tokio::test]
async fn resp_encodings_follow_redis_server_thresholds() {
    let mut text = String::from("ZADD z");
    let mut hash = String::from("HSET h");
    for i in 0..513 {
        if i < 129 {
            text.push_str(&format!(" {i} m{i}"));
        }
        hash.push_str(&format!(" f{i} v"));
    }
    let long = "x".repeat(65);
    let text = format!(
        "{text} | {hash} | OBJECT ENCODING z | OBJECT ENCODING h | ZADD y 1 {long} | HSET g f {long} |
         OBJECT ENCODING y | OBJECT ENCODING g | ZREMRANGEBYRANK z 0 1 | ZCARD z"
    );
    assert_same_as_redis(&text).await;
}

/// RANDOMKEY over 10 keys: every key comes up, none far more than its
/// share (it used to return one key 1916 times in 2000).
#[tokio::test]
async fn resp_randomkey_is_uniform() {
    let srv = start(Options::default()).await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut con = client.get_multiplexed_async_connection().await.expect("c");
    for i in 0..10 {
        let (): () = redis::cmd("SET")
            .arg(format!("key{i}"))
            .arg("v")
            .query_async(&mut con)
            .await
            .expect("set");
    }
    let mut pipe = redis::pipe();
    for _ in 0..2000 {
        pipe.cmd("RANDOMKEY");
    }
    let picks: Vec<String> = pipe.query_async(&mut con).await.expect("randomkey");
    let mut counts = std::collections::HashMap::new();
    for k in picks {
        *counts.entry(k).or_insert(0u32) += 1;
    }
    assert_eq!(counts.len(), 10, "{counts:?}");
    // Expected 200 each; 120..280 is over 5 standard deviations wide.
    assert!(
        counts.values().all(|&n| (120..=280).contains(&n)),
        "{counts:?}"
    );
    srv.stop().await;
}

/// `INFO cpu` and `mem_allocator`, as redis-server names them (the
/// values are this process's).
#[tokio::test]
async fn resp_info_has_cpu_and_the_allocator() {
    let srv = start(Options::default()).await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut con = client.get_multiplexed_async_connection().await.expect("c");
    let cpu: String = redis::cmd("INFO")
        .arg("cpu")
        .query_async(&mut con)
        .await
        .expect("info");
    assert!(cpu.starts_with("# CPU\r\n"), "{cpu}");
    for field in [
        "used_cpu_sys",
        "used_cpu_user",
        "used_cpu_sys_children",
        "used_cpu_user_children",
    ] {
        let value = cpu
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .unwrap_or_else(|| panic!("{field} in {cpu}"));
        let secs: f64 = value.parse().expect("seconds");
        assert!(
            secs >= 0.0 && value.split('.').nth(1).map(str::len) == Some(6),
            "{field}:{value}"
        );
    }
    let all: String = redis::cmd("INFO")
        .query_async(&mut con)
        .await
        .expect("info");
    assert!(
        all.contains("# CPU\r\n") && all.contains("\r\nmem_allocator:libc\r\n"),
        "{all}"
    );
    srv.stop().await;
}
