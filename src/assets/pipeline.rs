//! Turns a tree of site files into what the asset server serves: content
//! hashes, fingerprinted aliases for JS/CSS, HTML rewritten to reference
//! those aliases, and gzip/brotli variants.
//!
//! This file is compiled twice: by `build.rs` for the embedded site (so the
//! binary starts with everything precomputed) and into the appliance for
//! `CHLORO_ASSETS_DIR`. It therefore uses only `std`, `sha2`, `flate2` and
//! `brotli`, which are both normal and build dependencies.

use std::collections::BTreeMap;
use std::io::Write;

/// One file of the site before processing.
pub struct SourceFile {
    /// URL path without the leading slash, `/`-separated (`js/app.js`).
    pub path: String,
    pub data: Vec<u8>,
    /// Modification time, seconds since the epoch.
    pub mtime: u64,
}

/// One servable file after processing.
pub struct Processed {
    pub path: String,
    pub data: Vec<u8>,
    pub gzip: Option<Vec<u8>>,
    pub br: Option<Vec<u8>>,
    /// Hex content hash of `data`; the strong ETag is derived from it.
    pub hash: String,
    pub content_type: &'static str,
    /// Fingerprinted: the URL changes whenever the content does, so browsers
    /// may keep it forever.
    pub immutable: bool,
    pub mtime: u64,
}

/// How hard to compress. Build time can afford the best ratio; a directory
/// loaded at start or on SIGHUP uses settings that keep reloads quick.
#[derive(Clone, Copy)]
pub enum Effort {
    /// `build.rs` compiles this file too and uses it for the embedded site.
    #[allow(dead_code)]
    Max,
    Fast,
}

/// Files smaller than this are sent as they are: the framing overhead of a
/// compressed body eats the saving.
const MIN_COMPRESS: usize = 256;

/// Length of the hash in fingerprinted names (`app.3f2a1b9c0d.js`).
const FINGERPRINT_LEN: usize = 10;

pub fn process(mut files: Vec<SourceFile>, effort: Effort) -> Vec<Processed> {
    let aliases = fingerprint(&mut files);

    let mut out = Vec::with_capacity(files.len() + aliases.len());
    for f in files {
        let content_type = content_type(&f.path);
        let data = if content_type.starts_with("text/html") {
            rewrite_references(f.data, &aliases)
        } else {
            f.data
        };
        let hash = hash_hex(&data);
        let (gzip, br) = if is_compressible(content_type) && data.len() >= MIN_COMPRESS {
            (
                worth_it(&data, gzip(&data, effort)),
                worth_it(&data, brotli(&data, effort)),
            )
        } else {
            (None, None)
        };
        let immutable = looks_fingerprinted(&f.path);
        if let Some(alias) = aliases.get(&f.path) {
            out.push(Processed {
                path: alias.clone(),
                data: data.clone(),
                gzip: gzip.clone(),
                br: br.clone(),
                hash: hash.clone(),
                content_type,
                immutable: true,
                mtime: f.mtime,
            });
        }
        out.push(Processed {
            path: f.path,
            data,
            gzip,
            br,
            hash,
            content_type,
            immutable,
            mtime: f.mtime,
        });
    }
    out
}

