//! Typed values of the extensions the path checks use (RFC 5280 §4.2.1), each borrowed from the
//! certificate and checked against its syntax when asked for.

use der::oid::ObjectIdentifier;

use super::extensions::malformed_extension;
use super::known::{
    ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_BASIC_CONSTRAINTS, ID_CE_EXT_KEY_USAGE, ID_CE_KEY_USAGE,
    ID_CE_SUBJECT_ALT_NAME, ID_CE_SUBJECT_KEY_IDENTIFIER,
};
use crate::der::{
    TAG_BIT_STRING, TAG_BOOLEAN, TAG_INTEGER, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE, Walker,
    boolean, is_valid_oid, oid, single, small_unsigned, split_tlv,
};
use crate::error::Error;

/// RFC 5280 §4.2.1.9:
///
/// ```text
/// BasicConstraints ::= SEQUENCE {
///      cA                      BOOLEAN DEFAULT FALSE,
///      pathLenConstraint       INTEGER (0..MAX) OPTIONAL }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    /// `cA`.
    pub ca: bool,
    /// `pathLenConstraint`; values above `u32::MAX` read as `u32::MAX` (no practical limit).
    pub path_len_constraint: Option<u32>,
}

impl BasicConstraints {
    /// Parses the extension value.
    pub(crate) fn decode(value: &[u8]) -> Result<Self, Error> {
        let bad = |reason| malformed_extension(ID_CE_BASIC_CONSTRAINTS, reason);
        let mut outer = Walker::new(value, "BasicConstraints").map_err(|_| bad("not DER"))?;
        let sequence = outer
            .expect(TAG_SEQUENCE, "BasicConstraints")
            .map_err(|_| bad("not a SEQUENCE"))?;
        outer
            .finish("BasicConstraints")
            .map_err(|_| bad("trailing data"))?;
        let mut fields =
            Walker::new(sequence.value, "BasicConstraints").map_err(|_| bad("not DER"))?;
        let ca = match fields
            .optional(TAG_BOOLEAN, "BasicConstraints.cA")
            .map_err(|_| bad("cA"))?
        {
            Some(tlv) => {
                let ca = boolean(tlv, "BasicConstraints.cA").map_err(|_| bad("cA"))?;
                // X.690 §11.5: DER omits a value equal to its DEFAULT.
                if !ca {
                    return Err(Error::ExplicitDefaultValue {
                        field: "BasicConstraints.cA",
                    });
                }
                true
            }
            None => false,
        };
        let path_len_constraint = fields
            .optional(TAG_INTEGER, "BasicConstraints.pathLenConstraint")
            .map_err(|_| bad("pathLenConstraint"))?
            .map(|tlv| small_unsigned(tlv, "BasicConstraints.pathLenConstraint"))
            .transpose()
            .map_err(|_| bad("pathLenConstraint is not a non-negative INTEGER"))?;
        fields
            .finish("BasicConstraints")
            .map_err(|_| bad("unexpected field"))?;
        Ok(Self {
            ca,
            path_len_constraint,
        })
    }
}

/// RFC 5280 §4.2.1.3, `KeyUsage ::= BIT STRING { digitalSignature (0), ... decipherOnly (8) }`,
/// as a set of the named bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUsage(u16);

impl KeyUsage {
    /// `digitalSignature (0)`.
    pub const DIGITAL_SIGNATURE: Self = Self::bit(0);
    /// `nonRepudiation (1)`, also called `contentCommitment`.
    pub const NON_REPUDIATION: Self = Self::bit(1);
    /// `keyEncipherment (2)`.
    pub const KEY_ENCIPHERMENT: Self = Self::bit(2);
    /// `dataEncipherment (3)`.
    pub const DATA_ENCIPHERMENT: Self = Self::bit(3);
    /// `keyAgreement (4)`.
    pub const KEY_AGREEMENT: Self = Self::bit(4);
    /// `keyCertSign (5)`.
    pub const KEY_CERT_SIGN: Self = Self::bit(5);
    /// `cRLSign (6)`.
    pub const CRL_SIGN: Self = Self::bit(6);
    /// `encipherOnly (7)`.
    pub const ENCIPHER_ONLY: Self = Self::bit(7);
    /// `decipherOnly (8)`.
    pub const DECIPHER_ONLY: Self = Self::bit(8);

