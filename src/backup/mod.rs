//! `chloromaster backup FILE`, `chloromaster restore FILE` and
//! `GET /api/admin/backup`: one file holding the application database and
//! the cache snapshot, taken while the appliance serves.
//!
//! The file is a POSIX tar archive (`tar tvf` lists it) of, in this order:
//! - `MANIFEST.json`: format, creation time, version, schema version, the
//!   size and SHA-256 of each other member, entries per table, cache keys;
//! - `chloromaster.redb`: the database, copied between two group commits
//!   ([`crate::db::Db::copy_file`]), recovered, integrity-checked and every
//!   record decoded before it is packed;
//! - `cache.redb`: a snapshot of the cache store (sessions, RESP data),
//!   when there is one;
//! - `session.key`: the key that signs the sessions in that snapshot, when
//!   the appliance keeps it in the data directory (not with the
//!   `session-key` credential), so a restore keeps admins signed in. Like
//!   the whole archive (password hashes, visitors' data), keep backups
//!   private; `chloromaster admin rotate-session-key` after a leak.
//! - `media/originals/<sha256>` and `media/variants/<sha256>.<ext>`: every
//!   uploaded file and served variant the database copy's media records
//!   name (content-addressed: a member's SHA-256 must also equal its name).
//!
//! Producing: the copies are made in the data directory (where the
//! appliance may write, also under systemd's `ProtectSystem=strict`), opened
//! and unlinked at once, then streamed: to the CLI over the control socket,
//! to an admin's browser, or (appliance stopped) straight to the file. The
//! CLI writes the file itself: a temporary name beside the target, fsync,
//! rename, directory fsync. One backup runs at a time.
//!
//! Restoring needs the appliance stopped. The archive is verified first
//! (every header, every member's size and SHA-256, the database opened,
//! checked and decoded, the snapshot decoded); only then is the current
//! data renamed to `*.before-restore` and the backup's put in its place.

pub mod archive;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cache::{self, Store};
use crate::db::{self, Db, Timestamp};

/// The backup format this build writes and reads.
pub const FORMAT: u32 = 1;
pub const MANIFEST: &str = "MANIFEST.json";
const DB_MEMBER: &str = db::FILE_NAME;
const CACHE_MEMBER: &str = cache::SNAPSHOT_FILE;
const KEY_MEMBER: &str = crate::auth::key::FILE_NAME;
/// A manifest is a few hundred bytes; anything far larger is not ours.
const MAX_MANIFEST: u64 = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: u32,
    pub created_at: String,
    pub app_version: String,
    pub schema_version: u64,
    pub members: Vec<MemberInfo>,
    /// Entries per table of the database.
    pub tables: BTreeMap<String, u64>,
    /// Keys in the cache snapshot; `None` without one.
    pub cache_keys: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInfo {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

impl Manifest {
    /// One line for people: what the backup holds.
    pub fn summary(&self) -> String {
        let n = |t: &str| self.tables.get(t).copied().unwrap_or(0);
        format!(
            "schema {}, {} contact submissions, {} datasheet requests, {} page visits, {} admin accounts, {} cache keys, {} media uploads ({} files)",
            self.schema_version,
            n("contacts"),
            n("datasheet_requests"),
            n("visits"),
            n("admins"),
            self.cache_keys.unwrap_or(0),
            n("media"),
            self.members
                .iter()
                .filter(|m| m.name.starts_with("media/"))
                .count(),
        )
    }
}

/// Where the cache snapshot of a backup comes from.
pub enum CacheSource {
    /// The running appliance's store: a fresh snapshot is written.
    Store(Arc<Store>),
    /// The appliance is stopped: its last snapshot file, if any.
    File(PathBuf),
}

/// A backup ready to be written out; its member files are open and
/// already unlinked, so nothing is left behind whatever happens next.
pub struct Prepared {
    pub manifest: Manifest,
    manifest_bytes: Vec<u8>,
    files: Vec<(String, File, u64)>,
    mtime: u64,
    /// Bytes [`Prepared::write_to`] writes.
    pub size: u64,
}

/// One backup at a time: each holds a full copy of the data on disk.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Removes scratch files when dropped.
struct Scratch(Vec<PathBuf>);

impl Drop for Scratch {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn scratch_name(dir: &Path, what: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    dir.join(format!(
        ".{what}-{}-{}{nanos}.tmp",
        std::process::id(),
        unix_secs()
    ))
}

/// SHA-256 and length of what `r` yields.
fn hash(mut r: impl Read) -> io::Result<(u64, String)> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let got = r.read(&mut buf)?;
        if got == 0 {
            return Ok((n, crate::http::hex::encode(&h.finalize())));
        }
        h.update(&buf[..got]);
        n += got as u64;
    }
}

