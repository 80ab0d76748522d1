//! The `/metrics` listener: a small HTTP/1 server of its own, so that
//! scrapes never meet the site's rate limits and the endpoint is never
//! reachable on the public listeners.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{StatusCode, header};
use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::ConstCounter;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::{LevelSource, Levels, Metrics, process};

/// What a scrape reads: the appliance's event registry and the owners of
/// levels (in this order in the output, then the process's own).
pub struct Sources {
    pub metrics: Metrics,
    pub levels: Vec<Arc<dyn LevelSource>>,
}

/// Serves `GET /metrics` on `listener` until `shutdown`.
pub async fn serve(listener: TcpListener, sources: Sources, shutdown: CancellationToken) {
    let app = Router::new()
        .route("/metrics", get(scrape))
        .with_state(Arc::new(sources));
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown.cancelled_owned())
        .await
    {
        tracing::error!(error = %e, "metrics listener failed");
    }
}

async fn scrape(State(sources): State<Arc<Sources>>) -> Response {
    match render(&sources).await {
        Ok(text) => (
            [(header::CONTENT_TYPE, prometheus_text::CONTENT_TYPE)],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot render metrics");
            (StatusCode::INTERNAL_SERVER_ERROR, "cannot render metrics\n").into_response()
        }
    }
}

/// Every metric in the Prometheus text format.
pub async fn render(sources: &Sources) -> Result<String, String> {
    let mut levels = Levels::default();
    for source in &sources.levels {
        source.levels(&mut levels).await;
    }
    for source in sources.metrics.watched() {
        source.levels(&mut levels).await;
    }

    let usage = tokio::task::spawn_blocking(process::usage)
        .await
        .unwrap_or_default();
    levels.gauge(
        "process_resident_memory_bytes",
        "Resident memory size in bytes",
        usage.resident_bytes,
    );
    levels.registry.register(
        "process_cpu_seconds",
        "Total user and system CPU time spent in seconds",
        ConstCounter::new(usage.cpu_seconds),
    );
    levels.gauge(
        "process_open_fds",
        "Number of open file descriptors",
        usage.open_fds,
    );

    let mut out = String::with_capacity(8192);
    prometheus_text::encode(&mut out, &sources.metrics.0.registry).map_err(|e| e.to_string())?;
    prometheus_text::encode(&mut out, &levels.registry).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Binds the metrics listener; a non-loopback address is served, with a
/// warning: the endpoint has no authentication.
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    if !addr.ip().is_loopback() {
        tracing::warn!(%addr, "CHLORO_METRICS_ADDR is not a loopback address: /metrics is served without authentication to anyone who can reach it");
    }
    TcpListener::bind(addr).await
}
