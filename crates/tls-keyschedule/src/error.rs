//! The one error type of this crate, and the alert the RFC gives for each peer fault.
//!
//! Peer faults (a record that fails authentication, is too long, or decrypts to a malformed
//! inner plaintext) carry an alert; local faults (our own misuse of the API, a sequence number
//! that would wrap, a label, context or length a derivation cannot encode, a transcript buffer
//! that is full) carry none: the connection must not blame the peer for them.
//!
//! The schedule's own derivations use fixed labels, digests as contexts and fixed lengths, so
//! they cannot fail and return their secrets directly. Only the entry points that take a
//! caller's label, context or length (exporters, and HKDF itself) return the derivation
//! variants ([`Error::LabelLength`], [`Error::ContextLength`], [`Error::OutputLength`],
//! [`Error::ReservedLabel`]).

use core::fmt;

use tls_wire::DecodeError;
use tls_wire::ids::{AlertDescription, ContentType};

/// What went wrong in the transcript, key derivation or record protection.
///
/// [`Error::alert`] names the alert the RFC gives for each peer fault, and `None` for local
/// faults that send no alert.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A protected record failed authentication: altered bytes, a wrong key, or a record out
    /// of sequence. AEADs do not say which.
    BadRecordMac,
    /// A protected record is longer than its version allows: a TLS 1.3 `TLSCiphertext` over
    /// 2^14 + 256 bytes, a TLS 1.2 one over 2^14 + 2048, or a TLS 1.2 record that decrypted
    /// to more than 2^14 bytes. (An over-long TLS 1.3 inner plaintext is tls-wire's
    /// [`DecodeErrorKind::RecordOverflow`](tls_wire::DecodeErrorKind::RecordOverflow), in
    /// [`Error::Decode`].)
    RecordOverflow {
        /// The length received.
        len: usize,
        /// The limit that applied.
        max: usize,
    },
    /// A TLS 1.3 record authenticated but its inner plaintext does not decode: no non-zero
    /// byte (no content type), an unknown or protected change_cipher_spec type, an empty
    /// handshake or alert, or more than 2^14 + 1 bytes. tls-wire's
    /// [`InnerPlaintext::decode_in_place`](tls_wire::record::InnerPlaintext::decode_in_place)
    /// decides, and its error names the alert.
    Decode(DecodeError),
    /// The sequence number of this key would wrap: the connection must update the key (TLS
    /// 1.3 KeyUpdate) or close before it can seal or open another record. Local: no alert.
    SequenceNumberExhausted,
    /// We handed over a key or IV of the wrong length for the AEAD. Local: no alert.
    KeyMaterialLength {
        /// `"key"` or `"iv"`.
        what: &'static str,
        /// The length we gave.
        len: usize,
        /// The length the AEAD needs.
        expected: usize,
    },
    /// We asked to seal into a buffer too short for the header, the content, the nonce or
    /// type byte, and the tag. Local: no alert.
    RecordBufferTooShort {
        /// The buffer's length.
        len: usize,
        /// The length the record needs.
        needed: usize,
    },
    /// We asked to seal more plaintext than one record may carry. Local: no alert.
    PlaintextTooLong {
        /// The plaintext length (for TLS 1.3 the whole inner plaintext: content, type byte
        /// and padding).
        len: usize,
        /// The limit.
        max: usize,
    },
    /// We asked to seal a record the RFC forbids sending: a content type other than
    /// handshake, alert or application_data, or an empty handshake or alert. Local: no alert.
    UnsealableRecord {
        /// The content type.
        typ: ContentType,
        /// The content length.
        len: usize,
    },
    /// We handed over a record header whose length is not the fragment's. Local: no alert
    /// (tls-wire's deframer never produces one).
    FragmentLengthMismatch {
        /// The header's length field.
        header: usize,
        /// The fragment's actual length.
        fragment: usize,
    },
    /// We asked for a TLS 1.3 label outside `HkdfLabel.label<7..255>` once `"tls13 "` is
    /// prefixed, that is outside 1 to 249 bytes. Local: no alert.
    LabelLength {
        /// The label's length, without the prefix.
        len: usize,
    },
    /// We gave a context longer than its length field can say: `HkdfLabel.context<0..255>`
    /// (TLS 1.3), RFC 5705's `uint16` context length (TLS 1.2). Local: no alert.
    ContextLength {
        /// The context's length.
        len: usize,
        /// The longest context allowed.
        max: usize,
    },
    /// We asked for more output than the function can produce: HKDF-Expand gives at most
    /// 255 · Hash.length bytes (RFC 5869 §2.3), and `HkdfLabel.length` is a `uint16`. Local:
    /// no alert.
    OutputLength {
        /// The length asked for.
        len: usize,
        /// The longest output allowed.
        max: usize,
    },
    /// We asked for a TLS 1.2 exporter with a label that RFC 5705 §6 reserves for the PRF's
    /// own uses. Local: no alert.
    ReservedLabel {
        /// The reserved label asked for.
        label: &'static str,
    },
    /// We tried to buffer handshake messages past
    /// [`MAX_BUFFERED_MESSAGES_LEN`](crate::transcript::MAX_BUFFERED_MESSAGES_LEN). Local: no
    /// alert. The cap is above what any RFC handshake flow buffers, and the state machine,
    /// which decides which messages reach the transcript, names the alert for a peer that
    /// sends more.
    TranscriptBufferFull {
        /// The length the buffer would have had (saturating).
        len: usize,
        /// The limit, [`MAX_BUFFERED_MESSAGES_LEN`](crate::transcript::MAX_BUFFERED_MESSAGES_LEN).
        max: usize,
    },
}

