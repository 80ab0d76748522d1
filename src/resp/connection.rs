//! One client's loop: read what is available, take every complete request
//! off the buffer, run each, encode replies into one output buffer, yield
//! once so the other ready clients run theirs, and write the replies in a
//! batch before reading again (pipelining).
//!
//! Output is bounded: once [`FLUSH_AT`] bytes of replies are pending the
//! loop writes them out before running the next request, so a client that
//! pipelines much and reads slowly is throttled by its own socket instead of
//! growing server memory; a reply of [`FLUSH_AT`] bytes or more is encoded
//! and written that much at a time, yielding to the thread's other clients
//! between pieces; a write that makes no progress for [`WRITE_STALL`]
//! closes the connection. The limits are `Server::output_limits`, read at
//! each check (`CONFIG SET` reaches open connections).

use super::cmd::{self, Session};
use super::frame::{Framer, MAX_BULK};
use super::reply::{Chunked, Reply};
use super::{ClientHandle, Server};
use bytes::BytesMut;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

/// Pending reply bytes that trigger a write before more requests run.
const FLUSH_AT: usize = 64 << 10;
/// Smallest free space offered to each read.
const READ_CHUNK: usize = 16 << 10;
/// A client whose buffered request grows past this is disconnected (Redis's
/// `client-query-buffer-limit` is 1 GB; one maximal value plus slack here).
const MAX_QUERY_BUFFER: usize = MAX_BULK + (1 << 20);
/// A write that cannot progress this long means the reader is gone.
const WRITE_STALL: Duration = Duration::from_secs(30);
/// "Never" for the idle timer when idle clients are kept.
const FAR: Duration = Duration::from_secs(86400 * 365);

pub(crate) async fn run(
    mut stream: TcpStream,
    server: Arc<Server>,
    client: Arc<ClientHandle>,
    shutdown: CancellationToken,
) {
    let id = client.id;
    let result = serve_client(&mut stream, &server, client, &shutdown).await;
    if let Err(reason) = result {
        tracing::debug!(client = id, reason, "RESP connection closed");
    }
    let _ = stream.shutdown().await;
    server.unregister(id);
}

