//! Client authentication on the TLS 1.2 server (RFC 5246 §7.4.4, §7.4.6, §7.4.8): our
//! CertificateRequest, the client's Certificate and the verdict on its chain, and, after its
//! ClientKeyExchange, its CertificateVerify over every handshake message so far.
//!
//! ```text
//! (our flight: ServerHello, Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone)
//! ExpectClientCertificate ──empty──▶ required: handshake_failure; optional: ExpectClientKeyExchange
//!          │ chain
//!          ▼
//! AwaitClientChainVerification ──verdict──▶ ExpectClientKeyExchange (AcceptedCertificate)
//!   ──ClientKeyExchange──▶ ExpectClientCertificateVerify ──▶ ExpectChangeCipherSpec
//! ```
//!
//! The signature covers the raw messages, not a hash of them (ring hashes what it verifies),
//! so a server that asks for certificates keeps them until the CertificateVerify.

use tls_wire::handshake::{
    CertificateAuthoritiesTls12, CertificateRequestTls12, CertificateTls12, CertificateVerify,
    ClientCertificateTypes, HandshakePayload, SupportedSignatureAlgorithms,
};
use tls_wire::ids::{ClientCertificateType, HandshakeType};

use super::client_key_exchange::{ExpectChangeCipherSpec, ExpectClientKeyExchange};
use crate::action::{Action, Actions, Event, Request};
use crate::certificate_chain::CertificateChain;
use crate::config::ServerConfig;
use crate::error::{HandshakeError, LocalError, PeerIncompatible};
use crate::proof::{CertificateVerified, PeerAuth};
use crate::server::client_auth::Requested;
use crate::tls13_common::encode;
use crate::verify_tls12::TLS12_SIGNATURE_SCHEMES;

/// RFC 5246 §7.4.4: our CertificateRequest, if the config asks for client certificates: the
/// key types and schemes we verify, and the subjects of the roots we accept (none named if
/// they do not fit the field, which then means any).
pub(crate) fn emit_certificate_request_tls12(
    config: &ServerConfig,
) -> Result<Option<(Vec<u8>, Requested)>, HandshakeError> {
    let Some(requested) = Requested::by(config, TLS12_SIGNATURE_SCHEMES) else {
        return Ok(None);
    };
    let unencodable = || LocalError::UnencodableMessage {
        message: HandshakeType::CERTIFICATE_REQUEST,
    };
    //= https://www.rfc-editor.org/rfc/rfc8422#section-5.5
    //# ecdsa_sign
    //
    // RFC 8422 §5.5 makes ecdsa_sign cover EdDSA keys too; rsa_sign covers RSA keys.
    let certificate_types = ClientCertificateTypes::new(vec![
        ClientCertificateType::ECDSA_SIGN,
        ClientCertificateType::RSA_SIGN,
    ])
    .map_err(|_| unencodable())?;
    let supported_signature_algorithms =
        SupportedSignatureAlgorithms::new(requested.schemes.clone()).map_err(|_| unencodable())?;
    let certificate_authorities = requested
        .root_names()
        .and_then(|names| CertificateAuthoritiesTls12::new(names).ok())
        .map_or_else(|| CertificateAuthoritiesTls12::new(Vec::new()), Ok)
        .map_err(|_| unencodable())?;
    let message = encode(HandshakePayload::CertificateRequestTls12(
        CertificateRequestTls12 {
            certificate_types,
            supported_signature_algorithms,
            certificate_authorities,
        },
    ))?;
    Ok(Some((message, requested)))
}

/// Waiting for the client's Certificate; our flight, with its CertificateRequest, is out.
#[derive(Debug)]
pub(crate) struct ExpectClientCertificate {
    pub(crate) key_exchange: ExpectClientKeyExchange,
    pub(crate) requested: Requested,
}

/// Waiting for the driver's verdict on the client's chain.
#[derive(Debug)]
pub(crate) struct AwaitClientChainVerification {
    key_exchange: ExpectClientKeyExchange,
    requested: Requested,
    certificates: CertificateChain,
}

/// A client chain we accepted, whose key still has to sign the handshake.
#[derive(Debug)]
pub(crate) struct AcceptedCertificate {
    requested: Requested,
    /// The chain as sent, end-entity first.
    certificates: CertificateChain,
    certificate_verified: CertificateVerified,
}

/// Waiting for the client's CertificateVerify; the keys are derived.
#[derive(Debug)]
pub(crate) struct ExpectClientCertificateVerify {
    pub(crate) change_cipher_spec: ExpectChangeCipherSpec,
    pub(crate) accepted: AcceptedCertificate,
}

