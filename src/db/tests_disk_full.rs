//! Disk full, simulated by a storage backend over the real file whose writes
//! can be made to fail with ENOSPC.

use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use redb::backends::FileBackend;
use redb::{BackendError, StorageBackend};

use super::models::NewContact;
use super::*;

#[derive(Debug)]
struct FillableDisk {
    file: FileBackend,
    full: Arc<AtomicBool>,
}

impl FillableDisk {
    fn check(&self) -> Result<(), std::io::Error> {
        if self.full.load(Ordering::SeqCst) {
            Err(std::io::Error::from_raw_os_error(28))
        } else {
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
        self.check()?;
        self.file.set_len(len)
    }
    fn sync_data(&self) -> Result<(), std::io::Error> {
        self.check()?;
        self.file.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> Result<(), std::io::Error> {
        self.check()?;
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

pub(crate) fn open_fillable(dir: &Path, full: Arc<AtomicBool>) -> Db {
    let path = dir.join(FILE_NAME);
    let file_path = path.clone();
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
            })
        }),
    )
    .expect("open with fillable disk")
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

#[tokio::test]
async fn db_disk_full_fails_the_write_keeps_reads_and_recovers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let full = Arc::new(AtomicBool::new(false));
    let db = open_fillable(dir.path(), full.clone());
    assert_eq!(db.insert_contact(contact(1)).await.expect("insert").id, 1);

    full.store(true, Ordering::SeqCst);
    // A big record so the commit needs new pages.
    let mut big = contact(2);
    big.message = "x".repeat(200_000);
    let err = db.insert_contact(big).await.expect_err("disk is full");
    assert!(matches!(err, DbError::DiskFull(_)), "{err:?}");
    assert!(
        db.check_ready().await.is_err(),
        "not ready while writes fail"
    );
    // Reads keep working on the open handle.
    assert_eq!(db.contact(1).await.expect("read").map(|c| c.id), Some(1));
    assert_eq!(db.services().await.expect("catalogue").len(), 2);

    full.store(false, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let c = db
        .insert_contact(contact(3))
        .await
        .expect("writes resume after space is freed");
    assert_eq!(
        c.id, 2,
        "the failed write left nothing behind, not even its id"
    );
    db.check_ready().await.expect("ready again");
    db.close().await;
    drop(db);

    let db = Db::open(dir.path()).expect("reopen");
    assert_eq!(db.contact_counts().await.expect("counts"), (2, 2));
    assert_eq!(
        db.contact(2).await.expect("read").map(|c| c.first_name),
        Some("N3".into())
    );
}

#[tokio::test]
async fn db_while_the_disk_stays_full_the_writer_keeps_trying_to_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let full = Arc::new(AtomicBool::new(false));
    let db = open_fillable(dir.path(), full.clone());
    full.store(true, Ordering::SeqCst);
    let mut big = contact(1);
    big.message = "x".repeat(200_000);
    db.insert_contact(big.clone()).await.expect_err("full");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    // This write makes the writer reopen, which fails while the disk is full.
    db.insert_contact(big).await.expect_err("still full");
    full.store(false, Ordering::SeqCst);
    // The writer retries by itself: reads and writes come back.
    let mut ok = false;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if db.services().await.is_ok() {
            ok = true;
            break;
        }
    }
    assert!(ok, "reads did not come back");
    assert_eq!(db.insert_contact(contact(2)).await.expect("write").id, 1);
}
