//! [`Form`]: which typed form of [`Extension`] a type takes in a message: the table decoding
//! follows, and what lets [`Extensions::new`](super::Extensions::new) check an extension it is
//! given without decoding it back when its form cannot but round-trip.

#[cfg(doc)]
use crate::extensions::Extension;
use crate::extensions::ExtensionContext;
use crate::ids::ExtensionType;

/// One typed form: a variant of [`Extension`] but the opaque one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Form {
    /// [`Extension::ServerName`].
    ServerName,
    /// [`Extension::ServerNameEmpty`].
    ServerNameEmpty,
    /// [`Extension::StatusRequest`].
    StatusRequest,
    /// [`Extension::StatusRequestEmpty`].
    StatusRequestEmpty,
    /// [`Extension::CertificateStatus`].
    CertificateStatus,
    /// [`Extension::SupportedGroups`].
    SupportedGroups,
    /// [`Extension::SignatureAlgorithms`].
    SignatureAlgorithms,
    /// [`Extension::SignatureAlgorithmsCert`].
    SignatureAlgorithmsCert,
    /// [`Extension::ApplicationLayerProtocolNegotiation`].
    ApplicationLayerProtocolNegotiation,
    /// [`Extension::Padding`].
    Padding,
    /// [`Extension::KeyShareClientHello`].
    KeyShareClientHello,
    /// [`Extension::KeyShareServerHello`].
    KeyShareServerHello,
    /// [`Extension::KeyShareHelloRetryRequest`].
    KeyShareHelloRetryRequest,
    /// [`Extension::PreSharedKey`].
    PreSharedKey,
    /// [`Extension::SelectedIdentity`].
    SelectedIdentity,
    /// [`Extension::PskKeyExchangeModes`].
    PskKeyExchangeModes,
    /// [`Extension::EarlyData`].
    EarlyData,
    /// [`Extension::MaxEarlyDataSize`].
    MaxEarlyDataSize,
    /// [`Extension::Cookie`].
    Cookie,
    /// [`Extension::SupportedVersions`].
    SupportedVersions,
    /// [`Extension::SelectedVersion`].
    SelectedVersion,
    /// [`Extension::CertificateAuthorities`].
    CertificateAuthorities,
    /// [`Extension::PostHandshakeAuth`].
    PostHandshakeAuth,
    /// [`Extension::RecordSizeLimit`].
    RecordSizeLimit,
    /// [`Extension::MaxFragmentLength`].
    MaxFragmentLength,
    /// [`Extension::Heartbeat`].
    Heartbeat,
    /// [`Extension::SignedCertificateTimestampEmpty`].
    SignedCertificateTimestampEmpty,
    /// [`Extension::SignedCertificateTimestamp`].
    SignedCertificateTimestamp,
    /// [`Extension::CompressCertificate`].
    CompressCertificate,
    /// [`Extension::EncryptedClientHello`].
    EncryptedClientHello,
    /// [`Extension::EcPointFormats`].
    EcPointFormats,
    /// [`Extension::ExtendedMasterSecret`].
    ExtendedMasterSecret,
    /// [`Extension::SessionTicket`].
    SessionTicket,
    /// [`Extension::SessionTicketEmpty`].
    SessionTicketEmpty,
    /// [`Extension::RenegotiationInfo`].
    RenegotiationInfo,
    /// [`Extension::EncryptThenMac`].
    EncryptThenMac,
}

