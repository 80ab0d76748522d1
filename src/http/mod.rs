//! The HTTP basics every part of the appliance shares, written once: who a
//! request came from ([`ClientIp`], [`client_key`]), over what
//! ([`Scheme`]), what kind of request it is ([`is_api_path`],
//! [`is_health_path`]), byte ranges ([`range`]), conditional requests
//! ([`conditional`]), content-coding negotiation ([`negotiate`]), hex
//! ([`hex`]) and the shape of a per-key limit ([`limit`]).
//!
//! A leaf: it imports nothing from the rest of the crate, so `edge`, `api`,
//! `assets`, `metrics` and `auth` can all depend on it without depending on
//! each other. The rules follow RFC 9110; each module's tests name the
//! section they check.

pub mod client_ip;
pub mod conditional;
pub mod hex;
pub mod limit;
pub mod negotiate;
pub mod range;

use std::net::{IpAddr, Ipv6Addr};

pub use client_ip::ClientIp;

/// Which listener a request arrived on (HSTS, redirects and the `Secure`
/// cookie attribute depend on it). The edge inserts it into every request's
/// extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

/// A request for the JSON API (`/api` and below): JSON errors, its own rate
/// bucket, its own metrics.
/// The `name=value` pairs of a request's `Cookie` headers (RFC 6265
/// §5.4: `; `-separated, possibly in several headers), names and values
/// trimmed; pairs that are not UTF-8 or have no `=` are skipped.
pub fn cookies(headers: &http::HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (name.trim(), value.trim()))
}

pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// A health check (`/health` and below): never rate limited.
pub fn is_health_path(path: &str) -> bool {
    path == "/health" || path.starts_with("/health/")
}

/// The key a per-client limit counts a client address under: IPv4 as it is
/// (an IPv4-mapped IPv6 address as its IPv4), IPv6 by /64 (one subscriber's
/// network), so one host cannot dodge a limit by rotating addresses.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The module is a leaf: nothing in it names another module of the
    /// crate, so every module may use it without a cycle.
    #[test]
    fn http_imports_nothing_from_the_crate() {
        let needle = concat!("crate", "::");
        for (file, text) in [
            ("mod.rs", include_str!("mod.rs")),
            ("client_ip.rs", include_str!("client_ip.rs")),
            ("conditional.rs", include_str!("conditional.rs")),
            ("hex.rs", include_str!("hex.rs")),
            ("limit.rs", include_str!("limit.rs")),
            ("negotiate.rs", include_str!("negotiate.rs")),
            ("range.rs", include_str!("range.rs")),
        ] {
            assert!(
                !text.contains(needle),
                "src/http/{file} imports from the crate"
            );
        }
    }

    #[test]
    fn request_classes() {
        assert!(is_api_path("/api"));
        assert!(is_api_path("/api/services"));
        assert!(!is_api_path("/apis"));
        assert!(!is_api_path("/"));
        assert!(is_health_path("/health"));
        assert!(is_health_path("/health/ready"));
        assert!(!is_health_path("/healthz"));
    }

    #[test]
    fn client_keys_group_ipv6_by_64_and_unmap_ipv4() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert_eq!(client_key(ip("192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(
            client_key(ip("2001:db8:1:2::1")),
            client_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_eq!(client_key(ip("2001:db8:1:2::1")), ip("2001:db8:1:2::"));
        assert_ne!(
            client_key(ip("2001:db8:1:2::1")),
            client_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(client_key(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
    }
}
