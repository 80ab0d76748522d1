//! Reads the variables into a [`Config`]: each value through its table entry
//! (`vars.rs`), then the rules that involve several variables.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::error::ConfigError;
use super::types::{
    AcmeConfig, AdminConfig, ApiConfig, CacheConfig, CertSource, Config, HttpConfig, HttpsConfig,
    MailConfig, Rate, RespConfig, Secret, SecurityHeaders,
};
use super::vars::{self, Redact, Setting, VARIABLES, Var};

/// The systemd credential that signs sessions (not a variable).
const SESSION_KEY_CREDENTIAL: &str = "session-key";
/// Where systemd puts credentials.
const CREDENTIALS_DIRECTORY: &str = "CREDENTIALS_DIRECTORY";
/// systemd's `StateDirectory=`: the default data directory.
const STATE_DIRECTORY: &str = "STATE_DIRECTORY";

/// The variables of one start, looked up through the table.
struct Reader {
    map: BTreeMap<String, String>,
}

impl Reader {
    fn raw(&self, var: &Var) -> Option<&str> {
        self.map.get(var.name).map(String::as_str)
    }

    fn err(&self, var: &Var, allowed: impl Into<String>) -> ConfigError {
        ConfigError {
            var: var.name.to_owned(),
            value: shown_value(var.redact, self.raw(var).unwrap_or_default()),
            allowed: allowed.into(),
        }
    }

    /// The typed value: the variable's, else its default.
    fn value<T>(&self, setting: &Setting<T>) -> Result<T, ConfigError> {
        match self.raw(setting) {
            Some(raw) => (setting.parse)(raw).map_err(|allowed| self.err(setting, allowed)),
            // A default that does not parse is a bug in the table; the
            // tests parse every default.
            None => (setting.parse)(setting.default).map_err(|allowed| ConfigError {
                var: setting.name.to_owned(),
                value: setting.default.to_owned(),
                allowed: format!("{allowed} (the built-in default is wrong)"),
            }),
        }
    }

    /// A secret from the variable, else from its systemd credential.
    fn secret(&self, setting: &Setting<Option<Secret>>) -> Result<Option<Secret>, ConfigError> {
        match (self.raw(setting), setting.credential) {
            (None, Some(credential)) => self.credential(credential),
            _ => self.value(setting),
        }
    }

    /// The systemd credential file `credential`, if there is one.
    fn credential(&self, credential: &str) -> Result<Option<Secret>, ConfigError> {
        let Some(dir) = self.map.get(CREDENTIALS_DIRECTORY) else {
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
                var: CREDENTIALS_DIRECTORY.into(),
                value: dir.clone(),
                allowed: format!("a readable credential {credential}: {e}"),
            }),
        }
    }

    /// The first `CHLORO_*` variable that is not in the table, with the
    /// closest known name when one is close (a typo).
    fn unknown(&self) -> Option<ConfigError> {
        let name = self
            .map
            .keys()
            .find(|k| k.starts_with("CHLORO_") && !VARIABLES.iter().any(|v| v.name == *k))?;
        let suggestion = VARIABLES
            .iter()
            .map(|v| (strsim::levenshtein(v.name, name), v.name))
            .min()
            .filter(|(d, _)| *d <= 3)
            .map(|(_, n)| format!("did you mean {n}? "))
            .unwrap_or_default();
        // A misspelt secret (CHLORO_RESP_PASWORD) is still a secret.
        let redact = VARIABLES
            .iter()
            .filter(|v| strsim::levenshtein(v.name, name) <= 3)
            .map(|v| v.redact)
            .max()
            .unwrap_or(Redact::No);
        Some(ConfigError {
            var: name.clone(),
            value: shown_value(redact, &self.map[name]),
            allowed: format!(
                "unknown variable ({suggestion}`chloromaster config --help` lists the known ones)"
            ),
        })
    }
}

