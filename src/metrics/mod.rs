//! Prometheus metrics: `GET /metrics` on `CHLORO_METRICS_ADDR`, in the
//! Prometheus text format (0.0.4).
//!
//! Two kinds of numbers:
//! - Events counted as they happen (page views, submissions, e-mails sent,
//!   requests and their durations, rate-limit refusals, database commits),
//!   held in one [`Metrics`] registry per appliance: `app` makes it and hands
//!   a handle (a cheap clone) to every part that counts, so two appliances
//!   in one process (the tests) never share counters.
//! - Levels read when Prometheus scrapes (cache counters from the store's
//!   `INFO` statistics, RESP clients and commands, writer statistics, outbox
//!   depth, database file size, process RSS/CPU/descriptors): nothing is
//!   kept up to date for them between scrapes. Their owners implement
//!   [`LevelSource`]; this module knows none of them.
//!
//! Label values are bounded: routes are router templates (never raw paths),
//! page labels are known site paths up to [`MAX_PAGE_LABELS`], the rest
//! "other".
//!
//! Cost on the request path: a site request pays one histogram observation
//! (a short mutex hold and a scan of 14 buckets) on a handle made once;
//! health requests add a family lookup by a static label; API requests add
//! the route-template tag (one small middleware) and the same observation
//! plus a counter increment, on handles made once per route (cache hits the
//! edge answers carry the template of the route that produced them).
//! Page views are counted by the beacon handler (crawlers are not).

mod process;
pub mod server;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Distinct `page` label values at most; later pages count as "other".
pub const MAX_PAGE_LABELS: usize = 100;

