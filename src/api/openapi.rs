//! The OpenAPI 3 document of the API, served at `GET /api/openapi.json`.
//!
//! It cannot drift from the code: each route's path and method are taken
//! from the handler's `#[utoipa::path]` attribute when the router is built
//! ([`Routes::add`]), so a documented path is the routed path, and a test
//! checks that every routed operation is listed in [`ApiDoc`].

use std::collections::BTreeMap;
use std::sync::LazyLock;

use axum::Router;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use http::header;
use serde::Serialize;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::response::{Response as DocResponse, ResponseBuilder};
use utoipa::openapi::schema::{
    AllOfBuilder, AnyOfBuilder, Object, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, RefOr, schema::KnownFormat};
use utoipa::{Modify, OpenApi};

use super::admin::outbox;
use super::{ApiState, admin, catalogue, contact, datasheet, pagevisit};

/// The body of every error response.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorResponse {
    /// What went wrong, for people.
    pub message: String,
    /// Per-field reasons; only on validation failures (400).
    pub errors: Option<BTreeMap<String, String>>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ChloroMaster API",
        description = "The JSON API of the ChloroMaster appliance. Errors are `{\"message\", \"errors\"}`. Routes tagged admin need a session: `Authorization: Bearer <token>` from the login, or its cookie.",
    ),
    paths(
        contact::submit,
        datasheet::request,
        datasheet::download,
        catalogue::services,
        catalogue::service,
        catalogue::categories,
        catalogue::services_in_category,
        catalogue::products,
        catalogue::product,
        pagevisit::record,
        openapi_json,
        admin::login::login,
        admin::login::logout,
        admin::stats::stats,
        admin::submissions::list,
        admin::csv::submissions,
        admin::submissions::detail,
        admin::submissions::delete,
        admin::submissions::set_read,
        admin::submissions::mark_read,
        admin::submissions::datasheet_requests,
        admin::csv::datasheet_requests,
        admin::catalogue::list_services,
        admin::catalogue::create_service,
        admin::catalogue::update_service,
        admin::catalogue::delete_service,
        admin::catalogue::list_products,
        admin::catalogue::create_product,
        admin::catalogue::update_product,
        admin::catalogue::delete_product,
        admin::backup::backup,
        admin::media::upload,
        admin::media::list,
        admin::media::detail,
        admin::media::file,
        admin::media::delete,
        outbox::list,
        outbox::retry,
        outbox::delete,
    ),
    components(schemas(ErrorResponse)),
    modifiers(&Exact)
)]
pub struct ApiDoc;

/// Makes the document say what the server and its edge do beyond what each
/// handler's attribute says: the admin's security and its 401/403 (the
/// admin router's session layer), the edge's own refusals on every
/// operation, and the cross-field rules of the forms.
struct Exact;

/// What every admin operation but the login needs: a session.
const ADMIN_PREFIX: &str = "/api/admin/";
const LOGIN_PATH: &str = "/api/admin/login";

