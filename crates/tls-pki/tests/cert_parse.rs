//! `Certificate::from_der` on real certificates and on malformed ones made from them.
//!
//! Real inputs: certificates rcgen makes (ECDSA P-256 and Ed25519, every field we read set to a
//! known value), the OpenSSL-made chain of `testdata/openssl-captures.json`, the RSA server
//! certificate of `testdata/illustrated-tls13.json`, and every root of the machine's
//! `/etc/ssl/certs/ca-certificates.crt`.
//!
//! Malformed inputs are the OpenSSL leaf taken apart into its fields with the small DER
//! toolkit below, one field changed, and put back together: each `rejects_*` test breaks one
//! rule `cert.rs` enforces and checks the error names it.

use std::net::{IpAddr, Ipv4Addr};

use tls_pki::Error;
use tls_pki::cert::{
    BasicConstraints, Certificate, GeneralName, ID_CE_BASIC_CONSTRAINTS, ID_CE_KEY_USAGE,
    ID_CE_SUBJECT_ALT_NAME, KeyUsage, MAX_EXTENSIONS, Version,
};

/// `id-kp-serverAuth` and `id-kp-clientAuth` (RFC 5280 §4.2.1.12).
const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";

/// A tiny DER toolkit: enough to take a certificate apart and build it back with one change.
mod der {
    /// One TLV: its tag byte and contents, from the front of `bytes`; also returns the rest.
    /// Only what certificates use: one-byte tags, definite lengths of up to four octets.
    pub(crate) fn split(bytes: &[u8]) -> (u8, &[u8], &[u8]) {
        let tag = bytes[0];
        let (len, header) = match bytes[1] {
            short @ 0..=0x7f => (usize::from(short), 2),
            long => {
                let octets = usize::from(long & 0x7f);
                let len = bytes[2..2 + octets]
                    .iter()
                    .fold(0usize, |acc, byte| acc << 8 | usize::from(*byte));
                (len, 2 + octets)
            }
        };
        let (tlv_contents, rest) = bytes[header..].split_at(len);
        (tag, tlv_contents, rest)
    }

    /// The contents of the single TLV that is `tlv`.
    pub(crate) fn contents(tlv: &[u8]) -> &[u8] {
        let (_, contents, rest) = split(tlv);
        assert!(rest.is_empty());
        contents
    }

    /// The TLVs inside the constructed TLV `tlv`, each whole.
    pub(crate) fn children(tlv: &[u8]) -> Vec<Vec<u8>> {
        let mut rest = contents(tlv);
        let mut children = Vec::new();
        while !rest.is_empty() {
            let (_, inner, after) = split(rest);
            let whole = rest.len() - after.len();
            debug_assert!(inner.len() <= whole);
            children.push(rest[..whole].to_vec());
            rest = after;
        }
        children
    }

    /// A TLV with the minimal DER length.
    pub(crate) fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match contents.len() {
            len @ 0..=0x7f => out.push(u8::try_from(len).unwrap()),
            len => {
                let octets: Vec<u8> = len
                    .to_be_bytes()
                    .into_iter()
                    .skip_while(|byte| *byte == 0)
                    .collect();
                out.push(0x80 | u8::try_from(octets.len()).unwrap());
                out.extend(octets);
            }
        }
        out.extend_from_slice(contents);
        out
    }

    /// A SEQUENCE of the given TLVs.
    pub(crate) fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
        tlv(0x30, &parts.concat())
    }

    pub(crate) fn integer(contents: &[u8]) -> Vec<u8> {
        tlv(0x02, contents)
    }

    pub(crate) fn boolean(value: bool) -> Vec<u8> {
        tlv(0x01, &[if value { 0xff } else { 0x00 }])
    }

    pub(crate) fn octet_string(contents: &[u8]) -> Vec<u8> {
        tlv(0x04, contents)
    }

    /// An OBJECT IDENTIFIER from its dotted form.
    pub(crate) fn oid(dotted: &str) -> Vec<u8> {
        let arcs: Vec<u64> = dotted.split('.').map(|arc| arc.parse().unwrap()).collect();
        let mut body = vec![u8::try_from(arcs[0] * 40 + arcs[1]).unwrap()];
        for arc in &arcs[2..] {
            let mut groups = vec![u8::try_from(arc & 0x7f).unwrap()];
            let mut rest = arc >> 7;
            while rest > 0 {
                groups.push(0x80 | u8::try_from(rest & 0x7f).unwrap());
                rest >>= 7;
            }
            groups.reverse();
            body.extend(groups);
        }
        tlv(0x06, &body)
    }

    /// An `Extension` SEQUENCE.
    pub(crate) fn extension(oid_dotted: &str, critical: Option<bool>, value: &[u8]) -> Vec<u8> {
        let mut parts = vec![oid(oid_dotted)];
        parts.extend(critical.map(boolean));
        parts.push(octet_string(value));
        seq(&parts)
    }
}

/// The capture file shared with the other crates.
fn captures() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/openssl-captures.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn pem_der(text: &str) -> Vec<u8> {
    pem::parse(text).unwrap().into_contents()
}

