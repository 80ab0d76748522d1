//! The command table and dispatch: lookup (case-insensitive), `NOAUTH`,
//! arity, `MULTI` queueing, the shared/exclusive store guard, statistics.
//! One file per command family; each handler parses its arguments and calls
//! the typed store API.

mod bitmaps;
pub(crate) mod blocking;
mod client;
mod command;
mod config;
mod connection;
mod docs;
mod hashes;
mod info;
mod introspection;
mod keyspace;
mod lists;
mod meta;
mod pubsub;
pub(crate) mod server;
mod sets;
mod stats;
mod strings;
mod transactions;
mod zsets;

use super::parse::{CmdResult, wrong_args};
use super::reply::Reply;
use super::{ClientHandle, Server};
use crate::cache::{Store, WatchFlag};
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, LazyLock};
use std::time::Instant;

pub(crate) type Handler = fn(&mut Ctx<'_>, &[&[u8]]) -> CmdResult;

/// One command: name, Redis arity (n exact, -n at least n, name included),
/// flags, key positions (first, last, step) and its handler.
pub(crate) struct Spec {
    pub name: &'static str,
    pub arity: i32,
    pub flags: u32,
    pub keys: (i32, i32, i32),
    pub run: Handler,
}

pub(crate) mod flag {
    pub const WRITE: u32 = 1;
    pub const READONLY: u32 = 1 << 1;
    /// Allowed before `AUTH`.
    pub const NOAUTH: u32 = 1 << 2;
    /// Runs with the store's exclusive guard (multi-key atomicity).
    pub const EXCLUSIVE: u32 = 1 << 3;
    /// Transaction control: runs even inside `MULTI`, never queued.
    pub const TXN: u32 = 1 << 4;
    /// Takes no store guard (it takes its own, or none is needed).
    pub const NOGUARD: u32 = 1 << 5;
    pub const FAST: u32 = 1 << 6;
    pub const ADMIN: u32 = 1 << 7;

    pub fn names(flags: u32) -> Vec<&'static str> {
        [
            (WRITE, "write"),
            (READONLY, "readonly"),
            (NOAUTH, "no_auth"),
            (ADMIN, "admin"),
            (FAST, "fast"),
        ]
        .iter()
        .filter(|(f, _)| flags & f != 0)
        .map(|&(_, n)| n)
        .collect()
    }
}

use flag::*;

const fn spec(
    name: &'static str,
    arity: i32,
    flags: u32,
    keys: (i32, i32, i32),
    run: Handler,
) -> Spec {
    Spec {
        name,
        arity,
        flags,
        keys,
        run,
    }
}

const NOKEYS: (i32, i32, i32) = (0, 0, 0);
const KEY1: (i32, i32, i32) = (1, 1, 1);
const ALLKEYS: (i32, i32, i32) = (1, -1, 1);

pub(crate) use blocking::Blocked;
pub(crate) use stats::CommandStats;

