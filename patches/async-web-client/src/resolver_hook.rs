//! CHLOROMASTER PATCH (the whole file is an addition to async-web-client 0.6.4).
//!
//! A process-global hook for name resolution. Without it, `Transport::connect`
//! resolves host names with `std::net::ToSocketAddrs` (glibc `getaddrinfo`,
//! which loads NSS modules at run time); with it, the application decides how
//! names become addresses. IP literals never reach the hook, and TLS still
//! verifies the certificate against the host *name*.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, RwLock};

/// What a resolver hook returns: the addresses to try, in order.
pub type ResolveFuture = Pin<Box<dyn Future<Output = io::Result<Vec<SocketAddr>>> + Send + 'static>>;

type Hook = Arc<dyn Fn(String, u16) -> ResolveFuture + Send + Sync + 'static>;

static HOOK: RwLock<Option<Hook>> = RwLock::new(None);

/// Installs (or replaces) the process-wide resolver: `resolve(host, port)`
/// returns the socket addresses to connect to, tried in order. Until one is
/// installed, names are resolved by the standard library as before.
pub fn set_resolver<F, Fut>(resolve: F)
where
    F: Fn(String, u16) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = io::Result<Vec<SocketAddr>>> + Send + 'static,
{
    let hook: Hook = Arc::new(move |host, port| Box::pin(resolve(host, port)) as ResolveFuture);
    let mut slot = HOOK.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    *slot = Some(hook);
}

pub(crate) fn resolver() -> Option<Hook> {
    HOOK.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
}
