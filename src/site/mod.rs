//! The public site as server-rendered HTML, in English (today's paths) and
//! Arabic (under `/ar/`): home, services, equipment (products and
//! projects), privacy, terms, and a real 404 page in the path's language.
//! The pages carry the markup `assets/js/app.js` used to draw, which now
//! only enhances them.
//!
//! - [`route`] reads and writes the pages' paths; [`render`] writes a page
//!   from the catalogue with [`html`]'s escaping writer and the texts of
//!   [`text`].
//! - Rendered pages are kept in memory ([`cache`]), with their gzip and
//!   brotli variants and a strong ETag each, under the API response cache's
//!   invalidation generation: a catalogue write's one
//!   `ResponseCache::invalidate` drops both.
//! - [`forms`] answers the contact and datasheet forms posted as HTML forms
//!   through the API's own validation, limits and storage.
//! - [`sitemap`] writes `/sitemap.xml` (both languages, `xhtml:link`
//!   alternates) and `/robots.txt`.

mod cache;
mod forms;
mod html;
mod render;
mod route;
pub mod sitemap;
mod text;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

use crate::api::ApiState;
use crate::assets::Assets;
use crate::http::Scheme;
use crate::http::negotiate::{self, Available, Coding};

pub use route::Lang;
use route::Page;

/// The rendered pages, and what they are rendered from.
pub struct Pages {
    api: ApiState,
    assets: Arc<Assets>,
    /// `CHLORO_PUBLIC_URL` (or the first ACME domain); without it the
    /// request's own host, as the sitemap does.
    origin: Option<Arc<str>>,
    cache: cache::PageCache,
    /// How long a form's body may take to arrive.
    body_timeout: Duration,
    max_body: usize,
}

impl Pages {
    pub fn new(
        api: ApiState,
        assets: Arc<Assets>,
        origin: Option<String>,
        body_timeout: Duration,
        max_body: usize,
    ) -> Self {
        Pages {
            api,
            assets,
            origin: origin.map(Arc::from),
            cache: cache::PageCache::new(cache::CAPACITY),
            body_timeout,
            max_body,
        }
    }

    /// Answers `req` when its path is a public page (any method), else
    /// gives it back.
    pub async fn answer(&self, req: Request) -> Result<Response, Request> {
        let Some((lang, page)) = route::classify(req.uri().path()) else {
            return Err(req);
        };
        let method = req.method().clone();
        Ok(if method == Method::GET || method == Method::HEAD {
            // Parts only: a request's body is not `Sync`, so a borrow of the
            // whole request would make this future not `Send`.
            let (parts, _) = req.into_parts();
            self.get(lang, page, &parts).await
        } else if method == Method::POST && matches!(page, Page::Home | Page::Equipment(_)) {
            forms::post(self, lang, page, req).await
        } else {
            let mut res = plain(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed\n");
            let allow = match page {
                Page::Home | Page::Equipment(_) => "GET, HEAD, POST",
                _ => "GET, HEAD",
            };
            res.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
            res
        })
    }

    /// The 404 page, in the language of `path`, for a page-like path that
    /// is no page.
    pub fn not_found(&self, path: &str, req: &Request) -> Response {
        let (origin, from_host) =
            self.origin_of(req.headers(), req.uri(), req.extensions().get::<Scheme>());
        let html = self.render(
            Lang::of_path(path),
            &origin,
            false,
            &render::View::NotFound,
            &render::FormState::default(),
        );
        let r = cache::Rendered::new(StatusCode::NOT_FOUND, html);
        respond(&r, req.method(), req.headers(), false, from_host)
    }

    /// A page, from the cache or rendered now.
    async fn get(&self, lang: Lang, page: Page, req: &http::request::Parts) -> Response {
        let headers = &req.headers;
        let (origin, from_host) = self.origin_of(headers, &req.uri, req.extensions.get::<Scheme>());
        // Only the English home page suggests Arabic; its answer then
        // depends on Accept-Language (and says so).
        let by_language = lang == Lang::En && page == Page::Home;
        let suggest = by_language && prefers_arabic(headers);
        let key = format!("{origin} {} {suggest}", page.path(lang));
        let generation = self.api.response_cache().generation();
        if let Some(hit) = self.cache.get(&key, generation) {
            return respond(&hit, &req.method, headers, by_language, from_host);
        }
        let rendered = match self.load(&page).await {
            Ok(view) => {
                let status = match view {
                    render::View::NotFound => StatusCode::NOT_FOUND,
                    _ => StatusCode::OK,
                };
                let html = self.render(lang, &origin, suggest, &view, &Default::default());
                let r = Arc::new(cache::Rendered::new(status, html));
                if status == StatusCode::OK {
                    self.cache.insert(key, generation, r.clone());
                }
                r
            }
            Err(e) => {
                tracing::warn!(error = %e, "a page could not read the catalogue");
                let t = render::text(lang);
                let mut res = plain(StatusCode::SERVICE_UNAVAILABLE, t.failed);
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
                return res;
            }
        };
        respond(&rendered, &req.method, headers, by_language, from_host)
    }

    fn render(
        &self,
        lang: Lang,
        origin: &str,
        suggest: bool,
        view: &render::View,
        form: &render::FormState,
    ) -> String {
        let css = self.assets.url("css/site.css");
        let js = self.assets.url("js/app.js");
        let shell = render::Shell {
            lang,
            origin,
            css: &css,
            js: &js,
            suggest_other: suggest,
        };
        render::page(&shell, view, form)
    }

    /// Reads what `page` shows (one or two read transactions).
    async fn load(&self, page: &Page) -> Result<render::View, crate::db::DbError> {
        let db = self.api.db();
        Ok(match page {
            Page::Home => render::View::Home {
                services: db.services().await?,
                products: db.products(None).await?,
            },
            Page::Service(slug) => match db.service(slug.clone()).await? {
                Some(service) if service.is_active && service.slug == *slug => {
                    let media =
                        crate::api::media_of(db, &[], std::slice::from_ref(&service)).await?;
                    render::View::Service {
                        products: db.products(Some(service.slug.clone())).await?,
                        gallery: render::gallery_images(&service.gallery, &media),
                        service: Box::new(service),
                    }
                }
                _ => render::View::NotFound,
            },
            Page::Equipment(slug) => match db.product(slug.clone()).await? {
                Some(product) if product.is_active => {
                    let service = db
                        .service(product.service_slug.clone())
                        .await?
                        .filter(|s| s.slug == product.service_slug)
                        .map(Box::new);
                    let media =
                        crate::api::media_of(db, std::slice::from_ref(&product), &[]).await?;
                    render::View::Equipment {
                        gallery: render::gallery_images(&product.gallery, &media),
                        product: Box::new(product),
                        service,
                    }
                }
                _ => render::View::NotFound,
            },
            Page::Privacy => render::View::Privacy,
            Page::Terms => render::View::Terms,
        })
    }

    /// The origin links start with, and whether it came from the request's
    /// `Host` (the answer then varies by it).
    fn origin_of(
        &self,
        headers: &HeaderMap,
        uri: &http::Uri,
        scheme: Option<&Scheme>,
    ) -> (String, bool) {
        match &self.origin {
            Some(o) => (o.to_string(), false),
            None => (sitemap::origin_from_request(headers, uri, scheme), true),
        }
    }
}

/// Whether the visitor's most preferred language (by `q`) is Arabic.
fn prefers_arabic(headers: &HeaderMap) -> bool {
    let Some(v) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut best: Option<(f32, bool)> = None;
    for item in v.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if tag.is_empty() || q <= 0.0 {
            continue;
        }
        let arabic = tag == "ar" || tag.starts_with("ar-");
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, arabic));
        }
    }
    best.is_some_and(|(_, arabic)| arabic)
}

