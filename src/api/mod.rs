//! The public JSON API (`/api/...`; see `shared/design/api.md`). One file
//! per resource; one error type ([`AppError`]) for every failure.
//!
//! [`router`] returns paths relative to `/api`; the edge nests it. The edge
//! puts the client's address into each request as [`crate::http::ClientIp`];
//! without it, per-IP limits are not applied and no address is stored.
//!
//! The API never holds data itself: every record lives in [`crate::db`], and
//! a write is answered only after the database has durably committed it.

mod admin;
mod catalogue;
pub use catalogue::{media_of, rendered as rendered_image};
mod contact;
pub use contact::{ContactBody, store as store_contact, user_agent};
mod datasheet;
pub use datasheet::{DatasheetBody, issue as issue_datasheet};
mod error;
mod json;
mod limiter;
mod openapi;
mod pagevisit;
mod pdf;
pub mod response_cache;
mod useragent;
mod validate;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn_with_state, map_response};

use crate::config::{ApiConfig, Config};
use crate::db::Db;

pub use error::AppError;
pub use json::ApiJson;

/// What the handlers share.
#[derive(Clone)]
pub struct ApiState {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    config: ApiConfig,
    max_json_body: usize,
    contact_limit: limiter::HourlyLimit,
    datasheets: pdf::Datasheets,
    sessions: crate::auth::Sessions,
    login_throttle: admin::LoginThrottle,
    response_cache: Arc<response_cache::ResponseCache>,
    /// Page views and submissions are counted here.
    metrics: crate::metrics::Metrics,
    /// Where the backup download makes its scratch copies.
    data_dir: std::path::PathBuf,
    /// Uploaded media (files, uploads, the worker's queue).
    media: Arc<crate::media::MediaStore>,
}

impl ApiState {
    /// Sessions live in a private in-memory store (handler tests); the
    /// appliance uses [`ApiState::with_store`].
    #[cfg(test)]
    pub fn new(db: Db, config: &Config) -> Self {
        #[allow(clippy::expect_used)]
        let dir = tempfile::tempdir().expect("media tempdir").keep();
        #[allow(clippy::expect_used)]
        let media = crate::media::MediaStore::open(&dir, db.clone(), 1 << 20, 1 << 24)
            .expect("media store");
        Self::with_store(
            db,
            config,
            crate::cache::Store::in_memory(16 << 20),
            crate::auth::SessionKey::ephemeral(),
            crate::metrics::Metrics::default(),
            Arc::new(media),
        )
    }

    /// Admin sessions in `store` (the appliance's cache store, so they are
    /// snapshotted and survive a restart), signed with `session_key`;
    /// events counted in `metrics`.
    pub fn with_store(
        db: Db,
        config: &Config,
        store: Arc<crate::cache::Store>,
        session_key: Arc<crate::auth::SessionKey>,
        metrics: crate::metrics::Metrics,
        media: Arc<crate::media::MediaStore>,
    ) -> Self {
        let state = Self {
            inner: Arc::new(Inner {
                db,
                contact_limit: limiter::HourlyLimit::new(
                    config.api.contact_limit_per_hour,
                    store.clone(),
                ),
                datasheets: pdf::Datasheets::new(config.api.datasheets_dir.clone()),
                sessions: crate::auth::Sessions::new(
                    store.clone(),
                    config.admin.session_ttl,
                    session_key,
                ),
                login_throttle: admin::LoginThrottle::default(),
                response_cache: Arc::new(
                    response_cache::ResponseCache::new(
                        store.clone(),
                        config.api.cache_ttl,
                        config.api.cache_not_found_ttl,
                    )
                    .counted_in(metrics.clone()),
                ),
                metrics,
                media,
                data_dir: config.data_dir.clone(),
                config: config.api.clone(),
                max_json_body: usize::try_from(config.http.max_json_body).unwrap_or(usize::MAX),
            }),
        };
        // A snapshot taken before a catalogue edit and restored after a
        // crash would hold responses the edit made wrong: start empty.
        state.inner.response_cache.invalidate();
        state
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// The catalogue's response cache (its counters, for tests and the
    /// benchmark).
    pub fn response_cache(&self) -> &Arc<response_cache::ResponseCache> {
        &self.inner.response_cache
    }
}

/// The API's routes, relative to `/api`. Unknown paths under it get a JSON
/// 404, wrong methods a JSON 405. `GET /openapi.json` describes them all.
pub fn router(state: ApiState) -> Router {
    let max_json_body = state.inner.max_json_body;
    let catalogue = catalogue_routes().into_router().layer(from_fn_with_state(
        state.inner.response_cache.clone(),
        response_cache::layer,
    ));
    routes()
        .into_router()
        .merge(catalogue)
        .nest("/admin", admin::router(state.clone()))
        // `nest` leaves `/admin/` unmatched; it must not fall to a 404.
        .route("/admin/", axum::routing::any(admin::unknown))
        .fallback(fallback)
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(max_json_body))
        .layer(map_response(
            |mut res: axum::response::Response| async move {
                response_cache::mark_bypass(&mut res);
                res
            },
        ))
        .with_state(state)
}

/// Unknown API paths: JSON 404, except under `/admin` (even `/admin/`,
/// which the nested admin router does not see), where it takes a session.
async fn fallback(
    state: axum::extract::State<ApiState>,
    req: axum::extract::Request,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if req.uri().path().starts_with("/admin") {
        admin::unknown(state, req).await
    } else {
        AppError::NotFound("No API endpoint at this path.".into()).into_response()
    }
}

/// Every route but the catalogue's, each at the path and method its
/// `#[utoipa::path]` documents.
fn routes() -> openapi::Routes {
    openapi::Routes::new()
        .add::<contact::__path_submit, _, _>(contact::submit)
        .add::<datasheet::__path_request, _, _>(datasheet::request)
        .add::<datasheet::__path_download, _, _>(datasheet::download)
        .add::<pagevisit::__path_record, _, _>(pagevisit::record)
        .add::<openapi::__path_openapi_json, _, _>(openapi::openapi_json)
}

/// The public catalogue: the routes behind the response cache.
fn catalogue_routes() -> openapi::Routes {
    use catalogue as cat;
    openapi::Routes::new()
        .add::<cat::__path_services, _, _>(cat::services)
        .add::<cat::__path_categories, _, _>(cat::categories)
        .add::<cat::__path_services_in_category, _, _>(cat::services_in_category)
        .add::<cat::__path_service, _, _>(cat::service)
        .add::<cat::__path_products, _, _>(cat::products)
        .add::<cat::__path_product, _, _>(cat::product)
}

/// For `/health/ready`: the database answers reads at the current schema and
/// its writer is running (read-only counts: reads work).
#[cfg(test)]
pub async fn readiness(state: &ApiState) -> Result<(), crate::db::DbError> {
    state.inner.db.check_ready().await.map(|_| ())
}
