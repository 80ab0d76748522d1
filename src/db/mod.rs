//! The appliance's own data, in one redb file `<data dir>/chloromaster.redb`.
//!
//! The public surface is [`Db`] with one method per thing the API needs;
//! tables, encoding and the writer thread stay inside this module.
//!
//! Promises:
//! - A write method returns `Ok` only after the transaction holding the
//!   write has committed with `Durability::Immediate` (fsync). Concurrent
//!   writes are group-committed by one writer thread ([`writer`]).
//! - Page visits are buffered and committed within
//!   [`writer::VISIT_FLUSH_INTERVAL`]; a crash loses at most that window.
//! - The file is opened once: a second process gets
//!   [`OpenError::AlreadyInUse`].
//! - The schema version is checked and migrated forward in one transaction
//!   at open; a newer file is refused ([`OpenError::NewerSchema`]).
//! - A failed commit (I/O error, disk full) writes nothing and fails every
//!   request of its batch with a [`DbError`]; reads keep working. redb then
//!   refuses writes until the file is reopened, so the writer reopens it
//!   (at most once a second, when writes arrive); if that reopen fails too
//!   (disk still full), reads are unavailable until a retry succeeds.

mod admins;
pub mod backup;
mod catalogue;
mod contacts;
mod datasheets;
mod error;
mod gauges;
mod mail_limits;
pub mod models;
mod outbox;
pub(crate) mod record;
pub mod schema;
mod seed;
mod time;
mod visits;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;

use arc_swap::ArcSwapOption;
use redb::{ReadTransaction, ReadableDatabase, WriteTransaction};
use tokio::sync::oneshot;

pub use admins::{AdminUpdate, admin_key};
pub use catalogue::{CatalogueChange, NewProduct, NewService};
pub use datasheets::TokenState;
pub use error::{DbError, OpenError};
pub use mail_limits::{Admission, VisitorMailLimits};
pub use models::{
    AdminUser, Contact, DatasheetRequest, NewContact, NewDatasheetRequest, OutboxKind,
    OutboxMessage, Product, RenderedMail, Service, SuppressReason, SuppressedMail, Visit,
};
pub use outbox::OutboxSummary;
pub use schema::SCHEMA_VERSION;
pub use time::{RfcTime, Timestamp, date_of_day};
pub use visits::{VisitSummary, source_of};
pub use writer::{VISIT_FLUSH_INTERVAL, WriterStats};

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "chloromaster.redb";

/// Page cache of redb. The data set is small; the process shares its memory
/// limit with the cache store.
const CACHE_BYTES: usize = 64 << 20;

/// A handle to the open database; cheap to clone.
#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("path", &self.inner.path)
            .finish_non_exhaustive()
    }
}

struct Inner {
    path: PathBuf,
    /// Empty only while the writer reopens the file after a failed commit.
    db: Arc<ArcSwapOption<redb::Database>>,
    tx: Mutex<Option<mpsc::Sender<writer::Msg>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    visits: Arc<writer::VisitBuffer>,
    stats: Arc<WriterStats>,
    salt: Mutex<Option<(u32, [u8; 32])>>,
    /// Read transactions started (tests count the API's database calls).
    reads: std::sync::atomic::AtomicU64,
    /// Whether writes queue mail in the outbox (off without SMTP).
    mail_enabled: std::sync::atomic::AtomicBool,
    /// Wakes the mail sender after a commit that changed the outbox.
    outbox_notify: tokio::sync::Notify,
}

impl Db {
    /// Opens (creating if needed) the database in `data_dir`, migrates it to
    /// the current schema, seeds the catalogue on first start and starts the
    /// writer thread.
    pub fn open(data_dir: &Path) -> Result<Db, OpenError> {
        std::fs::create_dir_all(data_dir).map_err(|source| OpenError::CreateDir {
            path: data_dir.to_owned(),
            source,
        })?;
        let path = data_dir.join(FILE_NAME);
        let file = path.clone();
        Self::open_with(
            path,
            Box::new(move || {
                redb::Builder::new()
                    .set_cache_size(CACHE_BYTES)
                    .create(&file)
            }),
        )
    }

