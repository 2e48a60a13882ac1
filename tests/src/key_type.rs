//! The key types a chain's certificates can have, and the checked-in leaf key of each.

use rcgen::{KeyPair, SignatureAlgorithm};

use crate::Error;

/// A certificate key type (and, for the certificates a key of this type signs, the signature
/// algorithm: ECDSA with the curve's hash, RSA PKCS#1 v1.5 with SHA-256, or Ed25519).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// ECDSA on P-256 (secp256r1), signing with SHA-256.
    EcdsaP256,
    /// ECDSA on P-384 (secp384r1), signing with SHA-384.
    EcdsaP384,
    /// RSA with a 2048-bit modulus, signing with PKCS#1 v1.5 and SHA-256.
    Rsa2048,
    /// Ed25519.
    Ed25519,
}

impl KeyType {
    /// Every key type, for tests that run once per type.
    pub const ALL: [Self; 4] = [
        Self::EcdsaP256,
        Self::EcdsaP384,
        Self::Rsa2048,
        Self::Ed25519,
    ];

    /// A short name for test and benchmark labels: `ecdsa-p256`, `ecdsa-p384`, `rsa-2048`,
    /// `ed25519`.
    pub fn label(self) -> &'static str {
        match self {
            Self::EcdsaP256 => "ecdsa-p256",
            Self::EcdsaP384 => "ecdsa-p384",
            Self::Rsa2048 => "rsa-2048",
            Self::Ed25519 => "ed25519",
        }
    }

    /// The checked-in private key every leaf of this type carries (`testdata/keys/`, PKCS#8
    /// PEM), compiled in so that no caller needs the repository at run time. Leaves share it so
    /// that their keys, unlike their roots', are the same on every run.
    pub fn leaf_key_pem(self) -> &'static str {
        match self {
            Self::EcdsaP256 => include_str!("../../testdata/keys/ecdsa-p256.pkcs8.pem"),
            Self::EcdsaP384 => include_str!("../../testdata/keys/ecdsa-p384.pkcs8.pem"),
            Self::Rsa2048 => include_str!("../../testdata/keys/rsa-2048.pkcs8.pem"),
            Self::Ed25519 => include_str!("../../testdata/keys/ed25519.pkcs8.pem"),
        }
    }

    pub(crate) fn algorithm(self) -> &'static SignatureAlgorithm {
        match self {
            Self::EcdsaP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            Self::EcdsaP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            Self::Rsa2048 => &rcgen::PKCS_RSA_SHA256,
            Self::Ed25519 => &rcgen::PKCS_ED25519,
        }
    }

    /// The leaf's key pair, from [`Self::leaf_key_pem`].
    pub(crate) fn leaf_key(self) -> Result<KeyPair, Error> {
        KeyPair::from_pem_and_sign_algo(self.leaf_key_pem(), self.algorithm())
            .map_err(|e| Error::new(format!("loading the {} leaf key: {e}", self.label())))
    }

    /// A key pair for a CA certificate (`role` is `root` or `intermediate`). Fresh where ring
    /// can generate one, so that two chains never trust each other; ring cannot generate RSA
    /// keys, so RSA CAs sign with the checked-in `testdata/pki/rsa2048-<role>.pk8.pem`.
    pub(crate) fn issuer_key(self, role: IssuerRole) -> Result<KeyPair, Error> {
        let made = match (self, role) {
            (Self::Rsa2048, IssuerRole::Root) => KeyPair::from_pem_and_sign_algo(
                include_str!("../../testdata/pki/rsa2048-root.pk8.pem"),
                self.algorithm(),
            ),
            (Self::Rsa2048, IssuerRole::Intermediate) => KeyPair::from_pem_and_sign_algo(
                include_str!("../../testdata/pki/rsa2048-intermediate.pk8.pem"),
                self.algorithm(),
            ),
            (Self::EcdsaP256 | Self::EcdsaP384 | Self::Ed25519, _) => {
                KeyPair::generate_for(self.algorithm())
            }
        };
        made.map_err(|e| {
            Error::new(format!(
                "making the {} {} key: {e}",
                self.label(),
                role.name()
            ))
        })
    }
}

/// Which CA certificate a key is for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum IssuerRole {
    Root,
    Intermediate,
}

impl IssuerRole {
    fn name(self) -> &'static str {
        match self {
            Self::Root => "root",
            Self::Intermediate => "intermediate",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_leaf_key_loads_as_pkcs8_for_its_algorithm() {
        for key_type in KeyType::ALL {
            let key = key_type.leaf_key().unwrap();
            assert!(key.is_compatible(key_type.algorithm()), "{key_type:?}");
            assert!(
                key_type
                    .leaf_key_pem()
                    .starts_with("-----BEGIN PRIVATE KEY-----"),
                "{key_type:?}"
            );
        }
    }

    #[test]
    fn rsa_issuers_use_their_own_checked_in_keys() {
        let root = KeyType::Rsa2048.issuer_key(IssuerRole::Root).unwrap();
        let intermediate = KeyType::Rsa2048
            .issuer_key(IssuerRole::Intermediate)
            .unwrap();
        let leaf = KeyType::Rsa2048.leaf_key().unwrap();
        assert_ne!(root.public_key_der(), intermediate.public_key_der());
        assert_ne!(root.public_key_der(), leaf.public_key_der());
        assert_ne!(intermediate.public_key_der(), leaf.public_key_der());
    }

    #[test]
    fn generated_issuer_keys_differ_each_time() {
        for key_type in [KeyType::EcdsaP256, KeyType::EcdsaP384, KeyType::Ed25519] {
            let a = key_type.issuer_key(IssuerRole::Root).unwrap();
            let b = key_type.issuer_key(IssuerRole::Root).unwrap();
            assert_ne!(a.public_key_der(), b.public_key_der(), "{key_type:?}");
        }
    }
}
