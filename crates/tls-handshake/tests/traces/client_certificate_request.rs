//! A CertificateRequest (RFC 8446 §4.3.2): answered with an empty Certificate, and its faults.

use super::*;

fn certificate_request(context: Vec<u8>, with_signature_algorithms: bool) -> Vec<u8> {
    // The block may not be empty: an unknown extension (which the client ignores) stands in.
    let mut list = vec![Extension::Opaque {
        typ: tls_wire::ids::ExtensionType::new(0xfeed),
        body: tls_wire::extensions::ExtensionBody::new(Vec::new()).unwrap(),
    }];
    if with_signature_algorithms {
        list.push(Extension::SignatureAlgorithms(
            tls_wire::extensions::SignatureSchemeList::new(vec![
                tls_wire::ids::SignatureScheme::RSA_PSS_RSAE_SHA256,
            ])
            .unwrap(),
        ));
    }
    encode_message(HandshakePayload::CertificateRequestTls13(
        tls_wire::handshake::CertificateRequestTls13 {
            certificate_request_context: tls_wire::handshake::CertificateRequestContext::new(
                context,
            )
            .unwrap(),
            extensions: Extensions::new(ExtensionContext::CertificateRequest, list).unwrap(),
        },
    ))
}

/// `messages` under SHA-256 (RFC 8448's suite).
fn sha256_transcript(messages: &[&[u8]]) -> tls_keyschedule::Transcript {
    let mut transcript = tls_keyschedule::Transcript::new(tls_keyschedule::HashAlgorithm::Sha256);
    for message in messages {
        transcript.add(message);
    }
    transcript
}

/// The Finished a holder of `traffic_secret` sends after `transcript`.
fn finished_after(traffic_secret: &[u8], transcript: &tls_keyschedule::Transcript) -> Vec<u8> {
    let verify_data = TrafficSecret::new(
        tls_keyschedule::HashAlgorithm::Sha256,
        tls_keyschedule::Secret::new(traffic_secret),
    )
    .derive_finished_key()
    .derive_verify_data(&transcript.current_hash());
    encode_message(HandshakePayload::Finished(tls_wire::handshake::Finished {
        verify_data: std::borrow::Cow::Borrowed(verify_data.as_bytes()),
    }))
}

#[test]
fn client_answers_a_certificate_request_with_an_empty_certificate() {
    let trace = rfc8448_simple();
    let request = certificate_request(Vec::new(), true);
    // The server's Finished over a transcript that holds the request.
    let mut transcript = sha256_transcript(&[
        &trace.client_hello,
        &trace.server_hello,
        &trace.encrypted_extensions,
        &request,
        &trace.certificate,
        &trace.certificate_verify,
    ]);
    let server_finished = finished_after(&trace.server_handshake_traffic_secret, &transcript);
    transcript.add(&server_finished);
    let empty_certificate = unhex("0b00000400000000");
    transcript.add(&empty_certificate);
    let client_finished = finished_after(&trace.client_handshake_traffic_secret, &transcript);
    let (client, mut out) = trace.start();
    let client = feed(client, &trace.server_hello, &mut out).unwrap();
    let client = feed(client, &trace.encrypted_extensions, &mut out).unwrap();
    let client = feed(client, &request, &mut out).unwrap();
    assert_eq!(client.expects(), "Certificate");
    let client = feed(client, &trace.certificate, &mut out).unwrap();
    let client = answer_requests(client, &mut out).unwrap();
    let client = feed(client, &trace.certificate_verify, &mut out).unwrap();
    out.drain();
    let client = feed(client, &server_finished, &mut out).unwrap();
    // The choice of our certificate: the trace's config has none, so an empty Certificate.
    assert_eq!(client.expects(), "the choice of our client certificate");
    let client = answer_requests(client, &mut out).unwrap();
    let sent: Vec<String> = describe(out.as_slice())
        .into_iter()
        .filter(|line| line.starts_with("send"))
        .collect();
    assert_eq!(
        sent,
        [
            format!("send Handshake {}", hex::encode(&empty_certificate)),
            format!("send Handshake {}", hex::encode(&client_finished)),
        ]
    );
    assert!(client.is_complete());
}

/// The RFC 8448 simple flight with `request` fed after the EncryptedExtensions (and, if
/// `twice`, once more), returning the error.
fn certificate_request_error(request: Vec<u8>, twice: bool) -> HandshakeError {
    let trace = rfc8448_simple();
    let (client, mut out) = trace.start();
    let client = feed(client, &trace.server_hello, &mut out).unwrap();
    let client = feed(client, &trace.encrypted_extensions, &mut out).unwrap();
    out.drain();
    let client = if twice {
        feed(client, &request, &mut out).unwrap()
    } else {
        client
    };
    let error = feed(client, &request, &mut out).unwrap_err();
    assert!(out.is_empty());
    error
}

#[test]
fn client_rejects_a_certificate_request_with_a_context() {
    let error = certificate_request_error(certificate_request(vec![1], true), false);
    assert_eq!(
        error,
        PeerMisbehaved::NonEmptyCertificateRequestContext { len: 1 }.into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn client_rejects_a_certificate_request_without_signature_algorithms() {
    let error = certificate_request_error(certificate_request(Vec::new(), false), false);
    assert_eq!(error.alert(), Some(AlertDescription::MISSING_EXTENSION));
}

#[test]
fn client_rejects_a_second_certificate_request() {
    let error = certificate_request_error(certificate_request(Vec::new(), true), true);
    assert_eq!(
        error,
        HandshakeError::UnexpectedMessage {
            expected: "Certificate",
            got: HandshakeType::CERTIFICATE_REQUEST,
        }
    );
}
