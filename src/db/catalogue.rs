//! The public catalogue: services and their products/projects. Small
//! (tens of records), so queries read the whole table and filter.

use redb::ReadTransaction;

use super::models::{Product, Service};
use super::schema::{PRODUCT_SLUGS, PRODUCTS, SERVICE_SLUGS, SERVICES};
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