/// Takes a backup of `db` (and the cache) using `scratch_dir` (the data
/// directory) for the copies.
pub async fn prepare(db: &Db, cache: CacheSource, scratch_dir: &Path) -> anyhow::Result<Prepared> {
    let _one = ONE_AT_A_TIME.lock().await;
    let db_tmp = scratch_name(scratch_dir, "backup-db");
    let cache_tmp = scratch_name(scratch_dir, "backup-cache");
    let scratch = Scratch(vec![db_tmp.clone(), cache_tmp.clone()]);
    db.copy_file(&db_tmp)
        .await
        .context("copying the database")?;
    let cache_tmp_job = cache_tmp.clone();
    let scratch_dir_job = scratch_dir.to_owned();
    let key_path = scratch_dir.join(KEY_MEMBER);
    tokio::task::spawn_blocking(move || {
        let cache_keys = match cache {
            CacheSource::Store(store) => Some(
                cache::write_snapshot_copy(&store, &cache_tmp_job)
                    .context("writing the cache snapshot")?,
            ),
            CacheSource::File(path) if path.exists() => {
                std::fs::copy(&path, &cache_tmp_job)
                    .with_context(|| format!("copying {}", path.display()))?;
                match cache::check_snapshot_file(&cache_tmp_job) {
                    Ok(keys) => Some(keys),
                    Err(e) => {
                        // The appliance would set it aside at start too.
                        tracing::warn!(
                            error = format!("{e:#}"),
                            "the cache snapshot is unreadable; the backup holds no cache"
                        );
                        None
                    }
                }
            }
            CacheSource::File(_) => None,
        };
        // Opened now, the handle keeps this key even if a rotation renames
        // a new file over it while the archive is written.
        let key_file = key_path.exists().then_some(key_path);
        finish(
            &scratch_dir_job,
            &db_tmp,
            cache_keys.map(|k| (cache_tmp_job, k)),
            key_file.as_deref(),
            scratch,
        )
    })
    .await
    .context("backup task failed")?
}

fn finish(
    data_dir: &Path,
    db_tmp: &Path,
    cache: Option<(PathBuf, u64)>,
    key_file: Option<&Path>,
    scratch: Scratch,
) -> anyhow::Result<Prepared> {
    let seen = db::backup::inspect(db_tmp).context("checking the database copy")?;
    let mut members = Vec::new();
    let mut files = Vec::new();
    let mut add = |name: &str, path: &Path| -> anyhow::Result<String> {
        let mut f = File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let (size, sha256) = hash(&mut f)?;
        f.seek(SeekFrom::Start(0))?;
        files.push((name.to_owned(), f, size));
        members.push(MemberInfo {
            name: name.to_owned(),
            size,
            sha256: sha256.clone(),
        });
        Ok(sha256)
    };
    add(DB_MEMBER, db_tmp)?;
    // Media files are immutable and named by their hash: opened now, each
    // handle keeps its bytes even if the file is deleted meanwhile.
    for media in &seen.media {
        for (name, expected) in crate::media::MediaStore::files_of(media) {
            let path = data_dir.join(&name);
            let recorded = add(&name, &path).with_context(|| {
                format!("{name} is missing (deleted while the backup ran? try again)")
            })?;
            if recorded != crate::http::hex::encode(&expected) {
                bail!(
                    "{} is damaged: its SHA-256 is not the one its name says",
                    path.display()
                );
            }
        }
    }
    let cache_keys = match &cache {
        Some((path, keys)) => {
            add(CACHE_MEMBER, path)?;
            Some(*keys)
        }
        None => None,
    };
    if let Some(key_file) = key_file {
        add(KEY_MEMBER, key_file)?;
    }
    // The open handles keep the data; the names go now.
    drop(scratch);
    let manifest = Manifest {
        format: FORMAT,
        created_at: Timestamp::now().rfc3339(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: seen.schema_version,
        members,
        tables: seen.tables,
        cache_keys,
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest)?;
    let member_size = |len: u64| archive::BLOCK + len + archive::padding(len);
    let size = member_size(manifest_bytes.len() as u64)
        + files
            .iter()
            .map(|(_, _, len)| member_size(*len))
            .sum::<u64>()
        + 2 * archive::BLOCK;
    Ok(Prepared {
        manifest,
        manifest_bytes,
        files,
        mtime: unix_secs(),
        size,
    })
}

impl Prepared {
    /// Writes the archive ([`Prepared::size`] bytes). Blocking.
    pub fn write_to(self, w: &mut dyn Write) -> io::Result<()> {
        let pad =
            |w: &mut dyn Write, len: u64| w.write_all(&vec![0u8; archive::padding(len) as usize]);
        let len = self.manifest_bytes.len() as u64;
        w.write_all(&archive::header(MANIFEST, len, self.mtime))?;
        w.write_all(&self.manifest_bytes)?;
        pad(w, len)?;
        for (name, file, len) in self.files {
            w.write_all(&archive::header(&name, len, self.mtime))?;
            let copied = io::copy(&mut file.take(len), w)?;
            if copied != len {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("{name} shrank while being written"),
                ));
            }
            pad(w, len)?;
        }
        w.write_all(&[0u8; 2 * archive::BLOCK as usize])?;
        w.flush()
    }
}

