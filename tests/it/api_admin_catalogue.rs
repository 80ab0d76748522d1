//! Catalogue management through the admin API: the contract the admin UI
//! builds against, and the public (cached) catalogue seeing each write at
//! once.

use crate::common;

use reqwest::StatusCode;
use serde_json::{Value, json};

const USER: &str = "ops";
const PASSWORD: &str = "correct horse battery staple";

struct Admin {
    t: common::TestApp,
    c: reqwest::Client,
    token: String,
}

async fn admin() -> Admin {
    let t = common::start(&[
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
    ])
    .await;
    let c = common::client();
    let token = common::admin_token(&c, &t, USER, PASSWORD).await;
    Admin { t, c, token }
}

impl Admin {
    async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .c
            .request(method, self.t.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("send");
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
        let status = res.status();
        let text = res.text().await.expect("body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("JSON body")
        };
        (status, value)
    }

    /// A public GET: its status, cache status and body.
    async fn public(&self, path: &str) -> (StatusCode, String, Value) {
        let res = self.c.get(self.t.url(path)).send().await.expect("GET");
        let status = res.status();
        let cache = res.headers()["x-cache-status"]
            .to_str()
            .expect("ascii")
            .to_owned();
        (status, cache, res.json().await.expect("json"))
    }

    /// Fills the cache for `path` and checks the next read is a hit.
    async fn warm(&self, path: &str) -> Value {
        let (_, _, body) = self.public(path).await;
        let (_, cache, again) = self.public(path).await;
        assert_eq!(cache, "HIT", "{path}");
        assert_eq!(body, again);
        body
    }
}

fn service(slug: &str) -> Value {
    json!({
        "slug": slug,
        "titleEn": "Water Testing",
        "titleAr": "اختبار المياه",
        "descriptionEn": "Field and lab testing.",
        "descriptionAr": "اختبارات ميدانية ومعملية.",
        "icon": "flask",
        "category": "testing",
        "isActive": true,
        "displayOrder": 3
    })
}

fn product(slug: &str, service: &str) -> Value {
    json!({
        "slug": slug,
        "serviceSlug": service,
        "nameEn": "Chlorine Test Kit",
        "nameAr": "عدة اختبار الكلور",
        "descriptionEn": "Measures free chlorine.",
        "descriptionAr": "تقيس الكلور الحر.",
        "datasheet": null,
        "images": ["/images/kit.jpg"]
    })
}

