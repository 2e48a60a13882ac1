//! TLS 1.2 session resumption between our client and server, in memory (RFC 5246 §7.3,
//! §7.4.1.2; RFC 5077; RFC 7627 §5.3; RFC 6066 §3): a second connection resumes the first's
//! session (abbreviated handshake, no key exchange, the peer's certificates as in the first),
//! by ticket (the default) or by session id (a server without a ticketer), for every TLS 1.2
//! suite and with client certificates; a new ticket on each resumption, stateful tickets used
//! once; and a session is not resumed once anything it was made under changed: the server
//! name, the suites, the store, its age.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use common::{CERTIFICATE_TYPES, GROUPS, Pair, client_pki_under, configs, pki, read_all, transfer};
use tls::handshake::config::{
    ClientAuth, ClientConfigBuilder, ServerConfigBuilder, SingleClientCertificate,
    SupportedCipherSuite, SupportedVersion,
};
use tls::handshake::deps::Clock;
use tls::handshake::proof::PeerAuth;
use tls::handshake::session::TLS12_SESSION_LIFETIME_SECS;
use tls::handshake::session_store::{MemorySessionStore, SessionStore};
use tls::handshake::ticketer::{StatefulTicketer, Ticketer};
use tls::handshake::verifier::WebPkiClientVerifier;
use tls::pki::UnixTime;
use tls::{ClientConfig, Connection, ServerConfig, ServerName};
use tls_tests::KeyType;

const TLS12: &[SupportedVersion] = &[SupportedVersion::Tls12];

/// Config builders for a TLS 1.2 `suite` with a certificate of `key_type`.
fn builders(
    key_type: usize,
    suite: SupportedCipherSuite,
) -> (ClientConfigBuilder, ServerConfigBuilder) {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[key_type]);
    let (client, server) = configs(anchors, certified, suite, GROUPS[0]);
    (client.versions(TLS12), server.versions(TLS12))
}

/// A handshake between `client` and `server` for `name`, data one way; returns the pair.
fn connect(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>, name: &str) -> Pair {
    let mut pair = Pair {
        client: Connection::client(Arc::clone(client), ServerName::try_from(name).unwrap())
            .unwrap(),
        server: Connection::server(Arc::clone(server)),
    };
    pair.handshake(usize::MAX);
    assert_eq!(pair.client.write(b"after the handshake").unwrap(), 19);
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.server), b"after the handshake");
    pair
}

fn resumed(pair: &Pair) -> bool {
    let client = pair.client.negotiated().unwrap().resumed;
    assert_eq!(client, pair.server.negotiated().unwrap().resumed);
    client
}

#[test]
fn a_second_connection_resumes_the_first_session_for_every_suite() {
    for suite in SupportedCipherSuite::ALL
        .iter()
        .copied()
        .filter(|suite| suite.version() == SupportedVersion::Tls12)
    {
        // ECDSA P-256 for the ECDHE_ECDSA suites, RSA for the ECDHE_RSA ones.
        let key_type = match suite.tls12_authentication() {
            Some(tls::handshake::config::Tls12Authentication::Rsa) => 2,
            _ => 0,
        };
        let (client, server) = builders(key_type, suite);
        let (client, server) = (
            Arc::new(client.build().unwrap()),
            Arc::new(server.build().unwrap()),
        );
        let first = connect(&client, &server, common::SERVER_NAME);
        assert!(!resumed(&first), "{suite}");
        let second = connect(&client, &server, common::SERVER_NAME);
        assert!(resumed(&second), "{suite}");
        let negotiated = second.client.negotiated().unwrap();
        assert_eq!(negotiated.cipher_suite, suite.id());
        // No key exchange, no signature.
        assert_eq!(negotiated.group, None);
        assert_eq!(negotiated.signature_scheme, None);
        // The server's chain, as the first handshake presented it.
        assert_eq!(
            second.client.peer_certificates(),
            first.client.peer_certificates()
        );
        assert!(!second.client.peer_certificates().is_empty());
        assert!(matches!(
            second.client.peer_auth(),
            Some(PeerAuth::Resumed { certificate: true })
        ));
        // New randoms: new keys and new exported values.
        let export = |pair: &Pair| {
            let mut out = [0; 32];
            pair.client
                .export_keying_material(b"EXPERIMENTAL-resume", None, &mut out)
                .unwrap();
            out
        };
        assert_ne!(export(&first), export(&second));
        // A third connection resumes the same session again.
        assert!(resumed(&connect(&client, &server, common::SERVER_NAME)));
    }
}

