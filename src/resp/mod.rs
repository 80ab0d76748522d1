//! The Redis protocol listener for outside clients (`redis-cli`,
//! `redis-benchmark`, client libraries). It owns no data: every command is
//! dispatched onto [`crate::cache::Store`], and it never touches redb.
//!
//! Layout follows mini-redis: [`frame`] (request framing), [`reply`]
//! (reply encoding), `connection` (one client's loop: read, frame,
//! dispatch, write in batches), `parse` (argument helpers), `cmd` (the
//! command table, one file per command family) and `poll` (adaptive
//! busy-polling on the dedicated threads under dense traffic).
//!
//! Limits, each with Redis's error: bulk strings up to 512 MB and requests
//! up to 1M arguments ([`frame`]); before `AUTH`, 10 arguments and 16 KB
//! bulks; `CHLORO_RESP_MAX_CLIENTS` connections; idle clients closed after
//! `CHLORO_RESP_TIMEOUT`; replies are written once 64 KB are pending and a
//! larger reply is encoded and written 64 KB at a time, so a slow reader
//! holds at most about that (plus one value, which may be larger) and
//! `client-output-buffer-limit` (`CHLORO_RESP_OUTPUT_BUFFER_LIMIT`,
//! `CONFIG SET`) closes one whose replies back up; a request buffer beyond
//! 513 MB closes the connection. Without a password only loopback peers are
//! served (protected mode), whatever the listener is bound to.

mod cmd;
mod connection;
pub(crate) mod frame;
mod parse;
mod poll;
pub(crate) mod pubsub;
pub(crate) mod reply;

use crate::cache::Store;
use crate::config::{RespConfig, Secret};
use crate::metrics::{LevelSource, Levels, Metrics};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The version this listener presents to clients (`INFO`, `HELLO`).
pub const REDIS_VERSION: &str = "7.2.0";

/// How long [`serve`] waits for connections to finish after shutdown.
const DRAIN: Duration = Duration::from_secs(5);

/// Serves RESP clients on `listener` until `shutdown`, then closes every
/// connection and returns. Connections run on the caller's runtime (tests
/// use this to share a paused clock with the store).
pub async fn serve(
    listener: TcpListener,
    store: Arc<Store>,
    cfg: RespConfig,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let local = listener.local_addr()?;
    let server = Arc::new(Server::new(store, &cfg, local));
    tracing::info!(addr = %local, auth = cfg.password.is_some(), "RESP listener started");
    accept_loop(listener, &server, &shutdown).await;
    tracing::info!("RESP listener stopped");
    Ok(())
}

/// How many RESP threads [`serve_dedicated`] runs: half the cores, at
/// least one, so the HTTP workers keep the rest.
pub fn dedicated_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

/// Like [`serve`], but on `threads` dedicated OS threads, each with its own
/// single-threaded tokio runtime that accepts from the shared listening
/// socket and runs the connections it accepted. A request's read, command
/// and reply then happen on one thread with no cross-thread wake-ups, as in
/// redis-server's event loop; the store is shared and thread-safe. Each
/// thread busy-polls briefly under dense traffic (`cfg.busy_poll`, see
/// [`poll`]). Returns once every thread has drained its connections after
/// `shutdown`.
pub async fn serve_dedicated(
    listener: TcpListener,
    store: Arc<Store>,
    cfg: RespConfig,
    shutdown: CancellationToken,
    threads: usize,
) -> anyhow::Result<()> {
    serve_dedicated_counted(listener, store, cfg, shutdown, threads, None).await
}

