//! `extended_master_secret` (RFC 7627 §5.1): the signal, in a ClientHello and a TLS 1.2
//! ServerHello, that both sides compute the master secret over the session hash. Its body is
//! empty ([`Extension::ExtendedMasterSecret`](crate::extensions::Extension::ExtendedMasterSecret)).
//!
//! ```text
//! The "extension_data" field of this extension is empty.
//! ```

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};

    #[test]
    fn decodes_openssl_extended_master_secret_both_ways() {
        let client_hello = hex(OPENSSL_TLS12_CH);
        let server_hello = hex(OPENSSL_TLS12_SH);
        for (bytes, context) in [
            (
                extension_in(client_hello_block(&client_hello), 0x0017),
                ExtensionContext::ClientHello,
            ),
            (
                extension_in(server_hello_block(&server_hello), 0x0017),
                ExtensionContext::ServerHello,
            ),
        ] {
            assert_eq!(bytes, [0, 0x17, 0, 0]);
            assert_eq!(round_trip(bytes, context), Extension::ExtendedMasterSecret);
            assert_every_prefix_fails(bytes, context);
        }
    }

    #[test]
    fn rejects_extended_master_secret_with_a_body() {
        for context in [ExtensionContext::ClientHello, ExtensionContext::ServerHello] {
            let err = decode_one(&[0, 0x17, 0, 1, 0], context).unwrap_err();
            assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
            assert_eq!(err.what(), "extended_master_secret");
        }
    }

    #[test]
    fn stays_opaque_in_tls13_server_messages() {
        assert!(matches!(
            round_trip(&[0, 0x17, 0, 0], ExtensionContext::EncryptedExtensions),
            Extension::Opaque { .. }
        ));
    }
}
