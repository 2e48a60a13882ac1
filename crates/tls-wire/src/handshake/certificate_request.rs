//! CertificateRequest, in its two wire forms: [`CertificateRequestTls13`] (a context and
//! extensions) and [`CertificateRequestTls12`] (certificate types, signature algorithms and
//! authorities as fields of their own).

use crate::codec::{Codec, IntoOwned, List, Reader};
use crate::error::DecodeError;
use crate::extensions::{DistinguishedName, ExtensionContext, Extensions};
use crate::handshake::CertificateRequestContext;
use crate::ids::{ClientCertificateType, SignatureScheme};

/// RFC 5246 §7.4.4: `ClientCertificateType certificate_types<1..2^8-1>;`
pub type ClientCertificateTypes = List<ClientCertificateType, 1, 1, 0xff>;

/// RFC 5246 §7.4.4: `SignatureAndHashAlgorithm supported_signature_algorithms<2^16-1>;`, read
/// as `<2..2^16-2>`.
///
/// `<2^16-1>` alone is not a vector form of RFC 5246 §4.3; the same field of the
/// `signature_algorithms` extension (§7.4.1.4.1) is declared
/// `supported_signature_algorithms<2..2^16-2>`, and rustls refuses an empty list here too
/// (`InvalidMessage::NoSignatureSchemes`), so we read it with those bounds: a request no
/// signature can satisfy fails as a decode error. Each pair is a [`SignatureScheme`] (RFC 8446 §4.2.3
/// aligned the values with TLS 1.2's encoding).
pub type SupportedSignatureAlgorithms = List<SignatureScheme, 2, 2, 0xfffe>;

/// RFC 5246 §7.4.4: `DistinguishedName certificate_authorities<0..2^16-1>;`, each an
/// `opaque DistinguishedName<1..2^16-1>;` (DER).
pub type CertificateAuthoritiesTls12<'a> = List<DistinguishedName<'a>, 2, 0, 0xffff>;

/// The TLS 1.3 CertificateRequest message (RFC 8446 §4.3.2).
///
/// ```text
/// struct {
///     opaque certificate_request_context<0..2^8-1>;
///     Extension extensions<2..2^16-1>;
/// } CertificateRequest;
/// ```
///
/// Its extensions decode with [`ExtensionContext::CertificateRequest`]; that
/// `signature_algorithms` is among them is the handshake layer's check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequestTls13<'a> {
    /// `certificate_request_context`: empty in the main handshake, unique per request after it.
    pub certificate_request_context: CertificateRequestContext<'a>,
    /// `extensions`, a block of [`ExtensionContext::CertificateRequest`].
    pub extensions: Extensions<'a>,
}

impl<'a> Codec<'a> for CertificateRequestTls13<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            certificate_request_context: CertificateRequestContext::decode_named(
                r,
                "CertificateRequest.certificate_request_context",
            )?,
            extensions: Extensions::decode(r, ExtensionContext::CertificateRequest)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.certificate_request_context.encode(out);
        self.extensions.encode(out);
    }
}

impl IntoOwned for CertificateRequestTls13<'_> {
    type Owned = CertificateRequestTls13<'static>;

    fn into_owned(self) -> Self::Owned {
        CertificateRequestTls13 {
            certificate_request_context: self.certificate_request_context.into_owned(),
            extensions: self.extensions.into_owned(),
        }
    }
}

/// The TLS 1.2 CertificateRequest message (RFC 5246 §7.4.4).
///
/// ```text
/// struct {
///     ClientCertificateType certificate_types<1..2^8-1>;
///     SignatureAndHashAlgorithm
///       supported_signature_algorithms<2^16-1>;
///     DistinguishedName certificate_authorities<0..2^16-1>;
/// } CertificateRequest;
/// ```
///
/// Unknown certificate types and signature pairs are kept as received, in wire order; which of
/// them a client can satisfy is the handshake layer's choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequestTls12<'a> {
    /// `certificate_types`: the key types the client's certificate may hold.
    pub certificate_types: ClientCertificateTypes,
    /// `supported_signature_algorithms`, in the server's order of preference.
    pub supported_signature_algorithms: SupportedSignatureAlgorithms,
    /// `certificate_authorities`: DER distinguished names; empty means any.
    pub certificate_authorities: CertificateAuthoritiesTls12<'a>,
}

