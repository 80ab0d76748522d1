//! Parsing, errors and printing of the whole configuration.

use super::vars;
use super::*;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

fn cfg(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    Config::from_vars(vars.iter().copied())
}

#[test]
fn defaults_need_no_configuration() {
    let c = cfg(&[]).expect("defaults are valid");
    assert_eq!(c.http.addr.to_string(), "127.0.0.1:8080");
    assert_eq!(c.data_dir, PathBuf::from("data"));
    assert_eq!(c.http.rate_api.per_second.get(), 10);
    assert_eq!(c.http.rate_api.burst.get(), 20);
    assert_eq!(c.http.max_body, 20 << 20);
    assert_eq!(c.cache.max_memory, 256 << 20);
    assert_eq!(
        c.resp.addr.map(|a| a.to_string()).as_deref(),
        Some("127.0.0.1:6379")
    );
}

#[test]
fn state_directory_is_the_default_data_dir() {
    let c = cfg(&[("STATE_DIRECTORY", "/var/lib/chloromaster")]).expect("valid");
    assert_eq!(c.data_dir, PathBuf::from("/var/lib/chloromaster"));
    let c = cfg(&[("STATE_DIRECTORY", "/s"), ("CHLORO_DATA_DIR", "/d")]).expect("valid");
    assert_eq!(c.data_dir, PathBuf::from("/d"));
}

#[test]
fn bad_values_name_variable_value_and_what_is_allowed() {
    let e = cfg(&[("CHLORO_RATE_API", "fast")]).expect_err("invalid");
    assert_eq!(e.var, "CHLORO_RATE_API");
    assert_eq!(e.value, "fast");
    let line = e.to_string();
    assert!(line.contains("CHLORO_RATE_API=\"fast\""), "{line}");
    assert!(line.contains("whole number"), "{line}");
    assert!(!line.contains('\n'));

    let e = cfg(&[("CHLORO_MAX_BODY", "20 parsecs")]).expect_err("invalid");
    assert_eq!(e.var, "CHLORO_MAX_BODY");
    assert!(e.allowed.contains("20mb"));

    let e = cfg(&[("CHLORO_HTTP_ADDR", "localhost")]).expect_err("invalid");
    assert_eq!(e.var, "CHLORO_HTTP_ADDR");
}

#[test]
fn unknown_variables_are_typos() {
    let e = cfg(&[("CHLORO_RATE_APII", "5")]).expect_err("unknown");
    assert_eq!(e.var, "CHLORO_RATE_APII");
    assert!(e.allowed.contains("did you mean CHLORO_RATE_API?"), "{e}");
}

#[test]
fn https_needs_exactly_one_certificate_source() {
    let e = cfg(&[("CHLORO_HTTPS_ADDR", "127.0.0.1:8443")]).expect_err("no certs");
    assert_eq!(e.var, "CHLORO_HTTPS_ADDR");
    let e = cfg(&[
        ("CHLORO_HTTPS_ADDR", "127.0.0.1:8443"),
        ("CHLORO_ACME_DOMAINS", "example.com"),
        ("CHLORO_TLS_CERT", "/c.pem"),
        ("CHLORO_TLS_KEY", "/k.pem"),
    ])
    .expect_err("both");
    assert!(e.allowed.contains("CHLORO_ACME_DOMAINS") && e.allowed.contains("CHLORO_TLS_CERT"));
    let c = cfg(&[
        ("CHLORO_HTTPS_ADDR", "127.0.0.1:8443"),
        ("CHLORO_ACME_DOMAINS", "Example.com, www.example.com"),
    ])
    .expect("acme");
    let Some(HttpsConfig {
        certs: CertSource::Acme(a),
        ..
    }) = c.https
    else {
        panic!("acme config expected");
    };
    assert_eq!(a.domains, ["example.com", "www.example.com"]);
    assert_eq!(
        a.directory, LETS_ENCRYPT_PRODUCTION,
        "production by default"
    );
    let e = cfg(&[("CHLORO_ACME_DOMAINS", "example.com")]).expect_err("no listener");
    assert_eq!(e.var, "CHLORO_ACME_DOMAINS");
}