impl Form {
    /// The form `typ` takes in `context`; `None` where the extension stays opaque. This match
    /// is the table of which message types which form.
    pub(super) fn of(typ: ExtensionType, context: ExtensionContext) -> Option<Self> {
        use ExtensionContext::{
            Certificate, CertificateRequest, ClientHello, EncryptedExtensions, HelloRetryRequest,
            NewSessionTicket, ServerHello,
        };
        use ExtensionType as T;
        Some(match (typ, context) {
            (T::SERVER_NAME, ClientHello) => Self::ServerName,
            //= https://www.rfc-editor.org/rfc/rfc6066#section-3
            //# The "extension_data" field of this extension SHALL be
            //# empty.
            (T::SERVER_NAME, ServerHello | EncryptedExtensions) => Self::ServerNameEmpty,
            (T::STATUS_REQUEST, ClientHello) => Self::StatusRequest,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2.1
            //# A server MAY request that a client present an OCSP response with its
            //# certificate by sending an empty "status_request" extension in its
            //# CertificateRequest message.
            (T::STATUS_REQUEST, ServerHello | CertificateRequest) => Self::StatusRequestEmpty,
            (T::STATUS_REQUEST, Certificate) => Self::CertificateStatus,
            (T::SUPPORTED_GROUPS, ClientHello | EncryptedExtensions) => Self::SupportedGroups,
            (T::SIGNATURE_ALGORITHMS, ClientHello | CertificateRequest) => {
                Self::SignatureAlgorithms
            }
            (T::SIGNATURE_ALGORITHMS_CERT, ClientHello | CertificateRequest) => {
                Self::SignatureAlgorithmsCert
            }
            (
                T::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                ClientHello | ServerHello | EncryptedExtensions,
            ) => Self::ApplicationLayerProtocolNegotiation,
            (T::PADDING, ClientHello) => Self::Padding,
            (T::KEY_SHARE, ClientHello) => Self::KeyShareClientHello,
            (T::KEY_SHARE, ServerHello) => Self::KeyShareServerHello,
            (T::KEY_SHARE, HelloRetryRequest) => Self::KeyShareHelloRetryRequest,
            (T::PRE_SHARED_KEY, ClientHello) => Self::PreSharedKey,
            (T::PRE_SHARED_KEY, ServerHello) => Self::SelectedIdentity,
            (T::PSK_KEY_EXCHANGE_MODES, ClientHello) => Self::PskKeyExchangeModes,
            (T::EARLY_DATA, ClientHello | EncryptedExtensions) => Self::EarlyData,
            (T::EARLY_DATA, NewSessionTicket) => Self::MaxEarlyDataSize,
            (T::COOKIE, ClientHello | HelloRetryRequest) => Self::Cookie,
            (T::SUPPORTED_VERSIONS, ClientHello) => Self::SupportedVersions,
            (T::SUPPORTED_VERSIONS, ServerHello | HelloRetryRequest) => Self::SelectedVersion,
            (T::CERTIFICATE_AUTHORITIES, ClientHello | CertificateRequest) => {
                Self::CertificateAuthorities
            }
            (T::POST_HANDSHAKE_AUTH, ClientHello) => Self::PostHandshakeAuth,
            (T::RECORD_SIZE_LIMIT, ClientHello | ServerHello | EncryptedExtensions) => {
                Self::RecordSizeLimit
            }
            (T::MAX_FRAGMENT_LENGTH, ClientHello | ServerHello | EncryptedExtensions) => {
                Self::MaxFragmentLength
            }
            (T::HEARTBEAT, ClientHello | ServerHello | EncryptedExtensions) => Self::Heartbeat,
            // RFC 6962 §3.3.1: "Clients that support the extension SHOULD send a ClientHello
            // extension with the appropriate type and empty "extension_data"." No other request
            // form exists, so a body is refused like any bytes a form leaves over; a TLS 1.3
            // server's request in its CertificateRequest takes the same empty form.
            (T::SIGNED_CERTIFICATE_TIMESTAMP, ClientHello | CertificateRequest) => {
                Self::SignedCertificateTimestampEmpty
            }
            (T::SIGNED_CERTIFICATE_TIMESTAMP, ServerHello | Certificate) => {
                Self::SignedCertificateTimestamp
            }
            (T::COMPRESS_CERTIFICATE, ClientHello | CertificateRequest) => {
                Self::CompressCertificate
            }
            (T::ENCRYPTED_CLIENT_HELLO, ClientHello | HelloRetryRequest | EncryptedExtensions) => {
                Self::EncryptedClientHello
            }
            (T::EC_POINT_FORMATS, ClientHello | ServerHello) => Self::EcPointFormats,
            //= https://www.rfc-editor.org/rfc/rfc7627#section-5.1
            //# The "extension_data" field of this extension is empty.
            (T::EXTENDED_MASTER_SECRET, ClientHello | ServerHello) => Self::ExtendedMasterSecret,
            (T::SESSION_TICKET, ClientHello) => Self::SessionTicket,
            //= https://www.rfc-editor.org/rfc/rfc5077#section-3.2
            //# The server uses a zero-length SessionTicket extension to indicate to
            //# the client that it will send a new session ticket using the
            //# NewSessionTicket handshake message described in Section 3.3.
            (T::SESSION_TICKET, ServerHello) => Self::SessionTicketEmpty,
            (T::RENEGOTIATION_INFO, ClientHello | ServerHello) => Self::RenegotiationInfo,
            // RFC 7366 §2 defines the extension with an empty "extension_data".
            (T::ENCRYPT_THEN_MAC, ClientHello | ServerHello) => Self::EncryptThenMac,
            _ => return None,
        })
    }

    /// Whether every value of the form, however it was built, encodes to bytes that decode back
    /// to it: its fields are integers and registry values, any bits of which decode, and
    /// bounded vectors and lists of such, whose constructors check exactly the bounds decoding
    /// checks. The other forms are decoded back and compared: some need it (a status request's
    /// `Unknown` status type may hold `ocsp`'s code, which decodes as `Ocsp`), the rest are
    /// left on the sure path, where decoding them back allocates nothing.
    pub(super) fn round_trips_by_construction(self) -> bool {
        !matches!(
            self,
            Self::StatusRequest
                | Self::CertificateStatus
                | Self::Padding
                | Self::RecordSizeLimit
                | Self::MaxFragmentLength
                | Self::Heartbeat
                | Self::EncryptedClientHello
                | Self::SessionTicket
        )
    }
}
