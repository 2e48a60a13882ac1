//! KeyUpdate against OpenSSL (`testdata/openssl-key-update.json`): a TLS 1.3 connection
//! recorded once through a loopback relay, with a KeyUpdate each way. No published vector
//! exists for application_traffic_secret_N+1 (RFC 8446 §7.2).
//!
//! Our next secrets equal the `*_TRAFFIC_SECRET_N` lines OpenSSL logged, and walking the
//! records with the schedule (handshake keys, then application keys, then the next generation
//! after each KeyUpdate message) opens every protected record to the data that was sent. The
//! records are opened with ring directly, so this test depends on the key schedule alone.

#![forbid(unsafe_code)]

mod common;

use common::{hex_field, keylog_secret, str_field, testdata};
use ring::aead;
use serde_json::Value;
use tls_keyschedule::tls13::{TrafficKeys, TrafficSecret};
use tls_keyschedule::{AeadAlgorithm, HashAlgorithm, Secret};
use tls_wire::ids::HandshakeType;

const HASH: HashAlgorithm = HashAlgorithm::Sha256;
const AEAD: AeadAlgorithm = AeadAlgorithm::Aes128Gcm;

fn vectors() -> Value {
    let vectors = testdata("openssl-key-update.json");
    assert_eq!(vectors["cipher_suite"], "TLS_AES_128_GCM_SHA256");
    vectors
}

fn secret(vectors: &Value, label: &str) -> TrafficSecret {
    TrafficSecret::new(HASH, Secret::new(&keylog_secret(&vectors["keylog"], label)))
}

/// Opens one TLS 1.3 record: nonce = iv XOR seq, additional data = the header (RFC 8446
/// §5.2-5.3). Returns the inner content type and the content without padding.
fn open(keys: &TrafficKeys, seq: u64, record: &[u8]) -> (u8, Vec<u8>) {
    let key =
        aead::LessSafeKey::new(aead::UnboundKey::new(AEAD.ring(), keys.key.as_bytes()).unwrap());
    let mut nonce = *keys.iv.as_bytes();
    for (n, s) in nonce[4..].iter_mut().zip(seq.to_be_bytes()) {
        *n ^= s;
    }
    let (header, fragment) = record.split_at(5);
    let mut inner = fragment.to_vec();
    let plain = key
        .open_in_place(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::from(header),
            &mut inner,
        )
        .unwrap_or_else(|_| panic!("record {} does not open", hex::encode(header)));
    let end = plain.iter().rposition(|&b| b != 0).unwrap();
    (plain[end], plain[..end].to_vec())
}

/// One direction's keys as the schedule moves them: handshake, application 0, then each
/// KeyUpdate's next generation.
struct Direction {
    secret: TrafficSecret,
    keys: TrafficKeys,
    seq: u64,
    generation: u32,
}

impl Direction {
    fn new(secret: TrafficSecret) -> Self {
        let keys = secret.derive_traffic_keys(AEAD);
        Self {
            secret,
            keys,
            seq: 0,
            generation: 0,
        }
    }

    fn install(&mut self, secret: TrafficSecret, generation: u32) {
        *self = Self::new(secret);
        self.generation = generation;
    }
}

#[test]
fn next_application_traffic_secrets_equal_openssls() {
    let vectors = vectors();
    for side in ["CLIENT", "SERVER"] {
        let next = secret(&vectors, &format!("{side}_TRAFFIC_SECRET_0"))
            .into_next_application_traffic_secret();
        assert_eq!(
            hex::encode(next.secret().as_bytes()),
            hex::encode(keylog_secret(
                &vectors["keylog"],
                &format!("{side}_TRAFFIC_SECRET_N")
            )),
            "openssl-key-update {side}_TRAFFIC_SECRET_N"
        );
    }
}

#[test]
fn every_record_opens_with_the_keys_of_its_generation() {
    let vectors = vectors();
    let mut client = Direction::new(secret(&vectors, "CLIENT_HANDSHAKE_TRAFFIC_SECRET"));
    let mut server = Direction::new(secret(&vectors, "SERVER_HANDSHAKE_TRAFFIC_SECRET"));
    // (generation of the keys that opened it, content) of each application data record.
    let mut data: [Vec<(u32, String)>; 2] = [Vec::new(), Vec::new()];
    let mut key_updates = [0, 0];
    for record in vectors["records"].as_array().unwrap() {
        let bytes = hex_field(record, "hex");
        if bytes[0] != 23 {
            continue;
        }
        let from_client = str_field(record, "dir") == "c2s";
        let (this, other_secret) = if from_client {
            (&mut client, "CLIENT_TRAFFIC_SECRET_0")
        } else {
            (&mut server, "SERVER_TRAFFIC_SECRET_0")
        };
        let (typ, content) = open(&this.keys, this.seq, &bytes);
        this.seq += 1;
        let index = usize::from(!from_client);
        match typ {
            22 if HandshakeType::from(content[0]) == HandshakeType::FINISHED => {
                this.install(secret(&vectors, other_secret), 0);
            }
            22 if HandshakeType::from(content[0]) == HandshakeType::KEY_UPDATE => {
                // The sender switches right after its KeyUpdate (RFC 8446 §4.6.3).
                let next = this.secret.clone().into_next_application_traffic_secret();
                let generation = this.generation + 1;
                this.install(next, generation);
                key_updates[index] += 1;
            }
            22 => {}
            23 => {
                let text = String::from_utf8(content).unwrap();
                data[index].push((this.generation, text));
            }
            21 => assert_eq!(content, [1, 0], "close_notify"),
            other => panic!("unexpected inner type {other}"),
        }
    }
    assert_eq!(key_updates, [1, 1], "one KeyUpdate each way");
    assert_eq!(client.generation, 1);
    assert_eq!(server.generation, 1);
    // The client wrote once before its KeyUpdate and once after; the server answered after its
    // own.
    let sent: Vec<&str> = vectors["sent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let expected_client = vec![(0, sent[0].to_owned()), (1, sent[1].to_owned())];
    let expected_server = vec![(1, str_field(&vectors, "received").to_owned())];
    assert_eq!(
        data[0], expected_client,
        "what the client sent, by key generation"
    );
    assert_eq!(
        data[1], expected_server,
        "what the client read, by key generation"
    );
}
