//! The version-neutral first flight: the ClientHello we emit ([`emit_client_hello`]) and what
//! it offered ([`Offer`]), read back from the hello itself.

use tls_keyschedule::Transcript;
use tls_pki::name::ServerName;
use tls_wire::extensions::{
    ClientShares, ECPointFormatList, Extension, ExtensionContext, ExtensionData, Extensions,
    HostName, KeyExchange, KeyShareClientHello, KeyShareEntry, NameType, ProtocolNameList,
    RenegotiationInfo, ServerNameList,
};
use tls_wire::handshake::{ClientHello, CompressionMethods, Random, SessionId};
use tls_wire::ids::{ECPointFormat, HandshakeType, ProtocolVersion};

use super::early_data::{early_offer, emit_early_keys};
use super::grease::Grease;
use super::offer::Offer;
use super::psk::{PskOffer, add_with_binder, psk_extensions, stored_ticket};
use super::server_hello::{ExpectServerHello, HelloTranscript};
use super::tls12::stored_session;
use crate::action::{Actions, Level};
use crate::config::{ClientConfig, SupportedVersion};
use crate::error::{HandshakeError, LocalError};
use crate::key_exchange::KeyShare;
use crate::record_size_limit;
use crate::tls13_common::encode_client_hello;

/// The length of our `legacy_session_id` in middlebox compatibility mode (RFC 8446 D.4: "a
/// non-empty legacy_session_id"; 32 bytes, as TLS 1.2 session ids are).
const COMPAT_SESSION_ID_LEN: usize = 32;

/// The one compression method, "null".
const NULL_COMPRESSION: [u8; 1] = [0];

/// The most extensions our ClientHello carries: two GREASE, SNI, groups, signature schemes,
/// ALPN, versions, key share, the three TLS 1.2 ones, session ticket, record size limit,
/// early data, PSK modes and PSK.
const MOST_EXTENSIONS: usize = 16;

