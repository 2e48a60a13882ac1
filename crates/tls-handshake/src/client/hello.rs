//! The version-neutral first flight: the ClientHello we emit ([`emit_client_hello`]) and the
//! state that waits for the server's answer ([`ExpectServerHello`]), which reads the version
//! the server chose and hands off to the TLS 1.3 machine.

use tls_keyschedule::Transcript;
use tls_pki::name::ServerName;
use tls_wire::extensions::{
    ClientShares, Extension, ExtensionContext, Extensions, HostName, KeyExchange,
    KeyShareClientHello, KeyShareEntry, NameType, ProtocolNameList, ServerNameList,
};
use tls_wire::handshake::{
    ClientHello, CompressionMethods, HandshakePayload, Random, ServerHello, SessionId,
};
use tls_wire::ids::{
    CipherSuite, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion, SignatureScheme,
};

use crate::action::{Actions, Level};
use crate::config::ClientConfig;
use crate::error::{HandshakeError, LocalError, PeerIncompatible, PeerMisbehaved};
use crate::key_exchange::KeyShare;
use crate::tls13_common::encode;

/// The length of our `legacy_session_id` in middlebox compatibility mode (RFC 8446 D.4: "a
/// non-empty legacy_session_id"; 32 bytes, as TLS 1.2 session ids are).
const COMPAT_SESSION_ID_LEN: usize = 32;

/// The last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.2 (RFC 8446 §4.1.3).
const DOWNGRADE_TLS12: [u8; 8] = *b"DOWNGRD\x01";
/// The last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.1 or below.
const DOWNGRADE_TLS11: [u8; 8] = *b"DOWNGRD\x00";

/// What a recorded client sent that we never would (tests only): its exact cipher suites and
/// extensions, in its order, and whether it used middlebox compatibility mode. Our own random,
/// session id and key share still fill the hello, so a replay shows they are the trace's.
#[cfg(test)]
#[derive(Clone, Debug)]
pub(super) struct ClientHelloProfile {
    /// Whether to send a 32-byte `legacy_session_id` (and a change_cipher_spec later).
    pub(super) compat: bool,
    /// The cipher suites, in the recorded order.
    pub(super) cipher_suites: Vec<CipherSuite>,
    /// The extensions, in the recorded order; the `key_share` among them is replaced by ours.
    pub(super) extensions: Vec<Extension<'static>>,
    /// The extensions of the recorded second ClientHello (after a HelloRetryRequest), in its
    /// order; its `key_share` and `cookie` are replaced by ours.
    pub(super) retry_extensions: Option<Vec<Extension<'static>>>,
    /// A recorded server's CertificateVerify (the whole message) that the replay vouches for
    /// instead of checking its signature: RFC 8448's server key is RSA-1024, which ring will
    /// not verify with. Only exactly these bytes are let through.
    pub(super) vouched_certificate_verify: Option<Vec<u8>>,
}

/// What our ClientHello offered, read back from the hello itself, so that every check of the
/// server's choices holds against what went on the wire.
#[derive(Debug)]
pub(super) struct Offer {
    pub(super) legacy_session_id: Vec<u8>,
    pub(super) cipher_suites: Vec<CipherSuite>,
    pub(super) versions: Vec<ProtocolVersion>,
    pub(super) groups: Vec<NamedGroup>,
    pub(super) signature_schemes: Vec<SignatureScheme>,
    pub(super) alpn_protocols: Vec<Vec<u8>>,
    /// The types of every extension we sent: a response to anything else is unsolicited.
    pub(super) extensions: Vec<ExtensionType>,
    /// The host name we sent as SNI.
    pub(super) server_name: Option<String>,
    /// See [`ClientHelloProfile::retry_extensions`].
    #[cfg(test)]
    retry_extensions: Option<Vec<Extension<'static>>>,
    /// See [`ClientHelloProfile::vouched_certificate_verify`].
    #[cfg(test)]
    vouched_certificate_verify: Option<Vec<u8>>,
}

