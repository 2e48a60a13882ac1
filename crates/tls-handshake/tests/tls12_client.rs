//! The TLS 1.2 client against a scripted server: real keys, real signatures and a real key
//! schedule on the server side, written out message by message so that each rule of the
//! client can be broken one at a time. Every refusal ends in the alert its rule names.

#![forbid(unsafe_code)]

use std::borrow::Cow;
use std::sync::Arc;

use tls_handshake::action::{Action, Actions};
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{ClientConfig, SupportedVersion};
use tls_handshake::deps::SystemRng;
use tls_handshake::error::{ExportError, HandshakeError, PeerMisbehaved};
use tls_handshake::input::Input;
use tls_handshake::key_exchange::KeyShare;
use tls_handshake::sign::SigningKey;
use tls_handshake::verifier::WebPkiServerVerifier;
use tls_handshake::verify_tls12::server_key_exchange_message;
use tls_keyschedule::Transcript;
use tls_keyschedule::tls12::{MasterSecretSeed, PreMasterSecret, Randoms};
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors};
use tls_tests::{ChainBuilder, KeyType};
use tls_wire::extensions::{ECPointFormatList, Extension, ExtensionContext, Extensions};
use tls_wire::handshake::{
    Asn1Cert, CertificateList, CertificateTls12, ClientHello, DigitallySigned, ECParameters,
    ECPoint, Finished, HandshakeMessage, HandshakePayload, NegotiatedVersion, ServerECDHParams,
    ServerHello, ServerHelloDone, ServerKeyExchangeEcdhe, SessionId, Signature,
};
use tls_wire::ids::{
    AlertDescription, CipherSuite, ECPointFormat, ExtensionType, NamedGroup, ProtocolVersion,
    SignatureScheme,
};

const NAME: &str = "tls12.example";

fn encode(payload: HandshakePayload<'_>) -> Vec<u8> {
    HandshakeMessage::new(payload).unwrap().raw().to_vec()
}

/// The messages of the server's first flight, each open to change before it is encoded.
struct Flight {
    server_hello: ServerHello<'static>,
    certificate: Vec<Vec<u8>>,
    group: NamedGroup,
    scheme: SignatureScheme,
    /// Flips a bit of the ServerKeyExchange signature.
    tamper_signature: bool,
    /// Flips a bit of the server's Finished.
    tamper_finished: bool,
    /// Whether the server agrees on the extended master secret (its ServerHello carries the
    /// extension unless changed; this says which master secret the script derives).
    extended_master_secret: bool,
}

/// The client and the server's material: an ECDSA P-256 chain under a root the client trusts.
struct Script {
    config: Arc<ClientConfig>,
    chain: Vec<Vec<u8>>,
    key: SigningKey,
}

impl Script {
    fn new(versions: &[SupportedVersion]) -> Self {
        let chain = ChainBuilder::new(KeyType::EcdsaP256)
            .dns_name(NAME)
            .build()
            .unwrap();
        let mut anchors = TrustAnchors::new();
        anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
        let config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
            .versions(versions)
            .build()
            .unwrap();
        Self {
            config: Arc::new(config),
            chain: chain.chain_der(),
            key: SigningKey::from_pkcs8_der(&chain.leaf_key.pkcs8_der).unwrap(),
        }
    }

    fn flight(&self) -> Flight {
        let extensions = vec![
            Extension::EcPointFormats(
                ECPointFormatList::new(vec![ECPointFormat::UNCOMPRESSED]).unwrap(),
            ),
            Extension::ExtendedMasterSecret,
            Extension::RenegotiationInfo(
                tls_wire::extensions::RenegotiationInfo::new(vec![]).unwrap(),
            ),
        ];
        Flight {
            server_hello: ServerHello {
                legacy_version: ProtocolVersion::TLSV1_2,
                random: [0x5a; 32],
                legacy_session_id_echo: SessionId::new(vec![]).unwrap(),
                cipher_suite: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                legacy_compression_method: 0,
                extensions: Some(
                    Extensions::new(ExtensionContext::ServerHello, extensions).unwrap(),
                ),
            },
            certificate: self.chain.clone(),
            group: NamedGroup::X25519,
            scheme: SignatureScheme::ECDSA_SECP256R1_SHA256,
            tamper_signature: false,
            tamper_finished: false,
            extended_master_secret: true,
        }
    }

