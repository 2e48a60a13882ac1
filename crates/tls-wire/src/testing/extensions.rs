//! proptest strategies for extensions: each typed form, any [`Extension`] a context decodes, and
//! whole [`Extensions`] blocks per [`ExtensionContext`].

use std::collections::HashSet;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::Union;

use crate::codec::{Codec, List, Opaque, Reader};
use crate::extensions::{
    CertificateAuthorities, CertificateCompressionAlgorithms, CertificateStatus,
    CertificateStatusRequest, Cookie, ECPointFormatList, EncryptedClientHello, Extension,
    ExtensionContext, ExtensionData, Extensions, HeartbeatMode, KeyShareClientHello, KeyShareEntry,
    KeyShareHelloRetryRequest, KeyShareServerHello, MaxFragmentLength, NameType, NamedGroupList,
    OcspStatusRequest, OfferedPsks, Padding, ProtocolNameList, PskIdentity, PskKeyExchangeModes,
    RecordSizeLimit, RenegotiationInfo, ServerName, ServerNameList, SessionTicket,
    SignatureSchemeList, SignedCertificateTimestampList, SupportedVersionList,
};
use crate::ids::{CertificateStatusType, ExtensionType};
use crate::testing::ids::{
    certificate_compression_algorithm, certificate_status_type, ec_point_format, extension_type,
    named_group, protocol_version, psk_key_exchange_mode, signature_scheme,
};

/// Bytes within an opaque vector's bounds, at most `longest` of them.
fn opaque<const PREFIX: usize, const MIN: usize, const MAX: usize>(
    longest: usize,
) -> impl Strategy<Value = Opaque<'static, PREFIX, MIN, MAX>> {
    vec(any::<u8>(), MIN..=longest.max(MIN).min(MAX))
        .prop_filter_map("fits the vector's bounds", |bytes| Opaque::new(bytes).ok())
}

/// A list of `count` items drawn from `item`, kept when it fits the list's bounds.
fn list<T, S, const PREFIX: usize, const MIN: usize, const MAX: usize>(
    item: S,
    count: core::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = List<T, PREFIX, MIN, MAX>>
where
    S: Strategy<Value = T>,
    T: Codec<'static> + core::fmt::Debug + Clone,
{
    vec(item, count).prop_filter_map("fits the list's bounds", |items| List::new(items).ok())
}

/// Up to `longest` raw bytes, as the rest of an extension body.
fn extension_data(longest: usize) -> impl Strategy<Value = ExtensionData<'static>> {
    vec(any::<u8>(), 0..=longest).prop_filter_map("fits an extension body", |bytes| {
        ExtensionData::new(bytes).ok()
    })
}

/// A status type other than `ocsp`.
fn unknown_status_type() -> impl Strategy<Value = CertificateStatusType> {
    certificate_status_type().prop_filter("not ocsp", |t| *t != CertificateStatusType::OCSP)
}

/// `server_name` in a ClientHello: host names mostly, unknown name types too.
pub fn server_name_list() -> impl Strategy<Value = ServerNameList<'static>> {
    let name_type = prop_oneof![
        3 => Just(NameType::HOST_NAME),
        1 => any::<u8>().prop_map(NameType::new),
    ];
    let name = (name_type, opaque(32)).prop_map(|(name_type, name)| ServerName { name_type, name });
    list(name, 1..=3)
}

/// `status_request` in a ClientHello.
pub fn certificate_status_request() -> impl Strategy<Value = CertificateStatusRequest<'static>> {
    prop_oneof![
        3 => (list(opaque(16), 0..=3), opaque(16)).prop_map(
            |(responder_id_list, request_extensions)| {
                CertificateStatusRequest::Ocsp(OcspStatusRequest {
                    responder_id_list,
                    request_extensions,
                })
            }
        ),
        1 => (unknown_status_type(), extension_data(16))
            .prop_map(|(status_type, request)| CertificateStatusRequest::Unknown {
                status_type,
                request
            }),
    ]
}

/// `status_request` in a CertificateEntry.
pub fn certificate_status() -> impl Strategy<Value = CertificateStatus<'static>> {
    prop_oneof![
        3 => opaque(64).prop_map(CertificateStatus::Ocsp),
        1 => (unknown_status_type(), extension_data(16))
            .prop_map(|(status_type, response)| CertificateStatus::Unknown {
                status_type,
                response
            }),
    ]
}

/// `supported_groups`.
pub fn named_group_list() -> impl Strategy<Value = NamedGroupList> {
    list(named_group(), 1..=8)
}

