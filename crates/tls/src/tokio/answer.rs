//! The application's async answers to the handshake's requests (choose a certificate, sign,
//! verify a chain, open a ticket): one function, shared by every connection of a connector or
//! an acceptor, called once per request with the request; the future it returns runs while
//! the stream keeps polling its IO.
//!
//! ```text
//! Connection::take_request ─▶ answerer(request) ─▶ future ─▶ Reply::Answer(answer) ─────┐
//!                                                          └▶ Reply::InProcess(request) ─┤
//!                                                   Connection::answer_in_process(request)│
//! Connection::answer(id, answer) ◀──────────────────────────────────────────────────────┘
//! ```

use core::fmt;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::future::Future;
use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use tls_handshake::action::{Answer, Request};

use crate::connection::{Connection, RequestId};

/// What the application's function answers a request with.
#[derive(Debug)]
pub enum Reply {
    /// The application's own answer (from an HSM, a remote key service, a slow verifier …).
    Answer(Answer),
    /// Answer `request` as the connection would without an answering function: with its
    /// config's resolvers, verifiers and keys. Hand back the request the function was given,
    /// for the requests it leaves to the config.
    InProcess(Request),
}

/// The future an answering function returns, boxed.
type ReplyFuture = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// The application's answering function, type-erased and shared by every connection.
#[derive(Clone)]
pub(super) struct Answerer(Arc<dyn Fn(Request) -> ReplyFuture + Send + Sync>);

impl Answerer {
    /// Boxes the future `answer` returns, so connectors and acceptors hold one type.
    pub(super) fn new<F, Fut>(answer: F) -> Self
    where
        F: Fn(Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Reply> + Send + 'static,
    {
        Self(Arc::new(move |request| Box::pin(answer(request))))
    }
}

impl fmt::Debug for Answerer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Answerer(..)")
    }
}

/// One connection's answering: the function, and the reply it works on.
#[derive(Debug)]
pub(super) struct Answers {
    answerer: Option<Answerer>,
    in_flight: Option<InFlight>,
}

/// The reply being worked on, and the request it answers.
struct InFlight {
    id: RequestId,
    /// Never locked: it is reached through `&mut` ([`Mutex::get_mut`]). It is there so that a
    /// stream is `Sync` when its IO is (as servers built on hyper or tonic ask), though the
    /// application's future need only be `Send`.
    reply: Mutex<ReplyFuture>,
}

impl fmt::Debug for InFlight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InFlight").field("id", &self.id).finish()
    }
}

impl Answers {
    /// Answers with `answerer`, or in process (as a plain [`Connection`] does) without one.
    /// With one, `connection` [defers its requests](Connection::defer_requests): call this
    /// before it receives anything.
    pub(super) fn new(answerer: Option<Answerer>, connection: &mut Connection) -> Self {
        if answerer.is_some() {
            connection.defer_requests();
        }
        Self {
            answerer,
            in_flight: None,
        }
    }

    /// Starts the application's work on the request the connection waits on, if it has a new
    /// one, and polls the work in flight. `None` when there is none; `Ready(Ok(()))` once its
    /// answer went to the connection, whose handshake then went on (or failed: its error is
    /// then the connection's). An answer the connection refuses without failing, one of another
    /// kind than the request (a certificate for a signature, or the in-process answer to
    /// another request than the one given), would leave the handshake waiting forever: it is
    /// an error here ([`Error::AnswerDoesNotFit`](crate::Error::AnswerDoesNotFit)).
    pub(super) fn poll_answer(
        &mut self,
        connection: &mut Connection,
        cx: &mut Context<'_>,
    ) -> Option<Poll<io::Result<()>>> {
        if self.in_flight.is_none() {
            let answerer = self.answerer.as_ref()?;
            let (id, request) = connection.take_request()?;
            self.in_flight = Some(InFlight {
                id,
                reply: Mutex::new((answerer.0)(request)),
            });
        }
        let in_flight = self.in_flight.as_mut()?;
        let reply = in_flight
            .reply
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        let Poll::Ready(reply) = reply.as_mut().poll(cx) else {
            return Some(Poll::Pending);
        };
        let id = in_flight.id;
        self.in_flight = None;
        let answer = match reply {
            Reply::Answer(answer) => Some(answer),
            Reply::InProcess(request) => connection.answer_in_process(&request),
        };
        // No in-process answer means the machine is gone after a failure, which the
        // connection reports itself.
        let Some(answer) = answer else {
            return Some(Poll::Ready(Ok(())));
        };
        Some(Poll::Ready(match connection.answer(id, answer) {
            Err(error) if !error.is_fatal() => Err(error.into()),
            // A fatal error is the connection's from now on: reads and the handshake report it.
            Ok(()) | Err(_) => Ok(()),
        }))
    }
}
