//! A TLS 1.3 ClientHello (RFC 8446 §4.1.2), once the version-neutral `ExpectClientHello` chose
//! TLS 1.3.
//!
//! It checks the ClientHello (compression, the §4.2 table, the §9.2 mandatory extensions, the
//! key shares), chooses the cipher suite, group and application protocol, agrees on the
//! (EC)DHE secret with the client's share (which validates that share), and asks the driver for
//! a certificate; or, without a share we accept, asks for one with a HelloRetryRequest. The
//! choice of certificate and signature scheme is the next state's, once the certificate is
//! known.

use tls_keyschedule::suite::Suite;
use tls_keyschedule::transcript::Transcript;
use tls_wire::extensions::KeyShareEntry;
use tls_wire::handshake::ClientHello;
use tls_wire::ids::CipherSuite;

use super::early_data::{self, EarlyData};
use super::offer::{GroupChoice, Offer, read_client_hello};
use super::resumption::{Resumption, find_resumption};
use super::{Agreed, AwaitCertificate, ExpectRetriedClientHello, State};
use crate::action::{Action, Actions, ClientHelloSummary, ProtocolNames, Request};
use crate::config::{ServerConfig, SupportedVersion};
use crate::error::{HandshakeError, PeerIncompatible, RefusedSuites};
use crate::key_exchange::KeyShare;
use crate::server::ticket_opener::TicketOpener;

/// RFC 8446 §4.1.2, §4.1.1: checks the ClientHello and chooses the parameters; then either
/// computes the (EC)DHE secret and asks for a certificate, or asks for another share with a
/// HelloRetryRequest.
pub(crate) fn handle_client_hello(
    hello: &ClientHello<'_>,
    raw: &[u8],
    config: &ServerConfig,
    opener: &TicketOpener<'_>,
    out: &mut Actions,
) -> Result<State, HandshakeError> {
    // Check and choose.
    let (offer, shares) = read_client_hello(hello, config)?;
    let suite = choose_cipher_suite(config, hello)?;

    // Transcript: the hash is the chosen suite's; the hello goes in as the PSK is looked for.
    let mut transcript = Transcript::new(suite.hash);
    let resumed = find_resumption(
        hello,
        raw,
        &mut transcript,
        suite,
        config,
        opener,
        offer.server_name.as_deref(),
    )?;
    let retry = matches!(shares.choice, GroupChoice::Retry(_));
    let early_data = early_data::decide(
        hello,
        resumed.as_ref(),
        suite,
        offer.alpn_protocol.as_deref(),
        retry,
        config,
    );

    //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.4
    //# The server sends a dummy change_cipher_spec record immediately
    //# after its first handshake message.  This may either be after a
    //# ServerHello or a HelloRetryRequest.
    //
    // A client that sent no session id does not ask for compatibility mode.
    let change_cipher_spec =
        config.wire_profile().middlebox_compatibility() && !hello.legacy_session_id.is_empty();
    let accepted = Accepted {
        suite,
        alpn_protocol: offer.alpn_protocol.clone(),
        transcript,
        change_cipher_spec,
        resumed,
        early_data,
    };
    match shares.choice {
        GroupChoice::Share(peer_share) => accept(accepted, hello, offer, &peer_share, config, out),
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.1
        //# If the server selects an (EC)DHE group and the client did not offer a
        //# compatible "key_share" extension in the initial ClientHello, the
        //# server MUST respond with a HelloRetryRequest (Section 4.1.4) message.
        GroupChoice::Retry(group) => ExpectRetriedClientHello::emit_hello_retry_request(
            accepted,
            group,
            hello,
            raw,
            config,
            opener.answered(),
            out,
        )
        .map(|next| State::ExpectRetriedClientHello(Box::new(next))),
    }
}

/// What the ClientHello step (first or retried) settled before the key exchange.
pub(crate) struct Accepted {
    pub(crate) suite: Suite,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    /// ClientHello (or ClientHello1's message_hash, HelloRetryRequest, ClientHello2).
    pub(crate) transcript: Transcript,
    /// Whether the ServerHello is to be followed by a `change_cipher_spec`.
    pub(crate) change_cipher_spec: bool,
    /// The session the ClientHello's ticket resumes, if we resume it.
    pub(crate) resumed: Option<Resumption>,
    /// What becomes of the client's early data.
    pub(crate) early_data: EarlyData,
}

