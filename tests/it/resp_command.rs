//! `COMMAND INFO / GETKEYS / GETKEYSANDFLAGS / LIST FILTERBY` and `CLIENT
//! REPLY`, byte-for-byte against redis-server 7.0 (RESP2 and RESP3), for
//! every command the listener implements.

use crate::resp_support;

use resp_support::redis_server::{assert_identical, parse, replies, start_redis};
use resp_support::{Options, cmd, start};
use std::collections::BTreeSet;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The bulk strings of a RESP2 array of bulk strings.
fn bulks(reply: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(reply);
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines[0].starts_with('*'), "an array: {text:?}");
    lines[1..]
        .chunks(2)
        .filter(|c| c.len() == 2 && c[0].starts_with('$'))
        .map(|c| c[1].to_string())
        .collect()
}

/// Our `COMMAND LIST`: every command and subcommand we implement.
async fn our_names(port: u16) -> Vec<String> {
    let list = replies(port, &[vec!["COMMAND".into(), "LIST".into()]], false).await;
    bulks(&list[0])
}

fn words(s: &str) -> Vec<String> {
    s.split(' ').map(str::to_string).collect()
}

#[tokio::test]
async fn command_info_matches_redis_server_for_every_implemented_command() {
    let ours = start(Options::default()).await;
    let names = our_names(ours.addr.port()).await;
    ours.stop().await;
    assert!(
        names.len() > 200,
        "commands and subcommands: {}",
        names.len()
    );
    // A container's subcommands come in redis-server's hash order, which
    // changes from call to call: those are compared one by one (they are
    // in the list) and by header below.
    let containers: BTreeSet<&str> = names
        .iter()
        .filter_map(|n| n.split_once('|').map(|(c, _)| c))
        .collect();
    let mut requests: Vec<Vec<String>> = names
        .iter()
        .filter(|n| !containers.contains(n.as_str()))
        .map(|n| words(&format!("COMMAND INFO {n}")))
        .collect();
    for extra in [
        "COMMAND INFO nosuch",
        "COMMAND INFO GET nosuch ZUNIONSTORE",
        "COMMAND INFO object|ENCODING",
        "COMMAND INFO object|nosuch",
    ] {
        requests.push(words(extra));
    }
    assert_identical(&requests).await;
    // Containers: everything up to the first subcommand is identical.
    let redis = start_redis();
    let ours = start(Options::default()).await;
    let heads: Vec<Vec<String>> = containers
        .iter()
        .map(|c| words(&format!("COMMAND INFO {c}")))
        .collect();
    for resp3 in [false, true] {
        let theirs = replies(redis.1, &heads, resp3).await;
        let mine = replies(ours.addr.port(), &heads, resp3).await;
        for ((h, t), m) in heads.iter().zip(&theirs).zip(&mine) {
            let head = |r: &[u8]| {
                let at = r
                    .windows(5)
                    .skip(5)
                    .position(|w| w == b"*10\r\n")
                    .map_or(r.len(), |p| p + 5);
                String::from_utf8_lossy(&r[..at]).to_string()
            };
            assert_eq!(head(m), head(t), "{}", h.join(" "));
            assert_eq!(m.len(), t.len(), "{}", h.join(" "));
        }
    }
    // With no names: every implemented command.
    let all = replies(
        ours.addr.port(),
        &parse("COMMAND INFO|COMMAND|COMMAND COUNT"),
        false,
    )
    .await;
    let top = names.iter().filter(|n| !n.contains('|')).count();
    assert!(all[0].starts_with(format!("*{top}\r\n").as_bytes()));
    assert_eq!(all[0], all[1]);
    assert_eq!(all[2], format!(":{top}\r\n").into_bytes());
    ours.stop().await;
}

/// `COMMAND DOCS` for every command and subcommand we implement (a
/// container's subcommands come in redis-server's varying hash order, so
/// those are compared one by one).
#[tokio::test]
async fn command_docs_match_redis_server_for_every_implemented_command() {
    let ours = start(Options::default()).await;
    let names = our_names(ours.addr.port()).await;
    ours.stop().await;
    let containers: BTreeSet<&str> = names
        .iter()
        .filter_map(|n| n.split_once('|').map(|(c, _)| c))
        .collect();
    let mut requests: Vec<Vec<String>> = names
        .iter()
        .filter(|n| !containers.contains(n.as_str()))
        .map(|n| words(&format!("COMMAND DOCS {n}")))
        .collect();
    for extra in [
        "COMMAND DOCS nosuch",
        "COMMAND DOCS GET nosuch ZUNIONSTORE",
        "COMMAND DOCS object|ENCODING",
        "COMMAND DOCS object|nosuch",
    ] {
        requests.push(words(extra));
    }
    assert_identical(&requests).await;
}

