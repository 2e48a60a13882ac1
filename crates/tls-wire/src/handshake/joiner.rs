//! Reassembling handshake messages from the fragments of handshake records, under the rules
//! of RFC 8446 §5.1.
//!
//! ```text
//! handshake record fragments ──push──▶ [ returned | whole messages | partial message ]
//!                                      0        start            complete           len
//!                                                  │
//!                        next_message() ◀──────────┘  one message, 4-byte header included
//! ```
//!
//! A record may hold many messages and a message may span many records. Between records of
//! other types and before key changes, the caller asks whether a message is cut in two
//! ([`HandshakeJoiner::check_other_content_type`],
//! [`HandshakeJoiner::check_aligned_for_key_change`]).

use crate::codec::widen;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::ids::ContentType;

/// The largest handshake message body we buffer: 64 KiB (65 536 bytes), the value of the
/// 4-byte header's `length` field. A whole message, header included, is then at most
/// 65 540 bytes, so a ClientHello whose body is exactly 64 KiB is accepted and one byte more
/// is refused.
///
/// ```text
/// struct {
///     HandshakeType msg_type;    /* handshake type */
///     uint24 length;             /* remaining bytes in message */
///     select (Handshake.msg_type) { ... };
/// } Handshake;
/// ```
///
/// The wire allows 2^24 - 1 bytes; the limit keeps a peer from making us buffer 16 MiB. Go's
/// crypto/tls refuses the same lengths (`maxHandshake = 65536`, a body over it is refused),
/// which leaves room for ClientHellos padded or carrying post-quantum key shares. Go gives
/// Certificate messages alone 256 KiB (`maxHandshakeCertificateMsg`); here a chain whose
/// message exceeds 64 KiB is refused like any other message.
pub const MAX_HANDSHAKE_MESSAGE_LEN: usize = 65_536;

/// Room a push into an empty buffer (the first, or the first after
/// [`shrink_if_idle`](HandshakeJoiner::shrink_if_idle)) reserves: enough for a client to join
/// the server's flight after its ServerHello (a chain of a few certificates) and for a server
/// to join most ClientHellos, so a flight is joined in one allocation instead of regrowing
/// from the size of its first record. Post-handshake messages reserve as much, briefly.
const FIRST_RESERVE: usize = 4096;

/// Encoded size of a handshake message header: `msg_type` and the `uint24` length.
const HEADER_LEN: usize = 4;

/// Joins handshake record fragments into whole handshake messages.
///
/// [`push`](Self::push) each handshake record's fragment (plaintext, or decrypted), then take
/// the messages it completed with [`next_message`](Self::next_message) until `None`. The
/// buffer is reused: it holds at most the messages not taken yet and one partial message of
/// at most [`MAX_HANDSHAKE_MESSAGE_LEN`] + 4 bytes.
///
/// Errors stick: after the first, every call returns it. Offsets count from the start of
/// the handshake byte stream (every fragment pushed, end to end).
#[derive(Clone, Debug, Default)]
pub struct HandshakeJoiner {
    /// Fragments pushed since the last compaction, end to end.
    buf: Vec<u8>,
    /// Start of the first message not returned yet.
    start: usize,
    /// End of the last whole message in `buf`; a partial message follows if `complete < len`.
    complete: usize,
    /// Stream offset of `buf[0]`, for error offsets.
    stream_offset: usize,
    error: Option<DecodeError>,
}

impl HandshakeJoiner {
    /// An empty joiner. Nothing is allocated until the first push.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the fragment of one handshake record.
    ///
    /// Fails on an empty fragment, and on a message whose header announces more than
    /// [`MAX_HANDSHAKE_MESSAGE_LEN`] as soon as that header is in, before its body is
    /// buffered.
    pub fn push(&mut self, fragment: &[u8]) -> Result<(), DecodeError> {
        self.check_no_error()?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
        //# Implementations MUST NOT send zero-length fragments of Handshake
        //# types, even if those fragments contain padding.
        if fragment.is_empty() {
            let at = self.stream_offset.saturating_add(self.buf.len());
            return self.fail(
                DecodeErrorKind::EmptyRecord(ContentType::HANDSHAKE),
                "Handshake",
                at,
            );
        }
        self.compact();
        if self.buf.capacity() == 0 {
            self.buf.reserve(fragment.len().max(FIRST_RESERVE));
        }
        self.buf.extend_from_slice(fragment);
        self.scan()
    }

