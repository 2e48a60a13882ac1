//! X.509 certificates parsed from DER, borrowing from the input (RFC 5280 §4.1).
//!
//! ```text
//! Certificate  ::=  SEQUENCE  {
//!      tbsCertificate       TBSCertificate,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//!
//! TBSCertificate  ::=  SEQUENCE  {
//!      version         [0]  EXPLICIT Version DEFAULT v1,
//!      serialNumber         CertificateSerialNumber,
//!      signature            AlgorithmIdentifier,
//!      issuer               Name,
//!      validity             Validity,
//!      subject              Name,
//!      subjectPublicKeyInfo SubjectPublicKeyInfo,
//!      issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL,
//!                           -- If present, version MUST be v2 or v3
//!      subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,
//!                           -- If present, version MUST be v2 or v3
//!      extensions      [3]  EXPLICIT Extensions OPTIONAL
//!                           -- If present, version MUST be v3
//!      }
//! ```
//!
//! `der` frames the TLVs with DER's length rules; the rules RFC 5280 adds on top, which `der`
//! leaves to us (explicit DEFAULT values, duplicate extensions, serial numbers, versions), are
//! checked here. Unknown critical extensions are recorded, not refused: the path check decides.
//! Nothing is re-encoded: signatures are verified over [`Certificate::tbs_bytes`] as received.

mod algorithm;
mod extension_values;
mod extensions;
mod known;
mod locate;
mod other_extensions;
pub(crate) mod policies;
pub(crate) mod time;

pub(crate) use self::algorithm::{Algorithm, PublicKey};
pub use self::algorithm::{AlgorithmIdentifier, SubjectPublicKeyInfo};
pub(crate) use self::extension_values::check_general_names;
pub use self::extension_values::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, GeneralName, KeyUsage,
    SubjectAltName,
};
pub use self::extensions::{Extension, Extensions, MAX_EXTENSIONS};
pub(crate) use self::known::Known;
pub use self::known::{
    ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_BASIC_CONSTRAINTS, ID_CE_CERTIFICATE_POLICIES,
    ID_CE_CRL_DISTRIBUTION_POINTS, ID_CE_EXT_KEY_USAGE, ID_CE_FRESHEST_CRL,
    ID_CE_INHIBIT_ANY_POLICY, ID_CE_ISSUER_ALT_NAME, ID_CE_KEY_USAGE, ID_CE_NAME_CONSTRAINTS,
    ID_CE_POLICY_CONSTRAINTS, ID_CE_POLICY_MAPPINGS, ID_CE_SUBJECT_ALT_NAME,
    ID_CE_SUBJECT_DIRECTORY_ATTRIBUTES, ID_CE_SUBJECT_KEY_IDENTIFIER, ID_CT_PRECERT_SCTS,
    ID_PE_AUTHORITY_INFO_ACCESS, ID_PE_SUBJECT_INFO_ACCESS,
};
pub(crate) use self::locate::{locate_subject, locate_subject_key_identifier};
pub use self::other_extensions::{
    DistributionPoint, DistributionPointName, DistributionPoints, ReasonFlags,
};
pub use self::policies::MAX_CERTIFICATE_POLICIES;
pub use self::time::Validity;
use crate::der::{TAG_SEQUENCE, Tlv, Walker, integer, malformed, octet_aligned_bit_string};
use crate::error::Error;
use crate::name::constraints::NameConstraints;

/// The longest serial number we accept, in octets of magnitude (a leading `0x00` that only
/// keeps the INTEGER positive is not counted).
//= https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.2
//# Certificate users MUST be able to
//# handle serialNumber values up to 20 octets.  Conforming CAs MUST NOT
//# use serialNumber values longer than 20 octets.
pub const MAX_SERIAL_NUMBER_OCTETS: usize = 20;

/// `Version ::= INTEGER { v1(0), v2(1), v3(2) }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    /// `v1(0)`, the DEFAULT: encoded by leaving the field out.
    V1,
    /// `v2(1)`.
    V2,
    /// `v3(2)`.
    V3,
}

/// An X.509 certificate, borrowing every field from the DER it was parsed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate<'a> {
    der: &'a [u8],
    tbs_bytes: &'a [u8],
    version: Version,
    serial_number: &'a [u8],
    signature_algorithm: Algorithm<'a>,
    issuer: &'a [u8],
    validity: Validity,
    subject: &'a [u8],
    public_key: PublicKey<'a>,
    extensions: Extensions<'a>,
    signature: &'a [u8],
}

