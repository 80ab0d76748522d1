//! `GET /sitemap.xml` and `GET /robots.txt`, written from the catalogue in
//! the database at each request (so an admin's catalogue edit shows at once)
//! with absolute URLs, as the sitemap protocol requires.
//!
//! The origin is `CHLORO_PUBLIC_URL`, else the first ACME domain
//! ([`crate::config::Config::public_origin`]); without either, the request's
//! own scheme and `Host`, accepted only when it is a plain host name or
//! address (anything else gets relative URLs rather than a forged host), and
//! the response then varies by `Host` so no cache hands one host's URLs to
//! another.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, header};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::{ApiState, AppError};
use crate::http::Scheme;

#[derive(Clone)]
struct Site {
    api: ApiState,
    origin: Option<Arc<str>>,
}

/// The two routes, at the site's root (the edge merges them before the
/// static files).
pub fn router(api: ApiState, origin: Option<String>) -> Router {
    Router::new()
        .route("/sitemap.xml", get(sitemap))
        .route("/robots.txt", get(robots))
        .with_state(Site {
            api,
            origin: origin.map(Arc::from),
        })
}

/// Characters kept as they are in a path segment (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The origin for this request, and whether it came from the request.
fn origin_of(site: &Site, req: &Request) -> (String, bool) {
    if let Some(o) = &site.origin {
        return (o.to_string(), false);
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| req.uri().authority().map(|a| a.as_str().to_owned()))
        .filter(|h| is_plain_host(h));
    let scheme = match req.extensions().get::<Scheme>() {
        Some(Scheme::Https) => "https",
        _ => "http",
    };
    match host {
        Some(h) => (format!("{scheme}://{}", h.to_ascii_lowercase()), true),
        None => (String::new(), true),
    }
}

/// `name[:port]` or `[v6][:port]` with nothing else in it.
fn is_plain_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 255
        && h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':' | b'[' | b']'))
        && !h.starts_with(['.', '-', ':'])
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn with_vary(mut res: Response, from_request: bool, content_type: &'static str) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if from_request {
        h.insert(header::VARY, HeaderValue::from_static("Host"));
    }
    res
}

async fn sitemap(State(site): State<Site>, req: Request) -> Result<Response, AppError> {
    let (origin, from_request) = origin_of(&site, &req);
    let db = site.api.db();
    let services = db.services().await?;
    let products = db.products(None).await?;
    let mut paths = vec!["/".to_owned(), "/privacy".to_owned(), "/terms".to_owned()];
    paths.extend(
        services
            .iter()
            .map(|s| format!("/service/{}", utf8_percent_encode(&s.slug, SEGMENT))),
    );
    paths.extend(
        products
            .iter()
            .map(|p| format!("/equipment/{}", utf8_percent_encode(&p.slug, SEGMENT))),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        let _ = writeln!(
            xml,
            "  <url><loc>{}</loc></url>",
            xml_escape(&format!("{origin}{path}"))
        );
    }
    xml.push_str("</urlset>\n");
    Ok(with_vary(
        xml.into_response(),
        from_request,
        "application/xml",
    ))
}

async fn robots(State(site): State<Site>, req: Request) -> Response {
    let (origin, from_request) = origin_of(&site, &req);
    let text = format!(
        "User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /api/\n\nSitemap: {origin}/sitemap.xml\n"
    );
    with_vary(
        text.into_response(),
        from_request,
        "text/plain; charset=utf-8",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_hosts_and_escaping() {
        assert!(is_plain_host("example.com"));
        assert!(is_plain_host("127.0.0.1:8080"));
        assert!(is_plain_host("[::1]:8443"));
        assert!(!is_plain_host("evil.com/<x>"));
        assert!(!is_plain_host("a b"));
        assert!(!is_plain_host(""));
        assert!(!is_plain_host("user@host"));
        assert_eq!(xml_escape("a&b<'\">"), "a&amp;b&lt;&apos;&quot;&gt;");
    }
}