#[test]
fn resp_protected_mode() {
    let e = cfg(&[("CHLORO_RESP_ADDR", "0.0.0.0:6379")]).expect_err("needs password");
    assert_eq!(e.var, "CHLORO_RESP_ADDR");
    let c = cfg(&[
        ("CHLORO_RESP_ADDR", "0.0.0.0:6379"),
        ("CHLORO_RESP_PASSWORD", "s3cret"),
    ])
    .expect("password set");
    assert!(c.resp.password.is_some());
    let c = cfg(&[("CHLORO_RESP_ADDR", "")]).expect("disabled");
    assert!(c.resp.addr.is_none());
}

#[test]
fn resp_busy_poll() {
    let us = |v: &str| cfg(&[("CHLORO_RESP_BUSY_POLL_US", v)]).map(|c| c.resp.busy_poll);
    assert_eq!(cfg(&[]).expect("default").resp.busy_poll.as_micros(), 20);
    assert_eq!(us("0").expect("off"), Duration::ZERO);
    assert_eq!(us("1000").expect("max"), Duration::from_micros(1000));
    for bad in ["1001", "-1", "20us", ""] {
        let e = us(bad).expect_err(bad);
        assert_eq!(e.var, "CHLORO_RESP_BUSY_POLL_US");
        assert!(e.allowed.contains("0 to 1000"), "{e}");
    }
}

#[test]
fn resp_output_buffer_limit() {
    let lim = |v: &str| cfg(&[("CHLORO_RESP_OUTPUT_BUFFER_LIMIT", v)]).map(|c| c.resp.output_limit);
    let d = cfg(&[]).expect("default").resp.output_limit;
    assert_eq!((d.hard, d.soft, d.soft_secs), (64 << 20, 16 << 20, 60));
    let l = lim(" 32mb  1mb 5 ").expect("set");
    assert_eq!((l.hard, l.soft, l.soft_secs), (32 << 20, 1 << 20, 5));
    let l = lim("0 0 0").expect("off");
    assert_eq!((l.hard, l.soft, l.soft_secs), (0, 0, 0));
    for bad in [
        "",
        "64mb",
        "64mb 16mb",
        "64mb 16mb 60 1",
        "1kb 0 0",
        "64mb 1mb 0",
        "x 0 0",
        "64mb 1mb -1",
    ] {
        let e = lim(bad).expect_err(bad);
        assert_eq!(e.var, "CHLORO_RESP_OUTPUT_BUFFER_LIMIT");
        assert!(e.allowed.contains("<hard> <soft> <seconds>"), "{e}");
    }
}

#[test]
fn metrics_addr_default_empty_and_bad() {
    let c = cfg(&[]).expect("defaults");
    assert_eq!(
        c.metrics_addr,
        Some(SocketAddr::from(([127, 0, 0, 1], 9100)))
    );
    let c = cfg(&[("CHLORO_METRICS_ADDR", "")]).expect("disabled");
    assert!(c.metrics_addr.is_none());
    // Allowed (with a warning at start): Prometheus may scrape over a
    // private network.
    let c = cfg(&[("CHLORO_METRICS_ADDR", "0.0.0.0:9100")]).expect("any address");
    assert!(c.metrics_addr.is_some_and(|a| !a.ip().is_loopback()));
    let e = cfg(&[("CHLORO_METRICS_ADDR", "nine")]).expect_err("bad");
    assert_eq!(e.var, "CHLORO_METRICS_ADDR");
}

#[test]
fn secrets_come_from_credentials_and_are_never_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("resp-password"), "from-credential\n").expect("write");
    let c = cfg(&[("CREDENTIALS_DIRECTORY", dir.path().to_str().expect("utf8"))]).expect("valid");
    assert_eq!(
        c.resp.password.as_ref().map(Secret::expose),
        Some("from-credential")
    );
    let printed = format!("{c}\n{c:?}");
    assert!(!printed.contains("from-credential"), "{printed}");
    assert!(printed.contains("CHLORO_RESP_PASSWORD=<redacted>"));
}

