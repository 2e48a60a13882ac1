//! Blocking streams: a [`Connection`] over a socket as `std::io::Read + Write`.
//! [`Stream`] borrows both (the socket stays yours: set its timeouts, shut it down);
//! [`StreamOwned`] owns them.
//!
//! ```text
//! read  ─▶ handshake first ─▶ buffered plaintext? ─no─▶ flush ─▶ read_tls ─▶ again
//! write ─▶ handshake first ─▶ Connection::write ─▶ write_tls until nothing is pending
//! ```
//!
//! One error story: every error is an `io::Error`, the socket's own or one carrying the
//! [`Error`](crate::Error) that ended the connection (`error.get_ref()` downcasts to it); its
//! alert is sent before the error is returned. The peer's close_notify is the end of the
//! stream (`Ok(0)`); the socket's end without it is [`io::ErrorKind::UnexpectedEof`], a
//! possible truncation attack. Application data received before an error is read before the
//! error.
//!
//! Each `write` seals what it takes and sends it: writes are never held back to coalesce
//! with later ones, so `flush` only flushes the socket.

use std::io::{self, BufRead, Read, Write};

use crate::connection::Connection;
use crate::error::Error;

/// A [`Connection`] and a socket, borrowed: `Read` and `Write` of plaintext.
#[derive(Debug)]
pub struct Stream<'a, S: Read + Write> {
    /// The connection.
    pub conn: &'a mut Connection,
    /// The socket.
    pub sock: &'a mut S,
}

impl<'a, S: Read + Write> Stream<'a, S> {
    /// `conn` over `sock`.
    pub fn new(conn: &'a mut Connection, sock: &'a mut S) -> Self {
        Self { conn, sock }
    }

    /// Runs the handshake to its end (reads and writes block as the socket does), sending
    /// our last flight. A no-op once it is complete. With [deferred
    /// requests](Connection::defer_requests), a `WouldBlock` error while an answer is awaited.
    pub fn complete_handshake(&mut self) -> io::Result<()> {
        while self.conn.is_handshaking() {
            self.write_pending()?;
            if self.conn.is_awaiting_answer() {
                return Err(Error::WouldBlock.into());
            }
            if self.receive_once()? == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the peer closed the connection during the handshake",
                ));
            }
        }
        self.write_pending()
    }

    /// Closes our writing side with close_notify (RFC 8446 §6.1) and sends it; reading goes
    /// on until the peer's. Mid-handshake, the handshake is completed first.
    pub fn send_close_notify(&mut self) -> io::Result<()> {
        self.complete_handshake()?;
        self.conn.send_close_notify();
        self.write_pending()?;
        self.sock.flush()
    }

    /// Writes everything pending to the socket.
    fn write_pending(&mut self) -> io::Result<()> {
        while !self.conn.pending_output().is_empty() {
            if self.conn.write_tls(self.sock)? == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
        }
        Ok(())
    }

    /// One read from the socket into the connection; `Ok(0)` at its end. A TLS error's alert
    /// goes out before the error (best effort: the socket may be gone already).
    fn receive_once(&mut self) -> io::Result<usize> {
        loop {
            match self.conn.read_tls(self.sock) {
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    if self.conn.error().is_some() {
                        let _ = self.write_pending();
                    }
                    return Err(error);
                }
                Ok(n) => return Ok(n),
            }
        }
    }
}

impl<S: Read + Write> Read for Stream<'_, S> {
    /// [`fill_buf`](BufRead::fill_buf), copied out and consumed.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            self.complete_handshake()?;
            return Ok(0);
        }
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

/// Reads without copying: [`fill_buf`](BufRead::fill_buf) lends the connection's received
/// plaintext ([`Connection::plaintext`]).
impl<S: Read + Write> BufRead for Stream<'_, S> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.complete_handshake()?;
        while self.conn.plaintext().is_empty() {
            // Nothing buffered: the end of the stream, an error, or more to receive.
            // As `Connection::read`: an error before the end of the stream.
            if let Some(error) = self.conn.error() {
                return Err(error.clone().into());
            }
            if self.conn.peer_closed() {
                // After the peer's close_notify, TLS 1.2's answering one goes out.
                let _ = self.write_pending();
                break;
            }
            // What the connection owes the peer first (a KeyUpdate answered).
            self.write_pending()?;
            match self.receive_once() {
                Ok(0) => {
                    //= https://www.rfc-editor.org/rfc/rfc8446#section-6.1
                    //# Each party MUST send a "close_notify" alert before closing its
                    //# write side of the connection, unless it has already sent some
                    //# error alert.
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the peer closed the connection without close_notify (truncated?)",
                    ));
                }
                Ok(_) => {}
                // A fatal TLS error: the data received before it is read first, then the
                // connection returns the error.
                Err(_) if self.conn.error().is_some() => {}
                Err(error) => return Err(error),
            }
        }
        Ok(self.conn.plaintext())
    }

    fn consume(&mut self, amt: usize) {
        self.conn.consume_plaintext(amt);
    }
}

impl<S: Read + Write> Write for Stream<'_, S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.complete_handshake()?;
        let mut taken = self.conn.write(buf)?;
        if taken == 0 && !buf.is_empty() {
            // The unsent-output limit was reached: send, then there is room.
            self.write_pending()?;
            taken = self.conn.write(buf)?;
        }
        self.write_pending()?;
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_pending()?;
        self.sock.flush()
    }
}

/// A [`Connection`] and a socket, owned: `Read` and `Write` of plaintext, as [`Stream`].
#[derive(Debug)]
pub struct StreamOwned<S: Read + Write> {
    /// The connection.
    pub conn: Connection,
    /// The socket.
    pub sock: S,
}

impl<S: Read + Write> StreamOwned<S> {
    /// `conn` over `sock`.
    pub fn new(conn: Connection, sock: S) -> Self {
        Self { conn, sock }
    }

    /// The stream, borrowed.
    pub fn as_stream(&mut self) -> Stream<'_, S> {
        Stream::new(&mut self.conn, &mut self.sock)
    }

    /// See [`Stream::complete_handshake`].
    pub fn complete_handshake(&mut self) -> io::Result<()> {
        self.as_stream().complete_handshake()
    }

    /// See [`Stream::send_close_notify`].
    pub fn send_close_notify(&mut self) -> io::Result<()> {
        self.as_stream().send_close_notify()
    }

    /// The connection and the socket, back.
    pub fn into_parts(self) -> (Connection, S) {
        (self.conn, self.sock)
    }
}

impl<S: Read + Write> Read for StreamOwned<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.as_stream().read(buf)
    }
}

impl<S: Read + Write> BufRead for StreamOwned<S> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let mut stream = Stream::new(&mut self.conn, &mut self.sock);
        stream.fill_buf()?;
        Ok(self.conn.plaintext())
    }

    fn consume(&mut self, amt: usize) {
        self.conn.consume_plaintext(amt);
    }
}

impl<S: Read + Write> Write for StreamOwned<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.as_stream().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.as_stream().flush()
    }
}
