//! The TLS 1.3 server (RFC 8446), after the version-neutral `ExpectClientHello` chose TLS 1.3:
//! its states ([`State`]) and their one dispatch, beside the full handshake of RFC 8446 §2
//! (Figure 1):
//!
//! ```text
//!        Client                                           Server
//!
//! Key  ^ ClientHello
//! Exch | + key_share*
//!      | + signature_algorithms*
//!      | + psk_key_exchange_modes*
//!      v + pre_shared_key*       -------->                                    ExpectClientHello (version-neutral)
//!                                                                             (client_hello.rs: checks, choices)
//!                                                   ServerHello  ^ Key        AwaitCertificate
//!                                                  + key_share*  | Exch
//!                                             + pre_shared_key*  v
//!                                         {EncryptedExtensions}  ^  Server
//!                                         {CertificateRequest*}  v  Params
//!                                                {Certificate*}  ^            AwaitSignature
//!                                          {CertificateVerify*}  | Auth
//!                                                    {Finished}  v
//!                                <--------  [Application Data*]               ExpectClientCertificate*
//!      ^ {Certificate*}                                                       AwaitClientChainVerification*
//! Auth | {CertificateVerify*}                                                 ExpectClientCertificateVerify*
//!      v {Finished}              -------->                                    ExpectFinished
//!                                                                             Traffic
//!        [Application Data]      <------->  [Application Data]
//! ```
//!
//! A ClientHello without a share in any group we accept gets a HelloRetryRequest for our
//! preferred group (RFC 8446 §4.1.4, Figure 2), and `ExpectRetriedClientHello` waits for the
//! second ClientHello before `AwaitCertificate`.
//!
//! One state per file, named after the message it handles or emits: `server_hello.rs`
//! (`AwaitCertificate`, then ServerHello … Certificate), `certificate_verify.rs`
//! (`AwaitSignature`, then CertificateVerify and Finished), `finished.rs` (`ExpectFinished`),
//! `client_certificate.rs` (our CertificateRequest, when the config asks for client
//! certificates, and the client's Certificate and CertificateVerify), `traffic.rs` (KeyUpdate).
//! The machine (`ServerHandshake`) drops the change_cipher_spec RFC 8446 §5 tolerates before
//! the client's Finished. Not implemented yet: PSK resumption and 0-RTT (a `pre_shared_key`
//! offer is ignored, so the handshake is a full one) and NewSessionTicket.

mod certificate_verify;
mod client_certificate;
pub(crate) mod client_hello;
mod early_data;
mod finished;
mod hello_retry_request;
mod new_session_ticket;
pub(crate) mod offer;
mod resumption;
mod server_hello;
mod traffic;

pub(crate) use client_hello::handle_client_hello;

use certificate_verify::{AfterServerFinished, AwaitSignature};
use client_certificate::{
    AfterClientCertificate, AwaitClientChainVerification, ExpectClientCertificate,
    ExpectClientCertificateVerify,
};
use early_data::ExpectEndOfEarlyData;
use finished::ExpectFinished;
use hello_retry_request::ExpectRetriedClientHello;
use server_hello::AwaitCertificate;
use traffic::Traffic;

use tls_keyschedule::suite::Suite;
use tls_wire::handshake::{HandshakeMessage, HandshakePayload, KeyUpdateRequest, Random};
use tls_wire::ids::{NamedGroup, ProtocolVersion, SignatureScheme};

use crate::action::{Actions, Answer, Negotiated, Request};
use crate::config::ServerConfig;
use crate::error::{ExportError, HandshakeError, LocalError};
use crate::proof::PeerAuth;
use crate::tls13_common::encode;

/// What the ClientHello step agreed with the client.
#[derive(Clone, Debug)]
pub(crate) struct Agreed {
    /// The ClientHello's random, which names the connection in the key log.
    pub(crate) client_random: Random,
    pub(crate) suite: Suite,
    /// The (EC)DHE group; `None` in a psk_ke resumption.
    pub(crate) group: Option<NamedGroup>,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    /// The client's `server_name`, when it is a DNS name (passed to the certificate selector
    /// and acknowledged).
    pub(crate) server_name: Option<String>,
    /// Whether a ticket of ours was resumed.
    pub(crate) resumed: bool,
    /// The client's record_size_limit (RFC 8449), if it sent one: we answer with ours.
    pub(crate) record_size_limit: Option<u16>,
    /// Whether we accept the client's early data (RFC 8446 §4.2.10).
    pub(crate) early_data: bool,
}

impl Agreed {
    /// What the handshake agreed on; `signature_scheme` is `None` in a resumed one.
    fn negotiated(self, signature_scheme: Option<SignatureScheme>) -> Negotiated {
        Negotiated {
            version: ProtocolVersion::TLSV1_3,
            cipher_suite: self.suite.id,
            group: self.group,
            signature_scheme,
            alpn_protocol: self.alpn_protocol,
            server_name: self.server_name,
            server_name_check_skipped: false,
            resumed: self.resumed,
        }
    }
}

