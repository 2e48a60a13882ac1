//! Client authentication on our server (RFC 8446 §4.3.2, §4.4.2, §4.4.3, §4.4.2.4): our
//! client runs the handshake up to the server's Finished, and the client's second flight is
//! then built here with real certificates, signatures and keys (the client's handshake traffic
//! secret is the one our client installed), so each rule the server checks can be broken on
//! purpose.

use std::sync::Arc;

use tls_handshake::Handshake;
use tls_handshake::action::{Action, Actions};
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{CertifiedKey, ClientAuth, ClientConfig, ServerConfig};
use tls_handshake::error::{HandshakeError, PeerIncompatible};
use tls_handshake::input::Input;
use tls_handshake::proof::PeerAuth;
use tls_handshake::record_keys::RecordKeys;
use tls_handshake::server::ServerHandshake;
use tls_handshake::sign::SigningKey;
use tls_handshake::verifier::{WebPkiClientVerifier, WebPkiServerVerifier};
use tls_handshake::verify::{Side, certificate_verify_message};
use tls_keyschedule::suite::HashAlgorithm;
use tls_keyschedule::tls13::traffic::TrafficSecret;
use tls_keyschedule::transcript::Transcript;
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors};
use tls_tests::{Chain, ChainBuilder, ExtendedKeyUsage, KeyType};
use tls_wire::extensions::{ExtensionContext, Extensions};
use tls_wire::handshake::{
    CertData, CertificateEntry, CertificateEntryList, CertificateRequestContext, CertificateTls13,
    CertificateVerify, Finished, HandshakeMessage, HandshakePayload, Signature,
};
use tls_wire::ids::{AlertDescription, SignatureScheme};

const SERVER_NAME: &str = "server.example";

fn anchors(chain: &Chain) -> TrustAnchors {
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    anchors
}

/// A client chain for `usages`, under its own root.
fn client_chain(usages: &[ExtendedKeyUsage]) -> Chain {
    ChainBuilder::new(KeyType::EcdsaP256)
        .common_name("client")
        .extended_key_usages(usages)
        .build()
        .unwrap()
}

/// What the server sent and the keys the client holds, at the server's Finished.
struct AtClientFlight {
    server: Handshake,
    transcript: Transcript,
    client_handshake_secret: TrafficSecret,
    server_flight: Vec<Vec<u8>>,
}

/// Runs our client and a server asking for client certificates (judged against
/// `client_roots`, `required` or not) up to the server's Finished.
fn to_client_flight(client_roots: &Chain, required: bool) -> AtClientFlight {
    let server_chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name(SERVER_NAME)
        .build()
        .unwrap();
    let certified = CertifiedKey::new(
        server_chain.chain_der(),
        SigningKey::from_pem(server_chain.leaf_key.pkcs8_pem.as_bytes()).unwrap(),
    )
    .unwrap();
    let verifier = Arc::new(WebPkiClientVerifier::new(anchors(client_roots)));
    let client_auth = if required {
        ClientAuth::Required(verifier)
    } else {
        ClientAuth::Optional(verifier)
    };
    let server_config = ServerConfig::builder(Arc::new(certified))
        .client_auth(client_auth)
        .build()
        .unwrap();
    let client_config =
        ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors(&server_chain))))
            .cipher_suites(&[tls_handshake::config::SupportedCipherSuite::Tls13Aes128GcmSha256])
            .build()
            .unwrap();

    let mut out = Actions::new();
    let name = ServerName::try_from(SERVER_NAME).unwrap();
    let client = ClientHandshake::start(Arc::new(client_config), name, &mut out).unwrap();
    let (mut client, client_hello, _) = settle(Handshake::Client(client), out);
    let mut transcript = Transcript::new(HashAlgorithm::Sha256);
    let mut server = Handshake::Server(ServerHandshake::new(Arc::new(server_config)));
    let mut server_flight = Vec::new();
    for message in &client_hello {
        transcript.add(message);
        let (next, sent, _) = feed(server, message);
        server = next;
        server_flight.extend(sent);
    }
    let mut client_handshake_secret = None;
    for message in &server_flight {
        transcript.add(message);
        let (next, _, keys) = feed(client, message);
        client = next;
        client_handshake_secret = client_handshake_secret.or(keys);
    }
    assert_eq!(
        server_flight.iter().map(|m| m[0]).collect::<Vec<_>>(),
        [2, 8, 13, 11, 15, 20],
        "ServerHello, EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify, Finished"
    );
    AtClientFlight {
        server,
        transcript,
        client_handshake_secret: client_handshake_secret.expect("the client's handshake key"),
        server_flight,
    }
}

/// A machine after a step: itself, what it sent, and the handshake write secret it installed.
type Settled = (Handshake, Vec<Vec<u8>>, Option<TrafficSecret>);

