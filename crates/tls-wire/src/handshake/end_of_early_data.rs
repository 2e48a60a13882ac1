//! EndOfEarlyData (TLS 1.3): an empty body.

use crate::codec::{Codec, IntoOwned, Reader};
use crate::error::DecodeError;

/// The EndOfEarlyData message (RFC 8446 §4.5).
///
/// ```text
/// struct {} EndOfEarlyData;
/// ```
///
/// Decoding reads nothing, so a message with a body fails with `TrailingBytes`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct EndOfEarlyData;

impl Codec<'_> for EndOfEarlyData {
    fn decode(_: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self)
    }

    fn encode(&self, _: &mut Vec<u8>) {}
}

impl IntoOwned for EndOfEarlyData {
    type Owned = Self;

    fn into_owned(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};

    /// rfc8448-vectors.json, resumed-0rtt, client `construct an EndOfEarlyData handshake
    /// message`.
    const RFC8448_END_OF_EARLY_DATA: &str = "05000000";

    #[test]
    fn decodes_rfc8448_end_of_early_data() {
        let bytes = hex::decode(RFC8448_END_OF_EARLY_DATA).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls13);
        assert_eq!(
            message.payload(),
            &HandshakePayload::EndOfEarlyData(EndOfEarlyData)
        );
    }

    #[test]
    fn rejects_end_of_early_data_with_a_body() {
        let err = HandshakeMessage::decode(&frame(5, &[0]), NegotiatedVersion::Tls13).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!((err.what(), err.offset()), ("EndOfEarlyData", 4));
    }
}
