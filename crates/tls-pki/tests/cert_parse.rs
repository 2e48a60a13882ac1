//! `Certificate::from_der` on real certificates: rcgen's (ECDSA P-256 and Ed25519, every field
//! we read set to a known value), the OpenSSL-made chain of `testdata/openssl-captures.json`,
//! the RSA server certificate of `testdata/illustrated-tls13.json`, and every root of the
//! machine's `/etc/ssl/certs/ca-certificates.crt`. Malformed certificates are in
//! `cert_reject.rs`.

mod common;

use std::net::{IpAddr, Ipv4Addr};

use common::{CLIENT_AUTH, SERVER_AUTH, openssl_chain};
use tls_pki::Error;
use tls_pki::cert::{BasicConstraints, Certificate, GeneralName, KeyUsage, Version};

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
