//! The RESP listener spoken to in raw bytes, asserting Redis 7's exact
//! replies: framing (inline, pipelined, split, malformed, huge and negative
//! lengths), arity, unknown commands, wrong types, integer overflow, large
//! values. Sessions, auth and limits are in `resp_sessions.rs`.

use crate::resp_support;

use resp_support::{Options, cmd, start};
use std::time::Duration;

#[tokio::test]
async fn resp_ping_inline_and_multibulk() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    c.roundtrip(b"PING\r\n", b"+PONG\r\n").await;
    c.roundtrip(b"*1\r\n$4\r\nping\r\n", b"+PONG\r\n").await;
    c.roundtrip(b"*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n", b"$2\r\nhi\r\n")
        .await;
    c.roundtrip(b"ECHO \"a b\"\n", b"$3\r\na b\r\n").await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_pipelined_replies_come_back_in_order() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    let mut batch = Vec::new();
    for _ in 0..1000 {
        batch.extend(cmd(&[b"INCR", b"n"]));
    }
    batch.extend(cmd(&[b"GET", b"n"]));
    c.send(&batch).await;
    let mut want = Vec::new();
    for i in 1..=1000 {
        want.extend(format!(":{i}\r\n").into_bytes());
    }
    want.extend(b"$4\r\n1000\r\n");
    c.expect(&want).await;
    srv.stop().await;
}

