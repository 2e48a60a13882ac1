//! TLS 1.3 resumption with tickets between our client and server, in memory (RFC 8446 §2.2,
//! §4.2.11, §4.6.1): the server's NewSessionTickets, a second connection resuming with one
//! (psk_dhe_ke: no certificate, no signature, a fresh ECDHE exchange), for every suite, after
//! a HelloRetryRequest, with client certificates; each ticket used once; stateful tickets that
//! open once; and no resumption once anything the ticket was made under changed, nor with a
//! binder that does not verify.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use common::{
    CERTIFICATE_TYPES, GROUPS, Pair, SUITES, client_pki_under, configs, pki, read_all, transfer,
};
use tls::handshake::config::{ClientAuth, SingleClientCertificate, SupportedVersion};
use tls::handshake::deps::Clock;
use tls::handshake::proof::PeerAuth;
use tls::handshake::session_store::{MemorySessionStore, SessionStore};
use tls::handshake::ticketer::{RotatingTicketer, StatefulTicketer, Ticketer};
use tls::handshake::verifier::WebPkiClientVerifier;
use tls::pki::UnixTime;
use tls::wire::ids::{AlertDescription, ProtocolVersion};
use tls::{ClientConfig, Connection, ServerConfig, ServerName};
use tls_tests::KeyType;

/// A handshake between `client` and `server` for `name`, the server's tickets delivered and a
/// line each way; returns the pair.
fn connect(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>, name: &str) -> Pair {
    let mut pair = Pair {
        client: Connection::client(Arc::clone(client), ServerName::try_from(name).unwrap())
            .unwrap(),
        server: Connection::server(Arc::clone(server)),
    };
    pair.handshake(usize::MAX);
    // The NewSessionTickets follow the server's Finished, after the client's.
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    assert_eq!(pair.client.write(b"ping").unwrap(), 4);
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.server), b"ping");
    assert_eq!(pair.server.write(b"pong").unwrap(), 4);
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.client), b"pong");
    for side in [&pair.client, &pair.server] {
        assert_eq!(side.negotiated().unwrap().version, ProtocolVersion::TLSV1_3);
    }
    pair
}

fn resumed(pair: &Pair) -> bool {
    let client = pair.client.negotiated().unwrap().resumed;
    assert_eq!(client, pair.server.negotiated().unwrap().resumed);
    client
}

/// Configs over `suite`, from one set of certificates.
fn shared_configs(
    suite: tls::handshake::config::SupportedCipherSuite,
) -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, suite, GROUPS[0]);
    (
        Arc::new(client.build().unwrap()),
        Arc::new(server.build().unwrap()),
    )
}

#[test]
fn a_second_connection_resumes_with_a_ticket_for_every_suite() {
    for suite in SUITES {
        let (client, server) = shared_configs(suite);
        let first = connect(&client, &server, common::SERVER_NAME);
        assert!(!resumed(&first));
        assert_eq!(first.client.session_tickets().len(), 2);
        let second = connect(&client, &server, common::SERVER_NAME);
        assert!(resumed(&second), "{suite}");
        let negotiated = second.client.negotiated().unwrap();
        assert_eq!(negotiated.cipher_suite, suite.id());
        // psk_dhe_ke: a key exchange, no signature.
        assert_eq!(negotiated.group, Some(GROUPS[0].id()));
        assert_eq!(negotiated.signature_scheme, None);
        assert_eq!(
            second.client.peer_certificates(),
            first.client.peer_certificates()
        );
        assert!(matches!(
            second.client.peer_auth(),
            Some(PeerAuth::Resumed { certificate: true })
        ));
        assert!(matches!(
            second.server.peer_auth(),
            Some(PeerAuth::Resumed { certificate: false })
        ));
        // New keys: new exported values.
        let export = |pair: &Pair| {
            let mut out = [0; 32];
            pair.client
                .export_keying_material(b"EXPERIMENTAL-ticket", None, &mut out)
                .unwrap();
            out
        };
        assert_ne!(export(&first), export(&second));
    }
}

