//! [`ConfigBuilder`]: the one way to make a [`ClientConfig`] or a [`ServerConfig`]. The settings
//! both sides share are methods of every builder; each side adds its own; `build` checks the
//! whole and returns a [`ConfigError`] naming what is wrong.
//!
//! ```text
//! ClientConfig::builder(verifier) ─┐                     ┌─ versions, cipher_suites, groups,
//!                                  ├─▶ ConfigBuilder<S> ─┤  alpn_protocols, rng, clock, limits,
//! ServerConfig::builder(key) ──────┘                     │  key_log
//!                                                        └─ (client) signature schemes, SNI,
//!                                                           dangerous name-check skip
//!                           build() ─▶ Result<ClientConfig | ServerConfig, ConfigError>
//! ```

use std::sync::Arc;

use crate::anti_replay::{AntiReplay, MemoryAntiReplay};

use tls_wire::ids::SignatureScheme;

#[cfg(doc)]
use super::client::SingleClientCertificate;
use super::client::{ClientCertResolver, ClientConfig};
use super::server::{ClientAuth, ServerCertSelector, ServerConfig};
use super::settings::{BufferLimits, Settings, check_list};
use super::supported::{SupportedCipherSuite, SupportedGroup, SupportedVersion};
use crate::deps::{Clock, Rng};
use crate::error::ConfigError;
use crate::key_log::KeyLog;
#[cfg(feature = "test-profile")]
use crate::profile::WireProfile;
use crate::ticketer::{RotatingTicketer, Ticketer};
use crate::verifier::ServerCertVerifier;
use crate::verify::TLS13_CERTIFICATE_VERIFY_SCHEMES;
use crate::verify_tls12::TLS12_SIGNATURE_SCHEMES;

/// The NewSessionTickets a TLS 1.3 server sends after each handshake, by default.
pub const DEFAULT_SESSION_TICKETS: u8 = 2;

/// Builds a configuration; `S` holds what only one side configures ([`ClientSide`] or
/// [`ServerSide`]).
#[derive(Debug)]
pub struct ConfigBuilder<S> {
    settings: Settings,
    /// A convenience constructor's failure (a file that cannot be used), reported by `build`.
    pending: Option<ConfigError>,
    /// Whether `versions` was called: the default may still narrow (a server asking for
    /// client certificates), a choice may not.
    versions_chosen: bool,
    side: S,
}

/// What only a client configures.
#[derive(Debug)]
pub struct ClientSide {
    verifier: Arc<dyn ServerCertVerifier>,
    client_certificates: Option<Arc<dyn ClientCertResolver>>,
    /// `None`: the default for the enabled versions.
    signature_schemes: Option<Vec<SignatureScheme>>,
    sni: bool,
    skip_server_name_check: bool,
    early_data: bool,
}

/// What only a server configures.
#[derive(Debug)]
pub struct ServerSide {
    certificates: Arc<dyn ServerCertSelector>,
    client_auth: ClientAuth,
    ticketer: Option<Arc<dyn Ticketer>>,
    session_tickets: u8,
    max_early_data_size: u32,
    anti_replay: Option<Arc<dyn AntiReplay>>,
}

/// The builder of a [`ClientConfig`].
pub type ClientConfigBuilder = ConfigBuilder<ClientSide>;

/// The builder of a [`ServerConfig`].
pub type ServerConfigBuilder = ConfigBuilder<ServerSide>;

impl<S> ConfigBuilder<S> {
    /// A builder whose `build` fails with `error` (what a convenience constructor could not
    /// load).
    pub(crate) fn fail(mut self, error: ConfigError) -> Self {
        self.pending = Some(error);
        self
    }

    /// The default versions keep to the configured suites: a builder given only TLS 1.3
    /// suites speaks TLS 1.3, as it would if it had asked for it. Versions chosen explicitly
    /// stay as chosen (and one without a suite is an error).
    fn settle_versions(&mut self) {
        // An empty suite list is its own error, reported as such by the checks.
        if !self.versions_chosen && !self.settings.cipher_suites.is_empty() {
            let suites = &self.settings.cipher_suites;
            self.settings
                .versions
                .retain(|version| suites.iter().any(|suite| suite.version() == *version));
        }
    }

    /// The protocol versions to speak, in order of preference (default: every version we
    /// implement, [`SupportedVersion::ALL`], kept to the versions of the suites configured).
    #[must_use]
    pub fn versions(mut self, versions: &[SupportedVersion]) -> Self {
        self.settings.versions = versions.to_vec();
        self.versions_chosen = true;
        self
    }

