//! HelloRequest (TLS 1.2): an empty body asking the client to renegotiate.

use crate::codec::{Codec, IntoOwned, Reader};
use crate::error::DecodeError;

/// The HelloRequest message (RFC 5246 §7.4.1.1).
///
/// ```text
/// struct { } HelloRequest;
/// ```
///
/// We never renegotiate, but the message still decodes: the handshake layer must recognise it
/// to answer as RFC 5246 allows (ignore it during a handshake, or send a `no_renegotiation`
/// warning after one) rather than fail on an unknown message, and to keep it out of the
/// transcript, which RFC 5246 §7.4.1.1 requires ("This message MUST NOT be included in the
/// message hashes"). Decoding reads nothing, so a message with a body fails with
/// `TrailingBytes`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct HelloRequest;

impl Codec<'_> for HelloRequest {
    fn decode(_: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self)
    }

    fn encode(&self, _: &mut Vec<u8>) {}
}

impl IntoOwned for HelloRequest {
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

    /// OpenSSL 3.0.19, `openssl s_server -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256
    /// -no_ticket` told to renegotiate (`r` on its stdin) after a full handshake with
    /// `openssl s_client -tls1_2 -msg`: the HelloRequest the client printed (2026-11-22).
    const OPENSSL_HELLO_REQUEST: &str = "00000000";

    #[test]
    fn decodes_openssl_hello_request() {
        let bytes = hex::decode(OPENSSL_HELLO_REQUEST).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        assert_eq!(
            message.payload(),
            &HandshakePayload::HelloRequest(HelloRequest)
        );
    }

    #[test]
    fn rejects_hello_request_with_a_body() {
        let err = HandshakeMessage::decode(&frame(0, &[1]), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!((err.what(), err.offset()), ("HelloRequest", 4));
    }

    #[test]
    fn is_tls12_only() {
        let bytes = hex::decode(OPENSSL_HELLO_REQUEST).unwrap();
        for version in [NegotiatedVersion::NotYet, NegotiatedVersion::Tls13] {
            let message = HandshakeMessage::decode(&bytes, version).unwrap();
            assert!(matches!(
                message.payload(),
                HandshakePayload::Unknown { .. }
            ));
        }
    }
}
