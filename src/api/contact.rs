//! `POST /contact`: the contact form.

use axum::extract::State;
use axum::{Extension, Json};
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Deserializer, Serialize};

use super::json::ApiJson;
use super::openapi::{ErrorResponse, email, phone, required_multiline, text};
use super::validate::Fields;
use super::{ApiState, AppError};
use crate::db::{Contact, NewContact, RfcTime};
use crate::http::ClientIp;
use crate::http::limit::{KeyedLimit, RetryAfter};
use crate::privacy::{MaskedEmail, MaskedIp};

/// The form as the sites send it. Every field is optional here so that a
/// missing one is reported as a validation error of that field; both the
/// current and the old spellings are accepted.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(
    description = "The contact form as the sites send it; the old spellings `market` and `subscribe` are accepted too."
)]
pub struct ContactBody {
    #[schema(schema_with = text::<100>)]
    first_name: Option<String>,
    #[schema(schema_with = text::<100>)]
    last_name: Option<String>,
    #[schema(schema_with = email, required = true)]
    email: Option<String>,
    #[schema(schema_with = phone, required = true)]
    phone: Option<String>,
    #[schema(schema_with = text::<200>)]
    company: Option<String>,
    #[schema(schema_with = text::<100>)]
    industry: Option<String>,
    /// Old spelling of `industry`, taken when `industry` is empty.
    #[schema(value_type = Option<String>)]
    market: Option<String>,
    #[schema(schema_with = text::<100>)]
    country: Option<String>,
    #[schema(schema_with = text::<20>)]
    postal_code: Option<String>,
    #[schema(schema_with = required_multiline::<5000>, required = true)]
    message: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    #[schema(schema_with = lenient_bool_schema)]
    receive_emails: Option<bool>,
    /// Old spelling of `receiveEmails`.
    #[serde(default, deserialize_with = "lenient_bool")]
    #[schema(schema_with = lenient_bool_schema)]
    subscribe: Option<bool>,
}

/// The created record as the API shows it (no IP, no User-Agent).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactResponse {
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
    receive_emails: bool,
    #[schema(value_type = String, format = DateTime)]
    submitted_at: RfcTime,
    is_read: bool,
}

impl From<Contact> for ContactResponse {
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
            receive_emails: c.receive_emails,
            submitted_at: RfcTime(c.submitted_at),
            is_read: c.is_read,
        }
    }
}

/// Checks the form; returns the record to store or every field's problem.
pub fn validate(body: ContactBody) -> Result<NewContact, AppError> {
    let mut f = Fields::default();
    let first_name = f.text("firstName", body.first_name, 100, false);
    let last_name = f.text("lastName", body.last_name, 100, false);
    if first_name.is_empty()
        && last_name.is_empty()
        && !f.has_error("firstName")
        && !f.has_error("lastName")
    {
        f.fail("firstName", "first or last name is required");
    }
    let email = f.email("email", body.email);
    let phone = f.phone("phone", body.phone);
    let company = f.text("company", body.company, 200, false);
    let industry_value = body
        .industry
        .filter(|s| !s.trim().is_empty())
        .or(body.market);
    let industry = f.text("industry", industry_value, 100, false);
    let country = f.text("country", body.country, 100, false);
    let postal_code = f.text("postalCode", body.postal_code, 20, false);
    let message = f.multiline("message", body.message, 5000, true);
    f.finish()?;
    Ok(NewContact {
        first_name,
        last_name,
        email,
        phone,
        company,
        industry,
        country,
        postal_code,
        message,
        receive_emails: body.receive_emails.or(body.subscribe).unwrap_or(false),
        ip_address: None,
        user_agent: String::new(),
    })
}

/// Stores a contact-form submission; answered only after it is durably
/// committed.
#[utoipa::path(
    post,
    path = "/api/contact",
    tag = "contact",
    request_body = ContactBody,
    responses(
        (status = 201, description = "Stored", body = ContactResponse),
        (status = 400, description = "Invalid fields (per-field `errors`) or malformed JSON", body = ErrorResponse),
        (status = 413, description = "Body too large", body = ErrorResponse),
        (status = 415, description = "Not `application/json`", body = ErrorResponse),
        (status = 429, description = "Hourly per-IP limit reached (`Retry-After`)", body = ErrorResponse),
        (status = 503, description = "Cannot store right now; nothing was stored", body = ErrorResponse),
    )
)]
pub async fn submit(
    State(state): State<ApiState>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ContactBody>,
) -> Result<(StatusCode, Json<ContactResponse>), AppError> {
    let ip = client.map(|Extension(ClientIp(ip))| ip);
    let contact = store(&state, ip, user_agent(&headers), body).await?;
    Ok((StatusCode::CREATED, Json(contact.into())))
}

