//! The store's levels for the metrics endpoint, read at scrape time.

use std::sync::atomic::Ordering;

use super::Store;
use crate::metrics::{LevelSource, Levels};

#[async_trait::async_trait]
impl LevelSource for Store {
    async fn levels(&self, out: &mut Levels) {
        let st = self.stats();
        out.counter(
            "chloromaster_cache_hits",
            "Cache store key hits (INFO keyspace_hits)",
            st.hits.sum(),
        );
        out.counter(
            "chloromaster_cache_misses",
            "Cache store key misses (INFO keyspace_misses)",
            st.misses.sum(),
        );
        out.counter(
            "chloromaster_cache_evictions",
            "Cache store keys evicted for memory (INFO evicted_keys)",
            st.evicted.load(Ordering::Relaxed),
        );
        out.counter(
            "chloromaster_cache_expired",
            "Cache store keys expired (INFO expired_keys)",
            st.expired.sum(),
        );
        out.gauge(
            "chloromaster_cache_used_bytes",
            "Cache store memory in use (INFO used_memory)",
            self.used_memory(),
        );
        out.gauge(
            "chloromaster_cache_max_bytes",
            "Cache store memory bound (CHLORO_CACHE_MAX_MEMORY)",
            self.max_memory(),
        );
        out.gauge(
            "chloromaster_cache_keys",
            "Keys in the cache store, all databases (the RESP clients' and the appliance's own)",
            (self.total_keys() + self.internal_keys()) as u64,
        );
    }
}
