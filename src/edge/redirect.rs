//! The HTTP listener when HTTPS is on: everything is redirected to the same
//! host, path and query on HTTPS (301 for GET/HEAD, 308 otherwise so the
//! method and body are kept), except health checks and ACME http-01
//! challenges, which must work over plain HTTP.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, header};

pub struct Redirect {
    pub https_port: u16,
    pub acme: Option<Arc<rustls_acme::ResolvesServerCertAcme>>,
}

pub async fn handler(State(r): State<Arc<Redirect>>, req: Request) -> Response {
    let path = req.uri().path();
    if let Some(token) = path.strip_prefix("/.well-known/acme-challenge/") {
        return match r.acme.as_ref().and_then(|a| a.get_http_01_key_auth(token)) {
            Some(key_auth) => (
                [(header::CONTENT_TYPE, "application/octet-stream")],
                key_auth,
            )
                .into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .and_then(host_without_port);
    let Some(host) = host else {
        return (StatusCode::BAD_REQUEST, "Missing or invalid Host header\n").into_response();
    };
    let port = if r.https_port == 443 {
        String::new()
    } else {
        format!(":{}", r.https_port)
    };
    let path_and_query = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let location = format!("https://{host}{port}{path_and_query}");
    let status = if req.method() == Method::GET || req.method() == Method::HEAD {
        StatusCode::MOVED_PERMANENTLY
    } else {
        StatusCode::PERMANENT_REDIRECT
    };
    match HeaderValue::from_str(&location) {
        Ok(loc) => (status, [(header::LOCATION, loc)]).into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// The host part of a `Host` header, if it is a plain DNS name or IP
/// literal (anything else could smuggle text into the `Location`).
fn host_without_port(host: &str) -> Option<&str> {
    let name = if host.starts_with('[') {
        &host[..=host.find(']')?]
    } else {
        host.split(':').next()?
    };
    let ok = !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'[' | b']' | b':'));
    ok.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(host_without_port("example.com"), Some("example.com"));
        assert_eq!(host_without_port("example.com:8080"), Some("example.com"));
        assert_eq!(host_without_port("[::1]:8080"), Some("[::1]"));
        assert_eq!(host_without_port("evil.com/x"), None);
        assert_eq!(host_without_port("a b"), None);
        assert_eq!(host_without_port(""), None);
    }
}
