//! The texts of the appliance's mail: plain text, English first, with an
//! Arabic part where a visitor reads it (the site is bilingual and the
//! visitor's language is not recorded).

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

/// The visitor's confirmation of a contact submission.
pub fn contact_visitor(c: &Contact, public_url: &str) -> RenderedMail {
    let name = full_name(&c.first_name, &c.last_name);
    let body = format!(
        "Dear {name},\n\n\
         Thank you for contacting ChloroMaster. We have received your message and will get back to you soon.\n\n\
         Your message:\n{}\n\n\
         ChloroMaster\n{public_url}\n\n\
         ---\n\n\
         عزيزي/عزيزتي {name}،\n\n\
         شكرًا لتواصلك مع كلورو ماستر. لقد استلمنا رسالتك وسنرد عليك قريبًا.\n\n\
         كلورو ماستر\n",
        c.message
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
    let name = full_name(&r.first_name, &r.last_name);
    let link = format!("{public_url}/api/datasheet/download/{token}");
    let hours = ttl.as_secs().div_ceil(3600).max(1);
    let datasheet = one_line(&r.datasheet);
    let body = format!(
        "Dear {name},\n\n\
         Thank you for your interest in ChloroMaster. Download the datasheet \"{datasheet}\" here:\n\n\
         {link}\n\n\
         The link works for {hours} hour(s).\n\n\
         ChloroMaster\n{public_url}\n\n\
         ---\n\n\
         عزيزي/عزيزتي {name}،\n\n\
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
}
