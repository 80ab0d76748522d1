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
//! directly; outside clients reach the store through `crate::resp`.
//!
//! The boundary between the two: RESP clients own databases
//! `0..DATABASES` (all 16, 0 by default), held in the public keyspace. The
//! appliance's own state — sessions ([`DB_SESSIONS`]), the HTTP response
//! cache ([`DB_HTTP_CACHE`]), contact-form limits ([`DB_LIMITS`]) — has
//! database numbers at or above [`DATABASES`], which every RESP command
//! refuses (`SELECT`, `COPY … DB`, the connection's database), and lives in
//! a second quick_cache, the internal keyspace, with its own share of the
//! one memory budget ([`internal_budget`]). `FLUSHALL`, `INFO keyspace` and
//! eviction caused by client writes act on the public keyspace only, so no
//! client can read, write, list, flush or evict the appliance's state; in
//! the internal keyspace sessions and limits are pinned, and only cached
//! responses are evicted. Snapshots hold both, in their own redb file,
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
//! Limits: the public keyspace is one quick_cache shard, so one value can
//! grow to 97 % of the public budget (`max_memory` less the internal
//! share; quick_cache drops an entry heavier than its hot share,
//! [`HOT_ALLOCATION`]), evicting everything else on the way, as a value
//! in redis-server grows up to its whole `maxmemory`; a value past that is
//! refused with Redis's OOM error before it is built. The charge of all
//! entries together never exceeds the budget (`INFO used_memory` ≤
//! `maxmemory`): quick_cache evicts before it admits. Until the RESP port
//! became a Redis for real clients the keyspace had 4 × cores shards, which
//! capped a value at one shard (32 MB for 256 MB on 2 cores), and
//! `redis-benchmark -t lpush` (one list, `mylist`, of ~1M items) failed
//! with the OOM error. The cost of one shard is one lock for every RESP
//! thread (half the cores): gets share it, writes take it alone for a
//! hash-table step. On this 2-core host there is one RESP thread, so
//! nothing contends; the internal keyspace, which the HTTP workers use,
//! keeps 4 × cores shards. While a snapshot holds a value, the next write
//! to it copies it (copy-on-write `Arc`): RSS can briefly hold a second
//! copy of a value written during a snapshot. Enumeration (`KEYS`,
//! `SCAN`'s first call, `DBSIZE`) is O(n).

mod api;
mod background;
mod bitmaps;
mod blocking;
mod entry;
pub(crate) mod glob;
mod hashes;
mod keyspace;
mod levels;
mod lists;
mod sets;
mod snapshot;
mod strings;
pub mod striped;
mod watch;
mod zsets;

pub use background::{run_background, save_in_background};
pub use bitmaps::{BitField, BitOp, FieldOp, Overflow};
pub use blocking::Waiter;
pub use entry::{Blob, Entry, HashValue, Key, Name, Value, Weigher};
pub use hashes::HashSetMode;
pub use keyspace::{ExpireCondition, ScanFilter};
pub use lists::{End, ListValue, list_range};
pub use sets::{SetOp, SetValue};
pub use snapshot::SaveInfo;
/// The snapshot's file name in the data directory.
pub const SNAPSHOT_FILE: &str = snapshot::FILE_NAME;
pub use snapshot::{check_file as check_snapshot_file, write_copy as write_snapshot_copy};
pub use strings::{
    MAX_STRING, SetCondition, SetExpiry, SetOptions, clamp_range, format_f64, parse_f64, parse_i64,
};
pub use striped::{Exclusive as ExclusiveGuard, stripe};
pub use watch::WatchFlag;
pub use zsets::{LexBound, ScoreBound, ZAddFlags, ZAddOutcome, ZSetValue, ZSource, format_double};