impl Modify for Exact {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.security_schemes.insert(
            "bearer".into(),
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("64 hex digits")
                    .description(Some(
                        "`Authorization: Bearer <token>`: the 64 hex digits `token` of `POST /api/admin/login`. Sent, it is the only credential looked at (the cookie is then ignored).",
                    ))
                    .build(),
            ),
        );
        components.security_schemes.insert(
            "cookie".into(),
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                super::admin::COOKIE,
                "The session cookie the login sets (HttpOnly, SameSite=Strict, path /api/admin). A state-changing request authenticated by it must come from the admin site itself (`Sec-Fetch-Site`, `Origin`/`Referer`), else 403.",
            ))),
        );
        for (name, rules, description) in [
            (
                "ContactBody",
                vec![names_rule(), industry_rule()],
                "A first or a last name (or both); when `industry` is empty, `market` is taken as the industry.",
            ),
            (
                "DatasheetBody",
                vec![names_rule()],
                "A first or a last name (or both).",
            ),
            (
                "VisitBody",
                vec![page_rule()],
                "`pageUrl`, or when it is empty the old `page`.",
            ),
        ] {
            if let Some(mut base) = components.schemas.remove(name) {
                // Each branch says all of its rule's fields: none is then
                // constrained twice (which makes generators filter).
                if let RefOr::T(Schema::Object(object)) = &mut base {
                    for rule in &rules {
                        for (field, _, _) in rule.iter().flatten() {
                            object.properties.remove(*field);
                            object.required.retain(|r| r != field);
                        }
                    }
                }
                let rule = one_of_each(rules, description);
                let all = AllOfBuilder::new().item(base).item(rule).build();
                components
                    .schemas
                    .insert(name.into(), RefOr::T(Schema::AllOf(all)));
            }
        }

        for (path, item) in doc.paths.paths.iter_mut() {
            let admin = path.starts_with(ADMIN_PREFIX) && path != LOGIN_PATH;
            for (op, safe) in [
                (&mut item.get, true),
                (&mut item.head, true),
                (&mut item.options, true),
                (&mut item.post, false),
                (&mut item.put, false),
                (&mut item.patch, false),
                (&mut item.delete, false),
            ] {
                let Some(op) = op.as_mut() else { continue };
                if admin {
                    op.security = Some(vec![
                        SecurityRequirement::new("bearer", Vec::<String>::new()),
                        SecurityRequirement::new("cookie", Vec::<String>::new()),
                    ]);
                    add(
                        op,
                        "401",
                        error(
                            "No valid session: no credential, an unknown or expired token (`WWW-Authenticate: Bearer`)",
                        ),
                    );
                    if !safe {
                        add(
                            op,
                            "403",
                            error(
                                "Cookie-authenticated from another site (`Sec-Fetch-Site` cross-site or same-site, or `Origin`/`Referer` not this site)",
                            ),
                        );
                    }
                }
                edge_responses(op);
            }
        }
    }
}

/// The refusals the edge (or the router) may give any operation.
fn edge_responses(op: &mut Operation) {
    add(
        op,
        "400",
        error("Malformed request (e.g. a path segment that is not UTF-8)"),
    );
    add(
        op,
        "413",
        error(
            "The request declares a body larger than `CHLORO_MAX_BODY` (JSON bodies: `CHLORO_MAX_JSON_BODY`)",
        ),
    );
    add(
        op,
        "408",
        error(
            "The request body arrived slower than `CHLORO_MIN_DATA_RATE` (after `CHLORO_MIN_DATA_RATE_GRACE`); the connection is closed",
        ),
    );
    add(
        op,
        "431",
        error(
            "The request head is larger than `CHLORO_MAX_HEADER_SIZE`, or has more than 100 fields",
        ),
    );
    let retry_after = || {
        HeaderBuilder::new()
            .schema(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1)),
            )
            .description(Some("Seconds to wait before trying again"))
            .build()
    };
    add(op, "429", ResponseBuilder::new()
        .description("Too many requests from this client (`CHLORO_RATE_API`); `Retry-After` says when to try again")
        .header("Retry-After", retry_after())
        .content("application/json", error_content())
        .build());
    retry_after_on_429(op, retry_after());
    add(op, "503", ResponseBuilder::new()
        .description("Not answered in `CHLORO_REQUEST_TIMEOUT`, or the database cannot take the write (nothing was stored; then with `Retry-After`)")
        .header("Retry-After", retry_after())
        .content("application/json", error_content())
        .build());
}

/// Every 429 carries `Retry-After` (the edge's and the handlers' alike).
fn retry_after_on_429(op: &mut Operation, header: utoipa::openapi::header::Header) {
    if let Some(RefOr::T(response)) = op.responses.responses.get_mut("429") {
        response
            .headers
            .entry("Retry-After".to_owned())
            .or_insert(header);
    }
}

fn add(op: &mut Operation, status: &str, response: DocResponse) {
    op.responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| response.into());
}

