//! CertificateRequest in its TLS 1.3 form. (The TLS 1.2 form, with certificate types and
//! authorities, is not parsed yet: it decodes as an unknown message.)

use crate::codec::{Codec, IntoOwned, Reader};
use crate::error::DecodeError;
use crate::extensions::{ExtensionContext, Extensions};
use crate::handshake::CertificateRequestContext;

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

    #[test]
    fn tls12_certificate_request_is_not_parsed_yet() {
        let bytes = hex::decode(RFC8448_CERTIFICATE_REQUEST).unwrap();
        let message = HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls12).unwrap();
        assert!(matches!(
            message.payload(),
            HandshakePayload::Unknown {
                typ: HandshakeType::CERTIFICATE_REQUEST,
                ..
            }
        ));
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
    }
}
