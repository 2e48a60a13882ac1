//! ServerKeyExchange (TLS 1.2) in its ECDHE form: the server's ephemeral public key on a named
//! curve, and its signature over the key and both randoms.
//!
//! The message's form depends on the key exchange algorithm of the negotiated cipher suite
//! (RFC 5246 §7.4.3: `select (KeyExchangeAlgorithm)`), which the codec does not know. We only
//! negotiate ECDHE_ECDSA and ECDHE_RSA suites (RFC 8422 §2); the handshake refuses any other
//! suite at ServerHello, before a ServerKeyExchange can arrive. So the codec always decodes the
//! message as [`ServerKeyExchangeEcdhe`]: a DHE or ECDH_anon body fails to decode rather than
//! being read as something it is not.

use std::borrow::Cow;

use crate::codec::{Codec, IntoOwned, Opaque, Reader};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::handshake::{DigitallySigned, Random};
use crate::ids::{ECCurveType, NamedGroup};

/// RFC 8422 §5.4: `struct { opaque point <1..2^8-1>; } ECPoint;` (a struct of one vector,
/// encoded as the vector). Also the client's `ecdh_Yc` (§5.7).
pub type ECPoint<'a> = Opaque<'a, 1, 1, 0xff>;

/// The curve of an ECDHE key (RFC 8422 §5.4), always in its `named_curve` form.
///
/// ```text
/// struct {
///     ECCurveType    curve_type;
///     select (curve_type) {
///         case named_curve:
///             NamedCurve namedcurve;
///     };
/// } ECParameters;
/// ```
///
/// `curve_type` is not stored: RFC 8422 deprecated the explicit curve types, so `named_curve`
/// is the only value that decodes, and the only one [`encode`](Codec::encode) writes.
/// `NamedCurve` is the TLS 1.2 name of the supported-groups registry, hence [`NamedGroup`]. Any
/// group decodes ("this now includes all of the NamedCurve values"); that it is one the client
/// offered is the handshake layer's check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ECParameters {
    /// `namedcurve`.
    pub namedcurve: NamedGroup,
}

impl ECParameters {
    /// `curve_type`: always `named_curve`.
    pub const fn curve_type(self) -> ECCurveType {
        ECCurveType::NAMED_CURVE
    }
}

impl Codec<'_> for ECParameters {
    const FIXED_SIZE: Option<usize> = Some(3);

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let at = r.offset();
        let curve_type = ECCurveType::from(r.u8("ECParameters.curve_type")?);
        //= https://www.rfc-editor.org/rfc/rfc8422#section-5.4
        //# The ECCurveType enum used to have values for explicit prime and for
        //# explicit char2 curves.  Those values are now deprecated, so only one
        //# value remains:
        //= https://www.rfc-editor.org/rfc/rfc8422#section-5.4
        //# The value named_curve indicates that a named curve is used.  This
        //# option is now the only remaining format.
        //= https://www.rfc-editor.org/rfc/rfc8422#section-5.1.1
        //# The predecessor of this document also supported explicitly defined
        //# prime and char2 curves, but these are deprecated by this
        //# specification.
        if curve_type != ECCurveType::NAMED_CURVE {
            // An explicit curve's parameters follow in a form we do not read, so nothing after
            // this byte could be decoded: the peer sent a curve type it must not use.
            return Err(DecodeError::new(
                DecodeErrorKind::IllegalValue {
                    value: u32::from(curve_type.get()),
                },
                "ECParameters.curve_type",
                at,
            ));
        }
        Ok(Self {
            namedcurve: NamedGroup::from(r.u16("ECParameters.namedcurve")?),
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.curve_type().encode(out);
        self.namedcurve.encode(out);
    }
}

/// The server's ephemeral ECDH key and its curve (RFC 8422 §5.4).
///
/// ```text
/// struct {
///     ECParameters    curve_params;
///     ECPoint         public;
/// } ServerECDHParams;
/// ```
///
/// The server signs these bytes (after both randoms), so the value keeps them:
/// [`encoded`](Self::encoded) is the received slice for a decoded value and the encoding made
/// by [`new`](Self::new) for a built one. The fields are read through methods so that they
/// cannot drift from those bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerECDHParams<'a> {
    curve_params: ECParameters,
    public: ECPoint<'a>,
    encoded: Cow<'a, [u8]>,
}

