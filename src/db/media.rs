//! Uploaded media records (the files themselves are `crate::media`'s), the
//! quota they count against, and where the catalogue uses them.

use std::collections::HashMap;

use redb::ReadableTable;

use super::models::{Media, MediaStatus, MediaVariant};
use super::schema::{MEDIA, PRODUCTS, SERVICES};
use super::{Db, DbError};

/// What storing a new upload's record did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaInsert {
    /// Stored; the caller keeps the file.
    Created(Media),
    /// The same bytes were uploaded before: this is that record, unchanged.
    Exists(Media),
    /// The quota would be exceeded: `(stored bytes, quota)`. Nothing stored.
    OverQuota(u64, u64),
}

/// Where a media file is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaUse {
    /// `"product"` or `"service"`.
    pub kind: &'static str,
    pub slug: String,
    /// `"gallery"` or `"datasheet"`.
    pub field: &'static str,
}

/// What deleting a media record did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaDelete {
    /// Deleted (and, when forced, removed from the catalogue); the caller
    /// removes its files.
    Done(Media),
    NotFound,
    /// Still used, nothing changed.
    InUse(Vec<MediaUse>),
}

fn usage(txn: &impl UsageTables) -> Result<HashMap<[u8; 32], Vec<MediaUse>>, DbError> {
    let mut out: HashMap<[u8; 32], Vec<MediaUse>> = HashMap::new();
    for p in txn.products()? {
        for item in &p.gallery {
            out.entry(item.media).or_default().push(MediaUse {
                kind: "product",
                slug: p.slug.clone(),
                field: "gallery",
            });
        }
        if let Some(pdf) = p.datasheet_media {
            out.entry(pdf).or_default().push(MediaUse {
                kind: "product",
                slug: p.slug.clone(),
                field: "datasheet",
            });
        }
    }
    for s in txn.services()? {
        for item in &s.gallery {
            out.entry(item.media).or_default().push(MediaUse {
                kind: "service",
                slug: s.slug.clone(),
                field: "gallery",
            });
        }
    }
    Ok(out)
}

/// Reading the catalogue in either kind of transaction.
trait UsageTables {
    fn products(&self) -> Result<Vec<super::Product>, DbError>;
    fn services(&self) -> Result<Vec<super::Service>, DbError>;
}

impl UsageTables for redb::ReadTransaction {
    fn products(&self) -> Result<Vec<super::Product>, DbError> {
        PRODUCTS.all(&self.open_table(PRODUCTS.def())?)
    }
    fn services(&self) -> Result<Vec<super::Service>, DbError> {
        SERVICES.all(&self.open_table(SERVICES.def())?)
    }
}

impl UsageTables for redb::WriteTransaction {
    fn products(&self) -> Result<Vec<super::Product>, DbError> {
        PRODUCTS.all(&self.open_table(PRODUCTS.def())?)
    }
    fn services(&self) -> Result<Vec<super::Service>, DbError> {
        SERVICES.all(&self.open_table(SERVICES.def())?)
    }
}

impl Db {
    /// Stores the record of a new upload if its bytes are new and the quota
    /// (`quota`, over every original and variant, this one included) allows.
    pub async fn media_insert(&self, media: Media, quota: u64) -> Result<MediaInsert, DbError> {
        self.write(move |txn| {
            let mut table = txn.open_table(MEDIA.def())?;
            if let Some(existing) = MEDIA.get(&table, &media.id)? {
                return Ok(MediaInsert::Exists(existing));
            }
            let mut used = 0u64;
            for entry in table.iter()? {
                let (_, v) = entry?;
                used =
                    used.saturating_add(super::record::decode::<Media>(v.value())?.stored_bytes());
            }
            if used.saturating_add(media.stored_bytes()) > quota {
                return Ok(MediaInsert::OverQuota(used, quota));
            }
            MEDIA.put(&mut table, &media.id, &media)?;
            Ok(MediaInsert::Created(media.clone()))
        })
        .await
    }

    pub async fn media(&self, id: [u8; 32]) -> Result<Option<Media>, DbError> {
        self.read(move |txn| MEDIA.get(&txn.open_table(MEDIA.def())?, &id))
            .await
    }

