//! The change_cipher_spec message: TLS 1.2's key switch, TLS 1.3's middlebox-compatibility
//! no-op. Either way, the single byte 0x01.

use crate::codec::{Codec, IntoOwned, Reader, Writer};
use crate::error::{DecodeError, DecodeErrorKind};

/// The change_cipher_spec message (RFC 5246 §7.1; RFC 8446 §5 and Appendix D.4 keep it
/// for compatibility).
///
/// ```text
/// struct {
///     enum { change_cipher_spec(1), (255) } type;
/// } ChangeCipherSpec;
/// ```
///
/// Its one field has one value, so the type carries no data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ChangeCipherSpec;

impl ChangeCipherSpec {
    /// The only value of `ChangeCipherSpec.type`.
    const TYPE: u8 = 0x01;

    /// The whole record fragment, without a buffer to encode into.
    pub const fn to_bytes(self) -> [u8; 1] {
        [Self::TYPE]
    }

    /// Decodes the whole fragment of a change_cipher_spec record, which must be the single
    /// byte 0x01; anything else (empty, another value, more bytes) is `BadChangeCipherSpec`.
    pub fn decode_record(fragment: &[u8]) -> Result<Self, DecodeError> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5
        //# An
        //# implementation which receives any other change_cipher_spec value or
        //# which receives a protected change_cipher_spec record MUST abort the
        //# handshake with an "unexpected_message" alert.
        if fragment == [Self::TYPE] {
            Ok(Self)
        } else {
            Err(DecodeError::new(
                DecodeErrorKind::BadChangeCipherSpec,
                "ChangeCipherSpec",
                0,
            ))
        }
    }
}

impl Codec<'_> for ChangeCipherSpec {
    const FIXED_SIZE: Option<usize> = Some(1);

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let at = r.offset();
        match r.u8("ChangeCipherSpec.type")? {
            Self::TYPE => Ok(Self),
            _ => Err(DecodeError::new(
                DecodeErrorKind::BadChangeCipherSpec,
                "ChangeCipherSpec.type",
                at,
            )),
        }
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_u8(Self::TYPE);
    }
}

impl IntoOwned for ChangeCipherSpec {
    type Owned = Self;

    fn into_owned(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::AlertDescription;

    /// shared/spec/illustrated-tls13.json records[2].record_hex `140303000101`: the fragment.
    const COMPAT_CCS: [u8; 1] = [0x01];

    #[test]
    fn real_change_cipher_spec_decodes_and_round_trips() {
        assert_eq!(
            ChangeCipherSpec::decode_record(&COMPAT_CCS),
            Ok(ChangeCipherSpec)
        );
        assert_eq!(
            ChangeCipherSpec::decode_exact(&COMPAT_CCS),
            Ok(ChangeCipherSpec)
        );
        assert_eq!(ChangeCipherSpec.to_vec(), COMPAT_CCS);
        assert_eq!(ChangeCipherSpec.to_bytes(), COMPAT_CCS);
        assert_eq!(ChangeCipherSpec.into_owned().encoded_len(), 1);
    }

    #[test]
    fn rejects_change_cipher_spec_values_other_than_1() {
        for value in [0x00, 0x02, 0x14, 0xff] {
            let err = ChangeCipherSpec::decode_record(&[value]).unwrap_err();
            assert_eq!(err.kind(), &DecodeErrorKind::BadChangeCipherSpec);
            assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
            let err = ChangeCipherSpec::decode_exact(&[value]).unwrap_err();
            assert_eq!(err.kind(), &DecodeErrorKind::BadChangeCipherSpec);
        }
    }

    #[test]
    fn rejects_change_cipher_spec_of_other_lengths() {
        for fragment in [&[][..], &[0x01, 0x01], &[0x01, 0x00], &[0x01; 16]] {
            let err = ChangeCipherSpec::decode_record(fragment).unwrap_err();
            assert_eq!(err.kind(), &DecodeErrorKind::BadChangeCipherSpec);
            assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
        }
    }
}
