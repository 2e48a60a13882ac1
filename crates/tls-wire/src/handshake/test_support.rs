//! Checks every handshake message test runs on real bytes: the byte-exact round trip through the
//! typed value, every strict prefix failing, and every mutated length prefix failing.
//!
//! Shared by this module's unit tests and by `tests/real_messages.rs` (which includes the file
//! with `#[path]`), so it names the crate's types only through `super::`: here that is
//! `handshake`, there the test crate's root, which imports them from `tls_wire::handshake`.

use super::{HandshakeMessage, HandshakePayload, NegotiatedVersion};

/// Decodes `bytes`, checks that the typed payload re-encodes to exactly `bytes` and that `raw`
/// is `bytes`, and returns the message.
pub(crate) fn assert_round_trip(bytes: &[u8], version: NegotiatedVersion) -> HandshakeMessage<'_> {
    let message = HandshakeMessage::decode(bytes, version).unwrap_or_else(|e| {
        panic!(
            "{version:?} message {} does not decode: {e}",
            hex::encode(bytes)
        )
    });
    assert_eq!(message.raw(), bytes, "raw is not the input");
    let mut encoded = Vec::new();
    message.encode(&mut encoded);
    assert_eq!(
        hex::encode(&encoded),
        hex::encode(bytes),
        "typed re-encoding differs"
    );
    message
}

/// Runs every check of this module on one real message.
pub(crate) fn assert_all(bytes: &[u8], version: NegotiatedVersion) -> HandshakeMessage<'_> {
    let message = assert_round_trip(bytes, version);
    assert_every_strict_prefix_fails(bytes, version);
    assert_every_reframed_body_prefix_fails(bytes, version);
    assert_every_mutated_length_fails(bytes, version);
    message
}

/// Every strict prefix of a framed message fails: the header announces more than is there.
pub(crate) fn assert_every_strict_prefix_fails(bytes: &[u8], version: NegotiatedVersion) {
    for cut in 0..bytes.len() {
        let prefix = &bytes[..cut];
        assert!(
            HandshakeMessage::decode(prefix, version).is_err(),
            "prefix of {cut} bytes decoded: {}",
            hex::encode(prefix)
        );
    }
}

/// Every strict prefix of the body, framed again with its own length, fails, except where the
/// body's last field takes whatever bytes remain (Finished, message_hash, unknown types) and
/// the one legal short form: a hello cut exactly before its optional extensions block, which
/// must decode with `extensions` absent.
pub(crate) fn assert_every_reframed_body_prefix_fails(bytes: &[u8], version: NegotiatedVersion) {
    let original = HandshakeMessage::decode(bytes, version).expect("the full message decodes");
    if matches!(
        original.payload(),
        HandshakePayload::Finished(_)
            | HandshakePayload::MessageHash(_)
            | HandshakePayload::Unknown { .. }
    ) {
        return;
    }
    let body = &bytes[4..];
    let mut short_forms = 0;
    for cut in 0..body.len() {
        let reframed = frame(bytes[0], &body[..cut]);
        let Ok(message) = HandshakeMessage::decode(&reframed, version) else {
            continue;
        };
        match message.payload() {
            HandshakePayload::ClientHello(hello) => assert!(hello.extensions.is_none()),
            HandshakePayload::ServerHello(hello) => assert!(hello.extensions.is_none()),
            other => panic!("body prefix of {cut} bytes decoded as {other:?}"),
        }
        short_forms += 1;
        let mut encoded = Vec::new();
        message.encode(&mut encoded);
        assert_eq!(encoded, reframed, "the short form does not round-trip");
    }
    let has_optional_extensions = match original.payload() {
        HandshakePayload::ClientHello(hello) => hello.extensions.is_some(),
        HandshakePayload::ServerHello(hello) => hello.extensions.is_some(),
        _ => false,
    };
    assert_eq!(
        short_forms,
        usize::from(has_optional_extensions),
        "body prefixes that decoded"
    );
}

/// Every length prefix the message's own structure has (the header, each vector, each
/// extension's length), bumped by one up or down, makes decoding fail, or else is honoured.
///
/// Honoured means the bytes happen to form another well-formed message, which decodes to a
/// value that re-encodes to exactly the mutated bytes: the decoder read the mutated length (an
/// encoder writes the length of what it holds, so a length the decoder ignored would re-encode
/// to the original). Realignment like this is possible where two vectors follow each other with
/// no enclosing length, and real bytes do hit it: in illustrated-tls12's ServerKeyExchange, a
/// point length of 31 instead of 32 turns the point's last byte and the signature algorithm
/// into an algorithm `0x1504` and a 257-byte signature that ends exactly at the end of the
/// body.
pub(crate) fn assert_every_mutated_length_fails(bytes: &[u8], version: NegotiatedVersion) {
    for (offset, width) in length_fields(bytes, version) {
        let value = read(bytes, offset, width);
        let max = (1usize << (8 * width)) - 1;
        for mutated in [
            value.checked_sub(1),
            value.checked_add(1).filter(|v| *v <= max),
        ] {
            let Some(mutated) = mutated else { continue };
            let mut copy = bytes.to_vec();
            copy[offset..offset + width].copy_from_slice(&mutated.to_be_bytes()[8 - width..]);
            let Ok(message) = HandshakeMessage::decode(&copy, version) else {
                continue;
            };
            let mut encoded = Vec::new();
            message.encode(&mut encoded);
            assert_eq!(
                hex::encode(&encoded),
                hex::encode(&copy),
                "length at offset {offset} changed from {value} to {mutated} decodes, but not as \
                 the bytes say"
            );
        }
    }
}

