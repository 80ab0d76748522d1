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
