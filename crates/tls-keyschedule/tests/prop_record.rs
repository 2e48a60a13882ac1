//! Properties of record protection, for each AEAD and both versions: sealing then opening gives
//! back the content and its type; any flipped bit in the record (header, explicit nonce,
//! ciphertext, tag), or a different sequence number, makes opening fail.
#![forbid(unsafe_code)]

use proptest::prelude::*;
use proptest::sample::Index;
use tls_keyschedule::AeadAlgorithm;
use tls_keyschedule::error::Error;
use tls_keyschedule::record::{
    Tls12RecordOpener, Tls12RecordSealer, Tls13RecordOpener, Tls13RecordSealer,
};
use tls_wire::ids::{ContentType, ProtocolVersion};
use tls_wire::record::{MAX_TLS12_CIPHERTEXT_LEN, MAX_TLS13_CIPHERTEXT_LEN, RecordHeader};

/// Largest content the properties try: enough to cross many AES and ChaCha blocks while 64
/// cases stay fast.
const MAX_CONTENT: usize = 2048;

/// Largest TLS 1.3 padding the properties try.
const MAX_PADDING: usize = 300;

fn aead() -> impl Strategy<Value = AeadAlgorithm> {
    prop_oneof![
        Just(AeadAlgorithm::Aes128Gcm),
        Just(AeadAlgorithm::Aes256Gcm),
        Just(AeadAlgorithm::ChaCha20Poly1305),
    ]
}

/// A content type and content the RFC lets us send: handshake and alert not empty.
fn typed_content() -> impl Strategy<Value = (ContentType, Vec<u8>)> {
    prop_oneof![
        (
            Just(ContentType::HANDSHAKE),
            prop::collection::vec(any::<u8>(), 1..=MAX_CONTENT)
        ),
        (
            Just(ContentType::ALERT),
            prop::collection::vec(any::<u8>(), 1..=2)
        ),
        (
            Just(ContentType::APPLICATION_DATA),
            prop::collection::vec(any::<u8>(), 0..=MAX_CONTENT)
        ),
    ]
}

/// A sequence number that can still be used (2^64 - 1 never is).
fn seq() -> impl Strategy<Value = u64> {
    prop_oneof![0..16u64, 0..u64::MAX, Just(u64::MAX - 1)]
}

/// The header in the first five bytes, whatever they hold (no validity checks: the point is
/// to hand the opener exactly what arrived).
fn header_of(record: &[u8]) -> RecordHeader {
    let [typ, v0, v1, l0, l1] = *record.first_chunk::<5>().unwrap();
    RecordHeader::new(
        ContentType::from(typ),
        ProtocolVersion::from(u16::from_be_bytes([v0, v1])),
        u16::from_be_bytes([l0, l1]),
    )
}

/// What a deframer would cut from `record`: the header and as many fragment bytes as the
/// header's length says (zero-filled past the end, as if more bytes had followed).
fn reframe(record: &[u8]) -> (RecordHeader, Vec<u8>) {
    let header = header_of(record);
    let mut fragment = record[RecordHeader::LEN..].to_vec();
    fragment.resize(header.fragment_len(), 0);
    (header, fragment)
}

#[derive(Debug)]
struct Keys {
    aead: AeadAlgorithm,
    key: Vec<u8>,
    iv: [u8; 12],
}

fn keys() -> impl Strategy<Value = Keys> {
    (aead(), any::<[u8; 32]>(), any::<[u8; 12]>()).prop_map(|(aead, key, iv)| Keys {
        aead,
        key: key[..aead.key_len()].to_vec(),
        iv,
    })
}

impl Keys {
    fn tls13_sealer(&self, seq: u64) -> Tls13RecordSealer {
        Tls13RecordSealer::new(self.aead, &self.key, self.iv)
            .unwrap()
            .with_sequence_number(seq)
    }

    fn tls13_opener(&self, seq: u64) -> Tls13RecordOpener {
        Tls13RecordOpener::new(self.aead, &self.key, self.iv)
            .unwrap()
            .with_sequence_number(seq)
    }

    /// The key block's write_iv: AES-GCM's 4-byte salt, ChaCha20's 12-byte IV.
    fn tls12_iv(&self) -> &[u8] {
        match self.aead {
            AeadAlgorithm::ChaCha20Poly1305 => &self.iv,
            _ => &self.iv[..4],
        }
    }

    fn tls12_sealer(&self, seq: u64) -> Tls12RecordSealer {
        Tls12RecordSealer::new(self.aead, &self.key, self.tls12_iv())
            .unwrap()
            .with_sequence_number(seq)
    }

    fn tls12_opener(&self, seq: u64) -> Tls12RecordOpener {
        Tls12RecordOpener::new(self.aead, &self.key, self.tls12_iv())
            .unwrap()
            .with_sequence_number(seq)
    }

