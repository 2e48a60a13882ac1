//! [`SessionTicket`]: a TLS 1.3 NewSessionTicket our client received, kept for resumption.
//!
//! A client keeps the last [`MAX_KEPT_TICKETS`] a server sends on one connection: the RFC lets
//! a server send any number at any time after the handshake (RFC 8446 §4.6.1), and a client
//! that ignores them or errs on them would either lose them or break. Resuming with one comes
//! with the resumption work; until then they are kept, exposed, and never an error.

use std::collections::VecDeque;
use std::fmt;

use tls_wire::DecodeError;
use tls_wire::handshake::NewSessionTicketTls13;

/// The most tickets one connection keeps; a newer one pushes out the oldest.
pub const MAX_KEPT_TICKETS: usize = 8;

/// One NewSessionTicket, as the server sent it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionTicket {
    /// `ticket_lifetime`: seconds from issue the ticket may be used for (at most 7 days).
    pub lifetime_secs: u32,
    /// `ticket_age_add`: obscures the ticket age the client reports.
    pub age_add: u32,
    /// `ticket_nonce`: makes the ticket's PSK unique among those of the connection.
    pub nonce: Vec<u8>,
    /// `ticket`: the PSK identity to offer when resuming.
    pub ticket: Vec<u8>,
    /// The `early_data` extension's `max_early_data_size`, if the server allows 0-RTT.
    pub max_early_data_size: Option<u32>,
}

/// The identity and nonce are the server's business, but nothing the client should log: the
/// ticket is a bearer credential for resumption.
impl fmt::Debug for SessionTicket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionTicket")
            .field("lifetime_secs", &self.lifetime_secs)
            .field("ticket_len", &self.ticket.len())
            .field("max_early_data_size", &self.max_early_data_size)
            .finish_non_exhaustive()
    }
}

impl SessionTicket {
    /// The ticket `message` carries; an error if its `early_data` extension is malformed.
    pub fn of(message: &NewSessionTicketTls13<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            lifetime_secs: message.ticket_lifetime,
            age_add: message.ticket_age_add,
            nonce: message.ticket_nonce.as_slice().to_vec(),
            ticket: message.ticket.as_slice().to_vec(),
            max_early_data_size: message.extensions.max_early_data_size()?,
        })
    }
}

/// The tickets of one connection, newest last, at most [`MAX_KEPT_TICKETS`].
#[derive(Debug, Default)]
pub(crate) struct Tickets(VecDeque<SessionTicket>);

impl Tickets {
    /// Keeps `ticket`, dropping the oldest if that makes one too many. A ticket with a
    /// lifetime of zero is not kept.
    pub(crate) fn keep(&mut self, ticket: SessionTicket) {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.1
        //# The value of zero indicates that the
        //# ticket should be discarded immediately.
        if ticket.lifetime_secs == 0 {
            return;
        }
        if self.0.len() >= MAX_KEPT_TICKETS {
            self.0.pop_front();
        }
        self.0.push_back(ticket);
    }

    /// The tickets, oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &SessionTicket> {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(n: u8, lifetime_secs: u32) -> SessionTicket {
        SessionTicket {
            lifetime_secs,
            age_add: 0,
            nonce: vec![n],
            ticket: vec![n; 16],
            max_early_data_size: None,
        }
    }

    #[test]
    fn keeps_the_last_eight_and_drops_zero_lifetimes() {
        let mut tickets = Tickets::default();
        for n in 0..12 {
            tickets.keep(ticket(n, 3600));
        }
        tickets.keep(ticket(99, 0));
        let kept: Vec<u8> = tickets.iter().map(|t| t.nonce[0]).collect();
        assert_eq!(kept, (4..12).collect::<Vec<u8>>());
    }

    #[test]
    fn debug_does_not_show_the_ticket() {
        let shown = format!("{:?}", ticket(7, 60));
        assert!(shown.contains("ticket_len: 16"), "{shown}");
        assert!(!shown.contains("[7, 7"), "{shown}");
    }
}
