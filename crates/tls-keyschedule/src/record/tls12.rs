//! TLS 1.2 AEAD record protection (RFC 5246 §6.2.3.3): AES-GCM with its partly explicit nonce
//! (RFC 5288) and ChaCha20-Poly1305 with the TLS 1.3-style nonce (RFC 7905).

use core::fmt;

use tls_wire::ids::{ContentType, ProtocolVersion};
use tls_wire::record::{MAX_PLAINTEXT_LEN, MAX_TLS12_CIPHERTEXT_LEN, RecordHeader};

use crate::error::Error;
use crate::record::aead::{RecordKey, TAG_LEN, check_sealable};
use crate::record::limits;
use crate::record::nonce::{GCM_EXPLICIT_NONCE_LEN, SequenceNumber, Tls12Iv, gcm_nonce, xor_nonce};
use crate::suite::AeadAlgorithm;

/// Length of the TLS 1.2 AEAD additional data: seq_num (8), type (1), version (2), length (2).
const AAD_LEN: usize = 13;

/// The TLS 1.2 AEAD additional data for the record numbered `seq`.
//= https://www.rfc-editor.org/rfc/rfc5246#section-6.2.3.3
//# additional_data = seq_num + TLSCompressed.type +
//#                   TLSCompressed.version + TLSCompressed.length;
#[inline]
fn additional_data(
    seq: u64,
    typ: ContentType,
    version: ProtocolVersion,
    plaintext_len: u16,
) -> [u8; AAD_LEN] {
    let [s0, s1, s2, s3, s4, s5, s6, s7] = seq.to_be_bytes();
    let [v0, v1] = version.get().to_be_bytes();
    let [l0, l1] = plaintext_len.to_be_bytes();
    [s0, s1, s2, s3, s4, s5, s6, s7, typ.get(), v0, v1, l0, l1]
}

/// Seals the TLS 1.2 records of one direction under one key, in place.
///
/// ```text
/// struct {
///    opaque nonce_explicit[SecurityParameters.record_iv_length];
///    aead-ciphered struct {
///        opaque content[TLSCompressed.length];
///    };
/// } GenericAEADCipher;
/// ```
///
/// (RFC 5246 §6.2.3.3.) The caller lays the record out in its own buffer, the content already
/// in place, and [`seal_in_place`](Self::seal_in_place) writes the rest and encrypts where the
/// bytes lie:
///
/// ```text
/// [ header: 5 | nonce_explicit: 8 (AES-GCM) or 0 (ChaCha20) | content | tag: 16 ]
/// ```
///
/// AES-GCM's `nonce_explicit` is the sequence number (RFC 5288 §3 allows it), offset by a
/// constant if [`with_explicit_nonce_offset`](Self::with_explicit_nonce_offset) says so.
/// Build one per key; ring's key cannot be wiped, so it must not outlive the connection state.
pub struct Tls12RecordSealer {
    key: RecordKey,
    iv: Tls12Iv,
    sequence: SequenceNumber,
    explicit_nonce_offset: u64,
}

impl Tls12RecordSealer {
    /// A sealer for `aead` from the key block's `write_key` and `write_iv` (RFC 5246 §6.3):
    /// a 4-byte salt for AES-GCM, a 12-byte IV for ChaCha20-Poly1305. Starts at sequence
    /// number 0.
    pub fn new(aead: AeadAlgorithm, key: &[u8], iv: &[u8]) -> Result<Self, Error> {
        Ok(Self {
            key: RecordKey::new(aead, key)?,
            iv: Tls12Iv::new(aead, iv)?,
            sequence: SequenceNumber::default(),
            explicit_nonce_offset: 0,
        })
    }

    /// The same sealer, its next record numbered `seq` (for known-answer tests that start
    /// mid-stream). Never go back to a number this key has already sealed.
    #[must_use]
    pub const fn with_sequence_number(mut self, seq: u64) -> Self {
        self.sequence = SequenceNumber::new(seq);
        self
    }