/// Request durations, seconds: the site answers from memory in well under a
/// millisecond; API writes wait for an fsync.
const REQUEST_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Commit durations, seconds (one fsync each).
const COMMIT_BUCKETS: [f64; 12] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5,
];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PageLabel {
    page: Cow<'static, str>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    route: Cow<'static, str>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabel {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ThreadLabel {
    thread: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EndpointLabel {
    endpoint: Cow<'static, str>,
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

fn request_histogram() -> Histogram {
    Histogram::new(REQUEST_BUCKETS)
}

/// The event metrics of one appliance, and the level sources read at scrape
/// time. Cloning shares them.
#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

impl Default for Metrics {
    fn default() -> Self {
        Metrics(Arc::new(Inner::new()))
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

struct Inner {
    registry: Registry,
    page_views: Family<PageLabel, Counter>,
    pages_seen: Mutex<HashSet<String>>,
    contact_submissions: Counter,
    emails_sent: Counter,
    emails_suppressed: Family<ReasonLabel, Counter>,
    request_duration: HistogramFamily<RouteLabel>,
    api_calls: Family<EndpointLabel, Counter>,
    rate_limited: Counter,
    /// Connections and requests the edge cut short, by reason.
    hostile: Family<ReasonLabel, Counter>,
    /// Connections accepted, by the HTTP thread that serves them.
    http_connections: Family<ThreadLabel, Counter>,
    db_commit_duration: Histogram,
    /// Made once: the hot path observes into them without a lookup.
    site: Histogram,
    refused: Histogram,
    /// API paths no route matched.
    unmatched: Arc<RouteMetrics>,
    /// Every template the router has matched so far.
    routes: RwLock<HashMap<String, Arc<RouteMetrics>>>,
    /// Levels whose owners come and go (the RESP listener).
    watched: Mutex<Vec<Weak<dyn LevelSource>>>,
}

impl Inner {
    fn new() -> Self {
        let mut registry = Registry::default();
        let page_views = Family::<PageLabel, Counter>::default();
        registry.register(
            "chloromaster_page_views",
            "Page views counted by the analytics beacon, by site path",
            page_views.clone(),
        );
        let contact_submissions = Counter::default();
        registry.register(
            "chloromaster_contact_submissions",
            "Contact form submissions stored",
            contact_submissions.clone(),
        );
        let emails_sent = Counter::default();
        registry.register(
            "chloromaster_emails_sent",
            "E-mails handed to the mail server",
            emails_sent.clone(),
        );
        let emails_suppressed = Family::<ReasonLabel, Counter>::default();
        registry.register(
            "chloromaster_emails_suppressed",
            "E-mails to visitor-supplied addresses not sent because of the mail limits, by reason",
            emails_suppressed.clone(),
        );
        let request_duration: HistogramFamily<RouteLabel> =
            Family::new_with_constructor(request_histogram);
        registry.register(
            "chloromaster_request_duration_seconds",
            "HTTP request duration by route template (site: static files; refused: 413/429 before routing)",
            request_duration.clone(),
        );
        let api_calls = Family::<EndpointLabel, Counter>::default();
        registry.register(
            "chloromaster_api_calls",
            "API requests by route template",
            api_calls.clone(),
        );
        let rate_limited = Counter::default();
        registry.register(
            "chloromaster_rate_limited",
            "Requests refused by the per-IP rate limit (429)",
            rate_limited.clone(),
        );
        let hostile = Family::<ReasonLabel, Counter>::default();
        registry.register(
            "chloromaster_http_refused",
            "HTTP connections closed or requests ended by the edge's client limits, by reason (per_ip_limit, slow_head, head_too_large, chunk_too_large, slow_body)",
            hostile.clone(),
        );
        let http_connections = Family::<ThreadLabel, Counter>::default();
        registry.register(
            "chloromaster_http_connections",
            "HTTP(S) connections accepted, by the serving thread (chloro-http-N)",
            http_connections.clone(),
        );
        let db_commit_duration = Histogram::new(COMMIT_BUCKETS);
        registry.register(
            "chloromaster_db_commit_duration_seconds",
            "Database commit (fsync) duration per group commit",
            db_commit_duration.clone(),
        );
        let route = |r: &'static str| RouteLabel {
            route: Cow::Borrowed(r),
        };
        let site = request_duration.get_or_create(&route("site")).clone();
        let refused = request_duration.get_or_create(&route("refused")).clone();
        let unmatched = Arc::new(RouteMetrics::new(
            &request_duration,
            &api_calls,
            "/api/unmatched",
        ));
        Inner {
            registry,
            page_views,
            pages_seen: Mutex::new(HashSet::new()),
            contact_submissions,
            emails_sent,
            emails_suppressed,
            request_duration,
            api_calls,
            rate_limited,
            hostile,
            http_connections,
            db_commit_duration,
            site,
            refused,
            unmatched,
            routes: RwLock::default(),
            watched: Mutex::default(),
        }
    }
}

impl Metrics {
    /// A fresh registry with nothing counted (what `app` makes once).
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts an e-mail the mail server accepted.
    pub fn email_sent(&self) {
        self.0.emails_sent.inc();
    }

    /// Shows `reason` at 0 before anything was suppressed, so a dashboard
    /// sees 0 rather than nothing.
    pub fn declare_email_suppressed(&self, reason: &'static str) {
        drop(
            self.0
                .emails_suppressed
                .get_or_create(&ReasonLabel { reason }),
        );
    }

    /// Counts an e-mail to a visitor that the mail limits stopped, by the
    /// reason's code.
    pub fn email_suppressed(&self, reason: &'static str) {
        self.0
            .emails_suppressed
            .get_or_create(&ReasonLabel { reason })
            .inc();
    }

    /// Counts a stored contact submission.
    pub fn contact_submitted(&self) {
        self.0.contact_submissions.inc();
    }

    /// Counts a page view reported by the beacon for `page_url`.
    pub fn page_view(&self, page_url: &str) {
        let m = &self.0;
        let label = match site_page(page_url) {
            Some(page) => {
                let mut seen = m.pages_seen.lock().unwrap_or_else(|p| p.into_inner());
                if seen.contains(page) {
                    Cow::Owned(page.to_owned())
                } else if seen.len() < MAX_PAGE_LABELS {
                    seen.insert(page.to_owned());
                    Cow::Owned(page.to_owned())
                } else {
                    Cow::Borrowed("other")
                }
            }
            None => Cow::Borrowed("other"),
        };
        m.page_views.get_or_create(&PageLabel { page: label }).inc();
    }

    /// Records one group commit's duration.
    pub fn db_commit(&self, elapsed: Duration) {
        self.0.db_commit_duration.observe(elapsed.as_secs_f64());
    }

    /// Reads `source`'s levels at each scrape while it lives.
    pub fn watch(&self, source: Weak<dyn LevelSource>) {
        let mut watched = self.0.watched.lock().unwrap_or_else(|p| p.into_inner());
        watched.retain(|w| w.strong_count() > 0);
        watched.push(source);
    }

    fn watched(&self) -> Vec<Arc<dyn LevelSource>> {
        let watched = self.0.watched.lock().unwrap_or_else(|p| p.into_inner());
        watched.iter().filter_map(Weak::upgrade).collect()
    }
}

/// The path of a page URL as the `page` label, when it is one of the site's
/// own routes (see `src/site/route.rs`): `/`, `/privacy`, `/terms`,
/// `/service/<slug>`, `/equipment/<slug>`, the same under `/ar` (the Arabic
/// home is `/ar`), `/admin` (all of `/admin/*`).
fn site_page(url: &str) -> Option<&str> {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => path,
    };
    if path == "/admin" || path.starts_with("/admin/") {
        return Some("/admin");
    }
    let slug_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 80
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let page = match path.strip_prefix("/ar") {
        Some("") => return Some(path),
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    };
    match page {
        "/" | "/privacy" | "/terms" => Some(path),
        _ => {
            let (prefix, slug) = page.rsplit_once('/')?;
            ((prefix == "/service" || prefix == "/equipment") && slug_ok(slug)).then_some(path)
        }
    }
}

/// What a request is, decided from its path before routing (by the edge).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestClass {
    Health(&'static str),
    Api,
    Site,
}

/// The route template an API handler was reached by, carried on its
/// response from the router (where it is known) to the edge. There is one
/// per API route, made on first sight with its metric handles, so counting
/// a request under it is an observation and an increment: no label copy,
/// no family lookup.
#[derive(Clone)]
pub struct RouteTemplate(Arc<RouteMetrics>);

struct RouteMetrics {
    template: String,
    duration: Histogram,
    calls: Counter,
}

impl RouteMetrics {
    fn new(
        request_duration: &HistogramFamily<RouteLabel>,
        api_calls: &Family<EndpointLabel, Counter>,
        template: &str,
    ) -> Self {
        RouteMetrics {
            template: template.to_owned(),
            duration: request_duration
                .get_or_create(&RouteLabel {
                    route: Cow::Owned(template.to_owned()),
                })
                .clone(),
            calls: api_calls
                .get_or_create(&EndpointLabel {
                    endpoint: Cow::Owned(template.to_owned()),
                })
                .clone(),
        }
    }
}

impl std::fmt::Debug for RouteTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RouteTemplate")
            .field(&self.0.template)
            .finish()
    }
}

impl RouteTemplate {
    pub fn as_str(&self) -> &str {
        &self.0.template
    }
}

impl Metrics {
    /// The template the router matched (made on first sight).
    pub fn route(&self, matched: &MatchedPath) -> RouteTemplate {
        let template = matched.as_str();
        if let Some(known) = self.known_route(template) {
            return known;
        }
        let m = &self.0;
        let mut routes = m.routes.write().unwrap_or_else(|p| p.into_inner());
        let made = routes
            .entry(template.to_owned())
            .or_insert_with_key(|t| {
                Arc::new(RouteMetrics::new(&m.request_duration, &m.api_calls, t))
            })
            .clone();
        RouteTemplate(made)
    }

    /// A template the router has matched before; `None` for any other
    /// text, so stored data can name a route but never add a label.
    pub fn known_route(&self, template: &str) -> Option<RouteTemplate> {
        let routes = self.0.routes.read().unwrap_or_else(|p| p.into_inner());
        routes.get(template).map(|m| RouteTemplate(m.clone()))
    }

    /// Records a request the edge answered: its duration by route, and API
    /// calls by endpoint.
    pub fn request_done(&self, class: RequestClass, res: &Response, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let m = &self.0;
        match class {
            RequestClass::Site => m.site.observe(secs),
            RequestClass::Health(route) => m
                .request_duration
                .get_or_create(&RouteLabel {
                    route: Cow::Borrowed(route),
                })
                .observe(secs),
            RequestClass::Api => {
                let route = res
                    .extensions()
                    .get::<RouteTemplate>()
                    .map_or(&m.unmatched, |t| &t.0);
                route.duration.observe(secs);
                route.calls.inc();
            }
        }
    }

    /// Records a request refused before routing (413, 429).
    pub fn request_refused(&self, res: &Response, elapsed: Duration) {
        if res.status() == http::StatusCode::TOO_MANY_REQUESTS {
            self.0.rate_limited.inc();
        }
        self.0.refused.observe(elapsed.as_secs_f64());
    }

    /// Counts a connection or request the edge's client limits cut short.
    pub fn http_refused(&self, why: HttpRefusal) {
        let reason = match why {
            HttpRefusal::PerIpLimit => "per_ip_limit",
            HttpRefusal::SlowHead => "slow_head",
            HttpRefusal::HeadTooLarge => "head_too_large",
            HttpRefusal::ChunkTooLarge => "chunk_too_large",
            HttpRefusal::SlowBody => "slow_body",
        };
        self.0.hostile.get_or_create(&ReasonLabel { reason }).inc();
    }
}

impl Metrics {
    /// The counter of connections HTTP thread `thread` accepted: a handle
    /// the thread keeps, so counting a connection is one increment.
    pub fn http_thread_connections(&self, thread: usize) -> Counter {
        self.0
            .http_connections
            .get_or_create(&ThreadLabel {
                thread: thread.to_string(),
            })
            .clone()
    }
}

/// Why the edge cut a connection or request short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpRefusal {
    /// Closed at accept: its address had too many open.
    PerIpLimit,
    /// A request head below the minimum data rate.
    SlowHead,
    /// A request head over the size limit (431).
    HeadTooLarge,
    /// A chunk over the body limit (413).
    ChunkTooLarge,
    /// A request body below the minimum data rate (408).
    SlowBody,
}

/// Middleware for matched routes (`Router::route_layer`): tags the response
/// with the route template.
pub async fn tag_route(
    State(metrics): State<Metrics>,
    matched: Option<MatchedPath>,
    req: Request,
    next: Next,
) -> Response {
    let mut res = next.run(req).await;
    if let Some(m) = matched {
        res.extensions_mut().insert(metrics.route(&m));
    }
    res
}

/// Something whose levels (counts and gauges that exist anyway) are read
/// at each scrape: the cache store, the database, the RESP listener.
#[async_trait::async_trait]
pub trait LevelSource: Send + Sync {
    async fn levels(&self, out: &mut Levels);
}

/// The levels of one scrape.
#[derive(Default)]
pub struct Levels {
    registry: Registry,
}

impl Levels {
    pub fn counter(&mut self, name: &str, help: &str, value: u64) {
        self.registry.register(
            name,
            help,
            prometheus_client::metrics::counter::ConstCounter::new(value),
        );
    }

    pub fn gauge(&mut self, name: &str, help: &str, value: u64) {
        self.registry.register(
            name,
            help,
            prometheus_client::metrics::gauge::ConstGauge::new(
                i64::try_from(value).unwrap_or(i64::MAX),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_page_labels_are_site_paths_only() {
        assert_eq!(site_page("/"), Some("/"));
        assert_eq!(site_page("/privacy/"), Some("/privacy"));
        assert_eq!(site_page("/terms?x=1#y"), Some("/terms"));
        assert_eq!(
            site_page("https://chloromaster.com/service/chlorine-system-solutions"),
            Some("/service/chlorine-system-solutions")
        );
        assert_eq!(site_page("https://chloromaster.com"), Some("/"));
        assert_eq!(
            site_page("/equipment/emergency-kit"),
            Some("/equipment/emergency-kit")
        );
        assert_eq!(site_page("/admin/submissions/3"), Some("/admin"));
        assert_eq!(site_page("/equipment/Bad_Slug"), None);
        assert_eq!(site_page("/ar/"), Some("/ar"));
        assert_eq!(site_page("/ar/terms"), Some("/ar/terms"));
        assert_eq!(
            site_page("/ar/equipment/emergency-kit"),
            Some("/ar/equipment/emergency-kit")
        );
        assert_eq!(site_page("/ar/admin"), None);
        assert_eq!(site_page("/arx"), None);
        assert_eq!(site_page("/equipment/a/b"), None);
        assert_eq!(site_page("/wp-login.php"), None);
        assert_eq!(site_page("javascript:alert(1)"), None);
    }
}
