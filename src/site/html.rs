//! The one escaping writer every page is written with: text and attribute
//! values go through [`Html::text`] (or the `attr` helpers), so no catalogue
//! or visitor string reaches the page unescaped; markup we write ourselves
//! goes through [`Html::raw`].

#[derive(Default)]
pub struct Html(String);

impl Html {
    pub fn with_capacity(n: usize) -> Self {
        Html(String::with_capacity(n))
    }

    /// Our own markup, as it is.
    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self
    }

    /// Text or an attribute value (always written inside double quotes),
    /// escaped.
    pub fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.0, s);
        self
    }

    /// ` name="value"`, the value escaped.
    pub fn attr(&mut self, name: &str, value: &str) -> &mut Self {
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        escape_into(&mut self.0, value);
        self.0.push('"');
        self
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

pub fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

#[cfg(test)]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// JSON to put inside `<script type="application/ld+json">`: every `<`
/// written as `\u003c`, so no `</script>` or `<!--` can end or bend the
/// element, whatever a catalogue string holds. The JSON means the same.
pub fn json_in_script(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_html_gives_meaning_to() {
        assert_eq!(
            escape(r#"<a href="x" onclick='y'>&amp;</a>é"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;é"
        );
        let mut h = Html::default();
        h.raw("<p")
            .attr("title", "\"><script>")
            .raw(">")
            .text("</p>");
        assert_eq!(
            h.into_string(),
            "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;/p&gt;"
        );
        let v = serde_json::json!({"name": "</script><!-- x"});
        let s = json_in_script(&v);
        assert!(!s.contains('<'), "{s}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).ok(), Some(v));
    }
}
