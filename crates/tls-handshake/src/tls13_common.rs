//! TLS 1.3 steps the client and the server take alike: framing one of our handshake messages,
//! checking a received extension against the RFC 8446 §4.2 table, and stepping the key schedule
//! of a full handshake (RFC 8446 §7.1). The Finished message is `finished`'s.

use std::borrow::Cow;
use tls_keyschedule::HashAlgorithm;
use tls_keyschedule::secret::Secret;
use tls_keyschedule::tls13::exporter::ExporterMasterSecret;
use tls_keyschedule::tls13::schedule::{EarlySecret, HandshakeSecret, MasterSecret};
use tls_keyschedule::tls13::traffic::TrafficSecret;
use tls_keyschedule::transcript::TranscriptHash;
use tls_wire::extensions::{ExtensionContext, allowed_in};

use tls_wire::extensions::Extensions;
use tls_wire::handshake::{
    CertData, CertificateEntry, CertificateEntryList, CertificateRequestContext, CertificateTls13,
    CertificateVerify, ClientHello, HandshakeMessage, HandshakePayload, Signature,
};
use tls_wire::ids::{ExtensionType, HandshakeType, SignatureScheme};

use crate::error::{HandshakeError, LocalError, PeerMisbehaved};
use crate::profile::WireProfile;

/// Frames one of our messages (type, `uint24` length, body); a body too long for its length
/// is a local error.
pub(crate) fn encode(payload: HandshakePayload<'_>) -> Result<Vec<u8>, HandshakeError> {
    let message = payload.typ();
    HandshakeMessage::new(payload)
        .map(HandshakeMessage::into_raw)
        .map_err(|_| LocalError::UnencodableMessage { message }.into())
}

/// RFC 8446 §4.4.2: our Certificate in the main handshake, either side's: the chain,
/// end-entity first (empty: a client without a certificate), each entry without extensions,
/// and an empty context.
//= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2
//# If this message is in response to a CertificateRequest, the value of
//# certificate_request_context in that message.  Otherwise (in the case
//# of server authentication), this field SHALL be zero length.
pub(crate) fn emit_certificate(chain: &[Vec<u8>]) -> Result<Vec<u8>, HandshakeError> {
    let unencodable = || LocalError::UnencodableMessage {
        message: HandshakeType::CERTIFICATE,
    };
    let entries = chain
        .iter()
        .map(|der| {
            Ok(CertificateEntry {
                cert_data: CertData::new(Cow::Borrowed(der.as_slice()))
                    .map_err(|_| unencodable())?,
                extensions: Extensions::new(ExtensionContext::Certificate, Vec::new())
                    .map_err(|_| unencodable())?,
            })
        })
        .collect::<Result<Vec<_>, HandshakeError>>()?;
    encode(HandshakePayload::CertificateTls13(CertificateTls13 {
        certificate_request_context: CertificateRequestContext::new(Vec::new())
            .map_err(|_| unencodable())?,
        certificate_list: CertificateEntryList::new(entries).map_err(|_| unencodable())?,
    }))
}

/// RFC 8446 §4.4.3: our CertificateVerify, either side's, of `signature` with `scheme`.
pub(crate) fn emit_certificate_verify(
    scheme: SignatureScheme,
    signature: Vec<u8>,
) -> Result<Vec<u8>, HandshakeError> {
    let signature = Signature::new(signature).map_err(|_| LocalError::UnencodableMessage {
        message: HandshakeType::CERTIFICATE_VERIFY,
    })?;
    encode(HandshakePayload::CertificateVerify(CertificateVerify {
        algorithm: scheme,
        signature,
    }))
}

/// Frames our ClientHello and hands it back with its bytes, for a client that keeps what it
/// offered without copying it.
pub(crate) fn encode_client_hello(
    hello: ClientHello<'static>,
) -> Result<(ClientHello<'static>, Vec<u8>), HandshakeError> {
    let unencodable = || LocalError::UnencodableMessage {
        message: HandshakeType::CLIENT_HELLO,
    };
    let (payload, raw) = HandshakeMessage::new(HandshakePayload::ClientHello(hello))
        .map_err(|_| unencodable())?
        .into_parts();
    match payload {
        HandshakePayload::ClientHello(hello) => Ok((hello, raw)),
        _ => Err(unencodable().into()),
    }
}

/// Checks a received `extension` against the RFC 8446 §4.2 table for `message`; `Ok(true)`
/// if the table allows it there, `Ok(false)` if we do not recognise it (the caller decides
/// whether to ignore it).
pub(crate) fn check_allowed(
    extension: ExtensionType,
    message: ExtensionContext,
) -> Result<bool, HandshakeError> {
    match allowed_in(extension, message) {
        Some(true) => Ok(true),
        None => Ok(false),
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2
        //# If an implementation receives an extension
        //# which it recognizes and which is not specified for the message in
        //# which it appears, it MUST abort the handshake with an
        //# "illegal_parameter" alert.
        Some(false) => {
            Err(PeerMisbehaved::ExtensionNotAllowedInMessage { extension, message }.into())
        }
    }
}