/// Gives scripts and stylesheets that are not already fingerprinted by
/// whatever built them (a React or Vite build is) a fingerprinted alias, and
/// rewrites the references they make to each other (`import('/js/admin.js')`,
/// a stylesheet a script adds) to those aliases. A file's fingerprint is
/// taken after its own references are rewritten, so files are resolved
/// leaves first: a changed module changes the name of every module that
/// loads it. A reference cycle cannot be ordered; its files keep the plain
/// names of each other (served `no-cache`, so still never stale).
fn fingerprint(files: &mut [SourceFile]) -> BTreeMap<String, String> {
    let candidates: Vec<usize> = (0..files.len())
        .filter(|&i| is_fingerprintable(&files[i].path) && !looks_fingerprinted(&files[i].path))
        .collect();
    let names: Vec<String> = candidates.iter().map(|&i| files[i].path.clone()).collect();
    // Which other candidates each candidate refers to.
    let deps: Vec<Vec<String>> = candidates
        .iter()
        .map(|&i| {
            let text = String::from_utf8_lossy(&files[i].data);
            names
                .iter()
                .filter(|n| **n != files[i].path && refers_to(&text, n))
                .cloned()
                .collect()
        })
        .collect();
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    let mut pending: Vec<usize> = (0..candidates.len()).collect();
    while !pending.is_empty() {
        let ready: Vec<usize> = pending
            .iter()
            .copied()
            .filter(|&k| deps[k].iter().all(|d| aliases.contains_key(d)))
            .collect();
        // Nothing ready: a cycle. Resolve what is left with what is known.
        let batch = if ready.is_empty() {
            pending.clone()
        } else {
            ready
        };
        let mut resolved = Vec::with_capacity(batch.len());
        for &k in &batch {
            let f = &mut files[candidates[k]];
            if !deps[k].is_empty() {
                f.data = rewrite_references(std::mem::take(&mut f.data), &aliases);
            }
            let hash = &hash_hex(&f.data)[..FINGERPRINT_LEN];
            resolved.push((f.path.clone(), fingerprinted_name(&f.path, hash)));
        }
        aliases.extend(resolved);
        pending.retain(|k| !batch.contains(k));
    }
    aliases
}

fn refers_to(text: &str, path: &str) -> bool {
    ['"', '\'']
        .iter()
        .any(|q| text.contains(&format!("{q}/{path}{q}")))
}

/// Replaces quoted absolute references (`"/app.css"`, `'/js/app.js'`) to
/// fingerprinted files with their fingerprinted names.
///
/// Works on bytes, not text: a page saved in another ASCII-compatible
/// encoding (Latin-1, Windows-1256) keeps every byte it has and still gets
/// its references rewritten; any other byte sequence is left as it is. A file
/// is never dropped or emptied because it is not UTF-8.
fn rewrite_references(mut data: Vec<u8>, aliases: &BTreeMap<String, String>) -> Vec<u8> {
    for (original, alias) in aliases {
        for quote in ['"', '\''] {
            let from = format!("{quote}/{original}{quote}");
            let to = format!("{quote}/{alias}{quote}");
            data = replace_bytes(data, from.as_bytes(), to.as_bytes());
        }
    }
    data
}

/// `hay` with every non-overlapping `from` replaced by `to`.
fn replace_bytes(hay: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() || !hay.windows(from.len()).any(|w| w == from) {
        return hay;
    }
    let mut out = Vec::with_capacity(hay.len() + to.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

fn is_fingerprintable(path: &str) -> bool {
    matches!(extension(path), Some("js" | "mjs" | "css"))
}

/// A name carries a content hash when one of its dot- or dash-separated parts
/// is 8 or more hex digits (ours, Create React App) or exactly 8 characters of
/// mixed letters and digits (Vite). Such URLs change with the content.
pub fn looks_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    stem.split(['.', '-']).skip(1).any(|part| {
        let hex = part.len() >= 8 && part.chars().all(|c| c.is_ascii_hexdigit());
        let hex = hex && part.chars().any(|c| c.is_ascii_digit());
        let vite = part.len() == 8
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && part.chars().any(|c| c.is_ascii_digit())
            && part.chars().any(|c| c.is_ascii_uppercase());
        hex || vite
    })
}

pub fn fingerprinted_name(path: &str, hash: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{hash}.{ext}"),
        _ => format!("{path}.{hash}"),
    }
}

fn extension(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?;
    name.rsplit_once('.').map(|(_, ext)| ext)
}

pub fn content_type(path: &str) -> &'static str {
    let ext = extension(path).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("pdf") => "application/pdf",
        Some("wasm") => "application/wasm",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        _ => "application/octet-stream",
    }
}

