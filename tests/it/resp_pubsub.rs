//! Pub/Sub: byte-for-byte against redis-server (one reply per request),
//! messages across connections and RESP threads, RESP3 push frames, and a
//! subscriber that never reads.

use crate::resp_support;

use resp_support::redis_server::{assert_identical, parse};
use resp_support::{Options, Raw, cmd, start, start_dedicated};
use std::time::{Duration, Instant};

const REQUESTS: &str = "\
    PUBLISH ch msg|PUBSUB NUMPAT|PUBSUB CHANNELS|PUBSUB NUMSUB|PUBSUB NUMSUB a|PUBSUB FOO|PUBSUB CHANNELS a b|\
    PUBSUB NUMPAT x|PUBSUB|PUBLISH|PUBLISH a|SUBSCRIBE|PSUBSCRIBE|UNSUBSCRIBE a|PUNSUBSCRIBE a|\
    SUBSCRIBE a|SUBSCRIBE a|PING|PING x|GET k|SET k v|PUBSUB NUMSUB a|PSUBSCRIBE n*|PUBSUB NUMPAT|\
    PUNSUBSCRIBE n*|UNSUBSCRIBE a|PING|GET k|UNSUBSCRIBE|PUNSUBSCRIBE|SUBSCRIBE b|RESET|PING|PUBLISH b x";

#[tokio::test]
async fn pubsub_replies_are_byte_identical_to_redis_server() {
    assert_identical(&parse(REQUESTS)).await;
}

async fn until_subscribers(c: &mut Raw, channel: &[u8], n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let want = format!(
        "*2\r\n${}\r\n{}\r\n:{n}\r\n",
        channel.len(),
        String::from_utf8_lossy(channel)
    );
    loop {
        c.send(&cmd(&[b"PUBSUB", b"NUMSUB", channel])).await;
        let mut got = vec![0u8; want.len()];
        use tokio::io::AsyncReadExt;
        c.0.read_exact(&mut got).await.expect("numsub");
        if got == want.as_bytes() {
            return;
        }
        assert!(Instant::now() < deadline, "{n} subscribers expected");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn messages_reach_subscribers_on_other_threads_in_resp2_and_resp3() {
    let srv = start_dedicated(Options::default(), 2).await;
    let mut r2 = srv.client().await;
    r2.roundtrip(
        &cmd(&[b"SUBSCRIBE", b"news"]),
        b"*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n",
    )
    .await;
    let mut r3 = srv.client().await;
    r3.send(&cmd(&[b"HELLO", b"3"])).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    {
        use tokio::io::AsyncReadExt;
        let mut buf = vec![0u8; 4096];
        let _ = tokio::time::timeout(Duration::from_millis(100), r3.0.read(&mut buf)).await;
    }
    r3.roundtrip(
        &cmd(&[b"PSUBSCRIBE", b"n*"]),
        b">3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:1\r\n",
    )
    .await;
    // RESP3 clients may run any command while subscribed.
    r3.roundtrip(&cmd(&[b"SET", b"k", b"v"]), b"+OK\r\n").await;
    let mut publisher = srv.client().await;
    until_subscribers(&mut publisher, b"news", 1).await;
    publisher
        .roundtrip(&cmd(&[b"PUBLISH", b"news", b"hello"]), b":2\r\n")
        .await;
    r2.expect(b"*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n")
        .await;
    r3.expect(b">4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n")
        .await;
    // A closed subscriber is gone from the channel.
    drop(r2);
    until_subscribers(&mut publisher, b"news", 0).await;
    srv.stop().await;
}

#[tokio::test]
async fn a_subscriber_that_never_reads_is_closed_and_others_are_answered() {
    let srv = start(Options::default()).await;
    let mut lazy = srv.client().await;
    lazy.roundtrip(
        &cmd(&[b"SUBSCRIBE", b"flood"]),
        b"*3\r\n$9\r\nsubscribe\r\n$5\r\nflood\r\n:1\r\n",
    )
    .await;
    let mut publisher = srv.client().await;
    let payload = vec![b'x'; 100 << 10];
    let started = Instant::now();
    // 200 MB published; the subscriber reads none of it.
    for _ in 0..2000 {
        publisher
            .send(&cmd(&[b"PUBLISH", b"flood", &payload]))
            .await;
        use tokio::io::AsyncReadExt;
        let mut reply = [0u8; 4];
        publisher.0.read_exact(&mut reply).await.expect("reply");
        assert!(reply == *b":1\r\n" || reply == *b":0\r\n", "{reply:?}");
    }
    until_subscribers(&mut publisher, b"flood", 0).await;
    publisher.roundtrip(&cmd(&[b"PING"]), b"+PONG\r\n").await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut con = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let info: String = redis::cmd("INFO")
        .arg("stats")
        .query_async(&mut con)
        .await
        .expect("info");
    assert!(
        info.contains("client_output_buffer_limit_disconnections:1\r\n"),
        "{info}"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    srv.stop().await;
}

#[tokio::test]
async fn pubsub_with_the_redis_crate() {
    use futures_util::StreamExt;
    let srv = start_dedicated(Options::default(), 2).await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut pubsub = client.get_async_pubsub().await.expect("pubsub");
    pubsub.subscribe("events").await.expect("subscribe");
    let mut con = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let receivers: i64 = redis::cmd("PUBLISH")
        .arg("events")
        .arg("one")
        .query_async(&mut con)
        .await
        .expect("publish");
    assert_eq!(receivers, 1);
    let msg = tokio::time::timeout(Duration::from_secs(5), pubsub.on_message().next())
        .await
        .expect("message in time")
        .expect("message");
    assert_eq!(msg.get_channel_name(), "events");
    assert_eq!(msg.get_payload::<String>().expect("payload"), "one");
    srv.stop().await;
}
