//! BITFIELD / BITFIELD_RO and the ZUNION family over plain sets: byte for
//! byte against redis-server 7.0 (RESP2 and RESP3), and a BITFIELD write
//! at a huge offset refused with the OOM error before anything is
//! allocated. `cargo nextest run --test it resp_bitfield::`.

use crate::resp_support;

use resp_support::diff3::assert_same_as_redis;
use resp_support::{Options, cmd, start};

const BITFIELD: &str = "
    BITFIELD b | BITFIELD nokey GET u8 0 | EXISTS nokey | BITFIELD b SET u8 0 255 | GET b | BITFIELD b GET u8 0 GET i8 0 |
    BITFIELD b GET u4 0 GET i4 4 GET u1 7 GET i1 7 GET u3 13 GET i64 0 GET u63 0 GET i64 3 GET u63 100 |
    BITFIELD b SET i8 #1 -1 GET u16 0 GET i16 #0 | BITFIELD b SET u8 #3 200 SET u8 #3 201 GET u8 24 | STRLEN b |
    BITFIELD b INCRBY u2 100 1 OVERFLOW SAT INCRBY u2 102 1 | BITFIELD b INCRBY u2 100 1 GET u2 100 |
    BITFIELD w INCRBY u8 0 250 INCRBY u8 0 10 | BITFIELD w OVERFLOW SAT INCRBY u8 0 250 INCRBY u8 0 -300 |
    BITFIELD w OVERFLOW FAIL INCRBY u8 0 300 INCRBY u8 0 -1 INCRBY u8 0 1 | GET w |
    BITFIELD w OVERFLOW WRAP INCRBY i8 8 127 INCRBY i8 8 1 INCRBY i8 8 -1 INCRBY i8 8 -200 |
    BITFIELD w OVERFLOW SAT INCRBY i8 8 200 INCRBY i8 8 -1000 INCRBY i8 8 9223372036854775807 INCRBY i8 8 -9223372036854775808 |
    BITFIELD w OVERFLOW FAIL INCRBY i8 8 -1 INCRBY i8 8 200 SET i8 8 128 SET i8 8 -129 SET i8 8 -128 GET i8 8 |
    BITFIELD w OVERFLOW WRAP SET i8 8 128 SET i8 8 -129 SET u8 8 256 SET u8 8 -1 GET u8 8 |
    BITFIELD w OVERFLOW SAT SET i8 8 128 SET i8 8 -129 SET u8 8 256 SET u8 8 -1 GET u8 8 |
    BITFIELD w OVERFLOW FAIL SET u8 8 256 SET u8 8 -1 SET u8 8 7 GET u8 8 |
    BITFIELD big SET i64 0 9223372036854775807 INCRBY i64 0 1 GET i64 0 OVERFLOW SAT INCRBY i64 0 -1 INCRBY i64 0 -9223372036854775808 |
    BITFIELD big OVERFLOW SAT INCRBY i64 0 -9223372036854775808 INCRBY i64 0 9223372036854775807 INCRBY i64 0 9223372036854775807 |
    BITFIELD big OVERFLOW FAIL INCRBY i64 0 1 SET i64 0 -9223372036854775808 INCRBY i64 0 -1 GET i64 0 |
    BITFIELD big SET u63 0 9223372036854775807 INCRBY u63 0 1 OVERFLOW SAT INCRBY u63 0 -1 INCRBY u63 0 9223372036854775807 |
    BITFIELD big OVERFLOW FAIL INCRBY u63 0 -9223372036854775808 SET u63 0 -1 GET u63 0 OVERFLOW WRAP SET u63 0 -1 GET u63 0 |
    BITFIELD big SET u1 3 1 INCRBY u1 3 1 SET i1 5 1 INCRBY i1 5 -1 GET i1 5 OVERFLOW SAT INCRBY i1 5 5 INCRBY i1 5 -5 |
    BITFIELD odd SET i13 5 -1000 GET i13 5 GET u13 5 INCRBY i13 5 5000 GET u64 0 |
    BITFIELD odd SET i13 5 -1000 INCRBY u7 3 300 | GET odd | STRLEN odd |
    BITFIELD fail OVERFLOW FAIL SET u2 100 9 | GET fail | STRLEN fail | BITFIELD fail2 OVERFLOW FAIL INCRBY u2 #4 9 | STRLEN fail2 |
    BITFIELD edge SET u8 800000 1 | STRLEN edge | BITFIELD edge GET u8 4294967296 | BITFIELD edge SET u8 4294967296 1 | BITFIELD edge SET u8 #536870912 1 |
    BITFIELD edge2 GET u8 4294967295 | BITFIELD edge2 GET i64 4294967295 | BITFIELD edge2 GET u8 #536870911 | BITFIELD edge2 GET u8 #536870912 |
    BITFIELD b GET u8 -1 | BITFIELD b GET u8 #-1 | BITFIELD b GET u8 x | BITFIELD b GET u8 ## | BITFIELD b GET u8 \\e | BITFIELD b GET u8 #\\e |
    BITFIELD b GET u8 1.5 | BITFIELD b GET u8 18446744073709551616 | BITFIELD b GET u8 #9223372036854775807 |
    BITFIELD b GET u64 0 | BITFIELD b GET i65 0 | BITFIELD b GET i0 0 | BITFIELD b GET u0 0 | BITFIELD b GET x8 0 | BITFIELD b GET 8 0 |
    BITFIELD b GET u 0 | BITFIELD b GET \\e 0 | BITFIELD b GET u-1 0 | BITFIELD b GET I8 0 | BITFIELD b GET U8 0 | BITFIELD b GET u08 0 |
    BITFIELD b get u8 0 set u8 0 1 incrby u8 0 1 overflow sat overflow Wrap | BITFIELD b OVERFLOW | BITFIELD b OVERFLOW FOO |
    BITFIELD b OVERFLOW FOO GET u64 0 | BITFIELD b GET u64 0 OVERFLOW FOO | BITFIELD b GET u8 | BITFIELD b GET | BITFIELD b FOO |
    BITFIELD b SET u8 0 | BITFIELD b SET u8 0 x | BITFIELD b INCRBY u8 0 1.5 | BITFIELD b INCRBY u8 0 99999999999999999999 |
    BITFIELD b SET u8 0 1 FOO | BITFIELD b GET u8 0 GET u8 | BITFIELD b SET u8 0 1 GET u64 0 | GET b |
    BITFIELD | BITFIELD_RO | HSET h f v | BITFIELD h GET u8 0 | BITFIELD h SET u8 0 1 | BITFIELD h | BITFIELD h GET u64 0 |
    BITFIELD_RO h GET u8 0 | BITFIELD_RO h SET u8 0 1 | BITFIELD_RO h | SET n 12 | BITFIELD n GET u8 0 INCRBY u8 0 1 | GET n |
    BITFIELD_RO b GET u8 0 GET i16 #1 | BITFIELD_RO b | BITFIELD_RO nokey GET i8 0 | EXISTS nokey | BITFIELD_RO b SET u8 0 1 |
    BITFIELD_RO b INCRBY u8 0 1 | BITFIELD_RO b OVERFLOW SAT GET u8 0 | BITFIELD_RO b GET u8 0 SET u8 0 x |
    BITFIELD_RO b GET u64 0 | BITFIELD_RO b FOO | BITFIELD_RO nokey SET u8 0 1 | EXISTS nokey | GET b |
    SET e \\e | BITFIELD e GET u8 0 | BITFIELD e INCRBY u8 8 1 | GET e |
    MULTI | BITFIELD m SET u8 0 65 | BITFIELD_RO m GET u8 0 | BITFIELD m GET u64 0 | EXEC | GET m |
    SET x abc | EXPIRE x 100 | BITFIELD x SET u8 #5 1 | TTL x | GET x