fn error_content() -> utoipa::openapi::Content {
    ContentBuilder::new()
        .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
            "ErrorResponse",
        ))))
        .build()
}

fn error(description: &str) -> DocResponse {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", error_content())
        .build()
}

/// What `str::trim` removes (`char::is_whitespace`), as the inside of a
/// regular-expression character class (ECMA-262 and Python read it alike).
const WS: &str =
    r"\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// `char::is_control`: refused in every text field.
const CC: &str = r"\u0000-\u001f\u007f-\u009f";
/// The same less tab, LF and CR, which a multi-line field may hold inside.
const CC_MULTILINE: &str = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f";

/// `^ws* (core) ws*$`: the field is trimmed before it is checked; an
/// optional field may be empty (or only white space) once trimmed.
pub fn trimmed(core: &str, required: bool) -> String {
    let optional = if required { "" } else { "?" };
    format!("^[{WS}]*(?:{core}){optional}[{WS}]*$")
}

/// 1 to `max` characters, no control character (but tab, LF and CR inside
/// a multi-line one), starting and ending with one that is not white space,
/// none of `also_refused`.
fn text_core(max: usize, multiline: bool, also_refused: &str) -> String {
    let inner = if multiline { CC_MULTILINE } else { CC };
    let edge = format!("[^{WS}{CC}{also_refused}]");
    match max {
        0 | 1 => edge,
        _ => format!("{edge}(?:[^{inner}{also_refused}]{{0,{}}}{edge})?", max - 2),
    }
}

fn string_schema(required: bool, pattern: String, description: String) -> Object {
    let ty = if required {
        SchemaType::new(Type::String)
    } else {
        SchemaType::from_iter([Type::String, Type::Null])
    };
    ObjectBuilder::new()
        .schema_type(ty)
        .pattern(Some(pattern))
        .description(Some(description))
        .build()
}

fn text_schema(max: usize, required: bool, multiline: bool) -> Object {
    let what = if multiline {
        "Multi-line text"
    } else {
        "One line of text"
    };
    let need = if required {
        "required"
    } else {
        "optional (null or empty)"
    };
    string_schema(
        required,
        trimmed(&text_core(max, multiline, ""), required),
        format!("{what}, trimmed, then at most {max} characters, no control characters; {need}."),
    )
}

/// An optional one-line text field of at most `MAX` characters (after
/// trimming); for `#[schema(schema_with = …)]`.
pub fn text<const MAX: usize>() -> Object {
    text_schema(MAX, false, false)
}

/// The same, required: not null, not empty once trimmed.
pub fn required_text<const MAX: usize>() -> Object {
    text_schema(MAX, true, false)
}

/// An optional multi-line text field.
pub fn multiline<const MAX: usize>() -> Object {
    text_schema(MAX, false, true)
}

/// A required multi-line text field.
pub fn required_multiline<const MAX: usize>() -> Object {
    text_schema(MAX, true, true)
}

/// A required slug: lower-case ASCII letters, digits and `-`, not at either
/// end, at most 100 characters once trimmed.
pub fn slug() -> Object {
    string_schema(
        true,
        trimmed("[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?", true),
        "Lower-case letters, digits and `-` (not at either end), at most 100 characters; trimmed."
            .into(),
    )
}

/// A required e-mail address as `validate::is_valid_email` takes it.
pub fn email() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(
KnownFormat::Email,
        )))
        .max_length(Some(254))
        .description(Some(
            "Required; trimmed. `local@domain`: no quoted local part, no IP-literal domain, a domain of at least two labels whose last is not all digits; letters may be non-ASCII.",
        ))
        .build()
}

