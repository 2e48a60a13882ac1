//! The configuration of each side: [`ClientConfig`] and [`ServerConfig`], and the
//! [`CertifiedKey`] a server (or, later, a client) authenticates with.
//!
//! One config type per side, here; the facade's builders produce these, never a second copy.
//! Defaults are the safe modern ones: TLS 1.3's three suites, X25519 then the NIST curves, the
//! signature schemes we can verify, and no ALPN.

mod client;
mod server;

pub use client::ClientConfig;
pub use server::{CertifiedKey, ServerCertSelector, ServerConfig, SingleCertificate};

use tls_wire::ids::{CipherSuite, NamedGroup};

/// The TLS 1.3 cipher suites, in our order of preference: AES-128-GCM first (fast with AES
/// instructions, and RFC 8446 §9.1's mandatory suite), then AES-256-GCM, then ChaCha20-Poly1305.
pub const DEFAULT_CIPHER_SUITES: &[CipherSuite] = &[
    CipherSuite::TLS_AES_128_GCM_SHA256,
    CipherSuite::TLS_AES_256_GCM_SHA384,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
];

/// The key-exchange groups, in our order of preference: X25519 (fast, constant time, no point
/// validation pitfalls), then secp256r1 (RFC 8446 §9.1's mandatory group), then secp384r1.
pub const DEFAULT_GROUPS: &[NamedGroup] = &[
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
];
