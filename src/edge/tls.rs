//! TLS for the HTTPS listener: rustls (ring) with TLS 1.2 and 1.3, ALPN h2
//! and http/1.1, session resumption, and certificates from ACME (rustls-acme,
//! renewed in the background) or from PEM files (re-read on SIGHUP and when
//! they change, keeping the old pair when a new one is bad).
//!
//! A client asking (by SNI) for a name the certificates do not cover gets a
//! TLS alert, never another site's certificate.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};
use arc_swap::ArcSwap;
use futures_util::StreamExt;
use rustls::ServerConfig;
use rustls::server::{Acceptor, ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio::net::TcpStream;
use tokio_rustls::LazyConfigAcceptor;
use tokio_rustls::server::TlsStream;
use tokio_util::sync::CancellationToken;

use crate::config::{AcmeChallenge, AcmeConfig, CertSource, HttpsConfig};

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A server config for normal connections: safe defaults (TLS 1.2 + 1.3,
/// rustls's modern cipher suites only), h2 preferred, resumption by session
/// ids and TLS 1.3 tickets.
fn server_config(resolver: Arc<dyn ResolvesServerCert>) -> anyhow::Result<Arc<ServerConfig>> {
    let mut config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .context("TLS protocol versions")?
        .with_no_client_auth()
        .with_cert_resolver(resolver);
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    config.session_storage = rustls::server::ServerSessionMemoryCache::new(4096);
    config.ticketer = rustls::crypto::ring::Ticketer::new().context("TLS session tickets")?;
    Ok(Arc::new(config))
}

/// What the HTTPS accept loop needs.
pub struct Tls {
    config: Arc<ServerConfig>,
    /// ACME tls-alpn-01 validation connections use this one.
    challenge_config: Option<Arc<ServerConfig>>,
    /// For http-01 challenges, answered on the HTTP listener.
    pub acme: Option<Arc<rustls_acme::ResolvesServerCertAcme>>,
    files: Option<Arc<FileCerts>>,
}

impl Tls {
    /// Sets up certificates. For ACME, the returned future drives ordering
    /// and renewal (run it as a task until `shutdown`); the HTTPS listener
    /// answers with a TLS alert until the first certificate is there.
    pub fn new(
        cfg: &HttpsConfig,
        data_dir: &Path,
        shutdown: CancellationToken,
    ) -> anyhow::Result<(
        Arc<Tls>,
        Option<futures_util::future::BoxFuture<'static, ()>>,
    )> {
        match &cfg.certs {
            CertSource::Files { cert, key } => {
                let files = Arc::new(FileCerts::load(cert.clone(), key.clone())?);
                let tls = Tls {
                    config: server_config(files.clone())?,
                    challenge_config: None,
                    acme: None,
                    files: Some(files.clone()),
                };
                let watch = Box::pin(watch_files(files, shutdown));
                Ok((Arc::new(tls), Some(watch)))
            }
            CertSource::Acme(acme) => {
                let (tls, driver) = acme_setup(acme, data_dir, shutdown)?;
                Ok((Arc::new(tls), Some(driver)))
            }
        }
    }

    /// Completes the handshake. `Ok(None)` for an ACME validation connection,
    /// which is finished once its handshake is.
    pub async fn accept(&self, tcp: TcpStream) -> std::io::Result<Option<TlsStream<TcpStream>>> {
        let start = LazyConfigAcceptor::new(Acceptor::default(), tcp).await?;
        if let Some(challenge) = &self.challenge_config
            && rustls_acme::is_tls_alpn_challenge(&start.client_hello())
        {
            tracing::info!("answering an ACME tls-alpn-01 validation");
            start.into_stream(challenge.clone()).await?;
            return Ok(None);
        }
        start.into_stream(self.config.clone()).await.map(Some)
    }

    /// Re-reads certificate files (SIGHUP). ACME certificates renew on their own.
    pub fn reload(&self) {
        if let Some(files) = &self.files {
            files.reload_logged();
        }
    }
}

/// A PEM certificate chain and key from files, swappable at run time.
pub struct FileCerts {
    cert_path: PathBuf,
    key_path: PathBuf,
    current: ArcSwap<CertifiedKey>,
    stamp: std::sync::Mutex<(Option<SystemTime>, Option<SystemTime>)>,
}

fn mtime(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

fn load_pair(cert: &Path, key: &Path) -> anyhow::Result<CertifiedKey> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .with_context(|| format!("CHLORO_TLS_CERT={}: cannot read", cert.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("CHLORO_TLS_CERT={}: not PEM certificates", cert.display()))?;
    if chain.is_empty() {
        bail!(
            "CHLORO_TLS_CERT={}: no certificate in the file",
            cert.display()
        );
    }
    let key_der = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("CHLORO_TLS_KEY={}: no PEM private key", key.display()))?;
    let pair = CertifiedKey::from_der(chain, key_der, &provider()).with_context(|| {
        format!(
            "CHLORO_TLS_KEY={}: does not match the certificate",
            key.display()
        )
    })?;
    webpki::EndEntityCert::try_from(&pair.cert[0])
        .map_err(|e| anyhow::anyhow!("CHLORO_TLS_CERT={}: {e:?}", cert.display()))?;
    Ok(pair)
}

impl FileCerts {
    fn load(cert: PathBuf, key: PathBuf) -> anyhow::Result<Self> {
        let pair = load_pair(&cert, &key)?;
        let stamp = (mtime(&cert), mtime(&key));
        Ok(FileCerts {
            current: ArcSwap::from_pointee(pair),
            stamp: std::sync::Mutex::new(stamp),
            cert_path: cert,
            key_path: key,
        })
    }

    /// Loads the files again; a bad pair is logged and the old one kept.
    pub fn reload_logged(&self) {
        match load_pair(&self.cert_path, &self.key_path) {
            Ok(pair) => {
                self.current.store(Arc::new(pair));
                tracing::info!(cert = %self.cert_path.display(), "TLS certificate reloaded");
            }
            Err(e) => {
                tracing::error!(
                    "TLS certificate reload failed, keeping the previous certificate: {e:#}"
                );
            }
        }
    }

    fn changed(&self) -> bool {
        let now = (mtime(&self.cert_path), mtime(&self.key_path));
        let Ok(mut stamp) = self.stamp.lock() else {
            return false;
        };
        if *stamp != now {
            *stamp = now;
            true
        } else {
            false
        }
    }
}

impl std::fmt::Debug for FileCerts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileCerts")
            .field("cert", &self.cert_path)
            .finish_non_exhaustive()
    }
}

