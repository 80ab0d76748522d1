//! The systemd unit, the Debian packaging and the release artefacts, checked
//! with the real tools (systemd-analyze, lintian, dpkg-deb, file, readelf).
//!
//! Two groups:
//! - tests on the sources (`systemd/`, `packaging/`): cheap, always run;
//! - `dist_*` tests on what `cargo xtask dist` built into `target/dist/`
//!   (or `$DIST_DIR`). A release LTO build takes minutes, so they are
//!   `#[ignore]`d in a plain `cargo test` and `cargo xtask dist` runs them
//!   right after it has built the artefacts, once.
//!
//! Debian packages: systemd (systemd-analyze), procps (/bin/kill) and man-db
//! for the source tests; lintian, file and binutils (readelf) as well for the
//! artefact tests, and strace for the one that watches the static binary
//! resolve a name without glibc's NSS (dpkg-deb, tar, md5sum and sha256sum
//! are essential).
//! `xtask/src/deps.rs` installs them.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chloromaster::config::{Config, VARIABLES};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn unit_path() -> PathBuf {
    root().join("systemd/chloromaster.service")
}

fn packaging(name: &str) -> PathBuf {
    root().join("packaging").join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Runs a command and returns its output; panics with a useful message if it
/// cannot be started (usually: the Debian package is not installed).
fn run(cmd: &mut Command) -> Output {
    let shown = format!("{cmd:?}");
    cmd.stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {shown}: {e} (is its Debian package installed?)"))
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

// ---------------------------------------------------------------- the unit

/// `[Section]` → key → every value given (keys like LoadCredential= repeat).
type Unit = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn parse_unit(source: &str) -> Unit {
    let mut unit = Unit::new();
    let mut section = String::new();
    for line in source.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_owned();
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("unit line without '=': {line}"));
        unit.entry(section.clone())
            .or_default()
            .entry(key.trim().to_owned())
            .or_default()
            .push(value.trim().to_owned());
    }
    unit
}

fn service() -> BTreeMap<String, Vec<String>> {
    parse_unit(&read(&unit_path()))
        .remove("Service")
        .expect("a [Service] section")
}

/// The single value of a key (the last one wins in systemd for scalars).
fn one<'a>(service: &'a BTreeMap<String, Vec<String>>, key: &str) -> &'a str {
    service
        .get(key)
        .and_then(|v| v.last())
        .map(String::as_str)
        .unwrap_or_else(|| panic!("chloromaster.service has no {key}="))
}

/// systemd sizes: K, M, G, T are powers of 1024.
fn systemd_bytes(v: &str) -> u64 {
    let (digits, unit) = v.split_at(v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len()));
    let n: u64 = digits.parse().unwrap_or_else(|_| panic!("size {v:?}"));
    n * match unit {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        "T" => 1 << 40,
        _ => panic!("size unit in {v:?}"),
    }
}

/// systemd time spans as used in the unit: `30s`, `2min`, `500ms`, or seconds.
fn systemd_duration(v: &str) -> Duration {
    let (digits, unit) = v.split_at(v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len()));
    let n: u64 = digits.parse().unwrap_or_else(|_| panic!("time span {v:?}"));
    match unit {
        "" | "s" | "sec" => Duration::from_secs(n),
        "ms" | "msec" => Duration::from_millis(n),
        "m" | "min" => Duration::from_secs(n * 60),
        "h" => Duration::from_secs(n * 3600),
        _ => panic!("time span unit in {v:?}"),
    }
}

#[test]
fn unit_exposure_is_at_most_1_5() {
    // systemd 252's --threshold= is on the internal 0–100 scale, ten times
    // the printed level: 15 means 1.5 ("--threshold=1.5" does not parse).
    let out = run(Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--threshold=15", "--no-pager"])
        .arg(unit_path()));
    let report = text(&out.stdout);
    assert!(
        out.status.success(),
        "exposure above 1.5:\n{report}{}",
        text(&out.stderr)
    );
    let level: f64 = report
        .lines()
        .find_map(|l| l.split_once("Overall exposure level for chloromaster.service:"))
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no overall exposure level in:\n{report}"));
    println!("systemd-analyze security: exposure {level}");
    assert!(level <= 1.5, "exposure {level} > 1.5\n{report}");
    // The parser warns about keys it ignores; a unit that "passes" only
    // because half of it was dropped would be no pass.
    assert!(
        out.stderr.is_empty(),
        "systemd-analyze security warned:\n{}",
        text(&out.stderr)
    );
}

