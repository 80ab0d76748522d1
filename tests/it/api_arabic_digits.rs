//! Phone numbers typed in Arabic-Indic, Eastern Arabic-Indic and full-width
//! digits: both forms take them (201/200), store and show them as typed; the
//! admin search finds them by ASCII digits and the CSV exports carry their
//! ASCII form.

use crate::common;

use reqwest::StatusCode;
use serde_json::{Value, json};

const USER: &str = "ops";
const PASSWORD: &str = "correct horse battery staple";

/// (as typed, its ASCII form in the CSV)
const PHONES: [(&str, &str); 4] = [
    // Arabic-Indic, U+0660–0669.
    ("٠١٠٠١٢٣٤٥٦٧", "01001234567"),
    // Eastern Arabic-Indic, U+06F0–06F9.
    ("۰۹۱۲ ۳۴۵ ۶۷۸۹", "0912 345 6789"),
    // Full-width digits and plus (the CSV neutralises a leading `+`).
    ("＋２０ (１０１) ２３４-５６７８", "'+20 (101) 234-5678"),
    // Pasted from Arabic text: invisible direction marks around it.
    ("\u{202A}٠٣٣٣ ٤٤٤ ٥٥٥٦\u{202C}", "0333 444 5556"),
];

#[tokio::test]
async fn api_forms_take_arabic_and_full_width_digits() {
    let t = common::start(&[
        ("CHLORO_ADMIN_USER", USER),
        ("CHLORO_ADMIN_PASSWORD", PASSWORD),
        ("CHLORO_CONTACT_LIMIT_PER_HOUR", "0"),
        ("CHLORO_RATE_API", "1000"),
        ("CHLORO_RATE_API_BURST", "1000"),
    ])
    .await;
    let c = common::client();

    let mut ids = Vec::new();
    for (i, (typed, _)) in PHONES.iter().enumerate() {
        let res = c
            .post(t.url("/api/contact"))
            .json(
                &json!({"firstName": format!("Visitor{i}"), "email": format!("v{i}@example.com"),
                          "phone": typed, "postalCode": "١١٥١١", "message": "عرض سعر"}),
            )
            .send()
            .await
            .expect("POST /api/contact");
        assert_eq!(res.status(), StatusCode::CREATED, "{typed}");
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["phone"], *typed, "the response shows what was typed");
        assert_eq!(v["postalCode"], "١١٥١١");
        ids.push(v["id"].as_u64().expect("id"));

        let res = c
            .post(t.url("/api/datasheet/request"))
            .json(
                &json!({"firstName": format!("Visitor{i}"), "email": format!("v{i}@example.com"),
                          "phone": typed, "datasheetSlug": "emergency-kit"}),
            )
            .send()
            .await
            .expect("POST /api/datasheet/request");
        assert_eq!(res.status(), StatusCode::OK, "{typed}");
    }
    // Other scripts' digits are still refused, with the field named.
    let res = c
        .post(t.url("/api/contact"))
        .json(&json!({"firstName": "X", "email": "x@example.com",
                      "phone": "०१००१२३४५६७", "message": "m"}))
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let v: Value = res.json().await.expect("json");
    assert!(v["errors"]["phone"].is_string(), "{v}");

    let token = common::admin_token(&c, &t, USER, PASSWORD).await;
    let get = |path: String| {
        let c = c.clone();
        let token = token.clone();
        let url = t.url(&path);
        async move {
            let res = c.get(url).bearer_auth(token).send().await.expect("GET");
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            res
        }
    };

    // Shown as typed in the admin panel.
    for ((typed, _), id) in PHONES.iter().zip(&ids) {
        let v: Value = get(format!("/api/admin/submissions/{id}"))
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(v["phone"], *typed);
        assert_eq!(v["postalCode"], "١١٥١١");
    }
    let v: Value = get("/api/admin/datasheet-requests?pageSize=100".into())
        .await
        .json()
        .await
        .expect("json");
    let mut shown: Vec<&str> = v["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|r| r["phone"].as_str().expect("phone"))
        .collect();
    shown.sort_unstable();
    let mut typed: Vec<&str> = PHONES.iter().map(|(p, _)| *p).collect();
    typed.sort_unstable();
    assert_eq!(shown, typed);

    // Found by a search in ASCII digits, or in another script's digits.
    for (needle, want) in [
        ("01001234", ids[0]),
        ("0912 345", ids[1]),
        ("٠٩١٢", ids[1]),
        ("+20 (101)", ids[2]),
        ("２３４-５６", ids[2]),
        ("0333 444", ids[3]),
    ] {
        let v: Value = get(format!(
            "/api/admin/submissions?search={}",
            urlencode(needle)
        ))
        .await
        .json()
        .await
        .expect("json");
        let found: Vec<u64> = v["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|r| r["id"].as_u64().expect("id"))
            .collect();
        assert_eq!(found, [want], "search {needle:?}");
    }

    // The CSV exports carry the ASCII form of the phone (and postal code).
    let csv = get("/api/admin/submissions.csv".into())
        .await
        .text()
        .await
        .expect("csv");
    let dcsv = get("/api/admin/datasheet-requests.csv".into())
        .await
        .text()
        .await
        .expect("csv");
    for (typed, ascii) in PHONES {
        let cell = format!(",\"{ascii}\",");
        assert!(csv.contains(&cell), "{cell} in\n{csv}");
        assert!(dcsv.contains(&cell), "{cell} in\n{dcsv}");
        assert!(!csv.contains(typed), "{typed} in\n{csv}");
        assert!(!dcsv.contains(typed), "{typed} in\n{dcsv}");
    }
    assert_eq!(csv.matches(",\"11511\",").count(), PHONES.len(), "{csv}");
    assert!(!csv.contains("١١٥١١"), "{csv}");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
