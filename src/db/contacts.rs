//! Contact-form submissions.

use redb::{ReadableTable, ReadableTableMetadata};

use super::models::{Contact, NewContact, OutboxKind, OutboxMessage};
use super::schema::{CONTACTS, CONTACTS_BY_TIME, CONTACTS_UNREAD, OUTBOX, next_id};
use super::time::Timestamp;
use super::{Db, DbError};

impl Db {
    /// Stores a submission (unread) and, when mail is on, queues its
    /// notification mail, in one durable transaction. Returns the stored record.
    pub async fn insert_contact(&self, new: NewContact) -> Result<Contact, DbError> {
        let submitted_at = Timestamp::now();
        let queue_mail = self.mail_enabled();
        let stored = self
            .write(move |txn| {
                let id = next_id(txn, "contacts")?;
                let contact = Contact {
                    id,
                    first_name: new.first_name.clone(),
                    last_name: new.last_name.clone(),
                    email: new.email.clone(),
                    phone: new.phone.clone(),
                    company: new.company.clone(),
                    industry: new.industry.clone(),
                    country: new.country.clone(),
                    postal_code: new.postal_code.clone(),
                    message: new.message.clone(),
                    receive_emails: new.receive_emails,
                    submitted_at,
                    ip_address: new.ip_address,
                    user_agent: new.user_agent.clone(),
                    is_read: false,
                };
                CONTACTS.put(&mut txn.open_table(CONTACTS.def())?, id, &contact)?;
                txn.open_table(CONTACTS_BY_TIME)?
                    .insert((submitted_at.millis(), id), ())?;
                txn.open_table(CONTACTS_UNREAD)?.insert(id, ())?;
                if queue_mail {
                    let outbox_id = next_id(txn, "outbox")?;
                    OUTBOX.put(
                        &mut txn.open_table(OUTBOX.def())?,
                        outbox_id,
                        &OutboxMessage::new(
                            outbox_id,
                            submitted_at,
                            OutboxKind::ContactReceived { contact_id: id },
                        ),
                    )?;
                }
                Ok(contact)
            })
            .await;
        if queue_mail && stored.is_ok() {
            self.outbox_changed();
        }
        stored
    }

    pub async fn contact(&self, id: u64) -> Result<Option<Contact>, DbError> {
        self.read(move |txn| CONTACTS.get(&txn.open_table(CONTACTS.def())?, id))
            .await
    }

    /// Submissions newest first, `limit` of them after skipping `offset`.
    pub async fn contacts_newest_first(
        &self,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Contact>, DbError> {
        self.read(move |txn| {
            let by_time = txn.open_table(CONTACTS_BY_TIME)?;
            let contacts = txn.open_table(CONTACTS.def())?;
            let mut out = Vec::new();
            for entry in by_time.iter()?.rev().skip(offset).take(limit) {
                let (key, _) = entry?;
                let (_, id) = key.value();
                if let Some(c) = CONTACTS.get(&contacts, id)? {
                    out.push(c);
                }
            }
            Ok(out)
        })
        .await
    }

    /// (all submissions, unread submissions)
    pub async fn contact_counts(&self) -> Result<(u64, u64), DbError> {
        self.read(|txn| {
            let all = txn.open_table(CONTACTS.def())?.len()?;
            let unread = txn.open_table(CONTACTS_UNREAD)?.len()?;
            Ok((all, unread))
        })
        .await
    }
}

impl Db {
    /// Submissions newest first that `keep` accepts: the page `offset..+limit`
    /// and how many matched in all. Walks the time index (one pass).
    pub async fn contacts_matching<F>(
        &self,
        keep: F,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<Contact>, u64), DbError>
    where
        F: Fn(&Contact) -> bool + Clone + Send + 'static,
    {
        self.read(move |txn| {
            let by_time = txn.open_table(CONTACTS_BY_TIME)?;
            let contacts = txn.open_table(CONTACTS.def())?;
            let mut out = Vec::new();
            let mut total = 0u64;
            for entry in by_time.iter()?.rev() {
                let (key, _) = entry?;
                let Some(c) = CONTACTS.get(&contacts, key.value().1)? else {
                    continue;
                };
                if keep(&c) {
                    if total >= offset as u64 && out.len() < limit {
                        out.push(c);
                    }
                    total += 1;
                }
            }
            Ok((out, total))
        })
        .await
    }