/// Arguments are borrowed from the read buffer while a command runs: a
/// request with more arguments than fit on the stack, one glued to the next
/// in the same read, an inline one, and queued ones (copied out for `EXEC`
/// after the buffer has moved on) must all see exactly their own bytes.
#[tokio::test]
async fn resp_many_arguments_inline_and_queued_requests_keep_their_bytes() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    let pairs: Vec<(Vec<u8>, Vec<u8>)> = (0..40)
        .map(|i| {
            (
                format!("k{i}").into_bytes(),
                format!("value-{i}").into_bytes(),
            )
        })
        .collect();
    let mut mset: Vec<&[u8]> = vec![b"MSET"];
    for (k, v) in &pairs {
        mset.push(k);
        mset.push(v);
    }
    let mut mget: Vec<&[u8]> = vec![b"MGET"];
    mget.extend(pairs.iter().map(|(k, _)| &k[..]));
    let mut batch = cmd(&mset);
    batch.extend(cmd(&mget));
    batch.extend(b"MGET k0 'k39'\r\n");
    c.send(&batch).await;
    let mut want = b"+OK\r\n*40\r\n".to_vec();
    for (_, v) in &pairs {
        want.extend(format!("${}\r\n", v.len()).into_bytes());
        want.extend(v);
        want.extend(b"\r\n");
    }
    want.extend(b"*2\r\n$7\r\nvalue-0\r\n$8\r\nvalue-39\r\n");
    c.expect(&want).await;

    let mut txn = cmd(&[b"MULTI"]);
    txn.extend(cmd(&[b"SET", b"q", b"first"]));
    txn.extend(cmd(&[b"APPEND", b"q", b"-second"]));
    c.send(&txn).await;
    c.expect(b"+OK\r\n+QUEUED\r\n+QUEUED\r\n").await;
    // Later reads overwrite the buffer the queued commands came from.
    c.roundtrip(
        &cmd(&[b"ECHO", b"xxxxxxxxxxxxxxxxxxxxxxxx"]),
        b"+QUEUED\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"EXEC"]),
        b"*3\r\n+OK\r\n:12\r\n$24\r\nxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"GET", b"q"]), b"$12\r\nfirst-second\r\n")
        .await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_frames_split_across_reads() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    let set = cmd(&[b"SET", b"key", b"value with spaces"]);
    for byte in &set {
        c.send(&[*byte]).await;
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    c.expect(b"+OK\r\n").await;
    // A request split in the middle of a bulk, with the next one glued on.
    let mut two = cmd(&[b"GET", b"key"]);
    two.extend(cmd(&[b"STRLEN", b"key"]));
    let (a, b) = two.split_at(15);
    c.send(a).await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    c.send(b).await;
    c.expect(b"$17\r\nvalue with spaces\r\n:17\r\n").await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_malformed_frame_is_answered_then_closed_after_earlier_replies() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    let mut bytes = cmd(&[b"SET", b"a", b"1"]);
    bytes.extend(b"*1\r\n:5\r\n");
    c.send(&bytes).await;
    c.expect(b"+OK\r\n-ERR Protocol error: expected '$', got ':'\r\n")
        .await;
    c.expect_closed().await;
    // Nothing was lost.
    let mut d = srv.client().await;
    d.roundtrip(&cmd(&[b"GET", b"a"]), b"$1\r\n1\r\n").await;
    let mut e = srv.client().await;
    e.roundtrip(
        b"*x\r\n",
        b"-ERR Protocol error: invalid multibulk length\r\n",
    )
    .await;
    e.expect_closed().await;
    let mut f = srv.client().await;
    f.roundtrip(
        b"SET a \"unterminated\r\n",
        b"-ERR Protocol error: unbalanced quotes in request\r\n",
    )
    .await;
    f.expect_closed().await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_huge_and_negative_lengths() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    c.roundtrip(
        b"*1\r\n$-1\r\n",
        b"-ERR Protocol error: invalid bulk length\r\n",
    )
    .await;
    c.expect_closed().await;
    let mut c = srv.client().await;
    c.roundtrip(
        b"*1\r\n$536870913\r\n",
        b"-ERR Protocol error: invalid bulk length\r\n",
    )
    .await;
    let mut c = srv.client().await;
    c.roundtrip(
        b"*99999999999\r\n",
        b"-ERR Protocol error: invalid multibulk length\r\n",
    )
    .await;
    // Negative and zero multibulk counts are empty requests: ignored.
    let mut c = srv.client().await;
    c.roundtrip(b"*-1\r\n*0\r\nPING\r\n", b"+PONG\r\n").await;
    // A declared 512 MB value that never arrives must not cost 512 MB.
    let mut big = srv.client().await;
    big.send(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\nabc")
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    c.roundtrip(b"PING\r\n", b"+PONG\r\n").await;
    drop(big);
    // A count line that never ends is bounded.
    let mut c = srv.client().await;
    let mut long = b"*".to_vec();
    long.extend(std::iter::repeat_n(b'1', 70_000));
    c.roundtrip(
        &long,
        b"-ERR Protocol error: too big mbulk count string\r\n",
    )
    .await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_wrong_arity_unknown_commands_and_wrong_types() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    c.roundtrip(
        &cmd(&[b"GET"]),
        b"-ERR wrong number of arguments for 'get' command\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"SET", b"k"]),
        b"-ERR wrong number of arguments for 'set' command\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"MSET", b"a", b"1", b"b"]),
        b"-ERR wrong number of arguments for 'mset' command\r\n",
    )
    .await;
    c.roundtrip(
        b"FOO a b\r\n",
        b"-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"NOSUCH"]),
        b"-ERR unknown command 'NOSUCH', with args beginning with: \r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"HSET", b"h", b"f", b"v"]), b":1\r\n")
        .await;
    c.roundtrip(
        &cmd(&[b"GET", b"h"]),
        b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"SET", b"s", b"v"]), b"+OK\r\n").await;
    c.roundtrip(
        &cmd(&[b"HGET", b"s", b"f"]),
        b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"SET", b"k", b"v", b"EX", b"0"]),
        b"-ERR invalid expire time in 'set' command\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"SET", b"k", b"v", b"NX", b"XX"]),
        b"-ERR syntax error\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"SELECT", b"16"]),
        b"-ERR DB index is out of range\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"CONFIG", b"NOPE"]),
        b"-ERR unknown subcommand 'NOPE'. Try CONFIG HELP.\r\n",
    )
    .await;
    c.roundtrip(b"PING\r\n", b"+PONG\r\n").await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_integer_overflow_and_non_integers() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    c.roundtrip(&cmd(&[b"SET", b"n", b"9223372036854775807"]), b"+OK\r\n")
        .await;
    c.roundtrip(
        &cmd(&[b"INCR", b"n"]),
        b"-ERR increment or decrement would overflow\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"DECRBY", b"m", b"-9223372036854775808"]),
        b"-ERR decrement would overflow\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"INCRBY", b"n", b"x"]),
        b"-ERR value is not an integer or out of range\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"SET", b"t", b"12a"]), b"+OK\r\n").await;
    c.roundtrip(
        &cmd(&[b"INCR", b"t"]),
        b"-ERR value is not an integer or out of range\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"INCRBYFLOAT", b"f", b"1.5"]), b"$3\r\n1.5\r\n")
        .await;
    c.roundtrip(
        &cmd(&[b"INCRBYFLOAT", b"f", b"x"]),
        b"-ERR value is not a valid float\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"GET", b"n"]), b"$19\r\n9223372036854775807\r\n")
        .await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_large_values_round_trip() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    let value = vec![b'v'; 4 << 20];
    c.roundtrip(&cmd(&[b"SET", b"big", &value]), b"+OK\r\n")
        .await;
    let mut want = b"$4194304\r\n".to_vec();
    want.extend(&value);
    want.extend(b"\r\n");
    c.roundtrip(&cmd(&[b"GET", b"big"]), &want).await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_a_pipeline_of_writes_is_answered_whole() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    let mut batch = Vec::new();
    for i in 0..250 {
        batch.extend(cmd(&[b"SET", format!("k:{i}").as_bytes(), b"v"]));
    }
    c.send(&batch).await;
    c.expect(&b"+OK\r\n".repeat(250)).await;
    c.roundtrip(&cmd(&[b"DBSIZE"]), b":250\r\n").await;
    srv.stop().await;
}
