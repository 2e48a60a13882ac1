//! TLS 1.3 resumption on the server (RFC 8446 §2.2, §4.2.11): a ClientHello offering one of
//! our tickets, with a binder that proves the client holds its PSK, is answered with the
//! ServerHello's `pre_shared_key`, EncryptedExtensions and our Finished: no certificate, no
//! signature. The ECDHE exchange still runs (psk_dhe_ke), for forward secrecy.
//!
//! ```text
//! ClientHello ── find_resumption: first identity ─▶ ticketer.open ─▶ fresh? suite's hash?
//!             same name? client certificate if required? psk_dhe_ke? ─▶ binder (or abort)
//! AwaitCertificate::resume ─▶ ServerHello (selected_identity 0), EncryptedExtensions,
//!             Finished ─▶ ExpectFinished
//! ```
//!
//! Anything short of the binder (a ticket we cannot open, too old, for another name or hash)
//! is a full handshake: a ticket is an offer, never a reason to fail. Only the first identity
//! is considered: the one 0-RTT would use.

use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls13::schedule::{BinderKind, EarlySecret};
use tls_keyschedule::transcript::Transcript;
use tls_wire::extensions::ExtensionContext;
use tls_wire::handshake::ClientHello;
use tls_wire::ids::{ExtensionType, PskKeyExchangeMode};

use super::early_data::{EarlySecrets, ExpectEndOfEarlyData, accept_early_data};
use super::server_hello::AwaitCertificate;
use super::{ExpectFinished, State};
use crate::action::{Action, Actions, Event, Level};
use crate::config::{ClientAuth, ServerConfig};
use crate::error::{HandshakeError, PeerIncompatible, PeerMisbehaved};
use crate::finished::finished_message;
use crate::key_log::HandshakeKeyLog;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use crate::server::ticket_opener::TicketOpener;
use crate::tls13_common::{
    ApplicationKeys, TrafficSecrets, application_secrets_in, handshake_secrets,
};
use crate::tls13_session::Tls13Session;

/// A ticket of ours the ClientHello resumes, and how.
#[derive(Debug)]
pub(crate) struct Resumption {
    pub(crate) session: Tls13Session,
    /// psk_ke: no (EC)DHE exchange (both sides allow it), else psk_dhe_ke.
    pub(crate) psk_ke: bool,
    /// The identity's obfuscated_ticket_age: the client's view of the ticket's age.
    pub(crate) obfuscated_ticket_age: u32,
    /// The Early Secret of the session's PSK, computed once to check the binder and kept for
    /// the early and handshake secrets.
    pub(crate) early_secret: EarlySecret,
}

/// Adds the ClientHello (`raw`, as received) to `transcript` (empty, or after a
/// HelloRetryRequest message_hash(ClientHello1) and the HelloRetryRequest), and finds the
/// session its first PSK identity resumes, if we can and will resume it. A hello offering a
/// PSK is hashed once: the hash its binders are over is taken on the way.
///
/// Errors: a `pre_shared_key` without `psk_key_exchange_modes` (missing_extension), and a
/// binder that does not verify for a ticket we would resume (decrypt_error).
pub(crate) fn find_resumption(
    hello: &ClientHello<'_>,
    raw: &[u8],
    transcript: &mut Transcript,
    suite: Suite,
    config: &ServerConfig,
    opener: &TicketOpener<'_>,
    server_name: Option<&str>,
) -> Result<Option<Resumption>, HandshakeError> {
    let extensions = hello.extensions.as_ref();
    let offered = extensions
        .map(|extensions| extensions.pre_shared_key())
        .transpose()?
        .flatten();
    let (Some(extensions), Some(offered)) = (extensions, offered) else {
        transcript.add(raw);
        return Ok(None);
    };
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11.2
    //# Each entry in the binders list is computed as an HMAC
    //# over a transcript hash (see Section 4.4.1) containing a partial
    //# ClientHello up to and including the PreSharedKeyExtension.identities
    //# field.
    // Decoded from `raw`, the binders fit in it.
    let truncated_len = offered.binders_start(raw.len()).unwrap_or_default();
    let binder_transcript = transcript.add_taking_prefix_hash(raw, truncated_len);
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.9
    //# If clients offer
    //# "pre_shared_key" without a "psk_key_exchange_modes" extension,
    //# servers MUST abort the handshake.
    let modes = extensions
        .psk_key_exchange_modes()?
        .ok_or(PeerIncompatible::MissingExtension {
            extension: ExtensionType::PSK_KEY_EXCHANGE_MODES,
            message: ExtensionContext::ClientHello,
        })?;
    // psk_ke gives up forward secrecy: only when both sides allow it, and then preferred
    // (it is why one allows it).
    let psk_ke = config.allows_psk_ke() && modes.contains(&PskKeyExchangeMode::PSK_KE);
    let (Some(_), true) = (
        config.ticketer(),
        psk_ke || modes.contains(&PskKeyExchangeMode::PSK_DHE_KE),
    ) else {
        return Ok(None);
    };
    let Some(first) = offered.identities.first() else {
        return Ok(None);
    };
    let Some(session) = opener
        .open(config, first.identity.as_slice())
        .and_then(|state| Tls13Session::decode(&state))
    else {
        return Ok(None);
    };
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11
    //# If the server selects a PSK, then it MUST also select a key
    //# establishment mode from the set indicated by the client's
    //# "psk_key_exchange_modes" extension (at present, PSK alone or with
    //# (EC)DHE).
    let usable = session.is_fresh(config.clock().now())
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11
        //# In addition, it MUST verify that the PSK is compatible with
        //# the chosen cipher suite
        && session.cipher_suite.suite().hash == suite.hash
        // Made for this name only (as RFC 6066 §3 has it for TLS 1.2).
        && session.server_name.as_deref() == server_name
        // A session without a client certificate does not satisfy a policy that now
        // requires one: a full handshake asks for it.
        && (!matches!(config.client_auth(), ClientAuth::Required(_))
            || !session.peer_certificates.is_empty());
    if !usable {
        return Ok(None);
    }
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11
    //# Prior to accepting PSK key establishment, the server MUST validate the
    //# corresponding binder value (see Section 4.2.11.2 below).  If this value is
    //# not present or does not validate, the server MUST abort the handshake.
    let binder = offered
        .binders
        .first()
        .ok_or(PeerMisbehaved::BadPskBinder)?;
    let early_secret = EarlySecret::new(suite.hash, Some(&session.psk));
    let expected = early_secret
        .binder_key(BinderKind::Resumption)
        .derive_binder(&binder_transcript);
    // `Secret == [u8]` compares in constant time.
    if expected != *binder.as_slice() {
        return Err(PeerMisbehaved::BadPskBinder.into());
    }
    Ok(Some(Resumption {
        session,
        psk_ke,
        obfuscated_ticket_age: first.obfuscated_ticket_age,
        early_secret,
    }))
}

