//! The TLS 1.2 server's ClientHello rules, each with its alert, and its first flight.

use tls_wire::codec::IntoOwned;
use tls_wire::handshake::ServerHello;

use crate::config::{ClientAuth, SupportedVersion};
use crate::server::test_support::*;

/// A server of both versions.
fn both() -> ServerConfig {
    builder().versions(SupportedVersion::ALL).build().unwrap()
}

/// A TLS 1.2 ClientHello: no supported_versions, an ECDHE_ECDSA suite (our key is P-256).
fn tls12_hello() -> Hello {
    let mut hello = Hello::new().without(ExtensionType::SUPPORTED_VERSIONS);
    hello.cipher_suites = vec![
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    ];
    hello
}

/// The server after the hello and the in-process answers to its requests, and the messages
/// it sent.
fn serve(
    config: ServerConfig,
    hello: &Hello,
) -> Result<(ServerHandshake, Vec<Vec<u8>>), HandshakeError> {
    let (mut server, mut out) = start(config, &hello.encode())?;
    let mut sent = Vec::new();
    loop {
        let mut request = None;
        for action in out.drain() {
            match action {
                Action::Send { message, .. } => sent.push(message),
                Action::Request(asked) => request = Some(asked),
                _ => {}
            }
        }
        let Some(request) = request else {
            return Ok((server, sent));
        };
        let answer = server.answer_in_process(&request);
        server = server.handle(Input::Answer(answer), &mut out)?;
    }
}

fn server_hello(sent: &[Vec<u8>]) -> ServerHello<'static> {
    let Some(message) = sent.first() else {
        panic!("no message sent");
    };
    match HandshakeMessage::decode(message, NegotiatedVersion::NotYet)
        .unwrap()
        .into_payload()
    {
        HandshakePayload::ServerHello(server_hello) => server_hello.into_owned(),
        other => panic!("not a ServerHello: {other:?}"),
    }
}

#[test]
fn a_tls12_hello_gets_the_ecdsa_suite_our_key_allows_and_the_downgrade_sentinel() {
    let (server, out) = serve(both(), &tls12_hello()).unwrap();
    assert_eq!(server.negotiated_version(), NegotiatedVersion::Tls12);
    let server_hello = server_hello(&out);
    assert_eq!(server_hello.legacy_version, ProtocolVersion::TLSV1_2);
    assert_eq!(
        server_hello.cipher_suite,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    );
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
    //# If negotiating TLS 1.2, TLS 1.3 servers MUST set the last 8 bytes of
    //# their Random value to the bytes:
    assert_eq!(&server_hello.random[24..], b"DOWNGRD\x01");
    // ServerHello, Certificate, ServerKeyExchange, ServerHelloDone.
    assert_eq!(out.len(), 4);
}

#[test]
fn a_tls12_only_server_sets_no_downgrade_sentinel() {
    let config = builder()
        .versions(&[SupportedVersion::Tls12])
        .build()
        .unwrap();
    let (_, out) = serve(config, &tls12_hello()).unwrap();
    assert_ne!(&server_hello(&out).random[24..], b"DOWNGRD\x01");
}

#[test]
fn a_tls12_hello_without_signature_algorithms_means_sha1_which_we_refuse() {
    let hello = tls12_hello().without(ExtensionType::SIGNATURE_ALGORITHMS);
    let error = serve(both(), &hello).unwrap_err();
    assert_eq!(error, PeerIncompatible::NoCommonSignatureScheme.into());
    assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
}

