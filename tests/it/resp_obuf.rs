//! `client-output-buffer-limit normal` on the real binary with
//! `CHLORO_CACHE_MAX_MEMORY=64mb`: a client that never reads its replies is
//! closed and counted, an amplified reply (`HRANDFIELD h -10000000
//! WITHVALUES`, ~1 GB before the limit) is refused before it is built, RSS
//! (VmHWM from `/proc/<pid>/status`) stays bounded and other clients are
//! answered meanwhile; large replies under the limit go out in pieces
//! without holding up the other clients of their thread; `CONFIG SET
//! client-output-buffer-limit` reaches connections already open.
//! `cargo nextest run --test it resp_obuf::`.

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BIN: &str = env!("CARGO_BIN_EXE_chloromaster");

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .expect("status")
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect(field)
}

/// The peak RSS once the process has settled: the appliance reaches its
/// start-up peak (~45 MB in a debug build) some time after it logs its
/// listeners, so a baseline read too early would blame that on the attack.
/// Waits until VmHWM holds still for 300 ms (at most 5 s).
async fn settled_hwm(pid: u32) -> u64 {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut last = status_kb(pid, "VmHWM:");
    loop {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let now = status_kb(pid, "VmHWM:");
        if now == last || std::time::Instant::now() > deadline {
            return now;
        }
        last = now;
    }
}

struct App {
    child: tokio::process::Child,
    addr: String,
    pid: u32,
    _dir: tempfile::TempDir,
}

async fn start(limit: Option<&str>) -> App {
    start_on(limit, tokio::process::Command::new(BIN)).await
}

/// The appliance allowed two CPUs (`taskset`, from util-linux), so it runs
/// one RESP thread (half the cores) whatever the machine: every client of
/// the test is served by the same thread.
async fn start_one_resp_thread() -> App {
    let mut cmd = tokio::process::Command::new("taskset");
    cmd.args(["-c", "0,1", BIN]);
    start_on(None, cmd).await
}

async fn start_on(limit: Option<&str>, mut cmd: tokio::process::Command) -> App {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("tempdir");
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_RESP_ADDR", "127.0.0.1:0")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_CACHE_MAX_MEMORY", "64mb")
        .env("CHLORO_DATA_DIR", dir.path())
        .env("CHLORO_LOG_FORMAT", "journald");
    if let Some(l) = limit {
        cmd.env("CHLORO_RESP_OUTPUT_BUFFER_LIMIT", l);
    }
    let mut child = cmd
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
    App {
        child,
        addr,
        pid,
        _dir: dir,
    }
}

/// Sends one request and reads until `done` says the reply is whole.
async fn ask(con: &mut TcpStream, req: &[u8], done: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    con.write_all(req).await.expect("write");
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    while !done(&out) {
        let n = tokio::time::timeout(Duration::from_secs(10), con.read(&mut buf))
            .await
            .expect("reply in time")
            .expect("read");
        assert!(n > 0, "closed; got {:?}", String::from_utf8_lossy(&out));
        out.extend_from_slice(&buf[..n]);
    }
    out
}

fn line(b: &[u8]) -> bool {
    b.ends_with(b"\r\n")
}

/// A whole `$<n>\r\n<n bytes>\r\n`.
fn bulk_done(b: &[u8]) -> bool {
    let Some(end) = b.windows(2).position(|w| w == b"\r\n") else {
        return false;
    };
    let n: usize = std::str::from_utf8(&b[1..end])
        .ok()
        .and_then(|n| n.parse().ok())
        .expect("bulk length");
    b.len() >= end + 2 + n + 2
}

