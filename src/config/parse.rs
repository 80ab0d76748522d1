//! The parsers of the table's entries: each takes the raw value and gives the
//! typed one, or says what is allowed (the reader adds the variable's name
//! and value). URLs are parsed by the `url` crate (WHATWG rules).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use ipnet::IpNet;
use url::Url;

use super::types::{
    AcmeChallenge, LETS_ENCRYPT_PRODUCTION, LETS_ENCRYPT_STAGING, LogFormat, Secret, SmtpConfig,
    SmtpTls,
};
use super::units;

/// What a rejected value should have been, for the error message.
pub type Allowed = &'static str;

pub fn addr(raw: &str) -> Result<SocketAddr, Allowed> {
    units::parse_addr(raw)
}

/// An address, or empty for "off".
pub fn optional_addr(raw: &str) -> Result<Option<SocketAddr>, Allowed> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    units::parse_addr(raw).map(Some)
}

pub fn data_dir(raw: &str) -> Result<PathBuf, Allowed> {
    if raw.is_empty() {
        return Err("a directory path");
    }
    Ok(PathBuf::from(raw))
}

/// An existing directory, or empty for none.
pub fn existing_dir(raw: &str) -> Result<Option<PathBuf>, Allowed> {
    if raw.is_empty() {
        return Ok(None);
    }
    let p = PathBuf::from(raw);
    if !p.is_dir() {
        return Err("an existing directory");
    }
    Ok(Some(p))
}

/// A path (not checked here), or empty for none.
pub fn optional_path(raw: &str) -> Result<Option<PathBuf>, Allowed> {
    Ok((!raw.is_empty()).then(|| PathBuf::from(raw)))
}

/// An existing file of PEM roots, or empty for none.
pub fn pem_file(raw: &str) -> Result<Option<PathBuf>, Allowed> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let p = PathBuf::from(raw);
    if !p.is_file() {
        return Err("a readable PEM file");
    }
    Ok(Some(p))
}

pub fn positive(raw: &str) -> Result<NonZeroU32, Allowed> {
    raw.trim()
        .parse::<NonZeroU32>()
        .map_err(|_| "a whole number greater than 0")
}

pub fn count(raw: &str) -> Result<usize, Allowed> {
    match raw.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("a whole number greater than 0"),
    }
}

/// A thread count: `auto` (`None`: one per core) or 1 to 1024.
pub fn threads(raw: &str) -> Result<Option<usize>, Allowed> {
    match raw.trim() {
        "auto" => Ok(None),
        n => match n.parse::<usize>() {
            Ok(n @ 1..=1024) => Ok(Some(n)),
            _ => Err("auto, or a whole number from 1 to 1024"),
        },
    }
}

/// A whole number including 0; `allowed` says what 0 means.
pub fn whole(raw: &str, allowed: Allowed) -> Result<u32, Allowed> {
    raw.trim().parse::<u32>().map_err(|_| allowed)
}

pub fn size(raw: &str) -> Result<u64, Allowed> {
    units::parse_size(raw)
}

pub fn size_between(raw: &str, min: u64, max: u64, allowed: Allowed) -> Result<u64, Allowed> {
    let n = units::parse_size(raw)?;
    if !(min..=max).contains(&n) {
        return Err(allowed);
    }
    Ok(n)
}

pub fn duration(raw: &str) -> Result<Duration, Allowed> {
    units::parse_duration(raw)
}

pub fn nonzero_duration(raw: &str) -> Result<Duration, Allowed> {
    duration_between(
        raw,
        Duration::from_nanos(1),
        Duration::MAX,
        "a duration greater than 0",
    )
}

pub fn duration_between(
    raw: &str,
    min: Duration,
    max: Duration,
    allowed: Allowed,
) -> Result<Duration, Allowed> {
    let d = units::parse_duration(raw)?;
    if !(min..=max).contains(&d) {
        return Err(allowed);
    }
    Ok(d)
}

/// A duration; 0 is "never".
pub fn duration_or_never(raw: &str) -> Result<Option<Duration>, Allowed> {
    let d = units::parse_duration(raw)?;
    Ok((!d.is_zero()).then_some(d))
}

pub fn snapshot_secs(raw: &str) -> Result<Duration, Allowed> {
    match raw.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(Duration::from_secs(n)),
        _ => Err("a whole number of seconds greater than 0"),
    }
}

pub fn busy_poll(raw: &str) -> Result<Duration, Allowed> {
    match raw.trim().parse::<u64>() {
        Ok(n) if n <= 1000 => Ok(Duration::from_micros(n)),
        _ => Err("a whole number of microseconds from 0 to 1000"),
    }
}