impl<'a> ServerECDHParams<'a> {
    /// Parameters for a key `public` on the curve of `curve_params`.
    pub fn new(curve_params: ECParameters, public: ECPoint<'a>) -> Self {
        let mut encoded = Vec::with_capacity(4usize.saturating_add(public.len()));
        curve_params.encode(&mut encoded);
        public.encode(&mut encoded);
        Self {
            curve_params,
            public,
            encoded: Cow::Owned(encoded),
        }
    }

    /// `curve_params`.
    pub const fn curve_params(&self) -> ECParameters {
        self.curve_params
    }

    /// `public`: the server's ephemeral public key, as an X9.62 point or an X25519/X448
    /// u-coordinate; checking it is the key exchange's job.
    pub const fn public(&self) -> &ECPoint<'a> {
        &self.public
    }

    /// The encoded struct: what follows `ClientHello.random + ServerHello.random` in the
    /// content that `signed_params` signs.
    pub fn encoded(&self) -> &[u8] {
        &self.encoded
    }
}

impl<'a> Codec<'a> for ServerECDHParams<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let mut start = r.clone();
        let curve_params = ECParameters::decode(r)?;
        let public = ECPoint::decode_named(r, "ServerECDHParams.public")?;
        let len = start.remaining().saturating_sub(r.remaining());
        Ok(Self {
            curve_params,
            public,
            encoded: Cow::Borrowed(start.take(len, "ServerECDHParams")?),
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.encoded);
    }
}

impl IntoOwned for ServerECDHParams<'_> {
    type Owned = ServerECDHParams<'static>;

    fn into_owned(self) -> Self::Owned {
        ServerECDHParams {
            curve_params: self.curve_params,
            public: self.public.into_owned(),
            encoded: Cow::Owned(self.encoded.into_owned()),
        }
    }
}

/// The TLS 1.2 ServerKeyExchange message for the ECDHE key exchanges (RFC 8422 §5.4; RFC 5246
/// §7.4.3).
///
/// ```text
/// select (KeyExchangeAlgorithm) {
///     case ec_diffie_hellman:
///         ServerECDHParams    params;
///         Signature           signed_params;
/// } ServerKeyExchange;
/// ```
///
/// `Signature` is a TLS 1.2 `digitally-signed` struct ([`DigitallySigned`]) over
/// `ClientHello.random + ServerHello.random + ServerKeyExchange.params`
/// ([`signed_content`](Self::signed_content)). ECDH_anon, which sends no signature, is never
/// negotiated (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerKeyExchangeEcdhe<'a> {
    /// `params`.
    pub params: ServerECDHParams<'a>,
    /// `signed_params`.
    pub signed_params: DigitallySigned<'a>,
}

impl ServerKeyExchangeEcdhe<'_> {
    /// The content `signed_params` signs: both randoms, then the params as they are on the
    /// wire.
    //= https://www.rfc-editor.org/rfc/rfc8422#section-5.4
    //# ServerKeyExchange.signed_params.rawdata
    //#     ClientHello.random + ServerHello.random +
    //#                        ServerKeyExchange.params;
    pub fn signed_content(&self, client_random: &Random, server_random: &Random) -> Vec<u8> {
        let params = self.params.encoded();
        let mut content = Vec::with_capacity(params.len().saturating_add(64));
        content.extend_from_slice(client_random);
        content.extend_from_slice(server_random);
        content.extend_from_slice(params);
        content
    }
}

impl<'a> Codec<'a> for ServerKeyExchangeEcdhe<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            params: ServerECDHParams::decode(r)?,
            signed_params: DigitallySigned::decode(r)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.params.encode(out);
        self.signed_params.encode(out);
    }
}

