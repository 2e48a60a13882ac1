//! The completed TLS 1.2 server handshake: what it agreed on and the proofs that led here.

use crate::action::Negotiated;
use crate::proof::{FinishedVerified, PeerAuth};

/// The handshake is complete. It cannot be reached without the client's Finished and how it
/// authenticated: [`Traffic::new`] takes both.
#[derive(Debug)]
pub(crate) struct Traffic {
    negotiated: Negotiated,
    peer_auth: PeerAuth,
    _finished: FinishedVerified,
}

impl Traffic {
    /// The state after the client's Finished, holding the proofs of the checks that led here.
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

    /// What the handshake agreed on.
    pub(crate) fn negotiated(&self) -> &Negotiated {
        &self.negotiated
    }

    /// How the client authenticated.
    pub(crate) fn peer_auth(&self) -> &PeerAuth {
        &self.peer_auth
    }
}