    /// The set holding only named bit `n` (bit 0 is the first bit of the BIT STRING).
    const fn bit(n: u32) -> Self {
        Self(1 << n)
    }

    /// Whether every bit of `other` is set in `self`.
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Parses the extension value.
    pub(crate) fn decode(value: &[u8]) -> Result<Self, Error> {
        let bad = |reason| malformed_extension(ID_CE_KEY_USAGE, reason);
        let mut outer = Walker::new(value, "KeyUsage").map_err(|_| bad("not DER"))?;
        let tlv = outer
            .expect(TAG_BIT_STRING, "KeyUsage")
            .map_err(|_| bad("not a BIT STRING"))?;
        outer.finish("KeyUsage").map_err(|_| bad("trailing data"))?;
        let (unused, bits) = match tlv.value {
            [unused, first, rest @ ..] if *unused < 8 && rest.len() <= 1 => {
                (*unused, [*first, rest.first().copied().unwrap_or(0)])
            }
            _ => return Err(bad("not 1..9 named bits")),
        };
        let last = if tlv.value.len() == 2 {
            bits[0]
        } else {
            bits[1]
        };
        // DER: the unused bits are zero (X.690 §11.2.1). We do not insist that trailing zero
        // bits be dropped as well, as rustls-webpki does not: issuers get that wrong harmlessly.
        if last & ((1u8 << unused) - 1) != 0 {
            return Err(bad("unused bits are not zero"));
        }
        // Bit 0 is the most significant bit of the first octet.
        let first = u16::from(bits[0].reverse_bits());
        let second = u16::from(bits[1].reverse_bits()) << 8;
        if second >> 9 != 0 {
            return Err(bad("a bit above decipherOnly is set"));
        }
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.3
        //# When the keyUsage extension appears in a certificate, at least
        //# one of the bits MUST be set to 1.
        if first | second == 0 {
            return Err(bad("no bit is set"));
        }
        Ok(Self(first | second))
    }
}

/// RFC 5280 §4.2.1.12:
///
/// ```text
/// ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
/// KeyPurposeId ::= OBJECT IDENTIFIER
/// ```
///
/// Checked when made; iterating does not allocate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExtendedKeyUsage<'a> {
    contents: &'a [u8],
}

impl<'a> ExtendedKeyUsage<'a> {
    /// Parses the extension value.
    pub(crate) fn decode(value: &'a [u8]) -> Result<Self, Error> {
        let contents = sequence_of(value, ID_CE_EXT_KEY_USAGE)?;
        let mut walker = Walker::new(contents, "ExtKeyUsageSyntax")
            .map_err(|_| malformed_extension(ID_CE_EXT_KEY_USAGE, "not DER"))?;
        while !walker.is_empty() {
            let purpose = walker
                .any("KeyPurposeId")
                .map_err(|_| malformed_extension(ID_CE_EXT_KEY_USAGE, "not DER"))?;
            if purpose.tag != TAG_OID || !is_valid_oid(purpose.value) {
                return Err(malformed_extension(ID_CE_EXT_KEY_USAGE, "not an OID"));
            }
        }
        Ok(Self { contents })
    }

    /// The key purposes' DER contents, in wire order: compared as bytes, without parsing them
    /// into [`ObjectIdentifier`]s (DER gives each OID one encoding).
    pub(crate) fn encoded_purposes(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let mut walker = Walker::new(self.contents, "ExtKeyUsageSyntax").ok();
        core::iter::from_fn(move || Some(walker.as_mut()?.any("KeyPurposeId").ok()?.value))
    }

    /// The key purposes, in wire order.
    pub fn purposes(&self) -> impl Iterator<Item = ObjectIdentifier> + 'a {
        let mut walker = Walker::new(self.contents, "ExtKeyUsageSyntax").ok();
        core::iter::from_fn(move || {
            let walker = walker.as_mut()?;
            walker
                .any("KeyPurposeId")
                .and_then(|tlv| oid(tlv, "KeyPurposeId"))
                .ok()
        })
    }
}

