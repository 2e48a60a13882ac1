//! The crate's one error type, [`Error`], and the alert class it maps to, [`CertificateFault`].
//!
//! tls-pki does not depend on tls-wire, so it cannot name `AlertDescription`. Every error instead
//! names a [`CertificateFault`], a closed mirror of the certificate alerts of RFC 8446 §6.2, which
//! tls-handshake maps exhaustively to an alert (HOUSE-STYLE §6).

mod profile_rule;

use core::fmt;

use der::oid::ObjectIdentifier;

pub use self::profile_rule::ProfileRule;
use crate::cert::time::Rfc3339;

/// Why a certificate (or a chain of them) was refused.
///
/// Variants are sentences about the certificate. Many variants share one [`CertificateFault`], but
/// no variant maps to two: [`Error::class`] is one exhaustive `match`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The certificate is not well-formed DER, or not the X.509 structure RFC 5280 §4.1 defines.
    MalformedCertificate {
        /// Which part of the structure is wrong (names the ASN.1 field).
        reason: &'static str,
    },
    /// The certificate's version is not v1, v2 or v3.
    UnsupportedVersion {
        /// The value of the `version` field (v1 = 0); `None` if it does not fit in a `u8`.
        version: Option<u8>,
    },
    /// The certificate has extensions but is not a v3 certificate (RFC 5280 §4.1.2.9).
    ExtensionsBeforeV3 {
        /// The value of the `version` field (v1 = 0, v2 = 1).
        version: u8,
    },
    /// The certificate encodes a DER DEFAULT value explicitly, which DER forbids (X.690 §11.5).
    ExplicitDefaultValue {
        /// The ASN.1 field that carried its default value.
        field: &'static str,
    },
    /// The certificate carries the same extension twice (RFC 5280 §4.2).
    DuplicateExtension {
        /// The repeated extension.
        oid: ObjectIdentifier,
    },
    /// The certificate carries a critical extension we do not process (RFC 5280 §4.2).
    UnknownCriticalExtension {
        /// The unrecognized critical extension.
        oid: ObjectIdentifier,
    },
    /// The value of an extension we process is not what its RFC 5280 §4.2.1 syntax allows.
    MalformedExtension {
        /// The extension whose value is wrong.
        oid: ObjectIdentifier,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The serial number is not a positive integer of at most 20 octets (RFC 5280 §4.1.2.2).
    InvalidSerialNumber {
        /// Which of the rules it breaks.
        reason: &'static str,
    },
    /// The outer `signatureAlgorithm` differs from the `signature` field inside the TBS
    /// certificate (RFC 5280 §4.1.1.2).
    SignatureAlgorithmMismatch,
    /// The signature or key algorithm is one we do not verify (or its parameters are not ones we
    /// support).
    UnsupportedSignatureAlgorithm,
    /// The certificate is signed with MD5 or SHA-1, which TLS 1.3 refuses with
    /// `bad_certificate` (RFC 8446 §4.4.2.4).
    WeakSignatureAlgorithm,
    /// The signature does not verify with the issuer's key.
    BadSignature,
    /// The certificate's validity period ended before the verification time.
    Expired {
        /// `notAfter`, in seconds since the Unix epoch.
        not_after: i64,
        /// The verification time, in seconds since the Unix epoch.
        time: i64,
    },
    /// The certificate's validity period starts after the verification time.
    NotYetValid {
        /// `notBefore`, in seconds since the Unix epoch.
        not_before: i64,
        /// The verification time, in seconds since the Unix epoch.
        time: i64,
    },
    /// The certificate is not valid for the peer name we expected.
    NameMismatch,
    /// No path leads from the certificate to a trust anchor.
    UnknownIssuer,
    /// A name in the certificate lies outside a permitted subtree, or inside an excluded one, of
    /// an issuer's nameConstraints (RFC 5280 §4.2.1.10).
    NameConstraintViolation,
    /// An issuer's nameConstraints holds a constraint of a form we cannot check against a name
    /// of the same type that the certificate carries; RFC 5280 §4.2.1.10 says to reject.
    UnsupportedNameConstraint,
    /// Verification ran out of its [`Budget`](crate::budget::Budget) before it found a path.
    BudgetExceeded {
        /// Which part of the budget ran out.
        kind: BudgetKind,
    },
    /// The end-entity certificate is a CA certificate (basicConstraints `cA` is TRUE).
    CaUsedAsEndEntity,
    /// A certificate that issued another on the path is not a CA: it has no basicConstraints,
    /// or `cA` is FALSE (RFC 5280 §4.2.1.9).
    IssuerNotCa,
    /// A CA's `pathLenConstraint` allows fewer non-self-issued intermediates below it than the
    /// path holds (RFC 5280 §6.1.4 (l) and (m)).
    PathLenConstraintViolated {
        /// The CA's `pathLenConstraint`.
        path_len_constraint: u32,
    },
    /// A certificate that issued another on the path has a keyUsage without `keyCertSign`
    /// (RFC 5280 §6.1.4 (n)).
    IssuerLacksKeyCertSign,
    /// The end-entity certificate's keyUsage asserts `keyCertSign`, which only a CA may assert
    /// (RFC 5280 §4.2.1.9).
    EndEntityHasKeyCertSign,
    /// The end-entity certificate's keyUsage does not allow a usage the caller requires.
    RequiredKeyUsageMissing,
    /// A certificate's extKeyUsage does not allow the purpose the verification is for.
    RequiredExtendedKeyUsageMissing {
        /// The purpose we needed (`id-kp-serverAuth`, `id-kp-clientAuth` or the caller's).
        purpose: ObjectIdentifier,
    },
    /// Every path to an anchor would hold more intermediates than
    /// [`VerifyOptions::max_depth`](crate::VerifyOptions::max_depth) allows.
    MaxDepthExceeded {
        /// The most intermediates allowed.
        max_depth: usize,
    },
    /// The certificate breaks a rule of the RFC 5280 or CA/Browser Forum profile that we
    /// enforce on every path (AKI/SKI presence, empty names, criticality, key sizes).
    ProfileViolation {
        /// The rule, which names its clause and how to issue a certificate that passes.
        rule: ProfileRule,
    },
    /// A CA's policyConstraints `requireExplicitPolicy` takes effect on this path, so that it is
    /// valid only if its certificate policies intersect (RFC 5280 §6.1.5 (g)); we do not build
    /// the policy tree that would decide, and refuse.
    ExplicitPolicyRequired,
    /// The certificate is on a certificate revocation list its issuer signed (RFC 5280 §6.3).
    Revoked {
        /// The CRL entry's reason code (RFC 5280 §5.3.1), if it gives one.
        reason: Option<crate::crl::RevocationReason>,
    },
    /// No CRL the caller supplied covers the certificate, and the revocation options say that
    /// an unknown status fails.
    RevocationStatusUnknown,
    /// A CRL that would decide the certificate's status cannot be used: its issuer, scope,
    /// signature, dates or extensions are not what RFC 5280 §6.3.3 accepts.
    UnusableCrl {
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The parts of a [`Budget`](crate::budget::Budget).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BudgetKind {
    /// Signature verifications.
    Signatures,
    /// Path-building steps.
    BuildSteps,
    /// Name-constraint comparisons.
    NameConstraintComparisons,
}

impl fmt::Display for BudgetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Signatures => "signature verifications",
            Self::BuildSteps => "path-building steps",
            Self::NameConstraintComparisons => "name-constraint comparisons",
        })
    }
}