    /// The same sealer, writing `seq + offset` (wrapping) as AES-GCM's `nonce_explicit`
    /// instead of `seq`: still distinct for every record of the key, since `seq` is. OpenSSL
    /// counts this way from a random start, and known-answer tests against its records need
    /// the same. No effect on ChaCha20-Poly1305, which sends no explicit nonce.
    //= https://www.rfc-editor.org/rfc/rfc5288#section-3
    //# Each value of the nonce_explicit MUST be distinct for each distinct
    //# invocation of the GCM encrypt function for any fixed key.
    #[must_use]
    pub const fn with_explicit_nonce_offset(mut self, offset: u64) -> Self {
        self.explicit_nonce_offset = offset;
        self
    }

    /// Bytes a sealed record adds to its content: header, explicit nonce and tag.
    pub const fn overhead(&self) -> usize {
        RecordHeader::LEN
            .saturating_add(self.iv.explicit_nonce_len())
            .saturating_add(TAG_LEN)
    }

    /// Offset of the content in the record buffer: after the header and the explicit nonce.
    pub const fn content_offset(&self) -> usize {
        RecordHeader::LEN.saturating_add(self.iv.explicit_nonce_len())
    }

    /// Seals `record` in place as one TLS 1.2 record of content type `typ`.
    ///
    /// `record` is the whole record: the content sits at [`content_offset`](Self::content_offset)
    /// and fills all but the last 16 bytes (the tag); the header, the explicit nonce and the
    /// tag are written here. `record.len()` is the content length plus
    /// [`overhead`](Self::overhead).
    ///
    /// Fails, sealing nothing and using no sequence number, if the buffer is shorter than the
    /// overhead, the content exceeds 2^14 bytes, or the RFC forbids sending the record.
    #[inline]
    pub fn seal_in_place(&mut self, typ: ContentType, record: &mut [u8]) -> Result<(), Error> {
        let record_len = record.len();
        let overhead = self.overhead();
        let content_len = record_len
            .checked_sub(overhead)
            .ok_or(Error::RecordBufferTooShort {
                len: record_len,
                needed: overhead,
            })?;
        check_sealable(typ, content_len)?;
        //= https://www.rfc-editor.org/rfc/rfc5246#section-6.2.1
        //# The
        //# length MUST NOT exceed 2^14.
        let too_long = || Error::PlaintextTooLong {
            len: content_len,
            max: MAX_PLAINTEXT_LEN,
        };
        if content_len > MAX_PLAINTEXT_LEN {
            return Err(too_long());
        }
        let plaintext_len = u16::try_from(content_len).map_err(|_| too_long())?;
        let fragment_len =
            u16::try_from(record_len.saturating_sub(RecordHeader::LEN)).map_err(|_| too_long())?;
        let too_short = || Error::RecordBufferTooShort {
            len: record_len,
            needed: overhead,
        };
        let (header, fragment) = record
            .split_first_chunk_mut::<{ RecordHeader::LEN }>()
            .ok_or_else(too_short)?;
        let (explicit_and_content, tag) = fragment
            .split_last_chunk_mut::<TAG_LEN>()
            .ok_or_else(too_short)?;
        let seq = self.sequence.take()?;

        let version = ProtocolVersion::TLSV1_2;
        *header = RecordHeader::new(typ, version, fragment_len).to_bytes();
        let aad = additional_data(seq, typ, version, plaintext_len);
        let (nonce, content) = match &self.iv {
            Tls12Iv::Gcm(salt) => {
                let (explicit, content) = explicit_and_content
                    .split_first_chunk_mut::<GCM_EXPLICIT_NONCE_LEN>()
                    .ok_or_else(too_short)?;
                //= https://www.rfc-editor.org/rfc/rfc5288#section-3
                //# The nonce_explicit MAY be the 64-bit sequence number.
                *explicit = seq.wrapping_add(self.explicit_nonce_offset).to_be_bytes();
                (gcm_nonce(salt, *explicit), content)
            }
            //= https://www.rfc-editor.org/rfc/rfc7905#section-2
            //# 1.  The 64-bit record sequence number is serialized as an 8-byte,
            //#     big-endian value and padded on the left with four 0x00 bytes.
            //#
            //# 2.  The padded sequence number is XORed with the client_write_IV
            //#     (when the client is sending) or server_write_IV (when the server
            //#     is sending).
            Tls12Iv::ChaCha(iv) => (xor_nonce(iv, seq), explicit_and_content),
        };
        self.key
            .seal(nonce, &aad, content, tag)
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

    /// How many more records this key may seal within its AEAD's confidentiality limit.
    pub const fn records_until_limit(&self) -> u64 {
        limits::records_until_limit(self.aead(), self.sequence.get())
    }

    /// Whether the key is at its confidentiality limit. TLS 1.2 has no KeyUpdate (and we do
    /// not renegotiate), so the connection closes instead.
    pub const fn needs_key_update(&self) -> bool {
        limits::needs_key_update(self.aead(), self.sequence.get())
    }
}

impl fmt::Debug for Tls12RecordSealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls12RecordSealer")
            .field("aead", &self.aead())
            .field("sequence_number", &self.sequence_number())
            .finish_non_exhaustive()
    }
}

