//! Extensions the path checks do not act on, or only to find a CRL's scope, parsed strictly so
//! that a malformed one is refused: CRL distribution points and freshest CRL (RFC 5280
//! §4.2.1.13, §4.2.1.15), subject directory attributes (§4.2.1.8), authority and subject
//! information access (§4.2.2.1, §4.2.2.2) and Certificate Transparency's SCT list (RFC 6962
//! §3.3).
//!
//! ```text
//! CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
//! DistributionPoint ::= SEQUENCE {
//!      distributionPoint       [0]     DistributionPointName OPTIONAL,
//!      reasons                 [1]     ReasonFlags OPTIONAL,
//!      cRLIssuer               [2]     GeneralNames OPTIONAL }
//! DistributionPointName ::= CHOICE {
//!      fullName                [0]     GeneralNames,
//!      nameRelativeToCRLIssuer [1]     RelativeDistinguishedName }
//!
//! AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
//! AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
//!
//! SubjectDirectoryAttributes ::= SEQUENCE SIZE (1..MAX) OF Attribute
//! Attribute ::= SEQUENCE { type AttributeType, values SET OF AttributeValue }
//! ```

use der::oid::ObjectIdentifier;

use super::extension_values::{check_general_names, sequence_of};
use super::extensions::malformed_extension;
use super::known::{
    ID_CE_CRL_DISTRIBUTION_POINTS, ID_CE_SUBJECT_DIRECTORY_ATTRIBUTES, ID_CT_PRECERT_SCTS,
};
use crate::der::{TAG_OCTET_STRING, TAG_SEQUENCE, Walker, oid, single};
use crate::error::Error;

/// DER tag of a constructed `SET`.
const TAG_SET: u8 = 0x31;

/// A CRLDistributionPoints (or FreshestCRL) value, checked when made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DistributionPoints<'a> {
    contents: &'a [u8],
}

/// One `DistributionPoint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DistributionPoint<'a> {
    /// `distributionPoint`, if present.
    pub name: Option<DistributionPointName<'a>>,
    /// `reasons`, if present: the ReasonFlags bits, bit 0 (`unused`) first.
    pub reasons: Option<ReasonFlags>,
    /// `cRLIssuer`'s contents (the GeneralName TLVs), if present.
    pub crl_issuer: Option<&'a [u8]>,
}

/// `DistributionPointName`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DistributionPointName<'a> {
    /// `fullName`: the GeneralName TLVs.
    FullName(&'a [u8]),
    /// `nameRelativeToCRLIssuer`: the contents of the RDN's SET.
    RelativeToCrlIssuer(&'a [u8]),
}

/// `ReasonFlags ::= BIT STRING { unused (0), keyCompromise (1), ... aACompromise (8) }`, as a
/// set of the named bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReasonFlags(pub u16);

impl ReasonFlags {
    /// Every reason but `unused (0)`: what a CRL without `onlySomeReasons` covers.
    pub const ALL_REASONS: Self = Self(0x1fe);

    /// Parses a ReasonFlags BIT STRING's contents (its unused-bits octet, then the bits).
    pub(crate) fn decode(contents: &[u8]) -> Option<Self> {
        let (unused, bits) = contents.split_first()?;
        if *unused > 7 || bits.len() > 2 || (bits.is_empty() && *unused != 0) {
            return None;
        }
        let last = bits.last().copied().unwrap_or(0);
        // DER: the unused bits are zero (X.690 §11.2.1).
        if last & ((1u8 << unused) - 1) != 0 {
            return None;
        }
        let first = u16::from(bits.first().copied().unwrap_or(0).reverse_bits());
        let second = u16::from(bits.get(1).copied().unwrap_or(0).reverse_bits()) << 8;
        if second >> 9 != 0 {
            return None;
        }
        Some(Self(first | second))
    }

    /// Whether every reason of `other` is in `self`.
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }
}

