//! Blocking pops (`BLPOP`, `BLMOVE`, `BZPOPMIN`, …): clients waiting for a
//! key of a database to receive data, woken first-come first-served.
//!
//! The whole API is two calls and one guard:
//!
//! - [`Store::block_on`]`(db, keys)` registers a [`Waiter`] at the back of
//!   the queue of every `(db, key)` it names. Register *before* the last
//!   non-blocking attempt, so a push between that attempt and the wait is
//!   never missed.
//! - Every write to a key (`Store::changed`, which every store mutation
//!   already calls) wakes the *first* waiter of that key that is not already
//!   awake; writes to keys nobody waits on cost one atomic load. A family
//!   needs no code of its own to wake its waiters: `ZADD` going through
//!   `Store::modify` is enough.
//! - [`Waiter::ready`] resolves when the waiter was woken; the caller then
//!   retries its non-blocking operation (under the usual command guard) and
//!   either replies, or awaits `ready` again — keeping its place at the head
//!   of the queue. Dropping the waiter (served, timed out, disconnected,
//!   shut down) unregisters it; one that was woken passes the wake-up on to
//!   the next waiter of each of its keys, so an element it did not take is
//!   never left with sleeping waiters.
//!
//! Fairness is Redis's: with clients A then B blocked on a key, one pushed
//! element goes to A, and B stays blocked. Waking is by [`tokio::sync::Notify`],
//! so a push on one RESP thread wakes a waiter on another. (Unlike Redis,
//! the woken client pops the element itself instead of being handed it by
//! the pusher, so a concurrent non-blocking `LPOP` can take it first; the
//! waiter then simply waits again.)

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

/// One blocked client's wake-up: a flag saying it was picked, and the
/// notification.
#[derive(Default)]
struct Slot {
    notify: Notify,
    woken: AtomicBool,
}

/// Waiters per database, per key, in arrival order.
type Queues = HashMap<u8, HashMap<Box<[u8]>, VecDeque<Arc<Slot>>>>;

/// The blocked clients of one store.
#[derive(Default)]
pub(crate) struct Blocked {
    /// Registered waiters: writes skip the lock while it is 0.
    waiting: AtomicUsize,
    queues: Mutex<Queues>,
}

impl Blocked {
    fn queues(&self) -> MutexGuard<'_, Queues> {
        self.queues.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A write to `(db, key)`: wakes its first waiter not already awake.
    pub(crate) fn signal(&self, db: u8, key: &[u8]) {
        if self.waiting.load(Ordering::SeqCst) == 0 {
            return;
        }
        let queues = self.queues();
        let Some(queue) = queues.get(&db).and_then(|keys| keys.get(key)) else {
            return;
        };
        if let Some(slot) = queue.iter().find(|s| !s.woken.swap(true, Ordering::SeqCst)) {
            slot.notify.notify_one();
        }
    }

    /// Clients blocked now (`INFO clients`' `blocked_clients`).
    pub(crate) fn clients(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }
}

/// A client blocked on some keys of one database; see the module docs.
/// Dropping it unregisters it.
pub struct Waiter {
    blocked: Arc<Blocked>,
    slot: Arc<Slot>,
    db: u8,
    keys: Vec<Box<[u8]>>,
    /// Woken at least once: on drop, pass the wake-up on.
    was_woken: bool,
}

impl std::fmt::Debug for Waiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Waiter")
            .field("db", &self.db)
            .field("keys", &self.keys.len())
            .finish_non_exhaustive()
    }
}

impl Waiter {
    /// Resolves once a write touched one of the keys since registration or
    /// since the last `ready` returned. Then retry the operation.
    pub async fn ready(&mut self) {
        self.slot.notify.notified().await;
        self.slot.woken.store(false, Ordering::SeqCst);
        self.was_woken = true;
    }

