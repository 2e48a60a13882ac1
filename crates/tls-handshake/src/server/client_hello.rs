//! `ExpectClientHello`: the server's version-neutral first state. It only selects the version
//! from the ClientHello and hands the hello to that version's machine, which checks the rest.
//!
//! ```text
//! ClientHello ──▶ supported_versions lists TLS 1.3? ──┬─ yes ──▶ tls13::handle_client_hello
//!                                                     └─ no (absent: a TLS 1.2 hello) ──▶ NoCommonVersion
//! ```

use tls_wire::extensions::ExtensionContext;
use tls_wire::handshake::ClientHello;
use tls_wire::ids::ProtocolVersion;

use super::tls13;
use crate::action::Actions;
use crate::config::ServerConfig;
use crate::error::{HandshakeError, PeerIncompatible, PeerMisbehaved};

/// The server's first state: nothing received yet.
#[derive(Debug)]
pub(crate) struct ExpectClientHello;

impl ExpectClientHello {
    /// RFC 8446 §4.2.1, Appendix D.2: selects the version (TLS 1.3, the only one we serve
    /// for now) and hands the hello to its machine.
    pub(crate) fn handle_client_hello(
        self,
        hello: &ClientHello<'_>,
        raw: &[u8],
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<tls13::State, HandshakeError> {
        //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.2
        //# If the "supported_versions" extension is absent and the
        //# server only supports versions greater than
        //# ClientHello.legacy_version, the server MUST abort the handshake with
        //# a "protocol_version" alert.
        let versions = match &hello.extensions {
            Some(extensions) => extensions.supported_versions()?,
            None => None,
        }
        .ok_or(PeerIncompatible::NoCommonVersion)?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.1
        //# If this extension is present in the ClientHello, servers MUST NOT use
        //# the ClientHello.legacy_version value for version negotiation and MUST
        //# use only the "supported_versions" extension to determine client
        //# preferences.
        if !versions.contains(&ProtocolVersion::TLSV1_3) {
            return Err(PeerIncompatible::NoCommonVersion.into());
        }
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
        tls13::handle_client_hello(hello, raw, config, out)
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
            config(),
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
        let error = refusal(config(), hello);
        assert_eq!(error, PeerIncompatible::NoCommonVersion.into());
        assert_eq!(error.alert(), Some(AlertDescription::PROTOCOL_VERSION));
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
