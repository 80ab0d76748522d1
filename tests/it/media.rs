//! Uploaded media over real sockets: uploads judged by content, decoding
//! under limits, metadata stripped, the variants served immutable with
//! ranges, galleries in the catalogue JSON, the media library, quota.

use std::io::Cursor;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common;

pub const USER: &str = "ops";
pub const PASSWORD: &str = "correct horse battery staple";

pub struct Admin {
    pub t: common::TestApp,
    pub c: reqwest::Client,
    pub token: String,
}

pub async fn admin(extra: &[(&str, &str)]) -> Admin {
    let mut vars = vec![
        ("CHLORO_RATE_API", "100000"),
        ("CHLORO_RATE_API_BURST", "100000"),
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
    ];
    vars.extend_from_slice(extra);
    let t = common::start(&vars).await;
    let c = common::client();
    let token = common::admin_token(&c, &t, USER, PASSWORD).await;
    Admin { t, c, token }
}

impl Admin {
    pub async fn upload(&self, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
        upload(&self.c, &self.t.base, &self.token, name, bytes).await
    }

    pub async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .c
            .request(method, self.t.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("send");
        let status = res.status();
        let text = res.text().await.expect("body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("JSON body")
        };
        (status, value)
    }

    /// Waits until media `id` is no longer processing; returns its record.
    pub async fn ready(&self, id: &str) -> Value {
        for _ in 0..600 {
            let (status, m) = self
                .send("GET", &format!("/api/admin/media/{id}"), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{m}");
            if m["status"] != "processing" {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("media {id} still processing after 30 s");
    }
}

/// `POST /api/admin/media?filename=…` with the raw bytes.
pub async fn upload(
    c: &reqwest::Client,
    base: &str,
    token: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let res = c
        .post(format!("{base}/api/admin/media"))
        .query(&[("filename", name)])
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .expect("upload");
    let status = res.status();
    let text = res.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON body, got {status}: {text}")),
    )
}

/// A photo-like RGB image (gradients and noise, so JPEG has work to do).
pub fn photo(w: u32, h: u32, seed: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ seed) % 23;
        image::Rgb([
            ((x * 255 / w) as u8).wrapping_add(n as u8),
            ((y * 255 / h) as u8).wrapping_add(n as u8),
            (((x + y) * 128 / (w + h)) as u8).wrapping_add(seed as u8),
        ])
    })
}

pub fn jpeg(img: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(img)
        .expect("encode jpeg");
    out
}