/// The TLS 1.3 server's states after the first ClientHello, each named after what it waits
/// for (boxed: the machine moves them at every step).
#[derive(Debug)]
pub(crate) enum State {
    ExpectRetriedClientHello(Box<ExpectRetriedClientHello>),
    AwaitCertificate(Box<AwaitCertificate>),
    AwaitSignature(Box<AwaitSignature>),
    ExpectClientCertificate(Box<ExpectClientCertificate>),
    AwaitClientChainVerification(Box<AwaitClientChainVerification>),
    ExpectClientCertificateVerify(Box<ExpectClientCertificateVerify>),
    ExpectEndOfEarlyData(Box<ExpectEndOfEarlyData>),
    ExpectFinished(Box<ExpectFinished>),
    Traffic(Box<Traffic>),
}

impl State {
    /// The one TLS 1.3 dispatch over (state, message); its final arm, which fails closed, is
    /// the only place a TLS 1.3 server's `unexpected_message` comes from.
    pub(crate) fn handle_message(
        self,
        message: &HandshakeMessage<'_>,
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        match (self, message.payload()) {
            (Self::ExpectRetriedClientHello(s), HandshakePayload::ClientHello(hello)) => {
                s.handle_client_hello(hello, message.raw(), config, out)
            }
            (Self::ExpectClientCertificate(s), HandshakePayload::CertificateTls13(m)) => {
                match s.handle_certificate(m, message.raw(), out)? {
                    AfterClientCertificate::Finished(next) => {
                        Ok(Self::ExpectFinished(Box::new(next)))
                    }
                    AfterClientCertificate::Verify(next) => {
                        Ok(Self::AwaitClientChainVerification(Box::new(next)))
                    }
                }
            }
            (Self::ExpectClientCertificateVerify(s), HandshakePayload::CertificateVerify(m)) => s
                .handle_certificate_verify(m, message.raw())
                .map(|next| Self::ExpectFinished(Box::new(next))),
            (Self::ExpectEndOfEarlyData(s), HandshakePayload::EndOfEarlyData(_)) => s
                .handle_end_of_early_data(message.raw(), out)
                .map(|next| Self::ExpectFinished(Box::new(next))),
            (Self::ExpectFinished(s), HandshakePayload::Finished(finished)) => s
                .handle_finished(finished, message.raw(), config, out)
                .map(|next| Self::Traffic(Box::new(next))),
            (Self::Traffic(mut s), HandshakePayload::KeyUpdate(key_update)) => {
                s.handle_key_update(key_update, out);
                Ok(Self::Traffic(s))
            }
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# unexpected_message:  An inappropriate message (e.g., the wrong
            //#    handshake message, premature Application Data, etc.) was received.
            //
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
            //# Because TLS 1.3 forbids renegotiation, if a server has negotiated
            //# TLS 1.3 and receives a ClientHello at any other time, it MUST
            //# terminate the connection with an "unexpected_message" alert.
            (state, _) => Err(HandshakeError::UnexpectedMessage {
                expected: state.expects(),
                got: message.typ(),
            }),
        }
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
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        match (self, answer) {
            (Self::AwaitCertificate(s), Answer::Certificate(certificate)) => s
                .handle_certificate(certificate?, config, out)
                .map(|next| Self::AwaitSignature(Box::new(next))),
            (Self::AwaitSignature(s), Answer::Signature(signature)) => {
                match s.handle_signature(signature?, config, out)? {
                    AfterServerFinished::Finished(next) => Ok(Self::ExpectFinished(Box::new(next))),
                    AfterServerFinished::ClientCertificate(next) => {
                        Ok(Self::ExpectClientCertificate(Box::new(next)))
                    }
                }
            }
            (Self::AwaitClientChainVerification(s), Answer::ChainVerified(verdict)) => s
                .handle_chain_verified(verdict, out)
                .map(|next| Self::ExpectClientCertificateVerify(Box::new(next))),
            // Answers come from our own driver, not the peer: one we did not ask for is a
            // local bug, never the peer's unexpected_message.
            (state, _) => Err(LocalError::UnrequestedAnswer {
                expected: state.expects(),
            }
            .into()),
        }
    }

    /// The in-process answer to `request`: the configuration's selector for
    /// `SelectCertificate`, the selected key for `Sign`; `None` for a request this state did
    /// not make.
    pub(crate) fn answer_in_process(
        &self,
        request: &Request,
        config: &ServerConfig,
    ) -> Option<Answer> {
        match (self, request) {
            (Self::AwaitCertificate(_), Request::SelectCertificate(summary)) => {
                Some(Answer::Certificate(config.certificates.select(summary)))
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
            Self::ExpectRetriedClientHello(_) => "the second ClientHello",
            Self::AwaitCertificate(_) => "the answer to SelectCertificate",
            Self::AwaitSignature(_) => "the answer to Sign",
            Self::ExpectClientCertificate(_) => "the client's Certificate",
            Self::AwaitClientChainVerification(_) => {
                "the verdict on the client's certificate chain"
            }
            Self::ExpectClientCertificateVerify(_) => "the client's CertificateVerify",
            Self::ExpectEndOfEarlyData(_) => "EndOfEarlyData",
            Self::ExpectFinished(_) => "Finished",
            Self::Traffic(_) => "no handshake message (handshake complete)",
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

    /// How the client authenticated, once the handshake is complete.
    pub(crate) fn peer_auth(&self) -> Option<&PeerAuth> {
        match self {
            Self::Traffic(traffic) => Some(traffic.peer_auth()),
            _ => None,
        }
    }
}
