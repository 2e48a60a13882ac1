//! Recorded handshakes replayed through our server: fed the trace's ClientHello (and client
//! Finished), with the trace's random, key-share scalar and (illustrated-tls13) PSS salt
//! injected, it must send the trace's server flight byte for byte and derive the trace's
//! secrets.
//!
//! - illustrated-tls13 (TLS_AES_256_GCM_SHA384, x25519, rsa_pss_rsae_sha256): end to end, with
//!   ring signing the CertificateVerify with the trace's RSA-2048 key and a salt of 32 × 0x12.
//! - RFC 8448 §3, simple 1-RTT (TLS_AES_128_GCM_SHA256, x25519, rsa_pss_rsae_sha256): its
//!   server key is RSA-1024, which ring refuses to load. The selected certificate is then the
//!   illustrated-tls13 RSA key (it only decides the scheme, the same rsa_pss_rsae_sha256), the
//!   profile presents the trace's certificate, and the Sign request is answered with the
//!   trace's signature.
//! - RFC 8448 §5, HelloRetryRequest: likewise, with the profile asking for secp256r1 although
//!   the client shared x25519, and sending the trace's cookie.

use tls_handshake::action::Level;
use tls_handshake::config::{CertifiedKey, ServerConfig, SupportedCipherSuite, SupportedGroup};
use tls_handshake::server::ServerHandshake;
use tls_wire::codec::List;

use super::*;

/// The hex string `value` as bytes.
fn unhex_value(value: &Value) -> Vec<u8> {
    unhex(value.as_str().unwrap())
}

/// The illustrated-tls13 server certificate and key.
pub(super) fn illustrated_certified_key(trace: &Value) -> Arc<CertifiedKey> {
    let keys = &trace["keys"];
    Arc::new(
        CertifiedKey::from_pem(
            keys["server_certificate_pem"].as_str().unwrap().as_bytes(),
            keys["server_rsa_private_key_pem"]
                .as_str()
                .unwrap()
                .as_bytes(),
        )
        .unwrap(),
    )
}

/// Everything the server did in one handshake.
#[derive(Default)]
struct Flight {
    /// Sent handshake messages, with their level.
    sent: Vec<(Level, Vec<u8>)>,
    change_cipher_spec: usize,
    write_keys: Vec<(Level, TrafficSecret)>,
    read_keys: Vec<(Level, TrafficSecret)>,
    sign_requests: Vec<Vec<u8>>,
    /// The (send, receive) record size limits the server asked for.
    record_size_limits: Option<(usize, usize)>,
    complete: bool,
}

impl Flight {
    fn secret(keys: &[(Level, TrafficSecret)], level: Level) -> String {
        let (_, secret) = keys.iter().find(|(l, _)| *l == level).unwrap();
        hex::encode(secret.secret().as_bytes())
    }
}

/// Runs the server over `client_hellos` (two after a HelloRetryRequest) and
/// `client_finished`, answering SelectCertificate with `certified` and Sign with `signature`
/// (or in process when `None`).
fn replay(
    server: ServerHandshake,
    certified: Arc<CertifiedKey>,
    signature: Option<Vec<u8>>,
    client_hellos: &[Vec<u8>],
    client_finished: &[u8],
) -> Flight {
    let mut flight = Flight::default();
    let mut out = Actions::new();
    let mut server = server;
    for client_hello in client_hellos {
        let message = HandshakeMessage::decode(client_hello, server.negotiated_version()).unwrap();
        server = server.handle(Input::Message(message), &mut out).unwrap();
        let mut pending = collect(&mut out, &mut flight);
        while let Some(request) = pending {
            let answer = match (&request, &signature) {
                (Request::SelectCertificate(_), _) => {
                    Answer::Certificate(Ok(Arc::clone(&certified)))
                }
                (Request::Sign { .. }, Some(signature)) => Answer::Signature(Ok(signature.clone())),
                (Request::Sign { .. }, None) => server.answer_in_process(&request),
                (Request::VerifyChain { .. } | Request::SelectClientCertificate(_), _) => {
                    panic!("the server asks for no client certificate here")
                }
                (Request::OpenTicket { .. }, _) => server.answer_in_process(&request),
            };
            if let Request::Sign { message, .. } = &request {
                flight.sign_requests.push(message.clone());
            }
            server = server.handle(Input::Answer(answer), &mut out).unwrap();
            pending = collect(&mut out, &mut flight);
        }
    }
    assert_eq!(server.negotiated_version(), NegotiatedVersion::Tls13);
    assert_eq!(server.expects(), "Finished");
    let message = HandshakeMessage::decode(client_finished, NegotiatedVersion::Tls13).unwrap();
    let server = server.handle(Input::Message(message), &mut out).unwrap();
    assert!(collect(&mut out, &mut flight).is_none());
    assert!(server.is_complete());
    flight
}

