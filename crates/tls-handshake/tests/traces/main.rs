//! Recorded handshakes replayed through the machines that ship (fixtures here, tests in the
//! submodules): our client against illustrated-tls13's and RFC 8448's simple 1-RTT and
//! HelloRetryRequest servers byte for byte, the server's faults (tampered, unoffered, off the
//! curve, out of order, refused) each ending the handshake with its alert, and our server
//! against the same traces' clients (`server_replay`) and against RFC 8448's resumed client
//! with its 0-RTT data (`server_0rtt_replay`).
//!
//! A client replay injects the trace's client random, session id and key-share scalar through
//! [`SequenceRng`], sends the trace's own ClientHello extensions through the config's
//! [`WireProfile`] (the `test-profile` feature), feeds the trace's server flight, and compares
//! every action: our ClientHello and Finished, and every traffic secret we install.

use std::sync::Arc;

use serde_json::Value;
use tls_keyschedule::tls13::TrafficSecret;
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchors, UnixTime};
use tls_wire::codec::IntoOwned;
use tls_wire::extensions::{
    Extension, ExtensionContext, Extensions, KeyExchange, KeyShareEntry, KeyShareServerHello,
};
use tls_wire::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion, ServerHello};
use tls_wire::ids::{AlertDescription, CipherSuite, HandshakeType, NamedGroup, ProtocolVersion};

use tls_handshake::action::{Action, Actions, Answer, Event, Request};
use tls_handshake::client::ClientHandshake;
use tls_handshake::config::{CertifiedKey, ClientConfig, SingleClientCertificate};
use tls_handshake::deps::Clock;
use tls_handshake::deps::replay::SequenceRng;
use tls_handshake::error::{HandshakeError, PeerMisbehaved};
use tls_handshake::input::Input;
use tls_handshake::profile::{RecordedClientHello, WireProfile};
use tls_handshake::proof::{CertificateVerified, SignatureVerified};
use tls_handshake::record_keys::RecordKeys;
use tls_handshake::verifier::{ServerCertVerifier, WebPkiServerVerifier};
use tls_wire::ids::SignatureScheme;

mod client_auth_replay;
mod client_certificate_request;
mod client_faults;
mod client_replay;
mod client_retry;
mod client_tickets;
mod recorded_ticket;
mod server_0rtt_replay;
mod server_replay;

/// 2018-10-01, while illustrated-tls13's certificate (valid 2018-10-05 .. 2019-10-05) was
/// current, give or take: the fixture verifier checks only that the clock shows this time.
const ILLUSTRATED_TIME: i64 = 1_539_000_000;

/// RFC 8448 was published in January 2019.
const RFC8448_TIME: i64 = 1_548_000_000;

fn testdata(name: &str) -> Value {
    tls_tests::json(name)
}

fn unhex(text: &str) -> Vec<u8> {
    hex::decode(text).unwrap()
}

fn leak(bytes: Vec<u8>) -> &'static [u8] {
    Box::leak(bytes.into_boxed_slice())
}

/// A clock stopped at one instant.
struct FixedClock(i64);

impl Clock for FixedClock {
    fn now(&self) -> UnixTime {
        UnixTime::from_secs(self.0)
    }
}

/// Accepts exactly one recorded end-entity certificate, at exactly the recorded time, and
/// (for RFC 8448, whose key is RSA-1024) exactly one recorded CertificateVerify signature.
///
/// A fixture, not a mock: the traces' certificates expired long ago (and RFC 8448's key is
/// RSA-1024, which tls-pki and ring refuse) and their roots are not recorded, so the replay
/// vouches for the certificate and signature it recorded, and for nothing else. Every other
/// signature is checked by ring, as in production.
#[derive(Debug)]
struct RecordedCertificate {
    end_entity: Vec<u8>,
    at: i64,
    /// The recorded signature to vouch for, if ring cannot check it.
    vouched_signature: Option<Vec<u8>>,
}

