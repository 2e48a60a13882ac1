//! Cutting the received byte stream into whole records: the [`Deframer`], which owns a
//! reusable receive buffer and lends records in place, and [`deframe`], the same cut over a
//! slice the caller owns.
//!
//! ```text
//!  socket ──read into──▶ Deframer::read_buf()      (or Deframer::extend(bytes): copy what fits)
//!                        Deframer::filled(n)
//!                              │  each header byte checked as it arrives: known content type,
//!                              │  major version 3, length within the RecordLimit
//!                              ▼
//!  Deframer::next_record() ──▶ RecordMut { header, fragment: &mut [u8] }   (in the buffer)
//!                              │  protected? decrypt in place where it landed (tls-keyschedule),
//!                              │  then TLS 1.3: InnerPlaintext::decode_in_place
//!                              ▼
//!        handshake ──▶ HandshakeJoiner          alert ──▶ Alert::decode_record
//!        change_cipher_spec ──▶ ChangeCipherSpec::decode_record
//!        application_data ──▶ the application
//!
//!  receive buffer, allocated on first use (and again after shrink_if_idle freed it), 4 KiB
//!  at first and doubled (up to MAX_RECORD_LEN) only when a record needs more:
//!  [ records already returned | pending bytes ........ | free: read_buf() ]
//!  0                        start                     end                 size
//! ```
//!
//! Only the bytes written so far are initialized: `extend` appends what it copies, and
//! `read_buf` zeroes the free space it lends once per allocation, so a buffer freed and
//! allocated again for every record of a bulk transfer is never zeroed on the `extend` path.
//!
//! Returned records are discarded lazily: their bytes stay where they are until room is
//! needed. Pending bytes move to the front only when the record they start cannot finish in
//! the space left, so a record is copied at most once in its life, and usually never.

use crate::error::DecodeError;
use crate::record::{MAX_RECORD_LEN, Record, RecordHeader, RecordLimit, RecordMut};

/// The receive buffer's first length: a handshake's records fit (a ClientHello, a flight with
/// its certificate chain), and a record that needs more grows it.
pub const INITIAL_BUFFER_LEN: usize = 4096;

/// The result of [`deframe`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Deframed<'a> {
    /// A whole record is at the start of the input.
    Complete {
        /// The record, borrowed from the input.
        record: Record<'a>,
        /// Bytes it took from the start of the input (header and fragment).
        consumed: usize,
    },
    /// The input ends inside the first record (possibly inside its header); what arrived so
    /// far is valid.
    Incomplete {
        /// At least this many more bytes are needed: the rest of the header while it is
        /// incomplete, then the rest of the record.
        needed: usize,
    },
}

/// Cuts the first record off `buf`, a slice the caller owns.
///
/// The header is checked byte by byte as far as it goes (see
/// [`RecordHeader::check_prefix`]), so garbage fails at its first bad byte. Error offsets
/// count from `buf[0]`.
pub fn deframe(buf: &[u8], limit: RecordLimit) -> Result<Deframed<'_>, DecodeError> {
    Ok(match locate(buf, limit)? {
        Located::Complete { header, total } => {
            let fragment = buf.get(RecordHeader::LEN..total).unwrap_or_default();
            Deframed::Complete {
                record: Record::from_checked(header, fragment),
                consumed: total,
            }
        }
        Located::Incomplete { needed } => Deframed::Incomplete { needed },
    })
}

/// Where the first record of some pending bytes ends.
enum Located {
    /// The whole record is there: `total` bytes, header included.
    Complete { header: RecordHeader, total: usize },
    /// `needed` more bytes at least.
    Incomplete { needed: usize },
}

fn locate(pending: &[u8], limit: RecordLimit) -> Result<Located, DecodeError> {
    let Some(header) = RecordHeader::check_prefix(pending, limit)? else {
        return Ok(Located::Incomplete {
            needed: RecordHeader::LEN.saturating_sub(pending.len()),
        });
    };
    let total = RecordHeader::LEN.saturating_add(header.fragment_len());
    Ok(match total.checked_sub(pending.len()) {
        Some(needed) if needed > 0 => Located::Incomplete { needed },
        _ => Located::Complete { header, total },
    })
}