impl IntoOwned for ServerKeyExchangeEcdhe<'_> {
    type Owned = ServerKeyExchangeEcdhe<'static>;

    fn into_owned(self) -> Self::Owned {
        ServerKeyExchangeEcdhe {
            params: self.params.into_owned(),
            signed_params: self.signed_params.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
    use crate::ids::SignatureScheme;

    /// openssl-captures.json, tls12-ecdhe-ecdsa-aes128-gcm-sha256, s2c record 3: x25519, a
    /// 70-byte ecdsa_secp256r1_sha256 signature.
    const OPENSSL_ECDSA: &str = "0c00006e03001d20550ffffdaa3732a8be2a7a652775862f9fc5fb337f2cc60a0e1c41cf5e666b1204030046304402206fa05a689ba593b98fd84d381478093aa8eae5fa0cb744f5f9804af0292ba16602207f0aa1376f1f51d426f4346eee76c23577fcd8f577f9f8bc6e4e6daec330ce87";

    /// openssl-captures.json, tls12-ecdhe-rsa-aes256-gcm-sha384, s2c record 3: x25519, a
    /// 256-byte rsa_pss_rsae_sha256 signature.
    const OPENSSL_RSA_PSS: &str = "0c00012803001d20ea88ed07a955c820c4cf9f208578f2104ec5bc8b65ec74917e8eda9f69c3e31d080401002971768e5dcaf4bbae653b1c959ae2b279d1b43840daea8ff08dff84cbc9db57d4120a0cbcd7a01d4916b8f60f26ec37e1d6e5d5e9d221508fc5571676512906799ad19c55657e972ce1ffd1066014defc3245119ca107d19221b674fa2ae84d4bbd4b53b187561f13c1e015c6015bc11d81e2d3bf503423c32cd2ab83e748de92fc449e61d1181659a1ecfa506e200769c8e4bee6455338419cab0ce07f06e0ec79a6f77c69e47c1407df93ac2a4f36b04c967590327dc53c20f3f8d615c46d3ea68576660fbd13d60c2275d0d561770723b41ad245a746dc3c92f32e199bf34c8ec6776eb19585954136937ca8b1bfc5c177936d4088cf6a2ddc747e8f1a28";

    /// illustrated-tls12.json, record 3 (`record_hex` after the record header): x25519, a
    /// 256-byte rsa_pkcs1_sha256 signature.
    const ILLUSTRATED_TLS12: &str = "0c00012803001d209fd7ad6dcff4298dd3f96d5b1b2af910a0535b1488d7f8fabb349a982880b615040101000402b661f7c191ee59be45376639bdc3d4bb81e115ca73c8348b525b0d2338aa144667ed9431021412cd9b844cba29934aaacce873414ec11cb02e272d0ad81f767d33076721f13bf36020cf0b1fd0ecb078de1128beba0949ebece1a1f96e209dc36e4fffd36b673a7ddc1597ad4408e485c4adb2c873841249372523809e4312d0c7b3522ef983cac1e03935ff13a8e96ba681a62e40d3e70a7ff35866d3d9993f9e26a634c81b4e71380fcdd6f4e835f75a6409c7dc2c07410e6f87858c7b94c01c2e32f291769eacca71643b8b98a963df0a329bea4ed6397e8cd01a110ab361ac5bad1ccd840a6c8a6eaa001a9d7d87dc3318643571226c4dd2c2ac41fb";

    fn decode(hex_message: &str) -> (Vec<u8>, ServerKeyExchangeEcdhe<'static>) {
        let bytes = hex::decode(hex_message).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::ServerKeyExchangeEcdhe(ske) = message.payload() else {
            panic!("not a ServerKeyExchange: {message:?}")
        };
        let ske = ske.clone().into_owned();
        (bytes, ske)
    }

    #[test]
    fn decodes_openssl_ecdsa_server_key_exchange() {
        let (bytes, ske) = decode(OPENSSL_ECDSA);
        assert_eq!(ske.params.curve_params().namedcurve, NamedGroup::X25519);
        assert_eq!(
            ske.params.curve_params().curve_type(),
            ECCurveType::NAMED_CURVE
        );
        assert_eq!(ske.params.public().as_slice(), &bytes[8..40]);
        assert_eq!(
            ske.signed_params.algorithm,
            SignatureScheme::ECDSA_SECP256R1_SHA256
        );
        assert_eq!(ske.signed_params.signature.len(), 70);
    }

    #[test]
    fn decodes_openssl_rsa_pss_server_key_exchange() {
        let (_, ske) = decode(OPENSSL_RSA_PSS);
        assert_eq!(
            ske.signed_params.algorithm,
            SignatureScheme::RSA_PSS_RSAE_SHA256
        );
        assert_eq!(ske.signed_params.signature.len(), 256);
    }

    #[test]
    fn decodes_illustrated_tls12_server_key_exchange() {
        let (_, ske) = decode(ILLUSTRATED_TLS12);
        assert_eq!(ske.params.curve_params().namedcurve, NamedGroup::X25519);
        // illustrated-tls12.json `ske_signature_algorithm`: 0401.
        assert_eq!(
            ske.signed_params.algorithm,
            SignatureScheme::RSA_PKCS1_SHA256
        );
        assert_eq!(ske.signed_params.signature.len(), 256);
    }

    #[test]
    fn encoded_params_are_the_received_bytes() {
        let bytes = hex::decode(OPENSSL_ECDSA).unwrap();
        let ske = ServerKeyExchangeEcdhe::decode_exact(&bytes[4..]).unwrap();
        // curve_type, namedcurve, then the 1-byte length and the 32-byte point.
        assert_eq!(ske.params.encoded(), &bytes[4..40]);
        assert!(matches!(ske.params.encoded, Cow::Borrowed(_)));
        let built = ServerECDHParams::new(ske.params.curve_params(), ske.params.public().clone());
        assert_eq!(built, ske.params);
    }

    #[test]
    fn signed_content_is_both_randoms_then_the_params() {
        let bytes = hex::decode(OPENSSL_ECDSA).unwrap();
        let ske = ServerKeyExchangeEcdhe::decode_exact(&bytes[4..]).unwrap();
        let content = ske.signed_content(&[1; 32], &[2; 32]);
        assert_eq!(content.len(), 64 + 36);
        assert_eq!(content[..32], [1; 32]);
        assert_eq!(content[32..64], [2; 32]);
        assert_eq!(content[64..], bytes[4..40]);
    }

    #[test]
    fn rejects_explicit_and_unknown_curve_types() {
        let mut bytes = hex::decode(OPENSSL_ECDSA).unwrap();
        for curve_type in [
            ECCurveType::EXPLICIT_PRIME.get(),
            ECCurveType::EXPLICIT_CHAR2.get(),
            0,
            4,
            248,
            255,
        ] {
            bytes[4] = curve_type;
            let err = HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls12).unwrap_err();
            assert_eq!(
                err.kind(),
                &DecodeErrorKind::IllegalValue {
                    value: u32::from(curve_type)
                }
            );
            assert_eq!((err.what(), err.offset()), ("ECParameters.curve_type", 4));
            assert_eq!(err.alert(), crate::ids::AlertDescription::ILLEGAL_PARAMETER);
        }
    }

    #[test]
    fn rejects_empty_point() {
        // named_curve x25519, empty point, then a signature.
        let body = [3, 0, 0x1d, 0, 4, 3, 0, 1, 0x30];
        let err =
            HandshakeMessage::decode(&frame(12, &body), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(err.what(), "ServerECDHParams.public");
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 0xff
            }
        );
    }

    #[test]
    fn rejects_missing_signature() {
        // ECDH_anon's form: params and nothing after them.
        let body = [3, 0, 0x1d, 1, 9];
        let err =
            HandshakeMessage::decode(&frame(12, &body), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(err.what(), "DigitallySigned.algorithm");
        assert!(matches!(err.kind(), DecodeErrorKind::Truncated { .. }));
    }

    #[test]
    fn keeps_any_named_group() {
        let body = [3, 0xfe, 0x00, 1, 9, 0xfe, 0xfe, 0, 0];
        let bytes = frame(12, &body);
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::ServerKeyExchangeEcdhe(ske) = message.payload() else {
            panic!()
        };
        assert_eq!(
            ske.params.curve_params().namedcurve,
            NamedGroup::from(0xfe00)
        );
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = hex::decode(OPENSSL_RSA_PSS).unwrap();
        let ske = ServerKeyExchangeEcdhe::decode_exact(&bytes[4..]).unwrap();
        let owned: ServerKeyExchangeEcdhe<'static> = ske.clone().into_owned();
        drop(bytes);
        assert_eq!(owned.params.encoded().len(), 36);
        assert_eq!(owned.signed_params.signature.len(), 256);
    }
}