impl<'a> DistributionPoints<'a> {
    /// Parses the extension value of `extension` (cRLDistributionPoints or freshestCRL).
    pub(crate) fn decode(value: &'a [u8], extension: ObjectIdentifier) -> Result<Self, Error> {
        let contents = sequence_of(value, extension)?;
        let points = Self { contents };
        let mut walker = Walker::new(contents, "CRLDistributionPoints")
            .map_err(|_| malformed_extension(extension, "not DER"))?;
        while !walker.is_empty() {
            let point = walker
                .expect(TAG_SEQUENCE, "DistributionPoint")
                .map_err(|_| malformed_extension(extension, "DistributionPoint"))?;
            DistributionPoint::decode(point.value, extension)?;
        }
        Ok(points)
    }

    /// The distribution points, in wire order.
    pub fn points(&self) -> impl Iterator<Item = DistributionPoint<'a>> + 'a {
        let mut walker = Walker::new(self.contents, "CRLDistributionPoints").ok();
        core::iter::from_fn(move || {
            let point = walker
                .as_mut()?
                .expect(TAG_SEQUENCE, "DistributionPoint")
                .ok()?;
            DistributionPoint::decode(point.value, ID_CE_CRL_DISTRIBUTION_POINTS).ok()
        })
    }
}

impl<'a> DistributionPoint<'a> {
    /// Parses one `DistributionPoint`'s contents; errors name `extension`.
    pub(crate) fn decode(contents: &'a [u8], extension: ObjectIdentifier) -> Result<Self, Error> {
        let bad = |reason| malformed_extension(extension, reason);
        let mut fields = Walker::new(contents, "DistributionPoint").map_err(|_| bad("not DER"))?;
        let name = fields
            .optional(0xa0, "distributionPoint")
            .map_err(|_| bad("not DER"))?
            .map(|explicit| DistributionPointName::decode(explicit.value, extension))
            .transpose()?;
        let reasons = fields
            .optional(0x81, "reasons")
            .map_err(|_| bad("not DER"))?
            .map(|tlv| ReasonFlags::decode(tlv.value).ok_or(bad("reasons is not ReasonFlags")))
            .transpose()?;
        let crl_issuer = fields
            .optional(0xa2, "cRLIssuer")
            .map_err(|_| bad("not DER"))?
            .map(|tlv| check_general_names(tlv.value, extension).map(|()| tlv.value))
            .transpose()?;
        fields
            .finish("DistributionPoint")
            .map_err(|_| bad("unexpected field in DistributionPoint"))?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.13
        //# While each of these fields is optional, a DistributionPoint MUST NOT
        //# consist of only the reasons field; either distributionPoint or
        //# cRLIssuer MUST be present.
        if name.is_none() && crl_issuer.is_none() {
            return Err(bad(
                "DistributionPoint has neither distributionPoint nor cRLIssuer",
            ));
        }
        Ok(Self {
            name,
            reasons,
            crl_issuer,
        })
    }
}

impl<'a> DistributionPointName<'a> {
    /// Parses the contents of the `[0] EXPLICIT` around a `DistributionPointName`.
    pub(crate) fn decode(explicit: &'a [u8], extension: ObjectIdentifier) -> Result<Self, Error> {
        let bad = |reason| malformed_extension(extension, reason);
        let mut outer =
            Walker::new(explicit, "DistributionPointName").map_err(|_| bad("not DER"))?;
        let choice = outer
            .any("DistributionPointName")
            .map_err(|_| bad("not DER"))?;
        outer
            .finish("DistributionPointName")
            .map_err(|_| bad("trailing data after DistributionPointName"))?;
        match choice.tag {
            0xa0 => {
                check_general_names(choice.value, extension)?;
                Ok(Self::FullName(choice.value))
            }
            0xa1 if !choice.value.is_empty() => Ok(Self::RelativeToCrlIssuer(choice.value)),
            _ => Err(bad("not a DistributionPointName")),
        }
    }
}

