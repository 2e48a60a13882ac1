//! TLS 1.2 signatures (RFC 5246 §7.4.3, §7.4.8; RFC 8422 §5.4): the ServerKeyExchange's
//! signature over both randoms and the server's ECDHE parameters, and a client's
//! CertificateVerify over the handshake messages, checked with the end-entity key.
//!
//! ```text
//! scheme ──▶ tls12_signature_algorithm ──▶ offered? ──┐
//! end-entity DER ──▶ SPKI (usable?) ──────────────────┼─▶ tls_pki::verify_signature ──▶ SignatureVerified
//! randoms + params (server_key_exchange_message) ─────┘   (or the handshake messages, for CertificateVerify)
//! ```
//!
//! Two differences from TLS 1.3 ([`crate::verify`]): `rsa_pkcs1_*` schemes are allowed (with
//! SHA-256 or stronger: never SHA-1), and an ECDSA scheme does not bind its curve, since in TLS
//! 1.2 the scheme names only the hash (RFC 8446 §4.2.3).

use tls_pki::signature::SignatureAlgorithm;
use tls_wire::ids::SignatureScheme;

use crate::error::{HandshakeError, PeerMisbehaved};
use crate::verify::{SignatureVerified, verify_with_end_entity};

/// The schemes we can verify in TLS 1.2, in the order a `signature_algorithms` offer lists
/// them: the TLS 1.3 set, then RSASSA-PKCS1-v1_5 with SHA-256, SHA-384 and SHA-512 (what RSA
/// servers that predate RSA-PSS sign with).
pub const TLS12_SIGNATURE_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme::ECDSA_SECP256R1_SHA256,
    SignatureScheme::ECDSA_SECP384R1_SHA384,
    SignatureScheme::ED25519,
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PKCS1_SHA512,
];

/// Which TLS 1.2 message carries the signature: it names the error of a bad one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tls12Signed {
    /// The server's ServerKeyExchange (RFC 5246 §7.4.3).
    ServerKeyExchange,
    /// The client's CertificateVerify (RFC 5246 §7.4.8).
    CertificateVerify,
}

/// The tls-pki algorithm that verifies a TLS 1.2 signature made with `scheme`.
///
/// Errors: [`PeerMisbehaved::SignatureSchemeNotOffered`] for every scheme outside
/// [`TLS12_SIGNATURE_SCHEMES`], SHA-1 and MD5 among them (we never offer what we refuse).
pub fn tls12_signature_algorithm(
    scheme: SignatureScheme,
) -> Result<SignatureAlgorithm, HandshakeError> {
    match scheme {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.3
        //# If the hash being
        //# used is not one of these values, or if the curve does not match, or
        //# if it is not consistent with the negotiated algorithm, then
        //
        // That curve binding is TLS 1.3's: in TLS 1.2 the scheme is a (hash, signature) pair,
        // so ecdsa_secp256r1_sha256 is ECDSA with SHA-256 on any curve we advertised.
        SignatureScheme::ECDSA_SECP256R1_SHA256 => Ok(SignatureAlgorithm::EcdsaSha256),
        SignatureScheme::ECDSA_SECP384R1_SHA384 => Ok(SignatureAlgorithm::EcdsaSha384),
        SignatureScheme::ED25519 => Ok(SignatureAlgorithm::Ed25519),
        SignatureScheme::RSA_PSS_RSAE_SHA256 => Ok(SignatureAlgorithm::RsaPssSha256),
        SignatureScheme::RSA_PSS_RSAE_SHA384 => Ok(SignatureAlgorithm::RsaPssSha384),
        SignatureScheme::RSA_PSS_RSAE_SHA512 => Ok(SignatureAlgorithm::RsaPssSha512),
        SignatureScheme::RSA_PKCS1_SHA256 => Ok(SignatureAlgorithm::RsaPkcs1Sha256),
        SignatureScheme::RSA_PKCS1_SHA384 => Ok(SignatureAlgorithm::RsaPkcs1Sha384),
        SignatureScheme::RSA_PKCS1_SHA512 => Ok(SignatureAlgorithm::RsaPkcs1Sha512),
        // rsa_pkcs1_sha1, ecdsa_sha1, the MD5 and SHA-224 pairs, ed448, rsa_pss_pss_*: none is
        // offered.
        _ => Err(PeerMisbehaved::SignatureSchemeNotOffered { scheme }.into()),
    }
}

