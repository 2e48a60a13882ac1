//! Signature verification with `ring`, and the mapping from an X.509 `AlgorithmIdentifier` to
//! the algorithms we verify.
//!
//! tls-pki does not depend on tls-wire, so [`SignatureAlgorithm`] is our own closed list; the
//! handshake maps TLS `SignatureScheme`s onto it per protocol version.
//!
//! ```text
//! SubjectPublicKeyInfo ──▶ key algorithm (+ curve) ──┐
//!                                                    ├─▶ ring VerificationAlgorithm ──▶ verify
//! SignatureAlgorithm ────────────────────────────────┘
//! ```
//!
//! A key that does not fit the signature algorithm, or that ring cannot use (RSA below 2048 bits),
//! is [`Error::UnsupportedSignatureAlgorithm`]: a path builder then tries the next candidate.
//! Only a signature that ring checked and refused is [`Error::BadSignature`].

use der::oid::ObjectIdentifier;
mod key;

use ring::signature::{self as ring_sig, VerificationAlgorithm};

use self::key::public_key;
pub use self::key::rsa_modulus_bits;
pub(crate) use self::key::{KeyInfo, KeyKind};
use crate::der::{TAG_INTEGER, TAG_SEQUENCE, Walker, malformed, oid, single};
use crate::error::Error;

/// A signature algorithm tls-pki verifies.
///
/// ECDSA comes in two forms. X.509's `ecdsa-with-SHA256` and TLS 1.2's `ecdsa` + `sha256` do not
/// name a curve: [`Self::EcdsaSha256`] and [`Self::EcdsaSha384`] take it from the key. TLS 1.3's
/// schemes bind the curve: the `EcdsaP*Sha*` variants refuse a key on another curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RsaPkcs1Sha256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RsaPkcs1Sha384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RsaPkcs1Sha512,
    /// RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-octet salt.
    RsaPssSha256,
    /// RSASSA-PSS with SHA-384, MGF1 with SHA-384 and a 48-octet salt.
    RsaPssSha384,
    /// RSASSA-PSS with SHA-512, MGF1 with SHA-512 and a 64-octet salt.
    RsaPssSha512,
    /// ECDSA with SHA-256 on whichever curve the key is (P-256 or P-384).
    EcdsaSha256,
    /// ECDSA with SHA-384 on whichever curve the key is (P-256 or P-384).
    EcdsaSha384,
    /// ECDSA on P-256 with SHA-256.
    EcdsaP256Sha256,
    /// ECDSA on P-256 with SHA-384.
    EcdsaP256Sha384,
    /// ECDSA on P-384 with SHA-256.
    EcdsaP384Sha256,
    /// ECDSA on P-384 with SHA-384.
    EcdsaP384Sha384,
    /// Ed25519 (pure EdDSA, RFC 8032).
    Ed25519,
}

/// `rsaEncryption`, the key algorithm of RSA keys (RFC 4055 §1.2).
pub(crate) const RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// `sha256WithRSAEncryption` (RFC 4055 §5).
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
/// `sha384WithRSAEncryption` (RFC 4055 §5).
const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
/// `sha512WithRSAEncryption` (RFC 4055 §5).
const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
/// `id-RSASSA-PSS` (RFC 4055 §3.1).
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
/// `id-mgf1` (RFC 4055 §2.2).
const MGF1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.8");
/// `id-sha256` (RFC 4055 §2.1).
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// `id-sha384` (RFC 4055 §2.1).
const SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
/// `id-sha512` (RFC 4055 §2.1).
const SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
/// `id-ecPublicKey` (RFC 5480 §2.1.1).
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `secp256r1` (RFC 5480 §2.1.1.1).
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// `secp384r1` (RFC 5480 §2.1.1.1).
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// `ecdsa-with-SHA256` (RFC 5758 §3.2).
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
/// `ecdsa-with-SHA384` (RFC 5758 §3.2).
const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
/// `id-Ed25519` (RFC 8410 §3).
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// `md5WithRSAEncryption` (RFC 3279 §2.2.1).
const MD5_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.4");
/// `sha1WithRSAEncryption` (RFC 3279 §2.2.1).
const SHA1_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5");
/// `ecdsa-with-SHA1` (RFC 3279 §2.2.3).
const ECDSA_WITH_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");
/// `id-dsa-with-sha1` (RFC 3279 §2.2.2).
const DSA_WITH_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.3");

