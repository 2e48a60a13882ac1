//! The certificate policy extensions (RFC 5280 §4.2.1.4, §4.2.1.5, §4.2.1.11, §4.2.1.14),
//! parsed strictly, and what of them a verification acts on.
//!
//! We verify with the initial policy set `any-policy` and without requiring an explicit policy
//! (RFC 5280 §6.1.1 (c), (e)-(g) at their permissive values), as rustls-webpki, Go before 1.22
//! and browsers do. Under those inputs RFC 5280 §6.1.5 (g) says path processing succeeds
//! whenever `explicit_policy` stays above zero, whatever the valid policy tree holds; so the
//! policies a path asserts decide nothing unless a CA's `requireExplicitPolicy` brings
//! `explicit_policy` to zero. `checks::policy` counts that down and, where it reaches zero,
//! refuses the path: we do not build the policy tree that would then decide.
//!
//! ```text
//! certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
//! PolicyInformation ::= SEQUENCE {
//!      policyIdentifier   CertPolicyId,
//!      policyQualifiers   SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo OPTIONAL }
//! PolicyQualifierInfo ::= SEQUENCE {
//!      policyQualifierId  PolicyQualifierId,
//!      qualifier          ANY DEFINED BY policyQualifierId }
//!
//! PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
//!      issuerDomainPolicy      CertPolicyId,
//!      subjectDomainPolicy     CertPolicyId }
//!
//! PolicyConstraints ::= SEQUENCE {
//!      requireExplicitPolicy           [0] SkipCerts OPTIONAL,
//!      inhibitPolicyMapping            [1] SkipCerts OPTIONAL }
//!
//! InhibitAnyPolicy ::= SkipCerts
//! SkipCerts ::= INTEGER (0..MAX)
//! ```

use super::extension_values::sequence_of;
use super::extensions::malformed_extension;
use super::known::{
    ID_CE_CERTIFICATE_POLICIES, ID_CE_INHIBIT_ANY_POLICY, ID_CE_POLICY_CONSTRAINTS,
    ID_CE_POLICY_MAPPINGS,
};
use crate::der::{TAG_OID, TAG_SEQUENCE, Tlv, Walker, single, small_unsigned};
use crate::error::Error;

/// At most this many policies in one certificatePolicies extension. Bounds the duplicate check,
/// which compares each policy with those before it; Web PKI certificates carry one to three.
pub const MAX_CERTIFICATE_POLICIES: usize = 32;

/// DER contents of `anyPolicy` (2.5.29.32.0).
const ANY_POLICY: &[u8] = &[0x55, 0x1d, 0x20, 0x00];
/// DER contents of `id-qt-cps` (1.3.6.1.5.5.7.2.1).
const ID_QT_CPS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x01];
/// DER contents of `id-qt-unotice` (1.3.6.1.5.5.7.2.2).
const ID_QT_UNOTICE: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x02];
/// DER tag of `IA5String`.
const TAG_IA5_STRING: u8 = 0x16;

/// What a certificate's policy extensions say, as far as a verification acts on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Policies {
    /// policyConstraints, if present.
    pub(crate) constraints: Option<PolicyConstraints>,
    /// inhibitAnyPolicy's SkipCerts, if present.
    pub(crate) inhibit_any_policy: Option<u32>,
}

/// The two SkipCerts of policyConstraints, values above `u32::MAX` read as `u32::MAX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PolicyConstraints {
    /// `requireExplicitPolicy`.
    pub(crate) require_explicit_policy: Option<u32>,
    /// `inhibitPolicyMapping`.
    pub(crate) inhibit_policy_mapping: Option<u32>,
}

