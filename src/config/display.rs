//! `chloromaster config`: the effective configuration, one line per entry of
//! the table, in the environment-file syntax.

use std::fmt;

use super::types::Config;
use super::vars::{Redact, VARIABLES};

impl fmt::Display for Config {
    /// The effective configuration in the environment-file syntax, so it can
    /// be pasted into `/etc/default/chloromaster`. Secrets are redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for var in VARIABLES {
            let mut value = (var.show)(self);
            if var.redact == Redact::Secret && !value.is_empty() {
                // `show` already never exposes a secret; this keeps it so.
                value = "<redacted>".into();
            }
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
                writeln!(f, "{}=\"{escaped}\"", var.name)?;
            } else {
                writeln!(f, "{}={value}", var.name)?;
            }
        }
        Ok(())
    }
}
