//! Every setting of the appliance, read once from the environment into one
//! typed [`Config`] and validated before anything starts.
//!
//! Variable names are part of the product's interface (operators put them in
//! `/etc/default/chloromaster`). An unknown `CHLORO_*` variable is an error,
//! because it is almost always a typo that would otherwise be silently ignored.
//! Secrets may also come from systemd credentials (`$CREDENTIALS_DIRECTORY`).

mod units;

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use ipnet::IpNet;

pub use units::{format_duration, format_size, parse_duration, parse_size};

/// A configuration value that was rejected: names the variable, the value and
/// what is allowed, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub var: String,
    pub value: String,
    pub allowed: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid configuration: {}={:?}: {}",
            self.var, self.value, self.allowed
        )
    }
}

impl std::error::Error for ConfigError {}

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
}

/// Shortest session key accepted from the `session-key` credential
/// (`auth::key` checks the same bound when it loads the key).
pub const MIN_SESSION_KEY_LEN: usize = 32;

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

/// Every variable the appliance reads, with a one-line description; the
/// README's table and `chloromaster config` follow this list.
pub const VARIABLES: &[(&str, &str)] = &[
    ("CHLORO_HTTP_ADDR", "HTTP listener address"),
    (
        "CHLORO_DATA_DIR",
        "data directory (default $STATE_DIRECTORY, else ./data)",
    ),
    (
        "CHLORO_ASSETS_DIR",
        "serve this directory instead of the embedded site",
    ),
    (
        "CHLORO_RATE_API",
        "requests per second per client IP under /api",
    ),
    ("CHLORO_RATE_API_BURST", "burst for CHLORO_RATE_API"),
    (
        "CHLORO_RATE_GENERAL",
        "requests per second per client IP elsewhere",
    ),
    ("CHLORO_RATE_GENERAL_BURST", "burst for CHLORO_RATE_GENERAL"),
    (
        "CHLORO_TRUSTED_PROXIES",
        "comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed",
    ),
    ("CHLORO_MAX_BODY", "largest request body (uploads)"),
    ("CHLORO_MAX_JSON_BODY", "largest JSON request body"),
    (
        "CHLORO_MAX_HEADER_SIZE",
        "largest request head; larger gets 431",
    ),
    (
        "CHLORO_HEADER_TIMEOUT",
        "time to send a request head; keep-alive idle time",
    ),
    ("CHLORO_REQUEST_TIMEOUT", "time to answer a request"),
    ("CHLORO_MAX_CONNECTIONS", "open HTTP connections at most"),
    (
        "CHLORO_MAX_CONNECTIONS_PER_IP",
        "open HTTP connections per client address (IPv6 by /64) at most",
    ),
    (
        "CHLORO_MIN_DATA_RATE",
        "slowest request head or body upload, in bytes per second (0: no check)",
    ),
    (
        "CHLORO_MIN_DATA_RATE_GRACE",
        "time a request head or body has before CHLORO_MIN_DATA_RATE applies",
    ),
    (
        "CHLORO_SHUTDOWN_GRACE",
        "how long shutdown waits for in-flight requests",
    ),
    (
        "CHLORO_HTTPS_ADDR",
        "HTTPS listener address (unset: no HTTPS)",
    ),
    (
        "CHLORO_ACME_DOMAINS",
        "comma-separated domains to get certificates for with ACME",
    ),
    ("CHLORO_ACME_EMAIL", "contact e-mail for the ACME account"),
    (
        "CHLORO_ACME_DIRECTORY",
        "production, staging, or an ACME directory URL",
    ),
    (
        "CHLORO_ACME_CA_FILE",
        "extra PEM root to trust for the ACME directory",
    ),
    ("CHLORO_ACME_CHALLENGE", "tls-alpn-01 or http-01"),
    (
        "CHLORO_TLS_CERT",
        "PEM certificate chain file (instead of ACME)",
    ),
    (
        "CHLORO_TLS_KEY",
        "PEM private key file (with CHLORO_TLS_CERT)",
    ),
    (
        "CHLORO_CSP",
        "Content-Security-Policy header (empty disables)",
    ),
    (
        "CHLORO_FRAME_OPTIONS",
        "X-Frame-Options header (empty disables)",
    ),
    (
        "CHLORO_PERMISSIONS_POLICY",
        "Permissions-Policy header (empty disables)",
    ),
    (
        "CHLORO_REFERRER_POLICY",
        "Referrer-Policy header (empty disables)",
    ),
    (
        "CHLORO_HSTS",
        "Strict-Transport-Security header on HTTPS (empty disables)",
    ),
    ("CHLORO_CACHE_MAX_MEMORY", "cache store memory bound"),
    (
        "CHLORO_CACHE_SNAPSHOT_SECS",
        "seconds between cache snapshots when changed",
    ),
    (
        "CHLORO_RESP_ADDR",
        "Redis-protocol listener address (empty disables)",
    ),
    (
        "CHLORO_RESP_PASSWORD",
        "Redis-protocol password (requirepass); or credential resp-password",
    ),
    ("CHLORO_RESP_MAX_CLIENTS", "Redis-protocol clients at most"),
    (
        "CHLORO_RESP_TIMEOUT",
        "close Redis-protocol clients idle this long (0 = never)",
    ),
    (
        "CHLORO_RESP_BUSY_POLL_US",
        "microseconds a busy Redis-protocol thread polls before sleeping (0 = never)",
    ),
    (
        "CHLORO_CONTACT_LIMIT_PER_HOUR",
        "contact submissions per client IP per hour (0 = no limit)",
    ),
    (
        "CHLORO_DATASHEETS_DIR",
        "directory of datasheet PDFs (<base name>.pdf) instead of the built-in samples",
    ),
    (
        "CHLORO_DATASHEET_TOKEN_TTL",
        "how long a datasheet download link works",
    ),
    (
        "CHLORO_API_CACHE_TTL",
        "how long a cached catalogue response (200) is fresh (0 = not cached)",
    ),
    (
        "CHLORO_API_CACHE_NOT_FOUND_TTL",
        "how long a cached catalogue 404 is fresh (0 = not cached)",
    ),
    (
        "CHLORO_SESSION_TTL",
        "admin session lifetime, renewed on every request",
    ),
    (
        "CHLORO_ADMIN_USER",
        "first admin's user name, created at start when no admin exists",
    ),
    (
        "CHLORO_ADMIN_PASSWORD",
        "first admin's password (with CHLORO_ADMIN_USER); or credential admin-password",
    ),
    (
        "CHLORO_METRICS_ADDR",
        "Prometheus /metrics listener address, unauthenticated (empty disables)",
    ),
    (
        "CHLORO_SMTP_URL",
        "SMTP relay, e.g. smtps://user:pass@host:465 or smtp://host:587 (empty: mail off); password also from credential smtp-password",
    ),
    (
        "CHLORO_SMTP_CA_FILE",
        "extra PEM root to trust for the SMTP relay's certificate",
    ),
    (
        "CHLORO_MAIL_FROM",
        "sender address of the appliance's mail (needed with CHLORO_SMTP_URL)",
    ),
    (
        "CHLORO_MAIL_ADMIN",
        "recipient of contact-form notifications (default: CHLORO_MAIL_FROM)",
    ),
    (
        "CHLORO_MAIL_MAX_ATTEMPTS",
        "delivery attempts before a mail is marked dead",
    ),
    (
        "CHLORO_MAIL_RETRY_BASE",
        "first retry delay of a failed mail; doubles each time, at most 1h",
    ),
    (
        "CHLORO_MAIL_PER_RECIPIENT_PER_DAY",
        "mails to one visitor address in any 24 hours, however many clients ask (0 = no mail to visitors)",
    ),
    (
        "CHLORO_MAIL_VISITOR_PER_HOUR",
        "mails to visitor addresses in any 60 minutes, all together (0 = no mail to visitors)",
    ),
    (
        "CHLORO_PUBLIC_URL",
        "the site's public origin for absolute links (mail, sitemap), e.g. https://example.com (default: the first ACME domain)",
    ),
    (
        "CHLORO_LOG",
        "log filter, e.g. info or info,chloromaster::edge=debug",
    ),
    ("CHLORO_LOG_FORMAT", "auto, human, journald or json"),
];

