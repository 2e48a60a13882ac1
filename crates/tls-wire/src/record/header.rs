//! The 5-byte record header, and the byte-by-byte check that lets the deframer refuse garbage
//! at its first bad byte.

use crate::codec::{Codec, IntoOwned, Reader, Writer};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::ids::{ContentType, ProtocolVersion};
use crate::record::RecordLimit;

/// The header that starts every record, in TLS 1.2 and 1.3 alike: the first three fields of
///
/// ```text
/// struct {
///     ContentType type;
///     ProtocolVersion legacy_record_version;
///     uint16 length;
///     opaque fragment[TLSPlaintext.length];
/// } TLSPlaintext;
/// ```
///
/// (RFC 8446 §5.1; TLS 1.3's `TLSCiphertext` (§5.2) and RFC 5246's `TLSPlaintext`,
/// `TLSCompressed` and `TLSCiphertext` (§6.2) start with the same three fields).
///
/// Decoding refuses a content type we do not accept, a major version other than 3 and a
/// length no version allows ([`RecordHeader::check_prefix`]). The tighter limit of the
/// negotiated version is [`RecordHeader::check_length`]'s; the deframer applies both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordHeader {
    /// `type`: the content type of the fragment (the outer `opaque_type` of a TLS 1.3
    /// ciphertext).
    pub typ: ContentType,
    /// `legacy_record_version`, kept as received.
    pub legacy_record_version: ProtocolVersion,
    /// `length`: bytes in the fragment that follows.
    pub length: u16,
}

impl RecordHeader {
    /// Encoded size of a record header.
    pub const LEN: usize = 5;

    /// A header for a fragment of `length` bytes.
    pub const fn new(
        typ: ContentType,
        legacy_record_version: ProtocolVersion,
        length: u16,
    ) -> Self {
        Self {
            typ,
            legacy_record_version,
            length,
        }
    }

    /// Length of the fragment that follows the header.
    pub fn fragment_len(&self) -> usize {
        usize::from(self.length)
    }

    /// The five header bytes: what TLS 1.3 feeds the AEAD as additional data (RFC 8446 §5.2).
    pub fn to_bytes(&self) -> [u8; Self::LEN] {
        let [v0, v1] = self.legacy_record_version.get().to_be_bytes();
        let [l0, l1] = self.length.to_be_bytes();
        [self.typ.get(), v0, v1, l0, l1]
    }

    /// Whether the fragment length is within `limit` for this content type; `RecordOverflow`
    /// otherwise, at the offset of the length field (offset 0 being the header's first byte).
    pub fn check_length(&self, limit: RecordLimit) -> Result<(), DecodeError> {
        let max = limit.max_fragment_len(self.typ);
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
        //# The length MUST NOT exceed 2^14 bytes.  An
        //# endpoint that receives a record that exceeds this length MUST
        //# terminate the connection with a "record_overflow" alert.
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.2
        //# The length
        //# MUST NOT exceed 2^14 + 256 bytes.  An endpoint that receives a
        //# record that exceeds this length MUST terminate the connection with
        //# a "record_overflow" alert.
        if self.fragment_len() > max {
            return Err(DecodeError::new(
                DecodeErrorKind::RecordOverflow {
                    len: self.fragment_len(),
                    max,
                },
                "TLSPlaintext.length",
                LENGTH_OFFSET,
            ));
        }
        Ok(())
    }

    /// Checks the header bytes that have arrived so far, each as soon as it is there, so that
    /// garbage (or an SSLv2 hello) fails at its first bad byte instead of once a whole
    /// "record" of it has been buffered.
    ///
    /// `prefix` is the start of the received data (bytes past the header are ignored). Returns
    /// the header once all five bytes are in and valid, `None` while it is incomplete and
    /// nothing seen so far is wrong. Error offsets count from `prefix[0]`.
    pub fn check_prefix(prefix: &[u8], limit: RecordLimit) -> Result<Option<Self>, DecodeError> {
        let Some(&typ) = prefix.first() else {
            return Ok(None);
        };
        check_content_type(ContentType::from(typ))?;
        let Some(&major) = prefix.get(1) else {
            return Ok(None);
        };
        // A minor version that has not arrived reads as 0: the major byte alone decides.
        check_major_version(major, prefix.get(2).copied().unwrap_or(0))?;
        let Some(&bytes) = prefix.first_chunk::<{ Self::LEN }>() else {
            return Ok(None);
        };
        let header = Self::from_bytes(bytes);
        header.check_length(limit)?;
        Ok(Some(header))
    }