/// The OpenSSL chain: (root, intermediate, ECDSA leaf, RSA leaf).
fn openssl_chain() -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>) {
    let captures = captures();
    let leaf = |name: &str| {
        let connection = captures["connections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap();
        pem_der(
            connection["server_certificate_chain_pem"][0]
                .as_str()
                .unwrap(),
        )
    };
    (
        pem_der(captures["ca_certificate_pem"].as_str().unwrap()),
        pem_der(
            captures["intermediate_ca_certificate_pem"]
                .as_str()
                .unwrap(),
        ),
        leaf("tls13-aes-128-gcm-sha256"),
        leaf("tls12-ecdhe-rsa-aes256-gcm-sha384"),
    )
}

/// The OpenSSL leaf (ECDSA P-256, v3, six extensions): the base of every malformed case.
fn leaf() -> Vec<u8> {
    openssl_chain().2
}

/// A certificate taken apart: the TBS fields, `signatureAlgorithm`, `signatureValue`.
#[derive(Clone)]
struct Parts {
    tbs: Vec<Vec<u8>>,
    algorithm: Vec<u8>,
    signature: Vec<u8>,
}

/// Indices of the TBS fields of a v3 certificate with extensions.
const VERSION: usize = 0;
const SERIAL: usize = 1;
const SIGNATURE: usize = 2;
const VALIDITY: usize = 4;
const EXTENSIONS: usize = 7;

impl Parts {
    fn of(der: &[u8]) -> Self {
        let [tbs, algorithm, signature]: [Vec<u8>; 3] = der::children(der).try_into().unwrap();
        Self {
            tbs: der::children(&tbs),
            algorithm,
            signature,
        }
    }

    fn build(&self) -> Vec<u8> {
        der::seq(&[
            der::seq(&self.tbs),
            self.algorithm.clone(),
            self.signature.clone(),
        ])
    }

    /// The extensions, each a whole `Extension` TLV.
    fn extensions(&self) -> Vec<Vec<u8>> {
        der::children(der::contents(&self.tbs[EXTENSIONS]))
            .into_iter()
            .collect()
    }

    fn with_extensions(mut self, extensions: &[Vec<u8>]) -> Self {
        self.tbs[EXTENSIONS] = der::tlv(0xa3, &der::seq(extensions));
        self
    }

    fn with_field(mut self, index: usize, field: Vec<u8>) -> Self {
        self.tbs[index] = field;
        self
    }

    fn with_serial(self, contents: &[u8]) -> Self {
        self.with_field(SERIAL, der::integer(contents))
    }

    fn with_version(self, contents: &[u8]) -> Self {
        self.with_field(VERSION, der::tlv(0xa0, &der::integer(contents)))
    }

    fn without_version(mut self) -> Self {
        self.tbs.remove(VERSION);
        self
    }

    fn parse(&self) -> Result<(), Error> {
        Certificate::from_der(&self.build()).map(drop)
    }
}

fn dns_names<'a>(certificate: &Certificate<'a>) -> Vec<&'a [u8]> {
    certificate
        .subject_alt_name()
        .unwrap()
        .unwrap()
        .names()
        .filter_map(|name| match name {
            GeneralName::DnsName(name) => Some(name),
            _ => None,
        })
        .collect()
}

/// Whether `name` (a Name's DER) holds `text` as an attribute value's octets.
fn name_holds(name: &[u8], text: &str) -> bool {
    name.windows(text.len())
        .any(|window| window == text.as_bytes())
}

// ---------------------------------------------------------------------------------------------
// Certificates that parse.
// ---------------------------------------------------------------------------------------------

/// An rcgen CA and a leaf it signs, both with key algorithm `alg`, every field we read set.
fn rcgen_chain(alg: &'static rcgen::SignatureAlgorithm) -> (Vec<u8>, Vec<u8>) {
    use rcgen::{
        BasicConstraints as Bc, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
        KeyUsagePurpose, SanType, SerialNumber, date_time_ymd,
    };
    let ca_key = KeyPair::generate_for(alg).unwrap();
    let mut ca = CertificateParams::default();
    ca.distinguished_name
        .push(DnType::CommonName, "h3 test root");
    ca.is_ca = IsCa::Ca(Bc::Constrained(1));
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.serial_number = Some(SerialNumber::from_slice(&[0x01, 0x02]));
    let ca = ca.self_signed(&ca_key).unwrap();

    let leaf_key = KeyPair::generate_for(alg).unwrap();
    let mut leaf =
        CertificateParams::new(vec!["leaf.example".to_owned(), "*.leaf.example".to_owned()])
            .unwrap();
    leaf.subject_alt_names
        .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7))));
    leaf.distinguished_name = rcgen::DistinguishedName::new();
    leaf.distinguished_name
        .push(DnType::CommonName, "leaf.example");
    leaf.not_before = date_time_ymd(2020, 1, 2);
    leaf.not_after = date_time_ymd(9999, 12, 31);
    leaf.serial_number = Some(SerialNumber::from_slice(&[0x00, 0x80, 0x01]));
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
    ];
    leaf.use_authority_key_identifier_extension = true;
    let leaf = leaf.signed_by(&leaf_key, &ca, &ca_key).unwrap();
    (ca.der().to_vec(), leaf.der().to_vec())
}

