//! [`PeerMisbehaved`]: the peer broke a rule of the RFC, named after what it did.

use core::fmt;

use tls_wire::extensions::ExtensionContext;
use tls_wire::ids::{
    AlertDescription, CipherSuite, ExtensionType, NamedGroup, ProtocolVersion, SignatureScheme,
};

use super::message_name;

/// A rule of RFC 8446 the peer broke, named after what the peer did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PeerMisbehaved {
    /// A key share whose length is not the one its group defines (RFC 8446 §4.2.8.2).
    KeyShareWrongLength {
        /// The share's group.
        group: NamedGroup,
        /// The length received.
        len: usize,
        /// The length the group defines.
        expected: usize,
    },
    /// A NIST-curve key share that is not an uncompressed point on the curve (RFC 8446
    /// §4.2.8.2).
    KeyShareNotOnCurve {
        /// The share's group.
        group: NamedGroup,
    },
    /// An X25519 key share that yields the all-zero shared secret (RFC 8446 §7.4.2, RFC 7748
    /// §6.1): a low-order point.
    KeyShareAllZeroSecret,
    /// The ServerHello or HelloRetryRequest selected a cipher suite the client did not offer
    /// (RFC 8446 §4.1.3).
    SelectedUnofferedCipherSuite {
        /// The suite the server selected.
        suite: CipherSuite,
    },
    /// The server's `supported_versions` selected a version the client did not offer (RFC
    /// 8446 §4.2.1).
    SelectedUnofferedVersion {
        /// The version the server selected.
        version: ProtocolVersion,
    },
    /// The server's `supported_versions` selected a version before TLS 1.3, which that
    /// extension cannot select (RFC 8446 §4.2.1).
    SelectedVersionBeforeTls13 {
        /// The version the server selected.
        version: ProtocolVersion,
    },
    /// The ServerHello's key share is in a group for which the client sent no share (RFC 8446
    /// §4.2.8).
    KeyShareInUnofferedGroup {
        /// The group of the server's share.
        group: NamedGroup,
    },
    /// The HelloRetryRequest asked for a group the client's `supported_groups` did not list
    /// (RFC 8446 §4.2.8).
    RetryRequestedUnofferedGroup {
        /// The group the server asked for.
        group: NamedGroup,
    },
    /// The HelloRetryRequest asked for a group the client had already sent a share for (RFC
    /// 8446 §4.2.8).
    RetryRequestedGroupAlreadyShared {
        /// The group the server asked for.
        group: NamedGroup,
    },
    /// The HelloRetryRequest would not change the ClientHello (RFC 8446 §4.1.4).
    HelloRetryRequestWithoutChange,
    /// A second HelloRetryRequest in one connection (RFC 8446 §4.1.4).
    SecondHelloRetryRequest,
    /// The ServerHello's cipher suite differs from the HelloRetryRequest's (RFC 8446 §4.1.4).
    CipherSuiteChangedAfterRetry {
        /// The suite the HelloRetryRequest selected.
        retry: CipherSuite,
        /// The suite the ServerHello selected.
        server_hello: CipherSuite,
    },
    /// The ServerHello's `supported_versions` differs from the HelloRetryRequest's (RFC 8446
    /// §4.1.4).
    VersionChangedAfterRetry {
        /// The version the HelloRetryRequest selected.
        retry: ProtocolVersion,
        /// The version the ServerHello selected.
        server_hello: ProtocolVersion,
    },
    /// The ServerHello's key share is not in the group the HelloRetryRequest asked for (RFC
    /// 8446 §4.2.8).
    GroupChangedAfterRetry {
        /// The group the HelloRetryRequest asked for.
        retry: NamedGroup,
        /// The group of the ServerHello's share.
        server_hello: NamedGroup,
    },
    /// The ServerHello's `legacy_session_id_echo` is not the client's `legacy_session_id`
    /// (RFC 8446 §4.1.3).
    WrongLegacySessionIdEcho,
    /// The ServerHello's `legacy_compression_method` is not 0 (RFC 8446 §4.1.3).
    SelectedCompressionMethod {
        /// The method the server selected.
        method: u8,
    },
    /// A TLS 1.3 ClientHello's `legacy_compression_methods` is not the single byte 0 (RFC 8446
    /// §4.1.2).
    OfferedCompressionMethodsOtherThanNull,
    /// A ClientHello offering TLS 1.3, or a ServerHello or HelloRetryRequest selecting it,
    /// whose `legacy_version` is not 0x0303 (RFC 8446bis §4.1.2, §4.1.3).
    LegacyVersionNotTls12 {
        /// The message.
        message: ExtensionContext,
        /// The `legacy_version` received.
        version: ProtocolVersion,
    },
    /// A ServerHello negotiating TLS 1.2 or below carries the downgrade sentinel in the last
    /// 8 bytes of its random (RFC 8446 §4.1.3).
    DowngradeSentinelInServerRandom {
        /// The version the ServerHello negotiates.
        version: ProtocolVersion,
    },
    /// An extension the peer recognises sent in a message that the RFC 8446 §4.2 table does
    /// not list for it (includes RFC 8446 §4.3.1's forbidden EncryptedExtensions).
    ExtensionNotAllowedInMessage {
        /// The extension.
        extension: ExtensionType,
        /// The message that carried it.
        message: ExtensionContext,
    },
    /// An extension response to a request we did not make (RFC 8446 §4.2), e.g. ALPN in
    /// EncryptedExtensions when the ClientHello offered none.
    UnsolicitedExtension {
        /// The extension.
        extension: ExtensionType,
        /// The message that carried it.
        message: ExtensionContext,
    },
    /// The server's ALPN selected a protocol the client did not offer (RFC 7301 §3.1).
    SelectedUnofferedApplicationProtocol,
    /// The ClientHello carries two key shares for one group (RFC 8446 §4.2.8).
    DuplicateKeyShareGroup {
        /// The repeated group.
        group: NamedGroup,
    },
    /// The ClientHello carries a key share for a group its `supported_groups` does not list
    /// (RFC 8446 §4.2.8).
    KeyShareGroupNotInSupportedGroups {
        /// The share's group.
        group: NamedGroup,
    },
    /// The second ClientHello changed a field that RFC 8446 §4.1.2 requires to stay the same.
    SecondClientHelloChanged {
        /// The field that changed.
        field: &'static str,
    },
    /// The second ClientHello's `key_share` is not a single share for the group the
    /// HelloRetryRequest asked for (RFC 8446 §4.2.8).
    RetriedKeyShareNotForRequestedGroup {
        /// The group the HelloRetryRequest asked for.
        requested: NamedGroup,
    },
    /// The server's Certificate message holds no certificate (RFC 8446 §4.4.2.4).
    EmptyServerCertificate,
    /// A `certificate_request_context` that must be empty during the handshake is not (RFC
    /// 8446 §4.3.2, §4.4.2).
    NonEmptyCertificateRequestContext {
        /// Its length.
        len: usize,
    },
    /// The CertificateVerify uses a signature scheme we did not offer (RFC 8446 §4.4.3).
    SignatureSchemeNotOffered {
        /// The scheme the peer used.
        scheme: SignatureScheme,
    },
    /// The CertificateVerify uses an RSASSA-PKCS1-v1_5 scheme, which TLS 1.3 forbids there
    /// (RFC 8446 §4.4.3).
    Pkcs1InCertificateVerify {
        /// The scheme the peer used.
        scheme: SignatureScheme,
    },
    /// The CertificateVerify's scheme does not fit the key of the peer's end-entity
    /// certificate (RFC 8446 §4.4.3), e.g. ecdsa_secp256r1_sha256 with a P-384 key.
    SignatureSchemeKeyMismatch {
        /// The scheme the peer used.
        scheme: SignatureScheme,
    },
    /// The CertificateVerify signature does not verify (RFC 8446 §4.4.3).
    BadCertificateVerifySignature,
    /// A TLS 1.2 ClientHello's compression methods lack null (RFC 5246 §7.4.1.2).
    CompressionMethodsWithoutNull,
    /// A TLS 1.2 peer's ec_point_formats lacks the uncompressed format (RFC 8422 §5.1.2).
    PointFormatsWithoutUncompressed,
    /// A TLS 1.2 server's renegotiation_info is not empty in an initial handshake (RFC 5746
    /// §3.4).
    NonEmptyRenegotiationInfo,
    /// A TLS 1.2 server resumed a session we did not offer: it echoed a session id we sent
    /// without a session behind it (RFC 5246 §7.4.1.3).
    ResumedUnofferedSession,
    /// A TLS 1.2 server resumed our session with another cipher suite (RFC 5246 §7.4.1.3).
    ResumedWithOtherCipherSuite {
        /// The suite it selected.
        suite: CipherSuite,
    },
    /// A TLS 1.2 server resumed our session, made with the extended master secret, without it
    /// (RFC 7627 §5.3).
    ResumedWithoutExtendedMasterSecret,
    /// The server's record_size_limit is over the negotiated version's maximum (RFC 8449
    /// §4).
    RecordSizeLimitTooLarge {
        /// The limit it sent.
        limit: u16,
    },
    /// The server answered both max_fragment_length and record_size_limit (RFC 8449 §5).
    MaxFragmentLengthWithRecordSizeLimit,
    /// A second ClientHello offered early data (RFC 8446 §4.1.2).
    EarlyDataAfterHelloRetryRequest,
    /// The server accepted our early data with another suite, ALPN or PSK than the ticket's
    /// first identity (RFC 8446 §4.2.10).
    EarlyDataAcceptedWithOtherParameters,
    /// The server selected a PSK identity we did not offer (RFC 8446 §4.2.11).
    SelectedUnofferedPsk {
        /// The `selected_identity`.
        identity: u16,
    },
    /// The server resumed our ticket with a suite whose hash is not the ticket's (RFC 8446
    /// §4.2.11).
    PskSuiteHashMismatch,
    /// The client's PSK binder is not the one we computed (RFC 8446 §4.2.11.2).
    BadPskBinder,
    /// The TLS 1.2 ServerKeyExchange signature does not verify (RFC 5246 §7.4.3, RFC 8422
    /// §5.4).
    BadServerKeyExchangeSignature,
    /// The Finished `verify_data` is not the one we computed (RFC 8446 §4.4.4).
    BadFinished,
    /// The client's server_name list holds two names of one type (RFC 6066 §3).
    DuplicateServerNameType {
        /// The `name_type`.
        name_type: u8,
    },
    /// The client's `host_name` is not a DNS name (RFC 6066 §3: ASCII, no trailing dot).
    MalformedServerName,
    /// The Finished `verify_data` is not as long as the handshake hash (RFC 8446 §4.4.4:
    /// `opaque verify_data[Hash.length]`): a malformed message, not a wrong value.
    FinishedWrongLength {
        /// The length received.
        len: usize,
        /// The hash length.
        expected: usize,
    },
    /// A change_cipher_spec record outside the window RFC 8446 §5 tolerates it in (before the
    /// first ClientHello, after the peer's Finished), or one more than
    /// [`MAX_DROPPED_CHANGE_CIPHER_SPECS`](crate::MAX_DROPPED_CHANGE_CIPHER_SPECS).
    UnexpectedChangeCipherSpec,
}

