//! rustls' contestant: `rustls` 0.23 on its ring provider, restricted to the scenario's one
//! suite and X25519, with its buffered API (`writer`, `reader`, `read_tls`, `write_tls`).

use std::io::{Read, Write};
use std::sync::Arc;

use rustls::client::Resumption as RustlsResumption;
use rustls::crypto::{CryptoProvider, ring as provider};
use rustls::server::{NoServerSessionStorage, ServerSessionMemoryCache};
use rustls::{ClientConnection, RootCertStore, ServerConnection, SupportedCipherSuite};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};

use super::{Bulk, Fixture, KeyKind, Resumption, SERVER_NAME, Scenario, SideTimes, Version};

/// Sessions a cache holds: far more than a bench keeps alive.
const CACHE: usize = 256;

/// Configs for one scenario.
pub struct Theirs {
    client: Arc<rustls::ClientConfig>,
    server: Arc<rustls::ServerConfig>,
    name: ServerName<'static>,
}

fn suite(scenario: Scenario) -> SupportedCipherSuite {
    use provider::cipher_suite as S;
    match (scenario.version, scenario.key, scenario.bulk) {
        (Version::Tls13, _, Bulk::Aes128Gcm) => S::TLS13_AES_128_GCM_SHA256,
        (Version::Tls13, _, Bulk::Aes256Gcm) => S::TLS13_AES_256_GCM_SHA384,
        (Version::Tls13, _, Bulk::ChaCha20Poly1305) => S::TLS13_CHACHA20_POLY1305_SHA256,
        (Version::Tls12, KeyKind::EcdsaP256, Bulk::Aes128Gcm) => {
            S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        }
        (Version::Tls12, KeyKind::EcdsaP256, Bulk::Aes256Gcm) => {
            S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
        }
        (Version::Tls12, KeyKind::EcdsaP256, Bulk::ChaCha20Poly1305) => {
            S::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
        }
        (Version::Tls12, KeyKind::Rsa2048, Bulk::Aes128Gcm) => {
            S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        }
        (Version::Tls12, KeyKind::Rsa2048, Bulk::Aes256Gcm) => {
            S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
        }
        (Version::Tls12, KeyKind::Rsa2048, Bulk::ChaCha20Poly1305) => {
            S::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
        }
    }
}

