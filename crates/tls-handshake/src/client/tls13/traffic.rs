//! The handshake is complete: application data flows both ways.

use crate::action::Negotiated;
use crate::proof::{FinishedVerified, PeerAuth};

/// The handshake is complete. It cannot be reached without the server's authentication and its
/// Finished: [`Traffic::new`] takes both proofs.
#[derive(Debug)]
pub(crate) struct Traffic {
    /// What the handshake agreed on.
    negotiated: Negotiated,
    /// How the server authenticated.
    peer_auth: PeerAuth,
    /// The server's Finished was checked.
    _finished: FinishedVerified,
}

impl Traffic {
    /// The state after the server's Finished, holding the proofs of the checks that led here.
    pub(crate) fn new(
        negotiated: Negotiated,
        peer_auth: PeerAuth,
        finished: FinishedVerified,
    ) -> Self {
        Self {
            negotiated,
            peer_auth,
            _finished: finished,
        }
    }

    /// RFC 8446 §4.6.1: a NewSessionTicket. We do not resume sessions yet, so the ticket is
    /// dropped; the RFC lets a client ignore tickets.
    pub(crate) fn handle_new_session_ticket(self) -> Self {
        self
    }

    /// What the handshake agreed on.
    pub(crate) fn negotiated(&self) -> &Negotiated {
        &self.negotiated
    }

    /// How the server authenticated.
    pub(crate) fn peer_auth(&self) -> &PeerAuth {
        &self.peer_auth
    }
}
