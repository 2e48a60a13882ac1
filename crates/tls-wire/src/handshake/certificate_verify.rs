//! CertificateVerify: the same wire form in TLS 1.2 and 1.3.

use crate::codec::{Codec, IntoOwned, Opaque, Reader};
use crate::error::DecodeError;
use crate::ids::SignatureScheme;

/// RFC 8446 §4.4.3: `opaque signature<0..2^16-1>;`
pub type Signature<'a> = Opaque<'a, 2, 0, 0xffff>;

/// The CertificateVerify message (RFC 8446 §4.4.3).
///
/// ```text
/// struct {
///     SignatureScheme algorithm;
///     opaque signature<0..2^16-1>;
/// } CertificateVerify;
/// ```
///
/// TLS 1.2 (RFC 5246 §7.4.8) sends a `digitally-signed` struct here
/// ([`DigitallySigned`](crate::handshake::DigitallySigned)), which RFC 5246 §4.7 encodes as
/// `SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>;`: the same bytes, the
/// two-byte algorithm read as a [`SignatureScheme`], whose values "have been allocated to
/// align with TLS 1.2's encoding" (RFC 8446 §4.2.3). So both versions decode
/// `certificate_verify` to this one type. What the signature covers differs by version; that
/// is the handshake layer's concern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateVerify<'a> {
    /// `algorithm`.
    pub algorithm: SignatureScheme,
    /// `signature`.
    pub signature: Signature<'a>,
}

impl<'a> Codec<'a> for CertificateVerify<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            algorithm: SignatureScheme::from(r.u16("CertificateVerify.algorithm")?),
            signature: Signature::decode_named(r, "CertificateVerify.signature")?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.algorithm.encode(out);
        self.signature.encode(out);
    }
}

impl IntoOwned for CertificateVerify<'_> {
    type Owned = CertificateVerify<'static>;

    fn into_owned(self) -> Self::Owned {
        CertificateVerify {
            algorithm: self.algorithm,
            signature: self.signature.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};

    /// rfc8448-vectors.json, client-auth, server `construct a CertificateVerify handshake
    /// message`: ecdsa_secp256r1_sha256, a 71-byte DER signature.
    const RFC8448_CERTIFICATE_VERIFY: &str = "0f00004b040300473045022100d7a4d34bd54f55fee1a89625678c3dd5e5f60dac73ec940c5c7b9304a02084a90220289f595ed488b9ac689a3d192b1a8bb38f34af7874c059c9806a1f38269353e8";

    #[test]
    fn decodes_rfc8448_certificate_verify() {
        let bytes = hex::decode(RFC8448_CERTIFICATE_VERIFY).unwrap();
        for version in [NegotiatedVersion::Tls12, NegotiatedVersion::Tls13] {
            let message = assert_all(&bytes, version);
            let HandshakePayload::CertificateVerify(verify) = message.payload() else {
                panic!()
            };
            assert_eq!(verify.algorithm, SignatureScheme::ECDSA_SECP256R1_SHA256);
            assert_eq!(verify.signature.len(), 71);
            assert_eq!(verify.signature[..2], [0x30, 0x45]);
        }
    }

    /// OpenSSL 3.0.19, `openssl s_client -tls1_2 -cert client.pem -key client.key -msg` (a P-256
    /// client key) answering the CertificateRequest of `openssl s_server -tls1_2 -Verify 1`
    /// (2026-11-22): the client's TLS 1.2 CertificateVerify, ecdsa_secp256r1_sha256.
    const OPENSSL_TLS12_CERTIFICATE_VERIFY: &str = "0f00004b04030047304502203dd1af34a5f6bb9a57708dc937e677111dea4393d383d4717d9169c93018706f022100a482aef4bea0b22af5a2c6456ed6a007c83f2d5b4df21c79c00f1dda7cae2550";

    #[test]
    fn decodes_openssl_tls12_certificate_verify() {
        let bytes = hex::decode(OPENSSL_TLS12_CERTIFICATE_VERIFY).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::CertificateVerify(verify) = message.payload() else {
            panic!()
        };
        assert_eq!(verify.algorithm, SignatureScheme::ECDSA_SECP256R1_SHA256);
        assert_eq!(verify.signature.len(), 71);
        // The TLS 1.2 body is a DigitallySigned, byte for byte.
        let signed = crate::handshake::DigitallySigned::decode_exact(&bytes[4..]).unwrap();
        assert_eq!(signed.algorithm, verify.algorithm);
        assert_eq!(signed.signature, verify.signature);
    }

    #[test]
    fn rejects_signature_longer_than_the_body() {
        let err = HandshakeMessage::decode(&frame(15, &[4, 3, 0, 2, 0]), NegotiatedVersion::Tls13)
            .unwrap_err();
        assert_eq!(err.what(), "CertificateVerify.signature");
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::Truncated {
                needed: 2,
                available: 1
            }
        );
    }

    #[test]
    fn keeps_unknown_algorithms() {
        let bytes = frame(15, &[0xfe, 0xed, 0, 1, 9]);
        let message = assert_all(&bytes, NegotiatedVersion::Tls13);
        let HandshakePayload::CertificateVerify(verify) = message.payload() else {
            panic!()
        };
        assert_eq!(verify.algorithm, SignatureScheme::from(0xfeed));
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = hex::decode(RFC8448_CERTIFICATE_VERIFY).unwrap();
        let verify = CertificateVerify::decode_exact(&bytes[4..]).unwrap();
        let expected = verify.to_vec();
        let owned: CertificateVerify<'static> = verify.into_owned();
        drop(bytes);
        assert_eq!(owned.to_vec(), expected);
    }
}
