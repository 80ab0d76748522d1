//! The in-process cache store: what Redis was for the old stack.
//!
//! A single memory-bounded keyspace ([`quick_cache`]) shared by 16 logical
//! databases; every entry is weighed as key + value + a measured per-entry
//! overhead ([`entry::Weigher`]), so `CHLORO_CACHE_MAX_MEMORY` bounds the
//! real footprint. When full, quick_cache evicts with its S3-FIFO/CLOCK-Pro
//! hybrid: an approximate, scan-resistant LRU (Redis's own LRU is sampled and
//! approximate too), reported to clients as `allkeys-lru`.
//!
//! Expiry is lazy (an expired entry read is removed and reported missing)
//! plus an active sweep in [`run_background`], so untouched expired keys
//! leave `DBSIZE` within about a second. Expiry times are absolute Unix
//! milliseconds so they survive snapshots; the clock is tokio's, so tests
//! can pause and advance it.
//!
//! The appliance uses the typed API (`api.rs`, `hashes.rs`, `keyspace.rs`)
//! directly (sessions in [`DB_SESSIONS`], the HTTP response cache in
//! [`DB_HTTP_CACHE`], contact-form limits in [`DB_LIMITS`]; databases 4–15
//! are free for RESP users, 0 is theirs by default); outside clients reach the same store through
//! `crate::resp`. Snapshots go to their own redb file,
//! `<data_dir>/cache.redb` (see `snapshot.rs`).
//!
//! Memory, measured (release build, `CHLORO_CACHE_MAX_MEMORY=256mb`;
//! `redis-benchmark -P 16 -r 10000000 -t set`: 4M SETs of 100-byte values,
//! then 1M of 1000-byte and 3M of 10-byte values, long past full each
//! time; seven runs): with 100-byte values the store holds 932k keys at a
//! process RSS of 279–292 MiB (1.09–1.14× the bound); after the mixed sizes
//! have churned through it, 323–337 MiB (1.26–1.32×), the difference being
//! memory glibc's malloc keeps after evicting values of other sizes. Idle
//! RSS is about 10 MiB. The per-entry overhead charged (`ENTRY_OVERHEAD` in
//! `entry.rs`) is calibrated on the uniform case, and a value is charged
//! its whole malloc chunk (`blob_cost`); before the chunk's size field was
//! counted, a cache refilled with 10-byte values reached 374 MiB (1.46×).
//! jemalloc and mimalloc were measured as alternatives and not adopted
//! (see ARCHITECTURE.md).
//!
//! Limits: one entry must fit in one quick_cache shard, i.e. at most
//! `max_memory / shards` (shards = 4 × cores, rounded to a power of two:
//! 16 MB for 256 MB on 4 cores); a larger value is refused with Redis's OOM
//! error. Enumeration (`KEYS`, `SCAN`'s first call, `DBSIZE`) is O(n).

mod api;
mod background;
mod entry;
pub mod glob;
mod hashes;
mod keyspace;
mod snapshot;
mod strings;
pub mod striped;
mod watch;

pub use background::{run_background, save_in_background};
pub use entry::{Blob, Entry, HashValue, Key, Name, Value, Weigher};
pub use hashes::HashSetMode;
pub use keyspace::{ExpireCondition, ScanFilter};
pub use snapshot::SaveInfo;
/// The snapshot's file name in the data directory.
pub const SNAPSHOT_FILE: &str = snapshot::FILE_NAME;
pub use snapshot::{check_file as check_snapshot_file, write_copy as write_snapshot_copy};
pub use strings::{
    MAX_STRING, SetCondition, SetExpiry, SetOptions, clamp_range, format_f64, parse_f64, parse_i64,
};
pub use striped::{Exclusive as ExclusiveGuard, stripe};
pub use watch::WatchFlag;

use crate::config::CacheConfig;
use entry::KeyRef;
use quick_cache::sync::{Cache, EntryAction, EntryResult};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLockReadGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Number of logical databases, as Redis's default `databases 16`.
pub const DATABASES: u8 = 16;
/// Database outside RESP clients start in.
pub const DB_DEFAULT: u8 = 0;
/// Admin sessions (hashes), so `FLUSHDB` on 0 does not log admins out.
pub const DB_SESSIONS: u8 = 1;
/// The response cache of the public catalogue API (`crate::api`'s
/// `response_cache`): one hash per cached response, keyed
/// `GET /api/<path>[?query] <encoding>`, with a TTL.
pub const DB_HTTP_CACHE: u8 = 2;
/// Per-IP hourly contact-form counters (`crate::api`'s limiter): one string
/// per client address and hour, expiring after the hour, so the limit
/// survives a restart through the snapshot.
pub const DB_LIMITS: u8 = 3;

