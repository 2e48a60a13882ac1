//! 0-RTT between our client and server in memory (RFC 8446 §2.3, §4.2.10, §8): early data
//! accepted, read apart and exported from; and rejected (server without it, other ALPN,
//! replayed ticket, stale age, HelloRetryRequest), skipped by the server and learned by the
//! client; too much of it, and a tampered early record.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use common::{CERTIFICATE_TYPES, GROUPS, Pair, SUITES, configs, pki, read_all, transfer};
use tls::handshake::config::{ClientConfigBuilder, ServerConfigBuilder, SupportedGroup};
use tls::handshake::deps::Clock;
use tls::handshake::ticketer::{RotatingTicketer, Ticketer};
use tls::pki::UnixTime;
use tls::wire::ids::AlertDescription;
use tls::{ClientConfig, Connection, Error, ServerConfig, ServerName};

const MAX: u32 = 16 * 1024;
const REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: pair.example\r\n\r\n";

#[derive(Debug)]
struct TestClock(AtomicI64);

impl Clock for TestClock {
    fn now(&self) -> UnixTime {
        UnixTime::from_secs(self.0.load(Ordering::SeqCst))
    }
}

/// Builders that share one ticketer (a fleet's), the client sending early data and the
/// server accepting up to `MAX`.
struct Setup {
    client: ClientConfigBuilder,
    server: ServerConfigBuilder,
}

fn setup() -> Setup {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let ticketer: Arc<dyn Ticketer> = Arc::new(RotatingTicketer::new().unwrap());
    Setup {
        client: client.early_data(true),
        server: server.ticketer(Some(ticketer)).max_early_data_size(MAX),
    }
}

fn client_connection(client: &Arc<ClientConfig>) -> Connection {
    Connection::client(
        Arc::clone(client),
        ServerName::try_from(common::SERVER_NAME).unwrap(),
    )
    .unwrap()
}

/// A full handshake that leaves the client with the server's tickets.
fn first_connection(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>) {
    let mut pair = Pair {
        client: client_connection(client),
        server: Connection::server(Arc::clone(server)),
    };
    pair.handshake(usize::MAX);
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    assert!(!pair.client.session_tickets().is_empty());
    assert_eq!(pair.server.early_data_accepted(), None);
}

/// A resuming connection whose client wrote `REQUEST` as early data; runs the handshake.
fn with_early_data(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>) -> Pair {
    let mut client = client_connection(client);
    assert!(
        client.early_data_allowed() > 0,
        "the ticket allows early data"
    );
    assert_eq!(client.write_early_data(REQUEST).unwrap(), REQUEST.len());
    let mut pair = Pair {
        client,
        server: Connection::server(Arc::clone(server)),
    };
    pair.handshake(usize::MAX);
    assert!(pair.client.negotiated().unwrap().resumed);
    // 1-RTT data flows either way.
    pair.client.write(b"after").unwrap();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.server), b"after");
    pair
}

fn early_data_read(server: &mut Connection) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0; 100];
    loop {
        match server.read_early_data(&mut buf) {
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(Error::WouldBlock) => return out,
            Err(error) => panic!("{error}"),
        }
    }
}

#[test]
fn early_data_is_accepted_read_apart_and_exported_from() {
    let Setup { client, server } = setup();
    let (client, server) = (
        Arc::new(client.build().unwrap()),
        Arc::new(server.build().unwrap()),
    );
    first_connection(&client, &server);
    let mut pair = with_early_data(&client, &server);
    assert_eq!(pair.client.early_data_accepted(), Some(true));
    assert_eq!(pair.server.early_data_accepted(), Some(true));
    assert_eq!(early_data_read(&mut pair.server), REQUEST);
    // The early data is not in the 1-RTT stream.
    assert!(read_all(&mut pair.server).is_empty());
    let export = |conn: &Connection| {
        let mut out = [0; 32];
        conn.export_early_keying_material(b"EXPERIMENTAL-early", b"ctx", &mut out)
            .unwrap();
        out
    };
    assert_eq!(export(&pair.client), export(&pair.server));
    let mut late = [0; 32];
    pair.client
        .export_keying_material(b"EXPERIMENTAL-early", Some(b"ctx"), &mut late)
        .unwrap();
    assert_ne!(late, export(&pair.client));
    // Once the handshake is over, no more early data.
    assert_eq!(
        pair.client.write_early_data(b"late").unwrap_err(),
        Error::EarlyDataUnavailable
    );
}

