//! `POST /contact`: the contact form.

use axum::extract::State;
use axum::{Extension, Json};
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Deserializer, Serialize};

use super::json::ApiJson;
use super::openapi::ErrorResponse;
use super::validate::Fields;
use super::{ApiState, AppError};
use crate::db::{Contact, NewContact, RfcTime};
use crate::edge::ClientIp;
use crate::privacy::{MaskedEmail, MaskedIp};

/// The form as the sites send it. Every field is optional here so that a
/// missing one is reported as a validation error of that field; both the
/// current and the old spellings are accepted.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactBody {
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    company: Option<String>,
    industry: Option<String>,
    /// Old spelling of `industry`.
    market: Option<String>,
    country: Option<String>,
    postal_code: Option<String>,
    message: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    receive_emails: Option<bool>,
    /// Old spelling of `receiveEmails`.
    #[serde(default, deserialize_with = "lenient_bool")]
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
    let mut new = validate(body)?;
    let ip = client.map(|Extension(ClientIp(ip))| ip);
    new.ip_address = ip;
    new.user_agent = user_agent(&headers);

    let slot = match ip {
        Some(ip) => state
            .inner
            .contact_limit
            .acquire(ip)
            .map_err(|retry_after| {
                tracing::info!(ip = %MaskedIp(ip), "contact submission over the hourly limit");
                AppError::TooManyRequests {
                    message: "Too many submissions from your address. Please try again later."
                        .into(),
                    retry_after,
                }
            })?,
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
    Ok((StatusCode::CREATED, Json(contact.into())))
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
fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Number(i64),
        Text(String),
    }
    let flag: Option<Flag> = Option::deserialize(d)?;
    Ok(match flag {
        None => None,
        Some(Flag::Bool(b)) => Some(b),
        Some(Flag::Number(n)) => Some(n != 0),
        Some(Flag::Text(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "1" => Some(true),
            "false" | "off" | "no" | "0" | "" => Some(false),
            _ => return Err(serde::de::Error::custom("expected true or false")),
        },
    })
}
