//! The sending side of the record layer: content cut into records of at most 2^14 bytes,
//! sealed in place in one reused output buffer once a write key is installed. The writer does
//! not know which version the handshake chose: the keys it installs ([`RecordKeys`]) say it.
//!
//! ```text
//! content ──▶ fragments of ≤ 2^14 ──▶ TLS 1.3: [ header | content | type | tag ]
//!                                     TLS 1.2: [ header | explicit nonce | content | tag ]
//!                                     sealed in place, appended to `output` ──▶ pending() ──▶ socket
//! ```
//!
//! The writer knows the epoch ([`Level`]) of its key: a handshake message the machine asks to
//! send at another level is refused ([`Error::SendAtWrongLevel`]), so a key mix-up can never
//! put a message on the wire unprotected or under the wrong key.
//!
//! The plaintext is copied once, into the output buffer, and encrypted where it lies. The
//! buffer is reserved once per flight or write and reused: consumed bytes are dropped by moving
//! the start, the buffer is emptied (not freed) once everything is sent, and freed when the
//! handshake is over and nothing is pending.

use tls_handshake::action::Level;
use tls_handshake::record_keys::RecordKeys;
use tls_keyschedule::{Tls12RecordSealer, Tls13RecordSealer};
use tls_wire::ids::{ContentType, ProtocolVersion};
use tls_wire::record::{ChangeCipherSpec, MAX_PLAINTEXT_LEN, RecordHeader};

use crate::error::Error;

/// The most a record adds to its content: the header, then TLS 1.3's type byte and tag (22
/// bytes) or TLS 1.2's explicit nonce and tag (29).
const RECORD_OVERHEAD_MAX: usize = 32;

/// The capacity an empty output buffer starts at.
const FIRST_CAPACITY: usize = 4096;

/// A sealer for either version.
#[derive(Debug)]
enum Sealer {
    Tls13(Tls13RecordSealer),
    Tls12(Tls12RecordSealer),
}

/// The records we send, sealed as soon as a write key is installed.
#[derive(Debug, Default)]
pub(crate) struct RecordWriter {
    /// Records ready for the socket, from `sent` on.
    output: Vec<u8>,
    /// Bytes of `output` already taken by the caller.
    sent: usize,
    /// The current write key and its epoch; `None` while records go unprotected.
    sealer: Option<(Level, Sealer)>,
    /// The sequence number our first application record gets: 0, unless a test starts near
    /// the AEAD limit (the wire profile). Used once.
    first_application_sequence: u64,
    /// The most content a protected record carries, once the peer set a record size limit
    /// (RFC 8449); `None`: 2^14.
    protected_content_limit: Option<usize>,
}

impl RecordWriter {
    /// A writer whose first application record is numbered `first_application_sequence` (0
    /// outside tests).
    pub(crate) fn new(first_application_sequence: u64) -> Self {
        Self {
            first_application_sequence,
            ..Self::default()
        }
    }

    /// Records not yet taken by the caller.
    pub(crate) fn pending(&self) -> &[u8] {
        self.output.get(self.sent..).unwrap_or_default()
    }

    /// Marks `n` bytes of [`pending`](Self::pending) as sent (capped to what is pending).
    /// Once everything is sent, the buffer is emptied but kept for the next flight;
    /// [`release_if_idle`](Self::release_if_idle) frees it.
    pub(crate) fn consume(&mut self, n: usize) {
        self.sent = self.sent.saturating_add(n).min(self.output.len());
        if self.sent == self.output.len() {
            self.output.clear();
            self.sent = 0;
        }
    }

    /// Bytes the output buffer holds allocated.
    pub(crate) fn capacity(&self) -> usize {
        self.output.capacity()
    }

    /// Frees the output buffer if everything in it was sent: an idle connection holds none.
    /// The connection calls this once the handshake is over; during it, the buffer is kept
    /// from flight to flight.
    pub(crate) fn release_if_idle(&mut self) {
        if self.pending().is_empty() {
            self.output = Vec::new();
            self.sent = 0;
        }
    }

