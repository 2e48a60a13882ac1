//! `signature_algorithms` and `signature_algorithms_cert` (RFC 8446 §4.2.3): the signature
//! schemes a peer accepts in CertificateVerify and in certificates.

use crate::codec::List;
use crate::ids::SignatureScheme;

/// The body of `signature_algorithms` and of `signature_algorithms_cert` (RFC 8446 §4.2.3), in
/// the ClientHello and the CertificateRequest, in descending order of preference. A TLS 1.2
/// `SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>` (RFC 5246 §7.4.1.4.1)
/// has the same encoding.
///
/// ```text
/// struct {
///     SignatureScheme supported_signature_algorithms<2..2^16-2>;
/// } SignatureSchemeList;
/// ```
pub type SignatureSchemeList = List<SignatureScheme, 2, 2, 0xfffe>;

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};
    use crate::ids::SignatureScheme;

    #[test]
    fn decodes_client_hello_schemes() {
        let message = hex(ILLUSTRATED_CH);
        let bytes = extension_in(client_hello_block(&message), 0x000d);
        let Extension::SignatureAlgorithms(schemes) =
            round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not a SignatureSchemeList");
        };
        assert_eq!(schemes.len(), 14);
        assert_eq!(schemes[0], SignatureScheme::ECDSA_SECP256R1_SHA256);
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        assert_length_mutations_fail(bytes, ExtensionContext::ClientHello, &[(4, 2)]);
    }

    #[test]
    fn decodes_certificate_request_schemes() {
        let message = hex(CLIENT_AUTH_CR);
        let bytes = extension_in(certificate_request_block(&message), 0x000d);
        let Extension::SignatureAlgorithms(schemes) =
            round_trip(bytes, ExtensionContext::CertificateRequest)
        else {
            panic!("not a SignatureSchemeList");
        };
        assert_eq!(schemes.len(), 15);
        assert_every_prefix_fails(bytes, ExtensionContext::CertificateRequest);
    }

    #[test]
    fn signature_algorithms_cert_takes_the_same_form() {
        let bytes = [0, 0x32, 0, 4, 0, 2, 0x08, 0x04];
        assert_eq!(
            round_trip(&bytes, ExtensionContext::CertificateRequest),
            Extension::SignatureAlgorithmsCert(
                crate::extensions::SignatureSchemeList::new(vec![
                    SignatureScheme::RSA_PSS_RSAE_SHA256
                ])
                .unwrap()
            )
        );
    }

    #[test]
    fn rejects_empty_and_odd_length_scheme_lists() {
        let err = decode_one(&[0, 0x0d, 0, 2, 0, 0], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 2,
                max: 0xfffe
            }
        );
        let err = decode_one(
            &[0, 0x0d, 0, 5, 0, 3, 4, 3, 5],
            ExtensionContext::CertificateRequest,
        )
        .unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthNotMultiple { len: 3, element: 2 }
        );
    }
}
