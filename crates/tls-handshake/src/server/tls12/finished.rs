//! The client's Finished and ours (RFC 5246 §7.4.9): its verify_data checked in constant time,
//! then our ChangeCipherSpec, write key and Finished, and the handshake is complete.

use std::borrow::Cow;

use tls_keyschedule::Transcript;
use tls_keyschedule::tls12::{MasterSecret, WriteKeys};
use tls_wire::handshake::{Finished, HandshakePayload};
use tls_wire::ids::ProtocolVersion;

use super::Traffic;
use super::new_session_ticket::emit_new_session_ticket;
use super::server_hello::Agreed;
use crate::action::{Action, Actions, Event, Level, Negotiated};
use crate::certificate_chain::CertificateChain;
use crate::config::ServerConfig;
use crate::error::HandshakeError;
use crate::finished::check_tls12_finished;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use crate::session::SessionToStore;
use crate::tls12_common::SessionSecrets;
use crate::tls13_common::encode;

/// Waiting for the client's Finished, under its new write key.
#[derive(Debug)]
pub(crate) struct ExpectFinished {
    pub(crate) agreed: Agreed,
    /// ClientHello … ClientKeyExchange.
    pub(crate) transcript: Transcript,
    pub(crate) peer_auth: PeerAuth,
    pub(crate) peer_certificates: CertificateChain,
    pub(crate) master_secret: MasterSecret,
    pub(crate) server_write: WriteKeys,
}

impl ExpectFinished {
    /// RFC 5246 §7.4.9: check the client's Finished, send ours; the session is stored for
    /// resumption.
    pub(crate) fn handle_finished(
        self,
        finished: &Finished<'_>,
        raw: &[u8],
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<Traffic, HandshakeError> {
        let Self {
            agreed,
            mut transcript,
            peer_auth,
            peer_certificates,
            master_secret,
            server_write,
        } = self;
        let expected = master_secret.derive_client_verify_data(&transcript.current_hash());
        let finished_verified = check_tls12_finished(&expected, finished)?;
        transcript.add(raw);
        let created = config.clock().now().as_secs();
        let new_session_ticket = if agreed.issue_ticket {
            let parts = SessionToStore {
                cipher_suite: agreed.cipher_suite,
                master_secret: &master_secret,
                server_name: agreed.server_name.as_deref(),
                peer_certificates: &peer_certificates,
                created,
            };
            Some(emit_new_session_ticket(config, &parts, &mut transcript)?)
        } else {
            None
        };
        let verify_data = master_secret.derive_server_verify_data(&transcript.current_hash());
        let ours = encode(HandshakePayload::Finished(Finished {
            verify_data: Cow::Borrowed(verify_data.as_bytes()),
        }))?;
        //= https://www.rfc-editor.org/rfc/rfc5077#section-3.3
        //# This message is sent by the server during the TLS handshake before the
        //# ChangeCipherSpec message.
        if let Some(message) = new_session_ticket {
            out.send(Level::Initial, message);
        }
        out.push(Action::SendChangeCipherSpec);
        out.push(Action::InstallWriteKey {
            level: Level::Application,
            keys: RecordKeys::Tls12 {
                suite: agreed.suite,
                keys: server_write,
            },
        });
        out.send(Level::Application, ours);
        let negotiated = Negotiated {
            version: ProtocolVersion::TLSV1_2,
            cipher_suite: agreed.suite.id,
            group: Some(agreed.group),
            signature_scheme: Some(agreed.scheme),
            alpn_protocol: agreed.alpn_protocol,
            server_name: agreed.server_name,
            server_name_check_skipped: false,
            resumed: false,
        };
        out.push(Action::Event(Event::HandshakeComplete(negotiated.clone())));
        //= https://www.rfc-editor.org/rfc/rfc7627#section-5.4
        //# If a client or server chooses to continue an abbreviated handshake to
        //# resume a session that does not use the extended master secret, then
        //# the current connection becomes vulnerable to a man-in-the-middle
        //# handshake log synchronization attack as described in Section 1.
        //
        // So only sessions with it are kept.
        if let (Some(store), Some(session_id)) = (config.session_store(), agreed.session_id)
            && agreed.extended_master_secret
        {
            let session = SessionToStore {
                cipher_suite: agreed.cipher_suite,
                master_secret: &master_secret,
                server_name: negotiated.server_name.as_deref(),
                peer_certificates: &peer_certificates,
                created,
            };
            store.put(&session_id, session.encode(None, None));
        }
        let secrets = SessionSecrets {
            master_secret,
            randoms: agreed.randoms,
            extended_master_secret: agreed.extended_master_secret,
        };
        Ok(Traffic::new(
            negotiated,
            peer_auth,
            finished_verified,
            secrets,
        ))
    }
}
