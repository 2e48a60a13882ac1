//! [`ServerConfig`]: what our server accepts, and the certificates it presents.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use tls_pki::cert::Certificate;

use super::builder::ServerConfigBuilder;
use super::settings::{BufferLimits, Settings};
use super::supported::{SupportedCipherSuite, SupportedGroup, SupportedVersion};
use crate::action::ClientHelloSummary;
use crate::anti_replay::AntiReplay;
use crate::deps::{Clock, Rng};
use crate::error::{ConfigError, FileProblem, HandshakeError};
use crate::key_log::KeyLog;
use crate::profile::WireProfile;
use crate::session_store::SessionStore;
use crate::sign::SigningKey;
use crate::ticketer::Ticketer;
use crate::verifier::ClientCertVerifier;

/// A certificate chain and the private key of its end-entity certificate.
pub struct CertifiedKey {
    chain: Vec<Vec<u8>>,
    key: SigningKey,
}

impl CertifiedKey {
    /// Pairs `chain` (DER, end-entity first) with `key`, checking that the key is the
    /// end-entity certificate's, so that a mismatch fails here rather than in every handshake.
    pub fn new(chain: Vec<Vec<u8>>, key: SigningKey) -> Result<Self, HandshakeError> {
        let end_entity = chain.first().ok_or(ConfigError::EmptyCertificateChain)?;
        let certificate =
            Certificate::from_der(end_entity).map_err(|_| ConfigError::CertificateKeyMismatch)?;
        if certificate.subject_public_key_info().subject_public_key != key.public_key() {
            return Err(ConfigError::CertificateKeyMismatch.into());
        }
        Ok(Self { chain, key })
    }

    /// Reads a PEM chain (end-entity first) and a PEM private key.
    pub fn from_pem(chain_pem: &[u8], key_pem: &[u8]) -> Result<Self, HandshakeError> {
        // PEM that does not parse holds no certificate: `new` refuses the empty chain.
        Self::new(
            certificates_in_pem(chain_pem),
            SigningKey::from_pem(key_pem)?,
        )
    }

    /// Reads a PEM chain file (end-entity first) and a PEM private key file (PKCS#8, SEC1 or
    /// PKCS#1). Errors ([`ConfigError::File`]) name the file and what was wrong with it:
    /// unreadable, no certificate, no usable key (none, or an unsupported type), or a key
    /// that is not the certificate's.
    pub fn from_pem_files(
        chain_path: impl AsRef<Path>,
        key_path: impl AsRef<Path>,
    ) -> Result<Self, ConfigError> {
        let (chain_path, key_path) = (chain_path.as_ref(), key_path.as_ref());
        let file = |path: &Path, problem| ConfigError::File {
            path: path.display().to_string(),
            problem,
        };
        let read = |path: &Path| {
            std::fs::read(path)
                .map_err(|error| file(path, FileProblem::Unreadable(error.to_string())))
        };
        let chain_pem = read(chain_path)?;
        let key_pem = read(key_path)?;
        let chain = certificates_in_pem(&chain_pem);
        if chain.is_empty() {
            return Err(file(chain_path, FileProblem::NoCertificate));
        }
        let key = SigningKey::from_pem(&key_pem).map_err(|error| {
            let why = match error {
                HandshakeError::Config(config) => config,
                _ => ConfigError::UnusablePrivateKey {
                    format: "PEM",
                    reason: "it does not decode",
                },
            };
            file(key_path, FileProblem::NoUsableKey(Box::new(why)))
        })?;
        Self::new(chain, key).map_err(|_| file(key_path, FileProblem::KeyDoesNotMatchCertificate))
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

/// How a server accepts connections. Built by [`ServerConfig::builder`] (or
/// [`ServerConfig::builder_with_selector`]), which checks every setting.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub(crate) settings: Settings,
    pub(crate) certificates: Arc<dyn ServerCertSelector>,
    pub(crate) client_auth: ClientAuth,
    pub(crate) ticketer: Option<Arc<dyn Ticketer>>,
    pub(crate) session_tickets: u8,
    pub(crate) max_early_data_size: u32,
    pub(crate) anti_replay: Arc<dyn AntiReplay>,
}

/// Whether a server asks clients for a certificate (RFC 8446 §4.3.2), and how it judges one.
#[derive(Clone, Debug, Default)]
pub enum ClientAuth {
    /// No CertificateRequest: clients are not authenticated (the default).
    #[default]
    None,
    /// A CertificateRequest; a client may decline with an empty Certificate. A certificate
    /// sent must pass the verifier.
    Optional(Arc<dyn ClientCertVerifier>),
    /// A CertificateRequest; a client without a certificate is refused
    /// (`certificate_required`).
    Required(Arc<dyn ClientCertVerifier>),
}

impl ClientAuth {
    /// The verifier, when client certificates are asked for.
    pub fn verifier(&self) -> Option<&Arc<dyn ClientCertVerifier>> {
        match self {
            Self::None => None,
            Self::Optional(verifier) | Self::Required(verifier) => Some(verifier),
        }
    }
}

impl ServerConfig {
    /// A builder for a server presenting `certificate` to every client, every other setting
    /// at its default: TLS 1.3, our three AEAD suites, X25519 then P-256 then P-384, no ALPN.
    pub fn builder(certificate: Arc<CertifiedKey>) -> ServerConfigBuilder {
        Self::builder_with_selector(Arc::new(SingleCertificate(certificate)))
    }

