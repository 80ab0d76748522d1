//! Per-thread stripes for what every command touches, so two cores serving
//! different clients never bounce one cache line between them: a write
//! counter and the shared/exclusive command lock.
//!
//! Public because [`super::Stats`] exposes its counters.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

pub const STRIPES: usize = 8;

/// Keeps each stripe on its own cache line.
#[repr(align(128))]
#[derive(Default)]
pub struct Padded<T>(pub T);

/// This thread's stripe: threads are numbered as they first ask.
pub fn stripe() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static STRIPE: usize = NEXT.fetch_add(1, Ordering::Relaxed) % STRIPES;
    }
    STRIPE.with(|s| *s)
}

/// A counter summed over stripes.
#[derive(Default)]
pub struct Counter([Padded<AtomicU64>; STRIPES]);

impl Counter {
    pub fn add(&self, n: u64) {
        self.0[stripe()].0.fetch_add(n, Ordering::Relaxed);
    }
    pub fn sum(&self) -> u64 {
        self.0.iter().map(|c| c.0.load(Ordering::Relaxed)).sum()
    }
    /// The per-stripe values now, to [`Counter::subtract`] later.
    pub fn read(&self) -> [u64; STRIPES] {
        std::array::from_fn(|i| self.0[i].0.load(Ordering::Relaxed))
    }
    /// Subtracts an earlier [`Counter::read`], keeping what was added since.
    pub fn subtract(&self, earlier: &[u64; STRIPES]) {
        for (c, e) in self.0.iter().zip(earlier) {
            let _ = c.0.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_sub(*e))
            });
        }
    }
    pub fn reset(&self) {
        self.0.iter().for_each(|c| c.0.store(0, Ordering::Relaxed));
    }
}

impl std::fmt::Debug for Counter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.sum())
    }
}

/// A reader-writer lock whose readers only touch their own stripe; a
/// writer takes every stripe, in order.
#[derive(Default)]
pub struct Lock([Padded<RwLock<()>>; STRIPES]);

/// Held by a writer: every stripe.
pub struct Exclusive<'a> {
    _guards: [RwLockWriteGuard<'a, ()>; STRIPES],
}

impl Lock {
    pub fn shared(&self) -> RwLockReadGuard<'_, ()> {
        self.0[stripe()].0.read().unwrap_or_else(|p| p.into_inner())
    }
    pub fn exclusive(&self) -> Exclusive<'_> {
        Exclusive {
            _guards: std::array::from_fn(|i| {
                self.0[i].0.write().unwrap_or_else(|p| p.into_inner())
            }),
        }
    }
}
