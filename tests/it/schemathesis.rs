//! A real API fuzzer against the real appliance: schemathesis (PyPI, pinned)
//! reads `GET /api/openapi.json` and runs every check it has (server
//! errors, status codes, content types, headers and bodies against the
//! document, schema-valid requests accepted, schema-violating ones refused,
//! authentication not ignored, …) over every operation, public and admin
//! (with a session), in all its phases, with a bounded number of examples
//! and a fixed seed. It must find nothing: the document says exactly what
//! the server does.
//!
//! Schemathesis is installed with pip into a virtual environment under
//! `target/` (Debian's `python3 -m venv`, package `python3-venv`, which
//! `cargo xtask test` installs), and reused while it holds the pinned
//! version. `FUZZ_EXAMPLES=500 FUZZ_SEED=7 cargo nextest run --test
//! schemathesis --no-capture` runs it longer or differently (not `CHLORO_*`
//! names: the appliance refuses unknown ones in its environment).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::json;

/// The newest 4.x that installs on Debian 12's Python 3.11.
const VERSION: &str = "4.32.5";
const USER: &str = "fuzz-admin";
const PASSWORD: &str = "fuzzing is fun, 12+ chars";
/// Examples per operation and phase: about a minute on two cores.
const EXAMPLES: u32 = 100;
const SEED: u64 = 1;

/// Where the environment lives: beside the build, so `cargo clean` drops it.
fn venv_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(format!("schemathesis-{VERSION}"))
}

