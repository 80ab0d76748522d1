//! Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device
//! Cookies"): a successful sign-in gives the browser a long-lived, signed
//! cookie bound to the user name. A sign-in that presents a valid one for
//! the same user is judged by that device's own failure count, not by the
//! user name's lockout, so whoever knows an admin's user name can lock out
//! only the browsers that never signed in, not the admin's own.
//!
//! The value is `<issued unix secs>.<nonce hex>.<mac hex>.<user>`; the MAC
//! ([`super::SessionKey`]) covers all three, so it cannot be forged, moved
//! to another user, or kept past [`MAX_AGE`]. A key rotation voids every
//! device cookie along with every session.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{SessionKey, hex};

/// The cookie's name.
pub const COOKIE: &str = "chloro_device";
/// How long a device stays trusted after its last sign-in.
pub const MAX_AGE: Duration = Duration::from_secs(365 * 24 * 3600);

/// A verified device cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// The user name it was issued to (as the account key: lower case).
    pub user: String,
    /// Identifies this device in the failure counts.
    pub nonce: String,
}

fn parts<'a>(issued: &'a [u8], nonce: &'a [u8], user: &'a [u8]) -> [&'a [u8]; 4] {
    [b"device", issued, nonce, user]
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A new cookie value for `user` (an account key).
pub fn issue(key: &SessionKey, user: &str) -> String {
    let issued = now_secs().to_string();
    let nonce = hex(&rand::random::<[u8; 16]>());
    let mac = hex(&key.sign(&parts(issued.as_bytes(), nonce.as_bytes(), user.as_bytes())));
    format!("{issued}.{nonce}.{mac}.{user}")
}

/// The `Set-Cookie` value that stores `value` in the browser. The path is
/// the login's only: no other request carries it.
pub fn set_cookie(value: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={value}; Path=/api/admin/login; Max-Age={}; HttpOnly; SameSite=Strict{}",
        MAX_AGE.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

/// The device a cookie value stands for, if its signature holds and it has
/// not expired.
pub fn verify(key: &SessionKey, value: &str) -> Option<Device> {
    let mut fields = value.splitn(4, '.');
    let (issued, nonce, mac, user) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let tag = crate::http::hex::decode(mac.as_bytes())?;
    if nonce.len() != 32 || user.is_empty() {
        return None;
    }
    if !key.verify(
        &parts(issued.as_bytes(), nonce.as_bytes(), user.as_bytes()),
        &tag,
    ) {
        return None;
    }
    let age = now_secs().saturating_sub(issued.parse().ok()?);
    (age <= MAX_AGE.as_secs()).then(|| Device {
        user: user.to_owned(),
        nonce: nonce.to_owned(),
    })
}

/// The verified device cookie among a request's `Cookie` headers.
pub fn from_headers(key: &SessionKey, headers: &http::HeaderMap) -> Option<Device> {
    crate::http::cookies(headers)
        .filter(|(name, _)| *name == COOKIE)
        .find_map(|(_, value)| verify(key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_cookies_verify_only_as_issued() {
        let key = SessionKey::ephemeral();
        let value = issue(&key, "ops");
        let device = verify(&key, &value).expect("valid");
        assert_eq!(device.user, "ops");
        // Moved to another user, altered, or signed with another key.
        let (head, _) = value.rsplit_once('.').expect("dots");
        assert_eq!(verify(&key, &format!("{head}.admin")), None);
        assert_eq!(verify(&key, &value.replacen('1', "2", 1)), None);
        assert_eq!(verify(&SessionKey::ephemeral(), &value), None);
        assert_eq!(verify(&key, "garbage"), None);
        // Expired.
        let old = (now_secs() - MAX_AGE.as_secs() - 10).to_string();
        let nonce = hex(&[1; 16]);
        let mac = hex(&key.sign(&parts(old.as_bytes(), nonce.as_bytes(), b"ops")));
        assert_eq!(verify(&key, &format!("{old}.{nonce}.{mac}.ops")), None);
        // Found among other cookies; user names may contain dots.
        let dotted = issue(&key, "first.last@example.com");
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            http::HeaderValue::from_str(&format!("a=b; {COOKIE}={dotted}; c=d")).expect("value"),
        );
        assert_eq!(
            from_headers(&key, &headers).map(|d| d.user),
            Some("first.last@example.com".to_owned())
        );
    }
}
