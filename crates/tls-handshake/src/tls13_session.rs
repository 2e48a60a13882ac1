//! A resumable TLS 1.3 session (RFC 8446 §4.6.1, §4.2.11): the state a server seals into each
//! ticket, and what a client keeps of each ticket it received, under the name it connected
//! to.
//!
//! ```text
//! state:  format 1 | version 0x0304 | suite u16 | psk <1..255> | created i64 | lifetime u32
//!         | age_add u32 | max_early_data u32 | server name <0..255> | alpn <0..255>
//!         | peer certificates u16 × <1..2^24-1>
//! client: per server name, up to MAX_KEPT_TICKETS × (ticket u16-prefixed, state u24-prefixed)
//! ```
//!
//! A client uses each ticket once (RFC 8446 §C.4: reuse would link its connections), newest
//! first; decoding fails closed, so damaged bytes cost a full handshake, never a wrong key.

use tls_keyschedule::secret::Secret;
use tls_pki::UnixTime;
use tls_wire::ids::{CipherSuite, ProtocolVersion};
use zeroize::Zeroizing;

use crate::certificate_chain::CertificateChain;
use crate::config::{SupportedCipherSuite, SupportedVersion};
use crate::session::{Reader, push_short};
use crate::session_store::SessionStore;
use crate::ticket::MAX_KEPT_TICKETS;

/// The encoding's format, first.
const FORMAT: u8 = 1;

/// Room reserved for a decoded chain's certificates: a count read from a damaged encoding
/// reserves no more.
const MAX_DECODED_CHAIN: usize = 16;

/// What a TLS 1.3 ticket resumes.
#[derive(Clone, Debug)]
pub(crate) struct Tls13Session {
    pub(crate) cipher_suite: SupportedCipherSuite,
    /// The ticket's PSK: HKDF-Expand-Label(resumption_master_secret, "resumption", nonce).
    pub(crate) psk: Secret,
    /// When the ticket was issued (server) or received (client), in seconds since the epoch.
    pub(crate) created: i64,
    pub(crate) lifetime_secs: u32,
    pub(crate) age_add: u32,
    pub(crate) max_early_data_size: u32,
    /// The SNI host name of the handshake that made it.
    pub(crate) server_name: Option<String>,
    /// The application protocol that handshake agreed on.
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    /// The certificates the peer presented then: the server's on a client; the client's, if
    /// any, on a server.
    pub(crate) peer_certificates: CertificateChain,
}

impl Tls13Session {
    /// The ticket's age at `now`, in milliseconds (whole seconds: sessions record theirs).
    pub(crate) fn age_ms(&self, now: UnixTime) -> i64 {
        now.as_secs()
            .saturating_sub(self.created)
            .saturating_mul(1000)
    }

    /// Whether the ticket may still be used at `now`.
    pub(crate) fn is_fresh(&self, now: UnixTime) -> bool {
        let age = now.as_secs().saturating_sub(self.created);
        (0..=i64::from(self.lifetime_secs)).contains(&age)
    }

    /// The session, borrowed for encoding.
    pub(crate) fn parts(&self) -> Tls13SessionParts<'_> {
        Tls13SessionParts {
            cipher_suite: self.cipher_suite,
            psk: &self.psk,
            created: self.created,
            lifetime_secs: self.lifetime_secs,
            age_add: self.age_add,
            max_early_data_size: self.max_early_data_size,
            server_name: self.server_name.as_deref(),
            alpn_protocol: self.alpn_protocol.as_deref(),
            peer_certificates: &self.peer_certificates,
        }
    }

    /// The session a ticket's state holds, or `None` if the bytes are not one.
    pub(crate) fn decode(bytes: &[u8]) -> Option<Self> {
        let mut reader = Reader(bytes);
        let session = Self::decode_from(&mut reader)?;
        reader.0.is_empty().then_some(session)
    }

    fn decode_from(reader: &mut Reader<'_>) -> Option<Self> {
        if reader.u8()? != FORMAT || reader.u16()? != ProtocolVersion::TLSV1_3.get() {
            return None;
        }
        let cipher_suite = SupportedCipherSuite::from_id(CipherSuite::from(reader.u16()?))
            .filter(|suite| suite.version() == SupportedVersion::Tls13)?;
        let psk = reader.short()?;
        if psk.len() != cipher_suite.suite().hash.output_len() {
            return None;
        }
        let psk = Secret::new(psk);
        let created = i64::from_be_bytes(reader.take(8)?.try_into().ok()?);
        let lifetime_secs = u32_of(reader)?;
        let age_add = u32_of(reader)?;
        let max_early_data_size = u32_of(reader)?;
        let server_name = match reader.short()? {
            [] => None,
            name => Some(String::from_utf8(name.to_vec()).ok()?),
        };
        let alpn_protocol = match reader.short()? {
            [] => None,
            name => Some(name.to_vec()),
        };
        let count = reader.u16()?;
        let mut peer_certificates = Vec::with_capacity(usize::from(count).min(MAX_DECODED_CHAIN));
        for _ in 0..count {
            peer_certificates.push(read_u24(reader)?.to_vec());
        }
        let peer_certificates = CertificateChain::from(peer_certificates);
        Some(Self {
            cipher_suite,
            psk,
            created,
            lifetime_secs,
            age_add,
            max_early_data_size,
            server_name,
            alpn_protocol,
            peer_certificates,
        })
    }
}

