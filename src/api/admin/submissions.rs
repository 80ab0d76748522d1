//! Contact submissions and datasheet requests for the admin.

use crate::api::openapi::{ErrorResponse, PageNumber};
use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::Serialize;
use serde_json::Value;

use crate::api::validate::normalise_digits;
use crate::api::{ApiState, AppError};
use crate::db::{Contact, DatasheetRequest, RfcTime};

const MAX_PAGE_SIZE: usize = 100;

/// Which submissions `status` selects (empty: all).
pub struct SubmissionStatus;

impl utoipa::PartialSchema for SubmissionStatus {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::api::openapi::string_enum(&["all", "read", "unread", ""])
    }
}

impl utoipa::ToSchema for SubmissionStatus {}

/// `isRead` as a query value (empty: not given).
pub struct ReadFilter;

impl utoipa::PartialSchema for ReadFilter {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::api::openapi::string_enum(&["true", "false", ""])
    }
}

impl utoipa::ToSchema for ReadFilter {}

/// The body of `PATCH …/read`: a bare boolean (what the admin UI sends) or
/// an object.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)]
#[serde(untagged)]
pub enum ReadBody {
    Bare(bool),
    Object(ReadObject),
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
pub struct ReadObject {
    is_read: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    data: Vec<T>,
    page: usize,
    page_size: usize,
    total: u64,
    total_pages: u64,
}

impl<T> Page<T> {
    fn new(data: Vec<T>, (page, page_size): (usize, usize), total: u64) -> Self {
        Self {
            data,
            page,
            page_size,
            total,
            total_pages: total.div_ceil(page_size as u64),
        }
    }
}

/// `page` (from 1) and `pageSize` (1–100; larger is capped at 100).
fn paging(q: &BTreeMap<String, String>) -> Result<(usize, usize), AppError> {
    let number = |name: &str, default: usize| match q.get(name).map(|s| s.trim()) {
        None | Some("") => Ok(default),
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| AppError::field(name, "a whole number from 1")),
    };
    Ok((
        number("page", 1)?,
        number("pageSize", 10)?.min(MAX_PAGE_SIZE),
    ))
}

fn offset((page, size): (usize, usize)) -> usize {
    (page - 1).saturating_mul(size)
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListItem {
    id: u64,
    full_name: String,
    email: String,
    company: String,
    #[schema(value_type = String, format = DateTime)]
    submitted_at: RfcTime,
    is_read: bool,
}

fn full_name(first: &str, last: &str) -> String {
    format!("{first} {last}").trim().to_owned()
}

#[utoipa::path(get, path = "/api/admin/submissions", tag = "admin",
    params(("page" = inline(Option<PageNumber>), Query, description = "From 1; default 1"),
        ("pageSize" = inline(Option<PageNumber>), Query, description = "From 1; default 10; more than 100 is taken as 100"),
        ("search" = Option<String>, Query, description = "Case-insensitive; in names, e-mail, phone, company and message; ASCII, Arabic-Indic, Eastern Arabic-Indic and full-width digits match each other (`0100` finds `٠١٠٠`)"),
        ("isRead" = inline(Option<ReadFilter>), Query, description = "Only read (`true`) or unread (`false`) ones; empty: not given; wins over `status`"),
        ("status" = inline(Option<SubmissionStatus>), Query)),
    responses((status = 200, description = "One page, newest first", body = Page<ListItem>),
        (status = 400, body = ErrorResponse), (status = 401, body = ErrorResponse)))]
