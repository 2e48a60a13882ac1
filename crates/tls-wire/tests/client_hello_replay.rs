//! A ClientHello can be built as well as parsed, in any extension order: every real ClientHello
//! in the vector files (Chrome's with GREASE, OpenSSL's TLS 1.2 and 1.3 ones, RFC 8448's, ...)
//! is rebuilt from fresh typed values, in its own non-canonical extension order, through
//! [`Extensions::new`] and [`HandshakeMessage::new`], and gives back exactly the captured
//! bytes; and a hello built with its extensions permuted keeps that order on the wire.
//!
//! The vector files are copies of `shared/spec/` kept in `testdata/` (see its README).

use serde_json::Value;
use tls_wire::codec::Opaque;
use tls_wire::extensions::{
    CertificateAuthorities, CertificateCompressionAlgorithms, CertificateStatusRequest,
    ClientShares, ECPointFormatList, Extension, ExtensionBody, ExtensionContext, ExtensionData,
    Extensions, ExtensionsError, HeartbeatMode, KeyShareClientHello, KeyShareEntry,
    MaxFragmentLength, NameType, NamedGroupList, OcspStatusRequest, OfferedPsks, ProtocolNameList,
    PskBinders, PskIdentities, PskIdentity, PskKeyExchangeModes, RecordSizeLimit, ResponderIdList,
    ServerName, ServerNameList, SignatureSchemeList, SupportedVersionList,
};
use tls_wire::handshake::{
    CipherSuites, ClientHello, CompressionMethods, HandshakeMessage, HandshakePayload,
    NegotiatedVersion, SessionId,
};
use tls_wire::ids::{
    CertificateCompressionAlgorithm, CertificateStatusType, CipherSuite, ECPointFormat,
    ExtensionType, NamedGroup, ProtocolVersion, PskKeyExchangeMode, SignatureScheme,
};

fn vectors(name: &str) -> Value {
    let path = format!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/{}"),
        name
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Every captured ClientHello message (header included), with where it came from.
fn client_hellos() -> Vec<(String, Vec<u8>)> {
    let mut hellos = Vec::new();
    for vector in vectors("fingerprint-vectors.json").as_array().unwrap() {
        let name = vector["name"].as_str().unwrap();
        let hex = vector["client_hello_hex"].as_str().unwrap();
        hellos.push((
            format!("fingerprint-vectors.json {name}"),
            hex::decode(hex).unwrap(),
        ));
    }
    for connection in vectors("openssl-captures.json")["connections"]
        .as_array()
        .unwrap()
    {
        let name = connection["name"].as_str().unwrap();
        let record = hex::decode(connection["records"][0]["hex"].as_str().unwrap()).unwrap();
        // The whole record is the ClientHello: strip the 5-byte record header.
        hellos.push((
            format!("openssl-captures.json {name} c2s record 0"),
            record[5..].to_vec(),
        ));
    }
    assert_eq!(hellos.len(), 29);
    hellos
}

fn opaque<const P: usize, const MIN: usize, const MAX: usize>(
    bytes: &[u8],
) -> Opaque<'static, P, MIN, MAX> {
    Opaque::new(bytes.to_vec()).unwrap()
}

fn data(bytes: &[u8]) -> ExtensionData<'static> {
    ExtensionData::new(bytes.to_vec()).unwrap()
}