/// Checks a certificatePolicies value.
pub(crate) fn decode_certificate_policies(value: &[u8]) -> Result<(), Error> {
    let bad = |reason| malformed_extension(ID_CE_CERTIFICATE_POLICIES, reason);
    let contents = sequence_of(value, ID_CE_CERTIFICATE_POLICIES)?;
    let mut policies = Walker::new(contents, "certificatePolicies").map_err(|_| bad("not DER"))?;
    let mut seen: [&[u8]; MAX_CERTIFICATE_POLICIES] = [&[]; MAX_CERTIFICATE_POLICIES];
    let mut count = 0;
    while !policies.is_empty() {
        let information = policies
            .expect(TAG_SEQUENCE, "PolicyInformation")
            .map_err(|_| bad("PolicyInformation is not a SEQUENCE"))?;
        let mut fields =
            Walker::new(information.value, "PolicyInformation").map_err(|_| bad("not DER"))?;
        let identifier = policy_oid(&mut fields).map_err(|_| bad("policyIdentifier"))?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.4
        //# A certificate policy OID MUST NOT appear more than once in a
        //# certificate policies extension.
        let (earlier, free) = seen.split_at_mut(count);
        if earlier.contains(&identifier) {
            return Err(bad("a policy appears twice"));
        }
        let slot = free.first_mut().ok_or(bad("too many policies"))?;
        *slot = identifier;
        count += 1;
        if !fields.is_empty() {
            let qualifiers = fields
                .expect(TAG_SEQUENCE, "policyQualifiers")
                .map_err(|_| bad("policyQualifiers is not a SEQUENCE"))?;
            check_qualifiers(qualifiers.value).map_err(bad)?;
        }
        fields
            .finish("PolicyInformation")
            .map_err(|_| bad("trailing data in PolicyInformation"))?;
    }
    Ok(())
}

/// Checks `SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo`'s contents. The two qualifiers RFC
/// 5280 defines are held to their syntax (a CPS pointer is an IA5String, a user notice a
/// SEQUENCE); others are one TLV of any type, as `ANY` says.
fn check_qualifiers(contents: &[u8]) -> Result<(), &'static str> {
    if contents.is_empty() {
        return Err("policyQualifiers is empty");
    }
    let mut qualifiers = Walker::new(contents, "policyQualifiers").map_err(|_| "not DER")?;
    while !qualifiers.is_empty() {
        let info = qualifiers
            .expect(TAG_SEQUENCE, "PolicyQualifierInfo")
            .map_err(|_| "PolicyQualifierInfo is not a SEQUENCE")?;
        let mut fields = Walker::new(info.value, "PolicyQualifierInfo").map_err(|_| "not DER")?;
        let id = policy_oid(&mut fields).map_err(|_| "policyQualifierId")?;
        let qualifier = fields
            .any("qualifier")
            .map_err(|_| "PolicyQualifierInfo has no qualifier")?;
        fields
            .finish("PolicyQualifierInfo")
            .map_err(|_| "trailing data in PolicyQualifierInfo")?;
        let fits = match id {
            ID_QT_CPS => qualifier.tag == TAG_IA5_STRING && qualifier.value.is_ascii(),
            ID_QT_UNOTICE => qualifier.tag == TAG_SEQUENCE,
            _ => true,
        };
        if !fits {
            return Err("a qualifier is not of its type");
        }
    }
    Ok(())
}

/// Checks a policyMappings value.
pub(crate) fn decode_policy_mappings(value: &[u8]) -> Result<(), Error> {
    let bad = |reason| malformed_extension(ID_CE_POLICY_MAPPINGS, reason);
    let contents = sequence_of(value, ID_CE_POLICY_MAPPINGS)?;
    let mut mappings = Walker::new(contents, "PolicyMappings").map_err(|_| bad("not DER"))?;
    while !mappings.is_empty() {
        let mapping = mappings
            .expect(TAG_SEQUENCE, "PolicyMapping")
            .map_err(|_| bad("a mapping is not a SEQUENCE"))?;
        let mut fields = Walker::new(mapping.value, "PolicyMapping").map_err(|_| bad("not DER"))?;
        let issuer_domain = policy_oid(&mut fields).map_err(|_| bad("issuerDomainPolicy"))?;
        let subject_domain = policy_oid(&mut fields).map_err(|_| bad("subjectDomainPolicy"))?;
        fields
            .finish("PolicyMapping")
            .map_err(|_| bad("trailing data in a mapping"))?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4
        //# (a)  If a policy mappings extension is present, verify that the
        //# special value anyPolicy does not appear as an
        //# issuerDomainPolicy or a subjectDomainPolicy.
        if issuer_domain == ANY_POLICY || subject_domain == ANY_POLICY {
            return Err(bad("anyPolicy is mapped"));
        }
    }
    Ok(())
}

