//! The same requests sent to the listener and to a real `redis-server`
//! (Debian's, started here on a free port): the raw replies must be
//! byte-for-byte identical. Known, deliberate differences are listed at the
//! end of the file, not compared.

use crate::resp_support;

use resp_support::{Options, cmd, start};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Stops the redis-server this test started, by PID, even on failure.
struct RedisServer(Child);

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_redis() -> (RedisServer, u16) {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("free port")
        .local_addr()
        .expect("addr")
        .port();
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no", "--logfile", ""])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server must be installed (Debian package redis-server)");
    let server = RedisServer(child);
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    (server, port)
}

/// Length of the first complete RESP2 reply in `buf`, if it is all there.
fn reply_len(buf: &[u8], from: usize) -> Option<usize> {
    let kind = *buf.get(from)?;
    let cr = buf[from..].windows(2).position(|w| w == b"\r\n")? + from;
    let line = std::str::from_utf8(&buf[from + 1..cr]).ok()?;
    let next = cr + 2;
    match kind {
        b'+' | b'-' | b':' => Some(next),
        b'$' => {
            let n: i64 = line.parse().ok()?;
            if n < 0 {
                return Some(next);
            }
            let end = next + n as usize + 2;
            (buf.len() >= end).then_some(end)
        }
        b'*' => {
            let n: i64 = line.parse().ok()?;
            let mut at = next;
            for _ in 0..n.max(0) {
                at = reply_len(buf, at)?;
            }
            Some(at)
        }
        _ => panic!("unexpected reply type {:?}", kind as char),
    }
}

/// Sends each request and collects exactly its reply.
async fn replies(port: u16, requests: &[Vec<&str>]) -> Vec<Vec<u8>> {
    let mut s = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let mut out = Vec::new();
    for r in requests {
        let args: Vec<&[u8]> = r.iter().map(|a| a.as_bytes()).collect();
        s.write_all(&cmd(&args)).await.expect("write");
        let mut got = Vec::new();
        while reply_len(&got, 0).is_none() {
            let mut buf = [0u8; 4096];
            let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
                .await
                .unwrap_or_else(|_| panic!("no reply to {r:?}"))
                .expect("read");
            assert!(n > 0, "connection closed after {r:?}");
            got.extend_from_slice(&buf[..n]);
        }
        out.push(got);
    }
    out
}

