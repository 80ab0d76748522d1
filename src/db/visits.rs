//! Page-visit analytics: buffered, batch-written, indexed by day.

use redb::{ReadableTable, WriteTransaction};

use super::models::Visit;
use super::schema::{VISIT_SALTS, VISITS, VISITS_BY_DAY, next_id};
use super::{Db, DbError};

/// Writes a flush of buffered visits (called by the writer thread).
pub(super) fn write_batch(txn: &WriteTransaction, visits: &[Visit]) -> Result<(), DbError> {
    let mut table = txn.open_table(VISITS.def())?;
    let mut by_day = txn.open_table(VISITS_BY_DAY)?;
    for visit in visits {
        let id = next_id(txn, "visits")?;
        VISITS.put(&mut table, id, visit)?;
        by_day.insert((visit.at.day(), id), ())?;
    }
    Ok(())
}

impl Db {
    /// Accepts a visit for the next flush (within
    /// [`super::VISIT_FLUSH_INTERVAL`]). Never waits for the disk; if the
    /// buffer is full the visit is dropped and counted.
    pub fn record_visit(&self, visit: Visit) {
        self.buffer_visit(visit);
    }

    /// The secret salt of `day`'s visitor hashes, created on first use. Only
    /// the current day's salt is kept, so yesterday's hashes can no longer
    /// be linked to anybody.
    pub async fn visitor_salt(&self, day: u32) -> Result<[u8; 32], DbError> {
        if let Ok(cached) = self.inner.salt.lock() {
            if let Some((d, salt)) = *cached {
                if d == day {
                    return Ok(salt);
                }
            }
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
    /// Every visit ever stored.
    pub async fn visit_count(&self) -> Result<u64, DbError> {
        use redb::ReadableTableMetadata;
        self.read(|txn| Ok(txn.open_table(VISITS.def())?.len()?))
            .await
    }
}
