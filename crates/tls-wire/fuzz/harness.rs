//! The deframe → join → decode harness, in one copy: the cargo-fuzz target
//! (`fuzz_targets/deframe_join_decode.rs`) and the stable replay test
//! (`tests/fuzz_corpus.rs`) both include this file with `#[path]`.
//!
//! An input is one configuration byte followed by a received byte stream:
//!
//! ```text
//! byte 0, bit 7 6 5 4 3 2 1 0
//!             │ │ └┬┘ └──┬──┘
//!             │ │  │     └── chunk size the stream is fed in (CHUNK_SIZES)
//!             │ │  └──────── RecordLimit: AnyVersion, Plaintext, Tls12, Tls13
//!             │ └─────────── shrink the deframer and joiner whenever they are idle
//!             └───────────── application_data fragments are TLS 1.3 inner plaintexts, as if
//!                            decrypted in place: their content goes to the joiner (handshake)
//!                            or the alert decoder (alert)
//! bytes 1..   the stream ──▶ Deframer::extend and read_buf/filled, chunk by chunk in turn
//!                             ──▶ next_record until None
//!               handshake ──▶ HandshakeJoiner ──▶ HandshakeMessage::decode under every
//!                                                  NegotiatedVersion
//!               alert ──▶ Alert::decode_record   change_cipher_spec ──▶ decode_record
//!               application_data ──▶ InnerPlaintext (decode and decode_in_place)
//! ```
//!
//! Any decode error is fine: the stream is the peer's. What must hold on every input, and is
//! asserted here, is the crate's promise:
//! - nothing panics, and the deframer always takes bytes once drained (no stall);
//! - records come out exactly as the bytes went in, within the limit;
//! - the joiner's messages are exactly the handshake bytes pushed, cut at their headers;
//! - whatever decodes re-encodes to the same bytes through its typed value (the round trip),
//!   owned or borrowed;
//! - error offsets point inside what was given.

use tls_wire::DecodeError;
use tls_wire::codec::{Codec, IntoOwned};
use tls_wire::handshake::{
    HandshakeJoiner, HandshakeMessage, MAX_HANDSHAKE_MESSAGE_LEN, NegotiatedVersion,
};
use tls_wire::ids::{ContentType, HandshakeType};
use tls_wire::record::{
    Alert, ChangeCipherSpec, Deframer, InnerPlaintext, RecordHeader, RecordLimit, RecordMut,
};

/// The chunk sizes bits 0-3 of the configuration byte choose from: single bytes and record
/// headers cut in every place, odd sizes, and sizes around the deframer's buffer
/// (`MAX_RECORD_LEN` is 18 437), up to the whole stream at once.
const CHUNK_SIZES: [usize; 16] = [
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    11,
    64,
    255,
    1024,
    4096,
    16_389,
    18_436,
    18_437,
    usize::MAX,
];

/// The record limits bits 4-5 choose from.
const LIMITS: [RecordLimit; 4] = [
    RecordLimit::AnyVersion,
    RecordLimit::Plaintext,
    RecordLimit::Tls12,
    RecordLimit::Tls13,
];

/// Every version a message is decoded under.
const VERSIONS: [NegotiatedVersion; 3] = [
    NegotiatedVersion::NotYet,
    NegotiatedVersion::Tls12,
    NegotiatedVersion::Tls13,
];

/// The configuration byte, unpacked.
struct Config {
    chunk: usize,
    limit: RecordLimit,
    shrink_when_idle: bool,
    inner_plaintext: bool,
}

impl Config {
    fn from_byte(byte: u8) -> Self {
        Self {
            chunk: CHUNK_SIZES[usize::from(byte & 0x0f)],
            limit: LIMITS[usize::from((byte >> 4) & 0x03)],
            shrink_when_idle: byte & 0x40 != 0,
            inner_plaintext: byte & 0x80 != 0,
        }
    }
}

/// What one input went through, for the replay test to check that its seeds reach the
/// decoders rather than being refused at the first byte.
#[derive(Debug, Default)]
#[allow(
    dead_code,
    reason = "the fuzz target reads none of it, the replay test all of it"
)]
pub(crate) struct Outcome {
    /// Records the deframer returned.
    pub(crate) records: usize,
    /// Whether the deframer refused the stream (a bad header).
    pub(crate) stream_rejected: bool,
    /// Whole handshake messages the joiner returned.
    pub(crate) messages: usize,
    /// (message, version) pairs that decoded, and so passed the round trip.
    pub(crate) messages_decoded: usize,
}

