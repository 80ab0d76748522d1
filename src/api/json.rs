//! The JSON body extractor of the API. Unlike axum's `Json`, every way a
//! body can be wrong becomes an [`AppError`] in the API's error shape:
//! wrong content type (or a charset other than UTF-8) 415, too large 413,
//! malformed JSON 400, a field of the wrong type 400 naming the field.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::AppError;

/// A JSON body that requires `Content-Type: application/json` (or `+json`).
pub struct ApiJson<T>(pub T);

/// A JSON body that may also come as `text/plain`, which is what
/// `navigator.sendBeacon` sends for a string. Used by the analytics beacon.
pub struct BeaconJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        if !content_type_is(&req, false) {
            return Err(unsupported());
        }
        let bytes = body(req, state).await?;
        parse(&bytes).map(ApiJson)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for BeaconJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        if !content_type_is(&req, true) {
            return Err(unsupported());
        }
        let bytes = body(req, state).await?;
        parse(&bytes).map(BeaconJson)
    }
}

fn content_type_is(req: &Request, or_text: bool) -> bool {
    let Some(ct) = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut params = ct.split(';');
    let essence = params.next().unwrap_or("").trim().to_ascii_lowercase();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
        || (or_text && essence == "text/plain");
    // The body is read as UTF-8 (RFC 8259 §8.1): another declared charset
    // would be misread, so it is refused rather than guessed at.
    json && params.all(|p| match p.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
            let value = value.trim().trim_matches('"');
            value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8")
        }
        _ => true,
    })
}

fn unsupported() -> AppError {
    AppError::UnsupportedMediaType(
        "Expected a request with Content-Type: application/json (UTF-8).".into(),
    )
}

async fn body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, AppError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge("The request body is too large.".into())
        } else {
            AppError::BadRequest("The request body could not be read.".into())
        }
    })
}

/// Parses `bytes` as one JSON value of type `T`.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        from_serde(&e.into_inner(), Some(path).filter(|p| p != "."))
    })?;
    de.end().map_err(|e| from_serde(&e, None))?;
    Ok(value)
}

fn from_serde(e: &serde_json::Error, field: Option<String>) -> AppError {
    match (e.classify(), field) {
        (serde_json::error::Category::Data, Some(field)) => {
            AppError::field(&field, without_position(e))
        }
        (serde_json::error::Category::Data, None) => {
            AppError::BadRequest(format!("Invalid request body: {}.", without_position(e)))
        }
        _ => AppError::BadRequest(format!("Malformed JSON: {e}.")),
    }
}

/// serde_json's message without " at line 1 column 17".
fn without_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        first_name: Option<String>,
    }

    #[test]
    fn api_json_errors_name_the_field() {
        let e = parse::<Body>(br#"{"firstName": 5}"#).expect_err("type error");
        match e {
            AppError::Validation(errors) => {
                assert!(errors["firstName"].contains("invalid type"), "{errors:?}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse::<Body>(b"{"), Err(AppError::BadRequest(_))));
        assert!(matches!(parse::<Body>(b""), Err(AppError::BadRequest(_))));
        assert!(matches!(parse::<Body>(b"[]"), Err(AppError::BadRequest(_))));
        assert!(matches!(
            parse::<Body>(br#"{} {}"#),
            Err(AppError::BadRequest(_))
        ));
        assert!(parse::<Body>(br#"{"firstName": null, "other": 1}"#).is_ok());
    }
}
