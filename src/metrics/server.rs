//! The `/metrics` listener: a small HTTP/1 server of its own, so that
//! scrapes never meet the site's rate limits and the endpoint is never
//! reachable on the public listeners.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{StatusCode, header};
use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::registry::Registry;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::{METRICS, process, resp_server};
use crate::cache::Store;
use crate::db::Db;

/// Where the levels read at scrape time come from.
pub struct Sources {
    pub store: Arc<Store>,
    pub db: Db,
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
    let mut levels = Registry::default();
    let counter = |r: &mut Registry, name: &str, help: &str, v: u64| {
        r.register(name, help, ConstCounter::new(v));
    };
    let gauge = |r: &mut Registry, name: &str, help: &str, v: i64| {
        r.register(name, help, ConstGauge::new(v));
    };
    let as_i64 = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);

    let store = &sources.store;
    let st = store.stats();
    counter(
        &mut levels,
        "chloromaster_cache_hits",
        "Cache store key hits (INFO keyspace_hits)",
        st.hits.sum(),
    );
    counter(
        &mut levels,
        "chloromaster_cache_misses",
        "Cache store key misses (INFO keyspace_misses)",
        st.misses.sum(),
    );
    counter(
        &mut levels,
        "chloromaster_cache_evictions",
        "Cache store keys evicted for memory (INFO evicted_keys)",
        st.evicted.load(Ordering::Relaxed),
    );
    counter(
        &mut levels,
        "chloromaster_cache_expired",
        "Cache store keys expired (INFO expired_keys)",
        st.expired.sum(),
    );
    gauge(
        &mut levels,
        "chloromaster_cache_used_bytes",
        "Cache store memory in use (INFO used_memory)",
        as_i64(store.used_memory()),
    );
    gauge(
        &mut levels,
        "chloromaster_cache_max_bytes",
        "Cache store memory bound (CHLORO_CACHE_MAX_MEMORY)",
        as_i64(store.max_memory()),
    );
    gauge(
        &mut levels,
        "chloromaster_cache_keys",
        "Keys in the cache store, all databases (the RESP clients' and the appliance's own)",
        as_i64((store.total_keys() + store.internal_keys()) as u64),
    );

    if let Some(resp) = resp_server() {
        counter(
            &mut levels,
            "chloromaster_resp_commands",
            "RESP commands processed",
            resp.stats.commands.total_calls(),
        );
        gauge(
            &mut levels,
            "chloromaster_resp_connected_clients",
            "RESP clients connected",
            as_i64(resp.client_count() as u64),
        );
    }

    let db = &sources.db;
    let ws = db.stats();
    counter(
        &mut levels,
        "chloromaster_db_commits",
        "Database group commits",
        ws.commits.load(Ordering::Relaxed),
    );
    counter(
        &mut levels,
        "chloromaster_db_failed_commits",
        "Database commits that failed (nothing of their batch was written)",
        ws.failed_commits.load(Ordering::Relaxed),
    );
    counter(
        &mut levels,
        "chloromaster_db_writes",
        "Writes committed (jobs of the group commits)",
        ws.jobs.load(Ordering::Relaxed),
    );
    counter(
        &mut levels,
        "chloromaster_visits_written",
        "Page visits committed",
        ws.visits_written.load(Ordering::Relaxed),
    );
    counter(
        &mut levels,
        "chloromaster_visits_dropped",
        "Page visits dropped because the buffer was full",
        ws.visits_dropped.load(Ordering::Relaxed),
    );
    gauge(
        &mut levels,
        "chloromaster_db_writes_failing",
        "1 while the last commit failed and none has succeeded since",
        i64::from(ws.writes_failing.load(Ordering::Relaxed)),
    );
    gauge(
        &mut levels,
        "chloromaster_db_read_only",
        "1 while the database refuses writes (disk full or a storage error) and serves reads only",
        i64::from(ws.read_only.load(Ordering::Relaxed)),
    );
    gauge(
        &mut levels,
        "chloromaster_db_file_bytes",
        "Size of the database file",
        as_i64(db.file_size()),
    );
    match db.outbox_depth().await {
        Ok(n) => gauge(
            &mut levels,
            "chloromaster_outbox_depth",
            "E-mails queued in the outbox, not yet sent",
            as_i64(n),
        ),
        Err(e) => tracing::warn!(error = %e, "metrics: cannot read the outbox depth"),
    }

    let usage = tokio::task::spawn_blocking(process::usage)
        .await
        .unwrap_or_default();
    gauge(
        &mut levels,
        "process_resident_memory_bytes",
        "Resident memory size in bytes",
        as_i64(usage.resident_bytes),
    );
    levels.register(
        "process_cpu_seconds",
        "Total user and system CPU time spent in seconds",
        ConstCounter::new(usage.cpu_seconds),
    );
    gauge(
        &mut levels,
        "process_open_fds",
        "Number of open file descriptors",
        as_i64(usage.open_fds),
    );

    let mut out = String::with_capacity(8192);
    prometheus_text::encode(&mut out, &METRICS.registry).map_err(|e| e.to_string())?;
    prometheus_text::encode(&mut out, &levels).map_err(|e| e.to_string())?;
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
