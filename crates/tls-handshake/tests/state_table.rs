//! Every state × every handshake message it does not expect → `unexpected_message`
//! (RFC 8446 §6.2, RFC 5246 §7.2.2), for our client and our server, in TLS 1.3 and TLS 1.2.
//!
//! A real handshake between the two machines is run message by message; before each message a
//! side receives (and once both are done), a fresh run is stopped there and every other message
//! of the pool, the real ones and the post-handshake ones, is fed to that side instead. Each
//! must be refused as unexpected; none may be taken as something else. Each version runs
//! twice: without client certificates and with a server that requires one.

use std::sync::Arc;

use tls_handshake::Handshake;
use tls_handshake::action::{Action, Actions};
use tls_handshake::anti_replay::AntiReplay;
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{
    CertifiedKey, ClientAuth, ClientConfig, ServerConfig, SingleClientCertificate, SupportedVersion,
};
use tls_handshake::error::HandshakeError;
use tls_handshake::input::Input;
use tls_handshake::server::ServerHandshake;
use tls_handshake::session_store::{MemorySessionStore, SessionStore};
use tls_handshake::sign::SigningKey;
use tls_handshake::verifier::{WebPkiClientVerifier, WebPkiServerVerifier};
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors, UnixTime};
use tls_tests::{ChainBuilder, ExtendedKeyUsage, KeyType};
use tls_wire::handshake::{HandshakeMessage, NegotiatedVersion};
use tls_wire::ids::{AlertDescription, HandshakeType};
use zeroize::Zeroizing;

const SERVER_NAME: &str = "table.example";

/// A chain of `builder`, its anchors and its key.
fn pki(builder: ChainBuilder) -> (TrustAnchors, Arc<CertifiedKey>) {
    let chain = builder.build().unwrap();
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let key = SigningKey::from_pem(chain.leaf_key.pkcs8_pem.as_bytes()).unwrap();
    (
        anchors,
        Arc::new(CertifiedKey::new(chain.chain_der(), key).unwrap()),
    )
}

/// Configs for `versions`; with `client_auth`, a server that requires a client certificate
/// and a client that has one.
fn configs(
    versions: &[SupportedVersion],
    client_auth: bool,
    resume: bool,
) -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    let (anchors, certified) = pki(ChainBuilder::new(KeyType::EcdsaP256).dns_name(SERVER_NAME));
    // Without session stores every run is a full handshake; with them, every run after the
    // first resumes the first one's session.
    let store = || -> Option<Arc<dyn SessionStore>> {
        resume.then(|| Arc::new(MemorySessionStore::default()) as Arc<dyn SessionStore>)
    };
    let mut client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .versions(versions)
        .session_store(store());
    let mut server = ServerConfig::builder(certified)
        .versions(versions)
        .session_store(store());
    if client_auth {
        let (client_anchors, client_key) = pki(ChainBuilder::new(KeyType::EcdsaP256)
            .root_name("Table Client Root")
            .extended_key_usages(&[ExtendedKeyUsage::ClientAuth]));
        client = client.client_certificate(Arc::new(SingleClientCertificate(client_key)));
        server = server.client_auth(ClientAuth::Required(Arc::new(WebPkiClientVerifier::new(
            client_anchors,
        ))));
    }
    (
        Arc::new(client.build().unwrap()),
        Arc::new(server.build().unwrap()),
    )
}

/// A change_cipher_spec in flight (TLS 1.2), among the messages: no handshake message is empty.
const CHANGE_CIPHER_SPEC: Vec<u8> = Vec::new();

/// Answers the machine's requests in process; returns it and the messages (and
/// change_cipher_spec records) it sent.
fn settle(mut machine: Handshake, mut out: Actions) -> (Handshake, Vec<Vec<u8>>) {
    let mut sent = Vec::new();
    loop {
        let mut answer = None;
        for action in out.drain() {
            match action {
                Action::Send { message, .. } => sent.push(message),
                Action::SendChangeCipherSpec => sent.push(CHANGE_CIPHER_SPEC),
                Action::Request(request) => answer = Some(machine.answer_in_process(&request)),
                _ => {}
            }
        }
        match answer {
            None => return (machine, sent),
            Some(answer) => machine = machine.handle(Input::Answer(answer), &mut out).unwrap(),
        }
    }
}

