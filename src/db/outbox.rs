//! The mail outbox: rows written in the same transaction as the submission
//! that causes them, rendered, sent and cleared by the mail sender
//! (`crate::mail`), and shown to the admin.
//!
//! A message is *pending* (due at `next_attempt_at`, or now) or *dead*
//! (given up on; kept until an admin retries or deletes it). Sent messages
//! are removed, and the persisted counter `mail_sent` in `meta` goes up in
//! the same transaction. A message to a visitor that the limits stop is
//! *suppressed*: moved to its own table (`super::mail_limits`), listed here
//! too, never sent.

use std::sync::atomic::Ordering;

use redb::ReadableTable;

use super::models::{OutboxKind, OutboxMessage, RenderedMail, SuppressedMail};
use super::schema::{META, OUTBOX, OUTBOX_SUPPRESSED, next_id};
use super::time::Timestamp;
use super::{Db, DbError};

const SENT_KEY: &str = "mail_sent";

/// What the admin sees of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxSummary {
    pub pending: u64,
    pub dead: u64,
    /// Messages delivered since the database was created.
    pub sent: u64,
    /// Messages to visitors the limits stopped (the newest few are kept).
    pub suppressed: u64,
    /// Newest first, at most the requested number.
    pub newest: Vec<OutboxMessage>,
    /// Newest first, at most the requested number.
    pub newest_suppressed: Vec<SuppressedMail>,
}

impl Db {
    /// Turns queueing of mail on or off (off when no SMTP relay is
    /// configured: then writes queue nothing at all).
    pub fn set_mail_enabled(&self, enabled: bool) {
        self.inner.mail_enabled.store(enabled, Ordering::Relaxed);
    }

    pub fn mail_enabled(&self) -> bool {
        self.inner.mail_enabled.load(Ordering::Relaxed)
    }

    /// Wakes the mail sender: the outbox changed.
    pub(crate) fn outbox_changed(&self) {
        self.inner.outbox_notify.notify_one();
    }

    /// Resolves after the outbox changed (or at once if it changed since the
    /// last call).
    pub async fn outbox_wait(&self) {
        self.inner.outbox_notify.notified().await;
    }

    /// The oldest `limit` messages waiting to be sent (dead ones included).
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

    /// Pending messages due at `now` (oldest first, at most `limit`), and
    /// the earliest later due time of the others.
    pub async fn outbox_due(
        &self,
        now: Timestamp,
        limit: usize,
    ) -> Result<(Vec<OutboxMessage>, Option<Timestamp>), DbError> {
        self.read(move |txn| {
            let table = txn.open_table(OUTBOX.def())?;
            let mut due = Vec::new();
            let mut next: Option<Timestamp> = None;
            for entry in table.iter()? {
                let (_, v) = entry?;
                let msg: OutboxMessage = super::record::decode(v.value())?;
                if msg.dead {
                    continue;
                }
                match msg.next_attempt_at {
                    Some(at) if at > now => next = Some(next.map_or(at, |n| n.min(at))),
                    _ if due.len() < limit => due.push(msg),
                    // More are due than fit: come back at once.
                    _ => next = Some(now),
                }
            }
            Ok((due, next))
        })
        .await
    }

    /// Replaces message `id` by messages of `kinds` (same creation time),
    /// in one transaction. `false` if `id` no longer exists.
    pub async fn outbox_split(&self, id: u64, kinds: Vec<OutboxKind>) -> Result<bool, DbError> {
        let done = self
            .write(move |txn| {
                let mut table = txn.open_table(OUTBOX.def())?;
                let Some(old) = OUTBOX.get(&table, id)? else {
                    return Ok(false);
                };
                table.remove(id)?;
                drop(table);
                for kind in kinds.iter().cloned() {
                    let new_id = next_id(txn, "outbox")?;
                    OUTBOX.put(
                        &mut txn.open_table(OUTBOX.def())?,
                        new_id,
                        &OutboxMessage::new(new_id, old.created_at, kind),
                    )?;
                }
                Ok(true)
            })
            .await?;
        self.outbox_changed();
        Ok(done)
    }