/// One `GeneralName` (RFC 5280 §4.2.1.6), its contents borrowed from the certificate.
///
/// ```text
/// GeneralName ::= CHOICE {
///      otherName                 [0]  AnotherName,
///      rfc822Name                [1]  IA5String,
///      dNSName                   [2]  IA5String,
///      x400Address               [3]  ORAddress,
///      directoryName             [4]  Name,
///      ediPartyName              [5]  EDIPartyName,
///      uniformResourceIdentifier [6]  IA5String,
///      iPAddress                 [7]  OCTET STRING,
///      registeredID              [8]  OBJECT IDENTIFIER }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneralName<'a> {
    /// `rfc822Name`, the IA5String's octets.
    Rfc822Name(&'a [u8]),
    /// `dNSName`, the IA5String's octets.
    DnsName(&'a [u8]),
    /// `iPAddress`: 4 or 16 octets in a SAN, 8 or 32 in name constraints.
    IpAddress(&'a [u8]),
    /// Any other form, kept as its identifier octet and contents.
    Other {
        /// The first identifier octet (context-specific tag and constructed bit).
        tag: u8,
        /// The contents octets.
        value: &'a [u8],
    },
}

/// `SubjectAltName ::= GeneralNames`, `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName`.
///
/// Checked when made; iterating does not allocate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubjectAltName<'a> {
    contents: &'a [u8],
}

impl<'a> SubjectAltName<'a> {
    /// Parses the extension value.
    pub(crate) fn decode(value: &'a [u8]) -> Result<Self, Error> {
        Ok(Self {
            contents: decode_general_names(value, ID_CE_SUBJECT_ALT_NAME)?,
        })
    }

    /// The names, in wire order.
    pub fn names(&self) -> impl Iterator<Item = GeneralName<'a>> + 'a {
        let mut walker = Walker::new(self.contents, "GeneralNames").ok();
        core::iter::from_fn(move || {
            let tlv = walker.as_mut()?.any("GeneralName").ok()?;
            Some(match tlv.tag {
                0x81 => GeneralName::Rfc822Name(tlv.value),
                0x82 => GeneralName::DnsName(tlv.value),
                0x87 => GeneralName::IpAddress(tlv.value),
                tag => GeneralName::Other {
                    tag,
                    value: tlv.value,
                },
            })
        })
    }
}

/// RFC 5280 §4.2.1.1:
///
/// ```text
/// AuthorityKeyIdentifier ::= SEQUENCE {
///   keyIdentifier             [0] KeyIdentifier           OPTIONAL,
///   authorityCertIssuer       [1] GeneralNames            OPTIONAL,
///   authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL  }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthorityKeyIdentifier<'a> {
    /// `keyIdentifier`'s octets.
    pub key_identifier: Option<&'a [u8]>,
    /// `authorityCertIssuer`'s contents (the GeneralName TLVs), unparsed.
    pub authority_cert_issuer: Option<&'a [u8]>,
    /// `authorityCertSerialNumber`'s contents, unparsed.
    pub authority_cert_serial_number: Option<&'a [u8]>,
}

impl<'a> AuthorityKeyIdentifier<'a> {
    /// Parses the extension value.
    pub(crate) fn decode(value: &'a [u8]) -> Result<Self, Error> {
        let contents = sequence_of(value, ID_CE_AUTHORITY_KEY_IDENTIFIER).or_else(|error| {
            // An empty AuthorityKeyIdentifier SEQUENCE is legal: every field is optional.
            if value == [TAG_SEQUENCE, 0] {
                Ok(&[][..])
            } else {
                Err(error)
            }
        })?;
        let bad = || malformed_extension(ID_CE_AUTHORITY_KEY_IDENTIFIER, "not the RFC 5280 syntax");
        let mut fields = Walker::new(contents, "AuthorityKeyIdentifier").map_err(|_| bad())?;
        let mut field = |tag| {
            fields
                .optional(tag, "AuthorityKeyIdentifier")
                .map(|tlv| tlv.map(|tlv| tlv.value))
                .map_err(|_| bad())
        };
        let key_identifier = field(0x80)?;
        let authority_cert_issuer = field(0xa1)?;
        let authority_cert_serial_number = field(0x82)?;
        fields.finish("AuthorityKeyIdentifier").map_err(|_| bad())?;
        Ok(Self {
            key_identifier,
            authority_cert_issuer,
            authority_cert_serial_number,
        })
    }
}