impl ServerCertVerifier for RecordedCertificate {
    fn verify_server_chain(
        &self,
        end_entity: &[u8],
        _intermediates: &[&[u8]],
        _server_name: Option<&ServerName>,
        now: UnixTime,
    ) -> Result<CertificateVerified, HandshakeError> {
        assert_eq!(end_entity, self.end_entity, "not the recorded certificate");
        assert_eq!(now.as_secs(), self.at, "not the recorded time");
        Ok(CertificateVerified::dangerous_vouched_by(
            "replay fixture: the recorded certificate",
        ))
    }

    fn verify_tls13_signature(
        &self,
        end_entity: &[u8],
        scheme: SignatureScheme,
        offered: &[SignatureScheme],
        transcript_hash: &[u8],
        signature: &[u8],
    ) -> Result<SignatureVerified, HandshakeError> {
        match &self.vouched_signature {
            Some(recorded) if recorded == signature && end_entity == self.end_entity => Ok(
                SignatureVerified::dangerous_vouched_by("replay fixture: the recorded signature"),
            ),
            _ => tls_handshake::verify::verify_tls13_certificate_verify(
                end_entity,
                scheme,
                offered,
                transcript_hash,
                tls_handshake::verify::Side::Server,
                signature,
            ),
        }
    }
}

/// One recorded handshake, from the client's side.
struct Trace {
    client_hello: Vec<u8>,
    /// The client's x25519 scalar.
    scalar: Vec<u8>,
    server_hello: Vec<u8>,
    encrypted_extensions: Vec<u8>,
    certificate: Vec<u8>,
    certificate_verify: Vec<u8>,
    server_finished: Vec<u8>,
    client_finished: Vec<u8>,
    client_handshake_traffic_secret: Vec<u8>,
    server_handshake_traffic_secret: Vec<u8>,
    client_application_traffic_secret_0: Vec<u8>,
    server_application_traffic_secret_0: Vec<u8>,
    /// A HelloRetryRequest round: the retry, our second ClientHello, its key-share scalar.
    retry: Option<(Vec<u8>, Vec<u8>, Vec<u8>)>,
    server_name: &'static str,
    time: i64,
    /// Whether the server's CertificateVerify signature is vouched for (RSA-1024, which ring
    /// cannot check).
    vouch_certificate_verify: bool,
    /// The client certificate to present when asked: the trace's chain, and a key ring loads
    /// that only decides the scheme (the trace's signature comes through the Sign request).
    client_certificate: Option<(Vec<Vec<u8>>, Arc<CertifiedKey>)>,
}

/// The handshake message inside a decrypted record: the inner plaintext without its content
/// type byte.
fn inner_message(record: &Value) -> Vec<u8> {
    let mut inner = unhex(record["inner_plaintext_hex"].as_str().unwrap());
    assert_eq!(inner.pop(), Some(22), "not a handshake record");
    inner
}

fn illustrated() -> Trace {
    let trace = testdata("illustrated-tls13.json");
    let records = trace["records"].as_array().unwrap();
    let plaintext = |index: usize| unhex(&records[index]["record_hex"].as_str().unwrap()[10..]);
    let secret = |name: &str| unhex(trace["secrets"][name].as_str().unwrap());
    Trace {
        client_hello: plaintext(0),
        scalar: unhex(trace["keys"]["client_x25519_private"].as_str().unwrap()),
        server_hello: plaintext(1),
        encrypted_extensions: inner_message(&records[3]),
        certificate: inner_message(&records[4]),
        certificate_verify: inner_message(&records[5]),
        server_finished: inner_message(&records[6]),
        client_finished: inner_message(&records[8]),
        client_handshake_traffic_secret: secret("client_handshake_traffic_secret"),
        server_handshake_traffic_secret: secret("server_handshake_traffic_secret"),
        client_application_traffic_secret_0: secret("client_application_traffic_secret_0"),
        server_application_traffic_secret_0: secret("server_application_traffic_secret_0"),
        retry: None,
        server_name: "example.ulfheim.net",
        time: ILLUSTRATED_TIME,
        vouch_certificate_verify: false,
        client_certificate: None,
    }
}

