//! Bit commands and the string size checks over the RESP port: byte for
//! byte against redis-server 7.0 (RESP2 and RESP3), and the real binary's
//! peak memory when a client asks for a 512 MB string.
//! `cargo nextest run --test it resp_bitmaps::`.

use crate::resp_support;

use resp_support::diff3::assert_same_as_redis;

const BITS: &str = "
    SETBIT b 7 1 | SETBIT b 7 1 | SETBIT b 7 0 | SETBIT b 100 1 | GET b | STRLEN b | GETBIT b 100 | GETBIT b 99 |
    GETBIT b 100000 | GETBIT nokey 3 | SETBIT b -1 1 | SETBIT b 4294967296 1 | SETBIT b x 1 | SETBIT b 1 2 | SETBIT b 1 x |
    GETBIT b -1 | GETBIT b 4294967296 | SET s foobar | BITCOUNT s | BITCOUNT s 0 0 | BITCOUNT s 1 1 | BITCOUNT s 1 -2 |
    BITCOUNT s -3 -1 | BITCOUNT s -1 -3 | BITCOUNT s 5 100 | BITCOUNT s 100 200 | BITCOUNT s 0 -1 BYTE | BITCOUNT s 5 30 BIT |
    BITCOUNT s 0 7 BIT | BITCOUNT s 9 9 BIT | BITCOUNT s -9 -1 BIT | BITCOUNT s 0 | BITCOUNT s 0 1 FOO | BITCOUNT s x 1 |
    BITCOUNT s 0 1 BIT x | BITCOUNT nokey | BITCOUNT nokey 0 | HSET h f v | BITCOUNT h | GETBIT h 1 | SETBIT h 1 1 |
    SET p \\xff\\xf0\\x00 | SET q 3 | BITPOS q 1 | BITPOS q 0 | BITPOS s 1 | BITPOS s 0 | BITPOS s 1 2 | BITPOS s 0 2 -1 |
    BITPOS s 1 -1 | BITPOS s 1 7 15 BIT | BITPOS s 0 7 15 BIT | BITPOS s 1 100 | BITPOS s 2 | BITPOS s x | BITPOS s 1 x |
    BITPOS s 1 0 1 FOO | BITPOS nokey 1 | BITPOS nokey 0 | BITPOS nokey 2 | BITPOS h 1 | SET ones \\xff\\xff | BITPOS ones 0 |
    BITPOS ones 0 0 -1 | BITPOS ones 0 0 | BITPOS ones 0 3 5 BIT | BITPOS ones 1 3 5 BIT | BITPOS ones 0 1 | SET zero \\e |
    BITPOS zero 0 | BITPOS zero 1 | BITCOUNT zero | SET zz \\x00\\x00 | BITPOS zz 1 | BITPOS zz 0 | BITPOS zz 0 8 15 BIT |
    BITPOS zz 1 0 -1 BIT | BITPOS s 1 -100 -50 |
    SET a abc | SET c zz | BITOP AND d a c | GET d | BITOP OR d a c nokey | GET d | BITOP XOR d a c | GET d | BITOP NOT d a |
    GET d | BITOP NOT d a c | BITOP FOO d a | BITOP AND d nokey | EXISTS d | BITOP AND d a h | BITOP OR | BITOP OR d |
    SET n 12 | SETBIT n 0 1 | GET n | INCR n |
    SET k1 ohmytext | SET k2 mynewtext | LCS k1 k2 | LCS k1 k2 LEN | LCS k1 k2 IDX | LCS k1 k2 IDX MINMATCHLEN 4 |
    LCS k1 k2 IDX MINMATCHLEN 2 WITHMATCHLEN | LCS k1 k2 IDX LEN | LCS k1 k2 FOO | LCS k1 k2 MINMATCHLEN |
    LCS k1 k2 IDX MINMATCHLEN x | LCS k1 nokey | LCS nokey nokey IDX | LCS k1 h | LCS h nokey LEN | LCS k1 |
    SET x1 ABCBDAB | SET x2 BDCABA | LCS x1 x2 | LCS x1 x2 IDX WITHMATCHLEN | LCS x1 x1 IDX MINMATCHLEN -5 WITHMATCHLEN
";

#[tokio::test]
async fn resp_bitmaps_are_byte_identical_to_redis_server() {
    assert_same_as_redis(BITS).await;
}

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");

/// Peak resident memory of a process, from /proc (kB).
fn vm_hwm_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmHWM")
}

/// The real binary with `CHLORO_CACHE_MAX_MEMORY=64mb`: SETRANGE, SETBIT
/// and APPEND asking for strings up to 512 MB are refused with the OOM
/// error, and the process's peak RSS does not move (before the check the
/// SETRANGE peaked near 1 GB before it was refused).
#[tokio::test]
async fn resp_huge_string_writes_are_refused_before_allocating() {
    use std::io::{BufRead, BufReader};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = tokio::process::Command::new(BIN)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_RESP_ADDR", "127.0.0.1:0")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_CACHE_MAX_MEMORY", "64mb")
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
    let mut con = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let mut ask = async |req: &str| {
        con.write_all(req.as_bytes()).await.expect("write");
        let mut buf = vec![0u8; 256];
        let n = con.read(&mut buf).await.expect("read");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    };
    assert_eq!(ask("SET k x\r\n").await, "+OK\r\n");
    let before = vm_hwm_kb(pid);
    let oom = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
    assert_eq!(ask("SETRANGE k 536870911 x\r\n").await, oom);
    assert_eq!(ask("SETRANGE new 536870911 x\r\n").await, oom);
    assert_eq!(ask("SETBIT k 4294967295 1\r\n").await, oom);
    assert_eq!(ask("SETBIT new 4294967295 1\r\n").await, oom);
    // Just past the largest value (97 % of the 56 MB public share; it was
    // one of 8 shards, 7 MB, when this asked for 32 MB).
    assert_eq!(ask("SETRANGE k 58720256 x\r\n").await, oom);
    assert_eq!(ask("BITFIELD k SET u8 4294967288 1\r\n").await, oom);
    assert_eq!(
        ask("BITFIELD new OVERFLOW FAIL INCRBY i64 #67108863 1\r\n").await,
        oom
    );
    assert_eq!(ask("STRLEN k\r\n").await, ":1\r\n");
    assert_eq!(ask("EXISTS new\r\n").await, ":0\r\n");
    let after = vm_hwm_kb(pid);
    assert!(
        after < before + 16 * 1024,
        "peak RSS grew from {before} kB to {after} kB"
    );
    child.kill().await.expect("kill");
}
