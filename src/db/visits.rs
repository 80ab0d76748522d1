//! Page-visit analytics: buffered, batch-written, indexed by day, and
//! summed per day as they are written (schema 4) so the dashboard reads a
//! few hundred aggregate rows instead of every visit; the all-time visitor
//! count is one counter in `meta` (schema 5).

use std::collections::{BTreeMap, HashMap, HashSet};

use redb::{ReadableTable, WriteTransaction};

use super::models::Visit;
use super::schema::{
    META, VISIT_DAY_PAGES, VISIT_DAY_SOURCES, VISIT_DAY_VISITORS, VISIT_DAYS, VISIT_SALTS,
    VISITORS_KEY, VISITS, VISITS_BY_DAY, next_id,
};
use super::{Db, DbError};

/// Writes a flush of buffered visits (called by the writer thread), and adds
/// them to the per-day aggregates in the same transaction.
pub(super) fn write_batch(txn: &WriteTransaction, visits: &[Visit]) -> Result<(), DbError> {
    let mut sums = Aggregates::default();
    {
        let mut table = txn.open_table(VISITS.def())?;
        let mut by_day = txn.open_table(VISITS_BY_DAY)?;
        for visit in visits {
            let id = next_id(txn, "visits")?;
            VISITS.put(&mut table, id, visit)?;
            by_day.insert((visit.at.day(), id), ())?;
            sums.add(visit);
        }
    }
    sums.write(txn)
}

/// The host of a referrer (without `www.`, lower-cased), or "Direct": the
/// traffic source a visit is counted under.
pub fn source_of(referrer: &str) -> String {
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

/// Per-day sums of some visits, added to the stored aggregates by
/// [`Aggregates::write`]. Summing in memory first means one read-modify-write
/// per (day, page) of a flush rather than one per visit.
#[derive(Default)]
pub(super) struct Aggregates {
    days: BTreeMap<u32, DaySums>,
}

#[derive(Default)]
struct DaySums {
    views: u64,
    visitors: HashSet<[u8; 16]>,
    pages: HashMap<String, u64>,
    sources: HashMap<String, u64>,
}

impl Aggregates {
    pub(super) fn add(&mut self, visit: &Visit) {
        let day = self.days.entry(visit.at.day()).or_default();
        day.views += 1;
        day.visitors.insert(visit.visitor);
        *day.pages.entry(visit.page_url.clone()).or_insert(0) += 1;
        *day.sources.entry(source_of(&visit.referrer)).or_insert(0) += 1;
    }

    /// Adds the sums to the per-day tables, and the (day, visitor) pairs
    /// seen for the first time to the all-time visitor counter.
    pub(super) fn write(self, txn: &WriteTransaction) -> Result<(), DbError> {
        let mut days = txn.open_table(VISIT_DAYS)?;
        let mut seen = txn.open_table(VISIT_DAY_VISITORS)?;
        let mut pages = txn.open_table(VISIT_DAY_PAGES)?;
        let mut sources = txn.open_table(VISIT_DAY_SOURCES)?;
        let mut all_new_visitors = 0;
        for (day, sums) in self.days {
            let mut new_visitors = 0;
            for visitor in &sums.visitors {
                if seen.insert((day, visitor), ())?.is_none() {
                    new_visitors += 1;
                }
            }
            all_new_visitors += new_visitors;
            let (views, visitors) = days.get(day)?.map_or((0, 0), |v| v.value());
            days.insert(day, (views + sums.views, visitors + new_visitors))?;
            for (table, counts) in [(&mut pages, sums.pages), (&mut sources, sums.sources)] {
                for (key, n) in counts {
                    let old = table.get((day, key.as_str()))?.map_or(0, |v| v.value());
                    table.insert((day, key.as_str()), old + n)?;
                }
            }
        }
        if all_new_visitors > 0 {
            let mut meta = txn.open_table(META)?;
            let total = meta.get(VISITORS_KEY)?.map_or(0, |v| v.value());
            meta.insert(VISITORS_KEY, total + all_new_visitors)?;
        }
        Ok(())
    }
}

/// The visit aggregates of a range of days, as the dashboard shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitSummary {
    /// `(day, views, unique visitors)` for every day of the range, oldest
    /// first; days without visits are zeros.
    pub days: Vec<(u32, u64, u64)>,
    /// Views per page over the range.
    pub pages: HashMap<String, u64>,
    /// Views per traffic source over the range.
    pub sources: HashMap<String, u64>,
}

