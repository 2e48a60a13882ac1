//! Whether a certificate on a path is revoked, by the CRLs the caller supplied (RFC 5280 §6.3.3,
//! for complete CRLs of the certificate's own issuer).

use super::parse::{Crl, NameForm};
use super::{Revocation, UnknownStatus};
use crate::budget::Meter;
use crate::cert::{Certificate, DistributionPointName, KeyUsage, ReasonFlags};
use crate::der::split_tlv;
use crate::error::Error;
use crate::signature::KeyInfo;
use crate::verify::UnixTime;

/// At most this many names of a distribution point are compared, on each side: the comparison
/// of a certificate's names with a CRL's is quadratic. Distribution points name one or two URIs.
pub const MAX_DISTRIBUTION_POINT_NAMES: usize = 8;

/// The issuer of a certificate on the path, which must also have signed its CRL.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CrlSigner<'a> {
    /// The issuer's public key.
    pub(crate) key: KeyInfo<'a>,
    /// The issuer's keyUsage, if it has one.
    pub(crate) key_usage: Option<KeyUsage>,
}

/// Checks `certificate`, issued by `signer`, against `revocation`'s CRLs at `time`.
pub(crate) fn check_revocation(
    certificate: &Certificate<'_>,
    signer: CrlSigner<'_>,
    revocation: &Revocation,
    time: UnixTime,
    meter: &mut Meter,
) -> Result<(), Error> {
    let points = certificate.crl_distribution_points()?;
    // A distribution point naming a cRLIssuer is served by an indirect CRL, which we do not
    // load: no CRL we hold can cover it.
    let indirect = points.is_some_and(|points| points.points().any(|p| p.crl_issuer.is_some()));
    let is_ca = certificate
        .basic_constraints()?
        .is_some_and(|constraints| constraints.ca);
    let mut covered = ReasonFlags(0);
    if !indirect {
        for crl in revocation.crls.iter() {
            //= https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
            //# Otherwise, verify that the CRL issuer matches the
            //# certificate issuer.
            if crl.issuer() != certificate.issuer() || !in_scope(crl, certificate, is_ca) {
                continue;
            }
            check_crl(crl, signer, time, meter)?;
            //= https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
            //# (j)  If (cert_status is UNREVOKED), then search for the
            //# certificate on the complete CRL.  If an entry is found that
            //# matches the certificate issuer and serial number as described
            //# in Section 5.3.3, then set the cert_status variable to the
            //# indicated reason as described in step (i).
            if let Some(reason) = crl.lookup(certificate.serial_number()) {
                return Err(Error::Revoked { reason });
            }
            covered.0 |= crl.scope().reasons.unwrap_or(ReasonFlags::ALL_REASONS).0;
        }
    }
    //= https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
    //# If ((reasons_mask is all-reasons) OR (cert_status is not
    //# UNREVOKED)), then the revocation status has been determined, so
    //# return cert_status.
    match (
        covered.contains(ReasonFlags::ALL_REASONS),
        revocation.unknown_status,
    ) {
        (true, _) | (false, UnknownStatus::Allow) => Ok(()),
        (false, UnknownStatus::Deny) => Err(Error::RevocationStatusUnknown),
    }
}

/// Checks that a CRL in scope may be used: its signer may sign CRLs, its signature verifies, and
/// it is current at `time`.
fn check_crl(
    crl: &Crl,
    signer: CrlSigner<'_>,
    time: UnixTime,
    meter: &mut Meter,
) -> Result<(), Error> {
    //= https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
    //# (f)  Obtain and validate the certification path for the issuer of
    //# the complete CRL.  The trust anchor for the certification
    //# path MUST be the same as the trust anchor used to validate
    //# the target certificate.  If a key usage extension is present
    //# in the CRL issuer's certificate, verify that the cRLSign bit
    //# is set.
    if signer
        .key_usage
        .is_some_and(|bits| !bits.contains(KeyUsage::CRL_SIGN))
    {
        return Err(Error::UnusableCrl {
            reason: "its issuer's keyUsage lacks cRLSign",
        });
    }
    meter.charge_signature()?;
    //= https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
    //# (g)  Validate the signature on the complete CRL using the public
    //# key validated in step (f).
    signer
        .key
        .verify(crl.algorithm(), crl.tbs(), crl.signature())
        .map_err(|_| Error::UnusableCrl {
            reason: "its signature does not verify with the certificate issuer's key",
        })?;
    //= https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
    //# (a)  Update the local CRL cache by obtaining a complete CRL, a
    //# delta CRL, or both, as required:
    // We fetch nothing, so a CRL that is not current at the verification time cannot decide.
    if time.as_secs() < crl.this_update() {
        return Err(Error::UnusableCrl {
            reason: "its thisUpdate is after the verification time",
        });
    }
    if time.as_secs() > crl.next_update() {
        return Err(Error::UnusableCrl {
            reason: "its nextUpdate is before the verification time",
        });
    }
    Ok(())
}

/// Whether the CRL's issuing distribution point covers `certificate` (RFC 5280 §6.3.3 (b)(2)).
fn in_scope(crl: &Crl, certificate: &Certificate<'_>, is_ca: bool) -> bool {
    let scope = crl.scope();
    //= https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
    //# (ii)  If the onlyContainsUserCerts boolean is asserted in
    //# the IDP CRL extension, verify that the certificate
    //# does not include the basic constraints extension with
    //# the cA boolean asserted.
    //#
    //# (iii) If the onlyContainsCACerts boolean is asserted in the
    //# IDP CRL extension, verify that the certificate
    //# includes the basic constraints extension with the cA
    //# boolean asserted.
    if (scope.only_user_certs && is_ca) || (scope.only_ca_certs && !is_ca) {
        return false;
    }
    let Some((form, names)) = &scope.distribution_point else {
        return true;
    };
    let names = crl.slice(names);
    //= https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3
    //# (i)   If the distribution point name is present in the IDP
    //# CRL extension and the distribution field is present in
    //# the DP, then verify that one of the names in the IDP
    //# matches one of the names in the DP.
    let Ok(Some(points)) = certificate.crl_distribution_points() else {
        return false;
    };
    points.points().any(|point| match (point.name, form) {
        (Some(DistributionPointName::FullName(ours)), NameForm::Full) => {
            any_common_name(ours, names)
        }
        (Some(DistributionPointName::RelativeToCrlIssuer(ours)), NameForm::RelativeToCrlIssuer) => {
            ours == names
        }
        // A relative name against a full one would need the issuer's name joined to it; no
        // issuer we know writes distribution points so, and no match leaves the status unknown.
        (Some(DistributionPointName::FullName(_)), NameForm::RelativeToCrlIssuer)
        | (Some(DistributionPointName::RelativeToCrlIssuer(_)), NameForm::Full)
        | (None, _) => false,
    })
}

/// Whether two lists of GeneralName TLVs share a name, compared as DER; at most
/// [`MAX_DISTRIBUTION_POINT_NAMES`] of each are compared.
fn any_common_name(left: &[u8], right: &[u8]) -> bool {
    names(left).any(|ours| names(right).any(|theirs| ours == theirs))
}

/// The first [`MAX_DISTRIBUTION_POINT_NAMES`] GeneralName TLVs of `contents` (already checked).
fn names(contents: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = contents;
    core::iter::from_fn(move || {
        let (tlv, after) = split_tlv(rest)?;
        rest = after;
        Some(tlv.raw)
    })
    .take(MAX_DISTRIBUTION_POINT_NAMES)
}
