//! Secret bytes of our own: zeroized on drop, redacted in `Debug`, compared in constant time.
//!
//! Every secret the key schedule derives (TLS 1.3 stage secrets, traffic secrets, keys,
//! Finished values, TLS 1.2 master secrets) is held in a [`Secret`], and every AEAD nonce base
//! in an [`Iv`]. The bytes live on the heap (a `Secret` moves as a pointer, leaving no stray
//! copy behind on the stack) and are overwritten with zeros when the value is dropped.

use std::fmt;

use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroize;

/// Secret bytes: zeroized on drop, printed as `Secret(..)`, compared in constant time only.
///
/// The length is public (it follows from the suite); the bytes are not. `==` runs
/// [`subtle::ConstantTimeEq`], so comparing a received Finished or binder with ours does not
/// leak where they first differ.
#[derive(Clone)]
pub struct Secret {
    bytes: Box<[u8]>,
}

impl Secret {
    /// Copies `bytes` into a new secret. Zeroizing the source is the caller's business.
    pub fn new(bytes: &[u8]) -> Self {
        Self {
            bytes: bytes.into(),
        }
    }

    /// `len` zero bytes, to be filled in place by a derivation (no intermediate copy).
    pub(crate) fn zeroed(len: usize) -> Self {
        Self {
            bytes: vec![0; len].into_boxed_slice(),
        }
    }

    /// The secret bytes, for whoever must hand them on: the record layer building a ring key,
    /// a key log, a test comparing with a published vector.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes to fill in place.
    pub(crate) fn as_mut_bytes(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the secret has no bytes (never true for a derived secret).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl ConstantTimeEq for Secret {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.bytes.ct_eq(&other.bytes)
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for Secret {}

/// Compares with received bytes (a peer's Finished or binder) in constant time; only a length
/// difference returns early, and lengths are public.
impl PartialEq<[u8]> for Secret {
    fn eq(&self, other: &[u8]) -> bool {
        self.bytes.ct_eq(other).into()
    }
}

/// Length of every 12-byte AEAD nonce base here. TLS 1.3's `iv_length` is the larger of 8 and
/// the AEAD's N_MIN (RFC 8446 §5.3), and N_MIN is 12 for all three of our AEADs (RFC 5116 §5.1,
/// RFC 8439 §2.8); TLS 1.2 ChaCha20-Poly1305's `fixed_iv_length` is 12 too (RFC 7905 §2).
pub const IV_LEN: usize = 12;

/// A 12-byte per-direction nonce base: TLS 1.3's `[sender]_write_iv`, TLS 1.2
/// ChaCha20-Poly1305's `[sender]_write_IV`. The record layer XORs the sequence number into it.
///
/// Not secret in the AEAD sense, but derived from a secret and never sent, so it is zeroized
/// and redacted like one.
#[derive(Clone, PartialEq, Eq)]
pub struct Iv([u8; IV_LEN]);

impl Iv {
    /// Wraps 12 bytes.
    pub const fn new(bytes: [u8; IV_LEN]) -> Self {
        Self(bytes)
    }

    /// The 12 bytes.
    pub const fn as_bytes(&self) -> &[u8; IV_LEN] {
        &self.0
    }

    /// The bytes to fill in place.
    pub(crate) fn as_mut_bytes(&mut self) -> &mut [u8; IV_LEN] {
        &mut self.0
    }
}

impl Drop for Iv {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Iv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iv(..)")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn debug_never_shows_the_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let secret = Secret::new(&bytes);
            prop_assert_eq!(format!("{secret:?}"), "Secret(..)");
            prop_assert_eq!(format!("{secret:#?}"), "Secret(..)");
        }
    }

    #[test]
    fn debug_shows_no_bytes() {
        let secret = Secret::new(&[0xab; 32]);
        assert_eq!(format!("{secret:?}"), "Secret(..)");
        assert_eq!(format!("{:?}", Iv::new([0xcd; IV_LEN])), "Iv(..)");
    }

    #[test]
    fn equality_needs_same_length_and_bytes() {
        let a = Secret::new(b"abc");
        assert_eq!(a, Secret::new(b"abc"));
        assert_ne!(a, Secret::new(b"abd"));
        assert_ne!(a, Secret::new(b"ab"));
        assert!(a == *b"abc".as_slice());
        assert!(a != *b"abcd".as_slice());
    }

    #[test]
    fn zeroed_has_the_asked_length() {
        let mut s = Secret::zeroed(48);
        assert_eq!(s.len(), 48);
        assert!(s.as_bytes().iter().all(|&b| b == 0));
        s.as_mut_bytes().fill(1);
        assert_eq!(s.as_bytes(), [1; 48]);
        assert!(Secret::new(&[]).is_empty());
    }
}