/// Applies `out`, answering in process; returns the machine, what it sent and the handshake
/// write secret it installed, if any.
fn settle(machine: Handshake, out: Actions) -> (Handshake, Vec<Vec<u8>>, Option<TrafficSecret>) {
    try_settle(machine, out).unwrap()
}

/// [`settle`], its refusals returned.
fn try_settle(mut machine: Handshake, mut out: Actions) -> Result<Settled, HandshakeError> {
    let mut sent = Vec::new();
    let mut handshake_write = None;
    loop {
        let mut answer = None;
        for action in out.drain() {
            match action {
                Action::Send { message, .. } => sent.push(message),
                Action::InstallWriteKey {
                    level: tls_handshake::action::Level::Handshake,
                    keys: RecordKeys::Tls13 { secret, .. },
                } => handshake_write = Some(secret),
                Action::Request(request) => answer = Some(machine.answer_in_process(&request)),
                _ => {}
            }
        }
        match answer {
            None => return Ok((machine, sent, handshake_write)),
            Some(answer) => machine = machine.handle(Input::Answer(answer), &mut out)?,
        }
    }
}

fn feed(machine: Handshake, message: &[u8]) -> Settled {
    let decoded = HandshakeMessage::decode(message, machine.negotiated_version()).unwrap();
    let mut out = Actions::new();
    let next = machine.handle(Input::Message(decoded), &mut out).unwrap();
    settle(next, out)
}

fn try_feed(machine: Handshake, message: &[u8]) -> Result<Handshake, HandshakeError> {
    let decoded = HandshakeMessage::decode(message, machine.negotiated_version()).unwrap();
    let mut out = Actions::new();
    let next = machine.handle(Input::Message(decoded), &mut out)?;
    Ok(try_settle(next, out)?.0)
}

fn encode(payload: HandshakePayload<'_>) -> Vec<u8> {
    HandshakeMessage::new(payload).unwrap().into_raw()
}

fn certificate_message(chain: &[Vec<u8>]) -> Vec<u8> {
    let entries = chain
        .iter()
        .map(|der| CertificateEntry {
            cert_data: CertData::new(der.clone()).unwrap(),
            extensions: Extensions::new(ExtensionContext::Certificate, Vec::new()).unwrap(),
        })
        .collect();
    encode(HandshakePayload::CertificateTls13(CertificateTls13 {
        certificate_request_context: CertificateRequestContext::new(Vec::new()).unwrap(),
        certificate_list: CertificateEntryList::new(entries).unwrap(),
    }))
}

/// The client's CertificateVerify by `key` with `scheme` over `transcript` so far.
fn certificate_verify(
    key: &SigningKey,
    scheme: SignatureScheme,
    transcript: &Transcript,
) -> Vec<u8> {
    let mut content = Vec::new();
    certificate_verify_message(
        Side::Client,
        transcript.current_hash().as_bytes(),
        &mut content,
    );
    let signature = key
        .sign(scheme, &content, &tls_handshake::deps::SystemRng::new())
        .unwrap();
    encode(HandshakePayload::CertificateVerify(CertificateVerify {
        algorithm: scheme,
        signature: Signature::new(signature).unwrap(),
    }))
}

fn finished(secret: &TrafficSecret, transcript: &Transcript) -> Vec<u8> {
    let verify_data = secret
        .derive_finished_key()
        .derive_verify_data(&transcript.current_hash());
    encode(HandshakePayload::Finished(Finished {
        verify_data: verify_data.as_bytes().to_vec().into(),
    }))
}

/// Sends the client's Certificate of `chain`, a CertificateVerify by `key` with `scheme`
/// (`tamper` applied to its signature) and the Finished; returns the server.
fn client_flight(
    at: AtClientFlight,
    chain: &[Vec<u8>],
    key: Option<&SigningKey>,
    scheme: SignatureScheme,
    tamper: bool,
) -> Result<Handshake, HandshakeError> {
    let AtClientFlight {
        mut server,
        mut transcript,
        client_handshake_secret,
        ..
    } = at;
    let certificate = certificate_message(chain);
    transcript.add(&certificate);
    server = try_feed(server, &certificate)?;
    if let Some(key) = key {
        let mut verify = certificate_verify(key, scheme, &transcript);
        if tamper {
            let last = verify.len() - 1;
            verify[last] ^= 1;
        }
        transcript.add(&verify);
        server = try_feed(server, &verify)?;
    }
    let finished = finished(&client_handshake_secret, &transcript);
    try_feed(server, &finished)
}

