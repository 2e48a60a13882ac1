//! Key shares against recorded handshakes: with a trace's private key injected through the
//! [`Rng`], [`KeyShare::generate`] gives the trace's public key, and [`KeyShare::agree`] with
//! the other side's public key gives the trace's shared secret (the IKM of the handshake
//! secret). Vectors: RFC 8448 §3 (`testdata/rfc8448-vectors.json`, simple 1-RTT) and
//! illustrated-tls13 (`testdata/illustrated-tls13.json`).

use ring::rand::SecureRandom;
use serde_json::Value;
use tls_handshake::deps::Rng;
use tls_handshake::key_exchange::KeyShare;
use tls_wire::ids::NamedGroup;

/// Hands ring one recorded scalar. ring's test generators live in a module ring marks
/// deprecated ("internal API that will be removed"); they are the only way to inject one.
#[allow(deprecated)]
struct RecordedScalar<'a>(ring::test::rand::FixedSliceRandom<'a>);

#[allow(deprecated)]
impl<'a> RecordedScalar<'a> {
    fn new(scalar: &'a [u8]) -> Self {
        Self(ring::test::rand::FixedSliceRandom { bytes: scalar })
    }
}

impl Rng for RecordedScalar<'_> {
    fn secure_random(&self) -> &dyn SecureRandom {
        &self.0
    }
}

fn testdata(name: &str) -> Value {
    tls_tests::json(name)
}

fn unhex(hex: &str) -> Vec<u8> {
    hex::decode(hex).unwrap_or_else(|e| panic!("bad hex {hex:?}: {e}"))
}

/// One recorded exchange: each side's private and public key, and the shared secret.
struct Recorded {
    client_private: Vec<u8>,
    client_public: Vec<u8>,
    server_private: Vec<u8>,
    server_public: Vec<u8>,
    shared_secret: Vec<u8>,
}

/// Checks both sides of `recorded`: generation from the recorded scalar gives the recorded
/// public key, and each side's agreement gives the recorded secret.
fn replay(recorded: &Recorded) {
    let client = KeyShare::generate(
        NamedGroup::X25519,
        &RecordedScalar::new(&recorded.client_private),
    )
    .unwrap();
    let server = KeyShare::generate(
        NamedGroup::X25519,
        &RecordedScalar::new(&recorded.server_private),
    )
    .unwrap();
    assert_eq!(client.public_key(), recorded.client_public.as_slice());
    assert_eq!(server.public_key(), recorded.server_public.as_slice());
    let client_secret = client.agree(&recorded.server_public).unwrap();
    let server_secret = server.agree(&recorded.client_public).unwrap();
    assert_eq!(client_secret.as_bytes(), recorded.shared_secret.as_slice());
    assert_eq!(server_secret.as_bytes(), recorded.shared_secret.as_slice());
}

/// The `hex` of the item named `name` in the step labelled `label` on `side`.
fn rfc8448_item(items: &[Value], side: &str, label: &str, name: &str) -> Vec<u8> {
    let item = items
        .iter()
        .find(|item| item["side"] == side && item["label"] == label && item["name"] == name)
        .unwrap_or_else(|| panic!("no {side} {label:?} {name:?} in RFC 8448 simple 1-RTT"));
    unhex(item["hex"].as_str().unwrap())
}

#[test]
fn replays_the_rfc8448_simple_1rtt_x25519_exchange() {
    let vectors = testdata("rfc8448-vectors.json");
    let scenario = vectors["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|scenario| scenario["scenario"] == "simple-1rtt")
        .unwrap();
    let items = scenario["items"].as_array().unwrap();
    let key_pair = "create an ephemeral x25519 key pair";
    replay(&Recorded {
        client_private: rfc8448_item(items, "client", key_pair, "private key"),
        client_public: rfc8448_item(items, "client", key_pair, "public key"),
        server_private: rfc8448_item(items, "server", key_pair, "private key"),
        server_public: rfc8448_item(items, "server", key_pair, "public key"),
        // The (EC)DHE input of `extract secret "handshake"` (RFC 8448 §3) is the X25519 result.
        shared_secret: rfc8448_item(items, "server", "extract secret \"handshake\"", "IKM"),
    });
}

#[test]
fn replays_the_illustrated_tls13_x25519_exchange() {
    let vectors = testdata("illustrated-tls13.json");
    let keys = &vectors["keys"];
    let field = |name: &str| unhex(keys[name].as_str().unwrap_or_else(|| panic!("no {name}")));
    replay(&Recorded {
        client_private: field("client_x25519_private"),
        client_public: field("client_x25519_public"),
        server_private: field("server_x25519_private"),
        server_public: field("server_x25519_public"),
        shared_secret: field("x25519_shared_secret"),
    });
}