    /// The admin list: submissions newest first, optionally only read or
    /// unread ones and only those a search accepts; the page
    /// `offset..+limit` and how many matched in all.
    ///
    /// The read filter uses the unread index, never the records. A search is
    /// `(maybe, keep)`: `maybe` sees the raw stored bytes and may accept what
    /// `keep` then rejects, but must never reject a match, so the records it
    /// turns down are not decoded at all. Without a search only the page's
    /// records are decoded.
    pub async fn contacts_filtered<P, F>(
        &self,
        read: Option<bool>,
        search: Option<(P, F)>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<Contact>, u64), DbError>
    where
        P: Fn(&[u8]) -> bool + Clone + Send + 'static,
        F: Fn(&Contact) -> bool + Clone + Send + 'static,
    {
        self.read(move |txn| {
            let contacts = txn.open_table(CONTACTS.def())?;
            let unread = txn.open_table(CONTACTS_UNREAD)?;
            let by_time = txn.open_table(CONTACTS_BY_TIME)?;
            // Newest first: the unread index in reverse id order (ids grow
            // with time), else the time index.
            let ids: Box<dyn Iterator<Item = Result<u64, redb::StorageError>>> =
                if read == Some(false) {
                    Box::new(unread.iter()?.rev().map(|e| e.map(|(k, _)| k.value())))
                } else {
                    Box::new(by_time.iter()?.rev().map(|e| e.map(|(k, _)| k.value().1)))
                };
            let mut out = Vec::new();
            let mut total = 0u64;
            for id in ids {
                let id = id?;
                if read == Some(true) && unread.get(id)?.is_some() {
                    continue;
                }
                let wanted = total >= offset as u64 && out.len() < limit;
                match &search {
                    None => {
                        if wanted && let Some(c) = CONTACTS.get(&contacts, id)? {
                            out.push(c);
                        }
                    }
                    Some((maybe, keep)) => {
                        let Some(raw) = contacts.get(id)? else {
                            continue;
                        };
                        if !maybe(raw.value()) {
                            continue;
                        }
                        let c: Contact = super::record::decode(raw.value())?;
                        if !keep(&c) {
                            continue;
                        }
                        if wanted {
                            out.push(c);
                        }
                    }
                }
                total += 1;
            }
            Ok((out, total))
        })
        .await
    }

    /// Marks a submission read or unread; `None` if it does not exist.
    pub async fn set_contact_read(&self, id: u64, read: bool) -> Result<Option<Contact>, DbError> {
        self.write(move |txn| {
            let mut table = txn.open_table(CONTACTS.def())?;
            let Some(mut c) = CONTACTS.get(&table, id)? else {
                return Ok(None);
            };
            c.is_read = read;
            CONTACTS.put(&mut table, id, &c)?;
            let mut unread = txn.open_table(CONTACTS_UNREAD)?;
            if read {
                unread.remove(id)?;
            } else {
                unread.insert(id, ())?;
            }
            Ok(Some(c))
        })
        .await
    }

    /// Deletes a submission and its index entries; `false` if it did not
    /// exist.
    pub async fn delete_contact(&self, id: u64) -> Result<bool, DbError> {
        self.write(move |txn| {
            let mut table = txn.open_table(CONTACTS.def())?;
            let Some(c) = CONTACTS.get(&table, id)? else {
                return Ok(false);
            };
            table.remove(id)?;
            txn.open_table(CONTACTS_BY_TIME)?
                .remove((c.submitted_at.millis(), id))?;
            txn.open_table(CONTACTS_UNREAD)?.remove(id)?;
            Ok(true)
        })
        .await
    }

    /// Submissions since `since` (by submission time).
    pub async fn contacts_since(&self, since: Timestamp) -> Result<u64, DbError> {
        self.read(move |txn| {
            let by_time = txn.open_table(CONTACTS_BY_TIME)?;
            let mut n = 0u64;
            for entry in by_time.range((since.millis(), 0)..)? {
                entry?;
                n += 1;
            }
            Ok(n)
        })
        .await
    }
}