/// DER tag of `NULL`.
const TAG_NULL: u8 = 0x05;
/// `[0] EXPLICIT`: `RSASSA-PSS-params.hashAlgorithm`.
const TAG_PSS_HASH: u8 = 0xa0;
/// `[1] EXPLICIT`: `RSASSA-PSS-params.maskGenAlgorithm`.
const TAG_PSS_MGF: u8 = 0xa1;
/// `[2] EXPLICIT`: `RSASSA-PSS-params.saltLength`.
const TAG_PSS_SALT: u8 = 0xa2;

/// The smallest RSA modulus ring's `*_2048_8192_*` algorithms accept, in bits.
const RSA_MIN_BITS: usize = 2048;
/// The largest RSA modulus ring's `*_2048_8192_*` algorithms accept, in bits.
const RSA_MAX_BITS: usize = 8192;

/// The hash functions we accept inside RSASSA-PSS parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    /// The hash named by a hash `AlgorithmIdentifier`'s OID, if we support it.
    fn from_oid(oid: ObjectIdentifier) -> Option<Self> {
        match oid {
            SHA256 => Some(Self::Sha256),
            SHA384 => Some(Self::Sha384),
            SHA512 => Some(Self::Sha512),
            _ => None,
        }
    }

    /// The length of the hash output in octets, which is the salt length we accept.
    fn len(self) -> u32 {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }
}

impl SignatureAlgorithm {
    /// Maps an X.509 `AlgorithmIdentifier` (RFC 5280 §4.1.1.2) to the algorithm it names.
    ///
    /// `der` is the whole `AlgorithmIdentifier` SEQUENCE as received (its tag, length and
    /// contents), as `cert::AlgorithmIdentifier::raw` holds it.
    ///
    /// ```text
    /// AlgorithmIdentifier  ::=  SEQUENCE  {
    ///      algorithm               OBJECT IDENTIFIER,
    ///      parameters              ANY DEFINED BY algorithm OPTIONAL  }
    /// ```
    ///
    /// Bytes that are not an `AlgorithmIdentifier` are [`Error::MalformedCertificate`]; a
    /// well-formed identifier of an algorithm or with parameters we do not verify (ECDSA with
    /// SHA-512, PSS with another salt length or hash pairing) is
    /// [`Error::UnsupportedSignatureAlgorithm`], and one with MD5 or SHA-1 is
    /// [`Error::WeakSignatureAlgorithm`].
    pub fn from_algorithm_identifier(der: &[u8]) -> Result<Self, Error> {
        const WHAT: &str = "AlgorithmIdentifier";
        let (algorithm, parameters) = algorithm_identifier(der, WHAT)?;
        Self::from_parts(algorithm.as_bytes(), parameters)
    }

