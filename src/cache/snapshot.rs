//! Snapshots of the whole store in their own redb file,
//! `<data_dir>/cache.redb`, never the application database.
//!
//! A snapshot is written to `cache.redb.tmp`, committed with redb's durable
//! commit, then renamed over `cache.redb` and the directory synced: a crash
//! at any point leaves the previous snapshot whole. The keyspace is walked
//! one entry at a time under short shard read locks, so clients keep being
//! served while a snapshot runs; values are shared (`Arc`), never copied.
//!
//! Records are postcard-encoded with an explicit format number in a `meta`
//! table. A file that cannot be read — corrupt, not redb, or a newer format
//! — is renamed aside (`cache.redb.unreadable-<unix time>`) and reported,
//! and the store starts empty: a cache must never crash-loop the appliance.

use super::{Entry, HashValue, ListValue, SetValue, Store, Value, ZSetValue};
use anyhow::{Context, bail};
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub(crate) const FILE_NAME: &str = "cache.redb";
/// Bump when [`Record`] or the meaning of a key changes.
/// 1: the appliance's state in public databases 1–3; 2: in the internal
/// databases `DATABASES..ALL_DATABASES` (read as a migration of 1); 3:
/// lists and sets (new `Record` variants; a format 2 file reads unchanged,
/// and an older binary refuses a format 3 file instead of misreading it).
const FORMAT: u64 = 3;
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
const ENTRIES: TableDefinition<&[u8], &[u8]> = TableDefinition::new("entries");
/// redb's page cache while writing or reading a snapshot; small, because
/// the cache store's memory is the budget that matters.
const REDB_CACHE: usize = 16 << 20;

/// One stored entry. Keys are the database byte followed by the name.
#[derive(Serialize, Deserialize)]
enum Record<'a> {
    Str {
        expires_at: Option<u64>,
        value: &'a [u8],
    },
    Hash {
        expires_at: Option<u64>,
        #[serde(borrow)]
        fields: Vec<(&'a [u8], &'a [u8])>,
    },
    // Format 3: appended, so formats 1 and 2 decode unchanged.
    List {
        expires_at: Option<u64>,
        #[serde(borrow)]
        items: Vec<&'a [u8]>,
    },
    Set {
        expires_at: Option<u64>,
        #[serde(borrow)]
        members: Vec<&'a [u8]>,
    },
    /// Format 3 too, after the list and set records (postcard numbers
    /// variants by position).
    ZSet {
        expires_at: Option<u64>,
        #[serde(borrow)]
        members: Vec<(&'a [u8], f64)>,
    },
}

/// The last snapshot's outcome.
#[derive(Debug, Clone)]
pub struct SaveInfo {
    /// Snapshots are written at all (false for an in-memory store).
    pub enabled: bool,
    pub in_progress: bool,
    /// Unix seconds of the last successful snapshot (or of startup).
    pub last_save: u64,
    pub last_ok: bool,
    pub last_duration_ms: u64,
    pub last_keys: u64,
    pub changes_since_save: u64,
}

pub(crate) struct Snapshots {
    path: Option<PathBuf>,
    pub interval: std::time::Duration,
    lock: Mutex<()>,
    in_progress: AtomicBool,
    last_save: AtomicU64,
    last_ok: AtomicBool,
    last_duration_ms: AtomicU64,
    last_keys: AtomicU64,
}

fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Snapshots {
    pub fn new(path: Option<PathBuf>, interval: std::time::Duration) -> Self {
        Snapshots {
            path,
            interval,
            lock: Mutex::new(()),
            in_progress: AtomicBool::new(false),
            last_save: AtomicU64::new(unix_secs()),
            last_ok: AtomicBool::new(true),
            last_duration_ms: AtomicU64::new(0),
            last_keys: AtomicU64::new(0),
        }
    }

    pub fn info(&self, changes_since_save: u64) -> SaveInfo {
        SaveInfo {
            enabled: self.path.is_some(),
            in_progress: self.in_progress.load(Ordering::Relaxed),
            last_save: self.last_save.load(Ordering::Relaxed),
            last_ok: self.last_ok.load(Ordering::Relaxed),
            last_duration_ms: self.last_duration_ms.load(Ordering::Relaxed),
            last_keys: self.last_keys.load(Ordering::Relaxed),
            changes_since_save,
        }
    }
}

