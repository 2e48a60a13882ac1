//! The TLS 1.3 ServerHello (RFC 8446 §4.1.3): the checks of what the server chose, the
//! (EC)DHE agreement, and the handshake traffic secrets.

use tls_keyschedule::suite::{Suite, SuiteVersion};
use tls_keyschedule::tls13::schedule::EarlySecret;
use tls_wire::extensions::ExtensionContext;
use tls_wire::handshake::ServerHello;
use tls_wire::ids::{ExtensionType, ProtocolVersion};

use super::{ExpectEncryptedExtensions, Negotiation, State};
use crate::action::{Action, Actions, Level};
use crate::certificate_chain::CertificateChain;
use crate::client::extensions::check_server_extensions;
use crate::client::offer::Offer;
use crate::client::server_hello::{ExpectServerHello, HelloTranscript};
use crate::config::ClientConfig;
use crate::error::{HandshakeError, PeerIncompatible, PeerMisbehaved};
use crate::key_log::HandshakeKeyLog;
use crate::record_keys::RecordKeys;
use crate::tls13_common::{TrafficSecrets, handshake_secrets};

impl ExpectServerHello {
    /// RFC 8446 §4.1.3: a ServerHello whose `supported_versions` selected `version`.
    ///
    /// Check (version, session id echo, suite, compression, extensions, key share, then the
    /// agreement, which validates the server's share) → transcript (ClientHello, ServerHello)
    /// → derive the handshake secrets (and log them) → emit the server's handshake key for
    /// reading.
    pub(crate) fn handle_tls13_server_hello(
        self,
        server_hello: &ServerHello<'_>,
        version: ProtocolVersion,
        raw: &[u8],
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<State, HandshakeError> {
        let Self {
            offer,
            key_share,
            hello: _,
            transcript,
            early_secret,
        } = self;
        let retry = match &transcript {
            HelloTranscript::First { .. } => None,
            HelloTranscript::Retried(_, retry) => Some(*retry),
        };
        check_selected_version(version, &offer)?;
        // Offered TLS 1.3 (just checked), we made a key share; without one, the version the
        // server picked was not ours to pick.
        let key_share = key_share.ok_or(PeerMisbehaved::SelectedUnofferedVersion { version })?;
        check_legacy_version(ExtensionContext::ServerHello, server_hello.legacy_version)?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
        //# A client which
        //# receives a legacy_session_id_echo field that does not match what
        //# it sent in the ClientHello MUST abort the handshake with an
        //# "illegal_parameter" alert.
        if server_hello.legacy_session_id_echo.as_slice() != offer.legacy_session_id.as_slice() {
            return Err(PeerMisbehaved::WrongLegacySessionIdEcho.into());
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
        //# A client which receives a
        //# cipher suite that was not offered MUST abort the handshake with an
        //# "illegal_parameter" alert.
        let suite_id = server_hello.cipher_suite;
        let suite = Suite::from_id(suite_id)
            .filter(|suite| suite.version == SuiteVersion::Tls13)
            .filter(|_| offer.cipher_suites.contains(&suite_id))
            .ok_or(PeerMisbehaved::SelectedUnofferedCipherSuite { suite: suite_id })?;
        if let Some(retry) = retry {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
            //# Upon receiving
            //# the ServerHello, clients MUST check that the cipher suite supplied in
            //# the ServerHello is the same as that in the HelloRetryRequest and
            //# otherwise abort the handshake with an "illegal_parameter" alert.
            if retry.cipher_suite != suite_id {
                return Err(PeerMisbehaved::CipherSuiteChangedAfterRetry {
                    retry: retry.cipher_suite,
                    server_hello: suite_id,
                }
                .into());
            }
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
            //# The value of selected_version in the HelloRetryRequest
            //# "supported_versions" extension MUST be retained in the ServerHello,
            //# and a client MUST abort the handshake with an "illegal_parameter"
            //# alert if the value changes.
            if retry.version != version {
                return Err(PeerMisbehaved::VersionChangedAfterRetry {
                    retry: retry.version,
                    server_hello: version,
                }
                .into());
            }
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
        //# legacy_compression_method:  A single byte which MUST have the
        //# value 0.
        if server_hello.legacy_compression_method != 0 {
            return Err(PeerMisbehaved::SelectedCompressionMethod {
                method: server_hello.legacy_compression_method,
            }
            .into());
        }
        let missing_key_share = PeerIncompatible::MissingExtension {
            extension: ExtensionType::KEY_SHARE,
            message: ExtensionContext::ServerHello,
        };
        let extensions = server_hello.extensions.as_ref().ok_or(missing_key_share)?;
        check_server_extensions(extensions, ExtensionContext::ServerHello, &offer.extensions)?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11
        //# Clients MUST verify that the server's selected_identity is within the
        //# range supplied by the client, that the server selected a cipher suite
        //# indicating a Hash associated with the PSK, and that a server
        //# "key_share" extension is present if required by the ClientHello
        //# "psk_key_exchange_modes" extension.  If these values are not
        //# consistent, the client MUST abort the handshake with an
        //# "illegal_parameter" alert.
        let psk = match extensions.selected_identity()? {
            None => None,
            Some(identity) => {
                let psk = offer
                    .psk
                    .as_ref()
                    .filter(|_| identity == 0)
                    .ok_or(PeerMisbehaved::SelectedUnofferedPsk { identity })?;
                if psk.hash() != suite.hash {
                    return Err(PeerMisbehaved::PskSuiteHashMismatch.into());
                }
                // Offered, so computed.
                Some(early_secret.ok_or(PeerMisbehaved::SelectedUnofferedPsk { identity })?)
            }
        };
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.9
        //# psk_ke:  PSK-only key establishment.  In this mode, the server
        //#    MUST NOT supply a "key_share" value.
        //
        // No share is fine only where we offered psk_ke and the server resumed our ticket.
        let psk_ke = psk.is_some() && offer.psk.as_ref().is_some_and(|offered| offered.psk_ke);
        let exchange = match extensions.key_share_server_hello()? {
            None if psk_ke => None,
            None => return Err(missing_key_share.into()),
            Some(share) => {
                let server_share = share.server_share;
                //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8
                //# This value MUST be in the same
                //# group as the KeyShareEntry value offered by the client that the
                //# server has selected for the negotiated key exchange.
                let group = key_share.group();
                if let Some(retry) = retry.filter(|retry| retry.group != server_share.group) {
                    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8
                    //# If using (EC)DHE key establishment and a HelloRetryRequest containing a
                    //# "key_share" extension was received by the client, the client MUST
                    //# verify that the selected NamedGroup in the ServerHello is the same as
                    //# that in the HelloRetryRequest.  If this check fails, the client MUST
                    //# abort the handshake with an "illegal_parameter" alert.
                    return Err(PeerMisbehaved::GroupChangedAfterRetry {
                        retry: retry.group,
                        server_hello: server_share.group,
                    }
                    .into());
                }
                if server_share.group != group {
                    return Err(PeerMisbehaved::KeyShareInUnofferedGroup {
                        group: server_share.group,
                    }
                    .into());
                }
                Some((group, key_share.agree(&server_share.key_exchange)?))
            }
        };
        let (group, shared) = match exchange {
            Some((group, shared)) => (Some(group), Some(shared)),
            None => (None, None),
        };

        let mut transcript = match transcript {
            HelloTranscript::First {
                client_hello,
                hashed,
            } => HelloTranscript::first_under(&client_hello, hashed, suite.hash),
            HelloTranscript::Retried(transcript, _) => transcript,
        };
        transcript.add(raw);

        let resumed = psk.is_some();
        let early_secret = psk.unwrap_or_else(|| EarlySecret::new(suite.hash, None));
        let (handshake_secret, secrets) = handshake_secrets(
            early_secret,
            shared.as_ref().map(|shared| shared.as_bytes()),
            &transcript.current_hash(),
        );
        HandshakeKeyLog::new(config.key_log().as_ref(), &offer.random).handshake_secrets(&secrets);
        let TrafficSecrets {
            client: client_handshake_traffic_secret,
            server: server_handshake_traffic_secret,
        } = secrets;

        out.push(Action::InstallReadKey {
            level: Level::Handshake,
            keys: RecordKeys::Tls13 {
                suite,
                secret: server_handshake_traffic_secret.clone(),
            },
        });
        Ok(State::ExpectEncryptedExtensions(Box::new(
            ExpectEncryptedExtensions {
                negotiation: Negotiation {
                    offer,
                    suite,
                    group,
                    transcript,
                    handshake_secret,
                    client_handshake_traffic_secret,
                    server_handshake_traffic_secret,
                    certificate_request: None,
                    server_certificates: CertificateChain::default(),
                    resumed,
                },
            },
        )))
    }
}

/// RFC 8446 §4.2.1: the version a ServerHello or HelloRetryRequest selected must be TLS 1.3,
/// and one we offered.
pub(crate) fn check_selected_version(
    version: ProtocolVersion,
    offer: &Offer,
) -> Result<(), HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.1
    //# If the "supported_versions" extension in the ServerHello contains a
    //# version not offered by the client or contains a version prior to
    //# TLS 1.3, the client MUST abort the handshake with an
    //# "illegal_parameter" alert.
    if version.get() < ProtocolVersion::TLSV1_3.get() {
        return Err(PeerMisbehaved::SelectedVersionBeforeTls13 { version }.into());
    }
    if version != ProtocolVersion::TLSV1_3 || !offer.versions.contains(&version) {
        return Err(PeerMisbehaved::SelectedUnofferedVersion { version }.into());
    }
    Ok(())
}

/// The `legacy_version` of a ServerHello or HelloRetryRequest (`message`) that selects TLS
/// 1.3 must be 0x0303.
pub(crate) fn check_legacy_version(
    message: ExtensionContext,
    version: ProtocolVersion,
) -> Result<(), HandshakeError> {
    //= https://datatracker.ietf.org/doc/html/draft-ietf-tls-rfc8446bis-14#section-4.1.3
    //# A client which receives a TLS 1.3 Server Hello with a legacy_version
    //# value not equal to 0x0303 MUST abort the handshake with a
    //# "protocol_version" alert.
    if version != ProtocolVersion::TLSV1_2 {
        return Err(PeerMisbehaved::LegacyVersionNotTls12 { message, version }.into());
    }
    Ok(())
}
