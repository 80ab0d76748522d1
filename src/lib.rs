//! ChloroMaster: the whole web appliance as a library. `main.rs` is a thin
//! command-line wrapper; the tests start the same [`app::App`].

pub mod accounts;
pub mod api;
pub mod app;
pub mod assets;
pub mod auth;
pub mod backup;
pub mod cache;
pub mod cli;
pub mod config;
pub mod control;
pub mod db;
pub mod edge;
pub mod logging;
pub mod mail;
pub mod metrics;
pub mod net;
pub mod privacy;
pub mod resp;
pub mod service;


#[cfg(test)]
mod layering_check;