pub(crate) static COMMANDS: &[Spec] = &[
    // Strings first: the hot path of every benchmark.
    spec("get", 2, READONLY | FAST, KEY1, strings::get),
    spec("set", -3, WRITE, KEY1, strings::set),
    spec("incr", 2, WRITE | FAST, KEY1, strings::incr),
    spec("mset", -3, WRITE | EXCLUSIVE, (1, -1, 2), strings::mset),
    spec("mget", -2, READONLY | FAST, ALLKEYS, strings::mget),
    spec("setnx", 3, WRITE | FAST, KEY1, strings::setnx),
    spec("setex", 4, WRITE, KEY1, strings::setex),
    spec("psetex", 4, WRITE, KEY1, strings::psetex),
    spec("msetnx", -3, WRITE | EXCLUSIVE, (1, -1, 2), strings::msetnx),
    spec("getset", 3, WRITE | FAST, KEY1, strings::getset),
    spec("getdel", 2, WRITE | FAST, KEY1, strings::getdel),
    spec("getex", -2, WRITE | FAST, KEY1, strings::getex),
    spec("append", 3, WRITE | FAST, KEY1, strings::append),
    spec("strlen", 2, READONLY | FAST, KEY1, strings::strlen),
    spec("getrange", 4, READONLY, KEY1, strings::getrange),
    spec("substr", 4, READONLY, KEY1, strings::getrange),
    spec("setrange", 4, WRITE, KEY1, strings::setrange),
    spec("decr", 2, WRITE | FAST, KEY1, strings::decr),
    spec("incrby", 3, WRITE | FAST, KEY1, strings::incrby),
    spec("decrby", 3, WRITE | FAST, KEY1, strings::decrby),
    spec("incrbyfloat", 3, WRITE | FAST, KEY1, strings::incrbyfloat),
    // Bitmaps.
    spec("setbit", 4, WRITE, KEY1, bitmaps::setbit),
    spec("getbit", 3, READONLY | FAST, KEY1, bitmaps::getbit),
    spec("bitcount", -2, READONLY, KEY1, bitmaps::bitcount),
    spec("bitpos", -3, READONLY, KEY1, bitmaps::bitpos),
    spec("bitop", -4, WRITE | EXCLUSIVE, (2, -1, 1), bitmaps::bitop),
    spec("bitfield", -2, WRITE, KEY1, bitmaps::bitfield),
    spec(
        "bitfield_ro",
        -2,
        READONLY | FAST,
        KEY1,
        bitmaps::bitfield_ro,
    ),
    spec("lcs", -3, READONLY | EXCLUSIVE, (1, 2, 1), bitmaps::lcs),
    // Hashes.
    spec("hset", -4, WRITE | FAST, KEY1, hashes::hset),
    spec("hsetnx", 4, WRITE | FAST, KEY1, hashes::hsetnx),
    spec("hget", 3, READONLY | FAST, KEY1, hashes::hget),
    spec("hmget", -3, READONLY | FAST, KEY1, hashes::hmget),
    spec("hmset", -4, WRITE | FAST, KEY1, hashes::hmset),
    spec("hgetall", 2, READONLY, KEY1, hashes::hgetall),
    spec("hdel", -3, WRITE | FAST, KEY1, hashes::hdel),
    spec("hexists", 3, READONLY | FAST, KEY1, hashes::hexists),
    spec("hlen", 2, READONLY | FAST, KEY1, hashes::hlen),
    spec("hkeys", 2, READONLY, KEY1, hashes::hkeys),
    spec("hvals", 2, READONLY, KEY1, hashes::hvals),
    spec("hstrlen", 3, READONLY | FAST, KEY1, hashes::hstrlen),
    spec("hincrby", 4, WRITE | FAST, KEY1, hashes::hincrby),
    spec("hincrbyfloat", 4, WRITE | FAST, KEY1, hashes::hincrbyfloat),
    spec("hrandfield", -2, READONLY, KEY1, hashes::hrandfield),
    spec("hscan", -3, READONLY, KEY1, hashes::hscan),
    // Lists.
    spec("lpush", -3, WRITE | FAST, KEY1, lists::lpush),
    spec("rpush", -3, WRITE | FAST, KEY1, lists::rpush),
    spec("lpushx", -3, WRITE | FAST, KEY1, lists::lpushx),
    spec("rpushx", -3, WRITE | FAST, KEY1, lists::rpushx),
    spec("lpop", -2, WRITE | FAST, KEY1, lists::lpop),
    spec("rpop", -2, WRITE | FAST, KEY1, lists::rpop),
    spec("llen", 2, READONLY | FAST, KEY1, lists::llen),
    spec("lrange", 4, READONLY, KEY1, lists::lrange),
    spec("lindex", 3, READONLY, KEY1, lists::lindex),
    spec("lset", 4, WRITE, KEY1, lists::lset),
    spec("lrem", 4, WRITE, KEY1, lists::lrem),
    spec("ltrim", 4, WRITE, KEY1, lists::ltrim),
    spec("linsert", 5, WRITE, KEY1, lists::linsert),
    spec("lpos", -3, READONLY, KEY1, lists::lpos),
    spec("lmove", 5, WRITE | EXCLUSIVE, (1, 2, 1), lists::lmove),
    spec(
        "rpoplpush",
        3,
        WRITE | EXCLUSIVE,
        (1, 2, 1),
        lists::rpoplpush,
    ),
    spec("lmpop", -4, WRITE, NOKEYS, lists::lmpop),
    spec("blpop", -3, WRITE, (1, -2, 1), lists::blpop),
    spec("brpop", -3, WRITE, (1, -2, 1), lists::brpop),
    spec("blmove", 6, WRITE | EXCLUSIVE, (1, 2, 1), lists::blmove),
    spec(
        "brpoplpush",
        4,
        WRITE | EXCLUSIVE,
        (1, 2, 1),
        lists::brpoplpush,
    ),
    spec("blmpop", -5, WRITE, NOKEYS, lists::blmpop),
    // Sets.
    spec("sadd", -3, WRITE | FAST, KEY1, sets::sadd),
    spec("srem", -3, WRITE | FAST, KEY1, sets::srem),
    spec("smembers", 2, READONLY, KEY1, sets::smembers),
    spec("sismember", 3, READONLY | FAST, KEY1, sets::sismember),
    spec("smismember", -3, READONLY | FAST, KEY1, sets::smismember),
    spec("scard", 2, READONLY | FAST, KEY1, sets::scard),
    spec("spop", -2, WRITE | FAST, KEY1, sets::spop),
    spec("srandmember", -2, READONLY, KEY1, sets::srandmember),
    spec("smove", 4, WRITE | FAST | EXCLUSIVE, (1, 2, 1), sets::smove),
    spec("sinter", -2, READONLY | EXCLUSIVE, ALLKEYS, sets::sinter),
    spec("sunion", -2, READONLY | EXCLUSIVE, ALLKEYS, sets::sunion),
    spec("sdiff", -2, READONLY | EXCLUSIVE, ALLKEYS, sets::sdiff),
    spec(
        "sinterstore",
        -3,
        WRITE | EXCLUSIVE,
        ALLKEYS,
        sets::sinterstore,
    ),
    spec(
        "sunionstore",
        -3,
        WRITE | EXCLUSIVE,
        ALLKEYS,
        sets::sunionstore,
    ),
    spec(
        "sdiffstore",
        -3,
        WRITE | EXCLUSIVE,
        ALLKEYS,
        sets::sdiffstore,
    ),
    spec(
        "sintercard",
        -3,
        READONLY | EXCLUSIVE,
        NOKEYS,
        sets::sintercard,
    ),
    spec("sscan", -3, READONLY, KEY1, sets::sscan),
    // Pub/Sub.
    spec("subscribe", -2, NOGUARD, NOKEYS, pubsub::sub),
    spec("psubscribe", -2, NOGUARD, NOKEYS, pubsub::psub),
    spec("unsubscribe", -1, NOGUARD, NOKEYS, pubsub::unsub),
    spec("punsubscribe", -1, NOGUARD, NOKEYS, pubsub::punsub),
    spec("publish", 3, FAST | NOGUARD, NOKEYS, pubsub::publish),
    spec("pubsub", -2, NOGUARD, NOKEYS, pubsub::pubsub),
    // Sorted sets.
    spec("zadd", -4, WRITE | FAST, KEY1, zsets::zadd),
    spec("zincrby", 4, WRITE | FAST, KEY1, zsets::zincrby),
    spec("zrem", -3, WRITE | FAST, KEY1, zsets::zrem),
    spec("zscore", 3, READONLY | FAST, KEY1, zsets::zscore),
    spec("zmscore", -3, READONLY | FAST, KEY1, zsets::zmscore),
    spec("zcard", 2, READONLY | FAST, KEY1, zsets::zcard),
    spec("zcount", 4, READONLY | FAST, KEY1, zsets::zcount),
    spec("zlexcount", 4, READONLY | FAST, KEY1, zsets::zlexcount),
    spec("zrange", -4, READONLY, KEY1, zsets::zrange),
    spec(
        "zrangestore",
        -5,
        WRITE | EXCLUSIVE,
        (1, 2, 1),
        zsets::zrangestore,
    ),
    spec("zrangebyscore", -4, READONLY, KEY1, zsets::zrangebyscore),
    spec(
        "zrevrangebyscore",
        -4,
        READONLY,
        KEY1,
        zsets::zrevrangebyscore,
    ),
    spec("zrangebylex", -4, READONLY, KEY1, zsets::zrangebylex),
    spec("zrevrangebylex", -4, READONLY, KEY1, zsets::zrevrangebylex),
    spec("zrevrange", -4, READONLY, KEY1, zsets::zrevrange),
    spec("zrank", 3, READONLY | FAST, KEY1, zsets::zrank),
    spec("zrevrank", 3, READONLY | FAST, KEY1, zsets::zrevrank),
    spec("zpopmin", -2, WRITE | FAST, KEY1, zsets::zpopmin),
    spec("zpopmax", -2, WRITE | FAST, KEY1, zsets::zpopmax),
    spec("zmpop", -4, WRITE | EXCLUSIVE, NOKEYS, zsets::zmpop),
    spec("zremrangebyrank", 4, WRITE, KEY1, zsets::zremrangebyrank),
    spec("zremrangebyscore", 4, WRITE, KEY1, zsets::zremrangebyscore),
    spec("zremrangebylex", 4, WRITE, KEY1, zsets::zremrangebylex),
    spec("zunion", -3, READONLY | EXCLUSIVE, NOKEYS, zsets::zunion),
    spec("zinter", -3, READONLY | EXCLUSIVE, NOKEYS, zsets::zinter),
    spec("zdiff", -3, READONLY | EXCLUSIVE, NOKEYS, zsets::zdiff),
    spec(
        "zunionstore",
        -4,
        WRITE | EXCLUSIVE,
        KEY1,
        zsets::zunionstore,
    ),
    spec(
        "zinterstore",
        -4,
        WRITE | EXCLUSIVE,
        KEY1,
        zsets::zinterstore,
    ),
    spec("zdiffstore", -4, WRITE | EXCLUSIVE, KEY1, zsets::zdiffstore),
    spec(
        "zintercard",
        -3,
        READONLY | EXCLUSIVE,
        NOKEYS,
        zsets::zintercard,
    ),
    spec("zrandmember", -2, READONLY, KEY1, zsets::zrandmember),
    spec("zscan", -3, READONLY, KEY1, zsets::zscan),
    spec("bzpopmin", -3, WRITE, (1, -2, 1), zsets::bzpopmin),
    spec("bzpopmax", -3, WRITE, (1, -2, 1), zsets::bzpopmax),
    spec("bzmpop", -5, WRITE | EXCLUSIVE, NOKEYS, zsets::bzmpop),
    // Keyspace.
    spec("del", -2, WRITE, ALLKEYS, keyspace::del),
    spec("unlink", -2, WRITE | FAST, ALLKEYS, keyspace::del),
    spec("exists", -2, READONLY | FAST, ALLKEYS, keyspace::exists),
    spec("type", 2, READONLY | FAST, KEY1, keyspace::type_of),
    spec("keys", 2, READONLY, NOKEYS, keyspace::keys),
    spec("scan", -2, READONLY, NOKEYS, keyspace::scan),
    spec("randomkey", 1, READONLY, NOKEYS, keyspace::randomkey),
    spec("rename", 3, WRITE | EXCLUSIVE, (1, 2, 1), keyspace::rename),
    spec(
        "renamenx",
        3,
        WRITE | EXCLUSIVE | FAST,
        (1, 2, 1),
        keyspace::renamenx,
    ),
    spec("copy", -3, WRITE | EXCLUSIVE, (1, 2, 1), keyspace::copy),
    spec("object", -2, READONLY, NOKEYS, introspection::object),
    spec("memory", -2, READONLY, NOKEYS, introspection::memory),
    spec("touch", -2, READONLY | FAST, ALLKEYS, keyspace::touch),
    spec("expire", -3, WRITE | FAST, KEY1, keyspace::expire),
    spec("pexpire", -3, WRITE | FAST, KEY1, keyspace::pexpire),
    spec("expireat", -3, WRITE | FAST, KEY1, keyspace::expireat),
    spec("pexpireat", -3, WRITE | FAST, KEY1, keyspace::pexpireat),
    spec("ttl", 2, READONLY | FAST, KEY1, keyspace::ttl),
    spec("pttl", 2, READONLY | FAST, KEY1, keyspace::pttl),
    spec("expiretime", 2, READONLY | FAST, KEY1, keyspace::expiretime),
    spec(
        "pexpiretime",
        2,
        READONLY | FAST,
        KEY1,
        keyspace::pexpiretime,
    ),
    spec("persist", 2, WRITE | FAST, KEY1, keyspace::persist),
    // Connection.
    spec("ping", -1, FAST, NOKEYS, connection::ping),
    spec("echo", 2, FAST, NOKEYS, connection::echo),
    spec(
        "auth",
        -2,
        NOAUTH | FAST | NOGUARD,
        NOKEYS,
        connection::auth,
    ),
    spec(
        "hello",
        -1,
        NOAUTH | FAST | NOGUARD,
        NOKEYS,
        connection::hello,
    ),
    spec("select", 2, FAST, NOKEYS, connection::select),
    spec(
        "quit",
        -1,
        NOAUTH | FAST | TXN | NOGUARD,
        NOKEYS,
        connection::quit,
    ),
    spec(
        "reset",
        1,
        NOAUTH | FAST | TXN | NOGUARD,
        NOKEYS,
        connection::reset,
    ),
    spec("client", -2, NOGUARD, NOKEYS, client::client),
    // Server.
    spec("info", -1, NOGUARD, NOKEYS, info::info),
    spec("dbsize", 1, READONLY | FAST, NOKEYS, server::dbsize),
    spec("flushdb", -1, WRITE | EXCLUSIVE, NOKEYS, server::flushdb),
    spec("flushall", -1, WRITE | EXCLUSIVE, NOKEYS, server::flushall),
    spec("time", 1, FAST | NOGUARD, NOKEYS, server::time),
    spec("save", 1, ADMIN | NOGUARD, NOKEYS, server::save_cmd),
    spec("bgsave", -1, ADMIN | NOGUARD, NOKEYS, server::bgsave),
    spec("lastsave", 1, FAST | NOGUARD, NOKEYS, server::lastsave),
    spec("config", -2, ADMIN | NOGUARD, NOKEYS, config::config),
    spec("command", -1, NOGUARD, NOKEYS, command::command),
    // Transactions.
    spec(
        "multi",
        1,
        FAST | TXN | NOGUARD,
        NOKEYS,
        transactions::multi,
    ),
    spec("exec", 1, TXN | NOGUARD, NOKEYS, transactions::exec),
    spec(
        "discard",
        1,
        FAST | TXN | NOGUARD,
        NOKEYS,
        transactions::discard,
    ),
    spec(
        "watch",
        -2,
        FAST | TXN | NOGUARD,
        ALLKEYS,
        transactions::watch,
    ),
    spec(
        "unwatch",
        1,
        FAST | TXN | NOGUARD,
        NOKEYS,
        transactions::unwatch,
    ),
];