impl Error {
    /// The RFC 8446 §6.2 certificate alert this error belongs to.
    ///
    /// One exhaustive `match` with no `_` arm: a new variant does not compile until its class is
    /// chosen.
    pub fn class(&self) -> CertificateFault {
        use CertificateFault as F;
        match self {
            Self::MalformedCertificate { .. }
            | Self::UnsupportedVersion { .. }
            | Self::ExtensionsBeforeV3 { .. }
            | Self::ExplicitDefaultValue { .. }
            | Self::DuplicateExtension { .. }
            | Self::MalformedExtension { .. }
            | Self::InvalidSerialNumber { .. }
            | Self::SignatureAlgorithmMismatch
            | Self::WeakSignatureAlgorithm
            | Self::BadSignature
            | Self::NameMismatch
            | Self::NameConstraintViolation
            | Self::CaUsedAsEndEntity
            | Self::IssuerNotCa
            | Self::PathLenConstraintViolated { .. }
            | Self::IssuerLacksKeyCertSign
            | Self::EndEntityHasKeyCertSign
            | Self::ProfileViolation { .. }
            | Self::UnusableCrl { .. } => F::BadCertificate,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# certificate_revoked:  A certificate was revoked by its signer.
            Self::Revoked { .. } => F::CertificateRevoked,
            // A usage error means the certificate is sound but not for this use, as rustls
            // classes `InvalidPurpose`.
            Self::RequiredKeyUsageMissing
            | Self::RequiredExtendedKeyUsageMissing { .. }
            | Self::UnknownCriticalExtension { .. }
            | Self::UnsupportedSignatureAlgorithm
            | Self::UnsupportedNameConstraint
            | Self::ExplicitPolicyRequired => F::UnsupportedCertificate,
            Self::BudgetExceeded { .. } | Self::RevocationStatusUnknown => F::CertificateUnknown,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# certificate_expired:  A certificate has expired or is not currently
            //#    valid.
            Self::Expired { .. } | Self::NotYetValid { .. } => F::CertificateExpired,
            Self::UnknownIssuer | Self::MaxDepthExceeded { .. } => F::UnknownCa,
        }
    }