const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
const DEFAULT_PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

/// Reads variables and remembers which `CHLORO_*` names were consumed, so the
/// leftovers can be reported as unknown.
struct Vars {
    map: BTreeMap<String, String>,
}

impl Vars {
    fn get(&self, name: &str) -> Option<&str> {
        debug_assert!(
            !name.starts_with("CHLORO_") || VARIABLES.iter().any(|(n, _)| *n == name),
            "{name} missing from VARIABLES"
        );
        self.map.get(name).map(String::as_str)
    }

    fn err(&self, name: &str, allowed: impl Into<String>) -> ConfigError {
        ConfigError {
            var: name.to_owned(),
            value: self.get(name).unwrap_or_default().to_owned(),
            allowed: allowed.into(),
        }
    }

    fn parsed<T>(
        &self,
        name: &str,
        default: T,
        parse: impl Fn(&str) -> Result<T, &'static str>,
    ) -> Result<T, ConfigError> {
        match self.get(name) {
            None => Ok(default),
            Some(raw) => parse(raw).map_err(|allowed| self.err(name, allowed)),
        }
    }

    fn positive(&self, name: &str, default: u32) -> Result<NonZeroU32, ConfigError> {
        let default = NonZeroU32::new(default).unwrap_or(NonZeroU32::MIN);
        self.parsed(name, default, |raw| {
            raw.trim()
                .parse::<NonZeroU32>()
                .map_err(|_| "a whole number greater than 0")
        })
    }

