//! The OpenSSL captures end to end from their key logs alone: traffic keys derived from each
//! key log line (TLS 1.3: HKDF-Expand-Label "key" and "iv" from the traffic secrets; TLS 1.2:
//! the PRF key block from the master secret and both randoms) open every protected record to
//! its known plaintext, and seal it again byte for byte. These are the only known-answer
//! vectors for TLS 1.2 AEAD records.
//!
//! The sealers and openers are built from the schedule's own types, as the connection builds
//! them: `from_traffic_keys(aead, &TrafficKeys)` and `from_write_keys(aead, &WriteKeys)`.
#![forbid(unsafe_code)]

mod common;
mod record_kat;

use common::{hex_field, keylog_client_random, keylog_secret, openssl_connections, str_field};
use record_kat::{Tls12Keys, Tls12Record, Tls13Keys, Tls13Record, content_type};
use serde_json::Value;
use tls_keyschedule::tls12::{MasterSecret, Randoms, WriteKeys};
use tls_keyschedule::tls13::TrafficSecret;
use tls_keyschedule::{Secret, Suite};
use tls_wire::ids::CipherSuite;

/// The suite a capture negotiated.
fn suite(connection: &Value) -> Suite {
    let value = str_field(&connection["cipher_suite"], "value");
    let id = u16::from_str_radix(value.trim_start_matches("0x"), 16).unwrap();
    Suite::from_id(CipherSuite::from(id)).unwrap()
}

/// The protected records of a capture: those with a `key`.
fn protected_records(connection: &Value) -> Vec<&Value> {
    connection["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("key").is_some())
        .collect()
}

/// The key log label of the secret behind a TLS 1.3 capture's record `key`.
fn keylog_label(key: &str) -> &'static str {
    match key {
        "client_handshake" => "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "server_handshake" => "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "client_application_0" => "CLIENT_TRAFFIC_SECRET_0",
        "server_application_0" => "SERVER_TRAFFIC_SECRET_0",
        other => panic!("unknown TLS 1.3 key {other:?}"),
    }
}

fn check_tls13(connection: &Value) -> usize {
    let name = str_field(connection, "name");
    let suite = suite(connection);
    let records = protected_records(connection);
    for (index, record) in records.iter().enumerate() {
        let key = str_field(record, "key");
        let secret = keylog_secret(&connection["keylog"], keylog_label(key));
        let keys =
            TrafficSecret::new(suite.hash, Secret::new(&secret)).derive_traffic_keys(suite.aead);
        let what = format!("{name} protected record {index} ({key}, from the key log)");
        Tls13Record {
            what: &what,
            aead: suite.aead,
            keys: Tls13Keys::Derived(&keys),
            seq: record["seq"].as_u64().unwrap(),
            record: &hex_field(record, "hex"),
            typ: content_type(str_field(record, "inner_content_type")),
            content: &hex_field(record, "plaintext_hex"),
        }
        .open_and_reseal();
    }
    records.len()
}

fn check_tls12(connection: &Value) -> usize {
    let name = str_field(connection, "name");
    let suite = suite(connection);
    let client_random = hex_field(connection, "client_random");
    assert_eq!(keylog_client_random(&connection["keylog"]), client_random);
    let randoms = Randoms {
        client_random: client_random.try_into().unwrap(),
        server_random: hex_field(connection, "server_random").try_into().unwrap(),
    };
    let master = keylog_secret(&connection["keylog"], "CLIENT_RANDOM");
    let key_block =
        MasterSecret::new(suite.hash, Secret::new(&master)).derive_key_block(suite.aead, &randoms);
    let records = protected_records(connection);
    for (index, record) in records.iter().enumerate() {
        let direction = str_field(record, "key");
        let keys: &WriteKeys = match direction {
            "client_write" => &key_block.client_write,
            "server_write" => &key_block.server_write,
            other => panic!("unknown TLS 1.2 key {other:?}"),
        };
        let what = format!("{name} protected record {index} ({direction}, from the key log)");
        Tls12Record {
            what: &what,
            aead: suite.aead,
            keys: Tls12Keys::Derived(keys),
            seq: record["seq"].as_u64().unwrap(),
            record: &hex_field(record, "hex"),
            content: &hex_field(record, "plaintext_hex"),
        }
        .open_and_reseal();
    }
    records.len()
}

#[test]
fn keys_from_the_key_log_open_every_protected_record() {
    let mut counts = Vec::new();
    for connection in openssl_connections() {
        let count = match str_field(&connection, "tls_version") {
            "TLS 1.3" => check_tls13(&connection),
            "TLS 1.2" => check_tls12(&connection),
            other => panic!("unknown version {other:?}"),
        };
        counts.push((str_field(&connection, "name").to_owned(), count));
    }
    let total: usize = counts.iter().map(|(_, count)| count).sum();
    assert_eq!(
        total, 40,
        "6 per TLS 1.2 capture, 11 per TLS 1.3 one: {counts:?}"
    );
}
