//! The public catalogue: services and their products/projects. Small
//! (tens of records), so queries read the whole table and filter.

use redb::{ReadTransaction, ReadableTable};

use super::models::{GalleryItem, MediaKind, Product, Service};
use super::schema::{MEDIA, PRODUCT_SLUGS, PRODUCTS, SERVICE_SLUGS, SERVICES, next_id};
use super::{Db, DbError};

fn active_services(txn: &ReadTransaction) -> Result<Vec<Service>, DbError> {
    let mut all: Vec<Service> = SERVICES
        .all(&txn.open_table(SERVICES.def())?)?
        .into_iter()
        .filter(|s| s.is_active)
        .collect();
    all.sort_by_key(|s| (s.display_order, s.id));
    Ok(all)
}

fn active_products(txn: &ReadTransaction) -> Result<Vec<Product>, DbError> {
    let mut all: Vec<Product> = PRODUCTS
        .all(&txn.open_table(PRODUCTS.def())?)?
        .into_iter()
        .filter(|p| p.is_active)
        .collect();
    all.sort_by_key(|p| (p.display_order, p.id));
    Ok(all)
}

impl Db {
    /// Active services in display order.
    pub async fn services(&self) -> Result<Vec<Service>, DbError> {
        self.read(active_services).await
    }

    /// An active service by numeric id or by slug.
    pub async fn service(&self, id_or_slug: String) -> Result<Option<Service>, DbError> {
        self.read(move |txn| {
            let id = match id_or_slug.parse::<u64>() {
                Ok(id) => Some(id),
                Err(_) => txn
                    .open_table(SERVICE_SLUGS)?
                    .get(id_or_slug.as_str())?
                    .map(|v| v.value()),
            };
            let Some(id) = id else { return Ok(None) };
            Ok(SERVICES
                .get(&txn.open_table(SERVICES.def())?, id)?
                .filter(|s| s.is_active))
        })
        .await
    }

    /// The distinct categories of active services, in display order.
    pub async fn service_categories(&self) -> Result<Vec<String>, DbError> {
        let services = self.services().await?;
        let mut out: Vec<String> = Vec::new();
        for s in services {
            if !out.contains(&s.category) {
                out.push(s.category);
            }
        }
        Ok(out)
    }

    /// Active services whose category equals `category` (ignoring case).
    pub async fn services_in_category(&self, category: String) -> Result<Vec<Service>, DbError> {
        let services = self.services().await?;
        Ok(services
            .into_iter()
            .filter(|s| s.category.eq_ignore_ascii_case(&category))
            .collect())
    }

    /// Active products in display order, optionally of one service.
    pub async fn products(&self, service_slug: Option<String>) -> Result<Vec<Product>, DbError> {
        self.read(move |txn| {
            Ok(active_products(txn)?
                .into_iter()
                .filter(|p| service_slug.as_ref().is_none_or(|s| &p.service_slug == s))
                .collect())
        })
        .await
    }

    pub async fn product(&self, slug: String) -> Result<Option<Product>, DbError> {
        self.read(move |txn| {
            let Some(id) = txn
                .open_table(PRODUCT_SLUGS)?
                .get(slug.as_str())?
                .map(|v| v.value())
            else {
                return Ok(None);
            };
            Ok(PRODUCTS
                .get(&txn.open_table(PRODUCTS.def())?, id)?
                .filter(|p| p.is_active))
        })
        .await
    }

    /// Resolves what a datasheet request names — a datasheet base name, a
    /// product slug or a known alias, ignoring case and surrounding space —
    /// to the datasheet's base name.
    pub async fn find_datasheet(&self, name: String) -> Result<Option<String>, DbError> {
        self.read(move |txn| {
            let wanted = name.trim();
            for p in active_products(txn)? {
                let Some(datasheet) = p.datasheet else {
                    continue;
                };
                let matches = datasheet.eq_ignore_ascii_case(wanted)
                    || p.slug.eq_ignore_ascii_case(wanted)
                    || p.datasheet_aliases
                        .iter()
                        .any(|a| a.eq_ignore_ascii_case(wanted));
                if matches {
                    return Ok(Some(datasheet));
                }
            }
            Ok(None)
        })
        .await
    }

