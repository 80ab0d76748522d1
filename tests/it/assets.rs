//! The static asset server over real HTTP: cache policy, ETags, ranges,
//! compression, SPA fallback, traversal, the assets directory and reloads.

use crate::common;

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_RANGE, CONTENT_TYPE, ETAG,
    IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RANGE, VARY,
};

async fn body_of(c: &reqwest::Client, t: &common::TestApp, path: &str) -> String {
    c.get(t.url(path))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body")
}

fn fingerprinted_refs(html: &str) -> Vec<String> {
    html.split(['"', '\''])
        .filter(|s| s.starts_with('/') && (s.ends_with(".js") || s.ends_with(".css")))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn html_is_revalidated_and_references_immutable_fingerprinted_assets() {
    let t = common::start(&[]).await;
    let c = common::client();
    let res = c.get(t.url("/index.html")).send().await.expect("GET /");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[CACHE_CONTROL], "no-cache");
    assert_eq!(res.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    assert!(res.headers().contains_key(LAST_MODIFIED));
    let html = res.text().await.expect("body");
    let refs = fingerprinted_refs(&html);
    assert!(refs.len() >= 2, "a stylesheet and a script: {refs:?}");
    for r in refs {
        let name = r.rsplit('/').next().expect("name");
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "name.<hash>.ext: {r}");
        let res = c.get(t.url(&r)).send().await.expect("asset");
        assert_eq!(res.status(), StatusCode::OK, "{r}");
        assert_eq!(
            res.headers()[CACHE_CONTROL],
            "public, max-age=31536000, immutable",
            "{r}"
        );
    }
    // The unfingerprinted original stays reachable, but is revalidated.
    let res = c.get(t.url("/css/site.css")).send().await.expect("css");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[CACHE_CONTROL], "no-cache");
    assert_eq!(res.headers()[CONTENT_TYPE], "text/css; charset=utf-8");
}

#[tokio::test]
async fn etag_and_last_modified_give_304() {
    let t = common::start(&[]).await;
    let c = common::client();
    let res = c.get(t.url("/index.html")).send().await.expect("GET");
    let etag = res.headers()[ETAG].clone();
    let modified = res.headers()[LAST_MODIFIED].clone();
    assert!(
        etag.to_str().expect("ascii").starts_with('"'),
        "strong etag"
    );

    let res = c
        .get(t.url("/index.html"))
        .header(IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(res.headers()[ETAG], etag);
    assert!(res.bytes().await.expect("body").is_empty());

    let res = c
        .get(t.url("/index.html"))
        .header(
            IF_NONE_MATCH,
            "\"something-else\", W/".to_owned() + etag.to_str().expect("ascii"),
        )
        .send()
        .await
        .expect("GET");
    assert_eq!(
        res.status(),
        StatusCode::NOT_MODIFIED,
        "weak comparison in a list"
    );

    let res = c
        .get(t.url("/index.html"))
        .header(IF_NONE_MATCH, "\"stale\"")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);

    let res = c
        .get(t.url("/index.html"))
        .header(IF_MODIFIED_SINCE, modified)
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);

    // A compressed representation has its own tag, and revalidates too.
    let res = c
        .get(t.url("/index.html"))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("GET");
    let br_tag = res.headers()[ETAG].clone();
    assert_ne!(br_tag, etag);
    let res = c
        .get(t.url("/index.html"))
        .header(ACCEPT_ENCODING, "br")
        .header(IF_NONE_MATCH, br_tag)
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn single_ranges_give_206_and_unsatisfiable_ones_416() {
    let t = common::start(&[]).await;
    let c = common::client();
    let full = c
        .get(t.url("/index.html"))
        .send()
        .await
        .expect("GET")
        .bytes()
        .await
        .expect("body");

    let res = c
        .get(t.url("/index.html"))
        .header(RANGE, "bytes=0-9")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        res.headers()[CONTENT_RANGE],
        format!("bytes 0-9/{}", full.len())
    );
    assert_eq!(res.bytes().await.expect("body"), full.slice(0..10));

    let res = c
        .get(t.url("/index.html"))
        .header(RANGE, "bytes=-5")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        res.bytes().await.expect("body"),
        full.slice(full.len() - 5..)
    );

    // Ranges address the identity bytes even when the client accepts br.
    let res = c
        .get(t.url("/index.html"))
        .header(RANGE, "bytes=10-")
        .header(ACCEPT_ENCODING, "br, gzip")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert!(res.headers().get(CONTENT_ENCODING).is_none());
    assert_eq!(res.bytes().await.expect("body"), full.slice(10..));

    let res = c
        .get(t.url("/index.html"))
        .header(RANGE, "bytes=999999-")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        res.headers()[CONTENT_RANGE],
        format!("bytes */{}", full.len())
    );

    // Several ranges: the whole file, which RFC 9110 allows.
    let res = c
        .get(t.url("/index.html"))
        .header(RANGE, "bytes=0-1,4-5")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn compression_follows_accept_encoding() {
    let t = common::start(&[]).await;
    let c = common::client();
    let plain = c.get(t.url("/index.html")).send().await.expect("GET");
    assert!(plain.headers().get(CONTENT_ENCODING).is_none());
    assert_eq!(plain.headers()[VARY], "Accept-Encoding");
    let plain = plain.bytes().await.expect("body");

    let res = c
        .get(t.url("/index.html"))
        .header(ACCEPT_ENCODING, "gzip, deflate, br")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.headers()[CONTENT_ENCODING], "br");
    let br = res.bytes().await.expect("body");
    assert!(br.len() < plain.len());
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &br[..], &mut decoded).expect("valid brotli");
    assert_eq!(decoded, plain);

    let res = c
        .get(t.url("/index.html"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.headers()[CONTENT_ENCODING], "gzip");
    let gz = res.bytes().await.expect("body");
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut decoded)
        .expect("valid gzip");
    assert_eq!(decoded, plain);

    let res = c
        .get(t.url("/index.html"))
        .header(ACCEPT_ENCODING, "br;q=0, gzip;q=0")
        .send()
        .await
        .expect("GET");
    assert!(res.headers().get(CONTENT_ENCODING).is_none());

    // Tiny files are not worth compressing.
    let res = c
        .get(t.url("/robots.txt"))
        .header(ACCEPT_ENCODING, "br, gzip")
        .send()
        .await
        .expect("GET");
    assert!(res.headers().get(CONTENT_ENCODING).is_none());
}

