//! Our certificate in TLS 1.2 (RFC 5246 §7.4.6, §7.4.8): after the ServerHelloDone, when the
//! server asked, the chain the resolver chose (or none), then, after our ClientKeyExchange, a
//! CertificateVerify over every handshake message so far.
//!
//! ```text
//! ExpectServerHelloDone ──CertificateRequest, ServerHelloDone──▶ AwaitClientCertificate
//!    none chosen ──▶ empty Certificate, ClientKeyExchange, [CCS], Finished ──▶ ExpectChangeCipherSpec
//!    chosen ──▶ Certificate, ClientKeyExchange ──▶ AwaitClientSignature
//!       ──▶ CertificateVerify, [CCS], Finished ──▶ ExpectChangeCipherSpec
//! ```

use std::sync::Arc;

use tls_keyschedule::tls12::MasterSecret;
use tls_wire::ids::SignatureScheme;

use super::ExpectChangeCipherSpec;
use super::server_hello_done::OurFlight;
use crate::action::{Action, Actions, CertificateRequestSummary, Level, Request};
use crate::config::{CertifiedKey, ClientConfig};
use crate::error::{HandshakeError, LocalError};
use crate::tls12_common::emit_certificate_tls12;
use crate::tls13_common::emit_certificate_verify;

/// Waiting for the choice of our certificate; the server's flight is complete.
#[derive(Debug)]
pub(crate) struct AwaitClientCertificate {
    pub(crate) flight: OurFlight,
    pub(crate) request: CertificateRequestSummary,
}

/// Waiting for the signature of our CertificateVerify; Certificate and ClientKeyExchange are
/// out.
#[derive(Debug)]
pub(crate) struct AwaitClientSignature {
    flight: OurFlight,
    master_secret: MasterSecret,
    scheme: SignatureScheme,
    certified: Arc<CertifiedKey>,
}

/// Where our choice of certificate leads.
pub(crate) enum AfterClientCertificate {
    /// No certificate: our flight went out.
    ChangeCipherSpec(ExpectChangeCipherSpec),
    /// Our CertificateVerify waits for its signature.
    Sign(AwaitClientSignature),
}

impl AwaitClientCertificate {
    /// The driver's choice: none (an empty Certificate), or a chain whose key signs with a
    /// scheme the server accepts for a key type it listed.
    pub(crate) fn handle_client_certificate(
        self,
        certified: Option<Arc<CertifiedKey>>,
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<AfterClientCertificate, HandshakeError> {
        let Self {
            mut flight,
            request,
        } = self;
        // A key that cannot sign with any scheme the server accepts is as good as none.
        let chosen = certified.and_then(|certified| {
            let scheme = certified
                .key()
                .choose_tls12_scheme(&request.signature_schemes)
                .ok()?;
            Some((certified, scheme))
        });
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.6
        //# If no suitable certificate is available,
        //# the client MUST send a certificate message containing no
        //# certificates.
        let chain = chosen
            .as_ref()
            .map_or(&[][..], |(certified, _)| certified.chain());
        let certificate = emit_certificate_tls12(chain)?;
        flight.negotiation.transcript.add(&certificate);
        out.send(Level::Initial, certificate);
        let (client_key_exchange, master_secret) = flight.key_exchange(config)?;
        out.send(Level::Initial, client_key_exchange);
        let Some((certified, scheme)) = chosen else {
            flight.negotiation.transcript.discard_messages();
            return flight
                .finish(master_secret, out)
                .map(AfterClientCertificate::ChangeCipherSpec);
        };
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.8
        //# Here handshake_messages refers to all handshake messages sent or
        //# received, starting at client hello and up to, but not including,
        //# this message, including the type and length fields of the handshake
        //# messages.
        let message = flight
            .negotiation
            .transcript
            .messages()
            .ok_or(LocalError::HandshakeMessagesUnavailable)?
            .to_vec();
        out.push(Action::Request(Request::Sign { scheme, message }));
        Ok(AfterClientCertificate::Sign(AwaitClientSignature {
            flight,
            master_secret,
            scheme,
            certified,
        }))
    }
}

impl AwaitClientSignature {
    /// The in-process answer to our Sign request: the chosen key, the configured generator.
    pub(crate) fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        config: &ClientConfig,
    ) -> Result<Vec<u8>, HandshakeError> {
        self.certified
            .key()
            .sign_tls12(scheme, message, config.rng().as_ref())
    }

    /// RFC 5246 §7.4.8: our CertificateVerify, then ChangeCipherSpec and Finished.
    pub(crate) fn handle_signature(
        self,
        signature: Vec<u8>,
        out: &mut Actions,
    ) -> Result<ExpectChangeCipherSpec, HandshakeError> {
        let Self {
            mut flight,
            master_secret,
            scheme,
            ..
        } = self;
        let certificate_verify = emit_certificate_verify(scheme, signature)?;
        let transcript = &mut flight.negotiation.transcript;
        transcript.add(&certificate_verify);
        transcript.discard_messages();
        out.send(Level::Initial, certificate_verify);
        flight.finish(master_secret, out)
    }
}
