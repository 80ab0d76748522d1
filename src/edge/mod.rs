//! The HTTP front of the appliance.

pub mod client_ip;

pub use client_ip::ClientIp;
