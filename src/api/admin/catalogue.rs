//! Catalogue management for the admin: services and products, created,
//! replaced and deleted. Each write is durably committed, then the cached
//! public catalogue responses are dropped at once, so the next public GET
//! sees the change.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::{Deserialize, Deserializer};

use crate::api::catalogue::{ProductJson, ServiceJson, media_of};
use crate::api::openapi::{ErrorResponse, multiline, required_text, text};
use crate::api::validate::Fields;
use crate::api::{ApiJson, ApiState, AppError};
use crate::db::{CatalogueChange, GalleryItem, NewProduct, NewService};
use crate::db::{Product, Service};

const MAX_SLUG: usize = 100;
const MAX_TITLE: usize = 200;
const MAX_DESCRIPTION: usize = 5000;
const MAX_SHORT: usize = 100;
const MAX_IMAGES: usize = 50;
const MAX_IMAGE: usize = 500;
const MAX_ALT: usize = 250;
const MAX_GALLERY: usize = 50;

/// One gallery item as the admin writes it (order = display order).
#[derive(Debug, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct GalleryItemBody {
    /// The id (64 hex) of an uploaded image.
    #[schema(schema_with = media_id, required = true)]
    id: Option<String>,
    #[schema(schema_with = required_text::<MAX_ALT>, required = true)]
    alt_en: Option<String>,
    #[schema(schema_with = required_text::<MAX_ALT>, required = true)]
    alt_ar: Option<String>,
}

/// 64 lower-case hex digits.
fn media_id() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some("^[0-9a-f]{64}$"))
        .build()
}

/// A media id, or null.
fn media_id_or_null() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some("^[0-9a-f]{64}$"))
        .build()
}

/// Parses a media id (64 hex digits, either case).
pub(crate) fn parse_media_id(raw: &str) -> Option<[u8; 32]> {
    let raw = raw.trim();
    if raw.len() != 64 {
        return None;
    }
    crate::http::hex::decode(raw.to_ascii_lowercase().as_bytes())?
        .try_into()
        .ok()
}

fn gallery(f: &mut Fields, items: Option<Vec<GalleryItemBody>>) -> Vec<GalleryItem> {
    let items = items.unwrap_or_default();
    if items.len() > MAX_GALLERY {
        f.fail("gallery", format!("at most {MAX_GALLERY} images"));
    }
    items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let id_field = format!("gallery[{i}].id");
            let id = f.text(&id_field, item.id, 64, true);
            let alt_en = f.text(&format!("gallery[{i}].altEn"), item.alt_en, MAX_ALT, true);
            let alt_ar = f.text(&format!("gallery[{i}].altAr"), item.alt_ar, MAX_ALT, true);
            let media = parse_media_id(&id);
            if media.is_none() && !f.has_error(&id_field) {
                f.fail(
                    &id_field,
                    "must be the id (64 hex digits) of an uploaded image",
                );
            }
            Some(GalleryItem {
                media: media?,
                alt_en,
                alt_ar,
            })
        })
        .collect()
}

/// A service as the admin sends it (create and full replacement).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceBody {
    /// Lower-case letters, digits and `-`.
    #[schema(schema_with = crate::api::openapi::slug, required = true)]
    slug: Option<String>,
    #[schema(schema_with = required_text::<MAX_TITLE>, required = true)]
    title_en: Option<String>,
    #[schema(schema_with = required_text::<MAX_TITLE>, required = true)]
    title_ar: Option<String>,
    #[schema(schema_with = multiline::<MAX_DESCRIPTION>)]
    description_en: Option<String>,
    #[schema(schema_with = multiline::<MAX_DESCRIPTION>)]
    description_ar: Option<String>,
    #[schema(schema_with = text::<MAX_SHORT>)]
    icon: Option<String>,
    #[schema(schema_with = text::<MAX_SHORT>)]
    category: Option<String>,
    /// Default true.
    is_active: Option<bool>,
    /// Default 0.
    #[schema(minimum = -2147483648, maximum = 2147483647)]
    #[serde(deserialize_with = "whole_i32")]
    display_order: Option<i32>,
    /// Uploaded images in display order, each with both alt texts.
    #[schema(max_items = 50, nullable)]
    gallery: Option<Vec<GalleryItemBody>>,
}

