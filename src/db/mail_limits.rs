//! Limits on mail to addresses that visitors type (datasheet links, contact
//! confirmations), so the appliance cannot be made to mail-bomb someone or
//! relay spam from the company's domain.
//!
//! - At most `per_recipient_per_day` mails to one recipient in any 24 hours
//!   (hour buckets), however many client addresses ask, and at most
//!   `per_hour` mails to all visitors together in any 60 minutes (minute
//!   buckets). A limit of 0 means no mail to visitors at all: the safe
//!   reading of an operator who writes 0 meaning "off".
//! - The decision is made by the mail sender just before the first attempt,
//!   in one durable transaction that also stores the rendered message
//!   (admitted) or moves it to `outbox_suppressed` (stopped). So the counts
//!   survive a restart, a message is counted once however often its
//!   delivery is retried, and a crash cannot send a message that was not
//!   counted. Deciding here rather than in the submission's transaction
//!   keeps the request path as it was (the visitor is answered the same
//!   either way) and counts only mail that is really handed to the relay.
//! - Recipients are keyed by a SHA-256 of the normalised address
//!   ([`recipient_key`]): lower-cased, without a `+tag`, without dots at
//!   Gmail, so `Victim+1@example.org` and `victim+2@example.org` share one
//!   count. The counters never hold an address, and are deleted once they
//!   leave their window.
//! - A stopped message keeps its recipient, subject and reason for the
//!   admin, never its body or download token; the newest
//!   [`SUPPRESSED_KEPT`] are kept, older ones are deleted as new ones come.

use redb::{ReadableTable, ReadableTableMetadata};
use sha2::{Digest, Sha256};

use super::models::{RenderedMail, SuppressReason, SuppressedMail};
use super::schema::{MAIL_RECIPIENT_HOURS, MAIL_VISITOR_MINUTES, OUTBOX, OUTBOX_SUPPRESSED};
use super::time::Timestamp;
use super::{Db, DbError};

/// Suppressed messages kept for the admin; older ones are deleted.
pub const SUPPRESSED_KEPT: u64 = 1000;
/// The per-recipient window, in hour buckets.
const RECIPIENT_WINDOW_HOURS: u32 = 24;
/// The all-visitors window, in minute buckets.
const TOTAL_WINDOW_MINUTES: u32 = 60;
const NO_KEY: [u8; 32] = [0; 32];

/// The limits on mail to visitor-supplied addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitorMailLimits {
    /// Mails to one recipient in any 24 hours; 0: none at all.
    pub per_recipient_per_day: u32,
    /// Mails to all visitors in any 60 minutes; 0: none at all.
    pub per_hour: u32,
}

/// What [`Db::outbox_admit`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Counted, and stored rendered: send it.
    Admitted,
    /// Moved to the suppressed messages: never send it.
    Suppressed(SuppressReason),
    /// The message no longer exists (an admin deleted it).
    Gone,
}

/// An address as the limits compare it: trimmed, lower-cased, without a
/// `+tag` in the local part, and for Gmail without dots (which Gmail
/// ignores) and with `googlemail.com` as `gmail.com`. Merging addresses
/// that differ only makes the limit stricter.
pub fn normalise_address(addr: &str) -> String {
    let lower = addr.trim().to_lowercase();
    let Some((local, domain)) = lower.rsplit_once('@') else {
        return lower;
    };
    let domain = domain.trim_end_matches('.');
    let local = local.split('+').next().unwrap_or(local);
    if domain == "gmail.com" || domain == "googlemail.com" {
        format!("{}@gmail.com", local.replace('.', ""))
    } else {
        format!("{local}@{domain}")
    }
}

/// The counters' key for a recipient: SHA-256 of the normalised address
/// (domain-separated), so the table never holds the address itself.
pub fn recipient_key(addr: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"chloromaster mail recipient\0");
    h.update(normalise_address(addr).as_bytes());
    h.finalize().into()
}

/// The decision from the counts already in the windows.
pub fn decide(
    limits: VisitorMailLimits,
    to_recipient: u64,
    to_all: u64,
) -> Result<(), SuppressReason> {
    if limits.per_recipient_per_day == 0 || limits.per_hour == 0 {
        Err(SuppressReason::VisitorMailOff)
    } else if to_recipient >= u64::from(limits.per_recipient_per_day) {
        Err(SuppressReason::RecipientDailyLimit)
    } else if to_all >= u64::from(limits.per_hour) {
        Err(SuppressReason::HourlyLimit)
    } else {
        Ok(())
    }
}

