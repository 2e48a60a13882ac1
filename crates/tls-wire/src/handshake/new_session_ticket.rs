//! NewSessionTicket in its TLS 1.3 form. (The RFC 5077 form of TLS 1.2 is not parsed yet: it
//! decodes as an unknown message.)

use crate::codec::{Codec, IntoOwned, Opaque, Reader, Writer};
use crate::error::DecodeError;
use crate::extensions::{ExtensionContext, Extensions};

/// RFC 8446 §4.6.1: `opaque ticket_nonce<0..255>;`
pub type TicketNonce<'a> = Opaque<'a, 1, 0, 0xff>;

/// RFC 8446 §4.6.1: `opaque ticket<1..2^16-1>;`
pub type Ticket<'a> = Opaque<'a, 2, 1, 0xffff>;

/// The TLS 1.3 NewSessionTicket message (RFC 8446 §4.6.1).
///
/// ```text
/// struct {
///     uint32 ticket_lifetime;
///     uint32 ticket_age_add;
///     opaque ticket_nonce<0..255>;
///     opaque ticket<1..2^16-1>;
///     Extension extensions<0..2^16-2>;
/// } NewSessionTicket;
/// ```
///
/// Its extensions decode with [`ExtensionContext::NewSessionTicket`]. The 7-day ceiling on
/// `ticket_lifetime` binds the server that sends it; what a client does with a longer one is
/// the handshake layer's choice, so any value decodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicketTls13<'a> {
    /// `ticket_lifetime`, in seconds.
    pub ticket_lifetime: u32,
    /// `ticket_age_add`.
    pub ticket_age_add: u32,
    /// `ticket_nonce`.
    pub ticket_nonce: TicketNonce<'a>,
    /// `ticket`: the PSK identity to offer when resuming.
    pub ticket: Ticket<'a>,
    /// `extensions`, a block of [`ExtensionContext::NewSessionTicket`].
    pub extensions: Extensions<'a>,
}

impl<'a> Codec<'a> for NewSessionTicketTls13<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            ticket_lifetime: r.u32("NewSessionTicket.ticket_lifetime")?,
            ticket_age_add: r.u32("NewSessionTicket.ticket_age_add")?,
            ticket_nonce: TicketNonce::decode_named(r, "NewSessionTicket.ticket_nonce")?,
            ticket: Ticket::decode_named(r, "NewSessionTicket.ticket")?,
            extensions: Extensions::decode(r, ExtensionContext::NewSessionTicket)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_u32(self.ticket_lifetime);
        out.put_u32(self.ticket_age_add);
        self.ticket_nonce.encode(out);
        self.ticket.encode(out);
        self.extensions.encode(out);
    }
}

impl IntoOwned for NewSessionTicketTls13<'_> {
    type Owned = NewSessionTicketTls13<'static>;

    fn into_owned(self) -> Self::Owned {
        NewSessionTicketTls13 {
            ticket_lifetime: self.ticket_lifetime,
            ticket_age_add: self.ticket_age_add,
            ticket_nonce: self.ticket_nonce.into_owned(),
            ticket: self.ticket.into_owned(),
            extensions: self.extensions.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
    use crate::ids::{ExtensionType, HandshakeType};

    /// rfc8448-vectors.json, simple-1rtt, server `construct a NewSessionTicket handshake
    /// message`: lifetime 30 s, a 178-byte ticket, early_data allowing 1024 bytes.
    const RFC8448_NEW_SESSION_TICKET: &str = "040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d3570008002a000400000400";

    #[test]
    fn decodes_rfc8448_new_session_ticket() {
        let bytes = hex::decode(RFC8448_NEW_SESSION_TICKET).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls13);
        let HandshakePayload::NewSessionTicketTls13(ticket) = message.payload() else {
            panic!()
        };
        assert_eq!(ticket.ticket_lifetime, 30);
        assert_eq!(ticket.ticket_age_add, 0xfad6_aac5);
        assert_eq!(ticket.ticket_nonce.as_slice(), [0, 0]);
        assert_eq!(ticket.ticket.len(), 178);
        assert!(ticket.extensions.find(ExtensionType::EARLY_DATA).is_some());
    }

    #[test]
    fn tls12_new_session_ticket_is_not_parsed_yet() {
        let bytes = hex::decode(RFC8448_NEW_SESSION_TICKET).unwrap();
        let message = HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls12).unwrap();
        assert!(matches!(
            message.payload(),
            HandshakePayload::Unknown {
                typ: HandshakeType::NEW_SESSION_TICKET,
                ..
            }
        ));
    }

    #[test]
    fn rejects_empty_ticket() {
        // lifetime, age_add, empty nonce, empty ticket, empty extensions.
        let body = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0];
        let err = HandshakeMessage::decode(&frame(4, &body), NegotiatedVersion::Tls13).unwrap_err();
        assert_eq!(err.what(), "NewSessionTicket.ticket");
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 0xffff
            }
        );
    }

    #[test]
    fn rejects_missing_extensions_block() {
        let body = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 1, 7];
        let err = HandshakeMessage::decode(&frame(4, &body), NegotiatedVersion::Tls13).unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::Truncated { .. }),
            "{err}"
        );
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = hex::decode(RFC8448_NEW_SESSION_TICKET).unwrap();
        let ticket = NewSessionTicketTls13::decode_exact(&bytes[4..]).unwrap();
        let expected = ticket.to_vec();
        let owned: NewSessionTicketTls13<'static> = ticket.into_owned();
        drop(bytes);
        assert_eq!(owned.to_vec(), expected);
    }
}