/// A product as the admin sends it (create and full replacement).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductBody {
    #[schema(schema_with = crate::api::openapi::slug, required = true)]
    slug: Option<String>,
    /// The slug of an existing service (else 400 naming this field).
    #[schema(schema_with = crate::api::openapi::slug, required = true)]
    service_slug: Option<String>,
    #[schema(schema_with = required_text::<MAX_TITLE>, required = true)]
    name_en: Option<String>,
    #[schema(schema_with = required_text::<MAX_TITLE>, required = true)]
    name_ar: Option<String>,
    #[schema(schema_with = multiline::<MAX_DESCRIPTION>)]
    description_en: Option<String>,
    #[schema(schema_with = multiline::<MAX_DESCRIPTION>)]
    description_ar: Option<String>,
    /// The datasheet's base name, or null.
    #[schema(schema_with = text::<MAX_TITLE>)]
    datasheet: Option<String>,
    /// Image URLs, at most 50.
    #[schema(schema_with = images)]
    images: Option<Vec<String>>,
    /// Uploaded images in display order, each with both alt texts.
    #[schema(max_items = 50, nullable)]
    gallery: Option<Vec<GalleryItemBody>>,
    /// The id of an uploaded PDF served as the datasheet, or null.
    #[schema(schema_with = media_id_or_null)]
    datasheet_media: Option<String>,
}

/// At most 50 required one-line texts of at most 500 characters, or null.
fn images() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, SchemaType, Type};
    ArrayBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
        .items(required_text::<MAX_IMAGE>())
        .max_items(Some(MAX_IMAGES))
        .build()
}

/// An `i32`, also written as a whole float (`3.0`): JSON (and JSON Schema)
/// do not tell them apart.
fn whole_i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    let Some(n) = Option::<serde_json::Number>::deserialize(d)? else {
        return Ok(None);
    };
    let value = match n.as_i64() {
        Some(i) => i32::try_from(i).ok(),
        None => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(f))
            .map(|f| f as i32),
    };
    value.map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "expected a whole number from {} to {}",
            i32::MIN,
            i32::MAX
        ))
    })
}

fn slug(f: &mut Fields, name: &str, value: Option<String>) -> String {
    let value = f.text(name, value, MAX_SLUG, true);
    let shaped = value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if !value.is_empty() && !f.has_error(name) && !shaped {
        f.fail(
            name,
            "must be lower-case letters, digits and '-' (not at either end)",
        );
    }
    value
}

impl ServiceBody {
    fn validate(self) -> Result<NewService, AppError> {
        let mut f = Fields::default();
        let new = NewService {
            slug: slug(&mut f, "slug", self.slug),
            title_en: f.text("titleEn", self.title_en, MAX_TITLE, true),
            title_ar: f.text("titleAr", self.title_ar, MAX_TITLE, true),
            description_en: f.multiline(
                "descriptionEn",
                self.description_en,
                MAX_DESCRIPTION,
                false,
            ),
            description_ar: f.multiline(
                "descriptionAr",
                self.description_ar,
                MAX_DESCRIPTION,
                false,
            ),
            icon: f.text("icon", self.icon, MAX_SHORT, false),
            category: f.text("category", self.category, MAX_SHORT, false),
            is_active: self.is_active.unwrap_or(true),
            display_order: self.display_order.unwrap_or(0),
            gallery: gallery(&mut f, self.gallery),
        };
        f.finish().map(|()| new)
    }
}

impl ProductBody {
    fn validate(self) -> Result<NewProduct, AppError> {
        let mut f = Fields::default();
        let datasheet = f.text("datasheet", self.datasheet, MAX_TITLE, false);
        let images = self.images.unwrap_or_default();
        if images.len() > MAX_IMAGES {
            f.fail("images", format!("at most {MAX_IMAGES} images"));
        }
        let images: Vec<String> = images
            .into_iter()
            .map(|i| f.text("images", Some(i), MAX_IMAGE, true))
            .collect();
        let new = NewProduct {
            slug: slug(&mut f, "slug", self.slug),
            service_slug: slug(&mut f, "serviceSlug", self.service_slug),
            name_en: f.text("nameEn", self.name_en, MAX_TITLE, true),
            name_ar: f.text("nameAr", self.name_ar, MAX_TITLE, true),
            description_en: f.multiline(
                "descriptionEn",
                self.description_en,
                MAX_DESCRIPTION,
                false,
            ),
            description_ar: f.multiline(
                "descriptionAr",
                self.description_ar,
                MAX_DESCRIPTION,
                false,
            ),
            datasheet: (!datasheet.is_empty()).then_some(datasheet),
            images,
            gallery: gallery(&mut f, self.gallery),
            datasheet_media: match self.datasheet_media {
                None => None,
                Some(raw) => {
                    let id = parse_media_id(&raw);
                    if id.is_none() {
                        f.fail(
                            "datasheetMedia",
                            "must be the id (64 hex digits) of an uploaded PDF, or null",
                        );
                    }
                    id
                }
            },
        };
        f.finish().map(|()| new)
    }
}