#[test]
fn api_settings() {
    let c = cfg(&[]).expect("defaults");
    assert_eq!(c.api.contact_limit_per_hour, 10);
    assert_eq!(c.api.datasheet_token_ttl, Duration::from_secs(86_400));
    assert!(c.api.datasheets_dir.is_none());
    let dir = tempfile::tempdir().expect("tempdir");
    let c = cfg(&[
        ("CHLORO_CONTACT_LIMIT_PER_HOUR", "0"),
        ("CHLORO_DATASHEET_TOKEN_TTL", "2h"),
        ("CHLORO_DATASHEETS_DIR", dir.path().to_str().expect("utf8")),
    ])
    .expect("valid");
    assert_eq!(c.api.contact_limit_per_hour, 0);
    assert_eq!(c.api.datasheet_token_ttl, Duration::from_secs(7200));
    assert_eq!(c.api.datasheets_dir.as_deref(), Some(dir.path()));
    let e = cfg(&[("CHLORO_DATASHEETS_DIR", "/nonexistent/x")]).expect_err("missing dir");
    assert_eq!(e.var, "CHLORO_DATASHEETS_DIR");
    let e = cfg(&[("CHLORO_CONTACT_LIMIT_PER_HOUR", "-1")]).expect_err("negative");
    assert_eq!(e.var, "CHLORO_CONTACT_LIMIT_PER_HOUR");
}

#[test]
fn api_cache_ttls() {
    let c = cfg(&[]).expect("defaults");
    assert_eq!(c.api.cache_ttl, Duration::from_secs(300));
    assert_eq!(c.api.cache_not_found_ttl, Duration::from_secs(60));
    let c = cfg(&[
        ("CHLORO_API_CACHE_TTL", "0"),
        ("CHLORO_API_CACHE_NOT_FOUND_TTL", "1500ms"),
    ])
    .expect("valid");
    assert!(c.api.cache_ttl.is_zero());
    assert_eq!(c.api.cache_not_found_ttl, Duration::from_millis(1500));
    let e = cfg(&[("CHLORO_API_CACHE_TTL", "soon")]).expect_err("bad");
    assert_eq!(e.var, "CHLORO_API_CACHE_TTL");
    assert!(
        c.to_string()
            .contains("CHLORO_API_CACHE_NOT_FOUND_TTL=1500ms")
    );
}

#[test]
fn public_url_is_an_origin() {
    assert_eq!(cfg(&[]).expect("defaults").public_origin(), None);
    for (raw, want) in [
        ("https://Example.com/", "https://example.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://[::1]:8443", "https://[::1]:8443"),
    ] {
        let c = cfg(&[("CHLORO_PUBLIC_URL", raw)]).expect(raw);
        assert_eq!(c.public_origin().as_deref(), Some(want), "{raw}");
    }
    for bad in [
        "example.com",
        "ftp://example.com",
        "https://example.com/shop",
        "https://user@example.com",
        "https://example.com?x",
        "https://",
        "https://example.com:0",
        "https://exa mple.com",
    ] {
        let e = cfg(&[("CHLORO_PUBLIC_URL", bad)]).expect_err(bad);
        assert_eq!(e.var, "CHLORO_PUBLIC_URL", "{bad}");
        assert!(e.allowed.contains("origin"), "{bad}");
    }
}

#[test]
fn admin_settings() {
    let c = cfg(&[]).expect("defaults");
    assert_eq!(c.admin.session_ttl, Duration::from_secs(12 * 3600));
    assert!(c.admin.first_user.is_none() && c.admin.first_password.is_none());
    let c = cfg(&[
        ("CHLORO_SESSION_TTL", "30m"),
        ("CHLORO_ADMIN_USER", "ops"),
        ("CHLORO_ADMIN_PASSWORD", "a long admin secret"),
    ])
    .expect("valid");
    assert_eq!(c.admin.session_ttl, Duration::from_secs(1800));
    assert_eq!(c.admin.first_user.as_deref(), Some("ops"));
    let printed = format!("{c}\n{c:?}");
    assert!(!printed.contains("a long admin secret"), "{printed}");
    assert!(printed.contains("CHLORO_ADMIN_PASSWORD=<redacted>"));
    assert!(printed.contains("CHLORO_SESSION_TTL=30m"), "{printed}");
    let e = cfg(&[("CHLORO_ADMIN_USER", "ops")]).expect_err("user without password");
    assert_eq!(e.var, "CHLORO_ADMIN_PASSWORD");
    let e = cfg(&[("CHLORO_SESSION_TTL", "5s")]).expect_err("too short");
    assert_eq!(e.var, "CHLORO_SESSION_TTL");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("admin-password"), "from-credential\n").expect("write");
    let c = cfg(&[
        ("CHLORO_ADMIN_USER", "ops"),
        ("CREDENTIALS_DIRECTORY", dir.path().to_str().expect("utf8")),
    ])
    .expect("valid");
    assert_eq!(
        c.admin.first_password.as_ref().map(Secret::expose),
        Some("from-credential")
    );
}

