//! One TLS connection over a blocking TCP socket, shared by `tls serve` and `tls connect`.
//!
//! The sans-IO [`Connection`] sits behind a mutex so that two threads can drive it: the reader
//! (socket bytes in, plaintext out, handshake replies) and a writer (stdin, or the HTTP page).
//! Whoever changes the connection sends what it queued before letting go of the lock, so records
//! leave in the order the connection made them. The socket is read without the lock held.
//!
//! [`Limits`] bound how long a peer may take: to complete the handshake, between two reads, and
//! to take what we write. A write that times out ends the connection (the socket is shut both
//! ways, so the reader stops too), and that reason is what [`Session::run`] reports.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tls::{Connection, Negotiated};

/// The most plaintext one read from the connection hands over (one record's worth).
const CHUNK: usize = 16 * 1024;

/// How long a peer may take; `None` waits for ever.
#[derive(Clone, Copy, Default)]
pub(crate) struct Limits {
    /// From the session's start (or before: `tls connect` counts the TCP connect in), until the
    /// handshake is complete.
    pub(crate) handshake: Option<Duration>,
    /// The option that sets `handshake`, named in the message when it runs out.
    pub(crate) handshake_option: &'static str,
    /// The longest silence (no bytes received) once the handshake is complete.
    pub(crate) idle: Option<Duration>,
    /// The option that sets `idle`, named in the message when it runs out.
    pub(crate) idle_option: &'static str,
    /// The longest one write to the socket may block: a peer that stops reading is dropped,
    /// rather than holding up whoever writes to it (and, in `tls serve`, every other client).
    pub(crate) write: Option<Duration>,
}

/// What the reader hands to, and hears back from, the command using the session.
pub(crate) trait Handler {
    /// The handshake finished with these parameters.
    fn established(&mut self, session: &Session, negotiated: &Negotiated);
    /// The peer sent application data. `Ok(false)` stops reading.
    fn data(&mut self, session: &Session, bytes: &[u8]) -> Result<bool, String>;
    /// Server: the client's early data (0-RTT), which we accepted; it may be a replay. Dropped
    /// unless the command handles it.
    fn early_data(&mut self, _session: &Session, _bytes: &[u8]) -> Result<(), String> {
        Ok(())
    }
}

/// How a session's reading ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// The peer sent close_notify.
    PeerClosed,
    /// The handler asked to stop.
    Stopped,
}

/// A connection and its socket.
pub(crate) struct Session {
    conn: Mutex<Connection>,
    socket: TcpStream,
    /// We closed our side: our close_notify is sent, or waits behind the handshake.
    closed: AtomicBool,
    /// Our sending side of the socket is shut, after our close_notify went out.
    shut_down: AtomicBool,
    /// The reader has stopped: writers waiting for the handshake give up.
    finished: AtomicBool,
    /// What our stderr lines start with (`tls connect`, `tls serve: ADDRESS`).
    label: String,
    /// Once this many bytes of ours went out, we ask for a key update (once).
    key_update_after: Option<u64>,
    /// Bytes of ours sent so far.
    sent: AtomicU64,
    /// The key update is due, and waits for the handshake to complete.
    key_update_due: AtomicBool,
    /// KeyUpdates already reported on stderr, sent and received.
    reported_sent: AtomicU64,
    reported_received: AtomicU64,
    limits: Limits,
    /// When the handshake must be complete by, from [`Limits::handshake`].
    handshake_deadline: Option<Instant>,
    /// Why a writer ended the connection: reported by [`Session::run`] in place of what the
    /// reader then sees (a socket shut under it).
    failure: Mutex<Option<String>>,
}

impl Session {
    /// Wraps `conn` and sends what it already queued (a client's ClientHello). Its stderr
    /// lines start with `label`; with `key_update_after`, once that many bytes of ours went
    /// out it asks for fresh keys both ways (a KeyUpdate with update_requested). The
    /// handshake limit counts from `started`.
    pub(crate) fn start(
        conn: Connection,
        socket: TcpStream,
        label: String,
        key_update_after: Option<u64>,
        limits: Limits,
        started: Instant,
    ) -> Result<Self, String> {
        socket
            .set_write_timeout(limits.write)
            .map_err(|e| format!("setting the write timeout: {e}"))?;
        let session = Self {
            conn: Mutex::new(conn),
            socket,
            closed: AtomicBool::new(false),
            shut_down: AtomicBool::new(false),
            finished: AtomicBool::new(false),
            label,
            key_update_after,
            sent: AtomicU64::new(0),
            key_update_due: AtomicBool::new(false),
            reported_sent: AtomicU64::new(0),
            reported_received: AtomicU64::new(0),
            limits,
            handshake_deadline: limits.handshake.and_then(|t| started.checked_add(t)),
            failure: Mutex::new(None),
        };
        let sent = session.flush(&mut session.lock());
        sent.map_err(|e| session.sending_error(&e))?;
        Ok(session)
    }