impl<'a> Certificate<'a> {
    /// Parses one DER certificate that fills `der` exactly.
    pub fn from_der(der: &'a [u8]) -> Result<Self, Error> {
        Self::parse(der, SerialNumberRule::Positive)
    }

    /// Parses a certificate that configuration names as a trust anchor: as
    /// [`from_der`](Self::from_der), except that its serial number may be any INTEGER (zero,
    /// negative, longer than 20 octets).
    ///
    /// Nine roots of the Mozilla store (Go Daddy's, Starfield's, SECOM's and the Hellenic
    /// Academic roots of 2015) have serial number zero; a path check that refused them would
    /// refuse every chain they anchor. An anchor's serial number takes no part in verifying
    /// (only its subject and key do, RFC 5280 §6.1.1 (d)), and:
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.2
    //# Note: Non-conforming CAs may issue certificates with serial numbers
    //# that are negative or zero.  Certificate users SHOULD be prepared to
    //# gracefully handle such certificates.
    pub(crate) fn from_der_trust_anchor(der: &'a [u8]) -> Result<Self, Error> {
        Self::parse(der, SerialNumberRule::AnyInteger)
    }

    /// Parses one DER certificate, holding its serial number to `serial_rule`.
    fn parse(der: &'a [u8], serial_rule: SerialNumberRule) -> Result<Self, Error> {
        let mut outer = Walker::new(der, "Certificate")?;
        let certificate = outer.expect(TAG_SEQUENCE, "Certificate")?;
        outer.finish("Certificate (trailing bytes)")?;

        let mut fields = Walker::new(certificate.value, "Certificate")?;
        let tbs = fields.expect(TAG_SEQUENCE, "tbsCertificate")?;
        let signature_algorithm =
            Algorithm::decode(fields.any("signatureAlgorithm")?, "signatureAlgorithm")?;
        let signature = octet_aligned_bit_string(fields.any("signatureValue")?, "signatureValue")?;
        fields.finish("Certificate")?;

        let mut fields = Walker::new(tbs.value, "tbsCertificate")?;
        let version = match fields.optional(0xa0, "tbsCertificate.version")? {
            Some(explicit) => decode_version(explicit.value)?,
            None => Version::V1,
        };
        let serial_number =
            decode_serial_number(fields.any("tbsCertificate.serialNumber")?, serial_rule)?;
        // Equal bytes to the outer identifier, which was checked: no need to decode it again.
        let inner_algorithm = fields.any("tbsCertificate.signature")?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2
        //# This field MUST contain the same algorithm identifier as the
        //# signature field in the sequence tbsCertificate (Section 4.1.2.3).
        if inner_algorithm.raw != signature_algorithm.raw {
            return Err(Error::SignatureAlgorithmMismatch);
        }
        let issuer = fields.expect(TAG_SEQUENCE, "tbsCertificate.issuer")?.raw;
        let validity = Validity::decode(fields.any("tbsCertificate.validity")?)?;
        let subject = fields.expect(TAG_SEQUENCE, "tbsCertificate.subject")?.raw;
        let public_key = PublicKey::decode(fields.any("tbsCertificate.subjectPublicKeyInfo")?)?;
        for (tag, what) in [
            (0x81, "tbsCertificate.issuerUniqueID"),
            (0x82, "tbsCertificate.subjectUniqueID"),
        ] {
            //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1
            //# -- If present, version MUST be v2 or v3
            if fields.optional(tag, what)?.is_some() && version == Version::V1 {
                return Err(malformed(what));
            }
        }
        let extensions = match fields.optional(0xa3, "tbsCertificate.extensions")? {
            Some(explicit) => {
                //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1
                //# -- If present, version MUST be v3
                if version != Version::V3 {
                    return Err(Error::ExtensionsBeforeV3 {
                        version: match version {
                            Version::V1 => 0,
                            Version::V2 => 1,
                            Version::V3 => 2,
                        },
                    });
                }
                Extensions::decode(explicit.value)?
            }
            None => Extensions::default(),
        };
        fields.finish("tbsCertificate")?;

        Ok(Self {
            der,
            tbs_bytes: tbs.raw,
            version,
            serial_number,
            signature_algorithm,
            issuer,
            validity,
            subject,
            public_key,
            extensions,
            signature,
        })
    }

