//! The pages as HTML: the markup `assets/js/app.js` used to draw in the
//! browser (its elements, classes, ids and texts), written on the server
//! so `assets/css/site.css` applies unchanged and the script only enhances.
//! Every string goes through [`Html`]'s escaping.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::html::{Html, json_in_script};
use super::route::{Lang, Page};
use super::text::{AR, EN, Text};
use crate::db::{Product, Service};

pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        Lang::Ar => &AR,
    }
}

/// What every page of one response shares.
pub struct Shell<'a> {
    pub lang: Lang,
    /// `https://host` (no trailing slash), or empty for relative URLs.
    pub origin: &'a str,
    /// The stylesheet's and the script's (fingerprinted) URLs.
    pub css: &'a str,
    pub js: &'a str,
    /// Show the link to the other language (the visitor's
    /// `Accept-Language` prefers it).
    pub suggest_other: bool,
}

/// A page's content, read from the catalogue.
pub enum View {
    Home {
        services: Vec<Service>,
        products: Vec<Product>,
    },
    Service {
        service: Box<Service>,
        products: Vec<Product>,
        gallery: Vec<GalleryImage>,
    },
    Equipment {
        product: Box<Product>,
        service: Option<Box<Service>>,
        gallery: Vec<GalleryImage>,
    },
    Privacy,
    Terms,
    NotFound,
}

/// What a form shows besides its empty fields: the values typed, each
/// field's error, a status line, or the confirmation that replaces it.
#[derive(Default)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    /// `("bad" | "ok", message)`.
    pub status: Option<(&'static str, String)>,
    pub done: Option<Done>,
}

pub enum Done {
    Contact,
    /// The download link the API answered.
    Datasheet {
        url: String,
    },
}

/// A form field: name, kind, max length, required, autocomplete,
/// `type`, `inputmode`, wide.
struct Field {
    name: &'static str,
    kind: Kind,
    max: u32,
    required: bool,
    autocomplete: Option<&'static str>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Email,
    Phone,
    Multiline,
}

const fn f(
    name: &'static str,
    kind: Kind,
    max: u32,
    required: bool,
    autocomplete: Option<&'static str>,
) -> Field {
    Field {
        name,
        kind,
        max,
        required,
        autocomplete,
    }
}

/// As `CONTACT_FIELDS` in app.js and `api::contact::validate`.
const CONTACT_FIELDS: &[Field] = &[
    f("firstName", Kind::Text, 100, false, Some("given-name")),
    f("lastName", Kind::Text, 100, false, Some("family-name")),
    f("email", Kind::Email, 254, true, Some("email")),
    f("phone", Kind::Phone, 32, true, Some("tel")),
    f("company", Kind::Text, 200, false, Some("organization")),
    f("industry", Kind::Text, 100, false, None),
    f("country", Kind::Text, 100, false, Some("country-name")),
    f("postalCode", Kind::Text, 20, false, Some("postal-code")),
    f("message", Kind::Multiline, 5000, true, None),
];

/// As `DATASHEET_FIELDS` in app.js and `api::datasheet::issue`.
const DATASHEET_FIELDS: &[Field] = &[
    f("firstName", Kind::Text, 100, false, Some("given-name")),
    f("lastName", Kind::Text, 100, false, Some("family-name")),
    f("email", Kind::Email, 254, true, Some("email")),
    f("phone", Kind::Phone, 32, true, Some("tel")),
    f("company", Kind::Text, 200, false, Some("organization")),
    f("country", Kind::Text, 100, false, Some("country-name")),
];

/// The names of the form fields a page may re-show (what a POST keeps).
pub fn form_field_names(datasheet: bool) -> impl Iterator<Item = &'static str> {
    let fields = if datasheet {
        DATASHEET_FIELDS
    } else {
        CONTACT_FIELDS
    };
    fields.iter().map(|f| f.name)
}

fn label(t: &Text, name: &str) -> &'static str {
    match name {
        "firstName" => t.first_name,
        "lastName" => t.last_name,
        "email" => t.email,
        "phone" => t.phone,
        "company" => t.company,
        "industry" => t.industry,
        "country" => t.country,
        "postalCode" => t.postal_code,
        "message" => t.message,
        _ => "",
    }
}

