//! `CertificatesByName`: a server with several chains gives each client the one for the name
//! it asked for (exact, under a wildcard, or the default), and of those the one its
//! signature_algorithms (and, in TLS 1.2, its suites) let it check: an ECDSA and an RSA chain
//! for one name.

mod common;

use std::sync::Arc;

use common::{Pair, SERVER_NAME};
use tls::handshake::config::CertificatesByName;
use tls::wire::ids::SignatureScheme;
use tls::{
    CertifiedKey, ClientConfig, Connection, ServerConfig, ServerName, SupportedCipherSuite,
    SupportedVersion, TrustAnchor, TrustAnchors, WebPkiServerVerifier,
};
use tls_tests::{ChainBuilder, KeyType};

/// A chain of `key_type` for `names` under one root; its anchors and its key.
fn chain(key_type: KeyType, names: &[&str]) -> (TrustAnchors, Arc<CertifiedKey>) {
    let mut builder = ChainBuilder::new(key_type);
    for name in names {
        builder = builder.dns_name(*name);
    }
    let chain = builder.build().unwrap();
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let key = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .unwrap();
    (anchors, Arc::new(key))
}

/// Connects a client offering `schemes` (and `suites`, `versions`) for `name`; returns the
/// leaf the server presented.
fn leaf_served(
    server: &Arc<ServerConfig>,
    anchors: &TrustAnchors,
    name: &str,
    schemes: &[SignatureScheme],
    version: SupportedVersion,
    suites: &[SupportedCipherSuite],
) -> Vec<u8> {
    let client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors.clone())))
        .versions(&[version])
        .cipher_suites(suites)
        .signature_schemes(schemes)
        .build()
        .unwrap();
    let mut pair = Pair {
        client: Connection::client(Arc::new(client), ServerName::try_from(name).unwrap()).unwrap(),
        server: Connection::server(Arc::clone(server)),
    };
    pair.handshake(usize::MAX);
    pair.client.peer_certificates()[0].clone()
}

#[test]
fn each_client_gets_the_chain_for_its_name_and_its_algorithms() {
    let (ecdsa_anchors, ecdsa) = chain(KeyType::EcdsaP256, &[SERVER_NAME]);
    let (rsa_anchors, rsa) = chain(KeyType::Rsa2048, &[SERVER_NAME]);
    let (wild_anchors, wild) = chain(KeyType::EcdsaP256, &["*.fleet.example"]);
    let (default_anchors, default) = chain(KeyType::Ed25519, &["default.example"]);
    let mut certificates = CertificatesByName::new();
    certificates.add(SERVER_NAME, Arc::clone(&ecdsa));
    certificates.add(&SERVER_NAME.to_uppercase(), Arc::clone(&rsa));
    certificates.add("*.fleet.example", Arc::clone(&wild));
    certificates.add_default(Arc::clone(&default));
    let server = Arc::new(
        ServerConfig::builder_with_selector(Arc::new(certificates))
            .build()
            .unwrap(),
    );
    let tls13 = &[SupportedCipherSuite::Tls13Aes128GcmSha256][..];
    let leaf = |certified: &CertifiedKey| certified.chain()[0].clone();

    // TLS 1.3, one name: the client's schemes decide.
    let served = leaf_served(
        &server,
        &ecdsa_anchors,
        SERVER_NAME,
        &[SignatureScheme::ECDSA_SECP256R1_SHA256],
        SupportedVersion::Tls13,
        tls13,
    );
    assert_eq!(served, leaf(&ecdsa));
    let served = leaf_served(
        &server,
        &rsa_anchors,
        SERVER_NAME,
        &[SignatureScheme::RSA_PSS_RSAE_SHA256],
        SupportedVersion::Tls13,
        tls13,
    );
    assert_eq!(served, leaf(&rsa));
    // TLS 1.2: the suites decide too (ECDHE_RSA only: the RSA chain).
    let served = leaf_served(
        &server,
        &rsa_anchors,
        SERVER_NAME,
        &[
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            SignatureScheme::RSA_PKCS1_SHA256,
        ],
        SupportedVersion::Tls12,
        &[SupportedCipherSuite::Tls12EcdheRsaAes128GcmSha256],
    );
    assert_eq!(served, leaf(&rsa));
    // A wildcard, and the default for a name not added.
    let served = leaf_served(
        &server,
        &wild_anchors,
        "a.fleet.example",
        &[SignatureScheme::ECDSA_SECP256R1_SHA256],
        SupportedVersion::Tls13,
        tls13,
    );
    assert_eq!(served, leaf(&wild));
    let served = leaf_served(
        &server,
        &default_anchors,
        "default.example",
        &[SignatureScheme::ED25519],
        SupportedVersion::Tls13,
        tls13,
    );
    assert_eq!(served, leaf(&default));
}
