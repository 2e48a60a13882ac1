//! Waiting for the server's EncryptedExtensions (RFC 8446 §4.3.1).

use tls_wire::extensions::ExtensionContext;
use tls_wire::handshake::EncryptedExtensions;

use super::{ExpectCertificateRequest, Negotiation};
use crate::client::extensions::check_server_extensions;
use crate::error::{HandshakeError, PeerMisbehaved};

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
        let alpn_protocol = match extensions.application_layer_protocol_negotiation()? {
            None => None,
            //= https://www.rfc-editor.org/rfc/rfc7301#section-3.1
            //# The "extension_data"
            //# field of the ("application_layer_protocol_negotiation(16)") extension
            //# is structured the same as described above for the client
            //# "extension_data", except that the "ProtocolNameList" MUST contain
            //# exactly one "ProtocolName".
            Some(list) => match list.as_slice() {
                [selected]
                    if negotiation
                        .offer
                        .alpn_protocols
                        .iter()
                        .any(|p| p == &**selected) =>
                {
                    Some(selected.as_slice().to_vec())
                }
                _ => return Err(PeerMisbehaved::SelectedUnofferedApplicationProtocol.into()),
            },
        };
        negotiation.transcript.add(raw);
        Ok(ExpectCertificateRequest {
            negotiation,
            alpn_protocol,
        })
    }
}
