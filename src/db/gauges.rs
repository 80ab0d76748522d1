//! Levels the metrics endpoint reads at scrape time.

use redb::ReadableTableMetadata;

use super::schema::OUTBOX;
use super::{Db, DbError};

impl Db {
    /// E-mails waiting in the outbox.
    pub async fn outbox_depth(&self) -> Result<u64, DbError> {
        self.read(|txn| Ok(txn.open_table(OUTBOX.def())?.len()?))
            .await
    }

    /// Bytes of the database file (0 if it cannot be read).
    pub fn file_size(&self) -> u64 {
        std::fs::metadata(self.path()).map_or(0, |m| m.len())
    }
}

#[async_trait::async_trait]
impl crate::metrics::LevelSource for Db {
    async fn levels(&self, out: &mut crate::metrics::Levels) {
        use std::sync::atomic::Ordering;
        let ws = self.stats();
        out.counter(
            "chloromaster_db_commits",
            "Database group commits",
            ws.commits.load(Ordering::Relaxed),
        );
        out.counter(
            "chloromaster_db_failed_commits",
            "Database commits that failed (nothing of their batch was written)",
            ws.failed_commits.load(Ordering::Relaxed),
        );
        out.counter(
            "chloromaster_db_writes",
            "Writes committed (jobs of the group commits)",
            ws.jobs.load(Ordering::Relaxed),
        );
        out.counter(
            "chloromaster_visits_written",
            "Page visits committed",
            ws.visits_written.load(Ordering::Relaxed),
        );
        out.counter(
            "chloromaster_visits_dropped",
            "Page visits dropped because the buffer was full",
            ws.visits_dropped.load(Ordering::Relaxed),
        );
        out.gauge(
            "chloromaster_db_writes_failing",
            "1 while the last commit failed and none has succeeded since",
            u64::from(ws.writes_failing.load(Ordering::Relaxed)),
        );
        out.gauge(
            "chloromaster_db_read_only",
            "1 while the database refuses writes (disk full or a storage error) and serves reads only",
            u64::from(ws.read_only.load(Ordering::Relaxed)),
        );
        out.gauge(
            "chloromaster_db_file_bytes",
            "Size of the database file",
            self.file_size(),
        );
        match self.outbox_depth().await {
            Ok(n) => out.gauge(
                "chloromaster_outbox_depth",
                "E-mails queued in the outbox, not yet sent",
                n,
            ),
            Err(e) => tracing::warn!(error = %e, "metrics: cannot read the outbox depth"),
        }
    }
}
