//! The abbreviated handshake on the server (RFC 5246 §7.3, §7.4.1.2; RFC 7627 §5.3): a
//! ClientHello offering the id of a session we stored is answered from that session.
//!
//! ```text
//!       Client                                                Server
//!
//!       ClientHello (session id)     -------->  find_session ─▶ resume
//!                                                     ServerHello (same id, suite)
//!                                              [ChangeCipherSpec]
//!                                    <--------             Finished
//!       [ChangeCipherSpec]                                     ExpectResumedChangeCipherSpec
//!       Finished                     -------->                 ExpectResumedFinished
//!       Application Data             <------->     Application Data Traffic
//! ```
//!
//! A session is resumed only when nothing it was made under has changed: the version (only
//! TLS 1.2 sessions are stored), a suite the client offers and we enable, the extended master
//! secret on both sides, the same server name, a client certificate if we now require one, and
//! within its lifetime. Anything else is a full handshake, never an error.

use std::borrow::Cow;

use tls_keyschedule::Transcript;
use tls_keyschedule::tls12::{MasterSecret, Randoms, WriteKeys};
use tls_wire::handshake::{ClientHello, Finished, HandshakePayload};
use tls_wire::ids::ProtocolVersion;

use super::Traffic;
use super::new_session_ticket::emit_new_session_ticket;
use super::server_hello::{AwaitCertificate, server_random};
use crate::action::{Action, Actions, Event, Level, Negotiated};
use crate::config::{ClientAuth, ServerConfig, SupportedCipherSuite};
use crate::error::HandshakeError;
use crate::finished::check_tls12_finished;
use crate::key_log::HandshakeKeyLog;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use crate::server::ticket_opener::TicketOpener;
use crate::session::Tls12Session;
use crate::tls12_common::SessionSecrets;
use crate::tls13_common::encode;

/// The session `hello` offers, if it may be resumed now: by its ticket (RFC 5077), sealed by
/// our ticketer, or by its id, in our session store.
///
/// `cipher_suites` are our TLS 1.2 suites the client offered; `extended_master_secret` and
/// `server_name` are what this ClientHello sent.
pub(crate) fn find_session(
    hello: &ClientHello<'_>,
    config: &ServerConfig,
    opener: &TicketOpener<'_>,
    cipher_suites: &[SupportedCipherSuite],
    extended_master_secret: bool,
    server_name: Option<&str>,
) -> Option<Tls12Session> {
    let id = hello.legacy_session_id.as_slice();
    if id.is_empty() {
        // Without an id to echo, the client could not tell a resumption from a full
        // handshake (RFC 5077 §3.4): a full one.
        return None;
    }
    let ticket = hello
        .extensions
        .as_ref()
        .and_then(|block| block.session_ticket().ok().flatten())
        .filter(|ticket| !ticket.as_slice().is_empty());
    let state = match (ticket, config.ticketer(), config.session_store()) {
        (Some(ticket), Some(_), _) => opener.open(config, ticket.as_slice())?,
        (None, _, Some(store)) => store.get(id)?,
        _ => return None,
    };
    let session = Tls12Session::decode(&state)?;
    //= https://www.rfc-editor.org/rfc/rfc7627#section-5.3
    //# o  If the original session used the "extended_master_secret"
    //#    extension but the new ClientHello does not contain it, the server
    //#    MUST abort the abbreviated handshake.
    //
    // Every stored session used it; without it in this hello, a full handshake.
    let fresh = session.is_fresh(config.clock().now());
    //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.2
    //# If the session_id field is not empty (implying a session
    //# resumption request), this vector MUST include at least the
    //# cipher_suite from that session.
    let suite_offered = cipher_suites.contains(&session.cipher_suite);
    //= https://www.rfc-editor.org/rfc/rfc6066#section-3
    //# A server that implements this extension MUST NOT accept the request
    //# to resume the session if the server_name extension contains a
    //# different name.
    let same_name = session.server_name.as_deref() == server_name;
    // A session made without a client certificate does not satisfy a policy that now
    // requires one.
    let authenticated_enough = !matches!(config.client_auth(), ClientAuth::Required(_))
        || !session.peer_certificates.is_empty();
    (extended_master_secret && fresh && suite_offered && same_name && authenticated_enough)
        .then_some(session)
}

/// Waiting for the client's ChangeCipherSpec; our Finished is out.
#[derive(Debug)]
pub(crate) struct ExpectResumedChangeCipherSpec {
    resumed: Resumed,
    client_write: WriteKeys,
}

/// Waiting for the client's Finished, under its write key.
#[derive(Debug)]
pub(crate) struct ExpectResumedFinished {
    resumed: Resumed,
}

/// What the abbreviated handshake carries to its end.
#[derive(Debug)]
struct Resumed {
    session: Tls12Session,
    randoms: Randoms,
    /// ClientHello, ServerHello, our Finished.
    transcript: Transcript,
    negotiated: Negotiated,
}