/// Why a store operation was refused. The `Display` text is exactly the
/// error Redis 7 replies with, so the RESP layer forwards it unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("WRONGTYPE Operation against a key holding the wrong kind of value")]
    WrongType,
    #[error("ERR value is not an integer or out of range")]
    NotInteger,
    #[error("ERR increment or decrement would overflow")]
    Overflow,
    #[error("ERR value is not a valid float")]
    NotFloat,
    #[error("ERR increment would produce NaN or Infinity")]
    NanOrInfinity,
    #[error("ERR hash value is not an integer")]
    HashNotInteger,
    #[error("ERR hash value is not a float")]
    HashNotFloat,
    #[error("OOM command not allowed when used memory > 'maxmemory'.")]
    OutOfMemory,
    #[error("ERR string exceeds maximum allowed size (proto-max-bulk-len)")]
    TooLarge,
    #[error("ERR no such key")]
    NoSuchKey,
    #[error("ERR offset is out of range")]
    OffsetOutOfRange,
}

/// Keyspace counters for `INFO`.
#[derive(Debug, Default)]
pub struct Stats {
    pub hits: striped::Counter,
    pub misses: striped::Counter,
    pub expired: striped::Counter,
    /// Counted by quick_cache's eviction hook (rare: not striped).
    pub evicted: Arc<AtomicU64>,
}

impl Stats {
    pub fn reset(&self) {
        for c in [&self.hits, &self.misses, &self.expired] {
            c.reset();
        }
        self.evicted.store(0, Ordering::Relaxed);
    }
}

/// Counts evictions; quick_cache calls it under the shard lock.
#[derive(Clone)]
struct EvictionCounter(Arc<AtomicU64>);

