//! How a server makes and opens resumption tickets (RFC 8446 §4.6.1, RFC 5077 §4): the
//! [`Ticketer`] trait, so that a fleet of servers can share keys or a session store;
//! [`RotatingTicketer`], tickets sealed with an AEAD under keys that rotate; and
//! [`StatefulTicketer`], tickets that are only keys into a [`SessionStore`], used once.
//!
//! ```text
//! RotatingTicketer::seal(state) = key name (4) ‖ nonce (12) ‖ ChaCha20-Poly1305(key, nonce,
//!                                 aad = key name, state)
//!   the current key seals; the current and the previous key open; a key is current for
//!   `lifetime` seconds, so a ticket opens for one rotation more than it lives at most
//! StatefulTicketer::seal(state)  = a random 32-byte id, the state kept in the store under it
//! StatefulTicketer::open(id)     = the state, removed: each ticket opens once
//! ```

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use zeroize::Zeroizing;

use crate::deps::{Clock, Rng, SystemClock, SystemRng};
use crate::session_store::SessionStore;

/// The longest a ticket may live (RFC 8446 §4.6.1: "Servers MUST NOT use any value greater
/// than 604800 seconds (7 days)").
pub const MAX_TICKET_LIFETIME_SECS: u32 = 604_800;

/// The ticket lifetime [`RotatingTicketer::new`] and [`StatefulTicketer::new`] give: six hours,
/// as rustls and Go do.
pub const DEFAULT_TICKET_LIFETIME_SECS: u32 = 6 * 60 * 60;

/// Makes and opens the tickets a server gives its clients for resumption.
pub trait Ticketer: Send + Sync + fmt::Debug {
    /// A ticket holding `state` (a session's secrets: it must be sealed or kept server-side),
    /// or `None` if none can be made now (no ticket is then issued).
    fn seal(&self, state: &[u8]) -> Option<Vec<u8>>;
    /// The state a ticket holds, if this ticketer (or one sharing its keys or store) made it
    /// and can still open it.
    fn open(&self, ticket: &[u8]) -> Option<Zeroizing<Vec<u8>>>;
    /// How long its tickets live, in seconds (at most [`MAX_TICKET_LIFETIME_SECS`]).
    fn lifetime_secs(&self) -> u32;
    /// Whether its tickets are opened elsewhere, later (a remote session store, a key
    /// service): the server then asks for each ticket's state with
    /// [`Request::OpenTicket`](crate::action::Request::OpenTicket) and waits for the answer
    /// instead of calling [`open`](Self::open) (which the in-process answer still calls).
    fn opens_later(&self) -> bool {
        false
    }
}

/// The length of a key's name, the first bytes of each ticket.
const KEY_NAME_LEN: usize = 4;

/// A key, named so that a ticket says which key opens it.
struct TicketKey {
    name: [u8; KEY_NAME_LEN],
    key: LessSafeKey,
    /// When it became the current key, in seconds since the epoch.
    since: i64,
}

/// Tickets sealed with ChaCha20-Poly1305 under a key that changes every `lifetime` seconds;
/// the previous key still opens the tickets it sealed. Keys are made from the system's
/// randomness and never leave the process: servers that must resume each other's tickets
/// share a [`Ticketer`] of their own.
pub struct RotatingTicketer {
    lifetime_secs: u32,
    clock: Arc<dyn Clock>,
    rng: Arc<dyn Rng>,
    keys: Mutex<Keys>,
}

/// The current key and the one before it.
struct Keys {
    current: TicketKey,
    previous: Option<TicketKey>,
}

impl RotatingTicketer {
    /// A ticketer whose tickets live [`DEFAULT_TICKET_LIFETIME_SECS`].
    pub fn new() -> Option<Self> {
        Self::with_lifetime(DEFAULT_TICKET_LIFETIME_SECS)
    }

    /// A ticketer whose tickets live `lifetime_secs` (capped at
    /// [`MAX_TICKET_LIFETIME_SECS`]); `None` if the system's randomness fails.
    pub fn with_lifetime(lifetime_secs: u32) -> Option<Self> {
        Self::with_sources(
            lifetime_secs,
            Arc::new(SystemClock),
            Arc::new(SystemRng::new()),
        )
    }