    /// Makes room for `content_len` bytes of content in as many records as it takes, so a
    /// flight or a write grows the buffer once, not record by record. An empty buffer starts
    /// at [`FIRST_CAPACITY`], enough for a handshake flight with a short chain.
    fn reserve(&mut self, content_len: usize) {
        let records = content_len.div_ceil(self.record_content_max()).max(1);
        let needed = content_len.saturating_add(records.saturating_mul(RECORD_OVERHEAD_MAX));
        if self.output.capacity().saturating_sub(self.output.len()) < needed {
            self.output.reserve(needed.max(FIRST_CAPACITY));
        }
    }

    /// The epoch our records are protected under.
    pub(crate) fn level(&self) -> Level {
        self.sealer
            .as_ref()
            .map_or(Level::Initial, |(level, _)| *level)
    }

    /// Seals every record from now on with `keys` (of either version), the keys of `level`.
    pub(crate) fn install_key(&mut self, level: Level, keys: &RecordKeys) -> Result<(), Error> {
        let first = match level {
            Level::Application => core::mem::take(&mut self.first_application_sequence),
            Level::Initial | Level::Early | Level::Handshake => 0,
        };
        let sealer = match keys {
            RecordKeys::Tls13 { suite, secret } => {
                let keys = secret.derive_traffic_keys(suite.aead);
                Sealer::Tls13(
                    Tls13RecordSealer::from_traffic_keys(suite.aead, &keys)?
                        .with_sequence_number(first),
                )
            }
            RecordKeys::Tls12 { suite, keys } => Sealer::Tls12(
                Tls12RecordSealer::from_write_keys(suite.aead, keys)?.with_sequence_number(first),
            ),
        };
        self.sealer = Some((level, sealer));
        Ok(())
    }

    /// Sends a handshake `message` the machine meant for `level`: refused, with nothing
    /// written, unless the key installed is `level`'s.
    ///
    /// The one way back: a client's second ClientHello (after a HelloRetryRequest) goes out
    /// unprotected after its early data, whose key is then dropped (RFC 8446 §4.1.2: no early
    /// data after a HelloRetryRequest).
    pub(crate) fn send_handshake(&mut self, level: Level, message: &[u8]) -> Result<(), Error> {
        if (level, self.level()) == (Level::Initial, Level::Early) {
            self.sealer = None;
        }
        let installed = self.level();
        if level != installed {
            return Err(Error::SendAtWrongLevel { level, installed });
        }
        self.send(ContentType::HANDSHAKE, message)
    }

    /// Seals `data` as application_data records, stopping before the write key's last
    /// record within its AEAD limit, which is kept for the close_notify. Returns how many
    /// bytes were sealed.
    pub(crate) fn send_application_data(&mut self, data: &[u8]) -> Result<usize, Error> {
        self.reserve(data.len());
        let mut sent = 0usize;
        for fragment in data.chunks(self.record_content_max()) {
            if self.write_key_at_limit() {
                break;
            }
            self.send(ContentType::APPLICATION_DATA, fragment)?;
            sent = sent.saturating_add(fragment.len());
        }
        Ok(sent)
    }

    /// Whether the write key may seal no more record within its AEAD's confidentiality limit
    /// (its last one went out, with the close_notify): nothing more is sent, not even an alert.
    fn write_key_exhausted(&self) -> bool {
        match &self.sealer {
            Some((_, Sealer::Tls13(sealer))) => sealer.records_until_limit() == 0,
            Some((_, Sealer::Tls12(sealer))) => sealer.records_until_limit() == 0,
            None => false,
        }
    }

