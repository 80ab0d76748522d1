//! Request framing: RESP arrays of bulk strings (what every client sends)
//! and inline commands (what a human types into telnet).
//!
//! Two passes, as in mini-redis: [`Framer::next`] first checks that a whole
//! request is buffered without allocating, then [`Framer::with_args`] lends
//! the command its arguments as slices of the read buffer — no copy, no
//! allocation for up to 24 arguments, no reference count per argument — and
//! [`Framer::consume`] drops the request. "Incomplete" is normal control
//! flow. The
//! check is resumable — it remembers how far it got in a large request — so
//! a request arriving in many reads is scanned once, not once per read, and
//! a large declared bulk tells the caller how much to reserve.
//!
//! Limits and their errors follow Redis 7 (`processMultibulkBuffer`,
//! `processInlineBuffer`); any protocol error is answered and the connection
//! closed, as Redis does.

use bytes::{Buf, BytesMut};
use std::borrow::Cow;

/// Largest bulk string accepted (Redis's `proto-max-bulk-len`).
pub const MAX_BULK: usize = 512 << 20;
/// Most arguments in one request.
pub const MAX_ARGS: usize = 1 << 20;
/// Longest inline request or count line (Redis's `PROTO_INLINE_MAX_SIZE`).
pub const MAX_INLINE: usize = 64 << 10;
/// Before `AUTH`, requests must stay this small (as in Redis), so an
/// unauthenticated peer cannot make the server buffer much.
const UNAUTH_MAX_ARGS: usize = 10;
const UNAUTH_MAX_BULK: usize = 16 << 10;

/// A malformed request; the text is what Redis replies (after `-ERR `).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError(pub Cow<'static, str>);

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ERR Protocol error: {}", self.0)
    }
}

fn err(s: &'static str) -> ProtocolError {
    ProtocolError(Cow::Borrowed(s))
}

/// Resumable state of the request at the head of the buffer.
#[derive(Debug, Default)]
pub struct Framer {
    /// Arguments still expected, once the `*<n>` line has been read.
    expected: Option<usize>,
    /// Where the next unchecked bulk header starts.
    pos: usize,
    /// (start, len) of each argument checked so far.
    spans: Vec<(usize, usize)>,
    /// Total bytes the head request needs, when a bulk length told us.
    need: usize,
    /// Length of the complete head request, once [`Framer::next`] found it.
    len: usize,
    /// An inline request's words (unquoted, so they are not slices of the
    /// buffer).
    inline: Option<Vec<Vec<u8>>>,
}

/// Requests with at most this many arguments are handed to the command
/// without a heap allocation (`MSET` of 10 pairs has 21).
const STACK_ARGS: usize = 24;

impl Framer {
    /// Bytes the buffer must hold before the head request can complete,
    /// when known (lets the reader reserve for a large value up front).
    pub fn need(&self) -> usize {
        self.need
    }

    /// Finds the next complete request at the head of `buf`: `Ok(false)`
    /// means more bytes are needed. Empty requests are skipped. A request
    /// found stays in `buf`: [`Framer::with_args`] lends its arguments and
    /// [`Framer::consume`] removes it.
    pub fn next(&mut self, buf: &mut BytesMut, authenticated: bool) -> Result<bool, ProtocolError> {
        loop {
            if buf.is_empty() {
                return Ok(false);
            }
            let found = if buf[0] == b'*' {
                self.check_multibulk(buf, authenticated)?
            } else {
                self.inline(buf)?
            };
            match found {
                Found::Incomplete => return Ok(false),
                Found::Empty(consumed) => {
                    buf.advance(consumed);
                    self.reset();
                }
                Found::Request(len) => {
                    self.len = len;
                    return Ok(true);
                }
            }
        }
    }

    /// Calls `f` with the arguments of the request [`Framer::next`] found,
    /// borrowed from `buf` (multibulk) or from the framer (inline): no copy
    /// and no reference counting per argument.
    pub fn with_args<R>(&self, buf: &[u8], f: impl FnOnce(&[&[u8]]) -> R) -> R {
        if let Some(words) = &self.inline {
            let args: Vec<&[u8]> = words.iter().map(Vec::as_slice).collect();
            return f(&args);
        }
        let frame = &buf[..self.len];
        let n = self.spans.len();
        if n <= STACK_ARGS {
            let mut args: [&[u8]; STACK_ARGS] = [&[]; STACK_ARGS];
            for (slot, &(s, l)) in args.iter_mut().zip(&self.spans) {
                *slot = &frame[s..s + l];
            }
            f(&args[..n])
        } else {
            let args: Vec<&[u8]> = self.spans.iter().map(|&(s, l)| &frame[s..s + l]).collect();
            f(&args)
        }
    }

    /// Removes the request [`Framer::next`] found from the head of `buf`.
    pub fn consume(&mut self, buf: &mut BytesMut) {
        buf.advance(self.len.min(buf.len()));
        self.reset();
    }

