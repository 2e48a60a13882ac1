//! [`Offer`]: what our ClientHello offered, read back from the hello as encoded, so that every
//! check of the server's choices holds against what went on the wire.

use tls_wire::handshake::{ClientHello, Random};
use tls_wire::ids::{CipherSuite, ExtensionType, NamedGroup, ProtocolVersion, SignatureScheme};

use super::early_data::EarlyOffer;
use super::grease::is_grease;
use super::psk::PskOffer;
use crate::config::ClientConfig;
use crate::session::Tls12Session;

/// What our ClientHello offered, read back from the hello itself, so that every check of the
/// server's choices holds against what went on the wire.
#[derive(Debug)]
pub(crate) struct Offer {
    /// Our random, which names the connection in the key log.
    pub(crate) random: Random,
    pub(crate) legacy_session_id: Vec<u8>,
    pub(crate) cipher_suites: Vec<CipherSuite>,
    pub(crate) versions: Vec<ProtocolVersion>,
    pub(crate) groups: Vec<NamedGroup>,
    pub(crate) signature_schemes: Vec<SignatureScheme>,
    pub(crate) alpn_protocols: Vec<Vec<u8>>,
    /// The types of every extension we sent: a response to anything else is unsolicited.
    pub(crate) extensions: Vec<ExtensionType>,
    /// The host name we sent as SNI.
    pub(crate) server_name: Option<String>,
    /// Whether the config skips the check of the server's certificate against its name.
    pub(crate) server_name_check_skipped: bool,
    /// Whether a TLS 1.2 server must agree on the extended master secret.
    pub(crate) require_extended_master_secret: bool,
    /// The stored TLS 1.2 session whose id is our `legacy_session_id`, if we offer one.
    pub(crate) resuming: Option<Tls12Session>,
    /// The TLS 1.3 ticket our `pre_shared_key` offers, if any.
    pub(crate) psk: Option<PskOffer>,
    /// The early data we offer with it, if any.
    pub(crate) early_data: Option<EarlyOffer>,
    /// Whether our compatibility change_cipher_spec went out already (before early data).
    pub(crate) change_cipher_spec_sent: bool,
}

impl Offer {
    /// What `hello`, the ClientHello we built, offers. We encoded each extension, so each
    /// decodes.
    pub(crate) fn of(
        hello: &ClientHello<'_>,
        config: &ClientConfig,
        resuming: Option<Tls12Session>,
        psk: Option<PskOffer>,
    ) -> Self {
        let server_name_check_skipped = config.server_name_check_skipped();
        let extensions = hello.extensions.as_ref();
        Self {
            random: hello.random,
            legacy_session_id: hello.legacy_session_id.as_slice().to_vec(),
            // GREASE values are offered to be ignored: a server that picks one picks something
            // we never offered (RFC 8701 §3.1, "Clients MUST reject GREASE values when
            // negotiated by the server").
            cipher_suites: real(hello.cipher_suites.as_slice(), |suite| suite.get()),
            versions: extensions
                .and_then(|block| block.supported_versions().ok().flatten())
                .map(|list| without_grease(list.into_vec(), |version| version.get()))
                .unwrap_or_default(),
            groups: extensions
                .and_then(|block| block.supported_groups().ok().flatten())
                .map(|list| without_grease(list.into_vec(), |group| group.get()))
                .unwrap_or_default(),
            signature_schemes: extensions
                .and_then(|block| block.signature_algorithms().ok().flatten())
                .map(|list| without_grease(list.into_vec(), |scheme| scheme.get()))
                .unwrap_or_default(),
            alpn_protocols: extensions
                .and_then(|block| {
                    block
                        .application_layer_protocol_negotiation()
                        .ok()
                        .flatten()
                })
                .map(|list| list.iter().map(|name| name.as_slice().to_vec()).collect())
                .unwrap_or_default(),
            extensions: extensions
                .map(|block| {
                    let mut types = Vec::with_capacity(block.len());
                    types.extend(block.types());
                    types
                })
                .unwrap_or_default(),
            server_name: extensions
                .and_then(|block| block.server_name().ok().flatten())
                .and_then(|list| {
                    list.iter()
                        .find_map(|name| name.host_name())
                        .map(|name| String::from_utf8_lossy(name).into_owned())
                }),
            server_name_check_skipped,
            require_extended_master_secret: config.requires_extended_master_secret(),
            resuming,
            psk,
            early_data: None,
            change_cipher_spec_sent: false,
        }
    }

    /// Whether we are in middlebox compatibility mode (RFC 8446 D.4): we sent a session id.
    pub(crate) fn compat(&self) -> bool {
        !self.legacy_session_id.is_empty()
    }
}

/// The values of `list` that are not GREASE.
fn real<T: Copy>(list: &[T], code: impl Fn(&T) -> u16) -> Vec<T> {
    list.iter()
        .filter(|value| !is_grease(code(value)))
        .copied()
        .collect()
}

/// `list` without its GREASE values, in place (the decoded list is ours to keep).
fn without_grease<T>(mut list: Vec<T>, code: impl Fn(&T) -> u16) -> Vec<T> {
    list.retain(|value| !is_grease(code(value)));
    list
}
