//! Every `HandshakeError` variant with the alert it sends and the section of the rule behind it
//! (HOUSE-STYLE §6: a table test lists every variant with its alert and RFC section).
//!
//! `expected` is an exhaustive `match` on every level: a new variant does not compile until it
//! is added here with its alert and source, and `samples()` must then hold one value of it. The
//! table lives in the crate because the enums are `#[non_exhaustive]`: outside it, the match
//! would need a `_` arm and lose that property.

use std::mem::{Discriminant, discriminant};

use super::{
    ConfigError, ExportError, HandshakeError, LocalError, PeerIncompatible, PeerMisbehaved,
    RefusedSuites, certificate_alert,
};
use tls_pki::{CertificateFault, Position, Rejection};
use tls_wire::extensions::ExtensionContext;
use tls_wire::ids::{
    AlertDescription as A, CipherSuite, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion,
    SignatureScheme,
};

/// The alert each error must send, and the section of the rule that produces it.
fn expected(error: &HandshakeError) -> (Option<A>, &'static str) {
    match error {
        HandshakeError::UnexpectedMessage { .. } => (
            Some(A::UNEXPECTED_MESSAGE),
            "RFC 8446 §6.2 unexpected_message",
        ),
        HandshakeError::PeerMisbehaved(error) => {
            let (alert, section) = misbehaved(error);
            (Some(alert), section)
        }
        HandshakeError::PeerIncompatible(error) => {
            let (alert, section) = incompatible(error);
            (Some(alert), section)
        }
        HandshakeError::Certificate(rejection) => {
            (Some(certificate(rejection.error.class())), "RFC 8446 §6.2")
        }
        HandshakeError::Decode(error) => (Some(error.alert()), "the codec's alert for the fault"),
        HandshakeError::Local(error) => (Some(local(error)), "RFC 8446 §6.2 internal_error"),
        HandshakeError::Config(error) => (config(error), "configuration: no peer yet"),
        HandshakeError::Export(_) => (None, "the application's request: nothing ends"),
    }
}

