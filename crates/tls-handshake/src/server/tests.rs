//! Unit tests of the server machine as a whole: complete handshakes (the client's Finished
//! computed from the keys the server installs), the order of actions, out-of-order input,
//! answers, SNI and ALPN.

use super::test_support::*;

/// A whole handshake: the actions in the order of the contract, a CertificateVerify that
/// verifies with the certificate's key, and the negotiated parameters.
#[test]
fn completes_a_handshake_in_the_contracts_order() {
    let hello = Hello::new().encode();
    let (server, mut out) = start(config(), &hello).unwrap();
    assert_eq!(server.expects(), "the answer to SelectCertificate");
    assert!(matches!(last_request(&out), Request::SelectCertificate(_)));
    let server = through_server_flight(server, &mut out).unwrap();
    assert_eq!(server.expects(), "Finished");
    assert!(!server.is_complete());
    let finished = client_finished(&hello, &out);
    let server = server
        .handle(message(&finished, NegotiatedVersion::Tls13), &mut out)
        .unwrap();
    assert!(server.is_complete());

    let shape: Vec<String> = out
        .as_slice()
        .iter()
        .map(|action| match action {
            Action::Send { level, message } => format!("Send({level:?}, {})", message[0]),
            Action::SendChangeCipherSpec => "ChangeCipherSpec".to_owned(),
            Action::SendWarning(description) => format!("Warning({description})"),
            Action::InstallReadKey { level, .. } => format!("Read({level:?})"),
            Action::InstallWriteKey { level, .. } => format!("Write({level:?})"),
            Action::LimitRecordSize { send, receive } => format!("Limit({send}, {receive})"),
            Action::AllowEarlyData { max } => format!("AllowEarlyData({max})"),
            Action::AcceptEarlyData { max } => format!("AcceptEarlyData({max})"),
            Action::SkipEarlyData { max } => format!("SkipEarlyData({max})"),
            Action::Request(Request::SelectCertificate(_)) => "SelectCertificate".to_owned(),
            Action::Request(Request::Sign { .. }) => "Sign".to_owned(),
            Action::Request(Request::VerifyChain { .. }) => "VerifyChain".to_owned(),
            Action::Request(Request::OpenTicket { .. }) => "OpenTicket".to_owned(),
            Action::Request(Request::SelectClientCertificate(_)) => {
                "SelectClientCertificate".to_owned()
            }
            Action::Event(Event::HandshakeComplete(_)) => "Complete".to_owned(),
            Action::Event(Event::PeerCertificates(_)) => "PeerCertificates".to_owned(),
            Action::Event(Event::KeyUpdateRequested) => "KeyUpdateRequested".to_owned(),
            Action::Event(other) => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        shape,
        [
            "SelectCertificate",
            "Send(Initial, 2)",
            "ChangeCipherSpec",
            "Write(Handshake)",
            "Read(Handshake)",
            "Send(Handshake, 8)",
            "Send(Handshake, 11)",
            "Sign",
            "Send(Handshake, 15)",
            "Send(Handshake, 20)",
            "Write(Application)",
            "Read(Application)",
            "Complete",
            // Two NewSessionTickets, after the client's Finished.
            "Send(Application, 4)",
            "Send(Application, 4)",
        ]
    );

    // The CertificateVerify verifies over ClientHello … Certificate.
    let messages = sent(&out);
    let mut transcript = Transcript::new(HashAlgorithm::Sha256);
    transcript.add(&hello);
    for message in &messages[..3] {
        transcript.add(message);
    }
    let HandshakePayload::CertificateVerify(certificate_verify) =
        HandshakeMessage::decode(messages[3], NegotiatedVersion::Tls13)
            .unwrap()
            .into_payload()
    else {
        panic!("not a CertificateVerify")
    };
    let certified = certified_key();
    verify_tls13_certificate_verify(
        &certified.chain()[0],
        certificate_verify.algorithm,
        &[SignatureScheme::ECDSA_SECP256R1_SHA256],
        transcript.current_hash().as_bytes(),
        Side::Server,
        certificate_verify.signature.as_slice(),
    )
    .unwrap();

    let negotiated = completed(&out);
    assert_eq!(negotiated.version, ProtocolVersion::TLSV1_3);
    assert_eq!(negotiated.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
    assert_eq!(negotiated.group, Some(NamedGroup::X25519));
    assert_eq!(
        negotiated.signature_scheme,
        Some(SignatureScheme::ECDSA_SECP256R1_SHA256)
    );
    assert_eq!(negotiated.alpn_protocol, None);
    assert_eq!(negotiated.server_name, None);
}

#[test]
fn omits_change_cipher_spec_when_the_client_sent_no_session_id() {
    let mut hello = Hello::new();
    hello.session_id = Vec::new();
    let (server, mut out) = start(config(), &hello.encode()).unwrap();
    through_server_flight(server, &mut out).unwrap();
    assert!(
        !out.as_slice()
            .iter()
            .any(|action| matches!(action, Action::SendChangeCipherSpec))
    );
    // The ServerHello echoes the empty session id: type, length, version, random, then 0.
    assert_eq!(sent(&out)[0][38], 0);
}

#[test]
fn prefers_its_own_cipher_suite_and_group_order() {
    let p256 = KeyShare::generate(NamedGroup::SECP256R1, &SystemRng::new()).unwrap();
    let x25519 = KeyShare::generate(NamedGroup::X25519, &SystemRng::new()).unwrap();
    let mut hello = Hello::new().with(key_share(&[
        (NamedGroup::X25519, x25519.public_key().to_vec()),
        (NamedGroup::SECP256R1, p256.public_key().to_vec()),
    ]));
    hello.cipher_suites = vec![
        CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite::TLS_AES_256_GCM_SHA384,
    ];
    let config = builder()
        .groups(&[SupportedGroup::Secp256r1, SupportedGroup::X25519])
        .build()
        .unwrap();
    let hello = hello.encode();
    let (server, mut out) = start(config, &hello).unwrap();
    let server = through_server_flight(server, &mut out).unwrap();
    let server_hello = sent(&out)[0];
    // cipher_suite after type (1), length (3), version (2), random (32), session id (1 + 32).
    assert_eq!(&server_hello[71..73], &[0x13, 0x02]);
    // AES-256-GCM's hash is SHA-384.
    let finished = client_finished_with(HashAlgorithm::Sha384, &[&hello], &out);
    let server = server
        .handle(message(&finished, NegotiatedVersion::Tls13), &mut out)
        .unwrap();
    assert!(server.is_complete());
    let negotiated = completed(&out);
    assert_eq!(negotiated.group, Some(NamedGroup::SECP256R1));
    assert_eq!(negotiated.cipher_suite, CipherSuite::TLS_AES_256_GCM_SHA384);
}

/// Lists as long as their encoding allows, mostly unknown values, with duplicates, are not
/// an error: the server picks what it supports from them.
#[test]
fn lists_as_long_as_the_encoding_allows_with_duplicates_are_accepted() {
    let unknown = |i: u16| 0xfe00 | (i % 64);
    let mut schemes: Vec<SignatureScheme> = (0..32_000)
        .map(|i| SignatureScheme::new(unknown(i)))
        .collect();
    schemes.extend([SignatureScheme::ECDSA_SECP256R1_SHA256; 2]);
    let mut suites: Vec<CipherSuite> = (0..32_000).map(|i| CipherSuite::new(unknown(i))).collect();
    suites.extend([CipherSuite::TLS_AES_128_GCM_SHA256; 2]);
    let mut groups: Vec<NamedGroup> = (0..100).map(|i| NamedGroup::new(unknown(i))).collect();
    groups.extend([NamedGroup::X25519; 2]);
    let mut hello = Hello::new()
        .with(Extension::SignatureAlgorithms(List::new(schemes).unwrap()))
        .with(Extension::SupportedGroups(List::new(groups).unwrap()));
    hello.cipher_suites = suites;
    let hello = hello.encode();
    let (server, mut out) = start(config(), &hello).unwrap();
    let server = through_server_flight(server, &mut out).unwrap();
    let finished = client_finished(&hello, &out);
    let server = server
        .handle(message(&finished, NegotiatedVersion::Tls13), &mut out)
        .unwrap();
    assert!(server.is_complete());
    let negotiated = completed(&out);
    assert_eq!(negotiated.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
    assert_eq!(negotiated.group, Some(NamedGroup::X25519));
    assert_eq!(
        negotiated.signature_scheme,
        Some(SignatureScheme::ECDSA_SECP256R1_SHA256)
    );
}

#[test]
fn rejects_a_tampered_client_finished() {
    let hello = Hello::new().encode();
    let (server, mut out) = start(config(), &hello).unwrap();
    let server = through_server_flight(server, &mut out).unwrap();
    let mut finished = client_finished(&hello, &out);
    let last = finished.len() - 1;
    finished[last] ^= 1;
    let mut after = Actions::new();
    let error = server
        .handle(message(&finished, NegotiatedVersion::Tls13), &mut after)
        .unwrap_err();
    assert_eq!(error, PeerMisbehaved::BadFinished.into());
    assert_eq!(error.alert(), Some(AlertDescription::DECRYPT_ERROR));
    assert!(after.is_empty(), "a failed step emits nothing");
}

#[test]
fn a_client_finished_of_the_wrong_length_is_a_decode_error() {
    for delta in [-1isize, 1, -32] {
        let hello = Hello::new().encode();
        let (server, mut out) = start(config(), &hello).unwrap();
        let server = through_server_flight(server, &mut out).unwrap();
        let finished = client_finished(&hello, &out);
        // Header (type, uint24 length), then the 32-byte verify_data of SHA-256.
        let len = finished[4..].len().checked_add_signed(delta).unwrap();
        let mut body = finished[4..].to_vec();
        body.resize(len, 0);
        let mut wrong = vec![20, 0, 0, u8::try_from(len).unwrap()];
        wrong.extend(&body);
        let error = server
            .handle(
                message(&wrong, NegotiatedVersion::Tls13),
                &mut Actions::new(),
            )
            .unwrap_err();
        assert_eq!(
            error,
            PeerMisbehaved::FinishedWrongLength { len, expected: 32 }.into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::DECODE_ERROR));
    }
}

#[test]
fn rejects_a_finished_before_the_client_hello() {
    let finished = HandshakeMessage::new(HandshakePayload::Finished(Finished {
        verify_data: Cow::Owned(vec![0; 32]),
    }))
    .unwrap();
    let server = ServerHandshake::new(Arc::new(config()));
    assert_eq!(server.negotiated_version(), NegotiatedVersion::NotYet);
    assert_eq!(server.expects(), "ClientHello");
    let error = server
        .handle(Input::Message(finished), &mut Actions::new())
        .unwrap_err();
    assert_eq!(
        error,
        HandshakeError::UnexpectedMessage {
            expected: "ClientHello",
            got: HandshakeType::FINISHED,
        }
    );
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}

/// A server `steps` inputs into a handshake with `hello` (1: awaiting the certificate, 2: the
/// signature, 3: the client's Finished, 4: complete).
fn server_after(hello: &[u8], steps: usize) -> ServerHandshake {
    let (mut server, mut out) = start(config(), hello).unwrap();
    for _ in 1..steps.min(3) {
        let answer = server.answer_in_process(last_request(&out));
        server = server.handle(Input::Answer(answer), &mut out).unwrap();
    }
    if steps == 4 {
        let finished = client_finished(hello, &out);
        server = server
            .handle(message(&finished, NegotiatedVersion::Tls13), &mut out)
            .unwrap();
    }
    server
}

/// Every state after the first refuses a ClientHello with `unexpected_message`, naming what
/// it waits for.
#[test]
fn refuses_messages_out_of_order_in_every_state() {
    let hello = Hello::new().encode();
    let expectations = [
        "the answer to SelectCertificate",
        "the answer to Sign",
        "Finished",
        "no handshake message (handshake complete)",
    ];
    for (steps, expected) in (1..=4).zip(expectations) {
        let server = server_after(&hello, steps);
        assert_eq!(server.expects(), expected);
        assert_eq!(server.negotiated_version(), NegotiatedVersion::Tls13);
        assert_eq!(server.is_complete(), steps == 4);
        let error = server
            .handle(
                message(&hello, NegotiatedVersion::NotYet),
                &mut Actions::new(),
            )
            .unwrap_err();
        assert_eq!(
            error,
            HandshakeError::UnexpectedMessage {
                expected,
                got: HandshakeType::CLIENT_HELLO,
            }
        );
        assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
    }
}

#[test]
fn refuses_an_answer_it_did_not_ask_for() {
    let server = ServerHandshake::new(Arc::new(config()));
    let error = server
        .handle(
            Input::Answer(Answer::Signature(Ok(vec![1]))),
            &mut Actions::new(),
        )
        .unwrap_err();
    assert_eq!(
        error,
        LocalError::UnrequestedAnswer {
            expected: "ClientHello"
        }
        .into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::INTERNAL_ERROR));

    let (server, _) = start(config(), &Hello::new().encode()).unwrap();
    let answer = server.answer_in_process(&Request::Sign {
        scheme: SignatureScheme::ECDSA_SECP256R1_SHA256,
        message: vec![1],
    });
    assert!(matches!(
        answer,
        Answer::Signature(Err(HandshakeError::Local(
            LocalError::UnrequestedAnswer { .. }
        )))
    ));
}

#[test]
fn fails_with_the_selectors_error() {
    let (server, _) = start(config(), &Hello::new().encode()).unwrap();
    let error = server
        .handle(
            Input::Answer(Answer::Certificate(Err(
                PeerIncompatible::UnrecognizedServerName.into(),
            ))),
            &mut Actions::new(),
        )
        .unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::UNRECOGNIZED_NAME));
}