#[test]
fn without_a_ticket_or_the_config_no_early_data_is_allowed() {
    let Setup { client, server } = setup();
    let (client, server) = (
        Arc::new(client.build().unwrap()),
        Arc::new(server.build().unwrap()),
    );
    // No ticket yet.
    let mut fresh = client_connection(&client);
    assert_eq!(fresh.early_data_allowed(), 0);
    assert_eq!(
        fresh.write_early_data(b"x").unwrap_err(),
        Error::EarlyDataUnavailable
    );
    first_connection(&client, &server);
    // A ticket, but a config that does not send early data.
    let Setup {
        client: quiet,
        server: _,
    } = setup();
    let quiet = Arc::new(quiet.early_data(false).build().unwrap());
    assert_eq!(client_connection(&quiet).early_data_allowed(), 0);
}

/// Each way the server rejects: the client learns it, the server skips the early data and
/// completes the handshake, and reads none of it (`with_early_data` read exactly the 1-RTT
/// "after" from it, so none leaked into the application data either).
fn rejected(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>) {
    let mut pair = with_early_data(client, server);
    assert_eq!(pair.client.early_data_accepted(), Some(false));
    assert_eq!(pair.server.early_data_accepted(), None);
    assert!(early_data_read(&mut pair.server).is_empty());
}

#[test]
fn a_server_that_does_not_take_early_data_skips_it() {
    let Setup { client, server } = setup();
    let client = Arc::new(client.build().unwrap());
    let first = server.build().unwrap();
    let ticketer = first.ticketer().cloned();
    first_connection(&client, &Arc::new(first));
    // The same fleet's tickets, early data now off.
    let (_, certified) = pki(&CERTIFICATE_TYPES[0]);
    let off = ServerConfig::builder(certified)
        .alpn_protocols(&["http/1.1"])
        .ticketer(ticketer)
        .build()
        .unwrap();
    rejected(&client, &Arc::new(off));
}

#[test]
fn another_alpn_rejects_early_data() {
    let Setup { client, server } = setup();
    let client = Arc::new(client.build().unwrap());
    let first = server.build().unwrap();
    let ticketer = first.ticketer().cloned();
    first_connection(&client, &Arc::new(first));
    let (_, certified) = pki(&CERTIFICATE_TYPES[0]);
    let h2 = ServerConfig::builder(certified)
        .alpn_protocols(&["h2"])
        .ticketer(ticketer)
        .max_early_data_size(MAX)
        .build()
        .unwrap();
    rejected(&client, &Arc::new(h2));
}

#[test]
fn a_stale_ticket_age_rejects_early_data() {
    let Setup { client, server } = setup();
    let client = Arc::new(client.build().unwrap());
    let clock = Arc::new(TestClock(AtomicI64::new(UnixTime::now().as_secs())));
    let server = Arc::new(
        server
            .clock(Arc::clone(&clock) as Arc<dyn Clock>)
            .build()
            .unwrap(),
    );
    first_connection(&client, &server);
    // 30 s pass on the server's clock only: the client's view of the age is 20 s off.
    clock.0.fetch_add(30, Ordering::SeqCst);
    rejected(&client, &server);
}

#[test]
fn a_hello_retry_request_rejects_early_data_and_the_records_are_skipped() {
    let Setup { client, server } = setup();
    let client = Arc::new(
        client
            .groups(&[SupportedGroup::X25519, SupportedGroup::Secp256r1])
            .build()
            .unwrap(),
    );
    let first = server.build().unwrap();
    let ticketer = first.ticketer().cloned();
    first_connection(&client, &Arc::new(first));
    // A server of the fleet that only takes P-256: the client's X25519 share gets a retry.
    let (_, certified) = pki(&CERTIFICATE_TYPES[0]);
    let p256 = ServerConfig::builder(certified)
        .alpn_protocols(&["http/1.1"])
        .groups(&[SupportedGroup::Secp256r1])
        .ticketer(ticketer)
        .max_early_data_size(MAX)
        .build()
        .unwrap();
    rejected(&client, &Arc::new(p256));
}

#[test]
fn a_replayed_client_hello_gets_no_early_data_in() {
    let Setup { client, server } = setup();
    let (client, server) = (
        Arc::new(client.build().unwrap()),
        Arc::new(server.build().unwrap()),
    );
    first_connection(&client, &server);
    let mut client = client_connection(&client);
    client.write_early_data(REQUEST).unwrap();
    // An attacker records the first flight (ClientHello, early data) and replays it.
    let flight = client.pending_output().to_vec();
    let mut original = Connection::server(Arc::clone(&server));
    original.receive(&flight).unwrap();
    assert_eq!(original.early_data_accepted(), Some(true));
    assert_eq!(early_data_read(&mut original), REQUEST);
    let mut replay = Connection::server(Arc::clone(&server));
    assert_eq!(replay.receive(&flight).unwrap(), flight.len());
    assert_eq!(replay.early_data_accepted(), None);
    assert!(early_data_read(&mut replay).is_empty());
    assert!(replay.error().is_none());
}