impl AwaitCertificate {
    /// RFC 8446 §2.2: our flight for a resumed session, under keys from its PSK and the
    /// (EC)DHE secret: ServerHello with `pre_shared_key`, EncryptedExtensions, Finished.
    ///
    /// With the client's early data accepted, the client's early key is installed for reading
    /// in place of its handshake key, which follows its EndOfEarlyData.
    pub(crate) fn resume(
        self,
        session: Tls13Session,
        early_secret: EarlySecret,
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<State, HandshakeError> {
        let profile = config.wire_profile();
        let limit = self.record_size_limit(config);
        let server_hello = self.emit_server_hello(profile, true)?;
        let encrypted_extensions = self.emit_encrypted_extensions(config)?;
        let Self {
            mut agreed,
            shared_secret,
            mut transcript,
            change_cipher_spec,
            ..
        } = self;
        // The early secrets are over the ClientHello alone, and come before the Handshake
        // Secret consumes the Early Secret.
        let early_secrets = agreed
            .early_data
            .then(|| EarlySecrets::derive(&early_secret, &transcript.current_hash()));
        transcript.add(&server_hello);
        let (handshake_secret, handshake_traffic_secrets) = handshake_secrets(
            early_secret,
            shared_secret.as_ref().map(|secret| secret.as_bytes()),
            &transcript.current_hash(),
        );
        transcript.add(&encrypted_extensions);
        let server_finished_key = handshake_traffic_secrets.server.derive_finished_key();
        let client_finished_key = handshake_traffic_secrets.client.derive_finished_key();
        let finished = finished_message(&server_finished_key, &transcript)?;
        transcript.add(&finished);
        let application_keys = application_secrets_in(
            profile,
            agreed.suite.hash,
            handshake_secret,
            &transcript.current_hash(),
        );
        // Logged once nothing can fail any more.
        let key_log = HandshakeKeyLog::new(config.key_log().as_ref(), &agreed.client_random);
        key_log.handshake_secrets(&handshake_traffic_secrets);
        key_log.application_secrets(&application_keys);
        let TrafficSecrets {
            client: client_handshake_traffic_secret,
            server: server_handshake_traffic_secret,
        } = handshake_traffic_secrets;
        let ApplicationKeys {
            traffic:
                TrafficSecrets {
                    client: client_application_traffic_secret,
                    server: server_application_traffic_secret,
                },
            exporter,
            master,
        } = application_keys;

        let suite = agreed.suite;
        out.extend(limit);
        out.send(Level::Initial, server_hello);
        if change_cipher_spec {
            out.push(Action::SendChangeCipherSpec);
        }
        out.push(Action::InstallWriteKey {
            level: Level::Handshake,
            keys: RecordKeys::Tls13 {
                suite,
                secret: server_handshake_traffic_secret,
            },
        });
        let client_handshake_traffic_secret = if let Some(early_secrets) = early_secrets {
            accept_early_data(suite, early_secrets, key_log, config, out);
            Some(client_handshake_traffic_secret)
        } else {
            out.push(Action::InstallReadKey {
                level: Level::Handshake,
                keys: RecordKeys::Tls13 {
                    suite,
                    secret: client_handshake_traffic_secret,
                },
            });
            None
        };
        out.send(Level::Handshake, encrypted_extensions);
        out.send(Level::Handshake, finished);
        out.push(Action::InstallWriteKey {
            level: Level::Application,
            keys: RecordKeys::Tls13 {
                suite,
                secret: server_application_traffic_secret.clone(),
            },
        });
        let peer_certificates = session.peer_certificates;
        let certificate = !peer_certificates.is_empty();
        if certificate {
            out.push(Action::Event(Event::PeerCertificates(
                peer_certificates.clone(),
            )));
        }
        agreed.resumed = true;
        let next = ExpectFinished {
            agreed,
            scheme: None,
            client_finished_key,
            client_application_traffic_secret,
            server_application_traffic_secret,
            exporter,
            master,
            peer_certificates,
            transcript,
            peer_auth: PeerAuth::Resumed { certificate },
        };
        Ok(match client_handshake_traffic_secret {
            Some(client_handshake_traffic_secret) => {
                State::ExpectEndOfEarlyData(Box::new(ExpectEndOfEarlyData {
                    next,
                    suite,
                    client_handshake_traffic_secret,
                }))
            }
            None => State::ExpectFinished(Box::new(next)),
        })
    }
}
