//! Keying material exporters against OpenSSL (`testdata/openssl-exporters.json`): no published
//! vector exists, so the file holds four loopback sessions recorded once with OpenSSL, the
//! secrets they derive from, and what OpenSSL exported.
//!
//! TLS 1.3 (RFC 8446 §7.5): from the key log's `EXPORTER_SECRET`. TLS 1.2 (RFC 5705): from the
//! key log's master secret and the hellos' randoms. Both without a context (what
//! `s_client -keymatexport` does) and, through libssl, with an empty and a non-empty one.

#![forbid(unsafe_code)]

mod common;

use common::{hex_field, keylog_client_random, keylog_secret, str_field, testdata, unhex};
use serde_json::Value;
use tls_keyschedule::tls12::{self, Randoms};
use tls_keyschedule::tls13::ExporterMasterSecret;
use tls_keyschedule::{Error, HashAlgorithm, Secret};

/// The sessions of one protocol (`"TLSv1.2"` or `"TLSv1.3"`).
fn sessions(protocol: &str) -> Vec<Value> {
    let sessions: Vec<Value> = testdata("openssl-exporters.json")["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["protocol"] == protocol)
        .cloned()
        .collect();
    assert_eq!(sessions.len(), 2, "two {protocol} sessions");
    sessions
}

/// The PRF or HKDF hash of an OpenSSL cipher name: every suite used ends in its hash, or is
/// ChaCha20-Poly1305 (SHA-256).
fn hash(session: &Value) -> HashAlgorithm {
    let cipher = str_field(session, "openssl_cipher");
    if cipher.ends_with("SHA384") {
        HashAlgorithm::Sha384
    } else {
        assert!(cipher.ends_with("SHA256"), "{cipher}");
        HashAlgorithm::Sha256
    }
}

/// `(context, length, expected output)` of every export of a session.
fn exports(session: &Value) -> Vec<(String, Option<Vec<u8>>, Vec<u8>)> {
    session["exports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(str_field(e, "label"), "EXPERIMENTAL-test");
            let context = e["context_hex"].as_str().map(unhex);
            (
                format!("context {:?}", e["context_hex"]),
                context,
                hex_field(e, "output_hex"),
            )
        })
        .collect()
}

#[test]
fn tls13_exporter_equals_openssl() {
    let mut checked = 0;
    for session in sessions("TLSv1.3") {
        let name = str_field(&session, "name");
        let secret = keylog_secret(&session["keylog"], "EXPORTER_SECRET");
        assert_eq!(secret, hex_field(&session, "exporter_secret"));
        let exporter = ExporterMasterSecret::new(hash(&session), Secret::new(&secret));
        for (what, context, expected) in exports(&session) {
            let mut out = vec![0; expected.len()];
            // TLS 1.3: no context is the empty context (RFC 8446 §7.5).
            exporter
                .derive_keying_material(
                    b"EXPERIMENTAL-test",
                    &context.unwrap_or_default(),
                    &mut out,
                )
                .unwrap();
            assert_eq!(hex::encode(out), hex::encode(expected), "{name} {what}");
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
}

#[test]
fn tls12_exporter_equals_openssl() {
    let mut checked = 0;
    for session in sessions("TLSv1.2") {
        let name = str_field(&session, "name");
        assert_eq!(session["extended_master_secret"], true, "{name}");
        let secret = keylog_secret(&session["keylog"], "CLIENT_RANDOM");
        assert_eq!(secret, hex_field(&session, "master_secret"));
        let client_random = hex_field(&session, "client_random");
        assert_eq!(client_random, keylog_client_random(&session["keylog"]));
        let randoms = Randoms {
            client_random: client_random.try_into().unwrap(),
            server_random: hex_field(&session, "server_random").try_into().unwrap(),
        };
        let master = tls12::MasterSecret::new(hash(&session), Secret::new(&secret));
        for (what, context, expected) in exports(&session) {
            let mut out = vec![0; expected.len()];
            master
                .derive_keying_material(
                    &randoms,
                    b"EXPERIMENTAL-test",
                    context.as_deref(),
                    &mut out,
                )
                .unwrap();
            assert_eq!(hex::encode(out), hex::encode(expected), "{name} {what}");
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
}

#[test]
fn tls12_empty_context_differs_from_none_and_tls13_does_not() {
    for protocol in ["TLSv1.2", "TLSv1.3"] {
        let session = &sessions(protocol)[1];
        let exports = exports(session);
        let none = exports.iter().find(|(_, c, _)| c.is_none()).unwrap();
        let empty = exports
            .iter()
            .find(|(_, c, _)| c.as_deref() == Some(&[]))
            .unwrap();
        assert_eq!(none.2 == empty.2, protocol == "TLSv1.3", "{protocol}");
    }
}

#[test]
fn tls12_rejects_reserved_labels_and_long_contexts() {
    let master = tls12::MasterSecret::new(HashAlgorithm::Sha256, Secret::new(&[1; 48]));
    let randoms = Randoms {
        client_random: [2; 32],
        server_random: [3; 32],
    };
    let mut out = [0; 16];
    for label in [
        "client finished",
        "server finished",
        "master secret",
        "key expansion",
    ] {
        assert_eq!(
            master.derive_keying_material(&randoms, label.as_bytes(), None, &mut out),
            Err(Error::ReservedLabel { label }),
            "{label}"
        );
    }
    let long = vec![0; 65_536];
    assert_eq!(
        master.derive_keying_material(&randoms, b"EXPERIMENTAL-x", Some(&long), &mut out),
        Err(Error::ContextLength {
            len: 65_536,
            max: 65_535
        })
    );
    assert!(
        master
            .derive_keying_material(&randoms, b"EXPERIMENTAL-x", Some(&long[1..]), &mut out)
            .is_ok()
    );
}

#[test]
fn tls13_rejects_empty_and_long_labels_and_long_outputs() {
    let exporter = ExporterMasterSecret::new(HashAlgorithm::Sha256, Secret::new(&[1; 32]));
    let mut out = [0; 16];
    assert_eq!(
        exporter.derive_keying_material(b"", b"", &mut out),
        Err(Error::LabelLength { len: 0 })
    );
    assert_eq!(
        exporter.derive_keying_material(&[b'a'; 250], b"", &mut out),
        Err(Error::LabelLength { len: 250 })
    );
    let mut long = vec![0; 255 * 32 + 1];
    assert!(matches!(
        exporter.derive_keying_material(b"EXPERIMENTAL-x", b"", &mut long),
        Err(Error::OutputLength { .. })
    ));
    // A context of any length: only its hash enters HkdfLabel.
    assert!(
        exporter
            .derive_keying_material(b"EXPERIMENTAL-x", &[0; 1000], &mut out)
            .is_ok()
    );
}
