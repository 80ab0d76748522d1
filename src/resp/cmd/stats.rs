//! `INFO commandstats` counters.

use super::{COMMANDS, Spec};
use crate::cache::striped::{Padded, STRIPES, stripe};
use std::sync::atomic::{AtomicU64, Ordering};

/// Per-command counters for `INFO commandstats`, striped per thread so
/// concurrent clients running the same command do not contend.
pub(crate) struct CommandStats {
    stripes: Vec<Padded<Vec<CmdStat>>>,
}

#[derive(Default)]
pub(crate) struct CmdStat {
    pub calls: AtomicU64,
    pub usec: AtomicU64,
    pub failed: AtomicU64,
    pub rejected: AtomicU64,
}

/// One command's counters summed over stripes.
pub(crate) struct CmdTotals {
    pub calls: u64,
    pub usec: u64,
    pub failed: u64,
    pub rejected: u64,
}

impl Default for CommandStats {
    fn default() -> Self {
        CommandStats {
            stripes: (0..STRIPES)
                .map(|_| Padded(COMMANDS.iter().map(|_| CmdStat::default()).collect()))
                .collect(),
        }
    }
}

impl CommandStats {
    pub fn iter(&self) -> impl Iterator<Item = (&'static Spec, CmdTotals)> + '_ {
        COMMANDS.iter().enumerate().map(|(i, spec)| {
            let mut t = CmdTotals {
                calls: 0,
                usec: 0,
                failed: 0,
                rejected: 0,
            };
            for s in self.stripes.iter().filter_map(|s| s.0.get(i)) {
                t.calls += s.calls.load(Ordering::Relaxed);
                t.usec += s.usec.load(Ordering::Relaxed);
                t.failed += s.failed.load(Ordering::Relaxed);
                t.rejected += s.rejected.load(Ordering::Relaxed);
            }
            (spec, t)
        })
    }
    pub fn total_calls(&self) -> u64 {
        self.iter().map(|(_, t)| t.calls).sum()
    }
    pub fn reset(&self) {
        for s in self.stripes.iter().flat_map(|s| s.0.iter()) {
            for c in [&s.calls, &s.usec, &s.failed, &s.rejected] {
                c.store(0, Ordering::Relaxed);
            }
        }
    }
    pub(super) fn get(&self, i: usize) -> Option<&CmdStat> {
        self.stripes.get(stripe())?.0.get(i)
    }
}