impl PeerMisbehaved {
    /// The alert for this fault. Each arm names the section behind it; the check that finds
    /// the fault quotes the rule in full.
    pub fn alert(&self) -> AlertDescription {
        match self {
            // RFC 8446 §4.2.8.2 (point validation), §7.4.2 and RFC 7748 §6.1 (all-zero
            // X25519 secret); §6.2 illegal_parameter.
            Self::KeyShareWrongLength { .. }
            | Self::KeyShareNotOnCurve { .. }
            | Self::KeyShareAllZeroSecret => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.1.3.
            Self::SelectedUnofferedCipherSuite { .. } => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.2.1.
            Self::SelectedUnofferedVersion { .. } | Self::SelectedVersionBeforeTls13 { .. } => {
                AlertDescription::ILLEGAL_PARAMETER
            }
            // RFC 8446 §4.2.8.
            Self::KeyShareInUnofferedGroup { .. }
            | Self::RetryRequestedUnofferedGroup { .. }
            | Self::RetryRequestedGroupAlreadyShared { .. } => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.1.4.
            Self::HelloRetryRequestWithoutChange => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.1.4.
            Self::SecondHelloRetryRequest => AlertDescription::UNEXPECTED_MESSAGE,
            // RFC 8446 §4.1.4.
            Self::CipherSuiteChangedAfterRetry { .. } | Self::VersionChangedAfterRetry { .. } => {
                AlertDescription::ILLEGAL_PARAMETER
            }
            // RFC 8446 §4.2.8.
            Self::GroupChangedAfterRetry { .. } => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.1.3.
            Self::WrongLegacySessionIdEcho | Self::SelectedCompressionMethod { .. } => {
                AlertDescription::ILLEGAL_PARAMETER
            }
            // RFC 8446 §4.1.2.
            Self::OfferedCompressionMethodsOtherThanNull => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446bis §4.1.2, §4.1.3.
            Self::LegacyVersionNotTls12 { .. } => AlertDescription::PROTOCOL_VERSION,
            // RFC 8446 §4.1.3.
            Self::DowngradeSentinelInServerRandom { .. } => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.2, §4.3.1.
            Self::ExtensionNotAllowedInMessage { .. } => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.2.
            Self::UnsolicitedExtension { .. } => AlertDescription::UNSUPPORTED_EXTENSION,
            // RFC 7301 §3.1 names no alert; the selected protocol is a field inconsistent with
            // the ClientHello's list, which is illegal_parameter's definition (RFC 8446 §6.2),
            // as rustls does.
            Self::SelectedUnofferedApplicationProtocol => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.2.8.
            Self::DuplicateKeyShareGroup { .. }
            | Self::KeyShareGroupNotInSupportedGroups { .. } => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.1.2 requires the second ClientHello to be the first with the listed
            // changes but names no alert; a field inconsistent with the first ClientHello is
            // illegal_parameter's definition (§6.2). The share rule is §4.2.8.
            Self::SecondClientHelloChanged { .. }
            | Self::RetriedKeyShareNotForRequestedGroup { .. } => {
                AlertDescription::ILLEGAL_PARAMETER
            }
            // RFC 8446 §4.4.2.4.
            Self::EmptyServerCertificate => AlertDescription::DECODE_ERROR,
            // RFC 8446 §4.3.2, §4.4.2.
            Self::NonEmptyCertificateRequestContext { .. } => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.4.3.
            Self::SignatureSchemeNotOffered { .. }
            | Self::Pkcs1InCertificateVerify { .. }
            | Self::SignatureSchemeKeyMismatch { .. } => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.4.3.
            Self::BadCertificateVerifySignature => AlertDescription::DECRYPT_ERROR,
            // RFC 5246 §7.2.2.
            Self::BadServerKeyExchangeSignature => AlertDescription::DECRYPT_ERROR,
            // RFC 8422 §5.1.2 names no alert; a list without the mandatory value is a bad
            // parameter.
            Self::PointFormatsWithoutUncompressed => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 5246 §7.4.1.2 names no alert; a list without the mandatory value is a bad
            // parameter, as RFC 8446 §4.1.2 says of TLS 1.3's.
            Self::CompressionMethodsWithoutNull => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 5746 §3.4.
            Self::NonEmptyRenegotiationInfo => AlertDescription::HANDSHAKE_FAILURE,
            // RFC 5246 §7.4.1.3 names no alert: a session id or suite the server may not
            // choose is a bad parameter.
            Self::ResumedUnofferedSession | Self::ResumedWithOtherCipherSuite { .. } => {
                AlertDescription::ILLEGAL_PARAMETER
            }
            // RFC 8449 §4, §5.
            Self::RecordSizeLimitTooLarge { .. } | Self::MaxFragmentLengthWithRecordSizeLimit => {
                AlertDescription::ILLEGAL_PARAMETER
            }
            // RFC 8446 §4.1.2, §4.2.10.
            Self::EarlyDataAfterHelloRetryRequest | Self::EarlyDataAcceptedWithOtherParameters => {
                AlertDescription::ILLEGAL_PARAMETER
            }
            // RFC 8446 §4.2.11.
            Self::SelectedUnofferedPsk { .. } | Self::PskSuiteHashMismatch => {
                AlertDescription::ILLEGAL_PARAMETER
            }
            // RFC 8446 §4.2.11.2: as a bad Finished, the binder's model.
            Self::BadPskBinder => AlertDescription::DECRYPT_ERROR,
            // RFC 7627 §5.3 says to abort; as for a missing extended master secret (§5.2).
            Self::ResumedWithoutExtendedMasterSecret => AlertDescription::HANDSHAKE_FAILURE,
            // RFC 8446 §4.4.4.
            Self::BadFinished => AlertDescription::DECRYPT_ERROR,
            // RFC 6066 §3 names no alert; a second name of a type is a bad value.
            Self::DuplicateServerNameType { .. } => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 6066 §3: a name that does not parse as a host name.
            Self::MalformedServerName => AlertDescription::DECODE_ERROR,
            // RFC 8446 §6: a message that cannot be parsed according to the syntax.
            Self::FinishedWrongLength { .. } => AlertDescription::DECODE_ERROR,
            // RFC 8446 §5.
            Self::UnexpectedChangeCipherSpec => AlertDescription::UNEXPECTED_MESSAGE,
        }
    }
}