    /// Whether the write key may seal only one more record within its AEAD's
    /// confidentiality limit (RFC 8446 §5.5): the one a close_notify (or, with KeyUpdate, the
    /// update) needs.
    pub(crate) fn write_key_at_limit(&self) -> bool {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.5
        //# Implementations SHOULD do a key update as described in Section 4.6.3
        //# prior to reaching these limits.
        match &self.sealer {
            Some((_, Sealer::Tls13(sealer))) => sealer.needs_key_update(),
            Some((_, Sealer::Tls12(sealer))) => sealer.needs_key_update(),
            None => false,
        }
    }

    /// The peer's record size limit (RFC 8449): at most `content` bytes of content in each
    /// protected record from now on.
    pub(crate) fn limit_protected_content(&mut self, content: usize) {
        self.protected_content_limit = Some(content);
    }

    /// The most content the next record carries: 2^14 bytes, or the peer's record size limit
    /// once records are protected. Never 0.
    fn record_content_max(&self) -> usize {
        match (&self.sealer, self.protected_content_limit) {
            (Some(_), Some(limit)) => limit.clamp(1, MAX_PLAINTEXT_LEN),
            _ => MAX_PLAINTEXT_LEN,
        }
    }

    /// Sends `content` as records of type `typ`, each at most 2^14 bytes of content (or the
    /// peer's record size limit, once protected), under the current write key (or
    /// unprotected before there is one).
    pub(crate) fn send(&mut self, typ: ContentType, content: &[u8]) -> Result<(), Error> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
        //# The record layer fragments information blocks into TLSPlaintext
        //# records carrying data in chunks of 2^14 bytes or less.
        //
        //= https://www.rfc-editor.org/rfc/rfc8449#section-4
        //# When the "record_size_limit" extension is negotiated, an endpoint
        //# MUST NOT generate a protected record with plaintext that is larger
        //# than the RecordSizeLimit value it receives from its peer.
        //# Unprotected messages are not subject to this limit.
        self.reserve(content.len());
        for fragment in content.chunks(self.record_content_max()) {
            //= https://www.rfc-editor.org/rfc/rfc9147#section-4.5.3
            //# Implementations SHOULD
            //# NOT protect more records than allowed by the limit specified for the
            //# negotiated AEAD.
            if self.write_key_exhausted() {
                return Err(Error::WriteKeyLimitReached);
            }
            match &mut self.sealer {
                Some((_, Sealer::Tls13(sealer))) => {
                    seal_tls13(&mut self.output, sealer, typ, fragment)?;
                }
                Some((_, Sealer::Tls12(sealer))) => {
                    seal_tls12(&mut self.output, sealer, typ, fragment)?;
                }
                None => append_plaintext(&mut self.output, typ, fragment),
            }
        }
        Ok(())
    }

    /// Seals one application_data record whose content `fill` writes straight into the
    /// record buffer (no copy): room for at most `max` bytes, within one record's content;
    /// returns how many it wrote (none: no record). Only under a write key, and not the last
    /// record its AEAD allows (kept for the close_notify): `Ok(0)` without calling `fill`.
    pub(crate) fn send_application_data_in_place(
        &mut self,
        max: usize,
        fill: impl FnOnce(&mut [u8]) -> usize,
    ) -> Result<usize, Error> {
        if self.write_key_at_limit() {
            return Ok(0);
        }
        let len = max.min(self.record_content_max());
        self.reserve(len);
        match &mut self.sealer {
            Some((_, Sealer::Tls13(sealer))) => seal_tls13_with(
                &mut self.output,
                sealer,
                ContentType::APPLICATION_DATA,
                len,
                fill_in_place(len, fill),
            ),
            Some((_, Sealer::Tls12(sealer))) => seal_tls12_with(
                &mut self.output,
                sealer,
                ContentType::APPLICATION_DATA,
                len,
                fill_in_place(len, fill),
            ),
            None => Ok(0),
        }
    }

    /// Seals one zero-length record of `typ`, which [`send`](Self::send) never makes: how a
    /// test plays a peer that sends them.
    #[cfg(test)]
    pub(crate) fn send_empty_record(&mut self, typ: ContentType) -> Result<(), Error> {
        match &mut self.sealer {
            Some((_, Sealer::Tls13(sealer))) => seal_tls13(&mut self.output, sealer, typ, &[]),
            Some((_, Sealer::Tls12(sealer))) => seal_tls12(&mut self.output, sealer, typ, &[]),
            None => {
                append_plaintext(&mut self.output, typ, &[]);
                Ok(())
            }
        }
    }

    /// Sends the single-byte change_cipher_spec record, always unprotected (TLS 1.3's
    /// middlebox compatibility record; TLS 1.2's is sent before its write key is installed).
    pub(crate) fn send_change_cipher_spec(&mut self) {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5
        //# An implementation may receive an unencrypted record of type
        //# change_cipher_spec consisting of the single byte value 0x01 at any
        //# time after the first ClientHello message has been sent or received
        //# and before the peer's Finished message has been received and MUST
        //# simply drop it without further processing.
        let fragment = ChangeCipherSpec.to_bytes();
        self.reserve(fragment.len());
        append_plaintext(&mut self.output, ContentType::CHANGE_CIPHER_SPEC, &fragment);
    }
}