/// RFC 8446 §C.4: each ticket is used once; a resumed connection brings new ones.
#[test]
fn each_ticket_is_offered_once() {
    let store = Arc::new(MemorySessionStore::default());
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let client = Arc::new(
        client
            .session_store(Some(Arc::clone(&store) as Arc<dyn SessionStore>))
            .build()
            .unwrap(),
    );
    // A server that sends one ticket per connection.
    let server = Arc::new(server.session_tickets(1).build().unwrap());
    connect(&client, &server, common::SERVER_NAME);
    let key = format!("tls13 {}", common::SERVER_NAME);
    let one = store.get(key.as_bytes()).unwrap();
    assert!(resumed(&connect(&client, &server, common::SERVER_NAME)));
    // The ticket kept now is the new connection's, not the one used.
    let next = store.get(key.as_bytes()).unwrap();
    assert_ne!(one.as_slice(), next.as_slice());
    // Put the used ticket back: the server's rotating ticketer still opens it (stateless),
    // so a replay resumes; a stateful ticketer refuses it (next test).
    store.put(key.as_bytes(), one);
    assert!(resumed(&connect(&client, &server, common::SERVER_NAME)));
}

/// A stateful ticket is a key into the server's store, and opens once: a replayed ticket is
/// a full handshake.
#[test]
fn a_stateful_ticket_opens_once() {
    let store = Arc::new(MemorySessionStore::default());
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let client = Arc::new(
        client
            .session_store(Some(Arc::clone(&store) as Arc<dyn SessionStore>))
            .build()
            .unwrap(),
    );
    let ticketer: Arc<dyn Ticketer> = Arc::new(StatefulTicketer::new(Arc::new(
        MemorySessionStore::default(),
    )));
    let server = Arc::new(
        server
            .ticketer(Some(ticketer))
            .session_tickets(1)
            .build()
            .unwrap(),
    );
    connect(&client, &server, common::SERVER_NAME);
    let key = format!("tls13 {}", common::SERVER_NAME);
    let used = store.get(key.as_bytes()).unwrap();
    assert!(resumed(&connect(&client, &server, common::SERVER_NAME)));
    store.put(key.as_bytes(), used);
    assert!(!resumed(&connect(&client, &server, common::SERVER_NAME)));
}

/// RFC 8446 §4.1.2: after a HelloRetryRequest the client recomputes its binder over the new
/// transcript, and the server checks it there.
#[test]
fn a_ticket_resumes_after_a_hello_retry_request() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[1], GROUPS[0]);
    // The client's share is for X25519; the server takes only P-256 and asks again.
    let client = Arc::new(client.groups(&[GROUPS[0], GROUPS[1]]).build().unwrap());
    let server = Arc::new(server.groups(&[GROUPS[1]]).build().unwrap());
    connect(&client, &server, common::SERVER_NAME);
    let second = connect(&client, &server, common::SERVER_NAME);
    assert!(resumed(&second));
    assert_eq!(
        second.client.negotiated().unwrap().group,
        Some(GROUPS[1].id())
    );
}

/// The obfuscated ticket age of the `pre_shared_key` in the ClientHello among `records`.
fn offered_ticket_age(records: &[u8]) -> u32 {
    use tls::wire::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
    let mut rest = records;
    while rest.len() >= 5 {
        let len = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
        let (typ, body) = (rest[0], &rest[5..5 + len]);
        rest = &rest[5 + len..];
        if typ != 22 {
            continue;
        }
        let message = HandshakeMessage::decode(body, NegotiatedVersion::NotYet).unwrap();
        let HandshakePayload::ClientHello(hello) = message.payload() else {
            continue;
        };
        let extensions = hello.extensions.as_ref().unwrap();
        let offered = extensions.pre_shared_key().unwrap().unwrap();
        return offered.identities[0].obfuscated_ticket_age;
    }
    panic!("no ClientHello offering a ticket")
}