pub async fn list(
    State(state): State<ApiState>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Json<Page<ListItem>>, AppError> {
    let paging = paging(&q)?;
    // Each is checked (the document says what each takes); `isRead` wins.
    let is_read = match q.get("isRead").map(String::as_str) {
        None | Some("") => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return Err(AppError::field("isRead", "true or false")),
    };
    let status = match q.get("status").map(String::as_str) {
        None | Some("all" | "") => None,
        Some("read") => Some(true),
        Some("unread") => Some(false),
        Some(_) => return Err(AppError::field("status", "all, read or unread")),
    };
    let read_filter = is_read.or(status);
    let needle = q
        .get("search")
        .map(|s| normalise_digits(&s.trim().to_lowercase()).into_owned())
        .filter(|s| !s.is_empty());
    let (contacts, total) = if read_filter.is_none() && needle.is_none() {
        let (all, _) = state.db().contact_counts().await?;
        (
            state
                .db()
                .contacts_newest_first(offset(paging), paging.1)
                .await?,
            all,
        )
    } else {
        let search = needle.map(|n| {
            let raw_needle = n.clone();
            (
                move |raw: &[u8]| raw_may_match(raw, &raw_needle),
                move |c: &Contact| matches_search(c, &n),
            )
        });
        state
            .db()
            .contacts_filtered(read_filter, search, offset(paging), paging.1)
            .await?
    };
    let data = contacts
        .into_iter()
        .map(|c| ListItem {
            id: c.id,
            full_name: full_name(&c.first_name, &c.last_name),
            email: c.email,
            company: c.company,
            submitted_at: RfcTime(c.submitted_at),
            is_read: c.is_read,
        })
        .collect();
    Ok(Json(Page::new(data, paging, total)))
}

/// A cheap test on a stored record's raw bytes before it is decoded: can
/// [`matches_search`] accept it? Postcard stores strings as their UTF-8
/// bytes, so for an ASCII needle each space-free piece of it must appear in
/// the bytes, ignoring ASCII case (a piece never spans two fields: the full
/// name joins its parts with a space). Two characters lower-case to ASCII
/// (KELVIN SIGN → `k`, DOTTED CAPITAL I → `i̇`); a record holding either,
/// or a non-ASCII needle, is always decoded; so is one holding a digit or
/// plus sign that [`normalise_digits`] turns into ASCII, or a direction
/// mark it drops (the search compares normalised text). Never rejects a
/// match.
fn raw_may_match(raw: &[u8], needle: &str) -> bool {
    const KELVIN: &[u8] = "\u{212A}".as_bytes();
    const DOTTED_I: &[u8] = "\u{130}".as_bytes();
    // UTF-8 of U+0660–0669 (D9 A0–A9), U+06F0–06F9 (DB B0–B9), U+FF0B
    // (EF BC 8B) and U+FF10–FF19 (EF BC 90–99).
    // Direction marks, which normalising drops: U+061C (D8 9C), U+200E/200F
    // and U+202A–202E (E2 80 8E/8F, AA–AE), U+2066–2069 (E2 81 A6–A9).
    let arabic_digit =
        |w: &[u8]| matches!(w, [0xD9, 0xA0..=0xA9] | [0xDB, 0xB0..=0xB9] | [0xD8, 0x9C]);
    let full_width = |w: &[u8]| {
        matches!(
            w,
            [0xEF, 0xBC, 0x8B | 0x90..=0x99]
                | [0xE2, 0x80, 0x8E | 0x8F | 0xAA..=0xAE]
                | [0xE2, 0x81, 0xA6..=0xA9]
        )
    };
    let contains = |hay: &[u8], piece: &[u8]| {
        piece.is_empty()
            || hay
                .windows(piece.len())
                .any(|w| w.eq_ignore_ascii_case(piece))
    };
    if !needle.is_ascii()
        || raw.windows(KELVIN.len()).any(|w| w == KELVIN)
        || raw.windows(DOTTED_I.len()).any(|w| w == DOTTED_I)
        || raw.windows(2).any(arabic_digit)
        || raw.windows(3).any(full_width)
    {
        return true;
    }
    needle
        .split(' ')
        .all(|piece| contains(raw, piece.as_bytes()))
}

/// Case-insensitive substring over name, e-mail, phone, company and
/// message, with digits compared in their ASCII form (`needle` is lower
/// case and normalised already).
fn matches_search(c: &Contact, needle: &str) -> bool {
    [
        full_name(&c.first_name, &c.last_name).as_str(),
        &c.email,
        &c.phone,
        &c.company,
        &c.message,
    ]
    .iter()
    .any(|field| normalise_digits(&field.to_lowercase()).contains(needle))
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    id: u64,
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    company: String,
    industry: String,
    country: String,
    postal_code: String,
    message: String,
    #[schema(value_type = String, format = DateTime)]
    submitted_at: RfcTime,
    ip_address: Option<String>,
    user_agent: String,
    receive_emails: bool,
    is_read: bool,
}

impl From<Contact> for Detail {
    fn from(c: Contact) -> Self {
        Self {
            id: c.id,
            first_name: c.first_name,
            last_name: c.last_name,
            email: c.email,
            phone: c.phone,
            company: c.company,
            industry: c.industry,
            country: c.country,
            postal_code: c.postal_code,
            message: c.message,
            submitted_at: RfcTime(c.submitted_at),
            ip_address: c.ip_address.map(|ip| ip.to_string()),
            user_agent: c.user_agent,
            receive_emails: c.receive_emails,
            is_read: c.is_read,
        }
    }
}

fn not_found() -> AppError {
    AppError::NotFound("No submission with this id.".into())
}

fn id_of(raw: &str) -> Result<u64, AppError> {
    raw.parse().map_err(|_| not_found())
}

#[utoipa::path(get, path = "/api/admin/submissions/{id}", tag = "admin", params(("id" = u64, Path)),
    responses((status = 200, description = "The full submission", body = Detail), (status = 401, body = ErrorResponse), (status = 404, body = ErrorResponse)))]
