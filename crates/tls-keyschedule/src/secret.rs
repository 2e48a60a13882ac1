//! Secret bytes of our own: zeroized on drop, redacted in `Debug`, compared in constant time.
//!
//! Every secret the key schedule derives (TLS 1.3 stage secrets, traffic secrets, keys,
//! Finished values, TLS 1.2 master secrets) is held in a [`Secret`], and every AEAD nonce base
//! in an [`Iv`]. Secrets up to 48 bytes (every hash output and key of the schedules) live inline,
//! so a handshake's dozens of derivations allocate nothing; longer ones (large exporter outputs)
//! live on the heap. Either way the bytes are overwritten with zeros when the value is dropped.
//! Like every inline secret type in Rust (ring's own keys included), a move may leave a stale
//! copy in a dead stack slot; the schedule moves secrets into their owners once and borrows
//! them after, so such copies are few and short-lived.

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
    bytes: Bytes,
}

/// The most bytes a secret keeps inline: every secret of the schedules is a hash output (32 or
/// 48 bytes) or a key (16 or 32), so a handshake's dozens of secrets allocate nothing. Longer
/// keying material (an exporter asked for more) goes on the heap.
const INLINE: usize = 48;

/// Where a secret's bytes are.
#[derive(Clone)]
enum Bytes {
    Inline { bytes: [u8; INLINE], len: u8 },
    Heap(Box<[u8]>),
}

impl Secret {
    /// Copies `bytes` into a new secret. Zeroizing the source is the caller's business.
    pub fn new(bytes: &[u8]) -> Self {
        let mut secret = Self::zeroed(bytes.len());
        secret.as_mut_bytes().copy_from_slice(bytes);
        secret
    }

    /// `len` zero bytes, to be filled in place by a derivation (no intermediate copy).
    pub(crate) fn zeroed(len: usize) -> Self {
        let bytes = match u8::try_from(len) {
            Ok(short) if len <= INLINE => Bytes::Inline {
                bytes: [0; INLINE],
                len: short,
            },
            _ => Bytes::Heap(vec![0; len].into_boxed_slice()),
        };
        Self { bytes }
    }

    /// The secret bytes, for whoever must hand them on: the record layer building a ring key,
    /// a key log, a test comparing with a published vector.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Inline { bytes, len } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Bytes::Heap(bytes) => bytes,
        }
    }

    /// The bytes to fill in place.
    pub(crate) fn as_mut_bytes(&mut self) -> &mut [u8] {
        match &mut self.bytes {
            Bytes::Inline { bytes, len } => bytes.get_mut(..usize::from(*len)).unwrap_or_default(),
            Bytes::Heap(bytes) => bytes,
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// Whether the secret has no bytes (never true for a derived secret).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        match &mut self.bytes {
            // The whole array: bytes past `len` are zero, but wiping them costs nothing.
            Bytes::Inline { bytes, .. } => bytes.zeroize(),
            Bytes::Heap(bytes) => bytes.zeroize(),
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl ConstantTimeEq for Secret {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.as_bytes().ct_eq(other.as_bytes())
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
        self.as_bytes().ct_eq(other).into()
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

    #[test]
    fn long_secrets_go_on_the_heap_and_keep_their_bytes() {
        let long: Vec<u8> = (0..=255).collect();
        let secret = Secret::new(&long);
        assert!(matches!(secret.bytes, Bytes::Heap(_)));
        assert_eq!(secret.as_bytes(), long.as_slice());
        assert_eq!(secret.clone(), secret);
        let edge = Secret::new(&long[..INLINE]);
        assert!(matches!(edge.bytes, Bytes::Inline { .. }));
        assert_eq!(edge.as_bytes(), &long[..INLINE]);
        assert_ne!(edge, Secret::new(&long[..INLINE + 1]));
    }
}