/// Derives our random and key share, agrees with the client's `peer_share` (which validates
/// it), and asks for a certificate; or, resuming a ticket, sends our flight at once.
pub(crate) fn accept(
    accepted: Accepted,
    hello: &ClientHello<'_>,
    offer: Offer<'_>,
    peer_share: &KeyShareEntry<'_>,
    config: &ServerConfig,
    out: &mut Actions,
) -> Result<State, HandshakeError> {
    let accept_early_data = match accepted.early_data {
        EarlyData::Accept => true,
        EarlyData::Skip(max) => {
            out.push(Action::SkipEarlyData { max });
            false
        }
        EarlyData::NotOffered => false,
    };
    // Derive: the server random, then our share (the order a replay injects them in).
    let mut random = [0u8; 32];
    config.rng().fill(&mut random)?;
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.9
    //# psk_ke:  PSK-only key establishment.  In this mode, the server
    //#    MUST NOT supply a "key_share" value.
    let psk_ke = accepted
        .resumed
        .as_ref()
        .is_some_and(|resumed| resumed.psk_ke);
    let (group, public_key, shared_secret) = if psk_ke {
        (None, Vec::new(), None)
    } else {
        let share = KeyShare::generate(peer_share.group, config.rng().as_ref())?;
        let public_key = share.public_key().to_vec();
        let shared_secret = share.agree(peer_share.key_exchange.as_slice())?;
        (Some(peer_share.group), public_key, Some(shared_secret))
    };

    // Emit.
    let summary = ClientHelloSummary {
        server_name: offer.server_name.clone(),
        signature_schemes: offer.signature_schemes.to_vec(),
        alpn_protocols: offer
            .alpn_protocols
            .as_ref()
            .map(ProtocolNames::of)
            .unwrap_or_default(),
        version: SupportedVersion::Tls13,
        cipher_suites: config
            .cipher_suites()
            .iter()
            .copied()
            .filter(|suite| suite.version() == SupportedVersion::Tls13)
            .filter(|suite| hello.cipher_suites.contains(&suite.id()))
            .collect(),
    };
    let resumed = accepted.resumed;
    if resumed.is_none() {
        out.push(Action::Request(Request::SelectCertificate(summary)));
    }

    let state = AwaitCertificate {
        agreed: Agreed {
            client_random: hello.random,
            suite: accepted.suite,
            group,
            alpn_protocol: accepted.alpn_protocol,
            server_name: offer.server_name,
            resumed: false,
            record_size_limit: offer.record_size_limit,
            early_data: accept_early_data && resumed.is_some(),
        },
        legacy_session_id: hello.legacy_session_id.as_slice().to_vec(),
        random,
        public_key,
        shared_secret,
        signature_schemes: offer.signature_schemes.into_vec(),
        transcript: accepted.transcript,
        change_cipher_spec: accepted.change_cipher_spec,
    };
    match resumed {
        Some(resumed) => state.resume(resumed.session, resumed.early_secret, config, out),
        None => Ok(State::AwaitCertificate(Box::new(state))),
    }
}

/// Our most preferred TLS 1.3 suite that the client offers: a scan of the client's list per
/// suite of ours (a handful), linear in the client's list.
pub(crate) fn choose_cipher_suite(
    config: &ServerConfig,
    hello: &ClientHello<'_>,
) -> Result<Suite, HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.1
    //# If the server is unable to negotiate a supported set of parameters
    //# (i.e., there is no overlap between the client and server parameters),
    //# it MUST abort the handshake with either a "handshake_failure" or
    //# "insufficient_security" fatal alert (see Section 6).
    config
        .cipher_suites()
        .iter()
        .filter(|suite| suite.version() == SupportedVersion::Tls13)
        .find(|suite| hello.cipher_suites.contains(&suite.id()))
        .map(|suite| suite.suite())
        .ok_or_else(|| no_common_cipher_suite(&hello.cipher_suites))
}

/// The error for a client that shares no suite with us, naming the refused kinds it offered
/// (RSA key exchange, CBC, …) when there are any.
pub(crate) fn no_common_cipher_suite(offered: &[CipherSuite]) -> HandshakeError {
    let refused = RefusedSuites::among(offered);
    if refused.is_empty() {
        PeerIncompatible::NoCommonCipherSuite.into()
    } else {
        PeerIncompatible::OnlyRefusedCipherSuites { refused }.into()
    }
}

