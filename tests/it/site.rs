//! The server-rendered public site, read as a crawler and a visitor without
//! JavaScript read it: plain HTTP, no browser. Every page of the sitemap in
//! both languages, the forms posted as HTML forms, the caching rules.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY};
use serde_json::{Value, json};

use crate::common;

const ORIGIN: &str = "https://chloromaster.example";
const USER: &str = "site-admin";
const PASSWORD: &str = "correct horse battery staple";

async fn start() -> common::TestApp {
    common::start(&[
        ("CHLORO_PUBLIC_URL", ORIGIN),
        ("CHLORO_RATE_GENERAL", "100000"),
        ("CHLORO_RATE_GENERAL_BURST", "100000"),
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
    ])
    .await
}

/// `path` of an absolute URL of ours.
fn local(url: &str) -> &str {
    url.strip_prefix(ORIGIN)
        .unwrap_or_else(|| panic!("not ours: {url}"))
}

async fn page(c: &reqwest::Client, t: &common::TestApp, path: &str) -> (StatusCode, String) {
    let res = c.get(t.url(path)).send().await.expect("GET");
    let status = res.status();
    if status == StatusCode::OK || status == StatusCode::NOT_FOUND {
        assert_eq!(
            res.headers()[CONTENT_TYPE],
            "text/html; charset=utf-8",
            "{path}"
        );
        assert_eq!(res.headers()[CACHE_CONTROL], "no-cache", "{path}");
    }
    (status, res.text().await.expect("body"))
}

/// The text between the first `open` and the next `close` after it.
fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

/// `attr`'s value in every tag that starts with `tag_start`.
fn attrs<'a>(html: &'a str, tag_start: &str, attr: &str) -> Vec<&'a str> {
    html.match_indices(tag_start)
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            between(tag, &format!(" {attr}=\""), "\"")
        })
        .collect()
}

/// hreflang → href of the page's alternates.
fn alternates(html: &str) -> BTreeMap<String, String> {
    html.match_indices("<link rel=\"alternate\"")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            Some((
                between(tag, " hreflang=\"", "\"")?.to_owned(),
                between(tag, " href=\"", "\"")?.to_owned(),
            ))
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split_once("</loc>").map(|(loc, _)| loc.to_owned()))
        .collect()
}

