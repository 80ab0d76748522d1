//! Every integration test, in one test binary: one module per area (the
//! files that were `tests/<area>.rs`), the shared helpers as modules of their
//! own. One binary links the crate once, where one per file linked it ~30
//! times.
//!
//! Run a module with `cargo nextest run --test it <module>::`, e.g.
//! `cargo nextest run --test it resp_protocol::`.
//!
//! nextest (the suite's runner: `cargo xtask test`) runs every test in its
//! own process, so tests may rely on process-wide state being theirs (the
//! metrics, the rustls crypto provider). A plain `cargo test` runs a
//! binary's tests as threads of one process: filter it down to one module
//! (`cargo xtask dist` runs the ignored `packaging::` tests this way, one
//! thread).

// Shared helpers.
mod common;
mod ops_support;
mod resp_support;
mod scale_data;

// The tests, one module per area.
mod acme;
mod admin_memory;
mod api_admin;
mod api_admin_catalogue;
mod api_arabic_digits;
mod api_catalogue;
mod api_contact;
mod api_datasheet;
mod api_durability;
mod api_response_cache;
mod assets;
mod backup;
mod browser;
mod control;
mod disk_full;
mod edge;
mod hostile_http;
mod https;
mod lifecycle;
mod lighthouse;
mod mail;
mod media;
mod media_ops;
mod metrics;
mod packaging;
mod resp_app;
mod resp_bitfield;
mod resp_bitmaps;
mod resp_clients;
mod resp_command;
mod resp_corrections;
mod resp_differential;
mod resp_introspection;
mod resp_lists;
mod resp_memory;
mod resp_obuf;
mod resp_protocol;
mod resp_pubsub;
mod resp_sessions;
mod resp_sets;
mod resp_zsets;
mod scale;
mod schemathesis;
mod site;
mod sitemap;
mod trust_boundary;