#[cfg(test)]
mod tests {
    use crate::server::test_support::*;

    fn missing(extension: ExtensionType) -> HandshakeError {
        PeerIncompatible::MissingExtension {
            extension,
            message: ExtensionContext::ClientHello,
        }
        .into()
    }

    #[test]
    fn rejects_client_hello_without_signature_algorithms() {
        let error = refusal(
            config(),
            Hello::new().without(ExtensionType::SIGNATURE_ALGORITHMS),
        );
        assert_eq!(error, missing(ExtensionType::SIGNATURE_ALGORITHMS));
        assert_eq!(error.alert(), Some(AlertDescription::MISSING_EXTENSION));
    }

    #[test]
    fn rejects_client_hello_without_supported_groups() {
        let error = refusal(
            config(),
            Hello::new().without(ExtensionType::SUPPORTED_GROUPS),
        );
        assert_eq!(error, missing(ExtensionType::SUPPORTED_GROUPS));
        assert_eq!(error.alert(), Some(AlertDescription::MISSING_EXTENSION));
    }

    #[test]
    fn rejects_client_hello_without_key_share() {
        let error = refusal(config(), Hello::new().without(ExtensionType::KEY_SHARE));
        assert_eq!(error, missing(ExtensionType::KEY_SHARE));
        assert_eq!(error.alert(), Some(AlertDescription::MISSING_EXTENSION));
    }

    #[test]
    fn rejects_client_hello_with_no_common_cipher_suite() {
        let mut hello = Hello::new();
        hello.cipher_suites = vec![CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];
        let error = refusal(config(), hello);
        assert_eq!(error, PeerIncompatible::NoCommonCipherSuite.into());
        assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
    }

    #[test]
    fn names_the_refused_kinds_of_suite_when_none_is_common() {
        let mut hello = Hello::new();
        hello.cipher_suites = vec![
            CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite::TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
            CipherSuite::TLS_RSA_WITH_RC4_128_SHA,
        ];
        let error = refusal(config(), hello);
        let HandshakeError::PeerIncompatible(PeerIncompatible::OnlyRefusedCipherSuites { refused }) =
            error
        else {
            panic!("{error:?}");
        };
        assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
        assert_eq!(
            error.to_string(),
            format!(
                "peer offered no cipher suite that we enable; it offered {refused}, which we \
                 refuse (ECDHE with an AEAD only)"
            )
        );
        assert_eq!(
            refused.names().collect::<Vec<_>>(),
            [
                "RSA key exchange",
                "static or finite-field Diffie-Hellman",
                "CBC",
                "stream ciphers"
            ]
        );
    }

    #[test]
    fn rejects_client_hello_with_no_common_group() {
        let hello = Hello::new()
            .with(Extension::SupportedGroups(
                List::new(vec![NamedGroup::SECP521R1]).unwrap(),
            ))
            .with(key_share(&[(NamedGroup::SECP521R1, vec![4; 133])]));
        let error = refusal(config(), hello);
        assert_eq!(error, PeerIncompatible::NoCommonGroup.into());
        assert_eq!(error.alert(), Some(AlertDescription::HANDSHAKE_FAILURE));
    }