/// Appends one unprotected record (`fragment` is at most 2^14 bytes).
fn append_plaintext(output: &mut Vec<u8>, typ: ContentType, fragment: &[u8]) {
    let length = u16::try_from(fragment.len()).unwrap_or(u16::MAX);
    output.extend_from_slice(&RecordHeader::new(typ, ProtocolVersion::TLSV1_2, length).to_bytes());
    output.extend_from_slice(fragment);
}

/// Appends one TLS 1.3 protected record: room for the header, the content (the one copy), room
/// for the type byte and the tag, then seals those bytes in place.
fn seal_tls13(
    output: &mut Vec<u8>,
    sealer: &mut Tls13RecordSealer,
    typ: ContentType,
    fragment: &[u8],
) -> Result<(), Error> {
    seal_tls13_with(output, sealer, typ, fragment.len(), copy(fragment)).map(drop)
}

/// Appends `fragment` as a record's content: a copy with no zeroing first.
fn copy(fragment: &[u8]) -> impl FnOnce(&mut Vec<u8>) -> usize + '_ {
    |output| {
        output.extend_from_slice(fragment);
        fragment.len()
    }
}

/// Appends a record's content written in place by `fill`, at most `len` bytes: the room it is
/// lent is zeroed first, as writing needs initialized bytes.
fn fill_in_place(
    len: usize,
    fill: impl FnOnce(&mut [u8]) -> usize,
) -> impl FnOnce(&mut Vec<u8>) -> usize {
    move |output| {
        let at = output.len();
        output.resize(at.saturating_add(len), 0);
        let written = fill(output.get_mut(at..).unwrap_or_default()).min(len);
        output.truncate(at.saturating_add(written));
        written
    }
}

/// [`seal_tls13`] with the content appended by `put` (at most `len` bytes, into the record
/// buffer itself; [`copy`] or [`fill_in_place`]); returns how many it wrote. Nothing is sealed
/// (no sequence number used) when it writes none.
fn seal_tls13_with(
    output: &mut Vec<u8>,
    sealer: &mut Tls13RecordSealer,
    typ: ContentType,
    len: usize,
    put: impl FnOnce(&mut Vec<u8>) -> usize,
) -> Result<usize, Error> {
    let start = output.len();
    output.resize(start.saturating_add(RecordHeader::LEN), 0);
    let written = put(output);
    if written == 0 && len > 0 {
        output.truncate(start);
        return Ok(0);
    }
    // Room for the type byte and the tag, no padding.
    output.resize(
        start.saturating_add(Tls13RecordSealer::record_len(written, 0)),
        0,
    );
    let record = output.get_mut(start..).unwrap_or_default();
    let sealed = sealer.seal_in_place(typ, record, written);
    if sealed.is_err() {
        // Nothing half-written stays queued.
        output.truncate(start);
    }
    sealed?;
    Ok(written)
}

