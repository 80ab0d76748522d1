//! The HTTP front of the appliance: the listener, the middleware stack in
//! one place, and the routes (health, API, site).

mod body_rate;
mod front;
pub mod head_guard;
mod health;
pub(crate) mod json_error;
mod limits;
pub mod observe;
pub mod per_ip;
pub mod rate_limit;
mod redirect;
mod security_headers;
pub mod server;
pub mod tls;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::get;
use http::StatusCode;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

use crate::api::response_cache::ResponseCache;

pub use health::Readiness;
pub use json_error::json_error;

use crate::assets::Assets;
use crate::config::HttpConfig;

/// What the edge needs to build its router.
pub struct Edge {
    pub config: Arc<HttpConfig>,
    pub assets: Arc<Assets>,
    pub readiness: Readiness,
    pub rate_limits: Arc<rate_limit::RateLimits>,
    /// The JSON API, mounted at `/api`; its own unknown paths give JSON 404s.
    pub api: Router,
    /// The API's response cache, which answers fresh hits before routing.
    pub api_cache: Option<Arc<ResponseCache>>,
    /// The server-rendered public pages (`None` when the site is an
    /// operator's `CHLORO_ASSETS_DIR`: its own app draws its pages).
    pub pages: Option<Arc<crate::site::Pages>>,
    /// Generated site files at the root (`/sitemap.xml`, `/robots.txt`),
    /// ahead of the static files.
    pub generated: Router,
    /// With HTTPS on, the HTTP listener redirects to this port.
    pub https_port: Option<u16>,
    pub acme: Option<Arc<rustls_acme::ResolvesServerCertAcme>>,
    /// Where requests are counted.
    pub metrics: crate::metrics::Metrics,
    /// Uploaded media, served at `/media/<sha256>.<ext>`.
    pub media: Arc<crate::media::MediaStore>,
    /// The largest body of a media upload (`CHLORO_MEDIA_MAX_BYTES`).
    pub media_max_body: u64,
}

/// The one route whose body may exceed `CHLORO_MAX_BODY` (up to
/// `CHLORO_MEDIA_MAX_BYTES`) and that has no whole-request timeout (the
/// minimum data rate still holds): an admin's media upload. Only `POST`,
/// and the larger limit only for a request that carries admin credentials
/// (which the API then checks like any other).
pub const MEDIA_UPLOAD_PATH: &str = "/api/admin/media";

/// Whether `req` is a media upload (the path as the edge sees it, or as the
/// nested API router sees it).
fn is_media_upload(req: &Request) -> bool {
    req.method() == http::Method::POST
        && matches!(req.uri().path(), MEDIA_UPLOAD_PATH | "/admin/media")
}

/// The API's timeouts (the whole request within `CHLORO_REQUEST_TIMEOUT`,
/// 503; the body within it too), except for a media upload, whose time
/// only the body's minimum data rate bounds.
async fn api_timeouts(
    State(timeout): State<std::time::Duration>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    if is_media_upload(&req) {
        return next.run(req).await;
    }
    let req =
        req.map(|body| axum::body::Body::new(tower_http::timeout::TimeoutBody::new(timeout, body)));
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            let mut res = Response::new(axum::body::Body::empty());
            *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            res
        }
    }
}

/// The routers for the two listeners.
pub struct Routers {
    /// The whole site and API; on the HTTPS listener when HTTPS is on.
    pub site: Router,
    /// What the HTTP listener serves when HTTPS is on: health, ACME
    /// challenges, and redirects to HTTPS.
    pub redirect: Option<Router>,
}

/// Builds the HTTP applications: the request policy (see [`front`] for its
/// order) around the routes.
pub fn routers(edge: Edge) -> Routers {
    let cfg = &edge.config;
    let body_limit = usize::try_from(cfg.max_json_body).unwrap_or(usize::MAX);

    // Timeouts apply to the API only: health and the site answer from
    // memory (a catalogue page's status is one bounded read), and a
    // per-request timer would only cost them.
    let api = Router::new()
        .merge(edge.api)
        // Tags responses with their route template for the metrics.
        .route_layer(from_fn_with_state(
            edge.metrics.clone(),
            crate::metrics::tag_route,
        ))
        .fallback(json_error::api_not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        // Datasheet PDFs are served with byte ranges; compressing them would
        // drop `Accept-Ranges` and break resumed downloads.
        .layer(CompressionLayer::new().compress_when(
            DefaultPredicate::new().and(NotForContentType::const_new("application/pdf")),
        ))
        .layer(from_fn_with_state(cfg.request_timeout, api_timeouts));

    let health: Router = Router::new()
        .route("/health", get(health::live))
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .with_state(edge.readiness.clone());

    let front = front::Front {
        trusted_proxies: cfg.trusted_proxies.clone(),
        max_body: cfg.max_body,
        media_max_body: edge.media_max_body,
        rate_limits: edge.rate_limits.clone(),
        headers: security_headers::Headers::new(&cfg.security),
        api_cache: None,
        metrics: edge.metrics.clone(),
    };
    // The redirecting HTTP listener must redirect API requests too, never
    // answer them from the cache.
    let redirect_front = Arc::new(front.clone());
    let front = Arc::new(front::Front {
        api_cache: edge.api_cache,
        ..front
    });

    let assets = Router::new()
        .fallback(assets_handler)
        .with_state(Arc::new(Site {
            assets: edge.assets.clone(),
            pages: edge.pages,
        }));

    let redirect = edge.https_port.map(|https_port| {
        Router::new()
            .fallback(redirect::handler)
            .with_state(Arc::new(redirect::Redirect {
                https_port,
                acme: edge.acme.clone(),
            }))
            .merge(health.clone())
            .layer(from_fn_with_state(redirect_front, front::layer))
    });
    let media = Router::new()
        .route("/media/{*file}", axum::routing::any(media_handler))
        .with_state(edge.media.clone());
    let site = Router::new()
        .merge(health)
        .nest("/api", api)
        .merge(media)
        .merge(edge.generated)
        .merge(assets)
        .layer(from_fn_with_state(front, front::layer));
    Routers { site, redirect }
}

async fn media_handler(
    State(media): State<Arc<crate::media::MediaStore>>,
    req: Request,
) -> Response {
    media
        .respond(req.method(), req.uri().path(), req.headers())
        .await
}

struct Site {
    assets: Arc<Assets>,
    pages: Option<Arc<crate::site::Pages>>,
}

async fn assets_handler(State(site): State<Arc<Site>>, req: Request) -> Response {
    // `/api/` and the like miss the nested API router; they are still API paths.
    if crate::http::is_api_path(req.uri().path()) {
        return json_error::api_not_found().await;
    }
    // A public page, rendered (any method: forms post to their page).
    let req = match &site.pages {
        Some(pages) => match pages.answer(req).await {
            Ok(res) => return res,
            Err(req) => req,
        },
        None => req,
    };
    let (method, path, headers) = (req.method(), req.uri().path(), req.headers());
    match crate::assets::respond(&site.assets, method, path, headers) {
        crate::assets::Answer::Done(res) => res,
        crate::assets::Answer::Page(index) => {
            use crate::assets::pages::{Page, classify};
            match (&site.pages, classify(path)) {
                // The admin panel stays the app's shell.
                (Some(_), Page::Fixed) => {
                    crate::assets::page(&index, method, headers, StatusCode::OK)
                }
                (Some(pages), _) => pages.not_found(path, &req),
                (None, _) => crate::assets::page(&index, method, headers, StatusCode::OK),
            }
        }
    }
}