/// A session's fields, borrowed from the handshake that made it: encoded without copying
/// them first.
#[derive(Clone, Copy)]
pub(crate) struct Tls13SessionParts<'a> {
    pub(crate) cipher_suite: SupportedCipherSuite,
    pub(crate) psk: &'a Secret,
    pub(crate) created: i64,
    pub(crate) lifetime_secs: u32,
    pub(crate) age_add: u32,
    pub(crate) max_early_data_size: u32,
    pub(crate) server_name: Option<&'a str>,
    pub(crate) alpn_protocol: Option<&'a [u8]>,
    pub(crate) peer_certificates: &'a [Vec<u8>],
}

impl Tls13SessionParts<'_> {
    /// The encoding a ticket seals (and a client keeps).
    pub(crate) fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(self.encoded_len()));
        self.encode_into(&mut out);
        out
    }

    fn encoded_len(&self) -> usize {
        let certificates: usize = self.peer_certificates.iter().map(|c| 3 + c.len()).sum();
        1 + 2
            + 2
            + 1
            + self.psk.len()
            + 8
            + 4
            + 4
            + 4
            + 1
            + self.server_name.map_or(0, str::len)
            + 1
            + self.alpn_protocol.map_or(0, <[u8]>::len)
            + 2
            + certificates
    }

    fn encode_into(&self, out: &mut Vec<u8>) {
        out.push(FORMAT);
        out.extend_from_slice(&ProtocolVersion::TLSV1_3.get().to_be_bytes());
        out.extend_from_slice(&self.cipher_suite.id().get().to_be_bytes());
        push_short(out, self.psk.as_bytes());
        out.extend_from_slice(&self.created.to_be_bytes());
        out.extend_from_slice(&self.lifetime_secs.to_be_bytes());
        out.extend_from_slice(&self.age_add.to_be_bytes());
        out.extend_from_slice(&self.max_early_data_size.to_be_bytes());
        push_short(out, self.server_name.unwrap_or_default().as_bytes());
        push_short(out, self.alpn_protocol.unwrap_or_default());
        let count = u16::try_from(self.peer_certificates.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&count.to_be_bytes());
        for certificate in self.peer_certificates.iter().take(usize::from(count)) {
            push_u24(out, certificate);
        }
    }
}

fn u32_of(reader: &mut Reader<'_>) -> Option<u32> {
    Some(u32::from_be_bytes(reader.take(4)?.try_into().ok()?))
}

fn push_u24(out: &mut Vec<u8>, bytes: &[u8]) {
    let bytes = bytes.get(..0x00ff_ffff).unwrap_or(bytes);
    let [_, high, middle, low] = u32::try_from(bytes.len()).unwrap_or_default().to_be_bytes();
    out.extend_from_slice(&[high, middle, low]);
    out.extend_from_slice(bytes);
}

fn read_u24<'a>(reader: &mut Reader<'a>) -> Option<&'a [u8]> {
    let &[high, middle, low] = reader.take(3)? else {
        return None;
    };
    reader.take(usize::from(high) << 16 | usize::from(middle) << 8 | usize::from(low))
}

/// Where a client's store keeps its TLS 1.3 tickets for the server called `name`: apart from
/// the TLS 1.2 session kept under the name itself.
fn tickets_key(name: &[u8]) -> Vec<u8> {
    let mut key = b"tls13 ".to_vec();
    key.extend_from_slice(name);
    key
}

/// A ticket a client received, and what it resumes.
pub(crate) type ClientTicket = (Vec<u8>, Tls13Session);

/// One kept entry: the ticket (u16-prefixed) and its session (u24-prefixed); the rest.
fn read_entry<'a>(reader: &mut Reader<'a>) -> Option<(&'a [u8], &'a [u8])> {
    let len = reader.u16()?;
    let ticket = reader.take(usize::from(len))?;
    let session = read_u24(reader)?;
    Some((ticket, session))
}

/// The client's tickets kept under `key`, oldest first (none if the entry is damaged).
fn stored_tickets(store: &dyn SessionStore, key: &[u8]) -> Vec<ClientTicket> {
    let Some(bytes) = store.get(key) else {
        return Vec::new();
    };
    let mut reader = Reader(&bytes);
    let mut tickets = Vec::new();
    while !reader.0.is_empty() {
        let Some((ticket, session)) = read_entry(&mut reader) else {
            return Vec::new();
        };
        let Some(session) = Tls13Session::decode(session) else {
            return Vec::new();
        };
        tickets.push((ticket.to_vec(), session));
    }
    tickets
}

/// Appends one entry to `out`.
fn push_entry(out: &mut Vec<u8>, ticket: &[u8], session: &Tls13SessionParts<'_>) {
    let Ok(len) = u16::try_from(ticket.len()) else {
        return;
    };
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(ticket);
    let [_, high, middle, low] = u32::try_from(session.encoded_len())
        .unwrap_or_default()
        .to_be_bytes();
    out.extend_from_slice(&[high, middle, low]);
    session.encode_into(out);
}

