//! `ExpectFinished`: the client's Finished (RFC 8446 §4.4.4), after which the client's
//! application keys take over.

use tls_keyschedule::tls13::finished::FinishedKey;
use tls_keyschedule::tls13::traffic::TrafficSecret;
use tls_keyschedule::transcript::Transcript;
use tls_wire::handshake::Finished;
use tls_wire::ids::SignatureScheme;

use super::{Agreed, Traffic};
use crate::action::{Action, Actions, Event, Level};
use crate::error::HandshakeError;
use crate::finished::check_finished;
use crate::key_update::ApplicationSecrets;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use tls_keyschedule::tls13::exporter::ExporterMasterSecret;

/// Waiting for the client's Finished.
#[derive(Debug)]
pub(crate) struct ExpectFinished {
    pub(crate) agreed: Agreed,
    pub(crate) scheme: SignatureScheme,
    pub(crate) client_finished_key: FinishedKey,
    pub(crate) client_application_traffic_secret: TrafficSecret,
    /// Ours, installed already, kept for KeyUpdate.
    pub(crate) server_application_traffic_secret: TrafficSecret,
    /// For exporters (`None` in a replay that set the traffic secrets).
    pub(crate) exporter: Option<ExporterMasterSecret>,
    /// ClientHello … server Finished (and the client's Certificate and CertificateVerify,
    /// when we asked for them).
    pub(crate) transcript: Transcript,
    /// How the client authenticated: not asked, declined, or its proofs.
    pub(crate) peer_auth: PeerAuth,
}

impl ExpectFinished {
    /// RFC 8446 §4.4.4: checks the client's `verify_data` in constant time.
    pub(crate) fn handle_finished(
        self,
        finished: &Finished<'_>,
        out: &mut Actions,
    ) -> Result<Traffic, HandshakeError> {
        let finished_verified =
            check_finished(&self.client_finished_key, &self.transcript, finished)?;

        // No transcript beyond this point: we derive no resumption secret yet.
        let suite = self.agreed.suite;
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
        Ok(Traffic::new(
            negotiated,
            self.peer_auth,
            finished_verified,
            secrets,
        ))
    }
}