/// A fresh extension equal to `extension`, built from plain values through the public
/// constructors (nothing of `extension` is reused but its numbers and bytes). The match is
/// exhaustive, so a new form must say how it is built.
fn rebuild(extension: &Extension<'_>) -> Extension<'static> {
    match extension {
        Extension::ServerName(names) => Extension::ServerName(
            ServerNameList::new(
                names
                    .iter()
                    .map(|n| ServerName {
                        name_type: NameType::new(n.name_type.get()),
                        name: opaque(&n.name),
                    })
                    .collect(),
            )
            .unwrap(),
        ),
        Extension::StatusRequest(CertificateStatusRequest::Ocsp(request)) => {
            Extension::StatusRequest(CertificateStatusRequest::Ocsp(OcspStatusRequest {
                responder_id_list: ResponderIdList::new(
                    request
                        .responder_id_list
                        .iter()
                        .map(|id| opaque(id))
                        .collect(),
                )
                .unwrap(),
                request_extensions: opaque(&request.request_extensions),
            }))
        }
        Extension::StatusRequest(CertificateStatusRequest::Unknown {
            status_type,
            request,
        }) => Extension::StatusRequest(CertificateStatusRequest::Unknown {
            status_type: CertificateStatusType::new(status_type.get()),
            request: data(request),
        }),
        Extension::SupportedGroups(groups) => Extension::SupportedGroups(
            NamedGroupList::new(groups.iter().map(|g| NamedGroup::new(g.get())).collect()).unwrap(),
        ),
        Extension::SignatureAlgorithms(schemes) => {
            Extension::SignatureAlgorithms(signature_schemes(schemes))
        }
        Extension::SignatureAlgorithmsCert(schemes) => {
            Extension::SignatureAlgorithmsCert(signature_schemes(schemes))
        }
        Extension::ApplicationLayerProtocolNegotiation(names) => {
            Extension::ApplicationLayerProtocolNegotiation(
                ProtocolNameList::new(names.iter().map(|name| opaque(name)).collect()).unwrap(),
            )
        }
        Extension::Padding(padding) => Extension::Padding(data(padding)),
        Extension::KeyShareClientHello(shares) => {
            Extension::KeyShareClientHello(KeyShareClientHello {
                client_shares: ClientShares::new(
                    shares
                        .client_shares
                        .iter()
                        .map(|share| KeyShareEntry {
                            group: NamedGroup::new(share.group.get()),
                            key_exchange: opaque(&share.key_exchange),
                        })
                        .collect(),
                )
                .unwrap(),
            })
        }
        Extension::PreSharedKey(offered) => Extension::PreSharedKey(OfferedPsks {
            identities: PskIdentities::new(
                offered
                    .identities
                    .iter()
                    .map(|identity| PskIdentity {
                        identity: opaque(&identity.identity),
                        obfuscated_ticket_age: identity.obfuscated_ticket_age,
                    })
                    .collect(),
            )
            .unwrap(),
            binders: PskBinders::new(
                offered
                    .binders
                    .iter()
                    .map(|binder| opaque(binder))
                    .collect(),
            )
            .unwrap(),
        }),
        Extension::PskKeyExchangeModes(modes) => Extension::PskKeyExchangeModes(
            PskKeyExchangeModes::new(
                modes
                    .iter()
                    .map(|m| PskKeyExchangeMode::new(m.get()))
                    .collect(),
            )
            .unwrap(),
        ),
        Extension::EarlyData => Extension::EarlyData,
        Extension::Cookie(cookie) => Extension::Cookie(opaque(cookie)),
        Extension::SupportedVersions(versions) => Extension::SupportedVersions(
            SupportedVersionList::new(
                versions
                    .iter()
                    .map(|v| ProtocolVersion::new(v.get()))
                    .collect(),
            )
            .unwrap(),
        ),
        Extension::CertificateAuthorities(names) => Extension::CertificateAuthorities(
            CertificateAuthorities::new(names.iter().map(|name| opaque(name)).collect()).unwrap(),
        ),
        Extension::PostHandshakeAuth => Extension::PostHandshakeAuth,
        Extension::RecordSizeLimit(limit) => {
            Extension::RecordSizeLimit(RecordSizeLimit::new(limit.get()).unwrap())
        }
        Extension::MaxFragmentLength(length) => {
            Extension::MaxFragmentLength(MaxFragmentLength::new(length.get()))
        }
        Extension::Heartbeat(mode) => Extension::Heartbeat(HeartbeatMode::new(mode.get())),
        Extension::SignedCertificateTimestampEmpty => Extension::SignedCertificateTimestampEmpty,
        Extension::CompressCertificate(algorithms) => Extension::CompressCertificate(
            CertificateCompressionAlgorithms::new(
                algorithms
                    .iter()
                    .map(|a| CertificateCompressionAlgorithm::new(a.get()))
                    .collect(),
            )
            .unwrap(),
        ),
        Extension::EncryptedClientHello(body) => Extension::EncryptedClientHello(data(body)),
        Extension::EcPointFormats(formats) => Extension::EcPointFormats(
            ECPointFormatList::new(
                formats
                    .iter()
                    .map(|f| ECPointFormat::new(f.get()))
                    .collect(),
            )
            .unwrap(),
        ),
        Extension::ExtendedMasterSecret => Extension::ExtendedMasterSecret,
        Extension::SessionTicket(ticket) => Extension::SessionTicket(data(ticket)),
        Extension::RenegotiationInfo(info) => Extension::RenegotiationInfo(opaque(info)),
        Extension::EncryptThenMac => Extension::EncryptThenMac,
        Extension::Opaque { typ, body } => Extension::Opaque {
            typ: ExtensionType::new(typ.get()),
            body: ExtensionBody::new(body.to_vec()).unwrap(),
        },
        // Forms of other messages: a ClientHello never decodes to them.
        Extension::ServerNameEmpty
        | Extension::StatusRequestEmpty
        | Extension::CertificateStatus(_)
        | Extension::KeyShareServerHello(_)
        | Extension::KeyShareHelloRetryRequest(_)
        | Extension::SelectedIdentity(_)
        | Extension::MaxEarlyDataSize(_)
        | Extension::SelectedVersion(_)
        | Extension::SignedCertificateTimestamp(_)
        | Extension::SessionTicketEmpty => panic!("{extension:?} in a ClientHello"),
    }
}

fn signature_schemes(schemes: &SignatureSchemeList) -> SignatureSchemeList {
    SignatureSchemeList::new(
        schemes
            .iter()
            .map(|s| SignatureScheme::new(s.get()))
            .collect(),
    )
    .unwrap()
}

/// The decoded ClientHello of `bytes`.
fn decode(bytes: &[u8]) -> ClientHello<'_> {
    match HandshakeMessage::decode(bytes, NegotiatedVersion::NotYet)
        .unwrap()
        .into_payload()
    {
        HandshakePayload::ClientHello(hello) => hello,
        other => panic!("not a ClientHello: {other:?}"),
    }
}

