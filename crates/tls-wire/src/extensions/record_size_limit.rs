//! `record_size_limit` (RFC 8449 §4): the largest record an endpoint is willing to receive,
//! in a ClientHello and in the server's EncryptedExtensions (a TLS 1.2 server's ServerHello).

use crate::codec::{Codec, IntoOwned, Reader};
use crate::error::{DecodeError, DecodeErrorKind};

/// The body of `record_size_limit` (RFC 8449 §4): the largest protected record, in bytes of
/// plaintext (for TLS 1.3 counting the content type and padding), the sender will accept.
/// Never below [`RecordSizeLimit::MIN`].
///
/// ```text
/// uint16 RecordSizeLimit;
/// ```
///
/// The upper bound (2^14, or 2^14 + 1 in TLS 1.3) depends on the version, so the handshake
/// checks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordSizeLimit(u16);

impl RecordSizeLimit {
    /// The smallest limit an endpoint may send (RFC 8449 §4).
    pub const MIN: u16 = 64;

    /// The limit `value`, unless it is below [`Self::MIN`].
    pub const fn new(value: u16) -> Option<Self> {
        if value < Self::MIN {
            None
        } else {
            Some(Self(value))
        }
    }

    /// The limit in bytes.
    pub const fn get(self) -> u16 {
        self.0
    }
}

impl Codec<'_> for RecordSizeLimit {
    const FIXED_SIZE: Option<usize> = Some(2);

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let value = r.u16("RecordSizeLimit")?;
        //= https://www.rfc-editor.org/rfc/rfc8449#section-4
        //# Endpoints MUST NOT send a "record_size_limit" extension with a value
        //# smaller than 64.  An endpoint MUST treat receipt of a smaller value
        //# as a fatal error and generate an "illegal_parameter" alert.
        Self::new(value).ok_or_else(|| {
            DecodeError::new(
                DecodeErrorKind::IllegalValue {
                    value: u32::from(value),
                },
                "RecordSizeLimit",
                r.offset().saturating_sub(2),
            )
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.0.encode(out);
    }
}

impl IntoOwned for RecordSizeLimit {
    type Owned = Self;

    fn into_owned(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};
    use crate::ids::AlertDescription;

    #[test]
    fn decodes_limits_in_client_hello_and_encrypted_extensions() {
        let message = hex(GNUTLS);
        let bytes = extension_in(client_hello_block(&message), 0x001c);
        let Extension::RecordSizeLimit(limit) = round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not a RecordSizeLimit");
        };
        assert_eq!(limit.get(), 0x4001);
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        let message = hex(SIMPLE_EE);
        let bytes = extension_in(encrypted_extensions_block(&message), 0x001c);
        assert_eq!(
            round_trip(bytes, ExtensionContext::EncryptedExtensions),
            Extension::RecordSizeLimit(RecordSizeLimit(0x4001))
        );
    }

    #[test]
    fn rejects_record_size_limit_below_64() {
        let err = decode_one(&[0, 0x1c, 0, 2, 0, 63], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::IllegalValue { value: 63 });
        assert_eq!(err.offset(), 4);
        assert_eq!(err.alert(), AlertDescription::ILLEGAL_PARAMETER);
        assert!(decode_one(&[0, 0x1c, 0, 2, 0, 64], ExtensionContext::ClientHello).is_ok());
        assert_eq!(RecordSizeLimit::new(63), None);
    }
}
