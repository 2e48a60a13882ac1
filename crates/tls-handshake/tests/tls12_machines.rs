//! Our TLS 1.2 client and server machines driven against each other without a record layer
//! (each side's messages and change_cipher_spec handed to the other in order): a
//! renegotiating ClientHello gets the server's no_renegotiation warning and the connection goes
//! on; client certificates both ways; session resumption by id, and a server that resumes
//! wrongly (another suite, no extended master secret, a session we did not offer); and each
//! signed or MACed message of either side, tampered in transit, refused with its alert.

#![forbid(unsafe_code)]

use std::sync::Arc;

use tls_handshake::Handshake;
use tls_handshake::action::{Action, Actions, Answer, Request};
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{
    CertifiedKey, ClientAuth, ClientConfig, ServerConfig, SingleClientCertificate, SupportedVersion,
};
use tls_handshake::error::{HandshakeError, PeerMisbehaved};
use tls_handshake::input::Input;
use tls_handshake::proof::PeerAuth;
use tls_handshake::server::ServerHandshake;
use tls_handshake::sign::SigningKey;
use tls_handshake::verifier::{WebPkiClientVerifier, WebPkiServerVerifier};
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors};
use tls_tests::{Chain, ChainBuilder, ExtendedKeyUsage, KeyType};
use tls_wire::handshake::HandshakeMessage;
use tls_wire::ids::{AlertDescription, HandshakeType, ProtocolVersion};

const NAME: &str = "machines.example";
const TLS12: [SupportedVersion; 1] = [SupportedVersion::Tls12];

/// What one side's step asks of the other, in order.
#[derive(Clone)]
enum ToPeer {
    Message(Vec<u8>),
    ChangeCipherSpec,
}

/// A driver's own answers to a machine's requests: `None` leaves one to the in-process
/// default.
type Answers<'a> = &'a mut dyn FnMut(&Request) -> Option<Answer>;

/// Applies `out` for `machine`: answers its requests (`answers`, or in process), returns what
/// goes to the peer, and collects the warnings it sends.
fn apply(
    mut machine: Handshake,
    out: &mut Actions,
    warnings: &mut Vec<AlertDescription>,
    answers: Answers<'_>,
) -> Result<(Handshake, Vec<ToPeer>), HandshakeError> {
    let mut to_peer = Vec::new();
    loop {
        let mut answer = None;
        for action in out.drain() {
            match action {
                Action::Send { message, .. } => to_peer.push(ToPeer::Message(message)),
                Action::SendChangeCipherSpec => to_peer.push(ToPeer::ChangeCipherSpec),
                Action::SendWarning(description) => warnings.push(description),
                Action::Request(request) => {
                    answer = Some(
                        answers(&request).unwrap_or_else(|| machine.answer_in_process(&request)),
                    );
                }
                _ => {}
            }
        }
        match answer {
            Some(answer) => machine = machine.handle(Input::Answer(answer), out)?,
            None => return Ok((machine, to_peer)),
        }
    }
}

/// Delivers `items` to `machine` in order, applying each step's actions before the next item
/// (a request is answered before the next message, as a driver would); returns what goes back.
fn deliver(
    mut machine: Handshake,
    items: Vec<ToPeer>,
    out: &mut Actions,
    warnings: &mut Vec<AlertDescription>,
    answers: Answers<'_>,
) -> Result<(Handshake, Vec<ToPeer>), HandshakeError> {
    let mut back = Vec::new();
    for item in items {
        machine = match item {
            ToPeer::Message(bytes) => {
                let message =
                    HandshakeMessage::decode(&bytes, machine.negotiated_version()).unwrap();
                machine.handle(Input::Message(message), out)?
            }
            ToPeer::ChangeCipherSpec => machine.handle(Input::ChangeCipherSpec, out)?,
        };
        let (next, to_peer) = apply(machine, out, warnings, answers)?;
        machine = next;
        back.extend(to_peer);
    }
    Ok((machine, back))
}