";

#[tokio::test]
async fn resp_bitfield_is_byte_identical_to_redis_server() {
    assert_same_as_redis(BITFIELD).await;
}

const ZSETS_OVER_SETS: &str = "
    SADD s1 a b c | SADD s2 b c d | ZADD z1 1 a 2 b 5 x | ZADD z2 -1 c 0.5 d |
    ZUNION 2 s1 s2 WITHSCORES | ZUNION 2 s1 z1 WITHSCORES | ZUNION 3 s1 z1 z2 | ZUNION 3 s1 z1 z2 WITHSCORES |
    ZUNION 2 s1 z1 WEIGHTS 3 2 WITHSCORES | ZUNION 2 s1 z1 AGGREGATE MIN WITHSCORES | ZUNION 2 s1 z1 AGGREGATE MAX WITHSCORES |
    ZUNION 2 s1 nokey WITHSCORES | ZUNION 1 s1 WEIGHTS inf WITHSCORES | ZUNION 2 s1 s1 WEIGHTS inf -inf WITHSCORES |
    ZINTER 2 s1 s2 WITHSCORES | ZINTER 2 s1 z1 WITHSCORES | ZINTER 3 s1 s2 z2 WITHSCORES | ZINTER 2 s1 z1 WEIGHTS 2 10 AGGREGATE MAX WITHSCORES |
    ZINTER 2 s1 nokey | ZINTER 1 s2 WITHSCORES |
    ZDIFF 2 s1 s2 WITHSCORES | ZDIFF 2 s1 z1 WITHSCORES | ZDIFF 2 z1 s1 WITHSCORES | ZDIFF 3 s2 s1 z2 WITHSCORES | ZDIFF 1 s1 |
    ZUNIONSTORE d 2 s1 z2 | ZRANGE d 0 -1 WITHSCORES | TYPE d | ZINTERSTORE d 2 s1 z1 WEIGHTS 1 1 | ZRANGE d 0 -1 WITHSCORES |
    ZDIFFSTORE d 2 s2 z1 | ZRANGE d 0 -1 WITHSCORES | ZINTERSTORE d 2 s1 nokey | EXISTS d |
    ZUNIONSTORE s1 2 s1 s2 | TYPE s1 | ZRANGE s1 0 -1 WITHSCORES | SADD s1 q | SADD s3 a b c |
    ZINTERCARD 2 s2 s3 | ZINTERCARD 2 s2 z2 | ZINTERCARD 3 s2 s3 z1 | ZINTERCARD 2 s2 s3 LIMIT 1 | ZINTERCARD 1 s3 | ZINTERCARD 2 s3 nokey |
    SET str v | LPUSH l a | HSET h f v |
    ZUNION 2 s3 str | ZUNION 2 s3 l | ZINTER 2 h s3 | ZDIFF 2 s3 str | ZUNIONSTORE d 2 s3 l | ZINTERSTORE d 2 s3 h | ZDIFFSTORE d 2 s3 str |
    ZINTERCARD 2 s3 l | ZINTERCARD 2 nokey str | ZUNION 2 s3 str WITHSCORES FOO | ZUNION 3 s3 str | ZINTER 2 s3 WITHSCORES |
    SADD n 1 2 3 | ZUNION 2 n s3 WITHSCORES | ZINTER 2 n n WITHSCORES
