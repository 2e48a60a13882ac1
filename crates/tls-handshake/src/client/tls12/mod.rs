//! The TLS 1.2 client (RFC 5246 with RFC 8422 ECDHE, RFC 7627 extended master secret, RFC 5746
//! renegotiation_info), from the ServerHello on: its states ([`State`]) and their one dispatch.
//!
//! The full handshake of RFC 5246 §7.3, with the state that waits for each server message
//! written beside it (`*` optional):
//!
//! ```text
//!       Client                                               Server
//!
//!       ClientHello                  -------->              ExpectServerHello (version-neutral)
//!                                                    ServerHello
//!                                                   Certificate     ExpectCertificate
//!                                     (Request VerifyChain)         AwaitChainVerification
//!                                             ServerKeyExchange     ExpectServerKeyExchange
//!                                           CertificateRequest*     ExpectServerHelloDone
//!                                    <--------  ServerHelloDone     ExpectServerHelloDone
//!       (Request SelectClientCertificate, if requested)             AwaitClientCertificate
//!       Certificate*
//!       ClientKeyExchange
//!       (Request Sign, if we sent a certificate)                    AwaitClientSignature
//!       CertificateVerify*
//!       [ChangeCipherSpec]
//!       Finished                     -------->
//!                                            [ChangeCipherSpec]     ExpectChangeCipherSpec
//!                                    <--------             Finished ExpectFinished
//!       Application Data             <------->     Application Data Traffic
//! ```
//!
//! One state per file, named after the message it handles. Only ECDHE suites with an AEAD are
//! offered, so the ServerKeyExchange is always the signed ECDHE form. A CertificateRequest is
//! answered with the chain the config's resolver chooses, as in TLS 1.3, or an empty
//! Certificate (`client_certificate.rs`). A stored session is offered and resumed in an
//! abbreviated handshake (`resumption.rs`). A
//! HelloRequest after the handshake is answered with a no_renegotiation warning: we never
//! renegotiate.

mod certificate;
mod client_certificate;
mod finished;
mod resumption;
mod server_hello;
mod server_hello_done;
mod server_key_exchange;

use crate::certificate_chain::CertificateChain;
use crate::tls12_common::Traffic;
use certificate::{AwaitChainVerification, ExpectCertificate};
use client_certificate::{AfterClientCertificate, AwaitClientCertificate, AwaitClientSignature};
use finished::{ExpectChangeCipherSpec, ExpectFinished};
pub(crate) use resumption::stored_session;
use resumption::{ExpectResumedChangeCipherSpec, ExpectResumedFinished, resume};
use server_hello_done::{AfterServerHelloDone, ExpectServerHelloDone};
use server_key_exchange::ExpectServerKeyExchange;

use tls_keyschedule::Transcript;
use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls12::Randoms;
use tls_pki::name::ServerName;
use tls_wire::handshake::{HandshakeMessage, HandshakePayload};
use tls_wire::ids::{AlertDescription, SignatureScheme};

use super::offer::Offer;
use crate::action::{Action, Actions, Answer, Negotiated};
use crate::config::{ClientConfig, SupportedCipherSuite};
use crate::error::{ExportError, HandshakeError, LocalError, PeerMisbehaved};
use crate::key_exchange::KeyShare;
use crate::proof::PeerAuth;
use crate::session::SessionIdBuf;

/// What every TLS 1.2 state after the ServerHello carries: the offer, what the ServerHello
/// settled and the running transcript.
#[derive(Debug)]
pub(crate) struct Negotiation {
    pub(crate) offer: Offer,
    /// The suite, as configured (it names the certificate key type) and as the key schedule
    /// and record layer see it.
    pub(crate) cipher_suite: SupportedCipherSuite,
    pub(crate) suite: Suite,
    pub(crate) randoms: Randoms,
    /// Whether both sides agreed on the extended master secret (RFC 7627).
    pub(crate) extended_master_secret: bool,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    /// ClientHello … the last message handled.
    pub(crate) transcript: Transcript,
    /// The id the server gave the session, if we keep sessions (empty: none to keep).
    pub(crate) session_id: SessionIdBuf,
    /// The server's certificates, once received (for the session).
    pub(crate) server_certificates: CertificateChain,
    /// Whether the ServerHello promised a NewSessionTicket (RFC 5077 §3.2).
    pub(crate) ticket_promised: bool,
    /// The ticket it sent, once received.
    pub(crate) ticket: Option<Vec<u8>>,
    /// The key share our ClientHello offered for TLS 1.3, unused: when the server's curve is
    /// its group, our ClientKeyExchange takes it rather than a key made anew (one key
    /// generation fewer; the key still serves one agreement, in this connection alone).
    pub(crate) offered_share: Option<KeyShare>,
}

