//! Sorted sets over the RESP port: byte-for-byte against redis-server 7.0
//! (RESP2 and RESP3), with the `redis` crate and `redis-cli`, the memory
//! bound when a set grows to the entry limit, and the keyspace commands on
//! the new type. `cargo nextest run --test it resp_zsets::`.

use crate::resp_support;

use resp_support::diff3::assert_same_as_redis;
use resp_support::{Options, start};

const BASICS: &str = "
    ZADD z 1 a 2 b 3 c | ZADD z 1.1 d -0 e inf f -inf g | ZSCORE z d | ZSCORE z e | ZSCORE z f |
    ZSCORE z g | ZSCORE z nope | ZSCORE nokey a | ZMSCORE z a nope f | ZMSCORE nokey a b | ZCARD z |
    ZCARD nokey | ZADD z 0.1 h 1e20 i 2.5e-5 j 123.456 k 1e17 l 1e16 m | ZRANGE z 0 -1 WITHSCORES |
    ZADD z NX 9 a 9 n | ZADD z XX 9 a 9 o | ZADD z XX CH 10 a 10 b | ZADD z GT 1 a | ZADD z GT CH 11 a |
    ZADD z LT CH 100 b 1 c | ZADD z INCR 5 a | ZADD z INCR NX 5 a | ZADD z INCR XX 5 nope | ZADD z INCR GT -1 a |
    ZADD z INCR LT -1 a | ZADD z NX XX 1 a | ZADD z GT LT 1 a | ZADD z GT NX 1 a | ZADD z INCR 1 a 2 b |
    ZADD z 1 | ZADD z 1 a 2 | ZADD z x a | ZADD z nan a | ZADD z | ZADD z CH | ZADD z inf a | ZADD z INCR -inf a |
    ZINCRBY z 2.5 new | ZINCRBY z x new | ZINCRBY z 1 | ZINCRBY z inf f | ZINCRBY z -inf f | ZSCORE z f |
    ZRANGE z 0 -1 WITHSCORES | ZRANK z a | ZREVRANK z a | ZRANK z nope | ZRANK nokey a | ZRANK z | ZREVRANK z a b |
    ZREM z a nope | ZREM nokey a | ZREM z | ZCARD z |
    SET s v | ZADD s 1 a | ZSCORE s a | ZMSCORE s a | ZCARD s | ZRANGE s 0 1 | ZREM s a | ZINCRBY s 1 a |
    ZRANK s a | ZPOPMIN s | ZCOUNT s 0 1 | ZLEXCOUNT s - + | ZRANDMEMBER s | ZSCAN s 0 | ZREMRANGEBYRANK s 0 1 |
    GET z | HSET z f v | TYPE z | TYPE s | ZADD one 5 only | ZREM one only | EXISTS one | TYPE one |
    ZADD big 1 x | SCAN 0 TYPE zset MATCH b* | DEL big | EXPIRE z 100 | TTL z | ZADD z 1 fresh | TTL z |
    TYPE big
";

