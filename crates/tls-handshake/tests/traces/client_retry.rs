//! HelloRetryRequest faults (RFC 8446 §4.1.4), and the cookie-only retry.

use super::*;

/// The RFC 8448 HelloRetryRequest, its extensions replaced by `extensions` (when given).
fn changed_retry(extensions: Option<Vec<Extension<'static>>>) -> Vec<u8> {
    let trace = rfc8448_hrr();
    let (retry, _, _) = trace.retry.unwrap();
    let message = HandshakeMessage::decode(&retry, NegotiatedVersion::NotYet)
        .unwrap()
        .into_owned();
    let HandshakePayload::HelloRetryRequest(mut retry) = message.into_payload() else {
        panic!("not a HelloRetryRequest")
    };
    if let Some(list) = extensions {
        retry.extensions = Extensions::new(ExtensionContext::HelloRetryRequest, list).unwrap();
    }
    encode_message(HandshakePayload::HelloRetryRequest(retry))
}

/// The RFC 8448 retry flight fed up to the message at `stop`, replaced by `message`.
fn retry_fails_at(stop: usize, message: Vec<u8>) -> HandshakeError {
    let trace = rfc8448_hrr();
    let (retry, _, _) = trace.retry.clone().unwrap();
    let mut flight = [retry, trace.server_hello.clone()];
    flight[stop] = message;
    let (mut client, mut out) = trace.start();
    for (index, message) in flight.iter().enumerate() {
        out.drain();
        match feed(client, message, &mut out) {
            Ok(next) => client = next,
            Err(error) => {
                assert_eq!(index, stop, "failed early: {error}");
                assert!(out.is_empty(), "a failed step emitted actions");
                return error;
            }
        }
    }
    panic!("the handshake did not fail")
}

fn retry_extensions(
    group: Option<NamedGroup>,
    with_cookie: bool,
) -> Option<Vec<Extension<'static>>> {
    let mut list = vec![Extension::SelectedVersion(ProtocolVersion::TLSV1_3)];
    if let Some(selected_group) = group {
        list.push(Extension::KeyShareHelloRetryRequest(
            tls_wire::extensions::KeyShareHelloRetryRequest { selected_group },
        ));
    }
    if with_cookie {
        list.push(Extension::Cookie(
            tls_wire::extensions::Cookie::new(vec![7; 8]).unwrap(),
        ));
    }
    Some(list)
}

#[test]
fn client_answers_a_cookie_only_retry_with_the_same_share_and_the_cookie() {
    let trace = rfc8448_hrr();
    let (client, mut out) = trace.start();
    out.drain();
    let retry = changed_retry(retry_extensions(None, true));
    let client = feed(client, &retry, &mut out).unwrap();
    let Some(Action::Send { message, .. }) = out.drain().next() else {
        panic!("no second ClientHello")
    };
    let HandshakePayload::ClientHello(second) =
        HandshakeMessage::decode(&message, NegotiatedVersion::NotYet)
            .unwrap()
            .into_payload()
    else {
        panic!("not a ClientHello")
    };
    let extensions = second.extensions.unwrap();
    assert_eq!(extensions.cookie().unwrap().unwrap().as_slice(), [7; 8]);
    let shares = &extensions
        .key_share_client_hello()
        .unwrap()
        .unwrap()
        .client_shares;
    assert_eq!(shares[0].group, NamedGroup::X25519);
    assert_eq!(client.expects(), "ServerHello");
}

#[test]
fn client_rejects_a_second_hello_retry_request() {
    let (retry, _, _) = rfc8448_hrr().retry.unwrap();
    let error = retry_fails_at(1, retry);
    assert_eq!(error, PeerMisbehaved::SecondHelloRetryRequest.into());
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}

#[test]
fn client_rejects_a_retry_whose_legacy_version_is_not_tls12() {
    let trace = rfc8448_hrr();
    let (retry, _, _) = trace.retry.unwrap();
    let message = HandshakeMessage::decode(&retry, NegotiatedVersion::NotYet)
        .unwrap()
        .into_owned();
    let HandshakePayload::HelloRetryRequest(mut retry) = message.into_payload() else {
        panic!("not a HelloRetryRequest")
    };
    retry.legacy_version = ProtocolVersion::TLSV1_0;
    let error = retry_fails_at(
        0,
        encode_message(HandshakePayload::HelloRetryRequest(retry)),
    );
    assert_eq!(
        error,
        PeerMisbehaved::LegacyVersionNotTls12 {
            message: ExtensionContext::HelloRetryRequest,
            version: ProtocolVersion::TLSV1_0
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
}

#[test]
fn client_rejects_a_retry_for_a_group_it_did_not_offer() {
    let grease = NamedGroup::new(0x0a0a);
    let error = retry_fails_at(0, changed_retry(retry_extensions(Some(grease), false)));
    assert_eq!(
        error,
        PeerMisbehaved::RetryRequestedUnofferedGroup { group: grease }.into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn client_rejects_a_retry_for_the_group_it_already_shared() {
    let error = retry_fails_at(
        0,
        changed_retry(retry_extensions(Some(NamedGroup::X25519), false)),
    );
    assert_eq!(
        error,
        PeerMisbehaved::RetryRequestedGroupAlreadyShared {
            group: NamedGroup::X25519
        }
        .into()
    );
}

#[test]
fn client_rejects_a_retry_that_changes_nothing() {
    let error = retry_fails_at(0, changed_retry(retry_extensions(None, false)));
    assert_eq!(error, PeerMisbehaved::HelloRetryRequestWithoutChange.into());
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

/// The RFC 8448 retry trace's ServerHello, changed by `change`.
fn changed_retried_server_hello(change: impl FnOnce(&mut ServerHello<'static>)) -> Vec<u8> {
    let trace = rfc8448_hrr();
    let message = HandshakeMessage::decode(&trace.server_hello, NegotiatedVersion::NotYet)
        .unwrap()
        .into_owned();
    let HandshakePayload::ServerHello(mut server_hello) = message.into_payload() else {
        panic!("not a ServerHello")
    };
    change(&mut server_hello);
    encode_message(HandshakePayload::ServerHello(server_hello))
}

#[test]
fn client_rejects_a_server_hello_changing_the_suite_after_a_retry() {
    let server_hello = changed_retried_server_hello(|server_hello| {
        server_hello.cipher_suite = CipherSuite::TLS_AES_256_GCM_SHA384;
    });
    let error = retry_fails_at(1, server_hello);
    assert_eq!(
        error,
        PeerMisbehaved::CipherSuiteChangedAfterRetry {
            retry: CipherSuite::TLS_AES_128_GCM_SHA256,
            server_hello: CipherSuite::TLS_AES_256_GCM_SHA384,
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn client_rejects_a_server_hello_changing_the_group_after_a_retry() {
    let server_hello = changed_retried_server_hello(|server_hello| {
        server_hello.extensions = server_hello_extensions(vec![
            Extension::SelectedVersion(ProtocolVersion::TLSV1_3),
            illustrated_server_share(),
        ]);
    });
    let error = retry_fails_at(1, server_hello);
    assert_eq!(
        error,
        PeerMisbehaved::GroupChangedAfterRetry {
            retry: NamedGroup::SECP256R1,
            server_hello: NamedGroup::X25519,
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}