use crate::config::CacheConfig;
use entry::KeyRef;
use quick_cache::sync::{Cache, EntryAction, EntryResult};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLockReadGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Number of logical databases RESP clients can address, as Redis's
/// default `databases 16`. Every database index a RESP command accepts is
/// checked against this bound.
pub const DATABASES: u8 = 16;
/// Database outside RESP clients start in.
pub const DB_DEFAULT: u8 = 0;
/// Admin sessions (hashes). Internal: outside `0..DATABASES`, so no RESP
/// command can name it, and held in the internal keyspace, so `FLUSHALL`,
/// enumeration and eviction by RESP writes never reach it.
pub const DB_SESSIONS: u8 = DATABASES;
/// The response cache of the public catalogue API (`crate::api`'s
/// `response_cache`): one hash per cached response, keyed
/// `GET /api/<path>[?query] <encoding>`, with a TTL. Internal.
pub const DB_HTTP_CACHE: u8 = DATABASES + 1;
/// Per-IP hourly contact-form counters (`crate::api`'s limiter): one hash
/// per client address, expiring after the hour, so the limit survives a
/// restart through the snapshot. Internal.
pub const DB_LIMITS: u8 = DATABASES + 2;
/// Every database index the store holds: the public ones, then the
/// appliance's own.
pub(crate) const ALL_DATABASES: u8 = DATABASES + 3;

/// True for the appliance's own databases, which live in the internal
/// keyspace.
pub(crate) const fn is_internal(db: u8) -> bool {
    db >= DATABASES
}

/// The share of `CHLORO_CACHE_MAX_MEMORY` reserved for the internal
/// keyspace: an eighth, between 1 MiB (or half of a smaller budget) and
/// 32 MiB. RESP clients can fill only the rest.
pub(crate) fn internal_budget(max_memory: u64) -> u64 {
    (max_memory / 8).clamp((1u64 << 20).min(max_memory / 2), 32 << 20)
}

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
    #[error("ERR index out of range")]
    IndexOutOfRange,
    #[error("ERR resulting score is not a number (NaN)")]
    ScoreNan,
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

/// Counts evictions; quick_cache calls it under the shard lock. In the
/// internal keyspace it also pins sessions and limit counters: only cached
/// HTTP responses make room there, so no flood of cacheable requests signs
/// an admin out or resets a limit. (Both are bounded without eviction:
/// sessions by successful logins, counters by contact submissions, and
/// both expire.)
#[derive(Clone)]
struct EvictionCounter {
    evicted: Arc<AtomicU64>,
    pin_internal_state: bool,
}

/// The key a `put` is writing: quick_cache reports the value it replaces
/// through the eviction hook, which must not count as an eviction (200k
/// SETs over 10 keys once reported 199,990 evictions).
#[derive(Default)]
struct Writing(Option<Key>);

impl quick_cache::Lifecycle<Key, Entry> for EvictionCounter {
    type RequestState = Writing;
    fn is_pinned(&self, key: &Key, _: &Entry) -> bool {
        self.pin_internal_state && (key.db == DB_SESSIONS || key.db == DB_LIMITS)
    }
    fn on_evict(&self, writing: &mut Writing, key: Key, _: Entry) {
        if writing.0.as_ref() == Some(&key) {
            return;
        }
        self.evicted.fetch_add(1, Ordering::Relaxed);
    }
}

type Keyspace = Cache<Key, Entry, Weigher, quick_cache::DefaultHashBuilder, EvictionCounter>;

/// quick_cache's share of a shard for its "hot" entries (its default,
/// written out because it also sets the largest entry: quick_cache drops
/// an entry heavier than this share of its shard as overweight).
const HOT_ALLOCATION: f64 = 0.97;

/// The heaviest entry a shard of `shard_capacity` bytes keeps (see
/// [`HOT_ALLOCATION`]).
fn largest_entry(shard_capacity: u64) -> u64 {
    (shard_capacity as f64 * HOT_ALLOCATION) as u64
}

/// A quick_cache keyspace weighing up to `capacity` bytes, in `shards`
/// shards (`None`: quick_cache's default, 4 × cores).
fn new_keyspace(capacity: u64, shards: Option<usize>, lifecycle: EvictionCounter) -> Keyspace {
    let mut options = quick_cache::OptionsBuilder::new();
    options
        .weight_capacity(capacity)
        .hot_allocation(HOT_ALLOCATION)
        .estimated_items_capacity((capacity / 1024).clamp(1024, 1 << 20) as usize);
    if let Some(n) = shards {
        options.shards(n);
    }
    match options.build() {
        Ok(o) => Cache::with_options(
            o,
            Weigher,
            quick_cache::DefaultHashBuilder::default(),
            lifecycle,
        ),
        // Only reachable with nonsensical options; fall back to defaults.
        Err(_) => Cache::with(
            1024,
            capacity,
            Weigher,
            quick_cache::DefaultHashBuilder::default(),
            lifecycle,
        ),
    }
}

