//! The server side of the handshake: [`ServerHandshake`].
//!
//! ```text
//! ExpectClientHello ── ClientHello ──▶ Request(SelectCertificate)
//!        │      │                                (client_hello.rs, version-neutral)
//!        │      └── ClientHello without a share we accept ──▶ HelloRetryRequest,
//!        │             [ChangeCipherSpec] ──▶ tls13::ExpectRetriedClientHello
//!        │                                      ── ClientHello ──▶ Request(SelectCertificate)
//!        ▼
//! tls13::AwaitCertificate ── Answer::Certificate ──▶ ServerHello, [ChangeCipherSpec],
//!        │                      handshake keys, EncryptedExtensions, Certificate, Request(Sign)
//!        ▼
//! tls13::AwaitSignature ── Answer::Signature ──▶ CertificateVerify, Finished,
//!        │                                         server application key
//!        ▼
//! tls13::ExpectFinished ── Finished ──▶ client application key, HandshakeComplete
//!        ▼
//! tls13::Traffic
//! ```
//!
//! The first state is version-neutral: it decides from `supported_versions` that the client
//! speaks TLS 1.3 (the only version we serve for now: a TLS 1.2 ClientHello fails with
//! [`PeerIncompatible::NoTls13Support`](crate::error::PeerIncompatible::NoTls13Support)) and
//! hands off to `tls13`. Dispatch is one `match (state, message)` for messages and one
//! `match (state, answer)` for the driver's answers; the final arm of the first is the only
//! source of `unexpected_message`.

mod client_hello;
#[cfg(test)]
pub(crate) mod profile;
#[cfg(test)]
mod replay_tests;
#[cfg(test)]
mod test_support;
mod tls13;

use std::sync::Arc;

use tls_wire::extensions::Extension;
use tls_wire::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};

use crate::action::{Actions, Answer, Request};
use crate::config::{CertifiedKey, ServerConfig};
use crate::error::{HandshakeError, LocalError};
use crate::input::Input;

use client_hello::ExpectClientHello;
use tls13::{AwaitCertificate, AwaitSignature, ExpectFinished, ExpectRetriedClientHello, Traffic};

/// A TLS 1.3 server handshake, one step per input.
///
/// Each step consumes the machine and returns the next one (or the error that ends the
/// handshake, whose [`alert`](HandshakeError::alert) the caller sends).
#[derive(Debug)]
pub struct ServerHandshake {
    state: ServerState,
}

/// What every state carries: the configuration (and, in tests, the wire profile).
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    /// The server's configuration.
    pub(crate) config: Arc<ServerConfig>,
    /// What a recorded server did that we never would (tests only).
    #[cfg(test)]
    pub(crate) profile: Arc<profile::ServerProfile>,
}

/// Our wire behaviour, which only the test profile changes.
impl Settings {
    /// Whether to answer a client's session id with a `change_cipher_spec` (RFC 8446 D.4).
    fn middlebox_compatibility(&self) -> bool {
        #[cfg(test)]
        return self.profile.middlebox_compatibility;
        #[cfg(not(test))]
        true
    }

    /// Whether the ServerHello lists `supported_versions` before `key_share`.
    fn supported_versions_first(&self) -> bool {
        #[cfg(test)]
        return self.profile.supported_versions_first;
        #[cfg(not(test))]
        false
    }

    /// The EncryptedExtensions to send instead of ours.
    fn encrypted_extensions(&self) -> Option<Vec<Extension<'static>>> {
        #[cfg(test)]
        return self.profile.encrypted_extensions.clone();
        #[cfg(not(test))]
        None
    }

    /// Whether to retry for our most preferred group even when the client sent a share for
    /// another group we accept.
    fn retry_for_preferred_group(&self) -> bool {
        #[cfg(test)]
        return self.profile.retry_for_preferred_group;
        #[cfg(not(test))]
        false
    }

    /// The `cookie` to send in a HelloRetryRequest.
    fn retry_cookie(&self) -> Option<Vec<u8>> {
        #[cfg(test)]
        return self.profile.retry_cookie.clone();
        #[cfg(not(test))]
        None
    }

    /// The chain to present for `certified`.
    fn presented_chain<'c>(&'c self, certified: &'c CertifiedKey) -> &'c [Vec<u8>] {
        #[cfg(test)]
        if let Some(chain) = &self.profile.certificate_chain {
            return chain;
        }
        certified.chain()
    }
}

/// The states, named after what each waits for (HOUSE-STYLE §4).
#[derive(Debug)]
enum ServerState {
    ExpectClientHello(ExpectClientHello),
    ExpectRetriedClientHello(ExpectRetriedClientHello),
    AwaitCertificate(AwaitCertificate),
    AwaitSignature(AwaitSignature),
    ExpectFinished(ExpectFinished),
    Traffic(Traffic),
}

