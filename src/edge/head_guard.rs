//! The bytes of an HTTP/1 connection, watched below hyper: a request head
//! must arrive at a minimum data rate (a connection that trickles it is
//! closed long before `CHLORO_HEADER_TIMEOUT`), and a head larger than
//! `CHLORO_MAX_HEADER_SIZE` (or with more than [`MAX_HEADERS`] fields) is
//! answered 431 here, with the edge's error body (JSON under `/api`) and
//! security headers, which hyper's own 431 cannot carry.
//!
//! A head is measured from its first byte until its blank line, and only
//! while no request is in flight on the connection ([`Exchanges`], counted
//! by the service that hyper calls): body bytes are the [`super::body_rate`]
//! check's business, and an idle keep-alive connection is hyper's (its head
//! timer). The rate is an average since the head's first byte, as Kestrel
//! measures it: after the grace time, `bytes / elapsed` must stay at or above
//! the minimum.
//!
//! A head hyper refuses itself (malformed: 400) gets the same treatment:
//! hyper's empty answer, written while no service was called for the head
//! in progress, is swallowed and the edge's goes out instead.
//!
//! A chunked body's chunk sizes are read here too: a chunk larger than the
//! largest body the target accepts (`CHLORO_MAX_JSON_BODY` under `/api`,
//! else `CHLORO_MAX_BODY`) is answered 413 as soon as its size line
//! arrives, as a declared `Content-Length` is, instead of after the limit's
//! worth of data.
//!
//! Hyper's own head limit stays as a backstop at twice the configured size,
//! so a connection's read buffer remains bounded; this check fires first.
//! An HTTP/2 connection (its preface, with or without TLS) is not watched:
//! its frames are not request heads.

use crate::metrics::{HttpRefusal, Metrics};
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// Header fields a request head may carry (hyper is given the same limit).
pub const MAX_HEADERS: usize = 100;

/// How long a refused connection is read and discarded after its answer,
/// so the client reads the answer instead of a reset (nginx's lingering
/// close).
const LINGER: Duration = Duration::from_secs(1);
/// Bytes discarded at most while lingering.
const LINGER_BYTES: usize = 256 << 10;

const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// A minimum upload rate: `bytes_per_sec` on average once `grace` is over.
#[derive(Debug, Clone, Copy)]
pub struct DataRate {
    pub bytes_per_sec: u64,
    pub grace: Duration,
}

impl DataRate {
    /// `None` when the configuration turns the check off.
    pub fn from_config(cfg: &crate::config::HttpConfig) -> Option<Self> {
        (cfg.min_data_rate > 0).then_some(DataRate {
            bytes_per_sec: cfg.min_data_rate,
            grace: cfg.min_data_rate_grace,
        })
    }

    /// When a transfer that began at `start` and has delivered `bytes` falls
    /// below the rate if nothing more arrives.
    pub fn deadline(&self, start: Instant, bytes: u64) -> Instant {
        let earned = Duration::from_millis(bytes.saturating_mul(1000) / self.bytes_per_sec.max(1));
        start
            .checked_add(self.grace.saturating_add(earned))
            .unwrap_or_else(|| start + Duration::from_secs(86_400 * 365))
    }
}

/// Requests begun and answered on one connection, counted by its service:
/// equal counts mean the connection is between requests.
#[derive(Debug, Default)]
pub struct Exchanges {
    started: AtomicU64,
    answered: AtomicU64,
}

impl Exchanges {
    pub fn started(&self) {
        self.started.fetch_add(1, Ordering::AcqRel);
    }

    pub fn answered(&self) {
        self.answered.fetch_add(1, Ordering::AcqRel);
    }

    /// Whether a request has begun on the connection.
    pub fn any_started(&self) -> bool {
        self.started.load(Ordering::Acquire) > 0
    }
}

/// What every watched connection of a listener shares.
pub struct HeadLimits {
    pub rate: Option<DataRate>,
    pub max_head: usize,
    /// The largest body accepted under `/api`, and elsewhere.
    pub max_api_body: u64,
    pub max_body: u64,
    /// Security header lines (`name: value\r\n`) for the 431 answer.
    pub extra_headers: Vec<u8>,
    /// Where closed connections are counted.
    pub metrics: Metrics,
}