/// Writes `from` (`size` bytes) to `dest` durably: a temporary name in the
/// same directory (mode 0600), fsync, rename, directory fsync. Blocking.
pub fn write_file(
    dest: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<u64> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let file_name = dest
        .file_name()
        .with_context(|| format!("{} is not a file name", dest.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let scratch = Scratch(vec![tmp.clone()]);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .with_context(|| format!("cannot create {}", tmp.display()))?;
    let mut w = io::BufWriter::with_capacity(1 << 20, file);
    write(&mut w).with_context(|| format!("writing {}", tmp.display()))?;
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
        .with_context(|| format!("syncing {}", tmp.display()))?;
    let size = file.metadata()?.len();
    drop(file);
    std::fs::rename(&tmp, dest).with_context(|| format!("renaming into {}", dest.display()))?;
    std::mem::forget(scratch);
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(size)
}

/// A verified backup, extracted into scratch files.
pub struct Verified {
    pub manifest: Manifest,
    db_file: PathBuf,
    cache_file: Option<PathBuf>,
    key_file: Option<PathBuf>,
    /// `(member name, extracted file)` of every media file.
    media_files: Vec<(String, PathBuf)>,
    _scratch: Scratch,
}

/// Whether `name` is a media member's name: `media/originals/<64 hex>` or
/// `media/variants/<64 hex>.<ext>`; returns the hex (the content's SHA-256).
fn media_member(name: &str) -> Option<&str> {
    let hex_ok =
        |h: &str| h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if let Some(hex) = name.strip_prefix("media/originals/") {
        return hex_ok(hex).then_some(hex);
    }
    let (hex, ext) = name.strip_prefix("media/variants/")?.split_once('.')?;
    (hex_ok(hex) && matches!(ext, "jpg" | "png" | "webp" | "avif")).then_some(hex)
}

/// Reads and checks the backup at `path`, extracting its members into
/// `scratch_dir`. Blocking.
pub fn verify(path: &Path, scratch_dir: &Path) -> anyhow::Result<Verified> {
    let mut f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let len = f.metadata()?.len();
    let members = archive::members(&mut f, len)
        .context("not a ChloroMaster backup (not a readable tar archive)")?;
    let first = members
        .first()
        .filter(|m| m.name == MANIFEST && m.size <= MAX_MANIFEST)
        .context("not a ChloroMaster backup (no MANIFEST.json first)")?;
    let mut manifest_bytes = vec![0u8; first.size as usize];
    f.seek(SeekFrom::Start(first.offset))?;
    f.read_exact(&mut manifest_bytes)?;
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).context("the backup's MANIFEST.json is invalid")?;
    if manifest.format != FORMAT {
        bail!(
            "backup format {} is not the one this chloromaster reads ({FORMAT})",
            manifest.format
        );
    }
    let mut scratch = Scratch(Vec::new());
    let mut extract = |name: &str| -> anyhow::Result<Option<PathBuf>> {
        let Some(info) = manifest.members.iter().find(|m| m.name == name) else {
            return Ok(None);
        };
        let member = members
            .iter()
            .find(|m| m.name == name)
            .with_context(|| format!("{name} is listed in the manifest but missing"))?;
        if member.size != info.size {
            bail!(
                "{name} has {} bytes, the manifest says {}",
                member.size,
                info.size
            );
        }
        let out = scratch_name(scratch_dir, "restore");
        scratch.0.push(out.clone());
        f.seek(SeekFrom::Start(member.offset))?;
        let mut dest = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&out)
                .with_context(|| format!("cannot create {}", out.display()))?
        };
        let (size, sha) = hash(Tee {
            inner: (&mut f).take(member.size),
            copy: &mut dest,
        })?;
        if size != info.size || sha != info.sha256 {
            bail!("{name} is damaged: its SHA-256 differs from the manifest's");
        }
        dest.sync_all()?;
        Ok(Some(out))
    };
    let db_file = extract(DB_MEMBER)?.context("the backup holds no database")?;
    let cache_file = extract(CACHE_MEMBER)?;
    let key_file = extract(KEY_MEMBER)?;
    let mut media_files = Vec::new();
    for info in &manifest.members {
        if !info.name.starts_with("media/") {
            continue;
        }
        let hex = media_member(&info.name).with_context(|| {
            format!("{} is not a media file name this version knows", info.name)
        })?;
        if hex != info.sha256 {
            bail!(
                "{} is damaged: its SHA-256 is not the one its name says",
                info.name
            );
        }
        let path = extract(&info.name)?.with_context(|| format!("{} is missing", info.name))?;
        media_files.push((info.name.clone(), path));
    }
    if let Some(key_file) = &key_file {
        crate::auth::key::check_file(key_file).context("the backup's session key is unusable")?;
    }
    let seen = db::backup::inspect(&db_file).context("the backup's database is unusable")?;
    if seen.tables != manifest.tables || seen.schema_version != manifest.schema_version {
        bail!("the backup's database does not hold what its manifest lists");
    }
    for media in &seen.media {
        for (name, _) in crate::media::MediaStore::files_of(media) {
            if !media_files.iter().any(|(n, _)| *n == name) {
                bail!("the backup's database names {name}, which the backup does not hold");
            }
        }
    }
    if let Some(cache_file) = &cache_file {
        cache::check_snapshot_file(cache_file)
            .context("the backup's cache snapshot is unusable")?;
    }
    Ok(Verified {
        manifest,
        db_file,
        cache_file,
        key_file,
        media_files,
        _scratch: scratch,
    })
}

