//! Conditional requests (RFC 9110 section 13) for `GET`/`HEAD`: one
//! implementation for static files, the response cache and downloads.
//!
//! - `If-None-Match` uses the weak comparison (13.1.2): `W/"x"` matches
//!   `"x"`; a list matches if any member does; `*` matches any current
//!   representation. When it is present, `If-Modified-Since` is not
//!   evaluated (13.2.2).
//! - `If-Modified-Since` only where the resource has a modification time
//!   (static files).
//! - `If-Range` uses the strong comparison (13.1.5): a weak tag never
//!   matches; a date matches only the exact `Last-Modified`.

use std::time::SystemTime;

use http::header::{self, HeaderMap, HeaderValue};

/// One member of an entity-tag list.
#[derive(Debug, PartialEq, Eq)]
enum Tag<'a> {
    Any,
    /// The opaque tag with its quotes (a `W/` prefix dropped: the weak
    /// comparison ignores it).
    Entity(&'a [u8]),
}

/// The members of an `If-None-Match`/`If-Match` value, in order. Parsing
/// stops at the first member that is not an entity-tag (the rest of such a
/// value cannot be read reliably, and a member that cannot be read matches
/// nothing).
fn tags(value: &[u8]) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_ascii_start();
        while let [b',', tail @ ..] = rest {
            rest = tail.trim_ascii_start();
        }
        if rest.is_empty() {
            return out;
        }
        if let [b'*', tail @ ..] = rest {
            out.push(Tag::Any);
            rest = tail;
            continue;
        }
        let quoted = match rest {
            [b'W', b'/', tail @ ..] => tail,
            _ => rest,
        };
        let [b'"', inner @ ..] = quoted else {
            return out;
        };
        let Some(close) = inner.iter().position(|b| *b == b'"') else {
            return out;
        };
        out.push(Tag::Entity(&quoted[..close + 2]));
        rest = &inner[close + 1..];
        // Anything but whitespace or a comma after a tag ends the list.
        let next = rest.trim_ascii_start();
        if !next.is_empty() && next[0] != b',' {
            return out;
        }
    }
}

/// Splits our own `ETag` value into (weak, opaque tag with quotes).
fn own(etag: &HeaderValue) -> (bool, &[u8]) {
    match etag.as_bytes() {
        [b'W', b'/', tail @ ..] => (true, tail),
        all => (false, all),
    }
}

/// `Some(true)` when `If-None-Match` is sent and matches `etag` under the
/// weak comparison (so a `GET`/`HEAD` is answered 304), `Some(false)` when
/// it is sent and does not, `None` when it is absent.
pub fn none_match(headers: &HeaderMap, etag: &HeaderValue) -> Option<bool> {
    let mut values = headers.get_all(header::IF_NONE_MATCH).iter().peekable();
    values.peek()?;
    let (_, ours) = own(etag);
    Some(values.any(|v| {
        tags(v.as_bytes()).iter().any(|t| match t {
            Tag::Any => true,
            Tag::Entity(opaque) => *opaque == ours,
        })
    }))
}

/// Whether a `GET`/`HEAD` for a representation with `etag` (and, where
/// the resource has one, modification time `modified`) is answered 304
/// (13.2.2: `If-None-Match` first, and then only it; else
/// `If-Modified-Since`).
pub fn not_modified(
    headers: &HeaderMap,
    etag: Option<&HeaderValue>,
    modified: Option<SystemTime>,
) -> bool {
    if headers.contains_key(header::IF_NONE_MATCH) {
        return etag.and_then(|e| none_match(headers, e)).unwrap_or(false);
    }
    let (Some(modified), Some(since)) = (
        modified,
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok()),
    ) else {
        return false;
    };
    modified <= since
}

