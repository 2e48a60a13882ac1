//! A whole record, header and fragment: [`Record`] borrows it (or owns it, to send), and
//! [`RecordMut`] lends its fragment mutably from the deframer's buffer for in-place decryption.

use std::borrow::Cow;

use crate::codec::{Codec, IntoOwned, Reader, Writer};
use crate::error::{DecodeError, LengthError};
use crate::ids::{ContentType, ProtocolVersion};
use crate::record::{MAX_TLS12_CIPHERTEXT_LEN, RecordHeader};

/// One record: `TLSPlaintext`, or a `TLSCiphertext` whose fragment is still encrypted.
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
/// (RFC 8446 §5.1.) The header's length always equals the fragment's: both come from the
/// same decode, or from [`Record::new`], which checks that the fragment fits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Record<'a> {
    header: RecordHeader,
    fragment: Cow<'a, [u8]>,
}

impl<'a> Record<'a> {
    /// A record carrying `fragment`, if it fits the largest limit any version has
    /// ([`MAX_TLS12_CIPHERTEXT_LEN`]).
    pub fn new(
        typ: ContentType,
        legacy_record_version: ProtocolVersion,
        fragment: impl Into<Cow<'a, [u8]>>,
    ) -> Result<Self, LengthError> {
        let fragment = fragment.into();
        let too_long = || LengthError {
            len: fragment.len(),
            min: 0,
            max: MAX_TLS12_CIPHERTEXT_LEN,
        };
        if fragment.len() > MAX_TLS12_CIPHERTEXT_LEN {
            return Err(too_long());
        }
        let length = u16::try_from(fragment.len()).map_err(|_| too_long())?;
        Ok(Self {
            header: RecordHeader::new(typ, legacy_record_version, length),
            fragment,
        })
    }

    /// A record whose header was checked and whose fragment has exactly the header's length.
    pub(crate) const fn from_checked(header: RecordHeader, fragment: &'a [u8]) -> Self {
        Self {
            header,
            fragment: Cow::Borrowed(fragment),
        }
    }

    /// The header.
    pub const fn header(&self) -> RecordHeader {
        self.header
    }

    /// The content type (`TLSPlaintext.type`).
    pub const fn typ(&self) -> ContentType {
        self.header.typ
    }

    /// The fragment: plaintext, or ciphertext still to be opened.
    pub fn fragment(&self) -> &[u8] {
        &self.fragment
    }
}

impl<'a> Codec<'a> for Record<'a> {
    /// Decodes one record, with the header checks of [`RecordHeader`]'s decode (lengths limited
    /// to what some version allows, [`RecordLimit::AnyVersion`](crate::record::RecordLimit)).
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let header = RecordHeader::decode(r)?;
        let fragment = r.take(header.fragment_len(), "TLSPlaintext.fragment")?;
        Ok(Self::from_checked(header, fragment))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.header.encode(out);
        out.put_bytes(&self.fragment);
    }

    fn encoded_len(&self) -> usize {
        RecordHeader::LEN.saturating_add(self.fragment.len())
    }
}

impl IntoOwned for Record<'_> {
    type Owned = Record<'static>;

    fn into_owned(self) -> Record<'static> {
        Record {
            header: self.header,
            fragment: Cow::Owned(self.fragment.into_owned()),
        }
    }
}

/// A record inside the [`Deframer`](crate::record::Deframer)'s buffer, its fragment lent
/// mutably so that it can be decrypted where it landed.
#[derive(Debug, PartialEq, Eq)]
pub struct RecordMut<'a> {
    header: RecordHeader,
    fragment: &'a mut [u8],
}

impl<'a> RecordMut<'a> {
    /// A record whose header was checked and whose fragment has exactly the header's length.
    pub(crate) const fn from_checked(header: RecordHeader, fragment: &'a mut [u8]) -> Self {
        Self { header, fragment }
    }

    /// The header (its bytes are the TLS 1.3 AEAD additional data: [`RecordHeader::to_bytes`]).
    pub const fn header(&self) -> RecordHeader {
        self.header
    }

    /// The content type (`TLSPlaintext.type`).
    pub const fn typ(&self) -> ContentType {
        self.header.typ
    }

    /// The fragment.
    pub fn fragment(&self) -> &[u8] {
        self.fragment
    }

    /// The fragment, to decrypt in place.
    pub fn fragment_mut(&mut self) -> &mut [u8] {
        self.fragment
    }

