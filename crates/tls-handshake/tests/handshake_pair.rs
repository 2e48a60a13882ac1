//! Our client against our server, in memory: the two state machines, driven through the one
//! public [`Handshake`] type, exchange handshake messages directly (no records), every request
//! answered in process, for every suite × group × certificate type, with SNI and ALPN.
//!
//! Each side's installed traffic secrets must equal the other side's (what one writes with, the
//! other reads with), both must complete, and both must report the same negotiated parameters.

use std::sync::Arc;

use tls_handshake::Handshake;
use tls_handshake::action::{Action, Actions, Event, Level, Negotiated};
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{
    CertifiedKey, ClientConfig, ClientConfigBuilder, ServerConfig, ServerConfigBuilder,
    SupportedCipherSuite, SupportedGroup,
};
use tls_handshake::error::HandshakeError;
use tls_handshake::input::Input;
use tls_handshake::proof::PeerAuth;
use tls_handshake::record_keys::RecordKeys;
use tls_handshake::server::ServerHandshake;
use tls_handshake::sign::SigningKey;
use tls_handshake::verifier::WebPkiServerVerifier;
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors};
use tls_tests::{ChainBuilder, KeyType};
use tls_wire::handshake::HandshakeMessage;
use tls_wire::ids::{AlertDescription, SignatureScheme};

const SERVER_NAME: &str = "pair.example";

/// The certificate types under test, with the scheme each CertificateVerify uses.
const CERTIFICATE_TYPES: [(KeyType, SignatureScheme); 4] = [
    (KeyType::EcdsaP256, SignatureScheme::ECDSA_SECP256R1_SHA256),
    (KeyType::EcdsaP384, SignatureScheme::ECDSA_SECP384R1_SHA384),
    (KeyType::Rsa2048, SignatureScheme::RSA_PSS_RSAE_SHA256),
    (KeyType::Ed25519, SignatureScheme::ED25519),
];

const SUITES: [SupportedCipherSuite; 3] = [
    SupportedCipherSuite::Tls13Aes128GcmSha256,
    SupportedCipherSuite::Tls13Aes256GcmSha384,
    SupportedCipherSuite::Tls13ChaCha20Poly1305Sha256,
];

const GROUPS: [SupportedGroup; 3] = [
    SupportedGroup::X25519,
    SupportedGroup::Secp256r1,
    SupportedGroup::Secp384r1,
];

/// A root and a leaf for `SERVER_NAME` with a key of `key_type`, valid until 9999.
fn pki(key_type: KeyType) -> (TrustAnchors, Arc<CertifiedKey>) {
    let chain = ChainBuilder::new(key_type)
        .dns_name(SERVER_NAME)
        .build()
        .unwrap();
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let key = SigningKey::from_pem(chain.leaf_key.pkcs8_pem.as_bytes()).unwrap();
    let certified = CertifiedKey::new(chain.chain_der(), key).unwrap();
    (anchors, Arc::new(certified))
}

/// What one side did during the handshake.
#[derive(Default)]
struct Log {
    /// (level, secret bytes) of every key installed for reading, in order.
    read_keys: Vec<(Level, Vec<u8>)>,
    /// Likewise for writing.
    write_keys: Vec<(Level, Vec<u8>)>,
    negotiated: Option<Negotiated>,
    peer_certificates: usize,
    change_cipher_specs: usize,
    /// The (send, receive) record size limits the machine asked for.
    record_size_limits: Option<(usize, usize)>,
}