/// Whether a `Range` may be honoured under `If-Range` (absent, or naming
/// this representation under the strong comparison: our strong `etag`, or
/// exactly our `last_modified`). Otherwise the client's copy is stale and
/// gets the full representation.
pub fn if_range(
    headers: &HeaderMap,
    etag: &HeaderValue,
    last_modified: Option<&HeaderValue>,
) -> bool {
    let Some(value) = headers.get(header::IF_RANGE) else {
        return true;
    };
    let value = value.as_bytes().trim_ascii();
    if value.starts_with(b"W/") {
        return false;
    }
    if value.starts_with(b"\"") {
        let (weak, ours) = own(etag);
        return !weak && value == ours;
    }
    let date = |v: &[u8]| {
        std::str::from_utf8(v)
            .ok()
            .and_then(|v| httpdate::parse_http_date(v.trim()).ok())
    };
    match (
        date(value),
        last_modified.and_then(|lm| date(lm.as_bytes())),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.append(k, HeaderValue::from_str(v).expect("value"));
        }
        m
    }

    const ETAG: HeaderValue = HeaderValue::from_static("\"abc\"");

    /// 13.1.2: weak comparison, lists, `*`.
    #[test]
    fn rfc9110_13_1_2_if_none_match_weak_comparison() {
        let inm = |v: &str| none_match(&h(&[(header::IF_NONE_MATCH, v)]), &ETAG);
        assert_eq!(none_match(&HeaderMap::new(), &ETAG), None);
        assert_eq!(inm("\"abc\""), Some(true));
        assert_eq!(inm("W/\"abc\""), Some(true), "weak matches strong");
        assert_eq!(
            none_match(
                &h(&[(header::IF_NONE_MATCH, "\"abc\"")]),
                &HeaderValue::from_static("W/\"abc\"")
            ),
            Some(true),
            "strong matches weak"
        );
        assert_eq!(inm("\"x\", W/\"abc\""), Some(true), "a list");
        assert_eq!(inm("\"x\",,\"abc\""), Some(true), "empty list members");
        assert_eq!(inm("*"), Some(true));
        assert_eq!(inm("\"abcd\""), Some(false));
        assert_eq!(
            inm("\"ABC\""),
            Some(false),
            "opaque tags are case-sensitive"
        );
        assert_eq!(inm("abc"), Some(false), "an unquoted tag is not a tag");
        assert_eq!(inm("w/\"abc\""), Some(false), "W/ is case-sensitive");
        assert_eq!(inm("\"a,b\", \"abc\""), Some(true), "commas inside a tag");
        // Several header lines form one list.
        let two = h(&[
            (header::IF_NONE_MATCH, "\"x\""),
            (header::IF_NONE_MATCH, "\"abc\""),
        ]);
        assert_eq!(none_match(&two, &ETAG), Some(true));
    }

    /// 13.2.2: If-None-Match, when present, decides alone.
    #[test]
    fn rfc9110_13_2_2_precedence() {
        let modified = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").expect("date");
        let later = "Thu, 22 Oct 2015 07:28:00 GMT";
        let earlier = "Tue, 20 Oct 2015 07:28:00 GMT";
        let ims = |v: &str| h(&[(header::IF_MODIFIED_SINCE, v)]);
        assert!(not_modified(&ims(later), Some(&ETAG), Some(modified)));
        assert!(not_modified(
            &ims("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(&ETAG),
            Some(modified)
        ));
        assert!(!not_modified(&ims(earlier), Some(&ETAG), Some(modified)));
        assert!(!not_modified(
            &ims("yesterday"),
            Some(&ETAG),
            Some(modified)
        ));
        assert!(
            !not_modified(&ims(later), Some(&ETAG), None),
            "no date, no IMS"
        );
        let both = h(&[
            (header::IF_NONE_MATCH, "\"stale\""),
            (header::IF_MODIFIED_SINCE, later),
        ]);
        assert!(!not_modified(&both, Some(&ETAG), Some(modified)));
        let both = h(&[
            (header::IF_NONE_MATCH, "\"abc\""),
            (header::IF_MODIFIED_SINCE, earlier),
        ]);
        assert!(not_modified(&both, Some(&ETAG), Some(modified)));
        assert!(!not_modified(
            &HeaderMap::new(),
            Some(&ETAG),
            Some(modified)
        ));
    }

    /// 13.1.5: If-Range uses the strong comparison.
    #[test]
    fn rfc9110_13_1_5_if_range_strong_comparison() {
        let lm = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        let ir = |v: &str| if_range(&h(&[(header::IF_RANGE, v)]), &ETAG, Some(&lm));
        assert!(if_range(&HeaderMap::new(), &ETAG, None));
        assert!(ir("\"abc\""));
        assert!(!ir("W/\"abc\""), "a weak tag never matches");
        assert!(!ir("\"other\""));
        assert!(ir("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert!(!ir("Thu, 22 Oct 2015 07:28:00 GMT"), "only the exact date");
        assert!(!ir("garbage"));
        let weak_ours = HeaderValue::from_static("W/\"abc\"");
        assert!(!if_range(
            &h(&[(header::IF_RANGE, "\"abc\"")]),
            &weak_ours,
            None
        ));
    }
}