/// RFC 8446 §4.1.2: builds our ClientHello, emits it at [`Level::Initial`], and waits for the
/// ServerHello.
///
/// The config's wire profile decides middlebox compatibility mode and, for a replay, puts a
/// recorded client's suites and extensions in place of ours. Randomness is drawn in protocol
/// order: the random, then (in compatibility mode) the session id, then the key share's
/// scalar.
pub(crate) fn emit_client_hello(
    config: &ClientConfig,
    server_name: &ServerName,
    out: &mut Actions,
) -> Result<ExpectServerHello, HandshakeError> {
    let profile = config.wire_profile();
    let mut random: Random = [0; 32];
    config.rng().fill(&mut random)?;
    let resuming = stored_session(config, server_name);
    let mut session_id = Vec::new();
    let ticket = resuming.as_ref().and_then(|entry| entry.ticket.as_deref());
    if let Some(entry) = resuming.as_ref().filter(|_| ticket.is_none()) {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
        //# A client which has a cached session ID set by a pre-TLS 1.3 server SHOULD
        //# set this field to that value.
        session_id.clone_from(&entry.session_id);
    } else if ticket.is_some() || profile.middlebox_compatibility() {
        //= https://www.rfc-editor.org/rfc/rfc5077#section-3.4
        //# When presenting a ticket, the client MAY generate and include a
        //# Session ID in the TLS ClientHello.  If the server accepts the ticket
        //# and the Session ID is not empty, then it MUST respond with the same
        //# Session ID present in the ClientHello.
        //
        // That echo is how we learn a ticket was accepted.
        //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.4
        //# In compatibility mode, the client
        //# sets a non-empty legacy_session_id
        session_id.resize(COMPAT_SESSION_ID_LEN, 0);
        config.rng().fill(&mut session_id)?;
    }
    let unencodable = || {
        HandshakeError::from(LocalError::UnencodableMessage {
            message: HandshakeType::CLIENT_HELLO,
        })
    };
    // No group configured: the hello's supported_groups would be empty, out of its bounds.
    // The builder refuses an empty group list; a config cannot lack a first group.
    let group = config.groups().first().ok_or_else(unencodable)?.id();
    // A key share only where TLS 1.3 may follow: a TLS 1.2 server never reads it (its
    // ClientKeyExchange takes a key made for the group it picks), and a TLS 1.2 resumption
    // needs no key exchange at all.
    let offers_tls13 = config.versions().contains(&SupportedVersion::Tls13)
        || profile.recorded_client_hello().is_some();
    let key_share = match offers_tls13 {
        true => Some(KeyShare::generate(group, config.rng().as_ref())?),
        false => None,
    };
    let psk = stored_ticket(config, server_name);
    let early = psk.as_ref().and_then(|psk| early_offer(config, psk));
    let (cipher_suites, extensions) = match profile.recorded_client_hello() {
        //= https://www.rfc-editor.org/rfc/rfc8701#section-3.1
        //# -   A client MAY select one or more GREASE cipher suite
        //#     values and advertise them in the "cipher_suites"
        //#     field.
        None => {
            let grease = Grease::from_random(&random);
            let suites = core::iter::once(grease.suite())
                .chain(
                    config
                        .cipher_suites()
                        .iter()
                        .filter(|suite| config.versions().contains(&suite.version()))
                        .map(|suite| suite.id()),
                )
                .collect();
            // RFC 5077 §3.2: our ticket, or an empty one to ask for a ticket, where we keep
            // sessions.
            let session_ticket = match config.session_store() {
                Some(_) => Some(Extension::SessionTicket(
                    ExtensionData::new(ticket.unwrap_or_default().to_vec())
                        .map_err(|_| unencodable())?,
                )),
                None => None,
            };
            let mut extensions = our_extensions(
                config,
                server_name,
                key_share.as_ref(),
                grease,
                session_ticket,
            )
            .ok_or_else(unencodable)?;
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11
            //# The "pre_shared_key" extension MUST be the last extension in the
            //# ClientHello (this facilitates implementation as described below).
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10
            //# If the
            //# client opts to do so, it MUST supply both the "pre_shared_key" and
            //# "early_data" extensions.
            if early.is_some() {
                extensions.push(Extension::EarlyData);
            }
            if let Some(psk) = &psk {
                extensions.extend(psk_extensions(psk, config.clock().now())?);
            }
            (suites, extensions)
        }
        Some(recorded) => {
            // Our key share and record size limit (from the configuration) take the
            // recorded ones' places.
            let share = key_share_extension(key_share.as_ref().ok_or_else(unencodable)?)?;
            let limit = record_size_limit::client_extension(config).ok_or_else(unencodable)?;
            let extensions = recorded
                .extensions()
                .iter()
                .map(|extension| match extension {
                    Extension::KeyShareClientHello(_) => share.clone(),
                    Extension::RecordSizeLimit(_) => limit.clone(),
                    other => other.clone(),
                })
                .collect();
            (recorded.cipher_suites().to_vec(), extensions)
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
        legacy_compression_methods: CompressionMethods::new(&NULL_COMPRESSION[..])
            .map_err(|_| unencodable())?,
        extensions: Some(
            Extensions::new(ExtensionContext::ClientHello, extensions)
                .map_err(|_| unencodable())?,
        ),
    };
    let mut offer = Offer::of(&hello, config, resuming.map(|entry| entry.session), psk);
    let (hello, mut client_hello) = encode_client_hello(hello)?;
    // A hello offering a PSK is hashed now, under the PSK's hash: its binder is over it.
    let early_secret = offer.psk.as_ref().map(PskOffer::early_secret);
    let hashed = match (&offer.psk, &early_secret) {
        (Some(psk), Some(early_secret)) => {
            let mut transcript = Transcript::new(psk.hash());
            add_with_binder(&mut client_hello, psk, early_secret, &mut transcript);
            Some(transcript)
        }
        _ => None,
    };
    out.send(Level::Initial, client_hello.clone());
    if let (Some(early_secret), Some(transcript), Some(_)) = (&early_secret, &hashed, &early) {
        offer.early_data = early;
        emit_early_keys(
            &mut offer,
            &transcript.current_hash(),
            early_secret,
            config,
            out,
        );
    }
    Ok(ExpectServerHello {
        offer,
        key_share,
        hello,
        transcript: HelloTranscript::First {
            client_hello,
            hashed,
        },
        early_secret,
    })
}

/// The extensions of our own ClientHello, in a fixed order: what TLS 1.3 requires
/// (`supported_versions`, `supported_groups`, `signature_algorithms`, `key_share`; RFC 8446
/// §9.2) and what the config asks for (SNI, ALPN). `None` if a list breaks its bounds (an
/// empty or oversized config list).
fn our_extensions(
    config: &ClientConfig,
    server_name: &ServerName,
    key_share: Option<&KeyShare>,
    grease: Grease,
    session_ticket: Option<Extension<'static>>,
) -> Option<Vec<Extension<'static>>> {
    use tls_wire::extensions::{
        NamedGroupList, ProtocolName, ServerName as SniName, SignatureSchemeList,
        SupportedVersionList,
    };
    //= https://www.rfc-editor.org/rfc/rfc8701#section-3.1
    //# -   A client MAY select one or more GREASE extension values
    //#     and advertise them as extensions with varying length and
    //#     contents.
    let mut extensions = Vec::with_capacity(MOST_EXTENSIONS);
    extensions.push(grease.first_extension()?);
    //= https://www.rfc-editor.org/rfc/rfc6066#section-3
    //# Literal IPv4 and IPv6 addresses are not permitted in "HostName".
    if let (true, ServerName::Dns(name)) = (config.sni(), server_name) {
        let name = SniName {
            name_type: NameType::HOST_NAME,
            name: HostName::new(name.as_str().as_bytes().to_vec()).ok()?,
        };
        extensions.push(Extension::ServerName(ServerNameList::new(vec![name]).ok()?));
    }
    let groups = core::iter::once(grease.group()).chain(config.groups().iter().map(|g| g.id()));
    extensions.push(Extension::SupportedGroups(
        NamedGroupList::new(groups.collect()).ok()?,
    ));
    let schemes =
        core::iter::once(grease.scheme()).chain(config.signature_schemes().iter().copied());
    extensions.push(Extension::SignatureAlgorithms(
        SignatureSchemeList::new(schemes.collect()).ok()?,
    ));
    if !config.alpn_protocols().is_empty() {
        let names = config
            .alpn_protocols()
            .iter()
            .map(|name| ProtocolName::new(name.clone()).ok())
            .collect::<Option<Vec<_>>>()?;
        extensions.push(Extension::ApplicationLayerProtocolNegotiation(
            ProtocolNameList::new(names).ok()?,
        ));
    }
    let versions =
        core::iter::once(grease.version()).chain(config.versions().iter().map(|v| v.id()));
    extensions.push(Extension::SupportedVersions(
        SupportedVersionList::new(versions.collect()).ok()?,
    ));
    // A one-byte share for the GREASE group first, as RFC 8701 §3.1 allows ("the
    // "key_exchange" field MAY be any value"), then ours.
    if let Some(key_share) = key_share {
        let ours = KeyShareEntry {
            group: key_share.group(),
            key_exchange: KeyExchange::new(key_share.public_key().to_vec()).ok()?,
        };
        extensions.push(Extension::KeyShareClientHello(KeyShareClientHello {
            client_shares: ClientShares::new(vec![grease.key_share_entry()?, ours]).ok()?,
        }));
    }
    if config.versions().contains(&SupportedVersion::Tls12) {
        tls12_extensions(&mut extensions)?;
        extensions.extend(session_ticket);
    }
    //= https://www.rfc-editor.org/rfc/rfc8449#section-4
    //# Endpoints SHOULD advertise the "record_size_limit" extension, even if
    //# they have no need to limit the size of records.
    extensions.push(record_size_limit::client_extension(config)?);
    extensions.push(grease.last_extension()?);
    Some(extensions)
}