impl<'a> Codec<'a> for CertificateRequestTls12<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            certificate_types: ClientCertificateTypes::decode_named(
                r,
                "CertificateRequest.certificate_types",
            )?,
            supported_signature_algorithms: SupportedSignatureAlgorithms::decode_named(
                r,
                "CertificateRequest.supported_signature_algorithms",
            )?,
            certificate_authorities: CertificateAuthoritiesTls12::decode_named(
                r,
                "CertificateRequest.certificate_authorities",
            )?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.certificate_types.encode(out);
        self.supported_signature_algorithms.encode(out);
        self.certificate_authorities.encode(out);
    }
}

impl IntoOwned for CertificateRequestTls12<'_> {
    type Owned = CertificateRequestTls12<'static>;

    fn into_owned(self) -> Self::Owned {
        CertificateRequestTls12 {
            certificate_types: self.certificate_types,
            supported_signature_algorithms: self.supported_signature_algorithms,
            certificate_authorities: self.certificate_authorities.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
    use crate::ids::{ExtensionType, HandshakeType};

    /// rfc8448-vectors.json, client-auth, server `construct a CertificateRequest handshake
    /// message`: empty context, signature_algorithms.
    const RFC8448_CERTIFICATE_REQUEST: &str =
        "0d000027000024000d0020001e040305030603020308040805080604010501060102010402050206020202";

    #[test]
    fn decodes_rfc8448_certificate_request() {
        let bytes = hex::decode(RFC8448_CERTIFICATE_REQUEST).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls13);
        let HandshakePayload::CertificateRequestTls13(request) = message.payload() else {
            panic!()
        };
        assert!(request.certificate_request_context.is_empty());
        assert!(
            request
                .extensions
                .find(ExtensionType::SIGNATURE_ALGORITHMS)
                .is_some()
        );
    }

    /// OpenSSL 3.0.19, `openssl s_server -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256 -Verify 1
    /// -CAfile ca.pem -status_file resp.der` with `openssl s_client -tls1_2 -cert client.pem
    /// -key client.key -status -msg` (a P-256 test CA "msg12 test CA", 2026-11-22): the
    /// CertificateRequest the client printed. rsa_sign, dss_sign, ecdsa_sign; 20 signature pairs; one
    /// authority.
    const OPENSSL_TLS12_CERTIFICATE_REQUEST: &str = "0d00004c030102400028040305030603080708080809080a080b080408050806040105010601030303010302040205020602001c001a30183116301406035504030c0d6d736731322074657374204341";

    #[test]
    fn decodes_openssl_tls12_certificate_request() {
        let bytes = hex::decode(OPENSSL_TLS12_CERTIFICATE_REQUEST).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::CertificateRequestTls12(request) = message.payload() else {
            panic!("not a TLS 1.2 CertificateRequest: {message:?}")
        };
        assert_eq!(
            request.certificate_types.as_slice(),
            [
                ClientCertificateType::RSA_SIGN,
                ClientCertificateType::DSS_SIGN,
                ClientCertificateType::ECDSA_SIGN
            ]
        );
        assert_eq!(request.supported_signature_algorithms.len(), 20);
        assert_eq!(
            request.supported_signature_algorithms[0],
            SignatureScheme::ECDSA_SECP256R1_SHA256
        );
        let [authority] = request.certificate_authorities.as_slice() else {
            panic!()
        };
        // A DER Name: SEQUENCE { SET { SEQUENCE { commonName, "msg12 test CA" } } }.
        assert_eq!(authority.len(), 26);
        assert_eq!(authority[..2], [0x30, 0x18]);
    }

    #[test]
    fn the_version_picks_the_form() {
        // The TLS 1.3 request's empty context reads as an empty certificate_types list.
        let bytes = hex::decode(RFC8448_CERTIFICATE_REQUEST).unwrap();
        let err = HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(err.what(), "CertificateRequest.certificate_types");
        let bytes = hex::decode(OPENSSL_TLS12_CERTIFICATE_REQUEST).unwrap();
        assert!(HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls13).is_err());
        assert!(matches!(
            HandshakeMessage::decode(&bytes, NegotiatedVersion::NotYet)
                .unwrap()
                .payload(),
            HandshakePayload::Unknown {
                typ: HandshakeType::CERTIFICATE_REQUEST,
                ..
            }
        ));
    }

    #[test]
    fn rejects_empty_certificate_types() {
        let body = [0, 0, 2, 4, 3, 0, 0];
        let err =
            HandshakeMessage::decode(&frame(13, &body), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(err.what(), "CertificateRequest.certificate_types");
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
    fn rejects_empty_supported_signature_algorithms() {
        let body = [1, 64, 0, 0, 0, 0];
        let err =
            HandshakeMessage::decode(&frame(13, &body), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(
            err.what(),
            "CertificateRequest.supported_signature_algorithms"
        );
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::LengthOutOfBounds { len: 0, .. }
        ));
    }

    #[test]
    fn rejects_odd_length_signature_algorithms() {
        let body = [1, 64, 0, 3, 4, 3, 5, 0, 0];
        let err =
            HandshakeMessage::decode(&frame(13, &body), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthNotMultiple { len: 3, element: 2 }
        );
    }

    #[test]
    fn rejects_empty_distinguished_name() {
        let body = [1, 64, 0, 2, 4, 3, 0, 2, 0, 0];
        let err =
            HandshakeMessage::decode(&frame(13, &body), NegotiatedVersion::Tls12).unwrap_err();
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::LengthOutOfBounds { len: 0, min: 1, .. }
        ));
    }

    #[test]
    fn keeps_unknown_types_and_pairs_and_empty_authorities() {
        let body = [2, 0xee, 1, 0, 4, 0xfe, 0xfe, 4, 3, 0, 0];
        let bytes = frame(13, &body);
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::CertificateRequestTls12(request) = message.payload() else {
            panic!()
        };
        assert_eq!(
            request.certificate_types[0],
            ClientCertificateType::from(0xee)
        );
        assert_eq!(
            request.supported_signature_algorithms[0],
            SignatureScheme::from(0xfefe)
        );
        assert!(request.certificate_authorities.is_empty());
    }

    #[test]
    fn rejects_missing_extensions_block() {
        let err = HandshakeMessage::decode(&frame(13, &[0]), NegotiatedVersion::Tls13).unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::Truncated { .. }),
            "{err}"
        );
    }

    #[test]
    fn rejects_context_longer_than_the_body() {
        let err =
            HandshakeMessage::decode(&frame(13, &[5, 0, 0]), NegotiatedVersion::Tls13).unwrap_err();
        assert_eq!(err.what(), "CertificateRequest.certificate_request_context");
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = hex::decode(RFC8448_CERTIFICATE_REQUEST).unwrap();
        let request = CertificateRequestTls13::decode_exact(&bytes[4..]).unwrap();
        let owned: CertificateRequestTls13<'static> = request.clone().into_owned();
        assert_eq!(owned, request);

        let bytes = hex::decode(OPENSSL_TLS12_CERTIFICATE_REQUEST).unwrap();
        let request = CertificateRequestTls12::decode_exact(&bytes[4..]).unwrap();
        let expected = request.to_vec();
        let owned: CertificateRequestTls12<'static> = request.into_owned();
        drop(bytes);
        assert_eq!(owned.to_vec(), expected);
    }
}