/// Text-like types compress well; images, fonts (woff/woff2 are compressed
/// already), PDFs and video do not.
fn is_compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || matches!(
            content_type,
            "application/json"
                | "application/manifest+json"
                | "application/xml"
                | "image/svg+xml"
                | "image/x-icon"
                | "application/wasm"
                | "font/ttf"
                | "font/otf"
        )
}

/// Keeps a compressed variant only if it saves at least a tenth.
fn worth_it(original: &[u8], compressed: Vec<u8>) -> Option<Vec<u8>> {
    (compressed.len() * 10 < original.len() * 9).then_some(compressed)
}

pub fn gzip(data: &[u8], effort: Effort) -> Vec<u8> {
    let level = match effort {
        Effort::Max => flate2::Compression::best(),
        Effort::Fast => flate2::Compression::new(6),
    };
    // The gzip header carries no timestamp or name here, so the output
    // depends only on the input (reproducible builds).
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), level);
    if enc.write_all(data).is_err() {
        return Vec::new();
    }
    enc.finish().unwrap_or_default()
}

pub fn brotli(data: &[u8], effort: Effort) -> Vec<u8> {
    let quality = match effort {
        Effort::Max => 11,
        Effort::Fast => 6,
    };
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        ..Default::default()
    };
    if brotli::BrotliCompress(&mut &data[..], &mut out, &params).is_err() {
        return Vec::new();
    }
    out
}

