//! The sans-IO connection: the record layer driving the handshake, for a client or a server.
//!
//! ```text
//!  receive(bytes) ─▶ RecordReader (deframe, open in place) ─▶ handshake ─▶ HandshakeJoiner
//!   takes only what fits                                         │          ─▶ Handshake::handle
//!                                   change_cipher_spec ─▶ Input::ChangeCipherSpec ─┘   │ actions
//!                                   alert ◀──────────────────────┤                     ▼
//!                                   application data ─▶ read()   │    send at its level · install
//!                                   (≤ received-plaintext limit) │    keys (either version) ·
//!                                                                │    answer requests in process
//!  write(plaintext) ─▶ (queued until the handshake completes) ─▶ RecordWriter (seal in place)
//!   takes only what fits the unsent-output limit                  ─▶ pending_output()
//! ```
//!
//! The record layer serves either version: the machine installs [`RecordKeys`] of the version
//! it negotiated, the writer refuses a handshake message meant for an epoch other than its
//! key's, and change_cipher_spec records go to the machine, which applies its version's rule.
//!
//! **Bounded memory.** Whatever the peer and the application do, a connection holds at most
//! one record being received, one handshake message being joined (64 KiB), the received
//! plaintext limit of application data not read yet, and the unsent-output limit of records
//! not taken by the caller (plus the alerts and handshake messages, which are never refused).
//! [`receive`](Connection::receive) takes bytes only while they fit and says how many it took;
//! [`write`](Connection::write) likewise. Buffers are allocated when needed; during the
//! handshake they are kept from flight to flight, and once it is over each is released as soon
//! as it is empty, so an idle connection holds none.
//!
//! **Errors.** The first fatal error is kept: its alert is queued once, from one place
//! (`Connection::maybe_send_fatal_alert`), and every later `receive` or `write` returns the
//! same error. Application data received before it stays readable.

mod drive;
mod early_data;
mod handshake_log;
mod io;
mod receive;
mod requests;
mod send;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use tls_handshake::Handshake;
use tls_handshake::action::{Actions, Negotiated};
use tls_handshake::certificate_chain::CertificateChain;
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{BufferLimits, ClientConfig, ServerConfig};
use tls_handshake::error::ExportError;
use tls_handshake::profile::WireProfile;
use tls_handshake::proof::PeerAuth;
#[cfg(doc)]
use tls_handshake::record_keys::RecordKeys;
use tls_handshake::server::ServerHandshake;
use tls_handshake::ticket::SessionTicket;
use tls_pki::name::ServerName;
use tls_wire::codec::Codec;
use tls_wire::handshake::HandshakeJoiner;
use tls_wire::ids::{ContentType, HandshakeType};
use tls_wire::record::Alert;

use crate::error::Error;
use crate::record_reader::RecordReader;
use crate::record_writer::RecordWriter;
use handshake_log::HandshakeLog;
pub use requests::RequestId;

/// Which way a handshake message went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// We sent it.
    Sent,
    /// The peer sent it.
    Received,
}

/// A TLS connection without I/O: bytes from the peer go in through
/// [`receive`](Self::receive), bytes for the peer come out of
/// [`pending_output`](Self::pending_output); the application writes and reads plaintext.
#[derive(Debug)]
pub struct Connection {
    /// The handshake machine; `None` only after a failed step (the error is then kept).
    handshake: Option<Handshake>,
    reader: RecordReader,
    writer: RecordWriter,
    joiner: HandshakeJoiner,
    /// Reused for every handshake step.
    actions: Actions,
    /// Application data received and not read yet, read where it was decrypted: a record's
    /// place (start, length) in the receive buffer, while nothing else is buffered and until
    /// the buffer takes more bytes; then it is moved into `received`.
    held: Option<(usize, usize)>,
    /// Application data received and not read yet, from `received_start` on (after `held`).
    received: Vec<u8>,
    received_start: usize,
    /// Application data written before the handshake completed.
    queued: Vec<u8>,
    limits: BufferLimits,
    negotiated: Option<Negotiated>,
    peer_certificates: CertificateChain,
    log: HandshakeLog,
    /// The first fatal error.
    error: Option<Error>,
    /// The peer sent close_notify.
    peer_closed: bool,
    /// Why we write nothing more: we closed ([`Error::WriteAfterClose`]), or our write key
    /// reached its AEAD limit ([`Error::WriteKeyLimitReached`]).
    write_closed: Option<Error>,
    /// A close_notify asked for during the handshake, sent once it completes.
    close_notify_pending: bool,
    /// Zero-length application_data records received since the last record with content.
    empty_application_data: usize,
    /// Warning alerts (user_canceled) received since the last record that was not an alert.
    warning_alerts: usize,
    /// The peer asked for our KeyUpdate, which goes out before our next application data
    /// (RFC 8446 §4.6.3): one answer however many requests came meanwhile.
    key_update_owed: bool,
    /// KeyUpdates received since the last application data with content.
    key_updates: usize,
    /// KeyUpdates sent and received over the connection's life.
    key_updates_sent: u64,
    key_updates_received: u64,
    /// Requests go to the application ([`Connection::defer_requests`]).
    defer_requests: bool,
    /// The request the machine waits on, when requests are deferred (boxed: most
    /// connections never defer, and a request is large).
    awaited: Option<Box<requests::Awaited>>,
    /// The id the next deferred request gets.
    next_request_id: u64,
    /// 0-RTT: what the client may still send, what the server accepted (boxed, made on first
    /// use: most connections send or take none).
    early: Option<Box<early_data::EarlyData>>,
}

