//! Our client against our server, in memory: the two state machines exchange handshake
//! messages directly (no records; the connection core comes later), every request answered in
//! process, for every suite × group × certificate type, with SNI and ALPN.
//!
//! Each side's installed traffic secrets must equal the other side's (what one writes with, the
//! other reads with), both must complete, and both must report the same negotiated parameters.

use std::sync::Arc;

use tls_handshake::action::{Action, Actions, Answer, Event, Level, Negotiated, Request};
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{CertifiedKey, ClientConfig, ServerConfig};
use tls_handshake::error::HandshakeError;
use tls_handshake::input::Input;
use tls_handshake::server::ServerHandshake;
use tls_handshake::verifier::WebPkiServerVerifier;
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors};
use tls_wire::handshake::{HandshakeMessage, NegotiatedVersion};
use tls_wire::ids::{AlertDescription, CipherSuite, NamedGroup, SignatureScheme};

const SERVER_NAME: &str = "pair.example";

/// A certificate type under test: its checked-in key, and the scheme its CertificateVerify uses.
struct CertificateType {
    key_file: &'static str,
    rcgen_algorithm: &'static rcgen::SignatureAlgorithm,
    scheme: SignatureScheme,
}

const CERTIFICATE_TYPES: [CertificateType; 4] = [
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

const SUITES: [CipherSuite; 3] = [
    CipherSuite::TLS_AES_128_GCM_SHA256,
    CipherSuite::TLS_AES_256_GCM_SHA384,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
];

const GROUPS: [NamedGroup; 3] = [
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
fn pki(certificate_type: &CertificateType) -> (TrustAnchors, Arc<CertifiedKey>) {
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

/// What one side did during the handshake.
#[derive(Default)]
struct Log {
    /// (level, secret bytes) of every key installed for reading, in order.
    read_keys: Vec<(Level, Vec<u8>)>,
    /// Likewise for writing.
    write_keys: Vec<(Level, Vec<u8>)>,
    negotiated: Option<Negotiated>,
    peer_certificates: usize,
    change_cipher_specs: usize,
}

/// What the pair test needs of either side.
trait Machine: Sized {
    fn handle(self, input: Input<'_>, out: &mut Actions) -> Result<Self, HandshakeError>;
    fn negotiated_version(&self) -> NegotiatedVersion;
    fn answer_in_process(&self, request: &Request) -> Answer;
}

impl Machine for ClientHandshake {
    fn handle(self, input: Input<'_>, out: &mut Actions) -> Result<Self, HandshakeError> {
        Self::handle(self, input, out)
    }
    fn negotiated_version(&self) -> NegotiatedVersion {
        Self::negotiated_version(self)
    }
    fn answer_in_process(&self, request: &Request) -> Answer {
        Self::answer_in_process(self, request)
    }
}

impl Machine for ServerHandshake {
    fn handle(self, input: Input<'_>, out: &mut Actions) -> Result<Self, HandshakeError> {
        Self::handle(self, input, out)
    }
    fn negotiated_version(&self) -> NegotiatedVersion {
        Self::negotiated_version(self)
    }
    fn answer_in_process(&self, request: &Request) -> Answer {
        Self::answer_in_process(self, request)
    }
}

/// Applies `out` in order: logs keys and events, collects the messages for the peer, and
/// answers a request in process by feeding the answer back to `machine` (whose new actions are
/// applied in turn). Returns the machine and the messages for the peer.
fn apply<M: Machine>(
    mut machine: M,
    mut out: Actions,
    log: &mut Log,
) -> Result<(M, Vec<Vec<u8>>), HandshakeError> {
    let mut to_peer = Vec::new();
    loop {
        let mut answer = None;
        for action in out.drain() {
            match action {
                Action::Send { message, .. } => to_peer.push(message),
                Action::SendChangeCipherSpec => log.change_cipher_specs += 1,
                Action::InstallReadKey { level, secret, .. } => log
                    .read_keys
                    .push((level, secret.secret().as_bytes().to_vec())),
                Action::InstallWriteKey { level, secret, .. } => log
                    .write_keys
                    .push((level, secret.secret().as_bytes().to_vec())),
                Action::Request(request) => answer = Some(machine.answer_in_process(&request)),
                Action::Event(Event::HandshakeComplete(negotiated)) => {
                    log.negotiated = Some(negotiated)
                }
                Action::Event(Event::PeerCertificates(chain)) => {
                    log.peer_certificates = chain.len()
                }
            }
        }
        match answer {
            None => return Ok((machine, to_peer)),
            Some(answer) => machine = machine.handle(Input::Answer(answer), &mut out)?,
        }
    }
}

/// Feeds each of `messages` to `machine`; returns it and what it sends back.
fn deliver<M: Machine>(
    mut machine: M,
    messages: Vec<Vec<u8>>,
    log: &mut Log,
) -> Result<(M, Vec<Vec<u8>>), HandshakeError> {
    let mut to_peer = Vec::new();
    for message in messages {
        let decoded = HandshakeMessage::decode(&message, machine.negotiated_version())?;
        let mut out = Actions::new();
        machine = machine.handle(Input::Message(decoded), &mut out)?;
        let (next, sent) = apply(machine, out, log)?;
        machine = next;
        to_peer.extend(sent);
    }
    Ok((machine, to_peer))
}

/// Runs a whole handshake; returns both logs, or the first error with the side it came from.
fn run(
    client_config: ClientConfig,
    server_config: ServerConfig,
) -> Result<(Log, Log), (&'static str, HandshakeError)> {
    let name = ServerName::try_from(SERVER_NAME).unwrap();
    let mut client_log = Log::default();
    let mut server_log = Log::default();

    let mut out = Actions::new();
    let client = ClientHandshake::start(Arc::new(client_config), Some(name), &mut out)
        .map_err(|e| ("client", e))?;
    let (mut client, mut to_server) =
        apply(client, out, &mut client_log).map_err(|e| ("client", e))?;
    let mut server = ServerHandshake::new(Arc::new(server_config));
    // A 1-RTT handshake needs two flights each way; the bound keeps a broken machine from
    // looping.
    for _ in 0..4 {
        let (next, to_client) = deliver(server, std::mem::take(&mut to_server), &mut server_log)
            .map_err(|e| ("server", e))?;
        server = next;
        let (next, sent) =
            deliver(client, to_client, &mut client_log).map_err(|e| ("client", e))?;
        client = next;
        to_server = sent;
        if to_server.is_empty() {
            break;
        }
    }
    assert!(
        client.is_complete(),
        "client stopped in {}",
        client.expects()
    );
    assert!(
        server.is_complete(),
        "server stopped in {}",
        server.expects()
    );
    Ok((client_log, server_log))
}

fn configs(
    certificate_type: &CertificateType,
    suite: CipherSuite,
    group: NamedGroup,
) -> (ClientConfig, ServerConfig) {
    let (anchors, certified) = pki(certificate_type);
    let mut client = ClientConfig::new(Arc::new(WebPkiServerVerifier::new(anchors)));
    client.cipher_suites = vec![suite];
    client.groups = vec![group];
    client.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let mut server = ServerConfig::new(certified);
    server.alpn_protocols = vec![b"http/1.1".to_vec()];
    (client, server)
}

#[test]
fn every_suite_group_and_certificate_type_completes() {
    for certificate_type in &CERTIFICATE_TYPES {
        for suite in SUITES {
            for group in GROUPS {
                let what = format!("{} {suite:?} {group:?}", certificate_type.key_file);
                let (client_config, server_config) = configs(certificate_type, suite, group);
                let (client, server) = run(client_config, server_config)
                    .unwrap_or_else(|(side, e)| panic!("{what}: {side}: {e}"));

                // What one side writes with, the other reads with, level by level.
                assert_eq!(client.write_keys, server.read_keys, "{what}");
                assert_eq!(server.write_keys, client.read_keys, "{what}");
                assert_eq!(client.write_keys.len(), 2, "{what}");
                assert_eq!(server.write_keys.len(), 2, "{what}");

                let negotiated = client.negotiated.expect("client completed");
                assert_eq!(Some(&negotiated), server.negotiated.as_ref(), "{what}");
                assert_eq!(negotiated.cipher_suite, suite, "{what}");
                assert_eq!(negotiated.group, group, "{what}");
                assert_eq!(
                    negotiated.signature_scheme, certificate_type.scheme,
                    "{what}"
                );
                assert_eq!(
                    negotiated.alpn_protocol.as_deref(),
                    Some(&b"http/1.1"[..]),
                    "{what}"
                );
                assert_eq!(
                    negotiated.server_name.as_deref(),
                    Some(SERVER_NAME),
                    "{what}"
                );
                assert_eq!(client.peer_certificates, 1, "{what}");
                // Middlebox compatibility mode: one change_cipher_spec each way.
                assert_eq!(
                    (client.change_cipher_specs, server.change_cipher_specs),
                    (1, 1),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn a_client_that_does_not_trust_the_root_sends_unknown_ca() {
    let (_, server_config) = configs(&CERTIFICATE_TYPES[0], SUITES[0], GROUPS[0]);
    let (other_anchors, _) = pki(&CERTIFICATE_TYPES[0]);
    let client_config = ClientConfig::new(Arc::new(WebPkiServerVerifier::new(other_anchors)));
    let Err((side, error)) = run(client_config, server_config) else {
        panic!("the handshake completed with an untrusted root");
    };
    assert_eq!(side, "client");
    // The other root has the same name but another key: the leaf's signature does not verify
    // under it, which tls-pki reports as bad_certificate.
    assert!(
        matches!(
            error.alert(),
            Some(AlertDescription::BAD_CERTIFICATE | AlertDescription::UNKNOWN_CA)
        ),
        "{error}"
    );
}

#[test]
fn no_common_alpn_protocol_is_refused_by_the_server() {
    let (mut client_config, server_config) = configs(&CERTIFICATE_TYPES[0], SUITES[0], GROUPS[0]);
    client_config.alpn_protocols = vec![b"h3".to_vec()];
    let Err((side, error)) = run(client_config, server_config) else {
        panic!("the handshake completed without a common protocol");
    };
    assert_eq!(side, "server");
    assert_eq!(
        error.alert(),
        Some(AlertDescription::NO_APPLICATION_PROTOCOL)
    );
}
