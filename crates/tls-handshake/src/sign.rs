//! Our private keys, and the signatures we make with them (our CertificateVerify).
//!
//! ```text
//! PEM / DER ──▶ SigningKey::from_* ──▶ SigningKey ──┬─ tls13_schemes()
//!   (load.rs)                                       ├─ choose_tls13_scheme(peer's offer) ──▶ scheme
//!                                                   └─ sign(scheme, content, rng) ──▶ signature
//! ```
//!
//! A [`SigningKey`] holds one of ring's key pairs: ECDSA on P-256 or P-384 (signatures are DER
//! `ECDSA-Sig-Value`s), RSA of 2048 to 4096 bits (RSASSA-PSS with MGF1 and a salt as long as the
//! hash), or Ed25519. It signs only with TLS 1.3 CertificateVerify schemes: never RSASSA-PKCS1-v1_5.
//! The caller builds the content to sign with
//! [`certificate_verify_message`](crate::verify::certificate_verify_message).
//!
//! Randomness comes from the caller's [`Rng`] at signing time (ECDSA nonces, PSS salts), so a
//! replay can inject the trace's salt. ring also draws, when an ECDSA key is loaded, a nonce key
//! from the operating system, which it mixes into every nonce together with the message and the
//! signing-time randomness: ECDSA signatures are therefore never reproducible, which no trace
//! needs (ECDSA signatures are randomized anyway, and the recorded traces sign with RSA).

mod load;

use core::fmt;

use ring::signature::{
    self as ring_sig, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaEncoding, RsaKeyPair,
};
use tls_wire::ids::SignatureScheme;

use crate::deps::Rng;
use crate::error::{HandshakeError, LocalError, PeerIncompatible};

/// The schemes of a P-256 key: TLS 1.3 binds ECDSA's curve and hash (RFC 8446 §4.2.3).
const P256_SCHEMES: &[SignatureScheme] = &[SignatureScheme::ECDSA_SECP256R1_SHA256];
/// The schemes of a P-384 key.
const P384_SCHEMES: &[SignatureScheme] = &[SignatureScheme::ECDSA_SECP384R1_SHA384];
/// The schemes of an RSA key, in our order of preference.
///
/// SHA-256 comes first: rsa_pss_rsae_sha256 is the scheme every TLS 1.3 peer must support for
/// CertificateVerify (RFC 8446 §9.1), the larger hashes add nothing against a 2048- to 4096-bit
/// modulus (the key, not the hash, bounds the strength), and it is what the recorded servers we
/// replay (RFC 8448, illustrated-tls13) chose, so a replay picks the trace's scheme.
const RSA_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
];
/// The schemes of an RSA key in TLS 1.2: RSA-PSS first, then RSASSA-PKCS1-v1_5 for peers
/// that predate it (RFC 5246 §7.4.1.4.1; never with SHA-1).
const RSA_TLS12_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PKCS1_SHA512,
];
/// The schemes of an Ed25519 key.
const ED25519_SCHEMES: &[SignatureScheme] = &[SignatureScheme::ED25519];

/// A private key we sign our CertificateVerify with.
///
/// `Debug` names the key type only, never the key.
pub struct SigningKey {
    inner: Inner,
}

/// The ring key pair behind a [`SigningKey`].
enum Inner {
    /// ECDSA, with ring's algorithm fixed to the curve's one TLS 1.3 scheme.
    Ecdsa { pair: EcdsaKeyPair, curve: Curve },
    /// RSA, 2048 to 4096 bits.
    Rsa(RsaKeyPair),
    /// Ed25519.
    Ed25519(Ed25519KeyPair),
}

/// The curves we sign with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Curve {
    P256,
    P384,
}

