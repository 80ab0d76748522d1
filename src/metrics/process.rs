//! The process's own resource use, read from `/proc/self` at scrape time.

/// Clock ticks per second of `/proc/self/stat` (`USER_HZ`, 100 on every
/// Linux architecture the appliance is built for).
const TICKS_PER_SECOND: f64 = 100.0;
const PAGE_SIZE: u64 = 4096;

#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Usage {
    pub resident_bytes: u64,
    pub cpu_seconds: f64,
    pub open_fds: u64,
}

pub fn usage() -> Usage {
    let resident_bytes = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * PAGE_SIZE);
    let cpu_seconds = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| cpu_ticks(&s))
        .map_or(0.0, |t| t as f64 / TICKS_PER_SECOND);
    let open_fds = std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count() as u64);
    Usage {
        resident_bytes,
        cpu_seconds,
        open_fds,
    }
}

/// `utime + stime` from a `/proc/<pid>/stat` line. The command name (field
/// 2) may hold spaces and parentheses, so fields are counted after its
/// closing parenthesis.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    // After the name: state is field 3; utime and stime are fields 14, 15.
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

#[cfg(test)]
mod tests {
    #[test]
    fn metrics_cpu_ticks_parse_odd_process_names() {
        let line = "42 (a) b (c)) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 5 0 0";
        assert_eq!(super::cpu_ticks(line), Some(10));
        let usage = super::usage();
        assert!(usage.resident_bytes > 0 && usage.open_fds > 0);
    }
}