pub fn hash_hex(data: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(data);
    let mut s = String::with_capacity(32);
    for b in &digest[..16] {
        s.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        s.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    s
}

/// Whether a relative path may be served: no hidden files or directories, no
/// `..`, nothing odd. Used both when collecting files and for URLs.
pub fn is_servable_path(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|seg| {
            !seg.is_empty()
                && !seg.starts_with('.')
                && !seg.contains(['\\', '\0'])
                && !seg.chars().any(char::is_control)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_fingerprints() {
        assert!(looks_fingerprinted("static/js/main.3f2a1b9c.js"));
        assert!(looks_fingerprinted("assets/index-BdX3k9aQ.js"));
        assert!(looks_fingerprinted("app.0123456789.css"));
        assert!(!looks_fingerprinted("app.js"));
        assert!(!looks_fingerprinted("jquery-3.7.1.min.js"));
        assert!(!looks_fingerprinted("bootstrap.bundle.js"));
        assert!(!looks_fingerprinted("deadbeef.js"));
    }

    #[test]
    fn html_references_get_fingerprinted_names() {
        let files = vec![
            SourceFile {
                path: "index.html".into(),
                data: b"<link href=\"/app.css\"><script src='/js/app.js'></script>".to_vec(),
                mtime: 0,
            },
            SourceFile {
                path: "app.css".into(),
                data: b"body{}".to_vec(),
                mtime: 0,
            },
            SourceFile {
                path: "js/app.js".into(),
                data: b"1".to_vec(),
                mtime: 0,
            },
        ];
        let out = process(files, Effort::Fast);
        let html = out.iter().find(|p| p.path == "index.html").expect("html");
        let html = String::from_utf8(html.data.clone()).expect("utf8");
        let css = out
            .iter()
            .find(|p| p.path.starts_with("app.") && p.path != "app.css")
            .expect("css alias");
        assert!(css.immutable);
        assert!(html.contains(&format!("\"/{}\"", css.path)), "{html}");
        assert!(html.contains("'/js/app."), "{html}");
        assert!(!html.contains("'/js/app.js'"), "{html}");
        let plain = out.iter().find(|p| p.path == "app.css").expect("original");
        assert!(!plain.immutable);
    }

    #[test]
    fn modules_loaded_by_scripts_are_fingerprinted_leaves_first() {
        let file = |path: &str, data: &str| SourceFile {
            path: path.into(),
            data: data.as_bytes().to_vec(),
            mtime: 0,
        };
        let build = |admin: &str| {
            process(
                vec![
                    file("index.html", "<script src=\"/js/app.js\"></script>"),
                    file("js/app.js", "const m = () => import('/js/admin.js');"),
                    file("js/admin.js", admin),
                    file("css/admin.css", "main{}"),
                ],
                Effort::Fast,
            )
        };
        let out = build("link('/css/admin.css')");
        let alias = |out: &[Processed], stem: &str, ext: &str| {
            out.iter()
                .find(|p| p.immutable && p.path.starts_with(stem) && p.path.ends_with(ext))
                .map(|p| {
                    (
                        p.path.clone(),
                        String::from_utf8_lossy(&p.data).into_owned(),
                    )
                })
                .expect("alias")
        };
        let (css, _) = alias(&out, "css/admin.", ".css");
        let (admin, admin_text) = alias(&out, "js/admin.", ".js");
        let (app, app_text) = alias(&out, "js/app.", ".js");
        assert!(admin_text.contains(&format!("'/{css}'")), "{admin_text}");
        assert!(app_text.contains(&format!("'/{admin}'")), "{app_text}");
        let html = out.iter().find(|p| p.path == "index.html").expect("html");
        assert!(String::from_utf8_lossy(&html.data).contains(&format!("\"/{app}\"")));
        // A change in the leaf renames every file that loads it.
        let changed = build("link('/css/admin.css'); 1");
        let (app2, _) = alias(&changed, "js/app.", ".js");
        assert_ne!(app, app2);
        // A cycle still terminates.
        let cycle = process(
            vec![
                file("a.js", "import('/b.js')"),
                file("b.js", "import('/a.js')"),
            ],
            Effort::Fast,
        );
        assert_eq!(cycle.len(), 4);
    }

    #[test]
    fn html_that_is_not_utf8_is_served_byte_for_byte_with_references_rewritten() {
        // Latin-1 "é" (0xE9) and Windows-1256 Arabic letters (0xC7 0xE1):
        // not UTF-8. Such a page used to come out empty.
        let mut page = b"<meta charset=windows-1256><h1>\xE9\xC7\xE1</h1>".to_vec();
        page.extend_from_slice(b"<link href=\"/app.css\">");
        assert!(String::from_utf8(page.clone()).is_err());
        let files = vec![
            SourceFile {
                path: "index.html".into(),
                data: page.clone(),
                mtime: 0,
            },
            SourceFile {
                path: "app.css".into(),
                data: b"body{}".to_vec(),
                mtime: 0,
            },
        ];
        let out = process(files, Effort::Fast);
        let css = out
            .iter()
            .find(|p| p.immutable && p.path.starts_with("app."))
            .expect("css alias");
        let html = out.iter().find(|p| p.path == "index.html").expect("html");
        let want = replace_bytes(
            page,
            b"\"/app.css\"",
            format!("\"/{}\"", css.path).as_bytes(),
        );
        assert!(want.windows(3).any(|w| w == b"\xE9\xC7\xE1"));
        assert_ne!(html.data, b"".to_vec());
        assert_eq!(html.data, want);
        // A page in an encoding that is not ASCII-compatible (UTF-16) is
        // served unchanged.
        let utf16: Vec<u8> = "<p>\u{645}</p>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let out = process(
            vec![SourceFile {
                path: "u.html".into(),
                data: utf16.clone(),
                mtime: 0,
            }],
            Effort::Fast,
        );
        assert_eq!(out[0].data, utf16);
    }

    #[test]
    fn servable_paths() {
        assert!(is_servable_path("index.html"));
        assert!(is_servable_path("static/js/main.js"));
        assert!(!is_servable_path("../etc/passwd"));
        assert!(!is_servable_path(".env"));
        assert!(!is_servable_path("a/.git/config"));
        assert!(!is_servable_path("a//b"));
        assert!(!is_servable_path("a\\b"));
    }
}
