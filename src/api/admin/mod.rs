//! The admin API (`/api/admin/...`, see `shared/design/api.md`).
//!
//! Every route except `POST /login` sits behind [`require_session`], a
//! layer on the whole protected router (wrong methods included), and the
//! fallback for unknown admin paths authenticates too: without a session
//! the only answer under `/api/admin` is 401 (or the login route). Handlers
//! take the [`Authed`] extension the layer inserts, so a handler routed
//! outside the layer fails closed (500), never open. Every response carries
//! `Cache-Control: no-store`.

pub(crate) mod backup;
pub(super) mod catalogue;
pub(super) mod csv;
pub(super) mod login;
pub(super) mod media;
pub(super) mod outbox;
pub(super) mod stats;
pub(super) mod submissions;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{Next, from_fn_with_state, map_response};
use axum::response::{IntoResponse, Response};
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

/// The admin routes documented in the OpenAPI document, relative to
/// `/api/admin`; all of them sit behind [`require_session`].
pub(super) fn documented_routes() -> super::openapi::Routes {
    use catalogue as cat;
    super::openapi::Routes::under("/api/admin")
        .add::<login::__path_logout, _, _>(login::logout)
        .add::<stats::__path_stats, _, _>(stats::stats)
        .add::<submissions::__path_list, _, _>(submissions::list)
        .add::<csv::__path_submissions, _, _>(csv::submissions)
        .add::<submissions::__path_detail, _, _>(submissions::detail)
        .add::<submissions::__path_delete, _, _>(submissions::delete)
        .add::<submissions::__path_set_read, _, _>(submissions::set_read)
        .add::<submissions::__path_mark_read, _, _>(submissions::mark_read)
        .add::<submissions::__path_datasheet_requests, _, _>(submissions::datasheet_requests)
        .add::<csv::__path_datasheet_requests, _, _>(csv::datasheet_requests)
        .add::<cat::__path_list_services, _, _>(cat::list_services)
        .add::<cat::__path_create_service, _, _>(cat::create_service)
        .add::<cat::__path_update_service, _, _>(cat::update_service)
        .add::<cat::__path_delete_service, _, _>(cat::delete_service)
        .add::<cat::__path_list_products, _, _>(cat::list_products)
        .add::<cat::__path_create_product, _, _>(cat::create_product)
        .add::<cat::__path_update_product, _, _>(cat::update_product)
        .add::<cat::__path_delete_product, _, _>(cat::delete_product)
        .add::<backup::__path_backup, _, _>(backup::backup)
        .add::<media::__path_upload, _, _>(media::upload)
        .add::<media::__path_list, _, _>(media::list)
        .add::<media::__path_detail, _, _>(media::detail)
        .add::<media::__path_file, _, _>(media::file)
        .add::<media::__path_delete, _, _>(media::delete)
        .add::<outbox::__path_list, _, _>(outbox::list)
        .add::<outbox::__path_retry, _, _>(outbox::retry)
        .add::<outbox::__path_delete, _, _>(outbox::delete)
}

/// The login route, the only one without a session.
pub(super) fn open_routes() -> super::openapi::Routes {
    super::openapi::Routes::under("/api/admin").add::<login::__path_login, _, _>(login::login)
}

pub fn router(state: ApiState) -> Router<ApiState> {
    let protected = documented_routes()
        .into_router()
        .layer(from_fn_with_state(state.clone(), require_session));
    open_routes()
        .into_router()
        .merge(protected)
        .fallback(unknown)
        .method_not_allowed_fallback(wrong_method)
        .layer(map_response(no_store))
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
    crate::http::cookies(headers)
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, v)| (v.to_owned(), true))
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
/// browser says where it comes from: `Sec-Fetch-Site` (the fetch metadata
/// browsers send on every request; `cross-site` and `same-site` are
/// refused, since a sibling subdomain is not this site), then `Origin`, else
/// `Referer`. None of them: not a browser cross-site request
/// (SameSite=Strict keeps the cookie off those anyway), so allowed.
fn same_origin(headers: &HeaderMap, uri: &Uri) -> bool {
    if let Some(site) = headers.get("sec-fetch-site")
        && !matches!(
            site.as_bytes().to_ascii_lowercase().as_slice(),
            b"same-origin" | b"none"
        )
    {
        return false;
    }
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
