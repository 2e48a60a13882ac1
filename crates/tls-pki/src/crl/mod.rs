//! Certificate revocation lists the caller supplies (RFC 5280 §5 and §6.3).
//!
//! ```text
//! CRL DER ──▶ Crl::from_der (strict: v2, cRLNumber, known critical extensions; delta and
//!             indirect CRLs refused) ──▶ Revocation { crls, unknown_status } in VerifyOptions
//!
//! each certificate of a path below the anchor, with its issuer on the path:
//!   CRLs whose issuer is the certificate's issuer ─▶ in scope (issuingDistributionPoint)?
//!     ─▶ issuer may sign CRLs (keyUsage cRLSign) ─▶ signature (budget) ─▶ current at the
//!        verification time ─▶ serial listed? ─▶ Revoked { reason } / reasons covered
//!   none covers every reason ─▶ UnknownStatus::Allow: fine / Deny: RevocationStatusUnknown
//! ```
//!
//! What we do not do, and refuse clearly when a CRL asks for it: delta CRLs (a
//! `deltaCRLIndicator` is refused when the CRL is loaded; a base CRL's `freshestCRL` pointer is
//! not followed) and indirect CRLs (`indirectCRL` in the issuing distribution point, or a
//! `certificateIssuer` entry extension, are refused when loaded). A certificate whose
//! distribution point names a `cRLIssuer` other than its issuer is only covered by an indirect
//! CRL, so its status is unknown. We fetch nothing: the CRLs are the caller's.

mod check;
mod extensions;
mod parse;

use std::sync::Arc;

pub use self::check::MAX_DISTRIBUTION_POINT_NAMES;
pub(crate) use self::check::{CrlSigner, check_revocation};
pub use self::parse::{Crl, RevocationReason};

/// How a verification checks revocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revocation {
    /// The CRLs to consult, parsed when loaded; shared, so that options are cheap to clone.
    pub crls: Arc<[Crl]>,
    /// What a certificate's status is when no CRL covers it.
    pub unknown_status: UnknownStatus,
}

/// What to do with a certificate no supplied CRL covers (none from its issuer, or none in
/// scope and current for every reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownStatus {
    /// Accept it: revocation is checked where CRLs are at hand (rustls-webpki's
    /// `UnknownStatusPolicy::Allow`).
    Allow,
    /// Refuse it with [`Error::RevocationStatusUnknown`](crate::Error::RevocationStatusUnknown).
    Deny,
}

impl Revocation {
    /// Checks against `crls`, accepting certificates none of them covers.
    pub fn new(crls: impl Into<Arc<[Crl]>>) -> Self {
        Self {
            crls: crls.into(),
            unknown_status: UnknownStatus::Allow,
        }
    }
}
