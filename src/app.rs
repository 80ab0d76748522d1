//! Builds the whole appliance from a [`Config`]: opens the data directory and
//! stores, binds the listeners, spawns the tasks, and hands back an [`App`]
//! with the bound addresses and a shutdown switch. `main` and the tests both
//! start the appliance through here.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::api::{self, ApiState};
use crate::assets::Assets;
use crate::cache::{self, Store};
use crate::config::Config;
use crate::db::Db;
use crate::edge::{self, Readiness, rate_limit::RateLimits};
use crate::metrics::Metrics;
use crate::service::{self, Signal, Signals, listeners::Handover};

/// A running appliance.
pub struct App {
    http_addr: SocketAddr,
    https_addr: Option<SocketAddr>,
    tls: Option<Arc<edge::tls::Tls>>,
    resp_addr: Option<SocketAddr>,
    metrics_addr: Option<SocketAddr>,
    store: Arc<Store>,
    assets: Arc<Assets>,
    readiness: Readiness,
    db: Db,
    shutdown: CancellationToken,
    tasks: JoinSet<()>,
}

impl App {
    /// Starts everything; returns once every listener is bound and every
    /// store is open, i.e. when the appliance is ready to serve.
    pub async fn start(config: Config) -> anyhow::Result<App> {
        App::start_with(config, Handover::none()).await
    }

