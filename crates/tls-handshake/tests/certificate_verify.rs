//! CertificateVerify: the recorded traces' signatures (illustrated-tls13, RFC 8448), round
//! trips through our own signing for every key type and scheme, and every refusal.
//!
//! Certificates for the checked-in keys of `testdata/keys/` are self-signed by tls-tests;
//! signature verification does not look at their validity, names or issuer.

#![forbid(unsafe_code)]

use ring::digest::{self, SHA256, SHA384};
use serde_json::Value;
use tls_handshake::deps::{Rng, SystemRng};
use tls_handshake::error::{HandshakeError, PeerMisbehaved};
use tls_handshake::sign::SigningKey;
use tls_handshake::verify::{
    Side, TLS13_CERTIFICATE_VERIFY_SCHEMES, certificate_verify_message,
    verify_tls13_certificate_verify,
};
use tls_pki::{Position, Rejection};
use tls_wire::ids::{AlertDescription, SignatureScheme};

use tls_tests::{bytes as testdata, json};

fn unhex(value: &Value) -> Vec<u8> {
    hex::decode(value.as_str().expect("a hex string")).unwrap()
}

/// A CertificateVerify handshake message split into its scheme and signature.
fn split_certificate_verify(message: &[u8]) -> (SignatureScheme, Vec<u8>) {
    assert_eq!(message[0], 0x0f, "not a CertificateVerify");
    let scheme = SignatureScheme::new(u16::from_be_bytes([message[4], message[5]]));
    let len = usize::from(u16::from_be_bytes([message[6], message[7]]));
    assert_eq!(message.len(), 8 + len);
    (scheme, message[8..].to_vec())
}

/// A TLS 1.3 Certificate handshake message's first (end-entity) certificate.
fn first_certificate(message: &[u8]) -> Vec<u8> {
    assert_eq!(message[0], 0x0b, "not a Certificate");
    assert_eq!(message[4], 0x00, "certificate_request_context is not empty");
    // Skip type (1), length (3), context length (1), list length (3).
    let entry = &message[8..];
    let len = usize::from(entry[0]) << 16 | usize::from(entry[1]) << 8 | usize::from(entry[2]);
    entry[3..3 + len].to_vec()
}

/// illustrated-tls13's server flight, as the client sees it.
struct Illustrated {
    certificate: Vec<u8>,
    transcript_hash: Vec<u8>,
    scheme: SignatureScheme,
    signature: Vec<u8>,
    private_key_pem: Vec<u8>,
}

fn illustrated() -> Illustrated {
    let trace = json("illustrated-tls13.json");
    let records = trace["records"].as_array().unwrap();
    let record = |message: &str| {
        records
            .iter()
            .find(|record| record["message"] == message)
            .unwrap_or_else(|| panic!("no {message} record"))
    };
    // Plaintext records: the handshake message follows the 5-byte record header.
    let plaintext = |message| unhex(&record(message)["record_hex"])[5..].to_vec();
    // Protected records: TLSInnerPlaintext ends with its one-octet content type.
    let inner = |message| {
        let mut bytes = unhex(&record(message)["inner_plaintext_hex"]);
        assert_eq!(bytes.pop(), Some(22), "{message} is not a handshake record");
        bytes
    };
    let certificate_message = inner("Certificate");
    let (scheme, signature) = split_certificate_verify(&inner("CertificateVerify"));
    // TLS_AES_256_GCM_SHA384: Transcript-Hash(ClientHello … Certificate) is SHA-384.
    let mut context = digest::Context::new(&SHA384);
    context.update(&plaintext("ClientHello"));
    context.update(&plaintext("ServerHello"));
    context.update(&inner("EncryptedExtensions"));
    context.update(&certificate_message);
    let certificate = first_certificate(&certificate_message);
    assert_eq!(
        certificate,
        unhex(&trace["keys"]["server_certificate_der_hex"])
    );
    Illustrated {
        certificate,
        transcript_hash: context.finish().as_ref().to_vec(),
        scheme,
        signature,
        private_key_pem: trace["keys"]["server_rsa_private_key_pem"]
            .as_str()
            .unwrap()
            .as_bytes()
            .to_vec(),
    }
}