    fn count(&self, name: &str, default: usize) -> Result<usize, ConfigError> {
        self.parsed(name, default, |raw| match raw.trim().parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err("a whole number greater than 0"),
        })
    }

    fn size(&self, name: &str, default: u64) -> Result<u64, ConfigError> {
        self.parsed(name, default, units::parse_size)
    }

    fn duration(&self, name: &str, default: Duration) -> Result<Duration, ConfigError> {
        self.parsed(name, default, units::parse_duration)
    }

    fn string(&self, name: &str, default: &str) -> String {
        self.get(name).unwrap_or(default).to_owned()
    }

    /// A secret from the variable, else from the systemd credential file.
    fn secret(&self, name: &str, credential: &str) -> Result<Option<Secret>, ConfigError> {
        if let Some(v) = self.get(name) {
            return Ok((!v.is_empty()).then(|| Secret::new(v)));
        }
        self.credential(credential)
    }

    /// The systemd credential file `credential`, if there is one.
    fn credential(&self, credential: &str) -> Result<Option<Secret>, ConfigError> {
        let Some(dir) = self.get("CREDENTIALS_DIRECTORY") else {
            return Ok(None);
        };
        let path = PathBuf::from(dir).join(credential);
        match std::fs::read_to_string(&path) {
            Ok(s) => {
                let s = s.trim_end_matches(['\r', '\n']);
                Ok((!s.is_empty()).then(|| Secret::new(s)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(ConfigError {
                var: "CREDENTIALS_DIRECTORY".into(),
                value: dir.to_owned(),
                allowed: format!("a readable credential {credential}: {e}"),
            }),
        }
    }

    fn unknown(&self) -> Option<ConfigError> {
        let name = self
            .map
            .keys()
            .find(|k| k.starts_with("CHLORO_") && !VARIABLES.iter().any(|(n, _)| n == k))?;
        let suggestion = VARIABLES
            .iter()
            .map(|(n, _)| (edit_distance(n, name), *n))
            .min()
            .filter(|(d, _)| *d <= 3)
            .map(|(_, n)| format!("did you mean {n}? "))
            .unwrap_or_default();
        Some(ConfigError {
            var: name.clone(),
            value: self.map[name].clone(),
            allowed: format!(
                "unknown variable ({suggestion}`chloromaster config --help` lists the known ones)"
            ),
        })
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Config {
    /// Reads the process environment. A variable whose value is not UTF-8 is
    /// an error naming it.
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut vars = Vec::new();
        for (k, v) in std::env::vars_os() {
            let Some(k) = k.to_str() else { continue };
            match v.into_string() {
                Ok(v) => vars.push((k.to_owned(), v)),
                Err(v) if k.starts_with("CHLORO_") => {
                    return Err(ConfigError {
                        var: k.to_owned(),
                        value: v.to_string_lossy().into_owned(),
                        allowed: "a UTF-8 value".into(),
                    });
                }
                Err(_) => {}
            }
        }
        Self::from_vars(vars)
    }

    /// Builds the configuration from explicit variables (the environment, or
    /// a test's list). Only `CHLORO_*`, `STATE_DIRECTORY` and
    /// `CREDENTIALS_DIRECTORY` are looked at.
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Result<Self, ConfigError>
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .filter(|(k, _)| {
                k.starts_with("CHLORO_") || k == "STATE_DIRECTORY" || k == "CREDENTIALS_DIRECTORY"
            })
            .collect();
        let v = Vars { map };
        if let Some(e) = v.unknown() {
            return Err(e);
        }

        let http_addr = v.parsed(
            "CHLORO_HTTP_ADDR",
            SocketAddr::from(([127, 0, 0, 1], 8080)),
            units::parse_addr,
        )?;

        let data_dir = match (v.get("CHLORO_DATA_DIR"), v.get("STATE_DIRECTORY")) {
            (Some(""), _) => return Err(v.err("CHLORO_DATA_DIR", "a directory path")),
            (Some(d), _) => PathBuf::from(d),
            // systemd may pass several colon-separated directories; the first is ours.
            (None, Some(s)) if !s.is_empty() => PathBuf::from(s.split(':').next().unwrap_or(s)),
            _ => PathBuf::from("data"),
        };

        let assets_dir = match v.get("CHLORO_ASSETS_DIR") {
            None | Some("") => None,
            Some(d) => {
                let p = PathBuf::from(d);
                if !p.is_dir() {
                    return Err(v.err("CHLORO_ASSETS_DIR", "an existing directory"));
                }
                Some(p)
            }
        };

        let rate_api = Rate {
            per_second: v.positive("CHLORO_RATE_API", 10)?,
            burst: v.positive("CHLORO_RATE_API_BURST", 20)?,
        };
        let rate_general = Rate {
            per_second: v.positive("CHLORO_RATE_GENERAL", 30)?,
            // One page load fetches the HTML, its CSS, JS, fonts and images at once.
            burst: v.positive("CHLORO_RATE_GENERAL_BURST", 50)?,
        };

        let trusted_proxies = match v.get("CHLORO_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<IpNet>()
                        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                        .map_err(|_| {
                            v.err(
                                "CHLORO_TRUSTED_PROXIES",
                                "comma-separated IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8",
                            )
                        })
                })
                .collect::<Result<_, _>>()?,
        };

        let max_body = v.size("CHLORO_MAX_BODY", 20 << 20)?;
        let max_json_body = v.size("CHLORO_MAX_JSON_BODY", 64 << 10)?.min(max_body);
        let max_header_bytes = v.size("CHLORO_MAX_HEADER_SIZE", 16 << 10)?;
        if !(1024..=(1 << 20)).contains(&max_header_bytes) {
            return Err(v.err("CHLORO_MAX_HEADER_SIZE", "between 1kb and 1mb"));
        }
        let header_timeout = v.duration("CHLORO_HEADER_TIMEOUT", Duration::from_secs(15))?;
        if header_timeout.is_zero() {
            return Err(v.err("CHLORO_HEADER_TIMEOUT", "a duration greater than 0"));
        }
        let request_timeout = v.duration("CHLORO_REQUEST_TIMEOUT", Duration::from_secs(60))?;
        if request_timeout.is_zero() {
            return Err(v.err("CHLORO_REQUEST_TIMEOUT", "a duration greater than 0"));
        }

        let security = SecurityHeaders {
            content_security_policy: v.string("CHLORO_CSP", DEFAULT_CSP),
            frame_options: v.string("CHLORO_FRAME_OPTIONS", "DENY"),
            permissions_policy: v.string("CHLORO_PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY),
            referrer_policy: v.string("CHLORO_REFERRER_POLICY", "strict-origin-when-cross-origin"),
            strict_transport_security: v
                .string("CHLORO_HSTS", "max-age=31536000; includeSubDomains"),
        };
        for (name, value) in [
            ("CHLORO_CSP", &security.content_security_policy),
            ("CHLORO_FRAME_OPTIONS", &security.frame_options),
            ("CHLORO_PERMISSIONS_POLICY", &security.permissions_policy),
            ("CHLORO_REFERRER_POLICY", &security.referrer_policy),
            ("CHLORO_HSTS", &security.strict_transport_security),
        ] {
            if http::HeaderValue::from_str(value).is_err() {
                return Err(v.err(name, "a valid HTTP header value (visible ASCII)"));
            }
        }

        let http = HttpConfig {
            addr: http_addr,
            rate_api,
            rate_general,
            trusted_proxies,
            max_body,
            max_json_body,
            max_header_bytes: usize::try_from(max_header_bytes).unwrap_or(1 << 20),
            header_timeout,
            request_timeout,
            max_connections: v.count("CHLORO_MAX_CONNECTIONS", 4096)?,
            max_connections_per_ip: v.count("CHLORO_MAX_CONNECTIONS_PER_IP", 64)?,
            min_data_rate: v.size("CHLORO_MIN_DATA_RATE", 240)?,
            min_data_rate_grace: v
                .duration("CHLORO_MIN_DATA_RATE_GRACE", Duration::from_secs(5))?,
            shutdown_grace: v.duration("CHLORO_SHUTDOWN_GRACE", Duration::from_secs(10))?,
            security,
        };

        let https = https_config(&v)?;

        let cache = CacheConfig {
            max_memory: v.size("CHLORO_CACHE_MAX_MEMORY", 256 << 20)?,
            snapshot_interval: Duration::from_secs(v.parsed(
                "CHLORO_CACHE_SNAPSHOT_SECS",
                60,
                |raw| match raw.trim().parse::<u64>() {
                    Ok(n) if n > 0 => Ok(n),
                    _ => Err("a whole number of seconds greater than 0"),
                },
            )?),
        };
        if cache.max_memory < (1 << 20) {
            return Err(v.err("CHLORO_CACHE_MAX_MEMORY", "at least 1mb"));
        }

        let resp_addr = match v.get("CHLORO_RESP_ADDR") {
            Some(s) if s.trim().is_empty() => None,
            Some(_) => Some(v.parsed(
                "CHLORO_RESP_ADDR",
                SocketAddr::from(([127, 0, 0, 1], 6379)),
                units::parse_addr,
            )?),
            None => Some(SocketAddr::from(([127, 0, 0, 1], 6379))),
        };
        let resp_password = v.secret("CHLORO_RESP_PASSWORD", "resp-password")?;
        if let Some(addr) = resp_addr {
            // Redis's protected mode: never expose an unauthenticated store.
            if !addr.ip().is_loopback() && resp_password.is_none() {
                return Err(v.err(
                    "CHLORO_RESP_ADDR",
                    "a loopback address unless CHLORO_RESP_PASSWORD (or the resp-password credential) is set: the cache store refuses to listen unauthenticated on a network",
                ));
            }
        }
        let resp_timeout = v.duration("CHLORO_RESP_TIMEOUT", Duration::from_secs(300))?;
        let resp = RespConfig {
            addr: resp_addr,
            password: resp_password,
            max_clients: v.count("CHLORO_RESP_MAX_CLIENTS", 1000)?,
            idle_timeout: (!resp_timeout.is_zero()).then_some(resp_timeout),
            busy_poll: Duration::from_micros(v.parsed("CHLORO_RESP_BUSY_POLL_US", 20, |raw| {
                match raw.trim().parse::<u64>() {
                    Ok(n) if n <= 1000 => Ok(n),
                    _ => Err("a whole number of microseconds from 0 to 1000"),
                }
            })?),
        };

        let metrics_addr = match v.get("CHLORO_METRICS_ADDR") {
            Some(s) if s.trim().is_empty() => None,
            _ => Some(v.parsed(
                "CHLORO_METRICS_ADDR",
                SocketAddr::from(([127, 0, 0, 1], 9100)),
                units::parse_addr,
            )?),
        };

        let api = ApiConfig {
            contact_limit_per_hour: v.parsed("CHLORO_CONTACT_LIMIT_PER_HOUR", 10, |raw| {
                raw.trim()
                    .parse::<u32>()
                    .map_err(|_| "a whole number (0 = no limit)")
            })?,
            datasheets_dir: match v.get("CHLORO_DATASHEETS_DIR") {
                None | Some("") => None,
                Some(d) if PathBuf::from(d).is_dir() => Some(PathBuf::from(d)),
                Some(_) => return Err(v.err("CHLORO_DATASHEETS_DIR", "an existing directory")),
            },
            datasheet_token_ttl: v
                .duration("CHLORO_DATASHEET_TOKEN_TTL", Duration::from_secs(86_400))?,
            cache_ttl: v.duration("CHLORO_API_CACHE_TTL", Duration::from_secs(300))?,
            cache_not_found_ttl: v
                .duration("CHLORO_API_CACHE_NOT_FOUND_TTL", Duration::from_secs(60))?,
        };
        if api.datasheet_token_ttl < Duration::from_secs(1) {
            return Err(v.err("CHLORO_DATASHEET_TOKEN_TTL", "at least 1s"));
        }

        let admin = AdminConfig {
            session_ttl: v.duration("CHLORO_SESSION_TTL", Duration::from_secs(12 * 3600))?,
            first_user: v
                .get("CHLORO_ADMIN_USER")
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_owned),
            first_password: v.secret("CHLORO_ADMIN_PASSWORD", "admin-password")?,
            session_key: v.credential("session-key")?,
        };
        if let Some(key) = &admin.session_key
            && key.expose().len() < MIN_SESSION_KEY_LEN
        {
            return Err(ConfigError {
                var: "CREDENTIALS_DIRECTORY".into(),
                value: "session-key".into(),
                allowed: format!(
                    "a session-key credential of at least {} bytes (e.g. `openssl rand -hex 32`)",
                    MIN_SESSION_KEY_LEN
                ),
            });
        }
        if admin.session_ttl < Duration::from_secs(60) {
            return Err(v.err("CHLORO_SESSION_TTL", "at least 1m"));
        }
        if admin.first_user.is_some() != admin.first_password.is_some() {
            return Err(v.err(
                if admin.first_user.is_some() {
                    "CHLORO_ADMIN_PASSWORD"
                } else {
                    "CHLORO_ADMIN_USER"
                },
                "set together: CHLORO_ADMIN_USER with CHLORO_ADMIN_PASSWORD (or the admin-password credential)",
            ));
        }

        let mail = mail_config(&v)?;

        let log = v.string("CHLORO_LOG", "info");
        if tracing_subscriber::EnvFilter::builder()
            .parse(&log)
            .is_err()
        {
            return Err(v.err(
                "CHLORO_LOG",
                "a log filter such as info, warn or info,chloromaster::edge=debug",
            ));
        }
        let log_format = v.parsed("CHLORO_LOG_FORMAT", LogFormat::Auto, |raw| {
            match raw.trim().to_ascii_lowercase().as_str() {
                "auto" => Ok(LogFormat::Auto),
                "human" | "pretty" | "text" => Ok(LogFormat::Human),
                "journald" | "plain" => Ok(LogFormat::Journald),
                "json" => Ok(LogFormat::Json),
                _ => Err("one of auto, human, journald, json"),
            }
        })?;

        let public_url = match v.get("CHLORO_PUBLIC_URL").map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(parse_origin(raw).ok_or_else(|| {
                v.err(
                    "CHLORO_PUBLIC_URL",
                    "an http:// or https:// origin without path, query or user, e.g. https://example.com",
                )
            })?),
        };

        Ok(Config {
            http,
            https,
            data_dir,
            assets_dir,
            cache,
            resp,
            api,
            admin,
            metrics_addr,
            mail,
            public_url,
            log,
            log_format,
        })
    }
}