/// `<hard> <soft> <seconds>` as Redis's `client-output-buffer-limit`
/// (sizes with units, 0 disables a limit); a soft limit needs seconds.
pub fn output_limit(raw: &str) -> Result<super::types::OutputLimit, Allowed> {
    const ALLOWED: Allowed = "<hard> <soft> <seconds>, e.g. 64mb 16mb 60 (sizes in bytes or with kb/mb/gb, 0 = no limit; hard 0 or at least 1mb)";
    let parts: Vec<&str> = raw.split_whitespace().collect();
    let [hard, soft, secs] = parts[..] else {
        return Err(ALLOWED);
    };
    let hard = units::parse_size(hard).map_err(|_| ALLOWED)?;
    let soft = units::parse_size(soft).map_err(|_| ALLOWED)?;
    let soft_secs: u64 = secs.parse().map_err(|_| ALLOWED)?;
    if (hard != 0 && hard < 1 << 20) || (soft != 0 && soft_secs == 0) {
        return Err(ALLOWED);
    }
    Ok(super::types::OutputLimit {
        hard,
        soft,
        soft_secs,
    })
}

/// Comma-separated IP addresses or CIDR ranges.
pub fn networks(raw: &str) -> Result<Vec<IpNet>, Allowed> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(
                    |_| "comma-separated IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8",
                )
        })
        .collect()
}

/// Any text that is a valid HTTP header value (empty: the header is off).
pub fn header_value(raw: &str) -> Result<String, Allowed> {
    http::HeaderValue::from_str(raw)
        .map(|_| raw.to_owned())
        .map_err(|_| "a valid HTTP header value (visible ASCII)")
}

/// Trimmed text, or empty for none.
pub fn optional_text(raw: &str) -> Result<Option<String>, Allowed> {
    let t = raw.trim();
    Ok((!t.is_empty()).then(|| t.to_owned()))
}

/// A secret, or empty for none.
pub fn secret(raw: &str) -> Result<Option<Secret>, Allowed> {
    Ok((!raw.is_empty()).then(|| Secret::new(raw)))
}

/// A mail address (`a@b`, or `Name <a@b>`), or empty; the SMTP library
/// checks it fully when the sender starts.
pub fn mailbox(raw: &str, allowed: Allowed) -> Result<String, Allowed> {
    let t = raw.trim();
    if !t.is_empty() && t.parse::<lettre::message::Mailbox>().is_err() {
        return Err(allowed);
    }
    Ok(t.to_owned())
}

pub fn log_filter(raw: &str) -> Result<String, Allowed> {
    tracing_subscriber::EnvFilter::builder()
        .parse(raw)
        .map(|_| raw.to_owned())
        .map_err(|_| "a log filter such as info, warn or info,chloromaster::edge=debug")
}

pub fn log_format(raw: &str) -> Result<LogFormat, Allowed> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "auto" => Ok(LogFormat::Auto),
        "human" | "pretty" | "text" => Ok(LogFormat::Human),
        "journald" | "plain" => Ok(LogFormat::Journald),
        "json" => Ok(LogFormat::Json),
        _ => Err("one of auto, human, journald, json"),
    }
}

/// Comma-separated DNS names, lower-cased, without a trailing dot.
pub fn domains(raw: &str) -> Result<Vec<String>, Allowed> {
    let domains: Vec<String> = raw
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
        return Err("comma-separated DNS names such as example.com,www.example.com");
    }
    Ok(domains)
}

pub fn acme_email(raw: &str) -> Result<Option<String>, Allowed> {
    let e = raw.trim();
    if e.is_empty() {
        return Ok(None);
    }
    if !e.contains('@') || e.contains(char::is_whitespace) {
        return Err("an e-mail address");
    }
    Ok(Some(e.to_owned()))
}

/// `production`, `staging`, or an `https://` URL (kept as written).
pub fn acme_directory(raw: &str) -> Result<String, Allowed> {
    const ALLOWED: Allowed = "production, staging, or an https:// ACME directory URL";
    match raw.trim() {
        "" | "production" => Ok(LETS_ENCRYPT_PRODUCTION.to_owned()),
        "staging" => Ok(LETS_ENCRYPT_STAGING.to_owned()),
        url => match Url::parse(url) {
            Ok(u) if u.scheme() == "https" && u.host().is_some() => Ok(url.to_owned()),
            _ => Err(ALLOWED),
        },
    }
}

pub fn challenge(raw: &str) -> Result<AcmeChallenge, Allowed> {
    match raw.trim() {
        "tls-alpn-01" => Ok(AcmeChallenge::TlsAlpn01),
        "http-01" => Ok(AcmeChallenge::Http01),
        _ => Err("tls-alpn-01 or http-01"),
    }
}

pub fn challenge_name(c: AcmeChallenge) -> &'static str {
    match c {
        AcmeChallenge::TlsAlpn01 => "tls-alpn-01",
        AcmeChallenge::Http01 => "http-01",
    }
}

