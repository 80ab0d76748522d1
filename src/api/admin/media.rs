//! The media library: uploads (the raw request body, checked by content),
//! the list with usage, one record, deleting, and an original's bytes for
//! the admin's preview (a PDF, an image still processing).
//!
//! The upload route is the one admin route with a body larger than the
//! JSON limit and without the whole-request timeout: the edge routes it
//! through [`upload_router`] (see `edge::routers`).

use axum::Json;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};

use super::catalogue::parse_media_id;
use crate::api::catalogue::{SourceJson, rendered, variant_url};
use crate::api::openapi::ErrorResponse;
use crate::api::{ApiState, AppError};
use crate::db::{Media, MediaDelete, MediaKind, MediaStatus, MediaUse, RfcTime};
use crate::media::{UploadError, Uploaded};

/// Where a media file is used.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UsedByJson {
    /// `product` or `service`.
    kind: &'static str,
    slug: String,
    /// `gallery` or `datasheet`.
    field: &'static str,
}

impl From<MediaUse> for UsedByJson {
    fn from(u: MediaUse) -> Self {
        Self {
            kind: u.kind,
            slug: u.slug,
            field: u.field,
        }
    }
}

/// An uploaded file.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Media)]
pub struct MediaJson {
    /// SHA-256 (hex) of the uploaded bytes.
    id: String,
    /// `image` or `pdf`.
    kind: &'static str,
    /// The uploaded file name.
    name: String,
    /// Size of the uploaded file.
    bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    #[schema(value_type = String, format = DateTime)]
    added_at: RfcTime,
    /// `processing`, `ready` or `failed`.
    status: &'static str,
    /// Why processing failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// A variant for an image's preview (the original while processing),
    /// the file for a PDF.
    url: String,
    /// An image's public gallery fields (alt texts empty), once ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    gallery: Option<GalleryFieldsJson>,
    used_by: Vec<UsedByJson>,
}

/// What a gallery entry of this image shows publicly.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GalleryFieldsJson {
    width: u32,
    height: u32,
    src: String,
    srcset: String,
    sources: Vec<SourceJson>,
}

impl MediaJson {
    fn new(m: Media, used_by: Vec<MediaUse>) -> Self {
        let id = crate::http::hex::encode(&m.id);
        let gallery = rendered(&m).map(|(width, height, src, srcset, sources)| GalleryFieldsJson {
            width,
            height,
            src,
            srcset,
            sources,
        });
        let url = match &gallery {
            Some(g) => g.src.clone(),
            None => match m.variants.first() {
                Some(v) => variant_url(&v.hash, v.format),
                None => format!("/api/admin/media/{id}/file"),
            },
        };
        let (status, error) = match m.status {
            MediaStatus::Processing => ("processing", None),
            MediaStatus::Ready => ("ready", None),
            MediaStatus::Failed(why) => ("failed", Some(why)),
        };
        Self {
            id,
            kind: if m.kind == MediaKind::Pdf {
                "pdf"
            } else {
                "image"
            },
            name: m.name,
            bytes: m.bytes,
            width: m.width,
            height: m.height,
            added_at: RfcTime(m.added_at),
            status,
            error,
            url,
            gallery,
            used_by: used_by.into_iter().map(Into::into).collect(),
        }
    }
}

/// The media library.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MediaListJson {
    /// Newest first.
    data: Vec<MediaJson>,
    /// Originals and variants stored, in bytes.
    total_bytes: u64,
    /// `CHLORO_MEDIA_QUOTA_BYTES`.
    quota_bytes: u64,
    /// `CHLORO_MEDIA_MAX_BYTES`.
    max_file_bytes: u64,
}

#[derive(Debug, Default, Deserialize)]
pub struct UploadQuery {
    filename: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct DeleteQuery {
    force: Option<bool>,
}

/// Uploads a file: the raw request body, any `Content-Type` (the content
/// decides). 201 with the new record; 200 with the existing one for bytes
/// uploaded before.
#[utoipa::path(post, path = "/api/admin/media", tag = "admin",
    params(("filename" = Option<String>, Query, description = "The file's name, for display and a PDF's download name")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file"),
    responses((status = 201, body = MediaJson), (status = 200, body = MediaJson),
        (status = 400, body = ErrorResponse), (status = 401, body = ErrorResponse),
        (status = 413, description = "Over CHLORO_MEDIA_MAX_BYTES, the quota, or the image limits", body = ErrorResponse),
        (status = 415, description = "Not a JPEG, PNG, WebP or PDF by content", body = ErrorResponse),
        (status = 422, description = "Undecodable or truncated", body = ErrorResponse)))]
pub async fn upload(
    State(state): State<ApiState>,
    query: Result<Query<UploadQuery>, QueryRejection>,
    body: Body,
) -> Result<Response, AppError> {
    let Query(query) =
        query.map_err(|e| AppError::BadRequest(format!("Invalid query: {}.", e.body_text())))?;
    let name = query.filename.unwrap_or_default();
    let media = &state.inner.media;
    let outcome = media
        .upload(&name, body.into_data_stream())
        .await
        .map_err(upload_error)?;
    let (status, record) = match outcome {
        Uploaded::Created(m) => {
            tracing::info!(id = %crate::http::hex::encode(&m.id), bytes = m.bytes, "media uploaded");
            (StatusCode::CREATED, m)
        }
        Uploaded::Existing(m) => (StatusCode::OK, m),
    };
    let used = state.db().media_usage(record.id).await?;
    Ok((status, Json(MediaJson::new(record, used))).into_response())
}