/// The INFO stats counter of closed clients.
async fn disconnections(con: &mut TcpStream) -> u64 {
    let info = ask(con, b"INFO stats\r\n", bulk_done).await;
    let info = String::from_utf8_lossy(&info).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("client_output_buffer_limit_disconnections:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("counter in {info}"))
}

/// Pings every 10 ms until `stop`, returning the slowest answer.
fn pinger(
    addr: String,
    stop: tokio_util::sync::CancellationToken,
) -> tokio::task::JoinHandle<Duration> {
    tokio::spawn(async move {
        let mut con = TcpStream::connect(&addr).await.expect("connect");
        let mut worst = Duration::ZERO;
        while !stop.is_cancelled() {
            let t = Instant::now();
            let r = ask(&mut con, b"PING\r\n", line).await;
            assert_eq!(r, b"+PONG\r\n");
            worst = worst.max(t.elapsed());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        worst
    })
}

/// Waits (at most `within`) for the server to close `con`, discarding
/// nothing: the test never reads before this.
async fn closed_within(con: &mut TcpStream, within: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match tokio::time::timeout_at(deadline, con.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

/// A client pipelining `MGET` of 1 MB values (16 MB replies) that never
/// reads is closed by the soft limit (1 MB for 2 s here), counted in INFO,
/// while RSS stays bounded and another client is answered throughout.
/// `CONFIG GET client-output-buffer-limit` shows the limit in redis's
/// format.
#[tokio::test]
async fn resp_obuf_client_that_never_reads_is_closed() {
    let mut app = start(Some("32mb 1mb 2")).await;
    let mut con = TcpStream::connect(&app.addr).await.expect("connect");
    let cfg = ask(
        &mut con,
        b"CONFIG GET client-output-buffer-limit\r\n",
        |b| b.ends_with(b" 0 0\r\n"),
    )
    .await;
    assert_eq!(
        String::from_utf8_lossy(&cfg),
        "*2\r\n$26\r\nclient-output-buffer-limit\r\n$72\r\nnormal 33554432 1048576 2 slave 268435456 67108864 60 pubsub 8388608 0 0\r\n"
    );
    let value = "v".repeat(1 << 20);
    let set = format!(
        "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n${}\r\n{value}\r\n",
        value.len()
    );
    assert_eq!(ask(&mut con, set.as_bytes(), line).await, b"+OK\r\n");
    let before = disconnections(&mut con).await;
    let hwm_before = settled_hwm(app.pid).await;

    let stop = tokio_util::sync::CancellationToken::new();
    let ping = pinger(app.addr.clone(), stop.clone());
    let mut sink = TcpStream::connect(&app.addr).await.expect("connect");
    let mget = format!("MGET{}\r\n", " k".repeat(16)).repeat(64);
    // The server stops reading once its replies back up: write what it
    // takes, without reading a byte.
    let _ = tokio::time::timeout(Duration::from_secs(2), sink.write_all(mget.as_bytes())).await;
    // Watched from another client: reading `sink` would drain it.
    let started = Instant::now();
    while disconnections(&mut con).await == before {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "a client that never reads is closed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let took = started.elapsed();
    assert!(
        closed_within(&mut sink, Duration::from_secs(5)).await,
        "its socket is closed"
    );
    stop.cancel();
    let worst = ping.await.expect("pinger");
    let hwm_after = status_kb(app.pid, "VmHWM:");
    let rss = status_kb(app.pid, "VmRSS:");
    eprintln!(
        "closed after {took:?}; VmHWM {hwm_before} -> {hwm_after} kB, VmRSS {rss} kB; slowest PING {worst:?}"
    );
    assert_eq!(disconnections(&mut con).await, before + 1);
    // One 16 MB reply pending (plus its encoding), not one per request.
    assert!(
        hwm_after < hwm_before + 48 * 1024,
        "peak RSS grew from {hwm_before} kB to {hwm_after} kB"
    );
    assert!(worst < Duration::from_millis(500), "PING took {worst:?}");

    // `MGET` naming the 1 MB value 100 times asks a 100 MB reply from a
    // small request: past the 32 MB hard limit, the client is closed
    // before it is encoded.
    let hwm_before = status_kb(app.pid, "VmHWM:");
    let mut greedy = TcpStream::connect(&app.addr).await.expect("connect");
    greedy
        .write_all(format!("MGET{}\r\n", " k".repeat(100)).as_bytes())
        .await
        .expect("write");
    let mut got = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), greedy.read_to_end(&mut got)).await;
    assert!(
        matches!(closed, Ok(Ok(0))),
        "closed without a reply: {closed:?}"
    );
    assert_eq!(disconnections(&mut con).await, before + 2);
    let hwm_after = status_kb(app.pid, "VmHWM:");
    eprintln!("MGET x100: VmHWM {hwm_before} -> {hwm_after} kB");
    assert!(
        hwm_after < hwm_before + 16 * 1024,
        "peak RSS grew from {hwm_before} kB to {hwm_after} kB"
    );
    app.child.kill().await.expect("kill");
}

/// `HRANDFIELD h -10000000 WITHVALUES` (a ~1 GB reply from a 2-field hash)
/// closes the client before a byte of it is built, with the default limit:
/// peak RSS does not move and another client's PING is answered within
/// 100 ms meanwhile. The same for SRANDMEMBER and ZRANDMEMBER.
#[tokio::test]
async fn resp_obuf_huge_random_reply_is_refused_before_building() {
    let mut app = start(None).await;
    let mut con = TcpStream::connect(&app.addr).await.expect("connect");
    let setup = b"HSET h field-one value-one field-two value-two\r\nSADD s member-one member-two\r\nZADD z 1 member-one 2 member-two\r\n";
    let r = ask(&mut con, setup, |b| {
        b.iter().filter(|&&c| c == b'\n').count() == 3
    })
    .await;
    assert_eq!(r, b":2\r\n:2\r\n:2\r\n");
    let before = disconnections(&mut con).await;
    let hwm_before = settled_hwm(app.pid).await;
    let stop = tokio_util::sync::CancellationToken::new();
    let ping = pinger(app.addr.clone(), stop.clone());
    tokio::time::sleep(Duration::from_millis(50)).await;
    for attack in [
        "HRANDFIELD h -10000000 WITHVALUES\r\n",
        "HRANDFIELD h -16000000\r\n",
        "SRANDMEMBER s -10000000\r\n",
        "ZRANDMEMBER z -10000000 WITHSCORES\r\n",
    ] {
        let mut a = TcpStream::connect(&app.addr).await.expect("connect");
        a.write_all(attack.as_bytes()).await.expect("write");
        let mut got = Vec::new();
        let closed = tokio::time::timeout(Duration::from_secs(5), a.read_to_end(&mut got)).await;
        assert!(
            matches!(closed, Ok(Ok(0))),
            "{attack}: closed without a reply, got {closed:?} {} bytes",
            got.len()
        );
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    stop.cancel();
    let worst = ping.await.expect("pinger");
    let hwm_after = status_kb(app.pid, "VmHWM:");
    eprintln!("VmHWM {hwm_before} -> {hwm_after} kB; slowest PING {worst:?}");
    assert_eq!(disconnections(&mut con).await, before + 4);
    assert!(
        hwm_after < hwm_before + 16 * 1024,
        "peak RSS grew from {hwm_before} kB to {hwm_after} kB"
    );
    assert!(worst < Duration::from_millis(100), "PING took {worst:?}");
    // A small negative count still works.
    let r = ask(&mut con, b"HRANDFIELD h -3\r\n", |b| {
        b.iter().filter(|&&c| c == b'\n').count() == 7
    })
    .await;
    assert!(r.starts_with(b"*3\r\n"), "{}", String::from_utf8_lossy(&r));
    app.child.kill().await.expect("kill");
}

/// One request written, its whole reply read (the request is followed by an
/// `ECHO` of a marker, whose reply ends the stream): the size of the reply
/// and its first byte. Only the tail of the reply is kept.
async fn big_reply(con: &mut TcpStream, req: &str) -> (usize, u8) {
    const MARK: &[u8] = b"$19\r\nend-of-reply-7f3a9c\r\n";
    let req = format!("{req}\r\nECHO end-of-reply-7f3a9c\r\n");
    con.write_all(req.as_bytes()).await.expect("write");
    let mut total = 0;
    let mut first = None;
    let mut tail: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 256 << 10];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(20), con.read(&mut buf))
            .await
            .expect("reply in time")
            .expect("read");
        assert!(n > 0, "closed after {total} bytes of {req:?}");
        first.get_or_insert(buf[0]);
        total += n;
        tail.extend_from_slice(&buf[..n]);
        if tail.ends_with(MARK) {
            return (total - MARK.len(), first.unwrap_or(0));
        }
        let keep = tail.len().saturating_sub(MARK.len());
        tail.drain(..keep);
    }
}

/// Fills `key` with `batches` commands of `per` elements each (`make`
/// builds one command's arguments from the element indices).
async fn fill(con: &mut TcpStream, batches: usize, per: usize, make: impl Fn(usize) -> String) {
    for b in 0..batches {
        let mut req = String::new();
        for i in b * per..(b + 1) * per {
            req.push_str(&make(i));
        }
        let r = ask(con, format!("{}\r\n", req.trim_start()).as_bytes(), line).await;
        assert!(
            r.starts_with(b":"),
            "batch {b}: {}",
            String::from_utf8_lossy(&r)
        );
    }
}

/// Round trips of a `PING` every 2 ms until `stop`.
async fn ping_until(addr: &str, stop: tokio_util::sync::CancellationToken) -> Vec<Duration> {
    let mut con = TcpStream::connect(addr).await.expect("connect");
    let mut samples = Vec::new();
    while !stop.is_cancelled() {
        let t = Instant::now();
        assert_eq!(ask(&mut con, b"PING\r\n", line).await, b"+PONG\r\n");
        samples.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    samples
}

async fn ping_samples(addr: String, for_how_long: Duration) -> Vec<Duration> {
    let stop = tokio_util::sync::CancellationToken::new();
    let pings = tokio::spawn({
        let stop = stop.clone();
        async move { ping_until(&addr, stop).await }
    });
    tokio::time::sleep(for_how_long).await;
    stop.cancel();
    pings.await.expect("pinger")
}

/// The `q` quantile of `samples` (0.5: the median, 1: the slowest).
fn quantile(samples: &[Duration], q: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted
        .get(((sorted.len().saturating_sub(1)) as f64 * q) as usize)
        .copied()
        .unwrap_or_default()
}

/// Large replies under the limit — `HGETALL`, `LRANGE`, `SMEMBERS` and
/// `ZRANGE` of collections of 10k–20k elements charged ~2 MB each (0.5–1
/// MB replies), `MGET` naming a 1.5 MB string three times and `HRANDFIELD h -160000 WITHVALUES` (~18 MB) —
/// asked in a loop by one client, while another client of the same RESP
/// thread pings every 2 ms: the pings stay answered (p99 under 50 ms in a
/// debug build, over the p99 of the same pings without the large replies),
/// because a large reply is encoded and written a piece at a
/// time, yielding to the thread's other clients between pieces.
#[tokio::test]
async fn resp_obuf_large_replies_do_not_stall_other_clients() {
    let mut app = start_one_resp_thread().await;
    let mut con = TcpStream::connect(&app.addr).await.expect("connect");
    let filler = "x".repeat(80);
    fill(&mut con, 10, 1000, |i| {
        let head = if i % 1000 == 0 { "HSET h" } else { "" };
        format!("{head} f{i:06} {i:06}{filler}")
    })
    .await;
    fill(&mut con, 20, 1000, |i| {
        let head = if i % 1000 == 0 { "RPUSH l" } else { "" };
        format!("{head} element-{i:08}-{}", &filler[..30])
    })
    .await;
    fill(&mut con, 20, 1000, |i| {
        let head = if i % 1000 == 0 { "SADD s" } else { "" };
        format!("{head} member-{i:08}-{}", &filler[..20])
    })
    .await;
    fill(&mut con, 10, 1000, |i| {
        let head = if i % 1000 == 0 { "ZADD z" } else { "" };
        format!("{head} {i} member-{i:08}-{}", &filler[..20])
    })
    .await;
    let value = "v".repeat(3 << 19);
    let set = format!(
        "*3\r\n$3\r\nSET\r\n$1\r\na\r\n${}\r\n{value}\r\n",
        value.len()
    );
    assert_eq!(ask(&mut con, set.as_bytes(), line).await, b"+OK\r\n");
    let charged = ask(
        &mut con,
        b"MEMORY USAGE h\r\nMEMORY USAGE l\r\nMEMORY USAGE s\r\nMEMORY USAGE z\r\n",
        |b| b.iter().filter(|&&c| c == b'\n').count() == 4,
    )
    .await;
    eprintln!(
        "charged: {}",
        String::from_utf8_lossy(&charged).replace("\r\n", " ")
    );
    // Every key still whole: none was evicted to make room for another
    // (each is charged ~2 MB, so any three fit in one 7 MB shard).
    let counts = ask(
        &mut con,
        b"HLEN h\r\nLLEN l\r\nSCARD s\r\nZCARD z\r\nEXISTS a\r\n",
        |b| b.iter().filter(|&&c| c == b'\n').count() == 5,
    )
    .await;
    assert_eq!(
        String::from_utf8_lossy(&counts),
        ":10000\r\n:20000\r\n:20000\r\n:10000\r\n:1\r\n"
    );

    // The same pings without the large replies first: on a busy machine
    // the bound below is over what the machine itself adds.
    let idle = ping_samples(app.addr.clone(), Duration::from_secs(1)).await;
    let stop = tokio_util::sync::CancellationToken::new();
    let pings = {
        let (addr, stop) = (app.addr.clone(), stop.clone());
        tokio::spawn(async move { ping_until(&addr, stop).await })
    };
    let mut big = TcpStream::connect(&app.addr).await.expect("connect");
    let requests = [
        ("HGETALL h", 1 << 20, b'*'),
        ("LRANGE l 0 -1", 1 << 20, b'*'),
        ("SMEMBERS s", 800 << 10, b'*'),
        ("ZRANGE z 0 -1 WITHSCORES", 500 << 10, b'*'),
        ("MGET a a a", 4 << 20, b'*'),
        ("HRANDFIELD h -160000 WITHVALUES", 16 << 20, b'*'),
    ];
    let started = Instant::now();
    let mut bytes = 0;
    let mut replies = 0;
    while started.elapsed() < Duration::from_secs(4) {
        for (req, at_least, kind) in requests {
            let t = Instant::now();
            let (n, first) = big_reply(&mut big, req).await;
            assert!(
                n >= at_least && first == kind,
                "{req}: {n} bytes, {:?}",
                first as char
            );
            if replies < requests.len() {
                eprintln!("{req}: {n} bytes in {:?}", t.elapsed());
            }
            bytes += n;
            replies += 1;
        }
    }
    let elapsed = started.elapsed();
    stop.cancel();
    let samples = pings.await.expect("pinger");
    let (p99, idle_p99) = (quantile(&samples, 0.99), quantile(&idle, 0.99));
    eprintln!(
        "{replies} large replies, {} MB in {elapsed:?}; {} pings: p50 {:?} p99 {p99:?} max {:?}; \
         without them: p50 {:?} p99 {idle_p99:?}",
        bytes >> 20,
        samples.len(),
        quantile(&samples, 0.5),
        quantile(&samples, 1.0),
        quantile(&idle, 0.5),
    );
    assert!(samples.len() > 100, "only {} pings answered", samples.len());
    assert!(
        p99 < Duration::from_millis(50) + idle_p99,
        "PING p99 {p99:?} (without large replies {idle_p99:?})"
    );
    app.child.kill().await.expect("kill");
}

/// `CONFIG SET client-output-buffer-limit` applies to connections already
/// open: a client connected before the limit is lowered is closed by its
/// next large reply (counted in INFO), the first 16 KB of output are not
/// counted (as redis-server's fixed reply buffer: `normal 1 1 1` still
/// answers small replies), and `CONFIG GET` shows every class.
#[tokio::test]
async fn resp_obuf_config_set_applies_to_open_connections() {
    let mut app = start(None).await;
    let mut admin = TcpStream::connect(&app.addr).await.expect("connect");
    let mut early = TcpStream::connect(&app.addr).await.expect("connect");
    let value = "v".repeat(3 << 20);
    let set = format!(
        "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n${}\r\n{value}\r\n",
        value.len()
    );
    assert_eq!(ask(&mut early, set.as_bytes(), line).await, b"+OK\r\n");
    // Under the default 64 MB hard limit, a 3 MB reply is sent.
    let (n, _) = big_reply(&mut early, "GET k").await;
    assert_eq!(n, value.len() + 12);
    let before = disconnections(&mut admin).await;
    let timeout = ask(&mut admin, b"CONFIG GET timeout\r\n", |b| {
        b.iter().filter(|&&c| c == b'\n').count() == 5
    })
    .await;
    let r = ask(
        &mut admin,
        b"CONFIG SET client-output-buffer-limit \"normal 2mb 1mb 10 pubsub 1mb 512kb 5\"\r\n",
        line,
    )
    .await;
    assert_eq!(r, b"+OK\r\n");
    let cfg = ask(
        &mut admin,
        b"CONFIG GET client-output-buffer-limit\r\n",
        |b| b.ends_with(b" 5\r\n"),
    )
    .await;
    assert_eq!(
        String::from_utf8_lossy(&cfg),
        "*2\r\n$26\r\nclient-output-buffer-limit\r\n$77\r\nnormal 2097152 1048576 10 slave 268435456 67108864 60 pubsub 1048576 524288 5\r\n"
    );
    // The same request on the connection opened before: now past the
    // hard limit, closed without the reply.
    early.write_all(b"GET k\r\n").await.expect("write");
    let mut got = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), early.read_to_end(&mut got)).await;
    assert!(
        matches!(closed, Ok(Ok(0))),
        "closed without a reply: {closed:?}"
    );
    assert_eq!(disconnections(&mut admin).await, before + 1);
    // A bad value changes nothing, with redis-server's error.
    let r = ask(
        &mut admin,
        b"CONFIG SET timeout 7 client-output-buffer-limit \"normal 1 2\"\r\n",
        line,
    )
    .await;
    assert_eq!(
        String::from_utf8_lossy(&r),
        "-ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.\r\n"
    );
    let r = ask(&mut admin, b"CONFIG GET timeout\r\n", |b| {
        b.iter().filter(|&&c| c == b'\n').count() == 5
    })
    .await;
    assert_eq!(r, timeout);
    // `normal 1 1 1`: small replies are still answered.
    let r = ask(
        &mut admin,
        b"CONFIG SET client-output-buffer-limit \"normal 1 1 1\"\r\n",
        line,
    )
    .await;
    assert_eq!(r, b"+OK\r\n");
    assert_eq!(ask(&mut admin, b"PING\r\n", line).await, b"+PONG\r\n");
    let mut small = TcpStream::connect(&app.addr).await.expect("connect");
    assert_eq!(
        ask(&mut small, b"ECHO hello\r\n", bulk_done).await,
        b"$5\r\nhello\r\n"
    );
    app.child.kill().await.expect("kill");
}