/// A self-signed certificate for a checked-in PKCS#8 key.
fn certificate_for(key_file: &str) -> Vec<u8> {
    let pem = String::from_utf8(testdata(&format!("keys/{key_file}"))).unwrap();
    tls_tests::self_signed(&pem, "example.com").unwrap().der
}

fn load(key_file: &str) -> SigningKey {
    SigningKey::from_pem(&testdata(&format!("keys/{key_file}"))).unwrap()
}

/// Our CertificateVerify signature over `transcript_hash`, as `side` sends it.
fn sign(key: &SigningKey, scheme: SignatureScheme, side: Side, transcript_hash: &[u8]) -> Vec<u8> {
    let mut content = Vec::new();
    certificate_verify_message(side, transcript_hash, &mut content);
    key.sign(scheme, &content, &SystemRng::new()).unwrap()
}

/// A transcript hash to sign in the round trips.
fn transcript_hash() -> Vec<u8> {
    digest::digest(&SHA256, b"ClientHello ... Certificate")
        .as_ref()
        .to_vec()
}

fn misbehaved(result: Result<impl core::fmt::Debug, HandshakeError>) -> PeerMisbehaved {
    match result {
        Err(HandshakeError::PeerMisbehaved(error)) => error,
        other => panic!("expected PeerMisbehaved, got {other:?}"),
    }
}

#[test]
fn illustrated_tls13_server_certificate_verify_verifies() {
    let trace = illustrated();
    assert_eq!(trace.scheme, SignatureScheme::RSA_PSS_RSAE_SHA256);
    // The certificate expired in 2019: signature verification does not look at validity.
    verify_tls13_certificate_verify(
        &trace.certificate,
        trace.scheme,
        TLS13_CERTIFICATE_VERIFY_SCHEMES,
        &trace.transcript_hash,
        Side::Server,
        &trace.signature,
    )
    .unwrap();
}

#[test]
fn illustrated_tls13_server_signature_is_ours_with_its_salt() {
    // The trace's server signed with a PSS salt of 32 octets of 0x12.
    #[allow(deprecated)] // ring's fixed generators live in its deprecated `test` module.
    struct TraceSalt(ring::test::rand::FixedByteRandom);
    impl Rng for TraceSalt {
        fn secure_random(&self) -> &dyn ring::rand::SecureRandom {
            &self.0
        }
    }
    #[allow(deprecated)]
    let salt = TraceSalt(ring::test::rand::FixedByteRandom { byte: 0x12 });

    let trace = illustrated();
    let key = SigningKey::from_pem(&trace.private_key_pem).unwrap();
    let mut content = Vec::new();
    certificate_verify_message(Side::Server, &trace.transcript_hash, &mut content);
    assert_eq!(
        key.sign(trace.scheme, &content, &salt).unwrap(),
        trace.signature
    );
}

#[test]
fn illustrated_tls13_signature_fails_in_the_client_context() {
    let trace = illustrated();
    let error = misbehaved(verify_tls13_certificate_verify(
        &trace.certificate,
        trace.scheme,
        TLS13_CERTIFICATE_VERIFY_SCHEMES,
        &trace.transcript_hash,
        Side::Client,
        &trace.signature,
    ));
    assert_eq!(error, PeerMisbehaved::BadCertificateVerifySignature);
}

#[test]
fn illustrated_tls13_rejects_flipped_signature_bits() {
    let trace = illustrated();
    for index in [0, 1, 100, trace.signature.len() - 1] {
        let mut tampered = trace.signature.clone();
        tampered[index] ^= 0x80;
        let result = verify_tls13_certificate_verify(
            &trace.certificate,
            trace.scheme,
            TLS13_CERTIFICATE_VERIFY_SCHEMES,
            &trace.transcript_hash,
            Side::Server,
            &tampered,
        );
        assert_eq!(
            misbehaved(result),
            PeerMisbehaved::BadCertificateVerifySignature
        );
    }
}

