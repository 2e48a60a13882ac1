//! Every `tls_pki::Error` variant with the certificate alert class it maps to and the rule it
//! enforces (HOUSE-STYLE §6: a table test lists every variant with its alert and RFC section).
//!
//! `expected` is an exhaustive `match`: a new variant does not compile until it is added here
//! with its class and source, and `SAMPLES` must then hold one value of it.

use der::oid::ObjectIdentifier;
use tls_pki::crl::RevocationReason;
use tls_pki::{BudgetKind, CertificateFault as F, Error, ProfileRule};

const OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.3.4");
const SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");

/// The class each error must have, and the section of the rule that produces it.
fn expected(error: &Error) -> (F, &'static str) {
    match error {
        Error::MalformedCertificate { .. } => (F::BadCertificate, "RFC 5280 §4.1"),
        Error::UnsupportedVersion { .. } => (F::BadCertificate, "RFC 5280 §4.1.2.1"),
        Error::ExtensionsBeforeV3 { .. } => (F::BadCertificate, "RFC 5280 §4.1.2.9"),
        Error::ExplicitDefaultValue { .. } => (F::BadCertificate, "X.690 §11.5"),
        Error::DuplicateExtension { .. } => (F::BadCertificate, "RFC 5280 §4.2"),
        Error::UnknownCriticalExtension { .. } => (F::UnsupportedCertificate, "RFC 5280 §4.2"),
        Error::MalformedExtension { .. } => (F::BadCertificate, "RFC 5280 §4.2.1"),
        Error::InvalidSerialNumber { .. } => (F::BadCertificate, "RFC 5280 §4.1.2.2"),
        Error::SignatureAlgorithmMismatch => (F::BadCertificate, "RFC 5280 §4.1.1.2"),
        Error::UnsupportedSignatureAlgorithm => (F::UnsupportedCertificate, "RFC 5280 §4.1.1.2"),
        Error::WeakSignatureAlgorithm => (F::BadCertificate, "RFC 8446 §4.4.2.4"),
        Error::BadSignature => (F::BadCertificate, "RFC 5280 §6.1.3 (a)(1)"),
        Error::Expired { .. } => (F::CertificateExpired, "RFC 5280 §6.1.3 (a)(2)"),
        Error::NotYetValid { .. } => (F::CertificateExpired, "RFC 5280 §6.1.3 (a)(2)"),
        Error::NameMismatch => (F::BadCertificate, "RFC 9525 §6"),
        Error::UnknownIssuer => (F::UnknownCa, "RFC 5280 §6.1"),
        Error::NameConstraintViolation => (F::BadCertificate, "RFC 5280 §4.2.1.10"),
        Error::UnsupportedNameConstraint => (F::UnsupportedCertificate, "RFC 5280 §4.2.1.10"),
        Error::BudgetExceeded { .. } => (F::CertificateUnknown, "RFC 4158 §5 (bounded search)"),
        Error::CaUsedAsEndEntity => (F::BadCertificate, "CABF BR §7.1.2.7.8"),
        Error::IssuerNotCa => (F::BadCertificate, "RFC 5280 §6.1.4 (k)"),
        Error::PathLenConstraintViolated { .. } => (F::BadCertificate, "RFC 5280 §6.1.4 (m)"),
        Error::IssuerLacksKeyCertSign => (F::BadCertificate, "RFC 5280 §6.1.4 (n)"),
        Error::EndEntityHasKeyCertSign => (F::BadCertificate, "RFC 5280 §4.2.1.3"),
        Error::RequiredKeyUsageMissing => (F::UnsupportedCertificate, "RFC 5280 §4.2.1.3"),
        Error::RequiredExtendedKeyUsageMissing { .. } => {
            (F::UnsupportedCertificate, "RFC 5280 §4.2.1.12")
        }
        Error::MaxDepthExceeded { .. } => (F::UnknownCa, "RFC 5280 §6.1 (caller's limit)"),
        Error::ProfileViolation { .. } => (F::BadCertificate, "RFC 5280 §4 / CABF BR §7.1"),
        Error::ExplicitPolicyRequired => (F::UnsupportedCertificate, "RFC 5280 §6.1.5 (g)"),
        Error::Revoked { .. } => (F::CertificateRevoked, "RFC 5280 §6.3.3 (i)"),
        Error::RevocationStatusUnknown => (F::CertificateUnknown, "RFC 5280 §6.3.3 (k)"),
        Error::UnusableCrl { .. } => (F::BadCertificate, "RFC 5280 §5, §6.3.3"),
    }
}

const SAMPLES: &[Error] = &[
    Error::MalformedCertificate { reason: "r" },
    Error::UnsupportedVersion { version: Some(7) },
    Error::ExtensionsBeforeV3 { version: 0 },
    Error::ExplicitDefaultValue { field: "f" },
    Error::DuplicateExtension { oid: OID },
    Error::UnknownCriticalExtension { oid: OID },
    Error::MalformedExtension {
        oid: OID,
        reason: "r",
    },
    Error::InvalidSerialNumber { reason: "r" },
    Error::SignatureAlgorithmMismatch,
    Error::UnsupportedSignatureAlgorithm,
    Error::WeakSignatureAlgorithm,
    Error::BadSignature,
    Error::Expired {
        not_after: 0,
        time: 1,
    },
    Error::NotYetValid {
        not_before: 1,
        time: 0,
    },
    Error::NameMismatch,
    Error::UnknownIssuer,
    Error::NameConstraintViolation,
    Error::UnsupportedNameConstraint,
    Error::BudgetExceeded {
        kind: BudgetKind::BuildSteps,
    },
    Error::CaUsedAsEndEntity,
    Error::IssuerNotCa,
    Error::PathLenConstraintViolated {
        path_len_constraint: 0,
    },
    Error::IssuerLacksKeyCertSign,
    Error::EndEntityHasKeyCertSign,
    Error::RequiredKeyUsageMissing,
    Error::RequiredExtendedKeyUsageMissing {
        purpose: SERVER_AUTH,
    },
    Error::MaxDepthExceeded { max_depth: 6 },
    Error::ProfileViolation {
        rule: ProfileRule::MissingAuthorityKeyIdentifier,
    },
    Error::ExplicitPolicyRequired,
    Error::Revoked {
        reason: Some(RevocationReason::KeyCompromise),
    },
    Error::RevocationStatusUnknown,
    Error::UnusableCrl { reason: "r" },
];

#[test]
fn every_error_maps_to_its_certificate_alert_class() {
    for error in SAMPLES {
        let (class, source) = expected(error);
        assert_eq!(error.class(), class, "{error:?} ({source})");
    }
}

#[test]
fn the_samples_hold_every_variant_once() {
    let mut seen: Vec<std::mem::Discriminant<Error>> = Vec::new();
    for error in SAMPLES {
        let discriminant = std::mem::discriminant(error);
        assert!(!seen.contains(&discriminant), "{error:?} twice");
        seen.push(discriminant);
    }
    // The exhaustive match in `expected` has one arm per variant; keep the count in step.
    assert_eq!(seen.len(), 32);
}

#[test]
fn every_error_displays_as_a_lower_case_sentence() {
    for error in SAMPLES {
        let text = error.to_string();
        assert!(
            text.chars().next().is_some_and(|c| !c.is_uppercase()),
            "{text}"
        );
        assert!(!text.ends_with('.'), "{text}");
    }
}
