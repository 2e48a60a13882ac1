//! A resumable TLS 1.2 session (RFC 5246 §7.4.1.2, RFC 7627 §5.3): what a full handshake
//! leaves for an abbreviated one, and its encoding in a
//! [`SessionStore`](crate::session_store::SessionStore).
//!
//! ```text
//! format 1 | version u16 | suite u16 | master secret <1..255> | created i64
//!          | server name <0..255> | peer certificates u16 × <1..2^24-1>
//! a client's entry: session id <0..32> | the above
//! ```
//!
//! Only sessions with the extended master secret are stored (RFC 7627 §5.4 leaves resuming
//! the others open to the triple handshake); decoding fails closed on anything else, so a
//! store that returns damaged bytes costs a full handshake, never a wrong session.

use tls_keyschedule::secret::Secret;
use tls_keyschedule::tls12::MasterSecret;
use tls_pki::UnixTime;
use tls_wire::ids::{CipherSuite, ProtocolVersion};
use zeroize::Zeroizing;

use crate::config::{SupportedCipherSuite, SupportedVersion};

/// How long a session may be resumed after the handshake that made it, in seconds: the
/// upper limit RFC 5246 suggests.
//= https://www.rfc-editor.org/rfc/rfc5246#appendix-F.1.4
//# An upper limit of 24 hours is suggested for
//# session ID lifetimes, since an attacker who obtains a master_secret
//# may be able to impersonate the compromised party until the
//# corresponding session ID is retired.
pub const TLS12_SESSION_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// The encoding's format, first: a store shared across versions of this crate refuses what
/// it cannot read.
const FORMAT: u8 = 1;

/// The longest session id (RFC 5246 §7.4.1.2: `opaque SessionID<0..32>`).
const MAX_SESSION_ID_LEN: usize = 32;

/// What a TLS 1.2 session keeps for its resumption.
#[derive(Clone, Debug)]
pub(crate) struct Tls12Session {
    pub(crate) cipher_suite: SupportedCipherSuite,
    pub(crate) master_secret: MasterSecret,
    /// The SNI host name of the handshake that made it: it resumes under that name only.
    pub(crate) server_name: Option<String>,
    /// The certificates the peer presented then (DER, end-entity first): the server's, on a
    /// client; the client's, if any, on a server.
    pub(crate) peer_certificates: Vec<Vec<u8>>,
    /// When the handshake that made it completed, in seconds since the epoch.
    pub(crate) created: i64,
}

impl Tls12Session {
    /// The session as a store keeps it (a renewed ticket, a resumed session stored again).
    pub(crate) fn parts(&self) -> SessionToStore<'_> {
        SessionToStore {
            cipher_suite: self.cipher_suite,
            master_secret: &self.master_secret,
            server_name: self.server_name.as_deref(),
            peer_certificates: &self.peer_certificates,
            created: self.created,
        }
    }

    /// Whether it may still be resumed at `now`: made no later than now, and within its
    /// lifetime.
    pub(crate) fn is_fresh(&self, now: UnixTime) -> bool {
        let age = now.as_secs().saturating_sub(self.created);
        (0..=TLS12_SESSION_LIFETIME_SECS).contains(&age)
    }

    /// A session a store returned, or `None` if the bytes are not one we can resume.
    pub(crate) fn decode(bytes: &[u8]) -> Option<Self> {
        let mut reader = Reader(bytes);
        let session = Self::decode_from(&mut reader)?;
        reader.0.is_empty().then_some(session)
    }

    /// A client's store entry: the session id, the session, and the server's ticket for it
    /// (RFC 5077), if it sent one. An entry resumes by one or the other, so one is there.
    pub(crate) fn decode_client_entry(bytes: &[u8]) -> Option<ClientEntry> {
        let mut reader = Reader(bytes);
        let session_id = reader.short()?;
        if session_id.len() > MAX_SESSION_ID_LEN {
            return None;
        }
        let session = Self::decode_from(&mut reader)?;
        let ticket = match reader.0 {
            [] => None,
            _ => {
                let len = reader.u16()?;
                Some(reader.take(usize::from(len))?.to_vec())
            }
        };
        if !reader.0.is_empty() || (session_id.is_empty() && ticket.is_none()) {
            return None;
        }
        Some(ClientEntry {
            session_id: session_id.to_vec(),
            session,
            ticket,
        })
    }

    fn decode_from(reader: &mut Reader<'_>) -> Option<Self> {
        if reader.u8()? != FORMAT || reader.u16()? != ProtocolVersion::TLSV1_2.get() {
            return None;
        }
        let cipher_suite = SupportedCipherSuite::from_id(CipherSuite::from(reader.u16()?))
            .filter(|suite| suite.version() == SupportedVersion::Tls12)?;
        let secret = reader.short()?;
        let hash = cipher_suite.suite().hash;
        if secret.len() != tls_keyschedule::tls12::MASTER_SECRET_LEN {
            return None;
        }
        let master_secret = MasterSecret::new(hash, Secret::new(secret));
        let created = i64::from_be_bytes(reader.take(8)?.try_into().ok()?);
        let name = reader.short()?;
        let server_name = match name {
            [] => None,
            name => Some(String::from_utf8(name.to_vec()).ok()?),
        };
        let count = reader.u16()?;
        let mut peer_certificates = Vec::new();
        for _ in 0..count {
            let &[high, middle, low] = reader.take(3)? else {
                return None;
            };
            let len = usize::from(high) << 16 | usize::from(middle) << 8 | usize::from(low);
            peer_certificates.push(reader.take(len)?.to_vec());
        }
        Some(Self {
            cipher_suite,
            master_secret,
            server_name,
            peer_certificates,
            created,
        })
    }
}

