//! The response cache of the public catalogue, over real sockets: what is
//! cached and for how long, what never is, coalescing, and the entries as a
//! Redis client sees them.

use crate::common;

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

const RATE: [(&str, &str); 2] = [
    ("CHLORO_RATE_API", "100000"),
    ("CHLORO_RATE_API_BURST", "100000"),
];

async fn start(extra: &[(&str, &str)]) -> common::TestApp {
    let mut vars: Vec<(&str, &str)> = RATE.to_vec();
    vars.extend_from_slice(extra);
    common::start(&vars).await
}

fn status(h: &HeaderMap) -> &str {
    h.get("x-cache-status")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("(none)")
}

async fn get(
    c: &reqwest::Client,
    url: String,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut req = c.get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.expect("GET");
    let (s, h) = (res.status(), res.headers().clone());
    (s, h, res.bytes().await.expect("body").to_vec())
}

#[tokio::test]
async fn api_cache_miss_then_hit_with_etag_head_and_encodings() {
    let t = start(&[]).await;
    let c = common::client();
    let reads = || t.app.db().reads_started();

    let (s, h, body) = get(&c, t.url("/api/services"), &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(status(&h), "MISS");
    let etag = h["etag"].to_str().expect("etag").to_owned();
    let before = reads();
    let (s, h, again) = get(&c, t.url("/api/services"), &[]).await;
    assert_eq!((s, status(&h)), (StatusCode::OK, "HIT"));
    assert_eq!(again, body, "a hit serves the stored bytes");
    assert_eq!(h["etag"].to_str().expect("etag"), etag);
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(reads(), before, "a hit does not touch the database");

    // Conditional requests: 304 on a hit, with the ETag and no body.
    let (s, h, b) = get(&c, t.url("/api/services"), &[("if-none-match", &etag)]).await;
    assert_eq!((s, status(&h)), (StatusCode::NOT_MODIFIED, "HIT"));
    assert_eq!(h["etag"].to_str().expect("etag"), etag);
    assert!(b.is_empty());
    let (s, _, _) = get(
        &c,
        t.url("/api/services"),
        &[("if-none-match", "\"other\"")],
    )
    .await;
    assert_eq!(s, StatusCode::OK);

    // HEAD is answered from the GET entry: the length, no body.
    let res = c.head(t.url("/api/services")).send().await.expect("HEAD");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(status(res.headers()), "HIT");
    assert_eq!(
        res.headers()["content-length"].to_str().expect("len"),
        body.len().to_string()
    );

    // Each negotiated encoding is its own entry, stored compressed.
    let gz = [("accept-encoding", "gzip")];
    let (_, h, zipped) = get(&c, t.url("/api/services"), &gz).await;
    assert_eq!(status(&h), "MISS");
    assert_eq!(h["content-encoding"], "gzip");
    assert_ne!(
        h["etag"].to_str().expect("etag"),
        etag,
        "one ETag per encoding"
    );
    let (_, h, zipped_again) = get(&c, t.url("/api/services"), &gz).await;
    assert_eq!(
        (status(&h), &h["content-encoding"]),
        ("HIT", &"gzip".parse().expect("v"))
    );
    assert_eq!(zipped, zipped_again);
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&zipped[..]), &mut plain)
        .expect("gunzip");
    assert_eq!(plain, body);
    let (_, h, _) = get(
        &c,
        t.url("/api/services"),
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(
        (status(&h), &h["content-encoding"]),
        ("MISS", &"br".parse().expect("v"))
    );
    let (_, h, _) = get(
        &c,
        t.url("/api/services"),
        &[("accept-encoding", "gzip;q=1, br")],
    )
    .await;
    assert_eq!(status(&h), "HIT", "same negotiated encoding, same entry");

    // The query is part of the key.
    let (_, h, _) = get(
        &c,
        t.url("/api/products?service=chlorine-system-solutions"),
        &[],
    )
    .await;
    assert_eq!(status(&h), "MISS");
    let (_, h, _) = get(&c, t.url("/api/products"), &[]).await;
    assert_eq!(status(&h), "MISS");
    let (_, h, _) = get(
        &c,
        t.url("/api/products?service=chlorine-system-solutions"),
        &[],
    )
    .await;
    assert_eq!(status(&h), "HIT");
}

