//! The extensions of a CRL and of its entries (RFC 5280 §5.2, §5.3), checked when the CRL is
//! loaded: what we process, what we refuse (delta and indirect CRLs), and the reason codes.

use super::parse::{IssuingDistributionPoint, NameForm, RevocationReason, unusable};
use crate::cert::time::decode_time;
use crate::cert::{
    AuthorityKeyIdentifier, DistributionPointName, DistributionPoints, ID_CE_FRESHEST_CRL,
    ReasonFlags, check_general_names,
};
use crate::der::{
    TAG_BOOLEAN, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE, Tlv, Walker, boolean, integer, single,
};
use crate::error::Error;

/// DER contents of the CRL and CRL entry extension OIDs (RFC 5280 §5.2, §5.3).
mod oid {
    pub(super) const AUTHORITY_KEY_IDENTIFIER: &[u8] = &[0x55, 0x1d, 35];
    pub(super) const ISSUER_ALT_NAME: &[u8] = &[0x55, 0x1d, 18];
    pub(super) const CRL_NUMBER: &[u8] = &[0x55, 0x1d, 20];
    pub(super) const DELTA_CRL_INDICATOR: &[u8] = &[0x55, 0x1d, 27];
    pub(super) const ISSUING_DISTRIBUTION_POINT: &[u8] = &[0x55, 0x1d, 28];
    pub(super) const FRESHEST_CRL: &[u8] = &[0x55, 0x1d, 46];
    pub(super) const AUTHORITY_INFO_ACCESS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 1];
    pub(super) const REASON_CODE: &[u8] = &[0x55, 0x1d, 21];
    pub(super) const HOLD_INSTRUCTION_CODE: &[u8] = &[0x55, 0x1d, 23];
    pub(super) const INVALIDITY_DATE: &[u8] = &[0x55, 0x1d, 24];
    pub(super) const CERTIFICATE_ISSUER: &[u8] = &[0x55, 0x1d, 29];
}

/// At most this many extensions in a CRL or one of its entries (as for certificates).
const MAX_CRL_EXTENSIONS: usize = 16;
/// DER tag of `ENUMERATED`.
const TAG_ENUMERATED: u8 = 0x0a;
/// DER tag of `GeneralizedTime`.
const TAG_GENERALIZED_TIME: u8 = 0x18;

/// The extensions of a CRL, checked; returns its issuing distribution point, if any.
pub(super) fn crl_extensions(
    explicit: &[u8],
) -> Result<Option<IssuingDistributionPoint<'_>>, Error> {
    let mut crl_number = false;
    let mut scope = None;
    each_extension(explicit, |id, critical, value| {
        match id {
            oid::AUTHORITY_KEY_IDENTIFIER => {
                AuthorityKeyIdentifier::decode(value)
                    .map_err(|_| unusable("malformed authorityKeyIdentifier"))?;
            }
            oid::ISSUER_ALT_NAME => {
                let names = single(value, TAG_SEQUENCE, "GeneralNames")
                    .map_err(|_| unusable("malformed issuerAltName"))?;
                check_general_names(names, crate::cert::ID_CE_ISSUER_ALT_NAME)
                    .map_err(|_| unusable("malformed issuerAltName"))?;
            }
            //= https://www.rfc-editor.org/rfc/rfc5280#section-5.2.3
            //# CRL issuers conforming to this profile MUST include this extension in all
            //# CRLs and MUST mark this extension as non-critical.
            oid::CRL_NUMBER => {
                let number = Walker::new(value, "CRLNumber")
                    .and_then(|mut walker| {
                        let tlv = walker.any("CRLNumber")?;
                        walker.finish("CRLNumber")?;
                        integer(tlv, "CRLNumber")
                    })
                    .map_err(|_| unusable("malformed cRLNumber"))?;
                //= https://www.rfc-editor.org/rfc/rfc5280#section-5.2.3
                //# Given the requirements above, CRL numbers can be
                //# expected to contain long integers.  CRL verifiers MUST be able to
                //# handle CRLNumber values up to 20 octets.  Conforming CRL issuers MUST
                //# NOT use CRLNumber values longer than 20 octets.
                let magnitude = number.strip_prefix(&[0]).unwrap_or(number);
                if number.first().is_some_and(|first| *first >= 0x80) || magnitude.len() > 20 {
                    return Err(unusable("cRLNumber is negative or longer than 20 octets"));
                }
                crl_number = true;
            }
            oid::DELTA_CRL_INDICATOR => {
                return Err(unusable(
                    "delta CRL (deltaCRLIndicator): only complete CRLs are supported",
                ));
            }
            oid::ISSUING_DISTRIBUTION_POINT => scope = Some(issuing_distribution_point(value)?),
            oid::FRESHEST_CRL => {
                DistributionPoints::decode(value, ID_CE_FRESHEST_CRL)
                    .map_err(|_| unusable("malformed freshestCRL"))?;
            }
            oid::AUTHORITY_INFO_ACCESS => {}
            _ if critical => {
                //= https://www.rfc-editor.org/rfc/rfc5280#section-5.2
                //# If a CRL contains a critical extension
                //# that the application cannot process, then the application MUST NOT
                //# use that CRL to determine the status of certificates.
                return Err(unusable("a critical CRL extension we do not process"));
            }
            _ => {}
        }
        Ok(())
    })?;
    if !crl_number {
        return Err(unusable("no cRLNumber"));
    }
    Ok(scope)
}