/// What a client keeps for a server: a session, resumed by its id or by a ticket.
#[derive(Debug)]
pub(crate) struct ClientEntry {
    pub(crate) session_id: Vec<u8>,
    pub(crate) session: Tls12Session,
    /// The server's ticket (RFC 5077), which resumes the session statelessly.
    pub(crate) ticket: Option<Vec<u8>>,
}

/// A session about to be stored, borrowed from the handshake that made it (nothing is copied
/// but into its encoding).
#[derive(Clone, Copy)]
pub(crate) struct SessionToStore<'a> {
    pub(crate) cipher_suite: SupportedCipherSuite,
    pub(crate) master_secret: &'a MasterSecret,
    pub(crate) server_name: Option<&'a str>,
    pub(crate) peer_certificates: &'a [Vec<u8>],
    pub(crate) created: i64,
}

impl SessionToStore<'_> {
    /// The encoding a store keeps; a client's entry starts with the session id.
    pub(crate) fn encode(
        &self,
        session_id: Option<&[u8]>,
        ticket: Option<&[u8]>,
    ) -> Zeroizing<Vec<u8>> {
        let secret = self.master_secret.secret().as_bytes();
        let name = self.server_name.unwrap_or_default().as_bytes();
        let certificates: usize = self.peer_certificates.iter().map(|c| 3 + c.len()).sum();
        let len = 1
            + session_id.map_or(0, <[u8]>::len)
            + 1
            + 2
            + 2
            + 1
            + secret.len()
            + 8
            + 1
            + name.len()
            + 2
            + certificates
            + ticket.map_or(0, |ticket| 2 + ticket.len());
        // One allocation, of the final size: the secret is never copied by a reallocation.
        let mut out = Zeroizing::new(Vec::with_capacity(len));
        if let Some(id) = session_id {
            push_short(&mut out, id);
        }
        out.push(FORMAT);
        out.extend_from_slice(&ProtocolVersion::TLSV1_2.get().to_be_bytes());
        out.extend_from_slice(&self.cipher_suite.id().get().to_be_bytes());
        push_short(&mut out, secret);
        out.extend_from_slice(&self.created.to_be_bytes());
        push_short(&mut out, name);
        let count = u16::try_from(self.peer_certificates.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&count.to_be_bytes());
        for certificate in self.peer_certificates.iter().take(usize::from(count)) {
            // A certificate is at most 2^24 - 1 bytes on the wire, so it fits.
            let certificate = certificate.get(..0x00ff_ffff).unwrap_or(certificate);
            let [_, high, middle, low] = u32::try_from(certificate.len())
                .unwrap_or_default()
                .to_be_bytes();
            out.extend_from_slice(&[high, middle, low]);
            out.extend_from_slice(certificate);
        }
        if let Some((len, ticket)) =
            ticket.and_then(|ticket| u16::try_from(ticket.len()).ok().map(|len| (len, ticket)))
        {
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(ticket);
        }
        out
    }
}

/// A session id (RFC 5246 §7.4.1.2: `opaque SessionID<0..32>`) held without an allocation.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SessionIdBuf {
    bytes: [u8; MAX_SESSION_ID_LEN],
    len: usize,
}

