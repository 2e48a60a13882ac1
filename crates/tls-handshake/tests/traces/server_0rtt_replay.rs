//! RFC 8448 §4, "resumed-0rtt", replayed through our server byte for byte: fed the trace's
//! ClientHello (a ticket from `simple-1rtt`'s NewSessionTicket, with early_data), with the
//! trace's server random and key-share scalar injected, it resumes the ticket, accepts the
//! 0-RTT data, and completes on the trace's EndOfEarlyData and client Finished.
//!
//! The ticket is the recorded server's opaque bytes, which only it can open: a fixture
//! ticketer (`recorded_ticket`) opens exactly that ticket to the state the trace says it
//! holds.
//!
//! What replays:
//! - byte for byte, the server's flight: the ServerHello (`pre_shared_key` first, as the trace
//!   lists it), the EncryptedExtensions (with the recorded server's `supported_groups` leading,
//!   through the wire profile) and the Finished;
//! - value for value, every secret the server installs (client early, server and client
//!   handshake, server and client application traffic) and early_exporter_master_secret;
//! - the client's protected records: its early application data and EndOfEarlyData open under
//!   the early key the server installed, its Finished under the handshake key the
//!   EndOfEarlyData installed, each to the trace's plaintext.

use tls_keyschedule::record::Tls13RecordOpener;
use tls_keyschedule::suite::AeadAlgorithm;
use tls_wire::ids::ContentType;
use tls_wire::record::RecordHeader;

use tls_handshake::action::Level;
use tls_handshake::config::ServerConfig;
use tls_handshake::server::ServerHandshake;

use super::recorded_ticket::{TICKET_ISSUED, simple_1rtt_ticket};
use super::server_replay::{illustrated_certified_key, rfc8448_label};
use super::*;

/// The AEAD of RFC 8448's suite, TLS_AES_128_GCM_SHA256.
const AEAD: AeadAlgorithm = AeadAlgorithm::Aes128Gcm;

/// The recorded server's `supported_groups`, from its EncryptedExtensions: it lists groups we
/// do not implement (FFDHE), before the extensions our server decides.
fn recorded_supported_groups(encrypted_extensions: &[u8]) -> Extension<'static> {
    let HandshakePayload::EncryptedExtensions(decoded) =
        HandshakeMessage::decode(encrypted_extensions, NegotiatedVersion::Tls13)
            .unwrap()
            .into_payload()
    else {
        panic!("not EncryptedExtensions")
    };
    let groups = decoded.extensions.supported_groups().unwrap().unwrap();
    Extension::SupportedGroups(groups)
}

/// The server's first flight: every action it took on the ClientHello, in order.
struct FirstFlight {
    server: ServerHandshake,
    record_size_limits: (usize, usize),
    server_hello: Vec<u8>,
    server_handshake_traffic_secret: TrafficSecret,
    client_early_traffic_secret: TrafficSecret,
    accepted_early_data: usize,
    early_exporter_master_secret: Vec<u8>,
    encrypted_extensions: Vec<u8>,
    server_finished: Vec<u8>,
    server_application_traffic_secret_0: TrafficSecret,
}

/// The trace's scenario and its item `name` at `step`.
fn trace_item(step: u64, name: &str) -> Vec<u8> {
    rfc8448_item(&rfc8448_scenario("resumed-0rtt"), step, name)
}

/// The trace's whole ClientHello: the `send handshake record` payload (the `ClientHello`
/// item stops before the binders, which it is the input of).
fn client_hello() -> Vec<u8> {
    trace_item(4, "payload")
}

