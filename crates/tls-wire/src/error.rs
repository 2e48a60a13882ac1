//! The one error type of this crate: what failed to decode, where, why, and which alert the RFC
//! gives for it.

use core::fmt;

use crate::ids::{AlertDescription, ContentType, ExtensionType};

/// A peer's bytes did not decode.
///
/// It says *what* (the RFC field, e.g. `"ClientHello.cipher_suites"`), *where* (the byte offset
/// from the start of the input handed to the outermost decoder) and *why* ([`DecodeErrorKind`]),
/// and [`DecodeError::alert`] names the alert the RFC prescribes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    what: &'static str,
    offset: usize,
}

/// Why a decode failed. Each variant maps to exactly one alert ([`DecodeError::alert`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ended before the field did.
    Truncated {
        /// Bytes the field needs.
        needed: usize,
        /// Bytes that were left.
        available: usize,
    },
    /// Bytes were left over after the structure ended.
    TrailingBytes {
        /// How many bytes were left over.
        count: usize,
    },
    /// A length-prefixed vector's length is outside the bounds the RFC gives it.
    LengthOutOfBounds {
        /// The length on the wire.
        len: usize,
        /// The RFC minimum.
        min: usize,
        /// The RFC maximum.
        max: usize,
    },
    /// A vector's length is not a multiple of its element size.
    LengthNotMultiple {
        /// The length on the wire.
        len: usize,
        /// The size of one element.
        element: usize,
    },
    /// An extension type appeared twice in one block.
    DuplicateExtension(ExtensionType),
    /// `pre_shared_key` was not the last extension of a ClientHello.
    PreSharedKeyNotLast,
    /// A field holds a value that the RFC says the receiver must refuse.
    IllegalValue {
        /// The value, widened.
        value: u32,
    },
    /// A record's content type is not one we know.
    UnknownContentType(ContentType),
    /// A record header's major version is not 3: not TLS (an SSLv2 hello, or garbage).
    NotTlsRecord {
        /// The two version bytes as received.
        version: u16,
    },
    /// A record (or TLS 1.3 inner plaintext) is longer than the limit for its kind.
    RecordOverflow {
        /// The length on the wire.
        len: usize,
        /// The limit that applied.
        max: usize,
    },
    /// A handshake message is longer than we are willing to buffer.
    HandshakeMessageTooLarge {
        /// The length the message header announced.
        len: usize,
        /// Our limit.
        max: usize,
    },
    /// A record of another content type arrived while a handshake message was incomplete.
    InterleavedContentType(ContentType),
    /// A handshake message was split across a key change.
    MessageSpansKeyChange,
    /// A handshake (or alert) record had no payload.
    EmptyRecord(ContentType),
    /// A TLS 1.3 inner plaintext had no non-zero byte, so no content type.
    NoInnerContentType,
    /// A change_cipher_spec record held something other than the single byte 0x01.
    BadChangeCipherSpec,
    /// A TLS 1.3 protected record decrypted to a change_cipher_spec (it is only ever sent in
    /// the clear).
    ProtectedChangeCipherSpec,
}

impl DecodeError {
    /// An error of `kind` in the field `what` at byte `offset`.
    pub const fn new(kind: DecodeErrorKind, what: &'static str, offset: usize) -> Self {
        Self { kind, what, offset }
    }

    /// Why decoding failed.
    pub const fn kind(&self) -> &DecodeErrorKind {
        &self.kind
    }

