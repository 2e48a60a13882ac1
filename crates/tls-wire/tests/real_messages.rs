//! Every handshake message in the vector files decodes to a typed form (never
//! `HandshakePayload::Unknown`) under the version it was sent with, re-encodes byte for byte
//! through its typed value, and passes the prefix and mutated-length checks: RFC 8448's traces,
//! the illustrated TLS 1.2 and 1.3 connections, the OpenSSL captures (every TLS 1.2 record in
//! the clear among them), and the 24 ClientHellos of the fingerprint vectors.
//!
//! The files are copies of `shared/spec/` kept in `testdata/` (see its README for sources).

use serde_json::Value;
use tls_wire::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
use tls_wire::ids::HandshakeType;

#[path = "../src/handshake/test_support.rs"]
mod test_support;

use test_support::assert_all;

fn vectors(name: &str) -> Value {
    let path = format!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/{}"),
        name
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn hex_field(value: &Value, field: &str) -> Vec<u8> {
    hex::decode(
        value[field]
            .as_str()
            .unwrap_or_else(|| panic!("no {field} in {value}")),
    )
    .unwrap()
}

/// Splits a handshake record's payload into its messages by their headers.
fn split_messages(mut payload: &[u8]) -> Vec<&[u8]> {
    let mut messages = Vec::new();
    while !payload.is_empty() {
        let len = 4
            + usize::from(payload[1]) * 0x1_0000
            + usize::from(payload[2]) * 0x100
            + usize::from(payload[3]);
        let (message, rest) = payload.split_at(len);
        messages.push(message);
        payload = rest;
    }
    messages
}

/// Runs every check on one message and returns its type; a hello must decode the same whether
/// or not the version is known.
fn check(label: &str, bytes: &[u8], version: NegotiatedVersion) -> HandshakeType {
    let message = assert_all(bytes, version);
    if matches!(
        message.payload(),
        HandshakePayload::ClientHello(_)
            | HandshakePayload::ServerHello(_)
            | HandshakePayload::HelloRetryRequest(_)
    ) {
        let early = HandshakeMessage::decode(bytes, NegotiatedVersion::NotYet).unwrap();
        assert_eq!(early.payload(), message.payload(), "{label}");
    }
    // Every message of these traces has a typed form under the version it was sent with.
    assert!(
        !matches!(message.payload(), HandshakePayload::Unknown { .. }),
        "{label}: {} decoded as unknown under {version:?}",
        message.typ()
    );
    message.typ()
}

#[test]
fn rfc8448_messages_round_trip() {
    let vectors = vectors("rfc8448-vectors.json");
    let mut count = 0;
    for scenario in vectors["scenarios"].as_array().unwrap() {
        let name = scenario["scenario"].as_str().unwrap();
        let steps = scenario["steps"].as_array().unwrap();
        for item in scenario["items"].as_array().unwrap() {
            let Some(step) = item["step"].as_u64() else {
                continue;
            };
            let label = steps[usize::try_from(step).unwrap()]["label"]
                .as_str()
                .unwrap();
            let item_name = item["name"].as_str().unwrap();
            let whole_messages = match item_name {
                // In resumed-0rtt the `ClientHello` item is the hello cut before its binders;
                // the record payload that follows holds the whole message.
                "ClientHello" if name == "resumed-0rtt" => continue,
                "ClientHello"
                | "ServerHello"
                | "EncryptedExtensions"
                | "CertificateRequest"
                | "Certificate"
                | "CertificateVerify"
                | "Finished"
                | "NewSessionTicket"
                | "EndOfEarlyData" => true,
                "payload" => label == "send handshake record",
                _ => false,
            };
            if !whole_messages {
                continue;
            }
            let bytes = hex_field(item, "hex");
            for message in split_messages(&bytes) {
                let label = format!("{name} {{{}}} {label}: {item_name}", item["side"]);
                check(&label, message, NegotiatedVersion::Tls13);
                count += 1;
            }
        }
    }
    assert!(count > 60, "only {count} messages checked");
}

#[test]
fn rfc8448_resumed_client_hello_truncated_for_binders() {
    let vectors = vectors("rfc8448-vectors.json");
    let scenario = vectors["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scenario"] == "resumed-0rtt")
        .unwrap();
    let items = scenario["items"].as_array().unwrap();
    let truncated = hex_field(
        items.iter().find(|i| i["name"] == "ClientHello").unwrap(),
        "hex",
    );
    let whole = hex_field(
        items.iter().find(|i| i["name"] == "payload").unwrap(),
        "hex",
    );
    let message = HandshakeMessage::decode(&whole, NegotiatedVersion::NotYet).unwrap();
    assert_eq!(
        hex::encode(
            message
                .client_hello_truncated_for_binders()
                .unwrap()
                .unwrap()
        ),
        hex::encode(&truncated),
        "{{client}} calculate PSK binder: ClientHello prefix"
    );
}

