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

mod builders {
    use std::sync::Arc;

    use tls_handshake::config::{
        ClientConfig, ClientConfigBuilder, ServerConfig, ServerConfigBuilder, SupportedCipherSuite,
        SupportedGroup, SupportedVersion,
    };
    use tls_handshake::error::ConfigError;
    use tls_handshake::verifier::WebPkiServerVerifier;
    use tls_pki::TrustAnchors;
    use tls_wire::ids::SignatureScheme;

    use super::{certificate_pem, key_pem};

    fn client() -> ClientConfigBuilder {
        ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(TrustAnchors::new())))
    }

    fn server() -> ServerConfigBuilder {
        let key = "ecdsa-p256.pkcs8.pem";
        let certified = tls_handshake::config::CertifiedKey::from_pem(
            certificate_pem(key).as_bytes(),
            &key_pem(key),
        )
        .unwrap();
        ServerConfig::builder(Arc::new(certified))
    }

    #[test]
    fn the_defaults_are_every_suite_and_group_we_implement_in_our_order() {
        let client = client().build().unwrap();
        assert_eq!(
            client.versions(),
            [SupportedVersion::Tls13, SupportedVersion::Tls12]
        );
        assert_eq!(client.cipher_suites(), SupportedCipherSuite::ALL);
        assert_eq!(
            client.groups(),
            [
                SupportedGroup::X25519,
                SupportedGroup::Secp256r1,
                SupportedGroup::Secp384r1
            ]
        );
        assert!(client.sni() && !client.server_name_check_skipped());
        assert!(client.alpn_protocols().is_empty());
        let server = server().build().unwrap();
        assert_eq!(server.versions(), SupportedVersion::ALL);
        assert_eq!(server.cipher_suites(), SupportedCipherSuite::ALL);
        assert_eq!(server.groups(), SupportedGroup::ALL);
    }

    #[test]
    fn default_versions_keep_to_the_suites_chosen() {
        let client = client()
            .cipher_suites(&[SupportedCipherSuite::Tls13ChaCha20Poly1305Sha256])
            .build()
            .unwrap();
        assert_eq!(client.versions(), [SupportedVersion::Tls13]);
        let server = server()
            .cipher_suites(&[SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256])
            .build()
            .unwrap();
        assert_eq!(server.versions(), [SupportedVersion::Tls12]);
    }

    #[test]
    fn a_version_chosen_without_a_suite_is_refused() {
        let error = client()
            .versions(&[SupportedVersion::Tls12])
            .cipher_suites(&[SupportedCipherSuite::Tls13Aes128GcmSha256])
            .build()
            .unwrap_err();
        assert_eq!(
            error,
            ConfigError::NoCipherSuiteForVersion {
                version: SupportedVersion::Tls12
            }
        );
    }

    #[test]
    fn an_empty_list_is_refused_at_build_time() {
        let empty = |list| ConfigError::EmptyList { list };
        assert_eq!(
            client().versions(&[]).build().unwrap_err(),
            empty("versions")
        );
        assert_eq!(
            client().cipher_suites(&[]).build().unwrap_err(),
            empty("cipher suites")
        );
        assert_eq!(server().groups(&[]).build().unwrap_err(), empty("groups"));
        assert_eq!(
            client().signature_schemes(&[]).build().unwrap_err(),
            empty("signature schemes")
        );
    }

    #[test]
    fn a_repeated_entry_is_refused_at_build_time() {
        let suite = SupportedCipherSuite::Tls13Aes128GcmSha256;
        assert_eq!(
            client().cipher_suites(&[suite, suite]).build().unwrap_err(),
            ConfigError::DuplicateInList {
                list: "cipher suites"
            }
        );
        assert_eq!(
            server().alpn_protocols(&["h2", "h2"]).build().unwrap_err(),
            ConfigError::DuplicateInList {
                list: "application protocols"
            }
        );
    }

    #[test]
    fn a_signature_scheme_we_cannot_verify_is_refused() {
        for scheme in [
            SignatureScheme::RSA_PKCS1_SHA1,
            SignatureScheme::ECDSA_SHA1,
            SignatureScheme::ED448,
        ] {
            assert_eq!(
                client().signature_schemes(&[scheme]).build().unwrap_err(),
                ConfigError::UnverifiableSignatureScheme { scheme }
            );
        }
    }

    #[test]
    fn application_protocols_out_of_their_bounds_are_refused() {
        assert_eq!(
            client().alpn_protocols(&[""]).build().unwrap_err(),
            ConfigError::InvalidApplicationProtocol { len: 0 }
        );
        let long = vec![b'a'; 256];
        assert_eq!(
            server().alpn_protocols(&[long]).build().unwrap_err(),
            ConfigError::InvalidApplicationProtocol { len: 256 }
        );
        let many: Vec<String> = (0..300).map(|i| format!("{i:0>250}")).collect();
        assert_eq!(
            client().alpn_protocols(&many).build().unwrap_err(),
            ConfigError::TooManyApplicationProtocols
        );
    }

    #[test]
    fn every_config_error_reads_as_a_sentence_naming_the_fault() {
        let error = client().cipher_suites(&[]).build().unwrap_err();
        assert_eq!(
            error.to_string(),
            "our configuration's cipher suites list is empty"
        );
        assert_eq!(
            tls_handshake::error::HandshakeError::from(error).alert(),
            None
        );
    }
}