/// Copies what is read into `copy` too.
struct Tee<'a, R> {
    inner: R,
    copy: &'a mut File,
}

impl<R: Read> Read for Tee<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.copy.write_all(&buf[..n])?;
        Ok(n)
    }
}

/// Moves `path` aside as `<name>.before-restore` (or with a time suffix
/// when that exists); `None` when there was nothing.
fn move_aside(path: &Path) -> anyhow::Result<Option<PathBuf>> {
    if !path.exists() {
        return Ok(None);
    }
    let mut aside = PathBuf::from(format!("{}.before-restore", path.display()));
    if aside.exists() {
        aside = PathBuf::from(format!("{}.before-restore-{}", path.display(), unix_secs()));
    }
    std::fs::rename(path, &aside)
        .with_context(|| format!("cannot move {} aside", path.display()))?;
    Ok(Some(aside))
}

/// Undoes [`move_aside`] after a failed restore.
fn put_back(aside: Option<&Path>, original: &Path) {
    if let Some(aside) = aside {
        let _ = std::fs::remove_file(original);
        if let Err(e) = std::fs::rename(aside, original) {
            eprintln!(
                "chloromaster: cannot move {} back to {}: {e}",
                aside.display(),
                original.display()
            );
        }
    }
}

/// Removes scratch copies a crash left in the data directory. Call only
/// while holding the database: no backup of this directory is running then.
pub fn remove_leftovers(data_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".backup-") && name.ends_with(".tmp") {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => tracing::info!(file = %name, "removed a backup's leftover scratch copy"),
                Err(e) => {
                    tracing::warn!(file = %name, error = %e, "cannot remove a backup's leftover scratch copy")
                }
            }
        }
    }
}

