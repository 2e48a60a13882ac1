//! [`Handshake`]: either side's machine behind one type, so that a driver (the facade's
//! connection, a test pair) runs both the same way.

use tls_wire::handshake::NegotiatedVersion;

use crate::action::{Actions, Answer, Negotiated, Request};
use crate::client::ClientHandshake;
use crate::error::{ExportError, HandshakeError};
use crate::input::Input;
use crate::proof::PeerAuth;
use crate::server::ServerHandshake;
use crate::ticket::SessionTicket;

/// A client or a server handshake.
///
/// Neither variant needs boxing: each machine holds its configuration and a boxed state.
#[derive(Debug)]
pub enum Handshake {
    /// We are the client.
    Client(ClientHandshake),
    /// We are the server.
    Server(ServerHandshake),
}

impl Handshake {
    /// One step: a message, an answer or a change_cipher_spec in, the next machine out (its
    /// actions appended to `out`).
    pub fn handle(self, input: Input<'_>, out: &mut Actions) -> Result<Self, HandshakeError> {
        match self {
            Self::Client(machine) => machine.handle(input, out).map(Self::Client),
            Self::Server(machine) => machine.handle(input, out).map(Self::Server),
        }
    }

    /// How the next handshake message decodes.
    pub fn negotiated_version(&self) -> NegotiatedVersion {
        match self {
            Self::Client(machine) => machine.negotiated_version(),
            Self::Server(machine) => machine.negotiated_version(),
        }
    }

    /// The in-process answer to `request` (the configuration's verifier, selector, signer).
    pub fn answer_in_process(&self, request: &Request) -> Answer {
        match self {
            Self::Client(machine) => machine.answer_in_process(request),
            Self::Server(machine) => machine.answer_in_process(request),
        }
    }

    /// What the machine waits for.
    pub fn expects(&self) -> &'static str {
        match self {
            Self::Client(machine) => machine.expects(),
            Self::Server(machine) => machine.expects(),
        }
    }

    /// Whether the handshake is complete.
    pub fn is_complete(&self) -> bool {
        match self {
            Self::Client(machine) => machine.is_complete(),
            Self::Server(machine) => machine.is_complete(),
        }
    }

    /// Sends a KeyUpdate, asking the peer to update too when `request_peer`, and moves to our
    /// next write key (TLS 1.3, once the handshake is complete).
    pub fn update_traffic_keys(
        &mut self,
        request_peer: bool,
        out: &mut Actions,
    ) -> Result<(), HandshakeError> {
        match self {
            Self::Client(machine) => machine.update_traffic_keys(request_peer, out),
            Self::Server(machine) => machine.update_traffic_keys(request_peer, out),
        }
    }

    /// What the handshake agreed on, once it is complete.
    pub fn negotiated(&self) -> Option<&Negotiated> {
        match self {
            Self::Client(machine) => machine.negotiated(),
            Self::Server(machine) => machine.negotiated(),
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
        match self {
            Self::Client(machine) => machine.export_keying_material(label, context, out),
            Self::Server(machine) => machine.export_keying_material(label, context, out),
        }
    }

    /// How the peer authenticated, once the handshake is complete.
    pub fn peer_auth(&self) -> Option<&PeerAuth> {
        match self {
            Self::Client(machine) => machine.peer_auth(),
            Self::Server(machine) => machine.peer_auth(),
        }
    }

    /// A client's session tickets, oldest first; none on a server.
    pub fn session_tickets(&self) -> Vec<&SessionTicket> {
        match self {
            Self::Client(machine) => machine.session_tickets(),
            Self::Server(_) => Vec::new(),
        }
    }
}