    /// The same, with the clock and randomness given (tests move the clock).
    pub fn with_sources(
        lifetime_secs: u32,
        clock: Arc<dyn Clock>,
        rng: Arc<dyn Rng>,
    ) -> Option<Self> {
        let now = clock.now().as_secs();
        let current = new_key(rng.as_ref(), now)?;
        Some(Self {
            lifetime_secs: lifetime_secs.clamp(1, MAX_TICKET_LIFETIME_SECS),
            clock,
            rng,
            keys: Mutex::new(Keys {
                current,
                previous: None,
            }),
        })
    }

    /// The keys, rotated first if the current one has served its time.
    fn keys(&self) -> std::sync::MutexGuard<'_, Keys> {
        // Each step below leaves the keys whole, so a poisoned lock is still usable.
        let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        let now = self.clock.now().as_secs();
        if now.saturating_sub(keys.current.since) >= i64::from(self.lifetime_secs)
            && let Some(next) = new_key(self.rng.as_ref(), now)
        {
            let old = core::mem::replace(&mut keys.current, next);
            keys.previous = Some(old);
        }
        keys
    }
}

/// A fresh key, current from `now`.
fn new_key(rng: &dyn Rng, now: i64) -> Option<TicketKey> {
    let mut name = [0u8; KEY_NAME_LEN];
    rng.fill(&mut name).ok()?;
    let mut bytes = Zeroizing::new([0u8; 32]);
    rng.fill(bytes.as_mut_slice()).ok()?;
    let key = UnboundKey::new(&aead::CHACHA20_POLY1305, bytes.as_slice()).ok()?;
    Some(TicketKey {
        name,
        key: LessSafeKey::new(key),
        since: now,
    })
}

impl Ticketer for RotatingTicketer {
    fn seal(&self, state: &[u8]) -> Option<Vec<u8>> {
        let keys = self.keys();
        let mut nonce = [0u8; aead::NONCE_LEN];
        // Random nonces: a key seals at most what one process issues in one lifetime, far
        // below the 2^32 messages at which 96-bit random nonces begin to collide.
        self.rng.fill(&mut nonce).ok()?;
        let mut ticket = Vec::with_capacity(
            KEY_NAME_LEN + nonce.len() + state.len() + aead::CHACHA20_POLY1305.tag_len(),
        );
        ticket.extend_from_slice(&keys.current.name);
        ticket.extend_from_slice(&nonce);
        ticket.extend_from_slice(state);
        let (_, sealed) = ticket.split_at_mut(KEY_NAME_LEN + aead::NONCE_LEN);
        let tag = keys
            .current
            .key
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(keys.current.name),
                sealed,
            )
            .ok()?;
        ticket.extend_from_slice(tag.as_ref());
        Some(ticket)
    }

    fn open(&self, ticket: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let (name, rest) = ticket.split_at_checked(KEY_NAME_LEN)?;
        let (nonce, sealed) = rest.split_at_checked(aead::NONCE_LEN)?;
        let keys = self.keys();
        let key = [Some(&keys.current), keys.previous.as_ref()]
            .into_iter()
            .flatten()
            .find(|key| key.name == name)?;
        let mut state = Zeroizing::new(sealed.to_vec());
        let len = key
            .key
            .open_in_place(
                Nonce::try_assume_unique_for_key(nonce).ok()?,
                Aad::from(key.name),
                state.as_mut_slice(),
            )
            .ok()?
            .len();
        state.truncate(len);
        Some(state)
    }

    fn lifetime_secs(&self) -> u32 {
        self.lifetime_secs
    }
}

impl fmt::Debug for RotatingTicketer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the keys.
        f.debug_struct("RotatingTicketer")
            .field("lifetime_secs", &self.lifetime_secs)
            .finish_non_exhaustive()
    }
}

/// The length of a stateful ticket: a random id.
const STATEFUL_TICKET_LEN: usize = 32;

/// Tickets that are keys into a [`SessionStore`] (the one a fleet shares, say): the state
/// never leaves the server, and each ticket opens once, which makes a replayed ticket
/// worthless.
#[derive(Debug)]
pub struct StatefulTicketer {
    store: Arc<dyn SessionStore>,
    rng: Arc<dyn Rng>,
    lifetime_secs: u32,
}

impl StatefulTicketer {
    /// Tickets kept in `store`, living [`DEFAULT_TICKET_LIFETIME_SECS`] at most (the store may
    /// forget them sooner).
    pub fn new(store: Arc<dyn SessionStore>) -> Self {
        Self {
            store,
            rng: Arc::new(SystemRng::new()),
            lifetime_secs: DEFAULT_TICKET_LIFETIME_SECS,
        }
    }
}