/// Checks an AuthorityInfoAccessSyntax (or SubjectInfoAccessSyntax) value, the whole value of
/// `extension`.
pub(crate) fn decode_access_descriptions(
    value: &[u8],
    extension: ObjectIdentifier,
) -> Result<(), Error> {
    let bad = |reason| malformed_extension(extension, reason);
    let contents = sequence_of(value, extension)?;
    let mut descriptions =
        Walker::new(contents, "AccessDescriptions").map_err(|_| bad("not DER"))?;
    while !descriptions.is_empty() {
        let description = descriptions
            .expect(TAG_SEQUENCE, "AccessDescription")
            .map_err(|_| bad("AccessDescription is not a SEQUENCE"))?;
        let mut fields =
            Walker::new(description.value, "AccessDescription").map_err(|_| bad("not DER"))?;
        fields
            .any("accessMethod")
            .and_then(|tlv| oid(tlv, "accessMethod"))
            .map_err(|_| bad("accessMethod is not an OID"))?;
        let location = fields
            .any("accessLocation")
            .map_err(|_| bad("no accessLocation"))?;
        fields
            .finish("AccessDescription")
            .map_err(|_| bad("trailing data in AccessDescription"))?;
        check_general_names(location.raw, extension)?;
    }
    Ok(())
}

/// Checks a SubjectDirectoryAttributes value.
pub(crate) fn decode_subject_directory_attributes(value: &[u8]) -> Result<(), Error> {
    let bad = |reason| malformed_extension(ID_CE_SUBJECT_DIRECTORY_ATTRIBUTES, reason);
    let contents = sequence_of(value, ID_CE_SUBJECT_DIRECTORY_ATTRIBUTES)?;
    let mut attributes = Walker::new(contents, "Attributes").map_err(|_| bad("not DER"))?;
    while !attributes.is_empty() {
        let attribute = attributes
            .expect(TAG_SEQUENCE, "Attribute")
            .map_err(|_| bad("Attribute is not a SEQUENCE"))?;
        let mut fields = Walker::new(attribute.value, "Attribute").map_err(|_| bad("not DER"))?;
        fields
            .any("type")
            .and_then(|tlv| oid(tlv, "type"))
            .map_err(|_| bad("Attribute type is not an OID"))?;
        fields
            .expect(TAG_SET, "values")
            .map_err(|_| bad("Attribute values is not a SET"))?;
        fields
            .finish("Attribute")
            .map_err(|_| bad("trailing data in Attribute"))?;
    }
    Ok(())
}

/// Checks the SCT list: an OCTET STRING holding `SignedCertificateTimestampList`, a TLS
/// vector `opaque SerializedSCT<1..2^16-1>` inside `<1..2^16-1>` (RFC 6962 §3.3).
pub(crate) fn decode_sct_list(value: &[u8]) -> Result<(), Error> {
    let bad = || malformed_extension(ID_CT_PRECERT_SCTS, "not a SignedCertificateTimestampList");
    let list =
        single(value, TAG_OCTET_STRING, "SignedCertificateTimestampList").map_err(|_| bad())?;
    let (entries, rest) = u16_prefixed(list).ok_or_else(bad)?;
    if entries.is_empty() || !rest.is_empty() {
        return Err(bad());
    }
    let mut entries = entries;
    while !entries.is_empty() {
        let (sct, rest) = u16_prefixed(entries).ok_or_else(bad)?;
        if sct.is_empty() {
            return Err(bad());
        }
        entries = rest;
    }
    Ok(())
}