    /// As [`from_algorithm_identifier`](Self::from_algorithm_identifier), for an identifier
    /// already split into its OID and its parameters' whole TLV.
    pub(crate) fn from_parts(algorithm: &[u8], parameters: Option<&[u8]>) -> Result<Self, Error> {
        const WHAT: &str = "AlgorithmIdentifier";
        let Some(algorithm) = Algorithm::of(algorithm) else {
            return Err(Error::UnsupportedSignatureAlgorithm);
        };
        match algorithm {
            Algorithm::Sha256WithRsa | Algorithm::Sha384WithRsa | Algorithm::Sha512WithRsa => {
                //= https://www.rfc-editor.org/rfc/rfc4055#section-5
                //# When any of these four object identifiers appears within an
                //# AlgorithmIdentifier, the parameters MUST be NULL.  Implementations
                //# MUST accept the parameters being absent as well as present.
                if !null_or_absent(parameters) {
                    return Err(malformed(WHAT));
                }
                Ok(match algorithm {
                    Algorithm::Sha256WithRsa => Self::RsaPkcs1Sha256,
                    Algorithm::Sha384WithRsa => Self::RsaPkcs1Sha384,
                    _ => Self::RsaPkcs1Sha512,
                })
            }
            Algorithm::RsassaPss => {
                //= https://www.rfc-editor.org/rfc/rfc4055#section-3.1
                //# The parameters MUST be present when used in the algorithm identifier
                //# associated with a signature value.
                let parameters = parameters.ok_or_else(|| malformed(WHAT))?;
                match pss_hash(parameters)? {
                    Hash::Sha256 => Ok(Self::RsaPssSha256),
                    Hash::Sha384 => Ok(Self::RsaPssSha384),
                    Hash::Sha512 => Ok(Self::RsaPssSha512),
                }
            }
            Algorithm::EcdsaWithSha256 | Algorithm::EcdsaWithSha384 => {
                // RFC 5758 §3.2 (not in the spec pack) repeats for SHA-2 what RFC 3279 says of
                // ecdsa-with-SHA1:
                //= https://www.rfc-editor.org/rfc/rfc3279#section-2.2.3
                //# When the ecdsa-with-SHA1 algorithm identifier appears as the
                //# algorithm field in an AlgorithmIdentifier, the encoding MUST omit the
                //# parameters field.
                if parameters.is_some() {
                    return Err(malformed(WHAT));
                }
                Ok(if algorithm == Algorithm::EcdsaWithSha256 {
                    Self::EcdsaSha256
                } else {
                    Self::EcdsaSha384
                })
            }
            Algorithm::Ed25519 => {
                //= https://www.rfc-editor.org/rfc/rfc8410#section-3
                //# For
                //# all of the OIDs, the parameters MUST be absent.
                if parameters.is_some() {
                    return Err(malformed(WHAT));
                }
                Ok(Self::Ed25519)
            }
            // A separate error, because TLS 1.3 names its own alert for these:
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2.4
            //# Any endpoint receiving any certificate which it would need to
            //# validate using any signature algorithm using an MD5 hash MUST abort
            //# the handshake with a "bad_certificate" alert.
            Algorithm::Weak => Err(Error::WeakSignatureAlgorithm),
            Algorithm::RsaEncryption | Algorithm::EcPublicKey => {
                Err(Error::UnsupportedSignatureAlgorithm)
            }
        }
    }

    /// The ring algorithm that verifies this signature algorithm with a key of `kind`, or `None`
    /// when the key does not fit.
    fn ring_algorithm(self, kind: KeyKind) -> Option<&'static dyn VerificationAlgorithm> {
        use KeyKind as K;
        Some(match (self, kind) {
            (Self::RsaPkcs1Sha256, K::Rsa) => &ring_sig::RSA_PKCS1_2048_8192_SHA256,
            (Self::RsaPkcs1Sha384, K::Rsa) => &ring_sig::RSA_PKCS1_2048_8192_SHA384,
            (Self::RsaPkcs1Sha512, K::Rsa) => &ring_sig::RSA_PKCS1_2048_8192_SHA512,
            (Self::RsaPssSha256, K::Rsa) => &ring_sig::RSA_PSS_2048_8192_SHA256,
            (Self::RsaPssSha384, K::Rsa) => &ring_sig::RSA_PSS_2048_8192_SHA384,
            (Self::RsaPssSha512, K::Rsa) => &ring_sig::RSA_PSS_2048_8192_SHA512,
            (Self::EcdsaSha256 | Self::EcdsaP256Sha256, K::EcP256) => {
                &ring_sig::ECDSA_P256_SHA256_ASN1
            }
            (Self::EcdsaSha384 | Self::EcdsaP256Sha384, K::EcP256) => {
                &ring_sig::ECDSA_P256_SHA384_ASN1
            }
            (Self::EcdsaSha256 | Self::EcdsaP384Sha256, K::EcP384) => {
                &ring_sig::ECDSA_P384_SHA256_ASN1
            }
            (Self::EcdsaSha384 | Self::EcdsaP384Sha384, K::EcP384) => {
                &ring_sig::ECDSA_P384_SHA384_ASN1
            }
            (Self::Ed25519, K::Ed25519) => &ring_sig::ED25519,
            _ => return None,
        })
    }
}

/// Verifies `signature` over `message` with the key in `spki_der`, a whole DER
/// `SubjectPublicKeyInfo`.
///
/// ```text
/// SubjectPublicKeyInfo  ::=  SEQUENCE  {
///      algorithm            AlgorithmIdentifier,
///      subjectPublicKey     BIT STRING  }
/// ```
///
/// Errors: [`Error::MalformedCertificate`] if `spki_der` does not parse;
/// [`Error::UnsupportedSignatureAlgorithm`] if the key is of a kind we do not verify, does not fit
/// `alg` (an RSA key for ECDSA, a P-384 key for [`SignatureAlgorithm::EcdsaP256Sha256`]) or is an
/// RSA key outside 2048..=8192 bits; [`Error::BadSignature`] if ring refuses the signature.
pub fn verify_signature(
    spki_der: &[u8],
    alg: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    public_key(spki_der)?.verify(alg, message, signature)
}