fn slugs(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .filter_map(|v| v["slug"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn admin_catalogue_services_crud_invalidates_the_public_cache() {
    let a = admin().await;
    let before = a.warm("/api/services").await;
    assert_eq!(slugs(&before).len(), 2);
    a.warm("/api/services/water-testing").await;
    a.warm("/api/services/categories").await;

    // Create: 201 with the id; the public list sees it at once.
    let (s, created) = a
        .send(
            "POST",
            "/api/admin/services",
            Some(service("water-testing")),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let id = created["id"].as_u64().expect("id");
    assert_eq!(created["titleAr"], "اختبار المياه");
    assert_eq!(created["displayOrder"], 3);
    let (_, cache, list) = a.public("/api/services").await;
    assert_eq!(cache, "MISS");
    assert_eq!(
        slugs(&list),
        [
            "chlorine-system-solutions",
            "systems-installation-commissioning",
            "water-testing"
        ]
    );
    let (s, _, one) = a.public("/api/services/water-testing").await;
    assert_eq!((s, one["id"].as_u64()), (StatusCode::OK, Some(id)));
    let (_, _, cats) = a.public("/api/services/categories").await;
    assert_eq!(cats, json!(["chlorination", "installation", "testing"]));

    // Duplicate slug: 409; validation: 400 per field.
    let (s, body) = a
        .send(
            "POST",
            "/api/admin/services",
            Some(service("water-testing")),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(body["message"].is_string());
    let (s, body) = a
        .send(
            "POST",
            "/api/admin/services",
            Some(json!({"slug": "Bad Slug!", "titleEn": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body["errors"]["slug"].is_string(), "{body}");
    assert!(body["errors"]["titleAr"].is_string(), "{body}");
    assert!(body["errors"].get("titleEn").is_none(), "{body}");
    let long = json!({"slug": "x".repeat(101), "titleEn": "x".repeat(201), "titleAr": "y"});
    let (s, body) = a.send("POST", "/api/admin/services", Some(long)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        body["errors"]["titleEn"]
            .as_str()
            .is_some_and(|r| r.contains("at most"))
    );

    // Update, renaming the slug; inactive services leave the public list
    // but stay in the admin's.
    a.warm("/api/services").await;
    let mut changed = service("lab-testing");
    changed["isActive"] = json!(false);
    let (s, updated) = a
        .send("PUT", &format!("/api/admin/services/{id}"), Some(changed))
        .await;
    assert_eq!(s, StatusCode::OK, "{updated}");
    assert_eq!(
        (updated["slug"].as_str(), updated["id"].as_u64()),
        (Some("lab-testing"), Some(id))
    );
    let (_, cache, list) = a.public("/api/services").await;
    assert_eq!(cache, "MISS");
    assert_eq!(slugs(&list).len(), 2);
    let (s, _, _) = a.public("/api/services/water-testing").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, all) = a.send("GET", "/api/admin/services", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        slugs(&all),
        [
            "chlorine-system-solutions",
            "systems-installation-commissioning",
            "lab-testing"
        ]
    );
    assert_eq!(all[2]["isActive"], false);
    let (s, _) = a
        .send("PUT", "/api/admin/services/999", Some(service("nope")))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = a
        .send(
            "PUT",
            &format!("/api/admin/services/{id}"),
            Some(service("chlorine-system-solutions")),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "renaming onto a taken slug");

    // A service with products cannot be deleted.
    let (s, body) = a.send("DELETE", "/api/admin/services/1", None).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(
        body["message"].as_str().is_some_and(|m| m.contains("18")),
        "{body}"
    );

    // Delete: 204, gone from the admin list; the public 404 is not served
    // from a stale entry either.
    let mut active = service("lab-testing");
    active["isActive"] = json!(true);
    a.send("PUT", &format!("/api/admin/services/{id}"), Some(active))
        .await;
    a.warm("/api/services/lab-testing").await;
    let (s, body) = a
        .send("DELETE", &format!("/api/admin/services/{id}"), None)
        .await;
    assert_eq!((s, body), (StatusCode::NO_CONTENT, Value::Null));
    let (s, cache, _) = a.public("/api/services/lab-testing").await;
    assert_eq!((s, cache.as_str()), (StatusCode::NOT_FOUND, "MISS"));
    let (s, _) = a
        .send("DELETE", &format!("/api/admin/services/{id}"), None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, all) = a.send("GET", "/api/admin/services", None).await;
    assert_eq!(slugs(&all).len(), 2);
}

#[tokio::test]
async fn admin_catalogue_products_crud_invalidates_the_public_cache() {
    let a = admin().await;
    let svc = "chlorine-system-solutions";
    let list_path = format!("/api/products?service={svc}");
    assert_eq!(slugs(&a.warm(&list_path).await).len(), 18);
    a.warm("/api/products/test-kit").await;

    let (s, created) = a
        .send(
            "POST",
            "/api/admin/products",
            Some(product("test-kit", svc)),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    assert_eq!(created["images"], json!(["/images/kit.jpg"]));
    assert_eq!(created["datasheet"], Value::Null);
    let (_, cache, list) = a.public(&list_path).await;
    assert_eq!(cache, "MISS");
    assert_eq!(slugs(&list).len(), 19);
    assert_eq!(slugs(&list).last().map(String::as_str), Some("test-kit"));
    let (s, _, one) = a.public("/api/products/test-kit").await;
    assert_eq!(
        (s, one["nameEn"].as_str()),
        (StatusCode::OK, Some("Chlorine Test Kit"))
    );

    let (s, _) = a
        .send(
            "POST",
            "/api/admin/products",
            Some(product("test-kit", svc)),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, body) = a
        .send(
            "POST",
            "/api/admin/products",
            Some(product("other", "no-such-service")),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body["errors"]["serviceSlug"].is_string(), "{body}");
    let (s, body) = a
        .send("POST", "/api/admin/products", Some(json!({"slug": "x"})))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    for field in ["serviceSlug", "nameEn", "nameAr"] {
        assert!(body["errors"][field].is_string(), "{field}: {body}");
    }

    // Update with a rename and a datasheet.
    a.warm("/api/products/test-kit").await;
    let mut changed = product("chlorine-test-kit", svc);
    changed["datasheet"] = json!("ChloroMaster Emergency Kit");
    let (s, updated) = a
        .send("PUT", "/api/admin/products/test-kit", Some(changed))
        .await;
    assert_eq!(s, StatusCode::OK, "{updated}");
    assert_eq!(updated["slug"], "chlorine-test-kit");
    let (s, cache, _) = a.public("/api/products/test-kit").await;
    assert_eq!((s, cache.as_str()), (StatusCode::NOT_FOUND, "MISS"));
    let (_, _, one) = a.public("/api/products/chlorine-test-kit").await;
    assert_eq!(one["datasheet"], "ChloroMaster Emergency Kit");
    let (s, _) = a
        .send(
            "PUT",
            "/api/admin/products/chlorine-test-kit",
            Some(product("emergency-kit", svc)),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = a
        .send(
            "PUT",
            "/api/admin/products/nope",
            Some(product("nope", svc)),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, all) = a.send("GET", "/api/admin/products", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(slugs(&all).len(), 31);

    // Delete.
    a.warm("/api/products/chlorine-test-kit").await;
    a.warm(&list_path).await;
    let (s, _) = a
        .send("DELETE", "/api/admin/products/chlorine-test-kit", None)
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, cache, _) = a.public("/api/products/chlorine-test-kit").await;
    assert_eq!((s, cache.as_str()), (StatusCode::NOT_FOUND, "MISS"));
    let (_, cache, list) = a.public(&list_path).await;
    assert_eq!((cache.as_str(), slugs(&list).len()), ("MISS", 18));
    let (s, _) = a
        .send("DELETE", "/api/admin/products/chlorine-test-kit", None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// The site's page for a catalogue entry exists exactly while the entry
/// does: the server answers the app's shell with 200 or 404 from the
/// catalogue as it is now.
#[tokio::test]
async fn admin_catalogue_edits_decide_which_site_pages_exist() {
    let a = admin().await;
    let page = |path: &str| {
        let req = a.c.get(a.t.url(path));
        async move { req.send().await.expect("GET").status() }
    };
    assert_eq!(page("/service/water-testing").await, StatusCode::NOT_FOUND);
    assert_eq!(page("/equipment/test-kit").await, StatusCode::NOT_FOUND);
    let (s, body) = a
        .send(
            "POST",
            "/api/admin/services",
            Some(service("water-testing")),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = a
        .send(
            "POST",
            "/api/admin/products",
            Some(product("test-kit", "water-testing")),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(page("/service/water-testing").await, StatusCode::OK);
    assert_eq!(page("/equipment/test-kit").await, StatusCode::OK);

    let (s, _) = a.send("DELETE", "/api/admin/products/test-kit", None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(page("/equipment/test-kit").await, StatusCode::NOT_FOUND);
    assert_eq!(page("/service/water-testing").await, StatusCode::OK);
}

#[tokio::test]
async fn admin_catalogue_renaming_a_service_moves_its_products() {
    let a = admin().await;
    let (_, all) = a.send("GET", "/api/admin/services", None).await;
    let mut first = all[0].clone();
    let id = first["id"].as_u64().expect("id");
    first["slug"] = json!("chlorine-systems");
    let (s, _) = a
        .send("PUT", &format!("/api/admin/services/{id}"), Some(first))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, _, list) = a.public("/api/products?service=chlorine-systems").await;
    assert_eq!(slugs(&list).len(), 18);
    let (_, _, list) = a
        .public("/api/products?service=chlorine-system-solutions")
        .await;
    assert_eq!(slugs(&list).len(), 0);
    // The edits are durable: a restart on the same data sees them.
    let dir = a.t.data_dir;
    a.t.app.shutdown().await;
    let mut vars = common::base_vars(dir.path());
    vars.push(("CHLORO_RATE_API".into(), "100000".into()));
    let app = chloromaster::app::App::start(
        chloromaster::config::Config::from_vars(vars).expect("config"),
    )
    .await
    .expect("restart");
    // Cached responses are not trusted across a restart (a crash may have
    // lost the snapshot of an invalidation): the cache starts empty.
    assert_eq!(app.store().dbsize(chloromaster::cache::DB_HTTP_CACHE), 0);
    let url = format!("http://{}/api/services/chlorine-systems", app.http_addr());
    let res = common::client().get(url).send().await.expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    app.shutdown().await;
}
