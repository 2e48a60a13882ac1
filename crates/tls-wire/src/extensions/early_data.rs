//! `early_data` (RFC 8446 §4.2.10): empty in a ClientHello (the client sends 0-RTT data) and
//! in EncryptedExtensions (the server accepts it); in a NewSessionTicket, the most early data
//! the ticket allows.
//!
//! ```text
//! struct {} Empty;
//!
//! struct {
//!     select (Handshake.msg_type) {
//!         case new_session_ticket:   uint32 max_early_data_size;
//!         case client_hello:         Empty;
//!         case encrypted_extensions: Empty;
//!     };
//! } EarlyDataIndication;
//! ```
//!
//! The two forms are [`Extension::EarlyData`](crate::extensions::Extension::EarlyData) and
//! [`Extension::MaxEarlyDataSize`](crate::extensions::Extension::MaxEarlyDataSize).

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};

    #[test]
    fn decodes_empty_indication_in_client_hello_and_encrypted_extensions() {
        let message = hex(RESUMED_CH);
        let bytes = extension_in(client_hello_block(&message), 0x002a);
        assert_eq!(
            round_trip(bytes, ExtensionContext::ClientHello),
            Extension::EarlyData
        );
        let message = hex(RESUMED_EE);
        let bytes = extension_in(encrypted_extensions_block(&message), 0x002a);
        assert_eq!(
            round_trip(bytes, ExtensionContext::EncryptedExtensions),
            Extension::EarlyData
        );
    }

    #[test]
    fn decodes_max_early_data_size_in_new_session_ticket() {
        let message = hex(SIMPLE_NST);
        let bytes = extension_in(new_session_ticket_block(&message), 0x002a);
        assert_eq!(
            round_trip(bytes, ExtensionContext::NewSessionTicket),
            Extension::MaxEarlyDataSize(0x400)
        );
        assert_every_prefix_fails(bytes, ExtensionContext::NewSessionTicket);
    }

    #[test]
    fn rejects_early_data_indication_with_a_body() {
        let err = decode_one(&[0, 0x2a, 0, 1, 0], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "early_data");
        let err = decode_one(
            &[0, 0x2a, 0, 5, 0, 0, 4, 0, 0],
            ExtensionContext::NewSessionTicket,
        )
        .unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
    }
}