/// The `st` of the pinned version, installed when missing. A marker naming
/// the version is written only once pip has finished, so an interrupted
/// install is redone, never taken for a finished one.
fn schemathesis() -> PathBuf {
    let venv = venv_dir();
    let marker = venv.join("installed");
    if std::fs::read_to_string(&marker).is_ok_and(|v| v == VERSION) {
        return venv.join("bin/st");
    }
    let _ = std::fs::remove_dir_all(&venv);
    let status = Command::new("/usr/bin/python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .expect("python3 runs");
    assert!(
        status.success(),
        "python3 -m venv failed: install Debian's python3-venv (cargo xtask test does)"
    );
    let status = Command::new(venv.join("bin/python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            &format!("schemathesis=={VERSION}"),
        ])
        .status()
        .expect("pip runs");
    assert!(status.success(), "pip install schemathesis=={VERSION}");
    std::fs::write(&marker, VERSION).expect("write the marker");
    venv.join("bin/st")
}

/// What this run tells schemathesis beyond the command line.
///
/// A product's `serviceSlug` must name a service that exists, and a
/// gallery's ids (and a product's `datasheetMedia`) uploaded files (else
/// 400 naming the field): that depends on what is stored, which no schema
/// can say, so for the product and service writes a 400 is also taken as
/// an answer to schema-valid data. A media upload's body is judged by its
/// content (an image or PDF, decodable, within the limits), which no schema
/// can say either: 413, 415 and 422 are answers to it too. Every other
/// check, and every other operation, runs as it is.
const CONFIG: &str = r#"
[[operations]]
include-name = ["POST /api/admin/products", "PUT /api/admin/products/{slug}", "POST /api/admin/services", "PUT /api/admin/services/{id}"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", 400, 401, 403, 404, 409, 429, "5xx"]

[[operations]]
include-name = ["POST /api/admin/media"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", 400, 401, 403, 404, 409, 413, 415, 422, 429, "5xx"]
"#;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `st run` with `args`; prints its report and returns whether it
/// found nothing.
fn run(st: &Path, dir: &Path, base: &str, token: &str, args: &[&str]) -> bool {
    let examples = env_or("FUZZ_EXAMPLES", EXAMPLES).to_string();
    let seed = env_or("FUZZ_SEED", SEED).to_string();
    let started = Instant::now();
    let out = Command::new(st)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SCHEMATHESIS_HOOKS", "")
        .arg("--config-file")
        .arg(dir.join("schemathesis.toml"))
        .arg("run")
        .arg(format!("{base}/api/openapi.json"))
        .args(["--checks", "all"])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--max-examples", &examples])
        .args(["--seed", &seed])
        // One worker: with two, schemathesis' threads share hypothesis'
        // lambda-description cache, which is not thread-safe; a KeyError
        // there surfaced as a "Runtime Error" (FlakyFailure) in the
        // coverage phase of a random operation, a crash of the tool that
        // says nothing of the server. The examples and checks are the same.
        .args(["--workers", "1"])
        .args(["--request-timeout", "30"])
        .args(["--max-failures", "50"])
        // The forms' fields are regular expressions that spell the
        // validator exactly (trimming, lengths, control characters, the
        // phone's five digits); with some seeds hypothesis rejects enough
        // of its own drafts of the contact form to call that a failed
        // health check. That is about the generator's efficiency, not the
        // server or the document: the examples it does make are all run.
        .args(["--suppress-health-check", "filter_too_much"])
        .args(args)
        .output()
        .expect("st runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    println!(
        "schemathesis {args:?}: exit {:?} in {:.1} s",
        out.status.code(),
        started.elapsed().as_secs_f64()
    );
    out.status.success()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_nothing_over_every_operation() {
    let st = tokio::task::spawn_blocking(schemathesis)
        .await
        .expect("install");
    let t = common::start(&[
        // The fuzzer is one client sending as fast as it can.
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_CONTACT_LIMIT_PER_HOUR", "0"),
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
    ])
    .await;
    let c = common::client();
    let token = common::admin_token(&c, &t, USER, PASSWORD).await;
    // Something to find for the operations on one submission.
    let res = c
        .post(t.url("/api/contact"))
        .json(&json!({"firstName": "Fuzz", "email": "fuzz@example.com",
            "phone": "+20 100 000 0000", "message": "Hello"}))
        .send()
        .await
        .expect("contact");
    assert_eq!(res.status(), reqwest::StatusCode::CREATED);

    let dir = tempfile::tempdir().expect("scratch dir");
    std::fs::write(dir.path().join("schemathesis.toml"), CONFIG).expect("config");
    let token_check = token.clone();
    let (st2, dir2, base) = (st.clone(), dir.path().to_owned(), t.base.clone());
    // Every operation but the logout, which would end the session the
    // others use: it gets its own session and run below.
    let main = tokio::task::spawn_blocking(move || {
        run(
            &st2,
            &dir2,
            &base,
            &token,
            &["--exclude-path", "/api/admin/logout"],
        )
    })
    .await
    .expect("run");

    let logout_token = common::admin_token(&c, &t, USER, PASSWORD).await;
    let (dir2, base) = (dir.path().to_owned(), t.base.clone());
    let logout = tokio::task::spawn_blocking(move || {
        run(
            &st,
            &dir2,
            &base,
            &logout_token,
            &["--include-path", "/api/admin/logout"],
        )
    })
    .await
    .expect("run");
    assert!(main, "schemathesis found failures (report above)");
    // The admin operations were fuzzed signed in: the session is still
    // good, and the fuzzer's contact forms were stored.
    let res = c
        .get(t.url("/api/admin/dashboard/stats"))
        .bearer_auth(&token_check)
        .send()
        .await
        .expect("stats");
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let stats: serde_json::Value = res.json().await.expect("stats json");
    let stored = stats["totalSubmissions"]
        .as_u64()
        .expect("totalSubmissions");
    println!("contact forms stored during the run: {stored}");
    assert!(stored > 1, "no schema-valid contact form was accepted");
    assert!(
        logout,
        "schemathesis found failures on the logout (report above)"
    );
    t.app.shutdown().await;
}

/// Where the fuzzer found the server, not the document, to be off: JSON
/// does not tell `3.0` from `3` (nor does JSON Schema's `integer`), and a
/// bad `status` was ignored beside a good `isRead`, and a service without a
/// category listed an empty one.
#[tokio::test]
async fn where_the_fuzzer_found_the_server_off() {
    let t = common::start(&[
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
    ])
    .await;
    let c = common::client();
    let token = common::admin_token(&c, &t, USER, PASSWORD).await;
    let service = |order: serde_json::Value| {
        json!({"slug": "float-order", "titleEn": "T", "titleAr": "ت",
            "displayOrder": order})
    };
    let res = c
        .post(t.url("/api/admin/services"))
        .bearer_auth(&token)
        .json(&service(json!(3.0)))
        .send()
        .await
        .expect("create");
    assert_eq!(res.status(), reqwest::StatusCode::CREATED);
    let created: serde_json::Value = res.json().await.expect("json");
    assert_eq!(created["displayOrder"], 3);
    for bad in [
        json!(3.5),
        json!(2_147_483_648_i64),
        json!(1e10),
        json!("3"),
    ] {
        let res = c
            .put(t.url(&format!("/api/admin/services/{}", created["id"])))
            .bearer_auth(&token)
            .json(&service(bad.clone()))
            .send()
            .await
            .expect("update");
        assert_eq!(res.status(), reqwest::StatusCode::BAD_REQUEST, "{bad}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert!(body["errors"]["displayOrder"].is_string(), "{body}");
    }

    let form = |flag: serde_json::Value| {
        json!({"firstName": "Float", "email": "f@example.com", "phone": "12345",
            "message": "hi", "receiveEmails": flag})
    };
    for (flag, stored) in [(json!(1.0), true), (json!(0.0), false), (json!(-2.0), true)] {
        let res = c
            .post(t.url("/api/contact"))
            .json(&form(flag.clone()))
            .send()
            .await
            .expect("contact");
        assert_eq!(res.status(), reqwest::StatusCode::CREATED, "{flag}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["receiveEmails"], stored, "{flag}");
    }
    // Past the i64 range (-2^63 - 1 rounds to the float -2^63), or not whole.
    for flag in ["-9223372036854775809", "9223372036854775808", "0.5"] {
        let body = format!(
            r#"{{"firstName":"F","email":"f@example.com","phone":"12345","message":"m","receiveEmails":{flag}}}"#
        );
        let res = c
            .post(t.url("/api/contact"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("contact");
        assert_eq!(res.status(), reqwest::StatusCode::BAD_REQUEST, "{flag}");
    }

    // A service without a category adds no empty category, which would
    // name the path `/api/services/category/` (no route).
    let res = c
        .get(t.url("/api/services/categories"))
        .send()
        .await
        .expect("categories");
    let categories: serde_json::Value = res.json().await.expect("json");
    assert_eq!(created["category"], "");
    assert!(
        categories
            .as_array()
            .expect("array")
            .iter()
            .all(|c| c.as_str().is_some_and(|c| !c.is_empty())),
        "{categories}"
    );

    for (query, status) in [
        ("isRead=true&status=bogus", 400),
        ("isRead=bogus&status=read", 400),
        ("isRead=&status=read", 200),
        ("status=", 200),
        ("page=0", 400),
        ("page=%2B1&pageSize=%2007%20", 200),
        ("page=18446744073709551615", 200),
        ("page=18446744073709551616", 400),
    ] {
        let res = c
            .get(t.url(&format!("/api/admin/submissions?{query}")))
            .bearer_auth(&token)
            .send()
            .await
            .expect("list");
        assert_eq!(res.status().as_u16(), status, "{query}");
    }
    t.app.shutdown().await;
}
