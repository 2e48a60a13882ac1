//! Public keys: which kind a `SubjectPublicKeyInfo` holds, whether we can verify with it, and
//! the verification itself, with the key read once however many signatures it checks.

use der::oid::ObjectIdentifier;
use ring::signature::UnparsedPublicKey;

use super::{
    Algorithm, RSA_MAX_BITS, RSA_MIN_BITS, SECP256R1, SECP384R1, SignatureAlgorithm, TAG_NULL,
    algorithm_identifier,
};
use crate::der::{
    TAG_BIT_STRING, TAG_INTEGER, TAG_OID, TAG_SEQUENCE, Walker, malformed,
    octet_aligned_bit_string, positive_integer_bits, single,
};
use crate::error::Error;

/// The kind of key a `SubjectPublicKeyInfo` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Rsa,
    EcP256,
    EcP384,
    Ed25519,
}

/// A public key, read once: whether we can verify with it (its kind, and for RSA its size),
/// then used for every signature it checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct KeyInfo<'a> {
    usable: Result<KeyKind, KeyError>,
    key: &'a [u8],
    rsa_bits: Option<usize>,
}

/// Why a key cannot verify signatures, in fewer bytes than an [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyError {
    /// [`Error::MalformedCertificate`] with this reason.
    Malformed(&'static str),
    /// [`Error::UnsupportedSignatureAlgorithm`].
    Unsupported,
}

impl KeyError {
    fn of(error: Error) -> Self {
        match error {
            Error::MalformedCertificate { reason } => Self::Malformed(reason),
            _ => Self::Unsupported,
        }
    }

    fn error(self) -> Error {
        match self {
            Self::Malformed(reason) => malformed(reason),
            Self::Unsupported => Error::UnsupportedSignatureAlgorithm,
        }
    }
}

impl<'a> KeyInfo<'a> {
    /// Reads the key of a `SubjectPublicKeyInfo` whose algorithm OID has the contents octets
    /// `algorithm`, with `parameters` (the whole TLV), and whose `subjectPublicKey` is `key`.
    pub(crate) fn new(algorithm: &[u8], parameters: Option<&[u8]>, key: &'a [u8]) -> Self {
        let kind = key_kind(algorithm, parameters);
        let rsa_bits = match kind {
            Ok(KeyKind::Rsa) => rsa_modulus_bits(key).ok(),
            Ok(_) | Err(_) => None,
        };
        let usable = match (kind, rsa_bits) {
            (Ok(KeyKind::Rsa), Some(bits)) if (RSA_MIN_BITS..=RSA_MAX_BITS).contains(&bits) => {
                Ok(KeyKind::Rsa)
            }
            (Ok(KeyKind::Rsa), Some(_)) => Err(KeyError::Unsupported),
            (Ok(KeyKind::Rsa), None) => Err(KeyError::Malformed("RSAPublicKey")),
            (Ok(kind), _) => Ok(kind),
            (Err(error), _) => Err(KeyError::of(error)),
        };
        Self {
            usable,
            key,
            rsa_bits,
        }
    }

    /// The same key read from other bytes: a trust anchor keeps what it found when loaded,
    /// and gives its key bytes back each time.
    pub(crate) fn with_key<'b>(self, key: &'b [u8]) -> KeyInfo<'b> {
        KeyInfo {
            usable: self.usable,
            key,
            rsa_bits: self.rsa_bits,
        }
    }

    /// `Ok` if we can verify signatures with this key (see [`check_public_key`]).
    pub(crate) fn check_usable(&self) -> Result<(), Error> {
        self.usable.map(|_| ()).map_err(KeyError::error)
    }

    /// The size of an RSA key's modulus in bits, if it is an RSA key whose modulus parses.
    pub(crate) fn rsa_bits(&self) -> Option<usize> {
        self.rsa_bits
    }

    /// Verifies `signature` over `message` with this key, as [`verify_signature`] does.
    pub(crate) fn verify(
        &self,
        alg: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        // As `verify_signature`: a key that does not fit the algorithm says so before its size.
        let kind = match (self.usable, self.rsa_bits) {
            (Ok(kind), _) => kind,
            (Err(KeyError::Unsupported), Some(_)) => KeyKind::Rsa,
            (Err(error), _) => return Err(error.error()),
        };
        let ring_alg = alg
            .ring_algorithm(kind)
            .ok_or(Error::UnsupportedSignatureAlgorithm)?;
        self.check_usable()?;
        UnparsedPublicKey::new(ring_alg, self.key)
            .verify(message, signature)
            .map_err(|_| Error::BadSignature)
    }
}

