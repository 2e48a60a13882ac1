//! message_hash (TLS 1.3): the synthetic message that stands for ClientHello1 in the transcript
//! after a HelloRetryRequest. It is never sent; it is built, hashed, and decoded only where a
//! stateless server gets it back inside its cookie.

use std::borrow::Cow;

use crate::codec::{Codec, IntoOwned, Reader, Writer};
use crate::error::DecodeError;

/// The body of a `message_hash` message: `Hash(ClientHello1)` (RFC 8446 §4.4.1).
///
/// ```text
/// Transcript-Hash(ClientHello1, HelloRetryRequest, ... Mn) =
///     Hash(message_hash ||        /* Handshake type */
///          00 00 Hash.length  ||  /* Handshake message length (bytes) */
///          Hash(ClientHello1) ||  /* Hash of ClientHello1 */
///          HelloRetryRequest  || ... || Mn)
/// ```
///
/// Like Finished, the body is the whole hash with no prefix, and any length decodes: only the
/// handshake layer knows the hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageHash<'a> {
    /// `Hash(ClientHello1)`.
    pub hash: Cow<'a, [u8]>,
}

impl<'a> MessageHash<'a> {
    /// The message standing for a ClientHello whose hash is `digest`. Wrap it in
    /// [`HandshakeMessage::new`](super::HandshakeMessage::new) for the bytes the transcript
    /// hashes.
    pub fn new(digest: impl Into<Cow<'a, [u8]>>) -> Self {
        Self {
            hash: digest.into(),
        }
    }
}

impl<'a> Codec<'a> for MessageHash<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            hash: Cow::Borrowed(r.take_rest()),
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_bytes(&self.hash);
    }
}

impl IntoOwned for MessageHash<'_> {
    type Owned = MessageHash<'static>;

    fn into_owned(self) -> Self::Owned {
        MessageHash {
            hash: Cow::Owned(self.hash.into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handshake::test_support::assert_all;
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};

    /// SHA-256 of the first ClientHello of rfc8448-vectors.json `hrr` (computed with Python's
    /// hashlib; RFC 8448 prints no message_hash of its own).
    const RFC8448_HRR_CLIENT_HELLO1_SHA256: &str =
        "de7420cc7426d2f6b221edcc9c4bdc9bb0ab048b3ddd2411da7e3a01baea6c7e";

    #[test]
    fn builds_the_synthetic_message_rfc8446_describes() {
        let digest = hex::decode(RFC8448_HRR_CLIENT_HELLO1_SHA256).unwrap();
        let payload = HandshakePayload::MessageHash(MessageHash::new(&digest[..]));
        let message = HandshakeMessage::new(payload).unwrap();
        let mut expected = vec![0xfe, 0, 0, 32];
        expected.extend_from_slice(&digest);
        assert_eq!(message.raw(), expected);
        assert_all(message.raw(), NegotiatedVersion::Tls13);
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let digest = hex::decode(RFC8448_HRR_CLIENT_HELLO1_SHA256).unwrap();
        let owned = MessageHash::new(&digest[..]).into_owned();
        drop(digest);
        assert_eq!(owned.hash.len(), 32);
    }
}