async fn serve_client(
    stream: &mut TcpStream,
    server: &Arc<Server>,
    client: Arc<ClientHandle>,
    shutdown: &CancellationToken,
) -> Result<(), &'static str> {
    // `client.kill` is a child of the shutdown token: one future, made once,
    // covers CLIENT KILL and shutdown. (Polling the shared shutdown token
    // from every connection on every request would contend on its lock.)
    let stop = client.kill.clone();
    let stopped = stop.cancelled();
    tokio::pin!(stopped);
    // One timer per connection, re-armed only when it fires early, instead
    // of a timer registration per read.
    let mut last_read = tokio::time::Instant::now();
    let idle_timer = tokio::time::sleep(server.idle_timeout().unwrap_or(FAR));
    tokio::pin!(idle_timer);
    let mut session = Session::new(client, server.password.is_none());
    let mut framer = Framer::default();
    let mut input = BytesMut::with_capacity(READ_CHUNK);
    let mut output = BytesMut::with_capacity(READ_CHUNK);
    // A client accepted just before a stop (or a restart) whose first
    // request is still on its way gets it answered: until one has run, a
    // stop does not close the connection (the drain's bound still holds).
    let mut served = false;
    let result = loop {
        // Run every complete request already buffered.
        let mut ran = false;
        loop {
            match framer.next(&mut input, session.authenticated) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    Reply::error(e.to_string()).encode(&mut output, session.resp3);
                    let _ = write_out(stream, &mut output, server, &session.client, 0).await;
                    cmd::forget(server, &mut session);
                    return Err("protocol error");
                }
            };
            ran = true;
            served = true;
            let reply = framer.with_args(&input, |args| cmd::execute(server, &mut session, args));
            framer.consume(&mut input);
            if session.over_limit {
                // Refused before it was built (see `cmd::reply_budget`).
                cmd::forget(server, &mut session);
                return Err(over_limit(server, &session.client, "hard"));
            }
            let reply = match reply {
                Reply::Save => cmd::server::save(&server.store).await,
                Reply::Block(blocked) => {
                    // Earlier pipelined replies go out before the wait.
                    let waited = match write_out(stream, &mut output, server, &session.client, 0)
                        .await
                    {
                        Ok(()) => {
                            wait_blocked(stream, server, &mut session, *blocked, &mut input).await
                        }
                        Err(e) => Err(e),
                    };
                    match waited {
                        Ok(reply) => reply,
                        Err(e) => {
                            cmd::forget(server, &mut session);
                            return Err(e);
                        }
                    }
                }
                Reply::HttpRequest => {
                    // Redis's words, so operators' alerts for it still match.
                    tracing::warn!(
                        client = session.client.id,
                        peer = %crate::privacy::MaskedIp(session.client.addr.ip()),
                        "Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to the Redis-protocol port. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise the cache store. Connection aborted."
                    );
                    cmd::forget(server, &mut session);
                    return Err("HTTP request on the RESP port");
                }
                other => other,
            };
            // CLIENT REPLY OFF/SKIP drops the reply; one that is sent is
            // checked against the output limit before encoding (a reply past
            // it is never copied into the buffer) and after (the estimate is
            // a lower bound). A large one goes out in pieces (`send_chunked`).
            if session.reply_wanted() {
                let limits = &server.output_limits;
                let at_least = reply.encoded_len_at_least();
                if limits.past_hard((output.len() as u64).saturating_add(at_least)) {
                    cmd::forget(server, &mut session);
                    return Err(over_limit(server, &session.client, "hard"));
                }
                if at_least >= FLUSH_AT as u64 {
                    let sent = send_chunked(stream, &mut output, server, &session, reply, at_least);
                    if let Err(e) = sent.await {
                        cmd::forget(server, &mut session);
                        return Err(e);
                    }
                } else {
                    reply.encode(&mut output, session.resp3);
                    if limits.past_hard(output.len() as u64) {
                        cmd::forget(server, &mut session);
                        return Err(over_limit(server, &session.client, "hard"));
                    }
                }
            }
            if session.quit {
                break;
            }
            if output.len() >= FLUSH_AT
                && let Err(e) = write_out(stream, &mut output, server, &session.client, 0).await
            {
                cmd::forget(server, &mut session);
                return Err(e);
            }
        }
        if ran {
            // Coarse, for CLIENT LIST's idle=: reuses the read's clock.
            let since = last_read
                .into_std()
                .saturating_duration_since(server.started);
            session.client.last_active_ms.store(
                since.as_millis() as u64,
                std::sync::atomic::Ordering::Relaxed,
            );
        }
        // Let every other client that is ready run its requests first, so
        // the replies of one event-loop turn go out together, as
        // redis-server writes them in `beforeSleep`. Interleaving one
        // client's read and write with the next client's meant each write
        // woke a benchmark client that had just gone back to sleep; batched,
        // one wake-up serves many replies (`bench resp` -P 16: GET 0.84x to
        // 1.12x redis-server, CPU per request 1.45 to 1.15 us).
        if ran && !output.is_empty() {
            tokio::task::yield_now().await;
        }
        if !output.is_empty()
            && let Err(e) = write_out(stream, &mut output, server, &session.client, 0).await
        {
            break Err(e);
        }
        if session.quit {
            break Ok(());
        }
        if input.len() > MAX_QUERY_BUFFER {
            break Err("query buffer limit");
        }
        // Room for the next read; for a large value being received, grow
        // towards what it needs geometrically (no quadratic re-copying).
        let need = framer.need().saturating_sub(input.len());
        let spare = input.capacity() - input.len();
        if spare < READ_CHUNK || need > spare {
            input.reserve(need.min(input.len().max(READ_CHUNK)).max(READ_CHUNK));
        }
        tokio::select! {
            // Requests first: the other branches are rare.
            biased;
            n = stream.read_buf(&mut input) => match n {
                Ok(0) => break Ok(()),
                Ok(n) => {
                    super::poll::note_activity();
                    last_read = tokio::time::Instant::now();
                    server.stats.net_input.add(n as u64);
                }
                Err(_) => break Err("read error"),
            },
            _ = &mut stopped, if served || !shutdown.is_cancelled() => {
                if !served && shutdown.is_cancelled() {
                    continue;
                }
                break if shutdown.is_cancelled() { Ok(()) } else { Err("killed") };
            }
            msg = next_message(&mut session.sub) => {
                // This one and whatever else is queued, in one write.
                let mut next = Some(msg);
                while let Some(m) = next {
                    if let Some(sub) = &session.sub {
                        sub.received(&m);
                    }
                    message_reply(m).encode(&mut output, session.resp3);
                    if output.len() >= FLUSH_AT {
                        break;
                    }
                    next = session.sub.as_mut().and_then(|s| s.rx.try_recv().ok());
                }
            }
            _ = &mut idle_timer => {
                // Subscribers wait for messages, not requests: never idle.
                let subscribed = session.sub.as_ref().is_some_and(|s| s.count() > 0);
                match server.idle_timeout() {
                    Some(limit) if last_read.elapsed() >= limit && !subscribed => break Err("idle timeout"),
                    Some(limit) => idle_timer.as_mut().reset(last_read + limit),
                    None => idle_timer.as_mut().reset(tokio::time::Instant::now() + FAR),
                }
            }
        }
    };
    cmd::forget(server, &mut session);
    result
}

