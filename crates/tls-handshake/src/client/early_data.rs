//! 0-RTT on the client (RFC 8446 §2.3, §4.2.10): offering early data with a ticket that
//! allows it, the early key it goes under, and what the server's answer means.
//!
//! ```text
//! ticket (max_early_data_size > 0), config.early_data ─▶ ClientHello + early_data
//!   ─▶ [change_cipher_spec] ─▶ write key: client_early_traffic_secret ─▶ AllowEarlyData
//! HelloRetryRequest ─▶ rejected (the second ClientHello drops early_data)
//! EncryptedExtensions + early_data ─▶ accepted: EndOfEarlyData before our second flight
//!                     without it ─▶ rejected: the application may send the data again
//! ```

use tls_keyschedule::tls13::schedule::EarlySecret;
use tls_keyschedule::transcript::TranscriptHash;
use tls_wire::extensions::Extensions;
use tls_wire::handshake::{EndOfEarlyData, HandshakePayload};
use tls_wire::ids::{CipherSuite, ExtensionType};

use super::offer::Offer;
use super::psk::PskOffer;
use crate::action::{Action, Actions, Event, Level};
use crate::config::ClientConfig;
use crate::error::{HandshakeError, PeerMisbehaved};
use crate::key_log::HandshakeKeyLog;
use crate::record_keys::RecordKeys;
use crate::tls13_common::encode;

/// Early data we offer: what the server must keep to accept it.
#[derive(Clone, Debug)]
pub(crate) struct EarlyOffer {
    /// The ticket's suite.
    pub(crate) cipher_suite: CipherSuite,
    /// The ticket's application protocol.
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    /// The ticket's max_early_data_size.
    pub(crate) max: u32,
    /// Whether the server accepted it (its EncryptedExtensions said so).
    pub(crate) accepted: bool,
}

/// The early data `psk` lets us offer, if the config sends early data: a ticket that allows
/// some, whose application protocol (if any) we offer again.
pub(crate) fn early_offer(config: &ClientConfig, psk: &PskOffer) -> Option<EarlyOffer> {
    let session = &psk.session;
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10
    //# When a PSK is used and early data is allowed for that PSK, the client
    //# can send Application Data in its first flight of messages.
    let alpn_offered = session
        .alpn_protocol
        .as_ref()
        .is_none_or(|protocol| config.alpn_protocols().contains(protocol));
    (config.early_data() && session.max_early_data_size > 0 && alpn_offered).then(|| EarlyOffer {
        cipher_suite: session.cipher_suite.id(),
        alpn_protocol: session.alpn_protocol.clone(),
        max: session.max_early_data_size,
        accepted: false,
    })
}

/// After our ClientHello offering early data (`client_hello_hash`, its transcript hash, binder
/// filled): the compatibility change_cipher_spec if due (RFC 8446 D.4: "If offering early
/// data, the record is placed immediately after the first ClientHello"), the early write key,
/// and how much the application may send.
pub(crate) fn emit_early_keys(
    offer: &mut Offer,
    client_hello_hash: &TranscriptHash,
    schedule: &EarlySecret,
    config: &ClientConfig,
    out: &mut Actions,
) {
    let (Some(early), Some(psk)) = (&offer.early_data, &offer.psk) else {
        return;
    };
    let suite = psk.session.cipher_suite.suite();
    let max = usize::try_from(early.max).unwrap_or(usize::MAX);
    //= https://www.rfc-editor.org/rfc/rfc8446#section-7.1
    //# client_early_traffic_secret = Derive-Secret(., "c e traffic", ClientHello)
    let client_early_traffic_secret = schedule.client_early_traffic_secret(client_hello_hash);
    let early_exporter_master_secret = schedule.early_exporter_master_secret(client_hello_hash);
    HandshakeKeyLog::new(config.key_log().as_ref(), &offer.random)
        .early_secrets(&client_early_traffic_secret, &early_exporter_master_secret);
    //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.4
    //# If offering early data, the record is placed immediately after the
    //# first ClientHello.
    if offer.compat() {
        out.push(Action::SendChangeCipherSpec);
        offer.change_cipher_spec_sent = true;
    }
    out.push(Action::InstallWriteKey {
        level: Level::Early,
        keys: RecordKeys::Tls13 {
            suite,
            secret: client_early_traffic_secret,
        },
    });
    out.push(Action::AllowEarlyData { max });
    out.push(Action::Event(Event::EarlyExporter(
        early_exporter_master_secret,
    )));
}

/// RFC 8446 §4.2.10: the server's answer in its EncryptedExtensions, given what it selected.
/// Accepted: the ticket's first identity, suite and ALPN, or illegal_parameter.
pub(crate) fn handle_answer(
    offer: &mut Offer,
    extensions: &Extensions<'_>,
    resumed: bool,
    suite: CipherSuite,
    alpn_protocol: Option<&[u8]>,
    out: &mut Actions,
) -> Result<(), HandshakeError> {
    let answered = extensions.find(ExtensionType::EARLY_DATA).is_some();
    let Some(early) = offer.early_data.as_mut() else {
        // Solicited only by our offer: the extension checks refused any other.
        return Ok(());
    };
    if !answered {
        out.push(Action::Event(Event::EarlyDataRejected));
        return Ok(());
    }
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10
    //# If the server supplies an "early_data" extension, the client MUST
    //# verify that the server's selected_identity is 0.  If any other value
    //# is returned, the client MUST abort the handshake with an
    //# "illegal_parameter" alert.
    //
    // The server must have kept the ticket's suite and ALPN to accept (§4.2.10's list): one
    // that did not is broken, and our early data would be read under other terms.
    if !resumed || suite != early.cipher_suite || alpn_protocol != early.alpn_protocol.as_deref() {
        return Err(PeerMisbehaved::EarlyDataAcceptedWithOtherParameters.into());
    }
    early.accepted = true;
    out.push(Action::Event(Event::EarlyDataAccepted));
    Ok(())
}

/// Our EndOfEarlyData when the server accepted our early data: the message, for the
/// transcript and then the wire (under the early key, before our second flight).
pub(crate) fn end_of_early_data(offer: &Offer) -> Result<Option<Vec<u8>>, HandshakeError> {
    if !offer
        .early_data
        .as_ref()
        .is_some_and(|early| early.accepted)
    {
        return Ok(None);
    }
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.5
    //# If the server sent an "early_data" extension in EncryptedExtensions, the
    //# client MUST send an EndOfEarlyData message after receiving the server
    //# Finished.
    encode(HandshakePayload::EndOfEarlyData(EndOfEarlyData)).map(Some)
}
