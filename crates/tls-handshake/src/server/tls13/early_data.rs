//! 0-RTT on the server (RFC 8446 §2.3, §4.2.10, §8): whether the client's early data is
//! accepted, the keys it comes under, and `ExpectEndOfEarlyData`, the state that reads its
//! end.
//!
//! ```text
//! ClientHello + early_data ─▶ decide ─┬─ Accept: EncryptedExtensions + early_data, read key
//!                                     │    client_early_traffic_secret ─▶ ExpectEndOfEarlyData
//!                                     │    ─EndOfEarlyData─▶ read key: client handshake ─▶ ExpectFinished
//!                                     └─ Skip: the record layer skips up to max bytes of it
//! ```
//!
//! Accepted only when all hold: the first identity was chosen (the only one we consider), no
//! HelloRetryRequest, early data enabled here and allowed by the ticket, the ticket's own
//! suite and ALPN (its SNI is a condition of resumption already), the client's view of the
//! ticket's age within ±10 s of ours, and a first use of the ticket by the anti-replay store.

use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls13::TrafficSecret;
use tls_keyschedule::tls13::exporter::EarlyExporterMasterSecret;
use tls_keyschedule::tls13::schedule::EarlySecret;
use tls_keyschedule::transcript::TranscriptHash;
use tls_wire::handshake::ClientHello;
use tls_wire::ids::ExtensionType;

use super::ExpectFinished;
use super::resumption::Resumption;
use crate::action::{Action, Actions, Event, Level};
use crate::anti_replay::EARLY_DATA_AGE_WINDOW_MS;
use crate::config::ServerConfig;
use crate::error::{HandshakeError, PeerMisbehaved};
use crate::key_log::HandshakeKeyLog;
use crate::record_keys::RecordKeys;

/// Whether `hello` carries the `early_data` extension.
pub(crate) fn offered(hello: &ClientHello<'_>) -> bool {
    hello
        .extensions
        .as_ref()
        .is_some_and(|extensions| extensions.find(ExtensionType::EARLY_DATA).is_some())
}

/// What becomes of the client's early data.
#[derive(Debug)]
pub(crate) enum EarlyData {
    /// The client offered none.
    NotOffered,
    /// We read it, up to our max_early_data_size.
    Accept,
    /// We skip it (up to this many bytes).
    Skip(usize),
}

/// RFC 8446 §4.2.10: decides on the early data of `hello` (a first ClientHello), resumed
/// by `resumption` if at all, with `suite` and `alpn_protocol` chosen; `retry` when we
/// answer it with a HelloRetryRequest (the early data is then skipped).
pub(crate) fn decide(
    hello: &ClientHello<'_>,
    resumption: Option<&Resumption>,
    suite: Suite,
    alpn_protocol: Option<&[u8]>,
    retry: bool,
    config: &ServerConfig,
) -> EarlyData {
    if !offered(hello) {
        return EarlyData::NotOffered;
    }
    // The client sends at most what the ticket allows; we skip at least what we allow.
    let ticket_max = resumption.map_or(0, |resumed| resumed.session.max_early_data_size);
    let max = ticket_max.max(config.max_early_data_size());
    let skip = EarlyData::Skip(usize::try_from(max).unwrap_or(usize::MAX));
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10
    //# -  Request that the client send another ClientHello by responding
    //#    with a HelloRetryRequest.
    let (Some(resumed), false) = (resumption, retry) else {
        return skip;
    };
    let session = &resumed.session;
    let now = config.clock().now();
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10
    //# In order to accept early data, the server MUST have accepted a PSK
    //# cipher suite and selected the first key offered in the client's
    //# "pre_shared_key" extension.  In addition, it MUST verify that the
    //# following values are the same as those associated with the
    //# selected PSK:
    //#
    //# -  The TLS version number
    //#
    //# -  The selected cipher suite
    //#
    //# -  The selected ALPN [RFC7301] protocol, if any
    let same =
        session.cipher_suite.id() == suite.id && session.alpn_protocol.as_deref() == alpn_protocol;
    //= https://www.rfc-editor.org/rfc/rfc8446#section-8.3
    //# If the
    //# expected_arrival_time is within the window, then the server checks to
    //# see if it has recorded a matching ClientHello.
    let client_age_ms = i64::from(resumed.obfuscated_ticket_age.wrapping_sub(session.age_add));
    let our_age_ms = session.age_ms(now);
    let fresh = client_age_ms.abs_diff(our_age_ms) <= EARLY_DATA_AGE_WINDOW_MS.unsigned_abs();
    let enabled = config.max_early_data_size() > 0 && session.max_early_data_size > 0;
    if !(enabled && same && fresh) {
        return skip;
    }
    //= https://www.rfc-editor.org/rfc/rfc8446#section-8.1
    //# If the ticket is not present in the database, the
    //# server then MUST reject 0-RTT.
    let identity = hello
        .extensions
        .as_ref()
        .and_then(|extensions| extensions.pre_shared_key().ok().flatten())
        .and_then(|offered| {
            offered
                .identities
                .first()
                .map(|first| first.identity.as_slice().to_vec())
        });
    match identity {
        Some(identity) if config.anti_replay().first_use(&identity, now) => EarlyData::Accept,
        _ => skip,
    }
}

