//! The mail outbox for the admin: what is waiting, what was given up on,
//! what the mail limits stopped, and the two things an admin can do about a
//! message (retry, delete; a suppressed message can only be deleted).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use http::StatusCode;
use serde::Serialize;

use super::Authed;
use crate::api::openapi::ErrorResponse;
use crate::api::{ApiState, AppError};
use crate::db::{OutboxMessage, SuppressedMail};
use crate::privacy::MaskedEmail;

/// Messages listed at most.
const LIST_LIMIT: usize = 100;

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutboxResponse {
    /// Whether an SMTP relay is configured (without one nothing is queued).
    enabled: bool,
    pending: u64,
    dead: u64,
    /// Messages delivered since the database was created.
    sent: u64,
    /// Messages to visitors that the mail limits stopped (the newest 1000
    /// are kept).
    suppressed: u64,
    /// Newest first, at most 100 (queued and suppressed together).
    messages: Vec<OutboxItem>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItem {
    id: u64,
    /// `contact-admin`, `contact-visitor`, `datasheet-link`, or `contact`
    /// (a submission not yet split into its two messages).
    kind: &'static str,
    /// Masked like in the logs (`j***@example.com`); null until rendered.
    recipient: Option<String>,
    /// Null until rendered.
    subject: Option<String>,
    attempts: u32,
    last_error: Option<String>,
    /// RFC 3339; null when due now or dead.
    next_attempt_at: Option<String>,
    created_at: String,
    /// `pending`, `dead`, or `suppressed` (stopped by the mail limits;
    /// never sent).
    status: &'static str,
    /// Why a suppressed message was not sent: `recipient-daily-limit`,
    /// `hourly-limit` or `visitor-mail-off`; null otherwise.
    suppressed_reason: Option<&'static str>,
}

impl From<OutboxMessage> for OutboxItem {
    fn from(m: OutboxMessage) -> Self {
        Self {
            id: m.id,
            kind: m.kind.name(),
            recipient: m.mail.as_ref().map(|r| MaskedEmail(&r.to).to_string()),
            subject: m.mail.map(|r| r.subject),
            attempts: m.attempts,
            last_error: m.last_error,
            next_attempt_at: m.next_attempt_at.map(|t| t.rfc3339()),
            created_at: m.created_at.rfc3339(),
            status: if m.dead { "dead" } else { "pending" },
            suppressed_reason: None,
        }
    }
}

impl From<SuppressedMail> for OutboxItem {
    fn from(m: SuppressedMail) -> Self {
        Self {
            id: m.id,
            kind: m.kind.name(),
            recipient: Some(MaskedEmail(&m.to).to_string()),
            subject: Some(m.subject),
            attempts: 0,
            last_error: Some(m.reason.describe().to_owned()),
            next_attempt_at: None,
            created_at: m.created_at.rfc3339(),
            status: "suppressed",
            suppressed_reason: Some(m.reason.code()),
        }
    }
}

fn id_of(raw: &str) -> Result<u64, AppError> {
    raw.parse()
        .map_err(|_| AppError::NotFound("No such outbox message.".into()))
}

/// The outbox: counts and the newest messages.
#[utoipa::path(
    get,
    path = "/api/admin/outbox",
    tag = "admin",
    responses(
        (status = 200, description = "Outbox state", body = OutboxResponse),
        (status = 401, description = "No admin session", body = ErrorResponse),
    )
)]
pub async fn list(
    State(state): State<ApiState>,
    Extension(_): Extension<Authed>,
) -> Result<Json<OutboxResponse>, AppError> {
    let summary = state.db().outbox_summary(LIST_LIMIT).await?;
    let mut messages: Vec<OutboxItem> = summary
        .newest
        .into_iter()
        .map(OutboxItem::from)
        .chain(summary.newest_suppressed.into_iter().map(OutboxItem::from))
        .collect();
    // Ids only grow, and a suppressed message keeps its outbox id.
    messages.sort_unstable_by_key(|m| std::cmp::Reverse(m.id));
    messages.truncate(LIST_LIMIT);
    Ok(Json(OutboxResponse {
        enabled: state.db().mail_enabled(),
        pending: summary.pending,
        dead: summary.dead,
        sent: summary.sent,
        suppressed: summary.suppressed,
        messages,
    }))
}

/// Makes a message pending and due now, with a fresh set of attempts.
#[utoipa::path(
    post,
    path = "/api/admin/outbox/{id}/retry",
    tag = "admin",
    params(("id" = u64, Path, description = "Outbox message id")),
    responses(
        (status = 204, description = "Queued for sending now"),
        (status = 401, description = "No admin session", body = ErrorResponse),
        (status = 404, description = "No such message", body = ErrorResponse),
        (status = 409, description = "The message was suppressed by the mail limits: it is never sent", body = ErrorResponse),
    )
)]
pub async fn retry(
    State(state): State<ApiState>,
    Extension(_): Extension<Authed>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = id_of(&id)?;
    if state.db().outbox_retry(id).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else if state.db().suppressed_mail(id).await?.is_some() {
        Err(AppError::Conflict(
            "This message was suppressed by the mail limits and is never sent; delete it instead."
                .into(),
        ))
    } else {
        Err(AppError::NotFound("No such outbox message.".into()))
    }
}

/// Deletes a message unsent (or a suppressed one).
#[utoipa::path(
    delete,
    path = "/api/admin/outbox/{id}",
    tag = "admin",
    params(("id" = u64, Path, description = "Outbox message id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No admin session", body = ErrorResponse),
        (status = 404, description = "No such message", body = ErrorResponse),
    )
)]
pub async fn delete(
    State(state): State<ApiState>,
    Extension(_): Extension<Authed>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    if state.db().outbox_remove(id_of(&id)?).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(AppError::NotFound("No such outbox message.".into()))
    }
}
