//! The state-machine fuzz harness, shared by the cargo-fuzz target
//! (`fuzz_targets/state_machines.rs`) and the stable replay test (`tests/fuzz_corpus.rs`).
//!
//! An input is one side and the flights its peer sends:
//!
//! ```text
//! byte 0: bit 0 = 0 → a server fed a client's messages; 1 → a client (its ClientHello sent)
//!         fed a server's messages; bit 1 = 1 → both configured for TLS 1.2 alone (else
//!         both versions, which negotiate TLS 1.3); bit 2 = 1 → the server requires a client
//!         certificate, which the client has; bit 3 = 1 → both keep sessions, and a first
//!         handshake between them left one (a TLS 1.2 pair then resumes it by ticket; a TLS 1.3
//!         pair with its ticket, sending 0-RTT data the server accepts)
//! then:   handshake messages, each type, u24 length, body (a length past the end takes what is
//!         left); the type 0xff with no body stands for a change_cipher_spec record
//! ```
//!
//! Both sides run with fixed generators (`deps::replay::FixedRng`), a fixed clock, a ticketer
//! with fixed keys and a certificate chain kept in `pki/` (valid until 9999), so a recorded
//! handshake replays byte for byte: the seeds
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
use tls_handshake::config::{
    CertifiedKey, ClientAuth, ClientConfig, ServerConfig, SingleClientCertificate, SupportedVersion,
};
use tls_handshake::deps::Clock;
use tls_handshake::deps::replay::FixedRng;
use tls_handshake::input::Input;
use tls_handshake::server::ServerHandshake;
use tls_handshake::session_store::{MemorySessionStore, SessionStore};
use tls_handshake::ticketer::{RotatingTicketer, Ticketer};
use tls_handshake::verifier::{WebPkiClientVerifier, WebPkiServerVerifier};
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchors, UnixTime};
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

/// The harness's time: inside the fuzz chain's validity, the same for every run, so tickets
/// are the same bytes every time.
#[derive(Debug)]
struct FixedClock;

impl Clock for FixedClock {
    fn now(&self) -> UnixTime {
        UnixTime::from_secs(4_000_000_000)
    }
}

/// How both sides are configured: the first input byte's bits 1 to 3.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Setup {
    /// TLS 1.2 alone (else both versions, which negotiate TLS 1.3).
    pub(crate) tls12: bool,
    /// The server requires a client certificate; the client has one.
    pub(crate) client_auth: bool,
    /// Both keep sessions, primed by a first handshake.
    pub(crate) resume: bool,
}

impl Setup {
    fn of(side: u8) -> Self {
        Self {
            tls12: side & 2 != 0,
            client_auth: side & 4 != 0,
            resume: side & 8 != 0,
        }
    }

    /// The first input byte for `side` (0: server, 1: client).
    fn byte(self, side: u8) -> u8 {
        side | u8::from(self.tls12) << 1
            | u8::from(self.client_auth) << 2
            | u8::from(self.resume) << 3
    }
}

/// The versions both sides speak: TLS 1.2 alone, or both.
fn versions(tls12: bool) -> &'static [SupportedVersion] {
    if tls12 {
        &[SupportedVersion::Tls12]
    } else {
        SupportedVersion::ALL
    }
}

/// A new session store when `setup` keeps sessions.
fn store(setup: Setup) -> Option<Arc<dyn SessionStore>> {
    setup
        .resume
        .then(|| Arc::new(MemorySessionStore::default()) as Arc<dyn SessionStore>)
}

/// Both configs; with `setup.resume`, primed with a first handshake's session.
fn configs(setup: Setup) -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    let mut anchors = TrustAnchors::new();
    anchors.add_pem(include_bytes!("pki/root.pem"));
    let mut client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .rng(Arc::new(FixedRng::new(0x11)))
        .clock(Arc::new(FixedClock))
        .versions(versions(setup.tls12))
        .session_store(store(setup))
        .early_data(true);
    let certified = CertifiedKey::from_pem(
        include_bytes!("pki/leaf.pem"),
        include_bytes!("pki/leaf.key"),
    )
    .expect("the fuzz certificate loads");
    // Keys and nonces from a fixed generator: a ticket in a seed opens on every run.
    let ticketer =
        RotatingTicketer::with_sources(3600, Arc::new(FixedClock), Arc::new(FixedRng::new(0x33)))
            .map(|ticketer| -> Arc<dyn Ticketer> { Arc::new(ticketer) });
    let mut server = ServerConfig::builder(Arc::new(certified))
        .rng(Arc::new(FixedRng::new(0x22)))
        .clock(Arc::new(FixedClock))
        .versions(versions(setup.tls12))
        .session_store(store(setup))
        .ticketer(ticketer.filter(|_| setup.resume))
        .max_early_data_size(1024);
    if setup.client_auth {
        let client_key = CertifiedKey::from_pem(
            include_bytes!("pki/client.pem"),
            include_bytes!("pki/client.key"),
        )
        .expect("the fuzz client certificate loads");
        let mut client_roots = TrustAnchors::new();
        client_roots.add_pem(include_bytes!("pki/client-root.pem"));
        client = client.client_certificate(Arc::new(SingleClientCertificate(Arc::new(client_key))));
        server = server.client_auth(ClientAuth::Required(Arc::new(WebPkiClientVerifier::new(
            client_roots,
        ))));
    }
    let configs = (
        Arc::new(client.build().expect("the fuzz client config builds")),
        Arc::new(server.build().expect("the fuzz server config builds")),
    );
    if setup.resume {
        handshake(&configs);
    }
    configs
}