#[test]
fn unit_verifies_clean_with_the_binary_at_its_exec_start_path() {
    // `systemd-analyze verify` exits 0 even for unknown keys, and checks
    // that ExecStart=/ExecReload= exist: so verify against a throwaway root
    // holding the unit, this crate's binary at /usr/bin/chloromaster,
    // /bin/kill, and the host's targets the unit refers to, and require
    // silence.
    let dir = tempfile::tempdir().expect("tempdir");
    let r = dir.path();
    let units = r.join("usr/lib/systemd/system");
    std::fs::create_dir_all(&units).expect("mkdir");
    std::fs::create_dir_all(r.join("usr/bin")).expect("mkdir");
    std::fs::create_dir_all(r.join("bin")).expect("mkdir");
    std::fs::copy(unit_path(), units.join("chloromaster.service")).expect("copy unit");
    std::fs::copy(
        env!("CARGO_BIN_EXE_chloromaster"),
        r.join("usr/bin/chloromaster"),
    )
    .expect("copy binary");
    std::fs::copy("/bin/kill", r.join("bin/kill")).expect("copy /bin/kill (procps)");
    let host_units = ["/usr/lib/systemd/system", "/lib/systemd/system"]
        .into_iter()
        .map(Path::new)
        .find(|p| p.join("multi-user.target").exists())
        .expect("the host's systemd units (is systemd installed?)");
    for entry in std::fs::read_dir(host_units).expect("read units") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "target") && path.is_file() {
            let name = path.file_name().expect("name");
            std::fs::copy(&path, units.join(name)).expect("copy target");
        }
    }
    let out = run(Command::new("systemd-analyze")
        .args(["verify", "--man=no", "--no-pager"])
        .arg(format!("--root={}", r.display()))
        .arg("chloromaster.service"));
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        out.status.success() && said.trim().is_empty(),
        "systemd-analyze verify is not clean:\n{said}"
    );
}

#[test]
fn unit_keeps_the_service_contract_and_the_old_limits() {
    let s = service();
    assert_eq!(one(&s, "Type"), "notify");
    assert_eq!(one(&s, "NotifyAccess"), "main");
    assert_eq!(one(&s, "ExecStart"), "/usr/bin/chloromaster");
    assert_eq!(one(&s, "ExecReload"), "/bin/kill -HUP $MAINPID");
    assert_eq!(one(&s, "Restart"), "on-failure");
    assert!(systemd_duration(one(&s, "RestartSec")) > Duration::ZERO);
    assert!(systemd_duration(one(&s, "WatchdogSec")) >= Duration::from_secs(2));

    // Stopping drains for CHLORO_SHUTDOWN_GRACE; systemd must wait longer.
    let defaults = Config::from_vars(Vec::<(String, String)>::new()).expect("defaults");
    let stop = systemd_duration(one(&s, "TimeoutStopSec"));
    assert!(
        stop >= defaults.http.shutdown_grace + Duration::from_secs(10),
        "TimeoutStopSec={stop:?} leaves too little beyond the {:?} drain",
        defaults.http.shutdown_grace
    );

    // The four containers' limits, added up.
    assert_eq!(one(&s, "CPUQuota"), "200%");
    let max = systemd_bytes(one(&s, "MemoryMax"));
    let high = systemd_bytes(one(&s, "MemoryHigh"));
    let low = systemd_bytes(one(&s, "MemoryLow"));
    assert_eq!(max, 2 << 30);
    assert_eq!(low, 1 << 30);
    assert!(
        low < high && high < max,
        "MemoryLow < MemoryHigh < MemoryMax"
    );
    // The appliance's own cache budget fits with room to spare.
    assert!(defaults.cache.max_memory * 4 <= high);
    assert!(one(&s, "TasksMax").parse::<u32>().expect("TasksMax") >= 600);
    assert!(
        one(&s, "LimitNOFILE")
            .parse::<usize>()
            .expect("LimitNOFILE")
            > defaults.http.max_connections + defaults.resp.max_clients
    );

    // Identity, files, secrets.
    assert_eq!(one(&s, "DynamicUser"), "yes");
    assert_eq!(one(&s, "StateDirectory"), "chloromaster");
    assert_eq!(one(&s, "StateDirectoryMode"), "0700");
    assert_eq!(one(&s, "EnvironmentFile"), "-/etc/default/chloromaster");
    let creds = s.get("LoadCredential").expect("LoadCredential=");
    for id in ["admin-password", "resp-password"] {
        let c = creds
            .iter()
            .find(|c| c.starts_with(&format!("{id}:")))
            .unwrap_or_else(|| panic!("no LoadCredential={id}:…"));
        // An absolute path that does not exist fails the start with
        // 243/CREDENTIALS; a credstore name is skipped when missing.
        assert!(
            !c[id.len() + 1..].starts_with('/'),
            "{c}: optional credentials must name a credstore entry, not a path"
        );
    }
    assert_eq!(one(&s, "CapabilityBoundingSet"), "CAP_NET_BIND_SERVICE");
    assert_eq!(one(&s, "AmbientCapabilities"), "CAP_NET_BIND_SERVICE");
    for (key, value) in [
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("PrivateTmp", "yes"),
        ("UMask", "0077"),
    ] {
        assert_eq!(one(&s, key), value, "{key}=");
    }

    let unit = parse_unit(&read(&unit_path()));
    assert_eq!(
        unit["Install"]["WantedBy"],
        vec!["multi-user.target".to_owned()]
    );
}

