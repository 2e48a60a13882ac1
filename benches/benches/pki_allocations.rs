//! Heap allocations per path validation, counted with dhat: the 3-certificate ECDSA and RSA
//! chains of the `pki` bench, verified by tls-pki and by rustls-webpki, beside ring's two
//! signature verifications alone (what ring itself allocates: RSA public keys are parsed into
//! heap limbs).
//!
//! Not a criterion bench (a counting global allocator would distort timings): it verifies each
//! chain a fixed number of times and prints allocations and bytes per verification.
//! `cargo bench -p tls-benches --bench pki_allocations`.
#![forbid(unsafe_code)]

use rustls_pki_types::{CertificateDer, ServerName as WebpkiServerName, UnixTime as WebpkiTime};
use tls_benches::pki_chains::{KeyType, SERVER_NAME, VERIFY_AT, chain};
use tls_pki::cert::Certificate;
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors, UnixTime, VerifyOptions};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

const ROUNDS: u64 = 100;

fn main() {
    let _profiler = dhat::Profiler::builder().testing().build();
    println!("allocations per verification of a 3-certificate chain ({ROUNDS} rounds each):");
    for key_type in [KeyType::EcdsaP256, KeyType::Rsa2048] {
        let chain = chain(key_type).expect("the benchmark chain is made");

        let mut anchors = TrustAnchors::new();
        anchors.add(TrustAnchor::from_der(&chain.root).expect("root parses"));
        let options = VerifyOptions::at(UnixTime::from_secs(VERIFY_AT));
        let name = ServerName::try_from(SERVER_NAME).expect("valid name");
        let intermediates = [chain.intermediate.as_slice()];
        let ours = count(|| {
            anchors
                .verify_server(&chain.leaf, &intermediates, Some(&name), &options)
                .is_ok()
        });

        let root = CertificateDer::from(chain.root.as_slice());
        let webpki_anchors = [webpki::anchor_from_trusted_cert(&root).expect("anchor")];
        let leaf = CertificateDer::from(chain.leaf.as_slice());
        let webpki_intermediates = [CertificateDer::from(chain.intermediate.as_slice())];
        let webpki_name = WebpkiServerName::try_from(SERVER_NAME).expect("valid name");
        let time =
            WebpkiTime::since_unix_epoch(std::time::Duration::from_secs(VERIFY_AT.unsigned_abs()));
        let theirs = count(|| {
            let Ok(leaf) = webpki::EndEntityCert::try_from(&leaf) else {
                return false;
            };
            leaf.verify_for_usage(
                webpki::ALL_VERIFICATION_ALGS,
                &webpki_anchors,
                &webpki_intermediates,
                time,
                webpki::KeyUsage::server_auth(),
                None,
                None,
            )
            .is_ok()
                && leaf.verify_is_valid_for_subject_name(&webpki_name).is_ok()
        });

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
        let floor = count(|| {
            checks.iter().all(|(key, message, signature)| {
                ring::signature::UnparsedPublicKey::new(algorithm, key)
                    .verify(message, signature)
                    .is_ok()
            })
        });

        let label = key_type.label();
        println!("  {label:<11} tls-pki              {ours}");
        println!("  {label:<11} rustls-webpki        {theirs}");
        println!("  {label:<11} ring signatures only {floor}");
    }
}

/// Allocations and bytes per call of `verify`, which must succeed every time.
struct PerCall {
    blocks: u64,
    bytes: u64,
}

impl std::fmt::Display for PerCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:>3} allocations, {:>6} bytes", self.blocks, self.bytes)
    }
}

fn count(mut verify: impl FnMut() -> bool) -> PerCall {
    assert!(verify(), "the chain verifies");
    let before = dhat::HeapStats::get();
    for _ in 0..ROUNDS {
        assert!(verify(), "the chain verifies");
    }
    let after = dhat::HeapStats::get();
    PerCall {
        blocks: (after.total_blocks - before.total_blocks) / ROUNDS,
        bytes: (after.total_bytes - before.total_bytes) / ROUNDS,
    }
}
