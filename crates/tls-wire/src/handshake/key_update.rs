//! KeyUpdate (TLS 1.3): one byte saying whether the peer should update its keys too.

use crate::codec::{Codec, IntoOwned, Reader, Writer};
use crate::error::{DecodeError, DecodeErrorKind};

/// Whether the recipient of a KeyUpdate should answer with its own (RFC 8446 §4.6.3).
///
/// ```text
/// enum {
///     update_not_requested(0), update_requested(1), (255)
/// } KeyUpdateRequest;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyUpdateRequest {
    /// `update_not_requested(0)`.
    UpdateNotRequested,
    /// `update_requested(1)`.
    UpdateRequested,
}

impl KeyUpdateRequest {
    /// The wire value.
    pub const fn get(self) -> u8 {
        match self {
            Self::UpdateNotRequested => 0,
            Self::UpdateRequested => 1,
        }
    }
}

/// The KeyUpdate message (RFC 8446 §4.6.3).
///
/// ```text
/// struct {
///     KeyUpdateRequest request_update;
/// } KeyUpdate;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyUpdate {
    /// `request_update`.
    pub request_update: KeyUpdateRequest,
}

impl Codec<'_> for KeyUpdate {
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let at = r.offset();
        let request_update = match r.u8("KeyUpdate.request_update")? {
            0 => KeyUpdateRequest::UpdateNotRequested,
            1 => KeyUpdateRequest::UpdateRequested,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.3
            //# If an implementation
            //# receives any other value, it MUST terminate the connection with an
            //# "illegal_parameter" alert.
            other => {
                return Err(DecodeError::new(
                    DecodeErrorKind::IllegalValue {
                        value: u32::from(other),
                    },
                    "KeyUpdate.request_update",
                    at,
                ));
            }
        };
        Ok(Self { request_update })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_u8(self.request_update.get());
    }
}

impl IntoOwned for KeyUpdate {
    type Owned = Self;

    fn into_owned(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
    use crate::ids::AlertDescription;

    // No vector in shared/spec has a KeyUpdate (RFC 8448 and the captures end without one), so
    // these bytes are written from the RFC 8446 §4.6.3 structure: type 24, length 1, the value.

    #[test]
    fn decodes_both_requests() {
        for (value, request) in [
            (0, KeyUpdateRequest::UpdateNotRequested),
            (1, KeyUpdateRequest::UpdateRequested),
        ] {
            let bytes = frame(24, &[value]);
            let message = assert_all(&bytes, NegotiatedVersion::Tls13);
            assert_eq!(
                message.payload(),
                &HandshakePayload::KeyUpdate(KeyUpdate {
                    request_update: request
                })
            );
        }
    }

    #[test]
    fn rejects_key_update_with_other_value() {
        for value in [2, 0x7f, 0xff] {
            let err = HandshakeMessage::decode(&frame(24, &[value]), NegotiatedVersion::Tls13)
                .unwrap_err();
            assert_eq!(
                err.kind(),
                &DecodeErrorKind::IllegalValue {
                    value: u32::from(value)
                }
            );
            assert_eq!((err.what(), err.offset()), ("KeyUpdate.request_update", 4));
            assert_eq!(err.alert(), AlertDescription::ILLEGAL_PARAMETER);
        }
    }

    #[test]
    fn rejects_empty_key_update() {
        let err = HandshakeMessage::decode(&frame(24, &[]), NegotiatedVersion::Tls13).unwrap_err();
        assert!(matches!(err.kind(), DecodeErrorKind::Truncated { .. }));
    }
}
