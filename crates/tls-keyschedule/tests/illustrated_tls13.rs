//! The illustrated TLS 1.3 connection (tls13.xargs.org; x25519, TLS_AES_256_GCM_SHA384):
//! every secret, traffic key and IV, both Finished messages and both tickets' PSKs, from the
//! connection's own messages hashed by our [`Transcript`].
//!
//! `testdata/illustrated-tls13.json`, fields `keys`, `secrets`, `transcript_hashes`,
//! `traffic_keys` and `records`.

#![forbid(unsafe_code)]

mod common;

use common::{hex_field, testdata, unhex};
use ring::agreement;
use serde_json::Value;
use tls_keyschedule::tls13::hkdf::expand_label;
use tls_keyschedule::tls13::{EarlySecret, TrafficSecret};
use tls_keyschedule::{AeadAlgorithm, HashAlgorithm, Secret, Transcript, TranscriptHash};
use tls_wire::handshake::TicketNonce;
use tls_wire::ids::HandshakeType;

const HASH: HashAlgorithm = HashAlgorithm::Sha384;
const AEAD: AeadAlgorithm = AeadAlgorithm::Aes256Gcm;

/// The connection's handshake messages in order: plaintext handshake records' fragments, and
/// the inner plaintext of protected handshake records without its content type byte.
fn handshake_messages(vectors: &Value) -> Vec<Vec<u8>> {
    let fragments: Vec<Vec<u8>> = vectors["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|record| {
            let bytes = hex_field(record, "record_hex");
            match (bytes[0], record.get("inner_content_type")) {
                (22, None) => Some(bytes[5..].to_vec()),
                (23, Some(inner)) if inner == 22 => {
                    let mut inner = hex_field(record, "inner_plaintext_hex");
                    while inner.last() == Some(&0) {
                        inner.pop();
                    }
                    assert_eq!(inner.pop(), Some(22));
                    Some(inner)
                }
                _ => None,
            }
        })
        .collect();
    common::handshake_messages(fragments.iter().map(Vec::as_slice))
}

/// Our transcript hashes: after ServerHello, before and after each Finished.
struct Hashes {
    client_hello_to_server_hello: TranscriptHash,
    before_server_finished: TranscriptHash,
    client_hello_to_server_finished: TranscriptHash,
    before_client_finished: TranscriptHash,
    client_hello_to_client_finished: TranscriptHash,
}

fn hashes(messages: &[Vec<u8>]) -> (Hashes, Vec<Vec<u8>>) {
    let mut transcript = Transcript::new(HASH);
    let mut after_server_hello = None;
    let mut around_finished = Vec::new();
    let mut finished = Vec::new();
    for message in messages {
        let typ = HandshakeType::from(message[0]);
        if typ == HandshakeType::NEW_SESSION_TICKET {
            continue;
        }
        if typ == HandshakeType::FINISHED {
            around_finished.push(transcript.current_hash());
            finished.push(message.clone());
        }
        transcript.add(message);
        if typ == HandshakeType::FINISHED {
            around_finished.push(transcript.current_hash());
        }
        if typ == HandshakeType::SERVER_HELLO {
            after_server_hello = Some(transcript.current_hash());
        }
    }
    let [a, b, c, d] = around_finished[..] else {
        panic!("expected two Finished messages");
    };
    let hashes = Hashes {
        client_hello_to_server_hello: after_server_hello.unwrap(),
        before_server_finished: a,
        client_hello_to_server_finished: b,
        before_client_finished: c,
        client_hello_to_client_finished: d,
    };
    (hashes, finished)
}

fn shared_secret(keys: &Value) -> Vec<u8> {
    let client_private = hex_field(keys, "client_x25519_private");
    // ring's deterministic RNG for known-answer tests, in a deprecated module: ring has no
    // other way to import an ephemeral private key. Tests only.
    #[allow(deprecated)]
    let rng = ring::test::rand::FixedSliceRandom {
        bytes: &client_private,
    };
    let private = agreement::EphemeralPrivateKey::generate(&agreement::X25519, &rng).unwrap();
    assert_eq!(
        private.compute_public_key().unwrap().as_ref(),
        hex_field(keys, "client_x25519_public")
    );
    let server_public = hex_field(keys, "server_x25519_public");
    let shared = agreement::agree_ephemeral(
        private,
        &agreement::UnparsedPublicKey::new(&agreement::X25519, &server_public),
        <[u8]>::to_vec,
    )
    .unwrap();
    assert_eq!(shared, hex_field(keys, "x25519_shared_secret"));
    shared
}

