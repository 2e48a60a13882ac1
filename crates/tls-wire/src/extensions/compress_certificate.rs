//! `compress_certificate` (RFC 8879 §3): the algorithms a peer can decompress a
//! CompressedCertificate with, sent by a client in its ClientHello and by a server in its
//! CertificateRequest. TLS 1.3 only: "if TLS 1.2 [RFC5246] or earlier is negotiated, the peers
//! MUST ignore this extension", which is the handshake's to do.

use crate::codec::List;
use crate::ids::CertificateCompressionAlgorithm;

/// The body of `compress_certificate` (RFC 8879 §3), in a ClientHello and a
/// CertificateRequest. Unknown and GREASE algorithms are kept.
///
/// ```text
/// enum {
///     zlib(1),
///     brotli(2),
///     zstd(3),
///     (65535)
/// } CertificateCompressionAlgorithm;
///
/// struct {
///     CertificateCompressionAlgorithm algorithms<2..2^8-2>;
/// } CertificateCompressionAlgorithms;
/// ```
pub type CertificateCompressionAlgorithms = List<CertificateCompressionAlgorithm, 1, 2, 0xfe>;

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};
    use crate::ids::CertificateCompressionAlgorithm;

    #[test]
    fn decodes_chrome_brotli() {
        for message in [hex(CHROME_GREASE), hex(BADCURVEBALL)] {
            let bytes = extension_in(client_hello_block(&message), 0x001b);
            let Extension::CompressCertificate(algorithms) =
                round_trip(bytes, ExtensionContext::ClientHello)
            else {
                panic!("not CertificateCompressionAlgorithms");
            };
            assert_eq!(
                algorithms.as_slice(),
                [CertificateCompressionAlgorithm::BROTLI]
            );
            assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
            assert_length_mutations_fail(bytes, ExtensionContext::ClientHello, &[(4, 1)]);
        }
    }

    #[test]
    fn decodes_a_server_request_in_a_certificate_request() {
        let bytes = [0, 0x1b, 0, 5, 4, 0, 3, 0, 1];
        let Extension::CompressCertificate(algorithms) =
            round_trip(&bytes, ExtensionContext::CertificateRequest)
        else {
            panic!("not CertificateCompressionAlgorithms");
        };
        assert_eq!(
            algorithms.as_slice(),
            [
                CertificateCompressionAlgorithm::ZSTD,
                CertificateCompressionAlgorithm::ZLIB
            ]
        );
    }

    #[test]
    fn rejects_empty_and_odd_length_algorithm_lists() {
        let err = decode_one(&[0, 0x1b, 0, 1, 0], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 2,
                max: 0xfe
            }
        );
        assert_eq!(err.what(), "CertificateCompressionAlgorithms.algorithms");
        let err =
            decode_one(&[0, 0x1b, 0, 4, 3, 0, 2, 0], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthNotMultiple { len: 3, element: 2 }
        );
    }

    #[test]
    fn rejects_an_algorithm_list_of_255_bytes() {
        let mut bytes = vec![0, 0x1b, 1, 0, 0xff];
        bytes.resize(4 + 0x100, 1);
        let err = decode_one(&bytes, ExtensionContext::ClientHello).unwrap_err();
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::LengthOutOfBounds { len: 0xff, .. }
                | DecodeErrorKind::LengthNotMultiple { .. }
        ));
    }
}
