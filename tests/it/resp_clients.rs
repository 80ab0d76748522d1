//! Real clients against the RESP listener: the `redis` crate, and
//! `redis-cli` / `redis-benchmark` from Debian's `redis-tools` (CI installs
//! it; these tests fail with a clear message when it is missing).

use crate::resp_support;

use redis::AsyncCommands;
use resp_support::{Options, start};
use std::collections::HashMap;
use std::process::{Command, Output};

fn tool(name: &str, args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(name)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{name} must be installed (Debian package redis-tools): {e}"));
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("tool output")
}

async fn run_tool(name: &'static str, args: Vec<String>, stdin: Option<Vec<u8>>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        tool(name, &args, stdin.as_deref())
    })
    .await
    .expect("tool task")
}

#[tokio::test]
async fn resp_with_the_redis_crate() {
    let srv = start(Options {
        password: Some("pw"),
        ..Options::default()
    })
    .await;
    let url = format!("redis://:pw@{}/3", srv.addr);
    let client = redis::Client::open(url).expect("client");
    let mut con = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect with AUTH and SELECT");
    let () = con.set("greeting", "hello").await.expect("set");
    let got: String = con.get("greeting").await.expect("get");
    assert_eq!(got, "hello");
    let n: i64 = redis::cmd("INCRBY")
        .arg("n")
        .arg(41)
        .query_async(&mut con)
        .await
        .expect("incrby");
    assert_eq!(n, 41);
    let () = con
        .hset_multiple("session:1", &[("user", "admin"), ("csrf", "x")])
        .await
        .expect("hset");
    let all: HashMap<String, String> = con.hgetall("session:1").await.expect("hgetall");
    assert_eq!(all.get("user").map(String::as_str), Some("admin"));
    let err = redis::cmd("GET")
        .arg("session:1")
        .query_async::<String>(&mut con)
        .await
        .expect_err("wrong type");
    assert!(err.to_string().contains("WRONGTYPE"), "{err}");
    let (a, b): (i64, i64) = redis::pipe()
        .atomic()
        .cmd("INCR")
        .arg("t")
        .cmd("INCR")
        .arg("t")
        .query_async(&mut con)
        .await
        .expect("MULTI/EXEC pipeline");
    assert_eq!((a, b), (1, 2));
    let () = redis::cmd("SET")
        .arg("ttl")
        .arg("v")
        .arg("EX")
        .arg(100)
        .query_async(&mut con)
        .await
        .expect("set ex");
    let ttl: i64 = con.ttl("ttl").await.expect("ttl");
    assert_eq!(ttl, 100);
    for i in 0..300 {
        let () = con.set(format!("scan:{i}"), i).await.expect("set");
    }
    let mut seen = std::collections::HashSet::new();
    {
        let mut iter: redis::AsyncIter<String> = con.scan_match("scan:*").await.expect("scan");
        while let Some(key) = iter.next_item().await {
            seen.insert(key.expect("key"));
        }
    }
    assert_eq!(seen.len(), 300, "SCAN returns every key");
    // The keys went to database 3 as the URL asked.
    assert_eq!(srv.store.dbsize(3), 305);
    srv.stop().await;
}

#[tokio::test]
async fn resp_with_redis_cli() {
    let srv = start(Options::default()).await;
    let port = srv.addr.port().to_string();
    let cli = |args: &[&str]| {
        let mut v = vec!["-p".to_string(), port.clone()];
        v.extend(args.iter().map(|s| s.to_string()));
        v
    };
    let out = run_tool("redis-cli", cli(&["SET", "a", "1"]), None).await;
    assert_eq!(String::from_utf8_lossy(&out.stdout), "OK\n");
    let out = run_tool("redis-cli", cli(&["INCR", "a"]), None).await;
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2\n");
    // What interactive mode asks first.
    let out = run_tool("redis-cli", cli(&["COMMAND", "DOCS"]), None).await;
    assert!(out.status.success());
    // Commands on stdin, as a script would pipe them.
    let out = run_tool(
        "redis-cli",
        cli(&[]),
        Some(b"HSET h f v\nHGET h f\nNOSUCHCMD x\nDBSIZE\n".to_vec()),
    )
    .await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1\nv\n"), "{text}");
    assert!(text.contains("ERR unknown command 'NOSUCHCMD'"), "{text}");
    assert!(text.trim_end().ends_with('2'), "{text}");
    // Mass insertion with --pipe (it ends with an ECHO to detect the end).
    let mut proto = Vec::new();
    for i in 0..5000 {
        proto.extend(
            format!(
                "*3\r\n$3\r\nSET\r\n${}\r\npipe:{i}\r\n$1\r\nx\r\n",
                5 + i.to_string().len()
            )
            .into_bytes(),
        );
    }
    let out = run_tool("redis-cli", cli(&["--pipe"]), Some(proto)).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("errors: 0, replies: 5000"), "{text}");
    assert_eq!(srv.store.dbsize(0), 5002);
    let out = run_tool("redis-cli", cli(&["INFO", "keyspace"]), None).await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("db0:keys=5002"));
    let out = run_tool("redis-cli", cli(&["--scan", "--pattern", "pipe:1*"]), None).await;
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1111);
    srv.stop().await;
}

#[tokio::test]
async fn resp_with_redis_benchmark() {
    let srv = start(Options {
        password: Some("bench-pw"),
        ..Options::default()
    })
    .await;
    let port = srv.addr.port().to_string();
    for extra in [&[][..], &["-P", "16"][..], &["-3"][..]] {
        let mut args: Vec<String> = [
            "-p",
            &port,
            "-a",
            "bench-pw",
            "-t",
            "set,get,incr,mset",
            "-n",
            "2000",
            "-c",
            "5",
            "-r",
            "1000",
            "-d",
            "100",
            "-q",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        let out = run_tool("redis-benchmark", args, None).await;
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        for test in ["SET", "GET", "INCR", "MSET"] {
            assert!(
                text.lines()
                    .any(|l| l.contains(test) && l.contains("requests per second")),
                "{test} missing in {text}"
            );
        }
        assert!(!text.contains("ERR"), "{text}");
    }
    assert!(srv.store.dbsize(0) > 100);
    srv.stop().await;
}