impl ServerHandshake {
    /// A server waiting for a ClientHello.
    pub fn new(config: Arc<ServerConfig>) -> Self {
        Self::with_settings(Settings {
            config,
            #[cfg(test)]
            profile: Arc::default(),
        })
    }

    /// A server with a test wire profile.
    #[cfg(test)]
    pub(crate) fn with_profile(config: Arc<ServerConfig>, profile: profile::ServerProfile) -> Self {
        Self::with_settings(Settings {
            config,
            profile: Arc::new(profile),
        })
    }

    fn with_settings(settings: Settings) -> Self {
        Self {
            state: ServerState::ExpectClientHello(ExpectClientHello { settings }),
        }
    }

    /// Takes one input: a message from the client, or the answer to our last request.
    pub fn handle(self, input: Input<'_>, out: &mut Actions) -> Result<Self, HandshakeError> {
        let state = match input {
            Input::Message(message) => self.state.handle_message(&message, out)?,
            Input::Answer(answer) => self.state.handle_answer(answer, out)?,
        };
        Ok(Self { state })
    }

    /// How the next message from the client decodes: `NotYet` before the ClientHello, TLS 1.3
    /// after it.
    pub fn negotiated_version(&self) -> NegotiatedVersion {
        match self.state {
            ServerState::ExpectClientHello(_) => NegotiatedVersion::NotYet,
            ServerState::ExpectRetriedClientHello(_)
            | ServerState::AwaitCertificate(_)
            | ServerState::AwaitSignature(_)
            | ServerState::ExpectFinished(_)
            | ServerState::Traffic(_) => NegotiatedVersion::Tls13,
        }
    }

    /// What the machine waits for.
    pub fn expects(&self) -> &'static str {
        self.state.expects()
    }

    /// Whether the handshake is complete (application data may flow both ways).
    pub fn is_complete(&self) -> bool {
        matches!(self.state, ServerState::Traffic(_))
    }

    /// The in-process default answer to a request this machine made:
    /// `SelectCertificate` → the configuration's selector; `Sign` → the selected key, with the
    /// configuration's generator. A request this machine did not make in its current state is
    /// answered with [`LocalError::UnrequestedAnswer`].
    pub fn answer_in_process(&self, request: &Request) -> Answer {
        match (&self.state, request) {
            (ServerState::AwaitCertificate(state), Request::SelectCertificate(summary)) => {
                Answer::Certificate(state.settings.config.certificates.select(summary))
            }
            (ServerState::AwaitSignature(state), Request::Sign { scheme, message }) => {
                Answer::Signature(state.sign(*scheme, message))
            }
            (state, Request::SelectCertificate(_)) => {
                Answer::Certificate(Err(unrequested(state.expects())))
            }
            (state, Request::Sign { .. }) => Answer::Signature(Err(unrequested(state.expects()))),
            (state, Request::VerifyChain { .. }) => {
                Answer::ChainVerified(Err(unrequested(state.expects())))
            }
        }
    }
}

fn unrequested(expected: &'static str) -> HandshakeError {
    LocalError::UnrequestedAnswer { expected }.into()
}

impl ServerState {
    /// The one dispatch over (state, message).
    fn handle_message(
        self,
        message: &HandshakeMessage<'_>,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        match (self, message.payload()) {
            (Self::ExpectClientHello(s), HandshakePayload::ClientHello(hello)) => {
                s.handle_client_hello(hello, message.raw(), out)
            }
            (Self::ExpectRetriedClientHello(s), HandshakePayload::ClientHello(hello)) => s
                .handle_client_hello(hello, message.raw(), out)
                .map(Self::AwaitCertificate),
            (Self::ExpectFinished(s), HandshakePayload::Finished(finished)) => {
                s.handle_finished(finished, out).map(Self::Traffic)
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

    /// The one dispatch over (state, answer).
    fn handle_answer(self, answer: Answer, out: &mut Actions) -> Result<Self, HandshakeError> {
        match (self, answer) {
            (Self::AwaitCertificate(s), Answer::Certificate(certificate)) => s
                .handle_certificate(certificate?, out)
                .map(Self::AwaitSignature),
            (Self::AwaitSignature(s), Answer::Signature(signature)) => s
                .handle_signature(signature?, out)
                .map(Self::ExpectFinished),
            (state, _) => Err(unrequested(state.expects())),
        }
    }

    fn expects(&self) -> &'static str {
        match self {
            Self::ExpectClientHello(_) => "ClientHello",
            Self::ExpectRetriedClientHello(_) => "the second ClientHello",
            Self::AwaitCertificate(_) => "the answer to SelectCertificate",
            Self::AwaitSignature(_) => "the answer to Sign",
            Self::ExpectFinished(_) => "Finished",
            Self::Traffic(_) => "no handshake message (handshake complete)",
        }
    }
}

#[cfg(test)]
mod tests;