/// Appends to `out` what a TLS 1.2 ECDHE ServerKeyExchange signs (RFC 8422 §5.4):
/// `ClientHello.random + ServerHello.random + ServerKeyExchange.params`, `params` being the
/// encoded ServerECDHParams.
pub fn server_key_exchange_message(
    client_random: &[u8; 32],
    server_random: &[u8; 32],
    params: &[u8],
    out: &mut Vec<u8>,
) {
    //= https://www.rfc-editor.org/rfc/rfc8422#section-5.4
    //# ServerKeyExchange.signed_params.sha_hash
    //#     SHA(ClientHello.random + ServerHello.random +
    //#                                       ServerKeyExchange.params);
    out.reserve(64usize.saturating_add(params.len()));
    out.extend_from_slice(client_random);
    out.extend_from_slice(server_random);
    out.extend_from_slice(params);
}

/// Verifies a TLS 1.2 signature: `signature` with `scheme` by the key of `end_entity_der` over
/// `message` (built by [`server_key_exchange_message`], or the handshake messages so far for a
/// CertificateVerify), `scheme` being one of the schemes we `offered`.
///
/// Errors, in the order checked:
/// - [`PeerMisbehaved::SignatureSchemeNotOffered`] for a scheme not in `offered` or one we do
///   not verify (SHA-1 included);
/// - [`HandshakeError::Certificate`] if the certificate does not parse or its key is one we
///   cannot verify with;
/// - [`PeerMisbehaved::SignatureSchemeKeyMismatch`] if the scheme does not fit the key;
/// - [`PeerMisbehaved::BadServerKeyExchangeSignature`] or
///   [`PeerMisbehaved::BadCertificateVerifySignature`] (by `signed`) if the signature does not
///   verify: decrypt_error.
pub fn verify_tls12_signature(
    end_entity_der: &[u8],
    scheme: SignatureScheme,
    offered: &[SignatureScheme],
    message: &[u8],
    signed: Tls12Signed,
    signature: &[u8],
) -> Result<SignatureVerified, HandshakeError> {
    let algorithm = tls12_signature_algorithm(scheme)?;
    //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.3
    //# If the client has offered the "signature_algorithms" extension, the
    //# signature algorithm and hash algorithm MUST be a pair listed in that
    //# extension.
    if !offered.contains(&scheme) {
        return Err(PeerMisbehaved::SignatureSchemeNotOffered { scheme }.into());
    }
    //= https://www.rfc-editor.org/rfc/rfc5246#section-7.2.2
    //# decrypt_error
    //#    A handshake cryptographic operation failed, including being unable
    //#    to correctly verify a signature or validate a Finished message.
    let bad = match signed {
        Tls12Signed::ServerKeyExchange => PeerMisbehaved::BadServerKeyExchangeSignature,
        Tls12Signed::CertificateVerify => PeerMisbehaved::BadCertificateVerifySignature,
    };
    verify_with_end_entity(end_entity_der, scheme, algorithm, message, signature, bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::TLS13_CERTIFICATE_VERIFY_SCHEMES;

    /// An offer for both versions lists the TLS 1.2 set, whose head is the TLS 1.3 set.
    #[test]
    fn the_tls12_schemes_extend_the_tls13_ones() {
        let head = TLS12_SIGNATURE_SCHEMES.get(..TLS13_CERTIFICATE_VERIFY_SCHEMES.len());
        assert_eq!(head, Some(TLS13_CERTIFICATE_VERIFY_SCHEMES));
    }

    #[test]
    fn never_accepts_sha1_or_md5() {
        for scheme in [0x0201, 0x0203, 0x0101, 0x0103, 0x0301, 0x0303] {
            let scheme = SignatureScheme::new(scheme);
            assert_eq!(
                tls12_signature_algorithm(scheme).unwrap_err(),
                PeerMisbehaved::SignatureSchemeNotOffered { scheme }.into()
            );
        }
    }

    #[test]
    fn maps_every_scheme_we_offer() {
        for &scheme in TLS12_SIGNATURE_SCHEMES {
            assert!(tls12_signature_algorithm(scheme).is_ok(), "{scheme}");
        }
    }

    #[test]
    fn ecdsa_schemes_do_not_bind_a_curve() {
        assert_eq!(
            tls12_signature_algorithm(SignatureScheme::ECDSA_SECP256R1_SHA256),
            Ok(SignatureAlgorithm::EcdsaSha256)
        );
        assert_eq!(
            tls12_signature_algorithm(SignatureScheme::ECDSA_SECP384R1_SHA384),
            Ok(SignatureAlgorithm::EcdsaSha384)
        );
    }

    #[test]
    fn signs_the_randoms_then_the_params() {
        let mut out = vec![0xee];
        server_key_exchange_message(&[1; 32], &[2; 32], &[3, 0, 29], &mut out);
        assert_eq!(out.len(), 1 + 64 + 3);
        assert_eq!(out[1..33], [1; 32]);
        assert_eq!(out[33..65], [2; 32]);
        assert_eq!(out[65..], [3, 0, 29]);
    }
}