/// A chain for `NAME` (server) or for id-kp-clientAuth (client), its anchors and its key.
fn pki(key_type: KeyType, client: bool) -> (Chain, TrustAnchors, Arc<CertifiedKey>) {
    let builder = ChainBuilder::new(key_type).dns_name(NAME);
    let builder = if client {
        builder
            .root_name("Machines Client Root")
            .extended_key_usages(&[ExtendedKeyUsage::ClientAuth])
    } else {
        builder
    };
    let chain = builder.build().unwrap();
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let key = SigningKey::from_pkcs8_der(&chain.leaf_key.pkcs8_der).unwrap();
    let certified = Arc::new(CertifiedKey::new(chain.chain_der(), key).unwrap());
    (chain, anchors, certified)
}

/// TLS 1.2 configs: the server's key of `server_key`, and, with `client_key`, a server that
/// requires a client certificate and a client that has one.
fn configs(
    server_key: KeyType,
    client_key: Option<KeyType>,
) -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    let (_, anchors, certified) = pki(server_key, false);
    let client =
        ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors))).versions(&TLS12);
    // Session ids: tickets have tests of their own below.
    let server = ServerConfig::builder(certified)
        .versions(&TLS12)
        .ticketer(None);
    let (client, server) = match client_key {
        Some(key_type) => {
            let (_, client_anchors, client_key) = pki(key_type, true);
            (
                client.client_certificate(Arc::new(SingleClientCertificate(client_key))),
                server.client_auth(ClientAuth::Required(Arc::new(WebPkiClientVerifier::new(
                    client_anchors,
                )))),
            )
        }
        None => (client, server),
    };
    (
        Arc::new(client.build().unwrap()),
        Arc::new(server.build().unwrap()),
    )
}

/// Which side an error came from.
#[derive(Debug)]
enum Failed {
    Client(HandshakeError),
    Server(HandshakeError),
}

/// Runs a handshake between machines of `configs`, passing every handshake message through
/// `tamper` (with the side that sends it: `true` for the client) on its way; returns both
/// machines, or the first error and the side that reported it.
fn run(
    configs: (Arc<ClientConfig>, Arc<ServerConfig>),
    tamper: impl FnMut(bool, &mut Vec<u8>),
) -> Result<(Handshake, Handshake), Failed> {
    run_driven(configs, tamper, &mut |_| None, &mut |_| None)
}

/// [`run`], each side's requests answered first by its driver (`client_answers`,
/// `server_answers`), as an application answering asynchronously would.
fn run_driven(
    (client_config, server_config): (Arc<ClientConfig>, Arc<ServerConfig>),
    mut tamper: impl FnMut(bool, &mut Vec<u8>),
    client_answers: Answers<'_>,
    server_answers: Answers<'_>,
) -> Result<(Handshake, Handshake), Failed> {
    let mut warnings = Vec::new();
    let mut out = Actions::new();
    let client =
        ClientHandshake::start(client_config, ServerName::try_from(NAME).unwrap(), &mut out)
            .map_err(Failed::Client)?;
    let (mut client, mut to_server) = apply(
        Handshake::Client(client),
        &mut out,
        &mut warnings,
        &mut *client_answers,
    )
    .map_err(Failed::Client)?;
    let mut server = Handshake::Server(ServerHandshake::new(server_config));
    // A tamper that empties a message drops it.
    let mut tampered = |from_client: bool, items: Vec<ToPeer>| {
        items
            .into_iter()
            .filter_map(|item| match item {
                ToPeer::Message(mut bytes) => {
                    tamper(from_client, &mut bytes);
                    (!bytes.is_empty()).then_some(ToPeer::Message(bytes))
                }
                other => Some(other),
            })
            .collect::<Vec<_>>()
    };
    // Two round trips complete a full TLS 1.2 handshake; a few more are spare.
    for _ in 0..4 {
        let items = tampered(true, to_server);
        let (next, to_client) =
            deliver(server, items, &mut out, &mut warnings, &mut *server_answers)
                .map_err(Failed::Server)?;
        server = next;
        let items = tampered(false, to_client);
        let (next, next_to_server) =
            deliver(client, items, &mut out, &mut warnings, &mut *client_answers)
                .map_err(Failed::Client)?;
        client = next;
        to_server = next_to_server;
    }
    assert!(warnings.is_empty());
    Ok((client, server))
}

