//! `cargo xtask bench api`: the release binary's JSON API under `wrk` on
//! loopback — catalogue reads from redb, and durable contact submissions at
//! 1, 16 and 64 concurrent clients. The static page is measured in the same
//! run as the reference point.
//!
//! Each cached GET is also measured against nginx as the old stack's front
//! would answer it — `proxy_cache` in front of this same appliance, every
//! request after the first a HIT (the key includes `Accept-Encoding`, so
//! the gzip row is a HIT on the appliance's gzip bytes) — and against the
//! floor (`bench_floor`), a bare hyper server answering the appliance's own
//! bytes; the static page against nginx serving the same HTML from a file.
//! The `no-cache` rows and the writes have no counterpart there.
//!
//! Catalogue GETs are answered by the response cache (`cache` column: what
//! `X-Cache-Status` said for one request after the run); the `no-cache`
//! rows send `Cache-Control: no-cache`, which skips the cache and calls the
//! handler every time, i.e. what the catalogue costs without it.
//!
//! At 1 client every submission is its own transaction and fsync, which is
//! what one-fsync-per-request would give at any concurrency (the writer is
//! a single thread); the 16- and 64-client rows show what group commit adds.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};

use crate::bench_floor::{Manifest, Row, Server};

const SECONDS: u32 = 6;

struct Case {
    name: &'static str,
    path: &'static str,
    post: bool,
    connections: u32,
    /// Extra request headers, `Name: value`.
    headers: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "static page GET /",
        path: "/",
        post: false,
        connections: 50,
        headers: &[],
    },
    Case {
        name: "GET /api/products (list)",
        path: "/api/products",
        post: false,
        connections: 50,
        headers: &[],
    },
    Case {
        name: "GET /api/products gzip",
        path: "/api/products",
        post: false,
        connections: 50,
        headers: &["Accept-Encoding: gzip"],
    },
    Case {
        name: "GET /api/products no-cache",
        path: "/api/products",
        post: false,
        connections: 50,
        headers: &["Cache-Control: no-cache"],
    },
    Case {
        name: "GET /api/products/{slug}",
        path: "/api/products/emergency-kit",
        post: false,
        connections: 50,
        headers: &[],
    },
    Case {
        name: "GET /api/products/{slug} no-cache",
        path: "/api/products/emergency-kit",
        post: false,
        connections: 50,
        headers: &["Cache-Control: no-cache"],
    },
    Case {
        name: "POST /api/contact x1",
        path: "/api/contact",
        post: true,
        connections: 1,
        headers: &[],
    },
    Case {
        name: "POST /api/contact x16",
        path: "/api/contact",
        post: true,
        connections: 16,
        headers: &[],
    },
    Case {
        name: "POST /api/contact x64",
        path: "/api/contact",
        post: true,
        connections: 64,
        headers: &[],
    },
];

const POST_SCRIPT: &str = r#"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"firstName":"Bench","lastName":"Mark","email":"bench@example.com","phone":"+20 100 000 0000","company":"Load","message":"A durable submission from the benchmark."}'
"#;

