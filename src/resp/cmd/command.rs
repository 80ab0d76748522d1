//! `COMMAND [COUNT | LIST [FILTERBY …] | INFO name… | DOCS name… |
//! GETKEYS cmd… | GETKEYSANDFLAGS cmd…]`. The metadata is table-driven:
//! one [`Meta`] row per command in `meta.rs`, printed as redis-server 7.0
//! prints it; key positions come from the rows' key specs, as there.

use super::docs::DOCS;
use super::meta::META;
use super::{COMMANDS, Ctx, Spec, flag};
use crate::cache::glob::glob_match;
use crate::resp::parse::{CmdResult, SYNTAX, is, text, wrong_args};
use crate::resp::reply::Reply;

/// One command's (or subcommand's) `COMMAND INFO` entry.
pub(crate) struct Meta {
    pub name: &'static str,
    pub arity: i32,
    pub flags: &'static [&'static str],
    /// Legacy (first, last, step).
    pub keys: (i32, i32, i32),
    pub acl: &'static [&'static str],
    pub tips: &'static [&'static str],
    pub specs: &'static [KeySpec],
    pub subs: &'static [Meta],
}

/// A redis 7.0 key spec; every one of ours begins at an index.
pub(crate) struct KeySpec {
    /// Empty when redis-server gives none.
    pub notes: &'static str,
    pub flags: &'static [&'static str],
    pub index: i32,
    pub find: Find,
}

pub(crate) enum Find {
    Range {
        lastkey: i32,
        keystep: i32,
        limit: i32,
    },
    KeyNum {
        keynumidx: i32,
        firstkey: i32,
        keystep: i32,
    },
}