    /// What a failed write to the socket means, in one line.
    fn sending_error(&self, e: &io::Error) -> String {
        match self.write_timed_out(e) {
            Some(limit) => format!(
                "the peer took nothing we sent for {} s (write timeout): dropped",
                limit.as_secs()
            ),
            None => format!("sending: {e}"),
        }
    }

    /// The write timeout, if that is what `e` is.
    fn write_timed_out(&self, e: &io::Error) -> Option<Duration> {
        match e.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => self.limits.write,
            _ => None,
        }
    }

    /// A writer's failed write: after a write timeout (a record may be half out, and the
    /// reader may wait for ever on a peer that stopped reading), the connection is ended and
    /// the reader stops. Any other failure (the peer closed or reset) is the reader's to see
    /// and report, after it reads what the peer sent before.
    fn writer_failed(&self, e: &io::Error) -> String {
        let reason = self.sending_error(e);
        if self.write_timed_out(e).is_some() {
            self.fail(reason.clone());
        }
        reason
    }

    /// Ends the connection for a writer's `reason`: the socket is shut both ways, so the
    /// reader stops and [`Session::run`] reports `reason`. Only the first reason is kept.
    fn fail(&self, reason: String) {
        self.failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_or_insert(reason);
        // Already shut, if the reader got there first: nothing more to do.
        let _ = self.socket.shutdown(Shutdown::Both);
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A thread that panicked holding the lock leaves the connection as it was; carrying on
        // (and failing at the next TLS error) beats poisoning every other thread.
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Sends everything `conn` has queued, within the write timeout all told: the socket's
    /// timeout bounds each write, and a peer that takes a few bytes now and then would restart
    /// it, so each write after the first gets only what is left.
    fn flush(&self, conn: &mut MutexGuard<'_, Connection>) -> io::Result<()> {
        let deadline = self.limits.write.map(|limit| Instant::now() + limit);
        let mut shortened = false;
        let result = loop {
            if conn.pending_output().is_empty() {
                break Ok(());
            }
            match conn.write_tls(&mut &self.socket) {
                Ok(0) => break Err(io::ErrorKind::WriteZero.into()),
                Ok(_) => {}
                Err(e) => break Err(e),
            }
            let Some(deadline) = deadline else { continue };
            if conn.pending_output().is_empty() {
                continue;
            }
            match deadline.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => {
                    shortened = true;
                    if let Err(e) = self.socket.set_write_timeout(Some(left)) {
                        break Err(e);
                    }
                }
                _ => break Err(io::ErrorKind::TimedOut.into()),
            }
        };
        if shortened {
            self.socket.set_write_timeout(self.limits.write)?;
        }
        result.and_then(|()| (&self.socket).flush())
    }

    /// Whether the server accepted our early data (client), once it answered.
    pub(crate) fn early_data_accepted(&self) -> Option<bool> {
        self.lock().early_data_accepted()
    }

    /// Sends `data` as application data (queued until the handshake allows it).
    pub(crate) fn send(&self, mut data: &[u8]) -> Result<(), String> {
        while !data.is_empty() {
            let taken = {
                let mut conn = self.lock();
                let taken = conn.write(data).map_err(|e| e.to_string())?;
                self.count_sent(taken);
                self.maybe_update_keys(&mut conn)?;
                let sent = self.flush(&mut conn);
                sent.map_err(|e| self.writer_failed(&e))?;
                self.report_key_updates(&conn);
                taken
            };
            if taken == 0 {
                // The connection holds all it will before the handshake ends; the reader moves
                // it on, so wait for it (or for it to give up).
                if self.finished.load(Ordering::Acquire) {
                    return Err("the connection ended before the data could be sent".to_owned());
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            data = data.get(taken..).unwrap_or_default();
        }
        Ok(())
    }

    /// Counts `taken` bytes as sent; once they reach `key_update_after`, the key update is
    /// due.
    fn count_sent(&self, taken: usize) {
        let taken = u64::try_from(taken).unwrap_or(u64::MAX);
        let before = self.sent.fetch_add(taken, Ordering::AcqRel);
        if let Some(after) = self.key_update_after
            && before < after
            && before.saturating_add(taken) >= after
        {
            self.key_update_due.store(true, Ordering::Release);
        }
    }

    /// Asks for fresh keys both ways if the update is due and the handshake is complete
    /// (data written during the handshake waits for it, and so does the update).
    fn maybe_update_keys(&self, conn: &mut Connection) -> Result<(), String> {
        if !conn.is_handshaking() && self.key_update_due.swap(false, Ordering::AcqRel) {
            conn.refresh_traffic_keys()
                .map_err(|e| format!("key update: {e}"))?;
        }
        Ok(())
    }

    /// Reports on stderr the KeyUpdates sent and received since the last report.
    fn report_key_updates(&self, conn: &Connection) {
        self.report_key_update_counts(conn.key_updates_sent(), conn.key_updates_received());
    }

    /// Reports on stderr the KeyUpdates past the ones reported, given the totals.
    fn report_key_update_counts(&self, sent: u64, received: u64) {
        for (direction, total, reported) in [
            ("sent", sent, &self.reported_sent),
            ("received", received, &self.reported_received),
        ] {
            let before = reported.swap(total, Ordering::AcqRel);
            for n in before.saturating_add(1)..=total {
                eprintln!("{}: key update {direction} ({n})", self.label);
            }
        }
    }

    /// Sends close_notify (once) and shuts our sending side of the socket. During the
    /// handshake the connection sends the close_notify (after what was written before it) as
    /// soon as the handshake completes; the socket is shut then, by the reader, since shutting
    /// it now would cut the handshake off.
    pub(crate) fn close(&self) {
        if self.closed.swap(true, Ordering::AcqRel) {
            return;
        }
        let mut conn = self.lock();
        conn.send_close_notify();
        // The peer may already be gone; there is nobody left to tell.
        let _ = self.flush(&mut conn);
        self.shut_down_if_closed(&conn);
    }

    /// Shuts our sending side once we closed and our close_notify (or a fatal alert) is out.
    fn shut_down_if_closed(&self, conn: &Connection) {
        let sent = !conn.is_handshaking() && conn.pending_output().is_empty();
        if self.closed.load(Ordering::Acquire)
            && sent
            && !self.shut_down.swap(true, Ordering::AcqRel)
        {
            let _ = self.socket.shutdown(Shutdown::Write);
        }
    }

    /// Reads until the peer closes, the handler stops, or an error; hands plaintext to
    /// `handler`. A fatal error's alert is sent before this returns.
    pub(crate) fn run(&self, handler: &mut dyn Handler) -> Result<End, String> {
        let result = self.read_loop(handler);
        self.finished.store(true, Ordering::Release);
        let failure = self
            .failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match failure {
            Some(reason) => Err(reason),
            None => result,
        }
    }

    /// How long the next read may wait: until the handshake deadline, or the idle timeout once
    /// established. An error once the handshake deadline has passed.
    fn read_timeout(&self, established: bool) -> Result<Option<Duration>, String> {
        if established {
            return Ok(self.limits.idle);
        }
        let Some(deadline) = self.handshake_deadline else {
            return Ok(None);
        };
        // A zero timeout would mean none at all to the socket.
        match deadline.checked_duration_since(Instant::now()) {
            Some(left) if !left.is_zero() => Ok(Some(left)),
            _ => Err(self.handshake_timed_out()),
        }
    }

    fn handshake_timed_out(&self) -> String {
        let secs = self.limits.handshake.unwrap_or_default().as_secs();
        format!(
            "no handshake within {secs} s ({}): gave up",
            self.limits.handshake_option
        )
    }

    /// Why a read that timed out did.
    fn read_timed_out(&self, established: bool) -> String {
        match (established, self.limits.idle) {
            (true, Some(idle)) => format!(
                "nothing received for {} s ({}): closed",
                idle.as_secs(),
                self.limits.idle_option
            ),
            _ => self.handshake_timed_out(),
        }
    }

    fn read_loop(&self, handler: &mut dyn Handler) -> Result<End, String> {
        let mut buf = vec![0u8; CHUNK];
        let mut established = false;
        loop {
            self.socket
                .set_read_timeout(self.read_timeout(established)?)
                .map_err(|e| format!("setting the read timeout: {e}"))?;
            let n = match (&self.socket).read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(self.read_timed_out(established));
                }
                Err(e) => return Err(format!("receiving: {e}")),
            };
            let mut plaintext = Vec::new();
            let mut early = Vec::new();
            let (received, negotiated, peer_closed, updates) = {
                let mut conn = self.lock();
                // The connection takes what fits its received-plaintext limit: read it out and
                // offer the rest until all of it is taken. Plaintext accepted before an error is
                // still the peer's data: it is handed over first.
                let mut rest = buf.get(..n).unwrap_or_default();
                let (received, drained) = loop {
                    let received = conn.receive(rest);
                    drain_early_data(&mut conn, &mut early);
                    let drained = drain(&mut conn, &mut plaintext);
                    match (received, &drained) {
                        (Ok(taken), Ok(())) if taken < rest.len() && taken > 0 => {
                            rest = rest.get(taken..).unwrap_or_default();
                        }
                        (received, _) => break (received.map(drop), drained),
                    }
                };
                // The alert for a fatal error, or the handshake's next flight (and, once it
                // completes, what was written and closed during it).
                let updated = self.maybe_update_keys(&mut conn);
                let sent = self.flush(&mut conn);
                self.shut_down_if_closed(&conn);
                let negotiated = match (established, conn.is_handshaking()) {
                    (false, false) => conn.negotiated().cloned(),
                    _ => None,
                };
                let received = received
                    .map_err(|e| e.to_string())
                    .and(drained.map_err(|e| e.to_string()))
                    .and(updated)
                    .and(sent.map_err(|e| self.sending_error(&e)));
                let updates = (conn.key_updates_sent(), conn.key_updates_received());
                (received, negotiated, conn.peer_closed(), updates)
            };
            if let Some(negotiated) = negotiated {
                established = true;
                handler.established(self, &negotiated);
            }
            self.report_key_update_counts(updates.0, updates.1);
            if !early.is_empty() {
                handler.early_data(self, &early)?;
            }
            if !plaintext.is_empty() && !handler.data(self, &plaintext)? {
                return Ok(End::Stopped);
            }
            received?;
            if peer_closed {
                return Ok(End::PeerClosed);
            }
            if n == 0 {
                return Err(if established {
                    "the peer closed the connection without close_notify".to_owned()
                } else {
                    "the peer closed the connection during the handshake".to_owned()
                });
            }
        }
    }
}

