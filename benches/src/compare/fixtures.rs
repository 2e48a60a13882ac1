//! The certificates every contestant uses: a leaf for [`SERVER_NAME`] and an intermediate under
//! a root the clients trust, ECDSA P-256 or RSA-2048 throughout (tls-tests' chain builder; the
//! RSA keys are the ones checked in, since ring cannot make RSA keys). Valid until 9999.

use tls_tests::{ChainBuilder, KeyType};

/// The name the leaf is issued for, and that clients connect to.
pub const SERVER_NAME: &str = "bench.example";

/// The key type of every certificate and signature of a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// ECDSA P-256 with SHA-256.
    EcdsaP256,
    /// RSA-2048.
    Rsa2048,
}

impl KeyKind {
    /// How rows name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::EcdsaP256 => "ECDSA P-256",
            Self::Rsa2048 => "RSA-2048",
        }
    }
}

/// One chain, in the forms the contestants load.
pub struct Fixture {
    /// The key type throughout.
    pub key: KeyKind,
    /// The root the clients trust, DER.
    pub root_der: Vec<u8>,
    /// The intermediate, DER.
    pub intermediate_der: Vec<u8>,
    /// The leaf, DER.
    pub leaf_der: Vec<u8>,
    /// Leaf then intermediate, PEM.
    pub chain_pem: String,
    /// The leaf's private key, PKCS#8 DER.
    pub key_der: Vec<u8>,
    /// The leaf's private key, PKCS#8 PEM.
    pub key_pem: String,
}

impl Fixture {
    /// Makes the chain of `key`.
    pub fn new(key: KeyKind) -> Result<Self, tls_tests::Error> {
        let key_type = match key {
            KeyKind::EcdsaP256 => KeyType::EcdsaP256,
            KeyKind::Rsa2048 => KeyType::Rsa2048,
        };
        let chain = ChainBuilder::new(key_type)
            .issuer_key_type(key_type)
            .dns_name(SERVER_NAME)
            .root_name("Bench Root CA")
            .intermediate("Bench Intermediate CA")
            .build()?;
        let chain_pem = chain.chain_pem();
        let intermediate = chain
            .intermediate
            .expect("the builder was asked for an intermediate");
        Ok(Self {
            key,
            root_der: chain.root.der,
            intermediate_der: intermediate.der,
            leaf_der: chain.leaf.der,
            chain_pem,
            key_der: chain.leaf_key.pkcs8_der,
            key_pem: chain.leaf_key.pkcs8_pem,
        })
    }
}
