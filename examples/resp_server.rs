//! Development aid: only the cache store and its RESP listener, configured
//! from the same `CHLORO_*` variables as the appliance. Handy for poking at
//! the protocol with `redis-cli` and for memory measurements without the
//! rest of the appliance.
//!
//! `CHLORO_RESP_ADDR=127.0.0.1:7379 cargo run --release --example resp_server`

use chloromaster::{cache, config::Config, resp};
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let cfg = Config::from_env()?;
    let store = cache::Store::open(&cfg.cache, &cfg.data_dir)?;
    let shutdown = CancellationToken::new();
    let background = tokio::spawn(cache::run_background(
        store.clone(),
        cfg.cache.clone(),
        shutdown.clone(),
    ));
    let addr = cfg
        .resp
        .addr
        .ok_or_else(|| anyhow::anyhow!("CHLORO_RESP_ADDR is empty"))?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on {}", listener.local_addr()?);
    let server = tokio::spawn(resp::serve(
        listener,
        store,
        cfg.resp.clone(),
        shutdown.clone(),
    ));
    tokio::signal::ctrl_c().await?;
    shutdown.cancel();
    server.await??;
    background.await?;
    Ok(())
}
