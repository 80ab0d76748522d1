//! Request limits that need no body reading: a declared body larger than the
//! largest accepted anywhere is refused at once with 413, before a byte of it
//! is read. Bodies without a declared length are bounded by the extractors
//! (`DefaultBodyLimit`), and heads by hyper (431).

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
