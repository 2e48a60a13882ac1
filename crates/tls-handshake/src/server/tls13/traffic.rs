//! `Traffic`: the handshake is complete; application data flows both ways.

use tls_wire::handshake::{KeyUpdate, KeyUpdateRequest};

use crate::action::{Actions, Negotiated};
use crate::error::{ExportError, HandshakeError};
use crate::key_update::ApplicationSecrets;
use crate::proof::{FinishedVerified, PeerAuth};

/// The handshake is over. It cannot be reached without the client's Finished and a verdict on
/// how the client authenticated: [`Traffic::new`] takes both proofs. KeyUpdate is the one
/// handshake message it takes.
#[derive(Debug)]
pub(crate) struct Traffic {
    /// What the handshake agreed on.
    negotiated: Negotiated,
    /// How the client authenticated.
    peer_auth: PeerAuth,
    /// The client's Finished was checked.
    _finished: FinishedVerified,
    /// The application traffic secrets, stepped by KeyUpdate.
    secrets: ApplicationSecrets,
}

impl Traffic {
    /// The state after the client's Finished, holding the proofs of the checks that led here.
    pub(crate) fn new(
        negotiated: Negotiated,
        peer_auth: PeerAuth,
        finished: FinishedVerified,
        secrets: ApplicationSecrets,
    ) -> Self {
        Self {
            negotiated,
            peer_auth,
            _finished: finished,
            secrets,
        }
    }

    /// RFC 8446 §4.6.3: the client's KeyUpdate.
    pub(crate) fn handle_key_update(&mut self, key_update: &KeyUpdate, out: &mut Actions) {
        self.secrets.handle_key_update(key_update, out);
    }

    /// Sends our KeyUpdate and moves to our next write key.
    pub(crate) fn emit_key_update(
        &mut self,
        request_update: KeyUpdateRequest,
        out: &mut Actions,
    ) -> Result<(), HandshakeError> {
        self.secrets.emit_key_update(request_update, out)
    }

    /// RFC 8446 §7.5: keying material for `label` and `context` into `out`.
    pub(crate) fn export_keying_material(
        &self,
        label: &[u8],
        context: Option<&[u8]>,
        out: &mut [u8],
    ) -> Result<(), ExportError> {
        self.secrets.export_keying_material(label, context, out)
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