/// A `COMMAND DOCS` value, as redis-server's reply types.
pub(crate) enum Doc {
    Simple(&'static str),
    Bulk(&'static str),
    Int(i64),
    Array(&'static [Doc]),
    Set(&'static [Doc]),
    Map(&'static [(Doc, Doc)]),
}

impl Doc {
    fn reply(&self) -> Reply {
        match self {
            Doc::Simple(s) => Reply::Simple((*s).into()),
            Doc::Bulk(s) => Reply::bulk_str(s),
            Doc::Int(n) => Reply::Int(*n),
            Doc::Array(a) => Reply::Array(a.iter().map(Doc::reply).collect()),
            Doc::Set(a) => Reply::Set(a.iter().map(Doc::reply).collect()),
            Doc::Map(m) => Reply::Map(m.iter().map(|(k, v)| (k.reply(), v.reply())).collect()),
        }
    }
}

/// `name` or `name|sub`: its canonical name and documentation.
fn docs_of(name: &[u8]) -> Option<(&'static str, &'static Doc)> {
    let (base, sub) = match name.iter().position(|&b| b == b'|') {
        None => (name, None),
        Some(bar) => (&name[..bar], Some(name)),
    };
    let (n, doc) = DOCS
        .iter()
        .find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(base))?;
    let Some(sub) = sub else {
        return Some((n, doc));
    };
    let Doc::Map(fields) = doc else { return None };
    let (_, subs) = fields
        .iter()
        .find(|(k, _)| matches!(k, Doc::Bulk("subcommands")))?;
    let Doc::Map(subs) = subs else { return None };
    subs.iter().find_map(|(k, v)| match k {
        Doc::Bulk(k) if k.as_bytes().eq_ignore_ascii_case(sub) => Some((*k, v)),
        _ => None,
    })
}

fn docs(names: &[&[u8]]) -> Reply {
    let entries: Vec<(&'static str, &'static Doc)> = if names.is_empty() {
        DOCS.iter().map(|(n, d)| (*n, d)).collect()
    } else {
        names.iter().filter_map(|n| docs_of(n)).collect()
    };
    Reply::Map(
        entries
            .into_iter()
            .map(|(n, d)| (Reply::bulk_str(n), d.reply()))
            .collect(),
    )
}

fn simple_set(items: &[&'static str]) -> Reply {
    Reply::Set(items.iter().map(|f| Reply::Simple((*f).into())).collect())
}

fn pair(k: &'static str, v: Reply) -> (Reply, Reply) {
    (Reply::bulk_str(k), v)
}

fn key_spec(k: &KeySpec) -> Reply {
    let find = match k.find {
        Find::Range {
            lastkey,
            keystep,
            limit,
        } => vec![
            pair("type", Reply::bulk_str("range")),
            pair(
                "spec",
                Reply::Map(vec![
                    pair("lastkey", Reply::Int(i64::from(lastkey))),
                    pair("keystep", Reply::Int(i64::from(keystep))),
                    pair("limit", Reply::Int(i64::from(limit))),
                ]),
            ),
        ],
        Find::KeyNum {
            keynumidx,
            firstkey,
            keystep,
        } => vec![
            pair("type", Reply::bulk_str("keynum")),
            pair(
                "spec",
                Reply::Map(vec![
                    pair("keynumidx", Reply::Int(i64::from(keynumidx))),
                    pair("firstkey", Reply::Int(i64::from(firstkey))),
                    pair("keystep", Reply::Int(i64::from(keystep))),
                ]),
            ),
        ],
    };
    let notes = (!k.notes.is_empty()).then(|| pair("notes", Reply::bulk_str(k.notes)));
    Reply::Map(
        notes
            .into_iter()
            .chain([
                pair("flags", simple_set(k.flags)),
                pair(
                    "begin_search",
                    Reply::Map(vec![
                        pair("type", Reply::bulk_str("index")),
                        pair(
                            "spec",
                            Reply::Map(vec![pair("index", Reply::Int(i64::from(k.index)))]),
                        ),
                    ]),
                ),
                pair("find_keys", Reply::Map(find)),
            ])
            .collect(),
    )
}

fn describe(m: &Meta) -> Reply {
    let (first, last, step) = m.keys;
    Reply::Array(vec![
        Reply::bulk_str(m.name),
        Reply::Int(i64::from(m.arity)),
        simple_set(m.flags),
        Reply::Int(i64::from(first)),
        Reply::Int(i64::from(last)),
        Reply::Int(i64::from(step)),
        simple_set(m.acl),
        Reply::Set(m.tips.iter().map(|t| Reply::bulk_str(t)).collect()),
        Reply::Set(m.specs.iter().map(key_spec).collect()),
        // redis-server's quirk: an empty set, or an array of entries.
        if m.subs.is_empty() {
            Reply::Set(vec![])
        } else {
            Reply::Array(m.subs.iter().map(describe).collect())
        },
    ])
}

/// A command with no row in `meta.rs` yet: what its dispatch entry knows.
fn describe_spec(spec: &Spec) -> Reply {
    let (first, last, step) = spec.keys;
    Reply::Array(vec![
        Reply::bulk_str(spec.name),
        Reply::Int(i64::from(spec.arity)),
        simple_set(&flag::names(spec.flags)),
        Reply::Int(i64::from(first)),
        Reply::Int(i64::from(last)),
        Reply::Int(i64::from(step)),
        Reply::Set(vec![]),
        Reply::Set(vec![]),
        Reply::Set(vec![]),
        Reply::Set(vec![]),
    ])
}

fn describe_name(name: &[u8]) -> Reply {
    match by_full_name(name) {
        Some(m) => describe(m),
        None => super::lookup(name).map_or(Reply::Nil, |(_, s)| describe_spec(s)),
    }
}

/// Every implemented command, described.
fn describe_all() -> Reply {
    Reply::Array(
        COMMANDS
            .iter()
            .map(|s| describe_name(s.name.as_bytes()))
            .collect(),
    )
}

/// A top-level command's row, case-insensitively.
pub(crate) fn meta(name: &[u8]) -> Option<&'static Meta> {
    META.iter()
        .find(|m| m.name.as_bytes().eq_ignore_ascii_case(name))
}

/// `name` or `name|sub`, as `COMMAND INFO` and `COMMAND DOCS` take them.
fn by_full_name(name: &[u8]) -> Option<&'static Meta> {
    match name.iter().position(|&b| b == b'|') {
        None => meta(name),
        Some(bar) => meta(&name[..bar])?
            .subs
            .iter()
            .find(|s| s.name.as_bytes().eq_ignore_ascii_case(name)),
    }
}

/// Redis's `lookupCommand`: a container's subcommand when one is given.
fn lookup_argv(argv: &[&[u8]]) -> Option<&'static Meta> {
    let base = meta(argv.first()?)?;
    if argv.len() == 1 || base.subs.is_empty() {
        return Some(base);
    }
    let sub = argv[1];
    base.subs.iter().find(|s| {
        s.name
            .split_once('|')
            .is_some_and(|(_, n)| n.as_bytes().eq_ignore_ascii_case(sub))
    })
}

/// A key's argument index and its key-spec flags.
type KeyRef = (usize, &'static [&'static str]);

/// redis 7.0's `getKeysUsingKeySpecs`: `None` when a spec does not fit
/// the arguments (a syntax error the command itself would report).
fn keys_by_specs(m: &Meta, argv: &[&[u8]]) -> Option<Vec<KeyRef>> {
    let argc = argv.len() as i64;
    let mut out = Vec::new();
    for spec in m.specs {
        let first = i64::from(spec.index);
        let (first, last, step) = match spec.find {
            Find::Range {
                lastkey,
                keystep,
                limit,
            } => {
                let lastkey = i64::from(lastkey);
                let last = if lastkey >= 0 {
                    first + lastkey
                } else if limit == 0 {
                    argc + lastkey
                } else {
                    first + ((argc - first) / i64::from(limit) + lastkey)
                };
                (first, last, i64::from(keystep))
            }
            Find::KeyNum {
                keynumidx,
                firstkey,
                keystep,
            } => {
                let at = first + i64::from(keynumidx);
                let raw = argv.get(usize::try_from(at).ok()?)?;
                let numkeys: i64 = std::str::from_utf8(raw).ok()?.parse().ok()?;
                if numkeys < 0 || raw.starts_with(b"+") {
                    return None;
                }
                let first = first + i64::from(firstkey);
                (first, first + numkeys - 1, i64::from(keystep))
            }
        };
        if last >= argc || last < first || first >= argc || step < 1 {
            return None;
        }
        let mut i = first;
        while i <= last {
            out.push((i as usize, spec.flags));
            i += step;
        }
    }
    Some(out)
}

/// C's `atoi`: leading digits, 0 when there are none.
fn atoi(raw: &[u8]) -> i64 {
    let s = std::str::from_utf8(raw).unwrap_or("").trim_start();
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let n = digits
        .bytes()
        .take_while(u8::is_ascii_digit)
        .fold(0i64, |n, d| {
            n.saturating_mul(10).saturating_add(i64::from(d - b'0'))
        });
    if neg { -n } else { n }
}

const NO_FLAGS: &[&str] = &[];

/// redis 7.0's native getkeys procedures, for the commands that have one
/// (used when the key specs do not fit, or their flags vary).
fn keys_native(m: &Meta, argv: &[&[u8]]) -> Vec<KeyRef> {
    // genericGetKeys(store, count, first, step=1).
    let generic = |store: usize, count: usize, first: usize| {
        let num = argv.get(count).map_or(0, |a| atoi(a));
        let room = argv.len().saturating_sub(first) as i64;
        if num < 1 || num > room {
            return Vec::new();
        }
        let mut keys: Vec<KeyRef> = (0..num as usize).map(|i| (first + i, NO_FLAGS)).collect();
        if store > 0 {
            keys.push((store, NO_FLAGS));
        }
        keys
    };
    match m.name {
        "set" => {
            let get = argv.iter().skip(3).any(|a| is(a, "get"));
            let flags: &'static [&'static str] = if get {
                &["RW", "access", "update"]
            } else {
                &["OW", "update"]
            };
            vec![(1, flags)]
        }
        // bitfieldGetKeys: read-only while every operation is a GET (or an
        // OVERFLOW) with its arguments; anything else, a syntax error
        // included, counts as a write.
        "bitfield" => {
            let mut readonly = true;
            let mut i = 2;
            while i < argv.len() {
                let rest = argv.len() - i - 1;
                let arg = argv[i];
                if is(arg, "get") && rest >= 2 {
                    i += 3;
                } else if is(arg, "overflow") && rest >= 1 {
                    i += 2;
                } else {
                    readonly = false;
                    break;
                }
            }
            let flags: &'static [&'static str] = if readonly {
                &["RO", "access"]
            } else {
                &["RW", "access", "update"]
            };
            vec![(1, flags)]
        }
        "zunion" | "zinter" | "zdiff" | "sintercard" | "zintercard" | "lmpop" | "zmpop" => {
            generic(0, 1, 2)
        }
        "zunionstore" | "zinterstore" | "zdiffstore" => generic(1, 2, 3),
        "blmpop" | "bzmpop" => generic(0, 2, 3),
        _ => Vec::new(),
    }
}

