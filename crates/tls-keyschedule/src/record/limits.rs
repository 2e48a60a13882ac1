//! How many records one key may protect (the AEAD confidentiality limit), and how many forged
//! records a receiver may reject under one key (the integrity limit), so that the connection
//! can update its keys in time.

use crate::suite::AeadAlgorithm;

/// Records one AES-GCM key may seal: 2^24.5 full-size records, rounded down.
///
/// Counting every record as full-size keeps this on the safe side.
//= https://www.rfc-editor.org/rfc/rfc8446#section-5.5
//# For AES-GCM, up to 2^24.5 full-size records (about 24 million) may be
//# encrypted on a given connection while keeping a safety margin of
//# approximately 2^-57 for Authenticated Encryption (AE) security.
pub const AES_GCM_CONFIDENTIALITY_LIMIT: u64 = 23_726_566;

/// Records one ChaCha20-Poly1305 key may seal: every sequence number there is (the last,
/// 2^64 - 1, is never used, so this many). The sequence number runs out before the AEAD's
/// margin does.
//= https://www.rfc-editor.org/rfc/rfc8446#section-5.5
//# For ChaCha20/Poly1305, the record sequence number would wrap before the
//# safety limit is reached.
pub const CHACHA20_POLY1305_CONFIDENTIALITY_LIMIT: u64 = u64::MAX;

/// Records that may fail authentication under one key, for all three AEADs: 2^36.
///
/// TLS closes the connection on the first record that fails, so a TLS receiver comes near
/// this only while it skips rejected 0-RTT data (RFC 8446 §4.2.10), which
/// `max_early_data_size` bounds far below it.
//= https://www.rfc-editor.org/rfc/rfc9147#section-4.5.3
//# For AEAD_AES_128_GCM, AEAD_AES_256_GCM, and AEAD_CHACHA20_POLY1305,
//# the limit on the number of records that fail authentication is 2^36.
pub const AEAD_INTEGRITY_LIMIT: u64 = 1 << 36;

/// Records kept back below the confidentiality limit: the KeyUpdate message itself travels
/// under the old key, so the update must start while one record is still allowed.
pub const KEY_UPDATE_RECORDS: u64 = 1;

impl AeadAlgorithm {
    /// How many records one key may seal: [`AES_GCM_CONFIDENTIALITY_LIMIT`] or
    /// [`CHACHA20_POLY1305_CONFIDENTIALITY_LIMIT`].
    //= https://www.rfc-editor.org/rfc/rfc9147#section-4.5.3
    //# Implementations SHOULD
    //# NOT protect more records than allowed by the limit specified for the
    //# negotiated AEAD.
    pub const fn confidentiality_limit(self) -> u64 {
        match self {
            Self::Aes128Gcm | Self::Aes256Gcm => AES_GCM_CONFIDENTIALITY_LIMIT,
            Self::ChaCha20Poly1305 => CHACHA20_POLY1305_CONFIDENTIALITY_LIMIT,
        }
    }

    /// How many records may fail authentication under one key: [`AEAD_INTEGRITY_LIMIT`].
    pub const fn integrity_limit(self) -> u64 {
        match self {
            Self::Aes128Gcm | Self::Aes256Gcm | Self::ChaCha20Poly1305 => AEAD_INTEGRITY_LIMIT,
        }
    }
}

/// Records still allowed under a key of `aead` whose next sequence number is `next_seq`.
#[inline]
pub(crate) const fn records_until_limit(aead: AeadAlgorithm, next_seq: u64) -> u64 {
    aead.confidentiality_limit().saturating_sub(next_seq)
}

/// Whether a key of `aead` whose next sequence number is `next_seq` must be updated now.
//= https://www.rfc-editor.org/rfc/rfc8446#section-5.5
//# Implementations SHOULD do a key update as described in Section 4.6.3
//# prior to reaching these limits.
#[inline]
pub(crate) const fn needs_key_update(aead: AeadAlgorithm, next_seq: u64) -> bool {
    records_until_limit(aead, next_seq) <= KEY_UPDATE_RECORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aes_gcm_limit_is_2_to_the_24_point_5_rounded_down() {
        let limit = u128::from(AES_GCM_CONFIDENTIALITY_LIMIT);
        assert!(limit * limit <= 1 << 49);
        assert!((limit + 1) * (limit + 1) > 1 << 49);
    }

    #[test]
    fn each_aead_has_its_limits() {
        for aead in [AeadAlgorithm::Aes128Gcm, AeadAlgorithm::Aes256Gcm] {
            assert_eq!(aead.confidentiality_limit(), AES_GCM_CONFIDENTIALITY_LIMIT);
            assert_eq!(aead.integrity_limit(), 1 << 36);
        }
        let chacha = AeadAlgorithm::ChaCha20Poly1305;
        assert_eq!(chacha.confidentiality_limit(), u64::MAX);
        assert_eq!(chacha.integrity_limit(), 1 << 36);
    }

    #[test]
    fn key_update_is_due_when_one_record_is_left() {
        let aead = AeadAlgorithm::Aes128Gcm;
        let limit = AES_GCM_CONFIDENTIALITY_LIMIT;
        assert_eq!(records_until_limit(aead, 0), limit);
        assert!(!needs_key_update(aead, limit - 2));
        assert!(needs_key_update(aead, limit - 1));
        assert!(needs_key_update(aead, limit));
        assert_eq!(records_until_limit(aead, u64::MAX), 0);

        let chacha = AeadAlgorithm::ChaCha20Poly1305;
        assert!(!needs_key_update(chacha, u64::MAX - 2));
        // The KeyUpdate goes out with 2^64 - 2, the last sequence number ever used.
        assert!(needs_key_update(chacha, u64::MAX - 1));
    }
}
