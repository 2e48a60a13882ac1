//! The handshake is complete: application data flows both ways.

use tls_wire::handshake::{KeyUpdate, KeyUpdateRequest, NewSessionTicketTls13};

use crate::action::{Actions, Negotiated};
use crate::certificate_chain::CertificateChain;
use crate::client::client_session_key;
use crate::config::{ClientConfig, SupportedCipherSuite};
use crate::error::{ExportError, HandshakeError};
use crate::key_update::ApplicationSecrets;
use crate::proof::{FinishedVerified, PeerAuth};
use crate::ticket::{SessionTicket, Tickets};
use crate::ticketer::MAX_TICKET_LIFETIME_SECS;
use crate::tls13_session::{Tls13SessionParts, keep_ticket};
use tls_keyschedule::tls13::schedule::ResumptionMasterSecret;
use tls_pki::name::ServerName;

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
    /// What the server's tickets resume (`None` in a replay that set the traffic secrets).
    resumption: Option<Resumption>,
}

/// What each ticket the server sends resumes: its PSK derives from the secret.
#[derive(Debug)]
pub(crate) struct Resumption {
    pub(crate) secret: ResumptionMasterSecret,
    pub(crate) cipher_suite: SupportedCipherSuite,
    pub(crate) server_certificates: CertificateChain,
}

impl Traffic {
    /// The state after the server's Finished, holding the proofs of the checks that led here.
    pub(crate) fn new(
        negotiated: Negotiated,
        peer_auth: PeerAuth,
        finished: FinishedVerified,
        secrets: ApplicationSecrets,
        resumption: Option<Resumption>,
    ) -> Self {
        Self {
            negotiated,
            peer_auth,
            _finished: finished,
            tickets: Tickets::default(),
            secrets,
            resumption,
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
        config: &ClientConfig,
        name: &ServerName,
    ) -> Result<Self, HandshakeError> {
        let ticket = SessionTicket::of(message)?;
        if let (Some(store), Some(resumption)) = (config.session_store(), &self.resumption)
            && ticket.lifetime_secs > 0
        {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.1
            //# Clients MUST NOT cache
            //# tickets for longer than 7 days, regardless of the ticket_lifetime,
            //# and MAY delete tickets earlier based on local policy.
            let psk = resumption.secret.derive_psk(&message.ticket_nonce);
            let session = Tls13SessionParts {
                cipher_suite: resumption.cipher_suite,
                psk: &psk,
                created: config.clock().now().as_secs(),
                lifetime_secs: ticket.lifetime_secs.min(MAX_TICKET_LIFETIME_SECS),
                age_add: ticket.age_add,
                max_early_data_size: ticket.max_early_data_size.unwrap_or_default(),
                server_name: self.negotiated.server_name.as_deref(),
                alpn_protocol: self.negotiated.alpn_protocol.as_deref(),
                peer_certificates: &resumption.server_certificates,
            };
            keep_ticket(
                store.as_ref(),
                &client_session_key(name),
                &ticket.ticket,
                &session,
            );
        }
        self.tickets.keep(ticket);
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
