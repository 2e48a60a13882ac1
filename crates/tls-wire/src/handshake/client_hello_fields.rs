//! [`ClientHelloFields`]: an encoded ClientHello cut into its fields' bytes without decoding
//! any list, for comparing two hellos byte for byte (a server checking that the ClientHello
//! after a HelloRetryRequest repeats the first, RFC 8446 §4.1.2) without a second decode.

use crate::codec::Reader;
use crate::error::DecodeError;

/// The fields of one encoded ClientHello message, each as its content bytes (TLS encodes a
/// value one way only, so equal bytes are equal values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientHelloFields<'a> {
    /// `legacy_version`.
    pub legacy_version: &'a [u8],
    /// `random`.
    pub random: &'a [u8],
    /// `legacy_session_id`'s content.
    pub legacy_session_id: &'a [u8],
    /// `cipher_suites`' content.
    pub cipher_suites: &'a [u8],
    /// `legacy_compression_methods`' content.
    pub legacy_compression_methods: &'a [u8],
    /// The extension block's content (empty when the hello has none).
    pub extensions: &'a [u8],
}

impl<'a> ClientHelloFields<'a> {
    /// Cuts `message`, a whole handshake message (header included), reading only lengths.
    pub fn split(message: &'a [u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(message);
        r.u8("Handshake.msg_type")?;
        let mut body = r.prefixed_u24("Handshake.length")?;
        r.finish("Handshake")?;
        let fields = Self {
            legacy_version: body.take(2, "ClientHello.legacy_version")?,
            random: body.take(32, "ClientHello.random")?,
            legacy_session_id: body
                .prefixed_u8("ClientHello.legacy_session_id")?
                .take_rest(),
            cipher_suites: body.prefixed_u16("ClientHello.cipher_suites")?.take_rest(),
            legacy_compression_methods: body
                .prefixed_u8("ClientHello.legacy_compression_methods")?
                .take_rest(),
            extensions: if body.is_empty() {
                &[]
            } else {
                body.prefixed_u16("ClientHello.extensions")?.take_rest()
            },
        };
        body.finish("ClientHello")?;
        Ok(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};

    #[test]
    fn cuts_a_decoded_hello_into_the_fields_it_decoded() {
        let bytes = hex::decode(crate::extensions::test_vectors::CHROME_GREASE).unwrap();
        let fields = ClientHelloFields::split(&bytes).unwrap();
        let decoded = HandshakeMessage::decode(&bytes, NegotiatedVersion::NotYet).unwrap();
        let HandshakePayload::ClientHello(hello) = decoded.payload() else {
            panic!("not a ClientHello")
        };
        assert_eq!(fields.random, hello.random);
        assert_eq!(fields.legacy_session_id, hello.legacy_session_id.as_slice());
        assert_eq!(fields.legacy_compression_methods, [0]);
        let mut block = Vec::new();
        hello.extensions.as_ref().unwrap().encode(&mut block);
        assert_eq!(fields.extensions, &block[2..]);
        assert!(ClientHelloFields::split(&bytes[..bytes.len() - 1]).is_err());
    }
}