/// Runs one input through deframer, joiner and decoders; panics on a broken promise (see the
/// module docs), never on a decode error.
pub(crate) fn deframe_join_decode(data: &[u8]) -> Outcome {
    let mut outcome = Outcome::default();
    let Some((&config, stream)) = data.split_first() else {
        return outcome;
    };
    let config = Config::from_byte(config);
    let mut deframer = Deframer::new(config.limit);
    let mut joiner = Joiner::default();
    // Stream bytes the deframer took, and those it returned as records.
    let mut fed = 0;
    let mut framed = 0;
    let mut like_a_socket = false;
    while fed < stream.len() {
        let chunk = &stream[fed..stream.len().min(fed.saturating_add(config.chunk))];
        // The two ways in, in turn: a copy of what fits, or a read into the room lent.
        let took = if like_a_socket {
            let room = deframer.read_buf();
            let n = room.len().min(chunk.len());
            room[..n].copy_from_slice(&chunk[..n]);
            deframer.filled(n);
            n
        } else {
            deframer.extend(chunk)
        };
        like_a_socket = !like_a_socket;
        fed += took;
        loop {
            match deframer.next_record() {
                Ok(Some(record)) => {
                    let len = RecordHeader::LEN + record.fragment().len();
                    let sent = &stream[framed..framed + len];
                    framed += len;
                    outcome.records += 1;
                    on_record(record, sent, &config, &mut joiner, &mut outcome);
                }
                Ok(None) => break,
                Err(error) => {
                    check_error(&error, fed);
                    outcome.stream_rejected = true;
                    return outcome;
                }
            }
        }
        if config.shrink_when_idle {
            deframer.shrink_if_idle();
            joiner.joiner.shrink_if_idle();
        }
        assert!(
            took > 0,
            "a drained deframer took none of a {}-byte chunk",
            chunk.len()
        );
    }
    assert_eq!(
        deframer.buffered_len(),
        fed - framed,
        "the deframer holds exactly the bytes of the record not finished"
    );
    outcome
}

/// The joiner, with every byte pushed since it was made: the messages it returns must be
/// exactly those bytes, in order.
#[derive(Default)]
struct Joiner {
    joiner: HandshakeJoiner,
    pushed: Vec<u8>,
    taken: usize,
}

impl Joiner {
    /// Pushes one record's handshake content and decodes every message it completes. After an
    /// error (which sticks) a fresh joiner takes over, so later records are still exercised.
    fn push(&mut self, content: &[u8], outcome: &mut Outcome) {
        self.pushed.extend_from_slice(content);
        if let Err(error) = self.joiner.push(content) {
            check_error(&error, self.pushed.len());
            *self = Self::default();
            return;
        }
        loop {
            match self.joiner.next_message() {
                Ok(Some(message)) => {
                    let expected = &self.pushed[self.taken..self.taken + message.len()];
                    assert_eq!(message, expected, "the joiner returned other bytes");
                    self.taken += message.len();
                    outcome.messages += 1;
                    check_message(message, outcome);
                }
                Ok(None) => break,
                Err(error) => {
                    check_error(&error, self.pushed.len());
                    *self = Self::default();
                    return;
                }
            }
        }
        assert_eq!(
            self.joiner.is_aligned(),
            self.taken == self.pushed.len(),
            "is_aligned disagrees with the bytes taken"
        );
    }

    /// On a record of another content type: the interleaving and key-change checks may fail
    /// (the peer's fault) but must not panic, and leave the joiner usable.
    fn other_content_type(&mut self, typ: ContentType) {
        if let Err(error) = self.joiner.check_other_content_type(typ) {
            check_error(&error, self.pushed.len());
        }
        if typ == ContentType::CHANGE_CIPHER_SPEC
            && let Err(error) = self.joiner.check_aligned_for_key_change()
        {
            check_error(&error, self.pushed.len());
        }
    }
}

/// One record from the deframer; `sent` is the bytes of the stream it came from.
fn on_record(
    record: RecordMut<'_>,
    sent: &[u8],
    config: &Config,
    joiner: &mut Joiner,
    outcome: &mut Outcome,
) {
    let (header, fragment) = record.into_parts();
    assert_eq!(
        header.to_bytes(),
        sent[..RecordHeader::LEN],
        "record header"
    );
    assert_eq!(fragment, &sent[RecordHeader::LEN..], "record fragment");
    assert!(
        fragment.len() <= config.limit.max_fragment_len(header.typ),
        "record of {} bytes passed {:?}",
        fragment.len(),
        config.limit
    );
    match header.typ {
        ContentType::HANDSHAKE => joiner.push(fragment, outcome),
        ContentType::ALERT => {
            joiner.other_content_type(header.typ);
            check_alert(fragment);
        }
        ContentType::CHANGE_CIPHER_SPEC => {
            joiner.other_content_type(header.typ);
            if let Ok(ccs) = ChangeCipherSpec::decode_record(fragment) {
                assert_eq!(ccs.to_vec(), fragment, "change_cipher_spec round trip");
            }
        }
        ContentType::APPLICATION_DATA if config.inner_plaintext => {
            on_inner_plaintext(fragment, joiner, outcome);
        }
        typ => joiner.other_content_type(typ),
    }
}