    /// [`App::start`], taking the listeners systemd kept across a restart
    /// from `handover` (`serve`).
    async fn start_with(config: Config, handover: Handover) -> anyhow::Result<App> {
        prepare_data_dir(&config.data_dir)?;
        // rustls-acme's HTTP client resolves through hickory, not glibc NSS.
        crate::net::resolve::install_http_client_hook();

        // Opening may migrate the schema and seeds the catalogue on first
        // start: file I/O with fsyncs, so off the async threads.
        let db = {
            let dir = config.data_dir.clone();
            tokio::task::spawn_blocking(move || Db::open(&dir))
                .await
                .context("opening the database")??
        };

        // This appliance's counters, handed to every part that counts.
        let metrics = Metrics::new();
        db.count_commits_in(metrics.clone());
        // Every suppression reason from the start, so a dashboard sees 0
        // rather than nothing.
        for reason in crate::db::SuppressReason::ALL {
            metrics.declare_email_suppressed(reason.code());
        }

        remove_leftovers(&config.data_dir);
        // Uploaded media: its directories (an unfinished upload's temporary
        // file removed), then files no record names (a crash between a
        // rename and its commit) once the database's lock proves they are
        // no other instance's.
        let media = {
            let dir = config.data_dir.clone();
            let (db, max, quota) = (
                db.clone(),
                config.api.media_max_bytes,
                config.api.media_quota_bytes,
            );
            Arc::new(
                tokio::task::spawn_blocking(move || {
                    crate::media::MediaStore::open(&dir, db, max, quota)
                })
                .await
                .context("opening the media store")?
                .context("opening the media directory")?,
            )
        };
        if let Err(e) = media.sweep().await {
            tracing::warn!(error = %e, "cannot sweep the media directory");
        }
        first_admin(&db, &config).await?;
        db.set_mail_enabled(config.mail.smtp.is_some());
        if config.mail.smtp.is_none() {
            tracing::info!(
                "mail is off (CHLORO_SMTP_URL is not set): contact and datasheet requests queue no mail"
            );
        }
        // The dummy hash that unknown user names are checked against; made
        // now so the first such login takes no longer than the others.
        drop(tokio::task::spawn_blocking(crate::auth::warm_up));

        let assets = Arc::new(match &config.assets_dir {
            Some(dir) => {
                let dir = dir.clone();
                tokio::task::spawn_blocking(move || Assets::from_dir(&dir))
                    .await
                    .context("loading the assets directory")?
                    .context("CHLORO_ASSETS_DIR: cannot read the site files")?
            }
            None => Assets::embedded(),
        });

        let readiness = Readiness::default();
        {
            let data_dir = config.data_dir.clone();
            readiness.register("dataDir", move || {
                if data_dir.is_dir() {
                    Ok(())
                } else {
                    Err("data directory missing".into())
                }
            });
        }

        {
            let db = db.clone();
            readiness.register_degradable("database", move || match db.check_ready_now() {
                Ok(crate::db::DbState::Ready) => Ok(None),
                Ok(crate::db::DbState::ReadOnly(why)) => Ok(Some(why)),
                Err(e) => Err(e.to_string()),
            });
        }

        let shutdown = CancellationToken::new();
        let mut tasks = JoinSet::new();

        // The cache store: restoring a large snapshot is disk work.
        let store = {
            let cfg = config.cache.clone();
            let dir = config.data_dir.clone();
            tokio::task::spawn_blocking(move || Store::open(&cfg, &dir))
                .await
                .context("opening the cache store")??
        };
        // The store is in memory: open means ready. A failing snapshot is
        // logged and shown by `INFO persistence`; it never makes the
        // appliance unready.
        readiness.register("cache", || Ok(()));
        // Signs session records and device cookies: made at the first
        // start, kept in the data directory (or a systemd credential).
        let session_key = crate::auth::SessionKey::load(
            &config.data_dir,
            config
                .admin
                .session_key
                .as_ref()
                .map(|k| k.expose().as_bytes()),
        )
        .context("loading the session signing key")?;
        tasks.spawn(cache::run_background(
            store.clone(),
            config.cache.clone(),
            shutdown.clone(),
        ));
        let mut listeners = listeners(&config, handover).await?;
        let resp_addr = match listeners.resp.take() {
            Some(listener) => {
                let bound = listener.local_addr()?;
                let (store, cfg, stop) = (store.clone(), config.resp.clone(), shutdown.clone());
                let resp_metrics = metrics.clone();
                // Its own threads and event loops, away from the HTTP workers.
                let threads = crate::resp::dedicated_threads();
                tasks.spawn(async move {
                    if let Err(e) = crate::resp::serve_dedicated_counted(
                        listener,
                        store,
                        cfg,
                        stop,
                        threads,
                        Some(&resp_metrics),
                    )
                    .await
                    {
                        tracing::error!(error = format!("{e:#}"), "RESP listener failed");
                    }
                });
                tracing::info!(addr = %bound, "RESP listening on {bound}");
                Some(bound)
            }
            None => None,
        };

        // The control socket, for the CLI while the appliance runs. Bound
        // after the database is open: its lock proves a leftover socket is
        // stale. A failure costs only the online CLI, not the start.
        match crate::control::bind(&config.data_dir) {
            Ok(listener) => {
                let control = Arc::new(crate::control::Control {
                    db: db.clone(),
                    store: store.clone(),
                    session_key: session_key.clone(),
                    data_dir: config.data_dir.clone(),
                });
                tasks.spawn(crate::control::serve(listener, control, shutdown.clone()));
            }
            Err(e) => tracing::warn!(
                error = format!("{e:#}"),
                "no control socket: `chloromaster admin`/`backup` need the appliance stopped"
            ),
        }

        let mut metrics_addr = None;
        if let Some(listener) = listeners.metrics.take() {
            let bound = listener.local_addr()?;
            metrics_addr = Some(bound);
            let sources = crate::metrics::server::Sources {
                metrics: metrics.clone(),
                levels: vec![
                    store.clone() as Arc<dyn crate::metrics::LevelSource>,
                    Arc::new(db.clone()),
                ],
            };
            tasks.spawn(crate::metrics::server::serve(
                listener,
                sources,
                shutdown.clone(),
            ));
            tracing::info!(addr = %bound, "metrics on http://{bound}/metrics");
        }

        let http_cfg = Arc::new(config.http.clone());
        let rate_limits = Arc::new(RateLimits::new(
            config.http.rate_api,
            config.http.rate_general,
        ));
        tasks.spawn(edge::rate_limit::sweep(
            rate_limits.clone(),
            shutdown.clone(),
        ));

        // HTTPS first: its bound port is where HTTP redirects to.
        let mut https = None;
        if let (Some(https_cfg), Some(listener)) = (&config.https, listeners.https.take()) {
            let (tls, driver) = edge::tls::Tls::new(https_cfg, &config.data_dir, shutdown.clone())?;
            if let Some(driver) = driver {
                tasks.spawn(driver);
            }
            https = Some((listener.local_addr()?, listener, tls));
        }

        let api_state = ApiState::with_store(
            db.clone(),
            &config,
            store.clone(),
            session_key,
            metrics.clone(),
            media.clone(),
        );
        {
            // Images that become ready change the public catalogue JSON.
            let cache = api_state.response_cache().clone();
            tasks.spawn(crate::media::run_worker(
                media.clone(),
                Arc::new(move || cache.invalidate()),
                shutdown.clone(),
            ));
        }
        let routers = edge::routers(edge::Edge {
            config: http_cfg.clone(),
            assets: assets.clone(),
            readiness: readiness.clone(),
            rate_limits,
            api: api::router(api_state.clone()),
            api_cache: Some(api_state.response_cache().clone()),
            pages: assets.is_embedded().then(|| {
                Arc::new(crate::site::Pages::new(
                    api_state.clone(),
                    assets.clone(),
                    config.public_origin(),
                    config.http.request_timeout,
                    usize::try_from(config.http.max_json_body).unwrap_or(usize::MAX),
                ))
            }),
            generated: crate::site::sitemap::router(api_state, config.public_origin()),
            https_port: https.as_ref().map(|(addr, _, _)| addr.port()),
            acme: https.as_ref().and_then(|(_, _, tls)| tls.acme.clone()),
            metrics: metrics.clone(),
            media,
            media_max_body: config.api.media_max_bytes,
        });

        let listener = listeners.http;
        // One count of connections per client address over both listeners.
        let per_ip = edge::per_ip::PerIp::new(http_cfg.max_connections_per_ip);
        let http_addr = listener.local_addr()?;
        let mut https_addr = None;
        let mut tls_handle = None;
        let mut served = Vec::new();
        let http_router = match (routers.redirect, https) {
            (Some(redirect), Some((addr, https_listener, tls))) => {
                served.push(edge::server::Listener {
                    socket: https_listener,
                    router: routers.site,
                    tls: Some(tls.clone()),
                });
                tracing::info!(addr = %addr, "HTTPS listening on https://{addr}");
                https_addr = Some(addr);
                tls_handle = Some(tls);
                redirect
            }
            _ => routers.site,
        };
        served.push(edge::server::Listener {
            socket: listener,
            router: http_router,
            tls: None,
        });
        // Its own threads and event loops, one per core, like the RESP
        // listener's: a connection is served where it was accepted.
        let threads = edge::server::threads(http_cfg.threads);
        let http = edge::server::start(
            served,
            http_cfg,
            per_ip,
            metrics.clone(),
            &shutdown,
            threads,
        )
        .context("starting the HTTP threads")?;
        tasks.spawn(http);
        tracing::info!(addr = %http_addr, assets = %assets.source(), "HTTP listening on http://{http_addr}");

        if let Some(smtp) = &config.mail.smtp {
            let public_url = public_url(&config, http_addr, https_addr);
            let mailer = crate::mail::Mailer {
                config: config.mail.clone(),
                smtp: smtp.clone(),
                public_url,
                link_ttl: config.api.datasheet_token_ttl,
                metrics,
            };
            tasks.spawn(mailer.run(db.clone(), shutdown.clone()));
        }

        Ok(App {
            http_addr,
            https_addr,
            tls: tls_handle,
            resp_addr,
            metrics_addr,
            store,
            assets,
            readiness,
            db,
            shutdown,
            tasks,
        })
    }

