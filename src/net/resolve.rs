//! Outbound name resolution without glibc's NSS.
//!
//! The release binary links glibc statically; its `getaddrinfo` loads NSS
//! modules (shared libraries of the host's glibc) for anything that is not
//! in `/etc/hosts`, which works only while the host's glibc matches the
//! build's. Names are therefore resolved here with hickory-resolver (pure
//! Rust: `/etc/hosts`, then the name servers of `/etc/resolv.conf`), and
//! callers connect to the addresses; TLS still verifies the host *name*.
//!
//! rustls-acme has no resolver option of its own: its HTTP client,
//! async-web-client, is patched (`patches/async-web-client`) with a
//! process-global hook, and [`install_http_client_hook`] points it here.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use hickory_resolver::TokioResolver;

/// One resolver for the process: it caches answers by their TTL.
static RESOLVER: OnceLock<Result<TokioResolver, String>> = OnceLock::new();

fn resolver() -> io::Result<&'static TokioResolver> {
    RESOLVER
        .get_or_init(|| {
            TokioResolver::builder_tokio()
                .and_then(|b| b.build())
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

/// Names the HTTP client (ACME) resolved through the hook, process-wide.
static HTTP_CLIENT_LOOKUPS: AtomicU64 = AtomicU64::new(0);

/// How many names async-web-client (rustls-acme's HTTP client) has had
/// resolved here: the proof that ACME does not go through `getaddrinfo`.
pub fn http_client_lookups() -> u64 {
    HTTP_CLIENT_LOOKUPS.load(Ordering::Relaxed)
}

/// Makes async-web-client, and so rustls-acme, resolve names with
/// [`resolve`]. Call it from inside the runtime; installing again replaces
/// the hook (each `App` in a test process does).
///
/// async-web-client is runtime-agnostic, hickory needs tokio: the lookup is
/// spawned onto the runtime that polls the hook (rustls-acme's driver is a
/// task of ours), or onto the runtime current at installation if the hook
/// is ever polled outside tokio, and its result awaited through the
/// `JoinHandle`, which any executor can wait on.
pub fn install_http_client_hook() {
    let installed_on = tokio::runtime::Handle::try_current().ok();
    async_web_client::set_resolver(move |host: String, port: u16| {
        let runtime = tokio::runtime::Handle::try_current()
            .ok()
            .or_else(|| installed_on.clone());
        async move {
            HTTP_CLIENT_LOOKUPS.fetch_add(1, Ordering::Relaxed);
            let Some(runtime) = runtime else {
                return Err(io::Error::other(format!(
                    "cannot resolve {host}: no tokio runtime"
                )));
            };
            let name = host.clone();
            let addrs = runtime
                .spawn(async move { resolve(&name, port).await })
                .await
                .map_err(|e| io::Error::other(format!("cannot resolve {host}: {e}")))??;
            tracing::debug!(
                host,
                ?addrs,
                "resolved for the HTTP client (ACME) without NSS"
            );
            Ok(addrs)
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn net_resolve_literals_and_etc_hosts_without_getaddrinfo() {
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
