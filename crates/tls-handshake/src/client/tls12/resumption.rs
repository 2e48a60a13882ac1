//! The abbreviated handshake on the client (RFC 5246 §7.3, §7.4.1.3; RFC 7627 §5.3): our
//! ClientHello offers the id of the session stored for this server; a ServerHello that echoes
//! it resumes that session.
//!
//! ```text
//!       Client                                                Server
//!
//!       ClientHello (stored session id)  -------->
//!                                                     ServerHello (same id, same suite)
//!       ExpectResumedChangeCipherSpec                [ChangeCipherSpec]
//!       ExpectResumedFinished            <--------             Finished
//!       [ChangeCipherSpec]
//!       Finished                         -------->
//!       Application Data                 <------->     Application Data   Traffic
//! ```
//!
//! Sessions are stored under the name we connect to, only when made with the extended master
//! secret, and offered only while fresh and with a suite we still enable. A full handshake
//! replaces the stored session with its own (or forgets it, if the server gave none).

use std::borrow::Cow;

use tls_keyschedule::Transcript;
use tls_keyschedule::tls12::{Randoms, WriteKeys};
use tls_pki::name::ServerName;
use tls_wire::handshake::{Finished, HandshakePayload, NewSessionTicketTls12};
use tls_wire::ids::ProtocolVersion;

use super::Traffic;
use crate::action::{Action, Actions, Event, Level, Negotiated};
use crate::client::client_session_key;
use crate::client::offer::Offer;
use crate::config::{ClientConfig, SupportedCipherSuite, SupportedVersion};
use crate::error::{HandshakeError, PeerMisbehaved};
use crate::finished::check_tls12_finished;
use crate::key_log::{HandshakeKeyLog, KeyLog};
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use crate::session::{ClientEntry, SessionToStore, Tls12Session};
use crate::tls12_common::SessionSecrets;
use crate::tls13_common::encode;

/// The session stored for `server_name`, and its id, if we may offer it: TLS 1.2 enabled, our
/// own ClientHello (not a replayed one), fresh, and of a suite we enable. A stored entry that
/// is stale or unreadable is forgotten.
pub(crate) fn stored_session(
    config: &ClientConfig,
    server_name: &ServerName,
) -> Option<ClientEntry> {
    let store = config.session_store()?;
    if !config.versions().contains(&SupportedVersion::Tls12)
        || config.wire_profile().recorded_client_hello().is_some()
    {
        return None;
    }
    let key = client_session_key(server_name);
    let bytes = store.get(&key)?;
    let stored = Tls12Session::decode_client_entry(&bytes).filter(|entry| {
        entry.session.is_fresh(config.clock().now())
            && config.cipher_suites().contains(&entry.session.cipher_suite)
    });
    if stored.is_none() {
        store.remove(&key);
    }
    stored
}

/// Stores the session of a completed handshake under the name we connected to, if the server
/// gave it an id or a ticket (RFC 5077) and it has the extended master secret; otherwise
/// forgets the one we offered, which the server did not resume.
pub(crate) fn store_session(
    config: &ClientConfig,
    name: &ServerName,
    offered: bool,
    (session_id, ticket): (&[u8], Option<&[u8]>),
    extended_master_secret: bool,
    session: SessionToStore<'_>,
) {
    let Some(store) = config.session_store() else {
        return;
    };
    let key = client_session_key(name);
    let key = key.as_ref();
    //= https://www.rfc-editor.org/rfc/rfc7627#section-5.4
    //# If a client or server chooses to continue an abbreviated handshake to
    //# resume a session that does not use the extended master secret, then
    //# the current connection becomes vulnerable to a man-in-the-middle
    //# handshake log synchronization attack as described in Section 1.
    let resumable = !session_id.is_empty() || ticket.is_some_and(|ticket| !ticket.is_empty());
    if !resumable || !extended_master_secret {
        if offered {
            store.remove(key);
        }
        return;
    }
    store.put(key, session.encode(Some(session_id), ticket));
}

/// Waiting for the server's ChangeCipherSpec in an abbreviated handshake.
#[derive(Debug)]
pub(crate) struct ExpectResumedChangeCipherSpec {
    resumed: Resumed,
    server_write: WriteKeys,
}

/// Waiting for the server's Finished, under its write key.
#[derive(Debug)]
pub(crate) struct ExpectResumedFinished {
    resumed: Resumed,
}

/// What the abbreviated handshake carries to its end.
#[derive(Debug)]
struct Resumed {
    offer: Offer,
    session: Tls12Session,
    randoms: Randoms,
    alpn_protocol: Option<Vec<u8>>,
    /// ClientHello, ServerHello (and then the server's NewSessionTicket and Finished).
    transcript: Transcript,
    client_write: WriteKeys,
    /// Whether the ServerHello promised a new ticket (RFC 5077 §3.2), and the ticket once it
    /// came.
    ticket_promised: bool,
    ticket: Option<Vec<u8>>,
}