    pub fn http_addr(&self) -> SocketAddr {
        self.http_addr
    }

    pub fn https_addr(&self) -> Option<SocketAddr> {
        self.https_addr
    }

    /// Where the RESP listener is bound; `None` when `CHLORO_RESP_ADDR` is empty.
    pub fn resp_addr(&self) -> Option<SocketAddr> {
        self.resp_addr
    }

    /// Where `GET /metrics` is served; `None` when `CHLORO_METRICS_ADDR` is empty.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_addr
    }

    /// The cache store, for in-process users (sessions, the response cache).
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// The appliance's database (tests inspect what the API stored).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Re-reads what can change without a restart: the assets directory and
    /// certificate files.
    pub async fn reload(&self) {
        if let Some(tls) = &self.tls {
            tls.reload();
        }
        let assets = self.assets.clone();
        match tokio::task::spawn_blocking(move || assets.reload()).await {
            Ok(Ok(n)) => tracing::info!(files = n, "assets reloaded"),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "assets reload failed; still serving the previous files")
            }
            Err(e) => tracing::error!(error = %e, "assets reload panicked"),
        }
    }

    /// A token that stops the appliance when cancelled.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Stops accepting, drains in-flight requests (bounded by
    /// `CHLORO_SHUTDOWN_GRACE`), stops every task, and returns when done.
    pub async fn shutdown(mut self) {
        self.readiness.set_draining();
        self.shutdown.cancel();
        while let Some(res) = self.tasks.join_next().await {
            if let Err(e) = res {
                tracing::error!(error = %e, "a task failed during shutdown");
            }
        }
        // After the drain: commits the buffered page visits, stops the writer.
        self.db.close().await;
    }
}

