//! Outgoing mail: one background task drains the persisted outbox
//! (`db::outbox`) through an SMTP relay.
//!
//! - Submissions queue mail in the same transaction as themselves, so an
//!   acknowledged submission never loses its mail, and a failing relay never
//!   fails a request.
//! - A contact submission becomes two messages (admin notification, visitor
//!   confirmation); each message is rendered once and stored rendered.
//! - A failed attempt is retried after `CHLORO_MAIL_RETRY_BASE`, doubling
//!   each time (at most 1 h); after `CHLORO_MAIL_MAX_ATTEMPTS` the message is
//!   *dead*: kept and shown in `GET /api/admin/outbox` until an admin retries
//!   or deletes it. A sent message is removed.
//! - Delivery is at least once: a crash or a shutdown between the relay's
//!   acceptance and the commit that removes the message sends it again.
//! - The relay's name is resolved with [`resolve`] (no glibc NSS); lettre
//!   connects to the address while TLS verifies the name.
//! - Mail to an address a visitor typed (datasheet link, contact
//!   confirmation) is limited per recipient and in total
//!   (`CHLORO_MAIL_PER_RECIPIENT_PER_DAY`, `CHLORO_MAIL_VISITOR_PER_HOUR`):
//!   before its first attempt the sender asks [`Db::outbox_admit`], which
//!   counts it durably or moves it to the suppressed messages (listed in
//!   the admin outbox, counted in `chloromaster_emails_suppressed_total`).
//!   Such mail carries no text the visitor typed (`render`); the company's
//!   own notification is never limited and carries everything.
//! - Logs carry masked recipients and never the SMTP password.

mod render;
use crate::net::resolve;

use std::net::SocketAddr;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tokio_util::sync::CancellationToken;

use crate::config::{MailConfig, SmtpConfig, SmtpTls};
use crate::db::{
    Admission, Db, OutboxKind, OutboxMessage, RenderedMail, Timestamp, VisitorMailLimits,
};
use crate::privacy::MaskedEmail;

/// Longest wait between retries.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// One SMTP conversation at most (connect, TLS, auth, data).
const SEND_TIMEOUT: Duration = Duration::from_secs(60);
/// Messages handled per pass over the outbox.
const BATCH: usize = 20;

/// What the sender needs besides the database.
#[derive(Debug, Clone)]
pub struct Mailer {
    pub config: MailConfig,
    pub smtp: SmtpConfig,
    /// `https://example.com`: links in mail start with it.
    pub public_url: String,
    /// How long datasheet links work (said in the mail).
    pub link_ttl: Duration,
    /// Where sent and suppressed mail is counted.
    pub metrics: crate::metrics::Metrics,
}

/// The delay after the `attempts`-th failed attempt.
pub fn backoff(base: Duration, attempts: u32) -> Duration {
    let factor = 1u32
        .checked_shl(attempts.saturating_sub(1))
        .unwrap_or(u32::MAX);
    base.checked_mul(factor)
        .unwrap_or(MAX_BACKOFF)
        .min(MAX_BACKOFF)
}

