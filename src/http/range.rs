//! `Range: bytes=…` (RFC 9110 section 14), one rule for every resource that
//! accepts ranges (static files, datasheet PDFs).
//!
//! - One satisfiable range is served as a 206 with `Content-Range`.
//! - `bytes=N-` runs to the end, `bytes=-N` is the last N bytes (all of a
//!   shorter representation), a last position past the end is clamped.
//! - A header that is not a valid `bytes` ranges-specifier (another unit,
//!   a sign such as `+5`, a non-digit, `last < first`, nothing after `=`)
//!   is ignored: the full 200, as 14.2 requires of an unknown or invalid
//!   Range.
//! - A valid set of which no range is satisfiable (every first position at
//!   or past the end, or a suffix of zero) is a 416 with
//!   `Content-Range: bytes */len` (15.5.17).
//! - Several ranges, with at least one satisfiable, are answered with the
//!   full representation (200): 14.2 lets a server ignore `Range`, and no
//!   client here needs `multipart/byteranges`.

use http::HeaderValue;

/// What to answer a `Range` header with, for a representation of `len`
/// bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// The full representation, 200.
    Full,
    /// 206 with bytes `start..=end` (both within the representation).
    Partial { start: u64, end: u64 },
    /// 416 with `Content-Range: bytes */len`.
    Unsatisfiable,
}

impl ByteRange {
    /// The `Content-Range` of a 206 or 416 for a representation of `len`
    /// bytes; `None` for [`ByteRange::Full`].
    pub fn content_range(self, len: u64) -> Option<HeaderValue> {
        match self {
            ByteRange::Full => None,
            ByteRange::Partial { start, end } => Some(format!("bytes {start}-{end}/{len}")),
            ByteRange::Unsatisfiable => Some(format!("bytes */{len}")),
        }
        .and_then(|v| HeaderValue::from_str(&v).ok())
    }
}

/// One range-spec of the set.
enum Spec {
    /// `first-last` (`last` absent: to the end).
    Int(u64, Option<u64>),
    /// `-n`.
    Suffix(u64),
}

/// `1*DIGIT`, saturating at `u64::MAX` (a position past any representation
/// still means "past the end"); `None` for anything else.
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse().unwrap_or(u64::MAX))
}

fn spec(s: &str) -> Option<Spec> {
    let (first, last) = s.split_once('-')?;
    if first.is_empty() {
        return digits(last).map(Spec::Suffix);
    }
    let first = digits(first)?;
    if last.is_empty() {
        return Some(Spec::Int(first, None));
    }
    let last = digits(last)?;
    (last >= first).then_some(Spec::Int(first, Some(last)))
}

