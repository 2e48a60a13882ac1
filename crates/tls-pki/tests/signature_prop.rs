//! Properties of signature verification: arbitrary bytes as keys, identifiers and signatures
//! never panic.

use proptest::prelude::*;
use tls_pki::signature::{SignatureAlgorithm, verify_signature};

const ALGORITHMS: [SignatureAlgorithm; 13] = [
    SignatureAlgorithm::RsaPkcs1Sha256,
    SignatureAlgorithm::RsaPkcs1Sha384,
    SignatureAlgorithm::RsaPkcs1Sha512,
    SignatureAlgorithm::RsaPssSha256,
    SignatureAlgorithm::RsaPssSha384,
    SignatureAlgorithm::RsaPssSha512,
    SignatureAlgorithm::EcdsaSha256,
    SignatureAlgorithm::EcdsaSha384,
    SignatureAlgorithm::EcdsaP256Sha256,
    SignatureAlgorithm::EcdsaP256Sha384,
    SignatureAlgorithm::EcdsaP384Sha256,
    SignatureAlgorithm::EcdsaP384Sha384,
    SignatureAlgorithm::Ed25519,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn algorithm_identifier_parsing_never_panics(der in proptest::collection::vec(any::<u8>(), 0..120)) {
        let _ = SignatureAlgorithm::from_algorithm_identifier(&der);
    }

    #[test]
    fn verification_never_panics(
        spki in proptest::collection::vec(any::<u8>(), 0..200),
        signature in proptest::collection::vec(any::<u8>(), 0..200),
        alg in proptest::sample::select(ALGORITHMS.to_vec()),
    ) {
        prop_assert!(verify_signature(&spki, alg, b"message", &signature).is_err());
    }
}
