//! Waiting for the server's EncryptedExtensions (RFC 8446 §4.3.1).

use tls_wire::extensions::ExtensionContext;
use tls_wire::handshake::EncryptedExtensions;

use super::{ExpectCertificateRequest, ExpectFinished, Negotiation};
use crate::action::Actions;
use crate::client::early_data::handle_answer;
use crate::client::extensions::{check_server_extensions, selected_application_protocol};
use crate::config::ClientConfig;
use crate::error::HandshakeError;
use crate::proof::PeerAuth;
use crate::record_size_limit;

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
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<AfterEncryptedExtensions, HandshakeError> {
        let Self { mut negotiation } = self;
        let extensions = &encrypted_extensions.extensions;
        record_size_limit::refuse_beside_max_fragment_length(extensions)?;
        check_server_extensions(
            extensions,
            ExtensionContext::EncryptedExtensions,
            &negotiation.offer.extensions,
        )?;
        let alpn_protocol =
            selected_application_protocol(extensions, &negotiation.offer.alpn_protocols)?;
        // The server's limit holds for our protected records (our Finished on), ours for its
        // from here on.
        let limit = record_size_limit::client_action(extensions, config, true)?;
        handle_answer(
            &mut negotiation.offer,
            extensions,
            negotiation.resumed,
            negotiation.suite.id,
            alpn_protocol.as_deref(),
            out,
        )?;
        negotiation.transcript.add(raw);
        out.extend(limit);
        //= https://www.rfc-editor.org/rfc/rfc8446#section-2.2
        //# As the server is authenticating via a PSK, it does not send a
        //# Certificate or a CertificateVerify message.
        if negotiation.resumed {
            return Ok(AfterEncryptedExtensions::Finished(ExpectFinished {
                negotiation,
                alpn_protocol,
                signature_scheme: None,
                peer_auth: PeerAuth::Resumed { certificate: true },
            }));
        }
        Ok(AfterEncryptedExtensions::CertificateRequest(
            ExpectCertificateRequest {
                negotiation,
                alpn_protocol,
            },
        ))
    }
}

/// Where the EncryptedExtensions lead.
pub(crate) enum AfterEncryptedExtensions {
    /// A full handshake: the server's certificate (maybe first a CertificateRequest).
    CertificateRequest(ExpectCertificateRequest),
    /// A resumed one: its Finished.
    Finished(ExpectFinished),
}
