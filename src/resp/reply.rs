//! Replies and their encoding in RESP2 or RESP3 (chosen per connection by
//! `HELLO`). Handlers build a [`Reply`]; the connection encodes it straight
//! into its output buffer, or, for a large one, a piece at a time with
//! [`Chunked`] so it can write and yield between pieces.

use crate::cache::{Blob, StoreError};
use bytes::{BufMut, Bytes, BytesMut};
use std::borrow::Cow;
use std::sync::{Arc, Mutex};

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
    /// An array made as it is encoded (see [`Lazy`]): a large reply of
    /// repeated picks (`HRANDFIELD h -160000`) is not built whole first.
    Lazy(Lazy),
    /// `POST …` or `Host:` as a command: an HTTP request reached the port
    /// (a browser sent there by DNS rebinding or a cross-protocol form).
    /// The connection closes without a reply, as redis-server does.
    HttpRequest,
}

/// Elements a [`Lazy`] array makes per call.
pub const LAZY_BATCH: usize = 256;

/// An array of `len` elements whose elements are made a batch at a time,
/// as the encoder reaches them, by a generator that must push `len` in all
/// (a few per call, none once done). Clones share the generator: only the
/// connection encodes a reply, once.
#[derive(Clone)]
pub struct Lazy {
    len: usize,
    at_least: u64,
    make: Arc<Mutex<MakeBatch>>,
}

/// A [`Lazy`] array's generator: pushes the next few elements.
type MakeBatch = dyn FnMut(&mut Vec<Reply>) + Send;

impl Lazy {
    /// The next elements into `out`; nothing once all are made.
    fn next_batch(&self, out: &mut Vec<Reply>) {
        let mut make = self.make.lock().unwrap_or_else(|p| p.into_inner());
        (*make)(out);
    }
}

impl std::fmt::Debug for Lazy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lazy")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Lazy {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.make, &other.make)
    }
}

impl Reply {
    /// An array of `len` elements made by `make` as it is encoded;
    /// `at_least` is a lower bound of its encoded size (the output limit is
    /// checked against it before anything is made).
    pub fn lazy(
        len: usize,
        at_least: u64,
        make: impl FnMut(&mut Vec<Reply>) + Send + 'static,
    ) -> Reply {
        Reply::Lazy(Lazy {
            len,
            at_least,
            make: Arc::new(Mutex::new(make)),
        })
    }

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
            Reply::Lazy(l) => l.at_least,
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
            Reply::Lazy(lazy) => {
                header(out, b'*', lazy.len);
                let mut batch = Vec::with_capacity(LAZY_BATCH);
                loop {
                    lazy.next_batch(&mut batch);
                    if batch.is_empty() {
                        break;
                    }
                    batch.drain(..).for_each(|r| r.encode(out, resp3));
                }
            }
            Reply::Block(b) => b.on_timeout.encode(out, resp3),
            Reply::HttpRequest => {}
        }
    }
}

/// A reply encoded a piece at a time: each [`Chunked::encode_some`] call
/// stops once the output holds the bytes asked for, so the connection can
/// write them and let the thread's other clients run before the next piece.
/// The tree is consumed as it goes (its elements are freed as they are
/// encoded) and the bytes equal [`Reply::encode`]'s.
pub struct Chunked {
    /// Containers being walked, innermost last.
    stack: Vec<Walk>,
    resp3: bool,
}

enum Walk {
    Items(std::vec::IntoIter<Reply>),
    /// A lazy array and the batch it made last.
    Lazy(Lazy, std::vec::IntoIter<Reply>),
    /// A map's pairs, with the value of the pair whose key was just taken.
    Pairs(std::vec::IntoIter<(Reply, Reply)>, Option<Reply>),
}

impl Chunked {
    pub fn new(reply: Reply, resp3: bool) -> Self {
        Chunked {
            stack: vec![Walk::Items(vec![reply].into_iter())],
            resp3,
        }
    }