fn has_native(m: &Meta) -> bool {
    m.flags.contains(&"movablekeys") || matches!(m.name, "set" | "bitfield")
}

/// The keys of a command, as `COMMAND GETKEYS` finds them.
fn get_keys(m: &Meta, argv: &[&[u8]]) -> Vec<KeyRef> {
    let varflags = m.specs.iter().any(|s| s.flags.contains(&"variable_flags"));
    if !(varflags && has_native(m))
        && let Some(keys) = keys_by_specs(m, argv)
    {
        return keys;
    }
    if has_native(m) {
        keys_native(m, argv)
    } else {
        Vec::new()
    }
}

fn getkeys(argv: &[&[u8]], with_flags: bool) -> CmdResult {
    let Some(m) = lookup_argv(argv) else {
        return Err(Reply::error("ERR Invalid command specified"));
    };
    if m.specs.is_empty() {
        return Err(Reply::error("ERR The command has no key arguments"));
    }
    let argc = argv.len() as i64;
    let arity = i64::from(m.arity);
    if (arity > 0 && arity != argc) || argc < -arity {
        return Err(Reply::error(
            "ERR Invalid number of arguments specified for command",
        ));
    }
    let keys = get_keys(m, argv);
    if keys.is_empty() {
        return Err(Reply::error("ERR Invalid arguments specified for command"));
    }
    Ok(Reply::Array(
        keys.into_iter()
            .map(|(i, flags)| {
                let key = Reply::Bulk(bytes::Bytes::copy_from_slice(argv[i]));
                if with_flags {
                    Reply::Array(vec![key, simple_set(flags)])
                } else {
                    key
                }
            })
            .collect(),
    ))
}

