//! `encrypt_then_mac` (RFC 7366 §2): the TLS 1.2 signal that block-cipher records are MACed
//! after encryption, in a ClientHello and a TLS 1.2 ServerHello. Its body is empty
//! ([`Extension::EncryptThenMac`](crate::extensions::Extension::EncryptThenMac)).
//!
//! We have no CBC cipher suite, so the handshake never negotiates it; the codec still types it,
//! because clients offer it (OpenSSL does by default) and the dissector shows it.

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};

    #[test]
    fn decodes_openssl_encrypt_then_mac() {
        let message = hex(OPENSSL_TLS12_CH);
        let bytes = extension_in(client_hello_block(&message), 0x0016);
        assert_eq!(bytes, [0, 0x16, 0, 0]);
        assert_eq!(
            round_trip(bytes, ExtensionContext::ClientHello),
            Extension::EncryptThenMac
        );
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        assert_eq!(
            round_trip(bytes, ExtensionContext::ServerHello),
            Extension::EncryptThenMac
        );
    }

    #[test]
    fn rejects_encrypt_then_mac_with_a_body() {
        let err = decode_one(&[0, 0x16, 0, 2, 0, 0], ExtensionContext::ServerHello).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 2 });
        assert_eq!(err.what(), "encrypt_then_mac");
    }
}