#[tokio::test]
async fn site_every_sitemap_page_is_complete_html_in_its_language() {
    let t = start().await;
    let c = common::client();
    let xml = c
        .get(t.url("/sitemap.xml"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    let urls = locs(&xml);
    assert_eq!(urls.len(), 2 * (3 + 2 + 30), "{xml}");
    let products: Vec<Value> = c
        .get(t.url("/api/products"))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    let services: Vec<Value> = c
        .get(t.url("/api/services"))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    for url in &urls {
        let path = local(url);
        let (status, html) = page(&c, &t, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let arabic = path == "/ar/" || path.starts_with("/ar/");
        let (lang, dir) = if arabic { ("ar", "rtl") } else { ("en", "ltr") };
        // The language from the first bytes.
        let head = format!("<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">");
        assert!(html.starts_with(&head), "{path}: {}", &html[..80]);
        let title = unescape(between(&html, "<title>", "</title>").expect("title"));
        let h1 = unescape(
            between(&html, "<h1 id=\"page-title\" tabindex=\"-1\">", "</h1>").expect("h1"),
        );
        assert!(!h1.is_empty(), "{path}");
        let description = attrs(&html, "<meta name=\"description\"", "content");
        assert!(
            !description.first().expect("description").is_empty(),
            "{path}"
        );
        // The product's or service's own name, in the page's language.
        let slug = path.rsplit('/').next().expect("slug");
        if path.contains("/equipment/") {
            let p = products
                .iter()
                .find(|p| p["slug"] == slug)
                .expect("product");
            let name = p[if arabic { "nameAr" } else { "nameEn" }]
                .as_str()
                .expect("name");
            assert!(title.starts_with(name), "{path}: {title}");
            assert_eq!(h1, name, "{path}");
        }
        if path.contains("/service/") {
            let s = services
                .iter()
                .find(|s| s["slug"] == slug)
                .expect("service");
            let name = s[if arabic { "titleAr" } else { "titleEn" }]
                .as_str()
                .expect("title");
            assert!(title.starts_with(name), "{path}: {title}");
            assert_eq!(h1, name, "{path}");
        }
        // Canonical: this URL; alternates both ways, each pointing back.
        assert_eq!(
            attrs(&html, "<link rel=\"canonical\"", "href"),
            vec![url.as_str()],
            "{path}"
        );
        let alt = alternates(&html);
        assert_eq!(
            alt.keys().collect::<Vec<_>>(),
            ["ar", "en", "x-default"],
            "{path}"
        );
        assert_eq!(alt[lang], *url, "{path}");
        assert_eq!(alt["x-default"], alt["en"], "{path}");
        let other = if arabic { "en" } else { "ar" };
        let (status, other_html) = page(&c, &t, local(&alt[other])).await;
        assert_eq!(status, StatusCode::OK, "{path} → {}", alt[other]);
        assert_eq!(alternates(&other_html), alt, "{path}: the pair agrees");
        assert!(
            urls.contains(&alt[other]),
            "{path}: the other is in the sitemap"
        );
        // The language switch is a link to the other URL.
        let switch = attrs(&html, "<a id=\"lang\"", "href");
        assert_eq!(switch, vec![local(&alt[other])], "{path}");
        // JSON-LD: parses, and says what the page is.
        let ld = between(&html, "<script type=\"application/ld+json\">", "</script>").expect("ld");
        let ld: Value = serde_json::from_str(ld).unwrap_or_else(|e| panic!("{path}: {e}: {ld}"));
        let types: Vec<&str> = ld["@graph"]
            .as_array()
            .expect("graph")
            .iter()
            .filter_map(|n| n["@type"].as_str())
            .collect();
        assert!(types.contains(&"Organization"), "{path}: {types:?}");
        if path.contains("/equipment/") {
            assert!(types.contains(&"Product"), "{path}: {types:?}");
            assert!(types.contains(&"BreadcrumbList"), "{path}: {types:?}");
        }
        // Open Graph.
        assert_eq!(
            attrs(&html, "<meta property=\"og:url\"", "content"),
            vec![url.as_str()],
            "{path}"
        );
        // The page references the fingerprinted script and stylesheet.
        for r in attrs(&html, "<link rel=\"stylesheet\"", "href")
            .into_iter()
            .chain(attrs(&html, "<script type=\"module\"", "src"))
        {
            assert_eq!(r.split('.').count(), 3, "{path}: {r}");
        }
    }
    t.app.shutdown().await;
}

#[tokio::test]
async fn site_home_and_product_read_fully_without_javascript() {
    let t = start().await;
    let c = common::client();
    let (_, home) = page(&c, &t, "/").await;
    for needle in [
        "id=\"services\"",
        "href=\"/service/chlorine-system-solutions\"",
        "<form id=\"contact-form\" method=\"post\" action=\"/#contact\"",
        "name=\"email\"",
        "name=\"receiveEmails\"",
        "<details><summary>",
    ] {
        assert!(home.contains(needle), "home: {needle}");
    }
    assert!(!home.contains("need JavaScript"));
    let (_, ar) = page(&c, &t, "/ar/").await;
    assert!(ar.contains("action=\"/ar/#contact\""));
    assert!(ar.contains("href=\"/ar/service/chlorine-system-solutions\""));
    let (_, kit) = page(&c, &t, "/equipment/emergency-kit").await;
    assert!(kit.contains(
        "<form id=\"datasheet-form\" method=\"post\" action=\"/equipment/emergency-kit#datasheet\""
    ));
    assert!(kit.contains("<nav class=\"crumbs\""));
    t.app.shutdown().await;
}

#[tokio::test]
async fn site_unknown_paths_and_slugs_are_404_pages_in_their_language() {
    let t = start().await;
    let c = common::client();
    for (path, lang) in [
        ("/equipment/no-such-thing", "en"),
        ("/service/nope", "en"),
        ("/nowhere", "en"),
        ("/no/such/page", "en"),
        ("/ar/equipment/no-such-thing", "ar"),
        ("/ar/nowhere", "ar"),
    ] {
        let (status, html) = page(&c, &t, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            html.starts_with(&format!("<!doctype html>\n<html lang=\"{lang}\"")),
            "{path}"
        );
        assert!(html.contains("id=\"not-found\""), "{path}");
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{path}"
        );
    }
    // The admin panel is still the app's shell.
    let res = c.get(t.url("/admin")).send().await.expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.text().await.expect("body").contains("id=\"not-found\""));
    t.app.shutdown().await;
}

#[tokio::test]
async fn site_pages_are_cached_with_etags_304_and_precompressed_variants() {
    let t = start().await;
    let c = common::client();
    let path = "/equipment/emergency-kit";
    let res = c.get(t.url(path)).send().await.expect("GET");
    let etag = res.headers()[ETAG].clone();
    assert!(etag.to_str().expect("ascii").starts_with('"'), "strong");
    assert!(res.headers().get(CONTENT_ENCODING).is_none());
    assert!(
        res.headers()[VARY]
            .to_str()
            .expect("ascii")
            .contains("Accept-Encoding")
    );
    let plain = res.bytes().await.expect("body");
    let res = c
        .get(t.url(path))
        .header(IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);

    let res = c
        .get(t.url(path))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.headers()[CONTENT_ENCODING], "br");
    assert_ne!(res.headers()[ETAG], etag, "one tag per coding");
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &res.bytes().await.expect("body")[..], &mut out).expect("br");
    assert_eq!(out, plain);

    let res = c
        .get(t.url(path))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.headers()[CONTENT_ENCODING], "gzip");
    let mut out = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&res.bytes().await.expect("body")[..]),
        &mut out,
    )
    .expect("gzip");
    assert_eq!(out, plain);

    // HEAD: the headers, no body.
    let res = c.head(t.url(path)).send().await.expect("HEAD");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[ETAG], etag);
    t.app.shutdown().await;
}

