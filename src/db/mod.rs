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
//!   request of its batch with a [`DbError`]. The database is then
//!   read-only ([`DbState::ReadOnly`]): reads keep working (the writer
//!   replaces redb's failed handle at once), writes are refused without
//!   touching the file, and a space probe every 1–2 s ends the mode by
//!   itself once the disk accepts writes ([`writer`]). A start on a full
//!   disk opens read-only when the file needs no writing to open.

mod admins;
pub(crate) mod backup;
mod catalogue;
mod contacts;
mod datasheets;
mod error;
mod gauges;
mod mail_limits;
mod media;
pub(crate) mod models;
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
pub use error::{DbError, OpenError, is_disk_full};
pub use mail_limits::{Admission, VisitorMailLimits};
pub use media::{MediaDelete, MediaInsert, MediaUse};
pub use models::{
    AdminUser, Contact, DatasheetRequest, GalleryItem, Media, MediaKind, MediaStatus, MediaVariant,
    NewContact, NewDatasheetRequest, OutboxKind, OutboxMessage, Product, RenderedMail, Service,
    SuppressReason, SuppressedMail, VariantFormat, Visit,
};
pub use outbox::OutboxSummary;
pub use schema::SCHEMA_VERSION;
pub use time::{RfcTime, Timestamp, date_of_day};
pub use visits::{VisitSummary, source_of};
pub use writer::{VISIT_FLUSH_INTERVAL, WriterStats};

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "chloromaster.redb";

/// The file the space probe writes and removes in the data directory while
/// the database is read-only (a leftover is removed at start).
pub const SPACE_PROBE_FILE: &str = ".space-probe";

/// What the space probe writes: enough for a burst of small commits.
const SPACE_PROBE_BYTES: usize = 1 << 20;

