//! Lists and the blocking pops: byte-for-byte against redis-server, and
//! real clients blocking from several connections on several RESP threads.

use crate::resp_support;

use resp_support::redis_server::{assert_identical, parse};
use resp_support::{Options, Raw, TestServer, cmd, start, start_dedicated};
use std::time::{Duration, Instant};

const REQUESTS: &str = "\
    LPUSH l a b c|RPUSH l d e|LRANGE l 0 -1|LPUSHX nokey a|RPUSHX nokey a|LPUSHX l x|RPUSHX l y|LLEN l|\
    LLEN nokey|LPUSH|LPUSH l|RPUSH l|SET s v|LPUSH s a|RPUSH s a|LPUSHX s a|LLEN s|LRANGE s 0 1|\
    LRANGE l 1 2|LRANGE l -3 -1|LRANGE l -100 100|LRANGE l 5 2|LRANGE l 100 200|LRANGE l x 1|LRANGE l 0 y|\
    LRANGE nokey 0 -1|LRANGE l 0|LINDEX l 0|LINDEX l -1|LINDEX l 100|LINDEX l x|LINDEX nokey 0|LINDEX s 0|\
    LSET l 0 A|LSET l -1 Z|LSET l 100 q|LSET l x q|LSET nokey 0 q|LSET nokey x q|LSET s 0 q|LRANGE l 0 -1|\
    LPOP l|RPOP l|LPOP l 2|RPOP l 2|LPOP l 0|LPOP l -1|LPOP l x|LPOP l 1 2|LPOP nokey|LPOP nokey 2|\
    LPOP nokey 0|RPOP s|RPOP s 1|LPOP l 100|EXISTS l|\
    RPUSH r a b a c a d a|LREM r 2 a|LRANGE r 0 -1|LREM r -1 a|LRANGE r 0 -1|LREM r 0 a|LRANGE r 0 -1|\
    LREM r 0 zz|LREM r x a|LREM nokey 1 a|LREM s 1 a|LREM r 0 b|LREM r 0 c|LREM r 0 d|EXISTS r|\
    RPUSH t 1 2 3 4 5|LTRIM t 1 -2|LRANGE t 0 -1|LTRIM t 0 100|LTRIM t x 1|LTRIM nokey 0 1|LTRIM s 0 1|\
    LTRIM t 5 1|EXISTS t|\
    RPUSH i a b c|LINSERT i BEFORE b x|LINSERT i AFTER c y|LINSERT i AFTER zz q|LINSERT i MIDDLE b q|\
    LINSERT nokey BEFORE a b|LINSERT s BEFORE a b|LRANGE i 0 -1|\
    RPUSH p a b c 1 2 3 c c|LPOS p c|LPOS p c RANK 2|LPOS p c RANK -1|LPOS p c COUNT 0|LPOS p c COUNT 2|\
    LPOS p c RANK -2 COUNT 0|LPOS p c MAXLEN 2|LPOS p c MAXLEN 3 COUNT 0|LPOS p zz|LPOS p zz COUNT 1|\
    LPOS p c RANK 0|LPOS p c COUNT -1|LPOS p c MAXLEN -1|LPOS p c RANK x|LPOS p c COUNT x|LPOS p c FOO|\
    LPOS p c RANK|LPOS nokey a|LPOS nokey a COUNT 1|LPOS s a|LPOS p c RANK -9223372036854775808|\
    LPOS p c RANK 9 COUNT 0|LPOS p c RANK -9 COUNT 1|\
    RPUSH m a b c|LMOVE m m2 LEFT RIGHT|LMOVE m m2 RIGHT LEFT|LRANGE m2 0 -1|LMOVE m m LEFT RIGHT|\
    LRANGE m 0 -1|LMOVE m m2 UP LEFT|LMOVE nokey m2 LEFT LEFT|LMOVE s m2 LEFT LEFT|LMOVE m s LEFT LEFT|\
    LMOVE nokey s LEFT LEFT|RPOPLPUSH m m2|RPOPLPUSH m m2|EXISTS m|LRANGE m2 0 -1|RPOPLPUSH s m2|\
    RPUSH x1 a b c|RPUSH x2 d|LMPOP 2 nokey x1 LEFT|LMPOP 2 nokey x1 RIGHT COUNT 5|LMPOP 2 x1 x2 LEFT|\
    LMPOP 1 x2 LEFT|LMPOP 0 x LEFT|LMPOP x x LEFT|LMPOP 3 a b LEFT|LMPOP 1 a MIDDLE|LMPOP 1 a LEFT COUNT 0|\
    LMPOP 1 a LEFT COUNT x|LMPOP 1 a LEFT COUNT 1 COUNT 2|LMPOP 1 a LEFT FOO|LMPOP 1 s LEFT|LMPOP 1 nokey LEFT|\
    LMPOP 2 nokey s LEFT|LMPOP -1 a LEFT|LMPOP 1 a LEFT COUNT|\
    RPUSH b1 a b|BLPOP b1 0|BRPOP b1 0|BLPOP b1 x|BLPOP b1 -1|BLPOP s 0|BLPOP nokey s 0|BRPOP|BLPOP b1|\
    RPUSH b2 a b c|BLMOVE b2 b3 LEFT RIGHT 0|BLMOVE b2 b3 LEFT UP 0|BLMOVE b2 b3 LEFT RIGHT x|BRPOPLPUSH b2 b3 0|\
    BRPOPLPUSH b2 b3 -1|BRPOPLPUSH s b3 0|BLMOVE b2 s LEFT LEFT 0|LRANGE b3 0 -1|\
    RPUSH b4 a b c|BLMPOP 0 2 nokey b4 LEFT COUNT 2|BLMPOP 0 1 b4 RIGHT|BLMPOP x 1 b4 LEFT|BLMPOP -1 1 b4 LEFT|\
    BLMPOP 0 0 b4 LEFT|BLMPOP 0 1 b4 FOO|BLMPOP 0 1 s LEFT|\
    MULTI|BLPOP nokey 0|BRPOP nokey 0|BLMOVE nokey d LEFT LEFT 0|BRPOPLPUSH nokey d 0|BLMPOP 0 1 nokey LEFT|\
    RPUSH mm a|BLPOP mm 0|EXEC|\
    RPUSH y a|TYPE y|DEL y|TYPE y|RPUSH z a|EXPIRE z 100|TTL z|COPY z z2|LRANGE z2 0 -1|\
    RENAME z z3|LRANGE z3 0 -1";

