//! Minimal blocking helpers over a `Read + Write` socket, enough for the CLI; the full
//! `Stream` comes with the facade.
//!
//! ```text
//! socket.read ──▶ Connection::receive ──▶ (handshake / read)
//! Connection::pending_output ──▶ socket.write_all ──▶ consume_output
//! ```
//!
//! After a fatal error the alert is flushed to the socket before the error is returned.

use std::io::{self, Read, Write};

use crate::connection::Connection;
use crate::error::Error;

/// How many bytes one socket read takes: a whole maximal TLS 1.3 record and its header fit.
const READ_CHUNK: usize = 17 * 1024;

/// Runs the handshake to completion over `socket`, sending our last flight before it
/// returns. A connection that [defers its requests](Connection::defer_requests) returns
/// [`Error::WouldBlock`] while an answer is awaited: answer, then call again.
pub fn complete_handshake(
    conn: &mut Connection,
    socket: &mut (impl Read + Write),
) -> Result<(), Error> {
    let mut buf = vec![0; READ_CHUNK];
    while conn.is_handshaking() {
        flush(conn, socket)?;
        if conn.is_awaiting_answer() {
            return Err(Error::WouldBlock);
        }
        receive_once(conn, socket, &mut buf)?;
    }
    flush(conn, socket)?;
    match conn.error() {
        Some(error) => Err(error.clone()),
        None => Ok(()),
    }
}

/// Completes the handshake if needed, then writes all of `data` and sends it.
pub fn write_all(
    conn: &mut Connection,
    socket: &mut (impl Read + Write),
    mut data: &[u8],
) -> io::Result<()> {
    if conn.is_handshaking() {
        complete_handshake(conn, socket)?;
    }
    while !data.is_empty() {
        let n = conn.write(data)?;
        data = data.get(n..).unwrap_or_default();
        flush(conn, socket)?;
    }
    flush(conn, socket)
}

/// Reads some application data into `out`, receiving from `socket` until there is some.
/// `Ok(0)` once the peer sent close_notify and all its data was read. A socket closed
/// without close_notify is [`io::ErrorKind::UnexpectedEof`] (a possible truncation attack).
pub fn read_some(
    conn: &mut Connection,
    socket: &mut (impl Read + Write),
    out: &mut [u8],
) -> io::Result<usize> {
    let mut buf = Vec::new();
    loop {
        match conn.read(out) {
            Err(Error::WouldBlock) => {}
            result => return Ok(result?),
        }
        flush(conn, socket)?;
        if buf.is_empty() {
            buf = vec![0; READ_CHUNK];
        }
        receive_once(conn, socket, &mut buf).or_else(|error| match error {
            // Data received with the error is read first; the error comes on the next call.
            _ if error.is_fatal() && !matches!(error, Error::Io { .. }) => Ok(()),
            error => Err(error),
        })?;
    }
}

/// Closes our write side ([`Connection::send_close_notify`]) and flushes what is pending.
/// Mid-handshake the close_notify waits, behind any queued data, for the handshake to
/// complete: keep driving the connection (or call this again after) before closing the socket.
pub fn close(conn: &mut Connection, socket: &mut impl Write) -> io::Result<()> {
    conn.send_close_notify();
    flush(conn, socket)
}

/// One socket read into `conn`, of at most what `conn` takes now, so that nothing read is left
/// over; on a fatal error, its alert is flushed before returning.
fn receive_once(
    conn: &mut Connection,
    socket: &mut (impl Read + Write),
    buf: &mut [u8],
) -> Result<(), Error> {
    let room = conn.receive_room().min(buf.len());
    if room == 0 {
        // The application must read what was received before more can come in.
        return Err(Error::WouldBlock);
    }
    let buf = buf.get_mut(..room).unwrap_or_default();
    let n = loop {
        match socket.read(buf) {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            result => break result?,
        }
    };
    if n == 0 {
        return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into());
    }
    match conn.receive(buf.get(..n).unwrap_or_default()) {
        // `conn` takes all `room` bytes it announced.
        Ok(_) => Ok(()),
        Err(error) => {
            // Best effort: the socket may already be gone; the TLS error is the one to report.
            let _ = flush(conn, socket);
            Err(error)
        }
    }
}

/// Writes everything pending to `socket` and flushes it: for callers that drive the
/// connection themselves (a full-duplex session reading on one thread, writing on another).
pub fn flush(conn: &mut Connection, socket: &mut impl Write) -> io::Result<()> {
    while !conn.pending_output().is_empty() {
        let n = socket.write(conn.pending_output())?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        conn.consume_output(n);
    }
    socket.flush()
}
