//! Our TLS 1.2 client and server in memory: every TLS 1.2 suite with each certificate type it
//! allows, over each group, without and with a client certificate (of the same type), full
//! and resumed, data both ways in small chunks; and version negotiation between our two sides.

mod common;

use std::sync::Arc;

use common::{CERTIFICATE_TYPES, GROUPS, Pair, client_pki_under, configs, pki, stream};
use tls::handshake::config::{
    ClientAuth, SingleClientCertificate, SupportedCipherSuite, SupportedVersion,
    Tls12Authentication,
};
use tls::handshake::proof::PeerAuth;
use tls::handshake::verifier::WebPkiClientVerifier;
use tls::wire::ids::ProtocolVersion;
use tls::{ClientConfig, ServerConfig};
use tls_tests::KeyType;

const TLS12: &[SupportedVersion] = &[SupportedVersion::Tls12];

fn tls12_suites(authentication: Tls12Authentication) -> impl Iterator<Item = SupportedCipherSuite> {
    SupportedCipherSuite::ALL
        .iter()
        .copied()
        .filter(move |suite| suite.tls12_authentication() == Some(authentication))
}

#[test]
fn every_suite_certificate_type_and_group_completes_and_carries_data() {
    let mut handshakes = 0;
    for certificate_type in &CERTIFICATE_TYPES {
        let authentication = match certificate_type.key_type {
            KeyType::Rsa2048 => Tls12Authentication::Rsa,
            _ => Tls12Authentication::Ecdsa,
        };
        for (suite, group, client_auth) in tls12_suites(authentication)
            .flat_map(|suite| GROUPS.map(|group| (suite, group)))
            .flat_map(|(suite, group)| [false, true].map(|auth| (suite, group, auth)))
        {
            let (anchors, certified) = pki(certificate_type);
            let (client, server) = configs(anchors, certified, suite, group);
            let (client, server) = (client.versions(TLS12), server.versions(TLS12));
            let (client, server) = if client_auth {
                let (_, roots, key) =
                    client_pki_under(certificate_type.key_type, "Pair Client Root");
                (
                    client.client_certificate(Arc::new(SingleClientCertificate(key))),
                    server.client_auth(ClientAuth::Required(Arc::new(WebPkiClientVerifier::new(
                        roots,
                    )))),
                )
            } else {
                (client, server)
            };
            let (client, server) = (
                Arc::new(client.build().unwrap()),
                Arc::new(server.build().unwrap()),
            );
            // A full handshake, then one that resumes its session.
            for resumed in [false, true] {
                let mut pair =
                    Pair::with_configs(ClientConfig::clone(&client), ServerConfig::clone(&server));
                pair.handshake(97);
                let label = format!(
                    "{} {suite} {group} client auth {client_auth} resumed {resumed}",
                    certificate_type.key_type.label()
                );
                let authenticated = match pair.server.peer_auth() {
                    Some(PeerAuth::Certificate(..)) => !resumed,
                    Some(PeerAuth::Resumed { certificate }) => resumed && *certificate,
                    _ => false,
                };
                assert_eq!(authenticated, client_auth, "{label}");
                for side in [&pair.client, &pair.server] {
                    let negotiated = side.negotiated().unwrap();
                    assert_eq!(negotiated.version, ProtocolVersion::TLSV1_2, "{label}");
                    assert_eq!(negotiated.cipher_suite, suite.id(), "{label}");
                    assert_eq!(negotiated.resumed, resumed, "{label}");
                    let group_used = (!resumed).then(|| group.id());
                    assert_eq!(negotiated.group, group_used, "{label}");
                }
                let data = common::pattern(40_000, 3);
                assert_eq!(
                    stream(&mut pair.client, &mut pair.server, &data, 1000),
                    data
                );
                assert_eq!(stream(&mut pair.server, &mut pair.client, &data, 333), data);
                handshakes += 1;
            }
        }
    }
    // Four certificate types, three suites each, three groups, without and with client auth,
    // full and resumed.
    assert_eq!(handshakes, 144);
}

#[test]
fn a_client_and_server_of_both_versions_agree_on_tls13() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(
        anchors,
        certified,
        SupportedCipherSuite::Tls13Aes128GcmSha256,
        GROUPS[0],
    );
    let all = SupportedVersion::ALL;
    let mut pair = Pair::new((
        client
            .versions(all)
            .cipher_suites(SupportedCipherSuite::ALL),
        server.versions(all),
    ));
    pair.handshake(usize::MAX);
    assert_eq!(
        pair.client.negotiated().unwrap().version,
        ProtocolVersion::TLSV1_3
    );
}

#[test]
fn a_client_of_both_versions_and_a_tls12_server_agree_on_tls12() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[2]);
    let (client, server) = configs(
        anchors,
        certified,
        SupportedCipherSuite::Tls13Aes128GcmSha256,
        GROUPS[1],
    );
    let mut pair = Pair::new((
        client
            .versions(SupportedVersion::ALL)
            .cipher_suites(SupportedCipherSuite::ALL),
        server.versions(TLS12),
    ));
    pair.handshake(usize::MAX);
    let negotiated = pair.client.negotiated().unwrap();
    assert_eq!(negotiated.version, ProtocolVersion::TLSV1_2);
    // RSA key: an ECDHE_RSA suite, our first.
    assert_eq!(
        negotiated.cipher_suite,
        SupportedCipherSuite::Tls12EcdheRsaAes128GcmSha256.id()
    );
}

