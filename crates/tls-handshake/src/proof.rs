//! Proof tokens: values that can only be made where a check is done, so that a state holding
//! one shows the check happened (HOUSE-STYLE §4), and [`PeerAuth`], how the peer of a completed
//! handshake was authenticated.
//!
//! ```text
//! CertificateVerified ◀── WebPkiServerVerifier (tls-pki built a path)
//!                     ◀── CertificateVerified::dangerous_vouched_by (a caller's own verifier)
//! SignatureVerified   ◀── verify_tls13_certificate_verify (ring checked the signature)
//!                     ◀── SignatureVerified::dangerous_vouched_by (a caller's own verifier)
//! FinishedVerified    ◀── the Finished check (constant time)
//!
//! Traffic { negotiated, PeerAuth, FinishedVerified }: no completed handshake without them
//! ```
//!
//! Each `Traffic` state holds a [`PeerAuth`] and a [`FinishedVerified`], and its only
//! constructor takes them, so a handshake cannot complete without the checks.
//!
//! The proofs cannot be forged outside the module that checks:
//!
//! ```compile_fail
//! let proof = tls_handshake::proof::FinishedVerified(());
//! ```
//!
//! ```compile_fail
//! let proof = tls_handshake::proof::SignatureVerified { vouched_by: "me" };
//! ```

use tls_pki::VerifiedPath;

pub use crate::finished::FinishedVerified;
pub use crate::verify::SignatureVerified;

/// Proof that the peer's certificate chain was accepted, with the path that was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateVerified {
    vouched_by: &'static str,
    /// The path tls-pki built: the end-entity certificate, then the intermediates up to the
    /// trust anchor (DER); empty for a caller's own verifier.
    path: Vec<Vec<u8>>,
    /// The subject (DER `Name`) of the trust anchor the path ends at.
    anchor_subject: Vec<u8>,
}

impl CertificateVerified {
    /// Made by this crate's verifiers after tls-pki accepted the chain along `path`.
    pub(crate) fn by_tls_pki(path: &VerifiedPath<'_>) -> Self {
        let mut certificates = vec![path.end_entity_der().to_vec()];
        certificates.extend(path.intermediates().iter().map(|der| der.to_vec()));
        Self {
            vouched_by: "tls-pki",
            path: certificates,
            anchor_subject: path.anchor().subject().to_vec(),
        }
    }

    /// A caller's own verifier vouches for a chain. The name is kept, so that a connection can
    /// say who accepted its peer. Nothing checks the chain here: that is the caller's promise.
    pub fn dangerous_vouched_by(verifier: &'static str) -> Self {
        Self {
            vouched_by: verifier,
            path: Vec::new(),
            anchor_subject: Vec::new(),
        }
    }

    /// Who accepted the chain.
    pub fn vouched_by(&self) -> &'static str {
        self.vouched_by
    }

    /// The path tls-pki built, end-entity first, up to the certificate the anchor issued (the
    /// peer may have sent more, or in another order: `peer_certificates` keeps what it sent).
    /// Empty when a caller's own verifier vouched.
    pub fn path(&self) -> &[Vec<u8>] {
        &self.path
    }

    /// The subject (DER `Name`) of the trust anchor the path ends at; empty when a caller's
    /// own verifier vouched.
    pub fn anchor_subject(&self) -> &[u8] {
        &self.anchor_subject
    }
}

/// How the peer of a completed handshake was authenticated.
#[derive(Debug)]
pub enum PeerAuth {
    /// The peer's chain was accepted, and its end-entity key signed the handshake
    /// (CertificateVerify, RFC 8446 §4.4.3).
    Certificate(CertificateVerified, SignatureVerified),
    /// We did not ask the peer to authenticate: a server that requests no client certificate.
    NotRequested,
    /// We asked for a client certificate, which was optional, and the client sent none.
    NoCertificate,
    /// An earlier session was resumed (TLS 1.2, by session id): the peer proved it holds that
    /// session's master secret with its Finished. `certificate` says whether it presented a
    /// certificate in the handshake that made the session (the connection's peer certificates
    /// are the ones it presented then).
    Resumed {
        /// Whether the peer authenticated with a certificate then.
        certificate: bool,
    },
}

impl PeerAuth {
    /// Who accepted the peer's chain, if it presented one.
    pub fn certificate_vouched_by(&self) -> Option<&'static str> {
        match self {
            Self::Certificate(certificate, _) => Some(certificate.vouched_by()),
            Self::NotRequested | Self::NoCertificate | Self::Resumed { .. } => None,
        }
    }
}