/// Applies `out` in order: logs keys and events, collects the messages for the peer, and
/// answers a request in process by feeding the answer back to `machine` (whose new actions are
/// applied in turn). Returns the machine and the messages for the peer.
fn apply(
    mut machine: Handshake,
    mut out: Actions,
    log: &mut Log,
) -> Result<(Handshake, Vec<Vec<u8>>), HandshakeError> {
    let mut to_peer = Vec::new();
    loop {
        let mut answer = None;
        for action in out.drain() {
            match action {
                Action::Send { message, .. } => to_peer.push(message),
                Action::SendChangeCipherSpec => log.change_cipher_specs += 1,
                Action::SendWarning(description) => panic!("unexpected warning {description}"),
                Action::InstallReadKey {
                    level,
                    keys: RecordKeys::Tls13 { secret, .. },
                } => log
                    .read_keys
                    .push((level, secret.secret().as_bytes().to_vec())),
                Action::InstallWriteKey {
                    level,
                    keys: RecordKeys::Tls13 { secret, .. },
                } => log
                    .write_keys
                    .push((level, secret.secret().as_bytes().to_vec())),
                Action::InstallReadKey { keys, .. } | Action::InstallWriteKey { keys, .. } => {
                    panic!("keys of another version: {keys:?}")
                }
                Action::Request(request) => answer = Some(machine.answer_in_process(&request)),
                Action::LimitRecordSize { send, receive } => {
                    log.record_size_limits = Some((send, receive))
                }
                other @ (Action::AllowEarlyData { .. }
                | Action::AcceptEarlyData { .. }
                | Action::SkipEarlyData { .. }) => panic!("no early data here: {other:?}"),
                Action::Event(Event::HandshakeComplete(negotiated)) => {
                    log.negotiated = Some(negotiated)
                }
                Action::Event(Event::PeerCertificates(chain)) => {
                    log.peer_certificates = chain.len()
                }
                Action::Event(other) => panic!("unexpected event {other:?}"),
            }
        }
        match answer {
            None => return Ok((machine, to_peer)),
            Some(answer) => machine = machine.handle(Input::Answer(answer), &mut out)?,
        }
    }
}

/// Feeds each of `messages` to `machine`; returns it and what it sends back.
fn deliver(
    mut machine: Handshake,
    messages: Vec<Vec<u8>>,
    log: &mut Log,
) -> Result<(Handshake, Vec<Vec<u8>>), HandshakeError> {
    let mut to_peer = Vec::new();
    for message in messages {
        let decoded = HandshakeMessage::decode(&message, machine.negotiated_version())
            .expect("our own peer sends messages that decode");
        let mut out = Actions::new();
        machine = machine.handle(Input::Message(decoded), &mut out)?;
        let (next, sent) = apply(machine, out, log)?;
        machine = next;
        to_peer.extend(sent);
    }
    Ok((machine, to_peer))
}

/// Runs a whole handshake; returns both logs, or the first error with the side it came from.
fn run(
    client_config: ClientConfigBuilder,
    server_config: ServerConfigBuilder,
) -> Result<(Log, Log), (&'static str, HandshakeError)> {
    let client_config = client_config.build().unwrap();
    let server_config = server_config.build().unwrap();
    let name = ServerName::try_from(SERVER_NAME).unwrap();
    let mut client_log = Log::default();
    let mut server_log = Log::default();

    let mut out = Actions::new();
    let client = ClientHandshake::start(Arc::new(client_config), name, &mut out)
        .map_err(|e| ("client", e))?;
    let (mut client, mut to_server) =
        apply(Handshake::Client(client), out, &mut client_log).map_err(|e| ("client", e))?;
    let mut server = Handshake::Server(ServerHandshake::new(Arc::new(server_config)));
    // A 1-RTT handshake needs two flights each way; the bound keeps a broken machine from
    // looping.
    for _ in 0..4 {
        let (next, to_client) = deliver(server, std::mem::take(&mut to_server), &mut server_log)
            .map_err(|e| ("server", e))?;
        server = next;
        let (next, sent) =
            deliver(client, to_client, &mut client_log).map_err(|e| ("client", e))?;
        client = next;
        to_server = sent;
        if to_server.is_empty() {
            break;
        }
    }
    assert!(
        client.is_complete(),
        "client stopped in {}",
        client.expects()
    );
    assert!(
        server.is_complete(),
        "server stopped in {}",
        server.expects()
    );
    // The completed machines hold how each peer authenticated: the client checked the
    // server's chain (tls-pki) and signature (ring); the server asked for no certificate.
    let Some(PeerAuth::Certificate(chain, signature)) = client.peer_auth() else {
        panic!("the client completed without the server's proofs")
    };
    assert_eq!(
        (chain.vouched_by(), signature.vouched_by()),
        ("tls-pki", "ring")
    );
    assert!(matches!(server.peer_auth(), Some(PeerAuth::NotRequested)));
    assert_eq!(client.negotiated(), server.negotiated());
    Ok((client_log, server_log))
}