/// A plausible mail address (`a@b`, or `Name <a@b>`); the SMTP library
/// checks it fully when the sender starts.
fn plausible_mailbox(s: &str) -> bool {
    s.parse::<lettre::message::Mailbox>().is_ok()
}

fn mail_config(v: &Vars) -> Result<MailConfig, ConfigError> {
    let smtp = match v.get("CHLORO_SMTP_URL").map(str::trim) {
        None | Some("") => None,
        Some(raw) => {
            Some(parse_smtp_url(raw).map_err(|allowed| v.err("CHLORO_SMTP_URL", allowed))?)
        }
    };
    let ca_file = v
        .get("CHLORO_SMTP_CA_FILE")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(PathBuf::from);
    if ca_file.as_ref().is_some_and(|p| !p.is_file()) {
        return Err(v.err("CHLORO_SMTP_CA_FILE", "a readable PEM file"));
    }
    let smtp = match smtp {
        Some(mut s) => {
            if s.user.is_some() && s.password.is_none() {
                s.password = v.credential("smtp-password")?;
            }
            s.ca_file = ca_file;
            Some(s)
        }
        None if ca_file.is_some() => {
            return Err(v.err("CHLORO_SMTP_CA_FILE", "only with CHLORO_SMTP_URL set"));
        }
        None => None,
    };
    let from = v.string("CHLORO_MAIL_FROM", "").trim().to_owned();
    let admin = v.string("CHLORO_MAIL_ADMIN", "").trim().to_owned();
    if smtp.is_some() && from.is_empty() {
        return Err(v.err(
            "CHLORO_MAIL_FROM",
            "set with CHLORO_SMTP_URL: the sender address, e.g. ChloroMaster <web@example.com>",
        ));
    }
    if !from.is_empty() && !plausible_mailbox(&from) {
        return Err(v.err(
            "CHLORO_MAIL_FROM",
            "an e-mail address, e.g. web@example.com or ChloroMaster <web@example.com>",
        ));
    }
    if !admin.is_empty() && !plausible_mailbox(&admin) {
        return Err(v.err("CHLORO_MAIL_ADMIN", "an e-mail address"));
    }
    let max_attempts = v.positive("CHLORO_MAIL_MAX_ATTEMPTS", 8)?.get();
    let retry_base = v.duration("CHLORO_MAIL_RETRY_BASE", Duration::from_secs(30))?;
    if retry_base < Duration::from_millis(10) || retry_base > Duration::from_secs(3600) {
        return Err(v.err("CHLORO_MAIL_RETRY_BASE", "between 10ms and 1h"));
    }
    let limit = |name: &str, default: u32| {
        v.parsed(name, default, |raw| {
            raw.trim()
                .parse::<u32>()
                .map_err(|_| "a whole number (0 = no mail to visitors)")
        })
    };
    let per_recipient_per_day = limit("CHLORO_MAIL_PER_RECIPIENT_PER_DAY", 3)?;
    let visitor_per_hour = limit("CHLORO_MAIL_VISITOR_PER_HOUR", 100)?;
    Ok(MailConfig {
        smtp,
        admin: if admin.is_empty() {
            from.clone()
        } else {
            admin
        },
        from,
        retry_base,
        max_attempts,
        per_recipient_per_day,
        visitor_per_hour,
    })
}

/// `smtps://[user[:password]@]host[:port]` or
/// `smtp://[user[:password]@]host[:port][?tls=required|opportunistic|none]`.
fn parse_smtp_url(raw: &str) -> Result<SmtpConfig, &'static str> {
    const SYNTAX: &str = "smtps://user:password@host:465, smtp://user:password@host:587[?tls=required|opportunistic|none], or empty for no mail";
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .map(|c| c.into_owned())
            .map_err(|_| SYNTAX)
    };
    let (scheme, rest) = raw.split_once("://").ok_or(SYNTAX)?;
    let implicit = match scheme.to_ascii_lowercase().as_str() {
        "smtps" => true,
        "smtp" => false,
        _ => return Err(SYNTAX),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let rest = rest.trim_end_matches('/');
    if rest.contains('/') {
        return Err(SYNTAX);
    }
    let (userinfo, hostport) = match rest.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, rest),
    };
    let (user, password) = match userinfo {
        None => (None, None),
        Some(u) => match u.split_once(':') {
            Some((name, pass)) => (Some(decode(name)?), Some(decode(pass)?)),
            None => (Some(decode(u)?), None),
        },
    };
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6.split_once(']').ok_or(SYNTAX)?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(SYNTAX),
        };
        (h.to_owned(), port)
    } else {
        match hostport.split_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (hostport.to_owned(), None),
        }
    };
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':'))
    {
        return Err(SYNTAX);
    }
    let port = match port {
        None => {
            if implicit {
                465
            } else {
                587
            }
        }
        Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or(SYNTAX)?,
    };
    let host = host.to_ascii_lowercase();
    let loopback = host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let mut tls = if implicit {
        SmtpTls::Implicit
    } else if loopback {
        SmtpTls::None
    } else {
        SmtpTls::StartTlsRequired
    };
    if let Some(q) = query {
        for pair in q.split('&').filter(|p| !p.is_empty()) {
            tls = match (implicit, pair) {
                (false, "tls=required") => SmtpTls::StartTlsRequired,
                (false, "tls=opportunistic") => SmtpTls::StartTlsOpportunistic,
                (false, "tls=none") => SmtpTls::None,
                _ => return Err(SYNTAX),
            };
        }
    }
    if tls == SmtpTls::None && !loopback {
        return Err(
            "tls=none (plain text) only for a relay on loopback; use smtps:// or smtp:// with STARTTLS",
        );
    }
    Ok(SmtpConfig {
        tls,
        host,
        port,
        user: user.filter(|u| !u.is_empty()),
        password: password.filter(|p| !p.is_empty()).map(Secret::new),
        ca_file: None,
    })
}

/// `scheme://host[:port]`, lower-cased, from an origin that may end in `/`.
fn parse_origin(raw: &str) -> Option<String> {
    let (scheme, rest) = raw.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
            if h.contains(':') && !h.starts_with('[') {
                // A bare IPv6 address without brackets.
                return None;
            }
            (h, Some(p))
        }
        _ => (authority, None),
    };
    let host_ok = !host.is_empty()
        && (host.starts_with('[')
            && host.ends_with(']')
            && host[1..host.len() - 1]
                .parse::<std::net::Ipv6Addr>()
                .is_ok()
            || host.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            }));
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
    (host_ok && port_ok).then(|| format!("{scheme}://{}", authority.to_ascii_lowercase()))
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