pub async fn detail(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> Result<Json<Detail>, AppError> {
    let c = state
        .db()
        .contact(id_of(&id)?)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(c.into()))
}

/// Body: a bare `true`/`false`, or `{"isRead": bool}`. Any content type is
/// accepted (the older UI sent a bare boolean without one).
#[utoipa::path(patch, path = "/api/admin/submissions/{id}/read", tag = "admin", params(("id" = u64, Path)),
    request_body(content = ReadBody, description = "`true`, `false` or `{\"isRead\": bool}`, with any content type"),
    responses((status = 200, description = "The updated submission", body = Detail), (status = 400, body = ErrorResponse),
        (status = 401, body = ErrorResponse), (status = 404, body = ErrorResponse)))]
pub async fn set_read(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Detail>, AppError> {
    let id = id_of(&id)?;
    let read = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Bool(b)) => b,
        Ok(Value::Object(o)) => match o.get("isRead") {
            Some(Value::Bool(b)) => *b,
            _ => return Err(AppError::field("isRead", "true or false")),
        },
        _ => {
            return Err(AppError::BadRequest(
                "Expected a JSON body: true, false or {\"isRead\": true|false}.".into(),
            ));
        }
    };
    let c = state
        .db()
        .set_contact_read(id, read)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(c.into()))
}

#[utoipa::path(put, path = "/api/admin/submissions/{id}/mark-read", tag = "admin", params(("id" = u64, Path)),
    responses((status = 200, description = "The updated submission", body = Detail), (status = 401, body = ErrorResponse), (status = 404, body = ErrorResponse)))]
pub async fn mark_read(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> Result<Json<Detail>, AppError> {
    let c = state
        .db()
        .set_contact_read(id_of(&id)?, true)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(c.into()))
}

#[utoipa::path(delete, path = "/api/admin/submissions/{id}", tag = "admin", params(("id" = u64, Path)),
    responses((status = 204), (status = 401, body = ErrorResponse), (status = 404, body = ErrorResponse)))]
pub async fn delete(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    if state.db().delete_contact(id_of(&id)?).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(not_found())
    }
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestItem {
    id: u64,
    full_name: String,
    email: String,
    phone: String,
    company: String,
    country: String,
    datasheet: String,
    #[schema(value_type = String, format = DateTime)]
    requested_at: RfcTime,
}

impl From<DatasheetRequest> for RequestItem {
    fn from(r: DatasheetRequest) -> Self {
        Self {
            id: r.id,
            full_name: full_name(&r.first_name, &r.last_name),
            email: r.email,
            phone: r.phone,
            company: r.company,
            country: r.country,
            datasheet: r.datasheet,
            requested_at: RfcTime(r.requested_at),
        }
    }
}

#[utoipa::path(get, path = "/api/admin/datasheet-requests", tag = "admin",
    params(("page" = inline(Option<PageNumber>), Query, description = "From 1; default 1"),
        ("pageSize" = inline(Option<PageNumber>), Query, description = "From 1; default 10; more than 100 is taken as 100")),
    responses((status = 200, description = "One page, newest first", body = Page<RequestItem>),
        (status = 400, body = ErrorResponse), (status = 401, body = ErrorResponse)))]