/// Opens the TLS 1.2 records of one direction under one key, where they landed.
///
/// AES-GCM takes the 8 explicit nonce bytes at the start of the fragment whatever they are:
/// the sender chooses them (OpenSSL's are not the sequence number). A record that fails
/// authentication does not move the sequence number on; failures are counted.
pub struct Tls12RecordOpener {
    key: RecordKey,
    iv: Tls12Iv,
    sequence: SequenceNumber,
    failed_opens: u64,
}

impl Tls12RecordOpener {
    /// An opener for `aead` from the key block's peer `write_key` and `write_iv` (RFC 5246
    /// §6.3): a 4-byte salt for AES-GCM, a 12-byte IV for ChaCha20-Poly1305. Expects sequence
    /// number 0.
    pub fn new(aead: AeadAlgorithm, key: &[u8], iv: &[u8]) -> Result<Self, Error> {
        Ok(Self {
            key: RecordKey::new(aead, key)?,
            iv: Tls12Iv::new(aead, iv)?,
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
    /// (`RecordMut::into_parts`). Returns the record's content type and its plaintext, a
    /// slice of `fragment`.
    ///
    /// Errors: [`Error::RecordOverflow`] for a fragment over 2^14 + 2048 bytes or a plaintext
    /// over 2^14, [`Error::BadRecordMac`] for a fragment too short for the explicit nonce and
    /// tag or one that fails authentication (the sequence number stays).
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
        //= https://www.rfc-editor.org/rfc/rfc5246#section-6.2.3
        //# The length MUST NOT exceed 2^14 + 2048.
        if fragment.len() > MAX_TLS12_CIPHERTEXT_LEN {
            return Err(Error::RecordOverflow {
                len: fragment.len(),
                max: MAX_TLS12_CIPHERTEXT_LEN,
            });
        }
        let seq = self.sequence.peek()?;
        let opened = self.open_fragment(header, seq, fragment);
        let plaintext = opened.inspect_err(|_| {
            self.failed_opens = self.failed_opens.saturating_add(1);
        })?;
        self.sequence.advance();
        //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
        //# record_overflow:  A TLSCiphertext record was received that had a
        //#    length more than 2^14 + 256 bytes, or a record decrypted to a
        //#    TLSPlaintext record with more than 2^14 bytes (or some other
        //#    negotiated limit).
        if plaintext.len() > MAX_PLAINTEXT_LEN {
            return Err(Error::RecordOverflow {
                len: plaintext.len(),
                max: MAX_PLAINTEXT_LEN,
            });
        }
        Ok((header.typ, plaintext))
    }

    /// Decrypts a fragment with the nonce and additional data of sequence number `seq`.
    //= https://www.rfc-editor.org/rfc/rfc5288#section-3
    //# Implementations MUST send TLS Alert bad_record_mac for all types of
    //# failures encountered in processing the AES-GCM algorithm.
    #[inline]
    fn open_fragment<'b>(
        &self,
        header: RecordHeader,
        seq: u64,
        fragment: &'b mut [u8],
    ) -> Result<&'b mut [u8], Error> {
        let (nonce, ciphertext_and_tag) = match &self.iv {
            Tls12Iv::Gcm(salt) => {
                let (explicit, rest) = fragment
                    .split_first_chunk_mut::<GCM_EXPLICIT_NONCE_LEN>()
                    .ok_or(Error::BadRecordMac)?;
                (gcm_nonce(salt, *explicit), rest)
            }
            Tls12Iv::ChaCha(iv) => (xor_nonce(iv, seq), fragment),
        };
        let plaintext_len = ciphertext_and_tag
            .len()
            .checked_sub(TAG_LEN)
            .and_then(|len| u16::try_from(len).ok())
            .ok_or(Error::BadRecordMac)?;
        let aad = additional_data(seq, header.typ, header.legacy_record_version, plaintext_len);
        //= https://www.rfc-editor.org/rfc/rfc5246#section-6.2.3.3
        //# If the decryption fails, a fatal bad_record_mac alert MUST be
        //# generated.
        self.key.open(nonce, &aad, ciphertext_and_tag)
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
}

impl fmt::Debug for Tls12RecordOpener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls12RecordOpener")
            .field("aead", &self.aead())
            .field("sequence_number", &self.sequence_number())
            .field("failed_opens", &self.failed_opens)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// openssl-captures.json tls12-ecdhe-ecdsa-aes128-gcm-sha256: client_write key and salt
    /// (`derived_keys`), and the client's close_notify (seq 2, explicit nonce
    /// 69d4130510a38284: OpenSSL's counter, not the sequence number).
    const GCM_KEY: &str = "ba601a3e1c1f278b0ec193159bd96be0";
    const GCM_SALT: &str = "d5e1c7b0";
    const GCM_CLOSE_NOTIFY: &str = "150303001a69d4130510a38284a34f48d58d19eab39f5838b52b619421fd1e";
    /// The same connection's explicit nonce minus the sequence number, for every client record.
    const GCM_EXPLICIT_OFFSET: u64 = 0x69d4_1305_10a3_8282;

