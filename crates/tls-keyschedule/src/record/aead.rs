//! The AEAD key of one direction, on ring, sealing and opening in place, and the checks every
//! sealed record passes whatever the version.

use ring::aead::{Aad, LessSafeKey, MAX_TAG_LEN, Nonce, Tag, UnboundKey};
use tls_wire::ids::ContentType;

use crate::error::Error;
use crate::suite::AeadAlgorithm;

/// Length of the authentication tag of every AEAD we support (`AeadAlgorithm::tag_len`).
pub(crate) const TAG_LEN: usize = MAX_TAG_LEN;

/// One traffic key, ready to seal or open records.
///
/// ring's key schedule cannot be zeroized (its key types expose no way to wipe them), so a
/// `RecordKey` lives exactly as long as the traffic secret it came from: the sealer or opener
/// that owns it is dropped when the key changes.
pub(crate) struct RecordKey {
    key: LessSafeKey,
    aead: AeadAlgorithm,
}

impl RecordKey {
    /// The key for `aead` from its raw bytes (a `write_key` of RFC 8446 §7.3 or RFC 5246 §6.3).
    pub(crate) fn new(aead: AeadAlgorithm, key: &[u8]) -> Result<Self, Error> {
        let wrong_length = || Error::KeyMaterialLength {
            what: "key",
            len: key.len(),
            expected: aead.key_len(),
        };
        if key.len() != aead.key_len() {
            return Err(wrong_length());
        }
        // ring refuses only a key of the wrong length, checked above.
        let key = UnboundKey::new(aead.ring(), key).map_err(|_| wrong_length())?;
        Ok(Self {
            key: LessSafeKey::new(key),
            aead,
        })
    }

    /// The AEAD.
    #[inline]
    pub(crate) const fn aead(&self) -> AeadAlgorithm {
        self.aead
    }

    /// Encrypts `in_out` where it lies and writes the tag into `tag`.
    ///
    /// ring refuses only input longer than the AEAD's maximum (about 64 GiB), far beyond the
    /// record limit each caller checks first and names in the error it maps this to.
    #[inline]
    pub(crate) fn seal(
        &self,
        nonce: Nonce,
        aad: &[u8],
        in_out: &mut [u8],
        tag: &mut [u8; TAG_LEN],
    ) -> Result<(), ring::error::Unspecified> {
        let sealed = self
            .key
            .seal_in_place_separate_tag(nonce, Aad::from(aad), in_out)?;
        // ring's tag is MAX_TAG_LEN bytes, the length of `tag`.
        tag.copy_from_slice(sealed.as_ref());
        Ok(())
    }

    /// Decrypts `ciphertext_and_tag` where it lies, returning the plaintext: all of it but
    /// the tag. Any failure, including input shorter than a tag, is [`Error::BadRecordMac`].
    #[inline]
    pub(crate) fn open<'b>(
        &self,
        nonce: Nonce,
        aad: &[u8],
        ciphertext_and_tag: &'b mut [u8],
    ) -> Result<&'b mut [u8], Error> {
        let (ciphertext, tag) = ciphertext_and_tag
            .split_last_chunk_mut::<TAG_LEN>()
            .ok_or(Error::BadRecordMac)?;
        self.key
            .open_in_place_separate_tag(nonce, Aad::from(aad), Tag::from(*tag), ciphertext, 0..)
            .map_err(|_| Error::BadRecordMac)
    }
}

impl core::fmt::Debug for RecordKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never the key bytes (ring's Debug prints only the algorithm; say so plainly).
        f.debug_struct("RecordKey")
            .field("aead", &self.aead)
            .finish_non_exhaustive()
    }
}

