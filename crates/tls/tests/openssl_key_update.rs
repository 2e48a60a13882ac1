//! `testdata/openssl-key-update.json` replayed through `Connection`: a TLS 1.3 connection
//! between OpenSSL 3.0's client and `s_server`, recorded with a KeyUpdate each way (the client
//! asked with update_requested; the server answered).
//!
//! The handshake cannot be replayed (the ephemeral keys are not in the record), so each of our
//! connections runs its own handshake with our peer, its application traffic secrets set to
//! the key log's through the test-profile seam; the recorded application records then go in as
//! OpenSSL sent them. Our server must read the client's data across its KeyUpdate and answer
//! the request with one KeyUpdate of its own before its next data, which opens under the key
//! log's next server secret; our client must read the server's tickets, its KeyUpdate and the
//! data after it.

mod common;

use common::{CERTIFICATE_TYPES, GROUPS, Pair, configs, pki, read_all, transfer};
use serde_json::Value;
use tls::handshake::config::SupportedCipherSuite;
use tls::handshake::profile::WireProfile;
use tls::keyschedule::tls13::TrafficSecret;
use tls::keyschedule::{AeadAlgorithm, HashAlgorithm, Secret, Tls13RecordOpener};
use tls::wire::codec::Codec;
use tls::wire::ids::ContentType;
use tls::wire::record::RecordHeader;

fn trace() -> Value {
    let trace = tls_tests::json("openssl-key-update.json");
    assert_eq!(trace["cipher_suite"], "TLS_AES_128_GCM_SHA256");
    trace
}

/// The secret of the key log line `label`.
fn keylog(trace: &Value, label: &str) -> Vec<u8> {
    trace["keylog"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .find_map(|line| {
            let mut fields = line.split(' ');
            (fields.next() == Some(label)).then(|| hex::decode(fields.nth(1).unwrap()).unwrap())
        })
        .unwrap_or_else(|| panic!("no {label} in the key log"))
}

/// The recorded records of `direction` after its first protected one (the Finished, under the
/// handshake keys): the application epoch.
fn application_records(trace: &Value, direction: &str) -> Vec<Vec<u8>> {
    let protected: Vec<Vec<u8>> = trace["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|record| record["dir"] == direction)
        .map(|record| hex::decode(record["hex"].as_str().unwrap()).unwrap())
        .filter(|record| record[0] == ContentType::APPLICATION_DATA.get())
        .collect();
    // The server's handshake flight is four protected records; the client's is its Finished.
    let handshake = if direction == "s2c" { 4 } else { 1 };
    protected[handshake..].to_vec()
}

/// A connected pair of ours, both sides using the key log's application secrets.
fn pair_with_recorded_secrets(trace: &Value) -> Pair {
    let profile = WireProfile::default().with_application_traffic_secrets(
        keylog(trace, "CLIENT_TRAFFIC_SECRET_0"),
        keylog(trace, "SERVER_TRAFFIC_SECRET_0"),
    );
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(
        anchors,
        certified,
        SupportedCipherSuite::Tls13Aes128GcmSha256,
        GROUPS[0],
    );
    let mut pair = Pair::new((
        client.wire_profile(profile.clone()),
        server.wire_profile(profile),
    ));
    pair.handshake(usize::MAX);
    pair
}

#[test]
fn our_server_reads_openssl_clients_records_across_its_key_update_and_answers_it() {
    let trace = trace();
    let mut pair = pair_with_recorded_secrets(&trace);
    let records = application_records(&trace, "c2s");
    // Data, the KeyUpdate (update_requested), data, close_notify.
    for record in &records[..3] {
        assert_eq!(pair.server.receive(record).unwrap(), record.len());
    }
    let sent: String = trace["sent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    assert_eq!(read_all(&mut pair.server), sent.as_bytes());
    assert_eq!(pair.server.key_updates_received(), 1);

    // Our answer: one KeyUpdate under the recorded server secret, then our data under the
    // next one, which OpenSSL logged.
    assert_eq!(pair.server.write(b"pong").unwrap(), 4);
    assert_eq!(pair.server.key_updates_sent(), 1);
    let output = pair.server.pending_output().to_vec();
    let (first, second) =
        output.split_at(5 + usize::from(u16::from_be_bytes([output[3], output[4]])));
    let mut opener = tls13_opener_from_secret(&keylog(&trace, "SERVER_TRAFFIC_SECRET_0"));
    let (typ, content) = open(&mut opener, first);
    assert_eq!(
        (typ, content),
        (ContentType::HANDSHAKE, vec![24, 0, 0, 1, 0]),
        "a KeyUpdate with update_not_requested"
    );
    let mut next = tls13_opener_from_secret(&keylog(&trace, "SERVER_TRAFFIC_SECRET_N"));
    assert_eq!(
        open(&mut next, second),
        (ContentType::APPLICATION_DATA, b"pong".to_vec())
    );
    // And our client, stepping the same way, reads it.
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.client), b"pong");
    // OpenSSL's close_notify, under its next key, ends the client's side.
    pair.server.receive(&records[3]).unwrap();
    assert!(pair.server.peer_closed());
}

#[test]
fn our_client_reads_openssl_servers_tickets_key_update_and_data() {
    let trace = trace();
    let mut pair = pair_with_recorded_secrets(&trace);
    // Two NewSessionTickets, the KeyUpdate answering the client's request, data, close_notify.
    for record in application_records(&trace, "s2c") {
        assert_eq!(pair.client.receive(&record).unwrap(), record.len());
    }
    assert_eq!(pair.client.session_tickets().len(), 2);
    assert_eq!(pair.client.key_updates_received(), 1);
    assert_eq!(
        read_all(&mut pair.client),
        trace["received"].as_str().unwrap().as_bytes()
    );
    assert!(pair.client.peer_closed());
}

/// An opener for the first record under the application traffic secret `secret`.
fn tls13_opener_from_secret(secret: &[u8]) -> Tls13RecordOpener {
    let keys = TrafficSecret::new(HashAlgorithm::Sha256, Secret::new(secret))
        .derive_traffic_keys(AeadAlgorithm::Aes128Gcm);
    Tls13RecordOpener::from_traffic_keys(AeadAlgorithm::Aes128Gcm, &keys).unwrap()
}

/// Opens one TLS 1.3 record with `opener`.
fn open(opener: &mut Tls13RecordOpener, record: &[u8]) -> (ContentType, Vec<u8>) {
    let header = RecordHeader::decode_exact(&record[..5]).unwrap();
    let mut fragment = record[5..].to_vec();
    let (typ, content) = opener.open_in_place(header, &mut fragment).unwrap();
    (typ, content.to_vec())
}