/// FNV-1a: command names are short and trusted to be few; SipHash's
/// flooding resistance buys nothing here and costs on every request.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Index = HashMap<&'static [u8], usize, std::hash::BuildHasherDefault<Fnv>>;

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    COMMANDS
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_bytes(), i))
        .collect()
});

/// Finds a command by name, case-insensitively, without allocating.
pub(crate) fn lookup(name: &[u8]) -> Option<(usize, &'static Spec)> {
    let mut lower = [0u8; 16];
    let dst = lower.get_mut(..name.len())?;
    for (d, s) in dst.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    let i = *INDEX.get(&lower[..name.len()])?;
    Some((i, &COMMANDS[i]))
}

/// Scan state kept per connection; see `keyspace::scan`.
pub(crate) struct ScanState {
    pub id: u64,
    pub db: u8,
    pub keys: Vec<crate::cache::Blob>,
}

/// A command queued by `MULTI`: its index in [`COMMANDS`] and its
/// arguments, copied out of the read buffer.
pub(crate) type Queued = (usize, Vec<Box<[u8]>>);

/// One connection's protocol state.
pub(crate) struct Session {
    pub client: Arc<ClientHandle>,
    pub db: u8,
    pub resp3: bool,
    pub authenticated: bool,
    pub multi: Option<Vec<Queued>>,
    pub multi_failed: bool,
    pub watch: WatchFlag,
    pub watched: Vec<(u8, Vec<u8>)>,
    pub scan: Option<ScanState>,
    pub quit: bool,
    /// A reply would pass the client's output-buffer hard limit: the
    /// connection closes the client instead of replying.
    pub over_limit: bool,
    /// Pub/Sub subscriptions, once the client subscribed to something.
    pub sub: Option<crate::resp::pubsub::Subscriber>,
    /// `CLIENT REPLY`: see [`Session::reply_wanted`].
    pub reply: ReplyMode,
}

