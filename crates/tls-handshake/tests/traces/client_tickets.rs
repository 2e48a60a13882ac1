//! NewSessionTicket after the handshake: kept (the last eight), never an error.

use tls_handshake::ticket::MAX_KEPT_TICKETS;
use tls_wire::handshake::{NewSessionTicketTls13, Ticket, TicketNonce};

use super::*;

/// The illustrated-tls13 client with its handshake complete.
fn completed_client() -> (ClientHandshake, Actions) {
    let trace = illustrated();
    let (mut client, mut out) = trace.start();
    for message in [
        &trace.server_hello,
        &trace.encrypted_extensions,
        &trace.certificate,
        &trace.certificate_verify,
        &trace.server_finished,
    ] {
        client = answer_requests(feed(client, message, &mut out).unwrap(), &mut out).unwrap();
    }
    assert!(client.is_complete());
    (client, out)
}

/// A NewSessionTicket with `nonce`, `lifetime` seconds, and an early_data extension.
fn new_session_ticket(nonce: u8, lifetime: u32) -> Vec<u8> {
    let message = NewSessionTicketTls13 {
        ticket_lifetime: lifetime,
        ticket_age_add: 0x0102_0304,
        ticket_nonce: TicketNonce::new(vec![nonce]).unwrap(),
        ticket: Ticket::new(vec![nonce; 40]).unwrap(),
        extensions: Extensions::new(
            ExtensionContext::NewSessionTicket,
            vec![Extension::MaxEarlyDataSize(16_384)],
        )
        .unwrap(),
    };
    HandshakeMessage::new(HandshakePayload::NewSessionTicketTls13(message))
        .unwrap()
        .raw()
        .to_vec()
}

#[test]
fn a_client_keeps_the_last_eight_session_tickets_and_never_fails_on_one() {
    let (mut client, mut out) = completed_client();
    for nonce in 0..12 {
        client = feed(client, &new_session_ticket(nonce, 7200), &mut out).unwrap();
    }
    // A lifetime of zero: discarded at once (RFC 8446 §4.6.1), still not an error.
    client = feed(client, &new_session_ticket(200, 0), &mut out).unwrap();
    let tickets = client.session_tickets();
    assert_eq!(tickets.len(), MAX_KEPT_TICKETS);
    let nonces: Vec<u8> = tickets.iter().map(|ticket| ticket.nonce[0]).collect();
    assert_eq!(nonces, (4..12).collect::<Vec<u8>>());
    let last = tickets.last().unwrap();
    assert_eq!(last.lifetime_secs, 7200);
    assert_eq!(last.age_add, 0x0102_0304);
    assert_eq!(last.ticket, vec![11; 40]);
    assert_eq!(last.max_early_data_size, Some(16_384));
}
