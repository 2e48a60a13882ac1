//! The OpenSSL captures (`testdata/openssl-captures.json`): from each connection's key log,
//! our keys and IVs equal the ones the capture's `derived_keys` were checked with, and both
//! Finished messages of every connection equal ours over our transcript of its handshake
//! messages.
//!
//! TLS 1.3: traffic secrets from the key log → traffic keys and IVs; the handshake traffic
//! secrets → finished_key → verify_data over our transcript.
//! TLS 1.2: the key log's master secret and the hellos' randoms → key block, write keys and
//! IVs; the master secret → both verify_data over our transcript (the client's Finished
//! decrypted, `plaintext_hex`, is part of the server's). The extended master secret itself
//! cannot be checked here: OpenSSL does not log the premaster secret behind it.

#![forbid(unsafe_code)]

mod common;

use common::{
    hex_field, keylog_client_random, keylog_secret, openssl_connections,
    openssl_handshake_messages, str_field,
};
use serde_json::Value;
use tls_keyschedule::tls12::{self, KeyBlock, Randoms, WriteIv};
use tls_keyschedule::tls13::TrafficSecret;
use tls_keyschedule::{Secret, Suite, SuiteVersion, TranscriptBuffer, TranscriptHash};
use tls_wire::ids::{CipherSuite, HandshakeType};

fn suite(connection: &Value) -> Suite {
    let value = str_field(&connection["cipher_suite"], "value");
    let id = u16::from_str_radix(value.trim_start_matches("0x"), 16).unwrap();
    Suite::from_id(CipherSuite::from(id)).unwrap()
}

fn connections(version: SuiteVersion) -> Vec<(String, Suite, Value)> {
    let connections: Vec<_> = openssl_connections()
        .into_iter()
        .map(|c| (str_field(&c, "name").to_owned(), suite(&c), c))
        .filter(|(_, suite, _)| suite.version == version)
        .collect();
    assert!(!connections.is_empty());
    connections
}

fn randoms(connection: &Value) -> Randoms {
    let client_random = hex_field(connection, "client_random");
    assert_eq!(client_random, keylog_client_random(&connection["keylog"]));
    Randoms {
        client_random: client_random.try_into().unwrap(),
        server_random: hex_field(connection, "server_random").try_into().unwrap(),
    }
}

/// Our transcript hash before each Finished message, and the Finished messages themselves.
///
/// The transcript goes as a client's would: the ClientHello buffered until the ServerHello
/// names the suite; in TLS 1.2 the raw messages kept for a client CertificateVerify until
/// ServerHelloDone shows no CertificateRequest came.
fn before_each_finished(suite: Suite, connection: &Value) -> Vec<(TranscriptHash, Vec<u8>)> {
    let messages = openssl_handshake_messages(connection);
    let (client_hello, rest) = messages.split_first().unwrap();
    let mut buffer = TranscriptBuffer::new();
    buffer.add(&client_hello.1).unwrap();
    let mut transcript = match suite.version {
        SuiteVersion::Tls12 => buffer.into_transcript_keeping_messages(suite.hash),
        SuiteVersion::Tls13 => buffer.into_transcript(suite.hash),
    };
    let mut raw = client_hello.1.clone();
    let mut finished = Vec::new();
    for (_, message) in rest {
        let typ = HandshakeType::from(message[0]);
        if typ == HandshakeType::FINISHED {
            finished.push((transcript.current_hash(), message.clone()));
        }
        // TLS 1.3 tickets follow the handshake, outside its transcript; a TLS 1.2 ticket comes
        // before the server's Finished and is part of its transcript (RFC 5077 §3.3).
        if !(typ == HandshakeType::NEW_SESSION_TICKET && suite.version == SuiteVersion::Tls13) {
            transcript.add(message);
            raw.extend_from_slice(message);
        }
        if typ == HandshakeType::SERVER_HELLO_DONE {
            assert_eq!(
                transcript.messages(),
                Some(raw.as_slice()),
                "kept raw messages"
            );
            transcript.discard_messages();
        }
    }
    assert_eq!(transcript.messages(), None);
    assert_eq!(finished.len(), 2, "two Finished messages");
    finished
}