    /// [`Db::find_datasheet`], with the uploaded PDF of the product it
    /// matched, if it has one.
    pub async fn find_datasheet_file(
        &self,
        name: String,
    ) -> Result<Option<(String, Option<[u8; 32]>)>, DbError> {
        self.read(move |txn| {
            let wanted = name.trim();
            for p in active_products(txn)? {
                let Some(datasheet) = p.datasheet else {
                    continue;
                };
                let matches = datasheet.eq_ignore_ascii_case(wanted)
                    || p.slug.eq_ignore_ascii_case(wanted)
                    || p.datasheet_aliases
                        .iter()
                        .any(|a| a.eq_ignore_ascii_case(wanted));
                if matches {
                    return Ok(Some((datasheet, p.datasheet_media)));
                }
            }
            Ok(None)
        })
        .await
    }

    /// Every datasheet base name of the catalogue.
    pub async fn datasheet_names(&self) -> Result<Vec<String>, DbError> {
        self.read(|txn| {
            Ok(active_products(txn)?
                .into_iter()
                .filter_map(|p| p.datasheet)
                .collect())
        })
        .await
    }
}

/// A service as the admin writes it; the database keeps the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewService {
    pub slug: String,
    pub title_en: String,
    pub title_ar: String,
    pub description_en: String,
    pub description_ar: String,
    pub icon: String,
    pub category: String,
    pub is_active: bool,
    pub display_order: i32,
    pub gallery: Vec<GalleryItem>,
}

/// A product as the admin writes it. New products are active and go last;
/// an update keeps display order, state and datasheet aliases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    pub slug: String,
    pub service_slug: String,
    pub name_en: String,
    pub name_ar: String,
    pub description_en: String,
    pub description_ar: String,
    pub datasheet: Option<String>,
    pub images: Vec<String>,
    pub gallery: Vec<GalleryItem>,
    /// An uploaded PDF; when set and `datasheet` is empty, the datasheet's
    /// base name becomes the PDF's file name without `.pdf`.
    pub datasheet_media: Option<[u8; 32]>,
}

/// What a catalogue write did. Anything but `Done` wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum CatalogueChange<T> {
    Done(T),
    NotFound,
    /// Another record already has the slug.
    SlugTaken,
    /// A product names a service slug that does not exist.
    UnknownService,
    /// A service still has this many products.
    InUse(usize),
    /// A gallery names something that is not an uploaded image, or
    /// `datasheetMedia` something that is not an uploaded PDF: the field.
    UnknownMedia(&'static str),
}

impl<T> CatalogueChange<T> {
    /// The same outcome with the done value mapped.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> CatalogueChange<U> {
        match self {
            CatalogueChange::Done(v) => CatalogueChange::Done(f(v)),
            CatalogueChange::NotFound => CatalogueChange::NotFound,
            CatalogueChange::SlugTaken => CatalogueChange::SlugTaken,
            CatalogueChange::UnknownService => CatalogueChange::UnknownService,
            CatalogueChange::InUse(n) => CatalogueChange::InUse(n),
            CatalogueChange::UnknownMedia(f) => CatalogueChange::UnknownMedia(f),
        }
    }
}

/// Checks that every gallery item is an uploaded image and `pdf` an
/// uploaded PDF; returns the PDF's base name (its file name without
/// `.pdf`), or the failing field.
fn check_media(
    txn: &redb::WriteTransaction,
    gallery: &[GalleryItem],
    pdf: Option<[u8; 32]>,
) -> Result<Result<Option<String>, &'static str>, DbError> {
    let media = txn.open_table(MEDIA.def())?;
    for item in gallery {
        match MEDIA.get(&media, &item.media)? {
            Some(m) if m.kind.is_image() => {}
            _ => return Ok(Err("gallery")),
        }
    }
    let Some(pdf) = pdf else { return Ok(Ok(None)) };
    match MEDIA.get(&media, &pdf)? {
        Some(m) if m.kind == MediaKind::Pdf => {
            let name = m.name.trim();
            let base = name
                .len()
                .checked_sub(4)
                .filter(|&i| name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".pdf"))
                .map_or(name, |i| &name[..i]);
            Ok(Ok(Some(base.trim().to_owned())))
        }
        _ => Ok(Err("datasheetMedia")),
    }
}