#[test]
fn rejects_a_client_whose_schemes_do_not_fit_our_key() {
    let hello = Hello::new().with(Extension::SignatureAlgorithms(
        List::new(vec![
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            SignatureScheme::RSA_PKCS1_SHA256,
        ])
        .unwrap(),
    ));
    let (server, mut out) = start(config(), &hello.encode()).unwrap();
    let answer = server.answer_in_process(last_request(&out));
    let mut after = Actions::new();
    let error = server
        .handle(Input::Answer(answer), &mut after)
        .unwrap_err();
    assert_eq!(error, PeerIncompatible::NoCommonSignatureScheme.into());
    assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
    assert!(after.is_empty(), "a failed step emits nothing");
    out.drain();
}

#[test]
fn passes_the_server_name_to_the_selector_and_acknowledges_it() {
    let selector = Arc::new(RecordingSelector {
        certified: certified_key(),
        seen: Mutex::new(Vec::new()),
    });
    let selector_for_config: Arc<dyn ServerCertSelector> = selector.clone();
    let config = ServerConfig::builder_with_selector(selector_for_config)
        .build()
        .unwrap();
    let hello = Hello::new().with(sni("example.com"));
    let (server, mut out) = start(config, &hello.encode()).unwrap();
    through_server_flight(server, &mut out).unwrap();
    let seen = selector.seen.lock().unwrap();
    assert_eq!(seen[0].server_name.as_deref(), Some("example.com"));
    assert_eq!(
        seen[0].signature_schemes,
        [
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            SignatureScheme::RSA_PSS_RSAE_SHA256
        ]
    );
    assert_eq!(encrypted_extensions(&out), [Extension::ServerNameEmpty]);
}