#[test]
fn tls13_traffic_keys_from_the_key_log() {
    for (name, suite, connection) in connections(SuiteVersion::Tls13) {
        let keylog = &connection["keylog"];
        for (field, line) in [
            ("server_handshake", "SERVER_HANDSHAKE_TRAFFIC_SECRET"),
            ("client_handshake", "CLIENT_HANDSHAKE_TRAFFIC_SECRET"),
            ("server_application_0", "SERVER_TRAFFIC_SECRET_0"),
            ("client_application_0", "CLIENT_TRAFFIC_SECRET_0"),
        ] {
            let secret = TrafficSecret::new(suite.hash, Secret::new(&keylog_secret(keylog, line)));
            let keys = secret.derive_traffic_keys(suite.aead);
            let expected = &connection["derived_keys"][field];
            assert_eq!(
                hex::encode(keys.key.as_bytes()),
                str_field(expected, "key_hex"),
                "{name} derived_keys.{field}.key_hex"
            );
            assert_eq!(
                hex::encode(keys.iv.as_bytes()),
                str_field(expected, "iv_hex"),
                "{name} derived_keys.{field}.iv_hex"
            );
        }
    }
}

#[test]
fn tls13_both_finished_from_the_handshake_traffic_secrets() {
    for (name, suite, connection) in connections(SuiteVersion::Tls13) {
        let keylog = &connection["keylog"];
        let finished = before_each_finished(suite, &connection);
        for ((hash, message), (who, line)) in finished.iter().zip([
            ("server", "SERVER_HANDSHAKE_TRAFFIC_SECRET"),
            ("client", "CLIENT_HANDSHAKE_TRAFFIC_SECRET"),
        ]) {
            let secret = TrafficSecret::new(suite.hash, Secret::new(&keylog_secret(keylog, line)));
            let verify_data = secret.derive_finished_key().derive_verify_data(hash);
            assert_eq!(
                hex::encode(verify_data.as_bytes()),
                hex::encode(&message[4..]),
                "{name} {who} Finished"
            );
        }
    }
}

fn master_secret(suite: Suite, connection: &Value) -> tls12::MasterSecret {
    let from_keylog = keylog_secret(&connection["keylog"], "CLIENT_RANDOM");
    assert_eq!(from_keylog, hex_field(connection, "master_secret"));
    tls12::MasterSecret::new(suite.hash, Secret::new(&from_keylog))
}

#[test]
fn tls12_key_block_from_the_key_log() {
    for (name, suite, connection) in connections(SuiteVersion::Tls12) {
        let randoms = randoms(&connection);
        let master = master_secret(suite, &connection);
        let expected = &connection["derived_keys"];
        let KeyBlock {
            client_write,
            server_write,
        } = master.derive_key_block(suite.aead, &randoms);
        for (field, ours) in [
            ("client_write_key_hex", client_write.key.as_bytes()),
            ("server_write_key_hex", server_write.key.as_bytes()),
            ("client_write_iv_hex", client_write.iv.as_bytes()),
            ("server_write_iv_hex", server_write.iv.as_bytes()),
        ] {
            assert_eq!(
                hex::encode(ours),
                str_field(expected, field),
                "{name} derived_keys.{field}"
            );
        }
        let key_block = [
            client_write.key.as_bytes(),
            server_write.key.as_bytes(),
            client_write.iv.as_bytes(),
            server_write.iv.as_bytes(),
        ]
        .concat();
        assert_eq!(
            hex::encode(key_block),
            str_field(expected, "key_block_hex"),
            "{name} derived_keys.key_block_hex"
        );
        let chacha = matches!(client_write.iv, WriteIv::ChaCha20Poly1305(_));
        assert_eq!(chacha, name.contains("chacha20"), "{name}: IV kind");
    }
}

#[test]
fn tls12_both_finished_from_the_master_secret() {
    for (name, suite, connection) in connections(SuiteVersion::Tls12) {
        let master = master_secret(suite, &connection);
        let finished = before_each_finished(suite, &connection);
        let [(client_hash, client_message), (server_hash, server_message)] = &finished[..] else {
            unreachable!()
        };
        let client = master.derive_client_verify_data(client_hash);
        let server = master.derive_server_verify_data(server_hash);
        assert_eq!(
            hex::encode(client.as_bytes()),
            hex::encode(&client_message[4..]),
            "{name} client Finished"
        );
        assert_eq!(
            hex::encode(server.as_bytes()),
            hex::encode(&server_message[4..]),
            "{name} server Finished"
        );
        assert_eq!(client.len(), tls12::VERIFY_DATA_LEN);
    }
}
