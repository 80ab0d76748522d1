//! The contact form (home page) and the datasheet form (equipment page)
//! posted as plain HTML forms (`application/x-www-form-urlencoded`), for
//! visitors without JavaScript. Each POST goes to its page's own URL and is
//! answered with that page: the confirmation, or the form again with each
//! field's error next to it and what was typed kept (422), or the reason it
//! was refused (400/403/408/413/415/429/503).
//!
//! The fields go through the API's own functions (`api::store_contact`,
//! `api::issue_datasheet`): the same validation, per-IP hourly limit,
//! storage and notification mail as `POST /api/contact` and
//! `POST /api/datasheet/request`. No cookie is involved, so the only
//! cross-site concern is a page elsewhere posting in the visitor's name: a
//! cross-site `Sec-Fetch-Site`, or an `Origin` naming another host, is
//! refused with 403.

use std::collections::BTreeMap;

use axum::extract::Request;
use axum::response::Response;
use http::{HeaderMap, HeaderValue, StatusCode, header};

use super::render::{Done, FormState, View, reason_text, text};
use super::route::{Lang, Page};
use super::{Pages, cache, respond};
use crate::api::AppError;
use crate::http::{ClientIp, Scheme};

pub async fn post(pages: &Pages, lang: Lang, page: Page, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let headers = &parts.headers;
    let t = text(lang);
    let (origin, from_host) =
        pages.origin_of(headers, &parts.uri, parts.extensions.get::<Scheme>());
    let answer = |status: StatusCode, view: &View, form: &FormState| {
        let html = pages.render(lang, &origin, false, view, form);
        let mut res = respond(
            &cache::Rendered::new(status, html),
            &http::Method::POST,
            headers,
            false,
            from_host,
        );
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res.headers_mut().remove(header::ETAG);
        res
    };

    // What the page shows around the form (read before the form is
    // handled: an unknown product is a 404 whatever was posted).
    let view = match pages.load(&page).await {
        Ok(View::NotFound) => {
            return answer(
                StatusCode::NOT_FOUND,
                &View::NotFound,
                &FormState::default(),
            );
        }
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "a form's page could not read the catalogue");
            return super::plain(StatusCode::SERVICE_UNAVAILABLE, t.failed);
        }
    };
    let refuse = |status: StatusCode, message: &str| {
        let form = FormState {
            status: Some(("bad", message.to_owned())),
            ..FormState::default()
        };
        answer(status, &view, &form)
    };

    if cross_site(headers) {
        tracing::info!("form post from another site refused");
        return refuse(StatusCode::FORBIDDEN, t.failed);
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !is_form {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, t.failed);
    }
    let bytes = match tokio::time::timeout(
        pages.body_timeout,
        axum::body::to_bytes(body, pages.max_body),
    )
    .await
    {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => return refuse(StatusCode::PAYLOAD_TOO_LARGE, t.failed),
        Err(_) => return refuse(StatusCode::REQUEST_TIMEOUT, t.failed),
    };
    let datasheet = matches!(page, Page::Equipment(_));
    // What was typed, to show again; only the form's own fields.
    let mut typed: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in form_urlencoded_pairs(&bytes) {
        let keep = super::render::form_field_names(datasheet).any(|n| n == k)
            || (!datasheet && k == "receiveEmails");
        if keep {
            typed.insert(k, v);
        }
    }
    let ip = parts.extensions.get::<ClientIp>().map(|ClientIp(ip)| *ip);
    let user_agent = crate::api::user_agent(headers);

    let result = if datasheet {
        let View::Equipment { product, .. } = &view else {
            return refuse(StatusCode::NOT_FOUND, t.failed);
        };
        match serde_urlencoded::from_bytes::<crate::api::DatasheetBody>(&bytes) {
            // The page's own product's datasheet, whatever the body names.
            Ok(body) => match &product.datasheet {
                Some(sheet) => crate::api::issue_datasheet(
                    &pages.api,
                    ip,
                    user_agent,
                    body.for_datasheet(sheet.clone()),
                )
                .await
                .map(|r| Done::Datasheet {
                    url: r.download_url,
                }),
                None => Err(AppError::NotFound("Unknown datasheet.".into())),
            },
            Err(e) => Err(AppError::BadRequest(e.to_string())),
        }
    } else {
        match serde_urlencoded::from_bytes::<crate::api::ContactBody>(&bytes) {
            Ok(body) => crate::api::store_contact(&pages.api, ip, user_agent, body)
                .await
                .map(|_| Done::Contact),
            Err(e) => Err(AppError::BadRequest(e.to_string())),
        }
    };

    match result {
        Ok(done) => answer(
            StatusCode::OK,
            &view,
            &FormState {
                done: Some(done),
                ..FormState::default()
            },
        ),
        Err(AppError::Validation(errors)) => {
            let mut form = FormState {
                values: typed,
                status: Some(("bad", t.fix_fields.to_owned())),
                ..FormState::default()
            };
            let mut unplaced = Vec::new();
            for (field, reason) in errors {
                let name = if field == "market" {
                    "industry"
                } else {
                    field.as_str()
                };
                if super::render::form_field_names(datasheet).any(|n| n == name) {
                    form.errors
                        .insert(name.to_owned(), reason_text(lang, &reason));
                } else {
                    unplaced.push(format!("{field}: {reason}"));
                }
            }
            if !unplaced.is_empty()
                && let Some((_, msg)) = &mut form.status
            {
                msg.push(' ');
                msg.push_str(&unplaced.join(" "));
            }
            answer(StatusCode::UNPROCESSABLE_ENTITY, &view, &form)
        }
        Err(e) => {
            let status = e.status();
            let message = match &e {
                AppError::TooManyRequests { .. } => t.rate_limited,
                AppError::NotFound(_) => t.datasheet_missing,
                _ => t.failed,
            };
            let form = FormState {
                values: typed,
                status: Some(("bad", message.to_owned())),
                ..FormState::default()
            };
            let mut res = answer(status, &view, &form);
            if let AppError::TooManyRequests { retry_after, .. } = e {
                res.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after.as_secs().max(1)),
                );
            }
            res
        }
    }
}

/// The body's pairs, decoded (for showing them again; the API's types
/// parse the same bytes for validation).
fn form_urlencoded_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes).unwrap_or_default()
}

/// A post another site's page made: `Sec-Fetch-Site` says `cross-site` or
/// `same-site` (a sibling subdomain is not us either), or `Origin` names a
/// host other than the one addressed (`null`, an opaque origin, included).
/// Neither header (a non-browser client) is not a cross-site request.
fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site")
        && !matches!(site.as_bytes(), b"same-origin" | b"none")
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, host)| host.to_ascii_lowercase());
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    match (origin_host, host) {
        (Some(o), Some(h)) => o != h,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_posts_are_recognised() {
        assert!(!cross_site(&headers(&[])));
        assert!(!cross_site(&headers(&[
            ("host", "a.example"),
            ("origin", "https://a.example")
        ])));
        assert!(!cross_site(&headers(&[
            ("host", "A.example:8443"),
            ("origin", "https://a.example:8443"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "a.example"),
            ("origin", "https://evil.example")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "a.example"),
            ("origin", "null")
        ])));
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(cross_site(&headers(&[("sec-fetch-site", "same-site")])));
    }
}
