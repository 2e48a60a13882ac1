//! 0-RTT at the connection (RFC 8446 §2.3): a client writes early data under its early key
//! right after its ClientHello, up to what the ticket allows, and learns whether the server
//! accepted it; a server keeps accepted early data apart from 1-RTT data, for the
//! application to read knowing that an attacker may replay it.
//!
//! ```text
//! client: Connection::client ─▶ write_early_data* ─▶ … EncryptedExtensions ─▶ early_data_accepted()
//! server: receive ─▶ (accepted) early records ─▶ read_early_data ; then read as usual
//! ```
//!
//! The library never sends early data again after a rejection: the application decides
//! whether to write it as ordinary data.

use tls_handshake::action::Level;
use tls_handshake::error::ExportError;
use tls_keyschedule::tls13::EarlyExporterMasterSecret;

use super::Connection;
use crate::error::Error;

/// Where a connection's early data stands.
#[derive(Debug, Default)]
pub(super) struct EarlyData {
    /// Client: how many more bytes of early data the ticket allows.
    pub(super) allowed: usize,
    /// Whether the server accepted the early data, once known.
    pub(super) accepted: Option<bool>,
    /// Server: the most early data we take (our max_early_data_size), and how much came.
    pub(super) max: usize,
    pub(super) total: usize,
    /// Server: early data received and not read yet, from `start` on.
    pub(super) received: Vec<u8>,
    pub(super) start: usize,
    /// The early exporter, on a client offering early data or a server accepting it.
    pub(super) exporter: Option<EarlyExporterMasterSecret>,
}

impl EarlyData {
    /// Server: keeps `content`, an accepted early record's data, within our maximum.
    pub(super) fn take(&mut self, content: &[u8]) -> Result<(), Error> {
        let total = self.total.saturating_add(content.len());
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.1
        //# A server receiving more than
        //# max_early_data_size bytes of 0-RTT data SHOULD terminate the
        //# connection with an "unexpected_message" alert.
        if total > self.max {
            return Err(Error::TooMuchEarlyData);
        }
        self.total = total;
        self.received.extend_from_slice(content);
        Ok(())
    }
}

impl Connection {
    /// The early data state, made on first use.
    pub(super) fn early_mut(&mut self) -> &mut EarlyData {
        self.early.get_or_insert_with(Box::default)
    }

    /// Client: sends `data` as early data (0-RTT) under the early key, right behind the
    /// ClientHello; returns how much was taken (at most what the ticket still allows).
    /// Possible from [`Connection::client`] on when the config sends early data and a stored
    /// ticket allows it, until the server rejects it or our handshake moves past it;
    /// otherwise [`Error::EarlyDataUnavailable`] (not fatal). Early data may be replayed by an
    /// attacker: send only what is safe to repeat. Whether it arrived is
    /// [`early_data_accepted`](Self::early_data_accepted), once the server answered.
    pub fn write_early_data(&mut self, data: &[u8]) -> Result<usize, Error> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let allowed = self.early_data_allowed();
        if allowed == 0 {
            return Err(Error::EarlyDataUnavailable);
        }
        let n = data.len().min(allowed);
        let sent = self
            .writer
            .send_application_data(data.get(..n).unwrap_or_default())
            .map_err(|error| self.maybe_send_fatal_alert(error))?;
        let early = self.early_mut();
        early.allowed = early.allowed.saturating_sub(sent);
        Ok(sent)
    }

    /// Client: how many more bytes of early data may be written now (0 when none may).
    pub fn early_data_allowed(&self) -> usize {
        match &self.early {
            Some(early) if self.writer.level() == Level::Early && early.accepted != Some(false) => {
                early.allowed
            }
            _ => 0,
        }
    }

    /// Whether the early data was accepted: on a client, by the server (`None` until the
    /// server answered, or when none was offered); on a server, by us (`Some(true)` once we
    /// accepted the client's, `None` otherwise).
    pub fn early_data_accepted(&self) -> Option<bool> {
        self.early.as_ref()?.accepted
    }

    /// Server: copies accepted early data into `out`, apart from the 1-RTT data
    /// [`read`](Self::read) returns. [`Error::WouldBlock`] while none is buffered. An attacker
    /// may replay early data (RFC 8446 §8): act on it only if doing so twice is harmless.
    pub fn read_early_data(&mut self, out: &mut [u8]) -> Result<usize, Error> {
        let Some(early) = self.early.as_mut() else {
            return if out.is_empty() {
                Ok(0)
            } else {
                Err(Error::WouldBlock)
            };
        };
        let available = early.received.get(early.start..).unwrap_or_default();
        if available.is_empty() && !out.is_empty() {
            return Err(Error::WouldBlock);
        }
        let n = available.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        early.start = early.start.saturating_add(n);
        if early.start == early.received.len() {
            early.received = Vec::new();
            early.start = 0;
        }
        Ok(n)
    }

    /// Keying material from the early exporter (RFC 8446 §7.5), for use with 0-RTT data: on a
    /// client that offered early data, on a server that accepted it. As replayable as the
    /// early data itself.
    pub fn export_early_keying_material(
        &self,
        label: &[u8],
        context: &[u8],
        out: &mut [u8],
    ) -> Result<(), ExportError> {
        self.early
            .as_ref()
            .and_then(|early| early.exporter.as_ref())
            .ok_or(ExportError::NoEarlyData)?
            .derive_keying_material(label, context, out)
            .map_err(ExportError::Refused)
    }
}