/// What a ClientHello that offers TLS 1.2 adds: the point formats of RFC 8422, the extended
/// master secret of RFC 7627, and the renegotiation_info of RFC 5746 (empty: this is no
/// renegotiation, and there will be none).
fn tls12_extensions(extensions: &mut Vec<Extension<'static>>) -> Option<()> {
    //= https://www.rfc-editor.org/rfc/rfc8422#section-5.1.2
    //# RFC 4492 specified that if this extension is missing,
    //# it means that only the uncompressed point format is supported, so
    //# interoperability with implementations that support the uncompressed
    //# format should work with or without the extension.
    extensions.push(Extension::EcPointFormats(
        ECPointFormatList::new(vec![ECPointFormat::UNCOMPRESSED]).ok()?,
    ));
    //= https://www.rfc-editor.org/rfc/rfc7627#section-5.1
    //# In its ClientHello message, a client implementing this document MUST
    //# send the "extended_master_secret" extension.
    extensions.push(Extension::ExtendedMasterSecret);
    //= https://www.rfc-editor.org/rfc/rfc5746#section-3.4
    //# o  The client MUST include either an empty "renegotiation_info"
    //#    extension, or the TLS_EMPTY_RENEGOTIATION_INFO_SCSV signaling
    //#    cipher suite value in the ClientHello.
    extensions.push(Extension::RenegotiationInfo(
        RenegotiationInfo::new(Vec::new()).ok()?,
    ));
    Some(())
}

