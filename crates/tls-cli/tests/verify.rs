//! `tls verify` end to end: the binary, run on tls-tests' chains (valid until 9999) written to a
//! temporary directory. Each run has a deadline and is killed on drop.

mod common;

use std::path::Path;

use common::{deadline, start};
use tls_tests::{ChainBuilder, ChainFiles, KeyType};

/// 2030-01-01T00:00:00Z.
const AT: &str = "1893456000";

/// Runs `tls` with `args` to its end; returns (success, stdout, stderr).
fn tls(args: &[&str]) -> (bool, String, String) {
    let mut child = start(args);
    child.close_stdin();
    let status = child.wait_exit(deadline()).unwrap();
    (status.success(), child.stdout(), child.stderr())
}

/// Writes root.pem (named `root_name`) and chain.pem (leaf for `name`, then one intermediate)
/// into `dir`.
fn write_chain(dir: &Path, name: &str, root_name: &str) -> ChainFiles {
    ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name(name)
        .root_name(root_name)
        .intermediate("Test Intermediate")
        .build()
        .unwrap()
        .write_to(dir)
        .unwrap()
}

#[test]
fn verify_prints_the_path_it_found() {
    let dir = tempfile::tempdir().unwrap();
    let pki = write_chain(dir.path(), "svc.example", "Test Root");
    let (ok, stdout, stderr) = tls(&[
        "verify",
        pki.chain.to_str().unwrap(),
        "--ca",
        pki.root.to_str().unwrap(),
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
    let pki = write_chain(dir.path(), "svc.example", "Test Root");
    let (chain, root) = (pki.chain, pki.root);

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
    let other_pki = write_chain(other.path(), "svc.example", "Other Root");
    let (ok, _, stderr) = tls(&[
        "verify",
        chain.to_str().unwrap(),
        "--ca",
        other_pki.root.to_str().unwrap(),
        "--at",
        AT,
    ]);
    assert!(!ok);
    assert!(stderr.contains("alert unknown_ca"), "{stderr}");
}
