//! TLS 1.3 record protection (RFC 8446 §5.2–5.4): the inner plaintext with its real content
//! type and padding, sealed under `iv XOR seq` with the record header as additional data.

use core::fmt;

use ring::aead::NONCE_LEN;
use tls_wire::ids::{ContentType, ProtocolVersion};
use tls_wire::record::{
    InnerPlaintext, MAX_TLS13_CIPHERTEXT_LEN, MAX_TLS13_INNER_PLAINTEXT_LEN, RecordHeader,
};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::record::aead::{RecordKey, TAG_LEN, check_sealable};
use crate::record::limits;
use crate::record::nonce::{SequenceNumber, Tls13Iv, xor_nonce};
use crate::suite::AeadAlgorithm;

/// Seals the TLS 1.3 records of one direction under one traffic key, in place.
///
/// ```text
/// struct {
///     opaque content[TLSPlaintext.length];
///     ContentType type;
///     uint8 zeros[length_of_padding];
/// } TLSInnerPlaintext;
///
/// struct {
///     ContentType opaque_type = application_data; /* 23 */
///     ProtocolVersion legacy_record_version = 0x0303; /* TLS v1.2 */
///     uint16 length;
///     opaque encrypted_record[TLSCiphertext.length];
/// } TLSCiphertext;
/// ```
///
/// (RFC 8446 §5.2.) The caller lays the record out in its own buffer, the content already in
/// place after room for the header, and [`seal_in_place`](Self::seal_in_place) fills in the
/// rest and encrypts where the bytes lie: no allocation, no copy.
///
/// ```text
/// [ header: 5 | content: content_len | type: 1 | zero padding | tag: 16 ]
///   written     the caller's            written   written        written
/// ```
///
/// Build one per traffic key and drop it when the key changes: ring's key cannot be wiped, so
/// it must not outlive its secret. Sequence numbers start at 0 and never wrap;
/// [`needs_key_update`](Self::needs_key_update) says when the AEAD's confidentiality limit
/// calls for a KeyUpdate.
pub struct Tls13RecordSealer {
    key: RecordKey,
    iv: Tls13Iv,
    sequence: SequenceNumber,
}

impl Tls13RecordSealer {
    /// A sealer for `aead` from a traffic key's `key` and `iv` (RFC 8446 §7.3), starting at
    /// sequence number 0.
    pub fn new(aead: AeadAlgorithm, key: &[u8], iv: [u8; NONCE_LEN]) -> Result<Self, Error> {
        Ok(Self {
            key: RecordKey::new(aead, key)?,
            iv: Zeroizing::new(iv),
            sequence: SequenceNumber::default(),
        })
    }

    /// The same sealer, its next record numbered `seq` (for known-answer tests that start
    /// mid-stream). Never go back to a number this key has already sealed: a nonce must not
    /// repeat.
    #[must_use]
    pub const fn with_sequence_number(mut self, seq: u64) -> Self {
        self.sequence = SequenceNumber::new(seq);
        self
    }

    /// Length of a sealed record carrying `content_len` bytes of content and `padding_len`
    /// bytes of padding: header, content, type byte, padding and tag (saturating).
    pub const fn record_len(content_len: usize, padding_len: usize) -> usize {
        RecordHeader::LEN
            .saturating_add(content_len)
            .saturating_add(1)
            .saturating_add(padding_len)
            .saturating_add(TAG_LEN)
    }