#[test]
fn illustrated_tls13_messages_round_trip() {
    let vectors = vectors("illustrated-tls13.json");
    let mut types = Vec::new();
    for record in vectors["records"].as_array().unwrap() {
        let label = record["message"].as_str().unwrap();
        let record_bytes = hex_field(record, "record_hex");
        let payload = if record.get("inner_plaintext_hex").is_some() {
            if record["inner_content_type"] != 22 {
                continue;
            }
            // TLSInnerPlaintext: the content, then its one-byte type (no padding here).
            let mut inner = hex_field(record, "inner_plaintext_hex");
            inner.pop();
            inner
        } else if record_bytes[0] == 22 {
            record_bytes[5..].to_vec()
        } else {
            continue;
        };
        for message in split_messages(&payload) {
            types.push(check(label, message, NegotiatedVersion::Tls13));
        }
    }
    assert_eq!(types.len(), 9, "{types:?}");
}

/// `ServerKeyExchange (…)` → `server_key_exchange`: a trace's message label as the RFC name
/// of its type.
fn rfc_name(label: &str) -> String {
    let mut name = String::new();
    for c in label.split(" (").next().unwrap().chars() {
        if c.is_ascii_uppercase() && !name.is_empty() {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    name
}

#[test]
fn illustrated_tls12_messages_round_trip() {
    let vectors = vectors("illustrated-tls12.json");
    let mut plaintext = 0;
    let mut types = Vec::new();
    for record in vectors["records"].as_array().unwrap() {
        let label = record["message"].as_str().unwrap();
        let record_bytes = hex_field(record, "record_hex");
        if record_bytes[0] != 22 {
            continue;
        }
        let payload = if record.get("content_hex").is_some() {
            hex_field(record, "content_hex")
        } else {
            plaintext += 1;
            record_bytes[5..].to_vec()
        };
        for message in split_messages(&payload) {
            let typ = check(label, message, NegotiatedVersion::Tls12);
            assert_eq!(typ.name().unwrap(), rfc_name(label), "{label}");
            types.push(typ);
        }
    }
    // ClientHello, ServerHello, Certificate, ServerKeyExchange, ServerHelloDone,
    // ClientKeyExchange in the clear; the two Finished decrypted.
    assert_eq!(plaintext, 6);
    assert_eq!(types.len(), 8, "{types:?}");
}

#[test]
fn openssl_capture_messages_round_trip() {
    let vectors = vectors("openssl-captures.json");
    let mut count = 0;
    let mut tls12_plaintext = 0;
    for connection in vectors["connections"].as_array().unwrap() {
        let name = connection["name"].as_str().unwrap();
        let version = match connection["tls_version"].as_str().unwrap() {
            "TLS 1.2" => NegotiatedVersion::Tls12,
            "TLS 1.3" => NegotiatedVersion::Tls13,
            other => panic!("{name}: version {other}"),
        };
        for (index, record) in connection["records"].as_array().unwrap().iter().enumerate() {
            let Some(expected) = record.get("messages") else {
                continue;
            };
            let payload = if record.get("plaintext_hex").is_some() {
                hex_field(record, "plaintext_hex")
            } else {
                if version == NegotiatedVersion::Tls12 {
                    tls12_plaintext += 1;
                }
                hex_field(record, "hex")[5..].to_vec()
            };
            let label = format!("{name} record {index}");
            let types: Vec<_> = split_messages(&payload)
                .into_iter()
                .map(|message| check(&label, message, version).name().unwrap())
                .collect();
            let expected: Vec<_> = expected
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap())
                .collect();
            assert_eq!(types, expected, "{label}");
            count += types.len();
        }
    }
    assert_eq!(count, 3 * 9 + 2 * 9);
    // Each TLS 1.2 session sends seven handshake records in the clear: ClientHello,
    // ServerHello, Certificate, ServerKeyExchange, ServerHelloDone, ClientKeyExchange and
    // NewSessionTicket.
    assert_eq!(tls12_plaintext, 3 * 7);
}

#[test]
fn fingerprint_client_hellos_round_trip() {
    let vectors = vectors("fingerprint-vectors.json");
    let hellos = vectors.as_array().unwrap();
    assert_eq!(hellos.len(), 24);
    for hello in hellos {
        let label = hello["name"].as_str().unwrap();
        let bytes = hex_field(hello, "client_hello_hex");
        assert_eq!(
            check(label, &bytes, NegotiatedVersion::NotYet),
            HandshakeType::CLIENT_HELLO
        );
        let message = HandshakeMessage::decode(&bytes, NegotiatedVersion::NotYet).unwrap();
        let HandshakePayload::ClientHello(client_hello) = message.payload() else {
            panic!()
        };
        assert!(client_hello.extensions.is_some(), "{label}");
    }
}
