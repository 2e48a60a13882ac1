//! Loading private keys: PEM, PKCS#8, SEC1 and PKCS#1.
//!
//! ```text
//! PEM ──▶ label ─┬─ PRIVATE KEY ──────▶ PKCS#8 ──▶ algorithm OID ─┬─ rsaEncryption ─▶ RsaKeyPair
//!                │                                                ├─ id-ecPublicKey ▶ EcdsaKeyPair
//!                │                                                └─ id-Ed25519 ────▶ Ed25519KeyPair
//!                ├─ EC PRIVATE KEY ───▶ SEC1 ──▶ curve + public key ──────────────▶ EcdsaKeyPair
//!                ├─ RSA PRIVATE KEY ──▶ PKCS#1 ─────────────────────────────────────▶ RsaKeyPair
//!                └─ EC PARAMETERS, CERTIFICATE, … skipped
//! ```
//!
//! Each refusal is [`ConfigError::UnusablePrivateKey`], naming the format and the reason. We read
//! each structure's outer fields first so that the reason names what is wrong (an RSA-1024 key,
//! a P-521 curve, a missing public key); ring then parses and validates the whole key.
//!
//! The outer fields are read with [`tls_pki::der`], the walker that parses certificates, and an
//! RSA modulus is counted by [`tls_pki::der::positive_integer_bits`], as tls-pki counts a peer's:
//! a key we sign with is exactly as large as the verifier will find it. Private keys come from
//! local configuration, not from a peer, but the walker still never panics or allocates.

use ring::error::KeyRejected;
use ring::rand::SystemRandom;
use ring::signature::{
    ECDSA_P256_SHA256_ASN1_SIGNING, ECDSA_P384_SHA384_ASN1_SIGNING, EcdsaKeyPair,
    EcdsaSigningAlgorithm, Ed25519KeyPair, RsaKeyPair,
};

use tls_pki::der::{
    TAG_INTEGER, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE, Walker, octet_aligned_bit_string,
    positive_integer_bits, single, small_unsigned,
};

use super::{Curve, Inner, SigningKey};
use crate::error::{ConfigError, HandshakeError};

/// Format name of a PEM file as a whole.
const PEM: &str = "PEM";
/// Format name of `PrivateKeyInfo` (RFC 5958; PEM label `PRIVATE KEY`).
const PKCS8: &str = "PKCS#8";
/// Format name of `ECPrivateKey` (RFC 5915; PEM label `EC PRIVATE KEY`).
const SEC1: &str = "SEC1";
/// Format name of `RSAPrivateKey` (RFC 8017 appendix A.1.2; PEM label `RSA PRIVATE KEY`).
const PKCS1: &str = "PKCS#1";

/// The reason given for any encrypted key, whichever way it is encrypted.
const ENCRYPTED: &str = "encrypted private keys are not supported; decrypt the key first";
/// The reason given for an EC key on a curve other than P-256 and P-384.
const UNSUPPORTED_CURVE: &str = "unsupported elliptic curve (P-256 and P-384 are supported)";

/// `[0] EXPLICIT`, constructed (`ECPrivateKey.parameters`).
const TAG_CONTEXT_0: u8 = 0xa0;
/// `[1] EXPLICIT`, constructed (`ECPrivateKey.publicKey`).
const TAG_CONTEXT_1: u8 = 0xa1;

/// The smallest RSA modulus we sign with, in bits: ring's lower bound, and the smallest size
/// tls-pki verifies (a peer could not check a smaller key's signatures).
const RSA_MIN_BITS: usize = 2048;
/// The largest RSA modulus we sign with, in bits: ring's `RsaKeyPair` refuses larger ones.
const RSA_MAX_BITS: usize = 4096;

/// `rsaEncryption` (RFC 8017 appendix A.1), DER contents.
const OID_RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// `id-RSASSA-PSS` (RFC 4055 §3.1), DER contents.
const OID_RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
/// `id-ecPublicKey` (RFC 5480 §2.1.1), DER contents.
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// `id-Ed25519` (RFC 8410 §3), DER contents.
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
/// `secp256r1` (RFC 5480 §2.1.1.1), DER contents.
const OID_SECP256R1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// `secp384r1` (RFC 5480 §2.1.1.1), DER contents.
const OID_SECP384R1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

