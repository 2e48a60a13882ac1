//! The pre-shared-key extensions of RFC 8446: `psk_key_exchange_modes` (§4.2.9) and
//! `pre_shared_key` (§4.2.11), whose ClientHello form is [`OfferedPsks`].

use crate::codec::{Codec, IntoOwned, List, Opaque, Reader, Writer};
use crate::error::DecodeError;
use crate::ids::PskKeyExchangeMode;

/// The `psk_key_exchange_modes` extension (RFC 8446 §4.2.9), ClientHello only.
///
/// ```text
/// enum { psk_ke(0), psk_dhe_ke(1), (255) } PskKeyExchangeMode;
///
/// struct {
///     PskKeyExchangeMode ke_modes<1..255>;
/// } PskKeyExchangeModes;
/// ```
pub type PskKeyExchangeModes = List<PskKeyExchangeMode, 1, 1, 255>;

/// RFC 8446 §4.2.11: `opaque identity<1..2^16-1>;`
pub type PskIdentityValue<'a> = Opaque<'a, 2, 1, 0xffff>;

/// RFC 8446 §4.2.11: `opaque PskBinderEntry<32..255>;`
pub type PskBinderEntry<'a> = Opaque<'a, 1, 32, 255>;

/// RFC 8446 §4.2.11: `PskIdentity identities<7..2^16-1>;`
pub type PskIdentities<'a> = List<PskIdentity<'a>, 2, 7, 0xffff>;

/// RFC 8446 §4.2.11: `PskBinderEntry binders<33..2^16-1>;`
pub type PskBinders<'a> = List<PskBinderEntry<'a>, 2, 33, 0xffff>;

/// One PSK the client offers (RFC 8446 §4.2.11).
///
/// ```text
/// struct {
///     opaque identity<1..2^16-1>;
///     uint32 obfuscated_ticket_age;
/// } PskIdentity;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PskIdentity<'a> {
    /// A ticket, or the label of an external PSK.
    pub identity: PskIdentityValue<'a>,
    /// The ticket's age plus `ticket_age_add`, modulo 2^32 (0 for external PSKs).
    pub obfuscated_ticket_age: u32,
}

impl<'a> Codec<'a> for PskIdentity<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            identity: PskIdentityValue::decode_named(r, "PskIdentity.identity")?,
            obfuscated_ticket_age: r.u32("PskIdentity.obfuscated_ticket_age")?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.identity.encode(out);
        out.put_u32(self.obfuscated_ticket_age);
    }

    fn encoded_len(&self) -> usize {
        self.identity.encoded_len() + 4
    }
}

impl IntoOwned for PskIdentity<'_> {
    type Owned = PskIdentity<'static>;

    fn into_owned(self) -> Self::Owned {
        PskIdentity {
            identity: self.identity.into_owned(),
            obfuscated_ticket_age: self.obfuscated_ticket_age,
        }
    }
}

/// The ClientHello form of `pre_shared_key` (RFC 8446 §4.2.11): the PSKs offered and one binder
/// for each.
///
/// ```text
/// struct {
///     PskIdentity identities<7..2^16-1>;
///     PskBinderEntry binders<33..2^16-1>;
/// } OfferedPsks;
/// ```
///
/// That there are as many binders as identities is checked by the server as it validates them
/// (RFC 8446 §4.2.11), not by the codec.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OfferedPsks<'a> {
    /// The PSKs offered, in the client's order of preference.
    pub identities: PskIdentities<'a>,
    /// One HMAC per identity, in the same order.
    pub binders: PskBinders<'a>,
}

