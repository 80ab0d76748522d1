//! `cargo xtask dist`: the release artefacts in `target/dist/`.
//!
//! 1. builds the release binary statically (`+crt-static`, explicit
//!    `--target` so build scripts and proc-macros stay dynamic), with the
//!    profile's LTO, one codegen unit, `panic = "abort"` and stripping;
//! 2. refuses a binary that is not static or is over the size budget;
//! 3. stages and builds `chloromaster_<debversion>_amd64.deb` with
//!    `dpkg-deb --root-owner-group` (no debhelper: the maintainer scripts in
//!    `packaging/` are what `dh_installsystemd` would write),
//!    `chloromaster-<version>-x86_64-linux.tar.gz` and `SHA256SUMS`;
//! 4. packs everything a second time and compares, so a packaging step that
//!    is not reproducible fails here rather than on a user's rebuild;
//! 5. runs the `#[ignore]`d artefact tests of `tests/it/packaging.rs` (lintian,
//!    contents, ELF, startup to READY) against `target/dist/`.
//!
//! Every timestamp is `SOURCE_DATE_EPOCH` (the last commit's time unless set)
//! and every owner root, so two runs on the same commit give the same bytes.
//! `--check-reproducible` also builds the binary a second time in a separate
//! target directory and compares (a second full release build: minutes).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail, ensure};
use xshell::{Shell, cmd};

pub const TARGET: &str = "x86_64-unknown-linux-gnu";
/// The size budget for the binary.
pub const MAX_BINARY_BYTES: u64 = 20_000_000;
const PACKAGE: &str = "chloromaster";

const USAGE: &str = "usage: cargo xtask dist [--skip-build] [--no-test] [--check-reproducible]

  --skip-build          package the release binary already in target/ (no cargo build)
  --no-test             do not run the artefact tests of tests/it/packaging.rs afterwards
  --check-reproducible  build the binary a second time in target/dist-rebuild and compare";

#[derive(Default)]
struct Options {
    skip_build: bool,
    no_test: bool,
    check_reproducible: bool,
}

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut opts = Options::default();
    for a in args {
        match a.as_str() {
            "--skip-build" => opts.skip_build = true,
            "--no-test" => opts.no_test = true,
            "--check-reproducible" => opts.check_reproducible = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown option {other:?}\n\n{USAGE}"),
        }
    }

    let sh = Shell::new()?;
    let root = sh.current_dir();
    let version = cargo_version(&sh)?;
    let deb_version = debian_version(&sh, &version)?;
    let epoch = source_date_epoch(&sh)?;
    println!("dist: {PACKAGE} {version} (Debian {deb_version}), SOURCE_DATE_EPOCH={epoch}");

    let target_dir = root.join("target");
    let bin = release_binary(&target_dir);
    if !opts.skip_build {
        let started = Instant::now();
        build(&sh, &root, &target_dir, &epoch)?;
        println!(
            "dist: release build took {:.0}s",
            started.elapsed().as_secs_f64()
        );
    }
    check_binary(&sh, &bin)?;

    let out = target_dir.join("dist");
    let artefacts = package(&sh, &root, &bin, &out, &version, &deb_version, &epoch)?;

    // Same inputs, second run, compare: catches timestamps, owners and
    // ordering that leak into the archives.
    let again = target_dir.join("dist-check");
    package(&sh, &root, &bin, &again, &version, &deb_version, &epoch)?;
    for name in &artefacts {
        ensure!(
            sh.read_binary_file(out.join(name))? == sh.read_binary_file(again.join(name))?,
            "{name} differs between two packaging runs of the same binary: not reproducible"
        );
    }
    sh.remove_path(&again)?;
    println!("dist: packaging is reproducible (two runs, identical {artefacts:?})");

    if opts.check_reproducible {
        let rebuild_dir = target_dir.join("dist-rebuild");
        let started = Instant::now();
        build(&sh, &root, &rebuild_dir, &epoch)?;
        println!(
            "dist: second release build took {:.0}s",
            started.elapsed().as_secs_f64()
        );
        let rebuilt = release_binary(&rebuild_dir);
        ensure!(
            sh.read_binary_file(&bin)? == sh.read_binary_file(&rebuilt)?,
            "{} and {} differ: the release build is not reproducible",
            bin.display(),
            rebuilt.display()
        );
        println!("dist: binary is reproducible (two release builds, identical bytes)");
    }

    for name in &artefacts {
        let size = fs::metadata(out.join(name))?.len();
        println!("dist: {}/{name} ({size} bytes)", out.display());
    }

    if !opts.no_test {
        // The artefact checks live with the other packaging tests (the
        // `packaging` module of the one integration-test binary `it`); they
        // are #[ignore]d in a plain `cargo test` because they need this
        // build. The filter keeps the other ignored tests (scale) out.
        cmd!(
            sh,
            "cargo test --locked --test it -- --ignored --test-threads 1 --nocapture packaging::"
        )
        .env("DIST_DIR", &out)
        .env("SOURCE_DATE_EPOCH", &epoch)
        .run()?;
    }
    Ok(())
}

