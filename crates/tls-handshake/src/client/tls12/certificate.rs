//! The server's TLS 1.2 Certificate (RFC 5246 §7.4.2): the chain, handed to the driver's
//! verifier, whose verdict the machine waits for.

use tls_pki::name::ServerName;
use tls_wire::handshake::CertificateTls12;

use super::{ExpectServerKeyExchange, Negotiation};
use crate::action::{Action, Actions, Event, Request};
use crate::certificate_chain::CertificateChain;
use crate::error::{HandshakeError, PeerMisbehaved};
use crate::proof::CertificateVerified;

/// Waiting for the server's Certificate.
#[derive(Debug)]
pub(crate) struct ExpectCertificate {
    pub(crate) negotiation: Negotiation,
}

/// Waiting for the driver's verdict on the server's chain (the `VerifyChain` request).
#[derive(Debug)]
pub(crate) struct AwaitChainVerification {
    negotiation: Negotiation,
    /// The certificates, DER, end-entity first, as the server sent them.
    certificates: CertificateChain,
}

impl ExpectCertificate {
    /// RFC 5246 §7.4.2: the server's chain.
    ///
    /// Check (at least one certificate) → transcript → emit the `VerifyChain` request for the
    /// chain and `server_name`.
    pub(crate) fn handle_certificate(
        self,
        certificate: &CertificateTls12<'_>,
        raw: &[u8],
        server_name: Option<&ServerName>,
        out: &mut Actions,
    ) -> Result<AwaitChainVerification, HandshakeError> {
        let Self { mut negotiation } = self;
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.2
        //# The server MUST send a Certificate message whenever the agreed-
        //# upon key exchange method uses certificates for authentication
        if certificate.certificate_list.is_empty() {
            return Err(PeerMisbehaved::EmptyServerCertificate.into());
        }
        let certificates = CertificateChain::copied(
            certificate
                .certificate_list
                .iter()
                .map(|der| der.as_slice()),
        );
        out.push(Action::Request(Request::VerifyChain {
            chain: certificates.clone(),
            server_name: server_name.cloned(),
        }));
        negotiation.transcript.add(raw);
        Ok(AwaitChainVerification {
            negotiation,
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
    ) -> Result<ExpectServerKeyExchange, HandshakeError> {
        let certificate_verified = verdict?;
        let Self {
            negotiation,
            certificates,
        } = self;
        out.push(Action::Event(Event::PeerCertificates(certificates.clone())));
        Ok(ExpectServerKeyExchange {
            negotiation,
            certificates,
            certificate_verified,
        })
    }
}