impl Offer {
    fn of(hello: &ClientHello<'_>) -> Self {
        let extensions = hello.extensions.as_ref();
        Self {
            legacy_session_id: hello.legacy_session_id.as_slice().to_vec(),
            cipher_suites: hello.cipher_suites.as_slice().to_vec(),
            versions: extensions
                .and_then(Extensions::supported_versions)
                .map(|list| list.as_slice().to_vec())
                .unwrap_or_default(),
            groups: extensions
                .and_then(Extensions::supported_groups)
                .map(|list| list.as_slice().to_vec())
                .unwrap_or_default(),
            signature_schemes: extensions
                .and_then(Extensions::signature_algorithms)
                .map(|list| list.as_slice().to_vec())
                .unwrap_or_default(),
            alpn_protocols: extensions
                .and_then(Extensions::application_layer_protocol_negotiation)
                .map(|list| list.iter().map(|name| name.as_slice().to_vec()).collect())
                .unwrap_or_default(),
            extensions: extensions
                .map(|block| block.as_slice().iter().map(Extension::typ).collect())
                .unwrap_or_default(),
            server_name: extensions
                .and_then(Extensions::server_name)
                .and_then(|list| list.iter().find_map(|name| name.host_name()))
                .map(|name| String::from_utf8_lossy(name).into_owned()),
            #[cfg(test)]
            retry_extensions: None,
            #[cfg(test)]
            vouched_certificate_verify: None,
        }
    }

    /// The extensions of a recorded second ClientHello (tests only): never outside tests.
    pub(super) fn recorded_retry_extensions(&self) -> Option<Vec<Extension<'static>>> {
        #[cfg(test)]
        {
            self.retry_extensions.clone()
        }
        #[cfg(not(test))]
        {
            None
        }
    }

    /// Whether a test replay vouches for this CertificateVerify (`raw`, the whole message):
    /// never outside tests.
    pub(super) fn vouches_for_certificate_verify(&self, raw: &[u8]) -> bool {
        #[cfg(test)]
        {
            self.vouched_certificate_verify.as_deref() == Some(raw)
        }
        #[cfg(not(test))]
        {
            let _ = raw;
            false
        }
    }

    /// Whether we are in middlebox compatibility mode (RFC 8446 D.4): we sent a session id.
    pub(super) fn compat(&self) -> bool {
        !self.legacy_session_id.is_empty()
    }
}

/// Waiting for the ServerHello (or a HelloRetryRequest).
#[derive(Debug)]
pub(super) struct ExpectServerHello {
    /// What the ClientHello offered.
    pub(super) offer: Offer,
    /// Our key share (one: for the first group we offer, or the group a HelloRetryRequest
    /// asked for).
    pub(super) key_share: KeyShare,
    /// The ClientHello as sent (the second one after a HelloRetryRequest).
    pub(super) hello: ClientHello<'static>,
    /// The transcript so far.
    pub(super) transcript: HelloTranscript,
}

/// The transcript before the ServerHello.
#[derive(Debug)]
pub(super) enum HelloTranscript {
    /// Only our ClientHello, kept as bytes: the suite's hash is not known yet.
    First(Vec<u8>),
    /// After a HelloRetryRequest: message_hash(ClientHello1), the HelloRetryRequest and our
    /// second ClientHello, under the hash of the suite the retry selected; and what the retry
    /// selected, which the ServerHello must keep.
    Retried(Box<Transcript>, Retry),
}

/// What a HelloRetryRequest selected (RFC 8446 §4.1.4): the ServerHello must select the same.
#[derive(Clone, Copy, Debug)]
pub(super) struct Retry {
    pub(super) cipher_suite: CipherSuite,
    pub(super) version: ProtocolVersion,
    pub(super) group: NamedGroup,
}

/// Whose ClientHello to send: ours, built from the config, or (tests only) a recorded
/// client's.
#[derive(Clone, Debug)]
pub(super) enum HelloShape {
    /// The hello our config asks for.
    Ours,
    /// A recorded client's suites and extensions, with our randomness.
    #[cfg(test)]
    Recorded(ClientHelloProfile),
}