    /// The next whole message, its 4-byte header included, borrowed from the joiner; `None`
    /// until a push completes one.
    pub fn next_message(&mut self) -> Result<Option<&[u8]>, DecodeError> {
        self.check_no_error()?;
        if self.start == self.complete {
            return Ok(None);
        }
        let from = self.start;
        // `scan` saw this message whole, so its end is known and within `complete`.
        let to = message_end(&self.buf, from)
            .unwrap_or(self.complete)
            .min(self.complete);
        self.start = to;
        Ok(self.buf.get(from..to))
    }

    /// Whether every byte pushed belongs to a message already returned: the last record ended
    /// exactly where the last message taken ended. Nothing partial or untaken is waiting.
    pub fn is_aligned(&self) -> bool {
        self.start == self.buf.len()
    }

    /// Before a key change: fails with `MessageSpansKeyChange` if any byte pushed is not part
    /// of a message already returned (a message cut across the key change, or a message that
    /// shared a record with the one before the key change).
    pub fn check_aligned_for_key_change(&self) -> Result<(), DecodeError> {
        self.check_no_error()?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
        //# Handshake messages MUST NOT span key changes.  Implementations
        //# MUST verify that all messages immediately preceding a key change
        //# align with a record boundary; if not, then they MUST terminate the
        //# connection with an "unexpected_message" alert.
        if self.is_aligned() {
            Ok(())
        } else {
            Err(self.error_at(DecodeErrorKind::MessageSpansKeyChange, self.start))
        }
    }

    /// On a record of content type `typ`: fails with `InterleavedContentType` if it is not a
    /// handshake record and a message is partly received.
    ///
    /// This is RFC 8446's rule; RFC 5246 §6.2.1 let TLS 1.2 interleave content types, but
    /// only a renegotiation, which we do not do, needs it.
    pub fn check_other_content_type(&self, typ: ContentType) -> Result<(), DecodeError> {
        self.check_no_error()?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
        //# Handshake messages MUST NOT be interleaved with other record
        //# types.  That is, if a handshake message is split over two or more
        //# records, there MUST NOT be any other records between them.
        if typ == ContentType::HANDSHAKE || self.complete == self.buf.len() {
            Ok(())
        } else {
            Err(self.error_at(DecodeErrorKind::InterleavedContentType(typ), self.complete))
        }
    }

    /// Bytes the joining buffer holds allocated (0 once freed), for memory accounting.
    pub fn capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// Frees the buffer when nothing is waiting (an idle connection); the next push
    /// allocates again.
    pub fn shrink_if_idle(&mut self) {
        if self.is_aligned() {
            self.stream_offset = self.stream_offset.saturating_add(self.buf.len());
            self.buf = Vec::new();
            self.start = 0;
            self.complete = 0;
        }
    }

    /// Drops the messages already returned, moving what is left (at most one record's worth
    /// of untaken bytes and a partial message) to the front.
    fn compact(&mut self) {
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.complete = self.complete.saturating_sub(self.start);
            self.stream_offset = self.stream_offset.saturating_add(self.start);
            self.start = 0;
        }
    }

    /// Advances `complete` over every message now whole, refusing an oversized one as soon
    /// as its header is in.
    fn scan(&mut self) -> Result<(), DecodeError> {
        while let Some(len) = message_len(&self.buf, self.complete) {
            if len > MAX_HANDSHAKE_MESSAGE_LEN {
                let kind = DecodeErrorKind::HandshakeMessageTooLarge {
                    len,
                    max: MAX_HANDSHAKE_MESSAGE_LEN,
                };
                let at = self
                    .stream_offset
                    .saturating_add(self.complete)
                    .saturating_add(1);
                return self.fail(kind, "Handshake.length", at);
            }
            match message_end(&self.buf, self.complete) {
                Some(end) if end <= self.buf.len() => self.complete = end,
                _ => break,
            }
        }
        Ok(())
    }

    fn check_no_error(&self) -> Result<(), DecodeError> {
        match &self.error {
            Some(error) => Err(error.clone()),
            None => Ok(()),
        }
    }

    /// Records `kind` as the sticky error and returns it.
    fn fail(
        &mut self,
        kind: DecodeErrorKind,
        what: &'static str,
        at: usize,
    ) -> Result<(), DecodeError> {
        let error = DecodeError::new(kind, what, at);
        self.error = Some(error.clone());
        Err(error)
    }

    /// An error about the message starting at `buf[at]`.
    fn error_at(&self, kind: DecodeErrorKind, at: usize) -> DecodeError {
        DecodeError::new(kind, "Handshake", self.stream_offset.saturating_add(at))
    }
}