/// Parses `SubjectKeyIdentifier ::= KeyIdentifier` (`OCTET STRING`, RFC 5280 §4.2.1.2).
pub(crate) fn decode_subject_key_identifier(value: &[u8]) -> Result<&[u8], Error> {
    let bad = || malformed_extension(ID_CE_SUBJECT_KEY_IDENTIFIER, "not an OCTET STRING");
    let mut outer = Walker::new(value, "SubjectKeyIdentifier").map_err(|_| bad())?;
    let tlv = outer
        .expect(TAG_OCTET_STRING, "SubjectKeyIdentifier")
        .map_err(|_| bad())?;
    outer.finish("SubjectKeyIdentifier").map_err(|_| bad())?;
    Ok(tlv.value)
}

/// Checks `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName`, the whole value of
/// `extension`, and returns its contents (the GeneralName TLVs).
pub(crate) fn decode_general_names(
    value: &[u8],
    extension: ObjectIdentifier,
) -> Result<&[u8], Error> {
    let contents = sequence_of(value, extension)?;
    check_general_names(contents, extension)?;
    Ok(contents)
}

/// Checks that `contents` is one or more `GeneralName`s, each of its form's syntax (RFC 5280
/// §4.2.1.6): the IA5String forms ASCII, an `iPAddress` of 4 or 16 octets, a `directoryName`
/// that is a `Name`, an `otherName` with its type and `[0]` value, a `registeredID` that is an
/// OID. `x400Address` and `ediPartyName` are only checked to be constructed.
pub(crate) fn check_general_names(
    contents: &[u8],
    extension: ObjectIdentifier,
) -> Result<(), Error> {
    let bad = |reason| malformed_extension(extension, reason);
    if contents.is_empty() {
        return Err(bad("no GeneralName"));
    }
    let mut walker = Walker::new(contents, "GeneralNames").map_err(|_| bad("not DER"))?;
    while !walker.is_empty() {
        let tlv = walker.any("GeneralName").map_err(|_| bad("not DER"))?;
        check_general_name(tlv.tag, tlv.value).map_err(bad)?;
    }
    Ok(())
}

/// Checks one `GeneralName` by its identifier octet and contents; the error names what is
/// wrong.
fn check_general_name(tag: u8, value: &[u8]) -> Result<(), &'static str> {
    match tag {
        // rfc822Name, dNSName, uniformResourceIdentifier: IA5String.
        0x81 | 0x82 | 0x86 if value.is_ascii() => Ok(()),
        0x81 | 0x82 | 0x86 => Err("an IA5String name is not ASCII"),
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.6
        //# For IP version 4, as specified in [RFC791], the octet string
        //# MUST contain exactly four octets.  For IP version 6, as specified in
        //# [RFC2460], the octet string MUST contain exactly sixteen octets.
        0x87 if value.len() == 4 || value.len() == 16 => Ok(()),
        0x87 => Err("iPAddress is not 4 or 16 octets"),
        // directoryName [4] EXPLICIT Name.
        0xa4 => single(value, TAG_SEQUENCE, "directoryName")
            .map(|_| ())
            .map_err(|_| "directoryName is not a Name"),
        // otherName: AnotherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY }.
        0xa0 => {
            let mut fields = Walker::new(value, "otherName").map_err(|_| "otherName")?;
            fields
                .any("otherName.type-id")
                .and_then(|tlv| oid(tlv, "otherName.type-id"))
                .map_err(|_| "otherName has no type-id")?;
            let explicit = fields
                .expect(0xa0, "otherName.value")
                .map_err(|_| "otherName has no value")?;
            fields
                .finish("otherName")
                .map_err(|_| "otherName has trailing data")?;
            single_any(explicit.value).ok_or("otherName value is not one TLV")
        }
        // registeredID [8] IMPLICIT OBJECT IDENTIFIER.
        0x88 => ObjectIdentifier::from_bytes(value)
            .map(|_| ())
            .map_err(|_| "registeredID is not an OID"),
        // x400Address [3] ORAddress, ediPartyName [5] EDIPartyName: SEQUENCEs we do not read.
        0xa3 | 0xa5 => Ok(()),
        _ => Err("not a GeneralName"),
    }
}