impl Mailer {
    /// Runs until `shutdown`; an attempt in flight is abandoned then (the
    /// message stays pending and goes out after the next start).
    pub async fn run(self, db: Db, shutdown: CancellationToken) {
        tracing::info!(
            relay = %self.smtp.redacted_url(),
            "mail sender started"
        );
        loop {
            // Read-only (disk full): a sent message could not be marked
            // sent and would go out again and again. Wait for writes.
            if db.is_read_only() {
                tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                }
            }
            let now = Timestamp::now();
            let next = match db.outbox_due(now, BATCH).await {
                Ok((due, _)) if !due.is_empty() => {
                    for msg in due {
                        tokio::select! {
                            () = shutdown.cancelled() => return,
                            () = self.handle(&db, msg) => {}
                        }
                    }
                    continue;
                }
                Ok((_, next)) => next,
                Err(e) => {
                    tracing::warn!(error = %e, "mail sender cannot read the outbox; trying again in 5 s");
                    Some(now.saturating_add(Duration::from_secs(5)))
                }
            };
            let wait = next.map_or(Duration::from_secs(3600), |at| {
                Duration::from_millis(at.millis().saturating_sub(Timestamp::now().millis()))
            });
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = db.outbox_wait() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Renders, sends, and records the outcome of one due message.
    async fn handle(&self, db: &Db, msg: OutboxMessage) {
        let id = msg.id;
        let kind = msg.kind.name();
        let mail = match msg.mail.clone() {
            Some(mail) => mail,
            None => match self.render(db, &msg).await {
                Ok(Rendered::Split(kinds)) => {
                    log_db(db.outbox_split(id, kinds).await, id).await;
                    return;
                }
                Ok(Rendered::Mail(mail)) if msg.kind.to_visitor() => {
                    match db
                        .outbox_admit(id, mail.clone(), self.limits(), Timestamp::now())
                        .await
                    {
                        Ok(Admission::Admitted) => mail,
                        Ok(Admission::Suppressed(reason)) => {
                            self.metrics.email_suppressed(reason.code());
                            tracing::info!(
                                id, kind, to = %MaskedEmail(&mail.to), reason = reason.code(),
                                "mail to a visitor suppressed by the mail limits"
                            );
                            return;
                        }
                        Ok(Admission::Gone) => return,
                        Err(e) => {
                            log_db::<()>(Err(e), id).await;
                            return;
                        }
                    }
                }
                Ok(Rendered::Mail(mail)) => {
                    log_db(db.outbox_set_mail(id, mail.clone()).await, id).await;
                    mail
                }
                Ok(Rendered::Gone(reason)) => {
                    tracing::warn!(id, kind, reason, "mail cannot be prepared; marked dead");
                    log_db(db.outbox_give_up(id, reason.to_owned()).await, id).await;
                    return;
                }
                Err(e) => {
                    // The database is unavailable: try again later, no attempt counted.
                    tracing::warn!(id, kind, error = %e, "cannot prepare mail");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    return;
                }
            },
        };
        match self.send(&mail).await {
            Ok(()) => {
                self.metrics.email_sent();
                log_db(db.outbox_mark_sent(id).await, id).await;
                tracing::info!(id, kind, to = %MaskedEmail(&mail.to), "mail sent");
            }
            Err(error) => {
                let error = self.scrub(&error);
                let attempts = msg.attempts.saturating_add(1);
                let next = (attempts < self.config.max_attempts).then(|| {
                    Timestamp::now().saturating_add(backoff(self.config.retry_base, attempts))
                });
                match next {
                    Some(at) => tracing::warn!(
                        id, kind, to = %MaskedEmail(&mail.to), attempts, error, retry_at = %at,
                        "mail not sent; will retry"
                    ),
                    None => tracing::error!(
                        id, kind, to = %MaskedEmail(&mail.to), attempts, error,
                        "mail not sent; giving up (retry it from the admin outbox)"
                    ),
                }
                log_db(db.outbox_attempt_failed(id, error, next).await, id).await;
            }
        }
    }

    fn limits(&self) -> VisitorMailLimits {
        VisitorMailLimits {
            per_recipient_per_day: self.config.per_recipient_per_day,
            per_hour: self.config.visitor_per_hour,
        }
    }

    async fn render(&self, db: &Db, msg: &OutboxMessage) -> Result<Rendered, crate::db::DbError> {
        let url = &self.public_url;
        Ok(match &msg.kind {
            OutboxKind::ContactReceived { contact_id } => Rendered::Split(vec![
                OutboxKind::ContactAdmin {
                    contact_id: *contact_id,
                },
                OutboxKind::ContactVisitor {
                    contact_id: *contact_id,
                },
            ]),
            OutboxKind::ContactAdmin { contact_id } => match db.contact(*contact_id).await? {
                Some(c) => Rendered::Mail(render::contact_admin(&self.config.admin, &c, url)),
                None => Rendered::Gone("the submission was deleted before its mail was prepared"),
            },
            OutboxKind::ContactVisitor { contact_id } => match db.contact(*contact_id).await? {
                Some(c) => Rendered::Mail(render::contact_visitor(&c, url)),
                None => Rendered::Gone("the submission was deleted before its mail was prepared"),
            },
            OutboxKind::DatasheetLink { request_id, token } => {
                match db.datasheet_request(*request_id).await? {
                    Some(r) => {
                        Rendered::Mail(render::datasheet_link(&r, token, url, self.link_ttl))
                    }
                    None => Rendered::Gone("the datasheet request no longer exists"),
                }
            }
        })
    }

    fn message(&self, mail: &RenderedMail) -> Result<Message, String> {
        let mailbox = |what: &str, s: &str| {
            s.parse::<Mailbox>()
                .map_err(|e| format!("bad {what} address: {e}"))
        };
        let mut builder = Message::builder()
            .from(mailbox("sender", &self.config.from)?)
            .to(mailbox("recipient", &mail.to)?)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN);
        if let Some(reply_to) = &mail.reply_to
            && let Ok(m) = reply_to.parse::<Mailbox>()
        {
            builder = builder.reply_to(m);
        }
        builder
            .body(mail.body.clone())
            .map_err(|e| format!("cannot build the message: {e}"))
    }

