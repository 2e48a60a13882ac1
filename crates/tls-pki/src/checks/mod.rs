//! The checks along a path.
//!
//! ```text
//! end-entity, intermediate ──▶ check_certificate  (validity, profile, critical extensions,
//!                                                   extension syntax, basicConstraints,
//!                                                   keyUsage, extKeyUsage, AKI/SKI)
//! trust anchor, when loaded ─▶ check_anchor_once  (the same, but validity and extKeyUsage)
//! trust anchor, per path    ─▶ check_anchor       (validity, extKeyUsage, the stored outcome)
//! a complete path           ──▶ check_path         (pathLenConstraint, nameConstraints,
//!                                                   explicit policy, revocation)
//! ```
//!
//! A certificate's own checks run when the builder first considers it, before any signature is
//! verified; the checks that need the whole path run once it reaches an anchor.

pub(crate) mod basic_constraints;
pub(crate) mod eku;
pub(crate) mod identifiers;
pub(crate) mod key_usage;
pub(crate) mod policy;
pub(crate) mod profile;
pub(crate) mod validity;

use der::oid::ObjectIdentifier;

use crate::anchor::TrustAnchor;
use crate::budget::Meter;
use crate::cert::{Certificate, KeyUsage};
use crate::crl::{CrlSigner, Revocation, check_revocation};
use crate::error::Error;
use crate::name::constraints::NameConstraints;
use crate::verify::{Position, Rejection, UnixTime};

/// The place a certificate holds on a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// The certificate being verified.
    EndEntity,
    /// A certificate between the end-entity and the anchor.
    Intermediate,
    /// The trust anchor the path ends at.
    TrustAnchor,
}

/// What one verification checks for, taken from the caller's options.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Policy<'o> {
    /// The time every certificate must be valid at.
    pub(crate) time: UnixTime,
    /// The extended key usage the end-entity (and any intermediate with the extension) must
    /// allow.
    pub(crate) purpose: ObjectIdentifier,
    /// Bits the end-entity's keyUsage must allow, if it has one.
    pub(crate) key_usage: Option<KeyUsage>,
    /// Whether this verifies a TLS server, to which the CABF subscriber rules apply.
    pub(crate) server: bool,
    /// The CRLs to check the path's certificates against, if any.
    pub(crate) revocation: Option<&'o Revocation>,
}

/// The checks of the end-entity or an intermediate that depend on nothing but the certificate
/// and its role.
pub(crate) fn check_certificate(
    certificate: &Certificate<'_>,
    role: Role,
    policy: &Policy<'_>,
) -> Result<(), Error> {
    validity::check_validity(certificate.validity(), policy.time)?;
    check_common(certificate)?;
    let basic_constraints = certificate.basic_constraints()?;
    let key_usage = certificate.key_usage()?;
    let extended_key_usage = certificate.extended_key_usage()?;
    match role {
        Role::EndEntity => {
            basic_constraints::check_end_entity(basic_constraints)?;
            key_usage::check_end_entity(key_usage, policy.key_usage)?;
            eku::check_end_entity(certificate, policy.purpose, policy.server)?;
        }
        Role::Intermediate | Role::TrustAnchor => {
            basic_constraints::check_issuer(basic_constraints)?;
            key_usage::check_issuer(key_usage)?;
            eku::check_purpose(extended_key_usage, policy.purpose)?;
        }
    }
    identifiers::check_authority_key_identifier(certificate, role)?;
    identifiers::check_subject_key_identifier(certificate, role)?;
    match role {
        Role::EndEntity => profile::check_end_entity(certificate, policy.server),
        Role::Intermediate | Role::TrustAnchor => profile::check_ca(certificate),
    }
}

/// The checks of a trust anchor that do not depend on the verification, run once when it is
/// loaded (`TrustAnchor::from_der`).
pub(crate) fn check_anchor_once(anchor: &Certificate<'_>) -> Result<(), Error> {
    check_common(anchor)?;
    basic_constraints::check_issuer(anchor.basic_constraints()?)?;
    key_usage::check_issuer(anchor.key_usage()?)?;
    identifiers::check_authority_key_identifier(anchor, Role::TrustAnchor)?;
    identifiers::check_subject_key_identifier(anchor, Role::TrustAnchor)?;
    profile::check_ca(anchor)
}