#[test]
fn illustrated_tls13_rejects_another_transcript() {
    let trace = illustrated();
    let mut other = trace.transcript_hash.clone();
    other[0] ^= 0x01;
    let result = verify_tls13_certificate_verify(
        &trace.certificate,
        trace.scheme,
        TLS13_CERTIFICATE_VERIFY_SCHEMES,
        &other,
        Side::Server,
        &trace.signature,
    );
    assert_eq!(
        misbehaved(result),
        PeerMisbehaved::BadCertificateVerifySignature
    );
}

#[test]
fn illustrated_tls13_signature_under_another_pss_hash_does_not_verify() {
    // Relabelling the scheme to rsa_pss_rsae_sha384 fits the key but not the signature.
    let trace = illustrated();
    let result = verify_tls13_certificate_verify(
        &trace.certificate,
        SignatureScheme::RSA_PSS_RSAE_SHA384,
        TLS13_CERTIFICATE_VERIFY_SCHEMES,
        &trace.transcript_hash,
        Side::Server,
        &trace.signature,
    );
    assert_eq!(
        misbehaved(result),
        PeerMisbehaved::BadCertificateVerifySignature
    );
}

#[test]
fn rfc8448_server_rsa_1024_key_is_refused_as_the_certificates_fault() {
    let vectors = json("rfc8448-vectors.json");
    let simple = vectors["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|scenario| scenario["scenario"] == "simple-1rtt")
        .unwrap();
    let message = |name: &str| {
        unhex(
            &simple["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|item| item["side"] == "server" && item["name"] == name)
                .unwrap_or_else(|| panic!("no server {name}"))["hex"],
        )
    };
    let client_hello = unhex(
        &simple["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["name"] == "ClientHello")
            .unwrap()["hex"],
    );
    let certificate_message = message("Certificate");
    let (scheme, signature) = split_certificate_verify(&message("CertificateVerify"));
    assert_eq!(scheme, SignatureScheme::RSA_PSS_RSAE_SHA256);
    let mut context = digest::Context::new(&SHA256);
    for part in [
        client_hello,
        message("ServerHello"),
        message("EncryptedExtensions"),
        certificate_message.clone(),
    ] {
        context.update(&part);
    }
    let result = verify_tls13_certificate_verify(
        &first_certificate(&certificate_message),
        scheme,
        TLS13_CERTIFICATE_VERIFY_SCHEMES,
        context.finish().as_ref(),
        Side::Server,
        &signature,
    );
    let error = result.unwrap_err();
    assert_eq!(
        error,
        HandshakeError::Certificate(Rejection {
            certificate: Position::EndEntity,
            error: tls_pki::Error::UnsupportedSignatureAlgorithm,
        })
    );
    assert_eq!(
        error.alert(),
        Some(AlertDescription::UNSUPPORTED_CERTIFICATE)
    );
}

#[test]
fn round_trips_every_key_type_and_scheme_on_both_sides() {
    let hash = transcript_hash();
    for (pkcs8, others) in [
        ("ecdsa-p256.pkcs8.pem", &["ecdsa-p256.sec1.pem"][..]),
        ("ecdsa-p384.pkcs8.pem", &["ecdsa-p384.sec1.pem"]),
        ("rsa-2048.pkcs8.pem", &["rsa-2048.pkcs1.pem"]),
        ("rsa-4096.pkcs8.pem", &["rsa-4096.pkcs1.pem"]),
        ("ed25519.pkcs8.pem", &[]),
    ] {
        let certificate = certificate_for(pkcs8);
        for file in [pkcs8].iter().chain(others) {
            let key = load(file);
            assert!(!key.tls13_schemes().is_empty(), "{file} offers no scheme");
            for scheme in key.tls13_schemes() {
                for side in [Side::Server, Side::Client] {
                    let signature = sign(&key, *scheme, side, &hash);
                    verify_tls13_certificate_verify(
                        &certificate,
                        *scheme,
                        TLS13_CERTIFICATE_VERIFY_SCHEMES,
                        &hash,
                        side,
                        &signature,
                    )
                    .unwrap_or_else(|error| panic!("{file} {scheme} {side:?}: {error}"));
                }
            }
        }
    }
}

#[test]
fn rejects_a_signature_made_for_the_other_side() {
    let hash = transcript_hash();
    for file in [
        "ecdsa-p256.pkcs8.pem",
        "ed25519.pkcs8.pem",
        "rsa-2048.pkcs8.pem",
    ] {
        let key = load(file);
        let scheme = key.tls13_schemes()[0];
        let signature = sign(&key, scheme, Side::Client, &hash);
        let result = verify_tls13_certificate_verify(
            &certificate_for(file),
            scheme,
            TLS13_CERTIFICATE_VERIFY_SCHEMES,
            &hash,
            Side::Server,
            &signature,
        );
        assert_eq!(
            misbehaved(result),
            PeerMisbehaved::BadCertificateVerifySignature,
            "{file}"
        );
    }
}

#[test]
fn rejects_tampered_and_truncated_signatures() {
    let hash = transcript_hash();
    for file in [
        "ecdsa-p384.pkcs8.pem",
        "ed25519.pkcs8.pem",
        "rsa-4096.pkcs8.pem",
    ] {
        let key = load(file);
        let certificate = certificate_for(file);
        let scheme = key.tls13_schemes()[0];
        let signature = sign(&key, scheme, Side::Server, &hash);
        let mut flipped = signature.clone();
        *flipped.last_mut().unwrap() ^= 0x01;
        let truncated = &signature[..signature.len() - 1];
        for bad in [&flipped[..], truncated, &[]] {
            let result = verify_tls13_certificate_verify(
                &certificate,
                scheme,
                TLS13_CERTIFICATE_VERIFY_SCHEMES,
                &hash,
                Side::Server,
                bad,
            );
            let error = result.unwrap_err();
            assert_eq!(
                error,
                PeerMisbehaved::BadCertificateVerifySignature.into(),
                "{file}"
            );
            assert_eq!(error.alert(), Some(AlertDescription::DECRYPT_ERROR));
        }
    }
}

#[test]
fn rejects_a_scheme_that_does_not_fit_the_certificates_key() {
    let hash = transcript_hash();
    // (certificate's key, key that signed, claimed scheme)
    for (certificate_key, signing_key, scheme) in [
        // TLS 1.3 binds the curve: a P-384 key cannot speak for ecdsa_secp256r1_sha256.
        (
            "ecdsa-p384.pkcs8.pem",
            "ecdsa-p256.pkcs8.pem",
            SignatureScheme::ECDSA_SECP256R1_SHA256,
        ),
        (
            "ecdsa-p256.pkcs8.pem",
            "ecdsa-p384.pkcs8.pem",
            SignatureScheme::ECDSA_SECP384R1_SHA384,
        ),
        (
            "rsa-2048.pkcs8.pem",
            "ed25519.pkcs8.pem",
            SignatureScheme::ED25519,
        ),
        (
            "ed25519.pkcs8.pem",
            "rsa-2048.pkcs8.pem",
            SignatureScheme::RSA_PSS_RSAE_SHA256,
        ),
        (
            "rsa-2048.pkcs8.pem",
            "ecdsa-p256.pkcs8.pem",
            SignatureScheme::ECDSA_SECP256R1_SHA256,
        ),
    ] {
        let signature = sign(&load(signing_key), scheme, Side::Server, &hash);
        let result = verify_tls13_certificate_verify(
            &certificate_for(certificate_key),
            scheme,
            TLS13_CERTIFICATE_VERIFY_SCHEMES,
            &hash,
            Side::Server,
            &signature,
        );
        assert_eq!(
            misbehaved(result),
            PeerMisbehaved::SignatureSchemeKeyMismatch { scheme },
            "{certificate_key} with {scheme}"
        );
    }
}

#[test]
fn rejects_a_scheme_we_did_not_offer() {
    let hash = transcript_hash();
    let key = load("rsa-2048.pkcs8.pem");
    let scheme = SignatureScheme::RSA_PSS_RSAE_SHA512;
    let signature = sign(&key, scheme, Side::Client, &hash);
    let result = verify_tls13_certificate_verify(
        &certificate_for("rsa-2048.pkcs8.pem"),
        scheme,
        &[
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            SignatureScheme::ECDSA_SECP256R1_SHA256,
        ],
        &hash,
        Side::Client,
        &signature,
    );
    let error = result.unwrap_err();
    assert_eq!(
        error,
        PeerMisbehaved::SignatureSchemeNotOffered { scheme }.into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn rejects_pkcs1_even_when_offered() {
    // A real PKCS#1 v1.5 signature by the certificate's key, over the right content.
    let pem = String::from_utf8(testdata("keys/rsa-2048.pkcs8.pem")).unwrap();
    let der = pem::parse(&pem).unwrap().into_contents();
    let pair = ring::signature::RsaKeyPair::from_pkcs8(&der).unwrap();
    let hash = transcript_hash();
    let mut content = Vec::new();
    certificate_verify_message(Side::Server, &hash, &mut content);
    let mut signature = vec![0; pair.public().modulus_len()];
    pair.sign(
        &ring::signature::RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        &content,
        &mut signature,
    )
    .unwrap();

    let scheme = SignatureScheme::RSA_PKCS1_SHA256;
    let result = verify_tls13_certificate_verify(
        &certificate_for("rsa-2048.pkcs8.pem"),
        scheme,
        &[scheme, SignatureScheme::RSA_PSS_RSAE_SHA256],
        &hash,
        Side::Server,
        &signature,
    );
    let error = result.unwrap_err();
    assert_eq!(
        error,
        PeerMisbehaved::Pkcs1InCertificateVerify { scheme }.into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn rejects_a_certificate_that_does_not_parse() {
    let hash = transcript_hash();
    let key = load("ed25519.pkcs8.pem");
    let signature = sign(&key, SignatureScheme::ED25519, Side::Server, &hash);
    let mut certificate = certificate_for("ed25519.pkcs8.pem");
    certificate.truncate(certificate.len() - 1);
    let result = verify_tls13_certificate_verify(
        &certificate,
        SignatureScheme::ED25519,
        TLS13_CERTIFICATE_VERIFY_SCHEMES,
        &hash,
        Side::Server,
        &signature,
    );
    match result {
        Err(HandshakeError::Certificate(Rejection {
            certificate: Position::EndEntity,
            error: tls_pki::Error::MalformedCertificate { .. },
        })) => {}
        other => panic!("expected a malformed end-entity, got {other:?}"),
    }
}

#[test]
fn proof_is_only_returned_for_a_good_signature() {
    // `SignatureVerified` has no public constructor: the only way to hold one is this call.
    let hash = transcript_hash();
    let key = load("ecdsa-p256.sec1.pem");
    let signature = sign(
        &key,
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        Side::Server,
        &hash,
    );
    let proof: tls_handshake::verify::SignatureVerified = verify_tls13_certificate_verify(
        &certificate_for("ecdsa-p256.pkcs8.pem"),
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        &[SignatureScheme::ECDSA_SECP256R1_SHA256],
        &hash,
        Side::Server,
        &signature,
    )
    .unwrap();
    assert_eq!(proof.vouched_by(), "ring");
}