/// The key types a PKCS#8 `privateKeyAlgorithm` can name that we load.
enum Pkcs8Kind {
    Rsa,
    Ec(Curve),
    Ed25519,
}

impl SigningKey {
    /// Loads the one private key in a PEM file.
    ///
    /// Accepts `PRIVATE KEY` (PKCS#8), `EC PRIVATE KEY` (SEC1) and `RSA PRIVATE KEY` (PKCS#1).
    /// An `EC PARAMETERS` block (as `openssl ecparam -genkey` writes before the key) and blocks
    /// that are not private keys (a certificate kept in the same file) are skipped. No private
    /// key, two of them, an encrypted one or another key type is
    /// [`ConfigError::UnusablePrivateKey`].
    ///
    /// ECDSA keys draw their nonce key (which ring mixes into every signature's nonce together
    /// with the signing-time randomness) from the operating system; see [`Self::sign`].
    pub fn from_pem(pem: &[u8]) -> Result<Self, HandshakeError> {
        let blocks =
            pem::parse_many(pem).map_err(|_| unusable(PEM, "the input is not valid PEM"))?;
        let mut found = None;
        for block in &blocks {
            let load: fn(&[u8]) -> Result<Self, HandshakeError> = match block.tag() {
                "PRIVATE KEY" => Self::from_pkcs8_der,
                "EC PRIVATE KEY" => Self::from_sec1_der,
                "RSA PRIVATE KEY" => Self::from_pkcs1_der,
                "ENCRYPTED PRIVATE KEY" => return Err(unusable(PKCS8, ENCRYPTED)),
                other if other.ends_with("PRIVATE KEY") => {
                    return Err(unusable(
                        PEM,
                        "unsupported private key type (the PEM label is not PRIVATE KEY, \
                         EC PRIVATE KEY or RSA PRIVATE KEY)",
                    ));
                }
                // `openssl ecparam -genkey` writes the curve before the key; the SEC1 key
                // names its curve again, so the block adds nothing.
                "EC PARAMETERS" => continue,
                _ => continue,
            };
            if found.is_some() {
                return Err(unusable(PEM, "the input holds more than one private key"));
            }
            // Traditional OpenSSL encryption marks the block with RFC 1421 headers.
            if block
                .headers()
                .get("Proc-Type")
                .is_some_and(|value| value.contains("ENCRYPTED"))
            {
                let format = if block.tag() == "EC PRIVATE KEY" {
                    SEC1
                } else {
                    PKCS1
                };
                return Err(unusable(format, ENCRYPTED));
            }
            found = Some((load, block.contents()));
        }
        let (load, der) = found.ok_or_else(|| unusable(PEM, "no private key found"))?;
        load(der)
    }

    /// Loads a DER `PrivateKeyInfo` (RFC 5958, PKCS#8 v1 or v2): RSA (2048 to 4096 bits),
    /// ECDSA on P-256 or P-384, or Ed25519.
    ///
    /// ```text
    /// OneAsymmetricKey ::= SEQUENCE {
    ///   version                   Version,
    ///   privateKeyAlgorithm       PrivateKeyAlgorithmIdentifier,
    ///   privateKey                PrivateKey,
    ///   attributes            [0] Attributes OPTIONAL,
    ///   ...,
    ///   [[2: publicKey        [1] PublicKey OPTIONAL ]],
    ///   ...
    /// }
    /// ```
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, HandshakeError> {
        let (kind, private_key) = pkcs8_kind(der).map_err(|reason| unusable(PKCS8, reason))?;
        let inner = match kind {
            Pkcs8Kind::Rsa => {
                check_rsa_private_key(private_key).map_err(|reason| unusable(PKCS8, reason))?;
                Inner::Rsa(RsaKeyPair::from_pkcs8(der).map_err(|e| rejected(PKCS8, e))?)
            }
            Pkcs8Kind::Ec(curve) => Inner::Ecdsa {
                pair: EcdsaKeyPair::from_pkcs8(ecdsa_algorithm(curve), der, &SystemRandom::new())
                    .map_err(|e| rejected(PKCS8, e))?,
                curve,
            },
            // OpenSSL writes Ed25519 keys as PKCS#8 v1, without the public key that ring's
            // checked `from_pkcs8` requires; `maybe_unchecked` still checks a v2 key's public
            // key against its private key.
            Pkcs8Kind::Ed25519 => Inner::Ed25519(
                Ed25519KeyPair::from_pkcs8_maybe_unchecked(der).map_err(|e| rejected(PKCS8, e))?,
            ),
        };
        Ok(Self { inner })
    }