    /// Runs the handshake with `flight` as the server's: the client after the server's
    /// Finished, or the error it stopped at.
    fn run(&self, flight: Flight) -> Result<ClientHandshake, HandshakeError> {
        let rng = SystemRng::new();
        let mut out = Actions::new();
        let mut client = ClientHandshake::start(
            Arc::clone(&self.config),
            ServerName::try_from(NAME).unwrap(),
            &mut out,
        )
        .unwrap();
        let client_hello = sent(&mut out).remove(0);
        let ClientHello { random, .. } =
            match HandshakeMessage::decode(&client_hello, NegotiatedVersion::NotYet)
                .unwrap()
                .into_payload()
            {
                HandshakePayload::ClientHello(hello) => hello,
                other => panic!("not a ClientHello: {other:?}"),
            };
        let randoms = Randoms {
            client_random: random,
            server_random: flight.server_hello.random,
        };
        let mut transcript = Transcript::new(tls_keyschedule::HashAlgorithm::Sha256);
        transcript.add(&client_hello);

        let server_share = KeyShare::generate(flight.group, &rng).unwrap();
        let params = ServerECDHParams::new(
            ECParameters {
                namedcurve: flight.group,
            },
            ECPoint::new(server_share.public_key().to_vec()).unwrap(),
        );
        let mut signed = Vec::new();
        server_key_exchange_message(
            &randoms.client_random,
            &randoms.server_random,
            params.encoded(),
            &mut signed,
        );
        let mut signature = self
            .key
            .sign(SignatureScheme::ECDSA_SECP256R1_SHA256, &signed, &rng)
            .unwrap();
        if flight.tamper_signature {
            signature[8] ^= 1;
        }
        let server_messages = [
            encode(HandshakePayload::ServerHello(flight.server_hello)),
            encode(HandshakePayload::CertificateTls12(CertificateTls12 {
                certificate_list: CertificateList::new(
                    flight
                        .certificate
                        .iter()
                        .map(|der| Asn1Cert::new(der.clone()).unwrap())
                        .collect(),
                )
                .unwrap(),
            })),
            encode(HandshakePayload::ServerKeyExchangeEcdhe(
                ServerKeyExchangeEcdhe {
                    params,
                    signed_params: DigitallySigned {
                        algorithm: flight.scheme,
                        signature: Signature::new(signature).unwrap(),
                    },
                },
            )),
            encode(HandshakePayload::ServerHelloDone(ServerHelloDone)),
        ];
        for message in &server_messages {
            transcript.add(message);
            client = feed(client, message, &mut out)?;
        }

        // The client's flight: ClientKeyExchange, then (after its change_cipher_spec) Finished.
        let flight_out = sent(&mut out);
        let [client_key_exchange, client_finished] = flight_out.as_slice() else {
            panic!("the client sent {} messages", flight_out.len());
        };
        let HandshakePayload::ClientKeyExchangeEcdhe(cke) =
            HandshakeMessage::decode(client_key_exchange, NegotiatedVersion::Tls12)
                .unwrap()
                .into_payload()
        else {
            panic!("not a ClientKeyExchange");
        };
        transcript.add(client_key_exchange);
        let shared = server_share.agree(cke.ecdh_yc.as_slice()).unwrap();
        let session_hash = transcript.current_hash();
        let seed = if flight.extended_master_secret {
            MasterSecretSeed::Extended {
                session_hash: &session_hash,
            }
        } else {
            MasterSecretSeed::Legacy { randoms: &randoms }
        };
        let master = PreMasterSecret::new(shared)
            .into_master_secret(tls_keyschedule::HashAlgorithm::Sha256, seed);
        // The client's Finished is what the master secret says it must be.
        let expected = master.derive_client_verify_data(&transcript.current_hash());
        assert_eq!(&client_finished[4..], expected.as_bytes());
        transcript.add(client_finished);

        let mut verify_data = master
            .derive_server_verify_data(&transcript.current_hash())
            .as_bytes()
            .to_vec();
        if flight.tamper_finished {
            verify_data[0] ^= 1;
        }
        client = client.handle(Input::ChangeCipherSpec, &mut out)?;
        let finished = encode(HandshakePayload::Finished(Finished {
            verify_data: Cow::Owned(verify_data),
        }));
        feed(client, &finished, &mut out)
    }
}

/// One server message to the client; a chain-verification request is answered in process.
fn feed(
    client: ClientHandshake,
    message: &[u8],
    out: &mut Actions,
) -> Result<ClientHandshake, HandshakeError> {
    let decoded = HandshakeMessage::decode(message, client.negotiated_version()).unwrap();
    let mut client = client.handle(Input::Message(decoded), out)?;
    while let Some(Action::Request(request)) = out.as_slice().last() {
        let answer = client.answer_in_process(request);
        out.drain();
        client = client.handle(Input::Answer(answer), out)?;
    }
    Ok(client)
}

