//! The client side of the handshake: [`ClientHandshake`].
//!
//! ```text
//! ClientHandshake::start ──▶ ClientHello ──▶ ExpectServerHello ──┬─▶ tls13:: (supported_versions = TLS 1.3)
//!                                                               └─▶ TLS 1.2: NoTls13Support (the seam)
//! ```
//!
//! The first flight is version-neutral (`hello`): the ClientHello offers what the config
//! allows, and `ExpectServerHello` reads the version the server chose before handing off to
//! the TLS 1.3 machine (`tls13`, whose module docs give the whole flow). Every state is a type
//! named after what it waits for; [`ClientHandshake::handle`] is the one dispatch, and its
//! final arm is the only place `unexpected_message` comes from.

mod extensions;
mod hello;
#[cfg(test)]
mod tests;
mod tls13;

use std::sync::Arc;

use tls_pki::name::ServerName;
use tls_wire::handshake::{HandshakePayload, NegotiatedVersion};

use crate::action::{Actions, Answer, Negotiated, Request};
use crate::config::ClientConfig;
use crate::error::{HandshakeError, LocalError};
use crate::input::Input;
use crate::proof::CertificateVerified;

use hello::{ExpectServerHello, HelloShape};
use tls13::{
    AwaitChainVerification, ExpectCertificate, ExpectCertificateRequest, ExpectCertificateVerify,
    ExpectEncryptedExtensions, ExpectFinished, Traffic,
};

/// A TLS 1.3 client handshake in progress (or complete).
///
/// Sans-IO: [`start`](Self::start) emits the ClientHello, and each
/// [`handle`](Self::handle) takes one input and appends the actions of the step to `out`. The
/// machine is consumed by every step, so a state that failed cannot be used again.
#[derive(Debug)]
pub struct ClientHandshake {
    config: Arc<ClientConfig>,
    server_name: Option<ServerName>,
    state: ClientState,
}

/// Every state the client can be in, each named after what it waits for.
#[derive(Debug)]
enum ClientState {
    ExpectServerHello(Box<ExpectServerHello>),
    ExpectEncryptedExtensions(Box<ExpectEncryptedExtensions>),
    ExpectCertificateRequest(Box<ExpectCertificateRequest>),
    ExpectCertificate(Box<ExpectCertificate>),
    AwaitChainVerification(Box<AwaitChainVerification>),
    ExpectCertificateVerify(Box<ExpectCertificateVerify>),
    ExpectFinished(Box<ExpectFinished>),
    Traffic(Box<Traffic>),
}

impl ClientState {
    /// What the state waits for, for errors and for [`ClientHandshake::expects`].
    fn expects(&self) -> &'static str {
        match self {
            Self::ExpectServerHello(_) => "ServerHello",
            Self::ExpectEncryptedExtensions(_) => "EncryptedExtensions",
            // The request is optional: what the RFC requires next is the Certificate.
            Self::ExpectCertificateRequest(_) | Self::ExpectCertificate(_) => "Certificate",
            Self::AwaitChainVerification(_) => "the verdict on the server's certificate chain",
            Self::ExpectCertificateVerify(_) => "CertificateVerify",
            Self::ExpectFinished(_) => "Finished",
            Self::Traffic(_) => "no handshake message (the handshake is complete)",
        }
    }
}

impl ClientHandshake {
    /// Starts a handshake with the server called `server_name` (sent as SNI if it is a DNS
    /// name and the config enables SNI; checked against the certificate unless `None`), and
    /// emits the ClientHello.
    pub fn start(
        config: Arc<ClientConfig>,
        server_name: Option<ServerName>,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        let state =
            hello::emit_client_hello(&config, server_name.as_ref(), &HelloShape::Ours, out)?;
        Ok(Self {
            config,
            server_name,
            state: ClientState::ExpectServerHello(Box::new(state)),
        })
    }

    /// Starts a handshake whose ClientHello follows a recorded peer's `profile` (tests only).
    #[cfg(test)]
    fn start_with_profile(
        config: Arc<ClientConfig>,
        server_name: Option<ServerName>,
        profile: &hello::ClientHelloProfile,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        let state = hello::emit_client_hello(
            &config,
            server_name.as_ref(),
            &HelloShape::Recorded(profile.clone()),
            out,
        )?;
        Ok(Self {
            config,
            server_name,
            state: ClientState::ExpectServerHello(Box::new(state)),
        })
    }

