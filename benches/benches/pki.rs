//! Path validation benchmarks: verify a 3-certificate chain (root → intermediate → leaf) as a TLS
//! client verifies a server, for an ECDSA P-256 chain and an RSA-2048 chain, with tls-pki and with
//! rustls-webpki on the same ring primitives, beside the raw crypto floor (the two signature
//! verifications alone, with ring).
//!
//! Allocations per verification are counted by the `pki_allocations` bench (dhat).
#![forbid(unsafe_code)]
#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented main"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rustls_pki_types::{CertificateDer, ServerName as WebpkiServerName, UnixTime as WebpkiTime};
use tls_benches::pki_chains::{Chain, KeyType, SERVER_NAME, VERIFY_AT, chain};
use tls_pki::cert::Certificate;
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors, UnixTime, VerifyOptions};

fn bench_verify(c: &mut Criterion) {
    for key_type in [KeyType::EcdsaP256, KeyType::Rsa2048] {
        let chain = chain(key_type).expect("the benchmark chain is made");
        let label = key_type.label();
        let mut group = c.benchmark_group(format!("verify_server/{label}/3-cert"));

        let mut anchors = TrustAnchors::new();
        anchors.add(TrustAnchor::from_der(&chain.root).expect("root parses"));
        let options = VerifyOptions::at(UnixTime::from_secs(VERIFY_AT));
        let name = ServerName::try_from(SERVER_NAME).expect("valid name");
        let intermediates = [chain.intermediate.as_slice()];
        anchors
            .verify_server(&chain.leaf, &intermediates, Some(&name), &options)
            .expect("tls-pki verifies the chain");
        group.bench_function("tls-pki", |b| {
            b.iter(|| {
                anchors
                    .verify_server(
                        black_box(&chain.leaf),
                        black_box(&intermediates),
                        Some(&name),
                        &options,
                    )
                    .is_ok()
            })
        });

        let webpki = WebpkiInputs::new(&chain);
        assert!(webpki.verify(), "rustls-webpki verifies the chain");
        group.bench_function("rustls-webpki", |b| b.iter(|| webpki.verify()));

        let floor = SignatureFloor::new(&chain, key_type);
        assert!(floor.verify(), "both signatures verify");
        group.bench_function("ring signatures only", |b| b.iter(|| floor.verify()));
        group.finish();
    }
}

/// rustls-webpki's inputs, prepared outside the timed loop as a rustls client would.
struct WebpkiInputs<'a> {
    anchors: Vec<rustls_pki_types::TrustAnchor<'a>>,
    leaf: CertificateDer<'a>,
    intermediates: Vec<CertificateDer<'a>>,
    name: WebpkiServerName<'static>,
}

impl<'a> WebpkiInputs<'a> {
    fn new(chain: &'a Chain) -> Self {
        let root = CertificateDer::from(chain.root.as_slice());
        let anchor = webpki::anchor_from_trusted_cert(&root)
            .expect("root is an anchor")
            .to_owned();
        Self {
            anchors: vec![anchor],
            leaf: CertificateDer::from(chain.leaf.as_slice()),
            intermediates: vec![CertificateDer::from(chain.intermediate.as_slice())],
            name: WebpkiServerName::try_from(SERVER_NAME).expect("valid name"),
        }
    }

    fn verify(&self) -> bool {
        let Ok(leaf) = webpki::EndEntityCert::try_from(black_box(&self.leaf)) else {
            return false;
        };
        let time =
            WebpkiTime::since_unix_epoch(std::time::Duration::from_secs(VERIFY_AT.unsigned_abs()));
        leaf.verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &self.anchors,
            black_box(&self.intermediates),
            time,
            webpki::KeyUsage::server_auth(),
            None,
            None,
        )
        .is_ok()
            && leaf.verify_is_valid_for_subject_name(&self.name).is_ok()
    }
}

/// The two signature verifications a 3-certificate chain needs, straight through ring, with the
/// keys, messages and signatures sliced out beforehand.
struct SignatureFloor<'a> {
    algorithm: &'static dyn ring::signature::VerificationAlgorithm,
    checks: Vec<(&'a [u8], &'a [u8], &'a [u8])>,
}

impl<'a> SignatureFloor<'a> {
    fn new(chain: &'a Chain, key_type: KeyType) -> Self {
        let algorithm: &'static dyn ring::signature::VerificationAlgorithm = match key_type {
            KeyType::EcdsaP256 => &ring::signature::ECDSA_P256_SHA256_ASN1,
            KeyType::Rsa2048 => &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        };
        let checks = [
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
        Self { algorithm, checks }
    }

    fn verify(&self) -> bool {
        self.checks.iter().all(|(key, message, signature)| {
            ring::signature::UnparsedPublicKey::new(self.algorithm, key)
                .verify(black_box(message), signature)
                .is_ok()
        })
    }
}

criterion_group!(benches, bench_verify);
criterion_main!(benches);