/// The RFC 9110 rules the site shares with the datasheet downloads
/// (`chloromaster::http`): invalid ranges are ignored, several ranges get
/// the whole file, weak tags never satisfy `If-Range`, q-values choose the
/// coding, and `If-None-Match` compares against the coding sent.
#[tokio::test]
async fn ranges_conditions_and_codings_follow_rfc_9110() {
    let t = common::start(&[]).await;
    let c = common::client();
    let get = |headers: &[(&'static str, &str)]| {
        let mut req = c.get(t.url("/index.html"));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send()
    };
    let full = get(&[]).await.expect("GET");
    let etag = full.headers()[ETAG].to_str().expect("ascii").to_owned();
    let full = full.bytes().await.expect("body");

    for ignored in [
        "bytes=+5-",
        "bytes=-+5",
        "bytes=5-+9",
        "bytes=a-",
        "bytes=9-1",
        "pages=0-1",
    ] {
        let res = get(&[("range", ignored)]).await.expect("GET");
        assert_eq!(res.status(), StatusCode::OK, "{ignored}");
        assert!(res.headers().get(CONTENT_RANGE).is_none(), "{ignored}");
        assert_eq!(res.bytes().await.expect("body"), full, "{ignored}");
    }
    // Several ranges: the whole file, however they are written.
    for several in ["bytes=0-1,4-5", "bytes=-5, 0-0", "bytes=0-1,999999-"] {
        let res = get(&[("range", several)]).await.expect("GET");
        assert_eq!(res.status(), StatusCode::OK, "{several}");
        assert_eq!(res.bytes().await.expect("body"), full, "{several}");
    }
    // None of them satisfiable: 416.
    let res = get(&[("range", "bytes=999999-,1000000-")])
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        res.headers()[CONTENT_RANGE],
        format!("bytes */{}", full.len())
    );
    // A last position past the end is clamped.
    let res = get(&[("range", "bytes=0-99999999999999999999")])
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.bytes().await.expect("body"), full);

    // If-Range: the strong tag keeps the range, a weak one does not.
    let res = get(&[("range", "bytes=0-9"), ("if-range", &etag)])
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    let weak = format!("W/{etag}");
    let res = get(&[("range", "bytes=0-9"), ("if-range", &weak)])
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);

    // q-values choose between the codings the file has.
    let res = get(&[("accept-encoding", "br;q=0.5, gzip")])
        .await
        .expect("GET");
    assert_eq!(res.headers()[CONTENT_ENCODING], "gzip");
    let res = get(&[("accept-encoding", "gzip;q=0.2, *;q=0.9")])
        .await
        .expect("GET");
    assert_eq!(res.headers()[CONTENT_ENCODING], "br");
    let res = get(&[("accept-encoding", "br;q=0.1, identity;q=0.5")])
        .await
        .expect("GET");
    assert!(res.headers().get(CONTENT_ENCODING).is_none());
    let res = get(&[("accept-encoding", "identity;q=0, gzip;q=0.1")])
        .await
        .expect("GET");
    assert_eq!(res.headers()[CONTENT_ENCODING], "gzip");

    // If-None-Match is compared with the tag of the coding being sent.
    let res = get(&[("accept-encoding", "br"), ("if-none-match", &etag)])
        .await
        .expect("GET");
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the identity tag is not the br one"
    );
    let res = get(&[("if-none-match", "*")]).await.expect("GET");
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    // If-None-Match decides alone: a stale tag beats a fresh date.
    let modified = get(&[]).await.expect("GET").headers()[LAST_MODIFIED].clone();
    let res = c
        .get(t.url("/index.html"))
        .header(IF_NONE_MATCH, "\"stale\"")
        .header(IF_MODIFIED_SINCE, modified)
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn pages_are_rendered_the_admin_is_the_app_and_missing_files_are_404() {
    let t = common::start(&[]).await;
    let c = common::client();
    let shell = body_of(&c, &t, "/index.html").await;
    // The public pages are rendered on the server (tests/it/site.rs).
    for page in [
        "/",
        "/service/chlorine-system-solutions",
        "/privacy",
        "/equipment/emergency-kit/",
    ] {
        let res = c.get(t.url(page)).send().await.expect("GET");
        assert_eq!(res.status(), StatusCode::OK, "{page}");
        assert_eq!(res.headers()[CACHE_CONTROL], "no-cache", "{page}");
        assert_ne!(res.text().await.expect("body"), shell, "{page}");
    }
    // The admin panel stays the app's shell.
    let res = c.get(t.url("/admin/login")).send().await.expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.expect("body"), shell);
    for missing in ["/missing.js", "/css/nope.css", "/favicon-nope.png"] {
        let res = c.get(t.url(missing)).send().await.expect("GET");
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{missing}");
        assert!(
            res.text().await.expect("body").contains("not found"),
            "{missing}: the 404 page"
        );
    }
    // A page takes no other method (the forms post to `/` and product
    // pages, tests/it/site.rs).
    let res = c.put(t.url("/")).send().await.expect("PUT");
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()["allow"], "GET, HEAD, POST");
    let res = c.post(t.url("/privacy")).send().await.expect("POST");
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()["allow"], "GET, HEAD");
    let res = c.post(t.url("/index.html")).send().await.expect("POST");
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()["allow"], "GET, HEAD");

    let res = c.head(t.url("/")).send().await.expect("HEAD");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().contains_key("content-length"));
    assert!(res.bytes().await.expect("body").is_empty());
}

