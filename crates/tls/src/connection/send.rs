//! What we send of our own: application data (bounded by the unsent-output limit, queued
//! behind an unfinished handshake, stopped at the write key's AEAD limit) and close_notify
//! (sent after what was written, never instead of it).

use tls_wire::codec::Codec;
use tls_wire::ids::{ContentType, ProtocolVersion};
use tls_wire::record::Alert;

use super::Connection;
use crate::error::Error;

impl Connection {
    /// Takes application data to send: sealed into records at once after the handshake,
    /// queued until it completes. Returns how many bytes were taken: fewer than offered once
    /// the output not yet taken by [`consume_output`](Self::consume_output) and the queued
    /// data reach the unsent-output limit (`Ok(0)` when full: send what is pending, then
    /// offer the rest again).
    ///
    /// After a fatal error, returns that error; after close_notify,
    /// [`Error::WriteAfterClose`]. In TLS 1.3 our write key is updated (a KeyUpdate) before it
    /// seals more records than its AEAD allows (RFC 8446 §5.5), and before the first
    /// application data after the peer asked for an update. TLS 1.2 has no KeyUpdate: once its
    /// write key has sealed all but one record its AEAD allows, the connection sends
    /// close_notify with that last record and returns [`Error::WriteKeyLimitReached`]; it
    /// never seals past the limit.
    pub fn write(&mut self, plaintext: &[u8]) -> Result<usize, Error> {
        self.check_writable()?;
        let unsent = self
            .writer
            .pending()
            .len()
            .saturating_add(self.queued.len());
        let room = self.limits.unsent_output.saturating_sub(unsent);
        let offered = plaintext.get(..room).unwrap_or(plaintext);
        if self.is_handshaking() {
            self.queued.extend_from_slice(offered);
            return Ok(offered.len());
        }
        match self.send_application_data(offered) {
            Ok(0) if !offered.is_empty() => Err(Error::WriteKeyLimitReached),
            Ok(taken) => Ok(taken),
            Err(error) => Err(self.maybe_send_fatal_alert(error)),
        }
    }

    /// Sends application data written straight into the record buffer, with no copy: `fill`
    /// gets room for at most `max` bytes (within one record, and what the unsent-output limit
    /// leaves) and returns how many it wrote; those go out as one record, and their count is
    /// returned. For an application that produces its data in place (a serializer, a file
    /// read). Only once the handshake is complete: before, [`Error::WouldBlock`] (not fatal;
    /// [`write`](Self::write) queues instead). Otherwise as [`write`](Self::write): the
    /// KeyUpdate owed goes first, our key is updated at its AEAD limit (TLS 1.3), TLS 1.2 closes
    /// there.
    pub fn write_in_place(
        &mut self,
        max: usize,
        fill: impl FnOnce(&mut [u8]) -> usize,
    ) -> Result<usize, Error> {
        self.check_writable()?;
        if self.is_handshaking() {
            return Err(Error::WouldBlock);
        }
        let room = self
            .limits
            .unsent_output
            .saturating_sub(self.writer.pending().len());
        let max = max.min(room);
        if max == 0 {
            return Ok(0);
        }
        self.write_in_place_now(max, fill)
            .map_err(|error| self.maybe_send_fatal_alert(error))
    }