    /// A builder for a server presenting the chain and key of two PEM files
    /// ([`CertifiedKey::from_pem_files`]); a file that cannot be used makes `build()` fail with
    /// the [`ConfigError::File`] naming it.
    pub fn builder_from_pem_files(
        chain_path: impl AsRef<Path>,
        key_path: impl AsRef<Path>,
    ) -> ServerConfigBuilder {
        match CertifiedKey::from_pem_files(chain_path, key_path) {
            Ok(certified) => Self::builder(Arc::new(certified)),
            Err(error) => {
                ServerConfigBuilder::new(Arc::new(super::CertificatesByName::new())).fail(error)
            }
        }
    }

    /// A builder for a server choosing its certificate per ClientHello with `certificates`.
    pub fn builder_with_selector(certificates: Arc<dyn ServerCertSelector>) -> ServerConfigBuilder {
        ServerConfigBuilder::new(certificates)
    }

    /// The versions accepted, in our order of preference.
    pub fn versions(&self) -> &[SupportedVersion] {
        &self.settings.versions
    }

    /// The cipher suites accepted, in our order of preference (the server chooses).
    pub fn cipher_suites(&self) -> &[SupportedCipherSuite] {
        &self.settings.cipher_suites
    }

    /// The groups accepted, in our order of preference.
    pub fn groups(&self) -> &[SupportedGroup] {
        &self.settings.groups
    }

    /// The application protocols spoken (ALPN), in our order of preference.
    pub fn alpn_protocols(&self) -> &[Vec<u8>] {
        &self.settings.alpn_protocols
    }

    /// Whether clients are asked for certificates, and how they are judged.
    pub fn client_auth(&self) -> &ClientAuth {
        &self.client_auth
    }

    /// What chooses the certificate for each ClientHello.
    pub fn certificates(&self) -> &Arc<dyn ServerCertSelector> {
        &self.certificates
    }

    /// What makes and opens resumption tickets, if anything.
    pub fn ticketer(&self) -> Option<&Arc<dyn Ticketer>> {
        self.ticketer.as_ref()
    }

    /// How many NewSessionTickets a TLS 1.3 handshake ends with (none without a ticketer).
    pub fn session_tickets(&self) -> u8 {
        if self.ticketer.is_some() {
            self.session_tickets
        } else {
            0
        }
    }

    /// The most early data (0-RTT) we accept per connection; 0: none. Our tickets offer it
    /// only with a ticketer.
    pub fn max_early_data_size(&self) -> u32 {
        if self.ticketer.is_some() {
            self.max_early_data_size
        } else {
            0
        }
    }

    /// The store that lets each ticket carry early data once.
    pub fn anti_replay(&self) -> &Arc<dyn AntiReplay> {
        &self.anti_replay
    }

    /// Where randomness comes from.
    pub fn rng(&self) -> &Arc<dyn Rng> {
        &self.settings.rng
    }

    /// Where the time comes from.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.settings.clock
    }

    /// How much a connection buffers at most.
    pub fn buffer_limits(&self) -> BufferLimits {
        self.settings.limits
    }

    /// Whether a TLS 1.2 peer must agree on the extended master secret.
    pub fn requires_extended_master_secret(&self) -> bool {
        self.settings.require_extended_master_secret
    }

    /// Whether a TLS 1.3 resumption may skip the (EC)DHE exchange (psk_ke).
    pub fn allows_psk_ke(&self) -> bool {
        self.settings.allow_psk_ke
    }

    /// The record size limit we advertise (RFC 8449); `None`: the protocol's maximum.
    pub fn record_size_limit(&self) -> Option<u16> {
        self.settings.record_size_limit
    }

    /// Where TLS 1.2 sessions are kept for resumption, if anywhere.
    pub fn session_store(&self) -> Option<&Arc<dyn SessionStore>> {
        self.settings.session_store.as_ref()
    }

    /// Our wire form ([`WireProfile::default`] unless a replay set another).
    pub fn wire_profile(&self) -> &WireProfile {
        &self.settings.wire_profile
    }
    /// Where the handshake's secrets are logged ([`NoKeyLog`](crate::key_log::NoKeyLog) unless
    /// the builder set a log).
    pub fn key_log(&self) -> &Arc<dyn KeyLog> {
        &self.settings.key_log
    }
}

/// The DER of each `CERTIFICATE` block of `pem`, in order; none if it does not parse.
fn certificates_in_pem(pem: &[u8]) -> Vec<Vec<u8>> {
    pem::parse_many(pem)
        .unwrap_or_default()
        .into_iter()
        .filter(|block| block.tag() == "CERTIFICATE")
        .map(pem::Pem::into_contents)
        .collect()
}
