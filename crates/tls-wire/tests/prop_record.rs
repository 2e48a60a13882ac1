//! Properties of the record layer: no input panics a decoder, the deframer and the joiner give
//! the same output however the input is cut, and values round-trip through their encoding.
#![cfg(feature = "test-strategies")]
#![forbid(unsafe_code)]

use proptest::collection::vec;
use proptest::prelude::*;
use tls_wire::DecodeError;
use tls_wire::codec::Codec;
use tls_wire::handshake::HandshakeJoiner;
use tls_wire::ids::ContentType;
use tls_wire::record::{
    Alert, ChangeCipherSpec, Deframed, Deframer, InnerPlaintext, Record, RecordHeader, RecordLimit,
    deframe,
};
use tls_wire::testing::record::{
    alert, chunk_sizes, content_type, handshake_messages, inner_plaintext, record_header,
    record_limit, records,
};

/// Feeds `bytes` to a deframer in chunks of the given sizes (cycled), draining after each
/// chunk; returns the records re-encoded, or the first error.
fn deframe_in_chunks(
    bytes: &[u8],
    sizes: &[usize],
    limit: RecordLimit,
) -> Result<Vec<Vec<u8>>, DecodeError> {
    let mut deframer = Deframer::new(limit);
    let mut out = Vec::new();
    let mut input = bytes;
    for &size in sizes.iter().cycle() {
        if input.is_empty() {
            break;
        }
        let (chunk, rest) = input.split_at(size.min(input.len()));
        input = rest;
        let mut chunk = chunk;
        while !chunk.is_empty() {
            let taken = deframer.extend(chunk);
            chunk = &chunk[taken..];
            while let Some(record) = deframer.next_record()? {
                out.push(record.into_record().to_vec());
            }
            if taken == 0 {
                // Only an error stops a drained deframer from taking bytes.
                return Err(deframer.next_record().unwrap_err());
            }
        }
    }
    Ok(out)
}