impl Db {
    /// Accepts a visit for the next flush (within
    /// [`super::VISIT_FLUSH_INTERVAL`]). Never waits for the disk; if the
    /// buffer is full the visit is dropped and counted.
    pub fn record_visit(&self, visit: Visit) {
        self.buffer_visit(visit);
    }

    /// Writes `visits` at once, durably, as one flush would (aggregates
    /// included). For bulk loads and measurements; page views from the
    /// beacon go through [`Db::record_visit`].
    pub async fn insert_visits(&self, visits: Vec<Visit>) -> Result<(), DbError> {
        let visits = std::sync::Arc::new(visits);
        self.write(move |txn| write_batch(txn, &visits)).await
    }

    /// The secret salt of `day`'s visitor hashes, created on first use. Only
    /// the current day's salt is kept, so yesterday's hashes can no longer
    /// be linked to anybody.
    pub async fn visitor_salt(&self, day: u32) -> Result<[u8; 32], DbError> {
        if let Ok(cached) = self.inner.salt.lock()
            && let Some((d, salt)) = *cached
            && d == day
        {
            return Ok(salt);
        }
        let salt = self
            .write(move |txn| {
                let mut salts = txn.open_table(VISIT_SALTS)?;
                if let Some(existing) = salts.get(day)? {
                    return Ok(*existing.value());
                }
                let salt: [u8; 32] = rand::random();
                salts.retain(|d, _| d >= day)?;
                salts.insert(day, &salt)?;
                Ok(salt)
            })
            .await?;
        if let Ok(mut cached) = self.inner.salt.lock() {
            *cached = Some((day, salt));
        }
        Ok(salt)
    }

    /// Visits stored for `day` (flushed ones only).
    pub async fn visits_on_day(&self, day: u32) -> Result<Vec<Visit>, DbError> {
        self.read(move |txn| {
            let by_day = txn.open_table(VISITS_BY_DAY)?;
            let visits = txn.open_table(VISITS.def())?;
            let mut out = Vec::new();
            for entry in by_day.range((day, 0)..=(day, u64::MAX))? {
                let (key, _) = entry?;
                if let Some(v) = VISITS.get(&visits, key.value().1)? {
                    out.push(v);
                }
            }
            Ok(out)
        })
        .await
    }
}

impl Db {
    /// The aggregates of days `first..=last` (flushed visits only), read in
    /// one transaction.
    pub async fn visit_summary(&self, first: u32, last: u32) -> Result<VisitSummary, DbError> {
        self.read(move |txn| {
            let days = txn.open_table(VISIT_DAYS)?;
            let mut out = VisitSummary::default();
            for day in first..=last {
                let (views, visitors) = days.get(day)?.map_or((0, 0), |v| v.value());
                out.days.push((day, views, visitors));
            }
            for (def, counts) in [
                (VISIT_DAY_PAGES, &mut out.pages),
                (VISIT_DAY_SOURCES, &mut out.sources),
            ] {
                let table = txn.open_table(def)?;
                for entry in table.range((first, "")..(last.saturating_add(1), ""))? {
                    let (key, n) = entry?;
                    let (day, name) = key.value();
                    if day > last {
                        break;
                    }
                    *counts.entry(name.to_owned()).or_insert(0) += n.value();
                }
            }
            Ok(out)
        })
        .await
    }

    /// Visitors of all time (flushed visits only): the sum over every day
    /// of its unique visitors, so a visitor who comes back on another day
    /// counts again (the hashes are salted per day, so nothing can tell).
    /// One counter read, whatever the number of visits or days.
    pub async fn visitor_total(&self) -> Result<u64, DbError> {
        self.read(|txn| {
            Ok(txn
                .open_table(META)?
                .get(VISITORS_KEY)?
                .map_or(0, |v| v.value()))
        })
        .await
    }

    /// Every visit ever stored (page views).
    pub async fn visit_count(&self) -> Result<u64, DbError> {
        use redb::ReadableTableMetadata;
        self.read(|txn| Ok(txn.open_table(VISITS.def())?.len()?))
            .await
    }
}
