//! The response cache of the public catalogue (what the old nginx's
//! `proxy_cache` did, plus invalidation it could not do).
//!
//! A middleware on the catalogue routes only. A cacheable request is
//! `GET`/`HEAD` without `Authorization` or the admin session cookie. Its key
//! is `GET /api/<path>[?query] <encoding>` in the cache store's
//! [`DB_HTTP_CACHE`] (`HEAD` is answered from the `GET` entry, as nginx's
//! `proxy_cache_convert_head` did). The body is stored compressed: the
//! middleware negotiates one encoding (br, gzip or identity) from
//! `Accept-Encoding`, hands the handler a request asking for exactly that
//! one, and compresses below itself, so the edge's compression layer leaves
//! the stored bytes alone. Each entry is a hash (`status`, `headers`,
//! `body`, `etag`, `fresh_until` in Unix ms) whose TTL is its freshness plus
//! [`STALE_FOR`], so a stale copy is there to serve when the handler fails.
//!
//! `X-Cache-Status` says what happened: `HIT` (fresh entry, or a coalesced
//! wait for another request's fetch), `MISS` (fetched now, stored if
//! cacheable), `EXPIRED` (entry past its freshness, fetched again), `STALE`
//! (the fetch failed with a 5xx and the old entry was served), `BYPASS`
//! (not cacheable, or the client sent `Cache-Control: no-cache` or
//! `Pragma: no-cache`, which fetches and refreshes the entry).
//!
//! Concurrent misses of one key share one handler call. [`ResponseCache::invalidate`]
//! (called by every catalogue write after its commit) bumps a generation and
//! deletes the entries: a fetch that began before it neither stores its
//! result nor is joined by requests that arrive after it. The appliance
//! also invalidates once at start: entries restored from a snapshot may
//! predate an edit whose invalidation a crash kept out of the snapshot.
//!
//! 200s carry a strong `ETag` (of the stored bytes, so one per encoding);
//! `If-None-Match` gets a 304 on hits and misses alike.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;
use tower::{Layer, ServiceExt};
use tower_http::compression::CompressionLayer;

use super::AppError;
use crate::cache::{DB_HTTP_CACHE, HashValue, Store};
use crate::http::negotiate::{self, Available};
use crate::http::{conditional, hex};
use crate::metrics::{Metrics, RouteTemplate};

/// The header that reports what the cache did.
pub const STATUS_HEADER: &str = "x-cache-status";
static CACHE_STATUS: HeaderName = HeaderName::from_static(STATUS_HEADER);
/// How long an entry is kept past its freshness, to be served if the
/// handler fails.
pub const STALE_FOR: Duration = Duration::from_secs(3600);
/// Responses larger than this are passed through, not cached.
const MAX_BODY: usize = 4 << 20;
/// The key prefixes of the catalogue's cached responses.
pub const CATALOGUE_PREFIXES: [&str; 2] = ["GET /api/services", "GET /api/products"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheStatus {
    Hit,
    Miss,
    Bypass,
    Expired,
    Stale,
}

impl CacheStatus {
    fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            CacheStatus::Hit => "HIT",
            CacheStatus::Miss => "MISS",
            CacheStatus::Bypass => "BYPASS",
            CacheStatus::Expired => "EXPIRED",
            CacheStatus::Stale => "STALE",
        })
    }
}

/// Marks `res` `BYPASS` unless the cache already said something: every
/// `/api` response carries the header.
pub fn mark_bypass(res: &mut Response) {
    res.headers_mut()
        .entry(STATUS_HEADER)
        .or_insert_with(|| CacheStatus::Bypass.header_value());
}

/// A response as the cache keeps it.
#[derive(Debug, Clone)]
struct Cached {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// Unix ms after which the entry is stale.
    fresh_until: u64,
    /// The route that produced it, for the metrics of requests answered
    /// from the cache before routing.
    route: Option<RouteTemplate>,
}

/// A stored entry in decoded form, valid while the store still holds the
/// very hash it was decoded from. The store never changes a hash in place
/// while a `Weak` to it exists (`Arc::make_mut` moves it), and the `Weak`
/// keeps its address from being reused, so pointer equality is exact.
struct Decoded {
    source: Weak<HashValue>,
    cached: Arc<Cached>,
}

