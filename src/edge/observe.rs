//! Names the request (`X-Request-ID`), works out who sent it
//! ([`ClientIp`]), times it (`X-Response-Time`) and writes the access log
//! line. Everything after it — limits, rate limits, handlers — runs in its
//! span, so every log line of a request carries its id.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request};
use axum::response::Response;
use http::HeaderValue;
use http::header::HeaderName;
use ipnet::IpNet;

use crate::http::ClientIp;
use crate::privacy::MaskedIp;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
static X_RESPONSE_TIME: HeaderName = HeaderName::from_static("x-response-time");

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
    header_value(crate::http::hex::encode(&n.to_be_bytes()))
}

/// A header value that takes `text`'s buffer instead of copying it.
fn header_value(text: String) -> HeaderValue {
    HeaderValue::from_maybe_shared(bytes::Bytes::from(text.into_bytes()))
        .unwrap_or(HeaderValue::from_static("0"))
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

/// The access log's `ms` field: milliseconds rounded to the nearest
/// microsecond. It stays a number (JSON logs keep a numeric field), and
/// since `n / 1000.0` is the double nearest to that decimal, it prints with
/// at most three decimals (`ms=0.259`, not `ms=0.25861599999999996`), the
/// same digits as `X-Response-Time`.
fn log_millis(elapsed: std::time::Duration) -> f64 {
    // f64 holds whole microseconds exactly up to 2^53 (285 years).
    let micros = u64::try_from(elapsed.as_nanos().saturating_add(500) / 1000).unwrap_or(u64::MAX);
    micros as f64 / 1000.0
}

/// What `observe` notes about a request before it is handled.
pub struct Observed {
    start: Instant,
    id: HeaderValue,
    client: std::net::IpAddr,
    method: http::Method,
    version: http::Version,
    /// Only when the access log is on: computing it allocates.
    path: Option<String>,
    pub span: tracing::Span,
}

/// Names the request, resolves the client address into the request's
/// extensions, and starts the clock.
pub fn start(req: &mut Request, trusted: &[IpNet]) -> Observed {
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
    let client = crate::http::client_ip::resolve(peer, req.headers(), trusted);
    req.extensions_mut().insert(ClientIp(client));
    let path = tracing::enabled!(target: "access", tracing::Level::INFO)
        .then(|| loggable_path(req.uri().path()));
    let span = tracing::info_span!("request", id = %id.to_str().unwrap_or("-"));
    Observed {
        start,
        id,
        client,
        method: req.method().clone(),
        version: req.version(),
        path,
        span,
    }
}

impl Observed {
    /// Adds `X-Request-ID` and `X-Response-Time` and writes the access log.
    /// Stamps the response, writes the access log line, and returns how
    /// long the request took.
    pub fn finish(self, res: &mut Response) -> std::time::Duration {
        let elapsed = self.start.elapsed();
        let ms = log_millis(elapsed);
        let h = res.headers_mut();
        h.insert(X_REQUEST_ID.clone(), self.id);
        h.insert(X_RESPONSE_TIME.clone(), header_value(format!("{ms:.3}ms")));
        let status = res.status().as_u16();
        let _guard = self.span.enter();
        let (client, method, version) = (MaskedIp(self.client), self.method, self.version);
        let path = self.path.as_deref().unwrap_or("-");
        if status >= 500 {
            tracing::warn!(target: "access", %client, %method, %path, ?version, status, ms, "request failed");
        } else {
            tracing::info!(target: "access", %client, %method, %path, ?version, status, ms, "request");
        }
        elapsed
    }
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

    /// The access log prints durations with at most three decimals, as
    /// tracing-subscriber prints an `f64` field (its `Debug`), and the value
    /// is rounded to the nearest microsecond, not truncated.
    #[test]
    fn access_log_millis_have_at_most_three_decimals() {
        use std::time::Duration;
        let shown = |d: Duration| format!("{:?}", log_millis(d));
        assert_eq!(shown(Duration::from_nanos(258_616)), "0.259");
        assert_eq!(shown(Duration::from_nanos(258_499)), "0.258");
        assert_eq!(shown(Duration::from_micros(259)), "0.259");
        assert_eq!(shown(Duration::from_micros(1)), "0.001");
        assert_eq!(shown(Duration::from_millis(12)), "12.0");
        assert_eq!(shown(Duration::from_micros(1_234_567)), "1234.567");
        assert_eq!(shown(Duration::ZERO), "0.0");
        // Every microsecond count up to well past a minute prints exactly.
        for us in (0..100_000_000u64).step_by(7_919) {
            let text = shown(Duration::from_micros(us));
            let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
            assert!(decimals <= 3, "{us} µs printed as {text}");
            assert_eq!(text.parse::<f64>().ok(), Some(us as f64 / 1000.0));
        }
    }
}
