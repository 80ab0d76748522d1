//! The typed configuration: what the rest of the appliance reads. Built by
//! [`Config::from_vars`](super::Config::from_vars) (see `read.rs`) from the
//! variables of the table in `vars.rs`.

use std::fmt;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use ipnet::IpNet;

/// A secret string: never printed, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human format with colours on a terminal, journald format otherwise.
    Auto,
    /// Human format with timestamps and colours.
    Human,
    /// No timestamps or colours (journald adds its own), one event per line.
    Journald,
    /// One JSON object per line.
    Json,
}

/// A token-bucket rate: `per_second` sustained, `burst` requests at once
/// (the same meaning as nginx's `limit_req rate=… burst=… nodelay`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_second: NonZeroU32,
    pub burst: NonZeroU32,
}

/// Security headers sent on every response. An empty string disables one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityHeaders {
    pub content_security_policy: String,
    pub frame_options: String,
    pub permissions_policy: String,
    pub referrer_policy: String,
    /// Sent only on responses to requests that came over HTTPS.
    pub strict_transport_security: String,
}

/// The HTTP edge: listener, limits, timeouts, rate limits.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub addr: SocketAddr,
    pub rate_api: Rate,
    pub rate_general: Rate,
    pub trusted_proxies: Vec<IpNet>,
    /// Largest request body accepted anywhere (uploads).
    pub max_body: u64,
    /// Largest JSON request body accepted by the API.
    pub max_json_body: u64,
    /// Largest request head (request line + headers); larger gets 431.
    pub max_header_bytes: usize,
    /// Time a client has to send a complete request head, and the idle
    /// keep-alive time between requests.
    pub header_timeout: Duration,
    /// Time a handler has to produce a response (and a client to send a body).
    pub request_timeout: Duration,
    pub max_connections: usize,
    /// Open connections from one client address (IPv6 by /64) at most;
    /// more are closed as soon as they are accepted. Trusted proxies are
    /// not limited.
    pub max_connections_per_ip: usize,
    /// Slowest accepted upload of a request head or body, in bytes per
    /// second after `min_data_rate_grace`; 0 turns the check off.
    pub min_data_rate: u64,
    /// Time a head or body has before `min_data_rate` applies.
    pub min_data_rate_grace: Duration,
    /// Threads serving HTTP(S) (`CHLORO_HTTP_THREADS`); `None`: one per
    /// core.
    pub threads: Option<usize>,
    /// How long shutdown waits for in-flight requests.
    pub shutdown_grace: Duration,
    pub security: SecurityHeaders,
}

/// Where HTTPS certificates come from.
#[derive(Debug, Clone)]
pub enum CertSource {
    /// Obtained and renewed automatically with ACME.
    Acme(AcmeConfig),
    /// PEM files (chain and key), re-read on SIGHUP and when they change.
    Files { cert: PathBuf, key: PathBuf },
}

/// Which ACME challenge proves control of the domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcmeChallenge {
    /// On the HTTPS port (needs port 443 reachable).
    TlsAlpn01,
    /// On the HTTP listener, under `/.well-known/acme-challenge/`.
    Http01,
}

#[derive(Debug, Clone)]
pub struct AcmeConfig {
    pub domains: Vec<String>,
    pub email: Option<String>,
    /// The directory URL.
    pub directory: String,
    /// An extra root to trust for the directory connection (private CAs, tests).
    pub ca_file: Option<PathBuf>,
    pub challenge: AcmeChallenge,
}

pub const LETS_ENCRYPT_PRODUCTION: &str = "https://acme-v02.api.letsencrypt.org/directory";
pub const LETS_ENCRYPT_STAGING: &str = "https://acme-staging-v02.api.letsencrypt.org/directory";

/// The HTTPS listener.
#[derive(Debug, Clone)]
pub struct HttpsConfig {
    pub addr: SocketAddr,
    pub certs: CertSource,
}

/// The in-process cache store.
#[derive(Debug, Clone)]
pub struct CacheConfig {
    /// Memory bound, counted as key + value + per-entry overhead.
    pub max_memory: u64,
    /// Snapshot to disk this often when something changed.
    pub snapshot_interval: Duration,
}

/// The Redis-protocol listener for outside clients.
#[derive(Debug, Clone)]
pub struct RespConfig {
    /// `None` disables the listener.
    pub addr: Option<SocketAddr>,
    pub password: Option<Secret>,
    pub max_clients: usize,
    /// Close client connections idle this long; `None` never closes them.
    pub idle_timeout: Option<Duration>,
    /// Longest a RESP thread keeps polling for the next request before it
    /// sleeps (adaptive, see `resp::poll`); zero never polls.
    pub busy_poll: Duration,
    /// Redis's `client-output-buffer-limit` for normal clients.
    pub output_limit: OutputLimit,
}

/// Pending reply bytes one normal client may hold (Redis's
/// `client-output-buffer-limit normal <hard> <soft> <secs>`): past `hard`,
/// or past `soft` for `soft_secs` on end, the client is closed. 0 disables
/// that limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputLimit {
    pub hard: u64,
    pub soft: u64,
    pub soft_secs: u64,
}

