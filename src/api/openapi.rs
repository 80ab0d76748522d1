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
use super::{ApiState, catalogue, contact, datasheet, pagevisit};

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
        description = "The public JSON API of the ChloroMaster appliance. Errors are `{\"message\", \"errors\"}`.",
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
    /// The prefix the router is nested under (`/api`, `/api/admin`).
    prefix: &'static str,
    /// `"GET /api/…"` for each routed operation.
    routed: Vec<String>,
}

impl Routes {
    pub fn new() -> Self {
        Self::under("/api")
    }

    /// Routes for a router nested under `prefix`.
    pub fn under(prefix: &'static str) -> Self {
        Self {
            router: Router::new(),
            prefix,
            routed: Vec::new(),
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
        let routes = super::super::routes();
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
        let mut routed = routes.routed().to_vec();
        routed.extend_from_slice(super::super::admin::documented_routes().routed());
        routed.sort();
        documented.sort();
        assert_eq!(routed, documented);
        assert!(documented.len() >= 11);
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
