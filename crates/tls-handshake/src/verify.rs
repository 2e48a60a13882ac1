//! The peer's CertificateVerify (RFC 8446 §4.4.3): what was signed, with which scheme, and the
//! check that the end-entity certificate's key signed it.
//!
//! ```text
//! scheme ──▶ tls13_signature_algorithm ──▶ offered? ──┐
//! end-entity DER ──▶ Certificate ──▶ SPKI (usable?) ──┼─▶ tls_pki::verify_signature ──▶ SignatureVerified
//! side + transcript hash ──▶ certificate_verify_message ┘
//! ```
//!
//! [`SignatureVerified`] is the proof that the check passed: [`verify_tls13_certificate_verify`]
//! makes one, a caller's own verifier may vouch for one through
//! [`SignatureVerified::dangerous_vouched_by`], and the state machine needs it to go on to the
//! peer's Finished (HOUSE-STYLE §4).

use tls_pki::signature::{self, SignatureAlgorithm};
use tls_pki::{Position, Rejection, cert::Certificate};
use tls_wire::ids::SignatureScheme;

use crate::error::{HandshakeError, PeerMisbehaved};

/// The schemes we can verify in a TLS 1.3 CertificateVerify, in the order a
/// `signature_algorithms` offer lists them.
///
/// ECDSA and Ed25519 come before RSA-PSS: their signatures are smaller and their keys as strong.
/// Offers must hold only schemes from this list (with `rsa_pkcs1_*` added where a TLS 1.3 offer
/// also speaks for certificates): [`verify_tls13_certificate_verify`] cannot check others.
pub const TLS13_CERTIFICATE_VERIFY_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme::ECDSA_SECP256R1_SHA256,
    SignatureScheme::ECDSA_SECP384R1_SHA384,
    SignatureScheme::ED25519,
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
];

/// The 64 octets of 0x20 that open the signed content.
const PAD: [u8; 64] = [0x20; 64];
/// The context string of a server's CertificateVerify.
const SERVER_CONTEXT: &[u8] = b"TLS 1.3, server CertificateVerify";
/// The context string of a client's CertificateVerify.
const CLIENT_CONTEXT: &[u8] = b"TLS 1.3, client CertificateVerify";

/// Which endpoint signed a CertificateVerify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The client (client authentication, RFC 8446 §4.4.2.4).
    Client,
    /// The server.
    Server,
}

/// Proof that the peer's CertificateVerify signature verified with its end-entity
/// certificate's key. [`verify_tls13_certificate_verify`] makes one; a caller's own verifier
/// vouches for one with [`dangerous_vouched_by`](Self::dangerous_vouched_by).
#[derive(Debug)]
pub struct SignatureVerified {
    vouched_by: &'static str,
}

impl SignatureVerified {
    /// A caller's own verifier vouches for a signature (one ring cannot check, such as RFC
    /// 8448's RSA-1024 CertificateVerify). The name is kept; nothing checks the signature
    /// here: that is the caller's promise.
    pub fn dangerous_vouched_by(verifier: &'static str) -> Self {
        Self {
            vouched_by: verifier,
        }
    }

    /// Who checked the signature: `"ring"` for [`verify_tls13_certificate_verify`].
    pub fn vouched_by(&self) -> &'static str {
        self.vouched_by
    }
}

