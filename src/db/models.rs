//! The records the appliance keeps. Field names are Rust's; the API decides
//! its own JSON names. Adding a field: see [`super::record`].

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::record::Record;
use super::time::Timestamp;

/// A contact-form submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: u64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub industry: String,
    pub country: String,
    pub postal_code: String,
    pub message: String,
    pub receive_emails: bool,
    pub submitted_at: Timestamp,
    pub ip_address: Option<IpAddr>,
    pub user_agent: String,
    pub is_read: bool,
}

impl Record for Contact {
    const NAME: &'static str = "contact";
    const FORMAT: u8 = 1;
}

/// What a visitor sends; the database adds id, time and read state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewContact {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub industry: String,
    pub country: String,
    pub postal_code: String,
    pub message: String,
    pub receive_emails: bool,
    pub ip_address: Option<IpAddr>,
    pub user_agent: String,
}

/// A gated datasheet download request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasheetRequest {
    pub id: u64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub country: String,
    /// The datasheet's base name (file name without `.pdf`).
    pub datasheet: String,
    pub requested_at: Timestamp,
    pub ip_address: Option<IpAddr>,
    pub user_agent: String,
}

impl Record for DatasheetRequest {
    const NAME: &'static str = "datasheet request";
    const FORMAT: u8 = 1;
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewDatasheetRequest {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub country: String,
    pub datasheet: String,
    pub ip_address: Option<IpAddr>,
    pub user_agent: String,
}

/// A download link, stored under the SHA-256 of its token so that a copy of
/// the database does not hand out working links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadToken {
    pub request_id: u64,
    pub datasheet: String,
    pub expires_at: Timestamp,
    /// The uploaded PDF the link was issued for (format 2): replacing a
    /// product's PDF leaves links already sent serving this one.
    pub media: Option<[u8; 32]>,
}

/// Format 1: before uploaded datasheets.
#[derive(Deserialize)]
struct DownloadTokenV1 {
    request_id: u64,
    datasheet: String,
    expires_at: Timestamp,
}

impl Record for DownloadToken {
    const NAME: &'static str = "download token";
    const FORMAT: u8 = 2;

    fn upgrade(format: u8, bytes: &[u8]) -> Result<Self, super::DbError> {
        match format {
            1 => {
                let o: DownloadTokenV1 = postcard::from_bytes(bytes).map_err(|e| {
                    super::DbError::Corrupt(format!("cannot decode download token (format 1): {e}"))
                })?;
                Ok(DownloadToken {
                    request_id: o.request_id,
                    datasheet: o.datasheet,
                    expires_at: o.expires_at,
                    media: None,
                })
            }
            _ => Err(unknown_format::<Self>(format)),
        }
    }
}

/// One page view. No IP address: `visitor` is a hash of address and
/// User-Agent under a salt that changes every day, so visitors are counted
/// once per day but cannot be followed across days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub at: Timestamp,
    pub page_url: String,
    pub page_title: String,
    pub referrer: String,
    pub session_duration_secs: Option<u32>,
    pub device: String,
    pub browser: String,
    pub visitor: [u8; 16],
}

impl Record for Visit {
    const NAME: &'static str = "visit";
    const FORMAT: u8 = 1;
}

/// A service line of the company (the top level of the catalogue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: u64,
    pub slug: String,
    pub title_en: String,
    pub title_ar: String,
    pub description_en: String,
    pub description_ar: String,
    pub icon: String,
    pub category: String,
    pub is_active: bool,
    pub display_order: i32,
    /// Uploaded images in display order (format 2).
    pub gallery: Vec<GalleryItem>,
}

/// Format 1: before galleries.
#[derive(Deserialize)]
struct ServiceV1 {
    id: u64,
    slug: String,
    title_en: String,
    title_ar: String,
    description_en: String,
    description_ar: String,
    icon: String,
    category: String,
    is_active: bool,
    display_order: i32,
}

impl Record for Service {
    const NAME: &'static str = "service";
    const FORMAT: u8 = 2;

    fn upgrade(format: u8, bytes: &[u8]) -> Result<Self, super::DbError> {
        match format {
            1 => {
                let o: ServiceV1 = postcard::from_bytes(bytes).map_err(|e| {
                    super::DbError::Corrupt(format!("cannot decode service (format 1): {e}"))
                })?;
                Ok(Service {
                    id: o.id,
                    slug: o.slug,
                    title_en: o.title_en,
                    title_ar: o.title_ar,
                    description_en: o.description_en,
                    description_ar: o.description_ar,
                    icon: o.icon,
                    category: o.category,
                    is_active: o.is_active,
                    display_order: o.display_order,
                    gallery: Vec::new(),
                })
            }
            _ => Err(unknown_format::<Self>(format)),
        }
    }
}