impl AwaitCertificate {
    /// RFC 5246 §7.3: our ServerHello for `session` (its id and suite), our ChangeCipherSpec
    /// and Finished, under keys from the session's master secret and the new randoms.
    pub(crate) fn resume(
        self,
        session: Tls12Session,
        session_id: &[u8],
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<ExpectResumedChangeCipherSpec, HandshakeError> {
        let limit = self.record_size_limit(config);
        let random = server_random(config)?;
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.3
        //# If a match is found, and the server is willing to re-establish the
        //# connection under the specified session state, it will send a
        //# ServerHello with the same Session ID value.
        let server_hello =
            self.emit_server_hello(session.cipher_suite.id(), random, session_id, config)?;
        let suite = session.cipher_suite.suite();
        let mut transcript = Transcript::new(suite.hash);
        transcript.add(&self.client_hello);
        transcript.add(&server_hello);
        //= https://www.rfc-editor.org/rfc/rfc5077#section-3.1
        //# If the server successfully verifies the client's ticket, then it may
        //# renew the ticket by including a NewSessionTicket handshake message
        //# after the ServerHello in the abbreviated handshake.
        let new_session_ticket = if self.issue_ticket {
            let parts = session.parts();
            Some(emit_new_session_ticket(config, &parts, &mut transcript)?)
        } else {
            None
        };
        let randoms = Randoms {
            client_random: self.client_random,
            server_random: random,
        };
        let master_secret: &MasterSecret = &session.master_secret;
        let key_block = master_secret.derive_key_block(suite.aead, &randoms);
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.3
        //# At this point, both client and server MUST send ChangeCipherSpec
        //# messages and proceed directly to Finished messages.
        let verify_data = master_secret.derive_server_verify_data(&transcript.current_hash());
        let finished = encode(HandshakePayload::Finished(Finished {
            verify_data: Cow::Borrowed(verify_data.as_bytes()),
        }))?;
        transcript.add(&finished);
        // The session's master secret, under this connection's client random: once nothing
        // can fail any more.
        HandshakeKeyLog::new(config.key_log().as_ref(), &randoms.client_random)
            .master_secret(master_secret);
        out.extend(limit);
        out.send(Level::Initial, server_hello);
        if let Some(message) = new_session_ticket {
            out.send(Level::Initial, message);
        }
        out.push(Action::SendChangeCipherSpec);
        out.push(Action::InstallWriteKey {
            level: Level::Application,
            keys: RecordKeys::Tls12 {
                suite,
                keys: key_block.server_write,
            },
        });
        out.send(Level::Application, finished);
        let negotiated = Negotiated {
            version: ProtocolVersion::TLSV1_2,
            cipher_suite: suite.id,
            group: None,
            signature_scheme: None,
            alpn_protocol: self.alpn_protocol,
            server_name: self.server_name,
            server_name_check_skipped: false,
            resumed: true,
        };
        Ok(ExpectResumedChangeCipherSpec {
            resumed: Resumed {
                session,
                randoms,
                transcript,
                negotiated,
            },
            client_write: key_block.client_write,
        })
    }
}

impl ExpectResumedChangeCipherSpec {
    /// RFC 5246 §7.1: the client's records are protected from the next one on.
    pub(crate) fn handle_change_cipher_spec(self, out: &mut Actions) -> ExpectResumedFinished {
        out.push(Action::InstallReadKey {
            level: Level::Application,
            keys: RecordKeys::Tls12 {
                suite: self.resumed.session.cipher_suite.suite(),
                keys: self.client_write,
            },
        });
        ExpectResumedFinished {
            resumed: self.resumed,
        }
    }
}

impl ExpectResumedFinished {
    /// RFC 5246 §7.4.9: the client's Finished over ClientHello, ServerHello and ours, in
    /// constant time: it proves the client holds the session's master secret.
    pub(crate) fn handle_finished(
        self,
        finished: &Finished<'_>,
        out: &mut Actions,
    ) -> Result<Traffic, HandshakeError> {
        let Resumed {
            session,
            randoms,
            transcript,
            negotiated,
        } = self.resumed;
        let expected = session
            .master_secret
            .derive_client_verify_data(&transcript.current_hash());
        let finished_verified = check_tls12_finished(&expected, finished)?;
        let certificate = !session.peer_certificates.is_empty();
        if certificate {
            out.push(Action::Event(Event::PeerCertificates(
                session.peer_certificates.into(),
            )));
        }
        out.push(Action::Event(Event::HandshakeComplete(negotiated.clone())));
        Ok(Traffic::new(
            negotiated,
            PeerAuth::Resumed { certificate },
            finished_verified,
            SessionSecrets {
                master_secret: session.master_secret,
                randoms,
                extended_master_secret: true,
            },
        ))
    }
}
