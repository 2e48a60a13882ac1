//! Received records, by content type: handshake fragments to the joiner and the machine,
//! change_cipher_spec (once checked to be an unprotected `01`) to the machine, application data
//! to the read buffer, alerts handled here.

use tls_handshake::Handshake;
use tls_handshake::action::Level;
use tls_handshake::config::MIN_RECEIVED_PLAINTEXT_LIMIT;
use tls_wire::handshake::NegotiatedVersion;
use tls_wire::ids::{AlertDescription, AlertLevel, ContentType};
use tls_wire::record::{Alert, ChangeCipherSpec};

use super::{Connection, MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA, MAX_CONSECUTIVE_WARNING_ALERTS};
use crate::error::Error;

impl Connection {
    /// Bytes from the peer, in chunks of any size. Processes every whole record (handshake,
    /// alerts, application data) and returns how many bytes it took: all of them, unless the
    /// application data not yet [`read`](Self::read) leaves no room for another receive
    /// buffer's worth of plaintext (the received-plaintext limit). Offer the rest again once
    /// the application has read; a partial record waits inside for the rest of it.
    ///
    /// [`receive_room`](Self::receive_room) says beforehand how many bytes this takes, for a
    /// caller that reads from a socket.
    ///
    /// After a fatal error, returns that same error every time. Bytes after the peer's
    /// close_notify are taken and ignored.
    pub fn receive(&mut self, bytes: &[u8]) -> Result<usize, Error> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let taken = self
            .receive_records(bytes)
            .map_err(|error| self.maybe_send_fatal_alert(error))?;
        self.release_idle_buffers();
        Ok(taken)
    }

    /// Between calls an idle connection holds no receive, joining or output buffer (during
    /// the handshake they are kept from flight to flight, and the receive buffer while a
    /// record is read in place there).
    pub(super) fn release_idle_buffers(&mut self) {
        if self.is_handshaking() {
            return;
        }
        if self.held.is_none() {
            self.reader.shrink_if_idle();
        }
        self.joiner.shrink_if_idle();
        self.writer.release_if_idle();
    }

    /// How many bytes [`receive`](Self::receive) takes if called now: the free space of the
    /// receive buffer, or 0 while the application data not yet read leaves no room (read
    /// first) or after an error.
    pub fn receive_room(&self) -> usize {
        if self.error.is_some() {
            return 0;
        }
        if self.peer_closed {
            return usize::MAX;
        }
        if self.has_room_for_plaintext() {
            self.reader.room()
        } else {
            0
        }
    }

    /// Whether a whole receive buffer's plaintext still fits under the received-plaintext
    /// limit. The records one buffer holds carry at most [`MIN_RECEIVED_PLAINTEXT_LIMIT`]
    /// bytes of plaintext, so taking bytes only while this holds keeps the limit.
    pub(super) fn has_room_for_plaintext(&self) -> bool {
        self.received_len()
            .saturating_add(MIN_RECEIVED_PLAINTEXT_LIMIT)
            <= self.limits.received_plaintext
    }

    /// Takes `bytes` into the receive buffer while there is room for their plaintext,
    /// processing the whole records after each fill; returns how many bytes were taken.
    fn receive_records(&mut self, bytes: &[u8]) -> Result<usize, Error> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-6.1
        //# Any data received after a closure alert has been received
        //# MUST be ignored.
        if self.peer_closed {
            return Ok(bytes.len());
        }
        let mut rest = bytes;
        while !rest.is_empty() && self.has_room_for_plaintext() {
            self.evacuate_held();
            let taken = self.reader.extend(rest);
            rest = rest.get(taken..).unwrap_or_default();
            self.process_records()?;
            if self.peer_closed {
                return Ok(bytes.len());
            }
            // Every whole record was drained, so the buffer (grown to fit the pending record) has
            // room; taking nothing would mean a stuck deframer: stop rather than spin.
            if taken == 0 {
                break;
            }
        }
        Ok(bytes.len().saturating_sub(rest.len()))
    }

    /// Processes every whole record in the receive buffer.
    pub(super) fn process_records(&mut self) -> Result<(), Error> {
        // Records wait in the receive buffer while the machine waits for an answer: the next
        // may need keys the answer brings.
        while !self.peer_closed && self.awaited.is_none() {
            let handshaking = self.is_handshaking();
            let read_level = self.reader.level();
            self.compact_received();
            // Where the receive buffer starts: an application record opened in it is read
            // where it is, by its place.
            let buffer_addr = self.reader.buffer().as_ptr().addr();
            let Some(record) = self.reader.next_record(handshaking)? else {
                return Ok(());
            };
            if record.skipped {
                continue;
            }
            // Accepted early data: apart from 1-RTT data, within our maximum.
            if record.typ == ContentType::APPLICATION_DATA
                && record.protected
                && read_level == Level::Early
            {
                self.early
                    .get_or_insert_with(Box::default)
                    .take(record.content)?;
                continue;
            }
            if record.typ != ContentType::HANDSHAKE {
                self.joiner.check_other_content_type(record.typ)?;
            }
            // A record that makes progress ends both runs; an empty one or an alert does not,
            // so alternating the two does not reset either count.
            if record.typ == ContentType::HANDSHAKE
                || (record.typ == ContentType::APPLICATION_DATA && !record.content.is_empty())
            {
                self.warning_alerts = 0;
                self.empty_application_data = 0;
            }
            if record.typ == ContentType::APPLICATION_DATA && !record.content.is_empty() {
                self.key_updates = 0;
            }
            match record.typ {
                ContentType::HANDSHAKE => {
                    self.joiner.push(record.content)?;
                    self.process_handshake_messages()?;
                }
                ContentType::APPLICATION_DATA => {
                    //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.9
                    //# A Finished message is always sent immediately after a change
                    //# cipher spec message to verify that the key exchange and
                    //# authentication processes were successful.
                    //
                    // TLS 1.2 installs the peer's key at its change_cipher_spec, before its
                    // Finished: application data in between comes before the handshake is
                    // complete. (TLS 1.3 installs it only after the peer's Finished.)
                    let tls12_before_finished = handshaking
                        && self.handshake.as_ref().map(Handshake::negotiated_version)
                            == Some(NegotiatedVersion::Tls12);
                    if !record.protected
                        || read_level != Level::Application
                        || tls12_before_finished
                    {
                        return Err(Error::ApplicationDataBeforeHandshakeComplete);
                    }
                    //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
                    //# Zero-length
                    //# fragments of Application Data MAY be sent, as they are potentially
                    //# useful as a traffic analysis countermeasure.
                    if record.content.is_empty() {
                        self.empty_application_data = self.empty_application_data.saturating_add(1);
                        if self.empty_application_data > MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA {
                            return Err(Error::TooManyEmptyApplicationData);
                        }
                    }
                    // Read where it was decrypted when nothing else waits; after other
                    // data, in order, in `received`.
                    let place = record
                        .content
                        .as_ptr()
                        .addr()
                        .checked_sub(buffer_addr)
                        .filter(|_| {
                            self.held.is_none() && self.received.len() == self.received_start
                        });
                    match place {
                        Some(start) => self.held = Some((start, record.content.len())),
                        None => self.received.extend_from_slice(record.content),
                    }
                }
                ContentType::ALERT => {
                    let alert = Alert::decode_record(record.content)?;
                    self.handle_alert(alert)?;
                }
                ContentType::CHANGE_CIPHER_SPEC => {
                    //= https://www.rfc-editor.org/rfc/rfc8446#section-5
                    //# An
                    //# implementation which receives any other change_cipher_spec value or
                    //# which receives a protected change_cipher_spec record MUST abort the
                    //# handshake with an "unexpected_message" alert.
                    if record.protected {
                        return Err(Error::ProtectedChangeCipherSpec);
                    }
                    ChangeCipherSpec::decode_record(record.content)?;
                    // When one is allowed is the version's rule: the machine's.
                    self.process_change_cipher_spec()?;
                }
                typ => return Err(Error::UnprotectedRecordAfterKeyChange(typ)),
            }
        }
        Ok(())
    }

    /// close_notify ends the peer's side (and, in TLS 1.2, ours: we answer with our own);
    /// user_canceled is followed by it; in TLS 1.2 a no_renegotiation warning is tolerated;
    /// any other alert (other TLS 1.2 warnings included) ends the connection.
    fn handle_alert(&mut self, alert: Alert) -> Result<(), Error> {
        match alert.description {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.1
            //# close_notify:  This alert notifies the recipient that the sender will
            //#    not send any more messages on this connection.
            AlertDescription::CLOSE_NOTIFY if !self.is_handshaking() => {
                self.peer_closed = true;
                //= https://www.rfc-editor.org/rfc/rfc5246#section-7.2.1
                //# Upon receipt of a close_notify, the other party
                //# MUST respond with a close_notify alert of its own and close down
                //# the connection immediately, discarding any pending writes.
                //
                // TLS 1.3 lets each side close its write side alone (RFC 8446 §6.1); TLS 1.2
                // answers at once. What was sealed before stays queued: it was written
                // before the peer closed.
                if self.speaks_tls12() {
                    self.send_close_notify();
                }
                Ok(())
            }
            // Not an error: the close_notify that follows ends the connection.
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.1
            //# This alert SHOULD be followed by a
            //# "close_notify".
            // TLS 1.2 only: the answer to a renegotiation request, after which the requester
            // may go on (we never request one; a peer may still say so).
            //= https://www.rfc-editor.org/rfc/rfc5246#section-7.2.2
            //# At
            //# that point, the original requester can decide whether to proceed
            //# with the connection.
            AlertDescription::NO_RENEGOTIATION
                if alert.level == AlertLevel::WARNING && self.speaks_tls12() =>
            {
                self.warning_alerts = self.warning_alerts.saturating_add(1);
                if self.warning_alerts > MAX_CONSECUTIVE_WARNING_ALERTS {
                    return Err(Error::TooManyWarningAlerts);
                }
                Ok(())
            }
            AlertDescription::USER_CANCELED => {
                self.warning_alerts = self.warning_alerts.saturating_add(1);
                if self.warning_alerts > MAX_CONSECUTIVE_WARNING_ALERTS {
                    return Err(Error::TooManyWarningAlerts);
                }
                Ok(())
            }
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# Upon receiving an error alert, the TLS implementation
            //# SHOULD indicate an error to the application and MUST NOT allow any
            //# further data to be sent or received on the connection.
            description => Err(Error::AlertReceived(description)),
        }
    }

    /// Whether the handshake chose TLS 1.2.
    fn speaks_tls12(&self) -> bool {
        self.handshake
            .as_ref()
            .is_some_and(|handshake| handshake.negotiated_version() == NegotiatedVersion::Tls12)
    }

    /// Moves unread application data to the front once at least half the buffer is read,
    /// so the buffer does not creep forward while the application reads slowly: its unread
    /// part stays within the received-plaintext limit, and the part already read is at most
    /// as long again before it is dropped here.
    fn compact_received(&mut self) {
        if self.received_start > 0 && self.received_start >= self.received.len() / 2 {
            self.received.drain(..self.received_start);
            self.received_start = 0;
        }
    }
}