    fn tls13_record(&self, seq: u64, typ: ContentType, content: &[u8], padding: usize) -> Vec<u8> {
        let mut record = vec![0xa5; Tls13RecordSealer::record_len(content.len(), padding)];
        record[RecordHeader::LEN..][..content.len()].copy_from_slice(content);
        self.tls13_sealer(seq)
            .seal_in_place(typ, &mut record, content.len())
            .unwrap();
        record
    }

    fn tls12_record(&self, seq: u64, typ: ContentType, content: &[u8]) -> Vec<u8> {
        let mut sealer = self.tls12_sealer(seq);
        let mut record = vec![0xa5; sealer.overhead() + content.len()];
        record[sealer.content_offset()..][..content.len()].copy_from_slice(content);
        sealer.seal_in_place(typ, &mut record).unwrap();
        record
    }
}

fn open13(keys: &Keys, seq: u64, record: &[u8]) -> Result<(ContentType, Vec<u8>), Error> {
    let (header, mut fragment) = reframe(record);
    let (typ, content) = keys
        .tls13_opener(seq)
        .open_in_place(header, &mut fragment)?;
    Ok((typ, content.to_vec()))
}

fn open12(keys: &Keys, seq: u64, record: &[u8]) -> Result<(ContentType, Vec<u8>), Error> {
    let (header, mut fragment) = reframe(record);
    let (typ, plaintext) = keys
        .tls12_opener(seq)
        .open_in_place(header, &mut fragment)?;
    Ok((typ, plaintext.to_vec()))
}

/// A flipped bit in the length field makes the deframer cut a different record; opening that
/// fails as well, as record_overflow when the new length is over the limit.
fn is_open_failure(result: &Result<(ContentType, Vec<u8>), Error>, max_fragment: usize) -> bool {
    match result {
        Err(Error::BadRecordMac) => true,
        Err(Error::RecordOverflow { max, .. }) => *max == max_fragment,
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn tls13_seal_then_open_returns_content_and_type(
        keys in keys(),
        (typ, content) in typed_content(),
        padding in 0..=MAX_PADDING,
        seq in seq(),
    ) {
        let record = keys.tls13_record(seq, typ, &content, padding);
        prop_assert_eq!(
            &record[..3],
            &[0x17, 0x03, 0x03][..],
            "outer type application_data, legacy_record_version 0x0303"
        );
        prop_assert_eq!(open13(&keys, seq, &record), Ok((typ, content)));
    }

    #[test]
    fn tls13_any_flipped_bit_fails_to_open(
        keys in keys(),
        (typ, content) in typed_content(),
        padding in 0..=MAX_PADDING,
        seq in seq(),
        byte in any::<Index>(),
        bit in 0..8u8,
    ) {
        let mut record = keys.tls13_record(seq, typ, &content, padding);
        let at = byte.index(record.len());
        record[at] ^= 1 << bit;
        let result = open13(&keys, seq, &record);
        prop_assert!(is_open_failure(&result, MAX_TLS13_CIPHERTEXT_LEN), "byte {at}: {result:?}");
    }

    #[test]
    fn tls13_other_sequence_number_fails_to_open(
        keys in keys(),
        (typ, content) in typed_content(),
        seq in seq(),
        other in seq(),
    ) {
        prop_assume!(seq != other);
        let record = keys.tls13_record(seq, typ, &content, 0);
        prop_assert_eq!(open13(&keys, other, &record), Err(Error::BadRecordMac));
    }

    #[test]
    fn tls12_seal_then_open_returns_content_and_type(
        keys in keys(),
        (typ, content) in typed_content(),
        seq in seq(),
    ) {
        let record = keys.tls12_record(seq, typ, &content);
        prop_assert_eq!(record[0], typ.get());
        if keys.aead != AeadAlgorithm::ChaCha20Poly1305 {
            prop_assert_eq!(&record[5..13], &seq.to_be_bytes()[..], "explicit nonce = seq");
        }
        prop_assert_eq!(open12(&keys, seq, &record), Ok((typ, content)));
    }

    #[test]
    fn tls12_any_flipped_bit_fails_to_open(
        keys in keys(),
        (typ, content) in typed_content(),
        seq in seq(),
        byte in any::<Index>(),
        bit in 0..8u8,
    ) {
        let mut record = keys.tls12_record(seq, typ, &content);
        let at = byte.index(record.len());
        record[at] ^= 1 << bit;
        let result = open12(&keys, seq, &record);
        prop_assert!(is_open_failure(&result, MAX_TLS12_CIPHERTEXT_LEN), "byte {at}: {result:?}");
    }

    #[test]
    fn tls12_other_sequence_number_fails_to_open(
        keys in keys(),
        (typ, content) in typed_content(),
        seq in seq(),
        other in seq(),
    ) {
        prop_assume!(seq != other);
        let record = keys.tls12_record(seq, typ, &content);
        prop_assert_eq!(open12(&keys, other, &record), Err(Error::BadRecordMac));
    }
}
