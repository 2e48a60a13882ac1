//! Our TLS 1.2 client against `openssl s_server`: every TLS 1.2 suite with each certificate
//! type it allows, over each group; data both ways; and version negotiation: a client of both
//! versions meets a TLS 1.2-only server, and a TLS 1.2-only client meets a TLS 1.3-capable
//! server, which marks its random with the downgrade sentinel our client then accepts; and
//! keying material exported by both ends (RFC 5705, RFC 8446 §7.5) is the same.
//!
//! Each server is a child in tls-tests' guard, with a deadline, killed when done.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{CERTIFICATE_TYPES, CertificateType, GROUPS};
use tls::handshake::config::{SupportedCipherSuite, SupportedGroup, SupportedVersion};
use tls::handshake::verifier::WebPkiServerVerifier;
use tls::wire::ids::ProtocolVersion;
use tls::{ClientConfig, Connection, Negotiated, ServerName, TrustAnchor, TrustAnchors};
use tls_tests::{ChainBuilder, ChildGuard, KeyType, Stream};

const DEADLINE: Duration = Duration::from_secs(20);
const NAME: &str = "localhost";

/// A server for `key_type` started with `args`, and the address it listens on.
struct Server {
    child: ChildGuard,
    address: String,
    anchors: TrustAnchors,
    _dir: tempfile::TempDir,
}

fn s_server(key_type: KeyType, args: &[&str], deadline: Instant) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let chain = ChainBuilder::new(key_type)
        .dns_name(NAME)
        .root_name("TLS 1.2 Root")
        .build()
        .unwrap();
    let files = chain.write_to(dir.path()).unwrap();
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let child = ChildGuard::spawn(
        "openssl s_server",
        Command::new("openssl")
            .args(["s_server", "-accept", "127.0.0.1:0", "-naccept", "1"])
            .args(args)
            .arg("-cert")
            .arg(&files.chain)
            .arg("-key")
            .arg(&files.key),
    )
    .unwrap();
    let accept = child.wait_for(Stream::Stdout, "ACCEPT ", deadline).unwrap();
    let address = accept.split_whitespace().last().unwrap().to_owned();
    Server {
        child,
        address,
        anchors,
        _dir: dir,
    }
}

/// The label `s_server -keymatexport` and our client export with.
const EXPORTER_LABEL: &str = "EXPERIMENTAL-tls-interop";

/// Connects with `versions` and `suites`, sends a line, reads s_server's answer, and closes;
/// returns what was negotiated and 32 bytes exported with [`EXPORTER_LABEL`] and no context.
fn exchange(
    server: &mut Server,
    versions: &[SupportedVersion],
    suites: &[SupportedCipherSuite],
    group: SupportedGroup,
    deadline: Instant,
) -> (Negotiated, [u8; 32]) {
    let config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(server.anchors.clone())))
        .versions(versions)
        .cipher_suites(suites)
        .groups(&groups_preferring(group))
        .build()
        .unwrap();
    let mut conn =
        Connection::client(Arc::new(config), ServerName::try_from(NAME).unwrap()).unwrap();
    let mut socket = TcpStream::connect(&server.address).unwrap();
    socket.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut tls = tls::Stream::new(&mut conn, &mut socket);
    tls.complete_handshake().unwrap();
    let negotiated = tls.conn.negotiated().unwrap().clone();
    let mut exported = [0; 32];
    tls.conn
        .export_keying_material(EXPORTER_LABEL.as_bytes(), None, &mut exported)
        .unwrap();

    tls.write_all(b"ping over TLS 1.2\n").unwrap();
    server
        .child
        .wait_for(Stream::Stdout, "ping over TLS 1.2", deadline)
        .unwrap();
    server.child.write(b"pong from openssl\n").unwrap();
    let mut received = Vec::new();
    while !received.ends_with(b"\n") {
        let mut buf = [0u8; 256];
        let n = tls.read(&mut buf).unwrap();
        assert!(n > 0, "the server closed before its line");
        received.extend_from_slice(&buf[..n]);
    }
    assert_eq!(received, b"pong from openssl\n");
    tls.send_close_notify().unwrap();
    let mut rest = Vec::new();
    // s_server answers close_notify and exits (-naccept 1); what is left is its close.
    let _ = socket.read_to_end(&mut rest);
    (negotiated, exported)
}

/// Every group, `group` first. OpenSSL keeps to RFC 4492's rule that a TLS 1.2 ECDSA
/// certificate's curve be among the client's groups, so the others stay listed; it follows the
/// client's preference for the key exchange.
fn groups_preferring(group: SupportedGroup) -> Vec<SupportedGroup> {
    let mut groups = vec![group];
    groups.extend(GROUPS.into_iter().filter(|other| *other != group));
    groups
}

