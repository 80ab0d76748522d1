//! `COMMAND [COUNT | LIST | INFO name... | DOCS name...]`: enough for
//! `redis-cli` (which asks for `COMMAND DOCS` at start) and client
//! libraries that read key positions.

use super::{COMMANDS, Ctx, Spec, flag, lookup};
use crate::resp::parse::{CmdResult, is, text};
use crate::resp::reply::Reply;

fn describe(spec: &Spec) -> Reply {
    let (first, last, step) = spec.keys;
    Reply::Array(vec![
        Reply::bulk_str(spec.name),
        Reply::Int(i64::from(spec.arity)),
        Reply::Set(
            flag::names(spec.flags)
                .into_iter()
                .map(|f| Reply::Simple(f.into()))
                .collect(),
        ),
        Reply::Int(i64::from(first)),
        Reply::Int(i64::from(last)),
        Reply::Int(i64::from(step)),
        Reply::Set(vec![]),
        Reply::Set(vec![]),
        Reply::Array(vec![]),
        Reply::Array(vec![]),
    ])
}

pub fn command(_: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let Some(sub) = args.get(1) else {
        return Ok(Reply::Array(COMMANDS.iter().map(describe).collect()));
    };
    if is(sub, "count") {
        Ok(Reply::Int(COMMANDS.len() as i64))
    } else if is(sub, "list") {
        Ok(Reply::Array(
            COMMANDS.iter().map(|s| Reply::bulk_str(s.name)).collect(),
        ))
    } else if is(sub, "info") {
        if args.len() == 2 {
            return Ok(Reply::Array(COMMANDS.iter().map(describe).collect()));
        }
        Ok(Reply::Array(
            args[2..]
                .iter()
                .map(|n| lookup(n).map_or(Reply::Nil, |(_, s)| describe(s)))
                .collect(),
        ))
    } else if is(sub, "docs") {
        // No documentation is served: clients fall back to their own.
        Ok(Reply::Map(vec![]))
    } else {
        Err(Reply::error(format!(
            "ERR unknown subcommand '{}'. Try COMMAND HELP.",
            text(sub)
        )))
    }
}