fn requests() -> Vec<Vec<&'static str>> {
    let text = "\
        SET s v|HSET h f v|GET h|INCR s|SET n 9223372036854775807|INCR n|INCRBY n x|\
        DECRBY n -9223372036854775808|INCRBYFLOAT s 1|SET f 1.5|INCRBYFLOAT f 0.25|INCRBYFLOAT f abc|\
        GET|SET k|SET k v EX 0|SET k v EX -5|SET k v NX XX|SET k v EX 10 PX 100|SET k v KEEPTTL EX 1|\
        SET k v GET|SET h v GET|SELECT 16|SELECT x|EXPIRE k 10 NX XX|EXPIRE k 10 GT LT|EXPIRE k 10 FOO|\
        EXPIRE k x|TTL nokey|PERSIST k|RENAME nokey x|RENAMENX k k|RENAME k k|COPY k k|COPY k k2 DB 99|\
        HINCRBY h f 1|HINCRBYFLOAT h f 1|HGET s f|HSET h f|HMSET h a|MSET a|MSET a 1 b|MSETNX a 1 b|\
        GETRANGE s 0 -1|GETRANGE s x 1|SETRANGE s -1 x|SETRANGE s 536870912 x|APPEND h x|STRLEN h|\
        FOO a b|CONFIG NOPE|CONFIG GET|CONFIG SET nosuch 1|CONFIG SET timeout x|\
        CLIENT NOPE|CLIENT SETNAME a\tb|CLIENT KILL 1.2.3.4:5|CLIENT GETNAME|MULTI|MULTI|EXEC|EXEC|DISCARD|WATCH|\
        HELLO 4|HELLO x|AUTH x|AUTH a b c|SCAN x|SCAN 0 COUNT 0|SCAN 0 FOO|HSCAN h x|\
        HRANDFIELD h 1 FOO|FLUSHDB FOO|BGSAVE X|TYPE h|TYPE s|TYPE nokey|EXISTS s s nokey|DEL nokey|PING a b|ECHO|\
        GETEX s EX 0|GETEX s PERSIST EX 1|SETEX k 0 v|PSETEX k -1 v|SETEX k x v|LASTSAVE x|DBSIZE x|\
        FLUSHALL|\
        SET s hello|GETRANGE s 0 4|GETRANGE s -5 -1|GETRANGE s 5 2|GETRANGE s -1 -5|GETRANGE s 100 200|\
        SETRANGE z 5 ab|GET z|SETRANGE nokey 0 |APPEND s !|STRLEN s|MSETNX a 1 b 2|MSETNX a 1 c 2|MGET a b c s|\
        SET e v EX 100|TTL e|PTTL nokey|EXPIRE e 50 GT|EXPIRE e 50 LT|TTL e|EXPIRE s 10 XX|PERSIST e|TTL e|\
        EXPIREAT e 1|EXISTS e|COPY s s2|COPY s s2|COPY s s2 REPLACE|RENAMENX s2 s|RENAME s2 s3|GET s3|\
        HSET h a 1 b 2|HSETNX h a 9|HSETNX h c 3|HMGET h a x c|HLEN h|HSTRLEN h a|HEXISTS h x|HINCRBY h a 5|\
        HINCRBYFLOAT h b 0.5|HDEL h a b c x|EXISTS h|HRANDFIELD nokey|HRANDFIELD nokey 3|HGETALL nokey|\
        SET i 10|INCR i|DECR i|DECRBY i 3|INCRBY i -100|GET i|GETSET i x|GETDEL i|GETDEL i|SETNX i 1|SETNX i 2|\
        SET k v NX|SET k v2 NX|SET k v3 XX GET|SET nk v XX|SET k v4 KEEPTTL|GETEX k PX 100000|GETEX k PERSIST|TTL k|\
        DEL a b nokey|UNLINK c|TOUCH k nokey k|SCAN 0 MATCH zz*|KEYS zz*|SELECT 3|DBSIZE|FLUSHDB ASYNC|SELECT 0|\
        MULTI|SET t 1|INCR t|GET t|EXEC|MULTI|INCR k|EXEC|MULTI|NOSUCH|EXEC|WATCH t|UNWATCH|PING|PING x|\
        CONFIG GET appendonly|CONFIG GET databases|CONFIG SET hash-max-listpack-entries 64|\
        CLIENT SETNAME x|CLIENT GETNAME|RESET|CLIENT GETNAME";
    text.split('|')
        .map(|r| {
            let mut words: Vec<&str> = r.split(' ').filter(|w| !w.is_empty()).collect();
            // "SETRANGE nokey 0 " carries an empty last argument.
            if r.ends_with(' ') {
                words.push("");
            }
            words
        })
        .collect()
}