    /// The cipher suites to offer (a client) or accept (a server), in order of preference
    /// (default: [`SupportedCipherSuite::ALL`]).
    #[must_use]
    pub fn cipher_suites(mut self, suites: &[SupportedCipherSuite]) -> Self {
        self.settings.cipher_suites = suites.to_vec();
        self
    }

    /// The key-exchange groups, in order of preference; a client sends a key share for the
    /// first (default: [`SupportedGroup::ALL`]).
    #[must_use]
    pub fn groups(mut self, groups: &[SupportedGroup]) -> Self {
        self.settings.groups = groups.to_vec();
        self
    }

    /// The application protocols (ALPN) to offer or accept, in order of preference (default:
    /// none). Each name is 1 to 255 bytes.
    #[must_use]
    pub fn alpn_protocols<P: AsRef<[u8]>>(mut self, protocols: &[P]) -> Self {
        self.settings.alpn_protocols = protocols.iter().map(|p| p.as_ref().to_vec()).collect();
        self
    }

    /// Where randomness comes from (default: the operating system's, through ring).
    #[must_use]
    pub fn rng(mut self, rng: Arc<dyn Rng>) -> Self {
        self.settings.rng = rng;
        self
    }

    /// Where the time comes from (default: the system's wall clock).
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.settings.clock = clock;
        self
    }

    /// How much a connection buffers at most (default: [`BufferLimits::default`]).
    #[must_use]
    pub fn buffer_limits(mut self, limits: BufferLimits) -> Self {
        self.settings.limits = limits;
        self
    }

    /// Refuses a TLS 1.2 peer that does not agree on the extended master secret (RFC 7627)
    /// with handshake_failure (default: off, so that older peers still connect; the extended
    /// master secret is negotiated whenever the peer offers it either way).
    #[must_use]
    pub fn require_extended_master_secret(mut self, required: bool) -> Self {
        self.settings.require_extended_master_secret = required;
        self
    }

    /// Where TLS 1.2 sessions are kept for resumption by session id (default: a
    /// [`MemorySessionStore`](crate::session_store::MemorySessionStore) of
    /// [`DEFAULT_SESSION_STORE_CAPACITY`](crate::session_store::DEFAULT_SESSION_STORE_CAPACITY)
    /// sessions for this config; `None`: no session is kept nor resumed). A server keys
    /// sessions by id, a client by server name; a store may be shared by many configs of one
    /// side, and by a fleet of servers.
    #[must_use]
    pub fn session_store(
        mut self,
        store: Option<Arc<dyn crate::session_store::SessionStore>>,
    ) -> Self {
        self.settings.session_store = store;
        self
    }

    /// Lets a TLS 1.3 resumption skip the (EC)DHE exchange (psk_ke, RFC 8446 §4.2.9) when the
    /// peer allows it too (default: off; psk_dhe_ke keeps forward secrecy, and costs one key
    /// exchange). A client then offers both modes; a server that allows it prefers psk_ke.
    #[must_use]
    pub fn allow_psk_ke(mut self, allow: bool) -> Self {
        self.settings.allow_psk_ke = allow;
        self
    }

    /// The largest protected record we accept, in plaintext bytes (RFC 8449; default: the
    /// protocol's maximum, advertised all the same so that the peer may set a limit of its
    /// own). From 64 to 2^14 + 1 (in TLS 1.2, 2^14 at most applies); the peer's records over
    /// it are a record_overflow. For constrained devices.
    #[must_use]
    pub fn record_size_limit(mut self, limit: u16) -> Self {
        self.settings.record_size_limit = Some(limit);
        self
    }

    /// Logs the secrets of every handshake to `key_log`, in the NSS key log format
    /// ([`KeyLogFile::from_env`](crate::key_log::KeyLogFile::from_env) appends them to the
    /// file `SSLKEYLOGFILE` names). Default: [`NoKeyLog`](crate::key_log::NoKeyLog), nothing.
    /// Whoever reads the log can decrypt the connections: for debugging only.
    #[must_use]
    pub fn key_log(mut self, key_log: Arc<dyn KeyLog>) -> Self {
        self.settings.key_log = key_log;
        self
    }

    /// Replaces our wire form, to replay a recorded handshake byte for byte.
    #[cfg(feature = "test-profile")]
    #[must_use]
    pub fn wire_profile(mut self, profile: WireProfile) -> Self {
        self.settings.wire_profile = profile;
        self
    }
}

impl ConfigBuilder<ClientSide> {
    /// A client builder whose server certificates `verifier` judges; everything else starts at
    /// the defaults.
    pub(crate) fn new(verifier: Arc<dyn ServerCertVerifier>) -> Self {
        Self {
            settings: Settings::default(),
            pending: None,
            versions_chosen: false,
            side: ClientSide {
                verifier,
                client_certificates: None,
                signature_schemes: None,
                sni: true,
                skip_server_name_check: false,
                early_data: false,
            },
        }
    }

