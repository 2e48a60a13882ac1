//! Loading the checked-in keys of `testdata/keys/` (see `testdata/README.md` for the openssl
//! commands that made them) and signing with them.

#![forbid(unsafe_code)]

use ring::signature::{self as ring_sig, UnparsedPublicKey};
use tls_handshake::deps::SystemRng;
use tls_handshake::error::{ConfigError, HandshakeError, LocalError};
use tls_handshake::sign::SigningKey;
use tls_wire::ids::SignatureScheme;

/// Reads a file of `testdata/keys/`.
fn key_file(name: &str) -> Vec<u8> {
    tls_tests::bytes(&format!("keys/{name}"))
}

fn load(name: &str) -> SigningKey {
    SigningKey::from_pem(&key_file(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// The format and reason of a refusal.
fn refusal(result: Result<SigningKey, HandshakeError>) -> (&'static str, &'static str) {
    match result {
        Err(HandshakeError::Config(ConfigError::UnusablePrivateKey { format, reason })) => {
            (format, reason)
        }
        other => panic!("expected UnusablePrivateKey, got {other:?}"),
    }
}

const P256: &[SignatureScheme] = &[SignatureScheme::ECDSA_SECP256R1_SHA256];
const P384: &[SignatureScheme] = &[SignatureScheme::ECDSA_SECP384R1_SHA384];
const RSA: &[SignatureScheme] = &[
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
];
const ED25519: &[SignatureScheme] = &[SignatureScheme::ED25519];

/// Every key file we load, with the schemes it signs with.
const LOADABLE: &[(&str, &[SignatureScheme])] = &[
    ("ecdsa-p256.pkcs8.pem", P256),
    ("ecdsa-p256.sec1.pem", P256),
    ("ecdsa-p256-with-params.sec1.pem", P256),
    ("ecdsa-p384.pkcs8.pem", P384),
    ("ecdsa-p384.sec1.pem", P384),
    ("rsa-2048.pkcs8.pem", RSA),
    ("rsa-2048.pkcs1.pem", RSA),
    ("rsa-4096.pkcs8.pem", RSA),
    ("rsa-4096.pkcs1.pem", RSA),
    ("ed25519.pkcs8.pem", ED25519),
];

#[test]
fn loads_every_supported_format() {
    for (name, schemes) in LOADABLE {
        assert_eq!(load(name).tls13_schemes(), *schemes, "{name}");
    }
}

#[test]
fn sec1_and_pkcs8_forms_of_a_key_are_the_same_key() {
    for (pkcs8, other) in [
        ("ecdsa-p256.pkcs8.pem", "ecdsa-p256.sec1.pem"),
        ("ecdsa-p384.pkcs8.pem", "ecdsa-p384.sec1.pem"),
        ("rsa-2048.pkcs8.pem", "rsa-2048.pkcs1.pem"),
        ("rsa-4096.pkcs8.pem", "rsa-4096.pkcs1.pem"),
    ] {
        assert_eq!(
            load(pkcs8).public_key(),
            load(other).public_key(),
            "{other}"
        );
    }
}

#[test]
fn der_entry_points_load_the_pem_contents() {
    let contents = |name| pem::parse(key_file(name)).unwrap().into_contents();
    let pkcs8 = SigningKey::from_pkcs8_der(&contents("ed25519.pkcs8.pem")).unwrap();
    assert_eq!(pkcs8.tls13_schemes(), ED25519);
    let sec1 = SigningKey::from_sec1_der(&contents("ecdsa-p384.sec1.pem")).unwrap();
    assert_eq!(sec1.tls13_schemes(), P384);
    let pkcs1 = SigningKey::from_pkcs1_der(&contents("rsa-2048.pkcs1.pem")).unwrap();
    assert_eq!(pkcs1.tls13_schemes(), RSA);
}

#[test]
fn refuses_rsa_1024_naming_its_size() {
    assert_eq!(
        refusal(SigningKey::from_pem(&key_file("rsa-1024.pkcs8.pem"))),
        (
            "PKCS#8",
            "RSA keys smaller than 2048 bits are not supported"
        )
    );
}

#[test]
fn refuses_p521_as_an_unsupported_curve_in_both_formats() {
    let reason = "unsupported elliptic curve (P-256 and P-384 are supported)";
    assert_eq!(
        refusal(SigningKey::from_pem(&key_file("ecdsa-p521.pkcs8.pem"))),
        ("PKCS#8", reason)
    );
    assert_eq!(
        refusal(SigningKey::from_pem(&key_file("ecdsa-p521.sec1.pem"))),
        ("SEC1", reason)
    );
}

#[test]
fn refuses_encrypted_pkcs8() {
    assert_eq!(
        refusal(SigningKey::from_pem(&key_file(
            "ecdsa-p256.encrypted-pkcs8.pem"
        ))),
        (
            "PKCS#8",
            "encrypted private keys are not supported; decrypt the key first"
        )
    );
}

#[test]
fn refuses_traditionally_encrypted_pkcs1() {
    // OpenSSL's `-traditional` encryption keeps the label and adds RFC 1421 headers; the
    // contents here are not really encrypted, but the headers alone must stop us.
    let plain = String::from_utf8(key_file("rsa-2048.pkcs1.pem")).unwrap();
    let encrypted = plain.replacen(
        "-----BEGIN RSA PRIVATE KEY-----\n",
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\
         DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\n",
        1,
    );
    assert_eq!(
        refusal(SigningKey::from_pem(encrypted.as_bytes())),
        (
            "PKCS#1",
            "encrypted private keys are not supported; decrypt the key first"
        )
    );
}

#[test]
fn refuses_sec1_without_its_public_key() {
    assert_eq!(
        refusal(SigningKey::from_pem(&key_file(
            "ecdsa-p256-no-public.sec1.pem"
        ))),
        ("SEC1", "the public key is missing (it is required)")
    );
}

#[test]
fn refuses_garbage_under_a_private_key_label() {
    assert_eq!(
        refusal(SigningKey::from_pem(&key_file("garbage.pkcs8.pem"))),
        ("PKCS#8", "not a DER PrivateKeyInfo")
    );
}

#[test]
fn refuses_pem_without_a_private_key() {
    let none = ("PEM", "no private key found");
    assert_eq!(
        refusal(SigningKey::from_pem(&key_file("ec-parameters-only.pem"))),
        none
    );
    assert_eq!(refusal(SigningKey::from_pem(b"not pem at all")), none);
    assert_eq!(refusal(SigningKey::from_pem(b"")), none);
}

#[test]
fn refuses_pem_that_does_not_parse() {
    assert_eq!(
        refusal(SigningKey::from_pem(
            b"-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n"
        )),
        ("PEM", "the input is not valid PEM")
    );
}

#[test]
fn refuses_two_private_keys_in_one_file() {
    let mut two = key_file("ecdsa-p256.pkcs8.pem");
    two.extend(key_file("ed25519.pkcs8.pem"));
    assert_eq!(
        refusal(SigningKey::from_pem(&two)),
        ("PEM", "the input holds more than one private key")
    );
}

#[test]
fn refuses_other_private_key_types_by_label() {
    let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    assert_eq!(refusal(SigningKey::from_pem(openssh.as_bytes())).0, "PEM");
}

#[test]
fn skips_a_certificate_kept_beside_the_key() {
    let mut file = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".to_vec();
    file.extend(key_file("ecdsa-p384.pkcs8.pem"));
    assert_eq!(SigningKey::from_pem(&file).unwrap().tls13_schemes(), P384);
}

#[test]
fn refusals_name_the_format_and_send_no_alert() {
    let error = SigningKey::from_pem(&key_file("rsa-1024.pkcs8.pem")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "our PKCS#8 private key cannot be used: RSA keys smaller than 2048 bits are not supported"
    );
    assert_eq!(error.alert(), None);
}

#[test]
fn ecdsa_signatures_are_der_and_verify_with_the_public_key() {
    for (name, scheme, algorithm) in [
        (
            "ecdsa-p256.sec1.pem",
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            &ring_sig::ECDSA_P256_SHA256_ASN1,
        ),
        (
            "ecdsa-p256-with-params.sec1.pem",
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            &ring_sig::ECDSA_P256_SHA256_ASN1,
        ),
        (
            "ecdsa-p384.pkcs8.pem",
            SignatureScheme::ECDSA_SECP384R1_SHA384,
            &ring_sig::ECDSA_P384_SHA384_ASN1,
        ),
    ] {
        let key = load(name);
        let signature = key.sign(scheme, b"content", &SystemRng::new()).unwrap();
        // ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
        assert_eq!(signature[0], 0x30, "{name}");
        assert_eq!(usize::from(signature[1]) + 2, signature.len(), "{name}");
        UnparsedPublicKey::new(algorithm, key.public_key())
            .verify(b"content", &signature)
            .unwrap_or_else(|_| panic!("{name}: signature does not verify"));
    }
}

#[test]
fn rsa_signatures_are_pss_with_the_hash_length_as_salt() {
    // ring's PSS verification requires a salt as long as the hash.
    for name in ["rsa-2048.pkcs1.pem", "rsa-4096.pkcs8.pem"] {
        let key = load(name);
        for (scheme, algorithm) in [
            (
                SignatureScheme::RSA_PSS_RSAE_SHA256,
                &ring_sig::RSA_PSS_2048_8192_SHA256,
            ),
            (
                SignatureScheme::RSA_PSS_RSAE_SHA384,
                &ring_sig::RSA_PSS_2048_8192_SHA384,
            ),
            (
                SignatureScheme::RSA_PSS_RSAE_SHA512,
                &ring_sig::RSA_PSS_2048_8192_SHA512,
            ),
        ] {
            let signature = key.sign(scheme, b"content", &SystemRng::new()).unwrap();
            assert_eq!(
                signature.len() * 8,
                if name.contains("4096") { 4096 } else { 2048 }
            );
            UnparsedPublicKey::new(algorithm, key.public_key())
                .verify(b"content", &signature)
                .unwrap_or_else(|_| panic!("{name} {scheme}: signature does not verify"));
            // The same signature is not a PKCS#1 v1.5 one.
            let pkcs1 =
                UnparsedPublicKey::new(&ring_sig::RSA_PKCS1_2048_8192_SHA256, key.public_key());
            assert!(pkcs1.verify(b"content", &signature).is_err());
        }
    }
}

#[test]
fn ed25519_signatures_verify_with_the_public_key() {
    let key = load("ed25519.pkcs8.pem");
    let signature = key
        .sign(SignatureScheme::ED25519, b"content", &SystemRng::new())
        .unwrap();
    UnparsedPublicKey::new(&ring_sig::ED25519, key.public_key())
        .verify(b"content", &signature)
        .unwrap();
}

#[test]
fn refuses_to_sign_with_a_scheme_of_another_key_type() {
    for (name, _) in LOADABLE {
        let key = load(name);
        for scheme in [
            SignatureScheme::RSA_PKCS1_SHA256,
            SignatureScheme::ECDSA_SHA1,
            SignatureScheme::ED448,
            SignatureScheme::RSA_PSS_PSS_SHA256,
            SignatureScheme::ECDSA_SECP521R1_SHA512,
        ]
        .into_iter()
        .chain(RSA.iter().chain(P256).chain(P384).chain(ED25519).copied())
        .filter(|scheme| !key.tls13_schemes().contains(scheme))
        {
            assert_eq!(
                key.sign(scheme, b"content", &SystemRng::new()),
                Err(LocalError::SignatureSchemeNotForKey { scheme }.into()),
                "{name} {scheme}"
            );
        }
    }
}

#[test]
fn chooses_the_keys_scheme_from_a_browser_like_offer() {
    // Chrome's signature_algorithms order.
    let offered = [
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        SignatureScheme::RSA_PSS_RSAE_SHA256,
        SignatureScheme::RSA_PKCS1_SHA256,
        SignatureScheme::ECDSA_SECP384R1_SHA384,
        SignatureScheme::RSA_PSS_RSAE_SHA384,
        SignatureScheme::RSA_PKCS1_SHA384,
        SignatureScheme::RSA_PSS_RSAE_SHA512,
        SignatureScheme::RSA_PKCS1_SHA512,
    ];
    for (name, expected) in [
        (
            "ecdsa-p256.pkcs8.pem",
            Ok(SignatureScheme::ECDSA_SECP256R1_SHA256),
        ),
        (
            "ecdsa-p384.pkcs8.pem",
            Ok(SignatureScheme::ECDSA_SECP384R1_SHA384),
        ),
        (
            "rsa-4096.pkcs1.pem",
            Ok(SignatureScheme::RSA_PSS_RSAE_SHA256),
        ),
        (
            "ed25519.pkcs8.pem",
            Err(tls_handshake::error::PeerIncompatible::NoCommonSignatureScheme.into()),
        ),
    ] {
        assert_eq!(load(name).choose_tls13_scheme(&offered), expected, "{name}");
    }
}
