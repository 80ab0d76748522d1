//! Rendered pages in memory: bounded by bytes, each entry tagged with the
//! API response cache's generation read before the catalogue read it was
//! rendered from. An entry of another generation is a miss, so a page
//! rendered from a catalogue an edit has since changed is never served
//! after that edit's `ResponseCache::invalidate` (the same rule that keeps
//! the JSON cache coherent; a render that raced the edit stores under the
//! old generation and is never read).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http::{HeaderValue, StatusCode};

use crate::assets::pipeline::{self, Effort};

/// Bytes of pages kept (all three variants count).
pub const CAPACITY: u64 = 16 << 20;

/// Pages smaller than this are sent as they are.
const MIN_COMPRESS: usize = 256;

/// One rendered page with its variants and their strong ETags.
pub struct Rendered {
    pub status: StatusCode,
    pub html: Bytes,
    pub gzip: Option<Bytes>,
    pub br: Option<Bytes>,
    pub etag: HeaderValue,
    pub etag_gzip: HeaderValue,
    pub etag_br: HeaderValue,
}

impl Rendered {
    /// Compresses now (gzip 6, brotli 6: a few milliseconds for a page, on
    /// a miss only).
    pub fn new(status: StatusCode, html: String) -> Self {
        let html = Bytes::from(html);
        let hash = pipeline::hash_hex(&html);
        let variant = |compressed: Vec<u8>| {
            (html.len() >= MIN_COMPRESS
                && !compressed.is_empty()
                && compressed.len() * 10 < html.len() * 9)
                .then(|| Bytes::from(compressed))
        };
        let (gzip, br) = if html.len() >= MIN_COMPRESS {
            (
                variant(pipeline::gzip(&html, Effort::Fast)),
                variant(pipeline::brotli(&html, Effort::Fast)),
            )
        } else {
            (None, None)
        };
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{}{suffix}\"", &hash[..32.min(hash.len())]))
                .unwrap_or(HeaderValue::from_static("\"x\""))
        };
        Rendered {
            status,
            gzip,
            br,
            etag: etag(""),
            etag_gzip: etag("-gz"),
            etag_br: etag("-br"),
            html,
        }
    }

    fn weight(&self) -> u64 {
        (self.html.len()
            + self.gzip.as_ref().map_or(0, Bytes::len)
            + self.br.as_ref().map_or(0, Bytes::len)
            + 256) as u64
    }
}

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<String, (u64, Arc<Rendered>)> for Weight {
    fn weight(&self, key: &String, v: &(u64, Arc<Rendered>)) -> u64 {
        key.len() as u64 + v.1.weight()
    }
}

pub struct PageCache {
    pages: quick_cache::sync::Cache<String, (u64, Arc<Rendered>), Weight>,
    /// The generation the entries were last seen under; when it moves on,
    /// the old entries are dropped at once rather than left to eviction.
    seen: AtomicU64,
}

impl PageCache {
    pub fn new(capacity: u64) -> Self {
        PageCache {
            pages: quick_cache::sync::Cache::with_weighter(256, capacity, Weight),
            seen: AtomicU64::new(0),
        }
    }

    pub fn get(&self, key: &str, generation: u64) -> Option<Arc<Rendered>> {
        // A plain load on the hot path: hits share the cache line.
        if self.seen.load(Ordering::Relaxed) != generation {
            if self.seen.swap(generation, Ordering::SeqCst) != generation {
                self.pages.clear();
            }
            return None;
        }
        let (g, r) = self.pages.get(key)?;
        (g == generation).then_some(r)
    }

    pub fn insert(&self, key: String, generation: u64, page: Arc<Rendered>) {
        self.pages.insert(key, (generation, page));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_generation_is_a_miss() {
        let c = PageCache::new(1 << 20);
        let page = Arc::new(Rendered::new(StatusCode::OK, "<p>x</p>".repeat(100)));
        assert!(page.gzip.is_some() && page.br.is_some());
        assert_ne!(page.etag, page.etag_br);
        c.get("k", 1);
        c.insert("k".into(), 1, page.clone());
        assert!(c.get("k", 1).is_some());
        assert!(c.get("k", 2).is_none());
        assert!(c.get("k", 2).is_none(), "dropped, not kept for later");
        // A render that began before the bump stores under the old one.
        c.insert("k".into(), 1, page);
        assert!(c.get("k", 2).is_none());
    }
}
