//! TLS 1.2 signatures: the illustrated-tls12 trace's ServerKeyExchange (RSA-2048,
//! rsa_pkcs1_sha256) as a known answer, ECDSA without TLS 1.3's curve binding, and the
//! refusals.

#![forbid(unsafe_code)]

use serde_json::Value;
use tls_handshake::error::{HandshakeError, PeerMisbehaved};
use tls_handshake::verify::{Side, verify_tls13_certificate_verify};
use tls_handshake::verify_tls12::{
    TLS12_SIGNATURE_SCHEMES, Tls12Signed, server_key_exchange_message, verify_tls12_signature,
};
use tls_tests::{ChainBuilder, KeyType, json};
use tls_wire::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
use tls_wire::ids::{AlertDescription, SignatureScheme};

fn unhex(value: &Value) -> Vec<u8> {
    hex::decode(value.as_str().expect("a hex string")).unwrap()
}

fn random(value: &Value) -> [u8; 32] {
    unhex(value).try_into().expect("32 bytes")
}

/// The trace's server certificate, the ServerKeyExchange's scheme and signature, and the
/// content it signs.
struct Signed {
    certificate: Vec<u8>,
    scheme: SignatureScheme,
    signature: Vec<u8>,
    message: Vec<u8>,
}

fn illustrated_server_key_exchange() -> Signed {
    let trace = json("illustrated-tls12.json");
    let record = unhex(&trace["records"][3]["record_hex"]);
    // The record holds the one handshake message after its 5-byte header.
    let message = HandshakeMessage::decode(&record[5..], NegotiatedVersion::Tls12).unwrap();
    let HandshakePayload::ServerKeyExchangeEcdhe(server_key_exchange) = message.payload() else {
        panic!("record 3 is not a ServerKeyExchange");
    };
    let mut signed = Vec::new();
    server_key_exchange_message(
        &random(&trace["keys"]["client_random"]),
        &random(&trace["keys"]["server_random"]),
        server_key_exchange.params.encoded(),
        &mut signed,
    );
    Signed {
        certificate: unhex(&trace["keys"]["server_certificate_der_hex"]),
        scheme: server_key_exchange.signed_params.algorithm,
        signature: server_key_exchange.signed_params.signature.to_vec(),
        message: signed,
    }
}

fn verify(signed: &Signed, offered: &[SignatureScheme]) -> Result<(), HandshakeError> {
    verify_tls12_signature(
        &signed.certificate,
        signed.scheme,
        offered,
        &signed.message,
        Tls12Signed::ServerKeyExchange,
        &signed.signature,
    )
    .map(|verified| assert_eq!(verified.vouched_by(), "ring"))
}

#[test]
fn verifies_the_illustrated_server_key_exchange() {
    let signed = illustrated_server_key_exchange();
    assert_eq!(signed.scheme, SignatureScheme::RSA_PKCS1_SHA256);
    verify(&signed, TLS12_SIGNATURE_SCHEMES).unwrap();
}

#[test]
fn a_tampered_server_key_exchange_is_a_decrypt_error() {
    let mut tampered_params = illustrated_server_key_exchange();
    let last = tampered_params.message.len() - 1;
    tampered_params.message[last] ^= 1;
    let mut tampered_signature = illustrated_server_key_exchange();
    tampered_signature.signature[10] ^= 0x80;
    for signed in [tampered_params, tampered_signature] {
        let error = verify(&signed, TLS12_SIGNATURE_SCHEMES).unwrap_err();
        assert_eq!(error, PeerMisbehaved::BadServerKeyExchangeSignature.into());
        assert_eq!(error.alert(), Some(AlertDescription::DECRYPT_ERROR));
    }
}

#[test]
fn a_scheme_we_did_not_offer_is_refused() {
    let signed = illustrated_server_key_exchange();
    let offered = [SignatureScheme::RSA_PSS_RSAE_SHA256];
    let error = verify(&signed, &offered).unwrap_err();
    assert_eq!(
        error,
        PeerMisbehaved::SignatureSchemeNotOffered {
            scheme: SignatureScheme::RSA_PKCS1_SHA256
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn a_scheme_that_does_not_fit_the_key_is_refused() {
    let mut signed = illustrated_server_key_exchange();
    signed.scheme = SignatureScheme::ECDSA_SECP256R1_SHA256;
    let error = verify(&signed, TLS12_SIGNATURE_SCHEMES).unwrap_err();
    assert_eq!(
        error,
        PeerMisbehaved::SignatureSchemeKeyMismatch {
            scheme: SignatureScheme::ECDSA_SECP256R1_SHA256
        }
        .into()
    );
}

/// OpenSSL's ECDSA signature with SHA-256 by the P-384 key over the message the test builds.
const P384_SHA256_SIGNATURE: &str = "306502303371bf8c55ba672ae117c38162cbc642455d375af9d4da6ddec1\
    33545e4109f06210b515f93786e3017ea6a0c2350616023100fc7a9755b98e99d390612d0a2db08d86a8f1f627\
    f000edcbd38cb44cc417f1557905dba7aa589503b0dd4129160faf57";

/// RFC 8446 §4.2.3 binds ecdsa_secp256r1_sha256 to P-256 in TLS 1.3 only: a TLS 1.2 peer may
/// sign with SHA-256 on its P-384 key.
#[test]
fn ecdsa_with_sha256_on_a_p384_key_verifies_in_tls12_only() {
    // The leaf carries the checked-in testdata/keys/ecdsa-p384.pkcs8.pem; ring signs P-384
    // with SHA-384 only, so OpenSSL made the signature, once:
    //   openssl dgst -sha256 -sign testdata/keys/ecdsa-p384.pkcs8.pem MESSAGE
    let chain = ChainBuilder::new(KeyType::EcdsaP384).build().unwrap();
    let mut message = Vec::new();
    server_key_exchange_message(&[7; 32], &[9; 32], &[3, 0, 0x18, 1, 4], &mut message);
    let signature = hex::decode(P384_SHA256_SIGNATURE).unwrap();
    let scheme = SignatureScheme::ECDSA_SECP256R1_SHA256;
    let signed = Signed {
        certificate: chain.leaf.der.clone(),
        scheme,
        signature,
        message,
    };
    verify(&signed, TLS12_SIGNATURE_SCHEMES).unwrap();

    // The same key and scheme in a TLS 1.3 CertificateVerify: the curve does not fit.
    let error = verify_tls13_certificate_verify(
        &signed.certificate,
        scheme,
        TLS12_SIGNATURE_SCHEMES,
        &[0; 32],
        Side::Server,
        &signed.signature,
    )
    .unwrap_err();
    assert_eq!(
        error,
        PeerMisbehaved::SignatureSchemeKeyMismatch { scheme }.into()
    );
}

#[test]
fn sha1_is_never_accepted_even_if_listed() {
    let mut signed = illustrated_server_key_exchange();
    signed.scheme = SignatureScheme::RSA_PKCS1_SHA1;
    let error = verify(&signed, &[SignatureScheme::RSA_PKCS1_SHA1]).unwrap_err();
    assert_eq!(
        error,
        PeerMisbehaved::SignatureSchemeNotOffered {
            scheme: SignatureScheme::RSA_PKCS1_SHA1
        }
        .into()
    );
}
