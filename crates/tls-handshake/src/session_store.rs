//! Where resumable sessions are kept: the [`SessionStore`] trait, so that a fleet of servers
//! can share one, and [`MemorySessionStore`], a bounded least-recently-used map, the default of
//! both sides.
//!
//! ```text
//! server: put(session id, session)  after a full TLS 1.2 handshake with a session id
//!         get(session id)           on a ClientHello offering that id
//! client: put(server name, id + session), get(server name), remove(server name)
//! ```
//!
//! Sessions are stored encoded (`Tls12Session`): bytes a
//! shared store can hold anywhere. They hold master secrets: a store must keep them from
//! anyone who could read the connections' traffic, and [`MemorySessionStore`] zeroizes them
//! when it drops them.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex};

use zeroize::Zeroizing;

/// The sessions [`MemorySessionStore::default`] keeps, per config.
pub const DEFAULT_SESSION_STORE_CAPACITY: usize = 256;

/// Keeps encoded sessions under a key: the session id on a server, the server name on a
/// client. A store may forget any session at any time (it is then not resumed).
pub trait SessionStore: Send + Sync + fmt::Debug {
    /// Stores `value` under `key`, replacing what was there.
    fn put(&self, key: &[u8], value: Zeroizing<Vec<u8>>);
    /// What is stored under `key`, if anything.
    fn get(&self, key: &[u8]) -> Option<Zeroizing<Vec<u8>>>;
    /// Forgets what is stored under `key`.
    fn remove(&self, key: &[u8]);
}

/// A bounded store in memory: at most `capacity` sessions, the least recently used forgotten
/// first. It protects one process only: servers behind a load balancer resume only the
/// sessions they made themselves unless they share a store of their own.
pub struct MemorySessionStore {
    capacity: usize,
    inner: Mutex<Lru>,
}

/// The entries, and their order of use: each `get` or `put` stamps an entry anew, and the
/// smallest stamp goes first. Both maps hold one record per entry (sharing its key), so every
/// step is logarithmic in the capacity.
#[derive(Default)]
struct Lru {
    entries: HashMap<Arc<[u8]>, Entry>,
    by_use: BTreeMap<u64, Arc<[u8]>>,
    next_stamp: u64,
}

/// An entry's stamp and its encoded session.
type Entry = (u64, Zeroizing<Vec<u8>>);

impl MemorySessionStore {
    /// A store of at most `capacity` sessions (0 keeps none).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::new(Lru::default()),
        }
    }

    /// How many sessions it holds.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        // A panic elsewhere while holding the lock leaves consistent maps (every step below
        // completes or changes nothing), so a poisoned lock is still usable.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Default for MemorySessionStore {
    fn default() -> Self {
        Self::new(DEFAULT_SESSION_STORE_CAPACITY)
    }
}

impl fmt::Debug for MemorySessionStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the sessions: they hold master secrets.
        f.debug_struct("MemorySessionStore")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

impl Lru {
    /// A fresh stamp, `key` recorded under it.
    fn stamp(&mut self, key: Arc<[u8]>) -> u64 {
        let stamp = self.next_stamp;
        self.next_stamp = self.next_stamp.wrapping_add(1);
        self.by_use.insert(stamp, key);
        stamp
    }
}

impl SessionStore for MemorySessionStore {
    fn put(&self, key: &[u8], value: Zeroizing<Vec<u8>>) {
        if self.capacity == 0 {
            return;
        }
        let mut lru = self.lock();
        if let Some((old, _)) = lru.entries.remove(key) {
            lru.by_use.remove(&old);
        }
        while lru.entries.len() >= self.capacity {
            let Some((_, oldest)) = lru.by_use.pop_first() else {
                break;
            };
            lru.entries.remove(&oldest);
        }
        let key: Arc<[u8]> = Arc::from(key);
        let stamp = lru.stamp(Arc::clone(&key));
        lru.entries.insert(key, (stamp, value));
    }

    fn get(&self, key: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let mut lru = self.lock();
        let old = lru.entries.get(key)?.0;
        let shared = lru.by_use.remove(&old)?;
        let stamp = lru.stamp(shared);
        let entry = lru.entries.get_mut(key)?;
        entry.0 = stamp;
        Some(entry.1.clone())
    }

    fn remove(&self, key: &[u8]) {
        let mut lru = self.lock();
        if let Some((stamp, _)) = lru.entries.remove(key) {
            lru.by_use.remove(&stamp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(byte: u8) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(vec![byte; 4])
    }

    #[test]
    fn keeps_what_it_is_given_until_removed() {
        let store = MemorySessionStore::new(4);
        store.put(b"a", value(1));
        assert_eq!(store.get(b"a").as_deref(), Some(&vec![1; 4]));
        store.put(b"a", value(2));
        assert_eq!(store.get(b"a").as_deref(), Some(&vec![2; 4]));
        assert_eq!(store.len(), 1);
        store.remove(b"a");
        assert!(store.get(b"a").is_none());
        assert!(store.is_empty());
    }

    #[test]
    fn forgets_the_least_recently_used_first() {
        let store = MemorySessionStore::new(2);
        store.put(b"a", value(1));
        store.put(b"b", value(2));
        // A use makes "a" the most recent: "b" goes when "c" comes.
        assert!(store.get(b"a").is_some());
        store.put(b"c", value(3));
        assert!(store.get(b"b").is_none());
        assert!(store.get(b"a").is_some());
        assert!(store.get(b"c").is_some());
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn stays_within_its_capacity_under_many_sessions() {
        let store = MemorySessionStore::new(16);
        for i in 0..10_000u32 {
            store.put(&i.to_be_bytes(), value(0));
        }
        assert_eq!(store.len(), 16);
        assert_eq!(store.lock().by_use.len(), 16);
        // The sixteen most recent are the ones kept.
        assert!(store.get(&9_999u32.to_be_bytes()).is_some());
        assert!(store.get(&9_984u32.to_be_bytes()).is_some());
        assert!(store.get(&9_983u32.to_be_bytes()).is_none());
    }

    #[test]
    fn a_store_of_no_capacity_keeps_nothing() {
        let store = MemorySessionStore::new(0);
        store.put(b"a", value(1));
        assert!(store.get(b"a").is_none());
    }

    #[test]
    fn never_shows_its_sessions_in_debug() {
        let store = MemorySessionStore::new(1);
        store.put(b"key", Zeroizing::new(b"master secret bytes".to_vec()));
        let shown = format!("{store:?}");
        assert!(!shown.contains("master"), "{shown}");
        assert!(shown.contains("len: 1"), "{shown}");
    }
}
