//! The one error type of the API. Every failure becomes JSON
//! `{"message": "...", "errors": {"field": "reason"}}` (`errors` only for
//! validation failures) with the status that says what went wrong.
//!
//! Client errors (4xx) are the visitor's and are logged at debug level at
//! most. Server errors (5xx) get a generic message; the real cause goes to the
//! log at error level, never to the client.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;

use crate::db::DbError;

#[derive(Debug)]
pub enum AppError {
    /// 400 with one reason per field.
    Validation(BTreeMap<String, String>),
    /// 400 with a message.
    BadRequest(String),
    /// 401: no valid admin session, or a failed login.
    Unauthorized(String),
    /// 403: authenticated but refused (a cross-origin cookie request).
    Forbidden(String),
    NotFound(String),
    MethodNotAllowed,
    /// 409: the write conflicts with what is stored (a taken slug, a
    /// service that still has products).
    Conflict(String),
    Gone(String),
    PayloadTooLarge(String),
    UnsupportedMediaType(String),
    /// 422: well-formed but unusable content (an undecodable upload).
    Unprocessable(String),
    TooManyRequests {
        message: String,
        retry_after: Duration,
    },
    /// 503: the database cannot take writes (disk full, I/O error, shutting
    /// down). Reads may still work.
    Unavailable(DbError),
    /// 500: a bug or corrupt data; the detail is only logged.
    Internal(String),
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a BTreeMap<String, String>>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Validation(_) | AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A validation failure of a single field.
    pub fn field(name: &str, reason: impl Into<String>) -> Self {
        AppError::Validation(BTreeMap::from([(name.to_owned(), reason.into())]))
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Corrupt(_) | DbError::Rejected(_) => AppError::Internal(e.to_string()),
            _ => AppError::Unavailable(e),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message: &str = match &self {
            AppError::Validation(_) => "One or more fields are invalid.",
            AppError::BadRequest(m)
            | AppError::NotFound(m)
            | AppError::Unauthorized(m)
            | AppError::Forbidden(m)
            | AppError::Conflict(m)
            | AppError::Gone(m)
            | AppError::PayloadTooLarge(m)
            | AppError::UnsupportedMediaType(m)
            | AppError::Unprocessable(m) => m,
            AppError::MethodNotAllowed => "This method is not allowed on this path.",
            AppError::TooManyRequests { message, .. } => message,
            // A full disk is logged once by the database when it turns
            // read-only; each write it refuses meanwhile would flood the log.
            AppError::Unavailable(e @ DbError::DiskFull(_)) => {
                tracing::debug!(error = %e, "write refused: the database is read-only (disk full)");
                "The service cannot save data right now. Nothing was stored; please try again later."
            }
            AppError::Unavailable(e) => {
                tracing::error!(error = %e, "request failed: database unavailable");
                "The service cannot save data right now. Nothing was stored; please try again later."
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "request failed: internal error");
                "An internal error occurred."
            }
        };
        if status.is_client_error() {
            tracing::debug!(status = status.as_u16(), message, "client error");
        }
        let errors = match &self {
            AppError::Validation(errors) => Some(errors),
            _ => None,
        };
        let mut response = (status, Json(ErrorBody { message, errors })).into_response();
        let retry_after = match &self {
            AppError::TooManyRequests { retry_after, .. } => Some(retry_after.as_secs().max(1)),
            AppError::Unavailable(_) => Some(5),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if matches!(self, AppError::Unauthorized(_)) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"admin\""),
            );
        }
        response
    }
}
