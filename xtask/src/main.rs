//! Project tasks: `cargo xtask <task>`. One module per task; they shell out
//! with `xshell` and need nothing beyond what `.ci/run` installs.

mod bench_api;
mod bench_floor;
mod bench_http;
mod bench_resp;
mod bench_slowloris;
mod deps;
mod dist;
mod elf;
mod install_test;
mod proc;

use anyhow::{Context, bail};
use std::path::PathBuf;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  test [--quick]    install missing test tools (apt-get), then fmt, clippy, every test,
                    the release artefacts (dist) and the .deb in a booted Debian 12
                    (install-test, as root); --quick stops after the tests
  bench [http|tls|resp|api|slowloris]
                    run the benchmarks on loopback (all when none is named)
  dist              build the static release binary, tarball and .deb into target/dist/
                    and check them (lintian, contents, startup); --help for options
  install-test      install target/dist's .deb into a Debian 12 container booted with
                    systemd-nspawn and exercise the service (root; --help for options)";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root()?;
    std::env::set_current_dir(&root).context("entering the project root")?;
    match args.first().map(String::as_str) {
        Some("test") => test(&args[1..]),
        Some("bench") => deps::ensure(deps::BENCH_PACKAGES).and_then(|()| {
            match args.get(1).map(String::as_str) {
                None => {
                    bench_http::run(bench_http::Mode::Http)?;
                    bench_http::run(bench_http::Mode::Tls)?;
                    bench_resp::run()?;
                    bench_api::run()?;
                    bench_slowloris::run()
                }
                Some("http") => bench_http::run(bench_http::Mode::Http),
                Some("tls") => bench_http::run(bench_http::Mode::Tls),
                Some("resp") => bench_resp::run(),
                Some("api") => bench_api::run(),
                Some("slowloris") => bench_slowloris::run(),
                Some(other) => bail!("unknown benchmark {other:?}\n\n{USAGE}"),
            }
        }),
        Some("dist") => deps::ensure(deps::DIST_PACKAGES).and_then(|()| dist::run(&args[1..])),
        Some("install-test") => {
            deps::ensure(deps::INSTALL_TEST_PACKAGES).and_then(|()| install_test::run(&args[1..]))
        }
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown task {other:?}\n\n{USAGE}"),
    }
}

fn project_root() -> anyhow::Result<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Ok(dir
        .parent()
        .context("xtask lives one level below the project root")?
        .to_path_buf())
}

/// Installs the browser tests' npm packages (playwright-core, pinned by
/// `tests/browser/package-lock.json`) before any test starts, so parallel
/// test processes never race to install them. The stamp is the one
/// `tests/it/browser.rs` checks.
fn install_browser_test_modules(sh: &xshell::Shell) -> anyhow::Result<()> {
    let dir = project_root()?.join("tests/browser");
    let wanted = std::fs::read(dir.join("package-lock.json"))?;
    let stamp = dir.join("node_modules/.installed-package-lock.json");
    if std::fs::read(&stamp).is_ok_and(|have| have == wanted) {
        return Ok(());
    }
    let _dir = sh.push_dir(&dir);
    let _env = sh.push_env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    xshell::cmd!(sh, "npm ci --no-audit --no-fund").run()?;
    std::fs::write(&stamp, wanted)?;
    Ok(())
}

/// The whole test suite, as CI runs it: formatting and lints, every test
/// against the debug binary, then the release artefacts built and checked
/// (`dist`), then the .deb installed into a booted Debian 12
/// (`install-test`). `--quick` stops after the tests, for the edit-test loop.
fn test(args: &[String]) -> anyhow::Result<()> {
    let quick = match args {
        [] => false,
        [flag] if flag == "--quick" => true,
        other => bail!("unknown options {other:?}\n\n{USAGE}"),
    };
    // Found now, not after the suite and a release build: the install test
    // boots a container.
    anyhow::ensure!(
        quick || deps::is_root(),
        "cargo xtask test boots a container for the install test: run it as root \
         (or `cargo xtask test --quick` for fmt, clippy and the tests alone)"
    );
    deps::ensure(deps::TEST_PACKAGES)?;
    if !quick {
        deps::ensure(deps::DIST_PACKAGES)?;
        deps::ensure(deps::INSTALL_TEST_PACKAGES)?;
    }
    let sh = xshell::Shell::new()?;
    install_browser_test_modules(&sh)?;
    xshell::cmd!(sh, "cargo fmt --all -- --check").run()?;
    xshell::cmd!(sh, "cargo clippy --all-targets --locked -- -D warnings").run()?;
    xshell::cmd!(sh, "cargo nextest run --workspace --locked --no-fail-fast").run()?;
    if quick {
        return Ok(());
    }
    dist::run(&[])?;
    install_test::run(&[])
}