    /// The header and the fragment, for as long as the deframer's buffer is lent.
    pub fn into_parts(self) -> (RecordHeader, &'a mut [u8]) {
        (self.header, self.fragment)
    }

    /// The same record, read-only.
    pub fn into_record(self) -> Record<'a> {
        Record::from_checked(self.header, self.fragment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;

    /// shared/spec/illustrated-tls13.json records[1] (ServerHello), the whole record.
    const SERVER_HELLO: &str = "160303007a020000760303707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f20e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff130200002e002b0002030400330024001d00209fd7ad6dcff4298dd3f96d5b1b2af910a0535b1488d7f8fabb349a982880b615";
    /// shared/spec/illustrated-tls13.json records[9] (application data "ping", encrypted).
    const PING: &str = "1703030015828139cb7b73aaabf5b82fbf9a2961bcde10038a32";

    #[test]
    fn real_records_decode_and_round_trip() {
        let bytes = hex::decode(SERVER_HELLO).unwrap();
        let record = Record::decode_exact(&bytes).unwrap();
        assert_eq!(record.typ(), ContentType::HANDSHAKE);
        assert_eq!(
            record.header().legacy_record_version,
            ProtocolVersion::TLSV1_2
        );
        assert_eq!(record.fragment().len(), 0x7a);
        assert_eq!(record.fragment()[..4], [0x02, 0x00, 0x00, 0x76]);
        assert_eq!(record.to_vec(), bytes);
        assert_eq!(record.encoded_len(), bytes.len());

        let bytes = hex::decode(PING).unwrap();
        let record = Record::decode_exact(&bytes).unwrap();
        assert_eq!(record.typ(), ContentType::APPLICATION_DATA);
        assert_eq!(record.fragment(), &bytes[5..]);
        assert_eq!(record.clone().into_owned(), record);
        assert_eq!(record.to_vec(), bytes);
    }

    #[test]
    fn every_strict_prefix_fails() {
        let bytes = hex::decode(PING).unwrap();
        for len in 0..bytes.len() {
            let err = Record::decode_exact(&bytes[..len]).unwrap_err();
            assert!(
                matches!(err.kind(), DecodeErrorKind::Truncated { .. }),
                "{len}: {err}"
            );
        }
    }

    #[test]
    fn every_mutated_length_fails() {
        let bytes = hex::decode(PING).unwrap();
        for delta in [-21i32, -1, 1, 2, 0x100] {
            let mut mutated = bytes.clone();
            let len = u16::try_from(0x15 + delta).unwrap().to_be_bytes();
            mutated[3..5].copy_from_slice(&len);
            assert!(
                Record::decode_exact(&mutated).is_err(),
                "length delta {delta}"
            );
        }
    }

    #[test]
    fn new_checks_the_largest_fragment_any_version_allows() {
        let version = ProtocolVersion::TLSV1_2;
        let fragment = vec![0u8; MAX_TLS12_CIPHERTEXT_LEN];
        let record = Record::new(ContentType::APPLICATION_DATA, version, fragment).unwrap();
        assert_eq!(record.header().fragment_len(), MAX_TLS12_CIPHERTEXT_LEN);
        assert_eq!(Record::decode_exact(&record.to_vec()).unwrap(), record);
        let err = Record::new(
            ContentType::APPLICATION_DATA,
            version,
            vec![0u8; MAX_TLS12_CIPHERTEXT_LEN + 1],
        )
        .unwrap_err();
        assert_eq!(err.max, MAX_TLS12_CIPHERTEXT_LEN);
    }

    #[test]
    fn record_mut_lends_its_fragment_for_in_place_changes() {
        let header = RecordHeader::new(ContentType::APPLICATION_DATA, ProtocolVersion::TLSV1_2, 3);
        let mut buf = [1u8, 2, 3];
        let mut record = RecordMut::from_checked(header, &mut buf);
        record.fragment_mut()[0] = 9;
        assert_eq!(record.typ(), ContentType::APPLICATION_DATA);
        assert_eq!(record.fragment(), [9, 2, 3]);
        assert_eq!(record.into_record().to_vec(), [0x17, 3, 3, 0, 3, 9, 2, 3]);
        let (parts_header, fragment) = RecordMut::from_checked(header, &mut buf).into_parts();
        assert_eq!((parts_header, &*fragment), (header, &[9u8, 2, 3][..]));
    }
}