/// Checks that a `SubjectPublicKeyInfo` holds a key this crate can verify signatures with:
/// ECDSA on P-256 or P-384, Ed25519, or RSA of 2048 to 8192 bits.
///
/// The path checks ask this of the end-entity, whose key signs the handshake: a key we could
/// never verify a CertificateVerify with (P-192, RSA-1024) is refused when the certificate is,
/// with the certificate named, rather than later as a bad signature.
pub fn check_public_key(spki_der: &[u8]) -> Result<(), Error> {
    public_key(spki_der)?.check_usable()
}

/// The algorithm OIDs of signatures and keys that we act on, as a one-octet value: every
/// certificate names two, so they are told apart by their encodings, once, without
/// [`ObjectIdentifier`] (40 octets) comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Algorithm {
    EcdsaWithSha256,
    EcdsaWithSha384,
    EcPublicKey,
    RsaEncryption,
    RsassaPss,
    Sha256WithRsa,
    Sha384WithRsa,
    Sha512WithRsa,
    Ed25519,
    /// MD5 or SHA-1 signatures (RFC 3279 §2.2).
    Weak,
}

impl Algorithm {
    /// The algorithm whose OID has the contents octets `encoded`, if we know it.
    fn of(encoded: &[u8]) -> Option<Self> {
        Some(match encoded {
            [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02] => Self::EcdsaWithSha256,
            [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03] => Self::EcdsaWithSha384,
            [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01] => Self::EcPublicKey,
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01] => Self::RsaEncryption,
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a] => Self::RsassaPss,
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b] => Self::Sha256WithRsa,
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c] => Self::Sha384WithRsa,
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d] => Self::Sha512WithRsa,
            [0x2b, 0x65, 0x70] => Self::Ed25519,
            weak if [MD5_WITH_RSA, SHA1_WITH_RSA, ECDSA_WITH_SHA1, DSA_WITH_SHA1]
                .iter()
                .any(|oid| oid.as_bytes() == weak) =>
            {
                Self::Weak
            }
            _ => return None,
        })
    }

    /// The OID, for the algorithms that have one constant each.
    fn oid(self) -> Option<ObjectIdentifier> {
        Some(match self {
            Self::EcdsaWithSha256 => ECDSA_WITH_SHA256,
            Self::EcdsaWithSha384 => ECDSA_WITH_SHA384,
            Self::EcPublicKey => EC_PUBLIC_KEY,
            Self::RsaEncryption => RSA_ENCRYPTION,
            Self::RsassaPss => RSASSA_PSS,
            Self::Sha256WithRsa => SHA256_WITH_RSA,
            Self::Sha384WithRsa => SHA384_WITH_RSA,
            Self::Sha512WithRsa => SHA512_WITH_RSA,
            Self::Ed25519 => ED25519,
            Self::Weak => return None,
        })
    }
}

/// The OID whose DER contents are `encoded`, when it is one of the algorithms certificates name
/// most: a table lookup instead of [`ObjectIdentifier::from_bytes`], on a path every
/// certificate's two algorithm identifiers take.
pub(crate) fn known_algorithm_oid(encoded: &[u8]) -> Option<ObjectIdentifier> {
    Algorithm::of(encoded).and_then(Algorithm::oid)
}

/// Whether `encoded` is the contents of an algorithm OID we know (and so a valid OID).
pub(crate) fn is_known_algorithm(encoded: &[u8]) -> bool {
    Algorithm::of(encoded).is_some()
}

