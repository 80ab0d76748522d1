//! The mail outbox: rows written in the same transaction as the submission
//! that causes them, read and cleared by the mail sender (not built yet).

use super::models::OutboxMessage;
use super::schema::OUTBOX;
use super::{Db, DbError};

impl Db {
    /// The oldest `limit` messages waiting to be sent.
    pub async fn outbox_pending(&self, limit: usize) -> Result<Vec<OutboxMessage>, DbError> {
        self.read(move |txn| {
            let table = txn.open_table(OUTBOX.def())?;
            let mut out = Vec::new();
            for entry in redb::ReadableTable::iter(&table)?.take(limit) {
                let (_, v) = entry?;
                out.push(super::record::decode(v.value())?);
            }
            Ok(out)
        })
        .await
    }

    /// Removes a message once it was sent (or given up on).
    pub async fn outbox_remove(&self, id: u64) -> Result<bool, DbError> {
        self.write(move |txn| Ok(txn.open_table(OUTBOX.def())?.remove(id)?.is_some()))
            .await
    }

    /// Counts a failed attempt; the sender decides when to give up.
    pub async fn outbox_failed_attempt(&self, id: u64) -> Result<(), DbError> {
        self.write(move |txn| {
            let mut table = txn.open_table(OUTBOX.def())?;
            if let Some(mut msg) = OUTBOX.get(&table, id)? {
                msg.attempts += 1;
                OUTBOX.put(&mut table, id, &msg)?;
            }
            Ok(())
        })
        .await
    }
}