/// A validation reason of the API (English, `validate.rs`) in the page's
/// language, as app.js's `serverReason` maps them.
pub fn reason_text(lang: Lang, reason: &str) -> String {
    let t = text(lang);
    if let Some(n) = reason
        .split_once("at most ")
        .and_then(|(_, r)| r.split(|c: char| !c.is_ascii_digit()).next())
        .filter(|n| !n.is_empty())
    {
        return t.too_long.replace("{n}", n);
    }
    let s = if reason.contains("first or last name") {
        t.name_required
    } else if reason.contains("required") {
        t.required
    } else if reason.contains("e-mail") {
        t.bad_email
    } else if reason.contains("phone") {
        t.bad_phone
    } else if reason.contains("control") {
        t.control
    } else {
        return reason.to_owned();
    };
    s.to_owned()
}

fn pick<'a>(lang: Lang, en: &'a str, ar: &'a str) -> &'a str {
    match lang {
        Lang::Ar if !ar.is_empty() => ar,
        Lang::Ar => en,
        Lang::En if !en.is_empty() => en,
        Lang::En => ar,
    }
}

fn digits(lang: Lang, n: usize) -> String {
    let s = n.to_string();
    match lang {
        Lang::En => s,
        Lang::Ar => s
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                None => c,
            })
            .collect(),
    }
}

const ICON_FLASK: &str =
    "M9 3h6M10 3v6L4.5 18.5A2 2 0 0 0 6.2 21.5h11.6a2 2 0 0 0 1.7-3L14 9V3M7 15h10";
const ICON_WRENCH: &str =
    "M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z";
const ICON_DROP: &str = "M12 3s6 6.5 6 11a6 6 0 0 1-12 0c0-4.5 6-11 6-11z";
const ICON_ARROW: &str = "M5 12h14M13 6l6 6-6 6";

fn icon(h: &mut Html, name: &str, class: &str) {
    let d = match name {
        "flask" => ICON_FLASK,
        "wrench" => ICON_WRENCH,
        "arrow" => ICON_ARROW,
        _ => ICON_DROP,
    };
    h.raw("<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\"")
        .attr("class", class)
        .raw(" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\" stroke-linecap=\"round\" stroke-linejoin=\"round\"><path")
        .attr("d", d)
        .raw("></path></svg>");
}

/// Title, description, canonical page and breadcrumbs of a view.
struct Meta {
    title: String,
    description: String,
    page: Option<Page>,
    /// (name, page) from the home page down to this one.
    crumbs: Vec<(String, Page)>,
    image: Option<String>,
}

fn meta(lang: Lang, view: &View) -> Meta {
    let t = text(lang);
    let home = (t.home.to_owned(), Page::Home);
    match view {
        View::Home { .. } => Meta {
            title: t.site_title.to_owned(),
            description: t.hero_lead.to_owned(),
            page: Some(Page::Home),
            crumbs: vec![home],
            image: None,
        },
        View::Service {
            service, gallery, ..
        } => {
            let title = pick(lang, &service.title_en, &service.title_ar).to_owned();
            let page = Page::Service(service.slug.clone());
            Meta {
                title: format!("{title} — ChloroMaster"),
                description: pick(lang, &service.description_en, &service.description_ar)
                    .to_owned(),
                page: Some(page.clone()),
                crumbs: vec![home, (title, page)],
                image: gallery.first().map(|g| g.src.clone()),
            }
        }
        View::Equipment {
            product,
            service,
            gallery,
        } => {
            let name = pick(lang, &product.name_en, &product.name_ar).to_owned();
            let page = Page::Equipment(product.slug.clone());
            let svc = Page::Service(product.service_slug.clone());
            let svc_title = service.as_ref().map_or(product.service_slug.clone(), |s| {
                pick(lang, &s.title_en, &s.title_ar).to_owned()
            });
            Meta {
                title: format!("{name} — ChloroMaster"),
                description: pick(lang, &product.description_en, &product.description_ar)
                    .to_owned(),
                page: Some(page.clone()),
                crumbs: vec![home, (svc_title, svc), (name, page)],
                image: gallery
                    .first()
                    .map(|g| g.src.clone())
                    .or_else(|| images(product).next().map(str::to_owned)),
            }
        }
        View::Privacy => Meta {
            title: format!("{} — ChloroMaster", t.privacy),
            description: t.privacy_body.first().map_or("", |p| p.1).to_owned(),
            page: Some(Page::Privacy),
            crumbs: vec![home, (t.privacy.to_owned(), Page::Privacy)],
            image: None,
        },
        View::Terms => Meta {
            title: format!("{} — ChloroMaster", t.terms),
            description: t.terms_body.first().map_or("", |p| p.1).to_owned(),
            page: Some(Page::Terms),
            crumbs: vec![home, (t.terms.to_owned(), Page::Terms)],
            image: None,
        },
        View::NotFound => Meta {
            title: format!("{} — ChloroMaster", t.not_found_title),
            description: t.not_found_text.to_owned(),
            page: None,
            crumbs: Vec::new(),
            image: None,
        },
    }
}