/// A connection's stream, watched (see the module docs).
pub struct Guarded<S> {
    inner: S,
    limits: Arc<HeadLimits>,
    exchanges: Arc<Exchanges>,
    answered_seen: u64,
    /// Bytes of the HTTP/2 preface matched so far, `None` once it failed.
    preface: Option<usize>,
    phase: Phase,
    timer: Option<Pin<Box<Sleep>>>,
    refusal: Option<Refusal>,
}

enum Phase {
    /// Between requests: the next byte starts a head.
    Idle,
    Head(Head),
    /// The blank line was seen; hyper is about to call the service, and
    /// then reads the body (whose chunk sizes are watched if it has them).
    Parsed {
        start: Instant,
        begun: u64,
        bytes: u64,
        api: bool,
        chunks: Option<Chunks>,
    },
    /// HTTP/2: nothing is watched.
    Off,
}

struct Head {
    start: Instant,
    /// Requests begun on the connection when this head began: hyper has
    /// called no service for this head while the count is unchanged.
    begun: u64,
    bytes: u64,
    lines: usize,
    line_empty: bool,
    seen_content: bool,
    /// The head's first bytes: the request line's target says whether the
    /// 431 is JSON.
    first: [u8; 64],
    first_len: usize,
    /// The start of the current line, to spot `Transfer-Encoding: chunked`.
    line: [u8; 40],
    line_len: usize,
    chunked: bool,
}

/// Where a chunked body's framing is (RFC 9112 §7.1). Anything unexpected
/// stops the watch: hyper refuses malformed framing itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chunks {
    Size {
        value: u64,
        digits: u8,
    },
    /// Extensions or whitespace after the size, up to the line's end.
    Extension {
        value: u64,
    },
    Data(u64),
    DataCr,
    DataLf,
    Trailers {
        line_empty: bool,
    },
    Done,
}

impl Chunks {
    const START: Chunks = Chunks::Size {
        value: 0,
        digits: 0,
    };

    /// Follows `data`; `Err` when a chunk's size exceeds `max`.
    fn feed(&mut self, mut data: &[u8], max: u64) -> Result<(), ()> {
        while let Some((&b, rest)) = data.split_first() {
            *self = match *self {
                Chunks::Data(n) => {
                    let take = n.min(data.len() as u64);
                    // `take` fits in usize: it is at most data.len().
                    data = &data[usize::try_from(take).unwrap_or(data.len())..];
                    *self = if take == n {
                        Chunks::DataCr
                    } else {
                        Chunks::Data(n - take)
                    };
                    continue;
                }
                Chunks::Size { value, digits } => match (b as char).to_digit(16) {
                    Some(d) => {
                        let value = value.saturating_mul(16).saturating_add(u64::from(d));
                        if value > max || digits >= 16 {
                            return Err(());
                        }
                        Chunks::Size {
                            value,
                            digits: digits + 1,
                        }
                    }
                    None if digits == 0 => Chunks::Done,
                    None if b == b'\n' => Chunks::line_end(value),
                    None => Chunks::Extension { value },
                },
                Chunks::Extension { value } if b == b'\n' => Chunks::line_end(value),
                Chunks::Extension { value } => Chunks::Extension { value },
                Chunks::DataCr if b == b'\r' => Chunks::DataLf,
                Chunks::DataCr | Chunks::DataLf if b == b'\n' => Chunks::START,
                Chunks::Trailers { line_empty } if b == b'\n' => {
                    if line_empty {
                        Chunks::Done
                    } else {
                        Chunks::Trailers { line_empty: true }
                    }
                }
                Chunks::Trailers { line_empty } if b == b'\r' => Chunks::Trailers { line_empty },
                Chunks::Trailers { .. } => Chunks::Trailers { line_empty: false },
                Chunks::DataCr | Chunks::DataLf | Chunks::Done => Chunks::Done,
            };
            if *self == Chunks::Done {
                return Ok(());
            }
            data = rest;
        }
        Ok(())
    }

