//! The test-only wire profile: what a recorded server did that ours never would, so that a
//! trace replays byte for byte. It is `cfg(test)`, unreachable from the public configuration.

use tls_wire::extensions::Extension;

/// Departures from our own server's wire behaviour.
#[derive(Clone, Debug)]
pub(crate) struct ServerProfile {
    /// Whether to send the compatibility-mode `change_cipher_spec` after the ServerHello when
    /// the client sent a session id (RFC 8446 Appendix D.4). On by default.
    pub(crate) middlebox_compatibility: bool,
    /// Whether the ServerHello lists `supported_versions` before `key_share`
    /// (illustrated-tls13's order; ours and RFC 8448's is `key_share` first).
    pub(crate) supported_versions_first: bool,
    /// The exact EncryptedExtensions list to send instead of ours (RFC 8448's server sends
    /// `supported_groups` and `record_size_limit`; illustrated-tls13's does not acknowledge
    /// the client's `server_name`).
    pub(crate) encrypted_extensions: Option<Vec<Extension<'static>>>,
    /// The chain to present instead of the selected one (RFC 8448's RSA-1024 certificate,
    /// whose key ring cannot load: the selected key then only decides the scheme, and the
    /// trace's signature comes through the Sign request).
    pub(crate) certificate_chain: Option<Vec<Vec<u8>>>,
    /// Whether to ask for our most preferred group with a HelloRetryRequest even when the
    /// client sent a share for another group we accept (RFC 8448 §5's server).
    pub(crate) retry_for_preferred_group: bool,
    /// The `cookie` to send in a HelloRetryRequest (RFC 8448 §5's server sends one).
    pub(crate) retry_cookie: Option<Vec<u8>>,
}

impl Default for ServerProfile {
    fn default() -> Self {
        Self {
            middlebox_compatibility: true,
            supported_versions_first: false,
            encrypted_extensions: None,
            certificate_chain: None,
            retry_for_preferred_group: false,
            retry_cookie: None,
        }
    }
}
