//! The handshake machine of either side, behind one type so the connection drives both the
//! same way.

use tls_handshake::action::{Actions, Answer, Request};
use tls_handshake::client::ClientHandshake;
use tls_handshake::error::HandshakeError;
use tls_handshake::input::Input;
use tls_handshake::server::ServerHandshake;
use tls_wire::handshake::NegotiatedVersion;

/// A client or a server handshake.
#[derive(Debug)]
pub(crate) enum Side {
    /// We are the client.
    Client(ClientHandshake),
    /// We are the server (boxed: its states are several times the client's size).
    Server(Box<ServerHandshake>),
}

impl Side {
    /// One step: a message or an answer in, the next machine out (its actions in `out`).
    pub(crate) fn handle(
        self,
        input: Input<'_>,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        match self {
            Self::Client(machine) => machine.handle(input, out).map(Self::Client),
            Self::Server(mut machine) => {
                // Moves the machine out of its box and the next one back in: no allocation
                // per step.
                *machine = (*machine).handle(input, out)?;
                Ok(Self::Server(machine))
            }
        }
    }

    /// How the next handshake message decodes.
    pub(crate) fn negotiated_version(&self) -> NegotiatedVersion {
        match self {
            Self::Client(machine) => machine.negotiated_version(),
            Self::Server(machine) => machine.negotiated_version(),
        }
    }

    /// The in-process answer to `request` (the configuration's verifier, selector, signer).
    pub(crate) fn answer_in_process(&self, request: &Request) -> Answer {
        match self {
            Self::Client(machine) => machine.answer_in_process(request),
            Self::Server(machine) => machine.answer_in_process(request),
        }
    }

    /// Whether the handshake is complete.
    pub(crate) fn is_complete(&self) -> bool {
        match self {
            Self::Client(machine) => machine.is_complete(),
            Self::Server(machine) => machine.is_complete(),
        }
    }
}
