//! What we send of our own: application data (bounded by the unsent-output limit, queued
//! behind an unfinished handshake, stopped at the write key's AEAD limit) and close_notify
//! (sent after what was written, never instead of it).

use tls_wire::codec::Codec;
use tls_wire::ids::ContentType;
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
    /// [`Error::WriteAfterClose`]. Once our write key has sealed all but one record its AEAD
    /// allows (RFC 8446 §5.5), the connection sends close_notify with that last record and
    /// returns [`Error::WriteKeyLimitReached`]: it never seals past the limit. (KeyUpdate,
    /// which lets TLS 1.3 go on instead, comes with issue 13.)
    pub fn write(&mut self, plaintext: &[u8]) -> Result<usize, Error> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if let Some(reason) = &self.write_closed {
            return Err(reason.clone());
        }
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

    /// Seals `data` as application data; on reaching the write key's limit, closes our
    /// write side. Returns the bytes sealed.
    pub(super) fn send_application_data(&mut self, data: &[u8]) -> Result<usize, Error> {
        let sent = self.writer.send_application_data(data)?;
        if sent < data.len() && self.writer.write_key_at_limit() {
            self.write_closed = Some(Error::WriteKeyLimitReached);
            self.send_close_notify_now();
        }
        Ok(sent)
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
