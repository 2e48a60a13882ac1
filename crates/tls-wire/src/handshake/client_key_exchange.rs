//! ClientKeyExchange (TLS 1.2) in its ECDHE form: the client's ephemeral public key.
//!
//! Like ServerKeyExchange, the message's form depends on the negotiated key exchange algorithm
//! (RFC 5246 §7.4.7: `select (KeyExchangeAlgorithm)`). We only negotiate ECDHE suites (the
//! handshake refuses any other at ServerHello), and never RSA key exchange, whose
//! `EncryptedPreMasterSecret` gives no forward secrecy; so the codec always decodes the message
//! as [`ClientKeyExchangeEcdhe`].

use crate::codec::{Codec, IntoOwned, Reader};
use crate::error::DecodeError;
use crate::handshake::ECPoint;

/// The TLS 1.2 ClientKeyExchange message for the ECDHE key exchanges (RFC 8422 §5.7).
///
/// ```text
/// struct {
///     ECPoint ecdh_Yc;
/// } ClientECDiffieHellmanPublic;
///
/// struct {
///     select (KeyExchangeAlgorithm) {
///         case ec_diffie_hellman: ClientECDiffieHellmanPublic;
///     } exchange_keys;
/// } ClientKeyExchange;
/// ```
///
/// The point is always present: the empty "implicit" form, for a client whose certificate
/// holds a fixed ECDH key, is deprecated (RFC 8422 §5.7) and belongs to the ECDH suites we do
/// not negotiate, so an empty body fails to decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientKeyExchangeEcdhe<'a> {
    /// `ecdh_Yc`: the client's ephemeral public key, on the curve of the server's
    /// ServerKeyExchange (the key exchange checks that).
    pub ecdh_yc: ECPoint<'a>,
}

impl<'a> Codec<'a> for ClientKeyExchangeEcdhe<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            ecdh_yc: ECPoint::decode_named(r, "ClientECDiffieHellmanPublic.ecdh_Yc")?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.ecdh_yc.encode(out);
    }
}

impl IntoOwned for ClientKeyExchangeEcdhe<'_> {
    type Owned = ClientKeyExchangeEcdhe<'static>;

    fn into_owned(self) -> Self::Owned {
        ClientKeyExchangeEcdhe {
            ecdh_yc: self.ecdh_yc.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};

    /// openssl-captures.json, tls12-ecdhe-ecdsa-aes128-gcm-sha256, c2s record 5: an X25519
    /// key.
    const OPENSSL_CLIENT_KEY_EXCHANGE: &str =
        "1000002120e19b8291d8f2d3d221049a729c6111613b3ed2b4cf68631cde6251e500dcc85e";

    /// illustrated-tls12.json, record 5 (`record_hex` after the record header).
    const ILLUSTRATED_TLS12_CLIENT_KEY_EXCHANGE: &str =
        "1000002120358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254";

    #[test]
    fn decodes_openssl_and_illustrated_client_key_exchanges() {
        for hex_message in [
            OPENSSL_CLIENT_KEY_EXCHANGE,
            ILLUSTRATED_TLS12_CLIENT_KEY_EXCHANGE,
        ] {
            let bytes = hex::decode(hex_message).unwrap();
            let message = assert_all(&bytes, NegotiatedVersion::Tls12);
            let HandshakePayload::ClientKeyExchangeEcdhe(cke) = message.payload() else {
                panic!("not a ClientKeyExchange: {message:?}")
            };
            assert_eq!(cke.ecdh_yc.as_slice(), &bytes[5..]);
            assert_eq!(cke.ecdh_yc.len(), 32);
        }
    }

    #[test]
    fn keeps_an_uncompressed_p256_point() {
        let mut point = vec![4];
        point.extend_from_slice(&[0x11; 64]);
        let mut body = vec![65];
        body.extend_from_slice(&point);
        let bytes = frame(16, &body);
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::ClientKeyExchangeEcdhe(cke) = message.payload() else {
            panic!()
        };
        assert_eq!(cke.ecdh_yc.as_slice(), point);
    }

    #[test]
    fn rejects_empty_point_and_implicit_form() {
        let err = HandshakeMessage::decode(&frame(16, &[0]), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(err.what(), "ClientECDiffieHellmanPublic.ecdh_Yc");
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 0xff
            }
        );
        let err = HandshakeMessage::decode(&frame(16, &[]), NegotiatedVersion::Tls12).unwrap_err();
        assert!(matches!(err.kind(), DecodeErrorKind::Truncated { .. }));
    }

    #[test]
    fn rejects_bytes_after_the_point() {
        let err =
            HandshakeMessage::decode(&frame(16, &[1, 9, 0]), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "ClientKeyExchange");
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = hex::decode(OPENSSL_CLIENT_KEY_EXCHANGE).unwrap();
        let owned = ClientKeyExchangeEcdhe::decode_exact(&bytes[4..])
            .unwrap()
            .into_owned();
        drop(bytes);
        assert_eq!(owned.ecdh_yc.len(), 32);
    }
}