#[tokio::test]
async fn site_home_suggests_arabic_from_accept_language_and_never_redirects() {
    let t = start().await;
    let c = common::client();
    let res = c
        .get(t.url("/"))
        .header("accept-language", "ar-EG,ar;q=0.9,en;q=0.5")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()[VARY]
            .to_str()
            .expect("ascii")
            .contains("Accept-Language")
    );
    let html = res.text().await.expect("body");
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\""));
    assert!(html.contains("id=\"lang-suggest\""));
    let res = c
        .get(t.url("/"))
        .header("accept-language", "en-GB,en")
        .send()
        .await
        .expect("GET");
    assert!(
        !res.text()
            .await
            .expect("body")
            .contains("id=\"lang-suggest\"")
    );
    // Other pages do not depend on it.
    let res = c.get(t.url("/privacy")).send().await.expect("GET");
    assert!(
        !res.headers()[VARY]
            .to_str()
            .expect("ascii")
            .contains("Accept-Language")
    );
    t.app.shutdown().await;
}

async fn post_form(
    c: &reqwest::Client,
    t: &common::TestApp,
    path: &str,
    body: &[(&str, &str)],
    extra: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut req = c
        .post(t.url(path))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(serde_urlencoded_body(body));
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let res = req.send().await.expect("POST");
    (res.status(), res.text().await.expect("body"))
}