/// Moves the actions into `flight`; returns the request they end with, if any.
fn collect(out: &mut Actions, flight: &mut Flight) -> Option<Request> {
    let mut request = None;
    for action in out.drain() {
        assert!(request.is_none(), "an action after a request");
        match action {
            Action::Send { level, message } => flight.sent.push((level, message)),
            Action::SendChangeCipherSpec => flight.change_cipher_spec += 1,
            Action::SendWarning(description) => panic!("unexpected warning {description}"),
            Action::InstallWriteKey {
                level,
                keys: RecordKeys::Tls13 { secret, .. },
            } => flight.write_keys.push((level, secret)),
            Action::InstallReadKey {
                level,
                keys: RecordKeys::Tls13 { secret, .. },
            } => flight.read_keys.push((level, secret)),
            Action::InstallWriteKey { keys, .. } | Action::InstallReadKey { keys, .. } => {
                panic!("keys of another version: {keys:?}")
            }
            Action::Request(r) => request = Some(r),
            Action::LimitRecordSize { send, receive } => {
                flight.record_size_limits = Some((send, receive))
            }
            other @ (Action::AllowEarlyData { .. }
            | Action::AcceptEarlyData { .. }
            | Action::SkipEarlyData { .. }) => panic!("no early data here: {other:?}"),
            Action::Event(Event::HandshakeComplete(_)) => flight.complete = true,
            Action::Event(event) => panic!("unexpected event {event:?}"),
        }
    }
    request
}

/// illustrated-tls13 record `index`'s handshake message: the record body for a plaintext
/// record, the inner plaintext without its content type for a protected one.
fn illustrated_message(trace: &Value, index: usize) -> Vec<u8> {
    let record = &trace["records"][index];
    match record.get("inner_plaintext_hex") {
        Some(inner) => {
            let mut inner = unhex_value(inner);
            assert_eq!(
                inner.pop(),
                Some(22),
                "record {index} holds a handshake message"
            );
            inner
        }
        None => unhex_value(&record["record_hex"])[5..].to_vec(),
    }
}

#[test]
fn illustrated_tls13_server_flight_replays_byte_for_byte() {
    let trace = testdata("illustrated-tls13.json");
    let keys = &trace["keys"];
    let rng = SequenceRng::new(
        vec![unhex_value(&keys["server_random"])],
        vec![
            leak(unhex_value(&keys["server_x25519_private"])),
            &[0x12; 32],
        ],
    );
    let config = ServerConfig::builder(illustrated_certified_key(&trace));
    // The recorded server chose AES-256-GCM, which the client offered first.
    let config = config.cipher_suites(&[SupportedCipherSuite::Tls13Aes256GcmSha384]);
    let config = config.rng(Arc::new(rng));
    let config = config.wire_profile(
        WireProfile::default()
            // The recorded server did not acknowledge the client's server_name.
            .without_server_name_acknowledgement()
            .with_supported_versions_first(),
    );
    let server = ServerHandshake::new(Arc::new(config.build().unwrap()));
    let flight = replay(
        server,
        illustrated_certified_key(&trace),
        None,
        &[illustrated_message(&trace, 0)],
        &illustrated_message(&trace, 8),
    );

    let names = [
        (1, "ServerHello", Level::Initial),
        (3, "EncryptedExtensions", Level::Handshake),
        (4, "Certificate", Level::Handshake),
        (5, "CertificateVerify", Level::Handshake),
        (6, "Finished", Level::Handshake),
    ];
    assert_eq!(flight.sent.len(), names.len());
    for ((index, name, level), (sent_level, sent)) in names.iter().zip(&flight.sent) {
        assert_eq!(
            hex::encode(sent),
            hex::encode(illustrated_message(&trace, *index)),
            "illustrated-tls13 record {index}: {name}"
        );
        assert_eq!(sent_level, level, "{name}");
    }
    assert_eq!(
        flight.change_cipher_spec, 1,
        "compat-mode change_cipher_spec"
    );
    let secrets = &trace["secrets"];
    for (got, name) in [
        (
            Flight::secret(&flight.write_keys, Level::Handshake),
            "server_handshake_traffic_secret",
        ),
        (
            Flight::secret(&flight.read_keys, Level::Handshake),
            "client_handshake_traffic_secret",
        ),
        (
            Flight::secret(&flight.write_keys, Level::Application),
            "server_application_traffic_secret_0",
        ),
        (
            Flight::secret(&flight.read_keys, Level::Application),
            "client_application_traffic_secret_0",
        ),
    ] {
        assert_eq!(
            got,
            secrets[name].as_str().unwrap(),
            "illustrated-tls13 {name}"
        );
    }
    assert!(flight.complete);
    // illustrated-tls13's client does not offer record_size_limit.
    assert_eq!(flight.record_size_limits, None);
}

