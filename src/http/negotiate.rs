//! `Accept-Encoding` (RFC 9110 section 12.5.3): which of brotli, gzip and
//! identity a response is sent in, one rule for static files and the API's
//! response cache.
//!
//! - Each coding's weight is its `q` (default 1; `q=0` means "not
//!   acceptable"); `x-gzip` is `gzip` (8.4.1.3); names and the `q` key are
//!   case-insensitive.
//! - `*` gives its weight to every coding not listed, identity included;
//!   identity not listed and not covered by `*` is acceptable, below any
//!   other coding.
//! - The available coding of highest weight wins; on a tie a compressed one
//!   (brotli before gzip) beats identity.
//! - When nothing available is acceptable (`identity;q=0` and no coding we
//!   have), the response is sent without a coding, as 12.5.3 advises
//!   instead of a 406.
//! - A weight that is not a valid qvalue makes its member count as `q=0`.

use http::HeaderValue;
use http::header::{self, HeaderMap};

/// A content coding the appliance can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// The coding's token, as in `Content-Encoding` (and in the response
    /// cache's keys).
    pub fn as_str(self) -> &'static str {
        match self {
            Coding::Identity => "identity",
            Coding::Gzip => "gzip",
            Coding::Brotli => "br",
        }
    }

    /// The `Content-Encoding` value; `None` for identity (no header).
    pub fn content_encoding(self) -> Option<HeaderValue> {
        match self {
            Coding::Identity => None,
            other => Some(HeaderValue::from_static(other.as_str())),
        }
    }
}

/// Which codings a representation is available in besides identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Available {
    pub br: bool,
    pub gzip: bool,
}

impl Available {
    /// Every coding (a response compressed on demand).
    pub const ALL: Available = Available {
        br: true,
        gzip: true,
    };
}

/// A `qvalue` (5.6.6): `0[.ddd]` or `1[.000]`, in thousandths.
fn qvalue(s: &str) -> Option<u16> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut thousandths = 0u16;
    for (i, d) in frac.bytes().enumerate() {
        thousandths += u16::from(d - b'0') * [100, 10, 1][i];
    }
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The weights a request's `Accept-Encoding` gives, in thousandths:
/// (br, gzip, identity, `*`), each `None` when not listed.
#[derive(Default)]
struct Weights {
    br: Option<u16>,
    gzip: Option<u16>,
    identity: Option<u16>,
    star: Option<u16>,
}

fn weights(headers: &HeaderMap) -> Weights {
    let mut w = Weights::default();
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for member in value.split(',') {
            let mut parts = member.split(';');
            let coding = parts.next().unwrap_or("").trim();
            if coding.is_empty() {
                continue;
            }
            let mut q = 1000;
            for param in parts {
                let Some((key, val)) = param.split_once('=') else {
                    continue;
                };
                if key.trim().eq_ignore_ascii_case("q") {
                    q = qvalue(val.trim()).unwrap_or(0);
                }
            }
            let slot = if coding.eq_ignore_ascii_case("br") {
                &mut w.br
            } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
                &mut w.gzip
            } else if coding.eq_ignore_ascii_case("identity") {
                &mut w.identity
            } else if coding == "*" {
                &mut w.star
            } else {
                continue;
            };
            // Listed twice: the more favourable weight.
            *slot = Some(slot.map_or(q, |old| old.max(q)));
        }
    }
    w
}