impl Error {
    /// The alert to send for this error, or `None` for local faults that send no alert.
    ///
    /// An exhaustive match: a new variant does not compile until someone chooses its alert.
    pub const fn alert(&self) -> Option<AlertDescription> {
        match self {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
            //# If the decryption fails, the receiver MUST terminate the connection
            //# with a "bad_record_mac" alert.
            //= https://www.rfc-editor.org/rfc/rfc5246#section-6.2.3.3
            //# If the decryption fails, a fatal bad_record_mac alert MUST be
            //# generated.
            //= https://www.rfc-editor.org/rfc/rfc5288#section-3
            //# Implementations MUST send TLS Alert bad_record_mac for all types of
            //# failures encountered in processing the AES-GCM algorithm.
            Self::BadRecordMac => Some(AlertDescription::BAD_RECORD_MAC),
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
            //# An endpoint that receives a record from its
            //# peer with TLSCiphertext.length larger than 2^14 + 256 octets MUST
            //# terminate the connection with a "record_overflow" alert.
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# record_overflow:  A TLSCiphertext record was received that had a
            //#    length more than 2^14 + 256 bytes, or a record decrypted to a
            //#    TLSPlaintext record with more than 2^14 bytes (or some other
            //#    negotiated limit).
            Self::RecordOverflow { .. } => Some(AlertDescription::RECORD_OVERFLOW),
            // tls-wire's own exhaustive mapping: unexpected_message for a missing, unknown or
            // protected change_cipher_spec type and for empty handshake or alert content,
            // record_overflow for an inner plaintext over 2^14 + 1 bytes.
            Self::Decode(error) => Some(error.alert()),
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5.3
            //# If a TLS implementation would need to wrap a sequence number, it MUST
            //# either rekey (Section 4.6.3) or terminate the connection.
            // Rekeying is the connection's to do, so this is a local condition, not a fault
            // to report to the peer.
            Self::SequenceNumberExhausted
            // Our own misuse of the API: nothing the peer did.
            | Self::KeyMaterialLength { .. }
            | Self::RecordBufferTooShort { .. }
            | Self::PlaintextTooLong { .. }
            | Self::UnsealableRecord { .. }
            | Self::FragmentLengthMismatch { .. } => None,
            // A label, context or length the caller chose that the formula cannot encode:
            // HkdfLabel's `label<7..255>`, `context<0..255>` and `uint16 length`, RFC 5869
            // §2.3's `L <= 255*HashLen`, RFC 5705's `uint16` context length.
            Self::LabelLength { .. } | Self::ContextLength { .. } | Self::OutputLength { .. } => {
                None
            }
            //= https://www.rfc-editor.org/rfc/rfc5705#section-6
            //# Note: (1) These entries are reserved and MUST NOT be used for the
            //# purpose described in RFC 5705, in order to avoid confusion with
            //# similar, but distinct, use in RFC 5246.
            // The application asked for the label: nothing the peer did.
            Self::ReservedLabel { .. }
            // The cap on our own buffer (see MAX_BUFFERED_MESSAGES_LEN): the state machine
            // decides which messages reach it and alerts for those it refuses.
            | Self::TranscriptBufferFull { .. } => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadRecordMac => f.write_str("peer sent a record that failed authentication"),
            Self::RecordOverflow { len, max } => {
                write!(f, "peer sent a {len}-byte record where the limit is {max}")
            }
            Self::Decode(error) => return write!(f, "{error}"),
            Self::SequenceNumberExhausted => {
                f.write_str("the record sequence number is exhausted: update the key or close")
            }
            Self::KeyMaterialLength {
                what,
                len,
                expected,
            } => write!(
                f,
                "we gave a {len}-byte {what} where the AEAD needs {expected}"
            ),
            Self::RecordBufferTooShort { len, needed } => write!(
                f,
                "we gave a {len}-byte buffer for a record that needs {needed}"
            ),
            Self::PlaintextTooLong { len, max } => write!(
                f,
                "we tried to seal {len} bytes of plaintext where the limit is {max}"
            ),
            Self::UnsealableRecord { typ, len } => write!(
                f,
                "we tried to seal a {len}-byte {typ} record, which the RFC forbids sending"
            ),
            Self::FragmentLengthMismatch { header, fragment } => write!(
                f,
                "we gave a header of length {header} with a {fragment}-byte fragment"
            ),
            Self::LabelLength { len } => write!(
                f,
                "we asked for a {len}-byte label where a TLS 1.3 label has 1 to 249 bytes"
            ),
            Self::ContextLength { len, max } => write!(
                f,
                "we gave a {len}-byte context where its length field allows at most {max}"
            ),
            Self::OutputLength { len, max } => write!(
                f,
                "we asked for {len} bytes of output where at most {max} can be derived"
            ),
            Self::ReservedLabel { label } => write!(
                f,
                "we asked for an exporter labelled \"{label}\", which RFC 5705 §6 reserves \
                 for the TLS PRF"
            ),
            Self::TranscriptBufferFull { len, max } => write!(
                f,
                "we tried to buffer {len} bytes of handshake messages where the transcript \
                 buffer holds at most {max}"
            ),
        }?;
        match self.alert() {
            Some(alert) => write!(f, " ({alert})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode(error) => Some(error),
            _ => None,
        }
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Self::Decode(error)
    }
}

#[cfg(test)]
mod tests {
    use tls_wire::DecodeErrorKind;

