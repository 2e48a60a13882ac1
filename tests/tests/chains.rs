//! The chains the support library makes are ones our stack accepts: tls-pki verifies every shape
//! (each leaf key type under each issuer key type, with and without an intermediate) for the
//! leaf's names and purpose, refuses it for other names, purposes and roots, and the facade
//! loads each chain and key as a server certificate.

use tls::pki::UnixTime;
use tls::{CertifiedKey, ServerName, TrustAnchor, TrustAnchors, VerifyOptions};
use tls_tests::{Chain, ChainBuilder, ExtendedKeyUsage, KeyType};

/// 2030-01-01T00:00:00Z.
const AT: i64 = 1_893_456_000;

fn anchors(chain: &Chain) -> TrustAnchors {
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    anchors
}

/// The number of intermediates on the path found, or why there is none.
fn verify_server(anchors: &TrustAnchors, chain: &Chain, name: &str) -> Result<usize, String> {
    let sent = chain.chain_der();
    let intermediates: Vec<&[u8]> = sent[1..].iter().map(Vec::as_slice).collect();
    let name = ServerName::try_from(name).unwrap();
    anchors
        .verify_server(
            &sent[0],
            &intermediates,
            Some(&name),
            &VerifyOptions::at(UnixTime::from_secs(AT)),
        )
        .map(|path| path.intermediates().len())
        .map_err(|rejection| rejection.to_string())
}

#[test]
fn every_shape_verifies_for_its_names() {
    for key_type in KeyType::ALL {
        for issuer_key_type in KeyType::ALL {
            for intermediate in [false, true] {
                let mut builder = ChainBuilder::new(key_type)
                    .issuer_key_type(issuer_key_type)
                    .dns_name("svc.example")
                    .ip_address([127, 0, 0, 1].into());
                if intermediate {
                    builder = builder.intermediate("Test Intermediate");
                }
                let chain = builder.build().unwrap();
                let what = format!("{key_type:?} under {issuer_key_type:?}, {intermediate}");
                let anchors = anchors(&chain);
                let expected = usize::from(intermediate);
                assert_eq!(
                    verify_server(&anchors, &chain, "svc.example"),
                    Ok(expected),
                    "{what}"
                );
                assert_eq!(
                    verify_server(&anchors, &chain, "127.0.0.1"),
                    Ok(expected),
                    "{what}"
                );
                assert!(
                    verify_server(&anchors, &chain, "other.example").is_err(),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn chains_from_one_builder_do_not_trust_each_other() {
    let builder = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name("svc.example")
        .intermediate("Test Intermediate");
    let one = builder.build().unwrap();
    let two = builder.build().unwrap();
    assert!(verify_server(&anchors(&two), &one, "svc.example").is_err());
}

#[test]
fn the_extended_key_usage_decides_the_side_the_leaf_may_take() {
    let options = VerifyOptions::at(UnixTime::from_secs(AT));
    let server_only = ChainBuilder::new(KeyType::EcdsaP256).build().unwrap();
    let client_only = ChainBuilder::new(KeyType::EcdsaP256)
        .extended_key_usages(&[ExtendedKeyUsage::ClientAuth])
        .build()
        .unwrap();
    let client = |chain: &Chain| {
        anchors(chain)
            .verify_client(&chain.leaf.der, &[], &options)
            .is_ok()
    };
    let server = |chain: &Chain| {
        anchors(chain)
            .verify_server(&chain.leaf.der, &[], None, &options)
            .is_ok()
    };
    assert!(server(&server_only));
    assert!(!client(&server_only));
    assert!(client(&client_only));
    assert!(!server(&client_only));
}

#[test]
fn the_facade_loads_every_chain_and_key_as_pem_and_as_der() {
    for key_type in KeyType::ALL {
        let chain = ChainBuilder::new(key_type)
            .dns_name("svc.example")
            .intermediate("Test Intermediate")
            .build()
            .unwrap();
        let from_pem = CertifiedKey::from_pem(
            chain.chain_pem().as_bytes(),
            chain.leaf_key.pkcs8_pem.as_bytes(),
        );
        assert!(from_pem.is_ok(), "{key_type:?}: {from_pem:?}");
    }
}
