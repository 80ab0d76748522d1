//! Datasheet download requests and their download tokens.

use redb::ReadableTable;

use super::models::{
    DatasheetRequest, DownloadToken, NewDatasheetRequest, OutboxKind, OutboxMessage,
};
use super::schema::{
    DATASHEET_REQUESTS, DATASHEET_REQUESTS_BY_TIME, DOWNLOAD_TOKENS, OUTBOX, next_id,
};
use super::time::Timestamp;
use super::{Db, DbError};

/// What a download token is worth now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenState {
    /// Grants the datasheet with this base name.
    Valid {
        datasheet: String,
        /// The uploaded PDF the link was issued for, if any.
        media: Option<[u8; 32]>,
    },
    Expired,
    Unknown,
}

impl Db {
    /// Stores the request and its download token (by hash) and, when mail
    /// is on, queues the mail with the link, in one durable transaction.
    pub async fn insert_datasheet_request(
        &self,
        new: NewDatasheetRequest,
        token: String,
        token_hash: [u8; 32],
        expires_at: Timestamp,
    ) -> Result<DatasheetRequest, DbError> {
        self.insert_datasheet_request_for(new, token, token_hash, expires_at, None)
            .await
    }

    /// [`Db::insert_datasheet_request`] for a datasheet served from an
    /// uploaded PDF: the token records which one.
    pub async fn insert_datasheet_request_for(
        &self,
        new: NewDatasheetRequest,
        token: String,
        token_hash: [u8; 32],
        expires_at: Timestamp,
        media: Option<[u8; 32]>,
    ) -> Result<DatasheetRequest, DbError> {
        let requested_at = Timestamp::now();
        let queue_mail = self.mail_enabled();
        let stored = self
            .write(move |txn| {
                let id = next_id(txn, "datasheet_requests")?;
                let request = DatasheetRequest {
                    id,
                    first_name: new.first_name.clone(),
                    last_name: new.last_name.clone(),
                    email: new.email.clone(),
                    phone: new.phone.clone(),
                    company: new.company.clone(),
                    country: new.country.clone(),
                    datasheet: new.datasheet.clone(),
                    requested_at,
                    ip_address: new.ip_address,
                    user_agent: new.user_agent.clone(),
                };
                DATASHEET_REQUESTS.put(
                    &mut txn.open_table(DATASHEET_REQUESTS.def())?,
                    id,
                    &request,
                )?;
                txn.open_table(DATASHEET_REQUESTS_BY_TIME)?
                    .insert((requested_at.millis(), id), ())?;
                let mut tokens = txn.open_table(DOWNLOAD_TOKENS.def())?;
                if tokens.get(&token_hash)?.is_some() {
                    return Err(DbError::Rejected("download token collision".into()));
                }
                DOWNLOAD_TOKENS.put(
                    &mut tokens,
                    &token_hash,
                    &DownloadToken {
                        request_id: id,
                        datasheet: new.datasheet.clone(),
                        expires_at,
                        media,
                    },
                )?;
                if queue_mail {
                    let outbox_id = next_id(txn, "outbox")?;
                    OUTBOX.put(
                        &mut txn.open_table(OUTBOX.def())?,
                        outbox_id,
                        &OutboxMessage::new(
                            outbox_id,
                            requested_at,
                            OutboxKind::DatasheetLink {
                                request_id: id,
                                token: token.clone(),
                            },
                        ),
                    )?;
                }
                Ok(request)
            })
            .await;
        if queue_mail && stored.is_ok() {
            self.outbox_changed();
        }
        stored
    }

    pub async fn token_state(
        &self,
        token_hash: [u8; 32],
        now: Timestamp,
    ) -> Result<TokenState, DbError> {
        self.read(move |txn| {
            let tokens = txn.open_table(DOWNLOAD_TOKENS.def())?;
            Ok(match DOWNLOAD_TOKENS.get(&tokens, &token_hash)? {
                None => TokenState::Unknown,
                Some(t) if t.expires_at <= now => TokenState::Expired,
                Some(t) => TokenState::Valid {
                    datasheet: t.datasheet,
                    media: t.media,
                },
            })
        })
        .await
    }

    pub async fn datasheet_request(&self, id: u64) -> Result<Option<DatasheetRequest>, DbError> {
        self.read(move |txn| DATASHEET_REQUESTS.get(&txn.open_table(DATASHEET_REQUESTS.def())?, id))
            .await
    }
}

impl Db {
    /// Datasheet requests newest first: the page and the total count.
    pub async fn datasheet_requests_newest_first(
        &self,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<DatasheetRequest>, u64), DbError> {
        use redb::ReadableTableMetadata;
        self.read(move |txn| {
            let by_time = txn.open_table(DATASHEET_REQUESTS_BY_TIME)?;
            let table = txn.open_table(DATASHEET_REQUESTS.def())?;
            let mut out = Vec::new();
            for entry in by_time.iter()?.rev().skip(offset).take(limit) {
                let (key, _) = entry?;
                if let Some(r) = DATASHEET_REQUESTS.get(&table, key.value().1)? {
                    out.push(r);
                }
            }
            Ok((out, table.len()?))
        })
        .await
    }
}
