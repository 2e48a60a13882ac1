//! The server's Finished (RFC 8446 §4.4.4), and our second flight: the client Finished.

use tls_wire::handshake::{
    CertificateEntryList, CertificateRequestContext, CertificateTls13, Finished, HandshakePayload,
};
use tls_wire::ids::{HandshakeType, ProtocolVersion, SignatureScheme};

use super::{Negotiation, Traffic};
use crate::action::{Action, Actions, Event, Level, Negotiated};
use crate::error::{HandshakeError, LocalError};
use crate::finished::{check_finished, finished_message};
use crate::key_update::ApplicationSecrets;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use crate::tls13_common::{TrafficSecrets, application_secrets, encode};

/// Waiting for the server's Finished; its chain and CertificateVerify verified.
#[derive(Debug)]
pub(crate) struct ExpectFinished {
    pub(crate) negotiation: Negotiation,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    pub(crate) signature_scheme: SignatureScheme,
    /// How the server authenticated: its chain and its signature.
    pub(crate) peer_auth: PeerAuth,
}

impl ExpectFinished {
    /// RFC 8446 §4.4.4: the server's Finished, then our second flight.
    ///
    /// Check (verify_data, in constant time) → transcript → derive the master secret and the
    /// application traffic secrets → emit the server's application key for reading, the
    /// compatibility change_cipher_spec, our handshake key for writing, our (empty)
    /// Certificate if the server asked for one, our Finished, our
    /// application key for writing, and `HandshakeComplete`.
    pub(crate) fn handle_finished(
        self,
        finished: &Finished<'_>,
        raw: &[u8],
        out: &mut Actions,
    ) -> Result<Traffic, HandshakeError> {
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
            certificate_requested,
        } = negotiation;
        let finished_verified = check_finished(
            &server_handshake_traffic_secret.derive_finished_key(),
            &transcript,
            finished,
        )?;
        transcript.add(raw);

        let TrafficSecrets {
            client: client_application_traffic_secret_0,
            server: server_application_traffic_secret_0,
        } = application_secrets(handshake_secret, &transcript.current_hash());
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2
        //# If the server requests client authentication but no
        //# suitable certificate is available, the client MUST send a Certificate
        //# message containing no certificates (i.e., with the "certificate_list"
        //# field having length 0).
        let client_certificate = if certificate_requested {
            let unencodable = || LocalError::UnencodableMessage {
                message: HandshakeType::CERTIFICATE,
            };
            let message = encode(HandshakePayload::CertificateTls13(CertificateTls13 {
                certificate_request_context: CertificateRequestContext::new(Vec::new())
                    .map_err(|_| unencodable())?,
                certificate_list: CertificateEntryList::new(Vec::new())
                    .map_err(|_| unencodable())?,
            }))?;
            transcript.add(&message);
            Some(message)
        } else {
            None
        };
        let client_finished = finished_message(
            &client_handshake_traffic_secret.derive_finished_key(),
            &transcript,
        )?;
        transcript.add(&client_finished);

        let secrets = ApplicationSecrets::new(
            suite,
            client_application_traffic_secret_0.clone(),
            server_application_traffic_secret_0.clone(),
        );
        out.push(Action::InstallReadKey {
            level: Level::Application,
            keys: RecordKeys::Tls13 {
                suite,
                secret: server_application_traffic_secret_0,
            },
        });
        //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.4
        //# If not offering early data, the client sends a dummy
        //# change_cipher_spec record (see the third paragraph of Section 5)
        //# immediately before its second flight.  This may either be before
        //# its second ClientHello or before its encrypted handshake flight.
        if offer.compat() {
            out.push(Action::SendChangeCipherSpec);
        }
        out.push(Action::InstallWriteKey {
            level: Level::Handshake,
            keys: RecordKeys::Tls13 {
                suite,
                secret: client_handshake_traffic_secret,
            },
        });
        if let Some(client_certificate) = client_certificate {
            out.send(Level::Handshake, client_certificate);
        }
        out.send(Level::Handshake, client_finished);
        out.push(Action::InstallWriteKey {
            level: Level::Application,
            keys: RecordKeys::Tls13 {
                suite,
                secret: client_application_traffic_secret_0,
            },
        });
        let negotiated = Negotiated {
            version: ProtocolVersion::TLSV1_3,
            cipher_suite: suite.id,
            group: Some(group),
            signature_scheme: Some(signature_scheme),
            alpn_protocol,
            server_name: offer.server_name,
            server_name_check_skipped: offer.server_name_check_skipped,
        };
        out.push(Action::Event(Event::HandshakeComplete(negotiated.clone())));
        Ok(Traffic::new(
            negotiated,
            peer_auth,
            finished_verified,
            secrets,
        ))
    }
}
