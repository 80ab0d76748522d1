//! The single writer thread and its group commit.
//!
//! Every write of the appliance is a job sent to this thread. The thread
//! takes the first job, then everything else already queued (up to
//! [`MAX_BATCH`]), applies them all in one redb write transaction and commits
//! it once with `Durability::Immediate` — one fsync for the whole batch. Only
//! then does each job's caller get its answer. While one batch is being
//! fsynced the next one queues up, so batches grow with load by themselves,
//! without any added waiting.
//!
//! A job that fails its own precondition ([`DbError::Rejected`]) is taken out
//! and the rest of its batch is applied again in a fresh transaction; a
//! storage error fails the whole batch, and nothing of it is written.
//!
//! Page visits are not jobs: they wait in [`VisitBuffer`] and are written by
//! this thread at most [`VISIT_FLUSH_INTERVAL`] after they arrived.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use arc_swap::ArcSwapOption;
use redb::{Database, Durability, WriteTransaction};
use tokio::sync::oneshot;

use super::DbError;
use super::models::Visit;

/// Most jobs in one transaction.
pub const MAX_BATCH: usize = 512;
/// Longest time an accepted page visit waits in memory before it is committed.
pub const VISIT_FLUSH_INTERVAL: Duration = Duration::from_secs(1);
/// Visits kept in memory at most; beyond this new ones are dropped (counted).
const MAX_BUFFERED_VISITS: usize = 50_000;

pub(super) trait Job: Send {
    /// Applies the write to `txn`, keeping its result until [`Job::finish`].
    fn apply(&mut self, txn: &WriteTransaction) -> Result<(), DbError>;
    /// Answers the caller: `Ok` after the commit, or the error.
    fn finish(self: Box<Self>, outcome: Result<(), DbError>);
}

pub(super) struct Pending<T, F> {
    pub f: F,
    pub out: Option<T>,
    pub reply: oneshot::Sender<Result<T, DbError>>,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send,
    F: FnMut(&WriteTransaction) -> Result<T, DbError> + Send,
{
    fn apply(&mut self, txn: &WriteTransaction) -> Result<(), DbError> {
        self.out = Some((self.f)(txn)?);
        Ok(())
    }

    fn finish(self: Box<Self>, outcome: Result<(), DbError>) {
        let Pending { out, reply, .. } = *self;
        let answer = outcome.and_then(|()| {
            out.ok_or_else(|| DbError::Unavailable("write produced no result".into()))
        });
        // The caller may have gone away (client disconnected); the write
        // stands either way.
        let _ = reply.send(answer);
    }
}

pub(super) enum Msg {
    Job(Box<dyn Job>),
    /// A visit was buffered: make sure a flush is scheduled.
    Wake,
    /// Flush the visits and stop.
    Stop(oneshot::Sender<()>),
    /// Commit what is queued and the buffered visits, then run this with
    /// no transaction open and nothing else writing (the online backup
    /// copies the file here). Writes arriving meanwhile wait in the queue.
    Exclusive(ExclusiveFn),
}

/// What [`Msg::Exclusive`] runs; `None` while the file is being recovered.
pub(super) type ExclusiveFn = Box<dyn FnOnce(Option<&Database>) + Send>;

/// Counters for tests, benchmarks and metrics.
#[derive(Debug, Default)]
pub struct WriterStats {
    pub commits: AtomicU64,
    pub jobs: AtomicU64,
    pub failed_commits: AtomicU64,
    pub visits_written: AtomicU64,
    pub visits_dropped: AtomicU64,
    /// The last commit failed and none has succeeded since.
    pub writes_failing: AtomicBool,
}

/// Accepted page visits waiting for their flush.
#[derive(Default)]
pub struct VisitBuffer {
    visits: Mutex<Vec<Visit>>,
}

impl VisitBuffer {
    /// Adds a visit; returns whether the buffer was empty before (the writer
    /// must then be woken) or `None` when the visit was dropped.
    pub fn push(&self, visit: Visit) -> Option<bool> {
        let mut v = self.visits.lock().unwrap_or_else(|p| p.into_inner());
        if v.len() >= MAX_BUFFERED_VISITS {
            return None;
        }
        v.push(visit);
        Some(v.len() == 1)
    }

