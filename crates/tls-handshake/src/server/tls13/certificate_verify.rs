//! Our CertificateVerify: `AwaitSignature` waits for the driver's signature; we then send it
//! and our Finished, and switch our writes to the application keys (RFC 8446 §4.4.3, §4.4.4,
//! §7.1).

use std::sync::Arc;

use tls_keyschedule::tls13::finished::FinishedKey;
use tls_keyschedule::tls13::schedule::HandshakeSecret;
use tls_keyschedule::transcript::Transcript;
use tls_wire::ids::SignatureScheme;

use super::client_certificate::ExpectClientCertificate;
use super::{Agreed, ExpectFinished};
use crate::action::{Action, Actions, Level};
use crate::certificate_chain::CertificateChain;
use crate::config::{CertifiedKey, ServerConfig};
use crate::error::HandshakeError;
use crate::finished::finished_message;
use crate::key_log::HandshakeKeyLog;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use crate::server::client_auth::Requested;
use crate::tls13_common::{
    ApplicationKeys, TrafficSecrets, application_secrets_in, emit_certificate_verify,
};

/// Waiting for the signature of our CertificateVerify.
#[derive(Debug)]
pub(crate) struct AwaitSignature {
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
    /// What our CertificateRequest asked of the client, if we sent one.
    pub(crate) requested: Option<Requested>,
}

/// Where our Finished leads: the client's Finished, or first its certificate.
pub(crate) enum AfterServerFinished {
    Finished(ExpectFinished),
    ClientCertificate(ExpectClientCertificate),
}

impl AwaitSignature {
    /// The in-process answer to our Sign request: the selected key, the configured generator.
    pub(crate) fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        config: &ServerConfig,
    ) -> Result<Vec<u8>, HandshakeError> {
        self.certified
            .key()
            .sign(scheme, message, config.rng().as_ref())
    }

    /// RFC 8446 §4.4.3 (CertificateVerify), §4.4.4 (Finished), §7.1 (application traffic
    /// secrets).
    pub(crate) fn handle_signature(
        self,
        signature: Vec<u8>,
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<AfterServerFinished, HandshakeError> {
        let certificate_verify = emit_certificate_verify(self.scheme, signature)?;

        // Transcript and derive.
        let Self {
            agreed,
            scheme,
            handshake_secret,
            server_finished_key,
            client_finished_key,
            mut transcript,
            requested,
            ..
        } = self;
        transcript.add(&certificate_verify);
        let finished = finished_message(&server_finished_key, &transcript)?;
        transcript.add(&finished);
        let keys = application_secrets_in(
            config.wire_profile(),
            agreed.suite.hash,
            handshake_secret,
            &transcript.current_hash(),
        );
        HandshakeKeyLog::new(config.key_log().as_ref(), &agreed.client_random)
            .application_secrets(&keys);
        let ApplicationKeys {
            traffic:
                TrafficSecrets {
                    client: client_application_traffic_secret,
                    server: server_application_traffic_secret,
                },
            exporter,
            master,
        } = keys;

        // Emit.
        out.send(Level::Handshake, certificate_verify);
        out.send(Level::Handshake, finished);
        out.push(Action::InstallWriteKey {
            level: Level::Application,
            keys: RecordKeys::Tls13 {
                suite: agreed.suite,
                secret: server_application_traffic_secret.clone(),
            },
        });

        let finished = ExpectFinished {
            agreed,
            scheme: Some(scheme),
            client_finished_key,
            client_application_traffic_secret,
            server_application_traffic_secret,
            exporter,
            master,
            peer_certificates: CertificateChain::default(),
            transcript,
            peer_auth: PeerAuth::NotRequested,
        };
        Ok(match requested {
            Some(requested) => AfterServerFinished::ClientCertificate(ExpectClientCertificate {
                finished,
                requested,
            }),
            None => AfterServerFinished::Finished(finished),
        })
    }
}