impl PolicyConstraints {
    /// Parses a policyConstraints value.
    pub(crate) fn decode(value: &[u8]) -> Result<Self, Error> {
        let bad = |reason| malformed_extension(ID_CE_POLICY_CONSTRAINTS, reason);
        let contents =
            single(value, TAG_SEQUENCE, "PolicyConstraints").map_err(|_| bad("not a SEQUENCE"))?;
        let mut fields = Walker::new(contents, "PolicyConstraints").map_err(|_| bad("not DER"))?;
        let mut skip_certs = |tag| {
            fields
                .optional(tag, "SkipCerts")
                .map_err(|_| bad("not DER"))?
                .map(implicit_skip_certs)
                .transpose()
                .map_err(|_| bad("SkipCerts is not a non-negative INTEGER"))
        };
        let require_explicit_policy = skip_certs(0x80)?;
        let inhibit_policy_mapping = skip_certs(0x81)?;
        fields
            .finish("PolicyConstraints")
            .map_err(|_| bad("unexpected field"))?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.11
        //# Conforming CAs MUST NOT issue certificates where policy constraints
        //# is an empty sequence.
        if require_explicit_policy.is_none() && inhibit_policy_mapping.is_none() {
            return Err(bad("empty SEQUENCE"));
        }
        Ok(Self {
            require_explicit_policy,
            inhibit_policy_mapping,
        })
    }
}

/// Parses an inhibitAnyPolicy value, its SkipCerts.
pub(crate) fn decode_inhibit_any_policy(value: &[u8]) -> Result<u32, Error> {
    let bad = || malformed_extension(ID_CE_INHIBIT_ANY_POLICY, "not a non-negative INTEGER");
    let mut outer = Walker::new(value, "InhibitAnyPolicy").map_err(|_| bad())?;
    let skip_certs = small_unsigned(outer.any("SkipCerts").map_err(|_| bad())?, "SkipCerts")
        .map_err(|_| bad())?;
    outer.finish("InhibitAnyPolicy").map_err(|_| bad())?;
    Ok(skip_certs)
}

/// A `[n] IMPLICIT SkipCerts`: the INTEGER's contents under a context-specific tag.
fn implicit_skip_certs(tlv: Tlv<'_>) -> Result<u32, Error> {
    small_unsigned(
        Tlv {
            tag: crate::der::TAG_INTEGER,
            ..tlv
        },
        "SkipCerts",
    )
}