#[test]
fn mail_settings_smtp_url_forms_and_redaction() {
    let c = cfg(&[]).expect("defaults");
    assert!(c.mail.smtp.is_none(), "mail is off by default");
    assert!(c.public_url.is_none());

    let c = cfg(&[
        (
            "CHLORO_SMTP_URL",
            "smtps://web%40example.com:p%40ss@Mail.Example.com",
        ),
        ("CHLORO_MAIL_FROM", "ChloroMaster <web@example.com>"),
    ])
    .expect("valid");
    let s = c.mail.smtp.as_ref().expect("smtp");
    assert_eq!(
        (s.tls, s.host.as_str(), s.port),
        (SmtpTls::Implicit, "mail.example.com", 465)
    );
    assert_eq!(s.user.as_deref(), Some("web@example.com"));
    assert_eq!(s.password.as_ref().map(Secret::expose), Some("p@ss"));
    assert_eq!(c.mail.admin, "ChloroMaster <web@example.com>");
    let printed = format!("{c}\n{c:?}");
    assert!(
        !printed.contains("p@ss") && !printed.contains("p%40ss"),
        "{printed}"
    );
    assert!(
        printed.contains(
            "CHLORO_SMTP_URL=smtps://web%40example%2Ecom:<redacted>@mail.example.com:465"
        ),
        "{printed}"
    );

    let smtp = |url: &str| {
        cfg(&[
            ("CHLORO_SMTP_URL", url),
            ("CHLORO_MAIL_FROM", "a@b.example"),
        ])
        .map(|c| c.mail.smtp.expect("smtp"))
    };
    let s = smtp("smtp://relay.example.com").expect("starttls");
    assert_eq!((s.tls, s.port), (SmtpTls::StartTlsRequired, 587));
    let s = smtp("smtp://relay.example.com:2525?tls=opportunistic").expect("opportunistic");
    assert_eq!((s.tls, s.port), (SmtpTls::StartTlsOpportunistic, 2525));
    let s = smtp("smtp://127.0.0.1:2525").expect("loopback");
    assert_eq!((s.tls, s.host.as_str()), (SmtpTls::None, "127.0.0.1"));
    let s = smtp("smtp://[::1]:25").expect("v6 loopback");
    assert_eq!(s.host, "::1");
    assert_eq!(s.redacted_url(), "smtp://[::1]:25?tls=none");
    for bad in [
        "mail.example.com",
        "http://mail.example.com",
        "smtp://relay.example.com?tls=none",
        "smtp://relay.example.com:0",
        "smtp://relay.example.com:99999",
        "smtps://relay.example.com?tls=none",
        "smtp://relay.example.com/path",
        "smtp://",
    ] {
        let e = smtp(bad).expect_err(bad);
        assert_eq!(e.var, "CHLORO_SMTP_URL", "{bad}");
    }

    let e = cfg(&[("CHLORO_SMTP_URL", "smtp://127.0.0.1:25")]).expect_err("no sender");
    assert_eq!(e.var, "CHLORO_MAIL_FROM");
    let e = cfg(&[("CHLORO_MAIL_FROM", "not an address")]).expect_err("bad sender");
    assert_eq!(e.var, "CHLORO_MAIL_FROM");
    let e = cfg(&[("CHLORO_MAIL_RETRY_BASE", "1ms")]).expect_err("too short");
    assert_eq!(e.var, "CHLORO_MAIL_RETRY_BASE");
    let e = cfg(&[("CHLORO_MAIL_MAX_ATTEMPTS", "0")]).expect_err("zero");
    assert_eq!(e.var, "CHLORO_MAIL_MAX_ATTEMPTS");

    let c = cfg(&[]).expect("defaults");
    assert_eq!(
        (c.mail.per_recipient_per_day, c.mail.visitor_per_hour),
        (3, 100)
    );
    let c = cfg(&[
        ("CHLORO_MAIL_PER_RECIPIENT_PER_DAY", "0"),
        ("CHLORO_MAIL_VISITOR_PER_HOUR", " 500 "),
    ])
    .expect("valid");
    assert_eq!(
        (c.mail.per_recipient_per_day, c.mail.visitor_per_hour),
        (0, 500)
    );
    assert!(c.to_string().contains("CHLORO_MAIL_VISITOR_PER_HOUR=500\n"));
    for (var, bad) in [
        ("CHLORO_MAIL_PER_RECIPIENT_PER_DAY", "-1"),
        ("CHLORO_MAIL_PER_RECIPIENT_PER_DAY", "three"),
        ("CHLORO_MAIL_VISITOR_PER_HOUR", "1.5"),
    ] {
        let e = cfg(&[(var, bad)]).expect_err(bad);
        assert_eq!((e.var.as_str(), e.value.as_str()), (var, bad));
        assert!(
            e.allowed.contains("0 = no mail to visitors"),
            "{}",
            e.allowed
        );
    }

    let c = cfg(&[("CHLORO_PUBLIC_URL", "HTTPS://Example.com/")]).expect("valid");
    assert_eq!(c.public_url.as_deref(), Some("https://example.com"));
    for bad in [
        "example.com",
        "ftp://example.com",
        "https://example.com/x",
        "https://u@example.com",
    ] {
        let e = cfg(&[("CHLORO_PUBLIC_URL", bad)]).expect_err(bad);
        assert_eq!(e.var, "CHLORO_PUBLIC_URL");
    }
}

