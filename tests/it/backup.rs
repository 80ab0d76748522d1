//! Backup and restore with the real binary: a backup taken under write load
//! (CLI over the control socket, and the admin download) restores into a
//! fresh directory with every record acknowledged before it, and a
//! consistent set after; a backup taken with the appliance stopped (the CLI
//! on the files) restores every record and the sessions of the cache
//! snapshot; restore is refused while the appliance runs; a damaged backup
//! is refused with the old data untouched.

use crate::ops_support;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chloromaster::db::Db;
use ops_support::*;
use serde_json::{Value, json};

async fn post_contact(c: &reqwest::Client, base: &str, n: u64) -> Option<u64> {
    let res = c
        .post(format!("{base}/api/contact"))
        .json(
            &json!({"firstName": format!("W{n}"), "email": "w@example.com",
                      "phone": "01001234567", "message": "load"}),
        )
        .send()
        .await
        .ok()?;
    if res.status().as_u16() != 201 {
        return None;
    }
    let v: Value = res.json().await.ok()?;
    v["id"].as_u64()
}

/// Contact ids stored in the data directory (opened directly).
async fn stored_ids(dir: &Path) -> Vec<u64> {
    let db = Db::open(dir).expect("restored database opens");
    let (all, _) = db
        .contacts_matching(|_| true, 0, usize::MAX)
        .await
        .expect("read");
    let (count, _) = db.contact_counts().await.expect("counts");
    assert_eq!(count as usize, all.len(), "table and time index agree");
    db.close().await;
    let mut ids: Vec<u64> = all.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids
}