    #[test]
    fn rejects_x25519_share_of_the_wrong_length() {
        let hello = Hello::new().with(key_share(&[(NamedGroup::X25519, vec![9; 31])]));
        let error = refusal(config(), hello);
        assert_eq!(
            error,
            PeerMisbehaved::KeyShareWrongLength {
                group: NamedGroup::X25519,
                len: 31,
                expected: 32
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }

    #[test]
    fn shares_for_grease_or_unknown_groups_are_not_checked() {
        // RFC 8701 §3: a GREASE group with a one-byte share, and an unknown group's odd share,
        // before the X25519 share the server uses.
        let x25519 = KeyShare::generate(NamedGroup::X25519, &SystemRng::new()).unwrap();
        let (grease, unknown) = (NamedGroup::new(0x0a0a), NamedGroup::new(0x7777));
        let hello = Hello::new()
            .with(Extension::SupportedGroups(
                List::new(vec![grease, unknown, NamedGroup::X25519]).unwrap(),
            ))
            .with(key_share(&[
                (grease, vec![0]),
                (unknown, vec![1, 2, 3]),
                (NamedGroup::X25519, x25519.public_key().to_vec()),
            ]));
        let (server, _) = start(config(), &hello.encode()).unwrap();
        assert_eq!(server.expects(), "the answer to SelectCertificate");
    }

    #[test]
    fn rejects_p256_share_off_the_curve() {
        let mut point = vec![4];
        point.extend_from_slice(&[1; 64]);
        let hello = Hello::new().with(key_share(&[(NamedGroup::SECP256R1, point)]));
        let config = builder()
            .groups(&[SupportedGroup::Secp256r1])
            .build()
            .unwrap();
        let error = refusal(config, hello);
        assert_eq!(
            error,
            PeerMisbehaved::KeyShareNotOnCurve {
                group: NamedGroup::SECP256R1
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }

    #[test]
    fn rejects_compression_methods_other_than_null() {
        let mut hello = Hello::new();
        hello.compression = vec![1, 0];
        let error = refusal(config(), hello);
        assert_eq!(
            error,
            PeerMisbehaved::OfferedCompressionMethodsOtherThanNull.into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }

    #[test]
    fn rejects_two_shares_for_one_group() {
        let share = KeyShare::generate(NamedGroup::X25519, &SystemRng::new()).unwrap();
        let key = share.public_key().to_vec();
        let hello = Hello::new().with(key_share(&[
            (NamedGroup::X25519, key.clone()),
            (NamedGroup::X25519, key),
        ]));
        let error = refusal(config(), hello);
        assert_eq!(
            error,
            PeerMisbehaved::DuplicateKeyShareGroup {
                group: NamedGroup::X25519
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }

    #[test]
    fn rejects_a_share_for_a_group_not_in_supported_groups() {
        let hello = Hello::new().with(Extension::SupportedGroups(
            List::new(vec![NamedGroup::SECP256R1]).unwrap(),
        ));
        let error = refusal(config(), hello);
        assert_eq!(
            error,
            PeerMisbehaved::KeyShareGroupNotInSupportedGroups {
                group: NamedGroup::X25519
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }

    #[test]
    fn rejects_an_extension_the_table_does_not_allow_in_client_hello() {
        let hello = Hello::new().with(Extension::Opaque {
            typ: ExtensionType::OID_FILTERS,
            body: ExtensionBody::new(vec![0, 0]).unwrap(),
        });
        let error = refusal(config(), hello);
        assert_eq!(
            error,
            PeerMisbehaved::ExtensionNotAllowedInMessage {
                extension: ExtensionType::OID_FILTERS,
                message: ExtensionContext::ClientHello,
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }

    #[test]
    fn ignores_unknown_extensions_in_client_hello() {
        let hello = Hello::new().with(Extension::Opaque {
            typ: ExtensionType::new(0x1a1a),
            body: ExtensionBody::new(Vec::new()).unwrap(),
        });
        assert!(start(config(), &hello.encode()).is_ok());
    }

    #[test]
    fn rejects_a_client_with_no_application_protocol_we_speak() {
        let config = builder().alpn_protocols(&["h2"]).build().unwrap();
        let error = refusal(config, Hello::new().with(alpn(&[b"spdy/3", b"http/1.1"])));
        assert_eq!(error, PeerIncompatible::NoCommonApplicationProtocol.into());
        assert_eq!(
            error.alert(),
            Some(AlertDescription::NO_APPLICATION_PROTOCOL)
        );
    }

    #[test]
    fn ignores_alpn_when_we_speak_no_application_protocol() {
        let hello = Hello::new().with(alpn(&[b"h2"]));
        let (server, mut out) = start(config(), &hello.encode()).unwrap();
        through_server_flight(server, &mut out).unwrap();
        assert_eq!(encrypted_extensions(&out), []);
    }

    /// A client with a share only in groups we do not take first gets no HelloRetryRequest: any
    /// shared group with a share will do.
    #[test]
    fn takes_a_share_in_a_less_preferred_group_rather_than_retrying() {
        let config = builder()
            .groups(&[SupportedGroup::Secp256r1, SupportedGroup::X25519])
            .build()
            .unwrap();
        let (server, out) = start(config, &Hello::new().encode()).unwrap();
        assert_eq!(server.expects(), "the answer to SelectCertificate");
        assert!(matches!(last_request(&out), Request::SelectCertificate(_)));
    }
}
