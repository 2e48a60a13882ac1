//! # tls (not built yet)
//!
//! The facade. It will own the sans-IO `Connection` (the record layer driving the handshake),
//! blocking `std::io` and tokio streams, config builders, the key log and session stores.
//!
//! ```text
//! socket bytes ──▶ deframer ──▶ record opener ──▶ handshake / application data
//! app plaintext ──▶ fragmenter ──▶ record sealer ──▶ socket bytes
//! ```
//!
//! No connection exists yet; today this crate re-exports the parts that are real: the wire codec
//! ([`wire`]) and the certificate validator ([`pki`]), whose trust anchors ([`TrustAnchors`]:
//! PEM bundles, directories, the system store) are written once, there, and used from here.
#![forbid(unsafe_code)]

pub use tls_pki as pki;
pub use tls_pki::{TrustAnchor, TrustAnchors, VerifyOptions};
pub use tls_wire as wire;