/// The handshake messages the actions so far send, taken out.
fn sent(out: &mut Actions) -> Vec<Vec<u8>> {
    out.drain()
        .filter_map(|action| match action {
            Action::Send { message, .. } => Some(message),
            _ => None,
        })
        .collect()
}

fn refusal(versions: &[SupportedVersion], change: impl FnOnce(&mut Flight)) -> HandshakeError {
    let script = Script::new(versions);
    let mut flight = script.flight();
    change(&mut flight);
    script.run(flight).unwrap_err()
}

const TLS12: &[SupportedVersion] = &[SupportedVersion::Tls12];

#[test]
fn completes_with_the_extended_master_secret() {
    let script = Script::new(SupportedVersion::ALL);
    let client = script.run(script.flight()).unwrap();
    assert!(client.is_complete());
    let negotiated = client.negotiated().unwrap();
    assert_eq!(negotiated.version, ProtocolVersion::TLSV1_2);
    assert_eq!(negotiated.group, Some(NamedGroup::X25519));
    let mut out = [0; 16];
    client
        .export_keying_material(b"EXPERIMENTAL-test", None, &mut out)
        .unwrap();
    assert_ne!(out, [0; 16]);
}

/// A server that does not agree on the extended master secret: the RFC 5246 master secret.
fn without_extended_master_secret(flight: &mut Flight) {
    flight.extended_master_secret = false;
    with_extensions(
        flight,
        vec![Extension::EcPointFormats(
            ECPointFormatList::new(vec![ECPointFormat::UNCOMPRESSED]).unwrap(),
        )],
    );
}

#[test]
fn completes_with_the_legacy_master_secret_when_the_server_has_no_ems() {
    let script = Script::new(TLS12);
    let mut flight = script.flight();
    without_extended_master_secret(&mut flight);
    let client = script.run(flight).unwrap();
    assert!(client.is_complete());
    // RFC 7627 §6.1: such a master secret may be shared with another session, so nothing is
    // exported from it.
    let mut out = [0; 16];
    assert_eq!(
        client.export_keying_material(b"EXPERIMENTAL-test", None, &mut out),
        Err(ExportError::NoExtendedMasterSecret)
    );
}

