//! The response cache against a database that really fails: the disk
//! fills, the writer's reopen fails, reads become unavailable, and the
//! catalogue is served from stale entries until the disk recovers.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use http::StatusCode;

use super::*;
use crate::api::response_cache::STATUS_HEADER;
use crate::db::tests_disk_full::open_fillable;

fn cache_status(r: &Reply) -> &str {
    r.headers
        .get(STATUS_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("(none)")
}

#[tokio::test]
async fn api_cache_serves_stale_while_the_database_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let full = Arc::new(AtomicBool::new(false));
    let db = open_fillable(dir.path(), full.clone());
    let config = Config::from_vars([("CHLORO_API_CACHE_TTL", "200ms")]).expect("config");
    let h = Harness {
        app: router(ApiState::new(db.clone(), &config)),
        db,
        dir,
    };
    let fresh = h.get("/services").await;
    assert_eq!(
        (fresh.status, cache_status(&fresh)),
        (StatusCode::OK, "MISS")
    );

    // Fill the disk: a commit fails, and the writer's reopen after it
    // fails too, which leaves reads unavailable.
    full.store(true, Ordering::SeqCst);
    let mut big = crate::db::NewContact {
        first_name: "N".into(),
        email: "n@example.com".into(),
        phone: "0100000000".into(),
        message: "x".repeat(200_000),
        ..Default::default()
    };
    h.db.insert_contact(big.clone()).await.expect_err("full");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    big.first_name = "M".into();
    h.db.insert_contact(big).await.expect_err("still full");
    assert!(h.db.services().await.is_err(), "reads are unavailable");

    // The entry is past its 200 ms freshness but kept: served STALE.
    let stale = h.get("/services").await;
    assert_eq!(
        (stale.status, cache_status(&stale)),
        (StatusCode::OK, "STALE")
    );
    assert_eq!(stale.body, fresh.body);
    // Without an entry there is nothing to fall back on.
    let none = h.get("/services/categories").await;
    assert_eq!(none.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(cache_status(&none), "MISS");

    // Space freed: the writer recovers by itself and the entry is refreshed.
    full.store(false, Ordering::SeqCst);
    let mut back = None;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let r = h.get("/services").await;
        if cache_status(&r) == "EXPIRED" {
            back = Some(r);
            break;
        }
    }
    let back = back.expect("the database came back");
    assert_eq!(back.status, StatusCode::OK);
    let hit = h.get("/services").await;
    assert_eq!(cache_status(&hit), "HIT");
}