/// Appends to `out` the content a CertificateVerify signs (RFC 8446 §4.4.3): 64 octets of 0x20,
/// the context string of `side` (the signer), a 0 octet, and `transcript_hash`
/// (Transcript-Hash(Handshake Context, Certificate)).
///
/// Both sides use it: the signer to build what it signs, the receiver to build what it checks.
pub fn certificate_verify_message(side: Side, transcript_hash: &[u8], out: &mut Vec<u8>) {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
    //# The context string for a server signature is
    //# "TLS 1.3, server CertificateVerify".  The context string for a
    //# client signature is "TLS 1.3, client CertificateVerify".
    let context = match side {
        Side::Server => SERVER_CONTEXT,
        Side::Client => CLIENT_CONTEXT,
    };
    out.reserve(
        PAD.len()
            .saturating_add(context.len())
            .saturating_add(1)
            .saturating_add(transcript_hash.len()),
    );
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
    //# The digital signature is then computed over the concatenation of:
    //#
    //# -  A string that consists of octet 32 (0x20) repeated 64 times
    //#
    //# -  The context string
    //#
    //# -  A single 0 byte which serves as the separator
    //#
    //# -  The content to be signed
    out.extend_from_slice(&PAD);
    out.extend_from_slice(context);
    out.push(0x00);
    out.extend_from_slice(transcript_hash);
}

/// The tls-pki algorithm that verifies a TLS 1.3 CertificateVerify signed with `scheme`.
///
/// ECDSA schemes bind their curve ([`SignatureAlgorithm::EcdsaP256Sha256`] refuses a P-384
/// key); `rsa_pss_rsae_*` is RSASSA-PSS with a salt as long as the hash.
///
/// Errors: [`PeerMisbehaved::Pkcs1InCertificateVerify`] for any `rsa_pkcs1_*` scheme;
/// [`PeerMisbehaved::SignatureSchemeNotOffered`] for every other scheme outside
/// [`TLS13_CERTIFICATE_VERIFY_SCHEMES`] (we never offer what we cannot verify).
pub fn tls13_signature_algorithm(
    scheme: SignatureScheme,
) -> Result<SignatureAlgorithm, HandshakeError> {
    match scheme {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.3
        //# ECDSA algorithms:  Indicates a signature algorithm using ECDSA
        //#    [ECDSA], the corresponding curve as defined in ANSI X9.62 [ECDSA]
        //#    and FIPS 186-4 [DSS], and the corresponding hash algorithm as
        //#    defined in [SHS].
        SignatureScheme::ECDSA_SECP256R1_SHA256 => Ok(SignatureAlgorithm::EcdsaP256Sha256),
        SignatureScheme::ECDSA_SECP384R1_SHA384 => Ok(SignatureAlgorithm::EcdsaP384Sha384),
        SignatureScheme::RSA_PSS_RSAE_SHA256 => Ok(SignatureAlgorithm::RsaPssSha256),
        SignatureScheme::RSA_PSS_RSAE_SHA384 => Ok(SignatureAlgorithm::RsaPssSha384),
        SignatureScheme::RSA_PSS_RSAE_SHA512 => Ok(SignatureAlgorithm::RsaPssSha512),
        SignatureScheme::ED25519 => Ok(SignatureAlgorithm::Ed25519),
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
        //# RSA signatures MUST use an RSASSA-PSS algorithm, regardless of whether
        //# RSASSA-PKCS1-v1_5 algorithms appear in "signature_algorithms".
        //
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
        //# The SHA-1 algorithm
        //# MUST NOT be used in any signatures of CertificateVerify messages.
        SignatureScheme::RSA_PKCS1_SHA1
        | SignatureScheme::RSA_PKCS1_SHA256
        | SignatureScheme::RSA_PKCS1_SHA384
        | SignatureScheme::RSA_PKCS1_SHA512
        | SignatureScheme::RSA_PKCS1_SHA256_LEGACY
        | SignatureScheme::RSA_PKCS1_SHA384_LEGACY
        | SignatureScheme::RSA_PKCS1_SHA512_LEGACY => {
            Err(PeerMisbehaved::Pkcs1InCertificateVerify { scheme }.into())
        }
        // ecdsa_sha1 (SHA-1 again), ed448, rsa_pss_pss_*, P-521 and the rest: none is in our
        // offer, since neither ring nor tls-pki verifies them.
        _ => Err(PeerMisbehaved::SignatureSchemeNotOffered { scheme }.into()),
    }
}

