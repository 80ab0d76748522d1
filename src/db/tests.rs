//! Tests of the data layer against real files in temporary directories.

use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::time::Duration;

use redb::ReadableTableMetadata;

use super::models::{Contact, NewContact, Visit};
use super::record::RecordTable;
use super::schema::{self, META, SCHEMA_KEY};
use super::*;

fn contact(n: usize) -> NewContact {
    NewContact {
        first_name: format!("Visitor {n}"),
        email: format!("v{n}@example.com"),
        phone: "+20 100 000 0000".into(),
        message: "Please call me".into(),
        ip_address: Some("203.0.113.7".parse().expect("ip")),
        ..NewContact::default()
    }
}

#[tokio::test]
async fn db_first_open_creates_schema_and_seeds_catalogue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    assert!(dir.path().join(FILE_NAME).exists());
    let services = db.services().await.expect("services");
    assert_eq!(services.len(), 2);
    assert_eq!(services[0].slug, "chlorine-system-solutions");
    assert_eq!(services[1].slug, "systems-installation-commissioning");
    let products = db.products(None).await.expect("products");
    assert_eq!(products.len(), 30);
    let chlorine = db
        .products(Some("chlorine-system-solutions".into()))
        .await
        .expect("products");
    assert_eq!(chlorine.len(), 18);
    assert!(chlorine.iter().all(|p| p.datasheet.is_some()));
    let projects = db
        .products(Some("systems-installation-commissioning".into()))
        .await
        .expect("projects");
    assert_eq!(projects.len(), 12);
    assert!(projects.iter().all(|p| p.datasheet.is_none()));
    // Every Arabic name is really Arabic.
    for p in &products {
        assert!(
            p.name_ar
                .chars()
                .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            "{}",
            p.slug
        );
        assert!(
            p.description_ar
                .chars()
                .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            "{}",
            p.slug
        );
    }
    assert_eq!(
        db.find_datasheet("emergency-kit".into())
            .await
            .expect("find")
            .as_deref(),
        Some("ChloroMaster Emergency Kit")
    );
    assert_eq!(
        db.find_datasheet("Chlorine Line ball Valve".into())
            .await
            .expect("find")
            .as_deref(),
        Some("ChloroMaster Line ball Valve C.S")
    );
    assert_eq!(
        db.find_datasheet("chloromaster emergency kit".into())
            .await
            .expect("find")
            .as_deref(),
        Some("ChloroMaster Emergency Kit")
    );
    assert_eq!(
        db.find_datasheet("palm-hills-water-tank".into())
            .await
            .expect("find"),
        None
    );
    db.check_ready().await.expect("ready");
    db.close().await;
}

#[tokio::test]
async fn db_acknowledged_write_is_there_after_reopen_and_seed_is_not_repeated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    let c = db.insert_contact(contact(1)).await.expect("insert");
    assert_eq!(c.id, 1);
    assert!(!c.is_read);
    db.close().await;
    drop(db);

    let db = Db::open(dir.path()).expect("reopen");
    assert_eq!(
        db.contact(1).await.expect("read").map(|c| c.email),
        Some("v1@example.com".into())
    );
    assert_eq!(db.products(None).await.expect("products").len(), 30);
    let c2 = db.insert_contact(contact(2)).await.expect("insert");
    assert_eq!(c2.id, 2, "ids continue after a restart");
    assert_eq!(db.contact_counts().await.expect("counts"), (2, 2));
    let newest = db.contacts_newest_first(0, 10).await.expect("list");
    assert_eq!(newest.iter().map(|c| c.id).collect::<Vec<_>>(), vec![2, 1]);
}

#[tokio::test]
async fn db_second_open_of_the_same_directory_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _db = Db::open(dir.path()).expect("open");
    let err = Db::open(dir.path()).expect_err("second open must fail");
    assert!(matches!(err, OpenError::AlreadyInUse { .. }), "{err:?}");
    assert!(err.to_string().contains("already in use"), "{err}");
}