impl Theirs {
    /// The configs of `scenario` on `fixture`'s certificates; `None` for what rustls cannot
    /// do (psk_ke).
    pub fn new(fixture: &Fixture, scenario: Scenario) -> Option<Self> {
        assert_eq!(
            fixture.key, scenario.key,
            "the fixture's key is the scenario's"
        );
        if scenario.resumption == Resumption::Tls13PskKe {
            return None;
        }
        #[allow(
            deprecated,
            reason = "rustls deprecates its ring provider for lacking post-quantum groups; we \
                      restrict it to X25519 anyway, as ours"
        )]
        let provider = Arc::new(CryptoProvider {
            cipher_suites: vec![suite(scenario)],
            kx_groups: vec![provider::kx_group::X25519],
            ..provider::default_provider()
        });
        let versions: &[&rustls::SupportedProtocolVersion] = match scenario.version {
            Version::Tls13 => &[&rustls::version::TLS13],
            Version::Tls12 => &[&rustls::version::TLS12],
        };
        let chain = vec![
            CertificateDer::from(fixture.leaf_der.clone()),
            CertificateDer::from(fixture.intermediate_der.clone()),
        ];
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(fixture.key_der.clone()));
        let mut server = rustls::ServerConfig::builder_with_provider(Arc::clone(&provider))
            .with_protocol_versions(versions)
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("server certificate");
        match scenario.resumption {
            Resumption::None => {
                server.session_storage = Arc::new(NoServerSessionStorage {});
                server.send_tls13_tickets = 0;
            }
            Resumption::Tls13Stateful | Resumption::Tls12SessionId => {
                server.session_storage = ServerSessionMemoryCache::new(CACHE);
                server.send_tls13_tickets = 1;
            }
            Resumption::Tls13Stateless | Resumption::Tls13PskKe | Resumption::Tls12Ticket => {
                server.session_storage = Arc::new(NoServerSessionStorage {});
                server.ticketer = provider::Ticketer::new().expect("ticketer");
                server.send_tls13_tickets = 1;
            }
        }

        let mut roots = RootCertStore::empty();
        roots
            .add(CertificateDer::from(fixture.root_der.clone()))
            .expect("root");
        let mut client = rustls::ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .expect("versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        client.resumption = if scenario.resumption == Resumption::None {
            RustlsResumption::disabled()
        } else {
            RustlsResumption::in_memory_sessions(CACHE)
        };
        let theirs = Self {
            client: Arc::new(client),
            server: Arc::new(server),
            name: ServerName::try_from(SERVER_NAME).expect("name"),
        };
        theirs.check(scenario);
        Some(theirs)
    }

    /// Connects a pair, handing bytes over until both sides are done and idle.
    pub fn handshake(&self) -> (ClientConnection, ServerConnection, SideTimes) {
        let mut times = SideTimes::default();
        let mut client = times.client(|| {
            ClientConnection::new(Arc::clone(&self.client), self.name.clone()).expect("client")
        });
        let mut server =
            times.server(|| ServerConnection::new(Arc::clone(&self.server)).expect("server"));
        let mut wire = Vec::with_capacity(16 * 1024);
        while client.is_handshaking()
            || server.is_handshaking()
            || client.wants_write()
            || server.wants_write()
        {
            wire.clear();
            times.client(|| {
                while client.wants_write() {
                    client.write_tls(&mut wire).expect("client writes");
                }
            });
            times.server(|| {
                let mut rest = &wire[..];
                while !rest.is_empty() {
                    server.read_tls(&mut rest).expect("server reads");
                    server.process_new_packets().expect("server processes");
                }
            });
            wire.clear();
            times.server(|| {
                while server.wants_write() {
                    server.write_tls(&mut wire).expect("server writes");
                }
            });
            times.client(|| {
                let mut rest = &wire[..];
                while !rest.is_empty() {
                    client.read_tls(&mut rest).expect("client reads");
                    client.process_new_packets().expect("client processes");
                }
            });
        }
        (client, server, times)
    }

    fn check(&self, scenario: Scenario) {
        let (client, _, _) = self.handshake();
        assert_eq!(
            client.negotiated_cipher_suite(),
            Some(suite(scenario)),
            "rustls negotiates the scenario's suite"
        );
        if scenario.resumption != Resumption::None {
            let (client, _, _) = self.handshake();
            assert_eq!(
                client.handshake_kind(),
                Some(rustls::HandshakeKind::Resumed),
                "rustls resumes {:?}",
                scenario.resumption
            );
        }
    }
}

/// Sends `data` from `client` to `server` through rustls' buffered API; returns the bytes the
/// server read into `out`.
pub fn bulk_buffered(
    client: &mut ClientConnection,
    server: &mut ServerConnection,
    data: &[u8],
    out: &mut [u8],
    wire: &mut Vec<u8>,
) -> usize {
    // Written in pieces, as ours, so that neither side buffers the whole megabyte.
    const PIECE: usize = 64 * 1024;
    let mut read = 0;
    for piece in data.chunks(PIECE) {
        client.writer().write_all(piece).expect("write");
        wire.clear();
        while client.wants_write() {
            client.write_tls(wire).expect("write_tls");
        }
        let mut rest = &wire[..];
        while !rest.is_empty() {
            server.read_tls(&mut rest).expect("read_tls");
            server.process_new_packets().expect("process");
            loop {
                match server.reader().read(out) {
                    Ok(0) => break,
                    Ok(n) => read += n,
                    Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => break,
                    Err(error) => panic!("read: {error}"),
                }
            }
        }
    }
    read
}
