//! The table: every variable the appliance reads, once, with its default,
//! its parser, its help text and whether its value is secret.
//!
//! This is the only place a variable's name is written. The same entry
//! drives parsing (`read.rs` asks for a [`Setting`] and gets the typed value,
//! or an error naming the variable), `chloromaster --help` (the name, the help
//! text and the default), `chloromaster config` (`display.rs` prints each
//! entry's `show` of the effective configuration, redacting secrets) and the
//! tests that the README, `packaging/chloromaster.default` and the man page
//! list every variable ([`VARIABLES`]).
//!
//! Rules across several variables (HTTPS needs exactly one certificate
//! source, the cache store refuses a network address without a password, …)
//! are in `read.rs`.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use ipnet::IpNet;

use super::parse::{self, Allowed};
use super::types::{AcmeChallenge, AcmeConfig, CertSource, Config, LogFormat, Secret, SmtpConfig};
use super::units::{format_duration, format_size};

/// How `chloromaster config` and error messages treat a variable's value
/// (ordered from least to most secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Redact {
    /// Printed as it is.
    No,
    /// A URL whose password is a secret: printed with the password
    /// replaced by `<redacted>`.
    Password,
    /// The whole value is a secret: printed as `<redacted>` when set.
    Secret,
}

/// One variable: what the help and `chloromaster config` say about it.
pub struct Var {
    /// The variable's name (`CHLORO_…`).
    pub name: &'static str,
    /// The value used when the variable is unset, in the variable's own
    /// syntax (`chloromaster config` prints it for an unset variable);
    /// empty: off or derived (the help text says from what).
    pub default: &'static str,
    /// One line for `--help`.
    pub help: &'static str,
    pub redact: Redact,
    /// The systemd credential (a file in `$CREDENTIALS_DIRECTORY`) read when
    /// the variable is unset (for a URL: when it has a user but no password).
    pub credential: Option<&'static str>,
    /// The effective value, in the variable's syntax.
    pub(crate) show: fn(&Config) -> String,
}

/// A variable with its parser: `parse(raw)` gives the typed value or says
/// what is allowed; an unset variable is parsed from [`Var::default`].
pub struct Setting<T: 'static> {
    pub var: Var,
    pub(crate) parse: fn(&str) -> Result<T, Allowed>,
}

impl<T> std::ops::Deref for Setting<T> {
    type Target = Var;
    fn deref(&self) -> &Var {
        &self.var
    }
}

/// Defines each variable as a `static` [`Setting`] and [`VARIABLES`], in
/// the order `--help` and `chloromaster config` list them.
macro_rules! table {
    ($(
        $id:ident: $t:ty {
            name: $name:literal,
            default: $default:expr,
            help: $help:literal,
            $(redact: $redact:expr,)?
            $(credential: $credential:literal,)?
            parse: $parse:expr,
            show: $show:expr $(,)?
        }
    )*) => {
        $(
            pub static $id: Setting<$t> = Setting {
                var: Var {
                    name: $name,
                    default: $default,
                    help: $help,
                    redact: table!(@redact $($redact)?),
                    credential: table!(@credential $($credential)?),
                    show: $show,
                },
                parse: $parse,
            };
        )*
        /// Every variable the appliance reads, in the order `--help` and
        /// `chloromaster config` list them.
        pub static VARIABLES: &[&Var] = &[$(&$id.var),*];
    };
    (@redact) => { Redact::No };
    (@redact $r:expr) => { $r };
    (@credential) => { None };
    (@credential $c:literal) => { Some($c) };
}

pub const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
pub const DEFAULT_PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

fn path(p: Option<&PathBuf>) -> String {
    p.map(|p| p.display().to_string()).unwrap_or_default()
}

fn addr(a: Option<SocketAddr>) -> String {
    a.map(|a| a.to_string()).unwrap_or_default()
}

fn redacted(s: Option<&Secret>) -> String {
    s.map(|_| "<redacted>".to_owned()).unwrap_or_default()
}

