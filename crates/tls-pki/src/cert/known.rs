//! The extensions whose syntax we know (every one of RFC 5280 §4.2, and Certificate
//! Transparency's SCT list): their OIDs, how each is recognised by its encoding, and which we
//! act on (and so may be critical).

use der::oid::ObjectIdentifier;

/// `id-ce-subjectKeyIdentifier` (RFC 5280 §4.2.1.2).
pub const ID_CE_SUBJECT_KEY_IDENTIFIER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.14");
/// `id-ce-keyUsage` (RFC 5280 §4.2.1.3).
pub const ID_CE_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
/// `id-ce-subjectAltName` (RFC 5280 §4.2.1.6).
pub const ID_CE_SUBJECT_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");
/// `id-ce-basicConstraints` (RFC 5280 §4.2.1.9).
pub const ID_CE_BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
/// `id-ce-nameConstraints` (RFC 5280 §4.2.1.10).
pub const ID_CE_NAME_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.30");
/// `id-ce-authorityKeyIdentifier` (RFC 5280 §4.2.1.1).
pub const ID_CE_AUTHORITY_KEY_IDENTIFIER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.35");
/// `id-ce-extKeyUsage` (RFC 5280 §4.2.1.12).
pub const ID_CE_EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
/// `id-ce-certificatePolicies` (RFC 5280 §4.2.1.4).
pub const ID_CE_CERTIFICATE_POLICIES: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.32");
/// `id-ce-policyMappings` (RFC 5280 §4.2.1.5).
pub const ID_CE_POLICY_MAPPINGS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.33");
/// `id-ce-policyConstraints` (RFC 5280 §4.2.1.11).
pub const ID_CE_POLICY_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.36");
/// `id-ce-inhibitAnyPolicy` (RFC 5280 §4.2.1.14).
pub const ID_CE_INHIBIT_ANY_POLICY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.54");
/// `id-ce-cRLDistributionPoints` (RFC 5280 §4.2.1.13).
pub const ID_CE_CRL_DISTRIBUTION_POINTS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.31");
/// `id-ce-freshestCRL` (RFC 5280 §4.2.1.15).
pub const ID_CE_FRESHEST_CRL: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.46");
/// `id-ce-issuerAltName` (RFC 5280 §4.2.1.7).
pub const ID_CE_ISSUER_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.18");
/// `id-ce-subjectDirectoryAttributes` (RFC 5280 §4.2.1.8).
pub const ID_CE_SUBJECT_DIRECTORY_ATTRIBUTES: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.9");
/// `id-pe-authorityInfoAccess` (RFC 5280 §4.2.2.1).
pub const ID_PE_AUTHORITY_INFO_ACCESS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.1.1");
/// `id-pe-subjectInfoAccess` (RFC 5280 §4.2.2.2).
pub const ID_PE_SUBJECT_INFO_ACCESS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.1.11");
/// The embedded Signed Certificate Timestamp list of Certificate Transparency (RFC 6962 §3.3).
pub const ID_CT_PRECERT_SCTS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.4.1.11129.2.4.2");

/// The extensions whose syntax we know. Each is decoded when the certificate is parsed, once;
/// a value that does not follow its syntax is recorded and refused by the path checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Known {
    SubjectKeyIdentifier,
    KeyUsage,
    SubjectAltName,
    BasicConstraints,
    NameConstraints,
    AuthorityKeyIdentifier,
    ExtKeyUsage,
    CertificatePolicies,
    PolicyMappings,
    PolicyConstraints,
    InhibitAnyPolicy,
    CrlDistributionPoints,
    FreshestCrl,
    IssuerAltName,
    SubjectDirectoryAttributes,
    AuthorityInfoAccess,
    SubjectInfoAccess,
    SignedCertificateTimestamps,
}

impl Known {
    /// Every known extension, in the order errors are reported.
    pub(crate) const ALL: [Self; 18] = [
        Self::SubjectKeyIdentifier,
        Self::KeyUsage,
        Self::SubjectAltName,
        Self::BasicConstraints,
        Self::NameConstraints,
        Self::AuthorityKeyIdentifier,
        Self::ExtKeyUsage,
        Self::CertificatePolicies,
        Self::PolicyMappings,
        Self::PolicyConstraints,
        Self::InhibitAnyPolicy,
        Self::CrlDistributionPoints,
        Self::FreshestCrl,
        Self::IssuerAltName,
        Self::SubjectDirectoryAttributes,
        Self::AuthorityInfoAccess,
        Self::SubjectInfoAccess,
        Self::SignedCertificateTimestamps,
    ];

