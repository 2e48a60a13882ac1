//! The state-machine fuzz harness, shared by the cargo-fuzz target
//! (`fuzz_targets/state_machines.rs`) and the stable replay test (`tests/fuzz_corpus.rs`).
//!
//! An input is one side and the flights its peer sends:
//!
//! ```text
//! byte 0: bit 0 = 0 → a server fed a client's messages; 1 → a client (its ClientHello sent)
//!         fed a server's messages; bit 1 = 1 → both configured for TLS 1.2 alone (else
//!         both versions, which negotiate TLS 1.3)
//! then:   handshake messages, each type, u24 length, body (a length past the end takes what is
//!         left); the type 0xff with no body stands for a change_cipher_spec record
//! ```
//!
//! Both sides run with fixed generators (`deps::replay::FixedRng`) and a certificate chain kept
//! in `pki/` (valid until 9999), so a recorded handshake replays byte for byte: the seeds
//! (`seed_inputs`) are real flights that take each machine to the end of its handshake and
//! beyond (KeyUpdate in TLS 1.3, a renegotiation request in TLS 1.2), and the fuzzer mutates
//! from there.
//!
//! Checked on every input: no panic; every refusal names an alert (RFC 8446 §6.2: each error
//! closes with one); each message a machine sends decodes; a machine that refused stops.

use std::sync::Arc;

use tls_handshake::Handshake;
use tls_handshake::action::{Action, Actions};
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{CertifiedKey, ClientConfig, ServerConfig, SupportedVersion};
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

/// The versions both sides speak: TLS 1.2 alone, or both.
fn versions(tls12: bool) -> &'static [SupportedVersion] {
    if tls12 {
        &[SupportedVersion::Tls12]
    } else {
        SupportedVersion::ALL
    }
}

fn client_config(tls12: bool) -> Arc<ClientConfig> {
    let mut anchors = TrustAnchors::new();
    anchors.add_pem(include_bytes!("pki/root.pem"));
    Arc::new(
        ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
            .rng(Arc::new(FixedRng::new(0x11)))
            .versions(versions(tls12))
            .build()
            .expect("the fuzz client config builds"),
    )
}

fn server_config(tls12: bool) -> Arc<ServerConfig> {
    let certified = CertifiedKey::from_pem(
        include_bytes!("pki/leaf.pem"),
        include_bytes!("pki/leaf.key"),
    )
    .expect("the fuzz certificate loads");
    Arc::new(
        ServerConfig::builder(Arc::new(certified))
            .rng(Arc::new(FixedRng::new(0x22)))
            .versions(versions(tls12))
            .build()
            .expect("the fuzz server config builds"),
    )
}

/// A client that sent its ClientHello (returned too).
fn new_client(tls12: bool) -> (Handshake, Vec<Vec<u8>>) {
    let mut out = Actions::new();
    let name = ServerName::try_from(SERVER_NAME).expect("a DNS name");
    let client =
        ClientHandshake::start(client_config(tls12), name, &mut out).expect("the client starts");
    settle(Handshake::Client(client), out).expect("the ClientHello needs no answer")
}

fn new_server(tls12: bool) -> Handshake {
    Handshake::Server(ServerHandshake::new(server_config(tls12)))
}

/// Applies `out`: requests answered in process, messages sent collected (each must decode),
/// a change_cipher_spec as its stand-in.
fn settle(mut machine: Handshake, mut out: Actions) -> Result<(Handshake, Vec<Vec<u8>>), ()> {
    let mut sent = Vec::new();
    loop {
        let mut answer = None;
        for action in out.drain() {
            match action {
                Action::Send { message, .. } => sent.push(message),
                Action::SendChangeCipherSpec => sent.push(vec![CHANGE_CIPHER_SPEC]),
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
    let tls12 = side & 2 != 0;
    let mut machine = if side & 1 == 0 {
        new_server(tls12)
    } else {
        new_client(tls12).0
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
        for message in sent
            .iter()
            .filter(|message| **message != [CHANGE_CIPHER_SPEC])
        {
            // What we send decodes, under a version the peer may be reading with.
            let decodes = [
                NegotiatedVersion::NotYet,
                NegotiatedVersion::Tls13,
                NegotiatedVersion::Tls12,
            ]
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

/// Feeds `messages` (change_cipher_spec stand-ins included) to `machine`; returns it and what
/// it sent. Only for the seeds, whose flights are real.
fn feed(mut machine: Handshake, messages: &[Vec<u8>]) -> (Handshake, Vec<Vec<u8>>) {
    let mut sent = Vec::new();
    for message in messages {
        let input = if *message == [CHANGE_CIPHER_SPEC] {
            Input::ChangeCipherSpec
        } else {
            Input::Message(
                HandshakeMessage::decode(message, machine.negotiated_version())
                    .expect("a real flight decodes"),
            )
        };
        let mut out = Actions::new();
        let next = machine.handle(input, &mut out).expect("taken");
        let (next, more) = settle(next, out).expect("answered");
        sent.extend(more);
        machine = next;
    }
    (machine, sent)
}

/// The seeds: a whole handshake of our client and server with the harness's fixed configs,
/// in TLS 1.3 and in TLS 1.2, each side's received flights followed by a KeyUpdate (TLS 1.3)
/// or a renegotiation request (TLS 1.2: a HelloRequest, a second ClientHello).
pub(crate) fn seed_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let (tls13_server, tls13_client, tls13_hello) = flights(false);
    let (tls12_server, tls12_client, _) = flights(true);
    vec![
        ("server-full-handshake", input(0, &tls13_server)),
        ("client-full-handshake", input(1, &tls13_client)),
        ("server-client-hello", input(0, &tls13_hello)),
        ("tls12-server-full-handshake", input(2, &tls12_server)),
        ("tls12-client-full-handshake", input(3, &tls12_client)),
    ]
}

/// Messages in order, as one side received or sent them.
type Flight = Vec<Vec<u8>>;

/// A whole handshake between our client and server: what the server received, what the client
/// received (each with a post-handshake message added), and the ClientHello.
fn flights(tls12: bool) -> (Flight, Flight, Flight) {
    let (client, client_hello) = new_client(tls12);
    let (server, to_client) = feed(new_server(tls12), &client_hello);
    let (client, to_server) = feed(client, &to_client);
    let (_, to_client_last) = feed(server, &to_server);
    let (client, _) = feed(client, &to_client_last);
    assert!(client.is_complete(), "the seed handshake completes");

    let mut server_side = client_hello.clone();
    server_side.extend(to_server);
    let mut client_side = to_client;
    client_side.extend(to_client_last);
    if tls12 {
        server_side.extend(client_hello.iter().cloned());
        client_side.push(vec![0, 0, 0, 0]);
    } else {
        let key_update = vec![24, 0, 0, 1, 1];
        server_side.push(key_update.clone());
        client_side.push(key_update);
    }
    (server_side, client_side, client_hello)
}
