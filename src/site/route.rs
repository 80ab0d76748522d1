//! The public pages' URLs: English at the site's historical paths, Arabic
//! under `/ar/`. One function reads a path ([`classify`]), one writes it
//! ([`Page::path`]), so links, canonical URLs, hreflang alternates and the
//! sitemap cannot disagree with what is served.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ar,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::En => "ltr",
            Lang::Ar => "rtl",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ar,
            Lang::Ar => Lang::En,
        }
    }

    /// The prefix of this language's paths (`""` or `"/ar"`).
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Ar => "/ar",
        }
    }

    /// The language a path is in: Arabic under `/ar`, else English (for
    /// the 404 page of a path that is no page at all).
    pub fn of_path(path: &str) -> Lang {
        if path == "/ar" || path.starts_with("/ar/") {
            Lang::Ar
        } else {
            Lang::En
        }
    }
}

/// A public page, in no particular language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    Service(String),
    Equipment(String),
    Privacy,
    Terms,
}

/// Characters kept as they are in a path segment (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl Page {
    /// The canonical path of this page in `lang` (slugs percent-encoded).
    pub fn path(&self, lang: Lang) -> String {
        let p = lang.prefix();
        match self {
            Page::Home => format!("{p}/"),
            Page::Service(s) => format!("{p}/service/{}", utf8_percent_encode(s, SEGMENT)),
            Page::Equipment(s) => format!("{p}/equipment/{}", utf8_percent_encode(s, SEGMENT)),
            Page::Privacy => format!("{p}/privacy"),
            Page::Terms => format!("{p}/terms"),
        }
    }

    /// The `data-page` name of the page's `<body>`.
    pub fn kind(&self) -> &'static str {
        match self {
            Page::Home => "home",
            Page::Service(_) => "service",
            Page::Equipment(_) => "equipment",
            Page::Privacy => "privacy",
            Page::Terms => "terms",
        }
    }
}

/// What a request path (still percent-encoded) is: a public page in a
/// language, or `None` (a file, the admin panel, an API path, or nothing:
/// the caller decides). Trailing slashes are ignored; `/index.html` is not
/// a page here (it is the file). A slug that is not UTF-8 is no page.
pub fn classify(uri_path: &str) -> Option<(Lang, Page)> {
    let (lang, rest) = match uri_path.strip_prefix("/ar") {
        Some("") => (Lang::Ar, "/"),
        Some(r) if r.starts_with('/') => (Lang::Ar, r),
        _ => (Lang::En, uri_path),
    };
    let path = match rest.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    let mut segments = path.split('/').skip(1);
    let first = segments.next()?;
    let second = segments.next();
    if segments.next().is_some() {
        return None;
    }
    let page = match (first, second) {
        ("", None) => Page::Home,
        ("privacy", None) => Page::Privacy,
        ("terms", None) => Page::Terms,
        ("service", Some(s)) => Page::Service(slug(s)?),
        ("equipment", Some(s)) => Page::Equipment(slug(s)?),
        _ => return None,
    };
    Some((lang, page))
}

fn slug(segment: &str) -> Option<String> {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .filter(|s| !s.is_empty())
        .map(|s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_and_written_alike() {
        for (path, want) in [
            ("/", Some((Lang::En, Page::Home))),
            ("/ar", Some((Lang::Ar, Page::Home))),
            ("/ar/", Some((Lang::Ar, Page::Home))),
            ("/privacy/", Some((Lang::En, Page::Privacy))),
            ("/ar/terms", Some((Lang::Ar, Page::Terms))),
            (
                "/ar/equipment/caf%C3%A9",
                Some((Lang::Ar, Page::Equipment("café".into()))),
            ),
            ("/service/x", Some((Lang::En, Page::Service("x".into())))),
            ("/arabic", None),
            ("/ar/ar", None),
            ("/admin", None),
            ("/index.html", None),
            ("/equipment/%FF", None),
            ("/equipment/a/b", None),
            ("/service", None),
        ] {
            assert_eq!(classify(path), want, "{path}");
        }
        for lang in [Lang::En, Lang::Ar] {
            for page in [
                Page::Home,
                Page::Privacy,
                Page::Terms,
                Page::Service("a b/c".into()),
                Page::Equipment("café".into()),
            ] {
                assert_eq!(classify(&page.path(lang)), Some((lang, page.clone())));
            }
        }
        assert_eq!(Page::Home.path(Lang::Ar), "/ar/");
        assert_eq!(Lang::of_path("/ar/nothing"), Lang::Ar);
        assert_eq!(Lang::of_path("/arx"), Lang::En);
    }
}
