//! Cross-crate flow through the facade: each direction of every recorded OpenSSL connection
//! (TLS 1.2 and 1.3), as the byte stream a socket would deliver, goes through the facade's
//! re-exported `Deframer` in chunks of several sizes, and the plaintext handshake records through
//! the `HandshakeJoiner` and `HandshakeMessage::decode`. The records and messages that come out
//! must be exactly the recorded ones, whatever the chunking.

use serde_json::Value;
use tls::wire::handshake::{HandshakeJoiner, HandshakeMessage, NegotiatedVersion};
use tls::wire::ids::ContentType;
use tls::wire::record::{Deframer, RecordLimit};
use tls_tests::json;

fn captures() -> Value {
    json("openssl-captures.json")
}

/// Every record of one direction, in order, as (content type, whole record bytes).
fn direction(connection: &Value, dir: &str) -> Vec<Vec<u8>> {
    connection["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["dir"] == dir)
        .map(|r| hex::decode(r["hex"].as_str().unwrap()).unwrap())
        .collect()
}

/// Feeds `stream` to a fresh deframer `chunk` bytes at a time; returns every record it yields.
fn deframe_in_chunks(stream: &[u8], chunk: usize) -> Vec<Vec<u8>> {
    let mut deframer = Deframer::new(RecordLimit::AnyVersion);
    let mut out = Vec::new();
    for piece in stream.chunks(chunk) {
        let mut rest = piece;
        while !rest.is_empty() {
            let taken = deframer.extend(rest);
            rest = &rest[taken..];
            while let Some(record) = deframer.next_record().unwrap() {
                let mut bytes = record.header().to_bytes().to_vec();
                bytes.extend_from_slice(record.fragment());
                out.push(bytes);
            }
        }
    }
    assert_eq!(
        deframer.buffered_len(),
        0,
        "a whole stream leaves nothing behind"
    );
    out
}

#[test]
fn every_recorded_stream_deframes_to_its_records_whatever_the_chunking() {
    let captures = captures();
    for connection in captures["connections"].as_array().unwrap() {
        for dir in ["c2s", "s2c"] {
            let records = direction(connection, dir);
            let stream: Vec<u8> = records.concat();
            for chunk in [1, 5, 7, 1000, stream.len()] {
                assert_eq!(
                    deframe_in_chunks(&stream, chunk),
                    records,
                    "{} {dir} in {chunk}-byte chunks",
                    connection["name"]
                );
            }
        }
    }
}

#[test]
fn every_plaintext_handshake_message_decodes_and_reencodes_through_the_facade() {
    let captures = captures();
    for connection in captures["connections"].as_array().unwrap() {
        let version = match connection["tls_version"].as_str().unwrap() {
            "TLSv1.3" => NegotiatedVersion::Tls13,
            _ => NegotiatedVersion::Tls12,
        };
        for dir in ["c2s", "s2c"] {
            let mut joiner = HandshakeJoiner::new();
            let mut names = Vec::new();
            // Protected records (a `key` names their traffic key) are tls-keyschedule's to open.
            let plaintext = connection["records"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| {
                    r["dir"] == dir && r["content_type"] == "handshake" && r.get("key").is_none()
                });
            for record in plaintext {
                let bytes = hex::decode(record["hex"].as_str().unwrap()).unwrap();
                assert_eq!(bytes[0], ContentType::HANDSHAKE.get());
                joiner.push(&bytes[5..]).unwrap();
                while let Some(raw) = joiner.next_message().unwrap() {
                    // The hellos come before any version is negotiated.
                    let v = if names.is_empty() {
                        NegotiatedVersion::NotYet
                    } else {
                        version
                    };
                    let message = HandshakeMessage::decode(raw, v).unwrap();
                    let mut again = Vec::new();
                    message.encode(&mut again);
                    assert_eq!(again, raw, "{} {dir} {}", connection["name"], message.typ());
                    names.push(message.typ().to_string());
                }
                let listed: Vec<String> = record["messages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap().to_owned())
                    .collect();
                assert!(
                    names.ends_with(&listed),
                    "{} {dir}: {names:?} vs {listed:?}",
                    connection["name"]
                );
            }
            assert!(
                joiner.is_aligned(),
                "{} {dir}: no partial message left",
                connection["name"]
            );
            assert!(
                !names.is_empty(),
                "{} {dir} had plaintext handshake messages",
                connection["name"]
            );
        }
    }
}