    /// Seals `record` in place as one TLS 1.3 record of content type `typ`.
    ///
    /// `record` is the whole record: the content sits in `record[5..5 + content_len]`; the
    /// header, the type byte, the zero padding (however many bytes are left before the
    /// 16-byte tag) and the tag are written here. `record.len()` is therefore
    /// [`record_len(content_len, padding_len)`](Self::record_len).
    ///
    /// Fails, sealing nothing and using no sequence number, if the buffer is too short, the
    /// inner plaintext would exceed 2^14 + 1 bytes, or the RFC forbids sending the record (or
    /// the sequence number is exhausted).
    #[inline]
    pub fn seal_in_place(
        &mut self,
        typ: ContentType,
        record: &mut [u8],
        content_len: usize,
    ) -> Result<(), Error> {
        check_sealable(typ, content_len)?;
        let record_len = record.len();
        let too_short = || Error::RecordBufferTooShort {
            len: record_len,
            needed: Self::record_len(content_len, 0),
        };
        let (header, fragment) = record
            .split_first_chunk_mut::<{ RecordHeader::LEN }>()
            .ok_or_else(too_short)?;
        let (inner, tag) = fragment
            .split_last_chunk_mut::<TAG_LEN>()
            .ok_or_else(too_short)?;
        let inner_len = inner.len();
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.4
        //# The presence of padding does not change the overall record size
        //# limitations: the full encoded TLSInnerPlaintext MUST NOT exceed 2^14
        //# + 1 octets.
        let too_long = || Error::PlaintextTooLong {
            len: inner_len,
            max: MAX_TLS13_INNER_PLAINTEXT_LEN,
        };
        if inner_len > MAX_TLS13_INNER_PLAINTEXT_LEN {
            return Err(too_long());
        }
        let length = u16::try_from(inner_len.saturating_add(TAG_LEN)).map_err(|_| too_long())?;
        let (type_byte, padding) = inner
            .get_mut(content_len..)
            .and_then(<[u8]>::split_first_mut)
            .ok_or_else(too_short)?;
        *type_byte = typ.get();
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.4
        //# Implementations MUST set the
        //# padding octets to all zeros before encrypting.
        // Most records carry no padding: skip the call to memset that `fill` becomes.
        if !padding.is_empty() {
            padding.fill(0);
        }
        let seq = self.sequence.take()?;

        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
        //# The outer opaque_type field of a TLSCiphertext record
        //# is always set to the value 23 (application_data) for outward
        //# compatibility with middleboxes accustomed to parsing previous
        //# versions of TLS.
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
        //# The legacy_record_version field is always
        //# 0x0303.
        *header = RecordHeader::new(
            ContentType::APPLICATION_DATA,
            ProtocolVersion::TLSV1_2,
            length,
        )
        .to_bytes();
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
        //# additional_data = TLSCiphertext.opaque_type ||
        //#                   TLSCiphertext.legacy_record_version ||
        //#                   TLSCiphertext.length
        self.key
            .seal(xor_nonce(&self.iv, seq), header.as_slice(), inner, tag)
            .map_err(|_| too_long())
    }

    /// The AEAD.
    pub const fn aead(&self) -> AeadAlgorithm {
        self.key.aead()
    }

    /// The sequence number the next record gets.
    pub const fn sequence_number(&self) -> u64 {
        self.sequence.get()
    }

    /// How many more records this key may seal within its AEAD's confidentiality limit
    /// (RFC 8446 §5.5).
    pub const fn records_until_limit(&self) -> u64 {
        limits::records_until_limit(self.aead(), self.sequence.get())
    }

    /// Whether the connection must send a KeyUpdate (under this key, as the last record it
    /// seals) before anything else: one record is left within the confidentiality limit.
    pub const fn needs_key_update(&self) -> bool {
        limits::needs_key_update(self.aead(), self.sequence.get())
    }
}

impl fmt::Debug for Tls13RecordSealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls13RecordSealer")
            .field("aead", &self.aead())
            .field("sequence_number", &self.sequence_number())
            .finish_non_exhaustive()
    }
}

/// Opens the TLS 1.3 records of one direction under one traffic key, where they landed.
///
/// [`open_in_place`](Self::open_in_place) decrypts a record's fragment in the caller's buffer
/// (the deframer's, for one) and lends back the content, its padding and type byte cut off.
/// A record that fails authentication does not move the sequence number on, so a server can
/// skip rejected 0-RTT records (RFC 8446 §4.2.10); failures are counted against the AEAD's
/// integrity limit.
pub struct Tls13RecordOpener {
    key: RecordKey,
    iv: Tls13Iv,
    sequence: SequenceNumber,
    failed_opens: u64,
}

