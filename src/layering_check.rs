//! The layering check (test only): every `crate::<module>` path in `src/`
//! must follow the table "Layers" in ARCHITECTURE.md. The table is read
//! from ARCHITECTURE.md itself, so the document and the check cannot drift.
//!
//! The table (under the heading "## Layers") has rows like
//! `| 3 | services | `auth`, `mail` | `backup` → `auth` |`: a layer number,
//! a name, its top-level modules, and the imports allowed inside the layer.
//! A module may import any module of a lower-numbered layer; inside its own
//! layer only the listed pairs; never a higher layer. Comments are skipped;
//! `use crate::{a, b::c}` groups count each name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Imports against the table that another change removes; each names why.
/// An entry no longer needed makes the check fail, so it is dropped at once.
const PENDING: &[(&str, &str, &str)] = &[];

/// The layering table: layer of each module, and the same-layer imports
/// allowed.
#[derive(Debug, Default)]
struct Table {
    layer: BTreeMap<String, u32>,
    same_layer: BTreeSet<(String, String)>,
}

/// The backticked names in a table cell.
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.trim().to_owned())
        .collect()
}

fn parse_table(doc: &str) -> Table {
    let mut table = Table::default();
    let mut in_section = false;
    for line in doc.lines() {
        if line.starts_with('#') {
            in_section = line.trim() == "## Layers";
            continue;
        }
        if !in_section {
            continue;
        }
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        if cells.len() < 4 {
            continue;
        }
        let Ok(n) = cells[0].trim().parse::<u32>() else {
            continue;
        };
        for m in ticked(cells[2]) {
            table.layer.insert(m, n);
        }
        // `a` → `b` pairs.
        let names = ticked(cells[3]);
        for pair in names.chunks(2) {
            if let [a, b] = pair {
                table.same_layer.insert((a.clone(), b.clone()));
            }
        }
    }
    table
}

/// The text of `line` before a `//` comment that is not inside a string.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut in_str = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b'/' if !in_str && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
        i += 1;
    }
    line
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The top-level modules named by `crate::` paths in `source`, with their
/// 1-based line numbers.
fn crate_refs(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    // A `crate::{ … }` group still open: its brace depth.
    let mut group: Option<u32> = None;
    for (i, raw) in source.lines().enumerate() {
        let line = strip_comment(raw);
        let lineno = i + 1;
        let bytes = line.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            if let Some(depth) = group.as_mut() {
                match bytes[pos] {
                    b'{' => *depth += 1,
                    b'}' => {
                        *depth -= 1;
                        if *depth == 0 {
                            group = None;
                        }
                    }
                    b if is_ident(b) => {
                        let start = pos;
                        while pos < bytes.len() && is_ident(bytes[pos]) {
                            pos += 1;
                        }
                        let prev = line[..start].trim_end();
                        let first_in_path = !prev.ends_with("::") && !prev.ends_with(" as");
                        if *depth == 1 && first_in_path && &line[start..pos] != "self" {
                            out.push((lineno, line[start..pos].to_owned()));
                        }
                        continue;
                    }
                    _ => {}
                }
                pos += 1;
                continue;
            }
            let Some(found) = line[pos..].find("crate::") else {
                break;
            };
            let at = pos + found;
            pos = at + "crate::".len();
            if at > 0 && (is_ident(bytes[at - 1]) || bytes[at - 1] == b'$') {
                continue;
            }
            if bytes.get(pos) == Some(&b'{') {
                group = Some(1);
                pos += 1;
                continue;
            }
            let start = pos;
            while pos < bytes.len() && is_ident(bytes[pos]) {
                pos += 1;
            }
            if pos > start {
                out.push((lineno, line[start..pos].to_owned()));
            }
        }
    }
    out
}

/// The top-level module a file under `src/` belongs to (`None` for the
/// crate roots).
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    match name {
        "lib" | "main" => None,
        _ => Some(name.to_owned()),
    }
}

/// Why `from` may not import `to`, or `None` when it may.
fn verdict(table: &Table, from: &str, to: &str) -> Option<String> {
    if from == to {
        return None;
    }
    let (Some(&lf), Some(&lt)) = (table.layer.get(from), table.layer.get(to)) else {
        return Some(format!(
            "`{}` is not in ARCHITECTURE.md's layering table",
            if table.layer.contains_key(from) {
                to
            } else {
                from
            }
        ));
    };
    if lt < lf || table.same_layer.contains(&(from.to_owned(), to.to_owned())) {
        return None;
    }
    Some(if lt == lf {
        format!(
            "`{from}` and `{to}` are both in layer {lf}, and `{from}` → `{to}` is not an allowed same-layer import"
        )
    } else {
        format!(
            "`{from}` (layer {lf}) must not import `{to}` (layer {lt}): dependencies run downwards only"
        )
    })
}

