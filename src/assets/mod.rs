//! The static asset server: the embedded site (or `CHLORO_ASSETS_DIR`), held
//! in memory with precomputed compressed variants, served with strong ETags,
//! conditional requests, single ranges, a cache policy that keeps browsers
//! from ever running stale JS/CSS, and a fallback to `index.html` for pages
//! of the single-page site.
//!
//! Requests never touch the file system: a directory is read whole at start
//! and on reload, so no URL can reach a file outside the asset root.

pub mod pages;
pub mod pipeline;
mod respond;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwap;
use bytes::Bytes;
use http::HeaderValue;

pub use respond::{Answer, page, respond};

/// A file as `build.rs` embeds it.
pub(crate) struct EmbeddedFile {
    path: &'static str,
    data: &'static [u8],
    gzip: Option<&'static [u8]>,
    br: Option<&'static [u8]>,
    hash: &'static str,
    content_type: &'static str,
    immutable: bool,
    mtime: u64,
}

include!(concat!(env!("OUT_DIR"), "/embedded_assets.rs"));

/// One servable file with its header values computed once.
pub struct Asset {
    data: Bytes,
    gzip: Option<Bytes>,
    br: Option<Bytes>,
    etag: HeaderValue,
    etag_gzip: HeaderValue,
    etag_br: HeaderValue,
    content_type: HeaderValue,
    last_modified: HeaderValue,
    mtime: SystemTime,
    immutable: bool,
}

impl Asset {
    #[allow(clippy::too_many_arguments)]
    fn new(
        data: Bytes,
        gzip: Option<Bytes>,
        br: Option<Bytes>,
        hash: &str,
        content_type: &'static str,
        immutable: bool,
        mtime: u64,
    ) -> Self {
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{hash}{suffix}\""))
                .unwrap_or(HeaderValue::from_static("\"x\""))
        };
        let mtime = UNIX_EPOCH + Duration::from_secs(mtime);
        Asset {
            data,
            gzip,
            br,
            etag: etag(""),
            etag_gzip: etag("-gz"),
            etag_br: etag("-br"),
            content_type: HeaderValue::from_static(content_type),
            last_modified: HeaderValue::from_str(&httpdate::fmt_http_date(mtime))
                .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT")),
            mtime,
            immutable,
        }
    }
}

/// A complete, immutable set of files. Reloads swap in a new set atomically,
/// so a request sees either the old site or the new one, never a mix.
pub struct AssetSet {
    files: HashMap<Box<str>, Arc<Asset>>,
}

impl AssetSet {
    fn embedded() -> Self {
        let files = EMBEDDED
            .iter()
            .map(|f| {
                let asset = Asset::new(
                    Bytes::from_static(f.data),
                    f.gzip.map(Bytes::from_static),
                    f.br.map(Bytes::from_static),
                    f.hash,
                    f.content_type,
                    f.immutable,
                    f.mtime,
                );
                (f.path.into(), Arc::new(asset))
            })
            .collect();
        AssetSet { files }
    }

    fn from_dir(dir: &Path) -> std::io::Result<Self> {
        let mut sources = Vec::new();
        let mut total = 0u64;
        collect_dir(dir, dir, &mut sources, &mut total)?;
        let files = pipeline::process(sources, pipeline::Effort::Fast)
            .into_iter()
            .map(|p| {
                let asset = Asset::new(
                    Bytes::from(p.data),
                    p.gzip.map(Bytes::from),
                    p.br.map(Bytes::from),
                    &p.hash,
                    p.content_type,
                    p.immutable,
                    p.mtime,
                );
                (p.path.into_boxed_str(), Arc::new(asset))
            })
            .collect();
        Ok(AssetSet { files })
    }

    pub fn get(&self, path: &str) -> Option<&Arc<Asset>> {
        self.files.get(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }
}

/// Length of the hash in fingerprinted names (as `pipeline.rs` makes them).
const FINGERPRINT_LEN: usize = 10;

/// Everything a directory may hold in memory; a larger tree is refused
/// rather than exhausting the service's memory limit.
const MAX_DIR_BYTES: u64 = 512 << 20;

fn collect_dir(
    root: &Path,
    dir: &Path,
    out: &mut Vec<pipeline::SourceFile>,
    total: &mut u64,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !pipeline::is_servable_path(&rel) {
            continue;
        }
        // Symlinks are followed only if they stay inside the root.
        let meta = std::fs::metadata(&path)?;
        if entry.file_type()?.is_symlink() {
            let target = std::fs::canonicalize(&path)?;
            if !target.starts_with(std::fs::canonicalize(root)?) {
                continue;
            }
        }
        if meta.is_dir() {
            collect_dir(root, &path, out, total)?;
        } else if meta.is_file() {
            *total += meta.len();
            if *total > MAX_DIR_BYTES {
                return Err(std::io::Error::other(format!(
                    "{} holds more than {} MB of files",
                    root.display(),
                    MAX_DIR_BYTES >> 20
                )));
            }
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            out.push(pipeline::SourceFile {
                path: rel,
                data: std::fs::read(&path)?,
                mtime,
            });
        }
    }
    Ok(())
}

/// The site being served, swappable at run time (SIGHUP re-reads a directory).
pub struct Assets {
    current: ArcSwap<AssetSet>,
    dir: Option<PathBuf>,
}

impl Assets {
    /// The site compiled into the binary.
    pub fn embedded() -> Self {
        Assets {
            current: ArcSwap::from_pointee(AssetSet::embedded()),
            dir: None,
        }
    }

    /// Whether this is the site compiled into the binary, whose app's pages
    /// [`pages`] knows; an operator's directory holds some other app, whose
    /// every page-like path gets its `index.html`.
    pub fn is_embedded(&self) -> bool {
        self.dir.is_none()
    }

    /// The site in a directory, read whole now and again on [`Assets::reload`].
    pub fn from_dir(dir: &Path) -> std::io::Result<Self> {
        Ok(Assets {
            current: ArcSwap::from_pointee(AssetSet::from_dir(dir)?),
            dir: Some(dir.to_owned()),
        })
    }

    /// Re-reads the directory, if serving one. On error the old site stays.
    /// Returns the number of files now served.
    pub fn reload(&self) -> std::io::Result<usize> {
        if let Some(dir) = &self.dir {
            let set = AssetSet::from_dir(dir)?;
            self.current.store(Arc::new(set));
        }
        Ok(self.current.load().len())
    }

    /// The URL a page references `path` by (`js/app.js`): its
    /// fingerprinted, immutable alias when the set has one (as
    /// `pipeline.rs` rewrites `index.html`), else the plain path.
    pub fn url(&self, path: &str) -> String {
        let set = self.current.load();
        let alias = set.get(path).and_then(|asset| {
            let hash = asset.etag.to_str().ok()?.trim_matches('"');
            let alias = pipeline::fingerprinted_name(path, hash.get(..FINGERPRINT_LEN)?);
            set.get(&alias).map(|_| alias)
        });
        format!("/{}", alias.as_deref().unwrap_or(path))
    }

    pub fn source(&self) -> String {
        match &self.dir {
            Some(d) => d.display().to_string(),
            None => "embedded".into(),
        }
    }
}