// ------------------------------------------------------- the env file

/// `NAME=value` lines of the env file: `(name, value, commented_out)`,
/// unquoted as systemd's EnvironmentFile= does for these simple cases.
fn env_assignments() -> Vec<(String, String, bool)> {
    read(&packaging("chloromaster.default"))
        .lines()
        .filter_map(|line| {
            let (commented, rest) = match line.strip_prefix('#') {
                Some(r) => (true, r),
                None => (false, line),
            };
            let (name, value) = rest.split_once('=')?;
            if !name.starts_with("CHLORO_") || name.contains(' ') {
                return None;
            }
            let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
                None => value.to_owned(),
            };
            Some((name.to_owned(), value, commented))
        })
        .collect()
}

/// The defaults as `chloromaster config` prints them under systemd.
fn printed_defaults() -> BTreeMap<String, String> {
    let config = Config::from_vars([("STATE_DIRECTORY", "/var/lib/chloromaster")])
        .expect("defaults are valid");
    config
        .to_string()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            let v = match v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
                None => v.to_owned(),
            };
            (k.to_owned(), v)
        })
        .collect()
}

#[test]
fn env_file_lists_every_variable_once_with_its_default() {
    let assignments = env_assignments();
    let defaults = printed_defaults();
    let mut seen = BTreeSet::new();
    for (name, value, commented) in &assignments {
        assert!(
            VARIABLES.iter().any(|v| v.name == name),
            "{name} in the env file is not a variable the appliance knows"
        );
        assert!(seen.insert(name.clone()), "{name} is listed twice");
        if *commented {
            let expected = defaults
                .get(name)
                .unwrap_or_else(|| panic!("`chloromaster config` does not print {name}"));
            assert_eq!(
                value, expected,
                "#{name}= in the env file is not the default"
            );
        }
    }
    for name in VARIABLES.iter().map(|v| v.name) {
        assert!(
            seen.contains(name),
            "{name} is missing from packaging/chloromaster.default"
        );
    }
}

#[test]
fn readme_configuration_table_lists_every_variable_once() {
    let readme = read(&root().join("README.md"));
    let mut listed = BTreeSet::new();
    // Rows of the table: `| `CHLORO_A` / `CHLORO_B` | default | meaning |`.
    for row in readme.lines().filter(|l| l.starts_with("| `CHLORO_")) {
        let first = row.split('|').nth(1).expect("a first column");
        for name in first.split('`').filter(|s| s.starts_with("CHLORO_")) {
            assert!(
                VARIABLES.iter().any(|v| v.name == name),
                "{name} in the README's table is not a variable the appliance knows"
            );
            assert!(listed.insert(name.to_owned()), "{name} is listed twice");
        }
    }
    for name in VARIABLES.iter().map(|v| v.name) {
        assert!(
            listed.contains(name),
            "{name} is missing from the README's configuration table"
        );
    }
}