#[tokio::test]
async fn db_a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(FILE_NAME);
    {
        let raw = redb::Database::create(&path).expect("create");
        let txn = raw.begin_write().expect("txn");
        txn.open_table(META)
            .expect("meta")
            .insert(SCHEMA_KEY, 99)
            .expect("insert");
        txn.commit().expect("commit");
    }
    let err = Db::open(dir.path()).expect_err("must refuse");
    assert!(
        matches!(
            err,
            OpenError::NewerSchema {
                found: 99,
                supported: SCHEMA_VERSION,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer"), "{err}");
    let raw = redb::Database::create(&path).expect("reopen raw");
    let txn = raw.begin_read().expect("read");
    let meta = txn.open_table(META).expect("meta");
    assert_eq!(
        meta.get(SCHEMA_KEY).expect("get").map(|v| v.value()),
        Some(99)
    );
}

#[tokio::test]
async fn db_a_schema_1_file_is_migrated() {
    // A file as schema version 1 wrote it: contacts without the unread index.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(FILE_NAME);
    {
        let raw = redb::Database::create(&path).expect("create");
        let txn = raw.begin_write().expect("txn");
        {
            let mut meta = txn.open_table(META).expect("meta");
            meta.insert(SCHEMA_KEY, 1).expect("version");
            meta.insert("seq.contacts", 2).expect("seq");
            let table: RecordTable<u64, Contact> = schema::CONTACTS;
            let mut contacts = txn.open_table(table.def()).expect("contacts");
            for (id, is_read) in [(1, true), (2, false)] {
                let c = Contact {
                    id,
                    first_name: "Old".into(),
                    last_name: String::new(),
                    email: "old@example.com".into(),
                    phone: "1".into(),
                    company: String::new(),
                    industry: String::new(),
                    country: String::new(),
                    postal_code: String::new(),
                    message: "m".into(),
                    receive_emails: false,
                    submitted_at: Timestamp(1_700_000_000_000 + id),
                    ip_address: None,
                    user_agent: String::new(),
                    is_read,
                };
                table.put(&mut contacts, id, &c).expect("put");
            }
        }
        txn.commit().expect("commit");
    }
    let db = Db::open(dir.path()).expect("migrating open");
    assert_eq!(
        db.contact_counts().await.expect("counts"),
        (2, 1),
        "unread index built"
    );
    assert_eq!(db.insert_contact(contact(3)).await.expect("insert").id, 3);
    db.check_ready().await.expect("ready at the current schema");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn db_concurrent_writes_are_group_committed_with_unique_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    let n = 200;
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move { db.insert_contact(contact(i)).await })
        })
        .collect();
    let mut ids = HashSet::new();
    for t in tasks {
        ids.insert(t.await.expect("join").expect("insert").id);
    }
    assert_eq!(ids.len(), n);
    let commits = db.stats().commits.load(Ordering::Relaxed);
    let jobs = db.stats().jobs.load(Ordering::Relaxed);
    assert_eq!(jobs, n as u64);
    assert!(
        commits < jobs,
        "{commits} commits for {jobs} writes: no grouping"
    );
    db.close().await;
    drop(db);
    let db = Db::open(dir.path()).expect("reopen");
    assert_eq!(db.contact_counts().await.expect("counts").0, n as u64);
}

fn visit(page: &str) -> Visit {
    Visit {
        at: Timestamp::now(),
        page_url: page.into(),
        page_title: String::new(),
        referrer: String::new(),
        session_duration_secs: None,
        device: "desktop".into(),
        browser: "Firefox".into(),
        visitor: [7; 16],
    }
}

#[tokio::test]
async fn db_visits_are_flushed_within_the_window_and_on_close() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    let today = Timestamp::now().day();
    db.record_visit(visit("/a"));
    db.record_visit(visit("/b"));
    assert!(
        db.visits_on_day(today).await.expect("read").is_empty(),
        "buffered, not yet written"
    );
    tokio::time::sleep(VISIT_FLUSH_INTERVAL + Duration::from_millis(500)).await;
    assert_eq!(db.visits_on_day(today).await.expect("read").len(), 2);
    db.record_visit(visit("/c"));
    db.close().await;
    drop(db);
    let db = Db::open(dir.path()).expect("reopen");
    assert_eq!(db.visits_on_day(today).await.expect("read").len(), 3);
}

#[tokio::test]
async fn db_visitor_salt_is_stable_per_day_and_old_days_are_forgotten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    let a = db.visitor_salt(100).await.expect("salt");
    assert_eq!(db.visitor_salt(100).await.expect("salt"), a);
    let b = db.visitor_salt(101).await.expect("salt");
    assert_ne!(a, b);
    db.close().await;
    drop(db);
    let db = Db::open(dir.path()).expect("reopen");
    assert_eq!(
        db.visitor_salt(101).await.expect("salt"),
        b,
        "survives a restart"
    );
    let salts = db
        .read(|txn| Ok(txn.open_table(schema::VISIT_SALTS)?.len()?))
        .await
        .expect("count");
    assert_eq!(salts, 1);
}

