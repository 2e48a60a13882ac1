//! The client side of the handshake: [`ClientHandshake`].
//!
//! ```text
//! ClientHandshake::start ──▶ ClientHello ──▶ ExpectServerHello ──┬─▶ Tls13(tls13::State)  (supported_versions = TLS 1.3)
//!   (client_hello.rs)          (server_hello.rs, version-neutral) └─▶ Tls12(tls12::State)  (no supported_versions, TLS 1.2 offered)
//! ```
//!
//! The first flight is version-neutral: the ClientHello offers what the config allows, and
//! `ExpectServerHello` reads the version the server chose before handing off to that
//! version's machine (`tls13`, whose module docs give the whole flow). Every state is a type
//! named after what it waits for, boxed inside `ClientState`; [`ClientHandshake::handle`]
//! dispatches the version-neutral state and hands the rest to the version's own dispatch,
//! whose final arm is the only place that version's `unexpected_message` comes from.

mod client_hello;
mod early_data;
mod extensions;
mod grease;
mod offer;
mod psk;
mod server_hello;
mod tls12;
mod tls13;

use std::borrow::Cow;
use std::sync::Arc;

use tls_pki::name::ServerName;
use tls_wire::handshake::{HandshakePayload, KeyUpdateRequest, NegotiatedVersion};

use crate::action::{Actions, Answer, Negotiated, Request};
use crate::config::ClientConfig;
use crate::error::{ExportError, HandshakeError, LocalError};
use crate::input::Input;
use crate::proof::PeerAuth;
use crate::ticket::SessionTicket;
use crate::tls13_common::check_change_cipher_spec;

use server_hello::ExpectServerHello;

/// A client handshake in progress (or complete).
///
/// Sans-IO: [`start`](Self::start) emits the ClientHello, and each
/// [`handle`](Self::handle) takes one input and appends the actions of the step to `out`. The
/// machine is consumed by every step, so a state that failed cannot be used again.
#[derive(Debug)]
pub struct ClientHandshake {
    /// The configuration, held once for every state.
    config: Arc<ClientConfig>,
    /// The name the server's certificate is checked against (unless the config dangerously
    /// skips the check).
    server_name: ServerName,
    state: ClientState,
    /// How many change_cipher_spec records RFC 8446 §5 had us drop so far.
    change_cipher_spec_dropped: usize,
}

/// The client's states: the version-neutral first one, then one variant per version.
#[derive(Debug)]
enum ClientState {
    ExpectServerHello(Box<ExpectServerHello>),
    Tls13(tls13::State),
    Tls12(tls12::State),
}

impl ClientHandshake {
    /// Starts a handshake with the server called `server_name` and emits the ClientHello.
    ///
    /// A DNS name is sent as SNI (if the config enables SNI); an IP address is never sent
    /// (RFC 6066 §3) and is matched against the certificate's iPAddress names. The name is
    /// checked against the server's certificate unless the config was built with
    /// [`dangerous_skip_server_name_check`](crate::config::ClientConfigBuilder::dangerous_skip_server_name_check).
    pub fn start(
        config: Arc<ClientConfig>,
        server_name: ServerName,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        let state = client_hello::emit_client_hello(&config, &server_name, out)?;
        Ok(Self {
            config,
            server_name,
            state: ClientState::ExpectServerHello(Box::new(state)),
            change_cipher_spec_dropped: 0,
        })
    }

    /// Takes one input: the next handshake message from the server, the answer to the
    /// request the last step made, or a change_cipher_spec record. Appends the step's actions
    /// to `out` (none if it fails).
    pub fn handle(mut self, input: Input<'_>, out: &mut Actions) -> Result<Self, HandshakeError> {
        use ClientState as S;
        let config = &*self.config;
        self.state = match (self.state, input) {
            (S::ExpectServerHello(s), Input::Message(message)) => match message.payload() {
                HandshakePayload::ServerHello(m) => {
                    s.handle_server_hello(m, message.raw(), config, out)?
                }
                HandshakePayload::HelloRetryRequest(m) => S::ExpectServerHello(Box::new(
                    s.handle_hello_retry_request(m, message.raw(), config, out)?,
                )),
                payload => {
                    return Err(HandshakeError::UnexpectedMessage {
                        expected: "ServerHello",
                        got: payload.typ(),
                    });
                }
            },
            // Answers come from our own driver, not the peer: one we did not ask for is a
            // local bug, never the peer's unexpected_message.
            (S::ExpectServerHello(_), Input::Answer(_)) => {
                return Err(LocalError::UnrequestedAnswer {
                    expected: "ServerHello",
                }
                .into());
            }
            (S::Tls13(s), Input::Message(message)) => {
                S::Tls13(s.handle_message(&message, config, &self.server_name, out)?)
            }
            (S::Tls13(s), Input::Answer(answer)) => S::Tls13(s.handle_answer(answer, config, out)?),
            (S::Tls12(s), Input::Message(message)) => {
                S::Tls12(s.handle_message(&message, config, &self.server_name, out)?)
            }
            (S::Tls12(s), Input::Answer(answer)) => S::Tls12(s.handle_answer(answer, config, out)?),
            // In TLS 1.2, change_cipher_spec is a step of the handshake (RFC 5246 §7.1).
            (S::Tls12(s), Input::ChangeCipherSpec) => S::Tls12(s.handle_change_cipher_spec(out)?),
            // Before the ServerHello and in TLS 1.3, RFC 8446 §5's rule holds from our
            // ClientHello to the server's Finished.
            (state, Input::ChangeCipherSpec) => {
                let in_window = !state.is_complete();
                check_change_cipher_spec(in_window, &mut self.change_cipher_spec_dropped)?;
                state
            }
        };
        Ok(self)
    }

