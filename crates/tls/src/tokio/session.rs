//! A [`Connection`] bound to its IO: the steps the handshake future and the stream are made
//! of. Each step returns `Pending` only when something it polled (the IO, the application's
//! answer) returned `Pending` and so registered the task's waker: nothing here spins.
//!
//! ```text
//! IO.poll_read ─▶ stack buffer (at most what receive_room() says) ─▶ Connection::receive
//! Connection::pending_output ─▶ IO.poll_write ─▶ consume_output … ─▶ IO.poll_flush
//! Connection::take_request ─▶ the application's future ─▶ Connection::answer
//! ```

use core::mem::MaybeUninit;
use core::pin::Pin;
use core::task::{Context, Poll, ready};
use std::io;

use ::tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tls_wire::record::MAX_RECORD_LEN;

use super::answer::{Answerer, Answers};
use crate::connection::Connection;

/// The most bytes one IO read takes: a whole record of any version. The buffer lives on the
/// stack for the read's duration only, so an idle stream holds none.
const READ_CHUNK: usize = MAX_RECORD_LEN;

/// A connection, its IO and its answering.
#[derive(Debug)]
pub(super) struct Session<IO> {
    pub(super) io: IO,
    pub(super) connection: Connection,
    answers: Answers,
    /// The IO's read side reached its end.
    pub(super) read_eof: bool,
}

impl<IO> Session<IO>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    pub(super) fn new(io: IO, mut connection: Connection, answers: Option<Answerer>) -> Self {
        let answers = Answers::new(answers, &mut connection);
        Self {
            io,
            connection,
            answers,
            read_eof: false,
        }
    }

    /// Writes everything the connection has to send, then flushes the IO.
    pub(super) fn poll_output(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.connection.pending_output().is_empty() {
            let output = self.connection.pending_output();
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, output))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.connection.consume_output(n);
        }
        Pin::new(&mut self.io).poll_flush(cx)
    }

    /// Sends what the connection has pending if the IO takes it now, for output that nobody
    /// waits on: a fatal alert, TLS 1.2's answering close_notify. Errors are left for the
    /// write side, which meets them again on its next write, flush or shutdown.
    pub(super) fn send_pending_if_ready(&mut self, cx: &mut Context<'_>) {
        if !self.connection.pending_output().is_empty() {
            // Pending or failed: see above.
            let _ = self.poll_output(cx);
        }
    }

    /// One step on the receiving side: the application's answer to a request, if one is in
    /// flight and ready; otherwise one read from the IO into the connection. `Ready(Ok(()))`
    /// once something changed: an answer delivered, bytes taken, the IO's end reached
    /// ([`read_eof`](Self::read_eof)), or the connection failed (its error is then kept by
    /// the connection: read or check it).
    pub(super) fn poll_progress(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.answers.poll_answer(&mut self.connection, cx) {
            Some(Poll::Ready(result)) => return Poll::Ready(result),
            // While the handshake waits for the answer, the connection keeps what arrives,
            // unprocessed, as far as its receive buffer goes, and then takes nothing: only the
            // answer (whose waker is registered) can move it on.
            Some(Poll::Pending) if self.connection.receive_room() == 0 => return Poll::Pending,
            Some(Poll::Pending) | None => {}
        }
        self.poll_receive(cx)
    }

    /// One IO read of at most what the connection takes now, so nothing read is left over.
    fn poll_receive(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let room = self.connection.receive_room().min(READ_CHUNK);
        if room == 0 {
            // The connection takes nothing while it holds unread data, after an error, or while
            // it awaits an answer: the callers read, check the error or poll the answer
            // before they come here. Reaching this is a bug of ours; report it rather than
            // wait for a wakeup that never comes.
            return Poll::Ready(Err(io::Error::other(
                "the connection takes no bytes and awaits no answer",
            )));
        }
        let mut chunk = [MaybeUninit::<u8>::uninit(); READ_CHUNK];
        let mut buf = ReadBuf::uninit(chunk.get_mut(..room).unwrap_or_default());
        ready!(Pin::new(&mut self.io).poll_read(cx, &mut buf))?;
        let bytes = buf.filled();
        if bytes.is_empty() {
            self.read_eof = true;
            return Poll::Ready(Ok(()));
        }
        // It takes every byte: no more than `receive_room` announced. A failure is kept by
        // the connection (its alert queued): `read` returns the data received before it, then
        // the error, and the handshake checks `error()`.
        if self.connection.receive(bytes).is_err() {
            self.send_pending_if_ready(cx);
        }
        Poll::Ready(Ok(()))
    }
}
