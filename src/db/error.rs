//! The errors of the data layer: one for opening the file, one for
//! everything after. Both say what happened in words an operator can act on.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why a read or write failed. Cloneable because one failed group commit
/// answers every request in the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DbError {
    /// The file system has no space left; nothing of the failed transaction
    /// was written.
    DiskFull(String),
    /// Reading or writing the database file failed.
    Io(String),
    /// Stored bytes could not be decoded (or a value could not be encoded).
    Corrupt(String),
    /// A write refused its own precondition; nothing of it was written and
    /// the other writes of its batch were committed without it.
    Rejected(String),
    /// The database is shutting down or its writer has stopped.
    Unavailable(String),
}

impl DbError {
    /// Whether the failure is the storage's (and so hits a whole batch)
    /// rather than one write's own.
    pub fn is_storage(&self) -> bool {
        !matches!(self, DbError::Rejected(_))
    }
}

impl DbError {
    /// A failed file operation outside redb (the space probe).
    pub(super) fn from_io(e: &io::Error) -> DbError {
        if is_disk_full(e) {
            DbError::DiskFull(e.to_string())
        } else {
            DbError::Io(e.to_string())
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::DiskFull(e) => write!(f, "database disk is full: {e}"),
            DbError::Io(e) => write!(f, "database I/O error: {e}"),
            DbError::Corrupt(e) => write!(f, "database record error: {e}"),
            DbError::Rejected(e) => write!(f, "write rejected: {e}"),
            DbError::Unavailable(e) => write!(f, "database unavailable: {e}"),
        }
    }
}

impl std::error::Error for DbError {}

/// ENOSPC, or EDQUOT (a quota is a full disk for this process).
pub fn is_disk_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    ) || matches!(e.raw_os_error(), Some(28 | 122))
}

impl From<redb::StorageError> for DbError {
    fn from(e: redb::StorageError) -> Self {
        match &e {
            redb::StorageError::Io(io) if is_disk_full(io) => DbError::DiskFull(e.to_string()),
            redb::StorageError::Corrupted(_) => DbError::Corrupt(e.to_string()),
            // The handle saw a failed write and refuses everything until the
            // writer replaces it; readers wait for the new one and retry.
            redb::StorageError::PreviousIo => {
                DbError::Unavailable("the database is being reopened after a failed write".into())
            }
            _ => DbError::Io(e.to_string()),
        }
    }
}

impl From<redb::TransactionError> for DbError {
    fn from(e: redb::TransactionError) -> Self {
        match e {
            redb::TransactionError::Storage(s) => s.into(),
            other => DbError::Io(other.to_string()),
        }
    }
}

impl From<redb::TableError> for DbError {
    fn from(e: redb::TableError) -> Self {
        match e {
            redb::TableError::Storage(s) => s.into(),
            other => DbError::Corrupt(other.to_string()),
        }
    }
}

impl From<redb::CommitError> for DbError {
    fn from(e: redb::CommitError) -> Self {
        match e {
            redb::CommitError::Storage(s) => s.into(),
            other => DbError::Io(other.to_string()),
        }
    }
}

impl From<redb::SetDurabilityError> for DbError {
    fn from(e: redb::SetDurabilityError) -> Self {
        DbError::Io(e.to_string())
    }
}

/// Why the database could not be opened at start.
#[derive(Debug)]
#[non_exhaustive]
pub enum OpenError {
    /// The data directory could not be created.
    CreateDir { path: PathBuf, source: io::Error },
    /// Another process (or another handle in this one) has the file open.
    AlreadyInUse { path: PathBuf },
    /// The file was written by a newer version of the appliance.
    NewerSchema {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    /// The file exists but is not a database this appliance can read.
    Unreadable { path: PathBuf, detail: String },
    /// Reading, migrating or seeding failed.
    Storage { path: PathBuf, source: DbError },
    /// Opening needs to write (creating the file, repairing it after an
    /// unclean stop, migrating it) and the disk is full.
    NoSpace {
        path: PathBuf,
        doing: &'static str,
        detail: String,
    },
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::CreateDir { path, source } => {
                write!(
                    f,
                    "cannot create data directory {}: {source}",
                    path.display()
                )
            }
            OpenError::AlreadyInUse { path } => write!(
                f,
                "database {} is already in use by another process (is another chloromaster running with the same data directory?)",
                path.display()
            ),
            OpenError::NewerSchema {
                path,
                found,
                supported,
            } => write!(
                f,
                "database {} has schema version {found}, written by a newer chloromaster; this version understands up to {supported}. Refusing to open it: upgrade chloromaster or restore a backup",
                path.display()
            ),
            OpenError::Unreadable { path, detail } => {
                write!(f, "cannot open database {}: {detail}", path.display())
            }
            OpenError::Storage { path, source } => {
                write!(f, "cannot open database {}: {source}", path.display())
            }
            OpenError::NoSpace {
                path,
                doing,
                detail,
            } => write!(
                f,
                "cannot open database {}: {doing} needs to write to it and the disk is full ({detail}). Free some space on the file system of {} and start again",
                path.display(),
                path.parent().unwrap_or(path).display()
            ),
        }
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OpenError::CreateDir { source, .. } => Some(source),
            OpenError::Storage { source, .. } => Some(source),
            _ => None,
        }
    }
}
