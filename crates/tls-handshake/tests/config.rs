//! Configuration-time checks: a certificate and its key are paired when the config is made, so
//! a mismatch fails there, naming the fault, rather than in every handshake.

use tls_handshake::config::CertifiedKey;
use tls_handshake::error::{ConfigError, HandshakeError};

fn key_pem(file: &str) -> Vec<u8> {
    tls_tests::bytes(&format!("keys/{file}"))
}

/// A self-signed certificate for a checked-in PKCS#8 key, as PEM.
fn certificate_pem(key_file: &str) -> String {
    let pem = String::from_utf8(key_pem(key_file)).unwrap();
    tls_tests::self_signed(&pem, "example.com").unwrap().pem
}

#[test]
fn pairs_a_certificate_with_its_own_key_of_every_type() {
    for key in [
        "ecdsa-p256.pkcs8.pem",
        "ecdsa-p384.pkcs8.pem",
        "ed25519.pkcs8.pem",
        "rsa-2048.pkcs8.pem",
    ] {
        let certified = CertifiedKey::from_pem(certificate_pem(key).as_bytes(), &key_pem(key))
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!(certified.chain().len(), 1, "{key}");
    }
    // The same key in another format pairs too.
    CertifiedKey::from_pem(
        certificate_pem("ecdsa-p256.pkcs8.pem").as_bytes(),
        &key_pem("ecdsa-p256.sec1.pem"),
    )
    .unwrap();
}

#[test]
fn rejects_a_key_that_is_not_the_certificates() {
    let error = CertifiedKey::from_pem(
        certificate_pem("ecdsa-p256.pkcs8.pem").as_bytes(),
        &key_pem("ecdsa-p384.pkcs8.pem"),
    )
    .unwrap_err();
    assert_eq!(
        error,
        HandshakeError::Config(ConfigError::CertificateKeyMismatch)
    );
    assert_eq!(error.alert(), None);
}

#[test]
fn rejects_a_chain_without_a_certificate() {
    let error =
        CertifiedKey::from_pem(b"no PEM here", &key_pem("ecdsa-p256.pkcs8.pem")).unwrap_err();
    assert_eq!(
        error,
        HandshakeError::Config(ConfigError::EmptyCertificateChain)
    );
}