/// Which side receives a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Client,
    Server,
}

/// A handshake run message by message: both machines and the messages in flight to each.
struct Run {
    client: Option<Handshake>,
    server: Option<Handshake>,
    to_client: Vec<Vec<u8>>,
    to_server: Vec<Vec<u8>>,
    /// Every message either side sent, in order.
    sent: Vec<Vec<u8>>,
}

impl Run {
    fn new((client_config, server_config): &(Arc<ClientConfig>, Arc<ServerConfig>)) -> Self {
        let (client_config, server_config) = (Arc::clone(client_config), Arc::clone(server_config));
        let mut out = Actions::new();
        let name = ServerName::try_from(SERVER_NAME).unwrap();
        let client = ClientHandshake::start(client_config, name, &mut out).unwrap();
        let (client, to_server) = settle(Handshake::Client(client), out);
        Self {
            client: Some(client),
            server: Some(Handshake::Server(ServerHandshake::new(server_config))),
            to_client: Vec::new(),
            sent: to_server.clone(),
            to_server,
        }
    }

    /// The side the next message goes to, if any is in flight.
    fn next_receiver(&self) -> Option<Side> {
        if !self.to_server.is_empty() {
            Some(Side::Server)
        } else if !self.to_client.is_empty() {
            Some(Side::Client)
        } else {
            None
        }
    }

    /// Delivers the next message in flight.
    fn step(&mut self) {
        let side = self.next_receiver().expect("a message in flight");
        let (machine, inbox) = match side {
            Side::Server => (&mut self.server, &mut self.to_server),
            Side::Client => (&mut self.client, &mut self.to_client),
        };
        let message = inbox.remove(0);
        let current = machine.take().unwrap();
        let mut out = Actions::new();
        let next = if message.is_empty() {
            current.handle(Input::ChangeCipherSpec, &mut out).unwrap()
        } else {
            let decoded = HandshakeMessage::decode(&message, current.negotiated_version()).unwrap();
            current.handle(Input::Message(decoded), &mut out).unwrap()
        };
        let (next, sent) = settle(next, out);
        *machine = Some(next);
        self.sent.extend(sent.iter().cloned());
        match side {
            Side::Server => self.to_client.extend(sent),
            Side::Client => self.to_server.extend(sent),
        }
    }

    fn machine(&mut self, side: Side) -> Handshake {
        match side {
            Side::Client => self.client.take().unwrap(),
            Side::Server => self.server.take().unwrap(),
        }
    }
}

/// Messages no run of ours sends: post-handshake ones and the other forms, to feed each state.
fn extra_messages() -> Vec<Vec<u8>> {
    vec![
        // KeyUpdate, update_not_requested.
        vec![24, 0, 0, 1, 0],
        // EndOfEarlyData.
        vec![5, 0, 0, 0],
        // A TLS 1.3 CertificateRequest: empty context, signature_algorithms (ECDSA P-256).
        vec![13, 0, 0, 11, 0, 0, 8, 0, 13, 0, 4, 0, 2, 4, 3],
        // A TLS 1.3 NewSessionTicket: lifetime, age_add, nonce "n", ticket "t", no extensions.
        vec![
            4, 0, 0, 15, 0, 0, 0, 60, 0, 0, 0, 1, 1, b'n', 0, 1, b't', 0, 0,
        ],
        // HelloRequest (TLS 1.2).
        vec![0, 0, 0, 0],
        // A TLS 1.2 CertificateRequest: ecdsa_sign, ecdsa_secp256r1_sha256, no authorities.
        vec![13, 0, 0, 8, 1, 64, 0, 2, 4, 3, 0, 0],
    ]
}