/// The TLS 1.2 client's states after the ServerHello, each named after what it waits for
/// (boxed: the machine moves them at every step).
#[derive(Debug)]
pub(crate) enum State {
    ExpectCertificate(Box<ExpectCertificate>),
    AwaitChainVerification(Box<AwaitChainVerification>),
    ExpectServerKeyExchange(Box<ExpectServerKeyExchange>),
    ExpectServerHelloDone(Box<ExpectServerHelloDone>),
    AwaitClientCertificate(Box<AwaitClientCertificate>),
    AwaitClientSignature(Box<AwaitClientSignature>),
    ExpectChangeCipherSpec(Box<ExpectChangeCipherSpec>),
    ExpectFinished(Box<ExpectFinished>),
    ExpectResumedChangeCipherSpec(Box<ExpectResumedChangeCipherSpec>),
    ExpectResumedFinished(Box<ExpectResumedFinished>),
    Traffic(Box<Traffic>),
}

impl State {
    /// The one TLS 1.2 dispatch over (state, message); its final arm, which fails closed, is
    /// the only place a TLS 1.2 client's `unexpected_message` comes from.
    pub(crate) fn handle_message(
        self,
        message: &HandshakeMessage<'_>,
        config: &ClientConfig,
        name: &ServerName,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        use HandshakePayload as P;
        let raw = message.raw();
        Ok(match (self, message.payload()) {
            (Self::ExpectCertificate(s), P::CertificateTls12(m)) => Self::AwaitChainVerification(
                Box::new(s.handle_certificate(m, raw, super::checked_name(config, name), out)?),
            ),
            (Self::ExpectServerKeyExchange(s), P::ServerKeyExchangeEcdhe(m)) => {
                Self::ExpectServerHelloDone(Box::new(s.handle_server_key_exchange(m, raw, config)?))
            }
            (Self::ExpectServerHelloDone(s), P::CertificateRequestTls12(m))
                if !s.certificate_requested() =>
            {
                Self::ExpectServerHelloDone(Box::new(s.handle_certificate_request(m, raw)))
            }
            (Self::ExpectServerHelloDone(s), P::ServerHelloDone(_)) => {
                match s.handle_server_hello_done(raw, config, out)? {
                    AfterServerHelloDone::ChangeCipherSpec(next) => {
                        Self::ExpectChangeCipherSpec(Box::new(next))
                    }
                    AfterServerHelloDone::ChooseCertificate(next) => {
                        Self::AwaitClientCertificate(Box::new(next))
                    }
                }
            }
            //= https://www.rfc-editor.org/rfc/rfc5077#section-3.3
            //# This message MUST be sent if the
            //# server included a SessionTicket extension in the ServerHello.
            (Self::ExpectChangeCipherSpec(mut s), P::NewSessionTicketTls12(m))
                if s.negotiation.ticket_promised && s.negotiation.ticket.is_none() =>
            {
                s.negotiation.transcript.add(raw);
                s.negotiation.ticket = Some(m.ticket.as_slice().to_vec());
                Self::ExpectChangeCipherSpec(s)
            }
            (Self::ExpectResumedChangeCipherSpec(s), P::NewSessionTicketTls12(m))
                if s.expects_ticket() =>
            {
                Self::ExpectResumedChangeCipherSpec(Box::new(s.handle_new_session_ticket(m, raw)))
            }
            (Self::ExpectFinished(s), P::Finished(m)) => {
                Self::Traffic(Box::new(s.handle_finished(m, config, name, out)?))
            }
            (Self::ExpectResumedFinished(s), P::Finished(m)) => {
                Self::Traffic(Box::new(s.handle_finished(m, raw, config, name, out)?))
            }
            //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.1
            //# This message MAY be ignored by
            //# the client if it does not wish to renegotiate a session, or the
            //# client may, if it wishes, respond with a no_renegotiation alert.
            //
            // We answer, so that the server knows no renegotiation is coming, and go on.
            (Self::Traffic(s), P::HelloRequest(_)) => {
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

    /// The server's change_cipher_spec: expected once, right before its Finished
    /// (RFC 5246 §7.1); anywhere else it is an unexpected message.
    pub(crate) fn handle_change_cipher_spec(
        self,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        match self {
            // A promised NewSessionTicket comes first (RFC 5077 §3.3).
            Self::ExpectChangeCipherSpec(s)
                if !(s.negotiation.ticket_promised && s.negotiation.ticket.is_none()) =>
            {
                Ok(Self::ExpectFinished(Box::new(
                    s.handle_change_cipher_spec(out),
                )))
            }
            Self::ExpectResumedChangeCipherSpec(s) if !s.expects_ticket() => Ok(
                Self::ExpectResumedFinished(Box::new(s.handle_change_cipher_spec(out))),
            ),
            //= https://www.rfc-editor.org/rfc/rfc5246#section-7.1
            //# The ChangeCipherSpec message is sent by both the client and the
            //# server to notify the receiving party that subsequent records will be
            //# protected under the newly negotiated CipherSpec and keys.
            _ => Err(PeerMisbehaved::UnexpectedChangeCipherSpec.into()),
        }
    }

    /// The one TLS 1.2 dispatch over (state, answer).
    pub(crate) fn handle_answer(
        self,
        answer: Answer,
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        match (self, answer) {
            (Self::AwaitChainVerification(s), Answer::ChainVerified(verdict)) => Ok(
                Self::ExpectServerKeyExchange(Box::new(s.handle_chain_verified(verdict, out)?)),
            ),
            (Self::AwaitClientCertificate(s), Answer::ClientCertificate(certified)) => Ok(match s
                .handle_client_certificate(certified, config, out)?
            {
                AfterClientCertificate::ChangeCipherSpec(next) => {
                    Self::ExpectChangeCipherSpec(Box::new(next))
                }
                AfterClientCertificate::Sign(next) => Self::AwaitClientSignature(Box::new(next)),
            }),
            (Self::AwaitClientSignature(s), Answer::Signature(signature)) => Ok(
                Self::ExpectChangeCipherSpec(Box::new(s.handle_signature(signature?, out)?)),
            ),
            // Answers come from our own driver, not the peer: one we did not ask for is a
            // local bug, never the peer's unexpected_message.
            (state, _) => Err(LocalError::UnrequestedAnswer {
                expected: state.expects(),
            }
            .into()),
        }
    }

    /// The in-process signature of our CertificateVerify, when this state asked for one.
    pub(crate) fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        config: &ClientConfig,
    ) -> Option<Result<Vec<u8>, HandshakeError>> {
        match self {
            Self::AwaitClientSignature(state) => Some(state.sign(scheme, message, config)),
            _ => None,
        }
    }

    /// What the state waits for, for errors and for the machine's `expects`.
    pub(crate) fn expects(&self) -> &'static str {
        match self {
            Self::ExpectCertificate(_) => "Certificate",
            Self::AwaitChainVerification(_) => "the verdict on the server's certificate chain",
            Self::ExpectServerKeyExchange(_) => "ServerKeyExchange",
            Self::ExpectServerHelloDone(_) => "ServerHelloDone",
            Self::AwaitClientCertificate(_) => "the choice of our client certificate",
            Self::AwaitClientSignature(_) => "the signature of our CertificateVerify",
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

    /// What the handshake agreed on, once it is complete.
    pub(crate) fn negotiated(&self) -> Option<&Negotiated> {
        match self {
            Self::Traffic(traffic) => Some(traffic.negotiated()),
            _ => None,
        }
    }

    /// How the server was authenticated, once the handshake is complete.
    pub(crate) fn peer_auth(&self) -> Option<&PeerAuth> {
        match self {
            Self::Traffic(traffic) => Some(traffic.peer_auth()),
            _ => None,
        }
    }
}
