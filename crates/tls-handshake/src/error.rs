//! The crate's one error type, [`HandshakeError`], and the alert each error sends.
//!
//! Errors are grouped by who is at fault (HOUSE-STYLE §6): the peer's bytes did not decode
//! ([`HandshakeError::Decode`]), a message came out of order
//! ([`HandshakeError::UnexpectedMessage`]), the peer broke a rule of the RFC
//! ([`PeerMisbehaved`]), the peer is within the rules but we cannot agree with it
//! ([`PeerIncompatible`]), its certificate was refused ([`HandshakeError::Certificate`]), it
//! sent an alert ([`HandshakeError::AlertReceived`]), or something failed on our side
//! ([`LocalError`]).
//!
//! Errors are at least as specific as alerts: many variants share an alert, none maps to two.
//! Where the RFC asks for different alerts in different situations, each situation is its own
//! variant. [`HandshakeError::alert`] is one exhaustive `match` per group, with no `_` arm, so
//! a new variant does not compile until someone chooses its alert.
//!
//! Duplicate extensions in one block and a `pre_shared_key` that is not last are found while
//! decoding, by tls-wire, and arrive as [`HandshakeError::Decode`]: they have no variant here.

use core::fmt;

use tls_pki::{CertificateFault, Rejection};
use tls_wire::DecodeError;
use tls_wire::extensions::ExtensionContext;
use tls_wire::ids::{
    AlertDescription, CipherSuite, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion,
    SignatureScheme,
};

/// Why a handshake failed. [`HandshakeError::alert`] names the alert to send, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandshakeError {
    /// The peer's bytes did not decode; the error names the RFC field and the alert.
    Decode(DecodeError),
    /// A handshake message arrived that the current state does not accept.
    UnexpectedMessage {
        /// What the state was waiting for (the state's description, e.g. `"ServerHello"`).
        expected: &'static str,
        /// The type of the message that arrived.
        got: HandshakeType,
    },
    /// The peer broke a rule of the RFC.
    PeerMisbehaved(PeerMisbehaved),
    /// The peer kept to the RFC, but we have nothing in common with it.
    PeerIncompatible(PeerIncompatible),
    /// The peer's certificate chain was refused.
    Certificate(Rejection),
    /// The peer sent a fatal alert (or closed during the handshake).
    AlertReceived(AlertDescription),
    /// Something failed on our side.
    Local(LocalError),
}

/// A rule of RFC 8446 the peer broke, named after what the peer did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// The client's Certificate does not echo the CertificateRequest's
    /// `certificate_request_context` (RFC 8446 §4.4.2).
    WrongCertificateRequestContext,
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
    /// The Finished `verify_data` is not the one we computed (RFC 8446 §4.4.4).
    BadFinished,
}

/// What the peer lacks that we need: it kept to the RFC, but we have nothing in common.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeerIncompatible {
    /// None of the peer's cipher suites is one we enable (RFC 8446 §4.1.1).
    NoCommonCipherSuite,
    /// None of the peer's groups is one we enable (RFC 8446 §4.1.1).
    NoCommonGroup,
    /// None of the peer's signature schemes fits our key (RFC 8446 §4.1.1, §4.4.3).
    NoCommonSignatureScheme,
    /// A message lacks an extension that the RFC makes mandatory for it (RFC 8446 §9.2,
    /// §4.2.3, §4.3.2), e.g. a TLS 1.3 ClientHello without `key_share`.
    MissingExtension {
        /// The missing extension.
        extension: ExtensionType,
        /// The message that lacks it.
        message: ExtensionContext,
    },
    /// The peer does not offer (or did not select) TLS 1.3, the only version we speak (RFC
    /// 8446 Appendix D).
    NoTls13Support,
    /// None of the client's ALPN protocols is one we speak (RFC 7301 §3.2).
    NoCommonApplicationProtocol,
    /// The client's `server_name` names no server we have a certificate for (RFC 6066 §3).
    UnrecognizedServerName,
    /// The client sent no certificate, and our configuration requires one (RFC 8446
    /// §4.4.2.4).
    ClientCertificateRequired,
}