    /// The header these five bytes spell, unchecked.
    fn from_bytes([typ, v0, v1, l0, l1]: [u8; Self::LEN]) -> Self {
        Self::new(
            ContentType::from(typ),
            ProtocolVersion::from(u16::from_be_bytes([v0, v1])),
            u16::from_be_bytes([l0, l1]),
        )
    }
}

/// Offset of the `length` field inside the header.
const LENGTH_OFFSET: usize = 3;

/// The content types a record may carry: the four RFC 8446 defines. heartbeat (RFC 6520) and
/// every other registered type need an extension we never negotiate.
fn check_content_type(typ: ContentType) -> Result<(), DecodeError> {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5
    //# Implementations MUST NOT send record types not defined in this
    //# document unless negotiated by some extension.  If a TLS
    //# implementation receives an unexpected record type, it MUST terminate
    //# the connection with an "unexpected_message" alert.
    match typ {
        ContentType::CHANGE_CIPHER_SPEC
        | ContentType::ALERT
        | ContentType::HANDSHAKE
        | ContentType::APPLICATION_DATA => Ok(()),
        _ => Err(DecodeError::new(
            DecodeErrorKind::UnknownContentType(typ),
            "TLSPlaintext.type",
            0,
        )),
    }
}

/// Every SSL/TLS version since SSL 3.0 has major version 3. The field is otherwise ignored;
/// the major byte only tells a TLS record from something else whose first byte happens to
/// look like a content type (DTLS, major 0xfe; garbage). An SSLv2 hello already fails at its
/// first byte, whose high bit is set.
fn check_major_version(major: u8, minor: u8) -> Result<(), DecodeError> {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
    //= type=exception
    //= reason=Only the major byte is checked, to tell TLS from garbage at the second byte; every TLS version and SSL 3.0 sends 3 there, and the minor byte is ignored.
    //# This
    //# field is deprecated and MUST be ignored for all purposes.
    if major == 3 {
        Ok(())
    } else {
        Err(DecodeError::new(
            DecodeErrorKind::NotTlsRecord {
                version: u16::from_be_bytes([major, minor]),
            },
            "TLSPlaintext.legacy_record_version",
            1,
        ))
    }
}

impl Codec<'_> for RecordHeader {
    const FIXED_SIZE: Option<usize> = Some(Self::LEN);

    /// Decodes a header, refusing unknown content types, non-TLS versions and lengths that
    /// no version allows (the loosest limit, [`RecordLimit::AnyVersion`]; the negotiated one
    /// is the caller's to apply with [`RecordHeader::check_length`]).
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let base = r.offset();
        // Check byte by byte first, so that a short input that is already wrong says why.
        let checked = Self::check_prefix(r.peek_rest(), RecordLimit::AnyVersion)
            .map_err(|e| e.shifted(base))?;
        let bytes = r.array::<{ Self::LEN }>("TLSPlaintext")?;
        // Five bytes were there, so `checked` holds this very header.
        Ok(checked.unwrap_or_else(|| Self::from_bytes(bytes)))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_bytes(&self.to_bytes());
    }
}

impl IntoOwned for RecordHeader {
    type Owned = Self;

