//! The receiving side of the record layer: whole records cut from the received bytes by the
//! deframer, opened in place once a read key is installed, and checked against what each
//! version allows unprotected. The reader does not know which version the handshake chose: the
//! keys it installs ([`RecordKeys`]) say it.
//!
//! ```text
//! bytes ──▶ Deframer (in place) ──▶ no read key ──▶ as received
//!                                   TLS 1.3 key ──▶ application_data: Tls13RecordOpener::open_in_place
//!                                                   change_cipher_spec, alert: unprotected while handshaking
//!                                   TLS 1.2 key ──▶ every record: Tls12RecordOpener::open_in_place
//! ```

use tls_handshake::action::Level;
use tls_handshake::record_keys::RecordKeys;
use tls_keyschedule::{Tls12RecordOpener, Tls13RecordOpener};
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
    /// A record of rejected early data, skipped: nothing to process.
    pub(crate) skipped: bool,
}

/// An opener for either version.
#[derive(Debug)]
enum Opener {
    Tls13(Tls13RecordOpener),
    Tls12(Tls12RecordOpener),
}

/// The records we receive.
#[derive(Debug)]
pub(crate) struct RecordReader {
    deframer: Deframer,
    /// The current read key and its epoch; `None` while records arrive unprotected.
    opener: Option<(Level, Opener)>,
    /// The most plaintext a protected record may open to, once we set a record size limit
    /// the peer acknowledged (RFC 8449; TLS 1.3: the whole TLSInnerPlaintext).
    protected_plaintext_limit: Option<usize>,
    /// While skipping rejected early data: how many more bytes of it we skip.
    early_data_to_skip: Option<usize>,
    /// The sequence number the peer's first application record has: 0, unless a test starts
    /// near the AEAD limit (the wire profile). Used once.
    first_application_sequence: u64,
}

impl RecordReader {
    /// A reader: unprotected records of at most 2^14 bytes and protected ones of at most
    /// 2^14 + 256 (the openers narrow it to their version's bound). The peer's first
    /// application record is expected at `first_application_sequence` (0 outside tests).
    pub(crate) fn new(first_application_sequence: u64) -> Self {
        Self {
            deframer: Deframer::new(RecordLimit::Tls13),
            opener: None,
            first_application_sequence,
            protected_plaintext_limit: None,
            early_data_to_skip: None,
        }
    }

    /// Copies in as much of `bytes` as the receive buffer takes; returns how many.
    pub(crate) fn extend(&mut self, bytes: &[u8]) -> usize {
        self.deframer.extend(bytes)
    }

    /// Free space of the receive buffer, for a socket to read into directly (no copy);
    /// [`filled`](Self::filled) reports what it wrote. Empty while the buffer is full.
    pub(crate) fn read_buf(&mut self) -> &mut [u8] {
        self.deframer.read_buf()
    }

    /// Records that `n` bytes were written at the start of [`read_buf`](Self::read_buf).
    pub(crate) fn filled(&mut self, n: usize) {
        self.deframer.filled(n);
    }

    /// The receive buffer, where the records it lent were opened in place: what a caller
    /// keeping one (by its place) reads it from, until the buffer is next written to.
    pub(crate) fn buffer(&self) -> &[u8] {
        self.deframer.buffer()
    }

    /// Bytes received that no whole record holds yet: a record cut by the end of the stream.
    pub(crate) fn buffered_len(&self) -> usize {
        self.deframer.buffered_len()
    }

    /// How many bytes [`extend`](Self::extend) takes now.
    pub(crate) fn room(&self) -> usize {
        self.deframer.room()
    }

    /// Bytes the receive buffer holds allocated.
    pub(crate) fn capacity(&self) -> usize {
        self.deframer.capacity()
    }

    /// Releases the receive buffer if no partial record waits in it.
    pub(crate) fn shrink_if_idle(&mut self) {
        self.deframer.shrink_if_idle();
    }

