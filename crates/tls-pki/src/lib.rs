//! # tls-pki (not built yet)
//!
//! This crate will own X.509 path building and validation for TLS: parsing certificates as
//! borrowed DER, building a path to a trust anchor under a budget, name matching, trust anchors
//! from PEM files and the system store, and signature verification with `ring`.
//!
//! ```text
//! end-entity + intermediates ──▶ path builder (budget) ──▶ checks on the path ──▶ verified path
//!                                      ▲
//!                               trust anchors
//! ```
//!
//! It deliberately knows neither `tls-wire` nor the handshake. Nothing is implemented yet: it
//! exports no items.
#![forbid(unsafe_code)]