/// The coding to send a representation available as `available` in, for a
/// request with `headers` (see the module docs).
pub fn encoding(headers: &HeaderMap, available: Available) -> Coding {
    let w = weights(headers);
    let br = w.br.or(w.star).filter(|_| available.br).unwrap_or(0);
    let gzip = w.gzip.or(w.star).filter(|_| available.gzip).unwrap_or(0);
    // Unlisted identity: acceptable, but below any listed coding (weight
    // 0 here, yet still the fallback).
    let identity = w.identity.or(w.star).unwrap_or(0);
    let best = br.max(gzip);
    if best == 0 || identity > best {
        Coding::Identity
    } else if br == best {
        Coding::Brotli
    } else {
        Coding::Gzip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ae(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, v.parse().expect("header"));
        h
    }

    fn all(v: &str) -> Coding {
        encoding(&ae(v), Available::ALL)
    }

    /// 12.5.3: no header, or nothing we have listed, is identity.
    #[test]
    fn rfc9110_12_5_3_identity_by_default() {
        assert_eq!(
            encoding(&HeaderMap::new(), Available::ALL),
            Coding::Identity
        );
        assert_eq!(all(""), Coding::Identity);
        assert_eq!(all("identity"), Coding::Identity);
        assert_eq!(all("deflate, zstd"), Coding::Identity);
    }

    /// 12.4.2 / 12.5.3: q-values choose, q=0 refuses, br wins a tie.
    #[test]
    fn rfc9110_12_5_3_qvalues() {
        assert_eq!(all("gzip, deflate, br"), Coding::Brotli);
        assert_eq!(all("gzip"), Coding::Gzip);
        assert_eq!(all("x-gzip"), Coding::Gzip);
        assert_eq!(all("GZIP;Q=0.5"), Coding::Gzip, "case-insensitive");
        assert_eq!(all("br;q=0.5, gzip;q=0.8"), Coding::Gzip);
        assert_eq!(all("br;q=0.8, gzip;q=0.5"), Coding::Brotli);
        assert_eq!(all("br;q=0, gzip;q=0.5"), Coding::Gzip);
        assert_eq!(all("br;q=0, gzip;q=0"), Coding::Identity);
        assert_eq!(all("br;q=0.001"), Coding::Brotli);
        assert_eq!(all("gzip ; q=0.7 , br ; q=0.7"), Coding::Brotli);
        // Identity preferred by weight.
        assert_eq!(all("br;q=0.1, identity;q=0.5"), Coding::Identity);
        assert_eq!(all("br;q=0.5, identity;q=0.5"), Coding::Brotli);
    }

    /// 12.5.3: `*` covers what is not listed, identity included.
    #[test]
    fn rfc9110_12_5_3_wildcard() {
        assert_eq!(all("*"), Coding::Brotli);
        assert_eq!(all("*, br;q=0"), Coding::Gzip);
        assert_eq!(all("br;q=0, *"), Coding::Gzip);
        assert_eq!(
            all("*;q=0"),
            Coding::Identity,
            "nothing acceptable: identity"
        );
        assert_eq!(all("gzip, *;q=0"), Coding::Gzip);
        assert_eq!(all("*;q=0.2, gzip;q=0.5"), Coding::Gzip);
    }

    /// 12.5.3: `identity;q=0` refuses the uncompressed form when a coding
    /// we have is acceptable; otherwise identity is still what is sent.
    #[test]
    fn rfc9110_12_5_3_identity_refused() {
        assert_eq!(all("identity;q=0, gzip;q=0.1"), Coding::Gzip);
        assert_eq!(all("identity;q=0"), Coding::Identity);
        let gzip_only = Available {
            br: false,
            gzip: true,
        };
        assert_eq!(
            encoding(&ae("br, identity;q=0"), gzip_only),
            Coding::Identity
        );
        assert_eq!(encoding(&ae("br, gzip;q=0.1"), gzip_only), Coding::Gzip);
    }

    /// 5.6.6: a malformed weight makes its member unacceptable.
    #[test]
    fn rfc9110_5_6_6_qvalue_syntax() {
        assert_eq!(qvalue("1"), Some(1000));
        assert_eq!(qvalue("1.000"), Some(1000));
        assert_eq!(qvalue("0.5"), Some(500));
        assert_eq!(qvalue("0.05"), Some(50));
        assert_eq!(qvalue("0."), Some(0));
        assert_eq!(qvalue("1.5"), None);
        assert_eq!(qvalue("0.0001"), None);
        assert_eq!(qvalue("-1"), None);
        assert_eq!(qvalue("2"), None);
        assert_eq!(qvalue("0.a"), None);
        assert_eq!(all("br;q=high, gzip"), Coding::Gzip);
    }

    /// Only codings the representation has are chosen.
    #[test]
    fn available_codings_only() {
        let none = Available {
            br: false,
            gzip: false,
        };
        assert_eq!(encoding(&ae("br, gzip"), none), Coding::Identity);
        let br_only = Available {
            br: true,
            gzip: false,
        };
        assert_eq!(encoding(&ae("gzip, br;q=0.1"), br_only), Coding::Brotli);
    }
}
