//! Waiting for the server's EncryptedExtensions (RFC 8446 §4.3.1).

use tls_wire::extensions::ExtensionContext;
use tls_wire::handshake::EncryptedExtensions;

use super::{ExpectCertificateRequest, ExpectFinished, Negotiation};
use crate::action::Actions;
use crate::client::early_data::handle_answer;
use crate::client::extensions::{check_server_extensions, selected_application_protocol};
use crate::config::ClientConfig;
use crate::error::{HandshakeError, PeerMisbehaved};
use crate::proof::PeerAuth;
use crate::record_size_limit;
use tls_wire::ids::ExtensionType;

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
        //= https://www.rfc-editor.org/rfc/rfc8449#section-5
        //# A client MUST treat receipt of both max_fragment_length and
        //# record_size_limit as a fatal error, and it SHOULD generate an
        //# "illegal_parameter" alert.
        if extensions
            .find(ExtensionType::MAX_FRAGMENT_LENGTH)
            .is_some()
            && extensions.find(ExtensionType::RECORD_SIZE_LIMIT).is_some()
        {
            return Err(PeerMisbehaved::MaxFragmentLengthWithRecordSizeLimit.into());
        }
        check_server_extensions(
            extensions,
            ExtensionContext::EncryptedExtensions,
            &negotiation.offer.extensions,
        )?;
        let alpn_protocol =
            selected_application_protocol(extensions, &negotiation.offer.alpn_protocols)?;
        // The server's limit holds for our protected records (our Finished on), ours for its
        // from here on.
        let limit = match extensions.record_size_limit()? {
            Some(limit) => {
                let theirs = record_size_limit::check_server_limit(limit, true)?;
                let ours = record_size_limit::ours(config.record_size_limit(), true);
                Some(record_size_limit::limit_action(ours, theirs, true))
            }
            None => None,
        };
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
