//! [`Extension`]: one extension, in the form its type takes in the message it sits in.

use super::form::Form;
use crate::codec::{Codec, IntoOwned, Opaque, Reader, VecBounds, Writer};
use crate::error::{DecodeError, DecodeErrorKind, LengthError};
use crate::extensions::{
    CertificateAuthorities, CertificateCompressionAlgorithms, CertificateStatus,
    CertificateStatusRequest, Cookie, ECPointFormatList, EXTENSION_DATA_MAX, EncryptedClientHello,
    ExtensionContext, HeartbeatMode, KeyShareClientHello, KeyShareHelloRetryRequest,
    KeyShareServerHello, MaxFragmentLength, NamedGroupList, OfferedPsks, Padding, ProtocolNameList,
    PskKeyExchangeModes, RecordSizeLimit, RenegotiationInfo, ServerNameList, SessionTicket,
    SignatureSchemeList, SignedCertificateTimestampList, SupportedVersionList,
};
use crate::ids::{ExtensionType, ProtocolVersion};

/// RFC 8446 §4.2: `opaque extension_data<0..2^16-1>;`
pub type ExtensionBody<'a> = Opaque<'a, 2, 0, 0xffff>;

/// The bounds of one extension's `extension_data`.
const EXTENSION_DATA: VecBounds = ExtensionBody::BOUNDS;

/// The field errors name for an extension's body when its type has no RFC name.
pub(super) const EXTENSION_DATA_FIELD: &str = "Extension.extension_data";

