//! The admin API (`/api/admin/...`, see `shared/design/api.md`).
//!
//! Every route except `POST /login` sits behind [`require_session`], a
//! layer on the whole protected router (wrong methods included), and the
//! fallback for unknown admin paths authenticates too: without a session
//! the only answer under `/api/admin` is 401 (or the login route). Handlers
//! take the [`Authed`] extension the layer inserts, so a handler routed
//! outside the layer fails closed (500), never open. Every response carries
//! `Cache-Control: no-store`.

mod csv;
mod login;
pub(super) mod outbox;
mod stats;
mod submissions;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{Next, from_fn_with_state, map_response};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use http::{HeaderMap, HeaderValue, Method, Uri, header};

use super::{ApiState, AppError};
use crate::auth::Session;

pub use login::LoginThrottle;

/// The name of the session cookie (path `/api/admin`).
pub const COOKIE: &str = "chloro_admin";

const UNAUTHORIZED: &str = "Sign in to use the admin API.";

/// What [`require_session`] puts into a request.
#[derive(Debug, Clone)]
pub struct Authed {
    pub session: Session,
    pub token: String,
}

pub fn router(state: ApiState) -> Router<ApiState> {
    let protected = Router::new()
        .route("/logout", post(login::logout))
        .route("/dashboard/stats", get(stats::stats))
        .route("/submissions", get(submissions::list))
        .route("/submissions.csv", get(csv::submissions))
        .route(
            "/submissions/{id}",
            get(submissions::detail).delete(submissions::delete),
        )
        .route("/submissions/{id}/read", patch(submissions::set_read))
        .route("/submissions/{id}/mark-read", put(submissions::mark_read))
        .route("/datasheet-requests", get(submissions::datasheet_requests))
        .route("/datasheet-requests.csv", get(csv::datasheet_requests))
        .merge(documented_routes().into_router())
        .layer(from_fn_with_state(state.clone(), require_session));
    Router::new()
        .route("/login", post(login::login))
        .merge(protected)
        .fallback(unknown)
        .method_not_allowed_fallback(wrong_method)
        .layer(map_response(no_store))
}

/// Admin routes routed from their `#[utoipa::path]` (listed in the OpenAPI
/// document).
pub(super) fn documented_routes() -> crate::api::openapi::Routes {
    crate::api::openapi::Routes::under("/api/admin")
        .add::<outbox::__path_list, _, _>(outbox::list)
        .add::<outbox::__path_retry, _, _>(outbox::retry)
        .add::<outbox::__path_delete, _, _>(outbox::delete)
}

async fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Unknown admin paths: 401 without a session, 404 with one.
pub async fn unknown(State(state): State<ApiState>, req: Request) -> Response {
    let error = match authenticate(&state, req.headers(), req.method(), req.uri()).await {
        Ok(_) => AppError::NotFound("No admin endpoint at this path.".into()),
        Err(e) => e,
    };
    no_store(error.into_response()).await
}

/// A known admin path with the wrong method: 405 only with a session (the
/// login route excepted), so even the route map stays private.
async fn wrong_method(State(state): State<ApiState>, req: Request) -> AppError {
    if req.uri().path() == "/login" {
        return AppError::MethodNotAllowed;
    }
    match authenticate(&state, req.headers(), req.method(), req.uri()).await {
        Ok(_) => AppError::MethodNotAllowed,
        Err(e) => e,
    }
}

async fn require_session(State(state): State<ApiState>, mut req: Request, next: Next) -> Response {
    match authenticate(&state, req.headers(), req.method(), req.uri()).await {
        Ok(authed) => {
            req.extensions_mut().insert(authed);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

/// The token of a request: the bearer token, else the cookie (`true`).
fn token_of(headers: &HeaderMap) -> Option<(String, bool)> {
    if let Some(auth) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let (scheme, rest) = auth.trim().split_once(' ')?;
        return scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| (rest.trim().to_owned(), false));
    }
    for value in headers.get_all(header::COOKIE) {
        let Ok(value) = value.to_str() else { continue };
        for pair in value.split(';') {
            if let Some((name, v)) = pair.trim().split_once('=') {
                if name == COOKIE {
                    return Some((v.trim().to_owned(), true));
                }
            }
        }
    }
    None
}

async fn authenticate(
    state: &ApiState,
    headers: &HeaderMap,
    method: &Method,
    uri: &Uri,
) -> Result<Authed, AppError> {
    let unauthorized = || AppError::Unauthorized(UNAUTHORIZED.into());
    let (token, by_cookie) = token_of(headers).ok_or_else(unauthorized)?;
    let session = state
        .inner
        .sessions
        .check(&state.inner.db, &token)
        .await?
        .ok_or_else(unauthorized)?;
    let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if by_cookie && !safe && !same_origin(headers, uri) {
        return Err(AppError::Forbidden(
            "Cross-origin request refused: send it from the admin site, or use the bearer token."
                .into(),
        ));
    }
    Ok(Authed { session, token })
}

/// `host[:port]` of an absolute URL, lower-cased.
fn authority_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    (!authority.is_empty() && !authority.contains('@')).then(|| authority.to_ascii_lowercase())
}

/// A cookie-authenticated unsafe request must come from this site when the
/// browser says where it comes from (`Origin`, else `Referer`). Neither
/// header: not a browser cross-site request (SameSite=Strict keeps the
/// cookie off those anyway), so allowed.
fn same_origin(headers: &HeaderMap, uri: &Uri) -> bool {
    let claimed = match (headers.get(header::ORIGIN), headers.get(header::REFERER)) {
        (Some(origin), _) => origin.to_str().ok().and_then(authority_of),
        (None, Some(referer)) => referer.to_str().ok().and_then(authority_of),
        (None, None) => return true,
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| uri.authority().map(|a| a.as_str().to_owned()))
        .map(|h| h.to_ascii_lowercase());
    matches!((claimed, host), (Some(c), Some(h)) if c == h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_authority_of_urls() {
        assert_eq!(
            authority_of("https://Example.com:8443/x?y").as_deref(),
            Some("example.com:8443")
        );
        assert_eq!(authority_of("null"), None);
        assert_eq!(authority_of("https://evil@example.com/"), None);
        assert_eq!(
            authority_of("http://example.com").as_deref(),
            Some("example.com")
        );
    }
}