impl ResolvesServerCert for FileCerts {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let pair = self.current.load_full();
        if let Some(sni) = hello.server_name() {
            let name = ServerName::try_from(sni).ok()?;
            let ee = webpki::EndEntityCert::try_from(&pair.cert[0]).ok()?;
            if ee.verify_is_valid_for_subject_name(&name).is_err() {
                tracing::debug!(
                    sni,
                    "TLS client asked for a name the certificate does not cover"
                );
                return None;
            }
        }
        Some(pair)
    }
}

/// Polls the files' modification times; a change reloads them. Polling
/// (every 2 s) needs no inotify and works across atomic renames.
async fn watch_files(files: Arc<FileCerts>, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if files.changed() {
                    // Writers may replace the key and the chain one after the other.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    files.changed();
                    files.reload_logged();
                }
            }
            () = shutdown.cancelled() => return,
        }
    }
}

/// Only the configured domains are answered; everything else gets an alert.
#[derive(Debug)]
struct DomainGuard {
    domains: Vec<String>,
    inner: Arc<rustls_acme::ResolvesServerCertAcme>,
}

impl ResolvesServerCert for DomainGuard {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        if let Some(sni) = hello.server_name()
            && !self.domains.iter().any(|d| d.eq_ignore_ascii_case(sni))
        {
            tracing::debug!(sni, "TLS client asked for a name that is not configured");
            return None;
        }
        self.inner.resolve(hello)
    }
}

/// rustls-acme's directory cache, with every file it holds made readable by
/// the owner only (0600): they contain the account key and the
/// certificates' private keys.
struct PrivateDirCache {
    dir: PathBuf,
    inner: rustls_acme::caches::DirCache<PathBuf>,
}

