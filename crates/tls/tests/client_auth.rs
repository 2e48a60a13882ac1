//! Client authentication between our client and our server, in memory (RFC 8446 §4.3.2,
//! §4.4.2; RFC 5246 §7.4.4, §7.4.6, §7.4.8): each certificate type presented and verified,
//! the server seeing the chain as sent; a client without a certificate refused when one is
//! required (TLS 1.3: certificate_required, TLS 1.2: handshake_failure), accepted when
//! optional.

mod common;

use std::sync::Arc;

use common::{
    CERTIFICATE_TYPES, GROUPS, Pair, SUITES, client_pki_under, configs, pki, read_all, transfer,
};
use tls::handshake::config::{
    ClientAuth, ClientCertificates, SingleClientCertificate, SupportedCipherSuite,
};
use tls::handshake::proof::PeerAuth;
use tls::handshake::verifier::WebPkiClientVerifier;
use tls::wire::ids::AlertDescription;
use tls::{CertifiedKey, Error, TrustAnchors};
use tls_tests::Chain;

/// A client chain of `key_type`, for id-kp-clientAuth, and its roots.
fn client_pki(key_type: tls_tests::KeyType) -> (Chain, TrustAnchors, Arc<CertifiedKey>) {
    client_pki_under(key_type, "Pair Client Root")
}

/// A TLS 1.2 suite for the first certificate type's key (ECDSA).
const TLS12_SUITE: SupportedCipherSuite = SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256;

/// A pair whose server asks for a client certificate (`required` or not) under
/// `client_roots`, the client presenting `presented`.
fn pair(client_roots: TrustAnchors, presented: Option<Arc<CertifiedKey>>, required: bool) -> Pair {
    pair_over(SUITES[0], client_roots, presented, required)
}

/// The same, over `suite` (and so its version).
fn pair_over(
    suite: SupportedCipherSuite,
    client_roots: TrustAnchors,
    presented: Option<Arc<CertifiedKey>>,
    required: bool,
) -> Pair {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, suite, GROUPS[0]);
    let verifier = Arc::new(WebPkiClientVerifier::new(client_roots));
    let server = server.client_auth(if required {
        ClientAuth::Required(verifier)
    } else {
        ClientAuth::Optional(verifier)
    });
    let client = match presented {
        Some(certified) => client.client_certificate(Arc::new(SingleClientCertificate(certified))),
        None => client,
    };
    Pair::new((client, server))
}

#[test]
fn every_certificate_type_authenticates_a_client() {
    for certificate_type in &CERTIFICATE_TYPES {
        let (chain, roots, certified) = client_pki(certificate_type.key_type);
        let mut pair = pair(roots, Some(certified), true);
        pair.handshake(usize::MAX);
        let label = certificate_type.key_type.label();
        assert_eq!(
            pair.server.peer_certificates(),
            chain.chain_der(),
            "{label}"
        );
        // The path tls-pki built, to the client root.
        let Some(PeerAuth::Certificate(path, _)) = pair.server.peer_auth() else {
            panic!("{label}: no client certificate proof");
        };
        assert_eq!(path.vouched_by(), "tls-pki");
        assert_eq!(path.path(), chain.chain_der(), "{label}");
        let root = tls::pki::cert::Certificate::from_der(&chain.root.der).unwrap();
        assert_eq!(path.anchor_subject(), root.subject(), "{label}");
        assert_eq!(pair.client.write(b"authenticated").unwrap(), 13);
        transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        assert_eq!(read_all(&mut pair.server), b"authenticated", "{label}");
    }
}

#[test]
fn a_client_without_a_certificate_is_refused_when_one_is_required() {
    let (_, roots, _) = client_pki(CERTIFICATE_TYPES[0].key_type);
    let mut pair = pair(roots, None, true);
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    let error = transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::CERTIFICATE_REQUIRED));
    // The client hears why.
    let error = transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap_err();
    assert_eq!(
        error,
        Error::AlertReceived(AlertDescription::CERTIFICATE_REQUIRED)
    );
}

#[test]
fn a_client_without_a_certificate_goes_on_when_one_is_optional() {
    let (_, roots, _) = client_pki(CERTIFICATE_TYPES[0].key_type);
    let mut pair = pair(roots, None, false);
    pair.handshake(usize::MAX);
    assert!(pair.server.peer_certificates().is_empty());
}

#[test]
fn a_client_certificate_from_another_root_is_refused() {
    let (_, trusted, _) = client_pki(CERTIFICATE_TYPES[0].key_type);
    let (_, _, other) = client_pki(CERTIFICATE_TYPES[0].key_type);
    let mut pair = pair(trusted, Some(other), true);
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    let error = transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap_err();
    assert!(
        matches!(
            error.alert(),
            Some(AlertDescription::UNKNOWN_CA | AlertDescription::BAD_CERTIFICATE)
        ),
        "{error:?}"
    );
}