impl Tls13RecordOpener {
    /// An opener for `aead` from the peer's traffic `key` and `iv` (RFC 8446 §7.3), expecting
    /// sequence number 0.
    pub fn new(aead: AeadAlgorithm, key: &[u8], iv: [u8; NONCE_LEN]) -> Result<Self, Error> {
        Ok(Self {
            key: RecordKey::new(aead, key)?,
            iv: Zeroizing::new(iv),
            sequence: SequenceNumber::default(),
            failed_opens: 0,
        })
    }

    /// The same opener, expecting its next record to be numbered `seq` (for known-answer
    /// tests that start mid-stream).
    #[must_use]
    pub const fn with_sequence_number(mut self, seq: u64) -> Self {
        self.sequence = SequenceNumber::new(seq);
        self
    }

    /// Opens one record in place: `header` and `fragment` as the deframer lends them
    /// (`RecordMut::into_parts`). Returns the real content type and the content, a slice of
    /// `fragment`.
    ///
    /// Errors: [`Error::RecordOverflow`] for a fragment over 2^14 + 256 bytes,
    /// [`Error::BadRecordMac`] if it fails authentication (the sequence number stays),
    /// [`Error::Decode`] if the inner plaintext has no content type, a forbidden one, an
    /// empty handshake or alert, or more than 2^14 + 1 bytes (the sequence number moves on:
    /// the record was authentic).
    #[inline]
    pub fn open_in_place<'b>(
        &mut self,
        header: RecordHeader,
        fragment: &'b mut [u8],
    ) -> Result<(ContentType, &'b mut [u8]), Error> {
        if header.fragment_len() != fragment.len() {
            return Err(Error::FragmentLengthMismatch {
                header: header.fragment_len(),
                fragment: fragment.len(),
            });
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
        //# An endpoint that receives a record from its
        //# peer with TLSCiphertext.length larger than 2^14 + 256 octets MUST
        //# terminate the connection with a "record_overflow" alert.
        if fragment.len() > MAX_TLS13_CIPHERTEXT_LEN {
            return Err(Error::RecordOverflow {
                len: fragment.len(),
                max: MAX_TLS13_CIPHERTEXT_LEN,
            });
        }
        let seq = self.sequence.peek()?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
        //# If the decryption fails, the receiver MUST terminate the connection
        //# with a "bad_record_mac" alert.
        let plaintext = self
            .key
            .open(xor_nonce(&self.iv, seq), &header.to_bytes(), fragment)
            .inspect_err(|_| self.failed_opens = self.failed_opens.saturating_add(1))?;
        self.sequence.advance();
        // Scans back over the padding within the decrypted bytes only, and checks the type
        // and the 2^14 + 1 limit (RFC 8446 §5.4), naming the alert for each failure.
        Ok(InnerPlaintext::decode_in_place(plaintext)?)
    }

    /// The AEAD.
    pub const fn aead(&self) -> AeadAlgorithm {
        self.key.aead()
    }

    /// The sequence number the next record must carry.
    pub const fn sequence_number(&self) -> u64 {
        self.sequence.get()
    }

    /// Records that failed authentication under this key.
    pub const fn failed_opens(&self) -> u64 {
        self.failed_opens
    }

    /// Whether the connection should ask the peer for a KeyUpdate (`update_requested`): the
    /// peer's records under this key reach the AEAD's confidentiality limit, or failed
    /// records its integrity limit (RFC 9147 §4.5.3).
    pub const fn needs_key_update(&self) -> bool {
        limits::needs_key_update(self.aead(), self.sequence.get())
            || self.failed_opens >= self.aead().integrity_limit()
    }
}

