//! `GET /api/admin/dashboard/stats`.
//!
//! Everything here comes from counters and the per-day visit aggregates the
//! database keeps as visits are flushed (schemas 4 and 5): the cost is ~30
//! day rows plus the pages and sources of those days, whatever the number of
//! visits.

use crate::api::openapi::ErrorResponse;
use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::api::{ApiState, AppError};
use crate::db::{Timestamp, date_of_day};

const DAYS: u32 = 30;
const TOP: usize = 10;

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Visitors of all time: the sum over every day of that day's unique
    /// visitors (visitor hashes are salted per day, so someone who comes
    /// back another day counts again). Not page views.
    total_visitors: u64,
    today_visitors: u64,
    total_submissions: u64,
    today_submissions: u64,
    unread_submissions: u64,
    /// Submissions per 100 visitors ([`Stats::total_visitors`]), in percent,
    /// two decimals; 0 without visitors.
    conversion_rate: f64,
    top_traffic_sources: Vec<Source>,
    top_pages: Vec<PageViews>,
    /// The last 30 days, oldest first, days without visits included.
    visits_per_day: Vec<DayVisits>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DayVisits {
    /// `YYYY-MM-DD` (UTC).
    date: String,
    views: u64,
    /// Unique visitors of the day (exact).
    visitors: u64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Source {
    source: String,
    count: u64,
    percentage: f64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PageViews {
    page: String,
    views: u64,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn top(counts: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(TOP);
    v
}

#[utoipa::path(get, path = "/api/admin/dashboard/stats", tag = "admin",
    responses((status = 200, description = "Visitor and submission figures", body = Stats), (status = 401, body = ErrorResponse)))]
pub async fn stats(State(state): State<ApiState>) -> Result<Json<Stats>, AppError> {
    let db = state.db();
    let now = Timestamp::now();
    let today = now.day();
    let midnight = Timestamp(u64::from(today) * 86_400_000);
    let total_visitors = db.visitor_total().await?;
    let (total_submissions, unread_submissions) = db.contact_counts().await?;
    let today_submissions = db.contacts_since(midnight).await?;
    let summary = db
        .visit_summary(today.saturating_sub(DAYS - 1), today)
        .await?;
    let today_visitors = summary.days.last().map_or(0, |d| d.2);
    let recent: u64 = summary.days.iter().map(|d| d.1).sum();
    let conversion_rate = if total_visitors == 0 {
        0.0
    } else {
        round2(total_submissions as f64 * 100.0 / total_visitors as f64)
    };
    Ok(Json(Stats {
        total_visitors,
        today_visitors,
        total_submissions,
        today_submissions,
        unread_submissions,
        conversion_rate,
        top_traffic_sources: top(summary.sources)
            .into_iter()
            .map(|(source, count)| Source {
                source,
                count,
                percentage: round2(count as f64 * 100.0 / recent.max(1) as f64),
            })
            .collect(),
        top_pages: top(summary.pages)
            .into_iter()
            .map(|(page, views)| PageViews { page, views })
            .collect(),
        visits_per_day: summary
            .days
            .into_iter()
            .map(|(day, views, visitors)| DayVisits {
                date: date_of_day(day),
                views,
                visitors,
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use crate::db::source_of;

    #[test]
    fn admin_stats_referrer_sources() {
        assert_eq!(source_of(""), "Direct");
        assert_eq!(source_of("https://www.Google.com/search?q=x"), "google.com");
        assert_eq!(source_of("android-app://com.x/"), "com.x");
    }
}