fn misbehaved(error: &PeerMisbehaved) -> (A, &'static str) {
    use PeerMisbehaved as P;
    match error {
        P::KeyShareWrongLength { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.8.2"),
        P::KeyShareNotOnCurve { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.8.2"),
        P::KeyShareAllZeroSecret => (A::ILLEGAL_PARAMETER, "RFC 8446 §7.4.2, RFC 7748 §6.1"),
        P::SelectedUnofferedCipherSuite { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.1.3"),
        P::SelectedUnofferedVersion { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.1"),
        P::SelectedVersionBeforeTls13 { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.1"),
        P::KeyShareInUnofferedGroup { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.8"),
        P::RetryRequestedUnofferedGroup { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.8"),
        P::RetryRequestedGroupAlreadyShared { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.8"),
        P::HelloRetryRequestWithoutChange => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.1.4"),
        P::SecondHelloRetryRequest => (A::UNEXPECTED_MESSAGE, "RFC 8446 §4.1.4"),
        P::CipherSuiteChangedAfterRetry { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.1.4"),
        P::VersionChangedAfterRetry { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.1.4"),
        P::GroupChangedAfterRetry { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.8"),
        P::WrongLegacySessionIdEcho => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.1.3"),
        P::SelectedCompressionMethod { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.1.3"),
        P::OfferedCompressionMethodsOtherThanNull => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.1.2"),
        P::LegacyVersionNotTls12 { .. } => (A::PROTOCOL_VERSION, "RFC 8446bis §4.1.2, §4.1.3"),
        P::DowngradeSentinelInServerRandom { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.1.3"),
        P::ExtensionNotAllowedInMessage { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2, §4.3.1"),
        P::UnsolicitedExtension { .. } => (A::UNSUPPORTED_EXTENSION, "RFC 8446 §4.2"),
        P::SelectedUnofferedApplicationProtocol => {
            (A::ILLEGAL_PARAMETER, "RFC 7301 §3.1, RFC 8446 §6.2")
        }
        P::DuplicateKeyShareGroup { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.8"),
        P::KeyShareGroupNotInSupportedGroups { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.8"),
        P::SecondClientHelloChanged { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.1.2"),
        P::RetriedKeyShareNotForRequestedGroup { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.8"),
        P::EmptyServerCertificate => (A::DECODE_ERROR, "RFC 8446 §4.4.2.4"),
        P::NonEmptyCertificateRequestContext { .. } => {
            (A::ILLEGAL_PARAMETER, "RFC 8446 §4.3.2, §4.4.2")
        }
        P::SignatureSchemeNotOffered { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.4.3"),
        P::Pkcs1InCertificateVerify { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.4.3"),
        P::SignatureSchemeKeyMismatch { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.4.3"),
        P::BadCertificateVerifySignature => (A::DECRYPT_ERROR, "RFC 8446 §4.4.3"),
        P::BadServerKeyExchangeSignature => (A::DECRYPT_ERROR, "RFC 5246 §7.2.2"),
        P::PointFormatsWithoutUncompressed => (A::ILLEGAL_PARAMETER, "RFC 8422 §5.1.2"),
        P::CompressionMethodsWithoutNull => (A::ILLEGAL_PARAMETER, "RFC 5246 §7.4.1.2"),
        P::NonEmptyRenegotiationInfo => (A::HANDSHAKE_FAILURE, "RFC 5746 §3.4"),
        P::ResumedUnofferedSession => (A::ILLEGAL_PARAMETER, "RFC 5246 §7.4.1.3"),
        P::ResumedWithOtherCipherSuite { .. } => (A::ILLEGAL_PARAMETER, "RFC 5246 §7.4.1.3"),
        P::ResumedWithoutExtendedMasterSecret => (A::HANDSHAKE_FAILURE, "RFC 7627 §5.3"),
        P::SelectedUnofferedPsk { .. } => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.11"),
        P::RecordSizeLimitTooLarge { .. } => (A::ILLEGAL_PARAMETER, "RFC 8449 §4"),
        P::MaxFragmentLengthWithRecordSizeLimit => (A::ILLEGAL_PARAMETER, "RFC 8449 §5"),
        P::EarlyDataAfterHelloRetryRequest => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.1.2"),
        P::EarlyDataAcceptedWithOtherParameters => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.10"),
        P::PskSuiteHashMismatch => (A::ILLEGAL_PARAMETER, "RFC 8446 §4.2.11"),
        P::BadPskBinder => (A::DECRYPT_ERROR, "RFC 8446 §4.2.11.2"),
        P::BadFinished => (A::DECRYPT_ERROR, "RFC 8446 §4.4.4"),
        P::DuplicateServerNameType { .. } => (A::ILLEGAL_PARAMETER, "RFC 6066 §3"),
        P::MalformedServerName => (A::DECODE_ERROR, "RFC 6066 §3"),
        P::FinishedWrongLength { .. } => (A::DECODE_ERROR, "RFC 8446 §4.4.4, §6"),
        P::UnexpectedChangeCipherSpec => (A::UNEXPECTED_MESSAGE, "RFC 8446 §5"),
    }
}

fn incompatible(error: &PeerIncompatible) -> (A, &'static str) {
    use PeerIncompatible as P;
    match error {
        P::NoCommonCipherSuite => (A::HANDSHAKE_FAILURE, "RFC 8446 §4.1.1"),
        P::OnlyRefusedCipherSuites { .. } => (A::HANDSHAKE_FAILURE, "RFC 8446 §4.1.1"),
        P::NoCommonGroup => (A::HANDSHAKE_FAILURE, "RFC 8446 §4.1.1"),
        P::NoCommonSignatureScheme => (A::HANDSHAKE_FAILURE, "RFC 8446 §4.1.1"),
        P::MissingExtension { .. } => (A::MISSING_EXTENSION, "RFC 8446 §9.2, §4.2.3"),
        P::NoCommonVersion => (A::PROTOCOL_VERSION, "RFC 8446 Appendix D.1, D.2"),
        P::ObsoleteVersion { .. } => (A::PROTOCOL_VERSION, "RFC 8996 §5"),
        P::InappropriateFallback { .. } => (A::INAPPROPRIATE_FALLBACK, "RFC 7507 §3"),
        P::NoCommonApplicationProtocol => (A::NO_APPLICATION_PROTOCOL, "RFC 7301 §3.2"),
        P::UnrecognizedServerName => (A::UNRECOGNIZED_NAME, "RFC 8446 §6.2, RFC 6066 §3"),
        P::ClientCertificateRequired => (A::CERTIFICATE_REQUIRED, "RFC 8446 §4.4.2.4"),
        P::ClientCertificateRequiredTls12 => (A::HANDSHAKE_FAILURE, "RFC 5246 §7.4.6"),
        P::ExtendedMasterSecretRequired => (A::HANDSHAKE_FAILURE, "RFC 7627 §5.2"),
    }
}

fn local(error: &LocalError) -> A {
    match error {
        LocalError::RandomFailed
        | LocalError::SigningFailed
        | LocalError::SignatureSchemeNotForKey { .. }
        | LocalError::UnsupportedGroup { .. }
        | LocalError::KeyGenerationFailed { .. }
        | LocalError::UnrequestedAnswer { .. }
        | LocalError::UnencodableMessage { .. }
        | LocalError::KeyUpdateUnavailable
        | LocalError::HandshakeMessagesUnavailable => A::INTERNAL_ERROR,
    }
}

fn config(error: &ConfigError) -> Option<A> {
    match error {
        ConfigError::UnusablePrivateKey { .. }
        | ConfigError::EmptyCertificateChain
        | ConfigError::CertificateKeyMismatch
        | ConfigError::EmptyList { .. }
        | ConfigError::DuplicateInList { .. }
        | ConfigError::UnverifiableSignatureScheme { .. }
        | ConfigError::InvalidApplicationProtocol { .. }
        | ConfigError::TooManyApplicationProtocols
        | ConfigError::NoCipherSuiteForVersion { .. }
        | ConfigError::BufferLimitTooSmall { .. }
        | ConfigError::InvalidRecordSizeLimit { .. }
        | ConfigError::File { .. } => None,
    }
}

/// The certificate alerts of RFC 8446 §6.2, one per class.
fn certificate(fault: CertificateFault) -> A {
    match fault {
        CertificateFault::BadCertificate => A::BAD_CERTIFICATE,
        CertificateFault::UnsupportedCertificate => A::UNSUPPORTED_CERTIFICATE,
        CertificateFault::CertificateRevoked => A::CERTIFICATE_REVOKED,
        CertificateFault::CertificateExpired => A::CERTIFICATE_EXPIRED,
        CertificateFault::CertificateUnknown => A::CERTIFICATE_UNKNOWN,
        CertificateFault::UnknownCa => A::UNKNOWN_CA,
        CertificateFault::AccessDenied => A::ACCESS_DENIED,
    }
}

const X25519: NamedGroup = NamedGroup::X25519;
const SCHEME: SignatureScheme = SignatureScheme::RSA_PKCS1_SHA256;
const EE: ExtensionContext = ExtensionContext::EncryptedExtensions;

fn misbehaved_samples() -> Vec<PeerMisbehaved> {
    use PeerMisbehaved as P;
    vec![
        P::KeyShareWrongLength {
            group: X25519,
            len: 31,
            expected: 32,
        },
        P::KeyShareNotOnCurve {
            group: NamedGroup::SECP256R1,
        },
        P::KeyShareAllZeroSecret,
        P::SelectedUnofferedCipherSuite {
            suite: CipherSuite::TLS_AES_256_GCM_SHA384,
        },
        P::SelectedUnofferedVersion {
            version: ProtocolVersion::new(0x7f1c),
        },
        P::SelectedVersionBeforeTls13 {
            version: ProtocolVersion::TLSV1_2,
        },
        P::KeyShareInUnofferedGroup {
            group: NamedGroup::SECP384R1,
        },
        P::RetryRequestedUnofferedGroup {
            group: NamedGroup::X448,
        },
        P::RetryRequestedGroupAlreadyShared { group: X25519 },
        P::HelloRetryRequestWithoutChange,
        P::SecondHelloRetryRequest,
        P::CipherSuiteChangedAfterRetry {
            retry: CipherSuite::TLS_AES_128_GCM_SHA256,
            server_hello: CipherSuite::TLS_AES_256_GCM_SHA384,
        },
        P::VersionChangedAfterRetry {
            retry: ProtocolVersion::TLSV1_3,
            server_hello: ProtocolVersion::new(0x7f1c),
        },
        P::GroupChangedAfterRetry {
            retry: NamedGroup::SECP256R1,
            server_hello: X25519,
        },
        P::WrongLegacySessionIdEcho,
        P::SelectedCompressionMethod { method: 1 },
        P::OfferedCompressionMethodsOtherThanNull,
        P::LegacyVersionNotTls12 {
            message: ExtensionContext::ClientHello,
            version: ProtocolVersion::TLSV1_0,
        },
        P::DowngradeSentinelInServerRandom {
            version: ProtocolVersion::TLSV1_2,
        },
        P::ExtensionNotAllowedInMessage {
            extension: ExtensionType::KEY_SHARE,
            message: EE,
        },
        P::UnsolicitedExtension {
            extension: ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
            message: EE,
        },
        P::SelectedUnofferedApplicationProtocol,
        P::DuplicateKeyShareGroup { group: X25519 },
        P::KeyShareGroupNotInSupportedGroups {
            group: NamedGroup::SECP384R1,
        },
        P::SecondClientHelloChanged {
            field: "cipher_suites",
        },
        P::RetriedKeyShareNotForRequestedGroup {
            requested: NamedGroup::SECP256R1,
        },
        P::EmptyServerCertificate,
        P::NonEmptyCertificateRequestContext { len: 3 },
        P::SignatureSchemeNotOffered {
            scheme: SignatureScheme::ED448,
        },
        P::Pkcs1InCertificateVerify { scheme: SCHEME },
        P::SignatureSchemeKeyMismatch {
            scheme: SignatureScheme::ECDSA_SECP256R1_SHA256,
        },
        P::BadCertificateVerifySignature,
        P::BadServerKeyExchangeSignature,
        P::PointFormatsWithoutUncompressed,
        P::CompressionMethodsWithoutNull,
        P::NonEmptyRenegotiationInfo,
        P::ResumedUnofferedSession,
        P::ResumedWithOtherCipherSuite {
            suite: CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        },
        P::ResumedWithoutExtendedMasterSecret,
        P::SelectedUnofferedPsk { identity: 1 },
        P::RecordSizeLimitTooLarge { limit: 20000 },
        P::MaxFragmentLengthWithRecordSizeLimit,
        P::EarlyDataAfterHelloRetryRequest,
        P::EarlyDataAcceptedWithOtherParameters,
        P::PskSuiteHashMismatch,
        P::BadPskBinder,
        P::BadFinished,
        P::DuplicateServerNameType { name_type: 0 },
        P::MalformedServerName,
        P::FinishedWrongLength {
            len: 31,
            expected: 32,
        },
        P::UnexpectedChangeCipherSpec,
    ]
}

fn incompatible_samples() -> Vec<PeerIncompatible> {
    use PeerIncompatible as P;
    vec![
        P::NoCommonCipherSuite,
        P::OnlyRefusedCipherSuites {
            refused: RefusedSuites::among(&[CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA]),
        },
        P::NoCommonGroup,
        P::NoCommonSignatureScheme,
        P::MissingExtension {
            extension: ExtensionType::SUPPORTED_VERSIONS,
            message: ExtensionContext::ClientHello,
        },
        P::NoCommonVersion,
        P::ObsoleteVersion {
            version: ProtocolVersion::TLSV1_1,
        },
        P::InappropriateFallback {
            highest: ProtocolVersion::TLSV1_2,
        },
        P::NoCommonApplicationProtocol,
        P::UnrecognizedServerName,
        P::ClientCertificateRequired,
        P::ClientCertificateRequiredTls12,
        P::ExtendedMasterSecretRequired,
    ]
}

fn config_samples() -> Vec<ConfigError> {
    vec![
        ConfigError::UnusablePrivateKey {
            format: "SEC1",
            reason: "no public key",
        },
        ConfigError::EmptyCertificateChain,
        ConfigError::CertificateKeyMismatch,
        ConfigError::EmptyList {
            list: "cipher suites",
        },
        ConfigError::DuplicateInList { list: "groups" },
        ConfigError::UnverifiableSignatureScheme { scheme: SCHEME },
        ConfigError::InvalidApplicationProtocol { len: 0 },
        ConfigError::TooManyApplicationProtocols,
        ConfigError::NoCipherSuiteForVersion {
            version: crate::config::SupportedVersion::Tls12,
        },
        ConfigError::BufferLimitTooSmall {
            limit: "received plaintext",
            asked: 1,
            min: 18437,
        },
        ConfigError::InvalidRecordSizeLimit { limit: 10 },
        ConfigError::File {
            path: "key.pem".to_owned(),
            problem: crate::error::FileProblem::KeyDoesNotMatchCertificate,
        },
    ]
}

fn local_samples() -> Vec<LocalError> {
    vec![
        LocalError::RandomFailed,
        LocalError::SigningFailed,
        LocalError::SignatureSchemeNotForKey { scheme: SCHEME },
        LocalError::UnsupportedGroup {
            group: NamedGroup::FFDHE2048,
        },
        LocalError::KeyGenerationFailed { group: X25519 },
        LocalError::UnrequestedAnswer {
            expected: "ClientHello",
        },
        LocalError::UnencodableMessage {
            message: HandshakeType::CERTIFICATE,
        },
        LocalError::KeyUpdateUnavailable,
        LocalError::HandshakeMessagesUnavailable,
    ]
}

fn samples() -> Vec<HandshakeError> {
    let mut samples = vec![
        HandshakeError::UnexpectedMessage {
            expected: "EncryptedExtensions",
            got: HandshakeType::FINISHED,
        },
        HandshakeError::Certificate(Rejection {
            certificate: Position::EndEntity,
            error: tls_pki::Error::UnknownIssuer,
        }),
        HandshakeError::Decode(tls_wire::DecodeError::new(
            tls_wire::DecodeErrorKind::TrailingBytes { count: 1 },
            "SupportedVersions.selected_version",
            40,
        )),
    ];
    samples.extend(misbehaved_samples().into_iter().map(HandshakeError::from));
    samples.extend(incompatible_samples().into_iter().map(HandshakeError::from));
    samples.extend(local_samples().into_iter().map(HandshakeError::from));
    samples.extend(config_samples().into_iter().map(HandshakeError::from));
    samples.extend(export_samples().into_iter().map(HandshakeError::from));
    samples
}

fn export_samples() -> Vec<ExportError> {
    vec![
        ExportError::HandshakeIncomplete,
        ExportError::NoExtendedMasterSecret,
        ExportError::NoExporterSecret,
        ExportError::Refused(tls_keyschedule::Error::ReservedLabel {
            label: "master secret",
        }),
    ]
}

#[test]
fn every_error_sends_its_alert() {
    for error in samples() {
        let (alert, source) = expected(&error);
        assert_eq!(error.alert(), alert, "{error:?} ({source})");
    }
}

#[test]
fn every_certificate_fault_class_has_its_alert() {
    for fault in [
        CertificateFault::BadCertificate,
        CertificateFault::UnsupportedCertificate,
        CertificateFault::CertificateRevoked,
        CertificateFault::CertificateExpired,
        CertificateFault::CertificateUnknown,
        CertificateFault::UnknownCa,
        CertificateFault::AccessDenied,
    ] {
        assert_eq!(certificate_alert(fault), certificate(fault), "{fault}");
        // The alert is named as the class is.
        assert_eq!(certificate_alert(fault).to_string(), fault.to_string());
    }
}

#[test]
fn a_rejected_certificate_sends_the_alert_of_its_class() {
    for (error, alert) in [
        (tls_pki::Error::UnknownIssuer, A::UNKNOWN_CA),
        (
            tls_pki::Error::Expired {
                not_after: 0,
                time: 1,
            },
            A::CERTIFICATE_EXPIRED,
        ),
        (tls_pki::Error::BadSignature, A::BAD_CERTIFICATE),
        (
            tls_pki::Error::UnsupportedSignatureAlgorithm,
            A::UNSUPPORTED_CERTIFICATE,
        ),
    ] {
        let rejection = Rejection {
            certificate: Position::Intermediate(0),
            error,
        };
        assert_eq!(HandshakeError::from(rejection).alert(), Some(alert));
    }
}

/// Each group's sample list holds every variant of its enum once, and `samples()` every
/// variant of `HandshakeError`. The exhaustive matches above have one arm per variant; the
/// counts keep the lists in step with them.
#[test]
fn the_samples_hold_every_variant_once() {
    fn variants<T>(values: &[T], once: bool) -> usize {
        let mut seen: Vec<Discriminant<T>> = Vec::new();
        for value in values {
            let d = discriminant(value);
            if seen.contains(&d) {
                assert!(!once, "a variant twice");
            } else {
                seen.push(d);
            }
        }
        seen.len()
    }
    assert_eq!(variants(&misbehaved_samples(), true), 51);
    assert_eq!(variants(&incompatible_samples(), true), 13);
    assert_eq!(variants(&local_samples(), true), 9);
    assert_eq!(variants(&config_samples(), true), 12);
    assert_eq!(variants(&export_samples(), true), 4);
    assert_eq!(variants(&samples(), false), 8);
}

#[test]
fn every_error_displays_as_a_lower_case_sentence() {
    for error in samples() {
        let text = error.to_string();
        assert!(
            text.chars().next().is_some_and(|c| !c.is_uppercase()),
            "{text}"
        );
        assert!(!text.ends_with('.'), "{text}");
    }
}

#[test]
fn messages_name_the_actor_and_the_values() {
    let cases = [
        (
            HandshakeError::from(PeerMisbehaved::KeyShareWrongLength {
                group: X25519,
                len: 31,
                expected: 32,
            }),
            "peer sent a key share of 31 bytes for x25519, which needs 32",
        ),
        (
            HandshakeError::from(PeerMisbehaved::SelectedUnofferedCipherSuite {
                suite: CipherSuite::TLS_AES_256_GCM_SHA384,
            }),
            "peer selected cipher suite TLS_AES_256_GCM_SHA384 that we did not offer",
        ),
        (
            HandshakeError::from(PeerMisbehaved::UnsolicitedExtension {
                extension: ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                message: EE,
            }),
            "peer sent extension application_layer_protocol_negotiation in its EncryptedExtensions \
             that we did not request",
        ),
        (
            HandshakeError::from(PeerIncompatible::MissingExtension {
                extension: ExtensionType::KEY_SHARE,
                message: ExtensionContext::ClientHello,
            }),
            "peer sent its ClientHello without the mandatory extension key_share",
        ),
        (
            HandshakeError::from(ConfigError::UnusablePrivateKey {
                format: "SEC1",
                reason: "no public key",
            }),
            "our SEC1 private key cannot be used: no public key",
        ),
    ];
    for (error, text) in cases {
        assert_eq!(error.to_string(), text);
    }
}