    /// Loads a DER `ECPrivateKey` (RFC 5915, SEC1), which must name its curve (P-256 or P-384)
    /// and carry its public key.
    ///
    /// ```text
    /// ECPrivateKey ::= SEQUENCE {
    ///   version        INTEGER { ecPrivkeyVer1(1) } (ecPrivkeyVer1),
    ///   privateKey     OCTET STRING,
    ///   parameters [0] ECParameters {{ NamedCurve }} OPTIONAL,
    ///   publicKey  [1] BIT STRING OPTIONAL
    /// }
    /// ```
    pub fn from_sec1_der(der: &[u8]) -> Result<Self, HandshakeError> {
        let (curve, private_key, public_key) =
            sec1_fields(der).map_err(|reason| unusable(SEC1, reason))?;
        let pair = EcdsaKeyPair::from_private_key_and_public_key(
            ecdsa_algorithm(curve),
            private_key,
            public_key,
            &SystemRandom::new(),
        )
        .map_err(|e| rejected(SEC1, e))?;
        Ok(Self {
            inner: Inner::Ecdsa { pair, curve },
        })
    }

    /// Loads a DER `RSAPrivateKey` (RFC 8017 appendix A.1.2, PKCS#1) of 2048 to 4096 bits.
    ///
    /// ```text
    /// RSAPrivateKey ::= SEQUENCE {
    ///     version           Version,
    ///     modulus           INTEGER,  -- n
    ///     publicExponent    INTEGER,  -- e
    ///     ...
    /// }
    /// ```
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, HandshakeError> {
        check_rsa_private_key(der).map_err(|reason| unusable(PKCS1, reason))?;
        let pair = RsaKeyPair::from_der(der).map_err(|e| rejected(PKCS1, e))?;
        Ok(Self {
            inner: Inner::Rsa(pair),
        })
    }
}

/// Reads a `PrivateKeyInfo`'s version and algorithm, and returns the key type with the
/// `privateKey` octets.
fn pkcs8_kind(der: &[u8]) -> Result<(Pkcs8Kind, &[u8]), &'static str> {
    const MALFORMED: &str = "not a DER PrivateKeyInfo";
    let malformed = |_| MALFORMED;
    let mut fields = sequence(der, MALFORMED).map_err(malformed)?;
    let version = fields.expect(TAG_INTEGER, MALFORMED).map_err(malformed)?;
    // v1(0) and v2(1) (RFC 5958 §2); anything later is a structure we do not know.
    if !matches!(small_unsigned(version, MALFORMED), Ok(0 | 1)) {
        return Err("unsupported PrivateKeyInfo version (v1 and v2 are supported)");
    }
    let algorithm = fields.expect(TAG_SEQUENCE, MALFORMED).map_err(malformed)?;
    let mut algorithm = Walker::new(algorithm.value, MALFORMED).map_err(malformed)?;
    let oid = algorithm.expect(TAG_OID, MALFORMED).map_err(malformed)?;
    let private_key = fields
        .expect(TAG_OCTET_STRING, MALFORMED)
        .map_err(malformed)?;
    let kind = match oid.value {
        OID_RSA_ENCRYPTION => Pkcs8Kind::Rsa,
        OID_EC_PUBLIC_KEY => {
            let curve = algorithm
                .expect(TAG_OID, UNSUPPORTED_CURVE)
                .map_err(|_| UNSUPPORTED_CURVE)?;
            Pkcs8Kind::Ec(curve_from_oid(curve.value)?)
        }
        OID_ED25519 => Pkcs8Kind::Ed25519,
        OID_RSASSA_PSS => {
            return Err("RSASSA-PSS-only (id-RSASSA-PSS) keys are not supported; \
                        use an rsaEncryption key");
        }
        _ => {
            return Err(
                "unsupported key algorithm (RSA, ECDSA P-256/P-384 and Ed25519 are supported)",
            );
        }
    };
    Ok((kind, private_key.value))
}