#[tokio::test]
async fn paths_the_site_does_not_have_are_404_pages() {
    let t = common::start(&[]).await;
    let c = common::client();
    for page in [
        "/terms",
        "/admin",
        "/admin/dashboard",
        "/admin/submissions/7",
        "/admin/catalogue/products/emergency-kit",
        "/service/chlorine-system-solutions/",
        "/equipment/palm-hills-water-tank",
    ] {
        let res = c.get(t.url(page)).send().await.expect("GET");
        assert_eq!(res.status(), StatusCode::OK, "{page}");
    }
    // A crawler, a monitor and a visitor all see the 404 and its page.
    for unknown in [
        "/nowhere",
        "/no/such/page",
        "/service/nope",
        "/equipment/no-such-thing",
        "/equipment/emergency-kit/extra",
        "/admin/settings",
    ] {
        let res = c.get(t.url(unknown)).send().await.expect("GET");
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{unknown}");
        assert_eq!(res.headers()[CACHE_CONTROL], "no-cache", "{unknown}");
        assert!(
            res.headers()[CONTENT_TYPE]
                .to_str()
                .expect("ascii")
                .starts_with("text/html"),
            "{unknown}"
        );
        assert!(
            res.text().await.expect("body").contains("id=\"not-found\""),
            "{unknown}"
        );
        let res = c.head(t.url(unknown)).send().await.expect("HEAD");
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "HEAD {unknown}");
    }
}