impl SigningKey {
    /// The TLS 1.3 signature schemes this key can sign with, in our order of preference.
    ///
    /// One scheme for ECDSA (the key's curve decides) and Ed25519; the three `rsa_pss_rsae_*`
    /// schemes for RSA, SHA-256 first (see [`Self::choose_tls13_scheme`]).
    pub fn tls13_schemes(&self) -> &'static [SignatureScheme] {
        match &self.inner {
            Inner::Ecdsa {
                curve: Curve::P256, ..
            } => P256_SCHEMES,
            Inner::Ecdsa {
                curve: Curve::P384, ..
            } => P384_SCHEMES,
            Inner::Rsa(_) => RSA_SCHEMES,
            Inner::Ed25519(_) => ED25519_SCHEMES,
        }
    }

    /// The TLS 1.2 signature schemes this key can sign with, in our order of preference: the
    /// TLS 1.3 ones, and for RSA the `rsa_pkcs1_*` schemes after them.
    pub fn tls12_schemes(&self) -> &'static [SignatureScheme] {
        match &self.inner {
            Inner::Rsa(_) => RSA_TLS12_SCHEMES,
            _ => self.tls13_schemes(),
        }
    }

    /// Whether this is an RSA key (the ECDHE_RSA suites of TLS 1.2) rather than an ECDSA or
    /// EdDSA one (ECDHE_ECDSA, RFC 8422 §2).
    pub fn is_rsa(&self) -> bool {
        matches!(self.inner, Inner::Rsa(_))
    }

    /// Picks the scheme to sign a TLS 1.2 ServerKeyExchange or CertificateVerify with: the
    /// first of [`Self::tls12_schemes`] that the peer offered.
    ///
    /// Errors: [`PeerIncompatible::NoCommonSignatureScheme`] when the peer offered none.
    pub fn choose_tls12_scheme(
        &self,
        offered: &[SignatureScheme],
    ) -> Result<SignatureScheme, HandshakeError> {
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.4.1
        //# If the client provided a "signature_algorithms" extension, then all
        //# certificates provided by the server MUST be signed by a
        //# hash/signature algorithm pair that appears in that extension.
        self.tls12_schemes()
            .iter()
            .copied()
            .find(|scheme| offered.contains(scheme))
            .ok_or_else(|| PeerIncompatible::NoCommonSignatureScheme.into())
    }

    /// Picks the scheme to sign our CertificateVerify with from the peer's
    /// `signature_algorithms`: the first of [`Self::tls13_schemes`] (our order, not the
    /// peer's) that the peer offered.
    ///
    /// Only an RSA key has a choice to make. We keep our order because all three PSS schemes
    /// are equally strong with our key sizes, and SHA-256 is the one every peer supports; the
    /// peer's order would only matter if it preferred a scheme for a reason we share.
    ///
    /// Errors: [`PeerIncompatible::NoCommonSignatureScheme`] when the peer offered none of
    /// them (an offer of only `rsa_pkcs1_*` schemes for an RSA key included).
    pub fn choose_tls13_scheme(
        &self,
        offered: &[SignatureScheme],
    ) -> Result<SignatureScheme, HandshakeError> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
        //# If the CertificateVerify message is sent by a server, the signature
        //# algorithm MUST be one offered in the client's "signature_algorithms"
        //# extension unless no valid certificate chain can be produced without
        //# unsupported algorithms (see Section 4.2.3).
        //
        // We never use that exception: no common scheme stops the handshake.
        self.tls13_schemes()
            .iter()
            .copied()
            .find(|scheme| offered.contains(scheme))
            .ok_or_else(|| PeerIncompatible::NoCommonSignatureScheme.into())
    }

    /// Signs `message` (for a CertificateVerify, the content that
    /// [`certificate_verify_message`](crate::verify::certificate_verify_message) builds) with
    /// `scheme`, drawing the ECDSA nonce or the PSS salt from `rng`.
    ///
    /// ECDSA signatures are DER `ECDSA-Sig-Value`s; RSA signatures are RSASSA-PSS with MGF1 on
    /// the same hash and a salt as long as the hash, as long as the modulus.
    ///
    /// Errors: [`LocalError::SignatureSchemeNotForKey`] when `scheme` is not one of
    /// [`Self::tls13_schemes`] (which keeps `rsa_pkcs1_*` out of TLS 1.3);
    /// [`LocalError::SigningFailed`] when ring fails (in practice, when `rng` does).
    pub fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        rng: &dyn Rng,
    ) -> Result<Vec<u8>, HandshakeError> {
        self.sign_with(self.tls13_schemes(), scheme, message, rng)
    }

    /// Signs `message` for TLS 1.2 (a ServerKeyExchange's randoms and parameters, or the
    /// handshake messages of a CertificateVerify) with `scheme`, one of
    /// [`Self::tls12_schemes`]: as [`Self::sign`], with RSASSA-PKCS1-v1_5 allowed.
    pub fn sign_tls12(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        rng: &dyn Rng,
    ) -> Result<Vec<u8>, HandshakeError> {
        self.sign_with(self.tls12_schemes(), scheme, message, rng)
    }

    fn sign_with(
        &self,
        allowed: &[SignatureScheme],
        scheme: SignatureScheme,
        message: &[u8],
        rng: &dyn Rng,
    ) -> Result<Vec<u8>, HandshakeError> {
        let not_for_key = || HandshakeError::from(LocalError::SignatureSchemeNotForKey { scheme });
        if !allowed.contains(&scheme) {
            return Err(not_for_key());
        }
        let signing_failed = |_| HandshakeError::from(LocalError::SigningFailed);
        match &self.inner {
            // The pair's ring algorithm already is the scheme's: `tls13_schemes` checked it.
            Inner::Ecdsa { pair, .. } => pair
                .sign(rng.secure_random(), message)
                .map(|signature| signature.as_ref().to_vec())
                .map_err(signing_failed),
            Inner::Rsa(pair) => {
                //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
                //# RSA signatures MUST use an RSASSA-PSS algorithm, regardless of whether
                //# RSASSA-PKCS1-v1_5 algorithms appear in "signature_algorithms".
                //
                //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.3
                //# The length of the Salt MUST be equal to the length of the output
                //# of the digest algorithm.
                let padding: &'static dyn RsaEncoding = match scheme {
                    SignatureScheme::RSA_PSS_RSAE_SHA256 => &ring_sig::RSA_PSS_SHA256,
                    SignatureScheme::RSA_PSS_RSAE_SHA384 => &ring_sig::RSA_PSS_SHA384,
                    SignatureScheme::RSA_PSS_RSAE_SHA512 => &ring_sig::RSA_PSS_SHA512,
                    // Only `sign_tls12` lets these through.
                    SignatureScheme::RSA_PKCS1_SHA256 => &ring_sig::RSA_PKCS1_SHA256,
                    SignatureScheme::RSA_PKCS1_SHA384 => &ring_sig::RSA_PKCS1_SHA384,
                    SignatureScheme::RSA_PKCS1_SHA512 => &ring_sig::RSA_PKCS1_SHA512,
                    _ => return Err(not_for_key()),
                };
                let mut signature = vec![0; pair.public().modulus_len()];
                pair.sign(padding, rng.secure_random(), message, &mut signature)
                    .map_err(signing_failed)?;
                Ok(signature)
            }
            Inner::Ed25519(pair) => Ok(pair.sign(message).as_ref().to_vec()),
        }
    }

    /// Our public key as a certificate's `subjectPublicKey` carries it: the uncompressed point
    /// for ECDSA, the DER `RSAPublicKey` for RSA, the 32 octets for Ed25519.
    ///
    /// A configuration checks it against its certificate, so that a key and certificate that
    /// do not belong together fail when loaded rather than in every handshake.
    pub fn public_key(&self) -> &[u8] {
        match &self.inner {
            Inner::Ecdsa { pair, .. } => pair.public_key().as_ref(),
            Inner::Rsa(pair) => pair.public().as_ref(),
            Inner::Ed25519(pair) => pair.public_key().as_ref(),
        }
    }

    /// The key type, for `Debug`.
    fn algorithm(&self) -> &'static str {
        match &self.inner {
            Inner::Ecdsa {
                curve: Curve::P256, ..
            } => "ECDSA P-256",
            Inner::Ecdsa {
                curve: Curve::P384, ..
            } => "ECDSA P-384",
            Inner::Rsa(_) => "RSA",
            Inner::Ed25519(_) => "Ed25519",
        }
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::replay::FixedRng;

    const P256: &[u8] = include_bytes!("../../../testdata/keys/ecdsa-p256.pkcs8.pem");
    const RSA_2048: &[u8] = include_bytes!("../../../testdata/keys/rsa-2048.pkcs8.pem");
    const ED25519: &[u8] = include_bytes!("../../../testdata/keys/ed25519.pkcs8.pem");

    #[test]
    fn keys_can_be_shared_between_connections() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SigningKey>();
    }

    #[test]
    fn debug_names_the_key_type_only() {
        let key = SigningKey::from_pem(RSA_2048).unwrap();
        assert_eq!(format!("{key:?}"), r#"SigningKey { algorithm: "RSA", .. }"#);
    }

    #[test]
    fn chooses_in_our_order_not_the_peers() {
        let key = SigningKey::from_pem(RSA_2048).unwrap();
        let offered = [
            SignatureScheme::RSA_PSS_RSAE_SHA512,
            SignatureScheme::RSA_PSS_RSAE_SHA384,
            SignatureScheme::RSA_PSS_RSAE_SHA256,
        ];
        assert_eq!(
            key.choose_tls13_scheme(&offered),
            Ok(SignatureScheme::RSA_PSS_RSAE_SHA256)
        );
        assert_eq!(
            key.choose_tls13_scheme(&offered[..2]),
            Ok(SignatureScheme::RSA_PSS_RSAE_SHA384)
        );
    }

    #[test]
    fn rejects_an_offer_of_only_pkcs1_for_an_rsa_key() {
        let key = SigningKey::from_pem(RSA_2048).unwrap();
        let offered = [
            SignatureScheme::RSA_PKCS1_SHA256,
            SignatureScheme::RSA_PKCS1_SHA384,
        ];
        assert_eq!(
            key.choose_tls13_scheme(&offered),
            Err(PeerIncompatible::NoCommonSignatureScheme.into())
        );
    }

    #[test]
    fn refuses_to_sign_pkcs1_in_tls13() {
        let key = SigningKey::from_pem(RSA_2048).unwrap();
        let scheme = SignatureScheme::RSA_PKCS1_SHA256;
        assert_eq!(
            key.sign(scheme, b"content", &FixedRng::new(1)),
            Err(LocalError::SignatureSchemeNotForKey { scheme }.into())
        );
    }

    #[test]
    fn refuses_to_sign_with_another_curves_scheme() {
        let key = SigningKey::from_pem(P256).unwrap();
        let scheme = SignatureScheme::ECDSA_SECP384R1_SHA384;
        assert_eq!(
            key.sign(scheme, b"content", &FixedRng::new(1)),
            Err(LocalError::SignatureSchemeNotForKey { scheme }.into())
        );
    }

    #[test]
    fn pss_signatures_repeat_with_the_same_salt() {
        let key = SigningKey::from_pem(RSA_2048).unwrap();
        let scheme = SignatureScheme::RSA_PSS_RSAE_SHA384;
        let first = key.sign(scheme, b"content", &FixedRng::new(0x12)).unwrap();
        let second = key.sign(scheme, b"content", &FixedRng::new(0x12)).unwrap();
        let other_salt = key.sign(scheme, b"content", &FixedRng::new(0x13)).unwrap();
        assert_eq!(first.len(), 256);
        assert_eq!(first, second);
        assert_ne!(first, other_salt);
    }

    #[test]
    fn ed25519_signatures_are_64_octets() {
        let key = SigningKey::from_pem(ED25519).unwrap();
        let signature = key
            .sign(SignatureScheme::ED25519, b"content", &FixedRng::new(0))
            .unwrap();
        assert_eq!(signature.len(), 64);
        assert_eq!(key.public_key().len(), 32);
    }
}
