//! # tls
//!
//! The facade. It owns the sans-IO [`Connection`] (the record layer driving the handshake),
//! the blocking streams over it ([`Stream`], [`StreamOwned`]), and, from the crates below,
//! everything a client or a server needs, at the root: configs and their builders, the
//! verifiers, trust anchors, certificates and keys, the key log (`SSLKEYLOGFILE`).
//!
//! ```text
//! socket bytes ──▶ deframer ──▶ record opener ──▶ handshake / application data
//! app plaintext ──▶ fragmenter ──▶ record sealer ──▶ socket bytes
//! ```
//!
//! It also re-exports the parts it is built from: the wire codec ([`wire`]), the certificate
//! validator ([`pki`]), whose trust anchors ([`TrustAnchors`]: PEM bundles, directories, the
//! system store) are written once, there, and used from here, and the handshake
//! ([`handshake`]) with its configurations.
//!
//! With the `tokio` feature, `tls::tokio` has async streams over any tokio IO.
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

pub mod connection;
pub mod dangerous;
pub mod error;
mod record_reader;
mod record_writer;
mod stream;
#[cfg(feature = "tokio")]
pub mod tokio;

pub use tls_keyschedule as keyschedule;
pub use tls_pki as pki;
pub use tls_pki::{TrustAnchor, TrustAnchors, VerifyOptions};
pub use tls_wire as wire;

pub use connection::{Connection, Direction, RequestId};
pub use error::Error;
pub use stream::{Stream, StreamOwned};
pub use tls_handshake as handshake;
pub use tls_handshake::action::{Answer, Negotiated, Request};
pub use tls_handshake::config::{
    CertificatesByName, CertifiedKey, ClientAuth, ClientConfig, ClientConfigBuilder, ServerConfig,
    ServerConfigBuilder, SingleClientCertificate, SupportedCipherSuite, SupportedGroup,
    SupportedVersion,
};
pub use tls_handshake::error::{ConfigError, ExportError, HandshakeError};
pub use tls_handshake::key_log::{KeyLog, KeyLogFile};
pub use tls_handshake::verifier::{WebPkiClientVerifier, WebPkiServerVerifier};
pub use tls_pki::name::ServerName;

/// The README's examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