    use super::*;

    /// Every variant, with the alert it must map to and where the RFC says so.
    #[test]
    fn every_variant_maps_to_its_alert() {
        let decode = |kind| DecodeError::new(kind, "TLSInnerPlaintext", 0);
        let table: [(Error, Option<AlertDescription>, &str); 17] = [
            (
                Error::BadRecordMac,
                Some(AlertDescription::BAD_RECORD_MAC),
                "RFC 8446 §5.2, RFC 5246 §6.2.3.3, RFC 5288 §3",
            ),
            (
                Error::RecordOverflow {
                    len: 16_641,
                    max: 16_640,
                },
                Some(AlertDescription::RECORD_OVERFLOW),
                "RFC 8446 §5.2, §6.2",
            ),
            (
                Error::Decode(decode(DecodeErrorKind::NoInnerContentType)),
                Some(AlertDescription::UNEXPECTED_MESSAGE),
                "RFC 8446 §5.4",
            ),
            (
                Error::Decode(decode(DecodeErrorKind::UnknownContentType(
                    ContentType::from(0x18),
                ))),
                Some(AlertDescription::UNEXPECTED_MESSAGE),
                "RFC 8446 §5",
            ),
            (
                Error::Decode(decode(DecodeErrorKind::RecordOverflow {
                    len: 16_386,
                    max: 16_385,
                })),
                Some(AlertDescription::RECORD_OVERFLOW),
                "RFC 8446 §5.4",
            ),
            (
                Error::SequenceNumberExhausted,
                None,
                "RFC 8446 §5.3: rekey or close",
            ),
            (
                Error::KeyMaterialLength {
                    what: "key",
                    len: 15,
                    expected: 16,
                },
                None,
                "local",
            ),
            (
                Error::RecordBufferTooShort { len: 4, needed: 22 },
                None,
                "local",
            ),
            (
                Error::PlaintextTooLong {
                    len: 16_386,
                    max: 16_385,
                },
                None,
                "local",
            ),
            (
                Error::UnsealableRecord {
                    typ: ContentType::HANDSHAKE,
                    len: 0,
                },
                None,
                "local: RFC 8446 §5.4 forbids sending it",
            ),
            (
                Error::UnsealableRecord {
                    typ: ContentType::CHANGE_CIPHER_SPEC,
                    len: 1,
                },
                None,
                "local: RFC 8446 §5 forbids sending it",
            ),
            (
                Error::FragmentLengthMismatch {
                    header: 5,
                    fragment: 4,
                },
                None,
                "local",
            ),
            (
                Error::LabelLength { len: 250 },
                None,
                "local: RFC 8446 §7.1 HkdfLabel.label<7..255>",
            ),
            (
                Error::ContextLength { len: 256, max: 255 },
                None,
                "local: RFC 8446 §7.1 HkdfLabel.context<0..255>, RFC 5705 §4",
            ),
            (
                Error::OutputLength {
                    len: 8_161,
                    max: 8_160,
                },
                None,
                "local: RFC 5869 §2.3",
            ),
            (
                Error::ReservedLabel {
                    label: "master secret",
                },
                None,
                "local: RFC 5705 §6 reserves it",
            ),
            (
                Error::TranscriptBufferFull {
                    len: 524_321,
                    max: 524_320,
                },
                None,
                "local: our own buffer's cap",
            ),
        ];
        for (error, alert, source) in table {
            assert_eq!(error.alert(), alert, "{error:?} ({source})");
        }
    }

