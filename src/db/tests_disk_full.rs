//! Disk full, simulated by a storage backend over the real file whose writes
//! can be made to fail with ENOSPC.

use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use redb::backends::FileBackend;
use redb::{BackendError, StorageBackend};

use super::models::{NewContact, Visit};
use super::*;

#[derive(Debug)]
struct FillableDisk {
    file: FileBackend,
    full: Arc<AtomicBool>,
    how: Full,
    /// Writes and length changes that reached the file.
    writes: Arc<AtomicU64>,
}

/// What a full disk refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Full {
    /// Every write (a disk that fails all writes, e.g. EIO turned ENOSPC).
    Everything,
    /// Growing the file; bytes it already has can be overwritten (a real
    /// file system with no free blocks left).
    Growth,
}

impl FillableDisk {
    fn check(&self, end: u64) -> Result<(), std::io::Error> {
        let refused = self.full.load(Ordering::SeqCst)
            && match self.how {
                Full::Everything => true,
                Full::Growth => end > self.file.len()?,
            };
        if refused {
            Err(std::io::Error::from_raw_os_error(28))
        } else {
            self.writes.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    }
}

impl StorageBackend for FillableDisk {
    fn len(&self) -> Result<u64, std::io::Error> {
        self.file.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> Result<(), std::io::Error> {
        self.file.read(offset, out)
    }
    fn set_len(&self, len: u64) -> Result<(), std::io::Error> {
        self.check(len)?;
        self.file.set_len(len)
    }
    fn sync_data(&self) -> Result<(), std::io::Error> {
        if self.how == Full::Everything {
            self.check(u64::MAX)?;
        }
        self.file.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> Result<(), std::io::Error> {
        self.check(offset + data.len() as u64)?;
        self.file.write(offset, data)
    }
    fn close(&self) -> Result<(), std::io::Error> {
        self.file.close()
    }
    fn try_lock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<bool, BackendError> {
        self.file.try_lock_range(s, e)
    }
    fn try_lock_shared_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<bool, BackendError> {
        self.file.try_lock_shared_range(s, e)
    }
    fn lock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<(), BackendError> {
        self.file.lock_range(s, e)
    }
    fn lock_shared_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<(), BackendError> {
        self.file.lock_shared_range(s, e)
    }
    fn unlock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<(), BackendError> {
        self.file.unlock_range(s, e)
    }
    fn query_lock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<bool, BackendError> {
        self.file.query_lock_range(s, e)
    }
}

/// Opens the database in `dir` over a disk that refuses every write while
/// `full` is set (the space probe fails then too).
pub(crate) fn open_fillable(dir: &Path, full: Arc<AtomicBool>) -> Db {
    try_open(dir, full, Full::Everything, Arc::default()).expect("open with fillable disk")
}

/// Opens the database in `dir` over a disk that is full (as `how` says)
/// while `full` is set; `writes` counts what reached the file.
fn try_open(
    dir: &Path,
    full: Arc<AtomicBool>,
    how: Full,
    writes: Arc<AtomicU64>,
) -> Result<Db, OpenError> {
    let path = dir.join(FILE_NAME);
    let file_path = path.clone();
    let probe_full = full.clone();
    Db::open_with(
        path,
        Box::new(move || {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&file_path)?;
            redb::Builder::new().create_with_backend(FillableDisk {
                file: FileBackend::new(file)?,
                full: full.clone(),
                how,
                writes: writes.clone(),
            })
        }),
        Box::new(move || {
            if probe_full.load(Ordering::SeqCst) {
                Err(std::io::Error::from_raw_os_error(28))
            } else {
                Ok(())
            }
        }),
    )
}

fn contact(n: u32) -> NewContact {
    NewContact {
        first_name: format!("N{n}"),
        email: "n@example.com".into(),
        phone: "0100000000".into(),
        message: "m".into(),
        ..NewContact::default()
    }
}

fn big_contact(n: u32, bytes: usize) -> NewContact {
    NewContact {
        message: "x".repeat(bytes),
        ..contact(n)
    }
}

fn visit() -> Visit {
    Visit {
        at: Timestamp::now(),
        page_url: "/".into(),
        page_title: "Home".into(),
        referrer: String::new(),
        session_duration_secs: None,
        device: "desktop".into(),
        browser: "Firefox".into(),
        visitor: [7; 16],
    }
}

/// Waits (up to 6 s: a probe every 1–2 s) until the database is writable
/// again by itself; fails the test otherwise.
async fn until_writable(db: &Db) {
    for _ in 0..120 {
        if !db.is_read_only() && db.check_ready().await == Ok(DbState::Ready) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the database did not become writable again by itself");
}

#[tokio::test]
async fn db_full_disk_is_read_only_and_recovers_by_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (full, writes) = (
        Arc::new(AtomicBool::new(false)),
        Arc::<AtomicU64>::default(),
    );
    let db = try_open(dir.path(), full.clone(), Full::Growth, writes.clone()).expect("open");
    assert_eq!(db.insert_contact(contact(1)).await.expect("insert").id, 1);
    assert_eq!(db.check_ready().await, Ok(DbState::Ready));

    full.store(true, Ordering::SeqCst);
    // A big record so the commit must grow the file.
    let err = db
        .insert_contact(big_contact(2, 400_000))
        .await
        .expect_err("disk is full");
    assert!(matches!(err, DbError::DiskFull(_)), "{err:?}");
    assert!(db.is_read_only());
    let state = db.check_ready().await;
    assert!(
        matches!(state, Ok(DbState::ReadOnly(_))),
        "degraded, not down: {state:?}"
    );

    // Every read the site and the admin make keeps working (the failed
    // handle was replaced, so reads that miss redb's cache work too).
    assert_eq!(db.contact(1).await.expect("read").map(|c| c.id), Some(1));
    assert_eq!(db.services().await.expect("catalogue").len(), 2);
    assert_eq!(db.contact_counts().await.expect("counts"), (1, 1));
    assert_eq!(
        db.contacts_newest_first(0, 10).await.expect("list").len(),
        1
    );
    assert_eq!(
        db.contacts_matching(|_| true, 0, usize::MAX)
            .await
            .expect("export")
            .1,
        1
    );
    assert!(db.admin("nobody").await.expect("login lookup").is_none());

    // Writes are refused without touching the file, small or big (once
    // the reopen, which writes its repair, is done).
    while db.inner.stats.reopening.load(Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(db.inner.stats.reopened.load(Ordering::SeqCst), 1);
    let before = writes.load(Ordering::SeqCst);
    let err = db.insert_contact(contact(3)).await.expect_err("read-only");
    assert!(matches!(err, DbError::DiskFull(_)), "{err:?}");
    db.record_visit(visit());
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        writes.load(Ordering::SeqCst),
        before,
        "nothing reached the file while read-only"
    );

    // Space comes back; no request is made: the probe notices.
    full.store(false, Ordering::SeqCst);
    until_writable(&db).await;
    let c = db
        .insert_contact(contact(4))
        .await
        .expect("writes resume after space is freed");
    assert_eq!(c.id, 2, "the failed writes left nothing, not even an id");
    // The visit buffered while read-only is committed now.
    for _ in 0..40 {
        if db.visit_count().await.expect("visits") == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(db.visit_count().await.expect("visits"), 1);
    db.close().await;
    drop(db);

    let db = Db::open(dir.path()).expect("reopen");
    assert_eq!(db.contact_counts().await.expect("counts"), (2, 2));
    assert_eq!(
        db.contact(2).await.expect("read").map(|c| c.first_name),
        Some("N4".into())
    );
}

#[tokio::test]
async fn db_nothing_acknowledged_is_lost_and_nothing_half_stored_as_the_disk_fills() {
    let dir = tempfile::tempdir().expect("tempdir");
    let full = Arc::new(AtomicBool::new(false));
    let db = try_open(dir.path(), full.clone(), Full::Growth, Arc::default()).expect("open");
    db.set_mail_enabled(true);
    // Concurrent writers (group-committed batches, each contact with its
    // outbox row in the same transaction) while the disk fills under them.
    let mut tasks = Vec::new();
    for n in 0..300u32 {
        if n == 100 {
            // The disk fills while the first ones are being committed.
            while db.contact_counts().await.expect("counts").0 < 30 {
                tokio::task::yield_now().await;
            }
            full.store(true, Ordering::SeqCst);
        }
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            (n, db.insert_contact(big_contact(n, 20_000)).await)
        }));
    }
    let mut acked = Vec::new();
    let mut refused = 0;
    for t in tasks {
        match t.await.expect("task") {
            (n, Ok(c)) => acked.push((c.id, format!("N{n}"))),
            (_, Err(e)) => {
                assert!(matches!(e, DbError::DiskFull(_)), "{e:?}");
                refused += 1;
            }
        }
    }
    assert!(!acked.is_empty() && refused > 0, "{} acked", acked.len());
    full.store(false, Ordering::SeqCst);
    until_writable(&db).await;
    db.close().await;
    drop(db);

