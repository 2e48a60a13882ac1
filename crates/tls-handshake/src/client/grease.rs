//! GREASE (RFC 8701): reserved values our ClientHello offers so that servers which choke on
//! values they do not know are found out, and the rule that such values mean nothing when a
//! server's reply carries them.
//!
//! The values come from the hello's own random, so GREASE costs no draw from the RNG (and
//! replays that fix the RNG's output keep their order of draws).

use tls_wire::extensions::{Extension, ExtensionBody, KeyExchange, KeyShareEntry};
use tls_wire::handshake::Random;
use tls_wire::ids::{CipherSuite, ExtensionType, NamedGroup, ProtocolVersion, SignatureScheme};

/// Whether `value` is one of the sixteen GREASE values `0x0A0A`, `0x1A1A`, ... `0xFAFA`
/// (RFC 8701 §2): both bytes equal, each ending in `0xA`.
pub(crate) const fn is_grease(value: u16) -> bool {
    let [high, low] = value.to_be_bytes();
    high == low && low & 0x0f == 0x0a
}

/// The GREASE value numbered by the low four bits of `seed`.
const fn grease_value(seed: u8) -> u16 {
    let byte = ((seed & 0x0f) << 4) | 0x0a;
    u16::from_be_bytes([byte, byte])
}

/// One ClientHello's GREASE values.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Grease {
    suite: u16,
    group: u16,
    version: u16,
    scheme: u16,
    first_extension: u16,
    last_extension: u16,
}

impl Grease {
    /// The values for the hello whose random is `random`.
    pub(crate) fn from_random(random: &Random) -> Self {
        let first_extension = grease_value(random[4]);
        let mut last_extension = grease_value(random[5]);
        // Two extensions of one type are not allowed: the second takes the next value.
        if last_extension == first_extension {
            last_extension = grease_value(random[5].wrapping_add(1));
        }
        Self {
            suite: grease_value(random[0]),
            group: grease_value(random[1]),
            version: grease_value(random[2]),
            scheme: grease_value(random[3]),
            first_extension,
            last_extension,
        }
    }

    /// A GREASE cipher suite, offered first.
    pub(crate) const fn suite(self) -> CipherSuite {
        CipherSuite::new(self.suite)
    }

    /// A GREASE group, offered first in supported_groups.
    pub(crate) const fn group(self) -> NamedGroup {
        NamedGroup::new(self.group)
    }

    /// A GREASE version, offered first in supported_versions.
    pub(crate) const fn version(self) -> ProtocolVersion {
        ProtocolVersion::new(self.version)
    }

    /// A GREASE signature scheme, offered first in signature_algorithms.
    pub(crate) const fn scheme(self) -> SignatureScheme {
        SignatureScheme::new(self.scheme)
    }

    /// The key_share entry for the GREASE group: a single byte, as browsers send.
    pub(crate) fn key_share_entry(self) -> Option<KeyShareEntry<'static>> {
        Some(KeyShareEntry {
            group: self.group(),
            key_exchange: KeyExchange::new(vec![0]).ok()?,
        })
    }

    /// The empty GREASE extension that opens the extension list.
    pub(crate) fn first_extension(self) -> Option<Extension<'static>> {
        Some(Extension::Opaque {
            typ: ExtensionType::new(self.first_extension),
            body: ExtensionBody::new(Vec::new()).ok()?,
        })
    }

    /// The one-byte GREASE extension that closes it.
    pub(crate) fn last_extension(self) -> Option<Extension<'static>> {
        Some(Extension::Opaque {
            typ: ExtensionType::new(self.last_extension),
            body: ExtensionBody::new(vec![0]).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixteen_grease_values_and_nothing_else() {
        let grease: Vec<u16> = (0..=u16::MAX).filter(|v| is_grease(*v)).collect();
        let expected: Vec<u16> = (0..16).map(|n| 0x0a0a + 0x1010 * n).collect();
        assert_eq!(grease, expected);
        assert!((0..=255).all(|seed| is_grease(grease_value(seed))));
    }

    #[test]
    fn the_two_grease_extensions_differ() {
        for byte in 0..=255u8 {
            let mut random = [0; 32];
            random[4] = byte;
            random[5] = byte;
            let grease = Grease::from_random(&random);
            assert_ne!(grease.first_extension, grease.last_extension);
        }
    }
}
