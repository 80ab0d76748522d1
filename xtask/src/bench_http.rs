//! `cargo xtask bench http` and `bench tls`: the release binary under `wrk`
//! on loopback, side by side with nginx (when installed) serving the same
//! files (and, for TLS, the same certificate), each case measured in the
//! same run so the ratio is meaningful on a shared 2-core machine.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// Seconds of load per case and server; bounded so the whole run stays
/// around a minute.
const SECONDS: u32 = 8;
const CONNECTIONS: u32 = 50;
const THREADS: u32 = 2;

struct Case {
    name: &'static str,
    path: &'static str,
    accept_encoding: Option<&'static str>,
    /// A new connection (and TLS handshake) for every request.
    close: bool,
}

const HTTP_CASES: &[Case] = &[
    Case {
        name: "html 2 KB",
        path: "/index.html",
        accept_encoding: None,
        close: false,
    },
    Case {
        name: "js 150 KB identity",
        path: "/app.js",
        accept_encoding: None,
        close: false,
    },
    Case {
        name: "js 150 KB br,gzip",
        path: "/app.js",
        accept_encoding: Some("br, gzip"),
        close: false,
    },
    Case {
        name: "media jpg ~100 KB",
        path: MEDIA_PATH,
        accept_encoding: None,
        close: false,
    },
];

/// Stands for the uploaded image's variant (`/media/<sha256>.jpg`), known
/// only once the appliance has made it.
const MEDIA_PATH: &str = "{media}";

const TLS_CASES: &[Case] = &[
    Case {
        name: "html 2 KB kept-alive",
        path: "/index.html",
        accept_encoding: None,
        close: false,
    },
    Case {
        name: "handshake per request",
        path: "/index.html",
        accept_encoding: None,
        close: true,
    },
];

/// The listener under test: plain HTTP, or HTTPS with a certificate made
/// for the run.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    Http,
    Tls,
}

struct Measured {
    requests_per_sec: f64,
    p99: String,
}