    /// The version whose rules decode the next message: not yet known before the ServerHello,
    /// the negotiated one after it.
    pub fn negotiated_version(&self) -> NegotiatedVersion {
        match self.state {
            ClientState::ExpectServerHello(_) => NegotiatedVersion::NotYet,
            ClientState::Tls13(_) => NegotiatedVersion::Tls13,
            ClientState::Tls12(_) => NegotiatedVersion::Tls12,
        }
    }

    /// What the current state waits for.
    pub fn expects(&self) -> &'static str {
        match &self.state {
            ClientState::ExpectServerHello(_) => "ServerHello",
            ClientState::Tls13(state) => state.expects(),
            ClientState::Tls12(state) => state.expects(),
        }
    }

    /// Whether the handshake is complete (application data may flow both ways).
    pub fn is_complete(&self) -> bool {
        self.state.is_complete()
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
            ClientState::ExpectServerHello(_) | ClientState::Tls12(_) => {
                Err(LocalError::KeyUpdateUnavailable.into())
            }
            ClientState::Tls13(state) => state.update_traffic_keys(request_update, out),
        }
    }

    /// What the handshake agreed on, once it is complete.
    pub fn negotiated(&self) -> Option<&Negotiated> {
        match &self.state {
            ClientState::ExpectServerHello(_) => None,
            ClientState::Tls13(state) => state.negotiated(),
            ClientState::Tls12(state) => state.negotiated(),
        }
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
            ClientState::ExpectServerHello(_) => Err(ExportError::HandshakeIncomplete),
            ClientState::Tls13(state) => state.export_keying_material(label, context, out),
            ClientState::Tls12(state) => state.export_keying_material(label, context, out),
        }
    }

    /// How the server was authenticated, once the handshake is complete.
    pub fn peer_auth(&self) -> Option<&PeerAuth> {
        match &self.state {
            ClientState::ExpectServerHello(_) => None,
            ClientState::Tls13(state) => state.peer_auth(),
            ClientState::Tls12(state) => state.peer_auth(),
        }
    }

    /// The session tickets the server sent after the handshake, oldest first (at most
    /// [`MAX_KEPT_TICKETS`](crate::ticket::MAX_KEPT_TICKETS)).
    pub fn session_tickets(&self) -> Vec<&SessionTicket> {
        match &self.state {
            ClientState::ExpectServerHello(_) | ClientState::Tls12(_) => Vec::new(),
            ClientState::Tls13(state) => state.session_tickets(),
        }
    }

    /// The in-process default answer to a request this machine made: a chain is judged by
    /// `config.verifier` at `config.clock.now()`, a client certificate is chosen by the
    /// config's resolver, and our CertificateVerify is signed by the chosen key. Asked for
    /// anything else, this answers with the error the machine then fails with.
    pub fn answer_in_process(&self, request: &Request) -> Answer {
        match request {
            Request::VerifyChain { chain, server_name } => {
                let intermediates: Vec<&[u8]> =
                    chain.intermediates().iter().map(Vec::as_slice).collect();
                Answer::ChainVerified(self.config.verifier.verify_server_chain(
                    chain.end_entity(),
                    &intermediates,
                    server_name.as_ref(),
                    self.config.clock().now(),
                ))
            }
            Request::SelectClientCertificate(summary) => Answer::ClientCertificate(
                self.config
                    .client_certificates()
                    .and_then(|resolver| resolver.resolve(summary)),
            ),
            Request::Sign { scheme, message } => Answer::Signature(match &self.state {
                ClientState::Tls13(state) => state
                    .sign(*scheme, message, &self.config)
                    .unwrap_or_else(|| Err(self.unrequested())),
                ClientState::Tls12(state) => state
                    .sign(*scheme, message, &self.config)
                    .unwrap_or_else(|| Err(self.unrequested())),
                ClientState::ExpectServerHello(_) => Err(self.unrequested()),
            }),
            Request::SelectCertificate(_) => Answer::Certificate(Err(self.unrequested())),
            // A server's request: the state it reaches refuses the answer.
            Request::OpenTicket { .. } => Answer::Ticket(None),
        }
    }

    fn unrequested(&self) -> HandshakeError {
        LocalError::UnrequestedAnswer {
            expected: self.expects(),
        }
        .into()
    }
}

impl ClientState {
    fn is_complete(&self) -> bool {
        match self {
            Self::ExpectServerHello(_) => false,
            Self::Tls13(state) => state.is_complete(),
            Self::Tls12(state) => state.is_complete(),
        }
    }
}

/// Where a client's store keeps the session of the server called `name`: the name as text
/// (borrowed for a DNS name, the common case).
pub(crate) fn client_session_key(name: &ServerName) -> Cow<'_, [u8]> {
    match name {
        ServerName::Dns(dns) => Cow::Borrowed(dns.as_str().as_bytes()),
        ServerName::Ip(ip) => Cow::Owned(ip.to_string().into_bytes()),
    }
}

/// The name the server's certificate must hold: the one we connect to, unless the config
/// skips the check.
pub(crate) fn checked_name<'a>(
    config: &ClientConfig,
    name: &'a ServerName,
) -> Option<&'a ServerName> {
    Some(name).filter(|_| !config.server_name_check_skipped())
}
