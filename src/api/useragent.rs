//! Device type and browser family from a User-Agent string: enough for the
//! dashboard's breakdowns, no database of devices.

/// `None` for crawlers and tools, whose visits are not counted.
pub fn classify(ua: &str) -> Option<(&'static str, &'static str)> {
    let l = ua.to_ascii_lowercase();
    const BOTS: &[&str] = &[
        "bot",
        "crawl",
        "spider",
        "slurp",
        "headless",
        "facebookexternalhit",
        "preview",
        "curl/",
        "wget/",
        "python-requests",
        "go-http-client",
        "java/",
        "okhttp",
        "lighthouse",
    ];
    if BOTS.iter().any(|b| l.contains(b)) {
        return None;
    }
    let device = if l.contains("ipad")
        || l.contains("tablet")
        || (l.contains("android") && !l.contains("mobile"))
    {
        "tablet"
    } else if l.contains("mobi") || l.contains("iphone") || l.contains("android") {
        "mobile"
    } else {
        "desktop"
    };
    let browser = if l.contains("edg/") || l.contains("edga/") || l.contains("edgios/") {
        "Edge"
    } else if l.contains("opr/") || l.contains("opera") {
        "Opera"
    } else if l.contains("samsungbrowser/") {
        "Samsung Internet"
    } else if l.contains("firefox/") || l.contains("fxios/") {
        "Firefox"
    } else if l.contains("chrome/") || l.contains("crios/") || l.contains("chromium/") {
        "Chrome"
    } else if l.contains("safari/") {
        "Safari"
    } else {
        "Other"
    };
    Some((device, browser))
}

#[cfg(test)]
mod tests {
    use super::classify;

    #[test]
    fn api_user_agents() {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(classify(chrome), Some(("desktop", "Chrome")));
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(classify(edge), Some(("desktop", "Edge")));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(classify(iphone), Some(("mobile", "Safari")));
        let ipad = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(classify(ipad), Some(("tablet", "Safari")));
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
        assert_eq!(classify(android), Some(("mobile", "Chrome")));
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(classify(firefox), Some(("desktop", "Firefox")));
        assert_eq!(
            classify("Googlebot/2.1 (+http://www.google.com/bot.html)"),
            None
        );
        assert_eq!(classify("curl/8.5.0"), None);
        assert_eq!(classify(""), Some(("desktop", "Other")));
    }
}