/// An RFC 8448 scenario's label of step `step`, for assertion messages.
pub(super) fn rfc8448_label(scenario: &Value, step: u64) -> String {
    let step = &scenario["steps"][usize::try_from(step).unwrap()];
    format!(
        "{{{}}} {}",
        step["side"].as_str().unwrap(),
        step["label"].as_str().unwrap()
    )
}

/// The chain of a Certificate message.
fn chain_of(certificate: &[u8]) -> Vec<Vec<u8>> {
    let HandshakePayload::CertificateTls13(decoded) =
        HandshakeMessage::decode(certificate, NegotiatedVersion::Tls13)
            .unwrap()
            .into_payload()
    else {
        panic!("not a Certificate")
    };
    decoded
        .certificate_list
        .iter()
        .map(|entry| entry.cert_data.as_slice().to_vec())
        .collect()
}

/// The signature of a CertificateVerify message.
fn signature_of(certificate_verify: &[u8]) -> Vec<u8> {
    let HandshakePayload::CertificateVerify(decoded) =
        HandshakeMessage::decode(certificate_verify, NegotiatedVersion::Tls13)
            .unwrap()
            .into_payload()
    else {
        panic!("not a CertificateVerify")
    };
    decoded.signature.as_slice().to_vec()
}

#[test]
fn simple_1rtt_server_flight_replays_byte_for_byte() {
    let scenario = &rfc8448_scenario("simple-1rtt");
    let item = |step, name| rfc8448_item(scenario, step, name);
    let server_hello = item(5, "ServerHello");
    let server_random = server_hello[6..38].to_vec();
    let rng = SequenceRng::new(vec![server_random], vec![leak(item(4, "private key"))]);

    // The trace's certificate and signature, read from its own messages.
    let chain = chain_of(&item(15, "Certificate"));
    let signature = signature_of(&item(16, "CertificateVerify"));

    let illustrated = testdata("illustrated-tls13.json");
    let config = ServerConfig::builder(illustrated_certified_key(&illustrated));
    let config = config.rng(Arc::new(rng));
    let config = config.wire_profile(
        WireProfile::default()
            // The recorded server lists its groups (FFDHE among them) first; the
            // record_size_limit (2^14 + 1, our default) and server_name come from us.
            .with_leading_encrypted_extensions(vec![Extension::SupportedGroups(
                List::new(vec![
                    NamedGroup::X25519,
                    NamedGroup::SECP256R1,
                    NamedGroup::SECP384R1,
                    NamedGroup::SECP521R1,
                    NamedGroup::FFDHE2048,
                    NamedGroup::FFDHE3072,
                    NamedGroup::FFDHE4096,
                    NamedGroup::FFDHE6144,
                    NamedGroup::FFDHE8192,
                ])
                .unwrap(),
            )])
            .with_certificate_chain(chain),
    );
    let server = ServerHandshake::new(Arc::new(config.build().unwrap()));
    let flight = replay(
        server,
        illustrated_certified_key(&illustrated),
        Some(signature),
        &[item(1, "ClientHello")],
        &item(40, "Finished"),
    );

    let expected = [
        (5, "ServerHello"),
        (14, "EncryptedExtensions"),
        (15, "Certificate"),
        (16, "CertificateVerify"),
        (18, "Finished"),
    ];
    assert_eq!(flight.sent.len(), expected.len());
    for ((step, name), (_, sent)) in expected.iter().zip(&flight.sent) {
        assert_eq!(
            hex::encode(sent),
            hex::encode(item(*step, name)),
            "{}",
            rfc8448_label(scenario, *step)
        );
    }
    assert_eq!(
        flight.change_cipher_spec, 0,
        "the client sent no session id"
    );
    for (got, step) in [
        (Flight::secret(&flight.read_keys, Level::Handshake), 8),
        (Flight::secret(&flight.write_keys, Level::Handshake), 9),
        (Flight::secret(&flight.read_keys, Level::Application), 20),
        (Flight::secret(&flight.write_keys, Level::Application), 21),
    ] {
        assert_eq!(
            got,
            hex::encode(item(step, "expanded")),
            "{}",
            rfc8448_label(scenario, step)
        );
    }
    assert_eq!(flight.sign_requests.len(), 1);
    assert!(flight.complete);
    // The EncryptedExtensions' record_size_limit is our configured default.
    assert_eq!(flight.record_size_limits, Some((16384, 16385)));
}

