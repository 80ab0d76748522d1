//! Shared by the RESP test files: a listener on a free loopback port and a
//! raw-byte client that asserts exact replies.
#![allow(dead_code)]

pub mod diff3;
pub mod redis_server;

use chloromaster::cache::Store;
use chloromaster::config::{RespConfig, Secret};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

pub struct TestServer {
    pub addr: SocketAddr,
    pub store: Arc<Store>,
    pub shutdown: CancellationToken,
    pub task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

pub struct Options {
    pub password: Option<&'static str>,
    pub max_clients: usize,
    pub idle_timeout: Option<Duration>,
    pub max_memory: u64,
    pub bind: &'static str,
    /// `CHLORO_RESP_BUSY_POLL_US`; only dedicated threads poll.
    pub busy_poll: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            password: None,
            max_clients: 100,
            idle_timeout: None,
            max_memory: 64 << 20,
            bind: "127.0.0.1:0",
            busy_poll: Duration::from_micros(20),
        }
    }
}

pub async fn start(opts: Options) -> TestServer {
    start_with(opts, chloromaster::resp::serve).await
}

/// Like [`start`], but as the appliance serves: on `threads` dedicated
/// RESP threads with their own runtimes (so no paused clock).
pub async fn start_dedicated(opts: Options, threads: usize) -> TestServer {
    start_with(opts, move |listener, store, cfg, shutdown| {
        chloromaster::resp::serve_dedicated(listener, store, cfg, shutdown, threads)
    })
    .await
}

/// Binds, then runs `serve` on a store of its own.
async fn start_with<F, Fut>(opts: Options, serve: F) -> TestServer
where
    F: FnOnce(TcpListener, Arc<Store>, RespConfig, CancellationToken) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let store = Store::in_memory(opts.max_memory);
    let listener = TcpListener::bind(opts.bind).await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let cfg = RespConfig {
        addr: Some(addr),
        password: opts.password.map(Secret::new),
        max_clients: opts.max_clients,
        idle_timeout: opts.idle_timeout,
        busy_poll: opts.busy_poll,
        output_limit: chloromaster::config::OutputLimit {
            hard: 64 << 20,
            soft: 16 << 20,
            soft_secs: 60,
        },
    };
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(serve(listener, store.clone(), cfg, shutdown.clone()));
    TestServer {
        addr,
        store,
        shutdown,
        task,
    }
}

impl TestServer {
    pub async fn client(&self) -> Raw {
        Raw(TcpStream::connect(self.addr).await.expect("connect"))
    }

    pub async fn stop(self) {
        self.shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("serve returns after shutdown")
            .expect("task")
            .expect("serve");
    }
}

pub struct Raw(pub TcpStream);

impl Raw {
    pub async fn send(&mut self, bytes: &[u8]) {
        self.0.write_all(bytes).await.expect("write");
    }

    /// Reads exactly `want.len()` bytes and compares them.
    pub async fn expect(&mut self, want: &[u8]) {
        let mut got = vec![0u8; want.len()];
        tokio::time::timeout(Duration::from_secs(10), self.0.read_exact(&mut got))
            .await
            .expect("reply in time")
            .expect("read");
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(want),
            "exact reply"
        );
    }

    pub async fn roundtrip(&mut self, send: &[u8], want: &[u8]) {
        self.send(send).await;
        self.expect(want).await;
    }

    /// Asserts the server closed the connection (after any pending bytes).
    pub async fn expect_closed(&mut self) {
        let mut buf = [0u8; 64];
        let n = tokio::time::timeout(Duration::from_secs(10), self.0.read(&mut buf))
            .await
            .expect("close in time")
            .unwrap_or(0);
        assert_eq!(
            n,
            0,
            "connection closed, got {:?}",
            String::from_utf8_lossy(&buf[..n])
        );
    }
}

/// Encodes a command as a RESP array of bulk strings.
pub fn cmd(args: &[&[u8]]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}