    fn into_owned(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::AlertDescription;
    use crate::record::{MAX_PLAINTEXT_LEN, MAX_TLS12_CIPHERTEXT_LEN, MAX_TLS13_CIPHERTEXT_LEN};

    /// shared/spec/illustrated-tls13.json records[0] (ClientHello), first five bytes.
    const CLIENT_HELLO_HEADER: [u8; 5] = [0x16, 0x03, 0x01, 0x00, 0xf8];
    /// shared/spec/illustrated-tls13.json records[3] (EncryptedExtensions), first five bytes.
    const ENCRYPTED_HEADER: [u8; 5] = [0x17, 0x03, 0x03, 0x00, 0x17];
    /// shared/spec/illustrated-tls13.json records[2] (ChangeCipherSpec), first five bytes.
    const CCS_HEADER: [u8; 5] = [0x14, 0x03, 0x03, 0x00, 0x01];
    /// shared/spec/openssl-captures.json tls12-ecdhe-ecdsa-aes128-gcm-sha256, the client's
    /// close_notify record, first five bytes.
    const ALERT_HEADER: [u8; 5] = [0x15, 0x03, 0x03, 0x00, 0x1a];
    /// The start of an SSLv2-compatible ClientHello: a 2-byte length with the high bit set,
    /// msg_type 1, version 3.1.
    const SSLV2_HELLO: [u8; 5] = [0x80, 0x2e, 0x01, 0x03, 0x01];

    #[test]
    fn real_headers_decode_to_their_fields() {
        let header = RecordHeader::decode_exact(&CLIENT_HELLO_HEADER).unwrap();
        assert_eq!(header.typ, ContentType::HANDSHAKE);
        assert_eq!(header.legacy_record_version, ProtocolVersion::TLSV1_0);
        assert_eq!(header.length, 0xf8);
        let header = RecordHeader::decode_exact(&ENCRYPTED_HEADER).unwrap();
        assert_eq!(
            header,
            RecordHeader::new(
                ContentType::APPLICATION_DATA,
                ProtocolVersion::TLSV1_2,
                0x17
            )
        );
        assert_eq!(
            RecordHeader::decode_exact(&CCS_HEADER).unwrap().typ,
            ContentType::CHANGE_CIPHER_SPEC
        );
        assert_eq!(
            RecordHeader::decode_exact(&ALERT_HEADER)
                .unwrap()
                .fragment_len(),
            26
        );
    }

    #[test]
    fn real_headers_round_trip() {
        for bytes in [
            CLIENT_HELLO_HEADER,
            ENCRYPTED_HEADER,
            CCS_HEADER,
            ALERT_HEADER,
        ] {
            let header = RecordHeader::decode_exact(&bytes).unwrap();
            assert_eq!(header.to_vec(), bytes);
            assert_eq!(header.to_bytes(), bytes);
            assert_eq!(header.encoded_len(), RecordHeader::LEN);
        }
    }

    #[test]
    fn every_strict_prefix_is_incomplete_not_wrong() {
        for len in 0..RecordHeader::LEN {
            let prefix = &CLIENT_HELLO_HEADER[..len];
            assert_eq!(
                RecordHeader::check_prefix(prefix, RecordLimit::Plaintext),
                Ok(None)
            );
            let err = RecordHeader::decode_exact(prefix).unwrap_err();
            assert!(
                matches!(err.kind(), DecodeErrorKind::Truncated { .. }),
                "{err}"
            );
        }
    }

    #[test]
    fn check_prefix_ignores_bytes_past_the_header() {
        let mut bytes = CCS_HEADER.to_vec();
        bytes.extend_from_slice(&[1, 0xff, 0xff]);
        let header = RecordHeader::check_prefix(&bytes, RecordLimit::Tls13)
            .unwrap()
            .unwrap();
        assert_eq!(header.to_bytes(), CCS_HEADER);
    }

    #[test]
    fn rejects_sslv2_hello_at_its_first_byte() {
        let err =
            RecordHeader::check_prefix(&SSLV2_HELLO[..1], RecordLimit::AnyVersion).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::UnknownContentType(ContentType::from(0x80))
        );
        assert_eq!(err.offset(), 0);
        assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
    }

    #[test]
    fn rejects_unknown_content_types_including_heartbeat() {
        for typ in [0x00, 0x13, 0x18, 0x19, 0x1a, 0x80, 0xff] {
            let err = RecordHeader::check_prefix(&[typ], RecordLimit::AnyVersion).unwrap_err();
            assert_eq!(
                err.kind(),
                &DecodeErrorKind::UnknownContentType(ContentType::from(typ))
            );
            assert!(RecordHeader::decode_exact(&[typ, 3, 3, 0, 0]).is_err());
        }
    }

