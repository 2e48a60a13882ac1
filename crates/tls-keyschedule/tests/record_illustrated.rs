//! Every protected record of illustrated-tls13 (TLS_AES_256_GCM_SHA384: the server's
//! EncryptedExtensions, Certificate, CertificateVerify, Finished, two NewSessionTickets and
//! "pong"; the client's Finished and "ping") opened to its inner plaintext, and sealed again
//! byte for byte, with the `traffic_keys` the file gives.
#![forbid(unsafe_code)]

mod common;
mod record_kat;

use common::{hex_field, str_field, testdata};
use record_kat::{Tls13Keys, Tls13Record};
use tls_keyschedule::AeadAlgorithm;
use tls_wire::ids::ContentType;

#[test]
fn illustrated_tls13_every_protected_record() {
    let vectors = testdata("illustrated-tls13.json");
    assert_eq!(vectors["cipher_suite"], "TLS_AES_256_GCM_SHA384 (0x1302)");
    let mut protected = 0;
    for record in vectors["records"].as_array().unwrap() {
        let Some(protected_with) = record["protected_with"].as_str() else {
            continue;
        };
        // "server_handshake_traffic" is protected with traffic_keys.server_handshake,
        // "client_application_traffic_0" with traffic_keys.client_application_0.
        let keys = &vectors["traffic_keys"][protected_with.replace("_traffic", "")];
        let inner = hex_field(record, "inner_plaintext_hex");
        let typ = ContentType::from(
            u8::try_from(record["inner_content_type"].as_u64().unwrap()).unwrap(),
        );
        // The inner plaintext is the content, its type byte, then zero padding.
        let type_at = inner.iter().rposition(|&b| b != 0).unwrap();
        assert_eq!(inner[type_at], typ.get());
        let what = format!(
            "illustrated-tls13 record {}: {}",
            record["index"],
            str_field(record, "message")
        );
        Tls13Record {
            what: &what,
            aead: AeadAlgorithm::Aes256Gcm,
            keys: Tls13Keys::Raw {
                key: &hex_field(keys, "key_hex"),
                iv: hex_field(keys, "iv_hex").try_into().unwrap(),
            },
            seq: record["sequence_number"].as_u64().unwrap(),
            record: &hex_field(record, "record_hex"),
            typ,
            content: &inner[..type_at],
        }
        .open_and_reseal();
        protected += 1;
    }
    assert_eq!(protected, 9);
}
