//! TLS 1.3's inner plaintext: what a protected record decrypts to, the real content type
//! hidden after the content and followed by zero padding.

use std::borrow::Cow;

use crate::codec::{Codec, IntoOwned, Reader, Writer};
use crate::error::{DecodeError, DecodeErrorKind, LengthError};
use crate::ids::ContentType;
use crate::record::MAX_TLS13_INNER_PLAINTEXT_LEN;

/// The decrypted form of a TLS 1.3 protected record (RFC 8446 §5.2).
///
/// ```text
/// struct {
///     opaque content[TLSPlaintext.length];
///     ContentType type;
///     uint8 zeros[length_of_padding];
/// } TLSInnerPlaintext;
/// ```
///
/// The structure is not self-delimiting: decoding takes every byte it is given (the whole
/// AEAD output) and finds the type by scanning back over the padding.
///
/// RFC 8446 §5.4:
///
/// ```text
/// Padding is a string of zero-valued bytes appended to the
/// ContentType field before encryption.  Implementations MUST set the
/// padding octets to all zeros before encrypting.
/// ```
///
/// A value always has handshake, alert or application_data as its type, non-empty content
/// for the first two, and an encoding within [`MAX_TLS13_INNER_PLAINTEXT_LEN`]: the
/// constructors and the decoder both ensure it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InnerPlaintext<'a> {
    content: Cow<'a, [u8]>,
    typ: ContentType,
    padding_len: usize,
}

impl<'a> InnerPlaintext<'a> {
    /// Handshake content (one or more messages, or part of one), not empty.
    pub fn handshake(content: impl Into<Cow<'a, [u8]>>) -> Result<Self, LengthError> {
        Self::new(ContentType::HANDSHAKE, content.into(), 1)
    }

    /// An alert's two bytes (the encoding of [`Alert`](crate::record::Alert)), not empty.
    pub fn alert(content: impl Into<Cow<'a, [u8]>>) -> Result<Self, LengthError> {
        Self::new(ContentType::ALERT, content.into(), 1)
    }

    /// Application data, possibly empty (cover traffic, RFC 8446 §5.4).
    pub fn application_data(content: impl Into<Cow<'a, [u8]>>) -> Result<Self, LengthError> {
        Self::new(ContentType::APPLICATION_DATA, content.into(), 0)
    }

    fn new(typ: ContentType, content: Cow<'a, [u8]>, min: usize) -> Result<Self, LengthError> {
        // Room for the type byte.
        let max = MAX_TLS13_INNER_PLAINTEXT_LEN.saturating_sub(1);
        if content.len() < min || content.len() > max {
            return Err(LengthError {
                len: content.len(),
                min,
                max,
            });
        }
        Ok(Self {
            content,
            typ,
            padding_len: 0,
        })
    }

    /// The same content followed by `padding_len` zero bytes, if the whole still fits
    /// [`MAX_TLS13_INNER_PLAINTEXT_LEN`].
    pub fn with_padding(mut self, padding_len: usize) -> Result<Self, LengthError> {
        let len = self
            .content
            .len()
            .saturating_add(1)
            .saturating_add(padding_len);
        if len > MAX_TLS13_INNER_PLAINTEXT_LEN {
            return Err(LengthError {
                len,
                min: 0,
                max: MAX_TLS13_INNER_PLAINTEXT_LEN,
            });
        }
        self.padding_len = padding_len;
        Ok(self)
    }

    /// `content`: the `TLSPlaintext.fragment` the record protects.
    pub fn content(&self) -> &[u8] {
        &self.content
    }

    /// `type`: the real content type.
    pub const fn typ(&self) -> ContentType {
        self.typ
    }

    /// Length of the zero padding.
    pub const fn padding_len(&self) -> usize {
        self.padding_len
    }

    /// Decodes a plaintext decrypted in place, lending its content back mutably: the content
    /// type and the content, padding and type byte cut off. Same checks as
    /// [`decode`](Codec::decode); offsets count from `plaintext[0]`.
    #[inline]
    pub fn decode_in_place(plaintext: &mut [u8]) -> Result<(ContentType, &mut [u8]), DecodeError> {
        let (typ, content_len) = split(plaintext)?;
        Ok((typ, plaintext.get_mut(..content_len).unwrap_or_default()))
    }
}