fn service_with(id: u64, s: &NewService) -> Service {
    Service {
        id,
        slug: s.slug.clone(),
        title_en: s.title_en.clone(),
        title_ar: s.title_ar.clone(),
        description_en: s.description_en.clone(),
        description_ar: s.description_ar.clone(),
        icon: s.icon.clone(),
        category: s.category.clone(),
        is_active: s.is_active,
        display_order: s.display_order,
        gallery: s.gallery.clone(),
    }
}

/// The datasheet name a written product gets: the one sent, else the
/// uploaded PDF's base name.
fn datasheet_name(new: &NewProduct, pdf_name: Option<String>) -> Option<String> {
    new.datasheet
        .clone()
        .filter(|d| !d.trim().is_empty())
        .or(pdf_name.filter(|n| !n.is_empty()))
}

impl Db {
    /// Every service, inactive ones included, in display order.
    pub async fn all_services(&self) -> Result<Vec<Service>, DbError> {
        self.read(|txn| {
            let mut all = SERVICES.all(&txn.open_table(SERVICES.def())?)?;
            all.sort_by_key(|s| (s.display_order, s.id));
            Ok(all)
        })
        .await
    }

    /// Every product, inactive ones included, in display order.
    pub async fn all_products(&self) -> Result<Vec<Product>, DbError> {
        self.read(|txn| {
            let mut all = PRODUCTS.all(&txn.open_table(PRODUCTS.def())?)?;
            all.sort_by_key(|p| (p.display_order, p.id));
            Ok(all)
        })
        .await
    }

    pub async fn create_service(
        &self,
        new: NewService,
    ) -> Result<CatalogueChange<Service>, DbError> {
        self.write(move |txn| {
            if let Err(field) = check_media(txn, &new.gallery, None)? {
                return Ok(CatalogueChange::UnknownMedia(field));
            }
            let mut slugs = txn.open_table(SERVICE_SLUGS)?;
            if slugs.get(new.slug.as_str())?.is_some() {
                return Ok(CatalogueChange::SlugTaken);
            }
            let id = next_id(txn, "services")?;
            let service = service_with(id, &new);
            slugs.insert(new.slug.as_str(), id)?;
            SERVICES.put(&mut txn.open_table(SERVICES.def())?, id, &service)?;
            Ok(CatalogueChange::Done(service))
        })
        .await
    }

    /// Replaces service `id`. A new slug must be free; the service's
    /// products follow the rename.
    pub async fn update_service(
        &self,
        id: u64,
        new: NewService,
    ) -> Result<CatalogueChange<Service>, DbError> {
        self.write(move |txn| {
            if let Err(field) = check_media(txn, &new.gallery, None)? {
                return Ok(CatalogueChange::UnknownMedia(field));
            }
            let mut services = txn.open_table(SERVICES.def())?;
            let Some(old) = SERVICES.get(&services, id)? else {
                return Ok(CatalogueChange::NotFound);
            };
            let mut slugs = txn.open_table(SERVICE_SLUGS)?;
            if old.slug != new.slug {
                if slugs.get(new.slug.as_str())?.is_some() {
                    return Ok(CatalogueChange::SlugTaken);
                }
                slugs.remove(old.slug.as_str())?;
                slugs.insert(new.slug.as_str(), id)?;
                let mut products = txn.open_table(PRODUCTS.def())?;
                for mut p in PRODUCTS.all(&products)? {
                    if p.service_slug == old.slug {
                        p.service_slug = new.slug.clone();
                        PRODUCTS.put(&mut products, p.id, &p)?;
                    }
                }
            }
            let service = service_with(id, &new);
            SERVICES.put(&mut services, id, &service)?;
            Ok(CatalogueChange::Done(service))
        })
        .await
    }

    /// Deletes service `id` unless products still belong to it.
    pub async fn delete_service(&self, id: u64) -> Result<CatalogueChange<()>, DbError> {
        self.write(move |txn| {
            let mut services = txn.open_table(SERVICES.def())?;
            let Some(old) = SERVICES.get(&services, id)? else {
                return Ok(CatalogueChange::NotFound);
            };
            let in_use = PRODUCTS
                .all(&txn.open_table(PRODUCTS.def())?)?
                .iter()
                .filter(|p| p.service_slug == old.slug)
                .count();
            if in_use > 0 {
                return Ok(CatalogueChange::InUse(in_use));
            }
            services.remove(id)?;
            txn.open_table(SERVICE_SLUGS)?.remove(old.slug.as_str())?;
            Ok(CatalogueChange::Done(()))
        })
        .await
    }