/// RFC 8446 §4.2.4: the server names the roots it accepts, and a client holding several
/// certificates presents the one that chains to them, or none.
#[test]
fn a_client_with_several_certificates_presents_the_one_the_server_names() {
    let key_type = CERTIFICATE_TYPES[0].key_type;
    let (_, _, certified_a) = client_pki_under(key_type, "Root A");
    let (chain_b, roots_b, certified_b) = client_pki_under(key_type, "Root B");
    let (_, roots_c, _) = client_pki_under(key_type, "Root C");
    let both = Arc::new(ClientCertificates(vec![certified_a, certified_b]));
    let with_both = |roots: TrustAnchors| {
        let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
        let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
        let verifier = Arc::new(WebPkiClientVerifier::new(roots));
        Pair::new((
            client.client_certificate(both.clone()),
            server.client_auth(ClientAuth::Required(verifier)),
        ))
    };
    let mut pair = with_both(roots_b);
    pair.handshake(usize::MAX);
    assert_eq!(pair.server.peer_certificates(), chain_b.chain_der());
    // A server naming a root neither chain leads to gets no certificate.
    let mut pair = with_both(roots_c);
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    let error = transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::CERTIFICATE_REQUIRED));
}

/// RFC 5246 §7.4.6, §7.4.8: each certificate type authenticates a TLS 1.2 client (its
/// CertificateVerify signs the handshake messages), and the server sees the chain as sent.
#[test]
fn every_certificate_type_authenticates_a_tls12_client() {
    for certificate_type in &CERTIFICATE_TYPES {
        let (chain, roots, certified) = client_pki(certificate_type.key_type);
        let mut pair = pair_over(TLS12_SUITE, roots, Some(certified), true);
        pair.handshake(usize::MAX);
        let label = certificate_type.key_type.label();
        let negotiated = pair.server.negotiated().unwrap();
        assert_eq!(negotiated.version, tls::wire::ids::ProtocolVersion::TLSV1_2);
        assert_eq!(
            pair.server.peer_certificates(),
            chain.chain_der(),
            "{label}"
        );
        let Some(PeerAuth::Certificate(path, _)) = pair.server.peer_auth() else {
            panic!("{label}: no client certificate proof");
        };
        assert_eq!(path.path(), chain.chain_der(), "{label}");
        assert_eq!(pair.client.write(b"authenticated").unwrap(), 13);
        transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        assert_eq!(read_all(&mut pair.server), b"authenticated", "{label}");
    }
}

/// RFC 5246 §7.4.6: TLS 1.2 has no certificate_required; a server that requires a
/// certificate refuses an empty one with handshake_failure.
#[test]
fn a_tls12_client_without_a_certificate_is_refused_with_handshake_failure() {
    let (_, roots, _) = client_pki(CERTIFICATE_TYPES[0].key_type);
    let mut pair = pair_over(TLS12_SUITE, roots, None, true);
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    let error = transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
    assert!(
        error.to_string().contains("no client certificate"),
        "{error}"
    );
    let error = transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap_err();
    assert_eq!(
        error,
        Error::AlertReceived(AlertDescription::HANDSHAKE_FAILURE)
    );
}

#[test]
fn a_tls12_client_without_a_certificate_goes_on_when_one_is_optional() {
    let (_, roots, _) = client_pki(CERTIFICATE_TYPES[0].key_type);
    let mut pair = pair_over(TLS12_SUITE, roots, None, false);
    pair.handshake(usize::MAX);
    assert!(pair.server.peer_certificates().is_empty());
    assert!(matches!(
        pair.server.peer_auth(),
        Some(PeerAuth::NoCertificate)
    ));
}

#[test]
fn a_tls12_client_certificate_from_another_root_is_refused() {
    let (_, trusted, _) = client_pki(CERTIFICATE_TYPES[0].key_type);
    let (_, _, other) = client_pki(CERTIFICATE_TYPES[0].key_type);
    let mut pair = pair_over(TLS12_SUITE, trusted, Some(other), true);
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    let error = transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap_err();
    assert!(
        matches!(
            error.alert(),
            Some(AlertDescription::UNKNOWN_CA | AlertDescription::BAD_CERTIFICATE)
        ),
        "{error:?}"
    );
}

/// RFC 5246 §7.4.4: the TLS 1.2 CertificateRequest's certificate_authorities steer the choice
/// as TLS 1.3's extension does.
#[test]
fn a_tls12_client_with_several_certificates_presents_the_one_the_server_names() {
    let key_type = CERTIFICATE_TYPES[0].key_type;
    let (_, _, certified_a) = client_pki_under(key_type, "Root A");
    let (chain_b, roots_b, certified_b) = client_pki_under(key_type, "Root B");
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, TLS12_SUITE, GROUPS[0]);
    let mut pair = Pair::new((
        client.client_certificate(Arc::new(ClientCertificates(vec![certified_a, certified_b]))),
        server.client_auth(ClientAuth::Required(Arc::new(WebPkiClientVerifier::new(
            roots_b,
        )))),
    ));
    pair.handshake(usize::MAX);
    assert_eq!(pair.server.peer_certificates(), chain_b.chain_der());
}