    #[test]
    fn rejects_major_version_other_than_3_at_its_byte() {
        for major in [0x00, 0x02, 0x04, 0x16, 0xfe] {
            let err =
                RecordHeader::check_prefix(&[0x16, major], RecordLimit::AnyVersion).unwrap_err();
            assert_eq!(
                err.kind(),
                &DecodeErrorKind::NotTlsRecord {
                    version: u16::from(major) << 8
                }
            );
            assert_eq!(err.offset(), 1);
            assert_eq!(err.alert(), AlertDescription::DECODE_ERROR);
        }
        let err = RecordHeader::decode_exact(&[0x16, 0xfe, 0xfd, 0, 1]).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::NotTlsRecord { version: 0xfefd }
        );
    }

    #[test]
    fn minor_version_is_ignored() {
        for minor in [0x00, 0x01, 0x03, 0x04, 0xff] {
            let header = RecordHeader::decode_exact(&[0x16, 0x03, minor, 0, 4]).unwrap();
            assert_eq!(
                header.legacy_record_version.get(),
                0x0300 | u16::from(minor)
            );
        }
    }

    #[test]
    fn rejects_length_over_the_limit_once_the_header_is_complete() {
        let cases = [
            (RecordLimit::Plaintext, 0x16, MAX_PLAINTEXT_LEN),
            (RecordLimit::Tls13, 0x16, MAX_PLAINTEXT_LEN),
            (RecordLimit::Tls13, 0x15, MAX_PLAINTEXT_LEN),
            (RecordLimit::Tls13, 0x17, MAX_TLS13_CIPHERTEXT_LEN),
            (RecordLimit::Tls12, 0x17, MAX_TLS12_CIPHERTEXT_LEN),
            (RecordLimit::Tls12, 0x16, MAX_TLS12_CIPHERTEXT_LEN),
            (RecordLimit::AnyVersion, 0x17, MAX_TLS12_CIPHERTEXT_LEN),
        ];
        for (limit, typ, max) in cases {
            let [l0, l1] = u16::try_from(max).unwrap().to_be_bytes();
            let at_max = [typ, 3, 3, l0, l1];
            assert!(
                RecordHeader::check_prefix(&at_max, limit)
                    .unwrap()
                    .is_some(),
                "{limit:?} {max}"
            );
            let [l0, l1] = u16::try_from(max + 1).unwrap().to_be_bytes();
            let over = [typ, 3, 3, l0, l1];
            assert_eq!(RecordHeader::check_prefix(&over[..4], limit), Ok(None));
            let err = RecordHeader::check_prefix(&over, limit).unwrap_err();
            assert_eq!(
                err.kind(),
                &DecodeErrorKind::RecordOverflow { len: max + 1, max }
            );
            assert_eq!(err.offset(), 3);
            assert_eq!(err.alert(), AlertDescription::RECORD_OVERFLOW);
        }
    }

    #[test]
    fn decode_refuses_lengths_no_version_allows() {
        let err = RecordHeader::decode_exact(&[0x17, 3, 3, 0xff, 0xff]).unwrap_err();
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::RecordOverflow { len: 0xffff, .. }
        ));
    }

    #[test]
    fn accepts_empty_records_at_this_layer() {
        for typ in [0x14, 0x15, 0x16, 0x17] {
            let header =
                RecordHeader::check_prefix(&[typ, 3, 3, 0, 0], RecordLimit::Tls13).unwrap();
            assert_eq!(header.unwrap().fragment_len(), 0);
        }
    }

    #[test]
    fn decode_errors_count_offsets_from_the_outer_input() {
        let mut r = Reader::new(&[0xaa, 0x16, 0x07]);
        r.u8("skip").unwrap();
        let err = RecordHeader::decode(&mut r).unwrap_err();
        assert_eq!(err.offset(), 2);
    }
}
