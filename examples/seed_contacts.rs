//! Ad-hoc: fills a data directory with N contact submissions and,
//! optionally, V page visits spread over the last year (for measuring backup
//! time and size, and the admin endpoints at scale against a release
//! binary). `cargo run --release --example seed_contacts -- DIR N [V]`
use chloromaster::db::{Db, NewContact, Timestamp};

#[path = "../tests/it/scale_data/mod.rs"]
mod scale_data;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("DIR");
    let n: usize = args.next().and_then(|s| s.parse().ok()).expect("N");
    let visits: u64 = args.next().map_or(0, |s| s.parse().expect("V"));
    let db = Db::open(std::path::Path::new(&dir)).expect("open");
    let mut done = 0;
    while done < n {
        let batch: Vec<_> = (0..512.min(n - done))
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    db.insert_contact(NewContact {
                        first_name: format!("First{i}"),
                        last_name: "Lastname".into(),
                        email: format!("person{i}@example.com"),
                        phone: "01001234567".into(),
                        company: "Some Water Company Ltd".into(),
                        industry: "Water treatment".into(),
                        country: "Egypt".into(),
                        message: "We need a quote for a chlorination system for a plant of 5000 m3/day. Please call back.".into(),
                        ..NewContact::default()
                    })
                    .await
                })
            })
            .collect();
        for b in batch {
            b.await.expect("join").expect("insert");
        }
        done += 512.min(n - done);
    }
    let today = Timestamp::now().day();
    scale_data::insert_visits(&db, visits, today).await;
    db.close().await;
}
