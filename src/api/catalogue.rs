//! The public catalogue: `GET /services…` and `GET /products…`.
//! Read-only and response-cacheable.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};

use super::openapi::ErrorResponse;
use super::{ApiState, AppError};
use crate::db::{Product, Service};

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Service)]
pub struct ServiceJson {
    id: u64,
    slug: String,
    title_en: String,
    title_ar: String,
    description_en: String,
    description_ar: String,
    icon: String,
    category: String,
    is_active: bool,
    display_order: i32,
}

impl From<Service> for ServiceJson {
    fn from(s: Service) -> Self {
        Self {
            id: s.id,
            slug: s.slug,
            title_en: s.title_en,
            title_ar: s.title_ar,
            description_en: s.description_en,
            description_ar: s.description_ar,
            icon: s.icon,
            category: s.category,
            is_active: s.is_active,
            display_order: s.display_order,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Product)]
pub struct ProductJson {
    slug: String,
    service_slug: String,
    name_en: String,
    name_ar: String,
    description_en: String,
    description_ar: String,
    /// The datasheet's base name, for `POST /api/datasheet/request`.
    datasheet: Option<String>,
    images: Vec<String>,
}

impl From<Product> for ProductJson {
    fn from(p: Product) -> Self {
        Self {
            slug: p.slug,
            service_slug: p.service_slug,
            name_en: p.name_en,
            name_ar: p.name_ar,
            description_en: p.description_en,
            description_ar: p.description_ar,
            datasheet: p.datasheet,
            images: p.images,
        }
    }
}

/// Active services in display order.
#[utoipa::path(get, path = "/api/services", tag = "catalogue",
    responses((status = 200, body = Vec<ServiceJson>)))]
pub async fn services(State(state): State<ApiState>) -> Result<Json<Vec<ServiceJson>>, AppError> {
    let services = state.inner.db.services().await?;
    Ok(Json(services.into_iter().map(Into::into).collect()))
}

/// One active service, by numeric id or slug.
#[utoipa::path(get, path = "/api/services/{idOrSlug}", tag = "catalogue",
    params(("idOrSlug" = String, Path, min_length = 1, description = "Numeric id or slug")),
    responses((status = 200, body = ServiceJson), (status = 404, body = ErrorResponse)))]
pub async fn service(
    State(state): State<ApiState>,
    Path(id_or_slug): Path<String>,
) -> Result<Json<ServiceJson>, AppError> {
    match state.inner.db.service(id_or_slug).await? {
        Some(s) => Ok(Json(s.into())),
        None => Err(AppError::NotFound("Service not found.".into())),
    }
}

/// The categories of the active services, in display order; a service
/// without one adds none (an empty one would name no path).
#[utoipa::path(get, path = "/api/services/categories", tag = "catalogue",
    responses((status = 200, description = "Each a non-empty category, once", body = Vec<String>)))]
pub async fn categories(State(state): State<ApiState>) -> Result<Json<Vec<String>>, AppError> {
    let mut categories = state.inner.db.service_categories().await?;
    categories.retain(|c| !c.is_empty());
    Ok(Json(categories))
}

/// Active services of one category (case-insensitive).
#[utoipa::path(get, path = "/api/services/category/{category}", tag = "catalogue",
    params(("category" = String, Path, min_length = 1)),
    responses((status = 200, body = Vec<ServiceJson>)))]
pub async fn services_in_category(
    State(state): State<ApiState>,
    Path(category): Path<String>,
) -> Result<Json<Vec<ServiceJson>>, AppError> {
    let services = state.inner.db.services_in_category(category).await?;
    Ok(Json(services.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize)]
pub struct ProductsQuery {
    service: Option<String>,
}

/// Active products and projects in display order.
#[utoipa::path(get, path = "/api/products", tag = "catalogue",
    params(("service" = Option<String>, Query, description = "Only those of this service slug")),
    responses((status = 200, body = Vec<ProductJson>), (status = 400, body = ErrorResponse)))]
pub async fn products(
    State(state): State<ApiState>,
    query: Result<Query<ProductsQuery>, QueryRejection>,
) -> Result<Json<Vec<ProductJson>>, AppError> {
    let Query(query) =
        query.map_err(|e| AppError::BadRequest(format!("Invalid query: {}.", e.body_text())))?;
    let service = query.service.filter(|s| !s.trim().is_empty());
    let products = state.inner.db.products(service).await?;
    Ok(Json(products.into_iter().map(Into::into).collect()))
}

/// One active product or project by slug.
#[utoipa::path(get, path = "/api/products/{slug}", tag = "catalogue",
    params(("slug" = String, Path, min_length = 1)),
    responses((status = 200, body = ProductJson), (status = 404, body = ErrorResponse)))]
pub async fn product(
    State(state): State<ApiState>,
    Path(slug): Path<String>,
) -> Result<Json<ProductJson>, AppError> {
    match state.inner.db.product(slug).await? {
        Some(p) => Ok(Json(p.into())),
        None => Err(AppError::NotFound("Product not found.".into())),
    }
}