#[test]
fn env_file_settings_are_a_valid_server_configuration() {
    let active: Vec<(String, String)> = env_assignments()
        .into_iter()
        .filter(|(_, _, commented)| !commented)
        .map(|(n, v, _)| (n, v))
        .collect();
    let mut vars = active.clone();
    vars.push(("STATE_DIRECTORY".into(), "/var/lib/chloromaster".into()));
    let config = Config::from_vars(vars).expect("the packaged settings are valid");
    // A server listens on the network, on the port the unit's capability is for.
    assert!(
        config.http.addr.ip().is_unspecified(),
        "{}",
        config.http.addr
    );
    assert!(config.http.addr.port() < 1024);
    assert_eq!(config.data_dir, PathBuf::from("/var/lib/chloromaster"));
    // Secrets never get a value in a world-readable file.
    assert!(active.iter().all(|(n, _)| !n.contains("PASSWORD")));
}

// ------------------------------------------------------- man, scripts, changelog

#[test]
fn man_page_documents_every_variable_and_renders_without_warnings() {
    let page = read(&packaging("chloromaster.8")).replace("\\-", "-");
    for name in VARIABLES.iter().map(|v| v.name) {
        assert!(
            page.contains(name),
            "chloromaster(8) does not mention {name}"
        );
    }
    let out = run(Command::new("man")
        .args(["--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z"])
        .arg(packaging("chloromaster.8"))
        .env("MANWIDTH", "80")
        .env("LC_ALL", "C.UTF-8"));
    assert!(out.status.success(), "man failed: {}", text(&out.stderr));
    assert!(
        out.stderr.is_empty(),
        "groff warnings:\n{}",
        text(&out.stderr)
    );
}

#[test]
fn maintainer_scripts_are_sh_and_manage_the_unit_like_debhelper() {
    for script in ["postinst", "prerm", "postrm"] {
        let path = packaging(script);
        let out = run(Command::new("sh").arg("-n").arg(&path));
        assert!(out.status.success(), "{script}: {}", text(&out.stderr));
        assert!(read(&path).starts_with("#!/bin/sh\n"), "{script} hashbang");
    }
    let postinst = read(&packaging("postinst"));
    assert!(postinst.contains("deb-systemd-helper enable 'chloromaster.service'"));
    assert!(postinst.contains("_dh_action=restart"));
    assert!(postinst.contains("deb-systemd-invoke $_dh_action 'chloromaster.service'"));
    let prerm = read(&packaging("prerm"));
    assert!(prerm.contains("[ \"$1\" = remove ]"));
    assert!(prerm.contains("deb-systemd-invoke stop 'chloromaster.service'"));
    let postrm = read(&packaging("postrm"));
    assert!(postrm.contains("deb-systemd-helper purge 'chloromaster.service'"));
    // Data survives remove, goes with purge only.
    let purge = postrm
        .split("if [ \"$1\" = \"purge\" ]; then")
        .nth(1)
        .expect("a purge branch");
    assert!(purge.contains("/var/lib/private/chloromaster"));
    let remove = postrm
        .split("if [ \"$1\" = \"purge\" ]; then")
        .next()
        .expect("before purge");
    assert!(!remove.contains("rm -"), "remove must keep the data");
}

#[test]
fn changelog_top_entry_is_this_version() {
    let changelog = read(&packaging("changelog"));
    let first = changelog.lines().next().expect("a first line");
    let expected = format!("chloromaster ({}-", env!("CARGO_PKG_VERSION"));
    assert!(
        first.starts_with(&expected),
        "packaging/changelog starts with {first:?}; add an entry for {}",
        env!("CARGO_PKG_VERSION")
    );
    let trailer = changelog
        .lines()
        .find(|l| l.starts_with(" -- "))
        .expect("a maintainer trailer");
    assert!(
        trailer.contains(">  "),
        "two spaces before the date: {trailer}"
    );
}

// ------------------------------------------------------- the artefacts

fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("DIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/dist"));
    assert!(
        dir.is_dir(),
        "{} does not exist: run `cargo xtask dist` (it runs these tests)",
        dir.display()
    );
    dir
}

fn deb_version() -> String {
    let changelog = read(&packaging("changelog"));
    let first = changelog.lines().next().expect("first line");
    first
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map(|(v, _)| v.to_owned())
        .expect("a version in the changelog")
}

fn deb_path() -> PathBuf {
    let p = dist_dir().join(format!("chloromaster_{}_amd64.deb", deb_version()));
    assert!(p.is_file(), "{} is missing", p.display());
    p
}

