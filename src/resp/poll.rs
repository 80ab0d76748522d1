//! Adaptive busy-polling on a RESP thread, the way a KVM guest's haltpoll
//! idle governor polls for a moment before it halts a vCPU.
//!
//! When a RESP thread has nothing to run, tokio parks it in `epoll_wait`,
//! and the client's next request has to wake it. On a machine where client
//! and server share two cores, that wake-up is the largest single cost in
//! the client's `send` (perf: ~15 % of a `redis-benchmark -P 1` client's
//! time, more against this server than against redis-server, whose thread
//! happened to sleep less). When requests keep arriving microseconds apart,
//! it is cheaper for both sides that the thread polls on instead of
//! sleeping; when they do not, polling only burns CPU.
//!
//! So each RESP thread runs [`run`]: after a connection reports requests
//! ([`note_activity`]) it keeps yielding — the runtime then polls epoll
//! without blocking — until no request has come for `window`, then lets
//! the thread sleep. The window adapts as haltpoll's does ([`next_window`]):
//! a sleep that ended within the maximum grows it (polling would have
//! caught that request), a longer sleep halves it, and below a floor it is
//! zero. Under sparse traffic the thread therefore sleeps exactly as before,
//! and an idle appliance uses no CPU; the maximum (`CHLORO_RESP_BUSY_POLL_US`,
//! default 20 µs, `0` turns polling off) bounds what one idle period costs.
//!
//! Measured (`redis-benchmark -t get -P 1`, server alone on the machine):
//! 50 clients 137k → 156k ops/s for 20 % more server CPU per request;
//! 4 clients 65k → 75k ops/s for the same CPU; one client, whose requests
//! come ~50 µs apart, unchanged in both; idle, 0 CPU.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// One RESP thread's activity signal, shared by its connections and its
/// poller (thread-local: the thread's current-thread runtime runs both).
#[derive(Default)]
struct Activity {
    /// Reads that brought requests, so far.
    count: Cell<u64>,
    /// Set while the poller sleeps, waiting for activity.
    idle: Cell<bool>,
    wake: Notify,
}

thread_local! {
    static ACTIVITY: Cell<Option<Rc<Activity>>> = const { Cell::new(None) };
}

/// Called by a connection when a read brought requests. Does nothing on a
/// thread without a poller (the tests' shared runtime).
pub(crate) fn note_activity() {
    ACTIVITY.with(|slot| {
        let Some(activity) = slot.take() else {
            return;
        };
        activity.count.set(activity.count.get().wrapping_add(1));
        if activity.idle.replace(false) {
            activity.wake.notify_one();
        }
        slot.set(Some(activity));
    });
}

/// The polling window after a sleep of `slept`: haltpoll's rule. A sleep
/// within `max` would have been caught by polling, so the window grows
/// (doubling, from a quarter of `max`); a longer one halves it, and once it
/// would fall under a quarter of `max` it is zero.
pub(crate) fn next_window(window: Duration, slept: Duration, max: Duration) -> Duration {
    let start = max / 4;
    if slept <= max {
        (window * 2).clamp(start, max)
    } else if window / 2 < start {
        Duration::ZERO
    } else {
        window / 2
    }
}

/// Polls after activity on the current thread, adapting the window, until
/// dropped; never returns. With `max` zero (polling off) it only waits.
pub(crate) async fn run(max: Duration) {
    if max.is_zero() {
        return std::future::pending().await;
    }
    let activity = Rc::new(Activity::default());
    ACTIVITY.with(|slot| slot.set(Some(activity.clone())));
    // Clears the thread's slot when the poller stops (shutdown).
    struct Unset;
    impl Drop for Unset {
        fn drop(&mut self) {
            ACTIVITY.with(|slot| slot.set(None));
        }
    }
    let _unset = Unset;
    let mut window = Duration::ZERO;
    loop {
        activity.idle.set(true);
        let asleep = Instant::now();
        activity.wake.notified().await;
        window = next_window(window, asleep.elapsed(), max);
        if window.is_zero() {
            continue;
        }
        let mut seen = activity.count.get();
        let mut last = Instant::now();
        loop {
            tokio::task::yield_now().await;
            let now = Instant::now();
            let count = activity.count.get();
            if count != seen {
                seen = count;
                last = now;
            } else if now.duration_since(last) >= window {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: Duration = Duration::from_micros(20);

    fn us(n: u64) -> Duration {
        Duration::from_micros(n)
    }

    #[test]
    fn dense_requests_grow_the_window_to_the_maximum() {
        let mut w = Duration::ZERO;
        let mut seen = Vec::new();
        for _ in 0..4 {
            w = next_window(w, us(3), MAX);
            seen.push(w);
        }
        assert_eq!(seen, [us(5), us(10), us(20), us(20)]);
    }

    #[test]
    fn sparse_requests_shrink_it_to_nothing() {
        let mut w = MAX;
        let mut seen = Vec::new();
        for _ in 0..4 {
            w = next_window(w, us(1000), MAX);
            seen.push(w);
        }
        assert_eq!(seen, [us(10), us(5), Duration::ZERO, Duration::ZERO]);
        // Requests ~50 µs apart (one client in lock-step) never start it.
        assert_eq!(next_window(Duration::ZERO, us(50), MAX), Duration::ZERO);
    }

    /// On a current-thread runtime: the poller spins while activity is
    /// reported and lets the runtime sleep once it stops.
    #[test]
    fn the_poller_stops_spinning_when_requests_stop() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let poller = tokio::task::LocalSet::new();
            poller.spawn_local(run(MAX));
            poller
                .run_until(async {
                    tokio::task::yield_now().await;
                    for _ in 0..2000 {
                        note_activity();
                        tokio::task::yield_now().await;
                    }
                    // Activity stopped: within a window the poller sleeps,
                    // so a 50 ms sleep costs (almost) no CPU.
                    let cpu = thread_cpu();
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    let used = thread_cpu() - cpu;
                    // Spinning on would use all 50 ms; ticks are 10 ms.
                    assert!(used < Duration::from_millis(30), "spun {used:?}");
                })
                .await;
        });
        ACTIVITY.with(|slot| assert!(slot.take().is_none(), "slot cleared"));
    }

    /// CPU time of the calling thread, from `/proc/thread-self/stat`
    /// (clock ticks of 10 ms).
    fn thread_cpu() -> Duration {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("stat");
        let rest = stat.rsplit_once(')').expect("comm").1;
        let f: Vec<u64> = rest
            .split_whitespace()
            .skip(11)
            .take(2)
            .map(|v| v.parse().expect("ticks"))
            .collect();
        Duration::from_millis((f[0] + f[1]) * 10)
    }
}
