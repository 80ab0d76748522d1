//! The accept loops: thread-per-core serving, one task per connection,
//! HTTP/1.1 and HTTP/2 (prior knowledge or ALPN), a cap on open connections
//! and on those of one client address ([`PerIp`]), head-read timeouts,
//! minimum data rates for heads ([`head_guard`]) and bodies ([`body_rate`]),
//! and a graceful drain on shutdown.
//!
//! Like nginx's workers and the RESP listener (`resp::serve_dedicated`),
//! HTTP runs on its own OS threads (`chloro-http-N`, one per core by
//! default), each with a single-threaded tokio runtime that accepts from
//! every listening socket (the same socket, duplicated: the one kept in
//! systemd's fd store across restarts) and runs the connections it
//! accepted. A request's read, handling and answer then stay on one thread,
//! with no wake-ups across threads. What must hold over all threads is
//! shared: each listener's connection cap (one semaphore), the per-address
//! count ([`PerIp`]), the rate limits. Every thread wakes for a new
//! connection and the first to call `accept` takes it; one that then holds
//! clearly more open connections than the least loaded thread hands it to
//! that thread before reading a byte ([`Balance`]), so a burst of
//! keep-alive clients spreads over the threads.
//!
//! It is written out rather than using `axum::serve` because the appliance
//! needs what that helper does not offer: a connection cap, hyper's header
//! timeout and size limits, and (with TLS) the handshake inside the task.

use crate::metrics::{HttpRefusal, Metrics};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulConnection, GracefulShutdown};
use hyper_util::service::TowerToHyperService;
use prometheus_client::metrics::counter::Counter;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use super::body_rate::RateBody;
use super::head_guard::{self, DataRate, Exchanges, Guarded, HeadLimits};
use super::per_ip::{PerIp, Slot};
use super::tls::Tls;
use crate::config::HttpConfig;
use crate::http::Scheme;

/// How a connection reached us, in every request's extensions.
pub fn connection_builder(cfg: &HttpConfig) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        // Also bounds the idle time between keep-alive requests: the timer
        // runs while hyper waits for the next request head.
        .header_read_timeout(cfg.header_timeout)
        // Heads larger than `max_header_bytes` get their 431 from the head
        // guard, below hyper, which can answer in the edge's shape; this is
        // the backstop that bounds a connection's read buffer (hyper's
        // minimum is 8 KiB).
        .max_buf_size((cfg.max_header_bytes * 2).max(8192))
        .max_headers(head_guard::MAX_HEADERS);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(cfg.max_header_bytes).unwrap_or(u32::MAX))
        .max_concurrent_streams(128)
        .keep_alive_interval(Some(Duration::from_secs(30)))
        .keep_alive_timeout(Duration::from_secs(20));
    builder
}

/// One listening socket and what it serves.
pub struct Listener {
    pub socket: TcpListener,
    pub router: Router,
    /// With TLS, connections are HTTPS: the handshake runs in the
    /// connection's task under the head timeout, so a client that opens a
    /// socket and stalls cannot hold a task for long.
    pub tls: Option<Arc<Tls>>,
}

/// How many HTTP threads to run: `configured` (`CHLORO_HTTP_THREADS`), else
/// one per core.
pub fn threads(configured: Option<usize>) -> usize {
    configured
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
        .max(1)
}

/// What every thread shares for one listener.
struct Served {
    router: Router,
    tls: Option<Arc<Tls>>,
    scheme: Scheme,
    /// The listener's connection cap (`CHLORO_MAX_CONNECTIONS`), over all
    /// threads.
    slots: Arc<Semaphore>,
    head_limits: Arc<HeadLimits>,
}

/// What every thread shares for all listeners.
struct Common {
    cfg: Arc<HttpConfig>,
    per_ip: Arc<PerIp>,
    metrics: Metrics,
    builder: auto::Builder<TokioExecutor>,
    body_rate: Option<DataRate>,
    balance: Arc<Balance>,
    /// Each thread's inbox for connections handed to it, by listener.
    inboxes: Vec<Vec<mpsc::UnboundedSender<Handed>>>,
}

