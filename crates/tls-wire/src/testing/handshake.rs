//! proptest strategies for the handshake messages, each typed form on its own and as the
//! [`HandshakePayload`] a [`NegotiatedVersion`] decodes to.

use std::borrow::Cow;

use proptest::collection::vec;
use proptest::prelude::*;

use crate::codec::{List, Opaque};
use crate::extensions::ExtensionContext;
use crate::handshake::{
    CertificateEntry, CertificateRequestTls12, CertificateRequestTls13, CertificateTls12,
    CertificateTls13, CertificateVerify, ClientHello, ClientKeyExchangeEcdhe, DigitallySigned,
    ECParameters, EncryptedExtensions, EndOfEarlyData, Finished, HELLO_RETRY_REQUEST_RANDOM,
    HandshakePayload, HelloRequest, HelloRetryRequest, KeyUpdate, KeyUpdateRequest, MessageHash,
    NegotiatedVersion, NewSessionTicketTls12, NewSessionTicketTls13, ServerECDHParams, ServerHello,
    ServerHelloDone, ServerKeyExchangeEcdhe,
};
use crate::ids::{CipherSuite, HandshakeType, ProtocolVersion, SignatureScheme};
use crate::testing::extensions::{certificate_status, extensions};
use crate::testing::ids::{client_certificate_type, named_group, signature_scheme};

/// Bytes within an opaque vector's bounds, at most `longest` of them.
fn opaque<const PREFIX: usize, const MIN: usize, const MAX: usize>(
    longest: usize,
) -> impl Strategy<Value = Opaque<'static, PREFIX, MIN, MAX>> {
    vec(any::<u8>(), MIN..=longest.max(MIN).min(MAX))
        .prop_filter_map("fits the vector's bounds", |bytes| Opaque::new(bytes).ok())
}

/// Any `legacy_version`, the usual ones most often.
fn legacy_version() -> impl Strategy<Value = ProtocolVersion> {
    prop_oneof![
        3 => Just(ProtocolVersion::TLSV1_2),
        1 => any::<u16>().prop_map(ProtocolVersion::from),
    ]
}

/// Any cipher suite value, GREASE and unassigned ones included.
fn cipher_suite() -> impl Strategy<Value = CipherSuite> {
    any::<u16>().prop_map(CipherSuite::from)
}

/// A ClientHello, with its extensions block absent, empty or filled.
pub fn client_hello() -> impl Strategy<Value = ClientHello<'static>> {
    (
        legacy_version(),
        any::<[u8; 32]>(),
        opaque(32),
        vec(cipher_suite(), 1..16).prop_filter_map("fits", |suites| List::new(suites).ok()),
        opaque(4),
        prop::option::of(extensions(ExtensionContext::ClientHello)),
    )
        .prop_map(
            |(
                legacy_version,
                random,
                legacy_session_id,
                cipher_suites,
                compression,
                extensions,
            )| {
                ClientHello {
                    legacy_version,
                    random,
                    legacy_session_id,
                    cipher_suites,
                    legacy_compression_methods: compression,
                    extensions,
                }
            },
        )
}

/// A ServerHello (never with the HelloRetryRequest random), extensions absent or present.
pub fn server_hello() -> impl Strategy<Value = ServerHello<'static>> {
    (
        legacy_version(),
        any::<[u8; 32]>().prop_filter("not a HelloRetryRequest", |r| {
            *r != HELLO_RETRY_REQUEST_RANDOM
        }),
        opaque(32),
        cipher_suite(),
        any::<u8>(),
        prop::option::of(extensions(ExtensionContext::ServerHello)),
    )
        .prop_map(
            |(legacy_version, random, legacy_session_id_echo, cipher_suite, method, extensions)| {
                ServerHello {
                    legacy_version,
                    random,
                    legacy_session_id_echo,
                    cipher_suite,
                    legacy_compression_method: method,
                    extensions,
                }
            },
        )
}