/// The receive side of the record layer: a buffer the socket reads into, from which whole
/// records come out in place.
///
/// The buffer is allocated on first use, [`INITIAL_BUFFER_LEN`] bytes (a handshake's records
/// fit), and doubled when a record needs more, never past [`MAX_RECORD_LEN`] (the largest
/// record any version allows): no peer can make it bigger. Zeroing a whole maximal record for
/// every connection, when most handshakes never fill a quarter of it, was the largest cost of
/// a resumed handshake beyond its cryptography. An idle owner may free it
/// ([`shrink_if_idle`](Self::shrink_if_idle)); the next read allocates it again, as large as
/// it was, so that a bulk transfer does not grow it anew for every record. Fill it through
/// [`read_buf`](Self::read_buf) and [`filled`](Self::filled), or [`extend`](Self::extend); then
/// call [`next_record`](Self::next_record) until it returns `None` before reading again (a
/// record left undrained keeps its room). Bytes may come in chunks of any size, one at a time
/// included.
///
/// Errors stick: after the first, `next_record` returns it on every call and the buffer takes
/// no more bytes. Their offsets count from the start of the stream.
#[derive(Default)]
pub struct Deframer {
    /// The bytes written so far (at least up to `end`), in an allocation of at least `size`.
    buf: Vec<u8>,
    /// The buffer's length: 0 until first used, then from `INITIAL_BUFFER_LEN` to
    /// `MAX_RECORD_LEN` bytes.
    size: usize,
    /// The length the buffer is allocated with when it is empty: what it had grown to before
    /// [`shrink_if_idle`](Self::shrink_if_idle) freed it (0: `INITIAL_BUFFER_LEN`).
    last_len: usize,
    /// Start of the first record not returned yet.
    start: usize,
    /// End of the bytes received.
    end: usize,
    limit: RecordLimit,
    /// Stream offset of `buf[start]`, for error offsets.
    stream_offset: usize,
    error: Option<DecodeError>,
}

impl Deframer {
    /// A deframer checking record lengths against `limit`. Nothing is allocated yet.
    pub fn new(limit: RecordLimit) -> Self {
        Self {
            limit,
            ..Self::default()
        }
    }

    /// The limit record lengths are checked against.
    pub const fn limit(&self) -> RecordLimit {
        self.limit
    }

    /// Changes the limit, for records not returned yet (once the version is known).
    pub fn set_limit(&mut self, limit: RecordLimit) {
        self.limit = limit;
    }

    /// Free space to read into; report what was written with [`filled`](Self::filled).
    ///
    /// Empty after an error, or when undrained records fill the buffer.
    pub fn read_buf(&mut self) -> &mut [u8] {
        if self.error.is_some() {
            return &mut [];
        }
        self.grow();
        self.make_room();
        // Only here is free space zeroed: it is lent to be written.
        if self.buf.len() < self.size {
            self.buf.resize(self.size, 0);
        }
        self.buf.get_mut(self.end..).unwrap_or_default()
    }

    /// Records that `n` bytes were written at the start of [`read_buf`](Self::read_buf).
    /// More than it offered is capped to what it offered.
    pub fn filled(&mut self, n: usize) {
        self.end = self.end.saturating_add(n).min(self.buf.len());
    }

    /// Copies in as much of `bytes` as fits and returns how many bytes that was (0 after an
    /// error or when undrained records fill the buffer).
    pub fn extend(&mut self, bytes: &[u8]) -> usize {
        if self.error.is_some() {
            return 0;
        }
        self.grow();
        self.make_room();
        let n = self.size.saturating_sub(self.end).min(bytes.len());
        let bytes = bytes.get(..n).unwrap_or_default();
        // What lands on bytes written before is copied over them; the rest is appended, with
        // no zeroing first.
        let overwritten = self.buf.len().saturating_sub(self.end).min(n);
        let (over, appended) = bytes.split_at(overwritten);
        if let Some(to) = self
            .buf
            .get_mut(self.end..self.end.saturating_add(overwritten))
        {
            to.copy_from_slice(over);
        }
        self.buf.extend_from_slice(appended);
        self.end = self.end.saturating_add(n);
        n
    }