/// The public JSON API.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Contact submissions accepted per client IP per hour; 0 = no limit.
    pub contact_limit_per_hour: u32,
    /// Serve datasheet PDFs from here instead of the built-in samples.
    pub datasheets_dir: Option<PathBuf>,
    /// How long a datasheet download link works.
    pub datasheet_token_ttl: Duration,
    /// How long a cached public catalogue response (200) is fresh; zero
    /// turns caching of 200s off.
    pub cache_ttl: Duration,
    /// The same for 404 answers of the catalogue.
    pub cache_not_found_ttl: Duration,
    /// Largest uploaded media file (`CHLORO_MEDIA_MAX_BYTES`).
    pub media_max_bytes: u64,
    /// Total bytes of uploaded media, originals and variants
    /// (`CHLORO_MEDIA_QUOTA_BYTES`).
    pub media_quota_bytes: u64,
}

/// Administrator accounts and sessions.
#[derive(Debug, Clone)]
pub struct AdminConfig {
    /// Sliding lifetime of an admin session.
    pub session_ttl: Duration,
    /// The first admin, created at start when there is no account at all.
    pub first_user: Option<String>,
    pub first_password: Option<Secret>,
    /// The systemd credential `session-key`, if there is one: signs session
    /// records and device cookies instead of `<data dir>/session.key`.
    pub session_key: Option<Secret>,
}

/// How the SMTP relay is reached (`CHLORO_SMTP_URL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// `smtps://`: TLS from the first byte (port 465).
    Implicit,
    /// `smtp://` with `tls=required` (the default): STARTTLS or fail.
    StartTlsRequired,
    /// `smtp://…?tls=opportunistic`: STARTTLS when offered.
    StartTlsOpportunistic,
    /// `smtp://…?tls=none`: plain text; only for a relay on loopback.
    None,
}

/// The SMTP relay.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub tls: SmtpTls,
    /// A DNS name or an IP address literal (without brackets).
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    /// From the URL, else the `smtp-password` credential.
    pub password: Option<Secret>,
    /// Extra PEM roots to trust for the relay (a private CA); the public
    /// roots (webpki-roots) are always trusted.
    pub ca_file: Option<PathBuf>,
}

impl SmtpConfig {
    /// The URL as `chloromaster config` prints it: the password redacted.
    pub fn redacted_url(&self) -> String {
        let scheme = if self.tls == SmtpTls::Implicit {
            "smtps"
        } else {
            "smtp"
        };
        let user = match (&self.user, &self.password) {
            (Some(u), Some(_)) => format!("{}:<redacted>@", encode_userinfo(u)),
            (Some(u), None) => format!("{}@", encode_userinfo(u)),
            _ => String::new(),
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let query = match self.tls {
            SmtpTls::StartTlsOpportunistic => "?tls=opportunistic",
            SmtpTls::None => "?tls=none",
            _ => "",
        };
        format!("{scheme}://{user}{host}:{}{query}", self.port)
    }
}

fn encode_userinfo(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Outgoing mail. `smtp: None` turns mail off: nothing is queued.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub smtp: Option<SmtpConfig>,
    /// The sender address (`CHLORO_MAIL_FROM`), possibly `Name <addr>`.
    pub from: String,
    /// Where contact notifications go; defaults to `from`.
    pub admin: String,
    /// First retry delay; each further one doubles, capped at 1 h.
    pub retry_base: Duration,
    /// Attempts before a message is marked dead (kept, retryable by hand).
    pub max_attempts: u32,
    /// Mail to one visitor-supplied address in any 24 hours at most
    /// (`CHLORO_MAIL_PER_RECIPIENT_PER_DAY`); 0: no mail to visitors at all.
    pub per_recipient_per_day: u32,
    /// Mail to visitor-supplied addresses in any 60 minutes at most, all
    /// recipients together (`CHLORO_MAIL_VISITOR_PER_HOUR`); 0: none.
    pub visitor_per_hour: u32,
}

/// The whole configuration of one appliance process.
#[derive(Debug, Clone)]
pub struct Config {
    pub http: HttpConfig,
    /// `None`: no HTTPS listener.
    pub https: Option<HttpsConfig>,
    pub data_dir: PathBuf,
    /// Serve this directory instead of the embedded site.
    pub assets_dir: Option<PathBuf>,
    pub cache: CacheConfig,
    pub resp: RespConfig,
    pub api: ApiConfig,
    pub admin: AdminConfig,
    /// `GET /metrics` listener; `None`: off.
    pub metrics_addr: Option<SocketAddr>,
    pub mail: MailConfig,
    /// The site's public origin (`https://example.com`) for absolute links
    /// (mail, sitemap); `None`: derived (see [`Config::public_origin`]).
    pub public_url: Option<String>,
    pub log: String,
    pub log_format: LogFormat,
}

impl Config {
    /// The origin absolute links start with: `CHLORO_PUBLIC_URL`, else
    /// `https://` and the first ACME domain; `None` leaves it to the request.
    pub fn public_origin(&self) -> Option<String> {
        self.public_url
            .clone()
            .or_else(|| match self.https.as_ref().map(|h| &h.certs) {
                Some(CertSource::Acme(a)) => a.domains.first().map(|d| format!("https://{d}")),
                _ => None,
            })
    }
}