/// A connection accepted by one thread for another to serve, with what it
/// holds: its slot of the cap, its address's count, its thread's count.
struct Handed {
    stream: std::net::TcpStream,
    peer: SocketAddr,
    held: Held,
}

/// What an open connection holds until it ends.
struct Held {
    _permit: OwnedSemaphorePermit,
    _per_ip: Option<Slot>,
    _open: OpenOn,
}

/// Open connections per thread, for the accept rule: a thread holding
/// clearly more than the least loaded one hands a connection it accepts to
/// that thread (once, before a byte is read: the connection then stays
/// there). Every thread wakes for a new connection and the first to call
/// `accept` wins, so without it the thread that happens to be awake takes a
/// whole burst of keep-alive clients while the others sleep.
struct Balance {
    open: Box<[AtomicUsize]>,
}

impl Balance {
    fn new(threads: usize) -> Self {
        Balance {
            open: (0..threads).map(|_| AtomicUsize::new(0)).collect(),
        }
    }

    /// The least loaded other thread when `thread` holds clearly more open
    /// connections than it: more than one over it, and over an eighth more.
    fn elsewhere(&self, thread: usize) -> Option<usize> {
        let mine = self.open[thread].load(Ordering::Relaxed);
        let (least, n) = self
            .open
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != thread)
            .map(|(i, n)| (i, n.load(Ordering::Relaxed)))
            .min_by_key(|&(_, n)| n)?;
        (mine > n + 1 + n / 8).then_some(least)
    }

    fn opened(self: &Arc<Self>, thread: usize) -> OpenOn {
        self.open[thread].fetch_add(1, Ordering::Relaxed);
        OpenOn {
            balance: self.clone(),
            thread,
        }
    }
}

/// One open connection counted for its thread until dropped.
struct OpenOn {
    balance: Arc<Balance>,
    thread: usize,
}

impl Drop for OpenOn {
    fn drop(&mut self) {
        self.balance.open[self.thread].fetch_sub(1, Ordering::Relaxed);
    }
}

/// Starts `threads` HTTP threads serving `listeners`; the returned future
/// completes once `shutdown` has fired and every thread has stopped
/// accepting and drained its connections (each up to `cfg.shutdown_grace`).
/// Dropping the future stops the threads too.
/// `per_ip` is shared by the listeners, so one address's connections are
/// counted over HTTP and HTTPS together; a connection over its address's
/// limit is closed as soon as it is accepted and holds no slot of the cap.
pub fn start(
    listeners: Vec<Listener>,
    cfg: Arc<HttpConfig>,
    per_ip: Arc<PerIp>,
    metrics: Metrics,
    shutdown: &CancellationToken,
    threads: usize,
) -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    let threads = threads.max(1);
    let mut sockets = Vec::new();
    let mut served = Vec::new();
    for l in listeners {
        let scheme = if l.tls.is_some() {
            Scheme::Https
        } else {
            Scheme::Http
        };
        sockets.push(l.socket.into_std()?);
        served.push(Arc::new(Served {
            router: l.router,
            tls: l.tls,
            scheme,
            slots: Arc::new(Semaphore::new(cfg.max_connections)),
            head_limits: Arc::new(HeadLimits {
                rate: DataRate::from_config(&cfg),
                max_head: cfg.max_header_bytes,
                max_api_body: cfg.max_json_body,
                max_body: cfg.max_body,
                extra_headers: super::security_headers::Headers::new(&cfg.security)
                    .lines(scheme == Scheme::Https),
                metrics: metrics.clone(),
            }),
        }));
    }
    let (mut inboxes, mut outboxes) = (Vec::new(), Vec::new());
    for _ in 0..threads {
        let (tx, rx): (Vec<_>, Vec<_>) = served.iter().map(|_| mpsc::unbounded_channel()).unzip();
        inboxes.push(tx);
        outboxes.push(rx);
    }
    let common = Arc::new(Common {
        builder: connection_builder(&cfg),
        body_rate: DataRate::from_config(&cfg),
        balance: Arc::new(Balance::new(threads)),
        inboxes,
        cfg,
        per_ip,
        metrics,
    });
    // The threads' own token: cancelled by `shutdown`, or when the
    // returned future is dropped.
    let stop = shutdown.child_token();
    let stop_if_dropped = stop.clone().drop_guard();
    let mut finished = Vec::new();
    for (i, inbox) in outboxes.into_iter().enumerate() {
        // A thread that cannot start fails the start (and stops the others
        // through `stop_if_dropped`): the balance counts on every thread.
        finished.push(spawn_thread(i, &sockets, &served, inbox, &common, &stop)?);
    }
    // Each thread holds its own duplicate of every socket.
    drop(sockets);
    tracing::debug!(threads, "HTTP threads started");
    Ok(async move {
        for done in finished {
            let _ = done.await;
        }
        drop(stop_if_dropped);
    })
}

