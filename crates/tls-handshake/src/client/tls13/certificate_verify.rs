//! The server's CertificateVerify (RFC 8446 §4.4.3): its signature over the transcript.

use tls_wire::handshake::CertificateVerify;

use super::{ExpectFinished, Negotiation};
use crate::certificate_chain::CertificateChain;
use crate::config::ClientConfig;
use crate::error::HandshakeError;
use crate::proof::{CertificateVerified, PeerAuth};

/// Waiting for the server's CertificateVerify; its chain was accepted.
#[derive(Debug)]
pub(crate) struct ExpectCertificateVerify {
    pub(crate) negotiation: Negotiation,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    /// The server's certificates, DER, end-entity first.
    pub(crate) certificates: CertificateChain,
    pub(crate) certificate_verified: CertificateVerified,
}

impl ExpectCertificateVerify {
    /// RFC 8446 §4.4.3: the end-entity key's signature over Transcript-Hash(ClientHello ..
    /// Certificate), with a scheme we offered.
    ///
    /// Check (scheme offered and not PKCS#1, signature valid: the config's verifier, by
    /// default [`verify_tls13_certificate_verify`](crate::verify::verify_tls13_certificate_verify))
    /// → transcript.
    pub(crate) fn handle_certificate_verify(
        self,
        certificate_verify: &CertificateVerify<'_>,
        raw: &[u8],
        config: &ClientConfig,
    ) -> Result<ExpectFinished, HandshakeError> {
        let Self {
            mut negotiation,
            alpn_protocol,
            certificates,
            certificate_verified,
        } = self;
        let signature_scheme = certificate_verify.algorithm;
        let end_entity = certificates.end_entity();
        let client_hello_to_certificate = negotiation.transcript.current_hash();
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
        //# The receiver of a CertificateVerify message MUST verify the signature
        //# field.
        let signature_verified = config.verifier.verify_tls13_signature(
            end_entity,
            signature_scheme,
            &negotiation.offer.signature_schemes,
            client_hello_to_certificate.as_bytes(),
            &certificate_verify.signature,
        )?;
        negotiation.transcript.add(raw);
        negotiation.server_certificates = certificates;
        Ok(ExpectFinished {
            negotiation,
            alpn_protocol,
            signature_scheme: Some(signature_scheme),
            peer_auth: PeerAuth::Certificate(certificate_verified, signature_verified),
        })
    }
}