/// `signature_algorithms` or `signature_algorithms_cert`.
pub fn signature_scheme_list() -> impl Strategy<Value = SignatureSchemeList> {
    list(signature_scheme(), 1..=8)
}

/// `application_layer_protocol_negotiation`.
pub fn protocol_name_list() -> impl Strategy<Value = ProtocolNameList<'static>> {
    list(opaque(12), 1..=4)
}

/// `padding`, zero or not.
pub fn padding() -> impl Strategy<Value = Padding<'static>> {
    prop_oneof![
        (0usize..=64).prop_filter_map("fits", |n| ExtensionData::new(vec![0; n]).ok()),
        extension_data(16),
    ]
}

/// One key share.
pub fn key_share_entry() -> impl Strategy<Value = KeyShareEntry<'static>> {
    (named_group(), opaque(65)).prop_map(|(group, key_exchange)| KeyShareEntry {
        group,
        key_exchange,
    })
}

/// `key_share` in a ClientHello (possibly no share at all).
pub fn key_share_client_hello() -> impl Strategy<Value = KeyShareClientHello<'static>> {
    list(key_share_entry(), 0..=3).prop_map(|client_shares| KeyShareClientHello { client_shares })
}

/// `key_share` in a ServerHello.
pub fn key_share_server_hello() -> impl Strategy<Value = KeyShareServerHello<'static>> {
    key_share_entry().prop_map(|server_share| KeyShareServerHello { server_share })
}

/// `key_share` in a HelloRetryRequest.
pub fn key_share_hello_retry_request() -> impl Strategy<Value = KeyShareHelloRetryRequest> {
    named_group().prop_map(|selected_group| KeyShareHelloRetryRequest { selected_group })
}

/// `psk_key_exchange_modes`.
pub fn psk_key_exchange_modes() -> impl Strategy<Value = PskKeyExchangeModes> {
    list(psk_key_exchange_mode(), 1..=4)
}

/// `pre_shared_key` in a ClientHello.
pub fn offered_psks() -> impl Strategy<Value = OfferedPsks<'static>> {
    let identity =
        (opaque(40), any::<u32>()).prop_map(|(identity, obfuscated_ticket_age)| PskIdentity {
            identity,
            obfuscated_ticket_age,
        });
    (list(identity, 1..=3), list(opaque(64), 1..=3)).prop_map(|(identities, binders)| OfferedPsks {
        identities,
        binders,
    })
}

/// `cookie`.
pub fn cookie() -> impl Strategy<Value = Cookie<'static>> {
    opaque(64)
}

/// `supported_versions` in a ClientHello.
pub fn supported_version_list() -> impl Strategy<Value = SupportedVersionList> {
    list(protocol_version(), 1..=6)
}

/// `certificate_authorities`.
pub fn certificate_authorities() -> impl Strategy<Value = CertificateAuthorities<'static>> {
    list(opaque(24), 1..=3)
}

/// `record_size_limit`, 64 or more.
pub fn record_size_limit() -> impl Strategy<Value = RecordSizeLimit> {
    (RecordSizeLimit::MIN..=u16::MAX).prop_filter_map("at least 64", RecordSizeLimit::new)
}

/// `max_fragment_length`: mostly the four allowed values, any byte too.
pub fn max_fragment_length() -> impl Strategy<Value = MaxFragmentLength> {
    prop_oneof![
        3 => (1u8..=4).prop_map(MaxFragmentLength::new),
        1 => any::<u8>().prop_map(MaxFragmentLength::new),
    ]
}

/// `heartbeat`: mostly the two known modes, any byte too.
pub fn heartbeat_mode() -> impl Strategy<Value = HeartbeatMode> {
    prop_oneof![
        3 => (1u8..=2).prop_map(HeartbeatMode::new),
        1 => any::<u8>().prop_map(HeartbeatMode::new),
    ]
}

/// `signed_certificate_timestamp` in a TLS 1.2 ServerHello or a CertificateEntry.
pub fn signed_certificate_timestamp_list()
-> impl Strategy<Value = SignedCertificateTimestampList<'static>> {
    list(opaque(48), 1..=3)
}

/// `compress_certificate`, GREASE and unknown algorithms included.
pub fn certificate_compression_algorithms()
-> impl Strategy<Value = CertificateCompressionAlgorithms> {
    list(certificate_compression_algorithm(), 1..=4)
}

/// `encrypted_client_hello`, its body opaque.
pub fn encrypted_client_hello() -> impl Strategy<Value = EncryptedClientHello<'static>> {
    extension_data(64)
}

