//! A consistent copy of the database file while the appliance serves, and
//! the check of such a copy before it is trusted.
//!
//! The copy is taken by the writer thread between two group commits
//! ([`writer::Msg::Exclusive`]): every write of the appliance goes through
//! that thread, each commit is `Durability::Immediate` (fsynced), and no
//! transaction is open while the file is copied, so the copy is exactly the
//! file as the last commit left it — the state `kill -9` leaves, which redb
//! recovers from by design. Writes that arrive meanwhile wait in the queue
//! (the copy takes milliseconds to a few hundred for a large file) and are
//! answered after their commit as usual. Buffered page visits are committed
//! first, so the copy holds every visit accepted before it.
//!
//! This needs no knowledge of the tables: a table added by a later schema is
//! copied like the others. [`inspect`] then opens the copy with redb
//! (recovering it as after a crash), runs redb's integrity check, reads the
//! schema version, decodes every record of the record tables this build
//! knows, and counts the entries of every table, whatever its types.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use redb::{Key, ReadTransaction, ReadableDatabase, ReadableTable, ReadableTableMetadata};
use tokio::sync::oneshot;

use super::record::{Record, RecordTable, decode};
use super::schema::{self, SCHEMA_VERSION};
use super::{Db, DbError, writer};

/// What a database file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub schema_version: u64,
    /// Entries per table, every table of the file.
    pub tables: BTreeMap<String, u64>,
    /// Every uploaded media record: the files a backup of this copy must
    /// hold beside it.
    pub media: Vec<super::Media>,
}

impl Db {
    /// Copies the database file to `dest` between two commits (see the
    /// module documentation) and fsyncs the copy.
    pub async fn copy_file(&self, dest: &Path) -> Result<(), DbError> {
        let (reply, answer) = oneshot::channel();
        let src = self.inner.path.clone();
        let dest: PathBuf = dest.to_owned();
        self.send(writer::Msg::Exclusive(Box::new(move |db| {
            let result = match db {
                None => Err(DbError::Unavailable(
                    "the database is recovering from a failed commit".into(),
                )),
                Some(_) => {
                    let started = std::time::Instant::now();
                    let copied = std::fs::copy(&src, &dest)
                        .map_err(|e| DbError::Io(format!("copying to {}: {e}", dest.display())));
                    tracing::info!(
                        bytes = copied.as_ref().ok(),
                        writes_paused_ms = started.elapsed().as_millis() as u64,
                        "database copied for a backup"
                    );
                    copied.map(drop)
                }
            };
            let _ = reply.send(result.map(|()| dest));
        })))?;
        let dest = answer
            .await
            .map_err(|_| DbError::Unavailable("the database is shutting down".into()))??;
        // The fsync needs no pause of the writer.
        tokio::task::spawn_blocking(move || std::fs::File::open(&dest).and_then(|f| f.sync_all()))
            .await
            .map_err(|e| DbError::Io(e.to_string()))?
            .map_err(|e| DbError::Io(format!("syncing the copy: {e}")))
    }
}

fn redb_err(e: impl std::fmt::Display) -> DbError {
    DbError::Corrupt(e.to_string())
}

/// Opens the database file at `path` (not in use by anyone), checks it and
/// says what it holds. Blocking. Refuses a file of a newer schema, a file
/// redb finds damaged, and any record that does not decode.
pub fn inspect(path: &Path) -> Result<Inspection, DbError> {
    let mut db = redb::Builder::new()
        .set_cache_size(16 << 20)
        .open(path)
        .map_err(|e| DbError::Corrupt(format!("not a readable database: {e}")))?;
    db.check_integrity()
        .map_err(|e| DbError::Corrupt(format!("integrity check failed: {e}")))?;
    let txn = db.begin_read()?;
    let schema_version = txn
        .open_table(schema::META)
        .map_err(|e| DbError::Corrupt(format!("no meta table: {e}")))?
        .get(schema::SCHEMA_KEY)?
        .map(|v| v.value())
        .ok_or_else(|| DbError::Corrupt("no schema version: not a ChloroMaster database".into()))?;
    if schema_version > SCHEMA_VERSION {
        return Err(DbError::Corrupt(format!(
            "schema version {schema_version} was written by a newer chloromaster; this one understands up to {SCHEMA_VERSION}"
        )));
    }
    check_records(&txn, schema::CONTACTS)?;
    check_records(&txn, schema::DATASHEET_REQUESTS)?;
    check_records(&txn, schema::DOWNLOAD_TOKENS)?;
    check_records(&txn, schema::VISITS)?;
    check_records(&txn, schema::SERVICES)?;
    check_records(&txn, schema::PRODUCTS)?;
    check_records(&txn, schema::OUTBOX)?;
    check_records(&txn, schema::OUTBOX_SUPPRESSED)?;
    check_records(&txn, schema::ADMINS)?;
    let media = match txn.open_table(schema::MEDIA.def()) {
        Ok(t) => schema::MEDIA.all(&t)?,
        Err(redb::TableError::TableDoesNotExist(_)) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let mut tables = BTreeMap::new();
    for handle in txn.list_tables().map_err(redb_err)? {
        let name = redb::TableHandle::name(&handle).to_owned();
        let len = txn
            .open_untyped_table(handle)
            .map_err(redb_err)?
            .len()
            .map_err(redb_err)?;
        tables.insert(name, len);
    }
    Ok(Inspection {
        schema_version,
        tables,
        media,
    })
}

/// Decodes every record of `table` (absent in an older schema: fine).
fn check_records<K: Key + 'static, T: Record>(
    txn: &ReadTransaction,
    table: RecordTable<K, T>,
) -> Result<(), DbError> {
    let t = match txn.open_table(table.def()) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    for entry in t.iter()? {
        let (_, v) = entry?;
        decode::<T>(v.value())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::NewContact;

    #[tokio::test]
    async fn db_backup_copy_between_commits_is_complete_and_inspectable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("open");
        let mut writers = Vec::new();
        for i in 0..200 {
            let db = db.clone();
            writers.push(tokio::spawn(async move {
                db.insert_contact(NewContact {
                    first_name: format!("n{i}"),
                    ..NewContact::default()
                })
                .await
                .map(|c| c.id)
            }));
        }
        let copy = dir.path().join("copy.redb");
        db.copy_file(&copy).await.expect("copy");
        let mut acked = 0;
        for w in writers {
            if w.await.expect("join").is_ok() {
                acked += 1;
            }
        }
        assert_eq!(acked, 200);
        let seen = inspect(&copy).expect("inspect");
        assert_eq!(seen.schema_version, SCHEMA_VERSION);
        let n = seen.tables["contacts"];
        assert!(n <= 200);
        assert_eq!(seen.tables["contacts_by_time"], n, "indexes match");
        assert!(seen.tables["products"] > 0, "the catalogue is copied");
        db.close().await;

        std::fs::write(&copy, b"not a database at all").expect("write");
        assert!(inspect(&copy).is_err());
    }
}