/// Splits a big-endian 16-bit length and that many octets off `bytes`.
fn u16_prefixed(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (&[high, low], rest) = bytes.split_first_chunk::<2>()?;
    rest.split_at_checked(usize::from(u16::from_be_bytes([high, low])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag, u8::try_from(contents.len()).unwrap()];
        out.extend_from_slice(contents);
        out
    }

    fn uri(text: &str) -> Vec<u8> {
        tlv(0x86, text.as_bytes())
    }

    #[test]
    fn reads_distribution_points() {
        let full_name = tlv(0xa0, &tlv(0xa0, &uri("http://crl.example/ca.crl")));
        let value = tlv(TAG_SEQUENCE, &tlv(TAG_SEQUENCE, &full_name));
        let points = DistributionPoints::decode(&value, ID_CE_CRL_DISTRIBUTION_POINTS).unwrap();
        let all: Vec<_> = points.points().collect();
        assert_eq!(all.len(), 1);
        assert_eq!(
            all[0].name,
            Some(DistributionPointName::FullName(&uri(
                "http://crl.example/ca.crl"
            )))
        );
        assert_eq!(all[0].reasons, None);
    }

    #[test]
    fn rejects_distribution_points_outside_their_syntax() {
        let only_reasons = tlv(TAG_SEQUENCE, &tlv(TAG_SEQUENCE, &tlv(0x81, &[0x07, 0x80])));
        let empty_names = tlv(
            TAG_SEQUENCE,
            &tlv(TAG_SEQUENCE, &tlv(0xa0, &tlv(0xa0, &[]))),
        );
        let bad_uri = tlv(
            TAG_SEQUENCE,
            &tlv(TAG_SEQUENCE, &tlv(0xa0, &tlv(0xa0, &tlv(0x86, &[0xff])))),
        );
        for value in [tlv(TAG_SEQUENCE, &[]), only_reasons, empty_names, bad_uri] {
            assert!(
                DistributionPoints::decode(&value, ID_CE_CRL_DISTRIBUTION_POINTS).is_err(),
                "{value:02x?}"
            );
        }
    }

    #[test]
    fn reads_reason_flags() {
        // keyCompromise (1) and cACompromise (2): 03 02 05 60.
        assert_eq!(ReasonFlags::decode(&[0x05, 0x60]), Some(ReasonFlags(0b110)));
        assert_eq!(
            ReasonFlags::decode(&[0x07, 0x00, 0x80]),
            Some(ReasonFlags(0x100))
        );
        assert_eq!(ReasonFlags::decode(&[0x05, 0x61]), None);
        assert_eq!(ReasonFlags::decode(&[0x00, 0x00, 0x00, 0x00]), None);
        assert!(ReasonFlags::ALL_REASONS.contains(ReasonFlags(0b110)));
    }

    #[test]
    fn checks_access_descriptions() {
        let ocsp = [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01];
        let good = tlv(
            TAG_SEQUENCE,
            &tlv(
                TAG_SEQUENCE,
                &[tlv(0x06, &ocsp), uri("http://ocsp.example")].concat(),
            ),
        );
        let aia = crate::cert::ID_PE_AUTHORITY_INFO_ACCESS;
        assert_eq!(decode_access_descriptions(&good, aia), Ok(()));
        let no_location = tlv(TAG_SEQUENCE, &tlv(TAG_SEQUENCE, &tlv(0x06, &ocsp)));
        assert!(decode_access_descriptions(&no_location, aia).is_err());
        let bad_name = tlv(
            TAG_SEQUENCE,
            &tlv(TAG_SEQUENCE, &[tlv(0x06, &ocsp), tlv(0x89, &[])].concat()),
        );
        assert!(decode_access_descriptions(&bad_name, aia).is_err());
    }

    #[test]
    fn checks_sct_lists() {
        let list = |inner: &[u8]| tlv(TAG_OCTET_STRING, inner);
        assert_eq!(decode_sct_list(&list(&[0, 3, 0, 1, 0xaa])), Ok(()));
        for inner in [
            &[0, 0][..],
            &[0, 2, 0, 0],
            &[0, 3, 0, 2, 0xaa],
            &[0, 3, 0, 1, 0xaa, 0],
        ] {
            assert!(decode_sct_list(&list(inner)).is_err(), "{inner:02x?}");
        }
    }

    #[test]
    fn checks_subject_directory_attributes() {
        let attribute = tlv(
            TAG_SEQUENCE,
            &[tlv(0x06, &[0x55, 0x04, 0x03]), tlv(TAG_SET, &[])].concat(),
        );
        assert_eq!(
            decode_subject_directory_attributes(&tlv(TAG_SEQUENCE, &attribute)),
            Ok(())
        );
        let no_set = tlv(
            TAG_SEQUENCE,
            &tlv(TAG_SEQUENCE, &tlv(0x06, &[0x55, 0x04, 0x03])),
        );
        assert!(decode_subject_directory_attributes(&no_set).is_err());
    }
}