fn tarball_name() -> String {
    format!("chloromaster-{}-x86_64-linux", env!("CARGO_PKG_VERSION"))
}

/// The SOURCE_DATE_EPOCH the artefacts were built with: `cargo xtask dist`
/// passes it; run by hand, the last commit's (as xtask dist defaults to) may
/// be newer than the build, so then only "one shared mtime" is checked.
fn epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .map(|e| e.parse().expect("SOURCE_DATE_EPOCH is a number"))
}

/// The .deb unpacked into a temporary directory.
fn unpacked_deb() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(Command::new("dpkg-deb")
        .arg("--extract")
        .arg(deb_path())
        .arg(dir.path()));
    assert!(out.status.success(), "dpkg-deb -x: {}", text(&out.stderr));
    dir
}

#[test]
#[ignore = "needs target/dist; cargo xtask dist runs it"]
fn dist_binary_is_static_stripped_and_within_budget() {
    let unpacked = unpacked_deb();
    let bin = unpacked.path().join("usr/bin/chloromaster");
    let described = text(&run(Command::new("file").arg("-b").arg(&bin)).stdout);
    assert!(
        described.contains("static-pie linked") || described.contains("statically linked"),
        "file: {described}"
    );
    assert!(described.contains("x86-64"), "file: {described}");
    assert!(described.contains(", stripped"), "file: {described}");

    let headers = text(&run(Command::new("readelf").args(["-lW"]).arg(&bin)).stdout);
    assert!(
        !headers.contains("INTERP"),
        "a program interpreter:\n{headers}"
    );
    let dynamic = text(&run(Command::new("readelf").args(["-dW"]).arg(&bin)).stdout);
    assert!(
        !dynamic.contains("(NEEDED)"),
        "shared libraries:\n{dynamic}"
    );

    let size = std::fs::metadata(&bin).expect("stat").len();
    println!("binary size: {size} bytes ({:.1} MB)", size as f64 / 1e6);
    assert!(size <= 20_000_000, "{size} bytes is over the 20 MB budget");
}

#[test]
#[ignore = "needs target/dist; cargo xtask dist runs it"]
fn dist_deb_is_lintian_clean() {
    let out = run(Command::new("lintian")
        .args(["-I", "-E", "--pedantic", "--color=never"])
        .arg(deb_path()));
    let report = text(&out.stdout);
    // Every tag (error, warning, info, pedantic, experimental) counts;
    // overridden tags are not printed, and each override carries its reason
    // in packaging/lintian-overrides.
    let tags: Vec<&str> = report
        .lines()
        .filter(|l| l.len() > 2 && l.as_bytes()[1] == b':')
        .collect();
    assert!(
        out.status.success() && tags.is_empty(),
        "lintian -I -E --pedantic:\n{report}{}",
        text(&out.stderr)
    );
}

