//! Waiting for the server's EncryptedExtensions (RFC 8446 §4.3.1).

use tls_wire::extensions::ExtensionContext;
use tls_wire::handshake::EncryptedExtensions;

use super::{ExpectCertificateRequest, Negotiation};
use crate::client::extensions::{check_server_extensions, selected_application_protocol};
use crate::error::HandshakeError;

/// Waiting for the EncryptedExtensions, the first message under the handshake keys.
#[derive(Debug)]
pub(crate) struct ExpectEncryptedExtensions {
    pub(crate) negotiation: Negotiation,
}

impl ExpectEncryptedExtensions {
    /// RFC 8446 §4.3.1: the server's answers to our other extensions.
    ///
    /// Check (each extension allowed here and solicited; ALPN one of ours) → transcript.
    pub(crate) fn handle_encrypted_extensions(
        self,
        encrypted_extensions: &EncryptedExtensions<'_>,
        raw: &[u8],
    ) -> Result<ExpectCertificateRequest, HandshakeError> {
        let Self { mut negotiation } = self;
        let extensions = &encrypted_extensions.extensions;
        check_server_extensions(
            extensions,
            ExtensionContext::EncryptedExtensions,
            &negotiation.offer.extensions,
        )?;
        let alpn_protocol =
            selected_application_protocol(extensions, &negotiation.offer.alpn_protocols)?;
        negotiation.transcript.add(raw);
        Ok(ExpectCertificateRequest {
            negotiation,
            alpn_protocol,
        })
    }
}