fn https_config(v: &Vars) -> Result<Option<HttpsConfig>, ConfigError> {
    let acme_set = v
        .get("CHLORO_ACME_DOMAINS")
        .is_some_and(|d| !d.trim().is_empty());
    let files_set = v.get("CHLORO_TLS_CERT").is_some() || v.get("CHLORO_TLS_KEY").is_some();
    let addr = match v.get("CHLORO_HTTPS_ADDR") {
        None | Some("") => {
            for name in ["CHLORO_ACME_DOMAINS", "CHLORO_TLS_CERT", "CHLORO_TLS_KEY"] {
                if v.get(name).is_some_and(|s| !s.is_empty()) {
                    return Err(v.err(name, "only with CHLORO_HTTPS_ADDR set (the HTTPS listener)"));
                }
            }
            return Ok(None);
        }
        Some(_) => v.parsed(
            "CHLORO_HTTPS_ADDR",
            SocketAddr::from(([0, 0, 0, 0], 443)),
            units::parse_addr,
        )?,
    };
    if acme_set && files_set {
        return Err(v.err(
            "CHLORO_TLS_CERT",
            "either CHLORO_ACME_DOMAINS (automatic certificates) or CHLORO_TLS_CERT + CHLORO_TLS_KEY (files), not both",
        ));
    }
    let certs = if acme_set {
        let domains: Vec<String> = v
            .get("CHLORO_ACME_DOMAINS")
            .unwrap_or_default()
            .split(',')
            .map(|d| d.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|d| !d.is_empty())
            .collect();
        if domains.iter().any(|d| {
            d.parse::<IpAddr>().is_ok()
                || !d.contains('.')
                || !d
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        }) {
            return Err(v.err(
                "CHLORO_ACME_DOMAINS",
                "comma-separated DNS names such as example.com,www.example.com",
            ));
        }
        let directory = match v.get("CHLORO_ACME_DIRECTORY").map(str::trim) {
            None | Some("" | "production") => LETS_ENCRYPT_PRODUCTION.to_owned(),
            Some("staging") => LETS_ENCRYPT_STAGING.to_owned(),
            Some(url) if url.starts_with("https://") => url.to_owned(),
            Some(_) => {
                return Err(v.err(
                    "CHLORO_ACME_DIRECTORY",
                    "production, staging, or an https:// ACME directory URL",
                ));
            }
        };
        let email = v
            .get("CHLORO_ACME_EMAIL")
            .map(str::trim)
            .filter(|e| !e.is_empty());
        if let Some(e) = email
            && (!e.contains('@') || e.contains(char::is_whitespace))
        {
            return Err(v.err("CHLORO_ACME_EMAIL", "an e-mail address"));
        }
        let ca_file = v
            .get("CHLORO_ACME_CA_FILE")
            .filter(|s| !s.is_empty())
            .map(PathBuf::from);
        if ca_file.as_ref().is_some_and(|p| !p.is_file()) {
            return Err(v.err("CHLORO_ACME_CA_FILE", "a readable PEM file"));
        }
        let challenge = v.parsed(
            "CHLORO_ACME_CHALLENGE",
            AcmeChallenge::TlsAlpn01,
            |raw| match raw.trim() {
                "tls-alpn-01" => Ok(AcmeChallenge::TlsAlpn01),
                "http-01" => Ok(AcmeChallenge::Http01),
                _ => Err("tls-alpn-01 or http-01"),
            },
        )?;
        CertSource::Acme(AcmeConfig {
            domains,
            email: email.map(str::to_owned),
            directory,
            ca_file,
            challenge,
        })
    } else {
        match (v.get("CHLORO_TLS_CERT"), v.get("CHLORO_TLS_KEY")) {
            (Some(cert), Some(key)) if !cert.is_empty() && !key.is_empty() => CertSource::Files {
                cert: PathBuf::from(cert),
                key: PathBuf::from(key),
            },
            (Some(_), _) => {
                return Err(v.err(
                    "CHLORO_TLS_KEY",
                    "set together with CHLORO_TLS_CERT: the PEM private key file",
                ));
            }
            _ => {
                return Err(v.err(
                    "CHLORO_HTTPS_ADDR",
                    "needs certificates: set CHLORO_ACME_DOMAINS (automatic) or CHLORO_TLS_CERT + CHLORO_TLS_KEY",
                ));
            }
        }
    };
    Ok(Some(HttpsConfig { addr, certs }))
}

fn rate_str(r: &Rate) -> (String, String) {
    (r.per_second.to_string(), r.burst.to_string())
}