    /// The RFC field that failed, e.g. `"ClientHello.cipher_suites"`.
    pub const fn what(&self) -> &'static str {
        self.what
    }

    /// Byte offset of the failure from the start of the outermost input.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The same error, its offset moved by `base` (for input that was a slice of a larger one).
    #[must_use]
    pub const fn shifted(mut self, base: usize) -> Self {
        self.offset = self.offset.saturating_add(base);
        self
    }

    /// The alert that the RFC gives for this failure.
    ///
    /// An exhaustive match: a new kind does not compile until someone chooses its alert.
    pub const fn alert(&self) -> AlertDescription {
        match self.kind {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# decode_error:  A message could not be decoded because some field was
            //#    out of the specified range or the length of the message was
            //#    incorrect.
            DecodeErrorKind::Truncated { .. }
            | DecodeErrorKind::TrailingBytes { .. }
            | DecodeErrorKind::LengthOutOfBounds { .. }
            | DecodeErrorKind::LengthNotMultiple { .. }
            | DecodeErrorKind::NotTlsRecord { .. } => AlertDescription::DECODE_ERROR,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# illegal_parameter:  A field in the handshake was incorrect or
            //#    inconsistent with other fields.
            DecodeErrorKind::DuplicateExtension(_)
            | DecodeErrorKind::PreSharedKeyNotLast
            | DecodeErrorKind::IllegalValue { .. }
            // OpenSSL sends illegal_parameter for an excessive message size too; the RFC names
            // no alert for a local limit.
            | DecodeErrorKind::HandshakeMessageTooLarge { .. } => AlertDescription::ILLEGAL_PARAMETER,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
            //# If a TLS implementation receives an unexpected record type, it MUST terminate the
            //# connection with an "unexpected_message" alert.
            DecodeErrorKind::UnknownContentType(_)
            | DecodeErrorKind::InterleavedContentType(_)
            | DecodeErrorKind::MessageSpansKeyChange
            | DecodeErrorKind::EmptyRecord(_)
            | DecodeErrorKind::NoInnerContentType
            | DecodeErrorKind::BadChangeCipherSpec => AlertDescription::UNEXPECTED_MESSAGE,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5
            //# An
            //# implementation which receives any other change_cipher_spec value or
            //# which receives a protected change_cipher_spec record MUST abort the
            //# handshake with an "unexpected_message" alert.
            DecodeErrorKind::ProtectedChangeCipherSpec => AlertDescription::UNEXPECTED_MESSAGE,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
            //# The record layer fragments information blocks into TLSPlaintext
            //# records carrying data in chunks of 2^14 bytes or less.
            DecodeErrorKind::RecordOverflow { .. } => AlertDescription::RECORD_OVERFLOW,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}: ", self.what, self.offset)?;
        match &self.kind {
            DecodeErrorKind::Truncated { needed, available } => {
                write!(
                    f,
                    "peer's data ended early: needed {needed} bytes, {available} left"
                )
            }
            DecodeErrorKind::TrailingBytes { count } => {
                write!(f, "peer sent {count} bytes after the end of the structure")
            }
            DecodeErrorKind::LengthOutOfBounds { len, min, max } => {
                write!(
                    f,
                    "peer sent length {len}, outside the RFC bounds {min}..={max}"
                )
            }
            DecodeErrorKind::LengthNotMultiple { len, element } => {
                write!(
                    f,
                    "peer sent length {len}, not a multiple of the element size {element}"
                )
            }
            DecodeErrorKind::DuplicateExtension(typ) => {
                write!(f, "peer sent extension {typ} twice in one block")
            }
            DecodeErrorKind::PreSharedKeyNotLast => {
                f.write_str("peer sent pre_shared_key that is not the last extension")
            }
            DecodeErrorKind::IllegalValue { value } => {
                write!(f, "peer sent value {value:#x}, which the RFC forbids here")
            }
            DecodeErrorKind::UnknownContentType(typ) => {
                write!(f, "peer sent a record of unknown content type {typ}")
            }
            DecodeErrorKind::NotTlsRecord { version } => {
                write!(
                    f,
                    "peer sent record version {version:#06x}: this is not TLS"
                )
            }
            DecodeErrorKind::RecordOverflow { len, max } => {
                write!(f, "peer sent {len} bytes where the limit is {max}")
            }
            DecodeErrorKind::HandshakeMessageTooLarge { len, max } => {
                write!(
                    f,
                    "peer announced a {len}-byte handshake message; our limit is {max}"
                )
            }
            DecodeErrorKind::InterleavedContentType(typ) => write!(
                f,
                "peer sent a {typ} record in the middle of a fragmented handshake message"
            ),
            DecodeErrorKind::MessageSpansKeyChange => {
                f.write_str("peer split a handshake message across a key change")
            }
            DecodeErrorKind::EmptyRecord(typ) => write!(f, "peer sent an empty {typ} record"),
            DecodeErrorKind::NoInnerContentType => {
                f.write_str("peer sent an inner plaintext with no non-zero byte")
            }
            DecodeErrorKind::BadChangeCipherSpec => {
                f.write_str("peer sent a change_cipher_spec that is not the single byte 0x01")
            }
            DecodeErrorKind::ProtectedChangeCipherSpec => {
                f.write_str("peer sent a change_cipher_spec inside a protected record")
            }
        }?;
        write!(f, " ({})", self.alert())
    }
}