/// One extension (RFC 8446 §4.2), in the form its type takes in the message it was decoded
/// from; see [`ExtensionContext`] for which message types which form.
///
/// ```text
/// struct {
///     ExtensionType extension_type;
///     opaque extension_data<0..2^16-1>;
/// } Extension;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Extension<'a> {
    /// `server_name` in a ClientHello (RFC 6066 §3).
    ServerName(ServerNameList<'a>),
    /// `server_name` in a ServerHello or EncryptedExtensions: the empty acknowledgement.
    ServerNameEmpty,
    /// `status_request` in a ClientHello (RFC 6066 §8).
    StatusRequest(CertificateStatusRequest<'a>),
    /// `status_request` in a CertificateRequest (RFC 8446 §4.4.2.1) or a TLS 1.2 ServerHello
    /// (RFC 6066 §8): empty.
    StatusRequestEmpty,
    /// `status_request` in a CertificateEntry: the stapled response (RFC 8446 §4.4.2.1).
    CertificateStatus(CertificateStatus<'a>),
    /// `supported_groups` (ClientHello, EncryptedExtensions).
    SupportedGroups(NamedGroupList),
    /// `signature_algorithms` (ClientHello, CertificateRequest).
    SignatureAlgorithms(SignatureSchemeList),
    /// `signature_algorithms_cert` (ClientHello, CertificateRequest).
    SignatureAlgorithmsCert(SignatureSchemeList),
    /// `application_layer_protocol_negotiation` (ClientHello, EncryptedExtensions, TLS 1.2
    /// ServerHello).
    ApplicationLayerProtocolNegotiation(ProtocolNameList<'a>),
    /// `padding` (ClientHello), its bytes as received.
    Padding(Padding<'a>),
    /// `key_share` in a ClientHello.
    KeyShareClientHello(KeyShareClientHello<'a>),
    /// `key_share` in a ServerHello.
    KeyShareServerHello(KeyShareServerHello<'a>),
    /// `key_share` in a HelloRetryRequest.
    KeyShareHelloRetryRequest(KeyShareHelloRetryRequest),
    /// `pre_shared_key` in a ClientHello: the PSKs offered.
    PreSharedKey(OfferedPsks<'a>),
    /// `pre_shared_key` in a ServerHello: `uint16 selected_identity`, the index of the PSK the
    /// server chose.
    SelectedIdentity(u16),
    /// `psk_key_exchange_modes` (ClientHello).
    PskKeyExchangeModes(PskKeyExchangeModes),
    /// `early_data` in a ClientHello or EncryptedExtensions: empty.
    EarlyData,
    /// `early_data` in a NewSessionTicket: `uint32 max_early_data_size`.
    MaxEarlyDataSize(u32),
    /// `cookie` (ClientHello, HelloRetryRequest).
    Cookie(Cookie<'a>),
    /// `supported_versions` in a ClientHello.
    SupportedVersions(SupportedVersionList),
    /// `supported_versions` in a ServerHello or HelloRetryRequest: `selected_version`.
    SelectedVersion(ProtocolVersion),
    /// `certificate_authorities` (ClientHello, CertificateRequest).
    CertificateAuthorities(CertificateAuthorities<'a>),
    /// `post_handshake_auth` (ClientHello): empty.
    PostHandshakeAuth,
    /// `record_size_limit` (ClientHello, EncryptedExtensions, TLS 1.2 ServerHello).
    RecordSizeLimit(RecordSizeLimit),
    /// `max_fragment_length` (ClientHello, EncryptedExtensions, TLS 1.2 ServerHello).
    MaxFragmentLength(MaxFragmentLength),
    /// `heartbeat` (ClientHello, EncryptedExtensions, TLS 1.2 ServerHello): the mode, kept
    /// although we never negotiate heartbeats.
    Heartbeat(HeartbeatMode),
    /// `signed_certificate_timestamp` in a ClientHello or CertificateRequest: the empty
    /// request.
    SignedCertificateTimestampEmpty,
    /// `signed_certificate_timestamp` in a TLS 1.2 ServerHello or a CertificateEntry: the SCTs.
    SignedCertificateTimestamp(SignedCertificateTimestampList<'a>),
    /// `compress_certificate` (ClientHello, CertificateRequest).
    CompressCertificate(CertificateCompressionAlgorithms),
    /// `encrypted_client_hello` (ClientHello, HelloRetryRequest, EncryptedExtensions), its body
    /// kept opaque.
    EncryptedClientHello(EncryptedClientHello<'a>),
    /// `ec_point_formats` (ClientHello, TLS 1.2 ServerHello).
    EcPointFormats(ECPointFormatList),
    /// `extended_master_secret` (ClientHello, TLS 1.2 ServerHello): empty.
    ExtendedMasterSecret,
    /// `session_ticket` in a ClientHello: the ticket, possibly empty.
    SessionTicket(SessionTicket<'a>),
    /// `session_ticket` in a TLS 1.2 ServerHello: empty, the promise of a NewSessionTicket.
    SessionTicketEmpty,
    /// `renegotiation_info` (ClientHello, TLS 1.2 ServerHello).
    RenegotiationInfo(RenegotiationInfo<'a>),
    /// `encrypt_then_mac` (ClientHello, TLS 1.2 ServerHello): empty; never negotiated, since
    /// we have no CBC cipher suite.
    EncryptThenMac,
    /// Any extension this context does not type, kept as received.
    Opaque {
        /// The extension's type.
        typ: ExtensionType,
        /// Its `extension_data`, as received.
        body: ExtensionBody<'a>,
    },
}

impl<'a> Extension<'a> {
    /// The extension's type.
    pub const fn typ(&self) -> ExtensionType {
        match self {
            Self::ServerName(_) | Self::ServerNameEmpty => ExtensionType::SERVER_NAME,
            Self::StatusRequest(_) | Self::StatusRequestEmpty | Self::CertificateStatus(_) => {
                ExtensionType::STATUS_REQUEST
            }
            Self::SupportedGroups(_) => ExtensionType::SUPPORTED_GROUPS,
            Self::SignatureAlgorithms(_) => ExtensionType::SIGNATURE_ALGORITHMS,
            Self::SignatureAlgorithmsCert(_) => ExtensionType::SIGNATURE_ALGORITHMS_CERT,
            Self::ApplicationLayerProtocolNegotiation(_) => {
                ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION
            }
            Self::Padding(_) => ExtensionType::PADDING,
            Self::KeyShareClientHello(_)
            | Self::KeyShareServerHello(_)
            | Self::KeyShareHelloRetryRequest(_) => ExtensionType::KEY_SHARE,
            Self::PreSharedKey(_) | Self::SelectedIdentity(_) => ExtensionType::PRE_SHARED_KEY,
            Self::PskKeyExchangeModes(_) => ExtensionType::PSK_KEY_EXCHANGE_MODES,
            Self::EarlyData | Self::MaxEarlyDataSize(_) => ExtensionType::EARLY_DATA,
            Self::Cookie(_) => ExtensionType::COOKIE,
            Self::SupportedVersions(_) | Self::SelectedVersion(_) => {
                ExtensionType::SUPPORTED_VERSIONS
            }
            Self::CertificateAuthorities(_) => ExtensionType::CERTIFICATE_AUTHORITIES,
            Self::PostHandshakeAuth => ExtensionType::POST_HANDSHAKE_AUTH,
            Self::RecordSizeLimit(_) => ExtensionType::RECORD_SIZE_LIMIT,
            Self::MaxFragmentLength(_) => ExtensionType::MAX_FRAGMENT_LENGTH,
            Self::Heartbeat(_) => ExtensionType::HEARTBEAT,
            Self::SignedCertificateTimestampEmpty | Self::SignedCertificateTimestamp(_) => {
                ExtensionType::SIGNED_CERTIFICATE_TIMESTAMP
            }
            Self::CompressCertificate(_) => ExtensionType::COMPRESS_CERTIFICATE,
            Self::EncryptedClientHello(_) => ExtensionType::ENCRYPTED_CLIENT_HELLO,
            Self::EcPointFormats(_) => ExtensionType::EC_POINT_FORMATS,
            Self::ExtendedMasterSecret => ExtensionType::EXTENDED_MASTER_SECRET,
            Self::SessionTicket(_) | Self::SessionTicketEmpty => ExtensionType::SESSION_TICKET,
            Self::RenegotiationInfo(_) => ExtensionType::RENEGOTIATION_INFO,
            Self::EncryptThenMac => ExtensionType::ENCRYPT_THEN_MAC,
            Self::Opaque { typ, .. } => *typ,
        }
    }

    /// Decodes one extension in the form its type takes in `context`.
    ///
    /// A typed form must take its whole body: an empty form with a body, or a form followed by
    /// more bytes, is `TrailingBytes` (a `decode_error`).
    pub fn decode(r: &mut Reader<'a>, context: ExtensionContext) -> Result<Self, DecodeError> {
        let typ = ExtensionType::new(r.u16("Extension.extension_type")?);
        let body = r.prefixed(EXTENSION_DATA, EXTENSION_DATA_FIELD)?;
        Self::decode_body(typ, context, body)
    }

    /// Decodes the extension of type `typ` in `context` from `body`, a reader over exactly its
    /// `extension_data`.
    pub(super) fn decode_body(
        typ: ExtensionType,
        context: ExtensionContext,
        mut body: Reader<'a>,
    ) -> Result<Self, DecodeError> {
        // The opaque form is the body as it came: kept before the typed form reads it.
        let raw = body.peek_rest();
        match Self::decode_form(typ, context, &mut body)? {
            Some(extension) => {
                //= https://www.rfc-editor.org/rfc/rfc8446#section-6
                //# Peers which receive a message which
                //# cannot be parsed according to the syntax (e.g., have a length
                //# extending beyond the message boundary or contain an out-of-range
                //# length) MUST terminate the connection with a "decode_error" alert.
                body.finish(typ.name().unwrap_or(EXTENSION_DATA_FIELD))?;
                Ok(extension)
            }
            None => Ok(Self::Opaque {
                typ,
                // The prefix read it, so it fits the body's bounds.
                body: ExtensionBody::new(raw).map_err(|LengthError { len, min, max }| {
                    body.error(
                        DecodeErrorKind::LengthOutOfBounds { len, min, max },
                        EXTENSION_DATA_FIELD,
                    )
                })?,
            }),
        }
    }

    /// The typed form of `typ` in `context` ([`Form::of`]), decoded from its body; `None` where
    /// the extension stays opaque.
    fn decode_form(
        typ: ExtensionType,
        context: ExtensionContext,
        body: &mut Reader<'a>,
    ) -> Result<Option<Self>, DecodeError> {
        let Some(form) = Form::of(typ, context) else {
            return Ok(None);
        };
        Ok(Some(match form {
            Form::ServerName => Self::ServerName(ServerNameList::decode_named(
                body,
                super::server_name::SERVER_NAME_LIST,
            )?),
            Form::ServerNameEmpty => Self::ServerNameEmpty,
            Form::StatusRequest => Self::StatusRequest(CertificateStatusRequest::decode(body)?),
            Form::StatusRequestEmpty => Self::StatusRequestEmpty,
            Form::CertificateStatus => Self::CertificateStatus(CertificateStatus::decode(body)?),
            Form::SupportedGroups => Self::SupportedGroups(NamedGroupList::decode_named(
                body,
                "NamedGroupList.named_group_list",
            )?),
            Form::SignatureAlgorithms => {
                Self::SignatureAlgorithms(SignatureSchemeList::decode_named(
                    body,
                    "SignatureSchemeList.supported_signature_algorithms",
                )?)
            }
            Form::SignatureAlgorithmsCert => {
                Self::SignatureAlgorithmsCert(SignatureSchemeList::decode_named(
                    body,
                    "SignatureSchemeList.supported_signature_algorithms",
                )?)
            }
            Form::ApplicationLayerProtocolNegotiation => Self::ApplicationLayerProtocolNegotiation(
                ProtocolNameList::decode_named(body, super::alpn::PROTOCOL_NAME_LIST)?,
            ),
            Form::Padding => Self::Padding(Padding::decode_rest(body)),
            Form::KeyShareClientHello => {
                Self::KeyShareClientHello(KeyShareClientHello::decode(body)?)
            }
            Form::KeyShareServerHello => {
                Self::KeyShareServerHello(KeyShareServerHello::decode(body)?)
            }
            Form::KeyShareHelloRetryRequest => {
                Self::KeyShareHelloRetryRequest(KeyShareHelloRetryRequest::decode(body)?)
            }
            Form::PreSharedKey => Self::PreSharedKey(OfferedPsks::decode(body)?),
            Form::SelectedIdentity => {
                Self::SelectedIdentity(body.u16("PreSharedKeyExtension.selected_identity")?)
            }
            Form::PskKeyExchangeModes => Self::PskKeyExchangeModes(
                PskKeyExchangeModes::decode_named(body, "PskKeyExchangeModes.ke_modes")?,
            ),
            Form::EarlyData => Self::EarlyData,
            Form::MaxEarlyDataSize => {
                Self::MaxEarlyDataSize(body.u32("EarlyDataIndication.max_early_data_size")?)
            }
            Form::Cookie => Self::Cookie(Cookie::decode_named(body, "Cookie.cookie")?),
            Form::SupportedVersions => Self::SupportedVersions(SupportedVersionList::decode_named(
                body,
                "SupportedVersions.versions",
            )?),
            Form::SelectedVersion => Self::SelectedVersion(ProtocolVersion::new(
                body.u16("SupportedVersions.selected_version")?,
            )),
            Form::CertificateAuthorities => {
                Self::CertificateAuthorities(CertificateAuthorities::decode_named(
                    body,
                    "CertificateAuthoritiesExtension.authorities",
                )?)
            }
            Form::PostHandshakeAuth => Self::PostHandshakeAuth,
            Form::RecordSizeLimit => Self::RecordSizeLimit(RecordSizeLimit::decode(body)?),
            Form::MaxFragmentLength => Self::MaxFragmentLength(MaxFragmentLength::decode(body)?),
            Form::Heartbeat => Self::Heartbeat(HeartbeatMode::decode(body)?),
            Form::SignedCertificateTimestampEmpty => Self::SignedCertificateTimestampEmpty,
            Form::SignedCertificateTimestamp => {
                Self::SignedCertificateTimestamp(SignedCertificateTimestampList::decode_named(
                    body,
                    "SignedCertificateTimestampList.sct_list",
                )?)
            }
            Form::CompressCertificate => {
                Self::CompressCertificate(CertificateCompressionAlgorithms::decode_named(
                    body,
                    "CertificateCompressionAlgorithms.algorithms",
                )?)
            }
            Form::EncryptedClientHello => {
                Self::EncryptedClientHello(EncryptedClientHello::decode_rest(body))
            }
            Form::EcPointFormats => Self::EcPointFormats(ECPointFormatList::decode_named(
                body,
                "ECPointFormatList.ec_point_format_list",
            )?),
            Form::ExtendedMasterSecret => Self::ExtendedMasterSecret,
            Form::SessionTicket => Self::SessionTicket(SessionTicket::decode_rest(body)),
            Form::SessionTicketEmpty => Self::SessionTicketEmpty,
            Form::RenegotiationInfo => Self::RenegotiationInfo(RenegotiationInfo::decode_named(
                body,
                "RenegotiationInfo.renegotiated_connection",
            )?),
            Form::EncryptThenMac => Self::EncryptThenMac,
        }))
    }

    /// The typed form this extension takes; `None` for the opaque one.
    pub(super) fn form(&self) -> Option<Form> {
        Some(match self {
            Self::ServerName(_) => Form::ServerName,
            Self::ServerNameEmpty => Form::ServerNameEmpty,
            Self::StatusRequest(_) => Form::StatusRequest,
            Self::StatusRequestEmpty => Form::StatusRequestEmpty,
            Self::CertificateStatus(_) => Form::CertificateStatus,
            Self::SupportedGroups(_) => Form::SupportedGroups,
            Self::SignatureAlgorithms(_) => Form::SignatureAlgorithms,
            Self::SignatureAlgorithmsCert(_) => Form::SignatureAlgorithmsCert,
            Self::ApplicationLayerProtocolNegotiation(_) => {
                Form::ApplicationLayerProtocolNegotiation
            }
            Self::Padding(_) => Form::Padding,
            Self::KeyShareClientHello(_) => Form::KeyShareClientHello,
            Self::KeyShareServerHello(_) => Form::KeyShareServerHello,
            Self::KeyShareHelloRetryRequest(_) => Form::KeyShareHelloRetryRequest,
            Self::PreSharedKey(_) => Form::PreSharedKey,
            Self::SelectedIdentity(_) => Form::SelectedIdentity,
            Self::PskKeyExchangeModes(_) => Form::PskKeyExchangeModes,
            Self::EarlyData => Form::EarlyData,
            Self::MaxEarlyDataSize(_) => Form::MaxEarlyDataSize,
            Self::Cookie(_) => Form::Cookie,
            Self::SupportedVersions(_) => Form::SupportedVersions,
            Self::SelectedVersion(_) => Form::SelectedVersion,
            Self::CertificateAuthorities(_) => Form::CertificateAuthorities,
            Self::PostHandshakeAuth => Form::PostHandshakeAuth,
            Self::RecordSizeLimit(_) => Form::RecordSizeLimit,
            Self::MaxFragmentLength(_) => Form::MaxFragmentLength,
            Self::Heartbeat(_) => Form::Heartbeat,
            Self::SignedCertificateTimestampEmpty => Form::SignedCertificateTimestampEmpty,
            Self::SignedCertificateTimestamp(_) => Form::SignedCertificateTimestamp,
            Self::CompressCertificate(_) => Form::CompressCertificate,
            Self::EncryptedClientHello(_) => Form::EncryptedClientHello,
            Self::EcPointFormats(_) => Form::EcPointFormats,
            Self::ExtendedMasterSecret => Form::ExtendedMasterSecret,
            Self::SessionTicket(_) => Form::SessionTicket,
            Self::SessionTicketEmpty => Form::SessionTicketEmpty,
            Self::RenegotiationInfo(_) => Form::RenegotiationInfo,
            Self::EncryptThenMac => Form::EncryptThenMac,
            Self::Opaque { .. } => return None,
        })
    }

    /// Length of the encoded `extension_data`, without its two-byte length.
    pub fn body_len(&self) -> usize {
        match self {
            Self::Opaque { body, .. } => body.len(),
            typed => {
                let mut out = Vec::new();
                typed.encode_body(&mut out);
                out.len()
            }
        }
    }

    /// Appends the extension like [`encode`](Self::encode), but refuses (leaving `out` as it
    /// was) a body too long for its two-byte length instead of writing a saturated one.
    pub(crate) fn encode_within_bounds(&self, out: &mut Vec<u8>) -> Result<(), LengthError> {
        let start = out.len();
        out.put_u16(self.typ().get());
        if let Self::Opaque { body, .. } = self {
            body.encode(out);
            return Ok(());
        }
        out.put_u16(0);
        self.encode_body(out);
        let len = out.len().saturating_sub(start).saturating_sub(4);
        let Some(prefix) = u16::try_from(len)
            .ok()
            .filter(|_| len <= EXTENSION_DATA_MAX)
        else {
            out.truncate(start);
            return Err(LengthError {
                len,
                min: 0,
                max: EXTENSION_DATA_MAX,
            });
        };
        if let Some(slot) = out.get_mut(start.saturating_add(2)..start.saturating_add(4)) {
            slot.copy_from_slice(&prefix.to_be_bytes());
        }
        Ok(())
    }

    /// Appends the extension: its type, then its body behind a two-byte length.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.put_u16(self.typ().get());
        match self {
            Self::Opaque { body, .. } => body.encode(out),
            typed => out.u16_prefixed(|out| typed.encode_body(out)),
        }
    }

    /// Appends the body of a typed form (nothing for the opaque one, which carries its own
    /// length).
    fn encode_body(&self, out: &mut Vec<u8>) {
        match self {
            Self::ServerName(list) => list.encode(out),
            Self::StatusRequest(request) => request.encode(out),
            Self::CertificateStatus(status) => status.encode(out),
            Self::SupportedGroups(groups) => groups.encode(out),
            Self::SignatureAlgorithms(schemes) | Self::SignatureAlgorithmsCert(schemes) => {
                schemes.encode(out);
            }
            Self::ApplicationLayerProtocolNegotiation(names) => names.encode(out),
            Self::Padding(padding) => padding.encode(out),
            Self::KeyShareClientHello(shares) => shares.encode(out),
            Self::KeyShareServerHello(share) => share.encode(out),
            Self::KeyShareHelloRetryRequest(group) => group.encode(out),
            Self::PreSharedKey(offered) => offered.encode(out),
            Self::SelectedIdentity(index) => out.put_u16(*index),
            Self::PskKeyExchangeModes(modes) => modes.encode(out),
            Self::MaxEarlyDataSize(size) => out.put_u32(*size),
            Self::Cookie(cookie) => cookie.encode(out),
            Self::SupportedVersions(versions) => versions.encode(out),
            Self::SelectedVersion(version) => version.encode(out),
            Self::CertificateAuthorities(names) => names.encode(out),
            Self::RecordSizeLimit(limit) => limit.encode(out),
            Self::MaxFragmentLength(length) => length.encode(out),
            Self::Heartbeat(mode) => mode.encode(out),
            Self::SignedCertificateTimestamp(scts) => scts.encode(out),
            Self::CompressCertificate(algorithms) => algorithms.encode(out),
            Self::EncryptedClientHello(body) => body.encode(out),
            Self::EcPointFormats(formats) => formats.encode(out),
            Self::SessionTicket(ticket) => ticket.encode(out),
            Self::RenegotiationInfo(info) => info.encode(out),
            Self::ServerNameEmpty
            | Self::StatusRequestEmpty
            | Self::EarlyData
            | Self::PostHandshakeAuth
            | Self::SignedCertificateTimestampEmpty
            | Self::ExtendedMasterSecret
            | Self::SessionTicketEmpty
            | Self::EncryptThenMac
            | Self::Opaque { .. } => {}
        }
    }
}

impl IntoOwned for Extension<'_> {
    type Owned = Extension<'static>;

    fn into_owned(self) -> Self::Owned {
        match self {
            Self::ServerName(list) => Extension::ServerName(list.into_owned()),
            Self::ServerNameEmpty => Extension::ServerNameEmpty,
            Self::StatusRequest(request) => Extension::StatusRequest(request.into_owned()),
            Self::StatusRequestEmpty => Extension::StatusRequestEmpty,
            Self::CertificateStatus(status) => Extension::CertificateStatus(status.into_owned()),
            Self::SupportedGroups(groups) => Extension::SupportedGroups(groups),
            Self::SignatureAlgorithms(schemes) => Extension::SignatureAlgorithms(schemes),
            Self::SignatureAlgorithmsCert(schemes) => Extension::SignatureAlgorithmsCert(schemes),
            Self::ApplicationLayerProtocolNegotiation(names) => {
                Extension::ApplicationLayerProtocolNegotiation(names.into_owned())
            }
            Self::Padding(padding) => Extension::Padding(padding.into_owned()),
            Self::KeyShareClientHello(shares) => {
                Extension::KeyShareClientHello(shares.into_owned())
            }
            Self::KeyShareServerHello(share) => Extension::KeyShareServerHello(share.into_owned()),
            Self::KeyShareHelloRetryRequest(group) => Extension::KeyShareHelloRetryRequest(group),
            Self::PreSharedKey(offered) => Extension::PreSharedKey(offered.into_owned()),
            Self::SelectedIdentity(index) => Extension::SelectedIdentity(index),
            Self::PskKeyExchangeModes(modes) => Extension::PskKeyExchangeModes(modes),
            Self::EarlyData => Extension::EarlyData,
            Self::MaxEarlyDataSize(size) => Extension::MaxEarlyDataSize(size),
            Self::Cookie(cookie) => Extension::Cookie(cookie.into_owned()),
            Self::SupportedVersions(versions) => Extension::SupportedVersions(versions),
            Self::SelectedVersion(version) => Extension::SelectedVersion(version),
            Self::CertificateAuthorities(names) => {
                Extension::CertificateAuthorities(names.into_owned())
            }
            Self::PostHandshakeAuth => Extension::PostHandshakeAuth,
            Self::RecordSizeLimit(limit) => Extension::RecordSizeLimit(limit),
            Self::MaxFragmentLength(length) => Extension::MaxFragmentLength(length),
            Self::Heartbeat(mode) => Extension::Heartbeat(mode),
            Self::SignedCertificateTimestampEmpty => Extension::SignedCertificateTimestampEmpty,
            Self::SignedCertificateTimestamp(scts) => {
                Extension::SignedCertificateTimestamp(scts.into_owned())
            }
            Self::CompressCertificate(algorithms) => Extension::CompressCertificate(algorithms),
            Self::EncryptedClientHello(body) => Extension::EncryptedClientHello(body.into_owned()),
            Self::EcPointFormats(formats) => Extension::EcPointFormats(formats),
            Self::ExtendedMasterSecret => Extension::ExtendedMasterSecret,
            Self::SessionTicket(ticket) => Extension::SessionTicket(ticket.into_owned()),
            Self::SessionTicketEmpty => Extension::SessionTicketEmpty,
            Self::RenegotiationInfo(info) => Extension::RenegotiationInfo(info.into_owned()),
            Self::EncryptThenMac => Extension::EncryptThenMac,
            Self::Opaque { typ, body } => Extension::Opaque {
                typ,
                body: body.into_owned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;

    #[test]
    fn keeps_unknown_and_grease_types_opaque() {
        for bytes in [
            &[0x9a, 0x9a, 0, 0][..],
            &[0x44, 0x69, 0, 2, 1, 2],
            &[0xff, 0x02, 0, 1, 0],
        ] {
            for context in ExtensionContext::ALL {
                let extension = round_trip(bytes, context);
                assert!(
                    matches!(extension, Extension::Opaque { .. }),
                    "{extension:?}"
                );
            }
        }
    }

    #[test]
    fn keeps_a_known_type_opaque_where_its_form_is_undefined() {
        // key_share in EncryptedExtensions: no form there; the handshake refuses it.
        let bytes = [0, 0x33, 0, 3, 1, 2, 3];
        let extension = round_trip(&bytes, ExtensionContext::EncryptedExtensions);
        assert_eq!(extension.typ(), ExtensionType::KEY_SHARE);
        assert!(matches!(extension, Extension::Opaque { .. }));
    }

    #[test]
    fn rejects_typed_form_followed_by_more_bytes() {
        let err = decode_one(&[0, 0x29, 0, 3, 0, 0, 0], ExtensionContext::ServerHello).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "pre_shared_key");
        assert_eq!(err.offset(), 6);
    }

    #[test]
    fn rejects_body_longer_than_the_input() {
        let err = decode_one(&[0, 0x2b, 0, 3, 3, 4], ExtensionContext::ServerHello).unwrap_err();
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::Truncated {
                needed: 3,
                available: 2
            }
        ));
    }
}