#[tokio::test]
async fn db_download_tokens_expire() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    let now = Timestamp::now();
    let req = NewDatasheetRequest {
        first_name: "A".into(),
        email: "a@example.com".into(),
        phone: "1".into(),
        datasheet: "ChloroMaster Emergency Kit".into(),
        ..NewDatasheetRequest::default()
    };
    let r = db
        .insert_datasheet_request(
            req,
            "tok".into(),
            [1; 32],
            now.saturating_add(Duration::from_secs(60)),
        )
        .await
        .expect("insert");
    assert_eq!(r.id, 1);
    assert_eq!(
        db.token_state([1; 32], now).await.expect("state"),
        TokenState::Valid {
            datasheet: "ChloroMaster Emergency Kit".into(),
            media: None,
        }
    );
    assert_eq!(
        db.token_state([1; 32], now.saturating_add(Duration::from_secs(61)))
            .await
            .expect("state"),
        TokenState::Expired
    );
    assert_eq!(
        db.token_state([2; 32], now).await.expect("state"),
        TokenState::Unknown
    );
}

#[tokio::test]
async fn db_seeded_datasheet_names_are_the_company_ones() {
    // From the API contract: product slug → datasheet base name.
    const EXPECTED: &[(&str, &str)] = &[
        (
            "drum-lifting-beam",
            "ChloroMaster Chlorine Drum Lifting Beam",
        ),
        ("drum-trunnion", "ChloroMaster Chlorine Drum Trunnion"),
        (
            "drum-scale-frame-digital-load-cell",
            "ChloroMaster DRUM SCALE FRAME WITH DIGITAL LOAD CELL (D.Sc 05)",
        ),
        (
            "chlorine-line-valve-monel-k400",
            "ChloroMaster Chlorine Line Valve Monel k400",
        ),
        (
            "chlorine-flexible-connection-3-4",
            "ChloroMaster Chlorine Flexible Connection 3-4",
        ),
        (
            "diaphragm-pressure-gauge-with-contact",
            "ChloroMaster Diaphragm Pressure Gauge With Contact",
        ),
        ("rupture-disc", "ChloroMaster Rupture Disc (R.D 05)"),
        (
            "expansion-tube-with-rupture-disc",
            "ChloroMaster Expansion Tube with Rupture Disc",
        ),
        ("emergency-kit", "ChloroMaster Emergency Kit"),
        (
            "safety-shower-eyewash",
            "ChloroMaster Safety Shower Eyewash",
        ),
        (
            "neutralization-system-wet-scrubber",
            "ChloroMaster Neutralization System",
        ),
        (
            "nitrogen-flushing-system",
            "ChloroMaster Nitrogen Flushing System",
        ),
        (
            "chlorine-threaded-ball-valve-3pcs",
            "ChloroMaster Line Ball Valve S.S 316 L",
        ),
        (
            "gas-container-change-over-unit",
            "ChloroMaster Change Over Unit (Ch.U 05)",
        ),
        (
            "liquid-chlorine-trap-and-gas-filter",
            "ChloroMaster Liquid Trap",
        ),
        (
            "auxiliary-and-header-valve",
            "ChloroMaster Chlorine Auxiliary Header Valve",
        ),
        (
            "chlorine-line-ball-valve-cs",
            "ChloroMaster Line ball Valve C.S",
        ),
        (
            "neutralization-media",
            "ChloroMaster Neutralization Media (N.M 05)",
        ),
    ];
    const PROJECTS: &[&str] = &[
        "alsaida-water-plant",
        "tanawf-wastewater-plant",
        "abu-aziz-water-plant",
        "nasiriya-wastewater-plant",
        "imbaba-drinking-water-plant",
        "palm-hills-water-tank",
        "giza-water-plant",
        "sheikh-zayed-water-plant",
        "otv-water-plant",
        "minya-chlorine-systems",
        "beni-amer-new-water-plant",
        "el-hawarta-filtered-water-plant",
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    let chlorine = db
        .products(Some("chlorine-system-solutions".into()))
        .await
        .expect("products");
    let got: Vec<(&str, &str)> = chlorine
        .iter()
        .map(|p| (p.slug.as_str(), p.datasheet.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(got, EXPECTED);
    let projects = db
        .products(Some("systems-installation-commissioning".into()))
        .await
        .expect("projects");
    let got: Vec<&str> = projects.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(got, PROJECTS);
    for (slug, name) in EXPECTED {
        assert_eq!(
            db.find_datasheet((*slug).into())
                .await
                .expect("find")
                .as_deref(),
            Some(*name)
        );
        assert_eq!(
            db.find_datasheet((*name).into())
                .await
                .expect("find")
                .as_deref(),
            Some(*name)
        );
    }
}

#[tokio::test]
async fn db_a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(FILE_NAME);
    std::fs::write(
        &path,
        b"this is not a redb file, it is a note someone left here",
    )
    .expect("write");
    let err = Db::open(dir.path()).expect_err("refused");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        b"this is not a redb file, it is a note someone left here"
    );
}

#[tokio::test]
async fn db_submissions_queue_their_mail_in_the_same_transaction() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    let c = db.insert_contact(contact(1)).await.expect("insert");
    let r = db
        .insert_datasheet_request(
            NewDatasheetRequest {
                first_name: "A".into(),
                email: "a@example.com".into(),
                phone: "1".into(),
                datasheet: "ChloroMaster Emergency Kit".into(),
                ..NewDatasheetRequest::default()
            },
            "tok".into(),
            [3; 32],
            Timestamp::now(),
        )
        .await
        .expect("insert");
    let pending = db.outbox_pending(10).await.expect("outbox");
    let kinds: Vec<OutboxKind> = pending.iter().map(|m| m.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            OutboxKind::ContactReceived { contact_id: c.id },
            OutboxKind::DatasheetLink {
                request_id: r.id,
                token: "tok".into()
            },
        ]
    );
    db.outbox_failed_attempt(pending[0].id)
        .await
        .expect("attempt");
    assert_eq!(db.outbox_pending(10).await.expect("outbox")[0].attempts, 1);
    assert!(db.outbox_remove(pending[0].id).await.expect("remove"));
    assert!(!db.outbox_remove(pending[0].id).await.expect("remove"));
    assert_eq!(db.outbox_pending(10).await.expect("outbox").len(), 1);
}

