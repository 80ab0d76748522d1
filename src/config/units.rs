//! Parsers for the value syntaxes that several variables share: byte sizes,
//! durations, socket addresses. Each returns a short description of what is
//! allowed on failure; the caller adds the variable's name and value.

use std::net::SocketAddr;
use std::time::Duration;

/// What a size variable accepts, for error messages.
pub const SIZE_SYNTAX: &str = "a byte size such as 1048576, 512kb, 20mb or 1gb (k/m/g = 1000-based, kb/mb/gb = 1024-based, as in Redis)";

/// What a duration variable accepts, for error messages.
pub const DURATION_SYNTAX: &str =
    "a duration such as 30, 500ms, 10s, 5m or 12h (a bare number is seconds)";

/// Parses a byte size the way Redis reads `maxmemory`: `1k` is 1000 bytes and
/// `1kb` is 1024. `KiB`/`MiB`/`GiB` are accepted as the unambiguous spelling
/// of the 1024-based units.
pub fn parse_size(raw: &str) -> Result<u64, &'static str> {
    let s = raw.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    if digits.is_empty() {
        return Err(SIZE_SYNTAX);
    }
    let n: u64 = digits.parse().map_err(|_| SIZE_SYNTAX)?;
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" => 1_000,
        "kb" | "kib" => 1 << 10,
        "m" => 1_000_000,
        "mb" | "mib" => 1 << 20,
        "g" => 1_000_000_000,
        "gb" | "gib" => 1 << 30,
        _ => return Err(SIZE_SYNTAX),
    };
    n.checked_mul(multiplier).ok_or(SIZE_SYNTAX)
}

/// Parses `500ms`, `10s`, `5m`, `12h`, `1d`, or a bare number of seconds.
pub fn parse_duration(raw: &str) -> Result<Duration, &'static str> {
    let s = raw.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    if digits.is_empty() {
        return Err(DURATION_SYNTAX);
    }
    let n: u64 = digits.parse().map_err(|_| DURATION_SYNTAX)?;
    let d = match unit.trim() {
        "ms" => Duration::from_millis(n),
        "" | "s" => Duration::from_secs(n),
        "m" | "min" => Duration::from_secs(n.checked_mul(60).ok_or(DURATION_SYNTAX)?),
        "h" => Duration::from_secs(n.checked_mul(3600).ok_or(DURATION_SYNTAX)?),
        "d" => Duration::from_secs(n.checked_mul(86_400).ok_or(DURATION_SYNTAX)?),
        _ => return Err(DURATION_SYNTAX),
    };
    Ok(d)
}

/// Formats a duration back into the syntax `parse_duration` reads.
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if !ms.is_multiple_of(1000) {
        format!("{ms}ms")
    } else {
        let s = d.as_secs();
        if s != 0 && s.is_multiple_of(3600) {
            format!("{}h", s / 3600)
        } else if s != 0 && s.is_multiple_of(60) {
            format!("{}m", s / 60)
        } else {
            format!("{s}s")
        }
    }
}

/// Formats a size back into the syntax `parse_size` reads, exactly.
pub fn format_size(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "gb"), (1 << 20, "mb"), (1 << 10, "kb")];
    for (m, unit) in UNITS {
        if n != 0 && n.is_multiple_of(m) {
            return format!("{}{unit}", n / m);
        }
    }
    n.to_string()
}

pub const ADDR_SYNTAX: &str =
    "an IP address and port such as 127.0.0.1:8080, 0.0.0.0:80 or [::]:8080";

pub fn parse_addr(raw: &str) -> Result<SocketAddr, &'static str> {
    raw.trim().parse().map_err(|_| ADDR_SYNTAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_redis_units() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("1k"), Ok(1000));
        assert_eq!(parse_size("1kb"), Ok(1024));
        assert_eq!(parse_size("20MB"), Ok(20 << 20));
        assert_eq!(parse_size("256mb"), Ok(256 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size(" 2 gb "), Ok(2 << 30));
        assert!(parse_size("").is_err());
        assert!(parse_size("mb").is_err());
        assert!(parse_size("20 parsecs").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999999999999gb").is_err());
    }

    #[test]
    fn sizes_round_trip() {
        for n in [0, 1, 1000, 1024, 20 << 20, 256 << 20, 3 << 30, 12345] {
            assert_eq!(parse_size(&format_size(n)), Ok(n));
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("12h"), Ok(Duration::from_secs(43200)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("1.5s").is_err());
        for d in [
            Duration::from_millis(1500),
            Duration::from_secs(90),
            Duration::from_secs(7200),
        ] {
            assert_eq!(parse_duration(&format_duration(d)), Ok(d));
        }
    }
}