/// For each command (and subcommand) we implement, `COMMAND GETKEYS` and
/// `GETKEYSANDFLAGS` with 0 to 5 extra arguments past the minimum arity,
/// plus the numkeys cases, answer as redis-server does (keys or errors).
#[tokio::test]
async fn getkeys_matches_redis_server_for_every_implemented_command() {
    let ours = start(Options::default()).await;
    let names = our_names(ours.addr.port()).await;
    let infos = replies(
        ours.addr.port(),
        &names
            .iter()
            .map(|n| words(&format!("COMMAND INFO {n}")))
            .collect::<Vec<_>>(),
        false,
    )
    .await;
    ours.stop().await;
    let mut requests = Vec::new();
    for (name, info) in names.iter().zip(&infos) {
        let text = String::from_utf8_lossy(info);
        let arity: i64 = text
            .split("\r\n")
            .find_map(|l| l.strip_prefix(':'))
            .and_then(|n| n.parse().ok())
            .expect("arity");
        let min = arity.unsigned_abs() as usize;
        let argv: Vec<String> = name.split('|').map(str::to_string).collect();
        for extra in 0..6 {
            let total = min.saturating_sub(1) + extra;
            for sub in ["GETKEYS", "GETKEYSANDFLAGS"] {
                let mut r = vec!["COMMAND".to_string(), sub.to_string()];
                r.extend(argv.iter().cloned());
                r.extend((argv.len()..=total).map(|i| format!("k{i}")));
                requests.push(r);
            }
        }
    }
    let numkeys = "\
        ZUNION 2 a b|ZUNION 2 a b WITHSCORES|ZUNION 0 a|ZUNION 3 a b|ZUNION 1x a b|ZUNION -1 a|ZUNION x a|\
        ZINTER 1 a|ZDIFF 2 a b|ZUNIONSTORE d 2 a b|ZUNIONSTORE d 3 a b|ZUNIONSTORE d 1x a|ZINTERSTORE d 1 a|\
        ZDIFFSTORE d 1 a|ZDIFFSTORE d 0 a|SINTERCARD 2 a b|SINTERCARD 2 a b LIMIT 1|SINTERCARD 3 a b|\
        ZINTERCARD 1 a|ZINTERCARD 1 a LIMIT 5|LMPOP 2 a b LEFT|LMPOP 1 a LEFT COUNT 2|LMPOP 3 a b|LMPOP 1x a b|\
        BLMPOP 0 2 a b LEFT|BLMPOP 0 1x a b|BLMPOP 0 5 a b|ZMPOP 1 a MIN|ZMPOP 2 a b MAX COUNT 3|\
        BZMPOP 0 1 a MIN|BZMPOP 0 0 a MIN|SET k v|SET k v GET|SET k v get EX 1|SET k v EX 1|MSET a 1 b|\
        MSET a 1 b 2|BLPOP a b 0|BITOP AND d a b|OBJECT ENCODING k|OBJECT FOO k|OBJECT|MEMORY USAGE k|\
        NOSUCH a|PING x|GET|GET a b|PUBLISH c m|CLIENT ID x|CONFIG GET x";
    for r in parse(numkeys) {
        for sub in ["GETKEYS", "GETKEYSANDFLAGS"] {
            let mut full = vec!["COMMAND".to_string(), sub.to_string()];
            full.extend(r.iter().cloned());
            requests.push(full);
        }
    }
    requests.extend(parse(
        "COMMAND GETKEYS|COMMAND GETKEYS GET|COMMAND GETKEYSANDFLAGS GET",
    ));
    assert_identical(&requests).await;
}