/// Parses an IssuingDistributionPoint value.
fn issuing_distribution_point(value: &[u8]) -> Result<IssuingDistributionPoint<'_>, Error> {
    let bad = |_| unusable("malformed issuingDistributionPoint");
    let contents = single(value, TAG_SEQUENCE, "IssuingDistributionPoint").map_err(bad)?;
    //= https://www.rfc-editor.org/rfc/rfc5280#section-5.2.5
    //# Conforming CRLs issuers MUST NOT issue CRLs where the DER encoding of
    //# the issuing distribution point extension is an empty sequence.
    if contents.is_empty() {
        return Err(unusable("empty issuingDistributionPoint"));
    }
    let mut fields = Walker::new(contents, "IssuingDistributionPoint").map_err(bad)?;
    let distribution_point = fields
        .optional(0xa0, "distributionPoint")
        .map_err(bad)?
        .map(|explicit| {
            DistributionPointName::decode(
                explicit.value,
                crate::cert::ID_CE_CRL_DISTRIBUTION_POINTS,
            )
            .map_err(bad)
        })
        .transpose()?
        .map(|name| match name {
            DistributionPointName::FullName(names) => (NameForm::Full, names),
            DistributionPointName::RelativeToCrlIssuer(rdn) => (NameForm::RelativeToCrlIssuer, rdn),
        });
    let only_user_certs = flag(&mut fields, 0x81)?;
    let only_ca_certs = flag(&mut fields, 0x82)?;
    let reasons = fields
        .optional(0x83, "onlySomeReasons")
        .map_err(bad)?
        .map(|tlv| ReasonFlags::decode(tlv.value).ok_or(unusable("malformed onlySomeReasons")))
        .transpose()?;
    let indirect = flag(&mut fields, 0x84)?;
    let only_attribute_certs = flag(&mut fields, 0x85)?;
    fields.finish("IssuingDistributionPoint").map_err(bad)?;
    if indirect {
        return Err(unusable(
            "indirect CRL (indirectCRL): only CRLs of their own issuer are supported",
        ));
    }
    if only_attribute_certs {
        return Err(unusable("a CRL of attribute certificates"));
    }
    //= https://www.rfc-editor.org/rfc/rfc5280#section-5.2.5
    //# Conforming CRLs issuers MUST set the onlyContainsAttributeCerts boolean to FALSE.
    if only_user_certs && only_ca_certs {
        return Err(unusable(
            "onlyContainsUserCerts and onlyContainsCACerts both set",
        ));
    }
    Ok(IssuingDistributionPoint {
        distribution_point,
        only_user_certs,
        only_ca_certs,
        reasons,
    })
}

/// Reads an optional `[n] IMPLICIT BOOLEAN DEFAULT FALSE` flag of an issuing distribution
/// point: DER omits a value equal to its DEFAULT (X.690 §11.5), so a present flag is TRUE.
fn flag(fields: &mut Walker<'_>, tag: u8) -> Result<bool, Error> {
    let bad = |_| unusable("malformed issuingDistributionPoint");
    match fields.optional(tag, "flag").map_err(bad)? {
        Some(tlv)
            if boolean(
                Tlv {
                    tag: TAG_BOOLEAN,
                    ..tlv
                },
                "flag",
            )
            .map_err(bad)? =>
        {
            Ok(true)
        }
        Some(_) => Err(unusable("issuingDistributionPoint encodes a FALSE flag")),
        None => Ok(false),
    }
}

/// One revoked-certificates entry.
pub(super) struct Entry<'a> {
    /// The contents of `userCertificate`.
    pub(super) serial: &'a [u8],
    pub(super) reason: Option<RevocationReason>,
}