impl fmt::Debug for Tls13RecordOpener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls13RecordOpener")
            .field("aead", &self.aead())
            .field("sequence_number", &self.sequence_number())
            .field("failed_opens", &self.failed_opens)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8448 §3 (simple 1-RTT), the client's application write key and IV ("derive write
    /// traffic keys for application data") and its close_notify ("send alert record",
    /// `complete record`), the client's second record under that key.
    const CLIENT_KEY: &str = "17422dda596ed5d9acd890e3c63f5051";
    const CLIENT_IV: &str = "5b78923dee08579033e523d9";
    const CLIENT_CLOSE_NOTIFY: &str = "1703030013c9872760655666b74d7ff1153efd6db6d0b0e3";

    fn iv() -> [u8; 12] {
        hex::decode(CLIENT_IV).unwrap().try_into().unwrap()
    }

    fn sealer() -> Tls13RecordSealer {
        let key = hex::decode(CLIENT_KEY).unwrap();
        Tls13RecordSealer::new(AeadAlgorithm::Aes128Gcm, &key, iv()).unwrap()
    }

    fn opener() -> Tls13RecordOpener {
        let key = hex::decode(CLIENT_KEY).unwrap();
        Tls13RecordOpener::new(AeadAlgorithm::Aes128Gcm, &key, iv()).unwrap()
    }

    fn split(record: &mut [u8]) -> (RecordHeader, &mut [u8]) {
        let (header, fragment) = record.split_first_chunk_mut::<5>().unwrap();
        let length = u16::from_be_bytes([header[3], header[4]]);
        let header = RecordHeader::new(
            ContentType::from(header[0]),
            ProtocolVersion::from(u16::from_be_bytes([header[1], header[2]])),
            length,
        );
        (header, fragment)
    }

    #[test]
    fn opens_and_reseals_rfc8448_close_notify() {
        let expected = hex::decode(CLIENT_CLOSE_NOTIFY).unwrap();
        let mut record = expected.clone();
        let mut opener = opener().with_sequence_number(1);
        let (header, fragment) = split(&mut record);
        let (typ, content) = opener.open_in_place(header, fragment).unwrap();
        assert_eq!((typ, &*content), (ContentType::ALERT, &[1, 0][..]));
        assert_eq!(opener.sequence_number(), 2);

        let mut resealed = vec![0; Tls13RecordSealer::record_len(2, 0)];
        resealed[5..7].copy_from_slice(&[1, 0]);
        let mut sealer = sealer().with_sequence_number(1);
        sealer
            .seal_in_place(ContentType::ALERT, &mut resealed, 2)
            .unwrap();
        assert_eq!(resealed, expected);
        assert_eq!(sealer.sequence_number(), 2);
    }

    #[test]
    fn padding_is_zeroed_sealed_and_stripped() {
        let mut record = vec![0xee; Tls13RecordSealer::record_len(4, 7)];
        record[5..9].copy_from_slice(b"ping");
        sealer()
            .seal_in_place(ContentType::APPLICATION_DATA, &mut record, 4)
            .unwrap();
        assert_eq!(record[..5], [0x17, 0x03, 0x03, 0x00, 4 + 1 + 7 + 16]);
        let (header, fragment) = split(&mut record);
        let (typ, content) = opener().open_in_place(header, fragment).unwrap();
        assert_eq!(
            (typ, &*content),
            (ContentType::APPLICATION_DATA, &b"ping"[..])
        );
    }

    #[test]
    fn failed_open_keeps_the_sequence_number_and_counts() {
        let mut record = hex::decode(CLIENT_CLOSE_NOTIFY).unwrap();
        let mut opener = opener();
        let (header, fragment) = split(&mut record);
        // Sequence number 0 is the wrong one for this record.
        assert_eq!(
            opener.open_in_place(header, fragment),
            Err(Error::BadRecordMac)
        );
        assert_eq!((opener.sequence_number(), opener.failed_opens()), (0, 1));
        let mut record = hex::decode(CLIENT_CLOSE_NOTIFY).unwrap();
        let mut opener = opener.with_sequence_number(1);
        let (header, fragment) = split(&mut record);
        assert!(opener.open_in_place(header, fragment).is_ok());
        assert!(!opener.needs_key_update());
    }

    #[test]
    fn rejects_all_zero_inner_plaintext_after_authenticating_it() {
        let sealer = sealer();
        let mut record = vec![0; Tls13RecordSealer::record_len(0, 3)];
        // Seal four zero bytes behind the API's back: no content type at all.
        let header = RecordHeader::new(ContentType::APPLICATION_DATA, ProtocolVersion::TLSV1_2, 20);
        record[..5].copy_from_slice(&header.to_bytes());
        let (inner, tag) = record[5..].split_last_chunk_mut::<TAG_LEN>().unwrap();
        sealer
            .key
            .seal(xor_nonce(&sealer.iv, 0), &header.to_bytes(), inner, tag)
            .unwrap();
        let mut opener = opener();
        let (header, fragment) = split(&mut record);
        let error = opener.open_in_place(header, fragment).unwrap_err();
        assert_eq!(
            error.alert(),
            Some(tls_wire::ids::AlertDescription::UNEXPECTED_MESSAGE)
        );
        assert!(matches!(error, Error::Decode(_)));
        assert_eq!(opener.sequence_number(), 1);
        assert_eq!(sealer.sequence_number(), 0);
    }

    /// Seals `inner` (a whole TLSInnerPlaintext: content, type byte, padding) as record 0,
    /// behind the sealer's back, which refuses to make what these tests need.
    fn seal_raw_inner(inner: &[u8]) -> Vec<u8> {
        let sealer = sealer();
        let len = u16::try_from(inner.len() + TAG_LEN).unwrap();
        let header =
            RecordHeader::new(ContentType::APPLICATION_DATA, ProtocolVersion::TLSV1_2, len);
        let mut record = header.to_bytes().to_vec();
        record.extend_from_slice(inner);
        record.extend_from_slice(&[0; TAG_LEN]);
        let (inner, tag) = record[5..].split_last_chunk_mut::<TAG_LEN>().unwrap();
        sealer
            .key
            .seal(xor_nonce(&sealer.iv, 0), &header.to_bytes(), inner, tag)
            .unwrap();
        record
    }

    #[test]
    fn rejects_inner_plaintext_over_2_14_plus_1_after_authenticating_it() {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.4
        //# The presence of padding does not change the overall record size
        //# limitations: the full encoded TLSInnerPlaintext MUST NOT exceed 2^14
        //# + 1 octets.
        // 2^14 + 1 bytes of content and the type byte: one over, within the ciphertext limit.
        let mut inner = vec![b'a'; MAX_TLS13_INNER_PLAINTEXT_LEN];
        inner.push(ContentType::APPLICATION_DATA.get());
        let mut record = seal_raw_inner(&inner);
        let (header, fragment) = split(&mut record);
        let error = opener().open_in_place(header, fragment).unwrap_err();
        assert_eq!(
            error.alert(),
            Some(tls_wire::ids::AlertDescription::RECORD_OVERFLOW)
        );
        // Exactly at the limit, it opens.
        let mut inner = vec![b'a'; MAX_TLS13_INNER_PLAINTEXT_LEN - 1];
        inner.push(ContentType::APPLICATION_DATA.get());
        let mut record = seal_raw_inner(&inner);
        let (header, fragment) = split(&mut record);
        assert!(opener().open_in_place(header, fragment).is_ok());
    }

    #[test]
    fn rejects_an_unknown_inner_content_type() {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5
        //# If a TLS
        //# implementation receives an unexpected record type, it MUST terminate
        //# the connection with an "unexpected_message" alert.
        for typ in [99u8, 0x80, 0xff] {
            let mut record = seal_raw_inner(&[b'x', typ, 0, 0]);
            let (header, fragment) = split(&mut record);
            let error = opener().open_in_place(header, fragment).unwrap_err();
            assert_eq!(
                error.alert(),
                Some(tls_wire::ids::AlertDescription::UNEXPECTED_MESSAGE),
                "type {typ}"
            );
        }
    }

    #[test]
    fn rejects_ciphertext_over_2_14_plus_256() {
        let mut fragment = vec![0; MAX_TLS13_CIPHERTEXT_LEN + 1];
        let header = RecordHeader::new(
            ContentType::APPLICATION_DATA,
            ProtocolVersion::TLSV1_2,
            u16::try_from(fragment.len()).unwrap(),
        );
        let mut opener = opener();
        assert_eq!(
            opener.open_in_place(header, &mut fragment),
            Err(Error::RecordOverflow {
                len: 16_641,
                max: 16_640
            })
        );
        assert_eq!((opener.sequence_number(), opener.failed_opens()), (0, 0));
    }

    #[test]
    fn rejects_header_that_disagrees_with_the_fragment() {
        let header = RecordHeader::new(ContentType::APPLICATION_DATA, ProtocolVersion::TLSV1_2, 18);
        assert_eq!(
            opener().open_in_place(header, &mut [0; 17]),
            Err(Error::FragmentLengthMismatch {
                header: 18,
                fragment: 17
            })
        );
    }

    #[test]
    fn sealing_refuses_bad_requests_without_using_a_sequence_number() {
        let mut sealer = sealer();
        let mut short = vec![0; Tls13RecordSealer::record_len(4, 0) - 1];
        assert_eq!(
            sealer.seal_in_place(ContentType::HANDSHAKE, &mut short, 4),
            Err(Error::RecordBufferTooShort {
                len: 25,
                needed: 26
            })
        );
        let mut huge = vec![0; Tls13RecordSealer::record_len(MAX_TLS13_INNER_PLAINTEXT_LEN, 0)];
        assert_eq!(
            sealer.seal_in_place(ContentType::APPLICATION_DATA, &mut huge, 16_384),
            Err(Error::PlaintextTooLong {
                len: 16_386,
                max: 16_385
            })
        );
        let mut record = vec![0; Tls13RecordSealer::record_len(1, 0)];
        assert!(
            sealer
                .seal_in_place(ContentType::CHANGE_CIPHER_SPEC, &mut record, 1)
                .is_err()
        );
        assert!(
            sealer
                .seal_in_place(ContentType::HANDSHAKE, &mut [0; 22], 0)
                .is_err()
        );
        assert_eq!(sealer.sequence_number(), 0);
        // The largest record there is seals.
        huge.truncate(huge.len() - 1);
        assert!(
            sealer
                .seal_in_place(ContentType::APPLICATION_DATA, &mut huge, 16_384)
                .is_ok()
        );
        assert_eq!(huge.len(), RecordHeader::LEN + 16_384 + 1 + 16);
    }

    #[test]
    fn exhausted_sequence_number_refuses_to_seal_or_open() {
        let mut sealer = sealer().with_sequence_number(u64::MAX);
        let mut record = vec![0; Tls13RecordSealer::record_len(0, 0)];
        assert_eq!(
            sealer.seal_in_place(ContentType::APPLICATION_DATA, &mut record, 0),
            Err(Error::SequenceNumberExhausted)
        );
        assert!(sealer.needs_key_update());
        assert_eq!(sealer.records_until_limit(), 0);
        let mut record = hex::decode(CLIENT_CLOSE_NOTIFY).unwrap();
        let (header, fragment) = split(&mut record);
        assert_eq!(
            opener()
                .with_sequence_number(u64::MAX)
                .open_in_place(header, fragment),
            Err(Error::SequenceNumberExhausted)
        );
    }

    #[test]
    fn key_update_is_due_one_record_before_the_limit() {
        let limit = AeadAlgorithm::Aes128Gcm.confidentiality_limit();
        let sealer = sealer().with_sequence_number(limit - 2);
        assert_eq!(sealer.records_until_limit(), 2);
        assert!(!sealer.needs_key_update());
        assert!(sealer.with_sequence_number(limit - 1).needs_key_update());
        assert!(opener().with_sequence_number(limit - 1).needs_key_update());
    }

    #[test]
    fn debug_shows_no_key_material() {
        let debug = format!("{:?} {:?}", sealer(), opener());
        assert_eq!(
            debug,
            "Tls13RecordSealer { aead: Aes128Gcm, sequence_number: 0, .. } \
             Tls13RecordOpener { aead: Aes128Gcm, sequence_number: 0, failed_opens: 0, .. }"
        );
    }
}