fn configs(
    key_type: KeyType,
    suite: SupportedCipherSuite,
    group: SupportedGroup,
) -> (ClientConfigBuilder, ServerConfigBuilder) {
    let (anchors, certified) = pki(key_type);
    let client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .cipher_suites(&[suite])
        .groups(&[group])
        .alpn_protocols(&["h2", "http/1.1"]);
    let server = ServerConfig::builder(certified).alpn_protocols(&["http/1.1"]);
    (client, server)
}

#[test]
fn every_suite_group_and_certificate_type_completes() {
    for (key_type, scheme) in CERTIFICATE_TYPES {
        for suite in SUITES {
            for group in GROUPS {
                let what = format!("{} {suite:?} {group:?}", key_type.label());
                let (client_config, server_config) = configs(key_type, suite, group);
                let (client, server) = run(client_config, server_config)
                    .unwrap_or_else(|(side, e)| panic!("{what}: {side}: {e}"));

                // What one side writes with, the other reads with, level by level.
                assert_eq!(client.write_keys, server.read_keys, "{what}");
                assert_eq!(server.write_keys, client.read_keys, "{what}");
                assert_eq!(client.write_keys.len(), 2, "{what}");
                assert_eq!(server.write_keys.len(), 2, "{what}");

                let negotiated = client.negotiated.expect("client completed");
                assert_eq!(Some(&negotiated), server.negotiated.as_ref(), "{what}");
                assert_eq!(negotiated.cipher_suite, suite.id(), "{what}");
                assert_eq!(negotiated.group, Some(group.id()), "{what}");
                assert_eq!(negotiated.signature_scheme, Some(scheme), "{what}");
                assert_eq!(
                    negotiated.alpn_protocol.as_deref(),
                    Some(&b"http/1.1"[..]),
                    "{what}"
                );
                assert_eq!(
                    negotiated.server_name.as_deref(),
                    Some(SERVER_NAME),
                    "{what}"
                );
                assert_eq!(client.peer_certificates, 1, "{what}");
                // Middlebox compatibility mode: one change_cipher_spec each way.
                assert_eq!(
                    (client.change_cipher_specs, server.change_cipher_specs),
                    (1, 1),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn a_client_that_does_not_trust_the_root_sends_unknown_ca() {
    let (_, server_config) = configs(KeyType::EcdsaP256, SUITES[0], GROUPS[0]);
    let (other_anchors, _) = pki(KeyType::EcdsaP256);
    let client_config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(other_anchors)));
    let Err((side, error)) = run(client_config, server_config) else {
        panic!("the handshake completed with an untrusted root");
    };
    assert_eq!(side, "client");
    // The other root has the same name but another key: the leaf's signature does not verify
    // under it, which tls-pki reports as bad_certificate.
    assert!(
        matches!(
            error.alert(),
            Some(AlertDescription::BAD_CERTIFICATE | AlertDescription::UNKNOWN_CA)
        ),
        "{error}"
    );
}

#[test]
fn no_common_alpn_protocol_is_refused_by_the_server() {
    let (client_config, server_config) = configs(KeyType::EcdsaP256, SUITES[0], GROUPS[0]);
    let client_config = client_config.alpn_protocols(&["h3"]);
    let Err((side, error)) = run(client_config, server_config) else {
        panic!("the handshake completed without a common protocol");
    };
    assert_eq!(side, "server");
    assert_eq!(
        error.alert(),
        Some(AlertDescription::NO_APPLICATION_PROTOCOL)
    );
}

/// The client's error when the server's EncryptedExtensions is replaced by `extensions` (an
/// extension block's bytes, its length first): the server's real flight up to it.
fn client_refusal_of_encrypted_extensions(extensions: &[u8]) -> HandshakeError {
    match client_on_encrypted_extensions(extensions) {
        Ok(expects) => panic!("the client took the EncryptedExtensions, now expecting {expects}"),
        Err(error) => error,
    }
}

/// Feeds the client the server's real ServerHello and an EncryptedExtensions of `extensions`;
/// returns what it expects next, or its error.
fn client_on_encrypted_extensions(extensions: &[u8]) -> Result<&'static str, HandshakeError> {
    let (client_config, server_config) = configs(KeyType::EcdsaP256, SUITES[0], GROUPS[0]);
    let name = ServerName::try_from(SERVER_NAME).unwrap();
    let mut log = Log::default();
    let mut out = Actions::new();
    let client =
        ClientHandshake::start(Arc::new(client_config.build().unwrap()), name, &mut out).unwrap();
    let (client, client_hello) = apply(Handshake::Client(client), out, &mut log).unwrap();
    let server = Handshake::Server(ServerHandshake::new(Arc::new(
        server_config.build().unwrap(),
    )));
    let (_, mut flight) = deliver(server, client_hello, &mut log).unwrap();
    // ServerHello, then EncryptedExtensions: type 8, its length, the block.
    let mut encrypted_extensions = vec![8, 0, 0, u8::try_from(extensions.len()).unwrap()];
    encrypted_extensions.extend_from_slice(extensions);
    flight[1] = encrypted_extensions;
    let mut machine = client;
    for message in &flight[..2] {
        let decoded = HandshakeMessage::decode(message, machine.negotiated_version())
            .map_err(HandshakeError::Decode)?;
        machine = machine.handle(Input::Message(decoded), &mut Actions::new())?;
    }
    Ok(machine.expects())
}

/// An extension the client offered but does not act on (supported_groups, which a server may
/// list in EncryptedExtensions) is not read, so a malformed one does not fail the handshake.
#[test]
fn the_client_ignores_a_malformed_extension_it_does_not_act_on() {
    let expects = client_on_encrypted_extensions(&[0, 9, 0, 10, 0, 5, 0, 3, 0, 0x1d, 0]);
    assert_eq!(expects, Ok("Certificate"));
}

/// RFC 7301 §3.1: the server answers with exactly one of the protocols the client offered;
/// anything else is refused.
#[test]
fn the_client_refuses_an_application_protocol_it_did_not_offer() {
    // The client offers h2 and http/1.1. The server "selects" spdy/1.
    let error = client_refusal_of_encrypted_extensions(&[
        0, 13, 0, 16, 0, 9, 0, 7, 6, b's', b'p', b'd', b'y', b'/', b'1',
    ]);
    assert_eq!(
        error,
        tls_handshake::error::PeerMisbehaved::SelectedUnofferedApplicationProtocol.into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    // Two protocols, both offered: still not exactly one.
    let error = client_refusal_of_encrypted_extensions(&[
        0, 18, 0, 16, 0, 14, 0, 12, 2, b'h', b'2', 8, b'h', b't', b't', b'p', b'/', b'1', b'.',
        b'1',
    ]);
    assert_eq!(
        error,
        tls_handshake::error::PeerMisbehaved::SelectedUnofferedApplicationProtocol.into()
    );
    // An empty list, or an empty name, does not decode.
    for body in [
        &[0, 6, 0, 16, 0, 2, 0, 0][..],
        &[0, 7, 0, 16, 0, 3, 0, 1, 0][..],
    ] {
        let error = client_refusal_of_encrypted_extensions(body);
        assert_eq!(
            error.alert(),
            Some(AlertDescription::DECODE_ERROR),
            "{body:?}"
        );
    }
}
