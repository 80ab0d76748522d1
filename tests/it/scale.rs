//! The admin dashboard at scale: 1,000,000 page visits and 100,000
//! submissions, generated through the database layer, then the dashboard
//! statistics and the submissions search timed over HTTP.
//!
//! Ignored (minutes of generation; numbers, not pass/fail):
//! `cargo nextest run --test it scale:: --run-ignored only --no-capture`
//! Sizes can be changed with `SCALE_VISITS` and `SCALE_SUBMISSIONS`.

use crate::common;
use crate::scale_data;

use scale_data::insert_visits;

use std::time::{Duration, Instant};

use chloromaster::db::{NewContact, Timestamp, schema};
use reqwest::StatusCode;
use serde_json::Value;

const USER: &str = "ops";
const PASSWORD: &str = "correct horse battery staple";

fn env_count(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Submission `i`, with searchable names, addresses and messages.
fn contact(i: u64) -> NewContact {
    NewContact {
        first_name: format!("Visitor{i}"),
        last_name: "Scale".into(),
        email: format!("visitor{i}@example{}.com", i % 100),
        phone: "+20 100 000 0000".into(),
        company: format!("Company {}", i % 1000),
        message: format!(
            "Please send a quotation for {} chlorinators, order {i}.",
            i % 10 + 1
        ),
        ..NewContact::default()
    }
}

async fn timed(c: &reqwest::Client, url: &str, token: &str, n: usize) -> (Vec<Duration>, Value) {
    let mut times = Vec::with_capacity(n);
    let mut last = Value::Null;
    for _ in 0..n {
        let started = Instant::now();
        let res = c.get(url).bearer_auth(token).send().await.expect("get");
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        last = res.json().await.expect("json");
        times.push(started.elapsed());
    }
    times.sort();
    (times, last)
}

fn summary(times: &[Duration]) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "min {:.1} ms, median {:.1} ms, max {:.1} ms ({} requests)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "generates a million visits; run by hand to measure"]
async fn scale_dashboard_and_search_with_a_million_visits() {
    let visits = env_count("SCALE_VISITS", 1_000_000);
    let submissions = env_count("SCALE_SUBMISSIONS", 100_000);
    let t = common::start(&[
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
    ])
    .await;
    let db = t.app.db().clone();
    let today = Timestamp::now().day();

    let started = Instant::now();
    insert_visits(&db, visits, today).await;
    println!("generated {visits} visits in {:?}", started.elapsed());

    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let mut next = 0;
    while next < submissions || !tasks.is_empty() {
        while next < submissions && tasks.len() < 256 {
            let db = db.clone();
            let n = next;
            tasks.spawn(async move { db.insert_contact(contact(n)).await });
            next += 1;
        }
        if let Some(done) = tasks.join_next().await {
            done.expect("join").expect("insert");
        }
    }
    println!(
        "generated {submissions} submissions in {:?}",
        started.elapsed()
    );
    let file = std::fs::metadata(db.path()).expect("db file").len();
    println!(
        "database file: {file} bytes ({:.1} MiB)",
        file as f64 / (1 << 20) as f64
    );

    let c = common::client();
    let token = common::admin_token(&c, &t, USER, PASSWORD).await;

    let (times, stats) = timed(&c, &t.url("/api/admin/dashboard/stats"), &token, 20).await;
    println!("GET /api/admin/dashboard/stats: {}", summary(&times));
    assert_eq!(stats["totalVisitors"], visits);
    assert_eq!(stats["totalSubmissions"], submissions);
    assert_eq!(stats["visitsPerDay"].as_array().map(Vec::len), Some(30));

    // What the endpoint did before the aggregates: read every visit of the
    // last 30 days and count pages, sources and today's visitors.
    let started = Instant::now();
    let mut pages = std::collections::HashMap::new();
    let mut sources = std::collections::HashMap::new();
    let mut visitors = std::collections::HashSet::new();
    for day in today - 29..=today {
        for v in db.visits_on_day(day).await.expect("visits") {
            if day == today {
                visitors.insert(v.visitor);
            }
            *pages.entry(v.page_url).or_insert(0u64) += 1;
            *sources
                .entry(chloromaster::db::source_of(&v.referrer))
                .or_insert(0u64) += 1;
        }
    }
    println!(
        "for comparison, reading the 30 days of visits as the endpoint did before schema 4: {:?} ({} pages)",
        started.elapsed(),
        pages.len()
    );

    for (what, query) in [
        ("rare term (one match)", "search=visitor4242@"),
        ("common term, first page", "search=chlorinators"),
        ("no match", "search=nothing-matches-this"),
        ("unread filter", "status=unread"),
        ("no filter", ""),
    ] {
        let (times, page) = timed(
            &c,
            &t.url(&format!("/api/admin/submissions?{query}")),
            &token,
            10,
        )
        .await;
        println!(
            "GET /api/admin/submissions?{query} [{what}, total {}]: {}",
            page["total"],
            summary(&times)
        );
    }
    let common::TestApp { app, data_dir, .. } = t;
    app.shutdown().await;
    drop(db);

    // The same file as schema 3 wrote it (no aggregates): how long the
    // upgrade holds up the start.
    let path = data_dir.path().join(chloromaster::db::FILE_NAME);
    {
        let raw = redb::Database::create(&path).expect("open raw");
        let txn = raw.begin_write().expect("txn");
        txn.delete_table(schema::VISIT_DAYS).expect("drop");
        txn.delete_table(schema::VISIT_DAY_VISITORS).expect("drop");
        txn.delete_table(schema::VISIT_DAY_PAGES).expect("drop");
        txn.delete_table(schema::VISIT_DAY_SOURCES).expect("drop");
        txn.open_table(schema::META)
            .expect("meta")
            .insert(schema::SCHEMA_KEY, 3)
            .expect("version");
        txn.commit().expect("commit");
    }
    let started = Instant::now();
    let db = chloromaster::db::Db::open(data_dir.path()).expect("migrating open");
    println!(
        "opening the schema-3 file (aggregates built from {visits} visits): {:?}",
        started.elapsed()
    );
    let summary = db.visit_summary(today - 29, today).await.expect("summary");
    assert_eq!(
        summary.days.iter().map(|d| d.1).sum::<u64>(),
        stats["visitsPerDay"]
            .as_array()
            .expect("days")
            .iter()
            .map(|d| d["views"].as_u64().expect("views"))
            .sum::<u64>()
    );
    db.close().await;
}
