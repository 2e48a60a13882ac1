//! The stream after the handshake: tokio's `AsyncRead` and `AsyncWrite` over a
//! [`Connection`] and its IO.
//!
//! ```text
//! poll_read:     Connection::read ── nothing buffered ─▶ one IO read ─▶ again
//! poll_fill_buf: the same, lending Connection::plaintext instead of copying
//!                Ok(0) after the peer's close_notify; IO at its end without it: UnexpectedEof
//! poll_write:    Connection::write (output full: send it first) ─▶ send what the IO takes now
//! poll_flush:    everything pending to the IO, then IO flush
//! poll_shutdown: close_notify, sent and flushed, then the IO's write side shut down
//! ```
//!
//! Reading and writing are independent: a stream split with `tokio::io::split` reads on one
//! task and writes on another.

use core::pin::Pin;
use core::task::{Context, Poll, ready};
use std::io;

use ::tokio::io::{AsyncBufRead, AsyncRead, AsyncWrite, ReadBuf};

use super::session::Session;
use crate::connection::Connection;
use crate::error::Error;

/// A TLS stream over `IO`, once the handshake is complete: what
/// [`Handshake`](super::Handshake) resolves to.
///
/// Reads return the peer's application data, then `Ok` with nothing read (end of stream) after
/// its close_notify. An IO that ends without close_notify is an
/// [`io::ErrorKind::UnexpectedEof`] error: the data may have been cut short (a truncation
/// attack). Data received before any error is read first.
///
/// [`poll_shutdown`](AsyncWrite::poll_shutdown) closes our write side only (RFC 8446 §6.1):
/// reading goes on until the peer's close_notify. Dropping the stream sends nothing, so the
/// peer sees a truncation: shut down first. Errors are [`io::Error`]s carrying the
/// [`Error`](crate::Error) (`io::Error::get_ref` and `downcast_ref`).
#[derive(Debug)]
pub struct TlsStream<IO> {
    session: Session<IO>,
}

impl<IO> TlsStream<IO> {
    pub(super) fn new(session: Session<IO>) -> Self {
        Self { session }
    }

    /// The connection: what was negotiated, the peer's certificates, exporters.
    pub fn connection(&self) -> &Connection {
        &self.session.connection
    }

    /// The connection, to change it: fresh traffic keys
    /// ([`refresh_traffic_keys`](Connection::refresh_traffic_keys)), say. Reading and writing
    /// its application data directly would bypass the stream: use the stream for those.
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.session.connection
    }

    /// The IO underneath.
    pub fn get_ref(&self) -> &IO {
        &self.session.io
    }

    /// The IO underneath, mutably. Reading or writing it directly corrupts the TLS stream.
    pub fn get_mut(&mut self) -> &mut IO {
        &mut self.session.io
    }
}

impl<IO> AsyncRead for TlsStream<IO>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let session = &mut self.get_mut().session;
        loop {
            let result = session.connection.read(buf.initialize_unfilled());
            let result = match result {
                Ok(n) => {
                    buf.advance(n);
                    Ok(())
                }
                Err(Error::WouldBlock) if session.read_eof => {
                    //= https://www.rfc-editor.org/rfc/rfc8446#section-6.1
                    //# If a transport-level close
                    //# is received prior to a "close_notify", the receiver cannot know that
                    //# all the data that was sent has been received.
                    Err(io::ErrorKind::UnexpectedEof.into())
                }
                Err(Error::WouldBlock) => {
                    ready!(session.poll_progress(cx))?;
                    continue;
                }
                Err(error) => Err(error.into()),
            };
            // What the connection queued meanwhile and nobody waits on (TLS 1.2's answer to
            // close_notify, a fatal alert) goes out now if the IO takes it.
            session.send_pending_if_ready(cx);
            return Poll::Ready(result);
        }
    }
}

/// Reads without copying: [`poll_fill_buf`](AsyncBufRead::poll_fill_buf) lends the
/// connection's received plaintext ([`Connection::plaintext`]).
impl<IO> AsyncBufRead for TlsStream<IO>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let session = &mut self.get_mut().session;
        while session.connection.plaintext().is_empty() && !session.connection.peer_closed() {
            if let Some(error) = session.connection.error() {
                return Poll::Ready(Err(error.clone().into()));
            }
            if session.read_eof {
                return Poll::Ready(Err(io::ErrorKind::UnexpectedEof.into()));
            }
            ready!(session.poll_progress(cx))?;
        }
        session.send_pending_if_ready(cx);
        Poll::Ready(Ok(session.connection.plaintext()))
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        self.get_mut().session.connection.consume_plaintext(amt);
    }
}

impl<IO> AsyncWrite for TlsStream<IO>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let session = &mut self.get_mut().session;
        let mut taken = session.connection.write(buf)?;
        if taken == 0 && !buf.is_empty() {
            // The unsent-output limit is reached: what waits must go first.
            ready!(session.poll_output(cx))?;
            taken = session.connection.write(buf)?;
        }
        // Sent now if the IO takes it; otherwise it goes with the next write or flush. An IO
        // error is reported at once: the IO is broken, whatever the connection took.
        if let Poll::Ready(Err(error)) = session.poll_output(cx) {
            return Poll::Ready(Err(error));
        }
        Poll::Ready(Ok(taken))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().session.poll_output(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let session = &mut self.get_mut().session;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-6.1
        //# Each party MUST send a "close_notify" alert before closing its write
        //# side of the connection, unless it has already sent some error alert.
        //
        // Queued once however often this is polled (the connection ignores a second call), and
        // not after a fatal error, whose alert went instead; the IO's write side is shut down
        // only once it is sent.
        session.connection.send_close_notify();
        ready!(session.poll_output(cx))?;
        Pin::new(&mut session.io).poll_shutdown(cx)
    }
}