/// Stores `tickets` under `key` (none: forgets them).
fn store_tickets(store: &dyn SessionStore, key: &[u8], tickets: &[ClientTicket]) {
    if tickets.is_empty() {
        store.remove(key);
        return;
    }
    let mut out = Zeroizing::new(Vec::new());
    for (ticket, session) in tickets {
        push_entry(&mut out, ticket, &session.parts());
    }
    store.put(key, out);
}

/// Keeps a ticket the server called `name` sent, dropping the oldest beyond
/// [`MAX_KEPT_TICKETS`]: appended to the kept entries as they are, none decoded.
pub(crate) fn keep_ticket(
    store: &dyn SessionStore,
    name: &[u8],
    ticket: &[u8],
    session: &Tls13SessionParts<'_>,
) {
    let key = tickets_key(name);
    let existing = store.get(&key);
    let mut kept = existing.as_deref().map_or(&[][..], Vec::as_slice);
    // The newest MAX_KEPT_TICKETS - 1 stay: skip the oldest beyond them (a damaged entry
    // drops them all).
    let mut boundaries = Vec::new();
    let mut reader = Reader(kept);
    while !reader.0.is_empty() {
        if read_entry(&mut reader).is_none() {
            kept = &[];
            boundaries.clear();
            break;
        }
        boundaries.push(kept.len() - reader.0.len());
    }
    let drop = boundaries.len().saturating_sub(MAX_KEPT_TICKETS - 1);
    if let Some(end) = drop.checked_sub(1).and_then(|at| boundaries.get(at)) {
        kept = kept.get(*end..).unwrap_or_default();
    }
    let mut out = Zeroizing::new(Vec::with_capacity(
        kept.len() + 2 + ticket.len() + 3 + session.encoded_len(),
    ));
    out.extend_from_slice(kept);
    push_entry(&mut out, ticket, session);
    store.put(&key, out);
}

/// Takes the newest ticket for `name` that is fresh at `now` and of a suite `usable` allows:
/// each is used once. Stale tickets are dropped on the way.
pub(crate) fn take_ticket(
    store: &dyn SessionStore,
    name: &[u8],
    now: UnixTime,
    usable: impl Fn(SupportedCipherSuite) -> bool,
) -> Option<ClientTicket> {
    let key = tickets_key(name);
    let mut tickets = stored_tickets(store, &key);
    tickets.retain(|(_, session)| session.is_fresh(now));
    let taken = tickets
        .iter()
        .rposition(|(_, session)| usable(session.cipher_suite))
        .map(|at| tickets.remove(at));
    store_tickets(store, &key, &tickets);
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_store::MemorySessionStore;

    fn session(created: i64) -> Tls13Session {
        Tls13Session {
            cipher_suite: SupportedCipherSuite::Tls13Aes256GcmSha384,
            psk: Secret::new(&[5; 48]),
            created,
            lifetime_secs: 3600,
            age_add: 0x0102_0304,
            max_early_data_size: 0,
            server_name: Some("ticket.example".into()),
            alpn_protocol: Some(b"h2".to_vec()),
            peer_certificates: vec![vec![1; 10], vec![2; 300]].into(),
        }
    }

    #[test]
    fn round_trips_and_refuses_damage() {
        let original = session(1_700_000_000);
        let encoded = original.parts().encode();
        let decoded = Tls13Session::decode(&encoded).unwrap();
        assert_eq!(decoded.parts().encode().as_slice(), encoded.as_slice());
        for len in 0..encoded.len() {
            assert!(Tls13Session::decode(&encoded[..len]).is_none(), "{len}");
        }
        // A TLS 1.2 suite, or a PSK of the wrong length for the suite's hash.
        let mut other = encoded.to_vec();
        other[4] = 0xc0;
        other[5] = 0x2b;
        assert!(Tls13Session::decode(&other).is_none());
        let short_psk = Tls13Session {
            psk: Secret::new(&[5; 32]),
            ..session(0)
        };
        assert!(Tls13Session::decode(&short_psk.parts().encode()).is_none());
    }

    #[test]
    fn a_client_uses_each_ticket_once_newest_first_and_keeps_a_few() {
        let store = MemorySessionStore::default();
        let now = UnixTime::from_secs(10_000);
        for i in 0..10u8 {
            keep_ticket(&store, b"a.example", &[i], &session(10_000).parts());
        }
        let all = |_| true;
        // Only the last MAX_KEPT_TICKETS are kept; the newest comes first.
        let mut taken = Vec::new();
        while let Some((ticket, _)) = take_ticket(&store, b"a.example", now, all) {
            taken.push(ticket[0]);
        }
        assert_eq!(taken, [9, 8, 7, 6, 5, 4, 3, 2]);
        // Another name's tickets are its own; stale ones are dropped.
        keep_ticket(&store, b"b.example", &[1], &session(0).parts());
        assert!(take_ticket(&store, b"b.example", now, all).is_none());
        assert!(store.is_empty());
    }
}
