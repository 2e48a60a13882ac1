//! What the connection tests share: certificates for the checked-in keys (tls-tests' chains),
//! configs for one suite × group × certificate type, and a client–server pair in memory.
#![allow(
    dead_code,
    reason = "each test binary compiles this module and uses a different part of it"
)]

use std::sync::Arc;

use tls::handshake::config::{
    ClientConfigBuilder, ServerConfigBuilder, SupportedCipherSuite, SupportedGroup,
};
use tls::handshake::verifier::WebPkiServerVerifier;
use tls::wire::ids::SignatureScheme;
use tls::{
    CertifiedKey, ClientConfig, Connection, Error, ServerConfig, ServerName, TrustAnchor,
    TrustAnchors,
};
use tls_tests::{Chain, ChainBuilder, ExtendedKeyUsage, KeyType};

pub(crate) const SERVER_NAME: &str = "pair.example";

/// A certificate type under test: its key type, and the scheme its CertificateVerify uses.
pub(crate) struct CertificateType {
    pub(crate) key_type: KeyType,
    pub(crate) scheme: SignatureScheme,
}

pub(crate) const CERTIFICATE_TYPES: [CertificateType; 4] = [
    CertificateType {
        key_type: KeyType::EcdsaP256,
        scheme: SignatureScheme::ECDSA_SECP256R1_SHA256,
    },
    CertificateType {
        key_type: KeyType::EcdsaP384,
        scheme: SignatureScheme::ECDSA_SECP384R1_SHA384,
    },
    CertificateType {
        key_type: KeyType::Rsa2048,
        scheme: SignatureScheme::RSA_PSS_RSAE_SHA256,
    },
    CertificateType {
        key_type: KeyType::Ed25519,
        scheme: SignatureScheme::ED25519,
    },
];

pub(crate) const SUITES: [SupportedCipherSuite; 3] = [
    SupportedCipherSuite::Tls13Aes128GcmSha256,
    SupportedCipherSuite::Tls13Aes256GcmSha384,
    SupportedCipherSuite::Tls13ChaCha20Poly1305Sha256,
];

pub(crate) const GROUPS: [SupportedGroup; 3] = [
    SupportedGroup::X25519,
    SupportedGroup::Secp256r1,
    SupportedGroup::Secp384r1,
];

/// A root (ECDSA P-256, made here, so no two calls trust each other) and a leaf for
/// `SERVER_NAME` with the checked-in key of `certificate_type`, valid until 9999.
pub(crate) fn pki(certificate_type: &CertificateType) -> (TrustAnchors, Arc<CertifiedKey>) {
    let chain = ChainBuilder::new(certificate_type.key_type)
        .dns_name(SERVER_NAME)
        .root_name("Pair Root")
        .build()
        .unwrap();
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let certified = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .unwrap();
    (anchors, Arc::new(certified))
}

/// A client chain of `key_type` for id-kp-clientAuth under a root called `root`, its roots and
/// its key.
pub(crate) fn client_pki_under(
    key_type: KeyType,
    root: &str,
) -> (Chain, TrustAnchors, Arc<CertifiedKey>) {
    let chain = ChainBuilder::new(key_type)
        .common_name("pair client")
        .root_name(root)
        .extended_key_usages(&[ExtendedKeyUsage::ClientAuth])
        .build()
        .unwrap();
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let certified = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .unwrap();
    (chain, anchors, Arc::new(certified))
}

/// Config builders for one suite and group, from `pki`'s anchors and key.
pub(crate) fn configs(
    anchors: TrustAnchors,
    certified: Arc<CertifiedKey>,
    suite: SupportedCipherSuite,
    group: SupportedGroup,
) -> (ClientConfigBuilder, ServerConfigBuilder) {
    let client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .cipher_suites(&[suite])
        .groups(&[group])
        .alpn_protocols(&["h2", "http/1.1"]);
    let server = ServerConfig::builder(certified).alpn_protocols(&["http/1.1"]);
    (client, server)
}

