//! The server side of the handshake: [`ServerHandshake`].
//!
//! ```text
//! ExpectClientHello ── ClientHello ──▶ version (client_hello.rs, version-neutral)
//!        │ (a ticket whose ticketer opens tickets later: Request(OpenTicket) ──▶ AwaitTicket
//!        │  ── Answer::Ticket ──▶ the same hello, that ticket opened; ticket_opener.rs)
//!        │
//!        ▼ TLS 1.3 (tls13/, whose module docs give the whole flow)
//! tls13::client_hello ── checks, choices ──┬─▶ Request(SelectCertificate) ──▶ AwaitCertificate
//!                                          └─▶ HelloRetryRequest ──▶ ExpectRetriedClientHello
//! AwaitCertificate ── Answer::Certificate ──▶ ServerHello … Certificate, Request(Sign)
//! AwaitSignature ── Answer::Signature ──▶ CertificateVerify, Finished
//! ExpectFinished ── Finished ──▶ HandshakeComplete ──▶ Traffic
//!
//!        ▼ TLS 1.2 (tls12/, whose module docs give the whole flow)
//! tls12::client_hello ── checks, choices ──▶ Request(SelectCertificate) ──▶ AwaitCertificate
//! AwaitCertificate ── Answer::Certificate ──▶ ServerHello, Certificate, Request(Sign)
//! AwaitSignature ── Answer::Signature ──▶ ServerKeyExchange, ServerHelloDone
//! ClientKeyExchange, ChangeCipherSpec, Finished ──▶ ChangeCipherSpec, Finished ──▶ Traffic
//! ```
//!
//! The first state is version-neutral: it decides from `supported_versions` (or, without
//! it, `legacy_version`) and the config which version to speak, refusing obsolete versions and
//! inappropriate fallbacks, and hands off to that version's machine, whose dispatch is one
//! `match (state, message)` for messages and one `match (state, answer)` for the driver's
//! answers; the final arm of the first is the only source of that version's
//! `unexpected_message`.

mod client_auth;
mod client_hello;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
mod ticket_opener;
mod tls12;
mod tls13;

use std::sync::Arc;

use tls_wire::handshake::{
    HandshakeMessage, HandshakePayload, KeyUpdateRequest, NegotiatedVersion,
};

use crate::action::{Actions, Answer, Negotiated, Request, TicketState};
use crate::config::ServerConfig;
use crate::error::{ExportError, HandshakeError, LocalError};
use crate::input::Input;
use crate::proof::PeerAuth;
use crate::tls13_common::check_change_cipher_spec;

use client_hello::ExpectClientHello;
use ticket_opener::{AwaitTicket, TicketOpener, ticket_to_open_later};

/// A server handshake, one step per input.
///
/// Each step consumes the machine and returns the next one (or the error that ends the
/// handshake, whose [`alert`](HandshakeError::alert) the caller sends).
#[derive(Debug)]
pub struct ServerHandshake {
    /// The configuration, held once for every state.
    config: Arc<ServerConfig>,
    state: ServerState,
    /// How many change_cipher_spec records RFC 8446 §5 had us drop so far.
    change_cipher_spec_dropped: usize,
}

/// The server's states: the version-neutral first one, then one variant per version.
#[derive(Debug)]
enum ServerState {
    ExpectClientHello(Box<ExpectClientHello>),
    AwaitTicket(Box<AwaitTicket>),
    Tls13(tls13::State),
    Tls12(tls12::State),
}

impl ServerHandshake {
    /// A server waiting for a ClientHello.
    pub fn new(config: Arc<ServerConfig>) -> Self {
        Self {
            config,
            state: ServerState::ExpectClientHello(Box::new(ExpectClientHello)),
            change_cipher_spec_dropped: 0,
        }
    }

