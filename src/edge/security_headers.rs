//! Security headers on every response, the edge's own errors included.
//! A handler that sets one of these itself (a download that must be framed,
//! say) keeps its own value.

use axum::response::Response;
use http::HeaderValue;
use http::header::{self, HeaderName};

use crate::config::SecurityHeaders;

/// Header values validated and converted once at start.
#[derive(Clone)]
pub struct Headers {
    always: Vec<(HeaderName, HeaderValue)>,
    hsts: Option<HeaderValue>,
}

impl Headers {
    pub fn new(cfg: &SecurityHeaders) -> Self {
        let value = |s: &str| {
            (!s.is_empty())
                .then(|| HeaderValue::from_str(s).ok())
                .flatten()
        };
        let mut always = vec![(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        )];
        for (name, v) in [
            (
                header::CONTENT_SECURITY_POLICY,
                &cfg.content_security_policy,
            ),
            (header::X_FRAME_OPTIONS, &cfg.frame_options),
            (header::REFERRER_POLICY, &cfg.referrer_policy),
            (
                HeaderName::from_static("permissions-policy"),
                &cfg.permissions_policy,
            ),
        ] {
            if let Some(v) = value(v) {
                always.push((name, v));
            }
        }
        Headers {
            always,
            hsts: value(&cfg.strict_transport_security),
        }
    }
}

impl Headers {
    /// The headers as HTTP/1 head lines (`name: value\r\n`), for answers
    /// written below hyper.
    pub fn lines(&self, https: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let hsts = self
            .hsts
            .iter()
            .filter(|_| https)
            .map(|v| (&header::STRICT_TRANSPORT_SECURITY, v));
        for (name, value) in self.always.iter().map(|(n, v)| (n, v)).chain(hsts) {
            out.extend_from_slice(name.as_str().as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out
    }
}

/// Adds the headers the response does not set itself; HSTS only on HTTPS.
pub fn apply(headers: &Headers, res: &mut Response, https: bool) {
    let h = res.headers_mut();
    for (name, value) in &headers.always {
        if !h.contains_key(name) {
            h.insert(name.clone(), value.clone());
        }
    }
    if https && let Some(hsts) = &headers.hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
}
