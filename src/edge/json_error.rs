//! The one error body shape of the HTTP contract, `{"message": "..."}`, for
//! the errors the edge itself produces (404 under /api, 413, 429, 503).

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::StatusCode;

pub fn json_error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "message": message }))).into_response()
}

/// An edge error: JSON under `/api` (the API's clients parse it), short text
/// elsewhere (browsers and curl read it).
pub fn edge_error(path: &str, status: StatusCode, message: &'static str) -> Response {
    edge_error_in(crate::http::is_api_path(path), status, message)
}

/// [`edge_error`] for a request already known to be (or not be) under `/api`.
pub fn edge_error_in(api: bool, status: StatusCode, message: &'static str) -> Response {
    if api {
        json_error(status, message)
    } else {
        (
            status,
            [(http::header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{message}\n"),
        )
            .into_response()
    }
}

/// Whether a response declares a JSON body.
pub fn is_json(res: &Response) -> bool {
    res.headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| {
            let essence = essence.trim();
            essence.eq_ignore_ascii_case("application/json")
                || (essence.len() > 5
                    && essence.is_char_boundary(essence.len() - 5)
                    && essence[essence.len() - 5..].eq_ignore_ascii_case("+json"))
        })
}

/// Largest text body of an error turned into a JSON message.
const MAX_MESSAGE: usize = 512;

/// An API error response that is not JSON (an axum extractor's plain-text
/// rejection, a timeout's empty 503) in the contract's `{"message"}` shape:
/// its short text body becomes the message, else the status's reason.
/// Headers other than the body's own are kept.
pub async fn as_json(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    // A compressed body is not readable text here.
    let encoded = parts.headers.contains_key(http::header::CONTENT_ENCODING);
    let text = axum::body::to_bytes(body, MAX_MESSAGE)
        .await
        .ok()
        .filter(|_| !encoded)
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let message = text.unwrap_or_else(|| {
        parts
            .status
            .canonical_reason()
            .unwrap_or("Error")
            .to_owned()
    });
    let json = json_error(parts.status, &message);
    for name in [
        http::header::CONTENT_TYPE,
        http::header::CONTENT_LENGTH,
        http::header::CONTENT_ENCODING,
        http::header::TRANSFER_ENCODING,
    ] {
        parts.headers.remove(name);
    }
    let (json_parts, json_body) = json.into_parts();
    parts.headers.extend(json_parts.headers);
    Response::from_parts(parts, json_body)
}

/// Unknown paths under `/api`: a JSON 404, never the site's HTML.
pub async fn api_not_found() -> Response {
    json_error(StatusCode::NOT_FOUND, "No such API endpoint")
}