pub async fn datasheet_requests(
    State(state): State<ApiState>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Json<Page<RequestItem>>, AppError> {
    let paging = paging(&q)?;
    let (requests, total) = state
        .db()
        .datasheet_requests_newest_first(offset(paging), paging.1)
        .await?;
    Ok(Json(Page::new(
        requests.into_iter().map(RequestItem::from).collect(),
        paging,
        total,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Timestamp;

    fn contact(first: &str, last: &str, email: &str, company: &str, message: &str) -> Contact {
        with_phone(first, last, email, company, message, "+20 100 000 0000")
    }

    fn with_phone(
        first: &str,
        last: &str,
        email: &str,
        company: &str,
        message: &str,
        phone: &str,
    ) -> Contact {
        Contact {
            id: 7,
            first_name: first.into(),
            last_name: last.into(),
            email: email.into(),
            phone: phone.into(),
            company: company.into(),
            industry: "Water".into(),
            country: "Egypt".into(),
            postal_code: "11511".into(),
            message: message.into(),
            receive_emails: true,
            submitted_at: Timestamp(1_764_000_000_000),
            ip_address: None,
            user_agent: "test".into(),
            is_read: false,
        }
    }

    /// The raw-bytes test never turns down a record the real search keeps,
    /// and it does turn down plain misses (the point of having it).
    #[test]
    fn admin_search_prefilter_never_rejects_a_match() {
        let people = [
            contact("John", "Smith", "JS@Example.com", "Metito", "Need a QUOTE"),
            contact("", "Solo", "solo@example.com", "", ""),
            contact("سارة", "أحمد", "sara@example.com", "شركة المياه", "عرض سعر"),
            contact("\u{212A}arim", "\u{130}brahim", "k@example.com", "X", "y"),
            contact(
                "Anna",
                "Lee",
                "anna@example.com",
                "Veolia Water",
                "tab\there",
            ),
            with_phone("Mona", "", "m@example.com", "", "", "٠١٠٠١٢٣٤٥٦٧"),
            with_phone("Reza", "", "r@example.com", "", "", "۰۹۱۲ ۳۴۵ ۶۷۸۹"),
            with_phone("Aki", "", "a@example.com", "", "", "＋８１ ９０ １２３４"),
            with_phone("Omar", "", "o@example.com", "", "كود ١٢٣", "0111"),
            with_phone(
                "Lina",
                "",
                "l@example.com",
                "",
                "",
                "\u{200E}+961 3\u{200E}456 789",
            ),
        ];
        let needles = [
            "john smith",
            "n smi",
            "smith",
            "example.com",
            "quote",
            "metito",
            "solo",
            "أحمد",
            "سارة أحمد",
            "karim",
            "i̇brahim",
            "veolia water",
            "a water",
            "tab\there",
            "0100123",
            "٠١٠٠",
            "0912 345",
            "+81 90",
            "１２３４",
            "كود 123",
            "+20 100",
            "3456",
            "+961 3456",
            "nobody",
            "zz top",
            "",
        ];
        for c in &people {
            let raw = crate::db::record::encode(c).expect("encodes");
            for n in needles {
                let n = normalise_digits(&n.to_lowercase()).into_owned();
                if matches_search(c, &n) {
                    assert!(
                        raw_may_match(&raw, &n),
                        "{n:?} rejected for {}",
                        c.first_name
                    );
                }
            }
        }
        let found = |n: &str| {
            let n = normalise_digits(&n.to_lowercase()).into_owned();
            people
                .iter()
                .filter(|c| matches_search(c, &n))
                .map(|c| c.first_name.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(found("0100123"), ["Mona"]);
        assert_eq!(found("٠١٠٠١٢٣"), ["Mona"]);
        assert_eq!(found("0912 345"), ["Reza"]);
        assert_eq!(found("+81 90"), ["Aki"]);
        assert_eq!(found("+961 3456"), ["Lina"], "direction marks do not split");
        assert_eq!(found("كود 123"), ["Omar"]);
        let raw = crate::db::record::encode(&people[0]).expect("encodes");
        assert!(!raw_may_match(&raw, "nobody"));
        assert!(!raw_may_match(&raw, "zz top"));
    }
}
