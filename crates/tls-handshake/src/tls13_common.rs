//! TLS 1.3 steps the client and the server take alike: framing one of our handshake messages,
//! checking a received extension against the RFC 8446 §4.2 table, stepping the key schedule of a full handshake (RFC 8446 §7.1), and making or checking a
//! Finished (RFC 8446 §4.4.4).

use std::borrow::Cow;

use tls_keyschedule::HashAlgorithm;
use tls_keyschedule::tls13::finished::FinishedKey;
use tls_keyschedule::tls13::schedule::{EarlySecret, HandshakeSecret};
use tls_keyschedule::tls13::traffic::TrafficSecret;
use tls_keyschedule::transcript::{Transcript, TranscriptHash};
use tls_wire::extensions::{ExtensionContext, allowed_in};
use tls_wire::handshake::{Finished, HandshakeMessage, HandshakePayload};
use tls_wire::ids::ExtensionType;

use crate::error::{HandshakeError, LocalError, PeerMisbehaved};

/// Frames one of our messages (type, `uint24` length, body); a body too long for its length
/// is a local error.
pub(crate) fn encode(payload: HandshakePayload<'_>) -> Result<Vec<u8>, HandshakeError> {
    let message = payload.typ();
    HandshakeMessage::new(payload)
        .map(|framed| framed.raw().to_vec())
        .map_err(|_| LocalError::UnencodableMessage { message }.into())
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

/// RFC 8446 §7.1 without a PSK: the Handshake Secret from the (EC)DHE `shared_secret`, and
/// the handshake traffic secrets over ClientHello…ServerHello.
pub(crate) fn handshake_secrets(
    hash: HashAlgorithm,
    shared_secret: &[u8],
    client_hello_to_server_hello: &TranscriptHash,
) -> (HandshakeSecret, TrafficSecrets) {
    let handshake_secret = EarlySecret::new(hash, None).into_handshake_secret(Some(shared_secret));
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
) -> TrafficSecrets {
    let master_secret = handshake_secret.into_master_secret();
    TrafficSecrets {
        client: master_secret.client_application_traffic_secret_0(client_hello_to_server_finished),
        server: master_secret.server_application_traffic_secret_0(client_hello_to_server_finished),
    }
}

/// Our Finished over `transcript` so far, framed.
pub(crate) fn finished_message(
    finished_key: &FinishedKey,
    transcript: &Transcript,
) -> Result<Vec<u8>, HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.4
    //# verify_data =
    //#     HMAC(finished_key,
    //#          Transcript-Hash(Handshake Context,
    //#                          Certificate*, CertificateVerify*))
    let verify_data = finished_key.derive_verify_data(&transcript.current_hash());
    encode(HandshakePayload::Finished(Finished {
        verify_data: Cow::Borrowed(verify_data.as_bytes()),
    }))
}

/// Checks the peer's Finished against `transcript` so far, in constant time (`Secret == [u8]`).
pub(crate) fn check_finished(
    finished_key: &FinishedKey,
    transcript: &Transcript,
    finished: &Finished<'_>,
) -> Result<(), HandshakeError> {
    let expected = finished_key.derive_verify_data(&transcript.current_hash());
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.4
    //# Recipients of Finished messages MUST verify that the contents are
    //# correct and if incorrect MUST terminate the connection with a
    //# "decrypt_error" alert.
    if expected.eq(finished.verify_data.as_ref()) {
        Ok(())
    } else {
        Err(PeerMisbehaved::BadFinished.into())
    }
}