impl fmt::Display for Config {
    /// The effective configuration in the environment-file syntax, so it can
    /// be pasted into `/etc/default/chloromaster`. Secrets are redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = &self.http;
        let (api, api_burst) = rate_str(&h.rate_api);
        let (gen_rate, gen_burst) = rate_str(&h.rate_general);
        let proxies = h
            .trusted_proxies
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let mut lines: Vec<(&str, String)> = vec![
            ("CHLORO_HTTP_ADDR", h.addr.to_string()),
            ("CHLORO_DATA_DIR", self.data_dir.display().to_string()),
            (
                "CHLORO_ASSETS_DIR",
                self.assets_dir
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            ),
            ("CHLORO_RATE_API", api),
            ("CHLORO_RATE_API_BURST", api_burst),
            ("CHLORO_RATE_GENERAL", gen_rate),
            ("CHLORO_RATE_GENERAL_BURST", gen_burst),
            ("CHLORO_TRUSTED_PROXIES", proxies),
            (
                "CHLORO_HTTPS_ADDR",
                self.https
                    .as_ref()
                    .map(|h| h.addr.to_string())
                    .unwrap_or_default(),
            ),
            ("CHLORO_MAX_BODY", format_size(h.max_body)),
            ("CHLORO_MAX_JSON_BODY", format_size(h.max_json_body)),
            (
                "CHLORO_MAX_HEADER_SIZE",
                format_size(h.max_header_bytes as u64),
            ),
            ("CHLORO_HEADER_TIMEOUT", format_duration(h.header_timeout)),
            ("CHLORO_REQUEST_TIMEOUT", format_duration(h.request_timeout)),
            ("CHLORO_MAX_CONNECTIONS", h.max_connections.to_string()),
            (
                "CHLORO_MAX_CONNECTIONS_PER_IP",
                h.max_connections_per_ip.to_string(),
            ),
            ("CHLORO_MIN_DATA_RATE", format_size(h.min_data_rate)),
            (
                "CHLORO_MIN_DATA_RATE_GRACE",
                format_duration(h.min_data_rate_grace),
            ),
            ("CHLORO_SHUTDOWN_GRACE", format_duration(h.shutdown_grace)),
            ("CHLORO_CSP", h.security.content_security_policy.clone()),
            ("CHLORO_FRAME_OPTIONS", h.security.frame_options.clone()),
            (
                "CHLORO_PERMISSIONS_POLICY",
                h.security.permissions_policy.clone(),
            ),
            ("CHLORO_REFERRER_POLICY", h.security.referrer_policy.clone()),
            ("CHLORO_HSTS", h.security.strict_transport_security.clone()),
            (
                "CHLORO_CACHE_MAX_MEMORY",
                format_size(self.cache.max_memory),
            ),
            (
                "CHLORO_CACHE_SNAPSHOT_SECS",
                self.cache.snapshot_interval.as_secs().to_string(),
            ),
            (
                "CHLORO_RESP_ADDR",
                self.resp.addr.map(|a| a.to_string()).unwrap_or_default(),
            ),
            (
                "CHLORO_RESP_PASSWORD",
                if self.resp.password.is_some() {
                    "<redacted>".into()
                } else {
                    String::new()
                },
            ),
            ("CHLORO_RESP_MAX_CLIENTS", self.resp.max_clients.to_string()),
            (
                "CHLORO_RESP_TIMEOUT",
                self.resp
                    .idle_timeout
                    .map(format_duration)
                    .unwrap_or_else(|| "0".into()),
            ),
            (
                "CHLORO_RESP_BUSY_POLL_US",
                self.resp.busy_poll.as_micros().to_string(),
            ),
            (
                "CHLORO_CONTACT_LIMIT_PER_HOUR",
                self.api.contact_limit_per_hour.to_string(),
            ),
            (
                "CHLORO_DATASHEETS_DIR",
                self.api
                    .datasheets_dir
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            ),
            (
                "CHLORO_DATASHEET_TOKEN_TTL",
                format_duration(self.api.datasheet_token_ttl),
            ),
            ("CHLORO_API_CACHE_TTL", format_duration(self.api.cache_ttl)),
            (
                "CHLORO_API_CACHE_NOT_FOUND_TTL",
                format_duration(self.api.cache_not_found_ttl),
            ),
            (
                "CHLORO_SESSION_TTL",
                format_duration(self.admin.session_ttl),
            ),
            (
                "CHLORO_ADMIN_USER",
                self.admin.first_user.clone().unwrap_or_default(),
            ),
            (
                "CHLORO_ADMIN_PASSWORD",
                if self.admin.first_password.is_some() {
                    "<redacted>".into()
                } else {
                    String::new()
                },
            ),
            (
                "CHLORO_METRICS_ADDR",
                self.metrics_addr.map(|a| a.to_string()).unwrap_or_default(),
            ),
            (
                "CHLORO_SMTP_URL",
                self.mail
                    .smtp
                    .as_ref()
                    .map(SmtpConfig::redacted_url)
                    .unwrap_or_default(),
            ),
            (
                "CHLORO_SMTP_CA_FILE",
                self.mail
                    .smtp
                    .as_ref()
                    .and_then(|s| s.ca_file.as_ref())
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            ),
            ("CHLORO_MAIL_FROM", self.mail.from.clone()),
            ("CHLORO_MAIL_ADMIN", self.mail.admin.clone()),
            (
                "CHLORO_MAIL_MAX_ATTEMPTS",
                self.mail.max_attempts.to_string(),
            ),
            (
                "CHLORO_MAIL_RETRY_BASE",
                format_duration(self.mail.retry_base),
            ),
            (
                "CHLORO_MAIL_PER_RECIPIENT_PER_DAY",
                self.mail.per_recipient_per_day.to_string(),
            ),
            (
                "CHLORO_MAIL_VISITOR_PER_HOUR",
                self.mail.visitor_per_hour.to_string(),
            ),
            (
                "CHLORO_PUBLIC_URL",
                self.public_url.clone().unwrap_or_default(),
            ),
            ("CHLORO_LOG", self.log.clone()),
        ];
        let acme = match self.https.as_ref().map(|h| &h.certs) {
            Some(CertSource::Acme(a)) => Some(a),
            _ => None,
        };
        let (cert, key) = match self.https.as_ref().map(|h| &h.certs) {
            Some(CertSource::Files { cert, key }) => {
                (cert.display().to_string(), key.display().to_string())
            }
            _ => Default::default(),
        };
        lines.extend([
            (
                "CHLORO_ACME_DOMAINS",
                acme.map(|a| a.domains.join(",")).unwrap_or_default(),
            ),
            (
                "CHLORO_ACME_EMAIL",
                acme.and_then(|a| a.email.clone()).unwrap_or_default(),
            ),
            (
                "CHLORO_ACME_DIRECTORY",
                acme.map(|a| a.directory.clone()).unwrap_or_default(),
            ),
            (
                "CHLORO_ACME_CA_FILE",
                acme.and_then(|a| a.ca_file.as_ref())
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            ),
            (
                "CHLORO_ACME_CHALLENGE",
                acme.map(|a| match a.challenge {
                    AcmeChallenge::TlsAlpn01 => "tls-alpn-01".to_owned(),
                    AcmeChallenge::Http01 => "http-01".to_owned(),
                })
                .unwrap_or_default(),
            ),
            ("CHLORO_TLS_CERT", cert),
            ("CHLORO_TLS_KEY", key),
            (
                "CHLORO_LOG_FORMAT",
                format!("{:?}", self.log_format).to_ascii_lowercase(),
            ),
        ]);
        for (name, value) in lines {
            if value.contains([' ', '"', '\'', ';', '$']) {
                let escaped: String = value
                    .chars()
                    .flat_map(|c| {
                        (c == '"' || c == '\\')
                            .then_some('\\')
                            .into_iter()
                            .chain([c])
                    })
                    .collect();
                writeln!(f, "{name}=\"{escaped}\"")?;
            } else {
                writeln!(f, "{name}={value}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_vars(vars.iter().copied())
    }

    #[test]
    fn defaults_need_no_configuration() {
        let c = cfg(&[]).expect("defaults are valid");
        assert_eq!(c.http.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.data_dir, PathBuf::from("data"));
        assert_eq!(c.http.rate_api.per_second.get(), 10);
        assert_eq!(c.http.rate_api.burst.get(), 20);
        assert_eq!(c.http.max_body, 20 << 20);
        assert_eq!(c.cache.max_memory, 256 << 20);
        assert_eq!(
            c.resp.addr.map(|a| a.to_string()).as_deref(),
            Some("127.0.0.1:6379")
        );
    }

    #[test]
    fn state_directory_is_the_default_data_dir() {
        let c = cfg(&[("STATE_DIRECTORY", "/var/lib/chloromaster")]).expect("valid");
        assert_eq!(c.data_dir, PathBuf::from("/var/lib/chloromaster"));
        let c = cfg(&[("STATE_DIRECTORY", "/s"), ("CHLORO_DATA_DIR", "/d")]).expect("valid");
        assert_eq!(c.data_dir, PathBuf::from("/d"));
    }

    #[test]
    fn bad_values_name_variable_value_and_what_is_allowed() {
        let e = cfg(&[("CHLORO_RATE_API", "fast")]).expect_err("invalid");
        assert_eq!(e.var, "CHLORO_RATE_API");
        assert_eq!(e.value, "fast");
        let line = e.to_string();
        assert!(line.contains("CHLORO_RATE_API=\"fast\""), "{line}");
        assert!(line.contains("whole number"), "{line}");
        assert!(!line.contains('\n'));

        let e = cfg(&[("CHLORO_MAX_BODY", "20 parsecs")]).expect_err("invalid");
        assert_eq!(e.var, "CHLORO_MAX_BODY");
        assert!(e.allowed.contains("20mb"));

        let e = cfg(&[("CHLORO_HTTP_ADDR", "localhost")]).expect_err("invalid");
        assert_eq!(e.var, "CHLORO_HTTP_ADDR");
    }

    #[test]
    fn unknown_variables_are_typos() {
        let e = cfg(&[("CHLORO_RATE_APII", "5")]).expect_err("unknown");
        assert_eq!(e.var, "CHLORO_RATE_APII");
        assert!(e.allowed.contains("did you mean CHLORO_RATE_API?"), "{e}");
    }

    #[test]
    fn https_needs_exactly_one_certificate_source() {
        let e = cfg(&[("CHLORO_HTTPS_ADDR", "127.0.0.1:8443")]).expect_err("no certs");
        assert_eq!(e.var, "CHLORO_HTTPS_ADDR");
        let e = cfg(&[
            ("CHLORO_HTTPS_ADDR", "127.0.0.1:8443"),
            ("CHLORO_ACME_DOMAINS", "example.com"),
            ("CHLORO_TLS_CERT", "/c.pem"),
            ("CHLORO_TLS_KEY", "/k.pem"),
        ])
        .expect_err("both");
        assert!(e.allowed.contains("CHLORO_ACME_DOMAINS") && e.allowed.contains("CHLORO_TLS_CERT"));
        let c = cfg(&[
            ("CHLORO_HTTPS_ADDR", "127.0.0.1:8443"),
            ("CHLORO_ACME_DOMAINS", "Example.com, www.example.com"),
        ])
        .expect("acme");
        let Some(HttpsConfig {
            certs: CertSource::Acme(a),
            ..
        }) = c.https
        else {
            panic!("acme config expected");
        };
        assert_eq!(a.domains, ["example.com", "www.example.com"]);
        assert_eq!(
            a.directory, LETS_ENCRYPT_PRODUCTION,
            "production by default"
        );
        let e = cfg(&[("CHLORO_ACME_DOMAINS", "example.com")]).expect_err("no listener");
        assert_eq!(e.var, "CHLORO_ACME_DOMAINS");
    }

    #[test]
    fn resp_protected_mode() {
        let e = cfg(&[("CHLORO_RESP_ADDR", "0.0.0.0:6379")]).expect_err("needs password");
        assert_eq!(e.var, "CHLORO_RESP_ADDR");
        let c = cfg(&[
            ("CHLORO_RESP_ADDR", "0.0.0.0:6379"),
            ("CHLORO_RESP_PASSWORD", "s3cret"),
        ])
        .expect("password set");
        assert!(c.resp.password.is_some());
        let c = cfg(&[("CHLORO_RESP_ADDR", "")]).expect("disabled");
        assert!(c.resp.addr.is_none());
    }

    #[test]
    fn resp_busy_poll() {
        let us = |v: &str| cfg(&[("CHLORO_RESP_BUSY_POLL_US", v)]).map(|c| c.resp.busy_poll);
        assert_eq!(cfg(&[]).expect("default").resp.busy_poll.as_micros(), 20);
        assert_eq!(us("0").expect("off"), Duration::ZERO);
        assert_eq!(us("1000").expect("max"), Duration::from_micros(1000));
        for bad in ["1001", "-1", "20us", ""] {
            let e = us(bad).expect_err(bad);
            assert_eq!(e.var, "CHLORO_RESP_BUSY_POLL_US");
            assert!(e.allowed.contains("0 to 1000"), "{e}");
        }
    }

    #[test]
    fn metrics_addr_default_empty_and_bad() {
        let c = cfg(&[]).expect("defaults");
        assert_eq!(
            c.metrics_addr,
            Some(SocketAddr::from(([127, 0, 0, 1], 9100)))
        );
        let c = cfg(&[("CHLORO_METRICS_ADDR", "")]).expect("disabled");
        assert!(c.metrics_addr.is_none());
        // Allowed (with a warning at start): Prometheus may scrape over a
        // private network.
        let c = cfg(&[("CHLORO_METRICS_ADDR", "0.0.0.0:9100")]).expect("any address");
        assert!(c.metrics_addr.is_some_and(|a| !a.ip().is_loopback()));
        let e = cfg(&[("CHLORO_METRICS_ADDR", "nine")]).expect_err("bad");
        assert_eq!(e.var, "CHLORO_METRICS_ADDR");
    }

    #[test]
    fn secrets_come_from_credentials_and_are_never_printed() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("resp-password"), "from-credential\n").expect("write");
        let c =
            cfg(&[("CREDENTIALS_DIRECTORY", dir.path().to_str().expect("utf8"))]).expect("valid");
        assert_eq!(
            c.resp.password.as_ref().map(Secret::expose),
            Some("from-credential")
        );
        let printed = format!("{c}\n{c:?}");
        assert!(!printed.contains("from-credential"), "{printed}");
        assert!(printed.contains("CHLORO_RESP_PASSWORD=<redacted>"));
    }

