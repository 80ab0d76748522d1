//! `POST /api/admin/login` and `POST /api/admin/logout`, and the login
//! throttle.
//!
//! Failures are counted per user name (5) and per client IP (20, IPv6 by
//! /64) in a 15-minute window. A browser that presents a valid device
//! cookie for the user name it signs in as (`crate::auth::device`, set by
//! every successful sign-in) is counted per device instead (5), so a
//! stranger who locks the user name out does not lock out the admin's own
//! browser; a device over its count is treated like any other client.

use crate::api::openapi::ErrorResponse;
use std::net::IpAddr;
use std::time::Duration;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use http::{HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};

use super::{Authed, COOKIE};
use crate::api::{ApiJson, ApiState, AppError};
use crate::db::{RfcTime, Timestamp};
use crate::http::limit::{FailureWindow, KeyedLimit};
use crate::http::{ClientIp, Scheme, client_key};

/// Failed logins allowed per user name, and per client IP, in one window.
const MAX_FAILURES_PER_USER: u32 = 5;
const MAX_FAILURES_PER_IP: u32 = 20;
const MAX_FAILURES_PER_DEVICE: u32 = 5;
const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys kept at most; beyond this, expired ones are dropped first and then
/// the map is cleared (an attacker flooding names gains one fresh window).
const MAX_KEYS: usize = 100_000;

const INVALID: &str = "Invalid username or password.";

/// What a failed sign-in is counted under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum LoginKey {
    /// The normalised user name.
    User(String),
    /// The client address (IPv6 by /64).
    Ip(IpAddr),
    /// A device cookie's nonce.
    Device(String),
}

impl LoginKey {
    fn allowance(&self) -> u32 {
        match self {
            LoginKey::User(_) => MAX_FAILURES_PER_USER,
            LoginKey::Ip(_) => MAX_FAILURES_PER_IP,
            LoginKey::Device(_) => MAX_FAILURES_PER_DEVICE,
        }
    }
}

/// Failed-login counters per user name, client address and device, in
/// memory (the shared [`FailureWindow`]: a check counts nothing, only
/// failures are recorded).
pub struct LoginThrottle(FailureWindow<LoginKey>);

impl Default for LoginThrottle {
    fn default() -> Self {
        Self(FailureWindow::new(WINDOW, MAX_KEYS, LoginKey::allowance))
    }
}

/// Missing fields are empty, which no account matches (401).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginBody {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginReply {
    /// The session's bearer token: 64 hex digits.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    token: String,
    username: String,
    email: String,
    full_name: String,
    #[schema(value_type = String, format = DateTime)]
    expires_at: RfcTime,
}

#[utoipa::path(post, path = "/api/admin/login", tag = "admin",
    request_body = LoginBody,
    responses((status = 200, description = "Signed in; also sets the session cookie `chloro_admin` and the device cookie `chloro_device` (signed, bound to the user name, path `/api/admin/login`, one year)", body = LoginReply),
        (status = 400, description = "Malformed JSON, or a field that is not a string", body = ErrorResponse),
        (status = 401, description = "Wrong user name or password", body = ErrorResponse),
        (status = 403, description = "Sent from another site (`Sec-Fetch-Site` cross-site or same-site, or `Origin`/`Referer` not this site)", body = ErrorResponse),
        (status = 415, description = "Not `application/json` (UTF-8)", body = ErrorResponse),
        (status = 429, description = "Too many failed sign-ins for this user name or client, or (with a valid `chloro_device` cookie for the user name) for this device (`Retry-After`)", body = ErrorResponse)))]
pub async fn login(
    State(state): State<ApiState>,
    client: Option<Extension<ClientIp>>,
    scheme: Option<Extension<Scheme>>,
    headers: http::HeaderMap,
    uri: http::Uri,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, AppError> {
    // Login CSRF: another site must not sign a browser into our admin.
    if !super::same_origin(&headers, &uri) {
        return Err(AppError::Forbidden("Cross-origin sign-in refused.".into()));
    }
    let username = crate::db::admin_key(&body.username);
    if username.is_empty() || body.password.is_empty() || username.len() > 64 {
        return Err(AppError::Unauthorized(INVALID.into()));
    }
    let throttle = &state.inner.login_throttle.0;
    let sessions = &state.inner.sessions;
    let user_key = LoginKey::User(username.clone());
    // A browser that signed in as this user before, and has not failed too
    // often since, is judged on its own record (see the module docs).
    let trusted_device = crate::auth::device::from_headers(sessions.key(), &headers)
        .filter(|d| d.user == username)
        .map(|d| LoginKey::Device(d.nonce))
        .filter(|key| throttle.check(key).is_ok());
    let keys = match &trusted_device {
        Some(device_key) => vec![device_key.clone()],
        None => {
            let mut keys = vec![user_key.clone()];
            if let Some(Extension(ClientIp(ip))) = client {
                keys.push(LoginKey::Ip(client_key(ip)));
            }
            keys
        }
    };
    if let Err(left) = throttle.check_all(&keys) {
        return Err(AppError::TooManyRequests {
            message: "Too many failed sign-ins. Try again later.".into(),
            retry_after: left.0,
        });
    }
    let user = state.inner.db.admin(&username).await?;
    let (ok, user) = tokio::task::spawn_blocking(move || {
        let password = body.password;
        (crate::auth::verify(user.as_ref(), &password), user)
    })
    .await
    .map_err(|e| AppError::Internal(format!("password check failed: {e}")))?;
    let (Some(user), true) = (&user, ok) else {
        throttle.record(&keys);
        // The attempted name only when it is an account: a password typed
        // into the user name field must not reach the log.
        match &user {
            Some(u) => tracing::info!(user = %u.username, "admin sign-in failed"),
            None => tracing::info!("admin sign-in failed: unknown user name"),
        }
        return Err(AppError::Unauthorized(INVALID.into()));
    };
    let user = user.clone();
    match &trusted_device {
        // The user name's failures are a stranger's: they stay counted.
        Some(device_key) => throttle.clear(device_key),
        None => throttle.clear(&user_key),
    }
    let token = sessions
        .create(&user)
        .map_err(|e| AppError::Internal(format!("cannot store the session: {e}")))?;
    tracing::info!(user = %user.username, "admin signed in");
    let secure = scheme.is_some_and(|Extension(s)| s == Scheme::Https);
    let cookie = format!(
        "{COOKIE}={token}; Path=/api/admin; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    );
    let reply = LoginReply {
        token,
        username: user.username,
        email: user.email,
        full_name: user.full_name,
        expires_at: RfcTime(Timestamp::now().saturating_add(sessions.ttl())),
    };
    let device = crate::auth::device::set_cookie(
        &crate::auth::device::issue(sessions.key(), &username),
        secure,
    );
    let mut res = (StatusCode::OK, Json(reply)).into_response();
    for value in [cookie, device] {
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_str(&value).map_err(|e| AppError::Internal(e.to_string()))?,
        );
    }
    Ok(res)
}

#[utoipa::path(post, path = "/api/admin/logout", tag = "admin",
    responses((status = 204, description = "The session is ended and the cookie cleared"), (status = 401, body = ErrorResponse)))]
pub async fn logout(
    State(state): State<ApiState>,
    Extension(authed): Extension<Authed>,
    scheme: Option<Extension<Scheme>>,
) -> Response {
    state.inner.sessions.revoke(&authed.token);
    tracing::info!(user = %authed.session.user.username, "admin signed out");
    let secure = scheme.is_some_and(|Extension(s)| s == Scheme::Https);
    let cookie = format!(
        "{COOKIE}=; Path=/api/admin; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    );
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response()
}