/// Creates the media directory afresh and moves the extracted media files
/// into it, then syncs the directories.
fn put_media(media_path: &Path, files: &[(String, PathBuf)]) -> anyhow::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    let mut dirs = vec![media_path.to_owned()];
    for sub in ["originals", "variants", "tmp"] {
        dirs.push(media_path.join(sub));
    }
    for d in &dirs {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(d)
            .with_context(|| format!("cannot create {}", d.display()))?;
    }
    let parent = media_path.parent().unwrap_or(media_path);
    for (name, extracted) in files {
        let rel = name.strip_prefix("media/").unwrap_or(name);
        let dest = media_path.join(rel);
        std::fs::rename(extracted, &dest)
            .with_context(|| format!("cannot put {name} in place at {}", dest.display()))?;
    }
    for d in dirs.iter().chain([&parent.to_owned()]) {
        if let Ok(f) = File::open(d) {
            let _ = f.sync_all();
        }
    }
    Ok(())
}

/// `chloromaster restore FILE` into `data_dir`; the appliance must be
/// stopped. Returns what to print. Blocking.
pub fn restore(data_dir: &Path, backup: &Path) -> anyhow::Result<String> {
    let db_path = data_dir.join(DB_MEMBER);
    if db_path.exists() {
        // A read-only handle is refused while a writer holds the file.
        match redb::Builder::new().open_read_only(&db_path) {
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => bail!(
                "the appliance is running and holds {}. Stop it (e.g. `systemctl stop chloromaster`), restore, and start it again",
                db_path.display()
            ),
            Ok(handle) => drop(handle),
            // Damaged current data is what a restore is for.
            Err(_) => {}
        }
    }
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(data_dir)
            .with_context(|| format!("cannot create {}", data_dir.display()))?;
    }
    let verified = verify(backup, data_dir)
        .with_context(|| format!("{} was refused; nothing was changed", backup.display()))?;
    let mut out = format!(
        "verified {} (taken {}): {}\n",
        backup.display(),
        verified.manifest.created_at,
        verified.manifest.summary()
    );
    let cache_path = data_dir.join(CACHE_MEMBER);
    let kept_db = move_aside(&db_path)?;
    // The old cache belongs to the old data (its sessions too): it goes
    // aside even when the backup has no snapshot.
    let kept_cache = match move_aside(&cache_path) {
        Ok(k) => k,
        Err(e) => {
            put_back(kept_db.as_deref(), &db_path);
            return Err(e);
        }
    };
    // The key that signed the snapshot's sessions comes with it; without
    // one in the backup, the current key stays.
    let key_path = data_dir.join(KEY_MEMBER);
    let kept_key = match &verified.key_file {
        Some(_) => match move_aside(&key_path) {
            Ok(k) => k,
            Err(e) => {
                put_back(kept_db.as_deref(), &db_path);
                put_back(kept_cache.as_deref(), &cache_path);
                return Err(e);
            }
        },
        None => None,
    };
    let put_in_place = std::fs::rename(&verified.db_file, &db_path)
        .with_context(|| format!("cannot put the database in place at {}", db_path.display()))
        .and_then(|()| match &verified.cache_file {
            Some(cache_file) => std::fs::rename(cache_file, &cache_path).with_context(|| {
                format!("cannot put the cache snapshot at {}", cache_path.display())
            }),
            None => Ok(()),
        })
        .and_then(|()| match &verified.key_file {
            Some(key_file) => std::fs::rename(key_file, &key_path)
                .with_context(|| format!("cannot put the session key at {}", key_path.display())),
            None => Ok(()),
        });
    // The media files the restored database names replace the current
    // ones (kept aside like the rest).
    let media_path = data_dir.join(crate::media::DIR);
    let mut kept_media = None;
    let put_in_place = put_in_place.and_then(|()| {
        kept_media = move_aside(&media_path)?;
        put_media(&media_path, &verified.media_files)
    });
    if let Err(e) = put_in_place {
        // Back to how it was: the previous data in its place.
        put_back(kept_db.as_deref(), &db_path);
        put_back(kept_cache.as_deref(), &cache_path);
        put_back(kept_key.as_deref(), &key_path);
        if let Some(aside) = &kept_media {
            let _ = std::fs::remove_dir_all(&media_path);
            let _ = std::fs::rename(aside, &media_path);
        }
        return Err(e);
    }
    let kept: Vec<PathBuf> = kept_db
        .into_iter()
        .chain(kept_cache)
        .chain(kept_key)
        .chain(kept_media)
        .collect();
    if let Ok(d) = File::open(data_dir) {
        let _ = d.sync_all();
    }
    out.push_str(&format!("restored into {}\n", data_dir.display()));
    for k in kept {
        out.push_str(&format!("previous data kept as {}\n", k.display()));
    }
    Ok(out)
}
