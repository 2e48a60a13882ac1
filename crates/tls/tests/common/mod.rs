//! What the connection tests share: certificates made from the checked-in keys, configs for
//! one suite × group × certificate type, and a client–server pair in memory.
#![allow(
    dead_code,
    reason = "each test binary compiles this module and uses a different part of it"
)]

use std::sync::Arc;

use tls::handshake::verifier::WebPkiServerVerifier;
use tls::wire::ids::{CipherSuite, NamedGroup, SignatureScheme};
use tls::{
    CertifiedKey, ClientConfig, Connection, Error, ServerConfig, ServerName, TrustAnchor,
    TrustAnchors,
};

pub(crate) const SERVER_NAME: &str = "pair.example";

/// A certificate type under test: its checked-in key, and the scheme its CertificateVerify uses.
pub(crate) struct CertificateType {
    pub(crate) key_file: &'static str,
    pub(crate) rcgen_algorithm: &'static rcgen::SignatureAlgorithm,
    pub(crate) scheme: SignatureScheme,
}

pub(crate) const CERTIFICATE_TYPES: [CertificateType; 4] = [
    CertificateType {
        key_file: "ecdsa-p256.pkcs8.pem",
        rcgen_algorithm: &rcgen::PKCS_ECDSA_P256_SHA256,
        scheme: SignatureScheme::ECDSA_SECP256R1_SHA256,
    },
    CertificateType {
        key_file: "ecdsa-p384.pkcs8.pem",
        rcgen_algorithm: &rcgen::PKCS_ECDSA_P384_SHA384,
        scheme: SignatureScheme::ECDSA_SECP384R1_SHA384,
    },
    CertificateType {
        key_file: "rsa-2048.pkcs8.pem",
        rcgen_algorithm: &rcgen::PKCS_RSA_SHA256,
        scheme: SignatureScheme::RSA_PSS_RSAE_SHA256,
    },
    CertificateType {
        key_file: "ed25519.pkcs8.pem",
        rcgen_algorithm: &rcgen::PKCS_ED25519,
        scheme: SignatureScheme::ED25519,
    },
];

pub(crate) const SUITES: [CipherSuite; 3] = [
    CipherSuite::TLS_AES_128_GCM_SHA256,
    CipherSuite::TLS_AES_256_GCM_SHA384,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
];

pub(crate) const GROUPS: [NamedGroup; 3] = [
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
];

fn key_pem(file: &str) -> String {
    let path = format!("{}/../../testdata/keys/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A root (ECDSA P-256, made here) and a leaf for `SERVER_NAME` with the key of
/// `certificate_type`, valid until 9999.
pub(crate) fn pki(certificate_type: &CertificateType) -> (TrustAnchors, Arc<CertifiedKey>) {
    let root_key = rcgen::KeyPair::generate().unwrap();
    let mut root_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    root_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Pair Root");
    root_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    root_params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign];
    root_params.not_after = rcgen::date_time_ymd(9999, 12, 31);
    let root = root_params.self_signed(&root_key).unwrap();

    let leaf_pem = key_pem(certificate_type.key_file);
    let leaf_key =
        rcgen::KeyPair::from_pem_and_sign_algo(&leaf_pem, certificate_type.rcgen_algorithm)
            .unwrap();
    let mut leaf_params = rcgen::CertificateParams::new(vec![SERVER_NAME.to_owned()]).unwrap();
    leaf_params.not_after = rcgen::date_time_ymd(9999, 12, 31);
    leaf_params.use_authority_key_identifier_extension = true;
    leaf_params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let leaf = leaf_params.signed_by(&leaf_key, &root, &root_key).unwrap();

    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(root.der()).unwrap());
    let certified = CertifiedKey::from_pem(leaf.pem().as_bytes(), leaf_pem.as_bytes()).unwrap();
    (anchors, Arc::new(certified))
}

/// Configs for one suite and group, from `pki`'s anchors and key.
pub(crate) fn configs(
    anchors: TrustAnchors,
    certified: Arc<CertifiedKey>,
    suite: CipherSuite,
    group: NamedGroup,
) -> (ClientConfig, ServerConfig) {
    let mut client = ClientConfig::new(Arc::new(WebPkiServerVerifier::new(anchors)));
    client.cipher_suites = vec![suite];
    client.groups = vec![group];
    client.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let mut server = ServerConfig::new(certified);
    server.alpn_protocols = vec![b"http/1.1".to_vec()];
    (client, server)
}

/// A client and a server in memory.
pub(crate) struct Pair {
    pub(crate) client: Connection,
    pub(crate) server: Connection,
}

impl Pair {
    /// A pair over `configs`, the client naming `SERVER_NAME`.
    pub(crate) fn new((client, server): (ClientConfig, ServerConfig)) -> Self {
        let name = ServerName::try_from(SERVER_NAME).unwrap();
        Self {
            client: Connection::client(Arc::new(client), Some(name)).unwrap(),
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

/// Moves everything `from` has to send into `to`, `chunk` bytes per `receive`. Returns the
/// bytes moved, or the first error `to` reports.
pub(crate) fn transfer(
    from: &mut Connection,
    to: &mut Connection,
    chunk: usize,
) -> Result<usize, Error> {
    let bytes = from.pending_output().to_vec();
    from.consume_output(bytes.len());
    for piece in bytes.chunks(chunk.max(1)) {
        to.receive(piece)?;
    }
    Ok(bytes.len())
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
