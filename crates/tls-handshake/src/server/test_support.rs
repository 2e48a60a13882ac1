//! Helpers for the server's unit tests: a certificate, a ClientHello builder, and a driver
//! that answers the server's requests in process and computes the client's Finished from the
//! keys the server installs.

pub(crate) use std::borrow::Cow;
pub(crate) use std::sync::{Arc, Mutex};

pub(crate) use tls_keyschedule::suite::HashAlgorithm;
pub(crate) use tls_keyschedule::transcript::Transcript;
pub(crate) use tls_wire::codec::List;
pub(crate) use tls_wire::extensions::{
    Extension, ExtensionBody, ExtensionContext, Extensions, KeyExchange, KeyShareClientHello,
    KeyShareEntry, NameType, ProtocolName, ServerName,
};
pub(crate) use tls_wire::handshake::{
    ClientHello, ClientHelloFields, CompressionMethods, Finished, HandshakeMessage,
    HandshakePayload, NegotiatedVersion, SessionId,
};
pub(crate) use tls_wire::ids::{
    AlertDescription, CipherSuite, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion,
    SignatureScheme,
};

pub(crate) use super::ServerHandshake;
pub(crate) use crate::action::{
    Action, Actions, Answer, ClientHelloSummary, Event, Level, Request,
};
pub(crate) use crate::config::{
    CertifiedKey, ServerCertSelector, ServerConfig, ServerConfigBuilder, SupportedGroup,
};
pub(crate) use crate::deps::SystemRng;
pub(crate) use crate::error::{HandshakeError, LocalError, PeerIncompatible, PeerMisbehaved};
pub(crate) use crate::input::Input;
pub(crate) use crate::key_exchange::KeyShare;
pub(crate) use crate::profile::WireProfile;
pub(crate) use crate::record_keys::RecordKeys;
pub(crate) use crate::sign::SigningKey;
pub(crate) use crate::verify::{Side, verify_tls13_certificate_verify};

pub(crate) const P256_KEY: &str = include_str!("../../../../testdata/keys/ecdsa-p256.pkcs8.pem");

/// An ECDSA P-256 certificate (self-signed) for `example.com`, with its key.
pub(crate) fn certified_key() -> Arc<CertifiedKey> {
    let der = tls_tests::self_signed(P256_KEY, "example.com").unwrap().der;
    let key = SigningKey::from_pem(P256_KEY.as_bytes()).unwrap();
    Arc::new(CertifiedKey::new(vec![der], key).unwrap())
}

/// Records what the server asks its selector.
#[derive(Debug)]
pub(crate) struct RecordingSelector {
    pub(crate) certified: Arc<CertifiedKey>,
    pub(crate) seen: Mutex<Vec<ClientHelloSummary>>,
}

impl ServerCertSelector for RecordingSelector {
    fn select(&self, hello: &ClientHelloSummary) -> Result<Arc<CertifiedKey>, HandshakeError> {
        self.seen.lock().unwrap().push(hello.clone());
        Ok(Arc::clone(&self.certified))
    }
}

pub(crate) fn builder() -> ServerConfigBuilder {
    ServerConfig::builder(certified_key())
}

pub(crate) fn config() -> ServerConfig {
    builder().build().unwrap()
}

/// A ClientHello under construction.
pub(crate) struct Hello {
    pub(crate) legacy_version: ProtocolVersion,
    pub(crate) cipher_suites: Vec<CipherSuite>,
    pub(crate) compression: Vec<u8>,
    pub(crate) random: [u8; 32],
    pub(crate) session_id: Vec<u8>,
    pub(crate) extensions: Vec<Extension<'static>>,
}

