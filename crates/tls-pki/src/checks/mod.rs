//! The checks along a path.
//!
//! ```text
//! each certificate, by role ──▶ check_certificate   (validity, profile, critical extensions,
//!                                                     basicConstraints, keyUsage, extKeyUsage)
//! a complete path           ──▶ check_path          (pathLenConstraint, nameConstraints)
//! ```
//!
//! A certificate's own checks run when the builder first considers it, before any signature is
//! verified; the checks that need the whole path run once it reaches an anchor.

pub(crate) mod basic_constraints;
pub(crate) mod eku;
pub(crate) mod identifiers;
pub(crate) mod key_usage;
pub(crate) mod profile;
pub(crate) mod validity;

use der::oid::ObjectIdentifier;

use crate::budget::Meter;
use crate::cert::{Certificate, KeyUsage};
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
pub(crate) struct Policy {
    /// The time every certificate must be valid at.
    pub(crate) time: UnixTime,
    /// The extended key usage the end-entity (and any intermediate with the extension) must
    /// allow.
    pub(crate) purpose: ObjectIdentifier,
    /// Bits the end-entity's keyUsage must allow, if it has one.
    pub(crate) key_usage: Option<KeyUsage>,
    /// Whether this verifies a TLS server, to which the CABF subscriber rules apply.
    pub(crate) server: bool,
}

/// The checks of one certificate that depend on nothing but the certificate and its role.
pub(crate) fn check_certificate(
    certificate: &Certificate<'_>,
    role: Role,
    policy: &Policy,
) -> Result<(), Error> {
    validity::check_validity(certificate.validity(), policy.time)?;
    profile::check_every_certificate(certificate)?;
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2
    //# A certificate-using
    //# system MUST reject the certificate if it encounters a critical
    //# extension it does not recognize or a critical extension that contains
    //# information that it cannot process.
    if let Some(oid) = certificate.extensions().unknown_critical().next() {
        return Err(Error::UnknownCriticalExtension { oid });
    }
    let basic_constraints = certificate.basic_constraints()?;
    let key_usage = certificate.key_usage()?;
    let extended_key_usage = certificate.extended_key_usage()?;
    match role {
        Role::EndEntity => {
            basic_constraints::check_end_entity(basic_constraints)?;
            key_usage::check_end_entity(key_usage, policy.key_usage)?;
            eku::check_purpose(extended_key_usage, policy.purpose)?;
        }
        Role::Intermediate => {
            basic_constraints::check_issuer(basic_constraints)?;
            key_usage::check_issuer(key_usage)?;
            eku::check_purpose(extended_key_usage, policy.purpose)?;
        }
        // An anchor's extKeyUsage is not chained: the anchor is trusted for what the caller
        // trusts it for (x509-limbo's `webpki::eku::root-has-eku` is a pedantic case).
        Role::TrustAnchor => {
            basic_constraints::check_issuer(basic_constraints)?;
            key_usage::check_issuer(key_usage)?;
        }
    }
    identifiers::check_authority_key_identifier(certificate, role)?;
    identifiers::check_subject_key_identifier(certificate, role)?;
    match role {
        Role::EndEntity => profile::check_end_entity(certificate, policy.server),
        Role::Intermediate | Role::TrustAnchor => profile::check_ca(certificate),
    }
}

/// The checks that need the whole path: `path` runs from the end-entity (index 0) to the
/// anchor (last), each certificate with its position.
///
/// A budget error is returned as is: the caller stops the search on it.
pub(crate) fn check_path(
    path: &[(&Certificate<'_>, Position)],
    meter: &mut Meter,
) -> Result<(), Rejection> {
    for (index, (ca, ca_position)) in path.iter().enumerate().skip(1) {
        let below = path.get(..index).unwrap_or_default();
        let reject = |certificate, error| Rejection { certificate, error };
        let non_self_issued_intermediates = below
            .iter()
            .skip(1)
            .filter(|(certificate, _)| !is_self_issued(certificate))
            .count();
        basic_constraints::check_path_len(
            ca.basic_constraints()
                .map_err(|e| reject(*ca_position, e))?,
            non_self_issued_intermediates,
        )
        .map_err(|e| reject(*ca_position, e))?;

        let Some(value) = ca.name_constraints() else {
            continue;
        };
        let constraints = NameConstraints::from_der(value).map_err(|e| reject(*ca_position, e))?;
        for (below_index, (certificate, position)) in below.iter().enumerate() {
            //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
            //# Name constraints are not applied to self-issued certificates (unless
            //# the certificate is the final certificate in the path).
            if below_index != 0 && is_self_issued(certificate) {
                continue;
            }
            constraints
                .check(certificate, meter)
                .map_err(|e| reject(*position, e))?;
        }
    }
    Ok(())
}

/// Whether the certificate is self-issued: its subject and issuer are the same name.
///
/// RFC 5280 §6.1 compares names by its §7.1 rules; we compare the DER, as rustls-webpki and
/// mozilla::pkix do, which errs on the side of counting a certificate (and so of refusing).
//= https://www.rfc-editor.org/rfc/rfc5280#section-6.1
//# A certificate is self-issued if the same DN appears in the subject
//# and issuer fields (the two DNs are the same if they match according
//# to the rules specified in Section 7.1).
pub(crate) fn is_self_issued(certificate: &Certificate<'_>) -> bool {
    certificate.subject() == certificate.issuer()
}