/// Where the client's Certificate leads.
pub(crate) enum AfterClientCertificate {
    /// It was empty, and a certificate was optional.
    KeyExchange(ExpectClientKeyExchange),
    /// Its chain waits for the driver's verdict.
    Verify(AwaitClientChainVerification),
}

impl ExpectClientCertificate {
    /// RFC 5246 §7.4.6: the client's chain, or its empty Certificate.
    pub(crate) fn handle_certificate(
        self,
        certificate: &CertificateTls12<'_>,
        raw: &[u8],
        out: &mut Actions,
    ) -> Result<AfterClientCertificate, HandshakeError> {
        let Self {
            mut key_exchange,
            requested,
        } = self;
        key_exchange.transcript.add(raw);
        if certificate.certificate_list.is_empty() {
            //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.6
            //# If the client does not send any certificates, the
            //# server MAY at its discretion either continue the handshake without
            //# client authentication, or respond with a fatal handshake_failure
            //# alert.
            if requested.required {
                return Err(PeerIncompatible::ClientCertificateRequiredTls12.into());
            }
            // No CertificateVerify can follow: the raw messages have served.
            key_exchange.transcript.discard_messages();
            key_exchange.peer_auth = PeerAuth::NoCertificate;
            return Ok(AfterClientCertificate::KeyExchange(key_exchange));
        }
        let certificates = CertificateChain::copied(
            certificate
                .certificate_list
                .iter()
                .map(|der| der.as_slice()),
        );
        out.push(Action::Request(Request::VerifyChain {
            chain: certificates.clone(),
            server_name: None,
        }));
        Ok(AfterClientCertificate::Verify(
            AwaitClientChainVerification {
                key_exchange,
                requested,
                certificates,
            },
        ))
    }
}

impl AwaitClientChainVerification {
    /// The in-process verdict: the config's client verifier at the config's time.
    pub(crate) fn verify_in_process(
        &self,
        end_entity: &[u8],
        intermediates: &[Vec<u8>],
        config: &ServerConfig,
    ) -> Result<CertificateVerified, HandshakeError> {
        let intermediates: Vec<&[u8]> = intermediates.iter().map(Vec::as_slice).collect();
        self.requested.verifier.verify_client_chain(
            end_entity,
            &intermediates,
            config.clock().now(),
        )
    }

    /// The verdict on the client's chain: a refusal ends the handshake with the certificate's
    /// alert; acceptance reports the client's certificates and waits for its key exchange.
    pub(crate) fn handle_chain_verified(
        self,
        verdict: Result<CertificateVerified, HandshakeError>,
        out: &mut Actions,
    ) -> Result<ExpectClientKeyExchange, HandshakeError> {
        let certificate_verified = verdict?;
        let Self {
            mut key_exchange,
            requested,
            certificates,
        } = self;
        out.push(Action::Event(Event::PeerCertificates(certificates.clone())));
        key_exchange.accepted = Some(AcceptedCertificate {
            requested,
            certificates,
            certificate_verified,
        });
        Ok(key_exchange)
    }
}

impl ExpectClientCertificateVerify {
    /// RFC 5246 §7.4.8: the client's signature over every handshake message up to its
    /// ClientKeyExchange, by its certificate's key, in a scheme we offered.
    pub(crate) fn handle_certificate_verify(
        self,
        certificate_verify: &CertificateVerify<'_>,
        raw: &[u8],
    ) -> Result<ExpectChangeCipherSpec, HandshakeError> {
        let Self {
            mut change_cipher_spec,
            accepted,
        } = self;
        let transcript = &mut change_cipher_spec.transcript;
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.8
        //# Here handshake_messages refers to all handshake messages sent or
        //# received, starting at client hello and up to, but not including,
        //# this message, including the type and length fields of the handshake
        //# messages.
        let messages = transcript
            .messages()
            .ok_or(LocalError::HandshakeMessagesUnavailable)?;
        let end_entity = accepted.certificates.end_entity();
        let signature_verified = accepted
            .requested
            .verifier
            .verify_tls12_certificate_verify(
                end_entity,
                certificate_verify.algorithm,
                &accepted.requested.schemes,
                messages,
                certificate_verify.signature.as_slice(),
            )?;
        transcript.add(raw);
        transcript.discard_messages();
        change_cipher_spec.peer_auth =
            PeerAuth::Certificate(accepted.certificate_verified, signature_verified);
        change_cipher_spec.peer_certificates = accepted.certificates;
        Ok(change_cipher_spec)
    }
}
