//! Uploaded media: the files under `<data dir>/media`, the upload path
//! (streamed to disk while hashed, checked by content, durable before it is
//! acknowledged), the re-encoding worker, and serving the variants at
//! `/media/<sha256>.<ext>`.
//!
//! Layout of `<data dir>/media`:
//! - `originals/<id>`: the uploaded bytes, named by their SHA-256 (the id);
//! - `variants/<sha256>.<ext>`: the served files, named by their own hash,
//!   so a URL never changes meaning (immutable caching);
//! - `tmp/`: uploads and variants being written; emptied at start.
//!
//! A file is renamed into place after its fsync and the directory is
//! fsynced; the database record is committed after that and the upload is
//! acknowledged after the commit. A crash leaves at worst a file without a
//! record, which the start-up sweep ([`MediaStore::sweep`]) removes.

pub mod process;
mod serve;
pub mod sniff;
mod worker;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::sync::{Semaphore, mpsc};

use crate::db::{Db, DbError, Media, MediaInsert, MediaKind, MediaStatus, Timestamp};

/// Why an upload was refused (each maps to one HTTP status).
#[derive(Debug)]
pub enum UploadError {
    /// Over `CHLORO_MEDIA_MAX_BYTES` (413).
    TooLarge(u64),
    /// Over `CHLORO_MEDIA_QUOTA_BYTES` (413): `(stored, quota)`.
    OverQuota(u64, u64),
    /// Not an image or PDF we accept, by content (415).
    Unsupported,
    /// An image over the pixel/dimension limits (413).
    TooManyPixels(String),
    /// Undecodable, truncated, or a PDF without header/trailer (422).
    Invalid(String),
    /// The body could not be read (the client went away).
    Body(String),
    Io(std::io::Error),
    Db(DbError),
}

impl From<std::io::Error> for UploadError {
    fn from(e: std::io::Error) -> Self {
        UploadError::Io(e)
    }
}

impl From<DbError> for UploadError {
    fn from(e: DbError) -> Self {
        UploadError::Db(e)
    }
}

/// What an accepted upload is.
#[derive(Debug)]
pub enum Uploaded {
    Created(Media),
    /// The same bytes were uploaded before.
    Existing(Media),
}

/// Media on disk and its limits; one per appliance, shared by the admin
/// API (uploads, deletes), the edge (serving) and the worker.
pub struct MediaStore {
    dir: PathBuf,
    db: Db,
    max_bytes: u64,
    quota: u64,
    /// Images waiting for the worker (the durable queue is their
    /// `Processing` status; this wakes it).
    queue: mpsc::UnboundedSender<[u8; 32]>,
    queue_rx: Mutex<Option<mpsc::UnboundedReceiver<[u8; 32]>>>,
    /// Bounds the CPU an upload's check (a full decode) takes: one at a
    /// time, so two admins uploading cannot take both cores.
    checks: Semaphore,
    served: serve::Cache,
}

const ORIGINALS: &str = "originals";
const VARIANTS: &str = "variants";
const TMP: &str = "tmp";

/// The directory under the data directory.
pub const DIR: &str = "media";