/// A client and a server in memory.
pub(crate) struct Pair {
    pub(crate) client: Connection,
    pub(crate) server: Connection,
}

impl Pair {
    /// A pair over the configs the builders make, the client naming `SERVER_NAME`.
    pub(crate) fn new((client, server): (ClientConfigBuilder, ServerConfigBuilder)) -> Self {
        Self::with_configs(client.build().unwrap(), server.build().unwrap())
    }

    /// A pair over `client` and `server`, the client naming `SERVER_NAME`.
    pub(crate) fn with_configs(client: ClientConfig, server: ServerConfig) -> Self {
        let name = ServerName::try_from(SERVER_NAME).unwrap();
        Self {
            client: Connection::client(Arc::new(client), name).unwrap(),
            server: Connection::server(Arc::new(server)),
        }
    }

    /// A pair with the first certificate type, suite and group.
    pub(crate) fn default_pair() -> Self {
        let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
        Self::new(configs(anchors, certified, SUITES[0], GROUPS[0]))
    }

    /// Runs the handshake, moving bytes `chunk` at a time; panics on an error.
    pub(crate) fn handshake(&mut self, chunk: usize) {
        // Each round moves a flight; a 1-RTT handshake needs two each way.
        for _ in 0..8 {
            transfer(&mut self.client, &mut self.server, chunk).unwrap();
            transfer(&mut self.server, &mut self.client, chunk).unwrap();
            if !self.client.is_handshaking() && !self.server.is_handshaking() {
                transfer(&mut self.client, &mut self.server, chunk).unwrap();
                return;
            }
        }
        panic!("the handshake did not complete");
    }

    /// A pair that has completed its handshake.
    pub(crate) fn connected() -> Self {
        let mut pair = Self::default_pair();
        pair.handshake(usize::MAX);
        pair
    }
}

/// Moves what `from` has to send into `to`, `chunk` bytes per `receive`, as a socket would:
/// only what `to` takes leaves `from` (a full receiver leaves the rest pending). Returns the
/// bytes moved, or the first error `to` reports.
pub(crate) fn transfer(
    from: &mut Connection,
    to: &mut Connection,
    chunk: usize,
) -> Result<usize, Error> {
    let bytes = from.pending_output().to_vec();
    let mut moved = 0;
    for piece in bytes.chunks(chunk.max(1)) {
        let taken = to.receive(piece)?;
        from.consume_output(taken);
        moved += taken;
        if taken < piece.len() {
            break;
        }
    }
    Ok(moved)
}

/// Sends `data` from `from` to `to` through their limits, as an application and a socket
/// would: writes what `from` takes, moves it `chunk` bytes at a time, reads what arrives, and
/// goes on until everything written is read. Returns what `to` read.
pub(crate) fn stream(
    from: &mut Connection,
    to: &mut Connection,
    data: &[u8],
    chunk: usize,
) -> Vec<u8> {
    let mut rest = data;
    let mut received = Vec::new();
    // Each round moves at least one byte, or the pair is stuck: bound the rounds.
    for _ in 0..=data.len() + 8 {
        let taken = from.write(rest).unwrap();
        rest = &rest[taken..];
        transfer(from, to, chunk).unwrap();
        received.extend(read_all(to));
        if rest.is_empty() && from.pending_output().is_empty() {
            return received;
        }
    }
    panic!(
        "the data did not get through: {} of {} bytes",
        received.len(),
        data.len()
    );
}

/// Reads everything `conn` has buffered.
pub(crate) fn read_all(conn: &mut Connection) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0; 4096];
    loop {
        match conn.read(&mut buf) {
            Ok(0) | Err(Error::WouldBlock) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(error) => panic!("read failed: {error}"),
        }
    }
}

/// `len` bytes of a pattern that shows misordering.
pub(crate) fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8 ^ seed).collect()
}
