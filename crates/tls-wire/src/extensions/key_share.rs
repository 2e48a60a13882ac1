//! `key_share` (RFC 8446 §4.2.8) in its three forms: the client's shares, the server's share,
//! and the group a HelloRetryRequest asks for.

use crate::codec::{Codec, IntoOwned, List, ListView, Opaque, Reader};
use crate::error::DecodeError;
use crate::ids::NamedGroup;

/// RFC 8446 §4.2.8: `opaque key_exchange<1..2^16-1>;`
pub type KeyExchange<'a> = Opaque<'a, 2, 1, 0xffff>;

/// RFC 8446 §4.2.8: `KeyShareEntry client_shares<0..2^16-1>;`
pub type ClientShares<'a> = List<KeyShareEntry<'a>, 2, 0, 0xffff>;

/// [`ClientShares`] checked as it decodes but not collected: what a server searches.
pub type ClientSharesView<'a> = ListView<'a, KeyShareEntry<'a>, 2, 0, 0xffff>;

/// The field errors name for `client_shares`.
pub(super) const CLIENT_SHARES: &str = "KeyShareClientHello.client_shares";

/// One key share (RFC 8446 §4.2.8).
///
/// ```text
/// struct {
///     NamedGroup group;
///     opaque key_exchange<1..2^16-1>;
/// } KeyShareEntry;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyShareEntry<'a> {
    /// The group the key belongs to.
    pub group: NamedGroup,
    /// The public value, in the group's encoding (RFC 8446 §4.2.8.1, §4.2.8.2).
    pub key_exchange: KeyExchange<'a>,
}

/// The ClientHello form of `key_share` (RFC 8446 §4.2.8): the client's shares, in its order of
/// preference. An empty list asks the server to choose a group.
///
/// ```text
/// struct {
///     KeyShareEntry client_shares<0..2^16-1>;
/// } KeyShareClientHello;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyShareClientHello<'a> {
    /// The shares offered. That no group appears twice and that they follow the
    /// `supported_groups` order is the handshake's check (RFC 8446 §4.2.8).
    pub client_shares: ClientShares<'a>,
}

/// The ServerHello form of `key_share` (RFC 8446 §4.2.8): the server's one share.
///
/// ```text
/// struct {
///     KeyShareEntry server_share;
/// } KeyShareServerHello;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyShareServerHello<'a> {
    /// The server's share, in a group the client offered.
    pub server_share: KeyShareEntry<'a>,
}

/// The HelloRetryRequest form of `key_share` (RFC 8446 §4.2.8): the group the server wants a
/// share for.
///
/// ```text
/// struct {
///     NamedGroup selected_group;
/// } KeyShareHelloRetryRequest;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyShareHelloRetryRequest {
    /// The group the client must send a share for in its second ClientHello.
    pub selected_group: NamedGroup,
}

impl<'a> Codec<'a> for KeyShareEntry<'a> {
    // Inlined into the loops over a list of shares, which a client may make 8,000 long.
    #[inline]
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            group: NamedGroup::decode(r)?,
            key_exchange: KeyExchange::decode_named(r, "KeyShareEntry.key_exchange")?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.group.encode(out);
        self.key_exchange.encode(out);
    }

    fn encoded_len(&self) -> usize {
        2 + self.key_exchange.encoded_len()
    }
}

impl IntoOwned for KeyShareEntry<'_> {
    type Owned = KeyShareEntry<'static>;

    fn into_owned(self) -> Self::Owned {
        KeyShareEntry {
            group: self.group,
            key_exchange: self.key_exchange.into_owned(),
        }
    }
}

impl<'a> Codec<'a> for KeyShareClientHello<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            client_shares: ClientShares::decode_named(r, CLIENT_SHARES)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.client_shares.encode(out);
    }
}

impl IntoOwned for KeyShareClientHello<'_> {
    type Owned = KeyShareClientHello<'static>;

    fn into_owned(self) -> Self::Owned {
        KeyShareClientHello {
            client_shares: self.client_shares.into_owned(),
        }
    }
}

impl<'a> Codec<'a> for KeyShareServerHello<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            server_share: KeyShareEntry::decode(r)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.server_share.encode(out);
    }
}

impl IntoOwned for KeyShareServerHello<'_> {
    type Owned = KeyShareServerHello<'static>;

    fn into_owned(self) -> Self::Owned {
        KeyShareServerHello {
            server_share: self.server_share.into_owned(),
        }
    }
}

impl Codec<'_> for KeyShareHelloRetryRequest {
    const FIXED_SIZE: Option<usize> = Some(2);

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            selected_group: NamedGroup::decode(r)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.selected_group.encode(out);
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
    fn decodes_chrome_shares_with_grease() {
        let message = hex(CHROME_GREASE);
        let bytes = extension_in(client_hello_block(&message), 0x0033);
        let Extension::KeyShareClientHello(shares) =
            round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not a KeyShareClientHello");
        };
        let shares = shares.client_shares;
        assert_eq!(shares.len(), 2);
        assert_eq!(shares[0].group, NamedGroup::new(0x0a0a));
        assert_eq!(shares[0].key_exchange.as_slice(), [0]);
        assert_eq!(shares[1].group, NamedGroup::X25519);
        assert_eq!(shares[1].key_exchange.len(), 32);
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        assert_length_mutations_fail(
            bytes,
            ExtensionContext::ClientHello,
            &[(4, 2), (8, 2), (13, 2)],
        );
    }

    #[test]
    fn decodes_server_share() {
        let message = hex(ILLUSTRATED_SH);
        let bytes = extension_in(server_hello_block(&message), 0x0033);
        let Extension::KeyShareServerHello(share) =
            round_trip(bytes, ExtensionContext::ServerHello)
        else {
            panic!("not a KeyShareServerHello");
        };
        assert_eq!(share.server_share.group, NamedGroup::X25519);
        assert_eq!(share.server_share.key_exchange[..2], [0x9f, 0xd7]);
        assert_every_prefix_fails(bytes, ExtensionContext::ServerHello);
        assert_length_mutations_fail(bytes, ExtensionContext::ServerHello, &[(6, 2)]);
    }

    #[test]
    fn decodes_hello_retry_request_group() {
        let message = hex(HRR);
        let bytes = extension_in(server_hello_block(&message), 0x0033);
        assert_eq!(
            round_trip(bytes, ExtensionContext::HelloRetryRequest),
            Extension::KeyShareHelloRetryRequest(KeyShareHelloRetryRequest {
                selected_group: NamedGroup::SECP256R1
            })
        );
        assert_every_prefix_fails(bytes, ExtensionContext::HelloRetryRequest);
    }

    #[test]
    fn decodes_empty_client_shares() {
        let extension = round_trip(&[0, 0x33, 0, 2, 0, 0], ExtensionContext::ClientHello);
        assert!(
            matches!(extension, Extension::KeyShareClientHello(s) if s.client_shares.is_empty())
        );
    }

    #[test]
    fn rejects_empty_key_exchange() {
        let err = decode_one(
            &[0, 0x33, 0, 4, 0, 0x1d, 0, 0],
            ExtensionContext::ServerHello,
        )
        .unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 0xffff
            }
        );
    }
}
