//! The public JSON API (`/api/...`; see `shared/design/api.md`). One file
//! per resource; one error type ([`AppError`]) for every failure.
//!
//! [`router`] returns paths relative to `/api`; the edge nests it. The edge
//! puts the client's address into each request as [`crate::edge::ClientIp`];
//! without it, per-IP limits are not applied and no address is stored.
//!
//! The API never holds data itself: every record lives in [`crate::db`], and
//! a write is answered only after the database has durably committed it.

mod admin;
mod catalogue;
mod contact;
mod datasheet;
mod error;
mod json;
mod limiter;
mod openapi;
mod pagevisit;
mod pdf;
pub mod sitemap;
mod useragent;
mod validate;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;

use crate::config::{ApiConfig, Config};
use crate::db::{Db, DbError};

pub use error::AppError;
pub use json::ApiJson;
pub use pdf::sample_pdf;

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
}

impl ApiState {
    /// Sessions live in a private in-memory store (handler tests); the
    /// appliance uses [`ApiState::with_store`].
    pub fn new(db: Db, config: &Config) -> Self {
        Self::with_store(db, config, crate::cache::Store::in_memory(16 << 20))
    }

    /// Admin sessions in `store` (the appliance's cache store, so they are
    /// snapshotted and survive a restart).
    pub fn with_store(db: Db, config: &Config, store: Arc<crate::cache::Store>) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                contact_limit: limiter::HourlyLimit::new(config.api.contact_limit_per_hour),
                datasheets: pdf::Datasheets::new(config.api.datasheets_dir.clone()),
                sessions: crate::auth::Sessions::new(store, config.admin.session_ttl),
                login_throttle: admin::LoginThrottle::default(),
                config: config.api.clone(),
                max_json_body: usize::try_from(config.http.max_json_body).unwrap_or(usize::MAX),
            }),
        }
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }
}

/// The API's routes, relative to `/api`. Unknown paths under it get a JSON
/// 404, wrong methods a JSON 405. `GET /openapi.json` describes them all.
pub fn router(state: ApiState) -> Router {
    let max_json_body = state.inner.max_json_body;
    routes()
        .into_router()
        .nest("/admin", admin::router(state.clone()))
        // `nest` leaves `/admin/` unmatched; it must not fall to a 404.
        .route("/admin/", axum::routing::any(admin::unknown))
        .fallback(fallback)
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(max_json_body))
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

/// Every route, each at the path and method its `#[utoipa::path]` documents.
fn routes() -> openapi::Routes {
    use catalogue as cat;
    openapi::Routes::new()
        .add::<contact::__path_submit, _, _>(contact::submit)
        .add::<datasheet::__path_request, _, _>(datasheet::request)
        .add::<datasheet::__path_download, _, _>(datasheet::download)
        .add::<cat::__path_services, _, _>(cat::services)
        .add::<cat::__path_categories, _, _>(cat::categories)
        .add::<cat::__path_services_in_category, _, _>(cat::services_in_category)
        .add::<cat::__path_service, _, _>(cat::service)
        .add::<cat::__path_products, _, _>(cat::products)
        .add::<cat::__path_product, _, _>(cat::product)
        .add::<pagevisit::__path_record, _, _>(pagevisit::record)
        .add::<openapi::__path_openapi_json, _, _>(openapi::openapi_json)
}

/// For `/health/ready`: the database answers reads at the current schema and
/// its writer is running.
pub async fn readiness(state: &ApiState) -> Result<(), DbError> {
    state.inner.db.check_ready().await
}
