//! The public catalogue: `GET /services…` and `GET /products…`.
//! Read-only and response-cacheable.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};

use super::openapi::ErrorResponse;
use super::{ApiState, AppError};
use std::collections::HashMap;

use crate::db::{Db, GalleryItem, Media, MediaStatus, Product, Service, VariantFormat};

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
    /// Ready images in display order (the admin API lists every item,
    /// with its `status`).
    gallery: Vec<GalleryJson>,
}

impl ServiceJson {
    /// The JSON of `s`, its gallery rendered from `media`; `admin` lists
    /// images still processing too.
    pub fn render(s: Service, media: &HashMap<[u8; 32], Media>, admin: bool) -> Self {
        let gallery = gallery(&s.gallery, media, admin);
        Self {
            gallery,
            ..Self::from(s)
        }
    }
}

impl From<Service> for ServiceJson {
    fn from(s: Service) -> Self {
        Self {
            gallery: Vec::new(),
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
    /// The gallery's `src` URLs, then any legacy site paths (what the old
    /// React site reads).
    images: Vec<String>,
    /// Ready images in display order (the admin API lists every item,
    /// with its `status`).
    gallery: Vec<GalleryJson>,
    /// Admin API only: the uploaded datasheet PDF's id, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, nullable)]
    datasheet_media: Option<Option<String>>,
}

impl ProductJson {
    /// The JSON of `p`, its gallery rendered from `media`; `admin` lists
    /// images still processing and `datasheetMedia` too.
    pub fn render(p: Product, media: &HashMap<[u8; 32], Media>, admin: bool) -> Self {
        let gallery = gallery(&p.gallery, media, admin);
        let datasheet_media =
            admin.then(|| p.datasheet_media.map(|id| crate::http::hex::encode(&id)));
        let mut json = Self::from(p);
        json.images = gallery
            .iter()
            .filter_map(|g| g.src.clone())
            .chain(json.images)
            .collect();
        json.gallery = gallery;
        json.datasheet_media = datasheet_media;
        json
    }
}

/// One gallery image as the catalogue JSON shows it (the contract's
/// shape). Public JSON holds only ready images, so every optional field is
/// there; the admin API also lists images still processing (without them).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GalleryJson {
    /// The SHA-256 (hex) of the uploaded file.
    id: String,
    alt_en: String,
    alt_ar: String,
    /// The largest variant's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    /// The fallback (JPEG, PNG with transparency) at about 960 px.
    #[serde(skip_serializing_if = "Option::is_none")]
    src: Option<String>,
    /// The fallback's widths: `url 480w, url 960w, …`.
    #[serde(skip_serializing_if = "Option::is_none")]
    srcset: Option<String>,
    /// Modern formats, in preference order.
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<Vec<SourceJson>>,
    /// Admin API only: `processing`, `ready` or `failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SourceJson {
    /// A MIME type (`image/avif`).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub srcset: String,
}

/// The URL of a variant.
pub fn variant_url(hash: &[u8; 32], format: VariantFormat) -> String {
    format!("/media/{}.{}", crate::http::hex::encode(hash), format.ext())
}

/// An image's public gallery fields (`None` until it is ready).
pub fn rendered(m: &Media) -> Option<(u32, u32, String, String, Vec<SourceJson>)> {
    if m.status != MediaStatus::Ready {
        return None;
    }
    let fallback: Vec<_> = m
        .variants
        .iter()
        .filter(|v| matches!(v.format, VariantFormat::Jpeg | VariantFormat::Png))
        .collect();
    let largest = fallback.iter().max_by_key(|v| v.width)?;
    // About 960 px: the widest not above 960, else the narrowest.
    let src = fallback
        .iter()
        .filter(|v| v.width <= 960)
        .max_by_key(|v| v.width)
        .or_else(|| fallback.iter().min_by_key(|v| v.width))?;
    let srcset_of = |format: VariantFormat| {
        m.variants
            .iter()
            .filter(|v| v.format == format)
            .map(|v| format!("{} {}w", variant_url(&v.hash, v.format), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sources = [VariantFormat::Avif, VariantFormat::Webp]
        .into_iter()
        .filter(|f| m.variants.iter().any(|v| v.format == *f))
        .map(|f| SourceJson {
            kind: f.mime(),
            srcset: srcset_of(f),
        })
        .collect();
    Some((
        largest.width,
        largest.height,
        variant_url(&src.hash, src.format),
        srcset_of(src.format),
        sources,
    ))
}

fn gallery(
    items: &[GalleryItem],
    media: &HashMap<[u8; 32], Media>,
    admin: bool,
) -> Vec<GalleryJson> {
    items
        .iter()
        .filter_map(|item| {
            let m = media.get(&item.media);
            let ready = m.and_then(rendered);
            if ready.is_none() && !admin {
                return None;
            }
            let mut json = GalleryJson {
                id: crate::http::hex::encode(&item.media),
                alt_en: item.alt_en.clone(),
                alt_ar: item.alt_ar.clone(),
                width: None,
                height: None,
                src: None,
                srcset: None,
                sources: None,
                status: admin.then(|| match m.map(|m| &m.status) {
                    Some(MediaStatus::Ready) => "ready",
                    Some(MediaStatus::Processing) => "processing",
                    _ => "failed",
                }),
            };
            if let Some((w, h, src, srcset, sources)) = ready {
                json.width = Some(w);
                json.height = Some(h);
                json.src = Some(src);
                json.srcset = Some(srcset);
                json.sources = Some(sources);
            }
            Some(json)
        })
        .collect()
}

/// The media records the galleries (and datasheets) of these records name.
pub async fn media_of(
    db: &Db,
    products: &[Product],
    services: &[Service],
) -> Result<HashMap<[u8; 32], Media>, crate::db::DbError> {
    let ids: Vec<[u8; 32]> = products
        .iter()
        .flat_map(|p| p.gallery.iter().map(|g| g.media))
        .chain(
            services
                .iter()
                .flat_map(|s| s.gallery.iter().map(|g| g.media)),
        )
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    db.media_by_ids(ids).await
}

impl From<Product> for ProductJson {
    fn from(p: Product) -> Self {
        Self {
            gallery: Vec::new(),
            datasheet_media: None,
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
    Ok(Json(render_services(&state.inner.db, services).await?))
}

async fn render_services(db: &Db, services: Vec<Service>) -> Result<Vec<ServiceJson>, AppError> {
    let media = media_of(db, &[], &services).await?;
    Ok(services
        .into_iter()
        .map(|s| ServiceJson::render(s, &media, false))
        .collect())
}

async fn render_products(db: &Db, products: Vec<Product>) -> Result<Vec<ProductJson>, AppError> {
    let media = media_of(db, &products, &[]).await?;
    Ok(products
        .into_iter()
        .map(|p| ProductJson::render(p, &media, false))
        .collect())
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
        Some(s) => {
            let media = media_of(&state.inner.db, &[], std::slice::from_ref(&s)).await?;
            Ok(Json(ServiceJson::render(s, &media, false)))
        }
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
    Ok(Json(render_services(&state.inner.db, services).await?))
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
    Ok(Json(render_products(&state.inner.db, products).await?))
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
        Some(p) => {
            let media = media_of(&state.inner.db, std::slice::from_ref(&p), &[]).await?;
            Ok(Json(ProductJson::render(p, &media, false)))
        }
        None => Err(AppError::NotFound("Product not found.".into())),
    }
}
