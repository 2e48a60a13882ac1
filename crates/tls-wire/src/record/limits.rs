//! Record length limits: the RFC maxima for each kind of record, and the [`RecordLimit`] the
//! caller sets as the connection learns which version it speaks.

use crate::ids::ContentType;
use crate::record::RecordHeader;

/// The largest `TLSPlaintext.fragment`: 2^14 bytes.
///
/// RFC 8446 §5.1 and RFC 5246 §6.2.1 both give it.
//= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
//# length:  The length (in bytes) of the following
//#    TLSPlaintext.fragment.  The length MUST NOT exceed 2^14 bytes.  An
//#    endpoint that receives a record that exceeds this length MUST
//#    terminate the connection with a "record_overflow" alert.
pub const MAX_PLAINTEXT_LEN: usize = 1 << 14;

/// The largest TLS 1.3 `TLSCiphertext.encrypted_record`: 2^14 + 256 bytes (the largest inner
/// plaintext, 2^14 + 1, plus at most 255 bytes of AEAD expansion).
//= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
//# An endpoint that receives a record from its
//# peer with TLSCiphertext.length larger than 2^14 + 256 octets MUST
//# terminate the connection with a "record_overflow" alert.
pub const MAX_TLS13_CIPHERTEXT_LEN: usize = (1 << 14) + 256;

/// The largest TLS 1.2 `TLSCiphertext.fragment`: 2^14 + 2048 bytes (room for compression,
/// MAC and CBC padding in the RFC 5246 constructions).
//= https://www.rfc-editor.org/rfc/rfc5246#section-6.2.3
//# length
//#    The length (in bytes) of the following TLSCiphertext.fragment.
//#    The length MUST NOT exceed 2^14 + 2048.
pub const MAX_TLS12_CIPHERTEXT_LEN: usize = (1 << 14) + 2048;

/// The largest encoded `TLSInnerPlaintext` (content, type byte and padding): 2^14 + 1 bytes.
//= https://www.rfc-editor.org/rfc/rfc8446#section-5.4
//# The presence of padding does not change the overall record size
//# limitations: the full encoded TLSInnerPlaintext MUST NOT exceed 2^14
//# + 1 octets.
pub const MAX_TLS13_INNER_PLAINTEXT_LEN: usize = (1 << 14) + 1;

/// The largest whole record any version allows: the 5-byte header and a TLS 1.2 ciphertext
/// fragment. The [`Deframer`](crate::record::Deframer)'s receive buffer has exactly this size
/// and never grows, whatever the peer sends.
pub const MAX_RECORD_LEN: usize = RecordHeader::LEN + MAX_TLS12_CIPHERTEXT_LEN;

/// Which length limit applies to received records. The caller sets it as the connection
/// learns what it is reading; the deframer checks each record's length against it as soon as
/// the 5-byte header is in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RecordLimit {
    /// The version is not known yet (the first flight): a record may turn out to be a TLS 1.2
    /// ciphertext or TLS 1.3 early data, so the largest any version allows,
    /// [`MAX_TLS12_CIPHERTEXT_LEN`].
    #[default]
    AnyVersion,
    /// Records are known to be unprotected: [`MAX_PLAINTEXT_LEN`].
    Plaintext,
    /// TLS 1.2: a record may be protected whatever its content type, so
    /// [`MAX_TLS12_CIPHERTEXT_LEN`].
    Tls12,
    /// TLS 1.3: protected records travel as application_data, up to
    /// [`MAX_TLS13_CIPHERTEXT_LEN`]; every other content type is never protected in TLS 1.3,
    /// so it is a `TLSPlaintext` and gets [`MAX_PLAINTEXT_LEN`].
    Tls13,
}

impl RecordLimit {
    /// The largest fragment this limit allows in a record of content type `typ`.
    pub fn max_fragment_len(self, typ: ContentType) -> usize {
        match self {
            Self::AnyVersion | Self::Tls12 => MAX_TLS12_CIPHERTEXT_LEN,
            Self::Plaintext => MAX_PLAINTEXT_LEN,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
            //# The outer opaque_type field of a TLSCiphertext record
            //# is always set to the value 23 (application_data) for outward
            //# compatibility with middleboxes accustomed to parsing previous
            //# versions of TLS.
            Self::Tls13 if typ == ContentType::APPLICATION_DATA => MAX_TLS13_CIPHERTEXT_LEN,
            Self::Tls13 => MAX_PLAINTEXT_LEN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_have_their_rfc_values() {
        assert_eq!(MAX_PLAINTEXT_LEN, 16_384);
        assert_eq!(MAX_TLS13_CIPHERTEXT_LEN, 16_640);
        assert_eq!(MAX_TLS12_CIPHERTEXT_LEN, 18_432);
        assert_eq!(MAX_TLS13_INNER_PLAINTEXT_LEN, 16_385);
        assert_eq!(MAX_RECORD_LEN, 18_437);
    }

    #[test]
    fn tls13_limits_protected_and_plaintext_records_differently() {
        let limit = RecordLimit::Tls13;
        assert_eq!(
            limit.max_fragment_len(ContentType::APPLICATION_DATA),
            MAX_TLS13_CIPHERTEXT_LEN
        );
        assert_eq!(
            limit.max_fragment_len(ContentType::HANDSHAKE),
            MAX_PLAINTEXT_LEN
        );
        assert_eq!(
            limit.max_fragment_len(ContentType::ALERT),
            MAX_PLAINTEXT_LEN
        );
        assert_eq!(
            limit.max_fragment_len(ContentType::CHANGE_CIPHER_SPEC),
            MAX_PLAINTEXT_LEN
        );
    }

    #[test]
    fn version_neutral_limits_ignore_the_content_type() {
        for typ in [ContentType::HANDSHAKE, ContentType::APPLICATION_DATA] {
            assert_eq!(
                RecordLimit::AnyVersion.max_fragment_len(typ),
                MAX_TLS12_CIPHERTEXT_LEN
            );
            assert_eq!(
                RecordLimit::Tls12.max_fragment_len(typ),
                MAX_TLS12_CIPHERTEXT_LEN
            );
            assert_eq!(
                RecordLimit::Plaintext.max_fragment_len(typ),
                MAX_PLAINTEXT_LEN
            );
        }
        assert_eq!(RecordLimit::default(), RecordLimit::AnyVersion);
    }
}
