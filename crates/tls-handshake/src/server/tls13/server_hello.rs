//! The ServerHello and the rest of our first flight up to the Certificate: `AwaitCertificate`
//! waits for the driver's choice of certificate; we then send the ServerHello, install the
//! handshake keys, send EncryptedExtensions and Certificate, and ask for the CertificateVerify
//! signature (RFC 8446 §4.1.3, §4.3.1, §4.4.2, §4.4.3).

use std::sync::Arc;

use tls_keyschedule::secret::Secret;
use tls_keyschedule::tls13::schedule::EarlySecret;
use tls_keyschedule::transcript::Transcript;
use tls_wire::extensions::{
    Extension, ExtensionContext, Extensions, KeyExchange, KeyShareEntry, KeyShareServerHello,
    ProtocolName, ProtocolNameList,
};
use tls_wire::handshake::{EncryptedExtensions, HandshakePayload, Random, ServerHello, SessionId};
use tls_wire::ids::{HandshakeType, ProtocolVersion, SignatureScheme};

use super::client_certificate::emit_certificate_request;
use super::{Agreed, AwaitSignature, encode};
use crate::action::{Action, Actions, Level, Request};
use crate::config::{CertifiedKey, ServerConfig};
use crate::error::{HandshakeError, LocalError};
use crate::key_log::HandshakeKeyLog;
use crate::profile::WireProfile;
use crate::record_keys::RecordKeys;
use crate::record_size_limit;
use crate::tls13_common::{TrafficSecrets, emit_certificate, handshake_secrets};
use crate::verify::{Side, certificate_verify_message};

/// Waiting for the driver's choice of certificate.
#[derive(Debug)]
pub(crate) struct AwaitCertificate {
    pub(crate) agreed: Agreed,
    /// The client's `legacy_session_id`, which the ServerHello echoes.
    pub(crate) legacy_session_id: Vec<u8>,
    /// Our random.
    pub(crate) random: Random,
    /// Our key share's public key (empty without one: psk_ke).
    pub(crate) public_key: Vec<u8>,
    /// The (EC)DHE shared secret (`None`: a psk_ke resumption).
    pub(crate) shared_secret: Option<Secret>,
    /// The client's `signature_algorithms`.
    pub(crate) signature_schemes: Vec<SignatureScheme>,
    /// ClientHello so far (after a HelloRetryRequest: ClientHello1's message_hash,
    /// HelloRetryRequest, ClientHello2).
    pub(crate) transcript: Transcript,
    /// Whether to send the compatibility-mode `change_cipher_spec` after the ServerHello.
    pub(crate) change_cipher_spec: bool,
}