    /// How informative this error is when it explains why no path was found: higher is more.
    ///
    /// When every candidate path failed, verification reports the highest-ranked error met
    /// (the first one met among equals), as rustls-webpki does. The ordering, highest first:
    ///
    /// 1. running out of budget (it ends the search, so nothing else is reported with it);
    /// 2. a name the caller asked for is not the certificate's, or the certificate is revoked
    ///    (a complete path whose certificate its issuer withdrew);
    /// 3. a certificate of an otherwise complete path is expired or not yet valid: the path
    ///    exists, and time is the one thing wrong with it;
    /// 4. a name outside an issuer's name constraints;
    /// 5. a signature that ring checked and refused;
    /// 6. usage errors: key usage, extended key usage, path length, CA/end-entity confusion;
    /// 7. what we do not support: unknown critical extensions, algorithms, key sizes, forms
    ///    of name constraints, policy trees; and a revocation status no CRL gives;
    /// 8. certificates and CRLs that break the profile or do not parse;
    /// 9. a path that would be too long;
    /// 10. no issuer at all: it says the least.
    ///
    /// One exhaustive `match` with no `_` arm, so a new variant must choose its place.
    pub fn rank(&self) -> u8 {
        match self {
            Self::BudgetExceeded { .. } => 100,
            Self::NameMismatch | Self::Revoked { .. } => 90,
            Self::Expired { .. } | Self::NotYetValid { .. } => 80,
            Self::NameConstraintViolation => 70,
            Self::BadSignature => 60,
            Self::RequiredKeyUsageMissing
            | Self::RequiredExtendedKeyUsageMissing { .. }
            | Self::PathLenConstraintViolated { .. }
            | Self::CaUsedAsEndEntity
            | Self::IssuerNotCa
            | Self::IssuerLacksKeyCertSign
            | Self::EndEntityHasKeyCertSign => 50,
            Self::UnknownCriticalExtension { .. }
            | Self::UnsupportedSignatureAlgorithm
            | Self::WeakSignatureAlgorithm
            | Self::UnsupportedNameConstraint
            | Self::ExplicitPolicyRequired
            | Self::RevocationStatusUnknown => 40,
            Self::MalformedCertificate { .. }
            | Self::UnsupportedVersion { .. }
            | Self::ExtensionsBeforeV3 { .. }
            | Self::ExplicitDefaultValue { .. }
            | Self::DuplicateExtension { .. }
            | Self::MalformedExtension { .. }
            | Self::InvalidSerialNumber { .. }
            | Self::SignatureAlgorithmMismatch
            | Self::ProfileViolation { .. }
            | Self::UnusableCrl { .. } => 30,
            Self::MaxDepthExceeded { .. } => 20,
            Self::UnknownIssuer => 10,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MalformedCertificate { reason } => write!(f, "malformed certificate: {reason}"),
            Self::UnsupportedVersion { version: Some(v) } => {
                write!(f, "certificate has unsupported version {v}")
            }
            Self::UnsupportedVersion { version: None } => {
                write!(f, "certificate has an out-of-range version")
            }
            Self::ExtensionsBeforeV3 { version } => {
                write!(
                    f,
                    "certificate of version {version} (not v3) has extensions"
                )
            }
            Self::ExplicitDefaultValue { field } => {
                write!(
                    f,
                    "certificate encodes the default value of {field} explicitly"
                )
            }
            Self::DuplicateExtension { oid } => {
                write!(f, "certificate has extension {oid} more than once")
            }
            Self::UnknownCriticalExtension { oid } => {
                write!(f, "certificate has unknown critical extension {oid}")
            }
            Self::MalformedExtension { oid, reason } => {
                write!(f, "certificate has malformed extension {oid}: {reason}")
            }
            Self::InvalidSerialNumber { reason } => {
                write!(f, "certificate has invalid serial number: {reason}")
            }
            Self::SignatureAlgorithmMismatch => write!(
                f,
                "certificate's signatureAlgorithm differs from its tbsCertificate.signature"
            ),
            Self::UnsupportedSignatureAlgorithm => {
                write!(f, "certificate uses an unsupported signature algorithm")
            }
            Self::WeakSignatureAlgorithm => {
                write!(f, "certificate is signed with MD5 or SHA-1")
            }
            Self::BadSignature => write!(f, "certificate signature does not verify"),
            Self::Expired { not_after, time } => {
                write!(
                    f,
                    "certificate expired at {} (verification time {})",
                    Rfc3339(*not_after),
                    Rfc3339(*time)
                )
            }
            Self::NotYetValid { not_before, time } => {
                write!(
                    f,
                    "certificate is not valid before {} (verification time {})",
                    Rfc3339(*not_before),
                    Rfc3339(*time)
                )
            }
            Self::NameMismatch => write!(f, "certificate is not valid for the expected name"),
            Self::UnknownIssuer => write!(f, "certificate was issued by an unknown authority"),
            Self::NameConstraintViolation => {
                write!(
                    f,
                    "certificate has a name outside its issuer's name constraints"
                )
            }
            Self::UnsupportedNameConstraint => write!(
                f,
                "issuer's name constraints have a form we cannot check against the certificate's names"
            ),
            Self::BudgetExceeded { kind } => {
                write!(f, "path building ran out of its budget of {kind}")
            }
            Self::CaUsedAsEndEntity => write!(f, "end-entity certificate is a CA certificate"),
            Self::IssuerNotCa => write!(f, "issuing certificate is not a CA certificate"),
            Self::PathLenConstraintViolated {
                path_len_constraint,
            } => write!(
                f,
                "path has more intermediates below a CA than its pathLenConstraint {path_len_constraint} allows"
            ),
            Self::IssuerLacksKeyCertSign => {
                write!(f, "issuing certificate's keyUsage lacks keyCertSign")
            }
            Self::EndEntityHasKeyCertSign => {
                write!(f, "end-entity certificate's keyUsage asserts keyCertSign")
            }
            Self::RequiredKeyUsageMissing => {
                write!(
                    f,
                    "certificate's keyUsage does not allow the required usage"
                )
            }
            Self::RequiredExtendedKeyUsageMissing { purpose } => {
                write!(
                    f,
                    "certificate's extKeyUsage does not allow purpose {purpose}"
                )
            }
            Self::MaxDepthExceeded { max_depth } => write!(
                f,
                "every path to a trust anchor has more than {max_depth} intermediates"
            ),
            Self::ProfileViolation { rule } => {
                write!(
                    f,
                    "certificate breaks a profile rule: {rule}; to fix: {}",
                    rule.fix()
                )
            }
            Self::ExplicitPolicyRequired => write!(
                f,
                "a CA's policyConstraints requires an explicit certificate policy, and we do not process policies"
            ),
            Self::Revoked {
                reason: Some(reason),
            } => {
                write!(f, "certificate is revoked ({reason})")
            }
            Self::Revoked { reason: None } => write!(f, "certificate is revoked"),
            Self::RevocationStatusUnknown => write!(
                f,
                "no CRL covers the certificate, and an unknown revocation status fails"
            ),
            Self::UnusableCrl { reason } => {
                write!(
                    f,
                    "the CRL that covers the certificate cannot be used: {reason}"
                )
            }
        }
    }
}

