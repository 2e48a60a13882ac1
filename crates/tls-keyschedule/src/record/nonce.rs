//! Per-record nonces and the sequence numbers they come from.
//!
//! ```text
//! TLS 1.3 (RFC 8446 §5.3), TLS 1.2 ChaCha20-Poly1305 (RFC 7905 §2):
//!     nonce = write_iv (12 bytes) XOR (0^4 || seq_num (8 bytes, big-endian))
//! TLS 1.2 AES-GCM (RFC 5288 §3):
//!     nonce = salt (the 4-byte write_iv) || nonce_explicit (8 bytes, sent in the record)
//! ```

use ring::aead::{NONCE_LEN, Nonce};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::suite::AeadAlgorithm;

/// Length of the TLS 1.2 AES-GCM salt (`SecurityParameters.fixed_iv_length`, RFC 5288 §3).
pub(crate) const GCM_SALT_LEN: usize = 4;

/// Length of the TLS 1.2 AES-GCM `nonce_explicit` (`SecurityParameters.record_iv_length`,
/// RFC 5288 §3).
pub(crate) const GCM_EXPLICIT_NONCE_LEN: usize = 8;

/// The record sequence number of one direction under one key.
///
/// It starts at zero with each key and never wraps: the last value, 2^64 - 1, is never used,
/// since using it would leave no next one.
//= https://www.rfc-editor.org/rfc/rfc8446#section-5.3
//# Each sequence number is
//# set to zero at the beginning of a connection and whenever the key is
//# changed; the first record transmitted under a particular traffic key
//# MUST use sequence number 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct SequenceNumber(u64);

impl SequenceNumber {
    /// A counter whose next record gets `seq`.
    #[inline]
    pub(crate) const fn new(seq: u64) -> Self {
        Self(seq)
    }

    /// The number the next record gets.
    #[inline]
    pub(crate) const fn get(self) -> u64 {
        self.0
    }

    /// The number for the next record, without moving on (for opening, where only a record
    /// that authenticates moves the counter); an error if moving on from it would wrap.
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5.3
    //# If a TLS implementation would need to wrap a sequence number, it MUST
    //# either rekey (Section 4.6.3) or terminate the connection.
    #[inline]
    pub(crate) const fn peek(self) -> Result<u64, Error> {
        if self.0 == u64::MAX {
            return Err(Error::SequenceNumberExhausted);
        }
        Ok(self.0)
    }

    /// Moves on after a record [`peek`](Self::peek) allowed.
    #[inline]
    pub(crate) const fn advance(&mut self) {
        self.0 = self.0.saturating_add(1);
    }

    /// The number for the next record, moving on (for sealing, where every nonce is used once
    /// whatever happens next).
    #[inline]
    pub(crate) fn take(&mut self) -> Result<u64, Error> {
        let seq = self.peek()?;
        self.advance();
        Ok(seq)
    }
}

/// `iv XOR (0^4 || seq)`: the TLS 1.3 per-record nonce (RFC 8446 §5.3), also TLS 1.2
/// ChaCha20-Poly1305's (RFC 7905 §2).
//= https://www.rfc-editor.org/rfc/rfc8446#section-5.3
//# 1.  The 64-bit record sequence number is encoded in network byte
//#     order and padded to the left with zeros to iv_length.
//#
//# 2.  The padded sequence number is XORed with either the static
//#     client_write_iv or server_write_iv (depending on the role).
#[inline]
pub(crate) fn xor_nonce(iv: &[u8; NONCE_LEN], seq: u64) -> Nonce {
    let [i0, i1, i2, i3, rest @ ..] = *iv;
    let [s0, s1, s2, s3, s4, s5, s6, s7] = (u64::from_be_bytes(rest) ^ seq).to_be_bytes();
    Nonce::assume_unique_for_key([i0, i1, i2, i3, s0, s1, s2, s3, s4, s5, s6, s7])
}

/// `salt || nonce_explicit`: the TLS 1.2 AES-GCM nonce.
///
/// ```text
/// struct {
///    opaque salt[4];
///    opaque nonce_explicit[8];
/// } GCMNonce;
/// ```
///
/// (RFC 5288 §3.)
#[inline]
pub(crate) fn gcm_nonce(
    salt: &[u8; GCM_SALT_LEN],
    explicit: [u8; GCM_EXPLICIT_NONCE_LEN],
) -> Nonce {
    let [a0, a1, a2, a3] = *salt;
    let [e0, e1, e2, e3, e4, e5, e6, e7] = explicit;
    Nonce::assume_unique_for_key([a0, a1, a2, a3, e0, e1, e2, e3, e4, e5, e6, e7])
}

/// A TLS 1.3 `write_iv`, checked to be the AEAD's nonce length, wiped on drop.
pub(crate) type Tls13Iv = Zeroizing<[u8; NONCE_LEN]>;

/// A TLS 1.2 `write_iv` (`SecurityParameters.fixed_iv_length` bytes of the key block): the
/// implicit part of the AES-GCM nonce, or the whole ChaCha20-Poly1305 IV.
pub(crate) enum Tls12Iv {
    /// AES-GCM: the 4-byte salt; the other 8 bytes travel in each record (RFC 5288 §3).
    Gcm(Zeroizing<[u8; GCM_SALT_LEN]>),
    /// ChaCha20-Poly1305: the 12-byte IV, XORed with the sequence number (RFC 7905 §2).
    ChaCha(Zeroizing<[u8; NONCE_LEN]>),
}

