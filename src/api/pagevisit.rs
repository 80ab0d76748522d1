//! `POST /pagevisit`: the analytics beacon.
//!
//! Answers 204 at once; the visit is buffered and committed within a second
//! (a crash may lose that last second of visits — the documented window).
//! No IP address is stored: the visitor is identified for the day only, by
//! a hash of address and User-Agent under a salt that is replaced daily.
//! Crawlers are answered but not counted.

use axum::Extension;
use axum::extract::State;
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::contact::user_agent;
use super::json::BeaconJson;
use super::openapi::{ErrorResponse, referrer, text};
use super::validate::Fields;
use super::{ApiState, AppError, useragent};
use crate::db::{Timestamp, Visit};
use crate::http::ClientIp;

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VisitBody {
    #[schema(schema_with = text::<2048>)]
    page_url: Option<String>,
    /// Old spelling of `pageUrl`, taken when `pageUrl` is empty.
    #[schema(value_type = Option<String>)]
    page: Option<String>,
    #[schema(schema_with = text::<300>)]
    page_title: Option<String>,
    #[schema(schema_with = referrer)]
    referrer: Option<String>,
    /// Seconds, as a number or a numeric string; any other value is
    /// ignored.
    #[schema(value_type = Value, required = false)]
    session_duration: Option<serde_json::Value>,
    /// Used only when the request has no `User-Agent` header (first 512
    /// characters).
    user_agent: Option<String>,
}

/// Counts a page view (buffered; committed within a second).
#[utoipa::path(
    post,
    path = "/api/pagevisit",
    tag = "analytics",
    request_body(content = VisitBody, description = "`application/json`, or `text/plain` as `navigator.sendBeacon` sends it"),
    responses(
        (status = 204, description = "Accepted"),
        (status = 400, description = "No page, a field too long, or malformed JSON", body = ErrorResponse),
        (status = 415, description = "Neither JSON nor text/plain", body = ErrorResponse),
    )
)]
pub async fn record(
    State(state): State<ApiState>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    BeaconJson(body): BeaconJson<VisitBody>,
) -> Result<StatusCode, AppError> {
    let mut f = Fields::default();
    let page = body.page_url.filter(|p| !p.trim().is_empty()).or(body.page);
    let page_url = f.text("pageUrl", page, 2048, true);
    let page_title = f.text("pageTitle", body.page_title, 300, false);
    let referrer = f.text(
        "referrer",
        body.referrer.map(|r| strip_query(&r)),
        2048,
        false,
    );
    f.finish()?;

    let mut ua = user_agent(&headers);
    if ua.is_empty() {
        ua = body
            .user_agent
            .unwrap_or_default()
            .chars()
            .take(512)
            .collect();
    }
    let Some((device, browser)) = useragent::classify(&ua) else {
        return Ok(StatusCode::NO_CONTENT);
    };
    let at = Timestamp::now();
    let salt = state.inner.db.visitor_salt(at.day()).await?;
    let ip = client
        .map(|Extension(ClientIp(ip))| ip.to_string())
        .unwrap_or_default();
    let digest = Sha256::new()
        .chain_update(salt)
        .chain_update(ip.as_bytes())
        .chain_update([0])
        .chain_update(ua.as_bytes())
        .finalize();
    let mut visitor = [0u8; 16];
    visitor.copy_from_slice(&digest[..16]);
    state.inner.metrics.page_view(&page_url);
    state.inner.db.record_visit(Visit {
        at,
        page_url,
        page_title,
        referrer,
        session_duration_secs: body.session_duration.as_ref().and_then(seconds),
        device: device.into(),
        browser: browser.into(),
        visitor,
    });
    Ok(StatusCode::NO_CONTENT)
}

/// Referrers keep scheme, host and path: query strings often carry personal
/// data (search terms, e-mail tokens) the analytics do not need.
fn strip_query(referrer: &str) -> String {
    let end = referrer.find(['?', '#']).unwrap_or(referrer.len());
    referrer[..end].to_owned()
}

/// A duration in seconds, from a number or a numeric string.
fn seconds(v: &serde_json::Value) -> Option<u32> {
    let n = match v {
        serde_json::Value::Number(n) => n.as_f64()?,
        serde_json::Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (n.is_finite() && n >= 0.0).then(|| n.min(f64::from(u32::MAX)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_beacon_helpers() {
        assert_eq!(
            strip_query("https://google.com/search?q=me#x"),
            "https://google.com/search"
        );
        assert_eq!(seconds(&serde_json::json!(12.7)), Some(12));
        assert_eq!(seconds(&serde_json::json!("30")), Some(30));
        assert_eq!(seconds(&serde_json::json!(-1)), None);
        assert_eq!(seconds(&serde_json::json!(null)), None);
    }
}