    /// The next whole record, its fragment lent in place; `None` until more bytes arrive.
    ///
    /// Fails as soon as a header byte is wrong, before the rest of the record arrives.
    pub fn next_record(&mut self) -> Result<Option<RecordMut<'_>>, DecodeError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let pending = self.buf.get(self.start..self.end).unwrap_or_default();
        let (header, total) = match locate(pending, self.limit) {
            Ok(Located::Complete { header, total }) => (header, total),
            Ok(Located::Incomplete { .. }) => return Ok(None),
            Err(error) => {
                let error = error.shifted(self.stream_offset);
                self.error = Some(error.clone());
                return Err(error);
            }
        };
        let from = self.start.saturating_add(RecordHeader::LEN);
        let to = self.start.saturating_add(total);
        self.stream_offset = self.stream_offset.saturating_add(total);
        if to == self.end {
            // Drained: the next read starts at the front, with no copy. The fragment lent
            // below stays intact, since nothing writes while it is borrowed.
            self.start = 0;
            self.end = 0;
        } else {
            self.start = to;
        }
        let fragment = self.buf.get_mut(from..to).unwrap_or_default();
        Ok(Some(RecordMut::from_checked(header, fragment)))
    }

    /// How many bytes [`extend`](Self::extend) takes now: the free space of the buffer once
    /// pending bytes are moved to the front where they would be (a whole buffer before the
    /// first read; 0 after an error). A caller reading from a socket reads at most this many,
    /// so that nothing it read is left over.
    pub fn room(&self) -> usize {
        if self.error.is_some() {
            return 0;
        }
        let len = self.wanted_len();
        let free_in_place = len.saturating_sub(self.end);
        if self.needs_compaction(len) {
            free_in_place.saturating_add(self.start)
        } else {
            free_in_place
        }
    }

    /// Bytes received and not yet returned as records (a partial record at the end of the
    /// stream is a truncation the caller decides about).
    pub const fn buffered_len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// The receive buffer as written so far (at least up to the last byte received): a caller
    /// that keeps the fragment of a record it was lent (its application data, decrypted in
    /// place) finds it here until it next writes into the buffer ([`read_buf`](Self::read_buf),
    /// [`extend`](Self::extend)) or frees it.
    pub fn buffer(&self) -> &[u8] {
        &self.buf
    }

    /// Bytes the receive buffer holds allocated (0 before the first read and once freed), for
    /// memory accounting.
    pub fn capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// Frees the buffer if nothing is pending (an idle connection); the next read allocates
    /// it again.
    pub fn shrink_if_idle(&mut self) {
        if self.start == self.end {
            self.last_len = self.last_len.max(self.size);
            self.buf = Vec::new();
            self.size = 0;
            self.start = 0;
            self.end = 0;
        }
    }

    /// Allocates the buffer, or grows it, to [`wanted_len`](Self::wanted_len), keeping the
    /// bytes written so far.
    fn grow(&mut self) {
        let wanted = self.wanted_len();
        if self.size < wanted {
            self.buf
                .reserve_exact(wanted.saturating_sub(self.buf.len()));
            self.size = wanted;
        }
    }

    /// Moves the pending bytes to the front if the record they start cannot finish in the
    /// space left. A partial header moves (at most four bytes) as soon as it is not at the
    /// front, as its record's size is not known yet.
    fn make_room(&mut self) {
        if self.needs_compaction(self.size) {
            self.buf.copy_within(self.start..self.end, 0);
            self.end = self.end.saturating_sub(self.start);
            self.start = 0;
        }
    }

    /// Whether the pending bytes must move to the front of a buffer of `len` bytes for their
    /// record to finish.
    fn needs_compaction(&self, len: usize) -> bool {
        if self.start == 0 {
            return false;
        }
        let record_len = self.pending_record_len().unwrap_or(MAX_RECORD_LEN);
        self.start.saturating_add(record_len) > len
    }

    /// The length of the record the pending bytes start, once its header has arrived.
    fn pending_record_len(&self) -> Option<usize> {
        let pending = self.buf.get(self.start..self.end).unwrap_or_default();
        pending
            .first_chunk::<{ RecordHeader::LEN }>()
            .map(|&[_, _, _, l0, l1]| {
                RecordHeader::LEN.saturating_add(usize::from(u16::from_be_bytes([l0, l1])))
            })
    }

    /// The buffer's length once [`read_buf`](Self::read_buf) has made room: as it is (or as
    /// it was before it was freed, at least `INITIAL_BUFFER_LEN`), doubled up to
    /// `MAX_RECORD_LEN` if the pending record would not fit even at the front. The header's
    /// length was checked against the limit when it arrived (`next_record`), so it is at most
    /// `MAX_RECORD_LEN`.
    fn wanted_len(&self) -> usize {
        let len = if self.size == 0 {
            self.last_len.max(INITIAL_BUFFER_LEN)
        } else {
            self.size
        };
        match self.pending_record_len() {
            Some(record_len) if record_len > len => {
                record_len.max(len.saturating_mul(2)).min(MAX_RECORD_LEN)
            }
            _ => len,
        }
    }
}

