//! Proof tokens: zero-sized values that can only be made where a check is done, so that a state
//! holding one shows the check happened (HOUSE-STYLE §4).
//!
//! [`CertificateVerified`] comes from [`WebPkiServerVerifier`](crate::verifier::WebPkiServerVerifier)
//! (tls-pki built a path) or, for a caller's own verifier, from
//! [`CertificateVerified::dangerous_vouched_by`], which records who vouched. The signature proof,
//! [`SignatureVerified`](crate::verify::SignatureVerified), is made only by
//! [`verify_tls13_certificate_verify`](crate::verify::verify_tls13_certificate_verify).

/// Proof that the peer's certificate chain was accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertificateVerified {
    vouched_by: &'static str,
}

impl CertificateVerified {
    /// Made by this crate's verifier after tls-pki accepted the chain.
    pub(crate) fn by_tls_pki() -> Self {
        Self {
            vouched_by: "tls-pki",
        }
    }

    /// A caller's own verifier vouches for a chain. The name is kept, so that a connection can
    /// say who accepted its peer. Nothing checks the chain here: that is the caller's promise.
    pub fn dangerous_vouched_by(verifier: &'static str) -> Self {
        Self {
            vouched_by: verifier,
        }
    }

    /// Who accepted the chain.
    pub fn vouched_by(&self) -> &'static str {
        self.vouched_by
    }
}