    /// The extension whose extnID has these contents octets, if we know it.
    ///
    /// One `match` on the encodings (the `id-ce` arc `2.5.29` is `55 1d`, `id-pe` is
    /// `2b 06 01 05 05 07 01`), as every extension of every certificate goes through here.
    pub(crate) fn from_encoded(oid: &[u8]) -> Option<Self> {
        Some(match oid {
            [0x55, 0x1d, 14] => Self::SubjectKeyIdentifier,
            [0x55, 0x1d, 15] => Self::KeyUsage,
            [0x55, 0x1d, 17] => Self::SubjectAltName,
            [0x55, 0x1d, 19] => Self::BasicConstraints,
            [0x55, 0x1d, 30] => Self::NameConstraints,
            [0x55, 0x1d, 35] => Self::AuthorityKeyIdentifier,
            [0x55, 0x1d, 37] => Self::ExtKeyUsage,
            [0x55, 0x1d, 32] => Self::CertificatePolicies,
            [0x55, 0x1d, 33] => Self::PolicyMappings,
            [0x55, 0x1d, 36] => Self::PolicyConstraints,
            [0x55, 0x1d, 54] => Self::InhibitAnyPolicy,
            [0x55, 0x1d, 31] => Self::CrlDistributionPoints,
            [0x55, 0x1d, 46] => Self::FreshestCrl,
            [0x55, 0x1d, 18] => Self::IssuerAltName,
            [0x55, 0x1d, 9] => Self::SubjectDirectoryAttributes,
            [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 1] => Self::AuthorityInfoAccess,
            [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 11] => Self::SubjectInfoAccess,
            [0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02] => {
                Self::SignedCertificateTimestamps
            }
            _ => return None,
        })
    }

    /// The extension's OID.
    pub(crate) fn oid(self) -> ObjectIdentifier {
        match self {
            Self::SubjectKeyIdentifier => ID_CE_SUBJECT_KEY_IDENTIFIER,
            Self::KeyUsage => ID_CE_KEY_USAGE,
            Self::SubjectAltName => ID_CE_SUBJECT_ALT_NAME,
            Self::BasicConstraints => ID_CE_BASIC_CONSTRAINTS,
            Self::NameConstraints => ID_CE_NAME_CONSTRAINTS,
            Self::AuthorityKeyIdentifier => ID_CE_AUTHORITY_KEY_IDENTIFIER,
            Self::ExtKeyUsage => ID_CE_EXT_KEY_USAGE,
            Self::CertificatePolicies => ID_CE_CERTIFICATE_POLICIES,
            Self::PolicyMappings => ID_CE_POLICY_MAPPINGS,
            Self::PolicyConstraints => ID_CE_POLICY_CONSTRAINTS,
            Self::InhibitAnyPolicy => ID_CE_INHIBIT_ANY_POLICY,
            Self::CrlDistributionPoints => ID_CE_CRL_DISTRIBUTION_POINTS,
            Self::FreshestCrl => ID_CE_FRESHEST_CRL,
            Self::IssuerAltName => ID_CE_ISSUER_ALT_NAME,
            Self::SubjectDirectoryAttributes => ID_CE_SUBJECT_DIRECTORY_ATTRIBUTES,
            Self::AuthorityInfoAccess => ID_PE_AUTHORITY_INFO_ACCESS,
            Self::SubjectInfoAccess => ID_PE_SUBJECT_INFO_ACCESS,
            Self::SignedCertificateTimestamps => ID_CT_PRECERT_SCTS,
        }
    }

    /// This extension's bit in `Extensions`' masks: one shift, as every accessor of a
    /// certificate's extensions asks for one.
    #[expect(
        clippy::as_conversions,
        reason = "a fieldless enum's discriminant (0 to 17) into u32 cannot truncate"
    )]
    #[inline]
    pub(crate) fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// Whether we act on the extension's contents, so that it may be critical.
    ///
    /// The policy extensions are processed to the extent a verification without an initial
    /// policy set needs (see `checks::policy`); the CRL distribution points decide which CRL
    /// covers a certificate. The others we only check the syntax of: critical, they hold
    /// information we cannot process.
    pub(crate) fn processed(self) -> bool {
        match self {
            Self::SubjectKeyIdentifier
            | Self::KeyUsage
            | Self::SubjectAltName
            | Self::BasicConstraints
            | Self::NameConstraints
            | Self::AuthorityKeyIdentifier
            | Self::ExtKeyUsage
            | Self::CertificatePolicies
            | Self::PolicyMappings
            | Self::PolicyConstraints
            | Self::InhibitAnyPolicy
            | Self::CrlDistributionPoints => true,
            Self::FreshestCrl
            | Self::IssuerAltName
            | Self::SubjectDirectoryAttributes
            | Self::AuthorityInfoAccess
            | Self::SubjectInfoAccess
            | Self::SignedCertificateTimestamps => false,
        }
    }
}
