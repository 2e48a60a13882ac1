//! A server that breaks the rules, sends out of turn, or presents a refused chain: each
//! fault ends the handshake with its alert, and a failed step emits nothing.

use super::*;

#[test]
fn client_rejects_a_tampered_server_finished() {
    let error = illustrated_fails_at(4, |finished| {
        *finished.last_mut().unwrap() ^= 1;
    });
    assert_eq!(error, PeerMisbehaved::BadFinished.into());
    assert_eq!(error.alert(), Some(AlertDescription::DECRYPT_ERROR));
}

#[test]
fn client_rejects_a_server_finished_of_the_wrong_length_with_decode_error() {
    // The trace's suite is TLS_AES_256_GCM_SHA384: a Finished with 47 of SHA-384's 48 bytes.
    let error = illustrated_fails_at(4, |finished| {
        finished.pop();
        finished[3] -= 1;
    });
    assert_eq!(
        error,
        PeerMisbehaved::FinishedWrongLength {
            len: 47,
            expected: 48
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::DECODE_ERROR));
}

#[test]
fn client_rejects_an_empty_server_certificate() {
    // A TLS 1.3 Certificate with an empty context and an empty certificate_list.
    let error = illustrated_fails_at(2, |certificate| {
        *certificate = unhex("0b00000400000000");
    });
    assert_eq!(error, PeerMisbehaved::EmptyServerCertificate.into());
    assert_eq!(error.alert(), Some(AlertDescription::DECODE_ERROR));
}

#[test]
fn client_rejects_a_tampered_certificate_verify() {
    let error = illustrated_fails_at(3, |certificate_verify| {
        *certificate_verify.last_mut().unwrap() ^= 1;
    });
    assert_eq!(error, PeerMisbehaved::BadCertificateVerifySignature.into());
    assert_eq!(error.alert(), Some(AlertDescription::DECRYPT_ERROR));
}