/// Every command and subcommand name, as `COMMAND LIST` prints them.
fn all_names() -> impl Iterator<Item = &'static Meta> {
    META.iter()
        .flat_map(|m| std::iter::once(m).chain(m.subs.iter()))
}

fn list(args: &[&[u8]]) -> CmdResult {
    let names = |keep: &dyn Fn(&Meta) -> bool| {
        Reply::Array(
            all_names()
                .filter(|m| keep(m))
                .map(|m| Reply::bulk_str(m.name))
                .collect(),
        )
    };
    match args.len() {
        2 => Ok(names(&|_| true)),
        5 if is(args[2], "filterby") => {
            let value = args[4];
            if is(args[3], "module") {
                Ok(Reply::Array(vec![]))
            } else if is(args[3], "aclcat") {
                Ok(names(&|m| {
                    m.acl
                        .iter()
                        .any(|c| c.as_bytes()[1..].eq_ignore_ascii_case(value))
                }))
            } else if is(args[3], "pattern") {
                let pattern = value.to_ascii_lowercase();
                Ok(names(&|m| glob_match(&pattern, m.name.as_bytes())))
            } else {
                Err(Reply::error(SYNTAX))
            }
        }
        _ => Err(Reply::error(SYNTAX)),
    }
}

pub fn command(_: &mut Ctx<'_>, args: &[&[u8]]) -> CmdResult {
    let Some(sub) = args.get(1) else {
        return Ok(describe_all());
    };
    if is(sub, "count") {
        if args.len() != 2 {
            return Err(wrong_args("command|count"));
        }
        Ok(Reply::Int(COMMANDS.len() as i64))
    } else if is(sub, "list") {
        list(args)
    } else if is(sub, "info") {
        if args.len() == 2 {
            return Ok(describe_all());
        }
        Ok(Reply::Array(
            args[2..].iter().map(|n| describe_name(n)).collect(),
        ))
    } else if is(sub, "getkeys") || is(sub, "getkeysandflags") {
        if args.len() < 4 {
            return Err(wrong_args(if is(sub, "getkeys") {
                "command|getkeys"
            } else {
                "command|getkeysandflags"
            }));
        }
        getkeys(&args[2..], is(sub, "getkeysandflags"))
    } else if is(sub, "docs") {
        Ok(docs(&args[2..]))
    } else {
        Err(Reply::error(format!(
            "ERR unknown subcommand '{}'. Try COMMAND HELP.",
            text(sub)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every dispatched command has its `COMMAND INFO` row, with the same
    /// arity, and every row is a dispatched command.
    #[test]
    fn every_command_has_a_metadata_row() {
        for spec in COMMANDS {
            let m =
                meta(spec.name.as_bytes()).unwrap_or_else(|| panic!("no row for {}", spec.name));
            assert_eq!(m.arity, spec.arity, "{}", spec.name);
        }
        for m in META {
            assert!(
                super::super::lookup(m.name.as_bytes()).is_some(),
                "{}",
                m.name
            );
        }
        assert_eq!(META.len(), COMMANDS.len());
        for m in META {
            assert!(
                docs_of(m.name.as_bytes()).is_some(),
                "no docs for {}",
                m.name
            );
        }
    }
}
