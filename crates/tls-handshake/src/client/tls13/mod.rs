//! The TLS 1.3 client (RFC 8446), from the ServerHello on: its states ([`State`]) and their one
//! dispatch ([`State::handle`]).
//!
//! The full handshake of RFC 8446 §2, with the state that waits for each server message written
//! beside it (`*` optional, `{}` protected with the handshake traffic keys, `[]` with the
//! application traffic keys):
//!
//! ```text
//!        Client                                           Server
//!
//! Key  ^ ClientHello
//! Exch | + key_share
//!      v + signature_algorithms      -------->          ExpectServerHello (version-neutral)
//!                                                       ServerHello  ^ Key
//!                                                      + key_share  v Exch
//!                                              {EncryptedExtensions}   ExpectEncryptedExtensions
//!                                              {CertificateRequest*}   ExpectCertificateRequest
//!                                              {Certificate}           ExpectCertificate
//!                                                 (Request VerifyChain) AwaitChainVerification
//!                                              {CertificateVerify}     ExpectCertificateVerify
//!                                              {Finished}              ExpectFinished
//!                                    <--------  [Application Data*]
//!      ^ {Certificate*}              (empty, if requested)
//! Auth | {CertificateVerify*}        (never: we have no client certificate yet)
//!      v {Finished}                  -------->
//!        [Application Data]          <------->  [Application Data]     Traffic
//! ```
//!
//! A HelloRetryRequest (RFC 8446 §4.1.4) keeps the client in the version-neutral
//! `ExpectServerHello`: `hello_retry_request.rs` answers with a second ClientHello and the
//! client waits for the ServerHello again (a second HelloRetryRequest is refused).
//!
//! One state per file, named after the message it handles. The machine (`ClientHandshake`)
//! drops the change_cipher_spec RFC 8446 §5 tolerates before the server's Finished. Not yet
//! here: client certificates (a CertificateRequest is answered with an empty Certificate), PSK
//! and 0-RTT. In `Traffic`, a NewSessionTicket is kept (tickets come with resumption) and a
//! KeyUpdate steps the server's secret (`key_update.rs`).

mod certificate;
mod certificate_request;
mod certificate_verify;
mod encrypted_extensions;
mod finished;
mod hello_retry_request;
mod second_flight;
mod server_hello;
mod traffic;

use certificate::{AwaitChainVerification, ExpectCertificate};
use certificate_request::ExpectCertificateRequest;
use certificate_verify::ExpectCertificateVerify;
use encrypted_extensions::{AfterEncryptedExtensions, ExpectEncryptedExtensions};
use finished::ExpectFinished;
use second_flight::{
    AfterClientCertificate, AfterServerFinished, AwaitClientCertificate, AwaitClientSignature,
};
use traffic::Traffic;

use tls_keyschedule::Transcript;
use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls13::{HandshakeSecret, TrafficSecret};
use tls_pki::name::ServerName;
use tls_wire::handshake::{HandshakeMessage, HandshakePayload, KeyUpdateRequest};
use tls_wire::ids::NamedGroup;

use super::offer::Offer;
use crate::action::{Actions, Answer, CertificateRequestSummary, Negotiated};
use crate::certificate_chain::CertificateChain;
use crate::config::ClientConfig;
use crate::error::{ExportError, HandshakeError, LocalError};
use crate::proof::PeerAuth;
use crate::ticket::SessionTicket;

/// What every TLS 1.3 state after the ServerHello carries: the offer, what the ServerHello
/// settled, the running transcript and the handshake-stage secrets.
#[derive(Debug)]
pub(crate) struct Negotiation {
    pub(crate) offer: Offer,
    pub(crate) suite: Suite,
    /// The (EC)DHE group; `None` in a psk_ke resumption.
    pub(crate) group: Option<NamedGroup>,
    pub(crate) transcript: Transcript,
    pub(crate) handshake_secret: HandshakeSecret,
    pub(crate) client_handshake_traffic_secret: TrafficSecret,
    pub(crate) server_handshake_traffic_secret: TrafficSecret,
    /// What the server's CertificateRequest asked for, if it sent one: we then owe it a
    /// Certificate (and, if not empty, a CertificateVerify) before our Finished.
    pub(crate) certificate_request: Option<CertificateRequestSummary>,
    /// The server's certificates, once its CertificateVerify proved them (for its tickets).
    pub(crate) server_certificates: CertificateChain,
    /// Whether the server resumed our ticket: then no Certificate, only its Finished proves
    /// it (RFC 8446 §2.2).
    pub(crate) resumed: bool,
}

/// The TLS 1.3 client's states after the ServerHello, each named after what it waits for
/// (boxed: the machine moves them at every step).
#[derive(Debug)]
pub(crate) enum State {
    ExpectEncryptedExtensions(Box<ExpectEncryptedExtensions>),
    ExpectCertificateRequest(Box<ExpectCertificateRequest>),
    ExpectCertificate(Box<ExpectCertificate>),
    AwaitChainVerification(Box<AwaitChainVerification>),
    ExpectCertificateVerify(Box<ExpectCertificateVerify>),
    ExpectFinished(Box<ExpectFinished>),
    AwaitClientCertificate(Box<AwaitClientCertificate>),
    AwaitClientSignature(Box<AwaitClientSignature>),
    Traffic(Box<Traffic>),
}

