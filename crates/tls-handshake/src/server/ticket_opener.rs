//! Tickets opened later: a ticketer whose tickets are opened elsewhere (a fleet's remote
//! session store, a key service) says so ([`Ticketer::opens_later`]); the server then asks
//! for the ticket a ClientHello offers with [`Request::OpenTicket`], waits in `AwaitTicket`,
//! and reads the hello again once the answer brings the ticket's state.
//!
//! ```text
//! ClientHello with a ticket, ticketer.opens_later() ─▶ Request::OpenTicket ─▶ AwaitTicket
//!   ─ Answer::Ticket(state or none) ─▶ the ClientHello handled as usual, that ticket opened
//! ```
//!
//! [`Ticketer::opens_later`]: crate::ticketer::Ticketer::opens_later

use tls_wire::handshake::{ClientHello, HandshakeMessage, HandshakePayload, NegotiatedVersion};
use zeroize::Zeroizing;

use super::ServerState;
use super::client_hello::ExpectClientHello;
use crate::action::{Action, Actions, Request, TicketState};
use crate::config::{ServerConfig, SupportedVersion};
use crate::error::{HandshakeError, LocalError};

/// How a ClientHello's ticket opens.
#[derive(Debug)]
pub(crate) enum TicketOpener<'a> {
    /// By the config's ticketer, now.
    Now,
    /// With the answer to our request for `ticket`: its state, if it opened.
    Answered {
        ticket: &'a [u8],
        state: Option<&'a [u8]>,
    },
}

impl TicketOpener<'_> {
    /// The state `ticket` holds, if it opens.
    pub(crate) fn open(&self, config: &ServerConfig, ticket: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        match self {
            Self::Now => config.ticketer()?.open(ticket),
            Self::Answered {
                ticket: asked,
                state,
            } => {
                // The answer is for the ticket we asked about; any other does not open.
                (*asked == ticket).then(|| state.map(|state| Zeroizing::new(state.to_vec())))?
            }
        }
    }
}

/// A ticket asked about and its answer, kept for the second ClientHello after a
/// HelloRetryRequest, which offers the same ticket.
#[derive(Debug)]
pub(crate) struct AnsweredTicket {
    ticket: Vec<u8>,
    state: Option<Zeroizing<Vec<u8>>>,
}

impl AnsweredTicket {
    /// The opener for the second ClientHello.
    pub(crate) fn opener(&self) -> TicketOpener<'_> {
        TicketOpener::Answered {
            ticket: &self.ticket,
            state: self.state.as_deref().map(Vec::as_slice),
        }
    }
}

impl TicketOpener<'_> {
    /// The answer this opener holds, to keep across a HelloRetryRequest.
    pub(crate) fn answered(&self) -> Option<AnsweredTicket> {
        match self {
            Self::Now => None,
            Self::Answered { ticket, state } => Some(AnsweredTicket {
                ticket: ticket.to_vec(),
                state: state.map(|state| Zeroizing::new(state.to_vec())),
            }),
        }
    }
}

/// The ticket `hello` offers that the config's ticketer opens later, if any: TLS 1.3's first
/// PSK identity when we would speak TLS 1.3, else a TLS 1.2 SessionTicket.
pub(crate) fn ticket_to_open_later(
    hello: &ClientHello<'_>,
    config: &ServerConfig,
) -> Option<Vec<u8>> {
    let ticketer = config.ticketer()?;
    if !ticketer.opens_later() {
        return None;
    }
    let extensions = hello.extensions.as_ref()?;
    let tls13 = config.versions().contains(&SupportedVersion::Tls13)
        && extensions
            .supported_versions()
            .ok()
            .flatten()
            .is_some_and(|versions| versions.contains(&tls_wire::ids::ProtocolVersion::TLSV1_3));
    if tls13 {
        let offered = extensions.pre_shared_key().ok().flatten()?;
        return Some(offered.identities.first()?.identity.as_slice().to_vec());
    }
    extensions
        .session_ticket()
        .ok()
        .flatten()
        .filter(|ticket| !ticket.as_slice().is_empty())
        .map(|ticket| ticket.as_slice().to_vec())
}

/// Waiting for the state of the ticket the ClientHello offers.
#[derive(Debug)]
pub(crate) struct AwaitTicket {
    /// The ClientHello as received, read again once the answer comes.
    client_hello: Vec<u8>,
    ticket: Vec<u8>,
}

impl AwaitTicket {
    /// Asks for `ticket`'s state, keeping the ClientHello `raw` for the answer.
    pub(crate) fn request(raw: &[u8], ticket: Vec<u8>, out: &mut Actions) -> Self {
        out.push(Action::Request(Request::OpenTicket {
            ticket: ticket.clone(),
        }));
        Self {
            client_hello: raw.to_vec(),
            ticket,
        }
    }

    /// The ticket the state is asked for.
    pub(crate) fn ticket(&self) -> &[u8] {
        &self.ticket
    }

    /// The answer: the ClientHello handled with the ticket's `state` (none: it did not open,
    /// and the handshake is a full one).
    pub(crate) fn handle_ticket(
        self,
        state: Option<TicketState>,
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<ServerState, HandshakeError> {
        // We decoded these bytes once already.
        let message = HandshakeMessage::decode(&self.client_hello, NegotiatedVersion::NotYet)
            .map_err(|_| LocalError::UnrequestedAnswer {
                expected: "the ticket's state",
            })?;
        let HandshakePayload::ClientHello(hello) = message.payload() else {
            return Err(LocalError::UnrequestedAnswer {
                expected: "the ticket's state",
            }
            .into());
        };
        let opener = TicketOpener::Answered {
            ticket: &self.ticket,
            state: state.as_ref().map(|state| state.0.as_slice()),
        };
        ExpectClientHello.handle_client_hello(hello, message.raw(), config, &opener, out)
    }
}
