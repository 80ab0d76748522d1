//! Outbound networking shared by the parts that connect out (SMTP relay,
//! ACME directory).

pub mod resolve;

#[cfg(test)]
mod vendored_patch;
