//! Field validation shared by the forms: trimming, required fields, maximum
//! lengths (over the limit is an error, never a silent truncation), e-mail
//! addresses. Collects one reason per field so the client can show them all.

use std::collections::BTreeMap;

use super::AppError;

#[derive(Default)]
pub struct Fields {
    errors: BTreeMap<String, String>,
}

impl Fields {
    /// A single-line text field, trimmed. `None`/null counts as empty.
    pub fn text(
        &mut self,
        name: &str,
        value: Option<String>,
        max: usize,
        required: bool,
    ) -> String {
        let value = value.map(|v| v.trim().to_owned()).unwrap_or_default();
        self.check(name, &value, max, required, false);
        value
    }

    /// A multi-line text field (newlines and tabs allowed), trimmed.
    pub fn multiline(
        &mut self,
        name: &str,
        value: Option<String>,
        max: usize,
        required: bool,
    ) -> String {
        let value = value.map(|v| v.trim().to_owned()).unwrap_or_default();
        self.check(name, &value, max, required, true);
        value
    }

    /// A required e-mail address, trimmed.
    pub fn email(&mut self, name: &str, value: Option<String>) -> String {
        let value = value.map(|v| v.trim().to_owned()).unwrap_or_default();
        if self.check(name, &value, 254, true, false) && !is_valid_email(&value) {
            self.fail(name, "must be a valid e-mail address");
        }
        value
    }

    /// A required phone number: digits with the usual separators.
    pub fn phone(&mut self, name: &str, value: Option<String>) -> String {
        let value = value.map(|v| v.trim().to_owned()).unwrap_or_default();
        if self.check(name, &value, 32, true, false) {
            let digits = value.chars().filter(char::is_ascii_digit).count();
            let allowed = value
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c));
            if digits < 5 || !allowed {
                self.fail(name, "must be a phone number (digits, spaces, + - ( ) .)");
            }
        }
        value
    }

    pub fn fail(&mut self, name: &str, reason: impl Into<String>) {
        self.errors
            .entry(name.to_owned())
            .or_insert_with(|| reason.into());
    }

    pub fn has_error(&self, name: &str) -> bool {
        self.errors.contains_key(name)
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.errors))
        }
    }

    /// Returns whether the value passed (and is not empty).
    fn check(
        &mut self,
        name: &str,
        value: &str,
        max: usize,
        required: bool,
        multiline: bool,
    ) -> bool {
        if value.is_empty() {
            if required {
                self.fail(name, "is required");
            }
            return false;
        }
        let len = value.chars().count();
        if len > max {
            self.fail(
                name,
                format!("must be at most {max} characters (got {len})"),
            );
            return false;
        }
        let bad_char = value
            .chars()
            .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')));
        if bad_char {
            self.fail(name, "contains control characters");
            return false;
        }
        true
    }
}

/// A pragmatic check of an address's shape (RFC 5321 limits, no quoted local
/// parts, no IP-literal domains): what a contact form should accept.
pub fn is_valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| {
            tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_email_shapes() {
        for ok in [
            "a@b.co",
            "jane.doe+tag@example.com",
            "x@sub.domain.eg",
            "مها@مثال.مصر",
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@b.",
            "a..b@example.com",
            ".a@example.com",
            "a b@example.com",
            "a@-x.com",
            "a@x_y.com",
            "a@1.2.3.4",
            "<script>@x.com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn api_fields_trim_require_and_limit() {
        let mut f = Fields::default();
        assert_eq!(f.text("a", Some("  x  ".into()), 10, true), "x");
        f.text("b", Some("   ".into()), 10, true);
        f.text("c", Some("x".repeat(11)), 10, false);
        f.text("d", Some("tab\tin line".into()), 100, false);
        assert_eq!(
            f.multiline("e", Some("line\nline".into()), 100, true),
            "line\nline"
        );
        f.phone("p", Some("call me".into()));
        let Err(AppError::Validation(errors)) = f.finish() else {
            panic!("expected validation errors")
        };
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["b", "c", "d", "p"]);
        assert_eq!(errors["b"], "is required");
        assert!(errors["c"].contains("at most 10"));
    }
}
