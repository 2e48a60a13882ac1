//! The typed choices a configuration is made of: [`SupportedVersion`], [`SupportedCipherSuite`]
//! and [`SupportedGroup`]. Each has a variant for exactly what we implement, so a version, suite
//! or group we do not implement cannot be configured.

use core::fmt;

use tls_keyschedule::suite::{AeadAlgorithm, HashAlgorithm, Suite};
use tls_wire::ids::{CipherSuite, NamedGroup, ProtocolVersion};

/// A protocol version we implement.
///
/// Both sides speak both versions by default ([`ALL`](Self::ALL)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SupportedVersion {
    /// TLS 1.3 (RFC 8446).
    Tls13,
    /// TLS 1.2 (RFC 5246), with ECDHE and AEAD suites only.
    Tls12,
}

impl SupportedVersion {
    /// Every version we implement, in our order of preference.
    pub const ALL: &'static [Self] = &[Self::Tls13, Self::Tls12];

    /// The version's wire value.
    pub fn id(self) -> ProtocolVersion {
        match self {
            Self::Tls13 => ProtocolVersion::TLSV1_3,
            Self::Tls12 => ProtocolVersion::TLSV1_2,
        }
    }
}

impl fmt::Display for SupportedVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tls13 => f.write_str("TLS 1.3"),
            Self::Tls12 => f.write_str("TLS 1.2"),
        }
    }
}

/// A set of our cipher suites, held in one word: which of them a client offered, say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CipherSuiteSet(u16);

impl CipherSuiteSet {
    /// The empty set.
    pub const fn new() -> Self {
        Self(0)
    }

    /// Whether `suite` is in the set.
    pub fn contains(self, suite: SupportedCipherSuite) -> bool {
        self.0 & suite.bit() != 0
    }

    /// Adds `suite`.
    pub fn insert(&mut self, suite: SupportedCipherSuite) {
        self.0 |= suite.bit();
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The suites in the set, in our order of preference ([`SupportedCipherSuite::ALL`]).
    pub fn iter(self) -> impl Iterator<Item = SupportedCipherSuite> {
        SupportedCipherSuite::ALL
            .iter()
            .copied()
            .filter(move |suite| self.contains(*suite))
    }
}

impl FromIterator<SupportedCipherSuite> for CipherSuiteSet {
    fn from_iter<I: IntoIterator<Item = SupportedCipherSuite>>(suites: I) -> Self {
        let mut set = Self::new();
        for suite in suites {
            set.insert(suite);
        }
        set
    }
}

/// A cipher suite we implement: AEAD only, with ECDHE.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SupportedCipherSuite {
    /// `TLS_AES_128_GCM_SHA256` (TLS 1.3; RFC 8446 §9.1's mandatory suite).
    Tls13Aes128GcmSha256,
    /// `TLS_AES_256_GCM_SHA384` (TLS 1.3).
    Tls13Aes256GcmSha384,
    /// `TLS_CHACHA20_POLY1305_SHA256` (TLS 1.3).
    Tls13ChaCha20Poly1305Sha256,
    /// `TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256` (TLS 1.2, RFC 5289).
    Tls12EcdheEcdsaAes128GcmSha256,
    /// `TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384` (TLS 1.2, RFC 5289).
    Tls12EcdheEcdsaAes256GcmSha384,
    /// `TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256` (TLS 1.2, RFC 7905).
    Tls12EcdheEcdsaChaCha20Poly1305Sha256,
    /// `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256` (TLS 1.2, RFC 5289).
    Tls12EcdheRsaAes128GcmSha256,
    /// `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384` (TLS 1.2, RFC 5289).
    Tls12EcdheRsaAes256GcmSha384,
    /// `TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256` (TLS 1.2, RFC 7905).
    Tls12EcdheRsaChaCha20Poly1305Sha256,
}

