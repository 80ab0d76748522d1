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
use utoipa::OpenApi;
use utoipa::openapi::path::HttpMethod;

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
        outbox::list,
        outbox::retry,
        outbox::delete,
    ),
    components(schemas(ErrorResponse))
)]
pub struct ApiDoc;

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
        let contact = &v["components"]["schemas"]["ContactBody"]["properties"];
        for field in [
            "firstName",
            "market",
            "receiveEmails",
            "subscribe",
            "postalCode",
        ] {
            assert!(contact.get(field).is_some(), "{field}");
        }
    }
}
