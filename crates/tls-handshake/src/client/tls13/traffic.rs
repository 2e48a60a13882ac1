//! The handshake is complete: application data flows both ways.

use crate::action::Negotiated;
use crate::proof::CertificateVerified;

/// The handshake is complete.
#[derive(Debug)]
pub(in crate::client) struct Traffic {
    /// What the handshake agreed on.
    pub(super) negotiated: Negotiated,
    /// Who accepted the server's chain.
    pub(super) certificate_verified: CertificateVerified,
}

impl Traffic {
    /// RFC 8446 §4.6.1: a NewSessionTicket. We do not resume sessions yet, so the ticket is
    /// dropped; the RFC lets a client ignore tickets.
    pub(in crate::client) fn handle_new_session_ticket(self) -> Self {
        self
    }

    /// What the handshake agreed on.
    pub(in crate::client) fn negotiated(&self) -> &Negotiated {
        &self.negotiated
    }

    /// Who accepted the server's chain.
    pub(in crate::client) fn certificate_verified(&self) -> CertificateVerified {
        self.certificate_verified
    }
}