impl quick_cache::Lifecycle<Key, Entry> for EvictionCounter {
    type RequestState = ();
    fn on_evict(&self, _: &mut (), _: Key, _: Entry) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

type Keyspace = Cache<Key, Entry, Weigher, quick_cache::DefaultHashBuilder, EvictionCounter>;

/// Unix milliseconds driven by tokio's clock (pausable in tests).
struct Clock {
    base_unix_ms: u64,
    base: tokio::time::Instant,
}

impl Clock {
    fn new() -> Self {
        let base_unix_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Clock {
            base_unix_ms,
            base: tokio::time::Instant::now(),
        }
    }
    fn now_ms(&self) -> u64 {
        self.base_unix_ms + self.base.elapsed().as_millis() as u64
    }
}

/// What a read-modify-write closure did to the entry it was given.
pub(crate) enum Change {
    /// Nothing changed.
    None,
    /// The entry was changed in place.
    Updated,
    /// Store this entry (insert or overwrite).
    Set(Entry),
    /// Delete the key.
    Removed,
}

/// The shared store. See the module docs.
pub struct Store {
    keyspace: Keyspace,
    clock: Clock,
    stats: Stats,
    /// Writes since the last successful snapshot (Redis's
    /// `rdb_changes_since_last_save`).
    dirty: striped::Counter,
    /// Set whenever an entry with an expiry is written; lets the active
    /// sweep skip whole passes when nothing can expire.
    volatile: AtomicBool,
    watches: watch::Watches,
    /// `EXEC` takes it exclusively so a transaction runs atomically with
    /// respect to other RESP commands, which take it shared.
    exec_lock: striped::Lock,
    snapshots: snapshot::Snapshots,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("keys", &self.keyspace.len())
            .field("used_memory", &self.keyspace.weight())
            .field("max_memory", &self.keyspace.capacity())
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Creates the store and restores `<data_dir>/cache.redb` if present. A
    /// snapshot that cannot be read (corrupt, or written by a newer format)
    /// is renamed aside and logged; the store then starts empty.
    pub fn open(cfg: &CacheConfig, data_dir: &Path) -> anyhow::Result<Arc<Store>> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            anyhow::anyhow!("creating the data directory {}: {e}", data_dir.display())
        })?;
        let store = Arc::new(Store::new(
            cfg.max_memory,
            Some((data_dir.join(snapshot::FILE_NAME), cfg.snapshot_interval)),
        ));
        store.restore();
        Ok(store)
    }

    /// A store without persistence (tests, tools).
    pub fn in_memory(max_memory: u64) -> Arc<Store> {
        Arc::new(Store::new(max_memory, None))
    }

    fn new(max_memory: u64, snapshots: Option<(std::path::PathBuf, Duration)>) -> Store {
        let stats = Stats::default();
        let mut options = quick_cache::OptionsBuilder::new();
        options
            .weight_capacity(max_memory)
            .estimated_items_capacity((max_memory / 1024).clamp(1024, 1 << 20) as usize);
        let keyspace = match options.build() {
            Ok(o) => Cache::with_options(
                o,
                Weigher,
                quick_cache::DefaultHashBuilder::default(),
                EvictionCounter(stats.evicted.clone()),
            ),
            // Only reachable with nonsensical options; fall back to defaults.
            Err(_) => Cache::with(
                1024,
                max_memory,
                Weigher,
                quick_cache::DefaultHashBuilder::default(),
                EvictionCounter(stats.evicted.clone()),
            ),
        };
        Store {
            keyspace,
            clock: Clock::new(),
            stats,
            dirty: striped::Counter::default(),
            volatile: AtomicBool::new(false),
            watches: watch::Watches::default(),
            exec_lock: striped::Lock::default(),
            snapshots: match snapshots {
                Some((path, every)) => snapshot::Snapshots::new(Some(path), every),
                None => snapshot::Snapshots::new(None, Duration::ZERO),
            },
        }
    }

    /// Current time as the store sees it, Unix milliseconds.
    pub fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    /// Absolute expiry for a relative TTL.
    pub fn deadline(&self, ttl: Duration) -> u64 {
        self.now_ms().saturating_add(ttl.as_millis() as u64)
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Bytes charged to entries now.
    pub fn used_memory(&self) -> u64 {
        self.keyspace.weight()
    }

    pub fn max_memory(&self) -> u64 {
        self.keyspace.capacity()
    }

    /// `CONFIG SET maxmemory`: resizes the bound, evicting if it shrank.
    pub fn set_max_memory(&self, bytes: u64) {
        self.keyspace.set_capacity(bytes);
    }

    /// Largest single entry the store accepts: quick_cache bounds each of its
    /// shards, and an entry must fit in one.
    pub fn max_entry_weight(&self) -> u64 {
        self.keyspace.shard_capacity()
    }

    /// Keys in all databases, including expired ones not yet swept.
    pub fn total_keys(&self) -> usize {
        self.keyspace.len()
    }

    /// How often snapshots are taken (zero when they are off).
    pub fn snapshot_interval(&self) -> Duration {
        self.snapshots.interval
    }

    /// Writes since the last successful snapshot.
    pub fn changes_since_save(&self) -> u64 {
        self.dirty.sum()
    }

    /// Shared guard every RESP command holds while it runs.
    pub fn command_guard(&self) -> RwLockReadGuard<'_, ()> {
        self.exec_lock.shared()
    }

    /// Exclusive guard `EXEC` holds while its queued commands run.
    pub fn exec_guard(&self) -> ExclusiveGuard<'_> {
        self.exec_lock.exclusive()
    }

    fn changed(&self, db: u8, key: &[u8]) {
        self.dirty.add(1);
        self.watches.touch(db, key);
    }

    fn check_fits(&self, key: &[u8], entry: &Entry) -> Result<(), StoreError> {
        if entry::entry_weight(key.len(), entry) > self.max_entry_weight() {
            return Err(StoreError::OutOfMemory);
        }
        if entry.expires_at.is_some() {
            self.volatile.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Reads an entry without touching hit/miss counters; lazily removes it
    /// if it has expired.
    pub(crate) fn read(&self, db: u8, key: &[u8]) -> Option<Entry> {
        let entry = self.keyspace.get(&KeyRef { db, name: key })?;
        // Only entries with an expiry need the clock.
        if entry.expires_at.is_some() && entry.is_expired(self.now_ms()) {
            self.remove_expired(db, key);
            return None;
        }
        Some(entry)
    }

    /// Reads an entry for a read command, counting a keyspace hit or miss.
    pub(crate) fn lookup(&self, db: u8, key: &[u8]) -> Option<Entry> {
        let found = self.read(db, key);
        let counter = if found.is_some() {
            &self.stats.hits
        } else {
            &self.stats.misses
        };
        counter.add(1);
        found
    }

    fn remove_expired(&self, db: u8, key: &[u8]) {
        let now = self.now_ms();
        if self
            .keyspace
            .remove_if(&KeyRef { db, name: key }, |e| e.is_expired(now))
            .is_some()
        {
            self.stats.expired.add(1);
            self.changed(db, key);
        }
    }

    /// Stores an entry unconditionally (plain `SET`).
    pub(crate) fn put(&self, db: u8, key: &[u8], entry: Entry) -> Result<(), StoreError> {
        self.check_fits(key, &entry)?;
        self.keyspace.insert(Key::new(db, key), entry);
        self.changed(db, key);
        Ok(())
    }

    /// Removes a key, returning its live entry.
    pub(crate) fn take(&self, db: u8, key: &[u8]) -> Option<Entry> {
        let (_, entry) = self.keyspace.remove(&KeyRef { db, name: key })?;
        if entry.is_expired(self.now_ms()) {
            self.stats.expired.add(1);
            self.changed(db, key);
            return None;
        }
        self.changed(db, key);
        Some(entry)
    }

    /// Atomic read-modify-write of one key. `f` sees the live entry (`None`
    /// when absent or expired) and says what to do with it; no other write to
    /// the key can interleave.
    pub(crate) fn modify<T>(
        &self,
        db: u8,
        key: &[u8],
        f: impl FnOnce(Option<&mut Entry>) -> Result<(Change, T), StoreError>,
    ) -> Result<T, StoreError> {
        let now = self.now_ms();
        let max = self.max_entry_weight();
        let owned = Key::new(db, key);
        let mut f = Some(f);
        let mut result: Option<Result<T, StoreError>> = None;
        let mut was_expired = false;
        let mut volatile = false;
        let outcome = self.keyspace.entry(&owned, None, |_, current| {
            let Some(f) = f.take() else {
                return EntryAction::Retain(false);
            };
            let live = !current.is_expired(now);
            was_expired = !live;
            let dead = if live {
                EntryAction::Retain(false)
            } else {
                EntryAction::Remove
            };
            let slot = if live { Some(&mut *current) } else { None };
            match f(slot) {
                Err(e) => {
                    result = Some(Err(e));
                    dead
                }
                Ok((change, t)) => {
                    result = Some(Ok(t));
                    match change {
                        Change::None => dead,
                        Change::Updated => {
                            volatile = current.expires_at.is_some();
                            EntryAction::Retain(true)
                        }
                        Change::Set(new) => {
                            if entry::entry_weight(key.len(), &new) > max {
                                result = Some(Err(StoreError::OutOfMemory));
                                return dead;
                            }
                            volatile = new.expires_at.is_some();
                            *current = new;
                            EntryAction::Retain(true)
                        }
                        Change::Removed => EntryAction::Remove,
                    }
                }
            }
        });
        if volatile {
            self.volatile.store(true, Ordering::Relaxed);
        }
        if was_expired {
            self.stats.expired.add(1);
        }
        match outcome {
            EntryResult::Retained(changed) if changed || was_expired => self.changed(db, key),
            EntryResult::Removed(..) => self.changed(db, key),
            EntryResult::Vacant(guard) => {
                let Some(f) = f.take() else {
                    return Err(StoreError::NoSuchKey);
                };
                let (change, t) = f(None)?;
                if let Change::Set(new) = change {
                    self.check_fits(key, &new)?;
                    // Err means a concurrent plain write replaced the
                    // placeholder: that write is simply the later one.
                    let _ = guard.insert(new);
                    self.changed(db, key);
                }
                return Ok(t);
            }
            _ => {}
        }
        result.unwrap_or(Err(StoreError::NoSuchKey))
    }

    /// Takes a snapshot now (blocking; call from a blocking thread in async
    /// code). Fails if another snapshot is in progress.
    pub fn snapshot_now(&self) -> anyhow::Result<()> {
        snapshot::save(self)
    }

    /// Last snapshot outcome, for `INFO persistence` and `LASTSAVE`.
    pub fn save_info(&self) -> SaveInfo {
        self.snapshots.info(self.changes_since_save())
    }

    fn restore(&self) {
        snapshot::restore(self);
    }
}

#[cfg(test)]
mod tests;