/// Bytes of decoded entries kept (beyond what the store holds, this is
/// only what the store has since dropped and the memo not yet evicted).
const DECODED_CAPACITY: u64 = 8 << 20;

#[derive(Clone)]
struct DecodedWeight;

impl quick_cache::Weighter<String, Arc<Decoded>> for DecodedWeight {
    fn weight(&self, key: &String, d: &Arc<Decoded>) -> u64 {
        (key.len() + d.cached.body.len() + 512) as u64
    }
}

/// What one handler call produced, shared with coalesced waiters.
#[derive(Debug, Clone)]
struct Fetched {
    response: Cached,
    stored: bool,
}

/// Counters, for tests and the benchmark.
#[derive(Debug, Default)]
pub struct CacheCounters {
    /// Calls of the wrapped handlers (misses, refreshes, bypasses).
    pub handler_calls: AtomicU64,
    pub hits: AtomicU64,
}

pub struct ResponseCache {
    store: Arc<Store>,
    ok_ttl: Duration,
    not_found_ttl: Duration,
    generation: AtomicU64,
    inflight: Mutex<HashMap<String, Arc<OnceCell<Fetched>>>>,
    /// Decoded entries by key, so a hit neither parses headers nor
    /// allocates them.
    decoded: quick_cache::sync::Cache<String, Arc<Decoded>, DecodedWeight>,
    counters: CacheCounters,
    /// Whose route templates entries name.
    metrics: Metrics,
}

impl ResponseCache {
    /// 200s fresh for `ok_ttl`, 404s for `not_found_ttl`; zero does not
    /// cache that status.
    pub fn new(store: Arc<Store>, ok_ttl: Duration, not_found_ttl: Duration) -> Self {
        Self {
            store,
            ok_ttl,
            not_found_ttl,
            generation: AtomicU64::new(0),
            inflight: Mutex::new(HashMap::new()),
            decoded: quick_cache::sync::Cache::with_weighter(1024, DECODED_CAPACITY, DecodedWeight),
            counters: CacheCounters::default(),
            metrics: Metrics::default(),
        }
    }

    /// Entries name their routes by the templates of `metrics` (the one
    /// the edge's route tags and the request metrics use).
    pub fn counted_in(self, metrics: Metrics) -> Self {
        Self { metrics, ..self }
    }

    fn enabled(&self) -> bool {
        !self.ok_ttl.is_zero() || !self.not_found_ttl.is_zero()
    }