/// A HelloRetryRequest.
pub fn hello_retry_request() -> impl Strategy<Value = HelloRetryRequest<'static>> {
    (
        legacy_version(),
        opaque(32),
        cipher_suite(),
        any::<u8>(),
        extensions(ExtensionContext::HelloRetryRequest),
    )
        .prop_map(
            |(legacy_version, legacy_session_id_echo, cipher_suite, method, extensions)| {
                HelloRetryRequest {
                    legacy_version,
                    legacy_session_id_echo,
                    cipher_suite,
                    legacy_compression_method: method,
                    extensions,
                }
            },
        )
}

/// An EncryptedExtensions.
pub fn encrypted_extensions() -> impl Strategy<Value = EncryptedExtensions<'static>> {
    extensions(ExtensionContext::EncryptedExtensions)
        .prop_map(|extensions| EncryptedExtensions { extensions })
}

/// A TLS 1.3 Certificate of up to three short entries.
pub fn certificate_tls13() -> impl Strategy<Value = CertificateTls13<'static>> {
    let entry = (opaque(64), extensions(ExtensionContext::Certificate)).prop_map(
        |(cert_data, extensions)| CertificateEntry {
            cert_data,
            extensions,
        },
    );
    (
        opaque(8),
        vec(entry, 0..4).prop_filter_map("fits", |entries| List::new(entries).ok()),
    )
        .prop_map(
            |(certificate_request_context, certificate_list)| CertificateTls13 {
                certificate_request_context,
                certificate_list,
            },
        )
}

/// A TLS 1.2 Certificate of up to three short certificates.
pub fn certificate_tls12() -> impl Strategy<Value = CertificateTls12<'static>> {
    vec(opaque(64), 0..4)
        .prop_filter_map("fits", |certificates| List::new(certificates).ok())
        .prop_map(|certificate_list| CertificateTls12 { certificate_list })
}

/// A TLS 1.3 CertificateRequest.
pub fn certificate_request_tls13() -> impl Strategy<Value = CertificateRequestTls13<'static>> {
    (opaque(8), extensions(ExtensionContext::CertificateRequest)).prop_map(
        |(certificate_request_context, extensions)| CertificateRequestTls13 {
            certificate_request_context,
            extensions,
        },
    )
}

/// A CertificateVerify with any algorithm value.
pub fn certificate_verify() -> impl Strategy<Value = CertificateVerify<'static>> {
    (any::<u16>().prop_map(SignatureScheme::from), opaque(128)).prop_map(
        |(algorithm, signature)| CertificateVerify {
            algorithm,
            signature,
        },
    )
}

/// A Finished of any length up to 64 bytes, empty included.
pub fn finished() -> impl Strategy<Value = Finished<'static>> {
    vec(any::<u8>(), 0..=64).prop_map(|bytes| Finished {
        verify_data: Cow::Owned(bytes),
    })
}

/// A TLS 1.3 NewSessionTicket.
pub fn new_session_ticket_tls13() -> impl Strategy<Value = NewSessionTicketTls13<'static>> {
    (
        any::<u32>(),
        any::<u32>(),
        opaque(32),
        opaque(128),
        extensions(ExtensionContext::NewSessionTicket),
    )
        .prop_map(
            |(ticket_lifetime, ticket_age_add, ticket_nonce, ticket, extensions)| {
                NewSessionTicketTls13 {
                    ticket_lifetime,
                    ticket_age_add,
                    ticket_nonce,
                    ticket,
                    extensions,
                }
            },
        )
}

/// A TLS 1.2 NewSessionTicket, empty tickets included.
pub fn new_session_ticket_tls12() -> impl Strategy<Value = NewSessionTicketTls12<'static>> {
    (any::<u32>(), opaque(128)).prop_map(|(ticket_lifetime_hint, ticket)| NewSessionTicketTls12 {
        ticket_lifetime_hint,
        ticket,
    })
}

/// ECDHE parameters on any named group (GREASE and unassigned ones included), with a point of
/// 1 to 133 bytes (up to an uncompressed P-521 point).
pub fn server_ecdh_params() -> impl Strategy<Value = ServerECDHParams<'static>> {
    (named_group(), opaque(133))
        .prop_map(|(namedcurve, public)| ServerECDHParams::new(ECParameters { namedcurve }, public))
}