fn unknown_format<T: Record>(format: u8) -> super::DbError {
    super::DbError::Corrupt(format!(
        "{} record has unknown format {format} (this version writes {})",
        T::NAME,
        T::FORMAT
    ))
}

/// One picture of a gallery: an uploaded image (its id, the SHA-256 of the
/// uploaded bytes) and its alt texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GalleryItem {
    pub media: [u8; 32],
    pub alt_en: String,
    pub alt_ar: String,
}

/// What an uploaded file is, by its content. Variants are only ever added
/// at the end: postcard stores the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MediaKind {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

impl MediaKind {
    pub fn is_image(self) -> bool {
        !matches!(self, MediaKind::Pdf)
    }
}

/// Where an image is in its processing. Variants only added at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MediaStatus {
    /// Waiting for (or in) the re-encoding worker; a durable queue entry.
    Processing,
    Ready,
    /// Why it could not be processed.
    Failed(String),
}

/// The format of a served variant. Variants only added at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VariantFormat {
    Jpeg,
    Png,
    Webp,
    Avif,
}

impl VariantFormat {
    pub fn ext(self) -> &'static str {
        match self {
            VariantFormat::Jpeg => "jpg",
            VariantFormat::Png => "png",
            VariantFormat::Webp => "webp",
            VariantFormat::Avif => "avif",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            VariantFormat::Jpeg => "image/jpeg",
            VariantFormat::Png => "image/png",
            VariantFormat::Webp => "image/webp",
            VariantFormat::Avif => "image/avif",
        }
    }
}

/// One re-encoded, served file of an image: content-addressed by the
/// SHA-256 of its own bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaVariant {
    pub format: VariantFormat,
    pub width: u32,
    pub height: u32,
    pub hash: [u8; 32],
    pub bytes: u64,
}

/// An uploaded file, keyed by the SHA-256 of its bytes. The bytes live in
/// `<data dir>/media` (see `crate::media`), never in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    pub id: [u8; 32],
    pub kind: MediaKind,
    /// The uploaded file name (display, a PDF's download name).
    pub name: String,
    /// Size of the original.
    pub bytes: u64,
    /// An image's size as displayed (after its EXIF orientation).
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub added_at: Timestamp,
    pub status: MediaStatus,
    pub variants: Vec<MediaVariant>,
}

impl Media {
    /// The original and every variant: what the quota counts.
    pub fn stored_bytes(&self) -> u64 {
        self.variants
            .iter()
            .fold(self.bytes, |sum, v| sum.saturating_add(v.bytes))
    }
}

impl Record for Media {
    const NAME: &'static str = "media";
    const FORMAT: u8 = 1;
}

/// A product or installation project under a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: u64,
    pub slug: String,
    pub service_slug: String,
    pub name_en: String,
    pub name_ar: String,
    pub description_en: String,
    pub description_ar: String,
    /// The datasheet's base name, if the product has one.
    pub datasheet: Option<String>,
    /// Other names a datasheet request may use for this product's datasheet.
    pub datasheet_aliases: Vec<String>,
    pub images: Vec<String>,
    pub display_order: i32,
    pub is_active: bool,
    /// Uploaded images in display order (format 2).
    pub gallery: Vec<GalleryItem>,
    /// An uploaded PDF served as the datasheet (format 2).
    pub datasheet_media: Option<[u8; 32]>,
}

/// Format 1: before galleries and uploaded datasheets.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct ProductV1 {
    id: u64,
    slug: String,
    service_slug: String,
    name_en: String,
    name_ar: String,
    description_en: String,
    description_ar: String,
    datasheet: Option<String>,
    datasheet_aliases: Vec<String>,
    images: Vec<String>,
    display_order: i32,
    is_active: bool,
}

impl Record for Product {
    const NAME: &'static str = "product";
    const FORMAT: u8 = 2;