/// The names the selector saw, for each hello.
fn names_seen(hello: Hello) -> Option<String> {
    let selector = Arc::new(RecordingSelector {
        certified: certified_key(),
        seen: Mutex::new(Vec::new()),
    });
    let selector_for_config: Arc<dyn ServerCertSelector> = selector.clone();
    let config = ServerConfig::builder_with_selector(selector_for_config)
        .build()
        .unwrap();
    let (server, mut out) = start(config, &hello.encode()).unwrap();
    through_server_flight(server, &mut out).unwrap();
    let acknowledged = encrypted_extensions(&out).contains(&Extension::ServerNameEmpty);
    let name = selector.seen.lock().unwrap()[0].server_name.clone();
    assert_eq!(
        acknowledged,
        name.is_some(),
        "a name is acknowledged if used"
    );
    name
}

#[test]
fn the_server_name_is_compared_without_case() {
    assert_eq!(
        names_seen(Hello::new().with(sni("WWW.Example.COM"))).as_deref(),
        Some("www.example.com")
    );
}

#[test]
fn an_ip_literal_in_server_name_counts_as_no_server_name() {
    for literal in ["192.0.2.1", "2001:db8::1"] {
        assert_eq!(
            names_seen(Hello::new().with(sni(literal))),
            None,
            "{literal}"
        );
    }
}