/// `CLIENT REPLY` state, redis-server's `CLIENT_REPLY_OFF`,
/// `CLIENT_REPLY_SKIP_NEXT` and `CLIENT_REPLY_SKIP` flags.
#[derive(Default)]
pub(crate) struct ReplyMode {
    pub off: bool,
    pub skip_next: bool,
    pub skip: bool,
}

impl Session {
    pub fn new(client: Arc<ClientHandle>, authenticated: bool) -> Self {
        Session {
            client,
            db: 0,
            resp3: false,
            authenticated,
            multi: None,
            multi_failed: false,
            watch: WatchFlag::default(),
            watched: Vec::new(),
            scan: None,
            quit: false,
            over_limit: false,
            sub: None,
            reply: ReplyMode::default(),
        }
    }

    /// Called once per processed request (as redis's `resetClient`): true
    /// if its reply goes out. `CLIENT REPLY SKIP` drops the next one.
    pub fn reply_wanted(&mut self) -> bool {
        let wanted = !self.reply.off && !self.reply.skip;
        self.reply.skip = std::mem::take(&mut self.reply.skip_next);
        wanted
    }

    pub fn set_db(&mut self, db: u8) {
        self.db = db;
        self.client.db.store(db, Ordering::Relaxed);
    }
}

/// What a handler gets.
pub(crate) struct Ctx<'a> {
    pub server: &'a Server,
    pub store: &'a Store,
    pub s: &'a mut Session,
}