#[test]
#[ignore = "needs target/dist; cargo xtask dist runs it"]
fn dist_deb_has_the_promised_files_metadata_and_scripts() {
    let deb = deb_path();
    let field = |name: &str| {
        let out = run(Command::new("dpkg-deb").arg("--field").arg(&deb).arg(name));
        text(&out.stdout).trim().to_owned()
    };
    assert_eq!(field("Package"), "chloromaster");
    assert_eq!(field("Version"), deb_version());
    assert_eq!(field("Architecture"), "amd64");
    assert!(field("Depends").contains("init-system-helpers"));
    assert!(
        field("Depends").contains("procps"),
        "ExecReload= uses /bin/kill"
    );
    assert_eq!(field("Section"), "web");
    assert_eq!(field("Priority"), "optional");

    let listing = text(&run(Command::new("dpkg-deb").arg("--contents").arg(&deb)).stdout);
    let mut files = BTreeSet::new();
    for line in listing.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols.get(1), Some(&"root/root"), "owner: {line}");
        let path = cols.last().expect("path").trim_start_matches('.');
        if !cols[0].starts_with('d') {
            files.insert(path.to_owned());
        }
    }
    let expected: BTreeSet<String> = [
        "/etc/default/chloromaster",
        "/usr/bin/chloromaster",
        "/usr/lib/systemd/system/chloromaster.service",
        "/usr/share/doc/chloromaster/changelog.Debian.gz",
        "/usr/share/doc/chloromaster/copyright",
        "/usr/share/lintian/overrides/chloromaster",
        "/usr/share/man/man8/chloromaster.8.gz",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(files, expected);

    let unpacked = unpacked_deb();
    let u = unpacked.path();
    assert_eq!(
        read(&u.join("usr/lib/systemd/system/chloromaster.service")),
        read(&unit_path())
    );
    assert_eq!(
        read(&u.join("etc/default/chloromaster")),
        read(&packaging("chloromaster.default"))
    );
    let mtimes: BTreeSet<i64> = walk(u)
        .iter()
        .map(|entry| {
            let t = std::fs::symlink_metadata(entry)
                .expect("stat")
                .modified()
                .expect("mtime")
                .duration_since(std::time::UNIX_EPOCH)
                .expect("after 1970")
                .as_secs();
            i64::try_from(t).expect("mtime fits")
        })
        .collect();
    assert_eq!(mtimes.len(), 1, "files differ in mtime: {mtimes:?}");
    if let Some(epoch) = epoch() {
        assert_eq!(
            mtimes.first(),
            Some(&epoch),
            "mtime is not SOURCE_DATE_EPOCH"
        );
    }
    let copyright = read(&u.join("usr/share/doc/chloromaster/copyright"));
    assert!(
        copyright.starts_with(
            "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
        )
    );
    assert!(copyright.contains(" tokio v"), "bundled crates are listed");
    assert!(!copyright.contains("@CRATES@") && !copyright.contains("@BUILT_USING@"));
    assert!(
        !copyright.contains(&root().display().to_string()),
        "the build machine's checkout path leaks into the copyright file"
    );

    // Control area: conffiles, md5sums that match, maintainer scripts.
    let control = tempfile::tempdir().expect("tempdir");
    let out = run(Command::new("dpkg-deb")
        .arg("--control")
        .arg(&deb)
        .arg(control.path()));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let c = control.path();
    assert_eq!(read(&c.join("conffiles")), "/etc/default/chloromaster\n");
    for script in ["postinst", "prerm", "postrm"] {
        assert_eq!(read(&c.join(script)), read(&packaging(script)), "{script}");
    }
    let check = run(Command::new("md5sum")
        .args(["--check", "--strict", "--quiet"])
        .arg(c.join("md5sums"))
        .current_dir(u));
    assert!(
        check.status.success(),
        "md5sums do not match: {}{}",
        text(&check.stdout),
        text(&check.stderr)
    );
    let listed = read(&c.join("md5sums")).lines().count();
    // Like dh_md5sums: every file except the conffile (dpkg keeps its own).
    assert_eq!(
        listed,
        expected.len() - 1,
        "md5sums lists every file but the conffile"
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path.clone());
            }
            out.push(path);
        }
    }
    out
}

#[test]
#[ignore = "needs target/dist; cargo xtask dist runs it"]
fn dist_tarball_has_binary_unit_env_file_readme_and_licence() {
    let name = tarball_name();
    let tarball = dist_dir().join(format!("{name}.tar.gz"));
    let bytes = std::fs::read(&tarball).expect("tarball");
    // gzip -n: no file name, no timestamp in the header.
    assert_eq!(&bytes[4..8], &[0, 0, 0, 0], "gzip header has a timestamp");
    assert_eq!(bytes[3] & 0x08, 0, "gzip header has a file name");

    let out = run(Command::new("tar")
        .args([
            "--list",
            "--verbose",
            "--full-time",
            "--numeric-owner",
            "--file",
        ])
        .arg(&tarball));
    let listing = text(&out.stdout);
    let mut files = BTreeSet::new();
    let mut stamps = BTreeSet::new();
    for line in listing.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols[1], "0/0", "owner: {line}");
        stamps.insert(format!("{} {}", cols[3], cols[4]));
        files.insert(cols.last().expect("path").to_string());
    }
    assert_eq!(stamps.len(), 1, "members differ in mtime: {stamps:?}");
    let expected: BTreeSet<String> = [
        "",
        "LICENSE",
        "README",
        "chloromaster",
        "chloromaster.8",
        "chloromaster.default",
        "chloromaster.service",
    ]
    .iter()
    .map(|f| format!("{name}/{f}"))
    .collect();
    assert_eq!(files, expected);

    // The tarball's binary is the .deb's binary.
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(Command::new("tar")
        .arg("--extract")
        .arg("--file")
        .arg(&tarball)
        .arg("--directory")
        .arg(dir.path()));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let unpacked = unpacked_deb();
    assert!(
        std::fs::read(dir.path().join(&name).join("chloromaster")).expect("tar binary")
            == std::fs::read(unpacked.path().join("usr/bin/chloromaster")).expect("deb binary"),
        "the tarball and the .deb ship different binaries"
    );
}

