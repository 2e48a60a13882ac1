//! Our NewSessionTickets (RFC 8446 §4.6.1): after the client's Finished (and so after client
//! authentication, whose identity the ticket carries), each with its own nonce, PSK and
//! `ticket_age_add`, the state sealed by the config's ticketer.

use tls_keyschedule::tls13::schedule::MasterSecret;
use tls_keyschedule::transcript::TranscriptHash;
use tls_wire::extensions::{Extension, ExtensionContext, Extensions};
use tls_wire::handshake::{HandshakePayload, NewSessionTicketTls13, Ticket, TicketNonce};

use crate::action::{Actions, Level};
use crate::config::{ServerConfig, SupportedCipherSuite};
use crate::error::HandshakeError;
use crate::tls13_common::encode;
use crate::tls13_session::Tls13SessionParts;

/// What a ticket resumes, besides its PSK.
pub(crate) struct TicketContext<'a> {
    pub(crate) cipher_suite: SupportedCipherSuite,
    pub(crate) server_name: Option<&'a str>,
    pub(crate) alpn_protocol: Option<&'a [u8]>,
    pub(crate) peer_certificates: &'a [Vec<u8>],
}

/// Sends the config's number of NewSessionTickets at the application level. A ticket that
/// cannot be made (the ticketer declines, the randomness fails) is not sent: tickets are an
/// offer, never a reason to fail the connection.
pub(crate) fn emit_new_session_tickets(
    config: &ServerConfig,
    master: &MasterSecret,
    client_hello_to_client_finished: &TranscriptHash,
    context: &TicketContext<'_>,
    out: &mut Actions,
) -> Result<(), HandshakeError> {
    let Some(ticketer) = config.ticketer() else {
        return Ok(());
    };
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.1
    //# The PSK associated with the ticket is computed as:
    //#
    //#     HKDF-Expand-Label(resumption_master_secret,
    //#                      "resumption", ticket_nonce, Hash.length)
    let resumption = master.resumption_master_secret(client_hello_to_client_finished);
    for index in 0..config.session_tickets() {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.1
        //# The ticket_nonce
        //# MUST be unique across all tickets issued in a connection.
        let nonce = [index];
        let Ok(ticket_nonce) = TicketNonce::new(&nonce[..]) else {
            continue;
        };
        let mut age_add = [0u8; 4];
        if config.rng().fill(&mut age_add).is_err() {
            continue;
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.1
        //# The server MUST generate a fresh value
        //# for each ticket it sends.
        let age_add = u32::from_be_bytes(age_add);
        let lifetime_secs = ticketer.lifetime_secs();
        let psk = resumption.derive_psk(&ticket_nonce);
        let session = Tls13SessionParts {
            cipher_suite: context.cipher_suite,
            psk: &psk,
            created: config.clock().now().as_secs(),
            lifetime_secs,
            age_add,
            max_early_data_size: config.max_early_data_size(),
            server_name: context.server_name,
            alpn_protocol: context.alpn_protocol,
            peer_certificates: context.peer_certificates,
        };
        let Some(sealed) = ticketer.seal(&session.encode()) else {
            continue;
        };
        let Ok(ticket) = Ticket::new(sealed) else {
            continue;
        };
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10
        //# In
        //# this case, the extension_data field contains a "max_early_data_size"
        //# value, which specifies the maximum amount of 0-RTT data that
        //# the client is permitted to send when using this ticket, in bytes.
        let early_data = match config.max_early_data_size() {
            0 => Vec::new(),
            max => vec![Extension::MaxEarlyDataSize(max)],
        };
        let Ok(extensions) = Extensions::new(ExtensionContext::NewSessionTicket, early_data) else {
            continue;
        };
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.1
        //# Servers MUST NOT use any value greater than
        //# 604800 seconds (7 days).
        let message = encode(HandshakePayload::NewSessionTicketTls13(
            NewSessionTicketTls13 {
                ticket_lifetime: lifetime_secs,
                ticket_age_add: age_add,
                ticket_nonce,
                ticket,
                extensions,
            },
        ))?;
        out.send(Level::Application, message);
    }
    Ok(())
}
