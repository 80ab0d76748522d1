//! `GET /metrics` over a real socket, parsed strictly as the Prometheus text
//! format (0.0.4); and the dashboard statistics checked against a
//! brute-force count over the same visits.

use crate::common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use chloromaster::db::{Timestamp, Visit, date_of_day, source_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

const UA: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const USER: &str = "ops";
const PASSWORD: &str = "correct horse battery staple";

/// One sample: name, labels, value.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// Parses the text format strictly: every line is a `# HELP`/`# TYPE`
/// comment or a sample; every sample belongs to a family whose `# TYPE`
/// came before it (histograms: `_bucket`, `_sum`, `_count`; counters
/// `_total`); label values are quoted with `\\`, `\"`, `\n` escapes; values
/// are floats or `+Inf`/`-Inf`/`NaN`. Returns the samples and the types.
fn parse(text: &str) -> (Vec<Sample>, HashMap<String, String>) {
    let mut types = HashMap::new();
    let mut samples = Vec::new();
    assert!(text.ends_with('\n'), "ends with a newline");
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            let mut parts = rest.splitn(3, ' ');
            let kind = parts.next().expect("comment kind");
            let name = parts.next().expect("metric name");
            assert!(is_name(name), "bad name in {line:?}");
            if kind == "TYPE" {
                let ty = parts.next().expect("type");
                assert!(
                    ["counter", "gauge", "histogram", "summary", "untyped"].contains(&ty),
                    "{line:?}"
                );
                assert!(
                    types.insert(name.to_owned(), ty.to_owned()).is_none(),
                    "TYPE twice: {line:?}"
                );
            } else {
                assert_eq!(kind, "HELP", "{line:?}");
            }
            continue;
        }
        assert!(!line.is_empty() && !line.starts_with('#'), "{line:?}");
        let name_end = line.find(['{', ' ']).expect("sample name");
        let name = &line[..name_end];
        assert!(is_name(name), "bad sample name in {line:?}");
        let mut labels = BTreeMap::new();
        let mut rest = &line[name_end..];
        if let Some(body) = rest.strip_prefix('{') {
            let mut chars = body.char_indices().peekable();
            let mut end = None;
            loop {
                let (start, c) = chars.next().expect("label or }");
                if c == '}' {
                    end = Some(start + 1);
                    break;
                }
                let eq = body[start..].find('=').expect("=") + start;
                let key = &body[start..eq];
                assert!(is_name(key), "bad label name {key:?} in {line:?}");
                while chars.peek().is_some_and(|&(i, _)| i <= eq) {
                    chars.next();
                }
                assert_eq!(chars.next().map(|c| c.1), Some('"'), "{line:?}");
                let mut value = String::new();
                loop {
                    match chars.next().expect("closing quote").1 {
                        '"' => break,
                        '\\' => match chars.next().expect("escape").1 {
                            'n' => value.push('\n'),
                            c @ ('\\' | '"') => value.push(c),
                            c => panic!("bad escape \\{c} in {line:?}"),
                        },
                        c => value.push(c),
                    }
                }
                labels.insert(key.to_owned(), value);
                match chars.peek().map(|c| c.1) {
                    Some(',') => {
                        chars.next();
                    }
                    Some('}') => {}
                    other => panic!("{other:?} after a label in {line:?}"),
                }
                if end.is_some() {
                    break;
                }
            }
            rest = &body[end.expect("}")..];
        }
        let value = rest.strip_prefix(' ').expect("space before the value");
        let value = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            "NaN" => f64::NAN,
            v => v
                .parse()
                .unwrap_or_else(|_| panic!("bad value in {line:?}")),
        };
        let family = [
            ("_bucket", "histogram"),
            ("_sum", "histogram"),
            ("_count", "histogram"),
        ]
        .iter()
        .find_map(|(suffix, ty)| {
            let base = name.strip_suffix(suffix)?;
            (types.get(base).map(String::as_str) == Some(*ty)).then_some(base)
        })
        .unwrap_or(name);
        assert!(
            types.contains_key(family),
            "sample {name} before its # TYPE"
        );
        if types[family] == "counter" {
            assert!(name.ends_with("_total"), "counter {name} without _total");
        }
        samples.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    (samples, types)
}

struct Scrape(Vec<Sample>, HashMap<String, String>);