/// RFC 8446 §4.1.2: the second ClientHello after a HelloRetryRequest carries the ticket's age
/// at that time, not the first hello's.
#[test]
fn the_ticket_age_is_recomputed_after_a_hello_retry_request() {
    let clock = Arc::new(TestClock(AtomicI64::new(UnixTime::now().as_secs())));
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let client = Arc::new(
        client
            .groups(&[GROUPS[0], GROUPS[1]])
            .clock(clock.clone())
            .build()
            .unwrap(),
    );
    let server = Arc::new(server.groups(&[GROUPS[1]]).build().unwrap());
    connect(&client, &server, common::SERVER_NAME);
    let mut pair = Pair {
        client: Connection::client(
            Arc::clone(&client),
            ServerName::try_from(common::SERVER_NAME).unwrap(),
        )
        .unwrap(),
        server: Connection::server(Arc::clone(&server)),
    };
    let first = offered_ticket_age(pair.client.pending_output());
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    // Three seconds pass before the HelloRetryRequest arrives.
    clock.0.fetch_add(3, Ordering::SeqCst);
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    let second = offered_ticket_age(pair.client.pending_output());
    assert_eq!(second.wrapping_sub(first), 3000);
    pair.handshake(usize::MAX);
    assert!(resumed(&pair));
}

/// RFC 8446 §4.6.1: tickets follow client authentication and carry the client's identity.
#[test]
fn a_client_certificate_survives_resumption() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let (chain, roots, key) = client_pki_under(KeyType::Ed25519, "Ticket Client Root");
    let client = Arc::new(
        client
            .client_certificate(Arc::new(SingleClientCertificate(key)))
            .build()
            .unwrap(),
    );
    let server = Arc::new(
        server
            .client_auth(ClientAuth::Required(Arc::new(WebPkiClientVerifier::new(
                roots,
            ))))
            .build()
            .unwrap(),
    );
    connect(&client, &server, common::SERVER_NAME);
    let second = connect(&client, &server, common::SERVER_NAME);
    assert!(resumed(&second));
    assert_eq!(second.server.peer_certificates(), chain.chain_der());
    assert!(matches!(
        second.server.peer_auth(),
        Some(PeerAuth::Resumed { certificate: true })
    ));
}

#[test]
fn a_server_without_a_ticketer_sends_no_tickets() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let client = Arc::new(client.build().unwrap());
    let server = Arc::new(server.ticketer(None).build().unwrap());
    let first = connect(&client, &server, common::SERVER_NAME);
    assert!(first.client.session_tickets().is_empty());
    assert!(!resumed(&connect(&client, &server, common::SERVER_NAME)));
}

/// A ticket made for one name is not resumed under another, even when a client offers it.
#[test]
fn a_ticket_is_not_resumed_under_another_server_name() {
    let store = Arc::new(MemorySessionStore::default());
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let client = Arc::new(
        client
            .session_store(Some(Arc::clone(&store) as Arc<dyn SessionStore>))
            .dangerous_skip_server_name_check()
            .build()
            .unwrap(),
    );
    let server = Arc::new(server.build().unwrap());
    connect(&client, &server, "one.example");
    let tickets = store.get(b"tls13 one.example").unwrap();
    store.put(b"tls13 other.example", tickets);
    assert!(!resumed(&connect(&client, &server, "other.example")));
}

/// A clock the test moves.
#[derive(Debug, Default)]
struct TestClock(AtomicI64);

impl Clock for TestClock {
    fn now(&self) -> UnixTime {
        UnixTime::from_secs(self.0.load(Ordering::SeqCst))
    }
}

/// Whether a ticket resumes `age` seconds after it was issued, on the client's clock (or the
/// server's).
fn resumes_after(age: i64, client_ages: bool) -> bool {
    let start = UnixTime::now().as_secs();
    let client_clock = Arc::new(TestClock(AtomicI64::new(start)));
    let server_clock = Arc::new(TestClock(AtomicI64::new(start)));
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let ticketer: Arc<dyn Ticketer> = Arc::new(
        RotatingTicketer::with_sources(
            3600,
            server_clock.clone(),
            Arc::new(tls::handshake::deps::SystemRng::new()),
        )
        .unwrap(),
    );
    let client = Arc::new(client.clock(client_clock.clone()).build().unwrap());
    let server = Arc::new(
        server
            .clock(server_clock.clone())
            .ticketer(Some(ticketer))
            .build()
            .unwrap(),
    );
    connect(&client, &server, common::SERVER_NAME);
    let clock = if client_ages {
        &client_clock
    } else {
        &server_clock
    };
    clock.0.store(start + age, Ordering::SeqCst);
    resumed(&connect(&client, &server, common::SERVER_NAME))
}