/// The listening sockets of the configured addresses.
struct Listeners {
    http: tokio::net::TcpListener,
    https: Option<tokio::net::TcpListener>,
    resp: Option<tokio::net::TcpListener>,
    metrics: Option<tokio::net::TcpListener>,
}

/// Binds every configured listener, or takes the socket systemd kept for it
/// across a restart when its name and address still match
/// (`service::listeners`); closes the kept ones no longer configured.
async fn listeners(config: &Config, mut handover: Handover) -> anyhow::Result<Listeners> {
    let mut resp = None;
    if let Some(addr) = config.resp.addr {
        let bind = tokio::net::TcpListener::bind::<SocketAddr>;
        resp = Some(handover.listener("resp", addr, bind).await.with_context(|| {
            format!("CHLORO_RESP_ADDR={addr}: cannot listen (if a Redis server already uses this port, set CHLORO_RESP_ADDR to another address, or to empty to turn the listener off)")
        })?);
    }
    let mut metrics = None;
    if let Some(addr) = config.metrics_addr {
        let bind = crate::metrics::server::bind;
        metrics = Some(handover.listener("metrics", addr, bind).await.with_context(|| {
            format!("CHLORO_METRICS_ADDR={addr}: cannot listen (set it to another address, or to empty to turn /metrics off)")
        })?);
    }
    let mut https = None;
    if let Some(cfg) = &config.https {
        let listener = handover
            .listener("https", cfg.addr, edge::server::bind)
            .await;
        https = Some(
            listener.with_context(|| format!("CHLORO_HTTPS_ADDR={}: cannot listen", cfg.addr))?,
        );
    }
    let http = handover
        .listener("http", config.http.addr, edge::server::bind)
        .await
        .with_context(|| format!("CHLORO_HTTP_ADDR={}: cannot listen", config.http.addr))?;
    handover.finish();
    Ok(Listeners {
        http,
        https,
        resp,
        metrics,
    })
}

/// The origin links in mail start with: [`Config::public_origin`]
/// (`CHLORO_PUBLIC_URL`, else the first ACME domain, with the HTTPS port
/// when it is not 443), else the bound listener (HTTPS first).
fn public_url(config: &Config, http_addr: SocketAddr, https_addr: Option<SocketAddr>) -> String {
    let url = match (config.public_origin(), https_addr) {
        (Some(acme), Some(addr)) if config.public_url.is_none() && addr.port() != 443 => {
            format!("{acme}:{}", addr.port())
        }
        (Some(origin), _) => origin,
        (None, Some(addr)) => format!("https://{addr}"),
        (None, None) => format!("http://{http_addr}"),
    };
    let host_is_ip = url
        .split("://")
        .nth(1)
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '['));
    if host_is_ip {
        tracing::warn!(
            url,
            "links in mail use {url}: set CHLORO_PUBLIC_URL to the site's public address"
        );
    }
    url
}