/// A ready gallery image as the media contract (issue 16,
/// `CONTRACT-media.md`) describes it, URLs content-addressed under
/// `/media/` (made by `api::rendered_image`, as the catalogue JSON's).
pub struct GalleryImage {
    pub alt_en: String,
    pub alt_ar: String,
    pub width: u32,
    pub height: u32,
    /// The fallback (JPEG or PNG, about 960 px wide).
    pub src: String,
    /// The fallback's widths (`/media/<hex>.jpg 480w, …`).
    pub srcset: String,
    /// Modern formats in preference order: (`type`, `srcset`).
    pub sources: Vec<(String, String)>,
}

/// The ready images of a gallery, in order (images still processing or
/// failed are left out, as in the public JSON).
pub fn gallery_images(
    items: &[crate::db::GalleryItem],
    media: &std::collections::HashMap<[u8; 32], crate::db::Media>,
) -> Vec<GalleryImage> {
    items
        .iter()
        .filter_map(|item| {
            let (width, height, src, srcset, sources) =
                crate::api::rendered_image(media.get(&item.media)?)?;
            Some(GalleryImage {
                alt_en: item.alt_en.clone(),
                alt_ar: item.alt_ar.clone(),
                width,
                height,
                src,
                srcset,
                sources: sources
                    .into_iter()
                    .map(|s| (s.kind.to_owned(), s.srcset))
                    .collect(),
            })
        })
        .collect()
}

/// How wide a gallery image is drawn: half the page from the two-column
/// layout up (`.two` in site.css), else the whole width.
const GALLERY_SIZES: &str = "(min-width: 56rem) 50vw, 100vw";

/// A gallery as `<picture>`s: the modern sources, then the fallback
/// `<img>` with its size (no layout shift), alt text in the page's
/// language; the first image loads at once, the rest lazily.
fn gallery(h: &mut Html, lang: Lang, images: &[GalleryImage]) {
    for (i, img) in images.iter().enumerate() {
        h.raw("<picture>");
        for (ty, srcset) in &img.sources {
            h.raw("<source")
                .attr("type", ty)
                .attr("srcset", srcset)
                .attr("sizes", GALLERY_SIZES)
                .raw(">");
        }
        h.raw("<img class=\"product-img\"")
            .attr("src", &img.src)
            .attr("srcset", &img.srcset)
            .attr("sizes", GALLERY_SIZES)
            .attr("width", &img.width.to_string())
            .attr("height", &img.height.to_string())
            .attr("alt", pick(lang, &img.alt_en, &img.alt_ar))
            .attr("loading", if i == 0 { "eager" } else { "lazy" })
            // The first photo is the product page's largest paint: fetch
            // it before the stylesheet's fonts and icons.
            .raw(if i == 0 {
                " fetchpriority=\"high\" decoding=\"async\"></picture>"
            } else {
                " decoding=\"async\"></picture>"
            });
    }
}

/// A product's images the page may show: same-origin paths only (the CSP
/// allows `img-src 'self'`).
fn images(product: &Product) -> impl Iterator<Item = &str> {
    product
        .images
        .iter()
        .map(String::as_str)
        .filter(|s| s.starts_with('/') && !s.starts_with("//"))
}