/// The checks of a trust anchor for one verification: its validity at the verification's
/// time, what was found when it was loaded, and its extKeyUsage for the verification's purpose.
pub(crate) fn check_anchor(anchor: &TrustAnchor, policy: &Policy<'_>) -> Result<(), Error> {
    validity::check_validity(anchor.validity(), policy.time)?;
    anchor.checked()?;
    eku::check_anchor(anchor, policy.purpose, policy.server)
}

/// The checks every certificate gets whatever its role: the profile's general rules, unknown
/// critical extensions, and the syntax of every extension we know.
fn check_common(certificate: &Certificate<'_>) -> Result<(), Error> {
    profile::check_every_certificate(certificate)?;
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2
    //# A certificate-using
    //# system MUST reject the certificate if it encounters a critical
    //# extension it does not recognize or a critical extension that contains
    //# information that it cannot process.
    if let Some(oid) = certificate.extensions().unknown_critical().next() {
        return Err(Error::UnknownCriticalExtension { oid });
    }
    certificate.extensions().check_all()?;
    policy::check_criticality(certificate)
}

/// The checks that need the whole path: `below` runs from the end-entity (index 0) to the
/// intermediate the anchor issued, each certificate with its position.
///
/// A budget error is returned as is: the caller stops the search on it.
pub(crate) fn check_path(
    below: &[(&Certificate<'_>, Position)],
    anchor: &TrustAnchor,
    policy: &Policy<'_>,
    meter: &mut Meter,
) -> Result<(), Rejection> {
    let reject = |certificate, error| Rejection { certificate, error };
    for (index, (ca, ca_position)) in below.iter().enumerate().skip(1) {
        let path_len = ca
            .basic_constraints()
            .map_err(|e| reject(*ca_position, e))?
            .and_then(|constraints| constraints.path_len_constraint);
        let name_constraints = ca
            .parsed_name_constraints()
            .map_err(|e| reject(*ca_position, e))?;
        let under = below.get(..index).unwrap_or_default();
        check_ca_constraints(path_len, name_constraints, *ca_position, under, meter)?;
    }
    let name_constraints = anchor
        .name_constraints()
        .map(NameConstraints::from_der)
        .transpose()
        .map_err(|e| reject(Position::TrustAnchor, e))?;
    check_ca_constraints(
        anchor.path_len_constraint(),
        name_constraints,
        Position::TrustAnchor,
        below,
        meter,
    )?;
    policy::check_explicit_policy(below)?;
    if let Some(revocation) = policy.revocation {
        for (index, (certificate, position)) in below.iter().enumerate() {
            let signer = match below.get(index.saturating_add(1)) {
                Some((issuer, _)) => issuer.crl_signer(),
                None => anchor.signer(),
            };
            check_revocation(certificate, signer, revocation, policy.time, meter)
                .map_err(|e| reject(*position, e))?;
        }
    }
    Ok(())
}

/// Checks one CA's `pathLenConstraint` and nameConstraints against the certificates `under` it
/// (end-entity first).
fn check_ca_constraints(
    path_len: Option<u32>,
    name_constraints: Option<NameConstraints<'_>>,
    ca_position: Position,
    under: &[(&Certificate<'_>, Position)],
    meter: &mut Meter,
) -> Result<(), Rejection> {
    let reject = |certificate, error| Rejection { certificate, error };
    let non_self_issued_intermediates = under
        .iter()
        .skip(1)
        .filter(|(certificate, _)| !certificate.is_self_issued())
        .count();
    basic_constraints::check_path_len(path_len, non_self_issued_intermediates)
        .map_err(|e| reject(ca_position, e))?;
    let Some(constraints) = name_constraints else {
        return Ok(());
    };
    for (index, (certificate, position)) in under.iter().enumerate() {
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
        //# Name constraints are not applied to self-issued certificates (unless
        //# the certificate is the final certificate in the path).
        if index != 0 && certificate.is_self_issued() {
            continue;
        }
        constraints
            .check(certificate, meter)
            .map_err(|e| reject(*position, e))?;
    }
    Ok(())
}

impl Certificate<'_> {
    /// This certificate's key, as the signer of the CRLs of what it issued.
    pub(crate) fn crl_signer(&self) -> CrlSigner<'_> {
        CrlSigner {
            key: self.public_key().info,
            key_usage: self.key_usage().ok().flatten(),
        }
    }
}