/// Starts HTTP thread `i`; the receiver completes when it has stopped.
fn spawn_thread(
    i: usize,
    sockets: &[std::net::TcpListener],
    served: &[Arc<Served>],
    inbox: Vec<mpsc::UnboundedReceiver<Handed>>,
    common: &Arc<Common>,
    stop: &CancellationToken,
) -> std::io::Result<oneshot::Receiver<()>> {
    let sockets = sockets
        .iter()
        .map(std::net::TcpListener::try_clone)
        .collect::<std::io::Result<Vec<_>>>()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (served, common, stop) = (served.to_vec(), common.clone(), stop.clone());
    let (done, finished) = oneshot::channel();
    std::thread::Builder::new()
        .name(format!("chloro-http-{i}"))
        .spawn(move || {
            runtime.block_on(async {
                let accepted = common.metrics.http_thread_connections(i);
                let mut loops = Vec::new();
                for (index, ((socket, served), inbox)) in
                    sockets.into_iter().zip(served).zip(inbox).enumerate()
                {
                    match TcpListener::from_std(socket) {
                        Ok(socket) => loops.push(accept_loop(
                            Place {
                                thread: i,
                                listener: index,
                            },
                            socket,
                            inbox,
                            served,
                            &common,
                            &accepted,
                            &stop,
                        )),
                        Err(e) => tracing::error!(error = %e, "HTTP thread cannot listen"),
                    }
                }
                futures_util::future::join_all(loops).await;
            });
            // Connections still open past the grace are closed here; blocking
            // work a handler started (a password hash) gets a moment to end.
            runtime.shutdown_timeout(Duration::from_secs(1));
            let _ = done.send(());
        })?;
    Ok(finished)
}

/// Which thread an accept loop runs on, and for which listener.
#[derive(Clone, Copy)]
struct Place {
    thread: usize,
    listener: usize,
}