/// A TLS 1.2 `digitally-signed` struct with any algorithm value.
pub fn digitally_signed() -> impl Strategy<Value = DigitallySigned<'static>> {
    (signature_scheme(), opaque(128)).prop_map(|(algorithm, signature)| DigitallySigned {
        algorithm,
        signature,
    })
}

/// A ServerKeyExchange in its ECDHE form.
pub fn server_key_exchange_ecdhe() -> impl Strategy<Value = ServerKeyExchangeEcdhe<'static>> {
    (server_ecdh_params(), digitally_signed()).prop_map(|(params, signed_params)| {
        ServerKeyExchangeEcdhe {
            params,
            signed_params,
        }
    })
}

/// A TLS 1.2 CertificateRequest: up to 8 certificate types and 16 signature pairs (unknown
/// ones included), up to 3 short authorities.
pub fn certificate_request_tls12() -> impl Strategy<Value = CertificateRequestTls12<'static>> {
    (
        vec(client_certificate_type(), 1..=8).prop_filter_map("fits", |v| List::new(v).ok()),
        vec(signature_scheme(), 1..=16).prop_filter_map("fits", |v| List::new(v).ok()),
        vec(opaque(32), 0..=3).prop_filter_map("fits", |v| List::new(v).ok()),
    )
        .prop_map(
            |(certificate_types, supported_signature_algorithms, certificate_authorities)| {
                CertificateRequestTls12 {
                    certificate_types,
                    supported_signature_algorithms,
                    certificate_authorities,
                }
            },
        )
}

/// A ClientKeyExchange in its ECDHE form.
pub fn client_key_exchange_ecdhe() -> impl Strategy<Value = ClientKeyExchangeEcdhe<'static>> {
    opaque(133).prop_map(|ecdh_yc| ClientKeyExchangeEcdhe { ecdh_yc })
}

/// One of the messages only TLS 1.2 types: hello_request, new_session_ticket (RFC 5077),
/// server_key_exchange, certificate_request (1.2 form), server_hello_done,
/// client_key_exchange and certificate_status.
pub fn tls12_only_payload() -> impl Strategy<Value = HandshakePayload<'static>> {
    prop_oneof![
        Just(HandshakePayload::HelloRequest(HelloRequest)),
        new_session_ticket_tls12().prop_map(HandshakePayload::NewSessionTicketTls12),
        server_key_exchange_ecdhe().prop_map(HandshakePayload::ServerKeyExchangeEcdhe),
        certificate_request_tls12().prop_map(HandshakePayload::CertificateRequestTls12),
        Just(HandshakePayload::ServerHelloDone(ServerHelloDone)),
        client_key_exchange_ecdhe().prop_map(HandshakePayload::ClientKeyExchangeEcdhe),
        certificate_status().prop_map(HandshakePayload::CertificateStatus),
    ]
}

/// Either KeyUpdate.
pub fn key_update() -> impl Strategy<Value = KeyUpdate> {
    prop_oneof![
        Just(KeyUpdateRequest::UpdateNotRequested),
        Just(KeyUpdateRequest::UpdateRequested)
    ]
    .prop_map(|request_update| KeyUpdate { request_update })
}

/// A message_hash of any length up to 64 bytes.
pub fn message_hash() -> impl Strategy<Value = MessageHash<'static>> {
    vec(any::<u8>(), 0..=64).prop_map(MessageHash::new)
}

/// Any of the three versions.
pub fn negotiated_version() -> impl Strategy<Value = NegotiatedVersion> {
    prop_oneof![
        Just(NegotiatedVersion::NotYet),
        Just(NegotiatedVersion::Tls12),
        Just(NegotiatedVersion::Tls13),
    ]
}

