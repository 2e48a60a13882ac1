//! `renegotiation_info` (RFC 5746 §3.2): the binding of a renegotiation to the connection it
//! renegotiates, in a ClientHello and a TLS 1.2 ServerHello.

use crate::codec::Opaque;

/// The body of `renegotiation_info` (RFC 5746 §3.2), in a ClientHello and a TLS 1.2
/// ServerHello: the previous handshake's verify_data, empty on an initial handshake.
///
/// ```text
/// struct {
///     opaque renegotiated_connection<0..255>;
/// } RenegotiationInfo;
/// ```
///
/// We never renegotiate, so every handshake is an initial one, where the handshake must check
/// that the field is empty and otherwise abort with `handshake_failure` (RFC 5746 §3.4, §3.6),
/// an alert a decode error cannot give. The codec keeps whatever bytes are there, so a
/// renegotiating peer's hello still decodes and round-trips for the dissector.
pub type RenegotiationInfo<'a> = Opaque<'a, 1, 0, 0xff>;

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};

    #[test]
    fn decodes_initial_handshake_renegotiation_info_both_ways() {
        let client_hello = hex(ILLUSTRATED_TLS12_CH);
        let server_hello = hex(OPENSSL_TLS12_SH);
        let illustrated_server_hello = hex(ILLUSTRATED_TLS12_SH);
        for (bytes, context) in [
            (
                extension_in(client_hello_block(&client_hello), 0xff01),
                ExtensionContext::ClientHello,
            ),
            (
                extension_in(server_hello_block(&server_hello), 0xff01),
                ExtensionContext::ServerHello,
            ),
            (
                extension_in(server_hello_block(&illustrated_server_hello), 0xff01),
                ExtensionContext::ServerHello,
            ),
        ] {
            // RFC 5746 §3.2: "the entire encoding of the extension is ff 01 00 01 00."
            assert_eq!(bytes, [0xff, 0x01, 0, 1, 0]);
            let Extension::RenegotiationInfo(info) = round_trip(bytes, context) else {
                panic!("not a RenegotiationInfo");
            };
            assert!(info.is_empty());
            assert_every_prefix_fails(bytes, context);
            assert_length_mutations_fail(bytes, context, &[(4, 1)]);
        }
    }

    #[test]
    fn keeps_renegotiation_verify_data() {
        let mut bytes = vec![0xff, 0x01, 0, 13, 12];
        bytes.extend_from_slice(&[0x5a; 12]);
        let Extension::RenegotiationInfo(info) = round_trip(&bytes, ExtensionContext::ClientHello)
        else {
            panic!("not a RenegotiationInfo");
        };
        assert_eq!(info.len(), 12);
        assert_length_mutations_fail(&bytes, ExtensionContext::ClientHello, &[(4, 1)]);
    }

    #[test]
    fn rejects_renegotiation_info_without_its_length() {
        let err = decode_one(&[0xff, 0x01, 0, 0], ExtensionContext::ClientHello).unwrap_err();
        assert!(matches!(err.kind(), DecodeErrorKind::Truncated { .. }));
        assert_eq!(err.what(), "RenegotiationInfo.renegotiated_connection");
    }
}
