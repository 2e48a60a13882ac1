//! The TLS 1.2 server (RFC 5246 with RFC 8422 ECDHE, RFC 7627 extended master secret, RFC 5746
//! renegotiation_info), from the ClientHello on: its states ([`State`]) and their dispatch.
//!
//! ```text
//!       Client                                               Server
//!
//!       ClientHello                  -------->  client_hello.rs ── Request(SelectCertificate)
//!                                               AwaitCertificate ── Answer::Certificate
//!                                                    ServerHello
//!                                                   Certificate  ── Request(Sign)
//!                                               AwaitSignature ── Answer::Signature
//!                                             ServerKeyExchange
//!                                           CertificateRequest*
//!                                    <--------  ServerHelloDone
//!       Certificate*                                            ExpectClientCertificate
//!                                               (Request VerifyChain) AwaitClientChainVerification
//!       ClientKeyExchange                                       ExpectClientKeyExchange
//!       CertificateVerify*                                      ExpectClientCertificateVerify
//!       [ChangeCipherSpec]                                      ExpectChangeCipherSpec
//!       Finished                     -------->                  ExpectFinished
//!                                            [ChangeCipherSpec]
//!                                    <--------             Finished
//!       Application Data             <------->     Application Data Traffic
//! ```
//!
//! One state per file, named after the message it handles. The suite waits for the
//! certificate: ECDHE_ECDSA for an ECDSA or Ed25519 key, ECDHE_RSA for an RSA key (RFC 8422
//! §2). Client certificates (`*`) follow the config's [`ClientAuth`](crate::config::ClientAuth),
//! as in TLS 1.3 (`client_certificate.rs`). A ClientHello after the handshake (a
//! renegotiation) gets a no_renegotiation warning. A ClientHello offering a session we stored
//! resumes it in an abbreviated handshake (`resumption.rs`).

mod client_certificate;
mod client_hello;
mod client_key_exchange;
mod finished;
mod new_session_ticket;
mod resumption;
mod server_hello;

use crate::tls12_common::Traffic;
use client_certificate::{
    AfterClientCertificate, AwaitClientChainVerification, ExpectClientCertificate,
    ExpectClientCertificateVerify,
};
pub(crate) use client_hello::{AfterClientHello, handle_client_hello};
use client_key_exchange::{
    AfterClientKeyExchange, ExpectChangeCipherSpec, ExpectClientKeyExchange,
};
use finished::ExpectFinished;
use resumption::{ExpectResumedChangeCipherSpec, ExpectResumedFinished};
use server_hello::{AfterServerHelloDone, AwaitCertificate, AwaitSignature};

use tls_wire::handshake::{HandshakeMessage, HandshakePayload};
use tls_wire::ids::AlertDescription;

use crate::action::{Action, Actions, Answer, Negotiated, Request};
use crate::config::ServerConfig;
use crate::error::{ExportError, HandshakeError, LocalError, PeerMisbehaved};
use crate::proof::PeerAuth;

/// The TLS 1.2 server's states after the ClientHello, each named after what it waits for.
#[derive(Debug)]
pub(crate) enum State {
    AwaitCertificate(Box<AwaitCertificate>),
    AwaitSignature(Box<AwaitSignature>),
    ExpectClientCertificate(Box<ExpectClientCertificate>),
    AwaitClientChainVerification(Box<AwaitClientChainVerification>),
    ExpectClientKeyExchange(Box<ExpectClientKeyExchange>),
    ExpectClientCertificateVerify(Box<ExpectClientCertificateVerify>),
    ExpectChangeCipherSpec(Box<ExpectChangeCipherSpec>),
    ExpectFinished(Box<ExpectFinished>),
    ExpectResumedChangeCipherSpec(Box<ExpectResumedChangeCipherSpec>),
    ExpectResumedFinished(Box<ExpectResumedFinished>),
    Traffic(Box<Traffic>),
}

impl State {
    /// The one TLS 1.2 dispatch over (state, message); its final arm is the only place a TLS
    /// 1.2 server's `unexpected_message` comes from.
    pub(crate) fn handle_message(
        self,
        message: &HandshakeMessage<'_>,
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        use HandshakePayload as P;
        let raw = message.raw();
        Ok(match (self, message.payload()) {
            (Self::ExpectClientCertificate(s), P::CertificateTls12(m)) => {
                match s.handle_certificate(m, raw, out)? {
                    AfterClientCertificate::KeyExchange(next) => {
                        Self::ExpectClientKeyExchange(Box::new(next))
                    }
                    AfterClientCertificate::Verify(next) => {
                        Self::AwaitClientChainVerification(Box::new(next))
                    }
                }
            }
            (Self::ExpectClientKeyExchange(s), P::ClientKeyExchangeEcdhe(m)) => {
                match s.handle_client_key_exchange(m, raw, config)? {
                    AfterClientKeyExchange::ChangeCipherSpec(next) => {
                        Self::ExpectChangeCipherSpec(Box::new(next))
                    }
                    AfterClientKeyExchange::CertificateVerify(next) => {
                        Self::ExpectClientCertificateVerify(Box::new(next))
                    }
                }
            }
            (Self::ExpectClientCertificateVerify(s), P::CertificateVerify(m)) => {
                Self::ExpectChangeCipherSpec(Box::new(s.handle_certificate_verify(m, raw)?))
            }
            (Self::ExpectFinished(s), P::Finished(m)) => {
                Self::Traffic(Box::new(s.handle_finished(m, raw, config, out)?))
            }
            (Self::ExpectResumedFinished(s), P::Finished(m)) => {
                Self::Traffic(Box::new(s.handle_finished(m, out)?))
            }
            //= https://www.rfc-editor.org/rfc/rfc5246#section-7.2.2
            //# Sent by the client in response to a hello request or by the server
            //# in response to a client hello after initial handshaking.
            //
            // We renegotiate nothing: the warning, and the connection goes on.
            (Self::Traffic(s), P::ClientHello(_)) => {
                out.push(Action::SendWarning(AlertDescription::NO_RENEGOTIATION));
                Self::Traffic(s)
            }
            (state, payload) => {
                return Err(HandshakeError::UnexpectedMessage {
                    expected: state.expects(),
                    got: payload.typ(),
                });
            }
        })
    }

