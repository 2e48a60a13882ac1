//! Answers that arrive later: with [`Connection::defer_requests`], the handshake's requests
//! (choose a certificate, sign, verify a chain, choose a client certificate, open a ticket
//! whose ticketer opens tickets later) go to the
//! application instead of being answered in process. The machine waits in its `Await*` state;
//! the connection keeps what the peer sends meanwhile unprocessed (the receive buffer's worth:
//! [`Connection::receive`] then takes nothing more) until [`Connection::answer`].
//!
//! ```text
//! receive ─▶ machine: Request ─▶ take_request() ─▶ (thread pool, HSM, key service …)
//!                                                        │
//! records wait in the receive buffer ◀── answer(id, Answer) ┘ ─▶ machine goes on
//! ```

use tls_handshake::action::{Answer, Request};
use tls_handshake::input::Input;

use super::Connection;
use crate::error::Error;

/// Names one request of one connection, to answer it with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RequestId(u64);

/// The kinds of request, to check an answer fits the request it answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RequestKind {
    SelectCertificate,
    Sign,
    SelectClientCertificate,
    VerifyChain,
    OpenTicket,
}

impl RequestKind {
    fn of(request: &Request) -> Self {
        match request {
            Request::SelectCertificate(_) => Self::SelectCertificate,
            Request::Sign { .. } => Self::Sign,
            Request::SelectClientCertificate(_) => Self::SelectClientCertificate,
            Request::VerifyChain { .. } => Self::VerifyChain,
            Request::OpenTicket { .. } => Self::OpenTicket,
        }
    }

    fn fits(self, answer: &Answer) -> bool {
        matches!(
            (self, answer),
            (Self::SelectCertificate, Answer::Certificate(_))
                | (Self::Sign, Answer::Signature(_))
                | (Self::SelectClientCertificate, Answer::ClientCertificate(_))
                | (Self::VerifyChain, Answer::ChainVerified(_))
                | (Self::OpenTicket, Answer::Ticket(_))
        )
    }

    /// The request's name, for errors.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::SelectCertificate => "SelectCertificate",
            Self::Sign => "Sign",
            Self::SelectClientCertificate => "SelectClientCertificate",
            Self::VerifyChain => "VerifyChain",
            Self::OpenTicket => "OpenTicket",
        }
    }
}

/// The request the machine waits on: its id, its kind, and the request itself until the
/// application takes it.
#[derive(Debug)]
pub(super) struct Awaited {
    id: RequestId,
    kind: RequestKind,
    request: Option<Request>,
}

impl Connection {
    /// From now on the handshake's requests wait for the application: take each with
    /// [`take_request`](Self::take_request), do the work anywhere, and hand the result back
    /// with [`answer`](Self::answer). Without this the connection answers them in process
    /// with its config's resolvers and verifiers. Call it before the first
    /// [`receive`](Self::receive).
    pub fn defer_requests(&mut self) {
        self.defer_requests = true;
    }

    /// Whether the handshake waits for the answer to a request.
    pub fn is_awaiting_answer(&self) -> bool {
        self.awaited.is_some()
    }

    /// The request the handshake waits on, once: its id and what it asks. `None` when there is
    /// none, or it was taken already.
    pub fn take_request(&mut self) -> Option<(RequestId, Request)> {
        let awaited = self.awaited.as_mut()?;
        let request = awaited.request.take()?;
        Some((awaited.id, request))
    }

    /// The answer the connection would have given `request` in process, with its config's
    /// resolvers and verifiers: for an application that defers only some of the work (sends
    /// signatures to a key service, say, and verifies chains as configured).
    pub fn answer_in_process(&self, request: &Request) -> Option<Answer> {
        self.handshake
            .as_ref()
            .map(|handshake| handshake.answer_in_process(request))
    }

    /// Hands the machine the answer to request `id`, then goes on with what the peer sent
    /// meanwhile. Answering when nothing is awaited (twice, say), answering another request
    /// than the one awaited, or with an answer of another kind is refused and changes
    /// nothing ([`Error::NoRequestAwaited`], [`Error::WrongRequest`],
    /// [`Error::AnswerDoesNotFit`]); the handshake's own failure is fatal, as from
    /// [`receive`](Self::receive).
    pub fn answer(&mut self, id: RequestId, answer: Answer) -> Result<(), Error> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let Some(awaited) = &self.awaited else {
            return Err(Error::NoRequestAwaited);
        };
        if awaited.id != id {
            return Err(Error::WrongRequest);
        }
        if !awaited.kind.fits(&answer) {
            return Err(Error::AnswerDoesNotFit {
                request: awaited.kind.name(),
            });
        }
        self.awaited = None;
        self.resume_with(answer)
            .map_err(|error| self.maybe_send_fatal_alert(error))
    }

    /// Feeds `answer`, applies its step, then the messages and records that waited.
    fn resume_with(&mut self, answer: Answer) -> Result<(), Error> {
        let Some(handshake) = self.handshake.take() else {
            return Ok(());
        };
        self.handshake = Some(handshake.handle(Input::Answer(answer), &mut self.actions)?);
        self.apply_actions()?;
        self.process_handshake_messages()?;
        self.process_records()
    }

    /// Keeps `request` for the application; the machine waits for its answer.
    pub(super) fn await_answer(&mut self, request: Request) {
        let id = RequestId(self.next_request_id);
        self.next_request_id = self.next_request_id.wrapping_add(1);
        self.awaited = Some(Box::new(Awaited {
            id,
            kind: RequestKind::of(&request),
            request: Some(request),
        }));
    }
}