/// With no admin account: creates the one of `CHLORO_ADMIN_USER` +
/// `CHLORO_ADMIN_PASSWORD` if set, else says once how to create one.
async fn first_admin(db: &Db, config: &Config) -> anyhow::Result<()> {
    if db.admin_count().await? > 0 {
        if config.admin.first_user.is_some() {
            tracing::info!(
                "an admin account exists: CHLORO_ADMIN_USER/CHLORO_ADMIN_PASSWORD are ignored and can be removed"
            );
        }
        return Ok(());
    }
    let (Some(user), Some(password)) = (&config.admin.first_user, &config.admin.first_password)
    else {
        tracing::warn!(
            "no admin account exists, so nobody can sign in to the admin API. Create one with \
             `chloromaster admin create <username>` (password on stdin) (also while it runs), \
             or start it once with CHLORO_ADMIN_USER and CHLORO_ADMIN_PASSWORD \
             (or the admin-password credential) set"
        );
        return Ok(());
    };
    let (user, password) = (user.clone(), password.clone());
    let admin = tokio::task::spawn_blocking(move || {
        crate::auth::new_admin(&user, "", "", password.expose())
    })
    .await?
    .map_err(|e| match e {
        crate::auth::AccountError::Username => anyhow::anyhow!("CHLORO_ADMIN_USER: {e}"),
        crate::auth::AccountError::PasswordTooShort => {
            anyhow::anyhow!("CHLORO_ADMIN_PASSWORD (or the admin-password credential): {e}")
        }
        crate::auth::AccountError::Hash(_) => anyhow::anyhow!("the first admin account: {e}"),
    })?;
    let name = admin.username.clone();
    match db.create_first_admin(admin).await {
        Ok(true) => {
            tracing::info!(user = %name, "created the first admin account from CHLORO_ADMIN_USER")
        }
        Ok(false) => {}
        // Read-only on a full disk: the site still serves; the account is
        // created at a start with space.
        Err(e @ crate::db::DbError::DiskFull(_)) => tracing::error!(
            user = %name,
            error = %e,
            "cannot create the first admin account from CHLORO_ADMIN_USER: the disk is full; free space and restart"
        ),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Creates the data directory (owner-only) if needed and checks that it is
/// writable, so a bad directory fails the start instead of the first write.
/// A full disk is not a bad directory: the start goes on and the database
/// serves read-only until space is freed.
fn prepare_data_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("CHLORO_DATA_DIR={}: cannot create it", dir.display()))?;
    }
    let probe = dir.join(WRITE_PROBE);
    let written = std::fs::write(&probe, b"ok");
    // Created but not written (disk full) is still a file to remove.
    let removed = std::fs::remove_file(&probe);
    match written.and(removed) {
        Ok(()) => Ok(()),
        Err(e) if crate::db::is_disk_full(&e) => {
            tracing::warn!(
                dir = %dir.display(),
                error = %e,
                "the data directory's disk is full: starting read-only (the site, the catalogue and the admin's reads work; writes answer 503 until space is freed)"
            );
            Ok(())
        }
        Err(e) => {
            Err(e).with_context(|| format!("CHLORO_DATA_DIR={}: not writable", dir.display()))
        }
    }
}

/// The file the start-up check writes and removes in the data directory.
const WRITE_PROBE: &str = ".write-probe";

/// Removes the temporary files a crash (or a full disk) can leave in the
/// data directory: the write and space probes and a half-written cache
/// snapshot. Call only while holding the database, so that these are no
/// other running appliance's.
fn remove_leftovers(dir: &Path) {
    let snapshot_tmp = format!("{}.tmp", cache::SNAPSHOT_FILE);
    for name in [WRITE_PROBE, crate::db::SPACE_PROBE_FILE, &snapshot_tmp] {
        match std::fs::remove_file(dir.join(name)) {
            Ok(()) => tracing::info!(file = name, "removed a leftover temporary file"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::warn!(file = name, error = %e, "cannot remove a leftover temporary file")
            }
        }
    }
    crate::backup::remove_leftovers(dir);
}

/// Runs the appliance as a service until SIGTERM/SIGINT (`chloromaster
/// serve`): logging, the runtime, signals, sd-notify and the watchdog
/// around [`App`].
pub fn serve(config: Config) -> ExitCode {
    crate::logging::init(&config.log, config.log_format);
    // Before the runtime's threads: it unsets LISTEN_FDS and LISTEN_PID.
    let handover = Handover::from_env();
    // HTTP and RESP run on their own threads (`edge::server`, `resp`); this
    // runtime keeps the background work (mail, media processing, ACME,
    // metrics, the control socket, cache sweeps and snapshots), which is
    // light and hands its heavy parts to the blocking pool. One worker is enough for it and takes no core from the serving
    // threads; the thread running `block_on` adds the signal loop.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .thread_name("chloromaster")
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let mut signals = match Signals::new() {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "cannot install signal handlers");
                return ExitCode::FAILURE;
            }
        };
        let app = match App::start_with(config, handover).await {
            Ok(app) => app,
            Err(e) => {
                tracing::error!("cannot start: {e:#}");
                eprintln!("chloromaster: cannot start: {e:#}");
                return ExitCode::FAILURE;
            }
        };
        let shutdown = app.shutdown_token();
        tokio::spawn(service::watchdog(shutdown.clone()));
        service::ready(&format!("serving on http://{}", app.http_addr()));
        loop {
            match signals.next().await {
                Signal::Reload => {
                    service::reloading();
                    app.reload().await;
                    service::ready(&format!("serving on http://{}", app.http_addr()));
                }
                Signal::Stop(name) => {
                    tracing::info!(signal = name, "shutting down");
                    service::stopping();
                    break;
                }
            }
        }
        app.shutdown().await;
        tracing::info!("stopped");
        ExitCode::SUCCESS
    })
}