/// Every value we derive, by the JSON's field name.
struct Derived {
    secrets: Vec<(&'static str, Vec<u8>)>,
    traffic: Vec<(&'static str, TrafficSecret)>,
    hashes: Hashes,
    finished_messages: Vec<Vec<u8>>,
    resumption: tls_keyschedule::tls13::ResumptionMasterSecret,
}

fn derive(vectors: &Value) -> Derived {
    let (hashes, finished_messages) = hashes(&handshake_messages(vectors));
    let empty = ring::digest::digest(&ring::digest::SHA384, &[]);
    let derived = |secret: &Secret| {
        let mut out = vec![0; 48];
        expand_label(HASH, secret, b"derived", empty.as_ref(), &mut out).unwrap();
        out
    };
    let early = EarlySecret::new(HASH, None);
    let mut secrets = vec![
        ("early_secret", early.secret().as_bytes().to_vec()),
        ("derived_for_handshake", derived(early.secret())),
    ];
    let handshake = early.into_handshake_secret(Some(&shared_secret(&vectors["keys"])));
    let client_hs = handshake.client_handshake_traffic_secret(&hashes.client_hello_to_server_hello);
    let server_hs = handshake.server_handshake_traffic_secret(&hashes.client_hello_to_server_hello);
    secrets.push(("handshake_secret", handshake.secret().as_bytes().to_vec()));
    secrets.push(("derived_for_master", derived(handshake.secret())));
    let master = handshake.into_master_secret();
    secrets.push(("master_secret", master.secret().as_bytes().to_vec()));
    let th = &hashes.client_hello_to_server_finished;
    let client_ap = master.client_application_traffic_secret_0(th);
    let server_ap = master.server_application_traffic_secret_0(th);
    let exporter = master.exporter_master_secret(th);
    secrets.push((
        "exporter_master_secret",
        exporter.secret().as_bytes().to_vec(),
    ));
    let resumption = master.resumption_master_secret(&hashes.client_hello_to_client_finished);
    secrets.push((
        "resumption_master_secret",
        resumption.secret().as_bytes().to_vec(),
    ));
    secrets.push((
        "server_finished_key",
        server_hs.derive_finished_key().secret().as_bytes().to_vec(),
    ));
    secrets.push((
        "client_finished_key",
        client_hs.derive_finished_key().secret().as_bytes().to_vec(),
    ));
    let traffic = vec![
        ("client_handshake", client_hs),
        ("server_handshake", server_hs),
        ("client_application_0", client_ap),
        ("server_application_0", server_ap),
    ];
    for (name, secret) in &traffic {
        let field = match *name {
            "client_handshake" => "client_handshake_traffic_secret",
            "server_handshake" => "server_handshake_traffic_secret",
            "client_application_0" => "client_application_traffic_secret_0",
            _ => "server_application_traffic_secret_0",
        };
        secrets.push((field, secret.secret().as_bytes().to_vec()));
    }
    Derived {
        secrets,
        traffic,
        hashes,
        finished_messages,
        resumption,
    }
}

fn vectors() -> Value {
    testdata("illustrated-tls13.json")
}

/// Compares our secret `field` with `secrets.<field>`.
fn check_secret(field: &str) {
    let vectors = vectors();
    let ours = derive(&vectors);
    let (_, value) = ours.secrets.iter().find(|(f, _)| *f == field).unwrap();
    assert_eq!(
        hex::encode(value),
        vectors["secrets"][field].as_str().unwrap(),
        "illustrated-tls13 secrets.{field}"
    );
}

#[test]
fn every_secret_is_derived() {
    let vectors = vectors();
    let ours = derive(&vectors);
    for (field, expected) in vectors["secrets"].as_object().unwrap() {
        let (_, value) = ours
            .secrets
            .iter()
            .find(|(f, _)| f == field)
            .unwrap_or_else(|| panic!("we derive no {field}"));
        assert_eq!(
            hex::encode(value),
            expected.as_str().unwrap(),
            "illustrated-tls13 secrets.{field}"
        );
    }
}

#[test]
fn early_secret() {
    check_secret("early_secret");
    check_secret("derived_for_handshake");
}

#[test]
fn handshake_secret() {
    check_secret("handshake_secret");
    check_secret("derived_for_master");
}

#[test]
fn handshake_traffic_secrets() {
    check_secret("client_handshake_traffic_secret");
    check_secret("server_handshake_traffic_secret");
}

#[test]
fn master_secret() {
    check_secret("master_secret");
}

#[test]
fn application_traffic_secrets() {
    check_secret("client_application_traffic_secret_0");
    check_secret("server_application_traffic_secret_0");
}

#[test]
fn exporter_and_resumption_master_secrets() {
    check_secret("exporter_master_secret");
    check_secret("resumption_master_secret");
}

#[test]
fn transcript_hash_client_hello_to_server_hello() {
    let vectors = vectors();
    let ours = derive(&vectors);
    assert_eq!(
        hex::encode(ours.hashes.client_hello_to_server_hello.as_bytes()),
        vectors["transcript_hashes"]["ch_sh"].as_str().unwrap(),
        "illustrated-tls13 transcript_hashes.ch_sh"
    );
}

#[test]
fn traffic_keys_and_ivs() {
    let vectors = vectors();
    let ours = derive(&vectors);
    let expected = vectors["traffic_keys"].as_object().unwrap();
    assert_eq!(expected.len(), ours.traffic.len());
    for (name, secret) in &ours.traffic {
        let keys = secret.derive_traffic_keys(AEAD);
        assert_eq!(
            keys.key.as_bytes(),
            hex_field(&expected[*name], "key_hex"),
            "illustrated-tls13 traffic_keys.{name}.key_hex"
        );
        assert_eq!(
            keys.iv.as_bytes().as_slice(),
            hex_field(&expected[*name], "iv_hex"),
            "illustrated-tls13 traffic_keys.{name}.iv_hex"
        );
    }
}

#[test]
fn both_finished_messages() {
    let vectors = vectors();
    let ours = derive(&vectors);
    check_secret("server_finished_key");
    check_secret("client_finished_key");
    let traffic = |name| &ours.traffic.iter().find(|(n, _)| *n == name).unwrap().1;
    for (who, secret, hash, message) in [
        (
            "server",
            traffic("server_handshake"),
            &ours.hashes.before_server_finished,
            &ours.finished_messages[0],
        ),
        (
            "client",
            traffic("client_handshake"),
            &ours.hashes.before_client_finished,
            &ours.finished_messages[1],
        ),
    ] {
        let verify_data = secret.derive_finished_key().derive_verify_data(hash);
        assert_eq!(
            hex::encode(verify_data.as_bytes()),
            hex::encode(&message[4..]),
            "illustrated-tls13 {who} Finished"
        );
        assert!(
            verify_data == message[4..],
            "constant-time comparison agrees"
        );
    }
}

#[test]
fn ticket_psks() {
    let vectors = vectors();
    let ours = derive(&vectors);
    let mut tickets = 0;
    for record in vectors["records"].as_array().unwrap() {
        let Some(nonce) = record.get("ticket_nonce_hex") else {
            continue;
        };
        let nonce = TicketNonce::new(unhex(nonce.as_str().unwrap())).unwrap();
        assert_eq!(
            hex::encode(ours.resumption.derive_psk(&nonce).as_bytes()),
            record["derived_psk_hex"].as_str().unwrap(),
            "illustrated-tls13 record {} derived_psk_hex",
            record["index"]
        );
        tickets += 1;
    }
    assert_eq!(tickets, 2);
}