    /// Encodes into `out` until it holds at least `until` bytes; true once
    /// the whole reply is encoded.
    pub fn encode_some(&mut self, out: &mut BytesMut, until: usize) -> bool {
        let resp3 = self.resp3;
        while out.len() < until {
            let Some(next) = self.next_reply() else {
                return true;
            };
            let walk = match next {
                Reply::Array(items) => {
                    header(out, b'*', items.len());
                    Walk::Items(items.into_iter())
                }
                Reply::Set(items) => {
                    header(out, if resp3 { b'~' } else { b'*' }, items.len());
                    Walk::Items(items.into_iter())
                }
                Reply::Push(items) => {
                    header(out, if resp3 { b'>' } else { b'*' }, items.len());
                    Walk::Items(items.into_iter())
                }
                Reply::Multi(replies) => Walk::Items(replies.into_iter()),
                Reply::Lazy(lazy) => {
                    header(out, b'*', lazy.len);
                    Walk::Lazy(lazy, Vec::new().into_iter())
                }
                Reply::Map(pairs) => {
                    if resp3 {
                        header(out, b'%', pairs.len());
                    } else {
                        header(out, b'*', pairs.len() * 2);
                    }
                    Walk::Pairs(pairs.into_iter(), None)
                }
                leaf => {
                    leaf.encode(out, resp3);
                    continue;
                }
            };
            self.stack.push(walk);
        }
        self.stack.is_empty()
    }

    /// The next element in encoding order, leaving finished containers.
    fn next_reply(&mut self) -> Option<Reply> {
        loop {
            let next = match self.stack.last_mut()? {
                Walk::Items(items) => items.next(),
                Walk::Lazy(lazy, batch) => batch.next().or_else(|| {
                    let mut next = Vec::with_capacity(LAZY_BATCH);
                    lazy.next_batch(&mut next);
                    *batch = next.into_iter();
                    batch.next()
                }),
                Walk::Pairs(pairs, value) => value.take().or_else(|| {
                    pairs.next().map(|(k, v)| {
                        *value = Some(v);
                        k
                    })
                }),
            };
            match next {
                Some(reply) => return Some(reply),
                None => {
                    self.stack.pop();
                }
            }
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

    /// 0, 1, … `n - 1`, made 256 at a time.
    fn lazy_numbers(n: usize) -> Reply {
        let mut next = 0;
        Reply::lazy(n, 0, move |out| {
            let end = (next + LAZY_BATCH).min(n);
            out.extend((next..end).map(|i| Reply::Int(i as i64)));
            next = end;
        })
    }

    /// Nested containers of every kind, encoded whole and in pieces of
    /// every size from 1 byte: the same bytes.
    #[test]
    fn chunked_encoding_equals_whole() {
        let tree = || {
            Reply::Multi(vec![
                Reply::Array(vec![
                    Reply::bulk_str("a"),
                    Reply::Map(vec![
                        (
                            Reply::bulk_str("k"),
                            Reply::Set(vec![Reply::Int(1), Reply::Nil]),
                        ),
                        (Reply::Double(2.5), Reply::Array(vec![])),
                    ]),
                    Reply::Push(vec![Reply::Ok, Reply::error("ERR x")]),
                ]),
                Reply::Map(vec![]),
                Reply::bulk(vec![b'x'; 300]),
                Reply::NilArray,
                lazy_numbers(600),
                lazy_numbers(0),
            ])
        };
        for resp3 in [false, true] {
            let whole = enc(tree(), resp3);
            for piece in 1..whole.len() + 2 {
                let mut out = BytesMut::new();
                let mut chunked = Chunked::new(tree(), resp3);
                let mut sent = Vec::new();
                let mut rounds = 0;
                while !chunked.encode_some(&mut out, piece) {
                    sent.extend_from_slice(&out.split());
                    rounds += 1;
                    assert!(rounds <= whole.len() + 1, "no progress");
                }
                sent.extend_from_slice(&out);
                assert_eq!(sent, whole, "pieces of {piece} bytes, resp3 {resp3}");
            }
        }
    }
}