/// The whole page.
pub fn page(shell: &Shell, view: &View, form: &FormState) -> String {
    let lang = shell.lang;
    let t = text(lang);
    let m = meta(lang, view);
    let mut h = Html::with_capacity(24 << 10);
    h.raw("<!doctype html>\n<html")
        .attr("lang", lang.code())
        .attr("dir", lang.dir())
        .raw(">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .text(&m.title)
        .raw("</title>\n<meta name=\"description\"")
        .attr("content", &m.description)
        .raw(">\n");
    head_links(&mut h, shell, &m, view);
    h.raw("<meta name=\"theme-color\" content=\"#0b5d6b\">\n<link rel=\"icon\" href=\"/icons/icon.svg\" type=\"image/svg+xml\">\n<link rel=\"apple-touch-icon\" href=\"/icons/icon-192.png\">\n<link rel=\"manifest\" href=\"/manifest.webmanifest\">\n<link rel=\"stylesheet\"")
        .attr("href", shell.css)
        .raw(">\n<script type=\"module\"")
        .attr("src", shell.js)
        .raw("></script>\n<script type=\"application/ld+json\">")
        .raw(&json_in_script(&json_ld(shell, &m, view)))
        .raw("</script>\n</head>\n<body")
        .attr("data-page", m.page.as_ref().map_or("not-found", Page::kind))
        .raw(">\n");
    header(&mut h, shell, m.page.as_ref());
    h.raw("<main id=\"main\" tabindex=\"-1\">");
    match view {
        View::Home { services, products } => home(&mut h, lang, services, products, form),
        View::Service {
            service,
            products,
            gallery,
        } => service_view(&mut h, lang, service, products, gallery, &m),
        View::Equipment {
            product, gallery, ..
        } => equipment(&mut h, lang, product, gallery, &m, form),
        View::Privacy => text_view(&mut h, lang, t.privacy, t.privacy_body, &m),
        View::Terms => text_view(&mut h, lang, t.terms, t.terms_body, &m),
        View::NotFound => {
            h.raw(
                "<div class=\"wrap page\" id=\"not-found\"><h1 id=\"page-title\" tabindex=\"-1\">",
            )
            .text(t.not_found_title)
            .raw("</h1><p class=\"lead\">")
            .text(t.not_found_text)
            .raw("</p><a class=\"btn\"")
            .attr("href", &Page::Home.path(lang))
            .raw(">")
            .text(t.go_home)
            .raw("</a></div>");
        }
    }
    h.raw("</main>\n");
    footer(&mut h, lang);
    h.raw("</body>\n</html>\n");
    h.into_string()
}

fn head_links(h: &mut Html, shell: &Shell, m: &Meta, view: &View) {
    let o = shell.origin;
    let Some(page) = &m.page else {
        h.raw("<meta name=\"robots\" content=\"noindex\">\n");
        return;
    };
    let url = format!("{o}{}", page.path(shell.lang));
    h.raw("<link rel=\"canonical\"")
        .attr("href", &url)
        .raw(">\n");
    for (hreflang, lang) in [("en", Lang::En), ("ar", Lang::Ar), ("x-default", Lang::En)] {
        h.raw("<link rel=\"alternate\"")
            .attr("hreflang", hreflang)
            .attr("href", &format!("{o}{}", page.path(lang)))
            .raw(">\n");
    }
    let og_type = match view {
        View::Equipment { .. } => "product",
        _ => "website",
    };
    let (locale, alternate) = match shell.lang {
        Lang::En => ("en_US", "ar_AR"),
        Lang::Ar => ("ar_AR", "en_US"),
    };
    for (property, content) in [
        ("og:type", og_type),
        ("og:site_name", "ChloroMaster"),
        ("og:title", m.title.as_str()),
        ("og:description", m.description.as_str()),
        ("og:url", url.as_str()),
        ("og:locale", locale),
        ("og:locale:alternate", alternate),
    ] {
        h.raw("<meta")
            .attr("property", property)
            .attr("content", content)
            .raw(">\n");
    }
    let image = m.image.as_ref().map(|i| format!("{o}{i}"));
    if let Some(image) = &image {
        h.raw("<meta property=\"og:image\"")
            .attr("content", image)
            .raw(">\n");
    }
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    for (name, content) in [
        ("twitter:card", card),
        ("twitter:title", m.title.as_str()),
        ("twitter:description", m.description.as_str()),
    ] {
        h.raw("<meta")
            .attr("name", name)
            .attr("content", content)
            .raw(">\n");
    }
    if let Some(image) = &image {
        h.raw("<meta name=\"twitter:image\"")
            .attr("content", image)
            .raw(">\n");
    }
}

fn json_ld(shell: &Shell, m: &Meta, view: &View) -> Value {
    let o = shell.origin;
    let lang = shell.lang;
    let org_id = format!("{o}/#organization");
    let mut graph = vec![json!({
        "@type": "Organization",
        "@id": org_id,
        "name": "ChloroMaster",
        "url": format!("{o}/"),
        "logo": format!("{o}/icons/icon-192.png"),
    })];
    if m.crumbs.len() > 1 {
        let items: Vec<Value> = m
            .crumbs
            .iter()
            .enumerate()
            .map(|(i, (name, page))| {
                json!({
                    "@type": "ListItem",
                    "position": i + 1,
                    "name": name,
                    "item": format!("{o}{}", page.path(lang)),
                })
            })
            .collect();
        graph.push(json!({"@type": "BreadcrumbList", "itemListElement": items}));
    }
    if let View::Equipment {
        product, gallery, ..
    } = view
    {
        let mut p = json!({
            "@type": "Product",
            "name": pick(lang, &product.name_en, &product.name_ar),
            "description": m.description,
            "sku": product.slug,
            "url": m.page.as_ref().map(|p| format!("{o}{}", p.path(lang))),
            "brand": {"@type": "Brand", "name": "ChloroMaster"},
            "manufacturer": {"@id": org_id},
        });
        let imgs: Vec<String> = gallery
            .iter()
            .map(|g| g.src.as_str())
            .chain(images(product))
            .map(|i| format!("{o}{i}"))
            .collect();
        if !imgs.is_empty() {
            p["image"] = json!(imgs);
        }
        graph.push(p);
    }
    json!({"@context": "https://schema.org", "@graph": graph})
}

fn header(h: &mut Html, shell: &Shell, page: Option<&Page>) {
    let lang = shell.lang;
    let t = text(lang);
    let home = Page::Home.path(lang);
    h.raw("<a class=\"skip\" href=\"#main\">")
        .text(t.skip)
        .raw("</a>\n<header class=\"top\"><div class=\"wrap top-in\"><a class=\"brand\"")
        .attr("href", &home)
        .attr("aria-label", t.home_label)
        .raw("><img src=\"/icons/icon.svg\" alt=\"\" width=\"32\" height=\"32\"><span>ChloroMaster</span></a><nav class=\"nav\" id=\"nav\"")
        .attr("aria-label", t.nav_label)
        .raw(">");
    for (anchor, label) in [
        ("services", t.nav_services),
        ("about", t.nav_about),
        ("clients", t.nav_clients),
        ("faq", t.nav_faq),
        ("contact", t.nav_contact),
    ] {
        h.raw("<a")
            .attr("href", &format!("{home}#{anchor}"))
            .raw(">")
            .text(label)
            .raw("</a>");
    }
    let other = lang.other();
    let switch = page.unwrap_or(&Page::Home).path(other);
    h.raw("</nav><a id=\"lang\" class=\"lang\"")
        .attr("href", &switch)
        .attr("hreflang", other.code())
        .attr("lang", other.code())
        .attr("aria-label", t.switch_label)
        .raw(">")
        .text(t.switch_to)
        .raw("</a></div>");
    // Inside the banner landmark, so no content sits outside a landmark.
    if shell.suggest_other {
        let ot = text(other);
        h.raw("<p class=\"notice lang-suggest\" id=\"lang-suggest\"")
            .attr("lang", other.code())
            .attr("dir", other.dir())
            .raw("><a")
            .attr("href", &switch)
            .attr("hreflang", other.code())
            .raw(">")
            .text(ot.switch_label)
            .raw("</a></p>");
    }
    h.raw("</header>\n");
}

fn footer(h: &mut Html, lang: Lang) {
    let t = text(lang);
    h.raw("<footer class=\"foot\"><div class=\"wrap foot-in\"><p>&copy; ChloroMaster</p><nav class=\"foot-nav\"")
        .attr("aria-label", t.legal_label)
        .raw("><a")
        .attr("href", &Page::Privacy.path(lang))
        .raw(">")
        .text(t.privacy)
        .raw("</a><a")
        .attr("href", &Page::Terms.path(lang))
        .raw(">")
        .text(t.terms)
        .raw("</a></nav></div></footer>\n");
}

fn crumbs(h: &mut Html, lang: Lang, m: &Meta) {
    let t = text(lang);
    h.raw("<nav class=\"crumbs\"")
        .attr("aria-label", t.breadcrumb_label)
        .raw("><ol>");
    let last = m.crumbs.len().saturating_sub(1);
    for (i, (name, page)) in m.crumbs.iter().enumerate() {
        if i == last {
            h.raw("<li><span aria-current=\"page\">")
                .text(name)
                .raw("</span></li>");
        } else {
            h.raw("<li><a")
                .attr("href", &page.path(lang))
                .raw(">")
                .text(name)
                .raw("</a></li>");
        }
    }
    h.raw("</ol></nav>");
}

fn home(h: &mut Html, lang: Lang, services: &[Service], products: &[Product], form: &FormState) {
    let t = text(lang);
    let home = Page::Home.path(lang);
    h.raw("<section class=\"hero\" aria-labelledby=\"page-title\"><div class=\"wrap\"><h1 id=\"page-title\" tabindex=\"-1\">")
        .text(t.hero_title)
        .raw("</h1><p class=\"lead\">")
        .text(t.hero_lead)
        .raw("</p><div class=\"actions\"><a class=\"btn btn-light\"")
        .attr("href", &format!("{home}#services"))
        .raw(">")
        .text(t.hero_services)
        .raw("</a><a class=\"btn btn-ghost\"")
        .attr("href", &format!("{home}#contact"))
        .raw(">")
        .text(t.hero_contact)
        .raw("</a></div></div></section>");
    h.raw("<section class=\"section\" id=\"services\" aria-labelledby=\"services-h\"><div class=\"wrap\"><h2 id=\"services-h\">")
        .text(t.services_title)
        .raw("</h2><p class=\"section-intro\">")
        .text(t.services_intro)
        .raw("</p><ul class=\"grid\">");
    for s in services {
        h.raw("<li class=\"card\">");
        icon(h, &s.icon, "card-icon");
        h.raw("<h3>")
            .text(pick(lang, &s.title_en, &s.title_ar))
            .raw("</h3><p>")
            .text(pick(lang, &s.description_en, &s.description_ar))
            .raw("</p><a class=\"more\"")
            .attr("href", &Page::Service(s.slug.clone()).path(lang))
            .raw(">")
            .text(t.view_service)
            .raw(" ");
        icon(h, "arrow", "dir-icon card-arrow");
        h.raw("</a></li>");
    }
    let with_sheet = products.iter().filter(|p| p.datasheet.is_some()).count();
    h.raw("</ul></div></section><section class=\"section alt\" id=\"about\" aria-labelledby=\"about-h\"><div class=\"wrap\"><h2 id=\"about-h\">")
        .text(t.about_title)
        .raw("</h2><p class=\"lead\">")
        .text(t.about_p1)
        .raw("</p><p>")
        .text(t.about_p2)
        .raw("</p><dl class=\"stats\">");
    for (n, label) in [
        (with_sheet, t.stat_products),
        (products.len() - with_sheet, t.stat_projects),
        (services.len(), t.stat_services),
    ] {
        h.raw("<div><dt>")
            .text(label)
            .raw("</dt><dd>")
            .text(&digits(lang, n))
            .raw("</dd></div>");
    }
    h.raw("</dl></div></section><section class=\"section\" id=\"clients\" aria-labelledby=\"clients-h\"><div class=\"wrap\"><h2 id=\"clients-h\">")
        .text(t.clients_title)
        .raw("</h2><p class=\"section-intro\">")
        .text(t.clients_intro)
        .raw("</p><ul class=\"clients\">");
    for c in t.clients {
        h.raw("<li>").text(c).raw("</li>");
    }
    h.raw("</ul></div></section><section class=\"section faq\" id=\"faq\" aria-labelledby=\"faq-h\"><div class=\"wrap\"><h2 id=\"faq-h\">")
        .text(t.faq_title)
        .raw("</h2>");
    for (q, a) in t.faq {
        h.raw("<details><summary>")
            .text(q)
            .raw("</summary><p>")
            .text(a)
            .raw("</p></details>");
    }
    h.raw("</div></section><section class=\"section alt\" id=\"contact\" aria-labelledby=\"contact-h\"><div class=\"wrap two\"><div><h2 id=\"contact-h\">")
        .text(t.contact_title)
        .raw("</h2><p class=\"section-intro\">")
        .text(t.contact_intro)
        .raw("</p></div><div>");
    if let Some(Done::Contact) = form.done {
        h.raw("<div class=\"notice ok\" role=\"status\" tabindex=\"-1\" id=\"contact-ok\"><p>")
            .text(t.contact_ok)
            .raw("</p><a class=\"btn\"")
            .attr("href", &format!("{home}#contact"))
            .raw(">")
            .text(t.send_another)
            .raw("</a></div>");
    } else {
        form_html(h, lang, FormKind::Contact, &format!("{home}#contact"), form);
    }
    h.raw("</div></div></section>");
}

enum FormKind<'a> {
    Contact,
    Datasheet(&'a str),
}

fn form_html(h: &mut Html, lang: Lang, kind: FormKind, action: &str, form: &FormState) {
    let t = text(lang);
    let (id, fields, api, submit) = match kind {
        FormKind::Contact => ("contact-form", CONTACT_FIELDS, "/api/contact", t.send),
        FormKind::Datasheet(_) => (
            "datasheet-form",
            DATASHEET_FIELDS,
            "/api/datasheet/request",
            t.get_datasheet,
        ),
    };
    h.raw("<form")
        .attr("id", id)
        .raw(" method=\"post\"")
        .attr("action", action)
        .raw(" novalidate")
        .attr("aria-describedby", &format!("{id}-status"))
        .attr("data-api", api)
        .raw("><div class=\"fields\">");
    for field in fields {
        let fid = format!("{id}-{}", field.name);
        let value = form.values.get(field.name).map_or("", String::as_str);
        let error = form.errors.get(field.name);
        h.raw(if field.kind == Kind::Multiline {
            "<div class=\"field wide\">"
        } else {
            "<div class=\"field\">"
        })
        .raw("<label")
        .attr("for", &fid)
        .raw(">")
        .text(label(t, field.name));
        if field.required {
            h.raw("<span class=\"req\" aria-hidden=\"true\"> *</span>");
        }
        h.raw("</label>");
        let dir = match field.kind {
            Kind::Email | Kind::Phone => "ltr",
            _ => "auto",
        };
        h.raw(if field.kind == Kind::Multiline {
            "<textarea"
        } else {
            "<input"
        })
        .attr("id", &fid)
        .attr("name", field.name);
        if let Some(a) = field.autocomplete {
            h.attr("autocomplete", a);
        }
        if field.kind == Kind::Email {
            h.attr("inputmode", "email");
        }
        h.attr("aria-describedby", &format!("{fid}-err"));
        if field.required {
            h.attr("aria-required", "true");
        }
        if error.is_some() {
            h.attr("aria-invalid", "true");
        }
        h.attr("maxlength", &field.max.to_string()).attr("dir", dir);
        match field.kind {
            Kind::Multiline => {
                h.raw(" rows=\"6\">").text(value).raw("</textarea>");
            }
            k => {
                let ty = match k {
                    Kind::Email => "email",
                    Kind::Phone => "tel",
                    _ => "text",
                };
                h.attr("type", ty).attr("value", value).raw(">");
            }
        }
        h.raw("<p class=\"err\"")
            .attr("id", &format!("{fid}-err"))
            .raw(">")
            .text(error.map_or("", String::as_str))
            .raw("</p></div>");
    }
    h.raw("</div>");
    match kind {
        FormKind::Contact => {
            let checked = form
                .values
                .get("receiveEmails")
                .is_some_and(|v| !v.is_empty());
            h.raw("<div class=\"field wide\"><label class=\"check\" for=\"contact-form-receiveEmails\"><input type=\"checkbox\" id=\"contact-form-receiveEmails\" name=\"receiveEmails\" value=\"true\"")
                .raw(if checked { " checked>" } else { ">" })
                .text(t.receive_emails)
                .raw("</label></div>");
        }
        FormKind::Datasheet(name) => {
            h.raw("<p class=\"hint\">")
                .text(t.datasheet_name)
                .raw(": <span lang=\"en\" dir=\"ltr\">")
                .text(name)
                .raw(".pdf</span></p><input type=\"hidden\" name=\"datasheetSlug\"")
                .attr("value", name)
                .raw(">");
        }
    }
    h.raw("<button class=\"btn\" type=\"submit\">")
        .text(submit)
        .raw("</button><div")
        .attr(
            "class",
            &form
                .status
                .as_ref()
                .map_or("notice".to_owned(), |(c, _)| format!("notice {c}")),
        )
        .raw(" role=\"status\" aria-live=\"polite\"")
        .attr("id", &format!("{id}-status"))
        .raw(">");
    if let Some((_, msg)) = &form.status {
        h.text(msg);
    }
    if let Some(Done::Datasheet { url }) = &form.done {
        h.text(t.datasheet_ok)
            .raw(" <a download id=\"datasheet-link\"")
            .attr("href", url)
            .raw(">")
            .text(t.datasheet_link)
            .raw("</a>");
    }
    h.raw("</div></form>");
}

fn product_card(h: &mut Html, lang: Lang, p: &Product) {
    h.raw("<li class=\"card\">");
    icon(
        h,
        if p.datasheet.is_some() {
            "drop"
        } else {
            "wrench"
        },
        "card-icon",
    );
    h.raw("<h3><a")
        .attr("href", &Page::Equipment(p.slug.clone()).path(lang))
        .raw(">")
        .text(pick(lang, &p.name_en, &p.name_ar))
        .raw("</a></h3><p>")
        .text(pick(lang, &p.description_en, &p.description_ar))
        .raw("</p></li>");
}

fn service_view(
    h: &mut Html,
    lang: Lang,
    service: &Service,
    products: &[Product],
    pictures: &[GalleryImage],
    m: &Meta,
) {
    let t = text(lang);
    h.raw("<div class=\"wrap page\">");
    crumbs(h, lang, m);
    h.raw("<h1 id=\"page-title\" tabindex=\"-1\">")
        .text(pick(lang, &service.title_en, &service.title_ar))
        .raw("</h1><p class=\"lead\">")
        .text(pick(lang, &service.description_en, &service.description_ar))
        .raw("</p>");
    gallery(h, lang, pictures);
    h.raw("<h2>")
        .text(if service.category == "installation" {
            t.projects_title
        } else {
            t.products_title
        })
        .raw("</h2><ul class=\"grid\">");
    for p in products {
        product_card(h, lang, p);
    }
    h.raw("</ul></div>");
}

fn equipment(
    h: &mut Html,
    lang: Lang,
    product: &Product,
    pictures: &[GalleryImage],
    m: &Meta,
    form: &FormState,
) {
    let t = text(lang);
    let name = pick(lang, &product.name_en, &product.name_ar);
    let (svc_title, svc_page) = m
        .crumbs
        .get(1)
        .map_or((product.service_slug.clone(), Page::Home), |(n, p)| {
            (n.clone(), p.clone())
        });
    h.raw("<div class=\"wrap page\">");
    crumbs(h, lang, m);
    h.raw("<div class=\"two\"><div><span class=\"tag\">")
        .text(&svc_title)
        .raw("</span><h1 id=\"page-title\" tabindex=\"-1\">")
        .text(name)
        .raw("</h1><p class=\"lead\">")
        .text(pick(lang, &product.description_en, &product.description_ar))
        .raw("</p>");
    if pictures.is_empty() {
        for (i, src) in images(product).enumerate() {
            h.raw("<img class=\"product-img\"")
                .attr("src", src)
                .attr("alt", name)
                .attr("loading", if i == 0 { "eager" } else { "lazy" })
                .raw(if i == 0 {
                    " fetchpriority=\"high\" decoding=\"async\">"
                } else {
                    " decoding=\"async\">"
                });
        }
    } else {
        gallery(h, lang, pictures);
    }
    h.raw("<p><a")
        .attr("href", &svc_page.path(lang))
        .raw(">")
        .text(&format!("{} {svc_title}", t.back_to))
        .raw("</a></p></div>");
    match &product.datasheet {
        Some(sheet) => {
            h.raw("<section class=\"panel\" id=\"datasheet\" aria-labelledby=\"datasheet-h\"><h2 id=\"datasheet-h\">")
                .text(t.datasheet_title)
                .raw("</h2><p>")
                .text(t.datasheet_intro)
                .raw("</p>");
            let action = format!(
                "{}#datasheet",
                Page::Equipment(product.slug.clone()).path(lang)
            );
            form_html(h, lang, FormKind::Datasheet(sheet), &action, form);
            h.raw("</section>");
        }
        None => {
            h.raw("<section class=\"panel\"><h2>")
                .text(t.no_datasheet)
                .raw("</h2><p>")
                .text(t.no_datasheet_text)
                .raw("</p><a class=\"btn\"")
                .attr("href", &format!("{}#contact", Page::Home.path(lang)))
                .raw(">")
                .text(t.contact_link)
                .raw("</a></section>");
        }
    }
    h.raw("</div></div>");
}

fn text_view(h: &mut Html, lang: Lang, title: &str, body: &[(&str, &str)], m: &Meta) {
    h.raw("<div class=\"wrap page\">");
    crumbs(h, lang, m);
    h.raw("<h1 id=\"page-title\" tabindex=\"-1\">")
        .text(title)
        .raw("</h1>");
    for (head, para) in body {
        h.raw("<h2>")
            .text(head)
            .raw("</h2><p>")
            .text(para)
            .raw("</p>");
    }
    h.raw("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gallery_is_pictures_with_sizes_and_the_first_eager() {
        let img = |alt: &str| GalleryImage {
            alt_en: alt.into(),
            alt_ar: format!("{alt} (ar)"),
            width: 1600,
            height: 1200,
            src: "/media/a.jpg".into(),
            srcset: "/media/a.jpg 480w, /media/b.jpg 960w".into(),
            sources: vec![("image/avif".into(), "/media/c.avif 480w".into())],
        };
        let mut h = Html::default();
        gallery(&mut h, Lang::Ar, &[img("one \"<x>\""), img("two")]);
        let html = h.into_string();
        assert_eq!(html.matches("<picture>").count(), 2);
        assert!(html.contains("<source type=\"image/avif\" srcset=\"/media/c.avif 480w\" sizes="));
        assert!(html.contains("width=\"1600\" height=\"1200\" alt=\"one &quot;&lt;x&gt;&quot; (ar)\" loading=\"eager\""));
        assert!(html.contains("alt=\"two (ar)\" loading=\"lazy\""));
        assert_eq!(html.matches("fetchpriority=\"high\"").count(), 1);
    }

    #[test]
    fn api_reasons_read_in_the_pages_language() {
        assert_eq!(
            reason_text(Lang::Ar, "must be at most 100 characters"),
            "يرجى ألا يزيد النص على 100 حرفاً."
        );
        assert_eq!(
            reason_text(Lang::En, "first or last name is required"),
            EN.name_required
        );
        assert_eq!(reason_text(Lang::En, "something new"), "something new");
        assert_eq!(digits(Lang::Ar, 30), "٣٠");
    }
}
