//! Replies and their encoding in RESP2 or RESP3 (chosen per connection by
//! `HELLO`). Handlers build a [`Reply`]; the connection encodes it straight
//! into its output buffer.

use crate::cache::{Blob, StoreError};
use bytes::{BufMut, Bytes, BytesMut};
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Ok,
    Simple(Cow<'static, str>),
    /// Full error text including its code, e.g. `ERR syntax error`.
    Error(Cow<'static, str>),
    Int(i64),
    Bulk(Bytes),
    Blob(Blob),
    /// A missing value: `$-1` in RESP2, `_` in RESP3.
    Nil,
    /// A missing array (aborted `EXEC`): `*-1` in RESP2, `_` in RESP3.
    NilArray,
    Array(Vec<Reply>),
    /// A map in RESP3, a flat array of pairs in RESP2.
    Map(Vec<(Reply, Reply)>),
    /// A set in RESP3, an array in RESP2.
    Set(Vec<Reply>),
    /// A double in RESP3, a bulk string in RESP2, printed as redis-server
    /// 7.0's `addReplyDouble` (`%.17g`, `inf`, `-inf`): sorted-set scores.
    Double(f64),
    /// `SAVE`: the connection runs the snapshot off the async workers and
    /// replies with its outcome.
    Save,
    /// A push frame (`>` in RESP3, an array in RESP2): Pub/Sub messages and
    /// (un)subscription confirmations.
    Push(Vec<Reply>),
    /// Several replies to one command, one after the other (`SUBSCRIBE a b`).
    Multi(Vec<Reply>),
    /// A blocking command found nothing: the connection waits on its keys
    /// and retries it (see `cmd/blocking.rs`). Never encoded.
    Block(Box<super::cmd::Blocked>),
    /// `POST …` or `Host:` as a command: an HTTP request reached the port
    /// (a browser sent there by DNS rebinding or a cross-protocol form).
    /// The connection closes without a reply, as redis-server does.
    HttpRequest,
}

impl Reply {
    pub fn error(text: impl Into<Cow<'static, str>>) -> Reply {
        Reply::Error(text.into())
    }
    pub fn simple(text: &'static str) -> Reply {
        Reply::Simple(Cow::Borrowed(text))
    }
    pub fn bulk(bytes: impl Into<Bytes>) -> Reply {
        Reply::Bulk(bytes.into())
    }
    pub fn bulk_str(text: &str) -> Reply {
        Reply::Bulk(Bytes::copy_from_slice(text.as_bytes()))
    }
    pub fn opt_blob(v: Option<Blob>) -> Reply {
        v.map_or(Reply::Nil, Reply::Blob)
    }
    pub fn is_error(&self) -> bool {
        matches!(self, Reply::Error(_))
    }

    /// A lower bound of the encoded size, in one pass without copying: the
    /// connection checks it against the output-buffer hard limit before
    /// encoding (`MGET k k k …` of a large value asks a reply of any size
    /// from a small request).
    pub fn encoded_len_at_least(&self) -> u64 {
        let items = |v: &[Reply]| 4 + v.iter().map(Reply::encoded_len_at_least).sum::<u64>();
        match self {
            Reply::Bulk(b) => 5 + b.len() as u64,
            Reply::Blob(b) => 5 + b.len() as u64,
            Reply::Simple(t) | Reply::Error(t) => 3 + t.len() as u64,
            Reply::Array(v) | Reply::Set(v) | Reply::Push(v) => items(v),
            Reply::Multi(v) => v.iter().map(Reply::encoded_len_at_least).sum(),
            Reply::Map(pairs) => {
                4 + pairs
                    .iter()
                    .map(|(k, v)| k.encoded_len_at_least() + v.encoded_len_at_least())
                    .sum::<u64>()
            }
            _ => 3,
        }
    }

    /// Encodes into `out`.
    pub fn encode(&self, out: &mut BytesMut, resp3: bool) {
        match self {
            Reply::Ok => out.put_slice(b"+OK\r\n"),
            Reply::Simple(s) => line(out, b'+', s.as_bytes()),
            Reply::Error(e) => line(out, b'-', e.as_bytes()),
            Reply::Int(n) => {
                out.put_u8(b':');
                out.put_slice(itoa::Buffer::new().format(*n).as_bytes());
                out.put_slice(b"\r\n");
            }
            Reply::Bulk(b) => bulk(out, b),
            Reply::Blob(b) => bulk(out, b),
            Reply::Nil if resp3 => out.put_slice(b"_\r\n"),
            Reply::Nil => out.put_slice(b"$-1\r\n"),
            Reply::NilArray if resp3 => out.put_slice(b"_\r\n"),
            Reply::NilArray => out.put_slice(b"*-1\r\n"),
            Reply::Array(items) => {
                header(out, b'*', items.len());
                items.iter().for_each(|r| r.encode(out, resp3));
            }
            Reply::Set(items) => {
                header(out, if resp3 { b'~' } else { b'*' }, items.len());
                items.iter().for_each(|r| r.encode(out, resp3));
            }
            Reply::Map(pairs) => {
                if resp3 {
                    header(out, b'%', pairs.len());
                } else {
                    header(out, b'*', pairs.len() * 2);
                }
                for (k, v) in pairs {
                    k.encode(out, resp3);
                    v.encode(out, resp3);
                }
            }
            Reply::Double(d) => {
                let text = crate::cache::format_double(*d);
                if resp3 {
                    line(out, b',', text.as_bytes());
                } else {
                    bulk(out, text.as_bytes());
                }
            }
            Reply::Save => Reply::Ok.encode(out, resp3),
            Reply::Push(items) => {
                header(out, if resp3 { b'>' } else { b'*' }, items.len());
                items.iter().for_each(|r| r.encode(out, resp3));
            }
            Reply::Multi(replies) => replies.iter().for_each(|r| r.encode(out, resp3)),
            Reply::Block(b) => b.on_timeout.encode(out, resp3),
            Reply::HttpRequest => {}
        }
    }
}

impl From<StoreError> for Reply {
    fn from(e: StoreError) -> Reply {
        Reply::Error(Cow::Owned(e.to_string()))
    }
}

/// A simple string or error line; CR/LF would break framing, so they
/// become spaces as in Redis.
fn line(out: &mut BytesMut, kind: u8, text: &[u8]) {
    out.put_u8(kind);
    if text.iter().any(|&b| b == b'\r' || b == b'\n') {
        out.extend(
            text.iter()
                .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b }),
        );
    } else {
        out.put_slice(text);
    }
    out.put_slice(b"\r\n");
}