#[test]
fn a_client_requiring_the_extended_master_secret_refuses_a_server_without_it() {
    let script = Script::new(TLS12);
    let config = ClientConfig::builder(Arc::clone(script.config.verifier()))
        .versions(TLS12)
        .require_extended_master_secret(true)
        .build()
        .unwrap();
    let script = Script {
        config: Arc::new(config),
        ..script
    };
    let mut flight = script.flight();
    without_extended_master_secret(&mut flight);
    let error = script.run(flight).unwrap_err();
    assert_eq!(
        error,
        tls_handshake::error::PeerIncompatible::ExtendedMasterSecretRequired.into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
    // With the extension, the same client completes.
    assert!(script.run(script.flight()).unwrap().is_complete());
}

#[test]
fn a_tampered_server_key_exchange_signature_is_a_decrypt_error() {
    let error = refusal(TLS12, |flight| flight.tamper_signature = true);
    assert_eq!(error, PeerMisbehaved::BadServerKeyExchangeSignature.into());
    assert_eq!(error.alert(), Some(AlertDescription::DECRYPT_ERROR));
}

#[test]
fn a_tampered_server_finished_is_a_decrypt_error() {
    let error = refusal(TLS12, |flight| flight.tamper_finished = true);
    assert_eq!(error, PeerMisbehaved::BadFinished.into());
    assert_eq!(error.alert(), Some(AlertDescription::DECRYPT_ERROR));
}

#[test]
fn a_group_we_did_not_offer_is_an_illegal_parameter() {
    let script = Script::new(TLS12);
    let config = ClientConfig::builder(Arc::clone(script.config.verifier()))
        .versions(TLS12)
        .groups(&[tls_handshake::config::SupportedGroup::Secp256r1])
        .build()
        .unwrap();
    let script = Script {
        config: Arc::new(config),
        ..script
    };
    let error = script.run(script.flight()).unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn an_rsa_scheme_under_an_ecdsa_suite_is_refused() {
    let error = refusal(TLS12, |flight| {
        flight.scheme = SignatureScheme::RSA_PSS_RSAE_SHA256
    });
    assert_eq!(
        error,
        PeerMisbehaved::SignatureSchemeKeyMismatch {
            scheme: SignatureScheme::RSA_PSS_RSAE_SHA256
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

fn with_extensions(flight: &mut Flight, extensions: Vec<Extension<'static>>) {
    flight.server_hello.extensions =
        Some(Extensions::new(ExtensionContext::ServerHello, extensions).unwrap());
}

#[test]
fn point_formats_without_uncompressed_are_an_illegal_parameter() {
    let error = refusal(TLS12, |flight| {
        with_extensions(
            flight,
            vec![Extension::EcPointFormats(
                ECPointFormatList::new(vec![ECPointFormat::new(1)]).unwrap(),
            )],
        );
    });
    assert_eq!(
        error,
        PeerMisbehaved::PointFormatsWithoutUncompressed.into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn a_non_empty_renegotiation_info_is_a_handshake_failure() {
    let error = refusal(TLS12, |flight| {
        with_extensions(
            flight,
            vec![Extension::RenegotiationInfo(
                tls_wire::extensions::RenegotiationInfo::new(vec![1; 12]).unwrap(),
            )],
        );
    });
    assert_eq!(error, PeerMisbehaved::NonEmptyRenegotiationInfo.into());
    assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
}

#[test]
fn a_tls13_extension_in_a_tls12_server_hello_is_unsolicited() {
    let error = refusal(TLS12, |flight| {
        with_extensions(
            flight,
            vec![Extension::KeyShareServerHello(
                tls_wire::extensions::KeyShareServerHello {
                    server_share: tls_wire::extensions::KeyShareEntry {
                        group: NamedGroup::X25519,
                        key_exchange: tls_wire::extensions::KeyExchange::new(vec![9; 32]).unwrap(),
                    },
                },
            )],
        );
    });
    assert_eq!(
        error,
        PeerMisbehaved::UnsolicitedExtension {
            extension: ExtensionType::KEY_SHARE,
            message: ExtensionContext::ServerHello
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::UNSUPPORTED_EXTENSION));
}

#[test]
fn a_tls13_suite_in_a_tls12_server_hello_is_an_illegal_parameter() {
    let error = refusal(SupportedVersion::ALL, |flight| {
        flight.server_hello.cipher_suite = CipherSuite::TLS_AES_128_GCM_SHA256;
    });
    assert_eq!(
        error,
        PeerMisbehaved::SelectedUnofferedCipherSuite {
            suite: CipherSuite::TLS_AES_128_GCM_SHA256
        }
        .into()
    );
}

#[test]
fn the_downgrade_sentinel_is_refused_when_we_offered_tls13() {
    let error = refusal(SupportedVersion::ALL, |flight| {
        flight.server_hello.random[24..].copy_from_slice(b"DOWNGRD\x01");
    });
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn the_downgrade_sentinel_is_accepted_when_we_offered_only_tls12() {
    let script = Script::new(TLS12);
    let mut flight = script.flight();
    flight.server_hello.random[24..].copy_from_slice(b"DOWNGRD\x01");
    assert!(script.run(flight).unwrap().is_complete());
}

#[test]
fn an_empty_certificate_is_refused() {
    let error = refusal(TLS12, |flight| flight.certificate.clear());
    assert_eq!(error, PeerMisbehaved::EmptyServerCertificate.into());
}

#[test]
fn a_change_cipher_spec_before_server_hello_done_is_unexpected() {
    let script = Script::new(TLS12);
    let mut out = Actions::new();
    let client = ClientHandshake::start(
        Arc::clone(&script.config),
        ServerName::try_from(NAME).unwrap(),
        &mut out,
    )
    .unwrap();
    let flight = script.flight();
    let server_hello = encode(HandshakePayload::ServerHello(flight.server_hello));
    let client = feed(client, &server_hello, &mut out).unwrap();
    let error = client
        .handle(Input::ChangeCipherSpec, &mut out)
        .unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}

#[test]
fn a_hello_request_after_the_handshake_gets_a_no_renegotiation_warning() {
    let script = Script::new(TLS12);
    let client = script.run(script.flight()).unwrap();
    let hello_request = encode(HandshakePayload::HelloRequest(
        tls_wire::handshake::HelloRequest,
    ));
    let mut out = Actions::new();
    let client = feed(client, &hello_request, &mut out).unwrap();
    assert!(client.is_complete());
    assert!(matches!(
        out.as_slice(),
        [Action::SendWarning(AlertDescription::NO_RENEGOTIATION)]
    ));
}