    /// The whole certificate as received.
    pub fn der(&self) -> &'a [u8] {
        self.der
    }

    /// The `tbsCertificate` TLV as received: the bytes the issuer signed.
    pub fn tbs_bytes(&self) -> &'a [u8] {
        self.tbs_bytes
    }

    /// `version`.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The contents octets of `serialNumber` (a positive INTEGER, so a leading `0x00` appears
    /// when the first magnitude octet is `0x80` or above).
    pub fn serial_number(&self) -> &'a [u8] {
        self.serial_number
    }

    /// `signatureAlgorithm`, which equals `tbsCertificate.signature` byte for byte.
    pub fn signature_algorithm(&self) -> AlgorithmIdentifier<'a> {
        AlgorithmIdentifier::from_checked(self.signature_algorithm)
    }

    /// `signatureAlgorithm`, as the checks read it.
    pub(crate) fn signature_algorithm_parts(&self) -> Algorithm<'a> {
        self.signature_algorithm
    }

    /// `issuer`, the whole `Name` TLV as received.
    pub fn issuer(&self) -> &'a [u8] {
        self.issuer
    }

    /// `validity`.
    pub fn validity(&self) -> Validity {
        self.validity
    }

    /// `subject`, the whole `Name` TLV as received.
    pub fn subject(&self) -> &'a [u8] {
        self.subject
    }

    /// `subjectPublicKeyInfo`.
    pub fn subject_public_key_info(&self) -> SubjectPublicKeyInfo<'a> {
        SubjectPublicKeyInfo {
            raw: self.public_key.raw,
            algorithm: AlgorithmIdentifier::from_checked(self.public_key.algorithm),
            subject_public_key: self.public_key.key,
        }
    }

    /// `subjectPublicKeyInfo`, as the checks read it.
    pub(crate) fn public_key(&self) -> PublicKey<'a> {
        self.public_key
    }

    /// The extensions in wire order (empty for v1 and v2 certificates).
    pub fn extensions(&self) -> &Extensions<'a> {
        &self.extensions
    }

    /// The octets of `signatureValue`.
    pub fn signature(&self) -> &'a [u8] {
        self.signature
    }

    /// `basicConstraints`, if present.
    pub fn basic_constraints(&self) -> Result<Option<BasicConstraints>, Error> {
        self.extensions.check(Known::BasicConstraints)?;
        Ok(self.extensions.values.basic_constraints)
    }

    /// `keyUsage`, if present.
    pub fn key_usage(&self) -> Result<Option<KeyUsage>, Error> {
        self.extensions.check(Known::KeyUsage)?;
        Ok(self.extensions.values.key_usage)
    }

    /// `extKeyUsage`, if present.
    pub fn extended_key_usage(&self) -> Result<Option<ExtendedKeyUsage<'a>>, Error> {
        self.extensions.check(Known::ExtKeyUsage)?;
        Ok(self.extensions.values.extended_key_usage)
    }

    /// `subjectAltName`, if present.
    pub fn subject_alt_name(&self) -> Result<Option<SubjectAltName<'a>>, Error> {
        self.extensions.check(Known::SubjectAltName)?;
        Ok(self.extensions.values.subject_alt_name)
    }

    /// The value of `nameConstraints` (DER of `NameConstraints`), unparsed, if present.
    pub fn name_constraints(&self) -> Option<&'a [u8]> {
        self.extensions
            .find(ID_CE_NAME_CONSTRAINTS)
            .map(|extension| extension.value)
    }

    /// `nameConstraints`, parsed and checked, if present.
    pub(crate) fn parsed_name_constraints(&self) -> Result<Option<NameConstraints<'a>>, Error> {
        self.extensions.check(Known::NameConstraints)?;
        Ok(self
            .extensions
            .values
            .name_constraints
            .map(|(_, parsed)| parsed))
    }

    /// `authorityKeyIdentifier`, if present.
    pub fn authority_key_identifier(&self) -> Result<Option<AuthorityKeyIdentifier<'a>>, Error> {
        self.extensions.check(Known::AuthorityKeyIdentifier)?;
        Ok(self.extensions.values.authority_key_identifier)
    }

    /// The octets of `subjectKeyIdentifier`, if present.
    pub fn subject_key_identifier(&self) -> Result<Option<&'a [u8]>, Error> {
        self.extensions.check(Known::SubjectKeyIdentifier)?;
        Ok(self.extensions.values.subject_key_identifier)
    }

    /// `cRLDistributionPoints`, if present.
    pub fn crl_distribution_points(&self) -> Result<Option<DistributionPoints<'a>>, Error> {
        self.extensions.check(Known::CrlDistributionPoints)?;
        Ok(self.extensions.values.crl_distribution_points)
    }

    /// What the policy extensions say, as far as verification acts on it.
    pub(crate) fn policies(&self) -> policies::Policies {
        self.extensions.values.policy
    }

    /// Whether this certificate is self-issued: its subject and issuer are the same name.
    ///
    /// RFC 5280 §6.1 compares names by its §7.1 rules; we compare the DER, as rustls-webpki
    /// and mozilla::pkix do, which errs on the side of counting a certificate (and so of
    /// refusing).
    //= https://www.rfc-editor.org/rfc/rfc5280#section-6.1
    //# A certificate is self-issued if the same DN appears in the subject
    //# and issuer fields (the two DNs are the same if they match according
    //# to the rules specified in Section 7.1).
    pub(crate) fn is_self_issued(&self) -> bool {
        self.subject == self.issuer
    }
}