/// Writes a snapshot, waiting for one already running to finish first.
pub(crate) fn save(store: &Store) -> anyhow::Result<()> {
    let snapshots = &store.snapshots;
    let Some(path) = &snapshots.path else {
        return Ok(());
    };
    let _one_at_a_time = snapshots.lock.lock().unwrap_or_else(|p| p.into_inner());
    snapshots.in_progress.store(true, Ordering::Relaxed);
    let started = Instant::now();
    let changes = store.dirty.read();
    let result = write(store, path);
    if result.is_err() {
        // A full disk: the half-written copy would only hold on to space.
        let _ = std::fs::remove_file(path.with_extension("redb.tmp"));
    }
    snapshots.in_progress.store(false, Ordering::Relaxed);
    snapshots
        .last_duration_ms
        .store(started.elapsed().as_millis() as u64, Ordering::Relaxed);
    snapshots.last_ok.store(result.is_ok(), Ordering::Relaxed);
    let keys = result?;
    snapshots.last_keys.store(keys, Ordering::Relaxed);
    snapshots.last_save.store(unix_secs(), Ordering::Relaxed);
    // Writes that raced with the walk stay counted for the next snapshot.
    store.dirty.subtract(&changes);
    tracing::debug!(
        keys,
        ms = started.elapsed().as_millis() as u64,
        "cache snapshot written"
    );
    Ok(())
}