fn acme(c: &Config) -> Option<&AcmeConfig> {
    match c.https.as_ref().map(|h| &h.certs) {
        Some(CertSource::Acme(a)) => Some(a),
        _ => None,
    }
}

fn cert_files(c: &Config) -> Option<(&PathBuf, &PathBuf)> {
    match c.https.as_ref().map(|h| &h.certs) {
        Some(CertSource::Files { cert, key }) => Some((cert, key)),
        _ => None,
    }
}

table! {
    HTTP_ADDR: SocketAddr {
        name: "CHLORO_HTTP_ADDR",
        default: "127.0.0.1:8080",
        help: "HTTP listener address",
        parse: parse::addr,
        show: |c| c.http.addr.to_string(),
    }
    DATA_DIR: PathBuf {
        name: "CHLORO_DATA_DIR",
        default: "data",
        help: "data directory (default $STATE_DIRECTORY, else ./data)",
        parse: parse::data_dir,
        show: |c| c.data_dir.display().to_string(),
    }
    ASSETS_DIR: Option<PathBuf> {
        name: "CHLORO_ASSETS_DIR",
        default: "",
        help: "serve this directory instead of the embedded site",
        parse: parse::existing_dir,
        show: |c| path(c.assets_dir.as_ref()),
    }
    RATE_API: NonZeroU32 {
        name: "CHLORO_RATE_API",
        default: "10",
        help: "requests per second per client IP under /api",
        parse: parse::positive,
        show: |c| c.http.rate_api.per_second.to_string(),
    }
    RATE_API_BURST: NonZeroU32 {
        name: "CHLORO_RATE_API_BURST",
        default: "20",
        help: "burst for the /api rate",
        parse: parse::positive,
        show: |c| c.http.rate_api.burst.to_string(),
    }
    RATE_GENERAL: NonZeroU32 {
        name: "CHLORO_RATE_GENERAL",
        default: "30",
        help: "requests per second per client IP elsewhere",
        parse: parse::positive,
        show: |c| c.http.rate_general.per_second.to_string(),
    }
    // One page load fetches the HTML, its CSS, JS, fonts and images at once.
    RATE_GENERAL_BURST: NonZeroU32 {
        name: "CHLORO_RATE_GENERAL_BURST",
        default: "50",
        help: "burst for the rate elsewhere",
        parse: parse::positive,
        show: |c| c.http.rate_general.burst.to_string(),
    }
    TRUSTED_PROXIES: Vec<IpNet> {
        name: "CHLORO_TRUSTED_PROXIES",
        default: "",
        help: "comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed",
        parse: parse::networks,
        show: |c| {
            let nets: Vec<String> = c.http.trusted_proxies.iter().map(ToString::to_string).collect();
            nets.join(",")
        },
    }
    MAX_BODY: u64 {
        name: "CHLORO_MAX_BODY",
        default: "20mb",
        help: "largest request body (uploads)",
        parse: parse::size,
        show: |c| format_size(c.http.max_body),
    }
    MAX_JSON_BODY: u64 {
        name: "CHLORO_MAX_JSON_BODY",
        default: "64kb",
        help: "largest JSON request body",
        parse: parse::size,
        show: |c| format_size(c.http.max_json_body),
    }
    MAX_HEADER_SIZE: u64 {
        name: "CHLORO_MAX_HEADER_SIZE",
        default: "16kb",
        help: "largest request head; larger gets 431",
        parse: |raw| parse::size_between(raw, 1 << 10, 1 << 20, "between 1kb and 1mb"),
        show: |c| format_size(c.http.max_header_bytes as u64),
    }
    HEADER_TIMEOUT: Duration {
        name: "CHLORO_HEADER_TIMEOUT",
        default: "15s",
        help: "time to send a request head; keep-alive idle time",
        parse: parse::nonzero_duration,
        show: |c| format_duration(c.http.header_timeout),
    }
    REQUEST_TIMEOUT: Duration {
        name: "CHLORO_REQUEST_TIMEOUT",
        default: "1m",
        help: "time to answer a request",
        parse: parse::nonzero_duration,
        show: |c| format_duration(c.http.request_timeout),
    }
    MAX_CONNECTIONS: usize {
        name: "CHLORO_MAX_CONNECTIONS",
        default: "4096",
        help: "open HTTP connections at most",
        parse: parse::count,
        show: |c| c.http.max_connections.to_string(),
    }
    MAX_CONNECTIONS_PER_IP: usize {
        name: "CHLORO_MAX_CONNECTIONS_PER_IP",
        default: "64",
        help: "open HTTP connections per client address (IPv6 by /64) at most",
        parse: parse::count,
        show: |c| c.http.max_connections_per_ip.to_string(),
    }
    MIN_DATA_RATE: u64 {
        name: "CHLORO_MIN_DATA_RATE",
        default: "240",
        help: "slowest request head or body upload, in bytes per second (0: no check)",
        parse: parse::size,
        show: |c| format_size(c.http.min_data_rate),
    }
    MIN_DATA_RATE_GRACE: Duration {
        name: "CHLORO_MIN_DATA_RATE_GRACE",
        default: "5s",
        help: "time a request head or body has before the minimum data rate applies",
        parse: parse::duration,
        show: |c| format_duration(c.http.min_data_rate_grace),
    }
    HTTP_THREADS: Option<usize> {
        name: "CHLORO_HTTP_THREADS",
        default: "auto",
        help: "threads serving HTTP(S), each with its own event loop (auto: one per core)",
        parse: parse::threads,
        show: |c| c.http.threads.map_or_else(|| "auto".to_owned(), |n| n.to_string()),
    }
    SHUTDOWN_GRACE: Duration {
        name: "CHLORO_SHUTDOWN_GRACE",
        default: "10s",
        help: "how long shutdown waits for in-flight requests",
        parse: parse::duration,
        show: |c| format_duration(c.http.shutdown_grace),
    }
    HTTPS_ADDR: Option<SocketAddr> {
        name: "CHLORO_HTTPS_ADDR",
        default: "",
        help: "HTTPS listener address (unset: no HTTPS)",
        parse: parse::optional_addr,
        show: |c| addr(c.https.as_ref().map(|h| h.addr)),
    }
    ACME_DOMAINS: Vec<String> {
        name: "CHLORO_ACME_DOMAINS",
        default: "",
        help: "comma-separated domains to get certificates for with ACME",
        parse: parse::domains,
        show: |c| acme(c).map(|a| a.domains.join(",")).unwrap_or_default(),
    }
    ACME_EMAIL: Option<String> {
        name: "CHLORO_ACME_EMAIL",
        default: "",
        help: "contact e-mail for the ACME account",
        parse: parse::acme_email,
        show: |c| acme(c).and_then(|a| a.email.clone()).unwrap_or_default(),
    }
    ACME_DIRECTORY: String {
        name: "CHLORO_ACME_DIRECTORY",
        default: "production",
        help: "production, staging, or an ACME directory URL",
        parse: parse::acme_directory,
        show: |c| acme(c).map(|a| a.directory.clone()).unwrap_or_default(),
    }
    ACME_CA_FILE: Option<PathBuf> {
        name: "CHLORO_ACME_CA_FILE",
        default: "",
        help: "extra PEM root to trust for the ACME directory",
        parse: parse::pem_file,
        show: |c| path(acme(c).and_then(|a| a.ca_file.as_ref())),
    }
    ACME_CHALLENGE: AcmeChallenge {
        name: "CHLORO_ACME_CHALLENGE",
        default: "tls-alpn-01",
        help: "tls-alpn-01 or http-01",
        parse: parse::challenge,
        show: |c| acme(c).map(|a| parse::challenge_name(a.challenge).to_owned()).unwrap_or_default(),
    }
    TLS_CERT: Option<PathBuf> {
        name: "CHLORO_TLS_CERT",
        default: "",
        help: "PEM certificate chain file (instead of ACME)",
        parse: parse::optional_path,
        show: |c| path(cert_files(c).map(|(cert, _)| cert)),
    }
    TLS_KEY: Option<PathBuf> {
        name: "CHLORO_TLS_KEY",
        default: "",
        help: "PEM private key file (with the certificate chain file)",
        parse: parse::optional_path,
        show: |c| path(cert_files(c).map(|(_, key)| key)),
    }
    CSP: String {
        name: "CHLORO_CSP",
        default: DEFAULT_CSP,
        help: "Content-Security-Policy header (empty disables)",
        parse: parse::header_value,
        show: |c| c.http.security.content_security_policy.clone(),
    }
    FRAME_OPTIONS: String {
        name: "CHLORO_FRAME_OPTIONS",
        default: "DENY",
        help: "X-Frame-Options header (empty disables)",
        parse: parse::header_value,
        show: |c| c.http.security.frame_options.clone(),
    }
    PERMISSIONS_POLICY: String {
        name: "CHLORO_PERMISSIONS_POLICY",
        default: DEFAULT_PERMISSIONS_POLICY,
        help: "Permissions-Policy header (empty disables)",
        parse: parse::header_value,
        show: |c| c.http.security.permissions_policy.clone(),
    }
    REFERRER_POLICY: String {
        name: "CHLORO_REFERRER_POLICY",
        default: "strict-origin-when-cross-origin",
        help: "Referrer-Policy header (empty disables)",
        parse: parse::header_value,
        show: |c| c.http.security.referrer_policy.clone(),
    }
    HSTS: String {
        name: "CHLORO_HSTS",
        default: "max-age=31536000; includeSubDomains",
        help: "Strict-Transport-Security header on HTTPS (empty disables)",
        parse: parse::header_value,
        show: |c| c.http.security.strict_transport_security.clone(),
    }
    CACHE_MAX_MEMORY: u64 {
        name: "CHLORO_CACHE_MAX_MEMORY",
        default: "256mb",
        help: "cache store memory bound",
        parse: |raw| parse::size_between(raw, 1 << 20, u64::MAX, "at least 1mb"),
        show: |c| format_size(c.cache.max_memory),
    }
    CACHE_SNAPSHOT_SECS: Duration {
        name: "CHLORO_CACHE_SNAPSHOT_SECS",
        default: "60",
        help: "seconds between cache snapshots when changed",
        parse: parse::snapshot_secs,
        show: |c| c.cache.snapshot_interval.as_secs().to_string(),
    }
    RESP_ADDR: Option<SocketAddr> {
        name: "CHLORO_RESP_ADDR",
        default: "127.0.0.1:6379",
        help: "Redis-protocol listener address (empty disables)",
        parse: parse::optional_addr,
        show: |c| addr(c.resp.addr),
    }
    RESP_PASSWORD: Option<Secret> {
        name: "CHLORO_RESP_PASSWORD",
        default: "",
        help: "Redis-protocol password (requirepass); or credential resp-password",
        redact: Redact::Secret,
        credential: "resp-password",
        parse: parse::secret,
        show: |c| redacted(c.resp.password.as_ref()),
    }
    RESP_MAX_CLIENTS: usize {
        name: "CHLORO_RESP_MAX_CLIENTS",
        default: "1000",
        help: "Redis-protocol clients at most",
        parse: parse::count,
        show: |c| c.resp.max_clients.to_string(),
    }
    RESP_TIMEOUT: Option<Duration> {
        name: "CHLORO_RESP_TIMEOUT",
        default: "5m",
        help: "close Redis-protocol clients idle this long (0 = never)",
        parse: parse::duration_or_never,
        show: |c| c.resp.idle_timeout.map(format_duration).unwrap_or_else(|| "0".into()),
    }
    RESP_BUSY_POLL_US: Duration {
        name: "CHLORO_RESP_BUSY_POLL_US",
        default: "20",
        help: "microseconds a busy Redis-protocol thread polls before sleeping (0 = never)",
        parse: parse::busy_poll,
        show: |c| c.resp.busy_poll.as_micros().to_string(),
    }
    RESP_OUTPUT_BUFFER_LIMIT: super::types::OutputLimit {
        name: "CHLORO_RESP_OUTPUT_BUFFER_LIMIT",
        default: "64mb 16mb 60",
        help: "per Redis-protocol client pending replies: <hard> <soft> <seconds> (client-output-buffer-limit normal)",
        parse: parse::output_limit,
        show: |c| {
            let l = c.resp.output_limit;
            format!("{} {} {}", format_size(l.hard), format_size(l.soft), l.soft_secs)
        },
    }
    CONTACT_LIMIT_PER_HOUR: u32 {
        name: "CHLORO_CONTACT_LIMIT_PER_HOUR",
        default: "10",
        help: "contact submissions per client IP per hour (0 = no limit)",
        parse: |raw| parse::whole(raw, "a whole number (0 = no limit)"),
        show: |c| c.api.contact_limit_per_hour.to_string(),
    }
    DATASHEETS_DIR: Option<PathBuf> {
        name: "CHLORO_DATASHEETS_DIR",
        default: "",
        help: "directory of datasheet PDFs (<base name>.pdf) instead of the built-in samples",
        parse: parse::existing_dir,
        show: |c| path(c.api.datasheets_dir.as_ref()),
    }
    DATASHEET_TOKEN_TTL: Duration {
        name: "CHLORO_DATASHEET_TOKEN_TTL",
        default: "24h",
        help: "how long a datasheet download link works",
        parse: |raw| parse::duration_between(raw, Duration::from_secs(1), Duration::MAX, "at least 1s"),
        show: |c| format_duration(c.api.datasheet_token_ttl),
    }
    MEDIA_MAX_BYTES: u64 {
        name: "CHLORO_MEDIA_MAX_BYTES",
        default: "20mb",
        help: "largest uploaded media file (image or PDF); larger gets 413",
        parse: |raw| parse::size_between(raw, 1 << 10, 1 << 40, "between 1kb and 1tb"),
        show: |c| format_size(c.api.media_max_bytes),
    }
    MEDIA_QUOTA_BYTES: u64 {
        name: "CHLORO_MEDIA_QUOTA_BYTES",
        default: "2gb",
        help: "total size of uploaded media (originals and their variants); an upload past it gets 413",
        parse: |raw| parse::size_between(raw, 1 << 10, u64::MAX, "at least 1kb"),
        show: |c| format_size(c.api.media_quota_bytes),
    }
    API_CACHE_TTL: Duration {
        name: "CHLORO_API_CACHE_TTL",
        default: "5m",
        help: "how long a cached catalogue response (200) is fresh (0 = not cached)",
        parse: parse::duration,
        show: |c| format_duration(c.api.cache_ttl),
    }
    API_CACHE_NOT_FOUND_TTL: Duration {
        name: "CHLORO_API_CACHE_NOT_FOUND_TTL",
        default: "1m",
        help: "how long a cached catalogue 404 is fresh (0 = not cached)",
        parse: parse::duration,
        show: |c| format_duration(c.api.cache_not_found_ttl),
    }
    SESSION_TTL: Duration {
        name: "CHLORO_SESSION_TTL",
        default: "12h",
        help: "admin session lifetime, renewed on every request",
        parse: |raw| parse::duration_between(raw, Duration::from_secs(60), Duration::MAX, "at least 1m"),
        show: |c| format_duration(c.admin.session_ttl),
    }
    ADMIN_USER: Option<String> {
        name: "CHLORO_ADMIN_USER",
        default: "",
        help: "first admin's user name, created at start when no admin exists",
        parse: parse::optional_text,
        show: |c| c.admin.first_user.clone().unwrap_or_default(),
    }
    ADMIN_PASSWORD: Option<Secret> {
        name: "CHLORO_ADMIN_PASSWORD",
        default: "",
        help: "first admin's password (with the user name); or credential admin-password",
        redact: Redact::Secret,
        credential: "admin-password",
        parse: parse::secret,
        show: |c| redacted(c.admin.first_password.as_ref()),
    }
    METRICS_ADDR: Option<SocketAddr> {
        name: "CHLORO_METRICS_ADDR",
        default: "127.0.0.1:9100",
        help: "Prometheus /metrics listener address, unauthenticated (empty disables)",
        parse: parse::optional_addr,
        show: |c| addr(c.metrics_addr),
    }
    SMTP_URL: Option<SmtpConfig> {
        name: "CHLORO_SMTP_URL",
        default: "",
        help: "SMTP relay, e.g. smtps://user:pass@host:465 or smtp://host:587 (empty: mail off); password also from credential smtp-password",
        redact: Redact::Password,
        credential: "smtp-password",
        parse: parse::smtp_url,
        show: |c| c.mail.smtp.as_ref().map(SmtpConfig::redacted_url).unwrap_or_default(),
    }
    SMTP_CA_FILE: Option<PathBuf> {
        name: "CHLORO_SMTP_CA_FILE",
        default: "",
        help: "extra PEM root to trust for the SMTP relay's certificate",
        parse: parse::pem_file,
        show: |c| path(c.mail.smtp.as_ref().and_then(|s| s.ca_file.as_ref())),
    }
    MAIL_FROM: String {
        name: "CHLORO_MAIL_FROM",
        default: "",
        help: "sender address of the appliance's mail (needed with an SMTP relay)",
        parse: |raw| parse::mailbox(raw, "an e-mail address, e.g. web@example.com or ChloroMaster <web@example.com>"),
        show: |c| c.mail.from.clone(),
    }
    MAIL_ADMIN: String {
        name: "CHLORO_MAIL_ADMIN",
        default: "",
        help: "recipient of contact-form notifications (default: the sender address)",
        parse: |raw| parse::mailbox(raw, "an e-mail address"),
        show: |c| c.mail.admin.clone(),
    }
    MAIL_MAX_ATTEMPTS: NonZeroU32 {
        name: "CHLORO_MAIL_MAX_ATTEMPTS",
        default: "8",
        help: "delivery attempts before a mail is marked dead",
        parse: parse::positive,
        show: |c| c.mail.max_attempts.to_string(),
    }
    MAIL_RETRY_BASE: Duration {
        name: "CHLORO_MAIL_RETRY_BASE",
        default: "30s",
        help: "first retry delay of a failed mail; doubles each time, at most 1h",
        parse: |raw| parse::duration_between(raw, Duration::from_millis(10), Duration::from_secs(3600), "between 10ms and 1h"),
        show: |c| format_duration(c.mail.retry_base),
    }
    MAIL_PER_RECIPIENT_PER_DAY: u32 {
        name: "CHLORO_MAIL_PER_RECIPIENT_PER_DAY",
        default: "3",
        help: "mails to one visitor address in any 24 hours, however many clients ask (0 = no mail to visitors)",
        parse: |raw| parse::whole(raw, "a whole number (0 = no mail to visitors)"),
        show: |c| c.mail.per_recipient_per_day.to_string(),
    }
    MAIL_VISITOR_PER_HOUR: u32 {
        name: "CHLORO_MAIL_VISITOR_PER_HOUR",
        default: "100",
        help: "mails to visitor addresses in any 60 minutes, all together (0 = no mail to visitors)",
        parse: |raw| parse::whole(raw, "a whole number (0 = no mail to visitors)"),
        show: |c| c.mail.visitor_per_hour.to_string(),
    }
    PUBLIC_URL: Option<String> {
        name: "CHLORO_PUBLIC_URL",
        default: "",
        help: "the site's public origin for absolute links (mail, sitemap, canonical and hreflang URLs), e.g. https://example.com (default: the first ACME domain)",
        parse: parse::origin,
        show: |c| c.public_url.clone().unwrap_or_default(),
    }
    LOG: String {
        name: "CHLORO_LOG",
        default: "info",
        help: "log filter, e.g. info or info,chloromaster::edge=debug",
        parse: parse::log_filter,
        show: |c| c.log.clone(),
    }
    LOG_FORMAT: LogFormat {
        name: "CHLORO_LOG_FORMAT",
        default: "auto",
        help: "auto, human, journald or json",
        parse: parse::log_format,
        show: |c| format!("{:?}", c.log_format).to_ascii_lowercase(),
    }
}