/// Encoded bytes of one bulk element besides its content (`$<len>\r\n`,
/// `\r\n`, at least). The replies sized with it (`random_picks`) are
/// made while they are encoded, so the encoding is all they hold; before,
/// the whole `Reply` tree was built first (a 45 MB `HRANDFIELD` reply
/// peaked at 250 MB RSS) and each element was counted at its size too.
pub(crate) const REPLY_OVERHEAD: u64 = 5;

/// Refuses a reply of at least `bytes` (estimated before it is built) that
/// would pass the client's output-buffer hard limit: the client is closed
/// as Redis closes it, but before the reply takes memory or time.
pub(crate) fn reply_budget(ctx: &mut Ctx<'_>, bytes: u64) -> Result<(), Reply> {
    if ctx.server.output_limits.past_hard(bytes) {
        ctx.s.over_limit = true;
        return Err(Reply::Nil);
    }
    Ok(())
}

/// `n` picks with repetition from `pool` (not empty), as an array made
/// while it is encoded (`Reply::Lazy`): a reply of any size from a small
/// key (`HRANDFIELD h -160000`) is neither built whole nor holds up the
/// thread's other clients while it is. Each pick is `per_pick` elements
/// pushed by `push`; `at_least` is the reply's estimated size. Costs one
/// `Blob` clone per member of the pool up front.
pub(crate) fn random_picks<T: Send + 'static>(
    pool: Vec<T>,
    n: u64,
    per_pick: usize,
    at_least: u64,
    push: impl Fn(&T, &mut Vec<Reply>) + Send + 'static,
) -> Reply {
    let mut left = n;
    let len = usize::try_from(n)
        .unwrap_or(usize::MAX)
        .saturating_mul(per_pick);
    Reply::lazy(len, at_least, move |out| {
        let batch = left.min((super::reply::LAZY_BATCH / per_pick.max(1)).max(1) as u64);
        if pool.is_empty() {
            return;
        }
        for _ in 0..batch {
            push(&pool[rand::random_range(0..pool.len())], out);
        }
        left -= batch;
    })
}

