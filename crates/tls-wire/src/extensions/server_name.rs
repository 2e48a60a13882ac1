//! `server_name` (RFC 6066 §3): the host the client asks for, and the server's empty
//! acknowledgement.

use crate::codec::{Codec, IntoOwned, List, ListView, Opaque, Reader};
use crate::error::DecodeError;

registry! {
    /// The kind of name in a [`ServerName`] (RFC 6066 §3).
    /// `enum { host_name(0), (255) } NameType;`
    pub struct NameType(u8);
    HOST_NAME = 0 => "host_name",
}

/// RFC 6066 §3: `opaque HostName<1..2^16-1>;`
///
/// A name of an unknown [`NameType`] is read as the same two-byte-prefixed opaque: RFC 6066 §3
/// defines only `host_name`, and every deployed name type since has kept that framing.
pub type HostName<'a> = Opaque<'a, 2, 1, 0xffff>;

/// RFC 6066 §3: `ServerName server_name_list<1..2^16-1>`
pub type ServerNameList<'a> = List<ServerName<'a>, 2, 1, 0xffff>;

/// [`ServerNameList`] checked as it decodes but not collected: what a server searches for its
/// host name.
pub type ServerNameListView<'a> = ListView<'a, ServerName<'a>, 2, 1, 0xffff>;

/// The field errors name for the list.
pub(super) const SERVER_NAME_LIST: &str = "ServerNameList";

/// One name in the client's `server_name` extension (RFC 6066 §3).
///
/// ```text
/// struct {
///     NameType name_type;
///     select (name_type) {
///         case host_name: HostName;
///     } name;
/// } ServerName;
///
/// enum {
///     host_name(0), (255)
/// } NameType;
///
/// opaque HostName<1..2^16-1>;
///
/// struct {
///     ServerName server_name_list<1..2^16-1>
/// } ServerNameList;
/// ```
///
/// The ServerHello and EncryptedExtensions form is an empty body
/// ([`Extension::ServerNameEmpty`](crate::extensions::Extension::ServerNameEmpty)).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServerName<'a> {
    /// The kind of name; unknown kinds are kept.
    pub name_type: NameType,
    /// The name, as sent (for `host_name`, ASCII without a trailing dot, per RFC 6066 §3).
    pub name: HostName<'a>,
}

impl ServerName<'_> {
    /// The host name, if this is a `host_name` entry.
    pub fn host_name(&self) -> Option<&[u8]> {
        (self.name_type == NameType::HOST_NAME).then(|| self.name.as_slice())
    }
}

impl<'a> Codec<'a> for ServerName<'a> {
    // Inlined into the loops over a list of names, which a client may make 16,000 long.
    #[inline]
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            name_type: NameType::new(r.u8("ServerName.name_type")?),
            name: HostName::decode_named(r, "ServerName.name")?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.name_type.encode(out);
        self.name.encode(out);
    }

    fn encoded_len(&self) -> usize {
        1 + self.name.encoded_len()
    }
}

impl IntoOwned for ServerName<'_> {
    type Owned = ServerName<'static>;

    fn into_owned(self) -> Self::Owned {
        ServerName {
            name_type: self.name_type,
            name: self.name.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};

    #[test]
    fn decodes_illustrated_host_name() {
        let block = hex(ILLUSTRATED_CH);
        let bytes = extension_in(client_hello_block(&block), 0x0000);
        let Extension::ServerName(list) = round_trip(bytes, ExtensionContext::ClientHello) else {
            panic!("not a ServerNameList");
        };
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].host_name(), Some(&b"example.ulfheim.net"[..]));
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        assert_length_mutations_fail(bytes, ExtensionContext::ClientHello, &[(4, 2), (7, 2)]);
    }

    #[test]
    fn keeps_unknown_name_type() {
        let bytes = [0, 0, 0, 12, 0, 10, 0, 0, 2, b'a', b'b', 7, 0, 2, 1, 2];
        let Extension::ServerName(list) = round_trip(&bytes, ExtensionContext::ClientHello) else {
            panic!("not a ServerNameList");
        };
        assert_eq!(list[1].name_type, NameType::new(7));
        assert_eq!(list[1].host_name(), None);
        assert_eq!(list[1].name.as_slice(), [1, 2]);
    }

    #[test]
    fn decodes_empty_acknowledgement_in_encrypted_extensions() {
        let message = hex(SIMPLE_EE);
        let bytes = extension_in(encrypted_extensions_block(&message), 0x0000);
        assert_eq!(
            round_trip(bytes, ExtensionContext::EncryptedExtensions),
            Extension::ServerNameEmpty
        );
        assert_eq!(
            round_trip(bytes, ExtensionContext::ServerHello),
            Extension::ServerNameEmpty
        );
    }

    #[test]
    fn rejects_acknowledgement_with_a_body() {
        let err = decode_one(&[0, 0, 0, 1, 0], ExtensionContext::EncryptedExtensions).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
    }

    #[test]
    fn rejects_empty_server_name_list_and_empty_host_name() {
        assert!(decode_one(&[0, 0, 0, 2, 0, 0], ExtensionContext::ClientHello).is_err());
        assert!(decode_one(&[0, 0, 0, 5, 0, 3, 0, 0, 0], ExtensionContext::ClientHello).is_err());
    }
}
