//! `supported_versions` (RFC 8446 §4.2.1): the versions the client offers, and the one the
//! server selects.

use crate::codec::List;
use crate::ids::ProtocolVersion;

/// The ClientHello form of `supported_versions` (RFC 8446 §4.2.1), in the client's order of
/// preference; GREASE and unknown versions are kept. The ServerHello and HelloRetryRequest
/// form is one [`ProtocolVersion`]
/// ([`Extension::SelectedVersion`](crate::extensions::Extension::SelectedVersion)).
///
/// ```text
/// struct {
///     select (Handshake.msg_type) {
///         case client_hello:
///              ProtocolVersion versions<2..254>;
///
///         case server_hello: /* and HelloRetryRequest */
///              ProtocolVersion selected_version;
///     };
/// } SupportedVersions;
/// ```
pub type SupportedVersionList = List<ProtocolVersion, 1, 2, 254>;

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};
    use crate::ids::ProtocolVersion;

    #[test]
    fn decodes_chrome_versions_with_grease() {
        let message = hex(CHROME_GREASE);
        let bytes = extension_in(client_hello_block(&message), 0x002b);
        let Extension::SupportedVersions(versions) =
            round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not a version list");
        };
        assert_eq!(
            versions.as_slice(),
            [
                ProtocolVersion::new(0x0a0a),
                ProtocolVersion::TLSV1_3,
                ProtocolVersion::TLSV1_2
            ]
        );
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        assert_length_mutations_fail(bytes, ExtensionContext::ClientHello, &[(4, 1)]);
    }

    #[test]
    fn decodes_selected_version_in_server_hello_and_hello_retry_request() {
        let message = hex(ILLUSTRATED_SH);
        let bytes = extension_in(server_hello_block(&message), 0x002b);
        assert_eq!(
            round_trip(bytes, ExtensionContext::ServerHello),
            Extension::SelectedVersion(ProtocolVersion::TLSV1_3)
        );
        assert_every_prefix_fails(bytes, ExtensionContext::ServerHello);
        let message = hex(HRR);
        let bytes = extension_in(server_hello_block(&message), 0x002b);
        assert_eq!(
            round_trip(bytes, ExtensionContext::HelloRetryRequest),
            Extension::SelectedVersion(ProtocolVersion::TLSV1_3)
        );
    }

    #[test]
    fn rejects_selected_version_with_trailing_bytes() {
        let err = decode_one(&[0, 0x2b, 0, 3, 3, 4, 0], ExtensionContext::ServerHello).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
    }

    #[test]
    fn rejects_empty_and_odd_version_lists() {
        assert!(decode_one(&[0, 0x2b, 0, 1, 0], ExtensionContext::ClientHello).is_err());
        assert!(decode_one(&[0, 0x2b, 0, 4, 3, 3, 4, 3], ExtensionContext::ClientHello).is_err());
    }
}