#[tokio::test]
async fn list_replies_are_byte_identical_to_redis_server() {
    assert_identical(&parse(REQUESTS)).await;
}

/// Waits until `n` clients are blocked.
async fn until_blocked(srv: &TestServer, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while srv.store.blocked_clients() != n {
        assert!(Instant::now() < deadline, "{n} blocked clients expected");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Asserts nothing arrives on `c` for a while.
async fn silent(c: &mut Raw) {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 64];
    let got = tokio::time::timeout(Duration::from_millis(200), c.0.read(&mut buf)).await;
    assert!(got.is_err(), "unexpected reply {:?}", got);
}

#[tokio::test]
async fn blocked_clients_are_served_first_come_first_served_across_threads() {
    // Two RESP threads, as the appliance runs: the pusher and the waiters
    // may sit on different runtimes.
    let srv = start_dedicated(Options::default(), 2).await;
    let mut a = srv.client().await;
    let mut b = srv.client().await;
    let mut pusher = srv.client().await;
    a.send(&cmd(&[b"BLPOP", b"q", b"other", b"0"])).await;
    until_blocked(&srv, 1).await;
    b.send(&cmd(&[b"BRPOP", b"q", b"0"])).await;
    until_blocked(&srv, 2).await;
    pusher
        .roundtrip(&cmd(&[b"RPUSH", b"q", b"one"]), b":1\r\n")
        .await;
    a.expect(b"*2\r\n$1\r\nq\r\n$3\r\none\r\n").await;
    silent(&mut b).await;
    until_blocked(&srv, 1).await;
    // Several elements at once: the remaining waiter takes one, the rest
    // stays.
    pusher
        .roundtrip(&cmd(&[b"LPUSH", b"q", b"two", b"three"]), b":2\r\n")
        .await;
    b.expect(b"*2\r\n$1\r\nq\r\n$3\r\ntwo\r\n").await;
    pusher
        .roundtrip(
            &cmd(&[b"LRANGE", b"q", b"0", b"-1"]),
            b"*1\r\n$5\r\nthree\r\n",
        )
        .await;
    // A client served from the second of its keys; the wake-up for the
    // first is not lost.
    a.send(&cmd(&[
        b"BLMPOP", b"0", b"2", b"e1", b"e2", b"LEFT", b"COUNT", b"5",
    ]))
    .await;
    until_blocked(&srv, 1).await;
    b.send(&cmd(&[b"BLPOP", b"e2", b"0"])).await;
    until_blocked(&srv, 2).await;
    pusher
        .roundtrip(&cmd(&[b"RPUSH", b"e2", b"x", b"y"]), b":2\r\n")
        .await;
    a.expect(b"*2\r\n$2\r\ne2\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n")
        .await;
    silent(&mut b).await;
    pusher
        .roundtrip(&cmd(&[b"RPUSH", b"e2", b"z"]), b":1\r\n")
        .await;
    b.expect(b"*2\r\n$2\r\ne2\r\n$1\r\nz\r\n").await;
    srv.stop().await;
}

#[tokio::test]
async fn blmove_wakes_and_chains_to_the_next_list() {
    let srv = start_dedicated(Options::default(), 2).await;
    let mut mover = srv.client().await;
    let mut consumer = srv.client().await;
    let mut pusher = srv.client().await;
    mover
        .send(&cmd(&[
            b"BLMOVE", b"jobs", b"working", b"RIGHT", b"LEFT", b"0",
        ]))
        .await;
    until_blocked(&srv, 1).await;
    consumer
        .send(&cmd(&[b"BRPOPLPUSH", b"working", b"done", b"0"]))
        .await;
    until_blocked(&srv, 2).await;
    pusher
        .roundtrip(&cmd(&[b"LPUSH", b"jobs", b"j1"]), b":1\r\n")
        .await;
    mover.expect(b"$2\r\nj1\r\n").await;
    consumer.expect(b"$2\r\nj1\r\n").await;
    pusher
        .roundtrip(
            &cmd(&[b"LRANGE", b"done", b"0", b"-1"]),
            b"*1\r\n$2\r\nj1\r\n",
        )
        .await;
    srv.stop().await;
}

#[tokio::test]
async fn timeouts_are_fractional_and_a_wrong_type_keeps_the_client_blocked() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    let started = Instant::now();
    c.roundtrip(&cmd(&[b"BLPOP", b"q", b"0.2"]), b"*-1\r\n")
        .await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(190) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
    // RESP3: a null.
    let mut r3 = srv.client().await;
    r3.send(b"HELLO 3\r\n").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    drain(&mut r3).await;
    r3.roundtrip(
        &cmd(&[b"BLMOVE", b"q", b"d", b"LEFT", b"LEFT", b"0.05"]),
        b"_\r\n",
    )
    .await;
    // Blocked on a key that becomes a string: still blocked, as in Redis,
    // until a list is there.
    let mut w = srv.client().await;
    w.send(&cmd(&[b"BLPOP", b"k", b"0"])).await;
    until_blocked(&srv, 1).await;
    let mut other = srv.client().await;
    other
        .roundtrip(&cmd(&[b"SET", b"k", b"v"]), b"+OK\r\n")
        .await;
    silent(&mut w).await;
    other.roundtrip(&cmd(&[b"DEL", b"k"]), b":1\r\n").await;
    other
        .roundtrip(&cmd(&[b"RPUSH", b"k", b"v"]), b":1\r\n")
        .await;
    w.expect(b"*2\r\n$1\r\nk\r\n$1\r\nv\r\n").await;
    srv.stop().await;
}

