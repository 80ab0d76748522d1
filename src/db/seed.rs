//! The catalogue the appliance starts with: the company's two services, its
//! 18 chlorine products and 12 installation projects (`catalogue.json`).
//! Written once, at the first start; later edits belong to the admin.

use redb::{ReadableTable, WriteTransaction};
use serde::Deserialize;

use super::DbError;
use super::models::{Product, Service};
use super::schema::{META, PRODUCT_SLUGS, PRODUCTS, SEEDED_KEY, SERVICE_SLUGS, SERVICES, next_id};

const CATALOGUE: &str = include_str!("catalogue.json");

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedCatalogue {
    services: Vec<SeedService>,
    products: Vec<SeedProduct>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedService {
    slug: String,
    title_en: String,
    title_ar: String,
    description_en: String,
    description_ar: String,
    icon: String,
    category: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedProduct {
    slug: String,
    service: String,
    name_en: String,
    name_ar: String,
    description_en: String,
    description_ar: String,
    #[serde(default)]
    datasheet: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Seeds the catalogue unless it was seeded before. Returns whether it did.
pub fn seed_if_new(txn: &WriteTransaction) -> Result<bool, DbError> {
    if txn.open_table(META)?.get(SEEDED_KEY)?.is_some() {
        return Ok(false);
    }
    let catalogue: SeedCatalogue = serde_json::from_str(CATALOGUE)
        .map_err(|e| DbError::Corrupt(format!("built-in catalogue: {e}")))?;
    let mut services = txn.open_table(SERVICES.def())?;
    let mut service_slugs = txn.open_table(SERVICE_SLUGS)?;
    for (order, s) in (1..).zip(catalogue.services) {
        let id = next_id(txn, "services")?;
        service_slugs.insert(s.slug.as_str(), id)?;
        SERVICES.put(
            &mut services,
            id,
            &Service {
                id,
                slug: s.slug,
                title_en: s.title_en,
                title_ar: s.title_ar,
                description_en: s.description_en,
                description_ar: s.description_ar,
                icon: s.icon,
                category: s.category,
                is_active: true,
                display_order: order,
                gallery: Vec::new(),
            },
        )?;
    }
    let mut products = txn.open_table(PRODUCTS.def())?;
    let mut product_slugs = txn.open_table(PRODUCT_SLUGS)?;
    for (order, p) in (1..).zip(catalogue.products) {
        let id = next_id(txn, "products")?;
        product_slugs.insert(p.slug.as_str(), id)?;
        PRODUCTS.put(
            &mut products,
            id,
            &Product {
                id,
                slug: p.slug,
                service_slug: p.service,
                name_en: p.name_en,
                name_ar: p.name_ar,
                description_en: p.description_en,
                description_ar: p.description_ar,
                datasheet: p.datasheet,
                datasheet_aliases: p.aliases,
                images: Vec::new(),
                display_order: order,
                is_active: true,
                gallery: Vec::new(),
                datasheet_media: None,
            },
        )?;
    }
    txn.open_table(META)?.insert(SEEDED_KEY, 1)?;
    Ok(true)
}