/// A client that sent its ClientHello (returned too).
fn new_client(config: &Arc<ClientConfig>) -> (Handshake, Vec<Vec<u8>>) {
    let mut out = Actions::new();
    let name = ServerName::try_from(SERVER_NAME).expect("a DNS name");
    let client =
        ClientHandshake::start(Arc::clone(config), name, &mut out).expect("the client starts");
    settle(Handshake::Client(client), out).expect("the ClientHello needs no answer")
}

fn new_server(config: &Arc<ServerConfig>) -> Handshake {
    Handshake::Server(ServerHandshake::new(Arc::clone(config)))
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
    let (client_config, server_config) = configs(Setup::of(side));
    let mut machine = if side & 1 == 0 {
        new_server(&server_config)
    } else {
        new_client(&client_config).0
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
/// in TLS 1.3 and in TLS 1.2, with and without a client certificate, and a resumed handshake
/// in each version (TLS 1.3 with 0-RTT), each side's received flights followed by a KeyUpdate (TLS 1.3) or a
/// renegotiation request (TLS 1.2: a HelloRequest, a second ClientHello).
pub(crate) fn seed_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let setup = |tls12, client_auth, resume| Setup {
        tls12,
        client_auth,
        resume,
    };
    let mut seeds = Vec::new();
    for (name, setup) in [
        ("", setup(false, false, false)),
        ("tls12-", setup(true, false, false)),
        ("client-auth-", setup(false, true, false)),
        ("tls12-client-auth-", setup(true, true, false)),
        ("tls12-resumed-", setup(true, false, true)),
        ("resumed-", setup(false, false, true)),
    ] {
        let (server_side, client_side, hello) = flights(setup);
        let name = |what: &str| -> &'static str { format!("{name}{what}").leak() };
        seeds.push((
            name("server-full-handshake"),
            input(setup.byte(0), &server_side),
        ));
        seeds.push((
            name("client-full-handshake"),
            input(setup.byte(1), &client_side),
        ));
        if !setup.tls12 && !setup.client_auth {
            seeds.push((name("server-client-hello"), input(setup.byte(0), &hello)));
        }
    }
    seeds
}

/// Messages in order, as one side received or sent them.
type Flight = Vec<Vec<u8>>;

/// A whole handshake between machines of `configs`; returns what each side sent, in order of
/// the flights: the ClientHello, the server's flights and the client's.
fn handshake(
    configs: &(Arc<ClientConfig>, Arc<ServerConfig>),
) -> (Handshake, Flight, Flight, Flight) {
    let (client, client_hello) = new_client(&configs.0);
    let (server, to_client) = feed(new_server(&configs.1), &client_hello);
    let (client, to_server) = feed(client, &to_client);
    let (_, to_client_last) = feed(server, &to_server);
    let (client, to_server_last) = feed(client, &to_client_last);
    let mut to_client = to_client;
    to_client.extend(to_client_last);
    let mut to_server = to_server;
    to_server.extend(to_server_last);
    (client, client_hello, to_client, to_server)
}

/// A whole handshake between our client and server: what the server received, what the client
/// received (each with a post-handshake message added), and the ClientHello.
fn flights(setup: Setup) -> (Flight, Flight, Flight) {
    let configs = configs(setup);
    let (client, client_hello, client_side, to_server) = handshake(&configs);
    assert!(client.is_complete(), "the seed handshake completes");
    if setup.resume {
        assert!(
            client
                .negotiated()
                .is_some_and(|negotiated| negotiated.resumed),
            "the seed handshake resumes"
        );
    }

    let mut server_side = client_hello.clone();
    server_side.extend(to_server);
    let mut client_side = client_side;
    if setup.tls12 {
        server_side.extend(client_hello.iter().cloned());
        client_side.push(vec![0, 0, 0, 0]);
    } else {
        let key_update = vec![24, 0, 0, 1, 1];
        server_side.push(key_update.clone());
        client_side.push(key_update);
    }
    (server_side, client_side, client_hello)
}