pub fn png(img: &image::RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

/// The GPS datum text planted in the EXIF block: must not survive.
pub const GPS_MARKER: &[u8] = b"WGS-84-SECRET-SPOT";

/// A JPEG with an APP1 Exif segment spliced in after SOI: orientation 6
/// (rotate 90° clockwise to display) and a GPS IFD (latitude ref, map
/// datum text), the way a phone writes them.
pub fn jpeg_with_gps_exif(img: &image::RgbImage) -> Vec<u8> {
    let plain = jpeg(img);
    // Big-endian TIFF: header, IFD0 at 8 with 2 entries, GPS IFD after it.
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let ifd0_len = 2 + 2 * 12 + 4;
    let gps_ifd = 8 + ifd0_len as u32;
    tiff.extend_from_slice(&2u16.to_be_bytes());
    // Orientation (0x0112), SHORT, 1, value 6.
    tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]);
    // GPSInfo (0x8825), LONG, 1, offset of the GPS IFD.
    tiff.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1]);
    tiff.extend_from_slice(&gps_ifd.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    // GPS IFD: 2 entries.
    let gps_len = 2 + 2 * 12 + 4;
    let datum_at = gps_ifd + gps_len as u32;
    tiff.extend_from_slice(&2u16.to_be_bytes());
    // GPSLatitudeRef (1), ASCII, 2, "N\0".
    tiff.extend_from_slice(&[0x00, 0x01, 0x00, 0x02, 0, 0, 0, 2, b'N', 0, 0, 0]);
    // GPSMapDatum (0x12), ASCII, n, offset.
    let datum_len = GPS_MARKER.len() as u32 + 1;
    tiff.extend_from_slice(&[0x00, 0x12, 0x00, 0x02]);
    tiff.extend_from_slice(&datum_len.to_be_bytes());
    tiff.extend_from_slice(&datum_at.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(GPS_MARKER);
    tiff.push(0);
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn product(slug: &str, gallery: Value) -> Value {
    json!({
        "slug": slug,
        "serviceSlug": "chlorine-system-solutions",
        "nameEn": "Lifting beam",
        "nameAr": "عارضة رفع",
        "gallery": gallery,
    })
}

#[tokio::test]
async fn media_jpeg_with_gps_exif_is_served_without_it_upright_in_a_gallery() {
    let a = admin(&[]).await;
    let original = jpeg_with_gps_exif(&photo(2000, 1500, 1));
    assert!(contains(&original, GPS_MARKER) && contains(&original, b"Exif"));
    let (status, m) = a.upload("../../phone photo.JPG", original.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    let id = m["id"].as_str().expect("id").to_owned();
    assert_eq!(id.len(), 64);
    assert_eq!(m["kind"], "image");
    assert_eq!(m["name"], "phone photo.JPG", "no path part kept");
    assert_eq!(m["bytes"], original.len());
    // Orientation 6: displayed rotated, 1500 wide and 2000 high.
    assert_eq!(
        (m["width"].as_u64(), m["height"].as_u64()),
        (Some(1500), Some(2000))
    );

    // The same bytes again: 200 with the same record.
    let (status, again) = a.upload("other.jpg", original.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], m["id"]);

    let m = a.ready(&id).await;
    assert_eq!(m["status"], "ready", "{m}");
    let g = &m["gallery"];
    assert_eq!(
        (g["width"].as_u64(), g["height"].as_u64()),
        (Some(1500), Some(2000))
    );
    let srcset = g["srcset"].as_str().expect("srcset");
    let urls: Vec<(&str, &str)> = srcset
        .split(", ")
        .map(|e| e.split_once(' ').expect("url width"))
        .collect();
    assert_eq!(
        urls.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        ["480w", "960w", "1500w"],
        "never upscaled: the original's own width once"
    );
    for (url, width) in &urls {
        assert!(url.starts_with("/media/") && url.ends_with(".jpg"), "{url}");
        let res = a.c.get(a.t.url(url)).send().await.expect("variant");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let etag = res.headers()["etag"].to_str().expect("etag").to_owned();
        let bytes = res.bytes().await.expect("bytes");
        assert!(!contains(&bytes, b"Exif"), "{url}: EXIF left");
        assert!(!contains(&bytes, GPS_MARKER), "{url}: GPS left");
        assert!(
            !contains(&bytes, &[0xFF, 0xE1]),
            "{url}: an APP1 segment left"
        );
        let decoded = image::load_from_memory(&bytes).expect("variant decodes");
        let w: u32 = width.trim_end_matches('w').parse().expect("width");
        assert_eq!(decoded.width(), w);
        // Upright: taller than wide, as displayed.
        assert!(decoded.height() > decoded.width(), "{url}");
        // Content-addressed: the name is the SHA-256 of the bytes.
        let hex = url.trim_start_matches("/media/").trim_end_matches(".jpg");
        let digest =
            sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(&bytes));
        let digest_hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, digest_hex);
        // Conditional and ranged requests, as for the embedded assets.
        let res =
            a.c.get(a.t.url(url))
                .header("if-none-match", &etag)
                .send()
                .await
                .expect("conditional");
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
        let res =
            a.c.get(a.t.url(url))
                .header("range", "bytes=0-9")
                .send()
                .await
                .expect("range");
        assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(res.bytes().await.expect("bytes").as_ref(), &bytes[..10]);
    }

    // The modern format: lossy WebP at the same widths, served the same way.
    assert_eq!(g["sources"].as_array().expect("sources").len(), 1, "{g}");
    assert_eq!(g["sources"][0]["type"], "image/webp");
    let webp_srcset = g["sources"][0]["srcset"].as_str().expect("webp srcset");
    let webp_urls: Vec<(&str, &str)> = webp_srcset
        .split(", ")
        .map(|e| e.split_once(' ').expect("url width"))
        .collect();
    assert_eq!(
        webp_urls.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        ["480w", "960w", "1500w"]
    );
    for ((url, width), (jpeg_url, _)) in webp_urls.iter().zip(&urls) {
        assert!(
            url.starts_with("/media/") && url.ends_with(".webp"),
            "{url}"
        );
        let res = a.c.get(a.t.url(url)).send().await.expect("variant");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/webp");
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let etag = res.headers()["etag"].to_str().expect("etag").to_owned();
        let bytes = res.bytes().await.expect("bytes");
        assert!(
            bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
            "{url}: not a WebP file"
        );
        assert_eq!(&bytes[12..16], b"VP8 ", "{url}: not lossy, or with extras");
        assert!(!contains(&bytes, b"Exif") && !contains(&bytes, GPS_MARKER));
        let decoded = image::load_from_memory_with_format(&bytes, image::ImageFormat::WebP)
            .expect("webp decodes");
        let w: u32 = width.trim_end_matches('w').parse().expect("width");
        assert_eq!(decoded.width(), w);
        assert!(decoded.height() > decoded.width(), "{url}: not upright");
        let hex = url.trim_start_matches("/media/").trim_end_matches(".webp");
        let digest =
            sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(&bytes));
        let digest_hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, digest_hex);
        // Smaller than the JPEG of the same width (a noisy synthetic photo).
        let jpeg = a.c.get(a.t.url(jpeg_url)).send().await.expect("jpeg");
        let jpeg_len = jpeg.bytes().await.expect("bytes").len();
        assert!(
            bytes.len() < jpeg_len,
            "{url}: {} ≥ {jpeg_len}",
            bytes.len()
        );
        let res =
            a.c.get(a.t.url(url))
                .header("if-none-match", &etag)
                .send()
                .await
                .expect("conditional");
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    }

    // The quota counts every file kept: the original and all six variants.
    let media_dir = a.t.data_dir.path().join("media");
    let on_disk: u64 = std::fs::read_dir(media_dir.join("variants"))
        .expect("ls")
        .map(|e| e.expect("entry").metadata().expect("stat").len())
        .sum();
    assert_eq!(
        std::fs::read_dir(media_dir.join("variants"))
            .expect("ls")
            .count(),
        6
    );
    let (_, list) = a.send("GET", "/api/admin/media", None).await;
    assert_eq!(list["totalBytes"], original.len() as u64 + on_disk);

    // Into a product's gallery: public JSON shows it with both alt texts.
    let (status, p) = a
        .send(
            "POST",
            "/api/admin/products",
            Some(product(
                "lifting-beam",
                json!([{"id": id, "altEn": "Beam, side view", "altAr": "العارضة، منظر جانبي"}]),
            )),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!(p["gallery"][0]["id"], id.as_str());
    assert_eq!(p["gallery"][0]["status"], "ready");
    assert!(p["datasheetMedia"].is_null());
    let res =
        a.c.get(a.t.url("/api/products/lifting-beam"))
            .send()
            .await
            .expect("public");
    assert_eq!(res.status(), StatusCode::OK);
    let public: Value = res.json().await.expect("json");
    let item = &public["gallery"][0];
    assert_eq!(item["altEn"], "Beam, side view");
    assert_eq!(item["altAr"], "العارضة، منظر جانبي");
    assert_eq!(item["width"], 1500);
    assert_eq!(item["srcset"], srcset);
    assert_eq!(item["sources"], g["sources"]);
    assert!(item["src"].as_str().expect("src").ends_with(".jpg"));
    assert!(
        item.get("status").is_none(),
        "admin-only field in public JSON"
    );
    assert!(public.get("datasheetMedia").is_none());
    assert_eq!(public["images"][0], item["src"]);
    // The 960 px variant is the fallback `src`.
    assert!(srcset.contains(&format!("{} 960w", item["src"].as_str().expect("src"))));

    // The library lists it with where it is used.
    let (status, list) = a.send("GET", "/api/admin/media", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["data"][0]["id"], id.as_str());
    assert_eq!(
        list["data"][0]["usedBy"],
        json!([{"kind": "product", "slug": "lifting-beam", "field": "gallery"}])
    );
    assert!(list["totalBytes"].as_u64().expect("total") > original.len() as u64);
    assert_eq!(list["maxFileBytes"], 20 << 20);

    // Deleting a used file asks first, saying where; force removes it there.
    let (status, refused) = a
        .send("DELETE", &format!("/api/admin/media/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refused["usedBy"][0]["slug"], "lifting-beam");
    let (status, _) = a
        .send("DELETE", &format!("/api/admin/media/{id}?force=true"), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let public: Value =
        a.c.get(a.t.url("/api/products/lifting-beam"))
            .send()
            .await
            .expect("public")
            .json()
            .await
            .expect("json");
    assert_eq!(public["gallery"], json!([]));
    let res = a.c.get(a.t.url(urls[0].0)).send().await.expect("gone");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = a.c.get(a.t.url(webp_urls[0].0)).send().await.expect("gone");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn media_gallery_writes_name_the_missing_or_unknown_field() {
    let a = admin(&[]).await;
    let (status, m) = a.upload("a.png", png(&photo(300, 200, 2))).await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    let id = m["id"].as_str().expect("id");
    let (status, e) = a
        .send(
            "POST",
            "/api/admin/products",
            Some(product("p1", json!([{"id": id, "altEn": "Pump"}]))),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert!(e["errors"]["gallery[0].altAr"].is_string(), "{e}");
    let (status, e) = a
        .send(
            "POST",
            "/api/admin/products",
            Some(product(
                "p1",
                json!([{"id": "ab".repeat(32), "altEn": "x", "altAr": "س"}]),
            )),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert!(e["errors"]["gallery"].is_string(), "{e}");
    let (status, e) = a
        .send(
            "PUT",
            "/api/admin/services/1",
            Some(
                json!({"slug": "chlorine-system-solutions", "titleEn": "T", "titleAr": "ت",
                "gallery": [{"id": id, "altEn": "", "altAr": "س"}]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert!(e["errors"]["gallery[0].altEn"].is_string(), "{e}");
    // A PDF is no gallery image, an image no datasheet.
    let (status, e) = a
        .send(
            "POST",
            "/api/admin/products",
            Some(
                json!({"slug": "p2", "serviceSlug": "chlorine-system-solutions", "nameEn": "P",
                "nameAr": "ب", "datasheetMedia": id}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert!(e["errors"]["datasheetMedia"].is_string(), "{e}");
}

/// A small valid PDF whose page says `text`.
pub fn pdf(text: &str) -> Vec<u8> {
    let body = format!(
        "1 0 obj\n<< /Type /Catalog >>\nendobj\n% {text}\n{}",
        "x".repeat(1500)
    );
    format!("%PDF-1.4\n{body}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n").into_bytes()
}

async fn request_datasheet(a: &Admin, name: &str) -> String {
    let res =
        a.c.post(a.t.url("/api/datasheet/request"))
            .json(&json!({"firstName": "Dana", "email": "dana@example.com",
                      "phone": "01001234567", "datasheetSlug": name}))
            .send()
            .await
            .expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.expect("json");
    v["downloadUrl"].as_str().expect("downloadUrl").to_owned()
}

async fn download(a: &Admin, url: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let res = a.c.get(a.t.url(url)).send().await.expect("download");
    assert_eq!(res.status(), StatusCode::OK);
    let headers = res.headers().clone();
    (headers, res.bytes().await.expect("bytes").to_vec())
}

#[tokio::test]
async fn media_uploaded_datasheet_is_served_and_replacing_it_keeps_issued_links() {
    let a = admin(&[]).await;
    let first = pdf("first edition");
    let (status, m1) = a.upload("Beam Datasheet.pdf", first.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{m1}");
    assert_eq!(
        (m1["kind"].as_str(), m1["status"].as_str()),
        (Some("pdf"), Some("ready"))
    );
    let (status, p) = a
        .send(
            "POST",
            "/api/admin/products",
            Some(
                json!({"slug": "beam", "serviceSlug": "chlorine-system-solutions",
                "nameEn": "Beam", "nameAr": "عارضة", "datasheetMedia": m1["id"]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    // No name given: the PDF's file name without .pdf.
    assert_eq!(p["datasheet"], "Beam Datasheet");
    assert_eq!(p["datasheetMedia"], m1["id"]);

    let old_link = request_datasheet(&a, "Beam Datasheet").await;
    let (headers, bytes) = download(&a, &old_link).await;
    assert_eq!(bytes, first);
    assert_eq!(headers["content-type"], "application/pdf");
    let disposition = headers["content-disposition"].to_str().expect("ascii");
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("Beam Datasheet.pdf"),
        "{disposition}"
    );

    // Replaced: a new request gets the new file, the earlier link the old.
    let second = pdf("second edition");
    let (status, m2) = a.upload("beam-v2.pdf", second.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{m2}");
    let (status, p) = a
        .send(
            "PUT",
            "/api/admin/products/beam",
            Some(
                json!({"slug": "beam", "serviceSlug": "chlorine-system-solutions",
                "nameEn": "Beam", "nameAr": "عارضة", "datasheet": "Beam Datasheet",
                "datasheetMedia": m2["id"]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let new_link = request_datasheet(&a, "beam").await;
    assert_eq!(download(&a, &new_link).await.1, second);
    assert_eq!(
        download(&a, &old_link).await.1,
        first,
        "the earlier link keeps its file"
    );

    // The old PDF is no longer used: it may be deleted; the new one is used.
    let (status, _) = a
        .send(
            "DELETE",
            &format!("/api/admin/media/{}", m2["id"].as_str().expect("id")),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // A PDF without its trailer is refused.
    let mut truncated = pdf("cut");
    truncated.truncate(truncated.len() - 8);
    let (status, e) = a.upload("cut.pdf", truncated).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(
        e["message"].as_str().expect("message").contains("EOF"),
        "{e}"
    );
}

#[tokio::test]
async fn media_quota_and_file_limit_are_413() {
    let a = admin(&[
        ("CHLORO_MEDIA_QUOTA_BYTES", "3kb"),
        ("CHLORO_MEDIA_MAX_BYTES", "2kb"),
    ])
    .await;
    let (status, m) = a.upload("a.pdf", pdf("one")).await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    let (status, e) = a.upload("b.pdf", pdf("two")).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{e}");
    assert!(
        e["message"].as_str().expect("message").contains("quota"),
        "{e}"
    );
    let (status, e) = a.upload("big.pdf", pdf(&"y".repeat(4000))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{e}");
    assert!(
        e["message"]
            .as_str()
            .expect("message")
            .contains("CHLORO_MEDIA_MAX_BYTES"),
        "{e}"
    );
    // Nothing of the refused uploads stays on disk.
    let media = a.t.data_dir.path().join("media");
    assert_eq!(
        std::fs::read_dir(media.join("originals"))
            .expect("ls")
            .count(),
        1
    );
    assert_eq!(std::fs::read_dir(media.join("tmp")).expect("ls").count(), 0);
    let (_, list) = a.send("GET", "/api/admin/media", None).await;
    assert_eq!(list["quotaBytes"], 3072);
    assert_eq!(list["data"].as_array().expect("data").len(), 1);
}

#[tokio::test]
async fn media_upload_needs_a_session_and_its_size_exception_needs_credentials() {
    let t = common::start(&[("CHLORO_MAX_BODY", "16kb")]).await;
    let c = common::client();
    let res = c
        .post(t.url("/api/admin/media"))
        .body(pdf("x"))
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Without credentials a body over CHLORO_MAX_BODY is refused by the
    // edge before the API sees it.
    let res = c
        .post(t.url("/api/admin/media"))
        .body(vec![b'%'; 40_000])
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn media_upload_outlasts_the_request_timeout_while_other_requests_keep_it() {
    let a = admin(&[("CHLORO_REQUEST_TIMEOUT", "1s")]).await;
    let bytes = png(&photo(400, 300, 9));
    // The body arrives over about 2.5 s, in pieces, well above the minimum
    // data rate: longer than the whole-request timeout other API requests
    // have.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut conn = tokio::net::TcpStream::connect(a.t.addr)
        .await
        .expect("connect");
    let head = format!(
        "POST /api/admin/media?filename=slow.png HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        a.t.addr,
        a.token,
        bytes.len()
    );
    let started = std::time::Instant::now();
    conn.write_all(head.as_bytes()).await.expect("head");
    for piece in bytes.chunks(bytes.len() / 5 + 1) {
        tokio::time::sleep(Duration::from_millis(500)).await;
        conn.write_all(piece).await.expect("piece");
    }
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).await.expect("answer");
    assert!(started.elapsed() > Duration::from_secs(2));
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let body = answer.split("\r\n\r\n").nth(1).expect("body");
    let m: Value = serde_json::from_str(body).expect("json");
    assert_eq!(m["bytes"], bytes.len());
}