#[test]
fn client_rejects_a_server_hello_choosing_an_unoffered_suite() {
    let error = server_hello_error(|server_hello| {
        server_hello.cipher_suite = CipherSuite::TLS_AES_128_CCM_SHA256;
    });
    assert_eq!(
        error,
        PeerMisbehaved::SelectedUnofferedCipherSuite {
            suite: CipherSuite::TLS_AES_128_CCM_SHA256
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn client_rejects_a_server_hello_choosing_an_unoffered_group() {
    let error = server_hello_error(|server_hello| {
        server_hello.extensions = server_hello_extensions(vec![
            Extension::SelectedVersion(ProtocolVersion::TLSV1_3),
            share(NamedGroup::SECP256R1, vec![4; 65]),
        ]);
    });
    assert_eq!(
        error,
        PeerMisbehaved::KeyShareInUnofferedGroup {
            group: NamedGroup::SECP256R1
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn client_rejects_a_server_hello_choosing_an_unoffered_version() {
    for (version, expected) in [
        (
            ProtocolVersion::new(0x0305),
            PeerMisbehaved::SelectedUnofferedVersion {
                version: ProtocolVersion::new(0x0305),
            },
        ),
        (
            ProtocolVersion::TLSV1_2,
            PeerMisbehaved::SelectedVersionBeforeTls13 {
                version: ProtocolVersion::TLSV1_2,
            },
        ),
    ] {
        let error = server_hello_error(|server_hello| {
            server_hello.extensions = server_hello_extensions(vec![
                Extension::SelectedVersion(version),
                illustrated_server_share(),
            ]);
        });
        assert_eq!(error, expected.into());
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }
}

#[test]
fn client_rejects_a_server_hello_with_the_wrong_session_id_echo() {
    let error = server_hello_error(|server_hello| {
        server_hello.legacy_session_id_echo =
            tls_wire::handshake::SessionId::new(vec![0; 32]).unwrap();
    });
    assert_eq!(error, PeerMisbehaved::WrongLegacySessionIdEcho.into());
}

#[test]
fn client_rejects_a_tls13_server_hello_whose_legacy_version_is_not_tls12() {
    for version in [0x0301, 0x0304] {
        let version = ProtocolVersion::new(version);
        let error = server_hello_error(|server_hello| server_hello.legacy_version = version);
        assert_eq!(
            error,
            PeerMisbehaved::LegacyVersionNotTls12 {
                message: ExtensionContext::ServerHello,
                version
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
    }
}

#[test]
fn client_rejects_an_x25519_share_giving_the_all_zero_secret() {
    let error = server_hello_error(|server_hello| {
        server_hello.extensions = server_hello_extensions(vec![
            Extension::SelectedVersion(ProtocolVersion::TLSV1_3),
            x25519_share(vec![0; 32]),
        ]);
    });
    assert_eq!(error, PeerMisbehaved::KeyShareAllZeroSecret.into());
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn client_rejects_a_p256_share_off_the_curve() {
    let config = ClientConfig::builder(Arc::new(RecordedCertificate {
        end_entity: Vec::new(),
        at: 0,
        vouched_signature: None,
    }));
    let config = config
        .groups(&[tls_handshake::config::SupportedGroup::Secp256r1])
        .build()
        .unwrap();
    let mut out = Actions::new();
    let name = ServerName::try_from("example.com").unwrap();
    let client = ClientHandshake::start(Arc::new(config), name, &mut out).unwrap();
    let Some(Action::Send { message, .. }) = out.drain().next() else {
        panic!("no ClientHello")
    };
    let HandshakePayload::ClientHello(hello) =
        HandshakeMessage::decode(&message, NegotiatedVersion::NotYet)
            .unwrap()
            .into_payload()
    else {
        panic!("not a ClientHello")
    };
    // (1, 1) is not on P-256: 1 ≠ 1 - 3 + b mod p.
    let mut point = vec![4];
    point.extend([0; 31]);
    point.push(1);
    point.extend([0; 31]);
    point.push(1);
    let server_hello = changed_server_hello(|server_hello| {
        server_hello.legacy_session_id_echo = hello.legacy_session_id.clone().into_owned();
        server_hello.cipher_suite = CipherSuite::TLS_AES_128_GCM_SHA256;
        server_hello.extensions = server_hello_extensions(vec![
            Extension::SelectedVersion(ProtocolVersion::TLSV1_3),
            share(NamedGroup::SECP256R1, point),
        ]);
    });
    let error = feed(client, &server_hello, &mut out).unwrap_err();
    assert_eq!(
        error,
        PeerMisbehaved::KeyShareNotOnCurve {
            group: NamedGroup::SECP256R1
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    assert!(out.is_empty());
}

#[test]
fn client_rejects_each_message_out_of_its_turn() {
    let trace = illustrated();
    // (the message fed in place of the one expected, the index of the expected one)
    let cases = [
        (trace.encrypted_extensions.clone(), 0, "ServerHello"),
        (trace.certificate.clone(), 1, "EncryptedExtensions"),
        (trace.server_finished.clone(), 2, "Certificate"),
        (trace.server_finished.clone(), 3, "CertificateVerify"),
        (trace.certificate_verify.clone(), 4, "Finished"),
    ];
    for (wrong, stop, expects) in cases {
        let error = illustrated_fails_at(stop, |message| *message = wrong.clone());
        let HandshakeError::UnexpectedMessage { expected, .. } = error else {
            panic!("{error}")
        };
        assert_eq!(expected, expects);
        assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
    }
}

#[test]
fn client_rejects_a_message_while_it_awaits_the_chain_verdict() {
    let trace = illustrated();
    let (client, mut out) = trace.start();
    let client = feed(client, &trace.server_hello, &mut out).unwrap();
    let client = feed(client, &trace.encrypted_extensions, &mut out).unwrap();
    let client = feed(client, &trace.certificate, &mut out).unwrap();
    let error = feed(client, &trace.certificate_verify, &mut out).unwrap_err();
    assert_eq!(
        error,
        HandshakeError::UnexpectedMessage {
            expected: "the verdict on the server's certificate chain",
            got: HandshakeType::CERTIFICATE_VERIFY,
        }
    );
}

#[test]
fn client_refuses_an_answer_it_did_not_ask_for() {
    let trace = illustrated();
    let (client, _) = trace.start();
    let error = client
        .handle(
            Input::Answer(Answer::ChainVerified(Ok(
                CertificateVerified::dangerous_vouched_by("test"),
            ))),
            &mut Actions::new(),
        )
        .unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::INTERNAL_ERROR));
}

/// Feeds the illustrated flight up to the Certificate, answers the chain request with
/// tls-pki holding no trust anchor (checking the name the request carries unless
/// `check_name` is false), and returns the error.
fn refused_by_tls_pki(check_name: bool) -> HandshakeError {
    let trace = illustrated();
    let (client, mut out) = trace.start();
    let client = feed(client, &trace.server_hello, &mut out).unwrap();
    let client = feed(client, &trace.encrypted_extensions, &mut out).unwrap();
    out.drain();
    let client = feed(client, &trace.certificate, &mut out).unwrap();
    let Some(Action::Request(Request::VerifyChain { chain, server_name })) = out.drain().next()
    else {
        panic!("no VerifyChain request")
    };
    let verdict = WebPkiServerVerifier::new(TrustAnchors::new()).verify_server_chain(
        chain.end_entity(),
        &chain
            .intermediates()
            .iter()
            .map(Vec::as_slice)
            .collect::<Vec<_>>(),
        server_name.as_ref().filter(|_| check_name),
        UnixTime::from_secs(ILLUSTRATED_TIME),
    );
    let error = client
        .handle(Input::Answer(Answer::ChainVerified(verdict)), &mut out)
        .unwrap_err();
    assert!(out.is_empty(), "a refused chain emitted actions");
    error
}

#[test]
fn client_sends_the_alert_of_a_refused_certificate() {
    // The recorded certificate names its host in the subject CN only, which RFC 9525 does
    // not match: tls-pki refuses the name before it looks for an anchor.
    let error = refused_by_tls_pki(true);
    assert!(matches!(error, HandshakeError::Certificate(_)), "{error}");
    assert_eq!(error.alert(), Some(AlertDescription::BAD_CERTIFICATE));
    // Without a name check, the chain leads to no trusted CA.
    let error = refused_by_tls_pki(false);
    assert!(matches!(error, HandshakeError::Certificate(_)), "{error}");
    assert_eq!(error.alert(), Some(AlertDescription::UNKNOWN_CA));
}

#[test]
fn client_treats_a_tls12_server_hello_as_no_tls13_support() {
    let error = server_hello_error(|server_hello| {
        server_hello.extensions = None;
    });
    assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
}

#[test]
fn client_refuses_a_server_hello_selecting_ssl3_tls10_or_tls11_as_obsolete() {
    for version in [0x0300, 0x0301, 0x0302] {
        let version = ProtocolVersion::new(version);
        let error = server_hello_error(|server_hello| {
            server_hello.extensions = None;
            server_hello.legacy_version = version;
        });
        assert_eq!(
            error,
            tls_handshake::error::PeerIncompatible::ObsoleteVersion { version }.into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
    }
}

#[test]
fn client_rejects_a_tls12_server_hello_with_the_downgrade_sentinel() {
    let error = server_hello_error(|server_hello| {
        server_hello.extensions = None;
        server_hello.random[24..].copy_from_slice(b"DOWNGRD\x01");
    });
    assert_eq!(
        error,
        PeerMisbehaved::DowngradeSentinelInServerRandom {
            version: ProtocolVersion::TLSV1_2
        }
        .into()
    );
}

#[test]
fn client_rejects_unsolicited_alpn() {
    let encrypted_extensions = encode_message(HandshakePayload::EncryptedExtensions(
        tls_wire::handshake::EncryptedExtensions {
            extensions: Extensions::new(
                ExtensionContext::EncryptedExtensions,
                vec![Extension::ApplicationLayerProtocolNegotiation(
                    tls_wire::extensions::ProtocolNameList::new(vec![
                        tls_wire::extensions::ProtocolName::new(b"h2".to_vec()).unwrap(),
                    ])
                    .unwrap(),
                )],
            )
            .unwrap(),
        },
    ));
    let error = illustrated_fails_at(1, |message| *message = encrypted_extensions);
    assert_eq!(error.alert(), Some(AlertDescription::UNSUPPORTED_EXTENSION));
}

#[test]
fn client_reports_its_state_and_version() {
    let trace = illustrated();
    let (client, mut out) = trace.start();
    assert_eq!(
        (client.expects(), client.negotiated_version()),
        ("ServerHello", NegotiatedVersion::NotYet)
    );
    let client = feed(client, &trace.server_hello, &mut out).unwrap();
    assert_eq!(
        (client.expects(), client.negotiated_version()),
        ("EncryptedExtensions", NegotiatedVersion::Tls13)
    );
    assert!(client.negotiated().is_none());
}

/// RFC 8446 §5: between our ClientHello and the server's Finished change_cipher_spec records
/// are dropped (they emit nothing), up to the limit; one more, or one after the Finished, is
/// unexpected_message.
#[test]
fn client_drops_change_cipher_specs_and_refuses_one_too_many_or_a_late_one() {
    let unexpected = HandshakeError::from(PeerMisbehaved::UnexpectedChangeCipherSpec);
    let trace = illustrated();
    let (client, mut out) = trace.start();
    out.drain();
    let mut client = client.handle(Input::ChangeCipherSpec, &mut out).unwrap();
    assert!(out.is_empty(), "a dropped record emits nothing");
    client = feed(client, &trace.server_hello, &mut out).unwrap();
    for _ in 1..tls_handshake::MAX_DROPPED_CHANGE_CIPHER_SPECS {
        client = client.handle(Input::ChangeCipherSpec, &mut out).unwrap();
    }
    let error = client
        .handle(Input::ChangeCipherSpec, &mut Actions::new())
        .unwrap_err();
    assert_eq!(error, unexpected, "one more than the limit");
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));

    let (client, mut out) = trace.start();
    let mut client = client;
    for message in [
        &trace.server_hello,
        &trace.encrypted_extensions,
        &trace.certificate,
        &trace.certificate_verify,
        &trace.server_finished,
    ] {
        client = answer_requests(feed(client, message, &mut out).unwrap(), &mut out).unwrap();
    }
    assert!(client.is_complete());
    let error = client
        .handle(Input::ChangeCipherSpec, &mut Actions::new())
        .unwrap_err();
    assert_eq!(error, unexpected, "after the server's Finished");
}

/// RFC 8449 in the EncryptedExtensions of RFC 8448's server (whose client offered
/// record_size_limit): a limit above TLS 1.3's 2^14 + 1 or below 64, or one beside
/// max_fragment_length, is illegal_parameter.
#[test]
fn client_refuses_a_record_size_limit_out_of_bounds_or_beside_max_fragment_length() {
    let trace = rfc8448_simple();
    for (extensions, expected) in [
        (
            &[0x00, 0x1c, 0x00, 0x02, 0x40, 0x02][..],
            HandshakeError::from(PeerMisbehaved::RecordSizeLimitTooLarge { limit: 0x4002 }),
        ),
        (
            &[
                0x00, 0x01, 0x00, 0x01, 0x01, 0x00, 0x1c, 0x00, 0x02, 0x40, 0x01,
            ],
            PeerMisbehaved::MaxFragmentLengthWithRecordSizeLimit.into(),
        ),
    ] {
        let error = fails_at(&trace, 1, |message| {
            *message = encrypted_extensions(extensions);
        });
        assert_eq!(error, expected);
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }
    let error = fails_at(&trace, 1, |message| {
        *message = encrypted_extensions(&[0x00, 0x1c, 0x00, 0x02, 0x00, 0x3f]);
    });
    assert_eq!(
        error.alert(),
        Some(AlertDescription::ILLEGAL_PARAMETER),
        "{error}"
    );
}

/// An EncryptedExtensions message with the raw extension block `extensions`.
fn encrypted_extensions(extensions: &[u8]) -> Vec<u8> {
    let len = u8::try_from(extensions.len()).unwrap();
    let mut message = vec![8, 0, 0, len + 2, 0, len];
    message.extend_from_slice(extensions);
    message
}
