//! The sending side of the record layer: content cut into records of at most 2^14 bytes,
//! sealed in place in one reused output buffer once a write key is installed.
//!
//! ```text
//! content ──▶ fragments of ≤ 2^14 ──▶ [ header | content | type | tag ] sealed in place
//!                                       appended to `output` ──▶ pending_output() ──▶ socket
//! ```
//!
//! The plaintext is copied once, into the output buffer, and encrypted where it lies. The
//! buffer grows to the largest flight and is reused: consumed bytes are dropped by moving the
//! start, and the buffer is emptied (not freed) once everything is sent.

use tls_keyschedule::Tls13RecordSealer;
use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls13::TrafficSecret;
use tls_wire::codec::Codec;
use tls_wire::ids::{ContentType, ProtocolVersion};
use tls_wire::record::{ChangeCipherSpec, MAX_PLAINTEXT_LEN, RecordHeader};

use crate::error::Error;

/// The records we send, sealed as soon as a write key is installed.
#[derive(Debug, Default)]
pub(crate) struct RecordWriter {
    /// Records ready for the socket, from `sent` on.
    output: Vec<u8>,
    /// Bytes of `output` already taken by the caller.
    sent: usize,
    /// The current write key; `None` while records go unprotected. The machine installs
    /// each key before the first message it protects, so the key in place is the one the
    /// next record needs.
    sealer: Option<Tls13RecordSealer>,
}

impl RecordWriter {
    /// Records not yet taken by the caller.
    pub(crate) fn pending(&self) -> &[u8] {
        self.output.get(self.sent..).unwrap_or_default()
    }

    /// Marks `n` bytes of [`pending`](Self::pending) as sent (capped to what is pending).
    pub(crate) fn consume(&mut self, n: usize) {
        self.sent = self.sent.saturating_add(n).min(self.output.len());
        if self.sent == self.output.len() {
            // Keep the allocation: the next flight reuses it.
            self.output.clear();
            self.sent = 0;
        }
    }

    /// Seals every record from now on with the keys of `secret`.
    pub(crate) fn install_key(
        &mut self,
        suite: Suite,
        secret: &TrafficSecret,
    ) -> Result<(), Error> {
        let keys = secret.derive_traffic_keys(suite.aead);
        self.sealer = Some(Tls13RecordSealer::from_traffic_keys(suite.aead, &keys)?);
        Ok(())
    }

    /// Sends `content` as records of type `typ`, each at most 2^14 bytes of content, under
    /// the current write key (or unprotected before there is one).
    pub(crate) fn send(&mut self, typ: ContentType, content: &[u8]) -> Result<(), Error> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
        //# The record layer fragments information blocks into TLSPlaintext
        //# records carrying data in chunks of 2^14 bytes or less.
        for fragment in content.chunks(MAX_PLAINTEXT_LEN) {
            match &mut self.sealer {
                Some(sealer) => seal(&mut self.output, sealer, typ, fragment)?,
                None => append_plaintext(&mut self.output, typ, fragment),
            }
        }
        Ok(())
    }

    /// Sends the single-byte change_cipher_spec record of middlebox compatibility mode,
    /// always unprotected.
    pub(crate) fn send_change_cipher_spec(&mut self) {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5
        //# An implementation may receive an unencrypted record of type
        //# change_cipher_spec consisting of the single byte value 0x01 at any
        //# time after the first ClientHello message has been sent or received
        //# and before the peer's Finished message has been received and MUST
        //# simply drop it without further processing.
        append_plaintext(
            &mut self.output,
            ContentType::CHANGE_CIPHER_SPEC,
            &ChangeCipherSpec.to_vec(),
        );
    }
}

/// Appends one unprotected record (`fragment` is at most 2^14 bytes).
fn append_plaintext(output: &mut Vec<u8>, typ: ContentType, fragment: &[u8]) {
    let length = u16::try_from(fragment.len()).unwrap_or(u16::MAX);
    output.extend_from_slice(&RecordHeader::new(typ, ProtocolVersion::TLSV1_2, length).to_bytes());
    output.extend_from_slice(fragment);
}

/// Appends one protected record: room for the header, the content (the one copy), room for
/// the type byte and the tag, then seals those bytes in place.
fn seal(
    output: &mut Vec<u8>,
    sealer: &mut Tls13RecordSealer,
    typ: ContentType,
    fragment: &[u8],
) -> Result<(), Error> {
    let start = output.len();
    output.extend_from_slice(&[0; RecordHeader::LEN]);
    output.extend_from_slice(fragment);
    // Room for the type byte and the tag, no padding.
    output.resize(
        start.saturating_add(Tls13RecordSealer::record_len(fragment.len(), 0)),
        0,
    );
    let record = output.get_mut(start..).unwrap_or_default();
    let sealed = sealer.seal_in_place(typ, record, fragment.len());
    if sealed.is_err() {
        // Nothing half-written stays queued.
        output.truncate(start);
    }
    Ok(sealed?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unprotected_content_is_cut_into_records_of_at_most_2_14_bytes() {
        let mut writer = RecordWriter::default();
        let content = vec![7; MAX_PLAINTEXT_LEN + 10];
        writer.send(ContentType::HANDSHAKE, &content).unwrap();
        let out = writer.pending();
        assert_eq!(out.len(), content.len() + 2 * RecordHeader::LEN);
        assert_eq!(&out[..5], &[22, 3, 3, 0x40, 0x00]);
        assert_eq!(&out[5 + MAX_PLAINTEXT_LEN..][..5], &[22, 3, 3, 0, 10]);
    }

    #[test]
    fn consumed_output_is_dropped_and_the_buffer_reused() {
        let mut writer = RecordWriter::default();
        writer.send_change_cipher_spec();
        writer.consume(2);
        assert_eq!(writer.pending(), &[3, 0, 1, 1]);
        writer.consume(100);
        assert!(writer.pending().is_empty());
        assert!(writer.output.capacity() >= 6);
    }
}