/// Accepts connections from `socket` on this thread, and serves them and
/// those other threads hand it in `inbox`, until `stop`; then stops
/// accepting and waits up to `cfg.shutdown_grace` for open requests.
async fn accept_loop(
    place: Place,
    socket: TcpListener,
    mut inbox: mpsc::UnboundedReceiver<Handed>,
    served: Arc<Served>,
    common: &Common,
    accepted: &Counter,
    stop: &CancellationToken,
) {
    let cfg = &common.cfg;
    let graceful = GracefulShutdown::new();
    loop {
        let (stream, peer, permit) = tokio::select! {
            biased;
            () = stop.cancelled() => break,
            Some(handed) = inbox.recv() => {
                match TcpStream::from_std(handed.stream) {
                    Ok(stream) => {
                        accepted.inc();
                        spawn_connection(stream, handed.peer, handed.held, &served, common, &graceful, stop);
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot register a connection"),
                }
                continue;
            }
            // At the cap, stop accepting: new clients wait in the kernel's
            // backlog instead of exhausting file descriptors and memory.
            r = accept(&socket, &served.slots) => match r {
                Some(conn) => conn,
                None => break,
            },
        };
        // A trusted proxy carries many clients' connections: not counted.
        let per_ip = if cfg.trusted_proxies.iter().any(|p| p.contains(&peer.ip())) {
            None
        } else if let Some(slot) = common.per_ip.try_open(peer.ip()) {
            Some(slot)
        } else {
            // Closed at once; logged at debug only, since a flood of these
            // must not flood the journal too (the metric counts them).
            common.metrics.http_refused(HttpRefusal::PerIpLimit);
            tracing::debug!(peer = %crate::privacy::MaskedIp(peer.ip()), "too many connections from one address; closed");
            continue;
        };
        if let Some(other) = common.balance.elsewhere(place.thread) {
            let held = Held {
                _permit: permit,
                _per_ip: per_ip,
                _open: common.balance.opened(other),
            };
            match stream.into_std() {
                Ok(stream) => {
                    let handed = Handed { stream, peer, held };
                    match common.inboxes[other][place.listener].send(handed) {
                        Ok(()) => continue,
                        // That thread is stopping: served here after all.
                        Err(mpsc::error::SendError(back)) => {
                            if let Ok(stream) = TcpStream::from_std(back.stream) {
                                let held = Held {
                                    _open: common.balance.opened(place.thread),
                                    ..back.held
                                };
                                accepted.inc();
                                spawn_connection(
                                    stream, peer, held, &served, common, &graceful, stop,
                                );
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot hand a connection over"),
            }
            continue;
        }
        let held = Held {
            _permit: permit,
            _per_ip: per_ip,
            _open: common.balance.opened(place.thread),
        };
        accepted.inc();
        spawn_connection(stream, peer, held, &served, common, &graceful, stop);
    }
    // Stop accepting on this thread; the socket closes once every thread
    // has let go of it (new clients then wait in the backlog for the next
    // process, or are refused).
    drop(socket);
    // Connections handed over before the stop are served like the others.
    inbox.close();
    while let Ok(handed) = inbox.try_recv() {
        if let Ok(stream) = TcpStream::from_std(handed.stream) {
            accepted.inc();
            spawn_connection(
                stream,
                handed.peer,
                handed.held,
                &served,
                common,
                &graceful,
                stop,
            );
        }
    }
    let open = graceful.count();
    if open > 0 {
        tracing::info!(open, thread = place.thread, "draining connections");
    }
    if tokio::time::timeout(cfg.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            grace = ?cfg.shutdown_grace,
            "connections still open after the shutdown grace period; closing them"
        );
    }
}

/// A slot of the cap, then a connection; `None` when the cap's semaphore is
/// closed (never, in practice).
async fn accept(
    socket: &TcpListener,
    slots: &Arc<Semaphore>,
) -> Option<(TcpStream, SocketAddr, OwnedSemaphorePermit)> {
    let permit = slots.clone().acquire_owned().await.ok()?;
    loop {
        match socket.accept().await {
            Ok((stream, peer)) => return Some((stream, peer, permit)),
            Err(e) => {
                // EMFILE and friends: back off instead of spinning.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Serves one connection in a task of this thread, under the drain.
fn spawn_connection(
    stream: TcpStream,
    peer: SocketAddr,
    held: Held,
    served: &Served,
    common: &Common,
    graceful: &GracefulShutdown,
    stop: &CancellationToken,
) {
    let _ = stream.set_nodelay(true);
    let exchanges = Arc::new(Exchanges::default());
    let (begun, answered, seen) = (exchanges.clone(), exchanges.clone(), exchanges.clone());
    let body_metrics = common.metrics.clone();
    let (scheme, body_rate) = (served.scheme, common.body_rate);
    let service = served
        .router
        .clone()
        .map_request(move |req: http::Request<Incoming>| {
            begun.started();
            let (mut parts, body) = req.into_parts();
            parts.extensions.insert(ConnectInfo(peer));
            parts.extensions.insert(scheme);
            let (body, slow) = RateBody::new(body, body_rate, &body_metrics);
            if let Some(slow) = slow {
                parts.extensions.insert(slow);
            }
            http::Request::from_parts(parts, body)
        })
        .map_response(move |res| {
            answered.answered();
            res
        });
    let head_limits = served.head_limits.clone();
    let builder = common.builder.clone();
    // Held by the task: the drain waits for it.
    let watcher = graceful.watcher();
    let stop = stop.clone();
    let header_timeout = common.cfg.header_timeout;
    let tls = served.tls.clone();
    tokio::spawn(async move {
        // hyper's head timer starts only once it has seen the first bytes
        // (it sniffs HTTP/1 vs HTTP/2 before that), so a client that
        // connects and sends nothing is timed out here.
        let mut first = [0u8; 1];
        match tokio::time::timeout(header_timeout, stream.peek(&mut first)).await {
            Ok(Ok(n)) if n > 0 => {}
            _ => return,
        }
        let service = TowerToHyperService::new(service);
        let result = match tls {
            None => {
                let io = Guarded::new(stream, head_limits, exchanges);
                let conn = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
                serve_until_stop(conn, &stop, &seen).await
            }
            Some(tls) => match tokio::time::timeout(header_timeout, tls.accept(stream)).await {
                Ok(Ok(Some(stream))) => {
                    let io = Guarded::new(stream, head_limits, exchanges);
                    let conn = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
                    serve_until_stop(conn, &stop, &seen).await
                }
                Ok(Ok(None)) => Ok(()),
                // Scanners and broken clients fail handshakes all day:
                // not worth more than a debug line.
                Ok(Err(e)) => {
                    tracing::debug!(peer = %crate::privacy::MaskedIp(peer.ip()), error = %e, "TLS handshake failed");
                    Ok(())
                }
                Err(_) => {
                    tracing::debug!(peer = %crate::privacy::MaskedIp(peer.ip()), "TLS handshake timed out");
                    Ok(())
                }
            },
        };
        if let Err(e) = result {
            tracing::debug!(peer = %crate::privacy::MaskedIp(peer.ip()), error = %e, "connection ended with an error");
        }
        drop(held);
        drop(watcher);
    });
}

/// Serves `conn`; once `stop` fires, asks it to finish (HTTP/1: close after
/// the answer in progress, HTTP/2: GOAWAY) — but only once a request has
/// begun on it. hyper-util's connection, asked to stop while it still reads
/// the protocol version, closes without a word: a client whose connection
/// was accepted just before a stop (or a restart) would lose its request.
/// The drain's grace bounds a connection that never sends one.
async fn serve_until_stop<C>(
    conn: C,
    stop: &CancellationToken,
    exchanges: &Exchanges,
) -> Result<(), C::Error>
where
    C: GracefulConnection,
{
    let mut conn = std::pin::pin!(conn);
    let stopped = stop.cancelled();
    let mut stopped = std::pin::pin!(stopped);
    let mut asked = false;
    std::future::poll_fn(|cx| {
        loop {
            if !asked && stopped.as_mut().poll(cx).is_ready() && exchanges.any_started() {
                asked = true;
                conn.as_mut().graceful_shutdown();
            }
            let polled = conn.as_mut().poll(cx);
            // A request begun and answered within that poll: ask now,
            // rather than leave the connection idle until its timeout.
            if polled.is_pending() && !asked && stop.is_cancelled() && exchanges.any_started() {
                continue;
            }
            return polled;
        }
    })
    .await
}

/// Binds a listener with the socket options a server wants.
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crowded_thread_hands_connections_to_the_least_loaded() {
        let b = Arc::new(Balance::new(3));
        assert_eq!(b.elsewhere(0), None, "all equal");
        let mut held: Vec<OpenOn> = (0..2).map(|_| b.opened(0)).collect();
        assert_eq!(b.elsewhere(0), Some(1), "two over the others");
        held.push(b.opened(1));
        assert_eq!(b.elsewhere(0), Some(2), "the least loaded one");
        held.push(b.opened(2));
        assert_eq!(b.elsewhere(0), None, "one over: not clearly more");
        // At 16 against 17 + ..., an eighth more is the margin.
        held.extend((0..16).map(|_| b.opened(1)));
        held.extend((0..16).map(|_| b.opened(2)));
        held.extend((0..17).map(|_| b.opened(0)));
        assert_eq!(b.elsewhere(0), None, "19 against 17: within an eighth");
        held.extend((0..2).map(|_| b.opened(0)));
        assert_eq!(b.elsewhere(0), Some(1), "21 against 17");
        drop(held);
        assert!(b.open.iter().all(|n| n.load(Ordering::Relaxed) == 0));
    }
}