impl SessionIdBuf {
    /// `id`, cut to 32 bytes (the wire form allows no more).
    pub(crate) fn new(id: &[u8]) -> Self {
        let mut buf = Self::default();
        let id = id.get(..MAX_SESSION_ID_LEN).unwrap_or(id);
        if let Some(head) = buf.bytes.get_mut(..id.len()) {
            head.copy_from_slice(id);
            buf.len = id.len();
        }
        buf
    }

    /// The id.
    pub(crate) fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// `bytes` with a one-byte length before them (every field so encoded is at most 255 bytes:
/// a master secret, a session id, a DNS name).
pub(crate) fn push_short(out: &mut Vec<u8>, bytes: &[u8]) {
    let bytes = bytes.get(..usize::from(u8::MAX)).unwrap_or(bytes);
    out.push(u8::try_from(bytes.len()).unwrap_or_default());
    out.extend_from_slice(bytes);
}

/// Reads an encoding front to back; every read fails rather than run past the end.
pub(crate) struct Reader<'a>(pub(crate) &'a [u8]);

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        Some(head)
    }

    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    pub(crate) fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }

    pub(crate) fn short(&mut self) -> Option<&'a [u8]> {
        let len = self.u8()?;
        self.take(usize::from(len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tls_keyschedule::HashAlgorithm;

    fn session() -> Tls12Session {
        Tls12Session {
            cipher_suite: SupportedCipherSuite::Tls12EcdheEcdsaAes256GcmSha384,
            master_secret: MasterSecret::new(HashAlgorithm::Sha384, Secret::new(&[7; 48])),
            server_name: Some("resume.example".into()),
            peer_certificates: vec![vec![1, 2, 3], vec![4; 300]],
            created: 1_700_000_000,
        }
    }

    fn encode(session: &Tls12Session, id: Option<&[u8]>) -> Zeroizing<Vec<u8>> {
        session.parts().encode(id, None)
    }

    fn same(a: &Tls12Session, b: &Tls12Session) -> bool {
        a.cipher_suite == b.cipher_suite
            && a.master_secret.secret().as_bytes() == b.master_secret.secret().as_bytes()
            && a.master_secret.hash() == b.master_secret.hash()
            && a.server_name == b.server_name
            && a.peer_certificates == b.peer_certificates
            && a.created == b.created
    }

    #[test]
    fn round_trips_through_its_encoding() {
        let original = session();
        let decoded = Tls12Session::decode(&encode(&original, None)).unwrap();
        assert!(same(&original, &decoded));
        let entry = Tls12Session::decode_client_entry(&encode(&original, Some(&[9; 32]))).unwrap();
        assert_eq!(entry.session_id, [9; 32]);
        assert!(entry.ticket.is_none());
        assert!(same(&original, &entry.session));
        // An entry of a ticket, without a session id.
        let parts = original.parts();
        let entry =
            Tls12Session::decode_client_entry(&parts.encode(Some(&[]), Some(b"ticket"))).unwrap();
        assert!(entry.session_id.is_empty());
        assert_eq!(entry.ticket.as_deref(), Some(&b"ticket"[..]));
        // Neither: nothing to resume by.
        assert!(Tls12Session::decode_client_entry(&parts.encode(Some(&[]), None)).is_none());
        let nameless = Tls12Session {
            server_name: None,
            peer_certificates: Vec::new(),
            ..session()
        };
        assert!(same(
            &nameless,
            &Tls12Session::decode(&encode(&nameless, None)).unwrap()
        ));
    }

    #[test]
    fn refuses_every_truncation_and_any_trailing_byte() {
        let encoded = encode(&session(), None);
        for len in 0..encoded.len() {
            assert!(Tls12Session::decode(&encoded[..len]).is_none(), "{len}");
        }
        let mut longer = encoded.to_vec();
        longer.push(0);
        assert!(Tls12Session::decode(&longer).is_none());
    }

    #[test]
    fn refuses_another_format_version_or_suite() {
        let encoded = encode(&session(), None);
        for (at, byte) in [(0, 2), (2, 0x04), (4, 0x01)] {
            let mut changed = encoded.to_vec();
            changed[at] = byte;
            assert!(Tls12Session::decode(&changed).is_none(), "byte {at}");
        }
    }

    #[test]
    fn is_fresh_within_its_lifetime_only() {
        let made = session();
        let at = |secs| UnixTime::from_secs(made.created + secs);
        assert!(made.is_fresh(at(0)));
        assert!(made.is_fresh(at(TLS12_SESSION_LIFETIME_SECS)));
        assert!(!made.is_fresh(at(TLS12_SESSION_LIFETIME_SECS + 1)));
        // Made in the future: a clock went back.
        assert!(!made.is_fresh(at(-1)));
    }
}