    /// The epoch records from the peer are protected under.
    pub(crate) fn level(&self) -> Level {
        self.opener
            .as_ref()
            .map_or(Level::Initial, |(level, _)| *level)
    }

    /// Opens every record from now on with `keys`, of either version.
    pub(crate) fn install_key(&mut self, level: Level, keys: &RecordKeys) -> Result<(), Error> {
        let first = match level {
            Level::Application => core::mem::take(&mut self.first_application_sequence),
            Level::Initial | Level::Early | Level::Handshake => 0,
        };
        let opener = match keys {
            RecordKeys::Tls13 { suite, secret } => {
                let keys = secret.derive_traffic_keys(suite.aead);
                Opener::Tls13(
                    Tls13RecordOpener::from_traffic_keys(suite.aead, &keys)?
                        .with_sequence_number(first),
                )
            }
            RecordKeys::Tls12 { suite, keys } => Opener::Tls12(
                Tls12RecordOpener::from_write_keys(suite.aead, keys)?.with_sequence_number(first),
            ),
        };
        self.opener = Some((level, opener));
        Ok(())
    }

    /// Early data we do not accept (RFC 8446 §4.2.10): from now on, records that fail to open,
    /// and application_data records before a read key, are skipped, up to `max` bytes of
    /// them; the first record that opens (or is handshake) ends the skipping.
    pub(crate) fn skip_early_data(&mut self, max: usize) {
        self.early_data_to_skip = Some(max);
    }

    /// Our record size limit (RFC 8449): protected records opening to more plaintext than
    /// `plaintext` bytes are a record_overflow from now on.
    pub(crate) fn limit_protected_plaintext(&mut self, plaintext: usize) {
        self.protected_plaintext_limit = Some(plaintext);
    }

    /// The next whole record, opened in place; `None` until more bytes arrive.
    ///
    /// `handshaking` says whether the unprotected records RFC 8446 tolerates during the
    /// handshake (change_cipher_spec, and an alert from a peer that failed before it had
    /// keys) are still acceptable after a TLS 1.3 read key is installed.
    pub(crate) fn next_record(&mut self, handshaking: bool) -> Result<Option<Opened<'_>>, Error> {
        let Some(record) = self.deframer.next_record()? else {
            return Ok(None);
        };
        let (header, fragment) = record.into_parts();
        let unprotected = |content| {
            Ok(Some(Opened {
                typ: header.typ,
                content,
                protected: false,
                skipped: false,
            }))
        };
        let skip = |to_skip: &mut Option<usize>, len: usize| match to_skip {
            // Past the limit the peer sends more than it may: unexpected_message.
            Some(left) => match left.checked_sub(len) {
                Some(rest) => {
                    *left = rest;
                    Ok(Some(Opened {
                        typ: header.typ,
                        content: &[][..],
                        protected: false,
                        skipped: true,
                    }))
                }
                None => Err(Error::TooMuchEarlyData),
            },
            None => Ok(None),
        };
        let limit = self.protected_plaintext_limit;
        let (typ, content) = match &mut self.opener {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10
            //# The server
            //# then ignores early data by skipping all records with an external
            //# content type of "application_data" (indicating that they are
            //# encrypted), up to the configured max_early_data_size.
            None if header.typ == ContentType::APPLICATION_DATA
                && self.early_data_to_skip.is_some() =>
            {
                return skip(&mut self.early_data_to_skip, early_data_len(fragment.len()));
            }
            None => {
                if header.typ == ContentType::HANDSHAKE {
                    self.early_data_to_skip = None;
                }
                return unprotected(fragment);
            }
            Some((_, Opener::Tls13(opener))) => match header.typ {
                ContentType::APPLICATION_DATA => {
                    // TLSInnerPlaintext: the ciphertext less the tag (16 bytes for every AEAD
                    // of TLS 1.3), content type and padding included.
                    let inner = fragment.len().saturating_sub(AEAD_TAG_LEN);
                    let len = fragment.len();
                    let opened = match opener.open_in_place(header, fragment) {
                        Ok(opened) => opened,
                        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10
                        //# -  Ignore the extension and return a regular 1-RTT response.  The
                        //#    server then skips past early data by attempting to deprotect
                        //#    received records using the handshake traffic key, discarding
                        //#    records which fail deprotection (up to the configured
                        //#    max_early_data_size).
                        Err(_) if self.early_data_to_skip.is_some() => {
                            return skip(&mut self.early_data_to_skip, early_data_len(len));
                        }
                        Err(error) => return Err(error.into()),
                    };
                    self.early_data_to_skip = None;
                    check_limit(inner, limit)?;
                    opened
                }
                ContentType::CHANGE_CIPHER_SPEC | ContentType::ALERT if handshaking => {
                    return unprotected(fragment);
                }
                //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
                //# The outer opaque_type field of a TLSCiphertext record
                //# is always set to the value 23 (application_data) for outward
                //# compatibility with middleboxes accustomed to parsing previous
                //# versions of TLS.
                typ => return Err(Error::UnprotectedRecordAfterKeyChange(typ)),
            },
            // RFC 5246 §6.2.3: after the key change every record is a TLSCiphertext, whatever
            // its type.
            Some((_, Opener::Tls12(opener))) => {
                let opened = opener.open_in_place(header, fragment)?;
                check_limit(opened.1.len(), limit)?;
                opened
            }
        };
        Ok(Some(Opened {
            typ,
            content,
            protected: true,
            skipped: false,
        }))
    }
}

