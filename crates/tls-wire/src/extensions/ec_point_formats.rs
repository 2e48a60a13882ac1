//! `ec_point_formats` (RFC 8422 §5.1.2, §5.2): the elliptic-curve point formats a TLS 1.2 peer
//! can parse, in a ClientHello and a TLS 1.2 ServerHello.

use crate::codec::List;
use crate::ids::ECPointFormat;

/// The body of `ec_point_formats` (RFC 8422 §5.1.2), in a ClientHello and, with the same
/// structure (RFC 8422 §5.2), a TLS 1.2 ServerHello, in the sender's order of preference.
/// Deprecated and unknown formats are kept.
///
/// ```text
/// enum {
///     uncompressed (0),
///     deprecated (1..2),
///     reserved (248..255)
/// } ECPointFormat;
/// struct {
///     ECPointFormat ec_point_format_list<1..2^8-1>
/// } ECPointFormatList;
/// ```
///
/// Whether `uncompressed` is listed is the handshake's check: RFC 8422 §5.1.2 makes its absence
/// an `illegal_parameter` only when the client also offered one of the RFC's curves in
/// `supported_groups`, which one extension cannot see.
pub type ECPointFormatList = List<ECPointFormat, 1, 1, 0xff>;

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};
    use crate::ids::ECPointFormat;

    #[test]
    fn decodes_openssl_formats_in_client_hello_and_server_hello() {
        let expected = [
            ECPointFormat::UNCOMPRESSED,
            ECPointFormat::ANSIX962_COMPRESSED_PRIME,
            ECPointFormat::ANSIX962_COMPRESSED_CHAR2,
        ];
        let client_hello = hex(OPENSSL_TLS12_CH);
        let server_hello = hex(OPENSSL_TLS12_SH);
        for (bytes, context) in [
            (
                extension_in(client_hello_block(&client_hello), 0x000b),
                ExtensionContext::ClientHello,
            ),
            (
                extension_in(server_hello_block(&server_hello), 0x000b),
                ExtensionContext::ServerHello,
            ),
        ] {
            let Extension::EcPointFormats(formats) = round_trip(bytes, context) else {
                panic!("not an ECPointFormatList");
            };
            assert_eq!(formats.as_slice(), expected);
            assert_every_prefix_fails(bytes, context);
            assert_length_mutations_fail(bytes, context, &[(4, 1)]);
        }
    }

    #[test]
    fn decodes_uncompressed_alone() {
        let message = hex(ILLUSTRATED_TLS12_CH);
        let bytes = extension_in(client_hello_block(&message), 0x000b);
        assert_eq!(bytes, [0, 0x0b, 0, 2, 1, 0]);
        let Extension::EcPointFormats(formats) = round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not an ECPointFormatList");
        };
        assert_eq!(formats.as_slice(), [ECPointFormat::UNCOMPRESSED]);
    }

    #[test]
    fn keeps_unknown_formats() {
        let extension = round_trip(&[0, 0x0b, 0, 3, 2, 0xf8, 0], ExtensionContext::ClientHello);
        let Extension::EcPointFormats(formats) = extension else {
            panic!("not an ECPointFormatList");
        };
        assert_eq!(formats[0], ECPointFormat::new(0xf8));
    }

    #[test]
    fn rejects_empty_point_format_list() {
        let err = decode_one(&[0, 0x0b, 0, 1, 0], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 0xff
            }
        );
        assert_eq!(err.what(), "ECPointFormatList.ec_point_format_list");
    }

    #[test]
    fn stays_opaque_in_tls13_server_messages() {
        for context in [
            ExtensionContext::EncryptedExtensions,
            ExtensionContext::HelloRetryRequest,
        ] {
            assert!(matches!(
                round_trip(&[0, 0x0b, 0, 2, 1, 0], context),
                Extension::Opaque { .. }
            ));
        }
    }
}