impl State {
    /// The one TLS 1.3 dispatch over (state, message); its final arm, which fails closed, is
    /// the only place a TLS 1.3 client's `unexpected_message` comes from.
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
            (Self::ExpectEncryptedExtensions(s), P::EncryptedExtensions(m)) => {
                match s.handle_encrypted_extensions(m, raw, config, out)? {
                    AfterEncryptedExtensions::CertificateRequest(next) => {
                        Self::ExpectCertificateRequest(Box::new(next))
                    }
                    AfterEncryptedExtensions::Finished(next) => {
                        Self::ExpectFinished(Box::new(next))
                    }
                }
            }
            (Self::ExpectCertificateRequest(s), P::CertificateRequestTls13(m)) => {
                Self::ExpectCertificate(Box::new(s.handle_certificate_request(m, raw)?))
            }
            // The CertificateRequest is optional: BoringSSL's pass-through, as its own arm.
            (Self::ExpectCertificateRequest(s), P::CertificateTls13(m)) => {
                let next = s.skip_certificate_request().handle_certificate(
                    m,
                    raw,
                    super::checked_name(config, name),
                    out,
                )?;
                Self::AwaitChainVerification(Box::new(next))
            }
            (Self::ExpectCertificate(s), P::CertificateTls13(m)) => {
                let next = s.handle_certificate(m, raw, super::checked_name(config, name), out)?;
                Self::AwaitChainVerification(Box::new(next))
            }
            (Self::ExpectCertificateVerify(s), P::CertificateVerify(m)) => {
                let next = s.handle_certificate_verify(m, raw, config)?;
                Self::ExpectFinished(Box::new(next))
            }
            (Self::ExpectFinished(s), P::Finished(m)) => match s
                .handle_finished(m, raw, config, out)?
            {
                AfterServerFinished::Traffic(next) => Self::Traffic(next),
                AfterServerFinished::ChooseCertificate(next) => Self::AwaitClientCertificate(next),
            },
            (Self::Traffic(s), P::NewSessionTicketTls13(m)) => {
                Self::Traffic(Box::new(s.handle_new_session_ticket(m, config, name)?))
            }
            (Self::Traffic(mut s), P::KeyUpdate(m)) => {
                s.handle_key_update(m, out);
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

    /// Sends a KeyUpdate (RFC 8446 §4.6.3) and moves to our next write key; only once the
    /// handshake is complete.
    pub(crate) fn update_traffic_keys(
        &mut self,
        request_update: KeyUpdateRequest,
        out: &mut Actions,
    ) -> Result<(), HandshakeError> {
        match self {
            Self::Traffic(traffic) => traffic.emit_key_update(request_update, out),
            _ => Err(LocalError::KeyUpdateUnavailable.into()),
        }
    }

    /// The one TLS 1.3 dispatch over (state, answer).
    pub(crate) fn handle_answer(
        self,
        answer: Answer,
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        match (self, answer) {
            (Self::AwaitChainVerification(s), Answer::ChainVerified(verdict)) => Ok(
                Self::ExpectCertificateVerify(Box::new(s.handle_chain_verified(verdict, out)?)),
            ),
            (Self::AwaitClientCertificate(s), Answer::ClientCertificate(certified)) => {
                Ok(match s.handle_client_certificate(certified, config, out)? {
                    AfterClientCertificate::Traffic(next) => Self::Traffic(next),
                    AfterClientCertificate::Sign(next) => Self::AwaitClientSignature(next),
                })
            }
            (Self::AwaitClientSignature(s), Answer::Signature(signature)) => Ok(Self::Traffic(
                Box::new(s.handle_signature(signature?, out)?),
            )),
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
        scheme: tls_wire::ids::SignatureScheme,
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
            Self::ExpectEncryptedExtensions(_) => "EncryptedExtensions",
            // The request is optional: what the RFC requires next is the Certificate.
            Self::ExpectCertificateRequest(_) | Self::ExpectCertificate(_) => "Certificate",
            Self::AwaitChainVerification(_) => "the verdict on the server's certificate chain",
            Self::ExpectCertificateVerify(_) => "CertificateVerify",
            Self::ExpectFinished(_) => "Finished",
            Self::AwaitClientCertificate(_) => "the choice of our client certificate",
            Self::AwaitClientSignature(_) => "the signature of our CertificateVerify",
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

    /// The session tickets the server sent after the handshake, oldest first.
    pub(crate) fn session_tickets(&self) -> Vec<&SessionTicket> {
        match self {
            Self::Traffic(traffic) => traffic.tickets().collect(),
            _ => Vec::new(),
        }
    }
}