/// RFC 5246 §7.4.1.2: a resumed session keeps the client's identity.
#[test]
fn a_client_certificate_survives_resumption() {
    let (client, server) = builders(0, SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256);
    let (chain, roots, key) = client_pki_under(KeyType::EcdsaP384, "Resumption Client Root");
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
    let first = connect(&client, &server, common::SERVER_NAME);
    assert!(matches!(
        first.server.peer_auth(),
        Some(PeerAuth::Certificate(..))
    ));
    let second = connect(&client, &server, common::SERVER_NAME);
    assert!(resumed(&second));
    assert_eq!(second.server.peer_certificates(), chain.chain_der());
    assert!(matches!(
        second.server.peer_auth(),
        Some(PeerAuth::Resumed { certificate: true })
    ));
}

/// A session made without a client certificate does not satisfy a server that now requires
/// one: a full handshake, which asks for it.
#[test]
fn a_session_without_a_client_certificate_is_not_resumed_where_one_is_now_required() {
    let store: Arc<dyn SessionStore> = Arc::new(MemorySessionStore::default());
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let suite = SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256;
    let (client, server) = configs(anchors, Arc::clone(&certified), suite, GROUPS[0]);
    let (_, roots, key) = client_pki_under(KeyType::EcdsaP256, "Later Client Root");
    let client = Arc::new(
        client
            .versions(TLS12)
            .client_certificate(Arc::new(SingleClientCertificate(key)))
            .build()
            .unwrap(),
    );
    let open = Arc::new(
        server
            .versions(TLS12)
            .session_store(Some(Arc::clone(&store)))
            .build()
            .unwrap(),
    );
    let first = connect(&client, &open, common::SERVER_NAME);
    assert!(first.server.peer_certificates().is_empty());
    let requiring = Arc::new(
        ServerConfig::builder(certified)
            .versions(TLS12)
            .session_store(Some(store))
            .client_auth(ClientAuth::Required(Arc::new(WebPkiClientVerifier::new(
                roots,
            ))))
            .build()
            .unwrap(),
    );
    let second = connect(&client, &requiring, common::SERVER_NAME);
    assert!(!resumed(&second));
    assert!(matches!(
        second.server.peer_auth(),
        Some(PeerAuth::Certificate(..))
    ));
}

/// RFC 6066 §3: a session made for one name is not resumed for another, even when a client
/// offers it.
#[test]
fn a_session_is_not_resumed_under_another_server_name() {
    let store = Arc::new(MemorySessionStore::default());
    let (client, server) = builders(0, SupportedCipherSuite::Tls12EcdheEcdsaAes256GcmSha384);
    let client = Arc::new(
        client
            .session_store(Some(Arc::clone(&store) as Arc<dyn SessionStore>))
            .dangerous_skip_server_name_check()
            .build()
            .unwrap(),
    );
    let server = Arc::new(server.build().unwrap());
    let first = connect(&client, &server, "one.example");
    assert!(!resumed(&first));
    // The client offers one.example's session to other.example.
    let session = store.get(b"one.example").unwrap();
    store.put(b"other.example", session);
    let second = connect(&client, &server, "other.example");
    assert!(!resumed(&second));
    assert_eq!(
        second.server.negotiated().unwrap().server_name.as_deref(),
        Some("other.example")
    );
}

