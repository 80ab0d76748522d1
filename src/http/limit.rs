//! The one shape of a per-key limit: [`KeyedLimit::check`] says whether a
//! key may go on now (with what it took, its [`KeyedLimit::Permit`]), or
//! how long it must wait ([`RetryAfter`]); the state per key is bounded.
//! Three limits implement it:
//!
//! - [`TokenBucket`] (here): GCRA (governor; nginx's `limit_req … burst=N
//!   nodelay`): every check takes one token, so every request counts. The
//!   edge's per-client request rate.
//! - [`FailureWindow`] (here): counts only what the caller records (failed
//!   sign-ins) per key in a fixed window, with a limit per key; a check
//!   takes nothing. The admin login throttle.
//! - The contact form's hourly limit (`api::limiter::HourlyLimit`): a
//!   sliding-window log per address whose counts must survive a restart,
//!   so they live in the cache store's internal database, which this leaf
//!   module must not know; its permit is the slot taken, given back when
//!   the submission is not stored. Its state is bounded by the store's
//!   memory limit and the hour's TTL instead of a key count.

use std::collections::HashMap;
use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// How long a limited key must wait before it may go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds for a `Retry-After` header, rounded up and at least
    /// one (a client told 0 would come straight back).
    pub fn ceil_secs(self) -> u64 {
        let d = self.0;
        (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1)
    }
}

/// A limit kept per key (see the module docs).
pub trait KeyedLimit<K> {
    /// What a passed check took, for a limit that can give it back.
    type Permit;
    /// `Ok` when `key` may go on now, else how long until it may.
    fn check(&self, key: &K) -> Result<Self::Permit, RetryAfter>;
}

/// A GCRA token bucket per key: `burst` tokens refilled at `per_second`.
/// Keys whose buckets are full again are dropped by
/// [`TokenBucket::forget_idle`], so only recently active keys are held.
pub struct TokenBucket<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    clock: DefaultClock,
}

impl<K: Hash + Eq + Clone> TokenBucket<K> {
    pub fn new(per_second: NonZeroU32, burst: NonZeroU32) -> Self {
        Self {
            limiter: RateLimiter::keyed(Quota::per_second(per_second).allow_burst(burst)),
            clock: DefaultClock::default(),
        }
    }

    /// Drops the state of keys whose buckets are full again.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

impl<K: Hash + Eq + Clone> TokenBucket<K> {
    /// How many keys are held now.
    #[cfg(test)]
    pub fn tracked(&self) -> usize {
        self.limiter.len()
    }
}

impl<K: Hash + Eq + Clone> KeyedLimit<K> for TokenBucket<K> {
    type Permit = ();