async fn drain(c: &mut Raw) {
    use tokio::io::AsyncReadExt;
    let mut buf = vec![0u8; 65536];
    let _ = tokio::time::timeout(Duration::from_millis(100), c.0.read(&mut buf)).await;
}

#[tokio::test]
async fn a_disconnected_waiter_takes_nothing_and_shutdown_ends_the_wait() {
    let srv = start(Options::default()).await;
    let mut gone = srv.client().await;
    gone.send(&cmd(&[b"BLPOP", b"q", b"0"])).await;
    until_blocked(&srv, 1).await;
    drop(gone);
    until_blocked(&srv, 0).await;
    let mut c = srv.client().await;
    c.roundtrip(&cmd(&[b"RPUSH", b"q", b"kept"]), b":1\r\n")
        .await;
    c.roundtrip(&cmd(&[b"LLEN", b"q"]), b":1\r\n").await;
    // Pipelined after a blocking pop: answered once it is served.
    let mut w = srv.client().await;
    let mut batch = cmd(&[b"BLPOP", b"p", b"0"]);
    batch.extend(cmd(&[b"PING"]));
    w.send(&batch).await;
    until_blocked(&srv, 1).await;
    c.roundtrip(&cmd(&[b"RPUSH", b"p", b"x"]), b":1\r\n").await;
    w.expect(b"*2\r\n$1\r\np\r\n$1\r\nx\r\n+PONG\r\n").await;
    // INFO counts blocked clients; shutdown ends the wait.
    let mut forever = srv.client().await;
    forever.send(&cmd(&[b"BRPOP", b"never", b"0"])).await;
    until_blocked(&srv, 1).await;
    let started = Instant::now();
    srv.stop().await;
    forever.expect_closed().await;
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn blocking_pops_with_the_redis_crate_from_two_connections() {
    let srv = start_dedicated(Options::default(), 2).await;
    let client = redis::Client::open(format!("redis://{}/", srv.addr)).expect("client");
    let mut consumer = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let mut producer = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let waiting = tokio::spawn(async move {
        let got: Option<(String, String)> = redis::cmd("BLPOP")
            .arg("jobs")
            .arg(5)
            .query_async(&mut consumer)
            .await
            .expect("blpop");
        let none: Option<(String, String)> = redis::cmd("BRPOP")
            .arg("jobs")
            .arg(0.1)
            .query_async(&mut consumer)
            .await
            .expect("brpop timeout");
        (got, none)
    });
    until_blocked(&srv, 1).await;
    let n: i64 = redis::pipe()
        .cmd("RPUSH")
        .arg("jobs")
        .arg("job-1")
        .ignore()
        .cmd("LLEN")
        .arg("jobs")
        .query_async::<(i64,)>(&mut producer)
        .await
        .map(|(n,)| n)
        .expect("pipeline");
    assert!(n <= 1);
    let (got, none) = waiting.await.expect("consumer");
    assert_eq!(got, Some(("jobs".to_string(), "job-1".to_string())));
    assert_eq!(none, None);
    srv.stop().await;
}

#[tokio::test]
async fn redis_cli_reads_and_writes_lists() {
    let srv = start(Options::default()).await;
    let port = srv.addr.port().to_string();
    let run = |args: &[&str]| {
        let mut c = tokio::process::Command::new("redis-cli");
        c.args(["-p", &port]).args(args);
        c
    };
    let out = run(&["RPUSH", "l", "a", "b", "c"])
        .output()
        .await
        .expect("redis-cli (Debian package redis-tools)");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "3\n");
    let out = run(&["LRANGE", "l", "0", "-1"])
        .output()
        .await
        .expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a\nb\nc\n");
    let out = run(&["BLPOP", "nokey", "0.1"]).output().await.expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "");
    srv.stop().await;
}