impl Hello {
    /// A TLS 1.3 ClientHello with a fresh X25519 share, a 32-byte session id, and the four
    /// mandatory extensions.
    pub(crate) fn new() -> Self {
        let share = KeyShare::generate(NamedGroup::X25519, &SystemRng::new()).unwrap();
        Self {
            legacy_version: ProtocolVersion::TLSV1_2,
            cipher_suites: vec![
                CipherSuite::TLS_AES_128_GCM_SHA256,
                CipherSuite::TLS_AES_256_GCM_SHA384,
            ],
            compression: vec![0],
            random: [7; 32],
            session_id: vec![0x5a; 32],
            extensions: vec![
                Extension::SupportedVersions(List::new(vec![ProtocolVersion::TLSV1_3]).unwrap()),
                Extension::SupportedGroups(
                    List::new(vec![NamedGroup::X25519, NamedGroup::SECP256R1]).unwrap(),
                ),
                key_share(&[(NamedGroup::X25519, share.public_key().to_vec())]),
                Extension::SignatureAlgorithms(
                    List::new(vec![
                        SignatureScheme::ECDSA_SECP256R1_SHA256,
                        SignatureScheme::RSA_PSS_RSAE_SHA256,
                    ])
                    .unwrap(),
                ),
            ],
        }
    }

    pub(crate) fn without(mut self, typ: ExtensionType) -> Self {
        self.extensions.retain(|extension| extension.typ() != typ);
        self
    }

    pub(crate) fn with(mut self, extension: Extension<'static>) -> Self {
        let typ = extension.typ();
        match self.extensions.iter_mut().find(|e| e.typ() == typ) {
            Some(slot) => *slot = extension,
            None => self.extensions.push(extension),
        }
        self
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        HandshakeMessage::new(HandshakePayload::ClientHello(ClientHello {
            legacy_version: self.legacy_version,
            random: self.random,
            legacy_session_id: SessionId::new(self.session_id.clone()).unwrap(),
            cipher_suites: List::new(self.cipher_suites.clone()).unwrap(),
            legacy_compression_methods: CompressionMethods::new(self.compression.clone()).unwrap(),
            extensions: Some(
                Extensions::new(ExtensionContext::ClientHello, self.extensions.clone()).unwrap(),
            ),
        }))
        .unwrap()
        .raw()
        .to_vec()
    }
}

/// `hello`, encoded, with one more extension of type `typ` and body `body` appended as raw
/// bytes: a form the typed builder refuses to make (a malformed body, a typed form's type).
pub(crate) fn with_raw_extension(hello: &Hello, typ: ExtensionType, body: &[u8]) -> Vec<u8> {
    let mut bytes = hello.encode();
    bytes.extend(typ.get().to_be_bytes());
    bytes.extend(u16::try_from(body.len()).unwrap().to_be_bytes());
    bytes.extend(body);
    // The block is the hello's last field: its length and the message's grow by the extension.
    let added = 4 + body.len();
    let block_len = ClientHelloFields::split(&hello.encode())
        .unwrap()
        .extensions
        .len();
    let block_at = bytes.len() - added - block_len - 2;
    let new_block = u16::try_from(block_len + added).unwrap().to_be_bytes();
    bytes[block_at..block_at + 2].copy_from_slice(&new_block);
    let new_message = u32::try_from(bytes.len() - 4).unwrap().to_be_bytes();
    bytes[1..4].copy_from_slice(&new_message[1..]);
    bytes
}

pub(crate) fn key_share(shares: &[(NamedGroup, Vec<u8>)]) -> Extension<'static> {
    Extension::KeyShareClientHello(KeyShareClientHello {
        client_shares: List::new(
            shares
                .iter()
                .map(|(group, key)| KeyShareEntry {
                    group: *group,
                    key_exchange: KeyExchange::new(key.clone()).unwrap(),
                })
                .collect(),
        )
        .unwrap(),
    })
}

pub(crate) fn alpn(protocols: &[&[u8]]) -> Extension<'static> {
    Extension::ApplicationLayerProtocolNegotiation(
        List::new(
            protocols
                .iter()
                .map(|p| ProtocolName::new(p.to_vec()).unwrap())
                .collect(),
        )
        .unwrap(),
    )
}

pub(crate) fn sni(name: &str) -> Extension<'static> {
    Extension::ServerName(
        List::new(vec![ServerName {
            name_type: NameType::HOST_NAME,
            name: tls_wire::extensions::HostName::new(name.as_bytes().to_vec()).unwrap(),
        }])
        .unwrap(),
    )
}

pub(crate) fn message(bytes: &[u8], version: NegotiatedVersion) -> Input<'_> {
    Input::Message(HandshakeMessage::decode(bytes, version).unwrap())
}

