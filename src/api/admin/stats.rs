//! `GET /api/admin/dashboard/stats`.
//!
//! Limitation: top pages and traffic sources are computed by reading the
//! visits of the last 30 days (one pass over that range of the day index),
//! not from aggregates; fine for a small site, to be replaced by per-day
//! aggregates for the "1M visits" target of issue 5.

use crate::api::openapi::ErrorResponse;
use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::api::{ApiState, AppError};
use crate::db::Timestamp;

const DAYS: u32 = 30;
const TOP: usize = 10;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    total_visitors: u64,
    today_visitors: u64,
    total_submissions: u64,
    today_submissions: u64,
    unread_submissions: u64,
    /// Submissions per 100 visits.
    conversion_rate: f64,
    top_traffic_sources: Vec<Source>,
    top_pages: Vec<PageViews>,
}

#[derive(Serialize)]
pub struct Source {
    source: String,
    count: u64,
    percentage: f64,
}

#[derive(Serialize)]
pub struct PageViews {
    page: String,
    views: u64,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The host of a referrer, or "Direct".
fn source_of(referrer: &str) -> String {
    let rest = referrer
        .split_once("://")
        .map_or(referrer, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.trim_start_matches("www.");
    if host.is_empty() {
        "Direct".into()
    } else {
        host.to_ascii_lowercase()
    }
}

fn top(counts: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(TOP);
    v
}

#[utoipa::path(get, path = "/api/admin/dashboard/stats", tag = "admin",
    responses((status = 200, description = "Visitor and submission figures", body = Object), (status = 401, body = ErrorResponse)))]
pub async fn stats(State(state): State<ApiState>) -> Result<Json<Stats>, AppError> {
    let db = state.db();
    let now = Timestamp::now();
    let today = now.day();
    let midnight = Timestamp(u64::from(today) * 86_400_000);
    let total_visitors = db.visit_count().await?;
    let (total_submissions, unread_submissions) = db.contact_counts().await?;
    let today_submissions = db.contacts_since(midnight).await?;
    let mut today_visitors = HashSet::new();
    let mut pages = HashMap::new();
    let mut sources = HashMap::new();
    let mut recent = 0u64;
    for day in today.saturating_sub(DAYS - 1)..=today {
        for v in db.visits_on_day(day).await? {
            if day == today {
                today_visitors.insert(v.visitor);
            }
            *pages.entry(v.page_url).or_insert(0) += 1;
            *sources.entry(source_of(&v.referrer)).or_insert(0) += 1;
            recent += 1;
        }
    }
    let conversion_rate = if total_visitors == 0 {
        0.0
    } else {
        round2(total_submissions as f64 * 100.0 / total_visitors as f64)
    };
    Ok(Json(Stats {
        total_visitors,
        today_visitors: today_visitors.len() as u64,
        total_submissions,
        today_submissions,
        unread_submissions,
        conversion_rate,
        top_traffic_sources: top(sources)
            .into_iter()
            .map(|(source, count)| Source {
                source,
                count,
                percentage: round2(count as f64 * 100.0 / recent.max(1) as f64),
            })
            .collect(),
        top_pages: top(pages)
            .into_iter()
            .map(|(page, views)| PageViews { page, views })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn admin_stats_referrer_sources() {
        assert_eq!(super::source_of(""), "Direct");
        assert_eq!(
            super::source_of("https://www.Google.com/search?q=x"),
            "google.com"
        );
        assert_eq!(super::source_of("android-app://com.x/"), "com.x");
    }
}
