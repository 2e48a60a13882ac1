//! The receiving side of the record layer: whole records cut from the received bytes by the
//! deframer, opened in place once a read key is installed, and checked against what RFC 8446
//! §5 allows unprotected.
//!
//! ```text
//! bytes ──▶ Deframer (in place) ──▶ protected?  ──▶ Tls13RecordOpener::open_in_place
//!                                   unprotected ──▶ allowed before the read key; after it,
//!                                                   only change_cipher_spec and alerts
//!                                                   while the handshake runs
//! ```

use tls_handshake::action::Level;
use tls_keyschedule::Tls13RecordOpener;
use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls13::TrafficSecret;
use tls_wire::ids::ContentType;
use tls_wire::record::{Deframer, RecordLimit};

use crate::error::Error;

/// One received record, opened: its real content type and content, lent from the receive
/// buffer.
#[derive(Debug)]
pub(crate) struct Opened<'a> {
    /// The real content type (the inner one of a protected record).
    pub(crate) typ: ContentType,
    /// The content, decrypted in place.
    pub(crate) content: &'a [u8],
    /// Whether the record was protected.
    pub(crate) protected: bool,
}

/// The records we receive.
#[derive(Debug)]
pub(crate) struct RecordReader {
    deframer: Deframer,
    /// The current read key and its epoch; `None` while records arrive unprotected.
    opener: Option<(Level, Tls13RecordOpener)>,
}

impl RecordReader {
    /// A reader for a TLS 1.3 connection, the only version we speak: unprotected records of
    /// at most 2^14 bytes and protected ones of at most 2^14 + 256.
    pub(crate) fn new() -> Self {
        Self {
            deframer: Deframer::new(RecordLimit::Tls13),
            opener: None,
        }
    }

    /// Copies in as much of `bytes` as the receive buffer takes; returns how many.
    pub(crate) fn extend(&mut self, bytes: &[u8]) -> usize {
        self.deframer.extend(bytes)
    }

    /// The epoch records from the peer are protected under.
    pub(crate) fn level(&self) -> Level {
        self.opener
            .as_ref()
            .map_or(Level::Initial, |(level, _)| *level)
    }

    /// Opens every record from now on with the keys of `secret`.
    pub(crate) fn install_key(
        &mut self,
        level: Level,
        suite: Suite,
        secret: &TrafficSecret,
    ) -> Result<(), Error> {
        let keys = secret.derive_traffic_keys(suite.aead);
        let opener = Tls13RecordOpener::from_traffic_keys(suite.aead, &keys)?;
        self.opener = Some((level, opener));
        Ok(())
    }

    /// The next whole record, opened in place; `None` until more bytes arrive.
    ///
    /// `handshaking` says whether the unprotected records RFC 8446 tolerates during the
    /// handshake (change_cipher_spec, and an alert from a peer that failed before it had
    /// keys) are still acceptable after the read key is installed.
    pub(crate) fn next_record(&mut self, handshaking: bool) -> Result<Option<Opened<'_>>, Error> {
        let Some(record) = self.deframer.next_record()? else {
            return Ok(None);
        };
        let (header, fragment) = record.into_parts();
        let Some((_, opener)) = &mut self.opener else {
            return Ok(Some(Opened {
                typ: header.typ,
                content: fragment,
                protected: false,
            }));
        };
        match header.typ {
            ContentType::APPLICATION_DATA => {
                let (typ, content) = opener.open_in_place(header, fragment)?;
                Ok(Some(Opened {
                    typ,
                    content,
                    protected: true,
                }))
            }
            ContentType::CHANGE_CIPHER_SPEC | ContentType::ALERT if handshaking => {
                Ok(Some(Opened {
                    typ: header.typ,
                    content: fragment,
                    protected: false,
                }))
            }
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
            //# The outer opaque_type field of a TLSCiphertext record
            //# is always set to the value 23 (application_data) for outward
            //# compatibility with middleboxes accustomed to parsing previous
            //# versions of TLS.
            typ => Err(Error::UnprotectedRecordAfterKeyChange(typ)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unprotected_records_pass_through_before_a_key_is_installed() {
        let mut reader = RecordReader::new();
        assert_eq!(reader.extend(&[22, 3, 3, 0, 2, 1, 2, 21]), 8);
        let record = reader.next_record(true).unwrap().unwrap();
        assert_eq!(record.typ, ContentType::HANDSHAKE);
        assert_eq!(record.content, &[1, 2]);
        assert!(!record.protected);
        assert!(reader.next_record(true).unwrap().is_none());
        assert_eq!(reader.level(), Level::Initial);
    }

    #[test]
    fn a_partial_record_waits_for_the_rest() {
        let mut reader = RecordReader::new();
        reader.extend(&[21, 3, 3, 0, 2, 1]);
        assert!(reader.next_record(true).unwrap().is_none());
        reader.extend(&[0]);
        assert_eq!(reader.next_record(true).unwrap().unwrap().content, &[1, 0]);
    }

    #[test]
    fn a_deframing_error_sticks() {
        let mut reader = RecordReader::new();
        reader.extend(&[0x80, 0x2e]);
        let error = reader.next_record(true).unwrap_err();
        assert_eq!(reader.next_record(true).unwrap_err(), error);
    }
}