impl Scrape {
    /// The value of `name` with exactly these labels (0 when absent).
    fn get(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let want: BTreeMap<String, String> = labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        self.0
            .iter()
            .find(|s| s.name == name && s.labels == want)
            .map_or(0.0, |s| s.value)
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|s| s.name == name)
    }

    fn label_values(&self, name: &str, label: &str) -> HashSet<String> {
        self.0
            .iter()
            .filter(|s| s.name == name)
            .filter_map(|s| s.labels.get(label).cloned())
            .collect()
    }
}

async fn scrape(c: &reqwest::Client, addr: std::net::SocketAddr) -> Scrape {
    let res = c
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .expect("scrape");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = res.text().await.expect("body");
    let (samples, types) = parse(&text);
    Scrape(samples, types)
}

fn app_vars() -> Vec<(&'static str, &'static str)> {
    vec![
        ("CHLORO_METRICS_ADDR", "127.0.0.1:0"),
        ("CHLORO_RESP_ADDR", "127.0.0.1:0"),
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
    ]
}

async fn token(c: &reqwest::Client, t: &common::TestApp) -> String {
    common::admin_token(c, t, USER, PASSWORD).await
}

#[tokio::test]
async fn metrics_counters_move_after_requests_and_histograms_have_buckets() {
    let t = common::start(&app_vars()).await;
    let maddr = t.app.metrics_addr().expect("metrics listener");
    let c = common::client();
    let before = scrape(&c, maddr).await;

    for _ in 0..3 {
        let res = c.get(t.url("/")).send().await.expect("site");
        assert_eq!(res.status(), StatusCode::OK);
    }
    assert_eq!(
        c.get(t.url("/api/services/chlorine-system-solutions"))
            .send()
            .await
            .expect("api")
            .status(),
        StatusCode::OK
    );
    c.get(t.url("/api/no-such-thing"))
        .send()
        .await
        .expect("api");
    for page in ["/privacy", "/privacy", "/wp-login.php"] {
        let res = c
            .post(t.url("/api/pagevisit"))
            .header("user-agent", UA)
            .json(&json!({"pageUrl": page}))
            .send()
            .await
            .expect("beacon");
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
    let res = c
        .post(t.url("/api/contact"))
        .json(&json!({
            "firstName": "Metrics", "email": "m@example.com",
            "phone": "+20 100 123 4567", "message": "Counting."
        }))
        .send()
        .await
        .expect("contact");
    assert_eq!(res.status(), StatusCode::CREATED);
    let token = token(&c, &t).await;
    let res = c
        .get(t.url("/api/admin/submissions/1"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("admin");
    assert_eq!(res.status(), StatusCode::OK);
    // RESP: one connected client, two commands.
    let mut redis = tokio::net::TcpStream::connect(t.app.resp_addr().expect("resp"))
        .await
        .expect("resp connect");
    {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        redis
            .write_all(b"*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n")
            .await
            .expect("write");
        let mut buf = [0u8; 64];
        let mut got = Vec::new();
        while got.len() < b"+PONG\r\n+OK\r\n".len() {
            let n = redis.read(&mut buf).await.expect("read");
            assert!(n > 0);
            got.extend_from_slice(&buf[..n]);
        }
    }
    // The visits are flushed within a second.
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let after = scrape(&c, maddr).await;
    let delta =
        |name: &str, labels: &[(&str, &str)]| after.get(name, labels) - before.get(name, labels);
    assert_eq!(
        delta("chloromaster_page_views_total", &[("page", "/privacy")]),
        2.0
    );
    assert_eq!(
        delta("chloromaster_page_views_total", &[("page", "other")]),
        1.0
    );
    assert_eq!(delta("chloromaster_contact_submissions_total", &[]), 1.0);
    assert!(after.has("chloromaster_emails_sent_total"));
    assert_eq!(
        delta(
            "chloromaster_api_calls_total",
            &[("endpoint", "/api/services/{idOrSlug}")]
        ),
        1.0
    );
    assert_eq!(
        delta(
            "chloromaster_api_calls_total",
            &[("endpoint", "/api/pagevisit")]
        ),
        3.0
    );
    assert_eq!(
        delta(
            "chloromaster_api_calls_total",
            &[("endpoint", "/api/admin/submissions/{id}")]
        ),
        1.0,
        "nested admin routes are labelled by their template"
    );
    assert_eq!(
        delta(
            "chloromaster_api_calls_total",
            &[("endpoint", "/api/unmatched")]
        ),
        1.0
    );
    // Never a raw path as a label.
    for endpoint in after.label_values("chloromaster_api_calls_total", "endpoint") {
        assert!(!endpoint.contains("chlorine"), "{endpoint}");
    }

    // The request histogram: buckets up to +Inf, cumulative, count = +Inf.
    assert_eq!(
        after.1["chloromaster_request_duration_seconds"],
        "histogram"
    );
    let bucket = |route: &str, le: &str| {
        after.get(
            "chloromaster_request_duration_seconds_bucket",
            &[("route", route), ("le", le)],
        )
    };
    let site_count = after.get(
        "chloromaster_request_duration_seconds_count",
        &[("route", "site")],
    );
    assert!(site_count >= 3.0, "{site_count}");
    assert_eq!(bucket("site", "+Inf"), site_count);
    assert!(bucket("site", "0.001") <= bucket("site", "0.01"));
    assert!(
        after.get(
            "chloromaster_request_duration_seconds_sum",
            &[("route", "site")]
        ) > 0.0
    );
    assert_eq!(bucket("/api/contact", "+Inf"), 1.0);
    assert!(after.has("chloromaster_db_commit_duration_seconds_bucket"));
    assert!(delta("chloromaster_db_commit_duration_seconds_count", &[]) >= 2.0);

    // Levels read at scrape time.
    assert!(delta("chloromaster_resp_commands_total", &[]) >= 2.0);
    assert_eq!(after.get("chloromaster_resp_connected_clients", &[]), 1.0);
    assert!(
        after.get("chloromaster_cache_keys", &[]) >= 2.0,
        "k and the session"
    );
    assert!(after.get("chloromaster_cache_used_bytes", &[]) > 0.0);
    for name in [
        "chloromaster_cache_hits_total",
        "chloromaster_cache_misses_total",
        "chloromaster_cache_evictions_total",
        "chloromaster_rate_limited_total",
        "chloromaster_outbox_depth",
    ] {
        assert!(after.has(name), "{name}");
    }
    assert!(delta("chloromaster_db_commits_total", &[]) >= 2.0);
    assert_eq!(delta("chloromaster_visits_written_total", &[]), 3.0);
    assert!(after.get("chloromaster_db_file_bytes", &[]) > 0.0);
    assert!(after.get("process_resident_memory_bytes", &[]) > 1e6);
    assert!(after.get("process_open_fds", &[]) > 3.0);
    assert!(after.has("process_cpu_seconds_total"));
    drop(redis);

    // Only /metrics on that listener, and not on the site's.
    let res = c
        .get(format!("http://{maddr}/other"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = c.get(t.url("/metrics")).send().await.expect("get");
    assert!(
        !res.text().await.expect("body").contains("chloromaster_"),
        "the public listener never serves metrics"
    );
    t.app.shutdown().await;
}

/// Fresh hits are answered by the edge before routing; they still count
/// under the route that produced the cached response.
#[tokio::test]
async fn metrics_cache_hits_count_under_their_route() {
    let t = common::start(&app_vars()).await;
    let maddr = t.app.metrics_addr().expect("metrics listener");
    let c = common::client();
    let before = scrape(&c, maddr).await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        let res = c
            .get(t.url("/api/products/emergency-kit"))
            .send()
            .await
            .expect("api");
        assert_eq!(res.status(), StatusCode::OK);
        seen.push(
            res.headers()["x-cache-status"]
                .to_str()
                .expect("ascii")
                .to_owned(),
        );
    }
    assert_eq!(seen, ["MISS", "HIT", "HIT"]);
    let after = scrape(&c, maddr).await;
    let delta =
        |name: &str, labels: &[(&str, &str)]| after.get(name, labels) - before.get(name, labels);
    assert_eq!(
        delta(
            "chloromaster_api_calls_total",
            &[("endpoint", "/api/products/{slug}")]
        ),
        3.0
    );
    assert_eq!(
        delta(
            "chloromaster_api_calls_total",
            &[("endpoint", "/api/unmatched")]
        ),
        0.0
    );
}

#[tokio::test]
async fn metrics_rate_limit_refusals_are_counted() {
    let t = common::start(&[
        ("CHLORO_METRICS_ADDR", "127.0.0.1:0"),
        ("CHLORO_RATE_API", "1"),
        ("CHLORO_RATE_API_BURST", "1"),
    ])
    .await;
    let c = common::client();
    let mut refused = 0.0;
    for _ in 0..5 {
        let res = c.get(t.url("/api/services")).send().await.expect("get");
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            refused += 1.0;
        }
    }
    assert!(refused >= 1.0);
    let s = scrape(&c, t.app.metrics_addr().expect("metrics")).await;
    assert_eq!(s.get("chloromaster_rate_limited_total", &[]), refused);
    assert_eq!(
        s.get(
            "chloromaster_request_duration_seconds_count",
            &[("route", "refused")]
        ),
        refused
    );
}

#[tokio::test]
async fn metrics_listener_is_off_when_the_address_is_empty() {
    let t = common::start(&[("CHLORO_METRICS_ADDR", "")]).await;
    assert_eq!(t.app.metrics_addr(), None);
    t.app.shutdown().await;
}

fn visitor(n: u64) -> [u8; 16] {
    let mut v = [0u8; 16];
    v[..8].copy_from_slice(&n.to_le_bytes());
    v
}

#[tokio::test]
async fn metrics_dashboard_stats_equal_a_brute_force_count() {
    let t = common::start(&app_vars()).await;
    let c = common::client();
    let today = Timestamp::now().day();
    let pages = [
        "/",
        "/privacy",
        "/service/a",
        "/equipment/b",
        "/terms",
        "/x",
    ];
    let referrers = [
        "",
        "https://www.google.com/search",
        "https://bing.com/",
        "https://news.example.org/a",
    ];
    // 45 days, so that the 30-day window cuts some off; some days empty.
    let visits: Vec<Visit> = (0..3000u64)
        .filter_map(|i| {
            let back = (i * 7919 % 45) as u32;
            if back % 11 == 5 {
                return None;
            }
            Some(Visit {
                at: Timestamp(u64::from(today - back) * 86_400_000 + i * 1000 % 86_400_000),
                page_url: pages[(i * 31 % 6) as usize].into(),
                page_title: String::new(),
                referrer: referrers[(i * 17 % 4) as usize].into(),
                session_duration_secs: None,
                device: "desktop".into(),
                browser: "Firefox".into(),
                // About 66 views a day by 23 visitors: they come back.
                visitor: visitor(i % 23 + u64::from(back) * 1000 % 7),
            })
        })
        .collect();
    for chunk in visits.chunks(400) {
        t.app
            .db()
            .insert_visits(chunk.to_vec())
            .await
            .expect("insert");
    }

    // Submissions, for the conversion rate.
    let submissions = 7u64;
    for n in 0..submissions {
        let res = c
            .post(t.url("/api/contact"))
            .json(
                &json!({"firstName": format!("V{n}"), "email": "v@example.com",
                          "phone": "01001234567", "message": "quote"}),
            )
            .send()
            .await
            .expect("contact");
        assert_eq!(res.status(), StatusCode::CREATED);
    }

    let token = token(&c, &t).await;
    let stats: Value = c
        .get(t.url("/api/admin/dashboard/stats"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");

    // Brute force over the same visits.
    let first = today - 29;
    let recent: Vec<&Visit> = visits.iter().filter(|v| v.at.day() >= first).collect();
    let unique_today: HashSet<_> = visits
        .iter()
        .filter(|v| v.at.day() == today)
        .map(|v| v.visitor)
        .collect();
    // Visitors, not page views: a visitor hash is salted per day, so the
    // visitors of all time are the distinct (day, visitor) pairs.
    let visitor_days: HashSet<_> = visits.iter().map(|v| (v.at.day(), v.visitor)).collect();
    let total_visitors = visitor_days.len() as u64;
    assert!(
        total_visitors < visits.len() as u64 / 2,
        "visitors come back within a day: {total_visitors} of {}",
        visits.len()
    );
    assert_eq!(stats["totalVisitors"], total_visitors);
    assert_eq!(stats["todayVisitors"], unique_today.len() as u64);
    assert_eq!(stats["totalSubmissions"], submissions);
    assert_eq!(stats["todaySubmissions"], submissions);
    let rate = (submissions as f64 * 100.0 / total_visitors as f64 * 100.0).round() / 100.0;
    assert!(rate > 0.0 && rate.fract() != 0.0, "{rate}");
    assert_eq!(stats["conversionRate"].as_f64(), Some(rate), "{stats}");
    let mut page_counts: HashMap<&str, u64> = HashMap::new();
    let mut source_counts: HashMap<String, u64> = HashMap::new();
    for v in &recent {
        *page_counts.entry(&v.page_url).or_insert(0) += 1;
        *source_counts.entry(source_of(&v.referrer)).or_insert(0) += 1;
    }
    let top_pages: HashMap<&str, u64> = stats["topPages"]
        .as_array()
        .expect("topPages")
        .iter()
        .map(|p| {
            (
                p["page"].as_str().expect("page"),
                p["views"].as_u64().expect("views"),
            )
        })
        .collect();
    assert_eq!(top_pages, page_counts);
    let sources = stats["topTrafficSources"].as_array().expect("sources");
    assert_eq!(sources.len(), source_counts.len());
    for s in sources {
        let name = s["source"].as_str().expect("source");
        let count = s["count"].as_u64().expect("count");
        assert_eq!(source_counts[name], count, "{name}");
        let pct = (count as f64 * 100.0 / recent.len() as f64 * 100.0).round() / 100.0;
        assert_eq!(s["percentage"].as_f64(), Some(pct), "{name}");
    }
    assert!(source_counts.contains_key("google.com") && source_counts.contains_key("Direct"));

    let per_day = stats["visitsPerDay"].as_array().expect("visitsPerDay");
    assert_eq!(per_day.len(), 30);
    let mut empty_days = 0;
    for (i, day) in (first..=today).enumerate() {
        let of_day: Vec<&&Visit> = recent.iter().filter(|v| v.at.day() == day).collect();
        let unique: HashSet<_> = of_day.iter().map(|v| v.visitor).collect();
        assert_eq!(per_day[i]["date"], date_of_day(day));
        assert_eq!(per_day[i]["views"], of_day.len() as u64, "{}", per_day[i]);
        assert_eq!(
            per_day[i]["visitors"],
            unique.len() as u64,
            "{}",
            per_day[i]
        );
        if of_day.is_empty() {
            empty_days += 1;
        }
    }
    assert!(empty_days > 0, "zero days are filled, not skipped");
    // Every earlier field is still there.
    for field in [
        "totalSubmissions",
        "todaySubmissions",
        "unreadSubmissions",
        "conversionRate",
    ] {
        assert!(stats.get(field).is_some(), "{field}");
    }
    t.app.shutdown().await;
}

/// Two appliances in one process count apart: each has its own registry
/// and reads its own RESP listener (nothing process-wide).
#[tokio::test]
async fn metrics_two_apps_in_one_process_count_apart() {
    let a = common::start(&app_vars()).await;
    let b = common::start(&app_vars()).await;
    let c = common::client();
    let res = c
        .post(a.url("/api/contact"))
        .json(&json!({
            "firstName": "Only", "email": "a@example.com",
            "phone": "+20 100 123 4567", "message": "Counted by A."
        }))
        .send()
        .await
        .expect("contact");
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = c
        .post(a.url("/api/pagevisit"))
        .header("user-agent", UA)
        .json(&json!({"pageUrl": "/privacy"}))
        .send()
        .await
        .expect("beacon");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // One RESP client on A, none on B (B started last).
    let _held = tokio::net::TcpStream::connect(a.app.resp_addr().expect("resp"))
        .await
        .expect("resp connect");
    let clients = |s: &Scrape| s.get("chloromaster_resp_connected_clients", &[]);
    let mut sa = scrape(&c, a.app.metrics_addr().expect("metrics")).await;
    for _ in 0..50 {
        if clients(&sa) == 1.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        sa = scrape(&c, a.app.metrics_addr().expect("metrics")).await;
    }
    let sb = scrape(&c, b.app.metrics_addr().expect("metrics")).await;

    assert_eq!(sa.get("chloromaster_contact_submissions_total", &[]), 1.0);
    assert_eq!(sb.get("chloromaster_contact_submissions_total", &[]), 0.0);
    let privacy = [("page", "/privacy")];
    assert_eq!(sa.get("chloromaster_page_views_total", &privacy), 1.0);
    assert_eq!(sb.get("chloromaster_page_views_total", &privacy), 0.0);
    assert_eq!(clients(&sa), 1.0);
    assert_eq!(clients(&sb), 0.0);
    let api = [("endpoint", "/api/contact")];
    assert_eq!(sa.get("chloromaster_api_calls_total", &api), 1.0);
    assert_eq!(sb.get("chloromaster_api_calls_total", &api), 0.0);
    a.app.shutdown().await;
    b.app.shutdown().await;
}