/// Reads an `ECPrivateKey` into its curve, private key octets and public key point.
fn sec1_fields(der: &[u8]) -> Result<(Curve, &[u8], &[u8]), &'static str> {
    const MALFORMED: &str = "not a DER ECPrivateKey";
    let malformed = |_| MALFORMED;
    let mut fields = sequence(der, MALFORMED).map_err(malformed)?;
    let version = fields.expect(TAG_INTEGER, MALFORMED).map_err(malformed)?;
    //= https://www.rfc-editor.org/rfc/rfc5915#section-3
    //# o  version specifies the syntax version number of the elliptic curve
    //#    private key structure.  For this version of the document, it SHALL
    //#    be set to ecPrivkeyVer1, which is of type INTEGER and whose value
    //#    is one (1).
    if small_unsigned(version, MALFORMED) != Ok(1) {
        return Err("the ECPrivateKey version is not 1");
    }
    let private_key = fields
        .expect(TAG_OCTET_STRING, MALFORMED)
        .map_err(malformed)?;
    //= https://www.rfc-editor.org/rfc/rfc5915#section-3
    //# Though the ASN.1 indicates that
    //# the parameters field is OPTIONAL, implementations that conform to
    //# this document MUST always include the parameters field.
    let parameters = fields
        .optional(TAG_CONTEXT_0, MALFORMED)
        .map_err(malformed)?
        .ok_or("the curve parameters are missing")?;
    //= https://www.rfc-editor.org/rfc/rfc5915#section-3
    //# As specified in [RFC5480], only the namedCurve
    //# CHOICE is permitted.
    let curve = single(parameters.value, TAG_OID, MALFORMED)
        .map_err(|_| "the curve is not a named curve")?;
    let curve = curve_from_oid(curve)?;
    // RFC 5915 only says SHOULD include it, but ring needs the public key to check it against
    // the private key, and recomputing it ourselves would mean curve arithmetic here.
    let public_key = fields
        .optional(TAG_CONTEXT_1, MALFORMED)
        .map_err(malformed)?
        .ok_or("the public key is missing (it is required)")?;
    let mut public_key = Walker::new(public_key.value, MALFORMED).map_err(malformed)?;
    // A point is whole octets: the BIT STRING's unused-bits octet is zero.
    let point = octet_aligned_bit_string(public_key.any(MALFORMED).map_err(malformed)?, MALFORMED)
        .map_err(malformed)?;
    public_key.finish(MALFORMED).map_err(malformed)?;
    fields.finish(MALFORMED).map_err(malformed)?;
    Ok((curve, private_key.value, point))
}

/// Checks an `RSAPrivateKey`'s version and modulus size before ring sees it.
fn check_rsa_private_key(der: &[u8]) -> Result<(), &'static str> {
    match rsa_private_key_modulus_bits(der)? {
        bits if bits < RSA_MIN_BITS => Err("RSA keys smaller than 2048 bits are not supported"),
        bits if bits > RSA_MAX_BITS => Err("RSA keys larger than 4096 bits are not supported"),
        _ => Ok(()),
    }
}