/// Finds the content type of an inner plaintext, and the length of its content.
#[inline]
fn split(plaintext: &[u8]) -> Result<(ContentType, usize), DecodeError> {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5.4
    //# The presence of padding does not change the overall record size
    //# limitations: the full encoded TLSInnerPlaintext MUST NOT exceed 2^14
    //# + 1 octets.
    if plaintext.len() > MAX_TLS13_INNER_PLAINTEXT_LEN {
        return Err(DecodeError::new(
            DecodeErrorKind::RecordOverflow {
                len: plaintext.len(),
                max: MAX_TLS13_INNER_PLAINTEXT_LEN,
            },
            "TLSInnerPlaintext",
            0,
        ));
    }
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5.4
    //# Implementations MUST limit their scanning to the cleartext returned
    //# from the AEAD decryption.  If a receiving implementation does not
    //# find a non-zero octet in the cleartext, it MUST terminate the
    //# connection with an "unexpected_message" alert.
    let Some((content_len, &typ)) = plaintext.iter().enumerate().rfind(|&(_, &b)| b != 0) else {
        return Err(DecodeError::new(
            DecodeErrorKind::NoInnerContentType,
            "TLSInnerPlaintext",
            0,
        ));
    };
    let typ = ContentType::from(typ);
    let error = |kind| {
        Err(DecodeError::new(
            kind,
            "TLSInnerPlaintext.type",
            content_len,
        ))
    };
    match typ {
        ContentType::HANDSHAKE | ContentType::ALERT | ContentType::APPLICATION_DATA => {}
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5
        //# An
        //# implementation which receives any other change_cipher_spec value or
        //# which receives a protected change_cipher_spec record MUST abort the
        //# handshake with an "unexpected_message" alert.
        ContentType::CHANGE_CIPHER_SPEC => {
            return error(DecodeErrorKind::ProtectedChangeCipherSpec);
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5
        //# If a TLS
        //# implementation receives an unexpected record type, it MUST terminate
        //# the connection with an "unexpected_message" alert.
        _ => return error(DecodeErrorKind::UnknownContentType(typ)),
    }
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5.4
    //# Implementations
    //# MUST NOT send Handshake and Alert records that have a zero-length
    //# TLSInnerPlaintext.content; if such a message is received, the
    //# receiving implementation MUST terminate the connection with an
    //# "unexpected_message" alert.
    if content_len == 0 && typ != ContentType::APPLICATION_DATA {
        return Err(DecodeError::new(
            DecodeErrorKind::EmptyRecord(typ),
            "TLSInnerPlaintext.content",
            0,
        ));
    }
    Ok((typ, content_len))
}

impl<'a> Codec<'a> for InnerPlaintext<'a> {
    /// Decodes every byte left in `r` as one inner plaintext.
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let base = r.offset();
        let plaintext = r.take_rest();
        let (typ, content_len) = split(plaintext).map_err(|e| e.shifted(base))?;
        let content = plaintext.get(..content_len).unwrap_or_default();
        let padding_len = plaintext
            .len()
            .saturating_sub(content_len)
            .saturating_sub(1);
        Ok(Self {
            content: Cow::Borrowed(content),
            typ,
            padding_len,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_bytes(&self.content);
        out.put_u8(self.typ.get());
        out.resize(out.len().saturating_add(self.padding_len), 0);
    }

    fn encoded_len(&self) -> usize {
        self.content
            .len()
            .saturating_add(1)
            .saturating_add(self.padding_len)
    }
}

impl IntoOwned for InnerPlaintext<'_> {
    type Owned = InnerPlaintext<'static>;

    fn into_owned(self) -> InnerPlaintext<'static> {
        InnerPlaintext {
            content: Cow::Owned(self.content.into_owned()),
            typ: self.typ,
            padding_len: self.padding_len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::AlertDescription;

    /// shared/spec/illustrated-tls13.json records[3].inner_plaintext_hex (EncryptedExtensions).
    const ENCRYPTED_EXTENSIONS: [u8; 7] = [0x08, 0x00, 0x00, 0x02, 0x00, 0x00, 0x16];
    /// shared/spec/illustrated-tls13.json records[9].inner_plaintext_hex ("ping").
    const PING: [u8; 5] = [0x70, 0x69, 0x6e, 0x67, 0x17];
    /// shared/spec/openssl-captures.json tls13-aes-128-gcm-sha256, the client's close_notify
    /// (plaintext_hex `0100`, inner_content_type alert), with its type byte.
    const CLOSE_NOTIFY: [u8; 3] = [0x01, 0x00, 0x15];

    #[test]
    fn real_inner_plaintexts_decode_and_round_trip() {
        let plaintext = InnerPlaintext::decode_exact(&ENCRYPTED_EXTENSIONS).unwrap();
        assert_eq!(plaintext.typ(), ContentType::HANDSHAKE);
        assert_eq!(plaintext.content(), [0x08, 0x00, 0x00, 0x02, 0x00, 0x00]);
        assert_eq!(plaintext.padding_len(), 0);
        assert_eq!(plaintext.to_vec(), ENCRYPTED_EXTENSIONS);

        let plaintext = InnerPlaintext::decode_exact(&PING).unwrap();
        assert_eq!(
            plaintext,
            InnerPlaintext::application_data(&b"ping"[..]).unwrap()
        );
        assert_eq!(plaintext.encoded_len(), PING.len());

        let plaintext = InnerPlaintext::decode_exact(&CLOSE_NOTIFY).unwrap();
        assert_eq!(plaintext.typ(), ContentType::ALERT);
        assert_eq!(plaintext.clone().into_owned(), plaintext);
    }

    #[test]
    fn padding_is_found_and_kept() {
        let mut padded = PING.to_vec();
        padded.extend_from_slice(&[0; 9]);
        let plaintext = InnerPlaintext::decode_exact(&padded).unwrap();
        assert_eq!(plaintext.content(), b"ping");
        assert_eq!(plaintext.padding_len(), 9);
        assert_eq!(plaintext.to_vec(), padded);
        let built = InnerPlaintext::application_data(&b"ping"[..])
            .unwrap()
            .with_padding(9)
            .unwrap();
        assert_eq!(built, plaintext);
    }

    #[test]
    fn content_may_end_in_zero_bytes() {
        let plaintext = InnerPlaintext::handshake(vec![0x14, 0, 0, 0])
            .unwrap()
            .with_padding(3)
            .unwrap();
        let bytes = plaintext.to_vec();
        assert_eq!(bytes, [0x14, 0, 0, 0, 0x16, 0, 0, 0]);
        assert_eq!(InnerPlaintext::decode_exact(&bytes).unwrap(), plaintext);
    }

    #[test]
    fn decode_in_place_lends_the_content() {
        let mut bytes = ENCRYPTED_EXTENSIONS.to_vec();
        bytes.extend_from_slice(&[0, 0]);
        let (typ, content) = InnerPlaintext::decode_in_place(&mut bytes).unwrap();
        assert_eq!(typ, ContentType::HANDSHAKE);
        content[0] = 0x0b;
        assert_eq!(content.len(), 6);
        assert_eq!(bytes[0], 0x0b);
    }

    #[test]
    fn rejects_all_zero_plaintext() {
        for bytes in [&[][..], &[0], &[0; 100]] {
            let err = InnerPlaintext::decode_exact(bytes).unwrap_err();
            assert_eq!(err.kind(), &DecodeErrorKind::NoInnerContentType);
            assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
        }
    }

    #[test]
    fn rejects_plaintext_over_2_14_plus_1() {
        let mut bytes = vec![0x41; MAX_TLS13_INNER_PLAINTEXT_LEN - 1];
        bytes.push(0x17);
        assert!(InnerPlaintext::decode_exact(&bytes).is_ok());
        bytes.push(0);
        let err = InnerPlaintext::decode_exact(&bytes).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::RecordOverflow {
                len: MAX_TLS13_INNER_PLAINTEXT_LEN + 1,
                max: MAX_TLS13_INNER_PLAINTEXT_LEN
            }
        );
        assert_eq!(err.alert(), AlertDescription::RECORD_OVERFLOW);
    }

    #[test]
    fn rejects_protected_change_cipher_spec() {
        let err = InnerPlaintext::decode_exact(&[0x01, 0x14, 0, 0]).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::ProtectedChangeCipherSpec);
        assert_eq!(err.offset(), 1);
        assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
    }

    #[test]
    fn rejects_unknown_inner_content_type() {
        for typ in [0x01, 0x13, 0x18, 0xff] {
            let err = InnerPlaintext::decode_exact(&[0xaa, typ]).unwrap_err();
            assert_eq!(
                err.kind(),
                &DecodeErrorKind::UnknownContentType(ContentType::from(typ))
            );
        }
    }

    #[test]
    fn rejects_empty_handshake_and_alert_content() {
        for typ in [ContentType::HANDSHAKE, ContentType::ALERT] {
            let err = InnerPlaintext::decode_exact(&[typ.get(), 0, 0]).unwrap_err();
            assert_eq!(err.kind(), &DecodeErrorKind::EmptyRecord(typ));
            assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
        }
        assert!(InnerPlaintext::handshake(&[][..]).is_err());
        assert!(InnerPlaintext::alert(&[][..]).is_err());
    }

    #[test]
    fn accepts_empty_application_data_content() {
        let plaintext = InnerPlaintext::decode_exact(&[0x17, 0, 0]).unwrap();
        assert!(plaintext.content().is_empty());
        assert_eq!(
            plaintext,
            InnerPlaintext::application_data(&[][..])
                .unwrap()
                .with_padding(2)
                .unwrap()
        );
    }

    #[test]
    fn constructors_keep_the_encoding_within_the_limit() {
        let most = vec![1u8; MAX_TLS13_INNER_PLAINTEXT_LEN - 1];
        let plaintext = InnerPlaintext::application_data(most.clone()).unwrap();
        assert_eq!(plaintext.encoded_len(), MAX_TLS13_INNER_PLAINTEXT_LEN);
        assert!(plaintext.with_padding(1).is_err());
        assert!(InnerPlaintext::handshake([most, vec![1]].concat()).is_err());
        assert!(
            InnerPlaintext::alert(vec![2, 0])
                .unwrap()
                .with_padding(MAX_TLS13_INNER_PLAINTEXT_LEN - 3)
                .is_ok()
        );
    }
}