#[tokio::test]
async fn traversal_and_hidden_files_never_escape_the_site() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::write(site.join("index.html"), "<p>site</p>").expect("write");
    std::fs::write(site.join(".env"), "SECRET=1").expect("write");
    std::fs::write(dir.path().join("outside.txt"), "outside the root").expect("write");
    let site_str = site.to_str().expect("utf8");
    let t = common::start(&[("CHLORO_ASSETS_DIR", site_str)]).await;
    for path in [
        "/../outside.txt",
        "/%2e%2e/outside.txt",
        "/%2e%2e%2foutside.txt",
        "/..%2f..%2foutside.txt",
        "/%252e%252e/outside.txt",
        "/.env",
        "/%2eenv",
        "/static/..%5c..%5coutside.txt",
        "//etc/passwd",
    ] {
        let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let answer = common::raw(t.addr, req.as_bytes()).await;
        assert!(!answer.contains("outside the root"), "{path}: {answer}");
        assert!(!answer.contains("SECRET"), "{path}: {answer}");
        let status = answer.split(' ').nth(1).unwrap_or("");
        assert!(status == "404" || status == "400", "{path}: {answer}");
    }
}

#[tokio::test]
async fn an_assets_directory_obeys_the_same_rules_and_reloads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("static/js")).expect("mkdir");
    std::fs::write(
        root.join("index.html"),
        "<script src=\"/static/js/main.3f2a1b9c.js\"></script>",
    )
    .expect("write");
    let js = "console.log('react build');\n".repeat(200);
    std::fs::write(root.join("static/js/main.3f2a1b9c.js"), &js).expect("write");
    let t = common::start(&[("CHLORO_ASSETS_DIR", root.to_str().expect("utf8"))]).await;
    let c = common::client();

    let res = c
        .get(t.url("/static/js/main.3f2a1b9c.js"))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        res.headers()[CONTENT_ENCODING],
        "br",
        "precompressed at load"
    );
    let res = c.get(t.url("/dashboard")).send().await.expect("GET");
    assert_eq!(res.status(), StatusCode::OK, "SPA fallback");

    std::fs::write(root.join("index.html"), "<p>new release</p>").expect("write");
    assert!(
        !c.get(t.url("/"))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body")
            .contains("new release")
    );
    t.app.reload().await;
    assert!(
        c.get(t.url("/"))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body")
            .contains("new release")
    );
}

/// A page saved as Windows-1256 (Arabic) or Latin-1 is not UTF-8: it is
/// served byte for byte (it used to come out as an empty body), with its
/// references still fingerprinted.
#[tokio::test]
async fn an_html_page_that_is_not_utf8_is_served_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // "مرحبا" in Windows-1256, and a Latin-1 "é".
    let mut page = b"<meta charset=\"windows-1256\"><h1>\xE3\xD1\xCD\xC8\xC7 \xE9</h1>".to_vec();
    page.extend_from_slice(b"<link rel=stylesheet href=\"/site.css\">");
    assert!(std::str::from_utf8(&page).is_err());
    std::fs::write(root.join("index.html"), &page).expect("write");
    std::fs::write(root.join("site.css"), "body{margin:0}").expect("write");
    let t = common::start(&[("CHLORO_ASSETS_DIR", root.to_str().expect("utf8"))]).await;
    let c = common::client();

    let res = c
        .get(t.url("/"))
        .header(ACCEPT_ENCODING, "identity")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.bytes().await.expect("body");
    assert!(!body.is_empty(), "served empty");
    let head = b"<meta charset=\"windows-1256\"><h1>\xE3\xD1\xCD\xC8\xC7 \xE9</h1>";
    assert!(body.starts_with(head), "{body:?}");
    let rest = String::from_utf8(body[head.len()..].to_vec()).expect("ASCII after the heading");
    let refs = fingerprinted_refs(&rest);
    assert_eq!(refs.len(), 1, "{rest}");
    assert!(
        refs[0].starts_with("/site.") && refs[0] != "/site.css",
        "{rest}"
    );
    let res = c.get(t.url(&refs[0])).send().await.expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.expect("css"), "body{margin:0}");
}
