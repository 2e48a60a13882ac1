//! The wire profile: the few choices of wire form a recorded peer made that ours never would,
//! so that a recorded handshake (RFC 8448, illustrated-tls13) replays byte for byte through the
//! code that ships.
//!
//! The profile is always compiled and always consulted by the state machines, and its
//! [`Default`] is our production behaviour. Only the `test-profile` feature can build any
//! other profile or set one on a configuration, so a program built without the feature runs
//! exactly the default.
//!
//! ```text
//! ClientConfig / ServerConfig ── wire_profile ──▶ WireProfile
//!                                                  ├─ client: middlebox compatibility, a recorded ClientHello's suites and extensions
//!                                                  ├─ server: ServerHello extension order, EncryptedExtensions, presented chain,
//!                                                  │          HelloRetryRequest group and cookie
//!                                                  └─ both: the first application sequence numbers (to test the AEAD limit)
//! ```

use tls_wire::extensions::Extension;
use tls_wire::ids::CipherSuite;

/// How our side shapes what it sends. [`WireProfile::default`] is what we ship.
#[derive(Clone, Debug)]
pub struct WireProfile {
    pub(crate) middlebox_compatibility: bool,
    pub(crate) recorded_client_hello: Option<RecordedClientHello>,
    pub(crate) supported_versions_first: bool,
    pub(crate) leading_encrypted_extensions: Vec<Extension<'static>>,
    pub(crate) acknowledge_server_name: bool,
    pub(crate) certificate_chain: Option<Vec<Vec<u8>>>,
    pub(crate) retry_for_preferred_group: bool,
    pub(crate) retry_cookie: Option<Vec<u8>>,
    pub(crate) application_write_sequence: u64,
    pub(crate) application_read_sequence: u64,
    pub(crate) application_traffic_secrets: Option<(Vec<u8>, Vec<u8>)>,
}

/// A recorded client's ClientHello contents that our client sends instead of its own: its
/// cipher suites and extensions in its order. Our random, session id and key share still fill
/// the hello, so a replay shows they are the trace's.
#[derive(Clone, Debug)]
pub struct RecordedClientHello {
    pub(crate) cipher_suites: Vec<CipherSuite>,
    pub(crate) extensions: Vec<Extension<'static>>,
    pub(crate) retry_extensions: Option<Vec<Extension<'static>>>,
}

impl Default for WireProfile {
    /// Our production behaviour: middlebox compatibility mode (RFC 8446 Appendix D.4), our own
    /// ClientHello, `key_share` before `supported_versions` in the ServerHello, our own
    /// EncryptedExtensions (acknowledging the server name), the selected chain, a HelloRetryRequest only when the client sent
    /// no share we accept, and no cookie.
    fn default() -> Self {
        Self {
            middlebox_compatibility: true,
            recorded_client_hello: None,
            supported_versions_first: false,
            leading_encrypted_extensions: Vec::new(),
            acknowledge_server_name: true,
            certificate_chain: None,
            retry_for_preferred_group: false,
            retry_cookie: None,
            application_write_sequence: 0,
            application_read_sequence: 0,
            application_traffic_secrets: None,
        }
    }
}

impl WireProfile {
    /// Whether middlebox compatibility mode is on (RFC 8446 Appendix D.4): the client sends a
    /// 32-byte `legacy_session_id` and a `change_cipher_spec` before its second flight; the
    /// server answers a session id with a `change_cipher_spec` after its first message.
    pub fn middlebox_compatibility(&self) -> bool {
        self.middlebox_compatibility
    }

    /// The recorded ClientHello our client sends in place of its own, if any.
    pub(crate) fn recorded_client_hello(&self) -> Option<&RecordedClientHello> {
        self.recorded_client_hello.as_ref()
    }

    /// Whether the ServerHello lists `supported_versions` before `key_share`.
    pub(crate) fn supported_versions_first(&self) -> bool {
        self.supported_versions_first
    }

    /// Extensions the EncryptedExtensions lists before ours (none by default).
    pub(crate) fn leading_encrypted_extensions(&self) -> &[Extension<'static>] {
        &self.leading_encrypted_extensions
    }

    /// Whether the server acknowledges a client's `server_name` it used (RFC 6066 §3; on by
    /// default).
    pub(crate) fn acknowledge_server_name(&self) -> bool {
        self.acknowledge_server_name
    }

    /// The chain to present in place of the selected one, if any (a server's, or a client's
    /// in answer to a CertificateRequest).
    pub(crate) fn certificate_chain(&self) -> Option<&[Vec<u8>]> {
        self.certificate_chain.as_deref()
    }

    /// Whether a HelloRetryRequest asks for our most preferred group even when the client sent
    /// a share for another group we accept.
    pub(crate) fn retry_for_preferred_group(&self) -> bool {
        self.retry_for_preferred_group
    }

    /// The `cookie` to send in a HelloRetryRequest, if any.
    pub(crate) fn retry_cookie(&self) -> Option<&[u8]> {
        self.retry_cookie.as_deref()
    }

    /// The sequence number the first record under our first application write key gets: 0,
    /// as RFC 8446 §5.3 has it, unless a test starts near the AEAD limit.
    pub fn application_write_sequence(&self) -> u64 {
        self.application_write_sequence
    }

    /// The sequence number the first record under the peer's first application key is
    /// expected with: 0 unless a test starts near the AEAD limit.
    pub fn application_read_sequence(&self) -> u64 {
        self.application_read_sequence
    }