#[test]
fn mail_password_from_the_smtp_password_credential() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("smtp-password"), "from-credential\n").expect("write");
    let c = cfg(&[
        ("CHLORO_SMTP_URL", "smtps://web@mail.example.com"),
        ("CHLORO_MAIL_FROM", "web@example.com"),
        ("CREDENTIALS_DIRECTORY", dir.path().to_str().expect("utf8")),
    ])
    .expect("valid");
    let s = c.mail.smtp.as_ref().expect("smtp");
    assert_eq!(
        s.password.as_ref().map(Secret::expose),
        Some("from-credential")
    );
    let printed = format!("{c}\n{c:?}");
    assert!(!printed.contains("from-credential"), "{printed}");
    assert!(printed.contains("CHLORO_SMTP_URL=smtps://web:<redacted>@mail.example.com:465"));
    let c = cfg(&[
        ("CHLORO_SMTP_URL", "smtps://web:in-url@mail.example.com"),
        ("CHLORO_MAIL_FROM", "web@example.com"),
        ("CREDENTIALS_DIRECTORY", dir.path().to_str().expect("utf8")),
    ])
    .expect("valid");
    let s = c.mail.smtp.as_ref().expect("smtp");
    assert_eq!(
        s.password.as_ref().map(Secret::expose),
        Some("in-url"),
        "the URL wins"
    );
}

#[test]
fn printed_configuration_parses_back_to_itself() {
    let c = cfg(&[
        ("CHLORO_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8"),
        ("CHLORO_MAX_BODY", "5mb"),
    ])
    .expect("valid");
    let printed = c.to_string();
    let vars: Vec<(String, String)> = printed
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.trim_matches('"').replace("\\\"", "\"")))
        .filter(|(k, _)| k != "CHLORO_RESP_PASSWORD")
        .collect();
    let again = Config::from_vars(vars).expect("printed config parses");
    assert_eq!(again.to_string(), printed);
}