/// `msg_type`, a `uint24` length, then `body`.
pub(crate) fn frame(msg_type: u8, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(body.len()).unwrap().to_be_bytes();
    let mut out = vec![msg_type, len[1], len[2], len[3]];
    out.extend_from_slice(body);
    out
}

/// The (offset, width) of every length prefix in a well-formed message, found by walking its
/// structure as the RFC lays it out; the inner structure of extension bodies belongs to the
/// extension tests.
pub(crate) fn length_fields(bytes: &[u8], version: NegotiatedVersion) -> Vec<(usize, usize)> {
    let mut walk = Walk {
        bytes,
        at: 1,
        fields: Vec::new(),
    };
    let body_end = walk.open(3);
    let tls12 = matches!(version, NegotiatedVersion::Tls12);
    let tls13 = matches!(version, NegotiatedVersion::Tls13);
    match bytes[0] {
        // client_hello: random, legacy_session_id, cipher_suites, compression, extensions?
        1 => {
            walk.skip(2 + 32);
            walk.vector(1);
            walk.vector(2);
            walk.vector(1);
            if walk.at < body_end {
                walk.extensions();
            }
        }
        // server_hello (and HelloRetryRequest): random, session id, suite, compression
        2 => {
            walk.skip(2 + 32);
            walk.vector(1);
            walk.skip(3);
            if walk.at < body_end {
                walk.extensions();
            }
        }
        // new_session_ticket: lifetime, age_add, nonce, ticket, extensions
        4 if tls13 => {
            walk.skip(8);
            walk.vector(1);
            walk.vector(2);
            walk.extensions();
        }
        8 if tls13 => walk.extensions(),
        11 if tls13 => {
            walk.vector(1);
            let end = walk.open(3);
            while walk.at < end {
                walk.vector(3);
                walk.extensions();
            }
        }
        11 if tls12 => {
            let end = walk.open(3);
            while walk.at < end {
                walk.vector(3);
            }
        }
        13 if tls13 => {
            walk.vector(1);
            walk.extensions();
        }
        15 if tls12 || tls13 => {
            walk.skip(2);
            walk.vector(2);
        }
        // TLS 1.2 new_session_ticket: lifetime hint, ticket
        4 if tls12 => {
            walk.skip(4);
            walk.vector(2);
        }
        // server_key_exchange (ECDHE): curve_type, namedcurve, point, algorithm, signature
        12 if tls12 => {
            walk.skip(3);
            walk.vector(1);
            walk.skip(2);
            walk.vector(2);
        }
        // TLS 1.2 certificate_request: types, signature algorithms, authorities
        13 if tls12 => {
            walk.vector(1);
            walk.vector(2);
            let end = walk.open(2);
            while walk.at < end {
                walk.vector(2);
            }
        }
        // client_key_exchange (ECDHE): the point
        16 if tls12 => walk.vector(1),
        // certificate_status: status_type, then the OCSP response when it is one
        22 if tls12 && bytes.get(4) == Some(&1) => {
            walk.skip(1);
            walk.vector(3);
        }
        _ => {}
    }
    walk.fields
}

struct Walk<'a> {
    bytes: &'a [u8],
    at: usize,
    fields: Vec<(usize, usize)>,
}

impl Walk<'_> {
    fn skip(&mut self, n: usize) {
        self.at += n;
    }

    /// Records a length prefix and steps inside the vector; returns where the vector ends.
    fn open(&mut self, width: usize) -> usize {
        let len = read(self.bytes, self.at, width);
        self.fields.push((self.at, width));
        self.at += width;
        self.at + len
    }

    /// Records a length prefix and steps over the whole vector.
    fn vector(&mut self, width: usize) {
        self.at = self.open(width);
    }

    /// An extensions block: its length, then each extension's type and length.
    fn extensions(&mut self) {
        let end = self.open(2);
        while self.at < end {
            self.skip(2);
            self.vector(2);
        }
    }
}

fn read(bytes: &[u8], offset: usize, width: usize) -> usize {
    bytes[offset..offset + width]
        .iter()
        .fold(0, |acc, b| (acc << 8) | usize::from(*b))
}
