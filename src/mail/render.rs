//! The texts of the appliance's mail: plain text, English first, with an
//! Arabic part where a visitor reads it (the site is bilingual and the
//! visitor's language is not recorded).
//!
//! Mail to a visitor goes to an address anyone can type, so it carries
//! nothing else they typed: no echo of the message, and their name only
//! when [`greeting_name`] finds it plainly a name (else "Hello,"). Only the
//! company's own notification carries the submission in full.

use std::time::Duration;

use crate::db::{Contact, DatasheetRequest, RenderedMail};

/// Header values built from visitor input: one line, no control characters.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

fn full_name(first: &str, last: &str) -> String {
    one_line(&format!("{first} {last}"))
}

/// Longest name a mail to a visitor repeats, in characters.
pub const MAX_GREETED_NAME: usize = 40;

/// The visitor's name as a mail to them may repeat it, or `None` for a
/// neutral greeting: the name must be short ([`MAX_GREETED_NAME`]), made
/// of letters (any script), spaces, apostrophes, hyphens and dots only
/// (so no digits, no `@`, no `:` or `/` of a URL), and hold no domain-like
/// `word.tld`. Whatever else a spammer puts in a name field stays out of
/// the company's mail.
pub fn greeting_name(first: &str, last: &str) -> Option<String> {
    let name = full_name(first, last);
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let plain = |c: char| {
        c.is_alphabetic()
            || matches!(
                c,
                ' ' | '\'' | '\u{2019}' | '-' | '.' | '\u{200c}' | '\u{200d}'
            )
    };
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_GREETED_NAME
        && name.chars().all(plain)
        && !has_domain_like_token(&name);
    ok.then_some(name)
}

/// Whether `s` holds `x.yz`: a dot between a letter or digit and at least
/// two letters, as in a host name (`spam.example`, `موقع.مصر`). Initials
/// (`J.R.R. Tolkien`) are not: one letter follows each dot.
fn has_domain_like_token(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '.'
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars[i + 1..]
                .iter()
                .take_while(|c| c.is_alphabetic())
                .count()
                >= 2
    })
}

/// "Dear Jane Doe," or "Hello,"; and the same in Arabic.
fn greetings(first: &str, last: &str) -> (String, String) {
    match greeting_name(first, last) {
        Some(name) => (format!("Dear {name},"), format!("عزيزي/عزيزتي {name}،")),
        None => ("Hello,".to_owned(), "مرحباً،".to_owned()),
    }
}

/// The company's notification about a contact submission; replies go to
/// the visitor.
pub fn contact_admin(admin: &str, c: &Contact, public_url: &str) -> RenderedMail {
    let name = full_name(&c.first_name, &c.last_name);
    let field = |label: &str, value: &str| {
        if value.is_empty() {
            String::new()
        } else {
            format!("{label:<12} {value}\n")
        }
    };
    let body = format!(
        "A visitor sent the contact form on {public_url}.\n\n\
         {}{}{}{}{}{}{}\
         Submitted:   {}\n\
         Newsletter:  {}\n\n\
         Message:\n{}\n\n\
         Reply to this mail to answer {name}. The submission is number {} in the admin panel: {public_url}/admin\n",
        field("Name:", &name),
        field("E-mail:", &c.email),
        field("Phone:", &c.phone),
        field("Company:", &c.company),
        field("Industry:", &c.industry),
        field("Country:", &c.country),
        field("Postal code:", &c.postal_code),
        c.submitted_at,
        if c.receive_emails { "yes" } else { "no" },
        c.message,
        c.id,
    );
    RenderedMail {
        to: admin.to_owned(),
        reply_to: Some(c.email.clone()),
        subject: one_line(&format!("New contact form submission from {name}")),
        body,
    }
}

/// The visitor's confirmation of a contact submission: no echo of what
/// they wrote (the address is whatever they typed).
pub fn contact_visitor(c: &Contact, public_url: &str) -> RenderedMail {
    let (dear, dear_ar) = greetings(&c.first_name, &c.last_name);
    let body = format!(
        "{dear}\n\n\
         Thank you for contacting ChloroMaster. We have received your message and will get back to you soon.\n\n\
         ChloroMaster\n{public_url}\n\n\
         ---\n\n\
         {dear_ar}\n\n\
         شكرًا لتواصلك مع كلورو ماستر. لقد استلمنا رسالتك وسنرد عليك قريبًا.\n\n\
         كلورو ماستر\n"
    );
    RenderedMail {
        to: c.email.clone(),
        reply_to: None,
        subject: "We received your message - ChloroMaster / تم استلام رسالتك".to_owned(),
        body,
    }
}