/// A required phone number: digits with spaces, `+ - ( ) .`; at least five
/// digits, at most 32 characters once trimmed (`Fields::phone`). Digits are
/// ASCII, Arabic-Indic, Eastern Arabic-Indic or full-width
/// (`validate::digit_value`); the full-width plus counts as `+`.
pub fn phone() -> Object {
    // Digits, in the four scripts `digit_value` knows.
    const D: &str = r"0-9\u0660-\u0669\u06f0-\u06f9\uff10-\uff19";
    // Non-digits: with and without the space (which trimming removes at
    // either end).
    // Separators may include the invisible direction marks of text pasted
    // from Arabic (`validate::is_direction_mark`).
    const N: &str = r"[ +().\-\uff0b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]";
    const E: &str = r"[+().\-\uff0b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]";
    let core = format!(
        r"(?=[{D} +().\-\uff0b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]{{1,32}}[{WS}]*$)(?:{E}{N}*)?[{D}](?:{N}*[{D}]){{4,31}}(?:{N}*{E})?"
    );
    string_schema(
        true,
        trimmed(&core, true),
        "Required; trimmed. Digits (ASCII, Arabic-Indic U+0660–0669, Eastern Arabic-Indic U+06F0–06F9 or full-width U+FF10–FF19), spaces and `+ - ( ) .` (or the full-width `＋`), invisible direction marks (U+200E, U+200F, U+061C, U+202A–202E, U+2066–2069), at least five digits, at most 32 characters; stored as typed.".into(),
    )
}

/// One way to satisfy a cross-field rule: these properties (all the rule's
/// fields), required or not.
type Branch = Vec<(&'static str, Object, bool)>;

/// The rules together, as one `anyOf` of every combination of their
/// branches (one `anyOf` per rule makes generators filter too much).
fn one_of_each(rules: Vec<Vec<Branch>>, description: &str) -> Schema {
    let mut combined: Vec<Branch> = vec![Vec::new()];
    for rule in rules {
        combined = combined
            .iter()
            .flat_map(|done| {
                rule.iter().map(move |branch| {
                    let mut both = done.clone();
                    both.extend(branch.iter().cloned());
                    both
                })
            })
            .collect();
    }
    let mut any = AnyOfBuilder::new().description(Some(description));
    for branch in combined {
        let mut object = ObjectBuilder::new().schema_type(Type::Object);
        for (name, schema, required) in branch {
            object = object.property(name, schema);
            if required {
                object = object.required(name);
            }
        }
        any = any.item(object);
    }
    any.build().into()
}

/// At least one of `firstName` and `lastName` is not empty once trimmed.
fn names_rule() -> Vec<Branch> {
    vec![
        vec![
            ("firstName", nonblank(100), true),
            ("lastName", text_schema(100, false, false), false),
        ],
        vec![
            ("firstName", text_schema(100, false, false), false),
            ("lastName", nonblank(100), true),
        ],
    ]
}

/// `industry` when it is not empty, else the old `market` is checked (and
/// stored) as the industry.
fn industry_rule() -> Vec<Branch> {
    vec![
        vec![
            ("industry", nonblank(100), true),
            (
                "market",
                any_string("Old spelling of `industry`; unused here."),
                false,
            ),
        ],
        vec![
            ("industry", text_schema(100, false, false), false),
            ("market", text_schema(100, false, false), false),
        ],
    ]
}

/// `pageUrl`, or when it is empty the old `page`, is required.
fn page_rule() -> Vec<Branch> {
    vec![
        vec![
            ("pageUrl", nonblank(2048), true),
            (
                "page",
                any_string("Old spelling of `pageUrl`; unused here."),
                false,
            ),
        ],
        vec![
            ("pageUrl", text_schema(2048, false, false), false),
            ("page", text_schema(2048, true, false), true),
        ],
    ]
}

/// Any string, or null.
fn any_string(description: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .description(Some(description))
        .build()
}

/// A string that is not empty once trimmed (its other rules are the field's).
fn nonblank(max: usize) -> Object {
    string_schema(
        true,
        trimmed(&text_core(max, false, ""), true),
        format!("Not empty once trimmed; at most {max} characters."),
    )
}

/// A referrer: its query and fragment are dropped, then it is a trimmed
/// optional one-line text of at most 2048 characters.
pub fn referrer() -> Object {
    let before_query = trimmed(&text_core(2048, false, "?#"), false);
    let before_query = before_query
        .strip_suffix('$')
        .unwrap_or(&before_query)
        .to_owned();
    string_schema(
        false,
        format!(r"{before_query}(?:[?#][\s\S]*)?$"),
        "Optional. Query and fragment are dropped; the rest is trimmed, then at most 2048 characters, no control characters.".into(),
    )
}

/// One of `values`, exactly (a query value).
pub fn string_enum(values: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .into()
}

/// A page number as the query carries it: what `usize::from_str` makes a
/// whole number from 1 of, trimmed; empty is the default.
pub struct PageNumber;

impl utoipa::PartialSchema for PageNumber {
    fn schema() -> RefOr<Schema> {
        let number = format!(r"\+?0*(?:{})", at_most(&u64::MAX.to_string()));
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(trimmed(&number, false)))
            .description(Some(format!(
                "A whole number from 1 to {} (decimal; white space around, leading zeros and `+` are taken); empty: the default.",
                u64::MAX
            )))
            .into()
    }
}