/// Feeds `hello` to a fresh server.
pub(crate) fn start(
    config: ServerConfig,
    hello: &[u8],
) -> Result<(ServerHandshake, Actions), HandshakeError> {
    let mut out = Actions::new();
    let server = ServerHandshake::new(Arc::new(config));
    let server = server.handle(message(hello, NegotiatedVersion::NotYet), &mut out)?;
    Ok((server, out))
}

pub(crate) fn refusal(config: ServerConfig, hello: Hello) -> HandshakeError {
    start(config, &hello.encode()).unwrap_err()
}

/// The pending request at the end of `out`.
pub(crate) fn last_request(out: &Actions) -> &Request {
    match out.as_slice().last() {
        Some(Action::Request(request)) => request,
        other => panic!("no request at the end: {other:?}"),
    }
}

/// Answers the server's requests in process until it expects the client's Finished.
pub(crate) fn through_server_flight(
    server: ServerHandshake,
    out: &mut Actions,
) -> Result<ServerHandshake, HandshakeError> {
    let mut server = server;
    while let Some(Action::Request(request)) = out.as_slice().last() {
        let answer = server.answer_in_process(request);
        server = server.handle(Input::Answer(answer), out)?;
    }
    Ok(server)
}

/// What the client computes from the server's flight: its Finished.
pub(crate) fn client_finished(client_hello: &[u8], out: &Actions) -> Vec<u8> {
    client_finished_with(HashAlgorithm::Sha256, &[client_hello], out)
}

/// The client's Finished under `hash`, after one ClientHello or, with a HelloRetryRequest
/// (the first message sent), two.
pub(crate) fn client_finished_with(
    hash: HashAlgorithm,
    client_hellos: &[&[u8]],
    out: &Actions,
) -> Vec<u8> {
    let mut transcript = Transcript::new(hash);
    transcript.add(client_hellos[0]);
    let mut client_handshake = None;
    let mut sent = 0;
    for action in out.as_slice() {
        match action {
            Action::Send { message, .. } => {
                transcript.add(message);
                sent += 1;
                if sent == 1 && client_hellos.len() == 2 {
                    // ClientHello1 becomes its message_hash, then HelloRetryRequest,
                    // ClientHello2 (RFC 8446 §4.4.1).
                    let mut retried = Transcript::new(hash);
                    retried.add(client_hellos[0]);
                    retried.replace_client_hello_with_message_hash();
                    retried.add(message);
                    retried.add(client_hellos[1]);
                    transcript = retried;
                }
            }
            Action::InstallReadKey {
                level: Level::Handshake,
                keys: RecordKeys::Tls13 { secret, .. },
            } => client_handshake = Some(secret.clone()),
            _ => {}
        }
    }
    let key = client_handshake.unwrap().derive_finished_key();
    let verify_data = key.derive_verify_data(&transcript.current_hash());
    HandshakeMessage::new(HandshakePayload::Finished(Finished {
        verify_data: Cow::Owned(verify_data.as_bytes().to_vec()),
    }))
    .unwrap()
    .raw()
    .to_vec()
}

/// The sent messages, in order.
pub(crate) fn sent(out: &Actions) -> Vec<&[u8]> {
    out.as_slice()
        .iter()
        .filter_map(|action| match action {
            Action::Send { message, .. } => Some(message.as_slice()),
            _ => None,
        })
        .collect()
}

/// The EncryptedExtensions the server sent, decoded.
pub(crate) fn encrypted_extensions(out: &Actions) -> Vec<Extension<'static>> {
    let bytes = sent(out)[1];
    match HandshakeMessage::decode(bytes, NegotiatedVersion::Tls13)
        .unwrap()
        .into_payload()
    {
        HandshakePayload::EncryptedExtensions(ee) => ee
            .extensions
            .decode_all()
            .unwrap()
            .into_iter()
            .map(tls_wire::codec::IntoOwned::into_owned)
            .collect(),
        other => panic!("not EncryptedExtensions: {other:?}"),
    }
}

/// What the handshake agreed on, from the HandshakeComplete event among `out`.
pub(crate) fn completed(out: &Actions) -> &crate::action::Negotiated {
    out.as_slice()
        .iter()
        .find_map(|action| match action {
            Action::Event(Event::HandshakeComplete(negotiated)) => Some(negotiated),
            _ => None,
        })
        .expect("no HandshakeComplete")
}