    /// The signature schemes offered in `signature_algorithms`, in order of preference
    /// (default: every scheme we verify, [`TLS13_CERTIFICATE_VERIFY_SCHEMES`], with
    /// `rsa_pkcs1_*` added ([`TLS12_SIGNATURE_SCHEMES`]) when TLS 1.2 is enabled). Each must be
    /// one we can verify.
    #[must_use]
    pub fn signature_schemes(mut self, schemes: &[SignatureScheme]) -> Self {
        self.side.signature_schemes = Some(schemes.to_vec());
        self
    }

    /// Presents a certificate when a server asks for one (RFC 8446 §4.4.2), chosen by
    /// `resolver` from the CertificateRequest (e.g. [`SingleClientCertificate`]); without it,
    /// or when it chooses none, an empty Certificate answers.
    #[must_use]
    pub fn client_certificate(mut self, resolver: Arc<dyn ClientCertResolver>) -> Self {
        self.side.client_certificates = Some(resolver);
        self
    }

    /// Whether to send the server's name (SNI) when it is a DNS name (default: on).
    #[must_use]
    pub fn sni(mut self, on: bool) -> Self {
        self.side.sni = on;
        self
    }

    /// Sends early data (0-RTT, RFC 8446 §2.3) when resuming with a ticket that allows it
    /// (default: off). The application writes it before the handshake completes and learns
    /// whether the server accepted it; early data may be replayed by an attacker, so only
    /// what is safe to repeat (an idempotent request) belongs in it.
    #[must_use]
    pub fn early_data(mut self, on: bool) -> Self {
        self.side.early_data = on;
        self
    }

    /// Accepts a server certificate that the verifier finds valid for *any* name: the name
    /// the connection was made for is not checked. Anyone with a certificate from a trusted
    /// root can then impersonate the server. Every completed handshake says so
    /// ([`Negotiated::server_name_check_skipped`](crate::action::Negotiated::server_name_check_skipped)).
    #[must_use]
    pub fn dangerous_skip_server_name_check(mut self) -> Self {
        self.side.skip_server_name_check = true;
        self
    }

    /// Checks the settings and makes the configuration.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// use tls_handshake::config::{ClientConfig, SupportedCipherSuite, SupportedGroup};
    /// use tls_handshake::verifier::WebPkiServerVerifier;
    /// use tls_pki::TrustAnchors;
    ///
    /// let roots = TrustAnchors::new(); // tls_pki loads them from PEM or the system store
    /// let config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(roots)))
    ///     .cipher_suites(&[SupportedCipherSuite::Tls13ChaCha20Poly1305Sha256])
    ///     .groups(&[SupportedGroup::X25519])
    ///     .alpn_protocols(&["h2", "http/1.1"])
    ///     .build()?;
    /// assert_eq!(config.groups(), [SupportedGroup::X25519]);
    /// # Ok::<(), tls_handshake::error::ConfigError>(())
    /// ```
    ///
    /// Errors: an empty or repeated list ([`ConfigError::EmptyList`],
    /// [`ConfigError::DuplicateInList`]), a scheme we cannot verify
    /// ([`ConfigError::UnverifiableSignatureScheme`]), an application protocol out of bounds,
    /// or a buffer limit too small to make progress.
    pub fn build(mut self) -> Result<ClientConfig, ConfigError> {
        if let Some(error) = self.pending.take() {
            return Err(error);
        }
        self.settle_versions();
        self.settings.check()?;
        let side = self.side;
        let tls12 = self.settings.versions.contains(&SupportedVersion::Tls12);
        // What we can verify: rsa_pkcs1_* only in TLS 1.2.
        let verifiable = if tls12 {
            TLS12_SIGNATURE_SCHEMES
        } else {
            TLS13_CERTIFICATE_VERIFY_SCHEMES
        };
        let signature_schemes = side
            .signature_schemes
            .unwrap_or_else(|| verifiable.to_vec());
        check_list("signature schemes", &signature_schemes)?;
        if let Some(scheme) = signature_schemes
            .iter()
            .find(|scheme| !verifiable.contains(scheme))
        {
            return Err(ConfigError::UnverifiableSignatureScheme { scheme: *scheme });
        }
        Ok(ClientConfig {
            settings: self.settings,
            verifier: side.verifier,
            signature_schemes,
            sni: side.sni,
            skip_server_name_check: side.skip_server_name_check,
            client_certificates: side.client_certificates,
            early_data: side.early_data,
        })
    }
}