    /// Stores the rendered form of message `id`.
    pub async fn outbox_set_mail(&self, id: u64, mail: RenderedMail) -> Result<bool, DbError> {
        self.update_outbox(id, move |msg| msg.mail = Some(mail.clone()))
            .await
    }

    /// Removes a message that was delivered and counts it as sent.
    pub async fn outbox_mark_sent(&self, id: u64) -> Result<bool, DbError> {
        self.write(move |txn| {
            let removed = txn.open_table(OUTBOX.def())?.remove(id)?.is_some();
            if removed {
                let mut meta = txn.open_table(META)?;
                let sent = meta.get(SENT_KEY)?.map_or(0, |v| v.value());
                meta.insert(SENT_KEY, sent + 1)?;
            }
            Ok(removed)
        })
        .await
    }

    /// Records a failed attempt: the reason, and either the next due time or
    /// (`next: None`) that the message is dead.
    pub async fn outbox_attempt_failed(
        &self,
        id: u64,
        error: String,
        next: Option<Timestamp>,
    ) -> Result<bool, DbError> {
        self.update_outbox(id, move |msg| {
            msg.attempts = msg.attempts.saturating_add(1);
            msg.last_error = Some(error.clone());
            msg.next_attempt_at = next;
            msg.dead = next.is_none();
        })
        .await
    }

    /// Marks a message dead without counting an attempt (it cannot be
    /// rendered, e.g. its submission was deleted first).
    pub async fn outbox_give_up(&self, id: u64, error: String) -> Result<bool, DbError> {
        self.update_outbox(id, move |msg| {
            msg.last_error = Some(error.clone());
            msg.next_attempt_at = None;
            msg.dead = true;
        })
        .await
    }

    /// Makes a message pending and due now, with a fresh set of attempts
    /// (the last error is kept until the next attempt). `false` if unknown.
    pub async fn outbox_retry(&self, id: u64) -> Result<bool, DbError> {
        let found = self
            .update_outbox(id, |msg| {
                msg.dead = false;
                msg.attempts = 0;
                msg.next_attempt_at = None;
            })
            .await?;
        if found {
            self.outbox_changed();
        }
        Ok(found)
    }

    /// Removes a message unsent (or after it was sent: see
    /// [`Db::outbox_mark_sent`]), or a suppressed one. `false` if unknown.
    pub async fn outbox_remove(&self, id: u64) -> Result<bool, DbError> {
        self.write(move |txn| {
            let queued = txn.open_table(OUTBOX.def())?.remove(id)?.is_some();
            let suppressed = txn
                .open_table(OUTBOX_SUPPRESSED.def())?
                .remove(id)?
                .is_some();
            Ok(queued || suppressed)
        })
        .await
    }

    /// Counts a failed attempt; the sender decides when to give up.
    pub async fn outbox_failed_attempt(&self, id: u64) -> Result<(), DbError> {
        self.update_outbox(id, |msg| msg.attempts = msg.attempts.saturating_add(1))
            .await
            .map(drop)
    }

    /// Counts and the newest `limit` messages.
    pub async fn outbox_summary(&self, limit: usize) -> Result<OutboxSummary, DbError> {
        self.read(move |txn| {
            let table = txn.open_table(OUTBOX.def())?;
            let (mut pending, mut dead) = (0, 0);
            let mut newest = Vec::new();
            // Ids only grow, so key order backwards is newest first.
            for entry in table.iter()?.rev() {
                let (_, v) = entry?;
                let msg: OutboxMessage = super::record::decode(v.value())?;
                if msg.dead {
                    dead += 1;
                } else {
                    pending += 1;
                }
                if newest.len() < limit {
                    newest.push(msg);
                }
            }
            let sent = txn
                .open_table(META)?
                .get(SENT_KEY)?
                .map_or(0, |v| v.value());
            let table = txn.open_table(OUTBOX_SUPPRESSED.def())?;
            let suppressed = redb::ReadableTableMetadata::len(&table)?;
            let mut newest_suppressed = Vec::new();
            for entry in table.iter()?.rev().take(limit) {
                let (_, v) = entry?;
                newest_suppressed.push(super::record::decode(v.value())?);
            }
            Ok(OutboxSummary {
                pending,
                dead,
                sent,
                suppressed,
                newest,
                newest_suppressed,
            })
        })
        .await
    }

