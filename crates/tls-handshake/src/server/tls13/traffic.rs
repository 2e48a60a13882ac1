//! `Traffic`: the handshake is complete; application data flows both ways.

use crate::action::Negotiated;
use crate::proof::{FinishedVerified, PeerAuth};

/// The handshake is over. It cannot be reached without the client's Finished and a verdict on
/// how the client authenticated: [`Traffic::new`] takes both proofs. Post-handshake messages
/// (KeyUpdate) are not handled yet: any handshake message here is unexpected.
#[derive(Debug)]
pub(crate) struct Traffic {
    /// What the handshake agreed on.
    negotiated: Negotiated,
    /// How the client authenticated.
    peer_auth: PeerAuth,
    /// The client's Finished was checked.
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