fn upload_error(e: UploadError) -> AppError {
    match e {
        UploadError::TooLarge(max) => AppError::PayloadTooLarge(format!(
            "The file is larger than {max} bytes (CHLORO_MEDIA_MAX_BYTES)."
        )),
        UploadError::OverQuota(used, quota) => AppError::PayloadTooLarge(format!(
            "The media quota is full: {used} of {quota} bytes used (CHLORO_MEDIA_QUOTA_BYTES). Delete unused files first."
        )),
        UploadError::Unsupported => AppError::UnsupportedMediaType(
            "Only JPEG, PNG and WebP images and PDF files can be uploaded (judged by content, not by name).".into(),
        ),
        UploadError::TooManyPixels(m) => AppError::PayloadTooLarge(m),
        UploadError::Invalid(m) => AppError::Unprocessable(m),
        UploadError::Body(m) => AppError::BadRequest(format!("The upload was interrupted: {m}.")),
        UploadError::Io(e) => AppError::Internal(format!("media upload: {e}")),
        UploadError::Db(e) => e.into(),
    }
}

/// The media library, newest first, with where each file is used.
#[utoipa::path(get, path = "/api/admin/media", tag = "admin",
    responses((status = 200, body = MediaListJson), (status = 401, body = ErrorResponse)))]
pub async fn list(State(state): State<ApiState>) -> Result<Json<MediaListJson>, AppError> {
    let all = state.db().media_list().await?;
    let total_bytes = all
        .iter()
        .fold(0u64, |sum, (m, _)| sum.saturating_add(m.stored_bytes()));
    Ok(Json(MediaListJson {
        data: all
            .into_iter()
            .map(|(m, used)| MediaJson::new(m, used))
            .collect(),
        total_bytes,
        quota_bytes: state.inner.media.quota(),
        max_file_bytes: state.inner.media.max_bytes(),
    }))
}

fn media_id(raw: &str) -> Result<[u8; 32], AppError> {
    parse_media_id(raw).ok_or_else(|| AppError::NotFound("No such media file.".into()))
}

/// One media file.
#[utoipa::path(get, path = "/api/admin/media/{id}", tag = "admin",
    params(("id" = String, Path, description = "64 hex digits")),
    responses((status = 200, body = MediaJson), (status = 401, body = ErrorResponse),
        (status = 404, body = ErrorResponse)))]
pub async fn detail(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> Result<Json<MediaJson>, AppError> {
    let id = media_id(&id)?;
    let Some(m) = state.db().media(id).await? else {
        return Err(AppError::NotFound("No such media file.".into()));
    };
    let used = state.db().media_usage(id).await?;
    Ok(Json(MediaJson::new(m, used)))
}

/// The uploaded bytes of a file (a PDF, or an image's original) for the
/// admin's preview; never cached.
#[utoipa::path(get, path = "/api/admin/media/{id}/file", tag = "admin",
    params(("id" = String, Path, description = "64 hex digits")),
    responses((status = 200, description = "The original file", content(("application/pdf"), ("image/jpeg"), ("image/png"), ("image/webp"))),
        (status = 401, body = ErrorResponse), (status = 404, body = ErrorResponse)))]
pub async fn file(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let id = media_id(&id)?;
    let Some(m) = state.db().media(id).await? else {
        return Err(AppError::NotFound("No such media file.".into()));
    };
    let bytes = state
        .inner
        .media
        .read_original(&id)
        .await
        .map_err(|e| AppError::Internal(format!("cannot read a media original: {e}")))?;
    if m.kind == MediaKind::Pdf {
        let base = m.name.strip_suffix(".pdf").unwrap_or(&m.name);
        return Ok(crate::api::pdf::serve(base, bytes.to_vec(), &headers));
    }
    let mime = match m.kind {
        MediaKind::Jpeg => "image/jpeg",
        MediaKind::Png => "image/png",
        _ => "image/webp",
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        bytes,
    )
        .into_response())
}

/// Deletes a file. While a product or service uses it: 409 with `usedBy`,
/// unless `force=true`, which removes it from those galleries and
/// datasheets first.
#[utoipa::path(delete, path = "/api/admin/media/{id}", tag = "admin",
    params(("id" = String, Path, description = "64 hex digits"),
        ("force" = Option<bool>, Query, description = "Also remove it where it is used")),
    responses((status = 204), (status = 401, body = ErrorResponse),
        (status = 404, body = ErrorResponse),
        (status = 409, description = "Still used; `usedBy` says where", body = ErrorResponse)))]
pub async fn delete(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    query: Result<Query<DeleteQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) =
        query.map_err(|e| AppError::BadRequest(format!("Invalid query: {}.", e.body_text())))?;
    let id = media_id(&id)?;
    match state
        .db()
        .media_delete(id, query.force.unwrap_or(false))
        .await?
    {
        MediaDelete::Done(m) => {
            state.inner.media.remove_files(&m).await;
            state.response_cache().invalidate();
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        MediaDelete::NotFound => Err(AppError::NotFound("No such media file.".into())),
        MediaDelete::InUse(used) => {
            let where_: Vec<String> = used
                .iter()
                .map(|u| format!("{} {} ({})", u.kind, u.slug, u.field))
                .collect();
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct InUse {
                message: String,
                used_by: Vec<UsedByJson>,
            }
            Ok((
                StatusCode::CONFLICT,
                Json(InUse {
                    message: format!(
                        "This file is still used by {}; delete with force=true to remove it there too.",
                        where_.join(", ")
                    ),
                    used_by: used.into_iter().map(Into::into).collect(),
                }),
            )
                .into_response())
        }
    }
}