/// Checks that a record of `typ` with `len` bytes of content may be sent at all.
///
/// Both versions send only handshake, alert and application_data records under protection
/// (no extension we negotiate defines another type, and we never renegotiate, so a TLS 1.2
/// change_cipher_spec is never protected), and never an empty handshake or alert.
#[inline]
pub(crate) fn check_sealable(typ: ContentType, len: usize) -> Result<(), Error> {
    let unsealable = Err(Error::UnsealableRecord { typ, len });
    match typ {
        ContentType::APPLICATION_DATA => Ok(()),
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.4
        //# Implementations
        //# MUST NOT send Handshake and Alert records that have a zero-length
        //# TLSInnerPlaintext.content; if such a message is received, the
        //# receiving implementation MUST terminate the connection with an
        //# "unexpected_message" alert.
        //= https://www.rfc-editor.org/rfc/rfc5246#section-6.2.1
        //# Implementations MUST NOT send zero-length fragments of Handshake,
        //# Alert, or ChangeCipherSpec content types.
        ContentType::HANDSHAKE | ContentType::ALERT if len == 0 => unsealable,
        ContentType::HANDSHAKE | ContentType::ALERT => Ok(()),
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5
        //# Implementations MUST NOT send record types not defined in this
        //# document unless negotiated by some extension.
        _ => unsealable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_aead_has_a_16_byte_tag() {
        for aead in [
            AeadAlgorithm::Aes128Gcm,
            AeadAlgorithm::Aes256Gcm,
            AeadAlgorithm::ChaCha20Poly1305,
        ] {
            assert_eq!(aead.tag_len(), TAG_LEN);
            assert_eq!(aead.ring().tag_len(), TAG_LEN);
            assert_eq!(aead.ring().key_len(), aead.key_len());
        }
    }

    #[test]
    fn rejects_key_of_the_wrong_length() {
        let error = RecordKey::new(AeadAlgorithm::Aes128Gcm, &[0; 32]).unwrap_err();
        assert_eq!(
            error,
            Error::KeyMaterialLength {
                what: "key",
                len: 32,
                expected: 16
            }
        );
        assert!(RecordKey::new(AeadAlgorithm::ChaCha20Poly1305, &[0; 16]).is_err());
        assert!(RecordKey::new(AeadAlgorithm::Aes256Gcm, &[0; 32]).is_ok());
    }

    #[test]
    fn debug_shows_no_key_bytes() {
        let key = RecordKey::new(AeadAlgorithm::Aes128Gcm, &[0xab; 16]).unwrap();
        let debug = format!("{key:?}");
        assert_eq!(debug, "RecordKey { aead: Aes128Gcm, .. }");
    }

    #[test]
    fn seal_then_open_round_trips_and_short_input_is_bad_record_mac() {
        let key = RecordKey::new(AeadAlgorithm::ChaCha20Poly1305, &[7; 32]).unwrap();
        let nonce = || Nonce::assume_unique_for_key([1; 12]);
        let mut buf = *b"hello, record\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
        let (text, tag) = buf.split_last_chunk_mut::<TAG_LEN>().unwrap();
        key.seal(nonce(), b"aad", text, tag).unwrap();
        assert_eq!(
            key.open(nonce(), b"aad", &mut buf).unwrap(),
            b"hello, record"
        );
        assert_eq!(
            key.open(nonce(), b"aad", &mut [0; 15]),
            Err(Error::BadRecordMac)
        );
        assert_eq!(key.aead(), AeadAlgorithm::ChaCha20Poly1305);
    }

    #[test]
    fn only_nonempty_handshake_and_alert_and_any_application_data_are_sealable() {
        assert!(check_sealable(ContentType::APPLICATION_DATA, 0).is_ok());
        assert!(check_sealable(ContentType::HANDSHAKE, 4).is_ok());
        assert!(check_sealable(ContentType::ALERT, 2).is_ok());
        for (typ, len) in [
            (ContentType::HANDSHAKE, 0),
            (ContentType::ALERT, 0),
            (ContentType::CHANGE_CIPHER_SPEC, 1),
            (ContentType::from(0), 1),
            (ContentType::from(24), 1),
        ] {
            assert_eq!(
                check_sealable(typ, len),
                Err(Error::UnsealableRecord { typ, len })
            );
        }
    }
}
