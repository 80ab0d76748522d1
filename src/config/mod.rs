//! Every setting of the appliance, read once from the environment into one
//! typed [`Config`] and validated before anything starts.
//!
//! Variable names are part of the product's interface (operators put them in
//! `/etc/default/chloromaster`). An unknown `CHLORO_*` variable is an error,
//! because it is almost always a typo that would otherwise be silently ignored.
//! Secrets may also come from systemd credentials (`$CREDENTIALS_DIRECTORY`).
//!
//! - `vars.rs`: the table, one entry per variable (name, default, parser,
//!   help, redaction); the only place a name is written;
//! - `parse.rs`: the entries' parsers (URLs with the `url` crate);
//!   `units.rs`: sizes, durations, addresses;
//! - `read.rs`: [`Config::from_vars`], the rules across variables and the
//!   "did you mean" for unknown names;
//! - `types.rs`: the typed configuration the rest of the appliance reads;
//! - `display.rs`: `chloromaster config`, secrets redacted;
//! - `error.rs`: [`ConfigError`].

mod display;
mod error;
mod parse;
mod read;
mod types;
mod units;
mod vars;

pub use error::ConfigError;
pub use types::{
    AcmeChallenge, AcmeConfig, AdminConfig, ApiConfig, CacheConfig, CertSource, Config, HttpConfig,
    HttpsConfig, LETS_ENCRYPT_PRODUCTION, LETS_ENCRYPT_STAGING, LogFormat, MailConfig, OutputLimit,
    Rate, RespConfig, Secret, SecurityHeaders, SmtpConfig, SmtpTls,
};
pub use units::{format_duration, format_size, parse_duration, parse_size};
pub use vars::{Redact, VARIABLES, Var};

/// Shortest `session-key` credential accepted (the key that signs admin
/// sessions; `auth::key` reads it).
pub const MIN_SESSION_KEY_LEN: usize = 32;

#[cfg(test)]
mod tests;
