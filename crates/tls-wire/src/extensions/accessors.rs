//! Typed access to an [`Extensions`] block: one method per typed form, `None` (or `false`)
//! when the block does not hold it. Each decodes its extension's body when called, strictly:
//! a malformed body is the caller's `decode_error`, so the extensions a handshake acts on are
//! checked and the ones it does not read are ignored whatever their content.

use crate::error::DecodeError;
use crate::extensions::{
    CertificateAuthorities, CertificateCompressionAlgorithms, CertificateStatus,
    CertificateStatusRequest, Cookie, ECPointFormatList, EncryptedClientHello, Extension,
    Extensions, HeartbeatMode, KeyShareClientHello, KeyShareHelloRetryRequest, KeyShareServerHello,
    MaxFragmentLength, NamedGroupList, OfferedPsks, Padding, ProtocolNameList, PskKeyExchangeModes,
    RecordSizeLimit, RenegotiationInfo, ServerNameList, SessionTicket, SignatureSchemeList,
    SignedCertificateTimestampList, SupportedVersionList,
};
use crate::ids::{ExtensionType, ProtocolVersion};

impl Extensions<'_> {
    /// `server_name` in a ClientHello: the names asked for.
    pub fn server_name(&self) -> Result<Option<ServerNameList<'_>>, DecodeError> {
        self.form(ExtensionType::SERVER_NAME, |e| match e {
            Extension::ServerName(v) => Some(v),
            _ => None,
        })
    }

    /// `server_name` in a ServerHello or EncryptedExtensions: whether the server acknowledged the
    /// name.
    pub fn server_name_acknowledged(&self) -> Result<bool, DecodeError> {
        self.present(ExtensionType::SERVER_NAME, |e| {
            matches!(e, Extension::ServerNameEmpty)
        })
    }

    /// `status_request` in a ClientHello.
    pub fn status_request(&self) -> Result<Option<CertificateStatusRequest<'_>>, DecodeError> {
        self.form(ExtensionType::STATUS_REQUEST, |e| match e {
            Extension::StatusRequest(v) => Some(v),
            _ => None,
        })
    }

    /// `status_request` in a CertificateRequest or TLS 1.2 ServerHello: whether it is present.
    pub fn status_request_empty(&self) -> Result<bool, DecodeError> {
        self.present(ExtensionType::STATUS_REQUEST, |e| {
            matches!(e, Extension::StatusRequestEmpty)
        })
    }

    /// `status_request` in a CertificateEntry: the stapled response.
    pub fn certificate_status(&self) -> Result<Option<CertificateStatus<'_>>, DecodeError> {
        self.form(ExtensionType::STATUS_REQUEST, |e| match e {
            Extension::CertificateStatus(v) => Some(v),
            _ => None,
        })
    }

    /// `supported_groups`.
    pub fn supported_groups(&self) -> Result<Option<NamedGroupList>, DecodeError> {
        self.form(ExtensionType::SUPPORTED_GROUPS, |e| match e {
            Extension::SupportedGroups(v) => Some(v),
            _ => None,
        })
    }

    /// `signature_algorithms`.
    pub fn signature_algorithms(&self) -> Result<Option<SignatureSchemeList>, DecodeError> {
        self.form(ExtensionType::SIGNATURE_ALGORITHMS, |e| match e {
            Extension::SignatureAlgorithms(v) => Some(v),
            _ => None,
        })
    }

    /// `signature_algorithms_cert`.
    pub fn signature_algorithms_cert(&self) -> Result<Option<SignatureSchemeList>, DecodeError> {
        self.form(ExtensionType::SIGNATURE_ALGORITHMS_CERT, |e| match e {
            Extension::SignatureAlgorithmsCert(v) => Some(v),
            _ => None,
        })
    }

    /// `application_layer_protocol_negotiation`.
    pub fn application_layer_protocol_negotiation(
        &self,
    ) -> Result<Option<ProtocolNameList<'_>>, DecodeError> {
        self.form(
            ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
            |e| match e {
                Extension::ApplicationLayerProtocolNegotiation(v) => Some(v),
                _ => None,
            },
        )
    }

    /// `padding`.
    pub fn padding(&self) -> Result<Option<Padding<'_>>, DecodeError> {
        self.form(ExtensionType::PADDING, |e| match e {
            Extension::Padding(v) => Some(v),
            _ => None,
        })
    }

    /// `key_share` in a ClientHello: the client's shares.
    pub fn key_share_client_hello(&self) -> Result<Option<KeyShareClientHello<'_>>, DecodeError> {
        self.form(ExtensionType::KEY_SHARE, |e| match e {
            Extension::KeyShareClientHello(v) => Some(v),
            _ => None,
        })
    }

    /// `key_share` in a ServerHello: the server's share.
    pub fn key_share_server_hello(&self) -> Result<Option<KeyShareServerHello<'_>>, DecodeError> {
        self.form(ExtensionType::KEY_SHARE, |e| match e {
            Extension::KeyShareServerHello(v) => Some(v),
            _ => None,
        })
    }

    /// `key_share` in a HelloRetryRequest: the group asked for.
    pub fn key_share_hello_retry_request(
        &self,
    ) -> Result<Option<KeyShareHelloRetryRequest>, DecodeError> {
        self.form(ExtensionType::KEY_SHARE, |e| match e {
            Extension::KeyShareHelloRetryRequest(v) => Some(v),
            _ => None,
        })
    }

    /// `pre_shared_key` in a ClientHello: the PSKs offered.
    pub fn pre_shared_key(&self) -> Result<Option<OfferedPsks<'_>>, DecodeError> {
        self.form(ExtensionType::PRE_SHARED_KEY, |e| match e {
            Extension::PreSharedKey(v) => Some(v),
            _ => None,
        })
    }

    /// `pre_shared_key` in a ServerHello: the index of the PSK the server selected.
    pub fn selected_identity(&self) -> Result<Option<u16>, DecodeError> {
        self.form(ExtensionType::PRE_SHARED_KEY, |e| match e {
            Extension::SelectedIdentity(v) => Some(v),
            _ => None,
        })
    }

    /// `psk_key_exchange_modes`.
    pub fn psk_key_exchange_modes(&self) -> Result<Option<PskKeyExchangeModes>, DecodeError> {
        self.form(ExtensionType::PSK_KEY_EXCHANGE_MODES, |e| match e {
            Extension::PskKeyExchangeModes(v) => Some(v),
            _ => None,
        })
    }

    /// `early_data` in a ClientHello or EncryptedExtensions: whether it is present.
    pub fn early_data(&self) -> Result<bool, DecodeError> {
        self.present(ExtensionType::EARLY_DATA, |e| {
            matches!(e, Extension::EarlyData)
        })
    }

    /// `early_data` in a NewSessionTicket: `max_early_data_size`.
    pub fn max_early_data_size(&self) -> Result<Option<u32>, DecodeError> {
        self.form(ExtensionType::EARLY_DATA, |e| match e {
            Extension::MaxEarlyDataSize(v) => Some(v),
            _ => None,
        })
    }

    /// `cookie`.
    pub fn cookie(&self) -> Result<Option<Cookie<'_>>, DecodeError> {
        self.form(ExtensionType::COOKIE, |e| match e {
            Extension::Cookie(v) => Some(v),
            _ => None,
        })
    }

    /// `supported_versions` in a ClientHello: the versions offered.
    pub fn supported_versions(&self) -> Result<Option<SupportedVersionList>, DecodeError> {
        self.form(ExtensionType::SUPPORTED_VERSIONS, |e| match e {
            Extension::SupportedVersions(v) => Some(v),
            _ => None,
        })
    }

    /// `supported_versions` in a ServerHello or HelloRetryRequest: the version selected.
    pub fn selected_version(&self) -> Result<Option<ProtocolVersion>, DecodeError> {
        self.form(ExtensionType::SUPPORTED_VERSIONS, |e| match e {
            Extension::SelectedVersion(v) => Some(v),
            _ => None,
        })
    }

    /// `certificate_authorities`.
    pub fn certificate_authorities(
        &self,
    ) -> Result<Option<CertificateAuthorities<'_>>, DecodeError> {
        self.form(ExtensionType::CERTIFICATE_AUTHORITIES, |e| match e {
            Extension::CertificateAuthorities(v) => Some(v),
            _ => None,
        })
    }

    /// `post_handshake_auth`: whether the client offers it.
    pub fn post_handshake_auth(&self) -> Result<bool, DecodeError> {
        self.present(ExtensionType::POST_HANDSHAKE_AUTH, |e| {
            matches!(e, Extension::PostHandshakeAuth)
        })
    }

    /// `record_size_limit`.
    pub fn record_size_limit(&self) -> Result<Option<RecordSizeLimit>, DecodeError> {
        self.form(ExtensionType::RECORD_SIZE_LIMIT, |e| match e {
            Extension::RecordSizeLimit(v) => Some(v),
            _ => None,
        })
    }

    /// `max_fragment_length`.
    pub fn max_fragment_length(&self) -> Result<Option<MaxFragmentLength>, DecodeError> {
        self.form(ExtensionType::MAX_FRAGMENT_LENGTH, |e| match e {
            Extension::MaxFragmentLength(v) => Some(v),
            _ => None,
        })
    }

    /// `heartbeat`: the mode.
    pub fn heartbeat(&self) -> Result<Option<HeartbeatMode>, DecodeError> {
        self.form(ExtensionType::HEARTBEAT, |e| match e {
            Extension::Heartbeat(v) => Some(v),
            _ => None,
        })
    }

    /// `signed_certificate_timestamp` in a ClientHello or CertificateRequest: whether SCTs are
    /// asked for.
    pub fn signed_certificate_timestamp_empty(&self) -> Result<bool, DecodeError> {
        self.present(ExtensionType::SIGNED_CERTIFICATE_TIMESTAMP, |e| {
            matches!(e, Extension::SignedCertificateTimestampEmpty)
        })
    }

    /// `signed_certificate_timestamp` in a TLS 1.2 ServerHello or a CertificateEntry: the SCTs.
    pub fn signed_certificate_timestamp(
        &self,
    ) -> Result<Option<SignedCertificateTimestampList<'_>>, DecodeError> {
        self.form(ExtensionType::SIGNED_CERTIFICATE_TIMESTAMP, |e| match e {
            Extension::SignedCertificateTimestamp(v) => Some(v),
            _ => None,
        })
    }

    /// `compress_certificate`: the algorithms the sender can decompress.
    pub fn compress_certificate(
        &self,
    ) -> Result<Option<CertificateCompressionAlgorithms>, DecodeError> {
        self.form(ExtensionType::COMPRESS_CERTIFICATE, |e| match e {
            Extension::CompressCertificate(v) => Some(v),
            _ => None,
        })
    }

    /// `encrypted_client_hello`: its body, opaque.
    pub fn encrypted_client_hello(&self) -> Result<Option<EncryptedClientHello<'_>>, DecodeError> {
        self.form(ExtensionType::ENCRYPTED_CLIENT_HELLO, |e| match e {
            Extension::EncryptedClientHello(v) => Some(v),
            _ => None,
        })
    }

    /// `ec_point_formats`.
    pub fn ec_point_formats(&self) -> Result<Option<ECPointFormatList>, DecodeError> {
        self.form(ExtensionType::EC_POINT_FORMATS, |e| match e {
            Extension::EcPointFormats(v) => Some(v),
            _ => None,
        })
    }

    /// `extended_master_secret`: whether it is present.
    pub fn extended_master_secret(&self) -> Result<bool, DecodeError> {
        self.present(ExtensionType::EXTENDED_MASTER_SECRET, |e| {
            matches!(e, Extension::ExtendedMasterSecret)
        })
    }

    /// `session_ticket` in a ClientHello: the ticket (empty when the client asks for one).
    pub fn session_ticket(&self) -> Result<Option<SessionTicket<'_>>, DecodeError> {
        self.form(ExtensionType::SESSION_TICKET, |e| match e {
            Extension::SessionTicket(v) => Some(v),
            _ => None,
        })
    }

    /// `session_ticket` in a TLS 1.2 ServerHello: whether the server will send a
    /// NewSessionTicket.
    pub fn session_ticket_empty(&self) -> Result<bool, DecodeError> {
        self.present(ExtensionType::SESSION_TICKET, |e| {
            matches!(e, Extension::SessionTicketEmpty)
        })
    }

    /// `renegotiation_info`: `renegotiated_connection`.
    pub fn renegotiation_info(&self) -> Result<Option<RenegotiationInfo<'_>>, DecodeError> {
        self.form(ExtensionType::RENEGOTIATION_INFO, |e| match e {
            Extension::RenegotiationInfo(v) => Some(v),
            _ => None,
        })
    }

    /// `encrypt_then_mac`: whether it is present.
    pub fn encrypt_then_mac(&self) -> Result<bool, DecodeError> {
        self.present(ExtensionType::ENCRYPT_THEN_MAC, |e| {
            matches!(e, Extension::EncryptThenMac)
        })
    }
}