impl MediaStore {
    /// Creates the directories under `data_dir` (0700 like the data
    /// directory) and empties `tmp/`.
    pub fn open(data_dir: &Path, db: Db, max_bytes: u64, quota: u64) -> std::io::Result<Self> {
        let dir = data_dir.join(DIR);
        for sub in [ORIGINALS, VARIANTS, TMP] {
            std::fs::create_dir_all(dir.join(sub))?;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
        }
        for entry in std::fs::read_dir(dir.join(TMP))? {
            let entry = entry?;
            match std::fs::remove_file(entry.path()) {
                Ok(()) => {
                    tracing::info!(file = %entry.path().display(), "removed an unfinished media upload")
                }
                Err(e) => {
                    tracing::warn!(file = %entry.path().display(), error = %e, "cannot remove an unfinished media upload")
                }
            }
        }
        let (queue, queue_rx) = mpsc::unbounded_channel();
        Ok(Self {
            dir,
            db,
            max_bytes,
            quota,
            queue,
            queue_rx: Mutex::new(Some(queue_rx)),
            checks: Semaphore::new(1),
            served: serve::Cache::new(),
        })
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    pub fn quota(&self) -> u64 {
        self.quota
    }

    /// Where an original is kept.
    pub fn original_path(&self, id: &[u8; 32]) -> PathBuf {
        self.dir.join(ORIGINALS).join(crate::http::hex::encode(id))
    }

    /// Where a variant is kept.
    pub fn variant_path(&self, hash: &[u8; 32], ext: &str) -> PathBuf {
        self.dir
            .join(VARIANTS)
            .join(format!("{}.{ext}", crate::http::hex::encode(hash)))
    }

    /// Every file of the store relative to the data directory, with its
    /// record's expectation, for the backup: `(relative path, sha256)`.
    pub fn files_of(media: &Media) -> Vec<(String, [u8; 32])> {
        let mut out = vec![(
            format!("{DIR}/{ORIGINALS}/{}", crate::http::hex::encode(&media.id)),
            media.id,
        )];
        for v in &media.variants {
            out.push((
                format!(
                    "{DIR}/{VARIANTS}/{}.{}",
                    crate::http::hex::encode(&v.hash),
                    v.format.ext()
                ),
                v.hash,
            ));
        }
        out
    }

    /// Streams `body` into a temporary file while hashing it, checks the
    /// content, and stores it durably with its record. Acknowledges only
    /// after the file, its directory and the record are durable.
    pub async fn upload<S, E>(&self, name: &str, body: S) -> Result<Uploaded, UploadError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let tmp = self.dir.join(TMP).join(format!(
            "upload-{}",
            crate::http::hex::encode(&rand::random::<[u8; 16]>())
        ));
        let result = self.receive(name, &tmp, body).await;
        // Whatever happened, the temporary file is not kept.
        let _ = tokio::fs::remove_file(&tmp).await;
        result
    }