/// Returns the hash of `RSASSA-PSS-params` if they are the one shape we verify: hash = MGF1
/// hash, salt length = hash length, default trailer field.
///
/// ```text
/// RSASSA-PSS-params  ::=  SEQUENCE  {
///    hashAlgorithm      [0] HashAlgorithm DEFAULT sha1Identifier,
///    maskGenAlgorithm   [1] MaskGenAlgorithm DEFAULT mgf1SHA1Identifier,
///    saltLength         [2] INTEGER DEFAULT 20,
///    trailerField       [3] INTEGER DEFAULT 1  }
/// ```
fn pss_hash(parameters: &[u8]) -> Result<Hash, Error> {
    const WHAT: &str = "RSASSA-PSS-params";
    let mut fields = Walker::new(single(parameters, TAG_SEQUENCE, WHAT)?, WHAT)?;
    // Each default (SHA-1, MGF1 with SHA-1, salt 20) is a parameter set we do not verify, so an
    // absent field is unsupported rather than malformed.
    let unsupported = Error::UnsupportedSignatureAlgorithm;
    let hash_der = fields
        .expect(TAG_PSS_HASH, WHAT)
        .map_err(|_| unsupported)?
        .value;
    let (hash_oid, hash_params) = algorithm_identifier(hash_der, WHAT)?;
    //= https://www.rfc-editor.org/rfc/rfc4055#section-2.1
    //# All implementations MUST accept both NULL and absent parameters as
    //# legal and equivalent encodings.
    if !null_or_absent(hash_params) {
        return Err(malformed(WHAT));
    }
    let hash = Hash::from_oid(hash_oid).ok_or(unsupported)?;

    let mgf_der = fields
        .expect(TAG_PSS_MGF, WHAT)
        .map_err(|_| unsupported)?
        .value;
    let (mgf_oid, mgf_params) = algorithm_identifier(mgf_der, WHAT)?;
    if mgf_oid != MGF1 {
        return Err(unsupported);
    }
    let (mgf_hash_oid, mgf_hash_params) =
        algorithm_identifier(mgf_params.ok_or_else(|| malformed(WHAT))?, WHAT)?;
    if !null_or_absent(mgf_hash_params) {
        return Err(malformed(WHAT));
    }
    if Hash::from_oid(mgf_hash_oid) != Some(hash) {
        return Err(unsupported);
    }

    //= https://www.rfc-editor.org/rfc/rfc4055#section-3.1
    //# For a
    //# given hashAlgorithm, the recommended value of saltLength is the
    //# number of octets in the hash value.
    let salt_der = fields
        .expect(TAG_PSS_SALT, WHAT)
        .map_err(|_| unsupported)?
        .value;
    let salt = single(salt_der, TAG_INTEGER, WHAT)?;
    let expected = hash.len().to_be_bytes();
    let expected = expected.iter().skip_while(|byte| **byte == 0);
    if !salt.iter().eq(expected) {
        return Err(unsupported);
    }
    // A trailerField other than the default would be either an explicit DEFAULT (not DER) or a
    // trailer we do not verify.
    if !fields.is_empty() {
        return Err(unsupported);
    }
    Ok(hash)
}

/// Splits an `AlgorithmIdentifier` SEQUENCE into its OID and its parameters' whole TLV.
fn algorithm_identifier<'a>(
    der: &'a [u8],
    what: &'static str,
) -> Result<(ObjectIdentifier, Option<&'a [u8]>), Error> {
    let mut fields = Walker::new(single(der, TAG_SEQUENCE, what)?, what)?;
    let oid = oid(fields.any(what)?, what)?;
    let parameters = if fields.is_empty() {
        None
    } else {
        Some(fields.any(what)?.raw)
    };
    fields.finish(what)?;
    Ok((oid, parameters))
}