    fn take(&self) -> Vec<Visit> {
        std::mem::take(&mut *self.visits.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn put_back(&self, mut visits: Vec<Visit>) {
        let mut v = self.visits.lock().unwrap_or_else(|p| p.into_inner());
        visits.append(&mut v);
        visits.truncate(MAX_BUFFERED_VISITS);
        *v = visits;
    }

    fn is_empty(&self) -> bool {
        self.visits
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty()
    }
}

/// Opens the database file (again).
pub(super) type Opener = Box<dyn Fn() -> Result<Database, redb::DatabaseError> + Send>;

/// Least time between two attempts to reopen a file after a failed commit.
const REOPEN_INTERVAL: Duration = Duration::from_secs(1);

pub(super) struct Writer {
    /// Shared with the readers; the writer empties it only to reopen.
    pub db: Arc<ArcSwapOption<Database>>,
    pub opener: Opener,
    /// Set by a failed commit: redb then refuses writes until the file is
    /// reopened. Holds the error and when recovery was last tried.
    pub broken: Option<(DbError, Instant)>,
    pub rx: Receiver<Msg>,
    pub visits: Arc<VisitBuffer>,
    pub stats: Arc<WriterStats>,
}

impl Writer {
    pub fn run(mut self) {
        let mut flush_due: Option<Instant> = None;
        loop {
            // While the file could not be reopened, keep trying so that
            // reads come back as soon as the disk does.
            let mut retry_due = None;
            if self.db.load().is_none() {
                let _ = self.recover();
                retry_due = self
                    .db
                    .load()
                    .is_none()
                    .then(|| Instant::now() + REOPEN_INTERVAL);
            }
            let wake_at = [flush_due, retry_due].into_iter().flatten().min();
            let first = match wake_at {
                None => self.rx.recv().ok(),
                Some(due) => match self
                    .rx
                    .recv_timeout(due.saturating_duration_since(Instant::now()))
                {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => Some(Msg::Wake),
                    Err(RecvTimeoutError::Disconnected) => None,
                },
            };
            let Some(first) = first else {
                self.flush_visits();
                return;
            };
            let mut jobs = Vec::new();
            let mut stop = None;
            let mut exclusive = None;
            let mut next = Some(first);
            while let Some(msg) = next.take() {
                match msg {
                    Msg::Job(j) => jobs.push(j),
                    Msg::Wake => {}
                    Msg::Stop(reply) => {
                        stop = Some(reply);
                        break;
                    }
                    Msg::Exclusive(f) => {
                        exclusive = Some(f);
                        break;
                    }
                }
                if jobs.len() < MAX_BATCH {
                    next = self.rx.try_recv().ok();
                }
            }
            let now = Instant::now();
            if flush_due.is_none() && !self.visits.is_empty() {
                flush_due = Some(now + VISIT_FLUSH_INTERVAL);
            }
            // Visits ride along with any batch once they are due, or alone
            // when their deadline passes.
            let visits = if stop.is_some() || flush_due.is_some_and(|d| d <= now) {
                flush_due = None;
                self.visits.take()
            } else {
                Vec::new()
            };
            self.commit_batch(jobs, visits);
            if let Some(f) = exclusive {
                self.flush_visits();
                flush_due = None;
                let db = if self.broken.is_some() {
                    None
                } else {
                    self.db.load_full()
                };
                f(db.as_deref());
            }
            if let Some(reply) = stop {
                self.flush_visits();
                let _ = reply.send(());
                return;
            }
        }
    }

    fn flush_visits(&mut self) {
        let visits = self.visits.take();
        if !visits.is_empty() {
            self.commit_batch(Vec::new(), visits);
        }
    }

    fn commit_batch(&mut self, mut jobs: Vec<Box<dyn Job>>, visits: Vec<Visit>) {
        loop {
            if jobs.is_empty() && visits.is_empty() {
                return;
            }
            let outcome = match self.recover() {
                Ok(db) => Self::try_commit(&db, &mut jobs, &visits),
                Err(e) => Err((None, e)),
            };
            match outcome {
                Ok(()) => {
                    self.stats.commits.fetch_add(1, Ordering::Relaxed);
                    self.stats.writes_failing.store(false, Ordering::Relaxed);
                    self.stats
                        .jobs
                        .fetch_add(jobs.len() as u64, Ordering::Relaxed);
                    self.stats
                        .visits_written
                        .fetch_add(visits.len() as u64, Ordering::Relaxed);
                    for job in jobs {
                        job.finish(Ok(()));
                    }
                    return;
                }
                Err((Some(i), e)) if !e.is_storage() => {
                    jobs.remove(i).finish(Err(e));
                }
                Err((_, e)) => {
                    self.stats.failed_commits.fetch_add(1, Ordering::Relaxed);
                    self.stats.writes_failing.store(true, Ordering::Relaxed);
                    if self.broken.is_none() {
                        self.broken = Some((e.clone(), Instant::now()));
                    }
                    tracing::error!(error = %e, jobs = jobs.len(), visits = visits.len(), "database commit failed; nothing of the batch was written");
                    for job in jobs {
                        job.finish(Err(e.clone()));
                    }
                    // Keep the visits for the next flush: they are within
                    // their documented loss window anyway.
                    self.visits.put_back(visits);
                    return;
                }
            }
        }
    }

    /// One transaction over all jobs. On failure says which job failed
    /// (`None`: the transaction itself).
    fn try_commit(
        db: &Database,
        jobs: &mut [Box<dyn Job>],
        visits: &[Visit],
    ) -> Result<(), (Option<usize>, DbError)> {
        let mut txn = db.begin_write().map_err(|e| (None, e.into()))?;
        txn.set_durability(Durability::Immediate)
            .map_err(|e| (None, e.into()))?;
        for (i, job) in jobs.iter_mut().enumerate() {
            if let Err(e) = job.apply(&txn) {
                let _ = txn.abort();
                return Err((Some(i), e));
            }
        }
        if !visits.is_empty()
            && let Err(e) = super::visits::write_batch(&txn, visits)
        {
            let _ = txn.abort();
            return Err((None, e));
        }
        let started = Instant::now();
        txn.commit().map_err(|e| (None, e.into()))?;
        crate::metrics::db_commit(started.elapsed());
        Ok(())
    }
}

impl Writer {
    /// The database to write to. After a failed commit redb refuses writes
    /// until the file is reopened: this reopens it, at most once per
    /// [`REOPEN_INTERVAL`]. Readers keep the old handle (reads still work on
    /// it) until the reopen; if reopening fails (the disk is still full) the
    /// database is unavailable until a later attempt succeeds.
    fn recover(&mut self) -> Result<Arc<Database>, DbError> {
        let Some((error, tried)) = self.broken.clone() else {
            return self
                .db
                .load_full()
                .ok_or_else(|| DbError::Unavailable("the database is closed".into()));
        };
        if tried.elapsed() < REOPEN_INTERVAL {
            return Err(error);
        }
        self.broken = Some((error, Instant::now()));
        if let Some(old) = self.db.swap(None) {
            // Wait for running reads to let go of the old handle: the file
            // lock allows one open handle.
            let deadline = Instant::now() + Duration::from_secs(5);
            while Arc::strong_count(&old) > 1 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(1));
            }
            if Arc::strong_count(&old) > 1 {
                self.db.store(Some(old));
                return Err(DbError::Unavailable(
                    "reads are holding the database".into(),
                ));
            }
            drop(old);
        }
        match (self.opener)() {
            Ok(db) => {
                let db = Arc::new(db);
                self.db.store(Some(db.clone()));
                self.broken = None;
                tracing::info!("database reopened after a failed commit; writes resume");
                Ok(db)
            }
            Err(e) => {
                let e = match e {
                    redb::DatabaseError::Storage(s) => DbError::from(s),
                    other => DbError::Io(other.to_string()),
                };
                tracing::warn!(error = %e, "cannot reopen the database yet");
                Err(e)
            }
        }
    }
}