/// Starts our server with the trace's randomness, time and ticket, and feeds it the trace's
/// ClientHello.
fn first_flight() -> FirstFlight {
    let recorded_server_hello = trace_item(14, "ServerHello");
    let server_random = recorded_server_hello[6..38].to_vec();
    let rng = SequenceRng::new(
        vec![server_random],
        vec![leak(trace_item(11, "private key"))],
    );
    let (ticketer, max_early_data_size) = simple_1rtt_ticket();

    // A resumption presents no certificate: the key only makes the config whole.
    let illustrated = testdata("illustrated-tls13.json");
    let config = ServerConfig::builder(illustrated_certified_key(&illustrated))
        .rng(Arc::new(rng))
        .clock(Arc::new(FixedClock(TICKET_ISSUED)))
        .ticketer(Some(Arc::new(ticketer)))
        .session_tickets(0)
        // The recorded server's, which its ticket carries too.
        .max_early_data_size(max_early_data_size)
        .wire_profile(
            WireProfile::default().with_leading_encrypted_extensions(vec![
                recorded_supported_groups(&trace_item(23, "EncryptedExtensions")),
            ]),
        );
    let server = ServerHandshake::new(Arc::new(config.build().unwrap()));

    let client_hello = client_hello();
    let message = HandshakeMessage::decode(&client_hello, NegotiatedVersion::NotYet).unwrap();
    let mut out = Actions::new();
    let server = server.handle(Input::Message(message), &mut out).unwrap();
    let actions: Vec<Action> = out.drain().collect();
    // Resumed: no certificate to select, no signature; the client sent no session id, so
    // no compatibility-mode change_cipher_spec.
    let [
        Action::LimitRecordSize { send, receive },
        Action::Send {
            level: Level::Initial,
            message: server_hello,
        },
        Action::InstallWriteKey {
            level: Level::Handshake,
            keys:
                RecordKeys::Tls13 {
                    secret: server_handshake_traffic_secret,
                    ..
                },
        },
        Action::InstallReadKey {
            level: Level::Early,
            keys:
                RecordKeys::Tls13 {
                    secret: client_early_traffic_secret,
                    ..
                },
        },
        Action::AcceptEarlyData { max },
        Action::Event(Event::EarlyExporter(early_exporter_master_secret)),
        Action::Event(Event::EarlyDataAccepted),
        Action::Send {
            level: Level::Handshake,
            message: encrypted_extensions,
        },
        Action::Send {
            level: Level::Handshake,
            message: server_finished,
        },
        Action::InstallWriteKey {
            level: Level::Application,
            keys:
                RecordKeys::Tls13 {
                    secret: server_application_traffic_secret_0,
                    ..
                },
        },
    ] = actions.as_slice()
    else {
        panic!(
            "not a resumption accepting 0-RTT: {:#?}",
            describe(&actions)
        )
    };
    assert_eq!(server.expects(), "EndOfEarlyData");
    FirstFlight {
        record_size_limits: (*send, *receive),
        server_hello: server_hello.clone(),
        server_handshake_traffic_secret: server_handshake_traffic_secret.clone(),
        client_early_traffic_secret: client_early_traffic_secret.clone(),
        accepted_early_data: *max,
        early_exporter_master_secret: early_exporter_master_secret.secret().as_bytes().to_vec(),
        encrypted_extensions: encrypted_extensions.clone(),
        server_finished: server_finished.clone(),
        server_application_traffic_secret_0: server_application_traffic_secret_0.clone(),
        server,
    }
}

/// The hex of `secret`'s bytes.
fn secret_hex(secret: &TrafficSecret) -> String {
    hex::encode(secret.secret().as_bytes())
}

#[test]
fn resumed_0rtt_server_flight_replays_byte_for_byte() {
    let flight = first_flight();
    let scenario = rfc8448_scenario("resumed-0rtt");
    let item = |step, name| rfc8448_item(&scenario, step, name);

    // The ServerHello: random, suite, selected_identity 0, the server share of the trace's
    // scalar, the version. The EncryptedExtensions: supported_groups (the profile's),
    // record_size_limit (2^14 + 1, our default), server_name acknowledged, early_data
    // accepted. The Finished: over the trace's transcript, under the trace's handshake key.
    for (sent, step, name) in [
        (&flight.server_hello, 14, "ServerHello"),
        (&flight.encrypted_extensions, 23, "EncryptedExtensions"),
        (&flight.server_finished, 25, "Finished"),
    ] {
        assert_eq!(
            hex::encode(sent),
            hex::encode(item(step, name)),
            "{}",
            rfc8448_label(&scenario, step)
        );
    }
    assert_eq!(flight.record_size_limits, (16384, 16385));

    let HandshakePayload::ServerHello(server_hello) =
        HandshakeMessage::decode(&flight.server_hello, NegotiatedVersion::NotYet)
            .unwrap()
            .into_payload()
    else {
        panic!("not a ServerHello")
    };
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10
    //# In order to accept early data, the server MUST have accepted a PSK
    //# cipher suite and selected the first key offered in the client's
    //# "pre_shared_key" extension.
    assert_eq!(
        server_hello.extensions.unwrap().selected_identity(),
        Ok(Some(0))
    );

    for (secret, step) in [
        (&flight.server_handshake_traffic_secret, 18),
        (&flight.server_application_traffic_secret_0, 28),
    ] {
        assert_eq!(
            secret_hex(secret),
            hex::encode(item(step, "expanded")),
            "{}",
            rfc8448_label(&scenario, step)
        );
    }
}

/// Opens the protected `record` with `opener`: its content type and content.
fn open(opener: &mut Tls13RecordOpener, record: &[u8]) -> (ContentType, Vec<u8>) {
    let mut record = record.to_vec();
    let (header, fragment) = record.split_at_mut(RecordHeader::LEN);
    let header = RecordHeader::new(
        ContentType::from(header[0]),
        ProtocolVersion::from(u16::from_be_bytes([header[1], header[2]])),
        u16::from_be_bytes([header[3], header[4]]),
    );
    let (typ, content) = opener.open_in_place(header, fragment).unwrap();
    (typ, content.to_vec())
}

