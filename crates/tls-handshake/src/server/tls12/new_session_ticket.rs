//! Our TLS 1.2 NewSessionTicket (RFC 5077 §3.3): the session sealed by the config's ticketer,
//! sent after the client's Finished in a full handshake and after our ServerHello in a resumed
//! one, before our ChangeCipherSpec, once our ServerHello promised it.

use tls_wire::handshake::{HandshakePayload, NewSessionTicketTls12, TicketTls12};
use tls_wire::ids::HandshakeType;

use tls_keyschedule::transcript::Transcript;

use crate::config::ServerConfig;
use crate::error::{HandshakeError, LocalError};
use crate::session::SessionToStore;
use crate::tls13_common::encode;

/// The NewSessionTicket for `session`, added to `transcript`. A ticket that cannot be made is
/// sent empty, as RFC 5077 has a server that changed its mind do: the ServerHello promised the
/// message.
pub(crate) fn emit_new_session_ticket(
    config: &ServerConfig,
    session: &SessionToStore<'_>,
    transcript: &mut Transcript,
) -> Result<Vec<u8>, HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc5077#section-3.3
    //# If the server determines that it does not want to include a
    //# ticket after it has included the SessionTicket extension in the
    //# ServerHello, then it sends a zero-length ticket in the
    //# NewSessionTicket handshake message.
    let (lifetime, sealed) = match config.ticketer() {
        Some(ticketer) => (
            ticketer.lifetime_secs(),
            ticketer
                .seal(&session.encode(None, None))
                .unwrap_or_default(),
        ),
        None => (0, Vec::new()),
    };
    let ticket = TicketTls12::new(sealed).map_err(|_| LocalError::UnencodableMessage {
        message: HandshakeType::NEW_SESSION_TICKET,
    })?;
    let message = encode(HandshakePayload::NewSessionTicketTls12(
        NewSessionTicketTls12 {
            ticket_lifetime_hint: lifetime,
            ticket,
        },
    ))?;
    transcript.add(&message);
    Ok(message)
}