    /// The client's change_cipher_spec: once, right before its Finished (RFC 5246 §7.1).
    pub(crate) fn handle_change_cipher_spec(
        self,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        match self {
            Self::ExpectChangeCipherSpec(s) => Ok(Self::ExpectFinished(Box::new(
                s.handle_change_cipher_spec(out),
            ))),
            Self::ExpectResumedChangeCipherSpec(s) => Ok(Self::ExpectResumedFinished(Box::new(
                s.handle_change_cipher_spec(out),
            ))),
            _ => Err(PeerMisbehaved::UnexpectedChangeCipherSpec.into()),
        }
    }

    /// The one TLS 1.2 dispatch over (state, answer).
    pub(crate) fn handle_answer(
        self,
        answer: Answer,
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        match (self, answer) {
            (Self::AwaitCertificate(s), Answer::Certificate(certified)) => Ok(
                Self::AwaitSignature(Box::new(s.handle_certificate(certified?, config, out)?)),
            ),
            (Self::AwaitSignature(s), Answer::Signature(signature)) => {
                Ok(match s.handle_signature(signature?, config, out)? {
                    AfterServerHelloDone::Certificate(next) => {
                        Self::ExpectClientCertificate(Box::new(next))
                    }
                    AfterServerHelloDone::KeyExchange(next) => {
                        Self::ExpectClientKeyExchange(Box::new(next))
                    }
                })
            }
            (Self::AwaitClientChainVerification(s), Answer::ChainVerified(verdict)) => Ok(
                Self::ExpectClientKeyExchange(Box::new(s.handle_chain_verified(verdict, out)?)),
            ),
            (state, _) => Err(LocalError::UnrequestedAnswer {
                expected: state.expects(),
            }
            .into()),
        }
    }

    /// The in-process answer to this state's request: the configured certificate selector,
    /// the selected key's signature, or the client verifier's verdict.
    pub(crate) fn answer_in_process(
        &self,
        request: &Request,
        config: &ServerConfig,
    ) -> Option<Answer> {
        match (self, request) {
            (Self::AwaitCertificate(_), Request::SelectCertificate(summary)) => {
                Some(Answer::Certificate(config.certificates().select(summary)))
            }
            (Self::AwaitSignature(state), Request::Sign { scheme, message }) => {
                Some(Answer::Signature(state.sign(*scheme, message, config)))
            }
            (Self::AwaitClientChainVerification(state), Request::VerifyChain { chain, .. }) => {
                Some(Answer::ChainVerified(state.verify_in_process(
                    chain.end_entity(),
                    chain.intermediates(),
                    config,
                )))
            }
            _ => None,
        }
    }

    /// What the state waits for.
    pub(crate) fn expects(&self) -> &'static str {
        match self {
            Self::AwaitCertificate(_) => "the choice of our certificate",
            Self::AwaitSignature(_) => "the signature of our ServerKeyExchange",
            Self::ExpectClientCertificate(_) => "Certificate",
            Self::AwaitClientChainVerification(_) => {
                "the verdict on the client's certificate chain"
            }
            Self::ExpectClientKeyExchange(_) => "ClientKeyExchange",
            Self::ExpectClientCertificateVerify(_) => "CertificateVerify",
            Self::ExpectChangeCipherSpec(_) => "ChangeCipherSpec",
            Self::ExpectFinished(_) | Self::ExpectResumedFinished(_) => "Finished",
            Self::ExpectResumedChangeCipherSpec(_) => "ChangeCipherSpec",
            Self::Traffic(_) => "no handshake message (the handshake is complete)",
        }
    }

    /// Keying material for `label` and `context` into `out`, once the handshake is complete.
    pub(crate) fn export_keying_material(
        &self,
        label: &[u8],
        context: Option<&[u8]>,
        out: &mut [u8],
    ) -> Result<(), ExportError> {
        match self {
            Self::Traffic(traffic) => traffic.export_keying_material(label, context, out),
            _ => Err(ExportError::HandshakeIncomplete),
        }
    }

    /// Whether the handshake is complete.
    pub(crate) fn is_complete(&self) -> bool {
        matches!(self, Self::Traffic(_))
    }

    /// What the handshake agreed on, once complete.
    pub(crate) fn negotiated(&self) -> Option<&Negotiated> {
        match self {
            Self::Traffic(traffic) => Some(traffic.negotiated()),
            _ => None,
        }
    }

    /// How the client authenticated, once complete.
    pub(crate) fn peer_auth(&self) -> Option<&PeerAuth> {
        match self {
            Self::Traffic(traffic) => Some(traffic.peer_auth()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