#[tokio::test]
async fn resp_replies_are_byte_identical_to_redis_server() {
    let (_redis, redis_port) = start_redis();
    let ours = start(Options::default()).await;
    let requests = requests();
    let theirs = replies(redis_port, &requests).await;
    let mine = replies(ours.addr.port(), &requests).await;
    let mut differences = Vec::new();
    for ((r, a), b) in requests.iter().zip(&theirs).zip(&mine) {
        if a != b {
            differences.push(format!(
                "{}\n  redis-server: {:?}\n  chloromaster: {:?}",
                r.join(" "),
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(b)
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} replies differ:\n{}",
        differences.len(),
        requests.len(),
        differences.join("\n")
    );
    ours.stop().await;
}

/// `CONFIG SET client-output-buffer-limit` in redis-server 7.0's syntax,
/// each followed by `CONFIG GET` of the result: every class, the sizes
/// (units, overflow), the seconds (C `strtoll` then `int`), the split on
/// single spaces, the errors, and `CONFIG SET`'s all-or-nothing checks
/// (a bad value after a good one changes neither; duplicates; names as
/// given). Both servers start from the same values (the first request).
#[tokio::test]
async fn resp_config_set_output_buffer_limit_is_byte_identical_to_redis_server() {
    let values = [
        r"normal\s0\s0\s0\sslave\s268435456\s67108864\s60\spubsub\s33554432\s8388608\s60",
        r"normal\s1mb\s2mb\s3",
        r"\e",
        "normal",
        r"normal\s1\s2",
        r"foo\s1\s2\s3",
        r"master\s1\s2\s3",
        r"NORMAL\s1\s2\s3",
        r"normal\s1mb\s2Mb\s10",
        r"normal\s-1\s2\s3",
        r"normal\s1\s2\s-3",
        r"normal\s1\s2\s3x",
        r"normal\s1x\s2\s3",
        r"normal\s1k\s2kb\s3",
        r"normal\s1g\s2gb\s3",
        r"normal\s1b\s2B\s3",
        r"normal\s18446744073709551615\s0\s0",
        r"normal\s18446744073709551616\s0\s0",
        r"normal\s18446744073709551615kb\s0\s0",
        r"normal\s1.5mb\s0\s0",
        r"normal\s+1\s0\s0",
        r"normal\s0x10\s0\s0",
        r"normal\s1bb\s0\s0",
        r"normal\s-0\s0\s0",
        r"normal\s\s0\s0",
        r"normal\skb\s0\s0",
        r"normal\s1\s0\s99999999999",
        r"normal\s1\s2\s3000000000",
        r"normal\s1\s2\s4294967296",
        r"normal\s1\s2\s9999999999999999999999",
        r"normal\s1\s2\s+",
        r"normal\s1\s2\s-0",
        r"normal\s1\s2\s+3",
        r"normal\s1\s2\s\x093",
        r"normal\s1\s2\s3\x09",
        r"normal\x091\s2\s3",
        r"normal\s1\s2\s3\s",
        r"\s\snormal\s1\s2\s3\s\s",
        r"normal\s1\s2\s",
        r"replica\s1\s2\s3",
        r"Replica\s4\s5\s6",
        r"slave\s7\s8\s9",
        r"pubsub\s10\s11\s12",
        r"normal\s1\s2\s3\snormal\s4\s5\s6",
        r"normal\s9\s9\s9\sfoo\s1\s2\s3",
        r"normal\s9\s9\s9\spubsub\s1\s1\s1\smaster\s1\s1\s1",
        r"normal\s64mb\s16mb\s60\sreplica\s256mb\s64mb\s60\spubsub\s32mb\s8mb\s60",
    ];
    let mut requests = String::new();
    for v in values {
        requests.push_str(&format!(
            "CONFIG SET client-output-buffer-limit {v}|CONFIG GET client-output-buffer-limit|"
        ));
    }
    requests.push_str(
        r"CONFIG SET client-output-buffer-limit|\
        CONFIG SET timeout 7 client-output-buffer-limit normal|CONFIG GET timeout|\
        CONFIG SET client-output-buffer-limit normal\s1\s2\s3 timeout x|\
        CONFIG GET client-output-buffer-limit|\
        CONFIG SET client-output-buffer-limit normal\s1\s2\s3 client-output-buffer-limit \e|\
        CONFIG SET timeout 1 TIMEOUT 2|CONFIG SET CLIENT-OUTPUT-BUFFER-LIMIT foo|\
        CONFIG SET Timeout x|CONFIG SET NOSUCH 1 timeout 2|CONFIG SET timeout 2 nosuch 1|\
        CONFIG SET DATABASES 1 nosuch 1|CONFIG SET nosuch 1 DATABASES 1|\
        CONFIG SET timeout 0 client-output-buffer-limit pubsub\s5\s6\s7|\
        CONFIG GET client-output-buffer-limit|CONFIG GET timeout",
    );
    resp_support::diff3::assert_same_as_redis(&requests.replace("\\\n", "")).await;
}

/// `CLIENT UNBLOCK` from a second connection, on a client blocked in
/// `BLPOP`, `BRPOP` and `BLMOVE`: the blocked client's reply (the
/// `UNBLOCKED` error or the timeout reply — a null array, also for
/// `BLMOVE`/`BRPOPLPUSH` timing out), the counts, and the errors,
/// byte for byte as redis-server 7.0 (the client ids differ and are
/// replaced by each server's own).
#[tokio::test]
async fn resp_client_unblock_is_byte_identical_to_redis_server() {
    async fn transcript(port: u16) -> Vec<Vec<u8>> {
        let mut blocked = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        let mut other = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        let id = read_reply(&mut blocked, b"CLIENT ID\r\n").await;
        let id = String::from_utf8_lossy(&id[1..id.len() - 2]).into_owned();
        let mut out = Vec::new();
        for (wait, how) in [
            ("BLPOP nolist 0", " ERROR"),
            ("BRPOP nolist 0", ""),
            ("BLMOVE nolist other LEFT RIGHT 0", " TIMEOUT"),
            ("BLPOP nolist 0", " error"),
        ] {
            blocked
                .write_all(format!("{wait}\r\n").as_bytes())
                .await
                .expect("write");
            tokio::time::sleep(Duration::from_millis(150)).await;
            let unblock = format!("CLIENT UNBLOCK {id}{how}\r\n");
            out.push(read_reply(&mut other, unblock.as_bytes()).await);
            out.push(read_reply(&mut blocked, b"").await);
        }
        // Timeouts, for comparison: a null array for each.
        for wait in [
            "BLMOVE nolist other LEFT RIGHT 0.05",
            "BRPOPLPUSH nolist other 0.05",
        ] {
            out.push(read_reply(&mut blocked, format!("{wait}\r\n").as_bytes()).await);
        }
        for req in [
            format!("CLIENT UNBLOCK {id}\r\n"),
            "CLIENT UNBLOCK 999999\r\n".into(),
            "CLIENT UNBLOCK -1\r\n".into(),
            "CLIENT UNBLOCK x\r\n".into(),
            format!("CLIENT UNBLOCK {id} foo\r\n"),
            "CLIENT UNBLOCK\r\n".into(),
            format!("CLIENT UNBLOCK {id} error extra\r\n"),
        ] {
            out.push(read_reply(&mut other, req.as_bytes()).await);
        }
        out
    }
    let (_redis, redis_port) = start_redis();
    let ours = start(Options::default()).await;
    let theirs = transcript(redis_port).await;
    let mine = transcript(ours.addr.port()).await;
    let show = |t: &[Vec<u8>]| {
        t.iter()
            .map(|r| String::from_utf8_lossy(r).into_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(show(&mine), show(&theirs));
    ours.stop().await;
}

/// Writes `req` (possibly nothing) and reads exactly one RESP2 reply.
async fn read_reply(s: &mut TcpStream, req: &[u8]) -> Vec<u8> {
    s.write_all(req).await.expect("write");
    let mut got = Vec::new();
    while reply_len(&got, 0).is_none() {
        let mut buf = [0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .unwrap_or_else(|_| panic!("no reply to {:?}", String::from_utf8_lossy(req)))
            .expect("read");
        assert!(n > 0, "connection closed");
        got.extend_from_slice(&buf[..n]);
    }
    got
}

// Deliberate differences, not compared above:
// - INCRBYFLOAT uses f64, not long double: `INCRBYFLOAT f 1e400` is
//   "ERR increment would produce NaN or Infinity" here.
// - CONFIG SET maxmemory-policy accepts only allkeys-lru.
// - INFO, COMMAND, CLIENT LIST, HELLO's id, TIME: server-specific content.
// - HGETALL/HKEYS/KEYS order: unspecified in Redis too.