/// A regular expression for the decimal numbers from 1 to `max` (digits,
/// no leading zeros).
fn at_most(max: &str) -> String {
    let digits: Vec<u32> = max.chars().filter_map(|c| c.to_digit(10)).collect();
    let n = digits.len();
    let mut alternatives = Vec::new();
    if n >= 2 {
        alternatives.push(format!("[1-9][0-9]{{0,{}}}", n - 2));
    }
    for i in 0..n {
        let low = u32::from(i == 0);
        if digits[i] > low {
            let prefix: String = digits[..i].iter().map(u32::to_string).collect();
            alternatives.push(format!(
                "{prefix}[{low}-{}][0-9]{{{}}}",
                digits[i] - 1,
                n - i - 1
            ));
        }
    }
    alternatives.push(max.to_owned());
    alternatives.join("|")
}

impl utoipa::ToSchema for PageNumber {}

/// A backup archive: binary, `application/x-tar`.
pub fn binary() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .content_media_type("application/x-tar")
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
        .build()
}

static DOCUMENT: LazyLock<String> =
    LazyLock::new(|| ApiDoc::openapi().to_pretty_json().unwrap_or_default());

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3 document of this API", content_type = "application/json", body = Object))
)]
pub async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
        .into_response()
}

/// Builds the router from documented handlers only.
pub struct Routes {
    router: Router<ApiState>,
    /// `"GET /api/…"` for each routed operation.
    routed: Vec<String>,
    /// Where the router is mounted: stripped from the documented paths.
    prefix: &'static str,
}

impl Routes {
    pub fn new() -> Self {
        Self::under("/api")
    }

    /// For a router nested at `prefix` (e.g. `/api/admin`).
    pub fn under(prefix: &'static str) -> Self {
        Self {
            router: Router::new(),
            routed: Vec::new(),
            prefix,
        }
    }

    /// Routes `handler` at the path and methods of its `#[utoipa::path]`
    /// (`P` is the `__path_<handler>` type that attribute generates), made
    /// relative to the prefix the router is nested under.
    pub fn add<P, H, T>(mut self, handler: H) -> Self
    where
        P: utoipa::Path,
        H: Handler<T, ApiState>,
        T: 'static,
    {
        let full = P::path();
        let path = full.strip_prefix(self.prefix).unwrap_or(&full).to_owned();
        let mut filter: Option<MethodFilter> = None;
        for method in P::methods() {
            let (f, name) = match method {
                HttpMethod::Get => (MethodFilter::GET, "GET"),
                HttpMethod::Post => (MethodFilter::POST, "POST"),
                HttpMethod::Put => (MethodFilter::PUT, "PUT"),
                HttpMethod::Delete => (MethodFilter::DELETE, "DELETE"),
                HttpMethod::Options => (MethodFilter::OPTIONS, "OPTIONS"),
                HttpMethod::Head => (MethodFilter::HEAD, "HEAD"),
                HttpMethod::Patch => (MethodFilter::PATCH, "PATCH"),
                HttpMethod::Trace => (MethodFilter::TRACE, "TRACE"),
            };
            filter = Some(filter.map_or(f, |g| g.or(f)));
            self.routed.push(format!("{name} {full}"));
        }
        if let Some(filter) = filter {
            self.router = self.router.route(&path, on(filter, handler));
        }
        self
    }