/// [`serve_dedicated`] whose client and command counts `metrics` reads at
/// each scrape (the appliance's listener).
pub(crate) async fn serve_dedicated_counted(
    listener: TcpListener,
    store: Arc<Store>,
    cfg: RespConfig,
    shutdown: CancellationToken,
    threads: usize,
    metrics: Option<&Metrics>,
) -> anyhow::Result<()> {
    let listener = listener.into_std()?;
    let local = listener.local_addr()?;
    let server = Arc::new(Server::new(store, &cfg, local));
    if let Some(metrics) = metrics {
        let source: Arc<dyn LevelSource> = server.clone();
        metrics.watch(Arc::downgrade(&source));
    }
    let mut finished = Vec::new();
    for i in 0..threads.max(1) {
        match spawn_thread(i, &listener, &server, &shutdown, cfg.busy_poll) {
            Ok(done) => finished.push(done),
            // Serve with the threads that did start.
            Err(e) if i > 0 => {
                tracing::warn!(error = format!("{e:#}"), threads = i, "fewer RESP threads");
                break;
            }
            Err(e) => return Err(e),
        }
    }
    drop(listener);
    tracing::info!(addr = %local, auth = cfg.password.is_some(), threads = finished.len(), "RESP listener started");
    for done in finished {
        let _ = done.await;
    }
    tracing::info!("RESP listener stopped");
    Ok(())
}

/// Starts one RESP thread; the receiver completes when it has stopped.
fn spawn_thread(
    i: usize,
    listener: &std::net::TcpListener,
    server: &Arc<Server>,
    shutdown: &CancellationToken,
    busy_poll: Duration,
) -> anyhow::Result<tokio::sync::oneshot::Receiver<()>> {
    let listener = listener.try_clone()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (server, shutdown) = (server.clone(), shutdown.clone());
    let (done, finished) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name(format!("chloro-resp-{i}"))
        .spawn(move || {
            runtime.block_on(async {
                match TcpListener::from_std(listener) {
                    Ok(listener) => {
                        tokio::select! {
                            () = accept_loop(listener, &server, &shutdown) => {}
                            () = poll::run(busy_poll) => {}
                        }
                    }
                    Err(e) => tracing::error!(error = %e, "RESP thread cannot listen"),
                }
            });
            // Waits for blocking work it started (a SAVE in progress).
            drop(runtime);
            let _ = done.send(());
        })?;
    Ok(finished)
}

