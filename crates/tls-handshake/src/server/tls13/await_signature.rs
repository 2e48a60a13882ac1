//! `AwaitSignature`: the driver signs our CertificateVerify; we then send it and our Finished,
//! and switch our writes to the application keys (RFC 8446 §4.4.3, §4.4.4, §7.1).

use std::borrow::Cow;
use std::sync::Arc;

use tls_keyschedule::tls13::finished::FinishedKey;
use tls_keyschedule::tls13::schedule::HandshakeSecret;
use tls_keyschedule::transcript::Transcript;
use tls_wire::handshake::{CertificateVerify, Finished, HandshakePayload, Signature};
use tls_wire::ids::{HandshakeType, SignatureScheme};

use super::{Agreed, ExpectFinished, encode};
use crate::action::{Action, Actions, Level};
use crate::config::CertifiedKey;
use crate::error::{HandshakeError, LocalError};
use crate::server::Settings;

/// Waiting for the signature of our CertificateVerify.
#[derive(Debug)]
pub(crate) struct AwaitSignature {
    pub(crate) settings: Settings,
    pub(crate) agreed: Agreed,
    /// The scheme the Sign request asked for.
    pub(crate) scheme: SignatureScheme,
    /// The selected certificate and key (the in-process signer).
    pub(crate) certified: Arc<CertifiedKey>,
    pub(crate) handshake_secret: HandshakeSecret,
    pub(crate) server_finished_key: FinishedKey,
    pub(crate) client_finished_key: FinishedKey,
    /// ClientHello … Certificate.
    pub(crate) transcript: Transcript,
}

impl AwaitSignature {
    /// The in-process answer to our Sign request: the selected key, the configured generator.
    pub(crate) fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
    ) -> Result<Vec<u8>, HandshakeError> {
        self.certified
            .key()
            .sign(scheme, message, self.settings.config.rng.as_ref())
    }

    /// RFC 8446 §4.4.3 (CertificateVerify), §4.4.4 (Finished), §7.1 (application traffic
    /// secrets).
    pub(crate) fn handle_signature(
        self,
        signature: Vec<u8>,
        out: &mut Actions,
    ) -> Result<ExpectFinished, HandshakeError> {
        // Check: the signature fits its field.
        let signature = Signature::new(signature).map_err(|_| LocalError::UnencodableMessage {
            message: HandshakeType::CERTIFICATE_VERIFY,
        })?;
        let certificate_verify = encode(HandshakePayload::CertificateVerify(CertificateVerify {
            algorithm: self.scheme,
            signature,
        }))?;

        // Transcript and derive.
        let Self {
            agreed,
            scheme,
            handshake_secret,
            server_finished_key,
            client_finished_key,
            mut transcript,
            ..
        } = self;
        transcript.add(&certificate_verify);
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.4
        //# verify_data =
        //#     HMAC(finished_key,
        //#          Transcript-Hash(Handshake Context,
        //#                          Certificate*, CertificateVerify*))
        let verify_data = server_finished_key.derive_verify_data(&transcript.current_hash());
        let finished = encode(HandshakePayload::Finished(Finished {
            verify_data: Cow::Borrowed(verify_data.as_bytes()),
        }))?;
        transcript.add(&finished);
        let client_hello_to_server_finished = transcript.current_hash();
        let master_secret = handshake_secret.into_master_secret();
        let client_application_traffic_secret =
            master_secret.client_application_traffic_secret_0(&client_hello_to_server_finished);
        let server_application_traffic_secret =
            master_secret.server_application_traffic_secret_0(&client_hello_to_server_finished);

        // Emit.
        out.send(Level::Handshake, certificate_verify);
        out.send(Level::Handshake, finished);
        out.push(Action::InstallWriteKey {
            level: Level::Application,
            suite: agreed.suite,
            secret: server_application_traffic_secret,
        });

        Ok(ExpectFinished {
            agreed,
            scheme,
            client_finished_key,
            client_application_traffic_secret,
            transcript,
        })
    }
}
