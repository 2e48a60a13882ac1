//! The handshake as a future: it completes when the handshake does (our last flight sent),
//! with the stream to read and write, or fails with the handshake's error. Wrap it in
//! `tokio::time::timeout` to bound how long a peer may take; dropping it drops the IO.
//!
//! ```text
//! loop: connection failed? ─▶ its alert sent if the IO takes it now, the error returned
//!       send what is pending (Pending is fine: the peer may still be sending)
//!       complete? ─▶ once everything is sent, the stream
//!       IO at its end? ─▶ UnexpectedEof
//!       one answer or one IO read ─▶ again (Pending: wait for it)
//! ```

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, ready};
use std::io;

use ::tokio::io::{AsyncRead, AsyncWrite};

use super::TlsStream;
use super::session::Session;
use crate::error::Error;

/// The handshake future [`TlsConnector::connect`](super::TlsConnector::connect) and
/// [`TlsAcceptor::accept`](super::TlsAcceptor::accept) return: resolves to the
/// [`TlsStream`] once the handshake is complete, or to its error (an [`io::Error`] carrying
/// the [`Error`]; [`io::ErrorKind::UnexpectedEof`] when the IO ended first).
#[derive(Debug)]
#[must_use = "the handshake runs only when the future is polled"]
pub struct Handshake<IO> {
    stage: Stage<IO>,
}

#[derive(Debug)]
enum Stage<IO> {
    /// The connection could not start (a client whose config builds no ClientHello).
    Failed(Error),
    /// Boxed: a connection is about 2 KiB, and each poll takes the session out of its stage
    /// and puts it back (moving the box, not the connection).
    Running(Box<Session<IO>>),
    /// Resolved: polled again, it says so.
    Done,
}

impl<IO> Handshake<IO> {
    pub(super) fn running(session: Session<IO>) -> Self {
        Self {
            stage: Stage::Running(Box::new(session)),
        }
    }

    pub(super) fn failed(error: Error) -> Self {
        Self {
            stage: Stage::Failed(error),
        }
    }
}

impl<IO> Future for Handshake<IO>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    type Output = io::Result<TlsStream<IO>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        match core::mem::replace(&mut this.stage, Stage::Done) {
            Stage::Failed(error) => Poll::Ready(Err(error.into())),
            Stage::Done => Poll::Ready(Err(io::Error::other(
                "the handshake future was polled after it resolved",
            ))),
            Stage::Running(mut session) => match poll_handshake(&mut session, cx) {
                Poll::Pending => {
                    this.stage = Stage::Running(session);
                    Poll::Pending
                }
                Poll::Ready(result) => Poll::Ready(result.map(|()| TlsStream::new(*session))),
            },
        }
    }
}

/// Drives `session` until its handshake is complete and everything it sent is flushed.
fn poll_handshake<IO>(session: &mut Session<IO>, cx: &mut Context<'_>) -> Poll<io::Result<()>>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    loop {
        if let Some(error) = session.connection.error() {
            let error = error.clone();
            // The alert the failure queued goes out if the IO takes it now; the peer learns
            // of the failure from the closed IO anyway.
            session.send_pending_if_ready(cx);
            return Poll::Ready(Err(error.into()));
        }
        // Sent as far as the IO takes it now, without waiting: the peer may be sending to us
        // while our IO's write side is full, and reading goes on below.
        let sent = session.poll_output(cx)?;
        if !session.connection.is_handshaking() {
            // The peer completes on our last flight (and a TLS 1.3 server's tickets follow
            // it): resolving before it is out could leave it unsent.
            return sent.map(Ok);
        }
        if session.read_eof {
            return Poll::Ready(Err(io::ErrorKind::UnexpectedEof.into()));
        }
        ready!(session.poll_progress(cx))?;
    }
}