/// The next Pub/Sub message for this connection; never, when it has not
/// subscribed.
async fn next_message(
    sub: &mut Option<crate::resp::pubsub::Subscriber>,
) -> crate::resp::pubsub::Message {
    match sub {
        Some(s) => match s.rx.recv().await {
            Some(m) => m,
            None => std::future::pending().await,
        },
        None => std::future::pending().await,
    }
}

/// A message as the subscriber receives it.
fn message_reply(m: crate::resp::pubsub::Message) -> Reply {
    match m.pattern {
        None => Reply::Push(vec![
            Reply::Bulk(bytes::Bytes::from_static(b"message")),
            Reply::Bulk(m.channel),
            Reply::Bulk(m.payload),
        ]),
        Some(p) => Reply::Push(vec![
            Reply::Bulk(bytes::Bytes::from_static(b"pmessage")),
            Reply::Bulk(p),
            Reply::Bulk(m.channel),
            Reply::Bulk(m.payload),
        ]),
    }
}

/// Waits for a blocked command (see `cmd/blocking.rs`): registers the
/// client on its keys, retries the command on every wake-up, and returns its
/// reply, or the timeout reply. Requests the client pipelines meanwhile are
/// read and kept for after; a closed socket, `CLIENT KILL` or shutdown ends
/// the wait (and the connection); `CLIENT UNBLOCK` ends it with the timeout
/// reply or redis-server's `UNBLOCKED` error.
async fn wait_blocked(
    stream: &mut TcpStream,
    server: &Arc<Server>,
    session: &mut Session,
    blocked: cmd::Blocked,
    input: &mut BytesMut,
) -> Result<Reply, &'static str> {
    let (unblock, mut unblocked) = tokio::sync::oneshot::channel();
    *super::lock(&session.client.unblock) = Some(unblock);
    let client = session.client.clone();
    let result = wait_blocked_until(stream, server, session, blocked, input, &mut unblocked).await;
    super::lock(&client.unblock).take();
    result
}

async fn wait_blocked_until(
    stream: &mut TcpStream,
    server: &Arc<Server>,
    session: &mut Session,
    blocked: cmd::Blocked,
    input: &mut BytesMut,
    unblocked: &mut tokio::sync::oneshot::Receiver<bool>,
) -> Result<Reply, &'static str> {
    let keys: Vec<&[u8]> = blocked.keys.iter().map(|k| &k[..]).collect();
    let args: Vec<&[u8]> = blocked.args.iter().map(|a| &a[..]).collect();
    // Registered before the retry below: a push in between is not missed.
    let mut waiter = server.store.block_on(blocked.db, &keys);
    let kill = session.client.kill.clone();
    let deadline = blocked
        .deadline
        .unwrap_or_else(|| tokio::time::Instant::now() + FAR);
    let timer = tokio::time::sleep_until(deadline);
    tokio::pin!(timer);
    loop {
        match cmd::retry(server, session, blocked.index, &args) {
            Reply::Block(_) => {}
            // A key of another type now: redis-server keeps the client
            // blocked until the key holds what it waits for.
            Reply::Error(e) if e.starts_with("WRONGTYPE") => {}
            reply => return Ok(reply),
        }
        loop {
            tokio::select! {
                () = waiter.ready() => break,
                // A wait that ends unserved is a null array for every
                // blocking command, as redis-server 7.0's
                // `replyToBlockedClientTimedOut` (`BLMOVE` too, which
                // inside `EXEC` replies `on_timeout`, a null bulk).
                () = &mut timer => return Ok(Reply::NilArray),
                error = &mut *unblocked => return Ok(if error == Ok(true) {
                    Reply::error("UNBLOCKED client unblocked via CLIENT UNBLOCK")
                } else {
                    Reply::NilArray
                }),
                () = kill.cancelled() => return Err("closed while blocked"),
                n = stream.read_buf(input) => match n {
                    Ok(0) | Err(_) => return Err("client gone while blocked"),
                    Ok(n) => {
                        server.stats.net_input.add(n as u64);
                        if input.len() > MAX_QUERY_BUFFER {
                            return Err("query buffer limit");
                        }
                        if input.capacity() - input.len() < READ_CHUNK {
                            input.reserve(READ_CHUNK);
                        }
                    }
                },
            }
        }
    }
}