/// Moves every byte of accepted early data into `out`.
fn drain_early_data(conn: &mut Connection, out: &mut Vec<u8>) {
    let mut chunk = vec![0u8; CHUNK];
    while let Ok(n @ 1..) = conn.read_early_data(&mut chunk) {
        out.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
}

/// Moves every byte of received plaintext into `out`, straight from where the connection
/// keeps it.
fn drain(conn: &mut Connection, out: &mut Vec<u8>) -> Result<(), tls::Error> {
    loop {
        let available = conn.plaintext();
        if available.is_empty() {
            // Nothing (more) to read yet, the peer's close_notify, or an error after the data.
            return conn.error().map_or(Ok(()), |error| Err(error.clone()));
        }
        out.extend_from_slice(available);
        let n = available.len();
        conn.consume_plaintext(n);
    }
}

/// The parameters of an established connection, as `tls connect` and `tls serve` print them.
pub(crate) fn describe(negotiated: &Negotiated) -> String {
    let mut text = format!("{}, {}", negotiated.version, negotiated.cipher_suite);
    match negotiated.group {
        Some(group) => text.push_str(&format!(", group {group}")),
        None if negotiated.resumed => {}
        None => text.push_str(", no key exchange"),
    }
    if negotiated.resumed {
        text.push_str(", resumed session");
    }
    if let Some(scheme) = negotiated.signature_scheme {
        text.push_str(&format!(", signature {scheme}"));
    }
    if let Some(alpn) = &negotiated.alpn_protocol {
        text.push_str(&format!(", alpn {}", String::from_utf8_lossy(alpn)));
    }
    if let Some(name) = &negotiated.server_name {
        text.push_str(&format!(", server name {name}"));
    }
    text
}

/// Parses `--alpn h2,http/1.1` into protocol names.
pub(crate) fn parse_alpn(list: Option<&str>) -> Result<Vec<Vec<u8>>, String> {
    let Some(list) = list else {
        return Ok(Vec::new());
    };
    list.split(',')
        .map(|name| {
            // RFC 7301 §3.1: names are 1 to 255 bytes.
            if name.is_empty() || name.len() > 255 {
                Err(format!("--alpn: {name:?} is not a protocol name"))
            } else {
                Ok(name.as_bytes().to_vec())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_alpn_list() {
        assert_eq!(
            parse_alpn(Some("h2,http/1.1")).unwrap(),
            vec![b"h2".to_vec(), b"http/1.1".to_vec()]
        );
        assert!(parse_alpn(None).unwrap().is_empty());
        assert!(parse_alpn(Some("h2,,x")).is_err());
    }
}