#[test]
fn a_client_certificate_for_client_auth_is_verified_and_recorded() {
    let chain = client_chain(&[ExtendedKeyUsage::ClientAuth]);
    let key = SigningKey::from_pem(chain.leaf_key.pkcs8_pem.as_bytes()).unwrap();
    let at = to_client_flight(&chain, true);
    // The CertificateRequest names the client root and the schemes we verify.
    let request = HandshakeMessage::decode(
        &at.server_flight[2],
        tls_wire::handshake::NegotiatedVersion::Tls13,
    )
    .unwrap();
    let HandshakePayload::CertificateRequestTls13(request) = request.payload() else {
        panic!("no CertificateRequest");
    };
    assert!(request.certificate_request_context.is_empty());
    let authorities = request
        .extensions
        .certificate_authorities()
        .unwrap()
        .unwrap();
    assert_eq!(authorities.len(), 1);
    assert!(
        request
            .extensions
            .signature_algorithms()
            .unwrap()
            .unwrap()
            .contains(&SignatureScheme::ECDSA_SECP256R1_SHA256)
    );

    let server = client_flight(
        at,
        &chain.chain_der(),
        Some(&key),
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        false,
    )
    .unwrap();
    assert!(server.is_complete());
    let Some(PeerAuth::Certificate(chain_proof, signature_proof)) = server.peer_auth() else {
        panic!("the server completed without the client's proofs");
    };
    assert_eq!(
        (chain_proof.vouched_by(), signature_proof.vouched_by()),
        ("tls-pki", "ring")
    );
}

/// RFC 8446 §4.4.2.4: an empty Certificate is refused with certificate_required when a
/// certificate is required, and accepted, unauthenticated, when it is optional.
#[test]
fn an_empty_certificate_is_refused_when_required_and_accepted_when_optional() {
    let chain = client_chain(&[ExtendedKeyUsage::ClientAuth]);
    let error = client_flight(
        to_client_flight(&chain, true),
        &[],
        None,
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        false,
    )
    .unwrap_err();
    assert_eq!(error, PeerIncompatible::ClientCertificateRequired.into());
    assert_eq!(error.alert(), Some(AlertDescription::CERTIFICATE_REQUIRED));

    let server = client_flight(
        to_client_flight(&chain, false),
        &[],
        None,
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        false,
    )
    .unwrap();
    assert!(server.is_complete());
    assert!(matches!(server.peer_auth(), Some(PeerAuth::NoCertificate)));
}

#[test]
fn a_client_chain_tls_pki_refuses_ends_with_its_alert() {
    // A server-only certificate: no id-kp-clientAuth.
    let chain = client_chain(&[ExtendedKeyUsage::ServerAuth]);
    let key = SigningKey::from_pem(chain.leaf_key.pkcs8_pem.as_bytes()).unwrap();
    let error = client_flight(
        to_client_flight(&chain, true),
        &chain.chain_der(),
        Some(&key),
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        false,
    )
    .unwrap_err();
    assert!(matches!(error, HandshakeError::Certificate(_)), "{error:?}");
    assert!(error.alert().is_some());
    // A chain to a root the server does not trust.
    let trusted = client_chain(&[ExtendedKeyUsage::ClientAuth]);
    let other = client_chain(&[ExtendedKeyUsage::ClientAuth]);
    let key = SigningKey::from_pem(other.leaf_key.pkcs8_pem.as_bytes()).unwrap();
    let error = client_flight(
        to_client_flight(&trusted, true),
        &other.chain_der(),
        Some(&key),
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        false,
    )
    .unwrap_err();
    assert!(
        matches!(
            error.alert(),
            Some(AlertDescription::UNKNOWN_CA | AlertDescription::BAD_CERTIFICATE)
        ),
        "{error:?}"
    );
}

#[test]
fn a_bad_client_signature_is_decrypt_error() {
    let chain = client_chain(&[ExtendedKeyUsage::ClientAuth]);
    let key = SigningKey::from_pem(chain.leaf_key.pkcs8_pem.as_bytes()).unwrap();
    let error = client_flight(
        to_client_flight(&chain, true),
        &chain.chain_der(),
        Some(&key),
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        true,
    )
    .unwrap_err();
    assert_eq!(
        error.alert(),
        Some(AlertDescription::DECRYPT_ERROR),
        "{error:?}"
    );
}

/// A client that skips its CertificateVerify after a non-empty Certificate sends its Finished
/// where the server waits for the signature.
#[test]
fn a_missing_client_certificate_verify_is_unexpected_message() {
    let chain = client_chain(&[ExtendedKeyUsage::ClientAuth]);
    let error = client_flight(
        to_client_flight(&chain, true),
        &chain.chain_der(),
        None,
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        false,
    )
    .unwrap_err();
    assert_eq!(
        error.alert(),
        Some(AlertDescription::UNEXPECTED_MESSAGE),
        "{error:?}"
    );
}
