//! proptest strategies for the record layer: headers, whole records, alerts, TLS 1.3 inner
//! plaintexts, handshake messages to fragment, and the chunk sizes a stream is cut into.

use proptest::collection::vec;
use proptest::prelude::*;

use crate::codec::Writer;
use crate::ids::{AlertDescription, AlertLevel, ContentType, ProtocolVersion};
use crate::record::{
    Alert, InnerPlaintext, MAX_TLS12_CIPHERTEXT_LEN, Record, RecordHeader, RecordLimit,
};

/// One of the four content types a record may carry.
pub fn content_type() -> impl Strategy<Value = ContentType> {
    prop::sample::select(vec![
        ContentType::CHANGE_CIPHER_SPEC,
        ContentType::ALERT,
        ContentType::HANDSHAKE,
        ContentType::APPLICATION_DATA,
    ])
}

/// A `legacy_record_version` with major version 3 and any minor.
pub fn legacy_record_version() -> impl Strategy<Value = ProtocolVersion> {
    any::<u8>().prop_map(|minor| ProtocolVersion::from(u16::from_be_bytes([3, minor])))
}

/// Any of the record limits.
pub fn record_limit() -> impl Strategy<Value = RecordLimit> {
    prop::sample::select(vec![
        RecordLimit::AnyVersion,
        RecordLimit::Plaintext,
        RecordLimit::Tls12,
        RecordLimit::Tls13,
    ])
}

/// A header that decodes: a content type we accept, major version 3, a length some version
/// allows.
pub fn record_header() -> impl Strategy<Value = RecordHeader> {
    let max = u16::try_from(MAX_TLS12_CIPHERTEXT_LEN).unwrap_or(u16::MAX);
    (content_type(), legacy_record_version(), 0..=max)
        .prop_map(|(typ, version, length)| RecordHeader::new(typ, version, length))
}

/// A valid record whose fragment has at most `max_fragment` bytes (capped at
/// [`MAX_TLS12_CIPHERTEXT_LEN`]).
pub fn record(max_fragment: usize) -> impl Strategy<Value = Record<'static>> {
    let max_fragment = max_fragment.min(MAX_TLS12_CIPHERTEXT_LEN);
    (
        content_type(),
        legacy_record_version(),
        vec(any::<u8>(), 0..=max_fragment),
    )
        .prop_filter_map("the fragment fits a record", |(typ, version, fragment)| {
            Record::new(typ, version, fragment).ok()
        })
}

/// Up to `max_count` valid records (at least one) of at most `max_fragment` fragment bytes
/// each, with a few empty and a few large ones among them.
pub fn records(
    max_count: usize,
    max_fragment: usize,
) -> impl Strategy<Value = Vec<Record<'static>>> {
    vec(
        prop_oneof![
            1 => record(0),
            6 => record(max_fragment.min(64)),
            2 => record(max_fragment),
        ],
        1..=max_count.max(1),
    )
}

/// Sizes to cut a byte stream into: mostly single bytes and small chunks, some large ones.
/// Cycle through them until the stream is used up.
pub fn chunk_sizes() -> impl Strategy<Value = Vec<usize>> {
    vec(
        prop_oneof![4 => Just(1usize), 3 => 2usize..16, 2 => 16usize..2048, 1 => 2048usize..20_000],
        1..32,
    )
}

/// Any alert: known or unknown level and description.
pub fn alert() -> impl Strategy<Value = Alert> {
    (any::<u8>(), any::<u8>()).prop_map(|(level, description)| {
        Alert::new(AlertLevel::from(level), AlertDescription::from(description))
    })
}

/// A valid TLS 1.3 inner plaintext: handshake, alert or application_data content (empty for
/// application_data only), with zero padding up to 64 bytes.
pub fn inner_plaintext() -> impl Strategy<Value = InnerPlaintext<'static>> {
    (0u8..3, vec(any::<u8>(), 0..512), 0usize..64).prop_filter_map(
        "handshake and alert content is never empty",
        |(kind, content, padding)| {
            let plaintext = match kind {
                0 => InnerPlaintext::handshake(content),
                1 => InnerPlaintext::alert(content),
                _ => InnerPlaintext::application_data(content),
            };
            plaintext.ok()?.with_padding(padding).ok()
        },
    )
}

/// Up to `max_count` encoded handshake messages (any `msg_type`, 4-byte header, a body of at
/// most `max_body` bytes), to be cut into record fragments and joined again.
pub fn handshake_messages(
    max_count: usize,
    max_body: usize,
) -> impl Strategy<Value = Vec<Vec<u8>>> {
    vec(
        (any::<u8>(), vec(any::<u8>(), 0..=max_body)).prop_map(|(msg_type, body)| {
            let mut out = Vec::new();
            out.put_u8(msg_type);
            out.u24_prefixed(|out| out.put_bytes(&body));
            out
        }),
        1..=max_count.max(1),
    )
}