/// Parses a `SubjectPublicKeyInfo` and reads its key.
pub(super) fn public_key(spki_der: &[u8]) -> Result<KeyInfo<'_>, Error> {
    const WHAT: &str = "SubjectPublicKeyInfo";
    let mut fields = Walker::new(single(spki_der, TAG_SEQUENCE, WHAT)?, WHAT)?;
    let algorithm_der = fields.any(WHAT)?.raw;
    // Keys are whole octets: the unused-bits octet must be zero.
    let key = octet_aligned_bit_string(fields.expect(TAG_BIT_STRING, WHAT)?, WHAT)?;
    fields.finish(WHAT)?;
    let (algorithm, parameters) =
        algorithm_identifier(algorithm_der, "SubjectPublicKeyInfo.algorithm")?;
    Ok(KeyInfo::new(algorithm.as_bytes(), parameters, key))
}

/// The kind of key a `SubjectPublicKeyInfo.algorithm` (its OID's contents octets and its
/// parameters) names.
pub(super) fn key_kind(algorithm: &[u8], parameters: Option<&[u8]>) -> Result<KeyKind, Error> {
    const WHAT: &str = "SubjectPublicKeyInfo";
    let Some(algorithm) = Algorithm::of(algorithm) else {
        return Err(Error::UnsupportedSignatureAlgorithm);
    };
    Ok(match algorithm {
        //= https://www.rfc-editor.org/rfc/rfc4055#section-1.2
        //# In this case, the rsaEncryption object identifier MUST be used in the
        //# algorithm field within the subject public key information, and the
        //# parameters field MUST contain NULL.
        Algorithm::RsaEncryption if parameters == Some(&[TAG_NULL, 0x00]) => KeyKind::Rsa,
        Algorithm::EcPublicKey => {
            //= https://www.rfc-editor.org/rfc/rfc5480#section-2.1.1
            //# The parameter for id-ecPublicKey is as follows and MUST always be
            //# present:
            let curve = parameters.ok_or_else(|| malformed(WHAT))?;
            //= https://www.rfc-editor.org/rfc/rfc5480#section-2.1.1
            //# o namedCurve identifies all the required values for a particular
            //#   set of elliptic curve domain parameters to be represented by an
            //#   object identifier.  This choice MUST be supported.
            let curve =
                single(curve, TAG_OID, WHAT).map_err(|_| Error::UnsupportedSignatureAlgorithm)?;
            // Compared as encoded (DER gives each OID one encoding); only a curve we do not
            // know is parsed, to tell a malformed OID from an unsupported one.
            if curve == SECP256R1.as_bytes() {
                KeyKind::EcP256
            } else if curve == SECP384R1.as_bytes() {
                KeyKind::EcP384
            } else {
                ObjectIdentifier::from_bytes(curve).map_err(|_| malformed(WHAT))?;
                return Err(Error::UnsupportedSignatureAlgorithm);
            }
        }
        //= https://www.rfc-editor.org/rfc/rfc8410#section-3
        //# For
        //# all of the OIDs, the parameters MUST be absent.
        Algorithm::Ed25519 if parameters.is_none() => KeyKind::Ed25519,
        Algorithm::RsaEncryption | Algorithm::Ed25519 => return Err(malformed(WHAT)),
        Algorithm::EcdsaWithSha256
        | Algorithm::EcdsaWithSha384
        | Algorithm::RsassaPss
        | Algorithm::Sha256WithRsa
        | Algorithm::Sha384WithRsa
        | Algorithm::Sha512WithRsa
        | Algorithm::Weak => return Err(Error::UnsupportedSignatureAlgorithm),
    })
}

/// The size in bits of an `RSAPublicKey`'s modulus (the `subjectPublicKey` octets of an
/// `rsaEncryption` key), counted by [`positive_integer_bits`] as for a private key's modulus.
///
/// Only the modulus is read; ring checks the whole key when it verifies with it.
///
/// ```text
/// RSAPublicKey  ::=  SEQUENCE  {
///    modulus            INTEGER,    -- n
///    publicExponent     INTEGER  }  -- e
/// ```
pub fn rsa_modulus_bits(rsa_public_key: &[u8]) -> Result<usize, Error> {
    const WHAT: &str = "RSAPublicKey";
    let mut fields = Walker::new(single(rsa_public_key, TAG_SEQUENCE, WHAT)?, WHAT)?;
    positive_integer_bits(fields.expect(TAG_INTEGER, WHAT)?, WHAT)
}