/// `Some(())` if `bytes` is exactly one TLV.
fn single_any(bytes: &[u8]) -> Option<()> {
    let (_, rest) = split_tlv(bytes)?;
    rest.is_empty().then_some(())
}

/// The contents of a `SEQUENCE SIZE (1..MAX) OF ...` that is the whole extension value.
pub(crate) fn sequence_of(value: &[u8], extension: ObjectIdentifier) -> Result<&[u8], Error> {
    let bad = || malformed_extension(extension, "not a non-empty SEQUENCE");
    let mut outer = Walker::new(value, "extnValue").map_err(|_| bad())?;
    let sequence = outer.expect(TAG_SEQUENCE, "extnValue").map_err(|_| bad())?;
    outer.finish("extnValue").map_err(|_| bad())?;
    if sequence.value.is_empty() {
        return Err(bad());
    }
    Ok(sequence.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag, u8::try_from(contents.len()).unwrap()];
        out.extend_from_slice(contents);
        out
    }

    #[test]
    fn key_usage_reads_bits_in_named_order() {
        // digitalSignature alone: 03 02 07 80.
        assert_eq!(
            KeyUsage::decode(&[0x03, 0x02, 0x07, 0x80]),
            Ok(KeyUsage::DIGITAL_SIGNATURE)
        );
        // keyCertSign and cRLSign: 03 02 01 06.
        let ca = KeyUsage::decode(&[0x03, 0x02, 0x01, 0x06]).unwrap();
        assert!(ca.contains(KeyUsage::KEY_CERT_SIGN) && ca.contains(KeyUsage::CRL_SIGN));
        assert!(!ca.contains(KeyUsage::DIGITAL_SIGNATURE));
        // decipherOnly, in the second octet: 03 03 07 00 80.
        assert_eq!(
            KeyUsage::decode(&[0x03, 0x03, 0x07, 0x00, 0x80]),
            Ok(KeyUsage::DECIPHER_ONLY)
        );
        // Trailing zero bits left in are accepted (see the comment in `decode`).
        assert_eq!(
            KeyUsage::decode(&[0x03, 0x02, 0x00, 0x80]),
            Ok(KeyUsage::DIGITAL_SIGNATURE)
        );
    }

    #[test]
    fn rejects_key_usage_outside_its_syntax() {
        for value in [
            // No bit set.
            &[0x03, 0x02, 0x00, 0x00][..],
            &[0x03, 0x01, 0x00],
            // An unused bit set.
            &[0x03, 0x02, 0x07, 0x81],
            // Unused-bit count out of range.
            &[0x03, 0x02, 0x08, 0x80],
            // A bit past decipherOnly.
            &[0x03, 0x03, 0x00, 0x80, 0x40],
            // Three octets of bits.
            &[0x03, 0x04, 0x00, 0x80, 0x00, 0x00],
            // Not a BIT STRING, trailing data.
            &[0x04, 0x02, 0x07, 0x80],
            &[0x03, 0x02, 0x07, 0x80, 0x00],
        ] {
            assert!(
                matches!(
                    KeyUsage::decode(value),
                    Err(Error::MalformedExtension { oid, .. }) if oid == ID_CE_KEY_USAGE
                ),
                "{value:02x?}"
            );
        }
    }

    #[test]
    fn basic_constraints_reads_ca_and_path_length() {
        let decode = |contents: &[u8]| BasicConstraints::decode(&tlv(0x30, contents));
        assert_eq!(
            decode(&[]),
            Ok(BasicConstraints {
                ca: false,
                path_len_constraint: None
            })
        );
        assert_eq!(
            decode(&[0x01, 0x01, 0xff, 0x02, 0x01, 0x03]),
            Ok(BasicConstraints {
                ca: true,
                path_len_constraint: Some(3)
            })
        );
        assert_eq!(
            decode(&[0x01, 0x01, 0x00]),
            Err(Error::ExplicitDefaultValue {
                field: "BasicConstraints.cA"
            })
        );
        for contents in [
            &[0x02, 0x01, 0xff][..],
            &[0x01, 0x01, 0xff, 0x02, 0x00],
            &[0x01, 0x01, 0xff, 0x05, 0x00],
            &[0x02, 0x01, 0x01, 0x01, 0x01, 0xff],
        ] {
            assert!(
                matches!(decode(contents), Err(Error::MalformedExtension { .. })),
                "{contents:02x?}"
            );
        }
    }

    #[test]
    fn extended_key_usage_lists_its_purposes() {
        let server_auth = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
        let value = tlv(0x30, &server_auth);
        let eku = ExtendedKeyUsage::decode(&value).unwrap();
        let purposes: Vec<String> = eku.purposes().map(|oid| oid.to_string()).collect();
        assert_eq!(purposes, ["1.3.6.1.5.5.7.3.1"]);
        assert!(ExtendedKeyUsage::decode(&tlv(0x30, &[])).is_err());
        assert!(ExtendedKeyUsage::decode(&tlv(0x30, &[0x02, 0x01, 0x01])).is_err());
    }

    #[test]
    fn subject_alt_name_yields_each_name_form() {
        let names = [
            tlv(0x82, b"a.example"),
            tlv(0x87, &[192, 0, 2, 1]),
            tlv(0x81, b"x@a.example"),
            tlv(0x86, b"https://a.example/"),
        ]
        .concat();
        let value = tlv(0x30, &names);
        let san = SubjectAltName::decode(&value).unwrap();
        let parsed: Vec<GeneralName<'_>> = san.names().collect();
        assert_eq!(
            parsed,
            [
                GeneralName::DnsName(b"a.example"),
                GeneralName::IpAddress(&[192, 0, 2, 1]),
                GeneralName::Rfc822Name(b"x@a.example"),
                GeneralName::Other {
                    tag: 0x86,
                    value: b"https://a.example/"
                },
            ]
        );
    }

    #[test]
    fn rejects_subject_alt_name_outside_its_syntax() {
        for value in [
            tlv(0x30, &[]),
            // A primitive [4] (directoryName is constructed).
            tlv(0x30, &tlv(0x84, &[])),
            // Tag number 9 does not exist.
            tlv(0x30, &tlv(0x89, &[])),
            // Universal class.
            tlv(0x30, &tlv(0x16, b"a.example")),
            tlv(0x31, &tlv(0x82, b"a.example")),
        ] {
            assert!(SubjectAltName::decode(&value).is_err(), "{value:02x?}");
        }
    }

    #[test]
    fn authority_key_identifier_reads_each_optional_field() {
        let empty = AuthorityKeyIdentifier::decode(&[0x30, 0x00]).unwrap();
        assert_eq!(empty.key_identifier, None);
        let value = tlv(
            0x30,
            &[
                tlv(0x80, &[1, 2, 3]),
                tlv(0xa1, &tlv(0x82, b"ca.example")),
                tlv(0x82, &[0x05]),
            ]
            .concat(),
        );
        let aki = AuthorityKeyIdentifier::decode(&value).unwrap();
        assert_eq!(aki.key_identifier, Some(&[1, 2, 3][..]));
        assert_eq!(
            aki.authority_cert_issuer,
            Some(&tlv(0x82, b"ca.example")[..])
        );
        assert_eq!(aki.authority_cert_serial_number, Some(&[0x05][..]));
        // Out of order, or an unknown field.
        let swapped = tlv(0x30, &[tlv(0x82, &[0x05]), tlv(0x80, &[1])].concat());
        assert!(AuthorityKeyIdentifier::decode(&swapped).is_err());
        assert!(AuthorityKeyIdentifier::decode(&tlv(0x30, &tlv(0x83, &[]))).is_err());
    }

    #[test]
    fn subject_key_identifier_is_an_octet_string() {
        assert_eq!(
            decode_subject_key_identifier(&[0x04, 0x02, 0xab, 0xcd]),
            Ok(&[0xab, 0xcd][..])
        );
        assert!(decode_subject_key_identifier(&[0x03, 0x02, 0x00, 0xcd]).is_err());
        assert!(decode_subject_key_identifier(&[0x04, 0x01, 0xab, 0x00]).is_err());
    }
}