impl SupportedCipherSuite {
    /// Every suite we implement, in our order of preference: TLS 1.3's, then TLS 1.2's
    /// (ECDSA before RSA); within each, AES-128-GCM first (fast with AES instructions, and RFC
    /// 8446 §9.1's mandatory suite), then AES-256-GCM, then ChaCha20-Poly1305. Only the suites
    /// of the enabled versions are offered or chosen.
    pub const ALL: &'static [Self] = &[
        Self::Tls13Aes128GcmSha256,
        Self::Tls13Aes256GcmSha384,
        Self::Tls13ChaCha20Poly1305Sha256,
        Self::Tls12EcdheEcdsaAes128GcmSha256,
        Self::Tls12EcdheEcdsaAes256GcmSha384,
        Self::Tls12EcdheEcdsaChaCha20Poly1305Sha256,
        Self::Tls12EcdheRsaAes128GcmSha256,
        Self::Tls12EcdheRsaAes256GcmSha384,
        Self::Tls12EcdheRsaChaCha20Poly1305Sha256,
    ];

    /// The suite's IANA value.
    pub fn id(self) -> CipherSuite {
        match self {
            Self::Tls13Aes128GcmSha256 => CipherSuite::TLS_AES_128_GCM_SHA256,
            Self::Tls13Aes256GcmSha384 => CipherSuite::TLS_AES_256_GCM_SHA384,
            Self::Tls13ChaCha20Poly1305Sha256 => CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
            Self::Tls12EcdheEcdsaAes128GcmSha256 => {
                CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
            }
            Self::Tls12EcdheEcdsaAes256GcmSha384 => {
                CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
            }
            Self::Tls12EcdheEcdsaChaCha20Poly1305Sha256 => {
                CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
            }
            Self::Tls12EcdheRsaAes128GcmSha256 => {
                CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            }
            Self::Tls12EcdheRsaAes256GcmSha384 => {
                CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
            }
            Self::Tls12EcdheRsaChaCha20Poly1305Sha256 => {
                CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
            }
        }
    }

    /// For a TLS 1.2 suite, the kind of certificate key that signs its ServerKeyExchange
    /// (RFC 8422 §2): ECDSA (Ed25519 included, RFC 8422 §2.1) or RSA. `None` for TLS 1.3 suites,
    /// which leave it to the signature schemes.
    pub fn tls12_authentication(self) -> Option<Tls12Authentication> {
        match self {
            Self::Tls13Aes128GcmSha256
            | Self::Tls13Aes256GcmSha384
            | Self::Tls13ChaCha20Poly1305Sha256 => None,
            Self::Tls12EcdheEcdsaAes128GcmSha256
            | Self::Tls12EcdheEcdsaAes256GcmSha384
            | Self::Tls12EcdheEcdsaChaCha20Poly1305Sha256 => Some(Tls12Authentication::Ecdsa),
            Self::Tls12EcdheRsaAes128GcmSha256
            | Self::Tls12EcdheRsaAes256GcmSha384
            | Self::Tls12EcdheRsaChaCha20Poly1305Sha256 => Some(Tls12Authentication::Rsa),
        }
    }

    /// The suite's bit in a [`CipherSuiteSet`]: its place in [`Self::ALL`].
    fn bit(self) -> u16 {
        let place = Self::ALL
            .iter()
            .position(|suite| *suite == self)
            .unwrap_or_default();
        1 << place
    }

    /// The suite with IANA value `id`, if we implement it.
    pub fn from_id(id: CipherSuite) -> Option<Self> {
        Self::ALL.iter().copied().find(|suite| suite.id() == id)
    }

    /// The version the suite belongs to.
    pub fn version(self) -> SupportedVersion {
        match self {
            Self::Tls13Aes128GcmSha256
            | Self::Tls13Aes256GcmSha384
            | Self::Tls13ChaCha20Poly1305Sha256 => SupportedVersion::Tls13,
            Self::Tls12EcdheEcdsaAes128GcmSha256
            | Self::Tls12EcdheEcdsaAes256GcmSha384
            | Self::Tls12EcdheEcdsaChaCha20Poly1305Sha256
            | Self::Tls12EcdheRsaAes128GcmSha256
            | Self::Tls12EcdheRsaAes256GcmSha384
            | Self::Tls12EcdheRsaChaCha20Poly1305Sha256 => SupportedVersion::Tls12,
        }
    }

    /// What the suite means to the key schedule and the record layer.
    pub fn suite(self) -> Suite {
        let (hash, aead) = match self {
            Self::Tls13Aes128GcmSha256
            | Self::Tls12EcdheEcdsaAes128GcmSha256
            | Self::Tls12EcdheRsaAes128GcmSha256 => {
                (HashAlgorithm::Sha256, AeadAlgorithm::Aes128Gcm)
            }
            Self::Tls13Aes256GcmSha384
            | Self::Tls12EcdheEcdsaAes256GcmSha384
            | Self::Tls12EcdheRsaAes256GcmSha384 => {
                (HashAlgorithm::Sha384, AeadAlgorithm::Aes256Gcm)
            }
            Self::Tls13ChaCha20Poly1305Sha256
            | Self::Tls12EcdheEcdsaChaCha20Poly1305Sha256
            | Self::Tls12EcdheRsaChaCha20Poly1305Sha256 => {
                (HashAlgorithm::Sha256, AeadAlgorithm::ChaCha20Poly1305)
            }
        };
        Suite {
            id: self.id(),
            version: match self.version() {
                SupportedVersion::Tls13 => tls_keyschedule::suite::SuiteVersion::Tls13,
                SupportedVersion::Tls12 => tls_keyschedule::suite::SuiteVersion::Tls12,
            },
            hash,
            aead,
        }
    }
}

