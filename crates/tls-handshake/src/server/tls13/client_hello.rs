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
use tls_pki::name::DnsName;
use tls_wire::codec::U16Set;
use tls_wire::extensions::{
    Extension, ExtensionContext, KeyShareEntry, NameType, ProtocolNameList, ServerNameList,
};
use tls_wire::handshake::ClientHello;
use tls_wire::ids::{ExtensionType, NamedGroup, SignatureScheme};

use super::{Agreed, AwaitCertificate, ExpectRetriedClientHello, State};
use crate::action::{Action, Actions, ClientHelloSummary, ProtocolNames, Request};
use crate::config::{ServerConfig, SupportedGroup};
use crate::error::{HandshakeError, PeerIncompatible, PeerMisbehaved};
use crate::key_exchange::KeyShare;
use crate::tls13_common::check_allowed;

/// What a TLS 1.3 ClientHello offers, once its extensions have been checked: borrowed from the
/// hello, so that no list the client sent is copied before we choose from it.
pub(crate) struct Offer<'h, 'a> {
    signature_schemes: &'h [SignatureScheme],
    groups: &'h [NamedGroup],
    pub(crate) shares: &'h [KeyShareEntry<'a>],
    pub(crate) alpn_protocols: Option<&'h ProtocolNameList<'a>>,
    server_name: Option<String>,
}

/// How the server goes on with the client's groups.
enum GroupChoice<'h, 'a> {
    /// With this share of the client's.
    Share(&'h KeyShareEntry<'a>),
    /// With a HelloRetryRequest for this group.
    Retry(NamedGroup),
}

