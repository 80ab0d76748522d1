//! Per-client rate limits with nginx's `limit_req … burst=N nodelay`
//! semantics: a token bucket of `burst` requests refilled at `rate` per
//! second; a request finding it empty gets 429 with `Retry-After` at once.
//! `/api/*` and everything else have separate buckets, health checks none.
//!
//! Clients are keyed by IPv4 address, or by IPv6 /64 (one subscriber's
//! network), so one host cannot dodge the limit by rotating addresses.
//! Memory is bounded: idle keys are dropped every few seconds, and keys
//! refill to full within `burst / rate` seconds, so only clients active in
//! the last moments are held.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};

use super::json_error::edge_error;
use crate::config::Rate;
use crate::http::limit::{KeyedLimit, RetryAfter, TokenBucket};
use crate::http::{ClientIp, client_key, is_api_path, is_health_path};

pub struct RateLimits {
    api: TokenBucket<IpAddr>,
    general: TokenBucket<IpAddr>,
}

fn bucket(rate: Rate) -> TokenBucket<IpAddr> {
    TokenBucket::new(rate.per_second, rate.burst)
}

impl RateLimits {
    pub fn new(api: Rate, general: Rate) -> Self {
        RateLimits {
            api: bucket(api),
            general: bucket(general),
        }
    }

    /// `Err(wait)` when the client must wait before its next request.
    fn check(&self, api: bool, client: IpAddr) -> Result<(), RetryAfter> {
        let limiter = if api { &self.api } else { &self.general };
        limiter.check(&client_key(client))
    }

    /// Drops the state of clients whose buckets are full again.
    pub fn forget_idle(&self) {
        self.api.forget_idle();
        self.general.forget_idle();
    }
}

/// Runs [`RateLimits::forget_idle`] periodically until shutdown.
pub async fn sweep(limits: Arc<RateLimits>, shutdown: tokio_util::sync::CancellationToken) {
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tokio::select! {
            _ = tick.tick() => limits.forget_idle(),
            () = shutdown.cancelled() => return,
        }
    }
}

/// `Some(429)` when the request's client has used up its bucket.
pub fn check(limits: &RateLimits, req: &Request) -> Option<Response> {
    let path = req.uri().path();
    if is_health_path(path) {
        return None;
    }
    let api = is_api_path(path);
    let &ClientIp(client) = req.extensions().get::<ClientIp>()?;
    let wait = limits.check(api, client).err()?;
    let mut res = edge_error(
        path,
        StatusCode::TOO_MANY_REQUESTS,
        "Too many requests, please slow down",
    );
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait.ceil_secs()));
    Some(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU32;

    #[test]
    fn burst_then_limited_per_client() {
        let r = Rate {
            per_second: NonZeroU32::MIN,
            burst: NonZeroU32::new(3).expect("3"),
        };
        let limits = RateLimits::new(r, r);
        let a: IpAddr = "192.0.2.1".parse().expect("ip");
        let b: IpAddr = "192.0.2.2".parse().expect("ip");
        for _ in 0..3 {
            assert!(limits.check(true, a).is_ok());
        }
        let wait = limits.check(true, a).expect_err("limited");
        assert!(wait.0 <= Duration::from_secs(1));
        assert!(limits.check(false, a).is_ok(), "separate bucket");
        assert!(limits.check(true, b).is_ok(), "other client unaffected");
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let r = Rate {
            per_second: NonZeroU32::MIN,
            burst: NonZeroU32::MIN,
        };
        let limits = RateLimits::new(r, r);
        let one: IpAddr = "2001:db8:1:2::1".parse().expect("ip");
        let two: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("ip");
        assert!(limits.check(true, one).is_ok());
        assert!(limits.check(true, two).is_err(), "one bucket per /64");
    }
}
