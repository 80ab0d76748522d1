//! CSV exports of submissions and datasheet requests (RFC 4180 quoting;
//! cells a spreadsheet would run as a formula are neutralised).
//!
//! The `phone` and `postalCode` columns hold the ASCII form of what the
//! visitor typed (`validate::normalise_digits`: Arabic-Indic, Eastern
//! Arabic-Indic and full-width digits become `0`–`9`, `＋` becomes `+`), so
//! that spreadsheets and CRMs read them as numbers; every other column, and
//! the admin panel and mails, keep what was typed.

use crate::api::openapi::ErrorResponse;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header;

use crate::api::validate::normalise_digits;
use crate::api::{ApiState, AppError};

/// Quotes one cell. A cell starting with `=`, `+`, `-`, `@`, tab or CR
/// gets a leading `'` so spreadsheets show it as text instead of running it.
pub fn cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

fn row(out: &mut String, cells: &[&str]) {
    let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

fn attachment(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/admin/submissions.csv", tag = "admin",
    responses((status = 200, description = "Every submission as CSV", content_type = "text/csv", body = String), (status = 401, body = ErrorResponse)))]
pub async fn submissions(State(state): State<ApiState>) -> Result<Response, AppError> {
    let (all, _) = state
        .db()
        .contacts_matching(|_| true, 0, usize::MAX)
        .await?;
    let mut out = String::new();
    row(
        &mut out,
        &[
            "id",
            "submittedAt",
            "firstName",
            "lastName",
            "email",
            "phone",
            "company",
            "industry",
            "country",
            "postalCode",
            "message",
            "receiveEmails",
            "isRead",
        ],
    );
    for c in &all {
        row(
            &mut out,
            &[
                &c.id.to_string(),
                &c.submitted_at.rfc3339(),
                &c.first_name,
                &c.last_name,
                &c.email,
                &normalise_digits(&c.phone),
                &c.company,
                &c.industry,
                &c.country,
                &normalise_digits(&c.postal_code),
                &c.message,
                &c.receive_emails.to_string(),
                &c.is_read.to_string(),
            ],
        );
    }
    Ok(attachment("submissions.csv", out))
}

#[utoipa::path(get, path = "/api/admin/datasheet-requests.csv", tag = "admin",
    responses((status = 200, description = "Every datasheet request as CSV", content_type = "text/csv", body = String), (status = 401, body = ErrorResponse)))]
pub async fn datasheet_requests(State(state): State<ApiState>) -> Result<Response, AppError> {
    let (all, _) = state
        .db()
        .datasheet_requests_newest_first(0, usize::MAX)
        .await?;
    let mut out = String::new();
    row(
        &mut out,
        &[
            "id",
            "requestedAt",
            "firstName",
            "lastName",
            "email",
            "phone",
            "company",
            "country",
            "datasheet",
        ],
    );
    for r in &all {
        row(
            &mut out,
            &[
                &r.id.to_string(),
                &r.requested_at.rfc3339(),
                &r.first_name,
                &r.last_name,
                &r.email,
                &normalise_digits(&r.phone),
                &r.company,
                &r.country,
                &r.datasheet,
            ],
        );
    }
    Ok(attachment("datasheet-requests.csv", out))
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn admin_csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(cell("plain"), "\"plain\"");
        assert_eq!(cell("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for c in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell(c).starts_with("\"'"), "{c:?}");
        }
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
    }
}
