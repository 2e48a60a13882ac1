//! The comparison's workloads under criterion (`cargo xtask bench --criterion handshake`): a
//! full TLS 1.3 and TLS 1.2 handshake pair (ECDSA P-256 and RSA-2048), each resumption mode,
//! and 1 MiB one way through the buffered API, for ours, rustls and the crypto floor, with
//! criterion's statistics and reports. `cargo xtask bench` runs the same workloads interleaved
//! (`compare.rs`), which is where the ratios come from.
#![forbid(unsafe_code)]
#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented main"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tls_benches::compare::floor::{Floor, bulk_key};
use tls_benches::compare::ours::{self, Ours};
use tls_benches::compare::theirs::{self, Theirs};
use tls_benches::compare::{Bulk, Fixture, KeyKind, Resumption, Scenario, Version};

fn handshake_group(c: &mut Criterion, fixture: &Fixture, scenario: Scenario, name: &str) {
    let ours = Ours::new(fixture, scenario);
    let theirs = Theirs::new(fixture, scenario);
    let mut floor = Floor::sized_by(&ours, fixture, scenario);
    let mut group = c.benchmark_group(name);
    group.bench_function("ours", |b| b.iter(|| ours.handshake()));
    if let Some(theirs) = &theirs {
        group.bench_function("rustls", |b| b.iter(|| theirs.handshake()));
    }
    group.bench_function("floor", |b| b.iter(|| floor.handshake()));
    group.finish();
}

fn handshakes(c: &mut Criterion) {
    for key in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let fixture = Fixture::new(key).expect("chain");
        for version in [Version::Tls13, Version::Tls12] {
            let name = format!("full_handshake/{}/{}", version.label(), key.label());
            handshake_group(c, &fixture, Scenario::full(version, key), &name);
        }
    }
    let fixture = Fixture::new(KeyKind::EcdsaP256).expect("chain");
    for resumption in Resumption::RESUMED {
        let name = format!("resumption/{}", resumption.label());
        handshake_group(c, &fixture, Scenario::resumed(resumption), &name);
    }
}

fn bulk(c: &mut Criterion) {
    const LEN: usize = 1024 * 1024;
    let fixture = Fixture::new(KeyKind::EcdsaP256).expect("chain");
    let data = vec![0x5a; LEN];
    for suite in Bulk::ALL {
        let scenario = Scenario::bulk(suite);
        let mut group = c.benchmark_group(format!("bulk_1MiB/{}", suite.label()));
        group.throughput(Throughput::Bytes(LEN as u64));
        let ours = Ours::new(&fixture, scenario);
        let (mut client, mut server, _) = ours.handshake();
        let mut out = vec![0; 64 * 1024];
        group.bench_function("ours in place", |b| {
            b.iter(|| ours::bulk_in_place(&mut client, &mut server, LEN));
        });
        group.bench_function("ours buffered", |b| {
            b.iter(|| ours::bulk_buffered(&mut client, &mut server, &data, &mut out));
        });
        let theirs = Theirs::new(&fixture, scenario).expect("rustls");
        let (mut rustls_client, mut rustls_server, _) = theirs.handshake();
        let mut wire = Vec::new();
        group.bench_function("rustls buffered", |b| {
            b.iter(|| {
                theirs::bulk_buffered(
                    &mut rustls_client,
                    &mut rustls_server,
                    &data,
                    &mut out,
                    &mut wire,
                )
            });
        });
        let mut floor = Floor::new(&fixture, scenario, Default::default(), None);
        let key = bulk_key(suite);
        let mut buffer = Vec::new();
        group.bench_function("floor (seal + open)", |b| {
            b.iter(|| floor.bulk(&key, &mut buffer, LEN));
        });
        group.finish();
    }
}

criterion_group!(benches, handshakes, bulk);
criterion_main!(benches);