const RANGES: &str = "
    ZADD r 1 a 2 b 3 c 4 d 5 e 6 f | ZRANGE r 0 2 | ZRANGE r -2 -1 WITHSCORES | ZRANGE r 4 100 | ZRANGE r 3 1 |
    ZRANGE r -100 1 | ZRANGE r 10 20 | ZRANGE r 0 -1 REV | ZRANGE r 0 1 REV WITHSCORES | ZRANGE r x 1 |
    ZRANGE r 0 -1 LIMIT 0 1 | ZRANGE r 0 -1 BYSCORE | ZRANGE r (1 3 BYSCORE WITHSCORES | ZRANGE r -inf +inf BYSCORE LIMIT 1 2 |
    ZRANGE r 5 2 BYSCORE REV | ZRANGE r (5 (2 BYSCORE REV WITHSCORES | ZRANGE r +inf -inf BYSCORE REV LIMIT 1 2 |
    ZRANGE r 1 6 BYSCORE LIMIT -1 2 | ZRANGE r 1 6 BYSCORE LIMIT 2 -1 | ZRANGE r 1 6 BYSCORE LIMIT 10 1 |
    ZRANGE r 1 6 BYSCORE LIMIT 1 0 | ZRANGE r 1 x BYSCORE | ZRANGE r ((1 3 BYSCORE | ZRANGE r nan 3 BYSCORE |
    ZRANGE r 0 -1 BYSCORE BYLEX | ZRANGE r 0 -1 REV REV | ZRANGE r 0 -1 FOO | ZRANGE r 0 -1 LIMIT 1 | ZRANGE r 0 -1 BYSCORE LIMIT x 1 |
    ZRANGE r - + BYLEX | ZRANGE r - + BYLEX WITHSCORES | ZRANGE r a b BYLEX | ZRANGE nokey 0 -1 | ZRANGE nokey x 1 |
    ZADD l 0 a 0 b 0 c 0 d 0 e | ZRANGE l [b (d BYLEX | ZRANGE l - + BYLEX LIMIT 1 2 | ZRANGE l + - BYLEX REV |
    ZRANGE l (d [b BYLEX REV | ZRANGE l [z - BYLEX | ZRANGEBYLEX l - [c | ZRANGEBYLEX l [b + LIMIT 1 1 |
    ZRANGEBYLEX l - + WITHSCORES | ZRANGEBYLEX l - + REV | ZREVRANGEBYLEX l + - | ZREVRANGEBYLEX l [d (a LIMIT 0 2 |
    ZREVRANGEBYLEX l - + | ZRANGEBYLEX l a b | ZLEXCOUNT l - + | ZLEXCOUNT l [b [c | ZLEXCOUNT l x y | ZLEXCOUNT nokey - + |
    ZRANGEBYSCORE r 2 4 | ZRANGEBYSCORE r (2 4 WITHSCORES | ZRANGEBYSCORE r -inf +inf LIMIT 2 2 WITHSCORES |
    ZRANGEBYSCORE r 2 4 BYSCORE | ZRANGEBYSCORE r 2 4 REV | ZRANGEBYSCORE r a b | ZREVRANGEBYSCORE r 4 2 |
    ZREVRANGEBYSCORE r +inf -inf WITHSCORES LIMIT 1 3 | ZREVRANGEBYSCORE r 2 4 | ZREVRANGE r 0 1 | ZREVRANGE r 0 -1 WITHSCORES |
    ZREVRANGE r 0 1 LIMIT 0 1 | ZREVRANGE r 0 1 REV | ZCOUNT r 2 4 | ZCOUNT r (2 (4 | ZCOUNT r -inf +inf | ZCOUNT r 5 1 |
    ZCOUNT r a 1 | ZCOUNT nokey 0 1 | ZRANGESTORE dst r 1 3 | ZRANGE dst 0 -1 WITHSCORES | ZRANGESTORE dst r 2 5 BYSCORE REV |
    ZRANGESTORE dst r (1 4 BYSCORE LIMIT 1 2 | ZRANGE dst 0 -1 WITHSCORES | ZRANGESTORE dst l [b [c BYLEX |
    ZRANGESTORE dst r 0 -1 WITHSCORES | ZRANGESTORE dst nokey 0 -1 | EXISTS dst | ZRANGESTORE dst r 10 20 |
    ZRANGESTORE dst r x 1 | SET s v | ZRANGESTORE dst s 0 1 | ZRANGESTORE s r 0 0 | TYPE s | ZRANGESTORE d r 0 |
    ZREMRANGEBYRANK r 0 0 | ZREMRANGEBYRANK r -1 -1 | ZREMRANGEBYRANK r 5 1 | ZREMRANGEBYRANK r x 1 | ZRANGE r 0 -1 |
    ZREMRANGEBYSCORE r (2 3 | ZREMRANGEBYSCORE r a 1 | ZREMRANGEBYSCORE nokey 0 1 | ZRANGE r 0 -1 WITHSCORES |
    ZREMRANGEBYLEX l [b (d | ZREMRANGEBYLEX l a b | ZRANGE l 0 -1 | ZREMRANGEBYLEX l - + | EXISTS l |
    ZREMRANGEBYRANK r 0 -1 | EXISTS r | ZREMRANGEBYRANK s 0 1
";

const POPS_AND_SETOPS: &str = "
    ZADD p 1 a 2 b 3 c 4 d | ZPOPMIN p | ZPOPMAX p | ZPOPMIN p 1 | ZADD p 1 a 4 d | ZPOPMAX p 10 | EXISTS p |
    ZPOPMIN p | ZPOPMIN p 2 | ZPOPMIN p -1 | ZPOPMIN p x | ZPOPMIN p 1 2 | ZADD p 1 a | ZPOPMIN p 0 |
    ZMPOP 1 p MIN | ZADD p 1 a 2 b 3 c | ZMPOP 2 nokey p MAX COUNT 2 | ZMPOP 1 p MIN COUNT 5 | ZMPOP 1 p MIN |
    ZMPOP 0 p MIN | ZMPOP x p MIN | ZMPOP 2 p MIN | ZMPOP 1 p FOO | ZMPOP 1 p MIN COUNT 0 | ZMPOP 1 p MIN COUNT x |
    ZMPOP 1 p MIN COUNT 1 COUNT 1 | ZMPOP 1 p MIN FOO | ZMPOP 1 p | SET s v | ZMPOP 1 s MIN | ZMPOP 2 nokey s MIN |
    ZADD a 1 x 2 y 3 z | ZADD b 10 y 20 z 30 w | ZADD c 5 z |
    ZUNION 2 a b | ZUNION 2 a b WITHSCORES | ZUNION 2 a b WEIGHTS 2 0.5 WITHSCORES | ZUNION 2 a b AGGREGATE MIN WITHSCORES |
    ZUNION 2 a b AGGREGATE MAX WITHSCORES | ZUNION 3 a b nokey WITHSCORES | ZUNION 2 a b WEIGHTS 1 | ZUNION 2 a b WEIGHTS 1 x |
    ZUNION 2 a b AGGREGATE FOO | ZUNION 0 a | ZUNION 3 a b | ZUNION x a | ZUNION 1 a FOO | ZUNION 2 a s | ZUNION 1 s FOO |
    ZINTER 2 a b WITHSCORES | ZINTER 3 a b c WITHSCORES | ZINTER 2 a nokey | ZINTER 2 a b AGGREGATE MAX WEIGHTS 1 2 WITHSCORES |
    ZINTER 0 a | ZDIFF 2 a b WITHSCORES | ZDIFF 1 a | ZDIFF 2 nokey a | ZDIFF 2 a b WEIGHTS 1 1 | ZDIFF 2 a b AGGREGATE SUM |
    ZDIFF 0 a | ZUNIONSTORE u 2 a b | ZRANGE u 0 -1 WITHSCORES | ZUNIONSTORE u 2 a b WEIGHTS 1 -1 AGGREGATE SUM |
    ZRANGE u 0 -1 WITHSCORES | ZUNIONSTORE u 2 a b WITHSCORES | ZINTERSTORE u 2 a b | ZRANGE u 0 -1 WITHSCORES |
    ZINTERSTORE u 2 a nokey | EXISTS u | ZDIFFSTORE u 2 b a | ZRANGE u 0 -1 WITHSCORES | ZDIFFSTORE u 1 nokey | EXISTS u |
    ZUNIONSTORE s 1 a | TYPE s | ZUNIONSTORE u 0 a | ZINTERSTORE u 0 a | ZDIFFSTORE u 0 a |
    ZADD inf1 inf x | ZADD inf2 -inf x | ZUNION 2 inf1 inf2 WITHSCORES | ZUNION 1 inf1 WEIGHTS 0 WITHSCORES |
    ZINTERCARD 2 a b | ZINTERCARD 3 a b c | ZINTERCARD 2 a b LIMIT 1 | ZINTERCARD 2 a b LIMIT 0 | ZINTERCARD 2 a nokey |
    ZINTERCARD 2 a b LIMIT -1 | ZINTERCARD 0 a | ZINTERCARD 3 a b | ZINTERCARD x a | ZINTERCARD 1 a FOO | ZINTERCARD 1 s |
    ZINTERCARD 1 a WITHSCORES |
    ZRANDMEMBER nokey | ZRANDMEMBER nokey 5 | ZRANDMEMBER a 10 | ZRANDMEMBER a 10 WITHSCORES | ZRANDMEMBER a 0 |
    ZRANDMEMBER c -3 WITHSCORES | ZRANDMEMBER c | ZRANDMEMBER a x | ZRANDMEMBER a 1 FOO | ZRANDMEMBER a 1 WITHSCORES x |
    ZRANDMEMBER a -9223372036854775808 | ZRANDMEMBER a -9223372036854775807 WITHSCORES | ZRANDMEMBER a 9223372036854775807 WITHSCORES |
    SET str v | ZRANDMEMBER str 1 |
    ZSCAN a 0 | ZSCAN a 0 MATCH y* | ZSCAN a 0 COUNT 100 | ZSCAN a x | ZSCAN a 0 COUNT 0 | ZSCAN a 0 FOO | ZSCAN nokey 0 |
    ZADD e 1.5 m 0.1 n 1e30 o | ZSCAN e 0 | ZSCAN a 0 NOVALUES
";

#[tokio::test]
async fn resp_zsets_basics_are_byte_identical_to_redis_server() {
    assert_same_as_redis(BASICS).await;
}

#[tokio::test]
async fn resp_zsets_ranges_are_byte_identical_to_redis_server() {
    assert_same_as_redis(RANGES).await;
}

#[tokio::test]
async fn resp_zsets_pops_and_set_operations_are_byte_identical_to_redis_server() {
    assert_same_as_redis(POPS_AND_SETOPS).await;
}

/// Past 128 members redis-server switches from a listpack to a skip list;
/// the replies must not change.
#[tokio::test]
async fn resp_zsets_large_sets_are_byte_identical_to_redis_server() {
    let mut text = String::from("ZADD big");
    for i in 0..300 {
        text.push_str(&format!(" {}.{} m{:03}", i % 37, i % 7, (i * 7919) % 1000));
    }
    text.push_str(
        " | ZCARD big | ZRANGE big 100 120 WITHSCORES | ZRANGE big -5 -1 REV WITHSCORES |
        ZRANGEBYSCORE big (3 5.5 WITHSCORES LIMIT 3 7 | ZREVRANGEBYSCORE big 30 (20 LIMIT 2 4 |
        ZCOUNT big 10 20 | ZRANK big m007 | ZREVRANK big m007 | ZSCORE big m007 | ZINCRBY big 0.5 m007 |
        ZRANK big m007 | ZREMRANGEBYRANK big 10 20 | ZREMRANGEBYSCORE big 5 (6 | ZCARD big |
        ZPOPMIN big 3 | ZPOPMAX big 2 | ZUNIONSTORE u 1 big WEIGHTS 2 | ZRANGE u 0 9 WITHSCORES |
        ZINTERSTORE i 2 big u AGGREGATE MAX | ZRANGE i -10 -1 WITHSCORES | ZRANGESTORE r big 5 15 BYSCORE |
        ZRANGE r 0 -1 | ZMPOP 2 nokey big MAX COUNT 3 | ZINTERCARD 2 big u LIMIT 50 | ZADD big 0 m007 |
        ZREMRANGEBYLEX big - + | ZCARD big",
    );
    assert_same_as_redis(&text).await;
}

/// A leaderboard and a rate limiter as applications write them, with the
/// `redis` crate: pipelines, typed scores, WITHSCORES as tuples.
#[tokio::test]
async fn resp_zsets_with_the_redis_crate() {
    let srv = start(Options::default()).await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut con = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let (): () = redis::pipe()
        .zadd("board", "ann", 120)
        .ignore()
        .zadd("board", "bob", 95)
        .ignore()
        .zadd("board", "cid", 150)
        .ignore()
        .zincr("board", "bob", 60)
        .ignore()
        .query_async(&mut con)
        .await
        .expect("pipeline");
    let top: Vec<(String, f64)> = redis::cmd("ZRANGE")
        .arg("board")
        .arg(0)
        .arg(1)
        .arg("REV")
        .arg("WITHSCORES")
        .query_async(&mut con)
        .await
        .expect("zrange");
    assert_eq!(top, vec![("bob".into(), 155.0), ("cid".into(), 150.0)]);
    let rank: Option<i64> = redis::cmd("ZREVRANK")
        .arg("board")
        .arg("ann")
        .query_async(&mut con)
        .await
        .expect("zrevrank");
    assert_eq!(rank, Some(2));
    // Sliding-window rate limiter: drop old hits, add this one, count.
    for t in 0..10 {
        let (count,): (i64,) = redis::pipe()
            .cmd("ZREMRANGEBYSCORE")
            .arg("hits")
            .arg("-inf")
            .arg(t - 5)
            .ignore()
            .zadd("hits", format!("req{t}"), t)
            .ignore()
            .zcard("hits")
            .query_async(&mut con)
            .await
            .expect("limiter");
        assert_eq!(count, (t + 1).min(5));
    }
    let popped: Vec<(String, f64)> = redis::cmd("ZPOPMIN")
        .arg("board")
        .arg(2)
        .query_async(&mut con)
        .await
        .expect("zpopmin");
    assert_eq!(popped, vec![("ann".into(), 120.0), ("cid".into(), 150.0)]);
    srv.stop().await;
}

/// `redis-cli` (RESP3 with `-3`) prints scores as redis-server's do.
#[tokio::test]
async fn resp_zsets_with_redis_cli() {
    let srv = start(Options::default()).await;
    let port = srv.addr.port().to_string();
    let cli = |args: &[&str]| {
        let mut c = tokio::process::Command::new("redis-cli");
        c.args(["-p", &port]).args(args);
        c
    };
    let out = cli(&["ZADD", "z", "1.5", "a", "inf", "b"])
        .output()
        .await
        .expect("redis-cli must be installed (Debian package redis-tools)");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2\n");
    let out = cli(&["-3", "--no-raw", "ZRANGE", "z", "0", "-1", "WITHSCORES"])
        .output()
        .await
        .expect("redis-cli");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "1) 1) \"a\"\n   2) (double) 1.5\n2) 1) \"b\"\n   2) (double) inf\n",
        "RESP3 pairs with double scores"
    );
    srv.stop().await;
}

const BLOCKING: &str = "
    ZADD a 1 x 2 y 3 z | BZPOPMIN a 0 | BZPOPMAX nokey a 0 | BZPOPMIN nokey 0.01 | BZPOPMAX nokey 0.01 |
    BZPOPMIN a x | BZPOPMIN a -1 | BZPOPMIN a | SET s v | BZPOPMIN s 0 | BZPOPMIN nokey s 0 |
    ZADD a 1 x 2 y 3 z | BZMPOP 0 1 a MIN | BZMPOP 0 2 nokey a MAX COUNT 2 | BZMPOP 0.01 1 nokey MIN |
    BZMPOP x 1 a MIN | BZMPOP -1 1 a MIN | BZMPOP 0 0 a MIN | BZMPOP 0 2 a MIN | BZMPOP 0 1 a FOO |
    BZMPOP 0 1 a MIN COUNT 0 | BZMPOP 0 1 s MIN | ZADD a 5 q |
    MULTI | BZPOPMIN nokey 0 | BZMPOP 0 1 nokey MAX | BZPOPMAX a 0 | EXEC
";

#[tokio::test]
async fn resp_zsets_blocking_pops_are_byte_identical_to_redis_server() {
    assert_same_as_redis(BLOCKING).await;
}

/// BZPOPMIN from two connections: the first blocked is served first, a
/// ZADD from a third connection wakes it, and a timeout returns nil.
#[tokio::test]
async fn resp_zsets_blocking_pops_wake_in_order_with_the_redis_crate() {
    let srv = start(Options::default()).await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut first = client.get_multiplexed_async_connection().await.expect("c1");
    let mut second = client.get_multiplexed_async_connection().await.expect("c2");
    let mut writer = client.get_multiplexed_async_connection().await.expect("c3");
    let a = tokio::spawn(async move {
        let got: Option<(String, String, f64)> = redis::cmd("BZPOPMIN")
            .arg("q")
            .arg(5)
            .query_async(&mut first)
            .await
            .expect("bzpopmin");
        got
    });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let b = tokio::spawn(async move {
        let got: Option<(String, Vec<(String, f64)>)> = redis::cmd("BZMPOP")
            .arg(5)
            .arg(1)
            .arg("q")
            .arg("MAX")
            .query_async(&mut second)
            .await
            .expect("bzmpop");
        got
    });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let n: i64 = redis::cmd("ZADD")
        .arg("q")
        .arg(1)
        .arg("low")
        .arg(2)
        .arg("high")
        .query_async(&mut writer)
        .await
        .expect("zadd");
    assert_eq!(n, 2);
    assert_eq!(
        a.await.expect("first"),
        Some(("q".into(), "low".into(), 1.0)),
        "the first blocked client is served first"
    );
    assert_eq!(
        b.await.expect("second"),
        Some(("q".into(), vec![("high".into(), 2.0)]))
    );
    let started = std::time::Instant::now();
    let none: Option<(String, String, f64)> = redis::cmd("BZPOPMAX")
        .arg("q")
        .arg(0.2)
        .query_async(&mut writer)
        .await
        .expect("timeout");
    assert_eq!(none, None);
    assert!(started.elapsed() >= std::time::Duration::from_millis(190));
    srv.stop().await;
}
