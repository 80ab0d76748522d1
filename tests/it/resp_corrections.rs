//! Corrections to commands that existed before the new families: error
//! texts against redis-server 7.0, `evicted_keys`, `PXAT` read back with
//! `PTTL`, and pathological `KEYS` patterns.
//! `cargo nextest run --test it resp_corrections::`.

use crate::resp_support;

use resp_support::diff3::assert_same_as_redis;
use resp_support::{Options, start};

const TEXTS: &str = "
    HSET h a 1 b 2 | HRANDFIELD h -9223372036854775808 | HRANDFIELD h -9223372036854775807 WITHVALUES |
    HRANDFIELD h 9223372036854775807 WITHVALUES | HRANDFIELD h -4611686018427387904 WITHVALUES |
    HRANDFIELD h 4611686018427387904 WITHVALUES | HRANDFIELD h x | HRANDFIELD h 1 FOO | HRANDFIELD nokey 5 |
    HSET f x inf | HINCRBYFLOAT f x -inf | HINCRBYFLOAT f x nan | HINCRBYFLOAT f x inf | HINCRBYFLOAT f y 1.5 |
    HINCRBYFLOAT f y -inf | HSET f z nan | HINCRBYFLOAT f z 1 | HGET f x
";

#[tokio::test]
async fn resp_corrected_error_texts_are_byte_identical_to_redis_server() {
    assert_same_as_redis(TEXTS).await;
}

/// INFO stats' evicted_keys counts evictions, not overwrites.
#[tokio::test]
async fn resp_overwrites_are_not_evictions_in_info() {
    let srv = start(Options::default()).await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut con = client.get_multiplexed_async_connection().await.expect("c");
    let mut pipe = redis::pipe();
    for i in 0..20_000 {
        pipe.cmd("SET")
            .arg(format!("k{}", i % 10))
            .arg("v")
            .ignore();
    }
    let (): () = pipe.query_async(&mut con).await.expect("sets");
    let info: String = redis::cmd("INFO")
        .arg("stats")
        .query_async(&mut con)
        .await
        .expect("info");
    assert!(info.contains("evicted_keys:0\r\n"), "{info}");
    srv.stop().await;
}

/// `GETEX … PXAT t` then `PTTL` is never more than `t - now`.
#[tokio::test]
async fn resp_pxat_reads_back_exactly() {
    let srv = start(Options::default()).await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut con = client.get_multiplexed_async_connection().await.expect("c");
    let (): () = redis::cmd("SET")
        .arg("k")
        .arg("v")
        .query_async(&mut con)
        .await
        .expect("set");
    for _ in 0..300 {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_millis() as i64;
        let at = now + 10_000;
        let _: String = redis::cmd("GETEX")
            .arg("k")
            .arg("PXAT")
            .arg(at)
            .query_async(&mut con)
            .await
            .expect("getex");
        let pttl: i64 = redis::cmd("PTTL")
            .arg("k")
            .query_async(&mut con)
            .await
            .expect("pttl");
        assert!(pttl <= 10_000, "PTTL {pttl} after PXAT now+10000");
    }
    srv.stop().await;
}

/// `KEYS`/`SCAN MATCH` with hostile patterns: the same answers as
/// redis-server's matcher and its nesting limit, and fast.
#[tokio::test]
async fn resp_pathological_patterns_match_as_redis_server() {
    let long = "a".repeat(1100);
    let text = format!(
        "SET {long} v | SET short v | KEYS {} | KEYS {} | KEYS {} | KEYS {}* | SCAN 0 MATCH {} COUNT 100",
        "*?".repeat(50_000),
        "*a".repeat(1000),
        "*a".repeat(1001),
        "*a".repeat(1000),
        "*a".repeat(1001),
    );
    assert_same_as_redis(&text).await;
    // And bounded in time over many keys.
    let srv = start(Options::default()).await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut con = client.get_multiplexed_async_connection().await.expect("c");
    let mut pipe = redis::pipe();
    for i in 0..10_000 {
        pipe.cmd("SET")
            .arg(format!("key:{i:032}"))
            .arg("v")
            .ignore();
    }
    let (): () = pipe.query_async(&mut con).await.expect("sets");
    let started = std::time::Instant::now();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("*?".repeat(50_000))
        .query_async(&mut con)
        .await
        .expect("keys");
    assert!(keys.is_empty());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "KEYS with *? x 50000 took {:?}",
        started.elapsed()
    );
    srv.stop().await;
}