    /// [`write_in_place`](Self::write_in_place), its checks passed.
    fn write_in_place_now(
        &mut self,
        max: usize,
        fill: impl FnOnce(&mut [u8]) -> usize,
    ) -> Result<usize, Error> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.3
        //# If the request_update field is set to "update_requested",
        //# then the receiver MUST send a KeyUpdate of its own with
        //# request_update set to "update_not_requested" prior to sending its next
        //# Application Data record.
        if self.key_update_owed {
            self.update_write_key(false)?;
        }
        if self.writer.write_key_at_limit() {
            if self.can_update_keys() {
                self.update_write_key(false)?;
            } else {
                self.write_closed = Some(Error::WriteKeyLimitReached);
                self.send_close_notify_now();
                return Err(Error::WriteKeyLimitReached);
            }
        }
        self.writer.send_application_data_in_place(max, fill)
    }

    /// The error that ended the connection, or why our write side is closed, if either.
    fn check_writable(&self) -> Result<(), Error> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        match &self.write_closed {
            Some(reason) => Err(reason.clone()),
            None => Ok(()),
        }
    }

    /// Closes our write side with a close_notify alert: we send nothing more. Data written
    /// before it is never lost: if the handshake is still running, what was queued goes out
    /// as soon as it completes, and the close_notify after it. Reading goes on until the
    /// peer's close_notify. Does nothing after a fatal error or a first call.
    pub fn send_close_notify(&mut self) {
        if self.error.is_some() || self.write_closed.is_some() {
            return;
        }
        self.write_closed = Some(Error::WriteAfterClose);
        if self.is_handshaking() {
            self.close_notify_pending = true;
        } else {
            self.send_close_notify_now();
        }
    }

    /// Seals `data` as application data, after the KeyUpdate the peer asked for if one is
    /// owed, updating our write key whenever it reaches its AEAD limit (TLS 1.3); in TLS 1.2,
    /// closes our write side at the limit. Returns the bytes sealed.
    pub(super) fn send_application_data(&mut self, data: &[u8]) -> Result<usize, Error> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.3
        //# If the request_update field is set to "update_requested",
        //# then the receiver MUST send a KeyUpdate of its own with
        //# request_update set to "update_not_requested" prior to sending its next
        //# Application Data record.
        if self.key_update_owed && !data.is_empty() {
            self.update_write_key(false)?;
        }
        let mut sent = 0usize;
        loop {
            let rest = data.get(sent..).unwrap_or_default();
            sent = sent.saturating_add(self.writer.send_application_data(rest)?);
            if sent == data.len() || !self.writer.write_key_at_limit() {
                return Ok(sent);
            }
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5.5
            //# Implementations SHOULD do a key update as described in Section 4.6.3
            //# prior to reaching these limits.
            if self.can_update_keys() {
                self.update_write_key(false)?;
            } else {
                self.write_closed = Some(Error::WriteKeyLimitReached);
                self.send_close_notify_now();
                return Ok(sent);
            }
        }
    }

    /// Asks for fresh traffic keys both ways (RFC 8446 §4.6.3): sends a KeyUpdate with
    /// `update_requested`, so the peer updates its keys too, and seals from now on with our
    /// next key. Only in TLS 1.3, once the handshake is complete and while our write side is
    /// open; otherwise [`Error::KeyUpdateUnavailable`] (not fatal). Our key is also updated on
    /// its own before its AEAD limit, and the peer's requests are answered: this is for an
    /// application that wants fresh keys now.
    pub fn refresh_traffic_keys(&mut self) -> Result<(), Error> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if !self.can_update_keys() || self.write_closed.is_some() {
            return Err(Error::KeyUpdateUnavailable);
        }
        self.update_write_key(true)
            .map_err(|error| self.maybe_send_fatal_alert(error))
    }

    /// Whether our write key can be updated: a completed TLS 1.3 handshake.
    fn can_update_keys(&self) -> bool {
        !self.is_handshaking()
            && self
                .negotiated
                .as_ref()
                .is_some_and(|negotiated| negotiated.version == ProtocolVersion::TLSV1_3)
    }

    /// Sends our KeyUpdate (asking the peer to update too when `request_peer`) and installs
    /// our next write key; it answers any request the peer made.
    fn update_write_key(&mut self, request_peer: bool) -> Result<(), Error> {
        let Some(handshake) = self.handshake.as_mut() else {
            return Err(Error::KeyUpdateUnavailable);
        };
        handshake.update_traffic_keys(request_peer, &mut self.actions)?;
        self.key_update_owed = false;
        self.key_updates_sent = self.key_updates_sent.saturating_add(1);
        self.apply_actions()
    }

    /// Sends what was queued behind the handshake, then the close_notify asked for meanwhile.
    pub(super) fn send_after_handshake(&mut self) -> Result<(), Error> {
        let queued = core::mem::take(&mut self.queued);
        if !queued.is_empty() {
            self.send_application_data(&queued)?;
        }
        if core::mem::take(&mut self.close_notify_pending) {
            self.send_close_notify_now();
        }
        Ok(())
    }

    fn send_close_notify_now(&mut self) {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-6.1
        //# Each party MUST send a "close_notify" alert before closing its write
        //# side of the connection, unless it has already sent some error alert.
        let alert = Alert::CLOSE_NOTIFY.to_vec();
        if let Err(error) = self.writer.send(ContentType::ALERT, &alert) {
            self.maybe_send_fatal_alert(error);
        }
    }
}
