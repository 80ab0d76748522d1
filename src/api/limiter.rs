//! The per-IP hourly limit on contact submissions (abuse protection; the
//! edge's per-second rate limit is a different, shorter-term guard).
//!
//! Sliding window in memory: each IP keeps the times of its accepted
//! submissions of the last hour. A restart forgets the counts, which at
//! worst lets one more hour's worth through.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

const WINDOW: Duration = Duration::from_secs(3600);
/// Beyond this many tracked addresses, expired ones are swept on insert.
const SWEEP_ABOVE: usize = 10_000;

pub struct HourlyLimit {
    limit: u32,
    seen: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

/// A taken slot; give it back with [`HourlyLimit::release`] if the
/// submission was not stored after all.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    ip: IpAddr,
    at: Instant,
}

impl HourlyLimit {
    /// `limit` submissions per IP per hour; 0 means unlimited.
    pub fn new(limit: u32) -> Self {
        Self {
            limit,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a slot for `ip`, or says how long until one frees up.
    pub fn acquire(&self, ip: IpAddr) -> Result<Option<Slot>, Duration> {
        if self.limit == 0 {
            return Ok(None);
        }
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() > SWEEP_ABOVE {
            seen.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < WINDOW)
            });
        }
        let times = seen.entry(ip).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            times.pop_front();
        }
        if times.len() >= self.limit as usize {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(WINDOW.saturating_sub(now.duration_since(oldest)));
        }
        times.push_back(now);
        Ok(Some(Slot { ip, at: now }))
    }

    pub fn release(&self, slot: Option<Slot>) {
        let Some(slot) = slot else { return };
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(times) = seen.get_mut(&slot.ip) {
            if let Some(i) = times.iter().position(|t| *t == slot.at) {
                times.remove(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn api_contact_limit_slides_over_the_hour() {
        let limit = HourlyLimit::new(2);
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
        assert!(HourlyLimit::new(0).acquire(a).expect("unlimited").is_none());
    }
}
