//! Liveness and readiness. `/health` and `/health/live` answer from memory
//! (no I/O) so a stuck disk cannot make systemd or a load balancer kill a
//! process that is otherwise fine; `/health/ready` asks every component.
//! A degraded component (e.g. the database read-only on a full disk) still
//! serves, so readiness stays 200 with `"status": "degraded"`; a failing one
//! makes it 503.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::{Map, Value, json};

/// `Ok(None)`: ok; `Ok(Some(why))`: degraded but serving; `Err(why)`: failing.
type Check = Box<dyn Fn() -> Result<Option<String>, String> + Send + Sync>;

/// The components whose state `/health/ready` reports.
#[derive(Clone, Default)]
pub struct Readiness {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    draining: AtomicBool,
    checks: RwLock<Vec<(&'static str, Check)>>,
}

impl Readiness {
    /// Adds a component; its check runs on every readiness request, so it
    /// must be cheap (a read transaction, a flag).
    pub fn register(
        &self,
        name: &'static str,
        check: impl Fn() -> Result<(), String> + Send + Sync + 'static,
    ) {
        self.register_degradable(name, move || check().map(|()| None));
    }

    /// [`Readiness::register`] for a component that can be degraded:
    /// `Ok(Some(why))` is reported as such without failing readiness.
    pub fn register_degradable(
        &self,
        name: &'static str,
        check: impl Fn() -> Result<Option<String>, String> + Send + Sync + 'static,
    ) {
        if let Ok(mut checks) = self.inner.checks.write() {
            checks.push((name, Box::new(check)));
        }
    }

    /// From shutdown on, readiness fails so load balancers stop sending new
    /// requests while in-flight ones drain.
    pub fn set_draining(&self) {
        self.inner.draining.store(true, Ordering::Relaxed);
    }

    pub fn report(&self) -> (bool, Value) {
        let mut ok = !self.inner.draining.load(Ordering::Relaxed);
        let mut degraded = false;
        let mut components = Map::new();
        if let Ok(checks) = self.inner.checks.read() {
            for (name, check) in checks.iter() {
                let state = match check() {
                    Ok(None) => json!({ "status": "ok" }),
                    Ok(Some(why)) => {
                        degraded = true;
                        json!({ "status": "degraded", "detail": why })
                    }
                    Err(e) => {
                        ok = false;
                        json!({ "status": "failing", "error": e })
                    }
                };
                components.insert((*name).to_owned(), state);
            }
        }
        let status = if self.inner.draining.load(Ordering::Relaxed) {
            "draining"
        } else if ok && degraded {
            "degraded"
        } else if ok {
            "ready"
        } else {
            "not ready"
        };
        (ok, json!({ "status": status, "components": components }))
    }
}

pub async fn live() -> Response {
    (
        [
            (http::header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (http::header::CACHE_CONTROL, "no-store"),
        ],
        "healthy",
    )
        .into_response()
}

pub async fn ready(State(readiness): State<Readiness>) -> Response {
    let (ok, body) = readiness.report();
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        [(http::header::CACHE_CONTROL, "no-store")],
        Json(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_health_degraded_is_ready_failing_is_not() {
        let r = Readiness::default();
        r.register("cache", || Ok(()));
        r.register_degradable("database", || Ok(Some("read-only".into())));
        let (ok, body) = r.report();
        assert!(ok, "a degraded component still serves");
        assert_eq!(body["status"], "degraded");
        assert_eq!(body["components"]["database"]["status"], "degraded");
        assert_eq!(body["components"]["database"]["detail"], "read-only");
        assert_eq!(body["components"]["cache"]["status"], "ok");

        r.register("dataDir", || Err("missing".into()));
        let (ok, body) = r.report();
        assert!(!ok);
        assert_eq!(body["status"], "not ready");

        let r = Readiness::default();
        r.register_degradable("database", || Ok(None));
        r.set_draining();
        assert_eq!(r.report().1["status"], "draining");
    }
}