    fn line_end(size: u64) -> Chunks {
        if size == 0 {
            Chunks::Trailers { line_empty: true }
        } else {
            Chunks::Data(size)
        }
    }
}

struct Refusal {
    out: Vec<u8>,
    stage: Stage,
}

enum Stage {
    Write(usize),
    Flush,
    Shutdown,
    Linger(usize),
    Done,
}

enum Verdict {
    Pass,
    TooSlow,
    TooLarge,
    ChunkTooLarge,
}

impl<S> Guarded<S> {
    pub fn new(inner: S, limits: Arc<HeadLimits>, exchanges: Arc<Exchanges>) -> Self {
        Guarded {
            inner,
            limits,
            exchanges,
            answered_seen: 0,
            preface: Some(0),
            phase: Phase::Idle,
            timer: None,
            refusal: None,
        }
    }

    /// The instant the head in progress becomes too slow, if one is.
    fn deadline(&self) -> Option<Instant> {
        let rate = self.limits.rate?;
        match &self.phase {
            Phase::Head(h) => Some(rate.deadline(h.start, h.bytes)),
            Phase::Parsed { start, bytes, .. } => Some(rate.deadline(*start, *bytes)),
            Phase::Idle | Phase::Off => None,
        }
    }

    /// Arms the timer for `at` and polls it (registering the waker).
    fn poll_timer(&mut self, at: Instant, cx: &mut Context<'_>) -> Poll<()> {
        match &mut self.timer {
            Some(t) => {
                if t.deadline() != at {
                    t.as_mut().reset(at);
                }
            }
            None => self.timer = Some(Box::pin(tokio::time::sleep_until(at))),
        }
        match &mut self.timer {
            Some(t) => t.as_mut().poll(cx),
            None => Poll::Pending,
        }
    }

    /// Takes note of `data`, just read while no request was in flight.
    fn observe(&mut self, data: &[u8], now: Instant) -> Verdict {
        if let Some(matched) = self.preface {
            let k = (H2_PREFACE.len() - matched).min(data.len());
            if data[..k] == H2_PREFACE[matched..matched + k] {
                if matched + k == H2_PREFACE.len() {
                    self.phase = Phase::Off;
                    self.preface = None;
                    return Verdict::Pass;
                }
                self.preface = Some(matched + k);
            } else {
                self.preface = None;
            }
        }
        if matches!(self.phase, Phase::Idle) {
            self.phase = Phase::Head(Head {
                start: now,
                begun: self.exchanges.started.load(Ordering::Acquire),
                bytes: 0,
                lines: 0,
                line_empty: true,
                seen_content: false,
                first: [0; 64],
                first_len: 0,
                line: [0; 40],
                line_len: 0,
                chunked: false,
            });
        }
        let max_head = self.limits.max_head as u64;
        match &mut self.phase {
            Phase::Head(h) => {
                let mut end = None;
                for (i, &b) in data.iter().enumerate() {
                    if h.first_len < h.first.len() {
                        h.first[h.first_len] = b;
                        h.first_len += 1;
                    }
                    if b == b'\n' {
                        h.chunked |= declares_chunked(&h.line[..h.line_len]);
                        h.line_len = 0;
                    } else if h.line_len < h.line.len() {
                        h.line[h.line_len] = b;
                        h.line_len += 1;
                    }
                    h.bytes += 1;
                    if h.bytes > max_head {
                        return Verdict::TooLarge;
                    }
                    match b {
                        b'\n' => {
                            if h.line_empty && h.seen_content {
                                end = Some(i);
                                break;
                            }
                            if !h.line_empty {
                                h.lines += 1;
                                // The request line and MAX_HEADERS fields.
                                if h.lines > MAX_HEADERS + 1 {
                                    return Verdict::TooLarge;
                                }
                            }
                            h.line_empty = true;
                        }
                        b'\r' => {}
                        _ => {
                            h.line_empty = false;
                            h.seen_content = true;
                        }
                    }
                }
                if let Some(end) = end {
                    let api = targets_api(&h.first[..h.first_len]);
                    let mut chunks = h.chunked.then_some(Chunks::START);
                    if let Some(c) = &mut chunks
                        && c.feed(&data[end + 1..], self.limits.max_for(api)).is_err()
                    {
                        self.phase = Phase::Parsed {
                            start: h.start,
                            begun: h.begun,
                            bytes: h.bytes,
                            api,
                            chunks,
                        };
                        return Verdict::ChunkTooLarge;
                    }
                    self.phase = Phase::Parsed {
                        start: h.start,
                        begun: h.begun,
                        bytes: h.bytes,
                        api,
                        chunks,
                    };
                }
            }
            Phase::Parsed { bytes, .. } => *bytes += data.len() as u64,
            Phase::Idle | Phase::Off => {}
        }
        match self.deadline() {
            Some(deadline) if now >= deadline => Verdict::TooSlow,
            _ => Verdict::Pass,
        }
    }

