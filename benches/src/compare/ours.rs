//! Our contestant: the `tls` facade's sans-IO [`Connection`], in memory.

use std::sync::Arc;

use tls::handshake::config::{SupportedCipherSuite, SupportedGroup, SupportedVersion};
use tls::handshake::session_store::MemorySessionStore;
use tls::handshake::ticketer::{RotatingTicketer, StatefulTicketer, Ticketer};
use tls::{
    CertifiedKey, ClientConfig, Connection, Error, ServerConfig, ServerName, TrustAnchor,
    TrustAnchors, WebPkiServerVerifier,
};

use super::floor::FlightSizes;
use super::timing::Side;
use super::{Bulk, Fixture, KeyKind, Resumption, SERVER_NAME, Scenario, SideTimes, Version};

/// Sessions a cache holds: far more than a bench keeps alive.
const CACHE: usize = 256;

/// Configs for one scenario; each pair is made from them.
pub struct Ours {
    scenario: Scenario,
    client: Arc<ClientConfig>,
    server: Arc<ServerConfig>,
    name: ServerName,
}

/// The cipher suite of a scenario.
fn suite(scenario: Scenario) -> SupportedCipherSuite {
    use SupportedCipherSuite as S;
    match (scenario.version, scenario.key, scenario.bulk) {
        (Version::Tls13, _, Bulk::Aes128Gcm) => S::Tls13Aes128GcmSha256,
        (Version::Tls13, _, Bulk::Aes256Gcm) => S::Tls13Aes256GcmSha384,
        (Version::Tls13, _, Bulk::ChaCha20Poly1305) => S::Tls13ChaCha20Poly1305Sha256,
        (Version::Tls12, KeyKind::EcdsaP256, Bulk::Aes128Gcm) => S::Tls12EcdheEcdsaAes128GcmSha256,
        (Version::Tls12, KeyKind::EcdsaP256, Bulk::Aes256Gcm) => S::Tls12EcdheEcdsaAes256GcmSha384,
        (Version::Tls12, KeyKind::EcdsaP256, Bulk::ChaCha20Poly1305) => {
            S::Tls12EcdheEcdsaChaCha20Poly1305Sha256
        }
        (Version::Tls12, KeyKind::Rsa2048, Bulk::Aes128Gcm) => S::Tls12EcdheRsaAes128GcmSha256,
        (Version::Tls12, KeyKind::Rsa2048, Bulk::Aes256Gcm) => S::Tls12EcdheRsaAes256GcmSha384,
        (Version::Tls12, KeyKind::Rsa2048, Bulk::ChaCha20Poly1305) => {
            S::Tls12EcdheRsaChaCha20Poly1305Sha256
        }
    }
}

impl Ours {
    /// The configs of `scenario` on `fixture`'s certificates.
    pub fn new(fixture: &Fixture, scenario: Scenario) -> Self {
        assert_eq!(
            fixture.key, scenario.key,
            "the fixture's key is the scenario's"
        );
        let suite = suite(scenario);
        let certified =
            CertifiedKey::from_pem(fixture.chain_pem.as_bytes(), fixture.key_pem.as_bytes())
                .expect("the fixture's key loads");
        let server = ServerConfig::builder(Arc::new(certified))
            .cipher_suites(&[suite])
            .groups(&[SupportedGroup::X25519]);
        let ticketer: Option<Arc<dyn Ticketer>> = match scenario.resumption {
            Resumption::None | Resumption::Tls12SessionId => None,
            Resumption::Tls13Stateless | Resumption::Tls13PskKe | Resumption::Tls12Ticket => Some(
                Arc::new(RotatingTicketer::new().expect("system randomness")),
            ),
            Resumption::Tls13Stateful => Some(Arc::new(StatefulTicketer::new(Arc::new(
                MemorySessionStore::new(CACHE),
            )))),
        };
        let server_cache = (scenario.resumption == Resumption::Tls12SessionId)
            .then(|| Arc::new(MemorySessionStore::new(CACHE)) as _);
        let psk_ke = scenario.resumption == Resumption::Tls13PskKe;
        let server = server
            .ticketer(ticketer)
            .session_tickets(u8::from(scenario.resumption != Resumption::None))
            .session_store(server_cache)
            .allow_psk_ke(psk_ke)
            .build()
            .expect("server config");

        let mut anchors = TrustAnchors::new();
        anchors.add(TrustAnchor::from_der(&fixture.root_der).expect("root"));
        let client_cache = (scenario.resumption != Resumption::None)
            .then(|| Arc::new(MemorySessionStore::new(CACHE)) as _);
        let client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
            .cipher_suites(&[suite])
            .groups(&[SupportedGroup::X25519])
            .session_store(client_cache)
            .allow_psk_ke(psk_ke)
            .build()
            .expect("client config");
        let ours = Self {
            scenario,
            client: Arc::new(client),
            server: Arc::new(server),
            name: ServerName::try_from(SERVER_NAME).expect("name"),
        };
        ours.check();
        ours
    }

    /// The client's config.
    pub fn client_config(&self) -> &Arc<ClientConfig> {
        &self.client
    }

    /// The server's config.
    pub fn server_config(&self) -> &Arc<ServerConfig> {
        &self.server
    }