    /// The database the waiter waits in.
    pub fn db(&self) -> u8 {
        self.db
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        let mut queues = self.blocked.queues();
        if let Some(keys) = queues.get_mut(&self.db) {
            for key in &self.keys {
                if let Some(queue) = keys.get_mut(key) {
                    queue.retain(|s| !Arc::ptr_eq(s, &self.slot));
                    if queue.is_empty() {
                        keys.remove(key);
                    }
                }
            }
            if keys.is_empty() {
                queues.remove(&self.db);
            }
        }
        self.blocked.waiting.fetch_sub(1, Ordering::SeqCst);
        drop(queues);
        if self.was_woken || self.slot.woken.load(Ordering::SeqCst) {
            for key in &self.keys {
                self.blocked.signal(self.db, key);
            }
        }
    }
}

impl super::Store {
    /// Registers a client blocked on `keys` of `db` (duplicates count once),
    /// behind those already waiting. See the module docs of `blocking.rs`.
    pub fn block_on(&self, db: u8, keys: &[&[u8]]) -> Waiter {
        let slot = Arc::new(Slot::default());
        let mut unique: Vec<Box<[u8]>> = Vec::with_capacity(keys.len());
        for key in keys {
            if !unique.iter().any(|k| &k[..] == *key) {
                unique.push(Box::from(*key));
            }
        }
        let mut queues = self.blocked.queues();
        let by_key = queues.entry(db).or_default();
        for key in &unique {
            by_key
                .entry(key.clone())
                .or_default()
                .push_back(slot.clone());
        }
        self.blocked.waiting.fetch_add(1, Ordering::SeqCst);
        drop(queues);
        Waiter {
            blocked: self.blocked.clone(),
            slot,
            db,
            keys: unique,
            was_woken: false,
        }
    }

    /// Clients blocked on keys now.
    pub fn blocked_clients(&self) -> usize {
        self.blocked.clients()
    }
}

#[cfg(test)]
mod tests {
    use crate::cache::Store;
    use std::time::Duration;

    async fn woken(w: &mut super::Waiter) -> bool {
        tokio::time::timeout(Duration::from_millis(50), w.ready())
            .await
            .is_ok()
    }

    #[tokio::test]
    async fn a_write_wakes_the_first_waiter_only_and_drop_passes_it_on() {
        let store = Store::in_memory(16 << 20);
        let mut a = store.block_on(0, &[b"q"]);
        let mut b = store.block_on(0, &[b"q", b"other"]);
        assert_eq!(store.blocked_clients(), 2);
        store.set(0, b"unrelated", b"x", None).expect("set");
        assert!(!woken(&mut a).await);
        store.set(0, b"q", b"x", None).expect("set");
        assert!(!woken(&mut b).await, "the second waiter sleeps");
        assert!(woken(&mut a).await, "the first waiter wakes");
        // `a` retried and found nothing: it is first in line again.
        store.set(0, b"q", b"y", None).expect("set");
        assert!(!woken(&mut b).await);
        // Two writes before `a` retries: the second goes to `b`.
        store.set(0, b"q", b"z", None).expect("set");
        assert!(woken(&mut b).await);
        assert!(woken(&mut a).await);
        // Woken, then gone without retrying: `b` gets the wake-up.
        store.set(0, b"q", b"z", None).expect("set");
        drop(a);
        assert!(woken(&mut b).await);
        drop(b);
        assert_eq!(store.blocked_clients(), 0);
    }

    #[tokio::test]
    async fn a_write_in_another_database_wakes_nobody() {
        let store = Store::in_memory(16 << 20);
        let mut a = store.block_on(1, &[b"q"]);
        store.set(0, b"q", b"x", None).expect("set");
        assert!(!woken(&mut a).await);
        store.set(1, b"q", b"x", None).expect("set");
        assert!(woken(&mut a).await);
    }

    #[test]
    fn a_wake_up_from_another_thread_arrives() {
        let store = Store::in_memory(16 << 20);
        let mut a = store.block_on(0, &[b"q"]);
        let writer = store.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            writer.set(0, b"q", b"x", None).expect("set");
        });
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            tokio::time::timeout(Duration::from_secs(5), a.ready())
                .await
                .expect("woken across threads");
        });
        t.join().expect("writer");
    }
}