#[test]
fn compression_methods_without_null_are_an_illegal_parameter() {
    let mut hello = tls12_hello();
    hello.compression = vec![1];
    let error = serve(both(), &hello).unwrap_err();
    assert_eq!(error, PeerMisbehaved::CompressionMethodsWithoutNull.into());
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn null_among_other_compression_methods_is_chosen() {
    let mut hello = tls12_hello();
    hello.compression = vec![1, 0];
    let (_, out) = serve(both(), &hello).unwrap();
    assert_eq!(server_hello(&out).legacy_compression_method, 0);
}

#[test]
fn point_formats_without_uncompressed_are_an_illegal_parameter() {
    let hello = tls12_hello().with(Extension::EcPointFormats(
        List::new(vec![1.into()]).unwrap(),
    ));
    let error = serve(both(), &hello).unwrap_err();
    assert_eq!(
        error,
        PeerMisbehaved::PointFormatsWithoutUncompressed.into()
    );
    assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn a_non_empty_renegotiation_info_is_a_handshake_failure() {
    let hello = tls12_hello().with(Extension::RenegotiationInfo(
        tls_wire::extensions::RenegotiationInfo::new(vec![7; 12]).unwrap(),
    ));
    let error = serve(both(), &hello).unwrap_err();
    assert_eq!(error, PeerMisbehaved::NonEmptyRenegotiationInfo.into());
    assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
}

#[test]
fn a_client_offering_only_rsa_key_exchange_and_cbc_is_told_so() {
    let mut hello = tls12_hello();
    hello.cipher_suites = vec![
        CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
    ];
    let error = serve(both(), &hello).unwrap_err();
    assert!(
        matches!(
            error,
            HandshakeError::PeerIncompatible(PeerIncompatible::OnlyRefusedCipherSuites { .. })
        ),
        "{error:?}"
    );
    assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
}

#[test]
fn an_rsa_suite_alone_does_not_fit_our_ecdsa_key() {
    let mut hello = tls12_hello();
    hello.cipher_suites = vec![CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256];
    let error = serve(both(), &hello).unwrap_err();
    assert_eq!(error, PeerIncompatible::NoCommonCipherSuite.into());
}

#[test]
fn a_tls12_hello_to_a_tls13_only_server_shares_no_version() {
    let tls13_only = builder()
        .versions(&[SupportedVersion::Tls13])
        .build()
        .unwrap();
    let error = serve(tls13_only, &tls12_hello()).unwrap_err();
    assert_eq!(error, PeerIncompatible::NoCommonVersion.into());
    assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
}

/// Client certificates work in both versions: a server asking for them speaks both by
/// default.
#[test]
fn a_server_asking_for_client_certificates_speaks_both_versions() {
    let verifier = Arc::new(crate::verifier::WebPkiClientVerifier::new(
        tls_pki::TrustAnchors::new(),
    ));
    let config = builder()
        .client_auth(ClientAuth::Required(verifier))
        .build()
        .unwrap();
    assert_eq!(config.versions(), SupportedVersion::ALL);
}

#[test]
fn a_change_cipher_spec_before_the_client_key_exchange_is_unexpected() {
    let (server, _) = serve(both(), &tls12_hello()).unwrap();
    let error = server
        .handle(Input::ChangeCipherSpec, &mut Actions::new())
        .unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}

#[test]
fn a_server_requiring_the_extended_master_secret_refuses_a_client_without_it() {
    let requiring = || {
        builder()
            .versions(SupportedVersion::ALL)
            .require_extended_master_secret(true)
            .build()
            .unwrap()
    };
    // tls12_hello() sends no extended_master_secret.
    let error = serve(requiring(), &tls12_hello()).unwrap_err();
    assert_eq!(error, PeerIncompatible::ExtendedMasterSecretRequired.into());
    assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
    let with_ems = tls12_hello().with(Extension::ExtendedMasterSecret);
    let (_, sent) = serve(requiring(), &with_ems).unwrap();
    let extensions = server_hello(&sent).extensions.unwrap();
    assert!(extensions.extended_master_secret().unwrap());
}

#[test]
fn a_client_without_the_extended_master_secret_gets_a_server_hello_without_it() {
    let (_, sent) = serve(both(), &tls12_hello()).unwrap();
    let extensions = server_hello(&sent).extensions;
    assert!(
        !extensions.is_some_and(|block| block.extended_master_secret().unwrap()),
        "RFC 7627 §5.2: the server MUST NOT include the extension"
    );
}

/// The certificate request says which version is negotiated and which of our suites the
/// client offered, so that a selector can choose an ECDSA or an RSA chain for TLS 1.2.
#[test]
fn the_certificate_request_carries_the_version_and_the_offered_suites() {
    use crate::config::{CipherSuiteSet, SupportedCipherSuite};
    let (_, mut out) = start(both(), &tls12_hello().encode()).unwrap();
    let summary = out
        .drain()
        .find_map(|action| match action {
            Action::Request(Request::SelectCertificate(summary)) => Some(summary),
            _ => None,
        })
        .unwrap();
    assert_eq!(summary.version, SupportedVersion::Tls12);
    let offered: CipherSuiteSet = [
        SupportedCipherSuite::Tls12EcdheRsaAes128GcmSha256,
        SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
    ]
    .into_iter()
    .collect();
    assert_eq!(summary.cipher_suites, offered);
    assert_eq!(
        summary.cipher_suites.iter().collect::<Vec<_>>(),
        [
            SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
            SupportedCipherSuite::Tls12EcdheRsaAes128GcmSha256,
        ],
        "in our order"
    );
}
