//! What a ClientHello costs our server, per list shape: decoding it and handling it up to the
//! certificate request (checks, choices, X25519 key generation and agreement), for Chrome's
//! 512-byte hello and for a worst-case hello of each shape (`tls_wire::testing::hostile`: one
//! list filled to 64 KiB). Checks that grow with the square of a list would make a shape cost
//! hundreds of times the browser's; the target is at most 3×. A `retry_*` row is the pair of
//! hellos around a HelloRetryRequest: an attacker pays for two.
//!
//! Run: `cargo bench -p tls-benches --bench client_hello -- --quick`. After the criterion
//! groups, the bench prints each shape's cost relative to the browser's hello, measured head to
//! head (interleaved rounds, the median ratio), since criterion's separate timings drift on a
//! shared machine. A retried pair is weighed against a browser-sized pair around a
//! HelloRetryRequest (`retry_browser`, `tls_wire::testing::hostile::baseline`): both pay for a
//! retry, and a 64 KiB hello is hashed twice where one is hashed once.
#![forbid(unsafe_code)]
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use std::hint::black_box;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use tls_benches::codec_messages::chrome_client_hello;
use tls_handshake::action::Actions;
use tls_handshake::config::{CertifiedKey, ServerConfig};
use tls_handshake::input::Input;
use tls_handshake::server::ServerHandshake;
use tls_tests::{ChainBuilder, KeyType};
use tls_wire::handshake::HandshakeMessage;
use tls_wire::testing::hostile::{Shape, baseline, baseline_retried, client_hello, retried};

fn config() -> Arc<ServerConfig> {
    static CONFIG: OnceLock<Arc<ServerConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let chain = ChainBuilder::new(KeyType::EcdsaP256)
                .dns_name("name.example")
                .build()
                .expect("chain");
            let certified = CertifiedKey::from_pem(
                chain.chain_pem().as_bytes(),
                chain.leaf_key.pkcs8_pem.as_bytes(),
            )
            .expect("key");
            Arc::new(
                ServerConfig::builder(Arc::new(certified))
                    .alpn_protocols(&["http/1.1"])
                    .build()
                    .expect("config"),
            )
        })
        .clone()
}

/// A new server's first step on `hellos` (one, or two around a HelloRetryRequest): decode,
/// check, choose, and (once a share is there) generate our share and agree.
fn serve(hellos: &[Vec<u8>]) {
    let mut server = ServerHandshake::new(config());
    let mut out = Actions::new();
    for hello in hellos {
        let message =
            HandshakeMessage::decode(hello, server.negotiated_version()).expect("decodes");
        server = server
            .handle(Input::Message(message), &mut out)
            .expect("the server takes the hello");
    }
    assert_eq!(server.expects(), "the answer to SelectCertificate");
    black_box(out);
}

/// The workloads: the browser's hello, each shape's, and each shape's retried pair.
fn workloads() -> Vec<(String, Vec<Vec<u8>>)> {
    let mut all = vec![
        ("browser".to_owned(), vec![chrome_client_hello()]),
        (
            "retry_browser".to_owned(),
            vec![baseline(), baseline_retried()],
        ),
    ];
    for shape in Shape::ALL {
        all.push((shape.name().to_owned(), vec![client_hello(shape, true)]));
    }
    for shape in Shape::ALL {
        all.push((
            format!("retry_{}", shape.name()),
            vec![client_hello(shape, false), retried(shape)],
        ));
    }
    // Once, before any timing: every workload reaches the certificate request.
    for (_, hellos) in &all {
        serve(hellos);
    }
    all
}

fn client_hellos(c: &mut Criterion) {
    let mut group = c.benchmark_group("server_client_hello");
    for (name, hellos) in workloads() {
        group.bench_function(&name, |b| b.iter(|| serve(black_box(&hellos))));
    }
    group.finish();
}

/// Rounds of the head-to-head measurement.
const ROUNDS: usize = 31;

/// Hellos per batch in one round.
const BATCH: usize = 20;

fn timed(hellos: &[Vec<u8>]) -> Duration {
    let start = Instant::now();
    for _ in 0..BATCH {
        serve(hellos);
    }
    start.elapsed()
}

/// The median over [`ROUNDS`] of `shape time / browser time`, interleaved, alternating which
/// goes first.
fn head_to_head(shape: &[Vec<u8>], browser: &[Vec<u8>]) -> f64 {
    let mut ratios: Vec<f64> = (0..ROUNDS)
        .map(|round| {
            let (shape_time, browser_time) = if round % 2 == 0 {
                let s = timed(shape);
                (s, timed(browser))
            } else {
                let b = timed(browser);
                (timed(shape), b)
            };
            shape_time.as_secs_f64() / browser_time.as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ROUNDS / 2]
}

fn print_ratios() {
    let all = workloads();
    let browser = &all[0].1;
    let browser_pair = &all[1].1;
    println!("\nserver ClientHello cost / a browser's (median of {ROUNDS} interleaved rounds):");
    println!("{:<28} {:>8} {:>9}  against", "workload", "bytes", "ratio");
    for (name, hellos) in &all {
        let bytes: usize = hellos.iter().map(Vec::len).sum();
        // A pair is weighed against the browser-sized pair (itself, against the browser).
        let (baseline, against) = if hellos.len() == 2 && name != "retry_browser" {
            (browser_pair, "retry_browser")
        } else {
            (browser, "browser")
        };
        println!(
            "{name:<28} {bytes:>8} {:>9.2}  {against}",
            head_to_head(hellos, baseline)
        );
    }
}

criterion_group!(benches, client_hellos);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo bench` passes --bench; `cargo test --benches` runs each function once as a
    // smoke test and needs no ratios.
    if std::env::args().any(|arg| arg == "--bench") {
        print_ratios();
    }
}