impl fmt::Display for SupportedCipherSuite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.id().fmt(f)
    }
}

/// Which certificate key a TLS 1.2 suite's ServerKeyExchange is signed with (RFC 8422 §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tls12Authentication {
    /// ECDHE_ECDSA: an ECDSA or EdDSA key.
    Ecdsa,
    /// ECDHE_RSA: an RSA key.
    Rsa,
}

/// A key-exchange group we implement (ECDHE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SupportedGroup {
    /// X25519 (RFC 7748).
    X25519,
    /// secp256r1 (NIST P-256; RFC 8446 §9.1's mandatory group).
    Secp256r1,
    /// secp384r1 (NIST P-384).
    Secp384r1,
}

impl SupportedGroup {
    /// Every group we implement, in our order of preference: X25519 (fast, constant time, no
    /// point validation pitfalls), then secp256r1, then secp384r1.
    pub const ALL: &'static [Self] = &[Self::X25519, Self::Secp256r1, Self::Secp384r1];

    /// The group's IANA value.
    pub fn id(self) -> NamedGroup {
        match self {
            Self::X25519 => NamedGroup::X25519,
            Self::Secp256r1 => NamedGroup::SECP256R1,
            Self::Secp384r1 => NamedGroup::SECP384R1,
        }
    }

    /// The group with IANA value `id`, if we implement it: one match, since a server asks
    /// this of every group in a client's list.
    pub fn from_id(id: NamedGroup) -> Option<Self> {
        match id {
            NamedGroup::X25519 => Some(Self::X25519),
            NamedGroup::SECP256R1 => Some(Self::Secp256r1),
            NamedGroup::SECP384R1 => Some(Self::Secp384r1),
            _ => None,
        }
    }

    /// The group's place in [`ALL`](Self::ALL).
    pub(crate) fn index(self) -> usize {
        match self {
            Self::X25519 => 0,
            Self::Secp256r1 => 1,
            Self::Secp384r1 => 2,
        }
    }
}

impl fmt::Display for SupportedGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.id().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suite_set_holds_each_suite_on_its_own() {
        let mut set = CipherSuiteSet::new();
        assert!(set.is_empty());
        for (i, suite) in SupportedCipherSuite::ALL.iter().copied().enumerate() {
            assert!(!set.contains(suite));
            set.insert(suite);
            assert!(set.contains(suite));
            assert_eq!(set.iter().count(), i + 1);
        }
        let one: CipherSuiteSet = [SupportedCipherSuite::Tls12EcdheRsaAes256GcmSha384]
            .into_iter()
            .collect();
        assert_eq!(
            one.iter().collect::<Vec<_>>(),
            [SupportedCipherSuite::Tls12EcdheRsaAes256GcmSha384]
        );
    }

    #[test]
    fn each_suite_is_the_key_schedules_suite_of_its_id() {
        for suite in SupportedCipherSuite::ALL {
            assert_eq!(Suite::from_id(suite.id()), Some(suite.suite()), "{suite}");
            assert_eq!(SupportedCipherSuite::from_id(suite.id()), Some(*suite));
            let tls12 = suite.version() == SupportedVersion::Tls12;
            assert_eq!(suite.tls12_authentication().is_some(), tls12, "{suite}");
        }
    }

    #[test]
    fn each_group_round_trips_through_its_id() {
        for group in SupportedGroup::ALL {
            assert_eq!(SupportedGroup::from_id(group.id()), Some(*group));
        }
        assert_eq!(SupportedGroup::from_id(NamedGroup::SECP521R1), None);
    }

    #[test]
    fn versions_name_themselves() {
        assert_eq!(SupportedVersion::Tls13.to_string(), "TLS 1.3");
        assert_eq!(SupportedVersion::Tls13.id(), ProtocolVersion::TLSV1_3);
        assert_eq!(SupportedVersion::Tls12.to_string(), "TLS 1.2");
        assert_eq!(SupportedVersion::Tls12.id(), ProtocolVersion::TLSV1_2);
    }
}