    /// Drops every cached catalogue response now; fetches in flight will not
    /// store theirs.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        for prefix in CATALOGUE_PREFIXES {
            self.store.delete_prefix(DB_HTTP_CACHE, prefix.as_bytes());
        }
        // Not needed for correctness (the store no longer holds what these
        // were decoded from); frees their bodies now.
        self.decoded.clear();
    }

    /// The invalidation generation: it changes on every
    /// [`ResponseCache::invalidate`]. The site's rendered pages are kept
    /// under the generation read before their catalogue read, so one
    /// invalidation drops both caches with the same rules.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn ttl_for(&self, status: StatusCode) -> Option<Duration> {
        let ttl = match status {
            StatusCode::OK => self.ok_ttl,
            StatusCode::NOT_FOUND => self.not_found_ttl,
            _ => return None,
        };
        (!ttl.is_zero()).then_some(ttl)
    }

    /// The entry stored under `key`, decoded once per stored version.
    fn load(&self, key: &str) -> Option<Arc<Cached>> {
        let hash = self.store.hash(DB_HTTP_CACHE, key.as_bytes()).ok()??;
        if let Some(d) = self.decoded.get(key)
            && std::ptr::eq(d.source.as_ptr(), Arc::as_ptr(&hash))
        {
            return Some(d.cached.clone());
        }
        let cached = Arc::new(decode(&hash, &self.metrics)?);
        self.decoded.insert(
            key.to_owned(),
            Arc::new(Decoded {
                source: Arc::downgrade(&hash),
                cached: cached.clone(),
            }),
        );
        Some(cached)
    }

    /// Answers a request from a fresh entry, or `None` when the request is
    /// not cacheable or has no fresh entry (the catalogue route's
    /// middleware then handles it). The edge calls this before routing, as
    /// nginx's `proxy_cache` answered before the upstream.
    pub fn answer_hit(&self, req: &Request) -> Option<Response> {
        if !self.cacheable(req) || wants_refresh(req.headers()) {
            return None;
        }
        let (key, _) = key_of(path_and_query(req).strip_prefix("/api")?, req.headers());
        let c = self.load(&key)?;
        if self.store.now_ms() >= c.fresh_until {
            return None;
        }
        self.counters.hits.fetch_add(1, Ordering::Relaxed);
        let head = req.method() == Method::HEAD;
        Some(respond(&c, CacheStatus::Hit, req.headers(), head))
    }

    /// A `GET` or `HEAD` without credentials, while caching is on.
    fn cacheable(&self, req: &Request) -> bool {
        (req.method() == Method::GET || req.method() == Method::HEAD)
            && self.enabled()
            && !has_credentials(req.headers())
    }

    fn save(&self, key: &str, c: &Cached, ttl: Duration) {
        let mut headers = Vec::new();
        for (name, value) in &c.headers {
            headers.extend_from_slice(name.as_str().as_bytes());
            headers.push(b':');
            headers.extend_from_slice(value.as_bytes());
            headers.push(b'\n');
        }
        let status = c.status.as_u16().to_string();
        let fresh_until = c.fresh_until.to_string();
        let route = c.route.as_ref().map_or("", RouteTemplate::as_str);
        let pairs: [(&[u8], &[u8]); 5] = [
            (b"status", status.as_bytes()),
            (b"headers", &headers),
            (b"body", &c.body),
            (b"fresh_until", fresh_until.as_bytes()),
            (b"route", route.as_bytes()),
        ];
        if let Err(e) =
            self.store
                .set_hash(DB_HTTP_CACHE, key.as_bytes(), &pairs, Some(ttl + STALE_FOR))
        {
            tracing::debug!(error = %e, "response not cached");
        }
    }

    /// Calls the handler (compressing to the negotiated encoding), collects
    /// the response and stores it if it may be cached and no invalidation
    /// happened meanwhile.
    async fn fetch(&self, key: &str, req: Request, next: Next) -> Fetched {
        let generation = self.generation.load(Ordering::SeqCst);
        self.counters.handler_calls.fetch_add(1, Ordering::Relaxed);
        let route = req
            .extensions()
            .get::<MatchedPath>()
            .map(|m| self.metrics.route(m));
        let handler = tower::service_fn(move |req: Request| {
            let next = next.clone();
            async move { Ok::<_, std::convert::Infallible>(next.run(req).await) }
        });
        let res = match CompressionLayer::new()
            .layer(handler)
            .oneshot(req)
            .await
            .map(IntoResponse::into_response)
        {
            Ok(res) => res,
            Err(never) => match never {},
        };
        let (parts, body) = res.into_parts();
        let body = match axum::body::to_bytes(Body::new(body), MAX_BODY).await {
            Ok(b) => b,
            Err(e) => {
                let res = AppError::Internal(format!("collecting a catalogue response: {e}"))
                    .into_response();
                return Fetched {
                    response: Cached {
                        status: res.status(),
                        headers: res.headers().clone(),
                        body: Bytes::new(),
                        fresh_until: 0,
                        route,
                    },
                    stored: false,
                };
            }
        };
        let mut headers = parts.headers;
        // Each encoding is its own entry, and downstream caches must know.
        if !headers.contains_key(header::VARY) {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if parts.status == StatusCode::OK {
            let digest = Sha256::digest(&body);
            let etag = format!("\"{}\"", hex::encode(&digest[..8]));
            if let Ok(v) = HeaderValue::from_str(&etag) {
                headers.insert(header::ETAG, v);
            }
        }
        let ttl = self.ttl_for(parts.status).filter(|_| storable(&headers));
        let response = Cached {
            status: parts.status,
            headers,
            body,
            fresh_until: ttl.map_or(0, |t| self.store.deadline(t)),
            route,
        };
        let stored = match ttl {
            Some(ttl) if self.generation.load(Ordering::SeqCst) == generation => {
                self.save(key, &response, ttl);
                // An invalidation that raced the save must win.
                if self.generation.load(Ordering::SeqCst) != generation {
                    self.store.delete(DB_HTTP_CACHE, key.as_bytes());
                    false
                } else {
                    true
                }
            }
            _ => false,
        };
        Fetched { response, stored }
    }

    /// One handler call for all concurrent misses of `key`.
    async fn fetch_coalesced(&self, key: &str, req: Request, next: Next) -> (Fetched, bool) {
        let generation = self.generation.load(Ordering::SeqCst);
        let slot = format!("{generation} {key}");
        let cell = {
            let mut inflight = self.inflight.lock().unwrap_or_else(|p| p.into_inner());
            inflight.entry(slot.clone()).or_default().clone()
        };
        let leave = Leave {
            cache: self,
            slot: &slot,
            cell: &cell,
            ran: std::sync::atomic::AtomicBool::new(false),
        };
        let fetched = cell
            .get_or_init(|| {
                leave.ran.store(true, Ordering::Relaxed);
                self.fetch(key, req, next)
            })
            .await
            .clone();
        let ran = leave.ran.load(Ordering::Relaxed);
        (fetched, ran)
    }
}