/// Drops what a closing connection registered in shared state.
pub(crate) fn forget(server: &Server, s: &mut Session) {
    transactions::unwatch_all(&server.store, s);
    if let Some(sub) = &mut s.sub {
        server.pubsub.forget(sub);
    }
}

/// True while a RESP2 client is in subscribed mode.
fn subscribed_resp2(s: &Session) -> bool {
    !s.resp3 && s.sub.as_ref().is_some_and(|sub| sub.count() > 0)
}

fn arity_ok(arity: i32, argc: usize) -> bool {
    let argc = argc as i64;
    let arity = i64::from(arity);
    if arity >= 0 {
        argc == arity
    } else {
        argc >= -arity
    }
}

fn unknown_command(args: &[&[u8]]) -> Reply {
    let name = String::from_utf8_lossy(args[0]);
    let name: String = name.chars().take(128).collect();
    let mut rest = String::new();
    for a in &args[1..] {
        if rest.len() >= 128 {
            break;
        }
        let a = String::from_utf8_lossy(a);
        let room = 128 - rest.len();
        rest.push('\'');
        rest.extend(a.chars().take(room));
        rest.push_str("' ");
    }
    Reply::error(format!(
        "ERR unknown command '{name}', with args beginning with: {rest}"
    ))
}

const NOAUTH_ERROR: &str = "NOAUTH Authentication required.";

