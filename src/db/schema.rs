//! Every table of the database, and the schema version that says which
//! tables and indexes a file has.
//!
//! History: version 1 was the first layout; version 2 added the
//! `contacts_unread` index (built from `contacts` by the migration);
//! version 3 added the `admins` table (empty: the first admin comes from the
//! configuration or the CLI); version 4 added the per-day visit aggregates
//! (`visit_days`, `visit_day_visitors`, `visit_day_pages`,
//! `visit_day_sources`), built from `visits` by the migration; version 5
//! added the all-time visitor counter (`meta` key `visitors_total`), summed
//! from `visit_days` by the migration.
//! A migration runs inside the opening transaction, so a file is either
//! entirely at the old version or entirely at the new one.
//!
//! Tables that start empty and that older builds may ignore need no new
//! version: [`create_tables`] runs at every open. The mail limits
//! (`mail_recipient_hours`, `mail_visitor_minutes`, `outbox_suppressed`)
//! were added that way, in schema 5.

use redb::{ReadableTable, TableDefinition, WriteTransaction};

use super::DbError;
use super::models::{
    AdminUser, Contact, DatasheetRequest, DownloadToken, Media, OutboxMessage, Product, Service,
    SuppressedMail, Visit,
};
use super::record::RecordTable;

/// The schema this build writes. Older files are migrated up to it; newer
/// ones are refused.
pub const SCHEMA_VERSION: u64 = 5;

/// Small counters and flags: `schema_version`, the `seq.*` id sequences,
/// `catalogue_seeded`, `visitors_total`.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
pub const SCHEMA_KEY: &str = "schema_version";
pub const SEEDED_KEY: &str = "catalogue_seeded";
/// Visitors of all time: the sum over every day of that day's unique
/// visitors (a visitor hash is salted per day, so a person who comes back
/// another day counts again). Equals the sum of the second column of
/// [`VISIT_DAYS`]; kept by every visit flush so that reading it is O(1).
pub const VISITORS_KEY: &str = "visitors_total";

pub const CONTACTS: RecordTable<u64, Contact> = RecordTable::new("contacts");
/// `(submitted_at ms, id)`: submissions in time order (iterate backwards for
/// newest first).
pub const CONTACTS_BY_TIME: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("contacts_by_time");
/// Ids of unread submissions.
pub const CONTACTS_UNREAD: TableDefinition<u64, ()> = TableDefinition::new("contacts_unread");

pub const DATASHEET_REQUESTS: RecordTable<u64, DatasheetRequest> =
    RecordTable::new("datasheet_requests");
/// `(requested_at ms, id)`.
pub const DATASHEET_REQUESTS_BY_TIME: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("datasheet_requests_by_time");
/// SHA-256 of a download token → what it grants.
pub const DOWNLOAD_TOKENS: RecordTable<&[u8; 32], DownloadToken> =
    RecordTable::new("download_tokens");

pub const VISITS: RecordTable<u64, Visit> = RecordTable::new("visits");
/// `(day since epoch, id)`.
pub const VISITS_BY_DAY: TableDefinition<(u32, u64), ()> = TableDefinition::new("visits_by_day");
/// The salt of each day's visitor hashes; only today's is kept.
pub const VISIT_SALTS: TableDefinition<u32, &[u8; 32]> = TableDefinition::new("visit_salts");

/// Day → `(views, unique visitors)`, kept up to date by every visit flush.
pub const VISIT_DAYS: TableDefinition<u32, (u64, u64)> = TableDefinition::new("visit_days");
/// `(day, visitor hash)`: who was seen that day, so the unique count stays
/// exact (the hash is already per-day salted).
pub const VISIT_DAY_VISITORS: TableDefinition<(u32, &[u8; 16]), ()> =
    TableDefinition::new("visit_day_visitors");
/// `(day, page URL)` → views.
pub const VISIT_DAY_PAGES: TableDefinition<(u32, &str), u64> =
    TableDefinition::new("visit_day_pages");
/// `(day, traffic source)` → views; the source is the referrer's host or
/// "Direct" ([`super::visits::source_of`]).
pub const VISIT_DAY_SOURCES: TableDefinition<(u32, &str), u64> =
    TableDefinition::new("visit_day_sources");

pub const SERVICES: RecordTable<u64, Service> = RecordTable::new("services");
pub const SERVICE_SLUGS: TableDefinition<&str, u64> = TableDefinition::new("service_slugs");
pub const PRODUCTS: RecordTable<u64, Product> = RecordTable::new("products");
pub const PRODUCT_SLUGS: TableDefinition<&str, u64> = TableDefinition::new("product_slugs");

pub const OUTBOX: RecordTable<u64, OutboxMessage> = RecordTable::new("outbox");
/// Messages to visitors the limits stopped, by their outbox id; only the
/// newest few are kept ([`super::mail_limits`]).
pub const OUTBOX_SUPPRESSED: RecordTable<u64, SuppressedMail> =
    RecordTable::new("outbox_suppressed");
/// `(hour since the epoch, recipient key)` → mails admitted to that
/// recipient in that hour. The key is a SHA-256 of the normalised address
/// ([`super::mail_limits::recipient_key`]), never the address; hours older
/// than the 24-hour window are deleted as new ones are written.
pub const MAIL_RECIPIENT_HOURS: TableDefinition<(u32, &[u8; 32]), u32> =
    TableDefinition::new("mail_recipient_hours");
/// Minute since the epoch → mails admitted to visitors in that minute (all
/// recipients); minutes older than the 60-minute window are deleted.
pub const MAIL_VISITOR_MINUTES: TableDefinition<u32, u32> =
    TableDefinition::new("mail_visitor_minutes");