/// RFC 5246 §7.3: the server echoed the session id we offered. The session it names must be
/// the one we stored, resumed with its suite and its extended master secret; then keys from
/// its master secret (logged to `key_log` under the new client random) and the new randoms.
#[expect(
    clippy::too_many_arguments,
    reason = "what the ServerHello step checked, handed on as it is"
)]
pub(crate) fn resume(
    mut offer: Offer,
    cipher_suite: SupportedCipherSuite,
    extended_master_secret: bool,
    alpn_protocol: Option<Vec<u8>>,
    randoms: Randoms,
    (client_hello, server_hello): (&[u8], &[u8]),
    ticket_promised: bool,
    key_log: &dyn KeyLog,
) -> Result<ExpectResumedChangeCipherSpec, HandshakeError> {
    let session = offer
        .resuming
        .take()
        .ok_or(PeerMisbehaved::ResumedUnofferedSession)?;
    //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.3
    //# For resumed sessions, this field is the value from the state of the
    //# session being resumed.
    if cipher_suite != session.cipher_suite {
        return Err(PeerMisbehaved::ResumedWithOtherCipherSuite {
            suite: cipher_suite.id(),
        }
        .into());
    }
    //= https://www.rfc-editor.org/rfc/rfc7627#section-5.3
    //# o  If the original session used the extension but the new ServerHello
    //#    does not contain the extension, the client MUST abort the
    //#    handshake.
    if !extended_master_secret {
        return Err(PeerMisbehaved::ResumedWithoutExtendedMasterSecret.into());
    }
    let suite = cipher_suite.suite();
    let mut transcript = Transcript::new(suite.hash);
    transcript.add(client_hello);
    transcript.add(server_hello);
    let key_block = session.master_secret.derive_key_block(suite.aead, &randoms);
    HandshakeKeyLog::new(key_log, &randoms.client_random).master_secret(&session.master_secret);
    Ok(ExpectResumedChangeCipherSpec {
        resumed: Resumed {
            offer,
            session,
            randoms,
            alpn_protocol,
            transcript,
            client_write: key_block.client_write,
            ticket_promised,
            ticket: None,
        },
        server_write: key_block.server_write,
    })
}

impl ExpectResumedChangeCipherSpec {
    /// Whether a NewSessionTicket the ServerHello promised is still to come: it precedes the
    /// ChangeCipherSpec.
    pub(crate) fn expects_ticket(&self) -> bool {
        self.resumed.ticket_promised && self.resumed.ticket.is_none()
    }

    /// RFC 5077 §3.3: the new ticket for the session, in the transcript the server's Finished
    /// covers.
    pub(crate) fn handle_new_session_ticket(
        mut self,
        new_session_ticket: &NewSessionTicketTls12<'_>,
        raw: &[u8],
    ) -> Self {
        self.resumed.transcript.add(raw);
        self.resumed.ticket = Some(new_session_ticket.ticket.as_slice().to_vec());
        self
    }

    /// RFC 5246 §7.1: the server's records are protected from the next one on.
    pub(crate) fn handle_change_cipher_spec(self, out: &mut Actions) -> ExpectResumedFinished {
        out.push(Action::InstallReadKey {
            level: Level::Application,
            keys: RecordKeys::Tls12 {
                suite: self.resumed.session.cipher_suite.suite(),
                keys: self.server_write,
            },
        });
        ExpectResumedFinished {
            resumed: self.resumed,
        }
    }
}

impl ExpectResumedFinished {
    /// RFC 5246 §7.4.9: the server's Finished, in constant time (it proves the server holds
    /// the session's master secret); then our ChangeCipherSpec and Finished, and the handshake
    /// is complete.
    pub(crate) fn handle_finished(
        self,
        finished: &Finished<'_>,
        raw: &[u8],
        config: &ClientConfig,
        name: &ServerName,
        out: &mut Actions,
    ) -> Result<Traffic, HandshakeError> {
        let Resumed {
            offer,
            session,
            randoms,
            alpn_protocol,
            mut transcript,
            client_write,
            ticket,
            ..
        } = self.resumed;
        let master_secret = &session.master_secret;
        let expected = master_secret.derive_server_verify_data(&transcript.current_hash());
        let finished_verified = check_tls12_finished(&expected, finished)?;
        transcript.add(raw);
        let verify_data = master_secret.derive_client_verify_data(&transcript.current_hash());
        let ours = encode(HandshakePayload::Finished(Finished {
            verify_data: Cow::Borrowed(verify_data.as_bytes()),
        }))?;
        let suite = session.cipher_suite.suite();
        out.push(Action::SendChangeCipherSpec);
        out.push(Action::InstallWriteKey {
            level: Level::Application,
            keys: RecordKeys::Tls12 {
                suite,
                keys: client_write,
            },
        });
        out.send(Level::Application, ours);
        let negotiated = Negotiated {
            version: ProtocolVersion::TLSV1_2,
            cipher_suite: suite.id,
            group: None,
            signature_scheme: None,
            alpn_protocol,
            server_name: offer.server_name,
            server_name_check_skipped: offer.server_name_check_skipped,
            resumed: true,
        };
        // A new ticket replaces the one used; the session is the same.
        if let Some(ticket) = &ticket {
            let parts = session.parts();
            store_session(config, name, true, (&[], Some(ticket)), true, parts);
        }
        out.push(Action::Event(Event::PeerCertificates(
            session.peer_certificates.into(),
        )));
        out.push(Action::Event(Event::HandshakeComplete(negotiated.clone())));
        Ok(Traffic::new(
            negotiated,
            PeerAuth::Resumed { certificate: true },
            finished_verified,
            SessionSecrets {
                master_secret: session.master_secret,
                randoms,
                extended_master_secret: true,
            },
        ))
    }
}