/// One traffic secret per direction, named by who writes with it.
pub(crate) struct TrafficSecrets {
    pub(crate) client: TrafficSecret,
    pub(crate) server: TrafficSecret,
}

/// RFC 8446 §7.1: the Handshake Secret from the Early Secret (of the resumption PSK when there
/// is one) and the (EC)DHE `shared_secret` (none: psk_ke), and the handshake traffic secrets
/// over ClientHello…ServerHello.
pub(crate) fn handshake_secrets(
    early_secret: EarlySecret,
    shared_secret: Option<&[u8]>,
    client_hello_to_server_hello: &TranscriptHash,
) -> (HandshakeSecret, TrafficSecrets) {
    let handshake_secret = early_secret.into_handshake_secret(shared_secret);
    let secrets = TrafficSecrets {
        client: handshake_secret.client_handshake_traffic_secret(client_hello_to_server_hello),
        server: handshake_secret.server_handshake_traffic_secret(client_hello_to_server_hello),
    };
    (handshake_secret, secrets)
}

/// RFC 8446 §7.1: the Master Secret, and the first application traffic secrets over
/// ClientHello…server Finished.
pub(crate) fn application_secrets(
    handshake_secret: HandshakeSecret,
    client_hello_to_server_finished: &TranscriptHash,
) -> (TrafficSecrets, ExporterMasterSecret, MasterSecret) {
    let master_secret = handshake_secret.into_master_secret();
    let secrets = TrafficSecrets {
        client: master_secret.client_application_traffic_secret_0(client_hello_to_server_finished),
        server: master_secret.server_application_traffic_secret_0(client_hello_to_server_finished),
    };
    //= https://www.rfc-editor.org/rfc/rfc8446#section-7.5
    //# The exporter value is computed as:
    //#
    //# TLS-Exporter(label, context_value, key_length) =
    //#     HKDF-Expand-Label(Derive-Secret(Secret, label, ""),
    //#                       "exporter", Hash(context_value), key_length)
    let exporter = master_secret.exporter_master_secret(client_hello_to_server_finished);
    (secrets, exporter, master_secret)
}

/// The application traffic secrets, and the secrets a replay's profile does not set: the
/// exporter's and the Master Secret (for the resumption secret, once the client's Finished is
/// in the transcript).
pub(crate) struct ApplicationKeys {
    pub(crate) traffic: TrafficSecrets,
    pub(crate) exporter: Option<ExporterMasterSecret>,
    pub(crate) master: Option<MasterSecret>,
}

/// [`application_secrets`], unless the wire profile of a replay sets the traffic secrets (and
/// so no other secret comes with them).
pub(crate) fn application_secrets_in(
    profile: &WireProfile,
    hash: HashAlgorithm,
    handshake_secret: HandshakeSecret,
    client_hello_to_server_finished: &TranscriptHash,
) -> ApplicationKeys {
    match profile.application_traffic_secrets() {
        Some((client, server)) => ApplicationKeys {
            traffic: TrafficSecrets {
                client: TrafficSecret::new(hash, Secret::new(client)),
                server: TrafficSecret::new(hash, Secret::new(server)),
            },
            exporter: None,
            master: None,
        },
        None => {
            let (traffic, exporter, master) =
                application_secrets(handshake_secret, client_hello_to_server_finished);
            ApplicationKeys {
                traffic,
                exporter: Some(exporter),
                master: Some(master),
            }
        }
    }
}

/// The most change_cipher_spec records a handshake drops. RFC 8446 §5 asks to drop every one
/// in its window; a peer in compatibility mode sends one (Appendix D.4), and a bound (the one
/// BoringSSL puts on records that carry nothing) keeps a peer from feeding them forever.
pub const MAX_DROPPED_CHANGE_CIPHER_SPECS: usize = 32;

/// RFC 8446 §5: a change_cipher_spec record (the record layer checked it is unprotected and
/// holds the byte 1) is dropped between the first ClientHello and the peer's Finished
/// (`in_window`), up to [`MAX_DROPPED_CHANGE_CIPHER_SPECS`]; `dropped` counts them.
pub(crate) fn check_change_cipher_spec(
    in_window: bool,
    dropped: &mut usize,
) -> Result<(), HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5
    //# An implementation may receive an unencrypted record of type
    //# change_cipher_spec consisting of the single byte value 0x01 at any
    //# time after the first ClientHello message has been sent or received
    //# and before the peer's Finished message has been received and MUST
    //# simply drop it without further processing.
    //
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5
    //# If an implementation
    //# detects a change_cipher_spec record received before the first
    //# ClientHello message or after the peer's Finished message, it MUST be
    //# treated as an unexpected record type (though stateless servers may
    //# not be able to distinguish these cases from allowed cases).
    //
    if !in_window || *dropped >= MAX_DROPPED_CHANGE_CIPHER_SPECS {
        return Err(PeerMisbehaved::UnexpectedChangeCipherSpec.into());
    }
    *dropped = dropped.saturating_add(1);
    Ok(())
}
