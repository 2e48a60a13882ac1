//! `tls verify` end to end: the binary, run on chains made with rcgen (valid until 9999) and
//! written to a temporary directory. Each run has a deadline and is killed on drop.

mod common;

use std::path::Path;

use common::Tls;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};

/// 2030-01-01T00:00:00Z.
const AT: &str = "1893456000";

/// Runs `tls` with `args` to its end; returns (success, stdout, stderr).
fn tls(args: &[&str]) -> (bool, String, String) {
    let mut child = Tls::start(args);
    let status = child.wait_exit();
    (status.success(), child.stdout(), child.stderr())
}

/// Writes root.pem (named `root_name`) and chain.pem (leaf for `name`, then one intermediate)
/// into `dir`.
fn write_chain(dir: &Path, name: &str, root_name: &str) {
    let ca = |cn: &str| {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, cn);
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(9999, 12, 31);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
        params
    };
    let root_key = KeyPair::generate().unwrap();
    let root = ca(root_name).self_signed(&root_key).unwrap();
    let intermediate_key = KeyPair::generate().unwrap();
    let mut intermediate_params = ca("Test Intermediate");
    intermediate_params.use_authority_key_identifier_extension = true;
    let intermediate = intermediate_params
        .signed_by(&intermediate_key, &root, &root_key)
        .unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let mut leaf_params = CertificateParams::new(vec![name.to_owned()]).unwrap();
    leaf_params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    leaf_params.not_after = rcgen::date_time_ymd(9999, 12, 31);
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf_params.use_authority_key_identifier_extension = true;
    let leaf = leaf_params
        .signed_by(&leaf_key, &intermediate, &intermediate_key)
        .unwrap();
    std::fs::write(dir.join("root.pem"), root.pem()).unwrap();
    std::fs::write(
        dir.join("chain.pem"),
        format!("{}{}", leaf.pem(), intermediate.pem()),
    )
    .unwrap();
}

#[test]
fn verify_prints_the_path_it_found() {
    let dir = tempfile::tempdir().unwrap();
    write_chain(dir.path(), "svc.example", "Test Root");
    let (ok, stdout, stderr) = tls(&[
        "verify",
        dir.path().join("chain.pem").to_str().unwrap(),
        "--ca",
        dir.path().join("root.pem").to_str().unwrap(),
        "--name",
        "svc.example",
        "--at",
        AT,
    ]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains("verified: a path of 3 certificates"),
        "{stdout}"
    );
    assert!(
        stdout.contains("intermediate  CN=Test Intermediate"),
        "{stdout}"
    );
    assert!(stdout.contains("trust anchor  CN=Test Root"), "{stdout}");
    assert!(stdout.contains("valid for svc.example"), "{stdout}");
}

#[test]
fn verify_names_the_certificate_it_refused_and_why() {
    let dir = tempfile::tempdir().unwrap();
    write_chain(dir.path(), "svc.example", "Test Root");
    let chain = dir.path().join("chain.pem");
    let root = dir.path().join("root.pem");

    let (ok, _, stderr) = tls(&[
        "verify",
        chain.to_str().unwrap(),
        "--ca",
        root.to_str().unwrap(),
        "--name",
        "other.example",
        "--at",
        AT,
    ]);
    assert!(!ok);
    assert!(stderr.contains("end-entity"), "{stderr}");
    assert!(stderr.contains("alert bad_certificate"), "{stderr}");

    let (ok, _, stderr) = tls(&[
        "verify",
        chain.to_str().unwrap(),
        "--ca",
        root.to_str().unwrap(),
        "--at",
        "1500000000",
    ]);
    assert!(!ok);
    assert!(stderr.contains("2017-07-14T02:40:00Z"), "{stderr}");
    assert!(stderr.contains("alert certificate_expired"), "{stderr}");

    // Another root, named differently: no path. (One of the same name but another key gives
    // bad_certificate: the intermediate's signature does not verify under it.)
    let other = tempfile::tempdir().unwrap();
    write_chain(other.path(), "svc.example", "Other Root");
    let (ok, _, stderr) = tls(&[
        "verify",
        chain.to_str().unwrap(),
        "--ca",
        other.path().join("root.pem").to_str().unwrap(),
        "--at",
        AT,
    ]);
    assert!(!ok);
    assert!(stderr.contains("alert unknown_ca"), "{stderr}");
}