/// Removes the in-flight slot once the request that ran the fetch is done
/// with it, also when that request is cancelled midway (a waiter then
/// takes over the fetch).
struct Leave<'a> {
    cache: &'a ResponseCache,
    slot: &'a str,
    cell: &'a Arc<OnceCell<Fetched>>,
    ran: std::sync::atomic::AtomicBool,
}

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        if !self.ran.load(Ordering::Relaxed) {
            return;
        }
        let mut inflight = self
            .cache
            .inflight
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if inflight
            .get(self.slot)
            .is_some_and(|c| Arc::ptr_eq(c, self.cell))
        {
            inflight.remove(self.slot);
        }
    }
}

/// A response the handler meant for everyone: no cookie, no `no-store`.
fn storable(headers: &HeaderMap) -> bool {
    if headers.contains_key(header::SET_COOKIE) {
        return false;
    }
    let no_store = headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("no-store") || v.contains("private")
        });
    let pdf = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/pdf"));
    !no_store && !pdf
}

/// Requests that carry credentials are never answered from, or stored in,
/// the cache.
fn has_credentials(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
        || crate::http::cookies(headers).any(|(name, _)| name == super::admin::COOKIE)
}

/// `Cache-Control: no-cache` (or `Pragma: no-cache`): fetch anew.
fn wants_refresh(headers: &HeaderMap) -> bool {
    [header::CACHE_CONTROL, header::PRAGMA].iter().any(|h| {
        headers
            .get_all(h)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.to_ascii_lowercase().contains("no-cache"))
    })
}

/// The one encoding of the cached body: the client's most preferred of
/// br and gzip (br on a tie), else identity ([`negotiate::encoding`]).
pub fn negotiate(headers: &HeaderMap) -> &'static str {
    negotiate::encoding(headers, Available::ALL).as_str()
}

/// Parses a stored entry (the fields `save` writes).
fn decode(hash: &HashValue, metrics: &Metrics) -> Option<Cached> {
    let text = |f: &str| {
        hash.get(f.as_bytes())
            .and_then(|v| std::str::from_utf8(v).ok())
    };
    let status = StatusCode::from_u16(text("status")?.parse().ok()?).ok()?;
    let fresh_until = text("fresh_until")?.parse().ok()?;
    let route = text("route").and_then(|t| metrics.known_route(t));
    let mut headers = HeaderMap::new();
    for line in hash.get(b"headers".as_slice())?.split(|b| *b == b'\n') {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_bytes(line[colon + 1..].trim_ascii()),
        ) else {
            return None;
        };
        headers.append(name, value);
    }
    let body = Bytes::from_owner(hash.get(b"body".as_slice())?.clone());
    Some(Cached {
        status,
        headers,
        body,
        fresh_until,
        route,
    })
}

/// The store key of a request for `/api{path}` (path and query below the
/// API's mount point), and the encoding its headers negotiate (part of the
/// key).
fn key_of(path: &str, headers: &HeaderMap) -> (String, &'static str) {
    let encoding = negotiate(headers);
    let mut key = String::with_capacity(9 + path.len() + encoding.len());
    key.push_str("GET /api");
    key.push_str(path);
    key.push(' ');
    key.push_str(encoding);
    (key, encoding)
}