/// A failure on our side: nothing the peer did.
///
/// Errors that can only happen while configuring (loading a key) send no alert: there is no
/// peer yet. Errors that can happen in the middle of a handshake send `internal_error`, so the
/// peer, which is waiting for our next message, learns that none will come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalError {
    /// A private key we were given cannot be used.
    UnusablePrivateKey {
        /// The key's format (`"PKCS#8"`, `"SEC1"`, `"PKCS#1"`, `"PEM"`).
        format: &'static str,
        /// Why it cannot be used.
        reason: &'static str,
    },
    /// A certificate chain we were given holds no certificate.
    EmptyCertificateChain,
    /// A private key we were given is not the key of its end-entity certificate.
    CertificateKeyMismatch,
    /// The random number generator failed.
    RandomFailed,
    /// Signing failed in the crypto library.
    SigningFailed,
    /// We were asked to sign with a scheme our key cannot produce.
    SignatureSchemeNotForKey {
        /// The scheme asked for.
        scheme: SignatureScheme,
    },
    /// We were asked to generate a key share for a group we do not implement.
    UnsupportedGroup {
        /// The group asked for.
        group: NamedGroup,
    },
    /// The crypto library could not compute the public key of a key share it generated.
    KeyGenerationFailed {
        /// The share's group.
        group: NamedGroup,
    },
    /// The driver fed an answer the machine did not ask for, or asked the in-process default
    /// to answer a request the machine did not make: a bug in the driver.
    UnrequestedAnswer {
        /// What the machine was waiting for (its state's description).
        expected: &'static str,
    },
    /// One of our own messages does not fit its wire bounds (a certificate chain near 2^24
    /// bytes, an empty certificate).
    UnencodableMessage {
        /// The message's type.
        message: HandshakeType,
    },
}

impl HandshakeError {
    /// The alert to send for this error, or `None` when no alert is sent: for an alert the
    /// peer sent us, and for local errors that happen before there is a peer.
    pub fn alert(&self) -> Option<AlertDescription> {
        match self {
            Self::Decode(error) => Some(error.alert()),
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# unexpected_message:  An inappropriate message (e.g., the wrong
            //#    handshake message, premature Application Data, etc.) was received.
            Self::UnexpectedMessage { .. } => Some(AlertDescription::UNEXPECTED_MESSAGE),
            Self::PeerMisbehaved(error) => Some(error.alert()),
            Self::PeerIncompatible(error) => Some(error.alert()),
            Self::Certificate(rejection) => Some(certificate_alert(rejection.error.class())),
            // The connection is already closed by the peer's alert: answering it is pointless.
            Self::AlertReceived(_) => None,
            Self::Local(error) => error.alert(),
        }
    }
}

/// The RFC 8446 §6.2 alert for a certificate fault class: one alert per class.
pub fn certificate_alert(fault: CertificateFault) -> AlertDescription {
    match fault {
        CertificateFault::BadCertificate => AlertDescription::BAD_CERTIFICATE,
        CertificateFault::UnsupportedCertificate => AlertDescription::UNSUPPORTED_CERTIFICATE,
        CertificateFault::CertificateRevoked => AlertDescription::CERTIFICATE_REVOKED,
        CertificateFault::CertificateExpired => AlertDescription::CERTIFICATE_EXPIRED,
        CertificateFault::CertificateUnknown => AlertDescription::CERTIFICATE_UNKNOWN,
        CertificateFault::UnknownCa => AlertDescription::UNKNOWN_CA,
        CertificateFault::AccessDenied => AlertDescription::ACCESS_DENIED,
    }
}