impl fmt::Display for PeerMisbehaved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::KeyShareWrongLength {
                group,
                len,
                expected,
            } => write!(
                f,
                "peer sent a key share of {len} bytes for {group}, which needs {expected}"
            ),
            Self::KeyShareNotOnCurve { group } => write!(
                f,
                "peer sent a key share for {group} that is not an uncompressed point on the curve"
            ),
            Self::KeyShareAllZeroSecret => write!(
                f,
                "peer sent an x25519 key share that gives the all-zero shared secret"
            ),
            Self::SelectedUnofferedCipherSuite { suite } => {
                write!(
                    f,
                    "peer selected cipher suite {suite} that we did not offer"
                )
            }
            Self::SelectedUnofferedVersion { version } => {
                write!(f, "peer selected version {version} that we did not offer")
            }
            Self::SelectedVersionBeforeTls13 { version } => write!(
                f,
                "peer selected version {version} in supported_versions, which only selects TLS 1.3 or later"
            ),
            Self::KeyShareInUnofferedGroup { group } => write!(
                f,
                "peer sent a key share for {group}, a group we sent no share for"
            ),
            Self::RetryRequestedUnofferedGroup { group } => write!(
                f,
                "peer's HelloRetryRequest asked for group {group} that we did not offer"
            ),
            Self::RetryRequestedGroupAlreadyShared { group } => write!(
                f,
                "peer's HelloRetryRequest asked for group {group} that we already sent a share for"
            ),
            Self::HelloRetryRequestWithoutChange => write!(
                f,
                "peer sent a HelloRetryRequest that would not change the ClientHello"
            ),
            Self::SecondHelloRetryRequest => {
                write!(f, "peer sent a second HelloRetryRequest")
            }
            Self::CipherSuiteChangedAfterRetry {
                retry,
                server_hello,
            } => write!(
                f,
                "peer selected cipher suite {server_hello} in its ServerHello after {retry} in its HelloRetryRequest"
            ),
            Self::VersionChangedAfterRetry {
                retry,
                server_hello,
            } => write!(
                f,
                "peer selected version {server_hello} in its ServerHello after {retry} in its HelloRetryRequest"
            ),
            Self::GroupChangedAfterRetry {
                retry,
                server_hello,
            } => write!(
                f,
                "peer sent a key share for {server_hello} after asking for {retry} in its HelloRetryRequest"
            ),
            Self::WrongLegacySessionIdEcho => write!(
                f,
                "peer's legacy_session_id_echo differs from our legacy_session_id"
            ),
            Self::SelectedCompressionMethod { method } => {
                write!(f, "peer selected compression method {method}, not 0")
            }
            Self::OfferedCompressionMethodsOtherThanNull => write!(
                f,
                "peer offered compression methods other than the single null method in a TLS 1.3 ClientHello"
            ),
            Self::LegacyVersionNotTls12 { message, version } => write!(
                f,
                "peer's {} for TLS 1.3 has legacy_version {version:?}, not 0x0303",
                message_name(*message)
            ),
            Self::DowngradeSentinelInServerRandom { version } => write!(
                f,
                "peer negotiated {version} with a downgrade sentinel in its random"
            ),
            Self::ExtensionNotAllowedInMessage { extension, message } => write!(
                f,
                "peer sent extension {extension} in its {}, which may not carry it",
                message_name(*message)
            ),
            Self::UnsolicitedExtension { extension, message } => write!(
                f,
                "peer sent extension {extension} in its {} that we did not request",
                message_name(*message)
            ),
            Self::SelectedUnofferedApplicationProtocol => write!(
                f,
                "peer selected an application protocol that we did not offer"
            ),
            Self::DuplicateKeyShareGroup { group } => {
                write!(f, "peer sent two key shares for {group}")
            }
            Self::KeyShareGroupNotInSupportedGroups { group } => write!(
                f,
                "peer sent a key share for {group}, which its supported_groups does not list"
            ),
            Self::SecondClientHelloChanged { field } => {
                write!(f, "peer changed {field} in its second ClientHello")
            }
            Self::RetriedKeyShareNotForRequestedGroup { requested } => write!(
                f,
                "peer's second ClientHello does not hold exactly one key share, for {requested}"
            ),
            Self::EmptyServerCertificate => {
                write!(f, "peer sent a Certificate message with no certificate")
            }
            Self::NonEmptyCertificateRequestContext { len } => write!(
                f,
                "peer sent a certificate_request_context of {len} bytes during the handshake, which must be empty"
            ),
            Self::SignatureSchemeNotOffered { scheme } => {
                write!(f, "peer signed with scheme {scheme} that we did not offer")
            }
            Self::Pkcs1InCertificateVerify { scheme } => write!(
                f,
                "peer signed its CertificateVerify with PKCS#1 v1.5 scheme {scheme}"
            ),
            Self::SignatureSchemeKeyMismatch { scheme } => write!(
                f,
                "peer signed with scheme {scheme}, which does not fit its certificate's key"
            ),
            Self::BadCertificateVerifySignature => {
                write!(f, "peer's CertificateVerify signature does not verify")
            }
            Self::BadServerKeyExchangeSignature => {
                write!(f, "peer's ServerKeyExchange signature does not verify")
            }
            Self::CompressionMethodsWithoutNull => {
                write!(f, "peer's compression methods do not include null")
            }
            Self::PointFormatsWithoutUncompressed => write!(
                f,
                "peer's ec_point_formats does not list the uncompressed format"
            ),
            Self::NonEmptyRenegotiationInfo => write!(
                f,
                "peer's renegotiation_info is not empty in an initial handshake"
            ),
            Self::ResumedUnofferedSession => {
                write!(f, "peer resumed a session we did not offer")
            }
            Self::ResumedWithOtherCipherSuite { suite } => write!(
                f,
                "peer resumed our session with cipher suite {suite}, not the session's"
            ),
            Self::ResumedWithoutExtendedMasterSecret => write!(
                f,
                "peer resumed our session without the extended master secret it was made with"
            ),
            Self::RecordSizeLimitTooLarge { limit } => write!(
                f,
                "peer's record_size_limit of {limit} is over the negotiated version's maximum"
            ),
            Self::MaxFragmentLengthWithRecordSizeLimit => write!(
                f,
                "peer answered both max_fragment_length and record_size_limit"
            ),
            Self::EarlyDataAfterHelloRetryRequest => {
                f.write_str("peer offered early data in its second ClientHello")
            }
            Self::EarlyDataAcceptedWithOtherParameters => f.write_str(
                "peer accepted our early data with another suite, ALPN or PSK than the ticket's",
            ),
            Self::SelectedUnofferedPsk { identity } => {
                write!(
                    f,
                    "peer selected PSK identity {identity}, which we did not offer"
                )
            }
            Self::PskSuiteHashMismatch => write!(
                f,
                "peer resumed our ticket with a cipher suite of another hash than the ticket's"
            ),
            Self::BadPskBinder => write!(f, "peer's PSK binder is not the one we computed"),
            Self::BadFinished => write!(f, "peer's Finished is not the one we computed"),
            Self::DuplicateServerNameType { name_type } => write!(
                f,
                "peer's server_name list holds two names of name_type {name_type}"
            ),
            Self::MalformedServerName => {
                write!(f, "peer's server_name host_name is not a DNS name")
            }
            Self::FinishedWrongLength { len, expected } => write!(
                f,
                "peer's Finished verify_data is {len} bytes, not the handshake hash's {expected}"
            ),
            Self::UnexpectedChangeCipherSpec => write!(
                f,
                "peer sent a change_cipher_spec record outside the handshake or more than once"
            ),
        }
    }
}

impl core::error::Error for PeerMisbehaved {}
