//! `supported_groups` (RFC 8446 §4.2.7, RFC 7919): the groups the client can use for key
//! exchange, and in EncryptedExtensions the server's own preference.

use crate::codec::List;
use crate::ids::NamedGroup;

/// The body of `supported_groups` (RFC 8446 §4.2.7), in the ClientHello and in
/// EncryptedExtensions, in the sender's order of preference. GREASE and unknown groups are kept.
///
/// ```text
/// struct {
///     NamedGroup named_group_list<2..2^16-1>;
/// } NamedGroupList;
/// ```
pub type NamedGroupList = List<NamedGroup, 2, 2, 0xffff>;

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};
    use crate::ids::NamedGroup;

    #[test]
    fn decodes_chrome_groups_with_grease() {
        let message = hex(CHROME_GREASE);
        let bytes = extension_in(client_hello_block(&message), 0x000a);
        let Extension::SupportedGroups(groups) = round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not a NamedGroupList");
        };
        assert_eq!(
            groups.as_slice(),
            [
                NamedGroup::new(0x0a0a),
                NamedGroup::X25519,
                NamedGroup::SECP256R1,
                NamedGroup::SECP384R1
            ]
        );
        assert!(groups[0].is_grease());
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        assert_length_mutations_fail(bytes, ExtensionContext::ClientHello, &[(4, 2)]);
    }

    #[test]
    fn decodes_server_preference_in_encrypted_extensions() {
        let message = hex(SIMPLE_EE);
        let bytes = extension_in(encrypted_extensions_block(&message), 0x000a);
        let Extension::SupportedGroups(groups) =
            round_trip(bytes, ExtensionContext::EncryptedExtensions)
        else {
            panic!("not a NamedGroupList");
        };
        assert_eq!(groups[0], NamedGroup::X25519);
        assert_eq!(groups.len(), 9);
    }

    #[test]
    fn rejects_odd_length_group_list() {
        let err = decode_one(
            &[0, 0x0a, 0, 5, 0, 3, 0, 0x1d, 0],
            ExtensionContext::ClientHello,
        )
        .unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthNotMultiple { len: 3, element: 2 }
        );
    }
}
