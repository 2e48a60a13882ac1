//! What a cipher suite means to the key schedule and the record layer: its hash and its AEAD.
//!
//! Only AEAD suites with ECDHE exist here (TLS 1.3's three, and TLS 1.2's ECDHE AES-GCM and
//! ChaCha20-Poly1305 suites): no CBC, no stream ciphers, no RSA key exchange.

use tls_wire::ids::CipherSuite;

/// The suite's hash: HKDF's and the transcript's in TLS 1.3, the PRF's in TLS 1.2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
}

impl HashAlgorithm {
    /// Output length in bytes (`Hash.length` in RFC 8446).
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
        }
    }

    /// ring's digest algorithm.
    pub fn digest(self) -> &'static ring::digest::Algorithm {
        match self {
            Self::Sha256 => &ring::digest::SHA256,
            Self::Sha384 => &ring::digest::SHA384,
        }
    }

    /// ring's HMAC algorithm.
    pub fn hmac(self) -> ring::hmac::Algorithm {
        match self {
            Self::Sha256 => ring::hmac::HMAC_SHA256,
            Self::Sha384 => ring::hmac::HMAC_SHA384,
        }
    }

    /// ring's HKDF algorithm.
    pub fn hkdf(self) -> ring::hkdf::Algorithm {
        match self {
            Self::Sha256 => ring::hkdf::HKDF_SHA256,
            Self::Sha384 => ring::hkdf::HKDF_SHA384,
        }
    }
}

/// The suite's AEAD.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AeadAlgorithm {
    /// AES-128-GCM (RFC 5116, 5288).
    Aes128Gcm,
    /// AES-256-GCM (RFC 5116, 5288).
    Aes256Gcm,
    /// ChaCha20-Poly1305 (RFC 8439, 7905).
    ChaCha20Poly1305,
}

impl AeadAlgorithm {
    /// Key length in bytes.
    pub const fn key_len(self) -> usize {
        match self {
            Self::Aes128Gcm => 16,
            Self::Aes256Gcm | Self::ChaCha20Poly1305 => 32,
        }
    }

    /// Authentication tag length in bytes.
    pub const fn tag_len(self) -> usize {
        16
    }

    /// ring's AEAD algorithm.
    pub fn ring(self) -> &'static ring::aead::Algorithm {
        match self {
            Self::Aes128Gcm => &ring::aead::AES_128_GCM,
            Self::Aes256Gcm => &ring::aead::AES_256_GCM,
            Self::ChaCha20Poly1305 => &ring::aead::CHACHA20_POLY1305,
        }
    }
}

/// Which protocol a suite belongs to: the schedule and the record format differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SuiteVersion {
    /// RFC 5246 with RFC 5288/5289/7905 AEAD suites.
    Tls12,
    /// RFC 8446.
    Tls13,
}

/// A cipher suite we support, with its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Suite {
    /// The IANA value.
    pub id: CipherSuite,
    /// The protocol the suite is defined for.
    pub version: SuiteVersion,
    /// The hash.
    pub hash: HashAlgorithm,
    /// The AEAD.
    pub aead: AeadAlgorithm,
}

impl Suite {
    /// Every suite we support, strongest-first within each version.
    pub const ALL: &'static [Self] = &[
        Self::tls13(
            CipherSuite::TLS_AES_128_GCM_SHA256,
            HashAlgorithm::Sha256,
            AeadAlgorithm::Aes128Gcm,
        ),
        Self::tls13(
            CipherSuite::TLS_AES_256_GCM_SHA384,
            HashAlgorithm::Sha384,
            AeadAlgorithm::Aes256Gcm,
        ),
        Self::tls13(
            CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
            HashAlgorithm::Sha256,
            AeadAlgorithm::ChaCha20Poly1305,
        ),
        Self::tls12(
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            HashAlgorithm::Sha256,
            AeadAlgorithm::Aes128Gcm,
        ),
        Self::tls12(
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            HashAlgorithm::Sha384,
            AeadAlgorithm::Aes256Gcm,
        ),
        Self::tls12(
            CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            HashAlgorithm::Sha256,
            AeadAlgorithm::ChaCha20Poly1305,
        ),
        Self::tls12(
            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            HashAlgorithm::Sha256,
            AeadAlgorithm::Aes128Gcm,
        ),
        Self::tls12(
            CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            HashAlgorithm::Sha384,
            AeadAlgorithm::Aes256Gcm,
        ),
        Self::tls12(
            CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            HashAlgorithm::Sha256,
            AeadAlgorithm::ChaCha20Poly1305,
        ),
    ];

    const fn tls13(id: CipherSuite, hash: HashAlgorithm, aead: AeadAlgorithm) -> Self {
        Self {
            id,
            version: SuiteVersion::Tls13,
            hash,
            aead,
        }
    }

    const fn tls12(id: CipherSuite, hash: HashAlgorithm, aead: AeadAlgorithm) -> Self {
        Self {
            id,
            version: SuiteVersion::Tls12,
            hash,
            aead,
        }
    }

    /// The suite with this IANA value, if we support it.
    pub fn from_id(id: CipherSuite) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_exactly_the_aead_ecdhe_suites() {
        assert_eq!(Suite::ALL.len(), 9);
        let s = Suite::from_id(CipherSuite::TLS_AES_256_GCM_SHA384).unwrap();
        assert_eq!((s.hash.output_len(), s.aead.key_len()), (48, 32));
        assert!(Suite::from_id(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256).is_none());
        assert!(Suite::from_id(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA).is_none());
    }
}