/// A tamper that flips the last byte of each message of type `typ` from the chosen side.
fn flip_last_byte(from_client: bool, typ: HandshakeType) -> impl FnMut(bool, &mut Vec<u8>) {
    move |sender, message| {
        if sender == from_client
            && message[0] == typ.get()
            && let Some(last) = message.last_mut()
        {
            *last ^= 0x01;
        }
    }
}

#[test]
fn a_renegotiating_client_hello_gets_a_no_renegotiation_warning_and_the_connection_goes_on() {
    let mut first_hello = None;
    let (client, server) = run(configs(KeyType::Rsa2048, None), |from_client, message| {
        if from_client && first_hello.is_none() {
            first_hello = Some(message.clone());
        }
    })
    .unwrap();
    assert!(client.is_complete() && server.is_complete());
    assert_eq!(
        server.negotiated().unwrap().version,
        ProtocolVersion::TLSV1_2
    );

    // The client's first hello again, as a renegotiation would start.
    let mut warnings = Vec::new();
    let (server, to_client) = deliver(
        server,
        vec![ToPeer::Message(first_hello.unwrap())],
        &mut Actions::new(),
        &mut warnings,
        &mut |_| None,
    )
    .unwrap();
    assert!(to_client.is_empty());
    assert_eq!(warnings, [AlertDescription::NO_RENEGOTIATION]);
    assert!(server.is_complete());
}

/// RFC 5246 §7.4.4, §7.4.6, §7.4.8: every pairing of server and client key types; the
/// client's chain and signature check out on the server.
#[test]
fn a_client_certificate_of_each_key_type_authenticates_the_client() {
    let key_types = [
        KeyType::EcdsaP256,
        KeyType::EcdsaP384,
        KeyType::Ed25519,
        KeyType::Rsa2048,
    ];
    for server_key in [KeyType::EcdsaP256, KeyType::Rsa2048] {
        for client_key in key_types {
            let (client, server) = run(configs(server_key, Some(client_key)), |_, _| {}).unwrap();
            assert!(client.is_complete() && server.is_complete());
            let label = format!("server {server_key:?}, client {client_key:?}");
            assert!(
                matches!(server.peer_auth(), Some(PeerAuth::Certificate(..))),
                "{label}"
            );
        }
    }
}

#[test]
fn a_tampered_client_certificate_verify_is_a_decrypt_error() {
    let tamper = flip_last_byte(true, HandshakeType::CERTIFICATE_VERIFY);
    let Err(Failed::Server(error)) = run(
        configs(KeyType::EcdsaP256, Some(KeyType::EcdsaP256)),
        tamper,
    ) else {
        panic!("the server took a bad CertificateVerify");
    };
    assert_eq!(
        error.alert(),
        Some(AlertDescription::DECRYPT_ERROR),
        "{error}"
    );
}

/// RFC 5246 §7.4.8: the scheme must be one the CertificateRequest listed; SHA-1 never is.
#[test]
fn a_client_certificate_verify_in_an_unoffered_scheme_is_refused() {
    let tamper = |from_client: bool, message: &mut Vec<u8>| {
        if from_client && message[0] == HandshakeType::CERTIFICATE_VERIFY.get() {
            // rsa_pkcs1_sha1 in place of the scheme (the body starts after the 4-byte header).
            message[4..6].copy_from_slice(&[0x02, 0x01]);
        }
    };
    let Err(Failed::Server(error)) =
        run(configs(KeyType::EcdsaP256, Some(KeyType::Rsa2048)), tamper)
    else {
        panic!("the server took a SHA-1 CertificateVerify");
    };
    assert_eq!(
        error.alert(),
        Some(AlertDescription::ILLEGAL_PARAMETER),
        "{error}"
    );
}

