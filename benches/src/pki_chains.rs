//! The certificate chains the tls-pki benchmarks verify, made at start-up by tls-tests' chain
//! builder.
//!
//! Two 3-certificate chains (root → intermediate → leaf for `bench.example`): ECDSA P-256 with
//! SHA-256 throughout, and RSA-2048 with PKCS#1 v1.5 SHA-256 throughout. ring cannot generate RSA
//! keys, so the RSA CAs sign with the keys checked in under `testdata/pki/` and the leaf holds
//! `testdata/keys/rsa-2048.pkcs8.pem`. Certificates are valid from 2020 to 9999; [`VERIFY_AT`]
//! lies between.

use tls_tests::ChainBuilder;

/// The name the leaf is issued for.
pub const SERVER_NAME: &str = "bench.example";

/// The verification time: 2030-01-01T00:00:00Z, in seconds since the Unix epoch.
pub const VERIFY_AT: i64 = 1_893_456_000;

/// One chain, as DER.
pub struct Chain {
    /// The trust anchor (self-signed root).
    pub root: Vec<u8>,
    /// The one intermediate.
    pub intermediate: Vec<u8>,
    /// The end-entity certificate.
    pub leaf: Vec<u8>,
}

/// The chain's key type: every certificate's key, and every signature's algorithm.
#[derive(Clone, Copy, Debug)]
pub enum KeyType {
    /// ECDSA P-256 with SHA-256.
    EcdsaP256,
    /// RSA-2048 with PKCS#1 v1.5 SHA-256.
    Rsa2048,
}

impl KeyType {
    /// A short label for benchmark ids.
    pub fn label(self) -> &'static str {
        self.key_type().label()
    }

    fn key_type(self) -> tls_tests::KeyType {
        match self {
            Self::EcdsaP256 => tls_tests::KeyType::EcdsaP256,
            Self::Rsa2048 => tls_tests::KeyType::Rsa2048,
        }
    }
}

/// Makes the 3-certificate chain of `key_type`.
pub fn chain(key_type: KeyType) -> Result<Chain, tls_tests::Error> {
    let chain = ChainBuilder::new(key_type.key_type())
        .issuer_key_type(key_type.key_type())
        .common_name(SERVER_NAME)
        .dns_name(SERVER_NAME)
        .root_name("Bench Root CA")
        .intermediate("Bench Intermediate CA")
        .build()?;
    let intermediate = chain
        .intermediate
        .expect("the builder was asked for an intermediate");
    Ok(Chain {
        root: chain.root.der,
        intermediate: intermediate.der,
        leaf: chain.leaf.der,
    })
}