pub fn run() -> anyhow::Result<()> {
    let built = crate::bench_floor::build_release()?;
    let work = std::env::temp_dir().join(format!("chloromaster-bench-api-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let script = work.join("post.lua");
    std::fs::write(&script, POST_SCRIPT)?;

    let appliance = start(&built.appliance, &work.join("data"))?;
    let result = measure_all(&built, &appliance, &work, &script);
    drop(appliance);
    let rows = result?;
    let _ = std::fs::remove_dir_all(&work);

    println!();
    println!(
        "wrk -d{SECONDS}s on loopback, {} cores shared by client and servers; data dir in {}; {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::env::temp_dir().display(),
        crate::bench_floor::uptime()
    );
    println!(
        "nginx: proxy_cache in front of the appliance (HIT), the page from a file; \
         floor: bare tokio (multi-thread) + hyper answering the appliance's bytes; \
         [appliance's X-Cache-Status]"
    );
    crate::bench_floor::print_table(&rows);
    let post = |c: u32| {
        CASES
            .iter()
            .zip(&rows)
            .find(|(k, _)| k.post && k.connections == c)
            .and_then(|(_, r)| r.appliance.as_ref())
            .map(|m| m.requests_per_sec)
    };
    if let (Some(one), Some(many)) = (post(1), post(64)) {
        println!(
            "group commit: 64 clients {:.1}x the one-fsync-per-request rate",
            many / one
        );
    }
    Ok(())
}

/// Whether nginx and the floor have a counterpart for the case: GETs the
/// response cache answers, and the static page.
fn compared(case: &Case) -> bool {
    !case.post && !case.headers.iter().any(|h| h.starts_with("Cache-Control"))
}

fn measure_all(
    built: &crate::bench_floor::Built,
    appliance: &Server,
    work: &Path,
    script: &Path,
) -> anyhow::Result<Vec<Row>> {
    let base = |s: &Server| format!("http://127.0.0.1:{}", s.port);
    let mut manifest = Manifest::default();
    let root = work.join("nginx-root");
    std::fs::create_dir_all(&root)?;
    let mut paths: Vec<&str> = CASES
        .iter()
        .filter(|c| compared(c))
        .map(|c| c.path)
        .collect();
    paths.sort_unstable();
    paths.dedup();
    for path in paths {
        manifest.fetch_from(
            &format!("{}{path}", base(appliance)),
            path,
            &work.join("floor"),
        )?;
    }
    // nginx serves the static page from a file, saved from the appliance.
    let status = Command::new("curl")
        .args(["-s", "-f", "-o"])
        .arg(root.join("index.html"))
        .arg(format!("{}/", base(appliance)))
        .status()
        .context("curl")?;
    if !status.success() {
        bail!("the static page could not be fetched");
    }
    let floor = crate::bench_floor::start_floor(&built.floor, &manifest, work, None)?;
    let nginx = match crate::bench_http::which("nginx") {
        Some(bin) => Some(start_nginx(&bin, work, &root, appliance.port)?),
        None => {
            println!("nginx not installed: measuring the appliance and the floor alone");
            None
        }
    };
    let mut rows = Vec::new();
    for case in CASES {
        let headers: Vec<String> = case.headers.iter().map(|h| (*h).to_owned()).collect();
        let run = |s: &Server| {
            let url = format!("{}{}", base(s), case.path);
            // One request first, so nginx's cache is filled before the run.
            let _ = cache_status(s.port, case);
            crate::bench_floor::wrk(
                &url,
                case.connections,
                SECONDS,
                &headers,
                case.post.then_some(script),
            )
            .with_context(|| case.name)
        };
        let others = compared(case);
        let nginx_m = match &nginx {
            Some(n) if others => {
                let m = run(n)?;
                let hit = cache_status(n.port, case);
                if case.path.starts_with("/api/") && hit != "HIT" {
                    bail!("{}: nginx's proxy_cache answered {hit}, not HIT", case.name);
                }
                Some(m)
            }
            _ => None,
        };
        let appliance_m = run(appliance)?;
        let floor_m = if others { Some(run(&floor)?) } else { None };
        rows.push(Row {
            name: format!("{} [{}]", case.name, cache_status(appliance.port, case)),
            nginx: nginx_m,
            appliance: Some(appliance_m),
            floor: floor_m,
        });
    }
    Ok(rows)
}

/// nginx 1.22 as the old stack's front: the page from a file, the API
/// through `proxy_cache` to the appliance (kept-alive upstream
/// connections), its `Cache-Control` ignored so that answers are cached,
/// keyed by URI and `Accept-Encoding`.
fn start_nginx(bin: &Path, work: &Path, root: &Path, upstream: u16) -> anyhow::Result<Server> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let conf = work.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            r#"worker_processes auto;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    proxy_cache_path {work}/nginx-cache levels=1:2 keys_zone=api:10m max_size=100m inactive=60m use_temp_path=off;
    upstream appliance {{ server 127.0.0.1:{upstream}; keepalive 64; }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location = / {{ try_files /index.html =404; }}
        location /api/ {{
            proxy_pass http://appliance;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_cache api;
            proxy_cache_key $request_uri|$http_accept_encoding;
            proxy_cache_valid 200 10m;
            proxy_ignore_headers Cache-Control Expires Set-Cookie Vary;
            add_header X-Cache-Status $upstream_cache_status;
        }}
    }}
}}
"#,
            work = work.display(),
            root = root.display(),
        ),
    )?;
    let child = Command::new(bin)
        .arg("-c")
        .arg(&conf)
        .arg("-e")
        .arg(work.join("nginx-error.log"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting nginx")?;
    let server = Server { child, port };
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if std::time::Instant::now() > deadline {
            bail!(
                "nginx did not start; see {}/nginx-error.log",
                work.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(server)
}

fn start(bin: &Path, data: &Path) -> anyhow::Result<Server> {
    let mut child = Command::new(bin)
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_DATA_DIR", data)
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "")
        .env("CHLORO_LOG", "warn,chloromaster::app=info")
        .env("CHLORO_LOG_FORMAT", "journald")
        .env("CHLORO_RATE_API", "1000000000")
        .env("CHLORO_RATE_API_BURST", "1000000000")
        .env("CHLORO_RATE_GENERAL", "1000000000")
        .env("CHLORO_RATE_GENERAL_BURST", "1000000000")
        // wrk's connections all come from 127.0.0.1.
        .env("CHLORO_MAX_CONNECTIONS_PER_IP", "10000")
        .env("CHLORO_CONTACT_LIMIT_PER_HOUR", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting chloromaster")?;
    let port = crate::proc::port_of(&crate::proc::wait_for_log(
        &mut child,
        "HTTP listening on http://",
    )?)?;
    Ok(Server { child, port })
}

/// `X-Cache-Status` of one more request like the case's (`-` for none).
fn cache_status(port: u16, case: &Case) -> String {
    use std::io::{Read, Write};
    if case.post {
        return "-".into();
    }
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return "?".into();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut req = format!(
        "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
        case.path
    );
    for header in case.headers {
        req.push_str(header);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    let mut out = Vec::new();
    if s.write_all(req.as_bytes()).is_err() || s.read_to_end(&mut out).is_err() {
        return "?".into();
    }
    String::from_utf8_lossy(&out)
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("x-cache-status")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_else(|| "-".into())
}