#[test]
#[ignore = "needs target/dist; cargo xtask dist runs it"]
fn dist_sha256sums_cover_and_match_the_artefacts() {
    let dir = dist_dir();
    let sums = read(&dir.join("SHA256SUMS"));
    let names: BTreeSet<&str> = sums
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    let deb = format!("chloromaster_{}_amd64.deb", deb_version());
    let tar = format!("{}.tar.gz", tarball_name());
    assert_eq!(names, BTreeSet::from([deb.as_str(), tar.as_str()]));
    let out = run(Command::new("sha256sum")
        .args(["--check", "--strict", "SHA256SUMS"])
        .current_dir(&dir));
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

// ------------------------------------------------------- startup to READY

fn http_get(addr: SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    reply
}

/// Messages the appliance sent to $NOTIFY_SOCKET, until `want` or timeout.
fn wait_for(sock: &UnixDatagram, want: &str, timeout: Duration) -> Option<Instant> {
    let deadline = Instant::now() + timeout;
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        sock.set_read_timeout(Some(deadline - Instant::now()))
            .expect("timeout");
        match sock.recv(&mut buf) {
            Ok(n) => {
                let msg = String::from_utf8_lossy(&buf[..n]);
                if msg.lines().any(|l| l == want) {
                    return Some(Instant::now());
                }
            }
            Err(_) => return None,
        }
    }
    None
}

