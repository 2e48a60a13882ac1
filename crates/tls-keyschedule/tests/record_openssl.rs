//! Every protected record of the OpenSSL captures opened to its known plaintext and sealed
//! again byte for byte, with the keys the captures' `derived_keys` give: TLS 1.3 AES-128-GCM
//! and ChaCha20-Poly1305 (11 records each), and TLS 1.2 AES-128-GCM, AES-256-GCM and
//! ChaCha20-Poly1305 (6 records each) — the only known-answer vectors for TLS 1.2 AEAD
//! records. `record_openssl_keylog.rs` derives the same keys from the key logs.
//!
//! OpenSSL's TLS 1.2 AES-GCM explicit nonces are not the sequence number; opening takes them
//! as they come, and sealing again uses the same ones.
#![forbid(unsafe_code)]

mod common;
mod record_kat;

use common::{hex_field, openssl_connections, str_field};
use record_kat::{Tls12Keys, Tls12Record, Tls13Keys, Tls13Record, content_type};
use serde_json::Value;
use tls_keyschedule::Suite;
use tls_wire::ids::CipherSuite;

/// The suite a capture negotiated.
fn suite(connection: &Value) -> Suite {
    let value = str_field(&connection["cipher_suite"], "value");
    let id = u16::from_str_radix(value.trim_start_matches("0x"), 16).unwrap();
    Suite::from_id(CipherSuite::from(id)).unwrap()
}

fn connection(name: &str) -> Value {
    openssl_connections()
        .into_iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no capture {name:?}"))
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

/// Opens and re-seals every protected record of a TLS 1.3 capture; returns how many.
fn check_tls13(name: &str) -> usize {
    let connection = connection(name);
    let aead = suite(&connection).aead;
    let records = protected_records(&connection);
    for (index, record) in records.iter().enumerate() {
        let keys = &connection["derived_keys"][str_field(record, "key")];
        let what = format!(
            "{name} protected record {index} ({})",
            str_field(record, "key")
        );
        Tls13Record {
            what: &what,
            aead,
            keys: Tls13Keys::Raw {
                key: &hex_field(keys, "key_hex"),
                iv: hex_field(keys, "iv_hex").try_into().unwrap(),
            },
            seq: record["seq"].as_u64().unwrap(),
            record: &hex_field(record, "hex"),
            typ: content_type(str_field(record, "inner_content_type")),
            content: &hex_field(record, "plaintext_hex"),
        }
        .open_and_reseal();
    }
    records.len()
}

/// Opens and re-seals every protected record of a TLS 1.2 capture; returns how many.
fn check_tls12(name: &str) -> usize {
    let connection = connection(name);
    let aead = suite(&connection).aead;
    let keys = &connection["derived_keys"];
    let records = protected_records(&connection);
    for (index, record) in records.iter().enumerate() {
        // "client_write" uses client_write_key_hex and client_write_iv_hex.
        let direction = str_field(record, "key");
        let what = format!("{name} protected record {index} ({direction})");
        let record_bytes = hex_field(record, "hex");
        if let Some(explicit) = record.get("explicit_nonce_hex") {
            assert_eq!(
                hex::encode(&record_bytes[5..13]),
                explicit.as_str().unwrap(),
                "{what}: explicit nonce"
            );
        }
        Tls12Record {
            what: &what,
            aead,
            keys: Tls12Keys::Raw {
                key: &hex_field(keys, &format!("{direction}_key_hex")),
                iv: &hex_field(keys, &format!("{direction}_iv_hex")),
            },
            seq: record["seq"].as_u64().unwrap(),
            record: &record_bytes,
            content: &hex_field(record, "plaintext_hex"),
        }
        .open_and_reseal();
    }
    records.len()
}

#[test]
fn tls13_aes_128_gcm_every_protected_record() {
    assert_eq!(check_tls13("tls13-aes-128-gcm-sha256"), 11);
}

#[test]
fn tls13_chacha20_poly1305_every_protected_record() {
    assert_eq!(check_tls13("tls13-chacha20-poly1305-sha256"), 11);
}

#[test]
fn tls12_aes_128_gcm_every_protected_record() {
    assert_eq!(check_tls12("tls12-ecdhe-ecdsa-aes128-gcm-sha256"), 6);
}

#[test]
fn tls12_aes_256_gcm_every_protected_record() {
    assert_eq!(check_tls12("tls12-ecdhe-rsa-aes256-gcm-sha384"), 6);
}

#[test]
fn tls12_chacha20_poly1305_every_protected_record() {
    assert_eq!(check_tls12("tls12-ecdhe-ecdsa-chacha20-poly1305"), 6);
}

#[test]
fn every_capture_is_covered() {
    let names: Vec<String> = openssl_connections()
        .iter()
        .map(|c| str_field(c, "name").to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "tls12-ecdhe-ecdsa-aes128-gcm-sha256",
            "tls12-ecdhe-rsa-aes256-gcm-sha384",
            "tls12-ecdhe-ecdsa-chacha20-poly1305",
            "tls13-aes-128-gcm-sha256",
            "tls13-chacha20-poly1305-sha256",
        ]
    );
}
