//! `ExpectFinished`: the client's Finished (RFC 8446 §4.4.4), after which the client's
//! application keys take over.

use tls_keyschedule::tls13::finished::FinishedKey;
use tls_keyschedule::tls13::traffic::TrafficSecret;
use tls_keyschedule::transcript::Transcript;
use tls_wire::handshake::Finished;
use tls_wire::ids::SignatureScheme;

use super::new_session_ticket::{TicketContext, emit_new_session_tickets};
use super::{Agreed, Traffic};
use crate::action::{Action, Actions, Event, Level};
use crate::certificate_chain::CertificateChain;
use crate::config::{ServerConfig, SupportedCipherSuite};
use crate::error::HandshakeError;
use crate::finished::check_finished;
use crate::key_update::ApplicationSecrets;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use tls_keyschedule::tls13::exporter::ExporterMasterSecret;
use tls_keyschedule::tls13::schedule::MasterSecret;

/// Waiting for the client's Finished.
#[derive(Debug)]
pub(crate) struct ExpectFinished {
    pub(crate) agreed: Agreed,
    /// The scheme of our CertificateVerify; `None` when we resumed a ticket.
    pub(crate) scheme: Option<SignatureScheme>,
    pub(crate) client_finished_key: FinishedKey,
    pub(crate) client_application_traffic_secret: TrafficSecret,
    /// Ours, installed already, kept for KeyUpdate.
    pub(crate) server_application_traffic_secret: TrafficSecret,
    /// For exporters (`None` in a replay that set the traffic secrets).
    pub(crate) exporter: Option<ExporterMasterSecret>,
    /// For the tickets' resumption secret (`None` in such a replay: no tickets).
    pub(crate) master: Option<MasterSecret>,
    /// The client's certificates, once its CertificateVerify proved them (for the tickets).
    pub(crate) peer_certificates: CertificateChain,
    /// ClientHello … server Finished (and the client's Certificate and CertificateVerify,
    /// when we asked for them).
    pub(crate) transcript: Transcript,
    /// How the client authenticated: not asked, declined, or its proofs.
    pub(crate) peer_auth: PeerAuth,
}

impl ExpectFinished {
    /// RFC 8446 §4.4.4: checks the client's `verify_data` in constant time.
    pub(crate) fn handle_finished(
        mut self,
        finished: &Finished<'_>,
        raw: &[u8],
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<Traffic, HandshakeError> {
        let finished_verified =
            check_finished(&self.client_finished_key, &self.transcript, finished)?;
        self.transcript.add(raw);
        let suite = self.agreed.suite;
        let ticket_context = SupportedCipherSuite::from_id(suite.id).map(|cipher_suite| {
            (
                cipher_suite,
                self.agreed.server_name.clone(),
                self.agreed.alpn_protocol.clone(),
            )
        });
        let negotiated = self.agreed.negotiated(self.scheme);
        let secrets = ApplicationSecrets::new(
            suite,
            self.server_application_traffic_secret,
            self.client_application_traffic_secret.clone(),
            self.exporter,
        );
        out.push(Action::InstallReadKey {
            level: Level::Application,
            keys: RecordKeys::Tls13 {
                suite,
                secret: self.client_application_traffic_secret,
            },
        });
        out.push(Action::Event(Event::HandshakeComplete(negotiated.clone())));
        if let (Some(master), Some((cipher_suite, server_name, alpn_protocol))) =
            (&self.master, ticket_context)
        {
            let context = TicketContext {
                cipher_suite,
                server_name: server_name.as_deref(),
                alpn_protocol: alpn_protocol.as_deref(),
                peer_certificates: &self.peer_certificates,
            };
            emit_new_session_tickets(
                config,
                master,
                &self.transcript.current_hash(),
                &context,
                out,
            )?;
        }
        Ok(Traffic::new(
            negotiated,
            self.peer_auth,
            finished_verified,
            secrets,
        ))
    }
}