fn serde_urlencoded_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                k,
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn site_contact_form_posts_without_javascript() {
    let t = start().await;
    let c = common::client();
    let host = t.addr.to_string();
    let same_origin = [
        ("origin", format!("http://{host}")),
        ("sec-fetch-site", "same-origin".to_owned()),
    ];
    let same: Vec<(&str, &str)> = same_origin.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, html) = post_form(
        &c,
        &t,
        "/",
        &[
            ("firstName", "Amal"),
            ("lastName", ""),
            ("email", "amal@example.com"),
            ("phone", "+20 100 000 0000"),
            ("company", "Nile <Water> & Co"),
            ("message", "We need a scrubber."),
            ("receiveEmails", "true"),
        ],
        &same,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("id=\"contact-ok\""), "confirmation");
    // Stored, visible to the admin.
    let token = common::admin_token(&c, &t, USER, PASSWORD).await;
    let list = c
        .get(t.url("/api/admin/submissions"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(list.contains("amal@example.com"), "{list}");
    assert!(list.contains("Nile <Water> & Co"), "{list}");

    // Invalid: the form again, errors by the fields, what was typed kept
    // (escaped), in the page's language.
    let (status, html) = post_form(
        &c,
        &t,
        "/ar/",
        &[
            ("firstName", "<b>Sami</b>"),
            ("email", "not-an-email"),
            ("phone", ""),
            ("message", "x"),
        ],
        &same,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        html.contains("value=\"&lt;b&gt;Sami&lt;/b&gt;\""),
        "kept, escaped"
    );
    assert!(!html.contains("<b>Sami</b>"));
    assert!(html.contains("id=\"contact-form-email\" name=\"email\" autocomplete=\"email\" inputmode=\"email\" aria-describedby=\"contact-form-email-err\" aria-required=\"true\" aria-invalid=\"true\""));
    let err = between(&html, "id=\"contact-form-email-err\">", "</p>").expect("err");
    assert_eq!(err, "يرجى إدخال بريد إلكتروني صحيح.");
    let err = between(&html, "id=\"contact-form-phone-err\">", "</p>").expect("err");
    assert_eq!(err, "هذا الحقل مطلوب.");

    // Cross-site: refused, nothing stored.
    for headers in [
        vec![("origin", "https://evil.example")],
        vec![("sec-fetch-site", "cross-site")],
    ] {
        let (status, _) = post_form(
            &c,
            &t,
            "/",
            &[
                ("firstName", "Eve"),
                ("email", "eve@example.com"),
                ("phone", "12345678"),
                ("message", "hi"),
            ],
            &headers,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{headers:?}");
    }
    let list = c
        .get(t.url("/api/admin/submissions"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(!list.contains("eve@example.com"), "{list}");
    t.app.shutdown().await;
}

#[tokio::test]
async fn site_contact_form_shares_the_apis_hourly_limit() {
    let t = common::start(&[("CHLORO_CONTACT_LIMIT_PER_HOUR", "1")]).await;
    let c = common::client();
    let form = [
        ("firstName", "A"),
        ("email", "a@example.com"),
        ("phone", "12345678"),
        ("message", "hi"),
    ];
    let (status, _) = post_form(&c, &t, "/", &form, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let res = c
        .post(t.url("/api/contact"))
        .json(&json!({"firstName": "A", "email": "a@example.com", "phone": "12345678", "message": "hi"}))
        .send()
        .await
        .expect("POST");
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "one budget for both"
    );
    let (status, html) = post_form(&c, &t, "/", &form, &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        html.contains("value=\"a@example.com\""),
        "typed values kept"
    );
    t.app.shutdown().await;
}

#[tokio::test]
async fn site_datasheet_form_answers_the_download_link() {
    let t = start().await;
    let c = common::client();
    let (status, html) = post_form(
        &c,
        &t,
        "/equipment/emergency-kit",
        &[
            ("firstName", "Omar"),
            ("email", "omar@example.com"),
            ("phone", "12345678"),
            ("company", ""),
        ],
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let link = attrs(&html, "<a download id=\"datasheet-link\"", "href");
    assert_eq!(link.len(), 1, "{html}");
    assert!(link[0].starts_with("/api/datasheet/download/"), "{link:?}");
    let (status, html) = post_form(
        &c,
        &t,
        "/ar/equipment/emergency-kit",
        &[("email", "x")],
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(
            "id=\"datasheet-form-firstName-err\">يرجى كتابة الاسم الأول أو اسم العائلة.</p>"
        )
    );
    // A product without a datasheet has no form to post.
    let (status, _) = post_form(&c, &t, "/equipment/no-such-thing", &[("email", "x")], &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    t.app.shutdown().await;
}

#[tokio::test]
async fn site_a_catalogue_edit_changes_the_page_at_once() {
    let t = start().await;
    let c = common::client();
    let token = common::admin_token(&c, &t, USER, PASSWORD).await;
    let path = "/equipment/emergency-kit";
    let res = c.get(t.url(path)).send().await.expect("GET");
    let etag = res.headers()[ETAG].clone();
    // Cached now; the ETag stays while nothing changes.
    let res = c.get(t.url(path)).send().await.expect("GET");
    assert_eq!(res.headers()[ETAG], etag);

    let mut product: Value = c
        .get(t.url("/api/products/emergency-kit"))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    product["nameEn"] = json!("Emergency Kit <Mk II> & more");
    let res = c
        .put(t.url("/api/admin/products/emergency-kit"))
        .bearer_auth(&token)
        .json(&product)
        .send()
        .await
        .expect("PUT");
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let res = c
        .get(t.url(path))
        .header(IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .expect("GET");
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the old tag no longer matches"
    );
    assert_ne!(res.headers()[ETAG], etag);
    let html = res.text().await.expect("body");
    assert!(html.contains(
        "<h1 id=\"page-title\" tabindex=\"-1\">Emergency Kit &lt;Mk II&gt; &amp; more</h1>"
    ));
    assert!(html.contains("<title>Emergency Kit &lt;Mk II&gt; &amp; more — ChloroMaster</title>"));
    t.app.shutdown().await;
}

#[tokio::test]
async fn site_product_gallery_is_responsive_pictures_with_alt_in_the_pages_language() {
    let a = crate::media::admin(&[("CHLORO_PUBLIC_URL", ORIGIN)]).await;
    let (status, m) = a
        .upload(
            "kit.jpg",
            crate::media::jpeg(&crate::media::photo(1200, 900, 7)),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    let id = m["id"].as_str().expect("id").to_owned();
    let page_before =
        a.c.get(a.t.url("/equipment/emergency-kit"))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
    assert!(!page_before.contains("<picture>"));
    let mut product: Value =
        a.c.get(a.t.url("/api/products/emergency-kit"))
            .send()
            .await
            .expect("GET")
            .json()
            .await
            .expect("json");
    product["gallery"] = json!([
        {"id": id, "altEn": "Kit \"open\", <front>", "altAr": "الحقيبة مفتوحة"},
        {"id": id, "altEn": "Kit again", "altAr": "الحقيبة مرة أخرى"},
    ]);
    let (status, body) = a
        .send("PUT", "/api/admin/products/emergency-kit", Some(product))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let m = a.ready(&id).await;
    assert_eq!(m["status"], "ready", "{m}");
    let src = m["gallery"]["src"].as_str().expect("src").to_owned();
    let srcset = m["gallery"]["srcset"].as_str().expect("srcset").to_owned();

    let html =
        a.c.get(a.t.url("/equipment/emergency-kit"))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
    assert_eq!(html.matches("<picture>").count(), 2, "{html}");
    let first = format!(
        "<img class=\"product-img\" src=\"{src}\" srcset=\"{srcset}\" sizes=\"(min-width: 56rem) 50vw, 100vw\" width=\"1200\" height=\"900\" alt=\"Kit &quot;open&quot;, &lt;front&gt;\" loading=\"eager\" fetchpriority=\"high\" decoding=\"async\">"
    );
    assert!(html.contains(&first), "{html}");
    assert!(
        html.contains("alt=\"Kit again\" loading=\"lazy\""),
        "{html}"
    );
    assert_eq!(
        attrs(&html, "<meta property=\"og:image\"", "content"),
        vec![format!("{ORIGIN}{src}").as_str()]
    );
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    let ld = between(&html, "<script type=\"application/ld+json\">", "</script>").expect("ld");
    let ld: Value = serde_json::from_str(ld).expect("json-ld");
    let product = ld["@graph"]
        .as_array()
        .expect("graph")
        .iter()
        .find(|n| n["@type"] == "Product")
        .expect("Product");
    assert_eq!(product["image"][0], format!("{ORIGIN}{src}"));
    let ar =
        a.c.get(a.t.url("/ar/equipment/emergency-kit"))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
    assert!(
        ar.contains("alt=\"الحقيبة مفتوحة\" loading=\"eager\""),
        "{ar}"
    );
    a.t.app.shutdown().await;
}
