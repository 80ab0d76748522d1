//! The visits the scale test and `examples/seed_contacts.rs` generate.

use chloromaster::db::{Db, Timestamp, Visit};

/// Visit `i` of a year of traffic: 60 pages, 40 sources, ~3,000 visitors a
/// day, each seen a few times.
pub fn visit(i: u64, today: u32) -> Visit {
    let back = (i % 365) as u32;
    let mut visitor = [0u8; 16];
    visitor[..8].copy_from_slice(&((i / 365) % 3000).to_le_bytes());
    visitor[8..12].copy_from_slice(&back.to_le_bytes());
    Visit {
        at: Timestamp(u64::from(today - back) * 86_400_000 + (i * 7919) % 86_400_000),
        page_url: match i % 6 {
            0 => "/".into(),
            1 => "/privacy".into(),
            n => format!("/equipment/product-{}", (i / 6 + n) % 58),
        },
        page_title: "ChloroMaster".into(),
        referrer: match i % 4 {
            0 => String::new(),
            _ => format!("https://site{}.example.com/page", i % 40),
        },
        session_duration_secs: Some((i % 300) as u32),
        device: "desktop".into(),
        browser: "Firefox".into(),
        visitor,
    }
}

/// Writes visits `0..visits` ([`visit`]) in batches of 10,000, today being
/// `today`.
pub async fn insert_visits(db: &Db, visits: u64, today: u32) {
    let mut i = 0;
    while i < visits {
        let end = (i + 10_000).min(visits);
        db.insert_visits((i..end).map(|i| visit(i, today)).collect())
            .await
            .expect("visits");
        i = end;
    }
}
