//! `GET /sitemap.xml` and `GET /robots.txt`, written from the catalogue in
//! the database at each request (so an admin's catalogue edit shows at once)
//! with absolute URLs, as the sitemap protocol requires. Every page is
//! listed in both languages, each `<url>` with `xhtml:link` alternates for
//! `en`, `ar` and `x-default` (the English page), as Google reads hreflang
//! from sitemaps.
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
use http::{HeaderMap, HeaderValue, header};

use super::route::{Lang, Page};
use crate::api::{ApiState, AppError};
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

/// The origin for this request, and whether it came from the request.
fn origin_of(site: &Site, req: &Request) -> (String, bool) {
    match &site.origin {
        Some(o) => (o.to_string(), false),
        None => (
            origin_from_request(req.headers(), req.uri(), req.extensions().get::<Scheme>()),
            true,
        ),
    }
}

/// `scheme://host` from the request's `Host` when it is a plain host name
/// or address; else empty (relative URLs rather than a forged host).
pub fn origin_from_request(
    headers: &HeaderMap,
    uri: &http::Uri,
    scheme: Option<&Scheme>,
) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))
        .filter(|h| is_plain_host(h));
    let scheme = match scheme {
        Some(Scheme::Https) => "https",
        _ => "http",
    };
    match host {
        Some(h) => format!("{scheme}://{}", h.to_ascii_lowercase()),
        None => String::new(),
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
    let mut pages = vec![Page::Home, Page::Privacy, Page::Terms];
    pages.extend(services.iter().map(|s| Page::Service(s.slug.clone())));
    pages.extend(products.iter().map(|p| Page::Equipment(p.slug.clone())));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let url = |page: &Page, lang: Lang| xml_escape(&format!("{origin}{}", page.path(lang)));
    for page in &pages {
        for lang in [Lang::En, Lang::Ar] {
            let _ = write!(xml, "  <url><loc>{}</loc>", url(page, lang));
            for (hreflang, alt) in [("en", Lang::En), ("ar", Lang::Ar), ("x-default", Lang::En)] {
                let _ = write!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>",
                    url(page, alt)
                );
            }
            xml.push_str("</url>\n");
        }
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