/// Accepts and runs connections on the current runtime until `shutdown`,
/// then waits up to [`DRAIN`] for them to finish.
async fn accept_loop(listener: TcpListener, server: &Arc<Server>, shutdown: &CancellationToken) {
    let local = server.local;
    let tracker = TaskTracker::new();
    loop {
        let (mut stream, peer) = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of descriptors and the like: back off, keep serving.
                    tracing::warn!(error = %e, "RESP accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        server.stats.connections.fetch_add(1, Ordering::Relaxed);
        let _ = stream.set_nodelay(true);
        // The count is checked and the client registered under one lock:
        // with several RESP threads accepting, the bound still holds.
        let client = if server.password.is_none() && !peer.ip().is_loopback() {
            Err(PROTECTED_MODE)
        } else {
            server
                .register(
                    peer,
                    stream.local_addr().unwrap_or(local),
                    shutdown.child_token(),
                )
                .ok_or("-ERR max number of clients reached\r\n")
        };
        let client = match client {
            Ok(client) => client,
            Err(refusal) => {
                server.stats.rejected.fetch_add(1, Ordering::Relaxed);
                tracker.spawn(async move {
                    let _ = tokio::time::timeout(Duration::from_secs(1), async {
                        let _ = stream.write_all(refusal.as_bytes()).await;
                        let _ = stream.shutdown().await;
                    })
                    .await;
                });
                continue;
            }
        };
        tracker.spawn(connection::run(
            stream,
            server.clone(),
            client,
            shutdown.clone(),
        ));
    }
    drop(listener);
    tracker.close();
    if tokio::time::timeout(DRAIN, tracker.wait()).await.is_err() {
        tracing::warn!("RESP connections still open after the drain period");
    }
}

const PROTECTED_MODE: &str = "-DENIED Running in protected mode because no password is set for the default user. Connections are only accepted from the loopback interface. Set CHLORO_RESP_PASSWORD to accept authenticated clients from elsewhere.\r\n";

/// State shared by all connections of one listener.
pub(crate) struct Server {
    pub store: Arc<Store>,
    pub password: Option<Secret>,
    pub max_clients: usize,
    /// `client-output-buffer-limit` (`CHLORO_RESP_OUTPUT_BUFFER_LIMIT` for
    /// the normal class, `CONFIG SET`).
    pub output_limits: OutputLimits,
    /// `CONFIG SET timeout`; 0 means never.
    pub idle_timeout_secs: AtomicU64,
    pub clients: Mutex<BTreeMap<u64, Arc<ClientHandle>>>,
    next_id: AtomicU64,
    pub started: Instant,
    pub local: SocketAddr,
    pub stats: ServerStats,
    /// Pub/Sub subscriptions of every connection, on every RESP thread.
    pub pubsub: pubsub::PubSub,
}

#[derive(Default)]
pub(crate) struct ServerStats {
    pub connections: AtomicU64,
    pub rejected: AtomicU64,
    pub net_input: crate::cache::striped::Counter,
    pub net_output: crate::cache::striped::Counter,
    pub commands: cmd::CommandStats,
}

/// What other connections may see of one client (`CLIENT LIST`, `KILL`).
pub(crate) struct ClientHandle {
    pub id: u64,
    pub addr: SocketAddr,
    pub local: SocketAddr,
    pub since: Instant,
    /// Milliseconds after [`Server::started`] of the last request.
    pub last_active_ms: AtomicU64,
    pub name: Mutex<Option<String>>,
    pub lib_name: Mutex<Option<String>>,
    pub lib_ver: Mutex<Option<String>>,
    pub db: AtomicU8,
    pub resp: AtomicU8,
    pub last_command_index: std::sync::atomic::AtomicUsize,
    /// Cancelled by `CLIENT KILL`; a child of the listener's shutdown token.
    pub kill: CancellationToken,
    /// Set while the client waits in a blocking command: `CLIENT UNBLOCK`
    /// sends `true` to end the wait with an error, `false` as a timeout.
    pub unblock: Mutex<Option<tokio::sync::oneshot::Sender<bool>>>,
}

impl Server {
    fn new(store: Arc<Store>, cfg: &RespConfig, local: SocketAddr) -> Self {
        Server {
            store,
            password: cfg.password.clone(),
            max_clients: cfg.max_clients,
            output_limits: OutputLimits::new(cfg.output_limit),
            idle_timeout_secs: AtomicU64::new(cfg.idle_timeout.map_or(0, |d| d.as_secs().max(1))),
            clients: Mutex::new(BTreeMap::new()),
            next_id: AtomicU64::new(1),
            started: Instant::now(),
            local,
            stats: ServerStats::default(),
            pubsub: pubsub::PubSub::default(),
        }
    }

    pub fn clients(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<ClientHandle>>> {
        self.clients.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn client_count(&self) -> usize {
        self.clients().len()
    }

    /// A new client, or `None` when `max_clients` are connected.
    fn register(
        &self,
        addr: SocketAddr,
        local: SocketAddr,
        kill: CancellationToken,
    ) -> Option<Arc<ClientHandle>> {
        let mut clients = self.clients();
        if clients.len() >= self.max_clients {
            return None;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let now = Instant::now();
        let handle = Arc::new(ClientHandle {
            id,
            addr,
            local,
            since: now,
            last_active_ms: AtomicU64::new(
                now.saturating_duration_since(self.started).as_millis() as u64
            ),
            name: Mutex::new(None),
            lib_name: Mutex::new(None),
            lib_ver: Mutex::new(None),
            db: AtomicU8::new(0),
            resp: AtomicU8::new(2),
            last_command_index: std::sync::atomic::AtomicUsize::new(usize::MAX),
            kill,
            unblock: Mutex::new(None),
        });
        clients.insert(id, handle.clone());
        Some(handle)
    }

    fn unregister(&self, id: u64) {
        self.clients().remove(&id);
    }

    pub fn idle_timeout(&self) -> Option<Duration> {
        match self.idle_timeout_secs.load(Ordering::Relaxed) {
            0 => None,
            s => Some(Duration::from_secs(s)),
        }
    }

    pub fn unix_time() -> Duration {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
    }
}

/// The client classes of `client-output-buffer-limit`, in redis's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ObufClass {
    Normal = 0,
    Replica = 1,
    Pubsub = 2,
}

/// `client-output-buffer-limit` per class, as redis's `client_obuf_limits`:
/// `normal` bounds the pending replies of every client, `pubsub`'s hard
/// limit bounds a subscriber's message queue (0: only its 4096-message
/// bound), and `replica` is kept for `CONFIG GET` (there are no replicas).
/// Read at every check, so a `CONFIG SET` applies to existing connections
/// at once. Each number is its own atomic: a reader racing a `CONFIG SET`
/// may see old and new numbers mixed, for one check.
pub(crate) struct OutputLimits([[AtomicU64; 3]; 3]);

/// Pending output not counted against the limits: redis-server keeps the
/// first 16 KB of a client's replies in a fixed buffer
/// (`PROTO_REPLY_CHUNK_BYTES`) and counts only what overflows it, so even
/// `normal 1 1 1` leaves small replies alone.
pub(crate) const UNCOUNTED_OUTPUT: u64 = 16 << 10;

impl OutputLimits {
    fn new(normal: crate::config::OutputLimit) -> Self {
        let limits = OutputLimits(Default::default());
        limits.set(ObufClass::Normal, normal);
        // redis-server's default for replicas; the subscriber queue's bound.
        limits.set(
            ObufClass::Replica,
            crate::config::OutputLimit {
                hard: 256 << 20,
                soft: 64 << 20,
                soft_secs: 60,
            },
        );
        limits.set(
            ObufClass::Pubsub,
            crate::config::OutputLimit {
                hard: pubsub::MAX_PENDING_BYTES as u64,
                soft: 0,
                soft_secs: 0,
            },
        );
        limits
    }

    pub fn get(&self, class: ObufClass) -> crate::config::OutputLimit {
        let [hard, soft, secs] = &self.0[class as usize];
        crate::config::OutputLimit {
            hard: hard.load(Ordering::Relaxed),
            soft: soft.load(Ordering::Relaxed),
            soft_secs: secs.load(Ordering::Relaxed),
        }
    }

    pub fn set(&self, class: ObufClass, l: crate::config::OutputLimit) {
        let [hard, soft, secs] = &self.0[class as usize];
        hard.store(l.hard, Ordering::Relaxed);
        soft.store(l.soft, Ordering::Relaxed);
        secs.store(l.soft_secs, Ordering::Relaxed);
    }

    /// The normal class's hard limit, checked for every reply.
    pub fn hard(&self) -> u64 {
        self.0[ObufClass::Normal as usize][0].load(Ordering::Relaxed)
    }

    /// True when `pending` reply bytes pass the normal hard limit.
    pub fn past_hard(&self, pending: u64) -> bool {
        let hard = self.hard();
        hard != 0 && pending.saturating_sub(UNCOUNTED_OUTPUT) > hard
    }
}

/// A small mutex helper: a poisoned lock still holds usable data here.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[async_trait::async_trait]
impl LevelSource for Server {
    async fn levels(&self, out: &mut Levels) {
        out.counter(
            "chloromaster_resp_commands",
            "RESP commands processed",
            self.stats.commands.total_calls(),
        );
        out.gauge(
            "chloromaster_resp_connected_clients",
            "RESP clients connected",
            self.client_count() as u64,
        );
    }
}