    /// Connects a pair, handing bytes over until both sides are done and idle; with
    /// resumption, the client's config keeps the ticket or session for the next pair.
    pub fn handshake(&self) -> (Connection, Connection, SideTimes) {
        let mut times = SideTimes::default();
        let mut client = times.client(|| {
            Connection::client(Arc::clone(&self.client), self.name.clone()).expect("client")
        });
        let mut server = times.server(|| Connection::server(Arc::clone(&self.server)));
        while client.is_handshaking()
            || server.is_handshaking()
            || !client.pending_output().is_empty()
            || !server.pending_output().is_empty()
        {
            hand_over(&mut client, Side::Client, &mut server, &mut times);
            hand_over(&mut server, Side::Server, &mut client, &mut times);
        }
        (client, server, times)
    }

    /// The handshake bytes of one pair, by kind (for the floor), and the IANA value of the
    /// server's signature scheme (`None` when it resumed: no signature).
    pub fn flights(&self) -> (FlightSizes, Option<u16>) {
        let mut sizes = FlightSizes::default();
        let version = self.scenario.version;
        let mut client =
            Connection::client(Arc::clone(&self.client), self.name.clone()).expect("client");
        let mut server = Connection::server(Arc::clone(&self.server));
        while client.is_handshaking()
            || server.is_handshaking()
            || !client.pending_output().is_empty()
            || !server.pending_output().is_empty()
        {
            sizes.add_records(version, client.pending_output(), false);
            transfer(&mut client, &mut server);
            sizes.add_records(version, server.pending_output(), true);
            transfer(&mut server, &mut client);
        }
        let scheme = client
            .negotiated()
            .and_then(|negotiated| negotiated.signature_scheme)
            .map(|scheme| scheme.get());
        (sizes, scheme)
    }

    /// Makes sure the scenario is what it says: the suite and version negotiated, and, with
    /// resumption, a second pair resumed (the first leaves the ticket or session behind).
    fn check(&self) {
        let (client, server, _) = self.handshake();
        let negotiated = client.negotiated().expect("negotiated");
        let version = match self.scenario.version {
            Version::Tls13 => SupportedVersion::Tls13,
            Version::Tls12 => SupportedVersion::Tls12,
        };
        assert_eq!(negotiated.version, version.id());
        assert_eq!(negotiated.cipher_suite, suite(self.scenario).id());
        drop((client, server));
        if self.scenario.resumption != Resumption::None {
            let (client, _, _) = self.handshake();
            let negotiated = client.negotiated().expect("negotiated");
            assert!(negotiated.resumed, "{:?} resumes", self.scenario.resumption);
            assert_eq!(
                negotiated.group.is_none(),
                self.scenario.resumption != Resumption::Tls13Stateless
                    && self.scenario.resumption != Resumption::Tls13Stateful,
                "a key exchange exactly when the mode has one"
            );
        }
    }
}

/// Hands everything `from` (the pair's `side`) has to send to `to`, each call on its side's
/// clock.
fn hand_over(from: &mut Connection, side: Side, to: &mut Connection, times: &mut SideTimes) {
    while !from.pending_output().is_empty() {
        let taken = times.on(side.peer(), || {
            to.receive(from.pending_output()).expect("peer receives")
        });
        assert!(taken > 0, "the peer took nothing");
        times.on(side, || from.consume_output(taken));
    }
}

/// Moves everything `from` has to send into `to`.
pub fn transfer(from: &mut Connection, to: &mut Connection) {
    while !from.pending_output().is_empty() {
        let taken = to.receive(from.pending_output()).expect("received");
        assert!(taken > 0, "the receiver took nothing");
        from.consume_output(taken);
    }
}

/// Sends `data` from `client` to `server` through the buffered API (`write`, `read` into
/// `out`); returns the bytes the server read.
pub fn bulk_buffered(
    client: &mut Connection,
    server: &mut Connection,
    data: &[u8],
    out: &mut [u8],
) -> usize {
    let (mut sent, mut read) = (0, 0);
    while read < data.len() {
        if sent < data.len() {
            sent += client.write(&data[sent..]).expect("write");
        }
        // The server takes what its buffers hold, the application reads it, and so on.
        while !client.pending_output().is_empty() {
            let taken = server.receive(client.pending_output()).expect("received");
            client.consume_output(taken);
            let before = read;
            loop {
                match server.read(out) {
                    Ok(0) | Err(Error::WouldBlock) => break,
                    Ok(n) => read += n,
                    Err(error) => panic!("read: {error}"),
                }
            }
            assert!(
                taken > 0 || read > before,
                "the server neither took nor gave"
            );
        }
    }
    read
}

/// Sends `len` bytes from `client` to `server` through the in-place API: each record's
/// plaintext is produced where it is sealed (`write_in_place`; the bench's "application"
/// leaves the buffer as it finds it, so that producing data costs nothing, as in the floor),
/// and read where it was opened (`plaintext`, `consume_plaintext`), the receiver taking what
/// `receive_room` allows, as `read_tls` would. Returns the bytes read.
pub fn bulk_in_place(client: &mut Connection, server: &mut Connection, len: usize) -> usize {
    let (mut sent, mut read) = (0, 0);
    while read < len {
        while sent < len {
            let n = client
                .write_in_place(len - sent, |buf| buf.len())
                .expect("write_in_place");
            if n == 0 {
                break;
            }
            sent += n;
        }
        while !client.pending_output().is_empty() {
            // As a socket reader would (`read_tls` does the same): no more than the receive
            // buffer's room, so that each record is opened, and read, where it arrived.
            let pending = client.pending_output();
            let offered = &pending[..server.receive_room().min(pending.len())];
            let taken = server.receive(offered).expect("received");
            client.consume_output(taken);
            loop {
                let n = server.plaintext().len();
                if n == 0 {
                    break;
                }
                read += n;
                server.consume_plaintext(n);
            }
            if taken == 0 {
                break;
            }
        }
    }
    read
}
