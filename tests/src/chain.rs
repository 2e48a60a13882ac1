//! A chain as the tests use it: each certificate as DER and PEM, the leaf's key as PKCS#8, what
//! a peer sends, and the files a command-line tool reads.

use std::path::{Path, PathBuf};

use rcgen::KeyPair;

use crate::{Error, KeyType};

/// A chain a [`ChainBuilder`](crate::ChainBuilder) made.
#[derive(Clone, Debug)]
pub struct Chain {
    /// The leaf's key type.
    pub key_type: KeyType,
    /// The self-signed root: the trust anchor.
    pub root: Certificate,
    /// The intermediate, if the chain has one.
    pub intermediate: Option<Certificate>,
    /// The end-entity certificate.
    pub leaf: Certificate,
    /// The leaf's private key.
    pub leaf_key: PrivateKey,
}

impl Chain {
    /// What a peer sends: the leaf, then the intermediate, as DER.
    pub fn chain_der(&self) -> Vec<Vec<u8>> {
        self.sent()
            .map(|certificate| certificate.der.clone())
            .collect()
    }

    /// What a peer sends: the leaf, then the intermediate, as one PEM text.
    pub fn chain_pem(&self) -> String {
        self.sent()
            .map(|certificate| certificate.pem.as_str())
            .collect()
    }

    /// Writes the chain into `dir` for a command-line tool: `chain.pem` ([`Self::chain_pem`]),
    /// `key.pem` (the leaf's PKCS#8 key), `root.pem`, `leaf.pem`, and `intermediate.pem` if
    /// there is one. Returns their paths.
    pub fn write_to(&self, dir: &Path) -> Result<ChainFiles, Error> {
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::write(&path, text)
                .map_err(|e| Error::new(format!("writing {}: {e}", path.display())))?;
            Ok::<_, Error>(path)
        };
        Ok(ChainFiles {
            chain: write("chain.pem", &self.chain_pem())?,
            key: write("key.pem", &self.leaf_key.pkcs8_pem)?,
            root: write("root.pem", &self.root.pem)?,
            leaf: write("leaf.pem", &self.leaf.pem)?,
            intermediate: match &self.intermediate {
                Some(intermediate) => Some(write("intermediate.pem", &intermediate.pem)?),
                None => None,
            },
        })
    }

    fn sent(&self) -> impl Iterator<Item = &Certificate> {
        std::iter::once(&self.leaf).chain(&self.intermediate)
    }
}

/// One certificate, in both encodings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// DER.
    pub der: Vec<u8>,
    /// PEM, labelled `CERTIFICATE`.
    pub pem: String,
}

impl From<&rcgen::Certificate> for Certificate {
    fn from(certificate: &rcgen::Certificate) -> Self {
        Self {
            der: certificate.der().to_vec(),
            pem: certificate.pem(),
        }
    }
}

/// A private key as PKCS#8 (RFC 5208), in both encodings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrivateKey {
    /// PKCS#8 DER.
    pub pkcs8_der: Vec<u8>,
    /// PKCS#8 PEM, labelled `PRIVATE KEY`.
    pub pkcs8_pem: String,
}

impl From<&KeyPair> for PrivateKey {
    fn from(key: &KeyPair) -> Self {
        Self {
            pkcs8_der: key.serialize_der(),
            pkcs8_pem: key.serialize_pem(),
        }
    }
}

/// Where [`Chain::write_to`] put each file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainFiles {
    /// `chain.pem`: the leaf, then the intermediate.
    pub chain: PathBuf,
    /// `key.pem`: the leaf's PKCS#8 key.
    pub key: PathBuf,
    /// `root.pem`: the trust anchor.
    pub root: PathBuf,
    /// `leaf.pem`: the leaf alone.
    pub leaf: PathBuf,
    /// `intermediate.pem`, if the chain has an intermediate.
    pub intermediate: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ChainBuilder, KeyType};

    fn three() -> Chain {
        ChainBuilder::new(KeyType::EcdsaP256)
            .dns_name("svc.example")
            .intermediate("Test Intermediate")
            .build()
            .unwrap()
    }

    #[test]
    fn the_chain_is_the_leaf_then_the_intermediate() {
        let chain = three();
        let intermediate = chain.intermediate.clone().unwrap();
        assert_eq!(
            chain.chain_der(),
            vec![chain.leaf.der.clone(), intermediate.der.clone()]
        );
        assert_eq!(
            chain.chain_pem(),
            format!("{}{}", chain.leaf.pem, intermediate.pem)
        );
        let blocks = pem::parse_many(chain.chain_pem()).unwrap();
        assert_eq!(blocks.len(), 2);

        let two = ChainBuilder::new(KeyType::EcdsaP256).build().unwrap();
        assert_eq!(two.chain_der(), vec![two.leaf.der.clone()]);
        assert_eq!(two.chain_pem(), two.leaf.pem);
    }

    #[test]
    fn write_to_writes_each_file_where_it_says() {
        let dir = tempfile::tempdir().unwrap();
        let chain = three();
        let files = chain.write_to(dir.path()).unwrap();
        let read = |path: &Path| std::fs::read_to_string(path).unwrap();
        assert_eq!(files.chain, dir.path().join("chain.pem"));
        assert_eq!(read(&files.chain), chain.chain_pem());
        assert_eq!(read(&files.key), chain.leaf_key.pkcs8_pem);
        assert_eq!(read(&files.root), chain.root.pem);
        assert_eq!(read(&files.leaf), chain.leaf.pem);
        assert_eq!(
            read(files.intermediate.as_deref().unwrap()),
            chain.intermediate.as_ref().unwrap().pem
        );

        let two = ChainBuilder::new(KeyType::EcdsaP256).build().unwrap();
        let other = tempfile::tempdir().unwrap();
        assert_eq!(two.write_to(other.path()).unwrap().intermediate, None);
        assert!(!other.path().join("intermediate.pem").exists());
    }

    #[test]
    fn write_to_names_the_file_it_could_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let chain = ChainBuilder::new(KeyType::EcdsaP256).build().unwrap();
        let error = chain.write_to(&missing).unwrap_err();
        assert!(error.to_string().contains("chain.pem"), "{error}");
    }
}
