//! How a client decides to accept a server, and a server a client: the [`ServerCertVerifier`]
//! a client config holds (and the [`ClientCertVerifier`] of a server that asks for client
//! certificates) judges the peer's certificate chain and its CertificateVerify signature; the
//! defaults, [`WebPkiServerVerifier`] and [`WebPkiClientVerifier`], are tls-pki for the chain
//! (id-kp-serverAuth, id-kp-clientAuth) and ring for the signature.
//!
//! ```text
//! Certificate       ──▶ verify_server_chain     ──▶ CertificateVerified
//! CertificateVerify ──▶ verify_tls13_signature  ──▶ SignatureVerified
//! ```

use std::fmt;

use tls_pki::name::ServerName;
use tls_pki::{TrustAnchors, UnixTime, VerifyOptions};

use tls_wire::ids::SignatureScheme;

use crate::error::HandshakeError;
use crate::proof::CertificateVerified;
use crate::verify::{Side, SignatureVerified, verify_tls13_certificate_verify};
use crate::verify_tls12::{Tls12Signed, verify_tls12_signature};

/// Decides whether a server's certificate chain and its signature are acceptable.
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

    /// Verifies the server's TLS 1.3 CertificateVerify: `signature` with `scheme` by the key of
    /// `end_entity` (DER) over `transcript_hash` (Transcript-Hash(Handshake Context,
    /// Certificate)), `scheme` being one of the schemes we `offered`.
    ///
    /// The default is [`verify_tls13_certificate_verify`]; override it only to vouch for
    /// signatures ring cannot check.
    fn verify_tls13_signature(
        &self,
        end_entity: &[u8],
        scheme: SignatureScheme,
        offered: &[SignatureScheme],
        transcript_hash: &[u8],
        signature: &[u8],
    ) -> Result<SignatureVerified, HandshakeError> {
        verify_tls13_certificate_verify(
            end_entity,
            scheme,
            offered,
            transcript_hash,
            Side::Server,
            signature,
        )
    }

    /// Verifies the server's TLS 1.2 ServerKeyExchange signature: `signature` with `scheme`
    /// by the key of `end_entity` (DER) over `message` (both randoms and the ECDHE
    /// parameters, [`server_key_exchange_message`](crate::verify_tls12::server_key_exchange_message)),
    /// `scheme` being one of the schemes we `offered`.
    ///
    /// The default is [`verify_tls12_signature`]; override it only to vouch for signatures
    /// ring cannot check.
    fn verify_tls12_server_key_exchange(
        &self,
        end_entity: &[u8],
        scheme: SignatureScheme,
        offered: &[SignatureScheme],
        message: &[u8],
        signature: &[u8],
    ) -> Result<SignatureVerified, HandshakeError> {
        verify_tls12_signature(
            end_entity,
            scheme,
            offered,
            message,
            Tls12Signed::ServerKeyExchange,
            signature,
        )
    }
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
            .map(|path| CertificateVerified::by_tls_pki(&path))
            .map_err(HandshakeError::Certificate)
    }
}

/// Decides whether a client's certificate chain and its signature are acceptable, for a server
/// that asks for client certificates.
pub trait ClientCertVerifier: Send + Sync + fmt::Debug {
    /// The subjects (DER `Name`s) of the roots client chains may lead to, sent in the
    /// CertificateRequest's `certificate_authorities` so that a client picks a certificate
    /// we can verify (RFC 8446 §4.2.4). Empty: the extension is not sent.
    fn root_subjects(&self) -> Vec<Vec<u8>>;

    /// Verifies `end_entity` (DER) with the `intermediates` the client sent, at `now`.
    fn verify_client_chain(
        &self,
        end_entity: &[u8],
        intermediates: &[&[u8]],
        now: UnixTime,
    ) -> Result<CertificateVerified, HandshakeError>;

    /// Verifies the client's TLS 1.3 CertificateVerify: `signature` with `scheme` by the key
    /// of `end_entity` over `transcript_hash`, `scheme` being one of the schemes our
    /// CertificateRequest `offered`.
    fn verify_tls13_signature(
        &self,
        end_entity: &[u8],
        scheme: SignatureScheme,
        offered: &[SignatureScheme],
        transcript_hash: &[u8],
        signature: &[u8],
    ) -> Result<SignatureVerified, HandshakeError> {
        verify_tls13_certificate_verify(
            end_entity,
            scheme,
            offered,
            transcript_hash,
            Side::Client,
            signature,
        )
    }

    /// Verifies the client's TLS 1.2 CertificateVerify: `signature` with `scheme` by the key
    /// of `end_entity` over `handshake_messages` (every handshake message from the
    /// ClientHello up to the ClientKeyExchange, RFC 5246 §7.4.8), `scheme` being one of the
    /// schemes our CertificateRequest `offered`.
    ///
    /// The default is [`verify_tls12_signature`]; override it only to vouch for signatures
    /// ring cannot check.
    fn verify_tls12_certificate_verify(
        &self,
        end_entity: &[u8],
        scheme: SignatureScheme,
        offered: &[SignatureScheme],
        handshake_messages: &[u8],
        signature: &[u8],
    ) -> Result<SignatureVerified, HandshakeError> {
        verify_tls12_signature(
            end_entity,
            scheme,
            offered,
            handshake_messages,
            Tls12Signed::CertificateVerify,
            signature,
        )
    }
}

/// The default client verifier: a path to one of `anchors` for id-kp-clientAuth, checked by
/// tls-pki with `options` (their `time` is replaced by the handshake's clock).
#[derive(Clone, Debug)]
pub struct WebPkiClientVerifier {
    anchors: TrustAnchors,
    options: VerifyOptions,
}

impl WebPkiClientVerifier {
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

impl ClientCertVerifier for WebPkiClientVerifier {
    fn root_subjects(&self) -> Vec<Vec<u8>> {
        self.anchors
            .iter()
            .map(|anchor| anchor.subject().to_vec())
            .collect()
    }

    fn verify_client_chain(
        &self,
        end_entity: &[u8],
        intermediates: &[&[u8]],
        now: UnixTime,
    ) -> Result<CertificateVerified, HandshakeError> {
        let mut options = self.options.clone();
        options.time = now;
        self.anchors
            .verify_client(end_entity, intermediates, &options)
            .map(|path| CertificateVerified::by_tls_pki(&path))
            .map_err(HandshakeError::Certificate)
    }
}