impl PrivateDirCache {
    fn new(dir: PathBuf) -> Self {
        // Files cached by an earlier version may carry the umask's mode.
        restrict_to_owner(&dir);
        PrivateDirCache {
            inner: rustls_acme::caches::DirCache::new(dir.clone()),
            dir,
        }
    }
}

#[async_trait::async_trait]
impl rustls_acme::CertCache for PrivateDirCache {
    type EC = std::io::Error;
    async fn load_cert(
        &self,
        domains: &[String],
        directory: &str,
    ) -> std::io::Result<Option<Vec<u8>>> {
        self.inner.load_cert(domains, directory).await
    }
    async fn store_cert(
        &self,
        domains: &[String],
        directory: &str,
        cert: &[u8],
    ) -> std::io::Result<()> {
        self.inner.store_cert(domains, directory, cert).await?;
        restrict_to_owner(&self.dir);
        Ok(())
    }
}

#[async_trait::async_trait]
impl rustls_acme::AccountCache for PrivateDirCache {
    type EA = std::io::Error;
    async fn load_account(
        &self,
        contact: &[String],
        directory: &str,
    ) -> std::io::Result<Option<Vec<u8>>> {
        self.inner.load_account(contact, directory).await
    }
    async fn store_account(
        &self,
        contact: &[String],
        directory: &str,
        account: &[u8],
    ) -> std::io::Result<()> {
        self.inner
            .store_account(contact, directory, account)
            .await?;
        restrict_to_owner(&self.dir);
        Ok(())
    }
}

fn restrict_to_owner(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_file()
            && let Err(e) = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
        {
            tracing::warn!(path = %path.display(), error = %e, "cannot make an ACME cache file private");
        }
    }
}

fn acme_setup(
    acme: &AcmeConfig,
    data_dir: &Path,
    shutdown: CancellationToken,
) -> anyhow::Result<(Tls, futures_util::future::BoxFuture<'static, ()>)> {
    // The connection to the ACME directory trusts the public roots, plus
    // the configured extra root (a private CA, or a test server).
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(ca) = &acme.ca_file {
        for cert in CertificateDer::pem_file_iter(ca)
            .with_context(|| format!("CHLORO_ACME_CA_FILE={}: cannot read", ca.display()))?
        {
            let cert =
                cert.with_context(|| format!("CHLORO_ACME_CA_FILE={}: not PEM", ca.display()))?;
            roots.add(cert).with_context(|| {
                format!("CHLORO_ACME_CA_FILE={}: not a CA certificate", ca.display())
            })?;
        }
    }
    let client = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .context("TLS protocol versions")?
        .with_root_certificates(roots)
        .with_no_client_auth();

    let cache_dir = data_dir.join("acme");
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&cache_dir)
            .with_context(|| format!("cannot create {}", cache_dir.display()))?;
    }
    let mut config =
        rustls_acme::AcmeConfig::new_with_client_config(&acme.domains, Arc::new(client))
            .directory(&acme.directory)
            .cache(PrivateDirCache::new(cache_dir))
            .challenge_type(match acme.challenge {
                AcmeChallenge::TlsAlpn01 => rustls_acme::UseChallenge::TlsAlpn01,
                AcmeChallenge::Http01 => rustls_acme::UseChallenge::Http01,
            });
    if let Some(email) = &acme.email {
        config = config.contact_push(format!("mailto:{email}"));
    }
    let mut state = config.state();
    let resolver = state.resolver();
    let challenge_config = state.challenge_rustls_config_with_provider(provider());
    let guard = Arc::new(DomainGuard {
        domains: acme.domains.clone(),
        inner: resolver.clone(),
    });
    let tls = Tls {
        config: server_config(guard)?,
        challenge_config: Some(challenge_config),
        acme: Some(resolver),
        files: None,
    };
    let domains = acme.domains.join(",");
    let driver = Box::pin(async move {
        loop {
            tokio::select! {
                event = state.next() => match event {
                    Some(Ok(ok)) => tracing::info!(domains = %domains, event = ?ok, "ACME"),
                    // rustls-acme retries with exponential backoff by itself.
                    Some(Err(err)) => tracing::warn!(domains = %domains, error = ?err, "ACME certificate request failed; will retry"),
                    None => return,
                },
                () = shutdown.cancelled() => return,
            }
        }
    });
    Ok((tls, driver))
}