    /// Takes one input: the next handshake message from the server, or the answer to the
    /// request the last step made. Appends the step's actions to `out` (none if it fails).
    pub fn handle(self, input: Input<'_>, out: &mut Actions) -> Result<Self, HandshakeError> {
        use ClientState as S;
        use HandshakePayload as P;
        let Self {
            config,
            server_name,
            state,
        } = self;
        // The message outlives the match: the view borrows its payload and bytes.
        let message;
        let view = match input {
            Input::Message(received) => {
                message = received;
                View::Message(message.payload(), message.raw())
            }
            Input::Answer(answer) => View::Answer(answer),
        };
        let state = match (state, view) {
            (S::ExpectServerHello(s), View::Message(P::ServerHello(m), raw)) => {
                S::ExpectEncryptedExtensions(Box::new(s.handle_server_hello(m, raw, out)?))
            }
            (S::ExpectServerHello(s), View::Message(P::HelloRetryRequest(m), raw)) => {
                S::ExpectServerHello(Box::new(
                    s.handle_hello_retry_request(m, raw, &config, out)?,
                ))
            }
            (S::ExpectEncryptedExtensions(s), View::Message(P::EncryptedExtensions(m), raw)) => {
                S::ExpectCertificateRequest(Box::new(s.handle_encrypted_extensions(m, raw)?))
            }
            (S::ExpectCertificateRequest(s), View::Message(P::CertificateRequestTls13(m), raw)) => {
                S::ExpectCertificate(Box::new(s.handle_certificate_request(m, raw)?))
            }
            (S::ExpectCertificateRequest(s), View::Message(P::CertificateTls13(m), raw)) => {
                let next = s.skip_certificate_request().handle_certificate(
                    m,
                    raw,
                    server_name.as_ref(),
                    out,
                )?;
                S::AwaitChainVerification(Box::new(next))
            }
            (S::ExpectCertificate(s), View::Message(P::CertificateTls13(m), raw)) => {
                let next = s.handle_certificate(m, raw, server_name.as_ref(), out)?;
                S::AwaitChainVerification(Box::new(next))
            }
            (S::AwaitChainVerification(s), View::Answer(Answer::ChainVerified(verdict))) => {
                S::ExpectCertificateVerify(Box::new(s.handle_chain_verified(verdict, out)?))
            }
            (S::ExpectCertificateVerify(s), View::Message(P::CertificateVerify(m), raw)) => {
                S::ExpectFinished(Box::new(s.handle_certificate_verify(m, raw)?))
            }
            (S::ExpectFinished(s), View::Message(P::Finished(m), raw)) => {
                S::Traffic(Box::new(s.handle_finished(m, raw, out)?))
            }
            (S::Traffic(s), View::Message(P::NewSessionTicketTls13(_), _)) => {
                S::Traffic(Box::new(s.handle_new_session_ticket()))
            }
            (state, View::Message(payload, _)) => {
                return Err(HandshakeError::UnexpectedMessage {
                    expected: state.expects(),
                    got: payload.typ(),
                });
            }
            // Answers come from our own driver, not the peer: one we did not ask for is a
            // local bug, never the peer's unexpected_message.
            (state, View::Answer(_)) => {
                return Err(LocalError::UnrequestedAnswer {
                    expected: state.expects(),
                }
                .into());
            }
        };
        Ok(Self {
            config,
            server_name,
            state,
        })
    }

    /// The version whose rules decode the next message: not yet known before the ServerHello,
    /// TLS 1.3 after it.
    pub fn negotiated_version(&self) -> NegotiatedVersion {
        match self.state {
            ClientState::ExpectServerHello(_) => NegotiatedVersion::NotYet,
            ClientState::ExpectEncryptedExtensions(_)
            | ClientState::ExpectCertificateRequest(_)
            | ClientState::ExpectCertificate(_)
            | ClientState::AwaitChainVerification(_)
            | ClientState::ExpectCertificateVerify(_)
            | ClientState::ExpectFinished(_)
            | ClientState::Traffic(_) => NegotiatedVersion::Tls13,
        }
    }

    /// What the current state waits for.
    pub fn expects(&self) -> &'static str {
        self.state.expects()
    }

    /// Whether the handshake is complete (application data may flow both ways).
    pub fn is_complete(&self) -> bool {
        matches!(self.state, ClientState::Traffic(_))
    }

    /// What the handshake agreed on, once it is complete.
    pub fn negotiated(&self) -> Option<&Negotiated> {
        match &self.state {
            ClientState::Traffic(traffic) => Some(traffic.negotiated()),
            _ => None,
        }
    }

    /// Who accepted the server's certificate chain, once the handshake is complete.
    pub fn certificate_verified(&self) -> Option<CertificateVerified> {
        match &self.state {
            ClientState::Traffic(traffic) => Some(traffic.certificate_verified()),
            _ => None,
        }
    }

    /// The in-process default answer to a request this machine made: a chain is judged by
    /// `config.verifier` at `config.clock.now()`. The client makes no other request; asked
    /// for one, this answers with the error the machine then fails with.
    pub fn answer_in_process(&self, request: &Request) -> Answer {
        match request {
            Request::VerifyChain {
                end_entity,
                intermediates,
                server_name,
            } => {
                let intermediates: Vec<&[u8]> = intermediates.iter().map(Vec::as_slice).collect();
                Answer::ChainVerified(self.config.verifier.verify_server_chain(
                    end_entity,
                    &intermediates,
                    server_name.as_ref(),
                    self.config.clock.now(),
                ))
            }
            Request::SelectCertificate(_) => Answer::Certificate(Err(self.unrequested())),
            Request::Sign { .. } => Answer::Signature(Err(self.unrequested())),
        }
    }

    fn unrequested(&self) -> HandshakeError {
        LocalError::UnrequestedAnswer {
            expected: self.expects(),
        }
        .into()
    }
}

/// An input seen through its payload: the dispatch matches on the message type and keeps the
/// message's bytes for the transcript.
enum View<'i, 'a> {
    Message(&'i HandshakePayload<'a>, &'i [u8]),
    Answer(Answer),
}