/// Decides what a `Range` header value asks of a representation of `len`
/// bytes (see the module docs).
pub fn parse(header: &str, len: u64) -> ByteRange {
    let header = header.trim();
    let Some((unit, set)) = header.split_once('=') else {
        return ByteRange::Full;
    };
    if !unit.eq_ignore_ascii_case("bytes") {
        return ByteRange::Full;
    }
    let mut count = 0usize;
    let mut satisfiable = None;
    // A list: empty elements and whitespace around them are allowed (5.6.1).
    for element in set.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let Some(spec) = spec(element) else {
            return ByteRange::Full;
        };
        count += 1;
        let range = match spec {
            Spec::Int(first, _) if first >= len => None,
            Spec::Int(first, last) => Some((first, last.map_or(len - 1, |l| l.min(len - 1)))),
            Spec::Suffix(0) => None,
            Spec::Suffix(_) if len == 0 => None,
            Spec::Suffix(n) => Some((len.saturating_sub(n), len - 1)),
        };
        if satisfiable.is_none() {
            satisfiable = range;
        }
    }
    match (count, satisfiable) {
        (0, _) => ByteRange::Full,
        (_, None) => ByteRange::Unsatisfiable,
        (1, Some((start, end))) => ByteRange::Partial { start, end },
        (_, Some(_)) => ByteRange::Full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(start: u64, end: u64) -> ByteRange {
        ByteRange::Partial { start, end }
    }

    /// 14.1.2: int-range, suffix-range, and an open end.
    #[test]
    fn rfc9110_14_1_2_one_range() {
        assert_eq!(parse("bytes=0-9", 100), part(0, 9));
        assert_eq!(parse("bytes=0-0", 100), part(0, 0));
        assert_eq!(parse("bytes=99-99", 100), part(99, 99));
        assert_eq!(parse("bytes=90-", 100), part(90, 99));
        assert_eq!(parse("bytes=-10", 100), part(90, 99));
        // The unit is case-insensitive (14.1).
        assert_eq!(parse("Bytes=0-9", 100), part(0, 9));
        assert_eq!(parse(" bytes=0-9 ", 100), part(0, 9));
    }

    /// 14.1.2: a last position past the end, or a suffix longer than the
    /// representation, is clamped to it.
    #[test]
    fn rfc9110_14_1_2_clamped() {
        assert_eq!(parse("bytes=50-1000", 100), part(50, 99));
        assert_eq!(parse("bytes=-1000", 100), part(0, 99));
        assert_eq!(parse("bytes=0-99999999999999999999999", 100), part(0, 99));
        assert_eq!(parse("bytes=-99999999999999999999999", 100), part(0, 99));
    }

    /// 14.2: an invalid ranges-specifier or an unknown unit is ignored.
    #[test]
    fn rfc9110_14_2_invalid_is_ignored() {
        for bad in [
            "items=0-1",
            "bytes",
            "bytes=",
            "bytes=,",
            "bytes=a-b",
            "bytes=x-1",
            "bytes=+5",
            "bytes=-+5",
            "bytes=+0-5",
            "bytes=0-+5",
            "bytes=-5-",
            "bytes=0x10-",
            "bytes=1-2-3",
            "bytes=9-1",
            "bytes=0 - 9",
            "bytes=0-1,junk",
            "bytes=-",
            "bytes=½-",
        ] {
            assert_eq!(parse(bad, 100), ByteRange::Full, "{bad}");
        }
    }

    /// 14.1.1 / 15.5.17: nothing satisfiable is a 416.
    #[test]
    fn rfc9110_15_5_17_unsatisfiable() {
        assert_eq!(parse("bytes=100-", 100), ByteRange::Unsatisfiable);
        assert_eq!(parse("bytes=200-300", 100), ByteRange::Unsatisfiable);
        assert_eq!(
            parse("bytes=99999999999999999999999-", 100),
            ByteRange::Unsatisfiable
        );
        assert_eq!(parse("bytes=-0", 100), ByteRange::Unsatisfiable);
        assert_eq!(parse("bytes=0-", 0), ByteRange::Unsatisfiable);
        assert_eq!(parse("bytes=-5", 0), ByteRange::Unsatisfiable);
        assert_eq!(parse("bytes=100-,200-300", 100), ByteRange::Unsatisfiable);
    }

    /// 14.2: several ranges are answered with the whole representation,
    /// whatever their order or overlap; empty list elements do not count.
    #[test]
    fn rfc9110_14_2_several_ranges_are_served_whole() {
        assert_eq!(parse("bytes=0-1,5-6", 100), ByteRange::Full);
        assert_eq!(parse("bytes=0-1, 5-6", 100), ByteRange::Full);
        assert_eq!(parse("bytes=-5,0-1", 100), ByteRange::Full);
        assert_eq!(parse("bytes=0-50,10-20", 100), ByteRange::Full);
        assert_eq!(parse("bytes=200-,0-1", 100), ByteRange::Full);
        assert_eq!(parse("bytes=0-9,", 100), part(0, 9));
        assert_eq!(parse("bytes=, 0-9", 100), part(0, 9));
    }

    #[test]
    fn content_range_values() {
        assert_eq!(part(0, 9).content_range(100).expect("206"), "bytes 0-9/100");
        assert_eq!(
            ByteRange::Unsatisfiable.content_range(100).expect("416"),
            "bytes */100"
        );
        assert_eq!(ByteRange::Full.content_range(100), None);
    }
}
