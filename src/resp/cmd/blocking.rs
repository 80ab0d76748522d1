//! Blocking commands (`BLPOP`, `BLMOVE`, `BZPOPMIN`, …) on the store's
//! blocking infrastructure (`cache/blocking.rs`).
//!
//! A blocking handler first tries its non-blocking form; when that finds
//! nothing it returns [`block`]`(ctx, keys, timeout, on_timeout)`, i.e.
//! [`Reply::Block`]. The connection then registers a waiter on the keys,
//! re-runs the same handler (under the same guard) each time a write to one
//! of them wakes it, and replies with the first reply that is not a
//! `Block`, or with a null array once the timeout passes (or `CLIENT
//! UNBLOCK` ends the wait). Inside `MULTI`/`EXEC` a blocking command never
//! blocks: `EXEC` replies `on_timeout` at once, as redis-server does. While blocked, the
//! connection keeps reading (a closed socket unregisters the client at
//! once) and `CLIENT KILL` and shutdown end the wait.

use super::Ctx;
use crate::resp::parse::CmdResult;
use crate::resp::reply::Reply;
use std::time::Duration;

/// A blocked command: what the connection needs to wait and retry.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocked {
    pub db: u8,
    pub keys: Vec<Box<[u8]>>,
    /// `None`: wait forever (timeout 0).
    pub deadline: Option<tokio::time::Instant>,
    /// The reply when the timeout passes (or inside `EXEC`).
    pub on_timeout: Reply,
    /// Filled in by dispatch: the command to retry and its arguments.
    pub index: usize,
    pub args: Vec<Box<[u8]>>,
}

/// Parses a blocking command's timeout in seconds (fractions allowed; 0 =
/// forever) with redis-server's errors.
pub fn timeout(arg: &[u8]) -> Result<Option<Duration>, Reply> {
    let secs = std::str::from_utf8(arg)
        .ok()
        .filter(|s| !s.is_empty() && !s.starts_with(char::is_whitespace))
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|v| !v.is_nan())
        .ok_or_else(|| Reply::error("ERR timeout is not a float or out of range"))?;
    // redis-server truncates to whole milliseconds before checking the sign.
    let ms = (secs * 1000.0).trunc();
    if ms < 0.0 {
        return Err(Reply::error("ERR timeout is negative"));
    }
    if ms >= 1e15 {
        return Err(Reply::error("ERR timeout is out of range"));
    }
    Ok((ms > 0.0).then(|| Duration::from_millis(ms as u64)))
}

/// The reply of a handler that found nothing and must wait on `keys`.
pub fn block(
    ctx: &Ctx<'_>,
    keys: &[&[u8]],
    timeout: Option<Duration>,
    on_timeout: Reply,
) -> CmdResult {
    Ok(Reply::Block(Box::new(Blocked {
        db: ctx.s.db,
        keys: keys.iter().map(|k| Box::from(*k)).collect(),
        deadline: timeout.map(|t| tokio::time::Instant::now() + t),
        on_timeout,
        index: 0,
        args: Vec::new(),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_parse_as_redis_server_does() {
        assert_eq!(timeout(b"0"), Ok(None));
        assert_eq!(timeout(b"0.0001"), Ok(None));
        assert_eq!(timeout(b"-0.0001"), Ok(None));
        assert_eq!(timeout(b"1.5"), Ok(Some(Duration::from_millis(1500))));
        assert_eq!(timeout(b"-1"), Err(Reply::error("ERR timeout is negative")));
        assert_eq!(
            timeout(b"x"),
            Err(Reply::error("ERR timeout is not a float or out of range"))
        );
    }
}
