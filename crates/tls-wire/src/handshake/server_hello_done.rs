//! ServerHelloDone (TLS 1.2): an empty body.

use crate::codec::{Codec, IntoOwned, Reader};
use crate::error::DecodeError;

/// The ServerHelloDone message (RFC 5246 §7.4.5): the end of the server's first flight.
///
/// ```text
/// struct { } ServerHelloDone;
/// ```
///
/// Decoding reads nothing, so a message with a body fails with `TrailingBytes`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ServerHelloDone;

impl Codec<'_> for ServerHelloDone {
    fn decode(_: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self)
    }

    fn encode(&self, _: &mut Vec<u8>) {}
}

impl IntoOwned for ServerHelloDone {
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

    /// openssl-captures.json, every TLS 1.2 connection, s2c record 4; illustrated-tls12.json,
    /// record 4.
    const SERVER_HELLO_DONE: &str = "0e000000";

    #[test]
    fn decodes_openssl_server_hello_done() {
        let bytes = hex::decode(SERVER_HELLO_DONE).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        assert_eq!(
            message.payload(),
            &HandshakePayload::ServerHelloDone(ServerHelloDone)
        );
    }

    #[test]
    fn rejects_server_hello_done_with_a_body() {
        let err =
            HandshakeMessage::decode(&frame(14, &[0, 0]), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 2 });
        assert_eq!((err.what(), err.offset()), ("ServerHelloDone", 4));
    }

    #[test]
    fn is_tls12_only() {
        let bytes = hex::decode(SERVER_HELLO_DONE).unwrap();
        for version in [NegotiatedVersion::NotYet, NegotiatedVersion::Tls13] {
            let message = HandshakeMessage::decode(&bytes, version).unwrap();
            assert!(matches!(
                message.payload(),
                HandshakePayload::Unknown { .. }
            ));
        }
    }
}