/// RFC 8446 §4.1.2, §4.1.1: checks the ClientHello and chooses the parameters; then either
/// computes the (EC)DHE secret and asks for a certificate, or asks for another share with a
/// HelloRetryRequest.
pub(crate) fn handle_client_hello(
    hello: &ClientHello<'_>,
    raw: &[u8],
    config: &ServerConfig,
    out: &mut Actions,
) -> Result<State, HandshakeError> {
    // Check.
    let offer = check_client_hello(hello)?;
    let suite = choose_cipher_suite(config, hello)?;
    let group = choose_group(config, &offer)?;
    let alpn_protocol = choose_application_protocol(config, offer.alpn_protocols)?;

    // Transcript: the hash is the chosen suite's.
    let mut transcript = Transcript::new(suite.hash);
    transcript.add(raw);

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
        alpn_protocol,
        transcript,
        change_cipher_spec,
    };
    match group {
        GroupChoice::Share(peer_share) => accept(accepted, hello, offer, peer_share, config, out)
            .map(|next| State::AwaitCertificate(Box::new(next))),
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.1
        //# If the server selects an (EC)DHE group and the client did not offer a
        //# compatible "key_share" extension in the initial ClientHello, the
        //# server MUST respond with a HelloRetryRequest (Section 4.1.4) message.
        GroupChoice::Retry(group) => ExpectRetriedClientHello::emit_hello_retry_request(
            accepted, group, hello, raw, config, out,
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
}

/// Derives our random and key share, agrees with the client's `peer_share` (which validates
/// it), and asks for a certificate.
pub(crate) fn accept(
    accepted: Accepted,
    hello: &ClientHello<'_>,
    offer: Offer<'_, '_>,
    peer_share: &KeyShareEntry<'_>,
    config: &ServerConfig,
    out: &mut Actions,
) -> Result<AwaitCertificate, HandshakeError> {
    // Derive: the server random, then our share (the order a replay injects them in).
    let mut random = [0u8; 32];
    config.rng().fill(&mut random)?;
    let share = KeyShare::generate(peer_share.group, config.rng().as_ref())?;
    let public_key = share.public_key().to_vec();
    let shared_secret = share.agree(peer_share.key_exchange.as_slice())?;

    // Emit.
    let summary = ClientHelloSummary {
        server_name: offer.server_name.clone(),
        signature_schemes: offer.signature_schemes.to_vec(),
        alpn_protocols: offer
            .alpn_protocols
            .map(ProtocolNames::of)
            .unwrap_or_default(),
    };
    out.push(Action::Request(Request::SelectCertificate(summary)));

    Ok(AwaitCertificate {
        agreed: Agreed {
            suite: accepted.suite,
            group: peer_share.group,
            alpn_protocol: accepted.alpn_protocol,
            server_name: offer.server_name,
        },
        legacy_session_id: hello.legacy_session_id.as_slice().to_vec(),
        random,
        public_key,
        shared_secret,
        signature_schemes: offer.signature_schemes.to_vec(),
        transcript: accepted.transcript,
        change_cipher_spec: accepted.change_cipher_spec,
    })
}

/// The checks on a TLS 1.3 ClientHello alone: compression, extension placement, the mandatory
/// extensions and the shape of `key_share`. The version was chosen before (the first hello by
/// `ExpectClientHello`; the second repeats the first's `supported_versions`).
///
/// Every check is linear in the hello: one pass over its extensions, one over its key shares
/// against a set of its groups. A hostile hello of 64 KiB costs a few times a browser's, not
/// the square of its lists.
pub(crate) fn check_client_hello<'h, 'a>(
    hello: &'h ClientHello<'a>,
) -> Result<Offer<'h, 'a>, HandshakeError> {
    // Only a hello that lists TLS 1.3 in supported_versions reaches here.
    let extensions = hello
        .extensions
        .as_ref()
        .ok_or(PeerIncompatible::NoCommonVersion)?;

    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
    //# If a
    //# TLS 1.3 ClientHello is received with any other value in this
    //# field, the server MUST abort the handshake with an
    //# "illegal_parameter" alert.
    if hello.legacy_compression_methods.as_slice() != [0] {
        return Err(PeerMisbehaved::OfferedCompressionMethodsOtherThanNull.into());
    }

    // One pass: each extension is one the RFC 8446 §4.2 table allows here (unknown types,
    // GREASE among them, are ignored), and the ones we act on are picked out.
    let mut signature_schemes = None;
    let mut groups = None;
    let mut shares = None;
    let mut alpn_protocols = None;
    let mut server_names = None;
    for extension in extensions.as_slice() {
        check_allowed(extension.typ(), ExtensionContext::ClientHello)?;
        match extension {
            Extension::SignatureAlgorithms(list) => signature_schemes = Some(list.as_slice()),
            Extension::SupportedGroups(list) => groups = Some(list.as_slice()),
            Extension::KeyShareClientHello(share) => {
                shares = Some(share.client_shares.as_slice());
            }
            Extension::ApplicationLayerProtocolNegotiation(list) => alpn_protocols = Some(list),
            Extension::ServerName(list) => server_names = Some(list),
            _ => {}
        }
    }

    //= https://www.rfc-editor.org/rfc/rfc8446#section-9.2
    //# -  If not containing a "pre_shared_key" extension, it MUST contain
    //#    both a "signature_algorithms" extension and a "supported_groups"
    //#    extension.
    //
    //= https://www.rfc-editor.org/rfc/rfc8446#section-9.2
    //# -  If containing a "supported_groups" extension, it MUST also contain
    //#    a "key_share" extension, and vice versa.  An empty
    //#    KeyShare.client_shares vector is permitted.
    //
    // We resume no sessions, so a PSK cannot stand in for a certificate: signature_algorithms
    // is required even beside a pre_shared_key ("signature_algorithms" is REQUIRED for
    // certificate authentication).
    let missing = |extension| PeerIncompatible::MissingExtension {
        extension,
        message: ExtensionContext::ClientHello,
    };
    let signature_schemes =
        signature_schemes.ok_or(missing(ExtensionType::SIGNATURE_ALGORITHMS))?;
    let groups = groups.ok_or(missing(ExtensionType::SUPPORTED_GROUPS))?;
    let shares = shares.ok_or(missing(ExtensionType::KEY_SHARE))?;
    check_key_shares(shares, groups)?;

    Ok(Offer {
        signature_schemes,
        groups,
        shares,
        alpn_protocols,
        server_name: server_names.map(server_name).transpose()?.flatten(),
    })
}

/// Key shares up to which each is looked up in `supported_groups` by a scan: a browser sends
/// one to three, and a few scans cost less than building a set of the groups.
const SHARES_SCANNED: usize = 4;

/// The client's shares are each for a group of its `supported_groups`, one per group: linear
/// in both lists (a few scans of the groups, or one pass over them into a set and one over the
/// shares).
fn check_key_shares(
    shares: &[KeyShareEntry<'_>],
    groups: &[NamedGroup],
) -> Result<(), HandshakeError> {
    let supported: Option<U16Set> =
        (shares.len() > SHARES_SCANNED).then(|| groups.iter().map(|group| group.get()).collect());
    let in_supported = |group: NamedGroup| match &supported {
        Some(set) => set.contains(group.get()),
        None => groups.contains(&group),
    };
    let mut shared = U16Set::new();
    for share in shares {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8
        //# Clients MUST NOT offer multiple KeyShareEntry values
        //# for the same group.  Clients MUST NOT offer any KeyShareEntry values
        //# for groups not listed in the client's "supported_groups" extension.
        //# Servers MAY check for violations of these rules and abort the
        //# handshake with an "illegal_parameter" alert if one is violated.
        if !shared.insert(share.group.get()) {
            return Err(PeerMisbehaved::DuplicateKeyShareGroup { group: share.group }.into());
        }
        if !in_supported(share.group) {
            return Err(
                PeerMisbehaved::KeyShareGroupNotInSupportedGroups { group: share.group }.into(),
            );
        }
    }
    Ok(())
}

/// The client's `host_name`, lower-cased (DNS names compare without case, RFC 4343), if it
/// sent one. An IP address literal counts as no name: RFC 6066 forbids it, but clients send
/// one, and refusing them breaks them. Two host names, or one that is no DNS name, are the
/// client's error; names of other types are not read, so not judged.
fn server_name(list: &ServerNameList<'_>) -> Result<Option<String>, HandshakeError> {
    let mut host_names = list.iter().filter_map(|entry| entry.host_name());
    let Some(name) = host_names.next() else {
        return Ok(None);
    };
    //= https://www.rfc-editor.org/rfc/rfc6066#section-3
    //# The ServerNameList MUST NOT contain more than one name of the same
    //# name_type.
    if host_names.next().is_some() {
        return Err(PeerMisbehaved::DuplicateServerNameType {
            name_type: NameType::HOST_NAME.get(),
        }
        .into());
    }
    let text = core::str::from_utf8(name).ok();
    if text.is_some_and(|text| text.parse::<std::net::IpAddr>().is_ok()) {
        return Ok(None);
    }
    //= https://www.rfc-editor.org/rfc/rfc6066#section-3
    //# "HostName" contains the fully qualified DNS hostname of the server,
    //# as understood by the client.  The hostname is represented as a byte
    //# string using ASCII encoding without a trailing dot.
    let Some(text) = text.filter(|text| DnsName::try_from(*text).is_ok()) else {
        return Err(PeerMisbehaved::MalformedServerName.into());
    };
    Ok(Some(text.to_ascii_lowercase()))
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
        .find(|suite| hello.cipher_suites.contains(&suite.id()))
        .map(|suite| suite.suite())
        .ok_or_else(|| PeerIncompatible::NoCommonCipherSuite.into())
}

/// The client's share in our most preferred group for which it sent one; a HelloRetryRequest
/// for our most preferred group when it sent none in any group we share.
///
/// The wire profile may insist on our most preferred group even when the client sent a share
/// for another (RFC 8448's HelloRetryRequest trace).
fn choose_group<'h, 'a>(
    config: &ServerConfig,
    offer: &Offer<'h, 'a>,
) -> Result<GroupChoice<'h, 'a>, HandshakeError> {
    // One pass over the client's groups marks which of ours (a handful) it offers.
    let ours = config.groups();
    let mut offered = [false; SupportedGroup::ALL.len()];
    for group in offer.groups {
        let index = ours.iter().position(|ours| ours.id() == *group);
        if let Some(mark) = index.and_then(|index| offered.get_mut(index)) {
            *mark = true;
        }
    }
    let mut common = ours
        .iter()
        .zip(offered)
        .filter(|(_, offered)| *offered)
        .map(|(group, _)| group.id());
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.1
    //# If there is no overlap between the received
    //# "supported_groups" and the groups supported by the server, then the
    //# server MUST abort the handshake with a "handshake_failure" or an
    //# "insufficient_security" alert.
    let preferred = common
        .clone()
        .next()
        .ok_or(PeerIncompatible::NoCommonGroup)?;
    let share_for = |group: NamedGroup| offer.shares.iter().find(|share| share.group == group);
    let share = if config.wire_profile().retry_for_preferred_group() {
        share_for(preferred)
    } else {
        common.find_map(share_for)
    };
    Ok(share.map_or(GroupChoice::Retry(preferred), GroupChoice::Share))
}

/// Our most preferred application protocol that the client offers; `None` when either side
/// offers none. A scan of the client's list per protocol of ours.
pub(crate) fn choose_application_protocol(
    config: &ServerConfig,
    offered: Option<&ProtocolNameList<'_>>,
) -> Result<Option<Vec<u8>>, HandshakeError> {
    let Some(offered) = offered.filter(|list| !list.is_empty()) else {
        return Ok(None);
    };
    if config.alpn_protocols().is_empty() {
        return Ok(None);
    }
    //= https://www.rfc-editor.org/rfc/rfc7301#section-3.2
    //# In that case, the server SHOULD select the most
    //# highly preferred protocol that it supports and that is also
    //# advertised by the client.  In the event that the server supports no
    //# protocols that the client advertises, then the server SHALL respond
    //# with a fatal "no_application_protocol" alert.
    config
        .alpn_protocols()
        .iter()
        .find(|ours| {
            offered
                .iter()
                .any(|theirs| theirs.as_slice() == ours.as_slice())
        })
        .cloned()
        .map(Some)
        .ok_or_else(|| PeerIncompatible::NoCommonApplicationProtocol.into())
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
