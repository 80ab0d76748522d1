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
    if is_api_path(path) {
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

pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Unknown paths under `/api`: a JSON 404, never the site's HTML.
pub async fn api_not_found() -> Response {
    json_error(StatusCode::NOT_FOUND, "No such API endpoint")
}
