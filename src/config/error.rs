//! The one error of the configuration.

/// A configuration value that was rejected: names the variable, the value and
/// what is allowed, on one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration: {var}={value:?}: {allowed}")]
pub struct ConfigError {
    pub var: String,
    pub value: String,
    pub allowed: String,
}