/// A ticket past its lifetime is not resumed, on either side's clock.
#[test]
fn a_ticket_past_its_lifetime_is_not_resumed() {
    for client_ages in [true, false] {
        assert!(
            resumes_after(3600, client_ages),
            "client ages {client_ages}"
        );
        assert!(
            !resumes_after(3601, client_ages),
            "client ages {client_ages}"
        );
    }
}

/// RFC 8446 §4.2.11: a binder that does not verify ends the handshake (decrypt_error), even
/// though a full handshake was possible.
#[test]
fn a_bad_binder_is_a_decrypt_error() {
    let (client, server) = shared_configs(SUITES[0]);
    connect(&client, &server, common::SERVER_NAME);
    let mut pair = Pair {
        client: Connection::client(
            Arc::clone(&client),
            ServerName::try_from(common::SERVER_NAME).unwrap(),
        )
        .unwrap(),
        server: Connection::server(Arc::clone(&server)),
    };
    // The binder ends the ClientHello, which ends its (unprotected) record.
    let mut hello = pair.client.pending_output().to_vec();
    *hello.last_mut().unwrap() ^= 1;
    let error = pair.server.receive(&hello).unwrap_err();
    assert_eq!(
        error.alert(),
        Some(AlertDescription::DECRYPT_ERROR),
        "{error}"
    );
}

/// A client of both versions with only a TLS 1.3 ticket offers it; a TLS 1.2-only server
/// ignores it and a full TLS 1.2 handshake follows.
#[test]
fn a_ticket_offered_to_a_tls12_server_is_ignored() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, _) = configs(anchors, Arc::clone(&certified), SUITES[0], GROUPS[0]);
    let client = Arc::new(
        client
            .versions(SupportedVersion::ALL)
            .cipher_suites(tls::handshake::config::SupportedCipherSuite::ALL)
            .build()
            .unwrap(),
    );
    let tls13_server = Arc::new(
        ServerConfig::builder(Arc::clone(&certified))
            .build()
            .unwrap(),
    );
    connect(&client, &tls13_server, common::SERVER_NAME);
    let tls12_server = Arc::new(
        ServerConfig::builder(certified)
            .versions(&[SupportedVersion::Tls12])
            .build()
            .unwrap(),
    );
    let mut pair = Pair {
        client: Connection::client(
            Arc::clone(&client),
            ServerName::try_from(common::SERVER_NAME).unwrap(),
        )
        .unwrap(),
        server: Connection::server(tls12_server),
    };
    pair.handshake(usize::MAX);
    let negotiated = pair.client.negotiated().unwrap();
    assert_eq!(negotiated.version, ProtocolVersion::TLSV1_2);
    assert!(!negotiated.resumed);
}

/// RFC 8446 §4.2.9: psk_ke (no (EC)DHE exchange) only when both configs allow it; otherwise
/// psk_dhe_ke.
#[test]
fn psk_ke_only_when_both_sides_allow_it() {
    for (client_allows, server_allows) in [(true, true), (true, false), (false, true)] {
        let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
        let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
        let client = Arc::new(client.allow_psk_ke(client_allows).build().unwrap());
        let server = Arc::new(server.allow_psk_ke(server_allows).build().unwrap());
        connect(&client, &server, common::SERVER_NAME);
        let second = connect(&client, &server, common::SERVER_NAME);
        assert!(resumed(&second));
        let both = client_allows && server_allows;
        for side in [&second.client, &second.server] {
            assert_eq!(
                side.negotiated().unwrap().group,
                (!both).then(|| GROUPS[0].id()),
                "client {client_allows}, server {server_allows}"
            );
        }
    }
}