fn check_rcgen_chain(alg: &'static rcgen::SignatureAlgorithm) {
    let (ca_der, leaf_der) = rcgen_chain(alg);
    let ca = Certificate::from_der(&ca_der).unwrap();
    let leaf = Certificate::from_der(&leaf_der).unwrap();

    assert_eq!(ca.version(), Version::V3);
    assert_eq!(ca.serial_number(), [0x01, 0x02]);
    assert_eq!(ca.subject(), ca.issuer());
    assert!(name_holds(ca.subject(), "h3 test root"));
    assert_eq!(
        ca.basic_constraints().unwrap(),
        Some(BasicConstraints {
            ca: true,
            path_len_constraint: Some(1),
        })
    );
    let ca_usage = ca.key_usage().unwrap().unwrap();
    assert!(ca_usage.contains(KeyUsage::KEY_CERT_SIGN) && ca_usage.contains(KeyUsage::CRL_SIGN));
    assert!(!ca_usage.contains(KeyUsage::DIGITAL_SIGNATURE));
    assert!(ca.extended_key_usage().unwrap().is_none());
    assert!(ca.subject_alt_name().unwrap().is_none());

    assert_eq!(leaf.version(), Version::V3);
    // rcgen keeps the leading 0x00 that makes 0x80.. positive: the contents octets, as sent.
    assert_eq!(leaf.serial_number(), [0x00, 0x80, 0x01]);
    assert_eq!(leaf.issuer(), ca.subject());
    assert!(name_holds(leaf.subject(), "leaf.example"));
    // 2020-01-02T00:00:00Z and 9999-12-31T00:00:00Z.
    assert_eq!(leaf.validity().not_before, 1_577_923_200);
    assert_eq!(leaf.validity().not_after, 253_402_214_400);
    assert_eq!(dns_names(&leaf), [&b"leaf.example"[..], b"*.leaf.example"]);
    assert!(
        leaf.subject_alt_name()
            .unwrap()
            .unwrap()
            .names()
            .any(|name| name == GeneralName::IpAddress(&[192, 0, 2, 7]))
    );
    assert_eq!(leaf.key_usage().unwrap(), Some(KeyUsage::DIGITAL_SIGNATURE));
    let purposes: Vec<String> = leaf
        .extended_key_usage()
        .unwrap()
        .unwrap()
        .purposes()
        .map(|oid| oid.to_string())
        .collect();
    assert_eq!(purposes, [SERVER_AUTH, CLIENT_AUTH]);
    // rcgen leaves basicConstraints out of a leaf by default.
    assert_eq!(leaf.basic_constraints().unwrap(), None);
    assert_eq!(
        leaf.authority_key_identifier()
            .unwrap()
            .unwrap()
            .key_identifier,
        ca.subject_key_identifier().unwrap()
    );
    assert_eq!(
        leaf.signature_algorithm().raw,
        ca.signature_algorithm().raw,
        "one key algorithm signs both"
    );
    assert_eq!(leaf.extensions().unknown_critical().count(), 0);
    assert_eq!(leaf.der(), leaf_der);
    assert!(
        leaf_der
            .windows(leaf.tbs_bytes().len())
            .any(|w| w == leaf.tbs_bytes())
    );
}

#[test]
fn rcgen_ecdsa_p256_chain_parses_with_every_field_as_made() {
    check_rcgen_chain(&rcgen::PKCS_ECDSA_P256_SHA256);
}

#[test]
fn rcgen_ed25519_chain_parses_with_every_field_as_made() {
    check_rcgen_chain(&rcgen::PKCS_ED25519);
    let (_, leaf_der) = rcgen_chain(&rcgen::PKCS_ED25519);
    let leaf = Certificate::from_der(&leaf_der).unwrap();
    // id-Ed25519 with absent parameters (RFC 8410 §3).
    assert_eq!(
        leaf.signature_algorithm().algorithm.to_string(),
        "1.3.101.112"
    );
    assert_eq!(leaf.signature_algorithm().parameters, None);
    assert_eq!(leaf.subject_public_key_info().subject_public_key.len(), 32);
    assert_eq!(leaf.signature().len(), 64);
}

#[test]
fn rcgen_explicit_not_a_ca_is_refused_as_an_explicit_default() {
    // rcgen's `IsCa::ExplicitNoCa` writes `cA BOOLEAN FALSE`, which DER leaves out (X.690
    // §11.5); the certificate parses, and the extension is refused when read.
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["a.example".to_owned()]).unwrap();
    params.is_ca = rcgen::IsCa::ExplicitNoCa;
    let der = params.self_signed(&key).unwrap().der().to_vec();
    let certificate = Certificate::from_der(&der).unwrap();
    assert_eq!(
        certificate.basic_constraints(),
        Err(Error::ExplicitDefaultValue {
            field: "BasicConstraints.cA"
        })
    );
}