impl Tls12Iv {
    /// The `write_iv` from the key block, if its length is the AEAD's `fixed_iv_length`.
    pub(crate) fn new(aead: AeadAlgorithm, iv: &[u8]) -> Result<Self, Error> {
        let wrong_length = |expected| Error::KeyMaterialLength {
            what: "iv",
            len: iv.len(),
            expected,
        };
        match aead {
            AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm => {
                <[u8; GCM_SALT_LEN]>::try_from(iv)
                    .map(|salt| Self::Gcm(Zeroizing::new(salt)))
                    .map_err(|_| wrong_length(GCM_SALT_LEN))
            }
            //= https://www.rfc-editor.org/rfc/rfc7905#section-2
            //# Thus, in the terms of [RFC5246],
            //# SecurityParameters.fixed_iv_length is twelve bytes and
            //# SecurityParameters.record_iv_length is zero bytes.
            AeadAlgorithm::ChaCha20Poly1305 => <[u8; NONCE_LEN]>::try_from(iv)
                .map(|iv| Self::ChaCha(Zeroizing::new(iv)))
                .map_err(|_| wrong_length(NONCE_LEN)),
        }
    }

    /// Length of the explicit nonce each record carries (`record_iv_length`).
    #[inline]
    pub(crate) const fn explicit_nonce_len(&self) -> usize {
        match self {
            Self::Gcm(_) => GCM_EXPLICIT_NONCE_LEN,
            Self::ChaCha(_) => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(nonce: Nonce) -> [u8; NONCE_LEN] {
        *nonce.as_ref()
    }

    /// RFC 8448 §3, the server's handshake write IV (`iv expanded`, "derive write traffic keys
    /// for handshake data").
    const RFC8448_SERVER_HANDSHAKE_IV: [u8; 12] = [
        0x5d, 0x31, 0x3e, 0xb2, 0x67, 0x12, 0x76, 0xee, 0x13, 0x00, 0x0b, 0x30,
    ];

    #[test]
    fn xor_nonce_of_sequence_zero_is_the_iv() {
        assert_eq!(
            bytes(xor_nonce(&RFC8448_SERVER_HANDSHAKE_IV, 0)),
            RFC8448_SERVER_HANDSHAKE_IV
        );
    }

    #[test]
    fn xor_nonce_xors_the_big_endian_sequence_into_the_last_eight_bytes() {
        let nonce = bytes(xor_nonce(
            &RFC8448_SERVER_HANDSHAKE_IV,
            0x0102_0304_0506_0708,
        ));
        assert_eq!(
            nonce,
            [
                0x5d, 0x31, 0x3e, 0xb2, 0x66, 0x10, 0x75, 0xea, 0x16, 0x06, 0x0c, 0x38
            ]
        );
        assert_eq!(
            bytes(xor_nonce(&[0; 12], u64::MAX)),
            [0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        );
    }

    /// openssl-captures.json tls12-ecdhe-ecdsa-aes128-gcm-sha256: client_write_iv_hex and the
    /// explicit nonce of the client's Finished record.
    #[test]
    fn gcm_nonce_is_salt_then_explicit() {
        let nonce = gcm_nonce(
            &[0xd5, 0xe1, 0xc7, 0xb0],
            [0x69, 0xd4, 0x13, 0x05, 0x10, 0xa3, 0x82, 0x82],
        );
        assert_eq!(
            bytes(nonce),
            [
                0xd5, 0xe1, 0xc7, 0xb0, 0x69, 0xd4, 0x13, 0x05, 0x10, 0xa3, 0x82, 0x82
            ]
        );
    }

    #[test]
    fn sequence_numbers_count_up_and_never_wrap() {
        let mut seq = SequenceNumber::default();
        assert_eq!(seq.take(), Ok(0));
        assert_eq!(seq.take(), Ok(1));
        assert_eq!(seq.peek(), Ok(2));
        assert_eq!(seq.get(), 2);

        let mut seq = SequenceNumber::new(u64::MAX - 1);
        assert_eq!(seq.take(), Ok(u64::MAX - 1));
        assert_eq!(seq.peek(), Err(Error::SequenceNumberExhausted));
        assert_eq!(seq.take(), Err(Error::SequenceNumberExhausted));
        assert_eq!(seq.get(), u64::MAX);
    }

    #[test]
    fn tls12_iv_length_follows_the_aead() {
        for aead in [AeadAlgorithm::Aes128Gcm, AeadAlgorithm::Aes256Gcm] {
            let iv = Tls12Iv::new(aead, &[1, 2, 3, 4]).unwrap();
            assert_eq!(iv.explicit_nonce_len(), 8);
            assert_eq!(
                Tls12Iv::new(aead, &[0; 12]).err(),
                Some(Error::KeyMaterialLength {
                    what: "iv",
                    len: 12,
                    expected: 4
                })
            );
        }
        let chacha = AeadAlgorithm::ChaCha20Poly1305;
        assert_eq!(
            Tls12Iv::new(chacha, &[0; 12]).unwrap().explicit_nonce_len(),
            0
        );
        assert!(Tls12Iv::new(chacha, &[0; 4]).is_err());
    }
}