    /// One delivery attempt: every address of the relay in turn.
    async fn send(&self, mail: &RenderedMail) -> Result<(), String> {
        let message = self.message(mail)?;
        let addrs = resolve::resolve(&self.smtp.host, self.smtp.port)
            .await
            .map_err(|e| e.to_string())?;
        let mut last = String::new();
        for addr in addrs.into_iter().take(4) {
            let transport = self.transport(addr)?;
            match tokio::time::timeout(SEND_TIMEOUT, transport.send(message.clone())).await {
                Ok(Ok(_)) => return Ok(()),
                Ok(Err(e)) => {
                    last = format!("{addr}: {e}");
                    // The relay answered and refused: another address will too.
                    if e.is_permanent() || e.is_transient() {
                        break;
                    }
                }
                Err(_) => last = format!("{addr}: no answer within {SEND_TIMEOUT:?}"),
            }
        }
        Err(last)
    }

    fn transport(&self, addr: SocketAddr) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let params = || {
            let mut builder = TlsParameters::builder(self.smtp.host.clone());
            if let Some(path) = &self.smtp.ca_file {
                let pem = std::fs::read(path)
                    .map_err(|e| format!("CHLORO_SMTP_CA_FILE {}: {e}", path.display()))?;
                let cert = Certificate::from_pem(&pem)
                    .map_err(|e| format!("CHLORO_SMTP_CA_FILE {}: {e}", path.display()))?;
                builder = builder.add_root_certificate(cert);
            }
            builder
                .build_rustls()
                .map_err(|e| format!("TLS setup: {e}"))
        };
        let tls = match self.smtp.tls {
            SmtpTls::Implicit => Tls::Wrapper(params()?),
            SmtpTls::StartTlsRequired => Tls::Required(params()?),
            SmtpTls::StartTlsOpportunistic => Tls::Opportunistic(params()?),
            SmtpTls::None => Tls::None,
        };
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(addr.ip().to_string())
                .port(addr.port())
                .timeout(Some(SEND_TIMEOUT))
                .tls(tls);
        if let (Some(user), Some(password)) = (&self.smtp.user, &self.smtp.password) {
            builder =
                builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
        }
        Ok(builder.build())
    }

    /// An error text as it may be stored and shown: never the password.
    fn scrub(&self, error: &str) -> String {
        let mut text: String = error.chars().take(500).collect();
        if let Some(p) = &self.smtp.password
            && !p.expose().is_empty()
        {
            text = text.replace(p.expose(), "<redacted>");
        }
        text
    }
}

enum Rendered {
    Split(Vec<OutboxKind>),
    Mail(RenderedMail),
    Gone(&'static str),
}

/// Logs a failed outbox update and pauses: the database refuses writes
/// (disk full, say), and going on at once would resend the same message in
/// a tight loop.
async fn log_db<T>(result: Result<T, crate::db::DbError>, id: u64) {
    if let Err(e) = result {
        tracing::warn!(id, error = %e, "cannot update the outbox; pausing the mail sender for 5 s");
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), Duration::from_secs(30));
        assert_eq!(backoff(base, 2), Duration::from_secs(60));
        assert_eq!(backoff(base, 4), Duration::from_secs(240));
        assert_eq!(backoff(base, 12), MAX_BACKOFF);
        assert_eq!(backoff(base, 200), MAX_BACKOFF);
    }
}
