//! The accept loop: one task per connection, HTTP/1.1 and HTTP/2 (prior
//! knowledge or ALPN), a cap on open connections and on those of one client
//! address ([`PerIp`]), head-read timeouts, minimum data rates for heads
//! ([`head_guard`]) and bodies ([`body_rate`]), and a graceful drain on
//! shutdown.
//!
//! It is written out rather than using `axum::serve` because the appliance
//! needs what that helper does not offer: a connection cap, hyper's header
//! timeout and size limits, and (with TLS) the handshake inside the task.

use crate::metrics::{HttpRefusal, Metrics};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulConnection, GracefulShutdown};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use super::body_rate::RateBody;
use super::head_guard::{self, DataRate, Exchanges, Guarded, HeadLimits};
use super::per_ip::PerIp;
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

/// Serves connections from `listener` until `shutdown`, then
/// stops accepting and waits up to `cfg.shutdown_grace` for open requests.
/// With `tls`, connections are HTTPS: the handshake runs in the
/// connection's task under the head timeout, so a client that opens a
/// socket and stalls cannot hold a task for long.
/// `per_ip` is shared by the listeners, so one address's connections are
/// counted over HTTP and HTTPS together; a connection over its address's
/// limit is closed as soon as it is accepted and holds no slot of the cap.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    cfg: Arc<HttpConfig>,
    tls: Option<Arc<Tls>>,
    per_ip: Arc<PerIp>,
    metrics: Metrics,
    shutdown: CancellationToken,
) {
    let scheme = if tls.is_some() {
        Scheme::Https
    } else {
        Scheme::Http
    };
    let builder = connection_builder(&cfg);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(cfg.max_connections));
    let body_rate = DataRate::from_config(&cfg);
    let head_limits = Arc::new(HeadLimits {
        rate: body_rate,
        max_head: cfg.max_header_bytes,
        max_api_body: cfg.max_json_body,
        max_body: cfg.max_body,
        extra_headers: super::security_headers::Headers::new(&cfg.security)
            .lines(scheme == Scheme::Https),
        metrics: metrics.clone(),
    });
    // A slot of the cap, kept across connections refused after accept.
    let mut spare = None;
    loop {
        // At the cap, stop accepting: new clients wait in the kernel's
        // backlog instead of exhausting file descriptors and memory.
        let permit = match spare.take() {
            Some(p) => p,
            None => tokio::select! {
                p = slots.clone().acquire_owned() => match p {
                    Ok(p) => p,
                    Err(_) => break,
                },
                () = shutdown.cancelled() => break,
            },
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(conn) => conn,
                Err(e) => {
                    // EMFILE and friends: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    spare = Some(permit);
                    continue;
                }
            },
            () = shutdown.cancelled() => break,
        };
        // A trusted proxy carries many clients' connections: not counted.
        let per_ip_slot = if cfg.trusted_proxies.iter().any(|p| p.contains(&peer.ip())) {
            None
        } else if let Some(slot) = per_ip.try_open(peer.ip()) {
            Some(slot)
        } else {
            // Closed at once; logged at debug only, since a flood of these
            // must not flood the journal too (the metric counts them).
            metrics.http_refused(HttpRefusal::PerIpLimit);
            tracing::debug!(peer = %crate::privacy::MaskedIp(peer.ip()), "too many connections from one address; closed");
            drop(stream);
            spare = Some(permit);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let exchanges = Arc::new(Exchanges::default());
        let (begun, answered, seen) = (exchanges.clone(), exchanges.clone(), exchanges.clone());
        let body_metrics = metrics.clone();
        let service = router
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
        let head_limits = head_limits.clone();
        let builder = builder.clone();
        // Held by the task: the drain waits for it.
        let watcher = graceful.watcher();
        let stop = shutdown.clone();
        let header_timeout = cfg.header_timeout;
        let tls = tls.clone();
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
                        let conn =
                            builder.serve_connection_with_upgrades(TokioIo::new(io), service);
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
            drop(per_ip_slot);
            drop(permit);
            drop(watcher);
        });
    }
    drop(listener);
    let open = graceful.count();
    if open > 0 {
        tracing::info!(open, "draining connections");
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