    #[test]
    fn display_names_the_actor_and_the_alert() {
        assert_eq!(
            Error::BadRecordMac.to_string(),
            "peer sent a record that failed authentication (bad_record_mac)"
        );
        assert_eq!(
            Error::RecordOverflow {
                len: 16_641,
                max: 16_640
            }
            .to_string(),
            "peer sent a 16641-byte record where the limit is 16640 (record_overflow)"
        );
        assert!(
            Error::SequenceNumberExhausted
                .to_string()
                .starts_with("the record sequence number is exhausted")
        );
    }

    #[test]
    fn local_errors_name_us_and_the_value_and_no_alert() {
        let cases = [
            (
                Error::LabelLength { len: 250 },
                "we asked for a 250-byte label where a TLS 1.3 label has 1 to 249 bytes",
            ),
            (
                Error::ContextLength {
                    len: 65_536,
                    max: 65_535,
                },
                "we gave a 65536-byte context where its length field allows at most 65535",
            ),
            (
                Error::OutputLength {
                    len: 8_161,
                    max: 8_160,
                },
                "we asked for 8161 bytes of output where at most 8160 can be derived",
            ),
            (
                Error::ReservedLabel {
                    label: "key expansion",
                },
                "we asked for an exporter labelled \"key expansion\", which RFC 5705 §6 \
                 reserves for the TLS PRF",
            ),
            (
                Error::TranscriptBufferFull {
                    len: 524_321,
                    max: 524_320,
                },
                "we tried to buffer 524321 bytes of handshake messages where the transcript \
                 buffer holds at most 524320",
            ),
        ];
        for (error, display) in cases {
            assert_eq!(error.to_string(), display);
            assert!(std::error::Error::source(&error).is_none());
        }
    }

    #[test]
    fn decode_errors_keep_their_message_and_source() {
        let inner = DecodeError::new(DecodeErrorKind::NoInnerContentType, "TLSInnerPlaintext", 0);
        let error = Error::from(inner.clone());
        assert_eq!(error.to_string(), inner.to_string());
        let source = std::error::Error::source(&error).unwrap();
        assert_eq!(source.to_string(), inner.to_string());
        assert!(std::error::Error::source(&Error::BadRecordMac).is_none());
    }
}