/// Every id acknowledged before the backup is there, and the set has no
/// holes (each commit is in or out whole, ids follow commit order).
fn check_consistent(restored: &[u64], acked_before: &[u64]) {
    for id in acked_before {
        assert!(
            restored.binary_search(id).is_ok(),
            "acknowledged id {id} missing"
        );
    }
    let expected: Vec<u64> = (1..=restored.len() as u64).collect();
    assert_eq!(
        restored,
        expected.as_slice(),
        "a consistent prefix of the commits"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_under_write_load_restores_every_acknowledged_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let app = spawn(&data);
    let base = app.base.clone();
    let c = client();
    for n in 0..300 {
        assert!(post_contact(&c, &base, n).await.is_some());
    }

    // Writers keep posting while the backups are taken.
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..4u64 {
        let (c, base, stop) = (c.clone(), base.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            let mut n = 1000 * (w + 1);
            while !stop.load(Ordering::Relaxed) {
                if let Some(id) = post_contact(&c, &base, n).await {
                    acked.push(id);
                }
                n += 1;
            }
            acked
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    // Everything acknowledged so far must be in the backup.
    let acked_before: Vec<u64> = {
        let db_max = post_contact(&c, &base, 1).await.expect("ack");
        (1..=db_max).collect()
    };

    let file = dir.path().join("cli.tar");
    let (d, f) = (data.clone(), file.clone());
    let out =
        tokio::task::spawn_blocking(move || cli_ok(&d, &["backup", f.to_str().expect("utf8")], ""))
            .await
            .expect("cli");
    assert!(
        out.contains("wrote ") && out.contains("contact submissions"),
        "{out}"
    );
    let token = login(&c, &base, USER, PASSWORD).await.expect("login");
    let res = c
        .get(format!("{base}/api/admin/backup"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("download");
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.headers()["content-type"], "application/x-tar");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .expect("ascii");
    assert!(disposition.starts_with("attachment; filename=\"chloromaster-backup-"));
    let bytes = res.bytes().await.expect("body");
    let downloaded = dir.path().join("download.tar");
    std::fs::write(&downloaded, &bytes).expect("write");
    // A browser asks for compression: the stream is gzipped on the fly and
    // unpacks to the same kind of archive.
    let res = c
        .get(format!("{base}/api/admin/backup"))
        .bearer_auth(&token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("download");
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let gz = res.bytes().await.expect("gzipped body");
    let mut tar = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut tar)
        .expect("gunzip");
    assert_eq!(&tar[..13], b"MANIFEST.json");
    assert!(tar.len() > 100_000);

    stop.store(true, Ordering::Relaxed);
    let mut during = 0;
    for w in writers {
        during += w.await.expect("writer").len();
    }
    assert!(during > 0, "the backups ran under write load");
    app.stop();
    assert_no_scratch_files(&data);

    assert_members_are_the_documented_ones(&file);

    for (name, backup) in [("from-cli", &file), ("from-download", &downloaded)] {
        let fresh = dir.path().join(name);
        let out = cli_ok(&fresh, &["restore", backup.to_str().expect("utf8")], "");
        assert!(out.contains("restored into"), "{out}");
        assert!(
            !out.contains("previous data kept"),
            "a fresh directory: {out}"
        );
        let restored = stored_ids(&fresh).await;
        check_consistent(&restored, &acked_before);
        // The restored directory serves, with the admin account.
        let app = spawn(&fresh);
        assert!(login(&c, &app.base, USER, PASSWORD).await.is_some());
        app.stop();
    }
}

#[tokio::test]
async fn restore_refused_while_running_and_damaged_backups_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let app = spawn(&data);
    let c = client();
    for n in 0..20 {
        assert!(post_contact(&c, &app.base, n).await.is_some());
    }
    let good = dir.path().join("good.tar");
    let out = cli_ok(&data, &["backup", good.to_str().expect("utf8")], "");
    assert!(out.contains("20 contact submissions"), "{out}");
    let err = cli_err(&data, &["restore", good.to_str().expect("utf8")], "");
    assert!(err.contains("running") && err.contains("Stop it"), "{err}");
    app.stop();

    let db_file = data.join("chloromaster.redb");
    let before = std::fs::read(&db_file).expect("read");
    let bytes = std::fs::read(&good).expect("read");
    let damaged = dir.path().join("damaged.tar");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", bytes[..bytes.len() / 2].to_vec(), "truncated"),
        (
            "not a backup",
            b"hello, world\n".repeat(100),
            "not a ChloroMaster backup",
        ),
        (
            "flipped byte",
            {
                let mut b = bytes.clone();
                // Inside the database member (after two 512-byte headers and
                // the manifest).
                let at = 4096;
                b[at] ^= 0x55;
                b
            },
            "damaged",
        ),
    ];
    for (what, content, message) in cases {
        std::fs::write(&damaged, content).expect("write");
        let err = cli_err(&data, &["restore", damaged.to_str().expect("utf8")], "");
        assert!(
            err.contains(message) && err.contains("nothing was changed"),
            "{what}: {err}"
        );
        assert_eq!(std::fs::read(&db_file).expect("read"), before, "{what}");
        assert!(
            std::fs::read_dir(&data).expect("ls").all(|e| {
                let name = e.expect("entry").file_name().to_string_lossy().into_owned();
                !name.contains("before-restore") && !name.contains(".restore-")
            }),
            "{what}: nothing moved, no scratch left"
        );
    }

    // The good one restores over existing data, keeping it aside.
    let out = cli_ok(&data, &["restore", good.to_str().expect("utf8")], "");
    assert!(out.contains("chloromaster.redb.before-restore"), "{out}");
    assert_eq!(
        std::fs::read(data.join("chloromaster.redb.before-restore")).expect("kept"),
        before
    );
    assert_eq!(stored_ids(&data).await.len(), 20);
}

/// The count before `what` in the backup's summary line ("…, 12 cache keys").
fn summary_count(out: &str, what: &str) -> u64 {
    let before = out
        .split(what)
        .next()
        .filter(|b| b.len() < out.len())
        .unwrap_or_else(|| panic!("no {what:?} in {out}"));
    before
        .rsplit([' ', ','])
        .find(|w| !w.is_empty())
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no count before {what:?} in {out}"))
}

async fn admin_json(c: &reqwest::Client, base: &str, token: &str, path: &str) -> Value {
    let res = c
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("admin get");
    assert_eq!(res.status().as_u16(), 200, "{path}");
    res.json().await.expect("json")
}

#[tokio::test]
async fn backup_of_a_stopped_appliance_restores_records_and_sessions() {
    const UA: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let app = spawn(&data);
    let c = client();
    let base = app.base.clone();
    let mut ids = Vec::new();
    for n in 0..40 {
        ids.push(post_contact(&c, &base, n).await.expect("contact stored"));
    }
    let res = c
        .post(format!("{base}/api/datasheet/request"))
        .json(&json!({"firstName": "Dana", "email": "dana@example.com",
                      "phone": "01001234567", "datasheetSlug": "emergency-kit"}))
        .send()
        .await
        .expect("datasheet");
    assert_eq!(res.status().as_u16(), 200);
    // Buffered: only the clean stop below writes them.
    for page in ["/", "/privacy", "/"] {
        let res = c
            .post(format!("{base}/api/pagevisit"))
            .header("user-agent", UA)
            .json(&json!({"pageUrl": page}))
            .send()
            .await
            .expect("beacon");
        assert_eq!(res.status().as_u16(), 204);
    }
    let token = login(&c, &base, USER, PASSWORD).await.expect("login");
    let res = c
        .post(format!("{base}/api/admin/services"))
        .bearer_auth(&token)
        .json(&json!({"slug": "water-testing", "titleEn": "Water Testing",
                      "titleAr": "اختبار المياه", "descriptionEn": "Field and lab testing.",
                      "descriptionAr": "اختبارات ميدانية ومعملية.", "icon": "flask",
                      "category": "testing", "isActive": true, "displayOrder": 3}))
        .send()
        .await
        .expect("create service");
    assert_eq!(res.status().as_u16(), 201);
    // SIGTERM and a clean exit: the database is closed and the cache
    // snapshot (with the session) written.
    app.stop();

    let file = dir.path().join("stopped.tar");
    let out = cli_ok(&data, &["backup", file.to_str().expect("utf8")], "");
    assert!(out.contains("wrote "), "{out}");
    assert_eq!(summary_count(&out, " contact submissions"), 40, "{out}");
    assert_eq!(summary_count(&out, " datasheet requests"), 1, "{out}");
    assert_eq!(summary_count(&out, " page visits"), 3, "{out}");
    assert!(summary_count(&out, " cache keys") >= 1, "{out}");
    assert_members_are_the_documented_ones(&file);
    assert_no_scratch_files(&data);

    let fresh = dir.path().join("restored");
    let out = cli_ok(&fresh, &["restore", file.to_str().expect("utf8")], "");
    assert!(out.contains("restored into"), "{out}");
    assert_eq!(stored_ids(&fresh).await, ids);
    let app = spawn(&fresh);
    let base = app.base.clone();
    // The session from before the stop, out of the restored cache snapshot.
    assert_eq!(admin_get(&c, &base, &token).await, 200, "session restored");
    let page = admin_json(&c, &base, &token, "/api/admin/submissions?pageSize=100").await;
    assert_eq!(page["total"], 40, "{page}");
    let mut listed: Vec<u64> = page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|s| s["id"].as_u64().expect("id"))
        .collect();
    listed.sort_unstable();
    assert_eq!(listed, ids);
    let requests = admin_json(&c, &base, &token, "/api/admin/datasheet-requests").await;
    assert!(
        requests.to_string().contains("dana@example.com"),
        "{requests}"
    );
    let stats = admin_json(&c, &base, &token, "/api/admin/dashboard/stats").await;
    // Three views by one visitor: one visitor a day, on one day unless the
    // run crossed midnight (UTC).
    let views: Vec<u64> = stats["visitsPerDay"]
        .as_array()
        .expect("days")
        .iter()
        .map(|d| d["views"].as_u64().expect("views"))
        .filter(|&v| v > 0)
        .collect();
    assert_eq!(views.iter().sum::<u64>(), 3, "{stats}");
    assert_eq!(stats["totalVisitors"], views.len(), "{stats}");
    let res = c
        .get(format!("{base}/api/services/water-testing"))
        .send()
        .await
        .expect("service");
    assert_eq!(
        res.status().as_u16(),
        200,
        "the catalogue change is restored"
    );
    assert!(login(&c, &base, USER, PASSWORD).await.is_some());
    app.stop();
}

/// GNU tar reads the backup, and its members are the documented ones.
fn assert_members_are_the_documented_ones(file: &std::path::Path) {
    let listing = std::process::Command::new("tar")
        .args(["tf", file.to_str().expect("utf8")])
        .output()
        .expect("tar");
    assert_eq!(
        String::from_utf8_lossy(&listing.stdout),
        "MANIFEST.json\nchloromaster.redb\ncache.redb\nsession.key\n"
    );
}

/// A backup leaves no scratch file in the data directory.
fn assert_no_scratch_files(data: &std::path::Path) {
    assert!(
        std::fs::read_dir(data).expect("ls").all(|e| !e
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .contains(".backup-")),
        "no scratch files left"
    );
}