/// A rejected value as an error shows it: a secret never, a URL without
/// its password.
fn shown_value(redact: Redact, raw: &str) -> String {
    match redact {
        Redact::No => raw.to_owned(),
        Redact::Secret if raw.is_empty() => String::new(),
        Redact::Secret => "<redacted>".to_owned(),
        Redact::Password => {
            // Works on text that may not parse as a URL at all.
            let (scheme, rest) = match raw.split_once("://") {
                Some((scheme, rest)) => (Some(scheme), rest),
                None => (None, raw),
            };
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let (authority, tail) = rest.split_at(end);
            let Some((userinfo, host)) = authority.rsplit_once('@') else {
                return raw.to_owned();
            };
            let user = match userinfo.split_once(':') {
                Some((user, _)) => format!("{user}:<redacted>"),
                None => userinfo.to_owned(),
            };
            let scheme = scheme.map(|s| format!("{s}://")).unwrap_or_default();
            format!("{scheme}{user}@{host}{tail}")
        }
    }
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
                    let redact = VARIABLES
                        .iter()
                        .find(|var| var.name == k)
                        .map_or(Redact::No, |var| var.redact);
                    return Err(ConfigError {
                        var: k.to_owned(),
                        value: shown_value(redact, &v.to_string_lossy()),
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
                k.starts_with("CHLORO_") || k == STATE_DIRECTORY || k == CREDENTIALS_DIRECTORY
            })
            .collect();
        let v = Reader { map };
        if let Some(e) = v.unknown() {
            return Err(e);
        }

        let data_dir = match (v.raw(&vars::DATA_DIR), v.map.get(STATE_DIRECTORY)) {
            // systemd may pass several colon-separated directories; the first is ours.
            (None, Some(s)) if !s.is_empty() => PathBuf::from(s.split(':').next().unwrap_or(s)),
            _ => v.value(&vars::DATA_DIR)?,
        };
        let max_body = v.value(&vars::MAX_BODY)?;
        let http = HttpConfig {
            addr: v.value(&vars::HTTP_ADDR)?,
            rate_api: Rate {
                per_second: v.value(&vars::RATE_API)?,
                burst: v.value(&vars::RATE_API_BURST)?,
            },
            rate_general: Rate {
                per_second: v.value(&vars::RATE_GENERAL)?,
                burst: v.value(&vars::RATE_GENERAL_BURST)?,
            },
            trusted_proxies: v.value(&vars::TRUSTED_PROXIES)?,
            max_body,
            max_json_body: v.value(&vars::MAX_JSON_BODY)?.min(max_body),
            max_header_bytes: usize::try_from(v.value(&vars::MAX_HEADER_SIZE)?).unwrap_or(1 << 20),
            header_timeout: v.value(&vars::HEADER_TIMEOUT)?,
            request_timeout: v.value(&vars::REQUEST_TIMEOUT)?,
            max_connections: v.value(&vars::MAX_CONNECTIONS)?,
            max_connections_per_ip: v.value(&vars::MAX_CONNECTIONS_PER_IP)?,
            min_data_rate: v.value(&vars::MIN_DATA_RATE)?,
            min_data_rate_grace: v.value(&vars::MIN_DATA_RATE_GRACE)?,
            threads: v.value(&vars::HTTP_THREADS)?,
            shutdown_grace: v.value(&vars::SHUTDOWN_GRACE)?,
            security: SecurityHeaders {
                content_security_policy: v.value(&vars::CSP)?,
                frame_options: v.value(&vars::FRAME_OPTIONS)?,
                permissions_policy: v.value(&vars::PERMISSIONS_POLICY)?,
                referrer_policy: v.value(&vars::REFERRER_POLICY)?,
                strict_transport_security: v.value(&vars::HSTS)?,
            },
        };

        let https = https_config(&v)?;

        let cache = CacheConfig {
            max_memory: v.value(&vars::CACHE_MAX_MEMORY)?,
            snapshot_interval: v.value(&vars::CACHE_SNAPSHOT_SECS)?,
        };

        let resp = RespConfig {
            addr: v.value(&vars::RESP_ADDR)?,
            password: v.secret(&vars::RESP_PASSWORD)?,
            max_clients: v.value(&vars::RESP_MAX_CLIENTS)?,
            idle_timeout: v.value(&vars::RESP_TIMEOUT)?,
            output_limit: v.value(&vars::RESP_OUTPUT_BUFFER_LIMIT)?,
            busy_poll: v.value(&vars::RESP_BUSY_POLL_US)?,
        };
        if let Some(addr) = resp.addr {
            // Redis's protected mode: never expose an unauthenticated store.
            if !addr.ip().is_loopback() && resp.password.is_none() {
                return Err(v.err(
                    &vars::RESP_ADDR,
                    format!(
                        "a loopback address unless {} (or the {} credential) is set: the cache store refuses to listen unauthenticated on a network",
                        vars::RESP_PASSWORD.name,
                        vars::RESP_PASSWORD.credential.unwrap_or_default(),
                    ),
                ));
            }
        }

        let api = ApiConfig {
            contact_limit_per_hour: v.value(&vars::CONTACT_LIMIT_PER_HOUR)?,
            datasheets_dir: v.value(&vars::DATASHEETS_DIR)?,
            datasheet_token_ttl: v.value(&vars::DATASHEET_TOKEN_TTL)?,
            cache_ttl: v.value(&vars::API_CACHE_TTL)?,
            cache_not_found_ttl: v.value(&vars::API_CACHE_NOT_FOUND_TTL)?,
            media_max_bytes: v.value(&vars::MEDIA_MAX_BYTES)?,
            media_quota_bytes: v.value(&vars::MEDIA_QUOTA_BYTES)?,
        };

        let admin = AdminConfig {
            session_ttl: v.value(&vars::SESSION_TTL)?,
            first_user: v.value(&vars::ADMIN_USER)?,
            first_password: v.secret(&vars::ADMIN_PASSWORD)?,
            session_key: v.credential(SESSION_KEY_CREDENTIAL)?,
        };
        if let Some(key) = &admin.session_key
            && key.expose().len() < super::MIN_SESSION_KEY_LEN
        {
            return Err(ConfigError {
                var: CREDENTIALS_DIRECTORY.into(),
                value: SESSION_KEY_CREDENTIAL.into(),
                allowed: format!(
                    "a {SESSION_KEY_CREDENTIAL} credential of at least {} bytes (e.g. `openssl rand -hex 32`)",
                    super::MIN_SESSION_KEY_LEN
                ),
            });
        }
        if admin.first_user.is_some() != admin.first_password.is_some() {
            return Err(v.err(
                if admin.first_user.is_some() {
                    &vars::ADMIN_PASSWORD
                } else {
                    &vars::ADMIN_USER
                },
                format!(
                    "set together: {} with {} (or the {} credential)",
                    vars::ADMIN_USER.name,
                    vars::ADMIN_PASSWORD.name,
                    vars::ADMIN_PASSWORD.credential.unwrap_or_default(),
                ),
            ));
        }

        Ok(Config {
            http,
            https,
            data_dir,
            assets_dir: v.value(&vars::ASSETS_DIR)?,
            cache,
            resp,
            api,
            admin,
            metrics_addr: v.value(&vars::METRICS_ADDR)?,
            mail: mail_config(&v)?,
            public_url: v.value(&vars::PUBLIC_URL)?,
            log: v.value(&vars::LOG)?,
            log_format: v.value(&vars::LOG_FORMAT)?,
        })
    }
}

