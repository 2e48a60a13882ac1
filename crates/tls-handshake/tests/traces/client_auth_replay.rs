//! RFC 8448 §6, client authentication, replayed through our client: the server's flight with
//! its CertificateRequest, then our Certificate (the trace's chain), our CertificateVerify and
//! our Finished, byte for byte, with the trace's secrets.
//!
//! The trace's keys are RSA-1024, which ring refuses to load: as in the other RFC 8448 replays,
//! the server's signature is vouched for, and our certificate is presented through the wire
//! profile while a key ring loads (illustrated-tls13's RSA-2048) only decides the scheme; the
//! trace's signature answers the Sign request.

use super::*;
use tls_handshake::action::Level;

fn item(step: u64, name: &str) -> Vec<u8> {
    rfc8448_item(&rfc8448_scenario("client-auth"), step, name)
}

/// The illustrated-tls13 RSA-2048 key with its certificate: a key that signs with
/// rsa_pss_rsae_sha256, as the trace's client does.
fn rsa_scheme_key() -> Arc<CertifiedKey> {
    let trace = testdata("illustrated-tls13.json");
    let keys = &trace["keys"];
    Arc::new(
        CertifiedKey::from_pem(
            keys["server_certificate_pem"].as_str().unwrap().as_bytes(),
            keys["server_rsa_private_key_pem"]
                .as_str()
                .unwrap()
                .as_bytes(),
        )
        .unwrap(),
    )
}

/// The certificates of a recorded Certificate message, end-entity first.
fn chain_of(certificate: &[u8]) -> Vec<Vec<u8>> {
    let message = Trace::decode(certificate, NegotiatedVersion::Tls13);
    let HandshakePayload::CertificateTls13(certificate) = message.payload() else {
        panic!("not a Certificate")
    };
    certificate
        .certificate_list
        .iter()
        .map(|entry| entry.cert_data.as_slice().to_vec())
        .collect()
}

fn rfc8448_client_auth() -> Trace {
    let client_certificate = item(40, "Certificate");
    Trace {
        client_hello: item(1, "ClientHello"),
        scalar: item(0, "private key"),
        server_hello: item(5, "ServerHello"),
        encrypted_extensions: item(14, "EncryptedExtensions"),
        certificate: item(16, "Certificate"),
        certificate_verify: item(17, "CertificateVerify"),
        server_finished: item(19, "Finished"),
        client_finished: item(43, "Finished"),
        client_handshake_traffic_secret: item(8, "expanded"),
        server_handshake_traffic_secret: item(9, "expanded"),
        client_application_traffic_secret_0: item(21, "expanded"),
        server_application_traffic_secret_0: item(22, "expanded"),
        retry: None,
        server_name: "server",
        time: RFC8448_TIME,
        vouch_certificate_verify: true,
        client_certificate: Some((chain_of(&client_certificate), rsa_scheme_key())),
    }
}

#[test]
fn rfc8448_client_authentication_replays_byte_for_byte() {
    let trace = rfc8448_client_auth();
    let (client, mut out) = trace.start();
    out.drain();
    let client = feed(client, &trace.server_hello, &mut out).unwrap();
    let client = feed(client, &trace.encrypted_extensions, &mut out).unwrap();
    let client = feed(client, &item(15, "CertificateRequest"), &mut out).unwrap();
    let client = feed(client, &trace.certificate, &mut out).unwrap();
    let client = answer_requests(client, &mut out).unwrap();
    let client = feed(client, &trace.certificate_verify, &mut out).unwrap();
    out.drain();
    let mut client = feed(client, &trace.server_finished, &mut out).unwrap();
    assert_eq!(client.expects(), "the choice of our client certificate");

    // Answer the two requests: our certificate (in process: the resolver), then the trace's
    // signature for our CertificateVerify.
    let mut actions = Vec::new();
    let recorded_bytes = item(41, "CertificateVerify");
    let recorded = Trace::decode(&recorded_bytes, NegotiatedVersion::Tls13);
    let HandshakePayload::CertificateVerify(recorded) = recorded.payload() else {
        panic!("not a CertificateVerify")
    };
    loop {
        let mut request = None;
        for action in out.drain() {
            match action {
                Action::Request(r) => request = Some(r),
                other => actions.push(other),
            }
        }
        let Some(request) = request else { break };
        let answer = match &request {
            Request::Sign { scheme, .. } => {
                assert_eq!(*scheme, recorded.algorithm);
                Answer::Signature(Ok(recorded.signature.as_slice().to_vec()))
            }
            other => client.answer_in_process(other),
        };
        client = client.handle(Input::Answer(answer), &mut out).unwrap();
    }
    assert!(client.is_complete());
    let sent: Vec<String> = describe(&actions)
        .into_iter()
        .filter(|line| line.starts_with("send"))
        .collect();
    assert_eq!(
        sent,
        [
            format!("send Handshake {}", hex::encode(item(40, "Certificate"))),
            format!(
                "send Handshake {}",
                hex::encode(item(41, "CertificateVerify"))
            ),
            format!("send Handshake {}", hex::encode(&trace.client_finished)),
        ]
    );
    let written: Vec<(Level, Vec<u8>)> = actions
        .iter()
        .filter_map(|action| match action {
            Action::InstallWriteKey {
                level,
                keys: RecordKeys::Tls13 { secret, .. },
            } => Some((*level, secret.secret().as_bytes().to_vec())),
            _ => None,
        })
        .collect();
    assert_eq!(
        written,
        [
            (
                Level::Handshake,
                trace.client_handshake_traffic_secret.clone()
            ),
            (
                Level::Application,
                trace.client_application_traffic_secret_0.clone()
            ),
        ]
    );
}