/// Visits spread over `days` days ending today: a few pages, referrers and
/// visitors that repeat within a day.
fn spread_visits(n: u64, days: u32) -> Vec<Visit> {
    let today = Timestamp::now().day();
    let pages = ["/", "/privacy", "/service/a", "/equipment/b", "/terms"];
    let referrers = [
        "",
        "https://www.google.com/x?q=1",
        "https://bing.com/",
        "android-app://com.x/",
    ];
    (0..n)
        .map(|i| {
            let day = today - (i % u64::from(days)) as u32;
            Visit {
                at: Timestamp(u64::from(day) * 86_400_000 + i % 86_400_000),
                page_url: pages[(i * 7 % 5) as usize].into(),
                referrer: referrers[(i * 3 % 4) as usize].into(),
                visitor: [(i % 13) as u8; 16],
                ..visit("/")
            }
        })
        .collect()
}

/// The summary counted the slow way, from the visits themselves.
fn brute_force_summary(visits: &[Visit], first: u32, last: u32) -> VisitSummary {
    let mut out = VisitSummary::default();
    for day in first..=last {
        let of_day: Vec<_> = visits.iter().filter(|v| v.at.day() == day).collect();
        let unique: HashSet<_> = of_day.iter().map(|v| v.visitor).collect();
        out.days
            .push((day, of_day.len() as u64, unique.len() as u64));
        for v in of_day {
            *out.pages.entry(v.page_url.clone()).or_insert(0) += 1;
            *out.sources.entry(source_of(&v.referrer)).or_insert(0) += 1;
        }
    }
    out
}

/// Visitors of all time counted the slow way: distinct (day, visitor hash)
/// pairs, since a hash is only meaningful within its day.
fn brute_force_visitors(visits: &[Visit]) -> u64 {
    let pairs: HashSet<_> = visits.iter().map(|v| (v.at.day(), v.visitor)).collect();
    pairs.len() as u64
}