/// Whether `side`, waiting as `expects` says, takes a message of type `typ` (which the table
/// then skips): the one the run delivered, and what a completed handshake accepts.
fn accepted(
    side: Side,
    expects: &str,
    delivered: Option<HandshakeType>,
    typ: HandshakeType,
    tls12: bool,
) -> bool {
    let complete = expects.starts_with("no handshake message");
    Some(typ) == delivered
        || (complete && typ == HandshakeType::KEY_UPDATE)
        || (complete && side == Side::Client && typ == HandshakeType::NEW_SESSION_TICKET)
        // TLS 1.2: a renegotiation request, answered with a warning.
        || (complete && side == Side::Client && typ == HandshakeType::HELLO_REQUEST)
        || (complete && side == Side::Server && typ == HandshakeType::CLIENT_HELLO)
        // Before the server's Certificate (TLS 1.3) or ServerHelloDone (TLS 1.2), the client
        // takes a CertificateRequest first.
        || (side == Side::Client
            && matches!(
                delivered,
                Some(HandshakeType::CERTIFICATE | HandshakeType::SERVER_HELLO_DONE)
            )
            && typ == HandshakeType::CERTIFICATE_REQUEST)
        // And the reverse: the CertificateRequest may be skipped.
        || (side == Side::Client
            && delivered == Some(HandshakeType::CERTIFICATE_REQUEST)
            && typ
                == if tls12 {
                    HandshakeType::SERVER_HELLO_DONE
                } else {
                    HandshakeType::CERTIFICATE
                })
}

#[test]
fn every_tls13_state_refuses_every_message_it_does_not_expect() {
    // Seven real messages and six extra, at nine stops: most pairs are refusals.
    let refused = refuse_everything_unexpected(&[SupportedVersion::Tls13], false);
    assert!(refused > 90, "only {refused} refusals checked");
}

#[test]
fn every_tls13_state_of_client_authentication_refuses_every_message_it_does_not_expect() {
    let refused = refuse_everything_unexpected(&[SupportedVersion::Tls13], true);
    assert!(refused > 150, "only {refused} refusals checked");
}

#[test]
fn every_tls12_state_refuses_every_message_it_does_not_expect() {
    // Eight real messages and the extra ones, at eleven stops (two of them change_cipher_spec).
    let refused = refuse_everything_unexpected(&[SupportedVersion::Tls12], false);
    assert!(refused > 125, "only {refused} refusals checked");
}

#[test]
fn every_tls12_state_of_client_authentication_refuses_every_message_it_does_not_expect() {
    // Three more real messages (CertificateRequest, the client's Certificate and
    // CertificateVerify) and three more stops.
    let refused = refuse_everything_unexpected(&[SupportedVersion::Tls12], true);
    assert!(refused > 200, "only {refused} refusals checked");
}

/// The abbreviated handshake's states (RFC 5246 §7.3): every run resumes the session a first
/// handshake left in the configs' stores.
#[test]
fn every_state_of_a_resumed_tls12_handshake_refuses_every_message_it_does_not_expect() {
    let configs = configs(&[SupportedVersion::Tls12], false, true);
    for resumed in [false, true] {
        let mut run = Run::new(&configs);
        while run.next_receiver().is_some() {
            run.step();
        }
        let client = run.client.as_ref().unwrap();
        assert_eq!(client.negotiated().unwrap().resumed, resumed);
    }
    let refused = refuse_everything_unexpected_in(&configs);
    assert!(refused > 55, "only {refused} refusals checked");
}

/// A client's store that keeps the first ticket it is given for good: every run offers it,
/// so every run after the first resumes (a real store hands each ticket out once).
#[derive(Debug, Default)]
struct KeepFirst(MemorySessionStore);

impl SessionStore for KeepFirst {
    fn put(&self, key: &[u8], value: Zeroizing<Vec<u8>>) {
        if self.0.get(key).is_none() {
            self.0.put(key, value);
        }
    }
    fn get(&self, key: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        self.0.get(key)
    }
    fn remove(&self, _key: &[u8]) {}
}

/// An anti-replay store that takes every ticket as new, so that every run may send early data
/// with the one ticket `KeepFirst` keeps (the fixture of a table, never a server's).
#[derive(Debug)]
struct EveryUseFirst;

impl AntiReplay for EveryUseFirst {
    fn first_use(&self, _identity: &[u8], _now: UnixTime) -> bool {
        true
    }
}