    let db = Db::open(dir.path()).expect("reopen");
    assert_eq!(
        db.contact_counts().await.expect("counts").0,
        acked.len() as u64,
        "exactly the acknowledged submissions are stored"
    );
    for (id, name) in &acked {
        let c = db
            .contact(*id)
            .await
            .expect("read")
            .expect("acked is stored");
        assert_eq!(&c.first_name, name);
    }
    assert_eq!(
        db.outbox_pending(10_000).await.expect("outbox").len(),
        acked.len(),
        "one queued mail per stored submission, none for a refused one"
    );
}

#[tokio::test]
async fn db_start_on_a_full_disk_serves_read_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let products = {
        let db = Db::open(dir.path()).expect("open");
        db.insert_contact(contact(1)).await.expect("insert");
        let products = db.products(None).await.expect("catalogue").len();
        db.close().await;
        products
    };
    let (full, writes) = (Arc::new(AtomicBool::new(true)), Arc::<AtomicU64>::default());
    let db = try_open(dir.path(), full.clone(), Full::Growth, writes.clone())
        .expect("a file that needs no writing opens on a full disk");
    assert!(db.is_read_only());
    assert!(matches!(db.check_ready().await, Ok(DbState::ReadOnly(_))));
    assert_eq!(db.contact(1).await.expect("read").map(|c| c.id), Some(1));
    assert_eq!(db.products(None).await.expect("catalogue").len(), products);
    let before = writes.load(Ordering::SeqCst);
    let err = db.insert_contact(contact(2)).await.expect_err("read-only");
    assert!(matches!(err, DbError::DiskFull(_)), "{err:?}");
    assert_eq!(writes.load(Ordering::SeqCst), before);

    full.store(false, Ordering::SeqCst);
    until_writable(&db).await;
    assert_eq!(db.insert_contact(contact(2)).await.expect("write").id, 2);
}

