//! [`ServerConfig`]: what our server accepts, and the certificates it presents.

use std::fmt;
use std::sync::Arc;

use tls_pki::cert::Certificate;
use tls_wire::ids::{CipherSuite, NamedGroup};

use super::{DEFAULT_CIPHER_SUITES, DEFAULT_GROUPS};
use crate::action::ClientHelloSummary;
use crate::deps::{Clock, Rng, SystemClock, SystemRng};
use crate::error::{ConfigError, HandshakeError};
use crate::profile::WireProfile;
use crate::sign::SigningKey;

/// A certificate chain and the private key of its end-entity certificate.
pub struct CertifiedKey {
    chain: Vec<Vec<u8>>,
    key: SigningKey,
}

impl CertifiedKey {
    /// Pairs `chain` (DER, end-entity first) with `key`, checking that the key is the
    /// end-entity certificate's, so that a mismatch fails here rather than in every handshake.
    pub fn new(chain: Vec<Vec<u8>>, key: SigningKey) -> Result<Self, HandshakeError> {
        let mismatch = ConfigError::CertificateKeyMismatch;
        let end_entity = chain.first().ok_or(ConfigError::EmptyCertificateChain)?;
        let certificate = Certificate::from_der(end_entity).map_err(|_| mismatch)?;
        if certificate.subject_public_key_info().subject_public_key != key.public_key() {
            return Err(mismatch.into());
        }
        Ok(Self { chain, key })
    }

    /// Reads a PEM chain (end-entity first) and a PEM private key.
    pub fn from_pem(chain_pem: &[u8], key_pem: &[u8]) -> Result<Self, HandshakeError> {
        let chain = pem::parse_many(chain_pem)
            .map_err(|_| ConfigError::EmptyCertificateChain)?
            .into_iter()
            .filter(|block| block.tag() == "CERTIFICATE")
            .map(pem::Pem::into_contents)
            .collect();
        Self::new(chain, SigningKey::from_pem(key_pem)?)
    }

    /// The chain, DER, end-entity first.
    pub fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    /// The end-entity certificate's private key.
    pub fn key(&self) -> &SigningKey {
        &self.key
    }
}

impl fmt::Debug for CertifiedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertifiedKey")
            .field("chain_len", &self.chain.len())
            .field("key", &self.key)
            .finish()
    }
}

/// Chooses the certificate for a ClientHello (the server's `SelectCertificate` request, answered
/// in process by default).
pub trait ServerCertSelector: Send + Sync + fmt::Debug {
    /// The certificate and key for this ClientHello.
    fn select(&self, hello: &ClientHelloSummary) -> Result<Arc<CertifiedKey>, HandshakeError>;
}

/// One certificate for every ClientHello.
#[derive(Debug)]
pub struct SingleCertificate(pub Arc<CertifiedKey>);

impl ServerCertSelector for SingleCertificate {
    fn select(&self, _hello: &ClientHelloSummary) -> Result<Arc<CertifiedKey>, HandshakeError> {
        Ok(Arc::clone(&self.0))
    }
}

/// How a server accepts connections.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The cipher suites accepted, in our order of preference (the server chooses).
    pub cipher_suites: Vec<CipherSuite>,
    /// The groups accepted, in our order of preference.
    pub groups: Vec<NamedGroup>,
    /// The application protocols spoken (ALPN), in our order of preference; empty: none.
    pub alpn_protocols: Vec<Vec<u8>>,
    /// Chooses the certificate for each ClientHello.
    pub certificates: Arc<dyn ServerCertSelector>,
    /// Randomness (server random, key shares, signature salts).
    pub rng: Arc<dyn Rng>,
    /// The time (certificate checks of client authentication, later).
    pub clock: Arc<dyn Clock>,
    /// Our wire form: production behaviour unless the `test-profile` feature sets another.
    wire_profile: WireProfile,
}

impl ServerConfig {
    /// A server presenting `certificate` to every client, with the defaults for everything else.
    pub fn new(certificate: Arc<CertifiedKey>) -> Self {
        Self::with_selector(Arc::new(SingleCertificate(certificate)))
    }

    /// A server choosing its certificate per ClientHello with `certificates`.
    pub fn with_selector(certificates: Arc<dyn ServerCertSelector>) -> Self {
        Self {
            cipher_suites: DEFAULT_CIPHER_SUITES.to_vec(),
            groups: DEFAULT_GROUPS.to_vec(),
            alpn_protocols: Vec::new(),
            certificates,
            rng: Arc::new(SystemRng::new()),
            clock: Arc::new(SystemClock),
            wire_profile: WireProfile::default(),
        }
    }

    /// Our wire form ([`WireProfile::default`] unless a replay set another).
    pub fn wire_profile(&self) -> &WireProfile {
        &self.wire_profile
    }

    /// Replaces our wire form, to replay a recorded handshake byte for byte.
    #[cfg(feature = "test-profile")]
    pub fn set_wire_profile(&mut self, profile: WireProfile) {
        self.wire_profile = profile;
    }
}