fn hour_of(t: Timestamp) -> u32 {
    u32::try_from(t.millis() / 3_600_000).unwrap_or(u32::MAX)
}

fn minute_of(t: Timestamp) -> u32 {
    u32::try_from(t.millis() / 60_000).unwrap_or(u32::MAX)
}

impl Db {
    /// Decides whether the rendered message `id` to a visitor may be sent
    /// at `now`, and records the decision durably before answering: either
    /// counts it and stores `mail` with it, or moves it to the suppressed
    /// messages. Call it once per message, before its first attempt.
    pub async fn outbox_admit(
        &self,
        id: u64,
        mail: RenderedMail,
        limits: VisitorMailLimits,
        now: Timestamp,
    ) -> Result<Admission, DbError> {
        self.write(move |txn| {
            let mut outbox = txn.open_table(OUTBOX.def())?;
            let Some(mut msg) = OUTBOX.get(&outbox, id)? else {
                return Ok(Admission::Gone);
            };
            if msg.mail.is_some() {
                // Admitted before (only rendered messages are ever sent).
                return Ok(Admission::Admitted);
            }
            let key = recipient_key(&mail.to);
            let (hour, minute) = (hour_of(now), minute_of(now));
            let first_hour = hour.saturating_sub(RECIPIENT_WINDOW_HOURS - 1);
            let first_minute = minute.saturating_sub(TOTAL_WINDOW_MINUTES - 1);

            let mut per_recipient = txn.open_table(MAIL_RECIPIENT_HOURS)?;
            let mut per_minute = txn.open_table(MAIL_VISITOR_MINUTES)?;
            // Forget what left the windows (usually nothing to do).
            per_recipient.retain_in(..(first_hour, &NO_KEY), |_, _| false)?;
            per_minute.retain_in(..first_minute, |_, _| false)?;
            let mut to_recipient = 0u64;
            for h in first_hour..=hour {
                if let Some(n) = per_recipient.get((h, &key))? {
                    to_recipient += u64::from(n.value());
                }
            }
            let mut to_all = 0u64;
            for entry in per_minute.range(first_minute..=minute)? {
                to_all += u64::from(entry?.1.value());
            }

            match decide(limits, to_recipient, to_all) {
                Ok(()) => {
                    let n = per_recipient.get((hour, &key))?.map_or(0, |v| v.value());
                    per_recipient.insert((hour, &key), n.saturating_add(1))?;
                    let n = per_minute.get(minute)?.map_or(0, |v| v.value());
                    per_minute.insert(minute, n.saturating_add(1))?;
                    msg.mail = Some(mail.clone());
                    OUTBOX.put(&mut outbox, id, &msg)?;
                    Ok(Admission::Admitted)
                }
                Err(reason) => {
                    outbox.remove(id)?;
                    let mut suppressed = txn.open_table(OUTBOX_SUPPRESSED.def())?;
                    OUTBOX_SUPPRESSED.put(
                        &mut suppressed,
                        id,
                        &SuppressedMail {
                            id,
                            created_at: msg.created_at,
                            suppressed_at: now,
                            kind: msg.kind.without_secrets(),
                            to: mail.to.clone(),
                            subject: mail.subject.clone(),
                            reason,
                        },
                    )?;
                    while suppressed.len()? > SUPPRESSED_KEPT {
                        suppressed.pop_first()?;
                    }
                    Ok(Admission::Suppressed(reason))
                }
            }
        })
        .await
    }