    /// Takes one input: a message from the client, the answer to our last request, or a
    /// change_cipher_spec record. Appends the step's actions to `out` (none if it fails).
    pub fn handle(mut self, input: Input<'_>, out: &mut Actions) -> Result<Self, HandshakeError> {
        use ServerState as S;
        let config = &*self.config;
        self.state = match (self.state, input) {
            (S::ExpectClientHello(s), Input::Message(message)) => {
                handle_first_message(*s, &message, config, out)?
            }
            (S::ExpectClientHello(_), Input::Answer(_)) => {
                return Err(LocalError::UnrequestedAnswer {
                    expected: "ClientHello",
                }
                .into());
            }
            (S::AwaitTicket(s), Input::Answer(Answer::Ticket(state))) => {
                s.handle_ticket(state, config, out)?
            }
            (S::AwaitTicket(_), Input::Answer(_)) => {
                return Err(LocalError::UnrequestedAnswer {
                    expected: AWAIT_TICKET,
                }
                .into());
            }
            (S::AwaitTicket(_), Input::Message(message)) => {
                return Err(HandshakeError::UnexpectedMessage {
                    expected: AWAIT_TICKET,
                    got: message.typ(),
                });
            }
            (S::Tls13(s), Input::Message(message)) => {
                S::Tls13(s.handle_message(&message, config, out)?)
            }
            (S::Tls13(s), Input::Answer(answer)) => S::Tls13(s.handle_answer(answer, config, out)?),
            (S::Tls12(s), Input::Message(message)) => {
                S::Tls12(s.handle_message(&message, config, out)?)
            }
            (S::Tls12(s), Input::Answer(answer)) => S::Tls12(s.handle_answer(answer, config, out)?),
            // In TLS 1.2, change_cipher_spec is a step of the handshake (RFC 5246 §7.1).
            (S::Tls12(s), Input::ChangeCipherSpec) => S::Tls12(s.handle_change_cipher_spec(out)?),
            // Before the ClientHello and in TLS 1.3, RFC 8446 §5's rule holds from the
            // client's ClientHello to its Finished.
            (state, Input::ChangeCipherSpec) => {
                let in_window = match &state {
                    S::ExpectClientHello(_) | S::Tls12(_) => false,
                    // After a TLS 1.3 client's hello, its compatibility record may come.
                    S::AwaitTicket(_) => true,
                    S::Tls13(state) => !state.is_complete(),
                };
                check_change_cipher_spec(in_window, &mut self.change_cipher_spec_dropped)?;
                state
            }
        };
        Ok(self)
    }

    /// Exports keying material (RFC 5705, RFC 8446 §7.5): `out.len()` bytes for `label` and
    /// `context`, once the handshake is complete.
    ///
    /// TLS 1.3: no context and an empty one give the same bytes. TLS 1.2: they differ, and a
    /// session without the extended master secret (RFC 7627) exports nothing
    /// ([`ExportError::NoExtendedMasterSecret`]). Errors end nothing: the connection goes on.
    pub fn export_keying_material(
        &self,
        label: &[u8],
        context: Option<&[u8]>,
        out: &mut [u8],
    ) -> Result<(), ExportError> {
        match &self.state {
            ServerState::ExpectClientHello(_) | ServerState::AwaitTicket(_) => {
                Err(ExportError::HandshakeIncomplete)
            }
            ServerState::Tls13(state) => state.export_keying_material(label, context, out),
            ServerState::Tls12(state) => state.export_keying_material(label, context, out),
        }
    }

    /// How the next message from the client decodes: `NotYet` before the ClientHello, the
    /// negotiated version after it.
    pub fn negotiated_version(&self) -> NegotiatedVersion {
        match self.state {
            ServerState::ExpectClientHello(_) | ServerState::AwaitTicket(_) => {
                NegotiatedVersion::NotYet
            }
            ServerState::Tls13(_) => NegotiatedVersion::Tls13,
            ServerState::Tls12(_) => NegotiatedVersion::Tls12,
        }
    }