#[test]
fn the_table_names_each_variable_once_and_its_defaults_are_what_config_prints() {
    let mut names: Vec<&str> = VARIABLES.iter().map(|v| v.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), VARIABLES.len(), "a name is in the table twice");
    assert!(names.iter().all(|n| n.starts_with("CHLORO_")));
    assert!(
        VARIABLES
            .iter()
            .all(|v| !v.help.is_empty() && !v.help.contains('\n'))
    );

    // With nothing set, `chloromaster config` prints each default as the
    // table (and so `--help`) states it.
    let defaults = cfg(&[]).expect("defaults");
    let printed = defaults.to_string();
    let mut unshown = Vec::new();
    for var in VARIABLES {
        let shown = (var.show)(&defaults);
        if shown.is_empty() {
            if !var.default.is_empty() {
                unshown.push(var.name);
            }
        } else {
            assert_eq!(shown, var.default, "{}", var.name);
        }
        assert!(printed.contains(&format!("\n{}=", var.name)) || printed.starts_with(var.name));
    }
    // Only the ACME settings are not printed without HTTPS.
    assert_eq!(
        unshown,
        [vars::ACME_DIRECTORY.name, vars::ACME_CHALLENGE.name]
    );
    assert_eq!(printed.lines().count(), VARIABLES.len());
}

#[test]
fn secret_variables_are_never_printed() {
    let secret = "a-very-secret-value";
    let secrets: Vec<&Var> = VARIABLES
        .iter()
        .copied()
        .filter(|v| v.redact == Redact::Secret)
        .collect();
    assert_eq!(secrets.len(), 2, "the two passwords");
    let mut vars: Vec<(&str, &str)> = secrets.iter().map(|v| (v.name, secret)).collect();
    vars.push((vars::ADMIN_USER.name, "ops"));
    let c = cfg(&vars).expect("valid");
    let printed = format!("{c}\n{c:?}");
    assert!(!printed.contains(secret), "{printed}");
    for v in secrets {
        assert!(
            printed.contains(&format!("{}=<redacted>\n", v.name)),
            "{printed}"
        );
        assert!(v.credential.is_some(), "{} also from a credential", v.name);
    }
}

#[test]
fn unknown_variable_suggestions_use_the_closest_name() {
    let e = cfg(&[("CHLORO_SMTP_ULR", "x")]).expect_err("unknown");
    assert!(e.allowed.contains("did you mean CHLORO_SMTP_URL?"), "{e}");
    let e = cfg(&[("CHLORO_SOMETHING_ELSE_ENTIRELY", "x")]).expect_err("unknown");
    assert!(!e.allowed.contains("did you mean"), "{e}");
    assert_eq!(
        e.to_string(),
        "invalid configuration: CHLORO_SOMETHING_ELSE_ENTIRELY=\"x\": unknown variable (`chloromaster config --help` lists the known ones)"
    );
}

#[test]
fn errors_never_show_a_secret() {
    // A password in a rejected SMTP URL.
    for bad in [
        "smtp://web:hunter2-pw@relay.example.com:0",
        "smtp://web:hunter2-pw@relay.example.com/path?x#y",
        "web:hunter2-pw@relay.example.com",
    ] {
        let e = cfg(&[
            ("CHLORO_SMTP_URL", bad),
            ("CHLORO_MAIL_FROM", "web@example.com"),
        ])
        .expect_err(bad);
        assert_eq!(e.var, "CHLORO_SMTP_URL");
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert!(e.value.contains("web:<redacted>@relay.example.com"), "{e}");
    }
    // A URL without a password is shown as it is.
    let e = cfg(&[("CHLORO_SMTP_URL", "smtp://web@relay.example.com:0")]).expect_err("port 0");
    assert_eq!(e.value, "smtp://web@relay.example.com:0");
    // A misspelt password variable.
    let e = cfg(&[("CHLORO_RESP_PASWORD", "hunter2-pw")]).expect_err("typo");
    assert!(
        e.allowed.contains("did you mean CHLORO_RESP_PASSWORD?"),
        "{e}"
    );
    assert_eq!(e.value, "<redacted>");
    assert!(!e.to_string().contains("hunter2"), "{e}");
    // Other typos still show their value.
    let e = cfg(&[("CHLORO_RATE_GENRAL", "5")]).expect_err("typo");
    assert_eq!(e.value, "5");
}