/// Longest time a read waits for the writer to reopen the file.
const REOPEN_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The database's state as `/health/ready` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbState {
    Ready,
    /// Reads work, writes are refused until the disk accepts them again.
    ReadOnly(String),
}

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
        let probe = data_dir.join(SPACE_PROBE_FILE);
        Self::open_with(
            path,
            Box::new(move || {
                redb::Builder::new()
                    .set_cache_size(CACHE_BYTES)
                    .create(&file)
            }),
            Box::new(move || space_probe(&probe)),
        )
    }

    /// [`Db::open`] with the way the file is opened and the way free space
    /// is probed given (tests inject a storage backend that fails on
    /// demand). `opener` is called again to reopen the file after a failed
    /// commit.
    fn open_with(
        path: PathBuf,
        opener: writer::Opener,
        probe: writer::Probe,
    ) -> Result<Db, OpenError> {
        let no_space = |doing, source: &DbError| match source {
            DbError::DiskFull(detail) => Some(OpenError::NoSpace {
                path: path.clone(),
                doing,
                detail: detail.clone(),
            }),
            _ => None,
        };
        let db = opener().map_err(|e| match e {
            redb::DatabaseError::DatabaseAlreadyOpen => {
                OpenError::AlreadyInUse { path: path.clone() }
            }
            redb::DatabaseError::Storage(s) => {
                let source = DbError::from(s);
                no_space(
                    "opening it (creating it, or repairing it after an unclean stop)",
                    &source,
                )
                .unwrap_or_else(|| OpenError::Storage {
                    path: path.clone(),
                    source,
                })
            }
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
            // A file at the current schema and seeded needs no writing,
            // so it opens (read-only) on a full disk: look before writing.
            if schema::is_current_and_seeded(&db.begin_read()?)? {
                return Ok(Ok((schema::Prepared::Current, false)));
            }
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
        .map_err(|e| {
            no_space("preparing it (creating, migrating or seeding)", &e)
                .unwrap_or_else(|| storage(e))
        })?;
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
        let mut w = writer::Writer {
            db: db.clone(),
            rx,
            visits: visits.clone(),
            stats: stats.clone(),
            opener,
            probe,
            read_only: None,
            needs_reopen: false,
        };
        if let Err(e) = (w.probe)() {
            let cause = DbError::from_io(&e);
            tracing::warn!(
                path = %path.display(),
                error = %cause,
                "the database's disk does not accept writes: serving read-only; writes answer 503 until space is freed, then resume by themselves"
            );
            w.enter_read_only(&cause);
        }
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

    /// Counts each commit's duration in `metrics` from now on (once; the
    /// appliance's registry).
    pub(crate) fn count_commits_in(&self, metrics: crate::metrics::Metrics) {
        let _ = self.inner.stats.metrics.set(metrics);
    }

    /// How many read transactions the API has started since open.
    pub fn reads_started(&self) -> u64 {
        self.inner.reads.load(Ordering::Relaxed)
    }

    /// Readiness: the writer is running and a read transaction sees the
    /// current schema; [`DbState::ReadOnly`] while writes are refused.
    /// Cheap (one small read); blocks briefly on the disk, so async callers
    /// prefer [`Db::check_ready`].
    pub fn check_ready_now(&self) -> Result<DbState, DbError> {
        let writer_running = self
            .inner
            .thread
            .lock()
            .is_ok_and(|t| t.as_ref().is_some_and(|t| !t.is_finished()));
        if !writer_running {
            return Err(DbError::Unavailable("the writer has stopped".into()));
        }
        let db = wait_for_handle(&self.inner.db, &self.inner.stats, None)?;
        let txn = db.begin_read()?;
        let version = txn
            .open_table(schema::META)?
            .get(schema::SCHEMA_KEY)?
            .map(|v| v.value());
        if version != Some(SCHEMA_VERSION) {
            return Err(DbError::Corrupt(format!(
                "unexpected schema version {version:?}"
            )));
        }
        if self.is_read_only() {
            Ok(DbState::ReadOnly(
                "read-only: the disk does not accept writes (full?); reads work, writes answer 503 until it does".into(),
            ))
        } else {
            Ok(DbState::Ready)
        }
    }

    /// Whether writes are refused (see [`DbState::ReadOnly`]).
    pub fn is_read_only(&self) -> bool {
        self.inner.stats.read_only.load(Ordering::Relaxed)
    }

    /// [`Db::check_ready_now`] on a blocking thread.
    pub async fn check_ready(&self) -> Result<DbState, DbError> {
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

    /// Runs `f` in a read transaction on a blocking thread (twice if the
    /// handle turns out to have failed a write: see [`wait_for_handle`]).
    async fn read<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&ReadTransaction) -> Result<T, DbError> + Clone + Send + 'static,
    {
        self.inner.reads.fetch_add(1, Ordering::Relaxed);
        let (handle, stats) = (self.inner.db.clone(), self.inner.stats.clone());
        tokio::task::spawn_blocking(move || {
            fn run<T>(
                db: &redb::Database,
                f: impl FnOnce(&ReadTransaction) -> Result<T, DbError>,
            ) -> Result<T, DbError> {
                f(&db.begin_read()?)
            }
            let reopened = stats.reopened.load(Ordering::SeqCst);
            let db = wait_for_handle(&handle, &stats, None)?;
            match run(&db, f.clone()) {
                // The handle failed a write (the writer is replacing it):
                // once more on the new one.
                Err(DbError::Unavailable(_)) => {
                    drop(db);
                    let db = wait_for_handle(&handle, &stats, Some(reopened))?;
                    run(&db, f)
                }
                other => other,
            }
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

/// The open handle, waiting (bounded) while the writer reopens the file;
/// with `after`, one opened after that many reopens (the caller's handle
/// failed). The caller must not hold a handle meanwhile: the writer waits
/// for the failed one to be let go before it can open the file again.
fn wait_for_handle(
    handle: &ArcSwapOption<redb::Database>,
    stats: &WriterStats,
    after: Option<u64>,
) -> Result<Arc<redb::Database>, DbError> {
    let deadline = std::time::Instant::now() + REOPEN_WAIT;
    loop {
        let fresh = after.is_none_or(|n| stats.reopened.load(Ordering::SeqCst) > n);
        match handle.load_full() {
            Some(db) if fresh => return Ok(db),
            // The reopen failed (the disk refuses even that): retried by
            // the writer with each space probe.
            None if !stats.reopening.load(Ordering::SeqCst) => {
                return Err(DbError::Unavailable(
                    "the database could not be reopened after a failed write; retrying".into(),
                ));
            }
            _ => {}
        }
        if std::time::Instant::now() >= deadline {
            return Err(DbError::Unavailable(
                "the database is being reopened after a failed write".into(),
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Whether the disk takes writes: writes [`SPACE_PROBE_BYTES`] to `path`
/// and removes it again, whatever happened.
fn space_probe(path: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let result = std::fs::File::create(path).and_then(|mut f| {
        let chunk = [0u8; 64 << 10];
        for _ in 0..SPACE_PROBE_BYTES / chunk.len() {
            f.write_all(&chunk)?;
        }
        f.flush()
    });
    let removed = std::fs::remove_file(path);
    result?;
    removed
}

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod tests_disk_full;