#[test]
fn resumed_0rtt_server_reads_the_early_data_under_the_trace_early_key() {
    let flight = first_flight();
    let scenario = rfc8448_scenario("resumed-0rtt");
    let item = |step, name| rfc8448_item(&scenario, step, name);

    assert_eq!(
        secret_hex(&flight.client_early_traffic_secret),
        hex::encode(item(5, "expanded")),
        "{}",
        rfc8448_label(&scenario, 5)
    );
    assert_eq!(
        hex::encode(&flight.early_exporter_master_secret),
        hex::encode(item(6, "expanded")),
        "{}",
        rfc8448_label(&scenario, 6)
    );
    let keys = flight.client_early_traffic_secret.derive_traffic_keys(AEAD);
    assert_eq!(
        hex::encode(keys.key.as_bytes()),
        hex::encode(item(7, "key expanded")),
        "{} (key)",
        rfc8448_label(&scenario, 7)
    );
    assert_eq!(
        hex::encode(keys.iv.as_bytes()),
        hex::encode(item(7, "iv expanded")),
        "{} (iv)",
        rfc8448_label(&scenario, 7)
    );
    // The ticket's max_early_data_size, which is also ours.
    assert_eq!(flight.accepted_early_data, 1024);

    // The client's early records, in order under the one key: its application data, then
    // its EndOfEarlyData.
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.5
    //# This message is
    //# encrypted under keys derived from the
    //# client_early_traffic_secret.
    let mut opener = Tls13RecordOpener::from_traffic_keys(AEAD, &keys).unwrap();
    assert_eq!(
        open(&mut opener, &item(8, "complete record")),
        (ContentType::APPLICATION_DATA, item(8, "payload")),
        "{}",
        rfc8448_label(&scenario, 8)
    );
    assert_eq!(
        open(&mut opener, &item(44, "complete record")),
        (ContentType::HANDSHAKE, item(43, "EndOfEarlyData")),
        "{}",
        rfc8448_label(&scenario, 44)
    );
}

#[test]
fn resumed_0rtt_server_completes_on_the_trace_end_of_early_data_and_client_finished() {
    let scenario = rfc8448_scenario("resumed-0rtt");
    let item = |step, name| rfc8448_item(&scenario, step, name);
    let flight = first_flight();

    // The client's records after its EndOfEarlyData are under its handshake key, which the
    // server installs for reading only now.
    let end_of_early_data = item(43, "EndOfEarlyData");
    let decoded = HandshakeMessage::decode(&end_of_early_data, NegotiatedVersion::Tls13).unwrap();
    let mut out = Actions::new();
    let server = flight
        .server
        .handle(Input::Message(decoded), &mut out)
        .unwrap();
    let actions: Vec<Action> = out.drain().collect();
    let [
        Action::InstallReadKey {
            level: Level::Handshake,
            keys:
                RecordKeys::Tls13 {
                    secret: client_handshake_traffic_secret,
                    ..
                },
        },
    ] = actions.as_slice()
    else {
        panic!("EndOfEarlyData: {:#?}", describe(&actions))
    };
    assert_eq!(server.expects(), "Finished");
    assert_eq!(
        secret_hex(client_handshake_traffic_secret),
        hex::encode(item(17, "expanded")),
        "{}",
        rfc8448_label(&scenario, 17)
    );
    let keys = client_handshake_traffic_secret.derive_traffic_keys(AEAD);
    let mut opener = Tls13RecordOpener::from_traffic_keys(AEAD, &keys).unwrap();
    assert_eq!(
        open(&mut opener, &item(49, "complete record")),
        (ContentType::HANDSHAKE, item(48, "Finished")),
        "{}",
        rfc8448_label(&scenario, 49)
    );

    // The trace's own client Finished verifies, over the trace's transcript (EndOfEarlyData
    // included).
    let client_finished = item(48, "Finished");
    let decoded = HandshakeMessage::decode(&client_finished, NegotiatedVersion::Tls13).unwrap();
    let server = server.handle(Input::Message(decoded), &mut out).unwrap();
    let actions: Vec<Action> = out.drain().collect();
    let [
        Action::InstallReadKey {
            level: Level::Application,
            keys:
                RecordKeys::Tls13 {
                    secret: client_application_traffic_secret_0,
                    ..
                },
        },
        Action::Event(Event::HandshakeComplete(negotiated)),
    ] = actions.as_slice()
    else {
        panic!("client Finished: {:#?}", describe(&actions))
    };
    assert_eq!(
        secret_hex(client_application_traffic_secret_0),
        hex::encode(item(27, "expanded")),
        "{}",
        rfc8448_label(&scenario, 27)
    );
    assert_eq!(negotiated.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
    assert!(negotiated.resumed);
    assert!(server.is_complete());
}