    /// A suppressed message, if `id` is one.
    pub async fn suppressed_mail(&self, id: u64) -> Result<Option<SuppressedMail>, DbError> {
        self.read(move |txn| OUTBOX_SUPPRESSED.get(&txn.open_table(OUTBOX_SUPPRESSED.def())?, id))
            .await
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::db::{NewDatasheetRequest, OutboxKind};

    #[test]
    fn mail_limits_addresses_are_normalised_before_hashing() {
        for (a, b) in [
            ("Victim@Example.org", "victim@example.org"),
            ("  victim@example.org ", "victim@example.org"),
            ("victim+spam1@example.org", "victim@example.org"),
            ("victim@example.org.", "victim@example.org"),
            ("V.i.c.t.i.m+x@GoogleMail.com", "victim@gmail.com"),
            ("مها@مثال.مصر", "مها@مثال.مصر"),
        ] {
            assert_eq!(normalise_address(a), b, "{a}");
            assert_eq!(recipient_key(a), recipient_key(b), "{a}");
        }
        // Dots matter outside Gmail; other addresses stay apart.
        assert_ne!(
            recipient_key("a.b@example.org"),
            recipient_key("ab@example.org")
        );
        assert_ne!(
            recipient_key("victim@example.org"),
            recipient_key("victim@example.com")
        );
    }

    #[test]
    fn mail_limits_decide_per_recipient_then_in_total_and_zero_is_off() {
        let l = |per_recipient_per_day, per_hour| VisitorMailLimits {
            per_recipient_per_day,
            per_hour,
        };
        assert_eq!(decide(l(3, 100), 0, 0), Ok(()));
        assert_eq!(decide(l(3, 100), 2, 99), Ok(()));
        assert_eq!(
            decide(l(3, 100), 3, 0),
            Err(SuppressReason::RecipientDailyLimit)
        );
        assert_eq!(decide(l(3, 100), 0, 100), Err(SuppressReason::HourlyLimit));
        assert_eq!(
            decide(l(3, 100), 5, 500),
            Err(SuppressReason::RecipientDailyLimit)
        );
        assert_eq!(decide(l(0, 100), 0, 0), Err(SuppressReason::VisitorMailOff));
        assert_eq!(decide(l(3, 0), 0, 0), Err(SuppressReason::VisitorMailOff));
    }

    async fn queue_datasheet_mail(db: &Db, email: &str) -> u64 {
        let token = format!("{:032x}", rand::random::<u128>());
        let r = db
            .insert_datasheet_request(
                NewDatasheetRequest {
                    first_name: "A".into(),
                    email: email.into(),
                    datasheet: "Sheet".into(),
                    ..Default::default()
                },
                token.clone(),
                rand::random(),
                Timestamp::now(),
            )
            .await
            .expect("insert");
        let (due, _) = db.outbox_due(Timestamp::now(), 100).await.expect("due");
        due.iter()
            .find(|m| {
                m.kind
                    == OutboxKind::DatasheetLink {
                        request_id: r.id,
                        token: token.clone(),
                    }
            })
            .map(|m| m.id)
            .expect("queued")
    }

    fn mail_to(to: &str) -> RenderedMail {
        RenderedMail {
            to: to.into(),
            reply_to: None,
            subject: "Your datasheet".into(),
            body: "link: https://example.com/api/datasheet/download/secret-token".into(),
        }
    }

    #[tokio::test]
    async fn db_mail_limits_count_durably_and_slide_with_time() {
        let dir = tempfile::tempdir().expect("tempdir");
        let limits = VisitorMailLimits {
            per_recipient_per_day: 2,
            per_hour: 3,
        };
        let t0 = Timestamp(1_800_000_000_000);
        let db = Db::open(dir.path()).expect("open");
        let mut outcomes = Vec::new();
        for to in ["v@example.org", "V+1@Example.org", "v+2@example.org"] {
            let id = queue_datasheet_mail(&db, to).await;
            outcomes.push(
                db.outbox_admit(id, mail_to(to), limits, t0)
                    .await
                    .expect("admit"),
            );
        }
        assert_eq!(
            outcomes,
            [
                Admission::Admitted,
                Admission::Admitted,
                Admission::Suppressed(SuppressReason::RecipientDailyLimit)
            ]
        );
        db.close().await;
        drop(db);

        // Counted durably: the same after reopening. The hourly total: a
        // third address passes, a fourth does not.
        let db = Db::open(dir.path()).expect("reopen");
        let id = queue_datasheet_mail(&db, "w@example.org").await;
        assert_eq!(
            db.outbox_admit(id, mail_to("w@example.org"), limits, t0)
                .await
                .expect("admit"),
            Admission::Admitted
        );
        let id = queue_datasheet_mail(&db, "x@example.org").await;
        assert_eq!(
            db.outbox_admit(id, mail_to("x@example.org"), limits, t0)
                .await
                .expect("admit"),
            Admission::Suppressed(SuppressReason::HourlyLimit)
        );
        // An hour later the total is free again.
        let hour_later = t0.saturating_add(Duration::from_secs(3600));
        let id = queue_datasheet_mail(&db, "x@example.org").await;
        assert_eq!(
            db.outbox_admit(id, mail_to("x@example.org"), limits, hour_later)
                .await
                .expect("admit"),
            Admission::Admitted
        );
        // The recipient's two still count 23 hours later, not 24.
        let id = queue_datasheet_mail(&db, "v@example.org").await;
        let later = t0.saturating_add(Duration::from_secs(23 * 3600));
        assert_eq!(
            db.outbox_admit(id, mail_to("v@example.org"), limits, later)
                .await
                .expect("admit"),
            Admission::Suppressed(SuppressReason::RecipientDailyLimit)
        );
        let s = db.suppressed_mail(id).await.expect("read").expect("kept");
        assert_eq!(s.to, "v@example.org");
        assert_eq!(s.reason, SuppressReason::RecipientDailyLimit);
        assert!(
            matches!(&s.kind, OutboxKind::DatasheetLink { token, .. } if token.is_empty()),
            "the token is not kept: {s:?}"
        );
        let summary = db.outbox_summary(100).await.expect("summary");
        assert_eq!((summary.pending, summary.suppressed), (4, 3));
        assert_eq!(summary.newest_suppressed[0].id, id, "newest first");
        let day_later = t0.saturating_add(Duration::from_secs(24 * 3600));
        let id = queue_datasheet_mail(&db, "v@example.org").await;
        assert_eq!(
            db.outbox_admit(id, mail_to("v@example.org"), limits, day_later)
                .await
                .expect("admit"),
            Admission::Admitted
        );
        // Admitting twice counts once; an unknown id is gone.
        assert_eq!(
            db.outbox_admit(id, mail_to("v@example.org"), limits, day_later)
                .await
                .expect("admit"),
            Admission::Admitted
        );
        assert_eq!(
            db.outbox_admit(999_999, mail_to("v@example.org"), limits, day_later)
                .await
                .expect("admit"),
            Admission::Gone
        );

        // Only the newest SUPPRESSED_KEPT suppressed messages are kept: fill
        // the table, then suppress one more.
        let sample = db.suppressed_mail(s.id).await.expect("read").expect("kept");
        db.write(move |txn| {
            let mut t = txn.open_table(OUTBOX_SUPPRESSED.def())?;
            for id in 10_000..10_000 + SUPPRESSED_KEPT {
                OUTBOX_SUPPRESSED.put(
                    &mut t,
                    id,
                    &SuppressedMail {
                        id,
                        ..sample.clone()
                    },
                )?;
            }
            txn.open_table(super::super::schema::META)?
                .insert("seq.outbox", 20_000)?;
            Ok(())
        })
        .await
        .expect("fill");
        let id = queue_datasheet_mail(&db, "v@example.org").await;
        assert!(id > 20_000);
        assert_eq!(
            db.outbox_admit(id, mail_to("v@example.org"), limits, day_later)
                .await
                .expect("admit"),
            Admission::Admitted,
            "the second of the new day"
        );
        let id = queue_datasheet_mail(&db, "v@example.org").await;
        assert_eq!(
            db.outbox_admit(id, mail_to("v@example.org"), limits, day_later)
                .await
                .expect("admit"),
            Admission::Suppressed(SuppressReason::RecipientDailyLimit)
        );
        let summary = db.outbox_summary(5).await.expect("summary");
        assert_eq!(summary.suppressed, SUPPRESSED_KEPT);
        assert_eq!(summary.newest_suppressed[0].id, id);
        // 3 + 1000 + 1 were there: the four oldest went.
        assert!(
            db.suppressed_mail(s.id).await.expect("read").is_none(),
            "the oldest went"
        );
        assert!(db.suppressed_mail(10_000).await.expect("read").is_none());
        assert!(db.suppressed_mail(10_001).await.expect("read").is_some());

        // An admin deletes a suppressed message like any other.
        assert!(db.outbox_remove(id).await.expect("remove"));
        assert!(!db.outbox_remove(id).await.expect("remove"));
        assert!(db.suppressed_mail(id).await.expect("read").is_none());
        db.close().await;
    }
}