    fn reset(&mut self) {
        self.expected = None;
        self.pos = 0;
        self.spans.clear();
        self.need = 0;
        self.len = 0;
        self.inline = None;
    }

    /// An inline request: one line, arguments split as `redis-cli` quotes
    /// them.
    fn inline(&mut self, buf: &[u8]) -> Result<Found, ProtocolError> {
        let Some(nl) = buf.iter().position(|&b| b == b'\n') else {
            return if buf.len() > MAX_INLINE {
                Err(err("too big inline request"))
            } else {
                Ok(Found::Incomplete)
            };
        };
        let text = &buf[..nl];
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        let args = split_args(text).ok_or(err("unbalanced quotes in request"))?;
        if args.is_empty() {
            return Ok(Found::Empty(nl + 1));
        }
        self.inline = Some(args);
        Ok(Found::Request(nl + 1))
    }

    fn check_multibulk(&mut self, buf: &[u8], authenticated: bool) -> Result<Found, ProtocolError> {
        let expected = match self.expected {
            Some(n) => n,
            None => {
                let Some((count, next)) = line(buf, 1) else {
                    return if buf.len() > MAX_INLINE {
                        Err(err("too big mbulk count string"))
                    } else {
                        Ok(Found::Incomplete)
                    };
                };
                let n = parse_len(count).ok_or(err("invalid multibulk length"))?;
                if n <= 0 {
                    return Ok(Found::Empty(next));
                }
                let n = n as usize;
                if n > MAX_ARGS {
                    return Err(err("invalid multibulk length"));
                }
                if !authenticated && n > UNAUTH_MAX_ARGS {
                    return Err(err("unauthenticated multibulk length"));
                }
                self.expected = Some(n);
                self.pos = next;
                self.spans.reserve(n.min(1024));
                n
            }
        };
        while self.spans.len() < expected {
            let pos = self.pos;
            let Some(&kind) = buf.get(pos) else {
                return Ok(Found::Incomplete);
            };
            if kind != b'$' {
                return Err(ProtocolError(Cow::Owned(format!(
                    "expected '$', got '{}'",
                    kind as char
                ))));
            }
            let Some((len, data)) = line(buf, pos + 1) else {
                return if buf.len() - pos > MAX_INLINE {
                    Err(err("too big bulk count string"))
                } else {
                    Ok(Found::Incomplete)
                };
            };
            let len = parse_len(len)
                .filter(|&l| l >= 0 && l as usize <= MAX_BULK)
                .ok_or(err("invalid bulk length"))? as usize;
            if !authenticated && len > UNAUTH_MAX_BULK {
                return Err(err("unauthenticated bulk length"));
            }
            let end = data + len + 2;
            if end > buf.len() {
                self.need = end;
                return Ok(Found::Incomplete);
            }
            self.spans.push((data, len));
            self.pos = end;
        }
        Ok(Found::Request(self.pos))
    }
}

enum Found {
    Incomplete,
    /// An empty request of this many bytes, to skip.
    Empty(usize),
    /// A complete request of this many bytes.
    Request(usize),
}

/// The text of a `\r\n`-terminated line starting at `from`, and where the
/// next line starts.
fn line(buf: &[u8], from: usize) -> Option<(&[u8], usize)> {
    let rest = buf.get(from..)?;
    let cr = rest.iter().position(|&b| b == b'\r')?;
    rest.get(cr + 1)?;
    Some((&rest[..cr], from + cr + 2))
}

fn parse_len(s: &[u8]) -> Option<i64> {
    crate::cache::parse_i64(s)
}