impl AwaitCertificate {
    /// RFC 8446 §4.1.3 (ServerHello), §7.1 (handshake traffic secrets), §4.3.1
    /// (EncryptedExtensions), §4.4.2 (Certificate), then the Sign request for §4.4.3.
    pub(crate) fn handle_certificate(
        self,
        certified: Arc<CertifiedKey>,
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<AwaitSignature, HandshakeError> {
        // Check: our key can sign with a scheme the client offers (handshake_failure if not),
        // and every message we send encodes.
        let profile = config.wire_profile();
        let limit = self.record_size_limit(config);
        let scheme = certified
            .key()
            .choose_tls13_scheme(&self.signature_schemes)?;
        let server_hello = self.emit_server_hello(profile, false)?;
        let encrypted_extensions = self.emit_encrypted_extensions(config)?;
        let certificate_request = emit_certificate_request(config)?;
        let chain = profile
            .certificate_chain()
            .unwrap_or_else(|| certified.chain());
        let certificate = emit_certificate(chain)?;

        // Transcript and derive, in the order the secrets need them.
        let Self {
            agreed,
            shared_secret,
            mut transcript,
            change_cipher_spec,
            ..
        } = self;
        transcript.add(&server_hello);
        let (handshake_secret, secrets) = handshake_secrets(
            EarlySecret::new(agreed.suite.hash, None),
            shared_secret.as_ref().map(|secret| secret.as_bytes()),
            &transcript.current_hash(),
        );
        HandshakeKeyLog::new(config.key_log().as_ref(), &agreed.client_random)
            .handshake_secrets(&secrets);
        let TrafficSecrets {
            client: client_handshake_traffic_secret,
            server: server_handshake_traffic_secret,
        } = secrets;
        transcript.add(&encrypted_extensions);
        if let Some((message, _)) = &certificate_request {
            transcript.add(message);
        }
        transcript.add(&certificate);
        let mut content = Vec::new();
        certificate_verify_message(
            Side::Server,
            transcript.current_hash().as_bytes(),
            &mut content,
        );

        // Emit.
        let suite = agreed.suite;
        out.extend(limit);
        out.send(Level::Initial, server_hello);
        // Compatibility mode, unless a HelloRetryRequest was already followed by one.
        if change_cipher_spec {
            out.push(Action::SendChangeCipherSpec);
        }
        let server_finished_key = server_handshake_traffic_secret.derive_finished_key();
        let client_finished_key = client_handshake_traffic_secret.derive_finished_key();
        out.push(Action::InstallWriteKey {
            level: Level::Handshake,
            keys: RecordKeys::Tls13 {
                suite,
                secret: server_handshake_traffic_secret,
            },
        });
        out.push(Action::InstallReadKey {
            level: Level::Handshake,
            keys: RecordKeys::Tls13 {
                suite,
                secret: client_handshake_traffic_secret,
            },
        });
        out.send(Level::Handshake, encrypted_extensions);
        let requested = certificate_request.map(|(message, requested)| {
            out.send(Level::Handshake, message);
            requested
        });
        out.send(Level::Handshake, certificate);
        out.push(Action::Request(Request::Sign {
            scheme,
            message: content,
        }));

        Ok(AwaitSignature {
            agreed,
            scheme,
            certified,
            handshake_secret,
            server_finished_key,
            client_finished_key,
            transcript,
            requested,
        })
    }

    /// RFC 8449 §4: the client's record_size_limit holds for our protected records from the
    /// first, ours for its: the action that says so, if the client sent one.
    pub(crate) fn record_size_limit(&self, config: &ServerConfig) -> Option<Action> {
        let theirs = self.agreed.record_size_limit?;
        let ours = record_size_limit::ours(config.record_size_limit(), true);
        Some(record_size_limit::limit_action(ours, theirs, true))
    }

    /// RFC 8446 §4.1.3: the ServerHello, with our share and the selected version (and, with
    /// `psk`, the first identity of the client's `pre_shared_key` selected).
    pub(crate) fn emit_server_hello(
        &self,
        profile: &WireProfile,
        psk: bool,
    ) -> Result<Vec<u8>, HandshakeError> {
        let unencodable = || LocalError::UnencodableMessage {
            message: HandshakeType::SERVER_HELLO,
        };

        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
        //# legacy_session_id_echo:  The contents of the client's
        //#    legacy_session_id field.
        let legacy_session_id_echo =
            SessionId::new(self.legacy_session_id.clone()).map_err(|_| unencodable())?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.1
        //# A server which negotiates TLS 1.3 MUST
        //# respond by sending a "supported_versions" extension containing the
        //# selected version value (0x0304).
        let mut list = Vec::with_capacity(3);
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11
        //# The server's chosen
        //# identity is expressed as a (0-based) index into the identities in the
        //# client's "OfferedPsks".
        //
        // First, as RFC 8448's resumed server lists it (only the ClientHello's must be last).
        if psk {
            list.push(Extension::SelectedIdentity(0));
        }
        // psk_ke: no share (RFC 8446 §4.2.8 asks for one with (EC)DHE only).
        if let Some(group) = self.agreed.group {
            let key_exchange =
                KeyExchange::new(self.public_key.clone()).map_err(|_| unencodable())?;
            list.push(Extension::KeyShareServerHello(KeyShareServerHello {
                server_share: KeyShareEntry {
                    group,
                    key_exchange,
                },
            }));
        }
        list.push(Extension::SelectedVersion(ProtocolVersion::TLSV1_3));
        if profile.supported_versions_first() {
            let shares_and_versions = list.get_mut(usize::from(psk)..).unwrap_or_default();
            shares_and_versions.reverse();
        }
        let extensions =
            Extensions::new(ExtensionContext::ServerHello, list).map_err(|_| unencodable())?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
        //# In TLS 1.3, the TLS server indicates
        //# its version using the "supported_versions" extension
        //# (Section 4.2.1), and the legacy_version field MUST be set to 0x0303,
        //# which is the version number for TLS 1.2.
        encode(HandshakePayload::ServerHello(ServerHello {
            legacy_version: ProtocolVersion::TLSV1_2,
            random: self.random,
            legacy_session_id_echo,
            cipher_suite: self.agreed.suite.id,
            legacy_compression_method: 0,
            extensions: Some(extensions),
        }))
    }

    /// RFC 8446 §4.3.1: the acknowledgement of `server_name` and the chosen ALPN protocol.
    pub(crate) fn emit_encrypted_extensions(
        &self,
        config: &ServerConfig,
    ) -> Result<Vec<u8>, HandshakeError> {
        let profile = config.wire_profile();
        let unencodable = || LocalError::UnencodableMessage {
            message: HandshakeType::ENCRYPTED_EXTENSIONS,
        };
        let mut list = profile.leading_encrypted_extensions().to_vec();
        //= https://www.rfc-editor.org/rfc/rfc8449#section-4
        //# In TLS 1.3, the server sends the "record_size_limit" extension in the
        //# EncryptedExtensions message.
        if self.agreed.record_size_limit.is_some() {
            let ours = record_size_limit::ours(config.record_size_limit(), true);
            list.extend(record_size_limit::extension(ours));
        }
        //= https://www.rfc-editor.org/rfc/rfc6066#section-3
        //# In this event, the server
        //# SHALL include an extension of type "server_name" in the (extended)
        //# server hello.  The "extension_data" field of this extension SHALL be
        //# empty.
        if self.agreed.server_name.is_some() && profile.acknowledge_server_name() {
            list.push(Extension::ServerNameEmpty);
        }
        //= https://www.rfc-editor.org/rfc/rfc7301#section-3.1
        //# The "extension_data" field of the
        //# ("application_layer_protocol_negotiation(16)") extension is structured the
        //# same as described above for the client "extension_data", except that the
        //# "ProtocolNameList" MUST contain exactly one "ProtocolName".
        if let Some(protocol) = &self.agreed.alpn_protocol {
            let name = ProtocolName::new(protocol.clone()).map_err(|_| unencodable())?;
            let names = ProtocolNameList::new(vec![name]).map_err(|_| unencodable())?;
            list.push(Extension::ApplicationLayerProtocolNegotiation(names));
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10
        //# -  Return its own "early_data" extension in EncryptedExtensions,
        //#    indicating that it intends to process the early data.
        if self.agreed.early_data {
            list.push(Extension::EarlyData);
        }
        let extensions = Extensions::new(ExtensionContext::EncryptedExtensions, list)
            .map_err(|_| unencodable())?;
        encode(HandshakePayload::EncryptedExtensions(EncryptedExtensions {
            extensions,
        }))
    }
}