/// Reads an `RSAPrivateKey`'s version and returns the size of its modulus in bits, counted as
/// tls-pki counts a public key's ([`positive_integer_bits`]).
fn rsa_private_key_modulus_bits(der: &[u8]) -> Result<usize, &'static str> {
    const MALFORMED: &str = "not a DER RSAPrivateKey";
    let malformed = |_| MALFORMED;
    let mut fields = sequence(der, MALFORMED).map_err(malformed)?;
    let version = fields.expect(TAG_INTEGER, MALFORMED).map_err(malformed)?;
    //= https://www.rfc-editor.org/rfc/rfc8017#appendix-A.1.2
    //# o  version is the version number, for compatibility with future
    //#    revisions of this document.  It SHALL be 0 for this version of the
    //#    document, unless multi-prime is used; in which case, it SHALL be
    //#    1.
    match small_unsigned(version, MALFORMED) {
        Ok(0) => {}
        Ok(1) => return Err("multi-prime RSA keys are not supported"),
        _ => return Err("unsupported RSAPrivateKey version"),
    }
    // A modulus that is not a minimal positive INTEGER is not DER; ring would refuse it too.
    let modulus = fields.expect(TAG_INTEGER, MALFORMED).map_err(malformed)?;
    positive_integer_bits(modulus, MALFORMED).map_err(malformed)
}

/// A walk over the fields of `der`, which must be exactly one `SEQUENCE`.
///
/// tls-pki's errors name the field read (`what`); the readers here turn any of them into the
/// reason they give for a structure that does not parse.
fn sequence<'a>(der: &'a [u8], what: &'static str) -> Result<Walker<'a>, tls_pki::Error> {
    Walker::new(single(der, TAG_SEQUENCE, what)?, what)
}

/// The curve a named-curve OID (DER contents) names, if we sign with it.
fn curve_from_oid(oid: &[u8]) -> Result<Curve, &'static str> {
    match oid {
        OID_SECP256R1 => Ok(Curve::P256),
        OID_SECP384R1 => Ok(Curve::P384),
        _ => Err(UNSUPPORTED_CURVE),
    }
}

/// The ring signing algorithm for a curve: TLS 1.3 binds each curve to one hash (RFC 8446
/// §4.2.3), and the signature is a DER `ECDSA-Sig-Value`.
fn ecdsa_algorithm(curve: Curve) -> &'static EcdsaSigningAlgorithm {
    match curve {
        Curve::P256 => &ECDSA_P256_SHA256_ASN1_SIGNING,
        Curve::P384 => &ECDSA_P384_SHA384_ASN1_SIGNING,
    }
}

/// The error for a key we cannot use.
fn unusable(format: &'static str, reason: &'static str) -> HandshakeError {
    ConfigError::UnusablePrivateKey { format, reason }.into()
}

/// The error for a key ring refused, with ring's reason put into words.
///
/// ring exposes why it refused a key only through `Display`, as one of a fixed set of names.
fn rejected(format: &'static str, rejection: KeyRejected) -> HandshakeError {
    let reason = match rejection.to_string().as_str() {
        "InvalidEncoding" => "the key's encoding is invalid",
        "InconsistentComponents" => "the public key does not match the private key",
        "InvalidComponent" => "a component of the key is invalid",
        "PublicKeyIsMissing" => "the public key is missing (it is required)",
        "TooSmall" => "the key is too small",
        "TooLarge" => "the key is too large",
        "VersionNotSupported" => "the key structure's version is not supported",
        "WrongAlgorithm" => "the key does not belong to the algorithm its structure names",
        "PrivateModulusLenNotMultipleOf512Bits" => {
            "the RSA primes' length is not a multiple of 512 bits"
        }
        "RNG failed" => "the random number generator failed while loading the key",
        _ => "the key was refused by ring",
    };
    unusable(format, reason)
}

#[cfg(test)]
mod tests {
    use tls_pki::der::Tlv;

    use super::*;

