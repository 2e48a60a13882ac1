//! `ExpectClientHello`: the server's version-neutral first state. It only selects the version
//! from the ClientHello and hands the hello to that version's machine, which checks the rest.
//!
//! ```text
//! ClientHello ──▶ client's highest version (supported_versions, else legacy_version)
//!   ├─ SSL 3.0, TLS 1.0, TLS 1.1 ──────────────────────────▶ ObsoleteVersion (protocol_version)
//!   ├─ TLS_FALLBACK_SCSV and below our highest ─────────────▶ InappropriateFallback
//!   ├─ TLS 1.3 offered and enabled ──▶ tls13::handle_client_hello
//!   ├─ TLS 1.2 offered and enabled ──▶ tls12::handle_client_hello
//!   └─ otherwise ──────────────────▶ NoCommonVersion (protocol_version)
//! ```

use tls_wire::extensions::ExtensionContext;
use tls_wire::handshake::ClientHello;
use tls_wire::ids::{CipherSuite, ProtocolVersion};

use super::ticket_opener::TicketOpener;
use super::{ServerState, tls12, tls13};
use crate::action::Actions;
use crate::config::{ServerConfig, SupportedVersion};
use crate::error::{HandshakeError, PeerIncompatible, PeerMisbehaved};

/// The server's first state: nothing received yet.
#[derive(Debug)]
pub(crate) struct ExpectClientHello;

impl ExpectClientHello {
    /// RFC 8446 §4.2.1, Appendix D.2, RFC 7507, RFC 8996: selects the version (the highest
    /// both sides speak) and hands the hello to its machine.
    ///
    /// `opener` opens the ticket the hello offers: the config's ticketer now, or the answer
    /// to our request for it.
    pub(crate) fn handle_client_hello(
        self,
        hello: &ClientHello<'_>,
        raw: &[u8],
        config: &ServerConfig,
        opener: &TicketOpener<'_>,
        out: &mut Actions,
    ) -> Result<ServerState, HandshakeError> {
        let offered = match &hello.extensions {
            Some(extensions) => extensions.supported_versions()?,
            None => None,
        };
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.1
        //# If this extension is present in the ClientHello, servers MUST NOT use
        //# the ClientHello.legacy_version value for version negotiation and MUST
        //# use only the "supported_versions" extension to determine client
        //# preferences.
        let highest = match &offered {
            // GREASE and unassigned values say nothing of what the client speaks.
            Some(versions) => versions.iter().copied().filter(is_assigned).max(),
            None => Some(hello.legacy_version),
        };
        //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.2
        //# If the "supported_versions" extension is absent and the
        //# server only supports versions greater than
        //# ClientHello.legacy_version, the server MUST abort the handshake with
        //# a "protocol_version" alert.
        if let Some(version) = highest.filter(|version| *version < ProtocolVersion::TLSV1_2) {
            return Err(PeerIncompatible::ObsoleteVersion { version }.into());
        }
        check_fallback(hello, highest, config)?;
        let offers = |version: ProtocolVersion| match &offered {
            Some(versions) => versions.contains(&version),
            // RFC 5246 Appendix E.1: without the extension, the client speaks every version up
            // to legacy_version.
            None => hello.legacy_version >= version,
        };
        let ours = config.versions();
        if ours.contains(&SupportedVersion::Tls13)
            && offered.is_some()
            && offers(ProtocolVersion::TLSV1_3)
        {
            //= https://datatracker.ietf.org/doc/html/draft-ietf-tls-rfc8446bis-14#section-4.1.2
            //# A server which receives a legacy_version value not equal to 0x0303 MUST abort
            //# the handshake with a "protocol_version" alert.
            if hello.legacy_version != ProtocolVersion::TLSV1_2 {
                return Err(PeerMisbehaved::LegacyVersionNotTls12 {
                    message: ExtensionContext::ClientHello,
                    version: hello.legacy_version,
                }
                .into());
            }
            return Ok(ServerState::Tls13(tls13::handle_client_hello(
                hello, raw, config, opener, out,
            )?));
        }
        if ours.contains(&SupportedVersion::Tls12) && offers(ProtocolVersion::TLSV1_2) {
            let state = match tls12::handle_client_hello(hello, raw, config, opener, out)? {
                tls12::AfterClientHello::Full(next) => tls12::State::AwaitCertificate(next),
                tls12::AfterClientHello::Resumed(next) => {
                    tls12::State::ExpectResumedChangeCipherSpec(next)
                }
            };
            return Ok(ServerState::Tls12(state));
        }
        Err(PeerIncompatible::NoCommonVersion.into())
    }
}

