//! A fixture ticketer for replaying RFC 8448 §4 ("resumed-0rtt") through our server: the
//! trace's ClientHello offers the ticket of `simple-1rtt`'s NewSessionTicket, opaque bytes
//! only the recorded server can open. [`RecordedTicket`] opens exactly that ticket to a state
//! written out by hand in `Tls13Session`'s encoding (documented at the top of
//! `src/tls13_session.rs`), carrying what the trace says the ticket holds: the PSK (from
//! `simple-1rtt`'s resumption_master_secret and ticket nonce), its lifetime, ticket_age_add and
//! max_early_data_size, and the name the client sent.

use tls_keyschedule::secret::Secret;
use tls_keyschedule::suite::HashAlgorithm;
use tls_keyschedule::tls13::ResumptionMasterSecret;
use zeroize::Zeroizing;

use tls_handshake::ticketer::Ticketer;

use super::server_replay::rfc8448_label;
use super::*;

/// The name the trace's ClientHello sends (SNI): a ticket resumes only for the name it was
/// made for.
const SERVER_NAME: &[u8] = b"server";

/// When the fixture says the ticket was issued, and the server's clock: the client reports
/// the ticket 6 ms old (obfuscated_ticket_age − ticket_age_add), within the ±10 s window.
pub(super) const TICKET_ISSUED: i64 = RFC8448_TIME;

/// Opens the trace's ticket, and nothing else, to the state written for it.
///
/// A fixture, not a mock: the recorded server's ticket is its own sealed bytes, so this
/// stands in for that server's ticket key, for exactly the one ticket it sealed.
#[derive(Debug)]
pub(super) struct RecordedTicket {
    ticket: Vec<u8>,
    state: Vec<u8>,
    lifetime_secs: u32,
}

impl Ticketer for RecordedTicket {
    fn seal(&self, _state: &[u8]) -> Option<Vec<u8>> {
        // RFC 8448 §4's server issues no ticket (and the config asks for none).
        None
    }

    fn open(&self, ticket: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        (ticket == self.ticket).then(|| Zeroizing::new(self.state.clone()))
    }

    fn lifetime_secs(&self) -> u32 {
        self.lifetime_secs
    }
}

/// The fixture that opens `simple-1rtt`'s ticket (its PSK derived as RFC 8446 §4.6.1 has it,
/// and checked against resumed-0rtt's), and the ticket's max_early_data_size.
pub(super) fn simple_1rtt_ticket() -> (RecordedTicket, u32) {
    let simple = rfc8448_scenario("simple-1rtt");
    let message = rfc8448_item(&simple, 48, "NewSessionTicket");
    let HandshakePayload::NewSessionTicketTls13(ticket) =
        HandshakeMessage::decode(&message, NegotiatedVersion::Tls13)
            .unwrap()
            .into_payload()
    else {
        panic!("not a NewSessionTicket")
    };
    let max_early_data_size = ticket.extensions.max_early_data_size().unwrap().unwrap();

    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.1
    //# The PSK associated with the ticket is computed as:
    //#
    //#     HKDF-Expand-Label(resumption_master_secret,
    //#                      "resumption", ticket_nonce, Hash.length)
    let resumption_master_secret = ResumptionMasterSecret::new(
        HashAlgorithm::Sha256,
        Secret::new(&rfc8448_item(&simple, 43, "expanded")),
    );
    let psk = resumption_master_secret.derive_psk(&ticket.ticket_nonce);
    let resumed = rfc8448_scenario("resumed-0rtt");
    assert_eq!(
        hex::encode(psk.as_bytes()),
        hex::encode(rfc8448_item(&resumed, 1, "IKM")),
        "{} (the PSK)",
        rfc8448_label(&resumed, 1)
    );

    // The state, in the encoding documented at the top of tls13_session.rs.
    let mut state = vec![1];
    state.extend_from_slice(&ProtocolVersion::TLSV1_3.get().to_be_bytes());
    state.extend_from_slice(&CipherSuite::TLS_AES_128_GCM_SHA256.get().to_be_bytes());
    state.push(u8::try_from(psk.len()).unwrap());
    state.extend_from_slice(psk.as_bytes());
    state.extend_from_slice(&TICKET_ISSUED.to_be_bytes());
    state.extend_from_slice(&ticket.ticket_lifetime.to_be_bytes());
    state.extend_from_slice(&ticket.ticket_age_add.to_be_bytes());
    state.extend_from_slice(&max_early_data_size.to_be_bytes());
    state.push(u8::try_from(SERVER_NAME.len()).unwrap());
    state.extend_from_slice(SERVER_NAME);
    // No ALPN (the trace negotiates none), no client certificate.
    state.push(0);
    state.extend_from_slice(&0u16.to_be_bytes());
    let fixture = RecordedTicket {
        ticket: ticket.ticket.as_slice().to_vec(),
        state,
        lifetime_secs: ticket.ticket_lifetime,
    };
    (fixture, max_early_data_size)
}
