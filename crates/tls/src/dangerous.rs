//! For tests and special cases only: what turns off the checks that make TLS worth having.
//! Nothing here is needed by a client or server that talks to the public Internet, and every
//! name says what it gives up.
//!
//! - [`AcceptAnyServerCertificate`]: a client accepts any certificate chain, from any issuer,
//!   for any name, expired or not. The server must still prove it holds the certificate's key
//!   (its CertificateVerify or ServerKeyExchange signature is checked), so the connection is
//!   encrypted to *someone*, who may be anyone.
//! - [`AcceptAnyClientCertificate`]: a server takes any client certificate chain.
//! - Your own verifier: implement [`ServerCertVerifier`] or [`ClientCertVerifier`] and vouch
//!   with [`CertificateVerified::dangerous_vouched_by`]; the name you give is what
//!   [`Connection::peer_auth`](crate::Connection::peer_auth) reports.
//! - Skipping only the name check, keeping the chain's:
//!   [`ClientConfigBuilder::dangerous_skip_server_name_check`](crate::ClientConfigBuilder::dangerous_skip_server_name_check).

use tls_handshake::error::HandshakeError;
use tls_pki::UnixTime;
use tls_pki::name::ServerName;

pub use tls_handshake::proof::CertificateVerified;
pub use tls_handshake::verifier::{ClientCertVerifier, ServerCertVerifier};

/// A server verifier that accepts every chain: see the [module](self) documentation.
#[derive(Clone, Copy, Debug, Default)]
pub struct AcceptAnyServerCertificate;

impl ServerCertVerifier for AcceptAnyServerCertificate {
    fn verify_server_chain(
        &self,
        _end_entity: &[u8],
        _intermediates: &[&[u8]],
        _server_name: Option<&ServerName>,
        _now: UnixTime,
    ) -> Result<CertificateVerified, HandshakeError> {
        Ok(CertificateVerified::dangerous_vouched_by(
            "AcceptAnyServerCertificate",
        ))
    }
}

/// A client verifier that accepts every chain: see the [module](self) documentation. It names
/// no certificate authorities in the CertificateRequest.
#[derive(Clone, Copy, Debug, Default)]
pub struct AcceptAnyClientCertificate;

impl ClientCertVerifier for AcceptAnyClientCertificate {
    fn root_subjects(&self) -> Vec<Vec<u8>> {
        Vec::new()
    }

    fn verify_client_chain(
        &self,
        _end_entity: &[u8],
        _intermediates: &[&[u8]],
        _now: UnixTime,
    ) -> Result<CertificateVerified, HandshakeError> {
        Ok(CertificateVerified::dangerous_vouched_by(
            "AcceptAnyClientCertificate",
        ))
    }
}