#[test]
fn openssl_chain_parses_with_its_fields() {
    let (root_der, intermediate_der, leaf_der, rsa_leaf_der) = openssl_chain();
    let root = Certificate::from_der(&root_der).unwrap();
    let intermediate = Certificate::from_der(&intermediate_der).unwrap();
    let leaf = Certificate::from_der(&leaf_der).unwrap();
    let rsa_leaf = Certificate::from_der(&rsa_leaf_der).unwrap();

    assert_eq!(root.subject(), root.issuer());
    assert_eq!(intermediate.issuer(), root.subject());
    assert_eq!(leaf.issuer(), intermediate.subject());
    assert_eq!(rsa_leaf.issuer(), intermediate.subject());
    assert_eq!(
        [
            root.serial_number(),
            intermediate.serial_number(),
            leaf.serial_number()
        ],
        [[1], [2], [3]]
    );
    for certificate in [&root, &intermediate, &leaf] {
        assert_eq!(certificate.version(), Version::V3);
        // UTCTime 261122063642Z and GeneralizedTime 21001025063642Z.
        assert_eq!(certificate.validity().not_before, 1_795_329_402);
        assert_eq!(certificate.validity().not_after, 4_128_129_402);
        assert_eq!(
            certificate.signature_algorithm().algorithm.to_string(),
            "1.2.840.10045.4.3.2"
        );
    }
    assert_eq!(
        root.basic_constraints().unwrap(),
        Some(BasicConstraints {
            ca: true,
            path_len_constraint: None
        })
    );
    assert_eq!(
        intermediate.basic_constraints().unwrap(),
        Some(BasicConstraints {
            ca: true,
            path_len_constraint: Some(0)
        })
    );
    assert_eq!(
        leaf.basic_constraints().unwrap(),
        Some(BasicConstraints {
            ca: false,
            path_len_constraint: None
        })
    );
    assert_eq!(leaf.key_usage().unwrap(), Some(KeyUsage::DIGITAL_SIGNATURE));
    assert_eq!(dns_names(&leaf), [b"localhost"]);
    assert!(
        leaf.subject_alt_name()
            .unwrap()
            .unwrap()
            .names()
            .any(|name| name == GeneralName::IpAddress(&[127, 0, 0, 1]))
    );
    let purposes: Vec<String> = leaf
        .extended_key_usage()
        .unwrap()
        .unwrap()
        .purposes()
        .map(|oid| oid.to_string())
        .collect();
    assert_eq!(purposes, [SERVER_AUTH]);
    assert_eq!(
        leaf.authority_key_identifier()
            .unwrap()
            .unwrap()
            .key_identifier,
        intermediate.subject_key_identifier().unwrap()
    );
    assert!(root.authority_key_identifier().unwrap().is_none());
    assert_eq!(
        rsa_leaf
            .subject_public_key_info()
            .algorithm
            .algorithm
            .to_string(),
        "1.2.840.113549.1.1.1"
    );
    let critical: Vec<String> = leaf
        .extensions()
        .as_slice()
        .iter()
        .filter(|extension| extension.critical)
        .map(|extension| extension.oid.to_string())
        .collect();
    assert_eq!(critical, ["2.5.29.19", "2.5.29.15"]);
}

#[test]
fn illustrated_tls13_server_certificate_parses() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/illustrated-tls13.json"
    );
    let trace: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let hex = trace["keys"]["server_certificate_der_hex"]
        .as_str()
        .unwrap();
    let der: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    let certificate = Certificate::from_der(&der).unwrap();
    assert_eq!(
        certificate.serial_number(),
        [0x15, 0x5a, 0x92, 0xad, 0xc2, 0x04, 0x8f, 0x90]
    );
    assert!(name_holds(certificate.subject(), "example.ulfheim.net"));
    assert!(name_holds(certificate.issuer(), "Example CA"));
    // 2018-10-05T01:38:17Z to 2019-10-05T01:38:17Z.
    assert_eq!(certificate.validity().not_before, 1_538_703_497);
    assert_eq!(certificate.validity().not_after, 1_570_239_497);
    let usage = certificate.key_usage().unwrap().unwrap();
    assert!(usage.contains(KeyUsage::DIGITAL_SIGNATURE));
    assert!(usage.contains(KeyUsage::KEY_ENCIPHERMENT));
    assert_eq!(certificate.basic_constraints().unwrap(), None);
    assert_eq!(certificate.subject_alt_name().unwrap(), None);
    assert_eq!(
        certificate.signature_algorithm().parameters,
        Some(&[0x05, 0x00][..])
    );
}