/// `ec_point_formats`, unknown formats included.
pub fn ec_point_format_list() -> impl Strategy<Value = ECPointFormatList> {
    list(ec_point_format(), 1..=4)
}

/// `session_ticket` in a ClientHello: empty (asking for a ticket) or a ticket.
pub fn session_ticket() -> impl Strategy<Value = SessionTicket<'static>> {
    prop_oneof![Just(SessionTicket::default()), extension_data(64)]
}

/// `renegotiation_info`: empty (an initial handshake) or verify_data.
pub fn renegotiation_info() -> impl Strategy<Value = RenegotiationInfo<'static>> {
    prop_oneof![
        3 => opaque(0),
        1 => opaque(36),
    ]
}

/// An extension of a type `context` does not decode, kept opaque.
pub fn opaque_extension(context: ExtensionContext) -> impl Strategy<Value = Extension<'static>> {
    (extension_type(), opaque(24)).prop_map(move |(typ, body)| {
        let opaque = Extension::Opaque {
            typ,
            body: body.clone(),
        };
        // A type the context decodes moves to 0x7fXX, unassigned and so typed in no context,
        // rather than the case being rejected.
        let typ = if round_trips(&opaque, context) {
            typ
        } else {
            ExtensionType::new(0x7f00 | (typ.get() & 0xff))
        };
        Extension::Opaque { typ, body }
    })
}

/// Any extension `context` decodes, typed or opaque.
pub fn extension(context: ExtensionContext) -> BoxedStrategy<Extension<'static>> {
    use ExtensionContext as Ctx;
    let mut arms: Vec<BoxedStrategy<Extension<'static>>> = vec![opaque_extension(context).boxed()];
    let mut add = |arm: BoxedStrategy<Extension<'static>>| arms.push(arm);
    match context {
        Ctx::ClientHello => {
            add(server_name_list().prop_map(Extension::ServerName).boxed());
            add(certificate_status_request()
                .prop_map(Extension::StatusRequest)
                .boxed());
            add(named_group_list()
                .prop_map(Extension::SupportedGroups)
                .boxed());
            add(signature_scheme_list()
                .prop_map(Extension::SignatureAlgorithms)
                .boxed());
            add(signature_scheme_list()
                .prop_map(Extension::SignatureAlgorithmsCert)
                .boxed());
            add(protocol_name_list()
                .prop_map(Extension::ApplicationLayerProtocolNegotiation)
                .boxed());
            add(padding().prop_map(Extension::Padding).boxed());
            add(key_share_client_hello()
                .prop_map(Extension::KeyShareClientHello)
                .boxed());
            add(offered_psks().prop_map(Extension::PreSharedKey).boxed());
            add(psk_key_exchange_modes()
                .prop_map(Extension::PskKeyExchangeModes)
                .boxed());
            add(Just(Extension::EarlyData).boxed());
            add(cookie().prop_map(Extension::Cookie).boxed());
            add(supported_version_list()
                .prop_map(Extension::SupportedVersions)
                .boxed());
            add(certificate_authorities()
                .prop_map(Extension::CertificateAuthorities)
                .boxed());
            add(Just(Extension::PostHandshakeAuth).boxed());
            add(record_size_limit()
                .prop_map(Extension::RecordSizeLimit)
                .boxed());
            add(max_fragment_length()
                .prop_map(Extension::MaxFragmentLength)
                .boxed());
            add(heartbeat_mode().prop_map(Extension::Heartbeat).boxed());
            add(Just(Extension::SignedCertificateTimestampEmpty).boxed());
            add(certificate_compression_algorithms()
                .prop_map(Extension::CompressCertificate)
                .boxed());
            add(encrypted_client_hello()
                .prop_map(Extension::EncryptedClientHello)
                .boxed());
            add(ec_point_format_list()
                .prop_map(Extension::EcPointFormats)
                .boxed());
            add(Just(Extension::ExtendedMasterSecret).boxed());
            add(session_ticket().prop_map(Extension::SessionTicket).boxed());
            add(renegotiation_info()
                .prop_map(Extension::RenegotiationInfo)
                .boxed());
            add(Just(Extension::EncryptThenMac).boxed());
        }
        Ctx::ServerHello => {
            add(Just(Extension::ServerNameEmpty).boxed());
            add(Just(Extension::StatusRequestEmpty).boxed());
            add(protocol_name_list()
                .prop_map(Extension::ApplicationLayerProtocolNegotiation)
                .boxed());
            add(key_share_server_hello()
                .prop_map(Extension::KeyShareServerHello)
                .boxed());
            add(any::<u16>().prop_map(Extension::SelectedIdentity).boxed());
            add(protocol_version()
                .prop_map(Extension::SelectedVersion)
                .boxed());
            add(record_size_limit()
                .prop_map(Extension::RecordSizeLimit)
                .boxed());
            add(max_fragment_length()
                .prop_map(Extension::MaxFragmentLength)
                .boxed());
            add(heartbeat_mode().prop_map(Extension::Heartbeat).boxed());
            add(signed_certificate_timestamp_list()
                .prop_map(Extension::SignedCertificateTimestamp)
                .boxed());
            add(ec_point_format_list()
                .prop_map(Extension::EcPointFormats)
                .boxed());
            add(Just(Extension::ExtendedMasterSecret).boxed());
            add(Just(Extension::SessionTicketEmpty).boxed());
            add(renegotiation_info()
                .prop_map(Extension::RenegotiationInfo)
                .boxed());
            add(Just(Extension::EncryptThenMac).boxed());
        }
        Ctx::HelloRetryRequest => {
            add(key_share_hello_retry_request()
                .prop_map(Extension::KeyShareHelloRetryRequest)
                .boxed());
            add(cookie().prop_map(Extension::Cookie).boxed());
            add(protocol_version()
                .prop_map(Extension::SelectedVersion)
                .boxed());
            add(encrypted_client_hello()
                .prop_map(Extension::EncryptedClientHello)
                .boxed());
        }
        Ctx::EncryptedExtensions => {
            add(Just(Extension::ServerNameEmpty).boxed());
            add(named_group_list()
                .prop_map(Extension::SupportedGroups)
                .boxed());
            add(protocol_name_list()
                .prop_map(Extension::ApplicationLayerProtocolNegotiation)
                .boxed());
            add(Just(Extension::EarlyData).boxed());
            add(record_size_limit()
                .prop_map(Extension::RecordSizeLimit)
                .boxed());
            add(max_fragment_length()
                .prop_map(Extension::MaxFragmentLength)
                .boxed());
            add(heartbeat_mode().prop_map(Extension::Heartbeat).boxed());
            add(encrypted_client_hello()
                .prop_map(Extension::EncryptedClientHello)
                .boxed());
        }
        Ctx::Certificate => {
            add(certificate_status()
                .prop_map(Extension::CertificateStatus)
                .boxed());
            add(signed_certificate_timestamp_list()
                .prop_map(Extension::SignedCertificateTimestamp)
                .boxed());
        }
        Ctx::CertificateRequest => {
            add(Just(Extension::StatusRequestEmpty).boxed());
            add(signature_scheme_list()
                .prop_map(Extension::SignatureAlgorithms)
                .boxed());
            add(signature_scheme_list()
                .prop_map(Extension::SignatureAlgorithmsCert)
                .boxed());
            add(certificate_authorities()
                .prop_map(Extension::CertificateAuthorities)
                .boxed());
            add(Just(Extension::SignedCertificateTimestampEmpty).boxed());
            add(certificate_compression_algorithms()
                .prop_map(Extension::CompressCertificate)
                .boxed());
        }
        Ctx::NewSessionTicket => {
            add(any::<u32>().prop_map(Extension::MaxEarlyDataSize).boxed());
        }
    }
    Union::new(arms).boxed()
}