#[test]
fn two_host_names_are_an_illegal_parameter() {
    let name = |text: &str| ServerName {
        name_type: NameType::HOST_NAME,
        name: tls_wire::extensions::HostName::new(text.as_bytes().to_vec()).unwrap(),
    };
    let list = List::new(vec![name("a.example"), name("b.example")]).unwrap();
    let error = refusal(config(), Hello::new().with(Extension::ServerName(list)));
    assert_eq!(
        error,
        PeerMisbehaved::DuplicateServerNameType { name_type: 0 }.into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn a_host_name_that_is_no_dns_name_is_a_decode_error() {
    for bad in [
        "exa mple.com",
        "example.com.",
        "-.example",
        "\u{e9}.example",
        "a..b",
    ] {
        let error = refusal(config(), Hello::new().with(sni(bad)));
        assert_eq!(error, PeerMisbehaved::MalformedServerName.into(), "{bad}");
        assert_eq!(error.alert(), Some(AlertDescription::DECODE_ERROR));
    }
}

#[test]
fn sends_no_server_name_acknowledgement_without_a_server_name() {
    let (server, mut out) = start(config(), &Hello::new().encode()).unwrap();
    through_server_flight(server, &mut out).unwrap();
    assert_eq!(encrypted_extensions(&out), []);
}

#[test]
fn selects_the_application_protocol_by_our_preference() {
    let config = builder()
        .alpn_protocols(&["http/1.1", "h2"])
        .build()
        .unwrap();
    let hello = Hello::new().with(alpn(&[b"h2", b"http/1.1"]));
    let hello = hello.encode();
    let (server, mut out) = start(config, &hello).unwrap();
    let Request::SelectCertificate(summary) = last_request(&out) else {
        panic!("no SelectCertificate")
    };
    assert_eq!(
        summary.alpn_protocols.iter().collect::<Vec<_>>(),
        [&b"h2"[..], b"http/1.1"]
    );
    let server = through_server_flight(server, &mut out).unwrap();
    assert_eq!(encrypted_extensions(&out), [alpn(&[b"http/1.1"])]);
    let finished = client_finished(&hello, &out);
    server
        .handle(message(&finished, NegotiatedVersion::Tls13), &mut out)
        .unwrap();
    let negotiated = completed(&out);
    assert_eq!(negotiated.alpn_protocol.as_deref(), Some(&b"http/1.1"[..]));
}

#[test]
fn sends_no_change_cipher_spec_when_the_profile_turns_compatibility_off() {
    let config = builder()
        .wire_profile(WireProfile::default().with_middlebox_compatibility(false))
        .build()
        .unwrap();
    let server = ServerHandshake::new(Arc::new(config));
    let mut out = Actions::new();
    let server = server
        .handle(
            message(&Hello::new().encode(), NegotiatedVersion::NotYet),
            &mut out,
        )
        .unwrap();
    through_server_flight(server, &mut out).unwrap();
    assert!(
        !out.as_slice()
            .iter()
            .any(|action| matches!(action, Action::SendChangeCipherSpec))
    );
}

/// RFC 8446 §5: unprotected change_cipher_spec records are dropped between the ClientHello and
/// the client's Finished, up to the limit; one more, one before the ClientHello and one after
/// the Finished are unexpected_message.
#[test]
fn drops_change_cipher_specs_between_the_client_hello_and_the_finished() {
    let unexpected = HandshakeError::from(PeerMisbehaved::UnexpectedChangeCipherSpec);
    let change_cipher_spec =
        |server: ServerHandshake| server.handle(Input::ChangeCipherSpec, &mut Actions::new());

    let error = change_cipher_spec(ServerHandshake::new(Arc::new(config()))).unwrap_err();
    assert_eq!(error, unexpected, "before the ClientHello");
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));

    let hello = Hello::new().encode();
    let (server, mut out) = start(config(), &hello).unwrap();
    let server = through_server_flight(server, &mut out).unwrap();
    let actions = out.as_slice().len();
    let mut server = server;
    for _ in 0..crate::MAX_DROPPED_CHANGE_CIPHER_SPECS {
        server = server.handle(Input::ChangeCipherSpec, &mut out).unwrap();
    }
    assert_eq!(
        out.as_slice().len(),
        actions,
        "a dropped record emits nothing"
    );
    assert_eq!(server.expects(), "Finished");
    let finished = client_finished(&hello, &out);
    assert_eq!(
        change_cipher_spec(server).unwrap_err(),
        unexpected,
        "one more than the limit"
    );

    let (server, mut out) = start(config(), &hello).unwrap();
    let server = through_server_flight(server, &mut out).unwrap();
    let finished_again = client_finished(&hello, &out);
    assert_ne!(finished, finished_again, "each server has its own keys");
    let server = server
        .handle(message(&finished_again, NegotiatedVersion::Tls13), &mut out)
        .unwrap();
    assert!(server.is_complete());
    assert_eq!(
        change_cipher_spec(server).unwrap_err(),
        unexpected,
        "after the Finished"
    );
}