/// Cuts `bytes` at the given sizes (cycled) into non-empty pieces.
fn cut<'a>(bytes: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut input = bytes;
    for &size in sizes.iter().cycle() {
        if input.is_empty() {
            break;
        }
        let (piece, rest) = input.split_at(size.max(1).min(input.len()));
        pieces.push(piece);
        input = rest;
    }
    pieces
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn deframer_never_panics_on_arbitrary_bytes(
        bytes in vec(any::<u8>(), 0..4096),
        sizes in chunk_sizes(),
        limit in record_limit(),
    ) {
        let _ = deframe_in_chunks(&bytes, &sizes, limit);
        let _ = deframe(&bytes, limit);
    }

    #[test]
    fn deframer_never_panics_on_valid_headers_with_arbitrary_bodies(
        header in record_header(),
        body in vec(any::<u8>(), 0..4096),
        sizes in chunk_sizes(),
        limit in record_limit(),
    ) {
        let bytes = [header.to_vec(), body].concat();
        let _ = deframe_in_chunks(&bytes, &sizes, limit);
    }

    #[test]
    fn deframer_fails_at_the_first_bad_header_byte(
        garbage in vec(any::<u8>(), 5..64),
        limit in record_limit(),
    ) {
        // The first prefix the header check refuses, if any: at most the five header bytes.
        let first_bad = (1..=RecordHeader::LEN)
            .find(|&len| RecordHeader::check_prefix(&garbage[..len], limit).is_err());
        let mut deframer = Deframer::new(limit);
        for (fed, byte) in garbage.iter().take(RecordHeader::LEN).enumerate() {
            deframer.extend(&[*byte]);
            let failed = deframer.next_record().is_err();
            prop_assert_eq!(failed, first_bad.is_some_and(|bad| fed + 1 >= bad));
        }
    }

    #[test]
    fn deframer_fails_at_once_on_a_bad_first_byte(
        first in any::<u8>().prop_filter("not a content type we accept", |b| !(20..=23).contains(b)),
    ) {
        let mut deframer = Deframer::default();
        deframer.extend(&[first]);
        prop_assert!(deframer.next_record().is_err());
    }

    #[test]
    fn joiner_never_panics_on_arbitrary_fragments(
        fragments in vec(vec(any::<u8>(), 0..600), 0..16),
        other in content_type(),
    ) {
        let mut joiner = HandshakeJoiner::new();
        for fragment in &fragments {
            let _ = joiner.push(fragment);
            while let Ok(Some(_)) = joiner.next_message() {}
            let _ = joiner.check_other_content_type(other);
            let _ = joiner.check_aligned_for_key_change();
        }
    }

    #[test]
    fn small_decoders_never_panic(bytes in vec(any::<u8>(), 0..64)) {
        let _ = Alert::decode_record(&bytes);
        let _ = ChangeCipherSpec::decode_record(&bytes);
        let _ = RecordHeader::decode_exact(&bytes);
        let _ = Record::decode_exact(&bytes);
    }

    #[test]
    fn inner_plaintext_decoder_never_panics_and_round_trips_what_it_accepts(
        mut bytes in prop_oneof![
            vec(any::<u8>(), 0..2048),
            vec(prop_oneof![Just(0u8), any::<u8>()], 0..64),
            (vec(any::<u8>(), 16_380..16_390), 0usize..8)
                .prop_map(|(mut bytes, zeros)| { bytes.extend(vec![0; zeros]); bytes }),
        ],
    ) {
        if let Ok(plaintext) = InnerPlaintext::decode_exact(&bytes) {
            prop_assert_eq!(plaintext.to_vec(), bytes.clone());
        }
        let _ = InnerPlaintext::decode_in_place(&mut bytes);
    }

    #[test]
    fn deframing_gives_the_same_records_whatever_the_chunking(
        records in records(24, 20_000),
        sizes in chunk_sizes(),
    ) {
        let expected: Vec<Vec<u8>> = records.iter().map(Codec::to_vec).collect();
        let bytes = expected.concat();
        prop_assert_eq!(&deframe_in_chunks(&bytes, &sizes, RecordLimit::AnyVersion)?, &expected);
        prop_assert_eq!(&deframe_in_chunks(&bytes, &[1], RecordLimit::AnyVersion)?, &expected);

        // The slice form cuts the same records.
        let mut input = &bytes[..];
        let mut sliced = Vec::new();
        while let Deframed::Complete { record, consumed } = deframe(input, RecordLimit::AnyVersion)? {
            sliced.push(record.to_vec());
            input = &input[consumed..];
        }
        prop_assert!(input.is_empty());
        prop_assert_eq!(sliced, expected);
    }

    #[test]
    fn joining_gives_the_same_messages_whatever_the_fragmentation(
        messages in handshake_messages(12, 3000),
        sizes in chunk_sizes(),
    ) {
        let bytes = messages.concat();
        let mut joiner = HandshakeJoiner::new();
        let mut out = Vec::new();
        for fragment in cut(&bytes, &sizes) {
            joiner.check_other_content_type(ContentType::HANDSHAKE)?;
            joiner.push(fragment)?;
            while let Some(message) = joiner.next_message()? {
                out.push(message.to_vec());
            }
        }
        prop_assert_eq!(out, messages);
        prop_assert!(joiner.is_aligned());
        joiner.check_aligned_for_key_change()?;
    }

    #[test]
    fn record_header_round_trips(header in record_header()) {
        let bytes = header.to_vec();
        let decoded = RecordHeader::decode_exact(&bytes)?;
        prop_assert_eq!(decoded, header);
        prop_assert_eq!(decoded.to_vec(), bytes);
    }

    #[test]
    fn record_round_trips(records in records(1, 20_000)) {
        for record in records {
            let bytes = record.to_vec();
            let decoded = Record::decode_exact(&bytes)?;
            prop_assert_eq!(&decoded, &record);
            prop_assert_eq!(decoded.to_vec(), bytes);
        }
    }

    #[test]
    fn alert_round_trips(alert in alert()) {
        let bytes = alert.to_vec();
        let decoded = Alert::decode_record(&bytes)?;
        prop_assert_eq!(decoded, alert);
        prop_assert_eq!(decoded.to_vec(), bytes);
    }

    #[test]
    fn inner_plaintext_round_trips(plaintext in inner_plaintext()) {
        let bytes = plaintext.to_vec();
        let decoded = InnerPlaintext::decode_exact(&bytes)?;
        prop_assert_eq!(&decoded, &plaintext);
        prop_assert_eq!(decoded.to_vec(), bytes);
    }
}