fn mail_config(v: &Reader) -> Result<MailConfig, ConfigError> {
    let ca_file = v.value(&vars::SMTP_CA_FILE)?;
    let smtp = match v.value(&vars::SMTP_URL)? {
        Some(mut s) => {
            if s.user.is_some()
                && s.password.is_none()
                && let Some(credential) = vars::SMTP_URL.credential
            {
                s.password = v.credential(credential)?;
            }
            s.ca_file = ca_file;
            Some(s)
        }
        None if ca_file.is_some() => {
            return Err(v.err(
                &vars::SMTP_CA_FILE,
                format!("only with {} set", vars::SMTP_URL.name),
            ));
        }
        None => None,
    };
    let from = v.value(&vars::MAIL_FROM)?;
    if smtp.is_some() && from.is_empty() {
        return Err(v.err(
            &vars::MAIL_FROM,
            format!(
                "set with {}: the sender address, e.g. ChloroMaster <web@example.com>",
                vars::SMTP_URL.name
            ),
        ));
    }
    let admin = v.value(&vars::MAIL_ADMIN)?;
    Ok(MailConfig {
        smtp,
        admin: if admin.is_empty() {
            from.clone()
        } else {
            admin
        },
        from,
        retry_base: v.value(&vars::MAIL_RETRY_BASE)?,
        max_attempts: v.value(&vars::MAIL_MAX_ATTEMPTS)?.get(),
        per_recipient_per_day: v.value(&vars::MAIL_PER_RECIPIENT_PER_DAY)?,
        visitor_per_hour: v.value(&vars::MAIL_VISITOR_PER_HOUR)?,
    })
}

fn https_config(v: &Reader) -> Result<Option<HttpsConfig>, ConfigError> {
    let (domains, cert, key) = (&vars::ACME_DOMAINS, &vars::TLS_CERT, &vars::TLS_KEY);
    let acme_set = v.raw(domains).is_some_and(|d| !d.trim().is_empty());
    let files_set = v.raw(cert).is_some() || v.raw(key).is_some();
    let Some(addr) = v.value(&vars::HTTPS_ADDR)? else {
        for var in [&domains.var, &cert.var, &key.var] {
            if v.raw(var).is_some_and(|s| !s.is_empty()) {
                return Err(v.err(
                    var,
                    format!(
                        "only with {} set (the HTTPS listener)",
                        vars::HTTPS_ADDR.name
                    ),
                ));
            }
        }
        return Ok(None);
    };
    if acme_set && files_set {
        return Err(v.err(
            cert,
            format!(
                "either {} (automatic certificates) or {} + {} (files), not both",
                domains.name, cert.name, key.name
            ),
        ));
    }
    let certs = if acme_set {
        CertSource::Acme(AcmeConfig {
            domains: v.value(domains)?,
            email: v.value(&vars::ACME_EMAIL)?,
            directory: v.value(&vars::ACME_DIRECTORY)?,
            ca_file: v.value(&vars::ACME_CA_FILE)?,
            challenge: v.value(&vars::ACME_CHALLENGE)?,
        })
    } else {
        match (v.value(cert)?, v.value(key)?) {
            (Some(cert), Some(key)) => CertSource::Files { cert, key },
            (Some(_), None) => {
                return Err(v.err(
                    key,
                    format!("set together with {}: the PEM private key file", cert.name),
                ));
            }
            _ => {
                return Err(v.err(
                    &vars::HTTPS_ADDR,
                    format!(
                        "needs certificates: set {} (automatic) or {} + {}",
                        domains.name, cert.name, key.name
                    ),
                ));
            }
        }
    };
    Ok(Some(HttpsConfig { addr, certs }))
}