pub fn run(mode: Mode) -> anyhow::Result<()> {
    let cases = match mode {
        Mode::Http => HTTP_CASES,
        Mode::Tls => TLS_CASES,
    };
    let sh = xshell::Shell::new()?;
    if which("wrk").is_none() {
        bail!("wrk is not installed (apt-get install wrk)");
    }
    xshell::cmd!(sh, "cargo build --release --quiet -p chloromaster").run()?;
    let bin = PathBuf::from("target/release/chloromaster").canonicalize()?;

    let work = std::env::temp_dir().join(format!("chloromaster-bench-http-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let site = work.join("site");
    std::fs::create_dir_all(&site)?;
    write_site(&site)?;
    let tls = match mode {
        Mode::Tls => Some(make_certificate(&work)?),
        Mode::Http => None,
    };

    let mut servers: Vec<(&str, Server)> = Vec::new();
    servers.push((
        "chloromaster",
        start_appliance(&bin, Some(&site), &work.join("data"), tls.as_ref())?,
    ));
    // The media case: an image uploaded through the admin API, its
    // variant of about 100 KB copied into nginx's root at the same path.
    let media_path = if cases.iter().any(|c| c.path == MEDIA_PATH) {
        let (_, appliance) = &servers[0];
        Some(upload_media(appliance.port, &work, &site)?)
    } else {
        None
    };
    match which("nginx") {
        Some(nginx) => servers.push(("nginx", start_nginx(&nginx, &site, &work, tls.as_ref())?)),
        None => println!("nginx not installed: measuring the appliance alone"),
    }

    let scheme = if tls.is_some() { "https" } else { "http" };
    let mut results: Vec<Vec<Measured>> = Vec::new();
    for case in cases {
        let mut row = Vec::new();
        for (_, server) in &servers {
            let path = match (case.path, &media_path) {
                (MEDIA_PATH, Some(media)) => media.as_str(),
                (path, _) => path,
            };
            let url = format!("{scheme}://127.0.0.1:{}{path}", server.port);
            check_response(&url, case)?;
            row.push(wrk(&url, case)?);
        }
        results.push(row);
    }
    // A page the appliance renders (issue 17), against a static file of
    // its own and nginx serving the same HTML saved to a file.
    let rendered = match mode {
        Mode::Http => Some(rendered_page(
            &bin,
            &site,
            &work,
            servers.get(1).map(|(_, s)| s),
        )?),
        Mode::Tls => None,
    };
    for (_, server) in &mut servers {
        server.stop();
    }
    let _ = std::fs::remove_dir_all(&work);

    println!();
    println!(
        "wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s on loopback, {} cores shared by client and server",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    print!("{:<22}", "case");
    for (name, _) in &servers {
        print!("{:>16} {:>9}", format!("{name} req/s"), "p99");
    }
    if servers.len() == 2 {
        print!("{:>10}", "ratio");
    }
    println!();
    for (case, row) in cases.iter().zip(&results) {
        print!("{:<22}", case.name);
        for m in row {
            print!("{:>16.0} {:>9}", m.requests_per_sec, m.p99);
        }
        if let [ours, theirs] = &row[..] {
            print!("{:>9.2}x", ours.requests_per_sec / theirs.requests_per_sec);
        }
        println!();
    }
    if let Some(rows) = rendered {
        println!();
        println!(
            "rendered product page (/equipment/emergency-kit, embedded site, page cache warm)"
        );
        print!("{:<22}", "case");
        for name in ["rendered req/s", "static req/s", "nginx file req/s"] {
            print!("{:>18} {:>9}", name, "p99");
        }
        println!();
        for (name, row) in rows {
            print!("{name:<22}");
            for m in &row {
                print!("{:>18.0} {:>9}", m.requests_per_sec, m.p99);
            }
            println!();
        }
    }
    Ok(())
}

/// The rendered-page case: a second appliance on the embedded site serves
/// a product page from its page cache and its own `index.html` (a static
/// file of the same site); nginx (when there) serves the product page's
/// HTML saved to a file, with `gzip_static`.
fn rendered_page(
    bin: &Path,
    site: &Path,
    work: &Path,
    nginx: Option<&Server>,
) -> anyhow::Result<Vec<(&'static str, Vec<Measured>)>> {
    const PAGE: &str = "/equipment/emergency-kit";
    let mut app = start_appliance(bin, None, &work.join("data-embedded"), None)?;
    let result = (|| {
        let saved = site.join("product.html");
        let status = Command::new("curl")
            .args(["-s", "-f", "-o"])
            .arg(&saved)
            .arg(format!("http://127.0.0.1:{}{PAGE}", app.port))
            .status()
            .context("curl")?;
        if !status.success() {
            bail!("{PAGE} could not be fetched");
        }
        let status = Command::new("gzip")
            .args(["-9", "-k", "-n", "-f"])
            .arg(&saved)
            .status()?;
        if !status.success() {
            bail!("gzip failed");
        }
        let mut rows = Vec::new();
        for (name, accept_encoding) in [("identity", None), ("gzip", Some("gzip"))] {
            let case = Case {
                name,
                path: PAGE,
                accept_encoding,
                close: false,
            };
            let mut row = Vec::new();
            let mut urls = vec![
                format!("http://127.0.0.1:{}{PAGE}", app.port),
                format!("http://127.0.0.1:{}/index.html", app.port),
            ];
            if let Some(nginx) = nginx {
                urls.push(format!("http://127.0.0.1:{}/product.html", nginx.port));
            }
            for url in urls {
                check_response(&url, &case)?;
                row.push(wrk(&url, &case)?);
            }
            rows.push((name, row));
        }
        Ok(rows)
    })();
    app.stop();
    result
}

/// A ~2 KB page and a ~150 KB script of realistic, compressible text,
/// generated deterministically so every run serves the same bytes.
fn write_site(site: &Path) -> anyhow::Result<()> {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bench</title>\
         <link rel=\"stylesheet\" href=\"/app.css\"><script type=\"module\" src=\"/app.js\"></script></head><body><main>",
    );
    let mut i = 0u32;
    while html.len() < 2000 {
        html.push_str(&format!(
            "<p class=\"item-{i}\">Chlorination equipment line {i}</p>"
        ));
        i += 1;
    }
    html.push_str("</main></body></html>");
    std::fs::write(site.join("index.html"), &html)?;

    let words = [
        "const", "function", "return", "value", "element", "document", "query", "render", "state",
        "props", "await", "fetch", "response", "json", "chlorine", "dosing", "valve",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut js = String::new();
    while js.len() < 150_000 {
        let n = next();
        let a = words[(n % words.len() as u64) as usize];
        let b = words[((n >> 8) % words.len() as u64) as usize];
        js.push_str(&format!(
            "{a} {b}_{:x} = ({a}_{}) => {b}({});\n",
            n >> 40,
            n % 97,
            n % 1013
        ));
    }
    std::fs::write(site.join("app.js"), &js)?;

    // nginx's gzip_static serves these; the appliance computes its own.
    for name in ["index.html", "app.js"] {
        let status = Command::new("gzip")
            .args(["-9", "-k", "-n", "-f"])
            .arg(site.join(name))
            .status()?;
        if !status.success() {
            bail!("gzip failed");
        }
    }
    Ok(())
}

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn stop(&mut self) {
        crate::proc::stop(&mut self.child, Duration::from_secs(10));
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A self-signed P-256 certificate for 127.0.0.1, made with openssl.
struct Cert {
    cert: PathBuf,
    key: PathBuf,
}

fn make_certificate(work: &Path) -> anyhow::Result<Cert> {
    let cert = Cert {
        cert: work.join("cert.pem"),
        key: work.join("key.pem"),
    };
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&cert.key)
        .arg("-out")
        .arg(&cert.cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("running openssl")?;
    if !status.success() {
        bail!("openssl could not make a certificate");
    }
    Ok(cert)
}

/// The appliance serving `site` (`None`: the embedded site, whose pages
/// it renders) with its data in `data`.
fn start_appliance(
    bin: &Path,
    site: Option<&Path>,
    data: &Path,
    tls: Option<&Cert>,
) -> anyhow::Result<Server> {
    let mut cmd = Command::new(bin);
    if let Some(site) = site {
        cmd.env("CHLORO_ASSETS_DIR", site);
    }
    if let Some(tls) = tls {
        cmd.env("CHLORO_HTTPS_ADDR", "127.0.0.1:0")
            .env("CHLORO_TLS_CERT", &tls.cert)
            .env("CHLORO_TLS_KEY", &tls.key);
    }
    let marker = if tls.is_some() {
        "HTTPS listening on https://"
    } else {
        "HTTP listening on http://"
    };
    let mut child = cmd
        .env("CHLORO_HTTP_ADDR", "127.0.0.1:0")
        .env("CHLORO_DATA_DIR", data)
        .env("CHLORO_RESP_ADDR", "")
        .env("CHLORO_METRICS_ADDR", "")
        // Neither server logs each request, and neither rate-limits.
        .env("CHLORO_LOG", "warn,chloromaster::app=info")
        .env("CHLORO_LOG_FORMAT", "journald")
        .env("CHLORO_RATE_GENERAL", "1000000000")
        .env("CHLORO_RATE_GENERAL_BURST", "1000000000")
        .env("CHLORO_MAX_CONNECTIONS", "10000")
        // wrk's connections all come from 127.0.0.1.
        .env("CHLORO_MAX_CONNECTIONS_PER_IP", "10000")
        // For the media case's upload.
        .env("CHLORO_ADMIN_USER", BENCH_USER)
        .env("CHLORO_ADMIN_PASSWORD", BENCH_PASSWORD)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting chloromaster")?;
    let port = crate::proc::port_of(&crate::proc::wait_for_log(&mut child, marker)?)?;
    Ok(Server { child, port })
}

const BENCH_USER: &str = "bench";
const BENCH_PASSWORD: &str = "benchmark password 123";

/// The value of the first `"key":"…"` in a JSON text (the ids, tokens and
/// URLs read here hold no escapes).
fn json_str<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let at = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    json[at..].split('"').next()
}

fn curl(args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("curl")
        .args(["-s", "-S", "--fail-with-body"])
        .args(args)
        .output()
        .context("curl")?;
    let body = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!(
            "curl {args:?} failed: {body}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(body)
}

/// Uploads a photo-like 1600 × 1200 JPEG to the appliance on `port`, waits
/// for its variants, copies the one nearest 100 KB into `site` under the
/// same path, and returns that path.
fn upload_media(port: u16, work: &Path, site: &Path) -> anyhow::Result<String> {
    let (w, h) = (1600u32, 1200u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) % 9;
        let wave = ((x / 40 + y / 30) % 16) as u8 * 6;
        image::Rgb([
            ((x * 200 / w) as u8)
                .wrapping_add(n as u8)
                .wrapping_add(wave),
            ((y * 200 / h) as u8).wrapping_add(n as u8),
            (((x + y) * 100 / (w + h)) as u8).wrapping_add(wave),
        ])
    });
    let photo = work.join("photo.jpg");
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 92).encode_image(&img)?;
    std::fs::write(&photo, &bytes)?;
    let base = format!("http://127.0.0.1:{port}");
    let login = curl(&[
        "-H",
        "content-type: application/json",
        "--data",
        &format!("{{\"username\":\"{BENCH_USER}\",\"password\":\"{BENCH_PASSWORD}\"}}"),
        &format!("{base}/api/admin/login"),
    ])?;
    let token = json_str(&login, "token").context("no token in the login answer")?;
    let auth = format!("Authorization: Bearer {token}");
    let uploaded = curl(&[
        "-H",
        &auth,
        "--data-binary",
        &format!("@{}", photo.display()),
        &format!("{base}/api/admin/media?filename=photo.jpg"),
    ])?;
    let id = json_str(&uploaded, "id").context("no id in the upload answer")?;
    let deadline = Instant::now() + Duration::from_secs(120);
    let srcset = loop {
        let media = curl(&["-H", &auth, &format!("{base}/api/admin/media/{id}")])?;
        if let Some(srcset) = json_str(&media, "srcset") {
            break srcset.to_owned();
        }
        if Instant::now() > deadline || media.contains("\"failed\"") {
            bail!("the uploaded image was not processed: {media}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut best: Option<(u64, String)> = None;
    for entry in srcset.split(", ") {
        let url = entry.split(' ').next().unwrap_or_default().to_owned();
        let file = work.join("variant.jpg");
        curl(&["-o", &file.display().to_string(), &format!("{base}{url}")])?;
        let len = std::fs::metadata(&file)?.len();
        let distance = len.abs_diff(100_000);
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, url));
        }
    }
    let (_, url) = best.context("no variant in the srcset")?;
    let dest = site.join(url.trim_start_matches('/'));
    std::fs::create_dir_all(dest.parent().context("a media path has a directory")?)?;
    curl(&["-o", &dest.display().to_string(), &format!("{base}{url}")])?;
    println!(
        "media case: {url}, {} bytes",
        std::fs::metadata(&dest)?.len()
    );
    Ok(url)
}

fn start_nginx(
    nginx: &Path,
    site: &Path,
    work: &Path,
    tls: Option<&Cert>,
) -> anyhow::Result<Server> {
    let port = free_port()?;
    let listen = match tls {
        None => format!("listen 127.0.0.1:{port};"),
        Some(tls) => format!(
            "listen 127.0.0.1:{port} ssl http2; ssl_certificate {}; ssl_certificate_key {}; \
             ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache shared:SSL:10m; ssl_session_tickets on;",
            tls.cert.display(),
            tls.key.display()
        ),
    };
    let conf = work.join("nginx.conf");
    let mut f = std::fs::File::create(&conf)?;
    write!(
        f,
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
    gzip on;
    gzip_static on;
    gzip_min_length 256;
    gzip_types text/css application/javascript text/javascript;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    server {{
        {listen}
        root {site};
        etag on;
    }}
}}
"#,
        work = work.display(),
        site = site.display(),
    )?;
    let child = Command::new(nginx)
        .arg("-c")
        .arg(&conf)
        .arg("-e")
        .arg(work.join("nginx-error.log"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting nginx")?;
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!(
                "nginx did not start; see {}",
                work.join("nginx-error.log").display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(Server { child, port })
}

/// One request by hand first, so a misconfigured server is reported
/// instead of benchmarked.
fn check_response(url: &str, case: &Case) -> anyhow::Result<()> {
    let mut args = vec![
        "-k".to_owned(),
        "-s".to_owned(),
        "-o".into(),
        "/dev/null".into(),
        "-w".into(),
        "%{http_code}".into(),
    ];
    if let Some(ae) = case.accept_encoding {
        args.push("-H".into());
        args.push(format!("Accept-Encoding: {ae}"));
    }
    args.push(url.to_owned());
    let out = Command::new("curl").args(&args).output().context("curl")?;
    let code = String::from_utf8_lossy(&out.stdout).into_owned();
    if code != "200" {
        bail!("{url} answered {code}");
    }
    Ok(())
}

fn wrk(url: &str, case: &Case) -> anyhow::Result<Measured> {
    let mut cmd = Command::new("wrk");
    cmd.arg(format!("-t{THREADS}"))
        .arg(format!("-c{CONNECTIONS}"))
        .arg(format!("-d{SECONDS}s"))
        .arg("--latency");
    if let Some(ae) = case.accept_encoding {
        cmd.arg("-H").arg(format!("Accept-Encoding: {ae}"));
    }
    if case.close {
        cmd.arg("-H").arg("Connection: close");
    }
    cmd.arg(url);
    let out = cmd.output().context("running wrk")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let requests_per_sec = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .with_context(|| format!("no Requests/sec in wrk output:\n{text}"))?;
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| "?".into());
    if text.contains("Non-2xx") {
        bail!("wrk saw non-2xx responses:\n{text}");
    }
    Ok(Measured {
        requests_per_sec,
        p99,
    })
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}