/// `COMMAND LIST FILTERBY`: for each filter, our names are exactly
/// redis-server's names restricted to the commands we implement.
#[tokio::test]
async fn command_list_filterby_matches_redis_server_on_our_commands() {
    let redis = start_redis();
    let ours = start(Options::default()).await;
    let all: BTreeSet<String> = our_names(ours.addr.port()).await.into_iter().collect();
    let filters = parse(
        "COMMAND LIST FILTERBY PATTERN *|COMMAND LIST FILTERBY PATTERN z*|COMMAND LIST FILTERBY PATTERN OBJ*|\
         COMMAND LIST FILTERBY PATTERN ?et|COMMAND LIST FILTERBY PATTERN [bl]*pop|\
         COMMAND LIST FILTERBY ACLCAT hash|COMMAND LIST FILTERBY ACLCAT WRITE|COMMAND LIST FILTERBY ACLCAT read|\
         COMMAND LIST FILTERBY ACLCAT fast|COMMAND LIST FILTERBY ACLCAT slow|COMMAND LIST FILTERBY ACLCAT keyspace|\
         COMMAND LIST FILTERBY ACLCAT dangerous|COMMAND LIST FILTERBY ACLCAT connection|\
         COMMAND LIST FILTERBY ACLCAT blocking|COMMAND LIST FILTERBY ACLCAT nosuch|\
         COMMAND LIST FILTERBY MODULE x",
    );
    let mut filters = filters;
    filters.push(words("COMMAND LIST FILTERBY PATTERN *|*"));
    filters.push(words("COMMAND LIST FILTERBY PATTERN object|enc*"));
    let theirs = replies(redis.1, &filters, false).await;
    let mine = replies(ours.addr.port(), &filters, false).await;
    for ((f, t), m) in filters.iter().zip(&theirs).zip(&mine) {
        let t: BTreeSet<String> = bulks(t).into_iter().filter(|n| all.contains(n)).collect();
        let m: BTreeSet<String> = bulks(m).into_iter().collect();
        assert_eq!(m, t, "{}", f.join(" "));
    }
    let errors = parse(
        "COMMAND LIST FILTERBY|COMMAND LIST FILTERBY FOO x|COMMAND LIST FOO|COMMAND LIST FILTERBY PATTERN a b",
    );
    let theirs = replies(redis.1, &errors, false).await;
    let mine = replies(ours.addr.port(), &errors, false).await;
    assert_eq!(
        String::from_utf8_lossy(&mine.concat()),
        String::from_utf8_lossy(&theirs.concat())
    );
    let count = replies(ours.addr.port(), &parse("COMMAND COUNT"), false).await;
    let top = all.iter().filter(|n| !n.contains('|')).count();
    assert_eq!(count[0], format!(":{top}\r\n").into_bytes());
    ours.stop().await;
}

/// Sends `requests` pipelined (then `ECHO end`) and returns every byte
/// the server wrote up to the echo: replies that `CLIENT REPLY` dropped
/// simply are not there.
async fn pipelined(port: u16, requests: &[Vec<String>], resp3: bool) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    if resp3 {
        s.write_all(&cmd(&[b"HELLO", b"3"])).await.expect("write");
        let mut got = Vec::new();
        while resp_support::redis_server::reply_len(&got, 0).is_none() {
            let mut buf = [0u8; 4096];
            let n = s.read(&mut buf).await.expect("read");
            assert!(n > 0);
            got.extend_from_slice(&buf[..n]);
        }
    }
    let mut out = Vec::new();
    for r in requests {
        let args: Vec<&[u8]> = r.iter().map(|a| a.as_bytes()).collect();
        out.extend(cmd(&args));
    }
    out.extend(cmd(&[b"ECHO", b"the-end"]));
    s.write_all(&out).await.expect("write");
    let mut got = Vec::new();
    while !got.ends_with(b"$7\r\nthe-end\r\n") {
        let mut buf = [0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .expect("replies in time")
            .expect("read");
        assert!(n > 0, "closed early: {:?}", String::from_utf8_lossy(&got));
        got.extend_from_slice(&buf[..n]);
    }
    got
}

#[tokio::test]
async fn client_reply_on_off_skip_is_byte_identical_to_redis_server() {
    let requests = parse(
        "SET a 1|CLIENT REPLY OFF|SET a 2|GET a|NOSUCH x|GET|CLIENT REPLY ON|GET a|\
         CLIENT REPLY SKIP|GET a|GET a|CLIENT REPLY SKIP|CLIENT REPLY SKIP|INCR n|INCR n|\
         CLIENT REPLY SKIP|NOSUCH|PING|CLIENT REPLY SKIP|GET|PING|\
         CLIENT REPLY OFF|CLIENT REPLY SKIP|INCR n|CLIENT REPLY ON|GET n|\
         CLIENT REPLY OFF|CLIENT REPLY SKIP|CLIENT REPLY ON|GET n|\
         CLIENT REPLY FOO|CLIENT REPLY|CLIENT REPLY ON x|CLIENT REPLY on|\
         CLIENT REPLY SKIP|MULTI|INCR n|EXEC|\
         CLIENT REPLY OFF|RESET|GET n|CLIENT REPLY SKIP|GET n|QUIT",
    );
    let redis = start_redis();
    let ours = start(Options::default()).await;
    for resp3 in [false, true] {
        let head: Vec<Vec<String>> = requests[..requests.len() - 1].to_vec();
        let theirs = pipelined(redis.1, &head, resp3).await;
        let mine = pipelined(ours.addr.port(), &head, resp3).await;
        assert_eq!(
            String::from_utf8_lossy(&mine),
            String::from_utf8_lossy(&theirs),
            "resp3 {resp3}"
        );
    }
    ours.stop().await;
}