/// Sends a reply of at least [`FLUSH_AT`] bytes (`at_least`, its size
/// estimate) a piece at a time: encodes about [`FLUSH_AT`] bytes, writes
/// them, and yields so the other clients of this thread run before the next
/// piece (an 18 MB reply built and written whole held another client's
/// `PING` for 265 ms in a debug build). The whole reply counts against the
/// hard limit, as in redis-server, where it is all in the output buffer
/// before any of it is written; what is not encoded yet counts towards the
/// soft limit while a write waits. The last piece stays in `output` for the
/// batch write.
async fn send_chunked(
    stream: &mut TcpStream,
    output: &mut BytesMut,
    server: &Server,
    session: &Session,
    reply: Reply,
    at_least: u64,
) -> Result<(), &'static str> {
    let mut chunked = Chunked::new(reply, session.resp3);
    let mut counted = output.len() as u64;
    loop {
        let before = output.len();
        let done = chunked.encode_some(output, FLUSH_AT);
        counted += (output.len() - before) as u64;
        if server.output_limits.past_hard(counted) {
            return Err(over_limit(server, &session.client, "hard"));
        }
        if done {
            return Ok(());
        }
        let backlog = at_least.saturating_sub(counted);
        write_out(stream, output, server, &session.client, backlog).await?;
        tokio::task::yield_now().await;
    }
}

/// Closes a client past its output-buffer limit (`kind`: "hard" or
/// "soft"): counted in `INFO stats` `client_output_buffer_limit_disconnections`
/// and logged once, as redis-server does.
fn over_limit(server: &Server, client: &ClientHandle, kind: &'static str) -> &'static str {
    server
        .pubsub
        .overflowed
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let l = server.output_limits.get(super::ObufClass::Normal);
    tracing::warn!(
        client = client.id,
        peer = %crate::privacy::MaskedIp(client.addr.ip()),
        limit = kind,
        hard = l.hard,
        soft = l.soft,
        soft_secs = l.soft_secs,
        "Client scheduled to be closed ASAP for overcoming of output buffer limits."
    );
    "output buffer limit"
}

/// Writes the pending replies. Usually the socket takes them at once and no
/// timer is involved; a write that would block is bounded by
/// [`WRITE_STALL`] without progress, by the soft output-buffer limit (more
/// than `soft` bytes still pending — with `backlog`, the rest of a reply
/// not encoded yet — for `soft_secs` on end closes the client), by
/// `CLIENT KILL`, shutdown and a Pub/Sub overflow. The limit is read at
/// each wait, so a `CONFIG SET` reaches a write already waiting.
async fn write_out(
    stream: &mut TcpStream,
    output: &mut BytesMut,
    server: &Server,
    client: &ClientHandle,
    backlog: u64,
) -> Result<(), &'static str> {
    let total = output.len();
    let mut written = 0;
    let mut over_soft_since: Option<tokio::time::Instant> = None;
    while written < total {
        match stream.try_write(&output[written..]) {
            Ok(n) => written += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                let now = tokio::time::Instant::now();
                let limit = server.output_limits.get(super::ObufClass::Normal);
                let pending =
                    ((total - written) as u64 + backlog).saturating_sub(super::UNCOUNTED_OUTPUT);
                let mut deadline = now + WRITE_STALL;
                let mut soft = false;
                if limit.soft != 0 && pending > limit.soft {
                    let since = *over_soft_since.get_or_insert(now);
                    let until = since + Duration::from_secs(limit.soft_secs);
                    if until <= deadline {
                        deadline = until;
                        soft = true;
                    }
                } else {
                    over_soft_since = None;
                }
                tokio::select! {
                    r = stream.writable() => if r.is_err() {
                        return Err("write error");
                    },
                    () = tokio::time::sleep_until(deadline) => {
                        return Err(if soft {
                            over_limit(server, client, "soft")
                        } else {
                            "write stalled"
                        });
                    }
                    () = client.kill.cancelled() => return Err("killed while writing"),
                }
            }
            Err(_) => return Err("write error"),
        }
    }
    server.stats.net_output.add(total as u64);
    output.clear();
    Ok(())
}
