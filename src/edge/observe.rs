//! The outermost layer: names the request (`X-Request-ID`), works out who
//! sent it ([`ClientIp`]), times it (`X-Response-Time`) and writes the access
//! log line. Everything inside — limits, rate limits, handlers — runs in its
//! span, so every log line of a request carries its id.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use http::header::HeaderName;
use ipnet::IpNet;
use tracing::Instrument;

use super::ClientIp;
use crate::privacy::MaskedIp;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
static X_RESPONSE_TIME: HeaderName = HeaderName::from_static("x-response-time");

/// The request's id, in the request's extensions for handlers that report it.
#[derive(Clone, Debug)]
pub struct RequestId(pub HeaderValue);

/// An incoming id is reused (so a proxy's id follows the request through)
/// only if it is short and plain; anything else could forge log lines.
fn sane(id: &HeaderValue) -> bool {
    let b = id.as_bytes();
    (1..=128).contains(&b.len())
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':'))
}

fn new_id() -> HeaderValue {
    let n: u128 = rand::random();
    HeaderValue::from_str(&format!("{n:032x}")).unwrap_or(HeaderValue::from_static("0"))
}

/// The path as logged: query strings (visitor input) are never logged, and
/// segments that look like tokens (download links, session ids) are replaced
/// by `{token}`, since a log reader could otherwise use them.
fn loggable_path(path: &str) -> String {
    let looks_secret = |seg: &str| {
        seg.len() >= 20
            && seg
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            && seg.bytes().any(|c| c.is_ascii_digit())
    };
    if !path.split('/').any(looks_secret) {
        return path.to_owned();
    }
    path.split('/')
        .map(|seg| if looks_secret(seg) { "{token}" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

pub async fn layer(
    State(trusted): State<Arc<Vec<IpNet>>>,
    mut req: Request,
    next: Next,
) -> Response {
    let start = Instant::now();
    let id = match req.headers().get(&X_REQUEST_ID) {
        Some(v) if sane(v) => v.clone(),
        _ => new_id(),
    };
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED.into());
    let client = super::client_ip::resolve(peer, req.headers(), &trusted);
    req.extensions_mut().insert(ClientIp(client));
    req.extensions_mut().insert(RequestId(id.clone()));

    let method = req.method().clone();
    let path = loggable_path(req.uri().path());
    let version = req.version();
    let span = tracing::info_span!("request", id = %id.to_str().unwrap_or("-"));

    let mut res = next.run(req).instrument(span.clone()).await;

    let elapsed = start.elapsed();
    let h = res.headers_mut();
    h.insert(X_REQUEST_ID.clone(), id);
    if let Ok(v) = HeaderValue::from_str(&format!("{:.3}ms", elapsed.as_secs_f64() * 1000.0)) {
        h.insert(X_RESPONSE_TIME.clone(), v);
    }
    let status = res.status().as_u16();
    let _guard = span.enter();
    let ms = elapsed.as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::warn!(target: "access", client = %MaskedIp(client), %method, %path, ?version, status, ms, "request failed");
    } else {
        tracing::info!(target: "access", client = %MaskedIp(client), %method, %path, ?version, status, ms, "request");
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_not_logged() {
        assert_eq!(
            loggable_path("/service/chlorine-system-solutions"),
            "/service/chlorine-system-solutions"
        );
        assert_eq!(
            loggable_path("/api/datasheet/download/3q2d9Xk1mB7pZr8Tt0aQvW4y"),
            "/api/datasheet/download/{token}"
        );
        assert!(sane(&HeaderValue::from_static("abc-123")));
        assert!(!sane(&HeaderValue::from_static("abc 123")));
    }
}
