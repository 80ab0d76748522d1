//! Outbound name resolution without glibc's NSS.
//!
//! The release binary links glibc statically; its `getaddrinfo` loads NSS
//! modules (shared libraries of the host's glibc) for anything that is not
//! in `/etc/hosts`, which works only while the host's glibc matches the
//! build's. Names are therefore resolved here with hickory-resolver (pure
//! Rust: `/etc/hosts`, then the name servers of `/etc/resolv.conf`), and
//! callers connect to the addresses; TLS still verifies the host *name*.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;

use hickory_resolver::TokioResolver;

/// One resolver for the process: it caches answers by their TTL.
static RESOLVER: OnceLock<Result<TokioResolver, String>> = OnceLock::new();

fn resolver() -> io::Result<&'static TokioResolver> {
    RESOLVER
        .get_or_init(|| {
            TokioResolver::builder_tokio()
                .map(|b| b.build())
                .map_err(|e| {
                    format!("cannot read the resolver configuration (/etc/resolv.conf): {e}")
                })
        })
        .as_ref()
        .map_err(|e| io::Error::other(e.clone()))
}

/// The addresses of `host` (an IP literal is returned as it is), IPv4 and
/// IPv6 as the resolver orders them.
pub async fn resolve(host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = literal.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let answer = resolver()?
        .lookup_ip(host)
        .await
        .map_err(|e| io::Error::other(format!("cannot resolve {host}: {e}")))?;
    let addrs: Vec<SocketAddr> = answer.iter().map(|ip| SocketAddr::new(ip, port)).collect();
    if addrs.is_empty() {
        return Err(io::Error::other(format!("{host} has no address")));
    }
    Ok(addrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn mail_resolve_literals_and_etc_hosts_without_getaddrinfo() {
        let a = resolve("127.0.0.1", 25).await.expect("literal");
        assert_eq!(a, [SocketAddr::from(([127, 0, 0, 1], 25))]);
        let a = resolve("[::1]", 465).await.expect("v6 literal");
        assert_eq!(a[0].port(), 465);
        assert!(a[0].ip().is_loopback());
        // `localhost` is in /etc/hosts (and hickory knows it anyway); no
        // network is needed.
        let a = resolve("localhost", 587).await.expect("localhost");
        assert!(
            a.iter().all(|s| s.ip().is_loopback() && s.port() == 587),
            "{a:?}"
        );
    }
}
