//! Masking of visitor data before it reaches a log line. Logs are read by
//! more people and kept longer than the database, so they never carry a
//! visitor's full IP address or e-mail address.

use std::fmt;
use std::net::IpAddr;

/// A client address as it may appear in logs: the last IPv4 octet, or all but
/// the first three IPv6 groups, hidden (`203.0.113.x`, `2001:db8:1::x`).
pub struct MaskedIp(pub IpAddr);

impl fmt::Display for MaskedIp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => {
                let [a, b, c, _] = v4.octets();
                write!(f, "{a}.{b}.{c}.x")
            }
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => MaskedIp(IpAddr::V4(v4)).fmt(f),
                None => {
                    let s = v6.segments();
                    write!(f, "{:x}:{:x}:{:x}::x", s[0], s[1], s[2])
                }
            },
        }
    }
}

/// An e-mail address as it may appear in logs: first character of the local
/// part and the domain (`j***@example.com`).
pub struct MaskedEmail<'a>(pub &'a str);

impl fmt::Display for MaskedEmail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.rsplit_once('@') {
            Some((local, domain)) => {
                let first = local.chars().next().unwrap_or('*');
                write!(f, "{first}***@{domain}")
            }
            None => f.write_str("***"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ips_are_masked() {
        let v4: IpAddr = "203.0.113.77".parse().expect("ip");
        assert_eq!(MaskedIp(v4).to_string(), "203.0.113.x");
        let v6: IpAddr = "2001:db8:1:2:3:4:5:6".parse().expect("ip");
        assert_eq!(MaskedIp(v6).to_string(), "2001:db8:1::x");
        let mapped: IpAddr = "::ffff:198.51.100.9".parse().expect("ip");
        assert_eq!(MaskedIp(mapped).to_string(), "198.51.100.x");
    }

    #[test]
    fn emails_are_masked() {
        assert_eq!(
            MaskedEmail("jane.doe@example.com").to_string(),
            "j***@example.com"
        );
        assert_eq!(MaskedEmail("nonsense").to_string(), "***");
    }
}
