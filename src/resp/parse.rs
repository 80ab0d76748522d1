//! Argument helpers shared by the command handlers (mini-redis's `Parse`).

use super::reply::Reply;
use crate::cache::{parse_f64, parse_i64};

pub const SYNTAX: &str = "ERR syntax error";
pub const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
pub const NOT_FLOAT: &str = "ERR value is not a valid float";

/// Handler result: an error is already the reply to send.
pub type CmdResult = Result<Reply, Reply>;

pub fn is(arg: &[u8], word: &str) -> bool {
    arg.eq_ignore_ascii_case(word.as_bytes())
}

pub fn int(arg: &[u8]) -> Result<i64, Reply> {
    parse_i64(arg).ok_or(Reply::error(NOT_INTEGER))
}

pub fn float(arg: &[u8]) -> Result<f64, Reply> {
    parse_f64(arg).ok_or(Reply::error(NOT_FLOAT))
}

pub fn wrong_args(name: &str) -> Reply {
    Reply::error(format!(
        "ERR wrong number of arguments for '{name}' command"
    ))
}

pub fn text(arg: &[u8]) -> String {
    String::from_utf8_lossy(arg).into_owned()
}

/// A cursor over a command's arguments, for option parsing.
pub struct Args<'a> {
    items: &'a [&'a [u8]],
    pos: usize,
}

impl<'a> Args<'a> {
    /// Starts after the first `skip` items (the command name and fixed
    /// arguments).
    pub fn new(items: &'a [&'a [u8]], skip: usize) -> Self {
        Args { items, pos: skip }
    }
    pub fn next(&mut self) -> Option<&'a [u8]> {
        let item = self.items.get(self.pos)?;
        self.pos += 1;
        Some(item)
    }
    /// The value after an option word; a syntax error if missing.
    pub fn value(&mut self) -> Result<&'a [u8], Reply> {
        self.next().ok_or(Reply::error(SYNTAX))
    }
    pub fn int(&mut self) -> Result<i64, Reply> {
        int(self.value()?)
    }
}
