//! # tls
//!
//! The facade. It owns the sans-IO [`Connection`] (the record layer driving the handshake) and,
//! for now, minimal blocking helpers ([`blocking`]); `std::io` and tokio streams, config
//! builders, the key log and session stores come later.
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
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

pub mod blocking;
pub mod connection;
pub mod error;
mod record_reader;
mod record_writer;

pub use tls_keyschedule as keyschedule;
pub use tls_pki as pki;
pub use tls_pki::{TrustAnchor, TrustAnchors, VerifyOptions};
pub use tls_wire as wire;

pub use connection::{Connection, Direction, RequestId};
pub use error::Error;
pub use tls_handshake as handshake;
pub use tls_handshake::action::Negotiated;
pub use tls_handshake::config::{CertifiedKey, ClientConfig, ServerConfig};
pub use tls_pki::name::ServerName;
