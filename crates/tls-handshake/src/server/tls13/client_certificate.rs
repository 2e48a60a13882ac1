//! Client authentication on the server (RFC 8446 §4.3.2, §4.4.2, §4.4.3): our
//! CertificateRequest, then the client's Certificate, the verdict on its chain and its
//! CertificateVerify, before its Finished.
//!
//! ```text
//! (our flight: ... EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify, Finished)
//! ExpectClientCertificate ──empty──▶ required: certificate_required; optional: ExpectFinished
//!          │ chain
//!          ▼
//! AwaitClientChainVerification ──verdict──▶ ExpectClientCertificateVerify ──▶ ExpectFinished
//! ```

use tls_wire::extensions::{
    CertificateAuthorities, Extension, ExtensionContext, Extensions, SignatureSchemeList,
};
use tls_wire::handshake::{
    CertificateRequestContext, CertificateRequestTls13, CertificateTls13, CertificateVerify,
    HandshakePayload,
};
use tls_wire::ids::HandshakeType;

use super::{ExpectFinished, encode};
use crate::action::{Action, Actions, Event, Request};
use crate::certificate_chain::CertificateChain;
use crate::config::ServerConfig;
use crate::error::{HandshakeError, LocalError, PeerIncompatible, PeerMisbehaved};
use crate::proof::{CertificateVerified, PeerAuth};
use crate::server::client_auth::Requested;
use crate::tls13_common::check_allowed;
use crate::verify::TLS13_CERTIFICATE_VERIFY_SCHEMES;

/// RFC 8446 §4.3.2: our CertificateRequest, if the config asks for client certificates: an
/// empty context, the schemes we verify, and the subjects of the roots we accept (when they
/// fit the extension).
pub(crate) fn emit_certificate_request(
    config: &ServerConfig,
) -> Result<Option<(Vec<u8>, Requested)>, HandshakeError> {
    let Some(requested) = Requested::by(config, TLS13_CERTIFICATE_VERIFY_SCHEMES) else {
        return Ok(None);
    };
    let unencodable = || LocalError::UnencodableMessage {
        message: HandshakeType::CERTIFICATE_REQUEST,
    };
    let signature_algorithms = || {
        SignatureSchemeList::new(requested.schemes.clone())
            .map(Extension::SignatureAlgorithms)
            .map_err(|_| unencodable())
    };
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.3.2
    //# The "signature_algorithms" extension
    //# MUST be specified, and other extensions may optionally be included
    //# if defined for this message.
    let mut list = vec![signature_algorithms()?];
    // The roots' names help a client choose; a store too large for the extension's 64 KiB
    // is not named at all, which RFC 8446 §4.2.4 allows.
    if let Some(authorities) = requested
        .root_names()
        .and_then(|names| CertificateAuthorities::new(names).ok())
    {
        list.push(Extension::CertificateAuthorities(authorities));
    }
    let extensions = Extensions::new(ExtensionContext::CertificateRequest, list).or_else(|_| {
        // Without the names, if they were what did not fit.
        Extensions::new(
            ExtensionContext::CertificateRequest,
            vec![signature_algorithms()?],
        )
        .map_err(|_| unencodable())
    })?;
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.3.2
    //# This field SHALL be zero length
    //# unless used for the post-handshake authentication exchanges
    //# described in Section 4.6.2.
    let message = encode(HandshakePayload::CertificateRequestTls13(
        CertificateRequestTls13 {
            certificate_request_context: CertificateRequestContext::new(Vec::new())
                .map_err(|_| unencodable())?,
            extensions,
        },
    ))?;
    Ok(Some((message, requested)))
}

/// Waiting for the client's Certificate.
#[derive(Debug)]
pub(crate) struct ExpectClientCertificate {
    pub(crate) finished: ExpectFinished,
    pub(crate) requested: Requested,
}

/// Waiting for the driver's verdict on the client's chain.
#[derive(Debug)]
pub(crate) struct AwaitClientChainVerification {
    finished: ExpectFinished,
    requested: Requested,
    certificates: CertificateChain,
}