/// The outcome of a write as a response; a done write first drops the
/// cached public catalogue.
fn answer<T, J: From<T> + serde::Serialize>(
    state: &ApiState,
    change: CatalogueChange<T>,
    status: StatusCode,
    what: &str,
) -> Result<Response, AppError> {
    match change {
        CatalogueChange::Done(value) => {
            state.response_cache().invalidate();
            Ok((status, Json(J::from(value))).into_response())
        }
        CatalogueChange::NotFound => Err(AppError::NotFound(format!("{what} not found."))),
        CatalogueChange::SlugTaken => Err(AppError::Conflict(format!(
            "Another {} already has this slug.",
            what.to_lowercase()
        ))),
        CatalogueChange::UnknownService => Err(AppError::field(
            "serviceSlug",
            "must be the slug of an existing service",
        )),
        CatalogueChange::InUse(n) => Err(AppError::Conflict(format!(
            "The service still has {n} product(s); move or delete them first."
        ))),
        CatalogueChange::UnknownMedia(field) => Err(AppError::field(
            field,
            if field == "gallery" {
                "every id must be an uploaded image"
            } else {
                "must be the id of an uploaded PDF"
            },
        )),
    }
}

/// A product write's outcome with the product as the admin API shows it.
async fn product_json(
    state: &ApiState,
    change: CatalogueChange<Product>,
) -> Result<CatalogueChange<ProductJson>, AppError> {
    let media = match &change {
        CatalogueChange::Done(p) => media_of(state.db(), std::slice::from_ref(p), &[]).await?,
        _ => Default::default(),
    };
    Ok(change.map(|p| ProductJson::render(p, &media, true)))
}

/// A service write's outcome with the service as the admin API shows it.
async fn service_json(
    state: &ApiState,
    change: CatalogueChange<Service>,
) -> Result<CatalogueChange<ServiceJson>, AppError> {
    let media = match &change {
        CatalogueChange::Done(s) => media_of(state.db(), &[], std::slice::from_ref(s)).await?,
        _ => Default::default(),
    };
    Ok(change.map(|s| ServiceJson::render(s, &media, true)))
}

/// Deletes answer 204 with no body.
struct Deleted;

impl From<()> for Deleted {
    fn from((): ()) -> Self {
        Deleted
    }
}

impl serde::Serialize for Deleted {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit()
    }
}

fn deleted(
    state: &ApiState,
    change: CatalogueChange<()>,
    what: &str,
) -> Result<Response, AppError> {
    answer::<(), Deleted>(state, change, StatusCode::NO_CONTENT, what)
        .map(|_| StatusCode::NO_CONTENT.into_response())
}

/// Every service, inactive ones included, in display order.
#[utoipa::path(get, path = "/api/admin/services", tag = "admin",
    responses((status = 200, body = Vec<ServiceJson>), (status = 401, body = ErrorResponse)))]
pub async fn list_services(
    State(state): State<ApiState>,
) -> Result<Json<Vec<ServiceJson>>, AppError> {
    let all = state.db().all_services().await?;
    let media = media_of(state.db(), &[], &all).await?;
    Ok(Json(
        all.into_iter()
            .map(|s| ServiceJson::render(s, &media, true))
            .collect(),
    ))
}

/// Creates a service.
#[utoipa::path(post, path = "/api/admin/services", tag = "admin", request_body = ServiceBody,
    responses((status = 201, body = ServiceJson), (status = 400, body = ErrorResponse),
        (status = 401, body = ErrorResponse), (status = 415, description = "Not `application/json`", body = ErrorResponse), (status = 409, body = ErrorResponse)))]