pub fn release_binary(target_dir: &Path) -> PathBuf {
    target_dir.join(TARGET).join("release").join(PACKAGE)
}

/// The package version from `Cargo.toml`'s `[package]` table.
fn cargo_version(sh: &Shell) -> anyhow::Result<String> {
    let manifest = sh.read_file("Cargo.toml")?;
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(v) = line.strip_prefix("version") {
            let v = v.trim_start().trim_start_matches('=').trim();
            return Ok(v.trim_matches('"').to_owned());
        }
    }
    bail!("no version in the [package] table of Cargo.toml")
}

/// The Debian version is the top entry of `packaging/changelog`; its
/// upstream part must be the crate's version, so a release cannot ship with
/// a stale changelog.
fn debian_version(sh: &Shell, version: &str) -> anyhow::Result<String> {
    let changelog = sh.read_file("packaging/changelog")?;
    let first = changelog.lines().next().unwrap_or_default();
    let deb_version = first
        .strip_prefix("chloromaster (")
        .and_then(|rest| rest.split_once(')'))
        .map(|(v, _)| v.to_owned())
        .with_context(|| format!("packaging/changelog starts with {first:?}"))?;
    let upstream = deb_version
        .rsplit_once('-')
        .map_or(deb_version.as_str(), |(u, _)| u);
    ensure!(
        upstream == version,
        "packaging/changelog's top entry is {deb_version} but Cargo.toml says {version}: \
         add a changelog entry `chloromaster ({version}-1)`"
    );
    Ok(deb_version)
}

fn source_date_epoch(sh: &Shell) -> anyhow::Result<String> {
    if let Ok(e) = std::env::var("SOURCE_DATE_EPOCH") {
        ensure!(
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit()),
            "SOURCE_DATE_EPOCH={e:?} is not a number of seconds"
        );
        return Ok(e);
    }
    let e = cmd!(sh, "git log -1 --format=%ct")
        .read()
        .context("SOURCE_DATE_EPOCH is unset and git cannot tell the last commit's time")?;
    Ok(e.trim().to_owned())
}

fn build(sh: &Shell, root: &Path, target_dir: &Path, epoch: &str) -> anyhow::Result<()> {
    let cargo_home = std::env::var("CARGO_HOME").map_or_else(
        |_| {
            std::env::var("HOME")
                .map(|h| PathBuf::from(h).join(".cargo"))
                .unwrap_or_else(|_| PathBuf::from("/root/.cargo"))
        },
        PathBuf::from,
    );
    // crt-static for the target only (that is why --target is explicit);
    // source paths remapped so panic locations do not depend on where the
    // checkout lives. The 0x1f separator keeps paths with spaces whole.
    let rustflags = [
        "-Ctarget-feature=+crt-static".to_owned(),
        format!(
            "--remap-path-prefix={}=/usr/src/chloromaster",
            root.display()
        ),
        format!(
            "--remap-path-prefix={}=/usr/src/cargo",
            cargo_home.display()
        ),
    ]
    .join("\x1f");
    cmd!(
        sh,
        "cargo build --release --locked --target {TARGET} --package chloromaster --bin chloromaster"
    )
    .env("CARGO_TARGET_DIR", target_dir)
    .env("CARGO_ENCODED_RUSTFLAGS", rustflags)
    .env_remove("RUSTFLAGS")
    .env("SOURCE_DATE_EPOCH", epoch)
    .run()?;
    Ok(())
}

/// Fails unless the binary is a static (or static-pie) x86-64 ELF within the
/// size budget: `file` says so and the ELF program headers agree (no
/// interpreter, no needed shared libraries).
fn check_binary(sh: &Shell, bin: &Path) -> anyhow::Result<()> {
    ensure!(
        bin.is_file(),
        "{} does not exist: build it first (drop --skip-build)",
        bin.display()
    );
    let described = cmd!(sh, "file -b {bin}").read()?;
    ensure!(
        described.contains("statically linked") || described.contains("static-pie linked"),
        "{} is not statically linked: file says {described:?}",
        bin.display()
    );
    let elf = crate::elf::inspect(&sh.read_binary_file(bin)?)?;
    ensure!(
        elf.interpreter.is_none() && elf.needed == 0,
        "{} needs a dynamic loader ({:?}) or {} shared libraries",
        bin.display(),
        elf.interpreter,
        elf.needed
    );
    ensure!(elf.machine_x86_64, "{} is not an x86-64 ELF", bin.display());
    let size = fs::metadata(bin)?.len();
    ensure!(
        size <= MAX_BINARY_BYTES,
        "{} is {size} bytes, over the {MAX_BINARY_BYTES}-byte budget",
        bin.display()
    );
    println!(
        "dist: {} is static ({described}), {size} bytes",
        bin.display()
    );
    Ok(())
}

