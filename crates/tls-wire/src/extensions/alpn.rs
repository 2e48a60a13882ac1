//! `application_layer_protocol_negotiation` (RFC 7301): the protocols the client offers and
//! the one the server selects.

use crate::codec::{List, ListView, Opaque};

/// RFC 7301 §3.1: `opaque ProtocolName<1..2^8-1>;`
pub type ProtocolName<'a> = Opaque<'a, 1, 1, 0xff>;

/// The body of `application_layer_protocol_negotiation` (RFC 7301 §3.1): the client's protocols
/// in descending order of preference, or the server's one selection (in a TLS 1.2 ServerHello
/// or a TLS 1.3 EncryptedExtensions). That the server's list holds exactly one name is the
/// handshake's check.
///
/// ```text
/// opaque ProtocolName<1..2^8-1>;
///
/// struct {
///     ProtocolName protocol_name_list<2..2^16-1>
/// } ProtocolNameList;
/// ```
pub type ProtocolNameList<'a> = List<ProtocolName<'a>, 2, 2, 0xffff>;

/// [`ProtocolNameList`] checked as it decodes but not collected: what a server searches and
/// hands on in its wire encoding.
pub type ProtocolNameListView<'a> = ListView<'a, ProtocolName<'a>, 2, 2, 0xffff>;

/// The field errors name for `protocol_name_list`.
pub(super) const PROTOCOL_NAME_LIST: &str = "ProtocolNameList.protocol_name_list";

#[cfg(test)]
mod tests {
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext, ProtocolName, ProtocolNameList};

    #[test]
    fn decodes_chrome_protocols() {
        let message = hex(CHROME_GREASE);
        let bytes = extension_in(client_hello_block(&message), 0x0010);
        let Extension::ApplicationLayerProtocolNegotiation(names) =
            round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not a ProtocolNameList");
        };
        let names: Vec<&[u8]> = names.iter().map(|name| name.as_slice()).collect();
        assert_eq!(names, [&b"h2"[..], b"http/1.1"]);
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        assert_length_mutations_fail(
            bytes,
            ExtensionContext::ClientHello,
            &[(4, 2), (6, 1), (9, 1)],
        );
    }

    #[test]
    fn server_selection_takes_the_same_form() {
        let selected = Extension::ApplicationLayerProtocolNegotiation(
            ProtocolNameList::new(vec![ProtocolName::new(&b"h2"[..]).unwrap()]).unwrap(),
        );
        let bytes = [0, 0x10, 0, 5, 0, 3, 2, b'h', b'2'];
        assert_eq!(
            round_trip(&bytes, ExtensionContext::EncryptedExtensions),
            selected
        );
        assert_eq!(round_trip(&bytes, ExtensionContext::ServerHello), selected);
    }

    #[test]
    fn rejects_empty_protocol_name() {
        assert!(decode_one(&[0, 0x10, 0, 3, 0, 1, 0], ExtensionContext::ClientHello).is_err());
    }

    #[test]
    fn keeps_non_ascii_protocol_names() {
        let bytes = [0, 0x10, 0, 5, 0, 3, 2, 0xff, 0x00];
        round_trip(&bytes, ExtensionContext::ClientHello);
    }
}