impl Ticketer for StatefulTicketer {
    fn seal(&self, state: &[u8]) -> Option<Vec<u8>> {
        let mut id = vec![0u8; STATEFUL_TICKET_LEN];
        self.rng.fill(&mut id).ok()?;
        self.store.put(&id, Zeroizing::new(state.to_vec()));
        Some(id)
    }

    fn open(&self, ticket: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if ticket.len() != STATEFUL_TICKET_LEN {
            return None;
        }
        let state = self.store.get(ticket)?;
        self.store.remove(ticket);
        Some(state)
    }

    fn lifetime_secs(&self) -> u32 {
        self.lifetime_secs
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicI64, Ordering};

    use tls_pki::UnixTime;

    use super::*;
    use crate::session_store::MemorySessionStore;

    #[derive(Debug, Default)]
    struct TestClock(AtomicI64);

    impl Clock for TestClock {
        fn now(&self) -> UnixTime {
            UnixTime::from_secs(self.0.load(Ordering::SeqCst))
        }
    }

    fn rotating(lifetime: u32) -> (RotatingTicketer, Arc<TestClock>) {
        let clock = Arc::new(TestClock(AtomicI64::new(1_000_000)));
        let ticketer =
            RotatingTicketer::with_sources(lifetime, clock.clone(), Arc::new(SystemRng::new()))
                .unwrap();
        (ticketer, clock)
    }

    #[test]
    fn opens_what_it_sealed_and_nothing_altered() {
        let (ticketer, _) = rotating(3600);
        let ticket = ticketer.seal(b"session state").unwrap();
        assert_eq!(ticketer.open(&ticket).unwrap().as_slice(), b"session state");
        // Tickets of one state differ (fresh nonces) and hide it.
        let again = ticketer.seal(b"session state").unwrap();
        assert_ne!(ticket, again);
        assert!(!ticket.windows(7).any(|w| w == b"session"));
        for at in 0..ticket.len() {
            let mut altered = ticket.clone();
            altered[at] ^= 1;
            assert!(ticketer.open(&altered).is_none(), "byte {at}");
        }
        assert!(ticketer.open(&ticket[..10]).is_none());
    }

    #[test]
    fn another_ticketer_opens_none_of_its_tickets() {
        let (one, _) = rotating(3600);
        let (other, _) = rotating(3600);
        let ticket = one.seal(b"state").unwrap();
        assert!(other.open(&ticket).is_none());
    }

    #[test]
    fn an_old_key_opens_for_one_rotation_more() {
        let (ticketer, clock) = rotating(100);
        let ticket = ticketer.seal(b"state").unwrap();
        clock.0.fetch_add(100, Ordering::SeqCst);
        // Rotated once: the previous key still opens it; new tickets use the new key.
        assert!(ticketer.open(&ticket).is_some());
        let newer = ticketer.seal(b"state").unwrap();
        assert_ne!(ticket[..KEY_NAME_LEN], newer[..KEY_NAME_LEN]);
        clock.0.fetch_add(100, Ordering::SeqCst);
        // Rotated twice: gone.
        assert!(ticketer.open(&ticket).is_none());
        assert!(ticketer.open(&newer).is_some());
    }

    #[test]
    fn lifetimes_are_capped_at_seven_days() {
        let (ticketer, _) = rotating(u32::MAX);
        assert_eq!(ticketer.lifetime_secs(), MAX_TICKET_LIFETIME_SECS);
    }

    #[test]
    fn a_stateful_ticket_opens_once() {
        let ticketer = StatefulTicketer::new(Arc::new(MemorySessionStore::default()));
        let ticket = ticketer.seal(b"state").unwrap();
        assert_eq!(ticket.len(), STATEFUL_TICKET_LEN);
        assert_eq!(ticketer.open(&ticket).unwrap().as_slice(), b"state");
        assert!(ticketer.open(&ticket).is_none());
    }

    #[test]
    fn never_shows_its_keys_in_debug() {
        let (ticketer, _) = rotating(60);
        assert_eq!(
            format!("{ticketer:?}"),
            "RotatingTicketer { lifetime_secs: 60, .. }"
        );
    }
}
