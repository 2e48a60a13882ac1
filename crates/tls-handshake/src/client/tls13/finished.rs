//! The server's Finished (RFC 8446 §4.4.4), which opens our second flight
//! (`second_flight.rs`).

use tls_wire::handshake::Finished;
use tls_wire::ids::SignatureScheme;

use super::Negotiation;
use super::second_flight::{AfterServerFinished, SecondFlight};
use crate::action::{Action, Actions, Event, Level};
use crate::client::early_data::end_of_early_data;
use crate::config::ClientConfig;
use crate::error::HandshakeError;
use crate::finished::check_finished;
use crate::key_log::HandshakeKeyLog;
use crate::key_update::ApplicationSecrets;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use crate::tls13_common::{ApplicationKeys, TrafficSecrets, application_secrets_in};

/// Waiting for the server's Finished; its chain and CertificateVerify verified.
#[derive(Debug)]
pub(crate) struct ExpectFinished {
    pub(crate) negotiation: Negotiation,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    /// The scheme of the server's CertificateVerify; `None` when it resumed our ticket.
    pub(crate) signature_scheme: Option<SignatureScheme>,
    /// How the server authenticated: its chain and its signature.
    pub(crate) peer_auth: PeerAuth,
}

impl ExpectFinished {
    /// RFC 8446 §4.4.4: the server's Finished, then our second flight.
    ///
    /// Check (verify_data, in constant time) → transcript → derive the master secret and the
    /// application traffic secrets (and log them) → install the server's application key for
    /// reading → our flight: at once, or after the choice of our certificate if the server
    /// asked for one.
    pub(crate) fn handle_finished(
        self,
        finished: &Finished<'_>,
        raw: &[u8],
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<AfterServerFinished, HandshakeError> {
        let Self {
            negotiation,
            alpn_protocol,
            signature_scheme,
            peer_auth,
        } = self;
        let Negotiation {
            offer,
            suite,
            group,
            mut transcript,
            handshake_secret,
            client_handshake_traffic_secret,
            server_handshake_traffic_secret,
            certificate_request,
            server_certificates,
            resumed,
        } = negotiation;
        let finished_verified = check_finished(
            &server_handshake_traffic_secret.derive_finished_key(),
            &transcript,
            finished,
        )?;
        // A resumed handshake proves the server by the ticket's PSK: its certificates are
        // the ones of the handshake that made the ticket.
        let server_certificates = match (resumed, &offer.psk) {
            (true, Some(psk)) => {
                let chain = psk.session.peer_certificates.clone();
                out.push(Action::Event(Event::PeerCertificates(chain.clone())));
                chain
            }
            _ => server_certificates,
        };
        transcript.add(raw);
        // Made before the secrets, so that nothing fails once they are logged.
        let end_of_early_data = end_of_early_data(&offer)?;

        let keys = application_secrets_in(
            config.wire_profile(),
            suite.hash,
            handshake_secret,
            &transcript.current_hash(),
        );
        HandshakeKeyLog::new(config.key_log().as_ref(), &offer.random).application_secrets(&keys);
        let ApplicationKeys {
            traffic:
                TrafficSecrets {
                    client: client_application_traffic_secret_0,
                    server: server_application_traffic_secret_0,
                },
            exporter,
            master,
        } = keys;
        let secrets = ApplicationSecrets::new(
            suite,
            client_application_traffic_secret_0.clone(),
            server_application_traffic_secret_0.clone(),
            exporter,
        );
        // Our EndOfEarlyData follows the server's Finished in the transcript.
        if let Some(message) = &end_of_early_data {
            transcript.add(message);
        }
        out.push(Action::InstallReadKey {
            level: Level::Application,
            keys: RecordKeys::Tls13 {
                suite,
                secret: server_application_traffic_secret_0,
            },
        });
        SecondFlight {
            end_of_early_data,
            offer,
            suite,
            group,
            transcript,
            client_handshake_traffic_secret,
            client_application_traffic_secret: client_application_traffic_secret_0,
            secrets,
            alpn_protocol,
            signature_scheme,
            peer_auth,
            finished_verified,
            master,
            server_certificates,
            resumed,
        }
        .start(certificate_request, out)
    }
}