impl PeerMisbehaved {
    /// The alert RFC 8446 gives for this fault.
    pub fn alert(&self) -> AlertDescription {
        match self {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8.2
            //# For the curves secp256r1, secp384r1, and secp521r1, peers MUST
            //# validate each other's public value Q by ensuring that the point is a
            //# valid point on the elliptic curve.
            //= https://www.rfc-editor.org/rfc/rfc8446#section-7.4.2
            //# Implementations MUST check whether the computed Diffie-Hellman shared
            //# secret is the all-zero value and abort if so, as described in
            //# Section 6 of [RFC7748].
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# illegal_parameter:  A field in the handshake was incorrect or
            //#    inconsistent with other fields.
            Self::KeyShareWrongLength { .. }
            | Self::KeyShareNotOnCurve { .. }
            | Self::KeyShareAllZeroSecret => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
            //# A client which receives a cipher suite that was not offered MUST abort the
            //# handshake with an "illegal_parameter" alert.
            Self::SelectedUnofferedCipherSuite { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.1
            //# If the "supported_versions" extension in the ServerHello contains a
            //# version not offered by the client or contains a version prior to
            //# TLS 1.3, the client MUST abort the handshake with an
            //# "illegal_parameter" alert.
            Self::SelectedUnofferedVersion { .. } | Self::SelectedVersionBeforeTls13 { .. } => {
                AlertDescription::ILLEGAL_PARAMETER
            }
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8
            //# This value MUST be in the same
            //# group as the KeyShareEntry value offered by the client that the
            //# server has selected for the negotiated key exchange.
            Self::KeyShareInUnofferedGroup { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8
            //# Upon receipt of this extension in a HelloRetryRequest, the client
            //# MUST verify that (1) the selected_group field corresponds to a group
            //# which was provided in the "supported_groups" extension in the
            //# original ClientHello and (2) the selected_group field does not
            //# correspond to a group which was provided in the "key_share" extension
            //# in the original ClientHello.  If either of these checks fails, then
            //# the client MUST abort the handshake with an "illegal_parameter"
            //# alert.
            Self::RetryRequestedUnofferedGroup { .. }
            | Self::RetryRequestedGroupAlreadyShared { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
            //# Clients MUST abort the handshake with an
            //# "illegal_parameter" alert if the HelloRetryRequest would not result
            //# in any change in the ClientHello.
            Self::HelloRetryRequestWithoutChange => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
            //# If a client receives a second
            //# HelloRetryRequest in the same connection (i.e., where the ClientHello
            //# was itself in response to a HelloRetryRequest), it MUST abort the
            //# handshake with an "unexpected_message" alert.
            Self::SecondHelloRetryRequest => AlertDescription::UNEXPECTED_MESSAGE,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
            //# Upon receiving
            //# the ServerHello, clients MUST check that the cipher suite supplied in
            //# the ServerHello is the same as that in the HelloRetryRequest and
            //# otherwise abort the handshake with an "illegal_parameter" alert.
            Self::CipherSuiteChangedAfterRetry { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
            //# The value of selected_version in the HelloRetryRequest
            //# "supported_versions" extension MUST be retained in the ServerHello,
            //# and a client MUST abort the handshake with an "illegal_parameter"
            //# alert if the value changes.
            Self::VersionChangedAfterRetry { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8
            //# If using (EC)DHE key establishment and a HelloRetryRequest containing a
            //# "key_share" extension was received by the client, the client MUST
            //# verify that the selected NamedGroup in the ServerHello is the same as
            //# that in the HelloRetryRequest.  If this check fails, the client MUST
            //# abort the handshake with an "illegal_parameter" alert.
            Self::GroupChangedAfterRetry { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
            //# A client which
            //# receives a legacy_session_id_echo field that does not match what
            //# it sent in the ClientHello MUST abort the handshake with an
            //# "illegal_parameter" alert.
            Self::WrongLegacySessionIdEcho => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
            //# legacy_compression_method:  A single byte which MUST have the
            //#    value 0.
            Self::SelectedCompressionMethod { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
            //# If a
            //#    TLS 1.3 ClientHello is received with any other value in this
            //#    field, the server MUST abort the handshake with an
            //#    "illegal_parameter" alert.
            Self::OfferedCompressionMethodsOtherThanNull => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
            //# If a match is found, the client MUST abort the handshake with
            //# an "illegal_parameter" alert.
            Self::DowngradeSentinelInServerRandom { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2
            //# If an implementation receives an extension
            //# which it recognizes and which is not specified for the message in
            //# which it appears, it MUST abort the handshake with an
            //# "illegal_parameter" alert.
            Self::ExtensionNotAllowedInMessage { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2
            //# Implementations MUST NOT send extension responses if the remote
            //# endpoint did not send the corresponding extension requests, with the
            //# exception of the "cookie" extension in the HelloRetryRequest.  Upon
            //# receiving such an extension, an endpoint MUST abort the handshake
            //# with an "unsupported_extension" alert.
            Self::UnsolicitedExtension { .. } => AlertDescription::UNSUPPORTED_EXTENSION,
            // RFC 7301 names no alert for it; the selected protocol is a field inconsistent
            // with the ClientHello's list, which is illegal_parameter's definition (as rustls).
            Self::SelectedUnofferedApplicationProtocol => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8
            //# Clients MUST NOT offer multiple KeyShareEntry values
            //# for the same group.  Clients MUST NOT offer any KeyShareEntry values
            //# for groups not listed in the client's "supported_groups" extension.
            //# Servers MAY check for violations of these rules and abort the
            //# handshake with an "illegal_parameter" alert if one is violated.
            Self::DuplicateKeyShareGroup { .. }
            | Self::KeyShareGroupNotInSupportedGroups { .. } => AlertDescription::ILLEGAL_PARAMETER,
            // RFC 8446 §4.1.2 requires the second ClientHello to be the first with the listed
            // changes but names no alert; a field inconsistent with the first ClientHello is
            // illegal_parameter's definition.
            Self::SecondClientHelloChanged { .. }
            | Self::RetriedKeyShareNotForRequestedGroup { .. } => {
                AlertDescription::ILLEGAL_PARAMETER
            }
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2.4
            //# If the server supplies an empty Certificate message, the client MUST
            //# abort the handshake with a "decode_error" alert.
            Self::EmptyServerCertificate => AlertDescription::DECODE_ERROR,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.3.2
            //# This field SHALL be zero
            //#    length unless used for the post-handshake authentication exchanges
            //#    described in Section 4.6.2.
            Self::NonEmptyCertificateRequestContext { .. }
            | Self::WrongCertificateRequestContext => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
            //# If the CertificateVerify message is sent by a server, the signature
            //# algorithm MUST be one offered in the client's "signature_algorithms"
            //# extension unless no valid certificate chain can be produced without
            //# unsupported algorithms (see Section 4.2.3).
            Self::SignatureSchemeNotOffered { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
            //# RSA signatures MUST use an
            //# RSASSA-PSS algorithm, regardless of whether RSASSA-PKCS1-v1_5
            //# algorithms appear in "signature_algorithms".
            Self::Pkcs1InCertificateVerify { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
            //# In addition, the signature algorithm MUST be compatible with the key
            //# in the sender's end-entity certificate.
            Self::SignatureSchemeKeyMismatch { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
            //# If the verification fails, the receiver MUST terminate the handshake
            //# with a "decrypt_error" alert.
            Self::BadCertificateVerifySignature => AlertDescription::DECRYPT_ERROR,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.4
            //# Recipients of Finished messages MUST verify that the contents are
            //# correct and if incorrect MUST terminate the connection with a
            //# "decrypt_error" alert.
            Self::BadFinished => AlertDescription::DECRYPT_ERROR,
        }
    }
}

impl PeerIncompatible {
    /// The alert RFC 8446 (or the extension's RFC) gives for this fault.
    pub fn alert(&self) -> AlertDescription {
        match self {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.1
            //# If the server is unable to negotiate a supported set of parameters
            //# (i.e., there is no overlap between the client and server parameters),
            //# it MUST abort the handshake with either a "handshake_failure" or
            //# "insufficient_security" fatal alert (see Section 6).
            Self::NoCommonCipherSuite | Self::NoCommonGroup | Self::NoCommonSignatureScheme => {
                AlertDescription::HANDSHAKE_FAILURE
            }
            //= https://www.rfc-editor.org/rfc/rfc8446#section-9.2
            //# Servers receiving a ClientHello which does not conform to these
            //# requirements MUST abort the handshake with a "missing_extension"
            //# alert.
            Self::MissingExtension { .. } => AlertDescription::MISSING_EXTENSION,
            //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.1
            //# If the version chosen by the server is not supported by the client
            //# (or is not acceptable), the client MUST abort the handshake with a
            //# "protocol_version" alert.
            Self::NoTls13Support => AlertDescription::PROTOCOL_VERSION,
            //= https://www.rfc-editor.org/rfc/rfc7301#section-3.2
            //# In the event that the server supports no
            //# protocols that the client advertises, then the server SHALL respond
            //# with a fatal "no_application_protocol" alert.
            Self::NoCommonApplicationProtocol => AlertDescription::NO_APPLICATION_PROTOCOL,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# unrecognized_name:  Sent by servers when no server exists identified
            //#    by the name provided by the client via the "server_name" extension
            //#    (see [RFC6066]).
            Self::UnrecognizedServerName => AlertDescription::UNRECOGNIZED_NAME,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2.4
            //# If the client does not send any certificates (i.e., it sends an empty
            //# Certificate message), the server MAY at its discretion either
            //# continue the handshake without client authentication or abort the
            //# handshake with a "certificate_required" alert.
            Self::ClientCertificateRequired => AlertDescription::CERTIFICATE_REQUIRED,
        }
    }
}

impl LocalError {
    /// `None` for errors that happen only while configuring, before there is a peer to tell;
    /// `internal_error` for errors that stop a handshake in progress.
    pub fn alert(&self) -> Option<AlertDescription> {
        match self {
            Self::UnusablePrivateKey { .. }
            | Self::EmptyCertificateChain
            | Self::CertificateKeyMismatch => None,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# internal_error:  An internal error unrelated to the peer or the
            //#    correctness of the protocol (such as a memory allocation failure)
            //#    makes it impossible to continue.
            Self::RandomFailed
            | Self::SigningFailed
            | Self::SignatureSchemeNotForKey { .. }
            | Self::UnsupportedGroup { .. }
            | Self::KeyGenerationFailed { .. }
            | Self::UnrequestedAnswer { .. }
            | Self::UnencodableMessage { .. } => Some(AlertDescription::INTERNAL_ERROR),
        }
    }
}

/// The message names the RFC 8446 §4.2 table uses, for messages.
fn message_name(context: ExtensionContext) -> &'static str {
    match context {
        ExtensionContext::ClientHello => "ClientHello",
        ExtensionContext::ServerHello => "ServerHello",
        ExtensionContext::HelloRetryRequest => "HelloRetryRequest",
        ExtensionContext::EncryptedExtensions => "EncryptedExtensions",
        ExtensionContext::Certificate => "Certificate entry",
        ExtensionContext::CertificateRequest => "CertificateRequest",
        ExtensionContext::NewSessionTicket => "NewSessionTicket",
    }
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode(error) => write!(f, "peer sent a message that does not decode: {error}"),
            Self::UnexpectedMessage { expected, got } => {
                write!(f, "peer sent {got} while we expected {expected}")
            }
            Self::PeerMisbehaved(error) => error.fmt(f),
            Self::PeerIncompatible(error) => error.fmt(f),
            Self::Certificate(rejection) => write!(f, "peer's certificate refused: {rejection}"),
            Self::AlertReceived(alert) => write!(f, "peer sent alert {alert}"),
            Self::Local(error) => error.fmt(f),
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
            Self::WrongCertificateRequestContext => write!(
                f,
                "peer's certificate_request_context differs from the one we sent"
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
            Self::BadFinished => write!(f, "peer's Finished is not the one we computed"),
        }
    }
}

impl fmt::Display for PeerIncompatible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoCommonCipherSuite => {
                write!(f, "peer offered no cipher suite that we enable")
            }
            Self::NoCommonGroup => write!(f, "peer offered no group that we enable"),
            Self::NoCommonSignatureScheme => {
                write!(f, "peer offered no signature scheme that fits our key")
            }
            Self::MissingExtension { extension, message } => write!(
                f,
                "peer sent its {} without the mandatory extension {extension}",
                message_name(*message)
            ),
            Self::NoTls13Support => write!(f, "peer does not speak TLS 1.3"),
            Self::NoCommonApplicationProtocol => {
                write!(f, "peer offered no application protocol that we speak")
            }
            Self::UnrecognizedServerName => {
                write!(f, "peer asked for a server name we have no certificate for")
            }
            Self::ClientCertificateRequired => {
                write!(f, "peer sent no client certificate, and we require one")
            }
        }
    }
}

impl fmt::Display for LocalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnusablePrivateKey { format, reason } => {
                write!(f, "our {format} private key cannot be used: {reason}")
            }
            Self::EmptyCertificateChain => write!(f, "our certificate chain holds no certificate"),
            Self::CertificateKeyMismatch => write!(
                f,
                "our private key is not the key of our end-entity certificate"
            ),
            Self::RandomFailed => write!(f, "our random number generator failed"),
            Self::SigningFailed => write!(f, "our signing operation failed"),
            Self::SignatureSchemeNotForKey { scheme } => {
                write!(f, "our private key cannot sign with scheme {scheme}")
            }
            Self::UnsupportedGroup { group } => {
                write!(f, "we do not implement key exchange group {group}")
            }
            Self::KeyGenerationFailed { group } => {
                write!(
                    f,
                    "we could not compute the public key of our {group} key share"
                )
            }
            Self::UnrequestedAnswer { expected } => write!(
                f,
                "our driver gave an answer we did not ask for while we wait for {expected}"
            ),
            Self::UnencodableMessage { message } => {
                write!(f, "our {message} message does not fit its wire bounds")
            }
        }
    }
}

impl core::error::Error for HandshakeError {}
impl core::error::Error for PeerMisbehaved {}
impl core::error::Error for PeerIncompatible {}
impl core::error::Error for LocalError {}

impl From<DecodeError> for HandshakeError {
    fn from(error: DecodeError) -> Self {
        Self::Decode(error)
    }
}

impl From<PeerMisbehaved> for HandshakeError {
    fn from(error: PeerMisbehaved) -> Self {
        Self::PeerMisbehaved(error)
    }
}

impl From<PeerIncompatible> for HandshakeError {
    fn from(error: PeerIncompatible) -> Self {
        Self::PeerIncompatible(error)
    }
}

impl From<Rejection> for HandshakeError {
    fn from(rejection: Rejection) -> Self {
        Self::Certificate(rejection)
    }
}

impl From<LocalError> for HandshakeError {
    fn from(error: LocalError) -> Self {
        Self::Local(error)
    }
}
