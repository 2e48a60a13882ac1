//! The server's Certificate (RFC 8446 §4.4.2) and the wait for the verdict on its chain.

use tls_pki::name::ServerName;
use tls_wire::extensions::ExtensionContext;
use tls_wire::handshake::CertificateTls13;

use super::{ExpectCertificateVerify, Negotiation};
use crate::action::{Actions, Event, Request};
use crate::certificate_chain::CertificateChain;
use crate::client::extensions::check_server_extensions;
use crate::error::{HandshakeError, PeerMisbehaved};
use crate::proof::CertificateVerified;

/// Waiting for the server's Certificate.
#[derive(Debug)]
pub(crate) struct ExpectCertificate {
    pub(crate) negotiation: Negotiation,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
}

/// Waiting for the driver's verdict on the server's chain (the `VerifyChain` request).
#[derive(Debug)]
pub(crate) struct AwaitChainVerification {
    negotiation: Negotiation,
    alpn_protocol: Option<Vec<u8>>,
    /// The certificates, DER, end-entity first, as the server sent them.
    certificates: CertificateChain,
}

impl ExpectCertificate {
    /// RFC 8446 §4.4.2: the server's chain.
    ///
    /// Check (empty context, at least one certificate, entry extensions solicited) →
    /// transcript → emit the `VerifyChain` request for the chain and `server_name`.
    pub(crate) fn handle_certificate(
        self,
        certificate: &CertificateTls13<'_>,
        raw: &[u8],
        server_name: Option<&ServerName>,
        out: &mut Actions,
    ) -> Result<AwaitChainVerification, HandshakeError> {
        let Self {
            mut negotiation,
            alpn_protocol,
        } = self;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2
        //# Otherwise (in the case of server authentication),
        //# this field SHALL be zero length.
        let context = certificate.certificate_request_context.len();
        if context != 0 {
            return Err(PeerMisbehaved::NonEmptyCertificateRequestContext { len: context }.into());
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2.4
        //# If the server supplies an empty Certificate message, the client MUST
        //# abort the handshake with a "decode_error" alert.
        if certificate.certificate_list.is_empty() {
            return Err(PeerMisbehaved::EmptyServerCertificate.into());
        }
        let certificates = CertificateChain::copied(
            certificate
                .certificate_list
                .iter()
                .map(|entry| entry.cert_data.as_slice()),
        );
        let verify_chain = Request::VerifyChain {
            chain: certificates.clone(),
            server_name: server_name.cloned(),
        };
        for entry in certificate.certificate_list.iter() {
            check_server_extensions(
                &entry.extensions,
                ExtensionContext::Certificate,
                &negotiation.offer.extensions,
            )?;
        }
        negotiation.transcript.add(raw);

        out.push(crate::action::Action::Request(verify_chain));
        Ok(AwaitChainVerification {
            negotiation,
            alpn_protocol,
            certificates,
        })
    }
}

impl AwaitChainVerification {
    /// The driver's verdict on the chain: a refusal ends the handshake with the
    /// certificate's alert; acceptance reports the peer's certificates.
    pub(crate) fn handle_chain_verified(
        self,
        verdict: Result<CertificateVerified, HandshakeError>,
        out: &mut Actions,
    ) -> Result<ExpectCertificateVerify, HandshakeError> {
        let certificate_verified = verdict?;
        let Self {
            negotiation,
            alpn_protocol,
            certificates,
        } = self;
        out.push(crate::action::Action::Event(Event::PeerCertificates(
            certificates.clone(),
        )));
        Ok(ExpectCertificateVerify {
            negotiation,
            alpn_protocol,
            certificates,
            certificate_verified,
        })
    }
}