/// Verifies the peer's TLS 1.3 CertificateVerify (RFC 8446 §4.4.3).
///
/// `end_entity_der` is the first certificate of the peer's Certificate message,
/// `scheme` and `signature` the CertificateVerify's fields, `offered` the schemes our
/// `signature_algorithms` offered (ClientHello for a server's signature, CertificateRequest for
/// a client's), `transcript_hash` Transcript-Hash(Handshake Context, Certificate) and `side`
/// the peer's side. The certificate's validity and chain are not looked at: the path builder
/// checks those.
///
/// Errors, in the order checked:
/// - [`PeerMisbehaved::Pkcs1InCertificateVerify`] for an `rsa_pkcs1_*` scheme, offered or not;
/// - [`PeerMisbehaved::SignatureSchemeNotOffered`] for a scheme not in `offered`, or one we do
///   not verify;
/// - [`HandshakeError::Certificate`] (at [`Position::EndEntity`]) if the certificate does not
///   parse or its key is one we cannot verify with (RSA below 2048 bits, P-521, …);
/// - [`PeerMisbehaved::SignatureSchemeKeyMismatch`] if the scheme does not fit the key
///   (ecdsa_secp256r1_sha256 with a P-384 or an RSA key);
/// - [`PeerMisbehaved::BadCertificateVerifySignature`] if the signature does not verify.
pub fn verify_tls13_certificate_verify(
    end_entity_der: &[u8],
    scheme: SignatureScheme,
    offered: &[SignatureScheme],
    transcript_hash: &[u8],
    side: Side,
    signature: &[u8],
) -> Result<SignatureVerified, HandshakeError> {
    let algorithm = tls13_signature_algorithm(scheme)?;
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
    //# If the CertificateVerify message is sent by a server, the signature
    //# algorithm MUST be one offered in the client's "signature_algorithms"
    //# extension unless no valid certificate chain can be produced without
    //# unsupported algorithms (see Section 4.2.3).
    //
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
    //# If sent by a client, the signature algorithm used in the signature
    //# MUST be one of those present in the supported_signature_algorithms
    //# field of the "signature_algorithms" extension in the
    //# CertificateRequest message.
    //
    // The exception concerns the certificate chain's signatures, not this one: we can only
    // verify a scheme we offered.
    if !offered.contains(&scheme) {
        return Err(PeerMisbehaved::SignatureSchemeNotOffered { scheme }.into());
    }

    let mut message = Vec::new();
    certificate_verify_message(side, transcript_hash, &mut message);
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
    //# The receiver of a CertificateVerify message MUST verify the signature
    //# field.
    //
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
    //# If the verification fails, the receiver MUST terminate the handshake
    //# with a "decrypt_error" alert.
    verify_with_end_entity(
        end_entity_der,
        scheme,
        algorithm,
        &message,
        signature,
        PeerMisbehaved::BadCertificateVerifySignature,
    )
}

