//! The accept loop: one task per connection, HTTP/1.1 and HTTP/2 (prior
//! knowledge or ALPN), a cap on open connections, head-read timeouts, and a
//! graceful drain on shutdown.
//!
//! It is written out rather than using `axum::serve` because the appliance
//! needs what that helper does not offer: a connection cap, hyper's header
//! timeout and size limits, and (with TLS) the handshake inside the task.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use super::Scheme;
use super::tls::Tls;
use crate::config::HttpConfig;

/// How a connection reached us, in every request's extensions.
pub fn connection_builder(cfg: &HttpConfig) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        // Also bounds the idle time between keep-alive requests: the timer
        // runs while hyper waits for the next request head.
        .header_read_timeout(cfg.header_timeout)
        // A head larger than this gets 431; hyper's minimum buffer is 8 KiB.
        .max_buf_size(cfg.max_header_bytes.max(8192))
        .max_headers(100);
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
pub async fn serve(
    listener: TcpListener,
    router: Router,
    cfg: Arc<HttpConfig>,
    tls: Option<Arc<Tls>>,
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
    loop {
        // At the cap, stop accepting: new clients wait in the kernel's
        // backlog instead of exhausting file descriptors and memory.
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = shutdown.cancelled() => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(conn) => conn,
                Err(e) => {
                    // EMFILE and friends: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = shutdown.cancelled() => break,
        };
        let _ = stream.set_nodelay(true);
        let service = router
            .clone()
            .map_request(move |mut req: http::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req.extensions_mut().insert(scheme);
                req
            });
        let builder = builder.clone();
        let watcher = graceful.watcher();
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
                    let conn =
                        builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
                    watcher.watch(conn.into_owned()).await
                }
                Some(tls) => match tokio::time::timeout(header_timeout, tls.accept(stream)).await {
                    Ok(Ok(Some(stream))) => {
                        let conn =
                            builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
                        watcher.watch(conn.into_owned()).await
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
            drop(permit);
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
