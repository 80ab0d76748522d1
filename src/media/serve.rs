//! `GET /media/<sha256>.<ext>`: the variants, served like the embedded
//! assets — immutable (the name is the content's hash), strong ETag,
//! `If-None-Match`, `Range`/`If-Range` through the shared rules of
//! `crate::http`. Images are already compressed, so there is no
//! negotiation of a content coding. Recently served files stay in memory
//! (at most [`CACHE_BYTES`]).

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};

use super::MediaStore;
use crate::http::conditional;
use crate::http::range::{self, ByteRange};

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const BYTES: HeaderValue = HeaderValue::from_static("bytes");

/// Memory kept for served variants.
pub const CACHE_BYTES: u64 = 32 << 20;

#[derive(Clone)]
struct Weigh;

impl quick_cache::Weighter<[u8; 32], Served> for Weigh {
    fn weight(&self, _: &[u8; 32], v: &Served) -> u64 {
        v.body.len() as u64 + 64
    }
}

/// A file ready to serve.
#[derive(Clone)]
struct Served {
    body: Bytes,
    etag: HeaderValue,
}

pub struct Cache(quick_cache::sync::Cache<[u8; 32], Served, Weigh>);

impl Cache {
    pub fn new() -> Self {
        Self(quick_cache::sync::Cache::with_weighter(
            1024,
            CACHE_BYTES,
            Weigh,
        ))
    }

    pub fn forget(&self, hash: &[u8; 32]) {
        self.0.remove(hash);
    }
}

/// The hash and extension of a `/media/…` path, if it names a variant.
fn parse(path: &str) -> Option<([u8; 32], &'static str, &'static str)> {
    let name = path.strip_prefix("/media/")?;
    let (hex, ext) = name.split_once('.')?;
    let (ext, mime) = match ext {
        "jpg" => ("jpg", "image/jpeg"),
        "png" => ("png", "image/png"),
        "webp" => ("webp", "image/webp"),
        "avif" => ("avif", "image/avif"),
        _ => return None,
    };
    if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let bytes = crate::http::hex::decode(hex.as_bytes())?;
    Some((bytes.try_into().ok()?, ext, mime))
}

impl MediaStore {
    /// Answers a request under `/media/`.
    pub async fn respond(&self, method: &Method, path: &str, headers: &HeaderMap) -> Response {
        if method != Method::GET && method != Method::HEAD {
            let mut res = plain(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed\n");
            res.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return res;
        }
        let Some((hash, ext, mime)) = parse(path) else {
            return plain(StatusCode::NOT_FOUND, "Not Found\n");
        };
        let served = match self.served.0.get(&hash) {
            Some(s) => s,
            None => match tokio::fs::read(self.variant_path(&hash, ext)).await {
                Ok(body) => {
                    let s = Served {
                        body: Bytes::from(body),
                        etag: HeaderValue::from_str(&format!(
                            "\"{}\"",
                            crate::http::hex::encode(&hash)
                        ))
                        .unwrap_or(HeaderValue::from_static("\"\"")),
                    };
                    self.served.0.insert(hash, s.clone());
                    s
                }
                Err(_) => return plain(StatusCode::NOT_FOUND, "Not Found\n"),
            },
        };
        answer(&served, mime, method, headers)
    }
}

fn answer(served: &Served, mime: &'static str, method: &Method, headers: &HeaderMap) -> Response {
    let mut res = Response::new(Body::empty());
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::ETAG, served.etag.clone());
    h.insert(header::CACHE_CONTROL, IMMUTABLE);
    h.insert(header::ACCEPT_RANGES, BYTES);
    if conditional::not_modified(headers, Some(&served.etag), None) {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        res.headers_mut().remove(header::CONTENT_TYPE);
        return res;
    }
    let len = served.body.len() as u64;
    let range = headers
        .get(header::RANGE)
        .filter(|_| method == Method::GET)
        .and_then(|v| v.to_str().ok())
        .filter(|_| conditional::if_range(headers, &served.etag, None))
        .map_or(ByteRange::Full, |r| range::parse(r, len));
    if let Some(v) = range.content_range(len) {
        res.headers_mut().insert(header::CONTENT_RANGE, v);
    }
    let (status, body) = match range {
        ByteRange::Full => (StatusCode::OK, served.body.clone()),
        // Both ends are within `len`.
        ByteRange::Partial { start, end } => (
            StatusCode::PARTIAL_CONTENT,
            served.body.slice(start as usize..end as usize + 1),
        ),
        ByteRange::Unsatisfiable => (StatusCode::RANGE_NOT_SATISFIABLE, Bytes::new()),
    };
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    if method != Method::HEAD {
        *res.body_mut() = Body::from(body);
    }
    res
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut res = Response::new(Body::from(text));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_paths() {
        let hex = "ab".repeat(32);
        assert!(parse(&format!("/media/{hex}.jpg")).is_some());
        assert!(parse(&format!("/media/{hex}.exe")).is_none());
        assert!(parse(&format!("/media/{}.jpg", "AB".repeat(32))).is_none());
        assert!(parse("/media/../../etc/passwd.jpg").is_none());
        assert!(parse(&format!("/media/{hex}.jpg.jpg")).is_none());
    }
}
