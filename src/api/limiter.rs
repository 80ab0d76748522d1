//! The per-IP hourly limit on contact submissions (abuse protection; the
//! edge's per-second rate limit is a different, shorter-term guard).
//!
//! A sliding window kept in the cache store ([`DB_LIMITS`]): each IP has a
//! hash `contact:<ip>` whose fields are the times (Unix ms) of its accepted
//! submissions of the last hour, and which expires an hour after the last
//! one. The cache snapshot carries the counts across a restart; only what
//! the last snapshot interval saw can be lost, and under memory pressure
//! the store may evict a count (the limit then forgets that address).
//!
//! It is one of the appliance's [`KeyedLimit`]s (the shape the edge's rate
//! limit and the login throttle share); unlike theirs, its state is in the
//! store, and its permit is the slot taken, to give back with
//! [`HourlyLimit::release`].

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::cache::{DB_LIMITS, HashSetMode, Store};
use crate::http::limit::{KeyedLimit, RetryAfter};

const WINDOW: Duration = Duration::from_secs(3600);

pub struct HourlyLimit {
    limit: u32,
    store: Arc<Store>,
    /// Makes check-and-take one step for submissions of this process.
    lock: Mutex<()>,
}

/// A taken slot; give it back with [`HourlyLimit::release`] if the
/// submission was not stored after all.
#[derive(Debug, Clone)]
pub struct Slot {
    key: String,
    field: String,
}

fn key_of(ip: IpAddr) -> String {
    format!("contact:{ip}")
}

impl HourlyLimit {
    /// `limit` submissions per IP per hour; 0 means unlimited.
    pub fn new(limit: u32, store: Arc<Store>) -> Self {
        Self {
            limit,
            store,
            lock: Mutex::new(()),
        }
    }

    /// Takes a slot for `ip`, or says how long until one frees up.
    fn acquire(&self, ip: IpAddr) -> Result<Option<Slot>, Duration> {
        if self.limit == 0 {
            return Ok(None);
        }
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let key = key_of(ip);
        let now = self.store.now_ms();
        let window = WINDOW.as_millis() as u64;
        // A value of the wrong type (a RESP user's doing) is replaced.
        let fields = self
            .store
            .hgetall(DB_LIMITS, key.as_bytes())
            .unwrap_or_default();
        let mut live = Vec::new();
        let mut old: Vec<&[u8]> = Vec::new();
        for (field, _) in &fields {
            let at = std::str::from_utf8(field)
                .ok()
                .and_then(|f| f.split('-').next())
                .and_then(|ms| ms.parse::<u64>().ok());
            match at {
                Some(at) if now.saturating_sub(at) < window => live.push(at),
                _ => old.push(field),
            }
        }
        if !old.is_empty() {
            let _ = self.store.hdel(DB_LIMITS, key.as_bytes(), &old);
        }
        if live.len() >= self.limit as usize {
            let oldest = live.iter().copied().min().unwrap_or(now);
            return Err(WINDOW.saturating_sub(Duration::from_millis(now.saturating_sub(oldest))));
        }
        // Unique even for two submissions in one millisecond.
        let field = format!("{now}-{}", fields.len());
        let written = self
            .store
            .hset(
                DB_LIMITS,
                key.as_bytes(),
                &[(field.as_bytes(), b"1")],
                HashSetMode::Always,
            )
            .or_else(|_| {
                self.store.delete(DB_LIMITS, key.as_bytes());
                self.store.hset(
                    DB_LIMITS,
                    key.as_bytes(),
                    &[(field.as_bytes(), b"1")],
                    HashSetMode::Always,
                )
            });
        if let Err(e) = written {
            // The store refused (out of memory): the limit cannot count,
            // and a visitor is not refused for that.
            tracing::warn!(error = %e, "contact limit not recorded");
            return Ok(None);
        }
        self.store.expire(DB_LIMITS, key.as_bytes(), Some(WINDOW));
        Ok(Some(Slot { key, field }))
    }

    /// Gives back a slot whose submission was not stored after all.
    pub fn release(&self, slot: Option<Slot>) {
        let Some(slot) = slot else { return };
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let _ = self
            .store
            .hdel(DB_LIMITS, slot.key.as_bytes(), &[slot.field.as_bytes()]);
    }
}

impl KeyedLimit<IpAddr> for HourlyLimit {
    /// The slot taken (`None` when unlimited or not recorded).
    type Permit = Option<Slot>;

    /// Takes a slot for the address ([`HourlyLimit::acquire`]).
    fn check(&self, ip: &IpAddr) -> Result<Option<Slot>, RetryAfter> {
        self.acquire(*ip).map_err(RetryAfter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn api_contact_limit_slides_over_the_hour() {
        let store = Store::in_memory(1 << 20);
        let limit = HourlyLimit::new(2, store.clone());
        let a: IpAddr = "203.0.113.1".parse().expect("ip");
        let b: IpAddr = "203.0.113.2".parse().expect("ip");
        let first = limit.acquire(a).expect("1st");
        tokio::time::advance(Duration::from_secs(600)).await;
        limit.acquire(a).expect("2nd");
        let wait = limit.acquire(a).expect_err("3rd is over the limit");
        assert_eq!(wait, Duration::from_secs(3000));
        limit.acquire(b).expect("other IPs are separate");
        // A failed store gives the slot back.
        limit.release(first);
        limit.acquire(a).expect("slot released");
        tokio::time::advance(Duration::from_secs(3600)).await;
        limit.acquire(a).expect("window passed");
        assert!(
            HourlyLimit::new(0, store.clone())
                .acquire(a)
                .expect("unlimited")
                .is_none()
        );
        // The counts are in the store, with the hour as their TTL, so a
        // new limiter over the same store (a restart) sees them.
        let ttl = store
            .ttl(DB_LIMITS, b"contact:203.0.113.1")
            .flatten()
            .expect("has a TTL");
        assert!(ttl <= WINDOW && ttl > WINDOW - Duration::from_secs(5));
        let again = HourlyLimit::new(1, store);
        again.acquire(a).expect_err("the count survived");
    }
}