/// RFC 8448 §5: the client's first ClientHello shares x25519 only; the server, preferring
/// secp256r1, answers with a HelloRetryRequest carrying a cookie, then completes with the
/// second ClientHello's P-256 share.
#[test]
fn hrr_server_flight_replays_byte_for_byte() {
    let scenario = &rfc8448_scenario("hrr");
    let item = |step, name| rfc8448_item(scenario, step, name);
    let server_hello = item(10, "ServerHello");
    let server_random = server_hello[6..38].to_vec();
    let rng = SequenceRng::new(vec![server_random], vec![leak(item(9, "private key"))]);

    // The cookie is the recorded server's own state, opaque to us: read it from its
    // HelloRetryRequest.
    let hello_retry_request = item(3, "ServerHello");
    let HandshakePayload::HelloRetryRequest(decoded) =
        HandshakeMessage::decode(&hello_retry_request, NegotiatedVersion::NotYet)
            .unwrap()
            .into_payload()
    else {
        panic!("not a HelloRetryRequest")
    };
    let cookie = decoded
        .extensions
        .cookie()
        .unwrap()
        .unwrap()
        .as_slice()
        .to_vec();

    let illustrated = testdata("illustrated-tls13.json");
    let config = ServerConfig::builder(illustrated_certified_key(&illustrated));
    let config = config.groups(&[
        SupportedGroup::Secp256r1,
        SupportedGroup::Secp384r1,
        SupportedGroup::X25519,
    ]);
    let config = config.rng(Arc::new(rng));
    let config = config.wire_profile(
        WireProfile::default()
            .with_leading_encrypted_extensions(vec![Extension::SupportedGroups(
                List::new(vec![
                    NamedGroup::SECP256R1,
                    NamedGroup::SECP384R1,
                    NamedGroup::X25519,
                ])
                .unwrap(),
            )])
            .with_certificate_chain(chain_of(&item(20, "Certificate")))
            .with_retry_for_preferred_group()
            .with_retry_cookie(cookie),
    );
    let server = ServerHandshake::new(Arc::new(config.build().unwrap()));
    let flight = replay(
        server,
        illustrated_certified_key(&illustrated),
        Some(signature_of(&item(21, "CertificateVerify"))),
        &[item(1, "ClientHello"), item(6, "ClientHello")],
        &item(45, "Finished"),
    );

    let expected = [
        (3, "ServerHello"),
        (10, "ServerHello"),
        (19, "EncryptedExtensions"),
        (20, "Certificate"),
        (21, "CertificateVerify"),
        (23, "Finished"),
    ];
    assert_eq!(flight.sent.len(), expected.len());
    for ((step, name), (_, sent)) in expected.iter().zip(&flight.sent) {
        assert_eq!(
            hex::encode(sent),
            hex::encode(item(*step, name)),
            "{}",
            rfc8448_label(scenario, *step)
        );
    }
    assert_eq!(
        flight.change_cipher_spec, 0,
        "the client sent no session id"
    );
    for (got, step) in [
        (Flight::secret(&flight.read_keys, Level::Handshake), 13),
        (Flight::secret(&flight.write_keys, Level::Handshake), 14),
        (Flight::secret(&flight.read_keys, Level::Application), 25),
        (Flight::secret(&flight.write_keys, Level::Application), 26),
    ] {
        assert_eq!(
            got,
            hex::encode(item(step, "expanded")),
            "{}",
            rfc8448_label(scenario, step)
        );
    }
    assert!(flight.complete);
    // The EncryptedExtensions' record_size_limit is our configured default.
    assert_eq!(flight.record_size_limits, Some((16384, 16385)));
}
