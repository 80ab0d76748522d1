//! The edge's request policy, in the order it applies, as one middleware.
//!
//! Outermost first, and why:
//! 1. observe — request id, client IP, timing, access log. First so it sees
//!    every response, including those the steps below refuse with.
//! 2. limits — a declared oversized body is refused (413), and an HTTP/1.1
//!    request without exactly one `Host` (400), before anything else is
//!    spent on it.
//! 3. rate limit — per client IP (429), before any routing or handler work.
//! 4. a fresh hit in the API's response cache, answered here as nginx's
//!    `proxy_cache` answered before the upstream: no routing, timeouts or
//!    compression layers for the commonest API request; otherwise routing
//!    and the handler (health, API, site).
//! 5. the edge's corrections: a request whose body fell below the minimum
//!    data rate is answered 408 whatever the handler made of it; under
//!    `/api` an error without a JSON body (axum's extractor rejections,
//!    the handler timeout's 503) gets one, so every API answer is JSON.
//!    Security headers — on every response, 413 and 429 included.
//! 6. observe again — `X-Request-ID`, `X-Response-Time`, the log line;
//!    then the request's duration into the metrics, by route class (site,
//!    health, or the API route template the router tagged the response with).
//!
//! One middleware rather than a stack of layers: the order is read top to
//! bottom here, and a request pays for one boxed future instead of five.
//! Compression is not here: API responses are compressed by the API
//! router's layer, and the site is precompressed at build time.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use ipnet::IpNet;
use tracing::Instrument;

use super::body_rate::SlowBody;
use super::rate_limit::RateLimits;
use super::{json_error, limits, observe, rate_limit, security_headers};
use crate::api::response_cache::ResponseCache;
use crate::http::Scheme;
use crate::metrics::{Metrics, RequestClass};

#[derive(Clone)]
pub struct Front {
    pub trusted_proxies: Vec<IpNet>,
    pub max_body: u64,
    /// The declared body a media upload with admin credentials may have
    /// (see [`super::MEDIA_UPLOAD_PATH`]).
    pub media_max_body: u64,
    pub rate_limits: Arc<RateLimits>,
    pub headers: security_headers::Headers,
    /// Answers fresh API cache hits before routing (step 4).
    pub api_cache: Option<Arc<ResponseCache>>,
    /// Where requests are counted.
    pub metrics: Metrics,
}

/// What a request is, from its path, before routing.
pub fn request_class(path: &str) -> RequestClass {
    match path {
        "/health" => RequestClass::Health("/health"),
        "/health/live" => RequestClass::Health("/health/live"),
        "/health/ready" => RequestClass::Health("/health/ready"),
        _ if crate::http::is_api_path(path) => RequestClass::Api,
        _ => RequestClass::Site,
    }
}

pub async fn layer(State(front): State<Arc<Front>>, mut req: Request, next: Next) -> Response {
    let observed = observe::start(&mut req, &front.trusted_proxies);
    let https = req.extensions().get::<Scheme>() == Some(&Scheme::Https);
    let class = request_class(req.uri().path());
    let slow_body = req.extensions().get::<SlowBody>().cloned();
    let max_body = if super::is_media_upload(&req) && limits::has_credentials(&req) {
        front.max_body.max(front.media_max_body)
    } else {
        front.max_body
    };
    let (mut res, refused) = match limits::check(&req, max_body)
        .or_else(|| limits::check_host(&req))
        .or_else(|| rate_limit::check(&front.rate_limits, &req))
    {
        Some(refused) => (refused, true),
        None => match front
            .api_cache
            .as_ref()
            .filter(|_| class == RequestClass::Api)
            .and_then(|cache| cache.answer_hit(&req))
        {
            Some(hit) => (hit, false),
            None => (next.run(req).instrument(observed.span.clone()).await, false),
        },
    };
    let api = class == RequestClass::Api;
    if slow_body.is_some_and(|s| s.tripped()) {
        res = json_error::edge_error_in(
            api,
            StatusCode::REQUEST_TIMEOUT,
            "Request body arrived too slowly",
        );
        // The rest of the body is never read.
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    } else if api && res.status().as_u16() >= 400 && !json_error::is_json(&res) {
        res = json_error::as_json(res).await;
    }
    if api {
        // Refusals above and API 404s outside the API router say so too.
        crate::api::response_cache::mark_bypass(&mut res);
    }
    security_headers::apply(&front.headers, &mut res, https);
    let elapsed = observed.finish(&mut res);
    if refused {
        front.metrics.request_refused(&res, elapsed);
    } else {
        front.metrics.request_done(class, &res, elapsed);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_request_classes() {
        assert_eq!(request_class("/health"), RequestClass::Health("/health"));
        assert_eq!(request_class("/health/x"), RequestClass::Site);
        assert_eq!(request_class("/api/contact"), RequestClass::Api);
        assert_eq!(request_class("/apix"), RequestClass::Site);
        assert_eq!(request_class("/"), RequestClass::Site);
    }
}