/// The download link of a datasheet request.
pub fn datasheet_link(
    r: &DatasheetRequest,
    token: &str,
    public_url: &str,
    ttl: Duration,
) -> RenderedMail {
    let (dear, dear_ar) = greetings(&r.first_name, &r.last_name);
    let link = format!("{public_url}/api/datasheet/download/{token}");
    let hours = ttl.as_secs().div_ceil(3600).max(1);
    let datasheet = one_line(&r.datasheet);
    let body = format!(
        "{dear}\n\n\
         Thank you for your interest in ChloroMaster. Download the datasheet \"{datasheet}\" here:\n\n\
         {link}\n\n\
         The link works for {hours} hour(s).\n\n\
         ChloroMaster\n{public_url}\n\n\
         ---\n\n\
         {dear_ar}\n\n\
         شكرًا لاهتمامك بمنتجات كلورو ماستر. يمكنك تنزيل نشرة البيانات من الرابط أعلاه؛ الرابط صالح لمدة {hours} ساعة.\n\n\
         كلورو ماستر\n"
    );
    RenderedMail {
        to: r.email.clone(),
        reply_to: None,
        subject: one_line(&format!("Your ChloroMaster datasheet: {datasheet}")),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_header_values_from_visitors_stay_on_one_line() {
        assert_eq!(one_line("Jane\r\nBcc: x@y"), "Jane  Bcc: x@y");
        assert_eq!(full_name("", "Doe"), "Doe");
    }

    #[test]
    fn mail_greeting_repeats_plain_names_only() {
        for (first, last, greeted) in [
            ("Jane", "Doe", "Jane Doe"),
            ("  Jane ", " Doe  ", "Jane Doe"),
            ("مها", "السيد", "مها السيد"),
            ("مُحَمَّد", "", "مُحَمَّد"),
            ("Seán", "O'Brien-Ñúñez", "Seán O'Brien-Ñúñez"),
            ("J.R.R.", "Tolkien", "J.R.R. Tolkien"),
            ("Anne\tMarie", "Smith", "Anne Marie Smith"),
            ("", "Doe", "Doe"),
        ] {
            assert_eq!(
                greeting_name(first, last).as_deref(),
                Some(greeted),
                "{first} {last}"
            );
        }
        for (first, last) in [
            ("Buy cheap pills at spam.example", ""),
            ("Jane", "spam.example"),
            ("Visit", "https://x.y"),
            ("http", "//spam"),
            ("victim@example.org", ""),
            ("Call", "+20 100 000 0000"),
            ("Call", "0100 000"),
            ("Jane", "٠١٠٠٠٠٠٠٠٠٠"),
            ("موقع.مصر", ""),
            ("Jane", "<b>Doe</b>"),
            ("Jane", "Doe (spam)"),
            ("Free", "money!!! $$$"),
            ("", ""),
            ("   ", ""),
            (&"A".repeat(MAX_GREETED_NAME + 1), ""),
            ("Abcdefghijklmnopqrst", "Abcdefghijklmnopqrst"),
        ] {
            assert_eq!(greeting_name(first, last), None, "{first} {last}");
        }
        assert!(greeting_name(&"A".repeat(MAX_GREETED_NAME), "").is_some());
    }

    fn contact(first: &str, message: &str) -> Contact {
        Contact {
            id: 9,
            first_name: first.into(),
            last_name: String::new(),
            email: "victim@example.org".into(),
            phone: "+20 100 000 0000".into(),
            company: "Spam Inc".into(),
            industry: String::new(),
            country: String::new(),
            postal_code: String::new(),
            message: message.into(),
            receive_emails: false,
            submitted_at: crate::db::Timestamp(1_800_000_000_000),
            ip_address: None,
            user_agent: String::new(),
            is_read: false,
        }
    }

    #[test]
    fn mail_to_visitors_carries_no_visitor_text_and_the_admin_gets_it_all() {
        let spam = "Buy cheap pills at https://spam.example/pills";
        let c = contact("Buy cheap pills at spam.example", spam);
        let visitor = contact_visitor(&c, "https://chloro.example");
        assert_eq!(visitor.to, "victim@example.org");
        assert!(visitor.body.starts_with("Hello,\n"), "{}", visitor.body);
        assert!(visitor.body.contains("مرحباً،"), "{}", visitor.body);
        for text in ["spam", "pills", "Spam Inc", "+20"] {
            assert!(!visitor.body.contains(text), "{text} in {}", visitor.body);
            assert!(!visitor.subject.contains(text));
        }
        let admin = contact_admin("sales@chloro.example", &c, "https://chloro.example");
        assert!(admin.body.contains(spam), "{}", admin.body);
        assert!(admin.body.contains("Buy cheap pills at spam.example"));
        assert_eq!(admin.reply_to.as_deref(), Some("victim@example.org"));

        let visitor = contact_visitor(
            &contact("Jane", "hello https://x.example"),
            "https://c.example",
        );
        assert!(visitor.body.starts_with("Dear Jane,\n"), "{}", visitor.body);
        assert!(visitor.body.contains("عزيزي/عزيزتي Jane،"));
        assert!(!visitor.body.contains("x.example"));

        let r = DatasheetRequest {
            id: 1,
            first_name: "Buy cheap pills at spam.example".into(),
            last_name: String::new(),
            email: "victim@example.org".into(),
            phone: String::new(),
            company: String::new(),
            country: String::new(),
            datasheet: "ChloroMaster Emergency Kit".into(),
            requested_at: crate::db::Timestamp(1_800_000_000_000),
            ip_address: None,
            user_agent: String::new(),
        };
        let m = datasheet_link(&r, "abc", "https://c.example", Duration::from_secs(86_400));
        assert!(m.body.starts_with("Hello,\n"), "{}", m.body);
        assert!(!m.body.contains("spam"), "{}", m.body);
        assert!(
            m.body
                .contains("https://c.example/api/datasheet/download/abc")
        );
    }
}
