//! Keeps `patches/async-web-client` (rustls-acme's HTTP client with a
//! resolver hook, see [`super::resolve`]) honest: its documentation carries
//! the exact diff against the published crate, `Cargo.lock` links it, and an
//! upgrade of rustls-acme fails here until someone has looked whether the new
//! version lets the caller supply the HTTP client or resolver (which would
//! make the patch unnecessary). Read from the source tree, no network.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn patch_dir() -> PathBuf {
    root().join("patches/async-web-client")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn doc() -> String {
    read(&patch_dir().join("CHLOROMASTER-PATCH.md"))
}

/// The body of the first fenced block of `lang` in `doc`.
fn fenced<'a>(doc: &'a str, lang: &str) -> &'a str {
    let open = format!("```{lang}\n");
    let start = doc.find(&open).expect("fenced block") + open.len();
    let len = doc[start..].find("\n```").expect("closing fence") + 1;
    &doc[start..start + len]
}

/// One file's part of a unified diff: `(old path, new path, hunks)`, each
/// hunk as its old-side and new-side text.
struct FileDiff {
    old: String,
    new: String,
    hunks: Vec<(String, String)>,
}

fn parse_diff(diff: &str) -> Vec<FileDiff> {
    let mut files: Vec<FileDiff> = Vec::new();
    let mut lines = diff.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(old) = line.strip_prefix("--- ") {
            let new = lines
                .next()
                .and_then(|l| l.strip_prefix("+++ "))
                .expect("+++ after ---");
            files.push(FileDiff {
                old: old.to_owned(),
                new: new.to_owned(),
                hunks: Vec::new(),
            });
        } else if line.starts_with("@@ ") {
            let file = files.last_mut().expect("hunk inside a file");
            let (mut old, mut new) = (String::new(), String::new());
            while let Some(l) = lines.next_if(|l| !l.starts_with("@@ ") && !l.starts_with("--- ")) {
                let (tag, text) = l.split_at(1.min(l.len()));
                match tag {
                    " " | "" => {
                        old.extend([text, "\n"]);
                        new.extend([text, "\n"]);
                    }
                    "-" => old.extend([text, "\n"]),
                    "+" => new.extend([text, "\n"]),
                    _ => panic!("not a diff line: {l:?}"),
                }
            }
            file.hunks.push((old, new));
        } else {
            assert!(line.starts_with("diff ") || line.is_empty(), "{line:?}");
        }
    }
    files
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file here is upstream's plus the documented diff, and nothing else
/// is here but this documentation and the licence text.
#[test]
fn vendored_patch_doc_has_the_exact_diff_against_upstream() {
    let doc = doc();
    let diff = parse_diff(fenced(&doc, "diff"));
    assert!(!diff.is_empty(), "the diff block is empty");
    let in_patch = |p: &str| {
        p.strip_prefix("patches/async-web-client/")
            .unwrap_or_else(|| panic!("{p}: not a path under patches/async-web-client/"))
            .to_owned()
    };
    let mut expected: BTreeSet<String> = ["CHLOROMASTER-PATCH.md", "LICENSE-MIT"]
        .map(str::to_owned)
        .into();
    for line in fenced(&doc, "text").lines() {
        let (sum, path) = line.split_once("  ").expect("`sha256  path` lines");
        let mut text = read(&patch_dir().join(path));
        for file in diff.iter().filter(|f| in_patch(&f.new) == path) {
            for (old, new) in &file.hunks {
                assert_eq!(text.matches(new.as_str()).count(), 1, "{path}: hunk\n{new}");
                text = text.replacen(new.as_str(), old, 1);
            }
        }
        assert_eq!(
            sha256_hex(text.as_bytes()),
            sum,
            "{path} minus the documented diff is not the published file"
        );
        expected.insert(path.to_owned());
    }
    for file in diff.iter().filter(|f| f.old == "/dev/null") {
        let path = in_patch(&file.new);
        let added: String = file.hunks.iter().map(|(_, new)| new.as_str()).collect();
        assert_eq!(read(&patch_dir().join(&path)), added, "{path}");
        expected.insert(path);
    }
    let mut present = BTreeSet::new();
    let mut dirs = vec![patch_dir()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path.strip_prefix(patch_dir()).expect("under the patch");
                present.insert(rel.to_string_lossy().into_owned());
            }
        }
    }
    assert_eq!(present, expected, "files in patches/async-web-client");
}

/// `[[package]]` fields of `name` in Cargo.lock: `(version, source)`.
fn locked(lock: &str, name: &str) -> Vec<(String, Option<String>)> {
    lock.split("[[package]]")
        .filter(|p| p.lines().any(|l| l == format!("name = \"{name}\"")))
        .map(|p| {
            let field = |key: &str| {
                p.lines()
                    .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
                    .map(|v| v.trim_end_matches('"').to_owned())
            };
            (field("version").expect("version"), field("source"))
        })
        .collect()
}

/// Fails on an upgrade that leaves the patch unused, and on any rustls-acme
/// upgrade, until someone has checked whether the patch is still needed.
#[test]
fn vendored_patch_is_linked_and_rustls_acme_is_the_version_checked() {
    let lock = read(&root().join("Cargo.lock"));
    let manifest = read(&patch_dir().join("Cargo.toml"));
    let version = manifest
        .lines()
        .skip_while(|l| *l != "[package]")
        .find_map(|l| l.strip_prefix("version = \""))
        .map(|v| v.trim_end_matches('"'))
        .expect("version in the vendored Cargo.toml");
    assert_eq!(
        locked(&lock, "async-web-client"),
        [(version.to_owned(), None)],
        "Cargo.lock must link the vendored async-web-client {version} (no registry copy): \
         an upgraded rustls-acme needs another version — see \
         patches/async-web-client/CHLOROMASTER-PATCH.md"
    );
    assert!(
        !lock.contains("[[patch.unused]]"),
        "Cargo.lock lists an unused patch"
    );
    let checked = doc()
        .lines()
        .find_map(|l| l.strip_prefix("Checked against: rustls-acme "))
        .expect("`Checked against: rustls-acme X` in CHLOROMASTER-PATCH.md")
        .trim()
        .to_owned();
    let acme: Vec<String> = locked(&lock, "rustls-acme")
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert_eq!(
        acme,
        [checked],
        "rustls-acme changed: check whether it now lets the caller supply the HTTP client, \
         a connector or a resolver; if so drop patches/async-web-client, else re-apply it and \
         update CHLOROMASTER-PATCH.md (see its \"Keeping it honest\")"
    );
}