impl core::fmt::Debug for Deframer {
    // The buffer is 18 KiB of mostly stale bytes: show where things are instead.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Deframer")
            .field("buffered_len", &self.buffered_len())
            .field("limit", &self.limit)
            .field("stream_offset", &self.stream_offset)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod room_tests {
    use super::*;

    /// `room` says exactly what `extend` takes, whatever is pending.
    #[test]
    fn room_is_what_extend_takes() {
        let record = |len: u16| {
            let mut bytes = vec![23, 3, 3];
            bytes.extend(len.to_be_bytes());
            bytes.extend(vec![0; usize::from(len)]);
            bytes
        };
        let mut stream = Vec::new();
        for len in [1, 300, 16_000, 5, 16_401, 2, 9_000] {
            stream.extend(record(len));
        }
        for chunk in [1, 7, 1_000, 10_000, 20_000] {
            let mut deframer = Deframer::new(RecordLimit::Tls13);
            let mut rest = stream.as_slice();
            while !rest.is_empty() {
                let room = deframer.room();
                let taken = deframer.extend(rest.get(..chunk.min(rest.len())).unwrap());
                assert_eq!(taken, room.min(chunk).min(rest.len()), "chunk {chunk}");
                rest = &rest[taken..];
                while deframer.next_record().unwrap().is_some() {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Codec, IntoOwned};
    use crate::error::DecodeErrorKind;
    use crate::ids::{AlertDescription, ContentType, ProtocolVersion};
    use crate::record::{MAX_TLS12_CIPHERTEXT_LEN, MAX_TLS13_CIPHERTEXT_LEN};

    /// shared/spec/illustrated-tls13.json, the server's flight as it crossed the wire: records[1]
    /// (ServerHello), [2] (ChangeCipherSpec), [3] (EncryptedExtensions), [5]
    /// (CertificateVerify), [6] (Finished) and [12] (application data "pong").
    const SERVER_FLIGHT: [&str; 6] = [
        "160303007a020000760303707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f20e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff130200002e002b0002030400330024001d00209fd7ad6dcff4298dd3f96d5b1b2af910a0535b1488d7f8fabb349a982880b615",
        "140303000101",
        "17030300176be02f9da7c2dc9ddef56f2468b90adfa25101ab0344ae",
        "170303011973719fce07ec2f6d3bba0292a0d40b2770c06a271799a53314f6f77fc95c5fe7b9a4329fd9548c670ebeea2f2d5c351dd9356ef2dcd52eb137bd3a676522f8cd0fb7560789ad7b0e3caba2e37e6b4199c6793b3346ed46cf740a9fa1fec414dc715c415c60e575703ce6a34b70b5191aa6a61a18faff216c687ad8d17e12a7e99915a611bfc1a2befc15e6e94d784642e682fd17382a348c301056b940c9847200408bec56c81ea3d7217ab8e85a88715395899c90587f72e8ddd74b26d8edc1c7c837d9f2ebbc260962219038b05654a63a0b12999b4a8306a3ddcc0e17c53ba8f9c80363f7841354d291b4ace0c0f330c0fcd5aa9deef969ae8ab2d98da88ebb6ea80a3a11f00ea296a3232367ff075e1c66dd9cbedc4713",
        "17030300451061de27e51c2c9f342911806f282b710c10632ca5006755880dbf7006002d0e84fed9adf27a43b5192303e4df5c285d58e3c76224078440c0742374744aecf28cf3182fd0",
        "17030300150cda85f1447ae23fa66d56f4c5408482b1b1d4c998",
    ];
    /// shared/spec/openssl-captures.json tls12-ecdhe-ecdsa-aes128-gcm-sha256: the server's
    /// ServerHelloDone, ChangeCipherSpec, encrypted Finished and close_notify records.
    const TLS12_RECORDS: [&str; 4] = [
        "16030300040e000000",
        "140303000101",
        "1603030028aed8d17ca0efe957eee99a514922c3b5ac7fccd87d2775236099de56012a7283bcd6ef99fd8f6987",
        "150303001aaed8d17ca0efe95960bc1892990863f15c4b0c58651e42de0794",
    ];

    /// One TLS 1.2 record of `typ` carrying `fragment`, encoded.
    fn record(typ: ContentType, fragment: &[u8]) -> Vec<u8> {
        Record::new(typ, ProtocolVersion::TLSV1_2, fragment)
            .unwrap()
            .to_vec()
    }

    fn stream(records: &[&str]) -> (Vec<u8>, Vec<Vec<u8>>) {
        let records: Vec<Vec<u8>> = records.iter().map(|r| hex::decode(r).unwrap()).collect();
        (records.concat(), records)
    }

    /// Feeds `bytes` in chunks of `chunk` bytes, draining after each, and returns every record
    /// re-encoded.
    fn feed(
        deframer: &mut Deframer,
        bytes: &[u8],
        chunk: usize,
    ) -> Result<Vec<Vec<u8>>, DecodeError> {
        let mut out = Vec::new();
        for piece in bytes.chunks(chunk) {
            assert_eq!(deframer.extend(piece), piece.len());
            while let Some(record) = deframer.next_record()? {
                out.push(record.into_record().to_vec());
            }
        }
        Ok(out)
    }

    #[test]
    fn real_flights_come_out_record_by_record() {
        for (records, limit) in [
            (&SERVER_FLIGHT[..], RecordLimit::Tls13),
            (&TLS12_RECORDS[..], RecordLimit::Tls12),
        ] {
            let (bytes, expected) = stream(records);
            let mut deframer = Deframer::new(limit);
            assert_eq!(feed(&mut deframer, &bytes, bytes.len()).unwrap(), expected);
            assert_eq!(deframer.buffered_len(), 0);
        }
    }

    #[test]
    fn one_byte_at_a_time_gives_the_same_records_as_one_chunk() {
        let (bytes, expected) = stream(&SERVER_FLIGHT);
        for chunk in [1, 2, 3, 4, 5, 6, 7, 100, 1000] {
            let mut deframer = Deframer::new(RecordLimit::AnyVersion);
            assert_eq!(
                feed(&mut deframer, &bytes, chunk).unwrap(),
                expected,
                "chunks of {chunk}"
            );
        }
    }

    #[test]
    fn extend_writes_only_what_it_copies_and_mixes_with_read_buf() {
        let (bytes, expected) = stream(&SERVER_FLIGHT);
        let mut deframer = Deframer::new(RecordLimit::Tls13);
        assert_eq!(deframer.extend(&bytes[..3]), 3);
        // Nothing past the copied bytes was zeroed.
        assert_eq!(deframer.buffer().len(), 3);
        assert!(deframer.capacity() >= INITIAL_BUFFER_LEN);
        // Alternate the two ways in, in uneven pieces, across drains and compactions.
        let mut input = &bytes[3..];
        let mut out = Vec::new();
        let mut socket = false;
        while !input.is_empty() {
            let n = if socket {
                let room = deframer.read_buf();
                let n = room.len().min(input.len()).min(11);
                room[..n].copy_from_slice(&input[..n]);
                deframer.filled(n);
                n
            } else {
                deframer.extend(&input[..input.len().min(5)])
            };
            socket = !socket;
            input = &input[n..];
            while let Some(record) = deframer.next_record().unwrap() {
                out.push(record.into_record().to_vec());
            }
        }
        assert_eq!(out, expected);
    }

    #[test]
    fn read_buf_and_filled_feed_like_a_socket() {
        let (bytes, expected) = stream(&TLS12_RECORDS);
        let mut deframer = Deframer::new(RecordLimit::Tls12);
        let mut input = &bytes[..];
        let mut out = Vec::new();
        while !input.is_empty() {
            let room = deframer.read_buf();
            let n = room.len().min(input.len()).min(7);
            room[..n].copy_from_slice(&input[..n]);
            deframer.filled(n);
            input = &input[n..];
            while let Some(record) = deframer.next_record().unwrap() {
                out.push(record.into_record().to_vec());
            }
        }
        assert_eq!(out, expected);
    }

    #[test]
    fn rejects_sslv2_hello_after_one_byte() {
        let mut deframer = Deframer::default();
        assert_eq!(deframer.extend(&[0x80]), 1);
        let err = deframer.next_record().unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::UnknownContentType(ContentType::from(0x80))
        );
        assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
    }

    #[test]
    fn rejects_garbage_within_five_bytes() {
        let garbage: [&[u8]; 7] = [
            &[0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15],
            b"GET / HTTP/1.1\r\n",
            b"SSH-2.0-OpenSSH_9.6\r\n",
            &[0; 16],
            &[0xff; 16],
            &[0x16, 0x04, 0x00, 0x00, 0x10, 0x00],
            &[0x17, 0x03, 0x03, 0xff, 0xff, 0x00],
        ];
        for bytes in garbage {
            let mut deframer = Deframer::new(RecordLimit::AnyVersion);
            let fed = bytes
                .iter()
                .position(|&b| {
                    deframer.extend(&[b]);
                    deframer.next_record().is_err()
                })
                .map(|at| at + 1);
            assert!(matches!(fed, Some(1..=5)), "{bytes:02x?} fed {fed:?}");
        }
    }

    #[test]
    fn rejects_oversized_length_as_soon_as_the_header_is_complete() {
        let mut deframer = Deframer::new(RecordLimit::Tls13);
        let [l0, l1] = u16::try_from(MAX_TLS13_CIPHERTEXT_LEN + 1)
            .unwrap()
            .to_be_bytes();
        for b in [0x17, 0x03, 0x03, l0] {
            deframer.extend(&[b]);
            assert!(deframer.next_record().unwrap().is_none());
        }
        deframer.extend(&[l1]);
        let err = deframer.next_record().unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::RecordOverflow {
                len: MAX_TLS13_CIPHERTEXT_LEN + 1,
                max: MAX_TLS13_CIPHERTEXT_LEN
            }
        );
        assert_eq!(err.offset(), 3);
        assert_eq!(err.alert(), AlertDescription::RECORD_OVERFLOW);
    }

    #[test]
    fn errors_stick() {
        let (bytes, _) = stream(&["140303000101"]);
        let mut deframer = Deframer::default();
        deframer.extend(&bytes);
        deframer.extend(&[0x18]);
        assert!(deframer.next_record().unwrap().is_some());
        let err = deframer.next_record().unwrap_err();
        assert_eq!(
            err.offset(),
            6,
            "offsets count from the start of the stream"
        );
        assert_eq!(deframer.next_record().unwrap_err(), err);
        assert_eq!(deframer.extend(&bytes), 0);
        assert!(deframer.read_buf().is_empty());
        assert_eq!(deframer.next_record().unwrap_err(), err);
    }

    #[test]
    fn accepts_an_empty_application_data_record() {
        let mut deframer = Deframer::new(RecordLimit::Tls13);
        deframer.extend(&[0x17, 0x03, 0x03, 0x00, 0x00]);
        let record = deframer.next_record().unwrap().unwrap();
        assert_eq!(record.typ(), ContentType::APPLICATION_DATA);
        assert!(record.fragment().is_empty());
    }

    #[test]
    fn fragments_can_be_decrypted_in_place() {
        let (bytes, _) = stream(&SERVER_FLIGHT[5..]);
        let mut deframer = Deframer::new(RecordLimit::Tls13);
        deframer.extend(&bytes);
        let mut record = deframer.next_record().unwrap().unwrap();
        assert_eq!(record.header().to_bytes(), bytes[..5]);
        record.fragment_mut().fill(0xaa);
        assert!(record.fragment().iter().all(|&b| b == 0xaa));
    }

    #[test]
    fn set_limit_applies_to_the_next_record() {
        let big = record(ContentType::HANDSHAKE, &[0; 20_000 - 3_000]);
        let mut deframer = Deframer::new(RecordLimit::AnyVersion);
        let mut rest = &big[..];
        while !rest.is_empty() {
            rest = &rest[deframer.extend(rest)..];
            assert!(rest.is_empty() || deframer.next_record().unwrap().is_none());
        }
        assert!(deframer.next_record().unwrap().is_some());
        deframer.set_limit(RecordLimit::Tls13);
        assert_eq!(deframer.limit(), RecordLimit::Tls13);
        deframer.extend(&big[..5]);
        let err = deframer.next_record().unwrap_err();
        assert!(matches!(err.kind(), DecodeErrorKind::RecordOverflow { .. }));
        assert_eq!(err.offset(), big.len() + 3);
    }

    #[test]
    fn buffer_grows_only_to_a_maximal_record_and_records_that_straddle_its_end_survive() {
        let fragment: Vec<u8> = (0..MAX_TLS12_CIPHERTEXT_LEN)
            .map(|i| u8::try_from(i % 251).unwrap())
            .collect();
        let mut records = Vec::new();
        for len in [
            MAX_TLS12_CIPHERTEXT_LEN,
            1,
            5000,
            MAX_TLS12_CIPHERTEXT_LEN,
            0,
            17_000,
            3,
        ] {
            records.push(record(ContentType::APPLICATION_DATA, &fragment[..len]));
        }
        let bytes = records.concat();
        for chunk in [1, 4096, 9999, 20_000] {
            let mut deframer = Deframer::new(RecordLimit::Tls12);
            let mut out = Vec::new();
            let mut input = &bytes[..];
            let mut largest = 0;
            while !input.is_empty() {
                let n = deframer.extend(&input[..chunk.min(input.len())]);
                assert!(n > 0, "a drained deframer always has room");
                // Small at first; grown, never past a maximal record.
                if largest == 0 {
                    assert_eq!(deframer.size, INITIAL_BUFFER_LEN, "chunks of {chunk}");
                }
                largest = largest.max(deframer.size);
                input = &input[n..];
                while let Some(record) = deframer.next_record().unwrap() {
                    out.push(record.into_record().to_vec());
                }
            }
            assert_eq!(out, records, "chunks of {chunk}");
            // The maximal records took the whole of it.
            assert_eq!(largest, MAX_RECORD_LEN, "chunks of {chunk}");
        }
    }

    #[test]
    fn undrained_records_keep_their_room() {
        let record = record(ContentType::APPLICATION_DATA, &[7; 10_000]);
        let mut deframer = Deframer::new(RecordLimit::Tls12);
        // The first record grows the buffer past 4 KiB as its bytes arrive.
        let mut rest = &record[..];
        while !rest.is_empty() {
            rest = &rest[deframer.extend(rest)..];
            assert_eq!(deframer.next_record().unwrap().is_some(), rest.is_empty());
        }
        // Undrained, a record keeps its room: the buffer grew to fit it, and takes nothing
        // more until it is returned.
        let mut deframer = Deframer::new(RecordLimit::Tls12);
        let stream = [record.clone(), record.clone()].concat();
        let mut taken = 0;
        loop {
            let n = deframer.extend(&stream[taken..]);
            taken += n;
            if n == 0 {
                break;
            }
        }
        assert!(taken >= record.len() && taken <= deframer.size);
        assert!(deframer.read_buf().is_empty());
        assert_eq!(
            deframer.next_record().unwrap().unwrap().fragment(),
            &record[5..]
        );
        loop {
            taken += deframer.extend(&stream[taken..]);
            if deframer.next_record().unwrap().is_some() {
                break;
            }
        }
        assert_eq!(taken, stream.len());
    }

    #[test]
    fn a_fresh_buffer_is_small_and_a_freed_one_comes_back_as_large() {
        let mut deframer = Deframer::new(RecordLimit::Tls12);
        assert_eq!(deframer.room(), INITIAL_BUFFER_LEN);
        let record = record(ContentType::APPLICATION_DATA, &[7; 9_000]);
        let mut rest = &record[..];
        while !rest.is_empty() {
            rest = &rest[deframer.extend(rest)..];
            let _ = deframer.next_record().unwrap();
        }
        let grown = deframer.capacity();
        assert!(grown >= record.len() && grown <= MAX_RECORD_LEN);
        deframer.shrink_if_idle();
        assert_eq!(deframer.capacity(), 0);
        assert_eq!(deframer.room(), deframer.read_buf().len());
        assert_eq!(deframer.capacity(), grown);
    }

    #[test]
    fn shrink_if_idle_frees_only_an_empty_buffer() {
        let mut deframer = Deframer::default();
        deframer.extend(&[0x14, 0x03]);
        deframer.shrink_if_idle();
        assert_eq!(deframer.buffered_len(), 2);
        deframer.extend(&[0x03, 0x00, 0x01, 0x01]);
        assert!(deframer.next_record().unwrap().is_some());
        deframer.shrink_if_idle();
        assert!(deframer.buf.is_empty());
        assert_eq!(deframer.extend(&[0x14]), 1);
        assert!(format!("{deframer:?}").contains("buffered_len: 1"));
    }

    #[test]
    fn deframe_says_complete_or_how_much_is_missing() {
        let (bytes, records) = stream(&SERVER_FLIGHT[1..3]);
        match deframe(&bytes, RecordLimit::Tls13).unwrap() {
            Deframed::Complete { record, consumed } => {
                assert_eq!(consumed, 6);
                assert_eq!(record.to_vec(), records[0]);
                assert_eq!(record.into_owned().fragment(), [1]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            deframe(&bytes[6..8], RecordLimit::Tls13).unwrap(),
            Deframed::Incomplete { needed: 3 }
        );
        assert_eq!(
            deframe(&bytes[6..20], RecordLimit::Tls13).unwrap(),
            Deframed::Incomplete { needed: 14 }
        );
        assert_eq!(
            deframe(&[], RecordLimit::Tls13).unwrap(),
            Deframed::Incomplete { needed: 5 }
        );
        let err = deframe(&[0x17, 0x03, 0x03, 0x41, 0x01], RecordLimit::Tls13).unwrap_err();
        assert!(matches!(err.kind(), DecodeErrorKind::RecordOverflow { .. }));
    }
}