/// The secrets of accepted early data, over the ClientHello: derived from the Early Secret
/// before the Handshake Secret consumes it.
pub(crate) struct EarlySecrets {
    client_early_traffic_secret: TrafficSecret,
    early_exporter_master_secret: EarlyExporterMasterSecret,
}

impl EarlySecrets {
    /// The client's early traffic secret and the early exporter's, from `early` (the ticket's
    /// PSK's) over `client_hello`.
    pub(crate) fn derive(early: &EarlySecret, client_hello: &TranscriptHash) -> Self {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-7.1
        //# client_early_traffic_secret = Derive-Secret(., "c e traffic", ClientHello)
        Self {
            client_early_traffic_secret: early.client_early_traffic_secret(client_hello),
            early_exporter_master_secret: early.early_exporter_master_secret(client_hello),
        }
    }
}

/// The actions that start reading accepted early data: the client's early key for reading
/// (logged to `key_log`), how much we take, the early exporter.
pub(crate) fn accept_early_data(
    suite: Suite,
    secrets: EarlySecrets,
    key_log: HandshakeKeyLog<'_>,
    config: &ServerConfig,
    out: &mut Actions,
) {
    let EarlySecrets {
        client_early_traffic_secret,
        early_exporter_master_secret,
    } = secrets;
    key_log.early_secrets(&client_early_traffic_secret, &early_exporter_master_secret);
    out.push(Action::InstallReadKey {
        level: Level::Early,
        keys: RecordKeys::Tls13 {
            suite,
            secret: client_early_traffic_secret,
        },
    });
    out.push(Action::AcceptEarlyData {
        max: usize::try_from(config.max_early_data_size()).unwrap_or(usize::MAX),
    });
    out.push(Action::Event(Event::EarlyExporter(
        early_exporter_master_secret,
    )));
    out.push(Action::Event(Event::EarlyDataAccepted));
}

/// Reading the client's early data, until its EndOfEarlyData.
#[derive(Debug)]
pub(crate) struct ExpectEndOfEarlyData {
    pub(crate) next: ExpectFinished,
    pub(crate) suite: Suite,
    /// The read key after the EndOfEarlyData.
    pub(crate) client_handshake_traffic_secret: TrafficSecret,
}

impl ExpectEndOfEarlyData {
    /// RFC 8446 §4.5: the client's early data is over; its next records come under its
    /// handshake key.
    pub(crate) fn handle_end_of_early_data(
        self,
        raw: &[u8],
        out: &mut Actions,
    ) -> Result<ExpectFinished, HandshakeError> {
        let Self {
            mut next,
            suite,
            client_handshake_traffic_secret,
        } = self;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.5
        //# This message is
        //# encrypted under keys derived from the
        //# client_early_traffic_secret.
        //
        // The record layer read it under the early key, the only one installed.
        next.transcript.add(raw);
        out.push(Action::InstallReadKey {
            level: Level::Handshake,
            keys: RecordKeys::Tls13 {
                suite,
                secret: client_handshake_traffic_secret,
            },
        });
        Ok(next)
    }
}

/// A second ClientHello (after our HelloRetryRequest) may not offer early data.
pub(crate) fn check_retried_hello(hello: &ClientHello<'_>) -> Result<(), HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
    //# -  Removing the "early_data" extension (Section 4.2.10) if one was
    //#    present.  Early data is not permitted after a HelloRetryRequest.
    if offered(hello) {
        return Err(PeerMisbehaved::EarlyDataAfterHelloRetryRequest.into());
    }
    Ok(())
}