/// The body length announced by the message header at `buf[at]`, once all four bytes are in.
fn message_len(buf: &[u8], at: usize) -> Option<usize> {
    let &[_, l0, l1, l2] = buf.get(at..)?.first_chunk::<HEADER_LEN>()?;
    Some(widen(u32::from_be_bytes([0, l0, l1, l2])))
}

/// Where the message whose header is at `buf[at]` ends (possibly beyond what has arrived).
fn message_end(buf: &[u8], at: usize) -> Option<usize> {
    at.checked_add(HEADER_LEN)?
        .checked_add(message_len(buf, at)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::AlertDescription;

    /// shared/spec/illustrated-tls13.json records[3], [5] and [6]: inner_plaintext_hex without
    /// its type byte (EncryptedExtensions, CertificateVerify, Finished), one record each.
    const TLS13_SERVER_MESSAGES: [&str; 3] = [
        "080000020000",
        "0f000104080401005cbb24c0409332daa920bbabbdb9bd50170be49cfbe0a4107fca6ffb1068e65f969e6de7d4f9e56038d67c69c031403a7a7c0bcc8683e65721a0c72cc6634019ad1d3ad265a812615ba36380372084f5daec7e63d3f4933f27227419a611034644dcdbc7be3e74ffac473faaadde8c2fc65f3265773e7e62de33861fa705d19c506e896c8d82f5bcf35fece259b71538115e9c8cfba62e49bb8474f58587b11b8ae317c633e9c76c791d466284ad9c4ff735a6d2e963b59bbca440a307091a1b4e46bcc7a2f9fb2f1c898ecb19918be4121d7e8ed04cd50c9a59e987980107bbbf299c232e7fdbe10a4cfdae5c891c96afdff94b54ccd2bc19d3cdaa6644859c",
        "140000307e30eeccb6b23be6c6ca363992e842da877ee64715ae7fc0cf87f9e5032182b5bb48d1e33f9979055a160c8dbbb1569c",
    ];
    /// shared/spec/openssl-captures.json tls12-ecdhe-ecdsa-aes128-gcm-sha256: the fragments of
    /// the server's ServerHello, ServerKeyExchange and ServerHelloDone records.
    const TLS12_SERVER_MESSAGES: [&str; 3] = [
        "0200003d03033b3ae4b48b09ff0c1788aa02f85756dc312202820f2c3b43a0851b5f8f145e7a00c02b000015ff01000100000b0004030001020023000000170000",
        "0c00006e03001d20550ffffdaa3732a8be2a7a652775862f9fc5fb337f2cc60a0e1c41cf5e666b1204030046304402206fa05a689ba593b98fd84d381478093aa8eae5fa0cb744f5f9804af0292ba16602207f0aa1376f1f51d426f4346eee76c23577fcd8f577f9f8bc6e4e6daec330ce87",
        "0e000000",
    ];

    fn messages(hex: &[&str]) -> Vec<Vec<u8>> {
        hex.iter().map(|m| hex::decode(m).unwrap()).collect()
    }

    /// Pushes each fragment and takes every message it completes.
    fn join(
        joiner: &mut HandshakeJoiner,
        fragments: &[&[u8]],
    ) -> Result<Vec<Vec<u8>>, DecodeError> {
        let mut out = Vec::new();
        for fragment in fragments {
            joiner.push(fragment)?;
            while let Some(message) = joiner.next_message()? {
                out.push(message.to_vec());
            }
        }
        Ok(out)
    }

    /// A message of `msg_type` with a body of `len` bytes.
    fn message(msg_type: u8, len: usize) -> Vec<u8> {
        let mut out = vec![msg_type];
        out.extend_from_slice(&u32::try_from(len).unwrap().to_be_bytes()[1..]);
        out.extend((0..len).map(|i| u8::try_from(i % 253).unwrap()));
        out
    }

    #[test]
    fn one_message_per_record_comes_out_whole() {
        for hex in [&TLS13_SERVER_MESSAGES, &TLS12_SERVER_MESSAGES] {
            let expected = messages(hex);
            let fragments: Vec<&[u8]> = expected.iter().map(Vec::as_slice).collect();
            let mut joiner = HandshakeJoiner::new();
            assert_eq!(join(&mut joiner, &fragments).unwrap(), expected);
            assert!(joiner.is_aligned());
        }
    }

    #[test]
    fn many_messages_in_one_record_are_split() {
        let expected = messages(&TLS13_SERVER_MESSAGES);
        let record = expected.concat();
        let mut joiner = HandshakeJoiner::new();
        joiner.push(&record).unwrap();
        assert!(!joiner.is_aligned());
        let mut out = Vec::new();
        while let Some(message) = joiner.next_message().unwrap() {
            out.push(message.to_vec());
        }
        assert_eq!(out, expected);
        assert!(joiner.is_aligned());
    }

    #[test]
    fn one_byte_records_join_like_whole_ones() {
        let expected = messages(&TLS12_SERVER_MESSAGES);
        let stream = expected.concat();
        let fragments: Vec<&[u8]> = stream.chunks(1).collect();
        let mut joiner = HandshakeJoiner::new();
        assert_eq!(join(&mut joiner, &fragments).unwrap(), expected);
    }

    #[test]
    fn a_64_kib_message_split_over_5_records_joins() {
        let hello = message(0x01, MAX_HANDSHAKE_MESSAGE_LEN);
        assert_eq!(hello.len(), 65_540);
        let fragments: Vec<&[u8]> = hello.chunks(hello.len().div_ceil(5)).collect();
        assert_eq!(fragments.len(), 5);
        assert!(
            fragments
                .iter()
                .all(|f| f.len() <= crate::record::MAX_PLAINTEXT_LEN)
        );
        let mut joiner = HandshakeJoiner::new();
        for fragment in &fragments[..4] {
            joiner.push(fragment).unwrap();
            assert_eq!(joiner.next_message().unwrap(), None);
        }
        joiner.push(fragments[4]).unwrap();
        assert_eq!(joiner.next_message().unwrap(), Some(&hello[..]));
        assert!(joiner.is_aligned());
    }

    #[test]
    fn rejects_message_over_the_limit_as_soon_as_its_header_arrives() {
        let mut joiner = HandshakeJoiner::new();
        joiner
            .push(&messages(&TLS13_SERVER_MESSAGES[..1])[0])
            .unwrap();
        joiner.push(&[0x01, 0x01]).unwrap();
        let err = joiner.push(&[0x00, 0x01]).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::HandshakeMessageTooLarge {
                len: MAX_HANDSHAKE_MESSAGE_LEN + 1,
                max: MAX_HANDSHAKE_MESSAGE_LEN
            }
        );
        assert_eq!(err.offset(), 7, "the length field of the second message");
        assert_eq!(err.alert(), AlertDescription::ILLEGAL_PARAMETER);
        let err = HandshakeJoiner::new()
            .push(&[0x0b, 0xff, 0xff, 0xff])
            .unwrap_err();
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::HandshakeMessageTooLarge { len: 0xff_ffff, .. }
        ));
    }

    #[test]
    fn rejects_zero_length_handshake_record() {
        let mut joiner = HandshakeJoiner::new();
        joiner.push(&[0x14, 0x00]).unwrap();
        let err = joiner.push(&[]).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::EmptyRecord(ContentType::HANDSHAKE)
        );
        assert_eq!(err.offset(), 2);
        assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
    }

    #[test]
    fn rejects_other_content_type_inside_a_fragmented_message() {
        let finished = messages(&TLS13_SERVER_MESSAGES[2..]).remove(0);
        let mut joiner = HandshakeJoiner::new();
        for typ in [
            ContentType::ALERT,
            ContentType::APPLICATION_DATA,
            ContentType::CHANGE_CIPHER_SPEC,
        ] {
            assert_eq!(joiner.check_other_content_type(typ), Ok(()));
        }
        joiner.push(&finished[..10]).unwrap();
        assert_eq!(
            joiner.check_other_content_type(ContentType::HANDSHAKE),
            Ok(())
        );
        for typ in [
            ContentType::ALERT,
            ContentType::APPLICATION_DATA,
            ContentType::CHANGE_CIPHER_SPEC,
        ] {
            let err = joiner.check_other_content_type(typ).unwrap_err();
            assert_eq!(err.kind(), &DecodeErrorKind::InterleavedContentType(typ));
            assert_eq!(err.offset(), 0);
            assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
        }
        joiner.push(&finished[10..]).unwrap();
        assert_eq!(
            joiner.check_other_content_type(ContentType::ALERT),
            Ok(()),
            "whole, though untaken"
        );
    }

    #[test]
    fn rejects_message_spanning_key_change() {
        let finished = messages(&TLS13_SERVER_MESSAGES[2..]).remove(0);
        let mut joiner = HandshakeJoiner::new();
        assert_eq!(joiner.check_aligned_for_key_change(), Ok(()));
        joiner.push(&finished[..3]).unwrap();
        let err = joiner.check_aligned_for_key_change().unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::MessageSpansKeyChange);
        assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
        joiner.push(&finished[3..]).unwrap();
        assert!(
            joiner.check_aligned_for_key_change().is_err(),
            "not taken yet"
        );
        assert_eq!(joiner.next_message().unwrap(), Some(&finished[..]));
        assert_eq!(joiner.check_aligned_for_key_change(), Ok(()));
    }

    #[test]
    fn rejects_key_change_after_a_message_that_shared_its_record() {
        // A ServerHello followed by EncryptedExtensions in the same record: the key change after
        // the ServerHello would not fall on a record boundary.
        let server_hello = message(0x02, 40);
        let record = [
            server_hello.clone(),
            messages(&TLS13_SERVER_MESSAGES[..1]).remove(0),
        ]
        .concat();
        let mut joiner = HandshakeJoiner::new();
        joiner.push(&record).unwrap();
        assert_eq!(joiner.next_message().unwrap(), Some(&server_hello[..]));
        let err = joiner.check_aligned_for_key_change().unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::MessageSpansKeyChange);
        assert_eq!(err.offset(), server_hello.len());
    }

    #[test]
    fn errors_stick() {
        let mut joiner = HandshakeJoiner::new();
        let err = joiner.push(&[]).unwrap_err();
        assert_eq!(joiner.push(&[0x14, 0, 0, 0]).unwrap_err(), err);
        assert_eq!(joiner.next_message().unwrap_err(), err);
        assert_eq!(joiner.check_aligned_for_key_change().unwrap_err(), err);
        assert_eq!(
            joiner
                .check_other_content_type(ContentType::ALERT)
                .unwrap_err(),
            err
        );
    }

    #[test]
    fn offsets_count_across_compactions_and_shrinks() {
        let mut joiner = HandshakeJoiner::new();
        let ee = messages(&TLS13_SERVER_MESSAGES[..1]).remove(0);
        assert_eq!(join(&mut joiner, &[&ee, &ee]).unwrap().len(), 2);
        joiner.shrink_if_idle();
        joiner.push(&ee).unwrap();
        let err = joiner.push(&[]).unwrap_err();
        assert_eq!(err.offset(), 3 * ee.len());
    }

    #[test]
    fn empty_bodies_are_whole_messages() {
        let mut joiner = HandshakeJoiner::new();
        let end_of_early_data = [0x05, 0, 0, 0];
        assert_eq!(
            join(
                &mut joiner,
                &[
                    &end_of_early_data,
                    &end_of_early_data[..2],
                    &end_of_early_data[2..]
                ]
            )
            .unwrap(),
            vec![end_of_early_data.to_vec(); 2]
        );
    }
}