    const P256_SEC1: &[u8] = include_bytes!("../../../../testdata/keys/ecdsa-p256.sec1.pem");
    const P384_PKCS8: &[u8] = include_bytes!("../../../../testdata/keys/ecdsa-p384.pkcs8.pem");
    const RSA_PKCS1: &[u8] = include_bytes!("../../../../testdata/keys/rsa-2048.pkcs1.pem");
    const RSA_1024_PKCS8: &[u8] = include_bytes!("../../../../testdata/keys/rsa-1024.pkcs8.pem");
    const RSA_2048_PKCS8: &[u8] = include_bytes!("../../../../testdata/keys/rsa-2048.pkcs8.pem");
    const RSA_4096_PKCS1: &[u8] = include_bytes!("../../../../testdata/keys/rsa-4096.pkcs1.pem");
    const RSA_4096_PKCS8: &[u8] = include_bytes!("../../../../testdata/keys/rsa-4096.pkcs8.pem");

    fn der(pem: &[u8]) -> Vec<u8> {
        pem::parse(pem).unwrap().into_contents()
    }

    /// A DER TLV of `tag` around `contents` (under 64 KiB, as every test key is).
    fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let len = contents.len();
        let mut out = vec![tag];
        match u8::try_from(len) {
            Ok(short) if short < 0x80 => out.push(short),
            Ok(one) => out.extend([0x81, one]),
            Err(_) => {
                out.push(0x82);
                out.extend(u16::try_from(len).unwrap().to_be_bytes());
            }
        }
        out.extend(contents);
        out
    }

    /// The TLVs of a DER `SEQUENCE`, in order.
    fn fields(encoded: &[u8]) -> Vec<Tlv<'_>> {
        let mut walker = sequence(encoded, "test").unwrap();
        let mut fields = Vec::new();
        while !walker.is_empty() {
            fields.push(walker.any("test").unwrap());
        }
        fields
    }

    /// An `RSAPrivateKey` re-encoded with `prefix` in front of its modulus' contents.
    fn pkcs1_with_modulus_prefix(pkcs1: &[u8], prefix: &[u8]) -> Vec<u8> {
        let fields = fields(pkcs1);
        let mut contents = fields[0].raw.to_vec();
        contents.extend(tlv(TAG_INTEGER, &[prefix, fields[1].value].concat()));
        for field in &fields[2..] {
            contents.extend(field.raw);
        }
        tlv(TAG_SEQUENCE, &contents)
    }

    /// A `PrivateKeyInfo` re-encoded with `prefix` in front of its RSA modulus' contents.
    fn pkcs8_with_modulus_prefix(pkcs8: &[u8], prefix: &[u8]) -> Vec<u8> {
        let fields = fields(pkcs8);
        let mut contents = [fields[0].raw, fields[1].raw].concat();
        let private_key = pkcs1_with_modulus_prefix(fields[2].value, prefix);
        contents.extend(tlv(TAG_OCTET_STRING, &private_key));
        for field in &fields[3..] {
            contents.extend(field.raw);
        }
        tlv(TAG_SEQUENCE, &contents)
    }

    /// The `RSAPublicKey` (modulus and public exponent) of an `RSAPrivateKey`.
    fn rsa_public_key_of(pkcs1: &[u8]) -> Vec<u8> {
        let fields = fields(pkcs1);
        tlv(TAG_SEQUENCE, &[fields[1].raw, fields[2].raw].concat())
    }

    fn reason(error: HandshakeError) -> (&'static str, &'static str) {
        match error {
            HandshakeError::Config(ConfigError::UnusablePrivateKey { format, reason }) => {
                (format, reason)
            }
            other => panic!("expected UnusablePrivateKey, got {other:?}"),
        }
    }

    #[test]
    fn every_strict_prefix_of_a_key_fails_without_panicking() {
        type Load = fn(&[u8]) -> Result<SigningKey, HandshakeError>;
        let cases: [(&[u8], Load); 3] = [
            (P256_SEC1, SigningKey::from_sec1_der),
            (P384_PKCS8, SigningKey::from_pkcs8_der),
            (RSA_PKCS1, SigningKey::from_pkcs1_der),
        ];
        for (pem, load) in cases {
            let der = der(pem);
            assert!(load(&der).is_ok());
            for len in 0..der.len() {
                assert!(load(&der[..len]).is_err(), "prefix of {len} octets loaded");
            }
        }
    }

    #[test]
    fn every_flipped_octet_of_a_sec1_key_fails_without_panicking() {
        let der = der(P256_SEC1);
        for index in 0..der.len() {
            let mut mutated = der.clone();
            mutated[index] ^= 0x01;
            // Flipping a bit of the private scalar yields a key whose public key no longer
            // matches: ring refuses it too.
            assert!(
                SigningKey::from_sec1_der(&mutated).is_err(),
                "flipped octet {index} loaded"
            );
        }
    }

    #[test]
    fn refuses_a_key_in_the_wrong_loader() {
        assert_eq!(
            reason(SigningKey::from_sec1_der(&der(P384_PKCS8)).unwrap_err()),
            (SEC1, "the ECPrivateKey version is not 1")
        );
        assert_eq!(
            reason(SigningKey::from_pkcs8_der(&der(RSA_PKCS1)).unwrap_err()).0,
            PKCS8
        );
        assert_eq!(
            reason(SigningKey::from_pkcs1_der(&der(P384_PKCS8)).unwrap_err()),
            (PKCS1, "not a DER RSAPrivateKey")
        );
    }

    #[test]
    fn reports_ring_rejections_under_the_keys_format() {
        // Our parser accepts the structure; ring finds that the changed point is not the
        // private key's (or not on the curve).
        let mut der = der(P256_SEC1);
        let last = der.len() - 1;
        der[last] ^= 0x01;
        assert_eq!(reason(SigningKey::from_sec1_der(&der).unwrap_err()).0, SEC1);
    }

    #[test]
    fn refuses_an_rsa_modulus_with_a_redundant_leading_zero() {
        for pem in [RSA_PKCS1, RSA_4096_PKCS1] {
            let pkcs1 = der(pem);
            // The re-encoding itself changes nothing: only the extra zero octet below does.
            assert_eq!(pkcs1_with_modulus_prefix(&pkcs1, &[]), pkcs1);
            let padded = pkcs1_with_modulus_prefix(&pkcs1, &[0x00]);
            assert_eq!(
                reason(SigningKey::from_pkcs1_der(&padded).unwrap_err()),
                (PKCS1, "not a DER RSAPrivateKey")
            );
        }
        for pem in [RSA_2048_PKCS8, RSA_4096_PKCS8] {
            let pkcs8 = der(pem);
            assert_eq!(pkcs8_with_modulus_prefix(&pkcs8, &[]), pkcs8);
            let padded = pkcs8_with_modulus_prefix(&pkcs8, &[0x00]);
            assert_eq!(
                reason(SigningKey::from_pkcs8_der(&padded).unwrap_err()),
                (PKCS8, "not a DER RSAPrivateKey")
            );
        }
    }

    #[test]
    fn counts_rsa_modulus_bits_as_tls_pki_counts_the_public_key() {
        let cases: [(&[u8], bool, usize); 5] = [
            (RSA_1024_PKCS8, true, 1024),
            (RSA_2048_PKCS8, true, 2048),
            (RSA_PKCS1, false, 2048),
            (RSA_4096_PKCS8, true, 4096),
            (RSA_4096_PKCS1, false, 4096),
        ];
        for (pem, is_pkcs8, bits) in cases {
            let der = der(pem);
            let pkcs1 = if is_pkcs8 {
                let Ok((Pkcs8Kind::Rsa, private_key)) = pkcs8_kind(&der) else {
                    panic!("not an RSA PrivateKeyInfo");
                };
                private_key
            } else {
                &der
            };
            let public_key = rsa_public_key_of(pkcs1);
            assert_eq!(rsa_private_key_modulus_bits(pkcs1), Ok(bits));
            assert_eq!(tls_pki::signature::rsa_modulus_bits(&public_key), Ok(bits));
            // ring encodes the public key of every key it loads (all but RSA-1024) the same way.
            if bits >= RSA_MIN_BITS {
                let key = if is_pkcs8 {
                    SigningKey::from_pkcs8_der(&der)
                } else {
                    SigningKey::from_pkcs1_der(&der)
                };
                assert_eq!(key.unwrap().public_key(), public_key);
            }
        }
    }
}