/// Parses the contents of the `[0] EXPLICIT` wrapper around `Version`.
fn decode_version(explicit: &[u8]) -> Result<Version, Error> {
    let mut walker = Walker::new(explicit, "tbsCertificate.version")?;
    let value = integer(
        walker.any("tbsCertificate.version")?,
        "tbsCertificate.version",
    )?;
    walker.finish("tbsCertificate.version")?;
    match value {
        // X.690 §11.5: DER leaves out a value equal to its DEFAULT, so an encoded v1 is not DER.
        [0] => Err(Error::ExplicitDefaultValue {
            field: "tbsCertificate.version",
        }),
        [1] => Ok(Version::V2),
        [2] => Ok(Version::V3),
        [other] if *other < 0x80 => Err(Error::UnsupportedVersion {
            version: Some(*other),
        }),
        _ => Err(Error::UnsupportedVersion { version: None }),
    }
}

/// What `serialNumber` must hold besides a DER INTEGER.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SerialNumberRule {
    /// A positive integer of at most 20 octets: every certificate but a trust anchor.
    Positive,
    /// Any integer: a trust anchor (see [`Certificate::from_der_trust_anchor`]).
    AnyInteger,
}

/// Checks `serialNumber` and returns its contents octets.
///
/// We refuse zero and negative serial numbers although RFC 5280 asks users to handle them
/// "gracefully": x509-limbo (`rfc5280::serial::zero`, `::negative`) and pyca/cryptography
/// refuse them, and refusing is the graceful handling of a certificate no conforming CA issues.
/// Trust anchors are the exception ([`SerialNumberRule::AnyInteger`]).
fn decode_serial_number(tlv: Tlv<'_>, rule: SerialNumberRule) -> Result<&[u8], Error> {
    let value =
        integer(tlv, "tbsCertificate.serialNumber").map_err(|_| Error::InvalidSerialNumber {
            reason: "not a DER INTEGER",
        })?;
    if rule == SerialNumberRule::AnyInteger {
        return Ok(value);
    }
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.2
    //# The serial number MUST be a positive integer assigned by the CA to
    //# each certificate.
    let magnitude = match value {
        [first, ..] if *first >= 0x80 => {
            return Err(Error::InvalidSerialNumber { reason: "negative" });
        }
        [0x00] => return Err(Error::InvalidSerialNumber { reason: "zero" }),
        [0x00, magnitude @ ..] => magnitude,
        magnitude => magnitude,
    };
    if magnitude.len() > MAX_SERIAL_NUMBER_OCTETS {
        return Err(Error::InvalidSerialNumber {
            reason: "longer than 20 octets",
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One TLV (short lengths only, enough for these tests).
    fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag, u8::try_from(contents.len()).unwrap()];
        out.extend_from_slice(contents);
        out
    }

    fn first_tlv(bytes: &[u8]) -> Tlv<'_> {
        Walker::new(bytes, "test").unwrap().any("test").unwrap()
    }

    #[test]
    fn decodes_versions_two_and_three_only() {
        let version = |contents: &[u8]| decode_version(&tlv(0x02, contents));
        assert_eq!(version(&[1]), Ok(Version::V2));
        assert_eq!(version(&[2]), Ok(Version::V3));
        assert_eq!(
            version(&[0]),
            Err(Error::ExplicitDefaultValue {
                field: "tbsCertificate.version"
            })
        );
        assert_eq!(
            version(&[3]),
            Err(Error::UnsupportedVersion { version: Some(3) })
        );
        assert_eq!(
            version(&[0x80]),
            Err(Error::UnsupportedVersion { version: None })
        );
        assert_eq!(
            version(&[0x01, 0x02]),
            Err(Error::UnsupportedVersion { version: None })
        );
    }

    #[test]
    fn rejects_version_wrapper_with_extra_content() {
        let mut contents = tlv(0x02, &[2]);
        contents.extend(tlv(0x05, &[]));
        assert!(matches!(
            decode_version(&contents),
            Err(Error::MalformedCertificate { .. })
        ));
        assert!(decode_version(&[]).is_err());
    }

    #[test]
    fn serial_number_rules_depend_on_the_role() {
        let cases: [(&[u8], Result<(), &str>, bool); 8] = [
            (&[0x01], Ok(()), true),
            (&[0x00, 0x80], Ok(()), true),
            (&[0x00], Err("zero"), true),
            (&[0x80], Err("negative"), true),
            (&[0xff, 0x7f], Err("negative"), true),
            (&[0x01; 21], Err("longer than 20 octets"), true),
            (&[0x00, 0x01], Err("not a DER INTEGER"), false),
            (&[], Err("not a DER INTEGER"), false),
        ];
        for (contents, conforming, anchor_accepts) in cases {
            let raw = tlv(0x02, contents);
            let strict = decode_serial_number(first_tlv(&raw), SerialNumberRule::Positive);
            assert_eq!(
                strict.map(drop),
                conforming.map_err(|reason| Error::InvalidSerialNumber { reason }),
                "{contents:02x?}"
            );
            let lenient = decode_serial_number(first_tlv(&raw), SerialNumberRule::AnyInteger);
            assert_eq!(lenient.is_ok(), anchor_accepts, "{contents:02x?}");
        }
    }

    #[test]
    fn algorithm_identifier_keeps_its_parameters_as_received() {
        let ecdsa_sha256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
        let without = tlv(0x30, &ecdsa_sha256);
        let parsed = AlgorithmIdentifier::from_checked(
            Algorithm::decode(first_tlv(&without), "test").unwrap(),
        );
        assert_eq!(parsed.algorithm.to_string(), "1.2.840.10045.4.3.2");
        assert_eq!(parsed.parameters, None);
        assert_eq!(parsed.raw, without);

        let with = tlv(0x30, &[&ecdsa_sha256[..], &[0x05, 0x00]].concat());
        let parsed = Algorithm::decode(first_tlv(&with), "test").unwrap();
        assert_eq!(parsed.parameters, Some(&[0x05, 0x00][..]));
    }

    #[test]
    fn rejects_algorithm_identifiers_of_the_wrong_shape() {
        let oid = [0x06, 0x03, 0x2b, 0x65, 0x70];
        for raw in [
            // Not a SEQUENCE.
            tlv(0x31, &oid),
            // Empty.
            tlv(0x30, &[]),
            // Not starting with an OID.
            tlv(0x30, &[0x05, 0x00]),
            // Two parameters.
            tlv(0x30, &[&oid[..], &[0x05, 0x00, 0x05, 0x00]].concat()),
        ] {
            assert!(
                Algorithm::decode(first_tlv(&raw), "test").is_err(),
                "{raw:02x?}"
            );
        }
    }

    #[test]
    fn subject_public_key_must_be_octet_aligned() {
        let algorithm = tlv(0x30, &[0x06, 0x03, 0x2b, 0x65, 0x70]);
        let spki = |bits: &[u8]| tlv(0x30, &[algorithm.clone(), tlv(0x03, bits)].concat());
        let aligned = spki(&[0x00, 0xaa, 0xbb]);
        let parsed = PublicKey::decode(first_tlv(&aligned)).unwrap();
        assert_eq!(parsed.key, [0xaa, 0xbb]);
        assert_eq!(parsed.raw, aligned);
        for bits in [&[0x01, 0xaa][..], &[]] {
            let raw = spki(bits);
            assert!(PublicKey::decode(first_tlv(&raw)).is_err());
        }
    }
}