    /// Every record, newest first, with where each is used.
    pub async fn media_list(&self) -> Result<Vec<(Media, Vec<MediaUse>)>, DbError> {
        self.read(|txn| {
            let mut all = MEDIA.all(&txn.open_table(MEDIA.def())?)?;
            all.sort_by(|a, b| b.added_at.cmp(&a.added_at).then(a.id.cmp(&b.id)));
            let mut usage = usage(txn)?;
            Ok(all
                .into_iter()
                .map(|m| {
                    let used = usage.remove(&m.id).unwrap_or_default();
                    (m, used)
                })
                .collect())
        })
        .await
    }

    /// Where one record is used.
    pub async fn media_usage(&self, id: [u8; 32]) -> Result<Vec<MediaUse>, DbError> {
        self.read(move |txn| Ok(usage(txn)?.remove(&id).unwrap_or_default()))
            .await
    }

    /// The records of `ids` that exist (for rendering galleries).
    pub async fn media_by_ids(
        &self,
        ids: Vec<[u8; 32]>,
    ) -> Result<HashMap<[u8; 32], Media>, DbError> {
        self.read(move |txn| {
            let table = txn.open_table(MEDIA.def())?;
            let mut out = HashMap::new();
            for id in ids {
                if out.contains_key(&id) {
                    continue;
                }
                if let Some(m) = MEDIA.get(&table, &id)? {
                    out.insert(id, m);
                }
            }
            Ok(out)
        })
        .await
    }

    /// Records the worker's result for `id`; `false` if the record is gone
    /// (deleted meanwhile: the caller removes the variants it wrote).
    pub async fn media_processed(
        &self,
        id: [u8; 32],
        status: MediaStatus,
        size: Option<(u32, u32)>,
        variants: Vec<MediaVariant>,
    ) -> Result<bool, DbError> {
        self.write(move |txn| {
            let mut table = txn.open_table(MEDIA.def())?;
            let Some(mut media) = MEDIA.get(&table, &id)? else {
                return Ok(false);
            };
            media.status = status.clone();
            if let Some((w, h)) = size {
                media.width = Some(w);
                media.height = Some(h);
            }
            media.variants = variants.clone();
            MEDIA.put(&mut table, &id, &media)?;
            Ok(true)
        })
        .await
    }

    /// Deletes record `id`. While the catalogue uses it, only with `force`,
    /// which removes it from those galleries and datasheets in the same
    /// transaction.
    pub async fn media_delete(&self, id: [u8; 32], force: bool) -> Result<MediaDelete, DbError> {
        self.write(move |txn| {
            let mut table = txn.open_table(MEDIA.def())?;
            let Some(media) = MEDIA.get(&table, &id)? else {
                return Ok(MediaDelete::NotFound);
            };
            let used = usage(txn)?.remove(&id).unwrap_or_default();
            if !used.is_empty() && !force {
                return Ok(MediaDelete::InUse(used));
            }
            if !used.is_empty() {
                let mut products = txn.open_table(PRODUCTS.def())?;
                for mut p in PRODUCTS.all(&products)? {
                    let before = (p.gallery.len(), p.datasheet_media);
                    p.gallery.retain(|g| g.media != id);
                    if p.datasheet_media == Some(id) {
                        p.datasheet_media = None;
                    }
                    if before != (p.gallery.len(), p.datasheet_media) {
                        PRODUCTS.put(&mut products, p.id, &p)?;
                    }
                }
                let mut services = txn.open_table(SERVICES.def())?;
                for mut s in SERVICES.all(&services)? {
                    let before = s.gallery.len();
                    s.gallery.retain(|g| g.media != id);
                    if before != s.gallery.len() {
                        SERVICES.put(&mut services, s.id, &s)?;
                    }
                }
            }
            table.remove(&id)?;
            Ok(MediaDelete::Done(media))
        })
        .await
    }

    /// Every record (the start-up sweep: which files to keep, which images
    /// to queue).
    pub async fn media_all(&self) -> Result<Vec<Media>, DbError> {
        self.read(|txn| MEDIA.all(&txn.open_table(MEDIA.def())?))
            .await
    }
}
