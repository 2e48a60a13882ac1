//! How a client decides to accept a server's certificate chain: the [`ServerCertVerifier`] the
//! config holds, and the default, [`WebPkiServerVerifier`], which is tls-pki.

use std::fmt;

use tls_pki::name::ServerName;
use tls_pki::{TrustAnchors, UnixTime, VerifyOptions};

use crate::error::HandshakeError;
use crate::proof::CertificateVerified;

/// Decides whether a server's certificate chain is acceptable.
pub trait ServerCertVerifier: Send + Sync + fmt::Debug {
    /// Verifies `end_entity` (DER) with the `intermediates` the server sent, for `server_name`
    /// (`None`: no name check), at `now`.
    fn verify_server_chain(
        &self,
        end_entity: &[u8],
        intermediates: &[&[u8]],
        server_name: Option<&ServerName>,
        now: UnixTime,
    ) -> Result<CertificateVerified, HandshakeError>;
}

/// The default verifier: a path to one of `anchors`, checked by tls-pki with `options` (their
/// `time` is replaced by the handshake's clock).
#[derive(Clone, Debug)]
pub struct WebPkiServerVerifier {
    anchors: TrustAnchors,
    options: VerifyOptions,
}

impl WebPkiServerVerifier {
    /// A verifier trusting `anchors`, with tls-pki's default options.
    pub fn new(anchors: TrustAnchors) -> Self {
        Self {
            anchors,
            options: VerifyOptions::at(UnixTime::from_secs(0)),
        }
    }

    /// The same verifier with other options (depth, usages, budget).
    pub fn with_options(mut self, options: VerifyOptions) -> Self {
        self.options = options;
        self
    }
}

impl ServerCertVerifier for WebPkiServerVerifier {
    fn verify_server_chain(
        &self,
        end_entity: &[u8],
        intermediates: &[&[u8]],
        server_name: Option<&ServerName>,
        now: UnixTime,
    ) -> Result<CertificateVerified, HandshakeError> {
        let mut options = self.options.clone();
        options.time = now;
        self.anchors
            .verify_server(end_entity, intermediates, server_name, &options)
            .map(|_| CertificateVerified::by_tls_pki())
            .map_err(HandshakeError::Certificate)
    }
}