    async fn update_outbox(
        &self,
        id: u64,
        mut change: impl FnMut(&mut OutboxMessage) + Send + 'static,
    ) -> Result<bool, DbError> {
        self.write(move |txn| {
            let mut table = txn.open_table(OUTBOX.def())?;
            let Some(mut msg) = OUTBOX.get(&table, id)? else {
                return Ok(false);
            };
            change(&mut msg);
            OUTBOX.put(&mut table, id, &msg)?;
            Ok(true)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;
    use crate::db::record::{Record, decode};

    /// The shape format 1 wrote (before delivery state was stored).
    #[derive(Serialize)]
    struct V1 {
        id: u64,
        created_at: Timestamp,
        kind: OutboxKind,
        attempts: u32,
    }

    #[test]
    fn db_outbox_format_1_rows_read_as_pending() {
        let mut bytes = vec![1u8];
        bytes.extend(
            postcard::to_stdvec(&V1 {
                id: 7,
                created_at: Timestamp(1_700_000_000_000),
                kind: OutboxKind::DatasheetLink {
                    request_id: 3,
                    token: "t".into(),
                },
                attempts: 2,
            })
            .expect("encode"),
        );
        let msg: OutboxMessage = decode(&bytes).expect("upgrade");
        assert_eq!(msg.id, 7);
        assert_eq!(msg.attempts, 2);
        assert!(!msg.dead && msg.mail.is_none() && msg.next_attempt_at.is_none());
        assert_eq!(msg.kind.name(), "datasheet-link");
        assert_eq!(OutboxMessage::FORMAT, 2);
    }

    #[tokio::test]
    async fn db_outbox_states_split_fail_dead_retry_sent() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("open");
        let c = db
            .insert_contact(crate::db::NewContact {
                first_name: "A".into(),
                email: "a@example.com".into(),
                ..Default::default()
            })
            .await
            .expect("insert");
        let now = Timestamp::now();
        let (due, _) = db.outbox_due(now, 10).await.expect("due");
        assert_eq!(due.len(), 1);
        assert!(
            db.outbox_split(
                due[0].id,
                vec![
                    OutboxKind::ContactAdmin { contact_id: c.id },
                    OutboxKind::ContactVisitor { contact_id: c.id },
                ],
            )
            .await
            .expect("split")
        );
        let (due, _) = db.outbox_due(now, 10).await.expect("due");
        assert_eq!(due.len(), 2);
        let (a, b) = (due[0].id, due[1].id);
        let later = now.saturating_add(std::time::Duration::from_secs(60));
        db.outbox_attempt_failed(a, "refused".into(), Some(later))
            .await
            .expect("fail");
        db.outbox_attempt_failed(b, "refused".into(), None)
            .await
            .expect("dead");
        let (due, next) = db.outbox_due(now, 10).await.expect("due");
        assert!(due.is_empty());
        assert_eq!(next, Some(later));
        let s = db.outbox_summary(100).await.expect("summary");
        assert_eq!((s.pending, s.dead, s.sent), (1, 1, 0));
        assert_eq!(s.newest[0].id, b, "newest first");
        assert!(db.outbox_retry(b).await.expect("retry"));
        let (due, _) = db.outbox_due(now, 10).await.expect("due");
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].attempts, 0);
        assert!(db.outbox_mark_sent(b).await.expect("sent"));
        assert!(!db.outbox_retry(b).await.expect("gone"));
        let s = db.outbox_summary(100).await.expect("summary");
        assert_eq!((s.pending, s.dead, s.sent), (1, 0, 1));

        db.set_mail_enabled(false);
        db.insert_contact(crate::db::NewContact::default())
            .await
            .expect("insert");
        let s = db.outbox_summary(100).await.expect("summary");
        assert_eq!(s.pending, 1, "mail off: nothing queued");
        db.close().await;
    }
}