/// SHA-256 of an uploaded file → its record (the bytes are files under
/// `<data dir>/media`). A record whose status is `Processing` is the
/// re-encoding worker's durable queue entry. Starts empty (no new schema
/// version: older builds ignore it).
pub const MEDIA: RecordTable<&[u8; 32], Media> = RecordTable::new("media");

/// Lower-cased user name → administrator account.
pub const ADMINS: RecordTable<&str, AdminUser> = RecordTable::new("admins");

/// Opens (creating) every table of the current schema, so that read
/// transactions never meet a missing table.
pub fn create_tables(txn: &WriteTransaction) -> Result<(), DbError> {
    txn.open_table(META)?;
    txn.open_table(MEDIA.def())?;
    txn.open_table(CONTACTS.def())?;
    txn.open_table(CONTACTS_BY_TIME)?;
    txn.open_table(CONTACTS_UNREAD)?;
    txn.open_table(DATASHEET_REQUESTS.def())?;
    txn.open_table(DATASHEET_REQUESTS_BY_TIME)?;
    txn.open_table(DOWNLOAD_TOKENS.def())?;
    txn.open_table(VISITS.def())?;
    txn.open_table(VISITS_BY_DAY)?;
    txn.open_table(VISIT_SALTS)?;
    txn.open_table(VISIT_DAYS)?;
    txn.open_table(VISIT_DAY_VISITORS)?;
    txn.open_table(VISIT_DAY_PAGES)?;
    txn.open_table(VISIT_DAY_SOURCES)?;
    txn.open_table(SERVICES.def())?;
    txn.open_table(SERVICE_SLUGS)?;
    txn.open_table(PRODUCTS.def())?;
    txn.open_table(PRODUCT_SLUGS)?;
    txn.open_table(OUTBOX.def())?;
    txn.open_table(OUTBOX_SUPPRESSED.def())?;
    txn.open_table(MAIL_RECIPIENT_HOURS)?;
    txn.open_table(MAIL_VISITOR_MINUTES)?;
    txn.open_table(ADMINS.def())?;
    Ok(())
}

/// What opening found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prepared {
    Created,
    Current,
    Migrated { from: u64 },
}

/// Brings the file to [`SCHEMA_VERSION`] inside `txn`. Returns the version
/// found when it is newer than this build understands.
pub fn prepare(txn: &WriteTransaction) -> Result<Result<Prepared, u64>, DbError> {
    let found = {
        let meta = txn.open_table(META)?;
        meta.get(SCHEMA_KEY)?.map(|v| v.value())
    };
    let prepared = match found {
        Some(v) if v > SCHEMA_VERSION => return Ok(Err(v)),
        Some(v) if v == SCHEMA_VERSION => Prepared::Current,
        Some(v) => {
            for step in v..SCHEMA_VERSION {
                migrate(txn, step)?;
            }
            Prepared::Migrated { from: v }
        }
        None => Prepared::Created,
    };
    create_tables(txn)?;
    txn.open_table(META)?.insert(SCHEMA_KEY, SCHEMA_VERSION)?;
    Ok(Ok(prepared))
}

/// Whether the file is at [`SCHEMA_VERSION`] with its catalogue seeded, so
/// that opening it needs no write.
pub fn is_current_and_seeded(txn: &redb::ReadTransaction) -> Result<bool, DbError> {
    let meta = match txn.open_table(META) {
        Ok(meta) => meta,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    Ok(
        meta.get(SCHEMA_KEY)?.map(|v| v.value()) == Some(SCHEMA_VERSION)
            && meta.get(SEEDED_KEY)?.is_some(),
    )
}

/// Migrates from `from` to `from + 1`.
fn migrate(txn: &WriteTransaction, from: u64) -> Result<(), DbError> {
    match from {
        1 => {
            // Version 2 keeps unread submission ids in their own index.
            let contacts = txn.open_table(CONTACTS.def())?;
            let mut unread = txn.open_table(CONTACTS_UNREAD)?;
            for contact in CONTACTS.all(&contacts)? {
                if !contact.is_read {
                    unread.insert(contact.id, ())?;
                }
            }
            Ok(())
        }
        // Version 3 adds the `admins` table, created empty by
        // `create_tables` after the steps.
        2 => Ok(()),
        // Version 4 keeps per-day visit aggregates; built here from every
        // stored visit, in the opening transaction.
        3 => {
            let mut totals = super::visits::Aggregates::default();
            let visits = txn.open_table(VISITS.def())?;
            for entry in visits.iter()? {
                let (_, bytes) = entry?;
                totals.add(&super::record::decode(bytes.value())?);
            }
            totals.write(txn)
        }
        // Version 5 keeps the all-time visitor count in `meta`: the sum of
        // the per-day unique visitors (one pass over the days, not the
        // visits). Set, not added to: step 3 may just have counted them.
        4 => {
            let days = txn.open_table(VISIT_DAYS)?;
            let mut total = 0u64;
            for entry in days.iter()? {
                let (_, sums) = entry?;
                total += sums.value().1;
            }
            txn.open_table(META)?.insert(VISITORS_KEY, total)?;
            Ok(())
        }
        other => Err(DbError::Corrupt(format!(
            "no migration from schema version {other}"
        ))),
    }
}

/// Takes the next id of sequence `name` (1, 2, 3, …). Ids are never reused,
/// even after a delete, because the sequence only grows.
pub fn next_id(txn: &WriteTransaction, name: &str) -> Result<u64, DbError> {
    let key = format!("seq.{name}");
    let mut meta = txn.open_table(META)?;
    let next = meta.get(key.as_str())?.map_or(0, |v| v.value()) + 1;
    meta.insert(key.as_str(), next)?;
    Ok(next)
}