/// Whether `version` is one the registry names (SSL 3.0 to TLS 1.3).
fn is_assigned(version: &ProtocolVersion) -> bool {
    version.name().is_some()
}

/// RFC 7507 §3: a client that retries at a lower version marks the retry with
/// `TLS_FALLBACK_SCSV`; if we speak a higher version than its highest, its first attempt was
/// broken, perhaps by an attacker forcing the downgrade. Checked after the obsolete versions,
/// which the RFC lets us answer with protocol_version instead.
fn check_fallback(
    hello: &ClientHello<'_>,
    highest: Option<ProtocolVersion>,
    config: &ServerConfig,
) -> Result<(), HandshakeError> {
    if !hello
        .cipher_suites
        .contains(&CipherSuite::TLS_FALLBACK_SCSV)
    {
        return Ok(());
    }
    let ours = config.versions().iter().map(|version| version.id()).max();
    match highest {
        //= https://www.rfc-editor.org/rfc/rfc7507#section-3
        //# If TLS_FALLBACK_SCSV appears in ClientHello.cipher_suites and the
        //# highest protocol version supported by the server is higher than
        //# the version indicated in ClientHello.client_version, the server
        //# MUST respond with a fatal inappropriate_fallback alert (unless it
        //# responds with a fatal protocol_version alert because the version
        //# indicated in ClientHello.client_version is unsupported).
        Some(highest) if ours > Some(highest) => {
            Err(PeerIncompatible::InappropriateFallback { highest }.into())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::server::test_support::*;

    /// RFC 8446 Appendix D.2: without `supported_versions` the hello is a TLS 1.2 one, which a
    /// server speaking only TLS 1.3 refuses with `protocol_version`.
    #[test]
    fn rejects_client_hello_without_supported_versions_as_tls12() {
        let error = refusal(
            tls13_only(),
            Hello::new().without(ExtensionType::SUPPORTED_VERSIONS),
        );
        assert_eq!(error, PeerIncompatible::NoCommonVersion.into());
        assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
    }

    #[test]
    fn a_tls13_client_hello_with_a_legacy_version_other_than_tls12_is_a_protocol_version_error() {
        for version in [0x0301, 0x0302, 0x0304, 0x0300, 0x7f1c] {
            let version = ProtocolVersion::new(version);
            let mut hello = Hello::new();
            hello.legacy_version = version;
            let error = refusal(config(), hello);
            assert_eq!(
                error,
                PeerMisbehaved::LegacyVersionNotTls12 {
                    message: ExtensionContext::ClientHello,
                    version
                }
                .into()
            );
            assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
        }
    }

    #[test]
    fn rejects_client_hello_offering_only_tls12() {
        let hello = Hello::new().with(Extension::SupportedVersions(
            List::new(vec![ProtocolVersion::TLSV1_2]).unwrap(),
        ));
        let error = refusal(tls13_only(), hello);
        assert_eq!(error, PeerIncompatible::NoCommonVersion.into());
        assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
    }

    fn tls13_only() -> ServerConfig {
        builder()
            .versions(&[crate::config::SupportedVersion::Tls13])
            .build()
            .unwrap()
    }

    fn versions(versions: &[u16]) -> Extension<'static> {
        let versions = versions.iter().copied().map(ProtocolVersion::new).collect();
        Extension::SupportedVersions(List::new(versions).unwrap())
    }

    fn with_fallback_scsv(mut hello: Hello) -> Hello {
        hello.cipher_suites.push(CipherSuite::TLS_FALLBACK_SCSV);
        hello
    }

    //= https://www.rfc-editor.org/rfc/rfc8996#section-5
    //# Pragmatically, clients MUST NOT send a ClientHello with
    //# ClientHello.client_version set to {03,02}.
    //
    // And servers refuse such a hello: RFC 8996 §5 leaves TLS 1.0 and 1.1 to fail as any
    // unsupported version does, with protocol_version.
    #[test]
    fn refuses_ssl3_tls10_and_tls11_hellos_as_obsolete_versions() {
        for version in [0x0300, 0x0301, 0x0302] {
            let version = ProtocolVersion::new(version);
            let mut hello = Hello::new().without(ExtensionType::SUPPORTED_VERSIONS);
            hello.legacy_version = version;
            let error = refusal(config(), hello);
            assert_eq!(error, PeerIncompatible::ObsoleteVersion { version }.into());
            assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
            assert!(
                error.to_string().contains("TLS 1.2 and 1.3 only"),
                "{error}"
            );
        }
    }

    #[test]
    fn refuses_supported_versions_listing_only_obsolete_versions() {
        let hello = Hello::new().with(versions(&[0x0a0a, 0x0302, 0x0301]));
        let error = refusal(config(), hello);
        assert_eq!(
            error,
            PeerIncompatible::ObsoleteVersion {
                version: ProtocolVersion::TLSV1_1
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
    }

    #[test]
    fn supported_versions_of_only_grease_values_share_no_version() {
        let error = refusal(config(), Hello::new().with(versions(&[0x0a0a, 0x7f1c])));
        assert_eq!(error, PeerIncompatible::NoCommonVersion.into());
        assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
    }

    #[test]
    fn a_fallback_scsv_below_our_highest_version_is_an_inappropriate_fallback() {
        let highest = ProtocolVersion::TLSV1_2;
        let expected: HandshakeError = PeerIncompatible::InappropriateFallback { highest }.into();
        // With supported_versions, its highest entry; without, legacy_version.
        let listed = with_fallback_scsv(Hello::new().with(versions(&[0x0303])));
        let legacy = with_fallback_scsv(Hello::new().without(ExtensionType::SUPPORTED_VERSIONS));
        for hello in [listed, legacy] {
            let error = refusal(config(), hello);
            assert_eq!(error, expected);
            assert_eq!(
                error.alert(),
                Some(AlertDescription::INAPPROPRIATE_FALLBACK)
            );
        }
    }

    #[test]
    fn a_fallback_scsv_to_an_obsolete_version_gets_protocol_version() {
        let hello = with_fallback_scsv(Hello::new().with(versions(&[0x0302])));
        let error = refusal(config(), hello);
        assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
    }

    #[test]
    fn a_fallback_scsv_from_a_client_offering_our_highest_version_is_ignored() {
        let hello = with_fallback_scsv(Hello::new());
        let (server, _) = start(config(), &hello.encode()).unwrap();
        assert_eq!(server.negotiated_version(), NegotiatedVersion::Tls13);
    }

    #[test]
    fn refuses_any_other_first_message() {
        let finished = HandshakeMessage::new(HandshakePayload::Finished(Finished {
            verify_data: Cow::Owned(vec![0; 32]),
        }))
        .unwrap();
        let error = ServerHandshake::new(Arc::new(config()))
            .handle(Input::Message(finished), &mut Actions::new())
            .unwrap_err();
        assert_eq!(
            error,
            HandshakeError::UnexpectedMessage {
                expected: "ClientHello",
                got: HandshakeType::FINISHED,
            }
        );
    }
}
