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

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
}

/// Counters for tests, benchmarks and metrics.
#[derive(Debug, Default)]
pub struct WriterStats {
    pub commits: AtomicU64,
    pub jobs: AtomicU64,
    pub failed_commits: AtomicU64,
    pub visits_written: AtomicU64,
    pub visits_dropped: AtomicU64,
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

pub(super) struct Writer {
    pub db: Arc<Database>,
    pub rx: Receiver<Msg>,
    pub visits: Arc<VisitBuffer>,
    pub stats: Arc<WriterStats>,
    pub write_visits: fn(&WriteTransaction, &[Visit]) -> Result<(), DbError>,
}

impl Writer {
    pub fn run(self) {
        let mut flush_due: Option<Instant> = None;
        loop {
            let first = match flush_due {
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
            let mut next = Some(first);
            while let Some(msg) = next.take() {
                match msg {
                    Msg::Job(j) => jobs.push(j),
                    Msg::Wake => {}
                    Msg::Stop(reply) => {
                        stop = Some(reply);
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
            if let Some(reply) = stop {
                self.flush_visits();
                let _ = reply.send(());
                return;
            }
        }
    }

    fn flush_visits(&self) {
        let visits = self.visits.take();
        if !visits.is_empty() {
            self.commit_batch(Vec::new(), visits);
        }
    }

    fn commit_batch(&self, mut jobs: Vec<Box<dyn Job>>, visits: Vec<Visit>) {
        loop {
            if jobs.is_empty() && visits.is_empty() {
                return;
            }
            let outcome = self.try_commit(&mut jobs, &visits);
            match outcome {
                Ok(()) => {
                    self.stats.commits.fetch_add(1, Ordering::Relaxed);
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
        &self,
        jobs: &mut [Box<dyn Job>],
        visits: &[Visit],
    ) -> Result<(), (Option<usize>, DbError)> {
        let mut txn = self.db.begin_write().map_err(|e| (None, e.into()))?;
        txn.set_durability(Durability::Immediate)
            .map_err(|e| (None, e.into()))?;
        for (i, job) in jobs.iter_mut().enumerate() {
            if let Err(e) = job.apply(&txn) {
                let _ = txn.abort();
                return Err((Some(i), e));
            }
        }
        if !visits.is_empty() {
            if let Err(e) = (self.write_visits)(&txn, visits) {
                let _ = txn.abort();
                return Err((None, e));
            }
        }
        txn.commit().map_err(|e| (None, e.into()))
    }
}