/// The states of a resumed TLS 1.3 handshake with 0-RTT accepted (RFC 8446 §2.3), the
/// server's ExpectEndOfEarlyData among them: every run resumes the ticket of a first one.
#[test]
fn every_state_of_a_tls13_0rtt_handshake_refuses_every_message_it_does_not_expect() {
    let (anchors, certified) = pki(ChainBuilder::new(KeyType::EcdsaP256).dns_name(SERVER_NAME));
    let client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .versions(&[SupportedVersion::Tls13])
        .session_store(Some(Arc::new(KeepFirst::default())))
        .early_data(true)
        .build()
        .unwrap();
    let server = ServerConfig::builder(certified)
        .versions(&[SupportedVersion::Tls13])
        .max_early_data_size(1024)
        .anti_replay(Arc::new(EveryUseFirst))
        .build()
        .unwrap();
    let configs = (Arc::new(client), Arc::new(server));
    let mut first = Run::new(&configs);
    while first.next_receiver().is_some() {
        first.step();
    }
    // The second run sends its EndOfEarlyData: early data was accepted.
    let mut second = Run::new(&configs);
    while second.next_receiver().is_some() {
        second.step();
    }
    assert!(
        second
            .client
            .as_ref()
            .unwrap()
            .negotiated()
            .unwrap()
            .resumed
    );
    assert!(
        second
            .sent
            .iter()
            .any(|message| message.first() == Some(&5)),
        "no EndOfEarlyData: the early data was not accepted"
    );
    let refused = refuse_everything_unexpected_in(&configs);
    assert!(refused > 50, "only {refused} refusals checked");
}

/// Runs the table for `versions`; returns how many refusals it checked.
fn refuse_everything_unexpected(versions: &[SupportedVersion], client_auth: bool) -> usize {
    refuse_everything_unexpected_in(&configs(versions, client_auth, false))
}

/// Runs the table over machines of `configs`; returns how many refusals it checked.
fn refuse_everything_unexpected_in(configs: &(Arc<ClientConfig>, Arc<ServerConfig>)) -> usize {
    // The full run: how many stops, and the pool of real messages.
    let mut full = Run::new(configs);
    // (steps taken before the stop, the side that receives next, what it is given then).
    let mut stops = Vec::new();
    let mut steps = 0;
    while let Some(side) = full.next_receiver() {
        let next = match side {
            Side::Server => &full.to_server[0],
            Side::Client => &full.to_client[0],
        };
        let delivered = next.first().map(|typ| HandshakeType::from(*typ));
        let machine = match side {
            Side::Server => full.server.as_ref().unwrap(),
            Side::Client => full.client.as_ref().unwrap(),
        };
        // In TLS 1.3 (and before the version is known) a change_cipher_spec is dropped, not
        // a state of its own; in TLS 1.2 the state waiting for it takes no message at all.
        let tls12 = machine.negotiated_version() == NegotiatedVersion::Tls12;
        if delivered.is_some() || tls12 {
            stops.push((steps, side, delivered));
        }
        full.step();
        steps += 1;
    }
    assert!(full.client.as_ref().unwrap().is_complete());
    assert!(full.server.as_ref().unwrap().is_complete());
    stops.push((steps, Side::Client, None));
    stops.push((steps, Side::Server, None));
    let mut pool: Vec<Vec<u8>> = full
        .sent
        .iter()
        .filter(|message| !message.is_empty())
        .cloned()
        .collect();
    pool.extend(extra_messages());

    let mut refused = 0;
    for (steps, side, delivered) in &stops {
        for message in &pool {
            let typ = HandshakeType::from(message[0]);
            let mut run = Run::new(configs);
            // A fresh run to the same stop (its own randoms, the same states).
            for _ in 0..*steps {
                run.step();
            }
            let machine = run.machine(*side);
            let expects = machine.expects();
            let tls12 = machine.negotiated_version() == NegotiatedVersion::Tls12;
            if accepted(*side, expects, *delivered, typ, tls12) {
                continue;
            }
            // A message that does not decode under this state's version never reaches it.
            let Ok(decoded) = HandshakeMessage::decode(message, machine.negotiated_version())
            else {
                continue;
            };
            let mut out = Actions::new();
            let error = machine
                .handle(Input::Message(decoded), &mut out)
                .expect_err(&format!("{side:?} waiting for {expects} took {typ}"));
            assert!(
                matches!(error, HandshakeError::UnexpectedMessage { .. }),
                "{side:?} waiting for {expects}, given {typ}: {error:?}"
            );
            assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
            refused += 1;
        }
    }
    refused
}
