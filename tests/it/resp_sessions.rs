//! The RESP listener in raw bytes, per connection and across connections:
//! AUTH and protected mode, RESP3, transactions and WATCH, databases, TTLs
//! with paused time, client limits, idle timeout, shutdown, server commands.

use crate::resp_support;

use resp_support::{Options, cmd, start, start_dedicated};
use std::time::Duration;

#[tokio::test]
async fn resp_auth_and_noauth_as_redis_words_them() {
    let srv = start(Options {
        password: Some("s3cret"),
        ..Options::default()
    })
    .await;
    let mut c = srv.client().await;
    c.roundtrip(
        &cmd(&[b"GET", b"k"]),
        b"-NOAUTH Authentication required.\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"HELLO", b"3"]),
        b"-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"AUTH", b"wrong"]),
        b"-WRONGPASS invalid username-password pair or user is disabled.\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"AUTH", b"someone", b"s3cret"]),
        b"-WRONGPASS invalid username-password pair or user is disabled.\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"AUTH", b"s3cret"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"GET", b"k"]), b"$-1\r\n").await;
    let mut d = srv.client().await;
    d.roundtrip(&cmd(&[b"AUTH", b"default", b"s3cret"]), b"+OK\r\n")
        .await;
    let mut e = srv.client().await;
    e.send(&cmd(&[b"HELLO", b"3", b"AUTH", b"default", b"s3cret"]))
        .await;
    e.expect(b"%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n").await;
    // Before AUTH, a client cannot make the server buffer much.
    let mut f = srv.client().await;
    f.roundtrip(
        b"*100\r\n",
        b"-ERR Protocol error: unauthenticated multibulk length\r\n",
    )
    .await;
    f.expect_closed().await;
    let mut g = srv.client().await;
    g.roundtrip(
        b"*1\r\n$100000\r\n",
        b"-ERR Protocol error: unauthenticated bulk length\r\n",
    )
    .await;
    srv.stop().await;

    let open = start(Options::default()).await;
    let mut c = open.client().await;
    c.roundtrip(
        &cmd(&[b"AUTH", b"x"]),
        b"-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n",
    )
    .await;
    open.stop().await;
}

#[tokio::test]
async fn resp_hello_switches_to_resp3() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    c.roundtrip(
        &cmd(&[b"HELLO", b"4"]),
        b"-NOPROTO unsupported protocol version\r\n",
    )
    .await;
    c.send(&cmd(&[b"HELLO", b"3"])).await;
    c.expect(b"%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.2.0\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n").await;
    let mut rest = vec![0u8; 0];
    // id value, mode, role, modules
    let tail = b"\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n";
    let mut byte = [0u8; 1];
    use tokio::io::AsyncReadExt;
    c.0.read_exact(&mut byte).await.expect("id");
    assert_eq!(byte[0], b':');
    loop {
        c.0.read_exact(&mut byte).await.expect("id digits");
        if byte[0] == b'\r' {
            break;
        }
        rest.push(byte[0]);
    }
    c.expect(&tail[1..]).await;
    c.roundtrip(&cmd(&[b"GET", b"missing"]), b"_\r\n").await;
    c.roundtrip(&cmd(&[b"HSET", b"h", b"f", b"v"]), b":1\r\n")
        .await;
    c.roundtrip(&cmd(&[b"HGETALL", b"h"]), b"%1\r\n$1\r\nf\r\n$1\r\nv\r\n")
        .await;
    c.roundtrip(&cmd(&[b"HELLO", b"2"]), b"*14\r\n").await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_transactions_and_watch() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    let mut other = srv.client().await;
    c.roundtrip(&cmd(&[b"MULTI"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"SET", b"a", b"1"]), b"+QUEUED\r\n")
        .await;
    c.roundtrip(&cmd(&[b"INCR", b"a"]), b"+QUEUED\r\n").await;
    c.roundtrip(&cmd(&[b"MULTI"]), b"-ERR MULTI calls can not be nested\r\n")
        .await;
    c.roundtrip(&cmd(&[b"EXEC"]), b"*2\r\n+OK\r\n:2\r\n").await;
    c.roundtrip(&cmd(&[b"EXEC"]), b"-ERR EXEC without MULTI\r\n")
        .await;
    // An error while queueing aborts the whole transaction.
    c.roundtrip(&cmd(&[b"MULTI"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"SET", b"a", b"9"]), b"+QUEUED\r\n")
        .await;
    c.roundtrip(
        &cmd(&[b"GET"]),
        b"-ERR wrong number of arguments for 'get' command\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"EXEC"]),
        b"-EXECABORT Transaction discarded because of previous errors.\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"GET", b"a"]), b"$1\r\n2\r\n").await;
    // WATCH: a write by another client makes EXEC return a null array.
    c.roundtrip(&cmd(&[b"WATCH", b"a"]), b"+OK\r\n").await;
    other
        .roundtrip(&cmd(&[b"SET", b"a", b"x"]), b"+OK\r\n")
        .await;
    c.roundtrip(&cmd(&[b"MULTI"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"SET", b"a", b"mine"]), b"+QUEUED\r\n")
        .await;
    c.roundtrip(&cmd(&[b"EXEC"]), b"*-1\r\n").await;
    c.roundtrip(&cmd(&[b"GET", b"a"]), b"$1\r\nx\r\n").await;
    // Untouched watch: EXEC runs.
    c.roundtrip(&cmd(&[b"WATCH", b"a"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"MULTI"]), b"+OK\r\n").await;
    c.roundtrip(
        &cmd(&[b"WATCH", b"a"]),
        b"-ERR WATCH inside MULTI is not allowed\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"SET", b"a", b"mine"]), b"+QUEUED\r\n")
        .await;
    c.roundtrip(&cmd(&[b"EXEC"]), b"*1\r\n+OK\r\n").await;
    c.roundtrip(&cmd(&[b"DISCARD"]), b"-ERR DISCARD without MULTI\r\n")
        .await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_databases_select_and_flush() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    c.roundtrip(&cmd(&[b"SET", b"k", b"zero"]), b"+OK\r\n")
        .await;
    c.roundtrip(&cmd(&[b"SELECT", b"1"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"SET", b"k", b"one"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"SELECT", b"0"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"FLUSHDB"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"DBSIZE"]), b":0\r\n").await;
    c.roundtrip(&cmd(&[b"SELECT", b"1"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"GET", b"k"]), b"$3\r\none\r\n").await;
    c.roundtrip(&cmd(&[b"COPY", b"k", b"k2", b"DB", b"2"]), b":1\r\n")
        .await;
    c.roundtrip(&cmd(&[b"RENAME", b"k", b"k3"]), b"+OK\r\n")
        .await;
    c.roundtrip(&cmd(&[b"RENAME", b"nope", b"k3"]), b"-ERR no such key\r\n")
        .await;
    c.roundtrip(&cmd(&[b"FLUSHALL"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"DBSIZE"]), b":0\r\n").await;
    srv.stop().await;
}

#[tokio::test(start_paused = true)]
async fn resp_ttl_with_paused_time() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    c.roundtrip(&cmd(&[b"SET", b"k", b"v", b"EX", b"10"]), b"+OK\r\n")
        .await;
    c.roundtrip(&cmd(&[b"TTL", b"k"]), b":10\r\n").await;
    c.roundtrip(&cmd(&[b"PEXPIRE", b"k", b"5000", b"GT"]), b":0\r\n")
        .await;
    tokio::time::advance(Duration::from_secs(9)).await;
    c.roundtrip(&cmd(&[b"TTL", b"k"]), b":1\r\n").await;
    tokio::time::advance(Duration::from_secs(2)).await;
    c.roundtrip(&cmd(&[b"GET", b"k"]), b"$-1\r\n").await;
    c.roundtrip(&cmd(&[b"TTL", b"k"]), b":-2\r\n").await;
    c.roundtrip(&cmd(&[b"SET", b"p", b"v"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"TTL", b"p"]), b":-1\r\n").await;
    c.roundtrip(
        &cmd(&[b"EXPIRE", b"p", b"100", b"NX", b"XX"]),
        b"-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
    )
    .await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_max_clients_and_quit() {
    let srv = start(Options {
        max_clients: 2,
        ..Options::default()
    })
    .await;
    let mut a = srv.client().await;
    let mut b = srv.client().await;
    a.roundtrip(b"PING\r\n", b"+PONG\r\n").await;
    b.roundtrip(b"PING\r\n", b"+PONG\r\n").await;
    let mut c = srv.client().await;
    c.expect(b"-ERR max number of clients reached\r\n").await;
    c.expect_closed().await;
    a.roundtrip(&cmd(&[b"QUIT"]), b"+OK\r\n").await;
    a.expect_closed().await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_idle_clients_are_closed() {
    let srv = start(Options {
        idle_timeout: Some(Duration::from_secs(1)),
        ..Options::default()
    })
    .await;
    let mut c = srv.client().await;
    c.roundtrip(b"PING\r\n", b"+PONG\r\n").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    c.expect_closed().await;
    srv.stop().await;
}

#[tokio::test]
async fn resp_shutdown_closes_connections() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    c.roundtrip(b"PING\r\n", b"+PONG\r\n").await;
    srv.shutdown.cancel();
    c.expect_closed().await;
    tokio::time::timeout(Duration::from_secs(10), srv.task)
        .await
        .expect("serve returned")
        .expect("task")
        .expect("serve");
}

#[tokio::test]
async fn resp_server_commands() {
    let srv = start(Options::default()).await;
    let mut c = srv.client().await;
    c.roundtrip(
        &cmd(&[b"CONFIG", b"GET", b"maxmemory"]),
        b"*2\r\n$9\r\nmaxmemory\r\n$8\r\n67108864\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"CONFIG", b"GET", b"maxmemory-policy"]),
        b"*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"CONFIG", b"GET", b"appendonly"]),
        b"*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"CONFIG", b"SET", b"hash-max-listpack-entries", b"64"]),
        b"+OK\r\n",
    )
    .await;
    c.roundtrip(
        &cmd(&[b"CONFIG", b"SET", b"databases", b"4"]),
        b"-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"CLIENT", b"SETNAME", b"tester"]), b"+OK\r\n")
        .await;
    c.roundtrip(&cmd(&[b"CLIENT", b"GETNAME"]), b"$6\r\ntester\r\n")
        .await;
    c.roundtrip(
        &cmd(&[b"CLIENT", b"SETINFO", b"LIB-NAME", b"raw"]),
        b"+OK\r\n",
    )
    .await;
    c.roundtrip(&cmd(&[b"TYPE", b"nothing"]), b"+none\r\n")
        .await;
    c.roundtrip(&cmd(&[b"RESET"]), b"+RESET\r\n").await;
    c.roundtrip(&cmd(&[b"CLIENT", b"GETNAME"]), b"$-1\r\n")
        .await;
    c.roundtrip(&cmd(&[b"SAVE"]), b"+OK\r\n").await;
    c.roundtrip(&cmd(&[b"BGSAVE", b"NOW"]), b"-ERR syntax error\r\n")
        .await;
    srv.stop().await;
}

/// A non-loopback address of this machine, if it has one.
fn lan_ip() -> Option<std::net::IpAddr> {
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    // Connecting a UDP socket sends nothing; it only picks a route.
    probe.connect("192.0.2.1:9").ok()?;
    let ip = probe.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[tokio::test]
async fn resp_protected_mode_refuses_other_hosts_without_a_password() {
    let Some(ip) = lan_ip() else {
        eprintln!("no non-loopback interface: skipping");
        return;
    };
    // The configuration refuses this combination; serve() must hold the
    // line on its own too.
    let srv = start(Options {
        bind: "0.0.0.0:0",
        ..Options::default()
    })
    .await;
    let mut c = resp_support::Raw(
        tokio::net::TcpStream::connect((ip, srv.addr.port()))
            .await
            .expect("connect"),
    );
    c.expect(b"-DENIED Running in protected mode").await;
    srv.stop().await;

    let srv = start(Options {
        bind: "0.0.0.0:0",
        password: Some("pw"),
        ..Options::default()
    })
    .await;
    let mut c = resp_support::Raw(
        tokio::net::TcpStream::connect((ip, srv.addr.port()))
            .await
            .expect("connect"),
    );
    c.roundtrip(b"GET k\r\n", b"-NOAUTH Authentication required.\r\n")
        .await;
    c.roundtrip(b"AUTH pw\r\n", b"+OK\r\n").await;
    srv.stop().await;
}

/// The appliance's topology: several RESP threads, each with its own
/// runtime, accepting from one listener and sharing one store; idle
/// clients are closed by their thread's timer; shutdown closes every
/// connection on every thread and `serve_dedicated` returns.
#[tokio::test]
async fn resp_dedicated_threads_share_the_store_and_shut_down() {
    dedicated_threads_share_the_store_and_shut_down(Options::default().busy_poll).await;
}

/// The same with busy polling off (`CHLORO_RESP_BUSY_POLL_US=0`): the
/// threads still serve until shutdown.
#[tokio::test]
async fn resp_dedicated_threads_serve_without_busy_polling() {
    dedicated_threads_share_the_store_and_shut_down(Duration::ZERO).await;
}

async fn dedicated_threads_share_the_store_and_shut_down(busy_poll: Duration) {
    let srv = start_dedicated(
        Options {
            idle_timeout: Some(Duration::from_secs(1)),
            busy_poll,
            ..Options::default()
        },
        3,
    )
    .await;
    let mut idle = srv.client().await;
    idle.roundtrip(b"PING\r\n", b"+PONG\r\n").await;
    let mut clients = Vec::new();
    for _ in 0..8 {
        clients.push(srv.client().await);
    }
    for (k, c) in clients.iter_mut().enumerate() {
        let key = format!("k{k}");
        let value = format!("v{k}");
        c.roundtrip(
            &cmd(&[b"SET", key.as_bytes(), value.as_bytes()]),
            b"+OK\r\n",
        )
        .await;
        c.roundtrip(
            &cmd(&[b"INCR", b"counter"]),
            format!(":{}\r\n", k + 1).as_bytes(),
        )
        .await;
    }
    // Every connection, whichever thread runs it, sees every write.
    for c in clients.iter_mut() {
        for k in 0..8 {
            let key = format!("k{k}");
            c.roundtrip(
                &cmd(&[b"GET", key.as_bytes()]),
                format!("$2\r\nv{k}\r\n").as_bytes(),
            )
            .await;
        }
        c.roundtrip(&cmd(&[b"DBSIZE"]), b":9\r\n").await;
    }
    // A transaction, pipelined in one write.
    let mut batch = cmd(&[b"MULTI"]);
    batch.extend(cmd(&[b"INCR", b"counter"]));
    batch.extend(cmd(&[b"GET", b"k0"]));
    batch.extend(cmd(&[b"EXEC"]));
    clients[3]
        .roundtrip(
            &batch,
            b"+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n:9\r\n$2\r\nv0\r\n",
        )
        .await;
    // Keep the busy clients active while the idle one times out.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        for c in clients.iter_mut() {
            c.roundtrip(b"PING\r\n", b"+PONG\r\n").await;
        }
    }
    idle.expect_closed().await;
    srv.shutdown.cancel();
    for c in clients.iter_mut() {
        c.expect_closed().await;
    }
    tokio::time::timeout(Duration::from_secs(10), srv.task)
        .await
        .expect("serve_dedicated returned")
        .expect("task")
        .expect("serve_dedicated");
}

/// With several RESP threads accepting at once, `max_clients` still holds:
/// of many simultaneous connections exactly that many are served.
#[tokio::test]
async fn resp_max_clients_holds_across_dedicated_threads() {
    let srv = start_dedicated(
        Options {
            max_clients: 4,
            ..Options::default()
        },
        3,
    )
    .await;
    let attempts = (0..16).map(|_| {
        let addr = srv.addr;
        tokio::spawn(async move {
            let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
            tokio::io::AsyncWriteExt::write_all(&mut s, b"PING\r\n")
                .await
                .expect("write");
            let mut buf = [0u8; 64];
            let n = tokio::time::timeout(
                Duration::from_secs(5),
                tokio::io::AsyncReadExt::read(&mut s, &mut buf),
            )
            .await
            .expect("an answer")
            .unwrap_or(0);
            // Keep the connection open until every attempt has answered.
            (buf[..n].to_vec(), s)
        })
    });
    // All 16 connect at once (spawned before any is awaited).
    let attempts: Vec<_> = attempts.collect();
    let mut served = 0;
    let mut refused = 0;
    let mut open = Vec::new();
    for a in attempts {
        let (reply, s) = a.await.expect("task");
        match reply.as_slice() {
            b"+PONG\r\n" => served += 1,
            b"-ERR max number of clients reached\r\n" => refused += 1,
            other => panic!("unexpected {:?}", String::from_utf8_lossy(other)),
        }
        open.push(s);
    }
    assert_eq!((served, refused), (4, 12));
    drop(open);
    srv.stop().await;
}
