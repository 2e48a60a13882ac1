//! The state-machine fuzz harness, shared by the cargo-fuzz target
//! (`fuzz_targets/state_machines.rs`) and the stable replay test (`tests/fuzz_corpus.rs`).
//!
//! An input is one side and the flights its peer sends:
//!
//! ```text
//! byte 0: bit 0 = 0 → a server fed a client's messages; 1 → a client (its ClientHello sent)
//!         fed a server's messages
//! then:   handshake messages, each type, u24 length, body (a length past the end takes what is
//!         left); the type 0xff with no body stands for a change_cipher_spec record
//! ```
//!
//! Both sides run with fixed generators (`deps::replay::FixedRng`) and a certificate chain kept
//! in `pki/` (valid until 9999), so a recorded handshake replays byte for byte: the seeds
//! (`seed_inputs`) are real flights that take each machine to the end of its handshake and
//! beyond (KeyUpdate), and the fuzzer mutates from there.
//!
//! Checked on every input: no panic; every refusal names an alert (RFC 8446 §6.2: each error
//! closes with one); each message a machine sends decodes; a machine that refused stops.

use std::sync::Arc;

use tls_handshake::Handshake;
use tls_handshake::action::{Action, Actions};
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{CertifiedKey, ClientConfig, ServerConfig};
use tls_handshake::deps::replay::FixedRng;
use tls_handshake::input::Input;
use tls_handshake::server::ServerHandshake;
use tls_handshake::verifier::WebPkiServerVerifier;
use tls_pki::TrustAnchors;
use tls_pki::name::ServerName;
use tls_wire::handshake::{HandshakeMessage, NegotiatedVersion};

/// The name on the leaf certificate.
const SERVER_NAME: &str = "fuzz.example";
/// The stand-in type for a change_cipher_spec record in an input.
pub(crate) const CHANGE_CIPHER_SPEC: u8 = 0xff;
/// Most messages one input feeds: a handshake and its post-handshake messages fit many times.
const MAX_MESSAGES: usize = 64;

/// What one input did.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Messages (and change_cipher_spec records) handed to the machine.
    pub(crate) fed: usize,
    /// Whether the machine completed its handshake.
    pub(crate) completed: bool,
    /// Whether the machine refused an input (with an alert).
    pub(crate) refused: bool,
    /// Messages that did not decode (the connection would have refused them before the
    /// machine).
    pub(crate) undecodable: usize,
}

fn client_config() -> Arc<ClientConfig> {
    let mut anchors = TrustAnchors::new();
    anchors.add_pem(include_bytes!("pki/root.pem"));
    Arc::new(
        ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
            .rng(Arc::new(FixedRng::new(0x11)))
            .build()
            .expect("the fuzz client config builds"),
    )
}

fn server_config() -> Arc<ServerConfig> {
    let certified = CertifiedKey::from_pem(
        include_bytes!("pki/leaf.pem"),
        include_bytes!("pki/leaf.key"),
    )
    .expect("the fuzz certificate loads");
    Arc::new(
        ServerConfig::builder(Arc::new(certified))
            .rng(Arc::new(FixedRng::new(0x22)))
            .build()
            .expect("the fuzz server config builds"),
    )
}

/// A client that sent its ClientHello (returned too).
fn new_client() -> (Handshake, Vec<Vec<u8>>) {
    let mut out = Actions::new();
    let name = ServerName::try_from(SERVER_NAME).expect("a DNS name");
    let client =
        ClientHandshake::start(client_config(), name, &mut out).expect("the client starts");
    settle(Handshake::Client(client), out).expect("the ClientHello needs no answer")
}

fn new_server() -> Handshake {
    Handshake::Server(ServerHandshake::new(server_config()))
}

/// Applies `out`: requests answered in process, messages sent collected (each must decode).
fn settle(mut machine: Handshake, mut out: Actions) -> Result<(Handshake, Vec<Vec<u8>>), ()> {
    let mut sent = Vec::new();
    loop {
        let mut answer = None;
        for action in out.drain() {
            match action {
                Action::Send { message, .. } => sent.push(message),
                Action::Request(request) => answer = Some(machine.answer_in_process(&request)),
                _ => {}
            }
        }
        let Some(answer) = answer else {
            return Ok((machine, sent));
        };
        match machine.handle(Input::Answer(answer), &mut out) {
            Ok(next) => machine = next,
            Err(error) => {
                assert!(
                    error.alert().is_some(),
                    "a refusal without an alert: {error}"
                );
                return Err(());
            }
        }
    }
}