    /// [`Db::open`] with the way the file is opened given (tests inject a
    /// storage backend that fails on demand). `opener` is called again to
    /// reopen the file after a failed commit.
    fn open_with(path: PathBuf, opener: writer::Opener) -> Result<Db, OpenError> {
        let db = opener().map_err(|e| match e {
            redb::DatabaseError::DatabaseAlreadyOpen => {
                OpenError::AlreadyInUse { path: path.clone() }
            }
            redb::DatabaseError::Storage(s) => OpenError::Storage {
                path: path.clone(),
                source: s.into(),
            },
            other => OpenError::Unreadable {
                path: path.clone(),
                detail: other.to_string(),
            },
        })?;
        let storage = |source: DbError| OpenError::Storage {
            path: path.clone(),
            source,
        };
        let prepared = (|| {
            let txn = db.begin_write()?;
            let prepared = match schema::prepare(&txn)? {
                Ok(p) => p,
                Err(found) => {
                    let _ = txn.abort();
                    return Ok(Err(found));
                }
            };
            let seeded = seed::seed_if_new(&txn)?;
            txn.commit()?;
            Ok::<_, DbError>(Ok((prepared, seeded)))
        })()
        .map_err(storage)?;
        let (prepared, seeded) = prepared.map_err(|found| OpenError::NewerSchema {
            path: path.clone(),
            found,
            supported: SCHEMA_VERSION,
        })?;
        match prepared {
            schema::Prepared::Created => {
                tracing::info!(path = %path.display(), "created database");
            }
            schema::Prepared::Migrated { from } => tracing::info!(
                path = %path.display(), from, to = SCHEMA_VERSION, "migrated database schema"
            ),
            schema::Prepared::Current => {
                tracing::debug!(path = %path.display(), "opened database");
            }
        }
        if seeded {
            tracing::info!("seeded the catalogue");
        }

        let db = Arc::new(ArcSwapOption::from_pointee(db));
        let (tx, rx) = mpsc::channel();
        let visits = Arc::new(writer::VisitBuffer::default());
        let stats = Arc::new(WriterStats::default());
        let w = writer::Writer {
            db: db.clone(),
            rx,
            visits: visits.clone(),
            stats: stats.clone(),
            opener,
            broken: None,
        };
        let thread = std::thread::Builder::new()
            .name("db-writer".into())
            .spawn(move || w.run())
            .map_err(|e| storage(DbError::Unavailable(format!("cannot start writer: {e}"))))?;
        Ok(Db {
            inner: Arc::new(Inner {
                path,
                db,
                tx: Mutex::new(Some(tx)),
                thread: Mutex::new(Some(thread)),
                visits,
                stats,
                salt: Mutex::new(None),
                reads: std::sync::atomic::AtomicU64::new(0),
                mail_enabled: std::sync::atomic::AtomicBool::new(true),
                outbox_notify: tokio::sync::Notify::new(),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    pub fn stats(&self) -> &WriterStats {
        &self.inner.stats
    }

    /// How many read transactions the API has started since open.
    pub fn reads_started(&self) -> u64 {
        self.inner.reads.load(Ordering::Relaxed)
    }

    /// Readiness: the writer is running, the last commit did not fail, and
    /// a read transaction sees the current schema. Cheap (one small read);
    /// blocks briefly on the disk, so async callers prefer
    /// [`Db::check_ready`].
    pub fn check_ready_now(&self) -> Result<(), DbError> {
        let writer_running = self
            .inner
            .thread
            .lock()
            .is_ok_and(|t| t.as_ref().is_some_and(|t| !t.is_finished()));
        if !writer_running {
            return Err(DbError::Unavailable("the writer has stopped".into()));
        }
        if self.inner.stats.writes_failing.load(Ordering::Relaxed) {
            return Err(DbError::Unavailable(
                "the last commit failed; writes are refused until the database recovers".into(),
            ));
        }
        let db = self.inner.db.load_full().ok_or_else(|| {
            DbError::Unavailable("the database is being reopened after an error".into())
        })?;
        let txn = db.begin_read()?;
        let version = txn
            .open_table(schema::META)?
            .get(schema::SCHEMA_KEY)?
            .map(|v| v.value());
        if version == Some(SCHEMA_VERSION) {
            Ok(())
        } else {
            Err(DbError::Corrupt(format!(
                "unexpected schema version {version:?}"
            )))
        }
    }

    /// [`Db::check_ready_now`] on a blocking thread.
    pub async fn check_ready(&self) -> Result<(), DbError> {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.check_ready_now())
            .await
            .map_err(|e| DbError::Unavailable(format!("readiness check failed: {e}")))?
    }

    /// Flushes buffered visits and stops the writer; later writes fail with
    /// [`DbError::Unavailable`]. The file is closed when the last handle is
    /// dropped.
    pub async fn close(&self) {
        let tx = self.inner.tx.lock().ok().and_then(|mut t| t.take());
        if let Some(tx) = tx {
            let (reply, done) = oneshot::channel();
            if tx.send(writer::Msg::Stop(reply)).is_ok() {
                let _ = done.await;
            }
        }
        let thread = self.inner.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(thread) = thread {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }

    /// Runs `f` in a read transaction on a blocking thread.
    async fn read<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&ReadTransaction) -> Result<T, DbError> + Send + 'static,
    {
        self.inner.reads.fetch_add(1, Ordering::Relaxed);
        let db = self.inner.db.load_full().ok_or_else(|| {
            DbError::Unavailable("the database is being reopened after an error".into())
        })?;
        tokio::task::spawn_blocking(move || {
            let txn = db.begin_read()?;
            f(&txn)
        })
        .await
        .map_err(|e| DbError::Unavailable(format!("read task failed: {e}")))?
    }

    /// Hands `f` to the writer; resolves once the batch holding it has been
    /// durably committed. `f` may run more than once (if another write of its
    /// batch is rejected), so it must only depend on its input and `txn`.
    async fn write<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnMut(&WriteTransaction) -> Result<T, DbError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(writer::Pending {
            f,
            out: None,
            reply,
        });
        self.send(writer::Msg::Job(job))?;
        answer
            .await
            .map_err(|_| DbError::Unavailable("the database is shutting down".into()))?
    }

    fn send(&self, msg: writer::Msg) -> Result<(), DbError> {
        let closed = || DbError::Unavailable("the database is shutting down".into());
        let guard = self.inner.tx.lock().map_err(|_| closed())?;
        guard
            .as_ref()
            .ok_or_else(closed)?
            .send(msg)
            .map_err(|_| closed())
    }

    /// Takes visits into the buffer; never waits for the disk.
    fn buffer_visit(&self, visit: Visit) {
        match self.inner.visits.push(visit) {
            Some(true) => {
                let _ = self.send(writer::Msg::Wake);
            }
            Some(false) => {}
            None => {
                self.inner
                    .stats
                    .visits_dropped
                    .fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod tests_disk_full;