/// Checks `signature` over `message` with the key of `end_entity_der`, for either version.
///
/// Errors: [`HandshakeError::Certificate`] (at [`Position::EndEntity`]) for a certificate that
/// does not parse or a key we never verify with; [`PeerMisbehaved::SignatureSchemeKeyMismatch`]
/// for a `scheme` that does not fit the key; `bad` for a signature that does not verify.
pub(crate) fn verify_with_end_entity(
    end_entity_der: &[u8],
    scheme: SignatureScheme,
    algorithm: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
    bad: PeerMisbehaved,
) -> Result<SignatureVerified, HandshakeError> {
    let end_entity = |error| {
        HandshakeError::Certificate(Rejection {
            certificate: Position::EndEntity,
            error,
        })
    };
    let certificate = Certificate::from_der(end_entity_der).map_err(end_entity)?;
    let spki = certificate.subject_public_key_info().raw;
    // A key we can never verify with (RSA-1024, P-521) is the certificate's fault, named as
    // such, and not a scheme mismatch: check it before the signature.
    signature::check_public_key(spki).map_err(end_entity)?;
    match signature::verify_signature(spki, algorithm, message, signature) {
        Ok(()) => Ok(SignatureVerified { vouched_by: "ring" }),
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
        //# In addition, the signature algorithm MUST be compatible with the key
        //# in the sender's end-entity certificate.
        Err(tls_pki::Error::UnsupportedSignatureAlgorithm) => {
            Err(PeerMisbehaved::SignatureSchemeKeyMismatch { scheme }.into())
        }
        Err(tls_pki::Error::BadSignature) => Err(bad.into()),
        Err(other) => Err(end_entity(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_rfc_8446_example_content() {
        // RFC 8446 §4.4.3: a server CertificateVerify over a transcript hash of 32 bytes of 01.
        let expected = hex::decode(concat!(
            "2020202020202020202020202020202020202020202020202020202020202020",
            "2020202020202020202020202020202020202020202020202020202020202020",
            "544c5320312e332c207365727665722043657274696669636174655665726966",
            "79",
            "00",
            "0101010101010101010101010101010101010101010101010101010101010101",
        ))
        .unwrap();
        let mut out = Vec::new();
        certificate_verify_message(Side::Server, &[0x01; 32], &mut out);
        assert_eq!(out, expected);
    }

    #[test]
    fn uses_the_client_context_for_a_client_signature() {
        let mut out = Vec::new();
        certificate_verify_message(Side::Client, &[0xaa; 48], &mut out);
        assert_eq!(&out[..64], &[0x20; 64]);
        assert_eq!(&out[64..97], b"TLS 1.3, client CertificateVerify");
        assert_eq!(out[97], 0x00);
        assert_eq!(&out[98..], &[0xaa; 48]);
    }

    #[test]
    fn appends_after_what_the_buffer_holds() {
        let mut out = vec![0xff];
        certificate_verify_message(Side::Server, &[], &mut out);
        assert_eq!(out.len(), 1 + 64 + 33 + 1);
        assert_eq!(out[0], 0xff);
    }

    #[test]
    fn maps_every_scheme_we_offer() {
        let expected = [
            SignatureAlgorithm::EcdsaP256Sha256,
            SignatureAlgorithm::EcdsaP384Sha384,
            SignatureAlgorithm::Ed25519,
            SignatureAlgorithm::RsaPssSha256,
            SignatureAlgorithm::RsaPssSha384,
            SignatureAlgorithm::RsaPssSha512,
        ];
        assert_eq!(TLS13_CERTIFICATE_VERIFY_SCHEMES.len(), expected.len());
        for (scheme, algorithm) in TLS13_CERTIFICATE_VERIFY_SCHEMES.iter().zip(expected) {
            assert_eq!(
                tls13_signature_algorithm(*scheme),
                Ok(algorithm),
                "{scheme}"
            );
        }
    }

    #[test]
    fn rejects_every_pkcs1_scheme() {
        for scheme in SignatureScheme::KNOWN {
            let is_pkcs1 = scheme
                .name()
                .is_some_and(|name| name.starts_with("rsa_pkcs1_"));
            if is_pkcs1 {
                assert_eq!(
                    tls13_signature_algorithm(*scheme),
                    Err(PeerMisbehaved::Pkcs1InCertificateVerify { scheme: *scheme }.into()),
                );
            }
        }
    }

    #[test]
    fn rejects_every_other_scheme_as_not_offered() {
        let others = SignatureScheme::KNOWN.iter().filter(|scheme| {
            !TLS13_CERTIFICATE_VERIFY_SCHEMES.contains(scheme)
                && !scheme
                    .name()
                    .is_some_and(|name| name.starts_with("rsa_pkcs1_"))
        });
        for scheme in others.chain(&[SignatureScheme::new(0x0a0a), SignatureScheme::new(0xfefe)]) {
            assert_eq!(
                tls13_signature_algorithm(*scheme),
                Err(PeerMisbehaved::SignatureSchemeNotOffered { scheme: *scheme }.into()),
            );
        }
    }
}