#[tokio::test]
async fn api_cache_never_stores_what_it_must_not() {
    let t = start(&[]).await;
    let c = common::client();
    // Credentials bypass, and do not fill the cache for others.
    for (name, value) in [
        ("authorization", "Bearer abc"),
        ("cookie", "chloro_admin=abc"),
    ] {
        let (s, h, _) = get(&c, t.url("/api/services"), &[(name, value)]).await;
        assert_eq!((s, status(&h)), (StatusCode::OK, "BYPASS"), "{name}");
    }
    let (_, h, _) = get(&c, t.url("/api/services"), &[]).await;
    assert_eq!(status(&h), "MISS");
    // Any other cookie is no credential.
    let (_, h, _) = get(&c, t.url("/api/services"), &[("cookie", "theme=dark")]).await;
    assert_eq!(status(&h), "HIT");

    // Not the catalogue, not GET, admin, unknown API paths, datasheets:
    // BYPASS every time.
    for path in [
        "/api/admin/dashboard/stats",
        "/api/admin/",
        "/api/no-such-thing",
        "/api/",
        "/api/openapi.json",
        "/api/datasheet/download/0000",
    ] {
        for _ in 0..2 {
            let (_, h, _) = get(&c, t.url(path), &[]).await;
            assert_eq!(status(&h), "BYPASS", "{path}");
        }
    }
    let res = c
        .post(t.url("/api/contact"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(status(res.headers()), "BYPASS");
    let res = c
        .delete(t.url("/api/services"))
        .send()
        .await
        .expect("DELETE");
    assert_eq!(status(res.headers()), "BYPASS");
    // The site is not /api: no header.
    let (_, h, _) = get(&c, t.url("/"), &[]).await;
    assert!(h.get("x-cache-status").is_none());
    // Only the one catalogue entry exists.
    assert_eq!(t.app.store().dbsize(chloromaster::cache::DB_HTTP_CACHE), 1);
}

#[tokio::test]
async fn api_cache_no_cache_request_refreshes_the_entry() {
    let t = start(&[]).await;
    let c = common::client();
    let (_, h, _) = get(&c, t.url("/api/services/categories"), &[]).await;
    assert_eq!(status(&h), "MISS");
    let reads = t.app.db().reads_started();
    for header in [("cache-control", "no-cache"), ("pragma", "no-cache")] {
        let (s, h, _) = get(&c, t.url("/api/services/categories"), &[header]).await;
        assert_eq!((s, status(&h)), (StatusCode::OK, "BYPASS"));
    }
    assert_eq!(
        t.app.db().reads_started(),
        reads + 2,
        "each went to the database"
    );
    let (_, h, _) = get(&c, t.url("/api/services/categories"), &[]).await;
    assert_eq!(status(&h), "HIT");
}

#[tokio::test]
async fn api_cache_entries_expire_after_the_configured_ttls() {
    let t = start(&[
        ("CHLORO_API_CACHE_TTL", "400ms"),
        ("CHLORO_API_CACHE_NOT_FOUND_TTL", "200ms"),
    ])
    .await;
    let c = common::client();
    let (_, h, _) = get(&c, t.url("/api/services"), &[]).await;
    assert_eq!(status(&h), "MISS");
    let (s, h, _) = get(&c, t.url("/api/products/nope"), &[]).await;
    assert_eq!((s, status(&h)), (StatusCode::NOT_FOUND, "MISS"));
    let (s, h, _) = get(&c, t.url("/api/products/nope"), &[]).await;
    assert_eq!((s, status(&h)), (StatusCode::NOT_FOUND, "HIT"));
    tokio::time::sleep(Duration::from_millis(250)).await;
    // The 404 is stale after its shorter TTL; the 200 is still fresh.
    let (s, h, _) = get(&c, t.url("/api/products/nope"), &[]).await;
    assert_eq!((s, status(&h)), (StatusCode::NOT_FOUND, "EXPIRED"));
    let (_, h, _) = get(&c, t.url("/api/services"), &[]).await;
    assert_eq!(status(&h), "HIT");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (_, h, _) = get(&c, t.url("/api/services"), &[]).await;
    assert_eq!(status(&h), "EXPIRED");
    let (_, h, _) = get(&c, t.url("/api/services"), &[]).await;
    assert_eq!(status(&h), "HIT", "the refetched entry is fresh again");
}

#[tokio::test]
async fn api_cache_ttl_zero_turns_it_off() {
    let t = start(&[
        ("CHLORO_API_CACHE_TTL", "0"),
        ("CHLORO_API_CACHE_NOT_FOUND_TTL", "0"),
    ])
    .await;
    let c = common::client();
    for _ in 0..2 {
        let (s, h, _) = get(&c, t.url("/api/services"), &[]).await;
        assert_eq!((s, status(&h)), (StatusCode::OK, "BYPASS"));
    }
    assert_eq!(t.app.store().dbsize(chloromaster::cache::DB_HTTP_CACHE), 0);
}

#[tokio::test]
async fn api_cache_concurrent_requests_make_one_database_call() {
    let t = start(&[]).await;
    let c = common::client();
    let before = t.app.db().reads_started();
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let (c, url) = (c.clone(), t.url("/api/products"));
        tasks.push(tokio::spawn(async move {
            let res = c.get(url).send().await.expect("GET");
            assert_eq!(res.status(), StatusCode::OK);
            status(res.headers()).to_owned()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    assert_eq!(t.app.db().reads_started() - before, 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| *s == "MISS").count(), 1);
    assert_eq!(statuses.iter().filter(|s| *s == "HIT").count(), 31);
}

#[tokio::test]
async fn api_cache_entries_are_out_of_reach_of_redis_clients() {
    let t = start(&[("CHLORO_RESP_ADDR", "127.0.0.1:0")]).await;
    let c = common::client();
    get(&c, t.url("/api/services?x=1"), &[]).await;
    let addr = t.app.resp_addr().expect("RESP bound");
    let client = redis::Client::open(format!("redis://{addr}/2")).expect("client");
    let mut con = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query_async(&mut con)
        .await
        .expect("KEYS");
    assert!(keys.is_empty(), "{keys:?}");
    let _: () = redis::cmd("FLUSHALL")
        .query_async(&mut con)
        .await
        .expect("FLUSHALL");
    let (_, h, _) = get(&c, t.url("/api/services?x=1"), &[]).await;
    assert_eq!(status_of(&h), "HIT");
}

fn status_of(h: &HeaderMap) -> &str {
    status(h)
}