#[test]
fn a_session_is_not_resumed_once_its_suite_is_no_longer_enabled() {
    let store: Arc<dyn SessionStore> = Arc::new(MemorySessionStore::default());
    let suites = [
        SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
        SupportedCipherSuite::Tls12EcdheEcdsaChaCha20Poly1305Sha256,
    ];
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, _) = configs(anchors, Arc::clone(&certified), suites[0], GROUPS[0]);
    let client = Arc::new(
        client
            .versions(TLS12)
            .cipher_suites(&suites)
            .build()
            .unwrap(),
    );
    let server_with = |suite| {
        Arc::new(
            ServerConfig::builder(Arc::clone(&certified))
                .versions(TLS12)
                .cipher_suites(&[suite])
                .session_store(Some(Arc::clone(&store)))
                .build()
                .unwrap(),
        )
    };
    connect(&client, &server_with(suites[0]), common::SERVER_NAME);
    let second = connect(&client, &server_with(suites[1]), common::SERVER_NAME);
    assert!(!resumed(&second));
    assert_eq!(
        second.client.negotiated().unwrap().cipher_suite,
        suites[1].id()
    );
}

#[test]
fn without_a_session_store_nothing_is_resumed() {
    for (client_store, server_store) in [(false, true), (true, false)] {
        let (client, server) = builders(0, SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256);
        let none =
            |on: bool| on.then(|| Arc::new(MemorySessionStore::default()) as Arc<dyn SessionStore>);
        let client = Arc::new(client.session_store(none(client_store)).build().unwrap());
        // No store, and no tickets either.
        let server = Arc::new(
            server
                .session_store(none(server_store))
                .ticketer(None)
                .build()
                .unwrap(),
        );
        connect(&client, &server, common::SERVER_NAME);
        assert!(!resumed(&connect(&client, &server, common::SERVER_NAME)));
    }
}

/// A clock the test moves.
#[derive(Debug, Default)]
struct TestClock(AtomicI64);

impl Clock for TestClock {
    fn now(&self) -> UnixTime {
        UnixTime::from_secs(self.0.load(Ordering::SeqCst))
    }
}

/// RFC 5246 F.1.4: sessions live 24 hours at most; on either side's clock.
#[test]
fn a_session_past_its_lifetime_is_not_resumed() {
    for (client_ages, server_ages) in [(true, false), (false, true)] {
        let start = UnixTime::now().as_secs();
        let client_clock = Arc::new(TestClock(AtomicI64::new(start)));
        let server_clock = Arc::new(TestClock(AtomicI64::new(start)));
        let (client, server) = builders(0, SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256);
        let client = Arc::new(client.clock(client_clock.clone()).build().unwrap());
        let server = Arc::new(server.clock(server_clock.clone()).build().unwrap());
        connect(&client, &server, common::SERVER_NAME);
        let age = |secs: i64| {
            for (ages, clock) in [(client_ages, &client_clock), (server_ages, &server_clock)] {
                if ages {
                    clock.0.store(start + secs, Ordering::SeqCst);
                }
            }
        };
        // On the last second of its lifetime, it resumes; a second later, no more.
        age(TLS12_SESSION_LIFETIME_SECS);
        assert!(resumed(&connect(&client, &server, common::SERVER_NAME)));
        age(TLS12_SESSION_LIFETIME_SECS + 1);
        let late = connect(&client, &server, common::SERVER_NAME);
        assert!(!resumed(&late), "client ages {client_ages}");
    }
}

