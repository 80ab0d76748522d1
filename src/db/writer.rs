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
//! Read-only mode. A failed commit (disk full, I/O error) puts the database
//! in read-only mode: redb latches the error on its handle, which then
//! refuses reads that miss its page cache too, so the thread reopens the
//! file at once (the reopen repairs it, which fits in the file's free pages)
//! and readers carry on with the new handle. From then on writes are refused
//! here, without touching the file, until a space probe (a small file
//! written and removed beside the database, every [`PROBE_FIRST`] rising to
//! [`PROBE_MAX`]) succeeds: then writes resume by themselves, with no
//! request needed. A start on a full disk begins in this mode.
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

/// What [`Msg::Exclusive`] runs; `None` while the file is being reopened.
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
    /// Writes are refused until the space probe succeeds (see the module
    /// docs); reads work.
    pub read_only: AtomicBool,
    /// The writer is replacing a failed handle: readers wait for it.
    pub reopening: AtomicBool,
    /// Handles the writer has opened to replace a failed one.
    pub reopened: AtomicU64,
    /// Where commit durations are counted ([`super::Db::count_commits_in`]).
    pub(crate) metrics: std::sync::OnceLock<crate::metrics::Metrics>,
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

/// Checks that the disk accepts writes again (see [`super::space_probe`]).
pub(super) type Probe = Box<dyn Fn() -> std::io::Result<()> + Send>;

/// First wait before probing for space after entering read-only mode.
pub const PROBE_FIRST: Duration = Duration::from_secs(1);
/// Longest wait between two space probes while read-only.
pub const PROBE_MAX: Duration = Duration::from_secs(2);

/// Why writes are refused, and when to look again.
pub(super) struct ReadOnly {
    /// What refused writes are answered with.
    pub error: DbError,
    pub next_probe: Instant,
    pub interval: Duration,
}

impl ReadOnly {
    pub fn new(cause: &DbError) -> ReadOnly {
        let error = match cause {
            DbError::DiskFull(_) => DbError::DiskFull(
                "no space left; the database is read-only until space is freed".into(),
            ),
            other => DbError::Unavailable(format!(
                "the database is read-only after a storage error ({other}) until the disk accepts writes again"
            )),
        };
        ReadOnly {
            error,
            next_probe: Instant::now() + PROBE_FIRST,
            interval: PROBE_FIRST,
        }
    }
}

pub(super) struct Writer {
    /// Shared with the readers; empty only while the file is being reopened
    /// (or could not be reopened).
    pub db: Arc<ArcSwapOption<Database>>,
    pub opener: Opener,
    pub probe: Probe,
    /// Set while writes are refused (see the module docs).
    pub read_only: Option<ReadOnly>,
    /// The handle failed a write and has not been replaced yet.
    pub needs_reopen: bool,
    pub rx: Receiver<Msg>,
    pub visits: Arc<VisitBuffer>,
    pub stats: Arc<WriterStats>,
}

impl Writer {
    pub fn run(mut self) {
        let mut flush_due: Option<Instant> = None;
        loop {
            // While read-only, probe for space on a timer: writes resume
            // by themselves, with no request needed.
            self.probe_if_due();
            let probe_due = self.read_only.as_ref().map(|r| r.next_probe);
            let wake_at = [flush_due, probe_due].into_iter().flatten().min();
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
                let db = self.db.load_full();
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
            if let Some(ro) = &self.read_only {
                // Refused without touching the file: nothing is written.
                for job in jobs {
                    job.finish(Err(ro.error.clone()));
                }
                self.visits.put_back(visits);
                return;
            }
            let outcome = match self.db.load_full() {
                Some(db) => Self::try_commit(&db, &mut jobs, &visits, &self.stats),
                None => Err((
                    None,
                    DbError::Unavailable("the database is not open".into()),
                )),
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
                    tracing::error!(error = %e, jobs = jobs.len(), visits = visits.len(), "database commit failed; nothing of the batch was written; the database is read-only until the disk accepts writes again");
                    // redb latched the error on the handle: reads that miss
                    // its cache fail too until the file is reopened. Set
                    // before the answers, so callers see the new state.
                    self.stats.reopening.store(true, Ordering::SeqCst);
                    self.needs_reopen = true;
                    self.enter_read_only(&e);
                    for job in jobs {
                        job.finish(Err(e.clone()));
                    }
                    // Keep the visits for the next flush: they are within
                    // their documented loss window anyway.
                    self.visits.put_back(visits);
                    if let Err(e) = self.reopen() {
                        tracing::error!(error = %e, "cannot reopen the database after the failed commit; reads are unavailable until it can be (the writer retries with each space probe)");
                    }
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
        stats: &WriterStats,
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
        if let Some(metrics) = stats.metrics.get() {
            metrics.db_commit(started.elapsed());
        }
        Ok(())
    }
}

impl Writer {
    pub(super) fn enter_read_only(&mut self, cause: &DbError) {
        if self.read_only.is_none() {
            self.read_only = Some(ReadOnly::new(cause));
            self.stats.read_only.store(true, Ordering::Relaxed);
        }
    }

    /// While read-only and the probe is due: probes for space, and leaves
    /// read-only mode when there is some (reopening the file first if the
    /// last attempt failed).
    fn probe_if_due(&mut self) {
        let Some(ro) = &mut self.read_only else {
            return;
        };
        let now = Instant::now();
        if now < ro.next_probe {
            return;
        }
        ro.interval = (ro.interval * 2).min(PROBE_MAX);
        ro.next_probe = now + ro.interval;
        // Reads need a working handle whether or not there is space yet.
        if self.needs_reopen
            && let Err(e) = self.reopen()
        {
            tracing::debug!(error = %e, "the database cannot be reopened yet");
        }
        if let Err(e) = (self.probe)() {
            tracing::debug!(error = %e, "space probe: the disk still refuses writes");
            return;
        }
        if self.needs_reopen {
            tracing::warn!("the disk accepts writes again but the database cannot be reopened yet");
            return;
        }
        self.read_only = None;
        self.stats.read_only.store(false, Ordering::Relaxed);
        tracing::info!("the disk accepts writes again: the database is writable, writes resume");
    }

    /// Replaces the handle with a freshly opened one (redb refuses further
    /// use of a handle after a failed write). Readers wait for the new
    /// handle ([`super::Db`]'s `read`); running reads finish on the old one
    /// first, because the file lock allows one open handle.
    fn reopen(&mut self) -> Result<(), DbError> {
        self.stats.reopening.store(true, Ordering::SeqCst);
        let result = self.reopen_now();
        self.stats.reopening.store(false, Ordering::SeqCst);
        result
    }

    fn reopen_now(&mut self) -> Result<(), DbError> {
        if let Some(old) = self.db.swap(None) {
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
        let started = Instant::now();
        match (self.opener)() {
            Ok(db) => {
                self.db.store(Some(Arc::new(db)));
                self.stats.reopened.fetch_add(1, Ordering::SeqCst);
                self.needs_reopen = false;
                tracing::info!(
                    ms = started.elapsed().as_millis() as u64,
                    "database reopened after a failed commit; reads continue"
                );
                Ok(())
            }
            Err(e) => Err(match e {
                redb::DatabaseError::Storage(s) => DbError::from(s),
                other => DbError::Io(other.to_string()),
            }),
        }
    }
}
