//! Turns a request for a site path into a response: path rules, SPA
//! fallback, content negotiation, conditional and range requests.

use std::sync::Arc;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};

use super::range::{self, ByteRange};
use super::{Asset, Assets};

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");
const ACCEPT_ENCODING: HeaderValue = HeaderValue::from_static("Accept-Encoding");
const BYTES: HeaderValue = HeaderValue::from_static("bytes");
const BR: HeaderValue = HeaderValue::from_static("br");
const GZIP: HeaderValue = HeaderValue::from_static("gzip");

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

#[derive(Clone, Copy)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

fn serve(asset: &Arc<Asset>, method: &Method, headers: &HeaderMap, status: StatusCode) -> Response {
    let range_header = headers
        .get(header::RANGE)
        .filter(|_| status == StatusCode::OK && method == Method::GET)
        .and_then(|v| v.to_str().ok())
        .filter(|_| if_range_matches(asset, headers));

    // Ranges address the identity bytes; otherwise the best encoding the
    // client accepts.
    let encoding = if range_header.is_some() {
        Encoding::Identity
    } else {
        let (br_ok, gzip_ok) = accepted_encodings(headers);
        match (&asset.br, &asset.gzip) {
            (Some(_), _) if br_ok => Encoding::Brotli,
            (_, Some(_)) if gzip_ok => Encoding::Gzip,
            _ => Encoding::Identity,
        }
    };
    let (body, etag) = match encoding {
        Encoding::Identity => (&asset.data, &asset.etag),
        Encoding::Gzip => (asset.gzip.as_ref().unwrap_or(&asset.data), &asset.etag_gzip),
        Encoding::Brotli => (asset.br.as_ref().unwrap_or(&asset.data), &asset.etag_br),
    };

    let mut res = Response::new(Body::empty());
    *res.status_mut() = status;
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
    match encoding {
        Encoding::Gzip => {
            h.insert(header::CONTENT_ENCODING, GZIP);
        }
        Encoding::Brotli => {
            h.insert(header::CONTENT_ENCODING, BR);
        }
        Encoding::Identity => {}
    }

    if status == StatusCode::OK && not_modified(asset, headers) {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        res.headers_mut().remove(header::CONTENT_TYPE);
        return res;
    }

    let len = body.len() as u64;
    let (status, body) = match range_header.map(|r| range::parse(r, len)) {
        None | Some(ByteRange::Whole) => (status, body.clone()),
        Some(ByteRange::Partial(start, end)) => {
            let content_range = format!("bytes {start}-{end}/{len}");
            if let Ok(v) = HeaderValue::from_str(&content_range) {
                res.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            // Both ends are within `len`, which came from `body.len()`.
            let (s, e) = (start as usize, end as usize + 1);
            (StatusCode::PARTIAL_CONTENT, body.slice(s..e))
        }
        Some(ByteRange::Unsatisfiable) => {
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                res.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            (StatusCode::RANGE_NOT_SATISFIABLE, Bytes::new())
        }
    };
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    if method != Method::HEAD {
        *res.body_mut() = Body::from(body);
    }
    res
}

/// `If-None-Match` (weak comparison, any of our encodings' tags) wins over
/// `If-Modified-Since`, as RFC 9110 orders them.
fn not_modified(asset: &Asset, headers: &HeaderMap) -> bool {
    if let Some(inm) = headers.get(header::IF_NONE_MATCH) {
        let Ok(inm) = inm.to_str() else { return false };
        return inm.split(',').map(str::trim).any(|tag| {
            if tag == "*" {
                return true;
            }
            let tag = tag.strip_prefix("W/").unwrap_or(tag).trim_matches('"');
            let base = tag
                .strip_suffix("-gz")
                .or_else(|| tag.strip_suffix("-br"))
                .unwrap_or(tag);
            base == &*asset.hash
        });
    }
    if let Some(ims) = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
    {
        return asset.mtime <= ims;
    }
    false
}

/// `If-Range` with our strong ETag (or the exact date) keeps the range;
/// anything else means the client's copy is stale and gets the whole file.
fn if_range_matches(asset: &Asset, headers: &HeaderMap) -> bool {
    match headers.get(header::IF_RANGE) {
        None => true,
        Some(v) => v == asset.etag || v == asset.last_modified,
    }
}

/// Which of brotli and gzip the client accepts, honouring `q=0` and `*`.
fn accepted_encodings(headers: &HeaderMap) -> (bool, bool) {
    let mut br = None;
    let mut gzip = None;
    let mut star = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let acceptable = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .all(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0));
            if name.eq_ignore_ascii_case("br") {
                br = Some(acceptable);
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                gzip = Some(acceptable);
            } else if name == "*" {
                star = Some(acceptable);
            }
        }
    }
    let star = star.unwrap_or(false);
    (br.unwrap_or(star), gzip.unwrap_or(star))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ae(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, v.parse().expect("header"));
        h
    }

    #[test]
    fn negotiation() {
        assert_eq!(accepted_encodings(&HeaderMap::new()), (false, false));
        assert_eq!(accepted_encodings(&ae("gzip, deflate, br")), (true, true));
        assert_eq!(accepted_encodings(&ae("gzip")), (false, true));
        assert_eq!(accepted_encodings(&ae("br;q=0, gzip;q=0.5")), (false, true));
        assert_eq!(accepted_encodings(&ae("*")), (true, true));
        assert_eq!(accepted_encodings(&ae("*, br;q=0")), (false, true));
        assert_eq!(accepted_encodings(&ae("identity")), (false, false));
    }

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
