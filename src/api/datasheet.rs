//! `POST /datasheet/request` and `GET /datasheet/download/{token}`: gated
//! datasheet downloads.
//!
//! A request is recorded with a fresh 128-bit random token; the response
//! carries the same-origin link `/api/datasheet/download/<token>`. The token
//! is stored only as its SHA-256, and expires after
//! `CHLORO_DATASHEET_TOKEN_TTL` (410 afterwards).

use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Extension, Json};
use http::HeaderMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::contact::user_agent;
use super::json::ApiJson;
use super::openapi::{ErrorResponse, email, phone, required_text, text};
use super::pdf;
use super::validate::Fields;
use super::{ApiState, AppError};
use crate::db::{NewDatasheetRequest, RfcTime, Timestamp, TokenState};
use crate::http::ClientIp;
use crate::http::hex;
use crate::privacy::{MaskedEmail, MaskedIp};

/// Random bytes in a download token.
const TOKEN_BYTES: usize = 16;

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DatasheetBody {
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
    country: Option<String>,
    /// The datasheet's base name (e.g. `ChloroMaster Emergency Kit`), or a
    /// product slug (`emergency-kit`); 404 when it names none.
    #[schema(schema_with = required_text::<200>, required = true)]
    datasheet_slug: Option<String>,
}

impl DatasheetBody {
    /// The same fields asking for `datasheet` (the site's form asks for
    /// its page's product's datasheet, whatever the body names).
    pub fn for_datasheet(self, datasheet: String) -> Self {
        Self {
            datasheet_slug: Some(datasheet),
            ..self
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DatasheetResponse {
    message: &'static str,
    /// Same-origin relative URL of the download.
    pub download_url: String,
    #[schema(value_type = String, format = DateTime)]
    expires_at: RfcTime,
}

/// Records a datasheet request and returns a personal download link.
#[utoipa::path(
    post,
    path = "/api/datasheet/request",
    tag = "datasheets",
    request_body = DatasheetBody,
    responses(
        (status = 200, description = "Recorded; the link expires", body = DatasheetResponse),
        (status = 400, description = "Invalid fields or malformed JSON", body = ErrorResponse),
        (status = 404, description = "Unknown datasheet", body = ErrorResponse),
        (status = 413, description = "Body too large", body = ErrorResponse),
        (status = 415, description = "Not `application/json`", body = ErrorResponse),
        (status = 503, description = "Cannot store right now; nothing was stored", body = ErrorResponse),
    )
)]
pub async fn request(
    State(state): State<ApiState>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<DatasheetBody>,
) -> Result<Json<DatasheetResponse>, AppError> {
    let ip = client.map(|Extension(ClientIp(ip))| ip);
    issue(&state, ip, user_agent(&headers), body)
        .await
        .map(Json)
}

/// Validates and records a request and issues its download link: what
/// `POST /api/datasheet/request` does, shared with the site's HTML form
/// (`site::forms`).
pub async fn issue(
    state: &ApiState,
    ip: Option<std::net::IpAddr>,
    user_agent: String,
    body: DatasheetBody,
) -> Result<DatasheetResponse, AppError> {
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
    let country = f.text("country", body.country, 100, false);
    let wanted = f.text("datasheetSlug", body.datasheet_slug, 200, true);
    f.finish()?;

    let Some((datasheet, media)) = state.inner.db.find_datasheet_file(wanted).await? else {
        return Err(AppError::NotFound("Unknown datasheet.".into()));
    };
    let token = hex::encode(&rand::random::<[u8; TOKEN_BYTES]>());
    let expires_at = Timestamp::now().saturating_add(state.inner.config.datasheet_token_ttl);
    let new = NewDatasheetRequest {
        first_name,
        last_name,
        email,
        phone,
        company,
        country,
        datasheet,
        ip_address: ip,
        user_agent,
    };
    let request = state
        .inner
        .db
        .insert_datasheet_request_for(new, token.clone(), token_hash(&token), expires_at, media)
        .await?;
    tracing::info!(
        id = request.id,
        datasheet = %request.datasheet,
        ip = %ip.map(|ip| MaskedIp(ip).to_string()).unwrap_or_default(),
        email = %MaskedEmail(&request.email),
        "datasheet request stored"
    );
    Ok(DatasheetResponse {
        message: "Thank you. Your datasheet is ready to download.",
        download_url: format!("/api/datasheet/download/{token}"),
        expires_at: RfcTime(expires_at),
    })
}

/// Downloads the PDF a link grants (`Range` supported).
#[utoipa::path(
    get,
    path = "/api/datasheet/download/{token}",
    tag = "datasheets",
    params(("token" = String, Path, min_length = 1, description = "The token from `downloadUrl`")),
    responses(
        (status = 200, description = "The PDF, as an attachment", content(("application/pdf"))),
        (status = 206, description = "The requested byte range", content(("application/pdf"))),
        (status = 404, description = "Unknown link, or the datasheet file is missing", body = ErrorResponse),
        (status = 410, description = "The link has expired", body = ErrorResponse),
        (status = 416, description = "Range not satisfiable"),
    )
)]
pub async fn download(
    State(state): State<ApiState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let well_formed = token.len() == TOKEN_BYTES * 2
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let unknown = || AppError::NotFound("This download link is not valid.".into());
    if !well_formed {
        return Err(unknown());
    }
    let (datasheet, media) = match state
        .inner
        .db
        .token_state(token_hash(&token), Timestamp::now())
        .await?
    {
        TokenState::Valid { datasheet, media } => (datasheet, media),
        TokenState::Expired => {
            return Err(AppError::Gone(
                "This download link has expired. Please request the datasheet again.".into(),
            ));
        }
        TokenState::Unknown => return Err(unknown()),
    };
    // The uploaded PDF the link was issued for, even if the product has
    // another one now.
    if let Some(id) = media {
        return match state.inner.media.read_original(&id).await {
            Ok(bytes) => Ok(pdf::serve(&datasheet, bytes.to_vec(), &headers)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(AppError::NotFound(
                "This datasheet is not available.".into(),
            )),
            Err(e) => Err(AppError::Internal(format!(
                "cannot read an uploaded datasheet: {e}"
            ))),
        };
    }
    let Some(bytes) = state.inner.datasheets.load(&datasheet).await? else {
        return Err(AppError::NotFound(
            "This datasheet is not available.".into(),
        ));
    };
    Ok(pdf::serve(&datasheet, bytes, &headers))
}

fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
