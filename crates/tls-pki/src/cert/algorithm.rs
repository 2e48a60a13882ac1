//! `AlgorithmIdentifier` and `SubjectPublicKeyInfo`: the public forms, and the forms a
//! certificate keeps (OIDs as their contents octets, the key read once).

use der::oid::ObjectIdentifier;

use crate::der::{TAG_OID, TAG_SEQUENCE, Tlv, Walker, malformed, octet_aligned_bit_string, oid};
use crate::error::Error;
use crate::signature::{KeyInfo, is_known_algorithm, known_algorithm_oid};

/// ```text
/// AlgorithmIdentifier  ::=  SEQUENCE  {
///      algorithm               OBJECT IDENTIFIER,
///      parameters              ANY DEFINED BY algorithm OPTIONAL  }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlgorithmIdentifier<'a> {
    /// The whole SEQUENCE as received; two identifiers are equal when these bytes are.
    pub raw: &'a [u8],
    /// `algorithm`.
    pub algorithm: ObjectIdentifier,
    /// `parameters`, the whole TLV as received (for example `05 00`), if present.
    pub parameters: Option<&'a [u8]>,
}

impl<'a> AlgorithmIdentifier<'a> {
    /// The public form of an identifier [`Algorithm::decode`] accepted.
    pub(crate) fn from_checked(algorithm: Algorithm<'a>) -> Self {
        let oid = known_algorithm_oid(algorithm.oid)
            .or_else(|| ObjectIdentifier::from_bytes(algorithm.oid).ok());
        #[expect(
            clippy::expect_used,
            reason = "Algorithm::decode parsed these same octets with ObjectIdentifier::from_bytes"
        )]
        let oid = oid.expect("the OID parsed when the certificate was");
        Self {
            raw: algorithm.raw,
            algorithm: oid,
            parameters: algorithm.parameters,
        }
    }
}

/// An `AlgorithmIdentifier` as the certificate keeps it: its OID's contents octets rather than
/// an [`ObjectIdentifier`], which the checks compare as bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Algorithm<'a> {
    /// The whole SEQUENCE as received.
    pub(crate) raw: &'a [u8],
    /// The contents octets of `algorithm`, a valid OID.
    pub(crate) oid: &'a [u8],
    /// `parameters`, the whole TLV as received, if present.
    pub(crate) parameters: Option<&'a [u8]>,
}

impl<'a> Algorithm<'a> {
    /// Parses an `AlgorithmIdentifier` SEQUENCE.
    pub(crate) fn decode(tlv: Tlv<'a>, what: &'static str) -> Result<Self, Error> {
        if tlv.tag != TAG_SEQUENCE {
            return Err(malformed(what));
        }
        let mut fields = Walker::new(tlv.value, what)?;
        let algorithm = fields.any(what)?;
        // The algorithms certificates name most are recognised by their encoding, which is a
        // valid OID: only others need the OID parse, which refuses malformed ones.
        if algorithm.tag != TAG_OID || !is_known_algorithm(algorithm.value) {
            oid(algorithm, what)?;
        }
        let parameters = if fields.is_empty() {
            None
        } else {
            Some(fields.any(what)?.raw)
        };
        fields.finish(what)?;
        Ok(Self {
            raw: tlv.raw,
            oid: algorithm.value,
            parameters,
        })
    }
}

/// A `SubjectPublicKeyInfo` as the certificate keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PublicKey<'a> {
    /// The whole SEQUENCE as received.
    pub(crate) raw: &'a [u8],
    /// `algorithm`.
    pub(crate) algorithm: Algorithm<'a>,
    /// The octets of `subjectPublicKey`.
    pub(crate) key: &'a [u8],
    /// The key, read once for every signature it verifies.
    pub(crate) info: KeyInfo<'a>,
}

impl<'a> PublicKey<'a> {
    /// Parses a `SubjectPublicKeyInfo` SEQUENCE.
    pub(crate) fn decode(tlv: Tlv<'a>) -> Result<Self, Error> {
        const WHAT: &str = "SubjectPublicKeyInfo";
        if tlv.tag != TAG_SEQUENCE {
            return Err(malformed(WHAT));
        }
        let mut fields = Walker::new(tlv.value, WHAT)?;
        let algorithm = Algorithm::decode(fields.any(WHAT)?, "SubjectPublicKeyInfo.algorithm")?;
        let key = octet_aligned_bit_string(
            fields.any("SubjectPublicKeyInfo.subjectPublicKey")?,
            "SubjectPublicKeyInfo.subjectPublicKey",
        )?;
        fields.finish(WHAT)?;
        Ok(Self {
            raw: tlv.raw,
            algorithm,
            key,
            info: KeyInfo::new(algorithm.oid, algorithm.parameters, key),
        })
    }
}

/// ```text
/// SubjectPublicKeyInfo  ::=  SEQUENCE  {
///      algorithm            AlgorithmIdentifier,
///      subjectPublicKey     BIT STRING  }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubjectPublicKeyInfo<'a> {
    /// The whole SEQUENCE as received.
    pub raw: &'a [u8],
    /// `algorithm`.
    pub algorithm: AlgorithmIdentifier<'a>,
    /// The octets of `subjectPublicKey` (which must have no unused bits).
    pub subject_public_key: &'a [u8],
}