/// A whole block for `context`: no type twice, `pre_shared_key` last in a ClientHello.
pub fn extensions(context: ExtensionContext) -> impl Strategy<Value = Extensions<'static>> {
    let min = usize::from(context == ExtensionContext::CertificateRequest);
    vec(extension(context), min..=8).prop_filter_map("a valid block", move |candidates| {
        let mut seen = HashSet::new();
        let mut list: Vec<_> = candidates
            .into_iter()
            .filter(|e| seen.insert(e.typ()))
            .collect();
        // pre_shared_key must end a ClientHello block (a stable sort keeps the rest in order).
        if context == ExtensionContext::ClientHello {
            list.sort_by_key(|e| e.typ() == ExtensionType::PRE_SHARED_KEY);
        }
        Extensions::new(context, list).ok()
    })
}

/// A context.
pub fn extension_context() -> impl Strategy<Value = ExtensionContext> {
    proptest::sample::select(ExtensionContext::ALL.to_vec())
}

/// Whether `extension` decodes back to itself in `context`.
fn round_trips(extension: &Extension<'static>, context: ExtensionContext) -> bool {
    let mut bytes = Vec::new();
    extension.encode(&mut bytes);
    let mut r = Reader::new(&bytes);
    Extension::decode(&mut r, context).is_ok_and(|decoded| decoded == *extension) && r.is_empty()
}