impl<'a> Entry<'a> {
    pub(super) fn parse(entry: Tlv<'a>) -> Result<Self, Error> {
        let bad = |_| unusable("malformed revokedCertificates entry");
        let mut fields = Walker::new(entry.value, "entry").map_err(bad)?;
        let serial = integer(
            fields.any("userCertificate").map_err(bad)?,
            "userCertificate",
        )
        .map_err(bad)?;
        decode_time(fields.any("revocationDate").map_err(bad)?, "revocationDate").map_err(bad)?;
        let mut reason = None;
        if let Some(extensions) = fields
            .optional(TAG_SEQUENCE, "crlEntryExtensions")
            .map_err(bad)?
        {
            each_extension(extensions.raw, |id, critical, value| {
                match id {
                    oid::REASON_CODE => {
                        let code = single(value, TAG_ENUMERATED, "CRLReason")
                            .map_err(|_| unusable("malformed reasonCode"))?;
                        reason = Some(match code {
                            [value] => RevocationReason::from_value(*value)
                                .ok_or(unusable("reasonCode is not one a complete CRL carries"))?,
                            _ => return Err(unusable("malformed reasonCode")),
                        });
                    }
                    oid::INVALIDITY_DATE => {
                        let mut walker = Walker::new(value, "InvalidityDate").map_err(bad)?;
                        let date = walker
                            .expect(TAG_GENERALIZED_TIME, "InvalidityDate")
                            .map_err(bad)?;
                        walker.finish("InvalidityDate").map_err(bad)?;
                        decode_time(date, "InvalidityDate").map_err(bad)?;
                    }
                    oid::HOLD_INSTRUCTION_CODE => {
                        single(value, TAG_OID, "holdInstructionCode").map_err(bad)?;
                    }
                    oid::CERTIFICATE_ISSUER => {
                        return Err(unusable(
                            "indirect CRL (certificateIssuer entry): only CRLs of their own issuer are supported",
                        ));
                    }
                    _ if critical => {
                        //= https://www.rfc-editor.org/rfc/rfc5280#section-5.3
                        //# If a CRL contains a critical CRL entry extension that the application
                        //# cannot process, then the application MUST NOT use that CRL to
                        //# determine the status of any certificates.
                        return Err(unusable("a critical CRL entry extension we do not process"));
                    }
                    _ => {}
                }
                Ok(())
            })?;
        }
        fields.finish("entry").map_err(bad)?;
        Ok(Self { serial, reason })
    }
}

/// Walks an `Extensions` SEQUENCE (`der` is the whole TLV, or the contents of a `[0] EXPLICIT`
/// around it): each extension's extnID contents, criticality and value go to `each`, in order.
/// Duplicates, an empty list and explicit `critical FALSE` are refused.
fn each_extension<'a>(
    der: &'a [u8],
    mut each: impl FnMut(&'a [u8], bool, &'a [u8]) -> Result<(), Error>,
) -> Result<(), Error> {
    let bad = |_| unusable("malformed extensions");
    let list = single(der, TAG_SEQUENCE, "Extensions").map_err(bad)?;
    if list.is_empty() {
        return Err(unusable("empty extensions"));
    }
    let mut walker = Walker::new(list, "Extensions").map_err(bad)?;
    let mut seen: [&[u8]; MAX_CRL_EXTENSIONS] = [&[]; MAX_CRL_EXTENSIONS];
    let mut count = 0;
    while !walker.is_empty() {
        let extension = walker.expect(TAG_SEQUENCE, "Extension").map_err(bad)?;
        let mut fields = Walker::new(extension.value, "Extension").map_err(bad)?;
        let id = fields.expect(TAG_OID, "extnID").map_err(bad)?;
        crate::der::oid(id, "extnID").map_err(bad)?;
        let critical = match fields.optional(TAG_BOOLEAN, "critical").map_err(bad)? {
            Some(tlv) if boolean(tlv, "critical").map_err(bad)? => true,
            Some(_) => return Err(unusable("an extension encodes critical FALSE")),
            None => false,
        };
        let value = fields
            .expect(TAG_OCTET_STRING, "extnValue")
            .map_err(bad)?
            .value;
        fields.finish("Extension").map_err(bad)?;
        let (earlier, free) = seen.split_at_mut(count);
        if earlier.contains(&id.value) {
            return Err(unusable("an extension appears twice"));
        }
        *free.first_mut().ok_or(unusable("too many extensions"))? = id.value;
        count += 1;
        each(id.value, critical, value)?;
    }
    Ok(())
}