    /// Takes note of body bytes read while their request is in flight: a
    /// chunked body's sizes.
    fn observe_body(&mut self, data: &[u8]) -> Verdict {
        if let Phase::Parsed {
            api,
            chunks: Some(c),
            ..
        } = &mut self.phase
        {
            let max = self.limits.max_for(*api);
            if c.feed(data, max).is_err() {
                return Verdict::ChunkTooLarge;
            }
        }
        Verdict::Pass
    }

    /// The answer for a refused head (431) or chunk (413).
    fn refusal(&self, verdict: &Verdict) -> Vec<u8> {
        match verdict {
            Verdict::ChunkTooLarge => {
                self.answer(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large")
            }
            _ => self.answer(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "Request header fields too large",
            ),
        }
    }

    /// Whether hyper is answering the head in progress itself (a head it
    /// could not parse), having called no service for it.
    fn hyper_answers_head(&self) -> bool {
        let begun = match &self.phase {
            Phase::Head(h) => h.begun,
            Phase::Parsed { begun, .. } => *begun,
            Phase::Idle | Phase::Off => return false,
        };
        begun == self.exchanges.started.load(Ordering::Acquire)
    }

    /// Takes over hyper's own error answer (`HTTP/1.1 4xx/5xx`, a head
    /// with an empty body, written at once) to a head it refused: the
    /// edge's answer goes out instead.
    fn take_over(&mut self, write: &[u8]) -> bool {
        if self.refusal.is_some() || !write.ends_with(b"\r\n\r\n") || !self.hyper_answers_head() {
            return false;
        }
        let Some(code) = write
            .strip_prefix(b"HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| StatusCode::from_bytes(code).ok())
            .filter(|code| code.is_client_error() || code.is_server_error())
        else {
            return false;
        };
        let out = self.answer(code, code.canonical_reason().unwrap_or("Bad request"));
        self.refusal = Some(Refusal {
            out,
            stage: Stage::Write(0),
        });
        true
    }

    /// An answer in the edge's shape, closing the connection.
    fn answer(&self, status: StatusCode, message: &str) -> Vec<u8> {
        let api = match &self.phase {
            Phase::Head(h) => targets_api(&h.first[..h.first_len]),
            Phase::Parsed { api, .. } => *api,
            _ => false,
        };
        let status = format!(
            "{} {}",
            status.as_str(),
            status.canonical_reason().unwrap_or("Error")
        );
        let (content_type, body) = if api {
            (
                "application/json",
                serde_json::json!({ "message": message }).to_string(),
            )
        } else {
            ("text/plain; charset=utf-8", format!("{message}\n"))
        };
        let mut out = format!(
            "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n{}",
            body.len(),
            if api { "x-cache-status: BYPASS\r\n" } else { "" },
        )
        .into_bytes();
        out.extend_from_slice(&self.limits.extra_headers);
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body.as_bytes());
        out
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Guarded<S> {
    /// Writes the refusal, closes the write side, then reads and discards
    /// what the client still sends for a moment (at most [`LINGER`]); ready
    /// once all that is done, and at once from then on. hyper then sees EOF,
    /// and its own writes are swallowed.
    fn poll_refusal(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            let Some(r) = self.refusal.as_mut() else {
                return Poll::Ready(Ok(()));
            };
            let next = match r.stage {
                Stage::Write(pos) => {
                    let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &r.out[pos..]))?;
                    if n == 0 {
                        return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                    }
                    if pos + n == r.out.len() {
                        Stage::Flush
                    } else {
                        Stage::Write(pos + n)
                    }
                }
                Stage::Flush => {
                    ready!(Pin::new(&mut self.inner).poll_flush(cx))?;
                    Stage::Shutdown
                }
                Stage::Shutdown => {
                    if ready!(Pin::new(&mut self.inner).poll_shutdown(cx)).is_err() {
                        Stage::Done
                    } else {
                        self.timer = Some(Box::pin(tokio::time::sleep(LINGER)));
                        Stage::Linger(0)
                    }
                }
                Stage::Linger(drained) => {
                    let expired = self
                        .timer
                        .as_mut()
                        .is_none_or(|t| t.as_mut().poll(cx).is_ready());
                    if expired {
                        Stage::Done
                    } else {
                        let mut scratch = [0u8; 4096];
                        let mut rb = ReadBuf::new(&mut scratch);
                        match ready!(Pin::new(&mut self.inner).poll_read(cx, &mut rb)) {
                            Ok(()) if !rb.filled().is_empty() => {
                                let drained = drained + rb.filled().len();
                                if drained > LINGER_BYTES {
                                    Stage::Done
                                } else {
                                    Stage::Linger(drained)
                                }
                            }
                            _ => Stage::Done,
                        }
                    }
                }
                Stage::Done => return Poll::Ready(Ok(())),
            };
            if let Some(r) = self.refusal.as_mut() {
                r.stage = next;
            }
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.refusal.is_some() {
            return this.poll_refusal(cx);
        }
        if matches!(this.phase, Phase::Off) {
            return Pin::new(&mut this.inner).poll_read(cx, buf);
        }
        let answered = this.exchanges.answered.load(Ordering::Acquire);
        if answered != this.answered_seen {
            this.answered_seen = answered;
            this.phase = Phase::Idle;
        }
        let between = this.exchanges.started.load(Ordering::Acquire) == answered;
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() == before {
                    return Poll::Ready(Ok(()));
                }
                let data = &buf.filled()[before..];
                let verdict = if between {
                    this.observe(data, Instant::now())
                } else {
                    this.observe_body(data)
                };
                match verdict {
                    Verdict::Pass => Poll::Ready(Ok(())),
                    Verdict::TooSlow => Poll::Ready(Err(too_slow(&this.limits.metrics))),
                    Verdict::TooLarge | Verdict::ChunkTooLarge => {
                        this.limits.metrics.http_refused(match verdict {
                            Verdict::ChunkTooLarge => HttpRefusal::ChunkTooLarge,
                            _ => HttpRefusal::HeadTooLarge,
                        });
                        buf.set_filled(before);
                        this.refusal = Some(Refusal {
                            out: this.refusal(&verdict),
                            stage: Stage::Write(0),
                        });
                        this.poll_refusal(cx)
                    }
                }
            }
            Poll::Pending => {
                if between
                    && let Some(deadline) = this.deadline()
                    && this.poll_timer(deadline, cx).is_ready()
                {
                    return Poll::Ready(Err(too_slow(&this.limits.metrics)));
                }
                Poll::Pending
            }
            other => other,
        }
    }
}