fn plain(status: StatusCode, text: &str) -> Response {
    let mut res = Response::new(Body::from(format!("{text}\n")));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

const HTML: HeaderValue = HeaderValue::from_static("text/html; charset=utf-8");
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// A rendered page as a response: the variant `Accept-Encoding` picks, its
/// strong ETag, 304 on `If-None-Match`, `Cache-Control: no-cache` (HTML is
/// revalidated every time, as the shell was).
fn respond(
    r: &cache::Rendered,
    method: &Method,
    headers: &HeaderMap,
    by_language: bool,
    by_host: bool,
) -> Response {
    let coding = negotiate::encoding(
        headers,
        Available {
            br: r.br.is_some(),
            gzip: r.gzip.is_some(),
        },
    );
    let (body, etag) = match coding {
        Coding::Brotli => (r.br.as_ref().unwrap_or(&r.html), &r.etag_br),
        Coding::Gzip => (r.gzip.as_ref().unwrap_or(&r.html), &r.etag_gzip),
        Coding::Identity => (&r.html, &r.etag),
    };
    let not_modified = r.status == StatusCode::OK
        && (method == Method::GET || method == Method::HEAD)
        && crate::http::conditional::not_modified(headers, Some(etag), None);
    let mut res = if not_modified || method == Method::HEAD {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(Bytes::clone(body)))
    };
    *res.status_mut() = if not_modified {
        StatusCode::NOT_MODIFIED
    } else {
        r.status
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HTML);
    h.insert(header::CACHE_CONTROL, NO_CACHE);
    if r.status == StatusCode::OK {
        h.insert(header::ETAG, etag.clone());
    }
    if let Some(ce) = coding.content_encoding() {
        h.insert(header::CONTENT_ENCODING, ce);
    }
    if method == Method::HEAD && !not_modified {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    }
    let vary = match (by_language, by_host) {
        (false, false) => "Accept-Encoding",
        (true, false) => "Accept-Encoding, Accept-Language",
        (false, true) => "Accept-Encoding, Host",
        (true, true) => "Accept-Encoding, Accept-Language, Host",
    };
    h.insert(header::VARY, HeaderValue::from_static(vary));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_is_suggested_only_when_preferred() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::ACCEPT_LANGUAGE,
                HeaderValue::from_str(v).expect("value"),
            );
            prefers_arabic(&h)
        };
        assert!(with("ar"));
        assert!(with("ar-EG,ar;q=0.9,en;q=0.8"));
        assert!(with("en;q=0.5, ar-SA"));
        assert!(!with("en-US,en;q=0.9,ar;q=0.8"));
        assert!(!with("ar;q=0, en"));
        assert!(!with("arn"));
        assert!(!prefers_arabic(&HeaderMap::new()));
    }
}