/// Redis's `sdssplitargs`: whitespace-separated words, `"..."` with
/// backslash escapes (`\n \r \t \b \a \\ \" \xHH`), and `'...'` with `\'`.
/// `None` for unbalanced quotes.
pub fn split_args(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut args = Vec::new();
    let mut i = 0;
    loop {
        while i < line.len() && line[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= line.len() {
            return Some(args);
        }
        let mut cur = Vec::new();
        let mut in_dq = false;
        let mut in_sq = false;
        loop {
            let c = line.get(i).copied();
            if in_dq {
                match c {
                    None => return None,
                    Some(b'\\') if i + 3 < line.len() && line[i + 1] == b'x' => {
                        let hex = std::str::from_utf8(&line[i + 2..i + 4]).ok();
                        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                            Some(b) => {
                                cur.push(b);
                                i += 3;
                            }
                            None => cur.push(b'\\'),
                        }
                    }
                    Some(b'\\') if i + 1 < line.len() => {
                        i += 1;
                        cur.push(match line[i] {
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            b'b' => 8,
                            b'a' => 7,
                            other => other,
                        });
                    }
                    Some(b'"') => {
                        // The closing quote must end the word.
                        if line.get(i + 1).is_some_and(|b| !b.is_ascii_whitespace()) {
                            return None;
                        }
                        in_dq = false;
                        i += 1;
                        break;
                    }
                    Some(other) => cur.push(other),
                }
            } else if in_sq {
                match c {
                    None => return None,
                    Some(b'\\') if line.get(i + 1) == Some(&b'\'') => {
                        i += 1;
                        cur.push(b'\'');
                    }
                    Some(b'\'') => {
                        if line.get(i + 1).is_some_and(|b| !b.is_ascii_whitespace()) {
                            return None;
                        }
                        in_sq = false;
                        i += 1;
                        break;
                    }
                    Some(other) => cur.push(other),
                }
            } else {
                match c {
                    None => break,
                    Some(b) if b.is_ascii_whitespace() => break,
                    Some(b'"') => in_dq = true,
                    Some(b'\'') => in_sq = true,
                    Some(other) => cur.push(other),
                }
            }
            i += 1;
        }
        let _ = (in_dq, in_sq);
        args.push(cur);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use bytes::Bytes;

    /// The head request's arguments, copied, and the request consumed.
    fn take(framer: &mut Framer, buf: &mut BytesMut) -> Vec<Bytes> {
        let args = framer.with_args(buf, |a| {
            a.iter().map(|x| Bytes::copy_from_slice(x)).collect()
        });
        framer.consume(buf);
        args
    }

    fn frames(input: &[u8]) -> Result<Vec<Vec<Bytes>>, ProtocolError> {
        let mut framer = Framer::default();
        let mut buf = BytesMut::from(input);
        let mut out = Vec::new();
        while framer.next(&mut buf, true)? {
            out.push(take(&mut framer, &mut buf));
        }
        Ok(out)
    }

    #[test]
    fn pipelined_and_inline() {
        let got = frames(
            b"*1\r\n$4\r\nPING\r\nSET a  \"b c\"\r\n*0\r\n\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n",
        )
        .expect("valid");
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[1],
            vec![Bytes::from("SET"), Bytes::from("a"), Bytes::from("b c")]
        );
        assert_eq!(got[2][1], Bytes::from("a"));
    }

    #[test]
    fn resumes_across_reads_byte_by_byte() {
        let input = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n";
        let mut framer = Framer::default();
        let mut buf = BytesMut::new();
        let mut got = None;
        for (i, b) in input.iter().enumerate() {
            buf.extend_from_slice(&[*b]);
            if framer.next(&mut buf, true).expect("valid") {
                assert_eq!(i, input.len() - 1, "complete only at the last byte");
                got = Some(take(&mut framer, &mut buf));
            }
        }
        assert_eq!(got.expect("complete")[2], Bytes::from("hello"));
        assert!(buf.is_empty());
    }

    #[test]
    fn large_bulk_reports_what_it_needs() {
        let mut framer = Framer::default();
        let mut buf = BytesMut::from(&b"*2\r\n$3\r\nGET\r\n$100000\r\nabc"[..]);
        assert_eq!(framer.next(&mut buf, true), Ok(false));
        assert_eq!(framer.need(), 4 + 9 + 9 + 100_000 + 2);
    }

    #[test]
    fn errors_as_redis_words_them() {
        let e = |b: &[u8]| frames(b).expect_err("must fail").to_string();
        assert_eq!(e(b"*x\r\n"), "ERR Protocol error: invalid multibulk length");
        assert_eq!(
            e(b"*1\r\n$-5\r\n"),
            "ERR Protocol error: invalid bulk length"
        );
        assert_eq!(
            e(b"*1\r\n$999999999999\r\n"),
            "ERR Protocol error: invalid bulk length"
        );
        assert_eq!(
            e(b"*1\r\n:1\r\n"),
            "ERR Protocol error: expected '$', got ':'"
        );
        assert_eq!(
            e(b"SET a \"b\r\n"),
            "ERR Protocol error: unbalanced quotes in request"
        );
        assert_eq!(
            e(b"*2000000\r\n"),
            "ERR Protocol error: invalid multibulk length"
        );
    }

    #[test]
    fn unauthenticated_limits() {
        let mut framer = Framer::default();
        let mut buf = BytesMut::from(&b"*11\r\n"[..]);
        assert_eq!(
            framer.next(&mut buf, false).expect_err("limit").to_string(),
            "ERR Protocol error: unauthenticated multibulk length"
        );
        let mut buf = BytesMut::from(&b"*1\r\n$20000\r\n"[..]);
        assert_eq!(
            Framer::default()
                .next(&mut buf, false)
                .expect_err("limit")
                .to_string(),
            "ERR Protocol error: unauthenticated bulk length"
        );
    }

    #[test]
    fn split_args_quotes() {
        let s = |t: &str| split_args(t.as_bytes());
        assert_eq!(
            s("a 'b c' \"d\\ne\" \"\\x41\""),
            Some(vec![
                b"a".to_vec(),
                b"b c".to_vec(),
                b"d\ne".to_vec(),
                b"A".to_vec()
            ])
        );
        assert_eq!(s("\"abc\"def"), None);
        assert_eq!(s("'abc"), None);
        assert_eq!(s("   "), Some(vec![]));
    }
}