/// Unix milliseconds driven by tokio's clock (pausable in tests). Kept in
/// nanoseconds and truncated once: truncating the base and the elapsed
/// time separately put "now" up to 2 ms behind the wall clock, so a
/// `PXAT` deadline read back with `PTTL` was 1 ms too long a third of the
/// time; in microseconds it was still up to 2 µs behind, which
/// `the_clock_is_not_behind_the_wall_clock` caught now and then.
struct Clock {
    base_unix_ns: u64,
    base: tokio::time::Instant,
}

impl Clock {
    fn new() -> Self {
        // The monotonic base first: a thread preempted between the two
        // reads then puts "now" a little ahead of the wall clock, never
        // behind it.
        let base = tokio::time::Instant::now();
        let base_unix_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Clock { base_unix_ns, base }
    }
    fn now_ms(&self) -> u64 {
        (self.base_unix_ns + self.base.elapsed().as_nanos() as u64) / 1_000_000
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
    /// Databases `0..DATABASES`: what RESP clients read, write, enumerate,
    /// flush and fill.
    keyspace: Keyspace,
    /// The appliance's own databases (`DB_SESSIONS`, `DB_HTTP_CACHE`,
    /// `DB_LIMITS`), with their own share of the memory budget. Only the
    /// typed API reaches it, with an internal database index; see
    /// ARCHITECTURE.md, "The RESP boundary".
    internal: Keyspace,
    /// Evictions from `internal` (not reported to RESP clients).
    internal_evicted: Arc<AtomicU64>,
    clock: Clock,
    stats: Stats,
    /// Writes since the last successful snapshot (Redis's
    /// `rdb_changes_since_last_save`).
    dirty: striped::Counter,
    /// Set whenever an entry with an expiry is written; lets the active
    /// sweep skip whole passes when nothing can expire.
    volatile: AtomicBool,
    watches: watch::Watches,
    /// Clients blocked on keys (`BLPOP` and friends): woken by writes.
    blocked: Arc<blocking::Blocked>,
    /// `EXEC` takes it exclusively so a transaction runs atomically with
    /// respect to other RESP commands, which take it shared.
    exec_lock: striped::Lock,
    snapshots: snapshot::Snapshots,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("keys", &self.keyspace.len())
            .field("internal_keys", &self.internal.len())
            .field("used_memory", &self.used_memory())
            .field("max_memory", &self.max_memory())
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
        let internal_share = internal_budget(max_memory);
        // One shard: a value may grow to (nearly) the whole public budget,
        // as in redis-server. See the module docs, "Limits".
        let keyspace = new_keyspace(
            max_memory - internal_share,
            Some(1),
            EvictionCounter {
                evicted: stats.evicted.clone(),
                pin_internal_state: false,
            },
        );
        let internal_evicted = Arc::new(AtomicU64::new(0));
        let internal = new_keyspace(
            internal_share,
            None,
            EvictionCounter {
                evicted: internal_evicted.clone(),
                pin_internal_state: true,
            },
        );
        Store {
            keyspace,
            internal,
            internal_evicted,
            clock: Clock::new(),
            stats,
            dirty: striped::Counter::default(),
            volatile: AtomicBool::new(false),
            watches: watch::Watches::default(),
            blocked: Arc::default(),
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

    /// The keyspace that holds `db`.
    fn space(&self, db: u8) -> &Keyspace {
        if is_internal(db) {
            &self.internal
        } else {
            &self.keyspace
        }
    }

    /// Bytes charged to entries now, public and internal: one budget.
    pub fn used_memory(&self) -> u64 {
        self.keyspace.weight() + self.internal.weight()
    }

    /// The whole budget (`CHLORO_CACHE_MAX_MEMORY`, or `CONFIG SET maxmemory`).
    pub fn max_memory(&self) -> u64 {
        self.keyspace.capacity() + self.internal.capacity()
    }

    /// `CONFIG SET maxmemory`: resizes the bound, evicting public keys if it
    /// shrank. The internal share stays as it was set at start.
    pub fn set_max_memory(&self, bytes: u64) {
        self.keyspace
            .set_capacity(bytes.saturating_sub(self.internal.capacity()).max(1));
    }

    /// Largest single entry a RESP client can store: the public keyspace is
    /// one quick_cache shard, and quick_cache keeps an entry up to
    /// [`HOT_ALLOCATION`] of its shard (97 % of the public budget). Takes
    /// the shard's lock: never inside a `modify` closure.
    pub fn max_entry_weight(&self) -> u64 {
        largest_entry(self.keyspace.shard_capacity())
    }

    /// The same for the keyspace that holds `db` (the internal one has
    /// 4 × cores shards of its own share). Takes a shard's lock: never
    /// inside a `modify` closure.
    pub(crate) fn max_entry_weight_in(&self, db: u8) -> u64 {
        largest_entry(self.space(db).shard_capacity())
    }

    /// Keys in the public databases, including expired ones not yet swept.
    pub fn total_keys(&self) -> usize {
        self.keyspace.len()
    }

    /// Keys in the appliance's own databases.
    pub fn internal_keys(&self) -> usize {
        self.internal.len()
    }

    /// Entries evicted from the internal keyspace (cached HTTP responses).
    pub fn internal_evictions(&self) -> u64 {
        self.internal_evicted.load(Ordering::Relaxed)
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
        self.blocked.signal(db, key);
    }

    fn check_fits(&self, db: u8, key: &[u8], entry: &Entry) -> Result<(), StoreError> {
        if entry::entry_weight(key.len(), entry) > self.max_entry_weight_in(db) {
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
        let entry = self.space(db).get(&KeyRef { db, name: key })?;
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
            .space(db)
            .remove_if(&KeyRef { db, name: key }, |e| e.is_expired(now))
            .is_some()
        {
            self.stats.expired.add(1);
            self.changed(db, key);
        }
    }

    /// Stores an entry unconditionally (plain `SET`).
    pub(crate) fn put(&self, db: u8, key: &[u8], entry: Entry) -> Result<(), StoreError> {
        self.check_fits(db, key, &entry)?;
        let key_owned = Key::new(db, key);
        let mut writing = Writing(Some(key_owned.clone()));
        self.space(db)
            .insert_with_lifecycle(key_owned, entry, &mut writing);
        self.changed(db, key);
        Ok(())
    }

    /// Removes a key, returning its live entry.
    pub(crate) fn take(&self, db: u8, key: &[u8]) -> Option<Entry> {
        let (_, entry) = self.space(db).remove(&KeyRef { db, name: key })?;
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
        let max = self.max_entry_weight_in(db);
        let owned = Key::new(db, key);
        let mut f = Some(f);
        let mut result: Option<Result<T, StoreError>> = None;
        let mut was_expired = false;
        let mut volatile = false;
        let outcome = self.space(db).entry(&owned, None, |_, current| {
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
            let before = entry::entry_weight(key.len(), current);
            // An entry that grew in place must go back through quick_cache's
            // insert, the only path that evicts to make room for it (a
            // retained, re-weighed entry pushed a store 3× past its budget).
            let settle = |current: &Entry, keep: EntryAction<bool>| {
                if entry::entry_weight(key.len(), current) > before {
                    EntryAction::ReplaceWithGuard
                } else {
                    keep
                }
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
                            // The commands check their growth before they
                            // change anything; should one have let a value
                            // pass the limit, quick_cache would drop it
                            // silently: say so instead.
                            if entry::entry_weight(key.len(), current) > max {
                                result = Some(Err(StoreError::OutOfMemory));
                                return EntryAction::Remove;
                            }
                            settle(current, EntryAction::Retain(true))
                        }
                        Change::Set(new) => {
                            if entry::entry_weight(key.len(), &new) > max {
                                result = Some(Err(StoreError::OutOfMemory));
                                return dead;
                            }
                            volatile = new.expires_at.is_some();
                            *current = new;
                            settle(current, EntryAction::Retain(true))
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
            EntryResult::Replaced(guard, grown) => {
                let _ = guard.insert(grown);
                self.changed(db, key);
            }
            EntryResult::Vacant(guard) => {
                let Some(f) = f.take() else {
                    return Err(StoreError::NoSuchKey);
                };
                let (change, t) = f(None)?;
                if let Change::Set(new) = change {
                    self.check_fits(db, key, &new)?;
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
