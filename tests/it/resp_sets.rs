//! Sets: byte-for-byte against redis-server (replies of at most one
//! member, since a set's order is unspecified), and real clients for the
//! rest.

use crate::resp_support;

use redis::AsyncCommands;
use resp_support::redis_server::{assert_identical, parse};
use resp_support::{Options, start};
use std::collections::BTreeSet;

const REQUESTS: &str = "\
    SADD s a|SADD s a|SADD s b c|SREM s b c|SMEMBERS s|SMEMBERS nokey|SCARD s|SCARD nokey|SADD|SADD s|\
    SET str v|SADD str a|SREM str a|SMEMBERS str|SCARD str|SISMEMBER str a|SMISMEMBER str a|\
    SISMEMBER s a|SISMEMBER s z|SISMEMBER nokey a|SMISMEMBER s a z a|SMISMEMBER nokey a|SMISMEMBER s|\
    SREM s z|SREM nokey a|SREM s|\
    SADD p one|SPOP p|SPOP p|SPOP nokey|SADD p one|SPOP p 0|SPOP p 5|SPOP p 5|SPOP nokey 0|SPOP nokey 1|\
    SPOP p -1|SPOP p x|SPOP p 1 2|SPOP str|SPOP str 1|EXISTS p|\
    SADD r one|SRANDMEMBER r|SRANDMEMBER r 1|SRANDMEMBER r 5|SRANDMEMBER r -1|SRANDMEMBER r 0|\
    SRANDMEMBER nokey|SRANDMEMBER nokey 5|SRANDMEMBER nokey -5|SRANDMEMBER r x|SRANDMEMBER r 1 2|\
    SRANDMEMBER r -9223372036854775808|SRANDMEMBER str|SRANDMEMBER str 1|\
    SADD m1 a b|SADD m2 c|SMOVE m1 m2 a|SMOVE m1 m2 a|SMOVE m1 m1 b|SMOVE m1 m1 z|SMOVE nokey m2 a|\
    SMOVE m1 str b|SMOVE str m1 b|SMOVE nokey str a|SMOVE m1 m3 b|EXISTS m1|SMEMBERS m3|SMOVE m1|\
    SADD i1 a b c|SADD i2 b c d|SADD i3 c d e|SINTER i1 i2 i3|SINTER i1 nokey|SINTER nokey str|\
    SINTER i1 str|SUNION nokey|SUNION i1 str|SDIFF i1 i2 i3|SDIFF nokey i1|SDIFF i1 str|SDIFF str i1|SINTER|\
    SINTERSTORE d i1 i2 i3|SMEMBERS d|SINTERSTORE d i1 nokey|EXISTS d|SUNIONSTORE d nokey|SUNIONSTORE d i1 i2 i3|\
    SCARD d|SDIFFSTORE d i1 i2|SCARD d|SDIFFSTORE str i1 i2 i3|TYPE str|SUNIONSTORE d str|SINTERSTORE d|\
    SINTERCARD 3 i1 i2 i3|SINTERCARD 2 i1 i2|SINTERCARD 2 i1 i2 LIMIT 1|SINTERCARD 2 i1 i2 LIMIT 0|\
    SINTERCARD 1 nokey|SINTERCARD 0 i1|SINTERCARD x i1|SINTERCARD 3 i1 i2|SINTERCARD 1 i1 LIMIT -1|\
    SINTERCARD 1 i1 LIMIT x|SINTERCARD 1 i1 FOO|SINTERCARD 1 i1 LIMIT|SINTERCARD 2 i1 str|SINTERCARD 1|\
    SSCAN s 0|SSCAN s x|SSCAN s 0 COUNT 0|SSCAN s 0 MATCH z*|SSCAN s 0 FOO|SSCAN nokey 0|SSCAN str 0|\
    SSCAN s 0 MATCH a COUNT 10|\
    MULTI|SADD t 1|SCARD t|SPOP t|EXEC|TYPE s|DEL s|TYPE s|SADD e 1|EXPIRE e 100|TTL e|COPY e e2|SMEMBERS e2";

#[tokio::test]
async fn set_replies_are_byte_identical_to_redis_server() {
    assert_identical(&parse(REQUESTS)).await;
}

#[tokio::test]
async fn sets_with_the_redis_crate_and_redis_cli() {
    let srv = start(Options::default()).await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut con = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let added: i64 = con.sadd("a", &["1", "2", "3", "4"]).await.expect("sadd");
    assert_eq!(added, 4);
    let _: i64 = con.sadd("b", &["3", "4", "5"]).await.expect("sadd");
    let inter: BTreeSet<String> = con.sinter(&["a", "b"]).await.expect("sinter");
    assert_eq!(inter, BTreeSet::from(["3".into(), "4".into()]));
    let union: BTreeSet<String> = con.sunion(&["a", "b"]).await.expect("sunion");
    assert_eq!(union.len(), 5);
    let diff: BTreeSet<String> = con.sdiff(&["a", "b"]).await.expect("sdiff");
    assert_eq!(diff, BTreeSet::from(["1".into(), "2".into()]));
    let popped: Vec<String> = redis::cmd("SPOP")
        .arg("a")
        .arg(3)
        .query_async(&mut con)
        .await
        .expect("spop");
    assert_eq!(popped.len(), 3);
    let left: i64 = con.scard("a").await.expect("scard");
    assert_eq!(left, 1);
    let repeated: Vec<String> = redis::cmd("SRANDMEMBER")
        .arg("b")
        .arg(-10)
        .query_async(&mut con)
        .await
        .expect("srandmember");
    assert_eq!(repeated.len(), 10);
    let distinct: BTreeSet<String> = redis::cmd("SRANDMEMBER")
        .arg("b")
        .arg(10)
        .query_async(&mut con)
        .await
        .expect("srandmember");
    assert_eq!(distinct.len(), 3);
    // A reply that could not fit the cache budget is refused, not built.
    let huge: redis::RedisResult<Vec<String>> = redis::cmd("SRANDMEMBER")
        .arg("b")
        .arg(-1_000_000_000i64)
        .query_async(&mut con)
        .await;
    assert!(huge.is_err());
    let out = tokio::process::Command::new("redis-cli")
        .args(["-p", &srv.addr.port().to_string(), "SMEMBERS", "b"])
        .output()
        .await
        .expect("redis-cli (Debian package redis-tools)");
    let members: BTreeSet<&str> = std::str::from_utf8(&out.stdout)
        .expect("utf-8")
        .lines()
        .collect();
    assert_eq!(members, BTreeSet::from(["3", "4", "5"]));
    srv.stop().await;
}