#[test]
fn more_early_data_than_the_server_takes_is_unexpected_message() {
    let Setup { client, server } = setup();
    let client = Arc::new(client.build().unwrap());
    let first = server.build().unwrap();
    let ticketer = first.ticketer().cloned();
    first_connection(&client, &Arc::new(first));
    // The ticket allows 16 KiB; this server of the fleet takes 16 bytes.
    let (_, certified) = pki(&CERTIFICATE_TYPES[0]);
    let small = ServerConfig::builder(certified)
        .alpn_protocols(&["http/1.1"])
        .ticketer(ticketer)
        .max_early_data_size(16)
        .build()
        .unwrap();
    let mut client = client_connection(&client);
    client.write_early_data(REQUEST).unwrap();
    let mut server = Connection::server(Arc::new(small));
    let error = server.receive(client.pending_output()).unwrap_err();
    assert_eq!(error, Error::TooMuchEarlyData);
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}

#[test]
fn a_tampered_accepted_early_record_is_bad_record_mac() {
    let Setup { client, server } = setup();
    let (client, server) = (
        Arc::new(client.build().unwrap()),
        Arc::new(server.build().unwrap()),
    );
    first_connection(&client, &server);
    let mut client = client_connection(&client);
    client.write_early_data(REQUEST).unwrap();
    let mut flight = client.pending_output().to_vec();
    *flight.last_mut().unwrap() ^= 1;
    let mut server = Connection::server(server);
    let error = server.receive(&flight).unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::BAD_RECORD_MAC));
}

/// A server reading accepted early data, or skipping rejected early data, fed arbitrary
/// records after the client's first flight: never a panic, and an error, once reported,
/// sticks.
mod hostile_early_data {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::*;

    /// (client config with a ticket, server accepting early data, server skipping it).
    fn fixtures() -> &'static (Arc<ClientConfig>, Arc<ServerConfig>, Arc<ServerConfig>) {
        static FIXTURES: OnceLock<(Arc<ClientConfig>, Arc<ServerConfig>, Arc<ServerConfig>)> =
            OnceLock::new();
        FIXTURES.get_or_init(|| {
            let Setup { client, server } = setup();
            let client = Arc::new(client.build().unwrap());
            let accepting = server.build().unwrap();
            let ticketer = accepting.ticketer().cloned();
            let accepting = Arc::new(accepting);
            first_connection(&client, &accepting);
            let (_, certified) = pki(&CERTIFICATE_TYPES[0]);
            let skipping = ServerConfig::builder(certified)
                .alpn_protocols(&["http/1.1"])
                .ticketer(ticketer)
                .build()
                .unwrap();
            (client, accepting, Arc::new(skipping))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn arbitrary_records_after_early_data_never_panic(
            accept in any::<bool>(),
            records in prop::collection::vec(
                (prop::sample::select(vec![20u8, 21, 22, 23, 24]), prop::collection::vec(any::<u8>(), 0..300)),
                1..6,
            ),
        ) {
            let (client, accepting, skipping) = fixtures();
            // The store hands out each ticket once: a handshake first leaves fresh ones.
            let mut refill = Pair {
                client: client_connection(client),
                server: Connection::server(Arc::clone(accepting)),
            };
            refill.handshake(usize::MAX);
            transfer(&mut refill.server, &mut refill.client, usize::MAX).unwrap();
            let mut client = client_connection(client);
            prop_assert_eq!(client.write_early_data(b"early").unwrap(), 5);
            let server_config = if accept { accepting } else { skipping };
            let mut server = Connection::server(Arc::clone(server_config));
            let first = server.receive(client.pending_output());
            prop_assert!(first.is_ok());
            let mut error = None;
            for (typ, body) in records {
                let mut record = vec![typ, 3, 3];
                record.extend_from_slice(&u16::try_from(body.len()).unwrap().to_be_bytes());
                record.extend_from_slice(&body);
                match server.receive(&record) {
                    Ok(_) => prop_assert!(error.is_none()),
                    Err(e) => {
                        if let Some(first) = &error {
                            prop_assert_eq!(first, &e);
                        }
                        error = Some(e);
                    }
                }
            }
        }
    }
}
