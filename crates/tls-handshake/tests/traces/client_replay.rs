//! The recorded handshakes replayed byte for byte: illustrated-tls13, RFC 8448 simple 1-RTT
//! and RFC 8448 HelloRetryRequest.

use super::*;
use tls_handshake::proof::PeerAuth;

/// Replays `trace` and checks every action of every step.
fn replay(trace: &Trace, suite: CipherSuite, group: NamedGroup, compat: bool) {
    let (client, mut out) = trace.start();
    assert_eq!(
        describe(out.as_slice()),
        [format!("send Initial {}", hex::encode(&trace.client_hello))],
        "our ClientHello"
    );
    out.drain();
    let client = match &trace.retry {
        None => client,
        Some((retry, second_client_hello, _)) => {
            let client = feed(client, retry, &mut out).unwrap();
            assert_eq!(
                describe(out.as_slice()),
                [format!("send Initial {}", hex::encode(second_client_hello))],
                "our second ClientHello"
            );
            out.drain();
            client
        }
    };
    let client = feed(client, &trace.server_hello, &mut out).unwrap();
    assert_eq!(
        describe(out.as_slice()),
        [format!(
            "read key Handshake {}",
            hex::encode(&trace.server_handshake_traffic_secret)
        )],
        "derive secret \"tls13 s hs traffic\""
    );
    out.drain();
    let client = feed(client, &trace.encrypted_extensions, &mut out).unwrap();
    // RFC 8448's server advertises 2^14 + 1 like our client: records up to 2^14 bytes of
    // content each way. illustrated-tls13's client does not offer the extension.
    let limits = trace
        .client_hello
        .windows(6)
        .any(|w| w == [0x00, 0x1c, 0x00, 0x02, 0x40, 0x01]);
    let expected: &[&str] = if limits {
        &["limit records: send 16384, receive 16385"]
    } else {
        &[]
    };
    assert_eq!(describe(out.as_slice()), expected);
    out.drain();
    let client = feed(client, &trace.certificate, &mut out).unwrap();
    assert_eq!(describe(out.as_slice()), ["request VerifyChain"]);
    let client = answer_requests(client, &mut out).unwrap();
    assert_eq!(
        describe(out.as_slice()),
        ["event PeerCertificates (1 certificates)"]
    );
    out.drain();
    let client = feed(client, &trace.certificate_verify, &mut out).unwrap();
    assert!(out.is_empty());
    assert!(!client.is_complete());
    let client = feed(client, &trace.server_finished, &mut out).unwrap();
    let mut expected = vec![format!(
        "read key Application {}",
        hex::encode(&trace.server_application_traffic_secret_0)
    )];
    if compat {
        expected.push("send change_cipher_spec".to_owned());
    }
    expected.extend([
        format!(
            "write key Handshake {}",
            hex::encode(&trace.client_handshake_traffic_secret)
        ),
        format!("send Handshake {}", hex::encode(&trace.client_finished)),
        format!(
            "write key Application {}",
            hex::encode(&trace.client_application_traffic_secret_0)
        ),
        format!("event HandshakeComplete {suite:?}"),
    ]);
    assert_eq!(describe(out.as_slice()), expected, "the second flight");
    assert!(client.is_complete());
    let Some(PeerAuth::Certificate(certificate, signature)) = client.peer_auth() else {
        panic!(
            "the server's authentication is not recorded: {:?}",
            client.peer_auth()
        )
    };
    assert_eq!(
        certificate.vouched_by(),
        "replay fixture: the recorded certificate"
    );
    // illustrated-tls13's RSA-2048 signature is ring's to check; RFC 8448's RSA-1024 one is
    // vouched for by the fixture.
    let checker = if trace.vouch_certificate_verify {
        "replay fixture: the recorded signature"
    } else {
        "ring"
    };
    assert_eq!(signature.vouched_by(), checker);
    let negotiated = client.negotiated().unwrap();
    assert_eq!(
        (
            negotiated.version,
            negotiated.cipher_suite,
            negotiated.group
        ),
        (ProtocolVersion::TLSV1_3, suite, Some(group))
    );
}

#[test]
fn illustrated_tls13_client_replays_byte_for_byte() {
    replay(
        &illustrated(),
        CipherSuite::TLS_AES_256_GCM_SHA384,
        NamedGroup::X25519,
        true,
    );
}

#[test]
fn simple_1rtt_client_replays_byte_for_byte() {
    replay(
        &rfc8448_simple(),
        CipherSuite::TLS_AES_128_GCM_SHA256,
        NamedGroup::X25519,
        false,
    );
}

#[test]
fn hrr_client_replays_byte_for_byte() {
    replay(
        &rfc8448_hrr(),
        CipherSuite::TLS_AES_128_GCM_SHA256,
        NamedGroup::SECP256R1,
        false,
    );
}

#[test]
fn illustrated_tls13_finished_keys_match_the_trace() {
    let trace = illustrated();
    let secrets = testdata("illustrated-tls13.json")["secrets"].clone();
    let hash = tls_keyschedule::HashAlgorithm::Sha384;
    for (traffic, finished) in [
        (
            &trace.server_handshake_traffic_secret,
            "server_finished_key",
        ),
        (
            &trace.client_handshake_traffic_secret,
            "client_finished_key",
        ),
    ] {
        let key =
            TrafficSecret::new(hash, tls_keyschedule::Secret::new(traffic)).derive_finished_key();
        assert_eq!(
            hex::encode(key.secret().as_bytes()),
            secrets[finished].as_str().unwrap(),
            "{finished}"
        );
    }
}
