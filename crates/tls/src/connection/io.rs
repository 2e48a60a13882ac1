//! The connection over `std::io`: [`Connection::read_tls`] reads from a socket straight into
//! the receive buffer (no copy) and processes what arrived; [`Connection::write_tls`] writes
//! what is pending. For callers that drive their own sockets (an event loop, a poller); the
//! streams ([`Stream`](crate::Stream), [`StreamOwned`](crate::StreamOwned)) are built on them.
//!
//! ```text
//! socket ──read_tls──▶ receive buffer ──▶ records ──▶ read() / handshake
//! write() ──▶ sealed records ──write_tls──▶ socket
//! ```
//!
//! Errors are `io::Error`s: the socket's own, or one carrying the [`Error`] that ended the
//! connection (`error.get_ref()` downcasts to it), whose alert is then pending for the peer.

use std::io;

use super::Connection;
use crate::error::Error;

/// How much of a socket's bytes after the peer's close_notify are read (and dropped) at once.
const DISCARD_CHUNK: usize = 4096;

impl Connection {
    /// Reads once from `rd` into the receive buffer and processes every whole record (the
    /// handshake's messages, alerts, application data); returns how many bytes were read,
    /// `Ok(0)` at the end of `rd`'s stream.
    ///
    /// An [`io::ErrorKind::WouldBlock`] error carrying [`Error::WouldBlock`] says the
    /// connection takes no bytes now: [`read`](Self::read) the application data received
    /// first (or, with [deferred requests](Self::defer_requests), answer). A TLS error is
    /// fatal: its alert is pending ([`write_tls`](Self::write_tls) it), and application data
    /// received before it can still be read.
    pub fn read_tls(&mut self, rd: &mut dyn io::Read) -> io::Result<usize> {
        if let Some(error) = &self.error {
            return Err(error.clone().into());
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-6.1
        //# Any data received after a closure alert has been received
        //# MUST be ignored.
        if self.peer_closed {
            return rd.read(&mut [0; DISCARD_CHUNK]);
        }
        if !self.has_room_for_plaintext() || self.is_awaiting_answer() {
            return Err(Error::WouldBlock.into());
        }
        self.evacuate_held();
        let buf = self.reader.read_buf();
        if buf.is_empty() {
            return Err(Error::WouldBlock.into());
        }
        let n = rd.read(buf)?;
        self.reader.filled(n);
        self.process_records()
            .map_err(|error| io::Error::from(self.maybe_send_fatal_alert(error)))?;
        self.release_idle_buffers();
        Ok(n)
    }

    /// Writes what is pending (records sealed by the handshake, [`write`](Self::write), an
    /// alert) to `wr`, once; returns how many bytes it took.
    pub fn write_tls(&mut self, wr: &mut dyn io::Write) -> io::Result<usize> {
        let pending = self.pending_output();
        if pending.is_empty() {
            return Ok(0);
        }
        let n = wr.write(pending)?;
        self.consume_output(n);
        Ok(n)
    }

    /// Whether a record was cut off: bytes of one arrived, not the whole of it. At the end of
    /// the peer's stream, a truncation.
    pub fn has_partial_record(&self) -> bool {
        self.reader.buffered_len() > 0
    }
}