    fn upgrade(format: u8, bytes: &[u8]) -> Result<Self, super::DbError> {
        match format {
            1 => {
                let o: ProductV1 = postcard::from_bytes(bytes).map_err(|e| {
                    super::DbError::Corrupt(format!("cannot decode product (format 1): {e}"))
                })?;
                Ok(Product {
                    id: o.id,
                    slug: o.slug,
                    service_slug: o.service_slug,
                    name_en: o.name_en,
                    name_ar: o.name_ar,
                    description_en: o.description_en,
                    description_ar: o.description_ar,
                    datasheet: o.datasheet,
                    datasheet_aliases: o.datasheet_aliases,
                    images: o.images,
                    display_order: o.display_order,
                    is_active: o.is_active,
                    gallery: Vec::new(),
                    datasheet_media: None,
                })
            }
            _ => Err(unknown_format::<Self>(format)),
        }
    }
}

/// Mail waiting to be sent. Written in the same transaction as the record
/// that causes it, so no acknowledged submission can lose its notification;
/// the mail sender (`crate::mail`) renders, sends and removes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: u64,
    pub created_at: Timestamp,
    pub kind: OutboxKind,
    pub attempts: u32,
    /// Why the last attempt failed (never holds a secret).
    pub last_error: Option<String>,
    /// Not before this time; `None`: as soon as possible.
    pub next_attempt_at: Option<Timestamp>,
    /// Given up after the configured attempts; kept until retried or deleted.
    pub dead: bool,
    /// The message as it will be sent, once rendered (recipient, subject and
    /// body are fixed then, so later edits of the cause do not change it).
    pub mail: Option<RenderedMail>,
}

impl OutboxMessage {
    /// A fresh message of `kind`, due now.
    pub fn new(id: u64, created_at: Timestamp, kind: OutboxKind) -> Self {
        Self {
            id,
            created_at,
            kind,
            attempts: 0,
            last_error: None,
            next_attempt_at: None,
            dead: false,
            mail: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedMail {
    pub to: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body: String,
}

/// Variants are only ever added at the end: postcard stores the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutboxKind {
    /// A new contact submission; the sender splits it into
    /// [`OutboxKind::ContactAdmin`] and [`OutboxKind::ContactVisitor`].
    ContactReceived { contact_id: u64 },
    /// Mail the download link of a datasheet request to the visitor. Holds
    /// the token itself because the link must be sent; deleted once sent.
    DatasheetLink { request_id: u64, token: String },
    /// Tell the company about a contact submission.
    ContactAdmin { contact_id: u64 },
    /// Confirm a contact submission to the visitor.
    ContactVisitor { contact_id: u64 },
}

impl OutboxKind {
    /// The name the admin API shows.
    pub fn name(&self) -> &'static str {
        match self {
            OutboxKind::ContactReceived { .. } => "contact",
            OutboxKind::DatasheetLink { .. } => "datasheet-link",
            OutboxKind::ContactAdmin { .. } => "contact-admin",
            OutboxKind::ContactVisitor { .. } => "contact-visitor",
        }
    }
}

impl OutboxKind {
    /// Whether the message goes to an address a visitor typed (limited and
    /// stripped of visitor text), rather than to the company.
    pub fn to_visitor(&self) -> bool {
        matches!(
            self,
            OutboxKind::DatasheetLink { .. } | OutboxKind::ContactVisitor { .. }
        )
    }

    /// The same kind without anything secret (a datasheet link's token), as
    /// a message that will never be sent keeps it.
    pub fn without_secrets(&self) -> OutboxKind {
        match self {
            OutboxKind::DatasheetLink { request_id, .. } => OutboxKind::DatasheetLink {
                request_id: *request_id,
                token: String::new(),
            },
            other => other.clone(),
        }
    }
}

/// Why a message to a visitor was not sent. Variants are only ever added at
/// the end: postcard stores the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuppressReason {
    /// The address had its `CHLORO_MAIL_PER_RECIPIENT_PER_DAY` mails in the
    /// last 24 hours.
    RecipientDailyLimit,
    /// `CHLORO_MAIL_VISITOR_PER_HOUR` mails went to visitors in the last 60
    /// minutes.
    HourlyLimit,
    /// A limit is 0: no mail to visitors at all.
    VisitorMailOff,
}

impl SuppressReason {
    pub const ALL: [SuppressReason; 3] = [
        SuppressReason::RecipientDailyLimit,
        SuppressReason::HourlyLimit,
        SuppressReason::VisitorMailOff,
    ];