    #[test]
    fn api_settings() {
        let c = cfg(&[]).expect("defaults");
        assert_eq!(c.api.contact_limit_per_hour, 10);
        assert_eq!(c.api.datasheet_token_ttl, Duration::from_secs(86_400));
        assert!(c.api.datasheets_dir.is_none());
        let dir = tempfile::tempdir().expect("tempdir");
        let c = cfg(&[
            ("CHLORO_CONTACT_LIMIT_PER_HOUR", "0"),
            ("CHLORO_DATASHEET_TOKEN_TTL", "2h"),
            ("CHLORO_DATASHEETS_DIR", dir.path().to_str().expect("utf8")),
        ])
        .expect("valid");
        assert_eq!(c.api.contact_limit_per_hour, 0);
        assert_eq!(c.api.datasheet_token_ttl, Duration::from_secs(7200));
        assert_eq!(c.api.datasheets_dir.as_deref(), Some(dir.path()));
        let e = cfg(&[("CHLORO_DATASHEETS_DIR", "/nonexistent/x")]).expect_err("missing dir");
        assert_eq!(e.var, "CHLORO_DATASHEETS_DIR");
        let e = cfg(&[("CHLORO_CONTACT_LIMIT_PER_HOUR", "-1")]).expect_err("negative");
        assert_eq!(e.var, "CHLORO_CONTACT_LIMIT_PER_HOUR");
    }

    #[test]
    fn api_cache_ttls() {
        let c = cfg(&[]).expect("defaults");
        assert_eq!(c.api.cache_ttl, Duration::from_secs(300));
        assert_eq!(c.api.cache_not_found_ttl, Duration::from_secs(60));
        let c = cfg(&[
            ("CHLORO_API_CACHE_TTL", "0"),
            ("CHLORO_API_CACHE_NOT_FOUND_TTL", "1500ms"),
        ])
        .expect("valid");
        assert!(c.api.cache_ttl.is_zero());
        assert_eq!(c.api.cache_not_found_ttl, Duration::from_millis(1500));
        let e = cfg(&[("CHLORO_API_CACHE_TTL", "soon")]).expect_err("bad");
        assert_eq!(e.var, "CHLORO_API_CACHE_TTL");
        assert!(
            c.to_string()
                .contains("CHLORO_API_CACHE_NOT_FOUND_TTL=1500ms")
        );
    }

    #[test]
    fn public_url_is_an_origin() {
        assert_eq!(cfg(&[]).expect("defaults").public_origin(), None);
        for (raw, want) in [
            ("https://Example.com/", "https://example.com"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("https://[::1]:8443", "https://[::1]:8443"),
        ] {
            let c = cfg(&[("CHLORO_PUBLIC_URL", raw)]).expect(raw);
            assert_eq!(c.public_origin().as_deref(), Some(want), "{raw}");
        }
        for bad in [
            "example.com",
            "ftp://example.com",
            "https://example.com/shop",
            "https://user@example.com",
            "https://example.com?x",
            "https://",
            "https://example.com:0",
            "https://exa mple.com",
        ] {
            let e = cfg(&[("CHLORO_PUBLIC_URL", bad)]).expect_err(bad);
            assert_eq!(e.var, "CHLORO_PUBLIC_URL", "{bad}");
            assert!(e.allowed.contains("origin"), "{bad}");
        }
    }

    #[test]
    fn admin_settings() {
        let c = cfg(&[]).expect("defaults");
        assert_eq!(c.admin.session_ttl, Duration::from_secs(12 * 3600));
        assert!(c.admin.first_user.is_none() && c.admin.first_password.is_none());
        let c = cfg(&[
            ("CHLORO_SESSION_TTL", "30m"),
            ("CHLORO_ADMIN_USER", "ops"),
            ("CHLORO_ADMIN_PASSWORD", "a long admin secret"),
        ])
        .expect("valid");
        assert_eq!(c.admin.session_ttl, Duration::from_secs(1800));
        assert_eq!(c.admin.first_user.as_deref(), Some("ops"));
        let printed = format!("{c}\n{c:?}");
        assert!(!printed.contains("a long admin secret"), "{printed}");
        assert!(printed.contains("CHLORO_ADMIN_PASSWORD=<redacted>"));
        assert!(printed.contains("CHLORO_SESSION_TTL=30m"), "{printed}");
        let e = cfg(&[("CHLORO_ADMIN_USER", "ops")]).expect_err("user without password");
        assert_eq!(e.var, "CHLORO_ADMIN_PASSWORD");
        let e = cfg(&[("CHLORO_SESSION_TTL", "5s")]).expect_err("too short");
        assert_eq!(e.var, "CHLORO_SESSION_TTL");
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("admin-password"), "from-credential\n").expect("write");
        let c = cfg(&[
            ("CHLORO_ADMIN_USER", "ops"),
            ("CREDENTIALS_DIRECTORY", dir.path().to_str().expect("utf8")),
        ])
        .expect("valid");
        assert_eq!(
            c.admin.first_password.as_ref().map(Secret::expose),
            Some("from-credential")
        );
    }