#[tokio::test]
async fn db_visit_aggregates_equal_a_brute_force_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    let visits = spread_visits(500, 40);
    // In several flushes, so that aggregates are added to, not only created.
    for chunk in visits.chunks(77) {
        db.insert_visits(chunk.to_vec()).await.expect("insert");
    }
    for v in visits.iter().take(20) {
        db.record_visit(v.clone());
    }
    db.close().await;
    drop(db);
    let db = Db::open(dir.path()).expect("reopen");
    let mut all = visits.clone();
    all.extend(visits.iter().take(20).cloned());
    let today = Timestamp::now().day();
    for (first, last) in [(today - 29, today), (today - 45, today), (today, today)] {
        assert_eq!(
            db.visit_summary(first, last).await.expect("summary"),
            brute_force_summary(&all, first, last),
            "days {first}..={last}"
        );
    }
    assert_eq!(db.visit_count().await.expect("count"), 520);
    let visitors = brute_force_visitors(&all);
    assert!(visitors < 520, "visitors repeat within a day: {visitors}");
    assert_eq!(db.visitor_total().await.expect("visitors"), visitors);
}

#[tokio::test]
async fn db_a_schema_3_file_gets_its_visit_aggregates() {
    // A file as schema version 3 wrote it: visits, no aggregates.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(FILE_NAME);
    let visits = spread_visits(300, 35);
    {
        let raw = redb::Database::create(&path).expect("create");
        let txn = raw.begin_write().expect("txn");
        {
            let mut meta = txn.open_table(META).expect("meta");
            meta.insert(SCHEMA_KEY, 3).expect("version");
            meta.insert("seq.visits", visits.len() as u64).expect("seq");
            let table: RecordTable<u64, Visit> = schema::VISITS;
            let mut stored = txn.open_table(table.def()).expect("visits");
            let mut by_day = txn.open_table(schema::VISITS_BY_DAY).expect("by day");
            for (id, v) in (1..).zip(&visits) {
                table.put(&mut stored, id, v).expect("put");
                by_day.insert((v.at.day(), id), ()).expect("index");
            }
        }
        txn.commit().expect("commit");
    }
    let db = Db::open(dir.path()).expect("migrating open");
    db.check_ready().await.expect("ready at the current schema");
    let today = Timestamp::now().day();
    assert_eq!(
        db.visit_summary(today - 40, today).await.expect("summary"),
        brute_force_summary(&visits, today - 40, today)
    );
    assert_eq!(
        db.visitor_total().await.expect("visitors"),
        brute_force_visitors(&visits)
    );
    // New visits add to the migrated aggregates.
    let more = spread_visits(10, 1);
    db.insert_visits(more.clone()).await.expect("insert");
    let mut all = visits;
    all.extend(more);
    assert_eq!(
        db.visit_summary(today - 40, today).await.expect("summary"),
        brute_force_summary(&all, today - 40, today)
    );
    assert_eq!(db.visit_count().await.expect("count"), 310);
    assert_eq!(
        db.visitor_total().await.expect("visitors"),
        brute_force_visitors(&all)
    );
}

#[tokio::test]
async fn db_a_schema_4_file_gets_its_visitor_total() {
    // A file as schema version 4 wrote it: per-day aggregates, no all-time
    // visitor counter.
    let dir = tempfile::tempdir().expect("tempdir");
    let visits = spread_visits(400, 20);
    {
        let db = Db::open(dir.path()).expect("open");
        for chunk in visits.chunks(90) {
            db.insert_visits(chunk.to_vec()).await.expect("insert");
        }
        db.close().await;
    }
    {
        let raw = redb::Database::create(dir.path().join(FILE_NAME)).expect("raw");
        let txn = raw.begin_write().expect("txn");
        {
            let mut meta = txn.open_table(META).expect("meta");
            assert!(meta.remove(schema::VISITORS_KEY).expect("remove").is_some());
            meta.insert(SCHEMA_KEY, 4).expect("version");
        }
        txn.commit().expect("commit");
    }
    let db = Db::open(dir.path()).expect("migrating open");
    db.check_ready().await.expect("ready at the current schema");
    let expected = brute_force_visitors(&visits);
    assert!(expected < visits.len() as u64, "{expected}");
    assert_eq!(db.visitor_total().await.expect("visitors"), expected);
    // Later flushes add to the migrated counter; a visitor already seen
    // that day adds nothing.
    let more = spread_visits(30, 2);
    db.insert_visits(more.clone()).await.expect("insert");
    db.insert_visits(more.clone()).await.expect("again");
    let mut all = visits;
    all.extend(more);
    assert_eq!(
        db.visitor_total().await.expect("visitors"),
        brute_force_visitors(&all)
    );
}

#[tokio::test]
async fn db_a_fresh_file_has_no_visitors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    assert_eq!(db.visitor_total().await.expect("visitors"), 0);
}