/// The `key_share` extension of a ClientHello holding `key_share` alone.
pub(crate) fn key_share_extension(
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tls_pki::TrustAnchors;
    use tls_wire::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
    use tls_wire::ids::{CipherSuite, ExtensionType, NamedGroup};

    use super::*;
    use crate::action::Action;
    use crate::client::grease::is_grease;
    use crate::deps::replay::{FixedRng, SequenceRng};
    use crate::profile::WireProfile;
    use crate::verifier::WebPkiServerVerifier;

    fn builder() -> crate::config::ClientConfigBuilder {
        ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(TrustAnchors::new())))
            .rng(Arc::new(FixedRng::new(0x42)))
    }

    fn config() -> ClientConfig {
        builder().build().unwrap()
    }

    /// Our ClientHello for `config` and `server_name`, decoded back.
    fn hello(
        config: &ClientConfig,
        server_name: &str,
    ) -> (ExpectServerHello, ClientHello<'static>) {
        let server_name = ServerName::try_from(server_name).unwrap();
        let mut out = Actions::new();
        let state = emit_client_hello(config, &server_name, &mut out).unwrap();
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
        assert!(matches!(
            &state.transcript,
            HelloTranscript::First { client_hello: sent, .. } if sent == message
        ));
        let decoded = HandshakeMessage::decode(message, NegotiatedVersion::NotYet).unwrap();
        let HandshakePayload::ClientHello(hello) = decoded.into_payload() else {
            panic!("not a ClientHello")
        };
        (state, tls_wire::codec::IntoOwned::into_owned(hello))
    }

    fn types(hello: &ClientHello<'_>) -> Vec<ExtensionType> {
        hello.extensions.as_ref().unwrap().types().collect()
    }

    #[test]
    fn a_tls12_only_offer_makes_and_sends_no_key_share() {
        let config = builder()
            .versions(&[crate::config::SupportedVersion::Tls12])
            .build()
            .unwrap();
        let (state, sent) = hello(&config, "example.com");
        assert!(state.key_share.is_none());
        assert!(!types(&sent).contains(&ExtensionType::KEY_SHARE));
        let tls13 = builder().build().unwrap();
        let (state, sent) = hello(&tls13, "example.com");
        assert!(state.key_share.is_some());
        assert!(types(&sent).contains(&ExtensionType::KEY_SHARE));
    }

    #[test]
    fn offers_what_tls13_requires_with_sni_between_grease_extensions() {
        let config = builder()
            .versions(&[crate::config::SupportedVersion::Tls13])
            .build()
            .unwrap();
        let (state, hello) = hello(&config, "example.com");
        let types = types(&hello);
        assert_eq!(types.len(), 8);
        assert!(is_grease(types[0].get()) && is_grease(types[7].get()));
        assert_eq!(
            types[1..7],
            [
                ExtensionType::SERVER_NAME,
                ExtensionType::SUPPORTED_GROUPS,
                ExtensionType::SIGNATURE_ALGORITHMS,
                ExtensionType::SUPPORTED_VERSIONS,
                ExtensionType::KEY_SHARE,
                ExtensionType::RECORD_SIZE_LIMIT,
            ][..]
        );
        let extensions = hello.extensions.as_ref().unwrap();
        let versions = extensions.supported_versions().unwrap().unwrap();
        assert!(is_grease(versions[0].get()));
        assert_eq!(versions[1..], [ProtocolVersion::TLSV1_3]);
        let shares = &extensions
            .key_share_client_hello()
            .unwrap()
            .unwrap()
            .client_shares;
        assert_eq!(shares.len(), 2);
        assert_eq!(shares[1].group, NamedGroup::X25519);
        assert_eq!(
            shares[1].key_exchange.as_slice(),
            state
                .key_share
                .as_ref()
                .expect("a TLS 1.3 offer has a key share")
                .public_key()
        );
        assert_eq!(hello.legacy_version, ProtocolVersion::TLSV1_2);
        assert_eq!(hello.legacy_compression_methods.as_slice(), [0]);
        assert_eq!(state.offer.server_name.as_deref(), Some("example.com"));
    }

    /// A hello for both versions adds what TLS 1.2 needs after the TLS 1.3 ones, before the
    /// last GREASE extension, and lists both versions, TLS 1.3 first.
    #[test]
    fn offers_tls12_extensions_when_tls12_is_enabled() {
        let (_, hello) = hello(&config(), "example.com");
        let types = types(&hello);
        assert_eq!(
            types[6..11],
            [
                ExtensionType::EC_POINT_FORMATS,
                ExtensionType::EXTENDED_MASTER_SECRET,
                ExtensionType::RENEGOTIATION_INFO,
                // Empty: a ticket is welcome (RFC 5077 §3.2).
                ExtensionType::SESSION_TICKET,
                // TLS 1.3's maximum, as TLS 1.3 is offered too.
                ExtensionType::RECORD_SIZE_LIMIT,
            ][..]
        );
        assert!(is_grease(types[11].get()));
        let limit = hello.extensions.as_ref().unwrap().record_size_limit();
        assert_eq!(limit.unwrap().unwrap().get(), 16385);
        let extensions = hello.extensions.as_ref().unwrap();
        let versions = extensions.supported_versions().unwrap().unwrap();
        assert_eq!(
            versions[1..],
            [ProtocolVersion::TLSV1_3, ProtocolVersion::TLSV1_2]
        );
        assert!(
            hello
                .cipher_suites
                .contains(&CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
        );
    }

    /// RFC 8701 §3.1: GREASE in every list a browser greases, and a one-byte key share for
    /// the GREASE group; none of it in what the client holds the server to.
    #[test]
    fn greases_suites_groups_extensions_versions_schemes_and_a_key_share() {
        let (state, hello) = hello(&config(), "example.com");
        let extensions = hello.extensions.as_ref().unwrap();
        let grease_group = extensions.supported_groups().unwrap().unwrap().as_slice()[0];
        assert!(is_grease(hello.cipher_suites.as_slice()[0].get()));
        assert!(is_grease(grease_group.get()));
        assert!(is_grease(
            extensions
                .signature_algorithms()
                .unwrap()
                .unwrap()
                .as_slice()[0]
                .get()
        ));
        let shares = &extensions
            .key_share_client_hello()
            .unwrap()
            .unwrap()
            .client_shares;
        assert_eq!(shares[0].group, grease_group);
        assert_eq!(shares[0].key_exchange.as_slice(), [0]);
        let last = extensions.last().unwrap();
        assert!(is_grease(last.typ().get()));
        assert_ne!(Some(last.typ()), extensions.types().next());

        let offer = &state.offer;
        assert!(!offer.cipher_suites.iter().any(|s| is_grease(s.get())));
        assert!(!offer.groups.iter().any(|g| is_grease(g.get())));
        assert!(!offer.versions.iter().any(|v| is_grease(v.get())));
        assert!(!offer.signature_schemes.iter().any(|s| is_grease(s.get())));
    }

    /// RFC 8701 §3.1: "Clients MUST reject GREASE values when negotiated by the server": a
    /// HelloRetryRequest for the GREASE group our hello offered, and one selecting the GREASE
    /// suite, are each refused with illegal_parameter.
    #[test]
    fn rejects_grease_values_a_server_selects() {
        use crate::client::ClientHandshake;
        use crate::error::PeerMisbehaved;
        use crate::input::Input;
        use tls_wire::extensions::KeyShareHelloRetryRequest;
        use tls_wire::handshake::HelloRetryRequest;
        use tls_wire::ids::AlertDescription;

        let config = Arc::new(config());
        let (_, hello) = hello(&config, "example.com");
        let extensions = hello.extensions.as_ref().unwrap();
        let grease_group = extensions.supported_groups().unwrap().unwrap().as_slice()[0];
        let grease_suite = hello.cipher_suites.as_slice()[0];
        let retry = |cipher_suite, selected_group| {
            let retry = HelloRetryRequest {
                legacy_version: ProtocolVersion::TLSV1_2,
                legacy_session_id_echo: hello.legacy_session_id.clone(),
                cipher_suite,
                legacy_compression_method: 0,
                extensions: Extensions::new(
                    ExtensionContext::HelloRetryRequest,
                    vec![
                        Extension::SelectedVersion(ProtocolVersion::TLSV1_3),
                        Extension::KeyShareHelloRetryRequest(KeyShareHelloRetryRequest {
                            selected_group,
                        }),
                    ],
                )
                .unwrap(),
            };
            HandshakeMessage::new(HandshakePayload::HelloRetryRequest(retry))
                .unwrap()
                .raw()
                .to_vec()
        };
        let refusal = |message: Vec<u8>| {
            let name = ServerName::try_from("example.com").unwrap();
            let client = ClientHandshake::start(config.clone(), name, &mut Actions::new()).unwrap();
            let message = HandshakeMessage::decode(&message, NegotiatedVersion::NotYet).unwrap();
            client
                .handle(Input::Message(message), &mut Actions::new())
                .unwrap_err()
        };
        let error = refusal(retry(CipherSuite::TLS_AES_128_GCM_SHA256, grease_group));
        assert_eq!(
            error,
            PeerMisbehaved::RetryRequestedUnofferedGroup {
                group: grease_group
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
        let error = refusal(retry(grease_suite, NamedGroup::SECP256R1));
        assert_eq!(
            error,
            PeerMisbehaved::SelectedUnofferedCipherSuite {
                suite: grease_suite
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }

    #[test]
    fn sends_a_32_byte_session_id_for_middlebox_compatibility() {
        let (state, hello) = hello(&config(), "example.com");
        assert_eq!(hello.legacy_session_id.as_slice(), [0x42; 32]);
        assert!(state.offer.compat());
    }

    #[test]
    fn sends_no_session_id_when_the_profile_turns_compatibility_off() {
        let config = builder()
            .wire_profile(WireProfile::default().with_middlebox_compatibility(false))
            .build()
            .unwrap();
        let (state, hello) = hello(&config, "example.com");
        assert!(hello.legacy_session_id.is_empty());
        assert!(!state.offer.compat());
    }

    #[test]
    fn sends_no_sni_for_an_ip_address_or_when_disabled() {
        let (_, hello_ip) = hello(&config(), "192.0.2.1");
        assert!(!types(&hello_ip).contains(&ExtensionType::SERVER_NAME));
        let disabled = builder().sni(false).build().unwrap();
        let (state, hello_name) = hello(&disabled, "example.com");
        assert!(!types(&hello_name).contains(&ExtensionType::SERVER_NAME));
        assert_eq!(state.offer.server_name, None);
    }

    #[test]
    fn offers_alpn_when_configured() {
        let config = builder()
            .alpn_protocols(&["h2", "http/1.1"])
            .build()
            .unwrap();
        let (state, hello) = hello(&config, "example.com");
        assert!(types(&hello).contains(&ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION));
        assert_eq!(state.offer.alpn_protocols, config.alpn_protocols());
    }

    #[test]
    fn a_config_without_a_group_to_share_cannot_be_built() {
        assert_eq!(
            builder().groups(&[]).build().unwrap_err(),
            crate::error::ConfigError::EmptyList { list: "groups" }
        );
    }

    #[test]
    fn fails_cleanly_when_the_rng_fails() {
        let config = builder()
            .rng(Arc::new(SequenceRng::new(vec![], vec![&[1; 32]])))
            .build()
            .unwrap();
        let name = ServerName::try_from("example.com").unwrap();
        let mut out = Actions::new();
        let error = emit_client_hello(&config, &name, &mut out).unwrap_err();
        assert_eq!(error, LocalError::RandomFailed.into());
        assert!(out.is_empty());
    }
}