/// Reads one `OBJECT IDENTIFIER` from `fields` and returns its contents octets, checked.
fn policy_oid<'a>(fields: &mut Walker<'a>) -> Result<&'a [u8], Error> {
    let tlv = fields.expect(TAG_OID, "CertPolicyId")?;
    if !crate::der::is_valid_oid(tlv.value) {
        return Err(crate::der::malformed("CertPolicyId"));
    }
    Ok(tlv.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag, u8::try_from(contents.len()).unwrap()];
        out.extend_from_slice(contents);
        out
    }

    fn oid(contents: &[u8]) -> Vec<u8> {
        tlv(TAG_OID, contents)
    }

    /// 2.23.140.1.2.1, CABF's domain-validated policy.
    const DV: &[u8] = &[0x67, 0x81, 0x0c, 0x01, 0x02, 0x01];

    #[test]
    fn reads_policies_with_and_without_qualifiers() {
        let cps = tlv(
            TAG_SEQUENCE,
            &[
                oid(ID_QT_CPS),
                tlv(TAG_IA5_STRING, b"https://a.example/cps"),
            ]
            .concat(),
        );
        let value = tlv(
            TAG_SEQUENCE,
            &[
                tlv(TAG_SEQUENCE, &oid(DV)),
                tlv(
                    TAG_SEQUENCE,
                    &[oid(ANY_POLICY), tlv(TAG_SEQUENCE, &cps)].concat(),
                ),
            ]
            .concat(),
        );
        assert_eq!(decode_certificate_policies(&value), Ok(()));
    }

    #[test]
    fn rejects_policies_outside_their_syntax() {
        let twice = tlv(
            TAG_SEQUENCE,
            &[tlv(TAG_SEQUENCE, &oid(DV)), tlv(TAG_SEQUENCE, &oid(DV))].concat(),
        );
        let cps_not_ia5 = tlv(
            TAG_SEQUENCE,
            &tlv(
                TAG_SEQUENCE,
                &[
                    oid(DV),
                    tlv(
                        TAG_SEQUENCE,
                        &tlv(TAG_SEQUENCE, &[oid(ID_QT_CPS), tlv(0x0c, b"x")].concat()),
                    ),
                ]
                .concat(),
            ),
        );
        for value in [
            tlv(TAG_SEQUENCE, &[]),
            twice,
            cps_not_ia5,
            tlv(TAG_SEQUENCE, &tlv(TAG_SEQUENCE, &[])),
            tlv(
                TAG_SEQUENCE,
                &tlv(TAG_SEQUENCE, &[oid(DV), tlv(TAG_SEQUENCE, &[])].concat()),
            ),
            tlv(TAG_SEQUENCE, &tlv(TAG_SEQUENCE, &oid(&[0x80]))),
        ] {
            assert!(decode_certificate_policies(&value).is_err(), "{value:02x?}");
        }
    }

    #[test]
    fn rejects_mappings_to_or_from_any_policy() {
        let mapping = |from: &[u8], to: &[u8]| tlv(TAG_SEQUENCE, &[oid(from), oid(to)].concat());
        let value = tlv(TAG_SEQUENCE, &mapping(DV, DV));
        assert_eq!(decode_policy_mappings(&value), Ok(()));
        for (from, to) in [(DV, ANY_POLICY), (ANY_POLICY, DV)] {
            let value = tlv(TAG_SEQUENCE, &[mapping(DV, DV), mapping(from, to)].concat());
            assert!(decode_policy_mappings(&value).is_err());
        }
        assert!(decode_policy_mappings(&tlv(TAG_SEQUENCE, &[])).is_err());
        assert!(decode_policy_mappings(&tlv(TAG_SEQUENCE, &tlv(TAG_SEQUENCE, &oid(DV)))).is_err());
    }

    #[test]
    fn reads_policy_constraints_and_refuses_an_empty_one() {
        let value = tlv(TAG_SEQUENCE, &[tlv(0x80, &[0]), tlv(0x81, &[2])].concat());
        assert_eq!(
            PolicyConstraints::decode(&value),
            Ok(PolicyConstraints {
                require_explicit_policy: Some(0),
                inhibit_policy_mapping: Some(2),
            })
        );
        for value in [
            tlv(TAG_SEQUENCE, &[]),
            tlv(TAG_SEQUENCE, &tlv(0x80, &[0x80])),
            tlv(TAG_SEQUENCE, &[tlv(0x81, &[1]), tlv(0x80, &[1])].concat()),
            tlv(TAG_SEQUENCE, &tlv(0x82, &[1])),
        ] {
            assert!(PolicyConstraints::decode(&value).is_err(), "{value:02x?}");
        }
    }

    #[test]
    fn reads_inhibit_any_policy() {
        assert_eq!(decode_inhibit_any_policy(&[0x02, 0x01, 0x01]), Ok(1));
        assert!(decode_inhibit_any_policy(&[0x02, 0x01, 0xff]).is_err());
        assert!(decode_inhibit_any_policy(&[0x02, 0x01, 0x01, 0x00]).is_err());
    }
}
