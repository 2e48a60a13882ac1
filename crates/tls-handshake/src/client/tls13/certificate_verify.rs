//! The server's CertificateVerify (RFC 8446 §4.4.3): its signature over the transcript.

use tls_wire::handshake::CertificateVerify;

use super::{ExpectFinished, Negotiation};
use crate::error::HandshakeError;
use crate::proof::CertificateVerified;
use crate::verify::{Side, verify_tls13_certificate_verify};

/// Waiting for the server's CertificateVerify; its chain was accepted.
#[derive(Debug)]
pub(in crate::client) struct ExpectCertificateVerify {
    pub(super) negotiation: Negotiation,
    pub(super) alpn_protocol: Option<Vec<u8>>,
    /// The server's certificates, DER, end-entity first.
    pub(super) certificates: Vec<Vec<u8>>,
    pub(super) certificate_verified: CertificateVerified,
}

impl ExpectCertificateVerify {
    /// RFC 8446 §4.4.3: the end-entity key's signature over Transcript-Hash(ClientHello ..
    /// Certificate), with a scheme we offered.
    ///
    /// Check (scheme offered and not PKCS#1, signature valid; see
    /// [`verify_tls13_certificate_verify`]) → transcript.
    pub(in crate::client) fn handle_certificate_verify(
        self,
        certificate_verify: &CertificateVerify<'_>,
        raw: &[u8],
    ) -> Result<ExpectFinished, HandshakeError> {
        let Self {
            mut negotiation,
            alpn_protocol,
            certificates,
            certificate_verified,
        } = self;
        let signature_scheme = certificate_verify.algorithm;
        let end_entity = certificates.first().map(Vec::as_slice).unwrap_or_default();
        let client_hello_to_certificate = negotiation.transcript.current_hash();
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
        //# If the verification fails, the receiver MUST terminate the handshake
        //# with a "decrypt_error" alert.
        if !negotiation.offer.vouches_for_certificate_verify(raw) {
            verify_tls13_certificate_verify(
                end_entity,
                signature_scheme,
                &negotiation.offer.signature_schemes,
                client_hello_to_certificate.as_bytes(),
                Side::Server,
                &certificate_verify.signature,
            )?;
        }
        negotiation.transcript.add(raw);
        Ok(ExpectFinished {
            negotiation,
            alpn_protocol,
            signature_scheme,
            certificate_verified,
        })
    }
}