/// Validates, rate-limits (per IP, hourly) and stores a submission, with
/// its notification mail: what `POST /api/contact` does, shared with the
/// site's HTML form (`site::forms`).
pub async fn store(
    state: &ApiState,
    ip: Option<std::net::IpAddr>,
    user_agent: String,
    body: ContactBody,
) -> Result<Contact, AppError> {
    let mut new = validate(body)?;
    new.ip_address = ip;
    new.user_agent = user_agent;

    let slot =
        match ip {
            Some(ip) => state.inner.contact_limit.check(&ip).map_err(
                |RetryAfter(retry_after)| {
                    tracing::info!(ip = %MaskedIp(ip), "contact submission over the hourly limit");
                    AppError::TooManyRequests {
                        message: "Too many submissions from your address. Please try again later."
                            .into(),
                        retry_after,
                    }
                },
            )?,
            None => None,
        };
    let email = new.email.clone();
    let contact = match state.inner.db.insert_contact(new).await {
        Ok(c) => c,
        Err(e) => {
            state.inner.contact_limit.release(slot);
            return Err(e.into());
        }
    };
    tracing::info!(
        id = contact.id,
        ip = %ip.map(|ip| MaskedIp(ip).to_string()).unwrap_or_default(),
        email = %MaskedEmail(&email),
        "contact submission stored"
    );
    state.inner.metrics.contact_submitted();
    Ok(contact)
}

/// The User-Agent header, as text, at most 512 characters.
pub fn user_agent(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .chars()
                .take(512)
                .collect()
        })
        .unwrap_or_default()
}

/// `true`/`false`, and what HTML forms and older clients send for them
/// (`"true"`, `"on"`, `"1"`, `1`, …).
/// What [`lenient_bool`] takes: a boolean, an integer (0 is false), or one
/// of the words below in any case, with white space around; or null.
fn lenient_bool_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{AnyOfBuilder, ObjectBuilder, Type};
    let words = "true|on|yes|1|false|off|no|0"
        .split('|')
        .map(|w| {
            w.chars()
                .map(|c| match c.is_ascii_alphabetic() {
                    true => format!("[{c}{}]", c.to_ascii_uppercase()),
                    false => c.to_string(),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("|");
    AnyOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Boolean))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(i64::MIN as isize))
                .maximum(Some(i64::MAX as isize)),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(super::openapi::trimmed(&format!("(?:{words})"), false))),
        )
        .description(Some(
            "true or false; also an integer (0 is false) or `true`, `on`, `yes`, `1`, `false`, `off`, `no`, `0` or empty, in any case.",
        ))
        .build()
        .into()
}

/// 2^63. A whole float strictly inside ±2^63 is an `i64`; -2^63 itself is
/// also what an integer just below `i64::MIN` rounds to, so it is refused
/// (the integer literal -2^63 still takes the `Number` path).
const I64_BOUND: f64 = 9_223_372_036_854_775_808.0;

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Number(i64),
        /// `1.0`: JSON (and JSON Schema) do not tell it from `1`.
        Float(f64),
        Text(String),
    }
    let flag: Option<Flag> = Option::deserialize(d)?;
    Ok(match flag {
        None => None,
        Some(Flag::Bool(b)) => Some(b),
        Some(Flag::Number(n)) => Some(n != 0),
        Some(Flag::Float(f)) if f.fract() == 0.0 && f > -I64_BOUND && f < I64_BOUND => {
            Some(f != 0.0)
        }
        Some(Flag::Float(_)) => return Err(serde::de::Error::custom("expected true or false")),
        Some(Flag::Text(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "1" => Some(true),
            "false" | "off" | "no" | "0" | "" => Some(false),
            _ => return Err(serde::de::Error::custom("expected true or false")),
        },
    })
}
