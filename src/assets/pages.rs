//! The pages of the embedded site's app, as its routers in the browser
//! (`assets/js/app.js`, `assets/js/admin.js`) know them.
//!
//! The public pages are rendered on the server (`crate::site`, asked
//! first); what reaches this classification is the admin panel, served as
//! the app's `index.html` shell ([`Page::Fixed`]), and paths that are no
//! page, which get the site's 404 page.

use std::borrow::Cow;

/// What a request path is to the app.
#[derive(Debug, PartialEq, Eq)]
pub enum Page<'a> {
    /// A page that always exists: home, privacy, terms, the admin panel.
    Fixed,
    /// `/service/<slug>`: exists when the catalogue has the service.
    Service(Cow<'a, str>),
    /// `/equipment/<slug>`: exists when the catalogue has the product.
    Equipment(Cow<'a, str>),
    /// A path the app has no page for.
    Unknown,
}

/// Classifies a URL path (still percent-encoded) the way the app's router
/// does: trailing slashes ignored, slugs percent-decoded.
pub fn classify(uri_path: &str) -> Page<'_> {
    let path = match uri_path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    // At most four segments, no allocation: a page request pays nothing more.
    let mut segments = [""; 4];
    let mut n = 0;
    for segment in path.split('/').skip(1) {
        let Some(slot) = segments.get_mut(n) else {
            return Page::Unknown;
        };
        *slot = segment;
        n += 1;
    }
    match &segments[..n] {
        [""] | ["privacy"] | ["terms"] | ["admin"] => Page::Fixed,
        ["service", s] => slug(s).map_or(Page::Unknown, Page::Service),
        ["equipment", s] => slug(s).map_or(Page::Unknown, Page::Equipment),
        [
            "admin",
            "login" | "dashboard" | "submissions" | "datasheet-requests",
        ]
        | ["admin", "catalogue" | "outbox"]
        | ["admin", "catalogue", "services" | "products", _] => Page::Fixed,
        ["admin", "submissions", id]
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Page::Fixed
        }
        _ => Page::Unknown,
    }
}

/// A path segment percent-decoded; `None` when it is empty or not UTF-8.
fn slug(segment: &str) -> Option<Cow<'_, str>> {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apps_routes_and_nothing_else() {
        for fixed in [
            "/",
            "/privacy",
            "/terms/",
            "/admin",
            "/admin/",
            "/admin/login",
            "/admin/dashboard",
            "/admin/submissions",
            "/admin/submissions/42",
            "/admin/datasheet-requests",
            "/admin/catalogue",
            "/admin/catalogue/products/emergency-kit",
            "/admin/outbox",
        ] {
            assert_eq!(classify(fixed), Page::Fixed, "{fixed}");
        }
        assert_eq!(
            classify("/service/chlorine-system-solutions"),
            Page::Service("chlorine-system-solutions".into())
        );
        assert_eq!(
            classify("/equipment/emergency-kit/"),
            Page::Equipment("emergency-kit".into())
        );
        assert_eq!(
            classify("/equipment/caf%C3%A9"),
            Page::Equipment("café".into())
        );
        for unknown in [
            "/nowhere",
            "/no/such/page",
            "/service",
            "/service/a/b",
            "/equipment/%FF",
            "/privacy/more",
            "/admin/submissions/abc",
            "/admin/settings",
            "/admin/catalogue/users/x",
            "/admin/catalogue/products/x/y",
            "/a/b/c/d/e/f",
        ] {
            assert_eq!(classify(unknown), Page::Unknown, "{unknown}");
        }
    }
}
