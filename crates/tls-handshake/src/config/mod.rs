//! The configuration of each side: [`ClientConfig`] and [`ServerConfig`], made only by their
//! builders ([`ClientConfig::builder`], [`ServerConfig::builder`]), and the [`CertifiedKey`] a
//! server (or, later, a client) authenticates with.
//!
//! ```text
//! ConfigBuilder<ClientSide | ServerSide> ── versions, suites, groups (typed: only what we
//!     │                                      implement), ALPN, rng, clock, buffer limits, …
//!     └── build() ──▶ ClientConfig / ServerConfig   (fields private, read through getters)
//!                 └─▶ ConfigError naming what is wrong (an empty list, a duplicate, …)
//! ```
//!
//! One config type per side, here; the facade re-exports these, never a second copy. Defaults
//! are the safe modern ones: TLS 1.3, its three AEAD suites, X25519 then the NIST curves, the
//! signature schemes we can verify, SNI and the server's name checked, no ALPN. TLS 1.2 joins
//! the versions and suites when its handshake lands (issue 14).

mod builder;
mod by_name;
mod client;
mod server;
mod settings;
mod supported;

pub use builder::{
    ClientConfigBuilder, ClientSide, ConfigBuilder, DEFAULT_SESSION_TICKETS, ServerConfigBuilder,
    ServerSide,
};
pub use by_name::CertificatesByName;
pub use client::{ClientCertResolver, ClientCertificates, ClientConfig, SingleClientCertificate};
pub use server::{CertifiedKey, ClientAuth, ServerCertSelector, ServerConfig, SingleCertificate};
pub use settings::{
    BufferLimits, DEFAULT_RECEIVED_PLAINTEXT_LIMIT, DEFAULT_UNSENT_OUTPUT_LIMIT,
    MIN_RECEIVED_PLAINTEXT_LIMIT, MIN_UNSENT_OUTPUT_LIMIT,
};
pub use supported::{
    CipherSuiteSet, SupportedCipherSuite, SupportedGroup, SupportedVersion, Tls12Authentication,
};
