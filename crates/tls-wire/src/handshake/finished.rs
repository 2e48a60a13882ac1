//! Finished: the whole body is `verify_data`, in TLS 1.2 and 1.3.

use std::borrow::Cow;

use crate::codec::{Codec, IntoOwned, Reader, Writer};
use crate::error::DecodeError;

/// The Finished message (RFC 8446 §4.4.4; RFC 5246 §7.4.9).
///
/// ```text
/// struct {
///     opaque verify_data[Hash.length];
/// } Finished;
/// ```
///
/// `verify_data` has no length prefix: it is the whole body, whatever its length. The right
/// length is the hash length in TLS 1.3 and `verify_data_length` in TLS 1.2 (12 unless the
/// cipher suite says otherwise), which only the handshake layer knows. So the codec keeps any length, empty
/// included, and the handshake layer refuses a wrong one when it compares the value: one check
/// in one place, rather than a partial rule here (say "not empty") that would answer some
/// wrong lengths with one alert and the rest with another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished<'a> {
    /// `verify_data`.
    pub verify_data: Cow<'a, [u8]>,
}

impl<'a> Codec<'a> for Finished<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            verify_data: Cow::Borrowed(r.take_rest()),
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_bytes(&self.verify_data);
    }
}

impl IntoOwned for Finished<'_> {
    type Owned = Finished<'static>;

    fn into_owned(self) -> Self::Owned {
        Finished {
            verify_data: Cow::Owned(self.verify_data.into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakePayload, NegotiatedVersion};

    /// rfc8448-vectors.json, simple-1rtt, server `construct a Finished handshake message`.
    const RFC8448_FINISHED: &str =
        "140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718";

    /// illustrated-tls12.json, record 7 (`content_hex`): the client's TLS 1.2 Finished.
    const ILLUSTRATED_TLS12_FINISHED: &str = "1400000ccf919626f1360c536aaad73a";

    #[test]
    fn decodes_rfc8448_finished() {
        let bytes = hex::decode(RFC8448_FINISHED).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls13);
        let HandshakePayload::Finished(finished) = message.payload() else {
            panic!()
        };
        assert_eq!(*finished.verify_data, bytes[4..]);
    }

    #[test]
    fn decodes_tls12_finished() {
        let bytes = hex::decode(ILLUSTRATED_TLS12_FINISHED).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::Finished(finished) = message.payload() else {
            panic!()
        };
        assert_eq!(finished.verify_data.len(), 12);
    }

    #[test]
    fn keeps_any_length_for_the_handshake_layer_to_judge() {
        for len in [0, 1, 11, 48, 64, 300] {
            let bytes = frame(20, &vec![0xab; len]);
            let message = assert_all(&bytes, NegotiatedVersion::Tls13);
            let HandshakePayload::Finished(finished) = message.payload() else {
                panic!()
            };
            assert_eq!(finished.verify_data.len(), len);
        }
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = hex::decode(RFC8448_FINISHED).unwrap();
        let owned = Finished::decode_exact(&bytes[4..]).unwrap().into_owned();
        drop(bytes);
        assert_eq!(owned.verify_data.len(), 32);
    }
}