fn too_slow(metrics: &Metrics) -> io::Error {
    metrics.http_refused(HttpRefusal::SlowHead);
    io::Error::new(
        io::ErrorKind::TimedOut,
        "request head arrived below the minimum data rate",
    )
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.refusal.is_some() || this.take_over(buf) {
            // Swallowed: the edge's answer goes out instead (on flush).
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        // hyper's own answer is one slice: a head and no body.
        let mut parts = bufs.iter().filter(|b| !b.is_empty());
        let only = match (parts.next(), parts.next()) {
            (Some(b), None) => &b[..],
            _ => &[][..],
        };
        if this.refusal.is_some() || this.take_over(only) {
            return Poll::Ready(Ok(bufs.iter().map(|b| b.len()).sum()));
        }
        Pin::new(&mut this.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.refusal.is_some() {
            return this.poll_refusal(cx);
        }
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.refusal.is_some() {
            return this.poll_refusal(cx);
        }
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

impl HeadLimits {
    fn max_for(&self, api: bool) -> u64 {
        if api {
            self.max_api_body
        } else {
            self.max_body
        }
    }
}

/// Whether a head line (its first bytes) is `Transfer-Encoding: …chunked`.
fn declares_chunked(line: &[u8]) -> bool {
    const NAME: &[u8] = b"transfer-encoding:";
    line.len() > NAME.len()
        && line[..NAME.len()].eq_ignore_ascii_case(NAME)
        && line[NAME.len()..]
            .windows(7)
            .any(|w| w.eq_ignore_ascii_case(b"chunked"))
}

/// Whether a request line (possibly cut short) targets `/api`.
fn targets_api(first: &[u8]) -> bool {
    let line = match first.iter().position(|&b| b != b'\r' && b != b'\n') {
        Some(i) => &first[i..],
        None => return false,
    };
    let Some(sp) = line.iter().position(|&b| b == b' ') else {
        return false;
    };
    let mut target = &line[sp + 1..];
    for scheme in [&b"http://"[..], b"https://"] {
        if target.len() >= scheme.len() && target[..scheme.len()].eq_ignore_ascii_case(scheme) {
            let rest = &target[scheme.len()..];
            target = match rest.iter().position(|&b| b == b'/') {
                Some(i) => &rest[i..],
                None => return false,
            };
        }
    }
    target.starts_with(b"/api") && matches!(target.get(4), None | Some(b'/' | b' ' | b'?'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_targets() {
        assert!(targets_api(b"GET /api/products/x HTTP/1.1\r\n"));
        assert!(targets_api(b"\r\nPOST /api HTTP/1.1"));
        assert!(targets_api(b"GET /api?x=1 HTTP/1.1"));
        assert!(targets_api(b"GET http://example.org/api/x HTTP/1.1"));
        assert!(targets_api(
            b"OPTIONS /api/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        ));
        assert!(!targets_api(b"GET /apiary HTTP/1.1"));
        assert!(!targets_api(b"GET / HTTP/1.1"));
        assert!(!targets_api(b"GET"));
    }

    #[test]
    fn chunk_sizes_are_followed() {
        let mut c = Chunks::START;
        let body = b"5\r\nhello\r\na;ext=1\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n";
        // Byte by byte and at once give the same result.
        for b in body.iter() {
            assert!(c.feed(std::slice::from_ref(b), 10).is_ok());
        }
        assert_eq!(c, Chunks::Done);
        let mut c = Chunks::START;
        assert!(c.feed(body, 10).is_ok());
        assert_eq!(c, Chunks::Done);

        let mut c = Chunks::START;
        assert!(c.feed(b"5\r\nhello\r\nb\r\n", 10).is_err(), "11 > 10");
        let mut c = Chunks::START;
        assert!(
            c.feed(b"7fffff", 1 << 20).is_err(),
            "refused before the line ends"
        );
        let mut c = Chunks::START;
        assert!(
            c.feed(b"0000000000000000000001\r\n", 10).is_err(),
            "too many digits"
        );
        assert!(declares_chunked(b"Transfer-Encoding: gzip, Chunked\r"));
        assert!(!declares_chunked(b"X-Transfer-Encoding: chunked"));
    }

    #[test]
    fn rate_deadlines_grow_with_the_bytes() {
        let rate = DataRate {
            bytes_per_sec: 240,
            grace: Duration::from_secs(5),
        };
        let t0 = Instant::now();
        assert_eq!(rate.deadline(t0, 0), t0 + Duration::from_secs(5));
        assert_eq!(rate.deadline(t0, 480), t0 + Duration::from_secs(7));
        assert!(rate.deadline(t0, u64::MAX) > t0);
    }
}
