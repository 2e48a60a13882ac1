//! The `pki` benchmark's verifications in a plain loop, for an instruction-level profiler:
//! `valgrind --tool=callgrind --toggle-collect='pki_profile::*' target/release/examples/pki_profile`
//! then `callgrind_annotate --inclusive=yes`. Each verifier runs in its own function
//! (`ours`, `webpki`, `signatures_only`), `ROUNDS` times per chain, so their inclusive costs
//! divided by `ROUNDS` compare directly, and ours minus `signatures_only` is what a verification
//! costs beyond its two signatures.
//!
//! `cargo build --release -p tls-benches --example pki_profile`; an argument `ecdsa-p256` or
//! `rsa-2048` runs that chain alone.
#![forbid(unsafe_code)]

use std::hint::black_box;

use rustls_pki_types::{CertificateDer, ServerName as WebpkiServerName, UnixTime as WebpkiTime};
use tls_benches::pki_chains::{KeyType, SERVER_NAME, VERIFY_AT, chain};
use tls_pki::cert::Certificate;
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors, UnixTime, VerifyOptions};

/// Verifications per verifier and chain.
const ROUNDS: usize = 1000;

fn main() {
    let only = std::env::args().nth(1);
    for key_type in [KeyType::EcdsaP256, KeyType::Rsa2048] {
        if only
            .as_deref()
            .is_some_and(|label| label != key_type.label())
        {
            continue;
        }
        let chain = chain(key_type).expect("the benchmark chain is made");
        let mut anchors = TrustAnchors::new();
        anchors.add(TrustAnchor::from_der(&chain.root).expect("root parses"));
        let options = VerifyOptions::at(UnixTime::from_secs(VERIFY_AT));
        let name = ServerName::try_from(SERVER_NAME).expect("valid name");
        let intermediates = [chain.intermediate.as_slice()];
        ours(&anchors, &chain.leaf, &intermediates, &name, &options);

        let root = CertificateDer::from(chain.root.as_slice());
        let webpki_anchors = [webpki::anchor_from_trusted_cert(&root).expect("anchor")];
        let leaf = CertificateDer::from(chain.leaf.as_slice());
        let webpki_intermediates = [CertificateDer::from(chain.intermediate.as_slice())];
        let webpki_name = WebpkiServerName::try_from(SERVER_NAME).expect("valid name");
        webpki(&webpki_anchors, &leaf, &webpki_intermediates, &webpki_name);

        let algorithm: &'static dyn ring::signature::VerificationAlgorithm = match key_type {
            KeyType::EcdsaP256 => &ring::signature::ECDSA_P256_SHA256_ASN1,
            KeyType::Rsa2048 => &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        };
        let checks: Vec<(&[u8], &[u8], &[u8])> = [
            (chain.leaf.as_slice(), chain.intermediate.as_slice()),
            (chain.intermediate.as_slice(), chain.root.as_slice()),
        ]
        .into_iter()
        .map(|(child, issuer)| {
            let child = Certificate::from_der(child).expect("child parses");
            let issuer = Certificate::from_der(issuer).expect("issuer parses");
            (
                issuer.subject_public_key_info().subject_public_key,
                child.tbs_bytes(),
                child.signature(),
            )
        })
        .collect();
        signatures_only(algorithm, &checks);
        println!("{}: {ROUNDS} verifications each", key_type.label());
    }
}

#[inline(never)]
fn ours(
    anchors: &TrustAnchors,
    leaf: &[u8],
    intermediates: &[&[u8]],
    name: &ServerName,
    options: &VerifyOptions,
) {
    for _ in 0..ROUNDS {
        let verified = anchors.verify_server(
            black_box(leaf),
            black_box(intermediates),
            Some(name),
            options,
        );
        assert!(verified.is_ok(), "tls-pki verifies the chain");
    }
}

#[inline(never)]
fn webpki(
    anchors: &[rustls_pki_types::TrustAnchor<'_>],
    leaf: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
    name: &WebpkiServerName<'_>,
) {
    let time =
        WebpkiTime::since_unix_epoch(std::time::Duration::from_secs(VERIFY_AT.unsigned_abs()));
    for _ in 0..ROUNDS {
        let leaf = webpki::EndEntityCert::try_from(black_box(leaf)).expect("leaf parses");
        let verified = leaf
            .verify_for_usage(
                webpki::ALL_VERIFICATION_ALGS,
                anchors,
                black_box(intermediates),
                time,
                webpki::KeyUsage::server_auth(),
                None,
                None,
            )
            .is_ok()
            && leaf.verify_is_valid_for_subject_name(name).is_ok();
        assert!(verified, "rustls-webpki verifies the chain");
    }
}

#[inline(never)]
fn signatures_only(
    algorithm: &'static dyn ring::signature::VerificationAlgorithm,
    checks: &[(&[u8], &[u8], &[u8])],
) {
    for _ in 0..ROUNDS {
        let verified = checks.iter().all(|(key, message, signature)| {
            ring::signature::UnparsedPublicKey::new(algorithm, key)
                .verify(black_box(message), signature)
                .is_ok()
        });
        assert!(verified, "both signatures verify");
    }
}