/// RFC 8446 §4.1.2: builds our ClientHello, emits it at [`Level::Initial`], and waits for the
/// ServerHello.
///
/// Randomness is drawn in protocol order: the random, then (in compatibility mode) the
/// session id, then the key share's scalar.
pub(super) fn emit_client_hello(
    config: &ClientConfig,
    server_name: Option<&ServerName>,
    shape: &HelloShape,
    out: &mut Actions,
) -> Result<ExpectServerHello, HandshakeError> {
    let compat = match shape {
        HelloShape::Ours => true,
        #[cfg(test)]
        HelloShape::Recorded(profile) => profile.compat,
    };
    let mut random: Random = [0; 32];
    config.rng.fill(&mut random)?;
    //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.4
    //# In compatibility mode, the client
    //# sets a non-empty legacy_session_id
    let mut session_id = Vec::new();
    if compat {
        session_id.resize(COMPAT_SESSION_ID_LEN, 0);
        config.rng.fill(&mut session_id)?;
    }
    let unencodable = || {
        HandshakeError::from(LocalError::UnencodableMessage {
            message: HandshakeType::CLIENT_HELLO,
        })
    };
    // No group configured: the hello's supported_groups would be empty, out of its bounds.
    let group = *config.groups.first().ok_or_else(unencodable)?;
    let key_share = KeyShare::generate(group, config.rng.as_ref())?;
    let share = key_share_extension(&key_share)?;
    let (cipher_suites, extensions) = match shape {
        HelloShape::Ours => (
            config.cipher_suites.clone(),
            our_extensions(config, server_name, share).ok_or_else(unencodable)?,
        ),
        #[cfg(test)]
        HelloShape::Recorded(profile) => {
            let extensions = profile
                .extensions
                .iter()
                .map(|extension| match extension {
                    Extension::KeyShareClientHello(_) => share.clone(),
                    other => other.clone(),
                })
                .collect();
            (profile.cipher_suites.clone(), extensions)
        }
    };

    let hello = ClientHello {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
        //# In TLS 1.3, the client indicates its version preferences in the
        //# "supported_versions" extension (Section 4.2.1) and the
        //# legacy_version field MUST be set to 0x0303, which is the version
        //# number for TLS 1.2.
        legacy_version: ProtocolVersion::TLSV1_2,
        random,
        legacy_session_id: SessionId::new(session_id).map_err(|_| unencodable())?,
        cipher_suites: tls_wire::handshake::CipherSuites::new(cipher_suites)
            .map_err(|_| unencodable())?,
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
        //# For every TLS 1.3 ClientHello, this vector
        //# MUST contain exactly one byte, set to zero, which corresponds to the
        //# "null" compression method in prior versions of TLS.
        legacy_compression_methods: CompressionMethods::new(vec![0]).map_err(|_| unencodable())?,
        extensions: Some(
            Extensions::new(ExtensionContext::ClientHello, extensions)
                .map_err(|_| unencodable())?,
        ),
    };
    #[allow(unused_mut, reason = "tests set the vouched CertificateVerify")]
    let mut offer = Offer::of(&hello);
    #[cfg(test)]
    if let HelloShape::Recorded(profile) = shape {
        offer
            .vouched_certificate_verify
            .clone_from(&profile.vouched_certificate_verify);
        offer.retry_extensions.clone_from(&profile.retry_extensions);
    }
    let client_hello = encode(HandshakePayload::ClientHello(hello.clone()))?;
    out.send(Level::Initial, client_hello.clone());
    Ok(ExpectServerHello {
        offer,
        key_share,
        hello,
        transcript: HelloTranscript::First(client_hello),
    })
}