    pub fn into_router(self) -> Router<ApiState> {
        self.router
    }

    #[cfg(test)]
    pub fn routed(&self) -> &[String] {
        &self.routed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_at_most_spells_the_numbers_up_to_max() {
        assert_eq!(at_most("5"), "[1-4][0-9]{0}|5");
        // 1–99, 100–119, 120.
        assert_eq!(at_most("120"), "[1-9][0-9]{0,1}|1[0-1][0-9]{1}|120");
        // 1–9, 10–29, 30–32, 33.
        assert_eq!(
            at_most("33"),
            "[1-9][0-9]{0,0}|[1-2][0-9]{1}|3[0-2][0-9]{0}|33"
        );
    }

    #[test]
    fn api_every_route_is_documented_and_every_documented_path_routed() {
        let doc = ApiDoc::openapi();
        let mut routed = super::super::routes().routed().to_vec();
        routed.extend_from_slice(super::super::catalogue_routes().routed());
        routed.extend_from_slice(admin::documented_routes().routed());
        routed.extend_from_slice(admin::open_routes().routed());
        let mut documented = Vec::new();
        for (path, item) in &doc.paths.paths {
            for (method, op) in [
                ("GET", &item.get),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("DELETE", &item.delete),
                ("PATCH", &item.patch),
            ] {
                if op.is_some() {
                    documented.push(format!("{method} {path}"));
                }
            }
        }
        routed.sort();
        documented.sort();
        assert_eq!(routed, documented);
        assert!(documented.len() >= 11 + 19);
        for admin in [
            "POST /api/admin/login",
            "GET /api/admin/submissions/{id}",
            "PUT /api/admin/products/{slug}",
        ] {
            assert!(documented.iter().any(|d| d == admin), "{admin}");
        }
    }

    /// The operations the document says need a session are exactly those
    /// the router puts behind the session layer.
    #[test]
    fn api_security_is_what_the_router_enforces() {
        let v: serde_json::Value = serde_json::from_str(&DOCUMENT).expect("json");
        let schemes = &v["components"]["securitySchemes"];
        assert_eq!(schemes["bearer"]["type"], "http");
        assert_eq!(schemes["bearer"]["scheme"], "bearer");
        assert_eq!(schemes["cookie"]["type"], "apiKey");
        assert_eq!(schemes["cookie"]["in"], "cookie");
        assert_eq!(schemes["cookie"]["name"], admin::COOKIE);
        let mut secured = Vec::new();
        let mut open = Vec::new();
        for (path, item) in v["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("item") {
                let name = format!("{} {path}", method.to_uppercase());
                let responses = &op["responses"];
                for status in ["400", "413", "429", "503"] {
                    assert!(responses.get(status).is_some(), "{name}: {status}");
                }
                assert!(responses["429"]["headers"].get("Retry-After").is_some());
                match op.get("security") {
                    Some(security) => {
                        assert_eq!(
                            security,
                            &serde_json::json!([{"bearer": []}, {"cookie": []}]),
                            "{name}"
                        );
                        assert!(responses.get("401").is_some(), "{name}: 401");
                        if method != "get" {
                            assert!(responses.get("403").is_some(), "{name}: 403");
                        }
                        secured.push(name);
                    }
                    None => open.push(name),
                }
            }
        }
        let mut behind_session = admin::documented_routes().routed().to_vec();
        behind_session.sort();
        secured.sort();
        assert_eq!(secured, behind_session);
        assert!(open.iter().any(|o| o == "POST /api/admin/login"));
        assert!(
            open.iter()
                .all(|o| o == "POST /api/admin/login" || !o.contains("/admin/"))
        );
    }