#[tokio::test]
async fn db_open_that_must_write_on_a_full_disk_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let full = Arc::new(AtomicBool::new(true));
    let err = try_open(dir.path(), full, Full::Growth, Arc::default())
        .expect_err("creating a file needs space");
    assert!(matches!(err, OpenError::NoSpace { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("the disk is full") && text.contains("Free some space"),
        "{text}"
    );
}

#[tokio::test]
async fn db_a_disk_refusing_every_write_recovers_reads_and_writes_by_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let full = Arc::new(AtomicBool::new(false));
    let db = open_fillable(dir.path(), full.clone());
    full.store(true, Ordering::SeqCst);
    db.insert_contact(big_contact(1, 200_000))
        .await
        .expect_err("full");
    // Even the reopen fails here (it must write): once it has, reads are
    // unavailable, and say so at once instead of waiting.
    while db.inner.stats.reopening.load(Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let started = std::time::Instant::now();
    assert!(db.services().await.is_err());
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(db.check_ready().await.is_err(), "down, not degraded");
    db.insert_contact(contact(2)).await.expect_err("still full");

    full.store(false, Ordering::SeqCst);
    until_writable(&db).await;
    assert_eq!(db.services().await.expect("reads are back").len(), 2);
    assert_eq!(db.insert_contact(contact(3)).await.expect("write").id, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn db_reads_running_while_a_commit_fails_all_succeed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let full = Arc::new(AtomicBool::new(false));
    let db = try_open(dir.path(), full.clone(), Full::Growth, Arc::default()).expect("open");
    for n in 0..50 {
        db.insert_contact(big_contact(n, 2_000))
            .await
            .expect("insert");
    }
    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let (db, stop) = (db.clone(), stop.clone());
            tokio::spawn(async move {
                let mut reads = 0u32;
                while !stop.load(Ordering::SeqCst) {
                    let (page, total) = db
                        .contacts_matching(|_| true, 0, 100)
                        .await
                        .expect("every read succeeds, also while the handle is replaced");
                    assert_eq!((page.len(), total), (50, 50));
                    db.services().await.expect("catalogue");
                    reads += 1;
                }
                reads
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    full.store(true, Ordering::SeqCst);
    db.insert_contact(big_contact(99, 400_000))
        .await
        .expect_err("full");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!db.inner.stats.reopening.load(Ordering::SeqCst));
    assert_eq!(db.inner.stats.reopened.load(Ordering::SeqCst), 1);
    stop.store(true, Ordering::SeqCst);
    for r in readers {
        assert!(r.await.expect("reader") > 0);
    }
}