/// The most zero-length application_data records a peer may send in a row. Each costs us a
/// record's decryption and carries nothing: a peer sending them endlessly is stalling us.
pub const MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA: usize = 32;

/// The most warning alerts (in TLS 1.3, user_canceled) a peer may send in a row: one, then
/// its close_notify, is what RFC 8446 §6.1 expects.
pub const MAX_CONSECUTIVE_WARNING_ALERTS: usize = 4;

/// The most KeyUpdates a peer may send without application data between them. Each costs us
/// a key derivation; a peer sending them endlessly is stalling us.
pub const MAX_KEY_UPDATES_WITHOUT_DATA: usize = 32;

/// Room for the actions of one handshake step, so that the list is allocated once and kept
/// until the handshake is over. The busiest step is a TLS 1.3 server's reply to a ClientHello:
/// up to 9 actions for a full handshake (record size limit, ServerHello, change_cipher_spec,
/// keys, EncryptedExtensions, CertificateRequest, Certificate, the signature request) and up
/// to 12 resuming with early data accepted.
const ACTIONS_PER_STEP: usize = 12;

impl Connection {
    /// A client connecting to `server_name`: a DNS name is sent as SNI and checked against
    /// the server's certificate; an IP address is not sent (RFC 6066 §3) and is checked
    /// against the certificate's iPAddress names. Its ClientHello is ready in
    /// [`pending_output`](Self::pending_output).
    pub fn client(config: Arc<ClientConfig>, server_name: ServerName) -> Result<Self, Error> {
        let limits = config.buffer_limits();
        let profile = config.wire_profile().clone();
        let mut actions = Actions::with_capacity(ACTIONS_PER_STEP);
        let machine = ClientHandshake::start(config, server_name, &mut actions)?;
        let mut connection = Self::new(Handshake::Client(machine), actions, limits, &profile);
        connection.apply_actions()?;
        Ok(connection)
    }

    /// A server waiting for a ClientHello.
    pub fn server(config: Arc<ServerConfig>) -> Self {
        let limits = config.buffer_limits();
        let profile = config.wire_profile().clone();
        Self::new(
            Handshake::Server(ServerHandshake::new(config)),
            Actions::with_capacity(ACTIONS_PER_STEP),
            limits,
            &profile,
        )
    }

    fn new(
        handshake: Handshake,
        actions: Actions,
        limits: BufferLimits,
        profile: &WireProfile,
    ) -> Self {
        Self {
            handshake: Some(handshake),
            reader: RecordReader::new(profile.application_read_sequence()),
            writer: RecordWriter::new(profile.application_write_sequence()),
            joiner: HandshakeJoiner::new(),
            actions,
            held: None,
            received: Vec::new(),
            received_start: 0,
            queued: Vec::new(),
            limits,
            negotiated: None,
            peer_certificates: CertificateChain::default(),
            log: HandshakeLog::new(),
            error: None,
            peer_closed: false,
            write_closed: None,
            close_notify_pending: false,
            empty_application_data: 0,
            warning_alerts: 0,
            key_update_owed: false,
            key_updates: 0,
            key_updates_sent: 0,
            key_updates_received: 0,
            defer_requests: false,
            awaited: None,
            next_request_id: 0,
            early: None,
        }
    }