";

#[tokio::test]
async fn resp_zset_ops_over_plain_sets_are_byte_identical_to_redis_server() {
    assert_same_as_redis(ZSETS_OVER_SETS).await;
}

/// With a 1 MB budget, a BITFIELD write at the largest offset redis
/// accepts (a 512 MB string) gets the OOM error, creates nothing and
/// leaves an existing string as it was; a read there answers 0.
#[tokio::test]
async fn resp_bitfield_huge_offset_is_refused_before_allocating() {
    let server = start(Options {
        max_memory: 1 << 20,
        ..Options::default()
    })
    .await;
    let mut c = server.client().await;
    let oom = b"-OOM command not allowed when used memory > 'maxmemory'.\r\n";
    c.roundtrip(&cmd(&[b"SET", b"k", b"ab"]), b"+OK\r\n").await;
    for key in [&b"k"[..], b"new"] {
        c.roundtrip(
            &cmd(&[b"BITFIELD", key, b"SET", b"u8", b"4294967288", b"1"]),
            oom,
        )
        .await;
        c.roundtrip(
            &cmd(&[
                b"BITFIELD",
                key,
                b"GET",
                b"u8",
                b"0",
                b"INCRBY",
                b"i64",
                b"#67108863",
                b"1",
            ]),
            oom,
        )
        .await;
        c.roundtrip(
            &cmd(&[
                b"BITFIELD",
                key,
                b"OVERFLOW",
                b"FAIL",
                b"SET",
                b"u8",
                b"#16777216",
                b"999",
            ]),
            oom,
        )
        .await;
    }
    c.roundtrip(&cmd(&[b"GET", b"k"]), b"$2\r\nab\r\n").await;
    c.roundtrip(&cmd(&[b"EXISTS", b"new"]), b":0\r\n").await;
    c.roundtrip(
        &cmd(&[b"BITFIELD_RO", b"k", b"GET", b"i64", b"4294967295"]),
        b"*1\r\n:0\r\n",
    )
    .await;
    // Just under the budget still works.
    c.roundtrip(
        &cmd(&[b"BITFIELD", b"k", b"SET", b"u8", b"#1000", b"7"]),
        b"*1\r\n:0\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"STRLEN", b"k"]), b":1001\r\n").await;
    server.stop().await;
}

/// A few hundred pseudo-random BITFIELD calls (fixed seed: every type
/// width, offsets straddling bytes, values and increments near every
/// limit, all three overflow modes, several operations per call) replay
/// byte for byte as on redis-server.
#[tokio::test]
async fn resp_bitfield_random_operations_match_redis_server() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut text = String::new();
    for _ in 0..400 {
        let key = ["r1", "r2"][next(2) as usize];
        let mut req = format!("BITFIELD {key}");
        for _ in 0..=next(4) {
            if next(4) == 0 {
                req += [" OVERFLOW WRAP", " OVERFLOW SAT", " OVERFLOW FAIL"][next(3) as usize];
            }
            let signed = next(2) == 0;
            let bits = 1 + next(if signed { 64 } else { 63 });
            let ty = format!("{}{bits}", if signed { 'i' } else { 'u' });
            let offset = if next(3) == 0 {
                format!("#{}", next(6))
            } else {
                next(90).to_string()
            };
            let limit = 1i128 << (bits - u64::from(signed));
            let value: i128 = match next(6) {
                0 => limit - 1 - next(3) as i128,
                1 => -limit + next(3) as i128,
                2 => limit + next(3) as i128,
                3 => next(20) as i128 - 10,
                4 => i128::from(i64::MAX) - next(2) as i128,
                _ => i128::from(i64::MIN) + next(2) as i128,
            };
            let value = value.clamp(i128::from(i64::MIN), i128::from(i64::MAX));
            req += &match next(3) {
                0 => format!(" GET {ty} {offset}"),
                1 => format!(" SET {ty} {offset} {value}"),
                _ => format!(" INCRBY {ty} {offset} {value}"),
            };
        }
        text += &req;
        text += " | ";
    }
    text += "GET r1 | GET r2";
    assert_same_as_redis(&text).await;
}