/// Whether `version` gives `typ` a typed form: the table of the `handshake::message` module
/// docs, written out again here so that the tests check one against the other.
fn typed_under(version: NegotiatedVersion, typ: HandshakeType) -> bool {
    let hellos = [HandshakeType::CLIENT_HELLO, HandshakeType::SERVER_HELLO];
    let tls12 = [
        HandshakeType::HELLO_REQUEST,
        HandshakeType::NEW_SESSION_TICKET,
        HandshakeType::CERTIFICATE,
        HandshakeType::SERVER_KEY_EXCHANGE,
        HandshakeType::CERTIFICATE_REQUEST,
        HandshakeType::SERVER_HELLO_DONE,
        HandshakeType::CERTIFICATE_VERIFY,
        HandshakeType::CLIENT_KEY_EXCHANGE,
        HandshakeType::FINISHED,
        HandshakeType::CERTIFICATE_STATUS,
    ];
    let tls13 = [
        HandshakeType::NEW_SESSION_TICKET,
        HandshakeType::END_OF_EARLY_DATA,
        HandshakeType::ENCRYPTED_EXTENSIONS,
        HandshakeType::CERTIFICATE,
        HandshakeType::CERTIFICATE_REQUEST,
        HandshakeType::CERTIFICATE_VERIFY,
        HandshakeType::FINISHED,
        HandshakeType::KEY_UPDATE,
        HandshakeType::MESSAGE_HASH,
    ];
    hellos.contains(&typ)
        || match version {
            NegotiatedVersion::NotYet => false,
            NegotiatedVersion::Tls12 => tls12.contains(&typ),
            NegotiatedVersion::Tls13 => tls13.contains(&typ),
        }
}

/// A message of a type `version` keeps opaque, with a body of up to 64 bytes.
pub fn unknown(version: NegotiatedVersion) -> impl Strategy<Value = HandshakePayload<'static>> {
    (
        any::<u8>()
            .prop_map(HandshakeType::from)
            .prop_filter("kept opaque under the version", move |typ| {
                !typed_under(version, *typ)
            }),
        vec(any::<u8>(), 0..=64),
    )
        .prop_map(|(typ, body)| HandshakePayload::Unknown {
            typ,
            body: Cow::Owned(body),
        })
}

/// A payload that decodes, under `version`, to the same value: one of the forms the version
/// types, or an unknown type.
pub fn handshake_payload(version: NegotiatedVersion) -> BoxedStrategy<HandshakePayload<'static>> {
    let hellos = prop_oneof![
        client_hello().prop_map(HandshakePayload::ClientHello),
        server_hello().prop_map(HandshakePayload::ServerHello),
        hello_retry_request().prop_map(HandshakePayload::HelloRetryRequest),
        unknown(version),
    ];
    match version {
        NegotiatedVersion::NotYet => hellos.boxed(),
        NegotiatedVersion::Tls12 => prop_oneof![
            3 => hellos,
            1 => certificate_tls12().prop_map(HandshakePayload::CertificateTls12),
            1 => certificate_verify().prop_map(HandshakePayload::CertificateVerify),
            1 => finished().prop_map(HandshakePayload::Finished),
            5 => tls12_only_payload(),
        ]
        .boxed(),
        NegotiatedVersion::Tls13 => prop_oneof![
            4 => hellos,
            1 => Just(HandshakePayload::EndOfEarlyData(EndOfEarlyData)),
            1 => encrypted_extensions().prop_map(HandshakePayload::EncryptedExtensions),
            1 => certificate_tls13().prop_map(HandshakePayload::CertificateTls13),
            1 => certificate_request_tls13().prop_map(HandshakePayload::CertificateRequestTls13),
            1 => certificate_verify().prop_map(HandshakePayload::CertificateVerify),
            1 => finished().prop_map(HandshakePayload::Finished),
            1 => new_session_ticket_tls13().prop_map(HandshakePayload::NewSessionTicketTls13),
            1 => key_update().prop_map(HandshakePayload::KeyUpdate),
            1 => message_hash().prop_map(HandshakePayload::MessageHash),
        ]
        .boxed(),
    }
}

/// A version and a payload that decodes under it to the same value.
pub fn versioned_payload() -> impl Strategy<Value = (NegotiatedVersion, HandshakePayload<'static>)>
{
    negotiated_version().prop_flat_map(|version| (Just(version), handshake_payload(version)))
}
