//! Listening sockets that outlive the process across `systemctl restart`
//! (and so across a package upgrade, whose postinst restarts the service),
//! through systemd's file-descriptor store.
//!
//! Each listener bound here is handed to systemd with `FDSTORE=1` and its
//! name (`FDNAME=http`, `https`, `resp`, `metrics`); the unit's
//! `FileDescriptorStoreMax=` lets systemd keep them. On a restart systemd
//! keeps the store across the stop and the start (it flushes it only when
//! the service is stopped for good), so while the old process drains and
//! the new one starts, the sockets stay bound and listening: a connection
//! arriving then waits in the kernel's backlog and is answered by the new
//! process, never refused. The next process receives them as `LISTEN_FDS`
//! with `LISTEN_FDNAMES` and adopts one only when its name and its bound
//! address (`getsockname`) are what the configuration asks for now; every
//! other inherited socket is closed and removed from the store
//! (`FDSTOREREMOVE=1`), and a listener with nothing to adopt is bound anew.
//! So the addresses stay configured in one place, the environment file.
//!
//! The old process, on stop, only closes its own descriptors: it never
//! calls `shutdown()` on a listening socket (that would end the listen
//! queue for every holder, and systemd drops a stored fd that reports
//! `EPOLLHUP`).
//!
//! Outside systemd (no `LISTEN_FDS`, no `NOTIFY_SOCKET`) and in the tests'
//! `App`, there is nothing to adopt and nothing to store: every listener is
//! bound as before.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::os::fd::AsFd;

use sd_notify::NotifyState;
use tokio::net::TcpListener;

/// Listening sockets received from systemd, not yet claimed.
pub struct Handover {
    inherited: Vec<Inherited>,
    /// Whether listeners are offered to systemd's store (`serve`, not the
    /// tests' `App`); without `NOTIFY_SOCKET` the offer is a no-op.
    store: bool,
}

struct Inherited {
    name: String,
    listener: std::net::TcpListener,
}

impl Handover {
    /// Nothing inherited, nothing stored: every listener is bound anew
    /// (the tests' `App`, and `App::start`).
    pub fn none() -> Handover {
        Handover {
            inherited: Vec::new(),
            store: false,
        }
    }

    /// Takes the sockets systemd passed (`LISTEN_FDS`, `LISTEN_FDNAMES`,
    /// checked against `LISTEN_PID`), and offers new listeners to the store
    /// (a no-op without `NOTIFY_SOCKET`). Unsets `LISTEN_FDS` and
    /// `LISTEN_PID`, so call it before any other thread runs (before the
    /// async runtime).
    pub fn from_env() -> Handover {
        let names: Vec<String> = match sd_notify::listen_fds_with_names() {
            Ok(fds) => fds.map(|(_, name)| name).collect(),
            Err(e) => {
                tracing::warn!(error = %e, "ignoring the sockets passed by systemd");
                Vec::new()
            }
        };
        // listenfd turns the numbers into sockets (it checks each is a TCP
        // socket); it also unsets LISTEN_FDS and LISTEN_PID.
        let mut fds = listenfd::ListenFd::from_env();
        let mut inherited = Vec::new();
        for (idx, name) in names.into_iter().enumerate() {
            match fds.take_tcp_listener(idx) {
                Ok(Some(listener)) => inherited.push(Inherited { name, listener }),
                Ok(None) => {}
                Err(e) => tracing::warn!(
                    listener = %name,
                    error = %e,
                    "ignoring the socket {name:?} passed by systemd: not a TCP socket"
                ),
            }
        }
        if !inherited.is_empty() {
            let names: Vec<&str> = inherited.iter().map(|s| s.name.as_str()).collect();
            tracing::debug!(sockets = ?names, "sockets passed by systemd");
        }
        Handover {
            inherited,
            store: true,
        }
    }

    /// The listener called `name` for `addr`: the inherited socket of that
    /// name when it is bound to exactly `addr`, else `bind(addr)`, which is
    /// then offered to systemd's store under `name`. An inherited socket of
    /// that name on another address is closed and removed from the store
    /// first, so it is never used for an address no longer configured.
    pub async fn listener<F, Fut>(
        &mut self,
        name: &'static str,
        addr: SocketAddr,
        bind: F,
    ) -> io::Result<TcpListener>
    where
        F: FnOnce(SocketAddr) -> Fut,
        Fut: Future<Output = io::Result<TcpListener>>,
    {
        if let Some(pos) = self.inherited.iter().position(|s| s.name == name) {
            let socket = self.inherited.swap_remove(pos);
            match socket.listener.local_addr() {
                Ok(bound) if bound == addr => match adopt(socket.listener) {
                    Ok(listener) => {
                        tracing::info!(
                            listener = name,
                            %addr,
                            "kept the {name} socket across the restart (systemd's file-descriptor store)"
                        );
                        return Ok(listener);
                    }
                    Err(e) => {
                        tracing::warn!(listener = name, error = %e, "cannot use the kept {name} socket; binding anew");
                    }
                },
                Ok(bound) => tracing::info!(
                    listener = name,
                    kept = %bound,
                    configured = %addr,
                    "the address changed: closing the kept {name} socket on {bound}, binding {addr}"
                ),
                Err(e) => {
                    tracing::warn!(listener = name, error = %e, "cannot read the kept {name} socket's address; binding anew")
                }
            }
            // Dropping our descriptor is not enough: systemd holds one too.
            self.forget(name);
        }
        let listener = bind(addr).await?;
        if self.store {
            remember(name, &listener);
        }
        Ok(listener)
    }

    /// Closes every inherited socket nothing claimed (a listener turned off,
    /// or a name this version does not know) and removes it from the store.
    pub fn finish(mut self) {
        for socket in std::mem::take(&mut self.inherited) {
            let addr = socket
                .listener
                .local_addr()
                .map_or_else(|_| "?".to_owned(), |a| a.to_string());
            tracing::info!(
                listener = %socket.name,
                %addr,
                "closing the kept {} socket on {addr}: no longer configured",
                socket.name
            );
            drop(socket.listener);
            self.forget(&socket.name);
        }
    }

    /// Asks systemd to drop its copy of the sockets called `name`.
    fn forget(&self, name: &str) {
        if !self.store {
            return;
        }
        if let Err(e) = sd_notify::notify(&[NotifyState::FdStoreRemove, NotifyState::FdName(name)])
        {
            tracing::warn!(listener = name, error = %e, "cannot remove the {name} socket from systemd's store");
        }
    }
}

/// An inherited socket on the runtime. It is already listening: the
/// previous process bound it with the same options.
fn adopt(listener: std::net::TcpListener) -> io::Result<TcpListener> {
    listener.set_nonblocking(true)?;
    TcpListener::from_std(listener)
}

/// Offers `listener` to systemd's store under `name`. Without
/// `FileDescriptorStoreMax=` (the operator's opt-out) systemd refuses it and
/// the socket lives only as long as this process.
fn remember(name: &str, listener: &TcpListener) {
    let fd = listener.as_fd();
    if let Err(e) =
        sd_notify::notify_with_fds(&[NotifyState::FdStore, NotifyState::FdName(name)], &[fd])
    {
        tracing::warn!(listener = name, error = %e, "cannot hand the {name} socket to systemd: a restart will refuse connections for a moment");
    }
}
