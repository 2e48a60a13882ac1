//! The certificate chains the tls-pki benchmarks verify, made with rcgen at start-up.
//!
//! Two 3-certificate chains (root → intermediate → leaf for `bench.example`): ECDSA P-256 with
//! SHA-256 throughout, and RSA-2048 with PKCS#1 v1.5 SHA-256 throughout. ring cannot generate RSA
//! keys, so the RSA chain signs with the keys checked in under `testdata/pki/` (made once with
//! `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`). Certificates are valid from
//! 2020 to 9999; [`VERIFY_AT`] lies between.

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, PKCS_RSA_SHA256, SignatureAlgorithm,
};

/// The name the leaf is issued for.
pub const SERVER_NAME: &str = "bench.example";

/// The verification time: 2030-01-01T00:00:00Z, in seconds since the Unix epoch.
pub const VERIFY_AT: i64 = 1_893_456_000;

/// One chain, as DER.
pub struct Chain {
    /// The trust anchor (self-signed root).
    pub root: Vec<u8>,
    /// The one intermediate.
    pub intermediate: Vec<u8>,
    /// The end-entity certificate.
    pub leaf: Vec<u8>,
}

/// The chain's key type.
#[derive(Clone, Copy, Debug)]
pub enum KeyType {
    /// ECDSA P-256 with SHA-256.
    EcdsaP256,
    /// RSA-2048 with PKCS#1 v1.5 SHA-256.
    Rsa2048,
}

impl KeyType {
    /// A short label for benchmark ids.
    pub fn label(self) -> &'static str {
        match self {
            Self::EcdsaP256 => "ecdsa-p256",
            Self::Rsa2048 => "rsa-2048",
        }
    }
}

/// Makes the 3-certificate chain of `key_type`.
pub fn chain(key_type: KeyType) -> Result<Chain, rcgen::Error> {
    let keys = match key_type {
        KeyType::EcdsaP256 => [(); 3].map(|()| KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)),
        KeyType::Rsa2048 => ["root", "intermediate", "leaf"].map(rsa_key),
    };
    let [root_key, intermediate_key, leaf_key] = keys;
    let (root_key, intermediate_key, leaf_key) = (root_key?, intermediate_key?, leaf_key?);

    let root_params = ca_params("Bench Root CA", None)?;
    let root = root_params.self_signed(&root_key)?;
    let intermediate_params = ca_params("Bench Intermediate CA", Some(0))?;
    let intermediate = intermediate_params.signed_by(&intermediate_key, &root, &root_key)?;

    let mut leaf_params = CertificateParams::new(vec![SERVER_NAME.to_owned()])?;
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, SERVER_NAME);
    leaf_params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    leaf_params.not_after = rcgen::date_time_ymd(9999, 12, 31);
    leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf_params.use_authority_key_identifier_extension = true;
    let leaf = leaf_params.signed_by(&leaf_key, &intermediate, &intermediate_key)?;

    Ok(Chain {
        root: root.der().to_vec(),
        intermediate: intermediate.der().to_vec(),
        leaf: leaf.der().to_vec(),
    })
}

fn ca_params(name: &str, path_len: Option<u8>) -> Result<CertificateParams, rcgen::Error> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params.distinguished_name.push(DnType::CommonName, name);
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(9999, 12, 31);
    params.is_ca = IsCa::Ca(match path_len {
        Some(n) => BasicConstraints::Constrained(n),
        None => BasicConstraints::Unconstrained,
    });
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.use_authority_key_identifier_extension = path_len.is_some();
    Ok(params)
}

fn rsa_key(name: &str) -> Result<KeyPair, rcgen::Error> {
    let path = format!(
        "{}/../testdata/pki/rsa2048-{name}.pk8.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let pem = std::fs::read_to_string(&path).map_err(|_| rcgen::Error::CouldNotParseKeyPair)?;
    let algorithm: &'static SignatureAlgorithm = &PKCS_RSA_SHA256;
    KeyPair::from_pem_and_sign_algo(&pem, algorithm)
}