/// A client of both versions offers its TLS 1.2 session id to a server of both versions,
/// which speaks TLS 1.3 and resumes nothing; a TLS 1.2-only server resumes it.
#[test]
fn a_tls12_session_offered_to_a_tls13_server_gives_a_tls13_handshake() {
    let store: Arc<dyn SessionStore> = Arc::new(MemorySessionStore::default());
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, _) = configs(
        anchors,
        Arc::clone(&certified),
        SupportedCipherSuite::Tls13Aes128GcmSha256,
        GROUPS[0],
    );
    let client = Arc::new(
        client
            .cipher_suites(SupportedCipherSuite::ALL)
            .versions(SupportedVersion::ALL)
            .build()
            .unwrap(),
    );
    let server = |versions: &[SupportedVersion]| {
        Arc::new(
            ServerConfig::builder(Arc::clone(&certified))
                .versions(versions)
                .session_store(Some(Arc::clone(&store)))
                .build()
                .unwrap(),
        )
    };
    let tls12_server = server(TLS12);
    connect(&client, &tls12_server, common::SERVER_NAME);
    let tls13 = connect(&client, &server(SupportedVersion::ALL), common::SERVER_NAME);
    assert_eq!(
        tls13.client.negotiated().unwrap().version,
        tls::wire::ids::ProtocolVersion::TLSV1_3
    );
    assert!(!resumed(&tls13));
    assert!(resumed(&connect(
        &client,
        &tls12_server,
        common::SERVER_NAME
    )));
}

/// RFC 5077: a server with a ticketer (the default) gives a client that asks for one a ticket
/// instead of a session id, keeps nothing, and renews the ticket on each resumption.
#[test]
fn a_ticket_resumes_the_session_and_is_renewed() {
    let client_store = Arc::new(MemorySessionStore::default());
    let server_store = Arc::new(MemorySessionStore::default());
    let (client, server) = builders(0, SupportedCipherSuite::Tls12EcdheEcdsaAes256GcmSha384);
    let client = Arc::new(
        client
            .session_store(Some(Arc::clone(&client_store) as Arc<dyn SessionStore>))
            .build()
            .unwrap(),
    );
    let server = Arc::new(
        server
            .session_store(Some(Arc::clone(&server_store) as Arc<dyn SessionStore>))
            .build()
            .unwrap(),
    );
    assert!(!resumed(&connect(&client, &server, common::SERVER_NAME)));
    // Stateless: the server keeps no session.
    assert!(server_store.is_empty());
    let first_ticket = client_store.get(common::SERVER_NAME.as_bytes()).unwrap();
    assert!(resumed(&connect(&client, &server, common::SERVER_NAME)));
    let renewed = client_store.get(common::SERVER_NAME.as_bytes()).unwrap();
    assert_ne!(first_ticket.as_slice(), renewed.as_slice());
    assert!(resumed(&connect(&client, &server, common::SERVER_NAME)));
    assert!(server_store.is_empty());
}

/// Without a ticketer, the server gives a session id and keeps the session.
#[test]
fn a_server_without_a_ticketer_resumes_by_session_id() {
    let server_store = Arc::new(MemorySessionStore::default());
    let (client, server) = builders(0, SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256);
    let client = Arc::new(client.build().unwrap());
    let server = Arc::new(
        server
            .ticketer(None)
            .session_store(Some(Arc::clone(&server_store) as Arc<dyn SessionStore>))
            .build()
            .unwrap(),
    );
    connect(&client, &server, common::SERVER_NAME);
    assert_eq!(server_store.len(), 1);
    assert!(resumed(&connect(&client, &server, common::SERVER_NAME)));
}

/// A stateful ticket opens once: a client that offers it again gets a full handshake.
#[test]
fn a_stateful_tls12_ticket_opens_once() {
    let client_store = Arc::new(MemorySessionStore::default());
    let (client, server) = builders(0, SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256);
    let client = Arc::new(
        client
            .session_store(Some(Arc::clone(&client_store) as Arc<dyn SessionStore>))
            .build()
            .unwrap(),
    );
    let ticketer: Arc<dyn Ticketer> = Arc::new(StatefulTicketer::new(Arc::new(
        MemorySessionStore::default(),
    )));
    let server = Arc::new(server.ticketer(Some(ticketer)).build().unwrap());
    connect(&client, &server, common::SERVER_NAME);
    let used = client_store.get(common::SERVER_NAME.as_bytes()).unwrap();
    assert!(resumed(&connect(&client, &server, common::SERVER_NAME)));
    client_store.put(common::SERVER_NAME.as_bytes(), used);
    assert!(!resumed(&connect(&client, &server, common::SERVER_NAME)));
}
