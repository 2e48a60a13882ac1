//! [`ClientConfig`]: what our client offers and how it judges the server. Made by
//! [`ClientConfig::builder`]; read-only once built.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use tls_wire::ids::SignatureScheme;

use super::builder::ClientConfigBuilder;
use super::server::CertifiedKey;
use super::settings::{BufferLimits, Settings};
use super::supported::{SupportedCipherSuite, SupportedGroup, SupportedVersion};
use crate::action::CertificateRequestSummary;
use crate::deps::{Clock, Rng};
use crate::error::{ConfigError, FileProblem};
use crate::key_log::KeyLog;
use crate::profile::WireProfile;
use crate::session_store::SessionStore;
use crate::verifier::{ServerCertVerifier, WebPkiServerVerifier};
use tls_pki::TrustAnchors;
use tls_pki::cert::Certificate;

/// How a client connects. Built by [`ClientConfig::builder`], which checks every setting.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub(crate) settings: Settings,
    pub(crate) verifier: Arc<dyn ServerCertVerifier>,
    pub(crate) signature_schemes: Vec<SignatureScheme>,
    pub(crate) sni: bool,
    pub(crate) skip_server_name_check: bool,
    pub(crate) client_certificates: Option<Arc<dyn ClientCertResolver>>,
    pub(crate) early_data: bool,
}

/// Chooses the certificate a client presents to a server that asks for one.
pub trait ClientCertResolver: Send + Sync + fmt::Debug {
    /// The chain and key for `request`, or `None` (an empty Certificate goes out, and the
    /// server decides whether to go on).
    fn resolve(&self, request: &CertificateRequestSummary) -> Option<Arc<CertifiedKey>>;
}

/// One client certificate, presented whenever its key can sign with a scheme the server
/// accepts. The server's `certificate_authorities` are not checked here: the server judges the
/// chain either way.
#[derive(Clone, Debug)]
pub struct SingleClientCertificate(pub Arc<CertifiedKey>);

/// Several client certificates: the first whose key signs with a scheme the server accepts
/// and, when the server names the roots it accepts (`certificate_authorities`), whose chain
/// leads to one of them (a certificate of the chain issued by a named root). None matching:
/// an empty Certificate.
#[derive(Clone, Debug)]
pub struct ClientCertificates(pub Vec<Arc<CertifiedKey>>);

impl ClientCertResolver for ClientCertificates {
    fn resolve(&self, request: &CertificateRequestSummary) -> Option<Arc<CertifiedKey>> {
        self.0
            .iter()
            .filter(|certified| {
                certified
                    .key()
                    .choose_tls13_scheme(&request.signature_schemes)
                    .is_ok()
            })
            .find(|certified| {
                request.certificate_authorities.is_empty()
                    || certified.chain().iter().any(|der| {
                        Certificate::from_der(der).is_ok_and(|certificate| {
                            request
                                .certificate_authorities
                                .iter()
                                .any(|name| name.as_slice() == certificate.issuer())
                        })
                    })
            })
            .cloned()
    }
}

impl ClientCertResolver for SingleClientCertificate {
    fn resolve(&self, request: &CertificateRequestSummary) -> Option<Arc<CertifiedKey>> {
        self.0
            .key()
            .choose_tls13_scheme(&request.signature_schemes)
            .ok()
            .map(|_| Arc::clone(&self.0))
    }
}

impl ClientConfig {
    /// A builder for a client that trusts what `verifier` accepts, every other setting at
    /// its default: TLS 1.3, our three AEAD suites, X25519 then P-256 then P-384, the
    /// signature schemes we verify, SNI on, the server's name checked.
    pub fn builder(verifier: Arc<dyn ServerCertVerifier>) -> ClientConfigBuilder {
        ClientConfigBuilder::new(verifier)
    }

    /// A builder for a client trusting the roots in the PEM file at `path` (checked by
    /// [`WebPkiServerVerifier`](crate::verifier::WebPkiServerVerifier)); a file that cannot be
    /// read or holds no certificate makes `build()` fail with the [`ConfigError::File`] naming
    /// it, rather than every handshake with an unknown issuer.
    pub fn builder_with_pem_roots(path: impl AsRef<Path>) -> ClientConfigBuilder {
        let path = path.as_ref();
        with_roots(
            TrustAnchors::from_pem_file(path),
            &path.display().to_string(),
        )
    }

    /// The same, with the roots of the certificate directory at `path` (OpenSSL's layout).
    pub fn builder_with_root_dir(path: impl AsRef<Path>) -> ClientConfigBuilder {
        let path = path.as_ref();
        with_roots(TrustAnchors::from_dir(path), &path.display().to_string())
    }

    /// The same, with the system's roots ([`TrustAnchors::system`]).
    pub fn builder_with_system_roots() -> ClientConfigBuilder {
        with_roots(
            TrustAnchors::system().map(|(anchors, _)| anchors),
            "the system's trust store",
        )
    }

    /// What chooses our certificate when a server asks for one (`None`: we answer with an
    /// empty Certificate).
    pub fn client_certificates(&self) -> Option<&Arc<dyn ClientCertResolver>> {
        self.client_certificates.as_ref()
    }

    /// The versions offered, in order of preference.
    pub fn versions(&self) -> &[SupportedVersion] {
        &self.settings.versions
    }

    /// The cipher suites offered, in order of preference.
    pub fn cipher_suites(&self) -> &[SupportedCipherSuite] {
        &self.settings.cipher_suites
    }

    /// The groups offered, in order of preference; the first gets a key share.
    pub fn groups(&self) -> &[SupportedGroup] {
        &self.settings.groups
    }

    /// The signature schemes offered in `signature_algorithms`.
    pub fn signature_schemes(&self) -> &[SignatureScheme] {
        &self.signature_schemes
    }

    /// The application protocols offered (ALPN), in order of preference.
    pub fn alpn_protocols(&self) -> &[Vec<u8>] {
        &self.settings.alpn_protocols
    }

    /// Whether the server's DNS name is sent (SNI).
    pub fn sni(&self) -> bool {
        self.sni
    }

    /// Whether the check of the server's certificate against its name is skipped (dangerous).
    pub fn server_name_check_skipped(&self) -> bool {
        self.skip_server_name_check
    }

    /// What judges the server's certificate chain and signature.
    pub fn verifier(&self) -> &Arc<dyn ServerCertVerifier> {
        &self.verifier
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

    /// Whether we send early data (0-RTT) with tickets that allow it.
    pub fn early_data(&self) -> bool {
        self.early_data
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

impl std::fmt::Debug for dyn Rng {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rng")
    }
}

impl std::fmt::Debug for dyn Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clock")
    }
}

/// A builder over `roots`, or one whose `build` fails naming `place` and why it gave none.
fn with_roots(roots: std::io::Result<TrustAnchors>, place: &str) -> ClientConfigBuilder {
    match roots {
        Ok(roots) => ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(roots))),
        Err(error) => {
            let problem = match error.kind() {
                std::io::ErrorKind::InvalidData => FileProblem::NoCertificate,
                _ => FileProblem::Unreadable(error.to_string()),
            };
            ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(TrustAnchors::new()))).fail(
                ConfigError::File {
                    path: place.to_owned(),
                    problem,
                },
            )
        }
    }
}