/// The extensions of our own ClientHello, in a fixed order: what TLS 1.3 requires
/// (`supported_versions`, `supported_groups`, `signature_algorithms`, `key_share`; RFC 8446
/// §9.2) and what the config asks for (SNI, ALPN). `None` if a list breaks its bounds (an
/// empty or oversized config list).
fn our_extensions(
    config: &ClientConfig,
    server_name: Option<&ServerName>,
    key_share: Extension<'static>,
) -> Option<Vec<Extension<'static>>> {
    use tls_wire::extensions::{
        NamedGroupList, ProtocolName, ServerName as SniName, SignatureSchemeList,
        SupportedVersionList,
    };
    let mut extensions = Vec::new();
    //= https://www.rfc-editor.org/rfc/rfc6066#section-3
    //# Literal IPv4 and IPv6 addresses are not permitted in "HostName".
    if let (true, Some(ServerName::Dns(name))) = (config.enable_sni, server_name) {
        let name = SniName {
            name_type: NameType::HOST_NAME,
            name: HostName::new(name.as_str().as_bytes().to_vec()).ok()?,
        };
        extensions.push(Extension::ServerName(ServerNameList::new(vec![name]).ok()?));
    }
    extensions.push(Extension::SupportedGroups(
        NamedGroupList::new(config.groups.clone()).ok()?,
    ));
    extensions.push(Extension::SignatureAlgorithms(
        SignatureSchemeList::new(config.signature_schemes.clone()).ok()?,
    ));
    if !config.alpn_protocols.is_empty() {
        let names = config
            .alpn_protocols
            .iter()
            .map(|name| ProtocolName::new(name.clone()).ok())
            .collect::<Option<Vec<_>>>()?;
        extensions.push(Extension::ApplicationLayerProtocolNegotiation(
            ProtocolNameList::new(names).ok()?,
        ));
    }
    extensions.push(Extension::SupportedVersions(
        SupportedVersionList::new(vec![ProtocolVersion::TLSV1_3]).ok()?,
    ));
    extensions.push(key_share);
    Some(extensions)
}

/// The `key_share` extension of a ClientHello holding `key_share` alone.
pub(super) fn key_share_extension(
    key_share: &KeyShare,
) -> Result<Extension<'static>, HandshakeError> {
    let unencodable = || LocalError::UnencodableMessage {
        message: HandshakeType::CLIENT_HELLO,
    };
    let share = KeyShareEntry {
        group: key_share.group(),
        key_exchange: KeyExchange::new(key_share.public_key().to_vec())
            .map_err(|_| unencodable())?,
    };
    Ok(Extension::KeyShareClientHello(KeyShareClientHello {
        client_shares: ClientShares::new(vec![share]).map_err(|_| unencodable())?,
    }))
}

impl ExpectServerHello {
    /// RFC 8446 §4.1.3: reads the version the server chose. `supported_versions` present:
    /// TLS 1.3, handled by the TLS 1.3 machine. Absent: TLS 1.2 or below, which we do not
    /// speak yet (the seam where the TLS 1.2 machine goes).
    pub(super) fn handle_server_hello(
        self,
        server_hello: &ServerHello<'_>,
        raw: &[u8],
        out: &mut Actions,
    ) -> Result<super::tls13::ExpectEncryptedExtensions, HandshakeError> {
        let selected = server_hello
            .extensions
            .as_ref()
            .and_then(Extensions::selected_version);
        match selected {
            Some(version) => self.handle_tls13_server_hello(server_hello, version, raw, out),
            None => Err(check_tls12_server_hello(server_hello)),
        }
    }
}