    async fn receive<S, E>(
        &self,
        name: &str,
        tmp: &Path,
        mut body: S,
    ) -> Result<Uploaded, UploadError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let mut file = tokio::fs::File::create(tmp).await?;
        let mut hasher = Sha256::new();
        let mut len = 0u64;
        let mut head = Vec::with_capacity(16);
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| UploadError::Body(e.to_string()))?;
            len = len.saturating_add(chunk.len() as u64);
            if len > self.max_bytes {
                return Err(UploadError::TooLarge(self.max_bytes));
            }
            if head.len() < 16 {
                let take = (16 - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            hasher.update(&chunk);
            tokio::io::AsyncWriteExt::write_all(&mut file, &chunk).await?;
        }
        let kind = sniff::kind(&head).ok_or(UploadError::Unsupported)?;
        let id: [u8; 32] = hasher.finalize().into();
        if let Some(existing) = self.db.media(id).await? {
            return Ok(Uploaded::Existing(existing));
        }
        file.sync_all().await?;
        drop(file);

        // The content check: a full decode for an image (one at a time),
        // header and trailer for a PDF.
        let (width, height) = {
            let _permit = self
                .checks
                .acquire()
                .await
                .map_err(|_| UploadError::Io(std::io::Error::other("media checks closed")))?;
            let path = tmp.to_owned();
            tokio::task::spawn_blocking(move || check(&path, kind))
                .await
                .map_err(|e| UploadError::Io(std::io::Error::other(e)))??
        };

        let dest = self.original_path(&id);
        tokio::fs::rename(tmp, &dest).await?;
        fsync_dir(dest.parent()).await?;
        let media = Media {
            id,
            kind,
            name: display_name(name, kind),
            bytes: len,
            width,
            height,
            added_at: Timestamp::now(),
            status: if kind.is_image() {
                MediaStatus::Processing
            } else {
                MediaStatus::Ready
            },
            variants: Vec::new(),
        };
        match self.db.media_insert(media, self.quota).await {
            Ok(MediaInsert::Created(media)) => {
                if media.kind.is_image() {
                    let _ = self.queue.send(media.id);
                }
                Ok(Uploaded::Created(media))
            }
            Ok(MediaInsert::Exists(media)) => Ok(Uploaded::Existing(media)),
            Ok(MediaInsert::OverQuota(used, quota)) => {
                let _ = tokio::fs::remove_file(&dest).await;
                Err(UploadError::OverQuota(used, quota))
            }
            Err(e) => {
                // Not acknowledged: the file goes (the sweep would remove it too).
                let _ = tokio::fs::remove_file(&dest).await;
                Err(e.into())
            }
        }
    }

    /// Removes the files of a deleted record.
    pub async fn remove_files(&self, media: &Media) {
        let mut paths = vec![self.original_path(&media.id)];
        for v in &media.variants {
            paths.push(self.variant_path(&v.hash, v.format.ext()));
            self.served.forget(&v.hash);
        }
        for p in paths {
            if let Err(e) = tokio::fs::remove_file(&p).await
                && e.kind() != std::io::ErrorKind::NotFound
            {
                tracing::warn!(file = %p.display(), error = %e, "cannot remove a media file");
            }
        }
    }

    /// Removes files no record names (left by a crash between a rename and
    /// its commit, or by a delete that failed half-way), and queues the
    /// images still `Processing` (the durable queue) for the worker. Run at
    /// start, before the worker.
    pub async fn sweep(&self) -> Result<(), DbError> {
        let all = self.db.media_all().await?;
        let mut pending: Vec<&Media> = all
            .iter()
            .filter(|m| m.status == MediaStatus::Processing)
            .collect();
        pending.sort_by_key(|m| m.added_at);
        if !pending.is_empty() {
            tracing::info!(images = pending.len(), "resuming media processing");
        }
        for m in pending {
            let _ = self.queue.send(m.id);
        }
        let mut keep = std::collections::HashSet::new();
        for m in &all {
            keep.insert(self.original_path(&m.id));
            for v in &m.variants {
                keep.insert(self.variant_path(&v.hash, v.format.ext()));
            }
        }
        for sub in [ORIGINALS, VARIANTS] {
            let Ok(entries) = std::fs::read_dir(self.dir.join(sub)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if !keep.contains(&path) {
                    match std::fs::remove_file(&path) {
                        Ok(()) => {
                            tracing::info!(file = %path.display(), "removed a media file no record names")
                        }
                        Err(e) => {
                            tracing::warn!(file = %path.display(), error = %e, "cannot remove an unnamed media file")
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads an original (a PDF download).
    pub async fn read_original(&self, id: &[u8; 32]) -> std::io::Result<Bytes> {
        tokio::fs::read(self.original_path(id))
            .await
            .map(Bytes::from)
    }
}

/// Runs on a blocking thread: the content check of a fully received file.
fn check(path: &Path, kind: MediaKind) -> Result<(Option<u32>, Option<u32>), UploadError> {
    if kind == MediaKind::Pdf {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        let window = sniff::PDF_TRAILER_WINDOW as u64;
        file.seek(SeekFrom::Start(len.saturating_sub(window)))?;
        let mut tail = Vec::new();
        file.take(window).read_to_end(&mut tail)?;
        if !sniff::pdf_has_trailer(&tail) {
            return Err(UploadError::Invalid(
                "The PDF has no %%EOF trailer (truncated?).".into(),
            ));
        }
        return Ok((None, None));
    }
    let decoded = process::decode_file(path, kind).map_err(|e| match e {
        process::DecodeFileError::Io(e) => UploadError::Io(e),
        process::DecodeFileError::Refused(process::Refused::TooLarge(m)) => {
            UploadError::TooManyPixels(m)
        }
        process::DecodeFileError::Refused(process::Refused::Undecodable(m)) => {
            UploadError::Invalid(m)
        }
    })?;
    Ok((Some(decoded.image.width()), Some(decoded.image.height())))
}

/// The name kept for display: the uploaded file's base name, without
/// control characters, at most 200 characters; a default by kind.
fn display_name(name: &str, kind: MediaKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim();
    if clean.is_empty() {
        match kind {
            MediaKind::Pdf => "document.pdf".into(),
            _ => "image".into(),
        }
    } else {
        clean.to_owned()
    }
}

/// Writes `bytes` durably at `dest` (temporary file in `tmp/`, fsync,
/// rename, directory fsync). Blocking.
fn write_durably(tmp_dir: &Path, dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = tmp_dir.join(format!(
        "variant-{}",
        crate::http::hex::encode(&rand::random::<[u8; 16]>())
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, dest)?;
        if let Some(parent) = dest.parent() {
            std::fs::File::open(parent)?.sync_all()?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

async fn fsync_dir(dir: Option<&Path>) -> std::io::Result<()> {
    let Some(dir) = dir else { return Ok(()) };
    let dir = dir.to_owned();
    tokio::task::spawn_blocking(move || std::fs::File::open(dir)?.sync_all())
        .await
        .map_err(std::io::Error::other)?
}

pub use worker::run as run_worker;

/// Called when images become ready (the API drops its cached catalogue).
pub type OnReady = Arc<dyn Fn() + Send + Sync>;
