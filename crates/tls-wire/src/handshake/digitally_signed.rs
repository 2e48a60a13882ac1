//! DigitallySigned: TLS 1.2's signature with its algorithm, as ServerKeyExchange carries it.

use crate::codec::{Codec, IntoOwned, Reader};
use crate::error::DecodeError;
use crate::handshake::Signature;
use crate::ids::SignatureScheme;

/// A TLS 1.2 `digitally-signed` element (RFC 5246 §4.7).
///
/// ```text
/// struct {
///    SignatureAndHashAlgorithm algorithm;
///    opaque signature<0..2^16-1>;
/// } DigitallySigned;
/// ```
///
/// The two-byte `SignatureAndHashAlgorithm` (hash byte, then signature byte) is read as a
/// [`SignatureScheme`]: RFC 8446 §4.2.3 allocated the scheme values "to align with TLS 1.2's
/// encoding", so `{sha256, ecdsa}` is `ecdsa_secp256r1_sha256` (0x0403) and every pair keeps
/// its wire value (unassigned ones included). The same struct is the body of a TLS 1.2
/// CertificateVerify, which is why that message decodes as
/// [`CertificateVerify`](crate::handshake::CertificateVerify) in both versions.
///
/// An empty signature decodes (the bounds allow it); whether the signature verifies, and
/// whether the algorithm is one we offered, is the handshake layer's check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigitallySigned<'a> {
    /// `algorithm`.
    pub algorithm: SignatureScheme,
    /// `signature`, over content the enclosing message defines.
    pub signature: Signature<'a>,
}

impl<'a> Codec<'a> for DigitallySigned<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            algorithm: SignatureScheme::from(r.u16("DigitallySigned.algorithm")?),
            signature: Signature::decode_named(r, "DigitallySigned.signature")?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.algorithm.encode(out);
        self.signature.encode(out);
    }
}

impl IntoOwned for DigitallySigned<'_> {
    type Owned = DigitallySigned<'static>;

    fn into_owned(self) -> Self::Owned {
        DigitallySigned {
            algorithm: self.algorithm,
            signature: self.signature.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;

    /// openssl-captures.json, tls12-ecdhe-rsa-aes256-gcm-sha384, s2c record 3: the
    /// ServerKeyExchange's `signed_params` (after the 36 bytes of params): rsa_pss_rsae_sha256
    /// and a 256-byte signature.
    const RSA_PSS_SIGNED_PARAMS_HEAD: &str = "08040100";

    #[test]
    fn reads_the_pair_as_a_signature_scheme() {
        let mut bytes = hex::decode(RSA_PSS_SIGNED_PARAMS_HEAD).unwrap();
        bytes.extend_from_slice(&[0x5a; 256]);
        let signed = DigitallySigned::decode_exact(&bytes).unwrap();
        assert_eq!(signed.algorithm, SignatureScheme::RSA_PSS_RSAE_SHA256);
        assert_eq!(signed.signature.len(), 256);
        assert_eq!(signed.to_vec(), bytes);
    }

    #[test]
    fn keeps_an_empty_signature_and_an_unassigned_pair() {
        let bytes = [0xfe, 0x01, 0, 0];
        let signed = DigitallySigned::decode_exact(&bytes).unwrap();
        assert_eq!(signed.algorithm, SignatureScheme::from(0xfe01));
        assert!(signed.signature.is_empty());
        assert_eq!(signed.to_vec(), bytes);
    }

    #[test]
    fn rejects_signature_longer_than_the_input() {
        let err = DigitallySigned::decode_exact(&[4, 3, 0, 3, 1, 2]).unwrap_err();
        assert_eq!(err.what(), "DigitallySigned.signature");
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::Truncated {
                needed: 3,
                available: 2
            }
        );
    }

    #[test]
    fn rejects_a_missing_algorithm_byte() {
        let err = DigitallySigned::decode_exact(&[4]).unwrap_err();
        assert_eq!(err.what(), "DigitallySigned.algorithm");
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = vec![4, 3, 0, 2, 0x30, 0x00];
        let owned: DigitallySigned<'static> =
            DigitallySigned::decode_exact(&bytes).unwrap().into_owned();
        drop(bytes);
        assert_eq!(owned.signature.as_slice(), [0x30, 0x00]);
    }
}