    /// The code the admin API and the metrics' `reason` label show.
    pub fn code(self) -> &'static str {
        match self {
            SuppressReason::RecipientDailyLimit => "recipient-daily-limit",
            SuppressReason::HourlyLimit => "hourly-limit",
            SuppressReason::VisitorMailOff => "visitor-mail-off",
        }
    }

    /// One English sentence for the admin and the log.
    pub fn describe(self) -> &'static str {
        match self {
            SuppressReason::RecipientDailyLimit => {
                "not sent: this address already had its mails for the last 24 hours (CHLORO_MAIL_PER_RECIPIENT_PER_DAY)"
            }
            SuppressReason::HourlyLimit => {
                "not sent: the hourly limit of mail to visitors was reached (CHLORO_MAIL_VISITOR_PER_HOUR)"
            }
            SuppressReason::VisitorMailOff => {
                "not sent: mail to visitors is switched off (a CHLORO_MAIL_*_PER_* limit is 0)"
            }
        }
    }
}

/// A message to a visitor that the limits stopped: never sent, kept for
/// the admin (the newest [`super::mail_limits::SUPPRESSED_KEPT`]) with its
/// recipient, subject and reason, but without body or download token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressedMail {
    /// The outbox id it had.
    pub id: u64,
    pub created_at: Timestamp,
    pub suppressed_at: Timestamp,
    /// Without the token ([`OutboxKind::without_secrets`]).
    pub kind: OutboxKind,
    pub to: String,
    pub subject: String,
    pub reason: SuppressReason,
}

impl Record for SuppressedMail {
    const NAME: &'static str = "suppressed mail";
    const FORMAT: u8 = 1;
}

/// Format 1: before delivery state and rendering were stored.
#[derive(Deserialize)]
struct OutboxMessageV1 {
    id: u64,
    created_at: Timestamp,
    kind: OutboxKind,
    attempts: u32,
}

impl Record for OutboxMessage {
    const NAME: &'static str = "outbox message";
    const FORMAT: u8 = 2;

    fn upgrade(format: u8, bytes: &[u8]) -> Result<Self, super::DbError> {
        match format {
            1 => {
                let old: OutboxMessageV1 = postcard::from_bytes(bytes).map_err(|e| {
                    super::DbError::Corrupt(format!("cannot decode outbox message (format 1): {e}"))
                })?;
                Ok(OutboxMessage {
                    attempts: old.attempts,
                    ..OutboxMessage::new(old.id, old.created_at, old.kind)
                })
            }
            _ => Err(super::DbError::Corrupt(format!(
                "outbox message has unknown format {format} (this version writes {})",
                Self::FORMAT
            ))),
        }
    }
}

/// An administrator account. Keyed by the lower-cased user name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUser {
    pub username: String,
    pub email: String,
    pub full_name: String,
    /// Argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`): the
    /// parameters travel with the hash, so they can be raised later.
    pub password_hash: String,
    pub disabled: bool,
    /// Bumped by a password change or a disable. A session remembers the
    /// generation it was created under and is refused once it differs, so
    /// the offline CLI revokes sessions it cannot reach in the cache.
    pub session_generation: u64,
    pub created_at: Timestamp,
}

impl Record for AdminUser {
    const NAME: &'static str = "admin user";
    const FORMAT: u8 = 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_format_1_products_services_and_tokens_read_with_empty_media_fields() {
        let v1 = ProductV1 {
            id: 7,
            slug: "beam".into(),
            service_slug: "s".into(),
            name_en: "Beam".into(),
            name_ar: "عارضة".into(),
            description_en: String::new(),
            description_ar: String::new(),
            datasheet: Some("Beam".into()),
            datasheet_aliases: vec!["b".into()],
            images: vec!["/img/a.jpg".into()],
            display_order: 3,
            is_active: true,
        };
        let bytes = postcard::to_extend(&v1, vec![1u8]).expect("encode");
        let p: Product = super::super::record::decode(&bytes).expect("upgrade");
        assert_eq!((p.id, p.slug.as_str(), p.display_order), (7, "beam", 3));
        assert_eq!(p.images, vec!["/img/a.jpg".to_owned()]);
        assert!(p.gallery.is_empty() && p.datasheet_media.is_none());

        let service = (1u64, "s", "T", "ت", "", "", "icon", "cat", true, 2i32);
        let bytes = postcard::to_extend(&service, vec![1u8]).expect("encode");
        let s: Service = super::super::record::decode(&bytes).expect("upgrade");
        assert_eq!((s.slug.as_str(), s.display_order), ("s", 2));
        assert!(s.gallery.is_empty());

        let token = (5u64, "Beam", Timestamp(1_000));
        let bytes = postcard::to_extend(&token, vec![1u8]).expect("encode");
        let t: DownloadToken = super::super::record::decode(&bytes).expect("upgrade");
        assert_eq!((t.request_id, t.media), (5, None));
    }
}