    /// openssl-captures.json tls12-ecdhe-ecdsa-chacha20-poly1305: client_write key and IV,
    /// and the client's close_notify (seq 2).
    const CHACHA_KEY: &str = "61ef363d46e9838b9450c9db01dde3741caf2509665560456c14f80923eceaf7";
    const CHACHA_IV: &str = "b863679921348a1fe987ec2d";
    const CHACHA_CLOSE_NOTIFY: &str = "15030300120cb09bd1833adbb72711f4f56e1aa90c9b76";

    fn keys(aead: AeadAlgorithm) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let (key, iv, record) = match aead {
            AeadAlgorithm::ChaCha20Poly1305 => (CHACHA_KEY, CHACHA_IV, CHACHA_CLOSE_NOTIFY),
            _ => (GCM_KEY, GCM_SALT, GCM_CLOSE_NOTIFY),
        };
        (
            hex::decode(key).unwrap(),
            hex::decode(iv).unwrap(),
            hex::decode(record).unwrap(),
        )
    }

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
    fn opens_and_reseals_openssl_close_notify() {
        for aead in [AeadAlgorithm::Aes128Gcm, AeadAlgorithm::ChaCha20Poly1305] {
            let (key, iv, expected) = keys(aead);
            let mut record = expected.clone();
            let mut opener = Tls12RecordOpener::new(aead, &key, &iv)
                .unwrap()
                .with_sequence_number(2);
            let (header, fragment) = split(&mut record);
            let (typ, plaintext) = opener.open_in_place(header, fragment).unwrap();
            assert_eq!((typ, &*plaintext), (ContentType::ALERT, &[1, 0][..]));
            assert_eq!(opener.sequence_number(), 3);

            let mut sealer = Tls12RecordSealer::new(aead, &key, &iv)
                .unwrap()
                .with_sequence_number(2)
                .with_explicit_nonce_offset(GCM_EXPLICIT_OFFSET);
            let mut resealed = vec![0; sealer.overhead() + 2];
            let at = sealer.content_offset();
            resealed[at..at + 2].copy_from_slice(&[1, 0]);
            sealer
                .seal_in_place(ContentType::ALERT, &mut resealed)
                .unwrap();
            assert_eq!(resealed, expected, "{aead:?}");
        }
    }

    #[test]
    fn gcm_sends_the_sequence_number_as_explicit_nonce_by_default() {
        let (key, salt, _) = keys(AeadAlgorithm::Aes128Gcm);
        let aead = AeadAlgorithm::Aes128Gcm;
        let mut sealer = Tls12RecordSealer::new(aead, &key, &salt)
            .unwrap()
            .with_sequence_number(0x0102);
        assert_eq!((sealer.overhead(), sealer.content_offset()), (29, 13));
        let mut record = vec![0; 29 + 4];
        record[13..17].copy_from_slice(b"data");
        sealer
            .seal_in_place(ContentType::APPLICATION_DATA, &mut record)
            .unwrap();
        assert_eq!(record[..5], [0x17, 0x03, 0x03, 0x00, 28]);
        assert_eq!(record[5..13], [0, 0, 0, 0, 0, 0, 1, 2]);
        let mut opener = Tls12RecordOpener::new(aead, &key, &salt)
            .unwrap()
            .with_sequence_number(0x0102);
        let (header, fragment) = split(&mut record);
        let (typ, plaintext) = opener.open_in_place(header, fragment).unwrap();
        assert_eq!(
            (typ, &*plaintext),
            (ContentType::APPLICATION_DATA, &b"data"[..])
        );
    }

    #[test]
    fn any_flipped_bit_or_wrong_sequence_number_is_bad_record_mac() {
        for aead in [AeadAlgorithm::Aes128Gcm, AeadAlgorithm::ChaCha20Poly1305] {
            let (key, iv, original) = keys(aead);
            for bit in 0..original.len() * 8 {
                let mut record = original.clone();
                record[bit / 8] ^= 1 << (bit % 8);
                let (header, fragment) = split(&mut record);
                if header.fragment_len() != fragment.len() {
                    continue; // a changed length field is the deframer's to catch
                }
                let mut opener = Tls12RecordOpener::new(aead, &key, &iv)
                    .unwrap()
                    .with_sequence_number(2);
                assert_eq!(
                    opener.open_in_place(header, fragment),
                    Err(Error::BadRecordMac),
                    "{aead:?} bit {bit}"
                );
                assert_eq!((opener.sequence_number(), opener.failed_opens()), (2, 1));
            }
            let mut record = original.clone();
            let (header, fragment) = split(&mut record);
            let mut opener = Tls12RecordOpener::new(aead, &key, &iv)
                .unwrap()
                .with_sequence_number(3);
            assert_eq!(
                opener.open_in_place(header, fragment),
                Err(Error::BadRecordMac)
            );
        }
    }

    #[test]
    fn rejects_fragment_too_short_for_explicit_nonce_and_tag() {
        let (key, salt, _) = keys(AeadAlgorithm::Aes128Gcm);
        let mut opener = Tls12RecordOpener::new(AeadAlgorithm::Aes128Gcm, &key, &salt).unwrap();
        for len in [0, 7, 8, 23] {
            let header = RecordHeader::new(
                ContentType::APPLICATION_DATA,
                ProtocolVersion::TLSV1_2,
                u16::try_from(len).unwrap(),
            );
            assert_eq!(
                opener.open_in_place(header, &mut vec![0; len]),
                Err(Error::BadRecordMac)
            );
        }
        assert_eq!(opener.failed_opens(), 4);
    }

    #[test]
    fn rejects_ciphertext_over_2_14_plus_2048_and_plaintext_over_2_14() {
        let aead = AeadAlgorithm::ChaCha20Poly1305;
        let (key, iv, _) = keys(aead);
        let mut opener = Tls12RecordOpener::new(aead, &key, &iv).unwrap();
        let mut fragment = vec![0; MAX_TLS12_CIPHERTEXT_LEN + 1];
        let header = RecordHeader::new(
            ContentType::APPLICATION_DATA,
            ProtocolVersion::TLSV1_2,
            18_433,
        );
        assert_eq!(
            opener.open_in_place(header, &mut fragment),
            Err(Error::RecordOverflow {
                len: 18_433,
                max: 18_432
            })
        );

        // Seal 2^14 + 1 bytes behind the API's back: authentic, but too long.
        let sealer = Tls12RecordSealer::new(aead, &key, &iv).unwrap();
        let mut fragment = vec![0; MAX_PLAINTEXT_LEN + 1 + TAG_LEN];
        let header = RecordHeader::new(
            ContentType::APPLICATION_DATA,
            ProtocolVersion::TLSV1_2,
            u16::try_from(fragment.len()).unwrap(),
        );
        let aad = additional_data(0, header.typ, header.legacy_record_version, 16_385);
        let Tls12Iv::ChaCha(chacha_iv) = &sealer.iv else {
            unreachable!()
        };
        let (content, tag) = fragment.split_last_chunk_mut::<TAG_LEN>().unwrap();
        sealer
            .key
            .seal(xor_nonce(chacha_iv, 0), &aad, content, tag)
            .unwrap();
        assert_eq!(
            opener.open_in_place(header, &mut fragment),
            Err(Error::RecordOverflow {
                len: 16_385,
                max: 16_384
            })
        );
        assert_eq!(opener.sequence_number(), 1);
    }

    #[test]
    fn sealing_refuses_bad_requests_without_using_a_sequence_number() {
        let aead = AeadAlgorithm::Aes256Gcm;
        let mut sealer = Tls12RecordSealer::new(aead, &[3; 32], &[4; 4]).unwrap();
        assert_eq!(
            sealer.seal_in_place(ContentType::HANDSHAKE, &mut [0; 28]),
            Err(Error::RecordBufferTooShort {
                len: 28,
                needed: 29
            })
        );
        assert_eq!(
            sealer.seal_in_place(ContentType::HANDSHAKE, &mut [0; 29]),
            Err(Error::UnsealableRecord {
                typ: ContentType::HANDSHAKE,
                len: 0
            })
        );
        assert!(
            sealer
                .seal_in_place(ContentType::CHANGE_CIPHER_SPEC, &mut [0; 30])
                .is_err()
        );
        let mut huge = vec![0; 29 + MAX_PLAINTEXT_LEN + 1];
        assert_eq!(
            sealer.seal_in_place(ContentType::APPLICATION_DATA, &mut huge),
            Err(Error::PlaintextTooLong {
                len: 16_385,
                max: 16_384
            })
        );
        assert_eq!(sealer.sequence_number(), 0);
        assert!(
            sealer
                .seal_in_place(ContentType::APPLICATION_DATA, &mut huge[1..])
                .is_ok()
        );
        assert_eq!(sealer.sequence_number(), 1);
        assert_eq!(
            sealer.records_until_limit(),
            AeadAlgorithm::Aes256Gcm.confidentiality_limit() - 1
        );
        assert!(!sealer.needs_key_update());
    }

    #[test]
    fn rejects_iv_of_the_wrong_length_and_hides_key_material() {
        assert!(Tls12RecordSealer::new(AeadAlgorithm::Aes128Gcm, &[0; 16], &[0; 12]).is_err());
        assert!(
            Tls12RecordOpener::new(AeadAlgorithm::ChaCha20Poly1305, &[0; 32], &[0; 4]).is_err()
        );
        let sealer = Tls12RecordSealer::new(AeadAlgorithm::Aes128Gcm, &[0; 16], &[0; 4]).unwrap();
        assert_eq!(
            format!("{sealer:?}"),
            "Tls12RecordSealer { aead: Aes128Gcm, sequence_number: 0, .. }"
        );
    }
}