    /// Takes one token.
    fn check(&self, key: &K) -> Result<(), RetryAfter> {
        self.limiter
            .check_key(key)
            .map_err(|not_until| RetryAfter(not_until.wait_time_from(self.clock.now())))
    }
}

/// Events (failures) counted per key in a fixed window that starts at the
/// key's first event; a key is blocked for the rest of its window once its
/// count reaches its limit. At most `max_keys` keys are held: beyond that,
/// expired ones are dropped first and then all (a flood of keys gains one
/// fresh window, and memory stays bounded).
pub struct FailureWindow<K> {
    window: Duration,
    max_keys: usize,
    limit: fn(&K) -> u32,
    counts: Mutex<HashMap<K, (u32, Instant)>>,
}

impl<K: Hash + Eq + Clone> FailureWindow<K> {
    /// `limit` gives each key its allowance (keys of different kinds may
    /// have different ones).
    pub fn new(window: Duration, max_keys: usize, limit: fn(&K) -> u32) -> Self {
        Self {
            window,
            max_keys,
            limit,
            counts: Mutex::new(HashMap::new()),
        }
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, HashMap<K, (u32, Instant)>> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts one event for each of `keys`.
    pub fn record(&self, keys: &[K]) {
        let mut map = self.counts();
        let now = Instant::now();
        if map.len() >= self.max_keys {
            map.retain(|_, (_, start)| now.duration_since(*start) < self.window);
            if map.len() >= self.max_keys {
                map.clear();
            }
        }
        for k in keys {
            let entry = map.entry(k.clone()).or_insert((0, now));
            if now.duration_since(entry.1) >= self.window {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }

    /// Forgets `key`'s events (a success).
    pub fn clear(&self, key: &K) {
        self.counts().remove(key);
    }

    /// How many keys are held now.
    #[cfg(test)]
    pub fn tracked(&self) -> usize {
        self.counts().len()
    }

    /// The longest wait of any of `keys`, if one is blocked.
    pub fn check_all(&self, keys: &[K]) -> Result<(), RetryAfter> {
        keys.iter()
            .filter_map(|k| self.check(k).err())
            .max()
            .map_or(Ok(()), Err)
    }
}

impl<K: Hash + Eq + Clone> KeyedLimit<K> for FailureWindow<K> {
    type Permit = ();

    /// Takes nothing: only [`FailureWindow::record`] counts.
    fn check(&self, key: &K) -> Result<(), RetryAfter> {
        let map = self.counts();
        let Some((n, start)) = map.get(key) else {
            return Ok(());
        };
        match self.window.checked_sub(start.elapsed()) {
            Some(left) if *n >= (self.limit)(key) => Err(RetryAfter(left)),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_to_at_least_one_second() {
        assert_eq!(RetryAfter(Duration::ZERO).ceil_secs(), 1);
        assert_eq!(RetryAfter(Duration::from_millis(1)).ceil_secs(), 1);
        assert_eq!(RetryAfter(Duration::from_secs(2)).ceil_secs(), 2);
        assert_eq!(RetryAfter(Duration::from_millis(2001)).ceil_secs(), 3);
    }

    #[test]
    fn token_bucket_takes_a_token_per_check() {
        let three = NonZeroU32::new(3).expect("3");
        let limit = TokenBucket::new(NonZeroU32::MIN, three);
        for _ in 0..3 {
            assert!(limit.check(&"a").is_ok());
        }
        let wait = limit.check(&"a").expect_err("bucket empty");
        assert!(wait.0 <= Duration::from_secs(1));
        assert!(limit.check(&"b").is_ok(), "keys are separate");
        assert_eq!(limit.tracked(), 2);
    }

    #[test]
    fn failure_window_counts_only_records_with_a_limit_per_key() {
        let limit = FailureWindow::new(Duration::from_secs(60), 100, |k: &&str| {
            if k.starts_with("ip:") { 3 } else { 2 }
        });
        assert!(limit.check(&"user:a").is_ok());
        assert!(limit.check(&"user:a").is_ok(), "checking takes nothing");
        limit.record(&["user:a", "ip:1"]);
        assert!(limit.check_all(&["user:a", "ip:1"]).is_ok());
        limit.record(&["user:a", "ip:1"]);
        let wait = limit.check(&"user:a").expect_err("2 of 2");
        assert!(wait.0 <= Duration::from_secs(60) && wait.0 > Duration::from_secs(58));
        assert!(limit.check(&"ip:1").is_ok(), "2 of 3");
        assert!(limit.check_all(&["ip:1", "user:a"]).is_err());
        limit.clear(&"user:a");
        assert!(limit.check(&"user:a").is_ok());
    }

    #[test]
    fn failure_window_is_bounded() {
        let limit = FailureWindow::new(Duration::from_secs(60), 10, |_: &u32| 1);
        for k in 0..25 {
            limit.record(&[k]);
            assert!(limit.tracked() <= 10);
        }
        assert!(limit.check(&24).is_err(), "the newest key is still counted");
    }

    #[test]
    fn failure_window_expires() {
        let limit = FailureWindow::new(Duration::from_millis(30), 10, |_: &u32| 1);
        limit.record(&[1]);
        assert!(limit.check(&1).is_err());
        std::thread::sleep(Duration::from_millis(40));
        assert!(limit.check(&1).is_ok());
        limit.record(&[1]);
        assert!(limit.check(&1).is_err(), "a new window starts");
    }
}
