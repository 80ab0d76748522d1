//! The public JSON API (`/api/...`; see `shared/design/api.md`). One file
//! per resource; one error type ([`AppError`]) for every failure.
//!
//! [`router`] returns paths relative to `/api`; the edge nests it. The edge
//! puts the client's address into each request as [`crate::edge::ClientIp`];
//! without it, per-IP limits are not applied and no address is stored.
//!
//! The API never holds data itself: every record lives in [`crate::db`], and
//! a write is answered only after the database has durably committed it.

mod catalogue;
mod contact;
mod datasheet;
mod error;
mod json;
mod limiter;
mod openapi;
mod pagevisit;
mod pdf;
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
}

impl ApiState {
    pub fn new(db: Db, config: &Config) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                contact_limit: limiter::HourlyLimit::new(config.api.contact_limit_per_hour),
                datasheets: pdf::Datasheets::new(config.api.datasheets_dir.clone()),
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
        .fallback(|| async { AppError::NotFound("No API endpoint at this path.".into()) })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(max_json_body))
        .with_state(state)
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