/// The request URI's path and query, as the router it reached sees it.
fn path_and_query(req: &Request) -> &str {
    req.uri()
        .path_and_query()
        .map_or_else(|| req.uri().path(), |pq| pq.as_str())
}

/// Builds the answer to one request from a cached or fetched response.
fn respond(c: &Cached, status: CacheStatus, req_headers: &HeaderMap, head: bool) -> Response {
    let not_modified = c.status == StatusCode::OK
        && c.headers
            .get(header::ETAG)
            .is_some_and(|etag| conditional::none_match(req_headers, etag) == Some(true));
    let mut res = if not_modified || head {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(c.body.clone()))
    };
    *res.status_mut() = if not_modified {
        StatusCode::NOT_MODIFIED
    } else {
        c.status
    };
    // Room for these and what the edge adds (security headers, request id,
    // timing) at once, rather than growing and rehashing the map.
    *res.headers_mut() = HeaderMap::with_capacity(c.headers.len() + 10);
    let headers = res.headers_mut();
    for (name, value) in &c.headers {
        if not_modified && !matches!(name.as_str(), "etag" | "vary" | "cache-control") {
            continue;
        }
        if name == header::CONTENT_LENGTH {
            continue;
        }
        headers.append(name.clone(), value.clone());
    }
    if head && !not_modified {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(c.body.len()));
    }
    headers.insert(CACHE_STATUS.clone(), status.header_value());
    if let Some(route) = &c.route {
        res.extensions_mut().insert(route.clone());
    }
    res
}