pub async fn create_service(
    State(state): State<ApiState>,
    ApiJson(body): ApiJson<ServiceBody>,
) -> Result<Response, AppError> {
    let new = body.validate()?;
    let change = service_json(&state, state.db().create_service(new).await?).await?;
    answer::<_, ServiceJson>(&state, change, StatusCode::CREATED, "Service")
}

/// Replaces a service; a new slug must be free (its products follow).
#[utoipa::path(put, path = "/api/admin/services/{id}", tag = "admin", request_body = ServiceBody,
    params(("id" = u64, Path)),
    responses((status = 200, body = ServiceJson), (status = 400, body = ErrorResponse),
        (status = 401, body = ErrorResponse), (status = 415, description = "Not `application/json`", body = ErrorResponse), (status = 404, body = ErrorResponse),
        (status = 409, body = ErrorResponse)))]
pub async fn update_service(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ServiceBody>,
) -> Result<Response, AppError> {
    let id = service_id(&id)?;
    let new = body.validate()?;
    let change = service_json(&state, state.db().update_service(id, new).await?).await?;
    answer::<_, ServiceJson>(&state, change, StatusCode::OK, "Service")
}

/// Deletes a service that has no products.
#[utoipa::path(delete, path = "/api/admin/services/{id}", tag = "admin",
    params(("id" = u64, Path)),
    responses((status = 204), (status = 401, body = ErrorResponse),
        (status = 404, body = ErrorResponse), (status = 409, body = ErrorResponse)))]
pub async fn delete_service(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = service_id(&id)?;
    let change = state.db().delete_service(id).await?;
    deleted(&state, change, "Service")
}

fn service_id(raw: &str) -> Result<u64, AppError> {
    raw.parse()
        .map_err(|_| AppError::NotFound("Service not found.".into()))
}

/// Every product, inactive ones included, in display order.
#[utoipa::path(get, path = "/api/admin/products", tag = "admin",
    responses((status = 200, body = Vec<ProductJson>), (status = 401, body = ErrorResponse)))]
pub async fn list_products(
    State(state): State<ApiState>,
) -> Result<Json<Vec<ProductJson>>, AppError> {
    let all = state.db().all_products().await?;
    let media = media_of(state.db(), &all, &[]).await?;
    Ok(Json(
        all.into_iter()
            .map(|p| ProductJson::render(p, &media, true))
            .collect(),
    ))
}

/// Creates a product under an existing service.
#[utoipa::path(post, path = "/api/admin/products", tag = "admin", request_body = ProductBody,
    responses((status = 201, body = ProductJson), (status = 400, body = ErrorResponse),
        (status = 401, body = ErrorResponse), (status = 415, description = "Not `application/json`", body = ErrorResponse), (status = 409, body = ErrorResponse)))]
pub async fn create_product(
    State(state): State<ApiState>,
    ApiJson(body): ApiJson<ProductBody>,
) -> Result<Response, AppError> {
    let new = body.validate()?;
    let change = product_json(&state, state.db().create_product(new).await?).await?;
    answer::<_, ProductJson>(&state, change, StatusCode::CREATED, "Product")
}

/// Replaces a product; the slug in the body renames it if free.
#[utoipa::path(put, path = "/api/admin/products/{slug}", tag = "admin", request_body = ProductBody,
    params(("slug" = String, Path, min_length = 1)),
    responses((status = 200, body = ProductJson), (status = 400, body = ErrorResponse),
        (status = 401, body = ErrorResponse), (status = 415, description = "Not `application/json`", body = ErrorResponse), (status = 404, body = ErrorResponse),
        (status = 409, body = ErrorResponse)))]
pub async fn update_product(
    State(state): State<ApiState>,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<ProductBody>,
) -> Result<Response, AppError> {
    let new = body.validate()?;
    let change = product_json(&state, state.db().update_product(slug, new).await?).await?;
    answer::<_, ProductJson>(&state, change, StatusCode::OK, "Product")
}

/// Deletes a product.
#[utoipa::path(delete, path = "/api/admin/products/{slug}", tag = "admin",
    params(("slug" = String, Path, min_length = 1)),
    responses((status = 204), (status = 401, body = ErrorResponse),
        (status = 404, body = ErrorResponse)))]
pub async fn delete_product(
    State(state): State<ApiState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let change = state.db().delete_product(slug).await?;
    deleted(&state, change, "Product")
}