/// An application_data fragment taken as a decrypted TLS 1.3 inner plaintext.
fn on_inner_plaintext(fragment: &mut [u8], joiner: &mut Joiner, outcome: &mut Outcome) {
    let len = fragment.len();
    let decoded = InnerPlaintext::decode_exact(fragment).map(IntoOwned::into_owned);
    match (&decoded, InnerPlaintext::decode_in_place(fragment)) {
        (Ok(plaintext), Ok((typ, content))) => {
            assert_eq!((plaintext.typ(), plaintext.content()), (typ, &*content));
            assert_eq!(plaintext.encoded_len(), len);
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, &b, "decode and decode_in_place fail alike");
            check_error(a, len);
            return;
        }
        (a, b) => panic!("decode gave {a:?} but decode_in_place {b:?}"),
    }
    let Ok(plaintext) = decoded else { return };
    assert_eq!(plaintext.to_vec(), fragment, "inner plaintext round trip");
    match plaintext.typ() {
        ContentType::HANDSHAKE => joiner.push(plaintext.content(), outcome),
        ContentType::ALERT => {
            joiner.other_content_type(ContentType::ALERT);
            check_alert(plaintext.content());
        }
        typ => joiner.other_content_type(typ),
    }
}

fn check_alert(fragment: &[u8]) {
    match Alert::decode_record(fragment) {
        Ok(alert) => assert_eq!(alert.to_vec(), fragment, "alert round trip"),
        Err(error) => check_error(&error, fragment.len()),
    }
}

/// One whole message from the joiner, decoded under every version.
fn check_message(raw: &[u8], outcome: &mut Outcome) {
    let [typ, l0, l1, l2, ..] = *raw else {
        panic!(
            "the joiner returned {} bytes, less than a header",
            raw.len()
        );
    };
    let len = (usize::from(l0) << 16) | (usize::from(l1) << 8) | usize::from(l2);
    assert_eq!(
        raw.len(),
        4 + len,
        "message length disagrees with its header"
    );
    assert!(len <= MAX_HANDSHAKE_MESSAGE_LEN, "oversized message joined");
    for version in VERSIONS {
        let message = match HandshakeMessage::decode(raw, version) {
            Ok(message) => message,
            Err(error) => {
                check_error(&error, raw.len());
                continue;
            }
        };
        outcome.messages_decoded += 1;
        let context = || format!("{version:?} {:?}", message.payload());
        assert_eq!(message.typ(), HandshakeType::from(typ), "{}", context());
        assert_eq!(message.raw(), raw, "{}", context());
        let mut encoded = Vec::new();
        message.encode(&mut encoded);
        assert_eq!(encoded, raw, "round trip of {}", context());
        if let Ok(Some(prefix)) = message.client_hello_truncated_for_binders() {
            assert!(raw.starts_with(prefix) && prefix.len() < raw.len());
        }
        check_extensions(&message, raw.len());
        match HandshakeMessage::new(message.payload().clone()) {
            Ok(built) => assert_eq!(built.raw(), raw, "rebuilt {}", context()),
            Err(error) => panic!("{} decoded but cannot be rebuilt: {error}", context()),
        }
        let owned = message.clone().into_owned();
        let mut encoded = Vec::new();
        owned.encode(&mut encoded);
        assert_eq!(encoded, raw, "owned round trip of {}", context());
        assert_eq!(owned, message);
    }
}

/// Each extension of each block decodes to a typed form that re-encodes to its bytes, or fails
/// with an error inside the message: the blocks decode their extensions only when asked.
fn check_extensions(message: &HandshakeMessage<'_>, len: usize) {
    for block in message.payload().extension_blocks() {
        for raw in block.iter() {
            match raw.decode() {
                Ok(extension) => {
                    let mut encoded = Vec::new();
                    extension.encode(&mut encoded);
                    assert_eq!(encoded.get(4..), Some(raw.body()), "{extension:?}");
                }
                Err(error) => check_error(&error, len),
            }
        }
    }
}

/// A decode error must name its alert, print, and point inside the `len` bytes it was about.
fn check_error(error: &DecodeError, len: usize) {
    let _ = error.alert();
    let _ = error.to_string();
    assert!(
        error.offset() <= len,
        "error offset {} past the {len} bytes given: {error}",
        error.offset()
    );
}