#[test]
fn every_root_of_the_machine_store_parses() {
    let path = "/etc/ssl/certs/ca-certificates.crt";
    let Ok(bundle) = std::fs::read(path) else {
        eprintln!("{path} is absent: nothing to check on this machine");
        return;
    };
    let roots = pem::parse_many(&bundle).unwrap();
    assert!(roots.len() > 100, "only {} roots in {path}", roots.len());
    let mut zero_serial = Vec::new();
    let mut failed = Vec::new();
    for (index, root) in roots.iter().enumerate() {
        match Certificate::from_der(root.contents()) {
            Ok(certificate) => {
                for accessor in [
                    certificate.basic_constraints().map(drop),
                    certificate.key_usage().map(drop),
                    certificate.extended_key_usage().map(drop),
                    certificate.subject_alt_name().map(drop),
                    certificate.authority_key_identifier().map(drop),
                    certificate.subject_key_identifier().map(drop),
                ] {
                    if let Err(error) = accessor {
                        failed.push(format!("root {index}: {error}"));
                    }
                }
            }
            // Roots with serial number zero are refused as certificates and accepted as trust
            // anchors (`TrustAnchor::from_der`); the count is pinned so that a change shows.
            Err(Error::InvalidSerialNumber { reason: "zero" }) => zero_serial.push(index),
            Err(error) => failed.push(format!("root {index}: {error}")),
        }
        if let Err(error) = tls_pki::TrustAnchor::from_der(root.contents()) {
            failed.push(format!("root {index} as an anchor: {error}"));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
    eprintln!(
        "{} roots; {} with serial number zero (parse as anchors only): {zero_serial:?}",
        roots.len(),
        zero_serial.len()
    );
}

// ---------------------------------------------------------------------------------------------
// The toolkit round-trips, so every refusal below is the one change's doing.
// ---------------------------------------------------------------------------------------------

#[test]
fn taking_the_leaf_apart_and_back_gives_the_same_bytes() {
    let leaf = leaf();
    assert_eq!(Parts::of(&leaf).build(), leaf);
    let parts = Parts::of(&leaf);
    assert_eq!(parts.tbs.len(), 8);
    assert_eq!(parts.extensions().len(), 6);
    assert_eq!(
        parts.clone().with_extensions(&parts.extensions()).build(),
        leaf
    );
}

// ---------------------------------------------------------------------------------------------
// Version (RFC 5280 §4.1.2.1) and the fields each version allows.
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_version_out_of_range() {
    let parts = Parts::of(&leaf());
    for (contents, version) in [
        (&[3][..], Some(3)),
        (&[0x7f][..], Some(0x7f)),
        (&[0x00, 0x80][..], None),
        (&[0x01, 0x00][..], None),
        (&[0xff][..], None),
    ] {
        assert_eq!(
            parts.clone().with_version(contents).parse(),
            Err(Error::UnsupportedVersion { version }),
            "{contents:02x?}"
        );
    }
}

#[test]
fn rejects_version_that_is_not_a_der_integer() {
    let parts = Parts::of(&leaf());
    for field in [
        // Not minimal.
        der::tlv(0xa0, &der::integer(&[0x00, 0x02])),
        // Empty.
        der::tlv(0xa0, &der::integer(&[])),
        // Not an INTEGER.
        der::tlv(0xa0, &der::tlv(0x04, &[2])),
        // Two values in the wrapper.
        der::tlv(0xa0, &[der::integer(&[2]), der::integer(&[2])].concat()),
    ] {
        assert!(
            matches!(
                parts.clone().with_field(VERSION, field.clone()).parse(),
                Err(Error::MalformedCertificate { .. })
            ),
            "{field:02x?}"
        );
    }
}

#[test]
fn rejects_explicit_default_version_v1() {
    assert_eq!(
        Parts::of(&leaf()).with_version(&[0]).parse(),
        Err(Error::ExplicitDefaultValue {
            field: "tbsCertificate.version"
        })
    );
}

#[test]
fn rejects_extensions_in_v1_and_v2() {
    let parts = Parts::of(&leaf());
    assert_eq!(
        parts.clone().without_version().parse(),
        Err(Error::ExtensionsBeforeV3 { version: 0 })
    );
    assert_eq!(
        parts.with_version(&[1]).parse(),
        Err(Error::ExtensionsBeforeV3 { version: 1 })
    );
}

#[test]
fn accepts_v1_and_v2_without_extensions() {
    let mut parts = Parts::of(&leaf());
    parts.tbs.truncate(EXTENSIONS);
    let v1 = parts.clone().without_version().build();
    let v1 = Certificate::from_der(&v1).unwrap();
    assert_eq!(v1.version(), Version::V1);
    assert!(v1.extensions().is_empty());
    assert_eq!(v1.basic_constraints(), Ok(None));
    let v2 = parts.with_version(&[1]).build();
    assert_eq!(Certificate::from_der(&v2).unwrap().version(), Version::V2);
}

#[test]
fn rejects_unique_identifiers_in_v1() {
    let mut parts = Parts::of(&leaf());
    parts.tbs.truncate(EXTENSIONS);
    let unique_id = der::tlv(0x81, &[0x00, 0xab]);
    parts.tbs.push(unique_id);
    // v2 allows them...
    let v2 = parts.clone().with_version(&[1]);
    assert_eq!(v2.parse(), Ok(()));
    // ...v1 does not.
    assert_eq!(
        parts.without_version().parse(),
        Err(Error::MalformedCertificate {
            reason: "tbsCertificate.issuerUniqueID"
        })
    );
}

#[test]
fn rejects_fields_out_of_order() {
    let mut parts = Parts::of(&leaf());
    parts.tbs.swap(3, 5);
    parts.tbs.swap(VALIDITY, 6);
    assert!(matches!(
        parts.parse(),
        Err(Error::MalformedCertificate { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Extensions (RFC 5280 §4.1.2.9, §4.2).
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_duplicate_extension() {
    let parts = Parts::of(&leaf());
    let mut extensions = parts.extensions();
    extensions.push(extensions[1].clone());
    assert_eq!(
        parts.with_extensions(&extensions).parse(),
        Err(Error::DuplicateExtension {
            oid: ID_CE_KEY_USAGE
        })
    );
}

#[test]
fn rejects_duplicate_extension_even_when_the_values_differ() {
    let parts = Parts::of(&leaf());
    let mut extensions = parts.extensions();
    extensions.push(der::extension(
        "2.5.29.17",
        None,
        &der::seq(&[der::tlv(0x82, b"other.example")]),
    ));
    assert_eq!(
        parts.with_extensions(&extensions).parse(),
        Err(Error::DuplicateExtension {
            oid: ID_CE_SUBJECT_ALT_NAME
        })
    );
}

#[test]
fn rejects_explicit_default_critical_false() {
    let parts = Parts::of(&leaf());
    let mut extensions = parts.extensions();
    // The EKU extension, not critical, with `critical FALSE` written out.
    extensions[2] = der::extension(
        "2.5.29.37",
        Some(false),
        &der::seq(&[der::oid(SERVER_AUTH)]),
    );
    assert_eq!(
        parts.with_extensions(&extensions).parse(),
        Err(Error::ExplicitDefaultValue {
            field: "Extension.critical"
        })
    );
}

#[test]
fn rejects_explicit_default_ca_false() {
    let parts = Parts::of(&leaf());
    let mut extensions = parts.extensions();
    extensions[0] = der::extension("2.5.29.19", Some(true), &der::seq(&[der::boolean(false)]));
    let der = parts.with_extensions(&extensions).build();
    let certificate = Certificate::from_der(&der).unwrap();
    assert_eq!(
        certificate.basic_constraints(),
        Err(Error::ExplicitDefaultValue {
            field: "BasicConstraints.cA"
        })
    );
}

#[test]
fn rejects_empty_extensions_list() {
    assert_eq!(
        Parts::of(&leaf()).with_extensions(&[]).parse(),
        Err(Error::MalformedCertificate {
            reason: "Extensions"
        })
    );
}

#[test]
fn rejects_more_extensions_than_the_limit() {
    let extensions: Vec<Vec<u8>> = (0..=MAX_EXTENSIONS)
        .map(|i| der::extension(&format!("1.3.6.1.4.1.99999.{i}"), None, &[0x05, 0x00]))
        .collect();
    let parts = Parts::of(&leaf());
    assert_eq!(
        parts.clone().with_extensions(&extensions).parse(),
        Err(Error::MalformedCertificate {
            reason: "Extensions (too many)"
        })
    );
    assert_eq!(
        parts.with_extensions(&extensions[..MAX_EXTENSIONS]).parse(),
        Ok(())
    );
}

#[test]
fn rejects_malformed_extension_framing() {
    let parts = Parts::of(&leaf());
    for bad in [
        // critical not DER (0x01 instead of 0xff).
        der::seq(&[
            der::oid("2.5.29.15"),
            der::tlv(0x01, &[0x01]),
            der::octet_string(&[3, 2, 7, 0x80]),
        ]),
        // extnValue not an OCTET STRING.
        der::seq(&[der::oid("2.5.29.15"), der::tlv(0x03, &[0x00])]),
        // No extnID.
        der::seq(&[der::octet_string(&[0x05, 0x00])]),
        // A field after extnValue.
        der::seq(&[
            der::oid("2.5.29.15"),
            der::octet_string(&[3, 2, 7, 0x80]),
            der::boolean(true),
        ]),
        // Not a SEQUENCE.
        der::tlv(0x31, &der::oid("2.5.29.15")),
    ] {
        let mut extensions = parts.extensions();
        extensions[1] = bad.clone();
        assert!(
            matches!(
                parts.clone().with_extensions(&extensions).parse(),
                Err(Error::MalformedCertificate { .. })
            ),
            "{bad:02x?}"
        );
    }
}

#[test]
fn records_unknown_critical_extensions_without_refusing_them() {
    let parts = Parts::of(&leaf());
    let mut extensions = parts.extensions();
    extensions.push(der::extension(
        "1.3.6.1.4.1.99999.1",
        Some(true),
        &[0x05, 0x00],
    ));
    extensions.push(der::extension("1.3.6.1.4.1.99999.2", None, &[0x05, 0x00]));
    let der = parts.with_extensions(&extensions).build();
    let certificate = Certificate::from_der(&der).unwrap();
    let unknown: Vec<String> = certificate
        .extensions()
        .unknown_critical()
        .map(|oid| oid.to_string())
        .collect();
    assert_eq!(unknown, ["1.3.6.1.4.1.99999.1"]);
}

#[test]
fn rejects_malformed_extension_values_when_read() {
    let parts = Parts::of(&leaf());
    let with = |index: usize, extension: Vec<u8>| {
        let mut extensions = parts.extensions();
        extensions[index] = extension;
        parts.clone().with_extensions(&extensions).build()
    };
    // keyUsage with no bit set, and with an unused bit set.
    for value in [
        &[0x03, 0x01, 0x00][..],
        &[0x03, 0x02, 0x07, 0x00],
        &[0x03, 0x02, 0x07, 0x81],
    ] {
        let der = with(1, der::extension("2.5.29.15", Some(true), value));
        let certificate = Certificate::from_der(&der).unwrap();
        let refused = certificate.key_usage();
        assert!(
            matches!(refused, Err(Error::MalformedExtension { oid, .. }) if oid == ID_CE_KEY_USAGE),
            "{value:02x?}"
        );
    }
    // An empty extKeyUsage, and one holding a non-OID.
    for value in [der::seq(&[]), der::seq(&[der::integer(&[1])])] {
        let der = with(2, der::extension("2.5.29.37", None, &value));
        assert!(matches!(
            Certificate::from_der(&der).unwrap().extended_key_usage(),
            Err(Error::MalformedExtension { .. })
        ));
    }
    // A subjectAltName holding a universal-class value, and an empty one.
    for value in [der::seq(&[der::tlv(0x16, b"a.example")]), der::seq(&[])] {
        let der = with(3, der::extension("2.5.29.17", None, &value));
        assert!(matches!(
            Certificate::from_der(&der).unwrap().subject_alt_name(),
            Err(Error::MalformedExtension { .. })
        ));
    }
    // basicConstraints with a negative pathLenConstraint, and with trailing data.
    for value in [
        der::seq(&[der::boolean(true), der::integer(&[0xff])]),
        [der::seq(&[der::boolean(true)]), vec![0x00]].concat(),
    ] {
        let der = with(0, der::extension("2.5.29.19", Some(true), &value));
        assert!(matches!(
            Certificate::from_der(&der).unwrap().basic_constraints(),
            Err(Error::MalformedExtension { oid, .. }) if oid == ID_CE_BASIC_CONSTRAINTS
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Serial number (RFC 5280 §4.1.2.2).
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_serial_number_zero() {
    assert_eq!(
        Parts::of(&leaf()).with_serial(&[0x00]).parse(),
        Err(Error::InvalidSerialNumber { reason: "zero" })
    );
}

#[test]
fn rejects_negative_serial_number() {
    for serial in [&[0x80][..], &[0xff, 0x01], &[0x81, 0x00, 0x00]] {
        assert_eq!(
            Parts::of(&leaf()).with_serial(serial).parse(),
            Err(Error::InvalidSerialNumber { reason: "negative" }),
            "{serial:02x?}"
        );
    }
}

#[test]
fn rejects_serial_number_longer_than_20_octets() {
    let parts = Parts::of(&leaf());
    assert_eq!(
        parts.clone().with_serial(&[0x01; 21]).parse(),
        Err(Error::InvalidSerialNumber {
            reason: "longer than 20 octets"
        })
    );
    let mut padded = vec![0x00];
    padded.extend([0xff; 21]);
    assert_eq!(
        parts.with_serial(&padded).parse(),
        Err(Error::InvalidSerialNumber {
            reason: "longer than 20 octets"
        })
    );
}

#[test]
fn accepts_serial_numbers_of_20_octets_with_or_without_a_sign_octet() {
    let parts = Parts::of(&leaf());
    let mut padded = vec![0x00];
    padded.extend([0xff; 20]);
    for serial in [vec![0x7f; 20], padded, vec![0x01]] {
        let der = parts.clone().with_serial(&serial).build();
        assert_eq!(Certificate::from_der(&der).unwrap().serial_number(), serial);
    }
}

#[test]
fn rejects_serial_number_that_is_not_a_der_integer() {
    let parts = Parts::of(&leaf());
    for field in [
        der::integer(&[]),
        der::integer(&[0x00, 0x01]),
        der::integer(&[0xff, 0x80]),
        der::octet_string(&[0x01]),
    ] {
        assert_eq!(
            parts.clone().with_field(SERIAL, field.clone()).parse(),
            Err(Error::InvalidSerialNumber {
                reason: "not a DER INTEGER"
            }),
            "{field:02x?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Signature algorithm (RFC 5280 §4.1.1.2), signature value, framing.
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_signature_algorithm_mismatch() {
    let ecdsa_sha384 = der::seq(&[der::oid("1.2.840.10045.4.3.3")]);
    let mut parts = Parts::of(&leaf());
    parts.algorithm = ecdsa_sha384.clone();
    assert_eq!(parts.parse(), Err(Error::SignatureAlgorithmMismatch));

    // The inner one changed instead.
    let parts = Parts::of(&leaf()).with_field(SIGNATURE, ecdsa_sha384);
    assert_eq!(parts.parse(), Err(Error::SignatureAlgorithmMismatch));

    // Same algorithm, but parameters present on one side only: the bytes differ.
    let mut parts = Parts::of(&leaf());
    parts.algorithm = der::seq(&[der::oid("1.2.840.10045.4.3.2"), vec![0x05, 0x00]]);
    assert_eq!(parts.parse(), Err(Error::SignatureAlgorithmMismatch));
}

#[test]
fn rejects_signature_with_unused_bits() {
    let mut parts = Parts::of(&leaf());
    let mut contents = der::contents(&parts.signature).to_vec();
    contents[0] = 0x01;
    parts.signature = der::tlv(0x03, &contents);
    assert_eq!(
        parts.parse(),
        Err(Error::MalformedCertificate {
            reason: "signatureValue"
        })
    );
}

#[test]
fn rejects_trailing_bytes() {
    let leaf = leaf();
    let mut trailing = leaf.clone();
    trailing.push(0x00);
    assert_eq!(
        Certificate::from_der(&trailing),
        Err(Error::MalformedCertificate {
            reason: "Certificate (trailing bytes)"
        })
    );
    let mut second = leaf.clone();
    second.extend_from_slice(&leaf);
    assert!(Certificate::from_der(&second).is_err());

    // Inside the TBS certificate, after the extensions.
    let mut parts = Parts::of(&leaf);
    parts.tbs.push(der::integer(&[1]));
    assert_eq!(
        parts.parse(),
        Err(Error::MalformedCertificate {
            reason: "tbsCertificate"
        })
    );
    // Inside the outer SEQUENCE, after the signature.
    let mut parts = Parts::of(&leaf);
    parts.signature.extend(der::integer(&[1]));
    assert_eq!(
        parts.parse(),
        Err(Error::MalformedCertificate {
            reason: "Certificate"
        })
    );
}

#[test]
fn every_strict_prefix_of_a_real_certificate_fails() {
    let (root, intermediate, leaf, rsa_leaf) = openssl_chain();
    for der in [root, intermediate, leaf, rsa_leaf] {
        assert!(Certificate::from_der(&der).is_ok());
        for len in 0..der.len() {
            assert!(
                Certificate::from_der(&der[..len]).is_err(),
                "a prefix of {len} of {} bytes parsed",
                der.len()
            );
        }
    }
}

#[test]
fn rejects_non_minimal_and_indefinite_lengths() {
    let leaf = leaf();
    // The outer length as 0x83 00 01 f1 instead of 0x82 01 f1.
    let mut long = vec![0x30, 0x83, 0x00];
    long.extend_from_slice(&leaf[2..]);
    assert!(Certificate::from_der(&long).is_err());
    // Indefinite length (BER only) with an end-of-contents marker.
    let mut indefinite = vec![0x30, 0x80];
    indefinite.extend_from_slice(der::contents(&leaf));
    indefinite.extend([0x00, 0x00]);
    assert!(Certificate::from_der(&indefinite).is_err());
    // A short length written in long form.
    let mut parts = Parts::of(&leaf);
    let serial = parts.tbs[SERIAL].clone();
    parts.tbs[SERIAL] = [&[0x02, 0x81][..], &serial[1..]].concat();
    assert!(parts.parse().is_err());
}

// ---------------------------------------------------------------------------------------------
// Validity (RFC 5280 §4.1.2.5).
// ---------------------------------------------------------------------------------------------

fn with_validity(not_before: Vec<u8>, not_after: Vec<u8>) -> Result<Certificate<'static>, Error> {
    let der = Parts::of(&leaf())
        .with_field(VALIDITY, der::seq(&[not_before, not_after]))
        .build();
    Certificate::from_der(Box::leak(der.into_boxed_slice()))
}

fn utc(text: &str) -> Vec<u8> {
    der::tlv(0x17, text.as_bytes())
}

fn generalized(text: &str) -> Vec<u8> {
    der::tlv(0x18, text.as_bytes())
}

#[test]
fn rejects_utc_time_without_seconds() {
    assert_eq!(
        with_validity(utc("2611220636Z"), generalized("21001025063642Z")).unwrap_err(),
        Error::MalformedCertificate {
            reason: "Validity.notBefore"
        }
    );
}

#[test]
fn rejects_times_not_in_zulu() {
    for (not_before, not_after, field) in [
        (
            utc("261122063642+0100"),
            generalized("21001025063642Z"),
            "Validity.notBefore",
        ),
        (
            utc("261122063642"),
            generalized("21001025063642Z"),
            "Validity.notBefore",
        ),
        (
            utc("261122063642Z"),
            generalized("21001025063642-0500"),
            "Validity.notAfter",
        ),
        (
            utc("261122063642Z"),
            generalized("21001025063642"),
            "Validity.notAfter",
        ),
    ] {
        assert_eq!(
            with_validity(not_before, not_after).unwrap_err(),
            Error::MalformedCertificate { reason: field }
        );
    }
}

#[test]
fn rejects_generalized_time_with_fractional_seconds() {
    assert!(with_validity(utc("261122063642Z"), generalized("21001025063642.5Z")).is_err());
}

#[test]
fn rejects_validity_of_other_types_or_shapes() {
    assert!(with_validity(der::octet_string(b"261122063642Z"), utc("261122063642Z")).is_err());
    let one_time = Parts::of(&leaf())
        .with_field(VALIDITY, der::seq(&[utc("261122063642Z")]))
        .parse();
    assert!(one_time.is_err());
}

#[test]
fn reads_utc_time_years_on_both_sides_of_2050() {
    let validity = with_validity(utc("500101000000Z"), utc("491231235959Z"))
        .unwrap()
        .validity();
    // 1950-01-01 and 2049-12-31T23:59:59: the two ends of RFC 5280's window.
    assert_eq!(validity.not_before, -631_152_000);
    assert_eq!(validity.not_after, 2_524_607_999);
}
