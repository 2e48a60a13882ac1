//! # tls-pki
//!
//! X.509 path building and validation for TLS: certificates parsed as borrowed DER, signatures
//! verified with `ring` over the TBS bytes as received, peer names matched as RFC 9525 says.
//! It knows neither `tls-wire` nor the handshake.
//!
//! ```text
//! end-entity ──▶ its own checks ──▶ path builder (budget) ──▶ checks on the path ──▶ VerifiedPath
//!                (validity, usage,    depth-first through      (pathLenConstraint,
//!                 profile, name)      intermediates, RFC 4158   nameConstraints)
//!                                          ▲
//!                                    trust anchors
//! ```
//!
//! Entry points: [`TrustAnchors::verify_server`] and [`TrustAnchors::verify_client`], with
//! [`VerifyOptions`] (time, depth, usages, [`Budget`], and optionally the CRLs of a
//! [`Revocation`]). They return a [`VerifiedPath`] that borrows the inputs, or a [`Rejection`]
//! naming the certificate ([`Position`]) and the [`Error`]. Verification reads no clock (the
//! caller injects the time) and allocates nothing.
//!
//! Modules: certificate parsing with RFC 5280's rules ([`cert`]), the DER walker it is built
//! on, which tls-handshake also reads private keys with ([`der`]), signature verification
//! ([`signature`]), peer names and name constraints ([`name`]), trust anchors ([`anchor`]),
//! certificate revocation lists ([`crl`]), the work budget ([`budget`]) and the verification
//! API ([`verify`]). The path builder and the
//! checks along a path are private (`path`, `checks`).
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
mod checks;
pub mod crl;
pub mod der;
pub mod error;
pub mod name;
mod path;
pub mod signature;
pub mod verify;

pub use anchor::{LoadReport, TrustAnchor, TrustAnchors};
pub use budget::Budget;
pub use crl::{Crl, Revocation, UnknownStatus};
pub use error::{BudgetKind, CertificateFault, Error, ProfileRule};
pub use verify::{Position, Rejection, UnixTime, VerifiedPath, VerifyOptions};