/// Builds the .deb, the tarball and SHA256SUMS into `out` (emptied first);
/// returns their file names.
fn package(
    sh: &Shell,
    root: &Path,
    bin: &Path,
    out: &Path,
    version: &str,
    deb_version: &str,
    epoch: &str,
) -> anyhow::Result<Vec<String>> {
    if sh.path_exists(out) {
        sh.remove_path(out)?;
    }
    sh.create_dir(out)?;
    let p = root.join("packaging");
    let stage = out.join("stage");

    // What dh_strip does beyond the profile's `strip = true`: the .comment
    // section (compiler and linker version strings) is of no use at run time.
    let shipped_bin = stage.join("chloromaster");
    put(bin, &shipped_bin, 0o755)?;
    cmd!(
        sh,
        "strip --remove-section=.comment --remove-section=.note {shipped_bin}"
    )
    .run()?;
    let bin = shipped_bin.as_path();

    // ---- the .deb tree ----
    let deb = stage.join("deb");
    let doc = "usr/share/doc/chloromaster";
    put(bin, &deb.join("usr/bin/chloromaster"), 0o755)?;
    put(
        &root.join("systemd/chloromaster.service"),
        &deb.join("usr/lib/systemd/system/chloromaster.service"),
        0o644,
    )?;
    put(
        &p.join("chloromaster.default"),
        &deb.join("etc/default/chloromaster"),
        0o644,
    )?;
    write(
        &deb.join("usr/share/man/man8/chloromaster.8.gz"),
        &gzip(sh, &p.join("chloromaster.8"))?,
        0o644,
    )?;
    write(
        &deb.join(doc).join("changelog.Debian.gz"),
        &gzip(sh, &p.join("changelog"))?,
        0o644,
    )?;
    let source_format = "${source:Package} (= ${source:Version})";
    let built_using = cmd!(sh, "dpkg-query -W -f {source_format} libc6-dev")
        .read()
        .context("finding the glibc that is linked in (is libc6-dev installed?)")?;
    let copyright = sh
        .read_file(p.join("copyright.in"))?
        .replace("@BUILT_USING@", &built_using)
        .replace("@CRATES@", &bundled_crates(sh, root)?);
    write(
        &deb.join(doc).join("copyright"),
        copyright.as_bytes(),
        0o644,
    )?;
    put(
        &p.join("lintian-overrides"),
        &deb.join("usr/share/lintian/overrides/chloromaster"),
        0o644,
    )?;

    let control_dir = deb.join("DEBIAN");
    for script in ["postinst", "prerm", "postrm"] {
        put(&p.join(script), &control_dir.join(script), 0o755)?;
    }
    write(
        &control_dir.join("conffiles"),
        b"/etc/default/chloromaster\n",
        0o644,
    )?;
    // Like dh_md5sums: every file but the conffile, whose sum dpkg records
    // itself.
    let files: Vec<PathBuf> = files_under(&deb, &control_dir)?
        .into_iter()
        .filter(|f| !f.starts_with(deb.join("etc")))
        .collect();
    let md5sums = {
        let _in_deb = sh.push_dir(&deb);
        cmd!(sh, "md5sum --")
            .args(files.iter().map(|f| f.strip_prefix(&deb).unwrap_or(f)))
            .read()?
    };
    write(
        &control_dir.join("md5sums"),
        format!("{md5sums}\n").as_bytes(),
        0o644,
    )?;
    let control = sh
        .read_file(p.join("control.in"))?
        .replace("@VERSION@", deb_version)
        .replace(
            "@INSTALLED_SIZE@",
            &installed_size_kib(&deb, &control_dir)?.to_string(),
        )
        .replace("@BUILT_USING@", &built_using);
    write(&control_dir.join("control"), control.as_bytes(), 0o644)?;
    set_dir_modes_and_times(sh, &deb, epoch)?;

    let deb_name = format!("{PACKAGE}_{deb_version}_amd64.deb");
    let deb_path = out.join(&deb_name);
    cmd!(
        sh,
        "dpkg-deb --root-owner-group -Zxz --build {deb} {deb_path}"
    )
    .env("SOURCE_DATE_EPOCH", epoch)
    .quiet()
    .run()?;

    // ---- the tarball ----
    let tar_dir_name = format!("{PACKAGE}-{version}-x86_64-linux");
    let tar_dir = stage.join(&tar_dir_name);
    put(bin, &tar_dir.join("chloromaster"), 0o755)?;
    put(
        &root.join("systemd/chloromaster.service"),
        &tar_dir.join("chloromaster.service"),
        0o644,
    )?;
    put(
        &p.join("chloromaster.default"),
        &tar_dir.join("chloromaster.default"),
        0o644,
    )?;
    put(
        &p.join("chloromaster.8"),
        &tar_dir.join("chloromaster.8"),
        0o644,
    )?;
    put(&p.join("README.tarball"), &tar_dir.join("README"), 0o644)?;
    put(&root.join("LICENSE"), &tar_dir.join("LICENSE"), 0o644)?;
    set_dir_modes_and_times(sh, &tar_dir, epoch)?;
    let tar_name = format!("{tar_dir_name}.tar.gz");
    let tar_path = out.join(&tar_name);
    let compress = "--use-compress-program=gzip -9n";
    let mtime = format!("--mtime=@{epoch}");
    cmd!(sh, "tar --create --file {tar_path} {compress} --format=gnu --sort=name {mtime} --owner=0 --group=0 --numeric-owner --directory {stage} {tar_dir_name}")
        .run()?;

    sh.remove_path(&stage)?;

    let sums = {
        let _in_out = sh.push_dir(out);
        cmd!(sh, "sha256sum -- {deb_name} {tar_name}").read()?
    };
    write(
        &out.join("SHA256SUMS"),
        format!("{sums}\n").as_bytes(),
        0o644,
    )?;
    Ok(vec![deb_name, tar_name, "SHA256SUMS".to_owned()])
}