fn rfc8448_scenario(name: &str) -> Value {
    let vectors = testdata("rfc8448-vectors.json");
    vectors["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|scenario| scenario["scenario"] == name)
        .unwrap()
        .clone()
}

/// The hex of the item `name` at `step` of an RFC 8448 scenario.
fn rfc8448_item(scenario: &Value, step: u64, name: &str) -> Vec<u8> {
    let item = scenario["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["step"] == step && item["name"] == name)
        .unwrap_or_else(|| panic!("no {name} at step {step}"));
    unhex(item["hex"].as_str().unwrap())
}

fn rfc8448_hrr() -> Trace {
    let scenario = rfc8448_scenario("hrr");
    let item = |step: u64, name: &str| rfc8448_item(&scenario, step, name);
    Trace {
        client_hello: item(1, "ClientHello"),
        scalar: item(0, "private key"),
        retry: Some((
            item(3, "ServerHello"),
            item(6, "ClientHello"),
            item(5, "private key"),
        )),
        server_hello: item(10, "ServerHello"),
        encrypted_extensions: item(19, "EncryptedExtensions"),
        certificate: item(20, "Certificate"),
        certificate_verify: item(21, "CertificateVerify"),
        server_finished: item(23, "Finished"),
        client_finished: item(45, "Finished"),
        client_handshake_traffic_secret: item(13, "expanded"),
        server_handshake_traffic_secret: item(14, "expanded"),
        client_application_traffic_secret_0: item(25, "expanded"),
        server_application_traffic_secret_0: item(26, "expanded"),
        server_name: "server",
        time: RFC8448_TIME,
        vouch_certificate_verify: true,
        client_certificate: None,
    }
}

fn rfc8448_simple() -> Trace {
    let scenario = rfc8448_scenario("simple-1rtt");
    let item = |step: u64, name: &str| rfc8448_item(&scenario, step, name);
    Trace {
        client_hello: item(1, "ClientHello"),
        scalar: item(0, "private key"),
        server_hello: item(5, "ServerHello"),
        encrypted_extensions: item(14, "EncryptedExtensions"),
        certificate: item(15, "Certificate"),
        certificate_verify: item(16, "CertificateVerify"),
        server_finished: item(18, "Finished"),
        client_finished: item(40, "Finished"),
        client_handshake_traffic_secret: item(8, "expanded"),
        server_handshake_traffic_secret: item(9, "expanded"),
        client_application_traffic_secret_0: item(20, "expanded"),
        server_application_traffic_secret_0: item(21, "expanded"),
        retry: None,
        server_name: "server",
        time: RFC8448_TIME,
        vouch_certificate_verify: true,
        client_certificate: None,
    }
}

impl Trace {
    fn decode(bytes: &[u8], version: NegotiatedVersion) -> HandshakeMessage<'_> {
        HandshakeMessage::decode(bytes, version).unwrap()
    }
    /// A config sending the recorded client's suites and extensions, with its randomness.
    fn config(&self) -> ClientConfig {
        let hello = Self::decode(&self.client_hello, NegotiatedVersion::NotYet);
        let HandshakePayload::ClientHello(hello) = hello.into_payload() else {
            panic!("not a ClientHello")
        };
        let compat = !hello.legacy_session_id.is_empty();
        let recorded = RecordedClientHello::new(
            hello.cipher_suites.as_slice().to_vec(),
            hello
                .extensions
                .clone()
                .unwrap()
                .into_owned()
                .decode_all()
                .unwrap()
                .into_iter()
                .map(IntoOwned::into_owned)
                .collect(),
            self.retry.as_ref().map(|(_, second, _)| {
                let second = Self::decode(second, NegotiatedVersion::NotYet);
                let HandshakePayload::ClientHello(second) = second.into_payload() else {
                    panic!("not a ClientHello")
                };
                let extensions = second.extensions.unwrap();
                let list = extensions.decode_all().unwrap();
                list.into_iter().map(IntoOwned::into_owned).collect()
            }),
        );
        let mut fills = vec![hello.random.to_vec()];
        if compat {
            fills.push(hello.legacy_session_id.as_slice().to_vec());
        }
        let end_entity = self.end_entity();
        let vouched_signature = self.vouch_certificate_verify.then(|| {
            let message = Self::decode(&self.certificate_verify, NegotiatedVersion::Tls13);
            let HandshakePayload::CertificateVerify(certificate_verify) = message.payload() else {
                panic!("not a CertificateVerify")
            };
            certificate_verify.signature.as_slice().to_vec()
        });
        let config = ClientConfig::builder(Arc::new(RecordedCertificate {
            end_entity,
            at: self.time,
            vouched_signature,
        }));
        let mut profile = WireProfile::default()
            .with_middlebox_compatibility(compat)
            .with_recorded_client_hello(recorded);
        let mut config = config;
        if let Some((chain, certified)) = &self.client_certificate {
            profile = profile.with_certificate_chain(chain.clone());
            config =
                config.client_certificate(Arc::new(SingleClientCertificate(Arc::clone(certified))));
        }
        let config = config.wire_profile(profile);
        let mut scalars = vec![leak(self.scalar.clone())];
        scalars.extend(
            self.retry
                .as_ref()
                .map(|(_, _, scalar)| leak(scalar.clone())),
        );
        config
            .rng(Arc::new(SequenceRng::new(fills, scalars)))
            .clock(Arc::new(FixedClock(self.time)))
            .build()
            .unwrap()
    }
    fn end_entity(&self) -> Vec<u8> {
        let message = Self::decode(&self.certificate, NegotiatedVersion::Tls13);
        let HandshakePayload::CertificateTls13(certificate) = message.payload() else {
            panic!("not a Certificate")
        };
        certificate.certificate_list[0]
            .cert_data
            .as_slice()
            .to_vec()
    }
    fn start(&self) -> (ClientHandshake, Actions) {
        let mut out = Actions::new();
        let server_name = ServerName::try_from(self.server_name).unwrap();
        let client =
            ClientHandshake::start(Arc::new(self.config()), server_name, &mut out).unwrap();
        (client, out)
    }
}

/// Feeds one recorded message, decoded with the version the client reports.
fn feed(
    client: ClientHandshake,
    message: &[u8],
    out: &mut Actions,
) -> Result<ClientHandshake, HandshakeError> {
    let decoded = HandshakeMessage::decode(message, client.negotiated_version()).unwrap();
    client.handle(Input::Message(decoded), out)
}

/// Answers every request among `out`'s actions in process, as a driver would.
fn answer_requests(
    mut client: ClientHandshake,
    out: &mut Actions,
) -> Result<ClientHandshake, HandshakeError> {
    let requests: Vec<Request> = out
        .drain()
        .filter_map(|action| match action {
            Action::Request(request) => Some(request),
            _ => None,
        })
        .collect();
    for request in requests {
        let answer = client.answer_in_process(&request);
        client = client.handle(Input::Answer(answer), out)?;
    }
    Ok(client)
}

/// One line per action, secrets and messages in hex, to compare a whole step at once.
fn describe(actions: &[Action]) -> Vec<String> {
    let secret = |secret: &TrafficSecret| hex::encode(secret.secret().as_bytes());
    actions
        .iter()
        .map(|action| match action {
            Action::Send { level, message } => format!("send {level:?} {}", hex::encode(message)),
            Action::SendChangeCipherSpec => "send change_cipher_spec".to_owned(),
            Action::SendWarning(description) => format!("send warning {description}"),
            Action::InstallReadKey {
                level,
                keys: RecordKeys::Tls13 { secret: s, .. },
            } => {
                format!("read key {level:?} {}", secret(s))
            }
            Action::InstallWriteKey {
                level,
                keys: RecordKeys::Tls13 { secret: s, .. },
            } => {
                format!("write key {level:?} {}", secret(s))
            }
            Action::InstallReadKey { level, keys } | Action::InstallWriteKey { level, keys } => {
                format!("{level:?} keys of another version: {keys:?}")
            }
            Action::Request(Request::VerifyChain { .. }) => "request VerifyChain".to_owned(),
            Action::Request(other) => format!("request {other:?}"),
            Action::LimitRecordSize { send, receive } => {
                format!("limit records: send {send}, receive {receive}")
            }
            Action::AllowEarlyData { max } => format!("allow early data {max}"),
            Action::AcceptEarlyData { max } => format!("accept early data {max}"),
            Action::SkipEarlyData { max } => format!("skip early data {max}"),
            Action::Event(Event::PeerCertificates(chain)) => {
                format!("event PeerCertificates ({} certificates)", chain.len())
            }
            Action::Event(Event::HandshakeComplete(negotiated)) => {
                format!("event HandshakeComplete {:?}", negotiated.cipher_suite)
            }
            Action::Event(other) => format!("event {other:?}"),
        })
        .collect()
}

/// Runs the illustrated trace up to (not including) the message at `stop`, with `tamper`
/// applied to the message fed there, and returns the error.
fn illustrated_fails_at(stop: usize, tamper: impl FnOnce(&mut Vec<u8>)) -> HandshakeError {
    fails_at(&illustrated(), stop, tamper)
}

/// Runs `trace`'s server flight up to (not including) the message at `stop` (0 ServerHello,
/// 1 EncryptedExtensions, 2 Certificate, 3 CertificateVerify, 4 Finished), with `tamper`
/// applied to the message fed there, and returns the error.
fn fails_at(trace: &Trace, stop: usize, tamper: impl FnOnce(&mut Vec<u8>)) -> HandshakeError {
    let mut flight = [
        trace.server_hello.clone(),
        trace.encrypted_extensions.clone(),
        trace.certificate.clone(),
        trace.certificate_verify.clone(),
        trace.server_finished.clone(),
    ];
    tamper(&mut flight[stop]);
    let (mut client, mut out) = trace.start();
    for (index, message) in flight.iter().enumerate() {
        out.drain();
        match feed(client, message, &mut out) {
            Ok(next) => client = answer_requests(next, &mut out).unwrap(),
            Err(error) => {
                assert_eq!(index, stop, "failed early: {error}");
                assert!(out.is_empty(), "a failed step emitted actions");
                return error;
            }
        }
    }
    panic!("the handshake did not fail")
}

/// The illustrated ServerHello, changed by `change` and re-encoded.
fn changed_server_hello(change: impl FnOnce(&mut ServerHello<'static>)) -> Vec<u8> {
    let trace = illustrated();
    let message = HandshakeMessage::decode(&trace.server_hello, NegotiatedVersion::NotYet)
        .unwrap()
        .into_owned();
    let HandshakePayload::ServerHello(mut server_hello) = message.into_payload() else {
        panic!("not a ServerHello")
    };
    change(&mut server_hello);
    encode_message(HandshakePayload::ServerHello(server_hello))
}

/// A whole handshake message, framed by tls-wire.
fn encode_message(payload: HandshakePayload<'_>) -> Vec<u8> {
    HandshakeMessage::new(payload).unwrap().raw().to_vec()
}

fn server_hello_extensions(list: Vec<Extension<'static>>) -> Option<Extensions<'static>> {
    Some(Extensions::new(ExtensionContext::ServerHello, list).unwrap())
}

fn illustrated_server_share() -> Extension<'static> {
    let trace = testdata("illustrated-tls13.json");
    x25519_share(unhex(
        trace["keys"]["server_x25519_public"].as_str().unwrap(),
    ))
}

fn x25519_share(key: Vec<u8>) -> Extension<'static> {
    share(NamedGroup::X25519, key)
}

fn share(group: NamedGroup, key: Vec<u8>) -> Extension<'static> {
    Extension::KeyShareServerHello(KeyShareServerHello {
        server_share: KeyShareEntry {
            group,
            key_exchange: KeyExchange::new(key).unwrap(),
        },
    })
}

fn server_hello_error(change: impl FnOnce(&mut ServerHello<'static>)) -> HandshakeError {
    let server_hello = changed_server_hello(change);
    illustrated_fails_at(0, |message| *message = server_hello)
}