/// The TLS 1.2 suites a certificate type allows: ECDHE_ECDSA for ECDSA and Ed25519 keys,
/// ECDHE_RSA for RSA keys (RFC 8422 §2).
fn suites_for(certificate_type: &CertificateType) -> Vec<SupportedCipherSuite> {
    use tls::handshake::config::Tls12Authentication as A;
    let wanted = match certificate_type.key_type {
        KeyType::Rsa2048 => A::Rsa,
        _ => A::Ecdsa,
    };
    SupportedCipherSuite::ALL
        .iter()
        .copied()
        .filter(|suite| suite.tls12_authentication() == Some(wanted))
        .collect()
}

#[test]
fn every_tls12_suite_with_each_certificate_type_and_group_against_openssl() {
    for certificate_type in &CERTIFICATE_TYPES {
        for (suite, group) in suites_for(certificate_type).into_iter().zip(GROUPS) {
            let deadline = Instant::now() + DEADLINE;
            let mut server = s_server(certificate_type.key_type, &["-tls1_2"], deadline);
            let (negotiated, _) = exchange(
                &mut server,
                &[SupportedVersion::Tls12],
                &[suite],
                group,
                deadline,
            );
            let label = format!("{} {suite} {group}", certificate_type.key_type.label());
            assert_eq!(negotiated.version, ProtocolVersion::TLSV1_2, "{label}");
            assert_eq!(negotiated.cipher_suite, suite.id(), "{label}");
            assert_eq!(negotiated.group, Some(group.id()), "{label}");
            server.child.close_stdin();
            server.child.wait_exit(deadline).unwrap();
        }
    }
}

#[test]
fn a_client_of_both_versions_speaks_tls12_to_a_tls12_only_server() {
    let deadline = Instant::now() + DEADLINE;
    let mut server = s_server(KeyType::EcdsaP256, &["-tls1_2"], deadline);
    let (negotiated, _) = exchange(
        &mut server,
        SupportedVersion::ALL,
        SupportedCipherSuite::ALL,
        SupportedGroup::X25519,
        deadline,
    );
    assert_eq!(negotiated.version, ProtocolVersion::TLSV1_2);
}

/// RFC 8446 §4.1.3: a TLS 1.3 server negotiating TLS 1.2 sets `DOWNGRD\x01` in its random
/// (OpenSSL does for every TLS 1.2 client); a client that offered only TLS 1.2 goes on.
#[test]
fn a_tls12_only_client_accepts_the_downgrade_sentinel_of_a_tls13_server() {
    let deadline = Instant::now() + DEADLINE;
    let mut server = s_server(KeyType::Rsa2048, &[], deadline);
    let (negotiated, _) = exchange(
        &mut server,
        &[SupportedVersion::Tls12],
        SupportedCipherSuite::ALL,
        SupportedGroup::Secp256r1,
        deadline,
    );
    assert_eq!(negotiated.version, ProtocolVersion::TLSV1_2);
}

#[test]
fn a_client_of_both_versions_speaks_tls13_to_a_tls13_server() {
    let deadline = Instant::now() + DEADLINE;
    let mut server = s_server(KeyType::Ed25519, &[], deadline);
    let (negotiated, _) = exchange(
        &mut server,
        SupportedVersion::ALL,
        SupportedCipherSuite::ALL,
        SupportedGroup::X25519,
        deadline,
    );
    assert_eq!(negotiated.version, ProtocolVersion::TLSV1_3);
}

/// RFC 5705 (TLS 1.2, with the extended master secret) and RFC 8446 §7.5: what `s_server
/// -keymatexport` prints is what our client exports.
#[test]
fn keying_material_exported_by_openssl_and_by_us_is_the_same() {
    for (version, flag) in [
        (SupportedVersion::Tls12, "-tls1_2"),
        (SupportedVersion::Tls13, "-tls1_3"),
    ] {
        let deadline = Instant::now() + DEADLINE;
        let args = [
            flag,
            "-keymatexport",
            EXPORTER_LABEL,
            "-keymatexportlen",
            "32",
        ];
        let mut server = s_server(KeyType::EcdsaP256, &args, deadline);
        let (_, exported) = exchange(
            &mut server,
            &[version],
            SupportedCipherSuite::ALL,
            SupportedGroup::X25519,
            deadline,
        );
        let line = server
            .child
            .wait_for(Stream::Stdout, "Keying material: ", deadline)
            .unwrap();
        let theirs = line.split_whitespace().last().unwrap().to_ascii_lowercase();
        let ours: String = exported.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(ours, theirs, "{version:?}");
        server.child.close_stdin();
        server.child.wait_exit(deadline).unwrap();
    }
}