/// A hello that fills any one list to 64 KiB is handled as a browser's is, choosing what it
/// would choose, directly and after a HelloRetryRequest. That the checks are linear is a
/// matter of cost, shown by `benches/benches/client_hello.rs` (a timed test would be flaky);
/// this is the outcome on the same worst-case hellos.
#[test]
fn a_hello_filling_any_one_list_is_handled_like_a_browsers() {
    use tls_wire::testing::hostile::{Shape, client_hello, retried};
    let config = || builder().alpn_protocols(&["http/1.1"]).build().unwrap();
    for shape in Shape::ALL {
        let hello = client_hello(shape, true);
        let (server, mut out) =
            start(config(), &hello).unwrap_or_else(|e| panic!("{shape:?}: {e}"));
        assert_eq!(
            server.expects(),
            "the answer to SelectCertificate",
            "{shape:?}"
        );
        let Request::SelectCertificate(summary) = last_request(&out) else {
            panic!("{shape:?}: no SelectCertificate")
        };
        assert_eq!(
            summary.server_name.as_deref(),
            Some("name.example"),
            "{shape:?}"
        );
        if shape == Shape::ApplicationProtocols {
            assert_eq!(summary.alpn_protocols.iter().last(), Some(&b"http/1.1"[..]));
        }
        let server = through_server_flight(server, &mut out).unwrap();
        assert_eq!(server.expects(), "Finished", "{shape:?}");

        // Without a share: a HelloRetryRequest for X25519, then the same hello with one.
        let first = client_hello(shape, false);
        let (server, _) = start(config(), &first).unwrap_or_else(|e| panic!("{shape:?}: {e}"));
        assert_eq!(server.expects(), "the second ClientHello", "{shape:?}");
        let second = retried(shape);
        let server = server
            .handle(
                message(&second, NegotiatedVersion::Tls13),
                &mut Actions::new(),
            )
            .unwrap_or_else(|e| panic!("{shape:?} retried: {e}"));
        assert_eq!(
            server.expects(),
            "the answer to SelectCertificate",
            "{shape:?}"
        );
    }
}