    /// Records to send to the peer.
    pub fn pending_output(&self) -> &[u8] {
        self.writer.pending()
    }

    /// Marks the first `n` bytes of [`pending_output`](Self::pending_output) as sent. Once
    /// everything is sent after the handshake, the output buffer is released (during it, the
    /// buffer is kept for the next flight).
    pub fn consume_output(&mut self, n: usize) {
        self.writer.consume(n);
        if !self.is_handshaking() {
            self.writer.release_if_idle();
        }
    }

    /// Copies received application data into `out`. `Ok(0)` once the peer sent close_notify
    /// and everything was read; [`Error::WouldBlock`] while nothing is buffered. Data that
    /// arrived before a fatal error is returned before the error. Reading makes room for
    /// [`receive`](Self::receive) to take more.
    pub fn read(&mut self, out: &mut [u8]) -> Result<usize, Error> {
        let available = self.plaintext();
        if !available.is_empty() || out.is_empty() {
            let n = available.len().min(out.len());
            if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
                to.copy_from_slice(from);
            }
            self.consume_plaintext(n);
            return Ok(n);
        }
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if self.peer_closed {
            return Ok(0);
        }
        Err(Error::WouldBlock)
    }

    /// The application data received and not read yet, borrowed where it is kept: no copy
    /// into a buffer of yours. Mark what you used with
    /// [`consume_plaintext`](Self::consume_plaintext). Empty when nothing is buffered (then
    /// receive more; [`read`](Self::read) says whether the peer closed or an error came).
    pub fn plaintext(&self) -> &[u8] {
        match self.held {
            Some((start, len)) => self
                .reader
                .buffer()
                .get(start..start.saturating_add(len))
                .unwrap_or_default(),
            None => self.received.get(self.received_start..).unwrap_or_default(),
        }
    }

    /// Marks the first `n` bytes of [`plaintext`](Self::plaintext) as read (all of it, if `n`
    /// is larger), making room for [`receive`](Self::receive) to take more.
    pub fn consume_plaintext(&mut self, mut n: usize) {
        if let Some((start, len)) = self.held {
            let used = n.min(len);
            self.held =
                (used < len).then(|| (start.saturating_add(used), len.saturating_sub(used)));
            n = n.saturating_sub(used);
            if self.held.is_some() {
                return;
            }
            // Read: the receive buffer is idle again unless more waits in it.
            if !self.is_handshaking() {
                self.reader.shrink_if_idle();
            }
            if n == 0 {
                return;
            }
        }
        self.received_start = self
            .received_start
            .saturating_add(n)
            .min(self.received.len());
        if self.received_start == self.received.len() {
            // All read: release the buffer, so an idle connection holds none.
            self.received = Vec::new();
            self.received_start = 0;
        }
    }

    /// How many bytes of received application data wait to be [`read`](Self::read): at most
    /// the received-plaintext limit.
    pub fn received_len(&self) -> usize {
        let held = self.held.map_or(0, |(_, len)| len);
        held.saturating_add(self.received.len().saturating_sub(self.received_start))
    }

    /// Moves the record read in place into `received`, ahead of what is there: the receive
    /// buffer is about to take more bytes (the one copy, only when the application did not
    /// read the record before more arrived).
    pub(super) fn evacuate_held(&mut self) {
        let Some((start, len)) = self.held.take() else {
            return;
        };
        let held = self
            .reader
            .buffer()
            .get(start..start.saturating_add(len))
            .unwrap_or_default();
        let rest = self.received.get(self.received_start..).unwrap_or_default();
        let mut received = Vec::with_capacity(held.len().saturating_add(rest.len()));
        received.extend_from_slice(held);
        received.extend_from_slice(rest);
        self.received = received;
        self.received_start = 0;
    }

    /// Bytes the connection's buffers hold allocated: the receive buffer, the handshake joining
    /// buffer, received application data, data queued behind the handshake and records not
    /// yet taken. Bounded by the config's [`BufferLimits`]
    /// plus a record and a handshake message; 0 for a connection idle after its handshake.
    pub fn buffer_capacity(&self) -> usize {
        [
            self.reader.capacity(),
            self.joiner.capacity(),
            self.received.capacity(),
            self.queued.capacity(),
            self.writer.capacity(),
        ]
        .into_iter()
        .fold(0, usize::saturating_add)
    }

    /// Whether the handshake is still running (false once it completed, or failed).
    pub fn is_handshaking(&self) -> bool {
        self.error.is_none() && !self.handshake.as_ref().is_some_and(Handshake::is_complete)
    }

    /// What the handshake agreed on, once it is complete.
    pub fn negotiated(&self) -> Option<&Negotiated> {
        self.negotiated.as_ref()
    }

    /// The session tickets a server sent this client after the handshake, oldest first: the
    /// last [`MAX_KEPT_TICKETS`](tls_handshake::ticket::MAX_KEPT_TICKETS), kept for resumption.
    /// Empty on a server.
    pub fn session_tickets(&self) -> Vec<&SessionTicket> {
        self.handshake
            .as_ref()
            .map(Handshake::session_tickets)
            .unwrap_or_default()
    }

    /// Exports keying material (RFC 5705, RFC 8446 §7.5) into `out`: `out.len()` bytes for
    /// `label` and `context`, once the handshake is complete, the same on both ends.
    ///
    /// ```text
    /// TLS 1.3: HKDF-Expand-Label(Derive-Secret(exporter_master_secret, label, ""),
    ///                            "exporter", Hash(context), out.len())   (no context = empty)
    /// TLS 1.2: PRF(master_secret, label, client_random + server_random
    ///              [+ uint16 context length + context])[out.len()]
    /// ```
    ///
    /// A TLS 1.2 session without the extended master secret (RFC 7627) exports nothing: its
    /// master secret may be shared with another session. Errors end nothing.
    pub fn export_keying_material(
        &self,
        label: &[u8],
        context: Option<&[u8]>,
        out: &mut [u8],
    ) -> Result<(), ExportError> {
        self.handshake
            .as_ref()
            .ok_or(ExportError::HandshakeIncomplete)?
            .export_keying_material(label, context, out)
    }

    /// How the peer authenticated, once the handshake is complete: for a certificate, who
    /// accepted the chain and the path tls-pki built to a trust anchor
    /// ([`CertificateVerified::path`](tls_handshake::proof::CertificateVerified::path)).
    pub fn peer_auth(&self) -> Option<&PeerAuth> {
        self.handshake.as_ref()?.peer_auth()
    }

    /// The certificates the peer sent (DER, end-entity first), once received.
    pub fn peer_certificates(&self) -> &[Vec<u8>] {
        &self.peer_certificates
    }

    /// How many KeyUpdates we sent: the ones [`refresh_traffic_keys`](Self::refresh_traffic_keys)
    /// asked for, the answers to the peer's requests, and the ones before the AEAD limit.
    pub fn key_updates_sent(&self) -> u64 {
        self.key_updates_sent
    }

    /// How many KeyUpdates the peer sent.
    pub fn key_updates_received(&self) -> u64 {
        self.key_updates_received
    }

    /// Whether the peer sent close_notify.
    pub fn peer_closed(&self) -> bool {
        self.peer_closed
    }

    /// The first fatal error, if there was one.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }

    /// The handshake messages sent and received so far, in order.
    pub fn handshake_log(&self) -> &[(Direction, HandshakeType)] {
        self.log.as_slice()
    }

    /// How much this connection buffers at most (its config's limits).
    pub fn buffer_limits(&self) -> BufferLimits {
        self.limits
    }

    /// Keeps the first fatal error, queues its alert (if it has one) and returns it. This is
    /// the one place an alert for an error is sent (HOUSE-STYLE §6). Errors that are not
    /// fatal pass through untouched.
    fn maybe_send_fatal_alert(&mut self, error: Error) -> Error {
        if !error.is_fatal() || self.error.is_some() {
            return error;
        }
        if let Some(description) = error.alert() {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# Upon transmission or
            //# receipt of a fatal alert message, both parties MUST immediately close
            //# the connection.
            let alert = Alert::fatal(description).to_vec();
            // The alert is best effort: if it cannot be sealed either, the error stands.
            let _ = self.writer.send(ContentType::ALERT, &alert);
        }
        self.queued = Vec::new();
        self.error = Some(error.clone());
        error
    }
}