    #[test]
    fn mail_settings_smtp_url_forms_and_redaction() {
        let c = cfg(&[]).expect("defaults");
        assert!(c.mail.smtp.is_none(), "mail is off by default");
        assert!(c.public_url.is_none());

        let c = cfg(&[
            (
                "CHLORO_SMTP_URL",
                "smtps://web%40example.com:p%40ss@Mail.Example.com",
            ),
            ("CHLORO_MAIL_FROM", "ChloroMaster <web@example.com>"),
        ])
        .expect("valid");
        let s = c.mail.smtp.as_ref().expect("smtp");
        assert_eq!(
            (s.tls, s.host.as_str(), s.port),
            (SmtpTls::Implicit, "mail.example.com", 465)
        );
        assert_eq!(s.user.as_deref(), Some("web@example.com"));
        assert_eq!(s.password.as_ref().map(Secret::expose), Some("p@ss"));
        assert_eq!(c.mail.admin, "ChloroMaster <web@example.com>");
        let printed = format!("{c}\n{c:?}");
        assert!(
            !printed.contains("p@ss") && !printed.contains("p%40ss"),
            "{printed}"
        );
        assert!(
            printed.contains(
                "CHLORO_SMTP_URL=smtps://web%40example%2Ecom:<redacted>@mail.example.com:465"
            ),
            "{printed}"
        );

        let smtp = |url: &str| {
            cfg(&[
                ("CHLORO_SMTP_URL", url),
                ("CHLORO_MAIL_FROM", "a@b.example"),
            ])
            .map(|c| c.mail.smtp.expect("smtp"))
        };
        let s = smtp("smtp://relay.example.com").expect("starttls");
        assert_eq!((s.tls, s.port), (SmtpTls::StartTlsRequired, 587));
        let s = smtp("smtp://relay.example.com:2525?tls=opportunistic").expect("opportunistic");
        assert_eq!((s.tls, s.port), (SmtpTls::StartTlsOpportunistic, 2525));
        let s = smtp("smtp://127.0.0.1:2525").expect("loopback");
        assert_eq!((s.tls, s.host.as_str()), (SmtpTls::None, "127.0.0.1"));
        let s = smtp("smtp://[::1]:25").expect("v6 loopback");
        assert_eq!(s.host, "::1");
        assert_eq!(s.redacted_url(), "smtp://[::1]:25?tls=none");
        for bad in [
            "mail.example.com",
            "http://mail.example.com",
            "smtp://relay.example.com?tls=none",
            "smtp://relay.example.com:0",
            "smtp://relay.example.com:99999",
            "smtps://relay.example.com?tls=none",
            "smtp://relay.example.com/path",
            "smtp://",
        ] {
            let e = smtp(bad).expect_err(bad);
            assert_eq!(e.var, "CHLORO_SMTP_URL", "{bad}");
        }

        let e = cfg(&[("CHLORO_SMTP_URL", "smtp://127.0.0.1:25")]).expect_err("no sender");
        assert_eq!(e.var, "CHLORO_MAIL_FROM");
        let e = cfg(&[("CHLORO_MAIL_FROM", "not an address")]).expect_err("bad sender");
        assert_eq!(e.var, "CHLORO_MAIL_FROM");
        let e = cfg(&[("CHLORO_MAIL_RETRY_BASE", "1ms")]).expect_err("too short");
        assert_eq!(e.var, "CHLORO_MAIL_RETRY_BASE");
        let e = cfg(&[("CHLORO_MAIL_MAX_ATTEMPTS", "0")]).expect_err("zero");
        assert_eq!(e.var, "CHLORO_MAIL_MAX_ATTEMPTS");

        let c = cfg(&[]).expect("defaults");
        assert_eq!(
            (c.mail.per_recipient_per_day, c.mail.visitor_per_hour),
            (3, 100)
        );
        let c = cfg(&[
            ("CHLORO_MAIL_PER_RECIPIENT_PER_DAY", "0"),
            ("CHLORO_MAIL_VISITOR_PER_HOUR", " 500 "),
        ])
        .expect("valid");
        assert_eq!(
            (c.mail.per_recipient_per_day, c.mail.visitor_per_hour),
            (0, 500)
        );
        assert!(c.to_string().contains("CHLORO_MAIL_VISITOR_PER_HOUR=500\n"));
        for (var, bad) in [
            ("CHLORO_MAIL_PER_RECIPIENT_PER_DAY", "-1"),
            ("CHLORO_MAIL_PER_RECIPIENT_PER_DAY", "three"),
            ("CHLORO_MAIL_VISITOR_PER_HOUR", "1.5"),
        ] {
            let e = cfg(&[(var, bad)]).expect_err(bad);
            assert_eq!((e.var.as_str(), e.value.as_str()), (var, bad));
            assert!(
                e.allowed.contains("0 = no mail to visitors"),
                "{}",
                e.allowed
            );
        }

        let c = cfg(&[("CHLORO_PUBLIC_URL", "HTTPS://Example.com/")]).expect("valid");
        assert_eq!(c.public_url.as_deref(), Some("https://example.com"));
        for bad in [
            "example.com",
            "ftp://example.com",
            "https://example.com/x",
            "https://u@example.com",
        ] {
            let e = cfg(&[("CHLORO_PUBLIC_URL", bad)]).expect_err(bad);
            assert_eq!(e.var, "CHLORO_PUBLIC_URL");
        }
    }

    #[test]
    fn mail_password_from_the_smtp_password_credential() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("smtp-password"), "from-credential\n").expect("write");
        let c = cfg(&[
            ("CHLORO_SMTP_URL", "smtps://web@mail.example.com"),
            ("CHLORO_MAIL_FROM", "web@example.com"),
            ("CREDENTIALS_DIRECTORY", dir.path().to_str().expect("utf8")),
        ])
        .expect("valid");
        let s = c.mail.smtp.as_ref().expect("smtp");
        assert_eq!(
            s.password.as_ref().map(Secret::expose),
            Some("from-credential")
        );
        let printed = format!("{c}\n{c:?}");
        assert!(!printed.contains("from-credential"), "{printed}");
        assert!(printed.contains("CHLORO_SMTP_URL=smtps://web:<redacted>@mail.example.com:465"));
        let c = cfg(&[
            ("CHLORO_SMTP_URL", "smtps://web:in-url@mail.example.com"),
            ("CHLORO_MAIL_FROM", "web@example.com"),
            ("CREDENTIALS_DIRECTORY", dir.path().to_str().expect("utf8")),
        ])
        .expect("valid");
        let s = c.mail.smtp.as_ref().expect("smtp");
        assert_eq!(
            s.password.as_ref().map(Secret::expose),
            Some("in-url"),
            "the URL wins"
        );
    }

    #[test]
    fn printed_configuration_parses_back_to_itself() {
        let c = cfg(&[
            ("CHLORO_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8"),
            ("CHLORO_MAX_BODY", "5mb"),
        ])
        .expect("valid");
        let printed = c.to_string();
        let vars: Vec<(String, String)> = printed
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.trim_matches('"').replace("\\\"", "\"")))
            .filter(|(k, _)| k != "CHLORO_RESP_PASSWORD")
            .collect();
        let again = Config::from_vars(vars).expect("printed config parses");
        assert_eq!(again.to_string(), printed);
    }
}
