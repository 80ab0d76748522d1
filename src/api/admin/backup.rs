//! `GET /api/admin/backup`: the same backup file as `chloromaster backup`,
//! streamed to an admin's browser while the appliance serves.

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header;

use super::Authed;
use crate::api::{ApiState, AppError};
use crate::backup::{self, CacheSource};

/// Sends what the blocking archive writer produces down a channel.
struct ChannelWriter(tokio::sync::mpsc::Sender<Bytes>);

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Bytes::copy_from_slice(buf))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A tar archive, as the response's bytes (`format: binary`).
pub struct Tar;

impl utoipa::PartialSchema for Tar {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::api::openapi::binary().into()
    }
}

impl utoipa::ToSchema for Tar {}

/// A backup of the database and the cache snapshot (a tar archive; see
/// `chloromaster restore`).
#[utoipa::path(
    get,
    path = "/api/admin/backup",
    tag = "admin",
    responses(
        (status = 200, description = "The backup, a tar archive of MANIFEST.json, chloromaster.redb and cache.redb; streamed as an attachment, never cached", content_type = "application/x-tar", body = inline(Tar)),
        (status = 401, description = "No admin session", body = crate::api::openapi::ErrorResponse),
        (status = 503, description = "The database is unavailable", body = crate::api::openapi::ErrorResponse),
    )
)]
pub async fn backup(
    State(state): State<ApiState>,
    Extension(authed): Extension<Authed>,
) -> Result<Response, AppError> {
    let prepared = backup::prepare(
        state.db(),
        CacheSource::Store(state.inner.sessions.store().clone()),
        &state.inner.data_dir,
    )
    .await
    .map_err(|e| AppError::Internal(format!("backup failed: {e:#}")))?;
    tracing::info!(
        user = %authed.session.user.username,
        bytes = prepared.size,
        "admin backup download"
    );
    let size = prepared.size;
    let name = format!(
        "chloromaster-backup-{}.tar",
        prepared
            .manifest
            .created_at
            .replace([':', '-'], "")
            .split('.')
            .next()
            .unwrap_or("now")
    );
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(16);
    tokio::task::spawn_blocking(move || {
        let mut w = std::io::BufWriter::with_capacity(256 * 1024, ChannelWriter(tx));
        if let Err(e) = prepared.write_to(&mut w) {
            tracing::warn!(error = %e, "admin backup download broken off");
        }
    });
    // Fused: the compression layer polls again after the end.
    let stream =
        futures_util::StreamExt::fuse(futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv()
                .await
                .map(|chunk| (Ok::<_, std::io::Error>(chunk), rx))
        }));
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-tar".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CONTENT_LENGTH, size.to_string()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
