//! The server's optional CertificateRequest (RFC 8446 §4.3.2).

use tls_wire::extensions::{ExtensionContext, allowed_in};
use tls_wire::handshake::CertificateRequestTls13;
use tls_wire::ids::ExtensionType;

use super::{ExpectCertificate, Negotiation};
use crate::action::CertificateRequestSummary;
use crate::error::{HandshakeError, PeerIncompatible, PeerMisbehaved};

/// Waiting for the server's CertificateRequest, which may be skipped: the Certificate may come
/// straight away.
#[derive(Debug)]
pub(crate) struct ExpectCertificateRequest {
    pub(crate) negotiation: Negotiation,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
}

impl ExpectCertificateRequest {
    /// RFC 8446 §4.3.2: the server asks for a client certificate, which our config's resolver
    /// chooses after the server's Finished (none: an empty Certificate, §4.4.2).
    ///
    /// Check (empty context, extensions the table allows here, `signature_algorithms`
    /// present) → transcript.
    pub(crate) fn handle_certificate_request(
        self,
        certificate_request: &CertificateRequestTls13<'_>,
        raw: &[u8],
    ) -> Result<ExpectCertificate, HandshakeError> {
        let Self {
            mut negotiation,
            alpn_protocol,
        } = self;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.3.2
        //# This field SHALL be zero
        //# length unless used for the post-handshake authentication exchanges
        //# described in Section 4.6.2.
        let context = certificate_request.certificate_request_context.len();
        if context != 0 {
            return Err(PeerMisbehaved::NonEmptyCertificateRequestContext { len: context }.into());
        }
        // A CertificateRequest makes requests of its own: the rule that a server answers only
        // what we asked does not apply, the §4.2 table does (unknown types are ignored).
        let extensions = &certificate_request.extensions;
        for extension in extensions.types() {
            if allowed_in(extension, ExtensionContext::CertificateRequest) == Some(false) {
                return Err(PeerMisbehaved::ExtensionNotAllowedInMessage {
                    extension,
                    message: ExtensionContext::CertificateRequest,
                }
                .into());
            }
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.3.2
        //# The "signature_algorithms" extension
        //# MUST be specified, and other extensions may optionally be included
        //# if defined for this message.
        let Some(signature_schemes) = extensions.signature_algorithms()? else {
            return Err(PeerIncompatible::MissingExtension {
                extension: ExtensionType::SIGNATURE_ALGORITHMS,
                message: ExtensionContext::CertificateRequest,
            }
            .into());
        };
        // The names of the roots the server accepts, which our choice of certificate reads.
        let certificate_authorities = extensions
            .certificate_authorities()?
            .map(|names| names.iter().map(|name| name.as_slice().to_vec()).collect())
            .unwrap_or_default();
        negotiation.transcript.add(raw);
        negotiation.certificate_request = Some(CertificateRequestSummary {
            signature_schemes: signature_schemes.into_vec(),
            certificate_authorities,
        });
        Ok(ExpectCertificate {
            negotiation,
            alpn_protocol,
        })
    }

    /// The server sent no CertificateRequest: on to its Certificate.
    pub(crate) fn skip_certificate_request(self) -> ExpectCertificate {
        ExpectCertificate {
            negotiation: self.negotiation,
            alpn_protocol: self.alpn_protocol,
        }
    }
}
