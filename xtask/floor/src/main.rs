//! The floor of `cargo xtask bench http|tls|api`: a bare tokio + hyper
//! server written the way a typical hyper server is, so that every run shows
//! what the appliance's own stack costs on top of the same machinery.
//!
//! - tokio's multi-thread runtime with its default worker count (one per
//!   core, as `#[tokio::main]` gives), one task per connection;
//! - hyper-util's auto builder (HTTP/1.1 and HTTP/2 by preface) with its
//!   defaults, `service_fn`, TCP_NODELAY (as the appliance sets);
//! - over TLS, tokio-rustls with rustls's defaults (ring, TLS 1.2 and 1.3,
//!   stateful resumption from its 256-entry cache) and ALPN h2, http/1.1;
//! - answers from memory: the bytes the benchmark gives it (the appliance's
//!   own bodies, fetched by the bench), a prebuilt header map per variant
//!   cloned for each response, the encoding chosen by a substring test of
//!   `Accept-Encoding` (br, then gzip, then identity).
//!
//! No routing, middleware, rate limiting, request ids, metrics, timeouts or
//! connection caps: that is what it leaves out, on purpose.
//!
//! Usage: `bench-floor --listen ADDR --manifest FILE [--cert PEM --key PEM]`.
//! The manifest has one line per variant, tab-separated:
//! `URL-PATH  ENCODING(identity|gzip|br)  CONTENT-TYPE  FILE`. Once it
//! listens it writes `floor listening on http(s)://ADDR` to stderr.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use bytes::Bytes;
use http::header::{self, HeaderName};
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;

struct Variant {
    body: Bytes,
    headers: HeaderMap,
}

#[derive(Default)]
struct Entry {
    identity: Option<Variant>,
    gzip: Option<Variant>,
    br: Option<Variant>,
}

type Files = HashMap<String, Entry>;

struct Args {
    listen: SocketAddr,
    manifest: PathBuf,
    cert: Option<PathBuf>,
    key: Option<PathBuf>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut listen = None;
    let mut manifest = None;
    let mut cert = None;
    let mut key = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--listen" => listen = Some(value.parse().context("--listen: not an address")?),
            "--manifest" => manifest = Some(PathBuf::from(value)),
            "--cert" => cert = Some(PathBuf::from(value)),
            "--key" => key = Some(PathBuf::from(value)),
            other => bail!("unknown option {other:?}"),
        }
    }
    Ok(Args {
        listen: listen.context("--listen ADDR is required")?,
        manifest: manifest.context("--manifest FILE is required")?,
        cert,
        key,
    })
}

fn load(manifest: &Path) -> anyhow::Result<Files> {
    let text = std::fs::read_to_string(manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let mut files = Files::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let [path, encoding, content_type, file] = line.split('\t').collect::<Vec<_>>()[..] else {
            bail!(
                "{}:{}: expected 4 tab-separated fields",
                manifest.display(),
                n + 1
            );
        };
        let body = Bytes::from(std::fs::read(file).with_context(|| format!("reading {file}"))?);
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(content_type)?);
        // A strong validator from the bytes, as a file server would send.
        let hash = body.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
        });
        headers.insert(
            header::ETAG,
            HeaderValue::from_str(&format!("\"{hash:016x}\""))?,
        );
        let cache = if content_type.starts_with("text/html") || content_type.contains("json") {
            "no-cache"
        } else {
            "public, max-age=31536000, immutable"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if encoding != "identity" {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_str(encoding)?);
        }
        // The appliance's default security headers, so the answers carry
        // about as many fields.
        for (name, value) in [
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; frame-ancestors 'none'",
            ),
            (
                HeaderName::from_static("permissions-policy"),
                "camera=(), microphone=(), geolocation=()",
            ),
        ] {
            headers.insert(name, HeaderValue::from_static(value));
        }
        let variant = Variant { body, headers };
        let entry = files.entry(path.to_owned()).or_default();
        match encoding {
            "identity" => entry.identity = Some(variant),
            "gzip" => entry.gzip = Some(variant),
            "br" => entry.br = Some(variant),
            other => bail!(
                "{}:{}: unknown encoding {other:?}",
                manifest.display(),
                n + 1
            ),
        }
    }
    Ok(files)
}

fn respond(files: &Files, req: &Request<Incoming>) -> Response<Full<Bytes>> {
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let variant = files.get(req.uri().path()).and_then(|e| {
        let br = e.br.as_ref().filter(|_| accept.contains("br"));
        let gzip = e.gzip.as_ref().filter(|_| accept.contains("gzip"));
        br.or(gzip).or(e.identity.as_ref())
    });
    let mut res = Response::new(Full::new(Bytes::new()));
    match variant {
        Some(v) => {
            *res.body_mut() = Full::new(v.body.clone());
            *res.headers_mut() = v.headers.clone();
        }
        None => *res.status_mut() = StatusCode::NOT_FOUND,
    }
    res
}

fn tls_config(cert: &Path, key: &Path) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let chain = CertificateDer::pem_file_iter(cert)
        .with_context(|| format!("reading {}", cert.display()))?
        .collect::<Result<Vec<_>, _>>()
        .context("certificate PEM")?;
    let key = PrivateKeyDer::from_pem_file(key).context("key PEM")?;
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_no_client_auth()
    .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let files = Arc::new(load(&args.manifest)?);
    let tls = match (&args.cert, &args.key) {
        (Some(cert), Some(key)) => Some(tokio_rustls::TlsAcceptor::from(tls_config(cert, key)?)),
        (None, None) => None,
        _ => bail!("--cert and --key go together"),
    };
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(args.listen, files, tls))
}

async fn serve(
    listen: SocketAddr,
    files: Arc<Files>,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> anyhow::Result<()> {
    let listener = TcpListener::bind(listen).await?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    eprintln!("floor listening on {scheme}://{}", listener.local_addr()?);
    let builder = auto::Builder::new(TokioExecutor::new());
    loop {
        let (tcp, _) = match listener.accept().await {
            Ok(conn) => conn,
            Err(e) => {
                eprintln!("accept: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let files = files.clone();
        let builder = builder.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req: Request<Incoming>| {
                let res = respond(&files, &req);
                async move { Ok::<_, Infallible>(res) }
            });
            let _ = match tls {
                None => builder.serve_connection(TokioIo::new(tcp), service).await,
                Some(tls) => match tls.accept(tcp).await {
                    Ok(stream) => {
                        builder
                            .serve_connection(TokioIo::new(stream), service)
                            .await
                    }
                    Err(_) => return,
                },
            };
        });
    }
}
