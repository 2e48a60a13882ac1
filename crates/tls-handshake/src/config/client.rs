//! [`ClientConfig`]: what our client offers and how it judges the server.

use std::sync::Arc;

use tls_wire::ids::{CipherSuite, NamedGroup, SignatureScheme};

use super::{DEFAULT_CIPHER_SUITES, DEFAULT_GROUPS};
use crate::deps::{Clock, Rng, SystemClock, SystemRng};
use crate::profile::WireProfile;
use crate::verifier::ServerCertVerifier;
use crate::verify::TLS13_CERTIFICATE_VERIFY_SCHEMES;

/// How a client connects.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The cipher suites offered, in order of preference.
    pub cipher_suites: Vec<CipherSuite>,
    /// The groups offered in `supported_groups`, in order of preference. The first is the one
    /// a key share is sent for.
    pub groups: Vec<NamedGroup>,
    /// The signature schemes offered in `signature_algorithms`.
    pub signature_schemes: Vec<SignatureScheme>,
    /// The application protocols offered (ALPN), in order of preference; empty: none.
    pub alpn_protocols: Vec<Vec<u8>>,
    /// Whether to send the server's name (SNI) when it is a DNS name.
    pub enable_sni: bool,
    /// Judges the server's certificate chain.
    pub verifier: Arc<dyn ServerCertVerifier>,
    /// Randomness (hello random, session id, key shares, signature salts).
    pub rng: Arc<dyn Rng>,
    /// The time certificates are checked at.
    pub clock: Arc<dyn Clock>,
    /// Our wire form: production behaviour unless the `test-profile` feature sets another.
    wire_profile: WireProfile,
}

impl ClientConfig {
    /// A client that trusts what `verifier` accepts, with the defaults for everything else.
    pub fn new(verifier: Arc<dyn ServerCertVerifier>) -> Self {
        Self {
            cipher_suites: DEFAULT_CIPHER_SUITES.to_vec(),
            groups: DEFAULT_GROUPS.to_vec(),
            signature_schemes: TLS13_CERTIFICATE_VERIFY_SCHEMES.to_vec(),
            alpn_protocols: Vec::new(),
            enable_sni: true,
            verifier,
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
