//! [`HandshakeLog`]: the handshake messages a connection sent and received, kept inline so that
//! logging costs no allocation.

use tls_wire::ids::HandshakeType;

use super::Direction;

/// The most entries the log keeps: a full TLS 1.3 handshake with a HelloRetryRequest and client
/// authentication has 14 messages; post-handshake messages (tickets) past the limit are not
/// logged, so a peer cannot grow the log.
pub(super) const MAX_LOGGED_MESSAGES: usize = 32;

/// Up to [`MAX_LOGGED_MESSAGES`] handshake messages, in order.
#[derive(Clone)]
pub(super) struct HandshakeLog {
    entries: [(Direction, HandshakeType); MAX_LOGGED_MESSAGES],
    len: usize,
}

impl HandshakeLog {
    /// No entry.
    pub(super) const fn new() -> Self {
        Self {
            entries: [(Direction::Sent, HandshakeType::HELLO_REQUEST); MAX_LOGGED_MESSAGES],
            len: 0,
        }
    }

    /// Records a message, unless the log is full.
    pub(super) fn push(&mut self, direction: Direction, typ: HandshakeType) {
        if let Some(slot) = self.entries.get_mut(self.len) {
            *slot = (direction, typ);
            self.len += 1;
        }
    }

    /// The entries, in order.
    pub(super) fn as_slice(&self) -> &[(Direction, HandshakeType)] {
        self.entries.get(..self.len).unwrap_or_default()
    }
}

impl core::fmt::Debug for HandshakeLog {
    // The entries logged, not the unused slots.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_entries_in_order_and_drops_them_past_the_limit() {
        let mut log = HandshakeLog::new();
        assert!(log.as_slice().is_empty());
        log.push(Direction::Sent, HandshakeType::CLIENT_HELLO);
        log.push(Direction::Received, HandshakeType::SERVER_HELLO);
        assert_eq!(
            log.as_slice(),
            [
                (Direction::Sent, HandshakeType::CLIENT_HELLO),
                (Direction::Received, HandshakeType::SERVER_HELLO),
            ]
        );
        for _ in 0..MAX_LOGGED_MESSAGES {
            log.push(Direction::Received, HandshakeType::NEW_SESSION_TICKET);
        }
        assert_eq!(log.as_slice().len(), MAX_LOGGED_MESSAGES);
        assert_eq!(
            log.as_slice().get(1),
            Some(&(Direction::Received, HandshakeType::SERVER_HELLO))
        );
        let mut short = HandshakeLog::new();
        short.push(Direction::Sent, HandshakeType::CLIENT_HELLO);
        assert_eq!(format!("{short:?}"), format!("{:?}", short.as_slice()));
    }
}