/// The site's origin: `http(s)://host[:port]` with nothing after but an
/// optional `/`; serialized the WHATWG way (lower-case host, IDNA, no
/// default port).
pub fn origin(raw: &str) -> Result<Option<String>, Allowed> {
    const ALLOWED: Allowed =
        "an http:// or https:// origin without path, query or user, e.g. https://example.com";
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let u = Url::parse(raw).map_err(|_| ALLOWED)?;
    let plain = matches!(u.scheme(), "http" | "https")
        && u.host().is_some()
        && u.port() != Some(0)
        && u.username().is_empty()
        && u.password().is_none()
        && u.path() == "/"
        && u.query().is_none()
        && u.fragment().is_none()
        // `Url` accepts "https:example.com" (no slashes) for special schemes.
        && raw.get(u.scheme().len()..).is_some_and(|r| r.starts_with("://"));
    if !plain {
        return Err(ALLOWED);
    }
    Ok(Some(u.origin().ascii_serialization()))
}

/// `smtps://[user[:password]@]host[:port]` or
/// `smtp://[user[:password]@]host[:port][?tls=required|opportunistic|none]`;
/// empty: no mail.
pub fn smtp_url(raw: &str) -> Result<Option<SmtpConfig>, Allowed> {
    const SYNTAX: Allowed = "smtps://user:password@host:465, smtp://user:password@host:587[?tls=required|opportunistic|none], or empty for no mail";
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let u = Url::parse(raw).map_err(|_| SYNTAX)?;
    let implicit = match u.scheme() {
        "smtps" => true,
        "smtp" => false,
        _ => return Err(SYNTAX),
    };
    if !matches!(u.path(), "" | "/") || u.fragment().is_some() {
        return Err(SYNTAX);
    }
    // `smtp` is not a special scheme: the host is kept as written (an IPv4
    // address too), so it is lower-cased and checked here.
    let host = match u.host() {
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Domain(d)) => d.to_ascii_lowercase(),
        None => return Err(SYNTAX),
    };
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':'))
    {
        return Err(SYNTAX);
    }
    let port = match u.port() {
        None if implicit => 465,
        None => 587,
        Some(0) => return Err(SYNTAX),
        Some(p) => p,
    };
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .map(|c| c.into_owned())
            .map_err(|_| SYNTAX)
    };
    let user = decode(u.username())?;
    let password = u.password().map(decode).transpose()?;
    let loopback = host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let mut tls = if implicit {
        SmtpTls::Implicit
    } else if loopback {
        SmtpTls::None
    } else {
        SmtpTls::StartTlsRequired
    };
    for pair in u.query().unwrap_or_default().split('&') {
        tls = match (implicit, pair) {
            (_, "") => tls,
            (false, "tls=required") => SmtpTls::StartTlsRequired,
            (false, "tls=opportunistic") => SmtpTls::StartTlsOpportunistic,
            (false, "tls=none") => SmtpTls::None,
            _ => return Err(SYNTAX),
        };
    }
    if tls == SmtpTls::None && !loopback {
        return Err(
            "tls=none (plain text) only for a relay on loopback; use smtps:// or smtp:// with STARTTLS",
        );
    }
    Ok(Some(SmtpConfig {
        tls,
        host,
        port,
        user: Some(user).filter(|u| !u.is_empty()),
        password: password.filter(|p| !p.is_empty()).map(Secret::new),
        ca_file: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_by_the_url_crate() {
        let s = smtp_url("smtp://relay.example.com:2525/?tls=opportunistic")
            .expect("valid")
            .expect("set");
        assert_eq!(
            (s.tls, s.host.as_str(), s.port),
            (SmtpTls::StartTlsOpportunistic, "relay.example.com", 2525)
        );
        let s = smtp_url("smtp://LOCALHOST").expect("valid").expect("set");
        assert_eq!((s.tls, s.host.as_str()), (SmtpTls::None, "localhost"));
        assert!(smtp_url("smtp://relay.example.com#x").is_err());
        assert!(smtp_url("smtp://exa_mple.com").is_err());
        assert!(smtp_url(" ").expect("empty").is_none());
    }

    #[test]
    fn origins_by_the_url_crate() {
        for (raw, want) in [
            ("https://example.com:443", "https://example.com"),
            ("http://EXAMPLE.com:8080/", "http://example.com:8080"),
        ] {
            assert_eq!(origin(raw).expect(raw).as_deref(), Some(want));
        }
        for bad in [
            "https:example.com",
            "https://example.com#top",
            "https://:p@example.com",
        ] {
            assert!(origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn acme_directory_urls() {
        assert_eq!(
            acme_directory("staging").expect("staging"),
            LETS_ENCRYPT_STAGING
        );
        assert_eq!(
            acme_directory(" https://127.0.0.1:14000/dir ").expect("url"),
            "https://127.0.0.1:14000/dir"
        );
        for bad in [
            "http://acme.example/dir",
            "https://",
            "acme.example/dir",
            "prod",
        ] {
            assert!(acme_directory(bad).is_err(), "{bad}");
        }
    }
}
