//! Field validation shared by the forms: trimming, required fields, maximum
//! lengths (over the limit is an error, never a silent truncation), e-mail
//! addresses, phone numbers. Collects one reason per field so the client can
//! show them all.
//!
//! Digits: visitors type them in the script their keyboard gives. A phone
//! number may use ASCII digits, Arabic-Indic (U+0660–0669), Eastern
//! Arabic-Indic (U+06F0–06F9) or full-width (U+FF10–FF19) digits, and the
//! full-width plus (U+FF0B). What was typed is stored and shown as typed;
//! [`normalise_digits`] gives the ASCII form where machines read it (admin
//! search, CSV export).

use std::borrow::Cow;
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

    /// A required phone number: digits (any of [`digit_value`]'s scripts)
    /// with the usual separators, kept as typed.
    pub fn phone(&mut self, name: &str, value: Option<String>) -> String {
        let value = value.map(|v| v.trim().to_owned()).unwrap_or_default();
        if self.check(name, &value, 32, true, false) {
            let digits = value.chars().filter(|c| digit_value(*c).is_some()).count();
            let allowed = value.chars().all(|c| {
                digit_value(c).is_some() || PHONE_SEPARATORS.contains(c) || is_direction_mark(c)
            });
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

/// What a phone number may hold besides digits: space, `+ - ( ) .`, the
/// full-width plus `＋` (U+FF0B), and the invisible direction marks that a
/// number copied from Arabic text (a contact list, a chat) often carries
/// ([`is_direction_mark`]).
const PHONE_SEPARATORS: &str = " +-().\u{FF0B}";

/// Invisible bidirectional formatting characters: LRM, RLM, the Arabic
/// letter mark, the embeddings and overrides (U+202A–202E) and the
/// isolates (U+2066–2069). They change how text is displayed, never what it
/// says.
pub fn is_direction_mark(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// The value of a decimal digit a visitor may type: ASCII `0`–`9`,
/// Arabic-Indic `٠`–`٩` (U+0660–0669), Eastern Arabic-Indic `۰`–`۹`
/// (U+06F0–06F9), full-width `０`–`９` (U+FF10–FF19). Other scripts' digits
/// are `None` (the validator refuses them in a phone number).
pub fn digit_value(c: char) -> Option<u32> {
    let base = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}',
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}',
        '\u{FF10}'..='\u{FF19}' => '\u{FF10}',
        _ => return None,
    };
    Some(u32::from(c) - u32::from(base))
}

/// The ASCII form of what a visitor typed: every digit [`digit_value`]
/// knows becomes its ASCII digit, the full-width plus becomes `+`, and
/// direction marks ([`is_direction_mark`]) are dropped; everything else is
/// kept. Borrows when there is nothing to change.
pub fn normalise_digits(s: &str) -> Cow<'_, str> {
    let changes = |c: char| {
        c == '\u{FF0B}' || is_direction_mark(c) || (!c.is_ascii_digit() && digit_value(c).is_some())
    };
    if !s.chars().any(changes) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter(|c| !is_direction_mark(*c))
            .map(|c| match c {
                '\u{FF0B}' => '+',
                c => digit_value(c)
                    .and_then(|d| char::from_digit(d, 10))
                    .unwrap_or(c),
            })
            .collect(),
    )
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
    fn api_digits_normalise_to_ascii() {
        assert_eq!(normalise_digits("+20 100 123 4567"), "+20 100 123 4567");
        assert!(matches!(normalise_digits("no digits"), Cow::Borrowed(_)));
        assert_eq!(normalise_digits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(normalise_digits("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
        assert_eq!(normalise_digits("０１２３４５６７８９"), "0123456789");
        assert_eq!(
            normalise_digits("＋٢٠ (١٠٠) ۱۲۳-４５６７"),
            "+20 (100) 123-4567"
        );
        // Direction marks go; what they surrounded stays.
        assert_eq!(
            normalise_digits("\u{202A}٠١٠٠\u{200F} ١٢٣\u{202C}"),
            "0100 123"
        );
        assert_eq!(normalise_digits("\u{200E}+20 100\u{200E}"), "+20 100");
        // Letters, Arabic text and other scripts' digits are kept.
        assert_eq!(normalise_digits("رقم ٣ x"), "رقم 3 x");
        assert_eq!(normalise_digits("१२३"), "१२३");
        for c in ['0', '٠', '۰', '０'] {
            assert_eq!(digit_value(c), Some(0));
        }
        for c in ['9', '٩', '۹', '９'] {
            assert_eq!(digit_value(c), Some(9));
        }
        for c in [
            '/', ':', '\u{065F}', '\u{066A}', '\u{06EF}', '\u{06FA}', '\u{FF0F}', '\u{FF1A}', '१',
            'a',
        ] {
            assert_eq!(digit_value(c), None, "{c:?}");
        }
    }

    #[test]
    fn api_phone_takes_arabic_and_full_width_digits_as_typed() {
        for ok in [
            "٠١٠٠١٢٣٤٥٦٧",
            "۰۱۰۰۱۲۳۴۵۶۷",
            "０１０ ０１２３ ４５６７",
            "＋٢٠ ١٠٠ ١٢٣ ٤٥٦٧",
            "+20 (۱۰۰) 123-4567",
            "  ٠١٠٠١٢٣٤٥٦٧\u{3000}",
            // Pasted from Arabic text: direction marks around or inside.
            "\u{200E}+20 100 123 4567\u{200E}",
            "\u{202A}٠١٠٠١٢٣٤٥٦٧\u{202C}",
            "\u{2066}+۹۸ ۹۱۲\u{200F} ۳۴۵ ۶۷۸۹\u{2069}",
        ] {
            let mut f = Fields::default();
            assert_eq!(f.phone("p", Some(ok.into())), ok.trim(), "{ok}");
            assert!(f.finish().is_ok(), "{ok}");
        }
        for bad in [
            "٠١٢٣",
            "१२३४५६७",
            "٠١٠٠١٢٣٤٥٦٧ ext",
            "٠١٠٠/١٢٣٤٥٦٧",
            &"٠".repeat(33),
        ] {
            let mut f = Fields::default();
            f.phone("p", Some(bad.into()));
            assert!(f.has_error("p"), "{bad}");
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
