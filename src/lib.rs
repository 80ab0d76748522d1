//! ChloroMaster: the whole web appliance as a library. `main.rs` is a thin
//! command-line wrapper; the tests start the same [`app::App`].
//!
//! Modules are `pub(crate)` unless `main.rs` or the tests need them: `app`
//! (the appliance), `cli` (the command line), `config`, and what the tests
//! drive directly (`db` and `cache` on their files, `resp`'s listener,
//! `net`'s resolver counter). The layering of ARCHITECTURE.md is checked
//! by `layering_check`.

pub(crate) mod accounts;
pub(crate) mod api;
pub mod app;
pub(crate) mod assets;
pub(crate) mod auth;
pub(crate) mod backup;
pub mod cache;
pub mod cli;
pub mod config;
pub(crate) mod control;
pub mod db;
pub(crate) mod edge;
pub(crate) mod http;
pub(crate) mod logging;
pub(crate) mod mail;
pub(crate) mod media;
pub(crate) mod metrics;
pub mod net;
pub(crate) mod privacy;
pub mod resp;
pub(crate) mod service;
pub(crate) mod site;

#[cfg(test)]
mod layering_check;