/// Splits an input's stream into messages: type, u24 length, body.
fn messages(mut stream: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while let [typ, l0, l1, l2, rest @ ..] = stream {
        if *typ == CHANGE_CIPHER_SPEC {
            out.push(&stream[..1]);
            stream = &stream[1..];
            continue;
        }
        let len =
            (usize::from(*l0) << 16 | usize::from(*l1) << 8 | usize::from(*l2)).min(rest.len());
        out.push(&stream[..4 + len]);
        stream = &rest[len..];
        if out.len() == MAX_MESSAGES {
            break;
        }
    }
    out
}

/// Runs one input (see the module documentation).
pub(crate) fn drive(data: &[u8]) -> Outcome {
    let mut outcome = Outcome::default();
    let Some((&side, stream)) = data.split_first() else {
        return outcome;
    };
    let mut machine = if side & 1 == 0 {
        new_server()
    } else {
        new_client().0
    };
    for message in messages(stream) {
        let input = if message == [CHANGE_CIPHER_SPEC] {
            Input::ChangeCipherSpec
        } else {
            match HandshakeMessage::decode(message, machine.negotiated_version()) {
                Ok(decoded) => Input::Message(decoded),
                Err(error) => {
                    let _ = error.alert();
                    outcome.undecodable += 1;
                    continue;
                }
            }
        };
        outcome.fed += 1;
        let mut out = Actions::new();
        let next = match machine.handle(input, &mut out) {
            Ok(next) => next,
            Err(error) => {
                assert!(
                    error.alert().is_some(),
                    "a refusal without an alert: {error}"
                );
                outcome.refused = true;
                return outcome;
            }
        };
        let Ok((next, sent)) = settle(next, out) else {
            outcome.refused = true;
            return outcome;
        };
        for message in &sent {
            // What we send decodes, under either version the peer may be reading with.
            let decodes = [NegotiatedVersion::NotYet, NegotiatedVersion::Tls13]
                .into_iter()
                .any(|version| HandshakeMessage::decode(message, version).is_ok());
            assert!(
                decodes,
                "we sent a message that does not decode: {message:02x?}"
            );
        }
        machine = next;
        let _ = machine.expects();
        outcome.completed |= machine.is_complete();
    }
    outcome
}

/// Frames `messages` as an input for `side` (0: server, 1: client).
pub(crate) fn input(side: u8, messages: &[Vec<u8>]) -> Vec<u8> {
    let mut data = vec![side];
    for message in messages {
        data.extend_from_slice(message);
    }
    data
}

/// The seeds: a whole handshake of our client and server with the harness's fixed configs,
/// each side's received flights followed by a KeyUpdate (and, for the server, the
/// change_cipher_spec the client sends in compatibility mode).
pub(crate) fn seed_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let (client, client_hello) = new_client();
    let server = new_server();
    let mut to_client = Vec::new();
    let mut server = Some(server);
    for message in &client_hello {
        let machine = server.take().expect("the server goes on");
        let decoded = HandshakeMessage::decode(message, machine.negotiated_version())
            .expect("our ClientHello decodes");
        let mut out = Actions::new();
        let next = machine
            .handle(Input::Message(decoded), &mut out)
            .expect("taken");
        let (next, sent) = settle(next, out).expect("answered");
        to_client.extend(sent);
        server = Some(next);
    }
    let mut client = Some(client);
    let mut to_server = Vec::new();
    for message in &to_client {
        let machine = client.take().expect("the client goes on");
        let decoded = HandshakeMessage::decode(message, machine.negotiated_version())
            .expect("the server's flight decodes");
        let mut out = Actions::new();
        let next = machine
            .handle(Input::Message(decoded), &mut out)
            .expect("taken");
        let (next, sent) = settle(next, out).expect("answered");
        to_server.extend(sent);
        client = Some(next);
    }
    let key_update = vec![24, 0, 0, 1, 1];
    let mut server_side = client_hello.clone();
    server_side.push(vec![CHANGE_CIPHER_SPEC]);
    server_side.extend(to_server);
    server_side.push(key_update.clone());
    let mut client_side = to_client;
    client_side.push(key_update);
    vec![
        ("server-full-handshake", input(0, &server_side)),
        ("client-full-handshake", input(1, &client_side)),
        ("server-client-hello", input(0, &client_hello)),
    ]
}