    #[test]
    fn api_document_says_what_the_handlers_take() {
        let v: serde_json::Value = serde_json::from_str(&DOCUMENT).expect("json");
        let schemas = &v["components"]["schemas"];
        // The read flag: a bare boolean first, or an object.
        let deref = |s: &serde_json::Value| -> serde_json::Value {
            match s.get("$ref").and_then(|r| r.as_str()) {
                Some(r) => schemas[r.rsplit('/').next().expect("name")].clone(),
                None => s.clone(),
            }
        };
        let read = deref(
            &v["paths"]["/api/admin/submissions/{id}/read"]["patch"]["requestBody"]["content"]["application/json"]
                ["schema"],
        );
        assert_eq!(read["oneOf"][0]["type"], "boolean", "{read}");
        assert_eq!(
            deref(&read["oneOf"][1])["required"],
            serde_json::json!(["isRead"])
        );
        // The backup: binary, not an array of integers.
        let tar = &v["paths"]["/api/admin/backup"]["get"]["responses"]["200"]["content"]["application/x-tar"]
            ["schema"];
        assert_eq!(tar["type"], "string");
        assert_eq!(tar["format"], "binary");
        // Page numbers from 1.
        let params = v["paths"]["/api/admin/submissions"]["get"]["parameters"]
            .as_array()
            .expect("params");
        let page = params.iter().find(|p| p["name"] == "page").expect("page");
        let pattern = page["schema"]["pattern"].as_str().expect("pattern");
        assert!(pattern.contains("0*(?:[1-9]"), "{pattern}");
        // Required fields of the bodies.
        let contact = &schemas["ContactBody"]["allOf"][0];
        assert_eq!(
            contact["required"],
            serde_json::json!(["email", "phone", "message"])
        );
        for (body, fields) in [
            ("ServiceBody", &["slug", "titleEn", "titleAr"][..]),
            (
                "ProductBody",
                &["slug", "serviceSlug", "nameEn", "nameAr"][..],
            ),
        ] {
            let required = schemas[body]["required"].as_array().expect(body);
            for field in fields {
                assert!(required.iter().any(|r| r == field), "{body}.{field}");
            }
        }
    }

    #[test]
    fn api_document_is_valid_json_with_the_contract_paths() {
        let v: serde_json::Value = serde_json::from_str(&DOCUMENT).expect("json");
        assert!(v["openapi"].as_str().is_some_and(|s| s.starts_with("3.")));
        for path in [
            "/api/contact",
            "/api/datasheet/request",
            "/api/datasheet/download/{token}",
            "/api/services",
            "/api/services/{idOrSlug}",
            "/api/services/categories",
            "/api/services/category/{category}",
            "/api/products",
            "/api/products/{slug}",
            "/api/pagevisit",
        ] {
            assert!(v["paths"].get(path).is_some(), "{path} missing");
        }
        for schema in ["ServiceBody", "ProductBody", "Service", "Product"] {
            assert!(
                v["components"]["schemas"].get(schema).is_some(),
                "{schema} missing"
            );
        }
        assert!(v["paths"]["/api/admin/services/{id}"]["put"].is_object());
        // The fields are in the base object, or (those of a cross-field
        // rule) in every branch of its anyOf.
        let contact = &v["components"]["schemas"]["ContactBody"]["allOf"];
        let base = &contact[0]["properties"];
        let branches = contact[1]["anyOf"].as_array().expect("anyOf");
        for field in [
            "firstName",
            "market",
            "receiveEmails",
            "subscribe",
            "postalCode",
        ] {
            assert!(
                base.get(field).is_some()
                    || branches
                        .iter()
                        .all(|b| b["properties"].get(field).is_some()),
                "{field}"
            );
        }
    }
}