/// Copies `src` to `dst` (creating parents) with exactly `mode`.
fn put(src: &Path, dst: &Path, mode: u32) -> anyhow::Result<()> {
    let bytes = fs::read(src).with_context(|| format!("reading {}", src.display()))?;
    write(dst, &bytes, mode)
}

fn write(dst: &Path, bytes: &[u8], mode: u32) -> anyhow::Result<()> {
    if let Some(parent) = dst.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(dst, bytes).with_context(|| format!("writing {}", dst.display()))?;
    fs::set_permissions(dst, fs::Permissions::from_mode(mode))?;
    Ok(())
}

/// `gzip -9n`: maximum compression, no name or time stamp in the header.
fn gzip(sh: &Shell, src: &Path) -> anyhow::Result<Vec<u8>> {
    Ok(cmd!(sh, "gzip -9n --stdout -- {src}").output()?.stdout)
}

/// Regular files under `dir`, sorted, leaving out `skip` (the DEBIAN dir).
fn files_under(dir: &Path, skip: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d)? {
            let path = entry?.path();
            if path == skip {
                continue;
            }
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `Installed-Size` as dpkg-gencontrol computes it: each file's size in KiB
/// rounded up, plus one for each directory.
fn installed_size_kib(dir: &Path, skip: &Path) -> anyhow::Result<u64> {
    let mut kib = 0;
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d)? {
            let path = entry?.path();
            if path == skip {
                continue;
            }
            let meta = fs::symlink_metadata(&path)?;
            if meta.is_dir() {
                kib += 1;
                todo.push(path);
            } else if meta.is_file() {
                kib += meta.len().div_ceil(1024);
            } else {
                kib += 1;
            }
        }
    }
    Ok(kib)
}

/// Directories 0755 whatever the umask, and every mtime the epoch.
fn set_dir_modes_and_times(sh: &Shell, dir: &Path, epoch: &str) -> anyhow::Result<()> {
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        fs::set_permissions(&d, fs::Permissions::from_mode(0o755))?;
        for entry in fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                todo.push(path);
            }
        }
    }
    let date = format!("--date=@{epoch}");
    let each = "{}";
    cmd!(
        sh,
        "find {dir} -exec touch --no-dereference {date} {each} +"
    )
    .run()?;
    Ok(())
}

/// One line per crate linked into the binary (`name version: licence`),
/// for the copyright file; proc-macros and build-only crates are left out
/// because none of their code ends up in the binary. A crate patched from
/// the source tree (`patches/`, see `[patch.crates-io]`) is named so, with
/// its path relative to the tree: the checkout's location must not leak
/// into the package.
fn bundled_crates(sh: &Shell, root: &Path) -> anyhow::Result<String> {
    let local = format!(" ({}/", root.display());
    let format = "{p}: {l}";
    let tree = cmd!(
        sh,
        "cargo tree --locked --package chloromaster --edges normal,no-proc-macro --target {TARGET} --prefix none --format {format}"
    )
    .quiet()
    .read()?;
    let mut lines: Vec<String> = tree
        .lines()
        .map(|l| l.trim_end_matches(" (*)").trim())
        .filter(|l| !l.is_empty() && !l.starts_with("chloromaster v"))
        .map(|l| format!(" {}", l.replace(&local, " (patched, source in ")))
        .collect();
    lines.sort();
    lines.dedup();
    Ok(lines.join("\n"))
}
