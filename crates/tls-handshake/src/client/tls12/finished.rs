//! The server's ChangeCipherSpec and Finished (RFC 5246 §7.1, §7.4.9): its write key from the
//! next record on, then its verify_data over every handshake message before it.

use tls_keyschedule::tls12::{MasterSecret, WriteKeys};
use tls_wire::handshake::Finished;
use tls_wire::ids::{NamedGroup, ProtocolVersion, SignatureScheme};

use super::resumption::store_session;
use super::{Negotiation, Traffic};
use crate::action::{Action, Actions, Event, Level, Negotiated};
use crate::config::ClientConfig;
use crate::error::HandshakeError;
use crate::finished::check_tls12_finished;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use crate::session::SessionToStore;
use crate::tls12_common::SessionSecrets;
use tls_pki::name::ServerName;

/// Waiting for the server's ChangeCipherSpec; our Finished is out.
#[derive(Debug)]
pub(crate) struct ExpectChangeCipherSpec {
    pub(crate) negotiation: Negotiation,
    pub(crate) group: NamedGroup,
    pub(crate) signature_scheme: SignatureScheme,
    pub(crate) peer_auth: PeerAuth,
    pub(crate) master_secret: MasterSecret,
    /// The server's write key and IV: our read key once its ChangeCipherSpec arrives.
    pub(crate) server_write: WriteKeys,
}

/// Waiting for the server's Finished, protected under its new write key.
#[derive(Debug)]
pub(crate) struct ExpectFinished {
    negotiation: Negotiation,
    group: NamedGroup,
    signature_scheme: SignatureScheme,
    peer_auth: PeerAuth,
    master_secret: MasterSecret,
}

impl ExpectChangeCipherSpec {
    /// RFC 5246 §7.1: records from the server are protected from the next one on.
    pub(crate) fn handle_change_cipher_spec(self, out: &mut Actions) -> ExpectFinished {
        let Self {
            negotiation,
            group,
            signature_scheme,
            peer_auth,
            master_secret,
            server_write,
        } = self;
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.1
        //# Reception of this message causes the receiver to instruct the record layer to
        //# immediately copy the read pending state into the read current state.
        out.push(Action::InstallReadKey {
            level: Level::Application,
            keys: RecordKeys::Tls12 {
                suite: negotiation.suite,
                keys: server_write,
            },
        });
        ExpectFinished {
            negotiation,
            group,
            signature_scheme,
            peer_auth,
            master_secret,
        }
    }
}

impl ExpectFinished {
    /// RFC 5246 §7.4.9: the server's Finished, checked in constant time; the handshake is
    /// complete.
    pub(crate) fn handle_finished(
        self,
        finished: &Finished<'_>,
        config: &ClientConfig,
        name: &ServerName,
        out: &mut Actions,
    ) -> Result<Traffic, HandshakeError> {
        let Self {
            negotiation,
            group,
            signature_scheme,
            peer_auth,
            master_secret,
        } = self;
        let expected =
            master_secret.derive_server_verify_data(&negotiation.transcript.current_hash());
        let finished_verified = check_tls12_finished(&expected, finished)?;
        let offer = &negotiation.offer;
        let negotiated = Negotiated {
            version: ProtocolVersion::TLSV1_2,
            cipher_suite: negotiation.suite.id,
            group: Some(group),
            signature_scheme: Some(signature_scheme),
            alpn_protocol: negotiation.alpn_protocol.clone(),
            server_name: offer.server_name.clone(),
            server_name_check_skipped: offer.server_name_check_skipped,
            resumed: false,
        };
        out.push(Action::Event(Event::HandshakeComplete(negotiated.clone())));
        let session = SessionToStore {
            cipher_suite: negotiation.cipher_suite,
            master_secret: &master_secret,
            server_name: offer.server_name.as_deref(),
            peer_certificates: &negotiation.server_certificates,
            created: config.clock().now().as_secs(),
        };
        store_session(
            config,
            name,
            offer.resuming.is_some(),
            (
                negotiation.session_id.as_slice(),
                negotiation.ticket.as_deref(),
            ),
            negotiation.extended_master_secret,
            session,
        );
        let secrets = SessionSecrets {
            master_secret,
            randoms: negotiation.randoms,
            extended_master_secret: negotiation.extended_master_secret,
        };
        Ok(Traffic::new(
            negotiated,
            peer_auth,
            finished_verified,
            secrets,
        ))
    }
}
