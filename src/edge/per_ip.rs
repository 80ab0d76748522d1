//! Open connections per client address, like nginx `limit_conn`: one
//! address (IPv4, or an IPv6 /64: one subscriber's network) may hold at
//! most `max` connections across the HTTP and HTTPS listeners, so a single
//! client cannot fill the global connection cap.
//!
//! Keyed by the socket peer, never `X-Forwarded-For` (nothing of the request
//! has been read when the count is taken). The table holds one entry per
//! address with an open connection, so it is bounded by the listeners'
//! connection caps; an entry goes away with its last connection.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use crate::http::client_key as key;

pub struct PerIp {
    max: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One open connection counted for its address; dropping it releases it.
pub struct Slot {
    table: Arc<PerIp>,
    key: IpAddr,
}

impl PerIp {
    pub fn new(max: usize) -> Arc<Self> {
        Arc::new(PerIp {
            max,
            open: Mutex::new(HashMap::new()),
        })
    }

    /// A slot for a connection from `peer`, or `None` when its address
    /// already holds the maximum.
    pub fn try_open(self: &Arc<Self>, peer: IpAddr) -> Option<Slot> {
        let key = key(peer);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let n = open.entry(key).or_insert(0);
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(Slot {
            table: self.clone(),
            key,
        })
    }

    /// Addresses with an open connection (for tests).
    #[cfg(test)]
    pub fn addresses(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .table
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = open.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_address_and_releases_on_drop() {
        let t = PerIp::new(2);
        let a: IpAddr = "192.0.2.1".parse().expect("ip");
        let b: IpAddr = "192.0.2.2".parse().expect("ip");
        let s1 = t.try_open(a).expect("first");
        let s2 = t.try_open(a).expect("second");
        assert!(t.try_open(a).is_none(), "third from the same address");
        let other = t.try_open(b).expect("another address is not affected");
        drop(s1);
        let s3 = t.try_open(a).expect("a slot freed by a close");
        drop((s2, s3, other));
        assert_eq!(t.addresses(), 0, "no entry is kept for closed addresses");
    }

    #[test]
    fn ipv6_by_64_and_mapped_ipv4_as_ipv4() {
        let t = PerIp::new(1);
        let _a = t
            .try_open("2001:db8::1".parse().expect("ip"))
            .expect("slot");
        assert!(
            t.try_open("2001:db8::ffff:2".parse().expect("ip"))
                .is_none()
        );
        assert!(t.try_open("2001:db8:0:1::1".parse().expect("ip")).is_some());
        let _v4 = t.try_open("192.0.2.9".parse().expect("ip")).expect("slot");
        assert!(
            t.try_open("::ffff:192.0.2.9".parse().expect("ip"))
                .is_none()
        );
    }
}