/// The error for a ServerHello that negotiates TLS 1.2 or below: the downgrade sentinel's
/// `illegal_parameter`, otherwise `protocol_version` (we offer TLS 1.3 only).
fn check_tls12_server_hello(server_hello: &ServerHello<'_>) -> HandshakeError {
    let tail = server_hello.random.get(24..);
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
    //# TLS 1.3 clients receiving a ServerHello indicating TLS 1.2 or below
    //# MUST check that the last 8 bytes are not equal to either of these
    //# values.
    if tail == Some(&DOWNGRADE_TLS12[..]) || tail == Some(&DOWNGRADE_TLS11[..]) {
        return PeerMisbehaved::DowngradeSentinelInServerRandom {
            version: server_hello.legacy_version,
        }
        .into();
    }
    //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.1
    //# If the version chosen by the server is not supported by the client
    //# (or is not acceptable), the client MUST abort the handshake with a
    //# "protocol_version" alert.
    PeerIncompatible::NoTls13Support.into()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tls_pki::TrustAnchors;
    use tls_wire::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
    use tls_wire::ids::NamedGroup;

    use super::*;
    use crate::action::Action;
    use crate::deps::testing::FixedRng;
    use crate::verifier::WebPkiServerVerifier;

    fn config() -> ClientConfig {
        let mut config =
            ClientConfig::new(Arc::new(WebPkiServerVerifier::new(TrustAnchors::new())));
        config.rng = Arc::new(FixedRng::new(0x42));
        config
    }

    /// Our ClientHello for `config` and `server_name`, decoded back.
    fn hello(
        config: &ClientConfig,
        server_name: Option<&str>,
    ) -> (ExpectServerHello, ClientHello<'static>) {
        let server_name = server_name.map(|name| ServerName::try_from(name).unwrap());
        let mut out = Actions::new();
        let state =
            emit_client_hello(config, server_name.as_ref(), &HelloShape::Ours, &mut out).unwrap();
        let actions: Vec<Action> = out.drain().collect();
        let [
            Action::Send {
                level: Level::Initial,
                message,
            },
        ] = actions.as_slice()
        else {
            panic!("{actions:?}")
        };
        assert!(matches!(&state.transcript, HelloTranscript::First(sent) if sent == message));
        let decoded = HandshakeMessage::decode(message, NegotiatedVersion::NotYet).unwrap();
        let HandshakePayload::ClientHello(hello) = decoded.into_payload() else {
            panic!("not a ClientHello")
        };
        (state, tls_wire::codec::IntoOwned::into_owned(hello))
    }

    fn types(hello: &ClientHello<'_>) -> Vec<ExtensionType> {
        hello
            .extensions
            .as_ref()
            .unwrap()
            .as_slice()
            .iter()
            .map(Extension::typ)
            .collect()
    }

    #[test]
    fn offers_what_tls13_requires_with_sni_last_the_key_share() {
        let (state, hello) = hello(&config(), Some("example.com"));
        assert_eq!(
            types(&hello),
            [
                ExtensionType::SERVER_NAME,
                ExtensionType::SUPPORTED_GROUPS,
                ExtensionType::SIGNATURE_ALGORITHMS,
                ExtensionType::SUPPORTED_VERSIONS,
                ExtensionType::KEY_SHARE,
            ]
        );
        let extensions = hello.extensions.as_ref().unwrap();
        assert_eq!(
            extensions.supported_versions().unwrap().as_slice(),
            [ProtocolVersion::TLSV1_3]
        );
        let shares = &extensions.key_share_client_hello().unwrap().client_shares;
        assert_eq!(shares.len(), 1);
        assert_eq!(shares[0].group, NamedGroup::X25519);
        assert_eq!(
            shares[0].key_exchange.as_slice(),
            state.key_share.public_key()
        );
        assert_eq!(hello.legacy_version, ProtocolVersion::TLSV1_2);
        assert_eq!(hello.legacy_compression_methods.as_slice(), [0]);
        assert_eq!(state.offer.server_name.as_deref(), Some("example.com"));
    }

    #[test]
    fn sends_a_32_byte_session_id_for_middlebox_compatibility() {
        let (state, hello) = hello(&config(), None);
        assert_eq!(hello.legacy_session_id.as_slice(), [0x42; 32]);
        assert!(state.offer.compat());
    }

    #[test]
    fn sends_no_sni_for_an_ip_address_or_when_disabled() {
        let (_, hello_ip) = hello(&config(), Some("192.0.2.1"));
        assert!(!types(&hello_ip).contains(&ExtensionType::SERVER_NAME));
        let mut disabled = config();
        disabled.enable_sni = false;
        let (state, hello_name) = hello(&disabled, Some("example.com"));
        assert!(!types(&hello_name).contains(&ExtensionType::SERVER_NAME));
        assert_eq!(state.offer.server_name, None);
    }

    #[test]
    fn offers_alpn_when_configured() {
        let mut config = config();
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let (state, hello) = hello(&config, None);
        assert!(types(&hello).contains(&ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION));
        assert_eq!(state.offer.alpn_protocols, config.alpn_protocols);
    }

    #[test]
    fn fails_without_a_group_to_share() {
        let mut config = config();
        config.groups.clear();
        let mut out = Actions::new();
        assert!(emit_client_hello(&config, None, &HelloShape::Ours, &mut out).is_err());
        assert!(out.is_empty());
    }

    #[test]
    fn fails_cleanly_when_the_rng_fails() {
        let mut config = config();
        config.rng = Arc::new(crate::deps::testing::SequenceRng::new(
            vec![],
            vec![&[1; 32]],
        ));
        let mut out = Actions::new();
        let error = emit_client_hello(&config, None, &HelloShape::Ours, &mut out).unwrap_err();
        assert_eq!(error, LocalError::RandomFailed.into());
        assert!(out.is_empty());
    }
}