/// One start of the shipped binary with an empty state directory, as systemd
/// would start it (NOTIFY_SOCKET, WATCHDOG_USEC, STATE_DIRECTORY, nothing
/// else in the environment): time to READY=1, then /health, a watchdog ping,
/// and SIGTERM → STOPPING=1 → exit 0.
fn start_once(bin: &Path) -> Duration {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state");
    std::fs::create_dir(&state).expect("state dir");
    let notify_path = dir.path().join("notify");
    let notify = UnixDatagram::bind(&notify_path).expect("notify socket");
    let http = SocketAddr::from(([127, 0, 0, 1], common::free_port()));
    let resp = SocketAddr::from(([127, 0, 0, 1], common::free_port()));

    let started = Instant::now();
    let mut child = Command::new(bin)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("NOTIFY_SOCKET", &notify_path)
        .env("WATCHDOG_USEC", "1000000")
        .env("STATE_DIRECTORY", &state)
        .env("CHLORO_HTTP_ADDR", http.to_string())
        .env("CHLORO_RESP_ADDR", resp.to_string())
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_LOG", "warn")
        .stdin(Stdio::null())
        .spawn()
        .expect("start the binary");
    let ready = wait_for(&notify, "READY=1", Duration::from_secs(10));
    let Some(ready) = ready else {
        let _ = child.kill();
        let status = child.wait().expect("wait");
        panic!("no READY=1 within 10 s (process: {status})");
    };
    let elapsed = ready - started;

    let reply = http_get(http, "/health");
    assert!(reply.starts_with("HTTP/1.1 200"), "/health: {reply}");
    assert!(
        wait_for(&notify, "WATCHDOG=1", Duration::from_secs(2)).is_some(),
        "no WATCHDOG=1 within 2 s with WATCHDOG_USEC=1s"
    );

    let out = run(Command::new("kill").args(["-TERM", &child.id().to_string()]));
    assert!(out.status.success());
    assert!(
        wait_for(&notify, "STOPPING=1", Duration::from_secs(5)).is_some(),
        "no STOPPING=1 after SIGTERM"
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("still running 15 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit after SIGTERM: {status}");
    elapsed
}

#[test]
#[ignore = "needs target/dist; cargo xtask dist runs it"]
fn dist_binary_is_ready_within_100ms_with_an_empty_data_dir() {
    let unpacked = unpacked_deb();
    let bin = unpacked.path().join("usr/bin/chloromaster");
    // The median of five starts: one slow start on a busy CI machine is
    // noise, five are not.
    let mut times: Vec<Duration> = (0..5).map(|_| start_once(&bin)).collect();
    times.sort();
    let median = times[2];
    println!(
        "startup to READY=1: median {:.1} ms (all: {:?})",
        median.as_secs_f64() * 1e3,
        times
            .iter()
            .map(|t| format!("{:.1}", t.as_secs_f64() * 1e3))
            .collect::<Vec<_>>()
    );
    assert!(
        median <= Duration::from_millis(100),
        "startup to READY=1 took {median:?} (median), over 100 ms"
    );
}

// ------------------------------------------------- no glibc NSS at run time

/// What the static binary must never open: glibc's NSS configuration and
/// modules, or the shared glibc they need. A statically linked glibc
/// resolving a name through `getaddrinfo` reads /etc/nsswitch.conf and, for
/// a name not in /etc/hosts, dlopens `libnss_*.so` and `libc.so.6` of the
/// host, which only works while the host's glibc equals the build's.
const NSS_FILES: &[&str] = &["/etc/nsswitch.conf", "libnss_", "libc.so", "ld.so.cache"];

/// The pid of the only child of `parent` (the traced appliance under strace).
fn child_of(parent: u32) -> Option<u32> {
    let children =
        std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children")).ok()?;
    children.split_whitespace().next()?.parse().ok()
}

#[test]
#[ignore = "needs target/dist; cargo xtask dist runs it"]
fn dist_binary_resolves_the_acme_directory_without_glibc_nss() {
    let unpacked = unpacked_deb();
    let bin = unpacked.path().join("usr/bin/chloromaster");
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state");
    std::fs::create_dir(&state).expect("state dir");
    let trace = dir.path().join("openat.trace");
    let log = dir.path().join("appliance.log");
    let log_file = std::fs::File::create(&log).expect("log file");
    // A name in no hosts file: glibc would go through NSS (dns) for it.
    // hickory answers NXDOMAIN for the reserved .invalid at once, so the
    // ACME attempt fails in milliseconds with our resolver's message.
    let name = "acme.chloro.invalid";
    let mut strace = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=openat,open", "-o"])
        .arg(&trace)
        .arg(&bin)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("STATE_DIRECTORY", &state)
        .env(
            "CHLORO_HTTP_ADDR",
            format!("127.0.0.1:{}", common::free_port()),
        )
        .env(
            "CHLORO_HTTPS_ADDR",
            format!("127.0.0.1:{}", common::free_port()),
        )
        .env(
            "CHLORO_RESP_ADDR",
            format!("127.0.0.1:{}", common::free_port()),
        )
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_ACME_DOMAINS", "chloro.test")
        .env("CHLORO_ACME_DIRECTORY", format!("https://{name}/dir"))
        .env("CHLORO_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().expect("log file"))
        .stderr(log_file)
        .spawn()
        .expect("strace (apt-get install strace)");

    // Our resolver's error text in rustls-acme's retry warning proves the
    // lookup went through the hook (getaddrinfo words it differently).
    let want = format!("cannot resolve {name}");
    let deadline = Instant::now() + Duration::from_secs(20);
    let resolved = loop {
        if read(&log).contains(&want) {
            break true;
        }
        if Instant::now() > deadline || strace.try_wait().expect("wait").is_some() {
            break false;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    if let Some(pid) = child_of(strace.id()) {
        let _ = run(Command::new("kill").args(["-TERM", &pid.to_string()]));
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    while strace.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            if let Some(pid) = child_of(strace.id()) {
                let _ = run(Command::new("kill").args(["-KILL", &pid.to_string()]));
            }
            let _ = strace.kill();
            let _ = strace.wait();
            panic!("the appliance did not stop within 15 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        resolved,
        "no ACME lookup of {name} within 20 s; appliance output:\n{}",
        read(&log)
    );

    let opened = read(&trace);
    assert!(
        opened.contains("\"/etc/resolv.conf\""),
        "hickory's configuration read is not in the trace: is strace tracing the appliance?\n{opened}"
    );
    let nss: Vec<&str> = opened
        .lines()
        .filter(|l| NSS_FILES.iter().any(|f| l.contains(f)))
        .collect();
    println!(
        "ACME lookup of {name} under strace: {} openat calls, none of {NSS_FILES:?}",
        opened.lines().count()
    );
    assert!(
        nss.is_empty(),
        "the static binary went through glibc NSS:\n{}",
        nss.join("\n")
    );
}
