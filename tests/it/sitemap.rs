//! `/sitemap.xml` and `/robots.txt`: absolute URLs from the configured
//! public origin (else the request's host), every active service and product
//! page from the database.

use crate::common;

use reqwest::header::{CONTENT_TYPE, VARY};

async fn get(t: &common::TestApp, path: &str, host: Option<&str>) -> reqwest::Response {
    let mut req = common::client().get(t.url(path));
    if let Some(h) = host {
        req = req.header("Host", h);
    }
    let res = req.send().await.expect("GET");
    assert_eq!(res.status(), 200, "{path}");
    res
}

fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split_once("</loc>").map(|(loc, _)| loc.to_owned()))
        .collect()
}

#[tokio::test]
async fn sitemap_lists_the_catalogue_with_the_configured_origin() {
    let t = common::start(&[("CHLORO_PUBLIC_URL", "https://ChloroMaster.example/")]).await;
    let res = get(&t, "/sitemap.xml", None).await;
    assert_eq!(res.headers()[CONTENT_TYPE], "application/xml");
    assert!(
        res.headers().get(VARY).is_none(),
        "not derived from the request"
    );
    let xml = res.text().await.expect("body");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">"));
    let locs = locs(&xml);
    // 3 pages, 2 services, 18 products and 12 projects in the seeded
    // catalogue, in English and in Arabic.
    assert_eq!(locs.len(), 2 * (3 + 2 + 30), "{xml}");
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://chloromaster.example/")),
        "{locs:?}"
    );
    for page in [
        "https://chloromaster.example/",
        "https://chloromaster.example/service/chlorine-system-solutions",
        "https://chloromaster.example/equipment/emergency-kit",
        "https://chloromaster.example/equipment/palm-hills-water-tank",
        "https://chloromaster.example/ar/",
        "https://chloromaster.example/ar/privacy",
        "https://chloromaster.example/ar/equipment/emergency-kit",
    ] {
        assert!(locs.iter().any(|l| l == page), "{page} missing: {locs:?}");
    }
    // The same list the public API gives.
    let products: Vec<serde_json::Value> = common::client()
        .get(t.url("/api/products"))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    for p in products {
        let slug = p["slug"].as_str().expect("slug");
        for prefix in ["", "/ar"] {
            assert!(
                locs.contains(&format!(
                    "https://chloromaster.example{prefix}/equipment/{slug}"
                )),
                "{prefix} {slug}"
            );
        }
    }
    // Each <url> names its page in both languages and the default.
    for entry in xml.split("<url>").skip(1) {
        let links: Vec<&str> = entry.split("<xhtml:link ").skip(1).collect();
        assert_eq!(links.len(), 3, "{entry}");
        let (en, ar) = (links[0], links[1]);
        assert!(
            en.starts_with(
                "rel=\"alternate\" hreflang=\"en\" href=\"https://chloromaster.example/"
            ),
            "{entry}"
        );
        assert!(
            ar.starts_with(
                "rel=\"alternate\" hreflang=\"ar\" href=\"https://chloromaster.example/ar/"
            ),
            "{entry}"
        );
        assert!(
            links[2].starts_with("rel=\"alternate\" hreflang=\"x-default\""),
            "{entry}"
        );
        let loc = entry
            .split("</loc>")
            .next()
            .and_then(|l| l.strip_prefix("<loc>"))
            .expect("loc");
        assert!(
            en.contains(&format!("href=\"{loc}\"")) || ar.contains(&format!("href=\"{loc}\"")),
            "{entry}"
        );
    }

    let robots = get(&t, "/robots.txt", None).await;
    assert_eq!(robots.headers()[CONTENT_TYPE], "text/plain; charset=utf-8");
    let text = robots.text().await.expect("body");
    assert!(
        text.contains("Disallow: /admin\n") && text.contains("Disallow: /api/\n"),
        "{text}"
    );
    assert!(
        text.ends_with("Sitemap: https://chloromaster.example/sitemap.xml\n"),
        "{text}"
    );
    t.app.shutdown().await;
}

#[tokio::test]
async fn without_an_origin_the_request_host_is_used_only_when_plain() {
    let t = common::start(&[]).await;
    let res = get(&t, "/sitemap.xml", Some("shop.example:8080")).await;
    assert_eq!(res.headers()[VARY], "Host");
    let xml = res.text().await.expect("body");
    assert!(
        locs(&xml)
            .iter()
            .all(|l| l.starts_with("http://shop.example:8080/")),
        "{xml}"
    );
    let text = get(&t, "/robots.txt", None)
        .await
        .text()
        .await
        .expect("body");
    assert!(
        text.ends_with(&format!("Sitemap: http://{}/sitemap.xml\n", t.addr)),
        "{text}"
    );
    // A Host header with anything but a host name in it is not echoed.
    let raw = common::raw(
        t.addr,
        b"GET /sitemap.xml HTTP/1.1\r\nHost: evil.example/<x>\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(!raw.contains("evil.example"), "{raw}");
    t.app.shutdown().await;
}