/// A client that sends a certificate must prove it holds the key: skipping the
/// CertificateVerify leaves the server expecting it.
#[test]
fn a_client_certificate_without_its_certificate_verify_is_unexpected() {
    let tamper = |from_client: bool, message: &mut Vec<u8>| {
        if from_client && message[0] == HandshakeType::CERTIFICATE_VERIFY.get() {
            // An empty-bodied HelloRequest stands in: the server expects CertificateVerify.
            *message = vec![HandshakeType::HELLO_REQUEST.get(), 0, 0, 0];
        }
    };
    let Err(Failed::Server(error)) = run(
        configs(KeyType::EcdsaP256, Some(KeyType::EcdsaP256)),
        tamper,
    ) else {
        panic!("the server went on without a CertificateVerify");
    };
    assert_eq!(
        error.alert(),
        Some(AlertDescription::UNEXPECTED_MESSAGE),
        "{error}"
    );
}

#[test]
fn a_tampered_client_finished_is_a_decrypt_error() {
    for client_key in [None, Some(KeyType::EcdsaP256)] {
        let tamper = flip_last_byte(true, HandshakeType::FINISHED);
        let Err(Failed::Server(error)) = run(configs(KeyType::Rsa2048, client_key), tamper) else {
            panic!("the server took a bad Finished");
        };
        assert_eq!(
            error.alert(),
            Some(AlertDescription::DECRYPT_ERROR),
            "{error}"
        );
    }
}

#[test]
fn a_tampered_server_finished_is_a_decrypt_error() {
    let tamper = flip_last_byte(false, HandshakeType::FINISHED);
    let Err(Failed::Client(error)) = run(configs(KeyType::EcdsaP256, None), tamper) else {
        panic!("the client took a bad Finished");
    };
    assert_eq!(
        error.alert(),
        Some(AlertDescription::DECRYPT_ERROR),
        "{error}"
    );
}

#[test]
fn a_tampered_server_key_exchange_is_a_decrypt_error() {
    for server_key in [KeyType::EcdsaP256, KeyType::Rsa2048] {
        let tamper = flip_last_byte(false, HandshakeType::SERVER_KEY_EXCHANGE);
        let Err(Failed::Client(error)) = run(configs(server_key, None), tamper) else {
            panic!("the client took a bad ServerKeyExchange");
        };
        assert_eq!(
            error.alert(),
            Some(AlertDescription::DECRYPT_ERROR),
            "{error}"
        );
    }
}

/// Both configs, shared by the runs of a test: their session stores carry the session.
fn shared(
    configs: &(Arc<ClientConfig>, Arc<ServerConfig>),
) -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    (Arc::clone(&configs.0), Arc::clone(&configs.1))
}

/// The offset of a TLS 1.2 ServerHello's cipher suite: header, version, random, and a 32-byte
/// session id with its length.
const SERVER_HELLO_SUITE_AT: usize = 4 + 2 + 32 + 1 + 32;

fn is_server_hello(from_client: bool, message: &[u8]) -> bool {
    !from_client && message.first() == Some(&HandshakeType::SERVER_HELLO.get())
}