    /// The client's and the server's first application traffic secrets to use in place of the
    /// derived ones, if a replay set them.
    pub(crate) fn application_traffic_secrets(&self) -> Option<(&[u8], &[u8])> {
        self.application_traffic_secrets
            .as_ref()
            .map(|(client, server)| (client.as_slice(), server.as_slice()))
    }
}

impl RecordedClientHello {
    /// The cipher suites, in the recorded order.
    pub(crate) fn cipher_suites(&self) -> &[CipherSuite] {
        &self.cipher_suites
    }

    /// The extensions, in the recorded order; the `key_share` among them is replaced by ours.
    pub(crate) fn extensions(&self) -> &[Extension<'static>] {
        &self.extensions
    }

    /// The extensions of the recorded second ClientHello (after a HelloRetryRequest), in its
    /// order; its `key_share` and `cookie` are replaced by ours.
    pub(crate) fn retry_extensions(&self) -> Option<&[Extension<'static>]> {
        self.retry_extensions.as_deref()
    }
}

/// Building other profiles: for replaying recorded handshakes only.
#[cfg(feature = "test-profile")]
impl WireProfile {
    /// Turns middlebox compatibility mode on or off (RFC 8448's client and server do not use
    /// it).
    #[must_use]
    pub fn with_middlebox_compatibility(mut self, on: bool) -> Self {
        self.middlebox_compatibility = on;
        self
    }

    /// Sends a recorded client's ClientHello contents in place of ours.
    #[must_use]
    pub fn with_recorded_client_hello(mut self, hello: RecordedClientHello) -> Self {
        self.recorded_client_hello = Some(hello);
        self
    }

    /// Lists `supported_versions` before `key_share` in the ServerHello (illustrated-tls13's
    /// order).
    #[must_use]
    pub fn with_supported_versions_first(mut self) -> Self {
        self.supported_versions_first = true;
        self
    }

    /// Lists `list` first in the EncryptedExtensions, before the extensions our server
    /// decides itself (RFC 8448's server lists its `supported_groups`, which include groups we
    /// do not implement, before its `record_size_limit` and `server_name`).
    #[must_use]
    pub fn with_leading_encrypted_extensions(mut self, list: Vec<Extension<'static>>) -> Self {
        self.leading_encrypted_extensions = list;
        self
    }

    /// Leaves the client's `server_name` unacknowledged (illustrated-tls13's server).
    #[must_use]
    pub fn without_server_name_acknowledgement(mut self) -> Self {
        self.acknowledge_server_name = false;
        self
    }

    /// Presents `chain` (DER, end-entity first) in place of the selected one (RFC 8448's
    /// RSA-1024 certificate, whose key ring cannot load: the selected key then only decides the
    /// scheme, and the trace's signature comes through the Sign request).
    #[must_use]
    pub fn with_certificate_chain(mut self, chain: Vec<Vec<u8>>) -> Self {
        self.certificate_chain = Some(chain);
        self
    }

    /// Asks for our most preferred group with a HelloRetryRequest even when the client sent a
    /// share for another group we accept (RFC 8448 §5's server).
    #[must_use]
    pub fn with_retry_for_preferred_group(mut self) -> Self {
        self.retry_for_preferred_group = true;
        self
    }

    /// Sends `cookie` in a HelloRetryRequest (RFC 8448 §5's server sends one). Stateless
    /// HelloRetryRequest cookies are not built here: this is the recorded value.
    #[must_use]
    pub fn with_retry_cookie(mut self, cookie: Vec<u8>) -> Self {
        self.retry_cookie = Some(cookie);
        self
    }

    /// Starts our first application write key at sequence number `seq` rather than 0, so that
    /// a test reaches the AEAD's record limit without sealing millions of records first.
    #[must_use]
    pub fn with_application_write_sequence(mut self, seq: u64) -> Self {
        self.application_write_sequence = seq;
        self
    }

    /// Expects the peer's first application record at sequence number `seq` (the peer of a
    /// test that starts its writes there).
    #[must_use]
    pub fn with_application_read_sequence(mut self, seq: u64) -> Self {
        self.application_read_sequence = seq;
        self
    }

    /// Uses `client` and `server` as the first application traffic secrets instead of the
    /// derived ones: a recorded connection's application records (from its key log), with
    /// their KeyUpdates, then replay through a connection whose handshake was our own.
    #[must_use]
    pub fn with_application_traffic_secrets(mut self, client: Vec<u8>, server: Vec<u8>) -> Self {
        self.application_traffic_secrets = Some((client, server));
        self
    }
}

#[cfg(feature = "test-profile")]
impl RecordedClientHello {
    /// A recorded ClientHello's `cipher_suites` and `extensions`, and those of its second
    /// ClientHello after a HelloRetryRequest.
    pub fn new(
        cipher_suites: Vec<CipherSuite>,
        extensions: Vec<Extension<'static>>,
        retry_extensions: Option<Vec<Extension<'static>>>,
    ) -> Self {
        Self {
            cipher_suites,
            extensions,
            retry_extensions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_profile_is_production_behaviour() {
        let profile = WireProfile::default();
        assert!(profile.middlebox_compatibility());
        assert!(profile.recorded_client_hello().is_none());
        assert!(!profile.supported_versions_first());
        assert!(profile.leading_encrypted_extensions().is_empty());
        assert!(profile.acknowledge_server_name());
        assert!(profile.certificate_chain().is_none());
        assert!(!profile.retry_for_preferred_group());
        assert!(profile.retry_cookie().is_none());
        assert_eq!(profile.application_write_sequence(), 0);
        assert_eq!(profile.application_read_sequence(), 0);
    }
}
