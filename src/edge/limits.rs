//! Request limits that need no body reading: a declared body larger than the
//! largest accepted anywhere is refused at once with 413, before a byte of it
//! is read. Bodies without a declared length are bounded by the extractors
//! (`DefaultBodyLimit`), and heads by the head guard (431). An HTTP/1.1
//! request must carry exactly one `Host` (RFC 9112 §3.2), else 400.

use axum::extract::Request;
use axum::response::Response;
use http::{StatusCode, header};

use super::json_error::edge_error;

/// `Some(413)` when the request declares a body larger than `max_body`.
pub fn check(req: &Request, max_body: u64) -> Option<Response> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())?;
    if declared <= max_body {
        return None;
    }
    let mut res = edge_error(
        req.uri().path(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "Request body too large",
    );
    // The unread body makes the connection unusable for a next request.
    res.headers_mut()
        .insert(header::CONNECTION, http::HeaderValue::from_static("close"));
    Some(res)
}

/// Whether the request carries admin credentials (a bearer token or the
/// session cookie); the API checks them, the edge only lets such a request
/// declare a media upload's size.
pub fn has_credentials(req: &Request) -> bool {
    req.headers().contains_key(header::AUTHORIZATION)
        || crate::http::cookies(req.headers()).any(|(name, _)| name == "chloro_admin")
}

/// `Some(400)` for an HTTP/1.1 request without `Host` or with more than one
/// (RFC 9112 §3.2). HTTP/1.0 may omit it; HTTP/2 names the authority in
/// `:authority` instead.
pub fn check_host(req: &Request) -> Option<Response> {
    if req.version() != http::Version::HTTP_11 {
        return None;
    }
    let mut hosts = req.headers().get_all(header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (Some(_), None) => None,
        (None, _) => Some(bad_host(req, "Missing Host header")),
        (Some(_), Some(_)) => Some(bad_host(req, "More than one Host header")),
    }
}

fn bad_host(req: &Request, message: &'static str) -> Response {
    let mut res = edge_error(req.uri().path(), StatusCode::BAD_REQUEST, message);
    res.headers_mut()
        .insert(header::CONNECTION, http::HeaderValue::from_static("close"));
    res
}
