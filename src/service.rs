//! Life under systemd: `READY=1` once listeners are bound and stores open,
//! `STATUS=` lines, `WATCHDOG=1` at half the configured interval,
//! `STOPPING=1` on SIGTERM/SIGINT, and SIGHUP for reloads. Outside systemd
//! (no `NOTIFY_SOCKET`) every notification is a no-op. `listeners` keeps
//! the listening sockets in systemd's file-descriptor store across restarts.

pub mod listeners;

use std::time::Duration;

use sd_notify::NotifyState;
use tokio::signal::unix::{SignalKind, signal};
use tokio_util::sync::CancellationToken;

fn notify(states: &[NotifyState]) {
    if let Err(e) = sd_notify::notify(states) {
        tracing::debug!(error = %e, "sd_notify failed");
    }
}

pub fn ready(status: &str) {
    notify(&[NotifyState::Ready, NotifyState::Status(status)]);
}

pub fn stopping() {
    notify(&[NotifyState::Stopping, NotifyState::Status("stopping")]);
}

pub fn reloading() {
    notify(&[NotifyState::Reloading]);
}

/// Pings the watchdog at half the interval systemd asked for, until
/// `shutdown`. The ping comes from a task on the same runtime that serves
/// requests, so a wedged runtime stops pinging and systemd restarts it.
pub async fn watchdog(shutdown: CancellationToken) {
    let Some(interval) = sd_notify::watchdog_enabled() else {
        return;
    };
    let mut tick = tokio::time::interval((interval / 2).max(Duration::from_millis(100)));
    loop {
        tokio::select! {
            _ = tick.tick() => notify(&[NotifyState::Watchdog]),
            () = shutdown.cancelled() => return,
        }
    }
}

/// What a signal asks of the process.
pub enum Signal {
    Stop(&'static str),
    Reload,
}

/// Waits for the signals the appliance handles.
pub struct Signals {
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    pub fn new() -> std::io::Result<Self> {
        Ok(Signals {
            term: signal(SignalKind::terminate())?,
            int: signal(SignalKind::interrupt())?,
            hup: signal(SignalKind::hangup())?,
        })
    }

    pub async fn next(&mut self) -> Signal {
        tokio::select! {
            _ = self.term.recv() => Signal::Stop("SIGTERM"),
            _ = self.int.recv() => Signal::Stop("SIGINT"),
            _ = self.hup.recv() => Signal::Reload,
        }
    }
}