/// Runs one request and returns its reply.
/// The arguments borrow the connection's read buffer: nothing is copied
/// or reference-counted unless the command keeps it.
pub(crate) fn execute(server: &Server, s: &mut Session, args: &[&[u8]]) -> Reply {
    let Some(name) = args.first() else {
        return Reply::Ok;
    };
    let Some((i, spec)) = lookup(name) else {
        if name.eq_ignore_ascii_case(b"post") || name.eq_ignore_ascii_case(b"host:") {
            return Reply::HttpRequest;
        }
        if s.multi.is_some() {
            s.multi_failed = true;
        }
        return unknown_command(args);
    };
    s.client.last_command_index.store(i, Ordering::Relaxed);
    // Redis's order: existence, arity, then authentication.
    let rejection = if !arity_ok(spec.arity, args.len()) {
        Some(wrong_args(spec.name))
    } else if !s.authenticated && spec.flags & NOAUTH == 0 {
        Some(Reply::error(NOAUTH_ERROR))
    } else {
        None
    };
    if let Some(reply) = rejection {
        if let Some(stat) = server.stats.commands.get(i) {
            stat.rejected.fetch_add(1, Ordering::Relaxed);
        }
        if s.multi.is_some() {
            s.multi_failed = true;
        }
        return reply;
    }
    if subscribed_resp2(s) && !pubsub::allowed_when_subscribed(spec.name) {
        return Reply::error(format!(
            "ERR Can't execute '{}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
            pubsub::full_name(spec.name, args)
        ));
    }
    if spec.name == "ping" && subscribed_resp2(s) {
        let msg = args
            .get(1)
            .map_or_else(Bytes::new, |m| Bytes::copy_from_slice(m));
        return Reply::Array(vec![Reply::bulk_str("pong"), Reply::Bulk(msg)]);
    }
    if let Some(queue) = &mut s.multi
        && spec.flags & TXN == 0
    {
        queue.push((i, args.iter().map(|a| Box::from(*a)).collect()));
        return Reply::simple("QUEUED");
    }
    let store = &*server.store;
    if spec.flags & NOGUARD != 0 {
        call(server, store, s, i, args)
    } else if spec.flags & EXCLUSIVE != 0 {
        let _exclusive = store.exec_guard();
        call(server, store, s, i, args)
    } else {
        let _shared = store.command_guard();
        call(server, store, s, i, args)
    }
}

/// Runs a command with no checks (they were done when it was queued, or
/// just now by [`execute`]).
pub(crate) fn call(
    server: &Server,
    store: &Store,
    s: &mut Session,
    i: usize,
    args: &[&[u8]],
) -> Reply {
    let started = Instant::now();
    let mut ctx = Ctx { server, store, s };
    let mut reply = (COMMANDS[i].run)(&mut ctx, args).unwrap_or_else(|e| e);
    if let Reply::Block(b) = &mut reply {
        b.index = i;
        b.args = args.iter().map(|a| Box::from(*a)).collect();
    }
    if let Some(stat) = server.stats.commands.get(i) {
        stat.calls.fetch_add(1, Ordering::Relaxed);
        stat.usec
            .fetch_add(started.elapsed().as_micros() as u64, Ordering::Relaxed);
        if reply.is_error() {
            stat.failed.fetch_add(1, Ordering::Relaxed);
        }
    }
    reply
}

/// Re-runs a blocked command after a wake-up, under the guard its spec
/// asks for, without counting another call.
pub(crate) fn retry(server: &Server, s: &mut Session, i: usize, args: &[&[u8]]) -> Reply {
    let store = &*server.store;
    let Some(spec) = COMMANDS.get(i) else {
        return Reply::NilArray;
    };
    let mut ctx = Ctx { server, store, s };
    if spec.flags & EXCLUSIVE != 0 {
        let _exclusive = store.exec_guard();
        (spec.run)(&mut ctx, args).unwrap_or_else(|e| e)
    } else {
        let _shared = store.command_guard();
        (spec.run)(&mut ctx, args).unwrap_or_else(|e| e)
    }
}