    /// What the machine waits for.
    pub fn expects(&self) -> &'static str {
        match &self.state {
            ServerState::ExpectClientHello(_) => "ClientHello",
            ServerState::AwaitTicket(_) => AWAIT_TICKET,
            ServerState::Tls13(state) => state.expects(),
            ServerState::Tls12(state) => state.expects(),
        }
    }

    /// Whether the handshake is complete (application data may flow both ways).
    pub fn is_complete(&self) -> bool {
        match &self.state {
            ServerState::ExpectClientHello(_) | ServerState::AwaitTicket(_) => false,
            ServerState::Tls13(state) => state.is_complete(),
            ServerState::Tls12(state) => state.is_complete(),
        }
    }

    /// Sends a KeyUpdate (RFC 8446 §4.6.3), asking the peer to update its keys too when
    /// `request_peer`, and moves to our next write key: its actions (the message at the
    /// application level, the new write key) are appended to `out`. Only once a TLS 1.3
    /// handshake is complete; before, [`LocalError::KeyUpdateUnavailable`](crate::error::LocalError).
    pub fn update_traffic_keys(
        &mut self,
        request_peer: bool,
        out: &mut Actions,
    ) -> Result<(), HandshakeError> {
        let request_update = if request_peer {
            KeyUpdateRequest::UpdateRequested
        } else {
            KeyUpdateRequest::UpdateNotRequested
        };
        match &mut self.state {
            // TLS 1.2 has no KeyUpdate: its connections close at the AEAD limit instead.
            ServerState::ExpectClientHello(_)
            | ServerState::AwaitTicket(_)
            | ServerState::Tls12(_) => Err(LocalError::KeyUpdateUnavailable.into()),
            ServerState::Tls13(state) => state.update_traffic_keys(request_update, out),
        }
    }

    /// What the handshake agreed on, once it is complete.
    pub fn negotiated(&self) -> Option<&Negotiated> {
        match &self.state {
            ServerState::ExpectClientHello(_) | ServerState::AwaitTicket(_) => None,
            ServerState::Tls13(state) => state.negotiated(),
            ServerState::Tls12(state) => state.negotiated(),
        }
    }

    /// How the client authenticated, once the handshake is complete.
    pub fn peer_auth(&self) -> Option<&PeerAuth> {
        match &self.state {
            ServerState::ExpectClientHello(_) | ServerState::AwaitTicket(_) => None,
            ServerState::Tls13(state) => state.peer_auth(),
            ServerState::Tls12(state) => state.peer_auth(),
        }
    }

    /// The in-process default answer to a request this machine made:
    /// `SelectCertificate` → the configuration's selector; `Sign` → the selected key, with the
    /// configuration's generator. A request this machine did not make in its current state is
    /// answered with [`LocalError::UnrequestedAnswer`].
    pub fn answer_in_process(&self, request: &Request) -> Answer {
        let answer = match &self.state {
            ServerState::ExpectClientHello(_) => None,
            ServerState::AwaitTicket(state) => match request {
                Request::OpenTicket { ticket } if ticket.as_slice() == state.ticket() => {
                    Some(Answer::Ticket(
                        self.config
                            .ticketer()
                            .and_then(|ticketer| ticketer.open(ticket))
                            .map(TicketState),
                    ))
                }
                _ => None,
            },
            ServerState::Tls13(state) => state.answer_in_process(request, &self.config),
            ServerState::Tls12(state) => state.answer_in_process(request, &self.config),
        };
        answer.unwrap_or_else(|| {
            let error = HandshakeError::from(LocalError::UnrequestedAnswer {
                expected: self.expects(),
            });
            match request {
                Request::SelectCertificate(_) => Answer::Certificate(Err(error)),
                Request::Sign { .. } => Answer::Signature(Err(error)),
                Request::VerifyChain { .. } => Answer::ChainVerified(Err(error)),
                // A client's request, or a ticket asked about in no other state: the state
                // it reaches refuses the answer.
                Request::SelectClientCertificate(_) => Answer::ClientCertificate(None),
                Request::OpenTicket { .. } => Answer::Ticket(None),
            }
        })
    }
}

/// What `AwaitTicket` waits for.
const AWAIT_TICKET: &str = "the answer to OpenTicket";

/// The version-neutral dispatch: only a ClientHello opens the handshake.
fn handle_first_message(
    state: ExpectClientHello,
    message: &HandshakeMessage<'_>,
    config: &ServerConfig,
    out: &mut Actions,
) -> Result<ServerState, HandshakeError> {
    match message.payload() {
        // A ticketer that opens tickets later is asked first.
        HandshakePayload::ClientHello(hello) => match ticket_to_open_later(hello, config) {
            Some(ticket) => Ok(ServerState::AwaitTicket(Box::new(AwaitTicket::request(
                message.raw(),
                ticket,
                out,
            )))),
            None => {
                state.handle_client_hello(hello, message.raw(), config, &TicketOpener::Now, out)
            }
        },
        _ => Err(HandshakeError::UnexpectedMessage {
            expected: "ClientHello",
            got: message.typ(),
        }),
    }
}
