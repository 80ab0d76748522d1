//! `Range: bytes=…` for one range. Several ranges are answered with the whole
//! file (allowed by RFC 9110 and what most static servers do); a malformed
//! header is ignored, as the RFC requires.

#[derive(Debug, PartialEq, Eq)]
pub enum ByteRange {
    /// Serve the whole representation with 200.
    Whole,
    /// Inclusive start and end.
    Partial(u64, u64),
    /// 416 with `Content-Range: bytes */len`.
    Unsatisfiable,
}

pub fn parse(header: &str, len: u64) -> ByteRange {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return ByteRange::Whole;
    };
    if spec.contains(',') {
        return ByteRange::Whole;
    }
    let Some((start, end)) = spec.trim().split_once('-') else {
        return ByteRange::Whole;
    };
    let (start, end) = (start.trim(), end.trim());
    let parse = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (start.is_empty(), end.is_empty()) {
        // bytes=-N: the last N bytes.
        (true, false) => match parse(end) {
            Some(0) => ByteRange::Unsatisfiable,
            Some(_) if len == 0 => ByteRange::Unsatisfiable,
            Some(n) => ByteRange::Partial(len.saturating_sub(n), len - 1),
            None => ByteRange::Whole,
        },
        // bytes=N-: from N to the end.
        (false, true) => match parse(start) {
            Some(s) if s >= len => ByteRange::Unsatisfiable,
            Some(s) => ByteRange::Partial(s, len - 1),
            None => ByteRange::Whole,
        },
        (false, false) => match (parse(start), parse(end)) {
            (Some(s), Some(e)) if s > e => ByteRange::Whole,
            (Some(s), Some(_)) if s >= len => ByteRange::Unsatisfiable,
            (Some(s), Some(e)) => ByteRange::Partial(s, e.min(len - 1)),
            _ => ByteRange::Whole,
        },
        (true, true) => ByteRange::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse("bytes=0-9", 100), ByteRange::Partial(0, 9));
        assert_eq!(parse("bytes=90-", 100), ByteRange::Partial(90, 99));
        assert_eq!(parse("bytes=-10", 100), ByteRange::Partial(90, 99));
        assert_eq!(parse("bytes=-1000", 100), ByteRange::Partial(0, 99));
        assert_eq!(parse("bytes=50-1000", 100), ByteRange::Partial(50, 99));
        assert_eq!(parse("bytes=100-", 100), ByteRange::Unsatisfiable);
        assert_eq!(parse("bytes=200-300", 100), ByteRange::Unsatisfiable);
        assert_eq!(parse("bytes=-0", 100), ByteRange::Unsatisfiable);
        assert_eq!(parse("bytes=0-1,5-6", 100), ByteRange::Whole);
        assert_eq!(parse("bytes=9-1", 100), ByteRange::Whole);
        assert_eq!(parse("items=0-1", 100), ByteRange::Whole);
        assert_eq!(parse("bytes=a-b", 100), ByteRange::Whole);
        assert_eq!(parse("bytes=-+5", 100), ByteRange::Whole);
    }
}
