//! Single-use tickets for 0-RTT (RFC 8446 §8.1): a server accepts early data with a ticket
//! only the first time it sees the ticket. [`AntiReplay`] is the store, behind a trait so that
//! a fleet of servers can share one (a replayed ClientHello sent to another server of the
//! fleet must be caught too); [`MemoryAntiReplay`] is the in-process default.
//!
//! ```text
//! ClientHello with early_data, ticket resumed, age within ±10 s
//!     ─▶ first_use(identity, now) ─▶ true: accept 0-RTT │ false (seen, or store full): reject 0-RTT
//! ```
//!
//! An identity is remembered for [`REMEMBER_SECS`]: a replay after that carries the same
//! obfuscated age, which the freshness check (±[`EARLY_DATA_AGE_WINDOW_MS`]) then refuses, so
//! the two checks together refuse every replay, and the store stays as small as the number
//! of 0-RTT handshakes in that time.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::Mutex;

use ring::digest;
use tls_pki::UnixTime;

/// How far the client's view of a ticket's age may be from ours for 0-RTT, in milliseconds.
pub const EARLY_DATA_AGE_WINDOW_MS: i64 = 10_000;

/// How long [`MemoryAntiReplay`] remembers an identity: twice the age window, and a second for
/// our clock's resolution.
pub const REMEMBER_SECS: i64 = 2 * EARLY_DATA_AGE_WINDOW_MS / 1000 + 1;

/// Remembers the tickets used for 0-RTT.
pub trait AntiReplay: Send + Sync + fmt::Debug {
    /// Records that `identity` (a ticket) was offered with early data at `now`. `true` only
    /// the first time: the server may then accept the early data. `false` when it was seen
    /// before, or when the store cannot remember it (full, unreachable): the server then
    /// rejects the early data, never the handshake.
    fn first_use(&self, identity: &[u8], now: UnixTime) -> bool;
}

/// The default single-use store: in this process's memory only. It protects one server
/// process: servers behind a load balancer need a shared [`AntiReplay`], or a replay sent to
/// another of them is accepted there.
pub struct MemoryAntiReplay {
    capacity: usize,
    inner: Mutex<Seen>,
}

/// The identities (SHA-256 of each: 32 bytes however long the ticket), and when each may be
/// forgotten, oldest first.
#[derive(Default)]
struct Seen {
    digests: HashSet<[u8; 32]>,
    expiries: VecDeque<(i64, [u8; 32])>,
}

/// The default number of identities [`MemoryAntiReplay`] holds: 0-RTT handshakes within
/// [`REMEMBER_SECS`] beyond it are refused early data (about 6 MB at most).
pub const DEFAULT_ANTI_REPLAY_CAPACITY: usize = 65_536;

impl MemoryAntiReplay {
    /// A store of at most `capacity` identities.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::new(Seen::default()),
        }
    }
}

impl Default for MemoryAntiReplay {
    fn default() -> Self {
        Self::new(DEFAULT_ANTI_REPLAY_CAPACITY)
    }
}

impl fmt::Debug for MemoryAntiReplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryAntiReplay")
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

impl AntiReplay for MemoryAntiReplay {
    fn first_use(&self, identity: &[u8], now: UnixTime) -> bool {
        let Ok(mut seen) = self.inner.lock() else {
            return false;
        };
        let now = now.as_secs();
        // Forget what expired: entries go in with nondecreasing expiry, so from the front.
        while let Some(&(expiry, digest)) = seen.expiries.front() {
            if expiry > now {
                break;
            }
            seen.expiries.pop_front();
            seen.digests.remove(&digest);
        }
        let mut digest = [0; 32];
        digest.copy_from_slice(digest::digest(&digest::SHA256, identity).as_ref());
        if seen.digests.contains(&digest) || seen.digests.len() >= self.capacity {
            return false;
        }
        seen.digests.insert(digest);
        seen.expiries
            .push_back((now.saturating_add(REMEMBER_SECS), digest));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_is_accepted_once_then_forgotten_after_the_window() {
        let store = MemoryAntiReplay::new(2);
        let t = UnixTime::from_secs(1_000);
        assert!(store.first_use(b"ticket one", t));
        assert!(!store.first_use(b"ticket one", t));
        assert!(store.first_use(b"ticket two", t));
        // Full: a new identity is refused (0-RTT rejected), not an old one forgotten early.
        assert!(!store.first_use(b"ticket three", t));
        let later = UnixTime::from_secs(1_000 + REMEMBER_SECS);
        assert!(store.first_use(b"ticket three", later));
        assert!(store.first_use(b"ticket one", later));
    }
}