/// Whether parameters are absent or a DER `NULL`.
fn null_or_absent(parameters: Option<&[u8]>) -> bool {
    matches!(parameters, None | Some([TAG_NULL, 0x00]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `sha256WithRSAEncryption` with NULL parameters.
    const RSA_SHA256_NULL: &[u8] = &[
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00,
    ];
    /// `ecdsa-with-SHA256` without parameters.
    const ECDSA_SHA256: &[u8] = &[
        0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
    ];
    /// `id-RSASSA-PSS` with SHA-256, MGF1-SHA-256 and a 32-octet salt (as OpenSSL writes it).
    const PSS_SHA256: &[u8] = &[
        0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x34,
        0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
        0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
        0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
        0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20,
    ];

    #[test]
    fn maps_rsa_pkcs1_with_null_or_absent_parameters() {
        assert_eq!(
            SignatureAlgorithm::from_algorithm_identifier(RSA_SHA256_NULL),
            Ok(SignatureAlgorithm::RsaPkcs1Sha256)
        );
        let mut absent = RSA_SHA256_NULL[..13].to_vec();
        absent[1] = 0x0b;
        assert_eq!(
            SignatureAlgorithm::from_algorithm_identifier(&absent),
            Ok(SignatureAlgorithm::RsaPkcs1Sha256)
        );
    }

    #[test]
    fn maps_ecdsa_without_parameters() {
        assert_eq!(
            SignatureAlgorithm::from_algorithm_identifier(ECDSA_SHA256),
            Ok(SignatureAlgorithm::EcdsaSha256)
        );
    }

    #[test]
    fn maps_pss_with_matching_hashes_and_salt() {
        assert_eq!(
            SignatureAlgorithm::from_algorithm_identifier(PSS_SHA256),
            Ok(SignatureAlgorithm::RsaPssSha256)
        );
    }

    #[test]
    fn rejects_pss_with_other_salt_length() {
        let mut salt20 = PSS_SHA256.to_vec();
        *salt20.last_mut().unwrap() = 20;
        assert_eq!(
            SignatureAlgorithm::from_algorithm_identifier(&salt20),
            Err(Error::UnsupportedSignatureAlgorithm)
        );
    }

    #[test]
    fn rejects_pss_with_mgf_hash_differing_from_hash() {
        let mut mixed = PSS_SHA256.to_vec();
        // The MGF1 hash OID's last arc: id-sha256 → id-sha384.
        mixed[59] = 0x02;
        assert_eq!(
            SignatureAlgorithm::from_algorithm_identifier(&mixed),
            Err(Error::UnsupportedSignatureAlgorithm)
        );
    }

    #[test]
    fn rejects_ecdsa_with_parameters() {
        let mut with_null = ECDSA_SHA256.to_vec();
        with_null[1] = 0x0c;
        with_null.extend_from_slice(&[0x05, 0x00]);
        assert!(matches!(
            SignatureAlgorithm::from_algorithm_identifier(&with_null),
            Err(Error::MalformedCertificate { .. })
        ));
    }

    #[test]
    fn rejects_trailing_bytes_after_algorithm_identifier() {
        let mut trailing = ECDSA_SHA256.to_vec();
        trailing.push(0x00);
        assert_eq!(
            SignatureAlgorithm::from_algorithm_identifier(&trailing),
            Err(malformed("AlgorithmIdentifier"))
        );
    }

    #[test]
    fn rejects_md5_and_sha1_signatures_as_weak() {
        // md5WithRSAEncryption and sha1WithRSAEncryption differ from sha256WithRSAEncryption in
        // the OID's last octet.
        for last in [0x04, 0x05] {
            let mut weak = RSA_SHA256_NULL.to_vec();
            weak[12] = last;
            assert_eq!(
                SignatureAlgorithm::from_algorithm_identifier(&weak),
                Err(Error::WeakSignatureAlgorithm)
            );
        }
        // SEQUENCE { OID ecdsa-with-SHA1 }
        let ecdsa_sha1 = [
            0x30, 0x09, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01,
        ];
        assert_eq!(
            SignatureAlgorithm::from_algorithm_identifier(&ecdsa_sha1),
            Err(Error::WeakSignatureAlgorithm)
        );
        assert_eq!(
            Error::WeakSignatureAlgorithm.class(),
            crate::CertificateFault::BadCertificate
        );
    }

    #[test]
    fn counts_rsa_modulus_bits() {
        // SEQUENCE { INTEGER 0x00 0x80 ‖ 255 zero octets (2048 bits), INTEGER 3 }
        let mut modulus = vec![0x00, 0x80];
        modulus.extend(std::iter::repeat_n(0, 255));
        let mut key = vec![0x30, 0x82, 0x01, 0x08, 0x02, 0x82, 0x01, 0x01];
        key.extend(&modulus);
        key.extend([0x02, 0x01, 0x03]);
        assert_eq!(rsa_modulus_bits(&key), Ok(2048));
        let rsa = |key| KeyInfo::new(RSA_ENCRYPTION.as_bytes(), Some(&[TAG_NULL, 0x00]), key);
        assert_eq!(rsa(&key).check_usable(), Ok(()));
        // The same with a 1024-bit modulus.
        let mut small = vec![0x30, 0x81, 0x87, 0x02, 0x81, 0x81, 0x00, 0x80];
        small.extend(std::iter::repeat_n(0, 127));
        small.extend([0x02, 0x01, 0x03]);
        assert_eq!(rsa_modulus_bits(&small), Ok(1024));
        assert_eq!(
            rsa(&small).check_usable(),
            Err(Error::UnsupportedSignatureAlgorithm)
        );
    }
}
