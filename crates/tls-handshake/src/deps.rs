//! What the handshake takes from the outside world: randomness ([`Rng`]) and the time
//! ([`Clock`]).
//!
//! The state machines have no randomness or clock of their own (HOUSE-STYLE §4): the config
//! hands them an `Rng` and a `Clock`. In production these are [`SystemRng`] and
//! [`SystemClock`]. In tests they are fixed, so that a recorded handshake replays byte for byte:
//! with the client random, the key-share scalars and the signature salts of RFC 8448 or
//! illustrated-tls13 injected, our ClientHello, key shares, secrets and signatures are the
//! trace's own, and with the trace's time injected its (long expired) certificates verify as
//! they did the day it was recorded. Everything random the handshake does (hello randoms,
//! session ids, key shares, RSA-PSS salts) goes through the one `Rng`, in protocol order.

use ring::rand::{SecureRandom, SystemRandom};
use tls_pki::UnixTime;

use crate::error::LocalError;

/// A source of cryptographically secure random bytes.
///
/// It hands ring a [`SecureRandom`], because ring's key generation and signing take one: a
/// fixed `SecureRandom` then makes ring's own key shares and signatures reproducible.
pub trait Rng: Send + Sync {
    /// The generator, for ring's key generation and signing.
    fn secure_random(&self) -> &dyn SecureRandom;

    /// Fills `out` with random bytes (hello randoms, session ids).
    fn fill(&self, out: &mut [u8]) -> Result<(), LocalError> {
        self.secure_random()
            .fill(out)
            .map_err(|_| LocalError::RandomFailed)
    }
}

/// The operating system's generator, through ring.
#[derive(Debug)]
pub struct SystemRng(SystemRandom);

impl Default for SystemRng {
    fn default() -> Self {
        Self::new()
    }
}

impl SystemRng {
    /// The operating system's generator.
    pub fn new() -> Self {
        Self(SystemRandom::new())
    }
}

impl Rng for SystemRng {
    fn secure_random(&self) -> &dyn SecureRandom {
        &self.0
    }
}

/// The current time, for certificate validity and ticket ages.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> UnixTime;
}

/// The system's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixTime {
        UnixTime::now()
    }
}

/// Fixed generators for replaying recorded handshakes (the `test-profile` feature only).
#[cfg(feature = "test-profile")]
pub mod replay {
    // ring's test generators are in a module ring marks deprecated ("internal API that will be
    // removed"); they are the only way to make ring's key generation and signing reproducible.
    #![allow(deprecated)]

    use std::collections::VecDeque;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use ring::rand::SecureRandom;
    use ring::test::rand::{FixedByteRandom, FixedSliceRandom};

    use super::Rng;
    use crate::error::LocalError;

    /// Fills every request with one byte: the same scalar, nonce or salt every time.
    pub struct FixedRng(FixedByteRandom);

    impl FixedRng {
        /// A generator that always yields `byte`.
        pub fn new(byte: u8) -> Self {
            Self(FixedByteRandom { byte })
        }
    }

    impl Rng for FixedRng {
        fn secure_random(&self) -> &dyn SecureRandom {
            &self.0
        }
    }

    /// Replays a recorded handshake's randomness in protocol order: [`Rng::fill`] hands out
    /// `fills` one per call (hello random, session id), and each call of
    /// [`Rng::secure_random`] hands ring the next of `ring_draws` (a key-share scalar, then a
    /// signature salt), the last one repeated once they run out. ring's own sequence generator
    /// is not `Sync`, which `Rng` must be.
    pub struct SequenceRng {
        fills: Mutex<VecDeque<Vec<u8>>>,
        ring_draws: Vec<FixedSliceRandom<'static>>,
        /// Handed out when `ring_draws` is empty.
        zeros: FixedByteRandom,
        next: AtomicUsize,
    }

    impl SequenceRng {
        /// A generator replaying `fills` and `ring_draws`.
        pub fn new(fills: Vec<Vec<u8>>, ring_draws: Vec<&'static [u8]>) -> Self {
            Self {
                fills: Mutex::new(fills.into()),
                ring_draws: ring_draws
                    .into_iter()
                    .map(|bytes| FixedSliceRandom { bytes })
                    .collect(),
                zeros: FixedByteRandom { byte: 0 },
                next: AtomicUsize::new(0),
            }
        }
    }

    impl Rng for SequenceRng {
        fn secure_random(&self) -> &dyn SecureRandom {
            let at = self.next.fetch_add(1, Ordering::Relaxed);
            let last = self.ring_draws.len().saturating_sub(1);
            match self.ring_draws.get(at.min(last)) {
                Some(draw) => draw,
                None => &self.zeros,
            }
        }

        fn fill(&self, out: &mut [u8]) -> Result<(), LocalError> {
            let next = self
                .fills
                .lock()
                .ok()
                .and_then(|mut fills| fills.pop_front());
            match next {
                Some(bytes) if bytes.len() == out.len() => {
                    out.copy_from_slice(&bytes);
                    Ok(())
                }
                _ => Err(LocalError::RandomFailed),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::replay::{FixedRng, SequenceRng};
    use super::*;

    #[test]
    fn system_rng_fills_the_buffer() {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        SystemRng::new().fill(&mut a).unwrap();
        SystemRng::new().fill(&mut b).unwrap();
        assert_ne!(a, b, "two 32-byte draws were equal");
    }

    #[test]
    fn fixed_rng_replays_its_byte() {
        let mut out = [0u8; 7];
        FixedRng::new(0x12).fill(&mut out).unwrap();
        assert_eq!(out, [0x12; 7]);
    }

    #[test]
    fn sequence_rng_replays_fills_then_ring_draws_in_order() {
        let rng = SequenceRng::new(vec![vec![1; 4], vec![2; 2]], vec![&[7; 3], &[8; 3]]);
        let mut four = [0u8; 4];
        let mut two = [0u8; 2];
        rng.fill(&mut four).unwrap();
        rng.fill(&mut two).unwrap();
        assert_eq!((four, two), ([1; 4], [2; 2]));
        assert_eq!(rng.fill(&mut two), Err(LocalError::RandomFailed));
        let mut draw = [0u8; 3];
        for expected in [[7; 3], [8; 3], [8; 3]] {
            rng.secure_random().fill(&mut draw).unwrap();
            assert_eq!(draw, expected);
        }
    }

    #[test]
    fn system_clock_is_after_2024() {
        assert!(SystemClock.now().as_secs() > 1_704_067_200);
    }
}