impl std::error::Error for DecodeError {}

/// A value we were asked to build does not fit its RFC bounds (a local mistake, not a peer's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LengthError {
    /// Encoded length of the content.
    pub len: usize,
    /// The RFC minimum.
    pub min: usize,
    /// The RFC maximum.
    pub max: usize,
}

impl fmt::Display for LengthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "encoded length {} is outside the RFC bounds {}..={}",
            self.len, self.min, self.max
        )
    }
}

impl std::error::Error for LengthError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind with the alert the RFC gives it, and where. A new kind must be added here
    /// (the match in `alert` already refuses to compile without it).
    #[test]
    fn every_kind_maps_to_its_rfc_alert() {
        let ext = ExtensionType::SERVER_NAME;
        let table = [
            (
                DecodeErrorKind::Truncated {
                    needed: 2,
                    available: 1,
                },
                "decode_error",
                "8446 §6.2",
            ),
            (
                DecodeErrorKind::TrailingBytes { count: 1 },
                "decode_error",
                "8446 §6.2",
            ),
            (
                DecodeErrorKind::LengthOutOfBounds {
                    len: 0,
                    min: 1,
                    max: 2,
                },
                "decode_error",
                "8446 §6.2",
            ),
            (
                DecodeErrorKind::LengthNotMultiple { len: 3, element: 2 },
                "decode_error",
                "8446 §6.2",
            ),
            (
                DecodeErrorKind::NotTlsRecord { version: 0x0200 },
                "decode_error",
                "8446 §6.2",
            ),
            (
                DecodeErrorKind::DuplicateExtension(ext),
                "illegal_parameter",
                "8446 §4.2",
            ),
            (
                DecodeErrorKind::PreSharedKeyNotLast,
                "illegal_parameter",
                "8446 §4.2.11",
            ),
            (
                DecodeErrorKind::IllegalValue { value: 2 },
                "illegal_parameter",
                "8446 §6.2",
            ),
            (
                DecodeErrorKind::HandshakeMessageTooLarge {
                    len: 70_000,
                    max: 65_536,
                },
                "illegal_parameter",
                "local limit",
            ),
            (
                DecodeErrorKind::UnknownContentType(ContentType::new(99)),
                "unexpected_message",
                "8446 §5",
            ),
            (
                DecodeErrorKind::InterleavedContentType(ContentType::ALERT),
                "unexpected_message",
                "8446 §5.1",
            ),
            (
                DecodeErrorKind::MessageSpansKeyChange,
                "unexpected_message",
                "8446 §5.1",
            ),
            (
                DecodeErrorKind::EmptyRecord(ContentType::HANDSHAKE),
                "unexpected_message",
                "8446 §5.1",
            ),
            (
                DecodeErrorKind::NoInnerContentType,
                "unexpected_message",
                "8446 §5.4",
            ),
            (
                DecodeErrorKind::BadChangeCipherSpec,
                "unexpected_message",
                "8446 §5",
            ),
            (
                DecodeErrorKind::ProtectedChangeCipherSpec,
                "unexpected_message",
                "8446 §5",
            ),
            (
                DecodeErrorKind::RecordOverflow {
                    len: 20_000,
                    max: 16_384,
                },
                "record_overflow",
                "8446 §5.1",
            ),
        ];
        for (kind, alert, section) in table {
            let err = DecodeError::new(kind, "Field", 7);
            assert_eq!(err.alert().to_string(), alert, "{err} (RFC {section})");
            let text = err.to_string();
            assert!(text.starts_with("Field at offset 7: "), "{text}");
            assert!(text.ends_with(&format!("({alert})")), "{text}");
        }
    }
}