/// The middleware (see the module docs).
pub async fn layer(
    State(cache): State<Arc<ResponseCache>>,
    mut req: Request,
    next: Next,
) -> Response {
    if !cache.cacheable(&req) {
        let mut res = next.run(req).await;
        mark_bypass(&mut res);
        return res;
    }
    let head = req.method() == Method::HEAD;
    // Below the `/api` nest, the path no longer carries the prefix.
    let (key, encoding) = key_of(path_and_query(&req), req.headers());
    let req_headers = req.headers().clone();
    req.headers_mut()
        .insert(header::ACCEPT_ENCODING, HeaderValue::from_static(encoding));
    // The handler always answers the GET; HEAD drops the body below.
    *req.method_mut() = Method::GET;

    if wants_refresh(&req_headers) {
        let fetched = cache.fetch(&key, req, next).await;
        return respond(&fetched.response, CacheStatus::Bypass, &req_headers, head);
    }
    let now = cache.store.now_ms();
    let previous = cache.load(&key);
    if let Some(c) = &previous
        && now < c.fresh_until
    {
        cache.counters.hits.fetch_add(1, Ordering::Relaxed);
        return respond(c, CacheStatus::Hit, &req_headers, head);
    }
    let (fetched, ran) = cache.fetch_coalesced(&key, req, next).await;
    if fetched.response.status.is_server_error()
        && let Some(stale) = &previous
    {
        return respond(stale, CacheStatus::Stale, &req_headers, head);
    }
    let status = match (&previous, ran, fetched.stored) {
        (_, false, true) => {
            cache.counters.hits.fetch_add(1, Ordering::Relaxed);
            CacheStatus::Hit
        }
        (Some(_), _, _) => CacheStatus::Expired,
        (None, _, _) => CacheStatus::Miss,
    };
    respond(&fetched.response, status, &req_headers, head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(v).expect("v"),
        );
        h
    }

    #[test]
    fn api_cache_negotiates_one_encoding() {
        assert_eq!(negotiate(&HeaderMap::new()), "identity");
        assert_eq!(negotiate(&accept("gzip, deflate, br")), "br");
        assert_eq!(negotiate(&accept("gzip")), "gzip");
        assert_eq!(negotiate(&accept("br;q=0.5, gzip;q=0.8")), "gzip");
        assert_eq!(negotiate(&accept("br;q=0, gzip;q=0")), "identity");
        assert_eq!(negotiate(&accept("*")), "br");
        assert_eq!(negotiate(&accept("br;q=0, *")), "gzip");
        assert_eq!(negotiate(&accept("identity")), "identity");
    }

    #[test]
    fn api_cache_credentials_and_refresh_are_recognised() {
        let mut h = HeaderMap::new();
        assert!(!has_credentials(&h));
        h.insert(header::COOKIE, HeaderValue::from_static("theme=dark"));
        assert!(!has_credentials(&h));
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; chloro_admin=abc"),
        );
        assert!(has_credentials(&h));
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert!(has_credentials(&h));
        let mut h = HeaderMap::new();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("No-Cache"));
        assert!(wants_refresh(&h));
        assert!(!wants_refresh(&HeaderMap::new()));
    }

    /// A decoded entry is reused only while the store holds the very hash
    /// it came from: an in-place change (a RESP `HSET` on the entry) moves
    /// the hash, so the next load decodes the new contents.
    #[tokio::test]
    async fn api_cache_decoded_entries_follow_in_place_changes() {
        use crate::cache::HashSetMode;
        let store = Store::in_memory(16 << 20);
        let cache = ResponseCache::new(
            store.clone(),
            Duration::from_secs(60),
            Duration::from_secs(60),
        );
        let key = "GET /api/services identity";
        let first = Cached {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"first"),
            fresh_until: store.deadline(Duration::from_secs(60)),
            route: None,
        };
        cache.save(key, &first, Duration::from_secs(60));
        let a = cache.load(key).expect("stored");
        let b = cache.load(key).expect("stored");
        assert!(
            Arc::ptr_eq(&a, &b),
            "the second load reuses the decoded entry"
        );
        store
            .hset(
                DB_HTTP_CACHE,
                key.as_bytes(),
                &[(b"body".as_slice(), b"second".as_slice())],
                HashSetMode::Always,
            )
            .expect("hset");
        assert_eq!(&cache.load(key).expect("stored").body[..], b"second");
        store.delete(DB_HTTP_CACHE, key.as_bytes());
        assert!(cache.load(key).is_none());
    }

    /// A slow handler, so that concurrent requests overlap its one call.
    #[tokio::test]
    async fn api_cache_concurrent_misses_make_one_handler_call() {
        use axum::Router;
        use axum::middleware::from_fn_with_state;
        use axum::routing::get;
        let calls = Arc::new(AtomicU64::new(0));
        let cache = Arc::new(ResponseCache::new(
            Store::in_memory(16 << 20),
            Duration::from_secs(60),
            Duration::from_secs(60),
        ));
        let app: Router = Router::new()
            .route(
                "/services",
                get({
                    let calls = calls.clone();
                    move || {
                        let calls = calls.clone();
                        async move {
                            calls.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            "[]"
                        }
                    }
                }),
            )
            .layer(from_fn_with_state(cache.clone(), layer));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                let res = app
                    .oneshot(
                        Request::get("/services")
                            .body(Body::empty())
                            .expect("request"),
                    )
                    .await
                    .expect("infallible");
                res.headers()
                    .get(STATUS_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            }));
        }
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.expect("task"));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| *s == "MISS").count(), 1);
        assert_eq!(statuses.iter().filter(|s| *s == "HIT").count(), 19);
    }

    #[tokio::test]
    async fn api_cache_a_cancelled_fetch_leaves_nothing_behind() {
        use axum::Router;
        use axum::middleware::from_fn_with_state;
        use axum::routing::get;
        let cache = Arc::new(ResponseCache::new(
            Store::in_memory(16 << 20),
            Duration::from_secs(60),
            Duration::from_secs(60),
        ));
        let app: Router = Router::new()
            .route(
                "/products",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    "[]"
                }),
            )
            .layer(from_fn_with_state(cache.clone(), layer));
        let request = || Request::get("/products").body(Body::empty()).expect("req");
        let cancelled = tokio::spawn(app.clone().oneshot(request()));
        tokio::time::sleep(Duration::from_millis(20)).await;
        cancelled.abort();
        let _ = cancelled.await;
        let res = app.clone().oneshot(request()).await.expect("infallible");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[STATUS_HEADER], "MISS");
        assert!(
            cache.inflight.lock().expect("lock").is_empty(),
            "no in-flight slot is left"
        );
        let res = app.oneshot(request()).await.expect("infallible");
        assert_eq!(res.headers()[STATUS_HEADER], "HIT");
        assert_eq!(res.headers()[header::VARY], "accept-encoding");
    }
}