fn write(store: &Store, path: &Path) -> anyhow::Result<u64> {
    let tmp = path.with_extension("redb.tmp");
    // Left over from a crash mid-snapshot: never the real one.
    let _ = std::fs::remove_file(&tmp);
    let db = redb::Database::builder()
        .set_cache_size(REDB_CACHE)
        .create(&tmp)
        .with_context(|| format!("creating {}", tmp.display()))?;
    let now = store.now_ms();
    let mut keys = 0u64;
    let txn = db.begin_write()?;
    {
        let mut meta = txn.open_table(META)?;
        meta.insert("format", FORMAT)?;
        meta.insert("saved_at_ms", now)?;
        let mut table = txn.open_table(ENTRIES)?;
        let mut key = Vec::new();
        let mut buf = Vec::new();
        let mut digits = itoa::Buffer::new();
        let mut members: Vec<(super::Blob, f64)> = Vec::new();
        for (k, e) in store.keyspace.iter().chain(store.internal.iter()) {
            if e.is_expired(now) {
                continue;
            }
            key.clear();
            key.push(k.db);
            key.extend_from_slice(&k.name);
            let record = match &e.value {
                Value::Str(s) => Record::Str {
                    expires_at: e.expires_at,
                    value: s,
                },
                Value::Int(n) => Record::Str {
                    expires_at: e.expires_at,
                    value: digits.format(*n).as_bytes(),
                },
                Value::Hash(h) => Record::Hash {
                    expires_at: e.expires_at,
                    fields: h.iter().map(|(f, v)| (&f[..], &v[..])).collect(),
                },
                Value::List(l) => Record::List {
                    expires_at: e.expires_at,
                    items: l.iter().map(|i| &i[..]).collect(),
                },
                Value::Set(set) => Record::Set {
                    expires_at: e.expires_at,
                    members: set.iter().map(|m| &m[..]).collect(),
                },
                Value::ZSet(z) => {
                    members.clear();
                    members.extend(z.iter());
                    Record::ZSet {
                        expires_at: e.expires_at,
                        members: members.iter().map(|(m, s)| (&m[..], *s)).collect(),
                    }
                }
            };
            buf.clear();
            buf = postcard::to_extend(&record, buf)?;
            table.insert(key.as_slice(), buf.as_slice())?;
            keys += 1;
        }
    }
    txn.commit()?;
    drop(db);
    std::fs::rename(&tmp, path).with_context(|| format!("renaming into {}", path.display()))?;
    if let Some(dir) = path.parent() {
        // The rename is durable only once the directory is.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(keys)
}

/// Restores the snapshot, or sets an unreadable one aside.
pub(crate) fn restore(store: &Store) {
    let Some(path) = &store.snapshots.path else {
        return;
    };
    if !path.exists() {
        return;
    }
    let started = Instant::now();
    match read(store, path) {
        Ok(keys) => tracing::info!(
            keys,
            ms = started.elapsed().as_millis() as u64,
            path = %path.display(),
            "cache snapshot restored"
        ),
        Err(error) => {
            store.keyspace.clear();
            store.internal.clear();
            let aside = path.with_extension(format!("redb.unreadable-{}", unix_secs()));
            let renamed = std::fs::rename(path, &aside);
            tracing::warn!(
                error = format!("{error:#}"),
                path = %path.display(),
                set_aside_as = %aside.display(),
                rename_failed = renamed.err().map(|e| e.to_string()),
                "cache snapshot unreadable; set aside, starting with an empty cache"
            );
        }
    }
    store.dirty.reset();
}

/// Opens a snapshot file for reading after checking its format number.
/// The database must outlive the transaction: callers bind both.
fn open_snapshot(path: &Path) -> anyhow::Result<(redb::Database, redb::ReadTransaction, u64)> {
    let db = redb::Database::builder()
        .set_cache_size(REDB_CACHE)
        .open(path)
        .context("opening the cache snapshot")?;
    let txn = db.begin_read()?;
    let meta = txn.open_table(META).context("no meta table")?;
    let format = meta
        .get("format")?
        .map(|g| g.value())
        .context("no format number")?;
    if !(1..=FORMAT).contains(&format) {
        bail!("cache snapshot format {format}, this version reads formats 1 to {FORMAT}");
    }
    drop(meta);
    Ok((db, txn, format))
}

/// Where an entry of a snapshot in `format` belongs now, or `None` to drop
/// it. Format 1 kept the appliance's own state in databases 1–3: its
/// sessions carry no MAC (and would be refused) and its cached responses
/// are dropped at start anyway, so only the contact limits move, to
/// [`super::DB_LIMITS`].
fn migrate(format: u64, db_index: u8) -> anyhow::Result<Option<u8>> {
    if format == 1 {
        return Ok(match db_index {
            1 | 2 => None,
            3 => Some(super::DB_LIMITS),
            n if n < super::DATABASES => Some(n),
            n => bail!("database index {n} out of range"),
        });
    }
    if db_index >= super::ALL_DATABASES {
        bail!("database index {db_index} out of range");
    }
    Ok(Some(db_index))
}

fn read(store: &Store, path: &Path) -> anyhow::Result<u64> {
    let (_db, txn, format) = open_snapshot(path)?;
    let table = txn.open_table(ENTRIES)?;
    let now = store.now_ms();
    let mut keys = 0;
    for row in table.iter()? {
        let (k, v) = row?;
        let (db_index, name) = k
            .value()
            .split_first()
            .map(|(d, n)| (*d, n))
            .context("empty key")?;
        let Some(db_index) = migrate(format, db_index)? else {
            continue;
        };
        let entry = match postcard::from_bytes::<Record>(v.value())? {
            Record::Str { expires_at, value } => Entry::string(value, expires_at),
            Record::Hash { expires_at, fields } => {
                let h: HashValue = fields
                    .into_iter()
                    .map(|(f, v)| (Arc::from(f), Arc::from(v)))
                    .collect();
                Entry::new(Value::Hash(Arc::new(h)), expires_at)
            }
            Record::List { expires_at, items } => {
                let l: ListValue = items.into_iter().map(Arc::from).collect();
                Entry::new(Value::List(Arc::new(l)), expires_at)
            }
            Record::Set {
                expires_at,
                members,
            } => {
                let set: SetValue = members.into_iter().map(Arc::from).collect();
                Entry::new(Value::Set(Arc::new(set)), expires_at)
            }
            Record::ZSet {
                expires_at,
                members,
            } => {
                let mut z = ZSetValue::new();
                for (m, s) in members {
                    z.insert(m, s);
                }
                Entry::new(Value::ZSet(Arc::new(z)), expires_at)
            }
        };
        if entry.is_expired(now) {
            continue;
        }
        if entry.expires_at.is_some() {
            store.volatile.store(true, Ordering::Relaxed);
        }
        store
            .space(db_index)
            .insert(super::Key::new(db_index, name), entry);
        keys += 1;
    }
    Ok(keys)
}

/// Writes a snapshot of `store` to `path` (a backup's copy; the regular
/// snapshot file is left alone). Returns the number of keys written.
pub fn write_copy(store: &Store, path: &Path) -> anyhow::Result<u64> {
    write(store, path)
}

/// Checks a snapshot file without loading it (a restore verifies the
/// backup's copy first): its format, and that every entry decodes.
/// Returns the number of entries.
pub fn check_file(path: &Path) -> anyhow::Result<u64> {
    let (_db, txn, format) = open_snapshot(path)?;
    let mut keys = 0;
    for row in txn.open_table(ENTRIES)?.iter()? {
        let (k, v) = row?;
        let Some(&db_index) = k.value().first() else {
            bail!("bad key in the cache snapshot");
        };
        migrate(format, db_index).context("bad key in the cache snapshot")?;
        postcard::from_bytes::<Record>(v.value()).context("undecodable cache entry")?;
        keys += 1;
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::{DB_HTTP_CACHE, DB_LIMITS, DB_SESSIONS};

    /// A snapshot written before the internal databases existed (format 1:
    /// sessions in 1, cached responses in 2, limits in 3) keeps the RESP
    /// users' keys, moves the limits inside and drops the rest.
    #[test]
    fn snapshot_format_1_is_migrated() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        {
            let db = redb::Database::create(&path).expect("create");
            let txn = db.begin_write().expect("txn");
            {
                let mut meta = txn.open_table(META).expect("meta");
                meta.insert("format", 1u64).expect("insert");
                let mut table = txn.open_table(ENTRIES).expect("entries");
                for (db_index, name) in [
                    (0u8, "user"),
                    (1, "session:x"),
                    (2, "GET /api/x"),
                    (3, "contact:ip"),
                    (7, "other"),
                ] {
                    let mut key = vec![db_index];
                    key.extend_from_slice(name.as_bytes());
                    let value = postcard::to_allocvec(&Record::Str {
                        expires_at: None,
                        value: b"v",
                    })
                    .expect("encode");
                    table
                        .insert(key.as_slice(), value.as_slice())
                        .expect("insert");
                }
            }
            txn.commit().expect("commit");
        }
        assert_eq!(check_file(&path).expect("checks"), 5);
        let store = Store::new(8 << 20, Some((path, std::time::Duration::from_secs(60))));
        restore(&store);
        assert!(store.read(0, b"user").is_some());
        assert!(store.read(7, b"other").is_some());
        for db in 1..=3 {
            assert_eq!(store.dbsize(db), 0, "db {db} is the users' now");
        }
        assert!(store.read(DB_LIMITS, b"contact:ip").is_some());
        assert_eq!(store.dbsize(DB_SESSIONS), 0);
        assert_eq!(store.dbsize(DB_HTTP_CACHE), 0);
    }
}