/// A fresh ClientHello with the fields of `hello` and `extensions` (in that order).
fn build(hello: &ClientHello<'_>, extensions: Option<Vec<Extension<'static>>>) -> Vec<u8> {
    let rebuilt = ClientHello {
        legacy_version: ProtocolVersion::new(hello.legacy_version.get()),
        random: hello.random,
        legacy_session_id: SessionId::new(hello.legacy_session_id.to_vec()).unwrap(),
        cipher_suites: CipherSuites::new(
            hello
                .cipher_suites
                .iter()
                .map(|s| CipherSuite::new(s.get()))
                .collect(),
        )
        .unwrap(),
        legacy_compression_methods: CompressionMethods::new(
            hello.legacy_compression_methods.to_vec(),
        )
        .unwrap(),
        extensions: extensions
            .map(|list| Extensions::new(ExtensionContext::ClientHello, list).unwrap()),
    };
    let message = HandshakeMessage::new(HandshakePayload::ClientHello(rebuilt)).unwrap();
    let mut encoded = Vec::new();
    message.encode(&mut encoded);
    assert_eq!(encoded, message.raw());
    message.raw().to_vec()
}

/// The extension types of a hello's block, in wire order.
fn wire_order(bytes: &[u8]) -> Vec<ExtensionType> {
    decode(bytes).extensions.unwrap().types().collect()
}

#[test]
fn every_captured_client_hello_is_rebuilt_byte_for_byte_in_its_own_order() {
    for (source, bytes) in client_hellos() {
        let hello = decode(&bytes);
        let extensions = hello
            .extensions
            .as_ref()
            .map(|block| block.decode_all().unwrap().iter().map(rebuild).collect());
        let rebuilt = build(&hello, extensions);
        assert_eq!(hex::encode(&rebuilt), hex::encode(&bytes), "{source}");
    }
}

#[test]
fn chrome_order_with_grease_is_replayed_as_captured() {
    let (_, bytes) = client_hellos()
        .into_iter()
        .find(|(source, _)| source.ends_with("foxio-tls-handshake-stream0"))
        .unwrap();
    let order: Vec<u16> = wire_order(&bytes).iter().map(|t| t.get()).collect();
    // GREASE first and second to last, padding last: far from any canonical order.
    assert_eq!(
        order,
        [
            0x9a9a, 0xff01, 0x0033, 0x002d, 0x0005, 0x4469, 0x000d, 0x0010, 0x0023, 0x001b, 0x002b,
            0x0000, 0x0012, 0x000a, 0x0017, 0x000b, 0x6a6a, 0x0015
        ]
    );
    let hello = decode(&bytes);
    let list = hello.extensions.as_ref().unwrap().decode_all().unwrap();
    assert_eq!(
        build(&hello, Some(list.iter().map(rebuild).collect())),
        bytes
    );
}

#[test]
fn a_permuted_extension_order_is_kept_on_the_wire() {
    for (source, bytes) in client_hellos() {
        let hello = decode(&bytes);
        let Some(block) = hello.extensions.as_ref() else {
            continue;
        };
        let mut list: Vec<Extension<'static>> =
            block.decode_all().unwrap().iter().map(rebuild).collect();
        // Reverse everything but a trailing pre_shared_key, which must stay last.
        let keep_last = usize::from(hello.pre_shared_key().unwrap().is_some());
        let end = list.len() - keep_last;
        list[..end].reverse();
        let expected: Vec<ExtensionType> = list.iter().map(Extension::typ).collect();
        let permuted = build(&hello, Some(list));
        assert_eq!(wire_order(&permuted), expected, "{source}");
        assert_eq!(permuted.len(), bytes.len(), "{source}");
        if expected.len() > 1 + keep_last {
            assert_ne!(permuted, bytes, "{source}: reversing changed nothing");
        }
    }
}

#[test]
fn a_rotated_order_is_kept_and_pre_shared_key_must_stay_last() {
    let (_, bytes) = client_hellos()
        .into_iter()
        .find(|(source, _)| source.ends_with("rfc8448-resumed-0rtt"))
        .unwrap();
    let hello = decode(&bytes);
    let mut list: Vec<Extension<'static>> = hello
        .extensions
        .as_ref()
        .unwrap()
        .decode_all()
        .unwrap()
        .iter()
        .map(rebuild)
        .collect();
    let psk = list.pop().unwrap();
    assert_eq!(psk.typ(), ExtensionType::PRE_SHARED_KEY);
    list.rotate_left(3);
    let mut with_psk = list.clone();
    with_psk.push(psk.clone());
    let expected: Vec<ExtensionType> = with_psk.iter().map(Extension::typ).collect();
    assert_eq!(wire_order(&build(&hello, Some(with_psk))), expected);
    let mut psk_first = vec![psk];
    psk_first.extend(list);
    assert_eq!(
        Extensions::new(ExtensionContext::ClientHello, psk_first),
        Err(ExtensionsError::PreSharedKeyNotLast)
    );
}