/// Every violation in `files` (path relative to `src/`, contents).
fn violations(
    table: &Table,
    files: &[(PathBuf, String)],
    pending: &[(&str, &str, &str)],
) -> Vec<String> {
    let mut out = Vec::new();
    let mut used = BTreeSet::new();
    for (rel, text) in files {
        let Some(from) = module_of(rel) else { continue };
        if !table.layer.contains_key(&from) {
            out.push(format!(
                "src/{}: module `{from}` is not in ARCHITECTURE.md's layering table",
                rel.display()
            ));
            continue;
        }
        for (line, to) in crate_refs(text) {
            let Some(why) = verdict(table, &from, &to) else {
                continue;
            };
            if let Some(p) = pending.iter().find(|p| p.0 == from && p.1 == to) {
                used.insert((p.0, p.1));
                continue;
            }
            out.push(format!(
                "src/{}:{line}: `crate::{to}`: {why}",
                rel.display()
            ));
        }
    }
    for p in pending {
        if !used.contains(&(p.0, p.1)) {
            out.push(format!(
                "layering_check::PENDING lists `{}` → `{}` ({}), which no file imports any more: remove the entry",
                p.0, p.1, p.2
            ));
        }
    }
    out
}

fn read_tree(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).expect("under src").to_path_buf();
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            out.push((rel, text));
        }
    }
}

#[test]
fn layering_imports_follow_the_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let table = parse_table(&doc);
    assert!(
        table.layer.len() > 10,
        "ARCHITECTURE.md has no layering table under \"## Layers\""
    );
    let mut files = Vec::new();
    read_tree(&root.join("src"), &root.join("src"), &mut files);
    // This file quotes bad imports in its tests.
    files.retain(|(rel, _)| rel != Path::new("layering_check.rs"));
    let found = violations(&table, &files, PENDING);
    assert!(
        found.is_empty(),
        "imports against the layering table (ARCHITECTURE.md, \"## Layers\"):\n{}",
        found.join("\n")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
## Code map

| 5 | before | `before` | |

## Layers

| # | layer | modules | allowed inside the layer |
|---|---|---|---|
| 0 | root | `config` | |
| 1 | leaves | `privacy`, `metrics` | |
| 2 | stores | `cache`, `db` | `db` → `cache` |
| 3 | front | `edge` | |

### Next
| 9 | not a layer | `ignored` | |
";

    #[test]
    fn layering_table_is_parsed() {
        let t = parse_table(DOC);
        assert_eq!(t.layer.get("config"), Some(&0));
        assert_eq!(t.layer.get("metrics"), Some(&1));
        assert_eq!(t.layer.get("db"), Some(&2));
        assert_eq!(t.layer.get("ignored"), None);
        assert_eq!(t.layer.get("before"), None);
        assert!(t.same_layer.contains(&("db".into(), "cache".into())));
        assert_eq!(t.same_layer.len(), 1);
    }

    #[test]
    fn layering_crate_paths_are_found() {
        let src = r#"use crate::db::Db;
use crate::{cache::Store, metrics::{self, Metrics},
    privacy::MaskedIp};
    let x = crate::edge::json(); // crate::app in a comment
/// docs name crate::app too
let s = "a // b"; let y = crate::config::X;
macro_rules! m { () => { $crate::nothing } }
let z = my_crate::other;
"#;
        let refs = crate_refs(src);
        assert_eq!(
            refs,
            vec![
                (1, "db".to_owned()),
                (2, "cache".to_owned()),
                (2, "metrics".to_owned()),
                (3, "privacy".to_owned()),
                (4, "edge".to_owned()),
                (6, "config".to_owned()),
            ]
        );
    }

    #[test]
    fn layering_violations_name_file_line_and_rule() {
        let t = parse_table(DOC);
        let files = vec![
            (
                PathBuf::from("db/mod.rs"),
                "use crate::cache::Store;\nuse crate::config::X;\n".to_owned(),
            ),
            (
                PathBuf::from("cache/mod.rs"),
                "\nuse crate::db::Db;\n".to_owned(),
            ),
            (
                PathBuf::from("metrics.rs"),
                "fn f() { crate::edge::x() }\n".to_owned(),
            ),
            (
                PathBuf::from("edge/a.rs"),
                "use crate::app::App;\n".to_owned(),
            ),
            (PathBuf::from("lib.rs"), "use crate::app::App;\n".to_owned()),
        ];
        let found = violations(&t, &files, &[]);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found[0].starts_with(
                "src/cache/mod.rs:2: `crate::db`: `cache` and `db` are both in layer 2"
            ),
            "{}",
            found[0]
        );
        assert!(found[1].starts_with("src/metrics.rs:1: `crate::edge`: `metrics` (layer 1) must not import `edge` (layer 3)"), "{}", found[1]);
        assert!(
            found[2].contains("`app` is not in ARCHITECTURE.md's layering table"),
            "{}",
            found[2]
        );
        // A pending exception hides its import, and fails once unused.
        let pending = [("metrics", "edge", "moves"), ("cache", "edge", "gone")];
        let found = violations(&t, &files, &pending);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[2].contains("`cache` → `edge` (gone)"), "{}", found[2]);
    }
}
