//! The control socket: how `chloromaster admin …` and `chloromaster backup`
//! reach a running appliance, whose database they cannot open (redb allows
//! one process per file).
//!
//! `<data dir>/control.sock`, a Unix stream socket with mode 0600 inside
//! the 0700 data directory; it is bound under a temporary name, restricted,
//! then renamed into place, so it never exists with wider permissions. A
//! stale socket is removed at start only after the database was opened
//! (its lock proves no other appliance uses the directory), and the socket
//! is removed at shutdown. A peer must run as the appliance's user or root
//! (`SO_PEERCRED`).
//!
//! Protocol, version [`VERSION`]: one request per connection, one JSON
//! line each way. The request is `{"v":1,"op":"…",…}` ([`Request`]); the
//! answer `{"ok":true,"output":"…"}` or `{"ok":false,"error":"…"}`. For
//! `backup` the answer line carries `size`, and exactly that many bytes of
//! the backup archive follow it. Passwords travel only over this socket and
//! are never logged.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream as StdUnixStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};
use tokio_util::sync::CancellationToken;

use crate::accounts::AdminOp;
use crate::backup::{self, CacheSource};
use crate::cache::Store;
use crate::db::Db;

/// The protocol version this build speaks.
pub const VERSION: u32 = 1;
pub const FILE_NAME: &str = "control.sock";
/// Longest request line accepted.
const MAX_REQUEST: u64 = 64 * 1024;
/// A client that sends nothing for this long is dropped.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub v: u32,
    #[serde(flatten)]
    pub op: Op,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    Admin(AdminOp),
    Backup,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Response {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Bytes that follow the line (backup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

impl Response {
    fn error(msg: impl Into<String>) -> Self {
        Response {
            ok: false,
            error: Some(msg.into()),
            ..Response::default()
        }
    }
}

/// What the server works on.
pub struct Control {
    pub db: Db,
    pub store: Arc<Store>,
    pub session_key: Arc<crate::auth::SessionKey>,
    pub data_dir: PathBuf,
}

/// The socket's path for a data directory.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// Binds `<data dir>/control.sock` with mode 0600, replacing a stale one.
/// Call only while holding the database (the proof that no other appliance
/// serves this directory).
pub fn bind(data_dir: &Path) -> anyhow::Result<UnixListener> {
    let path = socket_path(data_dir);
    let tmp = data_dir.join(format!(".{FILE_NAME}.{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let listener = UnixListener::bind(&tmp)
        .with_context(|| format!("cannot bind the control socket {}", tmp.display()))?;
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))
        .and_then(|()| std::fs::rename(&tmp, &path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
        .with_context(|| format!("cannot put the control socket at {}", path.display()))?;
    Ok(listener)
}

/// Serves the control socket until `shutdown`, then removes it.
pub async fn serve(listener: UnixListener, control: Arc<Control>, shutdown: CancellationToken) {
    let path = socket_path(&control.data_dir);
    // The socket file is ours: its owner is the user we run as.
    let own_uid = std::fs::metadata(&path).map(|m| m.uid()).ok();
    let mut conns = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let control = control.clone();
                    conns.spawn(async move { connection(stream, control, own_uid).await });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "control socket: accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.shutdown().await;
    drop(listener);
    let _ = std::fs::remove_file(&path);
}

async fn connection(mut stream: UnixStream, control: Arc<Control>, own_uid: Option<u32>) {
    let peer = stream.peer_cred().ok().map(|c| c.uid());
    let allowed = matches!((peer, own_uid), (Some(p), Some(o)) if p == o || p == 0);
    let response = if !allowed {
        tracing::warn!(peer_uid = ?peer, "control socket: peer of another user refused");
        Response::error("permission denied: run this as the appliance's user or root")
    } else {
        match read_request(&mut stream).await {
            Err(e) => Response::error(e),
            Ok(Request { v, .. }) if v != VERSION => Response::error(format!(
                "control protocol version {v} is not spoken here (this appliance speaks {VERSION}); use the chloromaster binary of the running version"
            )),
            Ok(Request { op: Op::Backup, .. }) => return backup(stream, &control).await,
            Ok(Request {
                op: Op::Admin(op), ..
            }) => {
                let what = op.name();
                match crate::accounts::execute(
                    &control.db,
                    Some(crate::accounts::Live {
                        store: &control.store,
                        session_key: &control.session_key,
                    }),
                    op,
                )
                .await
                {
                    Ok(output) => {
                        tracing::info!(command = what, "control socket: admin command done");
                        Response {
                            ok: true,
                            output: Some(output),
                            ..Response::default()
                        }
                    }
                    Err(e) => Response::error(e),
                }
            }
        }
    };
    let _ = write_line(&mut stream, &response).await;
}

async fn read_request(stream: &mut UnixStream) -> Result<Request, String> {
    let mut line = String::new();
    let mut reader = tokio::io::BufReader::new(stream).take(MAX_REQUEST);
    match tokio::time::timeout(REQUEST_TIMEOUT, reader.read_line(&mut line)).await {
        Err(_) => return Err("no request within 10 s".into()),
        Ok(Err(e)) => return Err(format!("cannot read the request: {e}")),
        Ok(Ok(_)) => {}
    }
    serde_json::from_str(&line).map_err(|e| format!("bad request: {e}"))
}

async fn write_line(stream: &mut UnixStream, response: &Response) -> std::io::Result<()> {
    let mut bytes = serde_json::to_vec(response).unwrap_or_default();
    bytes.push(b'\n');
    stream.write_all(&bytes).await
}

async fn backup(mut stream: UnixStream, control: &Control) {
    let started = std::time::Instant::now();
    let prepared = match backup::prepare(
        &control.db,
        CacheSource::Store(control.store.clone()),
        &control.data_dir,
    )
    .await
    {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "control socket: backup failed");
            let _ = write_line(
                &mut stream,
                &Response::error(format!("backup failed: {e:#}")),
            )
            .await;
            return;
        }
    };
    let head = Response {
        ok: true,
        output: Some(prepared.manifest.summary()),
        size: Some(prepared.size),
        ..Response::default()
    };
    if write_line(&mut stream, &head).await.is_err() {
        return;
    }
    let size = prepared.size;
    let result = match stream.into_std() {
        Ok(std_stream) => tokio::task::spawn_blocking(move || {
            std_stream.set_nonblocking(false)?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, &std_stream);
            prepared.write_to(&mut w)
        })
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e))),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => tracing::info!(
            bytes = size,
            ms = started.elapsed().as_millis() as u64,
            "control socket: backup streamed"
        ),
        Err(e) => tracing::warn!(error = %e, "control socket: backup stream broken off"),
    }
}

/// The client side: sends `op` to the appliance serving `data_dir`.
/// `Ok(None)` when nothing listens there (the socket is missing or stale).
pub fn connect(data_dir: &Path) -> Option<StdUnixStream> {
    StdUnixStream::connect(socket_path(data_dir)).ok()
}

/// Sends one request and reads the answer line; the stream is returned for
/// what follows the line (the backup bytes).
pub fn call(stream: StdUnixStream, op: Op) -> anyhow::Result<(Response, BufReader<StdUnixStream>)> {
    // A stuck appliance must not hang the CLI forever; a backup of a large
    // database takes seconds before its first byte.
    stream.set_read_timeout(Some(Duration::from_secs(300)))?;
    let mut line = serde_json::to_vec(&Request { v: VERSION, op })?;
    line.push(b'\n');
    (&stream)
        .write_all(&line)
        .context("cannot send the request to the appliance")?;
    let mut reader = BufReader::new(stream);
    let mut answer = String::new();
    (&mut reader)
        .take(MAX_REQUEST)
        .read_line(&mut answer)
        .context("the appliance did not answer")?;
    let response: Response = serde_json::from_str(&answer)
        .with_context(|| format!("the appliance answered something unexpected: {answer:?}"))?;
    Ok((response, reader))
}
