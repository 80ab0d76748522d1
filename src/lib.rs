//! ChloroMaster: the whole web appliance as a library. `main.rs` is a thin
//! command-line wrapper; the tests start the same [`app::App`].

pub mod config;
pub mod db;
pub mod api;
pub mod edge;
pub mod privacy;