/// Appends one TLS 1.2 protected record: room for the header and the explicit nonce, the
/// content (the one copy), room for the tag, then seals those bytes in place.
fn seal_tls12(
    output: &mut Vec<u8>,
    sealer: &mut Tls12RecordSealer,
    typ: ContentType,
    fragment: &[u8],
) -> Result<(), Error> {
    seal_tls12_with(output, sealer, typ, fragment.len(), copy(fragment)).map(drop)
}

/// [`seal_tls12`] with the content appended by `put`, as [`seal_tls13_with`].
fn seal_tls12_with(
    output: &mut Vec<u8>,
    sealer: &mut Tls12RecordSealer,
    typ: ContentType,
    len: usize,
    put: impl FnOnce(&mut Vec<u8>) -> usize,
) -> Result<usize, Error> {
    let start = output.len();
    output.resize(start.saturating_add(sealer.content_offset()), 0);
    let written = put(output);
    if written == 0 && len > 0 {
        output.truncate(start);
        return Ok(0);
    }
    output.resize(
        start
            .saturating_add(sealer.overhead())
            .saturating_add(written),
        0,
    );
    let record = output.get_mut(start..).unwrap_or_default();
    let sealed = sealer.seal_in_place(typ, record);
    if sealed.is_err() {
        output.truncate(start);
    }
    sealed?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use tls_keyschedule::suite::{HashAlgorithm, Suite};
    use tls_keyschedule::tls12::{WriteIv, WriteKeys};
    use tls_keyschedule::tls13::TrafficSecret;
    use tls_keyschedule::{Secret, Tls12RecordOpener, Tls13RecordOpener};
    use tls_wire::ids::CipherSuite;

    use super::*;

    fn tls13_keys() -> RecordKeys {
        RecordKeys::Tls13 {
            suite: Suite::from_id(CipherSuite::TLS_AES_128_GCM_SHA256).unwrap(),
            secret: TrafficSecret::new(HashAlgorithm::Sha256, Secret::new(&[7; 32])),
        }
    }

    fn tls12_keys() -> (Suite, WriteKeys) {
        let suite = Suite::from_id(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256).unwrap();
        let keys = WriteKeys {
            key: Secret::new(&[9; 16]),
            iv: WriteIv::AesGcmSalt([1, 2, 3, 4]),
        };
        (suite, keys)
    }

    /// Splits one whole record into its header and fragment.
    fn split(record: &mut [u8]) -> (RecordHeader, &mut [u8]) {
        let (header, fragment) = record.split_first_chunk_mut::<5>().unwrap();
        let header = RecordHeader::new(
            ContentType::from(header[0]),
            ProtocolVersion::from(u16::from_be_bytes([header[1], header[2]])),
            u16::from_be_bytes([header[3], header[4]]),
        );
        (header, fragment)
    }

    #[test]
    fn unprotected_content_is_cut_into_records_of_at_most_2_14_bytes() {
        let mut writer = RecordWriter::new(0);
        let content = vec![7; MAX_PLAINTEXT_LEN + 10];
        writer.send(ContentType::HANDSHAKE, &content).unwrap();
        let out = writer.pending();
        assert_eq!(out.len(), content.len() + 2 * RecordHeader::LEN);
        assert_eq!(&out[..5], &[22, 3, 3, 0x40, 0x00]);
        assert_eq!(&out[5 + MAX_PLAINTEXT_LEN..][..5], &[22, 3, 3, 0, 10]);
    }

    #[test]
    fn consumed_output_is_dropped_and_the_buffer_kept_until_released() {
        let mut writer = RecordWriter::new(0);
        writer.send_change_cipher_spec();
        writer.release_if_idle();
        assert_eq!(
            writer.pending().len(),
            6,
            "pending records are never released"
        );
        writer.consume(2);
        assert_eq!(writer.pending(), &[3, 0, 1, 1]);
        writer.consume(100);
        assert!(writer.pending().is_empty());
        let capacity = writer.output.capacity();
        assert!(
            capacity >= FIRST_CAPACITY,
            "an emptied buffer is kept for the next flight"
        );
        writer.send_change_cipher_spec();
        assert_eq!(
            writer.output.capacity(),
            capacity,
            "and reused without growing"
        );
        writer.consume(6);
        writer.release_if_idle();
        assert_eq!(writer.output.capacity(), 0, "an idle buffer is released");
    }

    #[test]
    fn a_write_reserves_its_records_once() {
        let mut writer = RecordWriter::new(0);
        let content = vec![7; 3 * MAX_PLAINTEXT_LEN + 1];
        writer.reserve(content.len());
        let capacity = writer.output.capacity();
        writer.send(ContentType::HANDSHAKE, &content).unwrap();
        assert_eq!(writer.output.capacity(), capacity);
    }

    #[test]
    fn refuses_a_send_at_a_level_whose_key_is_not_installed() {
        let mut writer = RecordWriter::new(0);
        // Before any key: a message meant for the handshake keys must not go out in clear.
        assert_eq!(
            writer.send_handshake(Level::Handshake, &[20, 0, 0, 0]),
            Err(Error::SendAtWrongLevel {
                level: Level::Handshake,
                installed: Level::Initial,
            })
        );
        assert!(writer.pending().is_empty());
        writer.install_key(Level::Handshake, &tls13_keys()).unwrap();
        // After the handshake key: neither a plaintext-level nor an application-level message.
        for level in [Level::Initial, Level::Application] {
            assert_eq!(
                writer.send_handshake(level, &[1, 0, 0, 0]),
                Err(Error::SendAtWrongLevel {
                    level,
                    installed: Level::Handshake,
                })
            );
        }
        assert!(writer.pending().is_empty(), "nothing was written");
        writer
            .send_handshake(Level::Handshake, &[20, 0, 0, 0])
            .unwrap();
        assert_eq!(writer.pending()[0], 23, "sealed as application_data");
    }

    #[test]
    fn seals_tls13_records_that_open_with_the_same_secret() {
        let mut writer = RecordWriter::new(0);
        let keys = tls13_keys();
        writer.install_key(Level::Application, &keys).unwrap();
        writer
            .send(ContentType::APPLICATION_DATA, b"hello")
            .unwrap();
        let RecordKeys::Tls13 { suite, secret } = &keys else {
            unreachable!()
        };
        let mut opener = Tls13RecordOpener::from_traffic_keys(
            suite.aead,
            &secret.derive_traffic_keys(suite.aead),
        )
        .unwrap();
        let mut record = writer.pending().to_vec();
        let (header, fragment) = split(&mut record);
        let (typ, content) = opener.open_in_place(header, fragment).unwrap();
        assert_eq!(
            (typ, &*content),
            (ContentType::APPLICATION_DATA, &b"hello"[..])
        );
    }

    #[test]
    fn seals_tls12_records_that_open_with_the_same_write_keys() {
        let mut writer = RecordWriter::new(0);
        let (suite, keys) = tls12_keys();
        writer
            .install_key(
                Level::Application,
                &RecordKeys::Tls12 {
                    suite,
                    keys: keys.clone(),
                },
            )
            .unwrap();
        assert_eq!(writer.level(), Level::Application);
        writer.send(ContentType::ALERT, &[1, 0]).unwrap();
        let mut record = writer.pending().to_vec();
        // header, 8-byte explicit nonce, content, 16-byte tag
        assert_eq!(record.len(), 5 + 8 + 2 + 16);
        let mut opener = Tls12RecordOpener::from_write_keys(suite.aead, &keys).unwrap();
        let (header, fragment) = split(&mut record);
        let (typ, content) = opener.open_in_place(header, fragment).unwrap();
        assert_eq!((typ, &*content), (ContentType::ALERT, &[1, 0][..]));
    }
}