/// The tag every AEAD of TLS 1.3 (and TLS 1.2's AEAD suites) appends.
const AEAD_TAG_LEN: usize = 16;

/// How much early data a skipped record of `len` bytes counts for: its plaintext, which
/// RFC 8446 §4.2.11 counts without the tag and the inner content type (padding, which we
/// cannot see, counts; §4.2.10 warns clients of that).
fn early_data_len(len: usize) -> usize {
    len.saturating_sub(AEAD_TAG_LEN + 1)
}

/// RFC 8449 §4: a protected record whose plaintext is over our advertised limit.
fn check_limit(plaintext: usize, limit: Option<usize>) -> Result<(), Error> {
    //= https://www.rfc-editor.org/rfc/rfc8449#section-4
    //# A TLS
    //# endpoint that receives a record larger than its advertised limit MUST
    //# generate a fatal "record_overflow" alert
    match limit {
        Some(max) if plaintext > max => {
            Err(Error::Record(tls_keyschedule::Error::RecordOverflow {
                len: plaintext,
                max,
            }))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unprotected_records_pass_through_before_a_key_is_installed() {
        let mut reader = RecordReader::new(0);
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
        let mut reader = RecordReader::new(0);
        reader.extend(&[21, 3, 3, 0, 2, 1]);
        assert!(reader.next_record(true).unwrap().is_none());
        reader.extend(&[0]);
        assert_eq!(reader.next_record(true).unwrap().unwrap().content, &[1, 0]);
    }

    /// The reader and the writer serve either version: records our writer sealed with TLS 1.3
    /// or TLS 1.2 keys open with the same keys, with their real content type.
    #[test]
    fn opens_what_the_writer_sealed_under_either_version() {
        use tls_keyschedule::suite::{HashAlgorithm, Suite};
        use tls_keyschedule::tls12::{WriteIv, WriteKeys};
        use tls_keyschedule::tls13::TrafficSecret;
        use tls_keyschedule::{Iv, Secret};
        use tls_wire::ids::CipherSuite;

        use crate::record_writer::RecordWriter;

        let tls13 = RecordKeys::Tls13 {
            suite: Suite::from_id(CipherSuite::TLS_CHACHA20_POLY1305_SHA256).unwrap(),
            secret: TrafficSecret::new(HashAlgorithm::Sha256, Secret::new(&[3; 32])),
        };
        let tls12 = RecordKeys::Tls12 {
            suite: Suite::from_id(CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256)
                .unwrap(),
            keys: WriteKeys {
                key: Secret::new(&[5; 32]),
                iv: WriteIv::ChaCha20Poly1305(Iv::new([6; 12])),
            },
        };
        for keys in [tls13, tls12] {
            let mut writer = RecordWriter::default();
            writer.install_key(Level::Application, &keys).unwrap();
            writer.send(ContentType::HANDSHAKE, &[4, 0, 0, 0]).unwrap();
            let mut reader = RecordReader::new(0);
            reader.install_key(Level::Application, &keys).unwrap();
            assert_eq!(reader.extend(writer.pending()), writer.pending().len());
            let record = reader.next_record(false).unwrap().unwrap();
            assert_eq!(
                (record.typ, record.content, record.protected),
                (ContentType::HANDSHAKE, &[4, 0, 0, 0][..], true),
                "{keys:?}"
            );
        }
    }

    /// RFC 8449: our limit counts TLS 1.3's whole TLSInnerPlaintext (content type included)
    /// and TLS 1.2's plaintext; a protected record over it is record_overflow, whatever its
    /// type, and the writer holds to the peer's limit.
    #[test]
    fn a_protected_record_over_our_limit_is_record_overflow() {
        use tls_keyschedule::Secret;
        use tls_keyschedule::suite::{HashAlgorithm, Suite};
        use tls_keyschedule::tls12::{WriteIv, WriteKeys};
        use tls_keyschedule::tls13::TrafficSecret;
        use tls_wire::ids::{AlertDescription, CipherSuite};

        use crate::record_writer::RecordWriter;

        let tls13 = RecordKeys::Tls13 {
            suite: Suite::from_id(CipherSuite::TLS_AES_128_GCM_SHA256).unwrap(),
            secret: TrafficSecret::new(HashAlgorithm::Sha256, Secret::new(&[3; 32])),
        };
        let tls12 = RecordKeys::Tls12 {
            suite: Suite::from_id(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256).unwrap(),
            keys: WriteKeys {
                key: Secret::new(&[5; 16]),
                iv: WriteIv::AesGcmSalt([6; 4]),
            },
        };
        // (keys, the content that just fits a 256-byte limit)
        for (keys, fits) in [(tls13, 255), (tls12, 256)] {
            for (typ, len, accepted) in [
                (ContentType::APPLICATION_DATA, fits, true),
                (ContentType::APPLICATION_DATA, fits + 1, false),
                (ContentType::HANDSHAKE, fits + 1, false),
            ] {
                let mut writer = RecordWriter::default();
                writer.install_key(Level::Application, &keys).unwrap();
                writer.send(typ, &vec![1; len]).unwrap();
                let mut reader = RecordReader::new(0);
                reader.install_key(Level::Application, &keys).unwrap();
                reader.limit_protected_plaintext(256);
                reader.extend(writer.pending());
                match reader.next_record(false) {
                    Ok(Some(record)) if accepted => assert_eq!(record.content.len(), len),
                    Err(error) if !accepted => {
                        assert!(
                            matches!(
                                error,
                                Error::Record(tls_keyschedule::Error::RecordOverflow { .. })
                            ),
                            "{error:?}"
                        );
                        assert_eq!(error.alert(), Some(AlertDescription::RECORD_OVERFLOW));
                    }
                    other => panic!("{keys:?} {typ} {len}: {other:?}"),
                }
            }

            // The writer fragments to the peer's limit.
            let mut writer = RecordWriter::default();
            writer.install_key(Level::Application, &keys).unwrap();
            writer.limit_protected_content(fits);
            writer
                .send(ContentType::APPLICATION_DATA, &[2; 1000])
                .unwrap();
            let mut reader = RecordReader::new(0);
            reader.install_key(Level::Application, &keys).unwrap();
            reader.limit_protected_plaintext(256);
            reader.extend(writer.pending());
            let mut lengths = Vec::new();
            while let Some(record) = reader.next_record(false).unwrap() {
                lengths.push(record.content.len());
            }
            assert_eq!(lengths, [fits, fits, fits, 1000 - 3 * fits], "{keys:?}");
        }
    }

    /// Rejected early data (RFC 8446 §4.2.10): records that fail to open under the handshake
    /// key, or application_data records before any key (after a HelloRetryRequest), are
    /// skipped up to the budget, counted as plaintext; past it, unexpected_message; the first
    /// record that opens (or a handshake record) ends the skipping.
    #[test]
    fn rejected_early_data_is_skipped_up_to_its_budget() {
        use tls_keyschedule::Secret;
        use tls_keyschedule::suite::{HashAlgorithm, Suite};
        use tls_keyschedule::tls13::TrafficSecret;
        use tls_wire::ids::{AlertDescription, CipherSuite};

        use crate::record_writer::RecordWriter;

        let keys = |byte| RecordKeys::Tls13 {
            suite: Suite::from_id(CipherSuite::TLS_AES_128_GCM_SHA256).unwrap(),
            secret: TrafficSecret::new(HashAlgorithm::Sha256, Secret::new(&[byte; 32])),
        };
        // 100 bytes of early data under the early key, which the reader does not have.
        let mut early = RecordWriter::default();
        early.install_key(Level::Early, &keys(1)).unwrap();
        early
            .send(ContentType::APPLICATION_DATA, &[7; 100])
            .unwrap();
        let early = early.pending().to_vec();
        let mut handshake = RecordWriter::default();
        handshake.install_key(Level::Handshake, &keys(2)).unwrap();
        handshake
            .send(ContentType::HANDSHAKE, &[20, 0, 0, 0])
            .unwrap();
        let handshake = handshake.pending().to_vec();

        // With the handshake key: both early records skipped within 200 bytes, then the
        // Finished opens, and skipping is over.
        let mut reader = RecordReader::new(0);
        reader.install_key(Level::Handshake, &keys(2)).unwrap();
        reader.skip_early_data(200);
        for bytes in [&early, &early] {
            reader.extend(bytes);
            assert!(reader.next_record(true).unwrap().unwrap().skipped);
        }
        reader.extend(&handshake);
        let record = reader.next_record(true).unwrap().unwrap();
        assert_eq!(
            (record.typ, record.skipped),
            (ContentType::HANDSHAKE, false)
        );
        reader.extend(&early);
        assert_eq!(
            reader.next_record(true).unwrap_err().alert(),
            Some(AlertDescription::BAD_RECORD_MAC)
        );

        // Past the budget: unexpected_message.
        let mut reader = RecordReader::new(0);
        reader.install_key(Level::Handshake, &keys(2)).unwrap();
        reader.skip_early_data(150);
        reader.extend(&early);
        assert!(reader.next_record(true).unwrap().unwrap().skipped);
        reader.extend(&early);
        let error = reader.next_record(true).unwrap_err();
        assert_eq!(error, Error::TooMuchEarlyData);
        assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));

        // Before any key (after a HelloRetryRequest): application_data records are skipped,
        // and a handshake record (the second ClientHello) ends it.
        let mut reader = RecordReader::new(0);
        reader.skip_early_data(100);
        reader.extend(&early);
        assert!(reader.next_record(true).unwrap().unwrap().skipped);
        reader.extend(&[22, 3, 3, 0, 4, 1, 0, 0, 0]);
        assert!(!reader.next_record(true).unwrap().unwrap().skipped);
        reader.extend(&early);
        let record = reader.next_record(true).unwrap().unwrap();
        assert!(!record.skipped && !record.protected);
    }

    #[test]
    fn a_deframing_error_sticks() {
        let mut reader = RecordReader::new(0);
        reader.extend(&[0x80, 0x2e]);
        let error = reader.next_record(true).unwrap_err();
        assert_eq!(reader.next_record(true).unwrap_err(), error);
    }
}
