//! Lighthouse on the public site: starts the built binary on loopback (as
//! `browser.rs` does) and runs the `lighthouse` npm package, pinned in
//! `tests/browser/package-lock.json`, with its defaults (mobile preset,
//! simulated throttling) on the home page and a product page in both
//! languages. Lighthouse drives Debian's `/usr/bin/chromium` through
//! `CHROME_PATH` (chrome-launcher); nothing downloads a browser.
//!
//! Prints the four category scores per page, and the audits that cost
//! points, and fails unless SEO, accessibility and best practices are 100
//! and performance is at least 95. The JSON reports are kept in
//! `target/lighthouse/`.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use super::browser::{ensure_node_modules, start_appliance};

/// The pages measured: the home page and a product page, English and Arabic.
const PAGES: &[(&str, &str)] = &[
    ("home-en", "/"),
    ("product-en", "/equipment/emergency-kit"),
    ("home-ar", "/ar/"),
    ("product-ar", "/ar/equipment/emergency-kit"),
];

/// Category id in the report, the minimum score (0-100).
const REQUIRED: &[(&str, f64)] = &[
    ("performance", 95.0),
    ("accessibility", 100.0),
    ("best-practices", 100.0),
    ("seo", 100.0),
];

#[test]
fn home_and_product_pages_in_both_languages() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/browser");
    assert!(
        std::path::Path::new("/usr/bin/chromium").exists(),
        "Debian's chromium is missing: apt-get install chromium (cargo xtask test does)"
    );
    ensure_node_modules(&dir);
    let cli = dir.join("node_modules/lighthouse/cli/index.js");
    assert!(
        cli.exists(),
        "{} is missing: npm ci in tests/browser",
        cli.display()
    );
    let reports = root.join("target/lighthouse");
    std::fs::create_dir_all(&reports).expect("create target/lighthouse");
    let app = start_appliance(&[]);

    let mut failures = Vec::new();
    for (name, path) in PAGES {
        let url = format!("{}{path}", app.base);
        let out = reports.join(format!("{name}.json"));
        let _ = std::fs::remove_file(&out);
        let profile = tempfile::tempdir().expect("chromium profile dir");
        let started = Instant::now();
        let status = Command::new("node")
            .arg(&cli)
            .arg(&url)
            .arg("--output=json")
            .arg(format!("--output-path={}", out.display()))
            .arg("--only-categories=performance,accessibility,best-practices,seo")
            .arg("--quiet")
            .arg(format!(
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
                 --no-first-run --disable-background-networking --disable-component-update \
                 --disable-sync --user-data-dir={}",
                profile.path().display()
            ))
            .env("CHROME_PATH", "/usr/bin/chromium")
            .current_dir(&dir)
            .status()
            .expect("run node (is nodejs installed?)");
        assert!(status.success(), "lighthouse on {url} failed: {status}");
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&out).expect("read the lighthouse report"))
                .expect("the lighthouse report is JSON");
        if let Some(err) = report.get("runtimeError") {
            panic!("lighthouse on {url}: {err}");
        }
        let mut line = format!("{name:<11} {path:<30}");
        for (id, min) in REQUIRED {
            let category = &report["categories"][id];
            let score = category["score"].as_f64().map(|s| (s * 100.0).round());
            line.push_str(&format!(
                "  {id} {}",
                score.map_or("n/a".to_owned(), |s| format!("{s:.0}"))
            ));
            if score.is_none_or(|s| s < *min) {
                failures.push(format!(
                    "{url}: {id} {score:?} < {min}; {}",
                    lost_points(&report, category)
                ));
            }
        }
        eprintln!("{line}  ({:.1} s)", started.elapsed().as_secs_f64());
    }
    assert!(
        failures.is_empty(),
        "Lighthouse scores below the bar (reports in {}):\n{}",
        reports.display(),
        failures.join("\n")
    );
}

/// The weighted audits of a category that did not get full marks, with what
/// Lighthouse says about them, so a failure names its cause.
fn lost_points(report: &serde_json::Value, category: &serde_json::Value) -> String {
    let mut lost = Vec::new();
    for aref in category["auditRefs"].as_array().into_iter().flatten() {
        if aref["weight"].as_f64().unwrap_or(0.0) <= 0.0 {
            continue;
        }
        let Some(id) = aref["id"].as_str() else {
            continue;
        };
        let audit = &report["audits"][id];
        match audit["score"].as_f64() {
            Some(s) if s < 1.0 => {
                let value = audit["displayValue"].as_str().unwrap_or("");
                let items: Vec<String> = audit["details"]["items"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .take(5)
                    .map(|item| {
                        item["node"]["snippet"]
                            .as_str()
                            .or(item["url"].as_str())
                            .or(item["source"]["url"].as_str())
                            .unwrap_or("")
                            .to_owned()
                    })
                    .filter(|s| !s.is_empty())
                    .collect();
                lost.push(format!("{id} ({s:.2}) {value} {items:?}"));
            }
            _ => {}
        }
    }
    lost.join("; ")
}
