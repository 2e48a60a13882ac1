//! Known-answer checks of record protection shared by the `record_*` tests: open a captured
//! record to its known content, then seal that content again and get the captured bytes back.
#![allow(dead_code, reason = "each test file uses a part of these helpers")]

use tls_keyschedule::AeadAlgorithm;
use tls_keyschedule::record::{
    Tls12RecordOpener, Tls12RecordSealer, Tls13RecordOpener, Tls13RecordSealer,
};
use tls_keyschedule::tls12::WriteKeys;
use tls_keyschedule::tls13::TrafficKeys;
use tls_wire::ids::{ContentType, ProtocolVersion};
use tls_wire::record::RecordHeader;

/// The header in a record's first five bytes, as received.
pub(crate) fn header_of(record: &[u8]) -> RecordHeader {
    let [typ, v0, v1, l0, l1] = *record.first_chunk::<5>().expect("a whole header");
    RecordHeader::new(
        ContentType::from(typ),
        ProtocolVersion::from(u16::from_be_bytes([v0, v1])),
        u16::from_be_bytes([l0, l1]),
    )
}

/// The content type the vector files name (`"handshake"`, ...).
pub(crate) fn content_type(name: &str) -> ContentType {
    match name {
        "change_cipher_spec" => ContentType::CHANGE_CIPHER_SPEC,
        "alert" => ContentType::ALERT,
        "handshake" => ContentType::HANDSHAKE,
        "application_data" => ContentType::APPLICATION_DATA,
        other => panic!("unknown content type name {other:?}"),
    }
}

/// Where a TLS 1.3 record's key and IV come from.
pub(crate) enum Tls13Keys<'a> {
    /// A vector's own key and IV bytes: the record layer alone, through `new`.
    Raw { key: &'a [u8], iv: [u8; 12] },
    /// Keys the schedule derived, handed over as the connection does: `from_traffic_keys`.
    Derived(&'a TrafficKeys),
}

impl Tls13Keys<'_> {
    fn opener(&self, aead: AeadAlgorithm) -> Tls13RecordOpener {
        match self {
            Self::Raw { key, iv } => Tls13RecordOpener::new(aead, key, *iv),
            Self::Derived(keys) => Tls13RecordOpener::from_traffic_keys(aead, keys),
        }
        .unwrap()
    }

    fn sealer(&self, aead: AeadAlgorithm) -> Tls13RecordSealer {
        match self {
            Self::Raw { key, iv } => Tls13RecordSealer::new(aead, key, *iv),
            Self::Derived(keys) => Tls13RecordSealer::from_traffic_keys(aead, keys),
        }
        .unwrap()
    }
}

/// One protected TLS 1.3 record of a trace, with what it must open to.
pub(crate) struct Tls13Record<'a> {
    /// Where the record comes from, for failure messages.
    pub(crate) what: &'a str,
    pub(crate) aead: AeadAlgorithm,
    pub(crate) keys: Tls13Keys<'a>,
    pub(crate) seq: u64,
    /// The whole record, header included.
    pub(crate) record: &'a [u8],
    pub(crate) typ: ContentType,
    pub(crate) content: &'a [u8],
}

impl Tls13Record<'_> {
    /// Opens the record to its content and type, then seals them again (with the padding the
    /// record had) and compares with the captured bytes.
    pub(crate) fn open_and_reseal(&self) {
        let what = self.what;
        let mut buf = self.record.to_vec();
        let (header, fragment) = buf.split_at_mut(RecordHeader::LEN);
        let mut opener = self.keys.opener(self.aead).with_sequence_number(self.seq);
        let (typ, content) = opener
            .open_in_place(header_of(header), fragment)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(typ, self.typ, "{what}: content type");
        assert_eq!(content, self.content, "{what}: content");
        assert_eq!(opener.sequence_number(), self.seq + 1, "{what}");

        let padding = Tls13RecordSealer::record_len(0, 0) + self.content.len();
        let padding = self.record.len() - padding;
        let mut resealed = vec![0xa5; Tls13RecordSealer::record_len(self.content.len(), padding)];
        resealed[RecordHeader::LEN..][..self.content.len()].copy_from_slice(self.content);
        self.keys
            .sealer(self.aead)
            .with_sequence_number(self.seq)
            .seal_in_place(self.typ, &mut resealed, self.content.len())
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            hex::encode(&resealed),
            hex::encode(self.record),
            "{what}: resealed"
        );
    }
}

/// Where a TLS 1.2 record's key and IV come from.
pub(crate) enum Tls12Keys<'a> {
    /// A capture's own key and write_iv bytes (AES-GCM's 4-byte salt or ChaCha20's 12-byte
    /// IV): the record layer alone, through `new`.
    Raw { key: &'a [u8], iv: &'a [u8] },
    /// One direction of the key block the schedule derived, handed over as the connection
    /// does: `from_write_keys`.
    Derived(&'a WriteKeys),
}

impl Tls12Keys<'_> {
    fn opener(&self, aead: AeadAlgorithm) -> Tls12RecordOpener {
        match self {
            Self::Raw { key, iv } => Tls12RecordOpener::new(aead, key, iv),
            Self::Derived(keys) => Tls12RecordOpener::from_write_keys(aead, keys),
        }
        .unwrap()
    }

    fn sealer(&self, aead: AeadAlgorithm) -> Tls12RecordSealer {
        match self {
            Self::Raw { key, iv } => Tls12RecordSealer::new(aead, key, iv),
            Self::Derived(keys) => Tls12RecordSealer::from_write_keys(aead, keys),
        }
        .unwrap()
    }
}

/// One protected TLS 1.2 record of a capture, with what it must open to.
pub(crate) struct Tls12Record<'a> {
    /// Where the record comes from, for failure messages.
    pub(crate) what: &'a str,
    pub(crate) aead: AeadAlgorithm,
    pub(crate) keys: Tls12Keys<'a>,
    pub(crate) seq: u64,
    /// The whole record, header included.
    pub(crate) record: &'a [u8],
    pub(crate) content: &'a [u8],
}

impl Tls12Record<'_> {
    /// Opens the record to its content (its type is the header's), then seals the content
    /// again with the record's own explicit nonce and compares with the captured bytes.
    pub(crate) fn open_and_reseal(&self) {
        let what = self.what;
        let typ = header_of(self.record).typ;
        let mut buf = self.record.to_vec();
        let (header, fragment) = buf.split_at_mut(RecordHeader::LEN);
        let mut opener = self.keys.opener(self.aead).with_sequence_number(self.seq);
        let (opened_typ, plaintext) = opener
            .open_in_place(header_of(header), fragment)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(opened_typ, typ, "{what}: content type");
        assert_eq!(plaintext, self.content, "{what}: plaintext");
        assert_eq!(opener.sequence_number(), self.seq + 1, "{what}");

        let mut sealer = self.keys.sealer(self.aead).with_sequence_number(self.seq);
        if self.aead != AeadAlgorithm::ChaCha20Poly1305 {
            // The sender's explicit nonce, whatever it is, as an offset from the sequence
            // number: OpenSSL counts up from a random start.
            let explicit = u64::from_be_bytes(self.record[5..13].try_into().unwrap());
            sealer = sealer.with_explicit_nonce_offset(explicit.wrapping_sub(self.seq));
        }
        let mut resealed = vec![0xa5; sealer.overhead() + self.content.len()];
        resealed[sealer.content_offset()..][..self.content.len()].copy_from_slice(self.content);
        sealer
            .seal_in_place(typ, &mut resealed)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            hex::encode(&resealed),
            hex::encode(self.record),
            "{what}: resealed"
        );
    }
}