/// RFC 8446 §4.1.3: our server, which speaks TLS 1.3, marks a TLS 1.2 ServerHello; our
/// TLS 1.2-only client accepts it.
#[test]
fn a_tls12_client_and_a_server_of_both_versions_agree_on_tls12() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[1]);
    let (client, server) = configs(
        anchors,
        certified,
        SupportedCipherSuite::Tls12EcdheEcdsaAes256GcmSha384,
        GROUPS[2],
    );
    let mut pair = Pair::new((
        client.versions(TLS12),
        server.versions(SupportedVersion::ALL),
    ));
    pair.handshake(usize::MAX);
    assert_eq!(
        pair.server.negotiated().unwrap().version,
        ProtocolVersion::TLSV1_2
    );
}

#[test]
fn a_tls13_only_client_and_a_tls12_only_server_share_no_version() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(
        anchors,
        certified,
        SupportedCipherSuite::Tls13Aes128GcmSha256,
        GROUPS[0],
    );
    let mut pair = Pair::new((client, server.versions(TLS12)));
    let error = common::transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap_err();
    assert_eq!(
        error.alert(),
        Some(tls::wire::ids::AlertDescription::PROTOCOL_VERSION),
        "{error}"
    );
}

/// A TLS 1.2 pair whose client has read the server's first flight (no read key yet).
fn client_after_server_flight() -> Pair {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(
        anchors,
        certified,
        SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
        GROUPS[0],
    );
    let mut pair = Pair::new((client.versions(TLS12), server.versions(TLS12)));
    common::transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    common::transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    pair
}

/// RFC 5246 §7.2.2: no_renegotiation "is always a warning", after which the requester may go
/// on; we tolerate it in TLS 1.2.
#[test]
fn a_no_renegotiation_warning_is_tolerated_in_tls12() {
    let mut pair = client_after_server_flight();
    pair.client.receive(&[21, 3, 3, 0, 2, 1, 100]).unwrap();
    pair.handshake(usize::MAX);
    assert_eq!(
        pair.client.negotiated().unwrap().version,
        ProtocolVersion::TLSV1_2
    );
}

/// Any other warning in TLS 1.2 ends the connection (we document it: only close_notify,
/// user_canceled and no_renegotiation are warnings we go on after).
#[test]
fn another_tls12_warning_ends_the_connection() {
    let mut pair = client_after_server_flight();
    // bad_certificate, sent as a warning.
    let error = pair.client.receive(&[21, 3, 3, 0, 2, 1, 42]).unwrap_err();
    assert_eq!(
        error,
        tls::Error::AlertReceived(tls::wire::ids::AlertDescription::BAD_CERTIFICATE)
    );
}

#[test]
fn a_no_renegotiation_alert_in_tls13_ends_the_connection() {
    let mut pair = Pair::default_pair();
    let error = pair.client.receive(&[21, 3, 3, 0, 2, 1, 100]).unwrap_err();
    assert_eq!(
        error,
        tls::Error::AlertReceived(tls::wire::ids::AlertDescription::NO_RENEGOTIATION)
    );
}

/// RFC 5246 §7.2.1: a TLS 1.2 close_notify is answered with ours at once; RFC 8446 §6.1 lets a
/// TLS 1.3 side close only its write side, and the other side writes on.
#[test]
fn a_close_notify_is_answered_with_ours_in_tls12_only() {
    for tls12 in [true, false] {
        let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
        let suite = if tls12 {
            SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256
        } else {
            SupportedCipherSuite::Tls13Aes128GcmSha256
        };
        let mut pair = Pair::new(configs(anchors, certified, suite, GROUPS[0]));
        pair.handshake(usize::MAX);
        // Data the server wrote before the client closed still arrives.
        assert_eq!(pair.server.write(b"written first").unwrap(), 13);
        pair.client.send_close_notify();
        common::transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        assert!(pair.server.peer_closed());
        common::transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
        assert_eq!(common::read_all(&mut pair.client), b"written first");
        assert_eq!(pair.client.peer_closed(), tls12, "tls12 {tls12}");
        if tls12 {
            assert_eq!(pair.server.write(b"more"), Err(tls::Error::WriteAfterClose));
        } else {
            assert_eq!(pair.server.write(b"more").unwrap(), 4);
        }
    }
}

#[test]
fn a_client_that_also_offers_tls13_reuses_its_unused_key_share_for_a_tls12_server() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let group = tls::handshake::config::SupportedGroup::X25519;
    let (client, server) = configs(
        anchors,
        certified,
        SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
        group,
    );
    // The client offers both versions (a TLS 1.3 suite too); the server speaks TLS 1.2.
    let client = client.cipher_suites(&[
        SupportedCipherSuite::Tls13Aes128GcmSha256,
        SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
    ]);
    let mut pair = Pair::new((client, server.versions(TLS12)));
    let mut sent = Vec::new();
    for _ in 0..4 {
        sent.extend_from_slice(pair.client.pending_output());
        common::transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        common::transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    }
    assert!(!pair.client.is_handshaking() && !pair.server.is_handshaking());
    let negotiated = pair.client.negotiated().unwrap();
    assert_eq!(negotiated.version, ProtocolVersion::TLSV1_2);
    assert_eq!(negotiated.group, Some(group.id()));
    // X25519's 32-byte share follows its group (0x001d) and length (0x0020) in the
    // ClientHello's key_share; the ClientKeyExchange is type 16, a 3-byte length (33), the
    // point's length (32) and the point.
    let share_at = sent
        .windows(4)
        .position(|w| w == [0x00, 0x1d, 0x00, 0x20])
        .expect("the ClientHello carries an X25519 share");
    let share = &sent[share_at + 4..share_at + 36];
    let exchange_at = sent
        .windows(5)
        .position(|w| w == [0x10, 0x00, 0x00, 0x21, 0x20])
        .expect("a ClientKeyExchange of a 32-byte point");
    assert_eq!(&sent[exchange_at + 5..exchange_at + 37], share);
}
