//! `post_handshake_auth` (RFC 8446 §4.2.6): the client's signal, in its ClientHello, that it
//! will answer a CertificateRequest after the handshake. Its body is empty
//! ([`Extension::PostHandshakeAuth`](crate::extensions::Extension::PostHandshakeAuth)).
//!
//! ```text
//! struct {} PostHandshakeAuth;
//! ```

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};

    #[test]
    fn decodes_curl_post_handshake_auth() {
        let message = hex(CURL);
        let bytes = extension_in(client_hello_block(&message), 0x0031);
        assert_eq!(
            round_trip(bytes, ExtensionContext::ClientHello),
            Extension::PostHandshakeAuth
        );
    }

    #[test]
    fn rejects_post_handshake_auth_with_a_body() {
        let err = decode_one(&[0, 0x31, 0, 2, 0, 0], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 2 });
    }

    #[test]
    fn stays_opaque_outside_the_client_hello() {
        let bytes = [0, 0x31, 0, 0];
        assert!(matches!(
            round_trip(&bytes, ExtensionContext::EncryptedExtensions),
            Extension::Opaque { .. }
        ));
    }
}