    pub async fn create_product(
        &self,
        new: NewProduct,
    ) -> Result<CatalogueChange<Product>, DbError> {
        self.write(move |txn| {
            if txn
                .open_table(SERVICE_SLUGS)?
                .get(new.service_slug.as_str())?
                .is_none()
            {
                return Ok(CatalogueChange::UnknownService);
            }
            let pdf_name = match check_media(txn, &new.gallery, new.datasheet_media)? {
                Ok(name) => name,
                Err(field) => return Ok(CatalogueChange::UnknownMedia(field)),
            };
            let mut slugs = txn.open_table(PRODUCT_SLUGS)?;
            if slugs.get(new.slug.as_str())?.is_some() {
                return Ok(CatalogueChange::SlugTaken);
            }
            let mut products = txn.open_table(PRODUCTS.def())?;
            let last = PRODUCTS
                .all(&products)?
                .iter()
                .map(|p| p.display_order)
                .max()
                .unwrap_or(0);
            let id = next_id(txn, "products")?;
            let product = Product {
                id,
                slug: new.slug.clone(),
                service_slug: new.service_slug.clone(),
                name_en: new.name_en.clone(),
                name_ar: new.name_ar.clone(),
                description_en: new.description_en.clone(),
                description_ar: new.description_ar.clone(),
                datasheet: datasheet_name(&new, pdf_name),
                datasheet_aliases: Vec::new(),
                images: new.images.clone(),
                display_order: last.saturating_add(1),
                is_active: true,
                gallery: new.gallery.clone(),
                datasheet_media: new.datasheet_media,
            };
            slugs.insert(new.slug.as_str(), id)?;
            PRODUCTS.put(&mut products, id, &product)?;
            Ok(CatalogueChange::Done(product))
        })
        .await
    }

    /// Replaces product `slug` (the new slug in `new` renames it if free).
    pub async fn update_product(
        &self,
        slug: String,
        new: NewProduct,
    ) -> Result<CatalogueChange<Product>, DbError> {
        self.write(move |txn| {
            let mut slugs = txn.open_table(PRODUCT_SLUGS)?;
            let Some(id) = slugs.get(slug.as_str())?.map(|v| v.value()) else {
                return Ok(CatalogueChange::NotFound);
            };
            if txn
                .open_table(SERVICE_SLUGS)?
                .get(new.service_slug.as_str())?
                .is_none()
            {
                return Ok(CatalogueChange::UnknownService);
            }
            if new.slug != slug && slugs.get(new.slug.as_str())?.is_some() {
                return Ok(CatalogueChange::SlugTaken);
            }
            let pdf_name = match check_media(txn, &new.gallery, new.datasheet_media)? {
                Ok(name) => name,
                Err(field) => return Ok(CatalogueChange::UnknownMedia(field)),
            };
            let mut products = txn.open_table(PRODUCTS.def())?;
            let Some(old) = PRODUCTS.get(&products, id)? else {
                return Err(DbError::Corrupt(format!(
                    "product slug {slug:?} names missing product {id}"
                )));
            };
            if new.slug != slug {
                slugs.remove(slug.as_str())?;
                slugs.insert(new.slug.as_str(), id)?;
            }
            let product = Product {
                slug: new.slug.clone(),
                service_slug: new.service_slug.clone(),
                name_en: new.name_en.clone(),
                name_ar: new.name_ar.clone(),
                description_en: new.description_en.clone(),
                description_ar: new.description_ar.clone(),
                datasheet: datasheet_name(&new, pdf_name),
                images: new.images.clone(),
                gallery: new.gallery.clone(),
                datasheet_media: new.datasheet_media,
                ..old
            };
            PRODUCTS.put(&mut products, id, &product)?;
            Ok(CatalogueChange::Done(product))
        })
        .await
    }

    pub async fn delete_product(&self, slug: String) -> Result<CatalogueChange<()>, DbError> {
        self.write(move |txn| {
            let mut slugs = txn.open_table(PRODUCT_SLUGS)?;
            let Some(id) = slugs.get(slug.as_str())?.map(|v| v.value()) else {
                return Ok(CatalogueChange::NotFound);
            };
            slugs.remove(slug.as_str())?;
            txn.open_table(PRODUCTS.def())?.remove(id)?;
            Ok(CatalogueChange::Done(()))
        })
        .await
    }
}
