//! # tls-keyschedule (not built yet)
//!
//! This crate will own the TLS 1.2 PRF, the TLS 1.3 HKDF key schedule, the transcript hash,
//! traffic keys, AEAD record protection and exporters, all on `ring`.
//!
//! ```text
//! handshake messages ──▶ transcript hash ──▶ key schedule stages ──▶ traffic secrets
//!                                                                  └─▶ record sealer / opener
//! ```
//!
//! Nothing is implemented yet: the crate exists so that the workspace has its final shape and
//! the dependency direction (`tls-keyschedule` → `tls-wire`) is fixed. It exports no items.
#![forbid(unsafe_code)]
