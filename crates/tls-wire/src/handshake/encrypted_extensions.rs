//! EncryptedExtensions (TLS 1.3): the server's extensions that need no cleartext.

use crate::codec::{Codec, IntoOwned, Reader};
use crate::error::DecodeError;
use crate::extensions::{ExtensionContext, Extensions};

/// The EncryptedExtensions message (RFC 8446 §4.3.1).
///
/// ```text
/// struct {
///     Extension extensions<0..2^16-1>;
/// } EncryptedExtensions;
/// ```
///
/// Its extensions decode with [`ExtensionContext::EncryptedExtensions`]; which of them may
/// appear is the handshake layer's check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedExtensions<'a> {
    /// `extensions`, a block of [`ExtensionContext::EncryptedExtensions`].
    pub extensions: Extensions<'a>,
}

impl<'a> Codec<'a> for EncryptedExtensions<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            extensions: Extensions::decode(r, ExtensionContext::EncryptedExtensions)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.extensions.encode(out);
    }
}

impl IntoOwned for EncryptedExtensions<'_> {
    type Owned = EncryptedExtensions<'static>;

    fn into_owned(self) -> Self::Owned {
        EncryptedExtensions {
            extensions: self.extensions.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
    use crate::ids::ExtensionType;

    /// rfc8448-vectors.json, simple-1rtt, server `construct an EncryptedExtensions handshake
    /// message`: supported_groups, record_size_limit, server_name (empty).
    const RFC8448_ENCRYPTED_EXTENSIONS: &str =
        "080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000";

    /// illustrated-tls13.json, record 3 (`inner_plaintext_hex` without its content type): an
    /// empty extensions block.
    const ILLUSTRATED_ENCRYPTED_EXTENSIONS: &str = "080000020000";

    #[test]
    fn decodes_rfc8448_encrypted_extensions() {
        let bytes = hex::decode(RFC8448_ENCRYPTED_EXTENSIONS).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls13);
        let HandshakePayload::EncryptedExtensions(ee) = message.payload() else {
            panic!()
        };
        let types: Vec<_> = ee.extensions.types().collect();
        assert_eq!(
            types,
            [
                ExtensionType::SUPPORTED_GROUPS,
                ExtensionType::RECORD_SIZE_LIMIT,
                ExtensionType::SERVER_NAME
            ]
        );
    }

    #[test]
    fn decodes_empty_encrypted_extensions() {
        let bytes = hex::decode(ILLUSTRATED_ENCRYPTED_EXTENSIONS).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls13);
        let HandshakePayload::EncryptedExtensions(ee) = message.payload() else {
            panic!()
        };
        assert!(ee.extensions.is_empty());
    }

    #[test]
    fn rejects_missing_extensions_block() {
        let err = HandshakeMessage::decode(&frame(8, &[]), NegotiatedVersion::Tls13).unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::Truncated { .. }),
            "{err}"
        );
    }

    #[test]
    fn rejects_bytes_after_the_extensions_block() {
        let err =
            HandshakeMessage::decode(&frame(8, &[0, 0, 0]), NegotiatedVersion::Tls13).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "EncryptedExtensions");
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = hex::decode(RFC8448_ENCRYPTED_EXTENSIONS).unwrap();
        let ee = EncryptedExtensions::decode_exact(&bytes[4..]).unwrap();
        let owned: EncryptedExtensions<'static> = ee.clone().into_owned();
        assert_eq!(owned, ee);
    }
}