impl core::error::Error for Error {}

/// The certificate alerts of RFC 8446 §6.2, mirrored so tls-pki need not depend on tls-wire.
///
/// Closed on purpose: tls-handshake maps it to `AlertDescription` with an exhaustive `match`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CertificateFault {
    /// `bad_certificate`: "A certificate was corrupt, contained signatures that did not verify
    /// correctly, etc."
    BadCertificate,
    /// `unsupported_certificate`: "A certificate was of an unsupported type."
    UnsupportedCertificate,
    /// `certificate_revoked`: "A certificate was revoked by its signer."
    CertificateRevoked,
    /// `certificate_expired`: "A certificate has expired or is not currently valid."
    CertificateExpired,
    /// `certificate_unknown`: "Some other (unspecified) issue arose in processing the
    /// certificate, rendering it unacceptable."
    CertificateUnknown,
    /// `unknown_ca`: "A valid certificate chain or partial chain was received, but the
    /// certificate was not accepted because the CA certificate could not be located or could not
    /// be matched with a known trust anchor."
    UnknownCa,
    /// `access_denied`: "A valid certificate or PSK was received, but when access control was
    /// applied, the sender decided not to proceed with negotiation."
    AccessDenied,
}

impl fmt::Display for CertificateFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BadCertificate => "bad_certificate",
            Self::UnsupportedCertificate => "unsupported_certificate",
            Self::CertificateRevoked => "certificate_revoked",
            Self::CertificateExpired => "certificate_expired",
            Self::CertificateUnknown => "certificate_unknown",
            Self::UnknownCa => "unknown_ca",
            Self::AccessDenied => "access_denied",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CertificateFault as F;

    /// The errors the path checks add, with the alert class and rank each must have.
    #[test]
    fn path_errors_have_their_class_and_rank() {
        let oid = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
        let table = [
            (Error::CaUsedAsEndEntity, F::BadCertificate, 50),
            (Error::IssuerNotCa, F::BadCertificate, 50),
            (
                Error::PathLenConstraintViolated {
                    path_len_constraint: 0,
                },
                F::BadCertificate,
                50,
            ),
            (Error::IssuerLacksKeyCertSign, F::BadCertificate, 50),
            (Error::EndEntityHasKeyCertSign, F::BadCertificate, 50),
            (
                Error::RequiredKeyUsageMissing,
                F::UnsupportedCertificate,
                50,
            ),
            (
                Error::RequiredExtendedKeyUsageMissing { purpose: oid },
                F::UnsupportedCertificate,
                50,
            ),
            (Error::MaxDepthExceeded { max_depth: 6 }, F::UnknownCa, 20),
            (
                Error::ProfileViolation {
                    rule: ProfileRule::EmptyIssuer,
                },
                F::BadCertificate,
                30,
            ),
            (Error::UnknownIssuer, F::UnknownCa, 10),
            (
                Error::BudgetExceeded {
                    kind: BudgetKind::Signatures,
                },
                F::CertificateUnknown,
                100,
            ),
        ];
        for (error, class, rank) in table {
            assert_eq!((error.class(), error.rank()), (class, rank), "{error}");
        }
    }

    #[test]
    fn a_dated_path_outranks_a_missing_one() {
        let expired = Error::Expired {
            not_after: 0,
            time: 1,
        };
        assert!(expired.rank() > Error::BadSignature.rank());
        assert!(Error::BadSignature.rank() > Error::UnknownIssuer.rank());
        assert!(Error::UnsupportedSignatureAlgorithm.rank() > Error::UnknownIssuer.rank());
    }
}