impl ConfigBuilder<ServerSide> {
    /// A server builder whose certificate `certificates` chooses per ClientHello; everything
    /// else starts at the defaults.
    pub(crate) fn new(certificates: Arc<dyn ServerCertSelector>) -> Self {
        Self {
            settings: Settings::default(),
            pending: None,
            versions_chosen: false,
            side: ServerSide {
                certificates,
                client_auth: ClientAuth::None,
                // Without system randomness no ticket key: tickets are then off.
                ticketer: RotatingTicketer::new()
                    .map(|ticketer| -> Arc<dyn Ticketer> { Arc::new(ticketer) }),
                session_tickets: DEFAULT_SESSION_TICKETS,
                max_early_data_size: 0,
                anti_replay: None,
            },
        }
    }

    /// Asks clients for a certificate (RFC 8446 §4.3.2), judged by `verifier` (e.g.
    /// [`WebPkiClientVerifier`](crate::verifier::WebPkiClientVerifier) over the roots client
    /// certificates chain to): [`ClientAuth::Required`] refuses a client without one
    /// (`certificate_required`), [`ClientAuth::Optional`] lets it go on unauthenticated.
    #[must_use]
    pub fn client_auth(mut self, client_auth: ClientAuth) -> Self {
        self.side.client_auth = client_auth;
        self
    }

    /// What makes and opens resumption tickets (default: a
    /// [`RotatingTicketer`] of this config's own; `None`: no tickets, so TLS 1.3 clients do
    /// not resume). Servers that resume each other's tickets share one.
    #[must_use]
    pub fn ticketer(mut self, ticketer: Option<Arc<dyn Ticketer>>) -> Self {
        self.side.ticketer = ticketer;
        self
    }

    /// How many NewSessionTickets a TLS 1.3 server sends after each handshake (default:
    /// [`DEFAULT_SESSION_TICKETS`]; a client uses each once, so a few let it resume a few
    /// connections at once).
    #[must_use]
    pub fn session_tickets(mut self, count: u8) -> Self {
        self.side.session_tickets = count;
        self
    }

    /// Accepts early data (0-RTT, RFC 8446 §2.3) of up to `max_early_data_size` bytes per
    /// connection from clients resuming our tickets (default 0: off; the tickets then do not
    /// offer it). Accepted only with the first ticket offered, the ticket's suite, ALPN and
    /// server name, an age within ±10 s of ours, and a ticket the anti-replay store has not
    /// seen (default: a [`MemoryAntiReplay`](crate::anti_replay::MemoryAntiReplay), which
    /// protects one process only: see [`anti_replay`](Self::anti_replay)). The application
    /// reads early data apart from the rest, knowing an attacker may replay it.
    #[must_use]
    pub fn max_early_data_size(mut self, max_early_data_size: u32) -> Self {
        self.side.max_early_data_size = max_early_data_size;
        self
    }

    /// The store that lets each ticket carry early data once (default: a
    /// [`MemoryAntiReplay`](crate::anti_replay::MemoryAntiReplay) of this config's own).
    /// Servers behind one name share one, or a replay sent to another of them gets in.
    #[must_use]
    pub fn anti_replay(mut self, store: Arc<dyn AntiReplay>) -> Self {
        self.side.anti_replay = Some(store);
        self
    }

    /// Checks the settings and makes the configuration.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// use tls_handshake::config::{CertifiedKey, ServerConfig, SupportedVersion};
    ///
    /// # let chain = include_bytes!("../../../../testdata/pki/doc-example-chain.pem");
    /// # let key = include_bytes!("../../../../testdata/pki/doc-example-key.pem");
    /// let certified = CertifiedKey::from_pem(chain, key)?;
    /// let config = ServerConfig::builder(Arc::new(certified))
    ///     .versions(&[SupportedVersion::Tls13])
    ///     .alpn_protocols(&["http/1.1"])
    ///     .build()?;
    /// assert_eq!(config.alpn_protocols(), [b"http/1.1".to_vec()]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// Errors: an empty or repeated list, an application protocol out of bounds, or a buffer
    /// limit too small to make progress.
    pub fn build(mut self) -> Result<ServerConfig, ConfigError> {
        if let Some(error) = self.pending.take() {
            return Err(error);
        }
        self.settle_versions();
        self.settings.check()?;
        Ok(ServerConfig {
            settings: self.settings,
            certificates: self.side.certificates,
            client_auth: self.side.client_auth,
            ticketer: self.side.ticketer,
            session_tickets: self.side.session_tickets,
            max_early_data_size: self.side.max_early_data_size,
            anti_replay: self.side.anti_replay.unwrap_or_else(|| {
                let store: Arc<dyn AntiReplay> = Arc::new(MemoryAntiReplay::default());
                store
            }),
        })
    }
}