fn header(out: &mut BytesMut, kind: u8, len: usize) {
    out.put_u8(kind);
    out.put_slice(itoa::Buffer::new().format(len).as_bytes());
    out.put_slice(b"\r\n");
}

fn bulk(out: &mut BytesMut, bytes: &[u8]) {
    out.reserve(bytes.len() + 16);
    header(out, b'$', bytes.len());
    out.put_slice(bytes);
    out.put_slice(b"\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(r: Reply, resp3: bool) -> Vec<u8> {
        let mut out = BytesMut::new();
        r.encode(&mut out, resp3);
        out.to_vec()
    }

    #[test]
    fn resp2_and_resp3_shapes() {
        let map = || Reply::Map(vec![(Reply::bulk_str("a"), Reply::Int(1))]);
        assert_eq!(enc(map(), false), b"*2\r\n$1\r\na\r\n:1\r\n");
        assert_eq!(enc(map(), true), b"%1\r\n$1\r\na\r\n:1\r\n");
        assert_eq!(enc(Reply::Nil, false), b"$-1\r\n");
        assert_eq!(enc(Reply::Nil, true), b"_\r\n");
        assert_eq!(enc(Reply::Double(1.5), false), b"$3\r\n1.5\r\n");
        assert_eq!(enc(Reply::Double(1.5), true), b",1.5\r\n");
        assert_eq!(
            enc(Reply::Double(1.1), false),
            b"$18\r\n1.1000000000000001\r\n"
        );
        assert_eq!(enc(Reply::Double(f64::NEG_INFINITY), true), b",-inf\r\n");
        assert_eq!(enc(Reply::error("ERR a\r\nb"), false), b"-ERR a  b\r\n");
    }
}
