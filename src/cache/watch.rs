//! `WATCH` support: a connection registers a flag per watched key; any write
//! to the key (or a flush of its database) raises the flag, and `EXEC`
//! aborts if it is up. Writes pay one atomic load while nobody watches.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One connection's "something I watch changed" flag.
#[derive(Debug, Clone, Default)]
pub struct WatchFlag(Arc<AtomicBool>);

impl WatchFlag {
    pub fn is_dirty(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
    pub fn clear(&self) {
        self.0.store(false, Ordering::SeqCst);
    }
    fn raise(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    fn same(&self, other: &WatchFlag) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Watchers per database, per key.
type ByDb = HashMap<u8, HashMap<Vec<u8>, Vec<WatchFlag>>>;

#[derive(Default)]
pub(crate) struct Watches {
    active: AtomicUsize,
    by_db: Mutex<ByDb>,
}

impl Watches {
    fn map(&self) -> std::sync::MutexGuard<'_, ByDb> {
        self.by_db.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn add(&self, db: u8, key: &[u8], flag: &WatchFlag) {
        let mut map = self.map();
        let flags = map.entry(db).or_default().entry(key.to_vec()).or_default();
        if !flags.iter().any(|f| f.same(flag)) {
            flags.push(flag.clone());
            self.active.fetch_add(1, Ordering::SeqCst);
        }
    }

    pub fn remove(&self, db: u8, key: &[u8], flag: &WatchFlag) {
        let mut map = self.map();
        let Some(keys) = map.get_mut(&db) else { return };
        if let Some(flags) = keys.get_mut(key) {
            if let Some(i) = flags.iter().position(|f| f.same(flag)) {
                flags.swap_remove(i);
                self.active.fetch_sub(1, Ordering::SeqCst);
            }
            if flags.is_empty() {
                keys.remove(key);
            }
        }
    }

    pub fn touch(&self, db: u8, key: &[u8]) {
        if self.active.load(Ordering::SeqCst) == 0 {
            return;
        }
        if let Some(flags) = self.map().get(&db).and_then(|k| k.get(key)) {
            flags.iter().for_each(WatchFlag::raise);
        }
    }

    /// A flush: raises every watcher of `db` (all databases for `None`).
    pub fn touch_db(&self, db: Option<u8>) {
        if self.active.load(Ordering::SeqCst) == 0 {
            return;
        }
        for (d, keys) in self.map().iter() {
            if db.is_none_or(|db| db == *d) {
                keys.values().flatten().for_each(WatchFlag::raise);
            }
        }
    }
}

impl super::Store {
    /// `WATCH key`: `flag` goes up when `key` in `db` is written.
    pub fn watch(&self, db: u8, key: &[u8], flag: &WatchFlag) {
        self.watches.add(db, key, flag);
    }

    /// Forgets one watch registered with [`super::Store::watch`].
    pub fn unwatch(&self, db: u8, key: &[u8], flag: &WatchFlag) {
        self.watches.remove(db, key, flag);
    }
}
