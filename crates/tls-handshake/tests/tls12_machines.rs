//! Our TLS 1.2 client and server machines driven against each other without a record layer
//! (each side's messages and change_cipher_spec handed to the other in order), to reach the
//! states after the handshake: a renegotiating ClientHello gets the server's no_renegotiation
//! warning and the connection goes on.

#![forbid(unsafe_code)]

use std::sync::Arc;

use tls_handshake::Handshake;
use tls_handshake::action::{Action, Actions};
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{CertifiedKey, ClientConfig, ServerConfig, SupportedVersion};
use tls_handshake::input::Input;
use tls_handshake::server::ServerHandshake;
use tls_handshake::sign::SigningKey;
use tls_handshake::verifier::WebPkiServerVerifier;
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors};
use tls_tests::{ChainBuilder, KeyType};
use tls_wire::handshake::HandshakeMessage;
use tls_wire::ids::{AlertDescription, ProtocolVersion};

const NAME: &str = "machines.example";

/// What one side's step asks of the other, in order.
enum ToPeer {
    Message(Vec<u8>),
    ChangeCipherSpec,
}

/// Applies `out` for `machine`: answers its requests in process, returns what goes to the
/// peer, and collects the warnings it sends.
fn apply(
    mut machine: Handshake,
    out: &mut Actions,
    warnings: &mut Vec<AlertDescription>,
) -> (Handshake, Vec<ToPeer>) {
    let mut to_peer = Vec::new();
    loop {
        let mut answer = None;
        for action in out.drain() {
            match action {
                Action::Send { message, .. } => to_peer.push(ToPeer::Message(message)),
                Action::SendChangeCipherSpec => to_peer.push(ToPeer::ChangeCipherSpec),
                Action::SendWarning(description) => warnings.push(description),
                Action::Request(request) => answer = Some(machine.answer_in_process(&request)),
                _ => {}
            }
        }
        match answer {
            Some(answer) => machine = machine.handle(Input::Answer(answer), out).unwrap(),
            None => return (machine, to_peer),
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
) -> (Handshake, Vec<ToPeer>) {
    let mut back = Vec::new();
    for item in items {
        machine = match item {
            ToPeer::Message(bytes) => {
                let message =
                    HandshakeMessage::decode(&bytes, machine.negotiated_version()).unwrap();
                machine.handle(Input::Message(message), out).unwrap()
            }
            ToPeer::ChangeCipherSpec => machine.handle(Input::ChangeCipherSpec, out).unwrap(),
        };
        let (next, to_peer) = apply(machine, out, warnings);
        machine = next;
        back.extend(to_peer);
    }
    (machine, back)
}

#[test]
fn a_renegotiating_client_hello_gets_a_no_renegotiation_warning_and_the_connection_goes_on() {
    let chain = ChainBuilder::new(KeyType::Rsa2048)
        .dns_name(NAME)
        .build()
        .unwrap();
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let tls12 = [SupportedVersion::Tls12];
    let client_config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .versions(&tls12)
        .build()
        .unwrap();
    let key = SigningKey::from_pkcs8_der(&chain.leaf_key.pkcs8_der).unwrap();
    let certified = CertifiedKey::new(chain.chain_der(), key).unwrap();
    let server_config = ServerConfig::builder(Arc::new(certified))
        .versions(&tls12)
        .build()
        .unwrap();

    let mut warnings = Vec::new();
    let mut out = Actions::new();
    let client = ClientHandshake::start(
        Arc::new(client_config),
        ServerName::try_from(NAME).unwrap(),
        &mut out,
    )
    .unwrap();
    let (mut client, mut to_server) = apply(Handshake::Client(client), &mut out, &mut warnings);
    let first_hello = match to_server.first() {
        Some(ToPeer::Message(hello)) => hello.clone(),
        _ => panic!("no ClientHello"),
    };
    let mut server = Handshake::Server(ServerHandshake::new(Arc::new(server_config)));
    // Two round trips complete a full TLS 1.2 handshake; a few more are spare.
    for _ in 0..4 {
        let (next, to_client) = deliver(server, to_server, &mut out, &mut warnings);
        server = next;
        let (next, next_to_server) = deliver(client, to_client, &mut out, &mut warnings);
        client = next;
        to_server = next_to_server;
    }
    assert!(client.is_complete() && server.is_complete());
    assert_eq!(
        server.negotiated().unwrap().version,
        ProtocolVersion::TLSV1_2
    );
    assert!(warnings.is_empty());

    // The client's first hello again, as a renegotiation would start.
    let (server, to_client) = deliver(
        server,
        vec![ToPeer::Message(first_hello)],
        &mut out,
        &mut warnings,
    );
    assert!(to_client.is_empty());
    assert_eq!(warnings, [AlertDescription::NO_RENEGOTIATION]);
    assert!(server.is_complete());
}
