//! Turns a request for a site path into a response: path rules, SPA
//! fallback, content negotiation, conditional and range requests.

use std::sync::Arc;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};

use super::{Asset, Assets};
use crate::http::conditional;
use crate::http::negotiate::{self, Available, Coding};
use crate::http::range::{self, ByteRange};

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");
const ACCEPT_ENCODING: HeaderValue = HeaderValue::from_static("Accept-Encoding");
const BYTES: HeaderValue = HeaderValue::from_static("bytes");

/// Header fields a file's response ends up with, the edge's included.
const RESPONSE_HEADERS: usize = 20;

/// What the asset set has for a request.
pub enum Answer {
    /// A complete response: a file, a 404 or a 405.
    Done(Response),
    /// A page of the single-page site: its shell, this `index.html`, to be
    /// served with a status the caller decides ([`page`]), since only it
    /// knows whether the app has such a page (see [`super::pages`]).
    Page(Arc<Asset>),
}

/// Answers a request for `uri_path` from the current asset set.
pub fn respond(assets: &Assets, method: &Method, uri_path: &str, headers: &HeaderMap) -> Answer {
    if method != Method::GET && method != Method::HEAD {
        let mut res = plain(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed\n");
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Answer::Done(res);
    }
    let set = assets.current.load();
    let Some(path) = normalise(uri_path) else {
        return Answer::Done(not_found(&set, method));
    };
    if let Some(asset) = set.get(&path) {
        return Answer::Done(serve(asset, method, headers, StatusCode::OK));
    }
    // A directory given without its trailing slash.
    if let Some(asset) = set.get(&format!("{path}/index.html")) {
        return Answer::Done(serve(asset, method, headers, StatusCode::OK));
    }
    // A page of the single-page site: a directory-like path or a last
    // segment without an extension, and not an API path.
    let last = path.rsplit('/').next().unwrap_or(&path);
    let looks_like_page = uri_path.ends_with('/') || !last.contains('.');
    if looks_like_page
        && !path.starts_with("api/")
        && path != "api"
        && let Some(index) = set.get("index.html")
    {
        return Answer::Page(index.clone());
    }
    Answer::Done(not_found(&set, method))
}

/// The site's shell ([`Answer::Page`]) for a page, with `status` (200, or
/// 404 for a page the app does not have).
pub fn page(
    index: &Arc<Asset>,
    method: &Method,
    headers: &HeaderMap,
    status: StatusCode,
) -> Response {
    serve(index, method, headers, status)
}

/// Decodes and checks a URL path; `None` for anything that is not a plain
/// relative path inside the site (traversal, hidden files, bad encoding).
/// A path ending in `/` means its `index.html`.
fn normalise(uri_path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(uri_path)
        .decode_utf8()
        .ok()?;
    let rel = decoded.strip_prefix('/')?;
    let path = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_owned()
    };
    super::pipeline::is_servable_path(&path).then_some(path)
}

fn not_found(set: &super::AssetSet, method: &Method) -> Response {
    match set.get("404.html") {
        Some(page) => serve(page, method, &HeaderMap::new(), StatusCode::NOT_FOUND),
        None => plain(StatusCode::NOT_FOUND, "Not Found\n"),
    }
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

fn serve(asset: &Arc<Asset>, method: &Method, headers: &HeaderMap, status: StatusCode) -> Response {
    let range_header = headers
        .get(header::RANGE)
        .filter(|_| status == StatusCode::OK && method == Method::GET)
        .and_then(|v| v.to_str().ok())
        .filter(|_| conditional::if_range(headers, &asset.etag, Some(&asset.last_modified)));

    // Ranges address the identity bytes; otherwise the best encoding the
    // client accepts.
    let encoding = if range_header.is_some() {
        Coding::Identity
    } else {
        let available = Available {
            br: asset.br.is_some(),
            gzip: asset.gzip.is_some(),
        };
        negotiate::encoding(headers, available)
    };
    let (body, etag) = match encoding {
        Coding::Identity => (&asset.data, &asset.etag),
        Coding::Gzip => (asset.gzip.as_ref().unwrap_or(&asset.data), &asset.etag_gzip),
        Coding::Brotli => (asset.br.as_ref().unwrap_or(&asset.data), &asset.etag_br),
    };

    let mut res = Response::new(Body::empty());
    *res.status_mut() = status;
    // Room for these and what the edge adds (security headers, request id,
    // timing) at once, rather than growing and rehashing the map twice.
    *res.headers_mut() = HeaderMap::with_capacity(RESPONSE_HEADERS);
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, asset.content_type.clone());
    h.insert(header::ETAG, etag.clone());
    h.insert(header::LAST_MODIFIED, asset.last_modified.clone());
    h.insert(
        header::CACHE_CONTROL,
        if asset.immutable && status == StatusCode::OK {
            IMMUTABLE
        } else {
            NO_CACHE
        },
    );
    if asset.gzip.is_some() || asset.br.is_some() {
        h.insert(header::VARY, ACCEPT_ENCODING);
    }
    h.insert(header::ACCEPT_RANGES, BYTES);
    if let Some(coding) = encoding.content_encoding() {
        h.insert(header::CONTENT_ENCODING, coding);
    }

    // The selected representation's tag, under the weak comparison.
    if status == StatusCode::OK && conditional::not_modified(headers, Some(etag), Some(asset.mtime))
    {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        res.headers_mut().remove(header::CONTENT_TYPE);
        return res;
    }

    let len = body.len() as u64;
    let range = range_header.map_or(ByteRange::Full, |r| range::parse(r, len));
    if let Some(v) = range.content_range(len) {
        res.headers_mut().insert(header::CONTENT_RANGE, v);
    }
    let (status, body) = match range {
        ByteRange::Full => (status, body.clone()),
        // Both ends are within `len`, which came from `body.len()`.
        ByteRange::Partial { start, end } => (
            StatusCode::PARTIAL_CONTENT,
            body.slice(start as usize..end as usize + 1),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(normalise("/").as_deref(), Some("index.html"));
        assert_eq!(normalise("/js/app.js").as_deref(), Some("js/app.js"));
        assert_eq!(normalise("/docs/").as_deref(), Some("docs/index.html"));
        assert_eq!(normalise("/%2e%2e/etc/passwd"), None);
        assert_eq!(normalise("/..%2f..%2fetc%2fpasswd"), None);
        assert_eq!(normalise("/.env"), None);
        assert_eq!(normalise("/a/%00"), None);
        assert_eq!(normalise("/%ff"), None);
    }
}
