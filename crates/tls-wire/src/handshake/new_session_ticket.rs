//! NewSessionTicket, in its two wire forms: [`NewSessionTicketTls13`] (RFC 8446, with a nonce,
//! an age offset and extensions) and [`NewSessionTicketTls12`] (RFC 5077: a lifetime hint and
//! the ticket).

use crate::codec::{Codec, IntoOwned, Opaque, Reader, Writer};
use crate::error::DecodeError;
use crate::extensions::{ExtensionContext, Extensions};

/// RFC 8446 §4.6.1: `opaque ticket_nonce<0..255>;`
pub type TicketNonce<'a> = Opaque<'a, 1, 0, 0xff>;

/// RFC 8446 §4.6.1: `opaque ticket<1..2^16-1>;`
pub type Ticket<'a> = Opaque<'a, 2, 1, 0xffff>;

/// RFC 5077 §3.3: `opaque ticket<0..2^16-1>;` (empty when the server decides not to issue
/// one after all).
pub type TicketTls12<'a> = Opaque<'a, 2, 0, 0xffff>;

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

/// The TLS 1.2 NewSessionTicket message (RFC 5077 §3.3).
///
/// ```text
/// struct {
///     uint32 ticket_lifetime_hint;
///     opaque ticket<0..2^16-1>;
/// } NewSessionTicket;
/// ```
///
/// An empty ticket decodes: RFC 5077 §3.3 has a server that changed its mind send one ("it
/// sends a zero-length ticket in the NewSessionTicket handshake message"). A lifetime hint of
/// zero means "unspecified".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicketTls12<'a> {
    /// `ticket_lifetime_hint`, in seconds; 0 when unspecified.
    pub ticket_lifetime_hint: u32,
    /// `ticket`: opaque to the client, which offers it back in its `session_ticket` extension.
    pub ticket: TicketTls12<'a>,
}

impl<'a> Codec<'a> for NewSessionTicketTls12<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            ticket_lifetime_hint: r.u32("NewSessionTicket.ticket_lifetime_hint")?,
            ticket: TicketTls12::decode_named(r, "NewSessionTicket.ticket")?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_u32(self.ticket_lifetime_hint);
        self.ticket.encode(out);
    }
}

impl IntoOwned for NewSessionTicketTls12<'_> {
    type Owned = NewSessionTicketTls12<'static>;

    fn into_owned(self) -> Self::Owned {
        NewSessionTicketTls12 {
            ticket_lifetime_hint: self.ticket_lifetime_hint,
            ticket: self.ticket.into_owned(),
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

    /// openssl-captures.json, tls12-ecdhe-ecdsa-aes128-gcm-sha256, s2c record 8: lifetime hint
    /// 7200 s, a 176-byte ticket.
    const OPENSSL_TLS12_NEW_SESSION_TICKET: &str = "040000b600001c2000b02fb737793835df04bce143e217331655b2c4a251b3582f7f215f6a781b80da94334c67ba9d2b0b203461e00aa860d6fb10c266c12b1b3725d7ef4134161120529707f29068c9269eb118ec1c1e31453eb0876ef1de401f11754f2bcfb0768320ca87b6ede48dcf32d6058caf83834d87332e67791cc14cd50364b728e51d5932bef391d2164b1461e37714f8d1d761556b00fca679f8cfe72c9dc513a6530e8dfddc3f8d7db18da5f3b1db4d9ad435e7";

    #[test]
    fn decodes_openssl_tls12_new_session_ticket() {
        let bytes = hex::decode(OPENSSL_TLS12_NEW_SESSION_TICKET).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::NewSessionTicketTls12(ticket) = message.payload() else {
            panic!()
        };
        assert_eq!(ticket.ticket_lifetime_hint, 7200);
        assert_eq!(ticket.ticket.as_slice(), &bytes[10..]);
        assert_eq!(ticket.ticket.len(), 176);
    }

    #[test]
    fn the_version_picks_the_form() {
        // The TLS 1.3 ticket's age_add would be read as the 1.2 ticket's length, and the 1.2
        // ticket has no nonce, ticket and extensions where 1.3 needs them.
        let bytes = hex::decode(RFC8448_NEW_SESSION_TICKET).unwrap();
        assert!(HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls12).is_err());
        let bytes = hex::decode(OPENSSL_TLS12_NEW_SESSION_TICKET).unwrap();
        assert!(HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls13).is_err());
        assert!(matches!(
            HandshakeMessage::decode(&bytes, NegotiatedVersion::NotYet)
                .unwrap()
                .payload(),
            HandshakePayload::Unknown {
                typ: HandshakeType::NEW_SESSION_TICKET,
                ..
            }
        ));
    }

    #[test]
    fn decodes_empty_tls12_ticket() {
        let bytes = frame(4, &[0, 0, 0, 0, 0, 0]);
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::NewSessionTicketTls12(ticket) = message.payload() else {
            panic!()
        };
        assert_eq!(ticket.ticket_lifetime_hint, 0);
        assert!(ticket.ticket.is_empty());
    }

    #[test]
    fn rejects_tls12_ticket_longer_than_the_body() {
        let err =
            HandshakeMessage::decode(&frame(4, &[0, 0, 0, 1, 0, 2, 7]), NegotiatedVersion::Tls12)
                .unwrap_err();
        assert_eq!(err.what(), "NewSessionTicket.ticket");
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::Truncated {
                needed: 2,
                available: 1
            }
        );
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

        let bytes = hex::decode(OPENSSL_TLS12_NEW_SESSION_TICKET).unwrap();
        let ticket = NewSessionTicketTls12::decode_exact(&bytes[4..]).unwrap();
        let owned: NewSessionTicketTls12<'static> = ticket.clone().into_owned();
        assert_eq!(owned, ticket);
    }
}
