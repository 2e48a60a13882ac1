//! The TLS 1.2 PRF (RFC 5246 §5) against the published vectors of
//! `testdata/tls12-prf-vectors.json`, and the master secret of the illustrated TLS 1.2
//! connection (`testdata/illustrated-tls12.json`: ECDHE, no extended master secret).
//!
//! Skipped: the SHA-224 vector, because ring has no SHA-224 and no TLS 1.2 suite uses it; the
//! SHA-512 vector, because no TLS 1.2 suite has a SHA-512 PRF (the suites' PRF hash is SHA-256
//! or SHA-384, RFC 5246 §5 and RFC 5289 §3.2), so [`HashAlgorithm`] has no SHA-512.

#![forbid(unsafe_code)]

mod common;

use common::{hex_field, str_field, testdata};
use tls_keyschedule::tls12::{MasterSecretSeed, PreMasterSecret, Randoms, prf};
use tls_keyschedule::{HashAlgorithm, Secret};

fn hash(name: &str) -> Option<HashAlgorithm> {
    match name {
        "SHA-256" => Some(HashAlgorithm::Sha256),
        "SHA-384" => Some(HashAlgorithm::Sha384),
        // See the module docs for why these are skipped.
        "SHA-224" | "SHA-512" => None,
        other => panic!("unknown PRF hash {other}"),
    }
}

fn check_vectors(which: HashAlgorithm) -> usize {
    let vectors = testdata("tls12-prf-vectors.json");
    let mut checked = 0;
    for (i, vector) in vectors["vectors"].as_array().unwrap().iter().enumerate() {
        if hash(str_field(vector, "hash")) != Some(which) {
            continue;
        }
        let label = str_field(vector, "label").as_bytes();
        assert_eq!(label, hex_field(vector, "label_hex"));
        let len = usize::try_from(vector["output_length"].as_u64().unwrap()).unwrap();
        let mut out = vec![0; len];
        prf(
            which,
            &Secret::new(&hex_field(vector, "secret")),
            label,
            &[&hex_field(vector, "seed")],
            &mut out,
        );
        assert_eq!(
            hex::encode(&out),
            str_field(vector, "output"),
            "tls12-prf-vectors.json vector {i} ({}, {})",
            str_field(vector, "hash"),
            str_field(vector, "source")
        );
        checked += 1;
    }
    checked
}

#[test]
fn prf_sha256_matches_all_five_vectors() {
    assert_eq!(check_vectors(HashAlgorithm::Sha256), 5);
}

#[test]
fn prf_sha384_matches_its_vector() {
    assert_eq!(check_vectors(HashAlgorithm::Sha384), 1);
}

#[test]
fn prf_is_a_prefix_of_longer_output() {
    let secret = Secret::new(b"secret");
    let mut long = [0; 200];
    let mut short = [0; 33];
    prf(HashAlgorithm::Sha256, &secret, b"l", &[b"seed"], &mut long);
    prf(HashAlgorithm::Sha256, &secret, b"l", &[b"seed"], &mut short);
    assert_eq!(long[..33], short);
}

#[test]
fn illustrated_tls12_master_secret_from_its_premaster() {
    let vectors = testdata("illustrated-tls12.json");
    let keys = &vectors["keys"];
    let secrets = &vectors["secrets"];
    let randoms = Randoms {
        client_random: hex_field(keys, "client_random").try_into().unwrap(),
        server_random: hex_field(keys, "server_random").try_into().unwrap(),
    };
    let master = PreMasterSecret::new(Secret::new(&hex_field(secrets, "pre_master_secret")))
        .into_master_secret(
            HashAlgorithm::Sha256,
            MasterSecretSeed::Legacy { randoms: &randoms },
        );
    assert_eq!(
        hex::encode(master.secret().as_bytes()),
        str_field(secrets, "master_secret"),
        "illustrated-tls12 secrets.master_secret"
    );
    // The suite is CBC (0xc013), which we do not implement: check the key block through the
    // PRF, the way derive_key_block computes it.
    let key_block = hex_field(secrets, "key_block");
    let mut ours = vec![0; key_block.len()];
    prf(
        HashAlgorithm::Sha256,
        master.secret(),
        b"key expansion",
        &[&randoms.server_random, &randoms.client_random],
        &mut ours,
    );
    assert_eq!(
        hex::encode(ours),
        hex::encode(key_block),
        "illustrated-tls12 secrets.key_block"
    );
}
