//! The handshake is complete: application data flows both ways.

use tls_wire::handshake::{KeyUpdate, KeyUpdateRequest, NewSessionTicketTls13};

use crate::action::{Actions, Negotiated};
use crate::error::{ExportError, HandshakeError};
use crate::key_update::ApplicationSecrets;
use crate::proof::{FinishedVerified, PeerAuth};
use crate::ticket::{SessionTicket, Tickets};

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
    /// The tickets the server sent since.
    tickets: Tickets,
    /// The application traffic secrets, stepped by KeyUpdate.
    secrets: ApplicationSecrets,
}

impl Traffic {
    /// The state after the server's Finished, holding the proofs of the checks that led here.
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
            tickets: Tickets::default(),
            secrets,
        }
    }

    /// RFC 8446 §4.6.3: the server's KeyUpdate.
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

    /// RFC 8446 §4.6.1: a NewSessionTicket, at any time after the handshake: kept (the last
    /// [`MAX_KEPT_TICKETS`](crate::ticket::MAX_KEPT_TICKETS)) for resumption. Only a malformed
    /// `early_data` extension, the one a resumption would act on, is an error.
    pub(crate) fn handle_new_session_ticket(
        mut self,
        message: &NewSessionTicketTls13<'_>,
    ) -> Result<Self, HandshakeError> {
        self.tickets.keep(SessionTicket::of(message)?);
        Ok(self)
    }

    /// The tickets the server sent, oldest first.
    pub(crate) fn tickets(&self) -> impl Iterator<Item = &SessionTicket> {
        self.tickets.iter()
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

    /// How the server authenticated.
    pub(crate) fn peer_auth(&self) -> &PeerAuth {
        &self.peer_auth
    }
}
