//! Media with the real binary: decompression bombs and disguised files
//! refused while the process's memory stays flat, `kill -9` during uploads
//! losing nothing acknowledged, and backup → restore bringing every file
//! back byte for byte.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::media::{jpeg, jpeg_with_gps_exif, pdf, photo, png, upload};
use crate::ops_support::{PASSWORD, USER, cli_ok, client, login, spawn};

/// `VmHWM` (peak resident set) of process `pid`, in kB.
fn peak_rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

/// A PNG that declares `w` × `h` pixels (IHDR and a tiny IDAT: the bytes of
/// a decompression bomb's header).
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut z, &vec![0u8; 1 << 20]).expect("zlib");
    chunk(&mut out, b"IDAT", &z.finish().expect("zlib"));
    chunk(&mut out, b"IEND", &[]);
    out
}

#[tokio::test]
async fn media_bombs_truncated_and_disguised_files_are_refused_with_flat_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = spawn(&dir.path().join("data"));
    let c = client();
    let token = login(&c, &app.base, USER, PASSWORD).await.expect("login");
    // Warm up the upload path with a real image first.
    let (status, m) = upload(&c, &app.base, &token, "ok.png", png(&photo(64, 64, 3))).await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    let before = peak_rss_kb(app.child.id());

    let (status, e) = upload(
        &c,
        &app.base,
        &token,
        "bomb.png",
        png_declaring(50_000, 50_000),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{e}");
    assert!(
        e["message"]
            .as_str()
            .expect("message")
            .contains("too large"),
        "{e}"
    );
    // Within the side limit but over the pixel count.
    let (status, e) = upload(
        &c,
        &app.base,
        &token,
        "wide.png",
        png_declaring(11_000, 11_000),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{e}");

    let whole = jpeg(&photo(800, 600, 4));
    let (status, e) = upload(
        &c,
        &app.base,
        &token,
        "cut.jpg",
        whole[..whole.len() / 2].to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(
        e["message"]
            .as_str()
            .expect("message")
            .contains("truncated"),
        "{e}"
    );

    // A Windows executable and an ELF binary named like photos.
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    exe.extend_from_slice(&[0u8; 4000]);
    let (status, e) = upload(&c, &app.base, &token, "photo.jpg", exe).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{e}");
    let elf = std::fs::read(crate::ops_support::BIN).expect("our own binary")[..65_536].to_vec();
    let (status, e) = upload(&c, &app.base, &token, "photo.jpg", elf).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{e}");
    // A JPEG header on garbage.
    let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
    fake.extend_from_slice(&[0x55; 3000]);
    fake.extend_from_slice(&[0xFF, 0xD9]);
    let (status, e) = upload(&c, &app.base, &token, "fake.jpg", fake).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");

    let after = peak_rss_kb(app.child.id());
    // A 50,000² RGBA decode would need 10 GB; a 11,000² one 484 MB.
    assert!(
        after.saturating_sub(before) < 32 * 1024,
        "peak RSS grew from {before} kB to {after} kB"
    );
    println!("VmHWM before {before} kB, after the refused uploads {after} kB");
    app.stop();
}

#[tokio::test]
async fn media_kill_9_during_uploads_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let app = spawn(&data);
    let c = client();
    let token = login(&c, &app.base, USER, PASSWORD).await.expect("login");
    let acked = std::sync::Arc::new(std::sync::Mutex::new(BTreeMap::<String, Vec<u8>>::new()));
    let mut tasks = Vec::new();
    for worker in 0..3u32 {
        let (c, base, token, acked) = (c.clone(), app.base.clone(), token.clone(), acked.clone());
        tasks.push(tokio::spawn(async move {
            for n in 0u32.. {
                let bytes = if n % 2 == 0 {
                    png(&photo(200 + worker, 150 + n % 50, n * 7 + worker))
                } else {
                    pdf(&format!("worker {worker} file {n}"))
                };
                let res = c
                    .post(format!("{base}/api/admin/media"))
                    .query(&[("filename", format!("f{worker}-{n}"))])
                    .bearer_auth(&token)
                    .body(bytes.clone())
                    .send()
                    .await;
                let Ok(res) = res else { return };
                if res.status() != StatusCode::CREATED {
                    return;
                }
                let Ok(v) = res.json::<Value>().await else {
                    return;
                };
                let id = v["id"].as_str().expect("id").to_owned();
                acked.lock().expect("lock").insert(id, bytes);
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let mut app = app;
    app.child.kill().expect("kill -9");
    app.child.wait().expect("reaped");
    for t in tasks {
        let _ = t.await;
    }
    let acked = acked.lock().expect("lock").clone();
    assert!(
        acked.len() >= 5,
        "only {} uploads acknowledged",
        acked.len()
    );

    let app = spawn(&data);
    let token = login(&c, &app.base, USER, PASSWORD).await.expect("login");
    for (id, bytes) in &acked {
        let res = c
            .get(format!("{}/api/admin/media/{id}/file", app.base))
            .bearer_auth(&token)
            .send()
            .await
            .expect("file");
        assert_eq!(res.status(), StatusCode::OK, "{id} lost");
        assert_eq!(
            &res.bytes().await.expect("bytes")[..],
            &bytes[..],
            "{id} changed"
        );
    }
    // The unfinished upload's temporary file is gone; every original on
    // disk has its record. The worker, resuming the images that were still
    // processing, writes its variants through `tmp/` too: wait for it to
    // finish (a leftover upload file would never go away).
    let tmp_files = || {
        std::fs::read_dir(data.join("media/tmp"))
            .expect("ls")
            .count()
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while tmp_files() > 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(tmp_files(), 0, "a temporary file outlived the restart");
    let res = c
        .get(format!("{}/api/admin/media", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list");
    let list: Value = res.json().await.expect("json");
    let listed = list["data"].as_array().expect("data").len();
    assert_eq!(
        std::fs::read_dir(data.join("media/originals"))
            .expect("ls")
            .count(),
        listed
    );
    println!(
        "{} acknowledged uploads before kill -9, {listed} records after",
        acked.len()
    );
    app.stop();
}

/// Every file under `dir`, relative path → bytes.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in ["originals", "variants"] {
        for e in std::fs::read_dir(dir.join(sub)).expect("ls") {
            let e = e.expect("entry");
            out.insert(
                format!("{sub}/{}", e.file_name().to_string_lossy()),
                std::fs::read(e.path()).expect("read"),
            );
        }
    }
    out
}

#[tokio::test]
async fn media_backup_restore_brings_every_file_back_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let app = spawn(&data);
    let c = client();
    let token = login(&c, &app.base, USER, PASSWORD).await.expect("login");
    let mut ids = Vec::new();
    for (name, bytes) in [
        ("a.jpg", jpeg_with_gps_exif(&photo(1200, 900, 5))),
        ("b.png", png(&photo(500, 400, 6))),
        ("c.pdf", pdf("backed up")),
    ] {
        let (status, m) = upload(&c, &app.base, &token, name, bytes).await;
        assert_eq!(status, StatusCode::CREATED, "{m}");
        ids.push(m["id"].as_str().expect("id").to_owned());
    }
    // Wait for the variants, so the backup holds them too.
    for id in &ids {
        for _ in 0..600 {
            let res = c
                .get(format!("{}/api/admin/media/{id}", app.base))
                .bearer_auth(&token)
                .send()
                .await
                .expect("media");
            let m: Value = res.json().await.expect("json");
            if m["status"] != "processing" {
                assert_eq!(m["status"], "ready", "{m}");
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let before = files_under(&data.join("media"));
    assert_eq!(
        before.len(),
        3 + (3 + 1) * 2,
        "3 originals, 3 + 1 variants each as JPEG/PNG and WebP"
    );
    assert_eq!(
        before.keys().filter(|k| k.ends_with(".webp")).count(),
        3 + 1
    );

    // The running appliance's backup (over its control socket).
    let file = dir.path().join("with-media.tar");
    let out = cli_ok(&data, &["backup", file.to_str().expect("utf8")], "");
    assert!(out.contains("3 media uploads (11 files)"), "{out}");
    app.stop();

    let fresh = dir.path().join("restored");
    let out = cli_ok(&fresh, &["restore", file.to_str().expect("utf8")], "");
    assert!(out.contains("restored into"), "{out}");
    assert_eq!(files_under(&fresh.join("media")), before);

    // A damaged media member is refused before anything changes.
    let mut tar = std::fs::read(&file).expect("read");
    let at = tar
        .windows(before.values().next().expect("a file").len().min(64))
        .position(|w| w == &before.values().next().expect("a file")[..w.len()])
        .expect("member bytes in the archive");
    tar[at + 20] ^= 0xFF;
    let damaged = dir.path().join("damaged.tar");
    std::fs::write(&damaged, &tar).expect("write");
    let err =
        crate::ops_support::cli_err(&fresh, &["restore", damaged.to_str().expect("utf8")], "");
    assert!(err.contains("damaged"), "{err}");
    assert_eq!(files_under(&fresh.join("media")), before, "nothing changed");

    let app = spawn(&fresh);
    let token = login(&c, &app.base, USER, PASSWORD).await.expect("login");
    let res = c
        .get(format!("{}/api/admin/media/{}", app.base, ids[0]))
        .bearer_auth(&token)
        .send()
        .await
        .expect("media");
    let m: Value = res.json().await.expect("json");
    let url = m["url"].as_str().expect("url");
    let res = c
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .expect("variant");
    assert_eq!(res.status(), StatusCode::OK);
    app.stop();
}
