//! # tls-pki (being built)
//!
//! X.509 path building and validation for TLS: certificates parsed as borrowed DER, signatures
//! verified with `ring` over the TBS bytes as received, peer names matched as RFC 9525 says.
//! It knows neither `tls-wire` nor the handshake.
//!
//! ```text
//! end-entity + intermediates ──▶ path builder (budget) ──▶ checks on the path ──▶ verified path
//!                                      ▲
//!                               trust anchors
//! ```
//!
//! Built so far: certificate parsing with RFC 5280's rules ([`cert`]), signature verification
//! ([`signature`]) and peer-name matching ([`name`]). Path building, the checks along a path,
//! trust anchors and the x509-limbo harness come next (issue 5).
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

pub mod anchor;
pub mod budget;
pub mod cert;
pub mod error;
pub mod name;
pub mod signature;

pub use anchor::{TrustAnchor, TrustAnchors};
pub use budget::Budget;
pub use error::{BudgetKind, CertificateFault, Error};
