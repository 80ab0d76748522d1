//! A request body must arrive at the minimum data rate (like Kestrel's
//! `MinRequestBodyDataRate`): measured from the handler's first read, on
//! average since then, once the grace time is over. A body that falls
//! below it ends with an error for the handler, and the edge answers the
//! request 408 ([`SlowBody`] tells it so), whatever the handler made of the
//! error. HTTP/1 and HTTP/2 alike.

use crate::metrics::{HttpRefusal, Metrics};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::body::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use tokio::time::{Instant, Sleep};

use super::head_guard::DataRate;

/// In a request's extensions when its body is watched: set once the body
/// fell below the rate.
#[derive(Debug, Clone, Default)]
pub struct SlowBody(Arc<AtomicBool>);

impl SlowBody {
    pub fn tripped(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// The error a too slow body ends with.
#[derive(Debug)]
pub struct BodyTooSlow;

impl std::fmt::Display for BodyTooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("request body arrived below the minimum data rate")
    }
}

impl std::error::Error for BodyTooSlow {}

/// A request body, watched when a rate is set.
pub struct RateBody {
    inner: Incoming,
    watch: Option<Watch>,
}

struct Watch {
    rate: DataRate,
    metrics: Metrics,
    flag: SlowBody,
    start: Option<Instant>,
    bytes: u64,
    timer: Option<Pin<Box<Sleep>>>,
}

impl RateBody {
    /// The body, and the flag to put in the request when it is watched.
    pub fn new(
        inner: Incoming,
        rate: Option<DataRate>,
        metrics: &Metrics,
    ) -> (Self, Option<SlowBody>) {
        let watch = rate.filter(|_| !inner.is_end_stream()).map(|rate| Watch {
            rate,
            metrics: metrics.clone(),
            flag: SlowBody::default(),
            start: None,
            bytes: 0,
            timer: None,
        });
        let flag = watch.as_ref().map(|w| w.flag.clone());
        (RateBody { inner, watch }, flag)
    }
}

impl Body for RateBody {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        let Some(w) = this.watch.as_mut() else {
            return polled.map_err(Into::into);
        };
        let now = Instant::now();
        let start = *w.start.get_or_insert(now);
        match polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    w.bytes += data.len() as u64;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(other) => Poll::Ready(other.map(|r| r.map_err(Into::into))),
            Poll::Pending => {
                let deadline = w.rate.deadline(start, w.bytes);
                let fired = now >= deadline || {
                    let timer = w
                        .timer
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                    if timer.deadline() != deadline {
                        timer.as_mut().reset(deadline);
                    }
                    timer.as_mut().poll(cx).is_ready()
                };
                if fired {
                    w.flag.0.store(true, Ordering::Release);
                    w.metrics.http_refused(HttpRefusal::SlowBody);
                    // Nothing more is read of it.
                    this.watch = None;
                    return Poll::Ready(Some(Err(Box::new(BodyTooSlow))));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
