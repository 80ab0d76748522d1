//! ChloroMaster: the whole web appliance as a library. `main.rs` is a thin
//! command-line wrapper; the tests start the same [`app::App`].

pub mod cache;
pub mod config;
pub mod edge;
pub mod privacy;
pub mod resp;
