//! The store's housekeeping task: active expiry and periodic snapshots.

use super::Store;
use crate::config::CacheConfig;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;

/// How often expired keys are swept without being touched.
const SWEEP_EVERY: Duration = Duration::from_millis(500);

/// Runs until `shutdown`: sweeps expired keys every half second, snapshots
/// every `cfg.snapshot_interval` when something changed, and takes a final
/// snapshot (if anything changed) before returning.
pub async fn run_background(store: Arc<Store>, cfg: CacheConfig, shutdown: CancellationToken) {
    let mut sweep = tokio::time::interval(SWEEP_EVERY);
    sweep.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut snapshot = tokio::time::interval_at(
        tokio::time::Instant::now() + cfg.snapshot_interval,
        cfg.snapshot_interval,
    );
    snapshot.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = sweep.tick() => {
                let s = store.clone();
                // The walk is CPU work: keep it off the async workers.
                let _ = tokio::task::spawn_blocking(move || s.sweep_expired()).await;
            }
            _ = snapshot.tick() => {
                if store.changes_since_save() > 0 {
                    let _ = save_in_background(store.clone()).await;
                }
            }
        }
    }
    if store.changes_since_save() > 0 && save_in_background(store.clone()).await.is_ok() {
        tracing::info!("final cache snapshot written");
    }
}

/// Takes a snapshot on a blocking thread; failures are logged and returned.
pub async fn save_in_background(store: Arc<Store>) -> anyhow::Result<()> {
    let result = match tokio::task::spawn_blocking(move || store.snapshot_now()).await {
        Ok(r) => r,
        Err(e) => Err(anyhow::anyhow!("snapshot task failed: {e}")),
    };
    if let Err(e) = &result {
        tracing::warn!(error = format!("{e:#}"), "cache snapshot failed");
    }
    result
}