#[test]
fn a_second_handshake_resumes_the_first_session() {
    for client_key in [None, Some(KeyType::Ed25519)] {
        let configs = configs(KeyType::EcdsaP256, client_key);
        let (client, _) = run(shared(&configs), |_, _| {}).unwrap();
        assert!(!client.negotiated().unwrap().resumed);
        let mut server_flight = Vec::new();
        let (client, server) = run(shared(&configs), |from_client, message| {
            if !from_client {
                server_flight.push(message[0]);
            }
        })
        .unwrap();
        assert!(client.negotiated().unwrap().resumed);
        assert!(server.negotiated().unwrap().resumed);
        // RFC 5246 §7.3: ServerHello, then (after its ChangeCipherSpec) Finished, nothing else.
        assert_eq!(
            server_flight,
            [
                HandshakeType::SERVER_HELLO.get(),
                HandshakeType::FINISHED.get()
            ]
        );
        assert!(matches!(
            server.peer_auth(),
            Some(PeerAuth::Resumed { certificate }) if *certificate == client_key.is_some()
        ));
    }
}

/// RFC 5246 §7.4.1.3: a resumed session keeps its suite.
#[test]
fn a_session_resumed_with_another_suite_is_an_illegal_parameter() {
    let configs = configs(KeyType::EcdsaP256, None);
    run(shared(&configs), |_, _| {}).unwrap();
    let tamper = |from_client: bool, message: &mut Vec<u8>| {
        if is_server_hello(from_client, message) {
            // ECDHE_ECDSA with AES-256-GCM, which the client offered, in place of AES-128-GCM.
            message[SERVER_HELLO_SUITE_AT..SERVER_HELLO_SUITE_AT + 2]
                .copy_from_slice(&[0xc0, 0x2c]);
        }
    };
    let Err(Failed::Client(error)) = run(shared(&configs), tamper) else {
        panic!("the client took a resumption with another suite");
    };
    assert!(
        matches!(
            error,
            HandshakeError::PeerMisbehaved(PeerMisbehaved::ResumedWithOtherCipherSuite { .. })
        ),
        "{error}"
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

/// Removes the extended_master_secret extension (type 23, empty) from a TLS 1.2 ServerHello,
/// fixing the lengths.
fn without_extended_master_secret(message: &mut Vec<u8>) {
    let block = SERVER_HELLO_SUITE_AT + 2 + 1;
    let mut at = block + 2;
    while at + 4 <= message.len() {
        let typ = u16::from_be_bytes([message[at], message[at + 1]]);
        let len = usize::from(u16::from_be_bytes([message[at + 2], message[at + 3]]));
        if typ == 23 {
            message.drain(at..at + 4 + len);
            let shorten = |bytes: &mut [u8]| {
                let value = bytes
                    .iter()
                    .fold(0usize, |acc, b| acc << 8 | usize::from(*b))
                    - 4;
                let width = bytes.len();
                for (i, byte) in bytes.iter_mut().enumerate() {
                    *byte = (value >> (8 * (width - 1 - i))) as u8;
                }
            };
            shorten(&mut message[block..block + 2]);
            shorten(&mut message[1..4]);
            return;
        }
        at += 4 + len;
    }
    panic!("no extended_master_secret in the ServerHello");
}

/// RFC 7627 §5.3: a session made with the extended master secret is resumed with it, or the
/// client aborts.
#[test]
fn a_session_resumed_without_the_extended_master_secret_is_refused() {
    let configs = configs(KeyType::EcdsaP256, None);
    run(shared(&configs), |_, _| {}).unwrap();
    let tamper = |from_client: bool, message: &mut Vec<u8>| {
        if is_server_hello(from_client, message) {
            without_extended_master_secret(message);
        }
    };
    let Err(Failed::Client(error)) = run(shared(&configs), tamper) else {
        panic!("the client took a resumption without the extended master secret");
    };
    assert!(
        matches!(
            error,
            HandshakeError::PeerMisbehaved(PeerMisbehaved::ResumedWithoutExtendedMasterSecret)
        ),
        "{error}"
    );
    assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
}

/// A server echoing the random session id of a client that offered no session claims a
/// session we do not have.
#[test]
fn a_server_resuming_a_session_we_did_not_offer_is_an_illegal_parameter() {
    let mut client_session_id = Vec::new();
    let tamper = |from_client: bool, message: &mut Vec<u8>| {
        if from_client && message[0] == HandshakeType::CLIENT_HELLO.get() {
            // Middlebox compatibility: a random 32-byte id after the version and random.
            client_session_id = message[4 + 2 + 32 + 1..4 + 2 + 32 + 1 + 32].to_vec();
        }
        if is_server_hello(from_client, message) {
            message[4 + 2 + 32 + 1..SERVER_HELLO_SUITE_AT].copy_from_slice(&client_session_id);
        }
    };
    let Err(Failed::Client(error)) = run(configs(KeyType::EcdsaP256, None), tamper) else {
        panic!("the client took a resumption of nothing");
    };
    assert_eq!(
        error,
        HandshakeError::PeerMisbehaved(PeerMisbehaved::ResumedUnofferedSession)
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

/// In the abbreviated handshake each Finished is still checked, in constant time.
#[test]
fn a_tampered_finished_in_a_resumed_handshake_is_a_decrypt_error() {
    for from_client in [true, false] {
        let configs = configs(KeyType::EcdsaP256, None);
        run(shared(&configs), |_, _| {}).unwrap();
        let result = run(
            shared(&configs),
            flip_last_byte(from_client, HandshakeType::FINISHED),
        );
        let error = match (from_client, result) {
            (true, Err(Failed::Server(error))) | (false, Err(Failed::Client(error))) => error,
            _ => panic!("a bad Finished was taken (sent by the client: {from_client})"),
        };
        assert_eq!(
            error.alert(),
            Some(AlertDescription::DECRYPT_ERROR),
            "{error}"
        );
    }
}

/// The requests of TLS 1.2 are the driver's to answer, as in TLS 1.3: a certificate other than
/// the config's (whose key picks the suite), a signature made elsewhere, a verdict of its own,
/// a client certificate of its choosing.
#[test]
fn a_driver_answers_each_tls12_request_its_own_way() {
    // The server's config holds an ECDSA key; the driver presents an RSA chain instead, which
    // the client trusts too, and signs with its key itself.
    let (_, server_config) = configs(KeyType::EcdsaP256, None);
    let (_, rsa_anchors, rsa) = pki(KeyType::Rsa2048, false);
    let client_config = Arc::new(
        ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(rsa_anchors)))
            .versions(&TLS12)
            .build()
            .unwrap(),
    );
    let mut signed = 0;
    let mut server_answers = |request: &Request| match request {
        Request::SelectCertificate(_) => Some(Answer::Certificate(Ok(Arc::clone(&rsa)))),
        Request::Sign { scheme, message } => {
            signed += 1;
            Some(Answer::Signature(rsa.key().sign_tls12(
                *scheme,
                message,
                &tls_handshake::deps::SystemRng::new(),
            )))
        }
        _ => None,
    };
    let mut verdicts = 0;
    let mut client_answers = |request: &Request| match request {
        Request::VerifyChain { .. } => {
            verdicts += 1;
            None
        }
        _ => None,
    };
    let (client, _) = run_driven(
        (Arc::clone(&client_config), Arc::clone(&server_config)),
        |_, _| {},
        &mut client_answers,
        &mut server_answers,
    )
    .unwrap();
    assert_eq!((signed, verdicts), (1, 1));
    let negotiated = client.negotiated().unwrap();
    assert_eq!(
        negotiated.cipher_suite,
        tls_wire::ids::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    );

    // A verdict of the driver's own refuses the chain, with the certificate's alert.
    let refusal = HandshakeError::Certificate(tls_pki::Rejection {
        certificate: tls_pki::Position::EndEntity,
        error: tls_pki::Error::UnknownIssuer,
    });
    let Err(Failed::Client(error)) = run_driven(
        configs(KeyType::EcdsaP256, None),
        |_, _| {},
        &mut |request: &Request| {
            matches!(request, Request::VerifyChain { .. })
                .then(|| Answer::ChainVerified(Err(refusal.clone())))
        },
        &mut |_| None,
    ) else {
        panic!("the client went on past its driver's refusal");
    };
    assert_eq!(error.alert(), Some(AlertDescription::UNKNOWN_CA));

    // A signature the driver got wrong is the client's decrypt_error.
    let Err(Failed::Client(error)) = run_driven(
        configs(KeyType::EcdsaP256, None),
        |_, _| {},
        &mut |_| None,
        &mut |request: &Request| {
            matches!(request, Request::Sign { .. }).then(|| Answer::Signature(Ok(vec![0x30; 70])))
        },
    ) else {
        panic!("the client took a bad ServerKeyExchange signature");
    };
    assert_eq!(error.alert(), Some(AlertDescription::DECRYPT_ERROR));

    // A client driver that chooses no certificate: an empty one, which the server refuses.
    let Err(Failed::Server(error)) = run_driven(
        configs(KeyType::EcdsaP256, Some(KeyType::EcdsaP256)),
        |_, _| {},
        &mut |request: &Request| {
            matches!(request, Request::SelectClientCertificate(_))
                .then_some(Answer::ClientCertificate(None))
        },
        &mut |_| None,
    ) else {
        panic!("the server went on without the certificate it requires");
    };
    assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
}

/// TLS 1.2 configs with the server's default ticketer.
fn ticket_configs() -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    let (_, anchors, certified) = pki(KeyType::EcdsaP256, false);
    let client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .versions(&TLS12)
        .build()
        .unwrap();
    let server = ServerConfig::builder(certified)
        .versions(&TLS12)
        .build()
        .unwrap();
    (Arc::new(client), Arc::new(server))
}

/// RFC 5077 with the default ticketer: the server promises a ticket in its ServerHello and
/// sends it before its ChangeCipherSpec: after the client's Finished in a full handshake,
/// after its ServerHello in a resumed one.
#[test]
fn tls12_tickets_come_before_the_change_cipher_spec() {
    let configs = ticket_configs();
    let mut full = Vec::new();
    let (client, _) = run(shared(&configs), |from_client, message| {
        if !from_client {
            full.push(HandshakeType::from(message[0]));
        }
    })
    .unwrap();
    assert!(!client.negotiated().unwrap().resumed);
    use HandshakeType as T;
    assert_eq!(
        full,
        [
            T::SERVER_HELLO,
            T::CERTIFICATE,
            T::SERVER_KEY_EXCHANGE,
            T::SERVER_HELLO_DONE,
            T::NEW_SESSION_TICKET,
            T::FINISHED
        ]
    );
    let mut resumed = Vec::new();
    let (client, _) = run(shared(&configs), |from_client, message| {
        if !from_client {
            resumed.push(HandshakeType::from(message[0]));
        }
    })
    .unwrap();
    assert!(client.negotiated().unwrap().resumed);
    assert_eq!(
        resumed,
        [T::SERVER_HELLO, T::NEW_SESSION_TICKET, T::FINISHED]
    );
}

/// RFC 5077 §3.3: a promised ticket must come; a ChangeCipherSpec in its place is unexpected.
#[test]
fn a_promised_tls12_ticket_that_does_not_come_is_unexpected() {
    for resume in [false, true] {
        let configs = ticket_configs();
        if resume {
            run(shared(&configs), |_, _| {}).unwrap();
        }
        let drop_ticket = |from_client: bool, message: &mut Vec<u8>| {
            if !from_client && message[0] == HandshakeType::NEW_SESSION_TICKET.get() {
                message.clear();
            }
        };
        let Err(Failed::Client(error)) = run(shared(&configs), drop_ticket) else {
            panic!("the client went on without the promised ticket (resume {resume})");
        };
        assert_eq!(
            error.alert(),
            Some(AlertDescription::UNEXPECTED_MESSAGE),
            "{error}"
        );
    }
}