/// Waiting for the client's CertificateVerify.
#[derive(Debug)]
pub(crate) struct ExpectClientCertificateVerify {
    finished: ExpectFinished,
    requested: Requested,
    certificates: CertificateChain,
    certificate_verified: CertificateVerified,
}

/// Where the client's Certificate leads.
pub(crate) enum AfterClientCertificate {
    /// It was empty, and a certificate was optional.
    Finished(ExpectFinished),
    /// Its chain waits for the driver's verdict.
    Verify(AwaitClientChainVerification),
}

impl ExpectClientCertificate {
    /// RFC 8446 §4.4.2: the client's chain, or its empty Certificate.
    pub(crate) fn handle_certificate(
        self,
        certificate: &CertificateTls13<'_>,
        raw: &[u8],
        out: &mut Actions,
    ) -> Result<AfterClientCertificate, HandshakeError> {
        let Self {
            mut finished,
            requested,
        } = self;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2
        //# If this message is in response to a CertificateRequest, the value of
        //# certificate_request_context in that message.
        let context = certificate.certificate_request_context.len();
        if context != 0 {
            return Err(PeerMisbehaved::NonEmptyCertificateRequestContext { len: context }.into());
        }
        // We asked for no entry extension (no status_request, no SCT): the §4.2 table decides,
        // and an extension the table allows answers nothing we asked.
        for entry in certificate.certificate_list.iter() {
            for extension in entry.extensions.types() {
                if check_allowed(extension, ExtensionContext::Certificate)? {
                    return Err(PeerMisbehaved::UnsolicitedExtension {
                        extension,
                        message: ExtensionContext::Certificate,
                    }
                    .into());
                }
            }
        }
        finished.transcript.add(raw);
        if certificate.certificate_list.is_empty() {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2.4
            //# If the client does not send any certificates (i.e., it sends an empty
            //# Certificate message), the server MAY at its discretion either
            //# continue the handshake without client authentication or abort the
            //# handshake with a "certificate_required" alert.
            if requested.required {
                return Err(PeerIncompatible::ClientCertificateRequired.into());
            }
            finished.peer_auth = PeerAuth::NoCertificate;
            return Ok(AfterClientCertificate::Finished(finished));
        }
        let certificates = CertificateChain::copied(
            certificate
                .certificate_list
                .iter()
                .map(|entry| entry.cert_data.as_slice()),
        );
        out.push(Action::Request(Request::VerifyChain {
            chain: certificates.clone(),
            server_name: None,
        }));
        Ok(AfterClientCertificate::Verify(
            AwaitClientChainVerification {
                finished,
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
    /// alert; acceptance reports the client's certificates.
    pub(crate) fn handle_chain_verified(
        self,
        verdict: Result<CertificateVerified, HandshakeError>,
        out: &mut Actions,
    ) -> Result<ExpectClientCertificateVerify, HandshakeError> {
        let certificate_verified = verdict?;
        out.push(Action::Event(Event::PeerCertificates(
            self.certificates.clone(),
        )));
        Ok(ExpectClientCertificateVerify {
            finished: self.finished,
            requested: self.requested,
            certificates: self.certificates,
            certificate_verified,
        })
    }
}

impl ExpectClientCertificateVerify {
    /// RFC 8446 §4.4.3: the client's signature over the transcript so far, with the client's
    /// context string, by its certificate's key, in a scheme we offered.
    pub(crate) fn handle_certificate_verify(
        self,
        certificate_verify: &CertificateVerify<'_>,
        raw: &[u8],
    ) -> Result<ExpectFinished, HandshakeError> {
        let Self {
            mut finished,
            requested,
            certificates,
            certificate_verified,
        } = self;
        let end_entity = certificates.end_entity();
        let signature_verified = requested.verifier.verify_tls13_signature(
            end_entity,
            certificate_verify.algorithm,
            &requested.schemes,
            finished.transcript.current_hash().as_bytes(),
            certificate_verify.signature.as_slice(),
        )?;
        finished.transcript.add(raw);
        finished.peer_auth = PeerAuth::Certificate(certificate_verified, signature_verified);
        finished.peer_certificates = certificates;
        Ok(finished)
    }
}
