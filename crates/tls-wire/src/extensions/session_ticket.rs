//! `session_ticket` (RFC 5077 §3.2): TLS 1.2 stateless resumption. A client sends the ticket
//! it resumes with, or an empty one to ask for a ticket; a server answers with an empty
//! extension when it will send a NewSessionTicket
//! ([`Extension::SessionTicketEmpty`](crate::extensions::Extension::SessionTicketEmpty)).

use crate::extensions::ExtensionData;

/// The body of `session_ticket` in a ClientHello (RFC 5077 §3.2): the ticket itself, which
/// may be empty. RFC 5077 gives it no length of its own: the extension's `extension_data` is
/// the ticket, so it is kept as the raw rest of the body.
///
/// ```text
/// The extension_data field of SessionTicket extension contains the ticket.
/// ```
pub type SessionTicket<'a> = ExtensionData<'a>;

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext, SessionTicket};

    #[test]
    fn decodes_an_empty_ticket_request_and_the_server_acknowledgement() {
        let client_hello = hex(OPENSSL_TLS12_CH);
        let bytes = extension_in(client_hello_block(&client_hello), 0x0023);
        assert_eq!(bytes, [0, 0x23, 0, 0]);
        let Extension::SessionTicket(ticket) = round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not a SessionTicket");
        };
        assert!(ticket.is_empty());
        let server_hello = hex(OPENSSL_TLS12_SH);
        let bytes = extension_in(server_hello_block(&server_hello), 0x0023);
        assert_eq!(
            round_trip(bytes, ExtensionContext::ServerHello),
            Extension::SessionTicketEmpty
        );
        assert_every_prefix_fails(bytes, ExtensionContext::ServerHello);
    }

    #[test]
    fn keeps_a_ticket_as_the_whole_body_without_a_length() {
        // A ticket whose first bytes would read as a length prefix stays whole.
        let bytes = [0, 0x23, 0, 5, 0, 3, 0xaa, 0xbb, 0xcc];
        let Extension::SessionTicket(ticket) = round_trip(&bytes, ExtensionContext::ClientHello)
        else {
            panic!("not a SessionTicket");
        };
        assert_eq!(ticket.as_slice(), [0, 3, 0xaa, 0xbb, 0xcc]);
        assert_eq!(
            Extension::SessionTicket(SessionTicket::new(vec![0, 3, 0xaa, 0xbb, 0xcc]).unwrap())
                .body_len(),
            5
        );
    }

    #[test]
    fn rejects_a_server_hello_session_ticket_with_a_body() {
        let err = decode_one(&[0, 0x23, 0, 1, 7], ExtensionContext::ServerHello).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "session_ticket");
    }
}