impl OfferedPsks<'_> {
    /// Length of the encoded `binders` vector, its 2-byte length prefix included.
    ///
    /// `pre_shared_key` is the last extension of a ClientHello, so the binders end the message:
    /// cutting this many bytes off the encoded ClientHello leaves the "truncated ClientHello"
    /// the binders are computed over.
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11.2
    //# Each entry in the binders list is computed as an HMAC
    //# over a transcript hash (see Section 4.4.1) containing a partial
    //# ClientHello up to and including the PreSharedKeyExtension.identities
    //# field.
    pub fn binders_encoded_len(&self) -> usize {
        self.binders.encoded_len()
    }

    /// Where the binders list starts in the encoded ClientHello (`message_len` bytes, header
    /// included) that offers these PSKs: `pre_shared_key` is the last extension and the list
    /// its last field, so the list ends the message. `None` if the message is shorter than the
    /// list, which a hello these PSKs were decoded from never is.
    pub fn binders_start(&self, message_len: usize) -> Option<usize> {
        message_len.checked_sub(self.binders_encoded_len())
    }
}

impl<'a> Codec<'a> for OfferedPsks<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            identities: PskIdentities::decode_named(r, "OfferedPsks.identities")?,
            binders: PskBinders::decode_named(r, "OfferedPsks.binders")?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.identities.encode(out);
        self.binders.encode(out);
    }
}

impl IntoOwned for OfferedPsks<'_> {
    type Owned = OfferedPsks<'static>;

    fn into_owned(self) -> Self::Owned {
        OfferedPsks {
            identities: self.identities.into_owned(),
            binders: self.binders.into_owned(),
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
    fn decodes_resumption_offer_and_its_binder_length() {
        let message = hex(RESUMED_CH);
        let bytes = extension_in(client_hello_block(&message), 0x0029);
        let Extension::PreSharedKey(offered) = round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not an OfferedPsks");
        };
        assert_eq!(offered.identities.len(), 1);
        assert_eq!(offered.identities[0].identity.len(), 178);
        assert_eq!(offered.identities[0].obfuscated_ticket_age, 0xfad6_aacb);
        assert_eq!(offered.binders.len(), 1);
        assert_eq!(offered.binders[0].len(), 32);
        // RFC 8448 §4: the "ClientHello prefix" the binder is computed over is the message minus
        // the binders list (2-byte length, 1-byte length, 32-byte HMAC).
        assert_eq!(offered.binders_encoded_len(), 35);
        assert_eq!(offered.binders_start(512), Some(512 - 35));
        assert_eq!(offered.binders_start(34), None);
        assert!(message.ends_with(&bytes[bytes.len() - 35..]));
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        assert_length_mutations_fail(
            bytes,
            ExtensionContext::ClientHello,
            &[(4, 2), (6, 2), (190, 2), (192, 1)],
        );
    }

    #[test]
    fn decodes_selected_identity() {
        let message = hex(RESUMED_SH);
        let bytes = extension_in(server_hello_block(&message), 0x0029);
        assert_eq!(
            round_trip(bytes, ExtensionContext::ServerHello),
            Extension::SelectedIdentity(0)
        );
        assert_every_prefix_fails(bytes, ExtensionContext::ServerHello);
    }

    #[test]
    fn decodes_key_exchange_modes() {
        let message = hex(CHROME_GREASE);
        let bytes = extension_in(client_hello_block(&message), 0x002d);
        let Extension::PskKeyExchangeModes(modes) =
            round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not a PskKeyExchangeModes");
        };
        assert_eq!(modes.as_slice(), [PskKeyExchangeMode::PSK_DHE_KE]);
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        assert_length_mutations_fail(bytes, ExtensionContext::ClientHello, &[(4, 1)]);
    }

    #[test]
    fn rejects_binder_shorter_than_32_bytes() {
        // identities: one 1-byte identity; binders: one 31-byte binder.
        let mut bytes = vec![0, 0x29, 0, 43, 0, 7, 0, 1, 0xaa, 0, 0, 0, 0, 0, 32, 31];
        bytes.extend_from_slice(&[0; 31]);
        let err = decode_one(&bytes, ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(err.what(), "OfferedPsks.binders");
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 32,
                min: 33,
                max: 0xffff
            }
        );
    }

    #[test]
    fn rejects_empty_key_exchange_modes() {
        let err = decode_one(&[0, 0x2d, 0, 1, 0], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 255
            }
        );
    }
}
